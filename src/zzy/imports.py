"""Importing a clerk's rows (xlsx, or CSV in UTF-8, UTF-8 with BOM or GB18030).

Each row goes through exactly the ledger function its single command uses, inside one
transaction: any bad row refuses the whole file, with every problem listed as
``第N行 列名: 原因`` (N being the row number the spreadsheet shows).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from sqlmodel import Session

from zzy import dates, ledger, text
from zzy.choices import FIELD_CHOICES, NAMED, Choice, OrgKind, parse_bool, parse_choice
from zzy.errors import BadText, NeedsOverride, Refused, UsageProblem, ZzyError
from zzy.outcome import Done
from zzy.progress import CHECKING, READING, Progress
from zzy.rows import Rows as Stored
from zzy.schema import (
    APPOINTMENT_KIND,
    CHOICE,
    DATE,
    FLAG,
    ORG_KIND,
    PERSON_KIND,
    REFERENCE,
    WORK_KIND,
    RecordField,
    RecordKind,
)
from zzy.store import BulkStore, Store

Reader = Callable[[Any], Any]


def _as_text(cell: Any) -> str:
    """A cell as the text the clerk typed (an Excel number 1001 as ``1001``), not yet checked."""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return str(cell)


def read_text(cell: Any) -> str | None:
    """A cell's text without surrounding whitespace; blank is ``None`` (for dates, choices, headers)."""
    return None if cell is None else (_as_text(cell).strip() or None)


def read_choice(kind: type[Choice]) -> Reader:
    read_before: dict[str, Choice] = {}  # a column holds a few choices, a hundred thousand times

    def read(cell: Any) -> Choice | None:
        typed = read_text(cell)
        if typed is None:
            return None
        member = read_before.get(typed)
        if member is None:  # refused (exit 2) as the single command refuses it, or read once
            member = read_before[typed] = parse_choice(kind, typed)
        return member

    return read


def read_flag(cell: Any) -> bool | None:
    return None if read_text(cell) is None else parse_bool(cell)


@dataclass(frozen=True)
class Field:
    """A column of an import file: English key, Chinese label, how to read a cell."""

    key: str
    label: str
    read: Reader = read_text
    required: bool = False
    dated: bool = False


@lru_cache(maxsize=1 << 12)
def _date_of_text(typed: str) -> date | None:
    """:func:`zzy.dates.from_cell` of a text cell, kept for the next row with the same text (a column of
    dates repeats them; a date refused is refused again, with the same message)."""
    return dates.from_cell(typed)


def _read_date(cell: Any) -> date | None:
    return _date_of_text(cell) if type(cell) is str else dates.from_cell(cell)


def _date_field(key: str, label: str, *, required: bool = False) -> Field:
    return Field(key, label, _read_date, required=required, dated=True)


def _text_field(key: str, label: str, rule: Callable[..., str | None], *, required: bool = False) -> Field:
    """A column of text under one of the rules of :mod:`zzy.text`, as the single commands apply them."""

    def read(cell: Any) -> str | None:
        return None if cell is None else rule(_as_text(cell), label, field=key)

    return Field(key, label, read, required=required)


def _code(key: str, label: str) -> Field:
    return _text_field(key, label, text.code_text, required=True)


def _name(key: str, label: str) -> Field:
    """A name, or a column that finds a record (工号 of a person, code or name of an org)."""
    return _text_field(key, label, text.name_text, required=True)


def _free(key: str, label: str) -> Field:
    return _text_field(key, label, text.free_text)


#: 离任日期 is not a last working day (SPEC section 8): said by the template, ``leave`` and ``post edit``.
LEFT_ON_NOTE = ("离任日期是离开岗位的第一天(不再任职的第一天),不是最后一个工作日,与党务工作经历的截止日期(含当天)不同。"
                "连任或同一党组织的下一任职,其任职日期应等于上一任职的离任日期,否则第二十条的任职年限重新起算。")


@dataclass(frozen=True)
class Kind:
    """One kind of import: its columns, how a row is written, and an example row."""

    label: str
    fields: Sequence[Field]
    write: Callable[[Store, dict[str, Any], date], Done]
    example: dict[str, Any]
    #: The fields that make two rows of one file the same record ("与第N行重复").
    same: tuple[str, ...]
    #: What the template's example sheet says of this kind's columns, beyond the common notes.
    notes: tuple[str, ...] = ()

    def field(self, key: str | None) -> Field:
        return next((f for f in self.fields if f.key == key), self.fields[0])


