"""Command-line values read without Pydantic.

Typer (0.29) reads every option through a Pydantic ``TypeAdapter`` built when the option is first
read.  Importing Pydantic and building those adapters cost a college's ``zzy org list`` a third of
its instructions (``benchmarks/run.py``).  zzy's options are of a few plain kinds, and zzy reads
those itself: an absent value, flags, text, lists of text, and anything with a ``parser=`` (dates,
years, counts, choices: the parsers in :mod:`zzy.params`, :mod:`zzy.dates` and :mod:`zzy.choices`,
which refuse in Chinese).  The values are the very ones Typer's adapters give.  Everything else (a
path, a value a parser rejects with a ``ValueError``, a missing required value) goes to Typer's own
reading, so that its message is Typer's.

zzy's commands (:mod:`zzy.helptext`) make their parameters :class:`PlainOption` and
:class:`PlainArgument`, subclasses of ``typer.core.TyperOption`` and ``TyperArgument`` whose
``process_value`` (Click's hook for reading a value) does the above.  That reads attributes Typer
sets on its parameters (:data:`NEEDED`, :data:`DESCRIBED`; Typer 0.29, bounded in ``pyproject.toml``).
A parameter without every one of them (a later Typer that renamed one) is not made plain: Typer reads
it as it would without zzy, slower but the same (``tests/test_coercion.py`` reads every option of every
command both ways).
"""

from __future__ import annotations

from typing import Any, get_args, get_origin

from typer.core import TyperArgument, TyperOption

#: What :func:`plain_value` gives for a value zzy leaves to Typer.
_TYPERS = object()


def read_plainly(command: Any) -> None:
    """Let zzy read the parameters of ``command`` and of its subcommands, where it can."""
    for param in command.params:
        read_option_plainly(param)
    for subcommand in getattr(command, "commands", {}).values():
        read_plainly(subcommand)


#: What :func:`plain_value` reads of a Typer parameter, of its ``type_descriptor``, and of that one's
#: ``parameter_info``.
NEEDED = ("type_descriptor", "multiple", "nargs", "required", "callback", "value_is_missing")
DESCRIBED = ("annotation", "parameter_info", "file_annotation")
INFORMED = ("parser",)


def readable(param: Any) -> bool:
    """Whether ``param`` has every attribute zzy reads (else Typer reads it, as it would without zzy)."""
    if not all(hasattr(param, name) for name in NEEDED):
        return False
    descriptor = param.type_descriptor
    if not all(hasattr(descriptor, name) for name in DESCRIBED):
        return False
    return all(hasattr(descriptor.parameter_info, name) for name in INFORMED)


def read_option_plainly(param: Any) -> None:
    """Let zzy read one option or argument (Typer's own kinds with every attribute zzy reads; any other
    is left as it is)."""
    if not readable(param):
        return
    if type(param) is TyperOption:
        param.__class__ = PlainOption
    elif type(param) is TyperArgument:
        param.__class__ = PlainArgument


def plain_value(param: Any, value: Any) -> Any:
    """``value`` as Typer's adapter would give it, for the kinds zzy reads; ``_TYPERS`` for the others."""
    descriptor = param.type_descriptor
    annotation, info = descriptor.annotation, descriptor.parameter_info
    if value is None:
        return () if param.multiple or param.nargs == -1 else None
    if descriptor.file_annotation is not None:
        return _TYPERS
    if get_origin(annotation) is list:
        if (get_args(annotation) == (str,) and info.parser is None and isinstance(value, list | tuple)
                and all(item.__class__ is str for item in value)):
            return list(value)
        return _TYPERS
    if value.__class__ is bool:
        return value if annotation is bool else _TYPERS
    if value.__class__ is not str:
        return _TYPERS
    if info.parser is not None:
        return info.parser(value)
    return value if annotation is str else _TYPERS


def _read(param: Any, ctx: Any, value: Any, typers: Any) -> Any:
    """``process_value`` as Typer's (``typers``), reading the plain kinds without Pydantic."""
    try:
        read = plain_value(param, value)
    except (ValueError, TypeError, AssertionError):  # Typer's adapter words these itself
        read = _TYPERS
    if read is _TYPERS or (param.required and param.value_is_missing(read)):
        return typers(ctx, value)
    return read if param.callback is None else param.callback(ctx, param, read)


class PlainOption(TyperOption):
    """A Typer option zzy reads (see the module's docstring)."""

    def process_value(self, ctx: Any, value: Any) -> Any:
        return _read(self, ctx, value, super().process_value)


class PlainArgument(TyperArgument):
    """A Typer argument zzy reads (see the module's docstring)."""

    def process_value(self, ctx: Any, value: Any) -> Any:
        return _read(self, ctx, value, super().process_value)
