"""The ledger's lists as reports: organizations, people, one person's file, the audit log."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from typing import Any, NamedTuple, cast

from zzy import audit, dates, labels
from zzy.choices import (
    AuditAction,
    AuditEntity,
    DoctorCheck,
    OrgKind,
    PostKind,
    Rank,
    Right,
    TrainingKind,
    label_of,
    label_or_text,
    of_field,
)
from zzy.lookup import org_missing
from zzy.reader import Reader, day
from zzy.report_types import DEFAULT_COMMITTEE, Column, Report, Section
from zzy.schema import (
    APPOINTMENT,
    APPOINTMENT_KIND,
    ASSESSMENT,
    ASSESSMENT_KIND,
    ATTENDANCE,
    AUDIT,
    CHOICE,
    COMMENDATION,
    COMMENDATION_KIND,
    DATE,
    FLAG,
    ORG,
    ORG_KIND,
    PERSON,
    PERSON_FIELDS,
    PHOTO,
    REFERENCE,
    REPORT,
    RESUME,
    RESUME_KIND,
    SETTING,
    TARGET,
    TARGET_KIND,
    TRAINING,
    WORK_KIND,
    WORK_SPAN,
    RecordField,
    RecordKind,
)
from zzy.schema import RULES_PROFILE as R
from zzy.settings import KIND_WITHIN, SETTINGS, TEXT_SETTINGS
from zzy.text import trimmed

_A, _O = APPOINTMENT.as_("a"), ORG.as_("o")


def person_id(reader: Reader, staff_no: str) -> int:
    """The ledger's number for a 工号 (:func:`zzy.load.person_id`: the loaders, and the rules they name, are
    loaded only when a list or file asks for one person, not for every list)."""
    from zzy.load import person_id as number  # start-up

    return number(reader, staff_no)


def person_key(reader: Reader, staff_no: str) -> tuple[int, str]:
    """The ledger's number and 工号 for a person (:func:`zzy.load.person_key`, loaded on use as above)."""
    from zzy.load import person_key as key  # start-up

    return key(reader, staff_no)

def choice_column(key: str, header: str, kind: Any) -> Column:
    """A column of stored English keys, shown by their Chinese labels."""
    return Column(key, header, show=lambda value: label_of(kind, value) or "")


def field_column(field: RecordField) -> Column:
    """A field of :data:`zzy.schema.RECORDS` as the lists show it: under its outer key and label, a
    stored key by its Chinese label (a free text, such as 离任原因, where zzy did not write a key)."""
    choice = of_field(field)
    if choice is None:
        return Column(field.outer, field.label, wrap=field.wrap)
    if field.kind == CHOICE:
        return choice_column(field.outer, field.label, choice)._replace(wrap=field.wrap)
    return Column(field.outer, field.label, show=lambda key: label_or_text(choice, key), wrap=field.wrap)


def _listed(kind: RecordKind) -> tuple[RecordField, ...]:
    """A kind's fields its list shows, but those that refer to another record (shown by its 工号 or code)."""
    return tuple(field for field in kind.fields if field.listed and field.kind != REFERENCE)


def _stored(field: RecordField, value: Any) -> Any:
    """A column's value as the lists carry it (SQLite keeps dates as text and flags as 0/1)."""
    if field.kind == DATE:
        return day(value)
    return bool(value) if field.kind == FLAG else value


ORG_COLUMNS = tuple(field_column(field) for field in _listed(ORG_KIND))


def org_list(reader: Reader) -> Report:
    """党组织一览, by code."""
    rows = [{"code": code, "name": name, "kind": kind, "dissolved_on": day(dissolved_on)}
            for code, name, kind, dissolved_on in reader.rows(
                f"SELECT {ORG.cols('code', 'name', 'kind', 'dissolved_on')} FROM {ORG} ORDER BY {ORG.c('code')}")]
    return Report.of(ORG_COLUMNS, rows, name="党组织一览", empty="还没有登记党组织。用 zzy org add 登记。")


def committee_name(reader: Reader) -> str:
    """The name of the org of kind committee (学院党委), for a report's title; a generic one without."""

    found = reader.rows(f"SELECT {ORG.c('name')} FROM {ORG} WHERE {ORG.c('kind')} = ? ORDER BY {ORG.c('id')} LIMIT 1",
                        OrgKind.COMMITTEE.value)
    return found[0][0] if found else DEFAULT_COMMITTEE


#: A person's fields as the list and their file show them (:data:`zzy.schema.PERSON_FIELDS`).
_LISTED = tuple(field for field in PERSON_FIELDS if field.listed)
#: Every listed field: the person list's CSV, JSON and workbook …
PERSON_COLUMNS = tuple(field_column(field) for field in _LISTED)
#: … its table on the screen (the papers' fields would crowd it) …
PERSON_TABLE_COLUMNS = tuple(column for column, field in zip(PERSON_COLUMNS, _LISTED, strict=True) if field.tabled)
#: … and the papers' fields, a section of their own in ``person show`` once any is filled.
PAPER_COLUMNS = tuple(column for column, field in zip(PERSON_COLUMNS, _LISTED, strict=True) if not field.tabled)
_KEYS = tuple(field.key for field in _LISTED)
_PERSON = f"SELECT {PERSON.cols(*_KEYS)} FROM {PERSON}"
#: The listed fields whose stored value reads back as a date, or as yes/no (SQLite keeps text and 0/1).
_DATES = tuple(field.key for field in _LISTED if field.kind == DATE)
_FLAGS = tuple(field.key for field in _LISTED if field.kind == FLAG)


