"""Writes for arts. 15–18: trainings, reports, targets, assessments, commendations, settings.

Like :mod:`zzy.ledger`, each function runs inside the caller's write transaction, validates,
appends its audit entry and returns a :class:`~zzy.outcome.Done`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import text as sql
from sqlmodel import col, select

from zzy import audit, images, profile, rules, text
from zzy.access import require
from zzy.choices import Grade, Right, TargetResult, TrainingKind
from zzy.errors import NotFound, Refused
from zzy.facts import AssessmentFacts, WorkFacts
from zzy.ledger import refuse
from zzy.models import (
    Appointment,
    Assessment,
    Attendance,
    Commendation,
    Org,
    Person,
    Photo,
    ResumeEntry,
    RulesProfile,
    Setting,
    Target,
    Training,
    WorkReport,
)
from zzy.outcome import Done
from zzy.schema import RESUME_KIND
from zzy.settings import config_key, setting_value
from zzy.store import Store, person_facts, target_facts, training_facts

# -- 培训 (第十八条) ---------------------------------------------------------------------------


def add_training(store: Store, *, on: date, title: str, kind: TrainingKind, host: str | None) -> Done:
    """Record a training or work exchange; the host defaults to the committee."""
    title = text.title_text(title, "培训名称", field="title")
    if host is None:
        committee = store.committee()
        if committee is None:
            raise Refused("账本中还没有学院党委。请用 --host 指定主办党组织,或先用 zzy org add … --kind committee 登记学院党委。")
        host_org = committee
    else:
        host_org = store.org(host)
    training = Training(date=on, title=title, kind=kind.value, host_id=host_org.id or 0)
    store.add(training)
    store.audit(action="add", entity="training", key=str(training.id),
                 after=audit.snapshot(training, host=host_org.code))
    return Done(f"已登记{kind.label} #{training.id}「{title}」,{on.isoformat()},主办: {host_org.name}。",
                number=training.id)


def attend(store: Store, *, training_id: int, staff_nos: list[str]) -> Done:
    """Add attendees to a training; people already on the list are left as they are."""
    training = store.session.get(Training, training_id)
    if training is None:
        raise NotFound(f"没有编号为 #{training_id} 的培训。请用 zzy training list 查看。")
    people = [store.person(staff_no) for staff_no in dict.fromkeys(staff_nos)]
    present = set(store.session.exec(select(Attendance.person_id).where(Attendance.training_id == training_id)))
    added = [p for p in people if p.id not in present]
    held = training_facts(training, host="")
    for person in added:
        refuse(f"未登记培训 #{training_id} 的参加人员:",
               rules.problems("attendance", held, rules.Around(store.today, staff_no=person.staff_no)))
    for person in added:
        store.session.add(Attendance(training_id=training_id, person_id=person.id or 0))
        store.audit(action="attend", entity="training", key=str(training_id),
                     after={"training_id": training_id, "staff_no": person.staff_no})
    names = "、".join(f"{p.name}({p.staff_no})" for p in added) or "无新增"
    already = len(people) - len(added)
    note = f",另有{already}人已在名单中" if already else ""
    return Done(f"培训 #{training_id}「{training.title}」参加人员: {names}{note}。", number=training_id)


# -- 工作汇报 (第十五条) -----------------------------------------------------------------------


def add_report(store: Store, *, staff_no: str, on: date, special: bool, topic: str | None) -> Done:
    person = store.person(staff_no)
    staff_no = person.staff_no  # the command may have named them
    refuse(f"未登记 {person.name}(工号 {staff_no})的工作汇报:",
           rules.problems("report", on, rules.Around(store.today, staff_no=staff_no)), field="date")
    report = WorkReport(person_id=person.id or 0, date=on, special=special,
                        topic=text.free_text(topic, "主题", field="topic"))
    same = store.session.exec(select(WorkReport).where(WorkReport.person_id == report.person_id,
                                                      WorkReport.date == on, WorkReport.topic == report.topic)
                              if report.topic is not None else
                              select(WorkReport).where(WorkReport.person_id == report.person_id,
                                                       WorkReport.date == on, col(WorkReport.topic).is_(None))).first()
    store.add(report)
    if same is not None:  # two reports on one day on one topic: perhaps typed twice; recorded, and said
        store.notify(f"{person.name}({staff_no})在 {on.isoformat()} 已有一份主题相同的汇报 #{same.id};"
                     f"如是重复登记,请用 zzy report void {report.id} --reason 重复登记 作废")
    store.audit(action="add", entity="report", key=staff_no,
                 after=audit.snapshot(report, staff_no=staff_no))
    kind = "专题汇报" if special else "定期汇报"
    about = f"「{report.topic}」" if report.topic else ""
    return Done(f"已登记 {person.name}(工号 {staff_no}){on.isoformat()} 的{kind}{about} #{report.id}。",
                number=report.id)


# -- 目标管理 (第十六条) -----------------------------------------------------------------------


def add_target(store: Store, *, staff_no: str, title: str, due: date, quantity: str | None,
               quality: str | None) -> Done:
    person = store.person(staff_no)
    staff_no = person.staff_no  # the command may have named them
    target = Target(person_id=person.id or 0, title=text.title_text(title, "目标名称", field="title"), due=due,
                    quantity=text.free_text(quantity, "数量要求", field="quantity"),
                    quality=text.free_text(quality, "质量要求", field="quality"))
    store.add(target)
    store.audit(action="add", entity="target", key=str(target.id),
                 after=audit.snapshot(target, staff_no=staff_no))
    return Done(f"已为 {person.name}(工号 {staff_no})设定目标 #{target.id}「{target.title}」,"
                f"期限 {due.isoformat()}。", number=target.id)


def assess_target(store: Store, *, target_id: int, result: TargetResult, on: date) -> Done:
    target = store.session.get(Target, target_id)
    if target is None:
        raise NotFound(f"没有编号为 #{target_id} 的目标。请用 zzy target list 查看。")
    if target.result is not None:
        raise Refused(f"目标 #{target_id} 已于 {target.assessed_on} 考核为「{TargetResult(target.result).label}」。")
    staff_no = store.owner(target.person_id).staff_no
    refuse(f"未记录目标 #{target_id} 的考核结果:", rules.problems("target", target_facts(target, staff_no=staff_no)._replace(
        result=result.value, assessed_on=on), rules.Around(store.today)))
    before = audit.snapshot(target, staff_no=staff_no)
    target.result, target.assessed_on = result.value, on
    store.save(target)
    store.audit(action="assess", entity="target", key=str(target_id), before=before,
                 after=audit.snapshot(target, staff_no=staff_no))
    return Done(f"目标 #{target_id}「{target.title}」考核结果: {result.label}({on.isoformat()})。", number=target_id)


# -- 考核与表彰 (第十七条) ---------------------------------------------------------------------


def assess(store: Store, *, staff_no: str, year: int, grade: Grade, note: str | None) -> Done:
    """Record a person's grade for a year; a second grade for the same year replaces the first."""
    person = store.person(staff_no)
    staff_no = person.staff_no  # the command may have named them
    refuse(f"未记录 {person.name}(工号 {staff_no})的年度考核:", rules.problems(
        "assessment", AssessmentFacts(staff_no, year, grade.value), rules.Around(store.today)), field="year")
    existing = store.session.exec(
        select(Assessment).where(Assessment.person_id == person.id, Assessment.year == year)
    ).first()
    before = audit.snapshot(existing, staff_no=staff_no) if existing else None
    assessment = existing or Assessment(person_id=person.id or 0, year=year, grade=grade.value)
    assessment.grade, assessment.note = grade.value, text.free_text(note, "说明", field="note")
    store.add(assessment)
    store.audit(action="edit" if existing else "add", entity="assessment", key=staff_no,
                 before=before, after=audit.snapshot(assessment, staff_no=staff_no))
    verb = "更正为" if existing else "为"
    return Done(f"已记录 {person.name}(工号 {staff_no}){year} 年度考核{verb}「{grade.label}」 #{assessment.id}。",
                number=assessment.id)


