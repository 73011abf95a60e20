"""Reading the ledger into plain facts for the rules: one named loader for each kind of report.

=====================  =======================================================  ============
loader                 reads                                                    for
=====================  =======================================================  ============
:func:`ledger_facts`   every record                                             ``doctor``, ``restore``
:func:`facts_on`       every record as a day sees it                            ``remind``
:func:`person_facts_on` one person's records as a day sees them, every org      ``person show``
:func:`person_record`  one person, their posts and party-work spans             ``check``
:func:`roster_facts`   the posts of a year (and the full-time posts before it),  ``roster``
                       their people and every org
:func:`year_counts`    the year's figures, counted in SQL                       ``summary``
=====================  =======================================================  ============

One query a table, rows as tuples through :class:`zzy.reader.Reader`, joined in memory by id;
table and column names from :mod:`zzy.schema`; facts built by field name.  "As a day sees it"
narrows, in SQL on indexed columns, to what the reminder list's rules read on that day, each
narrowing named beside the rule it serves (``tests/test_art15_reports.py`` holds a day's
findings equal to those over every record).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple, get_type_hints

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
from zzy.lookup import resolve_person
from zzy.profile import Profiles
from zzy.reader import Reader, day
from zzy.rules.art15_18_duties import GRADES_REMINDED
from zzy.schema import (
    APPOINTMENT,
    ASSESSMENT,
    ATTENDANCE,
    COMMENDATION,
    ORG,
    PERSON,
    REPORT,
    RESUME,
    RULES_PROFILE,
    SETTING,
    TARGET,
    TRAINING,
    WORK_SPAN,
    Table,
)
from zzy.settings import KIND_WITHIN


class _Scope(NamedTuple):
    """Whose records to read: one person (by id), or everyone."""

    pid: int | None = None

    @property
    def params(self) -> tuple[Any, ...]:
        return () if self.pid is None else (self.pid,)

    def of(self, table: Table, column: str = "person_id") -> str:
        """The condition on ``table``'s person column (``id`` for the person table itself)."""
        return "1 = 1" if self.pid is None else f"{table.c(column)} = ?"


_EVERYONE = _Scope()


# -- the tables, column by column into facts --------------------------------------------------------


def _built(reader: Reader, kind: Any, columns: list[Sequence[Any]],
           **read: Callable[[Sequence[Any]], Iterable[Any]]) -> list[Any]:
    """Facts of ``kind`` from the ``columns`` of the rows selected for them, one column a field in the
    order of its fields: dates and flags read as the declared type says, ``read`` the others that are not
    their column's value (a 工号 from a person's number).  A column at a time, not a value at a time: a
    hundred thousand people are built in a quarter less time, and the server's typed values not touched."""
    hints = get_type_hints(kind)
    by_type: dict[Any, Callable[[Sequence[Any]], Iterable[Any]]] = {
        date: reader.dates, date | None: reader.maybe_dates, bool: reader.flags}
    values: list[Iterable[Any]] = list(columns)
    for index, field in enumerate(kind._fields):
        convert = read.get(field) or by_type.get(hints[field])
        if convert is not None:
            values[index] = convert(columns[index])
    return list(map(kind._make, zip(*values, strict=True)))


def _columns(rows: list[tuple[Any, ...]], width: int) -> list[Sequence[Any]]:
    """Rows as columns (``width`` empty columns when there are no rows)."""
    return list(zip(*rows, strict=True)) if rows else [()] * width


def _people(reader: Reader, where: str, params: tuple[Any, ...]) -> tuple[dict[int, str], dict[str, PersonFacts]]:
    """工号 by id, and the people by 工号: every field of :class:`PersonFacts` from its column of the same name."""
    fields = PersonFacts._fields
    ids, *columns = _columns(
        reader.rows(f"SELECT {PERSON.cols('id', *fields)} FROM {PERSON} WHERE {where}", *params), 1 + len(fields))
    staff_nos = columns[fields.index("staff_no")]
    return dict(zip(ids, staff_nos, strict=True)), dict(zip(staff_nos, _built(reader, PersonFacts, columns),
                                                            strict=True))


