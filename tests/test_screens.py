"""SPEC 9, screens that fit: ``remind``, ``roster`` and the lists first show a compact table of their
essential columns (``remind``'s message on the line below each row), so that a college of twenty
organizers fits one 80-column screen; ``--wide`` shows every column; CSV and JSON keep every key.
Piped into ``less``, the output is as wide as the terminal the command was typed in."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

from conftest import Zzy
from test_layout import AS_OF, sample  # noqa: F401  (the demo college, a fixture)

#: Eight more organizers, as a clerk's sheet: part-time posts beside the demo's twelve.
MORE_PEOPLE = "\n".join(["staff_no,name,joined,full"] + [
    f"Y{n:03d},新组织员{n},2010-0{n}-01,2011-0{n}-01" for n in range(1, 9)])
MORE_POSTS = "\n".join(["staff_no,org,kind,rank,start"] + [
    f"Y{n:03d},{org},part,none,2024-0{n}-01"
    for n, org in zip(range(1, 9), ["jd", "jd", "xx", "xx", "jj", "jj", "yx", "yx"], strict=True)])


@pytest.fixture
def twenty(ok: Zzy, sample: Path, tmp_path: Path) -> Path:  # noqa: F811
    """The demo college with twenty posts in 2026: the demo's twelve and eight part-time ones."""
    for kind, text in (("persons", MORE_PEOPLE), ("appointments", MORE_POSTS)):
        sheet = tmp_path / f"{kind}.csv"
        sheet.write_text(text + "\n", encoding="utf-8")
        ok(["import", kind, str(sheet)])
    return sample


def widest(text: str) -> int:
    return max(cell_len(line) for line in text.splitlines())


def test_twenty_organizers_fit_one_80_column_screen(ok: Zzy, twenty: Path) -> None:
    rows = ok("roster --year 2026 --format json").json()["rows"]
    assert len(rows) == 20
    shown = ok("roster --year 2026", env={"COLUMNS": "80"}).stdout
    lines = shown.splitlines()
    assert widest(shown) <= 80
    assert len(lines) == 1 + 2 + 20  # the title, the headers and their rule, one line an organizer
    assert lines[1].split() == ["姓名", "党组织", "类别·职级", "任职日期", "试用期满", "满8年"]
    for row, line in zip(rows, lines[3:], strict=True):
        assert line.startswith(row["name"]) and row["start"] in line
        assert (row["rotation_on"] or "") in line and (row["trial_end"] or "") in line
    wide = ok("roster --year 2026 --wide", env={"COLUMNS": "80"}).stdout
    assert len(wide.splitlines()) > 5 * len(lines)  # every column: a block per row at 80 columns


def test_the_reminders_show_who_what_and_when_with_the_message_below(ok: Zzy, twenty: Path) -> None:
    findings = ok(f"remind --as-of {AS_OF} --format json").json()["findings"]
    shown = ok(f"remind --as-of {AS_OF}", env={"COLUMNS": "80"}).stdout
    wide = ok(f"remind --as-of {AS_OF} --wide", env={"COLUMNS": "80"}).stdout
    assert widest(shown) <= 80
    assert len(shown.splitlines()) <= 3 + 3 * len(findings) < len(wide.splitlines()) / 2
    rows = [line for line in shown.splitlines()[3:] if not line.startswith("    ")]
    assert len(rows) == len(findings)
    text = "".join(line.strip() for line in shown.splitlines())
    for finding, row in zip(findings, rows, strict=True):
        assert finding["message"] in text  # the message whole, on the lines below its row
        assert row.split()[0] == {"overdue": "逾期", "due": "到期", "info": "提示"}[finding["severity"]]
        assert finding["due"] is None or finding["due"] in row


def test_the_compact_reminder_list_reads_as_a_table(ok: Zzy, college: Path) -> None:
    ok("appoint T001 jd --kind full --rank none --on 2024-01-01")
    assert ok("remind --as-of 2025-01-01", env={"COLUMNS": "80"}).stdout == (
        "截至 2025-01-01 的提醒(提前 60 天): 共4项,逾期3项,到期0项,提示1项。\n"
        "紧急程度  事项            姓名  党组织              期限        剩余天数\n"
        "────────────────────────────────────────────────────────────────────────\n"
        "逾期      工作汇报逾期    张三                      2024-07-01      -184\n"
        "    张三(T001)的工作汇报已于2024-07-01到期(已逾期184天),每6个月至少汇报一次,请督\n"
        "    促汇报并用 zzy report add 登记(第十五条)\n"
        "逾期      专职组织员空缺        学院党委\n"
        "    学院党委没有在任的专职组织员(第十条: 设副科级组织员1名)\n"
        "逾期      专职组织员空缺        信息工程学院党总支\n"
        "    信息工程学院党总支没有在任的专职组织员(第十条: 每个基层党组织设置专职组织员1\n"
        "    名)\n"
        "提示      年度培训未举办        学院党委            2025-12-31       364\n"
        "    学院党委2025年尚未举办针对组织员的业务培训或工作交流,应于2025-12-31前至少举\n"
        "    办一次(还有364天)(第十八条)\n"
    )


