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
import sys
from collections.abc import Callable, Sequence
from typing import IO, Any, NamedTuple

from zzy.report_types import field_of

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


#: The controlling terminal, asked for its width when the output is a pipe (``zzy remind | less``).
TTY_DEVICE = "/dev/tty"


def screen_width(out: IO[str]) -> int:
    """How wide ``out`` is: the terminal's width; off a terminal ``COLUMNS``, else the width of the
    terminal the command was typed in (output piped into ``less``), else 100 (cron, a file)."""
    width = _terminal_width(out)
    if not width:
        columns = os.environ.get("COLUMNS", "").strip()
        width = int(columns) if columns.isdigit() and int(columns) > 0 else controlling_width()
    return max(width or DEFAULT_WIDTH, NARROWEST)


def _terminal_width(stream: Any) -> int | None:
    try:
        if stream.isatty():
            return os.get_terminal_size(stream.fileno()).columns or None
    except (AttributeError, OSError, ValueError):
        pass
    return None


def controlling_width() -> int | None:
    """The width of the terminal behind a piped command: its stderr's or stdin's, else ``/dev/tty``'s."""
    for stream in (sys.stderr, sys.stdin):
        width = _terminal_width(stream)
        if width:
            return width
    try:
        descriptor = os.open(TTY_DEVICE, os.O_RDONLY | os.O_NOCTTY)
    except OSError:
        return None
    try:
        return os.get_terminal_size(descriptor).columns or None
    except OSError:
        return None
    finally:
        os.close(descriptor)


def cells(text: str) -> int:
    """Display cells of one line (a Chinese character is two), as :func:`rich.cells.cell_len`
    counts them; printable ASCII, one cell a character, without asking it."""
    if text.isascii() and text.isprintable():
        return len(text)
    from rich.cells import cell_len  # start-up

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
        if measure is cells and _fits(paragraph, width):
            lines.append(paragraph.strip())  # what the loop below makes of it, most texts' case
            continue
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


def _fits(paragraph: str, width: int) -> bool:
    """Whether a paragraph fits on one line, measured whole: exactly when its pieces' widths add up
    to it, which holds unless a joiner or a variation selector makes two characters one."""
    return "\u200d" not in paragraph and "\ufe0f" not in paragraph and cells(paragraph) <= width


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


def visible(text: str) -> str:
    """``text`` as the table form shows it: whatever a record holds (a row written with psql, an old
    ledger), each hidden character of a line (escape sequences that move the cursor, clear lines or
    retitle the window; bidirectional overrides) written as ``<U+XXXX>`` as messages write it
    (:func:`zzy.text.shown`), so what a cell holds is what the clerk sees."""
    from zzy.text import shown  # start-up

    return "\n".join(shown(line) for line in text.split("\n")) if text else text


class Grid(NamedTuple):
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
                line.append((visible(column.show(field_of(row, column.key))), style or ""))
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


def column_widths(grid: Grid, width: int, *, per_column: int = _PER_COLUMN, edge: int = _EDGE) -> list[int] | None:
    """Widths that fit ``width`` with every short column whole and long text at least
    :data:`LONG_TEXT_MIN` cells; ``None`` when there are none (then: one block per row).
    ``per_column`` and ``edge``: the cells the table spends between and around its columns."""
    natural = grid.natural()
    room = width - per_column * len(natural) - edge
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


#: A line of output as the drawers receive it: pieces of text, each with its style (``""`` plain).
Line = tuple[tuple[str, str], ...]


class Sheet(NamedTuple):
    """A table as it is to be drawn: its headers, justification and exact column widths, and each
    row's cells as their lines (long text already broken by :func:`wrap`) with their style."""

    headers: Sequence[str]
    justify: Sequence[str]
    widths: Sequence[int]
    rows: Sequence[Sequence[tuple[Sequence[str], str]]]


class Lines(NamedTuple):
    """Lines of output, each already no wider than the screen.  ``soft``: the block form, printed as
    one piece without Rich's wrapping (its lines were broken here)."""

    lines: Sequence[Line]
    soft: bool = False


def table(grid: Grid, widths: Sequence[int]) -> Sheet:
    """The grid as a table whose columns have exactly ``widths``, long text broken by :func:`wrap`."""
    rows = [[(wrap(text, size), style) for (text, style), size in zip(row, widths, strict=True)]
            for row in grid.rows]
    return Sheet(grid.headers, grid.justify, widths, rows)


