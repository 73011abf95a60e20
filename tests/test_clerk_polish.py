"""Rough edges a new clerk met on a trial run (scratch/clerk/report.md, findings 3, 8, 9, 10 and 11).

Each is driven through the real CLI against the test's own ledger.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import typer

from conftest import Zzy
from test_completion import offered

# -- 3: a --x/--no-x option given alone, its value False, is something to change ------------------

SETUP = {
    "promoted post": ["appoint T001 jd --kind part --rank none --on 2026-01-01 --promoted --prior-rank 无"],
    "plain post": ["appoint T001 jd --kind part --rank none --on 2026-01-01"],
    "special report": ["report add T001 --on 2026-06-01 --special"],
    "regular report": ["report add T001 --on 2026-06-01"],
    "staff member": [],
    "not in service": ["person edit T001 --not-in-service --on 2025-09-01"],
}

#: Every ``--x/--no-x`` pair of every edit command, each way round: what the record was, the edit given
#: alone, what it prints, and the record's field afterwards (from the command's own JSON list).
BOOLEAN_EDITS = [
    ("promoted post", "post edit 1 --not-promoted",
     "已修改任职 #1(张三,工号 T001,「机电工程学院党总支」): 试任前职级: 无 → (空); 新提拔: 是 → 否。",
     "post list", "promoted", False),
    ("plain post", "post edit 1 --promoted",
     "已修改任职 #1(张三,工号 T001,「机电工程学院党总支」): 新提拔: 否 → 是。",
     "post list", "promoted", True),
    ("special report", "report edit 1 --regular",
     "已修改工作汇报 #1(张三,工号 T001): 专题汇报: 是 → 否。",
     "report list", "special", False),
    ("regular report", "report edit 1 --special",
     "已修改工作汇报 #1(张三,工号 T001): 专题汇报: 否 → 是。",
     "report list", "special", True),
    ("staff member", "person edit T001 --not-in-service --on 2025-09-01",
     "已修改 张三(工号 T001): 在职教职工: 是 → 否; 离岗日期: (空) → 2025-09-01。",
     "person list", "in_service", False),
    ("not in service", "person edit T001 --in-service",
     "已修改 张三(工号 T001): 在职教职工: 否 → 是; 离岗日期: 2025-09-01 → (空)。",
     "person list", "in_service", True),
]


def _commands(command: Any, path: tuple[str, ...] = ()) -> list[tuple[str, Any]]:
    """Every command of the app with its path (``post edit``)."""
    if not hasattr(command, "list_commands"):
        return [(" ".join(path), command)]
    found = []
    for name in command.list_commands(None):
        found += _commands(command.get_command(None, name), (*path, name))
    return found


def test_every_boolean_pair_of_every_edit_command_is_in_the_table() -> None:
    from zzy.cli import app

    pairs = {f"{path} {flag}" for path, command in _commands(typer.main.get_command(app)) if path.endswith("edit")
             for param in command.params if getattr(param, "secondary_opts", None)
             for flag in (*param.opts, *param.secondary_opts)}
    covered = {" ".join(edit.split()[:2] + edit.split()[3:4]) for _, edit, *_ in BOOLEAN_EDITS}
    assert pairs == covered


@pytest.mark.parametrize(("before", "edit", "said", "listing", "field", "value"), BOOLEAN_EDITS,
                         ids=[edit for _, edit, *_ in BOOLEAN_EDITS])
def test_a_boolean_edit_given_alone_is_applied(ok: Zzy, college: Path, before: str, edit: str, said: str,
                                               listing: str, field: str, value: bool) -> None:
    for command in SETUP[before]:
        ok(command)
    assert ok(edit).stdout == said + "\n"
    rows = ok(f"{listing} --format json").json()
    assert [row[field] for row in rows if row.get("staff_no", "T001") == "T001"][:1] == [value]
    assert ok(edit).stdout.endswith("没有修改。\n")  # given again it changes nothing, and says so


@pytest.mark.parametrize("command", ["post edit 1", "report edit 1", "work edit 1", "target edit 1",
                                     "person edit T001"])
def test_an_edit_given_nothing_still_says_so(zzy: Zzy, ok: Zzy, college: Path, command: str) -> None:
    ok("appoint T001 jd --kind part --rank none --on 2026-01-01")
    ok("report add T001 --on 2026-06-01")
    ok("target add T001 --title 发展党员 --due 2026-10-01")
    result = zzy(command)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("错误: 没有要修改的内容。")


# -- 8: the examples in remind --kind's help are accepted ----------------------------------------


def test_every_example_in_remind_kind_help_is_accepted(ok: Zzy, ledger: Path) -> None:
    help_text = re.sub(r"\s*\n\s*", "", ok("remind --help").stdout)
    found = re.search(r"--kind KIND\s+(.*?\))", help_text)
    assert found is not None, help_text
    kind_help = found.group(1)
    chinese = re.findall(r"中文名称\s*([\u4e00-\u9fff]+)", kind_help)
    keys = re.findall(r"\b[a-z]+_[a-z_]+\b", kind_help)
    assert chinese and keys, kind_help
    for example in chinese + keys:
        assert ok(["remind", "--kind", example]).exit_code == 0


# -- 9: template and import take the Chinese names of KIND ------------------------------------------

KINDS = [("orgs", "党组织"), ("persons", "人员"), ("work", "党务工作经历"), ("appointments", "任职")]


@pytest.mark.parametrize(("key", "label"), KINDS)
def test_template_takes_the_chinese_name_of_a_kind(ok: Zzy, ledger: Path, tmp_path: Path, key: str,
                                                   label: str) -> None:
    by_key, by_label = tmp_path / "key.xlsx", tmp_path / "label.xlsx"
    ok(["template", key, "--output", str(by_key)])
    assert ok(["template", label, "--output", str(by_label)]).stdout == f"已生成{label}导入模板: {by_label}\n"


def test_template_is_written_only_as_an_xlsx_workbook(zzy: Zzy, ledger: Path, tmp_path: Path) -> None:
    """0.6.0 wrote the workbook to 人员.csv, which Excel then opened as garbled text."""
    named = tmp_path / "人员.csv"
    refused = zzy(["template", "persons", "--output", str(named)])
    assert refused.exit_code == 2 and "模板须以 .xlsx 结尾(得到 人员.csv)" in refused.stderr
    assert not named.exists()


def test_import_takes_the_chinese_name_of_a_kind(ok: Zzy, college: Path, tmp_path: Path) -> None:
    source = tmp_path / "任职.csv"
    source.write_text("工号,党组织,类别,职级,任职日期\nT001,jd,兼职,无,2024-03-01\n", encoding="utf-8")
    assert ok(["import", "任职", str(source)]).stdout == "已从 任职.csv 导入 1 行任职。\n"
    assert [(p["staff_no"], p["org"], p["start"]) for p in ok("post list --format json").json()] == [
        ("T001", "jd", "2024-03-01")]


def test_an_unknown_kind_lists_the_english_and_chinese_names(zzy: Zzy, ledger: Path, tmp_path: Path) -> None:
    for command in (["template", "人", "--output", str(tmp_path / "t.xlsx")], ["import", "人", "x.csv"]):
        result = zzy(command)
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr == ("错误: 没有「人」这种数据。可用: orgs(党组织)、persons(人员)、work(党务工作经历)、"
                                 "appointments(任职)。\n")


def test_kind_completes_by_english_and_chinese_name(ledger: Path) -> None:
    assert offered("zzy template p") == ["persons"]
    assert offered("zzy import 任") == ["任职"]
    assert offered("zzy import ") == ["orgs", "persons", "work", "appointments", "党组织", "人员", "党务工作经历", "任职"]


# -- 10: restore of a file that is not JSON says where, in Chinese ---------------------------------


@pytest.mark.parametrize(("content", "said"), [
    (b"not json\n", "第 1 行第 1 列附近不是合法的 JSON"),
    (b'{"format": "zzy-export",\n "records": [1,,2]}\n', "第 2 行第 16 列附近不是合法的 JSON"),
    (b'{"format": "\xb0\xec"}', "第 13 个字节起不是 UTF-8 编码的文字"),
], ids=["not-json", "broken-on-line-2", "not-utf-8"])
def test_restore_of_a_file_that_is_not_json_says_where_in_chinese(zzy: Zzy, ledger: Path, tmp_path: Path,
                                                                  content: bytes, said: str) -> None:
    source = tmp_path / "bad.json"
    source.write_bytes(content)
    result = zzy(["restore", str(source)])
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == f"错误: bad.json 不是 zzy 导出的 JSON 文件: {said}。\n"


@pytest.mark.sqlite_only
def test_restore_reads_an_export_an_editor_saved_with_a_bom(ok: Zzy, college: Path, tmp_path: Path) -> None:
    export, copy = tmp_path / "a.json", tmp_path / "copy.db"
    ok(["export", str(export)])
    export.write_bytes(b"\xef\xbb\xbf" + export.read_bytes())
    ok(["--db", str(copy), "init"])
    ok(["--db", str(copy), "restore", str(export)])
    assert ok(["--db", str(copy), "person", "list", "--format", "json"]).json() == ok(
        "person list --format json").json()


# -- 11: an emptied value shows as (空); an option without its value points to the command's help ---


def test_a_cleared_value_shows_as_empty_in_the_confirmation_and_the_log(ok: Zzy, college: Path) -> None:
    said = ok("work edit 1 --clear-to").stdout
    assert said == "已修改党务工作经历 #1(张三,工号 T001): 截止日期: 2020-08-31 → (空)。\n"
    assert ok("work edit 1 --to 2020-08-31").stdout == (
        "已修改党务工作经历 #1(张三,工号 T001): 截止日期: (空) → 2020-08-31。\n")
    rows = ok("log --format csv").stdout.splitlines()
    assert [row.rsplit(",", 1)[1] for row in rows[1:3]] == ["截止日期: (空) → 2020-08-31",
                                                           "截止日期: 2020-08-31 → (空)"]
    cleared = ok("log --format json").json()[1]
    assert (cleared["before"]["end"], cleared["after"]["end"]) == ("2020-08-31", None)  # JSON keeps null


@pytest.mark.parametrize(("command", "help_of"), [
    ("person add B03 王 --joined", "zzy person add"),
    ("appoint T001 jd --kind full --rank section --on", "zzy appoint"),
    ("remind --within", "zzy remind"),
    ("post list --org", "zzy post list"),
    ("--db", "zzy"),
])
def test_an_option_without_its_value_points_to_the_commands_own_help(zzy: Zzy, ledger: Path, command: str,
                                                                    help_of: str) -> None:
    option = command.split()[-1]
    result = zzy(command)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"错误: 选项 {option} 需要一个值。用 {help_of} --help 查看用法。\n"

