"""What an audit entry changed, in the clerk's words: ``职级: 无 → 副科级``, not ``rank: none → ...``.

The audit log stores records as they were (English keys, stored values); ``zzy log`` shows them
with the Chinese field names of SPEC section 2 and each value by its Chinese label.  JSON and CSV
keep the stored form.
"""

from __future__ import annotations

from typing import Any

from zzy.choices import EndReason, Gender, Grade, OrgKind, PostKind, Rank, TargetResult, TrainingKind, TrialResult
from zzy.schema import PERSON_FIELDS

#: Field names shared by every kind of record.
FIELDS = {
    "staff_no": "工号", "name": "名称", "code": "代码", "org": "党组织", "host": "主办", "kind": "类型",
    "dissolved_on": "撤销日期",
    "start": "起始日期", "end": "截止日期", "note": "说明", "rank": "职级", "end_reason": "离任原因",
    "promoted": "新提拔", "prior_rank": "试任前职级", "trial_result": "试用期考核", "trial_decided_on": "考核日期",
    "override": "特批理由", "date": "日期", "title": "名称", "special": "专题汇报", "topic": "主题", "due": "期限",
    "quantity": "数量要求", "quality": "质量要求", "result": "结果", "assessed_on": "考核日期", "year": "年度",
    "grade": "等次", "training_id": "培训编号", "key": "设置项", "value": "值", "records": "记录数",
    "attendees": "参加人员", "text": "经历", "format": "格式", "width": "宽(像素)", "height": "高(像素)",
    "bytes": "字节数", "sha256": "SHA-256",
}
#: Where a record names a field differently (an appointment's ``start`` is its 任职日期).
FIELDS_OF = {
    "person": {field.key: field.label for field in PERSON_FIELDS},
    "appointment": {"kind": "类别", "start": "任职日期", "end": "离任日期"},
    "post": {"kind": "类别", "start": "任职日期", "end": "离任日期"},
}
#: Internal row numbers that say nothing to a clerk (the 工号 or code beside them does).
HIDDEN = frozenset({"id", "person_id", "org_id", "host_id"})
#: Stored keys shown by their Chinese label, by field (``kind`` depends on the record).
CHOICES = {"rank": Rank, "prior_rank": Rank, "trial_result": TrialResult, "result": TargetResult, "grade": Grade,
           "end_reason": EndReason, "gender": Gender}
KINDS = {"org": OrgKind, "appointment": PostKind, "post": PostKind, "training": TrainingKind}


def field_name(entity: str, key: str) -> str:
    return FIELDS_OF.get(entity, {}).get(key) or FIELDS.get(key, key)


def field_value(entity: str, key: str, value: Any) -> str:
    from zzy.choices import label_or_text
    from zzy.render import shown

    kind = KINDS.get(entity) if key == "kind" else CHOICES.get(key)
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
