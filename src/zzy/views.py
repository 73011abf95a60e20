"""The ledger's lists as reports: organizations, people, one person's file, the audit log."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import Session, col, select

from zzy import audit, dates, lookup
from zzy.choices import Grade, OrgKind, PostKind, Rank, TargetResult, TrainingKind, TrialResult, label_of
from zzy.models import Appointment, Assessment, Attendance, Commendation, Org, Person, Target, Training, WorkSpan
from zzy.models import Report as ReportRecord
from zzy.render import Column, Report, Section, shown


def choice_column(key: str, header: str, kind: Any) -> Column:
    """A column of stored English keys, shown by their Chinese labels."""
    return Column(key, header, show=lambda value: label_of(kind, value) or "")


ORG_COLUMNS = (
    Column("code", "代码"),
    Column("name", "名称"),
    choice_column("kind", "类型", OrgKind),
    Column("dissolved_on", "撤销日期"),
)


def org_list(session: Session) -> Report:
    """党组织一览, by code."""
    orgs = session.exec(select(Org).order_by(col(Org.code))).all()
    rows = [{"code": o.code, "name": o.name, "kind": o.kind, "dissolved_on": o.dissolved_on} for o in orgs]
    return Report.of(ORG_COLUMNS, rows, empty="还没有登记党组织。用 zzy org add 登记。")


PERSON_COLUMNS = (
    Column("staff_no", "工号"),
    Column("name", "姓名"),
    Column("joined", "入党日期"),
    Column("full", "转正日期"),
    Column("in_service", "在职教职工"),
)


def person_row(person: Person) -> dict[str, Any]:
    return {
        "staff_no": person.staff_no,
        "name": person.name,
        "joined": person.joined,
        "full": person.full,
        "in_service": person.in_service,
    }


def person_list(session: Session) -> Report:
    """人员一览, by 工号."""
    people = session.exec(select(Person).order_by(col(Person.staff_no))).all()
    rows = [person_row(p) for p in people]
    return Report.of(PERSON_COLUMNS, rows, empty="还没有登记人员。用 zzy person add 登记。")


POST_COLUMNS = (
    Column("org", "党组织"),
    Column("org_name", "名称"),
    choice_column("kind", "类别", PostKind),
    choice_column("rank", "职级", Rank),
    Column("start", "任职日期"),
    Column("end", "离任日期"),
    Column("end_reason", "离任原因"),
    Column("promoted", "新提拔"),
    choice_column("prior_rank", "试任前职级", Rank),
    choice_column("trial_result", "试用期考核", TrialResult),
    Column("trial_decided_on", "考核日期"),
    Column("override", "特批理由"),
)

WORK_COLUMNS = (Column("from", "起始日期"), Column("to", "截止日期"), Column("note", "说明"))


def person_posts(session: Session, person: Person) -> list[dict[str, Any]]:
    rows = session.exec(
        select(Appointment, Org).join(Org, col(Org.id) == Appointment.org_id)
        .where(Appointment.person_id == person.id)
        .order_by(col(Appointment.start))
    ).all()
    return [
        {
            "org": org.code,
            "org_name": org.name,
            "kind": post.kind,
            "rank": post.rank,
            "start": post.start,
            "end": post.end,
            "end_reason": post.end_reason,
            "promoted": post.promoted,
            "prior_rank": post.prior_rank,
            "trial_result": post.trial_result,
            "trial_decided_on": post.trial_decided_on,
            "override": post.override,
        }
        for post, org in rows
    ]


def person_work(session: Session, person: Person) -> list[dict[str, Any]]:
    spans = session.exec(
        select(WorkSpan).where(WorkSpan.person_id == person.id).order_by(col(WorkSpan.start))
    ).all()
    return [{"from": s.start, "to": s.end, "note": s.note} for s in spans]


def person_file(session: Session, staff_no: str, *, extra: list[Section] | None = None,
                extra_document: dict[str, Any] | None = None) -> Report:
    """人员档案: profile, posts, work spans, and whatever the caller adds (records, findings)."""
    person = lookup.person(session, staff_no)
    profile = person_row(person)
    posts = person_posts(session, person)
    work = person_work(session, person)
    record_sections, records = person_records(session, person)
    sections = [
        Section(PERSON_COLUMNS, [profile], title=f"{person.name}(工号 {person.staff_no})"),
        Section(POST_COLUMNS, posts, title="任职", empty="没有任职记录。"),
        Section(WORK_COLUMNS, work, title="党务工作经历", empty="没有党务工作经历记录。"),
        *record_sections,
        *(extra or []),
    ]
    document = {**profile, "posts": posts, "work": work, **records, **(extra_document or {})}
    return Report(sections=sections, document=document)


LOG_COLUMNS = (
    Column("id", "序号", justify="right"),
    Column("at", "时间(UTC)"),
    Column("user", "用户"),
    Column("action", "操作"),
    Column("entity", "对象"),
    Column("key", "键"),
    Column("command", "命令"),
    Column("changes", "改动"),
)


def _changes(before: dict[str, Any] | None, after: dict[str, Any] | None) -> str:
    """What an audit entry changed, in one short line."""
    if before and after:
        return "; ".join(
            f"{key}: {shown(before.get(key))} → {shown(after.get(key))}"
            for key in after
            if before.get(key) != after.get(key)
        )
    record = after or before or {}
    return ", ".join(f"{key}={shown(value)}" for key, value in record.items() if value is not None and key != "id")


def log(session: Session, *, limit: int | None) -> Report:
    """审计日志, newest first."""
    rows = []
    for entry in audit.newest(session, limit=limit):
        before = json.loads(entry.before) if entry.before else None
        after = json.loads(entry.after) if entry.after else None
        rows.append({
            "id": entry.id,
            "at": entry.at,
            "user": entry.user,
            "command": entry.command,
            "action": entry.action,
            "entity": entry.entity,
            "key": entry.key,
            "before": before,
            "after": after,
            "changes": _changes(before, after),
        })
    columns = LOG_COLUMNS
    document = [{k: v for k, v in row.items() if k != "changes"} for row in rows]
    return Report(sections=[Section(columns, rows)], document=document)


# -- arts. 15–18 records ---------------------------------------------------------------------

TRAINING_COLUMNS = (
    Column("id", "编号", justify="right"),
    Column("date", "日期"),
    Column("title", "名称"),
    choice_column("kind", "类型", TrainingKind),
    Column("host", "主办"),
    Column("host_name", "主办单位"),
    Column("attendees", "参加人员", show=lambda people: "、".join(people)),
)


def in_year(column: Any, year: int) -> Any:
    """A date column's condition for falling in ``year``."""
    return col(column).between(dates.year_start(year), dates.year_end(year))


