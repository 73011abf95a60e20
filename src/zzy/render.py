"""One renderer for every list and report: a Rich table, CSV, JSON, an Excel workbook, an HTML page.

A report (:mod:`zzy.report_types`) is typed rows with English field names.  JSON and CSV write those keys and the
stored values (ISO dates, English keys, ``true``/``false``); the table shows Chinese headers
and labels.  CSV and JSON go through the ``csv`` and ``json`` modules, never through Rich.
:func:`emit` decides where a report goes: stdout, or the ``--output`` file in the format its
extension names, written atomically (:func:`zzy.files.atomic_output`).
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import IO, Any, NamedTuple

from zzy import io_excel
from zzy.choices import OutputFormat
from zzy.errors import UsageProblem
from zzy.report_page import report_page
from zzy.report_types import DEFAULT_COMMITTEE, Report, Section, field_of, json_text, plain

#: ``--output`` file extensions and the format each means.
EXTENSIONS = {".csv": OutputFormat.CSV, ".json": OutputFormat.JSON, ".xlsx": OutputFormat.XLSX,
              ".html": OutputFormat.HTML, ".htm": OutputFormat.HTML}


def _no_committee() -> str:
    return DEFAULT_COMMITTEE


class Destination(NamedTuple):
    """Where a report goes: the ``--output`` file, or stdout (no ``path``), and what the writing needs to know."""

    path: Path | None = None
    force: bool = False
    #: Files never overwritten (the ledger and its ``-wal``/``-shm``).
    protected: Sequence[Path] = ()
    #: The day of writing, for the title row of a report without a year or date of its own.
    today: date | None = None
    #: The committee's name, read from the ledger only when a workbook's or a page's title needs it.
    committee: Callable[[], str] = _no_committee
    #: ``--output -``: standard output, in the format ``--format`` names (a workbook too, when redirected).
    stdout: bool = False
    #: ``--wide``: every column in the table form.
    wide: bool = False


def emit(report: Report, fmt: OutputFormat | None, to: Destination | None = None) -> None:
    """Print ``report`` to stdout, or write it to ``to.path`` (atomically, mode 0600) and say so.

    The format is ``fmt`` if given, else the file's extension, else a table.  A report without a page
    of its own is written as the generic page (:mod:`zzy.report_page`).
    """
    to = to or Destination()
    fmt = fmt or (format_of(to.path) if to.path else OutputFormat.TABLE)
    if to.wide:
        report = replace(report, wide=True)
    if fmt is OutputFormat.HTML and report.html is None:
        report = replace(report, html=partial(_report_page, report, to))
    if to.path is None:
        if fmt is OutputFormat.XLSX:
            if not to.stdout:
                raise UsageProblem("xlsx 格式须用 --output 指定文件名,例如 --output 名册.xlsx。")
            if sys.stdout.isatty():
                raise UsageProblem("xlsx 是二进制文件,不能显示在终端上。请用 --output 名册.xlsx 写入文件,"
                                   "或把标准输出重定向到文件。")

            io_excel.write_report(report, None, committee=to.committee(), today=to.today)
            return
        render(report, fmt)
        return
    if fmt is OutputFormat.XLSX:
        io_excel.write_report(report, to.path, committee=to.committee(), today=to.today, force=to.force,
                              protected=to.protected)
    else:
        from zzy.files import atomic_output  # start-up

        with atomic_output(to.path, force=to.force, protected=to.protected) as out:
            render(report, fmt, out=out, to_file=True)
    print(f"已写入 {fmt.label} 文件: {to.path}")


def _report_page(report: Report, to: Destination) -> str:
    return report_page(report, committee=to.committee(), today=to.today)


def format_of(path: Path) -> OutputFormat:
    """The format a file's extension names, or a usage error listing those known."""
    fmt = EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        raise UsageProblem(f"无法从文件名 {path.name} 判断格式: 请用扩展名 .csv、.json、.xlsx 或 .html,"
                           "或加 --format 指定。")
    return fmt


def render(report: Report, fmt: OutputFormat, *, out: IO[str] | None = None, to_file: bool = False) -> None:
    """Write ``report`` to ``out`` (stdout) in the chosen format; ``to_file`` makes CSV ready for Excel."""
    out = out or sys.stdout
    if fmt is OutputFormat.JSON:
        write_json(report.json_document(), out)
        out.write("\n")
    elif fmt is OutputFormat.CSV:
        write_csv(report.csv_section(), out, for_excel=to_file)
    elif fmt is OutputFormat.HTML and report.html is not None:
        out.write(report.html())
    elif fmt is OutputFormat.TABLE:
        write_tables(report, out)
    else:
        raise UsageProblem(f"此命令不支持 {fmt.value} 格式,请用 table、csv 或 json。")


#: Rows of a long list encoded at a time by :func:`write_json`.
JSON_SLICE = 2000


def write_json(document: Any, out: IO[str]) -> None:
    """:func:`json_text` of ``document`` written to ``out``, a long list (and a document's long list) a
    slice of rows at a time: the same text, without holding all of it at once (a province's roster is
    28 MB of JSON, which as one string and its UTF-8 bytes cost the command a third of its memory)."""
    if isinstance(document, dict) and all(key.__class__ is str for key in document):
        out.write("{")
        for number, (key, value) in enumerate(document.items()):
            out.write(f"{', ' if number else ''}{json_text(key)}: ")
            write_json(value, out)
        out.write("}")
    elif isinstance(document, list) and len(document) > JSON_SLICE:
        out.write("[")
        for start in range(0, len(document), JSON_SLICE):
            out.write(f"{', ' if start else ''}{json_text(document[start:start + JSON_SLICE])[1:-1]}")
        out.write("]")
    else:
        out.write(json_text(document))


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


#: What a spreadsheet takes for the start of a formula (OWASP's "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def excel_safe(value: Any) -> str:
    """A CSV cell for a file: a text that a spreadsheet would evaluate gets a leading ``'``.

    Only text is guarded: a date or a number (``-3`` days left) is written as itself.
    """
    cell = csv_value(value)
    if isinstance(value, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def write_csv(section: Section, out: IO[str], *, for_excel: bool = False) -> None:
    """The section's rows under their English keys; for a file, with a BOM and formulas defused."""
    writer = csv.writer(out, lineterminator="\n")
    if for_excel:
        out.write("\ufeff")
    value = excel_safe if for_excel else csv_value
    writer.writerow([c.key for c in section.columns])
    for row in section.rows:
        writer.writerow([value(field_of(row, c.key)) for c in section.columns])


def console(out: IO[str]) -> Any:
    """A Rich console on ``out`` as wide as the screen (:func:`zzy.layout.screen_width`):
    colour only on a terminal and never with ``NO_COLOR``."""
    from rich.console import Console  # start-up

    from zzy.layout import screen_width  # start-up

    return Console(file=out, highlight=False, markup=False, emoji=False, width=screen_width(out), soft_wrap=False)


def write_tables(report: Report, out: IO[str]) -> None:
    """The table form: each section as a table that fits the screen, else one block per row.

    Laid out once (:func:`zzy.layout.page`); drawn as plain text off a terminal, by Rich on one."""
    from zzy import draw, layout  # start-up

    page = layout.page(report, layout.screen_width(out))
    text = draw.plain(page) if draw.plain_will_do(out) else None
    if text is not None:
        out.write(text)
    else:
        draw.rich(page, console(out))
