"""Corrections (SPEC section 8): ``KIND edit N`` and ``KIND void N --reason``, ``training unattend``,
``person void`` and ``org void``.

An edit builds the record's new state and asks :mod:`zzy.rules` about it with the very functions the
command that made the record asks (nothing here decides a rule): it is refused on the problems the new
state has that the old one did not.  An edit that changes nothing writes nothing and says so.  Every
edit and void appends an audit entry holding the whole record before (and after, for an edit), with
its number, under the entity names the other writes use (``appointment``, ``work``, ``report``,
``training``, ``target``, ``assessment``, ``commendation``, ``person``, ``org``), so that ``undo`` can put
it back.  None prints; every refusal is a :class:`zzy.errors.ZzyError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, TypeVar

from sqlmodel import SQLModel, col, select

from zzy import audit, labels, rules, text
from zzy.choices import Grade, PostKind, Rank, TargetResult, TrainingKind, TrialResult, post_title
from zzy.errors import NeedsOverride, NotFound, Refused, UsageProblem
from zzy.facts import AssessmentFacts
from zzy.ledger import check_work, held_posts_problems, notice_unqualified_posts, plain_values, refuse, rules_messages
from zzy.models import (
    Appointment,
    Assessment,
    Attendance,
    Commendation,
    Org,
    Person,
    Photo,
    ResumeEntry,
    Target,
    Training,
    WorkReport,
    WorkSpan,
)
from zzy.outcome import Done
from zzy.schema import APPOINTMENT_KIND
from zzy.store import Store, person_facts, post_facts, target_facts, training_facts, work_facts

R = TypeVar("R", bound=SQLModel)

#: What each kind of record is called, and the list that shows its numbers.
_KINDS: dict[type[SQLModel], tuple[str, str]] = {
    Appointment: ("任职", "zzy post list"),
    WorkSpan: ("党务工作经历", "zzy work list"),
    WorkReport: ("工作汇报", "zzy report list"),
    Training: ("培训", "zzy training list"),
    Target: ("目标", "zzy target list"),
    Assessment: ("年度考核", "zzy assess list"),
    Commendation: ("表彰", "zzy commend list"),
    ResumeEntry: ("简历", "zzy resume list"),
}


def _numbered(store: Store, model: type[R], number: int) -> R:
    """The record of this kind with this number, or a refusal that says where the numbers are."""
    found = store.session.get(model, number)
    if found is None:
        what, listing = _KINDS[model]
        raise NotFound(f"没有编号为 #{number} 的{what}。请用 {listing} 查看编号。")
    return found


def _nothing_given(values: dict[str, Any], command: str, *, switches: tuple[bool, ...] = ()) -> None:
    """Refuse an edit given nothing to change.  An option is not given when its value is ``None`` (so
    ``--not-promoted``, ``False``, is given); a switch such as ``--clear-end`` is given when it is on."""
    if all(value is None for value in values.values()) and not any(switches):
        raise UsageProblem(f"没有要修改的内容。请指定要修改的项(见 zzy {command} --help)。")


def _reason(reason: str) -> str:
    return text.title_text(reason, "作废原因", field="reason")


def _changed(entity: str, before: dict[str, Any] | None, after: dict[str, Any] | None) -> str:
    return labels.changes(entity, before, after)


def _save_edit(store: Store, record: SQLModel, changes: dict[str, Any], *, entity: str, key: str, what: str,
               extra: dict[str, Any] | None = None, extra_after: dict[str, Any] | None = None) -> Done:
    """Apply checked ``changes``; nothing is written (and that is said) when every value is the stored one.
    ``extra`` are the domain keys the audit entry names the record by (工号, org code), ``extra_after``
    those that the edit changes."""
    before = audit.snapshot(record, **(extra or {}))
    assert before is not None
    after = {**before, **{field: value.isoformat() if isinstance(value, date) else value
                          for field, value in changes.items()}, **(extra_after or {})}
    if after == before:
        return Done(f"{what}的内容与登记的相同,没有修改。")
    for field, value in changes.items():
        setattr(record, field, value)
    store.save(record)
    store.audit(action="edit", entity=entity, key=key, before=before,
                after=audit.snapshot(record, **{**(extra or {}), **(extra_after or {})}))
    return Done(f"已修改{what}: {_changed(entity, before, after)}。")


def _void(store: Store, record: SQLModel, *, entity: str, key: str, what: str, reason: str, **extra: Any) -> Done:
    reason = _reason(reason)
    before = audit.snapshot(record, **extra)
    store.session.delete(record)
    store.session.flush()
    store.audit(action="void", entity=entity, key=key, before=before)
    return Done(f"已作废{what}(原因: {reason})。")


# -- 任职 -------------------------------------------------------------------------------------


def edit_post(
    store: Store,
    *,
    number: int,
    start: date | None = None,
    end: date | None = None,
    kind: PostKind | None = None,
    rank: Rank | None = None,
    promoted: bool | None = None,
    prior_rank: Rank | None = None,
    reason: str | None = None,
    trial_result: TrialResult | None = None,
    trial_on: date | None = None,
    override: str | None = None,
    clear_end: bool = False,
    clear_trial: bool = False,
    details: Mapping[str, Any] | None = None,
) -> Done:
    """Correct a post; checked like ``appoint``, ``leave`` and ``trial`` on the post's new state.
    ``details``: new values of its plain fields (:func:`zzy.ledger.plain_values`), by column."""
    plain = plain_values(APPOINTMENT_KIND, details)
    given = {"start": start, "end": end, "kind": kind, "rank": rank, "promoted": promoted, "prior_rank": prior_rank,
             "reason": reason, "trial_result": trial_result, "trial_on": trial_on, "override": override, **plain}
    _nothing_given(given, "post edit", switches=(clear_end, clear_trial))
    if clear_end and (end is not None or reason is not None):
        raise UsageProblem("--clear-end 不能与 --end、--reason 同时使用。")
    if clear_trial and (trial_result is not None or trial_on is not None):
        raise UsageProblem("--clear-trial 不能与 --trial-result、--trial-on 同时使用。")
    post = _numbered(store, Appointment, number)
    person = store.owner(post.person_id)
    org = store.session.get(Org, post.org_id)
    assert org is not None
    store.watch(org=org.code)
    old = post_facts(post, staff_no=person.staff_no, org_code=org.code)
    changes: dict[str, Any] = {}
    if start is not None:
        changes["start"] = start
    if end is not None:
        changes["end"] = end
    if clear_end:
        changes.update(end=None, end_reason=None)
    if clear_trial:
        changes.update(trial_result=None, trial_decided_on=None)
    if kind is not None:
        changes["kind"] = kind.value
    if rank is not None:
        changes["rank"] = rank.value
    if promoted is not None:
        changes["promoted"] = promoted
        if not promoted:
            changes["prior_rank"] = None
    if prior_rank is not None:
        if not changes.get("promoted", old.promoted):
            raise UsageProblem("--prior-rank 只用于新提拔(--promoted)的任职。", field="prior_rank")
        changes["prior_rank"] = prior_rank.value
    if reason is not None:
        changes["end_reason"] = text.free_text(reason, "离任原因", field="end_reason")
    if trial_result is not None:
        changes["trial_result"] = trial_result.value
    if trial_on is not None:
        changes["trial_decided_on"] = trial_on
    if override is not None:
        changes["override"] = text.free_text(override, "特批理由", field="override")
    changes.update(_trial_consequences(old, changes))
    new = old._replace(**{key: value for key, value in changes.items() if key in old._fields})
    changes.update(plain)
    what = f"任职 #{number}({person.name},工号 {person.staff_no},「{org.name}」)"
    if new.end is None and new.end_reason is not None:
        raise UsageProblem(f"{what}没有离任日期,不能填写离任原因。请同时用 --end 指定离任日期。", field="end_reason")
    headline = f"未修改{what}:"
    others = [p for p in store.post_facts_of(person) if p.id != post.id]
    profiles = store.profiles()
    around = rules.Around(store.today, others, store.org_facts(), profiles=profiles)
    found = rules.new_problems(rules.problems("appointment", new, around), rules.problems("appointment", old, around))
    refuse(headline, [problem for problem in found if problem.check == "future_event"])  # a result not yet given
    refuse(headline, found)
    holder, work = person_facts(person), store.work_facts_of(person)
    unmet = rules.new_problems(rules.appointment_problems(new, holder, work, others, profiles),
                               rules.appointment_problems(old, holder, work, others, profiles))
    if rules.refused(unmet):
        raise NeedsOverride(f"{person.name}(工号 {person.staff_no})在 {new.start.isoformat()} 不符合"
                            f"{post_title(new.kind, new.rank)}的任职条件,{what}未修改。",
                            problems=rules_messages(unmet))
    if new.override is not None and not rules.appointment_problems(new, holder, work, others, profiles):
        changes["override"] = None  # a reason is kept only where a rule was overridden (as by appoint)
    return _save_edit(store, post, changes, entity="appointment", key=person.staff_no, what=what,
                      extra={"staff_no": person.staff_no, "org": org.code})


def _trial_consequences(old: Any, changes: dict[str, Any]) -> dict[str, Any]:
    """A trial result given or changed by an edit, as ``zzy trial`` records it: a failed trial ends the post
    on the day it was decided (第十三条); a failure corrected to a pass reopens the post it had ended."""
    if "trial_result" not in changes and "trial_decided_on" not in changes:
        return {}
    result = changes.get("trial_result", old.trial_result)
    decided = changes.get("trial_decided_on", old.trial_decided_on)
    if "end" in changes:
        return {}
    if result == TrialResult.FAIL.value:
        return {"end": decided, "end_reason": changes.get("end_reason", "trial_failed")}
    if old.trial_result == TrialResult.FAIL.value and old.end_reason == "trial_failed" and old.end == old.trial_decided_on:
        return {"end": None, "end_reason": None}
    return {}


def void_post(store: Store, *, number: int, reason: str) -> Done:
    """Remove a post entered by mistake (one entered ahead included)."""
    post = _numbered(store, Appointment, number)
    person = store.owner(post.person_id)
    org = store.session.get(Org, post.org_id)
    assert org is not None
    store.watch(org=org.code)
    what = (f"任职 #{number}({person.name},工号 {person.staff_no},「{org.name}」"
            f"{post_title(post.kind, post.rank)},任职日期 {post.start.isoformat()})")
    return _void(store, post, entity="appointment", key=person.staff_no, what=what, reason=reason,
                 staff_no=person.staff_no, org=org.code)


# -- 党务工作经历 ---------------------------------------------------------------------------


def _period_changes(start: date | None, end: date | None, *, clear_end: bool) -> dict[str, Any]:
    """The ``start``/``end`` a correction of a period gives (a work span, a line of the 简历): ``--clear-to``
    makes it ongoing, and cannot come with ``--to``."""
    if clear_end and end is not None:
        raise UsageProblem("--clear-to 不能与 --to 同时使用。")
    changes: dict[str, Any] = {} if start is None else {"start": start}
    if end is not None or clear_end:
        changes["end"] = end
    return changes


def edit_work(store: Store, *, number: int, start: date | None = None, last_day: date | None = None,
              note: str | None = None, ongoing: bool = False) -> Done:
    """Correct a party-work span; checked like ``work add``."""
    _nothing_given({"start": start, "last_day": last_day, "note": note}, "work edit", switches=(ongoing,))
    changes = _period_changes(start, last_day, clear_end=ongoing)
    span = _numbered(store, WorkSpan, number)
    person = store.owner(span.person_id)
    if note is not None:
        changes["note"] = text.free_text(note, "说明", field="note")
    what = f"党务工作经历 #{number}({person.name},工号 {person.staff_no})"
    edited = WorkSpan(id=span.id, person_id=span.person_id, start=changes.get("start", span.start),
                      end=changes.get("end", span.end))
    check_work(edited, staff_no=person.staff_no, today=store.today, headline=f"未修改{what}:")
    notice_unqualified_posts(store, person, held_posts_problems(store, person),
                             work=[work_facts(edited if other.id == span.id else other) for other in store.work_of(person)])
    return _save_edit(store, span, changes, entity="work", key=person.staff_no, what=what,
                      extra={"staff_no": person.staff_no})


def void_work(store: Store, *, number: int, reason: str) -> Done:
    span = _numbered(store, WorkSpan, number)
    person = store.owner(span.person_id)
    until = span.end.isoformat() if span.end else "至今"
    notice_unqualified_posts(store, person, held_posts_problems(store, person),
                             work=[work_facts(other) for other in store.work_of(person) if other.id != span.id])
    return _void(store, span, entity="work", key=person.staff_no, reason=reason, staff_no=person.staff_no,
                 what=f"党务工作经历 #{number}({person.name},工号 {person.staff_no},"
                      f"{span.start.isoformat()}–{until})")


# -- 工作汇报 -------------------------------------------------------------------------------


def edit_report(store: Store, *, number: int, on: date | None = None, special: bool | None = None,
                topic: str | None = None) -> Done:
    """Correct a work report; checked like ``report add``."""
    _nothing_given({"on": on, "special": special, "topic": topic}, "report edit")
    report = _numbered(store, WorkReport, number)
    person = store.owner(report.person_id)
    what = f"工作汇报 #{number}({person.name},工号 {person.staff_no})"
    if on is not None:
        refuse(f"未修改{what}:", rules.problems("report", on, rules.Around(store.today, staff_no=person.staff_no)))
    changes: dict[str, Any] = {}
    if on is not None:
        changes["date"] = on
    if special is not None:
        changes["special"] = special
    if topic is not None:
        changes["topic"] = text.free_text(topic, "主题", field="topic")
    return _save_edit(store, report, changes, entity="report", key=person.staff_no, what=what,
                      extra={"staff_no": person.staff_no})


def void_report(store: Store, *, number: int, reason: str) -> Done:
    report = _numbered(store, WorkReport, number)
    person = store.owner(report.person_id)
    return _void(store, report, entity="report", key=person.staff_no, reason=reason, staff_no=person.staff_no,
                 what=f"工作汇报 #{number}({person.name},工号 {person.staff_no},{report.date.isoformat()})")


# -- 培训 -------------------------------------------------------------------------------------


def _attendees(store: Store, training_id: int) -> list[str]:
    return sorted(store.session.exec(
        select(Person.staff_no).join(Attendance, col(Attendance.person_id) == Person.id)
        .where(Attendance.training_id == training_id)))


def edit_training(store: Store, *, number: int, on: date | None = None, title: str | None = None,
                  kind: TrainingKind | None = None, host: str | None = None) -> Done:
    """Correct a training; checked like ``training add`` (and, once people attended it, not moved past today)."""
    _nothing_given({"on": on, "title": title, "kind": kind, "host": host}, "training edit")
    training = _numbered(store, Training, number)
    what = f"培训 #{number}「{training.title}」"
    changes: dict[str, Any] = {}
    if on is not None:
        moved = training_facts(training, host="")._replace(date=on)
        for staff_no in _attendees(store, number):
            refuse(f"未修改{what}(已登记参加人员):",
                   rules.problems("attendance", moved, rules.Around(store.today, staff_no=staff_no)))
        changes["date"] = on
    if title is not None:
        changes["title"] = text.title_text(title, "培训名称", field="title")
    if kind is not None:
        changes["kind"] = kind.value
    old_host = store.session.get(Org, training.host_id)
    assert old_host is not None
    new_host = old_host
    if host is not None:
        new_host = store.org(host)
        changes["host_id"] = new_host.id
    return _save_edit(store, training, changes, entity="training", key=str(number), what=what,
                      extra={"host": old_host.code}, extra_after={"host": new_host.code})


def void_training(store: Store, *, number: int, reason: str) -> Done:
    """Remove a training entered by mistake, with its attendance list (kept in the audit entry)."""
    training = _numbered(store, Training, number)
    host = store.session.get(Org, training.host_id)
    assert host is not None
    attendees = _attendees(store, number)
    for attendance in store.session.exec(select(Attendance).where(Attendance.training_id == number)):
        store.session.delete(attendance)
    store.session.flush()
    return _void(store, training, entity="training", key=str(number), reason=reason, host=host.code,
                 attendees=attendees,
                 what=f"培训 #{number}「{training.title}」({training.date.isoformat()},参加人员 {len(attendees)} 人)")


def unattend(store: Store, *, training_id: int, staff_nos: list[str]) -> Done:
    """Take people off a training's attendance list."""
    training = _numbered(store, Training, training_id)
    people = [store.person(staff_no) for staff_no in dict.fromkeys(staff_nos)]
    absent = [p for p in people if store.session.get(Attendance, (training_id, p.id)) is None]
    if absent:
        names = "、".join(f"{p.name}({p.staff_no})" for p in absent)
        raise Refused(f"{names}不在培训 #{training_id}「{training.title}」的参加人员名单中,未做改动。"
                      f"请用 zzy training list 查看参加人员。")
    for person in people:
        attendance = store.session.get(Attendance, (training_id, person.id))
        store.session.delete(attendance)
        store.audit(action="unattend", entity="training", key=str(training_id),
                    before={"training_id": training_id, "staff_no": person.staff_no})
    store.session.flush()
    names = "、".join(f"{p.name}({p.staff_no})" for p in people)
    return Done(f"已从培训 #{training_id}「{training.title}」的参加人员中去掉: {names}。", number=training_id)