def _orgs(reader: Reader) -> tuple[dict[int, str], dict[str, OrgFacts]]:
    """Org codes by id, and the orgs by code."""
    codes: dict[int, str] = {}
    orgs: dict[str, OrgFacts] = {}
    for oid, code, name, kind, dissolved_on in reader.rows(
            f"SELECT {ORG.cols('id', 'code', 'name', 'kind', 'dissolved_on')} FROM {ORG}"):
        codes[oid] = code
        orgs[code] = OrgFacts(code=code, name=name, kind=kind, dissolved_on=day(dissolved_on))
    return codes, orgs


_A = APPOINTMENT.as_("a")


def _posts(reader: Reader, staff_nos: dict[int, str], codes: dict[int, str], where: str,
           params: tuple[Any, ...]) -> list[PostFacts]:
    """Every field of :class:`PostFacts` from its column of the same name; the 工号 and org code from the
    person's and org's numbers."""
    columns = {field: field for field in PostFacts._fields} | {"staff_no": "person_id", "org": "org_id"}
    rows = reader.rows(f"SELECT {_A.cols(*columns.values())} FROM {_A} WHERE {where}", *params)
    return _built(reader, PostFacts, _columns(rows, len(columns)),
                  staff_no=lambda ids: map(staff_nos.__getitem__, ids), org=lambda ids: map(codes.__getitem__, ids))


def _work(reader: Reader, staff_nos: dict[int, str], scope: _Scope, *,
          ranks_only: Profiles | None = None) -> dict[str, list[WorkFacts]]:
    """Party-work spans; with ``ranks_only``, only of people who hold or held a post of a rank some version of
    the rules profile asks party work for (the section-level ranks, for this college)."""
    work: dict[str, list[WorkFacts]] = defaultdict(list)
    date_of = reader.date_of
    where, params = scope.of(WORK_SPAN), scope.params
    if ranks_only is not None:
        asked = sorted({rank for version in ranks_only.every() if version.party_work.years
                        for rank in version.party_work.ranks})
        ranks = ", ".join("?" for _ in asked) or "NULL"
        where += (f" AND {WORK_SPAN.c('person_id')} IN (SELECT {APPOINTMENT.c('person_id')} FROM {APPOINTMENT} "
                  f"WHERE {APPOINTMENT.c('rank')} IN ({ranks}))")
        params = (*params, *asked)
    for pid, start, end in reader.rows(
            f"SELECT {WORK_SPAN.cols('person_id', 'start', 'end')} FROM {WORK_SPAN} WHERE {where}", *params):
        if pid in staff_nos:
            work[staff_nos[pid]].append(WorkFacts(start=date_of(start), last_day=day(end)))
    return dict(work)


def _days_by_person(reader: Reader, staff_nos: dict[int, str], rows: list[tuple[Any, ...]]) -> dict[str, list[date]]:
    """Each person's days (of reports, of commendations) from rows of (person number, day)."""
    days: dict[str, list[date]] = defaultdict(list)
    for pid, value in rows:
        if pid in staff_nos:
            days[staff_nos[pid]].append(reader.date_of(value))
    return dict(days)


def _attendance(reader: Reader, staff_nos: dict[int, str]) -> dict[int, list[str]]:
    """Who attended each training (by its number), by 工号."""
    attendance: dict[int, list[str]] = defaultdict(list)
    for tid, pid in reader.rows(f"SELECT {ATTENDANCE.cols('training_id', 'person_id')} FROM {ATTENDANCE}"):
        attendance[tid].append(staff_nos[pid])
    return dict(attendance)


def _trainings(reader: Reader, codes: dict[int, str], where: str = "1 = 1",
               params: tuple[Any, ...] = ()) -> list[TrainingFacts]:
    return [TrainingFacts(id=tid, date=reader.date_of(held), title=title, kind=kind, host=codes[host])
            for tid, held, title, kind, host in reader.rows(
                f"SELECT {TRAINING.cols('id', 'date', 'title', 'kind', 'host_id')} FROM {TRAINING} WHERE {where}",
                *params)]


