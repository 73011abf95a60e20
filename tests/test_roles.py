"""Issue 17 / SPEC section 10: who may do what on a shared PostgreSQL ledger, enforced by the server.

Each test makes its own login roles and database on the test server (``ZZY_TEST_PG_URL``), builds a
small college as the database's owner, grants rights as an admin, then connects as each role, through
zzy and through ``psql``, and checks every right and every refusal.
"""

from __future__ import annotations

import json
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import PG_URL, Result, Zzy

needs_server = pytest.mark.skipif(PG_URL is None, reason="set ZZY_TEST_PG_URL to a PostgreSQL server")
pytestmark = pytest.mark.sqlite_only  # the tests drive the server themselves, with their own roles

#: The roles each test makes: the owner of the database, and one login role per kind of clerk.
ROLES = ("owner", "admin", "clerk", "reader", "jdclerk", "jdreader", "stranger")

COLLEGE = [
    "org add dw 学院党委 --kind committee", "org add jd 机电工程学院党总支", "org add xx 信息工程学院党总支",
    "person add T001 张三 --joined 2015-06-01 --full 2016-06-01",
    "person add T002 李四 --joined 2015-06-01 --full 2016-06-01",
    "person add T003 王五 --joined 2015-06-01 --full 2016-06-01",
    "person add T004 赵六 --joined 2015-06-01 --full 2016-06-01",
    "appoint T001 jd --kind full --rank none --on 2024-01-01",
    "appoint T002 xx --kind full --rank none --on 2024-01-01",
    "appoint T004 jd --kind part --rank none --on 2020-01-01", "leave T004 --on 2023-12-31",
    "appoint T004 xx --kind part --rank none --on 2024-01-01",
    "report add T001 --on 2025-06-30", "report add T002 --on 2025-06-30",
    "target add T002 --title 发展党员 --due 2025-12-31",
    "assess T002 --year 2024 --grade incompetent",
    "commend T001 --on 2025-07-01 --title 优秀组织员",
    "training add --on 2025-05-20 --title 机电业务培训 --host jd", "training attend 1 T001",
    "training add --on 2025-05-21 --title 信息业务培训 --host xx", "training attend 2 T002",
]


def _admin_sql(sql: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(PG_URL, isolation_level="AUTOCOMMIT")  # type: ignore[arg-type]
    with engine.connect() as connection:
        connection.execute(text(sql))
    engine.dispose()


@dataclass
class Server:
    """A database of the test server with a role for each kind of user; zzy and psql as each."""

    zzy_: Zzy
    tag: str

    @property
    def database(self) -> str:
        return f"zzy_t_{self.tag}"

    def role(self, who: str) -> str:
        return f"zt_{self.tag}_{who}"

    def url(self, who: str) -> str:
        from sqlalchemy.engine import make_url

        return make_url(PG_URL).set(username=self.role(who), password=None, database=self.database) \
            .render_as_string(hide_password=False)

    def zzy(self, who: str, command: str) -> Result:
        return self.zzy_(["--db", self.url(who), *command.split()])

    def ok(self, who: str, command: str) -> Result:
        result = self.zzy(who, command)
        assert result.exit_code == 0, (who, command, result)
        return result

    def refused(self, who: str, command: str) -> str:
        """The message of a command that must be refused with exit 3 (and no traceback)."""
        result = self.zzy(who, command)
        assert result.exit_code == 3, (who, command, result)
        assert result.stderr.startswith("错误: ") and result.stdout == "", result
        return result.stderr

    def psql(self, who: str, sql: str) -> subprocess.CompletedProcess[str]:
        from sqlalchemy.engine import make_url

        query = make_url(PG_URL).query
        conninfo = (f"host={query.get('host', 'localhost')} port={query.get('port', 5432)} "
                    f"user={self.role(who)} dbname={self.database}")
        return subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", conninfo, "-c", sql],
                              capture_output=True, text=True, timeout=60)

    def psql_refused(self, who: str, sql: str) -> str:
        done = self.psql(who, sql)
        assert done.returncode != 0, (who, sql, done.stdout)
        return done.stderr

    def staff_nos(self, who: str, command: str) -> list[str]:
        return sorted({row["staff_no"] for row in self.ok(who, f"{command} --format json").json()})


