"""SPEC section 8: every record numbered and listed, edited and voided through the checks of the command
that made it, with the whole record kept in the audit log; future events refused; notices of new findings."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import Zzy, audit_count
from zzy import dates

TOMORROW = (dates.today() + timedelta(days=1)).isoformat()
NEXT_YEAR = dates.today().year + 1


def _last_entry(zzy: Zzy) -> dict[str, Any]:
    entry: dict[str, Any] = zzy("log --limit 1 --format json").json()[0]
    return entry


def _export(ok: Zzy, tmp_path: Path, name: str) -> dict[str, Any]:
    """The ledger's records (the audit log left out), to show a refused write changed nothing."""
    import json

    path = tmp_path / f"{name}.json"
    ok(["export", str(path)])
    document: dict[str, Any] = json.loads(path.read_text())
    return {key: value for key, value in document.items() if key not in ("audit", "exported_at", "meta")}


@pytest.fixture
def posts(ok: Zzy, college: Path) -> Path:
    """T001 full-time at jd (#1); T002 part-time at xx, promoted (#2)."""
    ok("appoint T001 jd --kind full --rank none --on 2024-03-01")
    ok("appoint T002 xx --kind part --rank none --on 2024-07-01 --promoted")
    return college


# -- numbers and lists ---------------------------------------------------------------------------


def test_post_list_rows_have_the_spec_keys_in_order(ok: Zzy, posts: Path) -> None:
    rows = ok("post list --format json").json()
    assert rows == [
        {"id": 1, "staff_no": "T001", "name": "张三", "org": "jd", "org_name": "机电工程学院党总支", "kind": "full",
         "rank": "none", "start": "2024-03-01", "end": None, "end_reason": None, "promoted": False,
         "prior_rank": None, "trial_end": None, "trial_result": None, "trial_decided_on": None, "override": None},
        {"id": 2, "staff_no": "T002", "name": "李四", "org": "xx", "org_name": "信息工程学院党总支", "kind": "part",
         "rank": "none", "start": "2024-07-01", "end": None, "end_reason": None, "promoted": True,
         "prior_rank": None, "trial_end": "2025-07-01", "trial_result": None, "trial_decided_on": None,
         "override": None},
    ]
    assert list(rows[0]) == ["id", "staff_no", "name", "org", "org_name", "kind", "rank", "start", "end",
                             "end_reason", "promoted", "prior_rank", "trial_end", "trial_result",
                             "trial_decided_on", "override"]
    header = ok("post list --format csv").stdout.splitlines()[0]
    assert header == ("id,staff_no,name,org,org_name,kind,rank,start,end,end_reason,promoted,prior_rank,trial_end,"
                      "trial_result,trial_decided_on,override")


def test_post_list_filters_by_person_org_and_active(ok: Zzy, zzy: Zzy, posts: Path) -> None:
    ok("leave T002 --on 2025-01-01")
    ok(f"appoint T003 jd --kind part --rank none --on {TOMORROW}")
    assert [r["id"] for r in ok("post list --person T002 --format json").json()] == [2]
    assert [r["id"] for r in ok("post list --org jd --format json").json()] == [1, 3]
    assert [r["id"] for r in ok("post list --active --format json").json()] == [1]
    assert [r["id"] for r in ok("post list --org jd --active --format json").json()] == [1]
    unknown = zzy("post list --person T999")
    assert unknown.exit_code == 3 and "T999" in unknown.stderr
    assert zzy("post list --org zz").exit_code == 3


def test_creating_commands_print_the_new_number(ok: Zzy, college: Path) -> None:
    assert ok("appoint T001 jd --kind full --rank none --on 2024-03-01").stdout.endswith("任职编号 #1。\n")
    assert ok("work add T002 --from 2019-01-01").stdout == "已记录 李四(工号 T002)的党务工作经历 #2: 2019-01-01 至今。\n"
    assert ok("report add T001 --on 2024-06-30").stdout.endswith(" #1。\n")
    assert ok("assess T001 --year 2024 --grade 称职").stdout == "已记录 张三(工号 T001)2024 年度考核为「称职」 #1。\n"
    assert ok("commend T001 --on 2024-07-01 --title 优秀组织员").stdout == (
        "已记录 张三(工号 T001)2024-07-01 获「优秀组织员」表彰 #1。\n")


