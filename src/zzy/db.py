"""Opening the ledger: where it is, creating it, and one transaction per read or write.

SQLite is opened with foreign keys on, WAL, a busy timeout, and ``BEGIN IMMEDIATE``
for writes, so that a clerk's command and a cron job never deadlock on a lock upgrade.
Every wait for a lock, on SQLite (``busy_timeout``) or PostgreSQL (``lock_timeout``), takes
what is left of the command's one :class:`~zzy.location.Patience` of 15 seconds; a command
that used it up is refused (exit 4) with the name of whoever holds the ledger, where known.
"""

from __future__ import annotations

import os
import random
import re
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote

from sqlalchemy import event, exc, func, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import NullPool
from sqlmodel import Session, SQLModel, create_engine, select

from zzy import migrations, models, server_audit, witness
from zzy.audit import without_passwords
from zzy.backup import backup
from zzy.errors import LedgerUnusable, Refused, ZzyError, ledger_busy, ledger_failed, not_a_ledger
from zzy.files import link_new
from zzy.location import (
    APP_MARK,
    SCHEMA_VERSION,
    Patience,
    exists,
    exposed_mode,
    file_problem,
    is_lock_wait,
    is_server,
    lock_holders,
    network_notice,
    os_reason,
    read_only,
    read_only_notice,
    read_only_uri,
    sqlite_path,
    tighten,
)
from zzy.reader import Reader
from zzy.witness import LEDGER_ID, new_ledger_id


@dataclass(frozen=True)
class Invocation:
    """Who wrote, and with what command line: the audit log's context for a write."""

    command: str
    user: str

    @classmethod
    def current(cls, args: list[str]) -> Invocation:
        # each word on its own: a password runs to its URL's last @, never into the next word
        return cls(command=" ".join(_shell_word(without_passwords(arg)) for arg in ["zzy", *args]), user=os_user())


def _shell_word(arg: str) -> str:
    """An argument as a shell would need it typed; Chinese text stays readable."""
    import shlex  # start-up

    return arg if arg and not re.search(r"[\s'\"\\$`!*?;&|<>(){}\[\]#~]", arg) else shlex.quote(arg)


def os_user() -> str:
    """The operating-system user, for the audit log: the account of the process's real user id,
    as the system's user database names it, never what ``LOGNAME``/``USER`` claim (anyone can set
    those for one command).  An id the user database does not know is written as a number."""
    try:
        import pwd  # start-up (and POSIX only)
    except ImportError:  # Windows: the logged-on account, as the system reports it
        try:
            return os.getlogin()
        except OSError:
            return "unknown"
    uid = os.getuid()
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


T = TypeVar("T")

#: The longest pause between two tries of a write that PostgreSQL found in conflict (seconds).
LONGEST_RETRY_PAUSE = 0.5


class _Conflict(Exception):
    """Another transaction wrote what this one read (PostgreSQL SERIALIZABLE): try again."""


