"""Make tests/fixtures/release-<version>.db (and its export) with this release's zzy.

Run once per release and commit the two files, so that later releases prove they still open
every older ledger and keep every record:  python scripts/release_fixture.py
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from zzy import __version__

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"

#: Corrections made on the demo before it is exported (since 0.3.0), and a second rules profile adopted
#: from a day (since 0.6.0), so that later releases read those entries and versions too.
CORRECTIONS = (
    ("report", "edit", "1", "--topic", "近期工作汇报(已更正)"),
    ("report", "add", "Z001", "--on", "2026-01-05", "--topic", "重复录入"),
    ("report", "void", "1", "--reason", "重复录入"),
    ("undo", "--yes"),
    ("profile", "adopt", str(FIXTURES.parent / "profiles" / "other-college.toml"), "--from", "2026-06-01"),
)


def main() -> None:
    ledger = FIXTURES / f"release-{__version__}.db"
    export = FIXTURES / f"release-{__version__}.json"
    for stale in (ledger, export):
        stale.unlink(missing_ok=True)
    env = {**os.environ, "ZZY_DB": str(ledger)}
    subprocess.run([sys.executable, "-m", "zzy", "--db", str(ledger), "demo"], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    for correction in CORRECTIONS:  # an edit, a void and an undo, so later releases read those entries too
        subprocess.run([sys.executable, "-m", "zzy", "--db", str(ledger), *correction], env=env, check=True,
                       stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, "-m", "zzy", "--db", str(ledger), "export", str(export)], env=env, check=True)
    print(f"wrote {ledger} and {export}")


if __name__ == "__main__":
    main()
