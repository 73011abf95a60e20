"""Excel in and out (openpyxl): rosters, import templates, and reading a clerk's workbook.

Every text is stored as text, never as a formula: a name that begins with ``=`` stays that text.
Dates are real Excel dates with a ``yyyy-mm-dd`` format.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from zzy.errors import UsageProblem
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


def _sheet(workbook: Any, title: str, columns: Sequence[Column], rows: Sequence[dict[str, Any]]) -> Any:
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


def _save(workbook: Any, path: Path, *, force: bool, protected: Sequence[Path]) -> None:
    """Save through memory, then write the file atomically: a full disk then fails cleanly, once,
    instead of in the middle of openpyxl's zip stream (which would also complain when collected)."""
    from io import BytesIO

    from zzy.files import write_bytes

    buffer = BytesIO()
    workbook.save(buffer)
    write_bytes(path, buffer.getvalue(), force=force, protected=protected)


def write_report(report: Report, path: Path, *, force: bool = False, protected: Sequence[Path] = ()) -> None:
    """A report's first section as a workbook with Chinese headers and labels, mode 0600."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    section = report.sections[0]
    _sheet(workbook, section.title or "名册", section.columns, section.rows)
    _save(workbook, path, force=force, protected=protected)


def write_template(path: Path, *, headers: Sequence[str], dated: set[str], example: dict[str, Any],
                   notes: Sequence[str], force: bool = False, protected: Sequence[Path] = ()) -> None:
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
    _save(workbook, path, force=force, protected=protected)


#: The most cells a sheet may span to be read as a roster (SPEC section 11).
MAX_CELLS = 1_000_000
#: The most bytes a workbook's shared strings may take once unpacked (a roster's are a few MB).
MAX_SHARED_STRINGS = 256 * 1024 * 1024


def read_rows(path: Path, *, max_cells: int = MAX_CELLS) -> Iterator[tuple[int, list[Any]]]:
    """The first sheet's rows, each with the row number Excel shows (header included).

    Every row is read whatever the sheet's stored ``<dimension>`` says (openpyxl's read-only
    mode trusts it, and some exporters write it stale: ``reset_dimensions``). A workbook whose XML
    holds more than ``max_cells`` cells, or whose sheet claims to span more, is refused before any
    row is read; one whose rows turn out to span more (rows × widest row) is refused as soon as they
    do. A hostile file never fills the memory.
    """
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    _check_archive(path, max_cells)
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        if not workbook.worksheets:
            raise UsageProblem(f"{path.name} 里没有工作表。")
        sheet = workbook.worksheets[0]
        if sheet.max_row and sheet.max_column and sheet.max_row * sheet.max_column > max_cells:
            claimed = f"{get_column_letter(sheet.max_column)}{sheet.max_row}"
            raise _too_large(path, sheet.title, f"它标明的范围是 A1:{claimed},超过 {max_cells:,} 个单元格")
        sheet.reset_dimensions()
        widest = 0
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            widest = max(widest, len(values))
            if number * widest > max_cells:
                raise _too_large(path, sheet.title,
                                 f"读到第 {number} 行时已有 {widest} 列,超过 {max_cells:,} 个单元格")
            yield number, list(values)
    finally:
        workbook.close()


def _check_archive(path: Path, max_cells: int) -> None:
    """An .xlsx is a zip: refuse one that is not, whose shared strings would unpack to too much, or
    whose sheets hold more than ``max_cells`` cells (counted in the XML as it unpacks, before openpyxl
    builds anything: a row of a hundred million empty cells compresses to a few kilobytes)."""
    import zipfile
    import zlib

    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            strings = sum(i.file_size for i in parts if i.filename.endswith("sharedStrings.xml"))
            if strings > MAX_SHARED_STRINGS:
                raise _too_large(path, "", f"其中的文字解压后超过 {MAX_SHARED_STRINGS // 1024 // 1024} MB")
            cells = 0
            for part in parts:
                if part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml"):
                    cells += _cells_in(archive, part, max_cells - cells)
                    if cells > max_cells:
                        raise _too_large(path, "", f"其中写有超过 {max_cells:,} 个单元格")
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error):
        raise UsageProblem(f"无法读取 {path.name}: 它不是有效的 Excel 工作簿(.xlsx),或已损坏。"
                           "请在 Excel 中打开并另存为 .xlsx 后重试。") from None


_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")


def _cells_in(archive: Any, part: Any, allowed: int) -> int:
    """How many ``<c>`` elements a sheet's XML has, read a megabyte at a time; stops past ``allowed``.

    Each piece is cut before its last ``<``, so no tag is split (a tag holds no other ``<``)."""
    count, tail = 0, b""
    with archive.open(part) as source:
        while chunk := source.read(1 << 20):
            data = tail + chunk
            cut = data.rfind(b"<")
            if cut < 0:
                cut = len(data)
            count += len(_CELL_TAG.findall(data, 0, cut))
            tail = data[cut:cut + 64]
            if count > allowed:
                return count
    return count + len(_CELL_TAG.findall(tail))


def _too_large(path: Path, title: str, why: str) -> UsageProblem:
    sheet = f"的工作表「{title}」" if title else ""
    return UsageProblem(f"{path.name}{sheet}太大,不像是一份名册({why}),未导入。"
                        "请只保留要导入的数据行和列,另存后重试。")
