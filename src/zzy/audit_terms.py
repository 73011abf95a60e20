"""The audit log's terms, below :mod:`zzy.audit`, :mod:`zzy.audit_file` and :mod:`zzy.server_audit`,
which all read them: the fields an entry's hash covers and the tags of its canonical text (computed by zzy
on SQLite and by the server's trigger on PostgreSQL), the SQLite triggers that guard the log, and what a
check of the log finds wrong (:class:`Problem`).
"""

from __future__ import annotations

from typing import NamedTuple

#: The fields an entry's hash covers, in the order of the canonical text.
CHAINED = ("id", "at", "user", "command", "action", "entity", "key", "before", "after", "prev_hash")

#: The first line of the canonical text: the version of this serialisation.
CANONICAL_TAG = "zzy-audit-1"

#: The fields that group entries into writes (schema 5), chained when present.
WRITE_FIELDS = ("write_no", "undoes")

#: The fields an entry with a write number is hashed over, under :data:`CANONICAL_TAG_2`.
CHAINED_2 = (*CHAINED[:-1], *WRITE_FIELDS, "prev_hash")

#: The first line of the canonical text of an entry with a write number.
CANONICAL_TAG_2 = "zzy-audit-2"



#: SQLite: the triggers that keep the log append-only and the chain in order (with 0001's
#: ``audit_no_update`` and ``audit_no_delete``).  ``REPLACE INTO audit`` would delete the old
#: entry without firing the DELETE trigger; it is refused because its insert does not continue
#: the head.
SQLITE_CHAIN = {
    "audit_in_order": (
        "CREATE TRIGGER audit_in_order BEFORE INSERT ON audit BEGIN "
        "SELECT RAISE(ABORT, 'audit entries are appended in order, each linked to the one before') "
        "WHERE NEW.id IS NULL OR NEW.id <= (SELECT last_id FROM audit_head) "
        "OR NEW.prev_hash IS NOT (SELECT hash FROM audit_head); END"),
    "audit_head_follows": (
        "CREATE TRIGGER audit_head_follows AFTER INSERT ON audit BEGIN "
        "UPDATE audit_head SET last_id = NEW.id, hash = NEW.hash; END"),
    "audit_head_no_insert": (
        "CREATE TRIGGER audit_head_no_insert BEFORE INSERT ON audit_head BEGIN "
        "SELECT RAISE(ABORT, 'the audit chain has one head'); END"),
    "audit_head_no_delete": (
        "CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head BEGIN "
        "SELECT RAISE(ABORT, 'the audit chain has one head'); END"),
    "audit_head_is_last": (
        "CREATE TRIGGER audit_head_is_last BEFORE UPDATE ON audit_head "
        "WHEN NEW.last_id IS NOT (SELECT max(id) FROM audit) "
        "OR NEW.hash IS NOT (SELECT hash FROM audit WHERE id = NEW.last_id) BEGIN "
        "SELECT RAISE(ABORT, 'the audit chain head moves only with the audit log'); END"),
}

#: SQLite triggers of 0001, still in force.
SQLITE_APPEND_ONLY = {
    "audit_no_update": "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN "
                       "SELECT RAISE(ABORT, 'audit log is append-only'); END",
    "audit_no_delete": "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN "
                       "SELECT RAISE(ABORT, 'audit log is append-only'); END",
}


class Problem(NamedTuple):
    """Something wrong with the audit log: ``check`` is ``audit_table``, ``audit_triggers`` or ``audit_chain``."""

    check: str
    message: str
