"""Where the ledger is, what marks a database as one, and what can be known of its file (who may
read it, whether it can be written, who holds its lock): light enough for every command.

A location is a file path (SQLite) or a database URL (a server shared by clerks).
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: zzy_meta's ``app`` value: marks a database as a zzy ledger.
APP_MARK = "zzy"


def newest_migration() -> int:
    """The number of the newest migration, ``migrations/versions/NNNN_*.py`` (revision ``NNNN`` is schema
    version N), read from the file names: Alembic is not imported, and a new migration is the one place to edit."""
    versions = Path(__file__).parent / "migrations" / "versions"
    return max(int(name[:4]) for name in os.listdir(versions) if name[:4].isdigit() and name.endswith(".py"))


#: The ledger's schema version: that of the newest migration; a ledger with a larger one was made by a newer zzy.
SCHEMA_VERSION = newest_migration()

#: How long a command waits, in all, for another program to let go of the ledger (exit 4).
BUSY_TIMEOUT_SECONDS = 15.0


def is_lock_wait(reason: str) -> bool:
    """SQLite's message says it gave up waiting for another program: a busy or locked database,
    or ``locking protocol`` (SQLITE_PROTOCOL: it retried for the WAL index, the ``-shm`` file,
    about ten seconds, while another process held its locks).  Each is one wait of the command's
    patience, refused with the holder's name, never tried a second time."""
    return "locked" in reason or "busy" in reason or "locking protocol" in reason


class Patience:
    """How much longer this command may wait for a lock: one budget of ``BUSY_TIMEOUT_SECONDS``
    for all its waits together (the quick read, opening, upgrading, writing, retrying after a
    conflict), so that waits one after another never add up beyond it (SPEC section 11)."""

    def __init__(self, seconds: float | None = None) -> None:
        self.seconds = BUSY_TIMEOUT_SECONDS if seconds is None else seconds
        self.left = self.seconds

    def milliseconds(self) -> int:
        """What is left, for SQLite's ``busy_timeout`` and PostgreSQL's ``lock_timeout``
        (at least 1 ms: PostgreSQL reads 0 as "wait for ever")."""
        return max(1, int(self.left * 1000))

    @contextmanager
    def waiting(self) -> Iterator[None]:
        """Count the time spent in the block (taking a lock) against what is left."""
        start = time.monotonic()
        try:
            yield
        finally:
            self.left = max(0.0, self.left - (time.monotonic() - start))


def default_location() -> Path:
    """``<user data dir>/zzy/ledger.db`` (platformdirs)."""
    from platformdirs import user_data_path

    return user_data_path("zzy", appauthor=False) / "ledger.db"


def resolve_location(option: str | None) -> str:
    """``--db``, else ``ZZY_DB``, else the platform's user data folder: a file path, or a
    SQLAlchemy URL such as ``postgresql+psycopg://clerk@dbhost/zzy`` for a shared ledger."""
    chosen = option or os.environ.get("ZZY_DB")
    if not chosen:
        return str(default_location())
    return chosen if is_url(chosen) else str(Path(chosen).expanduser())


def is_url(location: str) -> bool:
    return "://" in location


def is_server(location: str) -> bool:
    """A database server's URL, not a SQLite file (``sqlite:///path`` is a file)."""
    return is_url(location) and not location.startswith("sqlite")


def sqlite_path(location: str) -> Path:
    """The file of a SQLite location, given as a path or a ``sqlite:///`` URL."""
    return Path(location.removeprefix("sqlite:///"))


#: Permission bits that let other users (group or others) at a ledger file.
_SHARED_BITS = stat.S_IRWXG | stat.S_IRWXO


