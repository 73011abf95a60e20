"""第十一条、第十二条 — who may be an organizer.

第十一条 科级专职组织员 … 在学院在职教职工中选任.  第十二条(四) 具有三年以上党龄。科级组织员要求
具有三年以上党务工作经历.  Each is a :class:`Criterion` decided on a day; an appointment must meet
them on its start (unless the clerk records a special approval), and the reminder list names
everyone in post who no longer does.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from zzy import dates
from zzy.choices import PostKind, Rank, Severity
from zzy.facts import LedgerFacts, PersonFacts, PostFacts, WorkFacts
from zzy.profile import InService, PartyAge, PartyWork, Profile, Profiles, count_text
from zzy.rules.base import (
    Check,
    Criterion,
    Finder,
    Finding,
    FindingKind,
    Problem,
    Reminder,
    always,
)

#: What the rules of these articles check (``Problem.check``), with their Chinese names.
CHECKS = (Check("eligibility", "任职条件"), Check("work_dates", "党务工作经历日期"), Check("service_dates", "在职状态与离岗日期"))

PARTY_AGE_YEARS = 3  # 第十二条(四) 具有三年以上党龄: the shipped profile's party_age.years
PARTY_WORK_YEARS = 3  # 第十二条(四) 科级组织员要求具有三年以上党务工作经历: the shipped profile's party_work.years

#: 第十二条 (一)(二)(三)(五): qualities the ledger cannot compute; the clerk reviews them.
REVIEW_ITEMS = (
    ("12(1)", "政治立场坚定,认真贯彻执行党的基本路线和教育方针,积极落实上级党组织和学院党委的决策部署"),
    ("12(2)", "熟悉党的建设理论和党的组织工作业务,热爱党务工作,具有较丰富的党务工作经验,事业心和责任感强"),
    ("12(3)", "党性修养好,工作作风严谨,自觉遵守党建工作制度和规定,严于律己,密切联系群众"),
    ("12(5)", "具有较强的文字水平和语言表达能力"),
)


def party_age(person: PersonFacts, *, as_of: date, profile: Profile) -> Criterion:
    """第十二条(四) 具有三年以上党龄: counted from full membership (党章第七条), met on full + the profile's years."""
    return _party_age(person.full, as_of, profile.party_age)


@lru_cache(maxsize=1 << 16)
def _party_age(full: date | None, as_of: date, rule: PartyAge) -> Criterion:
    """:func:`party_age`, which depends on nothing but the 转正日期, the day and the rule: many people
    share a date, so a report decides each date once."""
    cite, years = rule.cite, count_text(rule.years)
    if full is None or full > as_of:
        asked = f"具有{years}年以上党龄" if rule.years else "是正式党员"
        return Criterion("party_age", rule.article, False, None, lambda: (
            f"尚未转正为正式党员,党龄未起算,不符合{cite}「{asked}」"))
    met_on = dates.add_years(full, rule.years)
    passed = met_on <= as_of

    def explain() -> str:
        held = dates.duration_text(full, as_of)
        if passed:
            return f"党龄自{full.isoformat()}起算,至{as_of.isoformat()}已满{held},符合{cite}"
        return (f"党龄自{full.isoformat()}起算,至{as_of.isoformat()}仅{held},"
                f"{met_on.isoformat()}满{years}年,不符合{cite}")

    return Criterion("party_age", rule.article, passed, met_on, explain)


class WorkInterval(NamedTuple):
    """One record of party-affairs work as a half-open ``[start, end)``; ``end`` empty: it continues."""

    start: date
    end: date | None
    record: WorkFacts | PostFacts

    def describe(self) -> str:
        """How a sentence names the record: 党务工作经历 … or 在 ORG 的任职 …."""
        record = self.record
        if isinstance(record, WorkFacts):
            if record.last_day is None:
                return f"党务工作经历(自{record.start.isoformat()}起,至今)"
            return f"党务工作经历({record.start.isoformat()}至{record.last_day.isoformat()})"
        if record.end is None:
            return f"在{record.org}的任职(自{record.start.isoformat()}起)"
        return f"在{record.org}的任职({record.start.isoformat()}至{record.end.isoformat()}离任)"


