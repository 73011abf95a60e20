"""A synthetic ledger of N people for the benchmarks: N/20 orgs, posts with trials and tenure
chains, work spans, reports, trainings, targets, assessments, commendations.  All fictional.

The data is meant to look like a working province as of late 2026: most organizers have
reported in the last months, most targets are assessed, one org in ten has had a
promotion this year, and a tenth of the people have fallen behind on something.

    python benchmarks/generate.py 10000 /tmp/ledger-10k.db
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert, text

from zzy import models
from zzy.db import Invocation, Ledger
from zzy.location import is_server

GRADES = ["excellent"] * 20 + ["competent"] * 70 + ["basic"] * 9 + ["incompetent"]


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def generate(location: Path | str, people: int, *, seed: int = 20261125) -> None:
    """Create a ledger at ``location`` (a file, or an empty database's URL) with ``people`` people
    and everything around them."""
    rng = random.Random(seed)
    if not is_server(str(location)):
        for stale in (Path(location), Path(f"{location}-wal"), Path(f"{location}-shm")):
            stale.unlink(missing_ok=True)
    ledger, _ = Ledger.create(location, Invocation(command="benchmarks/generate.py", user="benchmark"))
    org_count = max(2, people // 20)
    orgs = [{"id": 1, "code": "dw", "name": "学院党委", "kind": "committee", "dissolved_on": None}]
    orgs += [{"id": i + 1, "code": f"g{i:05d}", "name": f"第{i}基层党组织", "kind": "grassroots",
              "dissolved_on": None} for i in range(1, org_count)]
    persons, work, posts, reports, targets, assessments, commendations = [], [], [], [], [], [], []
    for i in range(people):
        joined = _day(rng, date(1985, 1, 1), date(2021, 12, 31))
        persons.append({"id": i + 1, "staff_no": f"P{i:07d}", "name": f"人员{i}", "joined": joined,
                        "full": joined + timedelta(days=366), "in_service": rng.random() > 0.05})
        if i % 2 == 0:
            work.append({"id": len(work) + 1, "person_id": i + 1, "start": joined + timedelta(days=800),
                         "end": joined + timedelta(days=2200), "note": "支部书记"})
    for i in range(people):
        org_id = i % org_count + 1
        if i < org_count:  # one full-time organizer per org, some after a chain, some promoted
            start = _day(rng, date(2012, 1, 1), date(2025, 10, 1))
            if i % 3 == 0:
                earlier = start - timedelta(days=rng.randrange(400, 2000))
                posts.append(_post(len(posts) + 1, i + 1, org_id, "full", "none", earlier, start))
            promoted = i % 10 == 0
            if promoted:
                start = _day(rng, date(2025, 9, 1), date(2026, 2, 1))
            posts.append(_post(len(posts) + 1, i + 1, org_id, "full", "deputy-section" if promoted else "none",
                               start, None, promoted=promoted))
        else:
            start = _day(rng, date(2015, 1, 1), date(2026, 6, 1))
            end = start + timedelta(days=rng.randrange(200, 2000)) if rng.random() < 0.2 else None
            posts.append(_post(len(posts) + 1, i + 1, org_id, "part", "none", start, end))
        # Most organizers report every few months; one in ten has fallen behind.
        last = _day(rng, date(2026, 6, 15), date(2026, 11, 20)) if rng.random() < 0.9 else \
            _day(rng, date(2025, 6, 1), date(2026, 5, 1))
        for back in (0, 120):
            reports.append({"id": len(reports) + 1, "person_id": i + 1, "date": last - timedelta(days=back),
                            "special": False, "topic": None})
        due = _day(rng, date(2026, 1, 1), date(2026, 12, 31))
        assessed = rng.random() < (0.95 if due < date(2026, 11, 1) else 0.2)
        targets.append({"id": i + 1, "person_id": i + 1, "title": "发展党员", "due": due, "quantity": "5名",
                        "quality": None, "result": rng.choice(["met", "unmet"]) if assessed else None,
                        "assessed_on": due if assessed else None})
        assessments.append({"id": i + 1, "person_id": i + 1, "year": 2025, "grade": rng.choice(GRADES),
                            "note": None})
        if i % 50 == 0:
            commendations.append({"id": len(commendations) + 1, "person_id": i + 1, "date": date(2026, 7, 1),
                                  "title": "优秀组织员"})
    trainings = [{"id": n + 1, "date": date(year, 3 + n % 9, 15), "title": f"{year}年培训{n}",
                  "kind": "training", "host_id": 1} for n, year in enumerate(y for y in range(2022, 2026) for _ in range(5))]
    with ledger.engine.execution_options(zzy_write=True).begin() as connection:
        for model, rows in ((models.Org, orgs), (models.Person, persons), (models.WorkSpan, work),
                            (models.Appointment, posts), (models.WorkReport, reports), (models.Target, targets),
                            (models.Assessment, assessments), (models.Commendation, commendations),
                            (models.Training, trainings)):
            if rows:
                connection.execute(insert(model.__table__), rows)
                if connection.dialect.name == "postgresql":  # numbered rows: move the sequence past them
                    connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{model.__tablename__}', 'id'), "
                                            f"(SELECT max(id) FROM {model.__tablename__}))"))
    ledger.dispose()


def _post(number: int, person_id: int, org_id: int, kind: str, rank: str, start: date, end: date | None,
          *, promoted: bool = False) -> dict:
    return {"id": number, "person_id": person_id, "org_id": org_id, "kind": kind, "rank": rank, "start": start,
            "end": end, "end_reason": None, "promoted": promoted, "prior_rank": "none" if promoted else None,
            "trial_result": None, "trial_decided_on": None, "override": None}


def persons_csv(path: Path, rows: int) -> None:
    """An import file of ``rows`` new people, as a clerk's Excel would save it (GB18030)."""
    lines = ["工号,姓名,入党日期,转正日期,在职教职工"]
    lines += [f"I{i:07d},导入{i},2015/6/1,2016年6月1日,是" for i in range(rows)]
    path.write_bytes("\n".join(lines).encode("gb18030"))


if __name__ == "__main__":
    count, target = int(sys.argv[1]), sys.argv[2]
    generate(target, count)
    print(f"wrote {target} with {count} people")