def exposed_mode(path: Path) -> int | None:
    """The file's permission bits when users other than its owner may read or write it."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return None
    return mode if mode & _SHARED_BITS else None


def tighten(path: Path) -> str | None:
    """Make an existing ledger file (and its ``-wal``/``-shm`` files) private again, mode 0600;
    a line for the clerk when it was readable by others, saying whether that could be fixed."""
    mode = exposed_mode(path)
    if mode is None:
        return None
    try:
        for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            if file.exists():
                os.chmod(file, 0o600)
    except OSError as error:
        return (f"注意: 账本 {path} 其他用户可以读取(权限 {mode:04o}),无法改为仅本人可读写"
                f"({os_reason(error)})。请让文件所有者运行 chmod 600 {path}。")
    return f"注意: 账本 {path} 原来其他用户也可以读取(权限 {mode:04o}),已改为仅本人可读写(0600)。"


def lock_holders(path: Path) -> str | None:
    """Who holds a write lock on the SQLite ledger at ``path``, as far as the system tells
    (Linux lists every file lock in ``/proc/locks``): process, user and command line."""
    try:
        with open("/proc/locks", encoding="ascii", errors="replace") as locks:
            lines = locks.read().splitlines()
    except OSError:  # not Linux
        return None
    inodes = set()
    for file in (path, Path(f"{path}-shm")):
        try:
            info = file.stat()
        except OSError:
            continue
        inodes.add(f"{os.major(info.st_dev):02x}:{os.minor(info.st_dev):02x}:{info.st_ino}")
    pids = []
    for line in lines:
        fields = line.split()
        if "->" in fields or len(fields) < 6:
            continue  # a process waiting for a lock, not holding one
        _, kind, _, access, pid, where = fields[:6]
        if kind in ("POSIX", "FLOCK", "OFDLCK") and access == "WRITE" and where in inodes and pid not in pids:
            pids.append(pid)
    return "、".join(_process(pid) for pid in pids) or None


def _process(pid: str) -> str:
    """``进程 123(用户 clerk,命令 python3 -m zzy import …)``, with what can be read of it."""
    words = [f"进程 {pid}"]
    try:
        import pwd

        words.append(f"用户 {pwd.getpwuid(os.stat(f'/proc/{pid}').st_uid).pw_name}")
    except (ImportError, KeyError, OSError):
        pass
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            command = " ".join(cmdline.read().decode(errors="replace").replace("\0", " ").split())
    except OSError:
        command = ""
    if len(command) > 60:
        command = command[:59] + "…"
    details = words[1:] + ([f"命令 {command}"] if command else [])
    return words[0] + (f"({','.join(details)})" if details else "")


def exists(path: Path) -> bool:
    """Whether something is at ``path``; a path that cannot be looked at counts (to be refused)."""
    try:
        os.stat(path)
    except FileNotFoundError:
        return False
    except OSError:
        return True
    return True


def file_problem(path: Path) -> str | None:
    """Why the SQLite ledger at ``path`` cannot be opened at all, as a sentence for the clerk
    (missing, a folder, not readable, a folder on the way one may not enter); None if it can be tried."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return f"账本不存在: {path}。请先运行 zzy init 创建账本。"
    except OSError as error:  # e.g. a folder on the way that this user may not enter
        return f"无法访问账本 {path}: {os_reason(error)}。请检查文件和所在文件夹的权限,或用 --db 指定别的账本。"
    if stat.S_ISDIR(mode):
        return f"{path} 是一个文件夹,不是账本文件。请用 --db 指定账本文件。"
    if not stat.S_ISREG(mode):  # a pipe or a device: opening it could wait for ever
        return f"{path} 不是普通文件,不是账本。请用 --db 指定账本文件。"
    if not os.access(path, os.R_OK):
        return f"无法读取账本 {path}: 没有读取权限。请让文件所有者授权,或用 --db 指定别的账本。"
    return None


def read_only(path: Path) -> bool:
    """The ledger cannot be changed here: it lies on a read-only medium (a CD, a write-protected
    stick, a read-only mount), or this user may not write it, or may not write its folder (where
    SQLite would keep its ``-wal``/``-shm`` files: a backup folder made read-only, a share)."""
    if hasattr(os, "statvfs"):
        try:
            if os.statvfs(path).f_flag & os.ST_RDONLY:
                return True
        except OSError:
            pass
    return not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK)


#: The notice a command gives, once, when it reads a ledger that cannot be written here.
def read_only_notice(path: Path | str) -> str:
    return f"注意: 账本 {path} 在只读的位置(文件或所在文件夹不可写),只能查看,不能写入。"


def read_only_uri(path: Path) -> str:
    """A SQLite URI that reads a ledger nobody can change here, seeing every committed write.

    Without a ``-wal`` that holds writes, the file is read as immutable: without locks, ``-wal``
    or ``-shm`` files (which a read-only folder cannot hold).  With one (the last writer stopped
    before it checkpointed), the file is read read-only through it when SQLite can use the
    ``-shm`` beside it; when it cannot (no ``-shm``, and none can be made in a read-only folder),
    a private copy of the ledger and its ``-wal`` is read instead (:func:`_private_copy`)."""
    import sqlite3
    from urllib.parse import quote

    wal = Path(f"{path}-wal")
    try:
        pending = wal.stat().st_size > 0
    except OSError:
        pending = False
    if not pending:
        return f"file:{quote(str(path.absolute()))}?immutable=1"
    uri = f"file:{quote(str(path.absolute()))}?mode=ro"
    try:
        probe = sqlite3.connect(uri, uri=True)
        try:
            probe.execute("SELECT count(*) FROM sqlite_master").fetchall()
            return uri
        finally:
            probe.close()
    except sqlite3.Error as error:
        if is_lock_wait(str(error)):
            return uri  # someone is at it: the read itself waits, or says who holds it
    return f"file:{quote(str(_private_copy(path)))}?mode=ro"


def _private_copy(path: Path) -> Path:
    """The ledger and its ``-wal`` copied into a private temporary folder (0700, removed when zzy
    ends), where SQLite can make the ``-shm`` it needs to read the ``-wal``'s writes."""
    import atexit
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="zzy-read-only-"))
    atexit.register(shutil.rmtree, folder, True)
    copy = folder / path.name
    for source, target in ((Path(f"{path}-wal"), Path(f"{copy}-wal")), (path, copy)):
        shutil.copyfile(source, target)
        os.chmod(target, 0o600)
    return copy


def os_reason(error: OSError) -> str:
    """The system's reason for a failed file operation, in Chinese where it is a common one."""
    import errno

    return {errno.EACCES: "没有权限", errno.EPERM: "没有权限", errno.ENOTDIR: "路径中有一段不是文件夹",
            errno.ELOOP: "符号链接循环", errno.EROFS: "所在位置是只读的", errno.ENOSPC: "磁盘空间不足",
            getattr(errno, "EDQUOT", -1): "超出磁盘配额"}.get(error.errno or 0, error.strerror or str(error))