# -- 目标 -------------------------------------------------------------------------------------


def edit_target(store: Store, *, number: int, title: str | None = None, due: date | None = None,
                quantity: str | None = None, quality: str | None = None, result: TargetResult | None = None,
                on: date | None = None, clear_result: bool = False) -> Done:
    """Correct a target (and its result); checked like ``target add`` and ``target assess``."""
    _nothing_given({"title": title, "due": due, "quantity": quantity, "quality": quality, "result": result,
                    "on": on}, "target edit", switches=(clear_result,))
    if clear_result and (result is not None or on is not None):
        raise UsageProblem("--clear-result 不能与 --result、--on 同时使用。")
    target = _numbered(store, Target, number)
    person = store.owner(target.person_id)
    what = f"目标 #{number}「{target.title}」({person.name},工号 {person.staff_no})"
    changes: dict[str, Any] = {}
    if title is not None:
        changes["title"] = text.title_text(title, "目标名称", field="title")
    if due is not None:
        changes["due"] = due
    if quantity is not None:
        changes["quantity"] = text.free_text(quantity, "数量要求", field="quantity")
    if quality is not None:
        changes["quality"] = text.free_text(quality, "质量要求", field="quality")
    if result is not None:
        changes["result"] = result.value
    if on is not None:
        changes["assessed_on"] = on
    if clear_result:
        changes.update(result=None, assessed_on=None)
    old = target_facts(target, staff_no=person.staff_no)
    new = old._replace(**{key: value for key, value in changes.items() if key in old._fields})
    found = rules.refused(rules.new_problems(rules.problems("target", new, rules.Around(store.today)),
                                             rules.problems("target", old, rules.Around(store.today))))
    if found:
        first = [problem for problem in found if problem.field == found[0].field]
        hint = "(--result 与 --on 须同时给出,--clear-result 清除二者)" if first[0].check == "target_result" else ""
        refuse(f"未修改{what}{hint}:", first, field=first[0].field)
    return _save_edit(store, target, changes, entity="target", key=str(number), what=what,
                      extra={"staff_no": person.staff_no})


