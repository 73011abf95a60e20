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


class Refused(ZzyError):
    """账本拒绝: unknown person or org, duplicate, conflict, rule violation (exit 3)."""

    exit_code = ExitCode.REFUSED


class NotFound(Refused):
    """An unknown 工号, org code or record number."""


class RuleViolation(Refused):
    """A write that would break an article of the regulation."""


class LedgerUnusable(ZzyError):
    """账本不可用: missing, unreadable, locked too long, not a zzy ledger, too new (exit 4)."""

    exit_code = ExitCode.LEDGER_UNUSABLE
