"""Issue 23: every rule of a record has one home (``rules.problems``), so that a ledger holding a record that breaks
one (old data, a hand edit) is reported by ``doctor``, its export is refused by ``restore``, and both say it in the
sentence the write command refuses it with.

Each case puts one inconsistency into a sound ledger with SQL (as a hand edit or old data would), then: doctor
reports it, restore refuses the export naming every problem doctor named in the same words, and, where a write
would make the same record, the write is refused in that sentence too."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import NamedTuple

import pytest

from conftest import Zzy

TODAY = "2026-11-26"


class Case(NamedTuple):
    #: The hand edit.
    statement: str
    #: What doctor's message says of it.
    named: str
    #: A command the write road refuses with the very sentence doctor says (none where no write can try).
    write: str | None = None


#: Each inconsistency a write refuses, as a hand edit puts it into the file, for each record kind with rules.
FORCED = {
    # 任职: its fields that go together, and a result not yet given
    "prior rank without a promotion": Case("UPDATE appointment SET prior_rank = 'none' WHERE id = 1", "试任前职级只用于新提拔的任职"),
    "leave reason without an end date": Case("UPDATE appointment SET end_reason = '调动' WHERE id = 1",
                                             "没有离任日期,不能填写离任原因"),
    "trial date without its result": Case("UPDATE appointment SET trial_decided_on = '2025-06-01' WHERE id = 2",
                                          "有考核日期却没有试用期考核结果"),
    "trial decided after today": Case("UPDATE appointment SET trial_result = 'pass', trial_decided_on = '2199-01-01' "
                                      "WHERE id = 2", "试用期考核日期 2199-01-01 晚于今天 2026-11-26",
                                      "trial T002 --result pass --on 2199-01-01"),
    # 目标
    "target result without its date": Case("UPDATE target SET result = 'met', assessed_on = NULL", "考核结果与考核日期须同时填写",
                                           "target edit 1 --result met"),
    "target date without its result": Case("UPDATE target SET assessed_on = '2025-06-01'", "考核结果与考核日期须同时填写",
                                           "target edit 1 --on 2025-06-01"),
    "target assessed after today": Case("UPDATE target SET result = 'met', assessed_on = '2199-01-01'",
                                        "目标 #1 的考核日期 2199-01-01 晚于今天 2026-11-26", "target assess 1 --result met --on 2199-01-01"),
    # 党务工作经历 and 简历: the order of their dates, begun by today
    "work span ending before it began": Case("UPDATE work_span SET start = '2021-01-01' WHERE id = 1",
                                             "党务工作经历的截止日期 2020-08-31 早于起始日期 2021-01-01",
                                             "work edit 1 --from 2021-01-01"),
    "résumé period ending before it began": Case("UPDATE resume SET start = '2013-01-01' WHERE id = 1",
                                                 "简历的截止日期 2012-06-30 早于起始日期 2013-01-01",
                                                 "resume edit 1 --from 2013-01-01"),
    "résumé period not begun yet": Case("UPDATE resume SET start = '2199-01-01', \"end\" = NULL WHERE id = 1",
                                        "简历的起始日期 2199-01-01 晚于今天 2026-11-26", "resume add T001 --from 2199-01-01 --text 某校学习"),
    # 人员: 党章第七条, and SPEC section 4's dated service
    "full membership within a month": Case("UPDATE person SET \"full\" = '2010-07-01' WHERE staff_no = 'T001'",
                                           "转正日期 2010-07-01 早于入党满一年之日 2011-06-01", "person edit T001 --full 2010-07-01"),
    "in service with a day they left": Case("UPDATE person SET out_of_service_on = '2025-01-01' WHERE staff_no = 'T001'",
                                            "在职教职工为「是」时不能有离岗日期"),
    "left service after today": Case("UPDATE person SET in_service = 0, out_of_service_on = '2199-01-01' "
                                     "WHERE staff_no = 'T002'", "离岗日期 2199-01-01 晚于今天 2026-11-26",
                                     "person edit T002 --not-in-service --on 2199-01-01"),
    "a post held past its org's dissolution": Case("UPDATE org SET dissolved_on = '2024-01-01' WHERE code = 'jd'",
                                                  "党组织「机电工程学院党总支」已于 2024-01-01 撤销,在那天之后不能有任职",
                                                  "org dissolve jd --on 2024-01-01"),
    # 党组织: 第十条's one committee
    "a second committee": Case("INSERT INTO org (code, name, kind) VALUES ('dw2', '另一个学院党委', 'committee')",
                               "学院党委只能登记一个", "org add dw3 又一个学院党委 --kind committee"),
    # 工作汇报, 表彰, 年度考核, 参加培训: what has not happened cannot be recorded
    "report dated after today": Case("UPDATE report SET date = '2199-01-01'", "汇报日期 2199-01-01 晚于今天 2026-11-26",
                                     "report edit 1 --on 2199-01-01"),
    "commendation dated after today": Case("UPDATE commendation SET date = '2199-01-01'",
                                           "表彰日期 2199-01-01 晚于今天 2026-11-26", "commend T001 --on 2199-01-01 --title 优秀"),
    "grade of a year to come": Case("UPDATE assessment SET year = 2199", "考核年度 2199 晚于今年 2026",
                                    "assess T001 --year 2199 --grade excellent"),
    "attendance of a training not held yet": Case("UPDATE training SET date = '2199-01-01'",
                                                  "培训 #1 的日期 2199-01-01 晚于今天 2026-11-26",
                                                  "training edit 1 --on 2199-01-01"),
}


@pytest.fixture
def sound(ok: Zzy, ledger: Path, today: object) -> Path:
    """A ledger every command wrote: a regular post (#1), a promoted one (#2), a target, a party-work span, a line
    of the 简历, a committee, a report, a commendation, a grade and a training attended."""
    today(TODAY)  # type: ignore[operator]
    ok("org add dw 学院党委 --kind committee")
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
    ok("report add T001 --on 2026-03-01")
    ok("commend T001 --on 2026-07-01 --title 优秀组织员")
    ok("assess T001 --year 2025 --grade competent")
    ok("training add --on 2026-05-01 --title 业务培训")
    ok("training attend 1 T001 T002")
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
def test_doctor_restore_and_the_write_say_each_rule_alike(zzy: Zzy, sound: Path, tmp_path: Path, case: str) -> None:
    statement, named, write = FORCED[case]
    if write is not None:  # the write road first, on the sound ledger: refused in the rule's sentence
        refused = zzy(write)
        assert refused.exit_code == 3 and named in refused.stderr, refused
    with sqlite3.connect(sound) as connection:
        connection.execute(statement)
    doctor = zzy("doctor --format json")
    assert doctor.exit_code == 1, doctor
    messages = [problem["message"] for problem in doctor.json()["problems"]]
    assert any(named in message for message in messages), messages
    code, said = _restores(zzy, tmp_path)
    assert code == 3 and said.startswith("错误: "), said
    assert all(message in said for message in messages), (messages, said)  # every rule doctor names, in its words


def test_an_import_is_refused_what_doctor_would_report(zzy: Zzy, sound: Path, tmp_path: Path) -> None:
    """The import is a write: a post with a 离任原因 and no 离任日期 is refused, the ledger left as it was."""
    posts = tmp_path / "posts.csv"
    posts.write_text("工号,党组织,类别,职级,任职日期,离任日期,离任原因\nT001,xx,兼职,无,2024-03-01,,调动\n",
                     encoding="utf-8")
    result = zzy(["import", "appointments", str(posts)])
    assert result.exit_code == 3 and "没有离任日期,不能填写离任原因" in result.stderr, result
    assert len(zzy("post list --format json").json()) == 2
    assert zzy("doctor").exit_code == 0
