"""Tables that fit the screen: column widths, line breaking, and one block per row.

SPEC section 9: no line of table output is wider than the terminal (else ``COLUMNS``, else 100
when the output is not a terminal).  Dates, 工号, codes, numbers and labels are never broken;
only long text (说明, 名称, 命令 …) wraps, and it wraps between words, never inside a date or a
code.  When the columns cannot fit, each row becomes a block of ``标签: 值`` lines with the long
text on lines of its own.

Widths are counted in display cells, as the terminal draws them: a Chinese character is two
(:func:`rich.cells.cell_len`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import IO, Any

#: The width of output that is not a terminal and has no ``COLUMNS``: cron mail, a pipe, a file.
DEFAULT_WIDTH = 100
#: Below this, nothing is laid out any narrower (a phone's terminal is still about 40).
NARROWEST = 20
#: A long-text column is never squeezed below this many cells (ten Chinese characters) in a
#: table; a report whose long text would get less is shown one block per row instead.
LONG_TEXT_MIN = 20
#: Fields holding free text of any length: they wrap, everything else is kept whole.
LONG_TEXT_KEYS = frozenset({
    "message", "detail", "note", "title", "topic", "changes", "command", "override", "end_reason",
    "attendees", "quantity", "quality", "label",
})
#: Cells a Rich table with the default box spends per column (a rule and one space either side),
#: and once for the closing rule.
_PER_COLUMN, _EDGE = 3, 1

_ATOMS = re.compile(r"\s+|[!-~]+|.", re.S)
#: Never at the start of a line (they stay with what they close).
_CLOSING = frozenset(",.;:!?)]}%、,。;:?!)》」』”’…")
#: Never at the end of a line (they stay with what they open).
_OPENING = frozenset("([{(《「『“‘")


def screen_width(out: IO[str]) -> int:
    """How wide ``out`` is: the terminal's width, else ``COLUMNS``, else 100."""
    width = None
    try:
        if out.isatty():
            width = os.get_terminal_size(out.fileno()).columns
    except (AttributeError, OSError, ValueError):
        width = None
    if not width:
        columns = os.environ.get("COLUMNS", "").strip()
        width = int(columns) if columns.isdigit() and int(columns) > 0 else DEFAULT_WIDTH
    return max(width, NARROWEST)


def cells(text: str) -> int:
    """Display cells of one line (a Chinese character is two)."""
    from rich.cells import cell_len

    return cell_len(text)


def _atoms(paragraph: str) -> list[str]:
    """Pieces that a line may break between: a run of ASCII (a date, a code, a word), a
    single Chinese character, or spaces; punctuation stays with its neighbour."""
    atoms: list[str] = []
    glue = False
    for piece in _ATOMS.findall(paragraph):
        if piece.isspace():
            atoms.append(piece)
            glue = False
            continue
        if atoms and not atoms[-1].isspace() and (glue or piece[0] in _CLOSING):
            atoms[-1] += piece
        else:
            atoms.append(piece)
        glue = piece[-1] in _OPENING
    return atoms


def wrap(text: str, width: int, *, measure: Callable[[str], int] = cells) -> list[str]:
    """``text`` broken into lines of at most ``width`` cells, never inside a date or a code
    (unless one alone is wider than a line)."""
    width = max(width, 2)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0
        for atom in _atoms(paragraph):
            size = measure(atom)
            if atom.isspace():
                if line:
                    line, used = line + atom, used + size
                continue
            if used + size <= width:
                line, used = line + atom, used + size
                continue
            if line.strip():
                lines.append(line.rstrip())
            pieces = _chop(atom, width, measure) if size > width else [atom]
            lines.extend(pieces[:-1])
            line, used = pieces[-1], measure(pieces[-1])
        lines.append(line.rstrip())
    return lines


def _chop(atom: str, width: int, measure: Callable[[str], int]) -> list[str]:
    """A piece of text wider than a line, cut into lines character by character."""
    pieces, piece = [], ""
    for character in atom:
        if piece and measure(piece + character) > width:
            pieces.append(piece)
            piece = ""
        piece += character
    return [*pieces, piece]


