"""zzy's command line: the Typer app, its global ``--db`` option, and the one place
where refusals become ``错误: …`` on stderr with the exit code of SPEC section 5.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Annotated, Any

import typer
from typer.exceptions import TyperException
from typer.main import get_group

from zzy.coercion import read_plainly
from zzy.commands import INDEX
from zzy.context import Run, console_refusal
from zzy.errors import ExitCode, Refused, ZzyError, shown_problems
from zzy.helptext import HelpGroup
from zzy.location import is_server, sqlite_path

HELP = """组织员队伍管理台账: 登记党组织、人员、任职,按《组织员队伍建设管理办法》检查条件、提醒期限、生成名册。

先运行 zzy init 创建账本,或运行 zzy demo 看一个示例。"""


class ZzyGroup(HelpGroup):
    """The root command: runs non-standalone so that every refusal is mapped here, once."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        refusal = console_refusal()
        if refusal is not None:  # before anything is printed in Chinese
            sys.stderr.write(refusal)
            if standalone_mode:
                sys.exit(ExitCode.USAGE)
            return ExitCode.USAGE
        from zzy.streams import tolerant_streams  # start-up

        tolerant_streams()  # a GBK console gets GB18030; any other writes ? for what it lacks
        run = Run(args=argv)
        read_plainly(self)
        with _cycle_collector_paused():
            try:
                code = run_guarded(
                    lambda: super(ZzyGroup, self).main(
                        args=argv,
                        prog_name=prog_name or "zzy",
                        complete_var=complete_var,
                        standalone_mode=False,
                        obj=run,
                        **extra,
                    ),
                    committed=run.committed,
                )
            finally:
                run.close()
        _tell_unshown()
        if standalone_mode:
            sys.exit(code)
        return code

    # -- commands are loaded when used (see zzy.commands.INDEX) --------------------------------

    def list_commands(self, ctx: Any) -> list[str]:
        return list(INDEX)

    def get_command(self, ctx: Any, name: str) -> Any:
        if name not in INDEX:
            return None
        return _module_commands(INDEX[name][0])[name]

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        with formatter.section("命令"):
            formatter.write_dl([(name, help_line) for name, (_, help_line) in INDEX.items()])


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Run a command without Python's cycle collector.

    A command is one short process; reference counting frees what it drops.  The collector
    would only walk, again and again, the few hundred thousand facts a province's report keeps
    alive: a third of ``remind``'s time at N = 100 000, for no memory saved (``benchmarks/``).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@cache
def _module_commands(module_name: str) -> dict[str, Any]:
    """Build the Click commands of one ``zzy.commands`` module."""
    holder = typer.Typer(cls=HelpGroup, rich_markup_mode=None)
    importlib.import_module(f"zzy.commands.{module_name}").register(holder)
    group = get_group(holder)
    read_plainly(group)
    return dict(group.commands)



def _tell_unshown() -> None:
    """Say on stderr which characters the console could not show (:mod:`zzy.streams`)."""
    from zzy.streams import unshown_notice  # start-up

    notice = unshown_notice()
    if notice is not None:
        try:
            print(notice, file=sys.stderr)
        except (OSError, ValueError):
            pass


def run_guarded(invoke: Any, committed: Callable[[], bool] = lambda: False) -> int:
    """Run the command; turn every refusal into ``错误: …`` and its exit code.  ``committed`` tells
    whether a write was recorded before the failure, so that the message never denies it."""
    from zzy.streams import reader_gone  # start-up

    try:
        result = invoke()
        sys.stdout.flush()  # a reader that went away (``| head``) is noticed here, not at exit
        return result if isinstance(result, int) else ExitCode.OK
    except ZzyError as error:
        print_error(error.message, error.problems)
        return error.exit_code
    except TyperException as error:  # Click's errors, as Typer raises them
        kinds = click_kinds(error)
        if "NoArgsIsHelpError" in kinds:
            context = getattr(error, "ctx", None)
            if context is not None:
                print(context.get_help())
            return ExitCode.USAGE
        if "UsageError" in kinds:
            try:
                message = usage_message(error)
            except Exception:  # an unforeseen shape of Click error: still one line, no traceback
                message = f"用法错误: {error.format_message()}"
            print_error(message, [])
            return ExitCode.USAGE
        print_error(error.format_message(), [])
        return int(getattr(error, "exit_code", ExitCode.USAGE))
    except typer.Abort:
        print_error("已取消。", [])
        return 130
    except KeyboardInterrupt:
        print_error("已中断,未完成的写入已撤销。", [])
        return 130
    except BrokenPipeError:
        _quiet_stdout()
        return ExitCode.OK
    except SystemExit as exit_:
        # Click answers a broken pipe with exit 1; for zzy a reader that stopped reading is no error.
        if exit_.__context__ is not None and reader_gone(exit_.__context__):
            _quiet_stdout()
            return ExitCode.OK
        raise
    except Exception as error:  # the last line of defence: never a traceback
        if reader_gone(error):  # Windows: a closed pipe is OSError(EINVAL)
            _quiet_stdout()
            return ExitCode.OK
        if os.environ.get("ZZY_DEBUG") == "1":
            raise
        print_error(internal_error_message(error, committed=committed()), [])
        return ExitCode.LEDGER_UNUSABLE


def internal_error_message(error: BaseException, *, committed: bool) -> str:
    """What an unforeseen failure means for the ledger: untouched, or written but not fully shown."""
    after = ("本次操作已经写入账本,只是结果未能完整显示;请勿重复操作,可用 zzy log 查看记录。"
             if committed else "本次操作未写入账本。")
    return (f"zzy 内部错误({type(error).__name__}),{after}"
            "请设置环境变量 ZZY_DEBUG=1 重新运行,并把输出交给维护人员。")


