"""Data in and out: ``template``, ``import``, ``export``, ``restore``, ``backup``."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from zzy.context import run_of
from zzy.errors import SHOWN_PROBLEMS, Refused, UsageProblem, ZzyError
from zzy.helptext import HelpCommand
from zzy.params import Force, ProblemsFile
from zzy.report_types import shown

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID
    from sqlmodel import Session

    from zzy.context import Run
    from zzy.imports import Kind, Outcome


def _complete_kind(incomplete: str) -> list[tuple[str, str]]:
    from zzy.imports import kind_names  # start-up

    return kind_names(incomplete)


KindArg = Annotated[str, typer.Argument(metavar="KIND", autocompletion=_complete_kind,
                                        help="orgs 党组织 / persons 人员 / work 党务工作经历 / appointments 任职"
                                             "(英文或中文均可)")]
FileArg = Annotated[Path, typer.Argument(metavar="FILE", help="文件路径")]

#: Files bigger than this (about 2 000 rows of a template's columns), and standard input, show a progress bar
#: on a terminal through every phase of the import: reading the file, checking the rows, writing them.
PROGRESS_BYTES = 100_000


def template(
    ctx: typer.Context,
    kind: KindArg,
    output: Annotated[Path, typer.Option("--output", "-o", metavar="FILE.xlsx", help="写入的 Excel 文件")],
    force: Force = False,
) -> None:
    """生成带中文表头的导入模板(第二页是示例)。例: zzy template persons --output 人员.xlsx"""
    from zzy import imports, io_excel  # start-up
    from zzy.files import check_target  # start-up

    check_target(output, force=force, protected=run_of(ctx).ledger_files())  # the ledger itself: refused first
    if output.suffix.lower() != ".xlsx":  # an Excel workbook under another name opens nowhere as what it says
        raise UsageProblem(f"模板须以 .xlsx 结尾(得到 {output.name});模板是 Excel 工作簿,填好后可另存为 CSV 导入。")
    chosen = imports.kind_of(kind)
    example = {f.label: shown(chosen.example.get(f.key)) if not f.dated else chosen.example.get(f.key)
               for f in chosen.fields}
    notes = [f"在“数据”页填写{chosen.label},一行一条;表头可用中文或英文键({', '.join(f.key for f in chosen.fields)})。",
             "日期可写 2024-03-01、2024/3/1、2024年3月1日,或用 Excel 日期;是/否 列可写 是/否、yes/no、1/0。",
             "必填列: " + "、".join(f.label for f in chosen.fields if f.required), *chosen.notes]
    io_excel.write_template(output, headers=[f.label for f in chosen.fields],
                            dated={f.label for f in chosen.fields if f.dated}, example=example, notes=notes,
                            force=force, protected=run_of(ctx).ledger_files())
    print(f"已生成{chosen.label}导入模板: {output}")


def import_(
    ctx: typer.Context,
    kind: KindArg,
    file: FileArg,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只检查,不写入")] = False,
    problems: ProblemsFile = None,
    force: Force = False,
) -> None:
    """从 .xlsx 或 .csv 导入(整个文件要么全部导入,要么一行也不导入)。例: zzy import persons 人员.xlsx --dry-run"""
    from zzy import imports  # start-up

    run = run_of(ctx)
    chosen = imports.kind_of(kind)
    with _problems_to(problems, force=force, protected=run.ledger_files()):
        outcome, source = _import(run, chosen, file, dry_run=dry_run)
    if outcome.ignored_columns:
        print(f"提示: 已忽略不认识的列: {'、'.join(outcome.ignored_columns)}", file=sys.stderr)
    if dry_run:
        print(f"检查通过: {source} 的 {outcome.rows} 行{chosen.label}都可以导入(--dry-run,未写入)。")
    else:
        print(f"已从 {source} 导入 {outcome.rows} 行{chosen.label}。")


def _import(run: Run, chosen: Kind, file: Path, *, dry_run: bool) -> tuple[Outcome, str]:
    from zzy import imports  # start-up

    with _progress(file, sys.stderr.isatty()) as progress:
        rows, source = imports.read_source(file, stdin=sys.stdin, progress=progress)

        def load(session: Session) -> imports.Outcome:
            outcome = imports.import_rows(session, kind=chosen, rows=rows, today=run.today, progress=progress)
            if dry_run:
                session.rollback()
            return outcome

        return run.write(load), source


#: The punctuation a refusal's message may end with, replaced when a sentence is added to it.
_CLOSING = ":: 。"


@contextmanager
def _problems_to(path: Path | None, *, force: bool, protected: Sequence[Path]) -> Iterator[None]:
    """``--problems FILE``: a refusal's every problem written to ``path`` (the terminal lists the first
    200); the target is checked before the work starts, so a file that may not be written stops it."""
    from zzy.files import check_target, write_problems  # start-up

    if path is not None:
        check_target(path, force=force, protected=protected)
    try:
        yield
    except ZzyError as error:
        said = error.message.rstrip(_CLOSING)
        if path is not None and error.problems:
            write_problems(path, error.problems, force=force, protected=protected)
            error.message = f"{said}。全部 {len(error.problems)} 个问题已写入 {path}:"
        elif len(error.problems) > SHOWN_PROBLEMS:
            error.message = (f"{said}。终端只列出前 {SHOWN_PROBLEMS} 个,"
                             f"加 --problems 文件名 可把全部 {len(error.problems)} 个问题写入文件:")
        raise


def shows_progress(file: Path, on_terminal: bool) -> bool:
    """Whether an import of ``file`` shows its progress: on a terminal, for standard input or a big file."""
    if not on_terminal:
        return False
    if str(file) == "-":
        return True
    try:
        return file.stat().st_size > PROGRESS_BYTES
    except OSError:  # no such file: refused when it is read
        return False


class Bar:
    """A Rich progress bar with a line for each phase of an import (:class:`zzy.progress.Progress`): the phase
    done stays shown, complete, as the next one begins."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task: TaskID | None = None

    def phase(self, label: str, total: int | None) -> None:
        if self.task is not None:  # the phase before is complete, whether or not its total was known
            done = next(task for task in self.progress.tasks if task.id == self.task)
            finished = done.completed if done.total is None else done.total
            self.progress.update(self.task, total=finished, completed=finished)
        self.task = self.progress.add_task(label, total=total)
        self.progress.refresh()  # each phase is drawn, however soon the next one comes

    def advance(self, step: int) -> None:
        if self.task is not None:
            self.progress.advance(self.task, step)