def commend(store: Store, *, staff_no: str, on: date, title: str) -> Done:
    person = store.person(staff_no)
    staff_no = person.staff_no  # the command may have named them
    refuse(f"未记录 {person.name}(工号 {staff_no})的表彰:",
           rules.problems("commendation", on, rules.Around(store.today, staff_no=staff_no)), field="date")
    commendation = Commendation(person_id=person.id or 0, date=on,
                                title=text.title_text(title, "表彰名称", field="title"))
    store.add(commendation)
    store.audit(action="add", entity="commendation", key=staff_no,
                 after=audit.snapshot(commendation, staff_no=staff_no))
    return Done(f"已记录 {person.name}(工号 {staff_no}){on.isoformat()} 获「{commendation.title}」表彰 #{commendation.id}。",
                number=commendation.id)


# -- 简历与照片 (SPEC 第 13 节) ------------------------------------------------------------------


def check_resume(entry: ResumeEntry, *, staff_no: str, today: date, headline: str) -> None:
    """A line of the 简历: begun by today, its end not before its start (``resume add``, ``resume edit``)."""
    found = rules.problems("resume", WorkFacts(entry.start, entry.end), rules.Around(today, staff_no=staff_no))
    if found:  # the first field's problems (a start after today before the order of the dates), by its option
        first = [problem for problem in found if problem.field == found[0].field]
        refuse(headline, first, field=RESUME_KIND.field(str(first[0].field)).outer)


