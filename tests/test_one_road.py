"""One road to every decision (issue 14): a write is refused exactly when doctor would report the result.

Each example builds a small real ledger through the write functions, then tries a few generated
writes (appoint, leave, trial, person edit of 转正日期 and of 离岗日期, org dissolve; the corrections of a
post's and a party-work span's dates, post edit and work edit; a post's void; a target set and assessed, and
its result corrected or cleared; a work report and a commendation recorded and their dates corrected; a
year's grade recorded and its year corrected; a training attended and its date corrected; a line of the 简历
added and corrected; undo of the newest write; a post, a party-work span and a person imported from a clerk's file): every record kind that
has rules of its own (``rules.records.RULES``), on each of its write paths.  A write the ledger accepts must leave
doctor (``rules.ledger_problems`` over every stored record) with nothing new to say about the
record written; a write it refuses is then forced into the database (as old data or a hand edit
would put it there), and doctor must report a new problem about that record.  At the end, a ledger
doctor passes is exported and restored into an empty ledger, and restore accepts it.  One check is the
write's alone: 第十一条 reads the person's 在职 status today, so ``appoint`` decides it for the post
it makes, and doctor, which cannot tell a retired organizer's past post from a wrong one, does not.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, select

from zzy import archive, imports, load, revert, rules
from zzy.choices import Grade, OrgKind, PostKind, Rank, TargetResult, TrainingKind, TrialResult
from zzy.corrections import (
    edit_assessment,
    edit_commendation,
    edit_post,
    edit_report,
    edit_resume,
    edit_target,
    edit_training,
    edit_work,
    void_post,
)
from zzy.db import Invocation, Ledger
from zzy.errors import NotFound, Refused, RuleViolation
from zzy.ledger import add_org, add_person, add_work, appoint, dissolve_org, edit_person, leave, record_trial
from zzy.models import (
    Appointment,
    Assessment,
    Attendance,
    Commendation,
    Org,
    Person,
    ResumeEntry,
    Target,
    Training,
    WorkReport,
    WorkSpan,
)
from zzy.reader import Reader
from zzy.records import add_report, add_resume, add_target, add_training, assess, assess_target, attend, commend
from zzy.revert import undo
from zzy.store import Store

TODAY = date(2026, 11, 26)
INVOCATION = Invocation(command="zzy test", user="test")
PEOPLE = ("T1", "T2", "T3")
ORGS = ("jd", "xx")
PAIRS = {"one_full_time_post", "one_post_per_org"}


class _Rollback(Exception):
    pass


def _days(low: date, high: date) -> st.SearchStrategy[date]:
    return st.integers(min_value=0, max_value=(high - low).days).map(lambda n: low + timedelta(days=n))


@contextmanager
def _ledger(template: Path) -> Iterator[Ledger]:
    folder = Path(tempfile.mkdtemp(prefix="zzy-road-"))
    try:
        shutil.copy2(template, folder / "ledger.db")
        ledger = Ledger.open(folder / "ledger.db")
        try:
            yield ledger
        finally:
            ledger.dispose()
    finally:
        shutil.rmtree(folder)


def _problems(reader: Reader) -> list[rules.Problem]:
    return rules.ledger_problems(load.ledger_facts(reader), today=TODAY)


def _stored_problems(ledger: Ledger) -> list[rules.Problem]:
    with ledger.reader() as reader:
        return _problems(reader)


def _forced_problems(ledger: Ledger, force: Callable[[Session], None]) -> list[rules.Problem]:
    """Doctor's verdict on the ledger with ``force`` applied, the rules bypassed; nothing is kept."""
    found: list[rules.Problem] = []
    try:
        with ledger.writing(INVOCATION) as session:
            force(session)
            session.flush()
            found = _problems(Reader(session.connection().connection.driver_connection, label="test",
                                     busy=lambda: AssertionError("busy")))
            raise _Rollback
    except _Rollback:
        pass
    return found