def _progress(file: Path, on_terminal: bool) -> AbstractContextManager[Bar | None]:
    """A progress bar on a terminal for standard input and big files; otherwise nothing."""
    if not shows_progress(file, on_terminal):
        return nullcontext(None)

    @contextmanager
    def bar() -> Iterator[Bar]:
        from rich.console import Console  # start-up
        from rich.progress import Progress  # start-up

        with Progress(console=Console(stderr=True), transient=True) as progress:  # where the terminal was seen
            yield Bar(progress)

    return bar()


def export(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(metavar="FILE.json", help="导出的 JSON 文件;- 表示写到标准输出")],
    force: Force = False,
) -> None:
    """把整个账本(含审计日志)导出为一个 JSON 文件。例: zzy export 台账.json"""
    from zzy import archive  # start-up
    from zzy.audit import short  # start-up
    from zzy.files import atomic_output  # start-up

    run = run_of(ctx)
    if file == "-":
        with run.open().reading() as session:
            archive.export(session, sys.stdout)
        return
    target = Path(file)
    if target.suffix.lower() != ".json":
        raise UsageProblem(f"导出文件须以 .json 结尾(得到 {target.name});导出的是 JSON 文档,不是表格。")
    with run.open().reading() as session, atomic_output(target, force=force, protected=run.ledger_files()) as out:
        count, head = archive.export(session, out)
    print(f"已导出 {count} 条记录到 {target}")
    if head.id:
        print(f"导出的审计链头: 第 {head.id} 条,短码 {short(head.hash)}")


def restore(ctx: typer.Context, file: FileArg, problems: ProblemsFile = None, force: Force = False) -> None:
    """把导出的 JSON 恢复到新建的空账本。例: zzy --db 新账本.db init && zzy --db 新账本.db restore 台账.json"""
    from zzy import archive  # start-up

    run = run_of(ctx)
    with _problems_to(problems, force=force, protected=run.ledger_files()):
        count = run.write(lambda session: archive.restore(session, file, today=run.today))
    print(f"已从 {file} 恢复 {count} 条记录。")


def backup(ctx: typer.Context, file: FileArg, force: Force = False) -> None:
    """备份账本(别人正在写入时也能得到一致的副本)。例: zzy backup 台账-备份.db"""
    from zzy import audit  # start-up
    from zzy.backup import backup  # start-up

    ledger = run_of(ctx).open()
    if ledger.server:
        raise Refused(f"共享账本 {ledger.label} 在 PostgreSQL 中,请由数据库管理员用 pg_dump 备份,"
                      "例如: pg_dump -Fc 数据库名 > zzy-备份.dump")
    head = backup(ledger.path, file, force=force, protected=run_of(ctx).ledger_files())
    print(f"已备份账本到 {file}")
    if head.id:
        print(f"备份的审计链头: 第 {head.id} 条,短码 {audit.short(head.hash)}")


def register(app: typer.Typer) -> None:
    app.command("template", cls=HelpCommand)(template)
    app.command("import", cls=HelpCommand)(import_)
    app.command("export", cls=HelpCommand)(export)
    app.command("restore", cls=HelpCommand)(restore)
    app.command("backup", cls=HelpCommand)(backup)
