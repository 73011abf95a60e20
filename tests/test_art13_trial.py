"""第十三条: a newly promoted organizer serves a one-year trial, assessed when it ends."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import Zzy, audit_count
from factories import SHIPPED_ONLY, findings_of, ledger, org, person, post
from zzy import rules
from zzy.rules import art13_trial

D = date


@pytest.mark.parametrize(
    ("case", "start", "trial_end"),
    [
        ("art13 one year", D(2024, 3, 1), D(2025, 3, 1)),
        ("art13 from Feb 29 ends Feb 28", D(2024, 2, 29), D(2025, 2, 28)),
    ],
)
def test_trial_end(case: str, start: date, trial_end: date) -> None:
    assert rules.trial_end(post(start=start, promoted=True), SHIPPED_ONLY) == trial_end, case


def test_art13_no_trial_unless_promoted() -> None:
    assert rules.trial_end(post(start=D(2024, 3, 1)), SHIPPED_ONLY) is None


@pytest.mark.parametrize(
    ("case", "as_of", "kind", "severity", "days_left"),
    [
        ("art13 a day outside the window", D(2024, 12, 30), None, None, 61),
        ("art13 first day of the window", D(2024, 12, 31), "trial_due", "due", 60),
        ("art13 due today", D(2025, 3, 1), "trial_due", "due", 0),
        ("art13 overdue by a day", D(2025, 3, 2), "trial_overdue", "overdue", -1),
    ],
)
def test_trial_findings(case: str, as_of: date, kind: str | None, severity: str | None,
                        days_left: int | None) -> None:
    facts = ledger(posts=[post(start=D(2024, 3, 1), promoted=True)])
    found = findings_of(art13_trial.trial_findings, facts, as_of=as_of, within=60)
    assert [(f.kind, f.severity.value, f.days_left) for f in found] == (
        [(kind, severity, days_left)] if kind else []), case
    for finding in found:
        assert (finding.article, finding.due, finding.org) == (13, D(2025, 3, 1), "jd")


def test_art13_decided_trial_is_not_reminded() -> None:
    facts = ledger(posts=[post(start=D(2024, 3, 1), promoted=True, trial_result="pass",
                               trial_decided_on=D(2025, 3, 1))])
    assert findings_of(art13_trial.trial_findings, facts, as_of=D(2025, 4, 1), within=60) == []
    # …but as of a day before the decision it was still open
    assert len(findings_of(art13_trial.trial_findings, facts, as_of=D(2025, 2, 28), within=60)) == 1


def _promoted(ok: Zzy) -> None:
    ok("appoint T001 jd --kind full --rank section --on 2024-02-29 --promoted --prior-rank deputy-section")


def test_art13_result_before_trial_end_is_refused(ok: Zzy, zzy: Zzy, college: object) -> None:
    _promoted(ok)
    before = audit_count(zzy)
    result = zzy("trial T001 --result pass --on 2025-02-27")
    assert result.exit_code == 3
    assert "2025-02-28" in result.stderr and "第十三条" in result.stderr
    assert audit_count(zzy) == before


def test_art13_pass_on_trial_end_makes_the_post_formal(ok: Zzy, zzy: Zzy, college: object) -> None:
    _promoted(ok)
    result = ok("trial T001 --result 胜任 --on 2025-02-28")
    assert "正式任职" in result.stdout
    posts = ok("person show T001 --format json").json()["posts"]
    assert posts[0]["trial_result"] == "pass" and posts[0]["end"] is None
    assert zzy("trial T001 --result pass --on 2025-03-01").exit_code == 3  # no open trial any more


def test_art13_fail_ends_the_post_and_names_the_prior_rank(ok: Zzy, college: object) -> None:
    _promoted(ok)
    result = ok("trial T001 --result fail --on 2025-03-03")
    assert "副科级" in result.stdout and "免去试任职务" in result.stdout
    posts = ok("person show T001 --format json").json()["posts"]
    assert (posts[0]["end"], posts[0]["end_reason"], posts[0]["trial_result"]) == (
        "2025-03-03", "trial_failed", "fail")


def test_art13_bad_result_is_a_usage_error(zzy: Zzy, college: object) -> None:
    result = zzy("trial T001 --result maybe --on 2025-03-03")
    assert result.exit_code == 2
    assert "pass(胜任)" in result.stderr


def test_art13_reminded_in_remind_json(ok: Zzy, college: object) -> None:
    _promoted(ok)
    findings = ok("remind --as-of 2025-02-01 --format json").json()["findings"]
    trial = [f for f in findings if f["kind"] == "trial_due"]
    assert trial == [{
        "kind": "trial_due", "article": 13, "severity": "due", "staff_no": "T001", "name": "张三",
        "org": "jd", "org_name": "机电工程学院党总支", "due": "2025-02-28", "days_left": 27,
        "message": trial[0]["message"],
    }]


def test_art13_trial_is_computed_from_facts_not_org() -> None:
    facts = ledger(orgs=[org("jd")], people=[person()], posts=[post(start=D(2024, 3, 1), promoted=True,
                                                                   end=D(2024, 6, 1))])
    assert findings_of(art13_trial.trial_findings, facts, as_of=D(2025, 3, 1), within=60) == []  # left before the trial ended


def _two_open_trials(ok: Zzy) -> None:
    ok("appoint T001 xx --kind part --rank none --on 2024-01-10 --promoted")
    _promoted(ok)


def test_art13_several_open_trials_need_org(ok: Zzy, zzy: Zzy, college: object) -> None:
    _two_open_trials(ok)
    before = audit_count(zzy)
    result = zzy("trial T001 --result fail --on 2025-03-03")
    assert result.exit_code == 3, result
    assert result.stderr == (
        "错误: 张三(工号 T001)有多个待考核的试用期: xx(信息工程学院党总支,兼职,自 2024-01-10 起)、"
        "jd(机电工程学院党总支,专职,自 2024-02-29 起)。请用 --org 指定考核哪一个。\n")
    assert audit_count(zzy) == before


def test_art13_org_picks_the_trial(ok: Zzy, zzy: Zzy, college: object) -> None:
    _two_open_trials(ok)
    ok("trial T001 --result fail --on 2025-03-03 --org jd")
    posts = {p["org"]: p for p in ok("person show T001 --format json").json()["posts"]}
    assert (posts["jd"]["trial_result"], posts["jd"]["end"]) == ("fail", "2025-03-03")
    assert (posts["xx"]["trial_result"], posts["xx"]["end"]) == (None, None)
    ok("trial T001 --result pass --on 2025-03-03")  # one open trial left: no --org needed


def test_art13_org_without_an_open_trial_is_refused(ok: Zzy, zzy: Zzy, college: object) -> None:
    _promoted(ok)
    result = zzy("trial T001 --result pass --on 2025-03-03 --org xx")
    assert result.exit_code == 3
    assert "在党组织 xx 没有待考核的试用期" in result.stderr


def test_art13_a_trial_with_a_leave_planned_after_it_can_be_recorded(ok: Zzy, zzy: Zzy, college: object) -> None:
    """The post is still held on the day of the result (the leave is entered ahead): the trial is open, as the
    reminder list says; held no more on that day, it is not."""
    _promoted(ok)
    ok("leave T001 --on 2025-12-31 --reason 退休")
    assert [f["kind"] for f in ok("remind --as-of 2025-03-10 --format json").json()["findings"]
            if f["staff_no"] == "T001" and f["kind"].startswith("trial")] == ["trial_overdue"]
    assert zzy("trial T001 --result pass --on 2026-01-02").exit_code == 3  # left by then
    ok("trial T001 --result pass --on 2025-03-10")
    post = ok("person show T001 --format json").json()["posts"][0]
    assert (post["trial_result"], post["trial_decided_on"], post["end"]) == ("pass", "2025-03-10", "2025-12-31")
