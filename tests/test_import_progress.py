"""A big import shows how far it is on a terminal through every phase — reading the file, checking the
rows, writing them — rather than sitting at 0 % while the file is read (issue 24)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from zzy import imports, progress

pytestmark = pytest.mark.sqlite_only  # what the terminal shows: the same on either backend

ROWS = 3000  # about 130 KB: over the size that shows progress, and a second's work


def persons_csv(path: Path, rows: int) -> Path:
    lines = ["工号,姓名,入党日期,转正日期"] + [f"Q{i:05d},进度{i},2010-06-01,2011-06-01" for i in range(rows)]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


class Recorder:
    def __init__(self) -> None:
        self.phases: list[tuple[str, int | None]] = []
        self.advanced: dict[str, int] = {}

    def phase(self, label: str, total: int | None) -> None:
        self.phases.append((label, total))
        self.advanced[label] = 0

    def advance(self, step: int) -> None:
        self.advanced[self.phases[-1][0]] += step


def test_reading_a_csv_advances_by_the_bytes_read(tmp_path: Path) -> None:
    path = persons_csv(tmp_path / "人员.csv", ROWS)
    recorder = Recorder()
    rows = imports.read_file(path, recorder)
    assert len(rows) == ROWS + 1
    assert recorder.phases == [(imports.READING, path.stat().st_size)]
    assert recorder.advanced[imports.READING] == path.stat().st_size


def test_a_terminal_sees_every_phase_of_a_big_import(tmp_path: Path) -> None:
    """On a real pseudo-terminal: the bar names reading, checking and writing, in that order."""
    import pty

    ledger = tmp_path / "ledger.db"
    subprocess.run([sys.executable, "-m", "zzy", "--db", str(ledger), "init"], check=True, capture_output=True)
    path = persons_csv(tmp_path / "人员.csv", ROWS)
    leader, follower = pty.openpty()
    shown = bytearray()

    def drain() -> None:  # the terminal's side, read as the command writes (a full pty would stop it)
        while True:
            try:
                piece = os.read(leader, 65536)
            except OSError:
                return
            if not piece:
                return
            shown.extend(piece)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100"}
    try:
        done = subprocess.run([sys.executable, "-m", "zzy", "--db", str(ledger), "import", "persons", str(path)],
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=follower, env=env, timeout=120)
    finally:
        os.close(follower)
        reader.join(timeout=10)
        os.close(leader)
    assert done.returncode == 0, shown.decode(errors="replace")
    assert f"导入 {ROWS} 行人员" in done.stdout.decode()
    screen = shown.decode(errors="replace")
    where = [screen.find(label) for label in (progress.READING, progress.CHECKING, progress.WRITING)]
    assert -1 not in where and where == sorted(where), screen


def test_a_small_file_or_a_pipe_shows_no_bar(tmp_path: Path) -> None:
    from zzy.commands.data import PROGRESS_BYTES, shows_progress

    small, big = persons_csv(tmp_path / "小.csv", 10), persons_csv(tmp_path / "大.csv", ROWS)
    assert small.stat().st_size < PROGRESS_BYTES < big.stat().st_size
    assert not shows_progress(small, True) and shows_progress(big, True) and shows_progress(Path("-"), True)
    assert not shows_progress(big, False)  # stderr is not a terminal: a pipe, a file, cron
