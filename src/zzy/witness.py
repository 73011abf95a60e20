"""A witness of the audit chain outside the ledger: the head each write left, kept in the user's
state folder.

The hash chain (:mod:`zzy.audit`) shows an entry changed or removed in the middle of the log.  It
cannot show the newest entries removed (with ``audit_head`` rewound) or a chain recomputed from
some entry on: whoever can write the ledger file can do both.  So every write also notes the
chain's head it left, entry number and hash, in a small file the ledger does not contain:
``<platformdirs user_state_dir>/zzy/audit-witness.jsonl`` (``~/.local/state/zzy/…`` on Linux;
``XDG_STATE_HOME`` moves it).  ``doctor`` and ``log --verify`` compare the ledger's chain with it:

- a log shorter than the witnessed head: entries at the end were removed;
- an entry at the witnessed number with another hash: the log was rewritten from there on (the
  tail removed and other entries written in its place, or a recomputed chain).

**The file.**  One JSON line per write, appended (``O_APPEND``, under an exclusive ``flock``):
``{"ledger": …, "ledger_id": …, "head": N, "hash": …}``; what counts for a ledger is its line
with the highest head.  When the file passes :data:`COMPACT_AT` bytes it is rewritten with one line
per ledger (the newest), renamed into place under the same lock.

**Which ledger.**  A line names the ledger by where it is (a SQLite file's resolved path; a server
URL without its password) and by the id stored in the ledger (``zzy_meta.ledger_id``, a random
UUID given by ``init``, or by the first write of a ledger made before 0.5).  A copy of a ledger
elsewhere, a backup opened where it lies, a ledger restored from an export (a new id) or moved to
another path, has no line yet: ``doctor`` says so and fails nothing, and the next write (or a
``doctor``/``log --verify`` that finds the chain whole) starts its witness.

**What it never does.**  A write never moves the witness back, nor past a disagreement: when the
ledger's entry at the witnessed number is not the witnessed one (or is gone), the write appends
nothing, so the finding stays until someone looks.  Entries after the witnessed head that no zzy
on this computer wrote (another clerk's computer writing a shared file, or a forged entry
appended) are named, as a note, not as a failure: a witness cannot tell the two apart.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from zzy import audit
from zzy.audit import Head, short, without_passwords
from zzy.audit_terms import Problem
from zzy.location import is_server, sqlite_path

if TYPE_CHECKING:
    from zzy.reader import Reader

#: The witness file's name in the state folder.
FILE_NAME = "audit-witness.jsonl"

#: Past this size the file is rewritten with one line per ledger.
COMPACT_AT = 64 * 1024

#: The key in ``zzy_meta`` of the ledger's own id.
LEDGER_ID = "ledger_id"


def new_ledger_id() -> str:
    return str(uuid.uuid4())


def witness_path() -> Path:
    """Where the witness file is (the folder need not exist yet)."""
    from platformdirs import user_state_path  # start-up

    return user_state_path("zzy", appauthor=False) / FILE_NAME


def ledger_name(location: str) -> str:
    """A ledger's place, as the witness names it: a file's resolved path, a URL without password."""
    if is_server(location):
        return without_passwords(location)
    return str(sqlite_path(location).resolve())


class Line(NamedTuple):
    """One witnessed head of one ledger."""

    ledger: str
    ledger_id: str
    head: int
    hash: str

    def dumps(self) -> str:
        return json.dumps(self._asdict(), ensure_ascii=False, sort_keys=True) + "\n"


def _parse(text: str) -> Line | None:
    try:
        data = json.loads(text)
        line = Line(str(data["ledger"]), str(data["ledger_id"]), int(data["head"]), str(data["hash"]))
    except (ValueError, KeyError, TypeError):
        return None  # a torn or foreign line proves nothing
    return line if line.head > 0 else None


def lines(path: Path | None = None) -> list[Line]:
    """Every line of the witness file that can be read (none when there is no file)."""
    try:
        text = (path or witness_path()).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return [line for line in map(_parse, text.splitlines()) if line is not None]


def witnessed(ledger: str, ledger_id: str, path: Path | None = None) -> Line | None:
    """The newest head witnessed for this ledger, if any."""
    mine = [line for line in lines(path) if line.ledger == ledger and line.ledger_id == ledger_id]
    return max(mine, key=lambda line: line.head, default=None)


# -- writing -----------------------------------------------------------------------------------

@contextmanager
def _locked(path: Path) -> Iterator[int]:
    """The witness file open for appending, under an exclusive lock (the file that is at ``path``
    once the lock is held: a compaction may have renamed another into place meanwhile)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    while True:
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            _lock(descriptor)
        except OSError:  # a file system without locks: one short append does not interleave
            break
        try:
            if os.fstat(descriptor).st_ino == os.stat(path).st_ino:
                break
        except OSError:  # renamed away and not yet replaced: open it again
            pass
        os.close(descriptor)
    try:
        yield descriptor
    finally:
        os.close(descriptor)