def _write_org(store: Store, row: dict[str, Any], _today: date) -> Done:
    done = ledger.add_org(store, code=row["code"], name=row["name"], kind=row["kind"] or OrgKind.GRASSROOTS)
    if row["dissolved_on"] is not None:
        ledger.dissolve_org(store, code=row["code"], on=row["dissolved_on"])
    return done


def _write_person(store: Store, row: dict[str, Any], today: date) -> Done:
    return ledger.add_person(store, today=today, read=True, **row)  # each column read by its field's rule


def _declared(field: RecordField) -> Field:
    """The import column of a field declared in :data:`zzy.schema.RECORDS`, read as its kind says: under
    its outer key (a reference by the 工号 or code that finds the record)."""
    key = field.outer
    if field.kind == DATE:
        return _date_field(key, field.label, required=field.required)
    if field.kind == FLAG:
        return Field(key, field.label, read_flag, required=field.required)
    if field.kind == CHOICE:
        return Field(key, field.label, read_choice(NAMED[str(field.choices)]), required=field.required)
    if field.kind == REFERENCE:
        return _name(key, field.label)
    if field.kind in FIELD_CHOICES:
        choice = FIELD_CHOICES[field.kind]
        return Field(key, field.label, lambda cell: None if read_text(cell) is None else choice(read_text(cell)),
                     required=field.required)
    return _text_field(key, field.label, text.RULES[field.kind], required=field.required)


def _example(field: RecordField) -> Any:
    return date.fromisoformat(str(field.example)) if field.kind == DATE and field.example else field.example


def _imported(kind: RecordKind) -> tuple[RecordField, ...]:
    return tuple(field for field in kind.fields if field.imported)


def _columns_of(kind: RecordKind) -> tuple[Field, ...]:
    """A kind's import columns, in the order of its fields."""
    return tuple(_declared(field) for field in _imported(kind))


def _example_of(kind: RecordKind) -> dict[str, Any]:
    """The example row of ``zzy template``: each column's example value."""
    return {field.outer: _example(field) for field in _imported(kind)}


def details(kind: RecordKind, row: dict[str, Any]) -> dict[str, Any]:
    """A row's plain fields (:attr:`zzy.schema.RecordField.plain`: no rule reads them), by column."""
    return {field.key: row[field.outer] for field in _imported(kind) if field.plain}


def _write_work(store: Store, row: dict[str, Any], _today: date) -> Done:
    return ledger.add_work(store, staff_no=row["staff_no"], start=row["from"], last_day=row["to"],
                           note=row["note"])


def _write_appointment(store: Store, row: dict[str, Any], _today: date) -> Done:
    org = store.org_by_code_or_name(row["org"])
    history = ledger.PostHistory(end=row["end"], end_reason=row["end_reason"], trial_result=row["trial_result"],
                                 trial_decided_on=row["trial_decided_on"])
    return ledger.appoint(store, staff_no=row["staff_no"], org=org.code, kind=row["kind"], rank=row["rank"],
                          start=row["start"], promoted=bool(row["promoted"]), prior_rank=row["prior_rank"],
                          override=row["override"], history=history, details=details(APPOINTMENT_KIND, row))


KINDS: dict[str, Kind] = {
    "orgs": Kind(
        "党组织",
        _columns_of(ORG_KIND),
        _write_org,
        _example_of(ORG_KIND),
        ("code",),
    ),
    "persons": Kind(
        "人员",
        _columns_of(PERSON_KIND),
        _write_person,
        _example_of(PERSON_KIND),
        ("staff_no",),
    ),
    "work": Kind(
        "党务工作经历",
        _columns_of(WORK_KIND),
        _write_work,
        _example_of(WORK_KIND),
        ("staff_no", "from", "to"),
    ),
    "appointments": Kind(
        "任职",
        _columns_of(APPOINTMENT_KIND),
        _write_appointment,
        _example_of(APPOINTMENT_KIND),
        ("staff_no", "org", "start"),
        (LEFT_ON_NOTE,),
    ),
}


def kind_of(name: str) -> Kind:
    """The kind of data named by its English key (``persons``) or its Chinese label (人员); else exit 2,
    listing both as every enum refusal does."""
    given = name.strip()
    for key, kind in KINDS.items():
        if given.lower() == key or given == kind.label:
            return kind
    known = "、".join(f"{key}({kind.label})" for key, kind in KINDS.items())
    raise UsageProblem(f"没有「{text.shown(name)}」这种数据。可用: {known}。")


