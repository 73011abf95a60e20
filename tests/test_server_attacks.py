# ruff: noqa: F811  (the fixtures of test_roles, taken by name)
"""Issue 22: the server alone writes the audit log.  Each test is an attack a clerk (made with
``zzy grant``) tried on 0.4.0 through ``psql`` and zzy, on the real server; each must now fail, and
what the ledger shows afterwards must be true.
"""

from __future__ import annotations

import json

import pytest

from conftest import PG_URL
from test_roles import Server, _admin_sql, college, server  # noqa: F401  (fixtures)
from zzy import audit

needs_server = pytest.mark.skipif(PG_URL is None, reason="set ZZY_TEST_PG_URL to a PostgreSQL server")
pytestmark = pytest.mark.sqlite_only  # the tests drive the server themselves, with their own roles


def _one(server: Server, who: str, sql: str) -> str:
    done = server.psql(who, sql)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def _entries(server: Server) -> list[dict[str, object]]:
    return list(server.ok("owner", "log --limit 100000 --format json").json())


# -- forging entries ----------------------------------------------------------------------------------


def _forged(server: Server, command: str) -> dict[str, object]:
    """An entry signed as the admin at a date of the clerk's choosing, hashed to continue the real chain."""
    head_id, head_hash = _one(server, "owner", "SELECT last_id || '|' || hash FROM audit_head").split("|")
    forged: dict[str, object] = {
        "id": int(head_id) + 1, "at": "2020-01-01T00:00:00+00:00", "user": server.role("admin"),
        "command": command, "action": "add", "entity": "org", "key": "zz", "before": None, "after": None,
        "write_no": int(head_id) + 1, "undoes": None, "prev_hash": head_hash}
    forged["hash"] = audit.entry_hash(forged)
    return forged


#: A temporary ``audit_head`` that says the log is empty: on 0.4.0 the chain trigger (SECURITY
#: DEFINER, ``search_path`` "$user", public, so the caller's pg_temp first) read it instead of the
#: real head (the owner may read it: granted), took the insert for a restore into an empty log
#: (``zzy.restoring``), linked the entry to the real newest entry (``audit`` itself is not
#: shadowed) and kept its user and time; the shadow is dropped before the commit moves the real head.
SHADOW = """
    CREATE TEMP TABLE audit_head (id integer, last_id integer, hash text);
    GRANT ALL ON pg_temp.audit_head TO PUBLIC;
    INSERT INTO pg_temp.audit_head VALUES (1, 0, '');
    SELECT set_config('zzy.restoring', 'on', true);"""
UNSHADOW = "DROP TABLE pg_temp.audit_head;"


@needs_server
def test_a_temporary_table_cannot_shadow_the_chain_and_forge_an_entry(college: Server) -> None:
    forged = _forged(college, "zzy forged")
    columns = ", ".join(f'"{name}"' for name in audit.COLUMNS)
    values = ", ".join("NULL" if forged[n] is None else f"'{forged[n]}'" for n in audit.COLUMNS)
    attack = college.psql("clerk", f"BEGIN; {SHADOW} INSERT INTO audit ({columns}) VALUES ({values}); {UNSHADOW} COMMIT;")
    assert attack.returncode != 0 and "permission denied" in attack.stderr, attack
    # through zzy's own append function, which a clerk may call: the server's user, time and number
    college.psql("clerk", f"""BEGIN; {SHADOW}
        SELECT zzy_audit_append('[{{"action": "add", "entity": "org", "key": "zz", "n": 0}}]'); {UNSHADOW} COMMIT;""")
    # an admin's restore into a log that is not empty, with the same shadow
    entry = json.dumps([forged]).replace("'", "''")
    refused = college.psql_refused("admin", f"BEGIN; {SHADOW} SELECT zzy_restore_audit('{entry}'); {UNSHADOW} COMMIT;")
    assert "审计日志不是空的" in refused
    entries = _entries(college)
    assert [e for e in entries if e["command"] == "zzy forged" or e["at"] == forged["at"]] == []
    appended = [e for e in entries if e["key"] == "zz"]
    assert [(e["user"], e["command"]) for e in appended] == [(college.role("clerk"), "")]
    assert college.zzy("admin", "log --verify").exit_code == 0


