"""第十九条、第二十条 — one full-time post a person, and rotation after eight years at one org.

第十九条 实行组织员专人专岗制度。专职组织员要确保专职专用.  第二十条 在同一党组织担任专职组织员满8年,
根据工作需要,可 … 交流轮岗.  With them, what every post must be: left after it began, and not
held at a dissolved org (第十条).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date

from zzy import dates
from zzy.choices import PostKind, Severity
from zzy.facts import OrgFacts, PostFacts
from zzy.profile import Profile, Profiles
from zzy.rules.art10_staffing import dissolved_org_problems
from zzy.rules.base import (
    Check,
    Finder,
    Finding,
    FindingKind,
    Problem,
    Reminder,
    always,
    days_phrase,
)

#: What the rules of these articles check (``Problem.check``), with their Chinese names.
CHECKS = (Check("post_dates", "任职日期"), Check("one_full_time_post", "专人专岗"),
          Check("one_post_per_org", "同一党组织只任一职"), Check("rotation_early", "交流轮岗未满8年"),
          Check("end_reason", "离任原因"))

ROTATION_YEARS = 8  # 在同一党组织担任专职组织员满8年: the shipped profile's rotation.years

#: ``end_reason`` of a post ended by ``zzy rotate``.
ROTATION = "rotation"


def overlaps(post: PostFacts, other: PostFacts) -> bool:
    """Half-open ``[start, end)`` of the two posts share a day."""
    return (post.end is None or other.start < post.end) and (other.end is None or other.end > post.start)


def post_problems(post: PostFacts, person_posts: Iterable[PostFacts], orgs: Mapping[str, OrgFacts],
                  profiles: Profiles) -> list[Problem]:
    """What one post must be among the person's other posts: left after it began, not at a dissolved
    org, not a second full-time post at the same time (第十九条, cited as the rules profile in force on the
    post's start cites it), not a second post at the same org."""
    one_post = profiles.on(post.start).one_post

    def problem(check: str, article: int | None, message: str) -> Problem:
        return Problem(check, article, post.staff_no, post.org, message, post=post.id)

    found = []
    if post.end is not None and post.end <= post.start:
        found.append(problem("post_dates", None,
                             f"离任日期 {post.end.isoformat()} 须晚于任职日期 {post.start.isoformat()}"))
    org = orgs.get(post.org)
    if org is not None:
        found.extend(dissolved_org_problems(post, org, profiles))
    for other in person_posts:
        if other.id == post.id or not overlaps(post, other):
            continue
        other_org = orgs.get(other.org)
        held = (f"{other_org.name if other_org else other.org}{PostKind(other.kind).label}组织员"
                f"(自 {other.start.isoformat()} 起)")
        if post.full_time and other.full_time:
            found.append(problem("one_full_time_post", one_post.article,
                                 f"已任{held},专职组织员专人专岗,不能同时任两个专职({one_post.cite})"))
        elif other.org == post.org:
            found.append(problem("one_post_per_org", None, f"已任{held},同一党组织不能同时任两个职务"))
    return found


# ---------------------------------------------------------------------------------------
# 第二十条 — rotation
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


def broken_by_a_day(post: PostFacts, person_posts: Iterable[PostFacts]) -> PostFacts | None:
    """The full-time post at the same org that the person left the day before ``post`` (full-time) began:
    a leave dated on the last working day, which restarts the tenure (any gap of a day does).  离任日期 is
    the first day off the post; when the terms were in truth continuous, the earlier post's end is the new
    one's start."""
    if not post.full_time:
        return None
    day_before = dates.add_days(post.start, -1)
    return next((other for other in person_posts
                 if other.id != post.id and other.full_time and other.org == post.org and other.end == day_before),
                None)


def rotation_on(tenure_began: date | None, profile: Profile) -> date | None:
    """满8年之日: tenure start + the rules profile's years (eight for this college)."""
    return dates.add_years(tenure_began, profile.rotation.years) if tenure_began else None


def rotation_problems(post: PostFacts, person_posts: Iterable[PostFacts], orgs: Mapping[str, OrgFacts],
                      profiles: Profiles) -> list[Problem]:
    """A full-time post left by rotation (``zzy rotate``) before its years were full, by the rules profile in
    force on the day it was left."""
    if post.end_reason != ROTATION or post.end is None:
        return []
    rule = profiles.on(post.end).rotation
    began = tenure_start(post, person_posts)
    rotate_on = rotation_on(began, profiles.on(post.end))
    if began is None or rotate_on is None or post.end >= rotate_on:
        return []
    org = orgs.get(post.org)
    return [Problem("rotation_early", rule.article, post.staff_no, post.org,
                    f"自 {began.isoformat()} 起在「{org.name if org else post.org}」任专职组织员,"
                    f"{rotate_on.isoformat()} 才满{rule.years}年,不能在 {post.end.isoformat()} 轮岗({rule.cite})",
                    post=post.id)]


ROTATION_UPCOMING = FindingKind("rotation_upcoming", 20, always(Severity.INFO), "将满8年", matter="rotation", stage="upcoming")
ROTATION_ELIGIBLE = FindingKind("rotation_eligible", 20, always(Severity.INFO), "可交流轮岗", matter="rotation", stage="eligible")


def rotation_findings(reminder: Reminder) -> Iterator[Finding]:
    """Full-time organizers whose eight years at one org are full, or will be within the window."""
    as_of, by_person, rule = reminder.as_of, reminder.posts_by_person, reminder.profile.rotation
    for post in reminder.active_posts:
        if not post.full_time:
            continue
        began = tenure_start(post, by_person[post.staff_no])
        rotate_on = rotation_on(began, reminder.profile)
        assert began is not None and rotate_on is not None
        days_left = dates.days_between(as_of, rotate_on)
        if days_left > reminder.window(ROTATION_UPCOMING):
            continue
        where = f"{reminder.who(post.staff_no)}自{began.isoformat()}起在{reminder.org_name(post.org)}任专职组织员"
        if days_left > 0:
            kind, message = ROTATION_UPCOMING, (
                f"{where},将于{rotate_on.isoformat()}满{rule.years}年({days_phrase(days_left)}),"
                f"届时可根据工作需要交流轮岗({rule.cite})"
            )
        else:
            kind, message = ROTATION_ELIGIBLE, (
                f"{where},已于{rotate_on.isoformat()}满{rule.years}年,可根据工作需要交流轮岗({rule.cite})"
            )
        yield reminder.finding(kind, staff_no=post.staff_no, org=post.org, due=rotate_on, article=rule.article,
                               message=message)


FINDINGS = (Finder(rotation_findings, (ROTATION_UPCOMING, ROTATION_ELIGIBLE)),)


def leave_problems(post: PostFacts) -> list[Problem]:
    """A reason for leaving (离任原因) only with the day the post was left."""
    if post.end is None and post.end_reason is not None:
        return [Problem("end_reason", None, post.staff_no, post.org, "没有离任日期,不能填写离任原因", post=post.id)]
    return []
