"""Any report to a file (SPEC section 9): ``--output FILE`` on every list and report, the format from the
extension, CSV files Excel reads safely, workbooks that print; written atomically (section 11)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from typer.main import get_command

from conftest import PAPER_CELLS, PAPER_HEADER, Zzy
from zzy import dates
from zzy.cli import app
from zzy.render import emit, excel_safe
from zzy.report_types import Report, Section


def _report_commands() -> dict[str, object]:
    """Every command that prints a list or report (it takes ``--format``), by its path."""
    root = get_command(app)
    found = {}
    for name in root.list_commands(None):  # type: ignore[attr-defined]
        command = root.get_command(None, name)  # type: ignore[attr-defined]
        for path, leaf in ([(f"{name} {child}", sub) for child, sub in command.commands.items()]
                           if hasattr(command, "commands") else [(name, command)]):
            if any("--format" in p.opts for p in leaf.params):
                found[path] = leaf
    return found


REPORTS = _report_commands()


def test_every_list_and_report_takes_output_force_and_every_format() -> None:
    assert {"remind", "roster", "summary", "check", "person show", "person list", "org list", "training list",
            "report list", "target list", "log", "config show", "doctor"} <= set(REPORTS)
    for path, command in REPORTS.items():
        options = {p.name: p for p in command.params}
        assert options["output"].opts == ["--output", "-o"], path
        assert options["force"].opts == ["--force"], path
        # every format; profile show also writes the profile itself as toml (SPEC 12)
        assert set(options["fmt"].metavar.split("|")) - {"toml"} == {"table", "csv", "json", "xlsx", "html"}, path


@pytest.fixture
def filled(ok: Zzy, college: Path) -> Path:
    """The college with a post, an overdue trial, a formula-like name and a committee of its own name."""
    ok("org rename dw 西山职业学院党委")
    ok("appoint T001 jd --kind full --rank section --on 2024-03-01 --promoted --prior-rank deputy-section")
    ok(["person", "add", "--joined", "2010-01-01", "--full", "2011-01-01", "--", "T009", "=1+2"])
    ok(["person", "add", "--joined", "2010-01-01", "--full", "2011-01-01", "--", "T010", "-甲"])
    ok(["person", "add", "--joined", "2010-01-01", "--full", "2011-01-01", "--", "T011", "@乙"])
    ok(["person", "add", "--joined", "2010-01-01", "--full", "2011-01-01", "--", "T012", "+丙"])
    ok("appoint T009 xx --kind part --rank none --on 2024-06-01")
    return college


# -- the format follows the extension, one line says what was written -----------------------------


def test_format_follows_the_extension(ok: Zzy, filled: Path, tmp_path: Path) -> None:
    for name, label in (("o.csv", "CSV"), ("o.json", "JSON"), ("o.xlsx", "Excel")):
        out = tmp_path / name
        assert ok(["org", "list", "--output", str(out)]).stdout == f"已写入 {label} 文件: {out}\n"
        assert out.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "o.csv").read_text(encoding="utf-8") == (
        "\ufeffcode,name,kind,dissolved_on\n"
        "dw,西山职业学院党委,committee,\njd,机电工程学院党总支,grassroots,\nxx,信息工程学院党总支,grassroots,\n")
    assert json.loads((tmp_path / "o.json").read_text(encoding="utf-8")) == ok("org list --format json").json()
    assert openpyxl.load_workbook(tmp_path / "o.xlsx").active["A3"].value == "dw"


def test_format_option_overrides_the_extension(ok: Zzy, filled: Path, tmp_path: Path) -> None:
    out = tmp_path / "orgs.txt"
    assert ok(["org", "list", "--format", "json", "-o", str(out)]).stdout == f"已写入 JSON 文件: {out}\n"
    assert json.loads(out.read_text(encoding="utf-8")) == ok("org list --format json").json()


def test_an_extension_that_names_no_format_is_a_usage_error(zzy: Zzy, filled: Path, tmp_path: Path) -> None:
    result = zzy(["org", "list", "--output", str(tmp_path / "orgs.txt")])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ("错误: 无法从文件名 orgs.txt 判断格式: 请用扩展名 .csv、.json、.xlsx 或 .html,"
                             "或加 --format 指定。\n")
    assert not (tmp_path / "orgs.txt").exists()


@pytest.mark.parametrize("command", ["remind", "roster", "check T001", "org list", "person show T001", "log"])
def test_xlsx_without_output_is_a_usage_error_naming_output(zzy: Zzy, filled: Path, command: str) -> None:
    result = zzy(f"{command} --format xlsx")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "错误: xlsx 格式须用 --output 指定文件名,例如 --output 名册.xlsx。\n"


def test_emit_writes_the_page_a_report_carries(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from zzy.choices import OutputFormat
    from zzy.render import Destination

    page = Report(tables=[Section([], [])], html=lambda: "<!doctype html><title>年</title>")
    emit(page, None, Destination(tmp_path / "year.html"))
    emit(page, OutputFormat.HTML)
    assert (tmp_path / "year.html").read_text(encoding="utf-8") == "<!doctype html><title>年</title>"
    assert capsys.readouterr().out == f"已写入 HTML 文件: {tmp_path / 'year.html'}\n<!doctype html><title>年</title>"


def test_quiet_remind_writes_no_file_when_nothing_is_due(zzy: Zzy, ledger: Path, tmp_path: Path) -> None:
    out = tmp_path / "提醒.csv"
    result = zzy(["remind", "-q", "--as-of", "2026-02-01", "--within", "0", "--output", str(out)])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert not out.exists()


# -- files are never clobbered ---------------------------------------------------------------------


def test_an_existing_file_is_replaced_only_with_force(zzy: Zzy, ok: Zzy, filled: Path, tmp_path: Path) -> None:
    out = tmp_path / "名册.csv"
    out.write_text("earlier", encoding="utf-8")
    result = zzy(["roster", "--year", "2024", "--output", str(out)])
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr.startswith("错误: ") and "--force" in result.stderr
    assert out.read_text(encoding="utf-8") == "earlier"
    assert ok(["roster", "--year", "2024", "--output", str(out), "--force"]).stdout == f"已写入 CSV 文件: {out}\n"
    assert out.read_text(encoding="utf-8").startswith("\ufeffstaff_no,")


@pytest.mark.sqlite_only
def test_the_ledger_is_never_a_report_file_even_with_force(zzy: Zzy, filled: Path) -> None:
    before = filled.read_bytes()
    result = zzy(["org", "list", "--format", "csv", "--output", str(filled), "--force"])
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr.startswith("错误: ")
    assert filled.read_bytes() == before


# -- CSV for Excel ---------------------------------------------------------------------------------


def test_csv_on_stdout_has_no_bom_and_no_quotes_added(ok: Zzy, filled: Path) -> None:
    lines = ok("person list --format csv").stdout.splitlines()
    assert lines[0] == "staff_no,name,joined,full,in_service" + PAPER_HEADER + ",out_of_service_on"
    assert lines[4:] == [line + PAPER_CELLS + "," for line in (
        "T009,=1+2,2010-01-01,2011-01-01,true", "T010,-甲,2010-01-01,2011-01-01,true",
        "T011,@乙,2010-01-01,2011-01-01,true", "T012,+丙,2010-01-01,2011-01-01,true")]


def test_csv_file_has_a_bom_and_no_cell_a_spreadsheet_would_evaluate(ok: Zzy, filled: Path, tmp_path: Path) -> None:
    out = tmp_path / "人员.csv"
    ok(["person", "list", "--output", str(out)])
    assert out.read_text(encoding="utf-8") == "\ufeff" + "".join(line + "\n" for line in (
        "staff_no,name,joined,full,in_service" + PAPER_HEADER + ",out_of_service_on",
        *(row + PAPER_CELLS + "," + left for row, left in (
            ("T001,张三,2015-06-01,2016-06-01,true", ""),
            ("T002,李四,2020-06-01,2021-06-01,true", ""),
            ("T003,王五,2010-03-01,2011-03-01,false", "2011-09-01"),
            ("T009,'=1+2,2010-01-01,2011-01-01,true", ""),
            ("T010,'-甲,2010-01-01,2011-01-01,true", ""),
            ("T011,'@乙,2010-01-01,2011-01-01,true", ""),
            ("T012,'+丙,2010-01-01,2011-01-01,true", "")))))


def test_negative_days_left_in_a_csv_file_stay_a_number(ok: Zzy, filled: Path, tmp_path: Path) -> None:
    findings = ok("remind --as-of 2025-03-04 --format json").json()["findings"]
    overdue = next(f for f in findings if f["kind"] == "trial_overdue")
    assert overdue["days_left"] < 0
    out = tmp_path / "提醒.csv"
    ok(["remind", "--as-of", "2025-03-04", "--output", str(out)])
    rows = [line.split(",") for line in out.read_text(encoding="utf-8").removeprefix("\ufeff").splitlines()]
    header = rows[0]
    row = next(r for r in rows if r[0] == "trial_overdue")
    assert row[header.index("days_left")] == str(overdue["days_left"])
    assert row[header.index("due")] == overdue["due"]


@pytest.mark.parametrize(("value", "cell"), [
    ("=1+2", "'=1+2"), ("+86 123", "'+86 123"), ("-甲", "'-甲"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("张=三", "张=三"), ("", ""), (None, ""),
    (-3, "-3"), (date(2025, 3, 1), "2025-03-01"), (True, "true"),
])
def test_only_text_that_starts_like_a_formula_is_defused(value: object, cell: str) -> None:
    assert excel_safe(value) == cell


# -- workbooks that print --------------------------------------------------------------------------

ROSTER_HEADERS = ["工号", "姓名", "党组织代码", "党组织", "类别", "职级", "任职日期", "离任日期", "新提拔",
                  "试用期满", "试用期考核", "转正日期", "党龄(年)", "任职起始", "满8年日期"]


#: The title row names the regulation a report's rules come from (SPEC section 12): the shipped profile's.
REGULATION = " 依据《西双版纳职业技术学院组织员队伍建设管理办法》"


def _assert_printable(sheet: object, *, title: str, header_row: int, columns: int) -> None:
    """Title row merged across the table, frozen header, A4 landscape, fit to width, header rows on each page."""
    from openpyxl.utils import get_column_letter

    assert sheet["A1"].value == title and sheet["A1"].data_type == "s" and sheet["A1"].font.b
    assert [str(r) for r in sheet.merged_cells.ranges] == [f"A1:{get_column_letter(columns)}1"]
    assert sheet.freeze_panes == f"A{header_row + 1}"
    assert sheet.print_title_rows == f"$1:${header_row}"
    setup = sheet.page_setup
    assert (setup.paperSize, setup.orientation, setup.fitToWidth, setup.fitToHeight) == (9, "landscape", 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert all(cell.font.b for cell in sheet[header_row])


def test_roster_workbook_has_title_chinese_headers_and_prints_on_a4(ok: Zzy, filled: Path, tmp_path: Path) -> None:
    out = tmp_path / "名册.xlsx"
    assert ok(["roster", "--year", "2024", "--output", str(out)]).stdout == f"已写入 Excel 文件: {out}\n"
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["组织员名册"]
    sheet = book.active
    _assert_printable(sheet, title="西山职业学院党委 组织员名册 2024 年"
                      + REGULATION, header_row=3, columns=15)
    assert sheet["A2"].value == "2024 年组织员名册(党龄计算至 2024-12-31),共 2 条任职记录。"
    assert [c.value for c in sheet[3]] == ROSTER_HEADERS
    first = [c.value for c in sheet[4]]
    assert first[:6] == ["T001", "张三", "jd", "机电工程学院党总支", "专职", "正科级"]
    assert sheet["G4"].is_date and sheet["G4"].value.date() == date(2024, 3, 1) and first[8] == "是"
    assert sheet["M4"].value == 8 and sheet["M4"].data_type == "n"
    assert [c.value for c in sheet[5]][:5] == ["T009", "=1+2", "xx", "信息工程学院党总支", "兼职"]
    text_cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert text_cells and all(c.data_type == "s" for c in text_cells)
    assert sheet.max_row == 5


def test_a_ledger_without_a_committee_titles_its_reports_as_the_college_committee(
        ok: Zzy, ledger: Path, tmp_path: Path) -> None:
    ok("org add jd 机电工程学院党总支")
    out = tmp_path / "党组织.xlsx"
    ok(["org", "list", "--output", str(out)])
    sheet = openpyxl.load_workbook(out).active
    _assert_printable(sheet, title=f"学院党委 党组织一览 {dates.today().isoformat()}", header_row=2, columns=4)
    assert [c.value for c in sheet[2]] == ["代码", "名称", "类型", "撤销日期"]
    assert [c.value for c in sheet[3]] == ["jd", "机电工程学院党总支", "基层党组织", None]


def test_a_report_of_several_tables_is_a_sheet_for_each(ok: Zzy, filled: Path, tmp_path: Path) -> None:
    out = tmp_path / "档案.xlsx"
    ok(["person", "show", "T001", "--as-of", "2025-03-04", "--output", str(out)])
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["张三(工号 T001)", "任职", "党务工作经历", "工作汇报", "目标", "年度考核", "表彰",
                               "参加培训", "待办事项(截至 2025-03-04)"]
    title = "西山职业学院党委 人员档案 张三(工号 T001) 截至 2025-03-04"
    posts = book["任职"]
    _assert_printable(posts, title=title, header_row=3, columns=13)
    assert posts["A2"].value == "任职"
    assert [c.value for c in posts[4]][1:5] == ["jd", "机电工程学院党总支", "专职", "正科级"]
    empty = book["表彰"]
    _assert_printable(empty, title=title, header_row=4, columns=3)
    assert (empty["A2"].value, empty["A3"].value) == ("表彰", "没有表彰记录。")
    findings = book["待办事项(截至 2025-03-04)"]
    rows = [[c.value for c in row] for row in findings.iter_rows(min_row=4)]
    overdue = next(row for row in rows if row[2] == "试用期考核逾期")
    assert overdue[:2] == ["逾期", "第十三条"] and overdue[3:6] == ["T001", "张三", "机电工程学院党总支"]
    assert findings.cell(row=4 + rows.index(overdue), column=8).data_type == "n" and overdue[7] < 0


def test_check_workbook_carries_the_verdict_and_the_review_items(ok: Zzy, zzy: Zzy, filled: Path,
                                                                  tmp_path: Path) -> None:
    out = tmp_path / "条件.xlsx"
    result = zzy(["check", "T002", "--rank", "section", "--as-of", "2026-01-01", "--output", str(out)])
    assert (result.exit_code, result.stdout) == (1, f"已写入 Excel 文件: {out}\n")
    book = openpyxl.load_workbook(out)
    assert len(book.sheetnames) == 2
    criteria, review = book.worksheets
    _assert_printable(criteria, title="西山职业学院党委 任职条件检查 李四(工号 T002) 截至 2026-01-01" + REGULATION,
                      header_row=3, columns=5)
    assert criteria["A2"].value.startswith("李四(工号 T002)任专职组织员(正科级)的条件,截至 2026-01-01: 不符合")
    assert [c.value for c in criteria[3]] == ["条件", "条款", "结果", "满足日期", "说明"]
    assert [c.value for c in review[3]] == ["条款", "内容", "审核"]


@pytest.mark.parametrize("command", [
    "remind", "roster", "summary --year 2024", "check T001", "person show T001", "person list", "org list",
    "training list", "report list", "target list", "log", "config show", "doctor",
])
def test_every_report_writes_csv_json_and_a_printable_workbook(zzy: Zzy, filled: Path, tmp_path: Path,
                                                              command: str) -> None:
    args = command.split()
    on_stdout = {fmt: zzy([*args, "--format", fmt]).stdout for fmt in ("csv", "json")}
    for name, label in (("报表.csv", "CSV"), ("报表.json", "JSON"), ("报表.xlsx", "Excel")):
        out = tmp_path / name
        result = zzy([*args, "--output", str(out)])
        assert result.exit_code in (0, 1) and result.stdout == f"已写入 {label} 文件: {out}\n", result
    assert (tmp_path / "报表.json").read_text(encoding="utf-8") == on_stdout["json"]
    written = (tmp_path / "报表.csv").read_text(encoding="utf-8")
    assert written.startswith("\ufeff") and written.splitlines()[0] == "\ufeff" + on_stdout["csv"].splitlines()[0]
    assert len(written.splitlines()) == len(on_stdout["csv"].splitlines())
    for sheet in openpyxl.load_workbook(tmp_path / "报表.xlsx").worksheets:
        assert sheet["A1"].value.startswith("西山职业学院党委 ")
        assert sheet.freeze_panes is not None and sheet.print_title_rows is not None
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
