"""Every list and report to HTML (SPEC section 9): ``--output FILE.html`` or ``--format html`` writes one
self-contained page that mirrors the workbook, and prints on A4 in a real browser."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command

from conftest import Zzy
from test_page import PDFINFO, chromium, needs_browser, pdf_pages
from zzy.cli import app


def _leaves(command: Any, path: list[str]) -> Iterator[tuple[str, Any]]:
    if hasattr(command, "list_commands"):
        for name in command.list_commands(None):
            yield from _leaves(command.get_command(None, name), [*path, name])
    else:
        yield " ".join(path), command


#: Commands that take ``--output`` but write no list or report: an import template (.xlsx or .csv).
NOT_REPORTS = {"template", "paper"}  # a sheet to fill in, and the papers of SPEC 13 (tests/test_papers.py)

#: What each list and report needs on its command line besides ``--output`` (a command missing here fails
#: :func:`test_every_command_that_takes_output_writes_an_html_page`, so that a new one cannot forget HTML).
ARGUMENTS = {
    "org list": [], "person show": ["T001"], "person list": [], "work list": [], "post list": [], "check": ["T001"],
    "remind": ["--as-of", "2024-12-31"], "roster": ["--year", "2024"], "training list": [], "report list": [],
    "target list": [], "assess list": [], "commend list": [], "summary": ["--year", "2024"], "config show": [],
    "log": [], "grant": ["--list"], "doctor": [], "profile show": [], "profile list": [], "resume list": [],
}

OUTPUT_COMMANDS = sorted(path for path, leaf in _leaves(get_command(app), [])
                         if any("--output" in p.opts for p in leaf.params) and path.split()[0] not in NOT_REPORTS)


class Page(HTMLParser):
    """A page as data: its title, the title line, the notes, and each section's title, headers, cells, sentence."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.title = self.h1 = ""
        self.notes: list[str] = []
        self.sections: list[dict[str, Any]] = []
        self.tags: list[tuple[str, dict[str, str]]] = []
        self._in: str | None = None
        self._classes = ""
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key: value or "" for key, value in attrs}
        self.tags.append((tag, attributes))
        if tag == "section":
            self.sections.append({"title": "", "headers": [], "rows": [], "classes": [], "empty": None})
        elif tag == "tr" and self.sections:
            self.sections[-1]["rows"].append([])
            self.sections[-1]["classes"].append([])
        if tag in {"title", "h1", "h2", "th", "td"} or (tag == "p" and attributes.get("class") in {"note", "empty"}):
            self._in = attributes.get("class") if tag == "p" else tag
            self._classes = attributes.get("class", "")
            if tag == "td":
                self.sections[-1]["rows"][-1].append("")
                self.sections[-1]["classes"][-1].append(self._classes)
            elif tag == "th":
                self.sections[-1]["headers"].append("")
            elif tag == "p" and self._in == "note":
                self.notes.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"title", "h1", "h2", "th", "td", "p"}:
            self._in = None
        if tag == "thead" and self.sections:
            self.sections[-1]["rows"].pop()
            self.sections[-1]["classes"].pop()

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.title += data
        elif self._in == "h1":
            self.h1 += data
        elif self._in == "note":
            self.notes[-1] += data
        elif self._in == "h2":
            self.sections[-1]["title"] += data
        elif self._in == "th":
            self.sections[-1]["headers"][-1] += data
        elif self._in == "td":
            self.sections[-1]["rows"][-1][-1] += data
        elif self._in == "empty":
            self.sections[-1]["empty"] = data


@pytest.fixture
def staffed(ok: Zzy, college: Path) -> Path:
    """The college under a committee of its own name, a post, and a person whose name looks like markup."""
    ok("org rename dw 西山职业学院党委")
    ok("appoint T001 jd --kind full --rank section --on 2024-03-01 --promoted --prior-rank deputy-section")
    ok(["person", "add", "--joined", "2010-01-01", "--full", "2011-01-01", "--", "T009", "<script>alert(1)</script>"])
    ok("appoint T009 xx --kind part --rank none --on 2024-06-01")
    return college