def test_csv_and_json_keep_every_key(ok: Zzy, twenty: Path) -> None:
    from zzy.reports import FINDING_KEYS, ROSTER_KEYS

    assert ok("roster --year 2026 --format csv").stdout.splitlines()[0] == ",".join(ROSTER_KEYS)
    assert list(ok("roster --year 2026 --format json").json()["rows"][0]) == list(ROSTER_KEYS)
    assert ok(f"remind --as-of {AS_OF} --format csv").stdout.splitlines()[0] == ",".join(FINDING_KEYS)


@pytest.mark.sqlite_only
def test_piped_into_less_the_output_is_as_wide_as_the_terminal(twenty: Path) -> None:
    """``zzy roster | less`` in an 80-column terminal: stdout is a pipe, the terminal is stderr's."""
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    inherited = {key: value for key, value in os.environ.items() if key != "COLUMNS"}
    try:
        piped = subprocess.run([sys.executable, "-m", "zzy", "remind", "--as-of", AS_OF, "--wide"],
                               stdin=follower, stdout=subprocess.PIPE, stderr=follower, env=inherited,
                               timeout=60, check=True).stdout.decode()
    finally:
        os.close(follower)
        os.close(leader)
    assert widest(piped) <= 80 and "说明:\n" in piped  # blocks, as at 80 columns …
    alone = subprocess.run([sys.executable, "-m", "zzy", "remind", "--as-of", AS_OF, "--wide"],
                           stdin=subprocess.DEVNULL, capture_output=True, env=inherited,
                           timeout=60, check=True, start_new_session=True).stdout.decode()
    assert 80 < widest(alone) <= 100  # … and 100 wide with no terminal at all (cron)


def test_the_log_fits_80_columns_one_line_an_entry_with_its_changes_below(ok: Zzy, twenty: Path) -> None:
    """The demo's log was 990 lines of blocks at 80 columns: the changes now go on the lines below each
    entry, as the reminders' messages do, so a long record (a setting's key) or 撤销操作 still fits."""
    from zzy import dates

    ok("work add Y001 --from 2009-09-01 --to 2012-08-31 --note 学生党支部组织委员")
    ok("config set remind_within_days.trial_due 90")
    ok("undo --yes")
    entries = ok("log --format json").json()
    shown = ok("log", env={"COLUMNS": "80"}).stdout
    wide = ok("log --wide", env={"COLUMNS": "80"}).stdout
    lines = shown.splitlines()
    assert widest(shown) <= 80
    assert lines[0].split() == ["序号", "时间", "操作", "记录"]
    rows = [line for line in lines[2:] if not line.startswith("    ")]
    assert [int(row.split()[0]) for row in rows] == [entry["id"] for entry in entries]
    for entry, row in zip(entries, rows, strict=True):
        shown_at = dates.local_time(entry["at"])  # the clerk's clock with its offset, to the minute
        assert f"{shown_at[:16]}{shown_at[19:]}" in row
    assert len(lines) < len(wide.splitlines()) / 3
    undone = ok("log --limit 1 --format json").json()[0]
    assert undone["action"] == "undo"
    top = lines[2:lines.index(rows[1])]
    assert re.search(r"  撤销操作 +设置 remind_within_days\.trial_due$", top[0]), top[0]
    assert "".join(line.strip() for line in top[1:]).startswith(f"撤销写入 #{undone['undoes']}: ")


def test_a_training_hosted_by_a_long_named_committee_stays_one_line_at_80_columns(ok: Zzy, college: Path) -> None:
    """person show's 参加培训 and the summary's trainings were blocks for one training: the committee's full
    name beside the title did not fit. The compact form names the host by its code, as training list does."""
    ok("org rename dw 西双版纳职业技术学院党委")
    ok("training add --on 2026-11-28 --title 2026年组织员业务培训")
    ok("training attend 1 T001")
    for command, section in (("person show T001 --as-of 2026-12-05", "参加培训"),
                             ("summary --year 2026 --as-of 2026-12-05", "培训与工作交流")):
        shown = ok(command, env={"COLUMNS": "80"}).stdout
        assert widest(shown) <= 80
        lines = shown.splitlines()
        heading = lines.index(section)
        assert lines[heading + 1].split()[:4] == ["编号", "日期", "名称", "类型"]
        assert lines[heading + 3].split()[:5] == ["1", "2026-11-28", "2026年组织员业务培训", "业务培训", "dw"]
        assert "西双版纳职业技术学院党委" in ok(f"{command} --wide", env={"COLUMNS": "80"}).stdout


