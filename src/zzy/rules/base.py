"""The machinery every article shares: results (criteria, findings, problems), the registry's
entries, and the day a reminder list is made for.

Nothing here knows an article; :mod:`zzy.rules` lists the articles' entries in the
regulation's order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import NamedTuple

from zzy import dates
from zzy.choices import Severity
from zzy.facts import LedgerFacts, PostFacts
from zzy.profile import Profile

_NUMERALS = "零一二三四五六七八九"


def article_name(article: int) -> str:
    """``第二十条`` for 20."""
    tens, ones = divmod(article, 10)
    text = ("" if tens == 1 else _NUMERALS[tens]) + "十" if tens else ""
    return f"第{text}{_NUMERALS[ones] if ones else ''}条"


# -- conditions of office ----------------------------------------------------------------


class Criterion(NamedTuple):
    """One condition of office, decided on ``as_of``; its sentence is written when asked for."""

    key: str
    article: int
    passed: bool
    met_on: date | None
    explain: Callable[[], str]

    @property
    def detail(self) -> str:
        """The one Chinese sentence that explains the result."""
        return self.explain()


# -- the reminder list ---------------------------------------------------------------------

#: How a kind's severity follows from the days left and the reminder window.
SeverityRule = Callable[[int | None, int], Severity]


def always(severity: Severity) -> SeverityRule:
    """A kind whose severity does not depend on the days left."""
    return lambda _days_left, _within: severity


def due_within_else_info(days_left: int | None, within: int) -> Severity:
    """``due`` once the days left fall within the window, ``info`` before."""
    return Severity.DUE if days_left is not None and days_left <= within else Severity.INFO


class FindingKind(NamedTuple):
    """A kind of finding: its key, the article it keeps, its severity rule and its Chinese label; and the
    matter it is one stage of (``report``: ``due``, then ``overdue``).  A finding that moves from one stage of
    its matter to another is the same finding (a write that does so leaves no new one, :mod:`zzy.store`).
    A kind that declares no matter is a matter of its own."""

    key: str
    article: int
    severity: SeverityRule
    label: str
    matter: str = ""
    stage: str = ""

    @property
    def matter_key(self) -> str:
        """The matter this kind is a stage of (its own key when it declares none)."""
        return self.matter or self.key


class Finding(NamedTuple):
    """Something to act on, with the date it is due and the days left until then.

    Results, like the facts, are named tuples: a province's reminder list has fifty thousand.
    """

    kind: str
    article: int
    severity: Severity
    staff_no: str | None
    name: str | None
    org: str | None
    org_name: str | None
    due: date | None
    days_left: int | None
    message: str

    def as_row(self) -> dict[str, object]:
        """The finding as SPEC section 6 writes it, keys in order."""
        return {"kind": self.kind, "article": self.article, "severity": self.severity, "staff_no": self.staff_no,
                "name": self.name, "org": self.org, "org_name": self.org_name, "due": self.due,
                "days_left": self.days_left, "message": self.message}

    def sort_key(self) -> tuple[int, bool, date, bool, str, bool, str, str]:
        """Severity, then due date, then 工号, then org; empty values last."""
        due, staff_no, org = self.due, self.staff_no, self.org
        return (self.severity.rank_order, due is None, due or date.min, staff_no is None, staff_no or "",
                org is None, org or "", self.kind)


def sorted_findings(findings: Iterable[Finding]) -> list[Finding]:
    """The reminder list's order (SPEC section 6)."""
    return sorted(findings, key=Finding.sort_key)


def posts_by_person(posts: Iterable[PostFacts]) -> dict[str, list[PostFacts]]:
    grouped: dict[str, list[PostFacts]] = defaultdict(list)
    for post in posts:
        grouped[post.staff_no].append(post)
    return grouped