def _write(ledger: Ledger, action: Callable[..., Any], **options: Any) -> bool:
    """Whether the ledger accepted the write (a rule refusal is False; anything else fails the test)."""
    try:
        ledger.write(INVOCATION, lambda session: action(Store(session), **options))
    except RuleViolation:
        return False
    return True


def _ids(session: Session, staff_no: str, org: str) -> tuple[int, int]:
    person = session.exec(select(Person).where(Person.staff_no == staff_no)).one()
    place = session.exec(select(Org).where(Org.code == org)).one()
    assert person.id is not None and place.id is not None
    return person.id, place.id


def _open_post(session: Session, staff_no: str, org: str) -> Appointment | None:
    pid, oid = _ids(session, staff_no, org)
    return session.exec(select(Appointment).where(Appointment.person_id == pid, Appointment.org_id == oid,
                                                  Appointment.end == None)).first()  # noqa: E711


@st.composite
def _people(draw: st.DrawFn) -> list[dict[str, Any]]:
    people = []
    for staff_no in PEOPLE:
        joined = draw(_days(date(2000, 1, 1), date(2022, 1, 1)))
        full = draw(st.none() | st.integers(min_value=366, max_value=730).map(lambda n, j=joined: j + timedelta(days=n)))
        work = draw(st.lists(st.tuples(_days(date(2005, 1, 1), date(2024, 1, 1)),
                                       st.none() | st.integers(min_value=0, max_value=1500)), max_size=2))
        people.append({"staff_no": staff_no, "joined": joined, "full": full, "in_service": draw(st.booleans()),
                       "work": work})
    return people


#: Days around the test's today, half of them after it.
_near_today = _days(TODAY - timedelta(days=400), TODAY + timedelta(days=400))

#: The writes of the record kinds beside posts and party-work spans, and undo.
_record_writes = st.one_of(
    st.fixed_dictionaries({"write": st.just("undo")}),  # the newest write not undone (revert.py)
    st.fixed_dictionaries({  # person edit --not-in-service --on DAY: a 离岗日期 cannot be after today
        "write": st.just("out_of_service"), "staff_no": st.sampled_from(PEOPLE), "on": _near_today}),
    st.fixed_dictionaries({  # report add / commend (records.py), and report edit / commend edit of the newest
        "write": st.sampled_from(["report", "commend", "report_edit", "commend_edit"]),
        "staff_no": st.sampled_from(PEOPLE), "on": _near_today}),
    st.fixed_dictionaries({  # assess, and assess edit of the newest: no grade for a year to come
        "write": st.sampled_from(["assess", "assess_edit"]), "staff_no": st.sampled_from(PEOPLE),
        "year": st.integers(min_value=2024, max_value=2028)}),
    st.fixed_dictionaries({  # training add (entered ahead: accepted) then training attend; training edit of the newest
        "write": st.sampled_from(["attend", "training_edit"]), "staff_no": st.sampled_from(PEOPLE), "on": _near_today}),
    st.fixed_dictionaries({  # resume add, and resume edit of the newest line
        "write": st.sampled_from(["resume", "resume_edit"]), "staff_no": st.sampled_from(PEOPLE),
        "start": _near_today, "length": st.none() | st.integers(min_value=-400, max_value=400)}),
    st.fixed_dictionaries({  # zzy import work: one row of a clerk's file (imports.py)
        "write": st.just("import_work"), "staff_no": st.sampled_from(PEOPLE), "start": _near_today,
        "length": st.none() | st.integers(min_value=-400, max_value=400)}),
    st.fixed_dictionaries({  # zzy import persons: a new person, with a 离岗日期 perhaps
        "write": st.just("import_person"), "joined": _days(date(2000, 1, 1), date(2027, 1, 1)),
        "probation": st.none() | st.integers(min_value=200, max_value=800), "left": st.none() | _near_today}),
    st.fixed_dictionaries({  # target edit of the newest: a result with or without its date, or cleared
        "write": st.just("target_edit"), "result": st.none() | st.sampled_from(list(TargetResult)),
        "on": st.none() | _near_today, "clear": st.booleans()}),
)

