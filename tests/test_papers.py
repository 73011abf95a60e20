"""SPEC section 13: the papers of an appointment — the 干部任免审批表 and the 任前公示, filled from the ledger.

The working days of a 任前公示 come from the maintained ``chinese_calendar`` (the State Council's yearly
arrangement of holidays and of the weekends worked in their stead); the papers are read back with
python-docx, and (marked slow) converted by LibreOffice and printed by Chromium as a clerk's office would.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from conftest import Zzy
from zzy import dates, papers
from zzy.errors import Refused
from zzy.schema import PERSON_FIELDS, TEXT, RecordField

# -- the working days of a 任前公示 (five, counting the first day) --------------------------------

FIFTH_WORKING_DAY = [
    # (first day of the notice, its fifth working day, why)
    (date(2026, 9, 28), date(2026, 10, 9), "SPEC's example: 国庆节 2026 between"),
    (date(2025, 9, 22), date(2025, 9, 26), "an ordinary week: Monday to Friday"),
    (date(2025, 9, 27), date(2025, 10, 10), "a Saturday is no working day; the Sunday 9-28 worked for 国庆 is"),
    (date(2025, 9, 28), date(2025, 10, 10), "from the worked Sunday, across 国庆节 2025 (10-1 to 10-8)"),
    (date(2025, 9, 29), date(2025, 10, 11), "the Saturday 10-11 worked for 国庆 counts"),
    (date(2025, 10, 1), date(2025, 10, 14), "starting on a holiday: the count begins after it"),
    (date(2026, 2, 9), date(2026, 2, 13), "the week before 春节 2026"),
    (date(2026, 2, 12), date(2026, 2, 25), "across 春节 2026 (2-15 to 2-23), the Saturday 2-14 worked"),
    (date(2026, 2, 14), date(2026, 2, 27), "from the worked Saturday before 春节"),
    (date(2026, 2, 24), date(2026, 2, 28), "after 春节: the Saturday 2-28 worked for it counts"),
]


@pytest.mark.parametrize(("start", "fifth", "why"), FIFTH_WORKING_DAY, ids=[row[2] for row in FIFTH_WORKING_DAY])
def test_a_notice_lasts_five_working_days_by_the_holiday_calendar(start: date, fifth: date, why: str) -> None:
    assert dates.nth_working_day(start, papers.NOTICE_WORKING_DAYS) == fifth
    assert dates.working_days(start, fifth) == 5
    assert dates.working_days(start, dates.add_days(fifth, -1)) == 4  # the day before is too short


def test_adjusted_days_are_the_calendar_s() -> None:
    assert dates.is_working_day(date(2025, 9, 28))  # a Sunday worked for 国庆节
    assert dates.is_working_day(date(2026, 2, 14))  # a Saturday worked for 春节
    assert not dates.is_working_day(date(2025, 10, 8))  # a Wednesday of the holiday
    assert not dates.is_working_day(date(2026, 2, 17))  # 春节's Tuesday


def test_a_year_the_calendar_does_not_know_is_not_guessed() -> None:
    with pytest.raises(dates.UnknownWorkdays) as unknown:
        dates.nth_working_day(date(2099, 6, 1), 5)
    assert unknown.value.day == date(2099, 6, 1)
    with pytest.raises(Refused, match="--until"):
        papers.notice_period(date(2099, 6, 1), None)
    assert papers.notice_period(date(2099, 6, 1), date(2099, 6, 8)) == date(2099, 6, 8)  # the clerk's last day


UNTIL = [
    (date(2026, 10, 9), date(2026, 10, 9), None),
    (date(2026, 10, 12), date(2026, 10, 12), None),  # longer than five working days is allowed
    (date(2026, 10, 8), None, "早于第 5 个工作日 2026-10-09"),
]


@pytest.mark.parametrize(("until", "end", "refusal"), UNTIL)
def test_until_may_lengthen_a_notice_but_never_shorten_it(until: date, end: date | None, refusal: str | None) -> None:
    if refusal is None:
        assert papers.notice_period(date(2026, 9, 28), until) == end
    else:
        with pytest.raises(Refused, match=refusal):
            papers.notice_period(date(2026, 9, 28), until)


# -- the person's fields of the papers ---------------------------------------------------------

PAPER_FIELDS = {
    "gender": "female", "birth": "1988-05-12", "ethnicity": "傣族", "native_place": "云南景洪",
    "birthplace": "云南勐海", "work_start": "2010-07-01", "health": "健康", "title": "讲师",
    "specialty": "党务工作", "edu_full": "大学本科 管理学学士", "school_full": "云南大学公共管理学院行政管理专业",
    "edu_job": "研究生 公共管理硕士", "school_job": "云南师范大学公共管理专业", "current_post": "机电工程学院党总支组织员",
}
OPTIONS = ("--gender 女 --birth 1988年5月12日 --ethnicity 傣族 --native-place 云南景洪 --birthplace 云南勐海 "
           "--work-start 2010-07-01 --health 健康 --title 讲师 --specialty 党务工作 --edu-full '大学本科 管理学学士' "
           "--school-full 云南大学公共管理学院行政管理专业 --edu-job '研究生 公共管理硕士' "
           "--school-job 云南师范大学公共管理专业 --current-post 机电工程学院党总支组织员")


def test_a_person_carries_the_papers_fields(ok: Zzy, ledger: Path) -> None:
    ok(f"person add T001 岩罕 --joined 2009-06-01 --full 2010-06-01 {OPTIONS}")
    listed = ok("person list --format json").json()
    assert listed == [{"staff_no": "T001", "name": "岩罕", "joined": "2009-06-01", "full": "2010-06-01",
                       "in_service": True, **PAPER_FIELDS}]
    shown = ok("person show T001 --format json").json()
    assert {key: shown[key] for key in PAPER_FIELDS} == PAPER_FIELDS
    table = ok("person show T001").stdout
    assert "任免表信息" in table and "性别: " in table and "女" in table and "傣族" in table
    assert "性别" not in ok("person list").stdout  # the list's table keeps to its five columns
    csv_header = ok("person list --format csv").stdout.splitlines()[0]
    assert csv_header == "staff_no,name,joined,full,in_service," + ",".join(PAPER_FIELDS)


def test_a_person_without_the_papers_fields_shows_as_before(ok: Zzy, ledger: Path) -> None:
    ok("person add T001 张三 --joined 2015-06-01 --full 2016-06-01")
    assert "任免表信息" not in ok("person show T001").stdout


REFUSED_FIELDS = [
    ("--ethnicity 傣", "民族「傣」不是 GB/T 3304 规定的 56 个民族名称之一。是否应为「傣族」?"),
    ("--ethnicity 火星族", "民族「火星族」不是 GB/T 3304 规定的 56 个民族名称之一。请写全称,如 汉族、傣族、哈尼族。"),
    ("--gender 未知", "性别「未知」无效。可选: male(男)、female(女)"),
    ("--birth 1988-02-30", "日期「1988-02-30」不存在。"),
    ("--native-place $'云南\\x1b[31m'", "籍贯含有不可见的控制或格式字符"),
]


@pytest.mark.parametrize(("option", "message"), REFUSED_FIELDS, ids=[row[0].split()[0] for row in REFUSED_FIELDS])
def test_a_bad_value_of_a_papers_field_is_a_usage_error(zzy: Zzy, ledger: Path, option: str, message: str) -> None:
    args = ["person", "add", "T001", "张三", "--joined", "2015-06-01"]
    name, value = option.split(" ", 1)
    value = "云南\x1b[31m" if value.startswith("$") else value
    result = zzy([*args, name, value])
    assert result.exit_code == 2 and message in result.stderr
    assert zzy("person list --format json").json() == []


def test_a_papers_field_is_corrected_and_cleared_with_its_audit_entry(ok: Zzy, ledger: Path) -> None:
    ok(f"person add T001 岩罕 --joined 2009-06-01 --full 2010-06-01 {OPTIONS}")
    assert ok("person edit T001 --clear 籍贯 --clear edu-job --gender male").stdout == \
        "已修改 岩罕(工号 T001)的性别、籍贯、在职教育。\n"
    person = ok("person list --format json").json()[0]
    assert (person["gender"], person["native_place"], person["edu_job"]) == ("male", None, None)
    assert ok("log --limit 1").stdout.count("性别: 女 → 男") == 1


def test_clear_names_only_a_papers_field(zzy: Zzy, ledger: Path) -> None:
    zzy("person add T001 张三 --joined 2015-06-01")
    result = zzy("person edit T001 --clear 姓名")
    assert result.exit_code == 2 and "--clear 不能清空「姓名」" in result.stderr


@pytest.mark.sqlite_only
def test_the_papers_fields_are_imported_exported_and_restored(zzy: Zzy, ok: Zzy, ledger: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "人员.csv"
    sheet.write_text("工号,姓名,入党日期,转正日期,性别,民族,出生日期,籍贯,现任职务\n"
                     "T001,岩罕,2009-06-01,2010-06-01,女,傣族,1988/5/12,云南景洪,组织员\n", encoding="utf-8")
    ok(["import", "persons", str(sheet)])
    person = ok("person list --format json").json()[0]
    assert (person["gender"], person["ethnicity"], person["birth"], person["current_post"]) == \
        ("female", "傣族", "1988-05-12", "组织员")
    ok(["export", str(tmp_path / "all.json")])
    document = json.loads((tmp_path / "all.json").read_text())
    assert document["persons"][0]["ethnicity"] == "傣族"
    document["persons"][0]["ethnicity"] = "傣"
    (tmp_path / "bad.json").write_text(json.dumps(document, ensure_ascii=False))

    fresh, bad = tmp_path / "fresh.db", tmp_path / "refused.db"
    for path in (fresh, bad):
        ok(["--db", str(path), "init"])
    refused = zzy(["--db", str(bad), "restore", str(tmp_path / "bad.json")])
    assert refused.exit_code == 3 and "民族「傣」不是 GB/T 3304 规定的 56 个民族名称之一" in refused.stderr
    ok(["--db", str(fresh), "restore", str(tmp_path / "all.json")])
    restored = ok(["--db", str(fresh), "person", "list", "--format", "json"]).json()[0]
    assert restored == person


# -- 干部任免审批表 ---------------------------------------------------------------------------------


@pytest.fixture
def nominee(ok: Zzy, college: Path) -> Path:
    """张三 (T001) with the papers' fields, three years of grades, a commendation and a proposed post #1;
    李四 (T002), whose post #2 fails art. 12(4) on its start."""
    ok(f"person edit T001 {OPTIONS}")
    ok("appoint T001 jd --kind full --rank deputy-section --on 2024-03-01")
    for year, grade in ((2022, "basic"), (2023, "competent"), (2024, "excellent"), (2025, "competent")):
        ok(f"assess T001 --year {year} --grade {grade}")
    ok("commend T001 --on 2024-06-20 --title 优秀党务工作者")
    ok("appoint T002 xx --kind full --rank deputy-section --on 2023-01-01 --override 党委会议特批")
    return college