def trainings(session: Session, *, year: int | None = None) -> list[dict[str, Any]]:
    query = select(Training, Org).join(Org, col(Org.id) == Training.host_id).order_by(col(Training.date), col(Training.id))
    if year is not None:
        query = query.where(in_year(Training.date, year))
    attendees: dict[int, list[str]] = {}
    for training_id, staff_no in session.exec(
        select(Attendance.training_id, Person.staff_no).join(Person, col(Person.id) == Attendance.person_id)
        .order_by(col(Person.staff_no))
    ):
        attendees.setdefault(training_id, []).append(staff_no)
    return [
        {"id": t.id, "date": t.date, "title": t.title, "kind": t.kind, "host": org.code, "host_name": org.name,
         "attendees": attendees.get(t.id or 0, [])}
        for t, org in session.exec(query)
    ]


def training_list(session: Session, *, year: int | None) -> Report:
    return Report.of(TRAINING_COLUMNS, trainings(session, year=year), empty="没有培训记录。")


REPORT_COLUMNS = (
    Column("id", "编号", justify="right"),
    Column("staff_no", "工号"),
    Column("name", "姓名"),
    Column("date", "日期"),
    Column("special", "类型", show=lambda special: "专题汇报" if special else "定期汇报"),
    Column("topic", "主题"),
)


def reports(session: Session, *, year: int | None = None, person: Person | None = None) -> list[dict[str, Any]]:
    query = select(ReportRecord, Person).join(Person, col(Person.id) == ReportRecord.person_id)
    if year is not None:
        query = query.where(in_year(ReportRecord.date, year))
    if person is not None:
        query = query.where(ReportRecord.person_id == person.id)
    rows = session.exec(query.order_by(col(ReportRecord.date), col(ReportRecord.id)))
    return [{"id": r.id, "staff_no": p.staff_no, "name": p.name, "date": r.date, "special": r.special,
             "topic": r.topic} for r, p in rows]