_writes = st.one_of(
    st.fixed_dictionaries({
        "write": st.just("appoint"), "staff_no": st.sampled_from(PEOPLE), "org": st.sampled_from(ORGS),
        "kind": st.sampled_from(list(PostKind)), "rank": st.sampled_from(list(Rank)),
        "start": _days(date(2010, 1, 1), date(2026, 6, 1)), "promoted": st.booleans(),
        "override": st.none() | st.just("特批")}),
    st.fixed_dictionaries({
        "write": st.just("leave"), "staff_no": st.sampled_from(PEOPLE), "org": st.sampled_from(ORGS),
        "on": _days(date(2010, 1, 1), date(2026, 11, 1))}),
    st.fixed_dictionaries({
        "write": st.just("trial"), "staff_no": st.sampled_from(PEOPLE), "org": st.sampled_from(ORGS),
        "result": st.sampled_from(list(TrialResult)), "on": _days(date(2010, 1, 1), date(2026, 11, 1))}),
    st.fixed_dictionaries({
        "write": st.just("edit"), "staff_no": st.sampled_from(PEOPLE),
        "full": _days(date(2000, 1, 1), date(2027, 12, 31))}),
    st.fixed_dictionaries({
        "write": st.just("dissolve"), "org": st.sampled_from(ORGS), "on": _days(date(2010, 1, 1), date(2026, 11, 1))}),
    st.fixed_dictionaries({  # post edit N --from/--to (corrections.py)
        "write": st.just("post_edit"), "number": st.integers(min_value=1, max_value=2),
        "field": st.sampled_from(["start", "end"]), "on": _days(date(2010, 1, 1), date(2026, 11, 1))}),
    st.fixed_dictionaries({  # work edit N --from/--to (corrections.py)
        "write": st.just("work_edit"), "number": st.integers(min_value=1, max_value=6),
        "field": st.sampled_from(["start", "end"]), "on": _days(date(2005, 1, 1), date(2026, 11, 1))}),
    st.fixed_dictionaries({  # post void N (corrections.py)
        "write": st.just("post_void"), "number": st.integers(min_value=1, max_value=2)}),
    st.fixed_dictionaries({  # target add, then target assess (records.py): a result cannot be dated after today
        "write": st.just("target"), "staff_no": st.sampled_from(PEOPLE),
        "result": st.sampled_from(list(TargetResult)), "on": _days(date(2025, 1, 1), date(2027, 6, 1))}),
    _record_writes,
    st.fixed_dictionaries({  # zzy import appointments: one row of a clerk's file (imports.py)
        "write": st.just("import"), "staff_no": st.sampled_from(PEOPLE), "org": st.sampled_from(ORGS),
        "kind": st.sampled_from(list(PostKind)), "rank": st.sampled_from(list(Rank)),
        "start": _days(date(2010, 1, 1), date(2026, 6, 1)), "promoted": st.booleans(), "override": st.none()}),
)


