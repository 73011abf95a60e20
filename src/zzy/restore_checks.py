"""What an export document must be before ``restore`` loads it (SPEC 11): every record as the
single commands would have accepted it.

Two passes.  :func:`read_document` checks each record on its own — its fields and their types,
the choices (类别, 职级 …), the text rules of :mod:`zzy.text`, dates, numbers that must be unique,
the records it refers to, and the rules the record breaks by itself (:func:`zzy.rules.problems`, ``alone``:
the very entry every write asks, in its sentence) — and gives back rows ready to insert.  :func:`rule_problems`
then runs, over the loaded ledger, the same checks ``doctor`` runs (:func:`zzy.rules.ledger_problems`: those
entries over every record among the others, and arts. 11/12(4) unless overridden), so that a restore refuses
exactly what doctor would report.
Every problem is one line, ``<table> 第N条 <field>: <reason>``, N counting from 1 in the file.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, get_args

from zzy import audit, dates, rules, text
from zzy.choices import FIELD_CHOICES, NAMED, Choice
from zzy.errors import UsageProblem, ZzyError
from zzy.facts import AssessmentFacts, PersonFacts, PostFacts, TargetFacts, TrainingFacts, WorkFacts
from zzy.profile import ProfileInvalid, from_document
from zzy.schema import (
    APPOINTMENT_KIND,
    ASSESSMENT_KIND,
    ATTENDANCE_KIND,
    CHOICE,
    COMMENDATION_KIND,
    PERSON_KIND,
    RECORD,
    RECORDS,
    REFERENCE,
    REPORT_KIND,
    RESUME_KIND,
    TARGET_KIND,
    WORK_KIND,
    RecordKind,
)
from zzy.settings import config_key, setting_value

if TYPE_CHECKING:
    from sqlmodel import SQLModel

    from zzy.facts import LedgerFacts

#: Keys of the document that are not tables.
HEADER_KEYS = ("format", "format_version", "schema_version", "audit_head")

#: Fields stored as the English key of a choice (:data:`zzy.schema.RECORDS`).
CHOICES: dict[tuple[str, str], type[Choice]] = {
    (kind.exported, field.key): NAMED[field.choices]
    for kind in RECORDS for field in kind.fields if field.kind == CHOICE and field.choices is not None}

#: Fields that hold a number of another table's record.
REFERENCES: dict[tuple[str, str], str] = {
    (kind.exported, field.key): RECORD[field.reference].exported
    for kind in RECORDS for field in kind.fields if field.kind == REFERENCE and field.reference is not None}

#: Fields (beyond the record number) whose values no two records may share.
UNIQUE: dict[str, tuple[str, ...]] = {kind.exported: kind.unique for kind in RECORDS if kind.unique}
UNIQUE["profiles"] = ("from_day",)  # the rules profile's versions: one a day (SPEC 12)

#: The largest record number (and year) a ledger holds: PostgreSQL's ``integer``.
LARGEST_NUMBER = 2**31 - 1

def _choice_rule(read: Callable[[object], str]) -> Callable[..., str]:
    """A person's field of a closed vocabulary checked as a text rule is: ``(value, label)``."""
    return lambda value, _label: read(value)


def _text_rules() -> dict[tuple[str, str], tuple[Callable[..., Any], str]]:
    """Text fields: the rule of :mod:`zzy.text` each command applies, and how its messages name the field."""
    return {(kind.exported, field.key): (text.RULES[field.kind], field.said) if field.kind in text.RULES
            else (_choice_rule(FIELD_CHOICES[field.kind]), field.said)
            for kind in RECORDS for field in kind.fields if field.kind in text.RULES or field.kind in FIELD_CHOICES}


