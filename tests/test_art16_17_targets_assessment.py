"""第十六条 targets and 第十七条 assessment, rewards and adjustment."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import Zzy, audit_count
from factories import findings_of, ledger, post
from zzy.facts import AssessmentFacts, TargetFacts
from zzy.rules import art15_18_duties

D = date


@pytest.mark.parametrize(
    ("case", "as_of", "expected"),
    [
        ("art16 outside the window", D(2026, 10, 31), None),
        ("art16 first day in the window", D(2026, 11, 1), ("target_due", "due", 60)),
        ("art16 due today", D(2026, 12, 31), ("target_due", "due", 0)),
        ("art16 overdue by a day", D(2027, 1, 1), ("target_overdue", "overdue", -1)),
    ],
)
def test_target_findings(case: str, as_of: date, expected: tuple | None) -> None:
    facts = ledger(targets=[TargetFacts(id=1, staff_no="T001", title="发展党员", due=D(2026, 12, 31))])
    found = findings_of(art15_18_duties.target_findings, facts, as_of=as_of, within=60)
    assert [(f.kind, f.severity.value, f.days_left) for f in found] == ([expected] if expected else []), case
    assert all(f.article == 16 and f.org is None for f in found)


def test_art16_assessed_target_is_not_reminded() -> None:
    facts = ledger(targets=[TargetFacts(id=1, staff_no="T001", title="发展党员", due=D(2026, 12, 31), result="unmet",
                                               assessed_on=D(2027, 1, 5))])
    assert findings_of(art15_18_duties.target_findings, facts, as_of=D(2027, 2, 1), within=60) == []
    assert len(findings_of(art15_18_duties.target_findings, facts, as_of=D(2027, 1, 4), within=60)) == 1  # not yet assessed then


def test_art16_target_commands(ok: Zzy, zzy: Zzy, college: Path) -> None:
    assert ok("target add T001 --title 发展党员 --due 2026-12-31 --quantity 10名").stdout.strip().endswith(
        "期限 2026-12-31。")
    assert "#1" in ok("target list").stdout or ok("target list --format json").json()[0]["id"] == 1
    ok("target assess 1 --result 完成 --on 2026-11-20")
    row = ok("target list --format json").json()[0]
    assert (row["result"], row["assessed_on"], row["quantity"]) == ("met", "2026-11-20", "10名")
    assert zzy("target assess 1 --result unmet --on 2026-12-21").exit_code == 3  # already assessed
    assert zzy("target assess 9 --result met --on 2026-12-21").exit_code == 3
    assert zzy("target assess 1 --result good --on 2026-12-21").exit_code == 2


def test_target_add_prints_its_number(ok: Zzy, college: Path) -> None:
    ok("target add T001 --title 甲 --due 2026-12-31")
    assert "#2" in ok("target add T002 --title 乙 --due 2026-12-31").stdout


@pytest.mark.parametrize(
    ("case", "grades", "holds_post", "unfit"),
    [
        ("art17 latest grade incompetent, in post", [(2024, "competent"), (2025, "incompetent")], True, True),
        ("art17 the latest grade decides", [(2024, "incompetent"), (2025, "competent")], False, False),
        ("art17 incompetent but no longer in post", [(2025, "incompetent")], False, False),
        ("art17 a grade for a later year does not count yet", [(2025, "incompetent"), (2027, "excellent")],
         True, True),
    ],
)
def test_unfit(case: str, grades: list[tuple[int, str]], holds_post: bool, unfit: bool) -> None:
    posts = [post(start=D(2020, 1, 1), end=None if holds_post else D(2025, 12, 31))]
    facts = ledger(posts=posts, assessments=[AssessmentFacts(staff_no="T001", year=year, grade=grade) for year, grade in grades])
    found = findings_of(art15_18_duties.unfit_findings, facts, as_of=D(2026, 3, 1))
    expected = holds_post and unfit
    assert [(f.kind, f.article, f.severity.value) for f in found] == (
        [("unfit", 17, "overdue")] if expected else []), case


def test_art17_assess_twice_corrects_the_grade(ok: Zzy, college: Path) -> None:
    ok("appoint T001 jd --kind full --rank none --on 2024-03-01")
    ok("assess T001 --year 2025 --grade 不称职")
    assert "unfit" in [f["kind"] for f in ok("remind --as-of 2026-01-10 --format json").json()["findings"]]
    assert "更正" in ok("assess T001 --year 2025 --grade competent --note 复核").stdout
    assert "unfit" not in [f["kind"] for f in ok("remind --as-of 2026-01-10 --format json").json()["findings"]]
    assessments = ok("person show T001 --format json").json()["assessments"]
    assert assessments == [{"id": 1, "year": 2025, "grade": "competent", "note": "复核"}]


def test_art17_commend(ok: Zzy, college: Path) -> None:
    ok("commend T001 --on 2026-07-01 --title 优秀组织员")
    assert ok("person show T001 --format json").json()["commendations"] == [
        {"id": 1, "date": "2026-07-01", "title": "优秀组织员"}]


@pytest.mark.parametrize(
    ("command", "code"),
    [("assess T001 --year 2025 --grade 很好", 2), ("assess T001 --year 25 --grade competent", 2),
     ("assess T404 --year 2025 --grade competent", 3), ("commend T404 --on 2026-01-01 --title 表彰", 3),
     ("target add T404 --title 甲 --due 2026-12-31", 3)],
)
def test_art16_17_refusals(zzy: Zzy, college: Path, command: str, code: int) -> None:
    before = audit_count(zzy)
    assert zzy(command).exit_code == code
    assert audit_count(zzy) == before
