"""Issue 17/23: zzy reads its options without Pydantic (``zzy.coercion``), giving exactly what Typer would, and
leaves to Typer any option whose attributes it does not find (a later Typer that renamed one)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import typer
from typer.core import TyperArgument, TyperOption

from conftest import Zzy
from zzy import cli, coercion
from zzy.commands import INDEX

#: Values a clerk might give any option: dates, years, counts, choices, codes, text, nonsense.
TEXTS = ("", "2025-01-01", "2025-1-1", "2025", "3", "-1", "0", "x", "full", "part", "section", "称职", "T001",
         "jd", "json", "csv", "2025-13-40", "  李四 ", "none")


def _commands() -> Iterator[tuple[str, Any]]:
    def walk(path: str, command: Any) -> Iterator[tuple[str, Any]]:
        yield path, command
        for name, sub in getattr(command, "commands", {}).items():
            yield from walk(f"{path} {name}", sub)

    for name, (module, _) in INDEX.items():
        yield from walk(name, cli._module_commands(module)[name])


def _outcome(read: Any) -> tuple[str, Any]:
    try:
        return "value", read()
    except Exception as error:  # noqa: BLE001 - the refusal itself is what is compared
        return type(error).__name__, str(error)


def _values(param: Any) -> list[Any]:
    if param.is_flag if hasattr(param, "is_flag") else False:
        return [None, True, False]
    if param.multiple or param.nargs == -1:
        return [None, (), ("x",), ("2025-01-01", "x"), ("称职", "full")]
    return [None, *TEXTS]


def test_every_option_of_every_command_reads_the_same_plainly_and_through_typer() -> None:
    compared = 0
    for path, command in _commands():
        ctx = typer.Context(command, info_name=path)
        for param in command.params:
            if isinstance(param, coercion.PlainOption):
                typers = TyperOption.process_value
            elif isinstance(param, coercion.PlainArgument):
                typers = TyperArgument.process_value
            else:
                continue
            for value in _values(param):
                plain = _outcome(lambda: param.process_value(ctx, value))  # noqa: B023
                through_typer = _outcome(lambda: typers(param, ctx, value))  # noqa: B023
                assert plain == through_typer, (path, param.name, value)
                compared += 1
    assert compared > 1000  # every option of every command, many values each


def test_every_option_of_every_command_is_read_plainly_with_this_typer() -> None:
    left = [(path, param.name) for path, command in _commands() for param in command.params
            if type(param) in (TyperOption, TyperArgument)]
    assert left == []


@pytest.fixture
def renamed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A Typer that renamed an attribute zzy reads (simulated): zzy must not depend on it."""
    monkeypatch.setattr(coercion, "DESCRIBED", (*coercion.DESCRIBED, "renamed_in_a_later_typer"))
    cli._module_commands.cache_clear()
    yield
    cli._module_commands.cache_clear()


def test_with_an_attribute_renamed_typer_reads_every_option_and_zzy_works(renamed: None, ok: Zzy,
                                                                          zzy: Zzy) -> None:
    assert not any(isinstance(param, coercion.PlainOption | coercion.PlainArgument)
                   for _, command in _commands() for param in command.params)
    ok("init")
    ok("org add jd 机电")
    ok("person add T001 张三 --joined 2015-06-01 --full 2016-06-01")
    ok("appoint T001 jd --kind full --rank none --on 2020-01-01")
    assert [row["staff_no"] for row in ok("post list --format json").json()] == ["T001"]
    refused = zzy("appoint T001 jd --kind full --rank none --on 2020-02-30")
    assert refused.exit_code == 2 and refused.stderr.startswith("错误: ")
