"""第十一条、第十二条(四): party age, party-work experience, in service."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import Zzy
from factories import SHIPPED, SHIPPED_ONLY, person, post, span
from zzy import dates, rules

D = date


# -- 第十二条(四) 具有三年以上党龄: counted from full membership ------------------------------

@pytest.mark.parametrize(
    ("case", "full", "as_of", "passed", "met_on"),
    [
        ("art12(4) day before three years", D(2016, 6, 1), D(2019, 5, 31), False, D(2019, 6, 1)),
        ("art12(4) 以上 includes the day of three years", D(2016, 6, 1), D(2019, 6, 1), True, D(2019, 6, 1)),
        ("art12(4) day after", D(2016, 6, 1), D(2019, 6, 2), True, D(2019, 6, 1)),
        ("art12(4) Feb 29 full: met on Feb 28", D(2020, 2, 29), D(2023, 2, 28), True, D(2023, 2, 28)),
        ("art12(4) Feb 29 full: not on Feb 27", D(2020, 2, 29), D(2023, 2, 27), False, D(2023, 2, 28)),
        ("art12(4) full after as_of counts as probationary", D(2025, 1, 1), D(2024, 1, 1), False, None),
    ],
)
def test_party_age(case: str, full: date, as_of: date, passed: bool, met_on: date | None) -> None:
    result = rules.party_age(person(joined=full - timedelta(days=366), full=full), as_of=as_of, profile=SHIPPED)
    assert (result.key, result.article) == ("party_age", 12)
    assert (result.passed, result.met_on) == (passed, met_on), case


def test_art12_party_age_counts_from_full_not_joined() -> None:
    member = person(joined=D(2015, 1, 1), full=D(2016, 6, 1))
    assert not rules.party_age(member, as_of=D(2019, 1, 1), profile=SHIPPED).passed  # 4 years after joining, 2.5 after full


def test_art12_probationary_member_fails_with_no_met_on() -> None:
    result = rules.party_age(person(full=None), as_of=D(2030, 1, 1), profile=SHIPPED)
    assert (result.passed, result.met_on) == (False, None)
    assert "尚未转正" in result.detail


def test_art12_detail_explains_itself() -> None:
    result = rules.party_age(person(full=D(2019, 7, 1)), as_of=D(2026, 11, 24), profile=SHIPPED)
    assert result.detail == "党龄自2019-07-01起算,至2026-11-24已满7年4个月,符合第十二条第(四)项"


@given(
    full=st.dates(min_value=D(1950, 1, 1), max_value=D(2100, 1, 1)),
    first=st.integers(min_value=0, max_value=5000),
    later=st.integers(min_value=0, max_value=5000),
)
def test_art12_once_party_age_is_met_it_stays_met(full: date, first: int, later: int) -> None:
    member = person(joined=full - timedelta(days=400), full=full)
    day = full + timedelta(days=first)
    if rules.party_age(member, as_of=day, profile=SHIPPED).passed:
        assert rules.party_age(member, as_of=day + timedelta(days=later), profile=SHIPPED).passed


@given(full=st.dates(min_value=D(1950, 1, 1), max_value=D(2100, 1, 1)))
def test_art12_party_age_met_on_is_the_first_passing_day(full: date) -> None:
    member = person(joined=full - timedelta(days=400), full=full)
    met_on = rules.party_age(member, as_of=full, profile=SHIPPED).met_on
    assert met_on is not None
    assert rules.party_age(member, as_of=met_on, profile=SHIPPED).passed
    assert not rules.party_age(member, as_of=met_on - timedelta(days=1), profile=SHIPPED).passed


# -- 第十二条(四) 科级组织员要求具有三年以上党务工作经历, in calendar terms (SPEC 4, turn 3) ---------------
# Each maximal unbroken period [a, b] lasts relativedelta(b + 1 day, a); years and months add up, leftover
# days count a month per full 31; the experience before D cuts every period at D - 1; met at 36 months.

THREE_ONE_YEAR_SPANS = [span(D(2019, 1, 1), D(2019, 12, 31)), span(D(2021, 1, 1), D(2021, 12, 31)),
                        span(D(2023, 1, 1), D(2023, 12, 31))]
ONE_DAY_SHORT = [span(D(2016, 9, 1), D(2019, 8, 30))]
OVER_A_LEAP_DAY = [span(D(2018, 3, 1), D(2021, 2, 27))]  # 1 095 days, 2 years 11 months 27 days


@pytest.mark.parametrize(
    ("case", "spans", "posts", "as_of", "passed", "met_on"),
    [
        ("art12(4) one ongoing span: day before", [span(D(2020, 3, 1))], [], D(2023, 2, 28), False, D(2023, 3, 1)),
        ("art12(4) one ongoing span: day of", [span(D(2020, 3, 1))], [], D(2023, 3, 1), True, D(2023, 3, 1)),
        ("art12(4) from 29 February: the day before add_years", [span(D(2020, 2, 29))], [], D(2023, 2, 27), False,
         D(2023, 2, 28)),
        ("art12(4) from 29 February: met on 28 February", [span(D(2020, 2, 29))], [], D(2023, 2, 28), True,
         D(2023, 2, 28)),
        ("art12(4) a span ending on 29 February", [span(D(2017, 3, 1), D(2020, 2, 29))], [], D(2020, 2, 29),
         False, D(2020, 3, 1)),
        ("art12(4) closed span of exactly three years",
         [span(D(2016, 9, 1), D(2019, 8, 31))], [], D(2024, 1, 1), True, D(2019, 9, 1)),
        ("art12(4) closed span one day short: never", ONE_DAY_SHORT, [], D(2030, 1, 1), False, None),
        ("art12(4) three one-year spans: the day the third ends", THREE_ONE_YEAR_SPANS, [], D(2023, 12, 31),
         False, D(2024, 1, 1)),
        ("art12(4) three one-year spans: the day after it", THREE_ONE_YEAR_SPANS, [], D(2024, 1, 1), True,
         D(2024, 1, 1)),
        ("art12(4) 1 095 days over a leap day: never, however late", OVER_A_LEAP_DAY, [], D(2040, 1, 1), False,
         None),
        ("art12(4) 1 095 days ending 2019-02-28: three years", [span(D(2016, 3, 1), D(2019, 2, 28))], [],
         D(2019, 3, 1), True, D(2019, 3, 1)),
        ("art12(4) overlapping spans count once",
         [span(D(2018, 1, 1), D(2019, 12, 31)), span(D(2019, 1, 1), D(2019, 12, 31))], [], D(2024, 1, 1),
         False, None),
        ("art12(4) adjoining spans are one unbroken period",
         [span(D(2019, 1, 1), D(2019, 12, 31)), span(D(2020, 1, 1))], [], D(2022, 1, 1), True, D(2022, 1, 1)),
        ("art12(4) appointments count as party work",
         [], [post(start=D(2020, 1, 1), end=D(2023, 1, 1))], D(2024, 1, 1), True, D(2023, 1, 1)),
        ("art12(4) span and post add up, overlap once",
         [span(D(2018, 1, 1), D(2019, 12, 31))], [post(start=D(2019, 1, 1))], D(2021, 1, 1), True,
         D(2021, 1, 1)),
        ("art12(4) a year, a gap, then an ongoing post",
         [span(D(2015, 1, 1), D(2015, 12, 31))], [post(start=D(2020, 1, 1))], D(2021, 1, 1), False,
         D(2022, 1, 1)),
        ("art12(4) 16 + 15 leftover days make a month",
         [span(D(2019, 1, 1), D(2019, 1, 16)), span(D(2020, 1, 1), D(2020, 1, 15)), span(D(2021, 1, 1))], [],
         D(2023, 11, 30), False, D(2023, 12, 1)),
        ("art12(4) 16 + 14 leftover days make none",
         [span(D(2019, 1, 1), D(2019, 1, 16)), span(D(2020, 1, 1), D(2020, 1, 14)), span(D(2021, 1, 1))], [],
         D(2023, 12, 1), False, D(2023, 12, 2)),
        ("art12(4) a span recorded ahead is a projection", [span(D(2030, 1, 1))], [], D(2024, 1, 1), False,
         D(2033, 1, 1)),
        ("art12(4) nothing at all", [], [], D(2024, 1, 1), False, None),
        ("art12(4) recorded end stops the projection", [span(D(2019, 1, 1), D(2020, 12, 31))], [],
         D(2020, 6, 1), False, None),
        ("art12(4) open span continues", [span(D(2019, 1, 1))], [], D(2020, 6, 1), False, D(2022, 1, 1)),
        ("art12(4) open post continues", [], [post(start=D(2019, 1, 1))], D(2020, 6, 1), False, D(2022, 1, 1)),
        ("art12(4) post left ahead stops the projection", [], [post(start=D(2019, 1, 1), end=D(2021, 1, 1))],
         D(2020, 6, 1), False, None),
    ],
)
def test_party_work(case: str, spans: list, posts: list, as_of: date, passed: bool,
                    met_on: date | None) -> None:
    result = rules.party_work(spans, posts, as_of=as_of, rule=SHIPPED.party_work)
    assert (result.key, result.article) == ("party_work", 12)
    assert (result.passed, result.met_on) == (passed, met_on), case


@pytest.mark.parametrize(
    ("case", "spans", "posts", "as_of", "detail"),
    [
        ("art12(4) one day short, in years, months and days", ONE_DAY_SHORT, [], D(2026, 1, 1),
         "党务工作经历至2026-01-01累计2年11个月30天,不满三年,按已登记的记录不能满三年,不符合第十二条第(四)项"),
        ("art12(4) met: years", THREE_ONE_YEAR_SPANS, [], D(2026, 1, 1),
         "党务工作经历至2026-01-01累计3年,已于2024-01-01满三年,符合第十二条第(四)项"),
        ("art12(4) a work span carries it", [span(D(2020, 1, 1))], [], D(2020, 6, 1),
         "党务工作经历至2020-06-01累计5个月,不满三年,按党务工作经历(自2020-01-01起,至今)计,"
         "将于2023-01-01满三年,不符合第十二条第(四)项"),
        ("art12(4) a post carries it", [], [post(start=D(2020, 1, 1))], D(2020, 6, 11),
         "党务工作经历至2020-06-11累计5个月10天,不满三年,按在jd的任职(自2020-01-01起)计,"
         "将于2023-01-01满三年,不符合第十二条第(四)项"),
        ("art12(4) a span recorded ahead carries it", [span(D(2030, 1, 1), D(2035, 12, 31))], [], D(2024, 1, 1),
         "党务工作经历至2024-01-01累计0天,不满三年,按党务工作经历(2030-01-01至2035-12-31)计,"
         "将于2033-01-01满三年,不符合第十二条第(四)项"),
        ("art12(4) counted up to and excluding as_of", [span(D(2024, 1, 1))], [], D(2024, 1, 11),
         "党务工作经历至2024-01-11累计10天,不满三年,按党务工作经历(自2024-01-01起,至今)计,"
         "将于2027-01-01满三年,不符合第十二条第(四)项"),
    ],
)
def test_party_work_detail(case: str, spans: list, posts: list, as_of: date, detail: str) -> None:
    assert rules.party_work(spans, posts, as_of=as_of, rule=SHIPPED.party_work).detail == detail, case


def test_art12_party_work_of_decades_is_decided_without_walking_the_days() -> None:
    """Forty years of half-year spans (each 6 months): met in the sixth, whatever the day asked."""
    spans = [span(D(1980 + 2 * k, 1, 1), D(1980 + 2 * k, 6, 30)) for k in range(20)]
    verdicts = {rules.party_work(spans, [], as_of=D(2020 + k, 1, 1), rule=SHIPPED.party_work).met_on for k in range(5)}
    assert verdicts == {D(1990, 7, 1)}


def _spec_months(spans: list, posts: list, day: date) -> int:
    """SPEC 4 written out again for the tests: the union's unbroken periods cut at day - 1, each
    relativedelta(b + 1, a), years and months added, leftover days a month per full 31."""
    covered: set[date] = set()
    for interval in rules.party_work_intervals(spans, posts):
        current, end = interval.start, min(interval.end or day, day)
        while current < end:
            covered.add(current)
            current += timedelta(days=1)
    months = days = 0
    for first in sorted(d for d in covered if d - timedelta(days=1) not in covered):
        last = first
        while last + timedelta(days=1) in covered:
            last += timedelta(days=1)
        length = relativedelta(last + timedelta(days=1), first)
        months += 12 * length.years + length.months
        days += length.days
    return months + days // 31


_BASE = D(2014, 1, 1)
_lengths = st.one_of(st.integers(min_value=0, max_value=1300),
                     st.sampled_from([27, 30, 364, 365, 366, 729, 730, 1094, 1095, 1096]))


@st.composite
def _records(draw: st.DrawFn) -> tuple[list, list]:
    """A few spans and posts near leap days, some open, some overlapping."""
    spans, posts = [], []
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        start = _BASE + timedelta(days=draw(st.integers(min_value=0, max_value=2500)))
        length = draw(st.none() | _lengths)
        spans.append(span(start, None if length is None else start + timedelta(days=length)))
    for _ in range(draw(st.integers(min_value=0, max_value=2))):
        start = _BASE + timedelta(days=draw(st.integers(min_value=0, max_value=2500)))
        length = draw(st.none() | _lengths)
        posts.append(post(start=start, end=None if length is None else start + timedelta(days=length + 1)))
    return spans, posts


@settings(max_examples=60, deadline=None)
@given(records=_records())
def test_art12_party_work_met_on_is_the_first_day_of_36_months_by_the_spec(records: tuple[list, list]) -> None:
    spans, posts = records
    met_on = rules.party_work(spans, posts, as_of=_BASE, rule=SHIPPED.party_work).met_on
    if met_on is None:
        assert _spec_months(spans, posts, _BASE + timedelta(days=366 * 20)) < 36
    else:
        assert _spec_months(spans, posts, met_on) >= 36
        assert _spec_months(spans, posts, met_on - timedelta(days=1)) < 36


@settings(max_examples=300, deadline=None)
@given(records=_records(), first=st.integers(min_value=0, max_value=6000),
       later=st.integers(min_value=1, max_value=6000))
def test_art12_party_work_is_monotone_in_time_and_met_on_ignores_as_of(records: tuple[list, list], first: int,
                                                                       later: int) -> None:
    """Experience never shrinks: once met on day D, met on every later day; met_on is the same any day."""
    spans, posts = records
    segments = rules.party_work_segments(spans, posts)
    day = _BASE + timedelta(days=first)
    then_day = day + timedelta(days=later)
    assert rules.experience_before(segments, day)[0] <= rules.experience_before(segments, then_day)[0]
    now, then = (rules.party_work(spans, posts, as_of=d, rule=SHIPPED.party_work) for d in (day, then_day))
    if now.passed:
        assert then.passed
    assert now.met_on == then.met_on
    assert now.passed == (now.met_on is not None and now.met_on <= day)


@settings(max_examples=200, deadline=None)
@given(records=_records(), first=st.integers(min_value=1, max_value=3000),
       later=st.integers(min_value=1, max_value=6000))
def test_art12_party_work_is_frozen_when_no_period_runs(records: tuple[list, list], first: int, later: int) -> None:
    """Turn 2 flipped records that no longer change, months after the last span, by where 29 February
    fell; now, after every period has ended, the verdict and the experience never change."""
    spans, posts = records
    ends = [i.end for i in rules.party_work_intervals(spans, posts)]
    if not ends or None in ends:
        return
    day = max(e for e in ends if e is not None) + timedelta(days=first)
    now, then = (rules.party_work(spans, posts, as_of=d, rule=SHIPPED.party_work) for d in (day, day + timedelta(days=later)))
    assert now.passed == then.passed
    assert now.detail.split(",")[0].split("累计")[1] == then.detail.split(",")[0].split("累计")[1]


@given(start=st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 1, 1)),
       extra=st.integers(min_value=0, max_value=400), offset=st.integers(min_value=0, max_value=3000))
def test_art12_one_unbroken_period_is_met_on_add_years_3(start: date, extra: int, offset: int) -> None:
    """An open span, or a closed one of three years or more, is met on add_years(a, 3) exactly."""
    as_of = start + timedelta(days=offset)
    assert rules.party_work([span(start)], [], as_of=as_of, rule=SHIPPED.party_work).met_on == dates.add_years(start, 3)
    closed = span(start, dates.add_years(start, 3) + timedelta(days=extra - 1))
    assert rules.party_work([closed], [], as_of=as_of, rule=SHIPPED.party_work).met_on == dates.add_years(start, 3)
    met_on = dates.add_years(start, 3)
    assert rules.party_work([span(start)], [], as_of=met_on, rule=SHIPPED.party_work).passed
    assert not rules.party_work([span(start)], [], as_of=met_on - timedelta(days=1), rule=SHIPPED.party_work).passed


# -- which criteria apply (第十一条: 科级专职组织员在在职教职工中选任) -------------------------------

@pytest.mark.parametrize(
    ("case", "kind", "rank", "keys"),
    [
        ("art12 rank none: party age only", "full", "none", ["party_age"]),
        ("art12 part-time section: party work too", "part", "section", ["party_age", "party_work"]),
        ("art11 full-time deputy-section: in service too", "full", "deputy-section",
         ["party_age", "party_work", "in_service"]),
        ("art11 full-time section", "full", "section", ["party_age", "party_work", "in_service"]),
    ],
)
def test_criteria_that_apply(case: str, kind: str, rank: str, keys: list[str]) -> None:
    criteria = rules.eligibility(person(), [], [], kind=kind, rank=rank, as_of=D(2024, 1, 1), profile=SHIPPED)
    assert [c.key for c in criteria] == keys, case


def test_art11_not_in_service_fails_full_time_section_post() -> None:
    criteria = rules.eligibility(person(in_service=False), [span(D(2010, 1, 1))], [], kind="full",
                                 rank="section", as_of=D(2024, 1, 1), profile=SHIPPED)
    assert [c.passed for c in criteria] == [True, True, False]
    assert criteria[2].article == 11
    assert not rules.is_eligible(criteria)


@pytest.mark.parametrize(
    ("case", "out_of_service_on", "full", "checks"),
    [
        ("art11 out of service before the start: refused", D(2019, 1, 1), D(2006, 1, 1), [11]),
        ("art11 out of service from the start itself: refused", D(2020, 1, 1), D(2006, 1, 1), [11]),
        ("art11 out of service from the day after the start: sound", D(2020, 1, 2), D(2006, 1, 1), []),
        ("art11 since retired: the post was sound", D(2026, 9, 1), D(2006, 1, 1), []),
        ("art11 in service", None, D(2006, 1, 1), []),
        ("art12 party age too short", None, D(2018, 6, 1), [12]),
        ("art12 and art11", D(2019, 1, 1), D(2018, 6, 1), [12, 11]),
    ],
)
def test_art11_is_judged_by_the_status_on_the_posts_start(case: str, out_of_service_on: date | None, full: date,
                                                          checks: list[int]) -> None:
    """SPEC 4: in service on D unless out_of_service_on <= D; the same for a post being made and a stored one."""
    made = post(start=D(2020, 1, 1), kind="full", rank="section")
    holder = person(full=full, out_of_service_on=out_of_service_on)
    found = rules.appointment_problems(made, holder, [span(D(2010, 1, 1))], [], SHIPPED_ONLY)
    assert [p.article for p in found] == checks, case


# -- 党章第七条: full membership one to two years after joining ---------------------------------

@pytest.mark.parametrize(
    ("case", "joined", "full", "ok"),
    [
        ("probation shorter than a year", D(2020, 6, 1), D(2021, 5, 31), False),
        ("exactly one year", D(2020, 6, 1), D(2021, 6, 1), True),
        ("extended to exactly two years", D(2020, 6, 1), D(2022, 6, 1), True),
        ("more than two years", D(2020, 6, 1), D(2022, 6, 2), False),
        ("joined Feb 29", D(2020, 2, 29), D(2021, 2, 28), True),
        ("probationary: no full date", D(2020, 6, 1), None, True),
        ("full date in the future", D(2026, 1, 1), D(2027, 1, 1), False),
    ],
)
def test_membership_dates(case: str, joined: date, full: date | None, ok: bool) -> None:
    problems = rules.membership_problems(joined, full, today=D(2026, 11, 25))
    assert (problems == []) == ok, (case, problems)


def test_joined_in_the_future_is_refused() -> None:
    assert rules.membership_problems(D(2027, 1, 1), None, today=D(2026, 11, 25))


# -- the reminder list and the roster read the same rules ------------------------------------


def test_art11_ineligible_finding_cites_the_first_failed_article(ok: Zzy, college: Path) -> None:
    """Issue 12 point 4: party age and party work met, no longer in service: 第十一条, not 第十二条."""
    ok("appoint T001 jd --kind full --rank section --on 2024-03-01")
    ok("person edit T001 --not-in-service --on 2024-09-01")
    served = ok("remind --as-of 2024-08-31 --format json").json()["findings"]
    assert [f for f in served if f["kind"] == "ineligible"] == []  # in service until the day before
    findings = ok("remind --as-of 2025-01-01 --format json").json()["findings"]
    ineligible = [f for f in findings if f["kind"] == "ineligible"]
    assert [(f["staff_no"], f["article"]) for f in ineligible] == [("T001", 11)]
    assert ineligible[0]["message"] == (
        "张三(T001)在机电工程学院党总支任专职组织员,但: "
        "自2024-09-01起不是学院在职教职工,科级专职组织员须在在职教职工中选任,不符合第十一条")
    lines = ok("remind --as-of 2025-01-01 --wide").stdout.splitlines()
    kind = lines.index("事项:     不符合任职条件")
    assert lines[kind - 1] == "条款:     第十一条"
    rows = ok("remind --as-of 2025-01-01 --format csv").stdout.splitlines()
    assert [row for row in rows if row.startswith("ineligible,")][0].startswith("ineligible,11,info,T001,")


def test_art12_ineligible_finding_cites_art12_when_party_age_fails_first(ok: Zzy, college: Path) -> None:
    ok("appoint T002 jd --kind full --rank section --on 2024-03-01 --override 特批")
    findings = ok("remind --as-of 2025-01-01 --format json").json()["findings"]
    assert [(f["staff_no"], f["article"]) for f in findings if f["kind"] == "ineligible"] == [("T002", 12)]


@pytest.mark.parametrize(
    ("case", "year", "as_of", "party_age_years"),
    [
        ("art12 probationary on the year's end: null, not 0", 2020, None, None),
        ("art12 the day before full membership: null", 2021, "2021-05-31", None),
        ("art12 the day of full membership: 0 years", 2021, "2021-06-01", 0),
        ("art12 a year later: 1", 2022, "2022-06-01", 1),
    ],
)
def test_roster_party_age_is_null_while_probationary(ok: Zzy, college: Path, case: str, year: int,
                                                     as_of: str | None, party_age_years: int | None) -> None:
    ok("appoint T002 jd --kind part --rank none --on 2020-07-01 --override 特批")  # full 2021-06-01
    command = f"roster --year {year} --format json" + (f" --as-of {as_of}" if as_of else "")
    rows = ok(command).json()["rows"]
    assert [(r["staff_no"], r["party_full"], r["party_age_years"]) for r in rows] == [
        ("T002", "2021-06-01", party_age_years)], case


def test_check_detail_names_the_post_that_carries_party_work(ok: Zzy, zzy: Zzy, college: Path) -> None:
    """Issue 12 point 2: the projection follows an open post, and says 任职, not 持续任职."""
    ok("appoint T003 jd --kind part --rank none --on 2022-01-01")
    result = zzy("check T003 --rank section --as-of 2023-06-01 --format json")
    assert result.exit_code == 1
    criteria = result.json()["criteria"]
    work = next(c for c in criteria if c["key"] == "party_work")
    assert work == {"key": "party_work", "article": 12, "passed": False, "met_on": "2025-01-01",
                    "detail": "党务工作经历至2023-06-01累计1年5个月,不满三年,按在jd的任职(自2022-01-01起)计,"
                              "将于2025-01-01满三年,不符合第十二条第(四)项"}
    later = zzy("check T003 --rank section --as-of 2026-01-01 --format json").json()["criteria"]
    assert next(c for c in later if c["key"] == "party_work")["met_on"] == "2025-01-01"
