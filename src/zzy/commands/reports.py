"""The reports: ``check`` (arts. 11–12), ``remind`` and ``roster``."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from zzy import params
from zzy.choices import PostKind, Rank
from zzy.context import run_of
from zzy.errors import ExitCode
from zzy.helptext import HelpCommand
from zzy.params import AsOf, Force, Format, Output, StaffNo, Wide, destination
from zzy.render import emit


def check(
    ctx: typer.Context,
    staff_no: StaffNo,
    kind: Annotated[PostKind | None, typer.Option("--kind", parser=PostKind.parse, metavar="full|part",
                                                  help="按哪种类别检查(默认: 现任职务,否则专职)")] = None,
    rank: Annotated[Rank | None, typer.Option("--rank", parser=Rank.parse, metavar="RANK",
                                              help="按哪个职级检查(默认: 现任职级,否则无)")] = None,
    as_of: AsOf = None,
    wide: Wide = False,
    fmt: Format = None,
    output: Output = None,
    force: Force = False,
) -> None:
    """检查任职条件(第十一条、第十二条第四项);符合退出码 0,不符合 1。例: zzy check T001 --rank section"""
    from zzy import reports  # start-up

    run = run_of(ctx)
    with run.reading() as reader:
        report, eligible = reports.check(reader, staff_no, kind=kind, rank=rank, as_of=as_of or run.today)
    emit(report, fmt, destination(ctx, output, force, wide=wide))
    if not eligible:
        raise typer.Exit(ExitCode.NOT_ELIGIBLE)


def remind(
    ctx: typer.Context,
    within: Annotated[int | None, typer.Option("--within", parser=params.parse_count, metavar="DAYS",
                                               help="提前多少天提醒(默认取配置 remind_within_days)")] = None,
    as_of: AsOf = None,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="没有到期或逾期事项时什么也不输出(供 cron 使用)")] = False,
    org: Annotated[str | None, typer.Option("--org", metavar="CODE", help="只看这个党组织的事项")] = None,
    person: Annotated[str | None, typer.Option("--person", metavar="X", help="只看这个人(工号或姓名)的事项")] = None,
    kind: Annotated[str | None, typer.Option("--kind", metavar="KIND",
                                             help="只看这类事项(如 trial_due,或中文名称 试用期将满)")] = None,
    wide: Wide = False,
    fmt: Format = None,
    output: Output = None,
    force: Force = False,
) -> None:
    """列出到期、逾期和需要注意的事项。例: zzy remind --within 30"""
    from zzy import reports  # start-up

    run = run_of(ctx)
    with run.reading() as reader:
        report, urgent = reports.remind(reader, as_of=as_of or run.today, within=within, org=org,
                                        person=person, kind=kind)
    if quiet and not urgent:
        return
    emit(report, fmt, destination(ctx, output, force, wide=wide))


def roster(
    ctx: typer.Context,
    year: Annotated[int | None, typer.Option("--year", parser=params.parse_year, metavar="YEAR",
                                             help="年度(默认今年)")] = None,
    as_of: Annotated[date | None, params.date_option("--as-of", help="党龄计算到哪一天(默认该年 12 月 31 日)")] = None,
    wide: Wide = False,
    fmt: Format = None,
    output: Output = None,
    force: Force = False,
) -> None:
    """生成年度组织员名册(该年内有效的每一条任职)。例: zzy roster --year 2026 --output 名册.xlsx"""
    from zzy import reports  # start-up

    run = run_of(ctx)
    with run.reading() as reader:
        report = reports.roster(reader, year=year or (as_of or run.today).year, as_of=as_of)
    emit(report, fmt, destination(ctx, output, force, wide=wide))


def register(app: typer.Typer) -> None:
    app.command("check", cls=HelpCommand)(check)
    app.command("remind", cls=HelpCommand)(remind)
    app.command("roster", cls=HelpCommand)(roster)
