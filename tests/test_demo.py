"""``zzy demo``: a fictional college that shows every kind of finding."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Zzy

ALL_KINDS = {"trial_due", "trial_overdue", "rotation_upcoming", "rotation_eligible", "vacancy", "overstaffed",
             "report_due", "report_overdue", "training_missing", "target_due", "target_overdue", "unfit",
             "ineligible"}


pytestmark = pytest.mark.sqlite_only


def test_demo_shows_every_finding_kind(ok: Zzy, tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    result = ok(["--db", str(path), "demo"])
    assert str(path) in result.stdout and "提醒" in result.stdout and "名册" in result.stdout
    findings = ok(["--db", str(path), "remind", "--format", "json"]).json()["findings"]
    assert {f["kind"] for f in findings} == ALL_KINDS
    assert len(ok(["--db", str(path), "person", "list", "--format", "json"]).json()) == 15
    assert len([o for o in ok(["--db", str(path), "org", "list", "--format", "json"]).json()
                if o["kind"] == "grassroots"]) == 8


def test_demo_never_overwrites(zzy: Zzy, ledger: Path) -> None:
    result = zzy(["--db", str(ledger), "demo"])
    assert result.exit_code == 3 and "不会覆盖" in result.stderr


def test_demo_without_db_makes_a_new_folder(ok: Zzy) -> None:
    result = ok("demo")
    first_line = result.stdout.splitlines()[0]
    path = Path(first_line.split(": ", 1)[1])
    assert path.exists() and "zzy-demo-" in str(path.parent)


def test_each_persons_file_lists_exactly_their_reminders(ok: Zzy, tmp_path: Path) -> None:
    """``person show`` reads one person's records only; it must find what ``remind`` finds for them."""
    path = tmp_path / "demo.db"
    ok(["--db", str(path), "demo"])
    reminders = ok(["--db", str(path), "remind", "--format", "json"]).json()["findings"]
    people = ok(["--db", str(path), "person", "list", "--format", "json"]).json()
    for person in people:
        shown = ok(["--db", str(path), "person", "show", person["staff_no"], "--format", "json"]).json()
        assert shown["findings"] == [f for f in reminders if f["staff_no"] == person["staff_no"]], person
    assert any(f["staff_no"] for f in reminders)
