"""SPEC section 3: every accepted form, every rejected one, and the Civil Code's month ends."""

from __future__ import annotations

from datetime import date

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from zzy import dates
from zzy.errors import ExitCode, UsageProblem


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-01", date(2024, 3, 1)),
        ("2024-3-1", date(2024, 3, 1)),
        ("2024/3/1", date(2024, 3, 1)),
        ("2024/03/01", date(2024, 3, 1)),
        ("2024.3.1", date(2024, 3, 1)),
        ("20240301", date(2024, 3, 1)),
        ("2024年3月1日", date(2024, 3, 1)),
        ("2024年03月01日", date(2024, 3, 1)),
        (" 2024-03-01 ", date(2024, 3, 1)),
        ("２０２４年３月１日", date(2024, 3, 1)),
        ("2024-02-29", date(2024, 2, 29)),
    ],
)
def test_accepted_forms(text: str, expected: date) -> None:
    assert dates.parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2024-02-30",  # impossible
        "2023-02-29",  # not a leap year
        "2024-13-01",
        "3/1/2024",  # no guessing between month-first and day-first
        "1/3/2024",
        "2024-03",
        "24-03-01",
        "2024/3-1",  # mixed separators
        "2024031",
        "202403011",
        "2024年3月1",
        "March 1, 2024",
        "",
        "   ",
        "today",
        "2024-03-01T00:00",
        "0000-01-01",
        "9999-12-31",  # outside the years a ledger holds
    ],
)
def test_rejected_forms_are_usage_errors_that_show_the_accepted_forms(text: str) -> None:
    with pytest.raises(UsageProblem) as refused:
        dates.parse_date(text)
    assert refused.value.exit_code == ExitCode.USAGE
    assert dates.ACCEPTED_FORMS in refused.value.message or "超出范围" in refused.value.message


@pytest.mark.parametrize(
    ("start", "years", "expected"),
    [
        (date(2020, 2, 29), 3, date(2023, 2, 28)),  # Civil Code art. 202: month end
        (date(2020, 2, 29), 4, date(2024, 2, 29)),
        (date(2020, 2, 29), 1, date(2021, 2, 28)),
        (date(2019, 3, 1), 3, date(2022, 3, 1)),
        (date(2024, 12, 31), 8, date(2032, 12, 31)),
    ],
)
def test_add_years_follows_relativedelta(start: date, years: int, expected: date) -> None:
    assert dates.add_years(start, years) == expected


def test_add_months_clamps_to_month_end() -> None:
    assert dates.add_months(date(2024, 8, 31), 6) == date(2025, 2, 28)
    assert dates.add_months(date(2024, 2, 29), 6) == date(2024, 8, 29)
    assert dates.add_months(date(2024, 11, 28), 3) == date(2025, 2, 28)
    assert dates.add_months(date(2025, 3, 15), -3) == date(2024, 12, 15)


def test_every_day_of_a_leap_cycle_moves_as_relativedelta_moves_it() -> None:
    """The fast paths of add_years and add_months agree with relativedelta on each of 1 461 days."""
    day = date(2023, 1, 1)
    while day < date(2027, 1, 1):
        for n in (-25, -13, -12, -6, -1, 1, 3, 6, 8, 11, 12, 13, 25):
            assert dates.add_years(day, n) == day + relativedelta(years=n), (day, n)
            assert dates.add_months(day, n) == day + relativedelta(months=n), (day, n)
        day = dates.day_after(day)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)), st.integers(-120, 120))
def test_add_years_and_months_are_relativedelta(day: date, n: int) -> None:
    assert dates.add_years(day, n % 40) == day + relativedelta(years=n % 40)
    assert dates.add_months(day, n) == day + relativedelta(months=n)


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        (date(2019, 7, 1), date(2026, 11, 24), "7年4个月"),
        (date(2019, 7, 1), date(2026, 7, 1), "7年"),
        (date(2026, 7, 1), date(2026, 11, 24), "4个月"),
        (date(2026, 11, 1), date(2026, 11, 24), "不足1个月"),
    ],
)
def test_duration_text(start: date, end: date, text: str) -> None:
    assert dates.duration_text(start, end) == text


@pytest.mark.parametrize(
    ("start", "end", "years"),
    [
        (date(2016, 6, 1), date(2019, 5, 31), 2),  # the day before
        (date(2016, 6, 1), date(2019, 6, 1), 3),  # the day of
        (date(2020, 2, 29), date(2023, 2, 27), 2),
        (date(2020, 2, 29), date(2023, 2, 28), 3),  # Feb 29 anniversaries fall on Feb 28
        (date(2020, 1, 1), date(2019, 1, 1), 0),
    ],
)
def test_whole_years(start: date, end: date, years: int) -> None:
    assert dates.whole_years(start, end) == years


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)))
def test_iso_output_reads_back(day: date) -> None:
    assert dates.parse_date(dates.iso(day) or "") == day
    assert dates.parse_date(day.strftime("%Y%m%d")) == day
    assert dates.parse_date(f"{day.year}年{day.month}月{day.day}日") == day


def test_whole_years_are_relativedelta_years_from_every_day_of_a_leap_cycle() -> None:
    """The fast path of whole_years agrees with relativedelta from each of 1 461 days, to days around
    each anniversary (and 29 February's)."""
    start = date(2019, 1, 1)
    while start < date(2023, 1, 1):
        for years in (0, 1, 3, 8):
            for end in (dates.add_years(start, years), date(start.year + years, 2, 28), date(start.year + years, 3, 1)):
                for nearby in (dates.add_days(end, -1), end, dates.day_after(end)):
                    expected = relativedelta(nearby, start).years if nearby >= start else 0
                    assert dates.whole_years(start, nearby) == expected, (start, nearby)
        start = dates.day_after(start)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)),
       st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)))
def test_whole_years_are_relativedelta_years(start: date, end: date) -> None:
    assert dates.whole_years(start, end) == (relativedelta(end, start).years if end >= start else 0)
