"""Files zzy writes (exports, backups, templates, reports with ``--output``): SPEC section 11.

Every file is written to a temporary file beside the target and renamed into place only when
complete, so a full disk, a kill or a broken pipe leaves no partial file and any earlier file
untouched.  The file is private (mode 0600): the ledger holds political affiliation, sensitive
personal information under PIPL.  An existing target is refused unless the clerk says ``--force``;
the ledger itself (with its ``-wal``/``-shm`` files) and symbolic links are never written through.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from zzy.errors import Refused

PRIVATE = 0o600

#: What the operating system's refusals mean, in the clerk's words.
_OS_REASONS = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.EFBIG: "文件超出允许的大小",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EROFS: "所在的磁盘是只读的",
    errno.ENOENT: "文件或文件夹不存在",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.EISDIR: "这是一个文件夹",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EIO: "磁盘读写出错",
}


#: Windows' ``ERROR_SHARING_VIOLATION`` and ``ERROR_LOCK_VIOLATION``: another program (Excel, WPS)
#: holds the file open.  Python reports them as ``PermissionError`` (``EACCES``) with this ``winerror``.
SHARING_VIOLATIONS = (32, 33)

#: What a file open in Excel or WPS means for the clerk.
HELD_OPEN = "文件正被其他程序(如 Excel、WPS)打开,请关闭该文件后重试"

#: The errors of a file system that makes no hard links (FAT32, exFAT, many SMB shares): POSIX says
#: EPERM, EOPNOTSUPP (ENOTSUP), EMLINK or EXDEV; Windows ``ERROR_INVALID_FUNCTION`` (1) or
#: ``ERROR_NOT_SUPPORTED`` (50).
_NO_LINKS = {errno.EPERM, errno.EOPNOTSUPP, getattr(errno, "ENOTSUP", errno.EOPNOTSUPP), errno.EMLINK,
             errno.EXDEV, errno.ENOSYS}
_NO_LINKS_WINDOWS = (1, 50)


def windows() -> bool:
    """Whether zzy runs on Windows (``sys.platform``, which the tests may set to simulate it)."""
    return sys.platform == "win32"


def held_open(error: OSError) -> bool:
    """Whether ``error`` is Windows refusing a file another program has open (Excel keeps a lock on
    every workbook it shows)."""
    return getattr(error, "winerror", None) in SHARING_VIOLATIONS


def os_reason(error: OSError) -> str:
    """An operating-system error as a short Chinese phrase (never Python's English text)."""
    if held_open(error):
        return HELD_OPEN
    if error.errno in _OS_REASONS:
        return _OS_REASONS[error.errno]
    return f"系统错误 {error.errno}" if error.errno else "系统错误"


def ledger_files(ledger: Path) -> tuple[Path, ...]:
    """A SQLite ledger and the files SQLite keeps beside it: none of them is ever an output."""
    return (ledger, *(ledger.with_name(ledger.name + suffix) for suffix in ("-wal", "-shm", "-journal")))


def outputs_on_the_ledger(ledger: Path) -> list[int]:
    """The standard streams (1, 2) that the shell opened on the ledger or a file beside it (``zzy
    roster 1<>ledger.db``): anything printed there would overwrite the ledger's first pages."""
    files = []
    for file in ledger_files(ledger):
        try:
            found = os.stat(file)
        except OSError:
            continue
        files.append((found.st_dev, found.st_ino))
    on_it = []
    for descriptor in (1, 2):
        try:
            stream = os.fstat(descriptor)
        except OSError:
            continue
        if stat.S_ISREG(stream.st_mode) and (stream.st_dev, stream.st_ino) in files:
            on_it.append(descriptor)
    return on_it


def check_target(path: Path, *, force: bool, protected: Iterable[Path] = ()) -> None:
    """Refuse a target that is a symlink, the ledger, not a regular file, or exists without ``--force``."""
    if path.is_symlink():
        raise Refused(f"{path} 是符号链接;为安全起见,zzy 不通过符号链接写文件。请直接指定目标文件。")
    if _is_protected(path, protected):
        raise Refused(f"{path} 是账本文件本身(或其附属文件),不能覆盖。请换一个文件名。")
    if not path.parent.is_dir():
        raise Refused(f"无法写入 {path}: 文件夹 {path.parent} 不存在。")
    if path.exists():
        if not path.is_file():
            raise Refused(f"{path} 已存在且不是普通文件(文件夹、管道或设备),zzy 不会写入它。")
        if not force:
            raise Refused(f"文件 {path} 已存在。如确要覆盖,请加 --force。")


def _is_protected(path: Path, protected: Iterable[Path]) -> bool:
    target = path.resolve()
    for precious in protected:
        if target == precious.resolve():
            return True
        try:
            if path.exists() and precious.exists() and path.samefile(precious):
                return True
        except OSError:
            continue
    return False


def no_links_here(error: OSError) -> bool:
    """Whether ``os.link`` failed because the file system makes no hard links (not because the
    target exists or the folder may not be written)."""
    if isinstance(error, FileExistsError):
        return False
    if getattr(error, "winerror", None) in _NO_LINKS_WINDOWS:
        return True
    return error.errno in _NO_LINKS


def link_new(source: Path, target: Path) -> None:
    """Give the complete file ``source`` the name ``target``, which must not exist (``FileExistsError``).

    A hard link where the file system makes them (``source`` stays, to be removed by the caller);
    where it refuses them, a rename: on Windows ``os.rename`` itself refuses an existing target; on
    POSIX the name is first claimed with ``O_EXCL`` (so of two processes only one gets it) and then
    replaced by the complete file.
    """
    try:
        os.link(source, target)
        return
    except NotImplementedError:
        pass
    except OSError as error:
        if not no_links_here(error):
            raise
    if windows():
        os.rename(source, target)
        return
    os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE))
    os.replace(source, target)


