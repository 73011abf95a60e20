"""The regulation, article by article, as pure functions.

Plain data in (:mod:`zzy.facts`, an ``as_of`` date, the settings), results out: a
:class:`Criterion` for each condition of office (arts. 11, 12) and a :class:`Finding`
for each thing the Organization Department should act on (arts. 10, 13, 15–18, 20).
Each result names its article, carries the dates it was computed from, and explains
itself in one Chinese sentence.  Nothing here reads the database or prints.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from zzy import dates
from zzy.choices import Grade, PostKind, Rank, Severity
from zzy.facts import (
    AssessmentFacts,
    LedgerFacts,
    OrgFacts,
    PersonFacts,
    PostFacts,
    TargetFacts,
    TrainingFacts,
    WorkFacts,
)

PARTY_AGE_YEARS = 3  # art. 12(4) 具有三年以上党龄
PARTY_WORK_YEARS = 3  # art. 12(4) 科级组织员要求具有三年以上党务工作经历
TRIAL_YEARS = 1  # art. 13 试用期为一年
ROTATION_YEARS = 8  # art. 20 在同一党组织担任专职组织员满8年
PROBATION_YEARS = (1, 2)  # 党章第七条: 预备期一年, 延长不超过一年
UNFIT_GRADE = Grade.INCOMPETENT.value  # art. 17 不能胜任工作任务: graded 不称职

_NUMERALS = "零一二三四五六七八九"


def article_name(article: int) -> str:
    """``第二十条`` for 20."""
    tens, ones = divmod(article, 10)
    text = ("" if tens == 1 else _NUMERALS[tens]) + "十" if tens else ""
    return f"第{text}{_NUMERALS[ones] if ones else ''}条"


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

    def sort_key(self) -> tuple:
        """Severity, then due date, then 工号, then org; empty values last."""
        due, staff_no, org = self.due, self.staff_no, self.org
        return (self.severity.rank_order, due is None, due or date.min, staff_no is None, staff_no or "",
                org is None, org or "", self.kind)


def sorted_findings(findings: Iterable[Finding]) -> list[Finding]:
    """The reminder list's order (SPEC section 6)."""
    return sorted(findings, key=Finding.sort_key)


# ---------------------------------------------------------------------------------------
# 党章第七条 — full membership after one year of probation, extendable by one year at most
# ---------------------------------------------------------------------------------------


def membership_problems(joined: date, full: date | None, *, today: date) -> list[str]:
    """Why a 入党日期 / 转正日期 pair cannot be right; empty when it can.

    预备党员的预备期为一年 … 可以延长预备期,但不能超过一年 (党章第七条).
    """
    problems = []
    if joined > today:
        problems.append(f"入党日期 {joined.isoformat()} 晚于今天 {today.isoformat()}")
    if full is None:
        return problems
    earliest, latest = (dates.add_years(joined, years) for years in PROBATION_YEARS)
    if full > today:
        problems.append(f"转正日期 {full.isoformat()} 晚于今天 {today.isoformat()}")
    if full < earliest:
        problems.append(
            f"转正日期 {full.isoformat()} 早于入党满一年之日 {earliest.isoformat()}(预备期为一年)"
        )
    elif full > latest:
        problems.append(
            f"转正日期 {full.isoformat()} 晚于入党满两年之日 {latest.isoformat()}"
            "(预备期最多延长一年)"
        )
    return problems


# ---------------------------------------------------------------------------------------
# 第十一条、第十二条 — who may be an organizer
# ---------------------------------------------------------------------------------------

#: 第十二条 (一)(二)(三)(五): qualities the ledger cannot compute; the clerk reviews them.
REVIEW_ITEMS = (
    ("12(1)", "政治立场坚定,认真贯彻执行党的基本路线和教育方针,积极落实上级党组织和学院党委的决策部署"),
    ("12(2)", "熟悉党的建设理论和党的组织工作业务,热爱党务工作,具有较丰富的党务工作经验,事业心和责任感强"),
    ("12(3)", "党性修养好,工作作风严谨,自觉遵守党建工作制度和规定,严于律己,密切联系群众"),
    ("12(5)", "具有较强的文字水平和语言表达能力"),
)


def party_age(person: PersonFacts, *, as_of: date) -> Criterion:
    """第十二条(四) 具有三年以上党龄: counted from full membership (党章第七条), met on full + 3 years."""
    return _party_age(person.full, as_of)


