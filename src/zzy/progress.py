"""How a long write tells how far it is: the phases of an import and the object that hears of them.

Below both the import (:mod:`zzy.imports` reads and checks) and the store (:mod:`zzy.store` writes), so that
neither imports the other for it; the terminal's bar is the command's (``commands/data.py``).
"""

from __future__ import annotations

from typing import Protocol

#: The phases of an import, as its progress bar names them: the file read (bytes of a CSV, rows of a
#: workbook), every row checked through its single command's function, the new records written.
READING, CHECKING, WRITING = "读取文件", "检查", "写入"


class Progress(Protocol):
    """Where an import tells how far it is: each phase begins with its total (``None``: not known), then
    advances."""

    def phase(self, label: str, total: int | None) -> None: ...

    def advance(self, step: int) -> None: ...
