"""A consistent copy of a SQLite ledger (``zzy backup``, and the copy an upgrade sets aside before it
migrates): below :mod:`zzy.db`, which opens ledgers, and :mod:`zzy.archive`, which exports and restores them.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from zzy import audit, witness
from zzy.errors import Refused
from zzy.files import check_target, write_bytes


def _head_of(copy: sqlite3.Connection) -> tuple[tuple[Any, ...] | None, dict[str, str]]:
    """A copy's chain head and marks (none in a ledger older than the chain: an upgrade's copy)."""
    try:
        return (copy.execute("SELECT last_id, hash FROM audit_head").fetchone(),
                dict(copy.execute("SELECT key, value FROM zzy_meta").fetchall()))
    except sqlite3.Error:
        return None, {}


def backup(source: Path, target: Path, *, force: bool = False, protected: tuple[Path, ...] = ()) -> audit.Head:
    """A consistent copy through SQLite's online backup API, even while others write; the head
    of the copy's audit chain.

    The copy is taken into memory and written out atomically (mode 0600), so a full disk or a
    kill never leaves half a backup, nor harms an earlier one.  The copy's head is witnessed
    under the backup's own path (:mod:`zzy.witness`), so that ``doctor`` on the backup later
    finds a backup shortened or rewritten since.
    """
    check_target(target, force=force, protected=protected)
    try:
        live, copy = sqlite3.connect(source), sqlite3.connect(":memory:")
        try:
            live.backup(copy)
            row, marks = _head_of(copy)
            data = copy.serialize()
        finally:
            copy.close()
            live.close()
    except sqlite3.Error as error:
        raise Refused(f"备份失败: SQLite 报告 {error}。") from None
    write_bytes(target, data, force=force, protected=protected)
    head = audit.Head(row[0], row[1]) if row else audit.Head(0, audit.GENESIS)
    if head.id:
        witness.append(witness.Line(witness.ledger_name(str(target)), str(marks.get(witness.LEDGER_ID, "")),
                                    head.id, head.hash))
    return head