def _attempt(ledger: Ledger, write: dict[str, Any]) -> tuple[bool, Callable[[Session], None], Callable[..., bool]]:
    """Try ``write``; return whether it was accepted, how to force it, and which problems are about it."""
    kind = write["write"]
    staff_no, org = write.get("staff_no"), write["org"] if "org" in write else None
    if kind in ("post_edit", "work_edit"):
        return _attempt_correction(ledger, write)
    if kind in ("post_void", "target", "undo"):
        return _attempt_record(ledger, write)
    if kind in _OTHERS:
        return _attempt_other(ledger, write)
    if kind in ("appoint", "import"):
        if kind == "appoint":
            accepted = _write(ledger, appoint, staff_no=staff_no, org=org, kind=write["kind"], rank=write["rank"],
                              start=write["start"], promoted=write["promoted"], override=write["override"])
        else:
            accepted = _imported(ledger, [staff_no, org, write["kind"].label, write["rank"].label, write["start"],
                                          "是" if write["promoted"] else "否"])

        def force(session: Session) -> None:
            pid, oid = _ids(session, staff_no, org)
            session.add(Appointment(person_id=pid, org_id=oid, kind=write["kind"].value, rank=write["rank"].value,
                                    start=write["start"], promoted=write["promoted"], override=write["override"]))
    elif kind == "leave":
        accepted = _write(ledger, leave, staff_no=staff_no, on=write["on"], org=org)

        def force(session: Session) -> None:
            post = _open_post(session, staff_no, org)
            assert post is not None
            post.end = write["on"]
            session.add(post)
    elif kind == "trial":
        accepted = _write(ledger, record_trial, staff_no=staff_no, result=write["result"], on=write["on"], org=org)

        def force(session: Session) -> None:
            post = _open_post(session, staff_no, org)
            assert post is not None
            post.trial_result, post.trial_decided_on = write["result"].value, write["on"]
            if write["result"] is TrialResult.FAIL:
                post.end, post.end_reason = write["on"], "trial_failed"
            session.add(post)
    elif kind == "edit":
        accepted = _write(ledger, edit_person, staff_no=staff_no, full=write["full"], today=TODAY)

        def force(session: Session) -> None:
            person = session.exec(select(Person).where(Person.staff_no == staff_no)).one()
            person.full = write["full"]
            session.add(person)

        return accepted, force, lambda p: p.check == "membership_dates" and p.staff_no == staff_no
    else:
        accepted = _write(ledger, dissolve_org, code=org, on=write["on"])

        def force(session: Session) -> None:
            place = session.exec(select(Org).where(Org.code == org)).one()
            place.dissolved_on = write["on"]
            session.add(place)

        return accepted, force, lambda p: p.check == "dissolved_org" and p.org == org
    return accepted, force, lambda p: p.staff_no == staff_no and (p.org == org or p.check in PAIRS)


def _attempt_correction(ledger: Ledger, write: dict[str, Any]
                        ) -> tuple[bool, Callable[[Session], None], Callable[..., bool]]:
    """A correction of a post's or a party-work span's dates (SPEC 8), through corrections.py."""
    model, number, field = (Appointment if write["write"] == "post_edit" else WorkSpan), write["number"], write["field"]
    with ledger.writing(INVOCATION) as session:
        record = session.get(model, number)
        assert record is not None
        staff_no = session.get(Person, record.person_id).staff_no  # type: ignore[union-attr]
    if model is Appointment:
        option = {"start": "start", "end": "end"}[field]
        accepted = _write(ledger, edit_post, number=number, **{option: write["on"]})
    else:
        option = {"start": "start", "end": "last_day"}[field]
        accepted = _write(ledger, edit_work, number=number, **{option: write["on"]})

    def force(session: Session) -> None:
        record = session.get(model, number)
        assert record is not None
        setattr(record, field, write["on"])
        session.add(record)

    return accepted, force, lambda p: p.staff_no == staff_no


def _imported(ledger: Ledger, cells: list[Any], kind: str = "appointments",
              header: tuple[str, ...] = ("工号", "党组织", "类别", "职级", "任职日期", "新提拔")) -> bool:
    """Whether ``zzy import KIND`` accepted a file of one row (a refused row refuses the file)."""
    try:
        ledger.write(INVOCATION, lambda session: imports.import_rows(
            session, kind=imports.KINDS[kind], rows=[(1, list(header)), (2, cells)], today=TODAY))
    except Refused as refusal:
        assert not isinstance(refusal, NotFound), refusal
        return False
    return True


def _write_today(ledger: Ledger, action: Callable[..., Any], **options: Any) -> bool:
    """:func:`_write` on the test's today (a target's result is refused after it)."""
    try:
        ledger.write(INVOCATION, lambda session: action(Store(session, today=TODAY), **options))
    except RuleViolation:
        return False
    return True


