"""Issue 23: the checks once made only by the write commands are rules, so that a ledger holding such a record
(old data, a hand edit) is reported by ``doctor``, and its export is refused by ``restore``: the two agree."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from conftest import Zzy

#: Each inconsistency a write refuses, as a hand edit puts it into the file: what doctor names it.
FORCED = {
    "prior rank without a promotion": ("UPDATE appointment SET prior_rank = 'none' WHERE id = 1", "试任前职级"),
    "leave reason without an end date": ("UPDATE appointment SET end_reason = '调动' WHERE id = 1", "离任原因"),
    "target result without its date": ("UPDATE target SET result = 'met', assessed_on = NULL", "目标考核结果"),
    "target date without its result": ("UPDATE target SET assessed_on = '2025-06-01'", "目标考核结果"),
    "trial date without its result": ("UPDATE appointment SET trial_decided_on = '2025-06-01' WHERE id = 2",
                                      "试用期考核结果"),
    "work span ending before it began": ("UPDATE work_span SET start = '2021-01-01' WHERE id = 1", "党务工作经历日期"),
    "résumé period ending before it began": ("UPDATE resume SET start = '2013-01-01' WHERE id = 1",
                                             "简历的截止日期 2012-06-30 早于起始日期 2013-01-01"),
    "résumé period not begun yet": ("UPDATE resume SET start = '2199-01-01', \"end\" = NULL WHERE id = 1",
                                    "简历的起始日期 2199-01-01 晚于今天"),
}


@pytest.fixture
def sound(ok: Zzy, ledger: Path) -> Path:
    """A ledger every command wrote: a regular post (#1), a promoted one (#2), a target, a party-work span."""
    ok("org add jd 机电工程学院党总支")
    ok("org add xx 信息工程学院党总支")
    ok("person add T001 张三 --joined 2010-06-01 --full 2011-06-01")
    ok("person add T002 李四 --joined 2010-06-01 --full 2011-06-01")
    ok("work add T001 --from 2012-09-01 --to 2020-08-31")
    ok("work add T002 --from 2012-09-01 --to 2020-08-31")
    ok("appoint T001 jd --kind full --rank none --on 2021-01-01")
    ok("appoint T002 xx --kind full --rank section --on 2024-03-01 --promoted --prior-rank deputy-section")
    ok("target add T001 --title 发展党员 --due 2025-12-31")
    ok("resume add T001 --from 2008-09-01 --to 2012-06-30 --text 云南大学学习")
    return ledger


def _restores(zzy: Zzy, tmp_path: Path) -> tuple[int, str]:
    dump, copy = tmp_path / "export.json", tmp_path / "copy.db"
    assert zzy(["export", str(dump)]).exit_code == 0
    assert zzy(["--db", str(copy), "init"]).exit_code == 0
    restored = zzy(["--db", str(copy), "restore", str(dump)])
    return restored.exit_code, restored.stderr


def test_a_ledger_doctor_passes_restores(zzy: Zzy, sound: Path, tmp_path: Path) -> None:
    assert zzy("doctor").exit_code == 0
    assert _restores(zzy, tmp_path)[0] == 0


@pytest.mark.sqlite_only
@pytest.mark.parametrize("case", list(FORCED))
def test_doctor_and_restore_agree_on_what_only_a_write_refused(zzy: Zzy, sound: Path, tmp_path: Path,
                                                               case: str) -> None:
    statement, named = FORCED[case]
    with sqlite3.connect(sound) as connection:
        connection.execute(statement)
    doctor = zzy("doctor")
    assert doctor.exit_code == 1, doctor
    assert named in doctor.stdout
    code, said = _restores(zzy, tmp_path)
    assert code == 3 and said.startswith("错误: "), said


def test_an_import_is_refused_what_doctor_would_report(zzy: Zzy, sound: Path, tmp_path: Path) -> None:
    """The import is a write: a post with a 离任原因 and no 离任日期 is refused, the ledger left as it was."""
    posts = tmp_path / "posts.csv"
    posts.write_text("工号,党组织,类别,职级,任职日期,离任日期,离任原因\nT001,xx,兼职,无,2024-03-01,,调动\n",
                     encoding="utf-8")
    result = zzy(["import", "appointments", str(posts)])
    assert result.exit_code == 3 and "没有离任日期,不能填写离任原因" in result.stderr, result
    assert len(zzy("post list --format json").json()) == 2
    assert zzy("doctor").exit_code == 0