def report_list(session: Session, *, year: int | None) -> Report:
    return Report.of(REPORT_COLUMNS, reports(session, year=year), empty="没有工作汇报记录。")


TARGET_COLUMNS = (
    Column("id", "编号", justify="right"),
    Column("staff_no", "工号"),
    Column("name", "姓名"),
    Column("title", "名称"),
    Column("due", "期限"),
    Column("quantity", "数量要求"),
    Column("quality", "质量要求"),
    choice_column("result", "结果", TargetResult),
    Column("assessed_on", "考核日期"),
)


def targets(session: Session, *, person: Person | None = None) -> list[dict[str, Any]]:
    query = select(Target, Person).join(Person, col(Person.id) == Target.person_id)
    if person is not None:
        query = query.where(Target.person_id == person.id)
    rows = session.exec(query.order_by(col(Target.due), col(Target.id)))
    return [{"id": t.id, "staff_no": p.staff_no, "name": p.name, "title": t.title, "due": t.due,
             "quantity": t.quantity, "quality": t.quality, "result": t.result, "assessed_on": t.assessed_on}
            for t, p in rows]


def target_list(session: Session) -> Report:
    return Report.of(TARGET_COLUMNS, targets(session), empty="没有目标记录。")


ASSESSMENT_COLUMNS = (Column("year", "年度"), choice_column("grade", "等次", Grade), Column("note", "说明"))
COMMENDATION_COLUMNS = (Column("date", "日期"), Column("title", "名称"))
ATTENDED_COLUMNS = (Column("id", "编号", justify="right"), Column("date", "日期"), Column("title", "名称"),
                    choice_column("kind", "类型", TrainingKind), Column("host_name", "主办单位"))


def person_records(session: Session, person: Person) -> tuple[list[Section], dict[str, Any]]:
    """A person's arts. 15–18 records, as table sections and as JSON keys."""
    own_reports = [{k: v for k, v in r.items() if k not in ("staff_no", "name")}
                   for r in reports(session, person=person)]
    own_targets = [{k: v for k, v in t.items() if k not in ("staff_no", "name")}
                   for t in targets(session, person=person)]
    assessments = [{"year": a.year, "grade": a.grade, "note": a.note} for a in session.exec(
        select(Assessment).where(Assessment.person_id == person.id).order_by(col(Assessment.year)))]
    commendations = [{"date": c.date, "title": c.title} for c in session.exec(
        select(Commendation).where(Commendation.person_id == person.id).order_by(col(Commendation.date)))]
    attended = [{k: t[k] for k in ("id", "date", "title", "kind", "host", "host_name")}
                for t in trainings(session) if person.staff_no in t["attendees"]]
    sections = [
        Section(REPORT_COLUMNS[3:], own_reports, title="工作汇报", empty="没有工作汇报记录。"),
        Section((TARGET_COLUMNS[0], *TARGET_COLUMNS[3:]), own_targets, title="目标", empty="没有目标记录。"),
        Section(ASSESSMENT_COLUMNS, assessments, title="年度考核", empty="没有考核记录。"),
        Section(COMMENDATION_COLUMNS, commendations, title="表彰", empty="没有表彰记录。"),
        Section(ATTENDED_COLUMNS, attended, title="参加培训", empty="没有参加培训记录。"),
    ]
    document = {"reports": own_reports, "targets": own_targets, "assessments": assessments,
                "commendations": commendations, "trainings": attended}
    return sections, document


CONFIG_COLUMNS = (Column("key", "设置项"), Column("value", "值", justify="right"), Column("label", "说明"),
                  Column("default", "默认值", justify="right"))


def config(session: Session) -> Report:
    from zzy import load
    from zzy.facts import Settings
    from zzy.records import SETTINGS

    current, defaults = load.settings(session), Settings()
    rows = [{"key": key, "value": getattr(current, key), "label": SETTINGS[key][2],
             "default": getattr(defaults, key)} for key in SETTINGS]
    return Report(sections=[Section(CONFIG_COLUMNS, rows)], document={row["key"]: row["value"] for row in rows})