def test_every_list_starts_with_the_number_and_takes_person(ok: Zzy, college: Path) -> None:
    ok("work add T002 --from 2019-01-01 --to 2019-12-31")
    ok("report add T001 --on 2024-06-30 --topic 上半年")
    ok("report add T002 --on 2024-07-30")
    ok("training add --on 2024-05-20 --title 业务培训")
    ok("training attend 1 T002")
    ok("target add T001 --title 发展党员 --due 2024-12-31")
    ok("assess T001 --year 2024 --grade 称职")
    ok("assess T002 --year 2024 --grade 优秀")
    ok("commend T002 --on 2024-07-01 --title 优秀组织员")
    assert ok("work list --person T002 --format json").json() == [
        {"id": 2, "staff_no": "T002", "name": "李四", "from": "2019-01-01", "to": "2019-12-31", "note": None}]
    assert ok("report list --person T001 --format json").json() == [
        {"id": 1, "staff_no": "T001", "name": "张三", "date": "2024-06-30", "special": False, "topic": "上半年"}]
    assert [t["id"] for t in ok("training list --person T002 --format json").json()] == [1]
    assert ok("training list --person T001 --format json").json() == []
    assert [t["id"] for t in ok("target list --person T001 --format json").json()] == [1]
    assert ok("assess list --person T002 --format json").json() == [
        {"id": 2, "staff_no": "T002", "name": "李四", "year": 2024, "grade": "excellent", "note": None}]
    assert ok("commend list --format json").json() == [
        {"id": 1, "staff_no": "T002", "name": "李四", "date": "2024-07-01", "title": "优秀组织员"}]
    assert ok("commend list --format csv").stdout.splitlines()[0] == "id,staff_no,name,date,title"


def test_person_show_numbers_every_record(ok: Zzy, posts: Path) -> None:
    ok("report add T001 --on 2024-06-30")
    ok("target add T001 --title 发展党员 --due 2024-12-31")
    ok("assess T001 --year 2024 --grade 称职")
    ok("commend T001 --on 2024-07-01 --title 优秀组织员")
    ok("training add --on 2024-05-20 --title 业务培训")
    ok("training attend 1 T001")
    shown = ok("person show T001 --format json").json()
    for key in ("posts", "work", "reports", "targets", "assessments", "commendations", "trainings"):
        assert [row["id"] for row in shown[key]] == [1], key
    table = ok("person show T001").stdout
    assert table.count("编号") >= 7


# -- post edit and void ------------------------------------------------------------------------


def test_post_edit_changes_the_start_and_audits_the_whole_record(ok: Zzy, zzy: Zzy, posts: Path) -> None:
    before = ok("post list --person T001 --format json").json()[0]
    result = ok("post edit 1 --on 2024-04-01")
    assert result.stdout == "已修改任职 #1(张三,工号 T001,「机电工程学院党总支」): 任职日期: 2024-03-01 → 2024-04-01。\n"
    entry = _last_entry(zzy)
    assert (entry["action"], entry["entity"], entry["key"]) == ("edit", "appointment", "T001")
    assert entry["before"] == {"id": 1, "person_id": 1, "org_id": 2, "staff_no": "T001", "org": "jd", "kind": "full",
                               "rank": "none", "start": "2024-03-01", "end": None, "end_reason": None,
                               "promoted": False, "prior_rank": None, "trial_result": None,
                               "trial_decided_on": None, "override": None}
    assert entry["after"] == {**entry["before"], "start": "2024-04-01"}
    assert ok("post list --person T001 --format json").json()[0] == {**before, "start": "2024-04-01"}


def test_post_edit_that_changes_nothing_writes_nothing(ok: Zzy, zzy: Zzy, posts: Path) -> None:
    count = audit_count(zzy)
    result = ok("post edit 1 --on 2024-03-01 --kind full")
    assert result.stdout == "任职 #1(张三,工号 T001,「机电工程学院党总支」)的内容与登记的相同,没有修改。\n"
    assert audit_count(zzy) == count


