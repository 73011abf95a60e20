"""Reading a clerk's CSV as it streams: the encoding decided and the rows counted piece by piece.

A CSV saved by Excel on Chinese Windows is GB18030 (GBK); one saved as "CSV UTF-8" is UTF-8 with a
BOM; one written by a program is often plain UTF-8 (SPEC section 7).  The file is read a megabyte
at a time and cut at its last line break (one byte, ``\\n``, in all three encodings), so each piece
holds whole lines and the CSV reader is handed text as it needs it.  Rows are counted as they come:
a file over :data:`MAX_CELLS` cells (rows × widest row) or over :data:`MAX_CSV_BYTES` is refused at
that point, without reading or decoding the rest.

Each piece is decoded the way :func:`piece_encoding` decides; a file whose pieces (or lines) are in
two encodings was pieced together from two sources, and decoding it either way would store garbled
names (张三 as 寮犱笁): it is refused naming the lines of each kind.  Line numbers are the
spreadsheet's row numbers for any file without line breaks inside cells (which the text rules refuse
anyway).
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from typing import IO

from zzy.errors import UsageProblem
from zzy.rows import Rows
from zzy.xlsx_reader import MAX_CELLS

#: The most bytes a CSV may have (a roster of 5 000 000 cells is far smaller).
MAX_CSV_BYTES = 256 * 1024 * 1024
#: How much of the file is read at a time.
PIECE = 1024 * 1024

#: How many different texts are kept as one copy each.
SAME_TEXTS = 100_000



class _Lines:
    """Line numbers of one kind: the first ten kept, all counted."""

    def __init__(self) -> None:
        self.first: list[int] = []
        self.count = 0

    def add(self, numbers: list[int]) -> None:
        if numbers and self.first and numbers[0] == self.first[-1]:  # line 1, marked UTF-8 by its BOM
            numbers = numbers[1:]
        self.first.extend(numbers[:10 - len(self.first)])
        self.count += len(numbers)

    def __str__(self) -> str:
        shown = "、".join(str(n) for n in self.first)
        return f"第{shown}行" + (f"等 {self.count} 行" if self.count > 10 else "")


def too_large(name: str) -> UsageProblem:
    return UsageProblem(f"{name} 超过 {MAX_CSV_BYTES // 1024 // 1024} MB,不像是一份名册,未导入。")


def read_csv(source: IO[bytes], name: str) -> Rows:
    """The records of a CSV read from ``source`` (a file or standard input), refused beyond the bounds."""
    text = _Decoded(source, name)
    reader = csv.reader(text.lines())
    rows = Rows()
    keep = rows.stored.append
    widest = 0
    same: dict[str, str] = {}  # one copy of each text seen (a roster repeats its orgs, kinds and ranks)
    try:
        for number, cells in enumerate(reader, start=1):
            if len(cells) > widest:
                widest = len(cells)
            if number * widest > MAX_CELLS:
                raise UsageProblem(f"{name} 太大,不像是一份名册(读到第 {number} 行时已有 {widest} 列,"
                                   f"超过 {MAX_CELLS:,} 个单元格),未导入。")
            if any(cells):  # a blank row is skipped by every import: only counted
                keep((number, *map(same.setdefault, cells, cells)) if len(same) < SAME_TEXTS else (number, *cells))
    except csv.Error:
        raise UsageProblem(f"无法读取 {name}: 第 {reader.line_num} 行的 CSV 格式有误(引号不成对,或单元格过长)。"
                           "请在 Excel 中打开并另存为 CSV 后重试。") from None
    text.finish()
    return rows


class _Decoded:
    """The text of a CSV, a piece of whole lines at a time, each piece in the encoding it was written in."""

    def __init__(self, source: IO[bytes], name: str) -> None:
        self.source, self.name = source, name
        self.read = 0
        self.line = 1  # the number of the first line of the next piece
        self.bom = False
        self.kinds = {"utf-8": _Lines(), "gb18030": _Lines(), "unknown": _Lines()}

    def pieces(self) -> Iterator[bytes]:
        """The raw file in pieces that end at a line break, counted against :data:`MAX_CSV_BYTES`."""
        rest = b""
        first = True
        while chunk := self.source.read(PIECE):
            self.read += len(chunk)
            if self.read > MAX_CSV_BYTES:
                raise too_large(self.name)
            if first:
                if chunk.startswith(b"PK\x03\x04"):
                    raise UsageProblem(f"{self.name} 是 Excel 工作簿,不是 CSV。"
                                       "请以 .xlsx 文件名导入,或在 Excel 中另存为 CSV。")
                self.bom = chunk.startswith(codecs.BOM_UTF8)
                if self.bom:
                    chunk = chunk[len(codecs.BOM_UTF8):]
                    self.kinds["utf-8"].add([1])
                first = False
            data = rest + chunk
            cut = data.rfind(b"\n") + 1
            if cut == 0:
                if len(data) > 4 * PIECE:  # no line break in megabytes: one line, refused by its cell size anyway
                    cut = len(data)
                else:
                    rest = data
                    continue
            rest = data[cut:]
            yield data[:cut]
        if rest:
            yield rest

    def lines(self) -> Iterator[str]:
        """Decoded lines for :mod:`csv`; a file found mixed is refused once what was read shows it."""
        for piece in self.pieces():
            text = self.decode(piece)
            self.line += piece.count(b"\n")
            self.check()
            yield from text.splitlines(keepends=True)

    def decode(self, piece: bytes) -> str:
        """One piece of whole lines as text, noting which lines are in which encoding."""
        if piece.isascii():
            return piece.decode("ascii")
        encoding = piece_encoding(piece, bom=self.bom)
        lines = piece.split(b"\n")
        if encoding is not None:
            self.kinds[encoding].add([self.line + i for i, line in enumerate(lines) if not line.isascii()])
            return piece.decode(encoding)
        found: dict[str, list[int]] = {"utf-8": [], "gb18030": [], "unknown": []}
        for index, line in enumerate(lines):
            kind = _line_encoding(line)
            if kind is not None:
                found[kind].append(self.line + index)
        for kind, numbers in found.items():
            self.kinds[kind].add(numbers)
        chosen = "gb18030" if found["gb18030"] else "utf-8"
        return piece.decode(chosen, errors="replace")

    def check(self) -> None:
        utf8, gb, unknown = self.kinds["utf-8"], self.kinds["gb18030"], self.kinds["unknown"]
        if unknown.count:
            raise UsageProblem(f"无法识别 {self.name} 的编码: {unknown}既不是 UTF-8 也不是 GB18030(GBK)。"
                               "请在 Excel 或记事本中另存为 UTF-8 或 GB18030 后重试。")
        if utf8.count and gb.count:
            said = "文件开头标明是 UTF-8" if self.bom and utf8.first == [1] and utf8.count == 1 else f"{utf8}是 UTF-8"
            raise UsageProblem(f"{self.name} 混用了两种编码: {said},{gb}是 GB18030(GBK)。"
                               "照此导入会把姓名存成乱码,未导入。请把这些行统一为一种编码"
                               "(例如在 Excel 中整体另存为「CSV UTF-8」)后重试。")

    def finish(self) -> None:
        self.check()


def piece_encoding(piece: bytes, *, bom: bool) -> str | None:
    """The one encoding that explains a piece of whole lines, or None when its lines differ.

    A piece that is UTF-8 throughout is UTF-8, unless it is GB18030 throughout as well and reads as
    everyday Chinese only that way (a GBK file of names such as 郑肖 happens to be valid UTF-8)."""
    as_utf8 = _decoded(piece, "utf-8")
    if as_utf8 is not None and (bom or _line_encoding(piece) != "gb18030"):
        return "utf-8"
    if not bom and _decoded(piece, "gb18030") is not None and not any(
            _decoded(line, "utf-8") is not None and _line_encoding(line) == "utf-8"
            for line in piece.split(b"\n") if not line.isascii()):
        return "gb18030"
    return None


def _line_encoding(line: bytes) -> str | None:
    """Which encoding explains a line: ``utf-8``, ``gb18030``, ``unknown``, or None (both, alike)."""
    if line.isascii():
        return None
    as_utf8 = _decoded(line, "utf-8")
    as_gb = _decoded(line, "gb18030")
    if as_utf8 is None and as_gb is None:
        return "unknown"
    if as_utf8 is None or as_gb is None:
        return "gb18030" if as_utf8 is None else "utf-8"
    # Both decode: the one that reads as everyday Chinese wins (UTF-8 read as GB18030 gives rare
    # characters such as 寮犱笁; GB18030 read as UTF-8 gives Latin or Cyrillic letters).
    utf8_score, gb_score = _commonness(as_utf8), _commonness(as_gb)
    if utf8_score == gb_score:
        return None
    return "utf-8" if utf8_score > gb_score else "gb18030"


def _decoded(line: bytes, encoding: str) -> str | None:
    try:
        return line.decode(encoding)
    except UnicodeDecodeError:
        return None


def _commonness(line: str) -> float:
    """How much of the non-ASCII text is everyday Chinese: GB2312 level-1 characters and
    punctuation count 1, level-2 characters one half, anything else nothing."""
    scores = []
    for ch in line:
        if ch.isascii():
            continue
        try:
            lead = ch.encode("gb2312")[0]
        except UnicodeEncodeError:
            scores.append(0.0)
            continue
        scores.append(1.0 if lead <= 0xD7 else 0.5)
    return sum(scores) / len(scores)
