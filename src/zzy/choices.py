"""The ledger's closed vocabularies: an English key for scripts, a Chinese label for the clerk.

Every option and import cell that takes one of these accepts either form.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from zzy.errors import UsageProblem


class Choice(StrEnum):
    """A value stored by its English key and shown by its Chinese label."""

    @property
    def label(self) -> str:
        return self._labels()[self.value]

    @classmethod
    def _labels(cls) -> dict[str, str]:
        raise NotImplementedError

    @classmethod
    def what(cls) -> str:
        """The Chinese name of the field, for messages."""
        raise NotImplementedError

    @classmethod
    def metavar(cls) -> str:
        return "|".join(member.value for member in cls)

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


class OrgKind(Choice):
    COMMITTEE = "committee"
    GRASSROOTS = "grassroots"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"committee": "学院党委", "grassroots": "基层党组织"}

    @classmethod
    def what(cls) -> str:
        return "党组织类型"


class PostKind(Choice):
    """类别: 专职 or 兼职 organizer."""

    FULL = "full"
    PART = "part"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"full": "专职", "part": "兼职"}

    @classmethod
    def what(cls) -> str:
        return "类别"


class Rank(Choice):
    """职级."""

    NONE = "none"
    DEPUTY_SECTION = "deputy-section"
    SECTION = "section"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"none": "无", "deputy-section": "副科级", "section": "正科级"}

    @classmethod
    def what(cls) -> str:
        return "职级"

    @property
    def section_level(self) -> bool:
        """科级: deputy-section or section (art. 11, 12(4))."""
        return self is not Rank.NONE


class TrialResult(Choice):
    """试用期考核 (art. 13)."""

    PASS = "pass"
    FAIL = "fail"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"pass": "胜任", "fail": "不胜任"}

    @classmethod
    def what(cls) -> str:
        return "试用期考核结果"


class TrainingKind(Choice):
    """art. 18: 业务培训 or 工作交流."""

    TRAINING = "training"
    EXCHANGE = "exchange"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"training": "业务培训", "exchange": "工作交流"}

    @classmethod
    def what(cls) -> str:
        return "培训类型"


class TargetResult(Choice):
    """art. 16: 完成 or 未完成."""

    MET = "met"
    UNMET = "unmet"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"met": "完成", "unmet": "未完成"}

    @classmethod
    def what(cls) -> str:
        return "目标考核结果"


class Grade(Choice):
    """art. 17: 考核等次."""

    EXCELLENT = "excellent"
    COMPETENT = "competent"
    BASIC = "basic"
    INCOMPETENT = "incompetent"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "excellent": "优秀",
            "competent": "称职",
            "basic": "基本称职",
            "incompetent": "不称职",
        }

    @classmethod
    def what(cls) -> str:
        return "考核等次"


class Severity(Choice):
    """How urgent a finding is; the order here is the order of the reminder list."""

    OVERDUE = "overdue"
    DUE = "due"
    INFO = "info"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"overdue": "逾期", "due": "到期", "info": "提示"}

    @classmethod
    def what(cls) -> str:
        return "紧急程度"

    @property
    def rank_order(self) -> int:
        return _SEVERITY_ORDER[self.value]


_SEVERITY_ORDER = {"overdue": 0, "due": 1, "info": 2}


class OutputFormat(Choice):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"
    XLSX = "xlsx"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"table": "表格", "csv": "CSV", "json": "JSON", "xlsx": "Excel"}

    @classmethod
    def what(cls) -> str:
        return "输出格式"


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
