"""The yearly roster (SPEC section 6): every post overlapping the year, the spec's columns."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Zzy

COLUMNS = ["staff_no", "name", "org", "org_name", "kind", "rank", "start", "end", "promoted", "trial_end",
           "trial_result", "party_full", "party_age_years", "tenure_start", "rotation_on"]


@pytest.fixture
def staffed(ok: Zzy, college: Path) -> Path:
    ok("appoint T001 jd --kind full --rank section --on 2024-02-29 --promoted --prior-rank deputy-section")
    ok("appoint T002 jd --kind part --rank none --on 2024-06-01")
    ok("appoint T003 xx --kind full --rank none --on 2015-01-01")
    ok("leave T003 --on 2020-01-01")
    ok("appoint T003 xx --kind full --rank none --on 2020-01-01")
    ok("leave T003 --on 2025-01-01")
    return college


def test_roster_json(ok: Zzy, staffed: Path) -> None:
    document = ok("roster --year 2024 --format json").json()
    assert (document["year"], document["as_of"]) == (2024, "2024-12-31")
    rows = document["rows"]
    assert all(list(row) == COLUMNS for row in rows)
    assert [(r["org"], r["start"], r["staff_no"]) for r in rows] == [
        ("jd", "2024-02-29", "T001"), ("jd", "2024-06-01", "T002"), ("xx", "2020-01-01", "T003")]
    first = rows[0]
    assert first["trial_end"] == "2025-02-28" and first["promoted"] is True
    assert first["party_age_years"] == 8 and first["rotation_on"] == "2032-02-29"
    part = rows[1]
    assert part["tenure_start"] is None and part["rotation_on"] is None
    chained = rows[2]
    assert (chained["tenure_start"], chained["rotation_on"]) == ("2015-01-01", "2023-01-01")


def test_roster_skips_posts_outside_the_year(ok: Zzy, staffed: Path) -> None:
    # T003 left on 2025-01-01: the last day in post was 2024-12-31
    assert "T003" in [r["staff_no"] for r in ok("roster --year 2024 --format json").json()["rows"]]
    assert "T003" not in [r["staff_no"] for r in ok("roster --year 2025 --format json").json()["rows"]]
    assert ok("roster --year 2014 --format json").json()["rows"] == []


def test_roster_as_of_sets_the_party_age_reference(ok: Zzy, staffed: Path) -> None:
    document = ok("roster --year 2024 --as-of 2020-01-01 --format json").json()
    assert document["as_of"] == "2020-01-01"
    assert document["rows"][0]["party_age_years"] == 3


def test_roster_csv_columns_in_order(ok: Zzy, staffed: Path) -> None:
    lines = ok("roster --year 2024 --format csv").stdout.splitlines()
    assert lines[0] == ",".join(COLUMNS)
    assert lines[1] == ("T001,张三,jd,机电工程学院党总支,full,section,2024-02-29,,true,2025-02-28,,"
                        "2016-06-01,8,2024-02-29,2032-02-29")


def test_roster_table_headers_are_chinese(ok: Zzy, staffed: Path) -> None:
    table = ok("roster --year 2024 --wide").stdout
    for header in ("工号", "姓名", "党组织", "类别", "职级", "任职日期", "试用期满", "满8年日期"):
        assert header in table
    assert "专职" in table and "正科级" in table


def test_roster_to_a_private_file(ok: Zzy, staffed: Path, tmp_path: Path) -> None:
    out = tmp_path / "roster.csv"
    assert ok(["roster", "--year", "2024", "--format", "csv", "--output", str(out)]).stdout == \
        f"已写入 CSV 文件: {out}\n"
    assert out.read_text(encoding="utf-8").startswith("\ufeffstaff_no,")
    assert out.stat().st_mode & 0o777 == 0o600