def test_post_edit_without_options_is_a_usage_error(zzy: Zzy, posts: Path) -> None:
    result = zzy("post edit 1")
    assert result.exit_code == 2 and result.stderr.startswith("错误: 没有要修改的内容")


@pytest.mark.parametrize(("edit", "says"), [
    ("post edit 2 --rank section", "不符合兼职组织员(正科级)的任职条件"),  # art. 12(4): no three years of party work
    ("post edit 2 --kind full", "专人专岗"),  # art. 19: T002 already holds a full-time post at dw
    ("post edit 1 --end 2024-02-01", "须晚于任职日期"),  # date order
    ("post edit 2 --trial-result pass --trial-on 2025-06-30", "试用期至 2025-07-01 期满"),  # art. 13 window
    ("post edit 1 --trial-result pass --trial-on 2025-04-01", "只有新提拔的任职"),
])
def test_a_refused_post_edit_exits_3_and_writes_nothing(ok: Zzy, zzy: Zzy, posts: Path, tmp_path: Path,
                                                        edit: str, says: str) -> None:
    ok("appoint T002 dw --kind full --rank none --on 2024-07-01")
    before, count = _export(ok, tmp_path, "before"), audit_count(zzy)
    result = zzy(edit)
    assert result.exit_code == 3, result
    assert says in result.stderr
    assert _export(ok, tmp_path, "after") == before and audit_count(zzy) == count


def test_post_edit_onto_a_dissolved_org_date_is_refused(ok: Zzy, zzy: Zzy, posts: Path) -> None:
    ok("leave T002 --on 2025-01-01")
    ok("org dissolve xx --on 2025-06-01")
    result = zzy("post edit 2 --end 2025-07-01")
    assert result.exit_code == 3 and "已于 2025-06-01 撤销" in result.stderr


def test_post_edit_with_override_keeps_the_reason(ok: Zzy, zzy: Zzy, posts: Path) -> None:
    ok("post edit 2 --rank section --override 党委特批")
    row = ok("post list --person T002 --format json").json()[0]
    assert (row["rank"], row["override"]) == ("section", "党委特批")


def test_post_edit_that_makes_the_post_eligible_drops_the_override(ok: Zzy, posts: Path) -> None:
    ok("post edit 2 --rank section --override 党委特批")
    ok("post edit 2 --rank none")
    row = ok("post list --person T002 --format json").json()[0]
    assert (row["rank"], row["override"]) == ("none", None)


def test_post_edit_trial_fail_ends_the_post_and_a_pass_reopens_it(ok: Zzy, posts: Path) -> None:
    ok("trial T002 --result fail --on 2025-07-10")
    row = ok("post list --person T002 --format json").json()[0]
    assert (row["end"], row["end_reason"]) == ("2025-07-10", "trial_failed")
    ok("post edit 2 --trial-result pass")
    row = ok("post list --person T002 --format json").json()[0]
    assert (row["trial_result"], row["end"], row["end_reason"]) == ("pass", None, None)


def test_clear_options_undo_a_leave_a_trial_a_span_end_and_a_target_result(ok: Zzy, records: Path) -> None:
    ok("leave T001 --on 2025-01-01 --reason 调动")
    ok("post edit 1 --clear-end")
    row = ok("post list --person T001 --format json").json()[0]
    assert (row["end"], row["end_reason"]) == (None, None)
    ok("trial T002 --result fail --on 2025-07-10")
    ok("post edit 2 --clear-trial")
    row = ok("post list --person T002 --format json").json()[0]
    assert (row["trial_result"], row["trial_decided_on"], row["end"]) == (None, None, None)
    ok("work edit 1 --clear-to")
    assert ok("work list --format json").json()[0]["to"] is None
    ok("target assess 1 --result met --on 2025-01-05")
    ok("target edit 1 --clear-result")
    row = ok("target list --format json").json()[0]
    assert (row["result"], row["assessed_on"]) == (None, None)


