"""Issue 28, "a clerk's year, put right": the rule readings (SPEC 4 turn 3), the dated in-service status,
numbers that stay, reminders per org and per kind, the one-day gap, history without a flood, small frictions.
Every test drives the real command, on SQLite and (with ZZY_TEST_PG_URL) on PostgreSQL."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from conftest import Zzy

FIXTURES = Path(__file__).parent / "fixtures"


def findings(ok: Zzy, command: str) -> list[dict]:
    found: list[dict] = ok(f"{command} --format json").json()["findings"]
    return found


# -- 第十二条(四) in calendar terms -----------------------------------------------------------------


def test_three_one_year_spans_are_met_the_day_after_the_third_ends(ok: Zzy, zzy: Zzy, college: Path) -> None:
    ok("person add T006 刘六 --joined 2005-01-01 --full 2006-01-01")
    for year in (2019, 2021, 2023):
        ok(f"work add T006 --from {year}-01-01 --to {year}-12-31")
    before = zzy("check T006 --kind part --rank section --as-of 2023-12-31 --format json")
    on = zzy("check T006 --kind part --rank section --as-of 2024-01-01 --format json")
    assert (before.exit_code, on.exit_code) == (1, 0)
    work = next(c for c in on.json()["criteria"] if c["key"] == "party_work")
    assert work == {"key": "party_work", "article": 12, "passed": True, "met_on": "2024-01-01",
                    "detail": "党务工作经历至2024-01-01累计3年,已于2024-01-01满三年,符合第十二条第(四)项"}
    later = zzy("check T006 --kind part --rank section --as-of 2030-02-28 --format json")
    assert later.exit_code == 0 and next(c for c in later.json()["criteria"] if c["key"] == "party_work")[
        "met_on"] == "2024-01-01"


def test_a_span_one_day_short_never_reaches_three_years(ok: Zzy, zzy: Zzy, college: Path) -> None:
    ok("work add T002 --from 2016-09-01 --to 2019-08-30")
    for as_of in ("2019-08-31", "2020-02-29", "2024-03-01", "2032-01-01"):
        result = zzy(f"check T002 --kind part --rank section --as-of {as_of} --format json")
        work = next(c for c in result.json()["criteria"] if c["key"] == "party_work")
        assert (result.exit_code, work["passed"], work["met_on"]) == (1, False, None), as_of
        assert work["detail"] == (f"党务工作经历至{as_of}累计2年11个月30天,不满三年,按已登记的记录不能满三年,"
                                  "不符合第十二条第(四)项")


@pytest.mark.parametrize(("case", "spans", "as_of", "code", "met_on"), [
    ("art12(4) from 29 February: the day before add_years", [("2020-02-29", None)], "2023-02-27", 1, "2023-02-28"),
    ("art12(4) from 29 February: met on 28 February", [("2020-02-29", None)], "2023-02-28", 0, "2023-02-28"),
    ("art12(4) an ongoing span: the day before", [("2020-03-01", None)], "2023-02-28", 1, "2023-03-01"),
    ("art12(4) an ongoing span: the day of", [("2020-03-01", None)], "2023-03-01", 0, "2023-03-01"),
    ("art12(4) a span ending on 29 February, a day short", [("2017-03-01", "2020-02-28")], "2028-02-29", 1, None),
    ("art12(4) a span ending on 29 February: three years", [("2017-03-01", "2020-02-29")], "2020-03-01", 0,
     "2020-03-01"),
    ("art12(4) three one-year spans over a leap year: the day after the third",
     [("2019-03-01", "2020-02-29"), ("2021-03-01", "2022-02-28"), ("2023-03-01", "2024-02-29")], "2024-03-01", 0,
     "2024-03-01"),
])
def test_the_boundary_table_of_spec_4_through_check(ok: Zzy, zzy: Zzy, college: Path, case: str,
                                                    spans: list[tuple[str, str | None]], as_of: str, code: int,
                                                    met_on: str | None) -> None:
    ok("person add T006 刘六 --joined 2005-01-01 --full 2006-01-01")
    for start, end in spans:
        ok(f"work add T006 --from {start}" + (f" --to {end}" if end else ""))
    result = zzy(f"check T006 --kind part --rank section --as-of {as_of} --format json")
    work = next(c for c in result.json()["criteria"] if c["key"] == "party_work")
    assert (result.exit_code, work["article"], work["passed"], work["met_on"]) == (code, 12, code == 0, met_on), case


def test_a_special_report_does_not_reset_the_regular_interval(ok: Zzy, college: Path) -> None:
    """第十五条: 定期汇报 and 专题汇报 are separate duties."""
    ok("appoint T001 jd --kind part --rank none --on 2025-01-01")
    ok("report add T001 --on 2025-03-01 --topic 上半年工作")
    ok("report add T001 --on 2025-05-01 --special --topic 发展对象政审问题")
    due = [(f["kind"], f["due"]) for f in findings(ok, "remind --as-of 2025-08-15 --kind report_due")]
    assert due == [("report_due", "2025-09-01")]
    ok("report add T001 --on 2025-08-20 --topic 第三季度工作")
    assert findings(ok, "remind --as-of 2025-08-21 --kind report_due") == []


# -- 第十一条: the dated in-service status ----------------------------------------------------------


def test_not_in_service_on_a_day_and_reports_of_the_past_use_the_status_of_their_day(ok: Zzy, college: Path) -> None:
    ok("appoint T001 jd --kind full --rank section --on 2024-03-01")
    result = ok("person edit T001 --not-in-service --on 2026-09-30")
    assert result.stdout == "已修改 张三(工号 T001): 在职教职工: 是 → 否; 离岗日期: (空) → 2026-09-30。\n"
    shown = ok("person show T001 --format json").json()
    assert (shown["in_service"], shown["out_of_service_on"]) == (False, "2026-09-30")
    year_end = findings(ok, "remind --as-of 2025-12-31 --kind ineligible")
    assert year_end == []  # served until autumn 2026: the 2025 list is clean
    after = findings(ok, "remind --as-of 2026-09-30 --kind ineligible")
    assert [(f["staff_no"], f["article"]) for f in after] == [("T001", 11)]
    ok("doctor")  # the stored post was made while in service
    assert ok("person edit T001 --in-service").stdout == (
        "已修改 张三(工号 T001): 在职教职工: 否 → 是; 离岗日期: 2026-09-30 → (空)。\n")
    assert ok("person show T001 --format json").json()["out_of_service_on"] is None


def test_not_in_service_defaults_to_today_and_keeps_a_recorded_day(ok: Zzy, college: Path) -> None:
    from datetime import date

    ok("person edit T002 --not-in-service")
    assert ok("person show T002 --format json").json()["out_of_service_on"] == date.today().isoformat()
    ok("person edit T002 --in-service")
    ok("person edit T002 --not-in-service --on 2025-01-01")
    assert ok("person edit T002 --not-in-service").stdout.endswith("没有修改。\n")
    assert ok("person show T002 --format json").json()["out_of_service_on"] == "2025-01-01"


@pytest.mark.parametrize(("command", "code", "words"), [
    ("person edit T002 --on 2025-01-01", 2, "--on 是离岗日期,须与 --not-in-service 同用"),
    ("person edit T002 --in-service --on 2025-01-01", 2, "--on 是离岗日期,须与 --not-in-service 同用"),
    ("person edit T002 --not-in-service --on 2199-01-01", 3, "离岗日期 2199-01-01 晚于今天"),
])
def test_the_out_of_service_day_is_refused_where_it_cannot_be(zzy: Zzy, college: Path, command: str, code: int,
                                                              words: str) -> None:
    result = zzy(command)
    assert (result.exit_code, result.stdout) == (code, "")
    assert result.stderr.startswith("错误: ") and words in result.stderr


def test_doctor_and_restore_judge_stored_posts_by_the_dated_status(ok: Zzy, zzy: Zzy, college: Path,
                                                                     tmp_path: Path) -> None:
    ok("appoint T001 jd --kind full --rank section --on 2024-03-01")
    moved = ok("person edit T001 --not-in-service --on 2024-01-01")  # a correction: they had left before
    assert "注意: 张三(T001)的任职 #1(jd): 2024-03-01 任职时自2024-01-01起不是学院在职教职工" in moved.stderr
    doctor = zzy("doctor --format json")
    assert doctor.exit_code == 1
    assert [(p["staff_no"], p["article"]) for p in doctor.json()["problems"]] == [("T001", 11)]
    ok(["export", str(tmp_path / "all.json")])
    document = json.loads((tmp_path / "all.json").read_text())
    assert {p["staff_no"]: p["out_of_service_on"] for p in document["persons"]} == {
        "T001": "2024-01-01", "T002": None, "T003": "2011-09-01"}
    fresh = tmp_path / "fresh.db"
    ok(["--db", str(fresh), "init"])
    refused = zzy(["--db", str(fresh), "restore", str(tmp_path / "all.json")])
    assert refused.exit_code == 3 and "第十一条" in refused.stderr
    ok("post edit 1 --override 党委特批")
    ok(["export", str(tmp_path / "approved.json")])
    ok(["--db", str(fresh), "restore", str(tmp_path / "approved.json")])
    assert ok(["--db", str(fresh), "person", "show", "T001", "--format", "json"]).json()[
        "out_of_service_on"] == "2024-01-01"


@pytest.mark.sqlite_only
def test_an_export_made_before_the_date_is_restored_with_the_presumed_day(ok: Zzy, tmp_path: Path) -> None:
    """0.4.0's Z013 (in_service false) held no post after ... : the earliest day the stored posts allow."""
    export = json.loads((FIXTURES / "release-0.4.0.json").read_text())
    z013 = next(p for p in export["persons"] if p["staff_no"] == "Z013")
    posts = [a for a in export["appointments"] if a["person_id"] == z013["id"]]
    target = tmp_path / "restored.db"
    ok(["--db", str(target), "init"])
    ok(["--db", str(target), "restore", str(FIXTURES / "release-0.4.0.json")])
    shown = ok(["--db", str(target), "person", "show", "Z013", "--format", "json"]).json()
    from datetime import date, timedelta

    expected = max([max(date.fromisoformat(a["start"]) + timedelta(days=1),
                        date.fromisoformat(a["end"] or a["start"])) for a in posts],
                   default=date.fromisoformat(z013["joined"]))
    assert (shown["in_service"], shown["out_of_service_on"]) == (False, expected.isoformat())


