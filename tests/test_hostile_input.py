"""SPEC section 11 (issue 13), the input half: text that is checked, imports that read every row.

Every refusal here is checked for its exit code, its exact Chinese message naming the field or
column, and that nothing was written.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import Zzy, audit_count

PERSONS_HEADER = "工号,姓名,入党日期,转正日期,在职教职工\n"


def people(ok: Zzy) -> list[tuple[str, str]]:
    return [(p["staff_no"], p["name"]) for p in ok("person list --format json").json()]


def refused(zzy: Zzy, command: str | list[str], code: int, stderr: str, **kwargs: object) -> None:
    """The command is refused with exactly this message, and the audit log did not grow."""
    before = audit_count(zzy)
    result = zzy(command, **kwargs)
    assert (result.exit_code, result.stderr) == (code, stderr), result
    assert result.stdout == ""
    assert audit_count(zzy) == before


# -- text fields in commands ------------------------------------------------------------------

HIDDEN = [
    ("张\n三", "第2个字符是换行符 U+000A"),
    ("张\r三", "第2个字符是回车符 U+000D"),
    ("张\t三", "第2个字符是制表符 U+0009"),
    ("\x1b[31m张三", "第1个字符是转义字符(ESC) U+001B"),
    ("张三\u202e", "第3个字符是双向文字控制符 U+202E"),
    ("张\u2066三\u2069", "第2个字符是双向文字控制符 U+2066"),
    ("张\u200b三", "第2个字符是零宽字符 U+200B"),
    ("张\u00ad三", "第2个字符是软连字符 U+00AD"),
    ("张\ufeff三", "第2个字符是零宽字符(BOM) U+FEFF"),
    ("张\u2028三", "第2个字符是换行符 U+2028"),
    ("张\udcff", "第2个字符是控制字符 U+DCFF"),  # a byte that was not UTF-8 on the command line
]


@pytest.mark.parametrize(("name", "found"), HIDDEN, ids=[repr(n) for n, _ in HIDDEN])
def test_person_name_with_control_or_invisible_characters_is_a_usage_error(
        zzy: Zzy, ledger: Path, name: str, found: str) -> None:
    refused(zzy, ["person", "add", "T001", name, "--joined", "2018-01-01"], 2,
            f"错误: 姓名含有不可见的控制或格式字符: {found},请删除后重新输入。\n")
    assert zzy("person list --format json").json() == []


def test_name_length_is_1_to_50_characters(ok: Zzy, zzy: Zzy, ledger: Path) -> None:
    refused(zzy, ["person", "add", "T001", "张" * 51, "--joined", "2018-01-01"], 2,
            "错误: 姓名不能超过 50 个字符(现有 51 个)。\n")
    refused(zzy, ["person", "add", "T001", "   ", "--joined", "2018-01-01"], 2, "错误: 姓名不能为空。\n")
    ok(["person", "add", "T001", "张" * 50, "--joined", "2018-01-01"])
    assert people(ok) == [("T001", "张" * 50)]


@pytest.mark.parametrize("code", ["../x", "T 001", "T001/", "张三", "T001;rm", "x" * 33])
def test_staff_no_is_ascii_letters_digits_and_dash_underscore_dot(zzy: Zzy, ledger: Path, code: str) -> None:
    result = zzy(["person", "add", code, "张三", "--joined", "2018-01-01"])
    assert result.exit_code == 2, result
    assert result.stderr.startswith("错误: 工号")
    assert zzy("person list --format json").json() == []


def test_staff_no_message_names_the_wrong_characters(zzy: Zzy, ledger: Path) -> None:
    refused(zzy, ["person", "add", "../x", "张三", "--joined", "2018-01-01"], 2,
            "错误: 工号只能由英文字母、数字和 - _ . 组成,「../x」含有 「/」。\n")
    refused(zzy, ["person", "add", "x" * 33, "张三", "--joined", "2018-01-01"], 2,
            "错误: 工号不能超过 32 个字符(现有 33 个)。\n")


def test_codes_of_32_allowed_characters_are_accepted(ok: Zzy, ledger: Path) -> None:
    code = "Ab-9_." + "x" * 26
    ok(["person", "add", code, "张三", "--joined", "2018-01-01"])
    ok(["org", "add", "jd-1.a_b", "机电工程学院党总支"])
    assert people(ok) == [(code, "张三")]
    assert [o["code"] for o in ok("org list --format json").json()] == ["jd-1.a_b"]


def test_surrounding_spaces_are_trimmed_inner_ones_kept(ok: Zzy, ledger: Path) -> None:
    ok(["person", "add", " T001 ", "\u3000Li Wei ", "--joined", "2018-01-01"])
    assert people(ok) == [("T001", "Li Wei")]


def test_formula_like_names_are_text_and_accepted(ok: Zzy, ledger: Path) -> None:
    ok(["person", "add", "T001", "=1+2", "--joined", "2018-01-01"])
    ok(["person", "add", "T002", "@SUM(1)", "--joined", "2018-01-01"])
    assert people(ok) == [("T001", "=1+2"), ("T002", "@SUM(1)")]


@pytest.mark.parametrize(
    ("command", "label"),
    [
        (["org", "add", "jd", "机电\n学院"], "党组织名称"),
        (["org", "add", "../jd", "机电学院"], "党组织代码"),
        (["org", "rename", "xx", "信息\x1b学院"], "党组织名称"),
        (["person", "edit", "T001", "--name", "张\u202e三"], "姓名"),
    ],
    ids=["org-add-name", "org-add-code", "org-rename", "person-edit"],
)
def test_names_and_codes_are_checked_in_every_command(zzy: Zzy, college: Path, command: list[str],
                                                      label: str) -> None:
    before = audit_count(zzy)
    result = zzy(command)
    assert result.exit_code == 2 and result.stderr.startswith(f"错误: {label}"), result
    assert audit_count(zzy) == before


LONG = "长" * 201


@pytest.mark.parametrize(
    ("command", "label"),
    [
        (["work", "add", "T002", "--from", "2021-01-01", "--note", LONG], "说明"),
        (["appoint", "T003", "jd", "--kind", "full", "--rank", "section", "--on", "2024-03-01",
          "--override", LONG], "特批理由"),
        (["training", "add", "--on", "2024-05-20", "--title", LONG], "培训名称"),
        (["report", "add", "T001", "--on", "2024-06-30", "--topic", LONG], "主题"),
        (["target", "add", "T001", "--title", LONG, "--due", "2026-12-31"], "目标名称"),
        (["target", "add", "T001", "--title", "发展党员", "--due", "2026-12-31", "--quantity", LONG], "数量要求"),
        (["target", "add", "T001", "--title", "发展党员", "--due", "2026-12-31", "--quality", LONG], "质量要求"),
        (["assess", "T001", "--year", "2024", "--grade", "称职", "--note", LONG], "说明"),
        (["commend", "T001", "--on", "2024-07-01", "--title", LONG], "表彰名称"),
        (["resume", "add", "T001", "--from", "2008-09-01", "--text", LONG], "经历"),
    ],
    ids=["work-note", "override", "training-title", "report-topic", "target-title", "quantity", "quality",
         "assess-note", "commend-title", "resume-text"],
)
def test_free_text_is_at_most_200_characters_in_every_command(zzy: Zzy, college: Path, command: list[str],
                                                                label: str) -> None:
    refused(zzy, command, 2, f"错误: {label}不能超过 200 个字符(现有 201 个)。\n")


def test_free_text_refuses_escape_codes_and_takes_200_characters(ok: Zzy, zzy: Zzy, college: Path) -> None:
    refused(zzy, ["work", "add", "T002", "--from", "2021-01-01", "--note", "支部\x1b[2J书记"], 2,
            "错误: 说明含有不可见的控制或格式字符: 第3个字符是转义字符(ESC) U+001B,请删除后重新输入。\n")
    ok("appoint T001 jd --kind full --rank none --on 2024-03-01")
    refused(zzy, ["leave", "T001", "--on", "2024-09-01", "--reason", "调\u200b动"], 2,
            "错误: 离任原因含有不可见的控制或格式字符: 第2个字符是零宽字符 U+200B,请删除后重新输入。\n")
    ok(["work", "add", "T002", "--from", "2021-01-01", "--note", "长" * 200])


def test_an_unknown_staff_no_full_of_escape_codes_never_reaches_the_terminal_raw(zzy: Zzy, college: Path) -> None:
    result = zzy(["person", "show", "\x1b[2J\x1b]0;x\x07"])
    assert result.exit_code == 3
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert result.stderr.startswith("错误: 没有工号为 <U+001B>[2J<U+001B>]0;x<U+0007> 的人员。")


# -- text fields in import rows ---------------------------------------------------------------


def test_import_rows_break_the_text_rules_each_named_by_row_and_column(zzy: Zzy, ledger: Path,
                                                                        tmp_path: Path) -> None:
    path = tmp_path / "人员.csv"
    path.write_text(PERSONS_HEADER
                    + "T101,赵敏,2018-06-01,,是\n"
                    + "T102,\"钱\n多多\",2018-06-01,,是\n"
                    + "../T103,孙三,2018-06-01,,是\n"
                    + f"T104,{'李' * 51},2018-06-01,,是\n"
                    + "T105,周\u202e五,2018-06-01,,是\n"
                    + "T1\x1b06,吴六,2018-06-01,,是\n", encoding="utf-8")
    refused(zzy, ["import", "persons", str(path)], 2,
            "错误: 有 5 处问题,整个文件未导入(账本没有任何改动):\n"
            "  - 第3行 姓名: 含有不可见的控制或格式字符: 第2个字符是换行符 U+000A,请删除后重新输入\n"
            "  - 第4行 工号: 只能由英文字母、数字和 - _ . 组成,「../T103」含有 「/」\n"
            "  - 第5行 姓名: 不能超过 50 个字符(现有 51 个)\n"
            "  - 第6行 姓名: 含有不可见的控制或格式字符: 第2个字符是双向文字控制符 U+202E,请删除后重新输入\n"
            "  - 第7行 工号: 含有不可见的控制或格式字符: 第3个字符是转义字符(ESC) U+001B,请删除后重新输入\n")
    assert zzy("person list --format json").json() == []


def test_import_text_problems_next_to_ledger_refusals_exit_3(zzy: Zzy, college: Path, tmp_path: Path) -> None:
    path = tmp_path / "人员.csv"
    path.write_text(PERSONS_HEADER + "T001,重复,2018-06-01,,是\nT102,钱\u200b多多,2018-06-01,,是\n",
                    encoding="utf-8")
    before = audit_count(zzy)
    result = zzy(["import", "persons", str(path)])
    assert result.exit_code == 3, result
    assert [line.split(":")[0] for line in result.stderr.splitlines()[1:]] == ["  - 第2行 工号", "  - 第3行 姓名"]
    assert audit_count(zzy) == before


def test_import_text_in_every_column_kind(zzy: Zzy, college: Path, tmp_path: Path) -> None:
    orgs = tmp_path / "orgs.csv"
    orgs.write_text("代码,名称\nok,好组织\na b,组织\nzz,\"名\r称\"\n", encoding="utf-8")
    result = zzy(["import", "orgs", str(orgs)])
    assert result.exit_code == 2, result
    assert result.stderr.splitlines()[1:] == [
        "  - 第3行 代码: 只能由英文字母、数字和 - _ . 组成,「a b」含有 「 」",
        "  - 第4行 名称: 含有不可见的控制或格式字符: 第2个字符是回车符 U+000D,请删除后重新输入"]
    work = tmp_path / "work.csv"
    work.write_text(f"工号,起始日期,说明\nT002,2021-01-01,{'长' * 201}\n", encoding="utf-8")
    result = zzy(["import", "work", str(work)])
    assert (result.exit_code, result.stderr.splitlines()[1:]) == (2, ["  - 第2行 说明: 不能超过 200 个字符(现有 201 个)"])
    posts = tmp_path / "posts.csv"
    posts.write_text("工号,党组织,类别,职级,任职日期,离任日期,离任原因\n"
                     "T002,jd,兼职,无,2024-03-01,2024-09-01,\"调\x1b动\"\n", encoding="utf-8")
    result = zzy(["import", "appointments", str(posts)])
    assert (result.exit_code, result.stderr.splitlines()[1:]) == (
        2, ["  - 第2行 离任原因: 含有不可见的控制或格式字符: 第2个字符是转义字符(ESC) U+001B,请删除后重新输入"])
    assert zzy("person show T002 --format json").json()["posts"] == []


def test_import_refuses_nul_bytes_and_an_unclosed_quote(zzy: Zzy, ledger: Path, tmp_path: Path) -> None:
    path = tmp_path / "人员.csv"
    path.write_bytes(PERSONS_HEADER.encode() + b"T101,\xe8\xb5\xb5\x00,2018-06-01,,\nT102,\"\xe9\x92\xb1,2018-06-01,,\n")
    refused(zzy, ["import", "persons", str(path)], 2,
            "错误: 有 3 处问题,整个文件未导入(账本没有任何改动):\n"
            "  - 第2行 姓名: 含有不可见的控制或格式字符: 第2个字符是空字符(NUL) U+0000,请删除后重新输入\n"
            "  - 第3行 姓名: 含有不可见的控制或格式字符: 第15个字符是换行符 U+000A,请删除后重新输入\n"
            "  - 第3行 入党日期: 不能为空\n")


def test_import_trims_spaces_and_keeps_formula_like_names(ok: Zzy, ledger: Path, tmp_path: Path) -> None:
    path = tmp_path / "人员.csv"
    path.write_text(PERSONS_HEADER + " T101 ,　赵敏　,2018-06-01,,是\nT102,=1+2,2018-06-01,,是\n", encoding="utf-8")
    ok(["import", "persons", str(path)])
    assert people(ok) == [("T101", "赵敏"), ("T102", "=1+2")]


# -- xlsx: every row, whatever the dimension says; nothing too large ---------------------------


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _rewrite_sheet(path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    """Edit the first sheet's XML inside the .xlsx, as another exporter would have written it."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    name = "xl/worksheets/sheet1.xml"
    parts[name] = change(parts[name].decode("utf-8")).encode("utf-8")
    path.unlink()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for part, data in parts.items():
            target.writestr(part, data)
    return path