def is_long(column: Any) -> bool:
    """Whether a column holds free text that may wrap."""
    wraps = getattr(column, "wrap", None)
    return wraps if wraps is not None else column.key in LONG_TEXT_KEYS


@dataclass(frozen=True)
class Grid:
    """A section's cells as the clerk reads them, with their styles."""

    headers: Sequence[str]
    long: Sequence[bool]
    justify: Sequence[str]
    rows: Sequence[Sequence[tuple[str, str]]]

    @classmethod
    def of(cls, columns: Sequence[Any], rows: Sequence[Any]) -> Grid:
        shown = []
        for row in rows:
            line = []
            for column in columns:
                style = column.style(row) if column.style else None
                line.append((column.show(row.get(column.key)), style or ""))
            shown.append(line)
        return cls([c.header for c in columns], [is_long(c) for c in columns], [c.justify for c in columns], shown)

    def natural(self) -> list[int]:
        """Each column's width with nothing wrapped: its widest line, header included."""
        widths = [cells(header) for header in self.headers]
        for row in self.rows:
            for index, (text, _) in enumerate(row):
                for line in text.split("\n"):
                    widths[index] = max(widths[index], cells(line))
        return widths


def column_widths(grid: Grid, width: int) -> list[int] | None:
    """Widths that fit ``width`` with every short column whole and long text at least
    :data:`LONG_TEXT_MIN` cells; ``None`` when there are none (then: one block per row)."""
    natural = grid.natural()
    room = width - _PER_COLUMN * len(natural) - _EDGE
    long = [i for i, wraps in enumerate(grid.long) if wraps]
    fixed = sum(w for i, w in enumerate(natural) if not grid.long[i])
    least = {i: min(natural[i], max(LONG_TEXT_MIN, cells(grid.headers[i]))) for i in long}
    if fixed + sum(least.values()) > room:
        return None
    widths = list(natural)
    budget = room - fixed
    waiting = sorted(long, key=lambda i: natural[i])
    while waiting:
        share = budget // len(waiting)
        if natural[waiting[0]] <= share:
            budget -= natural[waiting.pop(0)]
            continue
        extra = budget - share * len(waiting)
        for order, index in enumerate(waiting):
            widths[index] = share + (1 if order < extra else 0)
        break
    return widths


def table(grid: Grid, widths: Sequence[int]) -> Any:
    """A Rich table whose columns have exactly ``widths``, long text broken by :func:`wrap`."""
    from rich.table import Table
    from rich.text import Text

    board = Table(header_style="bold")
    for header, justify, size in zip(grid.headers, grid.justify, widths, strict=True):
        board.add_column(header, justify=justify, width=size, no_wrap=True, overflow="fold")  # type: ignore[arg-type]
    for row in grid.rows:
        board.add_row(*(Text("\n".join(wrap(text, size)), style=style)
                        for (text, style), size in zip(row, widths, strict=True)))
    return board


def blocks(grid: Grid, width: int) -> list[Any]:
    """One block per row: ``标签: 值`` lines (empty fields left out), long text on lines of its own."""
    from rich.text import Text

    label_width = max(cells(header) for header in grid.headers) + 2
    lines: list[Any] = []
    for row in grid.rows:
        lines.append(Text(""))
        for header, wraps, (text, style) in zip(grid.headers, grid.long, row, strict=True):
            if not text:
                continue
            label = f"{header}:"
            if wraps:
                lines.append(Text(label, style="bold"))
                lines.extend(Text(f"  {line}", style=style) for line in wrap(text, width - 2))
                continue
            pad = " " * (label_width - cells(label))
            for index, piece in enumerate(wrap(text, width - label_width)):
                line = Text(label + pad if index == 0 else " " * label_width, style="bold" if index == 0 else "")
                line.append(piece, style=style)
                lines.append(line)
    return lines
