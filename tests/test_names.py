"""SPEC section 8: wherever a command takes STAFF_NO, a person's exact name works when one person has it."""

from __future__ import annotations

from pathlib import Path

from conftest import Zzy


def test_person_show_takes_a_name_that_one_person_has(ok: Zzy, college: Path) -> None:
    by_name = ok("person show 李四 --format json").json()
    by_staff_no = ok("person show T002 --format json").json()
    assert by_name == by_staff_no
    assert by_name["staff_no"] == "T002"


def test_a_write_by_name_is_recorded_under_the_staff_no(ok: Zzy, college: Path) -> None:
    result = ok("work add 李四 --from 2021-09-01 --note 支部委员")
    assert result.stdout == "已记录 李四(工号 T002)的党务工作经历 #2: 2021-09-01 至今。\n"
    entry = ok("log --limit 1 --format json").json()[0]
    assert entry["key"] == "T002"
    ok("appoint 张三 jd --kind full --rank none --on 2024-03-01")
    assert ok("log --limit 1 --format json").json()[0]["key"] == "T001"


def test_check_takes_a_name(ok: Zzy, college: Path) -> None:
    assert ok("check 张三 --format json").json()["staff_no"] == "T001"


def test_a_shared_name_is_refused_listing_staff_nos_and_orgs(ok: Zzy, zzy: Zzy, college: Path) -> None:
    ok("person add T004 张三 --joined 2012-06-01 --full 2013-06-01")
    ok("appoint T004 xx --kind part --rank none --on 2024-03-01")
    for command in ("person show 张三", "report add 张三 --on 2025-01-10"):
        result = zzy(command)
        assert result.exit_code == 3, result
        assert result.stderr == "错误: 有 2 人名叫「张三」: T001(未任职)、T004(xx)。请改用工号。\n"


def test_an_unknown_name_suggests_the_closest_people(zzy: Zzy, college: Path) -> None:
    result = zzy("person show 张山")
    assert result.exit_code == 3
    assert result.stderr.startswith("错误: 没有工号为 张山 的人员。也没有人叫这个名字。最接近的有: T001(张三)。")


def test_an_unknown_staff_no_suggests_the_closest_staff_nos(zzy: Zzy, college: Path) -> None:
    result = zzy("leave T01 --on 2025-01-01")
    assert result.exit_code == 3
    assert "最接近的有: T001(张三)" in result.stderr
    assert "请用 zzy person list 查看" in result.stderr


def test_a_staff_no_wins_over_a_name_that_looks_like_it(ok: Zzy, college: Path) -> None:
    ok("person add T005 T001 --joined 2012-06-01 --full 2013-06-01")
    assert ok("person show T001 --format json").json()["name"] == "张三"
