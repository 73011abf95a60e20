"""Issue 23: every check ``doctor`` reports has its Chinese name beside its key, and tables show the name."""

from __future__ import annotations

import ast
import sqlite3
from pathlib import Path

import pytest

from conftest import Zzy
from zzy import rules
from zzy.choices import DoctorCheck
from zzy.reports import check_label

SOURCE = Path(__file__).parents[1] / "src" / "zzy"


def _keys_in_source() -> set[str]:
    """Every check key the code writes: the first argument of a ``Problem(…)``/``problem(…)``/``DoctorRow(…)``, the value of a
    ``"check"`` key in a row."""
    found = set()
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("Problem", "problem", "DoctorRow")
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                found.add(node.args[0].value)
            if isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values, strict=True):
                    if (isinstance(key, ast.Constant) and key.value == "check" and isinstance(value, ast.Constant)
                            and isinstance(value.value, str)):
                        found.add(value.value)
    return found


def test_every_check_key_in_the_code_is_declared_with_its_chinese_name() -> None:
    keys = _keys_in_source()
    assert {"work_dates", "one_post_per_org", "trial_result", "integrity", "audit_chain", "override"} <= keys
    declared = {check.key for check in rules.CHECKS} | {check.value for check in DoctorCheck}
    assert keys <= declared, keys - declared
    for key in keys:
        assert check_label(key) != key and not check_label(key).isascii(), key


def test_each_check_is_declared_once() -> None:
    keys = [check.key for check in rules.CHECKS] + [check.value for check in DoctorCheck]
    assert len(keys) == len(set(keys))
    labels = [check.label for check in rules.CHECKS] + [check.label for check in DoctorCheck]
    assert len(labels) == len(set(labels))


@pytest.mark.sqlite_only
def test_doctor_names_a_rules_check_in_chinese(ok: Zzy, zzy: Zzy, ledger: Path) -> None:
    """A party-work span whose end precedes its start (forced into the file): 检查项 says what was checked."""
    ok("person add T001 张三 --joined 2015-06-01 --full 2016-06-01")
    ok("work add T001 --from 2016-09-01 --to 2020-08-31")
    with sqlite3.connect(ledger) as connection:
        connection.execute("UPDATE work_span SET start = '2021-01-01'")
    result = zzy("doctor")
    assert result.exit_code == 1
    assert "党务工作经历日期" in result.stdout and "work_dates" not in result.stdout
    assert [row["check"] for row in zzy("doctor --format json").json()["problems"]] == ["work_dates"]
