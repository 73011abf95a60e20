"""Importing a clerk's rows (xlsx, or CSV in UTF-8, UTF-8 with BOM or GB18030).

Each row goes through exactly the ledger function its single command uses, inside one
transaction: any bad row refuses the whole file, with every problem listed as
``第N行 列名: 原因`` (N being the row number the spreadsheet shows).
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session

from zzy import dates, ledger, text
from zzy.choices import FIELD_CHOICES, Choice, OrgKind, PostKind, Rank, TrialResult, parse_bool, parse_choice
from zzy.errors import BadText, NeedsOverride, Refused, UsageProblem, ZzyError
from zzy.outcome import Done
from zzy.schema import DATE, FLAG, PERSON_FIELDS, RecordField
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
    def read(cell: Any) -> Choice | None:
        typed = read_text(cell)
        return parse_choice(kind, typed) if typed is not None else None

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


def _date_field(key: str, label: str, *, required: bool = False) -> Field:
    return Field(key, label, dates.from_cell, required=required, dated=True)


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


@dataclass(frozen=True)
class Kind:
    """One kind of import: its columns, how a row is written, and an example row."""

    label: str
    fields: Sequence[Field]
    write: Callable[[Store, dict[str, Any], date], Done]
    example: dict[str, Any]
    #: The fields that make two rows of one file the same record ("与第N行重复").
    same: tuple[str, ...]

    def field(self, key: str | None) -> Field:
        return next((f for f in self.fields if f.key == key), self.fields[0])


def _write_org(store: Store, row: dict[str, Any], _today: date) -> Done:
    done = ledger.add_org(store, code=row["code"], name=row["name"], kind=row["kind"] or OrgKind.GRASSROOTS)
    if row["dissolved_on"] is not None:
        ledger.dissolve_org(store, code=row["code"], on=row["dissolved_on"])
    return done


def _write_person(store: Store, row: dict[str, Any], today: date) -> Done:
    return ledger.add_person(store, today=today, **row)


def _declared(field: RecordField) -> Field:
    """The import column of a field declared in :mod:`zzy.schema`, read as its kind says."""
    if field.kind == DATE:
        return _date_field(field.key, field.label, required=field.required)
    if field.kind == FLAG:
        return Field(field.key, field.label, read_flag, required=field.required)
    if field.kind in FIELD_CHOICES:
        choice = FIELD_CHOICES[field.kind]
        return Field(field.key, field.label, lambda cell: None if read_text(cell) is None else choice(read_text(cell)),
                     required=field.required)
    return _text_field(field.key, field.label, text.RULES[field.kind], required=field.required)


def _example(field: RecordField) -> Any:
    return date.fromisoformat(str(field.example)) if field.kind == DATE and field.example else field.example


_IMPORTED = tuple(field for field in PERSON_FIELDS if field.imported)


def _write_work(store: Store, row: dict[str, Any], _today: date) -> Done:
    return ledger.add_work(store, staff_no=row["staff_no"], start=row["from"], last_day=row["to"],
                           note=row["note"])


def _write_appointment(store: Store, row: dict[str, Any], _today: date) -> Done:
    org = store.org_by_code_or_name(row["org"])
    history = ledger.PostHistory(end=row["end"], end_reason=row["end_reason"], trial_result=row["trial_result"],
                                 trial_decided_on=row["trial_decided_on"])
    return ledger.appoint(store, staff_no=row["staff_no"], org=org.code, kind=row["kind"], rank=row["rank"],
                          start=row["start"], promoted=bool(row["promoted"]), prior_rank=row["prior_rank"],
                          override=row["override"], history=history)


KINDS: dict[str, Kind] = {
    "orgs": Kind(
        "党组织",
        (_code("code", "代码"), _name("name", "名称"),
         Field("kind", "类型", read_choice(OrgKind)), _date_field("dissolved_on", "撤销日期")),
        _write_org,
        {"code": "jd", "name": "机电工程学院党总支", "kind": "基层党组织", "dissolved_on": None},
        ("code",),
    ),
    "persons": Kind(
        "人员",
        tuple(_declared(field) for field in _IMPORTED),
        _write_person,
        {field.key: _example(field) for field in _IMPORTED},
        ("staff_no",),
    ),
    "work": Kind(
        "党务工作经历",
        (_name("staff_no", "工号"), _date_field("from", "起始日期", required=True),
         _date_field("to", "截止日期"), _free("note", "说明")),
        _write_work,
        {"staff_no": "T001", "from": date(2016, 9, 1), "to": date(2020, 8, 31), "note": "学生党支部书记"},
        ("staff_no", "from", "to"),
    ),
    "appointments": Kind(
        "任职",
        (_name("staff_no", "工号"), _name("org", "党组织"),
         Field("kind", "类别", read_choice(PostKind), required=True),
         Field("rank", "职级", read_choice(Rank), required=True),
         _date_field("start", "任职日期", required=True), _date_field("end", "离任日期"),
         _free("end_reason", "离任原因"), Field("promoted", "新提拔", read_flag),
         Field("prior_rank", "试任前职级", read_choice(Rank)),
         Field("trial_result", "试用期考核", read_choice(TrialResult)),
         _date_field("trial_decided_on", "考核日期"), _free("override", "特批理由")),
        _write_appointment,
        {"staff_no": "T001", "org": "jd", "kind": "专职", "rank": "正科级", "start": date(2024, 3, 1),
         "end": None, "end_reason": None, "promoted": "是", "prior_rank": "副科级", "trial_result": "胜任",
         "trial_decided_on": date(2025, 3, 1), "override": None},
        ("staff_no", "org", "start"),
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


# -- reading files -------------------------------------------------------------------------

#: The most bytes a CSV may have (a roster of 1 000 000 cells is far smaller).
MAX_CSV_BYTES = 256 * 1024 * 1024

Rows = list[tuple[int, list[Any]]]


def read_source(path: Path, *, stdin: Any) -> tuple[Rows, str]:
    """The rows of ``path``, or of CSV on ``stdin`` for ``-`` (SPEC section 9), and how to name it."""
    if str(path) == "-":
        return read_stdin(stdin), "标准输入"
    return read_file(path), text.shown(path.name)


def read_file(path: Path) -> Rows:
    """Every row of the file with the row number the spreadsheet shows."""
    if not path.is_file():
        raise UsageProblem(f"找不到文件 {text.shown(str(path))}。")
    suffix, name = path.suffix.lower(), text.shown(path.name)
    if suffix == ".csv":
        if path.stat().st_size > MAX_CSV_BYTES:
            raise _too_large(name)
        return read_csv(path.read_bytes(), name)
    if suffix in (".xlsx", ".xlsm"):
        from zzy import io_excel

        try:
            return list(io_excel.read_rows(path))
        except ZzyError:
            raise
        except Exception:  # a damaged workbook: say so in Chinese, no traceback, no English
            raise UsageProblem(f"无法读取 {name}: 文件已损坏,或不是 Excel 工作簿(.xlsx)。"
                               "请在 Excel 中打开并另存为 .xlsx 后重试。") from None
    raise UsageProblem(f"只能导入 .xlsx 或 .csv 文件,收到「{name}」。")


def read_stdin(stream: Any) -> Rows:
    """``import KIND -``: CSV piped to standard input."""
    if stream.isatty():
        raise UsageProblem("「-」表示从标准输入读取 CSV,请用管道或重定向提供数据,例如: zzy import persons - < 人员.csv")
    raw = stream.buffer.read(MAX_CSV_BYTES + 1)
    if len(raw) > MAX_CSV_BYTES:
        raise _too_large("标准输入")
    return read_csv(raw, "标准输入")


def _too_large(name: str) -> UsageProblem:
    return UsageProblem(f"{name} 超过 {MAX_CSV_BYTES // 1024 // 1024} MB,不像是一份名册,未导入。")


def read_csv(raw: bytes, name: str, *, max_cells: int | None = None) -> Rows:
    """The records of a CSV in any encoding :func:`decode_csv` accepts, refused beyond ``max_cells``."""
    from zzy.io_excel import MAX_CELLS

    if raw.startswith(b"PK\x03\x04"):
        raise UsageProblem(f"{name} 是 Excel 工作簿,不是 CSV。请以 .xlsx 文件名导入,或在 Excel 中另存为 CSV。")
    limit = MAX_CELLS if max_cells is None else max_cells
    reader = csv.reader(io.StringIO(decode_csv(raw, name), newline=""))
    rows: Rows = []
    widest = 0
    try:
        for number, cells in enumerate(reader, start=1):
            widest = max(widest, len(cells))
            if number * widest > limit:
                raise UsageProblem(f"{name} 太大,不像是一份名册(读到第 {number} 行时已有 {widest} 列,"
                                   f"超过 {limit:,} 个单元格),未导入。")
            rows.append((number, cells))
    except csv.Error:
        raise UsageProblem(f"无法读取 {name}: 第 {reader.line_num} 行的 CSV 格式有误(引号不成对,或单元格过长)。"
                           "请在 Excel 中打开并另存为 CSV 后重试。") from None
    return rows


def decode_csv(raw: bytes, name: str = "CSV 文件") -> str:
    """UTF-8 (with or without BOM), else GB18030 as Excel on Chinese Windows saves it; never a mix.

    A file that is UTF-8 throughout is read as UTF-8, unless it is GB18030 throughout as well and
    reads as everyday Chinese only that way (a GBK file of names such as 郑肖 happens to be valid
    UTF-8). Any other file is looked at line by line (a line break is one byte in
    both encodings): a line that only UTF-8 explains, next to one that only GB18030 explains,
    means the file was pieced together from two sources, and decoding it either way would store
    garbled names (张三 as 寮犱笁). Such a file is refused, naming the lines of each kind. Line
    numbers are the spreadsheet's row numbers for any file without line breaks inside cells
    (which the text rules refuse anyway).
    """
    bom = raw.startswith(codecs.BOM_UTF8)
    body = raw[len(codecs.BOM_UTF8):] if bom else raw
    as_utf8 = _decoded(body, "utf-8")
    if as_utf8 is not None and (bom or _line_encoding(body) != "gb18030"):
        return as_utf8
    pieces = body.split(b"\n")
    if not bom and not any(_decoded(line, "utf-8") is not None and _line_encoding(line) == "utf-8"
                           for line in pieces if not line.isascii()):
        as_gb = _decoded(body, "gb18030")  # the common case, a GBK file: one more pass, in C
        if as_gb is not None:
            return as_gb
    lines: dict[str | None, list[int]] = {"utf-8": [1] if bom else [], "gb18030": [], "unknown": [], None: []}
    for number, line in enumerate(pieces, start=1):
        lines[_line_encoding(line)].append(number)
    utf8_lines, gb_lines, unknown = lines["utf-8"], lines["gb18030"], lines["unknown"]
    if unknown:
        raise UsageProblem(f"无法识别 {name} 的编码: {_lines(unknown)}既不是 UTF-8 也不是 GB18030(GBK)。"
                           "请在 Excel 或记事本中另存为 UTF-8 或 GB18030 后重试。")
    if utf8_lines and gb_lines:
        utf8 = "文件开头标明是 UTF-8" if bom and utf8_lines == [1] else f"{_lines(utf8_lines)}是 UTF-8"
        raise UsageProblem(f"{name} 混用了两种编码: {utf8},{_lines(gb_lines)}是 GB18030(GBK)。"
                           "照此导入会把姓名存成乱码,未导入。请把这些行统一为一种编码"
                           "(例如在 Excel 中整体另存为「CSV UTF-8」)后重试。")
    return body.decode("gb18030")


def _line_encoding(line: bytes) -> str | None:
    """Which encoding explains a line: ``utf-8``, ``gb18030``, ``unknown``, or None (both, alike)."""
    if line.isascii():
        return None
    as_utf8 = _decoded(line, "utf-8")
    as_gb = _decoded(line, "gb18030")
    if as_utf8 is None and as_gb is None:
        return "unknown"
    if as_utf8 is None or as_gb is None:
        return "gb18030" if as_utf8 is None else "utf-8"
    # Both decode: the one that reads as everyday Chinese wins (UTF-8 read as GB18030 gives rare
    # characters such as 寮犱笁; GB18030 read as UTF-8 gives Latin or Cyrillic letters).
    utf8_score, gb_score = _commonness(as_utf8), _commonness(as_gb)
    if utf8_score == gb_score:
        return None
    return "utf-8" if utf8_score > gb_score else "gb18030"


def _decoded(line: bytes, encoding: str) -> str | None:
    try:
        return line.decode(encoding)
    except UnicodeDecodeError:
        return None


def _commonness(line: str) -> float:
    """How much of the non-ASCII text is everyday Chinese: GB2312 level-1 characters and
    punctuation count 1, level-2 characters one half, anything else nothing."""
    scores = []
    for ch in line:
        if ch.isascii():
            continue
        try:
            lead = ch.encode("gb2312")[0]
        except UnicodeEncodeError:
            scores.append(0.0)
            continue
        scores.append(1.0 if lead <= 0xD7 else 0.5)
    return sum(scores) / len(scores)


def _lines(numbers: list[int]) -> str:
    shown = "、".join(str(n) for n in numbers[:10])
    return f"第{shown}行" + (f"等 {len(numbers)} 行" if len(numbers) > 10 else "")


def _columns(kind: Kind, header: list[Any]) -> tuple[dict[str, int], dict[str, str]]:
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
        raise Refused("第1行(表头)有重复的列,无法确定用哪一列:", problems=twice)
    missing = [f.label for f in kind.fields if f.required and f.key not in positions]
    if missing:
        raise Refused(f"第1行(表头)缺少列: {'、'.join(missing)}。可用 zzy template 生成带表头的模板。")
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
    progress: Callable[[int], None] | None = None,
) -> Outcome:
    """Write every data row, or refuse the whole file listing each problem.

    The refusal exits 2 when every problem is a cell that cannot be read (a text, date or choice
    that the single command would refuse as a usage error), else 3 (SPEC sections 5, 7, 11).
    """
    if not rows:
        raise Refused("文件是空的: 没有表头,也没有数据。")
    store = BulkStore(session)
    _, header = rows[0]
    positions, titles = _columns(kind, header)
    ignored = [text.shown(str(c).strip()) for i, c in enumerate(header)
               if read_text(c) and i not in positions.values()]
    problems: list[str] = []
    only_usage = True
    first_seen: dict[tuple[Any, ...], int] = {}
    written = 0
    for number, cells in rows[1:]:
        if progress is not None:
            progress(1)
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
    store.finish()
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
