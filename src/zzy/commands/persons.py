"""``zzy person …`` and ``zzy work add``: people and their party-work spans."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from zzy.context import read, run_of, write
from zzy.helptext import HelpCommand, group
from zzy.params import (
    AsOf,
    Force,
    Format,
    Number,
    Output,
    PersonFilter,
    StaffNo,
    VoidReason,
    Wide,
    date_option,
    destination,
)
from zzy.render import emit

person_app = group("人员: 登记、修改、查看档案、列表、作废。")
work_app = group("党务工作经历: 记录、列表、更正、作废。")

Name = Annotated[str, typer.Argument(metavar="NAME", help="姓名")]


@person_app.command("add", cls=HelpCommand)
def add(
    ctx: typer.Context,
    staff_no: StaffNo,
    name: Name,
    joined: Annotated[date, date_option("--joined", help="入党日期(成为预备党员之日)")],
    full: Annotated[date | None, date_option("--full", help="转正日期(预备党员不填)")] = None,
    not_in_service: Annotated[bool, typer.Option("--not-in-service", help="不是在职教职工")] = False,
) -> None:
    """登记一名人员。例: zzy person add T001 张三 --joined 2015-06-01 --full 2016-06-01"""
    from zzy import ledger

    write(ctx, ledger.add_person, staff_no=staff_no, name=name, joined=joined, full=full,
          in_service=not not_in_service, today=run_of(ctx).today)


@person_app.command("edit", cls=HelpCommand)
def edit(
    ctx: typer.Context,
    staff_no: StaffNo,
    name: Annotated[str | None, typer.Option("--name", help="姓名")] = None,
    joined: Annotated[date | None, date_option("--joined", help="入党日期")] = None,
    full: Annotated[date | None, date_option("--full", help="转正日期")] = None,
    clear_full: Annotated[bool, typer.Option("--clear-full", help="清除转正日期(改为预备党员)")] = False,
    in_service: Annotated[
        bool | None, typer.Option("--in-service/--not-in-service", help="是否在职教职工")
    ] = None,
) -> None:
    """修改人员信息。例: zzy person edit T001 --full 2016-07-01 --not-in-service"""
    from zzy import ledger

    write(ctx, ledger.edit_person, staff_no=staff_no, name=name, joined=joined, full=full, in_service=in_service,
          clear=("full",) if clear_full else (), today=run_of(ctx).today)


@person_app.command("show", cls=HelpCommand)
def show(ctx: typer.Context, staff_no: StaffNo, as_of: AsOf = None, wide: Wide = False, fmt: Format = None,
         output: Output = None, force: Force = False) -> None:
    """查看一名人员的档案: 基本信息、任职、党务工作经历、各项记录和待办事项。例: zzy person show T001"""
    from zzy import reports

    run = run_of(ctx)
    with run.reading() as reader:
        report = reports.person_file(reader, staff_no, as_of=as_of or run.today)
    emit(report, fmt, destination(ctx, output, force, wide=wide))


@person_app.command("list", cls=HelpCommand)
def list_(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Option("--name", metavar="TEXT", help="只列姓名含这些字的人")] = None,
    org: Annotated[str | None, typer.Option("--org", metavar="CODE", help="只列在这个党组织任职(或任过职)的人")] = None,
    active: Annotated[bool, typer.Option("--active", help="只列今天在任的人(与 --org 同用: 今天在该组织在任)")] = False,
    fmt: Format = None,
    output: Output = None,
    force: Force = False,
) -> None:
    """列出人员(可按姓名、党组织、在任筛选)。例: zzy person list --name 张 --org jd --active"""
    from zzy import views

    emit(read(ctx, views.person_list, name=name, org=org, active=active, today=run_of(ctx).today), fmt,
         destination(ctx, output, force))


@work_app.command("add", cls=HelpCommand)
def work_add(
    ctx: typer.Context,
    staff_no: StaffNo,
    start: Annotated[date, date_option("--from", help="起始日期")],
    last_day: Annotated[date | None, date_option("--to", help="截止日期(含当天;至今则不填)")] = None,
    note: Annotated[str | None, typer.Option("--note", help="说明,如所在部门和职务")] = None,
) -> None:
    """记录一段党务工作经历。例: zzy work add T001 --from 2018-09-01 --to 2021-08-31 --note 学生党支部书记"""
    from zzy import ledger

    write(ctx, ledger.add_work, staff_no=staff_no, start=start, last_day=last_day, note=note)


@person_app.command("void", cls=HelpCommand)
def void(ctx: typer.Context, staff_no: StaffNo, reason: VoidReason) -> None:
    """作废误登记的人员(须没有任何记录提到此人)。例: zzy person void T009 --reason 工号登记错误"""
    from zzy import corrections

    write(ctx, corrections.void_person, staff_no=staff_no, reason=reason)


@work_app.command("list", cls=HelpCommand)
def work_list(ctx: typer.Context, person: PersonFilter = None, fmt: Format = None, output: Output = None,
              force: Force = False) -> None:
    """列出党务工作经历及其编号。例: zzy work list --person T001"""
    from zzy import views

    emit(read(ctx, views.work_list, person=person), fmt, destination(ctx, output, force))


@work_app.command("edit", cls=HelpCommand)
def work_edit(
    ctx: typer.Context,
    number: Number,
    start: Annotated[date | None, date_option("--from", help="起始日期")] = None,
    last_day: Annotated[date | None, date_option("--to", help="截止日期(含当天)")] = None,
    note: Annotated[str | None, typer.Option("--note", help="说明")] = None,
    ongoing: Annotated[bool, typer.Option("--clear-to", help="清除截止日期(至今)")] = False,
) -> None:
    """更正一段党务工作经历。例: zzy work edit 2 --to 2021-07-31"""
    from zzy import corrections

    write(ctx, corrections.edit_work, number=number, start=start, last_day=last_day, note=note, ongoing=ongoing)


@work_app.command("void", cls=HelpCommand)
def work_void(ctx: typer.Context, number: Number, reason: VoidReason) -> None:
    """作废一段误登记的党务工作经历。例: zzy work void 2 --reason 重复登记"""
    from zzy import corrections

    write(ctx, corrections.void_work, number=number, reason=reason)


def register(app: typer.Typer) -> None:
    app.add_typer(person_app, name="person")
    app.add_typer(work_app, name="work")
