"""第十三条 — 对新提拔的组织员实行任职试用期制度,试用期为一年。试用期满后,经考核胜任现职的,再正式任职;
不胜任的,免去试任职务,一般按试任前职级安排工作.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from zzy import dates
from zzy.choices import Severity, TrialResult
from zzy.facts import PostFacts
from zzy.profile import NONE_ADOPTED, Profiles
from zzy.rules.base import (
    Check,
    Finder,
    Finding,
    FindingKind,
    Problem,
    Reminder,
    always,
    days_phrase,
    window_kind,
)

TRIAL_YEARS = 1  # 试用期为一年: the shipped profile's trial.months is 12

#: What the rules of this article check (``Problem.check``), with their Chinese names.
CHECKS = (Check("trial_result", "试用期考核结果"), Check("trial_early", "试用期考核日期"),
          Check("prior_rank", "试任前职级"))


def trial_end(post: PostFacts, profiles: Profiles) -> date | None:
    """试用期满之日: a promoted appointment's start + the trial's months of the rules profile in force on that start
    (twelve for this college); none if not promoted, or when that version has no trial."""
    months = profiles.on(post.start).trial.months
    return dates.add_months(post.start, months) if post.promoted and months else None


def trial_open_on(post: PostFacts, day: date) -> bool:
    """A promoted post held on ``day`` whose trial result was not yet recorded by then."""
    decided = post.trial_result is not None and (
        post.trial_decided_on is None or post.trial_decided_on <= day
    )
    return post.promoted and post.active_on(day) and not decided


TRIAL_DUE = FindingKind("trial_due", 13, always(Severity.DUE), "试用期将满", matter="trial", stage="due")
TRIAL_OVERDUE = FindingKind("trial_overdue", 13, always(Severity.OVERDUE), "试用期考核逾期", matter="trial", stage="overdue")


def trial_findings(reminder: Reminder) -> Iterator[Finding]:
    """Trials ending soon or past due."""
    as_of, profiles = reminder.as_of, reminder.facts.profiles
    for post in reminder.facts.posts:
        if not trial_open_on(post, as_of):
            continue
        ends = trial_end(post, profiles)
        if ends is None:
            continue
        rule = profiles.on(post.start).trial
        days_left = dates.days_between(as_of, ends)
        kind = window_kind(days_left, reminder.window(TRIAL_DUE), due=TRIAL_DUE, overdue=TRIAL_OVERDUE)
        if kind is None:
            continue
        where = f"{reminder.who(post.staff_no)}在{reminder.org_name(post.org)}的试用期"
        if kind is TRIAL_DUE:
            message = (f"{where}于{ends.isoformat()}期满({days_phrase(days_left)}),"
                       f"期满后应考核并用 zzy trial 记录结果({rule.cite})")
        else:
            message = (f"{where}已于{ends.isoformat()}期满({days_phrase(days_left)}),"
                       f"尚未记录考核结果,请用 zzy trial 记录({rule.cite})")
        yield reminder.finding(kind, staff_no=post.staff_no, org=post.org, due=ends, article=rule.article,
                               message=message)


FINDINGS = (Finder(trial_findings, (TRIAL_DUE, TRIAL_OVERDUE)),)


def trial_problems(post: PostFacts, profiles: Profiles) -> list[Problem]:
    """A post's trial result: only for a promoted post with a trial (by the rules profile in force on its start),
    dated on or after the trial end, and a failed trial ends the post that day."""
    rule = profiles.on(post.start).trial
    cite = rule.cite

    def problem(check: str, message: str) -> Problem:
        return Problem(check, rule.article, post.staff_no, post.org, message, post=post.id)

    if post.trial_result is None:
        if post.trial_decided_on is not None:
            return [problem("trial_result", "有考核日期却没有试用期考核结果")]
        return []
    ends = trial_end(post, profiles)
    if ends is None:
        if post.promoted:
            return [problem("trial_result", f"{post.start.isoformat()} 任职时在用的规定没有试用期({cite})")]
        return [problem("trial_result", f"只有新提拔的任职才有试用期考核结果({cite})")]
    if post.trial_decided_on is None or post.trial_decided_on < ends:
        when = f",不能在 {post.trial_decided_on.isoformat()} 记录" if post.trial_decided_on else ",须有考核日期"
        return [problem("trial_early", f"试用期至 {ends.isoformat()} 期满{when}({cite}: 试用期满后考核)")]
    if post.trial_result == TrialResult.FAIL.value and post.end != post.trial_decided_on:
        return [problem("trial_result", f"试用期考核不胜任的,离任日期应为考核日期({cite})")]
    return []


def trial_record_problems(post: PostFacts, profiles: Profiles = NONE_ADOPTED) -> list[Problem]:
    """What a post's trial fields must be on their own (``restore`` reads each record so before the
    ledger): a date only with a result, and a failed trial's post left on the day it was decided.
    :func:`trial_problems` finds each of these too, among the rest; both cite the trial's article of the
    rules profile in force on the post's start."""
    rule = profiles.on(post.start).trial
    found = []
    if post.trial_decided_on is not None and post.trial_result is None:
        found.append(Problem("trial_result", rule.article, post.staff_no, post.org, "有考核日期却没有试用期考核结果",
                             post=post.id, field="trial_result"))
    if post.trial_result == TrialResult.FAIL.value and post.end != post.trial_decided_on:
        found.append(Problem("trial_result", rule.article, post.staff_no, post.org,
                             f"试用期考核不胜任的,离任日期应为考核日期({rule.cite})", post=post.id, field="end"))
    return found


def promotion_problems(post: PostFacts, profiles: Profiles = NONE_ADOPTED) -> list[Problem]:
    """A rank held before the trial (试任前职级) belongs to a promoted post only (the write commands refuse
    ``--prior-rank`` without ``--promoted``, restore a file with it; doctor reports a ledger's); cited as the
    trial's article of the rules profile in force on the post's start."""
    if post.prior_rank is not None and not post.promoted:
        article = profiles.on(post.start).trial.article
        return [Problem("prior_rank", article, post.staff_no, post.org, "试任前职级只用于新提拔的任职", post=post.id)]
    return []
