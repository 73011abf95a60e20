"""Chinese help screens at Click's plain-text speed.

Typer's Rich help pulls in Rich and Markdown on every ``--help``; zzy prints Click's plain
help instead and puts Click's few English words into Chinese.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup
from typer.exceptions import TyperException

from zzy.coercion import read_option_plainly

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
        from zzy.choices import choice_labels  # start-up

        labels = choice_labels()
        text = _DEFAULT.sub(lambda m: f"[默认:{m[1]}{labels.get(m[2].strip(), m[2])}]", text)
    return text


def display_width(text: str) -> int:
    """Columns a terminal gives ``text``: two for a Chinese character (without loading Rich)."""
    from unicodedata import east_asian_width  # start-up

    return sum(2 if east_asian_width(character) in "WF" else 1 for character in text)


def _rewrap(text: str, width: int) -> list[str]:
    """Click's paragraphs (separated by blank lines, their lines joined) wrapped to ``width``
    display columns, between words and Chinese characters, never inside a date or an option."""
    from zzy.layout import wrap  # start-up

    lines: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        if lines:
            lines.append("")
        lines.extend(wrap(" ".join(part.strip() for part in paragraph.splitlines()), width, measure=display_width))
    return lines


#: Click's help formatter, reached through Typer's public ``Context`` (Typer keeps its Click private).
HelpFormatter: Any = typer.Context.formatter_class


class CellFormatter(HelpFormatter):  # type: ignore[misc]  # Click's class, untyped as Typer exports it
    """Click's help layout, with lines measured as a terminal draws them: Chinese help wraps
    at the screen's edge instead of running twice as wide as Click thinks."""

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        for line in _rewrap(text, max(self.width - self.current_indent, 11)):
            self.write(f"{indent}{line}\n" if line else "\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first_col = min(max((display_width(first) for first, _ in rows), default=0), col_max) + col_spacing
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if display_width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - display_width(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = _rewrap(second, max(self.width - first_col - 2, 10)) or [""]
            self.write(f"{lines[0]}\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n")


class HelpContext(typer.Context):
    formatter_class = CellFormatter


def _read_plainly(option: Any) -> Any:
    """``--help``, made when first asked for, read without Pydantic like every option (:mod:`zzy.coercion`)."""
    if option is not None:
        read_option_plainly(option)
    return option


@contextmanager
def _told_which_command(ctx: Any) -> Iterator[None]:
    """Give a usage error raised while reading the command line the command it is about: Click's parser
    raises some (an option given without its value) with none, and the error then points to ``zzy --help``."""
    try:
        yield
    except TyperException as error:
        usage: Any = error  # Click's UsageError, which Typer does not export
        if hasattr(usage, "ctx") and usage.ctx is None:
            usage.ctx, usage.cmd = ctx, ctx.command
        if type(error).__name__ == "UsageError":  # not a subclass: the one Click raises for words left over
            usage.extra_arguments = True
        raise


def _resolved(group: Any, ctx: Any, args: list[str], resolve: Any) -> Any:
    """``resolve(ctx, args)``, with a usage error about a command the group does not have marked with its
    name (``no_such_command``), so that the Chinese message needs no reading of Click's English."""
    try:
        return resolve(ctx, args)
    except TyperException as error:
        if type(error).__name__ == "UsageError" and args and group.get_command(ctx, args[0]) is None:
            marked: Any = error
            marked.no_such_command = args[0]
        raise


class HelpCommand(TyperCommand):
    """A command whose ``--help`` reads in Chinese."""

    context_class = HelpContext

    def get_help(self, ctx: Any) -> str:
        return chinese(super().get_help(ctx))

    def get_short_help_str(self, limit: int = 45) -> str:
        """The first paragraph of the help, whole: a group's list of commands wraps it to the screen.  Click cut
        it at ``limit`` characters with "...", which took the example a clerk reads the list for
        (``例: zzy commend T001 --on 2026-07-01 --title...``)."""
        return str(super().get_short_help_str(limit=sys.maxsize))

    def get_help_option(self, ctx: Any) -> Any:
        return _read_plainly(super().get_help_option(ctx))

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        with _told_which_command(ctx):
            return list(super().parse_args(ctx, args))


class HelpGroup(TyperGroup):
    """A command group whose ``--help`` reads in Chinese."""

    context_class = HelpContext

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        return _resolved(self, ctx, args, super().resolve_command)

    def get_help(self, ctx: Any) -> str:
        return chinese(super().get_help(ctx))

    def get_help_option(self, ctx: Any) -> Any:
        return _read_plainly(super().get_help_option(ctx))

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        with _told_which_command(ctx):
            return list(super().parse_args(ctx, args))


def group(help: str) -> Any:
    """A command group (``zzy org …``) with plain, Chinese help."""
    return typer.Typer(cls=HelpGroup, rich_markup_mode=None, no_args_is_help=True, help=help)


class DefaultCommandGroup(HelpGroup):
    """A group whose first word may be an argument of its ``add`` command: ``zzy assess T001 --year 2025 …``
    is ``zzy assess add T001 --year 2025 …``, while ``zzy assess list`` is the list."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["add", *args]
        return list(super().parse_args(ctx, args))


def default_group(help: str) -> Any:
    """A command group (``zzy assess …``) whose ``add`` may be left out."""
    return typer.Typer(cls=DefaultCommandGroup, rich_markup_mode=None, no_args_is_help=True, help=help)
