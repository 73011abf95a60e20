"""The options every command group shares, typed once (Chinese help, strict parsers)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from zzy import dates
from zzy.choices import OutputFormat
from zzy.errors import UsageProblem


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
    OutputFormat,
    typer.Option("--format", parser=OutputFormat.parse, metavar="table|csv|json", help="输出格式: 表格、CSV 或 JSON"),
]

StaffNo = Annotated[str, typer.Argument(metavar="STAFF_NO", help="工号")]
OrgCode = Annotated[str, typer.Argument(metavar="ORG", help="党组织代码")]
