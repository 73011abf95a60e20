"""Import files for the benchmarks, in the template's own columns, as a clerk's Excel saves them (GB18030):
``orgs``, ``persons``, ``work`` (one span for each person of the persons file) and ``appointments``
(one post for each person, at the orgs of the orgs file).  Every row is one the single commands accept.

    python benchmarks/import_files.py 100000 /tmp/files     # orgs-5000.csv, persons-100000.csv, ...
"""

from __future__ import annotations

import sys
from pathlib import Path


def orgs_count(rows: int) -> int:
    """The orgs of a ledger of ``rows`` people: one for each twenty, as in :mod:`generate`."""
    return max(2, rows // 20)


def orgs_csv(path: Path, rows: int) -> None:
    """The committee, then ``rows - 1`` grassroots orgs; one in fifty dissolved."""
    lines = ["代码,名称,类型,撤销日期", "dw,学院党委,学院党委,"]
    lines += [f"o{i:05d},第{i}党支部,基层党组织,{'2020-06-30' if i % 50 == 0 else ''}" for i in range(1, rows)]
    path.write_bytes("\n".join(lines).encode("gb18030"))


def persons_csv(path: Path, rows: int) -> None:
    """``rows`` new people, members for years, as a clerk's Excel would save them."""
    lines = ["工号,姓名,入党日期,转正日期,在职教职工"]
    lines += [f"I{i:07d},导入{i},2005/6/1,2006年6月1日,是" for i in range(rows)]
    path.write_bytes("\n".join(lines).encode("gb18030"))


def work_csv(path: Path, rows: int) -> None:
    """One party-work span of four years for each person of :func:`persons_csv`."""
    lines = ["工号,起始日期,截止日期,说明"]
    lines += [f"I{i:07d},2008-09-01,2012-08-31,学生党支部书记" for i in range(rows)]
    path.write_bytes("\n".join(lines).encode("gb18030"))


def appointments_csv(path: Path, rows: int) -> None:
    """One post for each person (the template's twelve columns): a full-time organizer at each open org
    (every fifth one promoted, with a passed trial), part-time ones after that, one in five left."""
    orgs = orgs_count(rows)
    lines = ["工号,党组织,类别,职级,任职日期,离任日期,离任原因,新提拔,试用期考核,试任前职级,考核日期,特批理由"]
    for i in range(rows):
        number = i % (orgs - 1) + 1
        org = f"o{number:05d}" if number % 50 else "dw"
        if i < orgs - 1 and org != "dw":
            trial = ",是,胜任,副科级,2024-03-01" if i % 5 == 0 else ",否,,,"
            lines.append(f"I{i:07d},{org},专职,正科级,2023-03-01,,{trial},")
        else:
            left = "2024-12-31,届满" if i % 5 == 0 else ","
            lines.append(f"I{i:07d},{org},兼职,无,2022-09-01,{left},否,,,,")
    path.write_bytes("\n".join(lines).encode("gb18030"))


FILES = {"orgs": orgs_csv, "persons": persons_csv, "work": work_csv, "appointments": appointments_csv}


def write_all(folder: Path, rows: int) -> dict[str, Path]:
    """Every kind's file for ``rows`` people (and their orgs) in ``folder``; their paths by kind."""
    paths = {}
    for kind, write in FILES.items():
        paths[kind] = folder / f"{kind}-{orgs_count(rows) if kind == 'orgs' else rows}.csv"
        write(paths[kind], orgs_count(rows) if kind == "orgs" else rows)
    return paths


if __name__ == "__main__":
    count, target = int(sys.argv[1]), Path(sys.argv[2])
    target.mkdir(parents=True, exist_ok=True)
    for kind, written in write_all(target, count).items():
        print(kind, written)
