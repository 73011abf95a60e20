"""审计日志: every write appends who, when, which command, and the record before and after.

The log is a hash chain, so that a changed, removed or reordered entry shows.  Each entry
carries ``prev_hash`` (the ``hash`` of the entry before it; ``""`` for the first) and ``hash``:
the SHA-256, in lowercase hex, of its :func:`canonical` text.  That text is, in UTF-8:

    zzy-audit-1
    <id>
    <at>
    <user>
    <command>
    <action>
    <entity>
    <key>
    <before>
    <after>
    <prev_hash>

one line per field, each written ``N`` when the field is null and otherwise as the length of
its UTF-8 bytes, a colon, and the text itself (so ``12`` is ``2:12`` and 张三 is ``6:张三``):
a line break inside a field cannot be mistaken for the next field.  The id is written in
decimal.  The same text is computed by zzy on SQLite (:func:`append`) and by the server's
trigger on PostgreSQL (:data:`PG_CHAIN`), so a ledger can move between them and its chain
still verifies.

**Writes.**  Every entry carries ``write_no``, the number of the write (one command, one
transaction) it belongs to, and an undo's entries carry ``undoes``, the number of the write they
revert (schema 5, migration 0005; entries written before have neither).  Both are part of the
chained content: an entry that has them is hashed over the text tagged ``zzy-audit-2``, with
``<write_no>`` and ``<undoes>`` between ``<after>`` and ``<prev_hash>``; an entry without them over
the ``zzy-audit-1`` text above, so that the entries of older ledgers keep their hashes.  A write's
number is one more than the chain's head when it began (on SQLite, the number of its first entry):
each write appends at least one entry, so the numbers rise from write to write.

``audit_head`` holds the newest entry's number and hash.  The database moves it with every
append and refuses to move it otherwise; an insert that does not continue it (a number not
after the head's, a ``prev_hash`` that is not the head's hash, SQLite's ``REPLACE INTO``) is
refused.  On PostgreSQL the head's row lock also serialises concurrent appends: a second writer
waits for the first and, under SERIALIZABLE, starts again on the new head, so the chain never
forks.  There the head is moved once, when the transaction commits (a deferred trigger): moving
one row for every entry of a big import would cost the server time quadratic in its size.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from zzy import audit_file, server_audit
from zzy.audit_terms import CANONICAL_TAG, CANONICAL_TAG_2, CHAINED, CHAINED_2, WRITE_FIELDS, Problem
from zzy.bulk import CHUNK, insert_dicts, insert_rows
from zzy.errors import Refused

if TYPE_CHECKING:  # the database is loaded only by the functions that write
    from sqlmodel import Session, SQLModel

    from zzy.reader import Reader

#: The ``prev_hash`` of the first entry.
GENESIS = ""

#: Characters of the short form of a hash, for a clerk to copy onto paper (four groups of four).
SHORT_LENGTH = 16

#: Every column of the audit table, in order.
COLUMNS = (*CHAINED_2, "hash")


def snapshot(record: SQLModel | None, **extra: Any) -> dict[str, Any] | None:
    """A record as plain JSON-ready data (dates ISO), plus domain keys such as 工号."""
    if record is None:
        return None
    data = record.model_dump()
    data.update(extra)
    for key, value in data.items():
        if isinstance(value, date):
            data[key] = value.isoformat()
    return data


#: A URL's password runs to the last ``@`` before the host, as zzy reads it (:func:`zzy.db.server_url`):
#: it may hold ``/``, ``@``, ``:`` and spaces (a space only where more of the password follows).
_URL_PASSWORD = re.compile(r"(?P<keep>[A-Za-z][A-Za-z0-9+.-]*://[^\s:/@]*:)(?:[^\s?#]|\s(?=\S*@))*@")
_QUERY_PASSWORD = re.compile(r"(?P<keep>\bpassword=)[^\s&;]*", re.IGNORECASE)


def without_passwords(text: str) -> str:
    """``text`` with the password of any database URL in it (``user:secret@`` or ``password=secret``)
    written as ``***``: for the audit log's command line and for messages (SPEC 10)."""
    return _QUERY_PASSWORD.sub(r"\g<keep>***", _URL_PASSWORD.sub(r"\g<keep>***@", text))


