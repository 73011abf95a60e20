"""Issue 13 (SPEC 10, 11): the audit log is a hash chain; doctor and ``log --verify`` show tampering."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from conftest import PG_URL, Zzy, drop_pg_database, fresh_pg_database
from test_roles import college as college_roles  # noqa: F401  (a server with a role of each kind)
from test_roles import server  # noqa: F401
from zzy import audit, audit_terms, migrations

needs_server = pytest.mark.skipif(PG_URL is None, reason="set ZZY_TEST_PG_URL to a PostgreSQL server")


def _entries(ok: Zzy, tmp_path: Path) -> list[dict]:
    """The audit log as an export holds it, oldest first."""
    out = tmp_path / "export.json"
    ok(["export", str(out)])
    entries = json.loads(out.read_text())["audit"]
    out.unlink()
    return entries


def _problems(result) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(p["check"], p["message"]) for p in result.json()["problems"]]


@pytest.fixture
def raw_sql(backend: str, ledger_path: Path):  # type: ignore[no-untyped-def]
    """Run SQL on the ledger behind zzy's back, as someone with the file or the database would."""
    engine = create_engine(f"sqlite:///{ledger_path}" if backend == "sqlite" else os.environ["ZZY_DB"])

    def run(*statements: str) -> None:
        with engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))

    yield run
    engine.dispose()


# -- the chain as written --------------------------------------------------------------------------

def test_each_entry_is_chained_to_the_one_before(ok: Zzy, college: Path, tmp_path: Path) -> None:
    """The same canonical text on SQLite (zzy) and PostgreSQL (the server's trigger)."""
    ok("appoint T001 jd --kind full --rank section --on 2024-03-01")
    entries = _entries(ok, tmp_path)
    assert len(entries) == 8
    previous = ""
    for entry in entries:
        assert entry["prev_hash"] == previous
        assert entry["hash"] == audit.entry_hash(entry) and len(entry["hash"]) == 64
        previous = entry["hash"]


def test_canonical_text_is_length_prefixed_and_documented() -> None:
    entry = {"id": 12, "at": "2026-01-01T00:00:00+00:00", "user": "clerk", "command": "zzy org add jd 机电",
             "action": "add", "entity": "org", "key": "jd", "before": None, "after": '{"a":\n1}', "prev_hash": ""}
    assert audit.canonical(entry).decode() == (
        "zzy-audit-1\n2:12\n25:2026-01-01T00:00:00+00:00\n5:clerk\n21:zzy org add jd 机电\n3:add\n3:org\n"
        '2:jd\nN\n8:{"a":\n1}\n0:')
    assert audit.short("0123456789abcdef" * 4) == "0123 4567 89ab cdef"


def test_log_verify_prints_the_head_to_note_on_paper(ok: Zzy, college: Path, tmp_path: Path) -> None:
    last = _entries(ok, tmp_path)[-1]
    short = audit.short(last["hash"])
    assert ok("log --verify").stdout == (
        f"审计日志共 {last['id']} 条记录,链头为第 {last['id']} 条。\n"
        f"链头哈希: {last['hash']}\n"
        f"短码: {short}(请抄在纸上;日后再运行 zzy log --verify 对照)\n"
        "审计日志完整,未发现改动。\n"
    )
    assert ok("log --verify --format json").json() == {
        "ok": True, "entries": 7, "head": {"id": 7, "hash": last["hash"], "short": short}, "problems": []}


def test_log_verify_on_an_empty_log(ok: Zzy, ledger: Path) -> None:
    assert ok("log --verify").stdout == "审计日志还没有记录。\n审计日志完整,未发现改动。\n"


def test_concurrent_writers_never_fork_the_chain(ok: Zzy, ledger: Path) -> None:
    writer = ("import sys\nfrom typer.testing import CliRunner\nfrom zzy.cli import app\n"
              "for i in range(12):\n"
              "    r = CliRunner().invoke(app, ['person', 'add', f'{sys.argv[1]}{i:02d}', '并发', '--joined', '2010-01-01'])\n"
              "    assert r.exit_code == 0, r.stderr\n")
    writers = [subprocess.Popen([sys.executable, "-c", writer, tag]) for tag in ("A", "B", "C")]
    assert [w.wait(timeout=300) for w in writers] == [0, 0, 0]
    verdict = ok("log --verify --format json").json()
    assert verdict["ok"] and verdict["entries"] == 36