@pytest.fixture
def server(zzy: Zzy) -> Iterator[Server]:
    """Login roles and a database owned by the owner role (not a superuser); dropped afterwards."""
    if PG_URL is None:
        pytest.skip("set ZZY_TEST_PG_URL to a PostgreSQL server")
    made = Server(zzy, uuid.uuid4().hex[:10])
    for who in ROLES:
        _admin_sql(f"CREATE ROLE {made.role(who)} LOGIN{' CREATEROLE' if who == 'owner' else ''}")
    _admin_sql(f"CREATE DATABASE {made.database} OWNER {made.role('owner')}")
    try:
        yield made
    finally:
        _admin_sql(f"DROP DATABASE IF EXISTS {made.database} WITH (FORCE)")
        for who in ROLES:
            _admin_sql(f"DROP ROLE IF EXISTS {made.role(who)}")


@pytest.fixture
def college(server: Server) -> Server:
    """The owner builds the ledger and a college; an admin grants every other role its right."""
    server.ok("owner", "init")
    for command in COLLEGE:
        server.ok("owner", command)
    server.ok("owner", f"grant {server.role('admin')} --as admin")
    for who, right in (("clerk", "clerk"), ("reader", "reader"), ("jdclerk", "clerk --org jd"),
                       ("jdreader", "reader --org jd")):
        server.ok("admin", f"grant {server.role(who)} --as {right}")
    return server


# -- the owner builds the schema --------------------------------------------------------------------


@needs_server
def test_init_on_a_server_is_run_by_the_database_owner_and_says_so(server: Server) -> None:
    owner, clerk = server.role("owner"), server.role("clerk")
    message = server.refused("clerk", "init")
    assert message == (f"错误: 建立账本结构须由数据库的所有者角色 {owner} 运行,您连接的角色是 {clerk}。"
                       f"请用 {owner} 连接(例如 --db 'postgresql+psycopg://{owner}@主机/库名')后运行 zzy init。\n")
    assert server.psql("owner", "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").stdout == "0\n"
    created = server.ok("owner", "init")
    assert created.stderr == (f"账本所有者角色: {owner}(今后升级也须由它运行 zzy init)。"
                              "请用 zzy grant 角色 --as reader|clerk|admin 为每位文书授权。\n")
    owners = server.psql("owner", "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'")
    assert owners.stdout == f"{owner}\n"


@needs_server
def test_init_says_the_owner_needs_createrole_for_the_groups(server: Server) -> None:
    owner = server.role("owner")
    _admin_sql(f"ALTER ROLE {owner} NOCREATEROLE")
    assert server.refused("owner", "init") == (
        f"错误: 建立账本结构的角色 {owner} 需要 CREATEROLE(以建立权限组 zzy_reader、zzy_clerk、zzy_admin 并给文书授权)。"
        f"请数据库管理员运行 ALTER ROLE {owner} CREATEROLE。未做任何改动。\n")
    assert server.psql("owner", "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").stdout == "0\n"


# -- grants -------------------------------------------------------------------------------------------


@needs_server
def test_grant_list_shows_each_role_its_right_and_orgs_and_the_log_keeps_each_grant(
        college: Server, tmp_path: Path) -> None:
    role = college.role
    listed = college.ok("admin", "grant --list --format json").json()
    written = tmp_path / "grants.csv"
    assert college.ok("admin", f"grant --list --output {written}").stdout == f"已写入 CSV 文件: {written}\n"
    assert written.read_text(encoding="utf-8-sig").splitlines()[:2] == ["role,right,orgs", f"{role('admin')},admin,"]
    assert listed == [
        {"role": role("admin"), "right": "admin", "orgs": None},
        {"role": role("clerk"), "right": "clerk", "orgs": None},
        {"role": role("jdclerk"), "right": "clerk", "orgs": ["jd"]},
        {"role": role("jdreader"), "right": "reader", "orgs": ["jd"]},
        {"role": role("reader"), "right": "reader", "orgs": None},
    ]
    assert college.ok("admin", f"grant {role('reader')} --as 文书 --org xx --org jd").stdout == \
        f"已授予角色 {role('reader')} 文书权限(clerk),限党组织 jd、xx。\n"
    entry = college.ok("admin", "log --limit 1 --format json").json()[0]
    assert (entry["action"], entry["entity"], entry["key"], entry["after"]) == \
        ("grant", "grant", role("reader"), {"orgs": ["jd", "xx"], "right": "clerk", "role": role("reader")})
    groups = college.psql("owner", f"SELECT string_agg(g.rolname, ',') FROM pg_auth_members m "
                                   f"JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles r ON r.oid = m.member "
                                   f"WHERE r.rolname = '{role('reader')}'")
    assert groups.stdout == "zzy_clerk\n"


