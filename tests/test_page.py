"""The year on one page (SPEC section 9): ``summary --output FILE.html``, and the page in a real browser."""

from __future__ import annotations

import os
import re
import shutil
import stat
import struct
import subprocess
from collections import Counter
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import Zzy
from zzy import page, rules

YEAR = 2024


@pytest.fixture
def year_ledger(ok: Zzy, ledger: Path) -> Path:
    """2024 with a rotation, a failed trial, a leave for a typed reason, and a name that looks like markup."""
    ok("org add dw 学院党委 --kind committee")
    ok("org add jd 机电工程学院党总支")
    ok("org add xx 信息工程学院党总支")
    ok("person add T001 张三 --joined 2005-06-01 --full 2006-06-01")
    ok("person add T002 李四 --joined 2010-06-01 --full 2011-06-01")
    ok("work add T002 --from 2012-01-01 --to 2019-12-31 --note 支部书记")
    ok(["person", "add", "T003", "<script>alert(1)</script>", "--joined", "2012-06-01", "--full", "2013-06-01"])
    ok("appoint T001 jd --kind full --rank none --on 2016-03-01")
    ok("rotate T001 xx --on 2024-06-01")
    ok("appoint T002 dw --kind full --rank deputy-section --on 2023-09-01 --promoted --prior-rank none")
    ok("trial T002 --result fail --on 2024-09-01")
    ok("appoint T003 jd --kind part --rank none --on 2023-01-01")
    ok("leave T003 --on 2024-10-15 --reason 调动")
    return ledger


class Shapes(HTMLParser):
    """The page's timeline as data: each organizer's line, its bars, markers and note."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[dict] = []
        self.tags: list[tuple[str, dict]] = []
        self._text_class: str | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key: value or "" for key, value in attrs}
        self.tags.append((tag, attributes))
        classes = attributes.get("class", "").split()
        if tag == "g" and "organizer" in classes:
            self.lines.append({"staff_no": attributes["data-staff-no"], "name": None, "bars": [], "markers": [],
                               "note": None})
        elif self.lines and tag == "rect" and {"post", "trial"} & set(classes):
            self.lines[-1]["bars"].append(classes[1])
        elif self.lines and tag == "text":
            self._text_class = classes[0]

    def handle_endtag(self, tag: str) -> None:
        if tag == "text":
            self._text_class = None
        if tag == "svg" and self.lines:
            self._text_class = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        line = self.lines[-1] if self.lines else None
        if line is None or self._text_class is None:
            return
        if self._text_class == "name":
            line["name"] = data
        elif self._text_class == "marker-label":
            line["markers"].append(data)
        elif self._text_class == "note":
            line["note"] = data


def shapes(html: str) -> Shapes:
    parsed = Shapes()
    parsed.feed(html)
    return parsed


def test_timeline_draws_one_line_per_organizer_with_posts_trials_leaves_and_eight_years(
        ok: Zzy, year_ledger: Path) -> None:
    html = ok(f"summary --year {YEAR} --format html").stdout
    lines = shapes(html).lines
    assert lines == [
        {"staff_no": "T002", "name": "李四", "bars": ["post-full", "trial-full"],
         "markers": ["离任(试用期考核不胜任)"], "note": None},
        {"staff_no": "T001", "name": "张三", "bars": ["post-full", "post-full"],
         "markers": ["离任(交流轮岗)", "满8年"], "note": "满8年 2032-06-01"},
        {"staff_no": "T003", "name": "<script>alert(1)</script>", "bars": ["post-part"],
         "markers": ["离任(调动)"], "note": None},
    ]


def test_the_page_holds_the_years_figures_reminders_and_roster(ok: Zzy, year_ledger: Path) -> None:
    html = ok(f"summary --year {YEAR} --format html").stdout
    ids = [attributes["id"] for tag, attributes in shapes(html).tags if tag == "section"]
    assert ids == ["figures", "timeline", "reminders", "roster", "sign"]
    text = "".join(shapes(html).text)
    assert "学院党委" in text and f"{YEAR} 年组织员队伍年度报告" in text
    assert "提醒清单与名册截至 2024-12-31" in text
    reminders = ok(f"remind --as-of {YEAR}-12-31 --format json").json()
    assert f"共 {len(reminders['findings'])} 项" in text
    kinds = Counter((f["severity"], f["kind"]) for f in reminders["findings"])
    for finding in reminders["findings"]:  # a kind's findings share a row: the message of one alone
        assert finding["message"] in text or kinds[finding["severity"], finding["kind"]] > 1
        assert (finding["staff_no"] or finding["org_name"]) in text
    roster = ok(f"roster --year {YEAR} --format json").json()
    cells = re.findall(r'<td class="code">(T\d+)</td>', html)
    assert cells == [row["staff_no"] for row in roster["rows"]]
    assert "专职·副科级" in text and "不胜任" in text and "兼职·无" in text


def test_the_roster_is_grouped_under_each_orgs_name_on_a_row_of_its_own(ok: Zzy, year_ledger: Path) -> None:
    """A 党组织 column a tenth of the page wide broke 机电工程学院党总支 over two lines and a 直属党支部's
    name over four: each org's name now heads its posts, across the whole table, never broken."""
    ok(["org", "add", "mks", "马克思主义学院暨思想政治理论课教学部直属党支部"])
    ok("person add T004 赵六 --joined 2010-06-01 --full 2011-06-01")
    ok("appoint T004 mks --kind part --rank none --on 2024-03-01")
    html = ok(f"summary --year {YEAR} --format html").stdout
    roster = ok(f"roster --year {YEAR} --format json").json()["rows"]
    table = html[html.index('<section id="roster">'):html.index('<section class="sign"')]
    headers = re.findall(r"<th[^>]*>([^<]*)</th>", table[table.index("<thead>"):table.index("</thead>")])
    assert "党组织" not in headers and headers[:2] == ["工号", "姓名"]
    groups = re.findall(r'<tr class="org"><th colspan="(\d+)">([^<]*)<span class="sub">(\d+) 条</span></th></tr>',
                        table)
    in_order = list(dict.fromkeys(row["org_name"] for row in roster))
    assert [name.strip() for _, name, _ in groups] == in_order
    assert {int(span) for span, _, _ in groups} == {len(headers)}
    assert [int(count) for _, _, count in groups] == [
        sum(1 for row in roster if row["org_name"] == name) for name in in_order]
    bodies = re.split(r'<tr class="org">', table)[1:]  # each org's posts follow its name
    for name, body in zip(in_order, bodies, strict=True):
        assert re.findall(r'<td class="code">(T\d+)</td>', body) == [
            row["staff_no"] for row in roster if row["org_name"] == name]
    assert "tr.org th" in html and "white-space: nowrap" in html[html.index("tr.org th"):][:200]


