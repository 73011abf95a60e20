"""第二十条: after eight full years as full-time organizer at one org, rotation may follow."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import Zzy, audit_count
from factories import SHIPPED, findings_of, ledger, post
from zzy import rules
from zzy.rules import art19_20_posts

D = date


@pytest.mark.parametrize(
    ("case", "posts", "tenure_start"),
    [
        ("art20 a single post", [post(start=D(2017, 3, 1))], D(2017, 3, 1)),
        ("art20 leaving and starting the same day is continuous",
         [post(start=D(2015, 1, 1), end=D(2018, 1, 1)), post(start=D(2018, 1, 1))], D(2015, 1, 1)),
        ("art20 a gap of one day restarts the chain",
         [post(start=D(2015, 1, 1), end=D(2018, 1, 1)), post(start=D(2018, 1, 2))], D(2018, 1, 2)),
        ("art20 part-time posts do not count",
         [post(start=D(2010, 1, 1), end=D(2018, 1, 1), kind="part"), post(start=D(2018, 1, 1))],
         D(2018, 1, 1)),
        ("art20 another org does not count",
         [post(org="xx", start=D(2010, 1, 1), end=D(2018, 1, 1)), post(start=D(2018, 1, 1))], D(2018, 1, 1)),
        ("art20 a chain of three",
         [post(start=D(2010, 1, 1), end=D(2012, 1, 1)), post(start=D(2012, 1, 1), end=D(2014, 1, 1)),
          post(start=D(2014, 1, 1))], D(2010, 1, 1)),
    ],
)
def test_tenure_start(case: str, posts: list, tenure_start: date) -> None:
    assert rules.tenure_start(posts[-1], posts) == tenure_start, case


def test_art20_part_time_post_has_no_tenure() -> None:
    part = post(start=D(2010, 1, 1), kind="part")
    assert rules.tenure_start(part, [part]) is None


@pytest.mark.parametrize(
    ("case", "start", "rotation_on"),
    [("art20 eight years", D(2017, 3, 1), D(2025, 3, 1)), ("art20 from Feb 29", D(2016, 2, 29), D(2024, 2, 29)),
     ("art20 from Feb 29 to a common year", D(2020, 2, 29), D(2028, 2, 29))],
)
def test_rotation_on(case: str, start: date, rotation_on: date) -> None:
    assert rules.rotation_on(start, SHIPPED) == rotation_on, case


@pytest.mark.parametrize(
    ("case", "as_of", "kind", "days_left"),
    [
        ("art20 outside the window", D(2024, 12, 30), None, 61),
        ("art20 upcoming", D(2024, 12, 31), "rotation_upcoming", 60),
        ("art20 upcoming the day before", D(2025, 2, 28), "rotation_upcoming", 1),
        ("art20 eligible on the day (满8年)", D(2025, 3, 1), "rotation_eligible", 0),
        ("art20 eligible after", D(2026, 3, 1), "rotation_eligible", -365),
    ],
)
def test_rotation_findings(case: str, as_of: date, kind: str | None, days_left: int) -> None:
    facts = ledger(posts=[post(start=D(2017, 3, 1))])
    found = findings_of(art19_20_posts.rotation_findings, facts, as_of=as_of, within=60)
    assert [(f.kind, f.days_left) for f in found] == ([(kind, days_left)] if kind else []), case
    assert all(f.severity.value == "info" and f.article == 20 for f in found)


def test_art20_rotate_refused_before_rotation_on(ok: Zzy, zzy: Zzy, college: object) -> None:
    ok("appoint T003 jd --kind full --rank none --on 2017-03-01")
    before = audit_count(zzy)
    result = zzy("rotate T003 xx --on 2025-02-28")
    assert result.exit_code == 3
    assert "2025-03-01" in result.stderr and "第二十条" in result.stderr
    assert audit_count(zzy) == before


def test_art20_rotate_on_the_day_ends_and_starts_in_one_go(ok: Zzy, college: object) -> None:
    ok("appoint T003 jd --kind full --rank none --on 2017-03-01")
    ok("rotate T003 xx --on 2025-03-01")
    posts = ok("person show T003 --format json").json()["posts"]
    assert [(p["org"], p["start"], p["end"], p["end_reason"]) for p in posts] == [
        ("jd", "2017-03-01", "2025-03-01", "rotation"),
        ("xx", "2025-03-01", None, None),
    ]
    assert posts[1]["kind"] == "full" and posts[1]["rank"] == "none"


def test_art20_rotate_to_the_same_org_is_refused(ok: Zzy, zzy: Zzy, college: object) -> None:
    ok("appoint T003 jd --kind full --rank none --on 2017-03-01")
    assert zzy("rotate T003 jd --on 2025-03-01").exit_code == 3