def _cells(path: Path) -> list[list[str]]:
    """Every table's cells of a .docx, read back with python-docx (merged cells once)."""
    import docx

    rows = []
    for table in docx.Document(str(path)).tables:
        for row in table.rows:
            seen: list[str] = []
            for cell in row.cells:
                if not seen or cell.text != seen[-1]:
                    seen.append(cell.text)
            rows.append(seen)
    return rows


def test_the_approval_form_is_filled_from_the_ledger(ok: Zzy, nominee: Path, tmp_path: Path) -> None:
    form = tmp_path / "审批表.docx"
    result = ok(["paper", "approval", "T001", "--post", "1", "--reason", "工作需要", "--on", "2026-09-01",
                 "--output", str(form)])
    assert result.stdout == f"已写入干部任免审批表(张三): {form}\n"
    assert result.stderr == "注意: 台账中没有以下信息,表中留空: 照片、拟免职务、简历\n"
    assert (form.stat().st_mode & 0o777) == 0o600
    cells = _cells(form)
    assert cells[:10] == [
        ["姓名", "张三", "性别", "女", "出生年月\n(岁)", "1988.05\n(38岁)", ""],
        ["民族", "傣族", "籍贯", "云南景洪", "出生地", "云南勐海", ""],
        ["入党时间", "2015.06", "参加工作时间", "2010.07", "健康状况", "健康", ""],
        ["专业技术职务", "讲师", "熟悉专业有何专长", "党务工作", ""],
        ["学历\n学位", "全日制教育", "大学本科 管理学学士", "毕业院校\n系及专业", "云南大学公共管理学院行政管理专业"],
        ["学历\n学位", "在职教育", "研究生 公共管理硕士", "毕业院校\n系及专业", "云南师范大学公共管理专业"],
        ["现任职务", "机电工程学院党总支组织员"],
        ["拟任职务", "机电工程学院党总支专职组织员(副科级)"],
        ["拟免职务", ""],
        ["简\n\n\n\n历", ""],
    ]
    assert cells[10:13] == [
        ["奖\n惩\n情\n况", "2024.06 优秀党务工作者"],
        ["年度考核\n结果", "2023年度称职;2024年度优秀;2025年度称职"],
        ["任\n免\n理\n由", "工作需要"],
    ]
    assert [row[0] for row in cells[13:]] == ["呈报单位", "审批机关\n意见"]