class Problems:
    """Problems found so far, each as ``<table> 第N条 <field>: <reason>``."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        #: The lines of the rules' problems (:func:`zzy.rules.problems`), with the rule's sentence: a file whose
        #: every other line is sound is loaded and read whole too, each rule told once.
        self.ruled: list[tuple[str, str]] = []

    def add(self, table: str, index: int | None, field: str | None, reason: str) -> None:
        where = table if index is None else f"{table} 第{index}条"
        self.lines.append(f"{where} {field}: {reason}" if field else f"{where}: {reason}")


def _base_type(model: type[SQLModel], name: str) -> tuple[type, bool]:
    """A field's Python type and whether it may be null."""
    annotation = model.model_fields[name].annotation
    members = [a for a in get_args(annotation) if a is not type(None)] or [annotation]
    return members[0], type(None) in get_args(annotation)


def _typed_value(value: Any, kind: type) -> tuple[Any, str | None]:
    """``value`` as a field of ``kind`` holds it, or the reason it cannot be."""
    if kind is bool:
        return (value, None) if isinstance(value, bool) else (None, f"应为 true 或 false,收到 {_shown(value)}")
    if kind is int:
        if not isinstance(value, int) or isinstance(value, bool):
            return None, f"应为整数,收到 {_shown(value)}"
        if not 0 < value <= LARGEST_NUMBER:
            return None, f"{_shown(value)} 超出范围(应为 1 到 {LARGEST_NUMBER} 之间的整数)"
        return value, None
    if kind is date:
        if not isinstance(value, str):
            return None, f"应为日期(如 2024-03-01),收到 {_shown(value)}"
        try:
            return dates.parse_date(value), None
        except ZzyError as refused:
            return None, refused.message
    if kind is bytes:
        return _image_value(value)
    if not isinstance(value, str):
        return None, f"应为文字,收到 {_shown(value)}"
    return value, None


def _image_value(value: Any) -> tuple[Any, str | None]:
    """A photo's bytes, written in base64 (an export never holds raw bytes)."""
    import base64  # start-up
    import binascii  # start-up

    from zzy.images import MAX_BYTES  # start-up

    if not isinstance(value, str):
        return None, f"应为 base64 编码的图片,收到 {_shown(value)}"
    if len(value) > (MAX_BYTES + 2) // 3 * 4:
        return None, "照片超过 2 MB"
    try:
        return base64.b64decode(value, validate=True), None
    except (binascii.Error, ValueError):
        return None, "不是有效的 base64 编码"


def _shown(value: Any) -> str:
    """A value from the document inside a message, short and on one line."""
    if isinstance(value, (dict, list)):
        return "一个对象" if isinstance(value, dict) else "一个列表"

    written = json.dumps(value, ensure_ascii=False)
    return written if len(written) <= 40 else written[:37] + "…"


def _name(key: str) -> str:
    """A key from the document inside a message: as written, escapes and all, without quotes."""
    return _shown(key)[1:-1] if _shown(key).endswith('"') else _shown(key)


def read_document(doc: dict[str, Any], tables: tuple[tuple[str, type[SQLModel]], ...], *, today: date
                  ) -> tuple[dict[str, list[dict[str, Any]]], list[str], list[tuple[str, str]]]:
    """The document's records as rows ready to insert, every problem of their fields found record by record,
    and the rules each record breaks on its own (``(line, the rule's sentence)``).

    Each table's records are taken out of ``doc`` as they are read (a big export is held once, not twice)."""
    problems = Problems()
    known = {name for name, _ in tables}
    for key in doc:
        if key not in known and key not in HEADER_KEYS:
            problems.add(_name(key), None, None, "不是 zzy 导出文件中的表")
    text_rules = _text_rules()
    rows: dict[str, list[dict[str, Any]]] = {}
    for name, model in tables:
        listed = doc.pop(name, [])
        if not isinstance(listed, list):
            problems.add(name, None, None, f"应为记录的列表,收到 {_shown(listed)}")
            listed = []
        plan = _plan(name, model, text_rules)
        rows[name] = [row for index, raw in enumerate(listed, start=1)
                      if (row := _read_row(name, model, index, raw, plan, problems)) is not None]
        del listed
    _check_numbers(rows, problems)
    _check_records({name: [row for row in listed if row["_ok"]] for name, listed in rows.items()}, problems,
                   today=today)
    if all(entry["_ok"] for entry in rows.get("audit", [])):
        rows["audit"] = _check_chain(rows.get("audit", []), problems)
        _check_head(doc.get("audit_head"), rows["audit"], problems)
    return rows, problems.lines, problems.ruled