def test_a_name_that_looks_like_markup_stays_text(ok: Zzy, year_ledger: Path) -> None:
    html = ok(f"summary --year {YEAR} --format html").stdout
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_page_refers_to_nothing_outside_itself(ok: Zzy, year_ledger: Path) -> None:
    html = ok(f"summary --year {YEAR} --format html").stdout
    for outside in ("http", "//", "<link", "<script", "<img", "<iframe", "@import", "@font-face", " src=", "href="):
        assert outside not in html.lower(), outside
    assert set(re.findall(r"url\(([^)]*)\)", html)) == {"#trial-on-full", "#trial-on-part", "#name-column"}
    assert html.count("<svg") >= 2 and "@page { size: A4;" in html
    assert "thead { display: table-header-group; }" in html and "break-inside: avoid" in html


def test_output_html_writes_the_page_privately_and_says_so(ok: Zzy, year_ledger: Path, tmp_path: Path) -> None:
    target = tmp_path / "2024年.html"
    result = ok(["summary", "--year", str(YEAR), "--output", str(target)])
    assert result.stdout == f"已写入 HTML 文件: {target}\n" and result.stderr == ""
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8") == ok(f"summary --year {YEAR} --format html").stdout


def test_an_existing_page_is_replaced_only_with_force(zzy: Zzy, ok: Zzy, year_ledger: Path, tmp_path: Path) -> None:
    target = tmp_path / "year.html"
    target.write_text("earlier", encoding="utf-8")
    refused = zzy(["summary", "--year", str(YEAR), "--output", str(target)])
    assert (refused.exit_code, refused.stdout) == (3, "")
    assert refused.stderr == f"错误: 文件 {target} 已存在。如确要覆盖,请加 --force。\n"
    assert target.read_text(encoding="utf-8") == "earlier"
    ok(["summary", "--year", str(YEAR), "--output", str(target), "--force"])
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>\n")
    assert target.read_text(encoding="utf-8").endswith("</html>\n")