@needs_server
def test_a_clerk_cannot_insert_audit_rows_with_chosen_ids_or_write_numbers(college: Server) -> None:
    latest = int(_one(college, "owner", "SELECT max(write_no) FROM audit"))
    for values in ("(2147483647, '', '', '', 'add', 'org', 'zz', 1, '', '')",
                   f"(NULL, '', '', '', 'add', 'person', 'T001', {latest}, '', '')",
                   "(NULL, '', '', '', 'add', 'org', 'zz', NULL, '', '')"):
        columns = 'id, at, "user", command, action, entity, key, write_no, prev_hash, hash'
        refused = college.psql_refused("clerk", f"INSERT INTO audit ({columns}) VALUES {values}")
        assert "permission denied" in refused or "权限" in refused or "拒绝" in refused, refused
    college.psql_refused("clerk", "SELECT setval('audit_id_seq', 2147483646)")
    college.ok("clerk", "report add T001 --on 2025-07-30")  # everyone's writes go on
    numbers = [e["id"] for e in _entries(college)]
    assert max(numbers) < 1000 and college.zzy("admin", "log --verify").exit_code == 0


@needs_server
def test_the_server_numbers_what_it_is_given_through_zzys_own_function(college: Server) -> None:
    """What zzy calls to append its entry cannot choose the number, the user, the time or the write."""
    latest, head = map(int, _one(college, "owner", "SELECT max(write_no) || '|' || max(id) FROM audit").split("|"))
    chosen = {"id": 2147483647, "at": "2020-01-01T00:00:00+00:00", "user": college.role("admin"),
              "command": "zzy x", "write_no": latest, "action": "add", "entity": "org", "key": "zz", "n": 0}
    _one(college, "clerk", f"SELECT zzy_audit_append('[{json.dumps(chosen)}]')")
    written = [e for e in _entries(college) if e["key"] == "zz"]
    assert [(e["user"], e["command"]) for e in written] == [(college.role("clerk"), "")]
    assert written[0]["at"] != chosen["at"] and written[0]["id"] == head + 1
    assert written[0]["write_no"] == written[0]["id"]  # a write of its own, never joined to the admin's
    assert college.zzy("admin", "log --verify").exit_code == 0


# -- unaudited writes ---------------------------------------------------------------------------------


@needs_server
def test_a_clerks_update_through_psql_is_audited_by_the_server(college: Server) -> None:
    _one(college, "clerk", "UPDATE report SET topic = '改过的题目' WHERE id = 1")
    entry = _entries(college)[0]
    assert (entry["user"], entry["command"], entry["action"], entry["entity"]) == \
        (college.role("clerk"), "", "update", "report")
    assert entry["after"]["topic"] == "改过的题目" and entry["before"]["topic"] is None  # type: ignore[index]
    assert college.zzy("admin", "log --verify").exit_code == 0


