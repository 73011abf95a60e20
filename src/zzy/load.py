"""Reading the ledger into plain facts for the rules, in a few set-based queries.

One query a table, rows as tuples through :class:`zzy.reader.Reader`, joined in memory by id;
the narrowing a report allows (a day, a year) is done in SQL, on indexed columns.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

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
from zzy.reader import Reader, day
from zzy.rules import UNFIT_GRADE

_POST = ('a.id, a.person_id, a.org_id, a.kind, a.rank, a.start, a."end", a.promoted, a.prior_rank, '
         "a.trial_result, a.trial_decided_on, a.override")


def _posts(reader: Reader, staff_no: dict[int, str], code: dict[int, str], where: str,
           params: tuple[Any, ...]) -> list[PostFacts]:
    date_of = reader.date_of
    return [
        PostFacts(pid, staff_no[person_id], code[org_id], kind, rank, date_of(start), day(end),
                  bool(promoted), prior_rank, trial_result, day(decided_on), override)
        for pid, person_id, org_id, kind, rank, start, end, promoted, prior_rank, trial_result, decided_on, override
        in reader.rows(f"SELECT {_POST} FROM appointment a WHERE {where}", *params)
    ]


def _org_codes(reader: Reader) -> tuple[dict[int, str], dict[str, OrgFacts]]:
    code: dict[int, str] = {}
    orgs = {}
    for oid, org_code, name, kind, dissolved_on in reader.rows(
            "SELECT id, code, name, kind, dissolved_on FROM org"):
        code[oid] = org_code
        orgs[org_code] = OrgFacts(org_code, name, kind, day(dissolved_on))
    return code, orgs


def settings(reader: Reader) -> Settings:
    """config, with defaults for what the clerk has not set."""
    stored = dict(reader.rows('SELECT "key", value FROM setting'))
    defaults = Settings()
    return Settings(
        report_interval_months=int(stored.get("report_interval_months", defaults.report_interval_months)),
        remind_within_days=int(stored.get("remind_within_days", defaults.remind_within_days)),
    )


def person_id(reader: Reader, staff_no: str) -> int:
    """The ledger's number for the person with this 工号, or the refusal that says how to find one."""
    from zzy.lookup import person_missing

    found = reader.value("SELECT id FROM person WHERE staff_no = ?", staff_no)
    if found is None:
        raise person_missing(staff_no)
    return found


def person_facts(reader: Reader, staff_no: str) -> tuple[PersonFacts, list[PostFacts], list[WorkFacts]]:
    """One person, their posts past and present, and their 党务工作经历 (for ``check``)."""
    pid = person_id(reader, staff_no)
    name, joined, full, in_service = reader.first(
        'SELECT name, joined, "full", in_service FROM person WHERE id = ?', pid) or ()
    code, _ = _org_codes(reader)
    posts = _posts(reader, {pid: staff_no}, code, "a.person_id = ?", (pid,))
    work = [WorkFacts(day(start), day(end))  # type: ignore[arg-type]
            for start, end in reader.rows('SELECT start, "end" FROM work_span WHERE person_id = ?', pid)]
    return PersonFacts(staff_no, name, day(joined), day(full), bool(in_service)), posts, work  # type: ignore[arg-type]