@lru_cache(maxsize=1 << 16)
def _party_age(full: date | None, as_of: date) -> Criterion:
    """:func:`party_age`, which depends on nothing but the 转正日期 and the day: many people
    share a date, so a report decides each date once."""
    if full is None or full > as_of:
        return Criterion("party_age", 12, False, None, lambda: (
            "尚未转正为正式党员,党龄未起算,不符合第十二条第(四)项「具有三年以上党龄」"))
    met_on = dates.add_years(full, PARTY_AGE_YEARS)
    passed = met_on <= as_of

    def explain() -> str:
        held = dates.duration_text(full, as_of)
        if passed:
            return f"党龄自{full.isoformat()}起算,至{as_of.isoformat()}已满{held},符合第十二条第(四)项"
        return (f"党龄自{full.isoformat()}起算,至{as_of.isoformat()}仅{held},"
                f"{met_on.isoformat()}满三年,不符合第十二条第(四)项")

    return Criterion("party_age", 12, passed, met_on, explain)


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


def _covered_days(segments: Iterable[tuple[date, date | None]], *, before: date) -> int:
    """T(day): the days before ``before`` that the segments cover."""
    covered = 0
    for start, end in segments:
        if start >= before:
            break
        covered += dates.days_between(start, before if end is None or end > before else end)
    return covered


def _work_years_met(covered_days: int, day: date) -> bool:
    """``add_years(day - T, 3) <= day``: T days of party work amount to three years on ``day``."""
    return dates.add_years(dates.add_days(day, -covered_days), PARTY_WORK_YEARS) <= day


#: Three calendar years are 1 095 or 1 096 days; after a gap opens with exactly 1 095 days of work,
#: the day the three years are met (if the next record does not come first) lies within four years.
_SHORTEST_THREE_YEARS = 365 * PARTY_WORK_YEARS
_LEAP_CYCLE_DAYS = 4 * 366


def party_work_met_on(segments: Sequence[tuple[date, date | None]]) -> date | None:
    """M: the earliest day with ``add_years(M - T(M), 3) <= M``, from the records as they stand.

    Computed segment by segment, never day by day over decades.  Inside a covered segment the
    anchor ``day - T(day)`` stands still, so the first day is ``max(start, anchor + 3 years)``.
    In a gap T stands still: three calendar years are at least 1 095 days, so fewer never do;
    more than 1 095 were already met where the gap began; exactly 1 095 meet the three years on
    the first day whose three-year window holds no 29 February, found within four years.
    """
    covered_before = 0
    for index, (start, end) in enumerate(segments):
        anchor = dates.add_days(start, -covered_before)
        candidate = max(start, dates.add_years(anchor, PARTY_WORK_YEARS))
        if end is None or candidate <= end:
            return candidate
        covered_before += dates.days_between(start, end)
        if covered_before != _SHORTEST_THREE_YEARS:
            continue
        gap_end = segments[index + 1][0] if index + 1 < len(segments) else None
        for offset in range(1, _LEAP_CYCLE_DAYS + 1):
            day = dates.add_days(end, offset)
            if gap_end is not None and day >= gap_end:
                break
            if _work_years_met(covered_before, day):
                return day
    return None


def _carrier(intervals: Iterable[WorkInterval], met_on: date) -> WorkInterval | None:
    """The record whose work reaches ``met_on``: the one that lasts longest of those begun before it
    (one that continues first)."""
    begun = [i for i in intervals if i.start < met_on]
    return max(begun, key=lambda i: (i.end is None, i.end or date.min, i.start), default=None)


def party_work(
    spans: Iterable[WorkFacts], posts: Iterable[PostFacts], *, as_of: date
) -> Criterion:
    """第十二条(四) 科级组织员要求具有三年以上党务工作经历.

    T(D) is the days before D covered by the union of work spans and posts (an organizer is a
    party-affairs worker, art. 2); overlaps count once.  The criterion first holds on the
    earliest day M with ``add_years(M - T(M), 3) <= M`` and holds ever after: experience never
    shrinks.  ``met_on`` is M from the records as they stand (what continues continues, recorded
    ends stop), whatever ``as_of`` is; none when the records never reach three years.
    """
    intervals = party_work_intervals(spans, posts)
    segments = _merged(intervals)
    met_on = party_work_met_on(segments)
    passed = met_on is not None and met_on <= as_of

    def explain() -> str:
        held = f"党务工作经历至{as_of.isoformat()}累计{_covered_days(segments, before=as_of)}天"
        if passed:
            return f"{held},已于{iso_or_dash(met_on)}满三年,符合第十二条第(四)项"
        if met_on is None:
            return f"{held},不满三年,按已登记的记录不能满三年,不符合第十二条第(四)项"
        carrier = _carrier(intervals, met_on)
        by = f"按{carrier.describe()}计," if carrier is not None else ""
        return f"{held},不满三年,{by}将于{met_on.isoformat()}满三年,不符合第十二条第(四)项"

    return Criterion("party_work", 12, passed, met_on, explain)


