"""Arts. 15–18: ``training``, ``report``, ``target``, ``assess``, ``commend``, ``summary``, ``config``."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import partial
from typing import Annotated

import typer

from zzy import params
from zzy.choices import Grade, TargetResult, TrainingKind
from zzy.context import read, run_of, write
from zzy.helptext import HelpCommand, default_group, group
from zzy.params import Force, Format, Output, PersonFilter, StaffNo, VoidReason, Wide, date_option, destination
from zzy.render import emit

training_app = group("培训与工作交流(第十八条)。")
report_app = group("工作汇报(第十五条)。")
target_app = group("目标管理(第十六条)。")
assess_app = default_group("年度考核等次(第十七条): 记录、列表、更正、作废。")
commend_app = default_group("党委表彰(第十七条): 记录、列表、更正、作废。")
config_app = group("设置: report_interval_months、remind_within_days、notice_contact、notice_phone。")

Year = Annotated[int | None, typer.Option("--year", parser=params.parse_year, metavar="YEAR", help="年度")]
Number = Annotated[int, typer.Argument(parser=params.parse_count, metavar="ID", help="编号(#N 中的 N)")]
OptionalTitle = Annotated[str | None, typer.Option("--title", metavar="T", help="名称")]
Title = Annotated[str, typer.Option("--title", metavar="T", help="名称")]


@training_app.command("add", cls=HelpCommand)
def training_add(
    ctx: typer.Context,
    on: Annotated[date, date_option("--on", help="日期")],
    title: Title,
    kind: Annotated[TrainingKind, typer.Option("--kind", parser=TrainingKind.parse, metavar="training|exchange",
                                               help="类型: training 业务培训 / exchange 工作交流")] = TrainingKind.TRAINING,
    host: Annotated[str | None, typer.Option("--host", metavar="ORG", help="主办党组织代码(默认学院党委)",
                                                      autocompletion=params.complete_org)] = None,
) -> None:
    """登记一次业务培训或工作交流,打印其编号 #N。例: zzy training add --on 2026-05-20 --title 发展党员业务培训"""
    from zzy import records  # start-up

    write(ctx, records.add_training, on=on, title=title, kind=kind, host=host)


@training_app.command("attend", cls=HelpCommand)
def training_attend(
    ctx: typer.Context,
    training_id: Number,
    staff_nos: params.StaffNos,
) -> None:
    """登记培训的参加人员。例: zzy training attend 3 T001 T002"""
    from zzy import records  # start-up

    write(ctx, records.attend, training_id=training_id, staff_nos=staff_nos)


@training_app.command("list", cls=HelpCommand)
def training_list(ctx: typer.Context, year: Year = None, person: PersonFilter = None, wide: Wide = False,
                  fmt: Format = None, output: Output = None, force: Force = False) -> None:
    """列出培训与工作交流(--person: 此人参加的)。例: zzy training list --year 2026"""
    from zzy import views  # start-up

    emit(read(ctx, views.training_list, year=year, person=person), fmt, destination(ctx, output, force, wide=wide))


@training_app.command("edit", cls=HelpCommand)
def training_edit(
    ctx: typer.Context,
    training_id: Number,
    on: Annotated[date | None, date_option("--on", help="日期")] = None,
    title: OptionalTitle = None,
    kind: Annotated[TrainingKind | None, typer.Option("--kind", parser=TrainingKind.parse, metavar="training|exchange",
                                                      help="类型: training 业务培训 / exchange 工作交流")] = None,
    host: Annotated[str | None, typer.Option("--host", metavar="ORG", help="主办党组织代码",
                                             autocompletion=params.complete_org)] = None,
) -> None:
    """更正一次培训或工作交流。例: zzy training edit 3 --on 2026-05-21"""
    from zzy import corrections  # start-up

    write(ctx, corrections.edit_training, number=training_id, on=on, title=title, kind=kind, host=host)


@training_app.command("void", cls=HelpCommand)
def training_void(ctx: typer.Context, training_id: Number, reason: VoidReason) -> None:
    """作废一次误登记的培训(连同其参加人员名单,审计日志保留)。例: zzy training void 3 --reason 重复登记"""
    from zzy import corrections  # start-up

    write(ctx, corrections.void_training, number=training_id, reason=reason)


