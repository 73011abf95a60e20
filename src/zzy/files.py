"""Files zzy writes (rosters, exports, backups): created private, mode 0600.

The ledger holds political affiliation, sensitive personal information under PIPL, so
nothing zzy writes is readable by other users of the machine.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO, Any

from zzy.errors import Refused

PRIVATE = 0o600


def open_private(path: Path, *, binary: bool = False) -> IO[Any]:
    """Open ``path`` for writing, created (or truncated) with mode 0600."""
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, PRIVATE)
        os.fchmod(descriptor, PRIVATE)
    except OSError as error:
        raise Refused(f"无法写入文件 {path}: {error.strerror}。") from None
    if binary:
        return os.fdopen(descriptor, "wb")
    return os.fdopen(descriptor, "w", encoding="utf-8", newline="")


def make_private(path: Path) -> None:
    """Set mode 0600 on a file another library wrote."""
    os.chmod(path, PRIVATE)
