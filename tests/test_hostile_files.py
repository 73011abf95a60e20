"""SPEC section 11 (issue 30): hostile workbooks and CSV files, whatever their parts are called, are
refused in bounded time and memory; a long list of problems stays readable; a title row is skipped.

Each hostile file is made here, streamed into a zip that stays a few megabytes on disk, and given to
the real command in a subprocess whose time and peak memory (``wait4``'s ``ru_maxrss``) are measured.
The bounds are the issue's: 5 seconds and 300 MB on a 2-core machine.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import tempfile
import threading
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, Any

import pytest

from conftest import Zzy

pytestmark = pytest.mark.sqlite_only  # reading files: the same on either backend

SECONDS, MEGABYTES = 5, 300

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
PERSONS_HEADER = ["工号", "姓名", "入党日期", "转正日期", "在职教职工"]


# -- the real command, measured ---------------------------------------------------------------


@dataclass
class Measured:
    exit_code: int
    stdout: str
    stderr: str
    seconds: float
    megabytes: float


def measured(args: list[str], *, feed: Callable[[IO[bytes]], None] | None = None) -> Measured:
    """Run ``python -m zzy ARGS`` (standard input fed by ``feed``); its exit, output, time and peak memory.

    The time is the command's own processor time (user and system, from ``wait4``), not the wall clock:
    the bound is on the work a hostile file costs, which a machine busy with other work does not change."""
    peak_file = tempfile.NamedTemporaryFile(prefix="zzy-peak-", delete=False)  # noqa: SIM115
    peak_file.close()
    process = subprocess.Popen([sys.executable, "-c", _PEAK_REPORTER, peak_file.name, *args],
                               stdin=subprocess.PIPE if feed else subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    outputs: dict[str, bytes] = {}

    def drain(name: str, stream: IO[bytes]) -> None:
        outputs[name] = stream.read()

    threads = [threading.Thread(target=drain, args=("out", process.stdout)),
               threading.Thread(target=drain, args=("err", process.stderr))]
    if feed is not None:
        threads.append(threading.Thread(target=_feeding, args=(feed, process.stdin)))
    for thread in threads:
        thread.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = usage.ru_utime + usage.ru_stime
    process.returncode = os.waitstatus_to_exitcode(status)
    for thread in threads:
        thread.join()
    return Measured(process.returncode, outputs["out"].decode(), outputs["err"].decode(), seconds,
                    _peak_megabytes(peak_file.name, usage))


#: ``python -m zzy`` that writes, as it exits, its own peak resident memory (``VmHWM``, in kB) to the file
#: named first.  ``wait4``'s ``ru_maxrss`` is not the command's own: a child forked from a large pytest
#: process starts with the parent's high-water mark (Linux keeps it across ``exec``).
_PEAK_REPORTER = (
    "import atexit, runpy, sys\n"
    "peak_file = sys.argv.pop(1)\n"
    "def report():\n"
    "    with open('/proc/self/status') as status, open(peak_file, 'w') as out:\n"
    "        out.write(next(line.split()[1] for line in status if line.startswith('VmHWM:')))\n"
    "atexit.register(report)\n"
    "sys.argv[0] = 'zzy'\n"
    "runpy.run_module('zzy', run_name='__main__', alter_sys=True)\n"
)


def _peak_megabytes(peak_file: str, usage: Any) -> float:
    """The command's own peak (``VmHWM``) when it could say, else ``wait4``'s figure (an upper bound)."""
    try:
        reported = Path(peak_file).read_text().strip()
    finally:
        Path(peak_file).unlink(missing_ok=True)
    return int(reported) / 1024 if reported else usage.ru_maxrss / 1024  # kilobytes on Linux


def _feeding(feed: Callable[[IO[bytes]], None], stream: IO[bytes]) -> None:
    try:
        feed(stream)
        stream.close()
    except (BrokenPipeError, ValueError, OSError):
        pass  # the command stopped reading: what is being tested


def refused_quickly(args: list[str], stderr: str, **kwargs: object) -> Measured:
    result = measured(args, **kwargs)  # type: ignore[arg-type]
    print(f"refused in {result.seconds:.2f} s, {result.megabytes:.0f} MB")  # shown with pytest -s
    assert (result.exit_code, result.stderr) == (2, stderr), result
    assert result.seconds < SECONDS and result.megabytes < MEGABYTES, result
    return result


# -- workbooks made part by part --------------------------------------------------------------


def _inline(text: str) -> str:
    return f'<c t="inlineStr"><is><t>{text}</t></is></c>'


def header_row(cells: list[str] = PERSONS_HEADER) -> bytes:
    return ('<row r="1">' + "".join(_inline(text) for text in cells) + "</row>").encode()


def sheet_xml(*rows: bytes | Iterable[bytes]) -> Iterator[bytes]:
    yield f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}"><sheetData>'.encode()
    for row in rows:
        if isinstance(row, bytes):
            yield row
        else:
            yield from row
    yield b"</sheetData></worksheet>"


def strings_xml(items: Iterable[bytes]) -> Iterator[bytes]:
    yield f'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="{MAIN}">'.encode()
    yield from items
    yield b"</sst>"


def workbook(path: Path, sheet: Iterable[bytes], *, sheet_part: str = "xl/data/table1.xml",
             strings: Iterable[bytes] | None = None, strings_part: str = "xl/strs.xml",
             styles: bytes | None = None, level: int = 6, stored: tuple[str, ...] = ()) -> Path:
    """A workbook whose parts are called as given, found only through the relationships, written as it streams."""
    related = [("rId1", "worksheet", "/" + sheet_part)]
    types = [(sheet_part, SHEET_TYPE)]
    if strings is not None:
        related.append(("rId2", "sharedStrings", "/" + strings_part))
        types.append((strings_part, "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"))
    if styles is not None:
        related.append(("rId3", "styles", "look.xml"))
    small = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            + "".join(f'<Override PartName="/{part}" ContentType="{kind}"/>' for part, kind in types) + "</Types>"),
        "_rels/.rels": (f'<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" '
                        f'Type="{RELS}/officeDocument" Target="xl/book.xml"/></Relationships>'),
        "xl/book.xml": (f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>'
                        '<sheet name="数据" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/book.xml.rels": (f'<Relationships xmlns="{PACKAGE_RELS}">' + "".join(
            f'<Relationship Id="{rid}" Type="{RELS}/{kind}" Target="{target}"/>' for rid, kind, target in related)
            + "</Relationships>"),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, text in small.items():
            archive.writestr(name, text)
        if styles is not None:
            archive.writestr("xl/look.xml", styles)
        parts = [(sheet_part, sheet)] + ([(strings_part, strings)] if strings is not None else [])
        for name, pieces in parts:
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            with archive.open(info, "w", force_zip64=True) as out:
                for piece in pieces:
                    out.write(piece)
    return path


def repeated(piece: bytes, total: int) -> Iterator[bytes]:
    """``total`` bytes of ``piece`` over and over, a few megabytes at a time."""
    block = piece * max(1, (4 << 20) // len(piece))
    left = total
    while left > 0:
        yield block[:left]
        left -= len(block)


def import_persons(path: Path, *more: str) -> list[str]:
    return ["import", "persons", str(path), *more]


def too_large(file: str, part: str, why: str) -> str:
    return f"错误: {file} 太大,不像是一份名册(其中的 {part} {why}),未导入。请只保留要导入的数据行和列,另存后重试。\n"


def people(ok: Zzy) -> list[tuple[str, str, str]]:
    return [(p["staff_no"], p["name"], p["joined"]) for p in ok("person list --format json").json()]


# -- a legitimate workbook, whatever its parts are called --------------------------------------


def test_parts_are_found_through_the_relationships_whatever_they_are_called(ok: Zzy, ledger: Path,
                                                                            tmp_path: Path) -> None:
    """Shared strings, inline strings, and a number in a date style (built-in 14 and a custom 年月日 one)."""
    strings = [b"<si><t>T101</t></si>", b"<si><r><t>\xe8\xb5\xb5</t></r><r><t>\xe6\x95\x8f</t></r>"
               b"<rPh><t>zhao</t></rPh></si>"]  # 赵 敏 in two runs, a phonetic guide left out
    styles = (f'<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="170" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>'
              '</numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="170"/></cellXfs>'
              "</styleSheet>").encode()
    rows = ('<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c><c r="C2" s="1"><v>43252</v></c>'
            '<c r="E2" t="inlineStr"><is><t>是</t></is></c></row>'
            '<row r="4"><c r="A4" t="inlineStr"><is><t>T102</t></is></c><c r="B4" t="str"><v>钱多多</v></c>'
            '<c r="C4" s="2"><v>43983</v></c><c r="D4" s="2"><v>44348</v></c><c r="E4" t="b"><v>0</v></c></row>')
    path = workbook(tmp_path / "人员.xlsx", sheet_xml(header_row(), rows.encode()), strings=strings_xml(strings),
                    styles=styles)
    assert ok(import_persons(path)).stdout == "已从 人员.xlsx 导入 2 行人员。\n"
    assert people(ok) == [("T101", "赵敏", "2018-06-01"), ("T102", "钱多多", "2020-06-01")]


# -- every part bounded before it is read ------------------------------------------------------


def test_ten_million_empty_cells_at_xl_data_table1_are_refused_before_parsing(ledger: Path, tmp_path: Path) -> None:
    path = workbook(tmp_path / "名册.xlsx", sheet_xml(header_row(), b'<row r="2">', repeated(b"<c/>", 40_000_000),
                                                    b"</row>"))
    assert path.stat().st_size < 1_000_000
    result = measured(import_persons(path))
    assert result.exit_code == 2 and re.sub("压缩了 [0-9,]+ 倍", "压缩了 N 倍", result.stderr) == too_large(
        "名册.xlsx", "xl/data/table1.xml", "压缩了 N 倍,超过 100 倍的上限,像是一个“压缩炸弹”"), result
    assert result.seconds < SECONDS and result.megabytes < MEGABYTES, result


def _cells(rows: int, *, width: int = 50) -> Iterator[bytes]:
    """Rows of empty cells, each named, so that the XML compresses as little as a real sheet's."""
    letters = [chr(65 + i // 26) + chr(65 + i % 26) for i in range(width)]
    for number in range(2, rows + 2):
        yield (f'<row r="{number}">' + "".join(f'<c r="{column}{number}"/>' for column in letters) + "</row>").encode()


@pytest.mark.slow
def test_cells_over_five_million_are_counted_as_the_sheet_streams(ledger: Path, tmp_path: Path) -> None:
    """Compressed as little as a real sheet (under 100 times), 5 000 050 cells: counted, not parsed."""
    path = workbook(tmp_path / "名册.xlsx", sheet_xml(header_row(), _cells(100_001)), level=1)
    refused_quickly(import_persons(path), too_large("名册.xlsx", "xl/data/table1.xml", "写有超过 5,000,000 个单元格"))


def test_rows_past_excel_s_1_048_576_are_refused(ledger: Path, tmp_path: Path) -> None:
    """Empty rows hold no cell to count, but each costs time to parse: more than Excel's rows are not a sheet."""
    rows = (b"".join(b'<row r="%d"/>' % n for n in range(start, start + 100_000)) for start in range(2, 1_100_002, 100_000))
    path = workbook(tmp_path / "名册.xlsx", sheet_xml(header_row(), rows), level=1)
    refused_quickly(import_persons(path), too_large("名册.xlsx", "xl/data/table1.xml", "写有超过 1,048,576 行(Excel 的上限)"))
    far = b'<row r="1048577"><c r="A1048577" t="inlineStr"><is><t>x</t></is></c></row>'
    path = workbook(tmp_path / "远.xlsx", sheet_xml(header_row(), far))
    refused_quickly(import_persons(path), too_large("远.xlsx", "xl/data/table1.xml", "有第 1,048,577 行,超过 Excel 的 1,048,576 行"))


def test_three_million_shared_strings_in_xl_strs_are_refused_before_parsing(ledger: Path, tmp_path: Path) -> None:
    strings = (b"".join(b"<si><t>%d</t></si>" % n for n in range(start, start + 100_000))
               for start in range(0, 3_000_000, 100_000))
    path = workbook(tmp_path / "名册.xlsx", sheet_xml(header_row()), strings=strings_xml(strings), level=1)
    refused_quickly(import_persons(path), too_large("名册.xlsx", "xl/strs.xml", "有超过 1,000,000 条文字"))


@pytest.mark.parametrize(("size", "part"), [
    pytest.param(238_000_000, "xl/strs.xml", id="238MB"),
    pytest.param(1 << 30, "xl/media/words.bin", id="1GB-named-otherwise", marks=pytest.mark.slow)])
def test_a_shared_strings_part_over_100_mb_is_refused_by_its_declared_size(ledger: Path, tmp_path: Path,
                                                                           size: int, part: str) -> None:
    strings = repeated(b"<si><t>" + "张三李四".encode() * 8 + b"</t></si>", size)
    path = workbook(tmp_path / "名册.xlsx", sheet_xml(header_row()), strings=strings_xml(strings), strings_part=part,
                    level=1)
    assert path.stat().st_size < 10_000_000
    declared = zipfile.ZipFile(path).getinfo(part).file_size
    refused_quickly(import_persons(path), too_large(
        "名册.xlsx", part, f"解压后有 {declared / 1024 / 1024:,.0f} MB,超过 100 MB 的上限"))


@pytest.mark.slow
def test_one_inline_string_of_a_gigabyte_is_refused_by_the_sheet_s_declared_size(ledger: Path,
                                                                                 tmp_path: Path) -> None:
    cell = [b'<row r="2"><c r="A2" t="inlineStr"><is><t>', repeated(b"A", 1 << 30), b"</t></is></c></row>"]
    path = workbook(tmp_path / "名册.xlsx", sheet_xml(header_row(), *cell), level=1)
    refused_quickly(import_persons(path), too_large("名册.xlsx", "xl/data/table1.xml",
                                                   "解压后有 1,024 MB,超过 256 MB 的上限"))


@pytest.mark.parametrize("runs", [1, 5000], ids=["one-text", "in-5000-runs"])
def test_one_cell_s_text_is_cut_off_at_excel_s_32767_characters(ledger: Path, tmp_path: Path, runs: int) -> None:
    """Stored uncompressed, so no ratio gives it away: the text itself is counted as it streams."""
    text = "长" * (2_000_000 // runs)
    cell = ('<row r="2"><c r="A2" t="inlineStr"><is>' + f"<r><t>{text}</t></r>" * runs + "</is></c></row>").encode()
    path = workbook(tmp_path / "名册.xlsx", sheet_xml(header_row(), cell), stored=("xl/data/table1.xml",))
    refused_quickly(import_persons(path), "错误: 名册.xlsx 的 xl/data/table1.xml 中第 2 行的一个单元格超过 32,767 个字符"
                                          "(Excel 一个单元格的上限),不像是名册里的内容,未导入。\n")


def test_a_shared_string_is_cut_off_at_32767_characters(ledger: Path, tmp_path: Path) -> None:
    strings = [b"<si><t>T101</t></si>", b"<si><t>" + "长".encode() * 40_000 + b"</t></si>"]
    path = workbook(tmp_path / "名册.xlsx", sheet_xml(header_row()), strings=strings_xml(strings), stored=("xl/strs.xml",))
    refused_quickly(import_persons(path), "错误: 名册.xlsx 的 xl/strs.xml 中第 2 条文字超过 32,767 个字符"
                                          "(Excel 一个单元格的上限),不像是名册里的内容,未导入。\n")


def test_a_tag_of_megabytes_is_refused_before_expat_holds_it(ledger: Path, tmp_path: Path) -> None:
    tag = b'<row r="2"><c r="A2" x="' + b"1" * 3_000_000 + b'"/></row>'
    path = workbook(tmp_path / "名册.xlsx", sheet_xml(header_row(), tag), stored=("xl/data/table1.xml",))
    refused_quickly(import_persons(path), too_large("名册.xlsx", "xl/data/table1.xml", "有一个超过 1 MB 的标记或注释"))


BILLION_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">'
                  + b"".join(b'<!ENTITY %c "%s">' % (98 + i, b"".join([b"&%c;" % (97 + i)] * 10)) for i in range(9))
                  + b"]>" + f'<sst xmlns="{MAIN}"><si><t>&j;</t></si></sst>'.encode())


@pytest.mark.parametrize("where", ["strings", "sheet"])
def test_xml_entities_and_dtds_are_refused_not_expanded(ledger: Path, tmp_path: Path, where: str) -> None:
    if where == "strings":
        path = workbook(tmp_path / "名册.xlsx", sheet_xml(header_row()), strings=[BILLION_LAUGHS])
        part = "xl/strs.xml"
    else:
        sheet = [b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY x "T101">]>',
                 f'<worksheet xmlns="{MAIN}"><sheetData>'.encode(), header_row(),
                 b'<row r="2"><c t="inlineStr"><is><t>&x;</t></is></c></row></sheetData></worksheet>']
        path = workbook(tmp_path / "名册.xlsx", sheet)
        part = "xl/data/table1.xml"
    refused_quickly(import_persons(path), f"错误: 无法读取 名册.xlsx: 其中的 {part} 含有 DTD 或实体声明(<!DOCTYPE>、<!ENTITY>),"
                                          "Excel 不会写出这些,为安全起见未导入。请在 Excel 中打开并另存为 .xlsx 后重试。\n")


def _lie_about_size(path: Path, part: str, size: int) -> None:
    """Rewrite the part's uncompressed size, in its local header and in the central directory."""
    data = bytearray(path.read_bytes())
    name = part.encode()
    for signature, at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at:name_at + len(name)] == name:
                data[start + at:start + at + 4] = size.to_bytes(4, "little")
            start += 4
    path.write_bytes(bytes(data))