def test_an_import_is_chained_entry_by_entry(ok: Zzy, ledger: Path, tmp_path: Path) -> None:
    rows = "\n".join(f"P{i:03d},导入,2010-01-01" for i in range(30))
    (tmp_path / "p.csv").write_text(f"工号,姓名,入党日期\n{rows}\n", encoding="utf-8")
    ok(["import", "persons", str(tmp_path / "p.csv")])
    ok("org add jd 机电")
    assert ok("log --verify --format json").json()["entries"] == 31


# -- tampering --------------------------------------------------------------------------------------

@pytest.mark.sqlite_only
def test_replace_into_audit_is_refused(college: Path) -> None:
    """REPLACE deletes the old row without firing the DELETE trigger: its insert is refused instead."""
    with sqlite3.connect(college) as raw, pytest.raises(sqlite3.DatabaseError, match="appended in order"):
        raw.execute("REPLACE INTO audit (id, at, user, command, action, entity, key, prev_hash, hash) "
                    "SELECT id, at, 'eve', command, action, entity, key, prev_hash, hash FROM audit WHERE id = 2")


def test_an_entry_out_of_order_or_unlinked_is_refused(ok: Zzy, college: Path, raw_sql, backend: str) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import exc

    columns = 'INSERT INTO audit (id, at, "user", command, action, entity, "key", prev_hash, hash) VALUES '
    if backend == "postgresql":  # the server numbers and links every entry itself (issue 22): a given id is ignored
        count = len(ok("log --format json").json())
        raw_sql(columns + "(3, 'x', 'eve', 'c', 'add', 'org', 'k', '', 'h')")
        assert ok("log --limit 1 --format json").json()[0]["id"] == count + 1
        assert ok("log --verify --format json").json()["ok"]
        return
    with pytest.raises(exc.DBAPIError, match="appended in order"):
        raw_sql(columns + "(3, 'x', 'eve', 'c', 'add', 'org', 'k', '', 'h')")  # a number already used
    with pytest.raises(exc.DBAPIError, match="appended in order"):
        raw_sql(columns + "(99, 'x', 'eve', 'c', 'add', 'org', 'k', 'not-the-head', 'h')")


def test_the_head_moves_only_with_the_log(college: Path, raw_sql) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import exc

    for statement in ("UPDATE audit_head SET last_id = 3", "DELETE FROM audit_head",
                      "INSERT INTO audit_head (id, last_id, hash) VALUES (2, 0, '')"):
        with pytest.raises(exc.DBAPIError, match="head"):
            raw_sql(statement)


@pytest.mark.sqlite_only
def test_doctor_names_a_changed_entry_after_drop_trigger(ok: Zzy, zzy: Zzy, college: Path) -> None:
    with sqlite3.connect(college) as raw:
        raw.execute("DROP TRIGGER audit_no_update")
        raw.execute("UPDATE audit SET command = 'zzy org add jd 别的' WHERE id = 2")
    result = zzy("doctor --format json")
    assert result.exit_code == 1
    assert _problems(result) == [
        ("audit_triggers", "保护审计日志的触发器 audit_no_update 不存在(可能被 DROP TRIGGER 删除)。"),
        ("audit_chain", "第 2 条审计记录的内容与其哈希不符: 这条记录被改动过。"),
    ]
    verify = zzy("log --verify --format json")
    assert verify.exit_code == 1
    assert _problems(verify) == [("audit_chain", "第 2 条审计记录的内容与其哈希不符: 这条记录被改动过。")]