def blocks(grid: Grid, width: int) -> list[Line]:
    """One block per row: ``标签: 值`` lines (empty fields left out), long text on lines of its own."""
    label_width = max(cells(header) for header in grid.headers) + 2
    labels = [f"{header}:" for header in grid.headers]
    padded = [label + " " * (label_width - cells(label)) for label in labels]
    indent = " " * label_width
    lines: list[Line] = []
    for row in grid.rows:
        lines.append(())
        for label, lead, wraps, (text, style) in zip(labels, padded, grid.long, row, strict=True):
            if not text:
                continue
            if wraps:
                lines.append(((label, "bold"),))
                lines.extend(((f"  {line}", style),) for line in wrap(text, width - 2))
                continue
            for index, piece in enumerate(wrap(text, width - label_width)):
                lines.append(((lead, "bold") if index == 0 else (indent, ""), (piece, style)))
    return lines


#: The compact form's gap between two columns (it has no rules).
COMPACT_GAP = 2


def compact(section: Any, width: int) -> list[Line] | None:
    """The section's essential columns as a table without rules, one line a row (a header in bold,
    a rule under it), the ``below`` text indented on the lines under each row; ``None`` when even
    these columns cannot fit ``width``."""
    grid = Grid.of(section.compact, section.rows)
    widths = column_widths(grid, width, per_column=COMPACT_GAP, edge=-COMPACT_GAP)
    if widths is None:
        return None
    justify = grid.justify

    def joined(cells_: Sequence[tuple[Sequence[str], str]]) -> list[Line]:
        height = max(len(lines) for lines, _ in cells_)
        drawn: list[Line] = []
        for number in range(height):
            pieces: list[tuple[str, str]] = []
            for index, ((lines, style), size) in enumerate(zip(cells_, widths, strict=True)):
                text = lines[number] if number < len(lines) else ""
                pad = " " * (size - cells(text))
                gap = " " * COMPACT_GAP if index else ""
                if justify[index] == "right":
                    pieces += [(gap + pad, ""), (text, style)]
                else:
                    pieces += [(gap, ""), (text, style), (pad, "")]
            drawn.append(_trimmed(pieces))
        return drawn

    lines = joined([([header], "bold") for header in grid.headers])
    lines.append((("─" * min(width, sum(widths) + COMPACT_GAP * (len(widths) - 1)), ""),))
    for row, source in zip(grid.rows, section.rows, strict=True):
        lines += joined([(wrap(text, size), style) for (text, style), size in zip(row, widths, strict=True)])
        note = visible(str(field_of(source, section.below) or "")) if section.below else ""
        lines += [((f"    {line}", ""),) for line in wrap(note, width - 4)] if note else []
    return lines


def _trimmed(pieces: list[tuple[str, str]]) -> Line:
    """A line without its trailing spaces (nor empty pieces)."""
    while pieces and not pieces[-1][0].strip():
        pieces.pop()
    if pieces:
        text, style = pieces[-1]
        pieces[-1] = (text.rstrip(), style)
    return tuple(piece for piece in pieces if piece[0])


def page(report: Any, width: int) -> list[Lines | Sheet]:
    """The table form of a report ``width`` cells wide, in the order it is printed: its header lines,
    then each section's title and a table that fits, else one block per row (or the empty sentence)."""
    parts: list[Lines | Sheet] = []

    def wrapped(text: str, style: str = "") -> None:
        parts.append(Lines([((line, style),) for line in wrap(visible(text), width)]))

    for line in report.header_lines:
        wrapped(line)
    for number, section in enumerate(report.tables, start=1):
        if section.title:
            wrapped(section.title, "bold")
        if not section.rows:
            if section.empty:
                wrapped(section.empty)
            continue
        if section.compact and not getattr(report, "wide", False):
            short = compact(section, width)
            if short is not None:
                parts.append(Lines(short))
                continue
        grid = Grid.of(section.columns, section.rows)
        widths = column_widths(grid, width)
        if widths is not None:
            parts.append(table(grid, widths))
        else:
            parts.append(Lines(blocks(grid, width), soft=True))
            if number < len(report.tables):  # the blocks end where the next section's title begins
                parts.append(Lines([()]))
    return parts