def test_a_zip_whose_declared_sizes_lie_is_caught_while_reading(ledger: Path, tmp_path: Path) -> None:
    path = tmp_path / "名册.xlsx"
    with zipfile.ZipFile(tmp_path / "plain.zip", "w") as plain:  # small parts without ZIP64 fields to rewrite
        rows = [b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>T%d</t></is></c></row>' % (n, n, n) for n in range(2, 200_000)]
        workbook(path, sheet_xml(header_row(), b"".join(rows)))
        with zipfile.ZipFile(path) as made:
            for info in made.infolist():
                plain.writestr(info.filename, made.read(info), zipfile.ZIP_DEFLATED)
    (tmp_path / "plain.zip").replace(path)
    _lie_about_size(path, "xl/data/table1.xml", 50_000)
    assert zipfile.ZipFile(path).getinfo("xl/data/table1.xml").file_size == 50_000
    refused_quickly(import_persons(path), "错误: 无法读取 名册.xlsx: 它不是有效的 Excel 工作簿(.xlsx),或已损坏"
                                          "(其中的 xl/data/table1.xml 已损坏,或与它在压缩目录里记录的大小、校验和不符)。"
                                          "请在 Excel 中打开并另存为 .xlsx 后重试。\n")


def test_a_zip_of_too_many_parts_is_refused_from_its_end_record(ledger: Path, tmp_path: Path) -> None:
    path = workbook(tmp_path / "名册.xlsx", sheet_xml(header_row()))
    with zipfile.ZipFile(path, "a") as archive:
        for number in range(10_001):
            archive.writestr(f"x/{number}", b"")
    refused_quickly(import_persons(path), "错误: 名册.xlsx 太大,不像是一份名册(压缩包里有 10,006 个部分,上限 10,000 个),"
                                          "未导入。请在 Excel 中打开并另存为 .xlsx 后重试。\n")


# -- CSV: streamed, refused at the limit without decoding the rest -----------------------------


def test_a_250_mb_csv_of_short_lines_is_refused_as_it_streams(ledger: Path) -> None:
    def feed(stream: IO[bytes]) -> None:
        stream.write(",".join(PERSONS_HEADER).encode() + b"\n")
        for piece in repeated(b"T1,a,b\n", 250_000_000):
            stream.write(piece)

    refused_quickly(["import", "persons", "-"], "错误: 标准输入 太大,不像是一份名册(读到第 1000001 行时已有 5 列,"
                                                "超过 5,000,000 个单元格),未导入。\n", feed=feed)


def test_a_csv_file_over_256_mb_is_refused_by_its_size(ledger: Path, tmp_path: Path) -> None:
    path = tmp_path / "人员.csv"
    with path.open("wb") as out:
        out.truncate(256 * 1024 * 1024 + 1)  # a sparse file: nothing on disk
    refused_quickly(["import", "persons", str(path)], "错误: 人员.csv 超过 256 MB,不像是一份名册,未导入。\n")


def test_a_csv_turning_gbk_after_a_megabyte_of_utf8_is_refused_naming_the_rows(zzy: Zzy, ledger: Path,
                                                                              tmp_path: Path) -> None:
    path = tmp_path / "人员.csv"
    utf8 = "".join(f"T{n},张三,2018-06-01,,是\n" for n in range(2, 60_002)).encode()
    assert len(utf8) > 1024 * 1024
    path.write_bytes(",".join(PERSONS_HEADER).encode() + b"\n" + utf8 + "T9,李四,2018-06-01,,是\n".encode("gb18030"))
    result = zzy(["import", "persons", str(path)])
    assert (result.exit_code, result.stderr) == (2, (
        "错误: 人员.csv 混用了两种编码: 第1、2、3、4、5、6、7、8、9、10行等 60001 行是 UTF-8,第60002行是 GB18030(GBK)。"
        "照此导入会把姓名存成乱码,未导入。请把这些行统一为一种编码(例如在 Excel 中整体另存为「CSV UTF-8」)后重试。\n")), result


# -- a long list of problems: 200 on the terminal, all in a file -------------------------------


BAD_DATES = 240_000


def _bad_dates(path: Path) -> Path:
    with path.open("w", encoding="utf-8") as out:
        out.write(",".join(PERSONS_HEADER) + "\n")
        out.writelines(f"T{n},赵敏,2018-13-{n % 90:02d},,是\n" for n in range(2, BAD_DATES + 2))
    return path


@pytest.mark.slow
def test_240_000_bad_dates_list_200_on_the_terminal_and_all_in_the_problems_file(ledger: Path,
                                                                                 tmp_path: Path) -> None:
    path = _bad_dates(tmp_path / "人员.csv")
    result = measured(import_persons(path))
    lines = result.stderr.splitlines()
    assert result.exit_code == 2 and len(lines) == 202, result.stderr[:2000]
    assert lines[0] == (f"错误: 有 {BAD_DATES} 处问题,整个文件未导入(账本没有任何改动)。终端只列出前 200 个,"
                        f"加 --problems 文件名 可把全部 {BAD_DATES} 个问题写入文件:")
    assert lines[-1] == f"  - ……另有 {BAD_DATES - 200} 个问题未列出。"
    assert result.megabytes < MEGABYTES, result
    listed = tmp_path / "问题.txt"
    result = measured(import_persons(path, "--problems", str(listed)))
    lines = result.stderr.splitlines()
    assert result.exit_code == 2 and len(lines) == 202
    assert lines[0] == f"错误: 有 {BAD_DATES} 处问题,整个文件未导入(账本没有任何改动)。全部 {BAD_DATES} 个问题已写入 {listed}:"
    written = listed.read_text(encoding="utf-8").splitlines()
    assert len(written) == BAD_DATES and written[:200] == [line.removeprefix("  - ") for line in lines[1:201]]
    assert stat.S_IMODE(listed.stat().st_mode) == 0o600


def test_the_problems_file_has_every_problem_and_is_written_as_any_output(zzy: Zzy, ledger: Path,
                                                                          tmp_path: Path) -> None:
    path = tmp_path / "人员.csv"
    path.write_text(",".join(PERSONS_HEADER) + "\n" + "".join(f"T{n},赵敏,2018-13-01,,是\n" for n in range(2, 205)),
                    encoding="utf-8")
    listed = tmp_path / "问题.txt"
    result = zzy(import_persons(path, "--problems", str(listed)))
    assert result.exit_code == 2
    reason = "日期「2018-13-01」不存在。可用的写法: 2024-03-01、2024/3/1、2024.3.1、20240301、2024年3月1日"
    problems = listed.read_text(encoding="utf-8").splitlines()
    assert problems == [f"第{n}行 入党日期: {reason}" for n in range(2, 205)]
    assert stat.S_IMODE(listed.stat().st_mode) == 0o600
    shown = result.stderr.splitlines()
    assert shown[0] == f"错误: 有 203 处问题,整个文件未导入(账本没有任何改动)。全部 203 个问题已写入 {listed}:"
    assert shown[1:] == [f"  - {line}" for line in problems[:200]] + ["  - ……另有 3 个问题未列出。"]
    again = zzy(import_persons(path, "--problems", str(listed)))
    assert (again.exit_code, again.stderr) == (3, f"错误: 文件 {listed} 已存在。如确要覆盖,请加 --force。\n")
    assert zzy(import_persons(path, "--problems", str(listed), "--force")).exit_code == 2
    assert len(listed.read_text(encoding="utf-8").splitlines()) == 203


def test_no_problems_file_when_the_import_passes(ok: Zzy, ledger: Path, tmp_path: Path) -> None:
    path = tmp_path / "人员.csv"
    path.write_text(",".join(PERSONS_HEADER) + "\nT101,赵敏,2018-06-01,,是\n", encoding="utf-8")
    ok(import_persons(path, "--problems", str(tmp_path / "问题.txt")))
    assert not (tmp_path / "问题.txt").exists()


# -- a title row above the headers (issue 28) ---------------------------------------------------


@pytest.mark.parametrize("above", [["2026年组织员名册"], ["2026年组织员名册", ""], ["", "2026年组织员名册", "制表: 组织部"]],
                         ids=["title", "title-and-blank", "blank-title-subtitle"])
def test_a_title_above_the_headers_is_skipped(ok: Zzy, ledger: Path, tmp_path: Path, above: list[str]) -> None:
    path = tmp_path / "人员.csv"
    path.write_text("".join(f"{line}\n" for line in above) + ",".join(PERSONS_HEADER) + "\nT101,赵敏,2018-06-01,,是\n",
                    encoding="utf-8")
    assert ok(import_persons(path)).stdout == "已从 人员.csv 导入 1 行人员。\n"
    assert people(ok) == [("T101", "赵敏", "2018-06-01")]


def test_a_title_over_a_header_that_lacks_a_column_is_not_skipped(zzy: Zzy, ledger: Path, tmp_path: Path) -> None:
    path = tmp_path / "人员.csv"
    path.write_text("2026年组织员名册\n工号,姓名\nT101,赵敏\n", encoding="utf-8")
    result = zzy(import_persons(path))
    assert (result.exit_code, result.stderr) == (
        3, "错误: 第1行(表头)缺少列: 工号、姓名、入党日期。可用 zzy template 生成带表头的模板。\n"), result


def test_a_header_below_a_title_is_named_by_its_own_row(zzy: Zzy, ledger: Path, tmp_path: Path) -> None:
    path = tmp_path / "人员.csv"
    path.write_text("2026年组织员名册\n工号,姓名,入党日期,姓名\nT101,赵敏,2018-06-01,钱多多\n", encoding="utf-8")
    result = zzy(import_persons(path))
    assert (result.exit_code, result.stderr) == (
        3, "错误: 第2行(表头)有重复的列,无法确定用哪一列:\n  - 「姓名」(第2列)和「姓名」(第4列)都是姓名\n"), result


def test_a_title_in_a_workbook_is_skipped_and_rows_keep_their_numbers(zzy: Zzy, ledger: Path, tmp_path: Path) -> None:
    rows = ('<row r="1">' + _inline("2026年组织员名册") + "</row>"
            + header_row().decode().replace('r="1"', 'r="2"')
            + '<row r="3">' + "".join(_inline(t) for t in ["T101", "赵敏", "2018-13-01"]) + "</row>").encode()
    path = workbook(tmp_path / "名册.xlsx", sheet_xml(rows))
    result = zzy(import_persons(path))
    assert result.exit_code == 2 and result.stderr.splitlines()[1].startswith("  - 第3行 入党日期: "), result


# -- a province's roster still imports ---------------------------------------------------------


APPOINTMENT_HEADER = ["工号", "党组织", "类别", "职级", "任职日期", "离任日期", "离任原因", "新提拔", "试任前职级",
                      "试用期考核", "考核日期", "特批理由"]


@pytest.mark.slow
def test_a_100_000_row_appointments_workbook_in_the_template_s_columns_is_read_whole(tmp_path: Path) -> None:
    """Excel's way: shared strings, dates as numbers in a date style; read within the bounds in seconds."""
    names = [f"T{n:06d}" for n in range(100_000)]
    strings = [f"<si><t>{text}</t></si>".encode() for text in [*APPOINTMENT_HEADER, *names, "jd", "专职", "正科级", "否"]]
    shared = {text: index for index, text in enumerate([*APPOINTMENT_HEADER, *names, "jd", "专职", "正科级", "否"])}

    def row(number: int, staff_no: str) -> bytes:
        cells = [f'<c r="A{number}" t="s"><v>{shared[staff_no]}</v></c>',
                 *(f'<c r="{column}{number}" t="s"><v>{shared[text]}</v></c>'
                   for column, text in zip("BCD", ["jd", "专职", "正科级"], strict=True)),
                 f'<c r="E{number}" s="1"><v>{45000 + number % 300}</v></c>', f'<c r="H{number}" t="s"><v>{shared["否"]}</v></c>']
        return f'<row r="{number}">{"".join(cells)}</row>'.encode()

    header = ('<row r="1">' + "".join(f'<c t="s"><v>{index}</v></c>' for index in range(len(APPOINTMENT_HEADER)))
              + "</row>").encode()
    styles = f'<styleSheet xmlns="{MAIN}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>'
    path = workbook(tmp_path / "任职.xlsx", sheet_xml(header, (row(n + 2, name) for n, name in enumerate(names))),
                    strings=strings_xml(strings), styles=styles.encode())
    script = ("import sys; from pathlib import Path; from zzy.imports import read_file; "
              "rows = read_file(Path(sys.argv[1])); print(len(rows), rows[1], rows[-1]); "
              "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:')))")
    process = subprocess.Popen([sys.executable, "-c", script, str(path)], stdout=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = usage.ru_utime + usage.ru_stime
    assert process.stdout is not None
    out = process.stdout.read()
    process.returncode = os.waitstatus_to_exitcode(status)
    assert process.returncode == 0
    first, last = (datetime(1899, 12, 30) + timedelta(days=45000 + number % 300) for number in (2, 100_001))
    out, peak_kb = out.rsplit("\n", 2)[0] + "\n", out.splitlines()[-1]
    assert out == (f"100001 (2, ['T000000', 'jd', '专职', '正科级', {first!r}, None, None, '否']) "
                   f"(100001, ['T099999', 'jd', '专职', '正科级', {last!r}, None, None, '否'])\n")
    peak = int(peak_kb) / 1024  # the reader's own VmHWM: wait4's maxrss carries pytest's
    assert seconds < 30 and peak < 400, (seconds, peak)  # issue 20: 400 MB