class Ledger:
    """An open ledger: hands out read and write sessions, one transaction each.

    A file path is a SQLite ledger; a URL is a database server (PostgreSQL) shared by clerks.
    """

    def __init__(self, location: str | Path, patience: Patience | None = None) -> None:
        self.location = str(location)
        self.server = is_server(self.location)
        #: How much longer this command may wait for a lock, in all (SPEC section 11).
        self.patience = patience or Patience()
        #: A SQLite file nobody can change here (read-only medium): reports only, no writes.
        self.read_only = False
        #: The permission bits the file had when others could read it (``doctor`` reports it).
        self.exposed_mode: int | None = None
        if self.server:

            url = server_url(self.location)
            self.label = without_passwords(url.render_as_string(hide_password=True))
            self.location = self.label  # the password is kept by the engine only
            self.path = Path(self.label)  # not a file: only for messages
            self.engine = _server_engine(url.render_as_string(hide_password=False), self.patience)
        else:
            self.path = sqlite_path(self.location)
            self.label = str(self.path)
            self.read_only = self.path.is_file() and read_only(self.path)
            self.engine = _sqlite_engine(self.path, self.patience, read_only=self.read_only)
        #: One-line notes for the clerk (an upgrade happened), printed to stderr by the CLI.
        self.notices: list[str] = []
        #: Whether a write of this run was committed: a later failure must not say nothing was written.
        self.committed = False

    # -- opening -------------------------------------------------------------------

    @classmethod
    def open(cls, location: str | Path, patience: Patience | None = None) -> Ledger:
        """Open an existing ledger, or refuse with exit 4 saying what to do."""
        if is_server(str(location)):
            ledger = cls(location, patience)
            ledger._check_schema()
            return ledger
        path = sqlite_path(str(location))
        problem = file_problem(path)
        if problem is not None:
            raise LedgerUnusable(problem)
        ledger = cls(path, patience)
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
        if exists(path):  # or cannot be looked at: open says why
            return cls.open(path), False
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as error:
            raise LedgerUnusable(f"无法创建账本所在的文件夹 {path.parent}: {os_reason(error)}。") from None
        draft = path.with_name(f".{path.name}.{os.getpid()}.new")
        try:
            _build(draft, invocation)
            link_new(draft, path)  # never replaces a ledger that appeared meanwhile (no hard links: a rename)
            created = True
        except FileExistsError:
            created = False
        except OSError as error:
            raise LedgerUnusable(f"无法创建账本 {path}: {os_reason(error)}。") from None
        except exc.DBAPIError as error:  # e.g. the disk filled up while the tables were made
            raise LedgerUnusable(f"无法创建账本 {path}: {str(error.orig).strip()}。") from None
        finally:
            for leftover in (draft, Path(f"{draft}-wal"), Path(f"{draft}-shm")):
                with suppress(OSError):  # nothing to remove, or nothing may be removed there
                    leftover.unlink(missing_ok=True)
        return cls.open(path), created

    @classmethod
    def _create_on_server(cls, location: str, invocation: Invocation) -> tuple[Ledger, bool]:
        """Create the schema in an existing, empty database (the server's IT staff make the database)."""
        ledger = cls(location)
        if ledger._marks() is not None:
            return cls.open(location), False
        with ledger._translated(), ledger.engine.begin() as connection:
            _only_the_owner(connection, Refused, doing="建立账本结构")
            migrations.upgrade(connection, SCHEMA_VERSION)
            connection.execute(models.table_of(models.Meta).insert(), _meta_rows(invocation))
            owner = connection.exec_driver_sql("SELECT current_user").scalar()
        created = cls.open(location)
        created.notices.append(f"账本所有者角色: {owner}(今后升级也须由它运行 zzy init)。"
                               "请用 zzy grant 角色 --as reader|clerk|admin 为每位文书授权。")
        return created, True

    def _marks(self) -> dict[str, str] | None:
        """The ledger's zzy_meta, or None when there is no such table."""
        meta = models.table_of(models.Meta)
        try:
            with self._translated(), self.engine.connect() as connection:
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
        stored = marks.get("schema_version", "0")
        try:
            version = int(stored)
        except ValueError:
            raise LedgerUnusable(f"账本 {self.label} 记录的结构版本“{stored}”不是数字,账本已被改动或损坏。"
                                 "请从备份恢复(zzy backup 的副本或 zzy restore 导出文件)。") from None
        if self.read_only:  # said once on stderr by the CLI; nothing to tighten or to write
            self.notices.append(read_only_notice(self.label))
        elif not self.server:
            self._tighten()
        if version > SCHEMA_VERSION:
            raise LedgerUnusable(
                f"账本 {self.label} 由更新版本的 zzy 创建(结构版本 {version}),"
                f"本程序只支持到版本 {SCHEMA_VERSION}。请升级 zzy 后再使用。"
            )
        if version < SCHEMA_VERSION:
            self._upgrade(version)

    def _tighten(self) -> None:
        """A ledger file others may read is made private (0600) again, and the clerk told once."""
        self.exposed_mode = exposed_mode(self.path)
        for notice in (tighten(self.path), network_notice(self.path)):
            if notice:
                self.notices.append(notice)

    def _upgrade(self, version: int) -> None:
        """Copy the ledger aside, then migrate it in place to this zzy's schema, in one transaction.

        The copy and the migration happen while this process holds the write lock, after it has
        read the version again: of several processes opening an old ledger at once, the first
        upgrades it (one copy, one notice) and the others find it upgraded.
        """
        if self.read_only:
            raise LedgerUnusable(f"账本 {self.label} 需要从结构版本 {version} 升级到 {SCHEMA_VERSION},"
                                 "但它在只读的位置,无法升级。请把它复制到可写的文件夹,再用 --db 指定。")
        if self.server:
            with self._translated(), self.engine.connect() as connection:
                _only_the_owner(connection, LedgerUnusable,
                                doing=f"账本需要从结构版本 {version} 升级到 {SCHEMA_VERSION},升级")
            if self._migrate(self.engine, before=lambda _: None) is not None:
                self.notices.append(f"已将账本 {self.label} 从结构版本 {version} 升级到 {SCHEMA_VERSION}"
                                    "(PostgreSQL 账本请事先用 pg_dump 备份)")
            return
        asides: list[Path] = []
        engine = _sqlite_engine(self.path, self.patience, foreign_keys=False)
        try:
            upgraded = self._migrate(engine, before=lambda old: asides.append(self._copy_aside(old)))
        finally:
            engine.dispose()
        if upgraded is not None:
            self.notices.append(
                f"已将账本 {self.path} 从结构版本 {upgraded} 升级到 {SCHEMA_VERSION},升级前的副本: {asides[0]}"
            )

    def _copy_aside(self, version: int) -> Path:
        """``ledger.db.<date>.v<version>.bak`` (numbered when that exists), a consistent copy."""
        aside = self.path.with_name(f"{self.path.name}.{date.today().isoformat()}.v{version}.bak")
        number = 1
        while aside.exists():
            number += 1
            aside = self.path.with_name(f"{self.path.name}.{date.today().isoformat()}.v{version}.{number}.bak")
        backup(self.path, aside)
        return aside

    def _migrate(self, engine: Engine, *, before: Callable[[int], object]) -> int | None:
        """Migrate to this zzy's schema under the write lock, calling ``before`` first; the version
        it upgraded from, or None when another process had upgraded it meanwhile."""
        with self._translated(), engine.execution_options(zzy_write=True).begin() as connection:
            meta = models.table_of(models.Meta)
            if self.server:  # one upgrader at a time; the others wait, then find it done
                connection.exec_driver_sql("LOCK TABLE zzy_meta IN SHARE ROW EXCLUSIVE MODE")
            stored = int(connection.execute(select(meta.c.value).where(meta.c.key == "schema_version")).scalar()
                         or 0)
            if stored >= SCHEMA_VERSION:
                return None
            before(stored)
            migrations.upgrade(connection, SCHEMA_VERSION)
            connection.execute(meta.update().where(meta.c.key == "schema_version")
                               .values(value=str(SCHEMA_VERSION)))
            return stored

    # -- transactions ------------------------------------------------------------------

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only session in one transaction that sees one consistent state."""
        engine = self.engine.execution_options(isolation_level="REPEATABLE READ") if self.server else self.engine
        with self._translated(), Session(engine) as session:
            yield session
            session.rollback()

    @contextmanager
    def reader(self) -> Iterator[Reader]:
        """A read transaction for the plain SQL of the reports, over this ledger's connection."""
        with self.reading() as session:
            yield Reader(session.connection().connection.driver_connection, label=self.label, busy=self._busy)

    def write(self, invocation: Invocation, action: Callable[[Session], T]) -> T:
        """Run ``action`` in one write transaction; on PostgreSQL, run it again when a concurrent
        writer made it conflict (SERIALIZABLE), so that nobody sees a spurious failure: as long as the
        command's patience lasts, as a writer on SQLite waits for the lock (a count of tries failed
        busy writers on a slow machine, issue 22's CI)."""
        attempt, deadline = 0, time.monotonic() + self.patience.left  # the wall clock bounds it too
        while True:
            attempt += 1
            try:
                with self.writing(invocation) as session:
                    result = action(session)
                self.committed = True
                return result
            except _Conflict:
                if self.patience.left <= 0 or time.monotonic() >= deadline:
                    raise LedgerUnusable(
                        f"账本 {self.label} 写入冲突,重试 {attempt} 次仍未成功。请稍后再试。") from None
                with self.patience.waiting():  # the retries' waits count against the same 15 s
                    # jitter, growing: writers fall out of step
                    time.sleep(min(LONGEST_RETRY_PAUSE, random.uniform(0.01, 0.05) * attempt))

    @contextmanager
    def writing(self, invocation: Invocation) -> Iterator[Session]:
        """One write transaction (SQLite ``BEGIN IMMEDIATE``, PostgreSQL SERIALIZABLE):
        everything is committed, or nothing."""
        if self.read_only:
            raise LedgerUnusable(f"账本 {self.label} 在只读的位置(文件或所在文件夹不可写),只能查看,不能写入。"
                                 "请把它复制到可写的文件夹,再用 --db 指定。")
        engine = self.engine.execution_options(isolation_level="SERIALIZABLE") if self.server else \
            self.engine.execution_options(zzy_write=True)
        with self._translated(writing=True), Session(engine, expire_on_commit=False) as session:
            session.info["invocation"] = invocation
            line, witnessed = None, False
            try:
                if self.server:  # the whole attempt counts: PostgreSQL waits inside any statement
                    with self.patience.waiting():
                        server_audit.begin_write(session, invocation.command)
                        yield session
                        session.commit()
                    witnessed = session.info.get("write_no") is not None
                else:  # SQLite waits only in BEGIN IMMEDIATE, which counts itself (_sqlite_engine)
                    yield session
                    line = witness.before_commit(session, self.location, server=False)
                    session.commit()
            except BaseException:
                session.rollback()
                raise
        # the chain's head this write left, noted outside the ledger (zzy.witness)
        if self.server:
            if witnessed:
                with self._translated(), self.engine.connect() as connection:
                    line = witness.after_commit(connection, self.location)
        if line is not None:
            witness.append(line)

    # -- refusals ------------------------------------------------------------------------

    @contextmanager
    def _translated(self, *, writing: bool = False) -> Iterator[None]:
        """The database's failures as the spec's exit codes, a lock held too long naming its holder."""
        with _translated_errors(self.label, busy=self._busy, writing=writing):
            yield

    def _busy(self) -> LedgerUnusable:
        """This command waited all it may: say who holds the ledger, where that can be known."""
        holder = _server_lock_holders(self.engine) if self.server else lock_holders(self.path)
        return ledger_busy(self.label, self.patience.seconds, holder)

    def integrity_problems(self) -> list[str]:
        """What ``doctor`` finds wrong with the ledger as a database: the tables zzy needs, and on
        SQLite page integrity, foreign keys and a file others may read (a server enforces the rest)."""
        problems = [f"缺少表 {table}(账本已被改动或损坏)" for table in self._missing_tables()]
        if self.server:
            return problems
        if self.exposed_mode is not None:
            now = "已改为仅本人可读写(0600)" if exposed_mode(self.path) is None else "请运行 chmod 600 收紧"
            problems.append(f"账本文件 {self.path} 曾经其他用户也可以读取(权限 {self.exposed_mode:04o}),{now}")
        with self.reading() as session:
            connection = session.connection()
            try:
                problems += [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check")
                             if row[0] != "ok"]
                problems += [f"表 {table} 第 {rowid} 行引用了不存在的 {parent} 记录"
                             for table, rowid, parent, _ in connection.exec_driver_sql("PRAGMA foreign_key_check")]
            except exc.DatabaseError as error:  # the check itself stumbled on a damaged page
                problems.append(f"账本文件已损坏,SQLite 的完整性检查无法完成({str(error.orig).strip()})。"
                                "请从备份恢复(zzy backup 的副本或 zzy restore 导出文件)")
        return problems

    def _missing_tables(self) -> list[str]:
        with self._translated(), self.engine.connect() as connection:
            present = set(inspect(connection).get_table_names())
        return [name for name in SQLModel.metadata.tables if name not in present]

    def dispose(self) -> None:
        self.engine.dispose()


