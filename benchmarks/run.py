"""zzy's speed and memory, side by side with the floor of its stack and on both backends, in one run.

    .venv/bin/python benchmarks/run.py                          # N = 1 000, 10 000, 100 000
    .venv/bin/python benchmarks/run.py --sizes 1000 10000       # a quick look
    ZZY_BENCH_PG_URL=postgresql+psycopg://zzy@/postgres?host=/tmp/pg&port=54329 \\
        .venv/bin/python benchmarks/run.py                      # with a PostgreSQL column
    .venv/bin/python benchmarks/run.py --keep /tmp/zzy-bench    # generate the big ledgers once, reuse them
    .venv/bin/python benchmarks/run.py --only imports --imports 100000 --runs 3   # every import kind, N and N/10
    .venv/bin/python benchmarks/run.py --only imports --src OTHER/src           # the same, of another checkout

Every figure is the median of several runs of a fresh process (as a clerk or cron starts zzy),
with its peak memory (the process's own high-water mark, ``VmHWM``, read while it runs: ``ru_maxrss``
of a forked child also counts what it inherited).  The PostgreSQL column needs a server and a role that may create
databases: ``ZZY_BENCH_PG_URL``, else ``ZZY_TEST_PG_URL`` (the server ``.ci/run`` starts).  Targets
are those of issue 17 (and, where it set none, issue 7's); each row says ok or MISSED.
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
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
if "--src" in sys.argv[:-1]:  # another checkout's zzy, here too (the ledgers it imports into are its own)
    sys.path.insert(0, str(Path(sys.argv[sys.argv.index("--src") + 1]).resolve()))

from generate import generate  # noqa: E402
from import_files import orgs_count, write_all  # noqa: E402

from zzy.db import Invocation, Ledger  # noqa: E402

PYTHON = sys.executable
ZZY = [PYTHON, "-m", "zzy"]
PG_ADMIN_URL = os.environ.get("ZZY_BENCH_PG_URL") or os.environ.get("ZZY_TEST_PG_URL")

#: Runs a command and reports its wall time and peak memory.  A small launcher of its own,
#: so that the peak is the command's, not the benchmark's (a forked child starts with its
#: parent's memory).
LAUNCHER = """
import subprocess, sys, time