def test_import_carries_the_out_of_service_day(ok: Zzy, ledger: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "人员.csv"
    sheet.write_text("工号,姓名,入党日期,转正日期,在职教职工,离岗日期\n"
                     "T201,周一,2010-01-01,2011-01-01,否,2023-07-01\n"
                     "T202,吴二,2010-01-01,2011-01-01,,2024-07-01\n"
                     "T203,郑三,2010-01-01,2011-01-01,是,\n", encoding="utf-8")
    ok(["import", "persons", str(sheet)])
    rows = ok("person list --format json").json()
    assert [(r["staff_no"], r["in_service"], r["out_of_service_on"]) for r in rows] == [
        ("T201", False, "2023-07-01"), ("T202", False, "2024-07-01"), ("T203", True, None)]


# -- the summary agrees with its reminder list --------------------------------------------------------


def test_a_training_dated_after_the_summarys_day_has_not_happened(ok: Zzy, college: Path) -> None:
    ok("training add --on 2025-12-20 --title 组织员工作交流会 --kind exchange")
    early = ok("summary --year 2025 --as-of 2025-12-05 --format json").json()
    assert (early["trainings"], early["training_requirement_met"]) == ([], False)
    assert [f["kind"] for f in findings(ok, "remind --as-of 2025-12-05 --kind training_missing")] == [
        "training_missing"]
    late = ok("summary --year 2025 --as-of 2025-12-31 --format json").json()
    assert ([t["title"] for t in late["trainings"]], late["training_requirement_met"]) == (["组织员工作交流会"], True)
    assert ok("summary --year 2025 --format json").json()["training_requirement_met"] is True


# -- numbers never given again ------------------------------------------------------------------------


def test_a_number_is_never_given_again_after_a_void_or_an_undo(ok: Zzy, college: Path) -> None:
    ok("appoint T001 jd --kind part --rank none --on 2025-01-01")
    assert "#1。" in ok("report add T001 --on 2025-02-01").stdout
    assert "#2。" in ok("report add T001 --on 2025-03-01").stdout
    ok("report void 2 --reason 重复登记")
    assert "#3。" in ok("report add T002 --on 2025-03-01").stdout  # not #2 again
    ok("report add T002 --on 2025-04-01")
    ok("undo --yes")  # #4 removed
    assert "#5。" in ok("report add T002 --on 2025-04-02").stdout
    assert sorted(r["id"] for r in ok("report list --format json").json()) == [1, 3, 5]
    ok("appoint T002 xx --kind part --rank none --on 2025-01-01 --override 特批")
    ok("undo --yes")
    assert ok("appoint T002 xx --kind part --rank none --on 2025-02-01 --override 特批").stdout.endswith(
        "任职编号 #3。\n")
    log = ok("log --limit 1 --wide", env={"COLUMNS": "200"}).stdout
    assert "│ T002 #3 │" in log


def test_an_import_after_a_void_numbers_past_the_voided(ok: Zzy, college: Path, tmp_path: Path) -> None:
    ok("appoint T001 jd --kind part --rank none --on 2025-01-01")
    ok("appoint T002 xx --kind part --rank none --on 2025-01-01 --override 特批")
    ok("post void 2 --reason 误登记")
    sheet = tmp_path / "任职.csv"
    sheet.write_text("工号,党组织,类别,职级,任职日期\nT002,xx,兼职,无,2025-02-01\n", encoding="utf-8")
    result = ok(["import", "appointments", str(sheet)])
    assert result.exit_code == 0
    assert [p["id"] for p in ok("post list --format json").json()] == [1, 3]


@pytest.mark.sqlite_only
def test_the_upgrade_gives_every_numbered_table_autoincrement_and_keeps_numbers(ok: Zzy, tmp_path: Path) -> None:
    copy = tmp_path / "release.db"
    shutil.copy(FIXTURES / "release-0.4.0.db", copy)
    copy.chmod(0o600)
    with sqlite3.connect(copy) as old:
        indexes_before = sorted(old.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' "
                                            "AND name NOT LIKE 'sqlite_%'"))
        reports_before = old.execute("SELECT id, person_id, date FROM report ORDER BY id").fetchall()
    reports = ok(["--db", str(copy), "report", "list", "--format", "json"]).json()
    assert sorted(r["id"] for r in reports) == [row[0] for row in reports_before]
    with sqlite3.connect(copy) as new:
        tables = dict(new.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"))
        for name in ("org", "person", "work_span", "appointment", "training", "report", "target", "assessment",
                     "commendation"):
            assert "AUTOINCREMENT" in tables[name], name
        tables_before = {table for _, table in indexes_before}  # the tables added since (résumé) have their own
        assert sorted(row for row in new.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' "
                                                 "AND name NOT LIKE 'sqlite_%'") if row[1] in tables_before) \
            == indexes_before
        triggers = {name for (name,) in new.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        assert {"audit_no_update", "audit_no_delete"} <= triggers
    top = max(r["id"] for r in reports)
    ok(["--db", str(copy), "report", "void", str(top), "--reason", "升级后作废"])
    added = ok(["--db", str(copy), "report", "add", reports[0]["staff_no"], "--on", "2026-01-05"])
    assert f"#{top + 1}。" in added.stdout
    assert ok(["--db", str(copy), "log", "--verify"]).exit_code == 0


# -- remind --org, the one-day gap, lead times per kind ---------------------------------------------


def test_remind_org_keeps_the_duties_of_the_people_who_hold_a_post_there(ok: Zzy, college: Path) -> None:
    ok("appoint T001 jd --kind part --rank none --on 2025-01-01")
    ok("appoint T002 xx --kind part --rank none --on 2025-01-01 --override 特批")
    ok("target add T001 --title 发展党员3名 --due 2025-06-30")
    ok("assess T001 --year 2025 --grade incompetent")
    kept = {(f["kind"], f["staff_no"], f["org"]) for f in findings(ok, "remind --as-of 2025-08-01 --org jd")}
    assert {("report_overdue", "T001", None), ("target_overdue", "T001", None)} <= kept
    assert ("vacancy", None, "jd") in kept
    assert not [k for k in kept if k[1] == "T002" or k[2] == "xx"]
    quiet = ok("remind -q --org xx --as-of 2025-02-01 --kind report_due")
    assert quiet.stdout == ""
    trimmed = findings(ok, "remind --as-of 2025-08-01 --org ' jd '")
    assert {(f["kind"], f["staff_no"], f["org"]) for f in trimmed} == kept


def test_a_post_begun_a_day_after_leaving_the_same_org_tells_the_tenure_restarts(ok: Zzy, college: Path) -> None:
    ok("appoint T001 jd --kind full --rank none --on 2019-06-01")
    ok("leave T001 --on 2020-01-19 --reason 换届")
    result = ok("appoint T001 jd --kind full --rank none --on 2020-01-20")
    assert ("注意: 张三(T001)在jd的上一任职 #1 的离任日期是 2020-01-19,本任职 #2 自 2020-01-20 起,中间空了一天,"
            "第二十条的任职年限将从 2020-01-20 重新起算。离任日期是离开岗位的第一天,不是最后工作日;"
            "如两任实为连续,请用 zzy post edit 1 --end 2020-01-20 更正") in result.stderr.splitlines()
    ok("post edit 1 --end 2020-01-20")
    rows = ok("roster --year 2020 --format json").json()["rows"]
    assert {r["tenure_start"] for r in rows} == {"2019-06-01"}


def test_a_continuous_term_tells_nothing(ok: Zzy, college: Path) -> None:
    ok("appoint T001 jd --kind full --rank none --on 2019-06-01")
    ok("leave T001 --on 2020-01-20 --reason 换届")
    assert "任职年限将从" not in ok("appoint T001 jd --kind full --rank none --on 2020-01-20").stderr


def test_the_template_and_help_say_the_leave_day_is_the_first_day_off(ok: Zzy, ledger: Path, tmp_path: Path) -> None:
    import openpyxl

    ok(["template", "appointments", "--output", str(tmp_path / "任职.xlsx")])
    sample = openpyxl.load_workbook(tmp_path / "任职.xlsx")["示例"]
    notes = [row[0] for row in sample.iter_rows(min_row=4, values_only=True) if row and row[0]]
    assert any(str(note).startswith("离任日期是离开岗位的第一天") for note in notes)
    assert "离开岗位的第一天" in ok("leave --help", env={"COLUMNS": "200"}).stdout


def test_each_kind_may_have_its_own_lead_time(ok: Zzy, zzy: Zzy, college: Path) -> None:
    ok("appoint T001 jd --kind part --rank none --on 2024-06-01 --promoted --prior-rank 无")  # trial ends 2025-06-01
    ok("report add T001 --on 2025-02-01")  # due 2025-08-01
    assert findings(ok, "remind --as-of 2025-03-15 --kind trial_due") == []  # 78 days: outside the 60
    assert ok("config set remind_within_days.trial_due 90").stdout == (
        "已设置 remind_within_days.trial_due(试用期将满提前提醒天数)= 90。\n")
    kinds = [f["kind"] for f in findings(ok, "remind --as-of 2025-03-15")]
    assert "trial_due" in kinds and "report_due" not in kinds  # the report's 139 days stay outside 60
    assert ok("config set remind_within_days.工作汇报将到期 150").exit_code == 0
    assert "report_due" in [f["kind"] for f in findings(ok, "remind --as-of 2025-03-15")]
    narrow = [f["kind"] for f in findings(ok, "remind --as-of 2025-03-15 --within 10")]
    assert "trial_due" not in narrow and "report_due" not in narrow  # --within: every kind
    shown = ok("config show --format json").json()
    assert (shown["remind_within_days.trial_due"], shown["remind_within_days.report_due"]) == (90, 150)
    bad = zzy("config set remind_within_days.nothing 30")
    assert bad.exit_code == 2 and "没有「nothing」这类提醒事项" in bad.stderr


# -- history without a flood ---------------------------------------------------------------------------


def test_history_entered_years_back_gives_one_line_for_its_old_overdue_items(ok: Zzy, college: Path) -> None:
    ok("person add T005 孙七 --joined 2000-01-01 --full 2001-01-01")
    result = ok("appoint T005 xx --kind full --rank none --on 2012-01-01 --promoted --prior-rank 无")
    notices = [line for line in result.stderr.splitlines() if "T005" in line and "逾期" in line]
    assert notices == ["注意: 孙七(T005)有 2 项早已逾期(逾期一年以上)的事项,见 zzy remind --person T005"]
    overdue = {f["kind"] for f in findings(ok, "remind --person T005")}
    assert {"trial_overdue", "report_overdue"} <= overdue


# -- small frictions ----------------------------------------------------------------------------------


def test_lookups_trim_spaces_as_input_does(ok: Zzy, college: Path) -> None:
    assert ok(["person", "show", " T001 ", "--format", "json"]).json()["staff_no"] == "T001"
    assert ok(["appoint", "T001 ", " jd", "--kind", "part", "--rank", "none", "--on", "2025-01-01"]).exit_code == 0
    assert [p["staff_no"] for p in ok(["post", "list", "--org", " jd ", "--format", "json"]).json()] == ["T001"]


def test_a_duplicate_report_or_person_is_recorded_with_a_notice(ok: Zzy, college: Path) -> None:
    ok("report add T001 --on 2025-03-01 --topic 季度汇报")
    again = ok("report add T001 --on 2025-03-01 --topic 季度汇报")
    assert again.stderr.splitlines() == [
        "注意: 张三(T001)在 2025-03-01 已有一份主题相同的汇报 #1;如是重复登记,请用 zzy report void 2 --reason 重复登记 作废"]
    assert ok("report add T001 --on 2025-03-01 --topic 专题").stderr == ""
    twin = ok("person add T009 张三 --joined 2015-06-01 --full 2016-06-01")
    assert twin.stderr.splitlines() == [
        "注意: 已有同名且入党日期、转正日期相同的人员: 张三(T001);如是重复登记,请用 zzy person void T009 --reason 重复登记 作废"]
    assert len(ok("person list --format json").json()) == 4


def test_checks_conclusion_cites_only_the_failed_articles(ok: Zzy, zzy: Zzy, college: Path) -> None:
    result = zzy("check T002 --kind part --rank none --as-of 2023-01-01", env={"COLUMNS": "200"})
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "李四(工号 T002)任兼职组织员的条件,截至 2023-01-01: 不符合第十二条第(四)项的可计算条件。")
    served = zzy("check T003 --kind full --rank section --as-of 2023-01-01", env={"COLUMNS": "200"})
    assert served.stdout.splitlines()[0] == (
        "王五(工号 T003)任专职组织员(正科级)的条件,截至 2023-01-01: 不符合第十一条、第十二条第(四)项的可计算条件。")


