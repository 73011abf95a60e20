"""SPEC 9: shell completion offers 工号 and org codes from the ledger.

Driven through the real protocol a shell uses: ``zzy`` run with ``_ZZY_COMPLETE=complete_bash``
and the words typed so far in ``COMP_WORDS`` / ``COMP_CWORD``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Zzy


def complete(words: str, *, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """What bash would be offered after typing ``words`` (a trailing space starts a new word)."""
    typed = words.split(" ")
    return subprocess.run(
        [sys.executable, "-m", "zzy"], capture_output=True, text=True, timeout=60,
        env={**os.environ, **(env or {}), "_ZZY_COMPLETE": "complete_bash", "COMP_WORDS": words,
             "COMP_CWORD": str(len(typed) - 1)},
    )


def offered(words: str, **options: dict[str, str]) -> list[str]:
    done = complete(words, **options)
    assert (done.returncode, done.stderr) == (0, ""), done
    return done.stdout.split()


def test_staff_numbers_complete_from_the_ledger(college: Path) -> None:
    assert offered("zzy person show ") == ["T001", "T002", "T003"]
    assert offered("zzy check T00") == ["T001", "T002", "T003"]
    assert offered("zzy appoint T") == ["T001", "T002", "T003"]
    assert offered("zzy person show X") == []


def test_org_codes_complete_for_the_org_argument_and_options(ok: Zzy, college: Path) -> None:
    assert offered("zzy appoint T001 ") == ["dw", "jd", "xx"]
    assert offered("zzy rotate T001 x") == ["xx"]
    assert offered("zzy leave T001 --org j") == ["jd"]
    assert offered("zzy training add --host d") == ["dw"]


def test_attendees_complete_one_after_another(ok: Zzy, college: Path) -> None:
    ok("training add --on 2025-05-20 --title 业务培训")
    assert offered("zzy training attend 1 T001 T00") == ["T001", "T002", "T003"]


def test_a_code_with_like_wildcards_completes_only_itself(ok: Zzy, college: Path) -> None:
    ok("org add j_1 测试党支部")
    assert offered("zzy appoint T001 j_") == ["j_1"]


@pytest.mark.sqlite_only
def test_completion_reads_the_ledger_named_by_db_before_the_command(ok: Zzy, college: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    ok(f"--db {other} init")
    ok(f"--db {other} person add Q900 赵六 --joined 2015-06-01 --full 2016-06-01")
    assert offered(f"zzy --db {other} person show ") == ["Q900"]


@pytest.mark.sqlite_only
def test_completion_never_creates_a_ledger_and_stays_quiet_without_one(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "ledger.db"
    assert offered("zzy person show ", env={"ZZY_DB": str(missing)}) == []
    assert not missing.parent.exists()
    garbage = tmp_path / "garbage.db"
    garbage.write_text("not a ledger")
    assert offered("zzy appoint T001 ", env={"ZZY_DB": str(garbage)}) == []
    assert garbage.read_text() == "not a ledger"


def test_commands_still_complete_by_name() -> None:
    assert offered("zzy pers") == ["person"]
    assert offered("zzy person sh") == ["show"]