@needs_server
def test_a_clerk_who_sets_zzys_command_by_hand_is_still_audited(college: Server,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """zzy tells the server its command line through ``zzy.command``; a clerk who sets it in psql and
    changes rows without appending an entry of that kind leaves, when the transaction commits, an
    entry the server writes itself: who, when, which table and what the clerk claimed."""
    _one(college, "clerk", "BEGIN; SELECT set_config('zzy.command', 'zzy report list', true); "
                           "UPDATE report SET topic = '悄悄改的' WHERE id = 1; COMMIT;")
    entry = _entries(college)[0]
    assert (entry["user"], entry["action"], entry["entity"]) == (college.role("clerk"), "untold", "report")
    assert entry["command"] == "zzy report list"
    undo = college.zzy("admin", "undo --yes")
    assert undo.exit_code == 3 and "未如实登记的改动" in undo.stderr, undo
    # an entry of another kind does not cover the rows either
    _one(college, "clerk", "BEGIN; SELECT set_config('zzy.command', 'zzy x', true); "
                           "SELECT zzy_audit_append('[{\"action\": \"add\", \"entity\": \"org\", \"key\": \"zz\", "
                           "\"n\": 0}]'); DELETE FROM report WHERE id = 1; COMMIT;")
    newest = _entries(college)[:2]
    assert [(e["action"], e["entity"]) for e in newest] == [("untold", "report"), ("add", "org")]
    # zzy's own writes are told by their entries: nothing more is written
    before = len(_entries(college))
    college.ok("clerk", "report add T001 --on 2025-07-31")
    assert [e["action"] for e in _entries(college)[: len(_entries(college)) - before]] == ["add"]
    assert _one(college, "owner", "SELECT count(*) FROM audit_pending") == "0"
    monkeypatch.setenv("COLUMNS", "200")
    shown = college.ok("admin", "log --limit 3 --wide").stdout
    assert "未如实登记的改动" in shown
    assert college.zzy("admin", "log --verify").exit_code == 0


@needs_server
def test_the_chains_note_of_told_kinds_set_by_hand_hides_no_change(college: Server) -> None:
    """The chain notes each entry kind once per write (``zzy.noted``, a transaction setting anyone can
    set): a clerk who sets it claims nothing was told, so a report changed under an entry of the report's
    own kind is still reported untold; the note can only make the server stricter."""
    _one(college, "clerk", "BEGIN; SELECT set_config('zzy.command', 'zzy report edit', true); "
                           "SELECT set_config('zzy.noted', '|report|', true); "
                           "SELECT zzy_audit_append('[{\"action\": \"edit\", \"entity\": \"report\", "
                           "\"key\": \"T001\", \"n\": 0}]'); "
                           "UPDATE report SET topic = '借名改的' WHERE id = 1; COMMIT;")
    newest = _entries(college)[:2]
    assert [(e["action"], e["entity"]) for e in newest] == [("untold", "report"), ("edit", "report")]
    assert _one(college, "owner", "SELECT count(*) FROM audit_pending") == "0"
    assert college.zzy("admin", "log --verify").exit_code == 0


@needs_server
def test_doctor_reports_a_table_whose_row_audit_was_turned_off(college: Server) -> None:
    """The owner may turn a table's row trigger off (it owns the table); doctor names it."""
    assert college.zzy("admin", "doctor").exit_code == 0
    _one(college, "owner", "ALTER TABLE report DISABLE TRIGGER zzy_audit_row")
    _one(college, "owner", "DROP TRIGGER audit_pending_told ON audit_pending")
    doctor = college.zzy("admin", "doctor --format json")
    assert doctor.exit_code == 1
    assert "zzy_audit_row(表 report)被停用了" in doctor.stdout
    assert "audit_pending_told(表 audit_pending)不存在" in doctor.stdout


@needs_server
def test_zzys_append_function_refuses_what_the_role_could_not_write(college: Server) -> None:
    """A clerk may not tell of an admin's kind of write (a setting, a grant, a restore: undo would put
    a setting back at the clerk's word), and a role limited to some orgs not of people or orgs hidden
    from it (undo would remove a record of an org it cannot see)."""
    for entity in ("config", "ledger", "grant"):
        entry = json.dumps([{"action": "set", "entity": entity, "key": "report_interval_months", "n": 0}])
        assert "只有管理员" in college.psql_refused("clerk", f"SELECT zzy_audit_append('{entry}')")
    hidden = json.dumps([{"action": "add", "entity": "report", "key": "T002", "n": 0,
                          "after": json.dumps({"staff_no": "T002", "id": 2})}])
    named = json.dumps([{"action": "add", "entity": "report", "key": "T001", "n": 0,
                         "after": json.dumps({"staff_no": "T002", "org": "xx"})}])
    for entry in (hidden, named):
        assert "所辖党组织以外" in college.psql_refused("jdclerk", f"SELECT zzy_audit_append('{entry}')")
    college.ok("jdclerk", "report add T001 --on 2025-08-31")  # its own people's writes go on


@needs_server
def test_the_servers_row_entries_are_shown_to_whole_ledger_roles_only(college: Server) -> None:
    """A row entry's key is a row number, not a 工号: a scoped role that registers a person numbered
    like it must still not see another org's change."""
    _one(college, "clerk", "UPDATE report SET topic = '别人的' WHERE id = 2")
    college.ok("jdclerk", "person add 2 某某 --joined 2015-06-01 --full 2016-06-01")
    shown = json.dumps(college.ok("jdclerk", "log --limit 100000 --format json").json(), ensure_ascii=False)
    assert "别人的" not in shown
    assert "别人的" in json.dumps(_entries(college), ensure_ascii=False)


@needs_server
def test_a_date_is_a_day_on_the_server_too(college: Server) -> None:
    refused = college.psql_refused("clerk", "UPDATE report SET date = 'infinity' WHERE id = 1")
    assert "a_day" in refused
    assert college.zzy("admin", "doctor").exit_code == 0


@needs_server
def test_an_entry_nested_past_any_limit_is_shown_damaged_not_a_crash(college: Server) -> None:
    deep = "[" * 3000 + "]" * 3000
    entry = json.dumps([{"action": "add", "entity": "report", "key": "T001", "n": 0, "after": deep}])
    _one(college, "clerk", f"SELECT zzy_audit_append('{entry}')")
    assert college.ok("admin", "log --limit 5 --format json").json()[0]["after"] == {"损坏": deep}
    assert college.zzy("admin", "undo --yes").exit_code == 3


@needs_server
def test_a_name_written_with_psql_never_reaches_the_terminal_raw(college: Server) -> None:
    _one(college, "clerk", "UPDATE person SET name = E'张\\x1b]0;pwned\\x07\\x1b[2K三' WHERE staff_no = 'T001'")
    for command in ("person list", "person show T001", "roster --wide", "remind --wide", "log --limit 3"):
        shown = college.ok("admin", command).stdout
        assert "\x1b" not in shown and "\x07" not in shown, command
    assert "张<U+001B>]0;pwned<U+0007><U+001B>[2K三" in college.ok("admin", "person list").stdout


@needs_server
def test_doctor_names_a_trigger_added_to_the_logs_own_tables(college: Server) -> None:
    _one(college, "owner", "CREATE FUNCTION drop_it() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$; "
                           "CREATE TRIGGER a_quiet_one BEFORE INSERT ON audit FOR EACH ROW EXECUTE FUNCTION drop_it()")
    doctor = college.zzy("admin", "doctor --format json")
    assert doctor.exit_code == 1 and "多出了触发器 a_quiet_one" in doctor.stdout


@needs_server
def test_an_admins_direct_call_of_the_grant_function_is_audited(college: Server) -> None:
    _one(college, "admin", f"SELECT zzy_grant('{college.role('stranger')}', 'reader', NULL)")
    entry = _entries(college)[0]
    assert (entry["user"], entry["command"], entry["entity"]) == (college.role("admin"), "", "zzy_access")
    assert entry["after"]["role"] == college.role("stranger")  # type: ignore[index]


# -- row-level security against psql --------------------------------------------------------------------


@needs_server
def test_a_scoped_clerk_cannot_walk_around_row_level_security_with_a_post(college: Server) -> None:
    hidden = _one(college, "owner", "SELECT id FROM person WHERE staff_no = 'T002'")
    jd = _one(college, "owner", "SELECT id FROM org WHERE code = 'jd'")
    walk = (f"BEGIN; INSERT INTO appointment (person_id, org_id, kind, rank, start, promoted) "
            f"VALUES ({hidden}, {jd}, 'part', 'none', '2025-01-01', false); "
            "SELECT name FROM person WHERE staff_no = 'T002'; ROLLBACK;")
    done = college.psql("jdclerk", walk)
    assert done.returncode != 0 and "李四" not in done.stdout
    attend = college.psql("jdclerk", f"INSERT INTO attendance (training_id, person_id) VALUES (1, {hidden})")
    assert attend.returncode != 0


@needs_server
def test_attendance_entries_do_not_show_a_scoped_role_people_outside_its_orgs(college: Server) -> None:
    college.ok("owner", "training attend 1 T002")  # a jd training, an xx person
    shown = json.dumps(college.ok("jdclerk", "log --limit 100000 --format json").json(), ensure_ascii=False)
    assert "T002" not in shown and "李四" not in shown
    assert _one(college, "jdclerk", "SELECT count(*) FROM audit WHERE coalesce(after, '') LIKE '%T002%' "
                                    "OR coalesce(before, '') LIKE '%T002%'") == "0"


# -- hostile entries, a superuser's tampering ------------------------------------------------------------


@needs_server
def test_a_superusers_edit_of_the_log_is_reported_with_who_could_have_done_it(college: Server) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(PG_URL).set(database=college.database)  # type: ignore[arg-type]
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("SET session_replication_role = replica"))  # triggers off: a superuser's power
        connection.execute(text("UPDATE audit SET after = '{\"x\": \"\x1b[31m\"}' WHERE id = 2"))
        connection.execute(text("UPDATE audit SET after = 'not json' WHERE id = 3"))
    engine.dispose()
    doctor = college.zzy("admin", "doctor --format json")
    assert doctor.exit_code == 1 and "第 2 条" in doctor.stdout and "只有账本所有者角色或超级用户" in doctor.stdout
    shown = college.zzy("admin", "log --limit 100000")
    assert shown.exit_code == 0 and "\x1b" not in shown.stdout
    assert college.zzy("admin", "undo").exit_code in (0, 3)  # a refusal at most, never a crash


