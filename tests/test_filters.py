"""SPEC section 8: filters narrow the rows of `person list`, `remind` and `log`, and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Zzy


@pytest.fixture
def staffed(ok: Zzy, college: Path) -> Path:
    """T001 holds a post at jd, T002 held one at xx and left it; T003 never held one."""
    ok("appoint T001 jd --kind full --rank none --on 2024-06-01")
    ok("appoint T002 xx --kind full --rank none --on 2024-06-01")
    ok("leave T002 --on 2025-06-01")
    return college


def staff_nos(rows: list[dict[str, object]]) -> list[object]:
    return [row["staff_no"] for row in rows]


# -- person list -------------------------------------------------------------------------------

def test_person_list_name_matches_a_part_of_the_name(ok: Zzy, staffed: Path) -> None:
    ok("person add T004 张三丰 --joined 2012-06-01 --full 2013-06-01")
    assert staff_nos(ok("person list --name 张 --format json").json()) == ["T001", "T004"]
    assert staff_nos(ok("person list --name 三丰 --format json").json()) == ["T004"]


def test_person_list_org_keeps_those_who_hold_or_held_a_post_there(ok: Zzy, staffed: Path) -> None:
    assert staff_nos(ok("person list --org xx --format json").json()) == ["T002"]
    assert staff_nos(ok("person list --org jd --format json").json()) == ["T001"]


def test_person_list_active_keeps_those_holding_a_post_today(ok: Zzy, staffed: Path) -> None:
    assert staff_nos(ok("person list --active --format json").json()) == ["T001"]
    assert ok("person list --org xx --active --format json").json() == []
    assert "没有符合条件的人员" in ok("person list --org xx --active").stdout


def test_person_list_unknown_org_is_refused(zzy: Zzy, staffed: Path) -> None:
    result = zzy("person list --org nope")
    assert result.exit_code == 3
    assert result.stderr.startswith("错误: 没有代码为 nope 的党组织。")


# -- remind ------------------------------------------------------------------------------------

def test_remind_org_keeps_that_orgs_findings(ok: Zzy, staffed: Path) -> None:
    findings = ok("remind --as-of 2025-07-01 --org xx --format json").json()["findings"]
    assert [(f["kind"], f["org"]) for f in findings] == [("vacancy", "xx")]


def test_remind_person_takes_a_staff_no_or_a_name(ok: Zzy, staffed: Path) -> None:
    by_staff_no = ok("remind --as-of 2025-07-01 --person T001 --format json").json()["findings"]
    assert by_staff_no and {f["staff_no"] for f in by_staff_no} == {"T001"}
    assert ok("remind --as-of 2025-07-01 --person 张三 --format json").json()["findings"] == by_staff_no


def test_remind_kind_takes_the_key_or_the_chinese_label(ok: Zzy, staffed: Path) -> None:
    by_key = ok("remind --as-of 2025-07-01 --kind vacancy --format json").json()["findings"]
    assert {f["kind"] for f in by_key} == {"vacancy"} and len(by_key) == 2  # dw and xx
    assert ok("remind --as-of 2025-07-01 --kind 专职组织员空缺 --format json").json()["findings"] == by_key


def test_remind_unknown_kind_is_a_usage_error(zzy: Zzy, staffed: Path) -> None:
    result = zzy("remind --kind nonsense")
    assert result.exit_code == 2
    assert result.stderr.startswith("错误: 没有「nonsense」这类提醒事项。可选: ")
    assert "vacancy(专职组织员空缺)" in result.stderr


def test_remind_quiet_speaks_only_of_filtered_findings(ok: Zzy, staffed: Path) -> None:
    ok("report add T001 --on 2025-06-01")
    # xx and dw are vacant (overdue), but nothing about T001 is due on this day
    assert "空缺" in ok("remind -q --as-of 2025-07-01").stdout
    assert ok("remind -q --as-of 2025-07-01 --person T001").stdout == ""
    assert ok("remind -q --as-of 2025-07-01 --org jd").stdout == ""
    assert "空缺" in ok("remind -q --as-of 2025-07-01 --org xx").stdout


# -- log ---------------------------------------------------------------------------------------

def test_log_person_keeps_entries_about_them_and_their_records(ok: Zzy, staffed: Path) -> None:
    ok("training add --on 2025-03-01 --title 党务培训 --host dw")
    ok("training attend 1 T002")
    ok("target add T002 --title 发展党员 --due 2025-12-31")
    ok("target assess 1 --result met --on 2025-12-30")
    ok("report add T001 --on 2025-06-01")
    entries = ok("log --person 李四 --format json").json()
    assert [(e["action"], e["entity"]) for e in entries] == [
        ("assess", "target"), ("add", "target"), ("attend", "training"), ("leave", "appointment"),
        ("appoint", "appointment"), ("add", "person")]
    assert "target" not in [e["entity"] for e in entries_about(ok, "T001")]  # not T001's target
    assert [e["id"] for e in ok("log --person T002 --limit 2 --format json").json()] == [e["id"] for e in entries[:2]]
    ok("training void 1 --reason 重复")  # its entry lists the attendees
    assert entries_about(ok, "T002")[0]["action"] == "void"
    assert entries_about(ok, "T001")[0]["action"] == "add"  # T001 did not attend


def entries_about(ok: Zzy, person: str) -> list[dict[str, object]]:
    return ok(f"log --person {person} --format json").json()  # type: ignore[no-any-return]


def test_log_since_and_until_are_days_of_the_clerks_clock(ok: Zzy, staffed: Path) -> None:
    everything = ok("log --format json").json()
    assert ok("log --since 2000-01-01 --format json").json() == everything
    assert ok("log --until 2000-01-01 --format json").json() == []
    assert ok("log --since 2199-01-01 --format json").json() == []
    assert len(ok("log --since 2000-01-01 --limit 3 --format json").json()) == 3