@needs_server
def test_grant_refuses_an_unknown_role_an_unknown_org_and_a_scoped_admin(college: Server) -> None:
    assert college.refused("admin", "grant zt_nobody_here --as clerk") == (
        "错误: 数据库服务器上没有角色 zt_nobody_here。请信息中心先建立登录角色: CREATE ROLE zt_nobody_here LOGIN。"
        "未做任何改动。\n")
    assert college.refused("admin", f"grant {college.role('clerk')} --as clerk --org jd --org nope") == \
        "错误: 没有党组织 nope。未做任何改动。\n"
    assert college.refused("admin", f"grant {college.role('clerk')} --as admin --org jd") == \
        "错误: admin 管理整个账本,不能限定党组织。未做任何改动。\n"
    assert college.refused("admin", f"grant {college.role('owner')} --as clerk").startswith(
        f"错误: 角色 {college.role('owner')} 是账本所有者")
    usage = college.zzy("admin", f"grant {college.role('clerk')} --as boss")
    assert usage.exit_code == 2 and "reader(只读)、clerk(文书)、admin(管理员)" in usage.stderr


@needs_server
def test_revoke_takes_every_right_back(college: Server) -> None:
    reader = college.role("reader")
    assert college.ok("admin", f"revoke {reader}").stdout == f"已收回角色 {reader} 对本账本的全部权限。\n"
    assert college.refused("reader", "org list").startswith("错误: 没有读取权限(reader)")
    assert "permission denied for" in college.psql_refused("reader", "SELECT * FROM org")
    assert [g["role"] for g in college.ok("admin", "grant --list --format json").json()] == \
        [college.role(who) for who in ("admin", "clerk", "jdclerk", "jdreader")]
    assert college.refused("admin", f"revoke {reader}") == f"错误: 角色 {reader} 没有本账本的授权。未做任何改动。\n"


@pytest.mark.parametrize("command", ["grant wang --as clerk", "grant --list", "revoke wang"])
def test_grant_and_revoke_on_sqlite_explain_that_the_file_permissions_decide(
        zzy: Zzy, tmp_path: Path, command: str) -> None:
    result = zzy(["--db", str(tmp_path / "ledger.db"), *command.split()])
    assert result.exit_code == 3
    assert result.stderr == ("错误: SQLite 账本没有数据库角色,谁能读写由账本文件的权限决定(zzy 建的账本只有文件所有者可读写,0600)。"
                             "要让多位文书共用一个账本并分别授权,请使用 PostgreSQL 账本(见 README 的服务器一节)。\n")


# -- each right, and each refusal, through zzy and through psql ---------------------------------------------


@needs_server
def test_a_role_without_a_grant_reads_nothing(college: Server) -> None:
    assert college.refused("stranger", "org list") == (
        "错误: 没有读取权限(reader): 数据库角色没有这个账本的授权(permission denied for table zzy_meta)。"
        "如需此权限,请账本管理员用 zzy grant 授予。\n")
    for table in ("person", "audit", "zzy_access", "zzy_meta"):  # (or for the functions their policies call)
        assert "permission denied for" in college.psql_refused("stranger", f"SELECT * FROM {table}")


