"""Typed refusals, each carrying its Chinese message and the exit code of SPEC section 5.

The CLI catches :class:`ZzyError` once, at its boundary, and prints ``错误: <message>``.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """退出码 (SPEC section 5)."""

    OK = 0
    NOT_ELIGIBLE = 1
    USAGE = 2
    REFUSED = 3
    LEDGER_UNUSABLE = 4


#: The most problems a refusal lists on the terminal; the rest are counted (``--problems FILE`` has them all).
SHOWN_PROBLEMS = 200


def shown_problems(problems: list[str]) -> list[str]:
    """The problems the terminal lists: the first :data:`SHOWN_PROBLEMS`, then how many more there are."""
    if len(problems) <= SHOWN_PROBLEMS:
        return problems
    return [*problems[:SHOWN_PROBLEMS], f"……另有 {len(problems) - SHOWN_PROBLEMS} 个问题未列出。"]


class ZzyError(Exception):
    """A refusal the clerk should read: a Chinese sentence that says what to do."""

    exit_code: ExitCode = ExitCode.REFUSED

    def __init__(self, message: str, *, problems: list[str] | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or []
        #: The record field the refusal is about (English key), for import's ``第N行 列名: 原因``.
        self.field = field

    def __str__(self) -> str:
        return "\n".join([self.message, *self.problems])


class UsageProblem(ZzyError):
    """用法错误: malformed date, number or choice (exit 2)."""

    exit_code = ExitCode.USAGE


class BadText(UsageProblem):
    """A text field that breaks the rules of :mod:`zzy.text` (exit 2): ``reason`` says why without
    naming the field, so that an import can write ``第N行 列名: reason``."""

    def __init__(self, label: str, reason: str, *, field: str | None = None) -> None:
        super().__init__(f"{label}{reason}。", field=field)
        self.label = label
        self.reason = reason


class Refused(ZzyError):
    """账本拒绝: unknown person or org, duplicate, conflict, rule violation (exit 3)."""

    exit_code = ExitCode.REFUSED


class NotFound(Refused):
    """An unknown 工号, org code or record number."""


class RuleViolation(Refused):
    """A write that would break an article of the regulation."""


class NeedsOverride(RuleViolation):
    """A post whose person fails arts. 11/12(4): written only with a reason for the committee's
    approval (特批). ``finding`` says what fails; the command names its option, an import its column."""

    def __init__(self, finding: str, *, problems: list[str], field: str | None = None) -> None:
        super().__init__(f"{finding}如经党委特批,请加 --override \"特批理由\" 重新执行。", problems=problems, field=field)
        self.finding = finding


class LedgerUnusable(ZzyError):
    """账本不可用: missing, unreadable, locked too long, not a zzy ledger, too new (exit 4)."""

    exit_code = ExitCode.LEDGER_UNUSABLE


def ledger_busy(label: object, waited: float, holder: str | None = None) -> LedgerUnusable:
    """Another program held the ledger longer than a command waits; ``holder`` says who, if known."""
    who = f"占用者: {holder}" if holder else "无法得知是哪个程序"
    return LedgerUnusable(f"账本 {label} 正被其他程序占用,等待 {waited:g} 秒后仍未释放({who})。"
                          "请稍后重试,或请占用者结束操作。")


def ledger_failed(label: object, reason: str) -> LedgerUnusable:
    """The database could not do what was asked (disk, permissions, connection)."""
    return LedgerUnusable(f"无法使用账本 {label}: {reason}。")


def not_a_ledger(label: object, reason: str) -> LedgerUnusable:
    """The file is not a database, or is damaged."""
    return LedgerUnusable(f"{label} 不是 zzy 账本,或已损坏({reason})。请用 --db 指定正确的账本文件。")