def in_service(person: PersonFacts) -> Criterion:
    """第十一条 科级专职组织员 … 在学院在职教职工中选任."""
    if person.in_service:
        return Criterion("in_service", 11, True, None, lambda: "是学院在职教职工,符合第十一条")
    return Criterion("in_service", 11, False, None,
                     lambda: "不是学院在职教职工,科级专职组织员须在在职教职工中选任,不符合第十一条")


_SECTION_LEVEL = frozenset(rank.value for rank in Rank if rank.section_level)


def eligibility(
    person: PersonFacts,
    spans: Iterable[WorkFacts],
    posts: Iterable[PostFacts],
    *,
    kind: str,
    rank: str,
    as_of: date,
) -> list[Criterion]:
    """第十一条、第十二条(四): the criteria that apply to this kind and rank of post."""
    criteria = [_party_age(person.full, as_of)]
    if rank in _SECTION_LEVEL:
        criteria.append(party_work(spans, posts, as_of=as_of))
        if kind == PostKind.FULL:
            criteria.append(in_service(person))
    return criteria


def is_eligible(criteria: Iterable[Criterion]) -> bool:
    return all(criterion.passed for criterion in criteria)


# ---------------------------------------------------------------------------------------
# 第十三条 — one-year trial of a newly promoted organizer
# ---------------------------------------------------------------------------------------


def trial_end(post: PostFacts) -> date | None:
    """试用期满之日: one year after a promoted appointment's start; none if not promoted."""
    return dates.add_years(post.start, TRIAL_YEARS) if post.promoted else None


def trial_open_on(post: PostFacts, day: date) -> bool:
    """A promoted post held on ``day`` whose trial result was not yet recorded by then."""
    decided = post.trial_result is not None and (
        post.trial_decided_on is None or post.trial_decided_on <= day
    )
    return post.promoted and post.active_on(day) and not decided


# ---------------------------------------------------------------------------------------
# 第二十条 — rotation after eight full years at one organization
# ---------------------------------------------------------------------------------------


def tenure_start(post: PostFacts, person_posts: Iterable[PostFacts]) -> date | None:
    """任职起始: the start of the unbroken chain of full-time posts at this org ending in ``post``.

    A later post continues the chain when it starts on or before the day the earlier one was
    left; any gap of a day restarts it.  Part-time posts do not count.
    """
    if not post.full_time:
        return None
    chain = sorted(
        (p for p in person_posts if p.full_time and p.org == post.org and p.start <= post.start),
        key=lambda p: p.start,
        reverse=True,
    )
    start = post.start
    for earlier in chain:
        if earlier.id == post.id or earlier.start >= start:
            continue
        if earlier.end is None or earlier.end >= start:
            start = earlier.start
        else:
            break
    return start


def rotation_on(tenure_began: date | None) -> date | None:
    """满8年之日: tenure start + 8 years."""
    return dates.add_years(tenure_began, ROTATION_YEARS) if tenure_began else None


# ---------------------------------------------------------------------------------------
# Findings — the reminder list (SPEC section 6)
# ---------------------------------------------------------------------------------------


def _window_severity(days_left: int, within: int) -> Severity | None:
    """As for trials: overdue when past, due within the window, nothing before it."""
    if days_left < 0:
        return Severity.OVERDUE
    if days_left <= within:
        return Severity.DUE
    return None


def _days_phrase(days_left: int) -> str:
    if days_left > 0:
        return f"还有{days_left}天"
    if days_left == 0:
        return "就在今天"
    return f"已逾期{-days_left}天"


def iso_or_dash(day: date | None) -> str:
    return day.isoformat() if day else "—"