def _attempt_record(ledger: Ledger, write: dict[str, Any]) -> tuple[bool, Callable[[Session], None], Callable[..., bool]]:
    """A post's void, a target's result, an undo."""
    if write["write"] == "post_void":
        accepted = _write(ledger, void_post, number=write["number"], reason="误登记")

        def force(session: Session) -> None:
            session.delete(session.get(Appointment, write["number"]))

        return accepted, force, lambda p: True
    if write["write"] == "undo":
        accepted = _write_today(ledger, lambda store: undo(store, write_no=None, today=TODAY, server=False))

        def force(session: Session) -> None:  # what undo does, without its last check
            store = Store(session, today=TODAY)
            found = revert.newest(store.rows)
            reverter = revert.Reverter(store, found)
            for step in reversed(found.steps):
                reverter.revert(step)

        return accepted, force, lambda p: True
    staff_no = write["staff_no"]
    ledger.write(INVOCATION, lambda session: add_target(Store(session), staff_no=staff_no, title="发展党员",
                                                        due=date(2026, 12, 31), quantity=None, quality=None))
    with ledger.writing(INVOCATION) as session:
        number = max(target.id or 0 for target in session.exec(select(Target)))
    accepted = _write_today(ledger, assess_target, target_id=number, result=write["result"], on=write["on"])

    def force_result(session: Session) -> None:
        target = session.get(Target, number)
        assert target is not None
        target.result, target.assessed_on = write["result"].value, write["on"]
        session.add(target)

    return accepted, force_result, lambda p: p.staff_no == staff_no


#: The record each correction edits (the newest of its kind).
_EDITED = {"report_edit": WorkReport, "commend_edit": Commendation, "assess_edit": Assessment,
           "training_edit": Training, "resume_edit": ResumeEntry, "target_edit": Target}

#: The writes of the other record kinds: the record they add, and how a force puts it in.
_OTHERS = {"out_of_service", "report", "commend", "assess", "attend", "resume", "import_work", "import_person",
           *_EDITED}

#: The 工号 of the next person an import adds.
_NEW_STAFF = itertools.count(1)


def _newest(ledger: Ledger, model: type[Any]) -> Any:
    with ledger.writing(INVOCATION) as session:
        found = session.exec(select(model).order_by(model.id.desc())).first()  # type: ignore[attr-defined]
        if found is not None:
            session.expunge(found)
        return found


def _person_id(session: Session, staff_no: str) -> int:
    person = session.exec(select(Person).where(Person.staff_no == staff_no)).one()
    assert person.id is not None
    return person.id