def _targets(reader: Reader, staff_nos: dict[int, str], where: str, params: tuple[Any, ...]) -> list[TargetFacts]:
    return [TargetFacts(id=tid, staff_no=staff_nos[pid], title=title, due=reader.date_of(due), result=result,
                        assessed_on=day(assessed_on))
            for tid, pid, title, due, result, assessed_on in reader.rows(
                f"SELECT {TARGET.cols('id', 'person_id', 'title', 'due', 'result', 'assessed_on')} FROM {TARGET} "
                f"WHERE {where}", *params)
            if pid in staff_nos]


def _assessments(reader: Reader, staff_nos: dict[int, str], rows: list[tuple[Any, ...]]) -> list[AssessmentFacts]:
    return [AssessmentFacts(staff_no=staff_nos[pid], year=year, grade=grade)
            for pid, year, grade in rows if pid in staff_nos]


def settings(reader: Reader) -> Settings:
    """config, with defaults for what the clerk has not set."""
    stored = dict(reader.rows(f"SELECT {SETTING.cols('key', 'value')} FROM {SETTING}"))
    defaults = Settings()
    return Settings(
        report_interval_months=int(stored.get("report_interval_months", defaults.report_interval_months)),
        remind_within_days=int(stored.get("remind_within_days", defaults.remind_within_days)),
        remind_within_days_of=tuple(sorted((key.removeprefix(KIND_WITHIN), int(value)) for key, value in stored.items()
                                           if key.startswith(KIND_WITHIN))),
    )



def profiles(reader: Reader) -> Profiles:
    """The versions of the rules profile the ledger adopted (SPEC section 12); none: the shipped one decides."""
    return Profiles.of((reader.date_of(since), document) for since, document in reader.rows(
        f"SELECT {RULES_PROFILE.cols('from_day', 'document')} FROM {RULES_PROFILE}"))


def person_id(reader: Reader, staff_no: str) -> int:
    """The ledger's number for the person with this 工号 (or this name, when one person has it:
    :func:`zzy.lookup.resolve_person`), or the refusal that says how to find one."""
    return resolve_person(reader.rows, staff_no)[0]


def person_key(reader: Reader, staff_no: str) -> tuple[int, str]:
    """The ledger's number and the 工号 of the person a command names by 工号 or name."""
    return resolve_person(reader.rows, staff_no)


# -- the loaders --------------------------------------------------------------------------------


def ledger_facts(reader: Reader) -> LedgerFacts:
    """Every record of the ledger (``doctor``; ``restore`` runs the same rules over a document)."""
    staff_nos, people = _people(reader, "1 = 1", ())
    codes, orgs = _orgs(reader)
    return LedgerFacts(
        people=people, orgs=orgs, posts=_posts(reader, staff_nos, codes, "1 = 1", ()),
        work=_work(reader, staff_nos, _EVERYONE),
        reports=_days_by_person(reader, staff_nos, reader.rows(
            f"SELECT {REPORT.cols('person_id', 'date')} FROM {REPORT} WHERE {REPORT.c('special')} = ?", False)),
        trainings=_trainings(reader, codes),
        targets=_targets(reader, staff_nos, "1 = 1", ()),
        assessments=_assessments(reader, staff_nos, reader.rows(
            f"SELECT {ASSESSMENT.cols('person_id', 'year', 'grade')} FROM {ASSESSMENT}")),
        settings=settings(reader),
        commendations=_days_by_person(reader, staff_nos, reader.rows(
            f"SELECT {COMMENDATION.cols('person_id', 'date')} FROM {COMMENDATION}")),
        attendance=_attendance(reader, staff_nos),
        special_reports=_days_by_person(reader, staff_nos, reader.rows(
            f"SELECT {REPORT.cols('person_id', 'date')} FROM {REPORT} WHERE {REPORT.c('special')} = ?", True)),
        profiles=profiles(reader),
        resume=_resume(reader, staff_nos),
    )