# -- sequences, locks, passwords ------------------------------------------------------------------------


@needs_server
def test_a_clerk_cannot_reset_a_sequence(college: Server) -> None:
    college.psql_refused("clerk", "SELECT setval('report_id_seq', 1)")
    college.psql_refused("clerk", "ALTER SEQUENCE report_id_seq RESTART")
    college.ok("clerk", "report add T001 --on 2025-08-30")


@needs_server
def test_a_password_with_a_space_an_at_and_a_colon_is_never_shown_or_kept(college: Server) -> None:
    from sqlalchemy.engine import make_url

    secret = "p@ss w:rd"
    _admin_sql(f"ALTER ROLE {college.role('clerk')} PASSWORD 'p@ss w:rd'")
    query = make_url(PG_URL).query  # type: ignore[arg-type]
    url = (f"postgresql+psycopg://{college.role('clerk')}:{secret}@/{college.database}"
           f"?host={query['host']}&port={query['port']}")
    added = college.zzy_(["--db", url, "report", "add", "T001", "--on", "2025-09-30"])
    assert added.exit_code == 0, added
    command = _entries(college)[0]["command"]
    assert all(part not in str(command) for part in ("p@ss", "ss w", "w:rd")), command
    for words in (["log", "--limit", "1"], ["demo"]):
        done = college.zzy_(["--db", url.replace(college.database, "nope_" + college.database), *words])
        shown = done.stdout + done.stderr
        assert all(part not in shown for part in ("p@ss", "ss w", "w:rd")), shown


@needs_server
def test_a_long_statement_is_not_cut_by_the_wait_for_locks(server: Server) -> None:
    """SPEC 11 bounds waiting for a lock, not work: a statement longer than the whole patience runs."""
    from sqlalchemy import text

    from zzy.db import STATEMENT_LIMIT_MS, Invocation, Ledger
    from zzy.location import Patience

    server.ok("owner", "init")
    ledger = Ledger.open(server.url("owner"), Patience(0.3))

    def work(session: object) -> tuple[str, str]:
        run = session.execute  # type: ignore[attr-defined]
        run(text("SELECT pg_sleep(1.5)"))  # five times the patience (0.4.0+issue 22 first cut: killed at 1 s)
        return run(text("SHOW lock_timeout")).scalar(), run(text("SHOW statement_timeout")).scalar()

    lock_timeout, statement_timeout = ledger.write(Invocation(command="zzy test", user="t"), work)
    ledger.engine.dispose()
    assert lock_timeout.endswith("ms") and int(lock_timeout[:-2]) <= 300
    assert statement_timeout == f"{STATEMENT_LIMIT_MS // 60000}min"
