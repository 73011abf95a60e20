"""The ledger's lists as reports: organizations, people, one person's file, the audit log."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import Session, col, select

from zzy import audit, lookup
from zzy.choices import OrgKind, PostKind, Rank, TrialResult, label_of
from zzy.models import Appointment, Org, Person, WorkSpan
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
    sections = [
        Section(PERSON_COLUMNS, [profile], title=f"{person.name}(工号 {person.staff_no})"),
        Section(POST_COLUMNS, posts, title="任职", empty="没有任职记录。"),
        Section(WORK_COLUMNS, work, title="党务工作经历", empty="没有党务工作经历记录。"),
        *(extra or []),
    ]
    document = {**profile, "posts": posts, "work": work, **(extra_document or {})}
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