def _resume(reader: Reader, staff_nos: dict[int, str]) -> dict[str, list[WorkFacts]]:
    """Each person's 简历 periods (``doctor``: their dates are checked as ``resume add`` checks them)."""
    periods: dict[str, list[WorkFacts]] = defaultdict(list)
    for pid, start, end in reader.rows(f"SELECT {RESUME.cols('person_id', 'start', 'end')} FROM {RESUME}"):
        if pid in staff_nos:
            periods[staff_nos[pid]].append(WorkFacts(start=reader.date_of(start), last_day=day(end)))
    return dict(periods)


def facts_on(reader: Reader, as_of: date) -> LedgerFacts:
    """Every record as ``as_of`` sees it, for the reminder list."""
    return _as_of(reader, as_of, _EVERYONE)


def person_facts_on(reader: Reader, staff_no: str, as_of: date) -> LedgerFacts:
    """One person's records as ``as_of`` sees them (and every org, for names): all their findings need."""
    return _as_of(reader, as_of, _Scope(person_id(reader, staff_no)))


def _as_of(reader: Reader, as_of: date, scope: _Scope) -> LedgerFacts:
    """The narrowings by day, each what its rule reads:

    - reports: each person's latest regular one (定期汇报) on or before the day (第十五条, ``rules.report_due_on``;
      a special report does not reset the interval);
    - targets: those still open on the day (第十六条, ``rules.target_open_on``);
    - assessments: each person's latest of a year up to the day's (第十七条, ``rules.latest_grades``), when it
      is a grade a rule reminds of (``rules.GRADES_REMINDED``);
    - party-work spans: only of people who hold or held a section-level post, the only ones 第十二条(四)
      reads them for (the rules profile's ``party_work.ranks``).
    """
    adopted = profiles(reader)
    staff_nos, people = _people(reader, scope.of(PERSON, "id"), scope.params)
    codes, orgs = _orgs(reader)
    params = scope.params
    r, g, t = REPORT, ASSESSMENT.as_("g"), TARGET
    latest_reports = reader.rows(
        f"SELECT {r.c('person_id')}, MAX({r.c('date')}) FROM {r} WHERE {r.c('date')} <= ? AND {r.c('special')} = ? "
        f"AND {scope.of(r)} GROUP BY {r.c('person_id')}", as_of, False, *params)
    latest_grades = reader.rows(
        f"SELECT {g.cols('person_id', 'year', 'grade')} FROM {g} JOIN "
        f"(SELECT {ASSESSMENT.c('person_id')} AS person_id, MAX({ASSESSMENT.c('year')}) AS year FROM {ASSESSMENT} "
        f"WHERE {ASSESSMENT.c('year')} <= ? AND {scope.of(ASSESSMENT)} GROUP BY {ASSESSMENT.c('person_id')}) latest "
        f"ON latest.person_id = {g.c('person_id')} AND latest.year = {g.c('year')} "
        f"WHERE {g.c('grade')} IN ({', '.join('?' for _ in GRADES_REMINDED)})", as_of.year, *params, *GRADES_REMINDED)
    return LedgerFacts(
        people=people, orgs=orgs,
        posts=_posts(reader, staff_nos, codes, scope.of(_A), params),
        work=_work(reader, staff_nos, scope, ranks_only=adopted),
        reports=_days_by_person(reader, staff_nos, latest_reports),
        trainings=_trainings(reader, codes),
        targets=_targets(reader, staff_nos, f"({t.c('result')} IS NULL OR {t.c('assessed_on')} > ?) AND {scope.of(t)}",
                         (as_of, *params)),
        assessments=_assessments(reader, staff_nos, latest_grades),
        settings=settings(reader),
        profiles=adopted,
    )


def org_facts_on(reader: Reader, code: str, as_of: date) -> LedgerFacts:
    """The posts at one org and their holders, and every org: what its staffing findings (第十条) read,
    for the notices of a write that touched it."""
    codes, orgs = _orgs(reader)
    oid = next((number for number, org_code in codes.items() if org_code == code), None)
    at_org = f"{_A.c('org_id')} = ?"
    staff_nos, people = _people(
        reader, f"{PERSON.c('id')} IN (SELECT {_A.c('person_id')} FROM {_A} WHERE {at_org})", (oid,))
    return LedgerFacts(people=people, orgs=orgs, posts=_posts(reader, staff_nos, codes, at_org, (oid,)),
                       work={}, reports={}, trainings=[], targets=[], assessments=[], settings=settings(reader),
                       profiles=profiles(reader))