def void_target(store: Store, *, number: int, reason: str) -> Done:
    target = _numbered(store, Target, number)
    person = store.owner(target.person_id)
    return _void(store, target, entity="target", key=str(number), reason=reason, staff_no=person.staff_no,
                 what=f"目标 #{number}「{target.title}」({person.name},工号 {person.staff_no})")


# -- 考核与表彰 -------------------------------------------------------------------------------


def edit_assessment(store: Store, *, number: int, year: int | None = None, grade: Grade | None = None,
                    note: str | None = None) -> Done:
    """Correct an annual grade; checked like ``assess`` (one grade a person and year)."""
    _nothing_given({"year": year, "grade": grade, "note": note}, "assess edit")
    assessment = _numbered(store, Assessment, number)
    person = store.owner(assessment.person_id)
    what = f"年度考核 #{number}({person.name},工号 {person.staff_no},{assessment.year} 年度)"
    changes: dict[str, Any] = {}
    if year is not None and year != assessment.year:
        refuse(f"未修改{what}:", rules.problems("assessment", AssessmentFacts(person.staff_no, year, assessment.grade),
                                             rules.Around(store.today)))
        taken = store.session.exec(select(Assessment).where(Assessment.person_id == person.id,
                                                            Assessment.year == year)).first()
        if taken is not None:
            raise Refused(f"{person.name}(工号 {person.staff_no})已有 {year} 年度的考核 #{taken.id},"
                          f"未修改{what}。请改那一条,或先作废它。")
        changes["year"] = year
    if grade is not None:
        changes["grade"] = grade.value
    if note is not None:
        changes["note"] = text.free_text(note, "说明", field="note")
    return _save_edit(store, assessment, changes, entity="assessment", key=person.staff_no, what=what,
                      extra={"staff_no": person.staff_no})


