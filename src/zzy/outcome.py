"""What a write answers when it succeeds: the sentence the CLI prints (refusals are :mod:`zzy.errors`).

Its home is below every write module (``ledger``, ``records``, ``corrections``, ``imports``, ``revert``,
``access``) and the CLI that prints it (:func:`zzy.context.write`), so that none of them imports another for it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Done:
    """What a write recorded: one Chinese sentence, and the new record's number if any."""

    message: str
    number: int | None = None