def dumps(data: dict[str, Any] | None) -> str | None:
    if data is None:
        return None
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def escaped(text: str) -> str:
    """``text`` with control characters written as ``\\xNN``: nothing from the log reaches a terminal raw."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return escaped(value)
    if isinstance(value, dict):
        return {escaped(str(k)): _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def loads(text: str | None) -> dict[str, Any] | None:
    """An entry's ``before`` or ``after``; one that is not zzy's JSON object is shown as damaged
    (``{"损坏": text}``, control characters escaped) instead of failing the log for everyone."""
    if not text:
        return None
    try:
        data = json.loads(text)
        return _clean(data) if isinstance(data, dict) else {DAMAGED: escaped(text)}
    except (ValueError, RecursionError):  # not JSON, or nested deeper than any entry zzy writes
        return {DAMAGED: escaped(text)}


#: The key under which a damaged ``before`` or ``after`` is shown.
DAMAGED = "损坏"


# -- the chain ---------------------------------------------------------------------------------

def _field(value: Any) -> str:
    if value is None:
        return "N"
    written = value if type(value) is str else str(value)
    # the length of its UTF-8 bytes: its characters when all are ASCII (most fields), without encoding it
    return f"{len(written) if written.isascii() else len(written.encode('utf-8'))}:{written}"


def canonical(entry: dict[str, Any]) -> bytes:
    """The text an entry's hash is taken of (see the module's docstring)."""
    if entry.get("write_no") is None and entry.get("undoes") is None:  # WRITE_FIELDS
        return "\n".join([CANONICAL_TAG, *[_field(entry[name]) for name in CHAINED]]).encode("utf-8")
    return "\n".join([CANONICAL_TAG_2, *[_field(entry[name]) for name in CHAINED_2]]).encode("utf-8")


def entry_hash(entry: dict[str, Any]) -> str:
    """SHA-256 of the entry's canonical text (``prev_hash`` included), lowercase hex."""
    return hashlib.sha256(canonical(entry)).hexdigest()


def short(hash_: str) -> str:
    """The short form of a hash a clerk writes down: its first 16 hex digits in groups of four."""
    head = hash_[:SHORT_LENGTH]
    return " ".join(head[i:i + 4] for i in range(0, len(head), 4))


class Head(NamedTuple):
    """The newest entry of the chain: its number (0 for an empty log) and its hash."""

    id: int
    hash: str


class Verdict(NamedTuple):
    """What :func:`verify` found: the chain's head as the entries give it, and each break."""

    entries: int
    head: Head
    problems: list[str]


def verify(entries: Iterable[Sequence[Any]], stored_head: Head | None = None) -> Verdict:
    """Check a chain: ``entries`` in number order as tuples of :data:`COLUMNS`; ``stored_head``
    as ``audit_head`` records it, when there is one to compare.  Each entry changed, removed or
    put out of order is a problem naming the entry's number."""
    problems: list[str] = []
    previous = Head(0, GENESIS)
    count = 0
    for row in entries:
        count += 1
        entry = dict(zip(COLUMNS, row, strict=True))
        number = entry["id"]
        if entry_hash(entry) != entry["hash"]:
            problems.append(f"第 {number} 条审计记录的内容与其哈希不符: 这条记录被改动过。")
        if entry["prev_hash"] != previous.hash:
            after = f"第 {previous.id} 条" if previous.id else "日志开头"
            problems.append(f"第 {number} 条审计记录接不上{after}: 两者之间的记录被删除,"
                            "或这条记录被插入到了错误的位置。")
        previous = Head(number, entry["hash"])
    if stored_head is not None and stored_head != previous:
        if stored_head.id > previous.id:
            problems.append(f"审计日志末尾的记录被删除: 链头记录的是第 {stored_head.id} 条,"
                            f"日志只到第 {previous.id} 条。")
        else:
            problems.append(f"审计日志的链头(第 {stored_head.id} 条)与最后一条记录(第 {previous.id} 条)不符。")
    return Verdict(count, previous, problems)


def chained(rows: Iterable[dict[str, Any]], head: Head) -> list[dict[str, Any]]:
    """Rows given their numbers (where they have none), ``prev_hash`` and ``hash``, continuing ``head``."""
    linked = []
    last = head
    for row in rows:
        entry = dict(row)
        entry["id"] = entry.get("id") or last.id + 1
        entry["prev_hash"] = last.hash
        entry["hash"] = entry_hash(entry)
        linked.append(entry)
        last = Head(entry["id"], entry["hash"])
    return linked


# -- appending ---------------------------------------------------------------------------------

