"""Opening the ledger: where it is, creating it, and one transaction per read or write.

SQLite is opened with foreign keys on, WAL, a busy timeout, and ``BEGIN IMMEDIATE``
for writes, so that a clerk's command and a cron job never deadlock on a lock upgrade.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import event, exc
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine, select

from zzy import models
from zzy.errors import LedgerUnusable, Refused

APP_MARK = "zzy"

#: How long a command waits for another writer before giving up (exit 4).
BUSY_TIMEOUT_SECONDS = 15.0


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


def default_location() -> Path:
    """``<user data dir>/zzy/ledger.db`` (platformdirs)."""
    from platformdirs import user_data_path

    return user_data_path("zzy", appauthor=False) / "ledger.db"


def resolve_location(option: str | None) -> Path:
    """``--db``, else ``ZZY_DB``, else the platform's user data folder."""
    chosen = option or os.environ.get("ZZY_DB")
    if chosen:
        return Path(chosen).expanduser()
    return default_location()


class Ledger:
    """An open ledger file: hands out read and write sessions, one transaction each."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.engine = _sqlite_engine(path)
        #: One-line notes for the clerk (an upgrade happened), printed to stderr by the CLI.
        self.notices: list[str] = []

    # -- opening -------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path) -> Ledger:
        """Open an existing ledger, or refuse with exit 4 saying what to do."""
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
    def create(cls, path: Path, invocation: Invocation) -> tuple[Ledger, bool]:
        """Create the ledger (and its folder) with mode 0600; an existing one is left alone.

        Returns the ledger and whether it was created now.
        """
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

    def _check_schema(self) -> None:
        meta = models.Meta.__table__  # type: ignore[attr-defined]
        try:
            with _translated_errors(self.path), self.engine.connect() as connection:
                marks = dict(connection.execute(select(meta.c.key, meta.c.value)).all())
        except LedgerUnusable as refused:
            if "no such table" not in refused.message and "does not exist" not in refused.message:
                raise
            marks = {}
        if marks.get("app") != APP_MARK:
            raise LedgerUnusable(f"{self.path} 不是 zzy 账本。请用 --db 指定正确的账本文件。")
        version = int(marks.get("schema_version", "0"))
        if version > models.SCHEMA_VERSION:
            raise LedgerUnusable(
                f"账本 {self.path} 由更新版本的 zzy 创建(结构版本 {version}),"
                f"本程序只支持到版本 {models.SCHEMA_VERSION}。请升级 zzy 后再使用。"
            )
        if version < models.SCHEMA_VERSION:
            self._upgrade(version)

    def _upgrade(self, version: int) -> None:
        """Copy the ledger aside, then migrate it in place to this zzy's schema, in one transaction."""
        from datetime import date

        from zzy import archive, migrations

        aside = self.path.with_name(f"{self.path.name}.{date.today().isoformat()}.v{version}.bak")
        number = 1
        while aside.exists():
            number += 1
            aside = self.path.with_name(f"{self.path.name}.{date.today().isoformat()}.v{version}.{number}.bak")
        archive.backup(self.path, aside)
        engine = _sqlite_engine(self.path, foreign_keys=False)
        try:
            with _translated_errors(self.path), engine.execution_options(zzy_write=True).begin() as connection:
                meta = models.Meta.__table__  # type: ignore[attr-defined]
                stored = connection.execute(select(meta.c.value).where(meta.c.key == "schema_version")).scalar()
                if int(stored or 0) < models.SCHEMA_VERSION:  # another process may have upgraded meanwhile
                    migrations.upgrade(connection, models.SCHEMA_VERSION)
                    connection.execute(meta.update().where(meta.c.key == "schema_version")
                                       .values(value=str(models.SCHEMA_VERSION)))
        finally:
            engine.dispose()
        self.notices.append(
            f"已将账本 {self.path} 从结构版本 {version} 升级到 {models.SCHEMA_VERSION},升级前的副本: {aside}"
        )

    # -- transactions ------------------------------------------------------------------

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only session in one (deferred) transaction."""
        with _translated_errors(self.path), Session(self.engine) as session:
            yield session
            session.rollback()

    @contextmanager
    def writing(self, invocation: Invocation) -> Iterator[Session]:
        """One write transaction (``BEGIN IMMEDIATE``): everything is committed, or nothing."""
        engine = self.engine.execution_options(zzy_write=True)
        with _translated_errors(self.path), Session(engine, expire_on_commit=False) as session:
            session.info["invocation"] = invocation
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def integrity_problems(self) -> list[str]:
        """SQLite's own checks: page integrity and foreign keys."""
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
            migrations.upgrade(connection, models.SCHEMA_VERSION)
            connection.execute(models.Meta.__table__.insert(), [  # type: ignore[attr-defined]
                {"key": "app", "value": APP_MARK},
                {"key": "schema_version", "value": str(models.SCHEMA_VERSION)},
                {"key": "created_by", "value": invocation.user},
            ])
    finally:
        engine.dispose()


def _sqlite_engine(path: Path, *, foreign_keys: bool = True) -> Engine:
    """An engine on the ledger file; migrations run with foreign keys off, as batch mode needs."""
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"timeout": BUSY_TIMEOUT_SECONDS},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None  # zzy issues BEGIN itself, below
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # type: ignore[no-untyped-def]
        write = connection.get_execution_options().get("zzy_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


@contextmanager
def _translated_errors(path: Path) -> Iterator[None]:
    """Turn the database's own failures into the spec's exit codes."""
    try:
        yield
    except exc.IntegrityError as error:
        raise Refused(f"账本拒绝了这次写入(数据冲突): {error.orig}。未做任何改动。") from None
    except exc.OperationalError as error:
        reason = str(error.orig)
        if "locked" in reason or "busy" in reason:
            raise LedgerUnusable(
                f"账本 {path} 正被其他程序占用,等待 {BUSY_TIMEOUT_SECONDS:g} 秒后仍未释放。"
                "请稍后重试。"
            ) from None
        raise LedgerUnusable(f"无法使用账本 {path}: {reason}。") from None
    except exc.DatabaseError as error:
        raise LedgerUnusable(
            f"{path} 不是 zzy 账本,或已损坏({error.orig})。请用 --db 指定正确的账本文件。"
        ) from None
