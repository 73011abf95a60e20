"""What one run of zzy knows: its command line, which ledger, and today's date.

Database modules are imported only when a command actually opens the ledger, so that
``zzy --help`` and tab completion stay quick.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from zzy import dates

if TYPE_CHECKING:
    from sqlmodel import Session

    from zzy.db import Invocation, Ledger
    from zzy.ledger import Done


@dataclass
class Run:
    """One invocation of zzy; the root callback fills in ``db``."""

    args: list[str]
    db: str | None = None
    today: date = field(default_factory=dates.today)

    def location(self) -> Path:
        from zzy.db import resolve_location

        return resolve_location(self.db)

    def invocation(self) -> Invocation:
        from zzy.db import Invocation

        return Invocation.current(self.args)

    def open(self) -> Ledger:
        """The existing ledger; an upgrade on the way is told on stderr in one line."""
        import sys

        from zzy.db import Ledger

        ledger = Ledger.open(self.location())
        for notice in ledger.notices:
            print(notice, file=sys.stderr)
        return ledger

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read transaction on the existing ledger."""
        with self.open().reading() as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One write transaction on the existing ledger, audited with this command line."""
        with self.open().writing(self.invocation()) as session:
            yield session


def run_of(ctx: typer.Context) -> Run:
    """The :class:`Run` of the command being executed."""
    return ctx.find_root().obj


def write(ctx: typer.Context, action: Callable[..., Done], **options: Any) -> None:
    """Perform one ledger write in one transaction and print what it recorded."""
    from zzy.store import Store

    with run_of(ctx).writing() as session:
        done = action(Store(session), **options)
    print(done.message)