@pytest.mark.sqlite_only
def test_doctor_names_a_removed_entry_and_a_removed_tail(zzy: Zzy, college: Path) -> None:
    with sqlite3.connect(college) as raw:
        raw.executescript("DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id IN (3, 7);")
        raw.execute(audit_terms.SQLITE_APPEND_ONLY["audit_no_delete"])
    result = zzy("doctor --format json")
    assert result.exit_code == 1
    problems = _problems(result)
    assert problems[:2] == [
        ("audit_chain", "第 4 条审计记录接不上第 2 条: 两者之间的记录被删除,或这条记录被插入到了错误的位置。"),
        ("audit_chain", "审计日志末尾的记录被删除: 链头记录的是第 7 条,日志只到第 6 条。"),
    ]
    # and the witness outside the file (zzy.witness) saw entry 7
    assert [(c, m.split("(")[0]) for c, m in problems[2:]] == [("audit_witness", "审计日志比本机的见证短: 见证记录的链头是第 7 条")]


@pytest.mark.sqlite_only
def test_doctor_names_an_entry_inserted_out_of_order(zzy: Zzy, college: Path) -> None:
    with sqlite3.connect(college) as raw:
        raw.executescript("DROP TRIGGER audit_no_delete; DROP TRIGGER audit_in_order; DROP TRIGGER audit_head_follows; "
                          "DELETE FROM audit WHERE id = 3;")
        raw.execute("INSERT INTO audit (id, at, user, command, action, entity, key, prev_hash, hash) "
                    "SELECT 3, at, user, 'zzy forged', action, entity, key, prev_hash, hash FROM audit WHERE id = 6")
    problems = _problems(zzy("doctor --format json"))
    assert [m for c, m in problems if c == "audit_chain"] == [
        "第 3 条审计记录的内容与其哈希不符: 这条记录被改动过。",
        "第 3 条审计记录接不上第 2 条: 两者之间的记录被删除,或这条记录被插入到了错误的位置。",
        "第 4 条审计记录接不上第 3 条: 两者之间的记录被删除,或这条记录被插入到了错误的位置。",
    ]


@pytest.mark.sqlite_only
def test_doctor_checks_the_audit_tables_shape(zzy: Zzy, college: Path) -> None:
    with sqlite3.connect(college) as raw:
        raw.execute("ALTER TABLE audit ADD COLUMN note TEXT")
    result = zzy("doctor --format json")
    assert result.exit_code == 1
    assert ("audit_table", "表 audit 的结构与本版 zzy 不符: 多出列 note。") in _problems(result)
    assert zzy("log --verify").exit_code == 1


def test_doctor_passes_an_untouched_ledger(ok: Zzy, college: Path) -> None:
    assert ok("doctor --format json").json() == {"ok": True, "problems": [], "accepted": []}


# -- PostgreSQL: the server links the chain and names the user --------------------------------------

def test_the_server_records_its_session_user_and_time(ok: Zzy, college: Path, raw_sql, backend: str) -> None:  # type: ignore[no-untyped-def]
    if backend != "postgresql":
        pytest.skip("the server's session_user")
    from sqlalchemy.engine import make_url

    login = make_url(os.environ["ZZY_DB"]).username
    assert {entry["user"] for entry in ok("log --format json").json()} == {login}
    raw_sql("INSERT INTO audit (at, \"user\", command, action, entity, \"key\") "
            "VALUES ('2026-01-01T00:00:00+00:00', 'somebody-else', 'psql', 'add', 'org', 'x')")
    newest = ok("log --limit 1 --format json").json()[0]
    assert newest["user"] == login and newest["command"] == ""  # not zzy's: the server's empty command line
    assert newest["at"] != "2026-01-01T00:00:00+00:00" and newest["at"].endswith("+00:00")  # the server's clock
    assert datetime.fromisoformat(newest["at"]) > datetime.now(UTC) - timedelta(minutes=5)
    assert ok("log --verify --format json").json()["ok"]