class _Namer:
    """Fills a finding's person and org names from the facts."""

    def __init__(self, facts: LedgerFacts) -> None:
        self.people = facts.people
        self.orgs = facts.orgs

    def person(self, staff_no: str | None) -> tuple[str | None, str | None]:
        if staff_no is None:
            return None, None
        person = self.people.get(staff_no)
        return staff_no, person.name if person else None

    def org(self, code: str | None) -> tuple[str | None, str | None]:
        if code is None:
            return None, None
        org = self.orgs.get(code)
        return code, org.name if org else None

    def who(self, staff_no: str) -> str:
        _, name = self.person(staff_no)
        return f"{name}({staff_no})"

    def org_name(self, code: str) -> str:
        return self.org(code)[1] or code

    def finding(
        self,
        kind: str,
        article: int,
        severity: Severity,
        *,
        staff_no: str | None = None,
        org: str | None = None,
        due: date | None = None,
        as_of: date,
        message: str,
    ) -> Finding:
        staff_no, name = self.person(staff_no)
        org, org_name = self.org(org)
        days_left = dates.days_between(as_of, due) if due is not None else None
        return Finding(kind, article, severity, staff_no, name, org, org_name, due, days_left, message)


def trial_findings(facts: LedgerFacts, *, as_of: date, within: int) -> list[Finding]:
    """第十三条 试用期满后,经考核胜任现职的,再正式任职: trials ending soon or past due."""
    namer = _Namer(facts)
    found = []
    for post in facts.posts:
        if not trial_open_on(post, as_of):
            continue
        ends = trial_end(post)
        assert ends is not None
        days_left = dates.days_between(as_of, ends)
        severity = _window_severity(days_left, within)
        if severity is None:
            continue
        where = f"{namer.who(post.staff_no)}在{namer.org_name(post.org)}的试用期"
        if days_left >= 0:
            kind, message = "trial_due", (
                f"{where}于{ends.isoformat()}期满({_days_phrase(days_left)}),"
                "期满后应考核并用 zzy trial 记录结果(第十三条)"
            )
        else:
            kind, message = "trial_overdue", (
                f"{where}已于{ends.isoformat()}期满({_days_phrase(days_left)}),"
                "尚未记录考核结果,请用 zzy trial 记录(第十三条)"
            )
        found.append(namer.finding(kind, 13, severity, staff_no=post.staff_no, org=post.org,
                                   due=ends, as_of=as_of, message=message))
    return found


def rotation_findings(facts: LedgerFacts, *, as_of: date, within: int,
                      by_person: dict[str, list[PostFacts]] | None = None) -> list[Finding]:
    """第二十条 在同一党组织担任专职组织员满8年 … 可 … 交流轮岗."""
    namer = _Namer(facts)
    by_person = by_person if by_person is not None else posts_by_person(facts.posts)
    found = []
    for post in facts.posts:
        if not (post.full_time and post.active_on(as_of)):
            continue
        began = tenure_start(post, by_person[post.staff_no])
        rotate_on = rotation_on(began)
        assert began is not None and rotate_on is not None
        days_left = dates.days_between(as_of, rotate_on)
        if days_left > within:
            continue
        where = f"{namer.who(post.staff_no)}自{began.isoformat()}起在{namer.org_name(post.org)}任专职组织员"
        if days_left > 0:
            kind, message = "rotation_upcoming", (
                f"{where},将于{rotate_on.isoformat()}满8年({_days_phrase(days_left)}),"
                "届时可根据工作需要交流轮岗(第二十条)"
            )
        else:
            kind, message = "rotation_eligible", (
                f"{where},已于{rotate_on.isoformat()}满8年,可根据工作需要交流轮岗(第二十条)"
            )
        found.append(namer.finding(kind, 20, Severity.INFO, staff_no=post.staff_no, org=post.org,
                                   due=rotate_on, as_of=as_of, message=message))
    return found


def full_time_holders(posts: Iterable[PostFacts], *, as_of: date) -> dict[str, list[PostFacts]]:
    """Each org's active full-time posts on ``as_of``."""
    holders: dict[str, list[PostFacts]] = defaultdict(list)
    for post in posts:
        if post.full_time and post.active_on(as_of):
            holders[post.org].append(post)
    return holders