def test_post_edit_future_trial_result_is_refused(zzy: Zzy, posts: Path) -> None:
    result = zzy(f"post edit 2 --trial-result pass --trial-on {TOMORROW}")
    assert result.exit_code == 3 and "还没有发生的事不能登记" in result.stderr


def test_a_post_entered_for_tomorrow_can_be_voided(ok: Zzy, zzy: Zzy, posts: Path) -> None:
    ok(f"appoint T003 dw --kind part --rank none --on {TOMORROW}")
    result = ok("post void 3 --reason 录入错误")
    assert result.stdout.startswith("已作废任职 #3(王五,工号 T003,「学院党委」兼职组织员")
    assert "(原因: 录入错误)" in result.stdout
    entry = _last_entry(zzy)
    assert (entry["action"], entry["entity"], entry["key"], entry["after"]) == ("void", "appointment", "T003", None)
    assert entry["before"]["id"] == 3 and entry["before"]["start"] == TOMORROW and entry["before"]["org"] == "dw"
    assert [r["id"] for r in ok("post list --format json").json()] == [1, 2]


def test_void_of_an_unknown_number_exits_3_naming_the_list(zzy: Zzy, posts: Path) -> None:
    result = zzy("post void 9 --reason 错")
    assert result.exit_code == 3
    assert result.stderr == "错误: 没有编号为 #9 的任职。请用 zzy post list 查看编号。\n"


def test_void_needs_a_reason(zzy: Zzy, posts: Path) -> None:
    assert zzy("post void 1").exit_code == 2


# -- the other kinds ---------------------------------------------------------------------------


@pytest.fixture
def records(ok: Zzy, posts: Path) -> Path:
    ok("report add T001 --on 2024-06-30 --topic 上半年")
    ok("training add --on 2024-05-20 --title 业务培训")
    ok("training attend 1 T001 T002")
    ok("target add T001 --title 发展党员 --due 2024-12-31 --quantity 10名")
    ok("assess T001 --year 2024 --grade 称职")
    ok("commend T001 --on 2024-07-01 --title 优秀组织员")
    ok("resume add T001 --from 2008-09-01 --to 2012-06-30 --text 云南大学行政管理专业学习")
    return posts


@pytest.mark.parametrize(("edit", "entity", "key", "field", "old", "new"), [
    ("work edit 1 --to 2020-07-31", "work", "T001", "end", "2020-08-31", "2020-07-31"),
    ("report edit 1 --on 2024-06-29", "report", "T001", "date", "2024-06-30", "2024-06-29"),
    ("training edit 1 --title 发展党员业务培训", "training", "1", "title", "业务培训", "发展党员业务培训"),
    ("target edit 1 --due 2025-06-30", "target", "1", "due", "2024-12-31", "2025-06-30"),
    ("assess edit 1 --grade 优秀", "assessment", "T001", "grade", "competent", "excellent"),
    ("commend edit 1 --on 2024-07-02", "commendation", "T001", "date", "2024-07-01", "2024-07-02"),
    ("resume edit 1 --to 2012-07-31", "resume", "T001", "end", "2012-06-30", "2012-07-31"),
    ("resume edit 1 --text 云南大学学习", "resume", "T001", "text", "云南大学行政管理专业学习", "云南大学学习"),
])
def test_edit_of_each_kind_audits_the_whole_record_before_and_after(
        ok: Zzy, zzy: Zzy, records: Path, edit: str, entity: str, key: str, field: str, old: str, new: str) -> None:
    assert ok(edit).stdout.startswith("已修改")
    entry = _last_entry(zzy)
    assert (entry["action"], entry["entity"], entry["key"]) == ("edit", entity, key)
    assert entry["before"]["id"] == 1 and entry["before"][field] == old
    assert entry["after"] == {**entry["before"], field: new}
    count = audit_count(zzy)
    assert "没有修改" in ok(edit).stdout  # the same edit again changes nothing
    assert audit_count(zzy) == count