def void_assessment(store: Store, *, number: int, reason: str) -> Done:
    assessment = _numbered(store, Assessment, number)
    person = store.owner(assessment.person_id)
    return _void(store, assessment, entity="assessment", key=person.staff_no, reason=reason,
                 staff_no=person.staff_no,
                 what=f"年度考核 #{number}({person.name},工号 {person.staff_no},{assessment.year} 年度)")


def edit_commendation(store: Store, *, number: int, on: date | None = None, title: str | None = None) -> Done:
    """Correct a commendation; checked like ``commend``."""
    _nothing_given({"on": on, "title": title}, "commend edit")
    commendation = _numbered(store, Commendation, number)
    person = store.owner(commendation.person_id)
    what = f"表彰 #{number}({person.name},工号 {person.staff_no})"
    if on is not None:
        refuse(f"未修改{what}:", rules.problems("commendation", on, rules.Around(store.today, staff_no=person.staff_no)))
    changes: dict[str, Any] = {}
    if on is not None:
        changes["date"] = on
    if title is not None:
        changes["title"] = text.title_text(title, "表彰名称", field="title")
    return _save_edit(store, commendation, changes, entity="commendation", key=person.staff_no, what=what,
                      extra={"staff_no": person.staff_no})


def void_commendation(store: Store, *, number: int, reason: str) -> Done:
    commendation = _numbered(store, Commendation, number)
    person = store.owner(commendation.person_id)
    return _void(store, commendation, entity="commendation", key=person.staff_no, reason=reason,
                 staff_no=person.staff_no,
                 what=f"表彰 #{number}「{commendation.title}」({person.name},工号 {person.staff_no})")


