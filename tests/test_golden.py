"""The shipped rules profile changes nothing: ``remind``, ``roster``, ``summary``, ``check`` and ``doctor`` print,
byte for byte, what zzy 0.5.0 printed before the rules read their numbers from a profile (SPEC section 12), on the
demo ledger and on a generated one, at fixed days, in table, CSV and JSON; only the JSON documents' new
``"profile"`` key is new.

The golden files under ``tests/golden/`` were written by the code before the change.  To write them again
(after a deliberate change of output): ``ZZY_WRITE_GOLDEN=1 python -m pytest tests/test_golden.py``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Zzy

GOLDEN = Path(__file__).parent / "golden"
WRITE = os.environ.get("ZZY_WRITE_GOLDEN") == "1"
FORMATS = ("table", "csv", "json")

#: (name, command) of each output held, on each ledger; the day is the test clock's.
DEMO_RUNS = (
    ("remind", "remind --as-of 2026-12-05 --wide"),
    ("remind-later", "remind --as-of 2027-02-01 --within 400 --wide"),
    ("roster", "roster --year 2026 --wide"),
    ("summary", "summary --year 2026 --as-of 2026-12-05"),
    ("check-Z002", "check Z002 --as-of 2026-12-05"),
    ("check-Z006", "check Z006 --as-of 2026-12-05"),
    ("check-Z003-section", "check Z003 --rank section --as-of 2025-06-01"),
    ("check-Z011", "check Z011 --kind full --rank section --as-of 2026-12-05"),
    ("doctor", "doctor"),
)
GENERATED_RUNS = (
    ("remind", "remind --as-of 2026-11-25 --within 90 --wide"),
    ("roster", "roster --year 2026 --wide"),
    ("summary", "summary --year 2026 --as-of 2026-11-25"),
    ("check-P0000000", "check P0000000 --as-of 2026-11-25"),
    ("check-P0000010", "check P0000010 --rank section --as-of 2026-11-25"),
    ("check-P0000003", "check P0000003 --kind full --rank deputy-section --as-of 2024-03-01"),
    ("doctor", "doctor"),
)


def _generate() -> Callable[..., None]:
    spec = importlib.util.spec_from_file_location("benchmarks_generate",
                                                  Path(__file__).parent.parent / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    generate: Callable[..., None] = module.generate
    return generate


def _without_profile(text: str) -> str:
    """A JSON document as it was before the profile key: the key and its value, and only them, taken out."""
    return re.sub(r'"profile": "[^"]*", |, "profile": "[^"]*"', "", text, count=1)


def _hold(zzy: Zzy, where: str, name: str, command: str) -> None:
    for fmt in FORMATS:
        result = zzy(f"{command} --format {fmt}")
        assert result.exit_code in (0, 1), result
        out = result.stdout
        if fmt == "json":
            document = json.loads(out)
            if isinstance(document, dict) and name.split("-")[0] in ("remind", "roster", "summary", "check"):
                assert document.get("profile") in (None, "xsbn-vtc@1"), document.get("profile")
            out = _without_profile(out)
        golden = GOLDEN / where / f"{name}.{fmt}"
        if WRITE:
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(f"exit {result.exit_code}\n{out}", encoding="utf-8")
            continue
        assert golden.read_text(encoding="utf-8") == f"exit {result.exit_code}\n{out}", (where, name, fmt)


@pytest.mark.sqlite_only
def test_the_shipped_profile_changes_nothing_on_the_demo_ledger(zzy: Zzy, ok: Zzy, today: Callable[[str], None],
                                                                 ledger_path: Path) -> None:
    today("2026-12-05")
    ok(f"--db {ledger_path} demo")
    for name, command in DEMO_RUNS:
        _hold(zzy, "demo", name, command)


@pytest.mark.sqlite_only
def test_the_shipped_profile_changes_nothing_on_a_generated_ledger(zzy: Zzy, today: Callable[[str], None],
                                                                    ledger_path: Path) -> None:
    today("2026-11-25")
    _generate()(ledger_path, 60)
    for name, command in GENERATED_RUNS:
        _hold(zzy, "generated", name, command)
