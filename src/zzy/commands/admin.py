"""Ledger housekeeping: ``init`` and ``log``."""

from __future__ import annotations

from typing import Annotated

import typer

from zzy import params
from zzy.choices import OutputFormat
from zzy.context import run_of
from zzy.params import Format
from zzy.render import render


def init(ctx: typer.Context) -> None:
    """创建账本(已存在时不做任何改动)。例: zzy init"""
    from zzy.db import Ledger

    run = run_of(ctx)
    path = run.location()
    _, created = Ledger.create(path, run.invocation())
    if created:
        print(f"已创建账本: {path}")
    else:
        print(f"账本已存在,未做任何改动: {path}")


def log(
    ctx: typer.Context,
    limit: Annotated[
        int | None, typer.Option("--limit", parser=params.parse_count, metavar="N", help="最多显示几条")
    ] = None,
    fmt: Format = OutputFormat.TABLE,
) -> None:
    """查看审计日志(最新的在前)。例: zzy log --limit 20"""
    from zzy import views

    with run_of(ctx).reading() as session:
        report = views.log(session, limit=limit)
    render(report, fmt)


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("log")(log)
