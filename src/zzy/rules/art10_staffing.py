"""第十条 — 学院党委设置副科级组织员1名,每个基层党组织设置专职组织员1名.

One committee; every org that is not dissolved has exactly one active full-time organizer, and
nobody holds a post at an org after the day it was dissolved.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from datetime import date

from zzy.choices import Severity
from zzy.facts import LedgerFacts, OrgFacts, PostFacts
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


def vacant_orgs(orgs: Iterable[OrgFacts], posts: Iterable[PostFacts], *, as_of: date) -> list[str]:
    """The codes of orgs, not dissolved on ``as_of``, with no active full-time organizer."""
    holders = full_time_holders(posts, as_of=as_of)
    return sorted(org.code for org in orgs if org.exists_on(as_of) and not holders.get(org.code))


VACANCY = FindingKind("vacancy", 10, always(Severity.OVERDUE), "专职组织员空缺")
OVERSTAFFED = FindingKind("overstaffed", 10, always(Severity.INFO), "专职组织员超配")


def staffing_findings(reminder: Reminder) -> Iterator[Finding]:
    """Orgs with no active full-time organizer, or more than one."""
    holders = full_time_holders(reminder.facts.posts, as_of=reminder.as_of)
    for org in reminder.facts.orgs.values():
        if not org.exists_on(reminder.as_of):
            continue
        held_by = holders.get(org.code, [])
        if not held_by:
            asks = "设副科级组织员1名" if org.is_committee else "每个基层党组织设置专职组织员1名"
            yield reminder.finding(VACANCY, org=org.code, message=f"{org.name}没有在任的专职组织员(第十条: {asks})")
        elif len(held_by) > 1:
            names = "、".join(reminder.who(post.staff_no) for post in held_by)
            yield reminder.finding(OVERSTAFFED, org=org.code,
                                   message=f"{org.name}有{len(held_by)}名在任专职组织员({names}),按第十条应设1名")


FINDINGS = (Finder(staffing_findings, (VACANCY, OVERSTAFFED)),)


def org_problems(org: OrgFacts, orgs: Mapping[str, OrgFacts]) -> list[Problem]:
    """An org's record among the others: the committee (学院党委) is registered once."""
    if not org.is_committee:  # the others are looked at only for a committee (an import adds thousands of orgs)
        return []
    committees = [other for other in orgs.values() if other.is_committee and other.code != org.code]
    if org.is_committee and committees:
        first = committees[0]
        return [Problem("one_committee", 10, None, org.code,
                        f"学院党委只能登记一个,已有「{first.name}」(代码 {first.code})")]
    return []


def dissolved_org_problems(post: PostFacts, org: OrgFacts) -> list[Problem]:
    """A post held at an org after the day it was dissolved (checked with every post, 第十九条's module)."""
    if org.dissolved_on is not None and (post.end is None or post.end > org.dissolved_on):
        return [Problem("dissolved_org", 10, post.staff_no, post.org,
                        f"党组织「{org.name}」已于 {org.dissolved_on.isoformat()} 撤销,"
                        f"在那天之后不能有任职(自 {post.start.isoformat()} 起的任职)", post=post.id)]
    return []


def ledger_problems(facts: LedgerFacts, today: date) -> Iterator[Problem]:
    committees = sorted(code for code, org in facts.orgs.items() if org.is_committee)
    if len(committees) > 1:
        yield Problem("one_committee", 10, None, None, f"登记了多个学院党委: {'、'.join(committees)}")


AUDITS = (ledger_problems,)
