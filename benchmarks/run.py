"""zzy's speed and memory, side by side with the floor of its stack and on both backends, in one run.

    .venv/bin/python benchmarks/run.py                          # N = 1 000, 10 000, 100 000
    .venv/bin/python benchmarks/run.py --sizes 1000 10000       # a quick look
    ZZY_BENCH_PG_URL=postgresql+psycopg://zzy@/postgres?host=/tmp/pg&port=54329 \\
        .venv/bin/python benchmarks/run.py                      # with a PostgreSQL column
    .venv/bin/python benchmarks/run.py --keep /tmp/zzy-bench    # generate the big ledgers once, reuse them

Every figure is the median of several runs of a fresh process (as a clerk or cron starts zzy),
with its peak memory (max RSS).  The PostgreSQL column needs a server and a role that may create
databases: ``ZZY_BENCH_PG_URL``, else ``ZZY_TEST_PG_URL`` (the server ``.ci/run`` starts).  Targets
are those of issue 17 (and, where it set none, issue 7's); each row says ok or MISSED.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate, persons_csv  # noqa: E402

from zzy.db import Invocation, Ledger  # noqa: E402

PYTHON = sys.executable
ZZY = [PYTHON, "-m", "zzy"]
PG_ADMIN_URL = os.environ.get("ZZY_BENCH_PG_URL") or os.environ.get("ZZY_TEST_PG_URL")

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


@dataclass(frozen=True)
class Figure:
    seconds: float
    peak_mb: float


def measure(command: list[str] | Callable[[], list[str]], *, runs: int,
            before: Callable[[], None] | None = None) -> Figure:
    """Median seconds and peak memory (MB) of ``command`` over ``runs`` fresh processes.

    ``command`` may be a function giving each run its own command line (writes that must not repeat).
    """
    times, peaks = [], []
    for _ in range(runs):
        if before is not None:
            before()
        args = command() if callable(command) else command
        done = subprocess.run([PYTHON, "-c", LAUNCHER, *args], capture_output=True, text=True)
        seconds, peak, code = done.stdout.split()
        if int(code) not in (0, 1):
            raise SystemExit(f"failed: {' '.join(args)}\n{done.stderr}")
        times.append(float(seconds))
        peaks.append(int(peak) / 1024)
    return Figure(statistics.median(times), max(peaks))


def verdict(ok: bool | None) -> str:
    return "" if ok is None else ("ok" if ok else "MISSED")


def row(label: str, figures: dict[str, Figure | None], *, target: str = "", ok: dict[str, bool | None] | None = None) -> None:
    """One line: the label, then for each backend seconds, peak and verdict."""
    cells = []
    for backend, figure in figures.items():
        if figure is None:
            cells.append(f"{'—':>9}   {'':>8}    {'':<6}")
            continue
        cells.append(f"{figure.seconds:7.3f} s {figure.peak_mb:7.1f} MB {verdict((ok or {}).get(backend)):<6}")
    print(f"  {label:<46} " + " │ ".join(cells) + f"   {target}")


def header(title: str, backends: list[str]) -> None:
    print(f"\n{title}")
    print(f"  {'':<46} " + " │ ".join(f"{backend:<29}" for backend in backends))


# -- the backends ----------------------------------------------------------------------------------


@contextmanager
def pg_database() -> Iterator[str]:
    """A new, empty database on the benchmark server; its URL.  Dropped afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    assert PG_ADMIN_URL is not None
    name = f"zzy_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


#: Where ``--keep`` keeps the big ledgers the reports only read, to be used again by the next run.
KEPT: Path | None = None


@contextmanager
def kept_ledger(backend: str, people: int, name: str) -> Iterator[str]:
    """The ledger of ``people`` a previous run kept (``--keep``), generated first when there is none."""
    assert KEPT is not None
    if backend == "sqlite":
        path = KEPT / f"{name}.db"
        if not path.exists():
            generate(path, people)
        yield str(path)
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    assert PG_ADMIN_URL is not None
    database = f"zzy_bench_kept_{name}".replace("-", "_")
    url = make_url(PG_ADMIN_URL).set(database=database).render_as_string(hide_password=False)
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :d"), {"d": database}).first()
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{database}"'))
    admin.dispose()
    if not exists:
        generate(url, people)
    yield url


@contextmanager
def ledger_of(backend: str, work: Path, people: int, name: str, *, keep: bool = False) -> Iterator[str]:
    """A generated ledger of ``people`` on ``backend``; its location.  ``keep``: one the reports only
    read, kept between runs when ``--keep`` says where."""
    if keep and KEPT is not None:
        with kept_ledger(backend, people, name) as location:
            yield location
        return
    if backend == "sqlite":
        path = work / f"{name}.db"
        generate(path, people)
        try:
            yield str(path)
        finally:
            for stale in work.glob(f"{name}.db*"):
                stale.unlink()
        return
    with pg_database() as url:
        generate(url, people)
        yield url


