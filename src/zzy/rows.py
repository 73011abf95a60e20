"""The rows of an import file, kept compactly: each one tuple of its row number and its cells.

A roster of 5 000 000 cells (SPEC section 11) held as a list of ``(number, [cells])`` pairs takes
three objects a row, some 250 bytes for a short row: a hostile file of a million short rows would
need 250 MB before its cells are even counted to the limit.  One tuple a row takes less than half.
The rows still read as ``(number, cells)`` pairs, by index, slice or loop.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, overload


class Rows(Sequence[tuple[int, list[Any]]]):
    """Rows as ``(row number, cells)``, stored one tuple ``(number, *cells)`` a row."""

    def __init__(self, stored: list[tuple[Any, ...]] | None = None) -> None:
        #: One tuple ``(number, *cells)`` a row (a reader appends to it straight, for speed).
        self.stored: list[tuple[Any, ...]] = stored if stored is not None else []

    @classmethod
    def of(cls, rows: Iterable[tuple[int, Sequence[Any]]]) -> Rows:
        return cls([(number, *cells) for number, cells in rows])

    def add(self, number: int, cells: Iterable[Any]) -> None:
        self.stored.append((number, *cells))

    def __len__(self) -> int:
        return len(self.stored)

    @overload
    def __getitem__(self, index: int) -> tuple[int, list[Any]]: ...

    @overload
    def __getitem__(self, index: slice) -> Rows: ...

    def __getitem__(self, index: int | slice) -> tuple[int, list[Any]] | Rows:
        if isinstance(index, slice):
            return Rows(self.stored[index])
        row = self.stored[index]
        return row[0], list(row[1:])

    def __iter__(self) -> Iterator[tuple[int, list[Any]]]:
        for row in self.stored:
            yield row[0], list(row[1:])

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented

    __hash__ = None  # type: ignore[assignment]  # a list of rows, compared by value