def _build(draft: Path, invocation: Invocation) -> None:
    """Make a complete, empty ledger at ``draft`` (mode 0600), ready to be linked into place.

    The schema comes from the migrations, so a new ledger and an upgraded one are the same.
    Creating the ledger writes no audit entry: its log starts empty, so that ``restore`` can load
    an exported log, entry numbers and all, into a ledger made by ``init``.
    """
    descriptor = os.open(draft, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(descriptor)
    engine = _sqlite_engine(draft, Patience(), foreign_keys=False)
    try:
        with engine.execution_options(zzy_write=True).begin() as connection:
            migrations.upgrade(connection, SCHEMA_VERSION)
            connection.execute(models.table_of(models.Meta).insert(), _meta_rows(invocation))
    finally:
        engine.dispose()


def _only_the_owner(connection: Any, refusal: type[ZzyError], *, doing: str) -> None:
    """On a server only the database's owner builds and migrates the schema (SPEC section 10)."""
    from zzy.access import not_the_owner  # start-up

    problem = not_the_owner(connection, doing=doing)
    if problem is not None:
        raise refusal(problem)


def _meta_rows(invocation: Invocation) -> list[dict[str, str]]:
    return [{"key": "app", "value": APP_MARK}, {"key": "schema_version", "value": str(SCHEMA_VERSION)},
            {"key": "created_by", "value": invocation.user}, {"key": LEDGER_ID, "value": new_ledger_id()}]


def server_url(location: str) -> Any:
    """A server's URL as PostgreSQL reads one: the user and password end at the last ``@`` before
    the database's path, the password at the first ``:`` after the user, both percent-decoded; so a
    password may hold spaces, ``@`` and ``:`` (written as is or encoded)."""
    scheme, _, rest = location.partition("://")
    before_query = rest.split("?", 1)[0]
    at = before_query.rfind("@")
    if at < 0:
        return make_url(location)
    user, colon, password = before_query[:at].partition(":")
    try:
        url = make_url(f"{scheme}://{rest[at + 1:]}")
    except (exc.ArgumentError, ValueError):
        raise LedgerUnusable(f"无法读懂数据库地址 {scheme}://{unquote(user)}:***@…。"
                             "格式: postgresql+psycopg://角色:密码@主机/库名") from None
    return url.set(username=unquote(user) or None, password=unquote(password) if colon else None)


#: The longest one statement of zzy's may run on a server (``statement_timeout``): ten minutes,
#: far beyond a 100 000-row import or restore, short of a session that never lets go.
STATEMENT_LIMIT_MS = 10 * 60 * 1000


def _server_engine(url: str, patience: Patience) -> Engine:
    """An engine on a database server; a command is one process, so no pool is kept.

    Every transaction waits for a lock at most what is left of the command's patience
    (``lock_timeout``); connecting gives up after as long.  Connections are named ``zzy`` so
    that a clerk whose command waits is told which program holds the ledger.
    """
    try:
        named = {} if "application_name" in make_url(url).query else {"application_name": "zzy"}
        engine = create_engine(url, poolclass=NullPool,
                               connect_args={"connect_timeout": max(1, round(patience.seconds)), **named})
    except (exc.ArgumentError, exc.NoSuchModuleError, ImportError) as error:
        raise LedgerUnusable(without_passwords(
            f"无法使用数据库地址 {url}: {error}。PostgreSQL 需要安装: pip install 'zzy[postgres]'。"
        )) from None

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # SPEC 11 bounds the waits for a lock (what is left of the 15 s), not the work: a long
        # import or restore runs as long as it needs, up to STATEMENT_LIMIT, which only stops a
        # statement that would otherwise hold the others' locks for ever
        connection.exec_driver_sql(f"SET LOCAL lock_timeout = {patience.milliseconds()}")
        connection.exec_driver_sql(f"SET LOCAL statement_timeout = {STATEMENT_LIMIT_MS}")

    return engine


def _server_lock_holders(engine: Engine) -> str | None:
    """The other sessions holding more than a read lock on this database's tables, as
    ``用户 clerk(程序 psql,进程 123)``: whoever keeps this command waiting is among them."""
    query = """
        SELECT DISTINCT a.pid, a.usename, a.application_name, host(a.client_addr)
        FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.granted AND l.locktype = 'relation' AND l.mode <> 'AccessShareLock'
          AND a.datname = current_database() AND a.pid <> pg_backend_pid()
        ORDER BY a.pid"""
    try:
        with engine.connect() as connection:
            rows = connection.exec_driver_sql(query).all()
    except exc.DBAPIError:
        return None
    holders = []
    for pid, user, application, address in rows:
        details = [f"程序 {application}" if application else "", f"进程 {pid}", f"来自 {address}" if address else ""]
        holders.append(f"用户 {user or '?'}({','.join(d for d in details if d)})")
    return "、".join(holders) or None


def _sqlite_engine(path: Path, patience: Patience, *, foreign_keys: bool = True, read_only: bool = False) -> Engine:
    """An engine on the ledger file; migrations run with foreign keys off, as batch mode needs.

    Each connection and each ``BEGIN`` waits for a lock at most what is left of the command's
    patience, and counts its wait against it.  A ledger on a read-only medium is opened immutable.
    """
    if read_only:
        import sqlite3  # start-up

        uri = read_only_uri(path)
        engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False))
    else:
        engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": patience.seconds})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # zzy issues BEGIN itself, below
        cursor = dbapi_connection.cursor()
        with patience.waiting():
            cursor.execute(f"PRAGMA busy_timeout={patience.milliseconds()}")
            cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
            if not read_only:
                cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        write = connection.get_execution_options().get("zzy_write", False)
        with patience.waiting():
            connection.exec_driver_sql(f"PRAGMA busy_timeout={patience.milliseconds()}")
            connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
            if not write:  # a read takes its lock (its snapshot) with the first statement
                connection.exec_driver_sql("SELECT 1 FROM sqlite_master LIMIT 1").all()

    return engine