@contextmanager
def empty_ledger_of(backend: str, work: Path, name: str) -> Iterator[tuple[str, Callable[[], None]]]:
    """An empty ledger's location, and a function that empties it again (before each import)."""
    if backend == "sqlite":
        path = work / f"{name}.db"

        def reset() -> None:
            for stale in work.glob(f"{name}.db*"):
                stale.unlink()
            Ledger.create(path, Invocation(command="benchmarks/run.py", user="benchmark"))[0].dispose()

        reset()
        yield str(path), reset
        for stale in work.glob(f"{name}.db*"):
            stale.unlink()
        return
    from sqlalchemy import create_engine, text

    with pg_database() as url:
        Ledger.create(url, Invocation(command="benchmarks/run.py", user="benchmark"))[0].dispose()

        def reset_pg() -> None:
            engine = create_engine(url)
            with engine.begin() as connection:
                connection.execute(text("DELETE FROM person WHERE staff_no LIKE 'I%'"))
            engine.dispose()

        yield url, reset_pg


# -- the measurements ------------------------------------------------------------------------------


def startup(work: Path, backends: list[str], runs: int) -> None:
    header(f"start-up and a college's commands (300 people; median of {runs} runs)", backends)
    typer = measure([PYTHON, "-c", "import typer"], runs=runs)
    stack = measure([PYTHON, "-c", "import typer, sqlmodel"], runs=runs)
    help_ = measure([*ZZY, "--help"], runs=runs)
    row('python -c "import typer"', {b: typer if b == "sqlite" else None for b in backends})
    row('python -c "import typer, sqlmodel"', {b: stack if b == "sqlite" else None for b in backends})
    row("zzy --help", {b: help_ if b == "sqlite" else None for b in backends},
        target=f"≤ 1.5 × typer = {1.5 * typer.seconds:.3f} s", ok={"sqlite": help_.seconds <= 1.5 * typer.seconds})
    read_limit, write_limit = 2 * typer.seconds, 1.1 * stack.seconds
    numbers = itertools.count(1)
    with contextlib_nested(backends, work, 300, "college") as colleges:
        reads = {"org list": ["org", "list"], "check P0000001": ["check", "P0000001"],
                 "remind": ["remind", "--as-of", "2026-11-25"]}
        for label, args in reads.items():
            figures = {b: measure([*ZZY, "--db", colleges[b], *args], runs=runs) for b in backends}
            row(f"zzy {label} (read)", figures, target=f"≤ 2 × typer = {read_limit:.3f} s",
                ok={b: f.seconds <= read_limit for b, f in figures.items()})

        def person_add(location: str) -> Callable[[], list[str]]:
            return lambda: [*ZZY, "--db", location, "person", "add", f"W{next(numbers):06d}", "新人",
                            "--joined", "2015-06-01", "--full", "2016-06-01"]

        figures = {b: measure(person_add(colleges[b]), runs=runs) for b in backends}
        row("zzy person add (write)", figures, target=f"≤ 1.1 × typer+sqlmodel = {write_limit:.3f} s",
            ok={b: f.seconds <= write_limit for b, f in figures.items()})

        def appoint(location: str) -> Callable[[], list[str]]:
            def command() -> list[str]:
                staff_no = f"A{next(numbers):06d}"
                subprocess.run([*ZZY, "--db", location, "person", "add", staff_no, "新任", "--joined", "2015-06-01",
                                "--full", "2016-06-01"], check=True, capture_output=True)
                return [*ZZY, "--db", location, "appoint", staff_no, "g00001", "--kind", "part", "--rank", "none",
                        "--on", "2026-01-01"]
            return command

        figures = {b: measure(appoint(colleges[b]), runs=runs) for b in backends}
        row("zzy appoint (write)", figures, target=f"≤ 1.1 × typer+sqlmodel = {write_limit:.3f} s",
            ok={b: f.seconds <= write_limit for b, f in figures.items()})


@contextmanager
def contextlib_nested(backends: list[str], work: Path, people: int, name: str, *,
                      keep: bool = False) -> Iterator[dict[str, str]]:
    """One generated ledger per backend."""
    from contextlib import ExitStack

    with ExitStack() as stack:
        yield {b: stack.enter_context(ledger_of(b, work, people, f"{name}-{b}", keep=keep)) for b in backends}


