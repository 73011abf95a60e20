"""Command-line values read without Pydantic.

Typer (0.29) reads every option through a Pydantic ``TypeAdapter`` built when the option is first
read.  Importing Pydantic and building those adapters cost a college's ``zzy org list`` more than
everything else it does (a third of its instructions, ``benchmarks/run.py``).  zzy's options are of
a few plain kinds, and zzy reads them itself: flags, text, lists of text, paths, and anything with a
``parser=`` (dates, years, counts, choices: the parsers in :mod:`zzy.params`, :mod:`zzy.dates` and
:mod:`zzy.choices`, which refuse in Chinese).  The values are the very ones Typer's adapters give;
a value those readers do not expect (no such value comes from a command line) is handed to Typer's
own adapter, so that its message is Typer's.  An option of any other kind is left to Typer.

This reaches into Typer's private coercion (``typer._coercion``, a parameter's ``_runtime_param``),
as Typer offers no public way to read an option without Pydantic.  If a later Typer changes them,
nothing breaks: the options are then read by Typer's adapters again, only slower
(``tests/test_startup.py`` notices).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, get_args, get_origin

try:
    from typer._coercion import RuntimeParam, build_runtime_param
    from typer._param_types import coerce_cli_path
except ImportError:  # a Typer without them: its own adapters read every option
    RuntimeParam = None  # type: ignore[assignment,misc]

#: How a value of one option is read: ``(value, parameter, context) -> value``.
Read = Callable[[Any, Any, Any], Any]


def read_plainly(command: Any) -> None:
    """Let zzy read the options of ``command`` and of its subcommands, where it can (their
    ``--help``, made on use, in :mod:`zzy.helptext`)."""
    for param in command.params:
        read_option_plainly(param)
    for subcommand in getattr(command, "commands", {}).values():
        read_plainly(subcommand)


def read_option_plainly(param: Any) -> None:
    """Let zzy read one option (or argument), if it is of a kind zzy reads."""
    if RuntimeParam is None or getattr(param, "_runtime_param", ...) is not None:
        return  # a Typer without the private parts, an option read already, or not Typer's
    descriptor: Any = getattr(param, "type_descriptor", None)
    read = _reader(descriptor) if descriptor is not None else None
    if read is not None:
        param._runtime_param = _Plain(parameter_info=descriptor.parameter_info, annotation=descriptor.annotation,
                                      read=read)


def _reader(descriptor: Any) -> Read | None:
    """How zzy reads an option of this kind, or ``None`` to leave it to Typer."""
    info, annotation = descriptor.parameter_info, descriptor.annotation
    if descriptor.file_annotation is not None:
        return None
    if annotation is bool:
        return _flag
    if get_origin(annotation) is list:
        return _texts if get_args(annotation) == (str,) and info.parser is None else None
    if info.parser is not None:
        parser = info.parser
        return lambda value, param, ctx: parser(value)
    if annotation is str:
        return _text
    if annotation is Path and _plain_path(info):
        return _path
    return None


def _text(value: Any, param: Any, ctx: Any) -> str:
    if value.__class__ is not str:
        raise TypeError(value)  # bytes and the like: Typer's adapter decodes them
    return value


def _flag(value: Any, param: Any, ctx: Any) -> bool:
    if value.__class__ is not bool:
        raise TypeError(value)  # ``yes``, ``0`` and the like: Typer's adapter reads them
    return value


def _texts(value: Any, param: Any, ctx: Any) -> list[str]:
    items = value if isinstance(value, list | tuple) else [value]
    return [_text(item, param, ctx) for item in items]


def _plain_path(info: Any) -> bool:
    """A path option with none of Click's checks but the existence of what it names (``exists``)."""
    return info.path_type is None and not (info.resolve_path or info.allow_dash)


def _path(value: Any, param: Any, ctx: Any) -> Any:
    if value.__class__ is not str:
        raise TypeError(value)
    return coerce_cli_path(Path(value), param.type_descriptor.parameter_info, path_type=Path, param=param, ctx=ctx)


if RuntimeParam is not None:

    class _Plain(RuntimeParam):
        """An option read by zzy; what its reader does not expect goes to Typer's adapter.  (Not a
        dataclass of its own: making one is start-up time for every command, ``--help`` too.)"""

        read: Read

        def __init__(self, *, parameter_info: Any, annotation: Any, read: Read) -> None:
            super().__init__(parameter_info=parameter_info, annotation=annotation)
            object.__setattr__(self, "read", read)  # Typer's runtime parameters are frozen

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            try:
                return self.read(value, param, ctx)
            except (TypeError, ValueError, AssertionError):
                return build_runtime_param(param.type_descriptor)._coerce_value(value, param=param, ctx=ctx)