def party_work_intervals(spans: Iterable[WorkFacts], posts: Iterable[PostFacts]) -> list[WorkInterval]:
    """党务工作经历 as half-open intervals: work spans (inclusive last day) and every post."""
    intervals = [WorkInterval(span.start, dates.day_after(span.last_day) if span.last_day else None, span)
                 for span in spans]
    intervals.extend(WorkInterval(post.start, post.end, post) for post in posts)
    return intervals


def _merged(intervals: Iterable[WorkInterval]) -> list[tuple[date, date | None]]:
    """The union of the intervals as sorted, disjoint segments; the last may have no end."""
    merged: list[tuple[date, date | None]] = []
    for start, end, _ in sorted(intervals, key=lambda interval: interval.start):
        if end is not None and end <= start:
            continue
        if merged:
            last_start, last_end = merged[-1]
            if last_end is None:
                break
            if start <= last_end:
                merged[-1] = (last_start, None if end is None else max(last_end, end))
                continue
        merged.append((start, end))
    return merged


def party_work_segments(spans: Iterable[WorkFacts], posts: Iterable[PostFacts]) -> list[tuple[date, date | None]]:
    """The maximal unbroken periods of party work, ``[a, e)`` (``e`` empty: it continues)."""
    return _merged(party_work_intervals(spans, posts))


def _periods_before(segments: Iterable[tuple[date, date | None]], day: date) -> Iterator[tuple[date, date]]:
    """The unbroken periods as ``[a, e)``, each cut at ``day - 1`` (so ending by ``day``): what counts before ``day``."""
    for start, end in segments:
        if start >= day:
            break
        yield start, day if end is None or end > day else end


def experience_before(segments: Iterable[tuple[date, date | None]], day: date) -> tuple[int, int]:
    """The party-work experience before ``day`` in calendar terms: each unbroken period's
    ``relativedelta(b + 1 day, a)`` cut at ``day - 1``, added (:func:`zzy.dates.months_and_days`)."""
    return dates.months_and_days(dates.calendar_length(a, e) for a, e in _periods_before(segments, day))


def party_work_met_on(segments: Sequence[tuple[date, date | None]], *,
                      years: int = PARTY_WORK_YEARS) -> date | None:
    """The first day the experience before it reaches ``years`` years, from the records as they stand.

    Solved period by period, never day by day.  Before a period from ``a`` the earlier ones hold M months
    and D leftover days (D // 31 of them a month, ``r = D % 31`` left).  Inside it, the experience before
    day X adds ``relativedelta(X, a)``: m months and d days, d counted from ``add_months(a, m)``.  With
    ``k`` months still short, X reaches them at ``add_months(a, k)``, or a month sooner once ``r + d``
    makes a full 31: ``add_months(a, k - 1) + (31 - r) days``, if that comes before.  A period that ends
    first hands its length on to the next; none when the last ends short."""
    needed = 12 * years
    if needed <= 0:
        return segments[0][0] if segments else None
    months = days = 0
    for start, end in segments:
        carried, remainder = divmod(days, dates.DAYS_PER_MONTH_COUNTED)
        short = needed - months - carried
        met_on = dates.add_months(start, short)
        if remainder:
            sooner = dates.add_days(dates.add_months(start, short - 1), dates.DAYS_PER_MONTH_COUNTED - remainder)
            met_on = min(met_on, sooner)
        if end is None or met_on <= end:
            return met_on
        length_months, length_days = dates.calendar_length(start, end)
        months, days = months + length_months, days + length_days
    return None


def _carrier(intervals: Iterable[WorkInterval], met_on: date) -> WorkInterval | None:
    """The record whose work reaches ``met_on``: the one that lasts longest of those begun before it
    (one that continues first)."""
    begun = [i for i in intervals if i.start < met_on]
    return max(begun, key=lambda i: (i.end is None, i.end or date.min, i.start), default=None)


