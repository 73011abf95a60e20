"""Importing a clerk's rows (xlsx, or CSV in UTF-8, UTF-8 with BOM or GB18030).

Each row goes through exactly the ledger function its single command uses, inside one
transaction: any bad row refuses the whole file, with every problem listed as
``第N行 列名: 原因`` (N being the row number the spreadsheet shows).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session

from zzy import dates, ledger
from zzy.choices import Choice, OrgKind, PostKind, Rank, TrialResult, parse_bool, parse_choice
from zzy.errors import Refused, UsageProblem, ZzyError
from zzy.ledger import Done
from zzy.store import BulkStore, Store

Reader = Callable[[Any], Any]


def read_text(cell: Any) -> str | None:
    """Text as typed; Excel numbers such as a 工号 1001 read as ``1001``."""
    if cell is None:
        return None
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    text = str(cell).strip()
    return text or None


def read_choice(kind: type[Choice]) -> Reader:
    def read(cell: Any) -> Choice | None:
        text = read_text(cell)
        return parse_choice(kind, text) if text is not None else None

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


@dataclass(frozen=True)
class Kind:
    """One kind of import: its columns, how a row is written, and an example row."""

    label: str
    fields: Sequence[Field]
    write: Callable[[Store, dict[str, Any], date], Done]
    example: dict[str, Any]

    def field(self, key: str | None) -> Field:
        return next((f for f in self.fields if f.key == key), self.fields[0])


def _write_org(store: Store, row: dict[str, Any], _today: date) -> Done:
    done = ledger.add_org(store, code=row["code"], name=row["name"], kind=row["kind"] or OrgKind.GRASSROOTS)
    if row["dissolved_on"] is not None:
        ledger.dissolve_org(store, code=row["code"], on=row["dissolved_on"])
    return done


def _write_person(store: Store, row: dict[str, Any], today: date) -> Done:
    in_service = True if row["in_service"] is None else row["in_service"]
    return ledger.add_person(store, staff_no=row["staff_no"], name=row["name"], joined=row["joined"],
                             full=row["full"], in_service=in_service, today=today)


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
        (Field("code", "代码", required=True), Field("name", "名称", required=True),
         Field("kind", "类型", read_choice(OrgKind)), _date_field("dissolved_on", "撤销日期")),
        _write_org,
        {"code": "jd", "name": "机电工程学院党总支", "kind": "基层党组织", "dissolved_on": None},
    ),
    "persons": Kind(
        "人员",
        (Field("staff_no", "工号", required=True), Field("name", "姓名", required=True),
         _date_field("joined", "入党日期", required=True), _date_field("full", "转正日期"),
         Field("in_service", "在职教职工", read_flag)),
        _write_person,
        {"staff_no": "T001", "name": "张三", "joined": date(2015, 6, 1), "full": date(2016, 6, 1),
         "in_service": "是"},
    ),
    "work": Kind(
        "党务工作经历",
        (Field("staff_no", "工号", required=True), _date_field("from", "起始日期", required=True),
         _date_field("to", "截止日期"), Field("note", "说明")),
        _write_work,
        {"staff_no": "T001", "from": date(2016, 9, 1), "to": date(2020, 8, 31), "note": "学生党支部书记"},
    ),
    "appointments": Kind(
        "任职",
        (Field("staff_no", "工号", required=True), Field("org", "党组织", required=True),
         Field("kind", "类别", read_choice(PostKind), required=True),
         Field("rank", "职级", read_choice(Rank), required=True),
         _date_field("start", "任职日期", required=True), _date_field("end", "离任日期"),
         Field("end_reason", "离任原因"), Field("promoted", "新提拔", read_flag),
         Field("prior_rank", "试任前职级", read_choice(Rank)),
         Field("trial_result", "试用期考核", read_choice(TrialResult)),
         _date_field("trial_decided_on", "考核日期"), Field("override", "特批理由")),
        _write_appointment,
        {"staff_no": "T001", "org": "jd", "kind": "专职", "rank": "正科级", "start": date(2024, 3, 1),
         "end": None, "end_reason": None, "promoted": "是", "prior_rank": "副科级", "trial_result": "胜任",
         "trial_decided_on": date(2025, 3, 1), "override": None},
    ),
}


def kind_of(name: str) -> Kind:
    if name not in KINDS:
        raise UsageProblem(f"没有「{name}」这种数据。可用: {'、'.join(KINDS)}。")
    return KINDS[name]


# -- reading files -------------------------------------------------------------------------


def decode_csv(raw: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 as Excel on Chinese Windows saves it."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        raise UsageProblem("无法识别 CSV 文件的编码,请另存为 UTF-8 或 GB18030(GBK)。") from None


def read_file(path: Path) -> list[tuple[int, list[Any]]]:
    """Every row of the file with the row number the spreadsheet shows."""
    if not path.is_file():
        raise UsageProblem(f"找不到文件 {path}。")
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            text = decode_csv(path.read_bytes())
            return list(enumerate(csv.reader(io.StringIO(text, newline="")), start=1))
        if suffix in (".xlsx", ".xlsm"):
            from zzy import io_excel

            return list(io_excel.read_rows(path))
    except ZzyError:
        raise
    except Exception as error:  # a damaged workbook or CSV: say so, no traceback
        raise UsageProblem(f"无法读取 {path.name}: {error}。") from None
    raise UsageProblem(f"只能导入 .xlsx 或 .csv 文件,收到「{path.name}」。")


def _columns(kind: Kind, header: list[Any]) -> tuple[dict[str, int], dict[str, str]]:
    """Which column holds which field (by Chinese label or English key), and its header text."""
    positions: dict[str, int] = {}
    titles: dict[str, str] = {}
    for index, cell in enumerate(header):
        text = read_text(cell)
        if text is None:
            continue
        for field in kind.fields:
            if text == field.label or text.lower() == field.key:
                positions[field.key], titles[field.key] = index, text
    missing = [f.label for f in kind.fields if f.required and f.key not in positions]
    if missing:
        raise Refused(f"第1行(表头)缺少列: {'、'.join(missing)}。可用 zzy template 生成带表头的模板。")
    return positions, titles


def _explain(error: ZzyError) -> str:
    return ";".join([error.message.rstrip("。::"), *error.problems])  # noqa: B005 (trailing punctuation)


@dataclass(frozen=True)
class Outcome:
    rows: int
    ignored_columns: list[str]


def import_rows(
    session: Session,
    *,
    kind: Kind,
    rows: list[tuple[int, list[Any]]],
    today: date,
    progress: Callable[[int], None] | None = None,
) -> Outcome:
    """Write every data row, or refuse the whole file listing each problem (exit 3)."""
    if not rows:
        raise Refused("文件是空的: 没有表头,也没有数据。")
    store = BulkStore(session)
    _, header = rows[0]
    positions, titles = _columns(kind, header)
    ignored = [str(c).strip() for i, c in enumerate(header) if read_text(c) and i not in positions.values()]
    problems: list[str] = []
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
        try:
            kind.write(store, values, today)
            written += 1
        except ZzyError as error:
            title = titles.get(kind.field(error.field).key, kind.field(error.field).label)
            problems.append(f"第{number}行 {title}: {_explain(error)}")
    if problems:
        raise Refused(f"有 {len(problems)} 处问题,整个文件未导入(账本没有任何改动):", problems=problems)
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
