"""The options every command group shares, typed once (Chinese help, strict parsers)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from zzy import dates
from zzy.choices import OutputFormat
from zzy.completion import org_codes, staff_numbers
from zzy.errors import UsageProblem
from zzy.render import Destination


def parse_count(text: str) -> int:
    """A whole number of at least zero (days, rows, months)."""
    cleaned = str(text).strip()
    if not cleaned.isascii() or not cleaned.isdigit() or len(cleaned) > 6:
        raise UsageProblem(f"「{text}」不是有效的非负整数。")
    return int(cleaned)


def parse_year(text: str) -> int:
    """A calendar year such as 2026."""
    cleaned = str(text).strip().removesuffix("年")
    if not (cleaned.isascii() and cleaned.isdigit() and len(cleaned) == 4):
        raise UsageProblem(f"「{text}」不是有效的年份,请写成 2026 这样的四位数。")
    year = int(cleaned)
    if not dates.EARLIEST_YEAR <= year <= dates.LATEST_YEAR:
        raise UsageProblem(f"年份 {year} 超出范围({dates.EARLIEST_YEAR}–{dates.LATEST_YEAR})。")
    return year


def date_option(*names: str, help: str) -> typer.models.OptionInfo:
    """A date option in any accepted form (``2024-03-01``, ``2024年3月1日`` …)."""
    option: typer.models.OptionInfo = typer.Option(*names, parser=dates.parse_date, metavar="DATE", help=help)
    return option


AsOf = Annotated[
    date | None,
    typer.Option("--as-of", parser=dates.parse_date, metavar="DATE", help="按哪一天计算(默认今天)"),
]

Format = Annotated[
    OutputFormat | None,
    typer.Option("--format", parser=OutputFormat.parse, metavar="table|csv|json|xlsx|html",
                 help="输出格式: 表格、CSV、JSON、Excel 或 HTML(默认: 有 --output 时按扩展名,否则表格)"),
]

Output = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="FILE",
                 help="写入文件,格式按扩展名 .csv/.json/.xlsx/.html;- 表示按 --format 写到标准输出"),
]

Force = Annotated[bool, typer.Option("--force", help="目标文件已存在时覆盖它(账本文件本身和符号链接永远不会被覆盖)")]
ProblemsFile = Annotated[Path | None, typer.Option(
    "--problems", metavar="FILE", help="有问题时把全部问题写入此文件(终端只列出前 200 个),每行一个")]


Wide = Annotated[bool, typer.Option("--wide", help="表格显示所有列(默认先显示要点列,以便一屏看完)")]


def destination(ctx: typer.Context, output: Path | None, force: bool, *, wide: bool = False) -> Destination:
    """Where ``--output``/``--force`` send a report: the file, or stdout (no path), with the committee's
    name for a workbook's or a page's title."""
    from zzy.context import run_of  # start-up

    def committee() -> str:  # read only when a title needs it
        from zzy import views  # start-up
        from zzy.context import read  # start-up

        return read(ctx, views.committee_name)

    run = run_of(ctx)
    if output is not None and str(output) == "-":  # standard output, like ``export -``
        return Destination(None, today=run.today, committee=committee, stdout=True)
    protected = run.ledger_files() if output is not None else ()
    return Destination(output, force=force, protected=protected, today=run.today, committee=committee, wide=wide)


# 工号 and org codes complete from the ledger on Tab (zzy.completion, imported only then).


def complete_staff_no(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    return staff_numbers(ctx, incomplete)


def complete_org(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    return org_codes(ctx, incomplete)


StaffNo = Annotated[str, typer.Argument(metavar="STAFF_NO", help="工号", autocompletion=complete_staff_no)]
StaffNos = Annotated[list[str], typer.Argument(metavar="STAFF_NO...", help="参加人员工号",
                                               autocompletion=complete_staff_no)]
OrgCode = Annotated[str, typer.Argument(metavar="ORG", help="党组织代码", autocompletion=complete_org)]

Number = Annotated[int, typer.Argument(parser=parse_count, metavar="N", help="编号(#N 中的 N,见各列表的「编号」列)")]
VoidReason = Annotated[str, typer.Option("--reason", metavar="TEXT", help="作废原因(记入审计日志)")]
PersonFilter = Annotated[str | None, typer.Option("--person", metavar="STAFF_NO", help="只列出这名人员的记录(工号)",
                                                  autocompletion=complete_staff_no)]