def test_doctor_names_a_disabled_trigger_and_a_changed_entry_on_the_server(
        zzy: Zzy, college: Path, raw_sql, backend: str) -> None:  # type: ignore[no-untyped-def]
    if backend != "postgresql":
        pytest.skip("PostgreSQL triggers")
    raw_sql("ALTER TABLE audit DISABLE TRIGGER audit_no_change", "UPDATE audit SET \"key\" = 'zz' WHERE id = 2")
    result = zzy("doctor --format json")
    assert result.exit_code == 1
    assert _problems(result) == [
        ("audit_triggers", "保护审计日志的触发器 audit_no_change(表 audit)被停用了。"),
        ("audit_chain", "第 2 条审计记录的内容与其哈希不符: 这条记录被改动过。"),
        ("audit_chain", "在数据库服务器上,只有账本所有者角色或超级用户能够改动审计日志:以上改动是他们(或以他们身份登录的人)所为。"),
    ]


@needs_server
@pytest.mark.sqlite_only  # makes its own server database
def test_a_server_ledger_of_schema_2_is_chained_on_upgrade(ok: Zzy) -> None:
    url = fresh_pg_database()
    try:
        engine = create_engine(url)
        with engine.begin() as connection:
            migrations.upgrade(connection, 2)
            connection.exec_driver_sql("INSERT INTO zzy_meta VALUES ('app', 'zzy'), ('schema_version', '2')")
            connection.exec_driver_sql(
                "INSERT INTO audit (at, \"user\", command, action, entity, \"key\", \"after\") VALUES "
                "('2025-01-01T00:00:00+00:00', 'old', 'zzy org add jd 机电', 'add', 'org', 'jd', '{}'), "
                "('2025-01-02T00:00:00+00:00', 'old', 'zzy org add xx 信息', 'add', 'org', 'xx', NULL)")
        engine.dispose()
        ok(["--db", url, "org", "add", "dw", "党委", "--kind", "committee"])
        verdict = ok(["--db", url, "log", "--verify", "--format", "json"]).json()
        assert verdict["ok"] and verdict["entries"] == 3
        users = [e["user"] for e in ok(["--db", url, "log", "--format", "json"]).json()]
        assert users[1:] == ["old", "old"]  # entries before the upgrade keep their user
    finally:
        drop_pg_database(url)


