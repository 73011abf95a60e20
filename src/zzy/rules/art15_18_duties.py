"""第十五条至第十八条 — the duties of the office: reports, targets, assessment, training."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from datetime import date

from zzy import dates
from zzy.choices import Grade, Severity
from zzy.facts import AssessmentFacts, OrgFacts, PostFacts, TargetFacts, TrainingFacts
from zzy.profile import count_text
from zzy.rules.base import (
    Check,
    Finder,
    Finding,
    FindingKind,
    Problem,
    Reminder,
    always,
    days_phrase,
    due_within_else_info,
    window_kind,
)

#: What the rules of these articles check (``Problem.check``), with their Chinese names (and the shared
#: ``future_event`` of base.py).
CHECKS = (Check("target_result", "目标考核结果"),)

# ---------------------------------------------------------------------------------------
# 第十五条 实行组织员工作汇报制度。组织员定期向同级党组织和上级主管部门汇报工作
# ---------------------------------------------------------------------------------------


def report_due_on(reports: Iterable[date], active_posts: Iterable[PostFacts], *, as_of: date,
                  interval_months: int) -> date | None:
    """下次汇报期限: the last regular report (定期汇报) on or before ``as_of`` (else the earliest active post's
    start) plus the reporting interval; none for someone who holds no post.  ``reports`` are the regular
    ones: a special report (专题汇报, on a major problem) is a separate duty and does not reset the interval."""
    starts = [post.start for post in active_posts]
    if not starts:
        return None
    past = [day for day in reports if day <= as_of]
    return dates.add_months(max(past) if past else min(starts), interval_months)


REPORT_DUE = FindingKind("report_due", 15, always(Severity.DUE), "工作汇报将到期", matter="report", stage="due")
REPORT_OVERDUE = FindingKind("report_overdue", 15, always(Severity.OVERDUE), "工作汇报逾期", matter="report", stage="overdue")


def report_findings(reminder: Reminder) -> Iterator[Finding]:
    """Reports falling due within the window, or past due."""
    as_of, interval = reminder.as_of, reminder.facts.settings.report_interval_months
    rule = reminder.profile.reporting
    active: dict[str, list[PostFacts]] = defaultdict(list)
    for post in reminder.active_posts:
        active[post.staff_no].append(post)
    for staff_no, posts in active.items():
        due = report_due_on(reminder.facts.reports.get(staff_no, []), posts, as_of=as_of,
                            interval_months=interval)
        assert due is not None
        days_left = dates.days_between(as_of, due)
        kind = window_kind(days_left, reminder.window(REPORT_DUE), due=REPORT_DUE, overdue=REPORT_OVERDUE)
        if kind is None:
            continue
        who = reminder.who(staff_no)
        if kind is REPORT_DUE:
            message = (f"{who}应于{due.isoformat()}前汇报工作({days_phrase(days_left)}),"
                       f"每{interval}个月至少汇报一次({rule.cite})")
        else:
            message = (f"{who}的工作汇报已于{due.isoformat()}到期({days_phrase(days_left)}),"
                       f"每{interval}个月至少汇报一次,请督促汇报并用 zzy report add 登记({rule.cite})")
        yield reminder.finding(kind, staff_no=staff_no, due=due, article=rule.article, message=message)


# ---------------------------------------------------------------------------------------
# 第十六条 实行目标管理制度 … 提出具体的质量、数量和时间的要求,并按要求进行考核
# ---------------------------------------------------------------------------------------


def target_open_on(target: TargetFacts, day: date) -> bool:
    """No result recorded by ``day``."""
    return target.result is None or (target.assessed_on is not None and target.assessed_on > day)


TARGET_DUE = FindingKind("target_due", 16, always(Severity.DUE), "目标将到期", matter="target", stage="due")
TARGET_OVERDUE = FindingKind("target_overdue", 16, always(Severity.OVERDUE), "目标逾期", matter="target", stage="overdue")


def target_findings(reminder: Reminder) -> Iterator[Finding]:
    """Open targets falling due within the window, or past due."""
    rule = reminder.profile.targets
    for target in reminder.facts.targets:
        if not target_open_on(target, reminder.as_of):
            continue
        days_left = dates.days_between(reminder.as_of, target.due)
        kind = window_kind(days_left, reminder.window(TARGET_DUE), due=TARGET_DUE, overdue=TARGET_OVERDUE)
        if kind is None:
            continue
        what = f"{reminder.who(target.staff_no)}的目标 #{target.id}「{target.title}」"
        if kind is TARGET_DUE:
            message = f"{what}期限为{target.due.isoformat()}({days_phrase(days_left)})({rule.cite})"
        else:
            message = (f"{what}已于{target.due.isoformat()}到期({days_phrase(days_left)}),"
                       f"请考核并用 zzy target assess {target.id} 记录结果({rule.cite})")
        yield reminder.finding(kind, staff_no=target.staff_no, due=target.due, article=rule.article, message=message)


# ---------------------------------------------------------------------------------------
# 第十七条 实行考核奖惩制度 … 不能胜任工作任务的,应及时进行调整
# ---------------------------------------------------------------------------------------

UNFIT_GRADE = Grade.INCOMPETENT.value  # 不能胜任工作任务: graded 不称职

#: The latest grades a reminder rule reads: :func:`zzy.load.facts_on` loads no others (a hundred thousand
#: people's grades cost a province's reminder list a tenth of its time).  A new rule about grades adds its own.
GRADES_REMINDED = (UNFIT_GRADE,)


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


UNFIT = FindingKind("unfit", 17, always(Severity.OVERDUE), "不胜任待调整")


def unfit_findings(reminder: Reminder) -> Iterator[Finding]:
    """Latest grade 不称职 while still in post."""
    holding = {post.staff_no for post in reminder.active_posts}
    rule = reminder.profile.assessment
    for staff_no, assessment in latest_grades(reminder.facts.assessments, as_of=reminder.as_of).items():
        if assessment.grade == UNFIT_GRADE and staff_no in holding:
            yield reminder.finding(
                UNFIT, staff_no=staff_no, article=rule.article,
                message=f"{reminder.who(staff_no)}{assessment.year}年度考核为不称职,仍在组织员岗位,"
                f"应及时进行调整({rule.cite})",
            )


# ---------------------------------------------------------------------------------------
# 第十八条 实行培训制度 … 学院党委每年至少举办一次针对组织员的业务培训或工作交流
# ---------------------------------------------------------------------------------------


def qualifying_trainings(trainings: Iterable[TrainingFacts], orgs: Mapping[str, OrgFacts], *,
                         year: int, until: date | None = None) -> list[TrainingFacts]:
    """Committee-hosted trainings and exchanges in ``year`` (up to ``until``)."""
    committee = {code for code, org in orgs.items() if org.is_committee}
    return [
        t for t in trainings
        if t.host in committee and t.kind in ("training", "exchange") and t.date.year == year
        and (until is None or t.date <= until)
    ]


TRAINING_MISSING = FindingKind("training_missing", 18, due_within_else_info, "年度培训未举办")


def training_findings(reminder: Reminder) -> Iterator[Finding]:
    """A reminder until the committee has held this year's trainings or exchanges (as many as the rules profile
    asks: one for this college)."""
    facts, as_of, rule = reminder.facts, reminder.as_of, reminder.profile.training
    held = len(qualifying_trainings(facts.trainings, facts.orgs, year=as_of.year, until=as_of))
    if held >= rule.per_year:
        return
    due = dates.year_end(as_of.year)
    days_left = dates.days_between(as_of, due)
    committee = next((code for code, org in facts.orgs.items() if org.is_committee), None)
    yield reminder.finding(
        TRAINING_MISSING, org=committee, due=due, article=rule.article,
        message=f"学院党委{as_of.year}年{training_short(held, rule.per_year)},"
        f"应于{due.isoformat()}前至少举办{count_text(rule.per_year)}次({days_phrase(days_left)})({rule.cite})",
    )


def training_short(held: int, per_year: int) -> str:
    """What a year lacks: 尚未举办 … (none yet), or 只举办了 N 次 … (fewer than the profile asks)."""
    if not held:
        return "尚未举办针对组织员的业务培训或工作交流"
    return f"只举办了{held}次针对组织员的业务培训或工作交流"


FINDINGS = (
    Finder(report_findings, (REPORT_DUE, REPORT_OVERDUE)),
    Finder(target_findings, (TARGET_DUE, TARGET_OVERDUE)),
    Finder(unfit_findings, (UNFIT,)),
    Finder(training_findings, (TRAINING_MISSING,)),
)


def target_problems(target: TargetFacts) -> list[Problem]:
    """A target's result and the day it was assessed go together (第十六条): both, or neither."""
    if (target.result is None) != (target.assessed_on is None):
        return [Problem("target_result", 16, target.staff_no, None, "考核结果与考核日期须同时填写")]
    return []