def vacant_orgs(orgs: Iterable[OrgFacts], posts: Iterable[PostFacts], *, as_of: date) -> list[str]:
    """第十条: the codes of orgs, not dissolved on ``as_of``, with no active full-time organizer."""
    holders = full_time_holders(posts, as_of=as_of)
    return sorted(org.code for org in orgs if org.exists_on(as_of) and not holders.get(org.code))


def staffing_findings(facts: LedgerFacts, *, as_of: date) -> list[Finding]:
    """第十条 学院党委设置副科级组织员1名,每个基层党组织设置专职组织员1名."""
    namer = _Namer(facts)
    holders = full_time_holders(facts.posts, as_of=as_of)
    found = []
    for org in facts.orgs.values():
        if not org.exists_on(as_of):
            continue
        held_by = holders.get(org.code, [])
        if not held_by:
            asks = "设副科级组织员1名" if org.is_committee else "每个基层党组织设置专职组织员1名"
            found.append(namer.finding(
                "vacancy", 10, Severity.OVERDUE, org=org.code, as_of=as_of,
                message=f"{org.name}没有在任的专职组织员(第十条: {asks})",
            ))
        elif len(held_by) > 1:
            names = "、".join(namer.who(post.staff_no) for post in held_by)
            found.append(namer.finding(
                "overstaffed", 10, Severity.INFO, org=org.code, as_of=as_of,
                message=f"{org.name}有{len(held_by)}名在任专职组织员({names}),按第十条应设1名",
            ))
    return found


def ineligible_findings(facts: LedgerFacts, *, as_of: date,
                        by_person: dict[str, list[PostFacts]] | None = None) -> list[Finding]:
    """第十一条、第十二条(四): people holding a post whose conditions they no longer meet."""
    namer = _Namer(facts)
    by_person = by_person if by_person is not None else posts_by_person(facts.posts)
    found = []
    people, work = facts.people, facts.work
    for post in facts.posts:
        if not post.active_on(as_of) or (person := people.get(post.staff_no)) is None:
            continue
        criteria = eligibility(person, work.get(post.staff_no, ()), by_person[post.staff_no],
                               kind=post.kind, rank=post.rank, as_of=as_of)
        if is_eligible(criteria):
            continue
        failed = [c for c in criteria if not c.passed]
        found.append(namer.finding(
            "ineligible", failed[0].article, Severity.INFO, staff_no=post.staff_no, org=post.org, as_of=as_of,
            message=f"{namer.who(post.staff_no)}在{namer.org_name(post.org)}任"
            f"{PostKind(post.kind).label}组织员,但: " + ";".join(c.detail for c in failed),
        ))
    return found


def posts_by_person(posts: Iterable[PostFacts]) -> dict[str, list[PostFacts]]:
    grouped: dict[str, list[PostFacts]] = defaultdict(list)
    for post in posts:
        grouped[post.staff_no].append(post)
    return grouped


# ---------------------------------------------------------------------------------------
# 第十五条 — regular work reports
# ---------------------------------------------------------------------------------------


def report_due_on(reports: Iterable[date], active_posts: Iterable[PostFacts], *, as_of: date,
                  interval_months: int) -> date | None:
    """下次汇报期限: the last report on or before ``as_of`` (else the earliest active post's start)
    plus the reporting interval; none for someone who holds no post."""
    starts = [post.start for post in active_posts]
    if not starts:
        return None
    past = [day for day in reports if day <= as_of]
    return dates.add_months(max(past) if past else min(starts), interval_months)


def report_findings(facts: LedgerFacts, *, as_of: date, within: int) -> list[Finding]:
    """第十五条 实行组织员工作汇报制度。组织员定期向同级党组织和上级主管部门汇报工作."""
    namer = _Namer(facts)
    interval = facts.settings.report_interval_months
    active: dict[str, list[PostFacts]] = defaultdict(list)
    for post in facts.posts:
        if post.active_on(as_of):
            active[post.staff_no].append(post)
    found = []
    for staff_no, posts in active.items():
        due = report_due_on(facts.reports.get(staff_no, []), posts, as_of=as_of, interval_months=interval)
        assert due is not None
        days_left = dates.days_between(as_of, due)
        severity = _window_severity(days_left, within)
        if severity is None:
            continue
        who = namer.who(staff_no)
        if days_left >= 0:
            kind, message = "report_due", (
                f"{who}应于{due.isoformat()}前汇报工作({_days_phrase(days_left)}),"
                f"每{interval}个月至少汇报一次(第十五条)"
            )
        else:
            kind, message = "report_overdue", (
                f"{who}的工作汇报已于{due.isoformat()}到期({_days_phrase(days_left)}),"
                f"每{interval}个月至少汇报一次,请督促汇报并用 zzy report add 登记(第十五条)"
            )
        found.append(namer.finding(kind, 15, severity, staff_no=staff_no, due=due, as_of=as_of,
                                   message=message))
    return found