@pytest.mark.parametrize(("void", "entity", "key", "listing"), [
    ("work void 1 --reason 重复", "work", "T001", "work list"),
    ("report void 1 --reason 重复", "report", "T001", "report list"),
    ("training void 1 --reason 重复", "training", "1", "training list"),
    ("target void 1 --reason 重复", "target", "1", "target list"),
    ("assess void 1 --reason 重复", "assessment", "T001", "assess list"),
    ("commend void 1 --reason 重复", "commendation", "T001", "commend list"),
    ("resume void 1 --reason 重复", "resume", "T001", "resume list"),
])
def test_void_of_each_kind_removes_it_and_keeps_the_whole_record(
        ok: Zzy, zzy: Zzy, records: Path, void: str, entity: str, key: str, listing: str) -> None:
    assert ok(void).stdout.startswith("已作废")
    entry = _last_entry(zzy)
    assert (entry["action"], entry["entity"], entry["key"], entry["after"]) == ("void", entity, key, None)
    assert entry["before"]["id"] == 1
    assert ok(f"{listing} --format json").json() == []


def test_training_void_keeps_its_attendees_in_the_audit_entry(ok: Zzy, zzy: Zzy, records: Path) -> None:
    ok("training void 1 --reason 重复登记")
    before = _last_entry(zzy)["before"]
    assert before == {"id": 1, "date": "2024-05-20", "title": "业务培训", "kind": "training", "host_id": 1,
                      "host": "dw", "attendees": ["T001", "T002"]}


@pytest.mark.parametrize(("edit", "says"), [
    ("work edit 1 --to 2016-01-01", "早于起始日期"),
    (f"work edit 1 --from {TOMORROW} --to {TOMORROW}", "还没有发生的事不能登记"),
    (f"report edit 1 --on {TOMORROW}", "还没有发生的事不能登记"),
    (f"commend edit 1 --on {TOMORROW}", "还没有发生的事不能登记"),
    (f"resume edit 1 --from {TOMORROW} --clear-to", "还没有发生的事不能登记"),
    ("resume edit 1 --to 2008-08-31", "简历的截止日期 2008-08-31 早于起始日期 2008-09-01"),
    (f"target edit 1 --result met --on {TOMORROW}", "还没有发生的事不能登记"),
    ("target edit 1 --result met", "(--result 与 --on 须同时给出,--clear-result 清除二者):\n  - 考核结果与考核日期须同时填写"),
    (f"assess edit 1 --year {NEXT_YEAR}", "还没有发生的事不能登记"),
    (f"training edit 1 --on {TOMORROW}", "还没有发生的事不能登记"),  # people attended it already
    ("training edit 1 --host zz", "没有代码为 zz"),
])
def test_a_refused_edit_of_another_kind_exits_3_and_writes_nothing(
        ok: Zzy, zzy: Zzy, records: Path, tmp_path: Path, edit: str, says: str) -> None:
    before, count = _export(ok, tmp_path, "before"), audit_count(zzy)
    result = zzy(edit)
    assert result.exit_code == 3, result
    assert says in result.stderr
    assert _export(ok, tmp_path, "after") == before and audit_count(zzy) == count


def test_assess_edit_onto_a_year_already_graded_is_refused(ok: Zzy, zzy: Zzy, records: Path) -> None:
    ok("assess T001 --year 2023 --grade 优秀")
    result = zzy("assess edit 1 --year 2023")
    assert result.exit_code == 3 and "已有 2023 年度的考核 #2" in result.stderr


def test_training_unattend_removes_attendees(ok: Zzy, zzy: Zzy, records: Path) -> None:
    result = ok("training unattend 1 T002")
    assert result.stdout == "已从培训 #1「业务培训」的参加人员中去掉: 李四(T002)。\n"
    entry = _last_entry(zzy)
    assert (entry["action"], entry["entity"], entry["key"]) == ("unattend", "training", "1")
    assert (entry["before"], entry["after"]) == ({"training_id": 1, "staff_no": "T002"}, None)
    assert ok("training list --format json").json()[0]["attendees"] == ["T001"]
    absent = zzy("training unattend 1 T002 T001")
    assert absent.exit_code == 3 and "李四(T002)不在培训 #1" in absent.stderr
    assert ok("training list --format json").json()[0]["attendees"] == ["T001"]


