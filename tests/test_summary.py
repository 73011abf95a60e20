"""``summary --year``: the year in one report, against a ledger whose counts are known."""

from __future__ import annotations

from pathlib import Path

from conftest import Zzy


def test_summary_counts(ok: Zzy, college: Path) -> None:
    ok("appoint T003 dw --kind full --rank none --on 2020-01-01")
    ok("appoint T001 jd --kind full --rank none --on 2024-03-01")
    ok("appoint T002 jd --kind part --rank none --on 2024-06-01")
    ok("leave T002 --on 2026-03-01")
    ok("appoint T002 xx --kind part --rank none --on 2026-03-01")
    ok("training add --on 2026-05-20 --title 业务培训")
    ok("training add --on 2026-06-20 --title 交流会 --kind exchange --host jd")
    ok("training add --on 2025-06-20 --title 去年的培训")
    ok("training attend 1 T001 T002 T003")
    for staff_no, day in (("T001", "2026-01-10"), ("T001", "2026-07-10"), ("T002", "2026-06-30"),
                          ("T003", "2025-12-31")):
        ok(f"report add {staff_no} --on {day}")
    for staff_no, grade, year in (("T001", "excellent", 2026), ("T003", "competent", 2026),
                                  ("T002", "incompetent", 2025)):
        ok(f"assess {staff_no} --year {year} --grade {grade}")
    ok("commend T001 --on 2026-07-01 --title 优秀组织员")
    ok("commend T001 --on 2025-07-01 --title 去年")
    ok("target add T001 --title 甲 --due 2026-06-30")
    ok("target add T001 --title 乙 --due 2026-12-31")
    ok("target add T003 --title 丙 --due 2026-12-31")
    ok("target add T003 --title 丁 --due 2027-01-31")
    ok("target assess 1 --result met --on 2026-07-01")
    ok("target assess 2 --result unmet --on 2026-11-20")

    document = ok("summary --year 2026 --format json").json()
    assert list(document) == ["year", "trainings", "training_requirement_met", "organizers", "full_time",
                              "part_time", "vacancies_at_year_end", "reports", "assessments",
                              "commendations", "targets", "profile"]
    assert document["year"] == 2026
    assert [(t["id"], t["counts"], t["attendees"]) for t in document["trainings"]] == [(1, True, 3), (2, False, 0)]
    assert document["training_requirement_met"] is True
    assert (document["organizers"], document["full_time"], document["part_time"]) == (3, 2, 1)
    assert document["vacancies_at_year_end"] == ["xx"]
    assert document["reports"] == 3
    assert document["assessments"] == {"excellent": 1, "competent": 1, "basic": 0, "incompetent": 0}
    assert document["commendations"] == 1
    assert document["targets"] == {"met": 1, "unmet": 1, "open": 1}

    table = ok("summary --year 2026").stdout
    assert "2026 年组织员工作总结" in table and "已达到第十八条" in table


def test_summary_of_an_empty_year(ok: Zzy, college: Path) -> None:
    document = ok("summary --year 2020 --format json").json()
    assert document["training_requirement_met"] is False and document["organizers"] == 0
    assert document["vacancies_at_year_end"] == ["dw", "jd", "xx"]


def test_summary_needs_a_year(zzy: Zzy, college: Path) -> None:
    assert zzy("summary").exit_code == 2
