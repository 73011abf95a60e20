"""Arts. 15–18: ``training``, ``report``, ``target``, ``assess``, ``commend``, ``summary``, ``config``."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Annotated

import typer

from zzy import params
from zzy.choices import Grade, TargetResult, TrainingKind
from zzy.context import read, run_of, write
from zzy.helptext import HelpCommand, group
from zzy.params import Force, Format, Output, StaffNo, date_option, destination
from zzy.render import emit

training_app = group("培训与工作交流(第十八条)。")
report_app = group("工作汇报(第十五条)。")
target_app = group("目标管理(第十六条)。")
config_app = group("设置: report_interval_months、remind_within_days。")

Year = Annotated[int | None, typer.Option("--year", parser=params.parse_year, metavar="YEAR", help="年度")]
Number = Annotated[int, typer.Argument(parser=params.parse_count, metavar="ID", help="编号(#N 中的 N)")]
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
    from zzy import records

    write(ctx, records.add_training, on=on, title=title, kind=kind, host=host)


@training_app.command("attend", cls=HelpCommand)
def training_attend(
    ctx: typer.Context,
    training_id: Number,
    staff_nos: params.StaffNos,
) -> None:
    """登记培训的参加人员。例: zzy training attend 3 T001 T002"""
    from zzy import records

    write(ctx, records.attend, training_id=training_id, staff_nos=staff_nos)


@training_app.command("list", cls=HelpCommand)
def training_list(ctx: typer.Context, year: Year = None, fmt: Format = None, output: Output = None,
                  force: Force = False) -> None:
    """列出培训与工作交流。例: zzy training list --year 2026"""
    from zzy import views

    emit(read(ctx, views.training_list, year=year), fmt, destination(ctx, output, force))


@report_app.command("add", cls=HelpCommand)
def report_add(
    ctx: typer.Context,
    staff_no: StaffNo,
    on: Annotated[date, date_option("--on", help="汇报日期")],
    special: Annotated[bool, typer.Option("--special", help="专题汇报(默认定期汇报)")] = False,
    topic: Annotated[str | None, typer.Option("--topic", metavar="T", help="主题")] = None,
) -> None:
    """登记一次工作汇报。例: zzy report add T001 --on 2026-06-30 --topic 上半年发展党员工作"""
    from zzy import records

    write(ctx, records.add_report, staff_no=staff_no, on=on, special=special, topic=topic)


@report_app.command("list", cls=HelpCommand)
def report_list(ctx: typer.Context, year: Year = None, fmt: Format = None, output: Output = None,
                force: Force = False) -> None:
    """列出工作汇报。例: zzy report list --year 2026"""
    from zzy import views

    emit(read(ctx, views.report_list, year=year), fmt, destination(ctx, output, force))


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
    from zzy import records

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
    from zzy import records

    write(ctx, records.assess_target, target_id=target_id, result=result, on=on)


@target_app.command("list", cls=HelpCommand)
def target_list(ctx: typer.Context, fmt: Format = None, output: Output = None, force: Force = False) -> None:
    """列出目标及考核结果。例: zzy target list --format csv"""
    from zzy import views

    emit(read(ctx, views.target_list), fmt, destination(ctx, output, force))


def assess(
    ctx: typer.Context,
    staff_no: StaffNo,
    year: Annotated[int, typer.Option("--year", parser=params.parse_year, metavar="YEAR", help="考核年度")],
    grade: Annotated[Grade, typer.Option("--grade", parser=Grade.parse,
                                         metavar="excellent|competent|basic|incompetent",
                                         help="等次: 优秀 / 称职 / 基本称职 / 不称职")],
    note: Annotated[str | None, typer.Option("--note", metavar="T", help="说明")] = None,
) -> None:
    """记录年度考核等次(第十七条;同一年再次记录即更正)。例: zzy assess T001 --year 2025 --grade 称职"""
    from zzy import records

    write(ctx, records.assess, staff_no=staff_no, year=year, grade=grade, note=note)


def commend(
    ctx: typer.Context,
    staff_no: StaffNo,
    on: Annotated[date, date_option("--on", help="表彰日期")],
    title: Title,
) -> None:
    """记录党委表彰(第十七条)。例: zzy commend T001 --on 2026-07-01 --title 优秀组织员"""
    from zzy import records

    write(ctx, records.commend, staff_no=staff_no, on=on, title=title)


def summary(
    ctx: typer.Context,
    year: Annotated[int, typer.Option("--year", parser=params.parse_year, metavar="YEAR", help="年度")],
    as_of: Annotated[date | None, date_option("--as-of", help="网页中的提醒与名册按哪一天计算"
                                                              "(默认该年12月31日;今年为今天)")] = None,
    fmt: Format = None,
    output: Output = None,
    force: Force = False,
) -> None:
    """一年的工作汇总: 培训、组织员人数、空缺、汇报、考核、表彰、目标。写成 .html 即为可打印的年度一页。例: zzy summary --year 2026 --output 2026.html"""
    from functools import partial

    from zzy import reports

    report = read(ctx, reports.summary, year=year)
    page = partial(read, ctx, reports.year_page, year=year, as_of=as_of, today=run_of(ctx).today)
    emit(replace(report, html=page), fmt, destination(ctx, output, force))


@config_app.command("show", cls=HelpCommand)
def config_show(ctx: typer.Context, fmt: Format = None, output: Output = None, force: Force = False) -> None:
    """查看设置。例: zzy config show"""
    from zzy import views

    emit(read(ctx, views.config), fmt, destination(ctx, output, force))


@config_app.command("set", cls=HelpCommand)
def config_set(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(metavar="KEY", help="report_interval_months 或 remind_within_days")],
    value: Annotated[str, typer.Argument(metavar="VALUE", help="整数")],
) -> None:
    """修改设置。例: zzy config set report_interval_months 3"""
    from zzy import records

    write(ctx, records.set_config, key=key, value=value)


def register(app: typer.Typer) -> None:
    app.add_typer(training_app, name="training")
    app.add_typer(report_app, name="report")
    app.add_typer(target_app, name="target")
    app.command("assess", cls=HelpCommand)(assess)
    app.command("commend", cls=HelpCommand)(commend)
    app.command("summary", cls=HelpCommand)(summary)
    app.add_typer(config_app, name="config")
