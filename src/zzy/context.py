"""What one run of zzy knows: its command line, which ledger, and today's date.

Database modules are imported only when a command actually opens the ledger, so that
``zzy --help`` and tab completion stay quick.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from zzy import dates
from zzy.location import (
    Patience,
    is_server,
    network_notice,
    read_only,
    read_only_notice,
    resolve_location,
    sqlite_path,
    tighten,
)

if TYPE_CHECKING:
    from sqlmodel import Session

    from zzy.db import Invocation, Ledger
    from zzy.outcome import Done
    from zzy.reader import Reader


T = TypeVar("T")


@dataclass
class Run:
    """One invocation of zzy; the root callback fills in ``db``."""

    args: list[str]
    db: str | None = None
    today: date = field(default_factory=dates.today)
    #: How long this run may still wait for a lock, in all its waits together (SPEC section 11).
    patience: Patience = field(default_factory=Patience)
    _ledger: Ledger | None = field(default=None, repr=False)
    #: The notices already printed on stderr (each is said once a run).
    _told: set[str] = field(default_factory=set, repr=False)

    def tell(self, notice: str) -> None:
        """Print a notice for the clerk on stderr, once a run."""
        if notice not in self._told:
            self._told.add(notice)
            print(notice, file=sys.stderr)

    def location(self) -> str:
        """A file path, or a database URL."""
        return resolve_location(self.db)

    def ledger_files(self) -> tuple[Path, ...]:
        """The files of a SQLite ledger (with ``-wal``/``-shm``), which no output may overwrite."""
        from zzy.files import ledger_files  # start-up

        location = self.location()
        return () if is_server(location) else ledger_files(sqlite_path(location))

    def invocation(self) -> Invocation:
        from zzy.db import Invocation  # start-up

        return Invocation.current(self.args)

    def open(self) -> Ledger:
        """The existing ledger (opened once a run); an upgrade on the way is told on stderr."""

        from zzy.db import Ledger  # start-up

        if self._ledger is None:
            self._ledger = Ledger.open(self.location(), self.patience)
            for notice in self._ledger.notices:
                self.tell(notice)
        return self._ledger

    def committed(self) -> bool:
        """Whether this run committed a write to the ledger (so a later failure says so)."""
        return self._ledger is not None and self._ledger.committed

    def close(self) -> None:
        """Let go of the database connections this run opened."""
        if self._ledger is not None:
            self._ledger.dispose()
            self._ledger = None

    @contextmanager
    def reading(self) -> Iterator[Reader]:
        """A read transaction on the existing ledger.

        A SQLite ledger of this zzy's schema is read straight through :mod:`sqlite3`, and one on
        PostgreSQL straight through psycopg, without loading SQLAlchemy (see :mod:`zzy.reader`);
        anything else is opened by :meth:`open`.
        """

        from zzy import reader  # start-up

        location = self.location()
        if self._ledger is None and is_server(location):
            server = reader.open_server(location, self.patience)
            if server is not None:
                def full_way() -> Ledger:
                    from zzy.db import Ledger  # start-up: only a refusal needs it

                    return Ledger(location, self.patience)

                with reader.reading_server(server, full_way) as fast:
                    yield fast
                return
        if self._ledger is None and not is_server(location):
            path = sqlite_path(location)
            connection = reader.open_file(path, self.patience)
            if connection is not None:
                first = read_only_notice(path) if read_only(path) else tighten(path)
                for notice in (first, network_notice(path)):
                    if notice:
                        self.tell(notice)
                with reader.reading_file(connection, path, self.patience) as fast:
                    yield fast
                return
        with self.open().reader() as slow:
            yield slow

    def write(self, action: Callable[[Session], T]) -> T:
        """Run ``action`` in one write transaction on the existing ledger, audited with this
        command line (and run again if a concurrent writer on a server made it conflict)."""
        return self.open().write(self.invocation(), action)


def console_refusal() -> str | None:
    """What to tell a clerk whose console cannot print Chinese (an ASCII or cp1252 stdout or
    stderr), before zzy does anything: in English, which any console prints, and in Chinese too
    where stderr can print it.  None when both streams can print Chinese."""
    unable = []
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "ascii"
        try:
            "错误中文".encode(encoding)
        except (UnicodeEncodeError, LookupError):
            unable.append(encoding)
    if not unable:
        return None
    english = (f"zzy: error: this console cannot print Chinese (its encoding is {unable[0]}), and zzy "
               "speaks Chinese. Nothing was done. Set the environment variable PYTHONIOENCODING=utf-8 "
               "(or PYTHONUTF8=1; on Windows also run chcp 65001) and run the command again.\n")
    chinese = ("错误: 输出无法显示中文,本次没有执行任何操作。请设置环境变量 PYTHONIOENCODING=utf-8 后重新运行。\n")
    try:
        chinese.encode(getattr(sys.stderr, "encoding", None) or "ascii")
    except (UnicodeEncodeError, LookupError):
        return english
    return english + chinese


def run_of(ctx: typer.Context) -> Run:
    """The :class:`Run` of the command being executed."""
    run: Run = ctx.find_root().obj
    return run


def read(ctx: typer.Context, build: Callable[..., T], **options: Any) -> T:
    """Build a report (or any answer) from the ledger in one read transaction."""
    with run_of(ctx).reading() as reader:
        return build(reader, **options)


def write(ctx: typer.Context, action: Callable[..., Done], **options: Any) -> None:
    """Perform one ledger write in one transaction and print what it recorded, then, on stderr, each
    new finding it left about the people and orgs it touched (``注意: …``)."""
    from zzy.store import Store  # start-up

    run = run_of(ctx)

    def perform(session: Session) -> tuple[Done, list[str]]:
        store = Store(session, today=run.today, watching=True)
        done = action(store, **options)
        return done, store.notices()

    done, notices = run.write(perform)
    print(done.message)
    for notice in notices:
        print(f"注意: {notice}", file=sys.stderr)