def person_row(*values: Any) -> dict[str, Any]:
    """A person as the list shows them, from the columns of ``_PERSON`` in order."""
    row = dict(zip(_KEYS, values))  # noqa: B905  (the SELECT lists _KEYS: the same length)
    for key in _DATES:
        row[key] = day(row[key])
    for key in _FLAGS:
        row[key] = bool(row[key])
    return row


def person_by_number(reader: Reader, pid: int) -> dict[str, Any]:
    """One person's row, by their number in the ledger."""
    return person_row(*reader.rows(f"{_PERSON} WHERE {PERSON.c('id')} = ?", pid)[0])


def person_list(reader: Reader, *, name: str | None = None, org: str | None = None, active: bool = False,
                today: date | None = None) -> Report:
    """人员一览, by 工号; ``name`` keeps those whose name contains it, ``org`` those who hold or held a
    post there, ``active`` those holding a post on ``today`` (at ``org``, when both are given)."""
    people = reader.rows(f"{_PERSON} ORDER BY {PERSON.c('staff_no')}")
    if name is not None:
        people = [person for person in people if name in person[1]]
    if org is not None or active:
        people = _holding(reader, people, org=org, on=today if active else None)
    rows = [person_row(*person) for person in people]
    filtered = name is not None or org is not None or active
    empty = "没有符合条件的人员。" if filtered else "还没有登记人员。用 zzy person add 登记。"
    return Report(tables=[Section(PERSON_TABLE_COLUMNS, rows, empty=empty)],
                  csv=Section(PERSON_COLUMNS, rows, empty=empty), name="人员一览")


def _holding(reader: Reader, people: list[tuple[Any, ...]], *, org: str | None, on: date | None) -> list[tuple[Any, ...]]:
    """Those of ``people`` with a post at ``org`` (any org when None), held on ``on`` (ever when None)."""
    p = PERSON.as_("p")
    org = trimmed(org) if org is not None else None
    if org is not None and not reader.rows(f"SELECT 1 FROM {ORG} WHERE {ORG.c('code')} = ?", org):
        raise org_missing(org)
    where, params = _post_conditions(org=org, active_on=on)
    holders = {staff_no for (staff_no,) in reader.rows(
        f"SELECT DISTINCT {p.c('staff_no')} FROM {_A} JOIN {p} ON {p.c('id')} = {_A.c('person_id')} "
        f"JOIN {_O} ON {_O.c('id')} = {_A.c('org_id')} WHERE {where}", *params)}
    return [person for person in people if person[0] in holders]


def _post_conditions(*, pid: int | None = None, org: str | None = None,
                     active_on: date | None = None) -> tuple[str, list[Any]]:
    """The WHERE clause (over ``_A`` and ``_O``) and its parameters for posts of one person, at one org,
    held on a day; each left out when None."""
    conditions: list[str] = ["1 = 1"]
    params: list[Any] = []
    if pid is not None:
        conditions.append(f"{_A.c('person_id')} = ?")
        params.append(pid)
    if org is not None:
        conditions.append(f"{_O.c('code')} = ?")
        params.append(org)
    if active_on is not None:
        conditions.append(f"{_A.c('start')} <= ? AND ({_A.c('end')} IS NULL OR {_A.c('end')} > ?)")
        params += [active_on, active_on]
    return " AND ".join(conditions), params


NUMBER = Column("id", "编号", justify="right")

#: A post's own fields, as the lists show them (:data:`zzy.schema.APPOINTMENT_KIND`).
_POST_FIELDS = _listed(APPOINTMENT_KIND)
POST_COLUMNS = (NUMBER, Column("org", "党组织"), Column("org_name", "名称"),
                *(field_column(field) for field in _POST_FIELDS))
#: Where the list puts the trial's end (第十三条), a date worked out, not kept: before its result.
_TRIAL_END = next(index for index, field in enumerate(_POST_FIELDS) if field.key == "trial_result")

_WORK_FIELDS = _listed(WORK_KIND)
WORK_COLUMNS = (NUMBER, *(field_column(field) for field in _WORK_FIELDS))


def posts(reader: Reader, *, pid: int | None = None, org: str | None = None,
          active_on: Any = None) -> list[dict[str, Any]]:
    """Posts (of one person, at one org, held on a day), by start date, each with its number and trial end."""
    from zzy import load, rules  # start-up
    from zzy.facts import PostFacts  # start-up

    profiles = load.profiles(reader)
    p = PERSON.as_("p")
    where, params = _post_conditions(pid=pid, org=org, active_on=active_on)
    rows = []
    keys = tuple(field.key for field in _POST_FIELDS)
    for number, staff_no, name, code, org_name, *values in reader.rows(
            f"SELECT {_A.c('id')}, {p.cols('staff_no', 'name')}, {_O.cols('code', 'name')}, {_A.cols(*keys)} "
            f"FROM {_A} JOIN {_O} ON {_O.c('id')} = {_A.c('org_id')} JOIN {p} ON {p.c('id')} = {_A.c('person_id')} "
            f"WHERE {where} ORDER BY {_A.c('start')}, {_A.c('id')}", *params):
        stored = [(field.key, _stored(field, value)) for field, value in zip(_POST_FIELDS, values, strict=True)]
        post = PostFacts(id=number, staff_no=staff_no, org=code,
                         **{key: value for key, value in stored if key in PostFacts._fields})
        trial_end = [("trial_end", rules.trial_end(post, profiles))]
        rows.append({"id": number, "staff_no": staff_no, "name": name, "org": code, "org_name": org_name,
                     **dict(stored[:_TRIAL_END] + trial_end + stored[_TRIAL_END:])})
    return rows


