"""Plain facts for rules tests: no database, just the data the regulation talks about."""

from __future__ import annotations

from datetime import date
from itertools import count

from zzy.facts import LedgerFacts, OrgFacts, PersonFacts, PostFacts, Settings, WorkFacts

_ids = count(1)


def person(staff_no: str = "T001", *, joined: date = date(2010, 1, 1), full: date | None = date(2011, 1, 1),
           in_service: bool = True, name: str = "张三") -> PersonFacts:
    return PersonFacts(staff_no, name, joined, full, in_service)


def post(staff_no: str = "T001", org: str = "jd", *, start: date, end: date | None = None, kind: str = "full",
         rank: str = "none", promoted: bool = False, trial_result: str | None = None,
         trial_decided_on: date | None = None) -> PostFacts:
    return PostFacts(next(_ids), staff_no, org, kind, rank, start, end, promoted, None, trial_result,
                     trial_decided_on)


def span(start: date, last_day: date | None = None) -> WorkFacts:
    return WorkFacts(start, last_day)


def org(code: str = "jd", *, kind: str = "grassroots", dissolved_on: date | None = None) -> OrgFacts:
    return OrgFacts(code, f"{code}党组织", kind, dissolved_on)


def ledger(*, people: list[PersonFacts] | None = None, orgs: list[OrgFacts] | None = None,
           posts: list[PostFacts] | None = None, work: dict[str, list[WorkFacts]] | None = None,
           reports: dict[str, list[date]] | None = None, trainings: list | None = None,
           targets: list | None = None, assessments: list | None = None,
           settings: Settings | None = None) -> LedgerFacts:
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
    )
