"""docs/commands.md is the program's own help, regenerated: help and docs cannot drift apart."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

from conftest import Zzy
from zzy.commands import INDEX

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "command_docs.py"


def command_docs(script: Path = SCRIPT):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(script.stem, script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_command_reference_is_current() -> None:
    docs = command_docs()
    assert docs.DOCS.read_text(encoding="utf-8") == docs.render(), (
        "docs/commands.md is out of date: run python scripts/command_docs.py")


def test_the_json_and_csv_keys_are_documented_as_the_reports_declare_them() -> None:
    docs = command_docs(ROOT / "scripts" / "json_docs.py")
    assert docs.DOCS.read_text(encoding="utf-8") == docs.render(), (
        "docs/json.md is out of date: run python scripts/json_docs.py")


def test_the_docs_point_to_no_file_a_user_does_not_have() -> None:
    import re

    for page in (ROOT / "docs").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        assert "SPEC" not in text, page.name
        for target in re.findall(r"\]\(([^)#:]+)\)", text):
            assert (page.parent / target).exists(), (page.name, target)


def test_the_reference_has_every_command_with_its_help() -> None:
    docs = command_docs()
    screens = dict(docs.help_screens())
    assert [path for path in screens if path.count(" ") == 1] == [f"zzy {name}" for name in INDEX]
    for path, text in screens.items():
        assert text.startswith(f"用法: {path} ")
        assert "Usage" not in text and "[default" not in text, path
    for path in ("zzy", "zzy org add", "zzy roster"):
        printed = subprocess.run([sys.executable, "-m", "zzy", *path.split()[1:], "--help"], capture_output=True,
                                 text=True, env={**os.environ, "COLUMNS": "100"}, check=True).stdout
        assert screens[path] == printed.rstrip("\n")


def test_version_prints_the_installed_version() -> None:
    from importlib.metadata import version

    done = subprocess.run([sys.executable, "-m", "zzy", "--version"], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (0, f"zzy {version('zzy')}\n", "")


def test_db_after_the_command_says_it_goes_before(zzy: Zzy, tmp_path: Path) -> None:
    result = zzy(f"demo --db {tmp_path / 'x.db'}")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"错误: --db 是全局选项,须写在命令之前: zzy --db {tmp_path / 'x.db'} demo\n"
    assert zzy("org list --db=x.db --format json").stderr == (
        "错误: --db 是全局选项,须写在命令之前: zzy --db=x.db org list --format json\n")
    assert not (tmp_path / "x.db").exists()


def test_roster_help_says_as_of_defaults_to_the_end_of_the_year(ok: Zzy) -> None:
    assert "党龄计算到哪一天(默认该年 12 月 31 日)" in ok("roster --help").stdout


def test_every_help_screen_fits_80_columns_counting_a_chinese_character_as_two() -> None:
    from rich.cells import cell_len

    for path, text in command_docs().help_screens():
        too_wide = [line for line in text.splitlines() if cell_len(line) > 80]
        assert not too_wide, (path, too_wide)


def test_every_0x_dependency_and_every_one_leant_on_has_an_upper_bound() -> None:
    """Issue 23: a 0.x library may break in any release, and zzy leans on Typer's, Rich's and SQLAlchemy's
    behaviour; each is bounded above, and the installed versions are inside the bounds."""
    import re
    import tomllib
    from importlib.metadata import version

    project = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = [*project["dependencies"], *(d for extra in project["optional-dependencies"].values() for d in extra)]
    bounds = {}
    for requirement in declared:
        name = re.split(r"[\[<>=!~ ]", requirement, maxsplit=1)[0].lower()
        bounds[name] = requirement
    leant_on = {"typer", "rich", "sqlalchemy", "sqlmodel"}
    assert leant_on <= set(bounds)
    for name, requirement in bounds.items():
        installed = version(name)
        if installed.startswith("0.") or name in leant_on:
            assert "<" in requirement, requirement
        upper = re.search(r"<([0-9.]+)", requirement)
        if upper:
            as_tuple = [int(part) for part in re.findall(r"\d+", installed)[:3]]
            assert as_tuple < [int(part) for part in upper.group(1).split(".")], (requirement, installed)