POST_LIST_COLUMNS = (
    NUMBER,
    Column("staff_no", "工号"),
    Column("name", "姓名"),
    *POST_COLUMNS[1:3 + _TRIAL_END],
    Column("trial_end", "试用期满"),
    *POST_COLUMNS[3 + _TRIAL_END:],
)


def post_label(kind: str, rank: str) -> str:
    """A post's kind and rank in one cell: ``专职·副科级``; a post of no rank is just ``专职``."""
    said = PostKind(kind).label
    return said if rank == Rank.NONE else f"{said}·{Rank(rank).label}"


def post_cell(row: Any) -> str:
    """:func:`post_label` of a list's post row."""
    return post_label(row["kind"], row["rank"])


#: What a screen shows first (SPEC 9): whose post, where, since and until when.
POST_LIST_COMPACT = (
    NUMBER, Column("name", "姓名"), Column("org_name", "党组织", wrap=True), Column("post", "类别·职级"),
    Column("start", "任职日期"), Column("end", "离任日期"),
)


def post_list(reader: Reader, *, person: str | None = None, org: str | None = None,
              active_on: Any = None) -> Report:
    """任职一览: every post (of a person, at an org, held on a day), by start date."""
    pid = person_id(reader, person) if person is not None else None
    if org is not None:
        org = trimmed(org)
        org_number(reader, org)
    rows = [{**row, "post": post_cell(row)} for row in posts(reader, pid=pid, org=org, active_on=active_on)]
    return Report.of(POST_LIST_COLUMNS, rows, name="任职一览", empty="没有任职记录。", compact=POST_LIST_COMPACT)


def org_number(reader: Reader, code: str) -> int:
    """The ledger's number for the org with this code, or the refusal that says how to find one."""
    code = trimmed(code)
    found = reader.value(f"SELECT {ORG.c('id')} FROM {ORG} WHERE {ORG.c('code')} = ?", code)
    if found is None:
        raise org_missing(code)
    return int(found)


def person_posts(reader: Reader, pid: int) -> list[dict[str, Any]]:
    """A person's posts for their file: each with its number, without the person."""
    return [{k: v for k, v in row.items() if k not in ("staff_no", "name", "trial_end")}
            for row in posts(reader, pid=pid)]


def work_spans(reader: Reader, *, pid: int | None = None) -> list[dict[str, Any]]:
    """Party-work spans (of one person), by start date, each with its number."""
    w, p = WORK_SPAN.as_("w"), PERSON.as_("p")
    where, params = (f"{w.c('person_id')} = ?", (pid,)) if pid is not None else ("1 = 1", ())
    return [{"id": number, "staff_no": staff_no, "name": name, "from": day(start), "to": day(end), "note": note}
            for number, staff_no, name, start, end, note in reader.rows(
                f"SELECT {w.c('id')}, {p.cols('staff_no', 'name')}, {w.cols('start', 'end', 'note')} FROM {w} "
                f"JOIN {p} ON {p.c('id')} = {w.c('person_id')} WHERE {where} ORDER BY {w.c('start')}, {w.c('id')}",
                *params)]


def person_work(reader: Reader, pid: int) -> list[dict[str, Any]]:
    return [{k: v for k, v in row.items() if k not in ("staff_no", "name")} for row in work_spans(reader, pid=pid)]


WORK_LIST_COLUMNS = (NUMBER, Column("staff_no", "工号"), Column("name", "姓名"), *WORK_COLUMNS[1:])


def work_list(reader: Reader, *, person: str | None = None) -> Report:
    """党务工作经历一览."""
    pid = person_id(reader, person) if person is not None else None
    return Report.of(WORK_LIST_COLUMNS, work_spans(reader, pid=pid), name="党务工作经历",
                     empty="没有党务工作经历记录。")


def person_profile(reader: Reader, staff_no: str, *, extra: list[Section] | None = None,
                extra_document: dict[str, Any] | None = None) -> Report:
    """人员档案: profile, posts, work spans, and whatever the caller adds (records, findings)."""
    pid, staff_no = person_key(reader, staff_no)
    profile = person_by_number(reader, pid)
    posts = person_posts(reader, pid)
    work = person_work(reader, pid)
    record_sections, records = person_records(reader, pid, staff_no)
    papers = [profile] if any(profile[column.key] is not None for column in PAPER_COLUMNS) else []
    sections = [
        Section(PERSON_TABLE_COLUMNS, [profile], title=f"{profile['name']}(工号 {staff_no})"),
        *([Section(PAPER_COLUMNS, papers, title="任免表信息")] if papers else []),
        Section(POST_COLUMNS, [{**post, "post": post_cell(post)} for post in posts], title="任职",
                empty="没有任职记录。", compact=(NUMBER, *POST_LIST_COMPACT[2:])),
        Section(WORK_COLUMNS, work, title="党务工作经历", empty="没有党务工作经历记录。"),
        *record_sections,
        *(extra or []),
    ]
    document = {**profile, "posts": posts, "work": work, **records, **(extra_document or {})}
    return Report(tables=sections, document=document,
                  name=f"人员档案 {profile['name']}(工号 {profile['staff_no']})")