@needs_server
def test_a_reader_reads_every_report_but_cannot_write(college: Server) -> None:
    assert college.staff_nos("reader", "person list") == ["T001", "T002", "T003", "T004"]
    assert len(college.ok("reader", "roster --year 2025 --format json").json()["rows"]) == 3
    college.ok("reader", "remind --as-of 2025-11-01")
    assert college.refused("reader", "person add T009 钱七 --joined 2015-06-01") == (
        "错误: 没有写入权限(clerk): 数据库角色只能读取这个账本(permission denied for table person)。"
        "如需此权限,请账本管理员用 zzy grant 授予。未做任何改动。\n")
    assert college.refused("reader", "report add T001 --on 2025-07-01").startswith("错误: 没有写入权限(clerk)")
    for sql in ("INSERT INTO report (person_id, date, special) VALUES (1, '2025-07-01', false)",
                "UPDATE person SET name = 'x'", "DELETE FROM commendation"):
        assert "permission denied for table" in college.psql_refused("reader", sql)
    assert college.staff_nos("owner", "report list") == ["T001", "T002"]


@needs_server
def test_a_clerk_writes_records_but_not_config_grants_restore_or_voids(college: Server, tmp_path: Path) -> None:
    college.ok("clerk", "person add T009 钱七 --joined 2015-06-01 --full 2016-06-01")
    college.ok("clerk", "appoint T009 xx --kind part --rank none --on 2025-01-01")
    college.ok("clerk", "report add T009 --on 2025-07-01")
    assert college.refused("clerk", "config set remind_within_days 30") == \
        "错误: 没有修改设置的权限(admin)。如需此权限,请账本管理员用 zzy grant 授予。未做任何改动。\n"
    assert college.refused("clerk", f"grant {college.role('stranger')} --as reader") == \
        "错误: 授权需要管理员权限(admin)。如需此权限,请账本管理员用 zzy grant 授予。未做任何改动。\n"
    assert college.refused("clerk", "grant --list").startswith("错误: 查看授权需要管理员权限(admin)")
    assert college.refused("clerk", f"revoke {college.role('reader')}").startswith("错误: 收回权限需要管理员权限(admin)")
    export = tmp_path / "x.json"
    college.ok("clerk", f"export {export}")
    assert college.refused("clerk", f"restore {export}") == \
        "错误: 恢复账本需要管理员权限(admin)。如需此权限,请账本管理员用 zzy grant 授予。未做任何改动。\n"
    # psql meets the same server: voids of people and orgs, and settings, are an admin's
    assert "作废人员需要管理员权限(admin)" in college.psql_refused("clerk", "DELETE FROM person WHERE staff_no = 'T003'")
    assert "作废党组织需要管理员权限(admin)" in college.psql_refused("clerk", "DELETE FROM org WHERE code = 'dw'")
    assert "permission denied for table setting" in college.psql_refused(
        "clerk", "INSERT INTO setting VALUES ('remind_within_days', '1')")
    assert college.psql("admin", "DELETE FROM person WHERE staff_no = 'T003'").returncode == 0
    assert college.ok("admin", "config set remind_within_days 30").exit_code == 0
    assert college.staff_nos("owner", "person list") == ["T001", "T002", "T004", "T009"]


@needs_server
def test_a_clerk_imports_every_kind_and_a_scoped_clerk_its_own_orgs_posts(college: Server, tmp_path: Path) -> None:
    """An import is a clerk's write like any other (0.6.0 read the audit log's sequence, which a clerk may
    not, and refused every import a clerk made on a server)."""
    files = {
        "orgs": "代码,名称,类别\njx,经济管理学院党总支,党总支\n",
        "persons": "工号,姓名,入党日期,转正日期\nT101,赵敏,2015-06-01,2016-06-01\nT102,钱伟,2015-06-01,2016-06-01\n",
        "work": "工号,起始日期,结束日期\nT101,2016-01-01,2019-12-31\n",
        "appointments": "工号,党组织,类别,职级,任职日期\nT101,jx,专职,无,2025-01-01\n",
    }
    before = len(college.ok("owner", "log --limit 100000 --format json").json())
    for kind, text in files.items():
        path = tmp_path / f"{kind}.csv"
        path.write_text(text, encoding="utf-8")
        college.ok("clerk", f"import {kind} {path}")
    entries = college.ok("owner", "log --limit 100000 --format json").json()[: -before or None]
    assert sorted(e["entity"] for e in entries) == ["appointment", "org", "person", "person", "work"]
    assert {e["user"] for e in entries} == {college.role("clerk")}
    assert college.ok("admin", "log --verify").exit_code == 0
    scoped = tmp_path / "jd.csv"
    scoped.write_text("工号,党组织,类别,职级,任职日期\nT102,jd,兼职,无,2025-01-01\n", encoding="utf-8")
    college.ok("jdclerk", f"import appointments {scoped}")
    assert "T102" in college.staff_nos("jdreader", "post list")
    outside = tmp_path / "xx.csv"
    outside.write_text("工号,党组织,类别,职级,任职日期\nT003,xx,兼职,无,2025-01-01\n", encoding="utf-8")
    assert college.zzy("jdclerk", f"import appointments {outside}").exit_code == 3


