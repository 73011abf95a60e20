"""``zzy paper …``: the papers of an appointment (SPEC section 13), the 干部任免审批表 and the 任前公示."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from zzy.context import read, run_of
from zzy.errors import UsageProblem
from zzy.helptext import HelpCommand, group
from zzy.params import Force, StaffNo, date_option

paper_app = group("任免材料: 干部任免审批表、任前公示(.docx 或 .html)。")

PaperOutput = Annotated[Path, typer.Option("--output", "-o", metavar="FILE.docx|FILE.html",
                                           help="写入的文件,格式按扩展名: .docx(Word/WPS)或 .html(浏览器打印)")]
#: A paper's formats by the extension of ``--output``.
FORMATS = (".docx", ".html", ".htm")


def _format_of(output: Path) -> str:
    suffix = output.suffix.lower()
    if suffix not in FORMATS:
        raise UsageProblem(f"任免材料只能写成 .docx 或 .html 文件,收到「{output.name}」。例如 --output 审批表.docx")
    return "docx" if suffix == ".docx" else "html"


@paper_app.command("approval", cls=HelpCommand)
def approval(
    ctx: typer.Context,
    staff_no: StaffNo,
    output: PaperOutput,
    post: Annotated[int | None, typer.Option("--post", metavar="N", help="拟任职务取自任职记录 #N(先按任职条件检查)")] = None,
    proposed: Annotated[str | None, typer.Option("--proposed", metavar="TEXT", help="拟任职务(自行填写)")] = None,
    remove: Annotated[str | None, typer.Option("--remove", metavar="TEXT", help="拟免职务")] = None,
    reason: Annotated[str | None, typer.Option("--reason", metavar="TEXT", help="任免理由")] = None,
    on: Annotated[date | None, date_option("--on", help="计算年龄的日期(默认今天)")] = None,
    force: Force = False,
) -> None:
    """生成干部任免审批表(两页,A4)。例: zzy paper approval T001 --post 12 --output 审批表.docx"""
    from zzy import paper_files, papers, text  # start-up

    fmt = _format_of(output)
    run = run_of(ctx)
    proposed = text.free_text(proposed, "拟任职务", field="proposed")
    remove = text.free_text(remove, "拟免职务", field="remove")
    reason = text.free_text(reason, "任免理由", field="reason")
    form = read(ctx, papers.approval_form, staff_no=staff_no, post=post, proposed=proposed, removed=remove,
                reason=reason, on=on or run.today)
    data = paper_files.approval_docx(form) if fmt == "docx" else paper_files.approval_html(form)
    paper_files.write(output, data, force=force, protected=run.ledger_files())
    print(f"已写入干部任免审批表({form.name.text}): {output}")
    empty = form.empty()
    if empty:
        print(f"注意: 台账中没有以下信息,表中留空: {'、'.join(empty)}", file=sys.stderr)


@paper_app.command("notice", cls=HelpCommand)
def notice(
    ctx: typer.Context,
    posts: Annotated[list[int], typer.Option("--post", metavar="N", help="公示的任职记录 #N(可多次使用)")],
    start: Annotated[date, date_option("--from", help="公示开始日期")],
    output: PaperOutput,
    until: Annotated[date | None, date_option("--until", help="公示最后一天(节假日日历不知道的年份必须给出)")] = None,
    force: Force = False,
) -> None:
    """生成任前公示(公示期为五个工作日,按国家法定节假日和调休计算)。例: zzy paper notice --post 12 --from 2026-09-28 --output 公示.docx"""
    from zzy import paper_files, papers  # start-up

    fmt = _format_of(output)
    run = run_of(ctx)
    paper = read(ctx, papers.notice, posts=posts, start=start, until=until)
    data = paper_files.notice_docx(paper) if fmt == "docx" else paper_files.notice_html(paper)
    paper_files.write(output, data, force=force, protected=run.ledger_files())
    names = "、".join(nominee.name for nominee in paper.nominees)
    print(f"已写入任前公示({names};{paper.period}): {output}")
    empty = paper.empty()
    if empty:
        print(f"注意: 没有设置{'、'.join(empty)},公示中未写联系方式。用 zzy config set notice_contact …/notice_phone … 设置。",
              file=sys.stderr)


def register(app: typer.Typer) -> None:
    app.add_typer(paper_app, name="paper")
