"""第十八条: the committee holds at least one training or work exchange a year."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import Zzy, audit_count
from factories import findings_of, ledger, org
from zzy import rules
from zzy.facts import TrainingFacts
from zzy.rules import art15_18_duties

D = date
ORGS = [org("dw", kind="committee"), org("jd")]


@pytest.mark.parametrize(
    ("case", "trainings", "as_of", "expected"),
    [
        ("art18 none this year, far from Dec 31: info", [], D(2026, 3, 1), ("info", 305)),
        ("art18 none, within the window: due", [], D(2026, 11, 1), ("due", 60)),
        ("art18 none, Dec 31 itself", [], D(2026, 12, 31), ("due", 0)),
        ("art18 committee training this year", [TrainingFacts(id=1, date=D(2026, 5, 1), title="培训", kind="training", host="dw")],
         D(2026, 11, 1), None),
        ("art18 committee exchange counts too", [TrainingFacts(id=1, date=D(2026, 5, 1), title="交流", kind="exchange", host="dw")],
         D(2026, 11, 1), None),
        ("art18 grassroots-hosted training does not count",
         [TrainingFacts(id=1, date=D(2026, 5, 1), title="培训", kind="training", host="jd")], D(2026, 11, 1), ("due", 60)),
        ("art18 last year's training does not count",
         [TrainingFacts(id=1, date=D(2025, 5, 1), title="培训", kind="training", host="dw")], D(2026, 11, 1), ("due", 60)),
        ("art18 a training planned after as_of is not held yet",
         [TrainingFacts(id=1, date=D(2026, 12, 1), title="培训", kind="training", host="dw")], D(2026, 11, 1), ("due", 60)),
    ],
)
def test_training_findings(case: str, trainings: list, as_of: date, expected: tuple | None) -> None:
    found = findings_of(art15_18_duties.training_findings, ledger(orgs=ORGS, trainings=trainings), as_of=as_of, within=60)
    assert [(f.severity.value, f.days_left) for f in found] == ([expected] if expected else []), case
    for finding in found:
        assert (finding.kind, finding.article, finding.due, finding.staff_no, finding.org) == (
            "training_missing", 18, D(as_of.year, 12, 31), None, "dw")


TODAY = D(2026, 11, 26)


@pytest.mark.parametrize(
    ("case", "commended_on", "training_on", "expected"),
    [
        ("commended and trained today: both happened", TODAY, TODAY, []),
        ("the day before: happened", D(2026, 11, 25), D(2026, 11, 25), []),
        ("commended tomorrow: not yet", D(2026, 11, 27), TODAY, ["表彰日期 2026-11-27 晚于今天 2026-11-26"]),
        ("attended a training held tomorrow: not yet", TODAY, D(2026, 11, 27),
         ["培训 #1 的日期 2026-11-27 晚于今天 2026-11-26"]),
        ("29 February of a coming year", D(2028, 2, 29), D(2028, 2, 29),
         ["表彰日期 2028-02-29 晚于今天 2026-11-26", "培训 #1 的日期 2028-02-29 晚于今天 2026-11-26"]),
    ],
)
def test_doctor_reports_commendations_and_attendance_after_today(
        case: str, commended_on: date, training_on: date, expected: list[str]) -> None:
    """What ``commend`` and ``training attend`` refuse (SPEC 8), ``doctor`` reports in old data."""
    facts = ledger(orgs=ORGS, commendations={"T001": [commended_on]}, attendance={1: ["T001"]},
                   trainings=[TrainingFacts(id=1, date=training_on, title="培训", kind="training", host="dw")])
    found = [p for p in rules.ledger_problems(facts, today=TODAY) if p.check == "future_event"]
    assert [p.message.split(",")[0] for p in found] == expected, case
    assert {p.staff_no for p in found} <= {"T001"}


def test_art18_training_commands(ok: Zzy, zzy: Zzy, college: Path) -> None:
    result = ok("training add --on 2026-05-20 --title 发展党员业务培训")
    assert result.stdout == "已登记业务培训 #1「发展党员业务培训」,2026-05-20,主办: 学院党委。\n"
    assert "#2" in ok("training add --on 2026-06-20 --title 交流会 --kind 工作交流 --host jd").stdout
    ok("training attend 1 T001 T002")
    trainings = ok("training list --year 2026 --format json").json()
    assert [(t["id"], t["host"], t["kind"], t["attendees"]) for t in trainings] == [
        (1, "dw", "training", ["T001", "T002"]), (2, "jd", "exchange", [])]
    assert ok("training list --year 2025 --format json").json() == []
    before = audit_count(zzy)
    assert zzy("training attend 9 T001").exit_code == 3
    assert zzy("training attend 1 T001 T404").exit_code == 3  # nobody is added
    assert zzy("training add --on 2026-05-20 --title x --kind 讲座").exit_code == 2
    assert zzy("training add --on 2026-05-20 --title x --host zz").exit_code == 3
    assert audit_count(zzy) == before
    findings = ok("remind --as-of 2026-11-01 --format json").json()["findings"]
    assert "training_missing" not in [f["kind"] for f in findings]


def test_art18_without_committee_host_must_be_named(zzy: Zzy, ledger: Path) -> None:
    result = zzy("training add --on 2026-05-20 --title 培训")
    assert result.exit_code == 3 and "--host" in result.stderr
