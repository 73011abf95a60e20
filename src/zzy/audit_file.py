"""The surroundings of the audit log in a SQLite ledger: every trigger, view and index that
touches the audit tables, exactly those this zzy made.

The chain (:mod:`zzy.audit`) shows an entry changed, removed or put out of order; the triggers
keep the log append-only.  But the file's owner can add to the schema as well as take away: a
``BEFORE INSERT ON audit … SELECT RAISE(IGNORE)`` trigger leaves every protecting trigger in
place and silently drops each new entry, so that writes go unaudited while the chain stays
whole.  So ``doctor`` compares the *whole set* of schema objects on or about the audit tables
with what the migrations made: a missing or changed one, and any extra one, is named.

"On or about" the audit tables is: every trigger, index or view whose table is ``audit`` or
``audit_head``, and every trigger or view whose SQL names either of them (a trigger on another
table that writes to the log, a view that shows a doctored log under another name).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from zzy.audit_terms import SQLITE_APPEND_ONLY, SQLITE_CHAIN, Problem

if TYPE_CHECKING:
    from zzy.reader import Reader

#: The audit tables.
TABLES = ("audit", "audit_head")

#: The indexes the migrations make on the audit table (0005), with their SQL.
INDEXES = {
    "ix_audit_write_no": "CREATE INDEX ix_audit_write_no ON audit (write_no)",
    "ix_audit_undoes": "CREATE INDEX ix_audit_undoes ON audit (undoes)",
}

#: Every schema object on or about the audit tables, by kind: name → SQL.
EXPECTED: dict[str, dict[str, str]] = {
    "trigger": {**SQLITE_APPEND_ONLY, **SQLITE_CHAIN},
    "index": INDEXES,
    "view": {},
}

_KIND_NAMES = {"trigger": "触发器", "index": "索引", "view": "视图"}

#: The SQL names one of the audit tables (as a whole word, quoted or not).
_NAMES_AUDIT = re.compile(r"""(?<![\w$])["'`\[]?audit(_head)?["'`\]]?(?![\w$])""", re.IGNORECASE)


def surroundings(reader: Reader) -> dict[str, dict[str, str]]:
    """The triggers, indexes and views on or about the audit tables, as the file has them."""
    found: dict[str, dict[str, str]] = {kind: {} for kind in EXPECTED}
    for kind, name, table, sql in reader.rows(
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('trigger', 'index', 'view')"):
        if name.startswith("sqlite_autoindex_"):
            continue  # made by SQLite from the table's own definition, which doctor checks apart
        if table.lower() in TABLES or (kind != "index" and _NAMES_AUDIT.search(sql or "")):
            found[kind][name] = sql or ""
    return found


def problems(reader: Reader) -> list[Problem]:
    """Each trigger, index or view of the audit tables that is missing, changed, or there but not
    made by zzy, by name."""
    found = surroundings(reader)
    said = []
    for kind, expected in EXPECTED.items():
        what = _KIND_NAMES[kind]
        for name, sql in expected.items():
            if name not in found[kind]:
                said.append(f"保护审计日志的{what} {name} 不存在(可能被 DROP {kind.upper()} 删除)。")
            elif found[kind][name] != sql:
                said.append(f"保护审计日志的{what} {name} 被改动过。")
        for name in sorted(set(found[kind]) - set(expected)):
            said.append(f"审计日志上多出了不是 zzy 建立的{what} {name}: 它可能让写入不留审计记录,"
                        f"或改变日志的内容。请查明来历后删除(DROP {kind.upper()} {name})。")
    return [Problem("audit_triggers", message) for message in said]