LOG_COLUMNS = (
    Column("id", "序号", justify="right"),
    Column("at", "时间", show=dates.local_time),
    Column("user", "用户"),
    Column("action", "操作", show=lambda action: label_or_text(AuditAction, action)),
    Column("entity", "对象", show=lambda entity: label_or_text(AuditEntity, entity)),
    Column("key", "记录"),  # the 工号, org code or number the entry is about
    Column("command", "命令"),
    Column("changes", "改动"),
)
class LogRow(NamedTuple):
    """An audit entry as ``zzy log`` lists it: the stored entry (its JSON keys, in order, to ``undoes``), then
    how the table names its record (``record``, ``subject``) and says what changed (``changes``)."""

    id: int
    at: str
    user: str
    command: str
    action: str
    entity: str
    key: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    write_no: int | None
    undoes: int | None
    record: str
    subject: str
    changes: str


#: The fields of a log entry its JSON carries (SPEC section 8).
LOG_KEYS = LogRow._fields[:LogRow._fields.index("undoes") + 1]

#: The table shows, beside the 工号, the number of the record an entry is about (SPEC section 8: ``T001 #46``).
LOG_TABLE_COLUMNS = tuple(Column("record", "记录") if column.key == "key" else column for column in LOG_COLUMNS)
#: The records a clerk names by a number (``report void 46``), whose entries a 工号 alone does not identify.
NUMBERED_ENTITIES = frozenset({"work", "appointment", "post", "training", "report", "target", "assessment",
                               "commendation", "resume"})


def _record(entity: str, key: str, before: dict[str, Any] | None, after: dict[str, Any] | None) -> str:
    """How the log names the record of an entry: its key, and its number where it has one the key is not."""
    number = (after or before or {}).get("id")
    if entity in NUMBERED_ENTITIES and isinstance(number, int) and str(number) != key:
        return f"{key} #{number}"
    return key


#: What a screen shows first (SPEC 9), one line an entry: when (local time to the minute, with its offset),
#: what was done, to which record (``任职 T001 #13``); how, on the lines below it (``below``); not who nor the
#: command. The record wraps between its words (a setting's key kept whole) beside the longest action.
LOG_COMPACT = (LOG_TABLE_COLUMNS[0], Column("at", "时间", show=dates.local_minute), LOG_TABLE_COLUMNS[3],
               Column("subject", "记录", wrap=True))


#: Audit entities whose key is a 工号 (the others are keyed by an org code or a record's number).
PERSON_KEYED = frozenset({"person", "work", "report", "assessment", "commendation", "appointment", "resume", "photo"})


def _about(staff_no: str, targets: set[str], entity: str, key: str, before: dict[str, Any] | None,
           after: dict[str, Any] | None) -> bool:
    """Whether an audit entry is about the person: their profile, posts and records (a training
    they attended, a target of theirs — ``targets``, their numbers, for entries that do not name
    the person —, an undo of one of those)."""
    if entity in PERSON_KEYED and key == staff_no or entity == "target" and key in targets:
        return True
    return any(isinstance(state, dict) and (state.get("staff_no") == staff_no
                                            or staff_no in (state.get("attendees") or []))
               for state in (before, after))


def _utc_bound(day_: date) -> str:
    """The stored (UTC) time at which the clerk's local day ``day_`` begins, in the log's ISO form."""
    return datetime.combine(day_, time()).astimezone().astimezone(UTC).isoformat(timespec="seconds")


def log(reader: Reader, *, limit: int | None, person: str | None = None, since: date | None = None,
        until: date | None = None) -> Report:
    """审计日志, newest first; ``person`` (工号 or name) keeps the entries about them, ``since`` and
    ``until`` (the clerk's local days, both included) those written in that time."""
    rows: list[LogRow] = []
    where: list[str] = ["1 = 1"]
    params: list[Any] = []
    if since is not None:
        where.append(f"{AUDIT.c('at')} >= ?")
        params.append(_utc_bound(since))
    if until is not None:
        where.append(f"{AUDIT.c('at')} < ?")
        params.append(_utc_bound(dates.day_after(until)))
    pid, staff_no = person_key(reader, person) if person is not None else (None, None)
    targets = {str(number) for (number,) in reader.rows(
        f"SELECT {TARGET.c('id')} FROM {TARGET} WHERE {TARGET.c('person_id')} = ?", pid)} if pid is not None else set()
    if staff_no is not None:  # a first narrowing in SQL; :func:`_about` decides
        where.append(f"({AUDIT.c('key')} = ? OR {AUDIT.c('before')} LIKE ? OR {AUDIT.c('after')} LIKE ? "
                     f"OR {AUDIT.c('entity')} IN ('training', 'target'))")
        mention = f'%"staff_no": "{staff_no}"%'
        params += [staff_no, mention, mention]
    query = (f"SELECT {AUDIT.cols('id', 'at', 'user', 'command', 'action', 'entity', 'key', 'before', 'after')}, "
             f"{AUDIT.cols('write_no', 'undoes')} "
             f"FROM {AUDIT} WHERE {' AND '.join(where)} ORDER BY {AUDIT.c('id')} DESC")
    entries = reader.rows(f"{query} LIMIT ?", *params, limit) if limit is not None and staff_no is None \
        else reader.rows(query, *params)
    for number, at, user, command, action, entity, key, before_text, after_text, write_no, undoes in entries:
        before, after = audit.loads(before_text), audit.loads(after_text)  # a damaged entry never fails the log
        if staff_no is not None and not _about(staff_no, targets, entity, key, before, after):
            continue
        if limit is not None and len(rows) >= limit:
            break
        record = _record(entity, key, before, after)
        rows.append(LogRow(
            id=number, at=at, user=user, command=command, action=action, entity=entity, key=key, before=before,
            after=after, write_no=write_no, undoes=undoes, record=record,
            subject=f"{label_or_text(AuditEntity, entity)} {record}",
            changes=(f"撤销写入 #{undoes}: " if undoes else "") + labels.changes(entity, before, after),
        ))
    document = [{key: getattr(row, key) for key in LOG_KEYS} for row in rows]
    return Report(tables=[Section(LOG_TABLE_COLUMNS, rows, compact=LOG_COMPACT, below="changes")], csv=Section(LOG_COLUMNS, rows),
                  document=document, name="审计日志")


