"""SPEC section 2 and 5: the ledger file, its audit log, and every refusal with its exit code."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PAPER_CELLS, PAPER_HEADER, Zzy, audit_count


@pytest.mark.sqlite_only
def test_init_creates_a_private_ledger_and_its_folder(ok: Zzy, tmp_path: Path) -> None:
    path = tmp_path / "deep" / "folder" / "ledger.db"
    result = ok(["--db", str(path), "init"])
    assert result.stdout == f"已创建账本: {path}\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.sqlite_only
def test_wal_files_are_private_too(ok: Zzy, ledger: Path) -> None:
    ok("org add jd 机电")
    for sidecar in (Path(f"{ledger}-wal"), Path(f"{ledger}-shm")):
        if sidecar.exists():
            assert stat.S_IMODE(sidecar.stat().st_mode) & 0o077 == 0


def test_init_twice_changes_nothing_and_says_so(ok: Zzy, zzy: Zzy, ledger: Path, tmp_path: Path) -> None:
    ok("org add jd 机电")
    ok(["export", str(tmp_path / "before.json")])
    result = ok("init")
    assert "已存在" in result.stdout and "未做任何改动" in result.stdout
    ok(["export", str(tmp_path / "after.json")])
    assert (tmp_path / "before.json").read_text() == (tmp_path / "after.json").read_text()
    assert audit_count(zzy) == 1  # the org; creating the ledger is not an entry, and init again wrote nothing


@pytest.mark.sqlite_only
@pytest.mark.parametrize("command", ["org list", "person list", "log", "org add jd 机电", "remind", "roster",
                                     "check T001", "person show T001"])
def test_missing_ledger_exits_4_and_points_to_init(zzy: Zzy, ledger_path: Path, command: str) -> None:
    result = zzy(command)
    assert result.exit_code == 4
    assert result.stderr.startswith("错误: 账本不存在") and "zzy init" in result.stderr
    assert not ledger_path.exists()


@pytest.mark.sqlite_only
def test_not_a_ledger_exits_4(zzy: Zzy, ledger_path: Path) -> None:
    ledger_path.write_text("这不是数据库")
    result = zzy("org list")
    assert result.exit_code == 4 and "不是 zzy 账本" in result.stderr


@pytest.mark.sqlite_only
def test_sqlite_file_of_another_program_exits_4(zzy: Zzy, ledger_path: Path) -> None:
    import sqlite3

    with sqlite3.connect(ledger_path) as other:
        other.execute("create table t(x)")
    result = zzy("person list")
    assert result.exit_code == 4 and "不是 zzy 账本" in result.stderr


@pytest.mark.sqlite_only
def test_db_option_wins_over_environment(ok: Zzy, tmp_path: Path, ledger_path: Path) -> None:
    other = tmp_path / "other.db"
    ok(["--db", str(other), "init"])
    assert other.exists() and not ledger_path.exists()


def test_every_write_is_audited_with_command_and_before_after(ok: Zzy, college: Path) -> None:
    ok("org rename jd 智能制造学院党总支")
    entry = ok("log --limit 1 --format json").json()[0]
    assert entry["command"] == "zzy org rename jd 智能制造学院党总支"
    assert (entry["action"], entry["entity"], entry["key"]) == ("rename", "org", "jd")
    assert entry["before"]["name"] == "机电工程学院党总支" and entry["after"]["name"] == "智能制造学院党总支"
    assert entry["user"] and entry["at"].endswith("+00:00")


def test_log_is_newest_first_and_limited(ok: Zzy, college: Path) -> None:
    entries = ok("log --format json").json()
    assert [e["id"] for e in entries] == sorted((e["id"] for e in entries), reverse=True)
    assert len(ok("log --limit 2 --format json").json()) == 2


@pytest.mark.sqlite_only
def test_audit_log_cannot_be_altered_in_sqlite(college: Path) -> None:
    import sqlite3

    with sqlite3.connect(college) as raw, pytest.raises(sqlite3.DatabaseError):
        raw.execute("delete from audit")
    with sqlite3.connect(college) as raw, pytest.raises(sqlite3.DatabaseError):
        raw.execute("update audit set user = 'x'")


# -- orgs ---------------------------------------------------------------------------------

def test_org_list_formats(ok: Zzy, college: Path) -> None:
    assert ok("org list --format csv").stdout == (
        "code,name,kind,dissolved_on\n"
        "dw,学院党委,committee,\n"
        "jd,机电工程学院党总支,grassroots,\n"
        "xx,信息工程学院党总支,grassroots,\n"
    )
    assert ok("org list --format json").json()[0] == {
        "code": "dw", "name": "学院党委", "kind": "committee", "dissolved_on": None}
    table = ok("org list").stdout
    assert "代码" in table and "学院党委" in table and "基层党组织" in table


def test_org_kind_takes_the_chinese_label(ok: Zzy, ledger: Path) -> None:
    ok("org add dw 党委 --kind 学院党委")
    assert ok("org list --format json").json()[0]["kind"] == "committee"


@pytest.mark.parametrize(
    ("command", "code", "words"),
    [
        ("org add jd 重复", 3, "已被"),
        ("org add dw2 第二个党委 --kind committee", 3, "只能登记一个"),
        ("org rename zz 新名", 3, "没有代码为 zz"),
        ("org add x1 名 --kind 大学", 2, "grassroots(基层党组织)"),
        ("org dissolve jd --on 2024-02-30", 2, "不存在"),
        ("org add '' 名", 2, "不能为空"),
    ],
)
def test_org_refusals_change_nothing(zzy: Zzy, college: Path, command: str, code: int, words: str) -> None:
    before = audit_count(zzy)
    result = zzy(command)
    assert result.exit_code == code, result
    assert result.stderr.startswith("错误: ") and words in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert audit_count(zzy) == before


def test_dissolve_twice_is_refused(ok: Zzy, zzy: Zzy, college: Path) -> None:
    ok("org dissolve xx --on 2024-01-01")
    assert zzy("org dissolve xx --on 2024-02-01").exit_code == 3


# -- people -------------------------------------------------------------------------------

def test_person_add_and_list(ok: Zzy, ledger: Path) -> None:
    result = ok("person add T009 赵六 --joined 2020/6/1 --full 2021年6月1日")
    assert result.stdout == "已登记 赵六(工号 T009),入党 2020-06-01,转正 2021-06-01。\n"
    assert ok("person list --format csv").stdout == (
        f"staff_no,name,joined,full,in_service{PAPER_HEADER},out_of_service_on\n"
        f"T009,赵六,2020-06-01,2021-06-01,true{PAPER_CELLS},\n")


@pytest.mark.parametrize(
    ("command", "code", "words"),
    [
        ("person add T001 重名 --joined 2015-06-01", 3, "已登记"),
        ("person add T010 赵六 --joined 2020-06-01 --full 2021-05-31", 3, "早于入党满一年"),
        ("person add T010 赵六 --joined 2020-06-01 --full 2022-06-02", 3, "最多延长一年"),
        ("person add T010 赵六 --joined 2099-01-01", 3, "晚于今天"),
        ("person add T010 赵六 --joined 3/1/2024", 2, "2024年3月1日"),
        ("person add T010 赵六", 2, "缺少选项 --joined"),
        ("person add T010 赵六 --joined 2020-06-01 --bogus", 2, "没有选项 --bogus"),
        ("person edit T404 --name 某", 3, "没有工号为 T404"),
        ("person edit T001", 2, "没有要修改的内容"),
        ("person edit T001 --full 2015-07-01", 3, "早于入党满一年"),
        ("person show T404", 3, "没有工号为 T404"),
        ("work add T404 --from 2020-01-01", 3, "没有工号为 T404"),
        ("work add T001 --from 2020-01-01 --to 2019-12-31", 3, "早于起始日期"),
    ],
)
def test_person_refusals_change_nothing(zzy: Zzy, college: Path, command: str, code: int, words: str) -> None:
    before = audit_count(zzy)
    result = zzy(command)
    assert result.exit_code == code, result
    assert result.stderr.startswith("错误: ") and words in result.stderr, result
    assert audit_count(zzy) == before


def test_person_edit_is_audited(ok: Zzy, college: Path) -> None:
    result = ok("person edit T002 --name 李思 --not-in-service --on 2025-09-01")
    assert result.stdout == "已修改 李思(工号 T002): 在职教职工: 是 → 否; 姓名: 李四 → 李思; 离岗日期: (空) → 2025-09-01。\n"
    entry = ok("log --limit 1 --format json").json()[0]
    assert entry["before"]["in_service"] is True and entry["after"]["in_service"] is False
    assert ok("person show T002 --format json").json()["name"] == "李思"


def test_person_show_has_posts_and_work(ok: Zzy, college: Path) -> None:
    ok("appoint T001 jd --kind full --rank section --on 2024-03-01")
    shown = ok("person show T001 --format json").json()
    assert shown["staff_no"] == "T001"
    assert shown["work"] == [{"id": 1, "from": "2016-09-01", "to": "2020-08-31", "note": "支部书记"}]
    assert shown["posts"][0]["org"] == "jd" and shown["posts"][0]["rank"] == "section"
    table = ok("person show T001").stdout
    assert "任职" in table and "党务工作经历" in table and "机电工程学院党总支" in table


def test_names_with_markup_print_as_typed(ok: Zzy, ledger: Path) -> None:
    ok(["person", "add", "T100", "[red]张[/red]", "--joined", "2020-01-01"])
    assert "[red]张[/red]" in ok("person list").stdout


# -- usage errors in Chinese ------------------------------------------------------------------

@pytest.mark.parametrize(
    ("command", "words"),
    [
        ("nosuch", "没有命令 nosuch"),
        ("org nosuch", "没有命令 nosuch。用 zzy org --help 查看用法"),
        ("org list extra words", "多余的参数: extra words"),
        ("org list --format xml", "输出格式"),
        ("log --limit abc", "不是有效的非负整数"),
        ("org add", "缺少参数"),
        ("appoint T001 jd --kind full --rank section --on", "需要一个值"),
        ("org list extra", "多余的参数: extra。"),
    ],
)
def test_usage_errors_exit_2_in_chinese(zzy: Zzy, ledger: Path, command: str, words: str) -> None:
    result = zzy(command)
    assert result.exit_code == 2, result
    assert result.stderr.startswith("错误: ") and words in result.stderr, result
    assert "Error" not in result.stderr and "Usage" not in result.stderr


@pytest.mark.sqlite_only
def test_no_traceback_from_the_console_script(tmp_path: Path) -> None:
    env = {**os.environ, "ZZY_DB": str(tmp_path / "nothing.db")}
    env.pop("ZZY_DEBUG", None)
    done = subprocess.run([sys.executable, "-m", "zzy", "org", "list"], capture_output=True, text=True, env=env)
    assert done.returncode == 4
    assert done.stderr.startswith("错误: ") and "Traceback" not in done.stderr


@pytest.mark.sqlite_only
@pytest.mark.parametrize("command", ["remind --format json", "org list", "person show T001", "check T001",
                                     "roster --format csv", "summary --year 2026", "log"])
def test_reports_read_a_current_ledger_without_loading_sqlalchemy_or_pydantic(ok: Zzy, ledger: Path,
                                                                             command: str) -> None:
    """Issue 7: reading skips the ORM stack, which costs more than a college's report; issue 17: and the
    options are read without Pydantic (``zzy.coercion``), which cost a college's report a third of its time."""
    ok("org add jd 机电")
    ok("person add T001 张三 --joined 2015-06-01 --full 2016-06-01")
    ok("appoint T001 jd --kind part --rank none --on 2020-01-01")
    code = ("import sys\nfrom zzy.cli import app\n"
            f"code = app({command.split()!r}, standalone_mode=False)\n"
            "print(code, 'sqlalchemy' in sys.modules, 'pydantic' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "ZZY_DB": str(ledger)})
    assert done.stdout.splitlines()[-1] in ("0 False False", "1 False False"), done.stdout + done.stderr