def _attempt_other(ledger: Ledger, write: dict[str, Any]) -> tuple[bool, Callable[[Session], None], Callable[..., bool]]:
    """A write of a person's dated service, a report, a commendation, a grade, an attendance, a line of the 简历,
    or a correction of one (the newest of its kind); each on the test's today."""
    kind, staff_no, on = write["write"], write.get("staff_no"), write.get("on")
    if kind in _EDITED:
        record = _newest(ledger, _EDITED[kind])
        staff_no = _owner(ledger, record)
    force: Callable[[Session], None]
    if kind == "out_of_service":
        accepted = _write_today(ledger, edit_person, staff_no=staff_no, in_service=False, out_of_service_on=on,
                                today=TODAY)

        def force(session: Session) -> None:
            person = session.exec(select(Person).where(Person.staff_no == staff_no)).one()
            person.in_service, person.out_of_service_on = False, on
            session.add(person)

        # 第十一条 of the posts they hold reads the day they left: a notice, not a refusal (SPEC 8, as for 转正日期)
        return accepted, force, lambda p: p.staff_no == staff_no and p.check != "eligibility"
    elif kind in ("report", "commend"):
        if kind == "report":
            accepted = _write_today(ledger, add_report, staff_no=staff_no, on=on, special=False, topic=None)
        else:
            accepted = _write_today(ledger, commend, staff_no=staff_no, on=on, title="优秀组织员")

        def force(session: Session) -> None:
            pid = _person_id(session, staff_no)
            session.add(WorkReport(person_id=pid, date=on, special=False) if kind == "report"
                        else Commendation(person_id=pid, date=on, title="优秀组织员"))
    elif kind == "assess":
        accepted = _write_today(ledger, assess, staff_no=staff_no, year=write["year"], grade=Grade.EXCELLENT, note=None)

        def force(session: Session) -> None:
            pid = _person_id(session, staff_no)
            graded = session.exec(select(Assessment).where(Assessment.person_id == pid,
                                                           Assessment.year == write["year"])).first()
            session.add(graded or Assessment(person_id=pid, year=write["year"], grade=Grade.EXCELLENT.value))
    elif kind == "attend":
        ledger.write(INVOCATION, lambda session: add_training(Store(session, today=TODAY), on=on, title="业务培训",
                                                              kind=TrainingKind.TRAINING, host="dw"))
        number = _newest(ledger, Training).id
        accepted = _write_today(ledger, attend, training_id=number, staff_nos=[staff_no])

        def force(session: Session) -> None:
            session.add(Attendance(training_id=number, person_id=_person_id(session, staff_no)))
    elif kind == "import_work":
        end = None if write["length"] is None else write["start"] + timedelta(days=write["length"])
        accepted = _imported(ledger, [staff_no, write["start"], end], "work", ("工号", "起始日期", "截止日期"))

        def force(session: Session) -> None:
            session.add(WorkSpan(person_id=_person_id(session, staff_no), start=write["start"], end=end))
    elif kind == "import_person":
        staff_no, joined, left = f"N{next(_NEW_STAFF)}", write["joined"], write["left"]
        full = None if write["probation"] is None else joined + timedelta(days=write["probation"])
        accepted = _imported(ledger, [staff_no, "某人", joined, full, left], "persons",
                             ("工号", "姓名", "入党日期", "转正日期", "离岗日期"))

        def force(session: Session) -> None:
            session.add(Person(staff_no=staff_no, name="某人", joined=joined, full=full, in_service=left is None,
                               out_of_service_on=left))
    elif kind == "resume":
        end = None if write["length"] is None else write["start"] + timedelta(days=write["length"])
        accepted = _write_today(ledger, add_resume, staff_no=staff_no, start=write["start"], end=end, text_="某校学习")

        def force(session: Session) -> None:
            session.add(ResumeEntry(person_id=_person_id(session, staff_no), start=write["start"], end=end,
                                    text="某校学习"))
    else:
        return _attempt_edit(ledger, write, record, staff_no)
    return accepted, force, lambda p: p.staff_no == staff_no


def _owner(ledger: Ledger, record: Any) -> str | None:
    if isinstance(record, Training):
        return None
    with ledger.writing(INVOCATION) as session:
        person = session.get(Person, record.person_id)
        assert person is not None
        return person.staff_no


def _attempt_edit(ledger: Ledger, write: dict[str, Any], record: Any, staff_no: str | None
                  ) -> tuple[bool, Callable[[Session], None], Callable[..., bool]]:
    """A correction (SPEC 8) of the newest record of its kind, and the same change forced."""
    kind, on, number = write["write"], write.get("on"), record.id
    if kind == "resume_edit":
        end = None if write["length"] is None else write["start"] + timedelta(days=write["length"])
        accepted = _write_today(ledger, edit_resume, number=number, start=write["start"], end=end,
                                clear_end=end is None)
        fields: dict[str, Any] = {"start": write["start"], "end": end}
    elif kind == "target_edit":
        if write["clear"]:
            accepted = _write_today(ledger, edit_target, number=number, clear_result=True)
            fields = {"result": None, "assessed_on": None}
        else:
            accepted = _write_today(ledger, edit_target, number=number, result=write["result"], on=on)
            fields = {key: value for key, value in (("result", write["result"] and write["result"].value),
                                                    ("assessed_on", on)) if value is not None}
    elif kind == "assess_edit":
        accepted, fields = _write_today(ledger, edit_assessment, number=number, year=write["year"]), {"year": write["year"]}
    else:
        edit = {"report_edit": edit_report, "commend_edit": edit_commendation, "training_edit": edit_training}[kind]
        accepted, fields = _write_today(ledger, edit, number=number, on=on), {"date": on}

    def force(session: Session) -> None:
        stored = session.get(type(record), number)
        assert stored is not None
        for key, value in fields.items():
            setattr(stored, key, value)
        session.add(stored)

    if kind == "training_edit":  # an attendance is the attendee's: which of them is not for the force to say
        return accepted, force, lambda p: True
    return accepted, force, lambda p: p.staff_no == staff_no


