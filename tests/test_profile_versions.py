"""SPEC section 12: another college's rules, and a college's rules revised.

A second profile (``tests/profiles/other-college.toml``) differs from this college's on every number: five years
of party age, two years of party work for every rank, in service for every post, a six-month trial, ten years
before rotation, two full-time organizers per org, two trainings a year.  Each rule is tested at its boundary
under it as under the shipped one (the day before, the day of, 29 February), and through the CLI once adopted.
A version adopted from a day judges what begins on or after it; what began before is judged by its own.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import Zzy
from factories import SHIPPED, SHIPPED_ONLY, ledger, org, person, post, span
from zzy import dates, profile, rules
from zzy.facts import TrainingFacts
from zzy.profile import Profiles
from zzy.rules import art10_staffing, art13_trial, art15_18_duties, art19_20_posts

D = date
OTHER_FILE = Path(__file__).parent / "profiles" / "other-college.toml"
OTHER = profile.parse(OTHER_FILE.read_text(encoding="utf-8"), source=OTHER_FILE.name)
#: A ledger that adopted the other college's profile long ago: it decides every day tested here.
OTHER_ONLY = Profiles(((D(2000, 1, 1), OTHER),))


def test_the_second_profile_differs_on_every_number() -> None:
    changed = {key for key, _, _ in profile.differences(SHIPPED, OTHER)}
    numbers = {key for key, _, value, _, _ in profile.numbers(SHIPPED) if value is not None}
    assert numbers <= changed, numbers - changed


# -- party age: five years, counted from 转正 -------------------------------------------------


@pytest.mark.parametrize(("full", "as_of", "passed"), [
    (D(2019, 3, 1), D(2024, 2, 29), False),   # the day before five years
    (D(2019, 3, 1), D(2024, 3, 1), True),     # the day of
    (D(2020, 2, 29), D(2025, 2, 27), False),  # full on 29 February: five years end on 28 February
    (D(2020, 2, 29), D(2025, 2, 28), True),
])
def test_party_age_is_the_profile_s_years(full: date, as_of: date, passed: bool) -> None:
    member = person(joined=D(full.year - 1, 1, 1), full=full)
    other = rules.party_age(member, as_of=as_of, profile=OTHER)
    assert (other.passed, other.article) == (passed, 8)
    assert other.detail.endswith("符合第八条第(三)项") and ("满五年" in other.detail) is not passed
    assert rules.party_age(member, as_of=as_of, profile=SHIPPED).passed  # three years were met long before


# -- party work: two years, for every rank ------------------------------------------------------


@pytest.mark.parametrize(("start", "as_of", "passed"), [
    (D(2022, 5, 10), D(2024, 5, 9), False),
    (D(2022, 5, 10), D(2024, 5, 10), True),
    (D(2022, 2, 28), D(2024, 2, 27), False),  # two calendar years from 28 February end on 28 February
    (D(2022, 2, 28), D(2024, 2, 28), True),
])
def test_party_work_is_the_profile_s_years_for_every_rank(start: date, as_of: date, passed: bool) -> None:
    member = person(full=D(2010, 1, 1))
    criteria = rules.eligibility(member, [span(start)], [], kind="part", rank="none", as_of=as_of, profile=OTHER)
    work = next(c for c in criteria if c.key == "party_work")
    assert (work.passed, work.met_on, work.article) == (passed, D(start.year + 2, start.month, start.day), 8)
    # this college asks for no party work of a post of no rank, and three years of a section-level one
    assert [c.key for c in rules.eligibility(member, [span(start)], [], kind="part", rank="none", as_of=as_of,
                                             profile=SHIPPED)] == ["party_age"]
    shipped = rules.eligibility(member, [span(start)], [], kind="part", rank="section", as_of=as_of, profile=SHIPPED)
    assert not next(c for c in shipped if c.key == "party_work").passed


def test_in_service_for_every_kind_and_rank_it_names() -> None:
    retired = person(out_of_service_on=D(2020, 1, 1), full=D(2010, 1, 1))
    other = rules.eligibility(retired, [span(D(2000, 1, 1))], [], kind="part", rank="none", as_of=D(2020, 1, 1),
                              profile=OTHER)
    in_service = next(c for c in other if c.key == "in_service")
    assert (in_service.passed, in_service.article) == (False, 7)
    assert in_service.detail == "自2020-01-01起不是学院在职教职工,组织员须在在职教职工中选任,不符合第七条"
    assert rules.eligibility(retired, [], [], kind="part", rank="none", as_of=D(2019, 12, 31),
                             profile=OTHER)[-1].passed  # the day before they left
    assert "in_service" not in {c.key for c in rules.eligibility(retired, [], [], kind="part", rank="none",
                                                                   as_of=D(2020, 1, 1), profile=SHIPPED)}


# -- the trial: six months -------------------------------------------------------------------------


@pytest.mark.parametrize(("start", "ends"), [
    (D(2024, 3, 1), D(2024, 9, 1)),
    (D(2023, 8, 29), D(2024, 2, 29)),   # into a leap February
    (D(2024, 8, 31), D(2025, 2, 28)),   # no 31 February: the month's last day
    (D(2024, 2, 29), D(2024, 8, 29)),
])
def test_the_trial_ends_after_the_profile_s_months(start: date, ends: date) -> None:
    promoted = post(start=start, promoted=True)
    assert rules.trial_end(promoted, OTHER_ONLY) == ends
    assert rules.trial_end(promoted, SHIPPED_ONLY) == dates.add_years(start, 1)
    day_before = post(start=start, promoted=True, trial_result="pass", trial_decided_on=D.fromordinal(ends.toordinal() - 1))
    assert [(p.check, p.article) for p in rules.trial_problems(day_before, OTHER_ONLY)] == [("trial_early", 9)]
    on_the_day = post(start=start, promoted=True, trial_result="pass", trial_decided_on=ends)
    assert rules.trial_problems(on_the_day, OTHER_ONLY) == []


def test_trial_findings_cite_the_profile() -> None:
    facts = ledger(posts=[post(start=D(2024, 3, 1), promoted=True)], profiles=OTHER_ONLY)
    found = list(art13_trial.trial_findings(rules.Reminder(facts, D(2024, 8, 31), 60)))
    assert [(f.kind, f.article, f.due) for f in found] == [("trial_due", 9, D(2024, 9, 1))]
    assert found[0].message.endswith("(第九条)")


def test_the_checks_of_a_post_s_own_fields_cite_the_profile_of_its_start() -> None:
    """第十三条's prior rank and trial record, 第十条's dissolved org and single committee: the article of the
    version in force (the shipped one's 13 and 10 when none is adopted)."""
    start = D(2024, 3, 1)
    prior = post(start=start)._replace(prior_rank="deputy-section")  # a prior rank on a post that was no promotion
    assert [(p.check, p.article) for p in rules.promotion_problems(prior, OTHER_ONLY)] == [("prior_rank", 9)]
    assert [(p.check, p.article) for p in rules.promotion_problems(prior)] == [("prior_rank", 13)]
    failed = post(start=start, promoted=True, trial_result="fail", trial_decided_on=D(2024, 9, 1))
    assert [(p.article, p.message[-5:]) for p in art13_trial.trial_record_problems(failed, OTHER_ONLY)] == \
        [(9, "(第九条)")]
    assert [p.article for p in art13_trial.trial_record_problems(failed)] == [13]
    dissolved = org(dissolved_on=D(2024, 6, 1))
    assert [p.article for p in art10_staffing.dissolved_org_problems(post(start=start), dissolved, OTHER_ONLY)] == [6]
    assert [p.article for p in art10_staffing.dissolved_org_problems(post(start=start), dissolved)] == [10]
    two = ledger(orgs=[org("dw", kind="committee"), org("dw2", kind="committee")], profiles=OTHER_ONLY)
    assert [p.article for p in rules.ledger_problems(two, today=D(2024, 6, 1)) if p.check == "one_committee"] == [6]
    committees = {"dw": org("dw", kind="committee")}
    assert [p.article for p in rules.org_problems(org("dw2", kind="committee"), committees, OTHER_ONLY, D(2024, 6, 1))] \
        == [6]


# -- rotation: ten years -----------------------------------------------------------------------------


@pytest.mark.parametrize(("start", "day_before", "day_of"), [
    (D(2014, 6, 1), D(2024, 5, 31), D(2024, 6, 1)),
    (D(2016, 2, 29), D(2026, 2, 27), D(2026, 2, 28)),
])
def test_rotation_after_the_profile_s_years(start: date, day_before: date, day_of: date) -> None:
    assert rules.rotation_on(start, OTHER) == day_of
    orgs = {"jd": org("jd"), "xx": org("xx")}
    early = post(start=start, end=day_before, end_reason="rotation")
    assert [(p.check, p.article) for p in rules.rotation_problems(early, [early], orgs, OTHER_ONLY)] == \
        [("rotation_early", 16)]
    assert "才满10年" in rules.rotation_problems(early, [early], orgs, OTHER_ONLY)[0].message
    in_time = post(start=start, end=day_of, end_reason="rotation")
    assert rules.rotation_problems(in_time, [in_time], orgs, OTHER_ONLY) == []
    held = ledger(posts=[post(start=start)], profiles=OTHER_ONLY)
    kinds = {day: [f.kind for f in art19_20_posts.rotation_findings(rules.Reminder(held, day, 0))]
             for day in (day_before, day_of)}
    assert kinds == {day_before: [], day_of: ["rotation_eligible"]}


# -- staffing: two full-time organizers per org; training: two a year ------------------------------


def test_each_org_has_the_profile_s_number_of_full_time_organizers() -> None:
    staff = [person("T001"), person("T002"), person("T003")]

    def findings(holders: int) -> list[tuple[str, int, str]]:
        posts = [post(f"T00{n}", start=D(2024, 1, 1)) for n in range(1, holders + 1)]
        facts = ledger(people=staff, orgs=[org("jd")], posts=posts, profiles=OTHER_ONLY)
        return [(f.kind, f.article, f.message) for f in
                art10_staffing.staffing_findings(rules.Reminder(facts, D(2024, 6, 1), 60))]

    assert findings(1) == [("vacancy", 6, "jd党组织只有1名在任的专职组织员(第六条: 每个基层党组织设置专职组织员2名)")]
    assert findings(2) == []
    assert [kind for kind, _, _ in findings(3)] == ["overstaffed"]
    assert rules.vacant_orgs([org("jd")], [post(start=D(2024, 1, 1))], as_of=D(2024, 6, 1), wanted=2) == ["jd"]


def test_the_committee_holds_the_profile_s_trainings_each_year() -> None:
    committee = org("dw", kind="committee")
    trainings = [TrainingFacts(1, D(2024, 3, 1), "培训", "training", "dw"),
                 TrainingFacts(2, D(2024, 9, 1), "交流", "exchange", "dw")]
    facts = ledger(orgs=[committee], trainings=trainings, profiles=OTHER_ONLY)
    missing = {day: [(f.kind, f.article, f.message) for f in
                     art15_18_duties.training_findings(rules.Reminder(facts, day, 400))]
               for day in (D(2024, 8, 31), D(2024, 9, 1))}
    assert missing[D(2024, 9, 1)] == []
    assert missing[D(2024, 8, 31)] == [("training_missing", 14, "学院党委2024年只举办了1次针对组织员的业务培训或工作交流,"
                                        "应于2024-12-31前至少举办两次(还有122天)(第十四条)")]
    shipped = ledger(orgs=[committee], trainings=trainings)
    assert list(art15_18_duties.training_findings(rules.Reminder(shipped, D(2024, 3, 1), 60))) == []


# -- through the CLI, on SQLite and PostgreSQL ----------------------------------------------------


def test_check_under_an_adopted_profile_on_the_day_before_and_the_day_of(ok: Zzy, zzy: Zzy, college: Path) -> None:
    """张三: full member since 2016-06-01, party work since 2016-09-01; the other college asks five years of each."""
    ok(f"profile adopt {OTHER_FILE} --from 2020-01-01")
    before = zzy("check T001 --kind part --rank none --as-of 2021-05-31 --format json")
    assert before.exit_code == 1 and before.json()["profile"] == "other-college@2024-1"
    assert [(c["key"], c["article"], c["passed"], c["met_on"]) for c in before.json()["criteria"]] == [
        ("party_age", 8, False, "2021-06-01"), ("party_work", 8, True, "2018-09-01"), ("in_service", 7, True, None)]
    on_the_day = ok("check T001 --kind part --rank none --as-of 2021-06-01")
    assert on_the_day.stdout.splitlines()[0] == (
        "张三(工号 T001)任兼职组织员的条件,截至 2021-06-01: 符合第七条、第八条第(三)项的可计算条件。")
    # before the version's day, the shipped profile: three years of party age, no party work for no rank
    shipped = ok("check T001 --kind part --rank none --as-of 2019-12-31 --format json").json()
    assert shipped["profile"] == "xsbn-vtc@1" and [c["key"] for c in shipped["criteria"]] == ["party_age"]


def test_an_adoption_mid_year_judges_each_post_by_the_version_of_its_start(ok: Zzy, zzy: Zzy, college: Path) -> None:
    ok("person add T004 赵六 --joined 2019-01-01 --full 2020-01-01")  # four years of party age in 2024
    ok("appoint T004 jd --kind full --rank none --promoted --on 2024-03-01")  # the shipped profile: 3 years
    adopted = ok(f"profile adopt {OTHER_FILE} --from 2024-07-01")
    assert adopted.stdout.startswith("已采用规则配置「某某大学组织员队伍建设实施细则」(other-college@2024-1),"
                                     "自 2024-07-01 起施行")
    # the post begun before keeps its year of trial; one begun after has six months, and five years of party age
    refused = zzy("appoint T002 xx --kind full --rank none --promoted --on 2024-08-01")
    assert refused.exit_code == 3 and "不符合第八条第(三)项「具有五年以上党龄」" not in refused.stderr
    assert "第八条第(三)项" in refused.stderr and "满五年" in refused.stderr
    ok("appoint T002 xx --kind full --rank none --promoted --on 2024-08-01 --override 党委会议纪要第3号")
    rows = {row["staff_no"]: row for row in ok("roster --year 2024 --format json").json()["rows"]}
    assert (rows["T004"]["trial_end"], rows["T002"]["trial_end"]) == ("2025-03-01", "2025-02-01")
    doctor = ok("doctor --format json").json()
    assert [(p["staff_no"], p["article"]) for p in doctor["accepted"]] == [("T002", 8), ("T002", 8)]
    # an earlier day than the newest version's is refused, nothing written
    late = zzy(f"profile adopt {OTHER_FILE} --from 2024-07-01")
    assert late.exit_code == 3 and "须晚于这一天施行" in late.stderr
    listed = ok("profile list --format json").json()
    assert [(v["from"], v["id"], v["version"]) for v in listed] == [("2024-07-01", "other-college", "2024-1")]


def test_adopting_tells_each_post_from_that_day_the_new_version_refuses(ok: Zzy, zzy: Zzy, college: Path) -> None:
    ok("appoint T002 xx --kind full --rank none --on 2024-09-01")  # four years of party age then: enough here
    adopted = ok(f"profile adopt {OTHER_FILE} --from 2024-01-01")
    assert "自该日起的任职有 2 处不符合新的规定" in adopted.stdout
    assert adopted.stderr.count("注意: 李四(T002)的任职 #1(xx): 2024-09-01 任职时") == 2
    doctor = zzy("doctor --format json")
    assert doctor.exit_code == 1
    assert {(p["check"], p["staff_no"], p["article"]) for p in doctor.json()["problems"]} == {("eligibility", "T002", 8)}
    assert ok("undo --yes").exit_code == 0
    assert ok("profile list --format json").json() == [] and ok("doctor").exit_code == 0


def test_the_adopted_versions_are_exported_and_restored(ok: Zzy, zzy: Zzy, college: Path, tmp_path: Path) -> None:
    ok(f"profile adopt {OTHER_FILE} --from 2024-01-01")
    export = tmp_path / "all.json"
    ok(f"export {export}")
    import json

    document = json.loads(export.read_text(encoding="utf-8"))
    assert [(v["from_day"], v["profile_id"]) for v in document["profiles"]] == [("2024-01-01", "other-college")]
    assert profile.from_document(document["profiles"][0]["document"]) == OTHER
    target = tmp_path / "restored.db"
    ok(f"--db {target} init")
    ok(f"--db {target} restore {export}")
    assert ok(f"--db {target} profile show --as-of 2024-01-01 --format json").json()["profile"] == "other-college@2024-1"
    document["profiles"][0]["document"] = document["profiles"][0]["document"].replace('"years":10', '"years":99')
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    again = tmp_path / "again.db"
    ok(f"--db {again} init")
    refused = zzy(f"--db {again} restore {forged}")
    assert refused.exit_code == 3 and "rotation.years" in refused.stderr


def test_profile_check_compares_with_the_version_in_force(ok: Zzy, college: Path) -> None:
    ok(f"profile adopt {OTHER_FILE} --from 2024-01-01")
    assert ok(f"profile check {OTHER_FILE} --as-of 2024-01-01").stdout.splitlines()[1] == \
        "与 2024-01-01 在用的 other-college@2024-1 相比,数值和条款没有不同。"
    assert "trial.months: 12 → 6" in ok(f"profile check {OTHER_FILE} --as-of 2023-12-31").stdout


def test_the_reports_name_the_regulation_and_its_numbers(ok: Zzy, college: Path, tmp_path: Path) -> None:
    ok("appoint T001 jd --kind full --rank none --on 2019-07-01")
    ok(f"profile adopt {OTHER_FILE} --from 2024-01-01")
    roster = ok("roster --year 2024 --wide", env={"COLUMNS": "250"}).stdout
    assert "满10年日期" in roster and "2029-07-01" in roster
    assert ok("roster --year 2023 --format json").json()["rows"][0]["rotation_on"] == "2027-07-01"
    page = tmp_path / "2024.html"
    ok(f"summary --year 2024 --as-of 2024-12-31 --output {page}")
    html = page.read_text(encoding="utf-8")
    assert "依据《某某大学组织员队伍建设实施细则》" in html and "满10年" in html and "第十四条每年至少两次" in html
    workbook = tmp_path / "名册.xlsx"
    ok(f"roster --year 2024 --output {workbook}")
    import openpyxl

    assert openpyxl.load_workbook(workbook).active["A1"].value.endswith("依据《某某大学组织员队伍建设实施细则》")
