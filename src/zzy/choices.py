"""The ledger's closed vocabularies: an English key for scripts, a Chinese label for the clerk.

Every option and import cell that takes one of these accepts either form.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TypeVar

from zzy.errors import UsageProblem
from zzy.schema import ETHNICITY, GENDER, RecordField


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


def label_or_text(kind: type[Choice], key: str | None) -> str:
    """The Chinese label of a key the ledger writes, or the text itself where a clerk typed it
    (a leave reason) or a newer zzy wrote a key this one does not know; ``""`` for nothing."""
    if key is None:
        return ""
    try:
        return kind(key).label
    except ValueError:
        return str(key)


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


def post_title(kind: str, rank: str) -> str:
    """``专职组织员(副科级)``; a post of no rank is just ``专职组织员``, never ``(无)``."""
    title = f"{PostKind(kind).label}组织员"
    return title if rank == Rank.NONE else f"{title}({Rank(rank).label})"


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


class EndReason(Choice, what="离任原因"):
    """Why a post ended, where zzy itself wrote the reason (else the clerk's ``--reason`` text)."""

    TRIAL_FAILED = "trial_failed", "试用期考核不胜任"
    ROTATION = "rotation", "交流轮岗"


class AuditAction(Choice, what="操作"):
    """What an audit entry records (``zzy log``)."""

    ADD = "add", "登记"
    EDIT = "edit", "修改"
    VOID = "void", "作废"
    UNDO = "undo", "撤销操作"
    APPOINT = "appoint", "任命"
    LEAVE = "leave", "离任"
    ROTATE = "rotate", "交流轮岗"
    TRIAL = "trial", "试用期考核"
    ASSESS = "assess", "考核"
    ATTEND = "attend", "登记参加"
    UNATTEND = "unattend", "取消参加"
    RENAME = "rename", "更名"
    DISSOLVE = "dissolve", "撤销"
    SET = "set", "设置"
    IMPORT = "import", "导入"
    RESTORE = "restore", "恢复"
    GRANT = "grant", "授权"
    REVOKE = "revoke", "收回权限"
    UPGRADE = "upgrade", "升级"
    UNTOLD = "untold", "未如实登记的改动"  # written by the server (PostgreSQL): rows a write changed unannounced


class AuditEntity(Choice, what="对象"):
    """Which kind of record an audit entry is about."""

    ORG = "org", "党组织"
    PERSON = "person", "人员"
    WORK = "work", "党务工作经历"
    APPOINTMENT = "appointment", "任职"
    POST = "post", "任职"
    TRAINING = "training", "培训"
    ATTENDANCE = "attendance", "参加培训"
    REPORT = "report", "工作汇报"
    TARGET = "target", "目标"
    ASSESSMENT = "assessment", "年度考核"
    COMMENDATION = "commendation", "表彰"
    RESUME = "resume", "简历"
    PHOTO = "photo", "照片"
    CONFIG = "config", "设置"
    LEDGER = "ledger", "账本"
    GRANT = "grant", "权限"


class DoctorCheck(Choice, what="检查项"):
    """What ``zzy doctor`` checked, beyond the rules (whose checks ``rules.CHECKS`` names): the file, the
    references, the audit log, and the special approvals it lists."""

    INTEGRITY = "integrity", "数据完整性"
    REFERENCES = "references", "引用关系"
    AUDIT_CHAIN = "audit_chain", "审计日志链"
    AUDIT_TRIGGERS = "audit_triggers", "审计日志保护"
    AUDIT_TABLE = "audit_table", "审计日志表结构"
    AUDIT_WITNESS = "audit_witness", "审计日志见证"
    PERMISSIONS = "permissions", "文件权限"
    OVERRIDE = "override", "特批任职"


class OutputFormat(Choice, what="输出格式"):
    TABLE = "table", "表格"
    CSV = "csv", "CSV"
    JSON = "json", "JSON"
    XLSX = "xlsx", "Excel"
    HTML = "html", "HTML"



class Right(Choice, what="权限"):
    """What a database role may do with a shared ledger (SPEC section 10); each includes the one before."""

    READER = "reader", "只读"
    CLERK = "clerk", "文书"
    ADMIN = "admin", "管理员"

class Gender(Choice, what="性别"):
    """性别 on the 干部任免审批表 (SPEC section 13)."""

    MALE = "male", "男"
    FEMALE = "female", "女"


#: 民族: the 56 names of GB/T 3304-1991 《中国各民族名称的罗马字母拼写法和代码》, in the standard's order
#: (codes 01–56).  Stored and written as the name itself.
ETHNICITIES = (
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
    "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族",
    "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族",
    "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族",
    "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族",
    "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族",
)


def parse_ethnicity(value: object) -> str:
    """One of the 56 names of GB/T 3304 (``汉族``, ``傣族``), or refuse (exit 2), suggesting the
    full name where the clerk left off 族 (``傣`` → ``傣族``)."""
    text = str(value).strip()
    if text in ETHNICITIES:
        return text
    hint = f"是否应为「{text}族」?" if f"{text}族" in ETHNICITIES else "请写全称,如 汉族、傣族、哈尼族。"
    raise UsageProblem(f"民族「{value}」不是 GB/T 3304 规定的 56 个民族名称之一。{hint}")


def _gender(value: object) -> str:
    return Gender.parse(str(value)).value


#: How a person's field of a closed vocabulary (:data:`zzy.schema.PERSON_FIELDS`) reads a value: the
#: stored form, or a refusal (exit 2).  The ledger's person writes, the import and ``restore`` use it.
FIELD_CHOICES: dict[str, Callable[[object], str]] = {GENDER: _gender, ETHNICITY: parse_ethnicity}


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


def choice_labels() -> dict[str, str]:
    """Every option value's Chinese label by its English key (for ``[默认: …]`` in help)."""
    return {member.value: member.label
            for kind in (OrgKind, PostKind, Rank, TrialResult, TrainingKind, TargetResult, Grade, OutputFormat)
            for member in kind}


#: The vocabularies a field of :data:`zzy.schema.RECORDS` names as its ``choices``.
NAMED: dict[str, type[Choice]] = {kind.__name__: kind for kind in (
    OrgKind, PostKind, Rank, TrialResult, TrainingKind, TargetResult, Grade, EndReason, Gender)}


def of_field(field: RecordField) -> type[Choice] | None:
    """The vocabulary whose labels show a field's stored keys (:attr:`RecordField.choices`), if any."""
    return NAMED[field.choices] if field.choices is not None else None
