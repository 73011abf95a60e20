"""Opening the ledger: where it is, creating it, and one transaction per read or write.

SQLite is opened with foreign keys on, WAL, a busy timeout, and ``BEGIN IMMEDIATE``
for writes, so that a clerk's command and a cron job never deadlock on a lock upgrade.
"""

from __future__ import annotations

import getpass
import os
import random
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import event, exc, func
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine, select

from zzy import models
from zzy.errors import LedgerUnusable, Refused, ledger_busy, ledger_failed, not_a_ledger
from zzy.location import APP_MARK, BUSY_TIMEOUT_SECONDS, SCHEMA_VERSION, is_server, sqlite_path

if TYPE_CHECKING:
    from zzy.reader import Reader


@dataclass(frozen=True)
class Invocation:
    """Who wrote, and with what command line: the audit log's context for a write."""

    command: str
    user: str

    @classmethod
    def current(cls, args: list[str]) -> Invocation:
        return cls(command=" ".join(_shell_word(arg) for arg in ["zzy", *args]), user=os_user())


def _shell_word(arg: str) -> str:
    """An argument as a shell would need it typed; Chinese text stays readable."""
    import re
    import shlex

    return arg if arg and not re.search(r"[\s'\"\\$`!*?;&|<>(){}\[\]#~]", arg) else shlex.quote(arg)