# -- 简历 (SPEC 第 13 节) ---------------------------------------------------------------------------


def edit_resume(store: Store, *, number: int, start: date | None = None, end: date | None = None,
                text_: str | None = None, clear_end: bool = False) -> Done:
    """Correct a line of the 简历; checked like ``resume add`` on its new state."""
    from zzy.records import check_resume  # start-up

    _nothing_given({"from": start, "to": end, "text": text_}, "resume edit", switches=(clear_end,))
    changes = _period_changes(start, end, clear_end=clear_end)
    entry = _numbered(store, ResumeEntry, number)
    person = store.owner(entry.person_id)
    what = f"简历 #{number}({person.name},工号 {person.staff_no})"
    if text_ is not None:
        changes["text"] = text.title_text(text_, "经历", field="text")
    check_resume(ResumeEntry(person_id=entry.person_id, start=changes.get("start", entry.start),
                             end=changes.get("end", entry.end), text=changes.get("text", entry.text)),
                 staff_no=person.staff_no, today=store.today, headline=f"未修改{what}:")
    return _save_edit(store, entry, changes, entity="resume", key=person.staff_no, what=what,
                      extra={"staff_no": person.staff_no})


def void_resume(store: Store, *, number: int, reason: str) -> Done:
    entry = _numbered(store, ResumeEntry, number)
    person = store.owner(entry.person_id)
    return _void(store, entry, entity="resume", key=person.staff_no, reason=reason, staff_no=person.staff_no,
                 what=f"简历 #{number}「{entry.text}」({person.name},工号 {person.staff_no})")


