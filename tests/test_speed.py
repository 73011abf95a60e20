"""Issue 17's speed work changes no output: each shortcut is held equal to the plain way."""

from __future__ import annotations

import json
import os
import subprocess
import sys
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


@pytest.mark.parametrize("command", ["remind --format json", "roster --format csv", "summary --year 2026",
                                     "person show T001", "org list"])
def test_reports_on_either_backend_load_neither_sqlalchemy_nor_pydantic(ok: Zzy, college: Path,
                                                                        command: str) -> None:
    """A report on a current ledger, a file or a server, reads it through the driver alone: importing
    SQLAlchemy cost a province's report on the server a third of its time, Pydantic a college's a third."""
    ok("appoint T001 jd --kind part --rank none --on 2020-01-01")
    code = ("import sys\nfrom zzy.cli import app\n"
            f"code = app({command.split()!r}, standalone_mode=False)\n"
            "print(code, 'sqlalchemy' in sys.modules, 'pydantic' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=os.environ)
    assert done.stdout.splitlines()[-1] in ("0 False False", "1 False False"), done.stdout + done.stderr
    assert ok(command).stdout in done.stdout


def test_a_server_ledger_that_needs_more_than_reading_takes_the_full_road(zzy: Zzy, ok: Zzy, college: Path,
                                                                          backend: str) -> None:
    """A ledger the driver alone may not read (here: one of a newer zzy) is refused as before, by the full road."""
    if backend == "sqlite":
        pytest.skip("the server's road")
    import psycopg

    url = os.environ["ZZY_DB"]
    with psycopg.connect("postgresql://" + url.removeprefix("postgresql+psycopg://")) as connection:
        connection.execute("UPDATE zzy_meta SET value = '99' WHERE key = 'schema_version'")
    refused = zzy("remind")
    assert refused.exit_code == 4
    assert "由更新版本的 zzy 创建(结构版本 99)" in refused.stderr
