"""第十一条、第十二条(四): party age, party-work experience, in service."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factories import person, post, span
from zzy import rules

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
    result = rules.party_age(person(joined=full - timedelta(days=366), full=full), as_of=as_of)
    assert (result.key, result.article) == ("party_age", 12)
    assert (result.passed, result.met_on) == (passed, met_on), case


def test_art12_party_age_counts_from_full_not_joined() -> None:
    member = person(joined=D(2015, 1, 1), full=D(2016, 6, 1))
    assert not rules.party_age(member, as_of=D(2019, 1, 1)).passed  # 4 years after joining, 2.5 after full


def test_art12_probationary_member_fails_with_no_met_on() -> None:
    result = rules.party_age(person(full=None), as_of=D(2030, 1, 1))
    assert (result.passed, result.met_on) == (False, None)
    assert "尚未转正" in result.detail


def test_art12_detail_explains_itself() -> None:
    result = rules.party_age(person(full=D(2019, 7, 1)), as_of=D(2026, 11, 24))
    assert result.detail == "党龄自2019-07-01起算,至2026-11-24已满7年4个月,符合第十二条第(四)项"


@given(
    full=st.dates(min_value=D(1950, 1, 1), max_value=D(2100, 1, 1)),
    first=st.integers(min_value=0, max_value=5000),
    later=st.integers(min_value=0, max_value=5000),
)
def test_art12_once_party_age_is_met_it_stays_met(full: date, first: int, later: int) -> None:
    member = person(joined=full - timedelta(days=400), full=full)
    day = full + timedelta(days=first)
    if rules.party_age(member, as_of=day).passed:
        assert rules.party_age(member, as_of=day + timedelta(days=later)).passed


@given(full=st.dates(min_value=D(1950, 1, 1), max_value=D(2100, 1, 1)))
def test_art12_party_age_met_on_is_the_first_passing_day(full: date) -> None:
    member = person(joined=full - timedelta(days=400), full=full)
    met_on = rules.party_age(member, as_of=full).met_on
    assert met_on is not None
    assert rules.party_age(member, as_of=met_on).passed
    assert not rules.party_age(member, as_of=met_on - timedelta(days=1)).passed


# -- 第十二条(四) 科级组织员要求具有三年以上党务工作经历 -------------------------------------------

@pytest.mark.parametrize(
    ("case", "spans", "posts", "as_of", "passed", "met_on"),
    [
        ("art12(4) one ongoing span: day before", [span(D(2020, 3, 1))], [], D(2023, 2, 28), False, D(2023, 3, 1)),
        ("art12(4) one ongoing span: day of", [span(D(2020, 3, 1))], [], D(2023, 3, 1), True, D(2023, 3, 1)),
        ("art12(4) ongoing from Feb 29", [span(D(2020, 2, 29))], [], D(2023, 2, 28), True, D(2023, 2, 28)),
        ("art12(4) closed span of exactly three years",
         [span(D(2016, 9, 1), D(2019, 8, 31))], [], D(2024, 1, 1), True, D(2019, 9, 1)),
        ("art12(4) closed span one day short",
         [span(D(2016, 9, 1), D(2019, 8, 30))], [], D(2024, 1, 1), False, None),
        ("art12(4) overlapping spans count once",
         [span(D(2018, 1, 1), D(2019, 12, 31)), span(D(2019, 1, 1), D(2019, 12, 31))], [], D(2024, 1, 1),
         False, None),
        ("art12(4) appointments count as party work",
         [], [post(start=D(2020, 1, 1), end=D(2023, 1, 1))], D(2024, 1, 1), True, D(2023, 1, 1)),
        ("art12(4) span and post add up, overlap once",
         [span(D(2018, 1, 1), D(2019, 12, 31))], [post(start=D(2019, 1, 1))], D(2021, 1, 1), True,
         D(2021, 1, 1)),
        ("art12(4) ongoing after a gap: add_years(as_of - T, 3)",
         [span(D(2015, 1, 1), D(2015, 12, 31))], [post(start=D(2020, 1, 1))], D(2021, 1, 1), False,
         D(2022, 1, 1)),
        ("art12(4) future span does not count", [span(D(2030, 1, 1))], [], D(2024, 1, 1), False, None),
        ("art12(4) nothing at all", [], [], D(2024, 1, 1), False, None),
    ],
)
def test_party_work(case: str, spans: list, posts: list, as_of: date, passed: bool,
                    met_on: date | None) -> None:
    result = rules.party_work(spans, posts, as_of=as_of)
    assert (result.key, result.article) == ("party_work", 12)
    assert (result.passed, result.met_on) == (passed, met_on), case


def test_art12_party_work_counts_up_to_and_excluding_as_of() -> None:
    result = rules.party_work([span(D(2024, 1, 1))], [], as_of=D(2024, 1, 11))
    assert "(10天)" in result.detail


@given(
    start=st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 1, 1)),
    offset=st.integers(min_value=0, max_value=3000),
)
def test_art12_ongoing_span_met_on_is_the_first_passing_day(start: date, offset: int) -> None:
    spans = [span(start)]
    met_on = rules.party_work(spans, [], as_of=start + timedelta(days=offset)).met_on
    assert met_on is not None
    assert rules.party_work(spans, [], as_of=met_on).passed
    assert not rules.party_work(spans, [], as_of=met_on - timedelta(days=1)).passed


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
    criteria = rules.eligibility(person(), [], [], kind=kind, rank=rank, as_of=D(2024, 1, 1))
    assert [c.key for c in criteria] == keys, case


def test_art11_not_in_service_fails_full_time_section_post() -> None:
    criteria = rules.eligibility(person(in_service=False), [span(D(2010, 1, 1))], [], kind="full",
                                 rank="section", as_of=D(2024, 1, 1))
    assert [c.passed for c in criteria] == [True, True, False]
    assert criteria[2].article == 11
    assert not rules.is_eligible(criteria)


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