def test_one_long_org_name_wraps_in_its_cell_and_the_org_list_stays_a_table(ok: Zzy, college: Path) -> None:
    """A 23-character name (马克思主义学院暨…直属党支部) turned the whole org list into blocks at 80 columns."""
    long_name = "马克思主义学院暨思想政治理论课教学部直属党支部"
    ok(["org", "add", "mks", long_name])
    orgs = ok("org list --format json").json()
    shown = ok("org list", env={"COLUMNS": "80"}).stdout
    assert widest(shown) <= 80
    lines = shown.splitlines()
    assert lines[1].split("┃")[1:-1] and [cell.strip() for cell in lines[1].split("┃")[1:-1]] == [
        "代码", "名称", "类型", "撤销日期"]
    codes = [line.split("│")[1].strip() for line in lines[3:-1]]
    assert [code for code in codes if code] == [org["code"] for org in orgs]
    assert long_name in "".join(line.split("│")[2].strip() for line in lines[3:-1])


@pytest.mark.sqlite_only
@pytest.mark.parametrize("group", ["commend", "assess", "target", "training", "report", "post", "work", "person",
                                   "org", "paper", "profile", "config"])
def test_a_groups_help_lists_each_command_with_its_example_whole_at_80_columns(ok: Zzy, group: str) -> None:
    """``zzy commend --help`` cut the example a clerk reads it for: ``例: zzy commend T001 --on 2026-07-01
    --title...``. Each command's first paragraph is now there whole, wrapped to the screen."""
    from typer.main import get_command

    from zzy.cli import app

    shown = ok([group, "--help"], env={"COLUMNS": "80"}).stdout
    assert widest(shown) <= 80
    listing = "".join(shown[shown.index("命令:"):].split())  # a Chinese line breaks with no space
    assert "..." not in listing
    click_group = get_command(app).get_command(None, group)  # type: ignore[attr-defined]
    for name, command in click_group.commands.items():
        first = "".join((command.help or "").split("\n\n")[0].split())
        assert f"{name}{first}" in listing, (name, first)


def test_check_at_80_columns_gives_each_criterion_one_line_and_its_reason_below(ok: Zzy, zzy: Zzy,
                                                                               college: Path) -> None:
    """check's 说明 got 24 cells beside 条件, 条款, 结果 and 满足日期: four lines a criterion. The compact form
    is one line a criterion with the whole reason below it; the review items drop the column that says
    由组织部审核 on every row (the title says it); ``--wide`` shows the boxed tables as before."""
    result = zzy("check T001 --kind full --rank section --as-of 2026-12-05", env={"COLUMNS": "80"})
    document = zzy("check T001 --kind full --rank section --as-of 2026-12-05 --format json").json()
    assert result.exit_code == 0
    shown = result.stdout
    lines = shown.splitlines()
    assert widest(shown) <= 80
    header = next(n for n, line in enumerate(lines) if line.split()[:2] == ["条件", "条款"])
    assert lines[header].split() == ["条件", "条款", "结果", "满足日期"]
    criteria = [line for line in lines[header + 2:] if not line.startswith("    ")][:len(document["criteria"])]
    text = "".join(line.strip() for line in lines)
    for criterion, line in zip(document["criteria"], criteria, strict=True):
        assert line.split()[2:] == ["符合", *([criterion["met_on"]] if criterion["met_on"] else [])]
        assert "".join(criterion["detail"].split()) in text
    review = lines[lines.index("以下条件无法由台账计算,须由组织部审核:") + 1]
    assert review.split() == ["条款", "内容"] and not any(line.endswith("由组织部审核") for line in lines)
    assert len(lines) <= 24  # one screen
    wide = ok("check T001 --kind full --rank section --as-of 2026-12-05 --wide", env={"COLUMNS": "80"}).stdout
    assert "┃ 说明" in wide and "│ 由组织部审核 │" in wide


def test_the_longest_action_beside_the_longest_record_still_fits_80_columns() -> None:
    """未如实登记的改动 (a server's entry of an unannounced change) in the same log as a setting's key: the
    record wraps between its words, the key whole, rather than the whole log turning to blocks."""
    from zzy import layout, views
    from zzy.report_types import Section

    rows = [views.LogRow(1200, "2026-12-05T10:03:05+00:00", "", "", "untold", "work", "T001", None, None, None,
                         None, "T001 #1200", "党务工作经历 T001 #1200", "工号=T001"),
            views.LogRow(1201, "2026-12-05T10:04:05+00:00", "", "", "undo", "config", "remind_within_days.trial_due",
                         None, None, 8, 7, "remind_within_days.trial_due", "设置 remind_within_days.trial_due",
                         "撤销写入 #7: 值=90")]
    lines = layout.compact(Section(views.LOG_TABLE_COLUMNS, rows, compact=views.LOG_COMPACT, below="changes"), 80)
    assert lines is not None
    text = ["".join(piece for piece, _ in line) for line in lines]
    assert widest("\n".join(text)) <= 80
    assert any(line.endswith("remind_within_days.trial_due") for line in text)
    assert any("未如实登记的改动" in line for line in text)
