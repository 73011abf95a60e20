"""Reading the ledger into plain facts for the rules, in a few set-based queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
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


def _posts(session: Session, staff_no: dict[int, str], code: dict[int, str], where: Any) -> list[PostFacts]:
    a = Appointment
    return [
        PostFacts(pid, staff_no[person_id], code[org_id], kind, rank, _day(start), _day(end),  # type: ignore[arg-type]
                  bool(promoted), prior_rank, trial_result, _day(decided_on), override)
        for pid, person_id, org_id, kind, rank, start, end, promoted, prior_rank, trial_result, decided_on, override
        in fetch(session, select(a.id, a.person_id, a.org_id, a.kind, a.rank, _raw(a.start), _raw(a.end),
                                 a.promoted, a.prior_rank, a.trial_result, _raw(a.trial_decided_on),
                                 a.override).where(where))
    ]


def ledger_facts(session: Session, *, as_of: date | None = None, year: int | None = None,
                 posts_only: bool = False) -> LedgerFacts:
    """Everything the reminder list, the roster and the summary read: one query a table,
    rows as plain tuples through SQLAlchemy Core (no ORM objects), joined in memory.

    With ``as_of``, reports and targets are narrowed in SQL to what the rules read on that
    day: each person's last report on or before it, and the targets still open then.
    With ``year``, everything is narrowed to that year: the posts overlapping it (and the
    full-time posts before it, for tenure chains), their people, the year's reports,
    trainings, targets due and grades; no work spans.  ``posts_only`` leaves out everything but
    people, orgs and posts (the roster).
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

    if posts_only:
        return LedgerFacts(people=people, orgs=orgs, posts=_posts(session, staff_no, code, post_filter), work={},
                           reports={}, trainings=[], targets=[], assessments=[], settings=Settings())
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

    posts = _posts(session, staff_no, code, post_filter)
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


@dataclass(frozen=True)
class YearCounts:
    """What the yearly summary counts, counted in SQL."""

    organizers: int
    by_kind: dict[str, int]
    reports: int
    grades: dict[str, int]
    targets: dict[str | None, int]
    commendations: int
    orgs: list[OrgFacts]
    year_end_full_time: list[PostFacts]
    trainings: list[TrainingFacts]


def year_counts(session: Session, year: int) -> YearCounts:
    """The summary's numbers for ``year`` in a few aggregate queries (nothing loaded row by row)."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    a, r, g = Appointment, models.Report, models.Target
    overlaps = (a.start <= last) & (col(a.end).is_(None) | (a.end > first))
    held_at_end = (a.kind == "full") & (a.start <= last) & (col(a.end).is_(None) | (a.end > last))
    code = {oid: org_code for oid, org_code in fetch(session, select(Org.id, Org.code))}
    return YearCounts(
        organizers=fetch(session, select(func.count(func.distinct(a.person_id))).where(overlaps))[0][0],
        by_kind=dict(fetch(session, select(a.kind, func.count(func.distinct(a.person_id)))  # type: ignore[arg-type]
                           .where(overlaps).group_by(a.kind))),
        reports=fetch(session, select(func.count()).select_from(r).where(r.date >= first, r.date <= last))[0][0],
        grades=dict(fetch(session, select(models.Assessment.grade, func.count())  # type: ignore[arg-type]
                          .where(models.Assessment.year == year).group_by(models.Assessment.grade))),
        targets=dict(fetch(session, select(g.result, func.count())  # type: ignore[arg-type]
                           .where(g.due >= first, g.due <= last).group_by(g.result))),
        commendations=fetch(session, select(func.count()).select_from(models.Commendation).where(
            models.Commendation.date >= first, models.Commendation.date <= last))[0][0],
        orgs=[OrgFacts(org_code, name, kind, _day(dissolved_on))  # type: ignore[arg-type]
              for org_code, name, kind, dissolved_on in fetch(session, select(
                  Org.code, Org.name, Org.kind, _raw(Org.dissolved_on)))],
        year_end_full_time=[PostFacts(pid, "", code[org_id], "full", rank, _day(start), _day(end))  # type: ignore[arg-type]
                            for pid, org_id, rank, start, end in fetch(session, select(
                                a.id, a.org_id, a.rank, _raw(a.start), _raw(a.end)).where(held_at_end))],
        trainings=[TrainingFacts(tid, _day(day), title, kind, code[host])  # type: ignore[arg-type]
                   for tid, day, title, kind, host in fetch(session, select(
                       models.Training.id, _raw(models.Training.date), models.Training.title,
                       models.Training.kind, models.Training.host_id).where(
                       models.Training.date >= first, models.Training.date <= last))],
    )