def _dimension(ref: str):  # type: ignore[no-untyped-def]
    return lambda xml: re.sub(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>', xml)


def test_xlsx_with_a_stale_dimension_is_read_to_its_last_row(ok: Zzy, ledger: Path, tmp_path: Path) -> None:
    path = _workbook(tmp_path / "人员.xlsx", [
        ["工号", "姓名", "入党日期", "转正日期", "在职教职工"],
        *[[f"T10{i}", f"人员{i}", "2018-06-01", None, "是"] for i in range(1, 6)],
    ])
    _rewrite_sheet(path, _dimension("A1:B2"))
    assert openpyxl.load_workbook(path, read_only=True).worksheets[0].max_row == 2  # what openpyxl would trust
    assert ok(["import", "persons", str(path)]).stdout == "已从 人员.xlsx 导入 5 行人员。\n"
    assert [staff_no for staff_no, _ in people(ok)] == ["T101", "T102", "T103", "T104", "T105"]


def test_xlsx_claiming_a_huge_sheet_is_read_by_its_real_rows(ok: Zzy, ledger: Path, tmp_path: Path) -> None:
    """The stored dimension is neither trusted nor feared: the rows are what is counted."""
    path = _workbook(tmp_path / "大.xlsx", [["工号", "姓名", "入党日期"], ["T101", "赵敏", "2018-06-01"]])
    _rewrite_sheet(path, _dimension("A1:XFD1048576"))
    started = time.monotonic()
    assert ok(["import", "persons", str(path)]).stdout == "已从 大.xlsx 导入 1 行人员。\n"
    assert time.monotonic() - started < 5
    assert people(ok) == [("T101", "赵敏")]


def test_xlsx_whose_rows_exceed_the_limit_is_refused_while_streaming(zzy: Zzy, ledger: Path,
                                                                      tmp_path: Path) -> None:
    path = _workbook(tmp_path / "宽.xlsx", [["工号", "姓名", "入党日期"]])
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>T{r}</t></is></c><c r="XFD{r}"><v>1</v></c></row>'
                   for r in range(2, 400))
    _rewrite_sheet(path, lambda xml: re.sub(r"</row>\s*</sheetData>", f"</row>{rows}</sheetData>",
                                            _dimension("A1:C1")(xml)))
    result = zzy(["import", "persons", str(path)])
    assert (result.exit_code, result.stderr) == (2, (
        "错误: 宽.xlsx 太大,不像是一份名册(其中的 xl/worksheets/sheet1.xml 读到第 306 行时已有 16384 列,"
        "超过 5,000,000 个单元格),未导入。请只保留要导入的数据行和列,另存后重试。\n")), result