# ---------------------------------------------------------------------------------------
# 第十六条 — targets
# ---------------------------------------------------------------------------------------


def target_open_on(target: TargetFacts, day: date) -> bool:
    """No result recorded by ``day``."""
    return target.result is None or (target.assessed_on is not None and target.assessed_on > day)


def target_findings(facts: LedgerFacts, *, as_of: date, within: int) -> list[Finding]:
    """第十六条 对组织员 … 提出具体的质量、数量和时间的要求,并按要求进行考核."""
    namer = _Namer(facts)
    found = []
    for target in facts.targets:
        if not target_open_on(target, as_of):
            continue
        days_left = dates.days_between(as_of, target.due)
        severity = _window_severity(days_left, within)
        if severity is None:
            continue
        what = f"{namer.who(target.staff_no)}的目标 #{target.id}「{target.title}」"
        if days_left >= 0:
            kind, message = "target_due", f"{what}期限为{target.due.isoformat()}({_days_phrase(days_left)})(第十六条)"
        else:
            kind, message = "target_overdue", (
                f"{what}已于{target.due.isoformat()}到期({_days_phrase(days_left)}),"
                f"请考核并用 zzy target assess {target.id} 记录结果(第十六条)"
            )
        found.append(namer.finding(kind, 16, severity, staff_no=target.staff_no, due=target.due,
                                   as_of=as_of, message=message))
    return found


# ---------------------------------------------------------------------------------------
# 第十七条 — assessment: 不能胜任工作任务的,应及时进行调整
# ---------------------------------------------------------------------------------------


def latest_grades(assessments: Iterable[AssessmentFacts], *, as_of: date) -> dict[str, AssessmentFacts]:
    """Each person's latest assessment of a year no later than ``as_of``'s."""
    latest: dict[str, AssessmentFacts] = {}
    for assessment in assessments:
        if assessment.year > as_of.year:
            continue
        held = latest.get(assessment.staff_no)
        if held is None or assessment.year > held.year:
            latest[assessment.staff_no] = assessment
    return latest


def unfit_findings(facts: LedgerFacts, *, as_of: date) -> list[Finding]:
    """第十七条 不能胜任工作任务的,应及时进行调整: latest grade 不称职 while still in post."""
    namer = _Namer(facts)
    holding = {post.staff_no for post in facts.posts if post.active_on(as_of)}
    found = []
    for staff_no, assessment in latest_grades(facts.assessments, as_of=as_of).items():
        if assessment.grade == UNFIT_GRADE and staff_no in holding:
            found.append(namer.finding(
                "unfit", 17, Severity.OVERDUE, staff_no=staff_no, as_of=as_of,
                message=f"{namer.who(staff_no)}{assessment.year}年度考核为不称职,仍在组织员岗位,"
                "应及时进行调整(第十七条)",
            ))
    return found


# ---------------------------------------------------------------------------------------
# 第十八条 — at least one training or work exchange a year, held by the committee
# ---------------------------------------------------------------------------------------


def qualifying_trainings(trainings: Iterable[TrainingFacts], orgs: dict[str, OrgFacts], *,
                         year: int, until: date | None = None) -> list[TrainingFacts]:
    """学院党委每年至少举办一次针对组织员的业务培训或工作交流: committee-hosted, in ``year``."""
    committee = {code for code, org in orgs.items() if org.is_committee}
    return [
        t for t in trainings
        if t.host in committee and t.kind in ("training", "exchange") and t.date.year == year
        and (until is None or t.date <= until)
    ]