def _lock(descriptor: int) -> None:
    try:
        import fcntl  # start-up
    except ImportError:  # Windows: appends of one short line do not interleave
        return
    fcntl.flock(descriptor, fcntl.LOCK_EX)


def append(line: Line, path: Path | None = None) -> None:
    """Add a witnessed head; the file is compacted when it has grown.  A witness that cannot be
    written (no state folder, a full disk) costs the write nothing: the ledger has committed."""
    path = path or witness_path()
    with suppress(OSError), _locked(path) as descriptor:
        os.write(descriptor, line.dumps().encode("utf-8"))
        if os.fstat(descriptor).st_size > COMPACT_AT:
            _compact(path)


def _compact(path: Path) -> None:
    """Rewrite the file with each ledger's newest line (the caller holds the lock)."""
    newest: dict[tuple[str, str], Line] = {}
    for line in lines(path):
        key = (line.ledger, line.ledger_id)
        if key not in newest or newest[key].head < line.head:
            newest[key] = line
    draft = path.with_name(f".{path.name}.{os.getpid()}.new")
    draft.write_text("".join(line.dumps() for line in newest.values()), encoding="utf-8")
    os.chmod(draft, 0o600)
    os.replace(draft, path)


def next_line(ledger: str, ledger_id: str, head: Head, hash_at: Callable[[int], str | None]) -> Line | None:
    """The line a write that left ``head`` appends, or None: when it would move the witness back,
    or past an entry that is not the witnessed one (``hash_at``: the ledger's hash of an entry)."""
    if head.id <= 0:
        return None
    known = witnessed(ledger, ledger_id)
    if known is not None:
        if known.head >= head.id:
            return None
        if hash_at(known.head) != known.hash:
            return None  # the log was rewritten: leave the evidence for doctor
    return Line(ledger, ledger_id, head.id, head.hash)


# -- a write -------------------------------------------------------------------------------------

def before_commit(session: Any, location: str, *, server: bool) -> Line | None:
    """In a write transaction, once its entries are in: the line to append after it commits (None
    when it appended no entry).  A SQLite ledger without an id (made before 0.5) is given one now.
    On a server the head moves only at commit, so it is read then (:func:`after_commit`)."""
    from sqlalchemy import text  # start-up

    number = session.info.get("write_no")
    if number is None or server:
        return None
    head = audit.head(session)
    if head.id < int(number):  # nothing appended (a dry run rolled back)
        return None
    ledger_id = session.execute(text("SELECT value FROM zzy_meta WHERE key = :k"), {"k": LEDGER_ID}).scalar()
    if ledger_id is None:
        ledger_id = new_ledger_id()
        session.execute(text("INSERT INTO zzy_meta (key, value) VALUES (:k, :v)"), {"k": LEDGER_ID, "v": ledger_id})

    def hash_at(number: int) -> str | None:
        found = session.execute(text("SELECT hash FROM audit WHERE id = :n"), {"n": number}).scalar()
        return str(found) if found is not None else None

    return next_line(ledger_name(location), str(ledger_id), head, hash_at)


