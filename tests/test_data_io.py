"""SPEC section 7: Excel and CSV in, Excel and JSON out, backups — with real files."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from conftest import NO_PAPERS, Zzy, audit_count
from zzy import audit

#: A small JPEG, as a clerk's scanner makes one (SPEC section 13: kept in the ledger, exported in base64).
PHOTO = Path(__file__).parent / "fixtures" / "photo.jpg"

PERSONS_CSV = ("工号,姓名,入党日期,转正日期,在职教职工,离岗日期\nT101,赵敏,2018/6/1,2019年6月1日,是,\n"
               "T102,钱多多,20190301,,否,2024年7月1日\n")


def persons(ok: Zzy) -> list[dict]:
    return ok("person list --format json").json()


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-8"])
def test_csv_in_every_encoding_excel_writes(ok: Zzy, ledger: Path, tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "人员.csv"
    path.write_bytes(PERSONS_CSV.encode(encoding))
    result = ok(["import", "persons", str(path)])
    assert result.stdout == "已从 人员.csv 导入 2 行人员。\n"
    assert persons(ok) == [
        {"staff_no": "T101", "name": "赵敏", "joined": "2018-06-01", "full": "2019-06-01", "in_service": True,
         **NO_PAPERS, "out_of_service_on": None},
        {"staff_no": "T102", "name": "钱多多", "joined": "2019-03-01", "full": None, "in_service": False, **NO_PAPERS,
         "out_of_service_on": "2024-07-01"},
    ]


def test_english_keys_as_headers(ok: Zzy, ledger: Path, tmp_path: Path) -> None:
    path = tmp_path / "orgs.csv"
    path.write_text("code,name,kind\ndw,学院党委,committee\njd,机电工程学院党总支,\n", encoding="utf-8")
    ok(["import", "orgs", str(path)])
    assert [(o["code"], o["kind"]) for o in ok("org list --format json").json()] == [
        ("dw", "committee"), ("jd", "grassroots")]


def _workbook(path: Path, rows: list[list]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_xlsx_with_real_dates_text_dates_and_blank_rows(ok: Zzy, college: Path, tmp_path: Path) -> None:
    path = _workbook(tmp_path / "任职.xlsx", [
        ["工号", "党组织", "类别", "职级", "任职日期", "离任日期", "新提拔", "试任前职级", "试用期考核", "考核日期", "备注"],
        ["T001", "机电工程学院党总支", "专职", "正科级", datetime(2024, 3, 1), None, "是", "副科级", "胜任",
         datetime(2025, 3, 1), "按名称找党组织"],
        [None, None, None, None, None, None, None, None, None, None, None],
        ["T003", "xx", "part", "none", "2019年1月1日", date(2022, 1, 1), "否", None, None, None, None],
    ])
    result = ok(["import", "appointments", str(path)])
    assert "导入 2 行任职" in result.stdout and "备注" in result.stderr
    posts = ok("person show T001 --format json").json()["posts"]
    assert [(p["org"], p["start"], p["trial_result"], p["trial_decided_on"]) for p in posts] == [
        ("jd", "2024-03-01", "pass", "2025-03-01")]
    assert ok("person show T003 --format json").json()["posts"][0]["end"] == "2022-01-01"


def test_bad_rows_refuse_the_whole_file_listing_each(zzy: Zzy, college: Path, tmp_path: Path) -> None:
    path = _workbook(tmp_path / "人员.xlsx", [
        ["工号", "姓名", "入党日期", "转正日期", "在职教职工"],
        ["T201", "好人", "2018-06-01", "2019-06-01", "是"],
        ["T202", "坏日期", "2018-02-30", None, "是"],
        [None, None, None, None, None],
        ["T203", "", "2018-06-01", None, "也许"],
        ["T001", "重复工号", "2018-06-01", None, None],
        ["T204", "转正太早", "2018-06-01", "2018-12-01", None],
        ["T205", "同文件重复", "2018-06-01", None, None],
        ["T205", "同文件重复", "2018-06-01", None, None],
    ])
    before = audit_count(zzy)
    result = zzy(["import", "persons", str(path)])
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    assert lines[0].startswith("错误: 有 6 处问题,整个文件未导入")
    problems = [line.strip().removeprefix("- ") for line in lines[1:]]
    assert [p.split(":")[0] for p in problems] == [
        "第3行 入党日期", "第5行 姓名", "第5行 在职教职工", "第6行 工号", "第7行 转正日期", "第9行 工号"]
    assert "不存在" in problems[0] and "早于入党满一年" in problems[4]
    assert problems[5] == "第9行 工号: 与第8行重复"
    assert audit_count(zzy) == before
    assert "T201" not in [p["staff_no"] for p in zzy("person list --format json").json()]


def test_art19_inside_the_file(zzy: Zzy, college: Path, tmp_path: Path) -> None:
    path = tmp_path / "任职.csv"
    path.write_text("工号,党组织,类别,职级,任职日期\nT001,jd,专职,无,2024-03-01\nT001,xx,专职,无,2024-06-01\n",
                    encoding="utf-8")
    result = zzy(["import", "appointments", str(path)])
    assert result.exit_code == 3 and "第3行 任职日期" in result.stderr and "第十九条" in result.stderr
    assert zzy("person show T001 --format json").json()["posts"] == []


def test_import_checks_eligibility_unless_overridden(ok: Zzy, zzy: Zzy, college: Path, tmp_path: Path) -> None:
    path = tmp_path / "任职.csv"
    path.write_text("工号,党组织,类别,职级,任职日期\nT003,jd,专职,正科级,2024-03-01\n", encoding="utf-8")
    assert zzy(["import", "appointments", str(path)]).exit_code == 3
    path.write_text("工号,党组织,类别,职级,任职日期,特批理由\nT003,jd,专职,正科级,2024-03-01,党委特批\n",
                    encoding="utf-8")
    ok(["import", "appointments", str(path)])


def test_dry_run_writes_nothing(ok: Zzy, zzy: Zzy, ledger: Path, tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(PERSONS_CSV, encoding="utf-8")
    assert "检查通过" in ok(["import", "persons", str(path), "--dry-run"]).stdout
    assert persons(ok) == [] and audit_count(zzy) == 0


@pytest.mark.parametrize(
    ("name", "content", "code", "words"),
    [("x.txt", b"a", 2, ".xlsx"), ("missing.csv", None, 2, "找不到文件"),
     ("bad.xlsx", b"not a zip", 2, "无法读取"), ("h.csv", "工号,姓名\nT1,甲\n".encode(), 3, "缺少列: 入党日期"),
     ("e.csv", b"", 3, "空")],
)
def test_unreadable_files(zzy: Zzy, ledger: Path, tmp_path: Path, name: str, content: bytes | None,
                          code: int, words: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = zzy(["import", "persons", str(path)])
    assert result.exit_code == code and words in result.stderr, result


def test_unknown_kind(zzy: Zzy, ledger: Path, tmp_path: Path) -> None:
    assert zzy(["import", "pets", str(tmp_path / "x.csv")]).exit_code == 2


@pytest.mark.parametrize("kind", ["orgs", "persons", "work", "appointments"])
def test_template_round_trips_through_import(ok: Zzy, zzy: Zzy, ledger: Path, tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"{kind}.xlsx"
    ok(["template", kind, "--output", str(path)])
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["数据", "示例"]
    headers = [c.value for c in book["数据"][1]]
    assert headers[0] in ("代码", "工号") and book["数据"].max_row == 1
    assert path.stat().st_mode & 0o777 == 0o600
    # the example row, copied to the data sheet, is importable (given what it refers to)
    if kind in ("work", "appointments"):
        ok("org add jd 机电工程学院党总支")
        ok("person add T001 张三 --joined 2015-06-01 --full 2016-06-01")
    if kind == "appointments":
        ok("work add T001 --from 2016-09-01 --to 2020-08-31")
    example = [c.value for c in book["示例"][2]]
    data = _workbook(tmp_path / "filled.xlsx", [headers, example])
    ok(["import", kind, str(data)])


def test_roster_xlsx_keeps_formulas_as_text(ok: Zzy, college: Path, tmp_path: Path) -> None:
    ok(["person", "add", "T009", "=HYPERLINK(\"http://x\")", "--joined", "2010-01-01", "--full", "2011-01-01"])
    ok("appoint T009 jd --kind full --rank none --on 2024-03-01")
    out = tmp_path / "名册.xlsx"
    ok(["roster", "--year", "2024", "--format", "xlsx", "--output", str(out)])
    sheet = openpyxl.load_workbook(out).active
    assert [c.value for c in sheet[3]][:6] == ["工号", "姓名", "党组织代码", "党组织", "类别", "职级"]
    assert sheet["B4"].value == "=HYPERLINK(\"http://x\")" and sheet["B4"].data_type == "s"
    assert sheet["E4"].value == "专职" and sheet["G4"].is_date and sheet["G4"].value.date() == date(2024, 3, 1)
    assert sheet.freeze_panes == "A4" and sheet.column_dimensions["D"].width >= 18
    assert out.stat().st_mode & 0o777 == 0o600


def test_roster_xlsx_needs_output(zzy: Zzy, college: Path) -> None:
    assert zzy("roster --format xlsx").exit_code == 2
    assert zzy("org list --format xlsx").exit_code == 2


def test_export_restore_export_is_identical_but_for_the_restore(ok: Zzy, zzy: Zzy, college: Path,
                                                               tmp_path: Path) -> None:
    ok("appoint T001 jd --kind full --rank section --on 2024-03-01 --promoted")
    ok("training add --on 2026-05-20 --title 培训")
    ok("training attend 1 T001 T002")
    ok("target add T001 --title 甲 --due 2026-12-31")
    ok("assess T001 --year 2025 --grade 优秀")
    ok("config set remind_within_days 30")
    ok("resume add T001 --from 2008-09-01 --to 2012-06-30 --text 云南大学行政管理专业学习")
    ok(["person", "photo", "T001", str(PHOTO)])
    first, second, copy = tmp_path / "a.json", tmp_path / "b.json", tmp_path / "copy.db"
    ok(["export", str(first)])
    assert first.stat().st_mode & 0o777 == 0o600
    ok(["--db", str(copy), "init"])
    ok(["--db", str(copy), "restore", str(first)])
    ok(["--db", str(copy), "export", str(second)])
    a, b = json.loads(first.read_text()), json.loads(second.read_text())
    restore_entry = b["audit"].pop()
    assert restore_entry["action"] == "restore"
    # each export carries its chain's head: the last entry (the restore's, in the second)
    assert b.pop("audit_head") == {"id": restore_entry["id"], "hash": restore_entry["hash"],
                                   "short": audit.short(restore_entry["hash"])}
    assert a.pop("audit_head")["hash"] == a["audit"][-1]["hash"]
    assert a == b
    assert ok(["--db", str(copy), "remind", "--as-of", "2026-06-01", "--format", "json"]).json() == \
        ok("remind --as-of 2026-06-01 --format json").json()


def test_restore_refuses_a_ledger_with_data(ok: Zzy, zzy: Zzy, college: Path, tmp_path: Path) -> None:
    dump = tmp_path / "a.json"
    ok(["export", str(dump)])
    before = audit_count(zzy)
    assert zzy(["restore", str(dump)]).exit_code == 3
    assert audit_count(zzy) == before
    junk = tmp_path / "junk.json"
    junk.write_text('{"format": "other"}')
    empty = tmp_path / "empty.db"
    ok(["--db", str(empty), "init"])
    assert zzy(["--db", str(empty), "restore", str(junk)]).exit_code == 3


WRITER = """
import sys
from zzy.cli import app
from typer.testing import CliRunner
runner = CliRunner()
for i in range(int(sys.argv[1])):
    result = runner.invoke(app, ["person", "add", f"W{i:04d}", "写入者", "--joined", "2010-01-01"])
    assert result.exit_code == 0, result.stderr
"""


@pytest.mark.sqlite_only
def test_backup_is_consistent_while_another_process_writes(ok: Zzy, college: Path, tmp_path: Path) -> None:
    writer = subprocess.Popen([sys.executable, "-c", WRITER, "150"])
    try:
        copies = []
        for index in range(5):
            target = tmp_path / f"backup{index}.db"
            ok(["backup", str(target)])
            copies.append(target)
            time.sleep(0.05)
    finally:
        assert writer.wait(timeout=120) == 0
    for copy in copies:
        assert copy.stat().st_mode & 0o777 == 0o600
        people = ok(["--db", str(copy), "person", "list", "--format", "json"]).json()
        log = ok(["--db", str(copy), "log", "--format", "json"]).json()
        added = [p for p in people if p["staff_no"].startswith("W")]
        # every person in the copy has its audit entry: no half-written transaction
        assert len([e for e in log if e["key"].startswith("W")]) == len(added)
