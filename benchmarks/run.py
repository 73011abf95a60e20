"""zzy's speed and memory, side by side with the floor of its stack, in one run.

    .venv/bin/python benchmarks/run.py                 # N = 1 000, 10 000, 100 000
    .venv/bin/python benchmarks/run.py --sizes 1000    # a quick look

Every figure is the median of several runs of a fresh process (as a clerk or cron starts
zzy), with its peak memory (max RSS).  Targets are those of issue 7.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate, persons_csv  # noqa: E402

from zzy.db import Invocation, Ledger  # noqa: E402

PYTHON = sys.executable
ZZY = [PYTHON, "-m", "zzy"]


#: Runs a command and reports its wall time and peak memory.  A small launcher of its own,
#: so that the peak is the command's, not the benchmark's (a forked child starts with its
#: parent's memory).
LAUNCHER = """
import os, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
seconds = time.perf_counter() - start
import resource
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(seconds, peak, done.returncode)
sys.stderr.write(done.stderr.decode())
"""


def measure(command: list[str], *, runs: int, before: Callable[[], None] | None = None) -> tuple[float, float]:
    """Median seconds and peak memory (MB) of ``command`` over ``runs`` fresh processes."""
    times, peaks = [], []
    for _ in range(runs):
        if before is not None:
            before()
        done = subprocess.run([PYTHON, "-c", LAUNCHER, *command], capture_output=True, text=True)
        seconds, peak, code = done.stdout.split()
        if int(code) not in (0, 1):
            raise SystemExit(f"failed: {' '.join(command)}\n{done.stderr}")
        times.append(float(seconds))
        peaks.append(int(peak) / 1024)
    return statistics.median(times), max(peaks)


def row(label: str, seconds: float, peak: float, *, target: str = "", ok: bool | None = None) -> None:
    verdict = "" if ok is None else ("ok" if ok else "MISSED")
    print(f"  {label:<44} {seconds:8.3f} s {peak:8.1f} MB   {target:<28} {verdict}")


def startup(work: Path, runs: int) -> None:
    print(f"\nstart-up (median of {runs} runs)")
    typer_s, typer_mb = measure([PYTHON, "-c", "import typer"], runs=runs)
    help_s, help_mb = measure([*ZZY, "--help"], runs=runs)
    row('python -c "import typer"', typer_s, typer_mb)
    row("zzy --help", help_s, help_mb, target=f"≤ 1.5 × typer = {1.5 * typer_s:.3f} s",
        ok=help_s <= 1.5 * typer_s)
    college = work / "college.db"
    generate(college, 300)
    floor_s, floor_mb = measure([PYTHON, "-c", "import typer, sqlmodel, rich.table"], runs=runs)
    list_s, list_mb = measure([*ZZY, "--db", str(college), "org", "list"], runs=runs)
    check_s, check_mb = measure([*ZZY, "--db", str(college), "check", "P0000001"], runs=runs)
    row('python -c "import typer, sqlmodel, rich.table"', floor_s, floor_mb)
    row("zzy org list (college, 300 people)", list_s, list_mb, target=f"≤ 1.2 × floor = {1.2 * floor_s:.3f} s",
        ok=list_s <= 1.2 * floor_s)
    row("zzy check P0000001 (college)", check_s, check_mb, target=f"≤ 1.2 × floor = {1.2 * floor_s:.3f} s",
        ok=check_s <= 1.2 * floor_s)


def scale(work: Path, sizes: list[int], runs: int) -> None:
    results: dict[str, dict[int, float]] = {}
    for n in sizes:
        print(f"\nN = {n:,} people, {max(2, n // 20):,} orgs (median of {runs} runs)")
        ledger = work / f"ledger-{n}.db"
        started = time.perf_counter()
        generate(ledger, n)
        print(f"  (generated in {time.perf_counter() - started:.1f} s)")
        big = n >= 100_000
        commands = {
            "remind": ["remind", "--as-of", "2026-11-25", "--format", "json"],
            "roster": ["roster", "--year", "2026", "--format", "json"],
            "summary": ["summary", "--year", "2026", "--format", "json"],
        }
        for name, args in commands.items():
            seconds, peak = measure([*ZZY, "--db", str(ledger), *args], runs=runs)
            results.setdefault(name, {})[n] = seconds
            row(f"zzy {' '.join(args[:1])}", seconds, peak, target="≤ 2 s, ≤ 400 MB" if big else "",
                ok=(seconds <= 2 and peak <= 400) if big else None)
        rows = work / f"persons-{n}.csv"
        persons_csv(rows, n)
        target = work / f"import-{n}.db"

        def empty_ledger(target: Path = target) -> None:
            for stale in work.glob(f"{target.name}*"):
                stale.unlink()
            Ledger.create(target, Invocation(command="benchmarks/run.py", user="benchmark"))[0].dispose()

        seconds, peak = measure([*ZZY, "--db", str(target), "import", "persons", str(rows)],
                                runs=max(1, runs - 2) if big else runs, before=empty_ledger)
        results.setdefault("import", {})[n] = seconds
        row(f"zzy import persons ({n:,} rows, GB18030 CSV)", seconds, peak,
            target="≤ 30 s, ≤ 400 MB" if big else "", ok=(seconds <= 30 and peak <= 400) if big else None)
        for stale in work.glob(f"*-{n}.*"):
            stale.unlink()
    print("\nscaling: time for 10 × the data, as a multiple (target about 10 or less)")
    for name, by_size in results.items():
        pairs = [(a, b) for a, b in zip(sizes, sizes[1:], strict=False) if b == 10 * a]
        ratios = ", ".join(f"{a:,}→{b:,}: {by_size[b] / by_size[a]:.1f}×" for a, b in pairs)
        print(f"  {name:<8} {ratios}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (the median is shown)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="zzy-bench-") as folder:
        work = Path(folder)
        startup(work, max(options.runs, 7))
        scale(work, options.sizes, options.runs)


if __name__ == "__main__":
    main()