# -- people and orgs ---------------------------------------------------------------------------


def test_person_void_only_when_nothing_refers_to_them(ok: Zzy, zzy: Zzy, records: Path) -> None:
    refused = zzy("person void T001 --reason 误登记")
    assert refused.exit_code == 3
    assert refused.stderr == ("错误: 张三(工号 T001)仍有记录,不能作废: 任职 #1;党务工作经历 #1;工作汇报 #1;目标 #1;"
                              "年度考核 #1;表彰 #1;简历 #1;参加培训 #1。请先作废或更正这些记录。\n")
    ok("person add T009 赵九 --joined 2015-06-01")
    assert ok("person void T009 --reason 工号登记错误").stdout == "已作废人员 赵九(工号 T009)(原因: 工号登记错误)。\n"
    entry = _last_entry(zzy)
    assert (entry["action"], entry["entity"], entry["key"]) == ("void", "person", "T009")
    assert entry["before"]["name"] == "赵九" and entry["after"] is None
    assert zzy("person show T009").exit_code == 3


def test_org_void_only_when_nothing_refers_to_it(ok: Zzy, zzy: Zzy, records: Path) -> None:
    refused = zzy("org void dw --reason 误登记")
    assert refused.exit_code == 3 and "主办的培训 #1" in refused.stderr
    refused = zzy("org void jd --reason 误登记")
    assert refused.exit_code == 3 and "任职 #1" in refused.stderr
    ok("org add jx 机械学院")
    ok("org void jx --reason 代码登记错误")
    entry = _last_entry(zzy)
    assert (entry["action"], entry["entity"], entry["key"]) == ("void", "org", "jx")
    assert "jx" not in [o["code"] for o in ok("org list --format json").json()]


# -- future events -------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [
    f"report add T001 --on {TOMORROW}",
    f"commend T001 --on {TOMORROW} --title 优秀组织员",
    f"trial T002 --result pass --on {TOMORROW}",
    f"target assess 1 --result met --on {TOMORROW}",
    "training attend 2 T001",
    f"work add T001 --from {TOMORROW}",
    f"assess T001 --year {NEXT_YEAR} --grade 称职",
])
def test_events_after_today_are_refused(ok: Zzy, zzy: Zzy, records: Path, command: str) -> None:
    ok(f"training add --on {TOMORROW} --title 明天的培训")  # a training may be entered ahead (#2)
    count = audit_count(zzy)
    result = zzy(command)
    assert result.exit_code == 3, result
    assert "还没有发生的事不能登记" in result.stderr
    assert audit_count(zzy) == count


@pytest.mark.sqlite_only
def test_doctor_reports_events_recorded_after_today_as_the_writes_refuse_them(ok: Zzy, zzy: Zzy, college: Path) -> None:
    import sqlite3

    training = re.search(r"#(\d+)", ok(f"training add --on {TOMORROW} --title 明天的培训").stdout)[1]  # type: ignore[index]
    with sqlite3.connect(college) as raw:  # old data, written before zzy refused future events
        raw.execute("insert into report (person_id, date, special) values (1, ?, 0)", (TOMORROW,))
        raw.execute("insert into commendation (person_id, date, title) values (1, ?, '优秀组织员')", (TOMORROW,))
        raw.execute("insert into attendance (training_id, person_id) values (?, 1)", (int(training),))
        raw.execute("insert into assessment (person_id, year, grade) values (1, ?, 'competent')", (NEXT_YEAR,))
    result = zzy("doctor --format json")
    assert result.exit_code == 1
    problems = result.json()["problems"]
    assert [(p["check"], p["staff_no"]) for p in problems] == [("future_event", "T001")] * 4
    assert [p["message"].split(" ")[0] for p in problems] == ["汇报日期", "表彰日期", "培训", "考核年度"]
    assert "尚未发生的事" in zzy("doctor", env={"COLUMNS": "250"}).stdout


