"""What a report is made of, below every module that makes one (:mod:`zzy.reports`, :mod:`zzy.views`)
and every module that writes one (:mod:`zzy.render`, :mod:`zzy.io_excel`, :mod:`zzy.report_page`):
its :class:`Column`, :class:`Section` and :class:`Report`, and a value as JSON holds it (:func:`plain`,
:func:`json_text`) and as a table shows it (:func:`shown`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple, Protocol

from zzy.choices import Choice


class TypedRow(Protocol):
    """A report's row: a named tuple of its own per report (``FindingRow``, ``RosterRow``, …), read by
    attribute, its fields in the order of the report's JSON and CSV keys."""

    def _asdict(self) -> dict[str, Any]: ...


#: A row of a section: a typed row, or (the lists of :mod:`zzy.views`, whose fields come from the registry
#: of record kinds, :data:`zzy.schema.RECORDS`) a mapping with every column's key.  Either way a column
#: whose key the row lacks is refused when the section is made (:class:`Section`), never an empty column.
Row = TypedRow | Mapping[str, Any]


class RowLacksColumn(TypeError):
    """A column names a key its rows do not have: a misspelt key, a programming error (never the clerk's)."""


def field_of(row: Row, key: str) -> Any:
    """The value under ``key`` in ``row``: a typed row's field (or property), a mapping's item."""
    if isinstance(row, Mapping):
        return row[key]
    return getattr(row, key)


def has_key(row: Row, key: str) -> bool:
    """Whether ``row`` carries ``key``: a typed row's field or property, a mapping's key."""
    if isinstance(row, Mapping):
        return key in row
    return hasattr(type(row), key)


def as_dict(row: Row) -> dict[str, Any]:
    """A row as its JSON object: its fields in order."""
    return dict(row) if isinstance(row, Mapping) else row._asdict()


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


class Column(NamedTuple):
    """A field of a report: its English key, its Chinese header, how a table shows it."""

    key: str
    header: str
    show: Callable[[Any], str] = shown
    style: Callable[[Any], str | None] | None = None
    justify: str = "left"
    #: Whether the table may wrap it (free text); by default decided by its key (:mod:`zzy.layout`).
    wrap: bool | None = None


@dataclass(frozen=True)
class Section:
    """One table of a report.  Every column's key (and ``below``) must be a field of its rows: a misspelt
    key is refused here (:class:`RowLacksColumn`), before anything is printed, rather than shown empty."""

    columns: Sequence[Column]
    rows: Sequence[Row]
    title: str | None = None
    empty: str = "没有记录。"
    #: The essential columns the table form tries first, so that a screen holds many rows (SPEC 9);
    #: ``--wide`` (and a section without them) shows every column.
    compact: Sequence[Column] | None = None
    #: The key of a long text the compact form shows on the line below each row (``remind``'s 说明).
    below: str | None = None

    def __post_init__(self) -> None:
        if not self.rows:
            return
        first = self.rows[0]
        keys = [column.key for column in (*self.columns, *(self.compact or ()))]
        for key in [*keys, *([self.below] if self.below else [])]:
            if not has_key(first, key):
                kind = "row" if isinstance(first, Mapping) else type(first).__name__
                raise RowLacksColumn(f"column {key!r} is not a field of the section's {kind}")


@dataclass(frozen=True)
class Report:
    """What a command shows, each part named for where it goes.

    ``tables`` are what a person reads, in order: the table form and the workbook's sheets.
    ``csv`` is the one section CSV writes (by default the first table); a report whose CSV rows
    are flatter than its tables (``check``, ``remind``) gives them here.  ``document`` is the JSON;
    by default the list of the CSV rows under their keys.
    """

    tables: Sequence[Section]
    csv: Section | None = None
    document: Any = None
    header_lines: Sequence[str] = field(default_factory=tuple)
    #: The report's name in an Excel title row (``组织员名册``) …
    name: str = "报表"
    #: … and its year or date (``2026 年``, ``截至 2026-11-24``); the day it was written if absent.
    period: str | None = None
    #: The report's own HTML page (the year's summary); without one, ``.html`` is the generic page
    #: (:mod:`zzy.report_page`).
    html: Callable[[], str] | None = None
    #: ``--wide``: the table form shows every column, never the compact one.
    wide: bool = False
    #: The title of the regulation its rules come from (the rules profile's, SPEC section 12), for the
    #: workbook's title row; none for a report that applies no rule.
    regulation: str | None = None

    @classmethod
    def of(cls, columns: Sequence[Column], rows: Sequence[Row], *, name: str = "报表", **section: Any) -> Report:
        """A single-table report whose JSON is the list of rows."""
        return cls(tables=[Section(columns, rows, **section)], name=name)

    def csv_section(self) -> Section:
        """The section CSV writes."""
        return self.csv if self.csv is not None else self.tables[0]

    def json_document(self) -> Any:
        if self.document is not None:
            return self.document
        section = self.csv_section()
        return [{c.key: field_of(row, c.key) for c in section.columns} for row in section.rows]


#: The committee's name in a title row when the ledger has no org of kind committee.
DEFAULT_COMMITTEE = "学院党委"


def json_text(document: Any) -> str:
    """One line of JSON (dates ISO, choices by key), through the C encoder: fast at 100 000 rows.

    Dates are the only values JSON cannot hold itself (choices are strings), so ``date.isoformat``
    is the fallback, called in C rather than through a Python function.
    """
    return json.dumps(document, ensure_ascii=False, default=date.isoformat)
