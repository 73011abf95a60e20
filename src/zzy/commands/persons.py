"""``zzy person …`` and ``zzy work add``: people and their party-work spans."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from zzy.context import read, run_of, write
from zzy.errors import UsageProblem
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
resume_app = group("简历(干部任免审批表的简历栏): 记录、列表、更正、作废。")

Name = Annotated[str, typer.Argument(metavar="NAME", help="姓名")]
OutOfServiceOn = Annotated[date | None, date_option(
    "--on", help="离岗日期: 不再是在职教职工的第一天(退休、调离;与 --not-in-service 同用,默认今天)")]


def _dated_only_when_out(left_on: date | None, not_in_service: bool | None) -> None:
    """``--on`` dates ``--not-in-service`` and nothing else."""
    if left_on is not None and not not_in_service:
        raise UsageProblem("--on 是离岗日期,须与 --not-in-service 同用。")


# The 干部任免审批表's fields (SPEC section 13; schema.PERSON_FIELDS), the same options on add and edit.
Gender = Annotated[str | None, typer.Option("--gender", metavar="male|female", help="性别: male(男)、female(女)")]
Birth = Annotated[date | None, date_option("--birth", help="出生日期")]
Ethnicity = Annotated[str | None, typer.Option("--ethnicity", metavar="民族", help="民族(56个民族的全称,如 汉族、傣族)")]
NativePlace = Annotated[str | None, typer.Option("--native-place", metavar="TEXT", help="籍贯")]
Birthplace = Annotated[str | None, typer.Option("--birthplace", metavar="TEXT", help="出生地")]
WorkStart = Annotated[date | None, date_option("--work-start", help="参加工作时间")]
Health = Annotated[str | None, typer.Option("--health", metavar="TEXT", help="健康状况")]
Title = Annotated[str | None, typer.Option("--title", metavar="TEXT", help="专业技术职务")]
Specialty = Annotated[str | None, typer.Option("--specialty", metavar="TEXT", help="熟悉专业有何专长")]
EduFull = Annotated[str | None, typer.Option("--edu-full", metavar="TEXT", help="全日制教育(学历学位,如 大学本科 管理学学士)")]
SchoolFull = Annotated[str | None, typer.Option("--school-full", metavar="TEXT", help="全日制教育的毕业院校系及专业")]
EduJob = Annotated[str | None, typer.Option("--edu-job", metavar="TEXT", help="在职教育(学历学位)")]
SchoolJob = Annotated[str | None, typer.Option("--school-job", metavar="TEXT", help="在职教育的毕业院校系及专业")]
CurrentPost = Annotated[str | None, typer.Option("--current-post", metavar="TEXT", help="现任职务")]


@person_app.command("add", cls=HelpCommand)
def add(
    ctx: typer.Context,
    staff_no: StaffNo,
    name: Name,
    joined: Annotated[date, date_option("--joined", help="入党日期(成为预备党员之日)")],
    full: Annotated[date | None, date_option("--full", help="转正日期(预备党员不填)")] = None,
    not_in_service: Annotated[bool, typer.Option("--not-in-service", help="不是在职教职工(已退休、调离)")] = False,
    left_on: OutOfServiceOn = None,
    gender: Gender = None, birth: Birth = None, ethnicity: Ethnicity = None, native_place: NativePlace = None,
    birthplace: Birthplace = None, work_start: WorkStart = None, health: Health = None, title: Title = None,
    specialty: Specialty = None, edu_full: EduFull = None, school_full: SchoolFull = None, edu_job: EduJob = None,
    school_job: SchoolJob = None, current_post: CurrentPost = None,
) -> None:
    """登记一名人员。例: zzy person add T001 张三 --joined 2015-06-01 --full 2016-06-01 --gender 女 --ethnicity 傣族"""
    from zzy import ledger  # start-up

    _dated_only_when_out(left_on, not_in_service or None)
    write(ctx, ledger.add_person, staff_no=staff_no, name=name, joined=joined, full=full,
          in_service=False if not_in_service else None, out_of_service_on=left_on, gender=gender, birth=birth,
          ethnicity=ethnicity, native_place=native_place,
          birthplace=birthplace, work_start=work_start, health=health, title=title, specialty=specialty,
          edu_full=edu_full, school_full=school_full, edu_job=edu_job, school_job=school_job,
          current_post=current_post, today=run_of(ctx).today)


@person_app.command("edit", cls=HelpCommand)
def edit(
    ctx: typer.Context,
    staff_no: StaffNo,
    name: Annotated[str | None, typer.Option("--name", help="姓名")] = None,
    joined: Annotated[date | None, date_option("--joined", help="入党日期")] = None,
    full: Annotated[date | None, date_option("--full", help="转正日期")] = None,
    clear_full: Annotated[bool, typer.Option("--clear-full", help="清除转正日期(改为预备党员)")] = False,
    in_service: Annotated[
        bool | None, typer.Option("--in-service/--not-in-service",
                                  help="是否在职教职工(--not-in-service 记录离岗日期,默认今天;--in-service 清除离岗日期)")
    ] = None,
    left_on: OutOfServiceOn = None,
    gender: Gender = None, birth: Birth = None, ethnicity: Ethnicity = None, native_place: NativePlace = None,
    birthplace: Birthplace = None, work_start: WorkStart = None, health: Health = None, title: Title = None,
    specialty: Specialty = None, edu_full: EduFull = None, school_full: SchoolFull = None, edu_job: EduJob = None,
    school_job: SchoolJob = None, current_post: CurrentPost = None,
    clear: Annotated[list[str] | None, typer.Option(
        "--clear", metavar="FIELD", help="清空一项任免表信息(可多次使用),如 --clear native-place 或 --clear 籍贯")] = None,
) -> None:
    """修改人员信息。例: zzy person edit T001 --not-in-service --on 2026-09-30"""
    from zzy import ledger  # start-up

    _dated_only_when_out(left_on, None if in_service is None else not in_service)
    cleared = (*(("full",) if clear_full else ()), *ledger.paper_fields_named(clear or []))
    write(ctx, ledger.edit_person, staff_no=staff_no, name=name, joined=joined, full=full, in_service=in_service,
          out_of_service_on=left_on,
          gender=gender, birth=birth, ethnicity=ethnicity, native_place=native_place, birthplace=birthplace,
          work_start=work_start, health=health, title=title, specialty=specialty, edu_full=edu_full,
          school_full=school_full, edu_job=edu_job, school_job=school_job, current_post=current_post,
          clear=cleared, today=run_of(ctx).today)


@person_app.command("show", cls=HelpCommand)
def show(ctx: typer.Context, staff_no: StaffNo, as_of: AsOf = None, wide: Wide = False, fmt: Format = None,
         output: Output = None, force: Force = False) -> None:
    """查看一名人员的档案: 基本信息、任职、党务工作经历、各项记录和待办事项。例: zzy person show T001"""
    from zzy import reports  # start-up

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
    from zzy import views  # start-up

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
    from zzy import ledger  # start-up

    write(ctx, ledger.add_work, staff_no=staff_no, start=start, last_day=last_day, note=note)


@person_app.command("void", cls=HelpCommand)
def void(ctx: typer.Context, staff_no: StaffNo, reason: VoidReason) -> None:
    """作废误登记的人员(须没有任何记录提到此人)。例: zzy person void T009 --reason 工号登记错误"""
    from zzy import corrections  # start-up

    write(ctx, corrections.void_person, staff_no=staff_no, reason=reason)


@person_app.command("photo", cls=HelpCommand)
def photo(
    ctx: typer.Context,
    staff_no: StaffNo,
    file: Annotated[Path | None, typer.Argument(metavar="FILE", help="照片文件: JPEG 或 PNG,不超过 2 MB")] = None,
    clear: Annotated[bool, typer.Option("--clear", help="删除此人的照片")] = False,
) -> None:
    """存入(或 --clear 删除)人员的照片,印在干部任免审批表上。例: zzy person photo T001 照片.jpg"""
    from zzy import images, records  # start-up

    if clear == (file is not None):
        raise UsageProblem("请给出照片文件,或用 --clear 删除照片(二者选一)。例: zzy person photo T001 照片.jpg")
    if file is None:
        write(ctx, records.clear_photo, staff_no=staff_no)
    else:
        write(ctx, records.set_photo, staff_no=staff_no, photo=images.read_photo_file(file))


@resume_app.command("add", cls=HelpCommand)
def resume_add(
    ctx: typer.Context,
    staff_no: StaffNo,
    start: Annotated[date, date_option("--from", help="起始日期(审批表上印作 YYYY.MM)")],
    text_: Annotated[str, typer.Option("--text", metavar="TEXT", help="这段时间的学习、工作经历和职务")],
    end: Annotated[date | None, date_option("--to", help="截止日期(不填为至今)")] = None,
) -> None:
    """为人员的简历添加一段经历(干部任免审批表的简历栏,按起始日期排列)。例: zzy resume add T001 --from 2008-09-01 --to 2012-06-30 --text 云南大学行政管理专业学习"""
    from zzy import records  # start-up

    write(ctx, records.add_resume, staff_no=staff_no, start=start, end=end, text_=text_)


@resume_app.command("list", cls=HelpCommand)
def resume_list(ctx: typer.Context, person: PersonFilter = None, fmt: Format = None, output: Output = None,
                force: Force = False) -> None:
    """列出简历及其编号(按人员、起始日期)。例: zzy resume list --person T001"""
    from zzy import views  # start-up

    emit(read(ctx, views.resume_list, person=person), fmt, destination(ctx, output, force))


@resume_app.command("edit", cls=HelpCommand)
def resume_edit(
    ctx: typer.Context,
    number: Number,
    start: Annotated[date | None, date_option("--from", help="起始日期")] = None,
    end: Annotated[date | None, date_option("--to", help="截止日期")] = None,
    text_: Annotated[str | None, typer.Option("--text", metavar="TEXT", help="经历")] = None,
    ongoing: Annotated[bool, typer.Option("--clear-to", help="清除截止日期(至今)")] = False,
) -> None:
    """更正一段简历。例: zzy resume edit 3 --to 2016-08-31"""
    from zzy import corrections  # start-up

    write(ctx, corrections.edit_resume, number=number, start=start, end=end, text_=text_, clear_end=ongoing)


@resume_app.command("void", cls=HelpCommand)
def resume_void(ctx: typer.Context, number: Number, reason: VoidReason) -> None:
    """作废一段误登记的简历。例: zzy resume void 3 --reason 重复登记"""
    from zzy import corrections  # start-up

    write(ctx, corrections.void_resume, number=number, reason=reason)


@work_app.command("list", cls=HelpCommand)
def work_list(ctx: typer.Context, person: PersonFilter = None, fmt: Format = None, output: Output = None,
              force: Force = False) -> None:
    """列出党务工作经历及其编号。例: zzy work list --person T001"""
    from zzy import views  # start-up

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
    from zzy import corrections  # start-up

    write(ctx, corrections.edit_work, number=number, start=start, last_day=last_day, note=note, ongoing=ongoing)


@work_app.command("void", cls=HelpCommand)
def work_void(ctx: typer.Context, number: Number, reason: VoidReason) -> None:
    """作废一段误登记的党务工作经历。例: zzy work void 2 --reason 重复登记"""
    from zzy import corrections  # start-up

    write(ctx, corrections.void_work, number=number, reason=reason)


def register(app: typer.Typer) -> None:
    app.add_typer(person_app, name="person")
    app.add_typer(work_app, name="work")
    app.add_typer(resume_app, name="resume")
