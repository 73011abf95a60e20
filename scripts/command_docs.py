"""Write docs/commands.md, the command reference, from the Typer app's own help screens.

The reference is each command's ``--help`` exactly as zzy prints it, so the docs cannot say
something the program does not; ``tests/test_docs.py`` fails when the file is out of date.
After changing a command, its options or its help:  python scripts/command_docs.py
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

DOCS = Path(__file__).resolve().parent.parent / "docs" / "commands.md"
#: Help is laid out as zzy prints it on any terminal of 80 columns or more (Click: 80 less 2).
WIDTH = 78

INTRO = """# zzy 命令参考

本文件由 `scripts/command_docs.py` 根据 zzy 自身的帮助信息生成,请勿手工修改;
修改命令后运行 `python scripts/command_docs.py` 重新生成(`tests/test_docs.py` 检查它是否最新)。
每一节就是 `zzy … --help` 的输出。JSON 与 CSV 的键见 [json.md](json.md),退出码见 README。
"""


def help_screens() -> Iterator[tuple[str, str]]:
    """Every command path (``zzy``, ``zzy org``, ``zzy org add`` …) with its help, in the order
    ``zzy --help`` lists them."""
    import typer

    from zzy.cli import app

    root = typer.main.get_command(app)
    context = root.make_context("zzy", [], resilient_parsing=True, terminal_width=WIDTH)
    yield from _walk(root, context)


def _walk(command: Any, context: Any) -> Iterator[tuple[str, str]]:
    yield context.command_path, command.get_help(context)
    if not hasattr(command, "list_commands"):
        return
    for name in command.list_commands(context):
        sub = command.get_command(context, name)
        if sub is None or getattr(sub, "hidden", False):
            continue
        yield from _walk(sub, sub.make_context(name, [], parent=context, resilient_parsing=True))


def render() -> str:
    """The whole reference, as docs/commands.md holds it."""
    parts = [INTRO]
    for path, text in help_screens():
        parts.append(f"\n## `{path}`\n\n```text\n{text.rstrip()}\n```\n")
    return "".join(parts)


def main() -> int:
    text = render()
    if "--check" in sys.argv[1:]:
        current = DOCS.read_text(encoding="utf-8") if DOCS.exists() else ""
        if current != text:
            print(f"{DOCS} is out of date: run python scripts/command_docs.py", file=sys.stderr)
            return 1
        return 0
    DOCS.parent.mkdir(exist_ok=True)
    DOCS.write_text(text, encoding="utf-8")
    print(f"wrote {DOCS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