def _check_head(head: Any, entries: list[dict[str, Any]], problems: Problems) -> None:
    """The head an export carries (since 0.5) is its last entry: entries cut off the end of the
    file's log show."""
    if head is None:
        return
    if not (isinstance(head, dict) and isinstance(head.get("id"), int) and isinstance(head.get("hash"), str)):
        problems.add("audit_head", None, None, "链头应为 {\"id\": 编号, \"hash\": 哈希}")
        return
    last = (entries[-1]["id"], entries[-1].get("hash")) if entries else (0, "")
    if (head["id"], head["hash"]) != last:
        problems.add("audit_head", None, None, f"导出时的链头是第 {head['id']} 条,而文件中的审计记录"
                     f"{'到第 ' + str(last[0]) + ' 条为止' if last[0] else '是空的'}或末条不符(导出后被改动过)")


class _Column(NamedTuple):
    """How a field of a table is read: worked out once for the table, not again for each record."""

    name: str
    kind: type
    nullable: bool
    #: The values a choice takes, and how a refusal names them; ``None`` for a field that is no choice.
    choices: tuple[frozenset[str], str, str] | None
    rule: tuple[Callable[..., Any], str] | None


def _plan(table: str, model: type[SQLModel],
          text_rules: dict[tuple[str, str], tuple[Callable[..., Any], str]]) -> list[_Column]:
    plan = []
    for name in model.model_fields:
        kind, nullable = _base_type(model, name)
        choices = None
        if (table, name) in CHOICES:
            choice = CHOICES[(table, name)]
            choices = (frozenset(member.value for member in choice), choice._field_name,
                       "、".join(f"{m.value}({m.label})" for m in choice))
        plan.append(_Column(name, kind, nullable, choices, text_rules.get((table, name))))
    return plan


def _read_row(table: str, model: type[SQLModel], index: int, raw: Any, plan: list[_Column],
              problems: Problems) -> dict[str, Any] | None:
    if not isinstance(raw, dict):
        problems.add(table, index, None, f"应为一条记录(JSON 对象),收到 {_shown(raw)}")
        return None
    before = len(problems.lines)
    row: dict[str, Any] = {"_index": index}
    fields = model.model_fields
    for key in raw:
        if key not in fields:
            problems.add(table, index, _name(key), "不是这种记录的字段")
    for name, kind, nullable, choices, rule_of in plan:
        value = raw.get(name)
        if value is None:
            if name in ("prev_hash", "hash"):  # exports made before the chain
                continue
            if not nullable or name == "id":
                problems.add(table, index, name, "缺少此字段" if name not in raw else "不能为空")
            row[name] = None
            continue
        value, reason = _typed_value(value, kind)
        if reason is None and choices is not None:
            values, field_name, accepted = choices
            if value not in values:
                reason = f"{_shown(value)} 不是有效的{field_name},可用: {accepted}"
        if reason is None and rule_of is not None:
            rule, label = rule_of
            try:
                cleaned = rule(value, label)
            except ZzyError as refused:
                reason = refused.message.removesuffix("。")
            else:
                if cleaned is None:
                    reason = f"{label}为空时应写作 null"
                elif cleaned != value:
                    reason = f"{label}两端不能有空格"
        if reason is not None:
            problems.add(table, index, name, reason)
        row[name] = value
    row["_ok"] = len(problems.lines) == before
    return row


