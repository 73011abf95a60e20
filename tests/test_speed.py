"""Issue 17's speed work changes no output: each shortcut is held equal to the plain way."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO
from pathlib import Path

import pytest

from conftest import Zzy
from zzy import render


@pytest.mark.parametrize("document", [
    [],
    {},
    {"year": 2026, "rows": [{"staff_no": f"T{n:04d}", "name": "张三", "start": date(2026, 1, 1), "end": None}
                            for n in range(2 * render.JSON_SLICE + 1)]},
    [{"n": n, "when": date(2024, 2, 29)} for n in range(render.JSON_SLICE + 1)],
    {"as_of": date(2026, 11, 25), "nested": {"a": [1, 2], "b": {}}, "findings": []},
    {1: "a key that is not text"},
])
def test_json_written_in_slices_is_the_json_of_the_whole_document(document: object) -> None:
    out = StringIO()
    render.write_json(document, out)
    assert out.getvalue() == render.json_text(document)
    json.loads(out.getvalue())


def test_a_roster_longer_than_a_slice_is_the_same_json(ok: Zzy, college: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    for number in range(1, 4):
        ok(f"appoint T00{number} jd --kind part --rank none --on 2024-0{number + 6}-01")
    whole = ok("roster --year 2024 --format json").stdout
    monkeypatch.setattr(render, "JSON_SLICE", 1)
    assert ok("roster --year 2024 --format json").stdout == whole
    assert len(json.loads(whole)["rows"]) == 3