class ChainRow(NamedTuple):
    """A problem of the audit log as ``log --verify`` lists it."""

    check: str
    message: str


CHAIN_COLUMNS = (Column("check", "检查项", show=lambda check: label_or_text(DoctorCheck, check)),
                 Column("message", "说明"))


def chain(verdict: Any, problems: Sequence[Any]) -> Report:
    """The audit chain's head, for the clerk to note on paper, and what breaks the chain.

    ``verdict`` is a :class:`zzy.audit.Verdict` (None when the log could not be read) and
    ``problems`` the :class:`zzy.audit_terms.Problem` found."""
    ok = verdict is not None and not problems
    lines = []
    if verdict is not None:
        if verdict.head.id:
            lines += [f"审计日志共 {verdict.entries} 条记录,链头为第 {verdict.head.id} 条。",
                      f"链头哈希: {verdict.head.hash}",
                      f"短码: {audit.short(verdict.head.hash)}(请抄在纸上;日后再运行 zzy log --verify 对照)"]
        else:
            lines.append("审计日志还没有记录。")
    lines.append("审计日志完整,未发现改动。" if ok else f"审计日志发现 {len(problems)} 个问题:")
    head = None if verdict is None else {"id": verdict.head.id, "hash": verdict.head.hash,
                                         "short": audit.short(verdict.head.hash)}
    rows = [ChainRow(p.check, p.message) for p in problems]
    document = {"ok": ok, "entries": None if verdict is None else verdict.entries, "head": head,
                "problems": [row._asdict() for row in rows]}
    return Report(tables=[Section(CHAIN_COLUMNS, rows, empty="")], document=document, header_lines=lines,
                  name="审计日志核对")


# -- arts. 15–18 records ---------------------------------------------------------------------

class TrainingRow(NamedTuple):
    """A training or work exchange (第十八条) as its list shows it, with its attendees' 工号."""

    id: int
    date: date
    title: str
    kind: str
    host: str
    host_name: str
    attendees: list[str]


TRAINING_COLUMNS = (
    Column("id", "编号", justify="right"),
    Column("date", "日期"),
    Column("title", "名称"),
    choice_column("kind", "类型", TrainingKind),
    Column("host", "主办"),
    Column("host_name", "主办单位"),
    Column("attendees", "参加人员", show=lambda people: "、".join(people)),
)
#: What a screen shows first (SPEC 9): the host by its code.
TRAINING_COMPACT = (*TRAINING_COLUMNS[:5], TRAINING_COLUMNS[6])


def in_year(column: str, year: int | None) -> tuple[str, tuple[Any, ...]]:
    """The condition (and its parameters) for a date column falling in ``year``; none without a year."""
    if year is None:
        return "1 = 1", ()
    return f"{column} BETWEEN ? AND ?", (dates.year_start(year), dates.year_end(year))


def trainings(reader: Reader, *, year: int | None = None, attended_by: int | None = None) -> list[TrainingRow]:
    """Trainings (of ``year``, or attended by one person), each with its attendees' 工号."""
    t, o, att, p = TRAINING.as_("t"), _O, ATTENDANCE, PERSON
    where, params = in_year(t.c("date"), year)
    if attended_by is not None:
        where, params = (f"{where} AND {t.c('id')} IN (SELECT {att.c('training_id')} FROM {att} "
                         f"WHERE {att.c('person_id')} = ?)"), (*params, attended_by)
    attendees: dict[int, list[str]] = {}
    for training_id, staff_no in reader.rows(
            f"SELECT {att.c('training_id')}, {p.c('staff_no')} FROM {att} JOIN {p} ON {p.c('id')} = {att.c('person_id')} "
            f"ORDER BY {p.c('staff_no')}"):
        attendees.setdefault(training_id, []).append(staff_no)
    return [
        TrainingRow(tid, cast(date, day(held)), title, kind, code, host_name, attendees.get(tid, []))
        for tid, held, title, kind, code, host_name in reader.rows(
            f"SELECT {t.cols('id', 'date', 'title', 'kind')}, {o.cols('code', 'name')} "
            f"FROM {t} JOIN {o} ON {o.c('id')} = {t.c('host_id')} "
            f"WHERE {where} ORDER BY {t.c('date')}, {t.c('id')}", *params)
    ]