def test_an_ineligible_finding_on_an_overridden_post_names_the_override(ok: Zzy, college: Path) -> None:
    ok("appoint T002 jd --kind full --rank section --on 2024-03-01 --override 党委2024年第3次会议特批")
    found = findings(ok, "remind --as-of 2025-01-01 --kind ineligible")
    assert len(found) == 1 and found[0]["message"].endswith("(任职时经特批,理由: 党委2024年第3次会议特批)")


# -- the Excel road of the README, as written ------------------------------------------------------------

README = Path(__file__).resolve().parent.parent / "README.md"

#: What a clerk types into each template's 数据 sheet, the org sheet under a title of their own.
FILLED = {
    "党组织": [["西双版纳职业技术学院 党组织一览"], ["代码", "名称", "类型", "撤销日期"],
              ["dw", "西双版纳职业技术学院党委", "学院党委"], ["jd", "机电工程学院党总支"],
              ["mks", "马克思主义学院暨思想政治理论课教学部直属党支部"]],
    "人员": [["T001", "玉香", "2005-07-01", "2006-07-01", "是"], ["T002", "李卫东", "2012-07-01", "2013-07-01", "是"],
             ["T003", "黄丽", "2014年4月1日", "2015年4月1日", "是"]],
    "党务工作经历": [["T001", "2008-01-01", None, "组织员"], ["T002", "2013-09-01", None, "党总支副书记"],
                   ["T003", "2016-01-01", "2019-12-31", "支部书记"]],
    "任职": [["T001", "dw", "专职", "副科级", "2019-03-01"], ["T002", "jd", "专职", "正科级", "2018-09-01"],
             ["T003", "mks", "专职", "副科级", "2021-03-01"]],
}