#: (command, SQLite target seconds, PostgreSQL target seconds) at N = 100 000 (issue 17).
REPORTS = {
    "remind": (["remind", "--as-of", "2026-11-25", "--format", "json"], 1.0, 2.5),
    "roster": (["roster", "--year", "2026", "--format", "json"], 1.0, 2.5),
    "summary": (["summary", "--year", "2026", "--format", "json"], 2.0, 2.5),
}
SQLITE_PEAK_MB = 250
IMPORT_TARGETS = {"sqlite": 30.0, "postgresql": 45.0}


def scale(work: Path, backends: list[str], sizes: list[int], runs: int) -> None:
    results: dict[tuple[str, str], dict[int, float]] = {}
    for n in sizes:
        big = n >= 100_000
        header(f"N = {n:,} people, {max(2, n // 20):,} orgs (median of {runs} runs)", backends)
        started = time.perf_counter()
        with contextlib_nested(backends, work, n, f"ledger-{n}", keep=True) as ledgers:
            print(f"  (generated in {time.perf_counter() - started:.1f} s)")
            for name, (args, sqlite_s, pg_s) in REPORTS.items():
                figures = {b: measure([*ZZY, "--db", ledgers[b], *args], runs=runs) for b in backends}
                for b, figure in figures.items():
                    results.setdefault((name, b), {})[n] = figure.seconds
                limits = {"sqlite": sqlite_s, "postgresql": pg_s}
                ok = {b: (f.seconds <= limits[b] and (b != "sqlite" or f.peak_mb <= SQLITE_PEAK_MB)) if big else None
                      for b, f in figures.items()}
                target = f"≤ {sqlite_s:g} s, ≤ {SQLITE_PEAK_MB} MB │ ≤ {pg_s:g} s" if big else ""
                row(f"zzy {name}", figures, target=target, ok=ok)
        rows = work / f"persons-{n}.csv"
        persons_csv(rows, n)
        figures = {}
        for b in backends:
            with empty_ledger_of(b, work, f"import-{n}-{b}") as (location, reset):
                figures[b] = measure([*ZZY, "--db", location, "import", "persons", str(rows)],
                                     runs=max(1, runs - 2) if big else runs, before=reset)
            results.setdefault(("import", b), {})[n] = figures[b].seconds
        row(f"zzy import persons ({n:,} rows)", figures,
            target="≤ 30 s, ≤ 400 MB │ ≤ 45 s" if big else "",
            ok={b: (f.seconds <= IMPORT_TARGETS[b] and f.peak_mb <= 400) if big else None for b, f in figures.items()})
        rows.unlink()
    pairs = [(a, b) for a, b in zip(sizes, sizes[1:], strict=False) if b == 10 * a]
    if not pairs:
        return
    print("\nscaling: time for 10 × the data, as a multiple (target about 10 or less)")
    for (name, backend), by_size in results.items():
        ratios = ", ".join(f"{a:,}→{b:,}: {by_size[b] / by_size[a]:.1f}×" for a, b in pairs)
        print(f"  {name:<8} {backend:<10} {ratios}")


def compile_bytecode() -> None:
    """Compile zzy's modules, as ``pip install`` does for a clerk's installation.

    An editable checkout has no bytecode until a run writes it, and none at all under
    ``PYTHONDONTWRITEBYTECODE`` (set on some machines): each fresh process would then compile
    every zzy module again, about 35 ms that no installed zzy spends.
    """
    import compileall

    import zzy

    if not compileall.compile_dir(Path(zzy.__file__).parent, quiet=1):
        raise SystemExit("zzy's modules did not compile")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (the median is shown)")
    parser.add_argument("--sqlite-only", action="store_true", help="leave out the PostgreSQL column")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="keep the generated N-people ledgers in DIR (and on the server, as databases "
                             "zzy_bench_kept_*) and use them again next time; drop them after a schema change")
    options = parser.parse_args()
    global KEPT
    if options.keep is not None:
        options.keep.mkdir(parents=True, exist_ok=True)
        KEPT = options.keep
    backends = ["sqlite"] if options.sqlite_only or not PG_ADMIN_URL else ["sqlite", "postgresql"]
    if "postgresql" not in backends:
        print("(no PostgreSQL column: set ZZY_BENCH_PG_URL or ZZY_TEST_PG_URL to a server)")
    compile_bytecode()
    with tempfile.TemporaryDirectory(prefix="zzy-bench-") as folder:
        work = Path(folder)
        startup(work, backends, max(options.runs, 7))
        scale(work, backends, options.sizes, options.runs)


if __name__ == "__main__":
    main()