def _check_numbers(rows: dict[str, list[dict[str, Any]]], problems: Problems) -> None:
    """Record numbers and unique fields appear once; references name a record in the file
    (records that failed their own checks are left out, so that one mistake is told once)."""
    numbers = {table: {row.get("id") for row in listed} for table, listed in rows.items()}
    rows = {table: [row for row in listed if row["_ok"]] for table, listed in rows.items()}
    for table, listed in rows.items():
        keys: list[tuple[str, ...]] = [("id",)] if listed and "id" in listed[0] else []
        if table in UNIQUE:
            keys.append(UNIQUE[table])
        for fields in keys:
            seen: dict[tuple[Any, ...], int] = {}
            for row in listed:
                value = tuple(row.get(f) for f in fields)
                if value in seen:
                    problems.add(table, row["_index"], "、".join(fields),
                                 f"与第{seen[value]}条重复({'、'.join(str(v) for v in value)})")
                else:
                    seen[value] = row["_index"]
    for (table, field), target in REFERENCES.items():
        for row in rows.get(table, []):
            if row.get(field) not in numbers.get(target, set()):
                problems.add(table, row["_index"], field, f"引用的 {target} 记录 {row.get(field)} 不在文件中")


F = TypeVar("F")


def _facts(facts: Callable[..., F], row: dict[str, Any], **named: Any) -> F:
    """A record of the file as the rules read it: its columns by the facts' field names, ``named`` the rest
    (the rules read a record of the file on its own, so it needs no 工号 or org code)."""
    fields: tuple[str, ...] = getattr(facts, "_fields")  # noqa: B009  (a NamedTuple's fields)
    return facts(**{name: row[name] for name in fields if name in row and name not in named}, **named)


def _add_own(problems: Problems, kind: RecordKind, row: dict[str, Any], new: Any, *, today: date) -> None:
    """What one record must be on its own (:func:`zzy.rules.problems`, ``alone``: without the ledger around
    it), each problem on the line of its field, in the very sentence a write and ``doctor`` say it in."""
    for problem in rules.problems(kind.key, new, rules.Around(today, alone=True)):
        problems.add(kind.exported, row["_index"], problem.field, problem.message)
        problems.ruled.append((problems.lines.pop(), problem.message))


def _check_records(rows: dict[str, list[dict[str, Any]]], problems: Problems, *, today: date) -> None:
    """What the single commands refuse of one record, beyond its fields, asked of the rules record by record
    (the order of its dates, fields that go together, events not yet happened), and a known setting in its range."""
    for row in rows.get("persons", []):
        if row["in_service"] is None or row["joined"] is None:
            continue
        _add_own(problems, PERSON_KIND, row, _facts(PersonFacts, row), today=today)
        if not row["in_service"] and row["out_of_service_on"] is None:  # an export before schema 7 has no date
            row["out_of_service_on"] = rules.presumed_out_of_service_on(
                row["joined"], [(post["start"], post["end"]) for post in rows.get("appointments", [])
                                if post["person_id"] == row["id"] and post["start"] is not None])
    for row in rows.get("work", []):
        _add_own(problems, WORK_KIND, row, WorkFacts(start=row["start"], last_day=row["end"]), today=today)
    for row in rows.get("appointments", []):
        _add_own(problems, APPOINTMENT_KIND, row, _facts(PostFacts, row, staff_no="", org=""), today=today)
    for kind in (REPORT_KIND, COMMENDATION_KIND):
        for row in rows.get(kind.exported, []):
            _add_own(problems, kind, row, row["date"], today=today)
    held = {row["id"]: _facts(TrainingFacts, row, host="") for row in rows.get("trainings", [])}
    for row in rows.get("attendance", []):
        if row["training_id"] in held:
            _add_own(problems, ATTENDANCE_KIND, row, held[row["training_id"]], today=today)
    for row in rows.get("targets", []):
        _add_own(problems, TARGET_KIND, row, _facts(TargetFacts, row, staff_no=""), today=today)
    for row in rows.get("assessments", []):
        if not dates.EARLIEST_YEAR <= row["year"] <= dates.LATEST_YEAR:
            problems.add("assessments", row["_index"], "year",
                         f"年份 {row['year']} 超出范围({dates.EARLIEST_YEAR}–{dates.LATEST_YEAR})")
        else:
            _add_own(problems, ASSESSMENT_KIND, row, _facts(AssessmentFacts, row, staff_no=""), today=today)
    for row in rows.get("resume", []):
        _add_own(problems, RESUME_KIND, row, WorkFacts(start=row["start"], last_day=row["end"]), today=today)
    for row in rows.get("photos", []):
        _check_photo(row, problems)
    _check_profiles(rows.get("profiles", []), problems)
    for row in rows.get("settings", []):
        try:
            key = config_key(row["key"])[0]
        except UsageProblem:
            key = None
        if key != row["key"]:
            problems.add("settings", row["_index"], "key", f"没有设置项 {row['key']}")
            continue
        try:
            stored = setting_value(row["key"], row["value"])
        except ZzyError as refused:
            problems.add("settings", row["_index"], "value", refused.message.removesuffix("。"))
        else:
            if stored != row["value"]:
                problems.add("settings", row["_index"], "value", f"应写作「{stored}」")