def add_resume(store: Store, *, staff_no: str, start: date, end: date | None, text_: str) -> Done:
    """Add one period to a person's 简历 (printed on the 干部任免审批表 in the order of its start)."""
    person = store.person(staff_no)
    staff_no = person.staff_no  # the command may have named them
    entry = ResumeEntry(person_id=person.id or 0, start=start, end=end, text=text.title_text(text_, "经历", field="text"))
    check_resume(entry, staff_no=staff_no, today=store.today, headline=f"未记录 {person.name}(工号 {staff_no})的简历:")
    store.add(entry)
    store.audit(action="add", entity="resume", key=staff_no, after=audit.snapshot(entry, staff_no=staff_no))
    from zzy.papers import resume_line  # start-up

    return Done(f"已记录 {person.name}(工号 {staff_no})的简历 #{entry.id}: {resume_line(entry.start, entry.end, entry.text)}",
                number=entry.id)


def set_photo(store: Store, *, staff_no: str, photo: images.Photo) -> Done:
    """Keep a checked photo as the person's (replacing the one kept before); the audit entry holds its
    format, size and SHA-256, not the picture."""
    person = store.person(staff_no)
    staff_no = person.staff_no
    kept = store.session.exec(select(Photo).where(Photo.person_id == person.id)).first()
    before = _photo_summary(kept, staff_no)
    if kept is not None and kept.image == photo.image:
        return Done(f"{person.name}(工号 {staff_no})的照片与存入的相同,没有修改。")
    record = kept or Photo(person_id=person.id or 0, format=photo.format, width=photo.width, height=photo.height,
                           image=photo.image)
    record.format, record.width, record.height, record.image = photo.format, photo.width, photo.height, photo.image
    store.add(record)
    store.audit(action="edit" if kept else "add", entity="photo", key=staff_no, before=before,
                after=_photo_summary(record, staff_no))
    verb = "更换" if kept else "存入"
    return Done(f"已{verb} {person.name}(工号 {staff_no})的照片({photo.described()})。")


def clear_photo(store: Store, *, staff_no: str) -> Done:
    """Remove a person's photo (the audit entry keeps what it was: format, size, SHA-256)."""
    person = store.person(staff_no)
    staff_no = person.staff_no
    kept = store.session.exec(select(Photo).where(Photo.person_id == person.id)).first()
    if kept is None:
        return Done(f"{person.name}(工号 {staff_no})没有存入照片,没有修改。")
    before = _photo_summary(kept, staff_no)
    store.session.delete(kept)
    store.session.flush()
    store.audit(action="void", entity="photo", key=staff_no, before=before)
    return Done(f"已删除 {person.name}(工号 {staff_no})的照片。")


