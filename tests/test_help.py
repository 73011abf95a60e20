"""Every command explains itself in Chinese; ``zzy --help`` starts without the database stack."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.main import get_command

from conftest import Zzy
from zzy.cli import app
from zzy.commands import INDEX


def _commands() -> list[list[str]]:
    root = get_command(app)
    found = []
    for name in root.list_commands(None):  # type: ignore[attr-defined]
        command = root.get_command(None, name)  # type: ignore[attr-defined]
        sub = getattr(command, "commands", None)
        if sub:
            found.extend([name, child] for child in sub)
        else:
            found.append([name])
    return found


@pytest.mark.parametrize("name", list(INDEX))
def test_the_index_says_what_each_command_says(name: str) -> None:
    command = get_command(app).get_command(None, name)  # type: ignore[attr-defined]
    assert command is not None
    assert (command.help or "").strip().startswith(INDEX[name][1])


@pytest.mark.parametrize("path", _commands(), ids=" ".join)
def test_every_command_has_chinese_help_with_an_example(ok: Zzy, path: list[str]) -> None:
    text = ok([*path, "--help"]).stdout
    assert "例" in text or "例:" in text, text
    assert any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_help_does_not_import_the_database_stack() -> None:
    code = "import sys; from zzy.cli import app; print('sqlmodel' in sys.modules or 'sqlalchemy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
    done = subprocess.run([sys.executable, "-m", "zzy", "--help"], capture_output=True, text=True)
    assert done.returncode == 0 and "组织员队伍管理台账" in done.stdout