def highest_number(session: Session, table: Any) -> int:
    """The highest number ``table`` ever gave a record, whether or not that record still exists (SPEC
    section 8: a number is never given again): on SQLite the AUTOINCREMENT counter, on PostgreSQL the
    sequence, and the rows' own numbers."""
    top = session.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar() or 0
    if session.get_bind().dialect.name == "postgresql":
        sequence = session.execute(select(func.pg_get_serial_sequence(table.name, "id"))).scalar()
        if sequence is not None:
            given, called = session.execute(text(f"SELECT last_value, is_called FROM {sequence}")).one()
            top = max(top, given if called else given - 1)
    else:
        given = session.execute(text("SELECT seq FROM sqlite_sequence WHERE name = :name"),
                                {"name": table.name}).scalar()
        top = max(top, given or 0)
    return int(top)


def renumber(session: Session, tables: Iterable[Any]) -> None:
    """After rows were written with their own numbers, move PostgreSQL's id sequences past them (never back:
    a number voided or undone is not given again)."""
    if session.get_bind().dialect.name != "postgresql":
        return

    if session.execute(text("SELECT to_regprocedure('zzy_renumber(text)')")).scalar() is not None:
        for table in tables:
            server_audit.renumber(session, table.name)
        return
    for table in tables:
        top = highest_number(session, table)
        session.execute(select(func.setval(func.pg_get_serial_sequence(table.name, "id"), max(top, 1), top > 0)))