@training_app.command("unattend", cls=HelpCommand)
def training_unattend(ctx: typer.Context, training_id: Number, staff_nos: params.StaffNos) -> None:
    """从培训的参加人员中去掉误登记的人。例: zzy training unattend 3 T002"""
    from zzy import corrections  # start-up

    write(ctx, corrections.unattend, training_id=training_id, staff_nos=staff_nos)


@report_app.command("add", cls=HelpCommand)
def report_add(
    ctx: typer.Context,
    staff_no: StaffNo,
    on: Annotated[date, date_option("--on", help="汇报日期")],
    special: Annotated[bool, typer.Option("--special", help="专题汇报(默认定期汇报)")] = False,
    topic: Annotated[str | None, typer.Option("--topic", metavar="T", help="主题")] = None,
) -> None:
    """登记一次工作汇报。例: zzy report add T001 --on 2026-06-30 --topic 上半年发展党员工作"""
    from zzy import records  # start-up

    write(ctx, records.add_report, staff_no=staff_no, on=on, special=special, topic=topic)


@report_app.command("list", cls=HelpCommand)
def report_list(ctx: typer.Context, year: Year = None, person: PersonFilter = None, fmt: Format = None,
                output: Output = None, force: Force = False) -> None:
    """列出工作汇报及其编号。例: zzy report list --year 2026"""
    from zzy import views  # start-up

    emit(read(ctx, views.report_list, year=year, person=person), fmt, destination(ctx, output, force))


@report_app.command("edit", cls=HelpCommand)
def report_edit(
    ctx: typer.Context,
    report_id: Number,
    on: Annotated[date | None, date_option("--on", help="汇报日期")] = None,
    special: Annotated[bool | None, typer.Option("--special/--regular", help="专题汇报 / 定期汇报")] = None,
    topic: Annotated[str | None, typer.Option("--topic", metavar="T", help="主题")] = None,
) -> None:
    """更正一次工作汇报。例: zzy report edit 5 --on 2026-06-29"""
    from zzy import corrections  # start-up

    write(ctx, corrections.edit_report, number=report_id, on=on, special=special, topic=topic)


@report_app.command("void", cls=HelpCommand)
def report_void(ctx: typer.Context, report_id: Number, reason: VoidReason) -> None:
    """作废一次误登记的工作汇报。例: zzy report void 5 --reason 重复登记"""
    from zzy import corrections  # start-up

    write(ctx, corrections.void_report, number=report_id, reason=reason)


@target_app.command("add", cls=HelpCommand)
def target_add(
    ctx: typer.Context,
    staff_no: StaffNo,
    title: Title,
    due: Annotated[date, date_option("--due", help="期限")],
    quantity: Annotated[str | None, typer.Option("--quantity", metavar="Q", help="数量要求")] = None,
    quality: Annotated[str | None, typer.Option("--quality", metavar="Q", help="质量要求")] = None,
) -> None:
    """为组织员设定目标,打印其编号 #N。例: zzy target add T001 --title 发展党员 --due 2026-12-31 --quantity 10名"""
    from zzy import records  # start-up

    write(ctx, records.add_target, staff_no=staff_no, title=title, due=due, quantity=quantity, quality=quality)


@target_app.command("assess", cls=HelpCommand)
def target_assess(
    ctx: typer.Context,
    target_id: Number,
    result: Annotated[TargetResult, typer.Option("--result", parser=TargetResult.parse, metavar="met|unmet",
                                                 help="结果: met 完成 / unmet 未完成")],
    on: Annotated[date, date_option("--on", help="考核日期")],
) -> None:
    """记录目标的考核结果。例: zzy target assess 2 --result met --on 2026-12-20"""
    from zzy import records  # start-up

    write(ctx, records.assess_target, target_id=target_id, result=result, on=on)