def after_commit(connection: Any, location: str) -> Line | None:
    """On a server, after a write committed: the line to append (the head as the server now has
    it), read on ``connection`` (SQLAlchemy) in its own short transaction."""
    from sqlalchemy import exc  # start-up

    try:
        ledger_id = connection.exec_driver_sql(
            f"SELECT value FROM zzy_meta WHERE key = '{LEDGER_ID}'").scalar() or ""
        row = connection.exec_driver_sql("SELECT last_id, hash FROM audit_head").first()
        if row is None:
            return None

        def hash_at(number: int) -> str | None:
            found = connection.exec_driver_sql("SELECT hash FROM audit WHERE id = %(n)s", {"n": number}).scalar()
            return str(found) if found is not None else None

        return next_line(ledger_name(location), str(ledger_id), Head(row[0], row[1]), hash_at)
    except exc.DBAPIError:  # a role that may not read the head: no witness for it
        return None


# -- checking (doctor, log --verify) -------------------------------------------------------------

class Finding(NamedTuple):
    """What the witness says of a ledger: problems (exit 1), notes (stderr), and the line to start
    or move the witness with when the chain agrees with it."""

    problems: list[Problem]
    notes: list[str]
    line: Line | None


def examine(reader: Reader, location: str, *, chain_whole: bool) -> Finding:
    """Compare the ledger's chain with the witness of this computer's user."""
    name = ledger_name(location)
    ledger_id = str(reader.value("SELECT value FROM zzy_meta WHERE key = ?", LEDGER_ID) or "")
    row = reader.first("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1")
    head = Head(row[0], row[1]) if row else Head(0, "")
    known = witnessed(name, ledger_id)
    if known is None:
        if not head.id:
            return Finding([], [], None)
        then = f"已从现在的链头(第 {head.id} 条)开始见证" if chain_whole else "链有问题,未开始见证"
        note = f"本机没有这个账本的链头见证(账本是复制、移动或恢复来的,或在本机还没有写入过):无法核对日志末尾;{then}。"
        return Finding([], [note], Line(name, ledger_id, head.id, head.hash) if chain_whole else None)
    problems = []
    if head.id < known.head:
        problems.append(Problem("audit_witness", f"审计日志比本机的见证短: 见证记录的链头是第 {known.head} 条"
                                f"(短码 {short(known.hash)}),账本的日志只到第 {head.id} 条。末尾的记录被删除了。"))
    else:
        found = reader.value("SELECT hash FROM audit WHERE id = ?", known.head)
        if found != known.hash:
            now = f"短码 {short(found)}" if found else "这一条不存在"
            problems.append(Problem("audit_witness", f"第 {known.head} 条审计记录与本机见证记录的不同"
                                    f"(见证: 短码 {short(known.hash)};账本: {now}): 日志从这里起被改写过"
                                    "(末尾被删除后写入了别的记录,或整段链被重新计算)。"))
    notes = []
    if not problems and head.id > known.head:
        later = reader.rows('SELECT id, "user", at FROM audit WHERE id > ? ORDER BY id', known.head)
        listed = "、".join(f"第 {number} 条({user},{str(at)[:10]})" for number, user, at in later[:5])
        more = f"等 {len(later)} 条" if len(later) > 5 else ""
        notes.append(f"见证之后的 {listed}{more}不是本机的 zzy 写入的: 若这个账本只在本机使用,请核对它们是否伪造。")
    return Finding(problems, notes, None)  # only a write moves a witness on, over entries it did not see


def head_document(head: Head) -> dict[str, Any]:
    """The chain's head as an export or a message carries it."""
    return {"id": head.id, "hash": head.hash, "short": short(head.hash) if head.hash else ""}