def _possible(ledger: Ledger, write: dict[str, Any]) -> bool:
    """Leave and trial need the post they name, dissolve an org not yet dissolved, a correction the record it
    numbers (else the write is refused for a reason that is no rule)."""
    if write["write"] in ("target", "undo"):
        return True
    if write["write"] in _EDITED:
        record = _newest(ledger, _EDITED[write["write"]])
        if record is None:
            return False
        if write["write"] == "assess_edit":  # another grade of that person and year: refused, but not by a rule
            with ledger.writing(INVOCATION) as session:
                return write["year"] == record.year or session.exec(select(Assessment).where(
                    Assessment.person_id == record.person_id, Assessment.year == write["year"])).first() is None
        return not (write["write"] == "target_edit" and not write["clear"] and write["result"] is None and write["on"] is None)
    if write["write"] in _OTHERS:
        return True
    if write["write"] == "post_void":
        with ledger.writing(INVOCATION) as session:
            return session.get(Appointment, write["number"]) is not None
    if write["write"] in ("post_edit", "work_edit"):
        with ledger.writing(INVOCATION) as session:
            record = session.get(Appointment if write["write"] == "post_edit" else WorkSpan, write["number"])
            return record is not None and (write["field"] == "start" or getattr(record, "end", None) is not None
                                           or write["write"] == "work_edit")
    if write["write"] not in ("leave", "trial", "dissolve"):
        return True
    with ledger.writing(INVOCATION) as session:
        if write["write"] == "dissolve":
            return session.exec(select(Org).where(Org.code == write["org"])).one().dissolved_on is None
        post = _open_post(session, write["staff_no"], write["org"])
        if post is None:
            return False
        return write["write"] == "leave" or (post.promoted and post.trial_result is None)


@pytest.mark.sqlite_only
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(people=_people(), writes=st.lists(_writes, min_size=1, max_size=6))
def test_a_write_is_refused_exactly_when_doctor_would_report_the_result(
        empty_ledger: Path, people: list[dict[str, Any]], writes: list[dict[str, Any]]) -> None:
    with _ledger(empty_ledger) as ledger:
        _people_and_orgs(ledger, people)
        _each_write_agrees_with_doctor(ledger, people, writes, empty_ledger)


@pytest.mark.sqlite_only
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(people=_people(), writes=st.lists(_record_writes, min_size=1, max_size=6))
def test_every_record_kind_is_refused_exactly_when_doctor_would_report_it(
        empty_ledger: Path, people: list[dict[str, Any]], writes: list[dict[str, Any]]) -> None:
    """The same, on a ledger holding one record of each kind beside posts (so that each correction has its
    record): reports, commendations, grades, trainings attended, targets and the 简历."""
    with _ledger(empty_ledger) as ledger:
        _people_and_orgs(ledger, people)
        ledger.write(INVOCATION, lambda session: [action(Store(session, today=TODAY)) for action in (
            lambda store: add_report(store, staff_no="T1", on=date(2026, 3, 1), special=False, topic=None),
            lambda store: commend(store, staff_no="T2", on=date(2026, 7, 1), title="优秀组织员"),
            lambda store: assess(store, staff_no="T3", year=2025, grade=Grade.COMPETENT, note=None),
            lambda store: add_training(store, on=date(2026, 5, 1), title="业务培训", kind=TrainingKind.TRAINING,
                                       host="dw"),
            lambda store: attend(store, training_id=1, staff_nos=["T1", "T2"]),
            lambda store: add_target(store, staff_no="T1", title="发展党员", due=date(2026, 12, 31), quantity=None,
                                     quality=None),
            lambda store: add_resume(store, staff_no="T2", start=date(2008, 9, 1), end=date(2012, 6, 30),
                                     text_="云南大学学习"))])
        _each_write_agrees_with_doctor(ledger, people, writes, empty_ledger)