class _Pending:
    """A file being written that nobody can see yet.

    On Linux it is an anonymous file (``O_TMPFILE``) in the target's folder: a kill leaves nothing
    behind.  Elsewhere it is a hidden temporary file beside the target, removed on any failure.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.staging: Path | None = None
        anonymous = getattr(os, "O_TMPFILE", 0)
        descriptor = -1
        if anonymous:
            try:
                descriptor = os.open(path.parent, anonymous | os.O_WRONLY, PRIVATE)
            except OSError as error:
                if error.errno not in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL):
                    raise
        if descriptor < 0:
            descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            self.staging = Path(name)
        self.descriptor = descriptor
        _make_private(descriptor, self.staging)

    def place(self, *, force: bool) -> None:
        """Give the finished file its name; without ``force``, never over a file that appeared meanwhile."""
        if self.staging is not None:
            self.close()  # Windows renames no file that is still open, not even by its writer
        if force:
            beside = self.path.with_name(f".{self.path.name}.{os.getpid()}.{id(self):x}.tmp")
            if self.staging is None:
                self._link_anonymous(beside)
            else:
                os.replace(self.staging, beside)
            self.staging = beside
            os.replace(beside, self.path)
            self.staging = None
            return
        try:
            if self.staging is None:
                self._link_anonymous(self.path)  # fails if the target exists: no clobbering
            else:
                link_new(self.staging, self.path)
                if not self.staging.exists():  # renamed, not linked
                    self.staging = None
        except FileExistsError:
            raise Refused(f"文件 {self.path} 已存在。如确要覆盖,请加 --force。") from None

    def _link_anonymous(self, name: Path) -> None:
        """Give the anonymous file a name (``linkat`` through ``/proc/self/fd``, following the link)."""
        folder = os.open(name.parent, os.O_RDONLY)
        try:
            os.link(f"/proc/self/fd/{self.descriptor}", name.name, dst_dir_fd=folder, follow_symlinks=True)
        finally:
            os.close(folder)

    def close(self) -> None:
        """Let go of the descriptor (once: a number closed twice may by then be another file's)."""
        if self.descriptor < 0:
            return
        descriptor, self.descriptor = self.descriptor, -1
        try:
            os.close(descriptor)
        except OSError:
            pass

    def discard(self) -> None:
        """Let go of the descriptor and remove what is left of the temporary file."""
        self.close()
        if self.staging is not None:
            try:
                self.staging.unlink()
            except OSError:
                pass


@contextmanager
def atomic_output(path: Path, *, force: bool = False, binary: bool = False,
                  protected: Iterable[Path] = ()) -> Iterator[IO[Any]]:
    """Write ``path`` through a file renamed into place when complete (SPEC section 11).

    Text is UTF-8 with the newlines the writer gives.  ``protected`` are the ledger's own files.
    """
    path = Path(path)
    protected = tuple(protected)
    check_target(path, force=force, protected=protected)
    try:
        pending = _Pending(path)
    except OSError as error:
        raise Refused(f"无法写入文件 {path}: {os_reason(error)}。") from None
    try:
        mode = "wb" if binary else "w"
        with open(pending.descriptor, mode, closefd=False, encoding=None if binary else "utf-8",
                  newline=None if binary else "") as out:
            yield out
            out.flush()
            os.fsync(pending.descriptor)
        check_target(path, force=force, protected=protected)
        pending.place(force=force)
    except OSError as error:
        raise Refused(f"无法写入文件 {path}: {os_reason(error)};没有留下不完整的文件。") from None
    finally:
        pending.discard()


def write_bytes(path: Path, data: bytes, *, force: bool = False, protected: Iterable[Path] = ()) -> None:
    """``data`` as the whole of ``path``, atomically."""
    with atomic_output(path, force=force, binary=True, protected=protected) as out:
        out.write(data)


def write_problems(path: Path, problems: Iterable[str], *, force: bool = False,
                   protected: Iterable[Path] = ()) -> None:
    """Every problem of a refusal, one a line (UTF-8), as any other file zzy writes: atomically, 0600."""
    with atomic_output(path, force=force, protected=protected) as out:
        for problem in problems:
            out.write(problem + "\n")


def _make_private(descriptor: int, path: Path | None) -> None:
    """Mode 0600 through what the platform offers: ``os.fchmod`` is missing on Windows before 3.13."""
    change_mode = getattr(os, "fchmod", None)
    if change_mode is not None:
        change_mode(descriptor, PRIVATE)
    elif path is not None:
        os.chmod(path, PRIVATE)


def make_private(path: Path) -> None:
    """Set mode 0600 on a file another library wrote."""
    os.chmod(path, PRIVATE)