def test_every_command_that_takes_output_is_a_known_report() -> None:
    assert set(OUTPUT_COMMANDS) == set(ARGUMENTS), "a command takes --output: add its arguments to ARGUMENTS"


@pytest.mark.parametrize("command", OUTPUT_COMMANDS)
def test_every_command_that_takes_output_writes_an_html_page(zzy: Zzy, ok: Zzy, staffed: Path, tmp_path: Path,
                                                             backend: str, command: str) -> None:
    if command == "grant" and backend == "sqlite":
        pytest.skip("grant --list is about a PostgreSQL ledger's roles")
    page_file = tmp_path / "报表.html"
    args = [*command.split(), *ARGUMENTS.get(command, []), "--output", str(page_file)]
    result = zzy(args)
    assert (result.exit_code, result.stderr) == (0, ""), result
    assert result.stdout == f"已写入 HTML 文件: {page_file}\n"
    html = page_file.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n")
    assert "<script" not in html and "西山职业学院党委" in Page(html).title
    assert page_file.stat().st_mode & 0o777 == 0o600
    assert ok([*command.split(), *ARGUMENTS.get(command, []), "--format", "html"]).stdout == html


def test_the_roster_page_mirrors_the_workbook(ok: Zzy, staffed: Path, tmp_path: Path) -> None:
    page_file = tmp_path / "名册.html"
    ok(["roster", "--year", "2024", "--output", str(page_file)])
    page = Page(page_file.read_text(encoding="utf-8"))
    assert page.title == page.h1 == "西山职业学院党委 组织员名册 2024 年 依据《西双版纳职业技术学院组织员队伍建设管理办法》"
    assert page.notes == ["2024 年组织员名册(党龄计算至 2024-12-31),共 2 条任职记录。"]
    (section,) = page.sections
    assert section["headers"] == ["工号", "姓名", "党组织代码", "党组织", "类别", "职级", "任职日期", "离任日期", "新提拔",
                                  "试用期满", "试用期考核", "转正日期", "党龄(年)", "任职起始", "满8年日期"]
    assert section["rows"] == [
        ["T001", "张三", "jd", "机电工程学院党总支", "专职", "正科级", "2024-03-01", "", "是", "2025-03-01", "",
         "2016-06-01", "8", "2024-03-01", "2032-03-01"],
        ["T009", "<script>alert(1)</script>", "xx", "信息工程学院党总支", "兼职", "无", "2024-06-01", "", "否", "", "",
         "2011-01-01", "13", "", ""],
    ]
    age = section["headers"].index("党龄(年)")
    assert [classes[age] for classes in section["classes"]] == ["num nowrap", "num nowrap"]
    assert [classes[0] for classes in section["classes"]] == ["nowrap", "nowrap"]


def test_a_name_that_looks_like_markup_stays_text_on_every_page(ok: Zzy, staffed: Path) -> None:
    html = ok("person list --format html").stdout
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert [tag for tag, _ in Page(html).tags if tag == "script"] == []


def test_a_section_without_rows_says_its_sentence(ok: Zzy, staffed: Path) -> None:
    page = Page(ok("person show T002 --as-of 2024-12-31 --format html").stdout)
    assert page.title == "西山职业学院党委 人员档案 李四(工号 T002) 截至 2024-12-31"
    assert [(s["title"], s["empty"]) for s in page.sections] == [
        ("李四(工号 T002)", None), ("任职", "没有任职记录。"), ("党务工作经历", "没有党务工作经历记录。"),
        ("工作汇报", "没有工作汇报记录。"), ("目标", "没有目标记录。"), ("年度考核", "没有考核记录。"),
        ("表彰", "没有表彰记录。"), ("参加培训", "没有参加培训记录。"), ("待办事项(截至 2024-12-31)", "没有待办事项。")]
    assert [s["headers"] for s in page.sections[1:]] == [[]] * 8
    assert Page(ok("training list --format html").stdout).sections[0]["empty"] == "没有培训记录。"