def test_as_of_moves_the_reminders_and_roster_of_the_page(ok: Zzy, year_ledger: Path) -> None:
    html = ok(f"summary --year {YEAR} --as-of 2024-07-01 --format html").stdout
    assert "提醒清单与名册截至 2024-07-01" in html and "党龄计算至 2024-07-01" in html


def test_the_reference_date_of_this_years_page_is_today() -> None:
    from zzy.reports import page_reference

    assert page_reference(2026, as_of=None, today=date(2026, 11, 26)) == date(2026, 11, 26)
    assert page_reference(2025, as_of=None, today=date(2026, 11, 26)) == date(2025, 12, 31)
    assert page_reference(2025, as_of=date(2025, 6, 1), today=date(2026, 11, 26)) == date(2025, 6, 1)


def test_an_empty_year_says_so_on_the_page(ok: Zzy, ledger: Path) -> None:
    html = ok("summary --year 2020 --format html").stdout
    assert shapes(html).lines == [] and html.count("2020 年没有任职记录。") == 2  # the timeline and the roster
    assert "年度培训未举办" in html


def many_organizers_page(count: int) -> str:
    """The page of a year with ``count`` full-time organizers and nothing else, built from documents alone."""
    rows = [{"staff_no": f"T{n:03}", "name": f"人员{n}", "org": "jd", "org_name": "机电工程学院党总支",
             "kind": "full", "rank": "none", "start": "2020-01-01", "end": None, "promoted": False,
             "trial_end": None, "trial_result": None, "party_full": "2010-01-01", "party_age_years": 14,
             "tenure_start": "2020-01-01", "rotation_on": "2028-01-01"} for n in range(1, count + 1)]
    summary = {"year": 2024, "trainings": [], "training_requirement_met": False, "organizers": count,
               "full_time": count, "part_time": 0, "vacancies_at_year_end": [], "reports": 0,
               "assessments": {"excellent": 0, "competent": 0, "basic": 0, "incompetent": 0}, "commendations": 0,
               "targets": {"met": 0, "unmet": 0, "open": 0}}
    return page.year_page(committee="学院党委", summary=summary,
                          reminders={"as_of": "2024-12-31", "within_days": 60, "findings": []},
                          roster={"year": 2024, "as_of": "2024-12-31", "rows": rows}, generated_on=date(2025, 1, 2))


def test_long_timelines_break_into_blocks_that_each_fit_a_page() -> None:
    html = many_organizers_page(50)
    assert html.count('<svg class="chart"') == 3 == -(-50 // page.LINES_PER_BLOCK)
    assert [line["staff_no"] for line in shapes(html).lines] == [f"T{n:03}" for n in range(1, 51)]
    assert "2025-01-02 由 zzy 生成" in html


# -- in a real browser ------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFTOTEXT = shutil.which("pdftotext")
PDFINFO = shutil.which("pdfinfo")


def chinese_fonts() -> bool:
    """Whether the system has a font for Chinese (Debian: fonts-noto-cjk); without one the PDF holds no names."""
    if shutil.which("fc-list") is None:
        return False
    listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True)
    return bool(listed.stdout.strip())

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars"]


def chromium(page_file: Path, profile: Path, *options: str) -> None:
    assert CHROMIUM is not None
    subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *options, page_file.as_uri()],
                   check=True, capture_output=True, timeout=120)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