def high_water(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            return next((int(line.split()[1]) for line in status if line.startswith("VmHWM:")), 0)
    except OSError:
        return 0

start = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
peak = 0
while child.poll() is None:
    peak = max(peak, high_water(child.pid))
    time.sleep(0.01)
seconds = time.perf_counter() - start
if not peak:  # no /proc: the children's maximum resident set, which counts what a fork inherits
    import resource
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(seconds, peak, child.returncode)
sys.stderr.write(child.stderr.read().decode())
"""


@dataclass(frozen=True)
class Figure:
    seconds: float
    peak_mb: float


def measure(command: list[str] | Callable[[], list[str]], *, runs: int,
            before: Callable[[], None] | None = None, writes: bool = False) -> Figure:
    """Median seconds and peak memory (MB) of ``command`` over ``runs`` fresh processes.

    ``command`` may be a function giving each run its own command line (writes that must not repeat).
    The peak is the highest of the runs' (KB polled every 10 ms from ``/proc``).
    """
    times, peaks = [], []
    for _ in range(runs):
        if before is not None:
            before()
        args = command() if callable(command) else command
        done = subprocess.run([PYTHON, "-c", LAUNCHER, *args], capture_output=True, text=True)
        seconds, peak, code = done.stdout.split()
        if int(code) not in (0, 1) or (writes and int(code) != 0):
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
    pairs = [(a, b) for a, b in zip(sizes, sizes[1:], strict=False) if b == 10 * a]
    if not pairs:
        return
    print("\nscaling: time for 10 × the data, as a multiple (target about 10 or less)")
    for (name, backend), by_size in results.items():
        ratios = ", ".join(f"{a:,}→{b:,}: {by_size[b] / by_size[a]:.1f}×" for a, b in pairs)
        print(f"  {name:<8} {backend:<10} {ratios}")


# -- the imports (issue 24) ------------------------------------------------------------------------

#: The kinds in the order a migration imports them (each file's rows name what the one before wrote).
IMPORT_KINDS = ("orgs", "persons", "work", "appointments")
#: Seconds at N = 100 000 on SQLite (orgs: the N/20 = 5 000 orgs of that ledger), and the peak memory.
IMPORT_SECONDS = {"orgs": 1.0, "persons": 10.0, "work": 10.0, "appointments": 10.0, "restore": 30.0}
IMPORT_PEAK_MB = 300
#: On PostgreSQL each may take this many times its SQLite time.
PG_FACTOR = 2.5
#: The growth from N/10 to N above which an import is flagged as worse than linear.
GROWTH_FLAG = 12.0

#: This run's mark in the names of its databases (two runs on one server keep apart).
RUN = uuid.uuid4().hex[:6]

#: The floor: reading and parsing the same CSV in plain Python (decode, split, dates read), no zzy.
FLOOR = """
import csv, io, sys
from datetime import date
rows = list(csv.reader(io.StringIO(open(sys.argv[1], "rb").read().decode("gb18030"))))
for cells in rows[1:]:
    for cell in cells:
        if len(cell) == 10 and cell[4] == "-":
            date.fromisoformat(cell)
"""


class Snapshot:
    """A ledger to import into, put back as it was before each run: a copied file on SQLite, a database
    made from a template on PostgreSQL."""

    def __init__(self, backend: str, work: Path, name: str) -> None:
        self.backend, self.work, self.name = backend, work, name
        self.saved: str | None = None
        if backend == "sqlite":
            self.location = str(work / f"{name}.db")
            Ledger.create(self.location, Invocation(command="benchmarks/run.py", user="benchmark"))[0].dispose()
        else:
            self.location = self._database(f"{name}_live")
            Ledger.create(self.location, Invocation(command="benchmarks/run.py", user="benchmark"))[0].dispose()

    def _admin(self, *statements: str) -> None:
        from sqlalchemy import create_engine, text

        assert PG_ADMIN_URL is not None
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            for statement in statements:
                connection.execute(text(statement))
        admin.dispose()

    def _database(self, database: str, template: str | None = None) -> str:
        from sqlalchemy.engine import make_url

        assert PG_ADMIN_URL is not None
        self._admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)',
                    f'CREATE DATABASE "{database}"' + (f' TEMPLATE "{template}"' if template else ""))
        return make_url(PG_ADMIN_URL).set(database=database).render_as_string(hide_password=False)

    def save(self) -> None:
        """Keep the ledger as it is now, to be put back before each of the next runs."""
        if self.backend == "sqlite":
            self.saved = str(self.work / f"{self.name}-saved.db")
            shutil.copyfile(self.location, self.saved)
        else:
            self.saved = f"{self.name}_saved"
            self._database(self.saved, template=f"{self.name}_live")

    def reset(self) -> None:
        if self.backend == "sqlite":
            assert self.saved is not None
            for stale in self.work.glob(f"{self.name}.db-*"):
                stale.unlink()
            shutil.copyfile(self.saved, self.location)
        else:
            self._database(f"{self.name}_live", template=self.saved)

    def drop(self) -> None:
        if self.backend == "sqlite":
            for stale in self.work.glob(f"{self.name}*.db*"):
                stale.unlink()
        else:
            self._admin(*(f'DROP DATABASE IF EXISTS "{self.name}{suffix}" WITH (FORCE)'
                          for suffix in ("_live", "_saved", "_restored")))


def said(backend: str, n: int, kind: str, figure: Figure) -> None:
    """A figure as soon as it is measured (the table comes at the end), for a run that is stopped early."""
    print(f"    ({backend} N = {n:,} {kind}: {figure.seconds:.2f} s, {figure.peak_mb:.0f} MB)", flush=True)


def import_figures(work: Path, backend: str, n: int, runs: int) -> dict[str, Figure]:
    """Every kind imported into the ledger the kinds before it wrote (fresh processes, ``runs`` each), then
    ``restore`` of that ledger's export into an empty one."""
    folder = work / f"files-{n}"
    folder.mkdir(exist_ok=True)
    files = write_all(folder, n)
    snapshot = Snapshot(backend, work, f"zzy_bench_imports_{n}_{RUN}")
    figures: dict[str, Figure] = {}
    try:
        for kind in IMPORT_KINDS:
            snapshot.save()
            figures[kind] = measure([*ZZY, "--db", snapshot.location, "import", kind, str(files[kind])],
                                    runs=runs, before=snapshot.reset, writes=True)
            said(backend, n, kind, figures[kind])
        exported = work / f"export-{n}.json"
        subprocess.run([*ZZY, "--db", snapshot.location, "export", str(exported), "--force"], check=True,
                       capture_output=True)
        empty = Snapshot(backend, work, f"zzy_bench_restored_{n}_{RUN}")
        try:
            empty.save()
            figures["restore"] = measure([*ZZY, "--db", empty.location, "restore", str(exported)], runs=runs,
                                         before=empty.reset, writes=True)
            said(backend, n, "restore", figures["restore"])
        finally:
            empty.drop()
        exported.unlink()
    finally:
        snapshot.drop()
    return figures


def floor_figures(work: Path, n: int, runs: int) -> dict[str, Figure]:
    folder = work / f"files-{n}"
    folder.mkdir(exist_ok=True)
    files = write_all(folder, n)
    return {kind: measure([PYTHON, "-c", FLOOR, str(files[kind])], runs=runs) for kind in IMPORT_KINDS}


def import_table(work: Path, backends: list[str], n: int, runs: int) -> None:
    """Each import kind at ``n`` and ``n / 10`` rows on each backend: time, peak, growth, target, verdict."""
    small = n // 10
    print(f"\nimports: each kind at N = {n:,} and N/10 = {small:,} rows (orgs: N/20 and N/200), then restore of "
          f"that ledger's export (median of {runs} fresh processes; peak = VmHWM)")
    floors = {size: floor_figures(work, size, runs) for size in (small, n)}
    for size, by_kind in floors.items():
        for kind, figure in by_kind.items():
            said("plain Python floor", size, kind, figure)
    results = {(b, size): import_figures(work, b, size, runs) for b in backends for size in (small, n)}
    print(f"  {'':<14} {'rows':>8} {'floor':>8} │ " + " │ ".join(
        f"{b + ' s':>10} {'MB':>6} {'×10':>6}" for b in backends) + " │ target, verdict")
    for kind in (*IMPORT_KINDS, "restore"):
        for size in (small, n):
            rows = orgs_count(size) if kind == "orgs" else size
            floor = floors[size].get(kind)
            cells, verdicts = [], []
            for b in backends:
                figure = results[b, size][kind]
                growth = ""
                if size == n:
                    ratio = figure.seconds / max(results[b, small][kind].seconds, 1e-9)
                    growth = f"{ratio:5.1f}" + ("!" if ratio > GROWTH_FLAG else " ")
                    if ratio > GROWTH_FLAG:
                        verdicts.append(f"{b} grows {ratio:.1f}× > {GROWTH_FLAG:g}")
                cells.append(f"{figure.seconds:10.2f} {figure.peak_mb:6.0f} {growth:>6}")
            target = ""
            if size == n and "sqlite" not in backends:
                target = f"pg ≤ {PG_FACTOR:g} × sqlite (no SQLite time in this run)" + "".join(f" ({v})" for v in verdicts)
            elif size == n:
                sqlite = results["sqlite", n][kind]
                bounded = kind != "restore"  # the peak bound is the imports'; restore's target is its time
                ok = sqlite.seconds <= IMPORT_SECONDS[kind] and (not bounded or sqlite.peak_mb <= IMPORT_PEAK_MB)
                target = f"≤ {IMPORT_SECONDS[kind]:g} s" + (f", ≤ {IMPORT_PEAK_MB} MB" if bounded else "")
                if "postgresql" in backends:
                    pg = results["postgresql", n][kind]
                    ok = ok and pg.seconds <= PG_FACTOR * sqlite.seconds
                    target += f"; pg ≤ {PG_FACTOR:g} × sqlite = {PG_FACTOR * sqlite.seconds:.1f} s"
                ok = ok and not verdicts
                target += ": " + ("ok" if ok else "MISSED") + "".join(f" ({v})" for v in verdicts)
            shown = f"{floor.seconds:8.2f}" if floor else f"{'—':>8}"
            print(f"  {kind:<14} {rows:>8,} {shown} │ " + " │ ".join(cells)
                  + f" │ {target}")


def compile_bytecode(source: Path | None = None) -> None:
    """Compile zzy's modules, as ``pip install`` does for a clerk's installation.

    An editable checkout has no bytecode until a run writes it, and none at all under
    ``PYTHONDONTWRITEBYTECODE`` (set on some machines): each fresh process would then compile
    every zzy module again, about 35 ms that no installed zzy spends.
    """
    import compileall

    import zzy

    if not compileall.compile_dir(source / "zzy" if source else Path(zzy.__file__).parent, quiet=1):
        raise SystemExit("zzy's modules did not compile")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (the median is shown)")
    parser.add_argument("--sqlite-only", action="store_true", help="leave out the PostgreSQL column")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="keep the generated N-people ledgers in DIR (and on the server, as databases "
                             "zzy_bench_kept_*) and use them again next time; drop them after a schema change")
    parser.add_argument("--only", choices=["startup", "reads", "imports"], nargs="+",
                        default=["startup", "reads", "imports"], help="which parts to measure")
    parser.add_argument("--imports", type=int, default=100_000, metavar="N",
                        help="the import table's N (also run at N/10)")
    parser.add_argument("--src", type=Path, metavar="DIR",
                        help="measure the zzy of another checkout's src (as the before of a change)")
    parser.add_argument("--pg-only", action="store_true", help="only the PostgreSQL column (the imports' table then "
                        "has no SQLite time to set PostgreSQL's target by)")
    parser.add_argument("--pg", metavar="URL", help="the PostgreSQL server (else ZZY_BENCH_PG_URL, ZZY_TEST_PG_URL)")
    options = parser.parse_args()
    global KEPT, PG_ADMIN_URL
    if options.pg:
        PG_ADMIN_URL = options.pg
    if options.src is not None:  # the children (and this process's imports from now on) take that zzy
        source = str(options.src.resolve())
        os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [source, os.environ.get("PYTHONPATH")]))
        import zzy

        assert Path(zzy.__file__).resolve().is_relative_to(source), zzy.__file__
        print(f"(zzy of {source})")
    if options.keep is not None:
        options.keep.mkdir(parents=True, exist_ok=True)
        KEPT = options.keep
    backends = ["sqlite"] if options.sqlite_only or not PG_ADMIN_URL else ["sqlite", "postgresql"]
    if options.pg_only:
        backends = ["postgresql"]
    if "postgresql" not in backends:
        print("(no PostgreSQL column: set ZZY_BENCH_PG_URL or ZZY_TEST_PG_URL to a server)")
    compile_bytecode(options.src)
    with tempfile.TemporaryDirectory(prefix="zzy-bench-") as folder:
        work = Path(folder)
        if "startup" in options.only:
            startup(work, backends, max(options.runs, 7))
        if "reads" in options.only:
            scale(work, backends, options.sizes, options.runs)
        if "imports" in options.only:
            import_table(work, backends, options.imports, options.runs)


if __name__ == "__main__":
    main()