def test_xlsx_with_a_million_cells_in_a_small_file_is_refused_before_parsing(zzy: Zzy, ledger: Path,
                                                                             tmp_path: Path) -> None:
    path = _workbook(tmp_path / "炸.xlsx", [["工号", "姓名", "入党日期"]])
    row = '<row r="2">' + "<c/>" * 1_000_000 + "</row>"
    _rewrite_sheet(path, lambda xml: re.sub(r"</row>\s*</sheetData>", f"</row>{row}</sheetData>", xml))
    assert path.stat().st_size < 100_000
    tracemalloc.start()
    try:
        result = zzy(["import", "persons", str(path)])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 50_000_000
    assert result.exit_code == 2 and re.sub("压缩了 [0-9,]+ 倍", "压缩了 N 倍", result.stderr) == (
        "错误: 炸.xlsx 太大,不像是一份名册(其中的 xl/worksheets/sheet1.xml 压缩了 N 倍,超过 100 倍的上限,"
        "像是一个“压缩炸弹”),未导入。请只保留要导入的数据行和列,另存后重试。\n"), result


def test_xlsx_with_a_far_away_lone_cell_is_refused_while_streaming(zzy: Zzy, ledger: Path, tmp_path: Path) -> None:
    path = _workbook(tmp_path / "远.xlsx", [["工号", "姓名", "入党日期", "转正日期", "在职教职工"]])
    far = '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    _rewrite_sheet(path, lambda xml: re.sub(r"</row>\s*</sheetData>", f"</row>{far}</sheetData>", xml))
    result = zzy(["import", "persons", str(path)])
    assert (result.exit_code, result.stderr) == (2, (
        "错误: 远.xlsx 太大,不像是一份名册(其中的 xl/worksheets/sheet1.xml 读到第 1048576 行时已有 5 列,"
        "超过 5,000,000 个单元格),未导入。请只保留要导入的数据行和列,另存后重试。\n")), result


