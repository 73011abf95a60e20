"""Tab completion of 工号 and org codes from the ledger (SPEC section 9).

A completion runs on every Tab, so it only reads, the quick way: a SQLite ledger of this zzy's
schema through :mod:`sqlite3`, a server through one read transaction that first checks the
schema.  It never creates a ledger, never upgrades one, and says nothing when anything goes
wrong (no ledger yet, locked, unreadable): the shell then simply offers no candidates.
"""

from __future__ import annotations

import os
from typing import Any

#: How many candidates a shell is offered at most (a province's ledger holds 100 000 people).
LIMIT = 200

#: How long a Tab waits for a ledger another command holds: then it offers nothing.
COMPLETION_PATIENCE_SECONDS = 1.0

_STAFF = "SELECT staff_no, name FROM person WHERE staff_no LIKE ? ESCAPE '\\' ORDER BY staff_no LIMIT ?"
_ORGS = "SELECT code, name FROM org WHERE code LIKE ? ESCAPE '\\' ORDER BY code LIMIT ?"


def staff_numbers(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """工号 beginning with what was typed, each with the person's name as its help."""
    return _candidates(ctx, _STAFF, incomplete)


def org_codes(ctx: Any, incomplete: str) -> list[tuple[str, str]]:
    """党组织代码 beginning with what was typed, each with the org's name as its help."""
    return _candidates(ctx, _ORGS, incomplete)


def _candidates(ctx: Any, sql: str, incomplete: str) -> list[tuple[str, str]]:
    prefix = (incomplete or "").replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    try:
        rows = _read(_db_option(ctx), sql, f"{prefix}%", LIMIT)
    except Exception:  # completion must never print a traceback into the clerk's prompt
        if os.environ.get("ZZY_DEBUG") == "1":
            raise
        return []
    return [(str(key), str(name)) for key, name in rows if str(key).startswith(incomplete or "")]


def _db_option(ctx: Any) -> str | None:
    """``--db`` as typed before the command (the root callback has not run during completion)."""
    root = ctx.find_root() if ctx is not None else None
    return root.params.get("db") if root is not None else None


def _read(db: str | None, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    from zzy import reader  # start-up
    from zzy.location import APP_MARK, SCHEMA_VERSION, Patience, is_server, resolve_location, sqlite_path  # start-up

    location = resolve_location(db)
    patience = Patience(COMPLETION_PATIENCE_SECONDS)
    if not is_server(location):
        connection = reader.open_file(sqlite_path(location), patience)  # None unless a ledger of this schema
        if connection is None:
            return []
        with reader.reading_file(connection, sqlite_path(location), patience) as fast:
            return fast.rows(sql, *params)
    from zzy.db import Ledger  # start-up

    ledger = Ledger(location, patience)  # connects; unlike Ledger.open, never upgrades
    try:
        with ledger.reader() as slow:
            marks = dict(slow.rows("SELECT key, value FROM zzy_meta"))
            if marks.get("app") != APP_MARK or marks.get("schema_version") != str(SCHEMA_VERSION):
                return []
            return slow.rows(sql, *params)
    finally:
        ledger.dispose()
