"""SPEC 9, tables that fit: no line wider than the screen, dates and codes never broken, a block
per row when the columns cannot fit; and the table form in Chinese throughout.

Widths are counted as a terminal draws them (a Chinese character is two cells), by Rich's own
``cell_len``, on the real Rich console the commands print through; once in a real
pseudo-terminal whose window size is set with ``TIOCSWINSZ``.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from rich.cells import cell_len

from conftest import Zzy
from zzy.layout import wrap

AS_OF = "2026-11-26"
TODAY = date(2026, 11, 26)
LONG_ORG = "一个名称相当长的党组织用来检验表格在终端里的排版效果"

#: Every report of the table form, each with the options that make its output not depend on today.
REPORTS = {
    "remind": f"remind --as-of {AS_OF}",
    "roster": "roster --year 2026",
    "summary": "summary --year 2026",
    "check": f"check Z006 --as-of {AS_OF}",
    "person show": f"person show Z002 --as-of {AS_OF}",
    "org list": "org list",
    "person list": "person list",
    "training list": "training list",
    "report list": "report list",
    "target list": "target list",
    "log": "log",
    "log --verify": "log --verify",
    "doctor": "doctor",
}

#: The reports whose table form first shows a compact table of their essential columns.
COMPACT = {"remind", "roster", "person show", "training list", "target list", "log", "summary", "check"}

ISO_DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
STAFF_NO = re.compile(r"\bZ\d{3}\b")


@pytest.fixture
def sample(ok: Zzy, ledger: Path) -> Path:
    """The demo college (every kind of finding, an override, long messages) dated 2026-11-26,
    plus an org with a long name and a person who left after a failed trial."""
    from zzy import demo
    from zzy.db import Invocation, Ledger
    from zzy.store import Store

    opened = Ledger.open(os.environ["ZZY_DB"])
    try:
        opened.write(Invocation.current(["zzy", "demo"]), lambda session: demo.build(Store(session), today=TODAY))
    finally:
        opened.dispose()
    ok(["org", "add", "cs", LONG_ORG])
    return ledger


def widest(text: str) -> int:
    return max((cell_len(line) for line in text.splitlines()), default=0)


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("name", list(REPORTS))
def test_every_report_fits_the_width_and_keeps_dates_and_staff_numbers_whole(
        zzy: Zzy, sample: Path, name: str, width: int) -> None:
    command = REPORTS[name]
    if name in COMPACT:  # its compact form fits too; every date and 工号 is in the wide one
        compact = zzy(command, env={"COLUMNS": str(width)})
        assert compact.stdout.strip() and widest(compact.stdout) <= width, compact.stdout
        command += " --wide"
    table = zzy(command, env={"COLUMNS": str(width)})
    assert table.exit_code in (0, 1), table
    assert table.stdout.strip()
    assert widest(table.stdout) <= width, table.stdout
    document = zzy(f"{command} --format json").stdout
    if name == "person list":  # its table leaves the papers' fields to the CSV, JSON and person show
        from conftest import PAPER_KEYS

        document = json.dumps([{k: v for k, v in row.items() if k not in PAPER_KEYS} for row in json.loads(document)])
    if not name.startswith("log"):  # the log's times are shown in local time, so its days may differ from UTC
        assert set(ISO_DAY.findall(document)) <= set(ISO_DAY.findall(table.stdout))
    assert set(STAFF_NO.findall(document)) <= set(STAFF_NO.findall(table.stdout))


def test_output_that_is_not_a_terminal_is_100_columns_wide_without_columns(zzy: Zzy, sample: Path) -> None:
    wide = zzy(f"remind --as-of {AS_OF}", env={"COLUMNS": "400"}).stdout
    plain = zzy(f"remind --as-of {AS_OF}").stdout
    assert widest(wide) > 100
    assert 90 < widest(plain) <= 100


def test_a_table_that_fits_keeps_its_columns_whole_and_wraps_only_the_long_text(ok: Zzy, college: Path) -> None:
    ok("work add T002 --from 2019-09-01 --to 2021-08-31 --note 担任机关第一党支部书记兼任学院团委副书记负责学生党员发展工作")
    shown = ok("person show T002 --as-of 2026-11-26", env={"COLUMNS": "60"}).stdout
    assert shown[shown.index("党务工作经历"):shown.index("工作汇报")] == (
        "党务工作经历\n"
        "┏━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━┓\n"
        "┃ 编号 ┃ 起始日期   ┃ 截止日期   ┃ 说明                    ┃\n"
        "┡━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━┩\n"
        "│    2 │ 2019-09-01 │ 2021-08-31 │ 担任机关第一党支部书记  │\n"
        "│      │            │            │ 兼任学院团委副书记负责  │\n"
        "│      │            │            │ 学生党员发展工作        │\n"
        "└──────┴────────────┴────────────┴─────────────────────────┘\n"
    )


def test_a_report_whose_columns_cannot_fit_becomes_one_block_per_row(ok: Zzy, college: Path) -> None:
    ok("appoint T001 jd --kind full --rank none --on 2024-01-01")
    shown = ok("remind --as-of 2025-01-01 --wide", env={"COLUMNS": "80"}).stdout
    assert shown == (
        "截至 2025-01-01 的提醒(提前 60 天): 共4项,逾期3项,到期0项,提示1项。\n"
        "\n"
        "紧急程度: 逾期\n"
        "条款:     第十五条\n"
        "事项:     工作汇报逾期\n"
        "工号:     T001\n"
        "姓名:     张三\n"
        "期限:     2024-07-01\n"
        "剩余天数: -184\n"
        "说明:\n"
        "  张三(T001)的工作汇报已于2024-07-01到期(已逾期184天),每6个月至少汇报一次,请督促\n"
        "  汇报并用 zzy report add 登记(第十五条)\n"
        "\n"
        "紧急程度: 逾期\n"
        "条款:     第十条\n"
        "事项:     专职组织员空缺\n"
        "党组织:   学院党委\n"
        "说明:\n"
        "  学院党委没有在任的专职组织员(第十条: 设副科级组织员1名)\n"
        "\n"
        "紧急程度: 逾期\n"
        "条款:     第十条\n"
        "事项:     专职组织员空缺\n"
        "党组织:   信息工程学院党总支\n"
        "说明:\n"
        "  信息工程学院党总支没有在任的专职组织员(第十条: 每个基层党组织设置专职组织员1\n"
        "  名)\n"
        "\n"
        "紧急程度: 提示\n"
        "条款:     第十八条\n"
        "事项:     年度培训未举办\n"
        "党组织:   学院党委\n"
        "期限:     2025-12-31\n"
        "剩余天数: 364\n"
        "说明:\n"
        "  学院党委2025年尚未举办针对组织员的业务培训或工作交流,应于2025-12-31前至少举办\n"
        "  一次(还有364天)(第十八条)\n"
    )
    assert ok("remind --as-of 2025-01-01 --wide", env={"COLUMNS": "200"}).stdout.splitlines()[1].startswith("┏")


@pytest.mark.parametrize(("text", "width", "lines"), [
    ("王建国(Z003)的试用期已于2026-11-05期满", 20, ["王建国(Z003)的试用期", "已于2026-11-05期满"]),
    ("zzy --db /tmp/ledger.db demo", 12, ["zzy --db", "/tmp/ledger.", "db demo"]),
    ("应配备1名,请尽快配备。", 10, ["应配备1名,", "请尽快配", "备。"]),
    ("试用期已于2026-11-05期满", 16, ["试用期已于", "2026-11-05期满"]),
    ("", 10, [""]),
], ids=["a date stays whole", "a date moves to the next line whole", "a word longer than a line is folded", "punctuation never starts a line", "empty"])
def test_long_text_breaks_between_words_never_inside_a_date(text: str, width: int, lines: list[str]) -> None:
    assert wrap(text, width) == lines
    assert all(cell_len(line) <= width for line in lines)


# -- a real terminal ---------------------------------------------------------------------------

def run_in_terminal(args: list[str], *, columns: int, colour: bool = False, **env: str) -> str:
    """Run ``python -m zzy ARGS`` in a pseudo-terminal ``columns`` wide; what it drew (without
    its colour codes unless ``colour``)."""
    import fcntl
    import pty
    import struct
    import subprocess
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    inherited = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "LINES", "NO_COLOR")}
    child = subprocess.Popen([sys.executable, "-m", "zzy", *args], stdin=follower, stdout=follower,
                             stderr=follower, env={**inherited, **env}, close_fds=True)
    os.close(follower)
    received = b""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal is closed once the child has gone
            break
        if not chunk:
            break
        received += chunk
    child.wait(timeout=60)
    os.close(leader)
    text = received.decode("utf-8").replace("\r\n", "\n")
    if colour:
        return text
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)


@pytest.mark.sqlite_only
def test_in_a_real_terminal_the_report_is_as_wide_as_the_window(zzy: Zzy, sample: Path) -> None:
    assert json.loads(zzy(f"remind --as-of {AS_OF} --format json").stdout)["findings"]
    narrow = run_in_terminal(["remind", "--as-of", AS_OF, "--wide"], columns=80)
    wide = run_in_terminal(["remind", "--as-of", AS_OF, "--wide"], columns=220)
    assert widest(narrow) <= 80 and "说明:\n" in narrow  # blocks
    assert 120 < widest(wide) <= 220 and "┃ 说明" in wide  # a table
    compact = run_in_terminal(["remind", "--as-of", AS_OF], columns=80)
    assert widest(compact) <= 80 and compact.splitlines()[1].split() == ["紧急程度", "事项", "姓名", "党组织", "期限", "剩余天数"]


# -- Chinese throughout the table form; JSON keeps the English keys -----------------------------

def test_leave_reasons_read_in_chinese_and_stay_keys_in_json(ok: Zzy, college: Path) -> None:
    ok("appoint T001 jd --kind full --rank section --on 2024-02-29 --promoted --prior-rank deputy-section")
    ok("trial T001 --result fail --on 2025-03-03")
    ok("appoint T003 xx --kind full --rank none --on 2017-03-01")
    ok("rotate T003 jd --on 2025-03-01")
    wide = {"COLUMNS": "250"}
    assert "│ 试用期考核不胜任 │" in ok("person show T001 --wide", env=wide).stdout
    assert "│ 交流轮岗 │" in ok("person show T003 --wide", env=wide).stdout
    assert ok("person show T001 --format json").json()["posts"][0]["end_reason"] == "trial_failed"
    assert ok("person show T003 --format json").json()["posts"][0]["end_reason"] == "rotation"


def test_log_shows_actions_objects_and_local_times_in_chinese(ok: Zzy, college: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        entry = ok("log --limit 1 --format json").json()[0]
        shown = ok("log --limit 1 --wide", env={"COLUMNS": "250"}).stdout
    finally:
        monkeypatch.undo()
        time.tzset()
    assert (entry["action"], entry["entity"]) == ("add", "work")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00", entry["at"])
    from datetime import datetime, timedelta, timezone

    local = datetime.fromisoformat(entry["at"]).astimezone(timezone(timedelta(hours=8)))
    row = shown.splitlines()[3]
    assert f"│ {local.isoformat(sep=' ')} │" in row
    assert "│ 登记 │ 党务工作经历 │ T001 #1 │" in row
    assert "┃ 时间 " in shown.splitlines()[1]


def test_doctor_names_its_checks_in_chinese(ok: Zzy, zzy: Zzy, college: Path) -> None:
    ok('appoint T002 jd --kind full --rank section --on 2024-03-01 --override "党委会议决定"')
    shown = zzy("doctor", env={"COLUMNS": "250"})
    assert shown.exit_code == 0  # a special approval is an accepted exception
    assert "│ 特批任职 │ 第十二条 │ T002" in shown.stdout
    assert zzy("doctor --format json").json()["accepted"][0]["check"] == "override"


def test_check_numbers_the_review_items_as_the_regulation_does(ok: Zzy, college: Path) -> None:
    shown = ok("check T001 --kind full --rank none --as-of 2026-11-26 --wide", env={"COLUMNS": "250"}).stdout
    assert shown.splitlines()[0] == ("张三(工号 T001)任专职组织员的条件,截至 2026-11-26: "
                                     "符合第十一条、第十二条第(四)项的可计算条件。")
    clauses = re.findall(r"│ (第十二条第\(.\)项) │", shown)
    assert clauses == ["第十二条第(四)项", "第十二条第(一)项", "第十二条第(二)项", "第十二条第(三)项", "第十二条第(五)项"]
    assert "专职组织员(无)" not in ok("appoint T001 jd --kind full --rank none --on 2024-03-01").stdout


def test_help_shows_option_defaults_by_their_chinese_label(ok: Zzy) -> None:
    assert "[默认:" in ok("training add --help").stdout
    assert re.search(r"\[默认:\s+业务培训\]", ok("training add --help").stdout)
    assert re.search(r"\[默认:\s+基层党组织\]", ok("org add --help").stdout)
    assert "default" not in ok("org add --help").stdout + ok("training add --help").stdout


def test_log_says_what_changed_with_chinese_field_names_and_labels(ok: Zzy, college: Path) -> None:
    ok("person edit T001 --not-in-service --on 2025-09-01")
    ok("appoint T003 jd --kind part --rank none --on 2024-03-01")
    entries = ok("log --limit 2 --format json").json()
    assert entries[1]["after"]["in_service"] is False and entries[0]["after"]["kind"] == "part"
    shown = ok("log --limit 2 --wide", env={"COLUMNS": "80"}).stdout
    assert "改动:\n  类别=兼职, 党组织=jd, 新提拔=否, 职级=无, 工号=T003, 任职日期=2024-03-01\n" in shown
    assert "改动:\n  在职教职工: 是 → 否; 离岗日期: (空) → 2025-09-01\n" in shown
    assert "person_id" not in shown and "org_id" not in shown


def test_blocks_are_set_apart_from_the_next_section(ok: Zzy, college: Path) -> None:
    ok("appoint T001 jd --kind full --rank section --on 2024-02-29 --promoted --prior-rank deputy-section")
    shown = ok("person show T001 --as-of 2024-06-01 --wide", env={"COLUMNS": "80"}).stdout
    assert shown[shown.index("任职\n"):shown.index("┏", shown.index("党务工作经历"))] == (
        "任职\n"
        "\n"
        "编号:       1\n"
        "党组织:     jd\n"
        "名称:       机电工程学院党总支\n"
        "类别:       专职\n"
        "职级:       正科级\n"
        "任职日期:   2024-02-29\n"
        "新提拔:     是\n"
        "试任前职级: 副科级\n"
        "\n"
        "党务工作经历\n"
    )


@pytest.mark.sqlite_only
def test_colour_only_on_a_terminal_and_never_with_no_color(zzy: Zzy, sample: Path) -> None:
    command = ["remind", "--as-of", AS_OF]
    colour = re.compile(r"\x1b\[(?:[0-9]+;)*(?:3[0-9]|9[0-7])(?:;[0-9]+)*m")  # a foreground colour
    assert colour.search(run_in_terminal(command, columns=220, colour=True))
    assert not colour.search(run_in_terminal(command, columns=220, colour=True, NO_COLOR="1"))  # bold at most
    assert "\x1b[" not in zzy(command, env={"NO_COLOR": ""}).stdout  # not a terminal: no codes at all
