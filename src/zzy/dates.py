"""Every date in zzy: strict parsing, ISO output, Chinese durations, calendar arithmetic.

All arithmetic goes through :mod:`dateutil.relativedelta`, so month ends follow the
Civil Code (art. 202): 2020-02-29 plus three years is 2023-02-28.  No other module
adds days, months or years to a date.  Results are cached: a ledger has far fewer distinct
dates than rules that ask about them, and a province's reminder list asks hundreds of thousands
of times.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime
from functools import lru_cache

from dateutil.relativedelta import relativedelta

from zzy.errors import UsageProblem

ACCEPTED_FORMS = "2024-03-01、2024/3/1、2024.3.1、20240301、2024年3月1日"

#: Dates outside this range are refused: a ledger of living organizers has no use for
#: them, and it keeps every ``add_years`` well inside what :class:`date` can hold.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2199

_SEPARATED = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_CHINESE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


def parse_date(text: str) -> date:
    """Read a date the clerk typed, in one of the accepted forms, or refuse (exit 2).

    No guessing: ``3/1/2024`` and ``2024-02-30`` are refused with the accepted forms.
    Full-width digits (``２０２４年３月１日``) are read as ordinary ones.
    """
    cleaned = unicodedata.normalize("NFKC", str(text)).strip()
    for pattern in (_SEPARATED, _COMPACT, _CHINESE):
        match = pattern.fullmatch(cleaned)
        if match:
            groups = [g for g in match.groups() if g.isdigit()]
            year, month, day = (int(g) for g in groups)
            return _checked_date(text, year, month, day)
    raise UsageProblem(f"无法识别的日期「{text}」。可用的写法: {ACCEPTED_FORMS}")


def _checked_date(text: str, year: int, month: int, day: int) -> date:
    try:
        value = date(year, month, day)
    except ValueError:
        raise UsageProblem(
            f"日期「{text}」不存在。可用的写法: {ACCEPTED_FORMS}"
        ) from None
    return in_range(value, text)


def in_range(value: date, text: str | None = None) -> date:
    """Refuse a date outside the years a ledger can meaningfully hold."""
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        shown = text if text is not None else value.isoformat()
        raise UsageProblem(
            f"日期「{shown}」超出范围: 只接受 {EARLIEST_YEAR} 年至 {LATEST_YEAR} 年之间的日期"
        )
    return value


def from_cell(value: object) -> date | None:
    """A date from a spreadsheet cell: a real Excel date, or text in an accepted form."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return in_range(value.date())
    if isinstance(value, date):
        return in_range(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return parse_date(str(int(value)))
    return parse_date(str(value))


def iso(value: date | None) -> str | None:
    """ISO ``YYYY-MM-DD``, the only way zzy writes a date; ``None`` stays ``None``."""
    return value.isoformat() if value is not None else None


@lru_cache(maxsize=1 << 16)
def add_years(start: date, years: int) -> date:
    """``start + relativedelta(years=n)``: 2020-02-29 + 3 years = 2023-02-28.

    Every day but 29 February has its twin in every year, which ``date.replace`` finds ten
    times faster than relativedelta; relativedelta decides that one day (tests hold the two
    equal on every day).
    """
    if start.month == 2 and start.day == 29:
        moved: date = start + relativedelta(years=years)
        return moved
    return start.replace(year=start.year + years)


@lru_cache(maxsize=1 << 16)
def add_months(start: date, months: int) -> date:
    """``start + relativedelta(months=n)``: 2024-08-31 + 6 months = 2025-02-28.

    Days 1–28 exist in every month and are moved by ``date.replace``; relativedelta clamps
    the others to the month's end.
    """
    if start.day > 28:
        moved: date = start + relativedelta(months=months)
        return moved
    year, month = divmod(start.month - 1 + months, 12)
    return start.replace(year=start.year + year, month=month + 1)


@lru_cache(maxsize=1 << 16)
def add_days(start: date, days: int) -> date:
    """``start`` moved by a number of days (negative goes back)."""
    moved: date = start + relativedelta(days=days)
    return moved


def day_after(value: date) -> date:
    """The next calendar day: turns an inclusive last day into a half-open end."""
    return add_days(value, 1)


def days_between(start: date, end: date) -> int:
    """Whole days from ``start`` to ``end``; negative when ``end`` is earlier."""
    return (end - start).days


@lru_cache(maxsize=1 << 16)
def whole_years(start: date, end: date) -> int:
    """Completed years from ``start`` to ``end`` (``满 N 年``): 0 when ``end`` is earlier.

    ``relativedelta(end, start).years``: the years between, less one when ``end`` falls before the
    year's return of ``start``'s month and day; relativedelta decides for 29 February (as for
    :func:`add_years`; tests hold the two equal on every day).
    """
    if end < start:
        return 0
    if start.month == 2 and start.day == 29:
        years: int = relativedelta(end, start).years
        return years
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


@lru_cache(maxsize=1 << 16)
def calendar_length(start: date, end: date) -> tuple[int, int]:
    """How long ``[start, end)`` lasts in calendar terms, as an organization department counts 工龄:
    ``relativedelta(end, start)`` as whole months and the days left over; ``(0, 0)`` when ``end`` is
    not later.  2020-02-29 to 2023-02-28 is 36 months; 2024-01-31 to 2024-03-01 is 1 month and 1 day."""
    if end <= start:
        return 0, 0
    span = relativedelta(end, start)
    return span.years * 12 + span.months, span.days


#: A month counts for every full 31 leftover days (no month is longer, so days never count for more
#: than the calendar would).
DAYS_PER_MONTH_COUNTED = 31


def months_and_days(lengths: Iterable[tuple[int, int]]) -> tuple[int, int]:
    """Calendar lengths added: the months, with one more for every full 31 of the leftover days, and the
    days still left over."""
    months = days = 0
    for length_months, length_days in lengths:
        months += length_months
        days += length_days
    extra, days = divmod(days, DAYS_PER_MONTH_COUNTED)
    return months + extra, days


def months_text(months: int, days: int = 0) -> str:
    """A length in years, months and days: ``2年11个月30天`` (parts that are zero left out; ``0天``)."""
    years, months = divmod(months, 12)
    text = (f"{years}年" if years else "") + (f"{months}个月" if months else "") + (f"{days}天" if days else "")
    return text or "0天"


@lru_cache(maxsize=1 << 16)
def duration_text(start: date, end: date) -> str:
    """The span from ``start`` to ``end`` in the clerk's words: ``7年4个月``."""
    if end < start:
        return "0个月"
    span = relativedelta(end, start)
    if span.years and span.months:
        return f"{span.years}年{span.months}个月"
    if span.years:
        return f"{span.years}年"
    if span.months:
        return f"{span.months}个月"
    return "不足1个月"


def year_start(year: int) -> date:
    """January 1 of ``year``."""
    return date(year, 1, 1)


def year_end(year: int) -> date:
    """December 31 of ``year``."""
    return date(year, 12, 31)


#: The date the test suite makes a run take as today (``tests/conftest.py``'s ``today`` fixture sets it
#: and puts it back).  Nothing a clerk can reach sets it: no option, no environment variable, no file;
#: so a clerk's zzy always takes the calendar's date.  The audit log's times never read it.
_TEST_TODAY: date | None = None


def today() -> date:
    """The calendar date (or the test suite's), read once at the CLI's entry point."""
    return _TEST_TODAY or date.today()


def local_time(moment: str | None, *, timespec: str = "seconds") -> str:
    """A stored UTC time (``2026-11-26T06:03:05+00:00``) as the clerk's clock shows it, with its
    offset: ``2026-11-26 14:03:05+08:00``.  Text that is not a time is shown as it is."""
    if not moment:
        return ""
    try:
        stamp = datetime.fromisoformat(moment)
    except ValueError:
        return moment
    return stamp.astimezone().isoformat(sep=" ", timespec=timespec)


def local_minute(moment: str | None) -> str:
    """:func:`local_time` to the minute (``2026-11-26 14:03+08:00``): the log's compact form."""
    return local_time(moment, timespec="minutes")


def month_text(value: date | None) -> str:
    """A date as the 干部任免审批表 writes it: ``2008.07`` (SPEC section 13); ``""`` for none."""
    return f"{value.year}.{value.month:02d}" if value is not None else ""


def period_text(start: date, end: date | None) -> str:
    """A period of the 简历 as the form writes it (SPEC section 13): ``2008.07--2012.06``; ``2012.07--`` ongoing."""
    return f"{month_text(start)}--{month_text(end)}"


def chinese_date(value: date) -> str:
    """A date as an official paper writes it: ``2026年9月28日``."""
    return f"{value.year}年{value.month}月{value.day}日"


class UnknownWorkdays(Exception):
    """The holiday calendar does not know ``day``'s year (its arrangement not yet published or not in the
    installed ``chinese_calendar``)."""

    def __init__(self, day: date) -> None:
        super().__init__(day.isoformat())
        self.day = day


def is_working_day(day: date) -> bool:
    """Whether ``day`` is a working day in mainland China: Monday to Friday, less the statutory holidays,
    plus the weekends worked in their stead (调休), as the State Council's yearly notice arranges them,
    taken from the maintained ``chinese_calendar`` package; :class:`UnknownWorkdays` for a year it does
    not know."""
    import chinese_calendar  # start-up

    try:
        working: bool = chinese_calendar.is_workday(day)
    except NotImplementedError:
        raise UnknownWorkdays(day) from None
    return working


def nth_working_day(start: date, count: int) -> date:
    """The ``count``-th working day counting ``start`` itself (when it is one): a 任前公示 of five working
    days from a Monday ends on its Friday.  :class:`UnknownWorkdays` names the first day the calendar
    does not know."""
    day, counted = start, 0
    while True:
        if is_working_day(day):
            counted += 1
            if counted == count:
                return day
        day = add_days(day, 1)


def working_days(start: date, end: date) -> int:
    """How many working days ``start``..``end`` (both included) holds."""
    counted, day = 0, start
    while day <= end:
        counted += is_working_day(day)
        day = add_days(day, 1)
    return counted