def kind_names(incomplete: str) -> list[tuple[str, str]]:
    """The kinds of data whose key or label begins with ``incomplete``, each with the other as its help
    (the shell completion of ``KIND``)."""
    names = [(key, kind.label) for key, kind in KINDS.items()] + [(kind.label, key) for key, kind in KINDS.items()]
    return [(name, other) for name, other in names if name.startswith(incomplete)]


# -- progress --------------------------------------------------------------------------------

class _Counted:
    """A binary file whose reads advance the reading phase by the bytes read."""

    def __init__(self, source: IO[bytes], progress: Progress) -> None:
        self.source, self.progress = source, progress

    def read(self, size: int = -1) -> bytes:
        piece = self.source.read(size)
        self.progress.advance(len(piece))
        return piece


# -- reading files -------------------------------------------------------------------------

Rows = Sequence[tuple[int, list[Any]]]


def read_source(path: Path, *, stdin: Any, progress: Progress | None = None) -> tuple[Rows, str]:
    """The rows of ``path``, or of CSV on ``stdin`` for ``-`` (SPEC section 9), and how to name it."""
    if str(path) == "-":
        return read_stdin(stdin, progress), "标准输入"
    return read_file(path, progress), text.shown(path.name)


def read_file(path: Path, progress: Progress | None = None) -> Rows:
    """Every row of the file with the row number the spreadsheet shows, read within the bounds of
    :mod:`zzy.csv_reader` and :mod:`zzy.xlsx_reader`."""
    if not path.is_file():
        raise UsageProblem(f"找不到文件 {text.shown(str(path))}。")
    suffix, name = path.suffix.lower(), text.shown(path.name)
    if suffix == ".csv":
        from zzy import csv_reader  # start-up

        size = path.stat().st_size
        if size > csv_reader.MAX_CSV_BYTES:
            raise csv_reader.too_large(name)
        with path.open("rb") as source:
            if progress is None:
                return csv_reader.read_csv(source, name)
            progress.phase(READING, size)
            return csv_reader.read_csv(_Counted(source, progress), name)  # type: ignore[arg-type]
    if suffix in (".xlsx", ".xlsm"):
        from zzy import xlsx_reader  # start-up

        try:
            rows = xlsx_reader.read_rows(path, name)
            if progress is not None:  # rows as the sheet streams them: how many there are is not known yet
                progress.phase(READING, None)
                rows = _advancing(rows, progress)
            return Stored.of(rows)
        except ZzyError:
            raise
        except Exception:  # a damaged workbook: say so in Chinese, no traceback, no English
            raise UsageProblem(f"无法读取 {name}: 文件已损坏,或不是 Excel 工作簿(.xlsx)。"
                               "请在 Excel 中打开并另存为 .xlsx 后重试。") from None
    raise UsageProblem(f"只能导入 .xlsx 或 .csv 文件,收到「{name}」。")


def _advancing(rows: Iterator[tuple[int, list[Any]]], progress: Progress) -> Iterator[tuple[int, list[Any]]]:
    for row in rows:
        progress.advance(1)
        yield row


def read_stdin(stream: Any, progress: Progress | None = None) -> Rows:
    """``import KIND -``: CSV piped to standard input."""
    from zzy import csv_reader  # start-up

    if stream.isatty():
        raise UsageProblem("「-」表示从标准输入读取 CSV,请用管道或重定向提供数据,例如: zzy import persons - < 人员.csv")
    if progress is None:
        return csv_reader.read_csv(stream.buffer, "标准输入")
    progress.phase(READING, None)
    return csv_reader.read_csv(_Counted(stream.buffer, progress), "标准输入")  # type: ignore[arg-type]


#: The most rows above the header that may be a title (and blank rows around it).
TITLE_ROWS = 3


def header_row(kind: Kind, rows: Rows) -> int:
    """Where the header is in ``rows``: the first row, unless the rows above it are a title.

    A clerk's sheet often opens with a title such as 2026年组织员名册 above the headers.  Rows are
    skipped as a title when each holds at most one non-empty cell (no header has fewer than two
    required columns, so a header is never taken for a title), there are at most :data:`TITLE_ROWS`
    of them, and the first row holding more names every required column of ``kind``.  Anything
    else keeps the first row as the header, refused as before if it is not one."""
    for index, (_, cells) in enumerate(rows[:TITLE_ROWS + 1]):
        if sum(read_text(cell) is not None for cell in cells) > 1:
            if index == 0:
                return 0
            named = {f.key for f in kind.fields for cell in cells if (title := read_text(cell)) is not None
                     and (title == f.label or title.lower() == f.key)}
            return index if all(f.key in named for f in kind.fields if f.required) else 0
    return 0