def party_work(
    spans: Iterable[WorkFacts], posts: Iterable[PostFacts], *, as_of: date, rule: PartyWork
) -> Criterion:
    """第十二条(四) 科级组织员要求具有三年以上党务工作经历, counted as an organization department counts 工龄.

    The union of work spans and posts (an organizer is a party-affairs worker, art. 2; overlaps count once)
    falls into maximal unbroken periods; each from ``a`` to its last day ``b`` lasts
    ``relativedelta(b + 1 day, a)``; the periods' years and months are added, and their leftover days count
    a month for every full 31.  The experience before day D cuts every period at D - 1; the criterion holds
    on D once it reaches the profile's years (three for this college).  ``met_on`` is the first such day from the
    records as they stand (what continues continues, recorded ends stop), whatever ``as_of`` is; none when they
    never reach them.
    """
    intervals = party_work_intervals(spans, posts)
    segments = _merged(intervals)
    met_on = party_work_met_on(segments, years=rule.years)
    passed = met_on is not None and met_on <= as_of
    cite, years = rule.cite, count_text(rule.years)

    def explain() -> str:
        held = f"党务工作经历至{as_of.isoformat()}累计{dates.months_text(*experience_before(segments, as_of))}"
        if met_on is None:
            return f"{held},不满{years}年,按已登记的记录不能满{years}年,不符合{cite}"
        if passed:
            return f"{held},已于{met_on.isoformat()}满{years}年,符合{cite}"
        carrier = _carrier(intervals, met_on)
        by = f"按{carrier.describe()}计," if carrier is not None else ""
        return f"{held},不满{years}年,{by}将于{met_on.isoformat()}满{years}年,不符合{cite}"

    return Criterion("party_work", rule.article, passed, met_on, explain)


def in_service(person: PersonFacts, *, on: date, rule: InService) -> Criterion:
    """第十一条 科级专职组织员 … 在学院在职教职工中选任: in service on ``on`` unless the 离岗日期 is on or before it."""
    cite = rule.cite
    if person.in_service_on(on):
        return Criterion("in_service", rule.article, True, None, lambda: f"是学院在职教职工,符合{cite}")
    left = person.out_of_service_on
    since = f"自{left.isoformat()}起" if left is not None else ""
    who = _in_service_posts(rule)
    return Criterion("in_service", rule.article, False, None,
                     lambda: f"{since}不是学院在职教职工,{who}须在在职教职工中选任,不符合{cite}")


def _in_service_posts(rule: InService) -> str:
    """Who must be in service, in the regulation's words: 科级专职组织员 for this college."""
    if set(rule.ranks) == set(SECTION_LEVEL):
        ranks = "科级"
    elif set(rule.ranks) == {rank.value for rank in Rank}:
        ranks = ""
    else:
        ranks = "、".join(Rank(rank).label for rank in rule.ranks)
    kinds = PostKind(rule.kinds[0]).label if len(rule.kinds) == 1 else ""
    return f"{ranks}{kinds}组织员"


def presumed_out_of_service_on(joined: date, posts: Iterable[tuple[date, date | None]]) -> date:
    """The 离岗日期 of someone recorded as not in service without one (a ledger before schema 7, an export
    before it): the earliest day their stored posts allow, so that no post is judged again as made while they
    were out of service, and no later day counts them in service: the day after their latest post began, or
    the day they left their latest post if later; with no post, their 入党日期."""
    days = [max(dates.day_after(start), end or start) for start, end in posts]
    return max(days, default=joined)


#: 科级: the ranks whose holders need three years of party work.  Only their party-work spans are ever read
#: by a rule, so the reminder list loads no others (:func:`zzy.load.facts_on`).
SECTION_LEVEL = tuple(rank.value for rank in Rank if rank.section_level)


def eligibility(
    person: PersonFacts,
    spans: Iterable[WorkFacts],
    posts: Iterable[PostFacts],
    *,
    kind: str,
    rank: str,
    as_of: date,
    profile: Profile,
) -> list[Criterion]:
    """第十一条、第十二条(四): the criteria that apply to this kind and rank of post, on ``as_of``, by ``profile``
    (party work for its ranks when it asks for any; 第十一条 for its kinds and ranks, by the person's dated status:
    in service on that day unless their 离岗日期 is on or before it)."""
    criteria = [_party_age(person.full, as_of, profile.party_age)]
    if profile.party_work.years and rank in profile.party_work.ranks:
        criteria.append(party_work(spans, posts, as_of=as_of, rule=profile.party_work))
    if kind in profile.in_service.kinds and rank in profile.in_service.ranks:
        criteria.append(in_service(person, on=as_of, rule=profile.in_service))
    return criteria


def is_eligible(criteria: Iterable[Criterion]) -> bool:
    return all(criterion.passed for criterion in criteria)


CRITERION_NAMES = {"party_age": "党龄", "party_work": "党务工作经历", "in_service": "在职教职工"}