def _people_and_orgs(ledger: Ledger, people: list[dict[str, Any]]) -> None:
    ledger.write(INVOCATION, lambda session: [
        add_org(Store(session), code="dw", name="学院党委", kind=OrgKind.COMMITTEE),
        *(add_org(Store(session), code=code, name=f"{code}党总支", kind=OrgKind.GRASSROOTS) for code in ORGS)])
    for person in people:
        ledger.write(INVOCATION, lambda session, p=person: add_person(
            Store(session), staff_no=p["staff_no"], name="某人", joined=p["joined"], full=p["full"],
            in_service=p["in_service"], today=TODAY))
        for start, length in person["work"]:
            last_day = None if length is None else start + timedelta(days=length)
            ledger.write(INVOCATION, lambda session, p=person, s=start, e=last_day: add_work(
                Store(session), staff_no=p["staff_no"], start=s, last_day=e, note=None))


def _each_write_agrees_with_doctor(ledger: Ledger, people: list[dict[str, Any]], writes: list[dict[str, Any]],
                                   template: Path) -> None:
    """Each write in turn: accepted exactly when doctor, the write forced, reports nothing new about it; then a
    ledger doctor passes exports and restores."""
    undoable = 0  # the writes of this loop not undone: an undo reaches no further back (people stay)
    for write in writes:
        if not _possible(ledger, write) or (write["write"] == "undo" and not undoable):
            continue
        before = _stored_problems(ledger)
        accepted, force, about = _attempt(ledger, write)
        after = _stored_problems(ledger) if accepted else _forced_problems(ledger, force)
        reported = [p for p in rules.refused(rules.new_problems(after, before)) if about(p)]
        event(f"{write['write']} {'accepted' if accepted else 'refused'}")
        undoable += (-1 if write["write"] == "undo" else 1) * accepted + (write["write"] in ("target", "attend"))
        assert accepted == (not reported and not _art11_at_appointment(people, write)), (write, reported)
    if not rules.refused(_stored_problems(ledger)):
        event("exported and restored")
        _exports_and_restores(ledger, template)


def _exports_and_restores(ledger: Ledger, template: Path) -> None:
    """A ledger doctor passes: its export restores into an empty ledger."""
    with ledger.reader() as reader:
        assert not rules.refused(_problems(reader))
    with _ledger(template) as copy, tempfile.TemporaryDirectory(prefix="zzy-road-") as folder:
        dump = Path(folder) / "export.json"
        with ledger.writing(INVOCATION) as session, dump.open("w", encoding="utf-8") as out:
            archive.export(session, out)
        copy.write(INVOCATION, lambda session: archive.restore(session, dump, today=TODAY))


def _art11_at_appointment(people: list[dict[str, Any]], write: dict[str, Any]) -> bool:
    """An appointment 第十一条 refuses: a full-time section-level post for someone not in service on its
    start (someone added as not in service left on the day they were added, SPEC section 2's 离岗日期)."""
    if write["write"] not in ("appoint", "import") or write["override"] is not None:
        return False
    person = next(p for p in people if p["staff_no"] == write["staff_no"])
    out_of_service = not person["in_service"] and write["start"] >= TODAY
    return out_of_service and write["kind"] is PostKind.FULL and write["rank"].section_level