def os_user() -> str:
    """The operating-system user, for the audit log."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid()) if hasattr(os, "getuid") else "unknown"


T = TypeVar("T")

#: How often a write is tried when PostgreSQL reports a serialization conflict.
WRITE_ATTEMPTS = 10


class _Conflict(Exception):
    """Another transaction wrote what this one read (PostgreSQL SERIALIZABLE): try again."""


class Ledger:
    """An open ledger: hands out read and write sessions, one transaction each.

    A file path is a SQLite ledger; a URL is a database server (PostgreSQL) shared by clerks.
    """

    def __init__(self, location: str | Path) -> None:
        self.location = str(location)
        self.server = is_server(self.location)
        if self.server:
            from sqlalchemy.engine import make_url

            self.label = make_url(self.location).render_as_string(hide_password=True)
            self.path = Path(self.location)  # not a file: only for messages
            self.engine = _server_engine(self.location)
        else:
            self.path = sqlite_path(self.location)
            self.label = str(self.path)
            self.engine = _sqlite_engine(self.path)
        #: One-line notes for the clerk (an upgrade happened), printed to stderr by the CLI.
        self.notices: list[str] = []

    # -- opening -------------------------------------------------------------------

    @classmethod
    def open(cls, location: str | Path) -> Ledger:
        """Open an existing ledger, or refuse with exit 4 saying what to do."""
        if is_server(str(location)):
            ledger = cls(location)
            ledger._check_schema()
            return ledger
        path = sqlite_path(str(location))
        if not path.exists():
            raise LedgerUnusable(f"账本不存在: {path}。请先运行 zzy init 创建账本。")
        if path.is_dir():
            raise LedgerUnusable(f"{path} 是一个文件夹,不是账本文件。请用 --db 指定账本文件。")
        if not os.access(path, os.R_OK):
            raise LedgerUnusable(f"无法读取账本 {path}: 没有权限。")
        ledger = cls(path)
        ledger._check_schema()
        return ledger

    @classmethod
    def create(cls, location: str | Path, invocation: Invocation) -> tuple[Ledger, bool]:
        """Create the ledger (and its folder) with mode 0600; an existing one is left alone.

        Returns the ledger and whether it was created now.
        """
        if is_server(str(location)):
            return cls._create_on_server(str(location), invocation)
        path = sqlite_path(str(location))
        if path.exists():
            return cls.open(path), False
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as error:
            raise LedgerUnusable(f"无法创建账本所在的文件夹 {path.parent}: {error.strerror}。") from None
        draft = path.with_name(f".{path.name}.{os.getpid()}.new")
        try:
            _build(draft, invocation)
            os.link(draft, path)  # never replaces a ledger that appeared meanwhile
            created = True
        except FileExistsError:
            created = False
        except OSError as error:
            raise LedgerUnusable(f"无法创建账本 {path}: {error.strerror}。") from None
        finally:
            for leftover in (draft, Path(f"{draft}-wal"), Path(f"{draft}-shm")):
                leftover.unlink(missing_ok=True)
        return cls.open(path), created

    @classmethod
    def _create_on_server(cls, location: str, invocation: Invocation) -> tuple[Ledger, bool]:
        """Create the schema in an existing, empty database (the server's IT staff make the database)."""
        from zzy import migrations

        ledger = cls(location)
        if ledger._marks() is not None:
            return cls.open(location), False
        with _translated_errors(ledger.label), ledger.engine.begin() as connection:
            migrations.upgrade(connection, SCHEMA_VERSION)
            connection.execute(models.table_of(models.Meta).insert(), _meta_rows(invocation))
        return cls.open(location), True

    def _marks(self) -> dict[str, str] | None:
        """The ledger's zzy_meta, or None when there is no such table."""
        meta = models.table_of(models.Meta)
        try:
            with _translated_errors(self.label), self.engine.connect() as connection:
                return dict(connection.execute(select(meta.c.key, meta.c.value)).all())
        except LedgerUnusable as refused:
            missing_table = "no such table" in refused.message or (
                "relation" in refused.message and "does not exist" in refused.message)
            if not missing_table:
                raise
            return None

    def _check_schema(self) -> None:
        marks = self._marks()
        if marks is None and self.server:
            raise LedgerUnusable(f"数据库 {self.label} 中还没有 zzy 账本。请先运行 zzy init 创建账本。")
        if not marks or marks.get("app") != APP_MARK:
            raise LedgerUnusable(f"{self.label} 不是 zzy 账本。请用 --db 指定正确的账本文件。")
        version = int(marks.get("schema_version", "0"))
        if version > SCHEMA_VERSION:
            raise LedgerUnusable(
                f"账本 {self.label} 由更新版本的 zzy 创建(结构版本 {version}),"
                f"本程序只支持到版本 {SCHEMA_VERSION}。请升级 zzy 后再使用。"
            )
        if version < SCHEMA_VERSION:
            self._upgrade(version)

    def _upgrade(self, version: int) -> None:
        """Copy the ledger aside, then migrate it in place to this zzy's schema, in one transaction."""
        from datetime import date

        from zzy import archive

        if self.server:
            self._migrate(self.engine, version)
            self.notices.append(f"已将账本 {self.label} 从结构版本 {version} 升级到 {SCHEMA_VERSION}"
                                "(PostgreSQL 账本请事先用 pg_dump 备份)")
            return
        aside = self.path.with_name(f"{self.path.name}.{date.today().isoformat()}.v{version}.bak")
        number = 1
        while aside.exists():
            number += 1
            aside = self.path.with_name(f"{self.path.name}.{date.today().isoformat()}.v{version}.{number}.bak")
        archive.backup(self.path, aside)
        engine = _sqlite_engine(self.path, foreign_keys=False)
        try:
            self._migrate(engine, version)
        finally:
            engine.dispose()
        self.notices.append(
            f"已将账本 {self.path} 从结构版本 {version} 升级到 {SCHEMA_VERSION},升级前的副本: {aside}"
        )

    def _migrate(self, engine: Engine, version: int) -> None:
        from zzy import migrations

        with _translated_errors(self.label), engine.execution_options(zzy_write=True).begin() as connection:
            meta = models.table_of(models.Meta)
            stored = connection.execute(select(meta.c.value).where(meta.c.key == "schema_version")).scalar()
            if int(stored or 0) < SCHEMA_VERSION:  # another process may have upgraded meanwhile
                migrations.upgrade(connection, SCHEMA_VERSION)
                connection.execute(meta.update().where(meta.c.key == "schema_version")
                                   .values(value=str(SCHEMA_VERSION)))

    # -- transactions ------------------------------------------------------------------

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only session in one transaction that sees one consistent state."""
        engine = self.engine.execution_options(isolation_level="REPEATABLE READ") if self.server else self.engine
        with _translated_errors(self.label), Session(engine) as session:
            yield session
            session.rollback()

    @contextmanager
    def reader(self) -> Iterator[Reader]:
        """A read transaction for the plain SQL of the reports, over this ledger's connection."""
        from zzy.reader import Reader

        with self.reading() as session:
            yield Reader(session.connection().connection.driver_connection, label=self.label)

    def write(self, invocation: Invocation, action: Callable[[Session], T]) -> T:
        """Run ``action`` in one write transaction; on PostgreSQL, run it again when a concurrent
        writer made it conflict (SERIALIZABLE), so that nobody sees a spurious failure."""
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                with self.writing(invocation) as session:
                    return action(session)
            except _Conflict:
                if attempt == WRITE_ATTEMPTS:
                    raise LedgerUnusable(
                        f"账本 {self.label} 写入冲突,重试 {WRITE_ATTEMPTS} 次仍未成功。请稍后再试。") from None
                time.sleep(random.uniform(0.01, 0.05) * attempt)  # jitter: writers fall out of step
        raise AssertionError("unreachable")

    @contextmanager
    def writing(self, invocation: Invocation) -> Iterator[Session]:
        """One write transaction (SQLite ``BEGIN IMMEDIATE``, PostgreSQL SERIALIZABLE):
        everything is committed, or nothing."""
        engine = self.engine.execution_options(isolation_level="SERIALIZABLE") if self.server else \
            self.engine.execution_options(zzy_write=True)
        with _translated_errors(self.label), Session(engine, expire_on_commit=False) as session:
            session.info["invocation"] = invocation
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def integrity_problems(self) -> list[str]:
        """SQLite's own checks: page integrity and foreign keys (a server enforces both itself)."""
        if self.server:
            return []
        with self.reading() as session:
            connection = session.connection()
            problems = [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check") if row[0] != "ok"]
            problems += [f"表 {table} 第 {rowid} 行引用了不存在的 {parent} 记录"
                         for table, rowid, parent, _ in connection.exec_driver_sql("PRAGMA foreign_key_check")]
        return problems

    def dispose(self) -> None:
        self.engine.dispose()


def _build(draft: Path, invocation: Invocation) -> None:
    """Make a complete, empty ledger at ``draft`` (mode 0600), ready to be linked into place.

    The schema comes from the migrations, so a new ledger and an upgraded one are the same.
    Creating the ledger writes no audit entry: its log starts empty, so that ``restore`` can load
    an exported log, entry numbers and all, into a ledger made by ``init``.
    """
    from zzy import migrations

    descriptor = os.open(draft, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(descriptor)
    engine = _sqlite_engine(draft, foreign_keys=False)
    try:
        with engine.execution_options(zzy_write=True).begin() as connection:
            migrations.upgrade(connection, SCHEMA_VERSION)
            connection.execute(models.table_of(models.Meta).insert(), _meta_rows(invocation))
    finally:
        engine.dispose()


def _meta_rows(invocation: Invocation) -> list[dict[str, str]]:
    return [{"key": "app", "value": APP_MARK}, {"key": "schema_version", "value": str(SCHEMA_VERSION)},
            {"key": "created_by", "value": invocation.user}]


def _server_engine(url: str) -> Engine:
    """An engine on a database server; a command is one process, so no pool is kept."""
    from sqlalchemy.pool import NullPool

    try:
        return create_engine(url, poolclass=NullPool)
    except (exc.ArgumentError, exc.NoSuchModuleError, ImportError) as error:
        raise LedgerUnusable(
            f"无法使用数据库地址 {url}: {error}。PostgreSQL 需要安装: pip install 'zzy[postgres]'。"
        ) from None


def _sqlite_engine(path: Path, *, foreign_keys: bool = True) -> Engine:
    """An engine on the ledger file; migrations run with foreign keys off, as batch mode needs."""
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"timeout": BUSY_TIMEOUT_SECONDS},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # zzy issues BEGIN itself, below
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        write = connection.get_execution_options().get("zzy_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def renumber(session: Session, tables: Iterable[Any]) -> None:
    """After rows were written with their own numbers, move PostgreSQL's id sequences past them."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in tables:
        top = select(func.max(table.c.id)).scalar_subquery()
        session.execute(select(func.setval(func.pg_get_serial_sequence(table.name, "id"),
                                           func.coalesce(top, 1), top.is_not(None))))


_CONFLICT_STATES = {"40001", "40P01"}  # serialization failure, deadlock


@contextmanager
def _translated_errors(path: Path | str) -> Iterator[None]:
    """Turn the database's own failures into the spec's exit codes."""
    try:
        yield
    except exc.DBAPIError as error:
        if getattr(error.orig, "sqlstate", None) in _CONFLICT_STATES:
            raise _Conflict() from None
        _refuse(error, path)


def _refuse(error: exc.DBAPIError, path: Path | str) -> None:
    """The exit code and sentence for a database failure."""
    reason = str(error.orig).strip()
    if isinstance(error, exc.IntegrityError):
        raise Refused(f"账本拒绝了这次写入(数据冲突): {reason}。未做任何改动。") from None
    if isinstance(error, exc.OperationalError) and ("locked" in reason or "busy" in reason):
        raise ledger_busy(path, BUSY_TIMEOUT_SECONDS) from None
    if isinstance(error, exc.OperationalError):
        raise ledger_failed(path, reason) from None
    raise not_a_ledger(path, reason) from None