def test_a_report_without_a_period_is_titled_with_the_day_of_writing(ok: Zzy, staffed: Path) -> None:
    from datetime import date

    page = Page(ok("org list --format html").stdout)
    assert page.title == f"西山职业学院党委 党组织一览 {date.today().isoformat()}"


def test_the_page_refers_to_nothing_outside_itself(ok: Zzy, staffed: Path) -> None:
    html = ok("roster --year 2024 --format html").stdout
    assert re.findall(r"\b(?:src|href)=|url\(|@import|https?://", html) == []


def test_a_narrow_list_prints_portrait_and_a_wide_one_landscape(ok: Zzy, staffed: Path) -> None:
    assert "size: A4 portrait;" in ok("org list --format html").stdout
    assert "size: A4 landscape;" in ok("roster --year 2024 --format html").stdout


def test_the_year_summary_keeps_its_own_page(ok: Zzy, staffed: Path) -> None:
    html = ok("summary --year 2024 --format html").stdout
    assert "2024 年组织员队伍年度报告" in html and "任职时间线" in html


# -- in a real browser ------------------------------------------------------------------------------


@pytest.mark.sqlite_only
@needs_browser
def test_a_long_roster_prints_on_a4_with_its_headers_on_every_page(ok: Zzy, ledger: Path, tmp_path: Path) -> None:
    count = 60
    files = {"orgs": "code,name,kind\ndw,学院党委,committee\n"
                     + "".join(f"o{n:02},第{n}党总支,grassroots\n" for n in range(1, count + 1)),
             "persons": "staff_no,name,joined,full\n"
                        + "".join(f"T{n:03},组织员{n:03},2010-06-01,2011-06-01\n" for n in range(1, count + 1)),
             "appointments": "工号,党组织,类别,职级,任职日期\n"
                             + "".join(f"T{n:03},o{n:02},专职,无,2020-03-01\n" for n in range(1, count + 1))}
    for kind, text in files.items():
        (tmp_path / f"{kind}.csv").write_text(text, encoding="utf-8")
        ok(["import", kind, str(tmp_path / f"{kind}.csv")])
    page_file, pdf = tmp_path / "名册.html", tmp_path / "名册.pdf"
    ok(["roster", "--year", "2024", "--output", str(page_file)])
    chromium(page_file, tmp_path / "profile", "--no-pdf-header-footer", f"--print-to-pdf={pdf}")

    assert PDFINFO is not None
    info = subprocess.run([PDFINFO, str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Page size:.*\(A4\)$", info, re.M), info
    pages = pdf_pages(pdf)
    assert len(pages) >= 2
    assert "学院党委 组织员名册 2024 年" in pages[0]
    for text in pages:  # the headers repeat on each printed page
        assert re.search(r"工号\s+姓名\s+党组织代码\s+党组织\s+类别", text), text
    printed = [re.findall(r"^\s*(T\d{3})\s+组织员\d{3}", text, re.M) for text in pages]
    assert sum(printed, []) == [f"T{n:03}" for n in range(1, count + 1)]  # every row once, none cut in two
    assert "第60党总支" in "".join(pages)



@pytest.mark.sqlite_only
@pytest.mark.parametrize(("command", "jinja2_loaded"), [("roster --year 2024 --format json", False),
                                                        ("roster --year 2024 --format html", True)])
def test_only_a_page_loads_jinja2(staffed: Path, command: str, jinja2_loaded: bool) -> None:
    """Start-up stays quick: the template engine is imported when a page is written, not before."""
    import os
    import sys

    code = ("import sys\nfrom zzy.cli import app\n"
            f"code = app({command.split()!r}, standalone_mode=False)\n"
            "print(code, 'jinja2' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "ZZY_DB": str(staffed)})
    assert done.stdout.splitlines()[-1] == f"0 {jinja2_loaded}", done.stdout[-500:] + done.stderr