def _columns(kind: Kind, header: list[Any], number: int = 1) -> tuple[dict[str, int], dict[str, str]]:
    """Which column holds which field (by Chinese label or English key), and its header text.

    A field named twice (also once by label and once by key) is refused: which one to keep?"""
    positions: dict[str, int] = {}
    titles: dict[str, str] = {}
    twice: list[str] = []
    for index, cell in enumerate(header):
        title = read_text(cell)
        if title is None:
            continue
        for field in kind.fields:
            if title == field.label or title.lower() == field.key:
                if field.key in positions:
                    twice.append(f"「{titles[field.key]}」(第{positions[field.key] + 1}列)和「{title}」"
                                 f"(第{index + 1}列)都是{field.label}")
                    continue
                positions[field.key], titles[field.key] = index, title
    if twice:
        raise Refused(f"第{number}行(表头)有重复的列,无法确定用哪一列:", problems=twice)
    missing = [f.label for f in kind.fields if f.required and f.key not in positions]
    if missing:
        raise Refused(f"第{number}行(表头)缺少列: {'、'.join(missing)}。可用 zzy template 生成带表头的模板。")
    return positions, titles


def _explain(error: ZzyError) -> str:
    """A refusal as the reason after ``第N行 列名:``, speaking of columns, not options."""
    if isinstance(error, BadText):
        return error.reason
    if isinstance(error, NeedsOverride):
        return ";".join([error.finding.rstrip("。"), *error.problems, "如经党委特批,请在「特批理由」列填写理由"])
    return ";".join([error.message.rstrip("。::"), *error.problems])  # noqa: B005 (trailing punctuation)


@dataclass(frozen=True)
class Outcome:
    rows: int
    ignored_columns: list[str]


def import_rows(
    session: Session,
    *,
    kind: Kind,
    rows: Rows,
    today: date,
    progress: Progress | None = None,
) -> Outcome:
    """Write every data row, or refuse the whole file listing each problem.

    The refusal exits 2 when every problem is a cell that cannot be read (a text, date or choice
    that the single command would refuse as a usage error), else 3 (SPEC sections 5, 7, 11).
    """
    if not rows:
        raise Refused("文件是空的: 没有表头,也没有数据。")
    store = BulkStore(session)
    first = header_row(kind, rows)
    header_number, header = rows[first]
    positions, titles = _columns(kind, header, header_number)
    ignored = [text.shown(str(c).strip()) for i, c in enumerate(header)
               if read_text(c) and i not in positions.values()]
    problems: list[str] = []
    only_usage = True
    first_seen: dict[tuple[Any, ...], int] = {}
    written = 0
    if progress is not None:
        progress.phase(CHECKING, len(rows) - first - 1)
    for number, cells in rows[first + 1:]:
        if progress is not None:
            progress.advance(1)
        if all(read_text(cell) is None for cell in cells):
            continue
        values, row_problems = _read_row(kind, cells, positions, titles, number)
        if row_problems:
            problems.extend(row_problems)
            continue
        same = tuple(values[key] for key in kind.same)
        if same in first_seen:
            problems.append(f"第{number}行 {titles[kind.same[0]]}: 与第{first_seen[same]}行重复")
            only_usage = False
            continue
        first_seen[same] = number
        try:
            kind.write(store, values, today)
            written += 1
        except ZzyError as error:
            only_usage = only_usage and isinstance(error, UsageProblem)
            title = titles.get(kind.field(error.field).key, kind.field(error.field).label)
            problems.append(f"第{number}行 {title}: {_explain(error)}")
    if problems:
        refusal = UsageProblem if only_usage else Refused
        raise refusal(f"有 {len(problems)} 处问题,整个文件未导入(账本没有任何改动):", problems=problems)
    if written == 0:
        raise Refused("文件里只有表头,没有可导入的数据行。")
    store.finish(progress)
    return Outcome(written, ignored)


def _read_row(kind: Kind, cells: list[Any], positions: dict[str, int], titles: dict[str, str],
              number: int) -> tuple[dict[str, Any], list[str]]:
    values: dict[str, Any] = {}
    problems = []
    for field in kind.fields:
        index = positions.get(field.key)
        cell = cells[index] if index is not None and index < len(cells) else None
        try:
            value = field.read(cell)
        except ZzyError as error:
            problems.append(f"第{number}行 {titles[field.key]}: {_explain(error)}")
            continue
        if value is None and field.required:
            problems.append(f"第{number}行 {titles[field.key]}: 不能为空")
        values[field.key] = value
    return values, problems