_CONFLICT_STATES = {"40001", "40P01"}  # serialization failure, deadlock
_LOCK_TIMEOUT_STATE = "55P03"  # lock_not_available: lock_timeout ran out
_CANCELED_STATE = "57014"  # query_canceled: statement_timeout ran out (or the server cancelled it)


@contextmanager
def _translated_errors(path: Path | str, *, busy: Callable[[], LedgerUnusable] | None = None,
                       writing: bool = False) -> Iterator[None]:
    """Turn the database's own failures into the spec's exit codes; ``busy`` makes the refusal
    for a lock held too long."""
    try:
        yield
    except exc.DBAPIError as error:
        if getattr(error.orig, "sqlstate", None) in _CONFLICT_STATES:
            raise _Conflict() from None
        _refuse(error, path, busy or (lambda: ledger_busy(path, Patience().seconds)), writing=writing)


def _refuse(error: exc.DBAPIError, path: Path | str, busy: Callable[[], LedgerUnusable], *,
            writing: bool = False) -> None:
    """The exit code and sentence for a database failure."""
    if getattr(error.orig, "sqlstate", None) is not None:  # a server's refusal: a right is missing
        from zzy.access import refusal  # start-up

        refused = refusal(error.orig, writing=writing)
        if refused is not None:
            raise refused from None
    reason = str(error.orig).strip()
    if isinstance(error, exc.IntegrityError):
        raise Refused(f"账本拒绝了这次写入(数据冲突): {reason}。未做任何改动。") from None
    if getattr(error.orig, "sqlstate", None) == _CANCELED_STATE:
        raise LedgerUnusable(f"账本 {path} 的服务器中止了这条命令的一条语句(运行超过 "
                             f"{STATEMENT_LIMIT_MS // 60000} 分钟,或被数据库管理员取消)。未做任何改动。") from None
    if getattr(error.orig, "sqlstate", None) == _LOCK_TIMEOUT_STATE or (
            isinstance(error, exc.OperationalError) and is_lock_wait(reason)):
        raise busy() from None
    if isinstance(error, exc.OperationalError) and "readonly" in reason:
        raise LedgerUnusable(f"账本 {path} 是只读的(文件或所在文件夹不可写),不能写入。"
                             "请检查权限,或把它复制到可写的文件夹再用 --db 指定。") from None
    if isinstance(error, exc.OperationalError):
        raise ledger_failed(path, reason) from None
    raise not_a_ledger(path, reason) from None
