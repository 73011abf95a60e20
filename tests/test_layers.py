"""Layers that point one way (issue 23): every import inside a function says why it is there, and the
modules of ``src/zzy`` import each other without a circle, counting the imports inside functions too."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import zzy

SOURCE = Path(zzy.__file__).parent

#: Why an import may stand inside a function: to keep ``zzy --help`` and the light commands quick (a heavy
#: library, or a module the command's start path does without), or to break a circle of two modules
#: (``# cycle: a–b``).  Any other import belongs at the top of its module.
MARKS = ("# start-up", "# cycle")


def _modules() -> Iterator[tuple[str, Path, ast.Module]]:
    for path in sorted(SOURCE.rglob("*.py")):
        if "versions" in path.parts:  # Alembic's revisions are loaded by name, not imported
            continue
        parts = path.relative_to(SOURCE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        yield name, path, ast.parse(path.read_text(encoding="utf-8"))


def _imports_in_functions(tree: ast.Module) -> Iterator[ast.Import | ast.ImportFrom]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Import | ast.ImportFrom):
                    yield inner


def _imported(node: ast.Import | ast.ImportFrom, module: str, package: bool) -> set[str]:
    """The zzy modules an import statement loads (``from zzy import audit`` is ``zzy.audit``)."""
    if isinstance(node, ast.Import):
        names = {alias.name for alias in node.names}
    else:
        base = node.module or ""
        if node.level:
            parent = module.split(".")[: len(module.split(".")) - node.level + (1 if package else 0)]
            base = ".".join([*parent, base] if base else parent)
        names = {f"{base}.{alias.name}" for alias in node.names} | {base}
    return {name for name in names if name.split(".")[0] == "zzy"}


def test_every_import_inside_a_function_is_marked_start_up_or_cycle() -> None:
    unmarked = []
    for _, path, tree in _modules():
        lines = path.read_text(encoding="utf-8").splitlines()
        for node in _imports_in_functions(tree):
            said = " ".join(lines[node.lineno - 1:node.end_lineno or node.lineno])
            if not any(mark in said for mark in MARKS):
                unmarked.append(f"{path.relative_to(SOURCE.parent)}:{node.lineno}: {lines[node.lineno - 1].strip()}")
    assert not unmarked, "imports inside functions without # start-up or # cycle (else move them up):\n" + \
        "\n".join(unmarked)


def test_the_modules_import_each_other_without_a_circle() -> None:
    modules = {name: (path, tree) for name, path, tree in _modules()}
    arrows: dict[str, set[str]] = {}
    for name, (path, tree) in modules.items():
        package = path.name == "__init__.py"
        found: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                found |= {target for target in _imported(node, name, package) if target in modules}
        arrows[name] = found - {name, "zzy"}
    # a marked pair (``# cycle: a–b``) is the one circle allowed; there is none today
    circles = []
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        path.append(name)
        for target in sorted(arrows[name]):
            if state.get(target) == 1:
                circles.append(path[path.index(target):] + [target])
            elif target not in state:
                visit(target)
        path.pop()
        state[name] = 2

    for name in sorted(arrows):
        if name not in state:
            visit(name)
    assert not circles, "modules that import each other: " + "; ".join(" → ".join(c) for c in circles)


def test_the_marks_are_read_where_they_stand() -> None:
    """The walk sees an unmarked import inside a function, and a marked one as marked."""
    tree = ast.parse("def f():\n    import json\n\ndef g():\n    import sqlite3  # start-up\n")
    lines = ["def f():", "    import json", "", "def g():", "    import sqlite3  # start-up"]
    said = [any(mark in lines[node.lineno - 1] for mark in MARKS) for node in _imports_in_functions(tree)]
    assert said == [False, True]


def test_a_misspelt_column_key_is_an_error_not_an_empty_column() -> None:
    """A report's rows are typed (issue 23): a column whose key its rows lack is refused when the section is
    made, for a typed row and for a list's row alike, before anything is printed."""
    from datetime import date

    from zzy.choices import Severity
    from zzy.report_types import Column, RowLacksColumn, Section, field_of
    from zzy.reports import FINDING_COLUMNS, FindingRow

    row = FindingRow("report_due", 15, Severity.DUE, "T001", "张三", "jd", "机电", date(2026, 7, 1), 20, "请汇报")
    assert field_of(Section(FINDING_COLUMNS, [row]).rows[0], "days_left") == 20
    with pytest.raises(RowLacksColumn, match="'dayz_left'.*Finding"):
        Section([*FINDING_COLUMNS, Column("dayz_left", "剩余天数")], [row])
    with pytest.raises(RowLacksColumn, match="'messages'"):
        Section(FINDING_COLUMNS, [row], below="messages")
    with pytest.raises(RowLacksColumn, match="'nmae'"):
        Section([Column("nmae", "姓名")], [{"name": "张三"}])
    assert Section([Column("nmae", "姓名")], []).rows == []  # nothing to show, nothing to misread
