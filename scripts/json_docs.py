"""Write docs/json.md, the keys of every report's JSON and CSV, from the reports zzy itself builds.

Each listing command is run on the demo ledger (``zzy demo``) with the report captured on its way out
(:func:`zzy.render.emit`): its columns declare each key with its Chinese header, and its JSON document
is walked for the keys a document has beyond them.  ``tests/test_docs.py`` fails when the file is out of
date.  After changing a report's columns or document:  python scripts/json_docs.py
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

DOCS = Path(__file__).resolve().parent.parent / "docs" / "json.md"

#: The commands whose output is a report, each with the arguments that give the demo's fullest answer.
COMMANDS = [
    "org list", "person list", "person show Z003", "work list", "post list", "check Z006", "remind", "roster",
    "training list", "report list", "target list", "assess list", "commend list", "resume list", "summary --year THIS_YEAR",
    "config show",
    "log", "doctor",
]

INTRO = """# zzy 的 JSON 与 CSV 键

本文件由 `scripts/json_docs.py` 根据 zzy 自身的报表声明生成,请勿手工修改;修改报表的列后运行
`python scripts/json_docs.py` 重新生成(`tests/test_docs.py` 检查它是否最新)。

- `--format json` 输出一个 JSON 文档:列表类命令是对象数组,每个对象的键见下表;有自己结构的文档
  (如 `remind`、`person show`)列出每一层的键,`[]` 表示数组中的每一项;「含义」是该键在表格中的列名,
  「—」表示表格中没有对应的列(如 `as_of` 截至日期、`within_days` 提前天数)。
- `--format csv` 输出第一行为英文键的 CSV,各列的键与含义见「CSV 列」。写入文件(`--output 名册.csv`)时带
  UTF-8 BOM,Excel 可直接打开;写到标准输出时不带 BOM。
- 日期为 ISO 格式(`2026-06-05`);选项类值(如 `kind`、`severity`)为英文键,表格中显示的中文见各命令帮助。
- `zzy grant --list`(仅 PostgreSQL 账本)与 `zzy export` 的导出文件不在此列。
"""


@contextmanager
def captured_reports() -> Iterator[list[Any]]:
    """Every report a command emits, kept instead of printed."""
    import importlib

    from zzy import render
    from zzy.commands import INDEX

    kept: list[Any] = []

    def keep(report: Any, fmt: Any = None, to: Any = None) -> None:
        kept.append(report)

    modules = [render, *(importlib.import_module(f"zzy.commands.{module}") for module, _ in INDEX.values())]
    originals = [(module, module.emit) for module in modules if hasattr(module, "emit")]
    for module, _ in originals:
        module.emit = keep
    try:
        yield kept
    finally:
        for module, original in originals:
            module.emit = original


def reports() -> Iterator[tuple[str, Any]]:
    """Each command of :data:`COMMANDS` with the report it builds on the demo ledger."""
    import shlex

    from typer.testing import CliRunner

    from zzy.cli import app

    with tempfile.TemporaryDirectory() as folder:
        ledger = str(Path(folder) / "demo.db")
        runner = CliRunner()
        done = runner.invoke(app, ["--db", ledger, "demo"])
        assert done.exit_code == 0, done.output
        with captured_reports() as kept:
            for command in COMMANDS:
                kept.clear()
                args = shlex.split(command.replace("THIS_YEAR", str(date.today().year)))
                done = runner.invoke(app, ["--db", ledger, *args])
                assert done.exit_code in (0, 1) and kept, (command, done.output)
                yield command.replace(" --year THIS_YEAR", ""), kept[-1]


def headers(report: Any) -> dict[str, str]:
    """Each key a report's columns declare, with its Chinese header (the first that names it)."""
    named: dict[str, str] = {}
    for section in [*report.tables, *([report.csv] if report.csv is not None else [])]:
        for column in section.columns:
            if column.header != column.key:  # a CSV section's header is its key
                named.setdefault(column.key, column.header)
    return named


def shape(document: Any, path: str = "") -> Iterator[str]:
    """The key paths of a JSON document: ``findings[].kind`` for a key of each item of a list."""
    if isinstance(document, dict):
        for key, value in document.items():
            here = f"{path}.{key}" if path else key
            yield here
            yield from shape(value, here)
    elif isinstance(document, list):
        seen: list[str] = []
        for item in document:
            for found in shape(item, f"{path}[]"):
                if found not in seen:
                    seen.append(found)
        yield from seen


def section(command: str, report: Any) -> str:
    from zzy.report_types import Report

    assert isinstance(report, Report)
    named = headers(report)
    title = " ".join("STAFF_NO" if word[:1] == "Z" and word[1:].isdigit() else word for word in command.split())
    lines = [f"\n## `zzy {title}`\n"]
    if report.document is None:
        lines.append("\nJSON: 对象数组,每个对象的键与 CSV 的列相同。\n")
    else:
        lines.append("\nJSON:\n\n| 键 | 含义 |\n|---|---|\n")
        for key in shape(report.json_document()):
            leaf = key.rsplit(".", 1)[-1].removesuffix("[]")
            lines.append(f"| `{key}` | {named.get(leaf, '—')} |\n")
    csv = report.csv_section()
    lines.append("\nCSV 列:\n\n| 键 | 表头 |\n|---|---|\n")
    lines += [f"| `{column.key}` | {named.get(column.key, '—')} |\n" for column in csv.columns]
    return "".join(lines)


def render() -> str:
    """The whole of docs/json.md."""
    return INTRO + "".join(section(command, report) for command, report in reports())


def main() -> int:
    text = render()
    if "--check" in sys.argv[1:]:
        current = DOCS.read_text(encoding="utf-8") if DOCS.exists() else ""
        if current != text:
            print(f"{DOCS} is out of date: run python scripts/json_docs.py", file=sys.stderr)
            return 1
        return 0
    DOCS.write_text(text, encoding="utf-8")
    print(f"wrote {DOCS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
