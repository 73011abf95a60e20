"""``zzy grant`` and ``zzy revoke``: who may do what on a shared PostgreSQL ledger (SPEC section 10)."""

from __future__ import annotations

from typing import Annotated

import typer

from zzy.choices import Right
from zzy.context import Run, run_of
from zzy.errors import Refused, UsageProblem
from zzy.helptext import HelpCommand
from zzy.location import is_server
from zzy.params import Force, Format, Output, destination
from zzy.render import emit

Role = Annotated[str, typer.Argument(metavar="ROLE", help="数据库角色(登录名)")]


def _on_a_server(ctx: typer.Context) -> Run:
    """This run, if its ledger is on a server; on SQLite, the refusal that explains."""
    from zzy.access import SQLITE_HAS_NO_ROLES  # start-up

    run = run_of(ctx)
    if not is_server(run.location()):
        raise Refused(SQLITE_HAS_NO_ROLES)
    return run


def grant(
    ctx: typer.Context,
    role: Annotated[str | None, typer.Argument(metavar="ROLE", help="数据库角色(登录名)")] = None,
    right: Annotated[Right | None, typer.Option(
        "--as", parser=Right.parse, metavar="reader|clerk|admin",
        help="权限: reader 只读 / clerk 文书(也写入记录) / admin 管理员(也改设置、授权、恢复、作废人员和党组织)")] = None,
    orgs: Annotated[list[str] | None, typer.Option("--org", metavar="CODE",
                                                   help="只限这些党组织(可重复;不给则为全部)")] = None,
    list_: Annotated[bool, typer.Option("--list", help="列出本账本的全部授权")] = False,
    fmt: Format = None,
    output: Output = None,
    force: Force = False,
) -> None:
    """给数据库角色授权(仅 PostgreSQL 账本;须由 admin 运行)。例: zzy grant wang --as clerk --org jd"""
    from zzy import access  # start-up

    if list_:
        if role is not None or right is not None or orgs:
            raise UsageProblem("--list 不能与 ROLE、--as、--org 同用。用 zzy grant --list 查看授权。")
        from zzy import views  # start-up

        with _on_a_server(ctx).open().reading() as session:
            grants = views.grants(access.grants(session))
        emit(grants, fmt, destination(ctx, output, force))
        return
    if fmt is not None or output is not None:
        raise UsageProblem("--format、--output 只用于 zzy grant --list。")
    if role is None or right is None:
        raise UsageProblem("请给出角色和权限,例如 zzy grant wang --as clerk;或用 zzy grant --list 查看授权。")
    grantee, chosen = role, right
    print(_on_a_server(ctx).write(
        lambda session: access.grant(session, role=grantee, right=chosen, orgs=orgs or [])).message)


def revoke(ctx: typer.Context, role: Role) -> None:
    """收回数据库角色对本账本的全部权限(仅 PostgreSQL 账本;须由 admin 运行)。例: zzy revoke wang"""
    from zzy import access  # start-up

    print(_on_a_server(ctx).write(lambda session: access.revoke(session, role=role)).message)


def register(app: typer.Typer) -> None:
    app.command("grant", cls=HelpCommand)(grant)
    app.command("revoke", cls=HelpCommand)(revoke)
