"""Who may do what on a shared PostgreSQL ledger (SPEC section 10): grants, and the server's refusals.

The rights are the server's (migration 0004): group roles hold the table privileges,
row-level security keyed on ``zzy_access`` for ``session_user`` hides and guards the rows
outside a role's orgs, and triggers refuse what only an admin may do.  This module only asks
the server (``zzy_grant``, ``zzy_revoke``, ``zzy_grants``, ``zzy_require``) and turns its
refusals into the clerk's sentences; it decides nothing itself, so ``psql`` meets the same
refusals.  A SQLite ledger has no roles: its file's permissions decide.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from zzy import audit
from zzy.choices import Right
from zzy.errors import Refused
from zzy.outcome import Done

#: ``zzy_level()`` on the server: 1 reader, 2 clerk, 3 admin.
LEVEL = {Right.READER: 1, Right.CLERK: 2, Right.ADMIN: 3}

SQLITE_HAS_NO_ROLES = ("SQLite 账本没有数据库角色,谁能读写由账本文件的权限决定(zzy 建的账本只有文件所有者可读写,0600)。"
                       "要让多位文书共用一个账本并分别授权,请使用 PostgreSQL 账本(见 README 的服务器一节)。")


def _server(session: Session) -> None:
    if session.get_bind().dialect.name != "postgresql":
        raise Refused(SQLITE_HAS_NO_ROLES)


def grant(session: Session, *, role: str, right: Right, orgs: list[str]) -> Done:
    """Give a database role a right on this ledger (the server checks that the caller is an admin)."""
    _server(session)
    scope = sorted(set(orgs)) or None
    session.execute(text("SELECT zzy_grant(:role, :level, :orgs)"),
                    {"role": role, "level": right.value, "orgs": scope})
    audit.record(session, action="grant", entity="grant", key=role,
                 after={"role": role, "right": right.value, "orgs": scope})
    where = f",限党组织 {'、'.join(scope)}" if scope else ""
    return Done(f"已授予角色 {role} {right.label}权限({right.value}){where}。")


def revoke(session: Session, *, role: str) -> Done:
    """Take back every right a database role has on this ledger."""
    _server(session)
    session.execute(text("SELECT zzy_revoke(:role)"), {"role": role})
    audit.record(session, action="revoke", entity="grant", key=role, before={"role": role})
    return Done(f"已收回角色 {role} 对本账本的全部权限。")


def grants(session: Session) -> list[dict[str, Any]]:
    """Every grant on this ledger, by role name (only an admin may list them): ``views.grants`` shows them."""
    _server(session)
    return [{"role": role, "right": level, "orgs": list(orgs) if orgs is not None else None}
            for role, level, orgs in session.execute(text("SELECT role, level, orgs FROM zzy_grants()"))]


def require(session: Session, right: Right, doing: str) -> None:
    """Ask the server whether the session's role has ``right``; it refuses (exit 3) if not."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT zzy_require(:level, :refusal)"),
                        {"level": LEVEL[right], "refusal": f"{doing}需要{right.label}权限({right.value})"})


# -- the server's refusals ------------------------------------------------------------------------

#: SQLSTATEs: a missing privilege or a row-level security violation; zzy's own refusals.
INSUFFICIENT_PRIVILEGE = "42501"
ZZY_REFUSAL = "ZZY01"

#: Tables whose write privilege only an admin has.
ADMIN_TABLES = {"setting": "修改设置", "rules_profile": "采用规则配置"}


def refusal(error: Any, *, writing: bool) -> Refused | None:
    """The clerk's sentence for a refusal by the server, naming the right that is missing;
    ``None`` when ``error`` (a DBAPI exception's ``orig``) is not about rights."""
    state = getattr(error, "sqlstate", None)
    if state not in (INSUFFICIENT_PRIVILEGE, ZZY_REFUSAL):
        return None
    diag = getattr(error, "diag", None)
    message = (getattr(diag, "message_primary", None) or str(error)).strip()
    hint = "如需此权限,请账本管理员用 zzy grant 授予。"
    if state == ZZY_REFUSAL:
        return Refused(f"{message}。未做任何改动。")
    if not message.isascii():  # a sentence of the ledger's own triggers and functions (migration 0004)
        return Refused(f"{message}。{hint}未做任何改动。")
    if "row-level security" in message:
        return Refused(f"无权修改授权范围以外的记录({message})。{hint}未做任何改动。")
    table = message.rsplit(" ", 1)[-1].strip('"')
    if message.startswith("permission denied for table") and table in ADMIN_TABLES:
        return Refused(f"没有{ADMIN_TABLES[table]}的权限(admin)。{hint}未做任何改动。")
    if writing:
        return Refused(f"没有写入权限(clerk): 数据库角色只能读取这个账本({message})。{hint}未做任何改动。")
    return Refused(f"没有读取权限(reader): 数据库角色没有这个账本的授权({message})。{hint}")


# -- the owner ----------------------------------------------------------------------------------------


def not_the_owner(connection: Any, *, doing: str) -> str | None:
    """Why the connecting role may not build or migrate the schema, or ``None`` when it owns the
    database (or is a superuser): only the owner does that, so that no clerk owns a table."""
    user, owner, superuser = connection.exec_driver_sql(
        "SELECT current_user, pg_get_userbyid(d.datdba), r.rolsuper FROM pg_database d, pg_roles r "
        "WHERE d.datname = current_database() AND r.rolname = current_user").one()
    if superuser or user == owner:
        return None
    return (f"{doing}须由数据库的所有者角色 {owner} 运行,您连接的角色是 {user}。"
            f"请用 {owner} 连接(例如 --db 'postgresql+psycopg://{owner}@主机/库名')后运行 zzy init。")