needs_browser = pytest.mark.skipif(
    CHROMIUM is None or PDFTOTEXT is None or PDFINFO is None or not chinese_fonts(),
    reason="needs headless Chromium, pdftotext, pdfinfo and a Chinese font "
           "(Debian: apt-get install chromium poppler-utils fonts-noto-cjk); CI installs them")


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page of ``pdf``, as pdftotext reads it."""
    assert PDFTOTEXT is not None
    text = subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [page_text for page_text in text.split("\f") if page_text.strip()]


@pytest.mark.sqlite_only
@needs_browser
def test_the_demo_page_renders_and_prints_in_chromium(ok: Zzy, tmp_path: Path) -> None:
    demo = tmp_path / "demo.db"
    ok(["--db", str(demo), "demo"])
    year = date.today().year
    page_file = tmp_path / "year.html"
    ok(["--db", str(demo), "summary", "--year", str(year), "--output", str(page_file)])
    screenshot, pdf = tmp_path / "year.png", tmp_path / "year.pdf"
    chromium(page_file, tmp_path / "profile", "--window-size=900,2400", f"--screenshot={screenshot}")
    chromium(page_file, tmp_path / "profile", "--no-pdf-header-footer", f"--print-to-pdf={pdf}")

    assert png_size(screenshot) == (900, 2400) and screenshot.stat().st_size > 50_000
    info = subprocess.run([PDFINFO, str(pdf)], capture_output=True, text=True, check=True).stdout
    assert int(re.search(r"^Pages:\s+(\d+)$", info, re.M).group(1)) >= 3
    assert re.search(r"^Page size:.*\(A4\)$", info, re.M), info
    pages = pdf_pages(pdf)
    text = "".join(pages)
    page_heads = [next(line.strip() for line in page_text.splitlines() if line.strip()) for page_text in pages]
    assert page_heads[0] == "西版职院党委"
    assert "提醒清单" in page_heads and f"{year} 年组织员名册" in page_heads  # each starts a new page
    roster = ok(["--db", str(demo), "roster", "--year", str(year), "--format", "json"]).json()
    names = {row["name"] for row in roster["rows"]}
    assert len(names) >= 10
    for name in names:
        assert name in text, name
    for row in roster["rows"]:  # every 工号 printed whole, on one line
        assert re.search(rf"(?<![A-Za-z0-9]){row['staff_no']}(?![0-9])", text), row["staff_no"]
    roster_page = next(page_text for page_text in pages if f"{year} 年组织员名册" in page_text)
    for org_name in {row["org_name"] for row in roster["rows"]}:  # on one line, never broken
        assert org_name in roster_page, org_name
    last = pages[-1]
    assert re.search(r"制表人:\s+审核人:\s+日期:\s+年\s+月\s+日", " ".join(last.split())), last
    assert f"{year} 年组织员队伍年度报告" in text and "任职时间线" in text and "提醒清单" in text
    if os.environ.get("ZZY_KEEP_YEAR_PAGE"):  # for looking at it: ZZY_KEEP_YEAR_PAGE=/tmp/page
        keep = Path(os.environ["ZZY_KEEP_YEAR_PAGE"])
        keep.mkdir(parents=True, exist_ok=True)
        for made in (page_file, screenshot, pdf):
            shutil.copy(made, keep / made.name)


def roster_row(staff_no: str, *, start: str, end: str | None = None, kind: str = "full", trial_end: str | None = None,
               rotation_on: str | None = None, end_reason: str | None = None) -> dict:
    return {"staff_no": staff_no, "name": staff_no, "org": "jd", "org_name": "机电工程学院党总支", "kind": kind,
            "rank": "none", "start": start, "end": end, "promoted": trial_end is not None, "trial_end": trial_end,
            "trial_result": None, "party_full": None, "party_age_years": None, "tenure_start": start,
            "rotation_on": rotation_on, "end_reason": end_reason}


def test_timeline_clips_posts_to_the_year_and_places_days_on_a_month_axis() -> None:
    left, right = page.PLOT_LEFT, page.PLOT_RIGHT
    day = (right - left) / 366  # 2024 is a leap year
    rows = [roster_row("A", start="2016-03-01", end="2024-06-01", rotation_on="2024-03-01", end_reason="rotation"),
            roster_row("A", start="2024-06-01", rotation_on="2032-06-01"),
            roster_row("B", start="2023-09-01", trial_end="2024-09-01", end="2024-09-01", end_reason="trial_failed"),
            roster_row("C", start="2024-12-01", end="2025-03-01", kind="part")]
    chart = page.timeline(page.timeline_lines(rows), year=2024, marked=date(2024, 12, 31))
    a, b, c = chart.blocks[0].lines
    assert [(bar.x, bar.width) for bar in a.posts] == [(left, round(152 * day, 1)),
                                                       (round(left + 152 * day, 1), round(214 * day, 1))]
    assert [(m.kind, m.x, m.text) for m in a.markers] == [("leave", round(left + 152 * day, 1), "离任(交流轮岗)"),
                                                          ("rotation", round(left + 60 * day, 1), "满8年")]
    assert a.note == "满8年 2032-06-01" and not a.note_past
    assert [(bar.x, bar.width) for bar in b.trials] == [(left, round(244 * day, 1))]
    assert [m.text for m in b.markers] == ["离任(试用期考核不胜任)"] and b.note == ""
    assert [(bar.kind, bar.x, bar.x + bar.width, bar.y - c.y) for bar in c.posts] == [
        ("part", round(left + 335 * day, 1), right, page.PART_LANE[0])]
    assert c.markers == []  # left in 2025: no leave this year
    assert [m.label for m in chart.months] == [f"{n}月" for n in range(1, 13)] and chart.months[0].x == left
    assert chart.marked_x == round(left + 365 * day, 1) and chart.marked_label == "截至 2024-12-31"


@pytest.mark.sqlite_only
@pytest.mark.parametrize(("command", "jinja2_loaded"), [(f"summary --year {YEAR}", False),
                                                        (f"summary --year {YEAR} --format html", True)])
def test_only_the_page_loads_jinja2_and_neither_loads_sqlalchemy(year_ledger: Path, command: str,
                                                                 jinja2_loaded: bool) -> None:
    """Start-up stays quick: the template engine is imported by the page alone, and reading skips the ORM."""
    import sys

    code = ("import sys\nfrom zzy.cli import app\n"
            f"code = app({command.split()!r}, standalone_mode=False)\n"
            "print(code, 'jinja2' in sys.modules, 'sqlalchemy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "ZZY_DB": str(year_ledger)})
    assert done.stdout.splitlines()[-1] == f"0 {jinja2_loaded} False", done.stdout[-500:] + done.stderr


@pytest.mark.sqlite_only
@needs_browser
def test_a_long_roster_prints_its_header_on_every_page_and_each_timeline_block_whole(tmp_path: Path) -> None:
    page_file, pdf = tmp_path / "year.html", tmp_path / "year.pdf"
    page_file.write_text(many_organizers_page(90), encoding="utf-8")
    chromium(page_file, tmp_path / "profile", "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    pages = pdf_pages(pdf)
    roster_starts = next(n for n, text in enumerate(pages) if "2024 年组织员名册" in text)
    roster_pages = pages[roster_starts:]
    assert len(roster_pages) >= 2
    for text in roster_pages:
        assert re.search(r"工号\s+姓名\s+类别·职级", text), text
    printed = [re.findall(r"^\s*(T\d{3})\s+人员", text, re.M) for text in roster_pages]
    assert sum(printed, []) == [f"T{n:03}" for n in range(1, 91)]  # every row once, none cut in two
    timeline_pages = [text for text in pages[:roster_starts] if "12月" in text]
    assert len(timeline_pages) >= 3
    for text in timeline_pages:  # each printed part of the chart keeps its month axis
        assert re.search(r"1月\s+2月\s+3月.*12月", text), text


def test_posts_of_one_kind_held_at_once_share_their_lane_side_by_side() -> None:
    rows = [roster_row("A", start="2023-01-01", kind="part"),
            roster_row("A", start="2024-03-01", end="2024-09-01", kind="part"),
            roster_row("A", start="2024-10-01", kind="part"),
            roster_row("A", start="2020-01-01")]
    (line,) = page.timeline(page.timeline_lines(rows), year=2024, marked=None).blocks[0].lines
    offset, height = page.PART_LANE
    part_y = [(bar.y - line.y, bar.height) for bar in line.posts if bar.kind == "part"]
    assert part_y == [(offset, height / 2), (offset + height / 2, height / 2), (offset + height / 2, height / 2)]
    assert [(bar.y - line.y, bar.height) for bar in line.posts if bar.kind == "full"] == [page.FULL_LANE]


# -- a report a 组织部 head signs (issue 28) ----------------------------------------------------


def test_reminders_of_one_kind_share_a_row_that_lists_the_people(ok: Zzy, year_ledger: Path) -> None:
    ok("appoint T002 xx --kind part --rank none --on 2024-01-01")
    findings = ok(f"remind --as-of {YEAR}-12-31 --format json").json()["findings"]
    kinds = Counter((f["severity"], f["kind"]) for f in findings)
    assert max(kinds.values()) > 1  # reports overdue for several people
    html = ok(f"summary --year {YEAR} --format html").stdout
    reminders = html[html.index('<section id="reminders">'):html.index('<section id="roster">')]
    rows = re.findall(r"<tr>(.*?)</tr>", reminders, re.S)[1:]
    assert len(rows) == len(kinds)
    for (severity, kind), count in kinds.items():
        row = next(r for r in rows if f'severity {severity}"' in r and f'>{rules.finding_label(kind)}<' in r)
        assert row.count('class="entry"') == count
        for finding in findings:
            if (finding["severity"], finding["kind"]) == (severity, kind):
                assert (finding["staff_no"] or finding["org_name"]) in row and (finding["due"] or "") in row


def test_the_figures_name_whom_they_count_and_say_what_a_zero_means(ok: Zzy, year_ledger: Path) -> None:
    ok(f"assess T001 --year {YEAR} --grade incompetent")
    number = re.search(r"#(\d+)", ok(f"target add T002 --title 发展党员 --due {YEAR}-06-30").stdout).group(1)
    ok(f"target assess {number} --result unmet --on {YEAR}-07-01")
    cards = {label: re.sub(r"<(?!/?div)[^>]+>", "", card)
             for label, card in figure_cards(ok(f"summary --year {YEAR} --format html").stdout).items()}
    assert "不称职: 张三(T001)" in cards["年度考核(人)"] and "alert" in cards["年度考核(人)"]
    assert "未完成: 李四(T002)「发展党员」" in cards["该年到期的目标(项)"]
    assert "年底空缺: " in cards["年底空缺的党组织"] and "机电工程学院党总支" in cards["年底空缺的党组织"]
    assert page.ZERO_NOTES["commendations"] in cards["表彰(次)"]
    assert page.ZERO_NOTES["reports"] in cards["工作汇报(次)"]


def figure_cards(html: str) -> dict[str, str]:
    """Each figure card's HTML, by its caption."""
    return {label: card for card, label in re.findall(
        r'(<div class="figure[^"]*">\s*<div class="label">([^<]+)</div>.*?</div>\s*</div>)', html, re.S)}


