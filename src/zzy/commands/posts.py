"""Posts (任职): ``appoint``, ``leave``, ``trial`` (art. 13) and ``rotate`` (art. 20)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from zzy import params
from zzy.choices import PostKind, Rank, TrialResult
from zzy.context import read, run_of, write
from zzy.helptext import HelpCommand, group
from zzy.params import (
    Force,
    Format,
    Number,
    OrgCode,
    Output,
    PersonFilter,
    StaffNo,
    VoidReason,
    Wide,
    date_option,
    destination,
)
from zzy.render import emit

On = Annotated[date, date_option("--on", help="日期")]
post_app = group("任职记录: 列表、更正、作废。")


def appoint(
    ctx: typer.Context,
    staff_no: StaffNo,
    org: OrgCode,
    kind: Annotated[PostKind, typer.Option("--kind", parser=PostKind.parse, metavar="full|part",
                                           help="类别: full 专职 / part 兼职")],
    rank: Annotated[Rank, typer.Option("--rank", parser=Rank.parse, metavar="none|deputy-section|section",
                                       help="职级: none 无 / deputy-section 副科级 / section 正科级")],
    on: Annotated[date, date_option("--on", help="任职日期")],
    promoted: Annotated[bool, typer.Option("--promoted", help="新提拔(实行一年试用期,第十三条)")] = False,
    prior_rank: Annotated[Rank | None, typer.Option("--prior-rank", parser=Rank.parse, metavar="RANK",
                                                    help="试任前职级(与 --promoted 一起用)")] = None,
    override: Annotated[str | None, typer.Option("--override", metavar="REASON",
                                                 help="不符合任职条件时的特批理由(记入账本和审计日志)")] = None,
) -> None:
    """任命组织员(检查第十一、十二、十九条)。例: zzy appoint T001 jd --kind full --rank section --on 2024-03-01"""
    from zzy import ledger  # start-up

    write(ctx, ledger.appoint, staff_no=staff_no, org=org, kind=kind, rank=rank, start=on,
          promoted=promoted, prior_rank=prior_rank, override=override)


def leave(
    ctx: typer.Context,
    staff_no: StaffNo,
    on: Annotated[date, date_option("--on", help="离任日期: 离开岗位的第一天(不是最后工作日;连任时等于新任职的任职日期)")],
    org: Annotated[str | None, typer.Option("--org", metavar="CODE", help="离任哪个党组织的职务(任多个职务时必填)",
                                                    autocompletion=params.complete_org)] = None,
    reason: Annotated[str | None, typer.Option("--reason", metavar="TEXT", help="离任原因")] = None,
) -> None:
    """办理离任。例: zzy leave T001 --on 2026-07-01 --reason 退休"""
    from zzy import ledger  # start-up

    write(ctx, ledger.leave, staff_no=staff_no, on=on, org=org, reason=reason)


def trial(
    ctx: typer.Context,
    staff_no: StaffNo,
    result: Annotated[TrialResult, typer.Option("--result", parser=TrialResult.parse, metavar="pass|fail",
                                                help="考核结果: pass 胜任 / fail 不胜任")],
    on: Annotated[date, date_option("--on", help="考核日期(不早于试用期满之日)")],
    org: Annotated[str | None, typer.Option("--org", metavar="CODE",
                                            help="考核哪个党组织的职务(有多个待考核的试用期时必填)")] = None,
) -> None:
    """记录新提拔组织员的试用期考核结果(第十三条)。例: zzy trial T001 --result pass --on 2025-03-01"""
    from zzy import ledger  # start-up

    write(ctx, ledger.record_trial, staff_no=staff_no, result=result, on=on, org=org)


def rotate(
    ctx: typer.Context,
    staff_no: StaffNo,
    org: OrgCode,
    on: Annotated[date, date_option("--on", help="轮岗日期(不早于满8年之日)")],
) -> None:
    """办理交流轮岗: 离任现专职岗位并到另一党组织任同类别、同职级职务(第二十条)。例: zzy rotate T001 jj --on 2026-09-01"""
    from zzy import ledger  # start-up

    write(ctx, ledger.rotate, staff_no=staff_no, org=org, on=on)


@post_app.command("list", cls=HelpCommand)
def post_list(
    ctx: typer.Context,
    person: PersonFilter = None,
    org: Annotated[str | None, typer.Option("--org", metavar="CODE", help="只列出这个党组织的任职",
                                            autocompletion=params.complete_org)] = None,
    active: Annotated[bool, typer.Option("--active", help="只列出今天在任的任职")] = False,
    wide: Wide = False,
    fmt: Format = None,
    output: Output = None,
    force: Force = False,
) -> None:
    """列出任职记录及其编号。例: zzy post list --person T001"""
    from zzy import views  # start-up

    active_on = run_of(ctx).today if active else None
    emit(read(ctx, views.post_list, person=person, org=org, active_on=active_on), fmt,
         destination(ctx, output, force, wide=wide))


@post_app.command("edit", cls=HelpCommand)
def post_edit(
    ctx: typer.Context,
    number: Number,
    on: Annotated[date | None, date_option("--on", help="任职日期")] = None,
    end: Annotated[date | None, date_option("--end", help="离任日期: 离开岗位的第一天(不是最后工作日)")] = None,
    kind: Annotated[PostKind | None, typer.Option("--kind", parser=PostKind.parse, metavar="full|part",
                                                  help="类别: full 专职 / part 兼职")] = None,
    rank: Annotated[Rank | None, typer.Option("--rank", parser=Rank.parse, metavar="none|deputy-section|section",
                                              help="职级: none 无 / deputy-section 副科级 / section 正科级")] = None,
    promoted: Annotated[bool | None, typer.Option("--promoted/--not-promoted", help="是否新提拔")] = None,
    prior_rank: Annotated[Rank | None, typer.Option("--prior-rank", parser=Rank.parse, metavar="RANK",
                                                    help="试任前职级")] = None,
    reason: Annotated[str | None, typer.Option("--reason", metavar="TEXT", help="离任原因")] = None,
    trial_result: Annotated[TrialResult | None, typer.Option("--trial-result", parser=TrialResult.parse,
                                                             metavar="pass|fail", help="试用期考核结果")] = None,
    trial_on: Annotated[date | None, date_option("--trial-on", help="试用期考核日期")] = None,
    override: Annotated[str | None, typer.Option("--override", metavar="REASON",
                                                 help="改后不符合任职条件时的特批理由")] = None,
    clear_end: Annotated[bool, typer.Option("--clear-end", help="清除离任日期和离任原因(误办的离任)")] = False,
    clear_trial: Annotated[bool, typer.Option("--clear-trial", help="清除试用期考核结果和考核日期")] = False,
) -> None:
    """更正一条任职记录(按任命、离任、试用期考核的规定检查改后的记录)。例: zzy post edit 3 --on 2024-04-01"""
    from zzy import corrections  # start-up

    write(ctx, corrections.edit_post, number=number, start=on, end=end, kind=kind, rank=rank, promoted=promoted,
          prior_rank=prior_rank, reason=reason, trial_result=trial_result, trial_on=trial_on, override=override,
          clear_end=clear_end, clear_trial=clear_trial)


@post_app.command("void", cls=HelpCommand)
def post_void(ctx: typer.Context, number: Number, reason: VoidReason) -> None:
    """作废一条误登记的任职记录(审计日志保留原记录)。例: zzy post void 3 --reason 重复登记"""
    from zzy import corrections  # start-up

    write(ctx, corrections.void_post, number=number, reason=reason)


def register(app: typer.Typer) -> None:
    app.add_typer(post_app, name="post")
    app.command("appoint", cls=HelpCommand)(appoint)
    app.command("leave", cls=HelpCommand)(leave)
    app.command("trial", cls=HelpCommand)(trial)
    app.command("rotate", cls=HelpCommand)(rotate)
