"""PostgreSQL only: the server writes the audit log (issue 22, migration 0008).

- ``zzy_audit_chain`` (the BEFORE INSERT trigger of ``audit``) gives every entry its number, its
  write number, its user (``session_user``), its time (the server's clock) and its command line
  (the transaction-local setting ``zzy.command``, empty for a write made with psql); only a
  restore by an admin into an empty log keeps what the file gives.
- ``zzy_audit_row`` (an AFTER ROW trigger on every table) writes, for a write no zzy command
  declared, an entry holding the whole row before and after: nothing written with psql goes
  unaudited.
- a zzy write's rows are not written again, but the server notes which tables they changed
  (``audit_pending``) and, when the write commits, ``zzy_audit_told`` writes an ``untold`` entry for
  each table no entry of its kind (:data:`TOLD_BY`) told of: ``zzy.command`` set by hand in psql
  hides no change.
- ``zzy_audit_append`` is how zzy appends its own entries (action, entity, key, before, after,
  undoes): no role but the owner may insert into ``audit`` directly.
- ``zzy_renumber`` moves a table's id sequence past its rows (what an import needs) without
  giving anyone ``setval``.

Every SECURITY DEFINER function sets ``search_path`` to the ledger's schema then ``pg_temp``
and qualifies what it touches.  SQLite is untouched: see :mod:`zzy.audit`.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from zzy.audit_terms import CANONICAL_TAG, CANONICAL_TAG_2, CHAINED, CHAINED_2, WRITE_FIELDS

if TYPE_CHECKING:
    from sqlmodel import Session

#: The tables whose every write the server audits (zzy's or anyone's).
AUDITED = ("org", "person", "work_span", "appointment", "training", "attendance", "report", "target",
           "assessment", "commendation", "resume", "photo", "setting", "zzy_access", "rules_profile")

#: The numbered tables whose id sequence ``zzy_renumber`` moves (and the audit log's).
RENUMBERED = ("org", "person", "work_span", "appointment", "training", "attendance", "report", "target",
              "assessment", "commendation", "resume", "photo", "rules_profile")

#: Tables whose rows hold a picture: the row audit keeps its size and SHA-256, never its bytes.
PICTURES = (("photo", "image"),)

#: The entry kinds (``entity``) that tell of a change to each table's rows; an entry about the whole
#: ledger (a restore) tells of every table.  A zzy write that changes rows of a table appends at least
#: one entry of these kinds in the same transaction; the server writes an ``untold`` entry for a table
#: whose rows changed with none (a clerk who set ``zzy.command`` by hand in psql).
TOLD_BY = {"org": ("org",), "person": ("person",), "work_span": ("work",), "appointment": ("appointment", "post"),
           "training": ("training",), "attendance": ("training", "attendance"), "report": ("report",),
           "target": ("target",), "assessment": ("assessment",), "commendation": ("commendation",),
           "resume": ("resume",), "photo": ("photo",), "setting": ("config",), "zzy_access": ("grant",),
           "rules_profile": ("profile",)}

#: The entry kinds only an admin's writes make (settings, grants, a restore), as SQL.
ADMIN_KINDS = "('config', 'grant', 'ledger')"
#: The entry kinds whose key is a person's 工号, as SQL.
PERSON_KINDS = ("('person', 'work', 'report', 'assessment', 'commendation', 'appointment', 'post', 'resume', "
                "'photo')")

#: Control characters (C0, DEL, C1) the server replaces in a command line it is given.
CONTROL = r"[\x01-\x1f\x7f-\x9f]"


def _field(name: str) -> str:
    """SQL: one field of the canonical text, as ``zzy_audit_field`` spells it, written out in place (a
    function call per field was a third of the chain's time in an import of 100 000 rows)."""
    column = f'NEW."{name}"::text' if name in ("id", *WRITE_FIELDS) else f'NEW."{name}"'
    return (f"(CASE WHEN {column} IS NULL THEN 'N' "
            f"ELSE octet_length(convert_to({column}, 'UTF8'))::text || ':' || {column} END)")


def _canonical(schema: str) -> str:
    return (f"CASE WHEN NEW.write_no IS NULL AND NEW.undoes IS NULL "
            f"THEN concat_ws(E'\\n', '{CANONICAL_TAG}', {', '.join(_field(n) for n in CHAINED)}) "
            f"ELSE concat_ws(E'\\n', '{CANONICAL_TAG_2}', {', '.join(_field(n) for n in CHAINED_2)}) END")


def _told_by(table: str) -> str:
    """SQL: the entry kinds that tell of a change to the rows of ``table`` (a text expression)."""
    cases = " ".join(f"WHEN '{name}' THEN ARRAY[{', '.join(repr(kind) for kind in kinds)}]"
                     for name, kinds in TOLD_BY.items())
    return f"(CASE {table} {cases} ELSE ARRAY[{table}] END)::text[]"


#: The server's own note of what a write changed and told, emptied when it commits (migration 0008).
PENDING = ("CREATE TABLE {s}.audit_pending (xact bigint NOT NULL, kind text NOT NULL, name text NOT NULL, "
           "PRIMARY KEY (xact, kind, name))",
           "REVOKE ALL ON {s}.audit_pending FROM PUBLIC",
           "CREATE CONSTRAINT TRIGGER audit_pending_told AFTER INSERT ON {s}.audit_pending "
           "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.kind = '') EXECUTE FUNCTION {s}.zzy_audit_told()")


def functions(schema: str) -> dict[str, str]:
    """Function name → its CREATE OR REPLACE statement, for the ledger's schema (quoted)."""
    definer = f"SECURITY DEFINER SET search_path = {schema}, pg_temp"
    s = schema
    return {
        "zzy_audit_field": (
            f"CREATE OR REPLACE FUNCTION {s}.zzy_audit_field(v text) RETURNS text LANGUAGE sql IMMUTABLE "
            f"SET search_path = pg_catalog, pg_temp AS "
            "$$ SELECT CASE WHEN v IS NULL THEN 'N' ELSE octet_length(convert_to(v, 'UTF8'))::text || ':' || v END $$"),
        "zzy_audit_chain": (
            f"CREATE OR REPLACE FUNCTION {s}.zzy_audit_chain() RETURNS trigger LANGUAGE plpgsql {definer} AS $$\n"
            "DECLARE head_id integer; committed integer; head_hash text; own record; restoring boolean; given text;\n"
            "BEGIN\n"
            f"  SELECT h.last_id, h.hash INTO head_id, head_hash FROM {s}.audit_head h FOR UPDATE;\n"
            "  -- a restore by an admin loads an export into an empty log, users and times as they were\n"
            "  restoring := head_id = 0 AND coalesce(current_setting('zzy.restoring', true), '') = 'on'\n"
            f"    AND {s}.zzy_level() = 3;\n"
            "  -- entries this transaction appended already: the head moves only when it commits\n"
            f"  SELECT a.id, a.hash, a.write_no INTO own FROM {s}.audit a WHERE a.id > head_id ORDER BY a.id DESC LIMIT 1;\n"
            "  IF restoring THEN\n"
            "    IF own.id IS NOT NULL THEN head_id := own.id; head_hash := own.hash; END IF;\n"
            "    IF NEW.id IS NULL OR NEW.id <= head_id OR NEW.prev_hash IS DISTINCT FROM head_hash THEN\n"
            "      RAISE EXCEPTION 'audit entries are appended in order, each linked to the one before';\n"
            "    END IF;\n"
            "  ELSE\n"
            "    -- the server numbers the entry and its write, and says who, when and which command\n"
            "    committed := head_id;\n"
            "    IF own.id IS NOT NULL THEN head_id := own.id; head_hash := own.hash; END IF;\n"
            "    NEW.id := head_id + 1;\n"
            "    -- one number for the whole transaction: past the committed head, so its own\n"
            "    NEW.write_no := CAST(nullif(current_setting('zzy.write_no', true), '') AS integer);\n"
            "    IF NEW.write_no IS NULL OR NEW.write_no <= committed OR NEW.write_no > NEW.id THEN\n"
            "      NEW.write_no := NEW.id;\n"
            "      PERFORM set_config('zzy.write_no', NEW.id::text, true);\n"
            "    END IF;\n"
            "    IF NEW.undoes IS NOT NULL AND (NEW.undoes >= NEW.write_no\n"
            f"        OR NOT EXISTS (SELECT 1 FROM {s}.audit a WHERE a.write_no = NEW.undoes)) THEN\n"
            "      RAISE EXCEPTION 'an undo reverts a write that is in the log';\n"
            "    END IF;\n"
            "    NEW.\"user\" := session_user;\n"
            "    NEW.\"at\" := to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') || '+00:00';\n"
            "    NEW.command := left(regexp_replace(coalesce(current_setting('zzy.command', true), ''),\n"
            f"                                      '{CONTROL}', ' ', 'g'), 4000);\n"
            "  END IF;\n"
            "  -- what a zzy write tells of: its rows' tables are checked against it when it commits\n"
            "  -- (noted once per kind and write: zzy.noted only spares a note, so setting it by hand can make\n"
            "  -- an untold entry of a told change, never hide a change)\n"
            "  IF coalesce(current_setting('zzy.command', true), '') <> ''\n"
            "     AND strpos(coalesce(current_setting('zzy.noted', true), ''), '|' || NEW.entity || '|') = 0 THEN\n"
            f"    INSERT INTO {s}.audit_pending (xact, kind, name)\n"
            "      VALUES (txid_current(), 'entry', NEW.entity), (txid_current(), '', '') ON CONFLICT DO NOTHING;\n"
            "    PERFORM set_config('zzy.noted', coalesce(nullif(current_setting('zzy.noted', true), ''), '|')\n"
            "                                    || NEW.entity || '|', true);\n"
            "  END IF;\n"
            "  given := NEW.hash;\n"
            "  NEW.prev_hash := head_hash;\n"
            f"  NEW.hash := encode(sha256(convert_to({_canonical(s)}, 'UTF8')), 'hex');\n"
            "  IF restoring AND given IS DISTINCT FROM NEW.hash THEN\n"
            "    RAISE EXCEPTION 'a restored audit entry does not match its hash';\n"
            "  END IF;\n"
            "  RETURN NEW;\n"
            "END $$"),
        "zzy_audit_head_moves": (
            f"CREATE OR REPLACE FUNCTION {s}.zzy_audit_head_moves() RETURNS trigger LANGUAGE plpgsql {definer} AS $$\n"
            "BEGIN\n"
            f"  IF NEW.id = (SELECT max(a.id) FROM {s}.audit a) THEN\n"
            f"    UPDATE {s}.audit_head SET last_id = NEW.id, hash = NEW.hash;\n"
            "  END IF;\n"
            "  RETURN NULL;\n"
            "END $$"),
        "zzy_audit_row": (
            f"CREATE OR REPLACE FUNCTION {s}.zzy_audit_row() RETURNS trigger LANGUAGE plpgsql {definer} AS $$\n"
            "DECLARE old_row jsonb; new_row jsonb; the_key text;\n"
            "BEGIN\n"
            "  -- a zzy command writes its own entries (through zzy_audit_append), one per change it makes;\n"
            "  -- the server notes which tables it changed, checked against those entries at commit\n"
            "  IF coalesce(current_setting('zzy.command', true), '') <> '' THEN\n"
            f"    INSERT INTO {s}.audit_pending (xact, kind, name)\n"
            "      VALUES (txid_current(), 'row', TG_TABLE_NAME), (txid_current(), '', '') ON CONFLICT DO NOTHING;\n"
            "    RETURN NULL;\n"
            "  END IF;\n"
            "  IF TG_OP <> 'INSERT' THEN old_row := to_jsonb(OLD); END IF;\n"
            "  IF TG_OP <> 'DELETE' THEN new_row := to_jsonb(NEW); END IF;\n"
            + "".join(
                f"  IF TG_TABLE_NAME = '{table}' THEN\n"
                f"    IF old_row IS NOT NULL THEN old_row := old_row - '{column}' || jsonb_build_object("
                f"'bytes', octet_length(OLD.{column}), 'sha256', encode(sha256(OLD.{column}), 'hex')); END IF;\n"
                f"    IF new_row IS NOT NULL THEN new_row := new_row - '{column}' || jsonb_build_object("
                f"'bytes', octet_length(NEW.{column}), 'sha256', encode(sha256(NEW.{column}), 'hex')); END IF;\n"
                "  END IF;\n" for table, column in PICTURES) +
            "  the_key := coalesce(new_row, old_row) ->> 'id';\n"
            "  IF the_key IS NULL THEN\n"
            "    the_key := coalesce(coalesce(new_row, old_row) ->> 'role', coalesce(new_row, old_row) ->> 'key',\n"
            "                        (coalesce(new_row, old_row) ->> 'training_id') || '/'\n"
            "                        || (coalesce(new_row, old_row) ->> 'person_id'), '');\n"
            "  END IF;\n"
            f"  INSERT INTO {s}.audit (at, \"user\", command, action, entity, key, before, after, prev_hash, hash)\n"
            "    VALUES ('', '', '', lower(TG_OP), TG_TABLE_NAME, the_key, old_row::text, new_row::text, '', '');\n"
            "  RETURN NULL;\n"
            "END $$"),
        "zzy_audit_told": (
            f"CREATE OR REPLACE FUNCTION {s}.zzy_audit_told() RETURNS trigger LANGUAGE plpgsql {definer} AS $$\n"
            "DECLARE told text[]; tbl text;\n"
            "BEGIN\n"
            "  -- once per write, when it commits: a table whose rows changed, told by no entry of its kind\n"
            f"  SELECT coalesce(array_agg(p.name), '{{}}') INTO told FROM {s}.audit_pending p\n"
            "    WHERE p.xact = NEW.xact AND p.kind = 'entry';\n"
            f"  FOR tbl IN SELECT p.name FROM {s}.audit_pending p WHERE p.xact = NEW.xact AND p.kind = 'row'\n"
            "             ORDER BY p.name LOOP\n"
            f"    IF NOT ('ledger' = ANY(told) OR told && {_told_by('tbl')}) THEN\n"
            f"      INSERT INTO {s}.audit (at, \"user\", command, action, entity, key, before, after, prev_hash, hash)\n"
            "        VALUES ('', '', '', 'untold', tbl, '', NULL,\n"
            "                jsonb_build_object('told', to_jsonb(told))::text, '', '');\n"
            "    END IF;\n"
            "  END LOOP;\n"
            f"  DELETE FROM {s}.audit_pending p WHERE p.xact = NEW.xact;\n"
            "  RETURN NULL;\n"
            "END $$"),
        "zzy_audit_append": (
            f"CREATE OR REPLACE FUNCTION {s}.zzy_audit_append(entries jsonb) RETURNS void LANGUAGE plpgsql "
            f"{definer} AS $$\n"
            "DECLARE one record; scope text[];\n"
            "BEGIN\n"
            f"  PERFORM {s}.zzy_require(2, '写入审计日志需要文书权限(clerk)');\n"
            "  -- what only an admin does (settings, grants, a restore) is told only by an admin\n"
            f"  IF EXISTS (SELECT 1 FROM jsonb_to_recordset(entries) AS x(entity text) WHERE x.entity IN {ADMIN_KINDS}) THEN\n"
            f"    PERFORM {s}.zzy_require(3, '这类审计记录只有管理员(admin)能写');\n"
            "  END IF;\n"
            "  -- a role limited to some orgs tells of no person or org hidden from it (asked once per write:\n"
            "  -- an import appends an entry per row)\n"
            f"  scope := {s}.zzy_orgs();\n"
            "  IF scope IS NOT NULL THEN\n"
            "  FOR one IN SELECT * FROM jsonb_to_recordset(entries) AS x(entity text, key text, before text, after text)\n"
            "  LOOP\n"
            "    IF (\n"
            f"        (one.entity IN {PERSON_KINDS} AND one.key IN (SELECT p.staff_no FROM {s}.person p\n"
            f"                                         WHERE p.id NOT IN (SELECT {s}.zzy_visible_people())))\n"
            f"        OR (one.entity = 'org' AND one.key IN (SELECT o.code FROM {s}.org o) AND one.key <> ALL(scope))\n"
            f"        OR EXISTS (SELECT 1 FROM unnest({s}.zzy_entry_people(one.after, one.before)) AS n(staff_no)\n"
            f"                   WHERE n.staff_no IS NULL OR n.staff_no IN (SELECT p.staff_no FROM {s}.person p\n"
            f"                                           WHERE p.id NOT IN (SELECT {s}.zzy_visible_people())))\n"
            f"        OR EXISTS (SELECT 1 FROM unnest({s}.zzy_entry_orgs(one.after, one.before)) AS n(code)\n"
            f"                   WHERE n.code IS NULL OR (n.code IN (SELECT o.code FROM {s}.org o)\n"
            f"                                            AND n.code <> ALL(scope)))) THEN\n"
            "      RAISE EXCEPTION USING ERRCODE = '42501', MESSAGE = '无权为所辖党组织以外的人员或党组织写审计记录';\n"
            "    END IF;\n"
            "  END LOOP;\n"
            "  END IF;\n"
            f"  INSERT INTO {s}.audit (at, \"user\", command, action, entity, key, before, after, undoes,\n"
            "                         prev_hash, hash)\n"
            "    SELECT '', '', '', e.action, e.entity, e.key, e.before, e.after, e.undoes, '', ''\n"
            "    FROM jsonb_to_recordset(entries) AS e(action text, entity text, key text, before text,\n"
            "                                          after text, undoes integer, n integer)\n"
            "    ORDER BY e.n;\n"
            "END $$"),
        "zzy_restore_audit": (
            f"CREATE OR REPLACE FUNCTION {s}.zzy_restore_audit(entries jsonb) RETURNS void LANGUAGE plpgsql "
            f"{definer} AS $$\n"
            "BEGIN\n"
            f"  PERFORM {s}.zzy_require(3, '恢复审计日志需要管理员权限(admin)');\n"
            f"  IF (SELECT h.last_id FROM {s}.audit_head h) <> 0 THEN\n"
            "    RAISE EXCEPTION USING ERRCODE = 'ZZY01', MESSAGE = '审计日志不是空的: 只能恢复到新建的账本';\n"
            "  END IF;\n"
            "  PERFORM set_config('zzy.restoring', 'on', true);\n"
            f"  INSERT INTO {s}.audit SELECT * FROM jsonb_populate_recordset(NULL::{s}.audit, entries) ORDER BY id;\n"
            "  PERFORM set_config('zzy.restoring', 'off', true);\n"
            "END $$"),
        "zzy_renumber": (
            f"CREATE OR REPLACE FUNCTION {s}.zzy_renumber(table_name text) RETURNS void LANGUAGE plpgsql "
            f"{definer} AS $$\n"
            "DECLARE top integer; seq text;\n"
            "BEGIN\n"
            f"  PERFORM {s}.zzy_require(2, '写入需要文书权限(clerk)');\n"
            f"  IF table_name <> ALL (ARRAY{list(RENUMBERED)}::text[] || ARRAY['audit']) THEN\n"
            "    RAISE EXCEPTION USING ERRCODE = 'ZZY01', MESSAGE = '没有表 ' || table_name;\n"
            "  END IF;\n"
            f"  seq := pg_get_serial_sequence('{s}.' || quote_ident(table_name), 'id');\n"
            f"  EXECUTE format('SELECT max(id) FROM {s}.%I', table_name) INTO top;\n"
            "  IF seq IS NOT NULL AND top IS NOT NULL THEN PERFORM setval(seq, greatest(top, nextval(seq) - 1)); END IF;\n"
            "END $$"),
    }


def append(session: Session, rows: list[dict[str, Any]]) -> None:
    """Append zzy's entries through the server's function: what they say; the server numbers them
    and says who, when and which command (``zzy.command``, set when the write began)."""
    from sqlalchemy import text  # start-up

    keep = ("action", "entity", "key", "before", "after", "undoes")
    given = [{**{name: row.get(name) for name in keep}, "n": n} for n, row in enumerate(rows)]
    session.execute(text("SELECT zzy_audit_append(CAST(:entries AS jsonb))"),
                    {"entries": json.dumps(given, ensure_ascii=False)})


def restore(session: Session, rows: list[dict[str, Any]]) -> None:
    """Load an export's entries, as they were, into the empty log (an admin's restore)."""
    from sqlalchemy import text  # start-up

    session.execute(text("SELECT zzy_restore_audit(CAST(:entries AS jsonb))"),
                    {"entries": json.dumps(rows, ensure_ascii=False, default=str)})


def begin_write(session: Session, command: str) -> None:
    """Tell the server which zzy command this write transaction is (``zzy.command``, local to it)."""
    from sqlalchemy import text  # start-up

    # a word the terminal could not decode (a lone surrogate) is sent as its escape, never a crash
    sendable = (command or "zzy").encode("utf-8", "backslashreplace").decode("utf-8")
    session.execute(text("SELECT set_config('zzy.command', :command, true)"), {"command": sendable})


def renumber(session: Session, table: str) -> None:
    from sqlalchemy import text  # start-up

    session.execute(text("SELECT zzy_renumber(:table)"), {"table": table})
