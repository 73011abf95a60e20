"""SPEC section 11, files zzy writes: complete or not at all, private, never over something precious.

``export``, ``backup``, ``template`` and ``--output`` write to a file nobody sees until it is
complete, then give it its name: a full disk or a kill leaves no partial file and an earlier file
untouched; an existing file needs ``--force``; the ledger and symlinks are never written through.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import Zzy
from zzy import files
from zzy.errors import Refused

#: Every command that writes a file the clerk names, as (arguments before the file, after it).
WRITERS = {
    "export": (["export"], []),
    "backup": (["backup"], []),
    "template": (["template", "persons", "--output"], []),
    "roster": (["roster", "--year", "2025", "--format", "csv", "--output"], []),
}

#: A file name each writer accepts.
NAMES = {"export": "out.json", "backup": "out.db", "template": "out.xlsx", "roster": "out.csv"}


def writes(name: str, target: Path, *extra: str) -> list[str]:
    before, after = WRITERS[name]
    return [*before, str(target), *after, *extra]


@pytest.fixture
def staffed(ok: Zzy, college: Path) -> Path:
    ok("appoint T001 jd --kind full --rank section --on 2024-03-01")
    return college


# -- existing files, the ledger, symlinks -------------------------------------------------------


@pytest.mark.sqlite_only
@pytest.mark.parametrize("name", sorted(WRITERS))
def test_an_existing_file_is_kept_unless_forced(name: str, ok: Zzy, zzy: Zzy, staffed: Path, tmp_path: Path) -> None:
    target = tmp_path / NAMES[name]
    target.write_text("an earlier file\n")
    refused = zzy(writes(name, target))
    assert refused.exit_code == 3, refused
    assert refused.stderr == f"错误: 文件 {target} 已存在。如确要覆盖,请加 --force。\n"
    assert target.read_text() == "an earlier file\n"

    ok(writes(name, target, "--force"))
    assert target.read_bytes() != b"an earlier file\n"
    assert target.stat().st_mode & 0o777 == 0o600


@pytest.mark.sqlite_only
@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
@pytest.mark.parametrize("name", ["backup", "roster", "template"])  # export: next test (it insists on .json)
def test_the_ledger_is_never_an_output(name: str, suffix: str, zzy: Zzy, staffed: Path) -> None:
    target = staffed.with_name(staffed.name + suffix)
    if not target.exists():
        target.write_bytes(b"")
    before = target.read_bytes()
    refused = zzy(writes(name, target, "--force"))
    assert refused.exit_code == 3, refused
    assert refused.stderr == f"错误: {target} 是账本文件本身(或其附属文件),不能覆盖。请换一个文件名。\n"
    # SQLite itself removes an empty -wal/-shm when the last connection closes; zzy never wrote it.
    assert not target.exists() or target.read_bytes() == before


@pytest.mark.sqlite_only
def test_a_ledger_named_like_an_export_is_not_overwritten(ok: Zzy, zzy: Zzy, tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.json"
    ok(["--db", str(ledger), "init"])
    before = ledger.read_bytes()
    refused = zzy(["--db", str(ledger), "export", str(ledger), "--force"])
    assert refused.exit_code == 3
    assert ledger.read_bytes() == before


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_a_symlink_is_never_followed(name: str, zzy: Zzy, staffed: Path, tmp_path: Path, backend: str) -> None:
    if name == "backup" and backend != "sqlite":
        pytest.skip("a server ledger is backed up with pg_dump")
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me\n")
    precious.chmod(0o644)
    link = tmp_path / NAMES[name]
    link.symlink_to(precious)
    refused = zzy(writes(name, link, "--force"))
    assert refused.exit_code == 3, refused
    assert "符号链接" in refused.stderr
    assert precious.read_text() == "keep me\n"
    assert precious.stat().st_mode & 0o777 == 0o644


def test_export_to_a_fifo_is_refused_at_once(zzy: Zzy, staffed: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    started = time.monotonic()
    refused = zzy(["export", str(fifo), "--force"])
    assert refused.exit_code == 3
    assert refused.stderr == f"错误: {fifo} 已存在且不是普通文件(文件夹、管道或设备),zzy 不会写入它。\n"
    assert time.monotonic() - started < 5


def test_export_insists_on_json(zzy: Zzy, staffed: Path, tmp_path: Path) -> None:
    refused = zzy(["export", str(tmp_path / "台账.xlsx")])
    assert refused.exit_code == 2
    assert refused.stderr == "错误: 导出文件须以 .json 结尾(得到 台账.xlsx);导出的是 JSON 文档,不是表格。\n"
    assert not (tmp_path / "台账.xlsx").exists()


def test_export_dash_writes_the_document_to_stdout(ok: Zzy, staffed: Path, tmp_path: Path) -> None:
    streamed = ok("export -").stdout
    ok(["export", str(tmp_path / "e.json")])
    assert json.loads(streamed) == json.loads((tmp_path / "e.json").read_text(encoding="utf-8"))


def test_a_missing_folder_is_said_in_chinese(zzy: Zzy, staffed: Path, tmp_path: Path) -> None:
    target = tmp_path / "没有这个文件夹" / "e.json"
    refused = zzy(["export", str(target)])
    assert refused.exit_code == 3
    assert refused.stderr == f"错误: 无法写入 {target}: 文件夹 {target.parent} 不存在。\n"


# -- Windows: no os.fchmod before Python 3.13 -----------------------------------------------------


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_files_are_private_where_os_has_no_fchmod(name: str, ok: Zzy, staffed: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch, backend: str) -> None:
    if name == "backup" and backend != "sqlite":
        pytest.skip("a server ledger is backed up with pg_dump")
    monkeypatch.delattr(os, "fchmod", raising=False)
    monkeypatch.delattr(os, "O_TMPFILE", raising=False)  # Windows has no anonymous files either
    target = tmp_path / NAMES[name]
    ok(writes(name, target))
    assert target.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_without_hard_links_an_existing_file_is_still_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "O_TMPFILE", raising=False)

    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError(1, "Operation not permitted")

    target = tmp_path / "r.csv"
    monkeypatch.setattr(os, "link", no_links)
    files.write_bytes(target, b"first\n")
    assert target.read_bytes() == b"first\n"
    with pytest.raises(Refused):
        files.write_bytes(target, b"second\n")
    assert target.read_bytes() == b"first\n"
    assert [p.name for p in tmp_path.iterdir()] == ["r.csv"]


# -- faults: a full disk, a kill -------------------------------------------------------------------


def zzy_process(args: list[str], **options: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "zzy", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, **options)  # type: ignore[call-overload]


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real, tiny file system (tmpfs of 256 KiB) to fill up; needs root, as CI has."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root (CI runs as root)")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs", str(mount_point)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill(disk: Path, *, leave: int) -> None:
    """Fill ``disk`` until fewer than ``leave`` bytes are free."""
    stats = os.statvfs(disk)
    free = stats.f_bavail * stats.f_frsize
    (disk / "filler").write_bytes(b"\0" * max(free - leave, 0))


@pytest.mark.sqlite_only
@pytest.mark.parametrize("name", sorted(WRITERS))
def test_a_full_disk_leaves_no_partial_file_and_the_earlier_one_intact(
    name: str, ok: Zzy, staffed: Path, small_disk: Path
) -> None:
    target = small_disk / NAMES[name]
    ok(writes(name, target))
    earlier = target.read_bytes()
    fill(small_disk, leave=512)
    process = zzy_process(writes(name, target, "--force"), env={**os.environ, "ZZY_DB": str(staffed)})
    out, err = process.communicate(timeout=60)
    assert process.returncode == 3, err.decode()
    message = err.decode()
    assert message.startswith(f"错误: 无法写入文件 {target}: 磁盘空间不足"), message
    assert "Traceback" not in message and "Exception ignored" not in message
    assert target.read_bytes() == earlier
    assert sorted(p.name for p in small_disk.iterdir()) == sorted([target.name, "filler"])


@pytest.mark.sqlite_only
@pytest.mark.parametrize("name", ["export", "backup", "roster"])
def test_a_kill_during_a_write_leaves_no_partial_file(name: str, ok: Zzy, staffed: Path, tmp_path: Path) -> None:
    ok(["import", "persons", str(bulk_persons(tmp_path, 3000))])
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / NAMES[name]
    ok(writes(name, target))
    earlier = target.read_bytes()
    for delay in (0.05, 0.15, 0.3, 0.5, 0.8):
        process = zzy_process(writes(name, target, "--force"), env={**os.environ, "ZZY_DB": str(staffed)})
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)
        assert [p.name for p in out_dir.iterdir()] == [target.name]
        assert target.read_bytes() == earlier or _complete(name, target)
        earlier = target.read_bytes()


def _complete(name: str, target: Path) -> bool:
    """A file that was replaced by a newer, whole one."""
    if name == "backup":
        import sqlite3

        with sqlite3.connect(target) as copy:
            return copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    text = target.read_text(encoding="utf-8")
    if name == "export":
        json.loads(text)
        return True
    return text.endswith("\n")


def bulk_persons(folder: Path, count: int) -> Path:
    path = folder / "persons.csv"
    lines = ["工号,姓名,入党日期,转正日期"] + [f"B{n:05d},某{n},2001-01-01,2002-01-01" for n in range(count)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# -- a reader that goes away ------------------------------------------------------------------------


@pytest.mark.parametrize("args", [["roster", "--year", "2025", "--format", "csv"],
                                  ["roster", "--year", "2025", "--format", "json"],
                                  ["roster", "--year", "2025"], ["export", "-"], ["log"]])
def test_an_interrupted_pipe_ends_quietly(args: list[str], ok: Zzy, staffed: Path, tmp_path: Path) -> None:
    ok(["import", "persons", str(bulk_persons(tmp_path, 400))])
    reader_gone = subprocess.run(f"{sys.executable} -m zzy {' '.join(args)} | head -c 1 > /dev/null; "
                                 "echo ${PIPESTATUS[0]}", shell=True, executable="/bin/bash",
                                 capture_output=True, text=True, timeout=60)
    assert reader_gone.stdout == "0\n", reader_gone.stderr
    assert reader_gone.stderr == ""