INELIGIBLE = FindingKind("ineligible", 12, always(Severity.INFO), "不符合任职条件")


def ineligible_findings(reminder: Reminder) -> Iterator[Finding]:
    """People holding a post whose conditions they no longer meet; the article of the first failed one."""
    people, work, by_person = reminder.facts.people, reminder.facts.work, reminder.posts_by_person
    for post in reminder.active_posts:
        if (person := people.get(post.staff_no)) is None:
            continue
        criteria = eligibility(person, work.get(post.staff_no, ()), by_person[post.staff_no],
                               kind=post.kind, rank=post.rank, as_of=reminder.as_of, profile=reminder.profile)
        failed = [c for c in criteria if not c.passed]
        if failed:
            yield reminder.finding(
                INELIGIBLE, article=failed[0].article, staff_no=post.staff_no, org=post.org,
                message=f"{reminder.who(post.staff_no)}在{reminder.org_name(post.org)}任"
                f"{PostKind(post.kind).label}组织员,但: " + ";".join(c.detail for c in failed)
                + (f"(任职时经特批,理由: {post.override})" if post.override is not None else ""),
            )


FINDINGS = (Finder(ineligible_findings, (INELIGIBLE,)),)


def appointment_problems(post: PostFacts, person: PersonFacts, work: Iterable[WorkFacts],
                         other_posts: Iterable[PostFacts], profiles: Profiles) -> list[Problem]:
    """第十一条、第十二条(四) on the post's start, by the rules profile's version in force on that day (SPEC
    section 12); accepted when the post carries a special approval.

    The same for a post being made (``appoint``, an edit of it, the import) and a stored one (``doctor``,
    ``restore``, a change to the person or their party-work spans): 第十一条 reads the dated status (an
    organizer who has since retired was in service on the start, and rightly appointed; a retired holder of
    a post today is the reminder list's ``ineligible`` finding)."""
    criteria = eligibility(person, work, other_posts, kind=post.kind, rank=post.rank, as_of=post.start,
                           profile=profiles.on(post.start))
    approved = f"(特批理由: {post.override})" if post.override is not None else ""
    return [Problem("eligibility", c.article, post.staff_no, post.org,
                    f"{post.start.isoformat()} 任职时{c.detail}{approved}", accepted=post.override is not None,
                    post=post.id)
            for c in criteria if not c.passed]


def work_problems(span: WorkFacts, *, staff_no: str) -> list[Problem]:
    """A party-work span ends on or after the day it began."""
    if span.last_day is not None and span.last_day < span.start:
        return [Problem("work_dates", None, staff_no, None,
                        f"党务工作经历的截止日期 {span.last_day.isoformat()} 早于起始日期 {span.start.isoformat()}")]
    return []


def service_problems(person: PersonFacts) -> list[Problem]:
    """在职教职工 and 离岗日期 agree (SPEC sections 2, 4): one in service has no day they left."""
    if person.in_service and person.out_of_service_on is not None:
        return [Problem("service_dates", None, person.staff_no, None, "在职教职工为「是」时不能有离岗日期",
                        field="out_of_service_on")]
    return []


def ledger_problems(facts: LedgerFacts, today: date) -> Iterator[Problem]:
    """第十一条、第十二条(四) of every post, on its start (the one rule of a post that reads its holder's record
    and party-work spans; every record's own rules are :func:`zzy.rules.records.ledger_problems`)."""
    grouped: dict[str, list[PostFacts]] = {}
    for post in facts.posts:
        grouped.setdefault(post.staff_no, []).append(post)
    for post in facts.posts:
        person = facts.people.get(post.staff_no)
        if person is not None:
            others = [p for p in grouped[post.staff_no] if p.id != post.id]
            yield from appointment_problems(post, person, facts.work.get(post.staff_no, ()), others, facts.profiles)


def held_posts_problems(person: PersonFacts, work: Iterable[WorkFacts], posts: Sequence[PostFacts],
                        profiles: Profiles) -> list[Problem]:
    """第十一条、第十二条(四) on the start of each post a person holds or held, from their membership dates,
    dated status and party-work spans as they stand: what a change to either must not break (as ``doctor`` reads them)."""
    work = list(work)
    return [problem for post in posts
            for problem in appointment_problems(post, person, work, [p for p in posts if p.id != post.id], profiles)]

