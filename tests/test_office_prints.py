"""Workbooks printed from an office suite other than Excel (issue 27): LibreOffice, like WPS, keeps each
row as high as the file says, so a row of wrapped text must say how many lines it holds, and every
printed page says which page of how many it is.

The test prints through the real LibreOffice (``soffice --headless --convert-to pdf``, with a profile of
its own) and reads the PDF back with ``pdftotext``; it is skipped where either is missing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import Zzy
from zzy import io_excel

needs_office = pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")),
                                  reason="LibreOffice (soffice) or poppler's pdftotext is not installed")

#: 第 1 页 共 2 页, as pdftotext gives it (the spaces around the numbers vary).
PAGE_NUMBER = re.compile(r"第\s*(\d+)\s*页\s*共\s*(\d+)\s*页")


def printed(workbooks: list[Path], folder: Path) -> dict[str, str]:
    """Each workbook printed to PDF by LibreOffice, as the text on its pages."""
    profile = folder / "lo-profile"
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
                    "--convert-to", "pdf", "--outdir", str(folder), *map(str, workbooks)],
                   check=True, capture_output=True, timeout=180)
    texts = {}
    for workbook in workbooks:
        pdf = folder / f"{workbook.stem}.pdf"
        texts[workbook.name] = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                                              text=True).stdout
    return texts


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>')


def column_text(pdf: Path, header: str) -> str:
    """The words printed at and right of the column headed ``header`` (the last column), page by page,
    top to bottom: what a reader of that column reads (``pdftotext -bbox`` gives each word's place)."""
    xhtml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True,
                           text=True).stdout
    words = []
    for number, page in enumerate(xhtml.split("<page ")[1:]):
        placed = [(float(y), float(x), word) for x, y, word in WORD.findall(page)]
        left = min((x for _, x, word in placed if word == header), default=None)
        if left is not None:
            words += [(number, y, x, word) for y, x, word in placed if x >= left - 1]
    return "".join(word for *_, word in sorted(words))


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.sqlite_only
@pytest.mark.slow
@needs_office
def test_libreoffice_prints_every_explanation_whole_with_page_numbers(ok: Zzy, ledger_path: Path,
                                                                     tmp_path: Path) -> None:
    ok(["--db", str(ledger_path), "demo"])
    remind, roster, persons = tmp_path / "remind.xlsx", tmp_path / "roster.xlsx", tmp_path / "persons.xlsx"
    ok(["remind", "--output", str(remind)])
    ok(["roster", "--output", str(roster)])
    many = tmp_path / "many.csv"
    many.write_text("工号,姓名,入党日期,转正日期\n" + "".join(f"P{n:04d},党员{n},2001-01-01,2002-01-01\n"
                                                       for n in range(150)), encoding="utf-8")
    ok(["import", "persons", str(many)])
    ok(["person", "list", "--output", str(persons)])
    findings = ok("remind --format json").json()["findings"]
    assert any(io_excel.wrapped_lines(f["message"], io_excel.WIDEST) > 1 for f in findings)  # the point

    pages = printed([remind, roster, persons], tmp_path)

    explanations = squeezed(column_text(tmp_path / "remind.pdf", "说明"))
    for finding in findings:  # each explanation whole, down to its last words
        assert squeezed(finding["message"]) in explanations, finding["message"]
    for name, text in pages.items():
        numbers = [(int(page), int(count)) for page, count in PAGE_NUMBER.findall(text)]
        assert numbers and numbers[0] == (1, numbers[0][1]), name
        assert [page for page, _ in numbers] == list(range(1, numbers[0][1] + 1)), name
    assert PAGE_NUMBER.findall(pages["persons.xlsx"])[0][1] != "1"  # a list of many pages, each numbered


@pytest.mark.parametrize(("text", "width", "lines"), [
    ("", 20, 1),
    ("短", 20, 1),
    ("一" * 8, 20, 1),  # room (20 − 1) × 0.9 = 17.1 columns: 8 characters of 2 fit
    ("一" * 9, 20, 2),  # 18 do not
    ("a" * 17, 20, 1),  # a Latin letter is one column
    ("一" * 27, 62, 1),
    ("一" * 28, 62, 2),
    ("一" * 81, 62, 3),
    ("第一行\n第二行", 60, 2),
])
def test_a_wrapped_cell_is_counted_in_lines_of_its_column(text: str, width: int, lines: int) -> None:
    assert io_excel.wrapped_lines(text, width) == lines
