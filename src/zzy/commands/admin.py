"""Ledger housekeeping: ``init`` and ``log``."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from zzy import params
from zzy.choices import OutputFormat
from zzy.context import read, run_of
from zzy.errors import ExitCode, LedgerUnusable, Refused
from zzy.helptext import HelpCommand
from zzy.location import is_server
from zzy.params import Force, Format, Output, Wide, destination
from zzy.render import emit

if TYPE_CHECKING:
    from zzy.audit import Verdict
    from zzy.audit_terms import Problem
    from zzy.reader import Reader


def init(ctx: typer.Context) -> None:
    """创建账本(已存在时不做任何改动)。例: zzy init"""
    from zzy.db import Ledger  # start-up

    run = run_of(ctx)
    ledger, created = Ledger.create(run.location(), run.invocation())
    ledger.dispose()
    if created:
        print(f"已创建账本: {ledger.label}")
    else:
        print(f"账本已存在,未做任何改动: {ledger.label}")
    for notice in ledger.notices:  # on a server: which role owns the ledger
        print(notice, file=sys.stderr)


def log(
    ctx: typer.Context,
    limit: Annotated[
        int | None, typer.Option("--limit", parser=params.parse_count, metavar="N", help="最多显示几条")
    ] = None,
    verify: Annotated[bool, typer.Option("--verify", help="核对审计日志的哈希链,并显示链头(可抄在纸上)")] = False,
    person: Annotated[str | None, typer.Option("--person", metavar="X",
                                               help="只看关于这个人(工号或姓名)及其任职和记录的条目")] = None,
    since: Annotated[date | None, params.date_option("--since", help="只看这一天(含)以后写入的条目")] = None,
    until: Annotated[date | None, params.date_option("--until", help="只看这一天(含)以前写入的条目")] = None,
    wide: Wide = False,
    fmt: Format = None,
    output: Output = None,
    force: Force = False,
) -> None:
    """查看审计日志(最新的在前);--verify 核对哈希链并显示链头。例: zzy log --limit 20"""
    from zzy import views  # start-up

    if verify:
        from zzy import audit  # start-up

        run = run_of(ctx)
        server = is_server(run.location())
        with run.reading() as reader:
            verdict, problems = audit.examine(reader, server=server)
            problems += _witnessed(reader, run.location(), verdict, problems)
        chain_problems = [p for p in problems if p.check != "audit_triggers"]
        emit(views.chain(verdict, chain_problems), fmt, destination(ctx, output, force))
        if verdict is None or chain_problems:
            raise typer.Exit(ExitCode.NOT_ELIGIBLE)
        return
    emit(read(ctx, views.log, limit=limit, person=person, since=since, until=until), fmt,
         destination(ctx, output, force, wide=wide))


def demo(ctx: typer.Context) -> None:
    """建一个虚构学院的示例账本(新建临时文件夹,或 --db 指定的新文件),并显示提醒和本年名册。例: zzy demo"""
    import tempfile  # start-up

    from zzy import demo as sample  # start-up
    from zzy import reports  # start-up
    from zzy.db import Ledger  # start-up
    from zzy.store import Store  # start-up

    run = run_of(ctx)

    path = Path(run.db) if run.db else Path(tempfile.mkdtemp(prefix="zzy-demo-")) / "ledger.db"
    if run.db and is_server(run.db):  # a server's database, not a file named after its URL
        ledger, _ = Ledger.create(run.db, run.invocation())
    elif path.exists():
        raise Refused(f"{path} 已存在,示例不会覆盖它。请换一个 --db 路径,或不加 --db 让 zzy 新建临时文件夹。")
    else:
        ledger, _ = Ledger.create(path, run.invocation())
    ledger.write(run.invocation(), lambda session: sample.build(Store(session), today=run.today))
    print(f"示例账本已建好: {ledger.label}")  # a server's URL without its password
    print(f"继续查看可运行: zzy --db {ledger.label} remind(或 person show Z002、check Z006 等)\n")
    with ledger.reader() as reader:
        reminders, _ = reports.remind(reader, as_of=run.today, within=None)
        roster = reports.roster(reader, year=run.today.year, as_of=None)
    emit(reminders, OutputFormat.TABLE)
    print()
    emit(roster, OutputFormat.TABLE)


def doctor(ctx: typer.Context, fmt: Format = None, output: Output = None, force: Force = False) -> None:
    """检查账本: 完整性、引用关系、审计日志的哈希链与触发器、特批或旧数据留下的违规记录;无问题退出码 0,否则 1。例: zzy doctor"""
    from zzy import audit, reports  # start-up

    run = run_of(ctx)
    ledger = run.open()
    integrity = ledger.integrity_problems()
    try:
        with run.reading() as reader:
            verdict, audit_log = audit.examine(reader, server=ledger.server)
            audit_log += _witnessed(reader, run.location(), verdict, audit_log)
            report, clean = reports.doctor(reader, integrity=integrity, today=run.today, audit_log=audit_log)
    except LedgerUnusable:  # damaged, yet opened: a finding (exit 1), not exit 4
        if not integrity:
            raise
        problems = [*integrity, "记录无法读取,未能检查各条规定"]
        report, clean = reports.doctor(None, integrity=problems, today=run.today)
    emit(report, fmt, destination(ctx, output, force))
    if not clean:
        raise typer.Exit(ExitCode.NOT_ELIGIBLE)


def _witnessed(reader: Reader, location: str, verdict: Verdict | None, problems: list[Problem]) -> list[Problem]:
    """What the witness outside the ledger finds (:mod:`zzy.witness`); its notes on stderr, and
    its start when the ledger has none here and the chain is whole."""
    from zzy import witness  # start-up

    if verdict is None:
        return []
    found = witness.examine(reader, location, chain_whole=not problems)
    for note in found.notes:
        print(f"注意: {note}", file=sys.stderr)
    if found.line is not None:
        witness.append(found.line)
    return found.problems


def register(app: typer.Typer) -> None:
    app.command("doctor", cls=HelpCommand)(doctor)
    app.command("demo", cls=HelpCommand)(demo)
    app.command("init", cls=HelpCommand)(init)
    app.command("log", cls=HelpCommand)(log)