@target_app.command("list", cls=HelpCommand)
def target_list(ctx: typer.Context, person: PersonFilter = None, wide: Wide = False, fmt: Format = None,
                output: Output = None, force: Force = False) -> None:
    """列出目标及考核结果。例: zzy target list --format csv"""
    from zzy import views  # start-up

    emit(read(ctx, views.target_list, person=person), fmt, destination(ctx, output, force, wide=wide))


@target_app.command("edit", cls=HelpCommand)
def target_edit(
    ctx: typer.Context,
    target_id: Number,
    title: OptionalTitle = None,
    due: Annotated[date | None, date_option("--due", help="期限")] = None,
    quantity: Annotated[str | None, typer.Option("--quantity", metavar="Q", help="数量要求")] = None,
    quality: Annotated[str | None, typer.Option("--quality", metavar="Q", help="质量要求")] = None,
    result: Annotated[TargetResult | None, typer.Option("--result", parser=TargetResult.parse, metavar="met|unmet",
                                                        help="考核结果: met 完成 / unmet 未完成")] = None,
    on: Annotated[date | None, date_option("--on", help="考核日期")] = None,
    clear_result: Annotated[bool, typer.Option("--clear-result", help="清除考核结果和考核日期")] = False,
) -> None:
    """更正一项目标或其考核结果。例: zzy target edit 2 --due 2027-06-30"""
    from zzy import corrections  # start-up

    write(ctx, corrections.edit_target, number=target_id, title=title, due=due, quantity=quantity, quality=quality,
          result=result, on=on, clear_result=clear_result)


@target_app.command("void", cls=HelpCommand)
def target_void(ctx: typer.Context, target_id: Number, reason: VoidReason) -> None:
    """作废一项误登记的目标。例: zzy target void 2 --reason 重复登记"""
    from zzy import corrections  # start-up

    write(ctx, corrections.void_target, number=target_id, reason=reason)


@assess_app.command("add", cls=HelpCommand)
def assess(
    ctx: typer.Context,
    staff_no: StaffNo,
    year: Annotated[int, typer.Option("--year", parser=params.parse_year, metavar="YEAR", help="考核年度")],
    grade: Annotated[Grade, typer.Option("--grade", parser=Grade.parse,
                                         metavar="excellent|competent|basic|incompetent",
                                         help="等次: 优秀 / 称职 / 基本称职 / 不称职")],
    note: Annotated[str | None, typer.Option("--note", metavar="T", help="说明")] = None,
) -> None:
    """记录年度考核等次(第十七条;同一年再次记录即更正;add 可省略)。例: zzy assess T001 --year 2025 --grade 称职"""
    from zzy import records  # start-up

    write(ctx, records.assess, staff_no=staff_no, year=year, grade=grade, note=note)


@assess_app.command("list", cls=HelpCommand)
def assess_list(ctx: typer.Context, year: Year = None, person: PersonFilter = None, fmt: Format = None,
                output: Output = None, force: Force = False) -> None:
    """列出年度考核及其编号。例: zzy assess list --year 2025"""
    from zzy import views  # start-up

    emit(read(ctx, views.assessment_list, year=year, person=person), fmt, destination(ctx, output, force))


@assess_app.command("edit", cls=HelpCommand)
def assess_edit(
    ctx: typer.Context,
    number: Number,
    year: Annotated[int | None, typer.Option("--year", parser=params.parse_year, metavar="YEAR",
                                             help="考核年度")] = None,
    grade: Annotated[Grade | None, typer.Option("--grade", parser=Grade.parse,
                                                metavar="excellent|competent|basic|incompetent",
                                                help="等次: 优秀 / 称职 / 基本称职 / 不称职")] = None,
    note: Annotated[str | None, typer.Option("--note", metavar="T", help="说明")] = None,
) -> None:
    """更正一条年度考核。例: zzy assess edit 4 --year 2024"""
    from zzy import corrections  # start-up

    write(ctx, corrections.edit_assessment, number=number, year=year, grade=grade, note=note)


@assess_app.command("void", cls=HelpCommand)
def assess_void(ctx: typer.Context, number: Number, reason: VoidReason) -> None:
    """作废一条误登记的年度考核。例: zzy assess void 4 --reason 登记错人"""
    from zzy import corrections  # start-up

    write(ctx, corrections.void_assessment, number=number, reason=reason)