@needs_server
def test_nobody_but_the_owner_can_disable_a_trigger_delete_the_audit_log_or_drop_a_policy(college: Server) -> None:
    for who in ("admin", "clerk"):
        assert "must be owner of table audit" in college.psql_refused(who, "ALTER TABLE audit DISABLE TRIGGER USER")
        assert "must be owner of table person" in college.psql_refused(who, "ALTER TABLE person DISABLE TRIGGER ALL")
        assert "permission denied for table audit" in college.psql_refused(who, "DELETE FROM audit")
        assert "permission denied for table audit" in college.psql_refused(who, "TRUNCATE audit")
        assert "permission denied for table audit" in college.psql_refused(who, "UPDATE audit SET command = 'x'")
        assert "must be owner of relation person" in college.psql_refused(who, "DROP POLICY zzy_read ON person")
        assert "must be owner of table person" in college.psql_refused(
            who, "ALTER TABLE person DISABLE ROW LEVEL SECURITY")
        replaced = college.psql_refused(
            who, "CREATE OR REPLACE FUNCTION zzy_level() RETURNS integer LANGUAGE sql AS 'SELECT 3'")
        assert "permission denied for schema public" in replaced or "must be owner of function" in replaced
        assert "permission denied for table zzy_access" in college.psql_refused(
            who, f"UPDATE zzy_access SET orgs = NULL WHERE role = '{college.role('jdclerk')}'")
        assert "permission denied for schema public" in college.psql_refused(who, "CREATE TABLE sneaky (x int)")
    tables = college.psql("owner", "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' "
                                   f"AND tableowner <> '{college.role('owner')}'")
    assert tables.stdout == "0\n"


# -- a role limited to some orgs ---------------------------------------------------------------------------


@needs_server
def test_a_scoped_clerk_sees_and_writes_only_its_orgs(college: Server) -> None:
    # its org, the people who hold or held a post there, and the people who hold none yet
    assert [o["code"] for o in college.ok("jdclerk", "org list --format json").json()] == ["jd"]
    assert college.staff_nos("jdclerk", "person list") == ["T001", "T003", "T004"]
    assert college.refused("jdclerk", "person show T002").startswith("错误: 没有工号为 T002 的人员")
    college.ok("jdclerk", "person add T009 钱七 --joined 2015-06-01 --full 2016-06-01")
    college.ok("jdclerk", "appoint T009 jd --kind part --rank none --on 2025-01-01")
    college.ok("jdclerk", "report add T001 --on 2025-07-01")
    assert college.refused("jdclerk", "org add yy 新党支部") == \
        "错误: 无权修改党组织 yy 的记录(授权范围: jd)。如需此权限,请账本管理员用 zzy grant 授予。未做任何改动。\n"
    assert college.refused("jdclerk", "appoint T003 xx --kind part --rank none --on 2025-01-01").startswith(
        "错误: 没有代码为 xx 的党组织")
    assert college.refused("jdclerk", "report add T002 --on 2025-07-01").startswith("错误: 没有工号为 T002 的人员")
    # psql: a write at another org is refused; rows there are out of reach
    xx = college.psql("owner", "SELECT id FROM org WHERE code = 'xx'").stdout.strip()
    assert "无权修改党组织 xx 的记录(授权范围: jd)" in college.psql_refused(
        "jdclerk", f"INSERT INTO appointment (person_id, org_id, kind, rank, start, promoted) "
                   f"VALUES (3, {xx}, 'part', 'none', '2025-01-01', false)")
    assert "row-level security" in college.psql_refused(
        "jdclerk", "INSERT INTO report (person_id, date, special) VALUES (2, '2025-07-01', false)")
    assert college.psql("jdclerk", "UPDATE person SET name = 'x' WHERE staff_no = 'T002'").returncode == 0
    assert college.psql("jdclerk", "DELETE FROM report WHERE person_id = 2").returncode == 0
    assert college.psql("owner", "SELECT name FROM person WHERE staff_no = 'T002'").stdout == "李四\n"
    assert college.staff_nos("owner", "report list") == ["T001", "T002"]
    assert college.psql("jdclerk", "SELECT count(*) FROM appointment").stdout == "3\n"


