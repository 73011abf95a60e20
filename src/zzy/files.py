"""Files zzy writes (rosters, exports, backups): created private, mode 0600.

The ledger holds political affiliation, sensitive personal information under PIPL, so
nothing zzy writes is readable by other users of the machine.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO

from zzy.errors import Refused

PRIVATE = 0o600


def open_private(path: Path, *, binary: bool = False) -> IO:
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


# Provisional until the lead's atomic_output lands on main (same signature); main's version wins.
from collections.abc import Iterator, Sequence  # noqa: E402
from contextlib import contextmanager  # noqa: E402


@contextmanager
def atomic_output(path: Path, *, force: bool = False, binary: bool = False,
                  protected: Sequence[Path] = ()) -> Iterator[IO]:
    """A private temporary file beside ``path``, renamed onto it only when complete."""
    import tempfile

    path = Path(path)
    if path.is_symlink() or any(path.resolve() == Path(p).resolve() for p in protected):
        raise Refused(f"不能写入 {path}: 它是账本文件或符号链接。")
    if path.exists() and not force:
        raise Refused(f"文件 {path} 已存在。要覆盖请加 --force。")
    try:
        descriptor, temporary = tempfile.mkstemp(dir=path.parent or ".", prefix=f".{path.name}.")
    except OSError as error:
        raise Refused(f"无法写入文件 {path}: {error.strerror}。") from None
    os.fchmod(descriptor, PRIVATE)
    out = os.fdopen(descriptor, "wb") if binary else os.fdopen(descriptor, "w", encoding="utf-8", newline="")
    try:
        with out:
            yield out
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