def training_findings(facts: LedgerFacts, *, as_of: date, within: int) -> list[Finding]:
    """第十八条: a reminder until the committee has held this year's training or exchange."""
    if qualifying_trainings(facts.trainings, facts.orgs, year=as_of.year, until=as_of):
        return []
    namer = _Namer(facts)
    due = dates.year_end(as_of.year)
    days_left = dates.days_between(as_of, due)
    severity = Severity.DUE if days_left <= within else Severity.INFO
    committee = next((code for code, org in facts.orgs.items() if org.is_committee), None)
    return [namer.finding(
        "training_missing", 18, severity, org=committee, due=due, as_of=as_of,
        message=f"学院党委{as_of.year}年尚未举办针对组织员的业务培训或工作交流,"
        f"应于{due.isoformat()}前至少举办一次({_days_phrase(days_left)})(第十八条)",
    )]


def findings(facts: LedgerFacts, *, as_of: date, within: int) -> list[Finding]:
    """The whole reminder list on ``as_of``, sorted as SPEC section 6 says."""
    by_person = posts_by_person(facts.posts)
    return sorted_findings([
        *staffing_findings(facts, as_of=as_of),
        *trial_findings(facts, as_of=as_of, within=within),
        *rotation_findings(facts, as_of=as_of, within=within, by_person=by_person),
        *ineligible_findings(facts, as_of=as_of, by_person=by_person),
        *report_findings(facts, as_of=as_of, within=within),
        *target_findings(facts, as_of=as_of, within=within),
        *unfit_findings(facts, as_of=as_of),
        *training_findings(facts, as_of=as_of, within=within),
    ])



# ---------------------------------------------------------------------------------------
# doctor — what overrides and old data left behind
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Violation:
    """A rule the ledger's own data breaks."""

    check: str
    article: int | None
    staff_no: str | None
    org: str | None
    message: str


def violations(facts: LedgerFacts, *, today: date) -> list[Violation]:
    """Every rule the stored data breaks: overlapping full-time posts, posts at dissolved orgs,
    impossible dates, trial results recorded early, posts held by special approval."""
    found: list[Violation] = []
    namer = _Namer(facts)
    grouped = posts_by_person(facts.posts)
    for staff_no, posts in grouped.items():
        full_time = sorted((p for p in posts if p.full_time), key=lambda p: p.start)
        for earlier, later in zip(full_time, full_time[1:], strict=False):
            if earlier.end is None or earlier.end > later.start:
                found.append(Violation("one_full_time_post", 19, staff_no, later.org,
                                       f"{namer.who(staff_no)}在{earlier.org}与{later.org}的专职任职重叠(第十九条)"))
    for post in facts.posts:
        org = facts.orgs.get(post.org)
        if post.end is not None and post.end <= post.start:
            found.append(Violation("post_dates", None, post.staff_no, post.org,
                                   f"{namer.who(post.staff_no)}在{post.org}的离任日期不晚于任职日期"))
        if org is not None and org.dissolved_on is not None and (post.end is None or post.end > org.dissolved_on):
            found.append(Violation("dissolved_org", 10, post.staff_no, post.org,
                                   f"{namer.who(post.staff_no)}在已于{org.dissolved_on.isoformat()}撤销的{org.name}仍有任职"))
        ends = trial_end(post)
        if post.trial_result is not None and (ends is None or post.trial_decided_on is None
                                              or post.trial_decided_on < ends):
            found.append(Violation("trial_early", 13, post.staff_no, post.org,
                                   f"{namer.who(post.staff_no)}在{post.org}的试用期考核结果记录于试用期满之前(第十三条)"))
        person = facts.people.get(post.staff_no)
        if person is not None:
            failed = [c for c in eligibility(person, facts.work.get(post.staff_no, []), grouped[post.staff_no],
                                             kind=post.kind, rank=post.rank, as_of=post.start) if not c.passed]
            if failed:
                why = f"特批理由: {post.override}" if post.override else "没有特批理由"
                found.append(Violation("eligibility", failed[0].article, post.staff_no, post.org,
                                       f"{namer.who(post.staff_no)}于{post.start.isoformat()}在{post.org}任职时"
                                       f"不符合任职条件({why}): " + ";".join(c.detail for c in failed)))
    committees = [org.code for org in facts.orgs.values() if org.is_committee]
    if len(committees) > 1:
        found.append(Violation("one_committee", 10, None, None, f"登记了多个学院党委: {'、'.join(committees)}"))
    for person in facts.people.values():
        for problem in membership_problems(person.joined, person.full, today=today):
            found.append(Violation("membership_dates", None, person.staff_no, None,
                                   f"{namer.who(person.staff_no)}: {problem}(党章第七条)"))
    return found