@commend_app.command("add", cls=HelpCommand)
def commend(
    ctx: typer.Context,
    staff_no: StaffNo,
    on: Annotated[date, date_option("--on", help="表彰日期")],
    title: Title,
) -> None:
    """记录党委表彰(第十七条;add 可省略)。例: zzy commend T001 --on 2026-07-01 --title 优秀组织员"""
    from zzy import records  # start-up

    write(ctx, records.commend, staff_no=staff_no, on=on, title=title)


@commend_app.command("list", cls=HelpCommand)
def commend_list(ctx: typer.Context, year: Year = None, person: PersonFilter = None, fmt: Format = None,
                 output: Output = None, force: Force = False) -> None:
    """列出表彰及其编号。例: zzy commend list --year 2026"""
    from zzy import views  # start-up

    emit(read(ctx, views.commendation_list, year=year, person=person), fmt, destination(ctx, output, force))


@commend_app.command("edit", cls=HelpCommand)
def commend_edit(
    ctx: typer.Context,
    number: Number,
    on: Annotated[date | None, date_option("--on", help="表彰日期")] = None,
    title: OptionalTitle = None,
) -> None:
    """更正一条表彰。例: zzy commend edit 1 --on 2026-07-02"""
    from zzy import corrections  # start-up

    write(ctx, corrections.edit_commendation, number=number, on=on, title=title)


@commend_app.command("void", cls=HelpCommand)
def commend_void(ctx: typer.Context, number: Number, reason: VoidReason) -> None:
    """作废一条误登记的表彰。例: zzy commend void 1 --reason 登记错人"""
    from zzy import corrections  # start-up

    write(ctx, corrections.void_commendation, number=number, reason=reason)


def summary(
    ctx: typer.Context,
    year: Annotated[int, typer.Option("--year", parser=params.parse_year, metavar="YEAR", help="年度")],
    as_of: Annotated[date | None, date_option("--as-of", help="按哪一天计算: 此后的培训尚未举办;网页中的提醒与名册"
                                                              "也按这一天(默认该年12月31日;今年为今天)")] = None,
    wide: Wide = False,
    fmt: Format = None,
    output: Output = None,
    force: Force = False,
) -> None:
    """一年的工作汇总: 培训、组织员人数、空缺、汇报、考核、表彰、目标。写成 .html 即为可打印的年度一页。例: zzy summary --year 2026 --output 2026.html"""
    from zzy import reports  # start-up

    report = read(ctx, reports.summary, year=year, as_of=as_of, today=run_of(ctx).today)
    page = partial(read, ctx, reports.year_page, year=year, as_of=as_of, today=run_of(ctx).today)
    emit(replace(report, html=page), fmt, destination(ctx, output, force, wide=wide))


@config_app.command("show", cls=HelpCommand)
def config_show(ctx: typer.Context, fmt: Format = None, output: Output = None, force: Force = False) -> None:
    """查看设置。例: zzy config show"""
    from zzy import views  # start-up

    emit(read(ctx, views.config), fmt, destination(ctx, output, force))


@config_app.command("set", cls=HelpCommand)
def config_set(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(metavar="KEY", help="report_interval_months、remind_within_days,或某类事项自己的提前天数 "
                                                          "remind_within_days.KIND(如 remind_within_days.trial_due)")],
    value: Annotated[str, typer.Argument(metavar="VALUE", help="整数")],
) -> None:
    """修改设置。例: zzy config set remind_within_days.trial_due 90"""
    from zzy import records  # start-up

    write(ctx, records.set_config, key=key, value=value)


def register(app: typer.Typer) -> None:
    app.add_typer(training_app, name="training")
    app.add_typer(report_app, name="report")
    app.add_typer(target_app, name="target")
    app.add_typer(assess_app, name="assess")
    app.add_typer(commend_app, name="commend")
    app.command("summary", cls=HelpCommand)(summary)
    app.add_typer(config_app, name="config")
