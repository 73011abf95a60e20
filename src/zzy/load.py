"""Reading the ledger into plain facts for the rules, in a few set-based queries."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import String, func, true, type_coerce
from sqlmodel import Session, col, select

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


def _day(value: date | str | None) -> date | None:
    """A date column read without SQLAlchemy's per-row processing (ISO text in SQLite,
    a date already in PostgreSQL)."""
    return _from_iso(value) if value.__class__ is str else value  # type: ignore[arg-type,return-value]


_from_iso = date.fromisoformat


def _raw(column: Any) -> Any:
    """Read a date column as stored; :func:`_day` turns it into a date in C, not Python."""
    return type_coerce(column, String)


def fetch(session: Session, statement: Any) -> list[tuple[Any, ...]]:
    """Rows of a SQLAlchemy Core statement as plain tuples, straight from the driver's cursor.

    The SQL is SQLAlchemy's; only the result rows skip its per-row objects, which at a
    hundred thousand rows cost more than the query itself.
    """
    connection = session.connection()
    compiled = statement.compile(dialect=connection.dialect)
    params = compiled.construct_params()
    bound: Any = tuple(params[name] for name in compiled.positiontup or ()) if compiled.positional else params
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(str(compiled), bound)
        return cursor.fetchall()
    finally:
        cursor.close()


def ledger_facts(session: Session, *, as_of: date | None = None, year: int | None = None) -> LedgerFacts:
    """Everything the reminder list, the roster and the summary read: one query a table,
    rows as plain tuples through SQLAlchemy Core (no ORM objects), joined in memory.

    With ``as_of``, reports and targets are narrowed in SQL to what the rules read on that
    day: each person's last report on or before it, and the targets still open then.
    With ``year``, everything is narrowed to that year: the posts overlapping it (and the
    full-time posts before it, for tenure chains), their people, the year's reports,
    trainings, targets due and grades; no work spans.
    """
    a = Appointment
    post_filter: Any = true()
    person_filter: Any = true()
    if year is not None:
        first, last = date(year, 1, 1), date(year, 12, 31)
        overlaps = (a.start <= last) & (col(a.end).is_(None) | (a.end > first))
        post_filter = overlaps | ((a.kind == "full") & (a.start <= last))
        person_filter = col(Person.id).in_(select(a.person_id).where(post_filter))
    staff_no: dict[int, str] = {}
    people = {}
    for pid, number, name, joined, full, in_service in fetch(session, select(
            Person.id, Person.staff_no, Person.name, _raw(Person.joined), _raw(Person.full),
            Person.in_service).where(person_filter)):
        staff_no[pid] = number
        people[number] = PersonFacts(number, name, _day(joined), _day(full), bool(in_service))
    code: dict[int, str] = {}
    orgs = {}
    for oid, org_code, name, kind, dissolved_on in fetch(session, select(
            Org.id, Org.code, Org.name, Org.kind, _raw(Org.dissolved_on))):
        code[oid] = org_code
        orgs[org_code] = OrgFacts(org_code, name, kind, _day(dissolved_on))

    work: dict[str, list[WorkFacts]] = defaultdict(list)
    if year is None:  # only people in section-level posts need their work spans (art. 12(4))
        section_level = col(WorkSpan.person_id).in_(select(a.person_id).where(a.rank != "none"))
        for person_id, start, end in fetch(session, select(WorkSpan.person_id, _raw(WorkSpan.start),
                                                           _raw(WorkSpan.end)).where(section_level)):
            work[staff_no[person_id]].append(WorkFacts(_day(start), _day(end)))  # type: ignore[arg-type]

    r, t, g, grade = models.Report, models.Training, models.Target, models.Assessment
    report_query = select(r.person_id, _raw(r.date)).where(col(r.person_id).in_(select(Person.id).where(person_filter)))
    training_query = select(t.id, _raw(t.date), t.title, t.kind, t.host_id)
    target_query = select(g.id, g.person_id, g.title, _raw(g.due), g.result, _raw(g.assessed_on))
    grade_query = select(grade.person_id, grade.year, grade.grade)
    if as_of is not None:
        report_query = select(r.person_id, _raw(func.max(r.date))).where(r.date <= as_of).group_by(r.person_id)
        target_query = target_query.where(col(g.result).is_(None) | (col(g.assessed_on) > as_of))
        latest = (select(grade.person_id, func.max(grade.year).label("year"))
                  .where(grade.year <= as_of.year).group_by(grade.person_id).subquery())
        grade_query = grade_query.join(latest, (latest.c.person_id == grade.person_id)
                                       & (latest.c.year == grade.year))
    if year is not None:
        report_query = report_query.where(r.date >= first, r.date <= last)
        training_query = training_query.where(t.date >= first, t.date <= last)
        target_query = target_query.where(g.due >= first, g.due <= last,
                                          col(g.person_id).in_(select(Person.id).where(person_filter)))
        grade_query = grade_query.where(grade.year == year,
                                        col(grade.person_id).in_(select(Person.id).where(person_filter)))
    reports: dict[str, list[date]] = defaultdict(list)
    for person_id, day in fetch(session, report_query):
        reports[staff_no[person_id]].append(_day(day))  # type: ignore[arg-type]

    posts = [
        PostFacts(pid, staff_no[person_id], code[org_id], kind, rank, _day(start), _day(end),  # type: ignore[arg-type]
                  bool(promoted), prior_rank, trial_result, _day(decided_on), override)
        for pid, person_id, org_id, kind, rank, start, end, promoted, prior_rank, trial_result, decided_on, override
        in fetch(session, select(a.id, a.person_id, a.org_id, a.kind, a.rank, _raw(a.start), _raw(a.end), a.promoted,
                      a.prior_rank, a.trial_result, _raw(a.trial_decided_on), a.override).where(post_filter))
    ]
    return LedgerFacts(
        people=people,
        orgs=orgs,
        posts=posts,
        work=dict(work),
        reports=dict(reports),
        trainings=[TrainingFacts(tid, _day(day), title, kind, code[host])  # type: ignore[arg-type]
                   for tid, day, title, kind, host in fetch(session, training_query)],
        targets=[TargetFacts(tid, staff_no[person_id], title, _day(due), result, _day(assessed_on))  # type: ignore[arg-type]
                 for tid, person_id, title, due, result, assessed_on in fetch(session, target_query)],
        assessments=[AssessmentFacts(staff_no[person_id], graded_year, grade_key)
                     for person_id, graded_year, grade_key in fetch(session, grade_query)],
        settings=settings(session),
    )
