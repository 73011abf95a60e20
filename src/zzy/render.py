"""One renderer for every list and report: a Rich table, CSV, JSON (and XLSX for rosters).

A report is plain rows keyed by English field names.  JSON and CSV write those keys and the
stored values (ISO dates, English keys, ``true``/``false``); the table shows Chinese headers
and labels.  CSV and JSON go through the ``csv`` and ``json`` modules, never through Rich.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from zzy.choices import Choice, OutputFormat
from zzy.errors import UsageProblem

Row = Mapping[str, Any]


def plain(value: Any) -> Any:
    """A value as JSON holds it: dates ISO, choices by key, the rest unchanged."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Choice):
        return value.value
    if isinstance(value, Mapping):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


def shown(value: Any) -> str:
    """A value as the clerk reads it in a table."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Choice):
        return value.label
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True)
class Column:
    """A field of a report: its English key, its Chinese header, how a table shows it."""

    key: str
    header: str
    show: Callable[[Any], str] = shown
    style: Callable[[Row], str | None] | None = None
    justify: str = "left"


@dataclass(frozen=True)
class Section:
    """One table of a report."""

    columns: Sequence[Column]
    rows: Sequence[Row]
    title: str | None = None
    empty: str = "没有记录。"


@dataclass(frozen=True)
class Report:
    """What a command shows: table sections, the CSV rows, and the JSON document."""

    sections: Sequence[Section]
    document: Any = None
    csv_section: int = 0
    header_lines: Sequence[str] = field(default_factory=tuple)
    #: Whether the report can be written as an Excel workbook (rosters).
    spreadsheet: bool = False
    #: How many sections the table shows (the rest carry CSV rows only); all by default.
    table_sections: int | None = None

    @classmethod
    def of(cls, columns: Sequence[Column], rows: Sequence[Row], **section: Any) -> Report:
        """A single-table report whose JSON is the list of rows."""
        return cls(sections=[Section(columns, rows, **section)])

    def json_document(self) -> Any:
        if self.document is not None:
            return self.document
        section = self.sections[self.csv_section]
        return [{c.key: row.get(c.key) for c in section.columns} for row in section.rows]


def emit(report: Report, fmt: OutputFormat, *, output: Path | None = None, force: bool = False,
         protected: Sequence[Path] = ()) -> None:
    """Print ``report`` to stdout, or write it to ``output`` (atomically, mode 0600)."""
    if fmt is OutputFormat.XLSX:
        if output is None:
            raise UsageProblem("xlsx 格式须用 --output 指定文件名,例如 --output 名册.xlsx。")
        if not report.spreadsheet:
            raise UsageProblem("此命令不支持 xlsx 格式,请用 table、csv 或 json。")
        from zzy import io_excel

        io_excel.write_report(report, output, force=force, protected=protected)
        return
    if output is None:
        render(report, fmt)
        return
    from zzy.files import atomic_output

    with atomic_output(output, force=force, protected=protected) as out:
        render(report, fmt, out=out)


def render(report: Report, fmt: OutputFormat, *, out: IO[str] | None = None) -> None:
    """Write ``report`` to ``out`` (stdout) in the chosen format."""
    out = out or sys.stdout
    if fmt is OutputFormat.JSON:
        out.write(json_text(report.json_document()))
        out.write("\n")
    elif fmt is OutputFormat.CSV:
        write_csv(report.sections[report.csv_section], out)
    elif fmt is OutputFormat.TABLE:
        write_tables(report, out)
    else:
        raise UsageProblem(f"此命令不支持 {fmt.value} 格式,请用 table、csv 或 json。")


def json_text(document: Any) -> str:
    """One line of JSON (dates ISO, choices by key), through the C encoder: fast at 100 000 rows.

    Dates are the only values JSON cannot hold itself (choices are strings), so ``date.isoformat``
    is the fallback, called in C rather than through a Python function.
    """
    return json.dumps(document, ensure_ascii=False, default=date.isoformat)


def csv_value(value: Any) -> str:
    """CSV cells: empty for absent, ``true``/``false``, ISO dates, English keys."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    value = plain(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def write_csv(section: Section, out: IO[str]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.key for c in section.columns])
    for row in section.rows:
        writer.writerow([csv_value(row.get(c.key)) for c in section.columns])


def console(out: IO[str]) -> Any:
    """A Rich console on ``out``: colour only on a terminal and never with ``NO_COLOR``."""
    from rich.console import Console

    width = None if out.isatty() else 1000
    return Console(file=out, highlight=False, markup=False, emoji=False, width=width, soft_wrap=False)


def write_tables(report: Report, out: IO[str]) -> None:
    from rich.table import Table
    from rich.text import Text

    screen = console(out)
    for line in report.header_lines:
        screen.print(line)
    for section in report.sections[: report.table_sections]:
        if section.title:
            screen.print(Text(section.title, style="bold"))
        if not section.rows:
            if section.empty:
                screen.print(section.empty)
        else:
            table = Table(show_lines=False, header_style="bold")
            for column in section.columns:
                table.add_column(column.header, justify=column.justify, overflow="fold")  # type: ignore[arg-type]
            for row in section.rows:
                cells = []
                for column in section.columns:
                    style = column.style(row) if column.style else None
                    cells.append(Text(column.show(row.get(column.key)), style=style or ""))
                table.add_row(*cells)
            screen.print(table)
