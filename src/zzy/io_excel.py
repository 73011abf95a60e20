"""Excel out (openpyxl): any report as a printable workbook, import templates (a clerk's workbook is read by :mod:`zzy.xlsx_reader`).

Every text is stored as text, never as a formula: a name that begins with ``=`` stays that text.
Dates are real Excel dates with a ``yyyy-mm-dd`` format.
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Sequence
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

from zzy.report_types import Column, Report, Row, field_of, shown

DATE_FORMAT = "yyyy-mm-dd"
HEADER_FILL = "DDEBF7"
#: The widest a column gets (in characters); longer text wraps.
WIDEST = 60
#: Font sizes (points) of the title row and of the rest.
TITLE_SIZE, BODY_SIZE = 14, 11
#: The height of one line of 11-point text (points), with room for the Chinese fonts, which are taller
#: than Calibri: Excel, WPS and LibreOffice keep a row as high as the file says, so a row of wrapped
#: text must say how many lines it holds or its end is cut off on paper.
LINE_HEIGHT = 16.5
#: The page footer of every printed sheet: 第 1 页 共 3 页 (``&P`` and ``&N`` are the page and the count).
FOOTER = "第 &[Page] 页 共 &N 页"


def display_width(text: str) -> int:
    """Columns a text takes: Chinese characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes in a column ``width`` characters wide (Excel's unit, that of a
    digit) when wrapped: a Chinese character takes two, a line is filled character by character and
    a little short of the full width (the cell's margins, a word carried to the next line)."""
    room = max((width - 1) * 0.9, 2.0)
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0
        for character in paragraph:
            wide = 2 if unicodedata.east_asian_width(character) in "WF" else 1
            if used + wide > room:
                lines += 1
                used = 0
            used += wide
    return max(lines, 1)


def _set(cell: Any, value: Any) -> None:
    """Write a value; text is forced to stay text (no formula injection)."""
    if isinstance(value, date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif isinstance(value, bool):
        cell.value = "是" if value else "否"
    elif isinstance(value, int | float):
        cell.value = value
    elif value is None:
        cell.value = None
    else:
        cell.value = str(value)
        cell.data_type = "s"


def _sheet(workbook: Any, title: str, columns: Sequence[Column], rows: Sequence[Row], *,
           header_row: int = 1) -> Any:
    """A sheet with bold Chinese headers on ``header_row``, the rows below, fitted widths, the header frozen."""
    from openpyxl.styles import Alignment, Font, PatternFill  # start-up
    from openpyxl.utils import get_column_letter  # start-up

    sheet = workbook.create_sheet(title)
    widths = []
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=header_row, column=index)
        _set(cell, column.header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        widths.append(display_width(column.header))
    for row_index, row in enumerate(rows, start=header_row + 1):
        for index, column in enumerate(columns, start=1):
            raw = field_of(row, column.key)
            _set(sheet.cell(row=row_index, column=index), _cell_value(raw, column))
            widths[index - 1] = max(widths[index - 1], display_width(column.show(raw) if raw is not None else ""))
    wrapping = []
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 6) + 2, WIDEST)
        if width + 2 > WIDEST:  # long text wraps inside its column rather than being cut off in print
            wrapping.append(index)
            for (cell,) in sheet.iter_rows(min_row=header_row + 1, min_col=index, max_col=index):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    if wrapping:
        _fit_rows(sheet, wrapping, first_row=header_row + 1)
    sheet.freeze_panes = f"A{header_row + 1}"
    return sheet


def _fit_rows(sheet: Any, columns: Sequence[int], *, first_row: int) -> None:
    """Make each row of wrapped text as high as its longest cell's lines (:func:`wrapped_lines`)."""
    from openpyxl.styles import Alignment  # start-up
    from openpyxl.utils import get_column_letter  # start-up

    widths = {index: sheet.column_dimensions[get_column_letter(index)].width for index in columns}
    for row in sheet.iter_rows(min_row=first_row):
        lines = max(wrapped_lines(str(row[index - 1].value or ""), widths[index]) for index in columns)
        if lines > 1:
            sheet.row_dimensions[row[0].row].height = lines * LINE_HEIGHT
            for cell in row:  # the row's other cells beside the first line, not below the last
                if not cell.alignment.wrap_text:
                    cell.alignment = Alignment(vertical="top")


def _cell_value(value: Any, column: Column) -> Any:
    """Dates and plain numbers as themselves; everything else as the table shows it (Chinese labels,
    ``第十三条`` for an article number)."""
    if value is None or isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and column.show is shown:
        return value
    return column.show(value)