def test_a_staff_number_or_a_date_in_a_sentence_is_never_broken() -> None:
    assert str(page.whole("张三(T001)于2024-07-01到期,#12")) == (
        '张三(<span class="whole">T001</span>)于<span class="whole">2024-07-01</span>到期,'
        '<span class="whole">#12</span>')
    assert str(page.whole("<b>")) == "&lt;<span class=\"whole\">b</span>&gt;"


@pytest.mark.parametrize("days", [0, 1, 3, 10, 30, 200, 330, 364])
def test_timeline_labels_never_collide(days: int) -> None:
    """A part-time post, a leave and the day eight years fall due crowded onto one line, anywhere in the year."""
    from datetime import timedelta

    rotation = date(2024, 1, 1) + timedelta(days=days)
    leave = rotation + timedelta(days=2)
    rows = [roster_row("A", start="2016-01-01", end=leave.isoformat(), rotation_on=rotation.isoformat(),
                       end_reason="rotation"),
            roster_row("A", start="2023-01-01", kind="part"),
            roster_row("A", start=leave.isoformat(), kind="full", rotation_on="2032-01-01")]
    chart = page.timeline(page.timeline_lines(rows), year=2024, marked=None)
    (line,) = chart.blocks[0].lines
    spans = [page.label_span(m) for m in line.markers if m.text]
    spans += [(bar.text_x, bar.text_x + len(bar.text) * page.CHARACTER) for bar in line.posts
              if bar.text and bar.kind == "part"]
    spans.sort()
    assert all(right <= next_left for (_, right), (next_left, _) in zip(spans, spans[1:], strict=False))
    assert all(0 <= left and right <= page.CHART_WIDTH for left, right in spans)
    drawn = {"rotation"} | ({"leave"} if leave.year == 2024 else set())
    assert {m.kind for m in line.markers} == drawn  # each still drawn, its text (if it had no room) in the tooltip