def _photo_summary(record: Photo | None, staff_no: str) -> dict[str, object] | None:
    if record is None:
        return None
    checked = images.Photo(record.format, record.width, record.height, record.image)
    return {"id": record.id, "staff_no": staff_no, **checked.summary()}


# -- 设置 -------------------------------------------------------------------------------------


def set_config(store: Store, *, key: str, value: str) -> Done:
    key, label = config_key(key)
    stored_value = setting_value(key, value)
    stored = store.session.get(Setting, key)
    if stored is not None and stored.value == stored_value:
        return Done(f"{key}({label})已是 {stored.value},没有修改。")
    before = audit.snapshot(stored)
    setting = stored or Setting(key=key, value=stored_value)
    setting.value = stored_value
    store.save(setting)
    store.audit(action="set", entity="config", key=key, before=before, after=audit.snapshot(setting))
    return Done(f"已设置 {key}({label})= {setting.value}。")


# -- 规则配置 (SPEC section 12) -----------------------------------------------------------------


def adopt_profile(store: Store, *, text: str, source: str, since: date) -> Done:
    """Adopt a version of the rules profile from ``since`` (an admin's right on a server; the server refuses a
    clerk too).  ``since`` comes after the newest adopted version's day: a version applies until the next one,
    and what was judged by an earlier one stays judged by it.  Each post begun on or after ``since`` that the
    new version would refuse is told (``注意:``): ``doctor`` reports it until a special approval is recorded."""
    adopted = profile.parse(text, source=source)
    require(store.session, Right.ADMIN, "采用规则配置")
    profiles = store.profiles()
    newest = profiles.newest_from
    if newest is not None and since <= newest:
        raise Refused(f"未采用: 已有自 {newest.isoformat()} 起施行的规则配置({profiles.on(newest).label}),"
                      f"新的版本须晚于这一天施行(--from {since.isoformat()} 不晚于它)。")
    row = RulesProfile(from_day=since, profile_id=adopted.id, version=adopted.version, title=adopted.title,
                       document=profile.to_document(adopted), adopted_by=_who(store),
                       adopted_at=datetime.now(UTC).isoformat(timespec="seconds"))
    store.add(row)
    store.audit(action="adopt", entity="profile", key=adopted.label, after=audit.snapshot(row))
    store.forget_profiles()
    refused = _refused_from(store, since)
    for number, who, org, message in refused:
        store.notify(f"{who}的任职 #{number}({org}): {message}。如确经党委特批,请用 zzy post edit {number} "
                     "--override \"特批理由\" 记录;否则 zzy doctor 会报告这一任职")
    before = profiles.on(since)
    changed = len(profile.differences(before, adopted))
    return Done(f"已采用规则配置「{adopted.title}」({adopted.label}),自 {since.isoformat()} 起施行"
                f"(与此前在用的 {before.label} 相比有 {changed} 处不同)。"
                + (f"自该日起的任职有 {len(refused)} 处不符合新的规定,见下。" if refused else ""))


def _who(store: Store) -> str:
    """Who adopts: the database role on a server (as its audit log says), else the user of the computer."""
    if store.session.get_bind().dialect.name == "postgresql":
        return str(store.session.execute(sql("SELECT session_user")).scalar())
    return str(store.session.info["invocation"].user)


def _refused_from(store: Store, since: date) -> list[tuple[int, str, str, str]]:
    """Each post begun on or after ``since`` that the ledger's versions refuse: (number, who, org, why)."""
    found = []
    profiles = store.profiles()
    for post, person, org in store.session.exec(
            select(Appointment, Person, Org).where(col(Appointment.start) >= since)
            .where(Appointment.person_id == Person.id).where(Appointment.org_id == Org.id)
            .order_by(col(Appointment.start), col(Appointment.id))):
        held = store.post_facts_of(person)
        mine = next(p for p in held if p.id == post.id)
        others = [p for p in held if p.id != post.id]
        problems = (rules.appointment_problems(mine, person_facts(person), store.work_facts_of(person), others,
                                               profiles)
                    + rules.trial_problems(mine, profiles))
        found += [(post.id or 0, f"{person.name}({person.staff_no})", org.code, problem.message)
                  for problem in rules.refused(problems)]
    return found
