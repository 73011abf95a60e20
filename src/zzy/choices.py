"""The ledger's closed vocabularies: an English key for scripts, a Chinese label for the clerk.

Every option and import cell that takes one of these accepts either form.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from zzy.errors import UsageProblem


class Choice(StrEnum):
    """A value stored by its English key and shown by its Chinese label.

    Members are written ``KEY = "key", "中文标签"``; the class names its field: ``what="类别"``.
    """

    label: str
    _field_name: str

    def __new__(cls, key: str, label: str = "") -> Choice:
        member = str.__new__(cls, key)
        member._value_ = key
        member.label = label
        return member

    def __init_subclass__(cls, what: str = "", **options: object) -> None:
        super().__init_subclass__(**options)
        cls._field_name = what

    @classmethod
    def what(cls) -> str:
        """The Chinese name of the field, for messages."""
        return cls._field_name

    @classmethod
    def parse(cls, text: str) -> Choice:
        """Read a member by English key or Chinese label, or refuse (exit 2) listing both."""
        return parse_choice(cls, text)


C = TypeVar("C", bound=Choice)


def parse_choice(kind: type[C], text: str) -> C:
    """Read a choice by English key or Chinese label, or refuse (exit 2) listing both."""
    cleaned = str(text).strip()
    for member in kind:
        if cleaned.lower() == member.value or cleaned == member.label:
            return member
    accepted = "、".join(f"{m.value}({m.label})" for m in kind)
    raise UsageProblem(f"{kind.what()}「{text}」无效。可选: {accepted}")


def label_of(kind: type[Choice], key: str | None) -> str | None:
    """The Chinese label of a stored key; ``None`` stays ``None``."""
    return kind(key).label if key is not None else None


class OrgKind(Choice, what="党组织类型"):
    COMMITTEE = "committee", "学院党委"
    GRASSROOTS = "grassroots", "基层党组织"


class PostKind(Choice, what="类别"):
    """专职 or 兼职 organizer."""

    FULL = "full", "专职"
    PART = "part", "兼职"


class Rank(Choice, what="职级"):
    NONE = "none", "无"
    DEPUTY_SECTION = "deputy-section", "副科级"
    SECTION = "section", "正科级"

    @property
    def section_level(self) -> bool:
        """科级: deputy-section or section (art. 11, 12(4))."""
        return self is not Rank.NONE


class TrialResult(Choice, what="试用期考核结果"):
    """art. 13."""

    PASS = "pass", "胜任"
    FAIL = "fail", "不胜任"


class TrainingKind(Choice, what="培训类型"):
    """art. 18: 业务培训 or 工作交流."""

    TRAINING = "training", "业务培训"
    EXCHANGE = "exchange", "工作交流"


class TargetResult(Choice, what="目标考核结果"):
    """art. 16."""

    MET = "met", "完成"
    UNMET = "unmet", "未完成"


class Grade(Choice, what="考核等次"):
    """art. 17."""

    EXCELLENT = "excellent", "优秀"
    COMPETENT = "competent", "称职"
    BASIC = "basic", "基本称职"
    INCOMPETENT = "incompetent", "不称职"


class Severity(Choice, what="紧急程度"):
    """How urgent a finding is; the order here is the order of the reminder list."""

    OVERDUE = "overdue", "逾期"
    DUE = "due", "到期"
    INFO = "info", "提示"

    @property
    def rank_order(self) -> int:
        return _SEVERITY_ORDER[self.value]


_SEVERITY_ORDER = {"overdue": 0, "due": 1, "info": 2}


class OutputFormat(Choice, what="输出格式"):
    TABLE = "table", "表格"
    CSV = "csv", "CSV"
    JSON = "json", "JSON"
    XLSX = "xlsx", "Excel"
    HTML = "html", "HTML"


_YES = {"是", "yes", "y", "true", "1", "有", "在职"}
_NO = {"否", "no", "n", "false", "0", "无", "不在职", ""}


def parse_bool(value: object) -> bool:
    """A yes/no cell: ``是/否``, ``yes/no``, ``true/false``, ``1/0``; blank is no."""
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    if isinstance(value, int | float):
        if value in (0, 1):
            return bool(value)
    text = str(value).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise UsageProblem(f"「{value}」不是是/否。可用: 是/否、yes/no、true/false、1/0")