def test_a_proposed_post_the_rules_refuse_is_printed_only_with_the_recorded_override(
        zzy: Zzy, ok: Zzy, nominee: Path, tmp_path: Path) -> None:
    form = tmp_path / "a.docx"
    ok("work void 1 --reason 经历登记有误")  # T001's post #1 now fails art. 12(4) on its start
    refused = zzy(["paper", "approval", "T001", "--post", "1", "--output", str(form)])
    assert refused.exit_code == 3 and not form.exists()
    assert "任职 #1 在任职日期 2024-03-01 不符合任职条件" in refused.stderr
    assert "zzy post edit 1 --override" in refused.stderr
    ok("post edit 1 --override 党委会议特批")
    ok(["paper", "approval", "T001", "--post", "1", "--output", str(form)])
    assert ["拟任职务", "机电工程学院党总支专职组织员(副科级)"] in _cells(form)
    approved = ok(["paper", "approval", "T002", "--post", "2", "--output", str(tmp_path / "b.docx")])
    assert approved.exit_code == 0  # approved when it was made


def test_a_post_of_someone_else_is_refused(zzy: Zzy, nominee: Path, tmp_path: Path) -> None:
    result = zzy(["paper", "approval", "T001", "--post", "2", "--output", str(tmp_path / "b.docx")])
    assert result.exit_code == 3 and "任职 #2 是 李四(工号 T002)的,不是工号 T001 的。" in result.stderr
    assert not (tmp_path / "b.docx").exists()


