"""The reminder list (SPEC section 6): order, window, quiet mode, JSON keys."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from conftest import Zzy
from factories import ledger, org, person, post
from zzy import rules
from zzy.choices import Severity

D = date
FINDING_KEYS = ["kind", "article", "severity", "staff_no", "name", "org", "org_name", "due", "days_left", "message"]


def _posts_and_staffing(found: list[rules.Finding]) -> list[rules.Finding]:
    """Leave out the reporting and training findings these facts also raise (order kept)."""
    return [f for f in found if not f.kind.startswith(("report_", "training_"))]


def test_findings_sorted_by_severity_then_due_then_staff_no_then_org() -> None:
    facts = ledger(
        people=[person("T001"), person("T002"), person("T003")],
        orgs=[org("aa"), org("bb"), org("jd")],
        posts=[
            post("T002", "jd", start=D(2024, 3, 1), promoted=True),  # trial due 2025-03-01
            post("T001", "aa", start=D(2024, 2, 1), promoted=True),  # trial overdue by then
            post("T003", "bb", start=D(2017, 2, 1)),  # rotation eligible (info)
        ],
    )
    found = _posts_and_staffing(rules.findings(facts, as_of=D(2025, 2, 15), within=60))
    assert [(f.severity, f.kind, f.staff_no, f.org) for f in found] == [
        (Severity.OVERDUE, "trial_overdue", "T001", "aa"),
        (Severity.DUE, "trial_due", "T002", "jd"),
        (Severity.INFO, "rotation_eligible", "T003", "bb"),
    ]


def test_nulls_sort_last() -> None:
    facts = ledger(people=[person("T001")], orgs=[org("aa"), org("zz")],
                   posts=[post("T001", "zz", start=D(2024, 2, 1), promoted=True)])
    found = _posts_and_staffing(rules.findings(facts, as_of=D(2025, 3, 1), within=60))
    assert [(f.kind, f.org) for f in found] == [("trial_overdue", "zz"), ("vacancy", "aa")]


def test_remind_json_document(ok: Zzy, college: Path) -> None:
    document = ok("remind --as-of 2025-01-01 --within 30 --format json").json()
    assert list(document) == ["as_of", "within_days", "findings", "profile"]
    assert (document["as_of"], document["within_days"]) == ("2025-01-01", 30)
    assert all(list(f) == FINDING_KEYS for f in document["findings"])


def test_remind_csv_has_the_same_keys(ok: Zzy, college: Path) -> None:
    lines = ok("remind --as-of 2025-01-01 --format csv").stdout.splitlines()
    assert lines[0] == ",".join(FINDING_KEYS)
    assert lines[1].startswith("vacancy,10,overdue,,,dw,学院党委,,,")


def test_remind_table_is_chinese(ok: Zzy, college: Path) -> None:
    table = ok("remind --as-of 2025-01-01 --wide").stdout
    for header in ("紧急程度", "条款", "事项", "期限", "剩余天数", "说明"):
        assert header in table
    assert "第十条" in table and "逾期" in table


def test_within_defaults_to_the_config(ok: Zzy, college: Path) -> None:
    assert ok("remind --format json").json()["within_days"] == 60


def test_quiet_prints_nothing_unless_due_or_overdue(ok: Zzy, college: Path) -> None:
    ok("appoint T003 dw --kind full --rank none --on 2016-01-01")
    ok("appoint T001 jd --kind full --rank none --on 2024-06-01")
    ok("appoint T002 xx --kind full --rank none --on 2024-06-01")
    for staff_no in ("T001", "T002", "T003"):
        ok(f"report add {staff_no} --on 2024-12-01")
    # only info findings (rotation) on this day: silent
    assert ok("remind -q --as-of 2025-01-01").stdout == ""
    # a vacancy (overdue) once T002 has left: the whole list prints
    ok("leave T002 --on 2025-06-01")
    assert "空缺" in ok("remind -q --as-of 2025-07-01").stdout


def test_ineligible_incumbent_is_reminded(ok: Zzy, college: Path) -> None:
    ok("appoint T003 jd --kind full --rank section --on 2024-03-01 --override 特批")
    findings = ok("remind --as-of 2025-01-01 --format json").json()["findings"]
    ineligible = [f for f in findings if f["kind"] == "ineligible"]
    assert [(f["staff_no"], f["org"], f["article"], f["severity"]) for f in ineligible] == [
        ("T003", "jd", 12, "info")]
    assert "第十一条" in ineligible[0]["message"]