@needs_server
def test_a_scoped_clerk_reads_and_writes_the_photo_and_resume_only_of_the_people_it_sees(
        college: Server, tmp_path: Path) -> None:
    photo = tmp_path / "photo.jpg"
    photo.write_bytes((Path(__file__).parent / "fixtures" / "photo.jpg").read_bytes())
    for staff_no in ("T001", "T002"):  # T001 holds a post at jd, T002 at xx
        college.ok("owner", f"person photo {staff_no} {photo}")
        college.ok("owner", f"resume add {staff_no} --from 2008-09-01 --text 学习")
    # zzy: the clerk limited to jd sees T001's, and T002 is no one it knows
    assert [row["staff_no"] for row in college.ok("jdclerk", "resume list --format json").json()] == ["T001"]
    assert college.refused("jdclerk", "person photo T002 --clear").startswith("错误: 没有工号为 T002 的人员")
    assert college.ok("jdclerk", f"paper approval T001 --output {tmp_path / 'a.html'}").exit_code == 0
    # psql: the rows of T002 are out of its reach, to read and to write
    assert college.psql("jdclerk", "SELECT count(*) FROM photo").stdout == "1\n"
    assert college.psql("jdclerk", "SELECT count(*) FROM photo WHERE person_id = 2").stdout == "0\n"
    assert college.psql("jdclerk", "SELECT count(*) FROM resume WHERE person_id = 2").stdout == "0\n"
    assert college.psql("jdreader", "SELECT count(*) FROM resume").stdout == "1\n"
    assert "row-level security" in college.psql_refused(
        "jdclerk", "INSERT INTO resume (person_id, start, text) VALUES (2, '2012-07-01', '伪造')")
    assert college.psql("jdclerk", "DELETE FROM photo WHERE person_id = 2").returncode == 0  # finds nothing
    assert college.psql("owner", "SELECT count(*) FROM photo").stdout == "2\n"
    # nor does the audit log show it what was written about T002
    keys = {(entry["entity"], entry["key"]) for entry in college.ok("jdreader", "log --format json").json()}
    assert ("photo", "T001") in keys and ("resume", "T001") in keys
    assert ("photo", "T002") not in keys and ("resume", "T002") not in keys
    assert "permission denied for table photo" in college.psql_refused("stranger", "SELECT * FROM photo")
    assert "permission denied for table resume" in college.psql_refused("reader", "DELETE FROM resume")
    # nor may it tell the log of them, and a résumé's date is a day
    entry = json.dumps([{"action": "add", "entity": "resume", "key": "T002", "n": 0}])
    assert "无权为所辖党组织以外的人员或党组织写审计记录" in college.psql_refused(
        "jdclerk", f"SELECT zzy_audit_append('{entry}')")
    assert "resume_start_a_day" in college.psql_refused("clerk", "UPDATE resume SET start = 'infinity'")


@needs_server
def test_a_photo_written_with_psql_is_audited_by_its_hash_not_its_bytes(college: Server) -> None:
    import hashlib

    jpeg = (Path(__file__).parent / "fixtures" / "photo.jpg").read_bytes()
    college.psql("clerk", f"INSERT INTO photo (person_id, format, width, height, image) "
                          f"VALUES (1, 'jpeg', 80, 110, '\\x{jpeg.hex()}'::bytea)")
    entry = college.ok("owner", "log --limit 1 --format json").json()[0]
    assert (entry["action"], entry["entity"]) == ("insert", "photo")
    assert entry["after"]["sha256"] == hashlib.sha256(jpeg).hexdigest() and entry["after"]["bytes"] == len(jpeg)
    assert "image" not in entry["after"] and jpeg.hex()[:40] not in json.dumps(entry)