def test_damaged_xlsx_is_explained_in_chinese(zzy: Zzy, ledger: Path, tmp_path: Path) -> None:
    path = _workbook(tmp_path / "坏.xlsx", [["工号", "姓名", "入党日期"]])
    _rewrite_sheet(path, lambda xml: xml[: len(xml) // 2])
    refused(zzy, ["import", "persons", str(path)], 2,
            "错误: 无法读取 坏.xlsx: 它不是有效的 Excel 工作簿(.xlsx),或已损坏(其中的 xl/worksheets/sheet1.xml 已损坏,"
            "或与它在压缩目录里记录的大小、校验和不符)。请在 Excel 中打开并另存为 .xlsx 后重试。\n")
    path.write_bytes(b"PK\x03\x04 not really a zip")
    refused(zzy, ["import", "persons", str(path)], 2,
            "错误: 无法读取 坏.xlsx: 它不是有效的 Excel 工作簿(.xlsx),或已损坏。请在 Excel 中打开并另存为 .xlsx 后重试。\n")


# -- CSV: one encoding, one column per field --------------------------------------------------


def test_csv_mixing_utf8_and_gbk_rows_is_refused_naming_the_rows(zzy: Zzy, ledger: Path, tmp_path: Path) -> None:
    path = tmp_path / "人员.csv"
    path.write_bytes(PERSONS_HEADER.encode("utf-8") + "T101,张三,2018-06-01,,是\n".encode()
                     + "T102,李四,2018-06-01,,是\n".encode("gb18030")
                     + "T103,王五,2018-06-01,,是\n".encode("gb18030"))
    refused(zzy, ["import", "persons", str(path)], 2,
            "错误: 人员.csv 混用了两种编码: 第1、2行是 UTF-8,第3、4行是 GB18030(GBK)。照此导入会把姓名存成乱码,未导入。"
            "请把这些行统一为一种编码(例如在 Excel 中整体另存为「CSV UTF-8」)后重试。\n")
    assert zzy("person list --format json").json() == []


def test_csv_with_one_utf8_name_among_gbk_rows_is_refused(zzy: Zzy, ledger: Path, tmp_path: Path) -> None:
    """The issue's case: 张三 in UTF-8 is valid GB18030 too (寮犱笁), and must not be stored so."""
    path = tmp_path / "人员.csv"
    path.write_bytes(PERSONS_HEADER.encode("gb18030") + "T101,李四,2018-06-01,,是\n".encode("gb18030")
                     + "T102,张三,2018-06-01,,\n".encode())
    result = zzy(["import", "persons", str(path)])
    assert result.exit_code == 2 and "第3行是 UTF-8,第1、2行是 GB18030(GBK)" in result.stderr, result


def test_csv_with_a_utf8_bom_and_gbk_rows_is_refused(zzy: Zzy, ledger: Path, tmp_path: Path) -> None:
    path = tmp_path / "人员.csv"
    path.write_bytes(b"\xef\xbb\xbf" + b"staff_no,name,joined\n" + "T101,李四,2018-06-01\n".encode("gb18030"))
    result = zzy(["import", "persons", str(path)])
    assert result.exit_code == 2 and "文件开头标明是 UTF-8,第2行是 GB18030(GBK)" in result.stderr, result


def test_gbk_csv_whose_names_happen_to_be_valid_utf8_reads_as_gbk(ok: Zzy, ledger: Path, tmp_path: Path) -> None:
    """郑肖 in GBK is also valid UTF-8 (֣Ф): the reading that gives everyday Chinese wins."""
    path = tmp_path / "人员.csv"
    path.write_bytes("staff_no,name,joined\nT101,郑肖,2018-06-01\nT102,郑谢,2018-06-01\n".encode("gbk"))
    ok(["import", "persons", str(path)])
    assert people(ok) == [("T101", "郑肖"), ("T102", "郑谢")]
    mixed = tmp_path / "混合.csv"
    mixed.write_bytes(PERSONS_HEADER.encode("gbk") + "T103,郑肖,2018-06-01,,\n".encode("gbk")
                      + "T104,欧阳,2018-06-01,,\n".encode("gbk"))
    ok(["import", "persons", str(mixed)])
    assert people(ok)[2:] == [("T103", "郑肖"), ("T104", "欧阳")]


def test_csv_in_no_known_encoding_is_explained_in_chinese(zzy: Zzy, ledger: Path, tmp_path: Path) -> None:
    path = tmp_path / "人员.csv"
    path.write_bytes(PERSONS_HEADER.encode("utf-8") + b"T101,\xff\xfe,2018-06-01,,\n")
    refused(zzy, ["import", "persons", str(path)], 2,
            "错误: 无法识别 人员.csv 的编码: 第2行既不是 UTF-8 也不是 GB18030(GBK)。"
            "请在 Excel 或记事本中另存为 UTF-8 或 GB18030 后重试。\n")


def test_csv_format_errors_are_explained_in_chinese(zzy: Zzy, ledger: Path, tmp_path: Path) -> None:
    path = tmp_path / "人员.csv"
    path.write_text(PERSONS_HEADER + "T101,\"" + "长" * 140_000 + "\",2018-06-01,,\n", encoding="utf-8")
    refused(zzy, ["import", "persons", str(path)], 2,
            "错误: 无法读取 人员.csv: 第 2 行的 CSV 格式有误(引号不成对,或单元格过长)。请在 Excel 中打开并另存为 CSV 后重试。\n")


def test_a_workbook_given_as_csv_is_named_for_what_it_is(zzy: Zzy, ledger: Path, tmp_path: Path) -> None:
    book = _workbook(tmp_path / "人员.xlsx", [["工号", "姓名", "入党日期"]])
    refused(zzy, "import persons -", 2,
            "错误: 标准输入 是 Excel 工作簿,不是 CSV。请以 .xlsx 文件名导入,或在 Excel 中另存为 CSV。\n",
            input=book.read_bytes())


@pytest.mark.parametrize(
    ("header", "twice"),
    [("工号,姓名,入党日期,姓名\n", "「姓名」(第2列)和「姓名」(第4列)都是姓名"),
     ("工号,姓名,入党日期,name\n", "「姓名」(第2列)和「name」(第4列)都是姓名"),
     ("staff_no,name,joined,工号\n", "「staff_no」(第1列)和「工号」(第4列)都是工号")],
    ids=["same-label", "label-and-key", "key-and-label"],
)
def test_a_header_naming_a_column_twice_is_refused(zzy: Zzy, ledger: Path, tmp_path: Path, header: str,
                                                   twice: str) -> None:
    path = tmp_path / "人员.csv"
    path.write_text(header + "T101,赵敏,2018-06-01,钱多多\n", encoding="utf-8")
    refused(zzy, ["import", "persons", str(path)], 3, f"错误: 第1行(表头)有重复的列,无法确定用哪一列:\n  - {twice}\n")


def test_csv_over_five_million_cells_is_refused(zzy: Zzy, ledger: Path, tmp_path: Path) -> None:
    path = tmp_path / "人员.csv"
    path.write_text(PERSONS_HEADER + "\n" * 1_000_001, encoding="utf-8")
    result = zzy(["import", "persons", str(path)])
    assert (result.exit_code, result.stderr) == (2, (
        "错误: 人员.csv 太大,不像是一份名册(读到第 1000001 行时已有 5 列,超过 5,000,000 个单元格),未导入。\n")), result


# -- import KIND - : CSV from standard input --------------------------------------------------


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-8"])
def test_import_dash_reads_csv_from_standard_input(ok: Zzy, ledger: Path, encoding: str) -> None:
    data = (PERSONS_HEADER + "T101,赵敏,2018/6/1,2019年6月1日,是\nT102,钱多多,20190301,,否\n").encode(encoding)
    assert ok("import persons -", input=data).stdout == "已从 标准输入 导入 2 行人员。\n"
    assert people(ok) == [("T101", "赵敏"), ("T102", "钱多多")]


def test_import_dash_reads_a_real_pipe(ok: Zzy, ledger: Path) -> None:
    data = (PERSONS_HEADER + "T101,赵敏,2018-06-01,,是\n").encode("gb18030")
    result = subprocess.run([sys.executable, "-m", "zzy", "import", "persons", "-"], input=data, capture_output=True)
    assert (result.returncode, result.stdout.decode()) == (0, "已从 标准输入 导入 1 行人员。\n"), result
    assert people(ok) == [("T101", "赵敏")]


def test_import_dash_dry_run_and_refusals_from_standard_input(ok: Zzy, zzy: Zzy, ledger: Path) -> None:
    data = (PERSONS_HEADER + "T101,赵敏,2018-06-01,,是\n").encode("utf-8")
    assert ok("import persons - --dry-run", input=data).stdout == \
        "检查通过: 标准输入 的 1 行人员都可以导入(--dry-run,未写入)。\n"
    refused(zzy, "import persons -", 2,
            "错误: 有 1 处问题,整个文件未导入(账本没有任何改动):\n  - 第2行 姓名: 不能超过 50 个字符(现有 51 个)\n",
            input=(PERSONS_HEADER + f"T101,{'赵' * 51},2018-06-01,,是\n").encode("utf-8"))
    assert people(ok) == []


# -- import rows speak of columns, not options (issue 15) -------------------------------------


def test_ineligible_import_row_asks_for_the_override_column(zzy: Zzy, college: Path, tmp_path: Path) -> None:
    path = tmp_path / "任职.csv"
    path.write_text("工号,党组织,类别,职级,任职日期\nT003,jd,专职,正科级,2024-03-01\n", encoding="utf-8")
    result = zzy(["import", "appointments", str(path)])
    assert result.exit_code == 3, result
    (problem,) = result.stderr.splitlines()[1:]
    assert problem.startswith("  - 第2行 任职日期: 王五(工号 T003)在 2024-03-01 不符合任职条件,未任命;")
    assert problem.endswith(";如经党委特批,请在「特批理由」列填写理由")
    assert "--override" not in result.stderr


def test_the_command_still_names_its_override_option(zzy: Zzy, college: Path) -> None:
    result = zzy("appoint T003 jd --kind full --rank section --on 2024-03-01")
    assert result.exit_code == 3
    assert result.stderr.splitlines()[0] == (
        "错误: 王五(工号 T003)在 2024-03-01 不符合任职条件,未任命。如经党委特批,请加 --override \"特批理由\" 重新执行。")


def test_duplicate_rows_inside_the_file_name_the_first(zzy: Zzy, college: Path, tmp_path: Path) -> None:
    persons = tmp_path / "人员.csv"
    persons.write_text(PERSONS_HEADER + "T101,赵敏,2018-06-01,,是\nT102,钱多多,2018-06-01,,是\n"
                       "T101,赵敏,2018-06-01,,是\n", encoding="utf-8")
    refused(zzy, ["import", "persons", str(persons)], 3,
            "错误: 有 1 处问题,整个文件未导入(账本没有任何改动):\n  - 第4行 工号: 与第2行重复\n")
    orgs = tmp_path / "orgs.csv"
    orgs.write_text("code,name\nzz,甲\nzz,乙\n", encoding="utf-8")
    refused(zzy, ["import", "orgs", str(orgs)], 3,
            "错误: 有 1 处问题,整个文件未导入(账本没有任何改动):\n  - 第3行 code: 与第2行重复\n")


def test_an_end_before_the_start_is_reported_under_the_end_column(zzy: Zzy, college: Path, tmp_path: Path) -> None:
    path = tmp_path / "任职.csv"
    path.write_text("工号,党组织,类别,职级,任职日期,离任日期\nT002,jd,兼职,无,2024-03-01,2023-01-01\n",
                    encoding="utf-8")
    refused(zzy, ["import", "appointments", str(path)], 3,
            "错误: 有 1 处问题,整个文件未导入(账本没有任何改动):\n"
            "  - 第2行 离任日期: 离任日期 2023-01-01 须晚于任职日期 2024-03-01\n")