def test_approval_refusals(zzy: Zzy, nominee: Path, tmp_path: Path) -> None:
    target = tmp_path / "a.docx"
    wrong = zzy(["paper", "approval", "T001", "--output", str(tmp_path / "a.pdf")])
    assert wrong.exit_code == 2 and "只能写成 .docx 或 .html" in wrong.stderr
    missing = zzy(["paper", "approval", "T001", "--post", "99", "--output", str(target)])
    assert missing.exit_code == 3 and "没有编号为 #99 的任职记录" in missing.stderr
    assert zzy(["paper", "approval", "T001", "--output", str(target)]).exit_code == 0
    again = zzy(["paper", "approval", "T001", "--output", str(target)])
    assert again.exit_code == 3 and "--force" in again.stderr
    assert zzy(["paper", "approval", "T001", "--output", str(target), "--force"]).exit_code == 0


def test_the_approval_form_as_a_page_keeps_every_text_as_text(ok: Zzy, nominee: Path, tmp_path: Path) -> None:
    page = tmp_path / "审批表.html"
    ok(["paper", "approval", "T001", "--post", "1", "--reason", "<script>alert(1)</script>", "--output", str(page)])
    html = page.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert "机电工程学院党总支专职组织员(副科级)" in html and "2023年度称职;2024年度优秀;2025年度称职" in html
    assert "http" not in html  # self-contained