def training_list(reader: Reader, *, year: int | None = None, person: str | None = None) -> Report:
    attended_by = person_id(reader, person) if person is not None else None
    return Report.of(TRAINING_COLUMNS, trainings(reader, year=year, attended_by=attended_by),
                     name="培训与工作交流", empty="没有培训记录。", compact=TRAINING_COMPACT)


class ReportRow(NamedTuple):
    """A work report (第十五条) as its list shows it."""

    id: int
    staff_no: str
    name: str
    date: date
    special: bool
    topic: str | None


REPORT_COLUMNS = (
    Column("id", "编号", justify="right"),
    Column("staff_no", "工号"),
    Column("name", "姓名"),
    Column("date", "日期"),
    Column("special", "类型", show=lambda special: "专题汇报" if special else "定期汇报"),
    Column("topic", "主题"),
)


def reports(reader: Reader, *, year: int | None = None, pid: int | None = None) -> list[ReportRow]:
    """Work reports (of ``year``, or of one person), by date."""
    r, p = REPORT.as_("r"), PERSON.as_("p")
    where, params = in_year(r.c("date"), year)
    if pid is not None:
        where, params = f"{where} AND {r.c('person_id')} = ?", (*params, pid)
    return [ReportRow(rid, staff_no, name, cast(date, day(held)), bool(special), topic)
            for rid, staff_no, name, held, special, topic in reader.rows(
                f"SELECT {r.c('id')}, {p.cols('staff_no', 'name')}, {r.cols('date', 'special', 'topic')} FROM {r} "
                f"JOIN {p} ON {p.c('id')} = {r.c('person_id')} WHERE {where} ORDER BY {r.c('date')}, {r.c('id')}",
                *params)]


def report_list(reader: Reader, *, year: int | None = None, person: str | None = None) -> Report:
    pid = person_id(reader, person) if person is not None else None
    return Report.of(REPORT_COLUMNS, reports(reader, year=year, pid=pid), name="工作汇报", empty="没有工作汇报记录。")


_TARGET_FIELDS = _listed(TARGET_KIND)
TARGET_COLUMNS = (NUMBER, Column("staff_no", "工号"), Column("name", "姓名"),
                  *(field_column(field) for field in _TARGET_FIELDS))
#: What a screen shows first (SPEC 9): whose target, due when, and its result.
TARGET_COMPACT = (TARGET_COLUMNS[0], TARGET_COLUMNS[2], TARGET_COLUMNS[3], TARGET_COLUMNS[4], TARGET_COLUMNS[7])


def targets(reader: Reader, *, pid: int | None = None) -> list[dict[str, Any]]:
    """Targets (of one person), by due date."""
    t, p = TARGET.as_("t"), PERSON.as_("p")
    where, params = (f"{t.c('person_id')} = ?", (pid,)) if pid is not None else ("1 = 1", ())
    return [{"id": tid, "staff_no": staff_no, "name": name,
             **{field.key: _stored(field, value) for field, value in zip(_TARGET_FIELDS, values, strict=True)}}
            for tid, staff_no, name, *values in reader.rows(
                f"SELECT {t.c('id')}, {p.cols('staff_no', 'name')}, "
                f"{t.cols(*(field.key for field in _TARGET_FIELDS))} "
                f"FROM {t} JOIN {p} ON {p.c('id')} = {t.c('person_id')} WHERE {where} ORDER BY {t.c('due')}, {t.c('id')}",
                *params)]


def target_list(reader: Reader, *, person: str | None = None) -> Report:
    pid = person_id(reader, person) if person is not None else None
    return Report.of(TARGET_COLUMNS, targets(reader, pid=pid), name="目标", empty="没有目标记录。",
                     compact=TARGET_COMPACT)


ASSESSMENT_COLUMNS = (NUMBER, *(field_column(field) for field in _listed(ASSESSMENT_KIND)))
COMMENDATION_COLUMNS = (NUMBER, *(field_column(field) for field in _listed(COMMENDATION_KIND)))
ASSESSMENT_LIST_COLUMNS = (NUMBER, Column("staff_no", "工号"), Column("name", "姓名"), *ASSESSMENT_COLUMNS[1:])
COMMENDATION_LIST_COLUMNS = (NUMBER, Column("staff_no", "工号"), Column("name", "姓名"), *COMMENDATION_COLUMNS[1:])


def assessments(reader: Reader, *, pid: int | None = None, year: int | None = None) -> list[dict[str, Any]]:
    """Annual grades (of one person, of one year), by year."""
    g, p = ASSESSMENT.as_("g"), PERSON.as_("p")
    conditions: list[str] = ["1 = 1"]
    params: list[Any] = []
    if pid is not None:
        conditions.append(f"{g.c('person_id')} = ?")
        params.append(pid)
    if year is not None:
        conditions.append(f"{g.c('year')} = ?")
        params.append(year)
    return [{"id": number, "staff_no": staff_no, "name": name, "year": graded, "grade": grade, "note": note}
            for number, staff_no, name, graded, grade, note in reader.rows(
                f"SELECT {g.c('id')}, {p.cols('staff_no', 'name')}, {g.cols('year', 'grade', 'note')} FROM {g} "
                f"JOIN {p} ON {p.c('id')} = {g.c('person_id')} WHERE {' AND '.join(conditions)} "
                f"ORDER BY {g.c('year')}, {p.c('staff_no')}", *params)]