# -- 人员与党组织 -----------------------------------------------------------------------------

#: The records that name a person, each with its list.
_PERSON_RECORDS: tuple[tuple[type[SQLModel], str], ...] = (
    (Appointment, "任职"), (WorkSpan, "党务工作经历"), (WorkReport, "工作汇报"), (Target, "目标"),
    (Assessment, "年度考核"), (Commendation, "表彰"), (ResumeEntry, "简历"),
)


def void_person(store: Store, *, staff_no: str, reason: str) -> Done:
    """Remove a person registered by mistake; refused while any record refers to them."""
    person = store.person(staff_no)
    referring = []
    for model, what in _PERSON_RECORDS:
        numbers = sorted(store.session.exec(
            select(getattr(model, "id")).where(getattr(model, "person_id") == person.id)))  # noqa: B009 (the models share no typed base with these columns)
        if numbers:
            referring.append(f"{what} " + "、".join(f"#{n}" for n in numbers))
    if store.session.exec(select(Photo.id).where(Photo.person_id == person.id)).first() is not None:
        referring.append(f"照片(用 zzy person photo {person.staff_no} --clear 删除)")
    trainings = sorted(store.session.exec(select(Attendance.training_id).where(Attendance.person_id == person.id)))
    if trainings:
        referring.append("参加培训 " + "、".join(f"#{n}" for n in trainings))
    if referring:
        raise Refused(f"{person.name}(工号 {person.staff_no})仍有记录,不能作废: {';'.join(referring)}。"
                      "请先作废或更正这些记录。")
    return _void(store, person, entity="person", key=person.staff_no, reason=reason,
                 what=f"人员 {person.name}(工号 {person.staff_no})")


def void_org(store: Store, *, code: str, reason: str) -> Done:
    """Remove an org registered by mistake; refused while any post or training refers to it."""
    org = store.org(code)
    referring = []
    posts = sorted(n for n in store.session.exec(select(Appointment.id).where(Appointment.org_id == org.id)) if n)
    if posts:
        referring.append("任职 " + "、".join(f"#{n}" for n in posts))
    trainings = sorted(n for n in store.session.exec(select(Training.id).where(Training.host_id == org.id)) if n)
    if trainings:
        referring.append("主办的培训 " + "、".join(f"#{n}" for n in trainings))
    if referring:
        raise Refused(f"党组织「{org.name}」(代码 {org.code})仍有记录,不能作废: {';'.join(referring)}。"
                      "请先作废或更正这些记录。")
    return _void(store, org, entity="org", key=org.code, reason=reason, what=f"党组织「{org.name}」(代码 {org.code})")