def test_the_readmes_excel_road_loads_a_college_as_written(ok: Zzy, ledger: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Every command of README's 第一次使用 block, in order, with the templates filled in where its comment
    says (a title row above one sheet's headers, Chinese dates): each succeeds, and the roster is the sheets'."""
    import openpyxl

    text = README.read_text(encoding="utf-8")
    block = text[text.index("## 第一次使用"):]
    block = block[block.index("```sh\n") + 6:block.index("```\n", block.index("```sh\n") + 6)]
    monkeypatch.chdir(tmp_path)
    filled = False
    for line in block.splitlines():
        command = line.split("#", 1)[0].strip()
        if not command:
            if not filled and "填写" in line:  # ……在 Excel 里填写,保存……
                for kind, rows in FILLED.items():
                    book = openpyxl.load_workbook(f"{kind}.xlsx")
                    sheet = book["数据"]
                    if kind == "党组织":  # its rows bring a title and the headers again
                        sheet.delete_rows(1)
                    for row in rows:
                        sheet.append(row)
                    book.save(f"{kind}.xlsx")
                filled = True
            continue
        for part in command.split("&&"):
            words = part.split()
            assert words[0] == "zzy", line
            ok(words[1:])
    assert filled
    rows = ok("roster --year 2026 --format json").json()["rows"]
    assert [(r["staff_no"], r["org_name"], r["start"]) for r in rows] == [
        ("T001", "西双版纳职业技术学院党委", "2019-03-01"), ("T002", "机电工程学院党总支", "2018-09-01"),
        ("T003", "马克思主义学院暨思想政治理论课教学部直属党支部", "2021-03-01")]
