"""Issue 17: off a terminal the table form is written as plain text, without Rich, and it is the
very text Rich writes there, byte for byte: for generated sections (ASCII, Chinese, mixed, empty
cells, several lines, every justification, widths 20 to 200, tables and blocks), for hand-made
edge cases, and for every report of a real ledger.  On a terminal (or when Rich's own variables
say so) Rich draws, in colour.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from rich.console import Console

from conftest import Zzy
from zzy import draw, layout, render
from zzy.report_types import Column, Report, Section

AS_OF = "2026-11-26"


def rich_text(report: Report, width: int) -> str:
    """What Rich writes for ``report`` to a non-terminal ``StringIO`` ``width`` cells wide."""
    out = StringIO()
    with environment(COLUMNS=str(width), FORCE_COLOR=None, TTY_COMPATIBLE=None):
        draw.rich(layout.page(report, width), render.console(out))
    return out.getvalue()


def plain_text(report: Report, width: int) -> str | None:
    return draw.plain(layout.page(report, width))


@contextmanager
def environment(**values: str | None) -> Iterator[None]:
    """``os.environ`` with ``values`` set (``None``: unset) for the block, then as it was."""
    saved = {key: os.environ.get(key) for key in values}
    try:
        for key, value in values.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def red_when_odd(row: Any) -> str | None:
    return "bold red" if len(str(row.get("c0", ""))) % 2 else None


# -- generated sections -------------------------------------------------------------------------

#: ASCII, Chinese (two cells), Chinese punctuation, accented and wide symbols, spaces and line breaks.
#: ASCII, Chinese (two cells), half-width katakana, accents (combining too), wide symbols, spaces, line breaks.
ALPHABET = (list("abcxyzABC0129-:./,()_ ") + list("张三党支部组织员委书记、。,:()《》“”…")
            + ["é", "\u0301", "ｶ", "½", "—", "🙂", "\u3000", "\n"])
#: Characters Rich rewrites or measures with their neighbour: output holding one is Rich's to draw.
REWRITTEN = ["\t", "\x07", "\x08", "\x0b", "\x0c", "\r", "\u200d", "\ufe0f"]


def texts(alphabet: list[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.just(""),
        st.text(alphabet=alphabet, max_size=12),
        st.text(alphabet=alphabet, max_size=160),
        st.sampled_from(["2026-11-26", "P0000001", "机电工程学院党总支", "党支部书记 2026-11-26 到期,请按第十三条考察。"]),
    )


@st.composite
def sections(draw_: st.DrawFn, alphabet: list[str] = ALPHABET) -> Section:
    count = draw_(st.integers(1, 6))
    cell = texts(alphabet)
    headers = st.text(alphabet=[c for c in alphabet if c != "\n"], min_size=1, max_size=10).filter(str.strip)
    columns = [Column(f"c{n}", draw_(headers), justify=draw_(st.sampled_from(["left", "right", "center"])),
                      wrap=draw_(st.sampled_from([True, False, None])),
                      style=draw_(st.sampled_from([None, red_when_odd])))
               for n in range(count)]
    rows = draw_(st.lists(st.fixed_dictionaries({f"c{n}": cell for n in range(count)}), max_size=5))
    compact = draw_(st.one_of(st.none(), st.lists(st.sampled_from(columns), min_size=1, max_size=count, unique=True)))
    below = draw_(st.one_of(st.none(), st.sampled_from([f"c{n}" for n in range(count)])))
    return Section(columns, rows, title=draw_(st.one_of(st.none(), cell)), empty=draw_(cell), compact=compact,
                   below=below if compact else None)


def reports(alphabet: list[str] = ALPHABET) -> st.SearchStrategy[Report]:
    return st.builds(lambda tables, lines: Report(tables=tables, header_lines=lines),
                     st.lists(sections(alphabet), min_size=1, max_size=3), st.lists(texts(alphabet), max_size=2))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=reports(), width=st.integers(20, 200))
def test_plain_text_is_what_rich_writes_off_a_terminal(report: Report, width: int) -> None:
    for part in layout.page(report, width):  # how often each form came up (--hypothesis-show-statistics)
        event("a table" if isinstance(part, layout.Sheet) else "blocks" if part.soft else "wrapped lines")
    assert plain_text(report, width) == rich_text(report, width)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=reports(ALPHABET + REWRITTEN), width=st.integers(20, 200))
def test_the_table_form_off_a_terminal_is_what_rich_writes_whatever_the_text(report: Report, width: int) -> None:
    """With characters Rich rewrites too: the plain writer steps aside when one reaches the page."""
    out = StringIO()
    with environment(COLUMNS=str(width), FORCE_COLOR=None, TTY_COMPATIBLE=None):
        render.write_tables(report, out)
    assert out.getvalue() == rich_text(report, width)


# -- edge cases, by hand --------------------------------------------------------------------------

def one(values: list[str], *, justify: str = "left", wrap: bool = False, header: str = "名称") -> Report:
    return Report.of([Column("c0", header, justify=justify, wrap=wrap), Column("c1", "工号")],
                     [{"c0": value, "c1": "T001"} for value in values])


@pytest.mark.parametrize(("report", "width"), [
    (Report.of([Column("c0", "\u0301", wrap=True)], [{"c0": ""}]), 20),  # a column no cell wide: Rich draws it empty
    (one(["abcd"], justify="center", header="名称xyz"), 40),  # an odd cell: Rich puts it on the right
    (one(["张三"], justify="center", header="名称名称名"), 40),
    (one(["abc  "], justify="left"), 40),  # left keeps trailing spaces …
    (one(["abc  "], justify="right"), 40),  # … right and center drop them
    (one(["abc  "], justify="center"), 40),
    (one(["", "x", ""], justify="right"), 40),  # empty cells
    (one(["第一行\n第二行\n\n第四行"], justify="left"), 40),  # several lines, top-aligned
    (one(["一\n二", "甲"], justify="center"), 40),
    (one(["甲"], justify="right", header="上\n下\n底"), 40),  # a header of several lines sits at the bottom
    (one(["这是一段很长很长的说明文字," * 6], wrap=True), 60),  # long text broken between characters
    (one(["这是一段很长很长的说明文字," * 6], wrap=True), 20),  # blocks
    (one(["a" * 150, "2026-11-26 " * 12], wrap=True), 200),
    (Report(tables=[Section([Column("c0", "名称")], [], title="空的一节", empty="没有记录。"),
                    Section([Column("c0", "名称")], [], empty="")],
            header_lines=["截至 2026-11-26", ""]), 30),
    (Report(tables=[Section([Column("c0", "很长很长很长的标题列", wrap=True), Column("c1", "说明", wrap=True)],
                            [{"c0": "甲" * 30, "c1": "乙" * 40}], title="第一节"),
                    Section([Column("c0", "名称")], [{"c0": "x"}], title="第二节")]), 20),  # blocks, then a section
], ids=["a column no cell wide", "center odd", "center Chinese", "left trailing spaces", "right trailing spaces", "center trailing spaces",
        "empty cells", "multi-line", "multi-line center", "multi-line header", "wrapped long text", "blocks at 20", "wide 200",
        "empty sections and header lines", "blocks before the next section"])
def test_plain_text_equals_rich_in_each_edge_case(report: Report, width: int) -> None:
    assert plain_text(report, width) == rich_text(report, width)


def test_rich_centres_an_odd_cell_left_of_the_middle_and_the_plain_writer_agrees() -> None:
    text = plain_text(one(["ab"], justify="center", header="abcde"), 40)
    assert text is not None and "│  ab   │" in text.splitlines()[3]
    assert text == rich_text(one(["ab"], justify="center", header="abcde"), 40)


@pytest.mark.parametrize("value", ["a\tb", "响铃\x07", "回车\rx", "换页\x0cy", "\u200d", "❤\ufe0f",
                                   "\x1b]0;标题\x07", "\x1b[2K\x1b[1A", "\u202egnp.exe"])
def test_a_hidden_character_in_a_cell_is_shown_as_its_code_point_by_both_drawers(value: str) -> None:
    """Whatever a record holds (a row written with psql), a cell never moves the cursor, clears a line,
    retitles the window or reorders the text: each hidden character is written ``<U+XXXX>``."""
    report = one([value])
    text = plain_text(report, 80)
    assert text is not None and text == rich_text(report, 80)
    hidden = [ch for ch in value if not ch.isprintable() or ch in "\u200d\ufe0f"]
    assert hidden and all(f"<U+{ord(ch):04X}>" in text for ch in hidden)
    assert not any(ch in text for ch in hidden)
    out = StringIO()
    with environment(COLUMNS="80", FORCE_COLOR=None, TTY_COMPATIBLE=None):
        render.write_tables(report, out)
    assert out.getvalue() == text


# -- when Rich draws instead ------------------------------------------------------------------------

@pytest.mark.parametrize("variables", [
    {},
    {"FORCE_COLOR": "1"},
    {"FORCE_COLOR": ""},
    {"FORCE_COLOR": "0"},
    {"TTY_COMPATIBLE": "1"},
    {"TTY_COMPATIBLE": "0", "FORCE_COLOR": "1"},
    {"TTY_COMPATIBLE": "2", "FORCE_COLOR": "1"},
    {"TTY_COMPATIBLE": "", "FORCE_COLOR": ""},
    {"NO_COLOR": "1"},
    {"TTY_INTERACTIVE": "1"},
])
def test_the_plain_writer_is_used_exactly_when_rich_sees_no_terminal(variables: dict[str, str]) -> None:
    unset = {key: None for key in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "NO_COLOR")}
    with environment(**{**unset, **variables}):
        out = StringIO()
        assert draw.plain_will_do(out) is not Console(file=out).is_terminal


def test_a_stream_that_is_not_utf8_is_left_to_rich() -> None:
    class Latin1(StringIO):
        encoding = "latin-1"

    with environment(FORCE_COLOR=None, TTY_COMPATIBLE=None):
        assert not draw.plain_will_do(Latin1())
        assert draw.plain_will_do(StringIO())


# -- every report of a real ledger -------------------------------------------------------------------

REPORTS = [f"remind --as-of {AS_OF}", "roster --year 2026", "summary --year 2026", f"check Z006 --as-of {AS_OF}",
           f"person show Z002 --as-of {AS_OF}", "org list", "person list", "log", "doctor"]


@pytest.fixture
def demo_college(ok: Zzy, ledger: Path) -> Path:
    """The demo college (every kind of finding, long messages) dated 2026-11-26."""
    from zzy import demo
    from zzy.db import Invocation, Ledger
    from zzy.store import Store

    opened = Ledger.open(os.environ["ZZY_DB"])
    try:
        opened.write(Invocation.current(["zzy", "demo"]), lambda session: demo.build(Store(session),
                                                                                    today=date(2026, 11, 26)))
    finally:
        opened.dispose()
    return ledger


@pytest.mark.parametrize("columns", ["60", "100", "200"])
def test_every_report_off_a_terminal_is_what_rich_writes(zzy: Zzy, demo_college: Path, columns: str,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    env = {"COLUMNS": columns, "FORCE_COLOR": None, "TTY_COMPATIBLE": None}
    plain = {command: zzy(command, env=env).stdout for command in REPORTS}
    monkeypatch.setattr(draw, "plain_will_do", lambda out: False)
    for command in REPORTS:
        drawn_by_rich = zzy(command, env=env).stdout
        assert plain[command] == drawn_by_rich, command
        assert "\x1b[" not in drawn_by_rich


@pytest.mark.sqlite_only
def test_a_report_off_a_terminal_imports_none_of_richs_drawing(ok: Zzy, demo_college: Path) -> None:
    code = ("import sys\nfrom zzy.cli import app\n"
            f"app(['remind', '--as-of', '{AS_OF}'], standalone_mode=False)\n"
            "print(sorted(m for m in ('rich.console', 'rich.table', 'rich.text') if m in sys.modules))")
    environ = {key: value for key, value in os.environ.items() if key not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environ)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"
    assert done.stdout.rsplit("\n", 2)[0] + "\n" == ok(f"remind --as-of {AS_OF}").stdout


@pytest.mark.sqlite_only
def test_force_color_off_a_terminal_keeps_richs_colour(ok: Zzy, demo_college: Path) -> None:
    coloured = ok(f"remind --as-of {AS_OF}", env={"FORCE_COLOR": "1", "TTY_COMPATIBLE": None}).stdout
    assert "\x1b[" in coloured
    assert "\x1b[" not in ok(f"remind --as-of {AS_OF}", env={"TTY_COMPATIBLE": "0", "FORCE_COLOR": "1"}).stdout


# -- the layout's shortcuts ----------------------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(), st.text(alphabet=ALPHABET + REWRITTEN + ["\x1f"])))
def test_cells_counts_as_rich_does(text: str) -> None:
    from rich.cells import cell_len

    assert layout.cells(text) == cell_len(text)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(texts(ALPHABET), st.text(alphabet=ALPHABET + REWRITTEN, max_size=80)),
       width=st.integers(1, 120))
def test_a_paragraph_that_fits_is_wrapped_as_the_piece_by_piece_loop_would(text: str, width: int) -> None:
    assert layout.wrap(text, width) == layout.wrap(text, width, measure=lambda piece: layout.cells(piece))