def ledger_facts(reader: Reader, *, as_of: date | None = None, year: int | None = None,
                 posts_only: bool = False, staff_no_only: str | None = None) -> LedgerFacts:
    """Everything the reminder list, the roster and the summary read.

    With ``as_of``, reports and targets are narrowed in SQL to what the rules read on that
    day: each person's last report on or before it, the targets still open then, the latest
    grades that are 不称职.  With ``year``, everything is narrowed to that year: the posts
    overlapping it (and the full-time posts before it, for tenure chains), their people, the
    year's reports, trainings, targets due and grades; no work spans.  ``posts_only`` leaves
    out everything but people, orgs and posts (the roster).  ``staff_no_only`` reads one
    person's records (and every org, for names): all that person's findings need.
    """
    if as_of is not None and year is not None:
        raise ValueError("ledger_facts reads as of a day or for a year, not both")
    post_filter, post_params = "1 = 1", ()
    person_filter, person_params = "1 = 1", ()
    only = _of_person(None)
    if staff_no_only is not None:
        pid = person_id(reader, staff_no_only)
        only = _of_person(pid)
        person_filter, person_params = "id = ?", (pid,)
        post_filter, post_params = "a.person_id = ?", (pid,)
    if year is not None:
        if staff_no_only is not None:
            raise ValueError("ledger_facts reads one person as of a day, not for a year")
        first, last = date(year, 1, 1), date(year, 12, 31)
        post_filter = ('(a.start <= ? AND (a."end" IS NULL OR a."end" > ?)) '
                       "OR (a.kind = 'full' AND a.start <= ?)")
        post_params = (last, first, last)
        person_filter = f"id IN (SELECT a.person_id FROM appointment a WHERE {post_filter})"
        person_params = post_params
    date_of = reader.date_of
    staff_no: dict[int, str] = {}
    people = {}
    for pid, number, name, joined, full, in_service in reader.rows(
            f'SELECT id, staff_no, name, joined, "full", in_service FROM person WHERE {person_filter}',
            *person_params):
        staff_no[pid] = number
        people[number] = PersonFacts(number, name, date_of(joined), day(full), bool(in_service))
    code, orgs = _org_codes(reader)
    posts = _posts(reader, staff_no, code, post_filter, post_params)
    if posts_only:
        return LedgerFacts(people=people, orgs=orgs, posts=posts, work={}, reports={}, trainings=[], targets=[],
                           assessments=[], settings=Settings())

    work: dict[str, list[WorkFacts]] = defaultdict(list)
    if year is None:  # only people in section-level posts need their work spans (art. 12(4))
        for pid, start, end in reader.rows(
                'SELECT person_id, start, "end" FROM work_span '
                f"WHERE person_id IN (SELECT person_id FROM appointment WHERE rank != 'none') AND {only[0]}",
                *only[1]):
            work[staff_no[pid]].append(WorkFacts(day(start), day(end)))  # type: ignore[arg-type]

    reports: dict[str, list[date]] = defaultdict(list)
    for pid, reported in _report_rows(reader, as_of=as_of, year=year, only=only):
        if pid in staff_no:
            reports[staff_no[pid]].append(date_of(reported))
    trainings = [TrainingFacts(tid, day(held), title, kind, code[host])  # type: ignore[arg-type]
                 for tid, held, title, kind, host in _training_rows(reader, year=year)]
    targets = [TargetFacts(tid, staff_no[pid], title, date_of(due), result, day(assessed_on))
               for tid, pid, title, due, result, assessed_on in _target_rows(reader, as_of=as_of, year=year, only=only)
               if pid in staff_no]
    assessments = [AssessmentFacts(staff_no[pid], graded_year, grade)
                   for pid, graded_year, grade in _grade_rows(reader, as_of=as_of, year=year, only=only) if pid in staff_no]
    return LedgerFacts(people=people, orgs=orgs, posts=posts, work=dict(work), reports=dict(reports),
                       trainings=trainings, targets=targets, assessments=assessments, settings=settings(reader))


#: A condition on ``person_id`` and its parameters: one person, or everyone.
_Only = tuple[str, tuple[Any, ...]]


def _of_person(pid: int | None) -> _Only:
    return ("person_id = ?", (pid,)) if pid is not None else ("1 = 1", ())


def _report_rows(reader: Reader, *, as_of: date | None, year: int | None, only: _Only) -> list[tuple[Any, ...]]:
    """Each person's last report on or before ``as_of``; else every report (of ``year``)."""
    mine, params = only
    if as_of is not None:
        return reader.rows(f"SELECT person_id, MAX(date) FROM report WHERE date <= ? AND {mine} GROUP BY person_id",
                           as_of, *params)
    if year is not None:
        return reader.rows("SELECT person_id, date FROM report WHERE date BETWEEN ? AND ?",
                           date(year, 1, 1), date(year, 12, 31))
    return reader.rows(f"SELECT person_id, date FROM report WHERE {mine}", *params)


