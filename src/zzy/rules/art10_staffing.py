"""第十条 — 学院党委设置副科级组织员1名,每个基层党组织设置专职组织员1名.

One committee; every org that is not dissolved has exactly one active full-time organizer, and
nobody holds a post at an org after the day it was dissolved.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from datetime import date

from zzy.choices import PostKind, Rank, Severity
from zzy.facts import OrgFacts, PostFacts
from zzy.profile import NONE_ADOPTED, Profiles
from zzy.rules.base import Check, Finder, Finding, FindingKind, Problem, Reminder, always

#: What the rules of this article check (``Problem.check``), with their Chinese names.
CHECKS = (Check("one_committee", "学院党委唯一"), Check("dissolved_org", "已撤销的党组织"))


def full_time_holders(posts: Iterable[PostFacts], *, as_of: date) -> dict[str, list[PostFacts]]:
    """Each org's active full-time posts on ``as_of``."""
    holders: dict[str, list[PostFacts]] = defaultdict(list)
    for post in posts:
        if post.full_time and post.active_on(as_of):
            holders[post.org].append(post)
    return holders


def vacant_orgs(orgs: Iterable[OrgFacts], posts: Iterable[PostFacts], *, as_of: date, wanted: int = 1) -> list[str]:
    """The codes of orgs, not dissolved on ``as_of``, with fewer than ``wanted`` active full-time organizers
    (the rules profile's ``staffing.full_time_per_org``)."""
    holders = full_time_holders(posts, as_of=as_of)
    return sorted(org.code for org in orgs if org.exists_on(as_of) and len(holders.get(org.code, ())) < wanted)


VACANCY = FindingKind("vacancy", 10, always(Severity.OVERDUE), "专职组织员空缺")
OVERSTAFFED = FindingKind("overstaffed", 10, always(Severity.INFO), "专职组织员超配")


def staffing_findings(reminder: Reminder) -> Iterator[Finding]:
    """Orgs with fewer active full-time organizers than the rules profile sets for each (one for this college),
    or more."""
    holders = full_time_holders(reminder.facts.posts, as_of=reminder.as_of)
    rule = reminder.profile.staffing
    wanted, cite = rule.full_time_per_org, rule.cite
    for org in reminder.facts.orgs.values():
        if not org.exists_on(reminder.as_of):
            continue
        held_by = holders.get(org.code, [])
        if len(held_by) < wanted:
            if org.is_committee:
                rank = Rank(rule.committee_rank)
                asks = f"设{rank.label if rank is not Rank.NONE else PostKind.FULL.label}组织员{wanted}名"
            else:
                asks = f"每个基层党组织设置专职组织员{wanted}名"
            has = f"只有{len(held_by)}名在任的专职组织员" if held_by else "没有在任的专职组织员"
            yield reminder.finding(VACANCY, org=org.code, article=rule.article,
                                   message=f"{org.name}{has}({cite}: {asks})")
        elif len(held_by) > wanted:
            names = "、".join(reminder.who(post.staff_no) for post in held_by)
            yield reminder.finding(OVERSTAFFED, org=org.code, article=rule.article,
                                   message=f"{org.name}有{len(held_by)}名在任专职组织员({names}),"
                                   f"按{cite}应设{wanted}名")


FINDINGS = (Finder(staffing_findings, (VACANCY, OVERSTAFFED)),)


def org_problems(org: OrgFacts, orgs: Mapping[str, OrgFacts], profiles: Profiles = NONE_ADOPTED,
                 on: date = date.max) -> list[Problem]:
    """An org's record among the others: the committee (学院党委) is registered once (cited as the staffing
    article of the rules profile in force ``on`` the day of the write)."""
    if not org.is_committee:  # the others are looked at only for a committee (an import adds thousands of orgs)
        return []
    committees = [other for other in orgs.values() if other.is_committee and other.code != org.code]
    if org.is_committee and committees:
        first = committees[0]
        return [Problem("one_committee", profiles.on(on).staffing.article, None, org.code,
                        f"学院党委只能登记一个,已有「{first.name}」(代码 {first.code})")]
    return []


def dissolved_org_problems(post: PostFacts, org: OrgFacts, profiles: Profiles = NONE_ADOPTED) -> list[Problem]:
    """A post held at an org after the day it was dissolved (checked with every post, 第十九条's module);
    cited as the staffing article of the rules profile in force on the post's start."""
    if org.dissolved_on is not None and (post.end is None or post.end > org.dissolved_on):
        return [Problem("dissolved_org", profiles.on(post.start).staffing.article, post.staff_no, post.org,
                        f"党组织「{org.name}」已于 {org.dissolved_on.isoformat()} 撤销,"
                        f"在那天之后不能有任职(自 {post.start.isoformat()} 起的任职)", post=post.id)]
    return []