def commendations(reader: Reader, *, pid: int | None = None, year: int | None = None) -> list[dict[str, Any]]:
    """Commendations (of one person, of one year), by date."""
    c, p = COMMENDATION.as_("c"), PERSON.as_("p")
    where, params = in_year(c.c("date"), year)
    if pid is not None:
        where, params = f"{where} AND {c.c('person_id')} = ?", (*params, pid)
    return [{"id": number, "staff_no": staff_no, "name": name, "date": day(held), "title": title}
            for number, staff_no, name, held, title in reader.rows(
                f"SELECT {c.c('id')}, {p.cols('staff_no', 'name')}, {c.cols('date', 'title')} FROM {c} "
                f"JOIN {p} ON {p.c('id')} = {c.c('person_id')} WHERE {where} ORDER BY {c.c('date')}, {c.c('id')}",
                *params)]


def assessment_list(reader: Reader, *, year: int | None = None, person: str | None = None) -> Report:
    pid = person_id(reader, person) if person is not None else None
    return Report.of(ASSESSMENT_LIST_COLUMNS, assessments(reader, pid=pid, year=year), name="年度考核",
                     empty="没有考核记录。")


def commendation_list(reader: Reader, *, year: int | None = None, person: str | None = None) -> Report:
    pid = person_id(reader, person) if person is not None else None
    return Report.of(COMMENDATION_LIST_COLUMNS, commendations(reader, pid=pid, year=year), name="表彰",
                     empty="没有表彰记录。")


# -- 简历与照片 (SPEC section 13) ----------------------------------------------------------------

RESUME_COLUMNS = (NUMBER, Column("staff_no", "工号"), Column("name", "姓名"),
                  *(field_column(field) for field in _listed(RESUME_KIND)))


def resume_entries(reader: Reader, *, pid: int | None = None) -> list[dict[str, Any]]:
    """简历 periods (of one person), in the order of their start, each with its number."""
    r, p = RESUME.as_("r"), PERSON.as_("p")
    where, params = (f"{r.c('person_id')} = ?", (pid,)) if pid is not None else ("1 = 1", ())
    return [{"id": number, "staff_no": staff_no, "name": name, "from": day(start), "to": day(end), "text": what}
            for number, staff_no, name, start, end, what in reader.rows(
                f"SELECT {r.c('id')}, {p.cols('staff_no', 'name')}, {r.cols('start', 'end', 'text')} FROM {r} "
                f"JOIN {p} ON {p.c('id')} = {r.c('person_id')} WHERE {where} "
                f"ORDER BY {p.c('staff_no')}, {r.c('start')}, {r.c('id')}", *params)]


def resume_list(reader: Reader, *, person: str | None = None) -> Report:
    """简历一览 (of one person)."""
    pid = person_id(reader, person) if person is not None else None
    return Report.of(RESUME_COLUMNS, resume_entries(reader, pid=pid), name="简历", empty="没有简历记录。")


def photo_of(reader: Reader, pid: int) -> bytes | None:
    """The person's photo, as kept (:mod:`zzy.images` checked it on the way in)."""
    found = reader.rows(f"SELECT {PHOTO.c('image')} FROM {PHOTO} WHERE {PHOTO.c('person_id')} = ?", pid)
    return bytes(found[0][0]) if found else None


ATTENDED_COLUMNS = (Column("id", "编号", justify="right"), Column("date", "日期"), Column("title", "名称"),
                    choice_column("kind", "类型", TrainingKind), Column("host_name", "主办单位"))
#: What a screen shows first (SPEC 9): the host by its code, as ``training list`` does.
ATTENDED_COMPACT = (*ATTENDED_COLUMNS[:4], TRAINING_COLUMNS[4])


def person_records(reader: Reader, pid: int, staff_no: str) -> tuple[list[Section], dict[str, Any]]:
    """A person's arts. 15–18 records, as table sections and as JSON keys."""
    own_reports = [{k: v for k, v in r._asdict().items() if k not in ("staff_no", "name")}
                   for r in reports(reader, pid=pid)]
    own_targets = [{k: v for k, v in t.items() if k not in ("staff_no", "name")}
                   for t in targets(reader, pid=pid)]
    own_assessments = [{k: v for k, v in row.items() if k not in ("staff_no", "name")}
                       for row in assessments(reader, pid=pid)]
    own_commendations = [{k: v for k, v in row.items() if k not in ("staff_no", "name")}
                         for row in commendations(reader, pid=pid)]
    attended = [{k: v for k, v in t._asdict().items() if k != "attendees"} for t in trainings(reader, attended_by=pid)]
    sections = [
        Section((REPORT_COLUMNS[0], *REPORT_COLUMNS[3:]), own_reports, title="工作汇报", empty="没有工作汇报记录。"),
        Section((TARGET_COLUMNS[0], *TARGET_COLUMNS[3:]), own_targets, title="目标", empty="没有目标记录。"),
        Section(ASSESSMENT_COLUMNS, own_assessments, title="年度考核", empty="没有考核记录。"),
        Section(COMMENDATION_COLUMNS, own_commendations, title="表彰", empty="没有表彰记录。"),
        Section(ATTENDED_COLUMNS, attended, title="参加培训", empty="没有参加培训记录。", compact=ATTENDED_COMPACT),
    ]
    document = {"reports": own_reports, "targets": own_targets, "assessments": own_assessments,
                "commendations": own_commendations, "trainings": attended}
    return sections, document


