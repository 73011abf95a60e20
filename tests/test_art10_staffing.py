"""第十条: the committee and each grassroots org have one full-time organizer."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import Zzy
from factories import findings_of, ledger, org, person, post
from zzy.rules import art10_staffing

D = date


@pytest.mark.parametrize(
    ("case", "orgs", "posts", "as_of", "expected"),
    [
        ("art10 no organizer: vacancy", [org("jd")], [], D(2025, 1, 1), [("vacancy", "jd", "overdue")]),
        ("art10 part-time only is still a vacancy", [org("jd")],
         [post(start=D(2020, 1, 1), kind="part")], D(2025, 1, 1), [("vacancy", "jd", "overdue")]),
        ("art10 one full-time: staffed", [org("jd")], [post(start=D(2020, 1, 1))], D(2025, 1, 1), []),
        ("art10 two full-time: overstaffed", [org("jd")],
         [post(start=D(2020, 1, 1)), post("T002", start=D(2021, 1, 1))], D(2025, 1, 1),
         [("overstaffed", "jd", "info")]),
        ("art10 post starting tomorrow does not staff today", [org("jd")], [post(start=D(2025, 1, 2))],
         D(2025, 1, 1), [("vacancy", "jd", "overdue")]),
        ("art10 post left today no longer staffs", [org("jd")],
         [post(start=D(2020, 1, 1), end=D(2025, 1, 1))], D(2025, 1, 1), [("vacancy", "jd", "overdue")]),
        ("art10 dissolved org is not reminded", [org("jd", dissolved_on=D(2024, 7, 1))], [], D(2025, 1, 1), []),
        ("art10 dissolved on as_of is gone", [org("jd", dissolved_on=D(2025, 1, 1))], [], D(2025, 1, 1), []),
        ("art10 dissolved tomorrow still counts", [org("jd", dissolved_on=D(2025, 1, 2))], [], D(2025, 1, 1),
         [("vacancy", "jd", "overdue")]),
        ("art10 the committee too", [org("dw", kind="committee")], [], D(2025, 1, 1),
         [("vacancy", "dw", "overdue")]),
    ],
)
def test_staffing(case: str, orgs: list, posts: list, as_of: date, expected: list) -> None:
    facts = ledger(orgs=orgs, posts=posts, people=[person(), person("T002")])
    found = findings_of(art10_staffing.staffing_findings, facts, as_of=as_of)
    assert [(f.kind, f.org, f.severity.value) for f in found] == expected, case
    for finding in found:
        assert (finding.article, finding.staff_no, finding.due, finding.days_left) == (10, None, None, None)


def test_art10_vacancy_in_remind(ok: Zzy, college: object) -> None:
    findings = ok("remind --as-of 2025-01-01 --format json").json()["findings"]
    assert {f["org"] for f in findings if f["kind"] == "vacancy"} == {"dw", "jd", "xx"}


def test_art10_dissolving_needs_nobody_in_post(ok: Zzy, zzy: Zzy, college: object) -> None:
    ok("appoint T003 jd --kind part --rank none --on 2020-01-01")
    refused = zzy("org dissolve jd --on 2024-07-01")
    assert refused.exit_code == 3 and "王五(T003)撤销后将违反第十条: 党组织" in refused.stderr
    ok("leave T003 --on 2024-06-30")
    ok("org dissolve jd --on 2024-07-01")
    assert zzy("appoint T001 jd --kind part --rank none --on 2024-08-01").exit_code == 3
    findings = ok("remind --as-of 2025-01-01 --format json").json()["findings"]
    assert "jd" not in {f["org"] for f in findings}


@pytest.mark.parametrize(
    ("case", "kind", "name", "message"),
    [
        ("art10 the committee's vacancy names its deputy-section post", "committee", "学院党委",
         "学院党委没有在任的专职组织员(第十条: 设副科级组织员1名)"),
        ("art10 a grassroots org's vacancy names its full-time post", "grassroots", "机电工程学院党总支",
         "机电工程学院党总支没有在任的专职组织员(第十条: 每个基层党组织设置专职组织员1名)"),
    ],
)
def test_vacancy_message_names_what_art10_asks(case: str, kind: str, name: str, message: str) -> None:
    facts = ledger(orgs=[org("dw", kind=kind)._replace(name=name)], people=[])
    assert [f.message for f in findings_of(art10_staffing.staffing_findings, facts, as_of=D(2025, 1, 1))] == [message], case


def test_art10_committee_vacancy_in_remind_uses_the_org_name(ok: Zzy, college: object) -> None:
    findings = ok("remind --as-of 2025-01-01 --format json").json()["findings"]
    assert [f["message"] for f in findings if f["kind"] == "vacancy" and f["org"] == "dw"] == [
        "学院党委没有在任的专职组织员(第十条: 设副科级组织员1名)"]