def _training_rows(reader: Reader, *, year: int | None) -> list[tuple[Any, ...]]:
    if year is not None:
        return reader.rows("SELECT id, date, title, kind, host_id FROM training WHERE date BETWEEN ? AND ?",
                           date(year, 1, 1), date(year, 12, 31))
    return reader.rows("SELECT id, date, title, kind, host_id FROM training")


def _target_rows(reader: Reader, *, as_of: date | None, year: int | None, only: _Only) -> list[tuple[Any, ...]]:
    """Targets still open on ``as_of``; else every target (due in ``year``)."""
    columns = "SELECT id, person_id, title, due, result, assessed_on FROM target"
    mine, params = only
    if as_of is not None:
        return reader.rows(f"{columns} WHERE (result IS NULL OR assessed_on > ?) AND {mine}", as_of, *params)
    if year is not None:
        return reader.rows(f"{columns} WHERE due BETWEEN ? AND ?", date(year, 1, 1), date(year, 12, 31))
    return reader.rows(f"{columns} WHERE {mine}", *params)


def _grade_rows(reader: Reader, *, as_of: date | None, year: int | None, only: _Only) -> list[tuple[Any, ...]]:
    """The latest grades up to ``as_of``'s year that are 不称职 (all a reminder reads, art. 17);
    else every grade (of ``year``)."""
    mine, params = only
    if as_of is not None:
        return reader.rows(
            "SELECT g.person_id, g.year, g.grade FROM assessment g JOIN "
            f"(SELECT person_id, MAX(year) AS year FROM assessment WHERE year <= ? AND {mine} GROUP BY person_id) "
            "latest ON latest.person_id = g.person_id AND latest.year = g.year WHERE g.grade = ?",
            as_of.year, *params, UNFIT_GRADE)
    if year is not None:
        return reader.rows("SELECT person_id, year, grade FROM assessment WHERE year = ?", year)
    return reader.rows(f"SELECT person_id, year, grade FROM assessment WHERE {mine}", *params)


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


def year_counts(reader: Reader, year: int) -> YearCounts:
    """The summary's numbers for ``year`` in a few aggregate queries (nothing loaded row by row)."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    overlaps = 'start <= ? AND ("end" IS NULL OR "end" > ?)'
    code, orgs = _org_codes(reader)
    held_at_end = "a.kind = 'full' AND a.start <= ? AND (a.\"end\" IS NULL OR a.\"end\" > ?)"
    return YearCounts(
        organizers=reader.value(f"SELECT COUNT(DISTINCT person_id) FROM appointment WHERE {overlaps}", last, first),
        by_kind=dict(reader.rows(  # type: ignore[arg-type]
            f"SELECT kind, COUNT(DISTINCT person_id) FROM appointment WHERE {overlaps} GROUP BY kind", last, first)),
        reports=reader.value("SELECT COUNT(*) FROM report WHERE date BETWEEN ? AND ?", first, last),
        grades=dict(reader.rows(  # type: ignore[arg-type]
            "SELECT grade, COUNT(*) FROM assessment WHERE year = ? GROUP BY grade", year)),
        targets=dict(reader.rows(  # type: ignore[arg-type]
            "SELECT result, COUNT(*) FROM target WHERE due BETWEEN ? AND ? GROUP BY result", first, last)),
        commendations=reader.value("SELECT COUNT(*) FROM commendation WHERE date BETWEEN ? AND ?", first, last),
        orgs=list(orgs.values()),
        year_end_full_time=[
            PostFacts(pid, "", code[org_id], "full", rank, day(start), day(end))  # type: ignore[arg-type]
            for pid, org_id, rank, start, end in reader.rows(
                f'SELECT a.id, a.org_id, a.rank, a.start, a."end" FROM appointment a WHERE {held_at_end}',
                last, last)],
        trainings=[TrainingFacts(tid, day(held), title, kind, code[host])  # type: ignore[arg-type]
                   for tid, held, title, kind, host in _training_rows(reader, year=year)],
    )