@pytest.mark.sqlite_only
def test_a_file_ledger_of_schema_2_is_chained_on_upgrade(ok: Zzy, tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        migrations.upgrade(connection, 2)
        connection.exec_driver_sql("INSERT INTO zzy_meta VALUES ('app', 'zzy'), ('schema_version', '2')")
        connection.exec_driver_sql(
            "INSERT INTO audit (at, user, command, action, entity, key) VALUES "
            "('2025-01-01T00:00:00+00:00', 'old', 'zzy org add jd 机电', 'add', 'org', 'jd')")
    engine.dispose()
    ok(["--db", str(path), "org", "add", "xx", "信息"])
    assert ok(["--db", str(path), "log", "--verify", "--format", "json"]).json()["entries"] == 2
    assert ok(["--db", str(path), "doctor", "--format", "json"]).json() == {"ok": True, "problems": [], "accepted": []}


# -- a password in a server URL (SPEC 10) ---------------------------------------------------------

def _with_password(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(password="s3cret-pw").render_as_string(hide_password=False)


def test_a_password_in_the_url_never_reaches_the_log_or_an_export(ok: Zzy, college: Path, tmp_path: Path,
                                                                  backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("a server URL")
    url = _with_password(os.environ["ZZY_DB"])
    written = ok(["--db", url, "org", "add", "pw", "密码测试"])
    ok(["--db", f"{url}&password=other-pw", "org", "rename", "pw", "改名"])
    ok(["--db", url, "export", str(tmp_path / "e.json")])
    exported = (tmp_path / "e.json").read_text()
    log = ok("log --limit 2 --format json").json()
    assert "s3cret-pw" not in exported + written.stdout + written.stderr + json.dumps(log)
    assert "other-pw" not in exported + json.dumps(log)
    assert log[1]["command"].startswith("zzy --db 'postgresql+psycopg://zzy:***@/zzy_t_")
    assert "password=***" in log[0]["command"]
    assert ok("log --verify --format json").json()["ok"]


def test_a_password_never_reaches_a_message(zzy: Zzy, tmp_path: Path) -> None:
    for url in ("postgresql+nosuchdriver://clerk:s3cret-pw@db.example/zzy",
                "postgresql+psycopg://clerk@/zzy?host=/nonexistent&password=s3cret-pw"):
        result = zzy(["--db", url, "org", "list"])
        assert result.exit_code == 4 and result.stderr.startswith("错误: ")
        assert "s3cret-pw" not in result.stderr + result.stdout and "***" in result.stderr


@pytest.mark.parametrize("text, masked", [
    ("zzy --db postgresql+psycopg://clerk:s3cret@db/zzy org list", "zzy --db postgresql+psycopg://clerk:***@db/zzy org list"),
    ("--db=postgresql://clerk:p@ss/w@db:5432/zzy", "--db=postgresql://clerk:***@db:5432/zzy"),
    ("postgresql://:s3cret@db/zzy", "postgresql://:***@db/zzy"),
    ("postgresql://clerk@db/zzy?password=s3cret&sslmode=require", "postgresql://clerk@db/zzy?password=***&sslmode=require"),
    ("postgresql://clerk@db/zzy", "postgresql://clerk@db/zzy"),
    ("/home/clerk/a:b@c/ledger.db", "/home/clerk/a:b@c/ledger.db"),
])
def test_passwords_are_masked_wherever_a_url_is_written(text: str, masked: str) -> None:
    assert audit.without_passwords(text) == masked


def test_the_server_takes_given_users_only_when_restoring_an_empty_log(ok: Zzy, ledger: Path, raw_sql,
                                                                       backend: str) -> None:  # type: ignore[no-untyped-def]
    if backend != "postgresql":
        pytest.skip("the server's chain trigger")
    from sqlalchemy import exc

    first = audit.chained([{"id": 1, "at": "2020-01-01T00:00:00+00:00", "user": "old-clerk", "command": "zzy",
                            "action": "add", "entity": "org", "key": "jd", "before": None, "after": None}],
                          audit.Head(0, audit.GENESIS))[0]
    insert = ('INSERT INTO audit (id, at, "user", command, action, entity, "key", prev_hash, hash) VALUES '
              "(1, '{at}', '{user}', 'zzy', 'add', 'org', 'jd', '', '{hash}')")
    restoring = "SELECT set_config('zzy.restoring', 'on', true)"
    with pytest.raises(exc.DBAPIError, match="does not match its hash"):
        raw_sql(restoring, insert.format(**{**first, "hash": "0" * 64}))
    raw_sql(restoring, insert.format(**first))
    assert ok("log --format json").json()[0]["user"] == "old-clerk"
    raw_sql(restoring, insert.replace("(1,", "(2,").format(**first))  # no longer empty: the server's user
    assert ok("log --limit 1 --format json").json()[0]["user"] != "old-clerk"
    assert ok("log --verify --format json").json()["ok"]


# -- roles on the server (issue 17): who can verify the chain -------------------------------------

@pytest.mark.sqlite_only  # the roles tests drive their own server database
def test_every_unscoped_role_verifies_the_chain_and_a_scoped_one_is_told_why_not(college_roles) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    owner_head = college_roles.ok("owner", "log --verify --format json").json()["head"]
    for who in ("admin", "clerk", "reader"):
        assert college_roles.ok(who, "log --verify --format json").json()["head"] == owner_head
        assert college_roles.ok(who, "doctor --format json").json()["ok"]
    college_roles.ok("clerk", "person add T009 新人 --joined 2015-06-01")
    assert college_roles.ok("reader", "log --verify --format json").json()["entries"] == owner_head["id"] + 1
    scoped = college_roles.zzy("jdreader", "log --verify --format json")  # a right it lacks: refused, exit 3
    assert (scoped.exit_code, scoped.stdout) == (3, "")
    assert scoped.stderr == ("错误: 核对审计日志需要能看到整个账本,而您的角色只限党组织 jd,看不到其余记录。"
                             "请由不限党组织的角色或账本所有者运行。\n")