def person_record(reader: Reader, staff_no: str) -> tuple[PersonFacts, list[PostFacts], list[WorkFacts]]:
    """One person, their posts past and present, and their 党务工作经历 (for ``check``)."""
    pid, staff_no = person_key(reader, staff_no)
    scope = _Scope(pid)
    staff_nos, people = _people(reader, scope.of(PERSON, "id"), scope.params)
    codes, _ = _orgs(reader)
    posts = _posts(reader, staff_nos, codes, scope.of(_A), scope.params)
    return people[staff_no], posts, _work(reader, staff_nos, scope).get(staff_no, [])


def roster_facts(reader: Reader, year: int) -> LedgerFacts:
    """The posts overlapping ``year`` and the full-time posts begun by its end (for tenure chains),
    their people and every org; nothing else (the roster reads no more)."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    posts_of_year = (f"({_A.c('start')} <= ? AND ({_A.c('end')} IS NULL OR {_A.c('end')} > ?)) "
                     f"OR ({_A.c('kind')} = 'full' AND {_A.c('start')} <= ?)")
    params = (last, first, last)
    staff_nos, people = _people(
        reader, f"{PERSON.c('id')} IN (SELECT {_A.c('person_id')} FROM {_A} WHERE {posts_of_year})", params)
    codes, orgs = _orgs(reader)
    return LedgerFacts(people=people, orgs=orgs, posts=_posts(reader, staff_nos, codes, posts_of_year, params),
                       work={}, reports={}, trainings=[], targets=[], assessments=[], settings=Settings(),
                       profiles=profiles(reader))


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
    a = APPOINTMENT
    overlaps = f"{a.c('start')} <= ? AND ({a.c('end')} IS NULL OR {a.c('end')} > ?)"
    codes, orgs = _orgs(reader)
    held_at_end = f"{_A.c('kind')} = 'full' AND {_A.c('start')} <= ? AND ({_A.c('end')} IS NULL OR {_A.c('end')} > ?)"
    in_year = "BETWEEN ? AND ?"
    return YearCounts(
        organizers=reader.value(f"SELECT COUNT(DISTINCT {a.c('person_id')}) FROM {a} WHERE {overlaps}", last, first),
        by_kind={kind: count for kind, count in reader.rows(
            f"SELECT {a.c('kind')}, COUNT(DISTINCT {a.c('person_id')}) FROM {a} WHERE {overlaps} GROUP BY {a.c('kind')}",
            last, first)},
        reports=reader.value(f"SELECT COUNT(*) FROM {REPORT} WHERE {REPORT.c('date')} {in_year}", first, last),
        grades={grade: count for grade, count in reader.rows(
            f"SELECT {ASSESSMENT.c('grade')}, COUNT(*) FROM {ASSESSMENT} WHERE {ASSESSMENT.c('year')} = ? "
            f"GROUP BY {ASSESSMENT.c('grade')}", year)},
        targets={result: count for result, count in reader.rows(
            f"SELECT {TARGET.c('result')}, COUNT(*) FROM {TARGET} WHERE {TARGET.c('due')} {in_year} "
            f"GROUP BY {TARGET.c('result')}", first, last)},
        commendations=reader.value(
            f"SELECT COUNT(*) FROM {COMMENDATION} WHERE {COMMENDATION.c('date')} {in_year}", first, last),
        orgs=list(orgs.values()),
        year_end_full_time=[
            PostFacts(id=pid, staff_no="", org=codes[org_id], kind="full", rank=rank, start=reader.date_of(start),
                      end=day(end))
            for pid, org_id, rank, start, end in reader.rows(
                f"SELECT {_A.cols('id', 'org_id', 'rank', 'start', 'end')} FROM {_A} WHERE {held_at_end}",
                last, last)],
        trainings=_trainings(reader, codes, f"{TRAINING.c('date')} {in_year}", (first, last)),
    )