def _check_profiles(rows: list[dict[str, Any]], problems: Problems) -> None:
    """Each adopted version of the rules profile is a valid profile (checked as ``profile adopt`` checks a
    file), named as its row says."""
    for row in rows:
        try:
            version = from_document(row["document"], source="document")
        except ProfileInvalid as invalid:
            problems.add("profiles", row["_index"], "document",
                         "不是有效的规则配置: " + ";".join(map(str, invalid.found)))
            continue
        for field, value in (("profile_id", version.id), ("version", version.version), ("title", version.title)):
            if row[field] != value:
                problems.add("profiles", row["_index"], field, f"应与规则配置中的一致:「{value}」")


def _check_photo(row: dict[str, Any], problems: Problems) -> None:
    """A photo is what ``person photo`` would keep (:func:`zzy.images.read_photo`), and says so of itself."""
    from zzy.images import read_photo  # start-up

    try:
        photo = read_photo(row["image"], name="照片")
    except ZzyError as refused:
        problems.add("photos", row["_index"], "image", refused.message.removesuffix("。"))
        return
    for field in ("format", "width", "height"):
        if row[field] != getattr(photo, field):
            problems.add("photos", row["_index"], field, f"与图片本身不符(图片为 {getattr(photo, field)})")


def _check_chain(entries: list[dict[str, Any]], problems: Problems) -> list[dict[str, Any]]:
    """The audit entries as they were: numbers in order and, where the file carries the hashes
    (exports since the chain), verified as doctor verifies a ledger's; older exports are chained now."""
    numbers = [entry["id"] for entry in entries]
    if numbers != sorted(set(numbers)):
        problems.add("audit", None, "id", "审计记录须按编号从小到大排列")
        return entries
    hashed = ["hash" in entry for entry in entries]
    if all(hashed):
        verdict = audit.verify([tuple(entry.get(name) for name in audit.COLUMNS) for entry in entries])
        for message in verdict.problems:
            problems.add("audit", None, None, f"{message.removesuffix('。')}(导出后被改动过,或导出时链已断开)")
        return entries
    if any(hashed):
        problems.add("audit", None, "hash", "只有部分审计记录带有哈希")
        return entries
    plain = [{k: v for k, v in e.items() if not k.startswith("_")} for e in entries]
    return [{**linked, "_index": given["_index"], "_ok": True}
            for given, linked in zip(entries, audit.chained(plain, audit.Head(0, audit.GENESIS)), strict=True)]


def rule_problems(facts: LedgerFacts, *, today: date, said: frozenset[str] = frozenset()) -> list[str]:
    """What doctor would report of the loaded records (:func:`zzy.rules.ledger_problems`), but for
    posts held by special approval (特批), which are accepted exceptions, and the rules' sentences ``said``
    already on a record's own line."""
    return [" ".join(part for part in (p.staff_no, p.org, p.message) if part)
            for p in rules.refused(rules.ledger_problems(facts, today=today)) if p.message not in said]
