"""党章第七条 and the profile: membership dates, and edits that change nothing (SPEC section 5)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Zzy, audit_count


@pytest.mark.parametrize(
    ("case", "command", "stdout"),
    [
        ("art7 in service already", "person edit T001 --in-service",
         "张三(工号 T001)的信息与登记的相同,没有修改。\n"),
        ("art7 every given value as stored", "person edit T001 --name 张三 --joined 2015-06-01 --full 2016-06-01",
         "张三(工号 T001)的信息与登记的相同,没有修改。\n"),
        ("art7 not in service already", "person edit T003 --not-in-service",
         "王五(工号 T003)的信息与登记的相同,没有修改。\n"),
        ("org name as stored", "org rename jd 机电工程学院党总支", "党组织 jd 的名称已是「机电工程学院党总支」,没有修改。\n"),
    ],
)
def test_an_edit_that_changes_nothing_says_so_and_writes_nothing(ok: Zzy, zzy: Zzy, college: Path, case: str,
                                                                 command: str, stdout: str) -> None:
    before = audit_count(zzy)
    result = ok(command)
    assert (result.stdout, result.stderr) == (stdout, ""), case
    assert audit_count(zzy) == before


def test_a_config_value_set_again_writes_nothing(ok: Zzy, zzy: Zzy, college: Path) -> None:
    ok("config set report_interval_months 3")
    before = audit_count(zzy)
    assert ok("config set report_interval_months 3").stdout == "report_interval_months(工作汇报间隔(月))已是 3,没有修改。\n"
    assert audit_count(zzy) == before


def test_an_edit_that_changes_something_is_audited(ok: Zzy, zzy: Zzy, college: Path) -> None:
    before = audit_count(zzy)
    assert ok("person edit T001 --not-in-service --on 2025-09-01").stdout == (
        "已修改 张三(工号 T001): 在职教职工: 是 → 否; 离岗日期: (空) → 2025-09-01。\n")
    assert audit_count(zzy) == before + 1


def test_an_edit_with_no_options_is_a_usage_error(zzy: Zzy, college: Path) -> None:
    result = zzy("person edit T001")
    assert result.exit_code == 2 and "没有要修改的内容" in result.stderr


def test_art7_both_dates_wrong_are_both_told(zzy: Zzy, college: Path) -> None:
    """A joining after today and a full membership before a year's probation: one refusal names both."""
    refused = zzy("person edit T001 --joined 2199-01-01 --full 2198-01-01")
    assert refused.exit_code == 3
    assert "入党日期 2199-01-01 晚于今天" in refused.stderr and "转正日期 2198-01-01 早于入党满一年之日" in refused.stderr