def _on_server(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def head(session: Session) -> Head:
    """The chain's head as the ledger records it."""
    from sqlalchemy import text  # start-up

    row = session.execute(text("SELECT last_id, hash FROM audit_head")).first()
    return Head(row[0], row[1]) if row else Head(0, GENESIS)


def entry(*, user: str, command: str, action: str, entity: str, key: str,
          before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
          undoes: int | None = None) -> dict[str, Any]:
    """An audit row, stamped now, not yet chained (its write number is given by :func:`append`)."""
    return {"at": datetime.now(UTC).isoformat(timespec="seconds"), "user": user, "command": command,
            "action": action, "entity": entity, "key": key, "before": dumps(before), "after": dumps(after),
            "undoes": undoes}


def write_number(session: Session) -> int:
    """The number of the write ``session`` is in: one more than the chain's head when it began."""
    number = session.info.get("write_no")
    if number is None:
        number = session.info["write_no"] = head(session).id + 1
    return int(number)


def append(session: Session, rows: list[dict[str, Any]]) -> None:
    """Append rows (from :func:`entry`, numbered or not) to the chain, in this transaction, each
    with the number of this write.

    On SQLite zzy links them here; on PostgreSQL the server's trigger links them, and sets the
    user to its ``session_user`` and the time to its own clock.
    """
    if not rows:
        return

    from zzy.models import AuditEntry, table_of  # start-up

    table = table_of(AuditEntry)
    number = write_number(session)
    rows = [{"undoes": None, **row, "write_no": number} for row in rows]
    if _on_server(session):  # the server numbers, signs and chains them (zzy.server_audit)

        server_audit.append(session, rows)
        return

    names = [column.name for column in table.columns]
    insert_rows(session, table, [tuple(entry[name] for name in names) for entry in chained(rows, head(session))])


def record(
    session: Session,
    *,
    action: str,
    entity: str,
    key: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    undoes: int | None = None,
) -> None:
    """Append one audit entry to the write transaction that ``session`` is in (``undoes``: the
    number of the write an undo reverts)."""
    invocation = session.info["invocation"]
    append(session, [entry(user=invocation.user, command=invocation.command, action=action, entity=entity,
                           key=key, before=before, after=after, undoes=undoes)])


def restore_entries(session: Session, rows: list[dict[str, Any]]) -> None:
    """Load exported entries, chained (:func:`chained` or verified), into an empty log, as they
    were: numbers, users and times.

    On PostgreSQL the chain trigger takes the entries' users and times as given only while the
    transaction says it is restoring and the log was empty; it still links and hashes each entry
    itself and refuses one whose hash the file got wrong.  So restoring needs no table owner.
    """
    if not rows:
        return
    from zzy.models import AuditEntry, table_of  # start-up

    table = table_of(AuditEntry)
    # the restore itself is the write after the newest restored one (on PostgreSQL the head moves
    # only when the transaction commits, so it cannot tell)
    session.info["write_no"] = max(int(row["id"]) for row in rows) + 1
    if not _on_server(session):
        insert_dicts(session, table, rows)
        return

    for first in range(0, len(rows), CHUNK):  # the log is empty until the restore commits
        server_audit.restore(session, rows[first:first + CHUNK])


# -- what the database keeps ---------------------------------------------------------------------

def _pg_field(name: str) -> str:
    column = f'NEW."{name}"::text' if name in ("id", *WRITE_FIELDS) else f'NEW."{name}"'
    return f"zzy_audit_field({column})"


#: :func:`canonical` in SQL, over the row being inserted.
_PG_CANONICAL = (
    f"CASE WHEN NEW.write_no IS NULL AND NEW.undoes IS NULL "
    f"THEN concat_ws(E'\\n', '{CANONICAL_TAG}', {', '.join(_pg_field(name) for name in CHAINED)}) "
    f"ELSE concat_ws(E'\\n', '{CANONICAL_TAG_2}', {', '.join(_pg_field(name) for name in CHAINED_2)}) END")

#: PostgreSQL: the chain is linked by the server, which also sets the user.
PG_CHAIN = (
    "CREATE FUNCTION zzy_audit_field(v text) RETURNS text LANGUAGE sql IMMUTABLE AS "
    "$$ SELECT CASE WHEN v IS NULL THEN 'N' ELSE octet_length(convert_to(v, 'UTF8'))::text || ':' || v END $$",
    "CREATE FUNCTION zzy_audit_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER "
    "SET search_path FROM CURRENT AS $$\n"
    "DECLARE head_id integer; head_hash text; own record; restoring boolean; given text;\n"
    "BEGIN\n"
    "  SELECT h.last_id, h.hash INTO head_id, head_hash FROM audit_head h FOR UPDATE;\n"
    "  -- a restore loads an export into an empty log, the entries' users and times as they were\n"
    "  restoring := head_id = 0 AND coalesce(current_setting('zzy.restoring', true), '') = 'on';\n"
    "  -- entries this transaction appended already: the head moves only when it commits\n"
    "  SELECT a.id, a.hash INTO own FROM audit a WHERE a.id > head_id ORDER BY a.id DESC LIMIT 1;\n"
    "  IF own.id IS NOT NULL THEN\n"
    "    head_id := own.id;\n"
    "    head_hash := own.hash;\n"
    "  END IF;\n"
    "  IF NEW.id IS NULL OR NEW.id <= head_id\n"
    "     OR (restoring AND NEW.prev_hash IS DISTINCT FROM head_hash) THEN\n"
    "    RAISE EXCEPTION 'audit entries are appended in order, each linked to the one before';\n"
    "  END IF;\n"
    "  IF NOT restoring THEN\n"
    "    NEW.\"user\" := session_user;\n"
    "    NEW.\"at\" := to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') || '+00:00';\n"
    "  END IF;\n"
    "  given := NEW.hash;\n"
    "  NEW.prev_hash := head_hash;\n"
    f"  NEW.hash := encode(sha256(convert_to({_PG_CANONICAL}, 'UTF8')), 'hex');\n"
    "  IF restoring AND given IS DISTINCT FROM NEW.hash THEN\n"
    "    RAISE EXCEPTION 'a restored audit entry does not match its hash';\n"
    "  END IF;\n"
    "  RETURN NEW;\n"
    "END $$",
    "CREATE TRIGGER audit_chain BEFORE INSERT ON audit FOR EACH ROW EXECUTE FUNCTION zzy_audit_chain()",
    "CREATE FUNCTION zzy_audit_head_moves() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER "
    "SET search_path FROM CURRENT AS $$\n"
    "BEGIN\n"
    "  IF NEW.id = (SELECT max(a.id) FROM audit a) THEN\n"
    "    UPDATE audit_head SET last_id = NEW.id, hash = NEW.hash;\n"
    "  END IF;\n"
    "  RETURN NULL;\n"
    "END $$",
    "CREATE CONSTRAINT TRIGGER audit_head_moves AFTER INSERT ON audit DEFERRABLE INITIALLY DEFERRED "
    "FOR EACH ROW EXECUTE FUNCTION zzy_audit_head_moves()",
    "CREATE FUNCTION zzy_audit_head_guard() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "BEGIN\n"
    "  IF pg_trigger_depth() < 2 THEN\n"
    "    RAISE EXCEPTION 'the audit chain head moves only with the audit log';\n"
    "  END IF;\n"
    "  RETURN NEW;\n"
    "END $$",
    "CREATE TRIGGER audit_head_guard BEFORE INSERT OR UPDATE OR DELETE ON audit_head "
    "FOR EACH ROW EXECUTE FUNCTION zzy_audit_head_guard()",
    "CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head "
    "FOR EACH STATEMENT EXECUTE FUNCTION zzy_audit_append_only()",
)

#: PostgreSQL triggers that must be present and enabled, by table.
PG_TRIGGERS = {"audit": ("audit_no_change", "audit_no_truncate", "audit_chain", "audit_head_moves"),
               "audit_head": ("audit_head_guard", "audit_head_no_truncate")}


# -- checking what the database keeps (doctor, log --verify) ---------------------------------

def _function_bodies(schema: str) -> dict[str, str]:
    """PostgreSQL function name → the body the newest migration gives it (:mod:`zzy.server_audit`)."""
    return {name: statement.split("$$")[1] for name, statement in server_audit.functions(schema).items()}


def table_problems(reader: Reader, *, server: bool) -> list[Problem]:
    """The audit table and its head have the columns this zzy writes."""
    found = []
    for table, expected in (("audit", COLUMNS), ("audit_head", ("id", "last_id", "hash"))):
        if server:
            columns = {name for (name,) in reader.rows(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = ?", table)}
        else:
            columns = {row[1] for row in reader.rows(f"PRAGMA table_info({table})")}
        if not columns:
            found.append(Problem("audit_table", f"缺少表 {table}: 审计日志无法核对。"))
            continue
        missing, extra = [c for c in expected if c not in columns], sorted(columns - set(expected))
        if missing or extra:
            said = [f"缺少列 {'、'.join(missing)}" if missing else "", f"多出列 {'、'.join(extra)}" if extra else ""]
            found.append(Problem("audit_table", f"表 {table} 的结构与本版 zzy 不符: {','.join(s for s in said if s)}。"))
    return found


def trigger_problems(reader: Reader, *, server: bool) -> list[Problem]:
    """The triggers that keep the log append-only and chained are there, unchanged and enabled."""
    found = []
    if not server:  # the exact set of triggers, indexes and views (extra ones too)

        return audit_file.problems(reader)

    expected = {**PG_TRIGGERS, **{table: ("zzy_audit_row",) for table in server_audit.AUDITED},
                "audit_pending": ("audit_pending_told",)}
    stored_triggers = {(table, name): state for table, name, state in reader.rows(
        "SELECT c.relname, t.tgname, t.tgenabled FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "WHERE c.relnamespace = current_schema()::regnamespace AND NOT t.tgisinternal")}
    for table, name in sorted(stored_triggers):  # one more on the log's own tables could drop or change entries
        if table in ("audit", "audit_head", "audit_pending") and name not in expected.get(table, ()):
            found.append(Problem("audit_triggers", f"审计日志的表 {table} 上多出了触发器 {name}(不是 zzy 建的)。"))
    for table, names in expected.items():
        for name in names:
            state = stored_triggers.get((table, name))
            if state is None:
                found.append(Problem("audit_triggers", f"保护审计日志的触发器 {name}(表 {table})不存在。"))
            elif state != "O":
                found.append(Problem("audit_triggers", f"保护审计日志的触发器 {name}(表 {table})被停用了。"))
    bodies = dict(reader.rows("SELECT proname, prosrc FROM pg_proc WHERE pronamespace = current_schema()::regnamespace"))
    schema = reader.first("SELECT quote_ident(current_schema())")
    for name, body in _function_bodies(str(schema[0] if schema else "public")).items():
        if name not in bodies:
            found.append(Problem("audit_triggers", f"审计日志的函数 {name} 不存在。"))
        elif bodies[name] != body:
            found.append(Problem("audit_triggers", f"审计日志的函数 {name} 被改动过。"))
    return found


def read_chain(reader: Reader) -> Verdict:
    """Verify the ledger's chain, entry by entry, against its recorded head."""
    columns = ", ".join(f'"{name}"' for name in COLUMNS)
    stored = reader.first("SELECT last_id, hash FROM audit_head")
    entries = reader.rows(f"SELECT {columns} FROM audit ORDER BY id")
    if stored is None:
        verdict = verify(entries)
        return verdict._replace(problems=[*verdict.problems, "审计日志缺少链头记录(audit_head 表是空的)。"])
    return verify(entries, Head(stored[0], stored[1]))


def require_the_whole_ledger(reader: Any, doing: str) -> None:
    """Refuse (exit 3) a role limited to some orgs what needs every row: row-level security hides
    the rest from it, so it cannot check the whole ledger (the audit chain links every entry)."""
    scope = reader.value("SELECT array_to_string(zzy_orgs(), '、')")
    if scope is not None:
        raise Refused(f"{doing}需要能看到整个账本,而您的角色只限党组织 {scope or '(无)'},看不到其余记录。"
                      "请由不限党组织的角色或账本所有者运行。")


def examine(reader: Reader, *, server: bool) -> tuple[Verdict | None, list[Problem]]:
    """Everything doctor checks of the audit log: its table, its triggers and its chain.

    The verdict is None when the table's shape does not allow reading the chain."""
    if server:  # a role limited to some orgs sees only their entries (row-level security)
        require_the_whole_ledger(reader, "核对审计日志")
    problems = table_problems(reader, server=server)
    problems += trigger_problems(reader, server=server)
    if any(p.check == "audit_table" for p in problems):
        return None, problems
    verdict = read_chain(reader)
    broken = [Problem("audit_chain", message) for message in verdict.problems]
    if server and broken:  # clerks cannot write the table (migration 0008): say who could
        broken.append(Problem("audit_chain", "在数据库服务器上,只有账本所有者角色或超级用户能够改动审计日志:"
                                             "以上改动是他们(或以他们身份登录的人)所为。"))
    return verdict, problems + broken
