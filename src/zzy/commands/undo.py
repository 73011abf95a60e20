"""``zzy undo``: revert the newest write that is not itself an undo and has not been undone."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from zzy.context import read, run_of, write
from zzy.errors import UsageProblem
from zzy.helptext import HelpCommand
from zzy.location import is_server


def undo(
    ctx: typer.Context,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="不再询问,直接撤销(不在终端上运行时必须给出)")] = False,
) -> None:
    """撤销最近一次写入(整条命令,导入也算一次;先列出将撤销的内容,终端上会询问)。例: zzy undo"""
    from zzy import revert  # start-up

    run = run_of(ctx)
    server = is_server(run.location())
    plan = read(ctx, revert.plan, server=server)
    print("\n".join(plan.lines()))
    if not yes:
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            raise UsageProblem("不在终端上运行时,撤销需要 --yes 确认(如 zzy undo --yes)。未撤销任何内容。")
        if not typer.confirm("确定撤销吗?", default=False):
            print("未撤销任何内容。")
            return
    write(ctx, revert.undo, write_no=plan.write_no, today=run.today, server=server)


def register(app: typer.Typer) -> None:
    app.command("undo", cls=HelpCommand)(undo)
