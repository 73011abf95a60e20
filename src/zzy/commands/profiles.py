"""``zzy profile …``: the rules profile in force, checking a college's own, adopting it from a day, and the
versions a ledger adopted (SPEC section 12)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from zzy.choices import OutputFormat, parse_choice
from zzy.context import read, run_of, write
from zzy.errors import Refused, UsageProblem
from zzy.helptext import HelpCommand, group
from zzy.params import AsOf, Force, Format, Output, date_option, destination
from zzy.render import emit

if TYPE_CHECKING:
    from zzy.profile import Profile
    from zzy.reader import Reader

profile_app = group("规则配置: 查看在用的规定数值和条款、检查和采用本校的配置文件、列出账本采用过的版本。")

ProfileFormat = Annotated[str | None, typer.Option(
    "--format", metavar="table|csv|json|toml|xlsx|html",
    help="输出格式;toml 写出可以修改后再检查、采用的配置文件(默认: 有 --output 时按扩展名,否则表格)")]


@profile_app.command("show", cls=HelpCommand)
def show(ctx: typer.Context, as_of: AsOf = None, fmt: ProfileFormat = None, output: Output = None,
         force: Force = False) -> None:
    """查看某天在用的规则配置: 每条规定的数值、条款和引用方式。例: zzy profile show --format toml --output 本校规定.toml"""
    from zzy import profile, views  # start-up

    run = run_of(ctx)
    day = as_of or run.today
    in_force, since = read(ctx, _in_force, day=day)
    if fmt == "toml" or (fmt is None and output is not None and output.suffix.lower() == ".toml"):
        _write_toml(profile.to_toml(in_force), output, force=force, protected=run.ledger_files())
        return
    chosen = parse_choice(OutputFormat, fmt) if fmt is not None else None
    emit(views.profile_report(in_force, as_of=day, since=since), chosen, destination(ctx, output, force))


def _in_force(reader: Reader, *, day: date) -> tuple[Profile, date | None]:
    """The version in force on ``day`` and the day it applies from (none: the shipped profile)."""
    from zzy import load  # start-up

    profiles = load.profiles(reader)
    since = max((start for start, _ in profiles.adopted if start <= day), default=None)
    return profiles.on(day), since


def _write_toml(text: str, output: Path | None, *, force: bool, protected: tuple[Path, ...]) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    from zzy.files import atomic_output  # start-up

    with atomic_output(output, force=force, protected=protected) as out:
        out.write(text)
    print(f"已写入 TOML 文件: {output}")


@profile_app.command("check", cls=HelpCommand)
def check(ctx: typer.Context, file: Annotated[Path, typer.Argument(metavar="FILE", help="规则配置文件(.toml)")],
          as_of: AsOf = None) -> None:
    """检查规则配置文件: 每个键、类型和范围;列出与在用配置不同的数值和条款(有效退出码 0,无效 2)。例: zzy profile check 本校规定.toml"""
    from zzy import profile  # start-up

    run = run_of(ctx)
    checked = profile.parse(_read(file), source=file.name)
    day = as_of or run.today
    in_force = read(ctx, _in_force, day=day)[0]
    changes = profile.differences(in_force, checked)
    print(f"{file.name} 有效: {checked.title}({checked.label})。")
    if not changes:
        print(f"与 {day.isoformat()} 在用的 {in_force.label} 相比,数值和条款没有不同。")
        return
    print(f"与 {day.isoformat()} 在用的 {in_force.label} 相比,有 {len(changes)} 处不同:")
    for key, old, new in changes:
        print(f"  {key}: {_shown(old)} → {_shown(new)}")


@profile_app.command("adopt", cls=HelpCommand)
def adopt(ctx: typer.Context, file: Annotated[Path, typer.Argument(metavar="FILE", help="规则配置文件(.toml)")],
          since: Annotated[date, date_option("--from", help="新规定自哪一天起施行(须晚于已采用的最新版本的施行日期)")]
          ) -> None:
    """采用规则配置文件,自 --from 那天起按它判断(写入账本并记入审计日志;服务器账本须 admin 权限)。此前的任职仍按当时在用的版本判断。例: zzy profile adopt 本校规定.toml --from 2027-01-01"""
    from zzy import records  # start-up

    write(ctx, records.adopt_profile, text=_read(file), source=file.name, since=since)


@profile_app.command("list", cls=HelpCommand)
def list_versions(ctx: typer.Context, fmt: Format = None, output: Output = None, force: Force = False) -> None:
    """列出账本采用过的规则配置版本: 施行日期、标识、版本、名称、采用人和时间。例: zzy profile list"""
    from zzy import views  # start-up

    emit(read(ctx, views.profile_versions), fmt, destination(ctx, output, force))


def _read(file: Path) -> str:
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise Refused(f"找不到文件 {file}。") from None
    except OSError as error:
        from zzy.files import os_reason  # start-up

        raise Refused(f"无法读取 {file}: {os_reason(error)}。") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageProblem(f"{file.name} 不是 UTF-8 编码的文本。规则配置文件须用 UTF-8 保存。") from None


def _shown(value: object) -> str:
    if isinstance(value, tuple):
        return "[" + "、".join(str(item) for item in value) + "]"
    return str(value)


def register(app: typer.Typer) -> None:
    app.add_typer(profile_app, name="profile")


__all__ = ["date", "register"]
