"""The two drawers of the table form: Rich's on a terminal, plain text everywhere else.

:func:`zzy.layout.page` decides everything about a report's table form (column widths, where
text breaks, the block form); the drawers only draw it.  On a terminal Rich draws it with colour
and bold.  Off a terminal (a pipe, a file, cron mail) Rich would write no escape code, so
:func:`plain` writes the very same characters itself, without importing Rich's console, tables or
text (a third of a college's ``remind``).  ``tests/test_plain_output.py`` holds the two equal,
byte for byte.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator, Sequence
from typing import IO, Any

from zzy.layout import Line, Lines, Sheet, cells

#: Characters Rich expands (a tab), drops (bell, backspace, vertical tab, form feed, carriage
#: return) or measures together with their neighbour (a zero-width joiner, a variation selector):
#: output holding one is left to Rich.  zzy's text fields refuse most of them; older data may not.
_REWRITTEN_BY_RICH = re.compile("[\t\x07\x08\x0b\x0c\r\u200d\ufe0f]")

#: Rich's default box (``box.HEAVY_HEAD``): the top, the header's sides, the rule under the header,
#: the rows' sides and the bottom, each as (left, line, between columns, right).
_TOP, _HEAD_RULE, _BOTTOM = ("┏", "━", "┳", "┓"), ("┡", "━", "╇", "┩"), ("└", "─", "┴", "┘")
_HEAD_SIDE, _ROW_SIDE = "┃", "│"


def plain_will_do(out: IO[str]) -> bool:
    """Whether Rich would write ``out`` as plain text in its default box: not a terminal by the
    rules of Rich's ``Console.is_terminal`` (``TTY_COMPATIBLE``, then ``FORCE_COLOR``, then
    ``isatty``), a UTF-8 stream, not Windows (whose old console Rich draws narrower, in another
    box) and not a notebook."""
    if sys.platform == "win32" or "IPython" in sys.modules:
        return False
    if not (getattr(out, "encoding", None) or "utf-8").lower().startswith("utf"):
        return False
    compatible = os.environ.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        return compatible == "0"
    force_colour = os.environ.get("FORCE_COLOR")
    if force_colour is not None:
        return force_colour == ""
    try:
        return not out.isatty()
    except (AttributeError, ValueError):
        return True


def plain(parts: Sequence[Lines | Sheet]) -> str | None:
    """The page as Rich writes it off a terminal; ``None`` when a text holds a character Rich
    would rewrite (then Rich draws it)."""
    lines: list[str] = []
    for part in parts:
        if isinstance(part, Sheet):
            lines.extend(_plain_table(part))
        else:
            lines.extend("".join(text for text, _ in line) for line in part.lines)
    if not lines:
        return ""
    page = "\n".join(lines) + "\n"
    return None if _REWRITTEN_BY_RICH.search(page) else page


def _rule(edges: tuple[str, str, str, str], widths: Sequence[int]) -> str:
    left, line, between, right = edges
    return left + between.join(line * (width + 2) for width in widths) + right


def _plain_table(sheet: Sheet) -> Iterator[str]:
    widths = sheet.widths
    yield _rule(_TOP, widths)
    headers = [(header.split("\n"), "") for header in sheet.headers]
    yield from _plain_row(headers, sheet, _HEAD_SIDE, bottom=True)
    yield _rule(_HEAD_RULE, widths)
    for row in sheet.rows:
        yield from _plain_row(row, sheet, _ROW_SIDE, bottom=False)
    yield _rule(_BOTTOM, widths)


def _plain_row(row: Sequence[tuple[Sequence[str], str]], sheet: Sheet, side: str, *, bottom: bool) -> Iterator[str]:
    """A row's lines: each cell justified in its width, one space either side; shorter cells
    blank below (a header: above)."""
    height = max(len(lines) for lines, _ in row)
    columns = []
    for (lines, _), width, justify in zip(row, sheet.widths, sheet.justify, strict=True):
        # A column no cell wide (its text is only combining marks) is one Rich draws empty: it renders
        # nothing into less than one cell.
        fitted = [_fit(line, width, justify) if width else "" for line in lines]
        blank = [" " * width] * (height - len(fitted))
        columns.append(blank + fitted if bottom else fitted + blank)
    for number in range(height):
        yield side + side.join(f" {column[number]} " for column in columns) + side


def _fit(text: str, width: int, justify: str) -> str:
    """A cell's line exactly ``width`` cells wide, as Rich justifies it: left keeps trailing
    spaces, right and center drop them; center puts the odd cell on the right."""
    if justify not in ("right", "center"):
        size = cells(text)
        return text + " " * (width - size) if size <= width else _crop(text, width)
    text = text.rstrip()
    size = cells(text)
    if size > width:
        text, size = _crop(text, width), width
    if justify == "right":
        return " " * (width - size) + text
    left = (width - size) // 2
    return " " * left + text + " " * (width - size - left)


def _crop(text: str, width: int) -> str:
    from rich.cells import set_cell_size  # start-up

    return set_cell_size(text, width)


def rich(parts: Sequence[Lines | Sheet], screen: Any) -> None:
    """The page drawn by Rich on ``screen`` (a :class:`rich.console.Console`): colour, bold."""
    from rich.text import Text  # start-up

    for part in parts:
        if isinstance(part, Sheet):
            screen.print(_rich_table(part))
        elif part.soft:
            screen.print(Text("\n").join(_rich_line(line) for line in part.lines), soft_wrap=True)
        else:
            for line in part.lines:
                screen.print(_rich_line(line))


def _rich_line(line: Line) -> Any:
    from rich.text import Text  # start-up

    if not line:
        return Text("")
    (first, style), *rest = line
    text = Text(first, style=style)
    for piece, piece_style in rest:
        text.append(piece, style=piece_style)
    return text


def _rich_table(sheet: Sheet) -> Any:
    from rich.table import Table  # start-up
    from rich.text import Text  # start-up

    board = Table(header_style="bold")
    for header, justify, size in zip(sheet.headers, sheet.justify, sheet.widths, strict=True):
        board.add_column(header, justify=justify, width=size, no_wrap=True, overflow="fold")  # type: ignore[arg-type]
    for row in sheet.rows:
        board.add_row(*(Text("\n".join(lines), style=style) for lines, style in row))
    return board