class ConfigRow(NamedTuple):
    """A setting as ``config show`` lists it: its key, value, meaning and default."""

    key: str
    value: Any
    label: str
    default: Any


CONFIG_COLUMNS = (Column("key", "设置项"), Column("value", "值", justify="right"), Column("label", "说明"),
                  Column("default", "默认值", justify="right"))


def config(reader: Reader) -> Report:
    from zzy import load  # start-up
    from zzy.facts import Settings  # start-up
    from zzy.rules import finding_label  # start-up

    current, defaults = load.settings(reader), Settings()

    rows = [ConfigRow(key, getattr(current, key), SETTINGS[key][2], getattr(defaults, key)) for key in SETTINGS]
    texts = dict(reader.rows(f"SELECT {SETTING.cols('key', 'value')} FROM {SETTING}"))
    rows += [ConfigRow(key, texts.get(key), label, None) for key, label in TEXT_SETTINGS.items()]
    rows += [ConfigRow(KIND_WITHIN + kind, days, f"{finding_label(kind)}提前提醒天数", current.remind_within_days)
             for kind, days in current.remind_within_days_of]
    return Report(tables=[Section(CONFIG_COLUMNS, rows)], document={row.key: row.value for row in rows},
                  name="设置")



def _profile_value(value: Any) -> str:
    """A profile's number as the clerk reads it: ranks and kinds by their Chinese labels."""
    labels: dict[str, str] = {member.value: member.label for kind in (Rank, PostKind) for member in kind}
    if isinstance(value, tuple):
        return "、".join(labels.get(str(item), str(item)) for item in value) or "(无)"
    if isinstance(value, str):
        return labels.get(value, value)
    return "" if value is None else str(value)


class ProfileNumberRow(NamedTuple):
    """A number of the rules profile (SPEC section 12): its key, what it rules, its value, article and citation."""

    key: str
    meaning: str
    value: Any
    article: int
    cite: str


PROFILE_COLUMNS = (Column("key", "键"), Column("meaning", "规定"), Column("value", "数值", show=_profile_value),
                   Column("article", "条", justify="right"), Column("cite", "引用"))


def profile_report(profile: Any, *, as_of: date, since: date | None = None) -> Report:
    """规则配置: the profile in force on ``as_of`` (adopted from ``since``; none: the shipped one), every rule
    with its number, article and citation."""
    from zzy.profile import numbers  # start-up

    rows = [ProfileNumberRow(*number) for number in numbers(profile)]
    document = {"as_of": as_of, "profile": profile.label, "from": since, **profile._asdict()}
    applies = f"(自 {since.isoformat()} 起施行)" if since else ""
    return Report(tables=[Section(PROFILE_COLUMNS, rows)], document=_plain_profile(document),
                  header_lines=[f"{profile.title}({profile.label}),{as_of.isoformat()} 在用{applies}。"],
                  name="规则配置", period=f"截至 {as_of.isoformat()}", regulation=profile.title)


PROFILE_LIST_COLUMNS = (
    Column("from", "施行日期"),
    Column("id", "标识"),
    Column("version", "版本"),
    Column("title", "名称"),
    Column("adopted_by", "采用人"),
    Column("adopted_at", "采用时间"),
)


def profile_versions(reader: Reader) -> Report:
    """The versions of the rules profile the ledger adopted, oldest first (``zzy profile list``)."""
    rows = [{"from": reader.date_of(since), "id": profile_id, "version": version, "title": title,
             "adopted_by": adopted_by, "adopted_at": adopted_at}
            for since, profile_id, version, title, adopted_by, adopted_at in reader.rows(
                f"SELECT {R.cols('from_day', 'profile_id', 'version', 'title', 'adopted_by', 'adopted_at')} "
                f"FROM {R} ORDER BY {R.c('from_day')}")]
    return Report.of(PROFILE_LIST_COLUMNS, rows, name="规则配置版本",
                     empty="账本尚未采用其他规则配置,一直按随 zzy 提供的本校配置(xsbn-vtc)判断。"
                           "用 zzy profile adopt FILE --from DATE 采用。")


def _plain_profile(document: dict[str, Any]) -> dict[str, Any]:
    """Named tuples as JSON objects, tuples as lists."""
    def plain(value: Any) -> Any:
        if hasattr(value, "_asdict"):
            return {key: plain(item) for key, item in value._asdict().items()}
        if isinstance(value, tuple):
            return [plain(item) for item in value]
        return value

    return {key: plain(value) for key, value in document.items()}


class GrantRow(NamedTuple):
    """A grant on a server ledger (``zzy grant --list``): the role, its right, the orgs it is limited to (None: all)."""

    role: str
    right: str
    orgs: list[str] | None


GRANT_COLUMNS = (
    Column("role", "角色"),
    Column("right", "权限", show=lambda key: f"{label_of(Right, key)}({key})"),
    Column("orgs", "党组织范围", show=lambda orgs: "、".join(orgs) if orgs else "全部"),
)


def grants(rows: list[dict[str, Any]]) -> Report:
    """The grants on a server ledger (:func:`zzy.access.grants`) as ``zzy grant --list`` shows them."""
    return Report.of(GRANT_COLUMNS, [GrantRow(**row) for row in rows], name="账本授权",
                     empty="还没有授权。用 zzy grant ROLE --as reader|clerk|admin 授权。")
