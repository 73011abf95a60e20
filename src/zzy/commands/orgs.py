"""``zzy org …``: party organizations (党组织)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from zzy.choices import OrgKind
from zzy.context import read, write
from zzy.helptext import HelpCommand, group
from zzy.params import Force, Format, OrgCode, Output, VoidReason, date_option, destination
from zzy.render import emit

org_app = group("党组织: 登记、查看、更名、撤销、作废。")


@org_app.command("add", cls=HelpCommand)
def add(
    ctx: typer.Context,
    code: OrgCode,
    name: Annotated[str, typer.Argument(metavar="NAME", help="党组织名称")],
    kind: Annotated[
        OrgKind,
        typer.Option("--kind", parser=OrgKind.parse, metavar="grassroots|committee",
                     help="类型: grassroots 基层党组织 / committee 学院党委"),
    ] = OrgKind.GRASSROOTS,
) -> None:
    """登记一个党组织。例: zzy org add jd 机电工程学院党总支"""
    from zzy import ledger  # start-up

    write(ctx, ledger.add_org, code=code, name=name, kind=kind)


@org_app.command("list", cls=HelpCommand)
def list_(ctx: typer.Context, fmt: Format = None, output: Output = None, force: Force = False) -> None:
    """列出所有党组织。例: zzy org list --output 党组织.xlsx"""
    from zzy import views  # start-up

    emit(read(ctx, views.org_list), fmt, destination(ctx, output, force))


@org_app.command("rename", cls=HelpCommand)
def rename(
    ctx: typer.Context,
    code: OrgCode,
    name: Annotated[str, typer.Argument(metavar="NAME", help="新名称")],
) -> None:
    """给党组织更名。例: zzy org rename jd 智能制造学院党总支"""
    from zzy import ledger  # start-up

    write(ctx, ledger.rename_org, code=code, name=name)


@org_app.command("dissolve", cls=HelpCommand)
def dissolve(
    ctx: typer.Context,
    code: OrgCode,
    on: Annotated[date, date_option("--on", help="撤销日期")],
) -> None:
    """记录党组织撤销(须已无人在任)。例: zzy org dissolve jd --on 2026-07-01"""
    from zzy import ledger  # start-up

    write(ctx, ledger.dissolve_org, code=code, on=on)


@org_app.command("void", cls=HelpCommand)
def void(ctx: typer.Context, code: OrgCode, reason: VoidReason) -> None:
    """作废误登记的党组织(须没有任职或培训提到它)。例: zzy org void jx --reason 代码登记错误"""
    from zzy import corrections  # start-up

    write(ctx, corrections.void_org, code=code, reason=reason)


def register(app: typer.Typer) -> None:
    app.add_typer(org_app, name="org")