@needs_server
def test_a_scoped_clerk_cannot_give_a_second_full_time_post_it_cannot_see(college: Server) -> None:
    college.ok("owner", "leave T004 --on 2024-12-31")
    college.ok("owner", "appoint T004 xx --kind full --rank none --on 2025-01-01")
    refusal = ("第十九条: 此人在您授权范围以外的党组织另有专职任职,与这一任职重叠(专人专岗)。请由不限党组织的文书办理")
    assert college.refused("jdclerk", "appoint T004 jd --kind full --rank none --on 2025-06-01") == \
        f"错误: {refusal}。未做任何改动。\n"
    jd = college.psql("owner", "SELECT id FROM org WHERE code = 'jd'").stdout.strip()
    assert refusal in college.psql_refused(
        "jdclerk", f"INSERT INTO appointment (person_id, org_id, kind, rank, start, promoted) "
                   f"VALUES (4, {jd}, 'full', 'none', '2025-06-01', false)")
    college.ok("jdclerk", "appoint T004 jd --kind part --rank none --on 2025-06-01")


@needs_server
def test_a_scoped_readers_reports_show_only_its_rows(college: Server, tmp_path: Path) -> None:
    who = "jdreader"
    findings = college.ok(who, "remind --as-of 2025-11-01 --format json").json()["findings"]
    assert {(f["kind"], f["staff_no"], f["org"]) for f in findings} <= {
        ("report_due", "T001", None), ("report_overdue", "T001", None), ("training_missing", None, None)}
    everyone = college.ok("owner", "remind --as-of 2025-11-01 --format json").json()["findings"]
    assert {"T002"} <= {f["staff_no"] for f in everyone}, "the owner's list has the rows the scope hides"
    roster = college.ok(who, "roster --year 2025 --format json").json()["rows"]
    assert [(r["staff_no"], r["org"]) for r in roster] == [("T001", "jd")]
    summary = college.ok(who, "summary --year 2025 --format json").json()
    assert (summary["organizers"], summary["full_time"], summary["part_time"], summary["reports"],
            summary["commendations"], summary["assessments"]["incompetent"], summary["targets"]["open"],
            [t["title"] for t in summary["trainings"]]) == (1, 1, 0, 1, 1, 0, 0, ["机电业务培训"])
    assert college.ok("owner", "summary --year 2025 --format json").json()["organizers"] == 3
    shown = college.ok(who, "person show T004 --as-of 2025-11-01 --format json").json()
    assert [p["org"] for p in shown["posts"]] == ["jd"]
    exported = tmp_path / "scope.json"
    college.ok(who, f"export {exported}")
    document = json.loads(exported.read_text(encoding="utf-8"))
    assert [o["code"] for o in document["orgs"]] == ["jd"]
    assert sorted(p["staff_no"] for p in document["persons"]) == ["T001", "T003", "T004"]
    assert [t["title"] for t in document["trainings"]] == ["机电业务培训"]
    assert document["targets"] == [] and document["assessments"] == []
    assert {(e["entity"], e["key"]) for e in document["audit"]} == {
        ("org", "jd"), ("person", "T001"), ("person", "T003"), ("person", "T004"), ("appointment", "T001"),
        ("appointment", "T004"), ("report", "T001"), ("commendation", "T001"), ("training", "1")}
    assert all("xx" not in json.dumps(entry) for entry in document["audit"]), "nothing about the other org"
    logged = college.ok(who, "log --format json").json()
    assert {(e["entity"], e["key"]) for e in logged} == {(e["entity"], e["key"]) for e in document["audit"]}


@needs_server
def test_only_the_owner_upgrades_the_schema(college: Server) -> None:
    from zzy.location import SCHEMA_VERSION

    older = SCHEMA_VERSION - 1
    assert college.psql("owner", f"UPDATE zzy_meta SET value = '{older}' WHERE key = 'schema_version'").returncode == 0
    refused = college.zzy("clerk", "org list")
    owner, clerk = college.role("owner"), college.role("clerk")
    assert refused.exit_code == 4
    assert refused.stderr == (f"错误: 账本需要从结构版本 {older} 升级到 {SCHEMA_VERSION},升级须由数据库的所有者角色 {owner} 运行,"
                              f"您连接的角色是 {clerk}。请用 {owner} 连接(例如 --db 'postgresql+psycopg://{owner}@主机/库名')"
                              "后运行 zzy init。\n")
    upgraded = college.ok("owner", "init")
    assert upgraded.stdout.startswith("账本已存在,未做任何改动") and f"升级到 {SCHEMA_VERSION}" in upgraded.stderr
    assert college.ok("clerk", "org list --format json").json()[0]["code"] == "dw"


