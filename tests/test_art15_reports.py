"""第十五条: organizers report regularly (every ``report_interval_months``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import Zzy, audit_count
from factories import findings_of, ledger, post
from zzy import dates
from zzy.facts import Settings
from zzy.rules import art15_18_duties

D = date


@pytest.mark.parametrize(
    ("case", "reports", "interval", "as_of", "expected"),
    [
        ("art15 no report: due six months after the post began", [], 6, D(2024, 8, 1),
         ("report_due", "due", D(2024, 9, 1), 31)),
        ("art15 due today", [], 6, D(2024, 9, 1), ("report_due", "due", D(2024, 9, 1), 0)),
        ("art15 due tomorrow", [], 6, D(2024, 8, 31), ("report_due", "due", D(2024, 9, 1), 1)),
        ("art15 overdue by a day", [], 6, D(2024, 9, 2), ("report_overdue", "overdue", D(2024, 9, 1), -1)),
        ("art15 outside the window", [], 6, D(2024, 7, 2), None),
        ("art15 the last report resets the clock", [D(2024, 8, 15)], 6, D(2024, 9, 2), None),
        ("art15 a later report does not count yet", [D(2024, 9, 10)], 6, D(2024, 9, 2),
         ("report_overdue", "overdue", D(2024, 9, 1), -1)),
        ("art15 interval changed in config", [], 3, D(2024, 6, 1), ("report_due", "due", D(2024, 6, 1), 0)),
        ("art15 month end: Aug 31 + 6 months", [D(2024, 8, 31)], 6, D(2025, 2, 28),
         ("report_due", "due", D(2025, 2, 28), 0)),
    ],
)
def test_report_findings(case: str, reports: list[date], interval: int, as_of: date, expected: tuple | None) -> None:
    facts = ledger(posts=[post(start=D(2024, 3, 1))], reports={"T001": reports},
                   settings=Settings(report_interval_months=interval))
    found = findings_of(art15_18_duties.report_findings, facts, as_of=as_of, within=60)
    got = [(f.kind, f.severity.value, f.due, f.days_left) for f in found]
    assert got == ([expected] if expected else []), case
    assert all(f.article == 15 and f.org is None and f.staff_no == "T001" for f in found)


def test_art15_no_post_no_report_due() -> None:
    facts = ledger(posts=[post(start=D(2020, 3, 1), end=D(2021, 1, 1))])
    assert findings_of(art15_18_duties.report_findings, facts, as_of=D(2024, 1, 1), within=60) == []


def test_art15_earliest_active_post_starts_the_clock() -> None:
    facts = ledger(posts=[post(org="jd", start=D(2024, 3, 1)), post(org="xx", start=D(2024, 1, 1), kind="part")],
                   orgs=[])
    [finding] = findings_of(art15_18_duties.report_findings, facts, as_of=D(2024, 7, 1), within=60)
    assert finding.due == D(2024, 7, 1)


def test_art15_report_add_and_list(ok: Zzy, college: Path) -> None:
    result = ok("report add T001 --on 2026-06-30 --special --topic 疑难问题")
    assert result.stdout == "已登记 张三(工号 T001)2026-06-30 的专题汇报「疑难问题」 #1。\n"
    assert ok("report list --format json").json() == [
        {"id": 1, "staff_no": "T001", "name": "张三", "date": "2026-06-30", "special": True, "topic": "疑难问题"}]


def test_art15_config_interval_changes_reminders(ok: Zzy, zzy: Zzy, college: Path) -> None:
    ok("appoint T001 jd --kind full --rank none --on 2024-03-01")
    ok("report add T001 --on 2024-03-01")
    kinds = lambda: [f["kind"] for f in ok("remind --as-of 2024-06-15 --format json").json()["findings"]]  # noqa: E731
    assert "report_overdue" not in kinds()
    ok("config set report_interval_months 3")
    assert "report_overdue" in kinds()


@pytest.mark.parametrize(
    ("command", "code"),
    [("report add T404 --on 2026-01-01", 3), ("report add T001 --on 2026-02-30", 2),
     ("config set report_interval_months abc", 2), ("config set report_interval_months 0", 2),
     ("config set no_such_key 3", 2), ("config set remind_within_days -1", 2)],
)
def test_art15_refusals(zzy: Zzy, college: Path, command: str, code: int) -> None:
    before = audit_count(zzy)
    result = zzy(command)
    assert result.exit_code == code and result.stderr.startswith("错误: ")
    assert audit_count(zzy) == before


def test_config_show(ok: Zzy, college: Path) -> None:
    assert ok("config show --format json").json() == {"report_interval_months": 6, "remind_within_days": 60,
                                                      "notice_contact": None, "notice_phone": None}
    ok("config set remind_within_days 30")
    assert ok("config show --format json").json()["remind_within_days"] == 30
    assert ok("remind --format json").json()["within_days"] == 30


def test_a_days_narrowed_reading_finds_what_every_record_finds(ok: Zzy, college: Path) -> None:
    """load.facts_on narrows reports, targets, grades and work spans to what the rules read on the day
    (rules.GRADES_REMINDED, rules.SECTION_LEVEL): the findings are those over every record."""
    import os

    from zzy import load, rules
    from zzy.db import Ledger

    ok("appoint T001 jd --kind full --rank section --on 2024-03-01")
    ok("appoint T003 xx --kind full --rank none --on 2017-01-01")
    ok("appoint T002 dw --kind part --rank none --on 2024-06-01")
    for command in ("report add T001 --on 2024-06-01", "report add T001 --on 2025-01-10",
                    "report add T003 --on 2023-05-01", "assess T001 --year 2023 --grade incompetent",
                    "assess T001 --year 2024 --grade competent", "assess T003 --year 2024 --grade incompetent",
                    "target add T001 --title 发展党员 --due 2025-03-01", "work add T003 --from 2010-01-01 --to 2012-01-01"):
        ok(command)
    ledger = Ledger.open(os.environ["ZZY_DB"])
    try:
        with ledger.reader() as reader:
            everything = load.ledger_facts(reader)
            for day in (D(2024, 1, 1), D(2024, 7, 1), D(2025, 1, 5), D(2025, 6, 1), D(2026, 3, 1)):
                narrowed = rules.findings(load.facts_on(reader, day), as_of=day, within=60)
                assert narrowed == rules.findings(everything, as_of=day, within=60), day
                assert narrowed  # the days are chosen to have findings
    finally:
        ledger.dispose()


# -- 第十五条: 专题汇报 is a duty apart from the regular report (SPEC 4, turn 3) -----------------------------
# The boundary table: the day before and the day of the regular due date, 29 February, with a special
# report on the day that would have reset the interval.

@pytest.mark.parametrize(
    ("case", "regular", "special", "as_of", "expected"),
    [
        ("art15 a special report the day before the due date: due the day of", [], [D(2024, 8, 31)],
         D(2024, 9, 1), ("report_due", D(2024, 9, 1), 0)),
        ("art15 a special report the day before the due date: overdue the day after", [], [D(2024, 8, 31)],
         D(2024, 9, 2), ("report_overdue", D(2024, 9, 1), -1)),
        ("art15 a regular report the day before the due date resets it", [D(2024, 8, 31)], [], D(2024, 9, 2),
         None),
        ("art15 a special report after the last regular one moves nothing", [D(2024, 8, 1)], [D(2024, 12, 1)],
         D(2025, 2, 1), ("report_due", D(2025, 2, 1), 0)),
        ("art15 a regular report on 29 February: due 29 August", [D(2024, 2, 29)], [D(2024, 8, 28)],
         D(2024, 8, 29), ("report_due", D(2024, 8, 29), 0)),
        ("art15 a regular report on 31 August: due 28 February, not 1 March", [D(2024, 8, 31)], [D(2025, 2, 27)],
         D(2025, 3, 1), ("report_overdue", D(2025, 2, 28), -1)),
        ("art15 a special report only, on the day the post began", [], [D(2024, 3, 1)], D(2024, 9, 1),
         ("report_due", D(2024, 9, 1), 0)),
    ],
)
def test_special_reports_beside_the_regular_interval(case: str, regular: list[date], special: list[date],
                                                     as_of: date, expected: tuple | None) -> None:
    facts = replace(ledger(posts=[post(start=D(2024, 3, 1))], reports={"T001": regular}),
                    special_reports={"T001": special})
    found = findings_of(art15_18_duties.report_findings, facts, as_of=as_of, within=60)
    assert [(f.kind, f.due, f.days_left) for f in found] == ([expected] if expected else []), case


_DAYS = st.dates(min_value=D(2023, 1, 1), max_value=D(2027, 12, 31))


@settings(max_examples=200, deadline=None)
@given(regular=st.lists(_DAYS, max_size=4), special=st.lists(_DAYS, min_size=1, max_size=4),
       start=st.dates(min_value=D(2022, 1, 1), max_value=D(2025, 12, 31)),
       held=st.integers(min_value=0, max_value=1500), interval=st.sampled_from([1, 3, 6, 12]))
def test_art15_a_special_report_never_moves_the_regular_due_date(regular: list[date], special: list[date],
                                                                  start: date, held: int, interval: int) -> None:
    """Whatever special reports there are, the findings of a post held ``held`` days are those of the
    regular reports alone, and the due date is the last regular report on or before the day (else the
    post's start) plus the interval."""
    as_of = dates.add_days(start, held)
    plain = ledger(posts=[post(start=start)], reports={"T001": regular},
                   settings=Settings(report_interval_months=interval))
    with_special = replace(plain, special_reports={"T001": special})
    found = findings_of(art15_18_duties.report_findings, with_special, as_of=as_of, within=60)
    assert found == findings_of(art15_18_duties.report_findings, plain, as_of=as_of, within=60)
    past = [day for day in regular if day <= as_of]
    due = dates.add_months(max(past) if past else start, interval)
    assert all(f.due == due for f in found)
    assert bool(found) == (dates.days_between(as_of, due) <= 60)