# -- 任前公示 ---------------------------------------------------------------------------------------


def test_the_notice_names_each_nominee_and_its_five_working_days(ok: Zzy, nominee: Path, tmp_path: Path) -> None:
    import docx

    paper = tmp_path / "公示.docx"
    result = ok(["paper", "notice", "--post", "1", "--from", "2026-09-28", "--output", str(paper)])
    assert result.stdout == f"已写入任前公示(张三;公示时间为2026年9月28日至2026年10月9日): {paper}\n"
    text = [p.text for p in docx.Document(str(paper)).paragraphs]
    assert text[0] == "任前公示"
    assert "公示时间为2026年9月28日至2026年10月9日。" in text[1]
    assert text[2] == ("张三,女,傣族,1988年5月生,云南景洪人,大学本科 管理学学士,2010年7月参加工作,2015年6月入党,"
                       "现任机电工程学院党总支组织员,拟任机电工程学院党总支专职组织员(副科级)。")
    assert text[-2:] == ["学院党委", "2026年9月28日"]


def test_the_notice_names_whom_to_tell_of_a_concern(zzy: Zzy, ok: Zzy, nominee: Path, tmp_path: Path) -> None:
    import docx

    paper = tmp_path / "公示.docx"
    without = ok(["paper", "notice", "--post", "1", "--from", "2026-09-28", "--output", str(paper)])
    assert "没有设置联系人(notice_contact)、联系电话(notice_phone)" in without.stderr
    assert ok("config set notice_contact 李老师").stdout == "已设置 notice_contact(任前公示的联系人)= 李老师。\n"
    ok("config set notice_phone 0691-2123456")
    assert ok("config show --format json").json() == {"report_interval_months": 6, "remind_within_days": 60,
                                                      "notice_contact": "李老师", "notice_phone": "0691-2123456"}
    refused = zzy(["config", "set", "notice_phone", "0691\x1b[2J"])
    assert refused.exit_code == 2 and "任前公示的联系电话含有不可见的控制或格式字符" in refused.stderr
    with_contact = ok(["paper", "notice", "--post", "1", "--from", "2026-09-28", "--output", str(paper), "--force"])
    assert with_contact.stderr == ""
    concerns = [p.text for p in docx.Document(str(paper)).paragraphs][-4]
    assert concerns.endswith("联系人:李老师,联系电话:0691-2123456。")


def test_a_notice_in_a_year_the_calendar_does_not_know_needs_its_last_day(zzy: Zzy, nominee: Path,
                                                                          tmp_path: Path) -> None:
    paper = tmp_path / "公示.html"
    refused = zzy(["paper", "notice", "--post", "1", "--from", "2099-09-01", "--output", str(paper)])
    assert refused.exit_code == 3 and "--until" in refused.stderr and not paper.exists()
    given = zzy(["paper", "notice", "--post", "1", "--from", "2099-09-01", "--until", "2099-09-07",
                 "--output", str(paper)])
    assert given.exit_code == 0 and "公示时间为2099年9月1日至2099年9月7日" in paper.read_text(encoding="utf-8")


# -- real office software: LibreOffice opens and prints the .docx, Chromium the .html -----------


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.skip("LibreOffice is not installed (.ci/run installs it)")
    return found


def _pdf_of(docx_file: Path, tmp_path: Path) -> Path:
    profile = tmp_path / "lo-profile"
    done = subprocess.run([_soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
                           "pdf", "--outdir", str(tmp_path), str(docx_file)], capture_output=True, text=True,
                          timeout=180)
    assert done.returncode == 0, done.stderr
    # LibreOffice's own start-up may say it has no Java; nothing else may be said about the document.
    said = [line for line in done.stderr.splitlines() if line.strip() and "javaldx" not in line]
    assert said == [], done.stderr
    return tmp_path / (docx_file.stem + ".pdf")


