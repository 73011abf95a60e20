"""Plain facts for rules tests: no database, just the data the regulation talks about, built by name."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from itertools import count

from zzy.facts import (
    AssessmentFacts,
    LedgerFacts,
    OrgFacts,
    PersonFacts,
    PostFacts,
    Settings,
    TargetFacts,
    TrainingFacts,
    WorkFacts,
)
from zzy.profile import Profiles, shipped
from zzy.rules import Finding, Reminder

#: This college's rules profile (SPEC section 12), which the rules tests judge by …
SHIPPED = shipped()
#: … and a ledger that adopted no other version: the shipped one decides every day.
SHIPPED_ONLY = Profiles()

_ids = count(1)


def person(staff_no: str = "T001", *, joined: date = date(2010, 1, 1), full: date | None = date(2011, 1, 1),
           in_service: bool = True, name: str = "张三", out_of_service_on: date | None = None) -> PersonFacts:
    """``in_service=False`` without a day: out of service since they joined."""
    if not in_service and out_of_service_on is None:
        out_of_service_on = joined
    return PersonFacts(staff_no=staff_no, name=name, joined=joined, full=full, in_service=out_of_service_on is None,
                       out_of_service_on=out_of_service_on)


def post(staff_no: str = "T001", org: str = "jd", *, start: date, end: date | None = None, kind: str = "full",
         rank: str = "none", promoted: bool = False, trial_result: str | None = None,
         trial_decided_on: date | None = None, end_reason: str | None = None, override: str | None = None,
         id: int | None = None) -> PostFacts:
    return PostFacts(id=next(_ids) if id is None else id, staff_no=staff_no, org=org, kind=kind, rank=rank,
                     start=start, end=end, end_reason=end_reason, promoted=promoted, trial_result=trial_result,
                     trial_decided_on=trial_decided_on, override=override)


def span(start: date, last_day: date | None = None) -> WorkFacts:
    return WorkFacts(start=start, last_day=last_day)


def org(code: str = "jd", *, kind: str = "grassroots", dissolved_on: date | None = None) -> OrgFacts:
    return OrgFacts(code=code, name=f"{code}党组织", kind=kind, dissolved_on=dissolved_on)


def ledger(*, people: list[PersonFacts] | None = None, orgs: list[OrgFacts] | None = None,
           posts: list[PostFacts] | None = None, work: dict[str, list[WorkFacts]] | None = None,
           reports: dict[str, list[date]] | None = None, trainings: list[TrainingFacts] | None = None,
           targets: list[TargetFacts] | None = None, assessments: list[AssessmentFacts] | None = None,
           settings: Settings | None = None, commendations: dict[str, list[date]] | None = None,
           attendance: dict[int, list[str]] | None = None, profiles: Profiles = SHIPPED_ONLY) -> LedgerFacts:
    people = people if people is not None else [person()]
    orgs = orgs if orgs is not None else [org()]
    return LedgerFacts(
        people={p.staff_no: p for p in people},
        orgs={o.code: o for o in orgs},
        posts=posts or [],
        work=work or {},
        reports=reports or {},
        trainings=trainings or [],
        targets=targets or [],
        assessments=assessments or [],
        settings=settings or Settings(),
        commendations=commendations or {},
        attendance=attendance or {},
        profiles=profiles,
    )


def findings_of(find: object, facts: LedgerFacts, *, as_of: date, within: int = 60) -> list[Finding]:
    """What one finding function of the registry reports on ``as_of``."""
    assert callable(find)
    results: Iterable[Finding] = find(Reminder(facts, as_of, within))
    return list(results)
