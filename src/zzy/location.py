"""Where the ledger is, what marks a database as one, and what can be known of its file (who may
read it, whether it can be written, who holds its lock): light enough for every command.

A location is a file path (SQLite) or a database URL (a server shared by clerks).
"""

from __future__ import annotations

import errno
import os
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

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
    from platformdirs import user_data_path  # start-up

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
    """The file's permission bits when users other than its owner may read or write it.

    Never on Windows: there a file's mode bits say only whether it is read-only (every other file
    shows 0666), and who may read it is decided by the folder's access list, which the user's own
    profile folder (where the ledger is by default) already keeps to that user."""
    from zzy.files import windows  # start-up

    if windows():
        return None
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
        import pwd  # start-up

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
    import sqlite3  # start-up

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
    import atexit  # start-up
    import shutil  # start-up
    import tempfile  # start-up

    folder = Path(tempfile.mkdtemp(prefix="zzy-read-only-"))
    atexit.register(shutil.rmtree, folder, True)
    copy = folder / path.name
    for source, target in ((Path(f"{path}-wal"), Path(f"{copy}-wal")), (path, copy)):
        shutil.copyfile(source, target)
        os.chmod(target, 0o600)
    return copy


#: File systems reached over the network (``/proc/mounts``' third field), where SQLite's locks and
#: its write-ahead log (which needs memory shared between the processes of one machine) are unsafe.
NETWORK_FILE_SYSTEMS = frozenset({"nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "9p", "ceph",
                                  "glusterfs", "fuse.sshfs", "fuse.glusterfs", "davfs", "fuse.davfs2"})

#: ``GetDriveTypeW``'s answer for a network drive (a mapped letter such as ``Z:``).
DRIVE_REMOTE = 4


def network_share(path: Path, *, mounts: str | None = None) -> str | None:
    """What makes ``path`` a network location, in words for the clerk, or None if it is local.

    On Windows a UNC path (``\\server\\share\\…``) or a drive letter mapped to a share; elsewhere
    the mount that holds the path, when its file system is NFS, CIFS/SMB or another network one
    (``mounts`` is the text of ``/proc/mounts``, read when not given)."""
    from zzy.files import windows  # start-up

    text = str(path)
    if windows():
        unc = text.startswith(("\\\\", "//")) and not text.startswith(("\\\\?\\", "\\\\.\\"))
        if unc or text.upper().startswith("\\\\?\\UNC\\"):
            return "网络共享文件夹"
        drive = text[:2]
        if len(drive) == 2 and drive[1] == ":" and _drive_type(drive + "\\") == DRIVE_REMOTE:
            return f"映射到网络共享的驱动器 {drive.upper()}"
        return None
    if mounts is None:
        try:
            with open("/proc/mounts", encoding="utf-8", errors="replace") as file:
                mounts = file.read()
        except OSError:  # not Linux
            return None
    target = os.path.realpath(text)
    best: tuple[str, str] | None = None
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and (best is None or len(point) > len(best[0])):
            best = (point, fields[2])
    if best is not None and best[1] in NETWORK_FILE_SYSTEMS:
        return f"网络文件系统 {best[1]}(挂载于 {best[0]})"
    return None


def _drive_type(root: str) -> int:
    """Windows' ``GetDriveTypeW`` for a drive's root (``Z:\\``)."""
    import ctypes  # start-up

    return int(ctypes.windll.kernel32.GetDriveTypeW(root))  # type: ignore[attr-defined]


def network_notice(path: Path) -> str | None:
    """A warning for a SQLite ledger in a network folder, or None."""
    where = network_share(path)
    if where is None:
        return None
    return (f"注意: 账本 {path} 位于{where}。SQLite 的预写日志(WAL)需要同一台电脑上的共享内存,"
            "网络文件夹上的锁也不可靠:几台电脑同时使用可能损坏账本。请把账本放在本机磁盘上"
            "(多人共用请用 PostgreSQL 服务器,见 README)。")


def os_reason(error: OSError) -> str:
    """The system's reason for a failed file operation, in Chinese where it is a common one."""
    from zzy.files import HELD_OPEN, held_open  # start-up

    if held_open(error):
        return HELD_OPEN
    return {errno.EACCES: "没有权限", errno.EPERM: "没有权限", errno.ENOTDIR: "路径中有一段不是文件夹",
            errno.ELOOP: "符号链接循环", errno.EROFS: "所在位置是只读的", errno.ENOSPC: "磁盘空间不足",
            getattr(errno, "EDQUOT", -1): "超出磁盘配额"}.get(error.errno or 0, error.strerror or str(error))
