"""What an audit entry changed, in the clerk's words: ``职级: 无 → 副科级``, not ``rank: none → ...``.

The audit log stores records as they were (English keys, stored values); ``zzy log`` shows them
with the Chinese field names of SPEC section 2 and each value by its Chinese label.  JSON and CSV
keep the stored form.
"""

from __future__ import annotations

from typing import Any

from zzy.choices import NAMED, Choice, label_or_text, of_field
from zzy.schema import AUDITED, PERSON_KIND, RECORDS, RecordKind

TABLES = {kind.table.name: kind for kind in RECORDS}

#: Internal row numbers that say nothing to a clerk (the 工号 or code beside them does).
HIDDEN = frozenset({"id", "person_id", "org_id", "host_id"})


def _shown(kind: RecordKind) -> dict[str, str]:
    return {key: label for key, label in kind.labels.items() if key not in HIDDEN}


#: Each record kind's fields by their Chinese labels (:data:`zzy.schema.RECORDS`), under every entity
#: name of its audit entries and under its table's name.
FIELDS_OF = {**{entity: _shown(kind) for entity, kind in AUDITED.items()},
             **{kind.table.name: _shown(kind) for kind in RECORDS}}
#: A field's name where the record's kind does not say: what an entry carries beyond its kind's fields
#: (the 工号 or code that stands for a reference, a training's attendees, an import's count), then
#: the first kind's label for each key (a person's 姓名 and 专业技术职务 are theirs alone).
FIELDS = {"staff_no": "工号", "org": "党组织", "host": "主办", "records": "记录数", "attendees": "参加人员",
          "bytes": "字节数", "sha256": "SHA-256"}  # a photo's entries: its size and hash, never its bytes
for _kind in RECORDS:
    for _field in _kind.fields:
        if _kind is not PERSON_KIND and _field.key not in HIDDEN:
            FIELDS.setdefault(_field.key, _field.label)
#: … and the vocabulary that shows its stored keys (a ``kind`` is its record's own).
CHOICES = {field.key: NAMED[field.choices] for kind in RECORDS for field in kind.fields
           if field.choices is not None and field.key != "kind"}


def field_name(entity: str, key: str) -> str:
    return FIELDS_OF.get(entity, {}).get(key) or FIELDS.get(key, key)


def _choice(entity: str, key: str) -> type[Choice] | None:
    """The vocabulary that shows a field's stored keys, if it has one."""
    kind = AUDITED.get(entity) or TABLES.get(entity)
    if kind is not None and key in kind.labels:
        return of_field(kind.field(key))
    return CHOICES.get(key)


def field_value(entity: str, key: str, value: Any) -> str:
    from zzy.report_types import shown  # start-up

    kind = _choice(entity, key)
    if isinstance(value, list):  # a training's attendees, kept with it when it is voided
        return "、".join(str(item) for item in value) or "无"
    if kind is not None and isinstance(value, str):
        return label_or_text(kind, value)
    return shown(value)


#: How a change shows a value that is not there (a date cleared, a reason not yet given).
EMPTY = "(空)"


def changed_value(entity: str, key: str, value: Any) -> str:
    """One side of a change: the value as :func:`field_value` shows it, :data:`EMPTY` when there is none."""
    return field_value(entity, key, value) or EMPTY


def changes(entity: str, before: dict[str, Any] | None, after: dict[str, Any] | None) -> str:
    """What an audit entry changed, in one short line of Chinese (``截止日期: 2020-01-01 → (空)``)."""
    if before and after:
        return "; ".join(
            f"{field_name(entity, key)}: {changed_value(entity, key, before.get(key))} → "
            f"{changed_value(entity, key, after.get(key))}"
            for key in sorted(after)  # as the audit log stores them: the confirmation and the log agree
            if key not in HIDDEN and before.get(key) != after.get(key)
        )
    record = after or before or {}
    return ", ".join(f"{field_name(entity, key)}={field_value(entity, key, value)}"
                     for key, value in record.items() if value is not None and key not in HIDDEN)