def test_posts_and_trainings_may_be_entered_ahead(ok: Zzy, college: Path) -> None:
    ok(f"appoint T001 jd --kind full --rank none --on {TOMORROW}")
    ok(f"training add --on {TOMORROW} --title 明天的培训")


# -- notices -------------------------------------------------------------------------------------


def test_a_write_that_overstaffs_an_org_says_so_on_stderr(ok: Zzy, posts: Path) -> None:
    result = ok("appoint T003 jd --kind full --rank none --on 2024-06-01 --override 党委特批")
    assert "注意: 机电工程学院党总支有2名在任专职组织员" in result.stderr


def test_a_corrected_full_date_that_makes_a_post_ineligible_says_so(ok: Zzy, college: Path,
                                                                    today: Callable[[str], None]) -> None:
    today("2025-09-01")
    ok("appoint T002 jd --kind full --rank none --on 2024-07-01")
    result = ok("person edit T002 --joined 2023-09-01 --full 2024-09-01")
    lines = [line for line in result.stderr.splitlines() if line.startswith("注意: ")]
    assert lines and "李四(T002)在机电工程学院党总支任专职组织员,但: " in lines[0]


def restorable(ok: Zzy, tmp_path: Path) -> None:
    """The ledger's export restores into a new ledger (what a clerk's backup is for)."""
    dump, copy = tmp_path / "backup.json", tmp_path / "copy.db"
    ok(["export", str(dump)])
    ok(["--db", str(copy), "init"])
    ok(["--db", str(copy), "restore", str(dump)])


def test_a_corrected_full_date_that_unqualifies_a_post_on_its_start_says_so_and_how_to_approve_it(
        ok: Zzy, zzy: Zzy, ledger: Path, tmp_path: Path) -> None:
    """第十二条(四) on the post's start, though the person qualifies today (so no finding of the reminder list):
    the correction stands (SPEC 8) and says which post now fails, and that a 特批 keeps doctor and restore sound."""
    ok("org add jd 机电")
    ok("person add A01 李明 --joined 2019-01-01 --full 2020-01-01")
    ok("appoint A01 jd --kind part --rank none --on 2023-06-01")  # party age met 2023-01-01
    result = ok("person edit A01 --full 2020-12-31")  # met 2023-12-31: after the post began
    assert result.stderr.splitlines() == [
        "注意: 李明(A01)的任职 #1(jd): 2023-06-01 任职时党龄自2020-12-31起算,至2023-06-01仅2年5个月,"
        "2023-12-31满三年,不符合第十二条第(四)项。如确经党委特批,请用 zzy post edit 1 --override \"特批理由\" 记录;"
        "否则 zzy doctor 会报告这一任职,导出的文件也不能用 zzy restore 恢复"]
    assert zzy("doctor").exit_code == 1
    ok("post edit 1 --override 党委会议纪要2023-5号")
    assert zzy("doctor").exit_code == 0
    restorable(ok, tmp_path)


def test_a_correction_that_leaves_a_post_as_it_was_gives_no_notice(ok: Zzy, ledger: Path) -> None:
    ok("org add jd 机电")
    ok("person add A01 李明 --joined 2015-01-01 --full 2016-01-01")
    ok("appoint A01 jd --kind part --rank none --on 2023-06-01")
    assert ok("person edit A01 --full 2016-02-01 --name 李明明").stderr == ""  # still met on 2023-06-01


def test_voiding_the_party_work_a_section_post_rests_on_says_so(ok: Zzy, ledger: Path) -> None:
    ok("org add jd 机电")
    ok("person add A01 李明 --joined 2005-01-01 --full 2006-01-01")
    ok("work add A01 --from 2010-01-01 --to 2019-12-31")
    ok("appoint A01 jd --kind part --rank section --on 2020-01-01")
    result = ok("work void 1 --reason 误录")
    assert "注意: 李明(A01)的任职 #1(jd): 2020-01-01 任职时" in result.stderr
    assert "党务工作经历" in result.stderr and "zzy post edit 1 --override" in result.stderr
    edited = ok("work add A01 --from 2010-01-01 --to 2019-12-31").stderr  # the post qualifies again: no notice
    assert edited == ""
    number = ok("work list --person A01 --format json").json()[0]["id"]
    assert "任职 #1" in ok(f"work edit {number} --from 2018-01-01").stderr  # two years left: fails again