@dataclass(frozen=True)
class Reminder:
    """The ledger's facts on the day a reminder list is made, and the window it looks ahead."""

    facts: LedgerFacts
    as_of: date
    within: int
    #: Lead times of their own, by finding kind (config ``remind_within_days.KIND``); the others use ``within``.
    within_of: Mapping[str, int] = field(default_factory=dict)

    def window(self, kind: FindingKind) -> int:
        """How many days ahead ``kind`` is reminded of."""
        return self.within_of.get(kind.key, self.within)

    @cached_property
    def profile(self) -> Profile:
        """The rules profile's version in force on the day (SPEC section 12)."""
        return self.facts.profiles.on(self.as_of)

    @cached_property
    def posts_by_person(self) -> dict[str, list[PostFacts]]:
        """Each person's posts, grouped once for every rule that reads them."""
        return posts_by_person(self.facts.posts)

    @cached_property
    def active_posts(self) -> list[PostFacts]:
        """The posts held on the day, found once for every rule that reads them."""
        return [post for post in self.facts.posts if post.active_on(self.as_of)]

    def who(self, staff_no: str) -> str:
        person = self.facts.people.get(staff_no)
        return f"{person.name if person else None}({staff_no})"

    def org_name(self, code: str) -> str:
        org = self.facts.orgs.get(code)
        return org.name if org else code

    def finding(self, kind: FindingKind, *, staff_no: str | None = None, org: str | None = None,
                due: date | None = None, article: int | None = None, message: str) -> Finding:
        """A finding of ``kind``, named and dated; ``article`` when it is not the kind's own."""
        person = self.facts.people.get(staff_no) if staff_no is not None else None
        place = self.facts.orgs.get(org) if org is not None else None
        days_left = dates.days_between(self.as_of, due) if due is not None else None
        return Finding(kind.key, kind.article if article is None else article,
                       kind.severity(days_left, self.window(kind)), staff_no, person.name if person else None,
                       org, place.name if place else None, due, days_left, message)


#: A rule of the reminder list: the facts on a day in, that rule's findings out.
Find = Callable[[Reminder], Iterable[Finding]]


class Finder(NamedTuple):
    """One entry of the registry: a finding function and the kinds it reports."""

    find: Find
    kinds: tuple[FindingKind, ...]


def window_kind(days_left: int, within: int, *, due: FindingKind, overdue: FindingKind) -> FindingKind | None:
    """As for trials: ``overdue`` when past, ``due`` within the window, nothing before it."""
    if days_left < 0:
        return overdue
    if days_left <= within:
        return due
    return None


def days_phrase(days_left: int) -> str:
    if days_left > 0:
        return f"还有{days_left}天"
    if days_left == 0:
        return "就在今天"
    return f"已逾期{-days_left}天"


# -- what the stored data must never be: the write commands refuse it, doctor reports it ------


class Check(NamedTuple):
    """What a rule checks over a ledger's records: the key a :class:`Problem` carries (``check``, in JSON)
    and the Chinese name tables show for it (``doctor``'s 检查项).  Each rules module declares its own in
    ``CHECKS``, beside the rules that raise them; ``rules.CHECKS`` gathers them."""

    key: str
    label: str


#: The checks of this module's shared rules.
CHECKS = (Check("future_event", "尚未发生的事"), Check("period_dates", "起止日期"))


class Problem(NamedTuple):
    """A rule a record breaks.  ``accepted`` when the clerk recorded a special approval (override);
    ``post`` the number of the post it is about, if it is about one; ``field`` the record's field it is
    about, where :func:`zzy.rules.records.problems` says (a write's and an import row's column)."""

    check: str
    article: int | None
    staff_no: str | None
    org: str | None
    message: str
    accepted: bool = False
    post: int | None = None
    field: str | None = None


#: A rule over a whole ledger: its facts and today in, the problems of every record out.
Audit = Callable[[LedgerFacts, date], Iterator[Problem]]


def new_problems(after: Iterable[Problem], before: Iterable[Problem]) -> list[Problem]:
    """The problems a change brings: those of the record's new state that its old state did not have
    (a write never refuses to touch a record for what old data already broke)."""
    known = set(before)
    return [problem for problem in after if problem not in known]


def refused(problems: Iterable[Problem]) -> list[Problem]:
    """The problems a write must refuse: all but those a special approval accepts."""
    return [problem for problem in problems if not problem.accepted]


def future_problems(what: str, day: date | None, *, today: date, staff_no: str | None = None) -> list[Problem]:
    """What has not happened cannot be recorded: a report, commendation, trial result, target result,
    training attendance or party-work span dated after today (posts and trainings may be entered ahead)."""
    if day is None or day <= today:
        return []
    return [Problem("future_event", None, staff_no, None,
                    f"{what} {day.isoformat()} 晚于今天 {today.isoformat()},还没有发生的事不能登记")]


def period_problems(what: str, start: date, end: date | None, *, staff_no: str | None = None) -> list[Problem]:
    """A period (a line of the 简历, SPEC section 13) ends on or after the day it began; an open end is ongoing."""
    if end is None or end >= start:
        return []
    return [Problem("period_dates", None, staff_no, None,
                    f"{what}的截止日期 {end.isoformat()} 早于起始日期 {start.isoformat()}")]


def future_year_problems(year: int, *, today: date, staff_no: str | None = None) -> list[Problem]:
    """A year's assessment can be recorded from that year on, never for a year still to come."""
    if year <= today.year:
        return []
    return [Problem("future_event", None, staff_no, None,
                    f"考核年度 {year} 晚于今年 {today.year},还没有发生的事不能登记")]