def _quiet_stdout() -> None:
    """The reader of our output has gone (``zzy remind | head -1``): that is no error (SPEC section 11).

    What is still buffered goes nowhere, so Python's own flush at exit has nothing to complain of.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


#: Options of ``zzy`` itself, which go before the command (``zzy --db X demo``).
GLOBAL_OPTIONS = ("--db",)


def click_kinds(error: BaseException) -> set[str]:
    """The names of an error's classes.  Typer keeps its copy of Click private (``typer._click``) and
    exports only some of its exceptions (``typer.BadParameter``, told apart by ``isinstance``), so the
    others are told apart by their class names, never by their English text (a plain ``UsageError`` is
    marked by :mod:`zzy.helptext` with what it is about)."""
    return {kind.__name__ for kind in type(error).__mro__}


def usage_message(error: Any) -> str:
    """A Chinese sentence for Click's own usage errors."""
    command = error.ctx.command_path if getattr(error, "ctx", None) else "zzy"
    hint = f"用 {command} --help 查看用法。"
    kinds = click_kinds(error)
    if "NoSuchOption" in kinds:
        if error.option_name in GLOBAL_OPTIONS and command != "zzy":
            return f"{error.option_name} 是全局选项,须写在命令之前: {global_first(error)}"
        maybe = f"您是否想用 {'、'.join(sorted(error.possibilities))}?" if error.possibilities else ""
        return f"没有选项 {error.option_name}。{maybe}{hint}"
    if "MissingParameter" in kinds:
        param = error.param
        if param is not None and param.param_type_name == "option":
            return f"缺少选项 {max(param.opts, key=len)}。{hint}"
        name = (param.metavar or param.name or "").upper() if param is not None else ""
        return f"缺少参数 {name}。{hint}"
    if isinstance(error, typer.BadParameter):
        where = error.param.get_error_hint() if error.param is not None else ""
        return f"{where} 的值无效: {error.message}。{hint}"
    if "BadOptionUsage" in kinds:
        return f"选项 {error.option_name} 需要一个值。{hint}"
    message = error.message
    if getattr(error, "no_such_command", None) is not None:  # marked by helptext.HelpGroup
        return f"没有命令 {error.no_such_command}。{hint}"
    if getattr(error, "extra_arguments", False):  # marked by helptext's parse_args; the words are Click's
        inner = message[: message.rfind(")")]  # "...argument(s) (WORDS)": the words after the first " ("
        extra = inner[inner.find(" (") + 2 :]
        return f"多余的参数: {extra}。{hint}"
    return f"用法错误: {message}。{hint}"


def global_first(error: Any) -> str:
    """The command line the clerk typed, with the global option moved before the command."""
    import shlex  # start-up

    run = error.ctx.find_root().obj if error.ctx is not None else None
    args = list(getattr(run, "args", None) or [])
    name = error.option_name
    for index in range(len(args) - 1, 0, -1):
        if args[index] == name and index + 1 < len(args):
            return shlex.join(["zzy", name, args[index + 1], *args[:index], *args[index + 2:]])
        if args[index].startswith(f"{name}="):
            return shlex.join(["zzy", args[index], *args[:index], *args[index + 1:]])
    return f"zzy {name} … {error.ctx.command_path.removeprefix('zzy ')} …"


def print_error(message: str, problems: Sequence[str]) -> None:
    """``错误: …`` on stderr, with each problem on a line of its own; never a database password."""
    from rich.console import Console  # start-up
    from rich.text import Text  # start-up

    from zzy.audit import without_passwords  # start-up

    message, problems = without_passwords(message), [without_passwords(p) for p in shown_problems(list(problems))]

    stderr = Console(stderr=True, highlight=False, markup=False, emoji=False, soft_wrap=True)
    line = Text("错误: ", style="bold red")
    line.append(message)
    stderr.print(line)
    for problem in problems:
        stderr.print(f"  - {problem}")


app = typer.Typer(
    name="zzy",
    cls=ZzyGroup,
    help=HELP,
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def print_version(wanted: bool) -> None:
    """``zzy --version``: the installed package's version, read only when asked for."""
    if wanted:
        from importlib.metadata import version  # start-up

        print(f"zzy {version('zzy')}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option("--db", metavar="PATH", help="账本文件(默认: 环境变量 ZZY_DB,否则用户数据目录下的 zzy/ledger.db)"),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=print_version, is_eager=True, expose_value=False, help="显示版本号并退出。"),
    ] = False,
) -> None:
    """组织员队伍管理台账."""
    run: Run = ctx.ensure_object(Run)
    run.db = db
    _never_onto_the_ledger(run)


def _never_onto_the_ledger(run: Run) -> None:
    """Refuse, before anything is written, to run with standard output (or error) opened on the
    ledger or its ``-wal``/``-shm``: the report would overwrite the ledger's first pages."""
    from zzy.files import outputs_on_the_ledger  # start-up

    location = run.location()
    if is_server(location):
        return
    streams = outputs_on_the_ledger(sqlite_path(location))
    if not streams:
        return
    if 2 in streams:  # not even the refusal may be written there
        os._exit(ExitCode.REFUSED)
    raise Refused(f"标准输出被指向了账本文件 {location}(或它的 -wal/-shm 文件),写出的内容会覆盖账本。"
                  "什么也没有做。请把输出重定向到别的文件,或用 --output 指定。")




def main() -> None:
    """The ``zzy`` console script."""
    app()
