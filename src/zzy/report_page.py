"""Any list or report as one printable HTML page (SPEC section 9): ``--output FILE.html`` or ``--format html``.

The page mirrors the workbook (:func:`zzy.io_excel.write_report`): a title line with the committee's
name, the report's name and its period, the report's notes, then each table with its title, its
Chinese headers and its cells as the table form shows them, or its sentence when it has no rows.
Jinja2 writes it with autoescape on (:func:`zzy.page.environment`), so every text the clerk typed
stays text; the styles are inline, the fonts the reader's own, and nothing refers to another file or
to the network.  A report with a page of its own (``summary``'s year page) keeps that page.

Printing: A4, portrait when every table fits its width, landscape otherwise (as the workbook prints,
so that a wide roster keeps one line per row); the headers repeat on each page; no row is split.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from zzy.report_types import Column, Report, Row, Section, field_of

#: A column whose cells are all at most this wide (in half-width characters) is never wrapped:
#: dates, 工号, codes, labels.  Wider text wraps inside its column.
NOWRAP_UP_TO = 16
#: What a portrait A4 page holds across, in half-width characters of the page's table font (9 pt),
#: cell padding included.  A report with a wider table prints landscape.
PORTRAIT_WIDTH = 110
#: A wrapping column counts at most this wide when the orientation is chosen.
WRAPPED_WIDTH = 30
#: Rich's colour and weight words (a column's ``style``) the page knows; others are ignored.
STYLE_WORDS = frozenset({"bold", "red", "green", "yellow", "cyan"})


@dataclass(frozen=True)
class PageColumn:
    header: str
    classes: str


@dataclass(frozen=True)
class PageCell:
    text: str
    classes: str


@dataclass(frozen=True)
class PageSection:
    title: str
    columns: list[PageColumn]
    rows: list[list[PageCell]]
    empty: str
    #: Half-width characters the table needs across without wrapping what may wrap.
    width: int


def report_page(report: Report, *, committee: str, today: date | None) -> str:
    """``report`` as one HTML document, titled as its workbook is."""
    from zzy.io_excel import title_of  # start-up
    from zzy.page import FONT_FAMILY, environment  # start-up

    title = title_of(report, committee=committee, today=today)
    sections = [_section(section) for section in report.tables]
    landscape = any(section.width > PORTRAIT_WIDTH for section in sections)
    return environment().get_template("report_page.html").render(
        title=title,
        header_lines=list(report.header_lines),
        sections=sections,
        orientation="landscape" if landscape else "portrait",
        font_family=FONT_FAMILY,
    )


def _section(section: Section) -> PageSection:
    from zzy.io_excel import display_width  # start-up

    cells = [[column.show(field_of(row, column.key)) for column in section.columns] for row in section.rows]
    columns, width = [], 0
    for index, column in enumerate(section.columns):
        widest = max([display_width(column.header), *(display_width(line[index]) for line in cells)])
        wraps = column.wrap if column.wrap is not None else widest > NOWRAP_UP_TO
        width += min(widest, WRAPPED_WIDTH if wraps else widest) + 2
        columns.append(PageColumn(column.header, _classes(column, wraps)))
    rows = [[PageCell(text, _cell_classes(columns[index].classes, column, row))
             for index, (column, text) in enumerate(zip(section.columns, line, strict=True))]
            for row, line in zip(section.rows, cells, strict=True)]
    return PageSection(section.title or "", columns, rows, section.empty, width)


def _classes(column: Column, wraps: bool) -> str:
    return " ".join(name for name, wanted in (("num", column.justify == "right"), ("wrap", wraps),
                                              ("nowrap", not wraps)) if wanted)


def _cell_classes(classes: str, column: Column, row: Row) -> str:
    """The column's classes, and the row's style for it (``bold red`` → ``s-bold s-red``)."""
    style = column.style(row) if column.style else None
    words: Sequence[str] = [word for word in (style or "").split() if word in STYLE_WORDS]
    return " ".join([classes, *(f"s-{word}" for word in words)]).strip()
