"""SPEC section 8: `undo` reverts the newest write not undone, one whole command, safely, and records itself."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from conftest import Zzy, audit_count


def raw_sql(*statements: str) -> None:
    """Change the ledger behind its log's back (as sqlite3 could), to make it differ from its log.  On a
    server every write is in the log (issue 22): only a superuser with triggers off gets past it."""
    from sqlalchemy import create_engine, text

    location = os.environ["ZZY_DB"]
    engine = create_engine(location if "://" in location else f"sqlite:///{location}")
    with engine.begin() as connection:
        if "://" in location:
            connection.execute(text("SET LOCAL session_replication_role = replica"))
        for statement in statements:
            connection.execute(text(statement))
    engine.dispose()


def entries(ok: Zzy, *args: str) -> list[dict[str, Any]]:
    return ok(["log", *args, "--format", "json"]).json()


def posts_of(ok: Zzy, staff_no: str) -> list[dict[str, Any]]:
    return ok(f"person show {staff_no} --format json").json()["posts"]


def assert_ledger_sound(ok: Zzy) -> None:
    assert "未发现改动" in ok("log --verify").stdout
    ok("doctor")


def test_undo_reverts_the_newest_write_after_showing_it(ok: Zzy, college: Path) -> None:
    ok("appoint T001 jd --kind full --rank none --on 2024-03-01")
    appointed = entries(ok, "--limit", "1")[0]
    result = ok("undo --yes")
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"将撤销写入 #{appointed['write_no']}(")
    assert lines[0].endswith(f"root: {appointed['command']}),共 1 条记录:") or "共 1 条记录:" in lines[0]
    assert appointed["command"] in lines[0]
    assert lines[1] == "  删除任职 T001: 类别=专职, 党组织=jd, 新提拔=否, 职级=无, 工号=T001, 任职日期=2024-03-01"
    assert lines[2].startswith(f"已撤销写入 #{appointed['write_no']}(")
    assert posts_of(ok, "T001") == []
    assert_ledger_sound(ok)


def test_undo_is_a_write_whose_entries_name_the_write_they_revert(ok: Zzy, college: Path) -> None:
    ok("appoint T001 jd --kind full --rank none --on 2024-03-01")
    appointed = entries(ok, "--limit", "1")[0]
    ok("undo --yes")
    undone = entries(ok, "--limit", "1")[0]
    assert (undone["action"], undone["entity"], undone["key"]) == ("undo", "appointment", "T001")
    assert undone["undoes"] == appointed["write_no"]
    assert undone["write_no"] > appointed["write_no"]
    assert undone["before"] == appointed["after"] and undone["after"] is None
    assert f"撤销写入 #{appointed['write_no']}: " in ok("log --limit 1").stdout


def test_without_yes_off_a_terminal_it_shows_and_refuses(ok: Zzy, zzy: Zzy, college: Path) -> None:
    ok("report add T001 --on 2025-01-10")
    before = audit_count(zzy)
    result = zzy("undo")
    assert result.exit_code == 2
    assert result.stderr == "错误: 不在终端上运行时,撤销需要 --yes 确认(如 zzy undo --yes)。未撤销任何内容。\n"
    assert "删除工作汇报 T001" in result.stdout
    assert audit_count(zzy) == before
    assert len(ok("person show T001 --format json").json()["reports"]) == 1


def test_repeating_undo_walks_further_back_and_never_undoes_an_undo(ok: Zzy, zzy: Zzy, ledger: Path) -> None:
    ok("org add jd 机电")
    ok("person add T001 张三 --joined 2015-06-01 --full 2016-06-01")
    ok("appoint T001 jd --kind full --rank none --on 2024-03-01")
    ok("leave T001 --on 2025-01-01")
    for reverted in ("leave T001", "appoint T001", "person add T001", "org add jd"):
        assert reverted in ok("undo --yes").stdout.splitlines()[0]
    result = zzy("undo --yes")
    assert result.exit_code == 3 and result.stderr == "错误: 没有可以撤销的写入。\n"
    assert ok("org list --format json").json() == [] and ok("person list --format json").json() == []
    assert_ledger_sound(ok)


def test_undo_of_an_edit_puts_the_whole_record_back(ok: Zzy, college: Path) -> None:
    ok("appoint T001 jd --kind full --rank none --on 2024-03-01")
    ok("leave T001 --on 2025-01-01 --reason 调动")
    ok("person edit T001 --name 张叁 --not-in-service --on 2025-09-01")
    result = ok("undo --yes")
    assert "  改回人员 T001: 在职教职工: 否 → 是; 姓名: 张叁 → 张三; 离岗日期: 2025-09-01 → (空)" in result.stdout.splitlines()
    person = ok("person show T001 --format json").json()
    assert (person["name"], person["in_service"]) == ("张三", True)
    ok("undo --yes")
    [post] = posts_of(ok, "T001")
    assert (post["end"], post["end_reason"]) == (None, None)
    ok("assess T001 --year 2024 --grade excellent")
    ok("assess T001 --year 2024 --grade competent --note 更正")
    ok("undo --yes")
    assert [(a["year"], a["grade"], a["note"]) for a in ok("person show T001 --format json").json()["assessments"]] \
        == [(2024, "excellent", None)]
    assert_ledger_sound(ok)


def test_undo_of_a_rotation_reverts_both_posts_in_one_write(ok: Zzy, college: Path) -> None:
    ok("person add T009 赵六 --joined 2005-06-01 --full 2006-06-01")
    ok("appoint T009 jd --kind full --rank none --on 2012-03-01")
    ok("rotate T009 xx --on 2024-06-01")
    result = ok("undo --yes")
    assert "共 2 条记录" in result.stdout.splitlines()[0]
    [post] = posts_of(ok, "T009")
    assert (post["org"], post["end"]) == ("jd", None)


def test_undo_of_an_import_reverts_every_row_as_one_write(ok: Zzy, college: Path, tmp_path: Path) -> None:
    rows = "".join(f"P{n:04d},人员{n},2015-06-01,2016-06-01,是\n" for n in range(300))
    path = tmp_path / "人员.csv"
    path.write_text("工号,姓名,入党日期,转正日期,在职教职工\n" + rows, encoding="utf-8")
    ok(["import", "persons", str(path)])
    numbers = {entry["write_no"] for entry in entries(ok, "--limit", "300")}
    assert len(numbers) == 1
    result = ok("undo --yes")
    assert len(result.stdout.splitlines()) == 1 + 300 + 1
    assert "共 300 条记录" in result.stdout.splitlines()[0]
    assert [p["staff_no"] for p in ok("person list --format json").json()] == ["T001", "T002", "T003"]
    assert_ledger_sound(ok)


def test_undo_of_a_training_attendance(ok: Zzy, college: Path) -> None:
    ok("training add --on 2025-03-01 --title 党务培训")
    ok("training attend 1 T001 T002")
    ok("undo --yes")
    assert ok("training list --format json").json()[0]["attendees"] == []
    ok("undo --yes")
    assert ok("training list --format json").json() == []


def test_a_record_changed_since_is_refused_saying_why(ok: Zzy, zzy: Zzy, college: Path) -> None:
    ok("appoint T001 jd --kind full --rank none --on 2024-03-01")
    raw_sql("UPDATE appointment SET \"rank\" = 'section'")
    before = audit_count(zzy)
    result = zzy("undo --yes")
    assert result.exit_code == 3
    assert "任职 T001 在此之后又被改动过(审计日志里没有这次改动: 可能是在 zzy 之外改的)" in result.stderr
    assert audit_count(zzy) == before
    assert posts_of(ok, "T001")[0]["rank"] == "section"


def test_a_record_referred_to_by_a_later_one_is_not_removed(ok: Zzy, zzy: Zzy, ledger: Path) -> None:
    ok("person add T001 张三 --joined 2015-06-01 --full 2016-06-01")
    raw_sql("INSERT INTO report (id, person_id, date, special) VALUES (7, 1, '2025-01-10', false)")
    result = zzy("undo --yes")
    assert result.exit_code == 3
    assert "人员 T001 已被工作汇报 #7 引用" in result.stderr
    assert [p["staff_no"] for p in ok("person list --format json").json()] == ["T001"]


def test_a_revert_that_would_break_a_rule_is_refused(ok: Zzy, zzy: Zzy, college: Path) -> None:
    ok("appoint T001 jd --kind full --rank none --on 2024-03-01")
    ok("leave T001 --on 2025-01-01")
    # a second full-time post behind zzy's back, after the first ended: reopening the first breaks art. 19
    raw_sql("INSERT INTO appointment (id, person_id, org_id, kind, \"rank\", start, promoted) "
            "VALUES (9, 1, 3, 'full', 'none', '2025-02-01', false)")
    result = zzy("undo --yes")
    assert result.exit_code == 3
    assert "撤销后账本会违反规定" in result.stderr and "第十九条" in result.stderr
    assert posts_of(ok, "T001")[0]["end"] == "2025-01-01"


@pytest.mark.sqlite_only
def test_writes_before_the_upgrade_cannot_be_undone(zzy: Zzy, ok: Zzy, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "old.db"
    shutil.copy(Path(__file__).parent / "fixtures" / "release-0.2.0.db", copy)
    copy.chmod(0o600)
    result = zzy(["--db", str(copy), "undo", "--yes"])
    assert result.exit_code == 3 and "升级到本版 zzy 之前的写入没有写入编号" in result.stderr


def on_a_terminal(answer: bytes, *args: str) -> tuple[int, str]:
    """Run ``zzy undo`` with a terminal for stdin and stdout, answering its question with ``answer``."""
    import pty
    import subprocess
    import sys

    master, slave = pty.openpty()
    os.write(master, answer)
    process = subprocess.Popen([sys.executable, "-m", "zzy", "undo", *args], stdin=slave, stdout=slave,
                               stderr=slave)
    code = process.wait(timeout=120)
    os.close(slave)
    output = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    os.close(master)
    return code, output.decode("utf-8", "replace")


@pytest.mark.sqlite_only
def test_on_a_terminal_undo_asks_and_does_only_what_the_clerk_confirms(ok: Zzy, zzy: Zzy, college: Path) -> None:
    ok("report add T001 --on 2025-01-10")
    before = audit_count(zzy)
    code, output = on_a_terminal(b"n\n")
    assert code == 0 and "删除工作汇报 T001" in output and "确定撤销吗?" in output and "未撤销任何内容。" in output
    assert audit_count(zzy) == before
    code, output = on_a_terminal(b"y\n")
    assert code == 0 and "已撤销写入 #" in output
    assert ok("person show T001 --format json").json()["reports"] == []


@pytest.mark.sqlite_only  # drives the server itself, with its own roles
def test_on_a_shared_ledger_a_role_limited_to_some_orgs_may_not_undo(zzy: Zzy) -> None:
    import uuid

    from conftest import PG_URL
    from test_roles import ROLES, Server, _admin_sql

    if PG_URL is None:
        pytest.skip("set ZZY_TEST_PG_URL to a PostgreSQL server")
    server = Server(zzy, uuid.uuid4().hex[:10])
    for who in ROLES:
        _admin_sql(f"CREATE ROLE {server.role(who)} LOGIN{' CREATEROLE' if who == 'owner' else ''}")
    _admin_sql(f"CREATE DATABASE {server.database} OWNER {server.role('owner')}")
    try:
        server.ok("owner", "init")
        server.ok("owner", "org add jd 机电工程学院党总支")
        server.ok("owner", f"grant {server.role('jdclerk')} --as clerk --org jd")
        server.ok("owner", f"grant {server.role('clerk')} --as clerk")
        server.ok("owner", "person add T001 张三 --joined 2015-06-01 --full 2016-06-01")
        server.ok("jdclerk", "report add T001 --on 2025-06-30")
        assert server.refused("jdclerk", "undo --yes").startswith(
            "错误: 撤销需要能看到整个账本,而您的角色只限党组织 jd")
        assert "已撤销" in server.ok("clerk", "undo --yes").stdout
        # removing a person is an admin's right, on the server, for an undo as for `person void`
        assert server.zzy("clerk", "undo --yes").stderr.startswith("错误: 作废人员需要管理员权限(admin)")
        assert "未发现改动" in server.ok("owner", "log --verify").stdout
    finally:
        _admin_sql(f"DROP DATABASE IF EXISTS {server.database} WITH (FORCE)")
        for who in ROLES:
            _admin_sql(f"DROP ROLE IF EXISTS {server.role(who)}")


# -- the corrections of SPEC section 8: edits and voids are undone like any write --------------------


@pytest.fixture
def records(ok: Zzy, college: Path) -> Path:
    ok("appoint T001 jd --kind full --rank none --on 2024-03-01")
    ok("report add T001 --on 2024-06-30 --topic 上半年")
    ok("training add --on 2024-05-20 --title 业务培训")
    ok("training attend 1 T001 T002")
    ok("target add T001 --title 发展党员 --due 2024-12-31")
    ok("assess T001 --year 2024 --grade 称职")
    ok("commend T001 --on 2024-07-01 --title 优秀组织员")
    ok("resume add T001 --from 2008-09-01 --to 2012-06-30 --text 云南大学行政管理专业学习")
    return college


def export(ok: Zzy, tmp_path: Path, name: str) -> dict[str, Any]:
    import json

    path = tmp_path / f"{name}.json"
    ok(["export", str(path)])
    document = json.loads(path.read_text(encoding="utf-8"))
    document.pop("audit"), document.pop("audit_head")
    return document


@pytest.mark.parametrize("correction", [
    "post edit 1 --on 2024-04-01 --rank deputy-section",
    "post void 1 --reason 录错了",
    "work edit 1 --to 2020-07-31",
    "work void 1 --reason 重复",
    "report edit 1 --on 2024-06-29",
    "report void 1 --reason 重复",
    "training edit 1 --title 发展党员业务培训",
    "training void 1 --reason 重复",
    "training unattend 1 T002",
    "target edit 1 --due 2025-06-30",
    "target void 1 --reason 重复",
    "assess edit 1 --grade 优秀",
    "assess void 1 --reason 重复",
    "commend edit 1 --on 2024-07-02",
    "commend void 1 --reason 重复",
    "resume edit 1 --to 2012-07-31 --text 云南大学学习",
    "resume void 1 --reason 重复",
    "person void T003 --reason 登记错了",
    "org void xx --reason 登记错了",
])
def test_undo_of_an_edit_or_a_void_gives_back_the_ledger_as_it_was(
        ok: Zzy, records: Path, tmp_path: Path, correction: str) -> None:
    before = export(ok, tmp_path, "before")
    ok(correction)
    assert export(ok, tmp_path, "corrected") != before
    result = ok("undo --yes")
    assert correction.split(" --")[0] in result.stdout.splitlines()[0]
    assert export(ok, tmp_path, "after") == before
    assert_ledger_sound(ok)


def test_an_undo_that_leaves_a_new_finding_says_so_on_stderr(ok: Zzy, college: Path) -> None:
    ok("appoint T001 jd --kind full --rank none --on 2024-03-01")
    result = ok("undo --yes")
    assert result.stderr == "注意: 机电工程学院党总支没有在任的专职组织员(第十条: 每个基层党组织设置专职组织员1名)\n"


def test_a_staff_no_taken_again_is_refused(ok: Zzy, zzy: Zzy, college: Path) -> None:
    ok("person void T003 --reason 登记错了")
    raw_sql("INSERT INTO person (id, staff_no, name, joined, in_service) VALUES (9, 'T003', '另一人', '2019-01-01', true)")
    result = zzy("undo --yes")
    assert result.exit_code == 3
    assert "人员 T003 的工号 T003 已被另一条记录使用(审计日志里没有这次改动" in result.stderr


def test_a_record_whose_person_is_gone_is_not_put_back(ok: Zzy, zzy: Zzy, college: Path) -> None:
    ok("report add T002 --on 2025-01-10")
    ok("report void 1 --reason 重复")
    raw_sql("DELETE FROM person WHERE staff_no = 'T002'")
    result = zzy("undo --yes")
    assert result.exit_code == 3
    assert "工作汇报 T002 所属的人员(#2)已不存在" in result.stderr


@pytest.mark.sqlite_only
def test_a_write_that_lands_while_the_clerk_decides_is_not_undone_blindly(ok: Zzy, zzy: Zzy, college: Path) -> None:
    import pty
    import subprocess
    import sys
    import time

    ok("report add T001 --on 2025-01-10")
    master, slave = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "zzy", "undo"], stdin=slave, stdout=slave, stderr=slave)
    shown = b""
    deadline = time.monotonic() + 60
    while "确定撤销吗".encode() not in shown and time.monotonic() < deadline:
        shown += os.read(master, 4096)
    ok("report add T002 --on 2025-01-11")  # another clerk writes meanwhile
    os.write(master, b"y\n")
    code = process.wait(timeout=60)
    os.close(slave)
    rest = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        rest += chunk
    os.close(master)
    assert code == 3
    assert "确认期间账本有了新的写入" in rest.decode()
    assert len(ok("report list --format json").json()) == 2
