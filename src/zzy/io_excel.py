"""Excel in and out (openpyxl): rosters, import templates, and reading a clerk's workbook.

Every text is stored as text, never as a formula: a name that begins with ``=`` stays that text.
Dates are real Excel dates with a ``yyyy-mm-dd`` format.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from zzy.files import open_private
from zzy.render import Column, Report

DATE_FORMAT = "yyyy-mm-dd"
HEADER_FILL = "DDEBF7"


def display_width(text: str) -> int:
    """Columns a text takes: Chinese characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


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


def _sheet(workbook: Any, title: str, columns: Sequence[Column], rows: Sequence[Mapping[str, Any]]) -> Any:
    from openpyxl.styles import Font, PatternFill

    sheet = workbook.create_sheet(title)
    widths = []
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        _set(cell, column.header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        widths.append(display_width(column.header))
    for row_index, row in enumerate(rows, start=2):
        for index, column in enumerate(columns, start=1):
            raw = row.get(column.key)
            _set(sheet.cell(row=row_index, column=index), _cell_value(raw, column))
            widths[index - 1] = max(widths[index - 1], display_width(column.show(raw) if raw is not None else ""))
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 6) + 2, 60)
    sheet.freeze_panes = "A2"
    return sheet


def _cell_value(value: Any, column: Column) -> Any:
    """Dates and numbers as themselves; everything else as the table shows it (Chinese labels)."""
    if value is None or isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return column.show(value)


def _save(workbook: Any, path: Path) -> None:
    with open_private(path, binary=True) as out:
        workbook.save(out)


def write_report(report: Report, path: Path) -> None:
    """A report's first section as a workbook with Chinese headers and labels, mode 0600."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    section = report.sections[0]
    _sheet(workbook, section.title or "名册", section.columns, section.rows)
    _save(workbook, path)


def write_template(path: Path, *, headers: Sequence[str], dated: set[str], example: dict[str, Any],
                   notes: Sequence[str]) -> None:
    """An empty sheet with the Chinese headers, and an example row on a second sheet."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    columns = [Column(header, header) for header in headers]
    data = _sheet(workbook, "数据", columns, [])
    from openpyxl.utils import get_column_letter

    for index, header in enumerate(headers, start=1):
        if header in dated:  # the whole column is formatted as dates, without creating cells
            data.column_dimensions[get_column_letter(index)].number_format = DATE_FORMAT
    sample = _sheet(workbook, "示例", columns, [example])
    for line_index, line in enumerate(notes, start=4):
        _set(sample.cell(row=line_index, column=1), line)
    _save(workbook, path)


def read_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    """The first sheet's rows, each with the row number Excel shows (header included)."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [plain_cell(v) for v in values]
    finally:
        workbook.close()


def plain_cell(value: Any) -> Any:
    """Strings stripped; everything else as openpyxl read it."""
    return value.strip() if isinstance(value, str) else value

