"""第十九条 专人专岗: one active full-time post per person; appoint and leave."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import Zzy, audit_count
from factories import SHIPPED_ONLY, ledger, org, post
from zzy import rules
from zzy.facts import PostFacts


def test_appoint_prints_one_line(ok: Zzy, college: Path) -> None:
    result = ok("appoint T001 jd --kind 专职 --rank 正科级 --on 2024-03-01")
    assert result.stdout == "已任命 张三(工号 T001)为「机电工程学院党总支」专职组织员(正科级),任职日期 2024-03-01。任职编号 #1。\n"


@pytest.mark.parametrize(
    ("second", "words"),
    [
        ("appoint T001 xx --kind full --rank none --on 2025-01-01", "第十九条"),
        ("appoint T001 jd --kind part --rank none --on 2025-01-01", "同一党组织"),
    ],
)
def test_art19_overlapping_posts_are_refused(ok: Zzy, zzy: Zzy, college: Path, second: str, words: str) -> None:
    ok("appoint T001 jd --kind full --rank none --on 2024-03-01")
    before = audit_count(zzy)
    result = zzy(second)
    assert result.exit_code == 3 and words in result.stderr
    assert audit_count(zzy) == before


def test_art19_part_time_elsewhere_is_allowed(ok: Zzy, college: Path) -> None:
    ok("appoint T001 jd --kind full --rank none --on 2024-03-01")
    ok("appoint T001 xx --kind part --rank none --on 2024-03-01")


def test_art19_leaving_and_starting_the_same_day(ok: Zzy, college: Path) -> None:
    ok("appoint T001 jd --kind full --rank none --on 2024-03-01")
    ok("leave T001 --on 2025-03-01 --reason 调动")
    ok("appoint T001 xx --kind full --rank none --on 2025-03-01")
    posts = ok("person show T001 --format json").json()["posts"]
    assert [(p["org"], p["end"]) for p in posts] == [("jd", "2025-03-01"), ("xx", None)]


def test_art19_a_new_post_before_an_old_one_ended_is_refused(ok: Zzy, zzy: Zzy, college: Path) -> None:
    ok("appoint T001 jd --kind full --rank none --on 2024-03-01")
    ok("leave T001 --on 2025-03-01")
    assert zzy("appoint T001 xx --kind full --rank none --on 2025-02-28").exit_code == 3


@pytest.mark.parametrize(
    ("command", "code", "words"),
    [
        ("appoint T404 jd --kind full --rank none --on 2024-03-01", 3, "没有工号为 T404"),
        ("appoint T001 zz --kind full --rank none --on 2024-03-01", 3, "没有代码为 zz"),
        ("appoint T001 jd --kind half --rank none --on 2024-03-01", 2, "full(专职)"),
        ("appoint T001 jd --kind full --rank boss --on 2024-03-01", 2, "deputy-section(副科级)"),
        ("appoint T001 jd --kind full --rank none --on 2024-03-01 --prior-rank none", 2, "--promoted"),
        ("appoint T001 jd --kind full --rank none", 2, "缺少选项 --on"),
    ],
)
def test_appoint_refusals(zzy: Zzy, college: Path, command: str, code: int, words: str) -> None:
    before = audit_count(zzy)
    result = zzy(command)
    assert result.exit_code == code, result
    assert words in result.stderr
    assert audit_count(zzy) == before


def test_appoint_refuses_an_ineligible_person_listing_every_criterion(zzy: Zzy, college: Path) -> None:
    result = zzy("appoint T003 jd --kind full --rank section --on 2024-03-01")
    assert result.exit_code == 3
    assert "党务工作经历" in result.stderr and "第十一条" in result.stderr
    assert "--override" in result.stderr


def test_appoint_override_is_stored_and_audited(ok: Zzy, college: Path) -> None:
    result = ok(["appoint", "T003", "jd", "--kind", "full", "--rank", "section", "--on", "2024-03-01",
                 "--override", "党委会议特批"])
    assert "特批" in result.stdout
    post = ok("person show T003 --format json").json()["posts"][0]
    assert post["override"] == "党委会议特批"
    entry = ok("log --limit 1 --format json").json()[0]
    assert entry["after"]["override"] == "党委会议特批"


def test_appoint_checks_party_age_on_the_start_date(ok: Zzy, zzy: Zzy, college: Path) -> None:
    # T002 became a full member on 2021-06-01: three years on 2024-06-01
    assert zzy("appoint T002 jd --kind part --rank none --on 2024-05-31").exit_code == 3
    ok("appoint T002 jd --kind part --rank none --on 2024-06-01")


@pytest.mark.parametrize(
    ("command", "words"),
    [
        ("leave T001 --on 2025-01-01", "没有在任的职务"),
        ("leave T404 --on 2025-01-01", "没有工号为 T404"),
    ],
)
def test_leave_refusals(zzy: Zzy, college: Path, command: str, words: str) -> None:
    result = zzy(command)
    assert result.exit_code == 3 and words in result.stderr


def test_leave_needs_org_when_several_posts(ok: Zzy, zzy: Zzy, college: Path) -> None:
    ok("appoint T001 jd --kind full --rank none --on 2024-03-01")
    ok("appoint T001 xx --kind part --rank none --on 2024-03-01")
    refused = zzy("leave T001 --on 2025-01-01")
    assert refused.exit_code == 3 and "--org" in refused.stderr
    ok("leave T001 --on 2025-01-01 --org xx")
    assert zzy("leave T001 --on 2024-03-01 --org jd").exit_code == 3  # not after the start


# -- the rules the writes and doctor share: one pure function per invariant ------------------

D = date
ORGS = {"jd": org("jd"), "xx": org("xx"), "old": org("old", dissolved_on=D(2024, 7, 1))}
HELD = post(start=D(2024, 3, 1), id=1)


@pytest.mark.parametrize(
    ("case", "new", "checks"),
    [
        ("art19 a second full-time post at the same time", post(org="xx", start=D(2025, 1, 1), id=2),
         [("one_full_time_post", 19)]),
        ("art19 a full-time post after the first was left", post(org="xx", start=D(2025, 1, 1), id=2),
         [("one_full_time_post", 19)]),
        ("art19 part-time elsewhere is allowed", post(org="xx", start=D(2025, 1, 1), kind="part", id=2), []),
        ("a second post at the same org", post(start=D(2025, 1, 1), kind="part", id=2), [("one_post_per_org", None)]),
        ("left on the day it began", post(org="xx", start=D(2025, 1, 1), end=D(2025, 1, 1), kind="part", id=2),
         [("post_dates", None)]),
        ("art10 held at a dissolved org", post(org="old", start=D(2024, 1, 1), kind="part", id=2),
         [("dissolved_org", 10)]),
        ("art10 left on the day of dissolution", post(org="old", start=D(2024, 1, 1), end=D(2024, 7, 1),
                                                      kind="part", id=2), []),
    ],
)
def test_post_problems(case: str, new: PostFacts, checks: list[tuple[str, int | None]]) -> None:
    held = [HELD] if "after the first" not in case else [HELD._replace(end=D(2025, 1, 2))]
    found = rules.post_problems(new, held, ORGS, SHIPPED_ONLY)
    assert [(p.check, p.article) for p in found] == checks, case
    assert all(p.post == new.id and not p.accepted for p in found)


@pytest.mark.parametrize(
    ("case", "changes", "checks"),
    [
        ("art13 result on the trial end", {"trial_result": "pass", "trial_decided_on": D(2025, 3, 1)}, []),
        ("art13 result a day early", {"trial_result": "pass", "trial_decided_on": D(2025, 2, 28)}, ["trial_early"]),
        ("art13 a failed trial ends the post that day", {"trial_result": "fail", "trial_decided_on": D(2025, 3, 1),
                                                         "end": D(2025, 3, 1)}, []),
        ("art13 a failed trial left open", {"trial_result": "fail", "trial_decided_on": D(2025, 3, 1)},
         ["trial_result"]),
        ("art13 a result without a promotion", {"promoted": False, "trial_result": "pass",
                                               "trial_decided_on": D(2025, 3, 1)}, ["trial_result"]),
    ],
)
def test_trial_problems(case: str, changes: dict[str, object], checks: list[str]) -> None:
    promoted = post(start=D(2024, 3, 1), promoted=True)._replace(**changes)
    assert [p.check for p in rules.trial_problems(promoted, SHIPPED_ONLY)] == checks, case


@pytest.mark.parametrize(
    ("case", "left", "checks"),
    [
        ("art20 rotated on the day eight years are full", D(2025, 3, 1), []),
        ("art20 rotated a day early", D(2025, 2, 28), [("rotation_early", 20)]),
    ],
)
def test_rotation_problems(case: str, left: date, checks: list[tuple[str, int]]) -> None:
    rotated = post(start=D(2017, 3, 1), end=left, end_reason=rules.ROTATION)
    assert [(p.check, p.article) for p in rules.rotation_problems(rotated, [rotated], ORGS, SHIPPED_ONLY)] == checks, case


def test_doctor_reports_an_overlapping_pair_once() -> None:
    second = post(org="xx", start=D(2025, 1, 1), id=2)
    facts = ledger(orgs=list(ORGS.values()), posts=[HELD, second])
    found = [p for p in rules.ledger_problems(facts, today=D(2026, 1, 1)) if p.check == "one_full_time_post"]
    assert [(p.post, p.org) for p in found] == [(2, "xx")]
