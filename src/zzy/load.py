"""Reading the ledger into plain facts for the rules, in a few set-based queries."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlmodel import Session, select

from zzy import models
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
from zzy.models import Appointment, Org, Person, WorkSpan


def person_facts(person: Person) -> PersonFacts:
    return PersonFacts(person.staff_no, person.name, person.joined, person.full, person.in_service)


def org_facts(org: Org) -> OrgFacts:
    return OrgFacts(org.code, org.name, org.kind, org.dissolved_on)


def post_facts(post: Appointment, *, staff_no: str, org_code: str) -> PostFacts:
    return PostFacts(
        id=post.id or 0,
        staff_no=staff_no,
        org=org_code,
        kind=post.kind,
        rank=post.rank,
        start=post.start,
        end=post.end,
        promoted=post.promoted,
        prior_rank=post.prior_rank,
        trial_result=post.trial_result,
        trial_decided_on=post.trial_decided_on,
        override=post.override,
    )


def work_of(session: Session, person: Person) -> list[WorkFacts]:
    """One person's 党务工作经历."""
    spans = session.exec(select(WorkSpan).where(WorkSpan.person_id == person.id))
    return [WorkFacts(span.start, span.end) for span in spans]


def posts_of(session: Session, person: Person) -> list[PostFacts]:
    """One person's posts, past and present."""
    rows = session.exec(
        select(Appointment, Org.code)
        .join(Org, Org.id == Appointment.org_id)
        .where(Appointment.person_id == person.id)
    )
    return [post_facts(post, staff_no=person.staff_no, org_code=code) for post, code in rows]


def settings(session: Session) -> Settings:
    """config, with defaults for what the clerk has not set."""
    stored = {s.key: s.value for s in session.exec(select(models.Setting))}
    defaults = Settings()
    return Settings(
        report_interval_months=int(stored.get("report_interval_months", defaults.report_interval_months)),
        remind_within_days=int(stored.get("remind_within_days", defaults.remind_within_days)),
    )


def ledger_facts(session: Session) -> LedgerFacts:
    """Everything the reminder list and the roster read."""
    people_by_id = {p.id: p for p in session.exec(select(Person))}
    orgs_by_id = {o.id: o for o in session.exec(select(Org))}
    staff_no = {pid: p.staff_no for pid, p in people_by_id.items()}
    code = {oid: o.code for oid, o in orgs_by_id.items()}

    work: dict[str, list[WorkFacts]] = defaultdict(list)
    for span in session.exec(select(WorkSpan)):
        work[staff_no[span.person_id]].append(WorkFacts(span.start, span.end))

    reports: dict[str, list[date]] = defaultdict(list)
    for report in session.exec(select(models.Report)):
        reports[staff_no[report.person_id]].append(report.date)

    return LedgerFacts(
        people={p.staff_no: person_facts(p) for p in people_by_id.values()},
        orgs={o.code: org_facts(o) for o in orgs_by_id.values()},
        posts=[
            post_facts(a, staff_no=staff_no[a.person_id], org_code=code[a.org_id])
            for a in session.exec(select(Appointment))
        ],
        work=dict(work),
        reports=dict(reports),
        trainings=[
            TrainingFacts(t.id or 0, t.date, t.title, t.kind, code[t.host_id])
            for t in session.exec(select(models.Training))
        ],
        targets=[
            TargetFacts(t.id or 0, staff_no[t.person_id], t.title, t.due, t.result, t.assessed_on)
            for t in session.exec(select(models.Target))
        ],
        assessments=_assessments(session, staff_no),
        settings=settings(session),
    )


def _assessments(session: Session, staff_no: dict[int | None, str]) -> list[AssessmentFacts]:
    return [
        AssessmentFacts(staff_no[a.person_id], a.year, a.grade)
        for a in session.exec(select(models.Assessment))
    ]
