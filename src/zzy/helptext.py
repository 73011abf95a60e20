"""Chinese help screens at Click's plain-text speed.

Typer's Rich help pulls in Rich and Markdown on every ``--help``; zzy prints Click's plain
help instead and puts Click's few English words into Chinese.
"""

from __future__ import annotations

import re
from typing import Any

from typer.core import TyperCommand, TyperGroup

_WORDS = (
    (re.compile(r"^Usage: ", re.M), "用法: "),
    (re.compile(r"^Options:$", re.M), "选项:"),
    (re.compile(r"^Arguments:$", re.M), "参数:"),
    (re.compile(r"^Commands:$", re.M), "命令:"),
    (re.compile(r"Show this message and exit\."), "显示本帮助并退出。"),
    (re.compile(r"Install\s+completion\s+for\s+the\s+current\s+shell\."), "为当前 shell 安装命令补全。"),
    (re.compile(r"Show\s+completion\s+for\s+the\s+current\s+shell,\s+to\s+copy\s+it\s+or\s+customize\s+the\s+"
                r"installation\."),
     "显示当前 shell 的补全脚本,可复制后自行安装。"),
    (re.compile(r"\[required\]"), "[必填]"),
)
#: ``[default: training]``, perhaps broken across lines by Click's formatter.
_DEFAULT = re.compile(r"\[default:(\s+)([^\]]+)\]")


def chinese(text: str) -> str:
    """Click's help text with its English headings and notes in Chinese, and a default that is
    an option value shown by its Chinese label (``[默认: 业务培训]``)."""
    for pattern, replacement in _WORDS:
        text = pattern.sub(replacement, text)
    if "[default:" in text:
        from zzy.choices import choice_labels

        labels = choice_labels()
        text = _DEFAULT.sub(lambda m: f"[默认:{m[1]}{labels.get(m[2].strip(), m[2])}]", text)
    return text


class HelpCommand(TyperCommand):
    """A command whose ``--help`` reads in Chinese."""

    def get_help(self, ctx: Any) -> str:
        return chinese(super().get_help(ctx))


class HelpGroup(TyperGroup):
    """A command group whose ``--help`` reads in Chinese."""

    def get_help(self, ctx: Any) -> str:
        return chinese(super().get_help(ctx))


def group(help: str) -> Any:
    """A command group (``zzy org …``) with plain, Chinese help."""
    import typer

    return typer.Typer(cls=HelpGroup, rich_markup_mode=None, no_args_is_help=True, help=help)