@needs_server
def test_the_owner_moves_a_sqlite_ledger_to_the_server_before_the_first_grant(
        server: Server, zzy: Zzy, tmp_path: Path) -> None:
    local = str(tmp_path / "ledger.db")
    for command in ["init", *COLLEGE[:9]]:
        assert zzy(["--db", local, *command.split()]).exit_code == 0, command
    assert zzy(["--db", local, "export", str(tmp_path / "all.json")]).exit_code == 0
    server.ok("owner", "init")
    assert server.ok("owner", f"restore {tmp_path / 'all.json'}").stdout.startswith(f"已从 {tmp_path / 'all.json'} 恢复")
    server.ok("owner", f"grant {server.role('jdreader')} --as reader --org jd")
    assert server.staff_nos("jdreader", "person list") == ["T001", "T003", "T004"]
    assert server.staff_nos("owner", "person list") == ["T001", "T002", "T003", "T004"]


@pytest.mark.parametrize(("command", "message"), [
    ("grant wang", "错误: 请给出角色和权限,例如 zzy grant wang --as clerk;或用 zzy grant --list 查看授权。\n"),
    ("grant wang --list", "错误: --list 不能与 ROLE、--as、--org 同用。用 zzy grant --list 查看授权。\n"),
])
def test_grant_says_how_it_is_used(zzy: Zzy, tmp_path: Path, command: str, message: str) -> None:
    result = zzy(["--db", str(tmp_path / "ledger.db"), *command.split()])
    assert (result.exit_code, result.stderr) == (2, message)


@needs_server
def test_doctor_and_the_chain_check_need_the_whole_ledger(college: Server) -> None:
    refusal = ("错误: 核对审计日志需要能看到整个账本,而您的角色只限党组织 jd,看不到其余记录。"
               "请由不限党组织的角色或账本所有者运行。\n")
    for who in ("jdreader", "jdclerk"):
        assert college.refused(who, "doctor") == refusal
        assert college.refused(who, "log --verify") == refusal
    for who in ("reader", "clerk", "admin", "owner"):
        assert college.ok(who, "doctor --format json").json()["ok"] is True
        assert college.ok(who, "log --verify --format json").json()["ok"] is True


@needs_server
def test_adopting_a_rules_profile_is_an_admin_s_right_decided_by_the_server(college: Server) -> None:
    """SPEC section 12: ``profile adopt`` is an audited write only an admin may make; psql meets the same server."""
    other = Path(__file__).parent / "profiles" / "other-college.toml"
    assert college.refused("clerk", f"profile adopt {other} --from 2025-01-01") == \
        "错误: 采用规则配置需要管理员权限(admin)。如需此权限,请账本管理员用 zzy grant 授予。未做任何改动。\n"
    insert = ("INSERT INTO rules_profile (from_day, profile_id, version, title, document, adopted_by, adopted_at) "
              "VALUES ('2025-01-01', 'x', '1', 'x', '{}', 'x', 'x')")
    assert "permission denied for table rules_profile" in college.psql_refused("clerk", insert)
    assert college.ok("reader", "profile list --format json").json() == []
    college.ok("admin", f"profile adopt {other} --from 2025-01-01")
    assert [(v["id"], v["adopted_by"]) for v in college.ok("jdreader", "profile list --format json").json()] == \
        [("other-college", college.role("admin"))]
    entries = college.ok("owner", "log --format json").json()
    assert (entries[0]["action"], entries[0]["entity"], entries[0]["user"]) == \
        ("adopt", "profile", college.role("admin"))
    # the owner's psql write is audited by the server's row trigger
    assert college.psql("owner", "UPDATE rules_profile SET adopted_by = 'psql'").returncode == 0
    newest = college.ok("owner", "log --format json").json()[0]
    assert (newest["action"], newest["entity"], newest["command"]) == ("update", "rules_profile", "")