def _pdf_facts(pdf: Path) -> tuple[int, str, str]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])
    size = next(line for line in info.splitlines() if line.startswith("Page size:"))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return pages, size, text


@pytest.mark.slow
@pytest.mark.sqlite_only
def test_libreoffice_prints_the_approval_form_on_two_a4_pages(ok: Zzy, nominee: Path, tmp_path: Path) -> None:
    form = tmp_path / "approval.docx"
    ok(["paper", "approval", "T001", "--post", "1", "--reason", "工作需要", "--output", str(form)])
    pages, size, text = _pdf_facts(_pdf_of(form, tmp_path))
    assert pages == 2 and "(A4)" in size
    page_one, page_two = text.split("\f")[:2]
    for words in ("干部任免审批表", "张三", "傣族", "云南景洪", "2015.06", "机电工程学院党总支专职组织员(副科级)"):
        assert words in page_one.replace(" ", ""), words
    for words in ("优秀党务工作者", "2024年度优秀", "工作需要", "审批机关\n意见"):
        assert words in page_two.replace(" ", ""), words


@pytest.mark.slow
@pytest.mark.sqlite_only
def test_libreoffice_prints_the_notice_on_one_a4_page(ok: Zzy, nominee: Path, tmp_path: Path) -> None:
    paper = tmp_path / "notice.docx"
    ok(["paper", "notice", "--post", "1", "--from", "2026-09-28", "--output", str(paper)])
    pages, size, text = _pdf_facts(_pdf_of(paper, tmp_path))
    flat = text.replace(" ", "").replace("\n", "")
    assert pages == 1 and "(A4)" in size
    assert "公示时间为2026年9月28日至2026年10月9日" in flat and "拟任机电工程学院党总支专职组织员(副科级)" in flat


@pytest.mark.slow
@pytest.mark.sqlite_only
def test_chromium_prints_the_approval_page_on_two_a4_pages(ok: Zzy, nominee: Path, tmp_path: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("Chromium is not installed (.ci/run installs it)")
    page, pdf = tmp_path / "approval.html", tmp_path / "approval.pdf"
    ok(["paper", "approval", "T001", "--post", "1", "--output", str(page)])
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", page.as_uri()], capture_output=True, timeout=120, check=True)
    pages, size, text = _pdf_facts(pdf)
    assert pages == 2 and "(A4)" in size
    assert "干部任免审批表" in text.replace(" ", "") and "审批机关" in text.split("\f")[1]


# -- every text field of the papers follows SPEC section 11, in the command and in the import ------

TEXT_FIELDS = [field for field in PERSON_FIELDS if field.kind == TEXT and not field.tabled]


@pytest.mark.parametrize("field", TEXT_FIELDS, ids=[field.key for field in TEXT_FIELDS])
def test_each_papers_text_follows_the_text_rules(zzy: Zzy, ok: Zzy, ledger: Path, tmp_path: Path,
                                                field: RecordField) -> None:
    option = "--" + field.key.replace("_", "-")
    base = ["person", "add", "T001", "张三", "--joined", "2015-06-01"]
    long = zzy([*base, option, "长" * 201])
    assert (long.exit_code, long.stderr) == (2, f"错误: {field.label}不能超过 200 个字符(现有 201 个)。\n")
    hidden = zzy([*base, option, "云\x1b[2J南"])
    assert hidden.exit_code == 2 and hidden.stderr.startswith(f"错误: {field.label}含有不可见的控制或格式字符")
    sheet = tmp_path / "人员.csv"
    sheet.write_text(f"工号,姓名,入党日期,{field.label}\nT001,张三,2015-06-01,{'长' * 201}\n", encoding="utf-8")
    imported = zzy(["import", "persons", str(sheet)])
    assert imported.exit_code == 2 and f"第2行 {field.label}: 不能超过 200 个字符(现有 201 个)" in imported.stderr
    assert ok("person list --format json").json() == []
    ok([*base, option, "\u3000" + "长" * 200 + " "])  # 200 characters once trimmed
    assert ok("person list --format json").json()[0][field.key] == "长" * 200