def _save(workbook: Any, path: Path | None, *, force: bool, protected: Sequence[Path]) -> None:
    """Save through memory, then write the file atomically: a full disk then fails cleanly, once,
    instead of in the middle of openpyxl's zip stream (which would also complain when collected).
    No ``path``: to standard output (``--output -``)."""
    from zzy.files import write_bytes  # start-up

    buffer = BytesIO()
    workbook.save(buffer)
    if path is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(buffer.getvalue())
        sys.stdout.buffer.flush()
        return
    write_bytes(path, buffer.getvalue(), force=force, protected=protected)


#: Characters Excel does not allow in a sheet's name, and the longest name it allows.
_SHEET_NAME_FORBIDDEN = str.maketrans({ch: "_" for ch in "[]:*?/\\"})
_SHEET_NAME_MAX = 31


def sheet_name(text: str, taken: set[str]) -> str:
    """A valid, unused sheet name made from a section's title."""
    base = text.translate(_SHEET_NAME_FORBIDDEN).strip("'")[:_SHEET_NAME_MAX] or "表"
    name, number = base, 2
    while name in taken:
        suffix = f"({number})"
        name, number = base[: _SHEET_NAME_MAX - len(suffix)] + suffix, number + 1
    taken.add(name)
    return name


def title_of(report: Report, *, committee: str, today: date | None) -> str:
    """The title row: the committee's name, the report's name, its year or date, and the regulation it
    applies (``依据《…》``), when it applies one."""
    period = report.period or (today.isoformat() if today else "")
    regulation = f"依据《{report.regulation}》" if report.regulation else ""
    return " ".join(part for part in (committee, report.name, period, regulation) if part)


def _widen_for(sheet: Any, title: str, notes: Sequence[str], *, columns: int) -> None:
    """Widen the last column so that the title and notes fit the printed width of a narrow sheet."""
    from openpyxl.utils import get_column_letter  # start-up

    letters = [get_column_letter(index) for index in range(1, columns + 1)]
    total = sum(sheet.column_dimensions[letter].width for letter in letters)
    needed = max([display_width(title) * TITLE_SIZE // BODY_SIZE, *map(display_width, notes)]) + 2
    if letters and total < needed:
        sheet.column_dimensions[letters[-1]].width += needed - total


def _print_setup(sheet: Any, *, header_row: int) -> None:
    """A4 landscape, fitted to the page's width, the title and header rows on every page, and the page
    number in the footer (第 N 页 共 M 页)."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"1:{header_row}"
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = FOOTER
    sheet.oddFooter.center.size = 9


def write_report(report: Report, path: Path | None, *, committee: str, today: date | None = None, force: bool = False,
                 protected: Sequence[Path] = ()) -> None:
    """A report as a workbook for people, written atomically: one sheet per section a table shows, each with
    the title row, the report's notes, Chinese headers (frozen) and labels, set up to print on A4."""
    from openpyxl import Workbook  # start-up
    from openpyxl.styles import Alignment, Font  # start-up

    workbook = Workbook()
    workbook.remove(workbook.active)
    title = title_of(report, committee=committee, today=today)
    taken: set[str] = set()
    for number, section in enumerate(report.tables):
        notes = [*(report.header_lines if number == 0 else ()),
                 *([section.title] if section.title and len(report.tables) > 1 else ())]
        if not section.rows and section.empty:
            notes.append(section.empty)
        header_row = 2 + len(notes)
        sheet = _sheet(workbook, sheet_name(section.title or report.name, taken), section.columns, section.rows,
                       header_row=header_row)
        _set(sheet.cell(row=1, column=1), title)
        sheet.cell(row=1, column=1).font = Font(bold=True, size=TITLE_SIZE)
        sheet.cell(row=1, column=1).alignment = Alignment(horizontal="center")
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(len(section.columns), 1))
        for line_number, note in enumerate(notes, start=2):
            _set(sheet.cell(row=line_number, column=1), note)
        _widen_for(sheet, title, notes, columns=len(section.columns))
        _print_setup(sheet, header_row=header_row)
    _save(workbook, path, force=force, protected=protected)


def write_template(path: Path, *, headers: Sequence[str], dated: set[str], example: dict[str, Any],
                   notes: Sequence[str], force: bool = False, protected: Sequence[Path] = ()) -> None:
    """An empty sheet with the Chinese headers, and an example row on a second sheet."""
    from openpyxl import Workbook  # start-up

    workbook = Workbook()
    workbook.remove(workbook.active)
    columns = [Column(header, header) for header in headers]
    data = _sheet(workbook, "数据", columns, [])
    from openpyxl.utils import get_column_letter  # start-up

    for index, header in enumerate(headers, start=1):
        if header in dated:  # the whole column is formatted as dates, without creating cells
            data.column_dimensions[get_column_letter(index)].number_format = DATE_FORMAT
    sample = _sheet(workbook, "示例", columns, [example])
    for line_index, line in enumerate(notes, start=4):
        _set(sample.cell(row=line_index, column=1), line)
    _save(workbook, path, force=force, protected=protected)