def test_a_retired_organizer_leaves_the_ledger_sound_and_its_export_restorable(
        ok: Zzy, zzy: Zzy, ledger: Path, tmp_path: Path) -> None:
    """第十一条 is read from the person's status today: it decides a post being made, not one made in the
    past (the 在职 status has no history); today's holder who is no longer in service is the reminder list's."""
    ok("org add jd 机电")
    ok("person add A 甲 --joined 2005-01-01 --full 2006-01-01")
    ok("work add A --from 2010-01-01")
    ok("appoint A jd --kind full --rank section --on 2020-01-01")
    ok("person edit A --not-in-service")
    assert zzy("doctor").exit_code == 0
    restorable(ok, tmp_path)
    kinds = [f["kind"] for f in ok("remind --person A --format json").json()["findings"]]
    assert "ineligible" in kinds
    assert zzy("appoint A jd --kind full --rank section --on 2026-01-01").exit_code == 3  # a new post: still checked


def test_an_edit_that_leaves_no_new_finding_prints_no_notice(ok: Zzy, posts: Path) -> None:
    ok("report add T001 --on 2026-10-01")
    assert ok("report edit 1 --topic 下半年").stderr == ""


def test_voiding_the_only_full_time_post_notices_the_vacancy(ok: Zzy, posts: Path) -> None:
    result = ok("post void 1 --reason 误录")
    assert "注意: 机电工程学院党总支没有在任的专职组织员" in result.stderr


def test_a_report_that_turns_an_overdue_report_into_a_due_one_prints_no_notice(
        ok: Zzy, posts: Path, today: Callable[[str], None]) -> None:
    today("2026-11-20")
    assert ok("report add T001 --on 2026-06-20").stderr == ""  # the next one falls due within the window


def test_the_test_clock_moves_today_but_not_the_audit_logs_time(ok: Zzy, ledger: Path,
                                                                today: Callable[[str], None]) -> None:
    from datetime import UTC, datetime

    today("2030-03-01")
    ok("org add jd 机电")
    ok("person add A01 李明 --joined 2019-01-01 --full 2020-01-01")
    ok("appoint A01 jd --kind full --rank none --on 2030-03-01")  # today, by the test clock: not in the future
    logged = ok("log --limit 1 --format json").json()[0]
    assert logged["at"][:4] == str(datetime.now(UTC).year)


def test_assess_and_commend_still_record_without_add(ok: Zzy, college: Path) -> None:
    ok("assess --year 2024 T001 --grade 称职")  # options first, as before they became groups
    ok("assess add T002 --year 2024 --grade 优秀")
    ok("commend T001 --on 2024-07-01 --title 优秀组织员")
    ok("commend add T002 --on 2024-07-01 --title 优秀组织员")
    assert [(r["id"], r["staff_no"]) for r in ok("assess list --format json").json()] == [(1, "T001"), (2, "T002")]
    assert [(r["id"], r["staff_no"]) for r in ok("commend list --format json").json()] == [(1, "T001"), (2, "T002")]


@pytest.mark.parametrize(("appointed", "command"), [
    ("T001 jd --kind full --rank none --on 2020-01-01", "leave T001 --on 2026-11-20 --reason 调动"),
    ("T003 jd --kind full --rank none --on 2015-01-01", "rotate T003 xx --on 2026-11-20"),  # 8 years on 2023-01-01
    ("T001 jd --kind full --rank none --on 2025-01-01 --promoted", "trial T001 --result fail --on 2026-11-20"),
])
def test_a_write_that_leaves_an_org_without_its_organizer_says_so(ok: Zzy, college: Path, appointed: str,
                                                                  command: str) -> None:
    ok(f"appoint {appointed}")
    result = ok(command)
    assert "注意: 机电工程学院党总支没有在任的专职组织员" in result.stderr
