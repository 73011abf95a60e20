"""Reading a clerk's workbook (.xlsx) within bounds of time and memory, whatever its parts are called.

An .xlsx is a zip of XML parts that point to each other through relationships; a hostile one
(sent by mail as "the new roster") may name its parts as it likes, declare sizes that lie, pack a
gigabyte into a few kilobytes, or define XML entities that expand without end.  So nothing here
trusts a name or a size:

1. The zip's directory is checked first: at most :data:`MAX_PARTS` parts, and a central directory
   no larger than :data:`MAX_DIRECTORY` (read from its end record, before :mod:`zipfile` builds
   one object per part).
2. The parts are found through the relationships (``_rels/.rels`` → the workbook, the workbook's
   ``.rels`` → its first worksheet, its shared strings and its styles) and ``[Content_Types].xml``.
3. Each part is bounded before it is read: its uncompressed size (from the zip's directory) under
   the limit for its kind, and its compression ratio under :data:`MAX_RATIO` (as Apache POI does).
   While it is read, its bytes are counted as they are decompressed: a zip whose declared sizes
   lie is refused as soon as it says more than it declared (or than its checksum allows).
4. The sheet's cells and the shared strings are counted in the raw bytes before anything is parsed
   (a C regex over the stream: ten million cells are refused in a second), then parsed by expat in
   64 KiB pieces with handlers that refuse a DTD or entity declaration, count every cell and string
   as it comes, cut one cell's text off at :data:`MAX_CELL_TEXT` characters without holding it
   whole, and refuse a single tag or comment longer than :data:`MAX_TOKEN` bytes (which expat would
   otherwise buffer whole).

Values are those openpyxl's read-only mode gives: shared and inline strings as text, numbers as
``int`` or ``float``, numbers in a date style (built-in or custom, 1900 or 1904 epoch) as
``datetime``, booleans, error codes as their text.  Every refusal is a :class:`UsageProblem` (exit 2)
naming the part and the limit.
"""

from __future__ import annotations

import posixpath
import re
import struct
from collections.abc import Callable, Iterator
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from zzy.errors import UsageProblem

#: The most cells a sheet may hold to be read as a roster (SPEC section 11).
MAX_CELLS = 5_000_000
#: The most rows a sheet may have: Excel's own limit.
MAX_ROWS = 1_048_576
#: The most shared strings a workbook may have (a province's 100 000 appointments hold fewer than 500 000).
MAX_SHARED_STRINGS = 1_000_000
#: The most characters one cell may hold: Excel's own limit, far above any field's (SPEC section 11).
MAX_CELL_TEXT = 32_767
#: Uncompressed sizes: a sheet of 5 000 000 cells is about 250 MB of XML; shared strings of a
#: province's roster are a few MB; every other part (workbook, relationships, styles) is small.
MAX_SHEET_BYTES = 256 * 1024 * 1024
MAX_STRINGS_BYTES = 100 * 1024 * 1024
MAX_OTHER_BYTES = 16 * 1024 * 1024
#: The most a part may be compressed (uncompressed size / compressed size), once it is over a
#: megabyte: Apache POI's default.  Real sheets compress 5 to 30 times; a zip bomb a thousand.
MAX_RATIO = 100
RATIO_GRACE = 1024 * 1024
#: The zip's own directory: parts (a workbook has tens) and bytes.
MAX_PARTS = 10_000
MAX_DIRECTORY = 4 * 1024 * 1024
#: The longest single tag, comment or instruction expat may have to hold whole.
MAX_TOKEN = 1024 * 1024
#: How much XML is handed to expat at a time.
PIECE = 64 * 1024

_MB = 1024 * 1024


class _Stop(Exception):
    """Raised inside an expat handler to end parsing with a refusal."""

    def __init__(self, problem: UsageProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


class Workbook:
    """A clerk's .xlsx opened for reading its first worksheet, every part checked before it is read."""

    def __init__(self, path: Path, name: str) -> None:
        import zipfile  # start-up

        self.path, self.name = path, name
        _check_directory(path, name)
        try:
            self.archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError):
            raise self.damaged() from None
        self.parts = {info.filename.lstrip("/").lower(): info for info in self.archive.infolist()}
        self.disk_size = path.stat().st_size

    def close(self) -> None:
        self.archive.close()

    # -- refusals

    def damaged(self, part: str | None = None) -> UsageProblem:
        where = f"(其中的 {part} 已损坏,或与它在压缩目录里记录的大小、校验和不符)" if part else ""
        return UsageProblem(f"无法读取 {self.name}: 它不是有效的 Excel 工作簿(.xlsx),或已损坏{where}。"
                            "请在 Excel 中打开并另存为 .xlsx 后重试。")

    def too_large(self, part: str, why: str) -> UsageProblem:
        return UsageProblem(f"{self.name} 太大,不像是一份名册(其中的 {part} {why}),未导入。"
                            "请只保留要导入的数据行和列,另存后重试。")

    # -- parts

    def info(self, part: str) -> Any:
        found = self.parts.get(part.lower())
        if found is None:
            raise self.damaged(part)
        return found

    def bounded(self, part: str, limit: int) -> Any:
        """The part's directory entry, refused before reading when it is over ``limit`` or over-compressed."""
        info = self.info(part)
        if info.file_size > limit:
            raise self.too_large(part, f"解压后有 {info.file_size / _MB:,.0f} MB,超过 {limit // _MB} MB 的上限")
        stored = min(info.compress_size, self.disk_size) or 1
        if info.file_size > RATIO_GRACE and info.file_size > MAX_RATIO * stored:
            raise self.too_large(part, f"压缩了 {info.file_size // stored:,} 倍,超过 {MAX_RATIO} 倍的上限,"
                                       "像是一个“压缩炸弹”")
        return info

    def chunks(self, part: str, limit: int) -> Iterator[bytes]:
        """The part's bytes a piece at a time, counted: never more than it declared, nor than ``limit``."""
        import zipfile  # start-up
        import zlib  # start-up

        info = self.bounded(part, limit)
        read = 0
        try:
            with self.archive.open(info) as source:
                while piece := source.read(PIECE):
                    read += len(piece)
                    if read > info.file_size:
                        raise self.damaged(part)
                    yield piece
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError, RuntimeError):
            raise self.damaged(part) from None

    def read_small(self, part: str) -> bytes:
        return b"".join(self.chunks(part, MAX_OTHER_BYTES))

    def exists(self, part: str) -> bool:
        return part.lower() in self.parts

    # -- structure

    def layout(self) -> tuple[str, str | None, str | None, bool]:
        """The first worksheet's part, the shared strings' and the styles' parts, and the 1904 epoch flag."""
        types = _content_types(self.parse_small("[Content_Types].xml"))
        main = next((target for kind, target in self.relations("") if kind == "officedocument"), None)
        if main is None:
            raise self.damaged("_rels/.rels")
        book = _Elements(("sheet", "workbookPr"))
        self.parse(main, MAX_OTHER_BYTES, book)
        related = {rid: (kind, target) for rid, kind, target in self.relations_by_id(main)}
        date1904 = any(attrs.get("date1904", "").lower() in ("1", "true") for tag, attrs in book.found
                       if tag == "workbookPr")
        sheet = None
        for tag, attrs in book.found:
            if tag != "sheet":
                continue
            rid = attrs.get("id")
            kind, target = related.get(rid or "", ("", ""))
            if kind == "worksheet":
                sheet = target
                break
        if sheet is None:
            raise UsageProblem(f"{self.name} 里没有工作表。")
        if "worksheet" not in types(sheet):
            raise self.damaged(sheet)
        strings = next((t for kind, t in related.values() if kind == "sharedstrings" and self.exists(t)), None)
        styles = next((t for kind, t in related.values() if kind == "styles" and self.exists(t)), None)
        return sheet, strings, styles, date1904

    def relations(self, part: str) -> list[tuple[str, str]]:
        return [(kind, target) for _, kind, target in self.relations_by_id(part)]

    def relations_by_id(self, part: str) -> list[tuple[str, str, str]]:
        """The relationships of ``part`` ("" for the package): id, type (its last word, lower case), target part."""
        folder, file = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", f"{file}.rels")
        if not self.exists(rels):
            return []
        found = _Elements(("Relationship",))
        self.parse(rels, MAX_OTHER_BYTES, found)
        listed = []
        for _, attrs in found.found:
            if attrs.get("TargetMode", "").lower() == "external" or "Target" not in attrs:
                continue
            target = attrs["Target"].replace("\\", "/")
            target = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            listed.append((attrs.get("Id", ""), attrs.get("Type", "").rsplit("/", 1)[-1].lower(),
                           posixpath.normpath(target).lstrip("/")))
        return listed

    def parse_small(self, part: str) -> list[tuple[str, dict[str, str]]]:
        found = _Elements(None)
        self.parse(part, MAX_OTHER_BYTES, found)
        return found.found

    def parse(self, part: str, limit: int, handler: Any) -> Iterator[None]:
        """Parse ``part`` with ``handler``'s ``start``/``end``/``text``; a generator when ``handler``
        has ``pending`` (rows to hand out between pieces), else run to the end."""
        steps = self._parse(part, limit, handler)
        if getattr(handler, "pending", None) is not None:
            return steps
        for _ in steps:
            pass
        return iter(())

    def _parse(self, part: str, limit: int, handler: Any) -> Iterator[None]:
        from xml.parsers import expat  # start-up

        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.buffer_size = PIECE
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

        def refuse_dtd(*_: Any) -> None:
            raise _Stop(UsageProblem(f"无法读取 {self.name}: 其中的 {part} 含有 DTD 或实体声明(<!DOCTYPE>、<!ENTITY>),"
                                     "Excel 不会写出这些,为安全起见未导入。请在 Excel 中打开并另存为 .xlsx 后重试。"))

        parser.StartDoctypeDeclHandler = refuse_dtd
        parser.EntityDeclHandler = refuse_dtd
        parser.StartElementHandler = handler.start
        parser.EndElementHandler = handler.end
        parser.CharacterDataHandler = handler.text
        fed = 0
        try:
            for piece in self.chunks(part, limit):
                parser.Parse(piece, False)
                fed += len(piece)
                if fed - parser.CurrentByteIndex > MAX_TOKEN:  # expat holds one token whole: a tag, a comment
                    raise self.too_large(part, f"有一个超过 {MAX_TOKEN // _MB} MB 的标记或注释")
                if getattr(handler, "pending", None):
                    yield None
            parser.Parse(b"", True)
        except _Stop as stop:
            raise stop.problem from None
        except expat.ExpatError:
            raise self.damaged(part) from None
        yield None


def _local(name: str) -> str:
    """An element's or attribute's name without its namespace prefix (``x:c`` is ``c``)."""
    return name[name.find(":") + 1:]


class _Names(dict[str, str]):
    """Element names without their prefix, each worked out once (a sheet has millions of elements)."""

    def __missing__(self, name: str) -> str:
        self[name] = local = _local(name)
        return local


class _Elements:
    """Collects the attributes of the elements named (all when ``None``)."""

    pending = None

    def __init__(self, names: tuple[str, ...] | None) -> None:
        self.names = names
        self.found: list[tuple[str, dict[str, str]]] = []

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        tag = _local(tag)
        if self.names is None or tag in self.names:
            self.found.append((tag, {_local(key): value for key, value in attrs.items()}))
            if len(self.found) > MAX_PARTS * 10:
                raise _Stop(UsageProblem("工作簿的结构部分过大,不像是一份名册,未导入。"))

    def end(self, tag: str) -> None:
        pass

    def text(self, data: str) -> None:
        pass


def _content_types(found: list[tuple[str, dict[str, str]]]) -> Callable[[str], str]:
    """The content type of a part, by ``[Content_Types].xml``'s overrides, else its defaults by extension."""
    overrides = {attrs.get("PartName", "").lstrip("/").lower(): attrs.get("ContentType", "")
                 for tag, attrs in found if tag == "Override"}
    defaults = {attrs.get("Extension", "").lower(): attrs.get("ContentType", "")
                for tag, attrs in found if tag == "Default"}
    return lambda part: overrides.get(part.lower()) or defaults.get(part.rpartition(".")[2].lower(), "")


def _check_directory(path: Path, name: str) -> None:
    """Refuse a zip whose directory alone would fill the memory, reading only its end record."""
    damaged = UsageProblem(f"无法读取 {name}: 它不是有效的 Excel 工作簿(.xlsx),或已损坏。"
                           "请在 Excel 中打开并另存为 .xlsx 后重试。")
    with path.open("rb") as file:
        size = file.seek(0, 2)
        tail_start = max(0, size - 65_557)
        file.seek(tail_start)
        tail = file.read()
        at = tail.rfind(b"PK\x05\x06")
        if at < 0 or len(tail) - at < 22:
            raise damaged
        parts, directory = struct.unpack("<HI", tail[at + 10:at + 16])
        if parts == 0xFFFF or directory == 0xFFFFFFFF:  # ZIP64: the counts are in the ZIP64 end record
            locator = tail[at - 20:at] if at >= 20 else b""
            if not locator.startswith(b"PK\x06\x07"):
                raise damaged
            (offset,) = struct.unpack("<Q", locator[8:16])
            file.seek(offset)
            record = file.read(56)
            if not record.startswith(b"PK\x06\x06") or len(record) < 56:
                raise damaged
            parts, directory = struct.unpack("<QQ", record[32:48])
    if parts > MAX_PARTS or directory > MAX_DIRECTORY:
        raise UsageProblem(f"{name} 太大,不像是一份名册(压缩包里有 {parts:,} 个部分,上限 {MAX_PARTS:,} 个),"
                           "未导入。请在 Excel 中打开并另存为 .xlsx 后重试。")


class _Tally:
    """Elements of one name counted in a part's raw bytes: how they open without a prefix (``<c ``,
    ``<c/``, ``<c>``, …) and with one (``<x:c ``), the most allowed, and what to say past it."""

    def __init__(self, name: bytes, allowed: int, why: str) -> None:
        self.openings = tuple(b"<" + name + end for end in (b" ", b"/", b">", b"\n", b"\t", b"\r"))
        self.prefixed = re.compile(rb"<[A-Za-z_][\w.-]*:" + name + rb"[\s/>]")
        self.allowed, self.why = allowed, why
        self.count = 0

    def add(self, data: bytes) -> bool:
        """Count the elements in ``data``; True once there are more than allowed."""
        self.count += sum(data.count(opening) for opening in self.openings) + len(self.prefixed.findall(data))
        return self.count > self.allowed


def _count(book: Workbook, part: str, limit: int, *tallies: _Tally) -> None:
    """Count elements in the part's raw stream with C's own searches, before anything is parsed
    (ten million cells in a second); refuse at the first tally over its limit.

    Each piece is cut before its last ``<``, so no tag is split (a tag holds no other ``<``)."""
    tail = b""
    for chunk in book.chunks(part, limit):
        data = tail + chunk
        cut = data.rfind(b"<")
        if cut < 0:
            cut = len(data)
        whole, tail = data[:cut], data[cut:]
        for tally in tallies:
            if tally.add(whole):
                raise book.too_large(part, tally.why)
    for tally in tallies:
        if tally.add(tail):
            raise book.too_large(part, tally.why)


class _SharedStrings:
    """``<si>`` items as text: plain and rich runs joined, phonetic runs (``<rPh>``) left out."""

    pending = None

    def __init__(self, book: Workbook, part: str) -> None:
        self.names = _Names()
        self.book, self.part = book, part
        self.strings: list[str] = []
        self.pieces: list[str] = []
        self.length = 0
        self.taking = False
        self.phonetic = 0

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        tag = self.names[tag]
        if tag == "t" and not self.phonetic:
            self.taking = True
        elif tag == "rPh":
            self.phonetic += 1
        elif tag == "si":
            self.pieces, self.length = [], 0

    def end(self, tag: str) -> None:
        tag = self.names[tag]
        if tag == "t":
            self.taking = False
        elif tag == "rPh":
            self.phonetic -= 1
        elif tag == "si":
            self.strings.append("".join(self.pieces))
            if len(self.strings) > MAX_SHARED_STRINGS:
                raise _Stop(self.book.too_large(self.part, f"有超过 {MAX_SHARED_STRINGS:,} 条文字"))

    def text(self, data: str) -> None:
        if self.taking:
            self.length += len(data)
            if self.length > MAX_CELL_TEXT:
                raise _Stop(_too_long(self.book, self.part, f"第 {len(self.strings) + 1} 条文字"))
            self.pieces.append(data)


def _too_long(book: Workbook, part: str, where: str) -> UsageProblem:
    return UsageProblem(f"{book.name} 的 {part} 中{where}超过 {MAX_CELL_TEXT:,} 个字符(Excel 一个单元格的上限),"
                        "不像是名册里的内容,未导入。")


class _Sheet:
    """The worksheet's rows as they stream: ``(row number, values)`` in ``pending``."""

    def __init__(self, book: Workbook, part: str, strings: list[str], dated: Callable[[str | None], bool | None],
                 epoch: datetime) -> None:
        self.names = _Names()
        self.book, self.part, self.strings, self.dated, self.epoch = book, part, strings, dated, epoch
        self.pending: list[tuple[int, list[Any]]] = []
        self.cells = 0
        self.row_number = 0
        self.values: dict[int, Any] = {}
        self.column = 0
        self.kind = "n"
        self.style: str | None = None
        self.pieces: list[str] = []
        self.length = 0
        self.taking = False
        self.phonetic = 0
        self.widest = 0

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        tag = self.names[tag]
        if tag == "c":
            self.cells += 1
            if self.cells > MAX_CELLS:
                raise _Stop(self.book.too_large(self.part, f"写有超过 {MAX_CELLS:,} 个单元格"))
            ref = attrs.get("r")
            self.column = _column_of(ref) if ref else self.column + 1
            if not 0 < self.column <= 16_384:
                raise _Stop(self.book.damaged(self.part))
            self.kind, self.style = attrs.get("t", "n"), attrs.get("s")
            self.pieces, self.length = [], 0
        elif tag == "v" or (tag == "t" and not self.phonetic):
            self.taking = True
        elif tag == "rPh":
            self.phonetic += 1
        elif tag == "row":
            number = attrs.get("r")
            self.row_number = int(number) if number and number.isdigit() else self.row_number + 1
            if self.row_number > MAX_ROWS:
                raise _Stop(self.book.too_large(self.part, f"有第 {self.row_number:,} 行,超过 Excel 的 {MAX_ROWS:,} 行"))
            self.values, self.column = {}, 0

    def end(self, tag: str) -> None:
        tag = self.names[tag]
        if tag in ("v", "t"):
            self.taking = False
        elif tag == "rPh":
            self.phonetic -= 1
        elif tag == "c":
            value = self.value("".join(self.pieces)) if self.pieces or self.kind == "inlineStr" else None
            if value is not None:
                self.values[self.column] = value
        elif tag == "row":
            width = max(self.values, default=0)
            self.widest = max(self.widest, width)
            if self.row_number * self.widest > MAX_CELLS and self.values:
                raise _Stop(self.book.too_large(self.part, f"读到第 {self.row_number} 行时已有 {self.widest} 列,"
                                                           f"超过 {MAX_CELLS:,} 个单元格"))
            if not self.values:
                return  # a row without values is skipped by every import: not kept
            row: list[Any] = [None] * width
            for column, value in self.values.items():
                row[column - 1] = value
            self.pending.append((self.row_number, row))

    def text(self, data: str) -> None:
        if self.taking:
            self.length += len(data)
            if self.length > MAX_CELL_TEXT:
                raise _Stop(_too_long(self.book, self.part, f"第 {self.row_number} 行的一个单元格"))
            self.pieces.append(data)

    def value(self, raw: str) -> Any:
        """A cell's value as openpyxl's read-only mode gives it."""
        kind = self.kind
        if kind == "s":
            try:
                return self.strings[int(raw)]
            except (ValueError, IndexError):
                raise _Stop(self.book.damaged(self.part)) from None
        if kind in ("inlineStr", "str", "e"):
            return raw
        if kind == "b":
            return raw.strip() in ("1", "true")
        if kind == "d":
            try:
                return datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
            except ValueError:
                return raw
        raw = raw.strip()
        if not raw:
            return None
        try:
            number: int | float = int(raw) if raw.lstrip("-").isdigit() else float(raw)
        except ValueError:
            return raw
        timed = self.dated(self.style)
        if timed is not None:
            from openpyxl.utils.datetime import from_excel  # start-up

            try:
                return from_excel(number, self.epoch, timedelta=timed)
            except (ValueError, OverflowError):
                return number
        return number


def _column_of(ref: str) -> int:
    """The column number of a cell reference (``AB12`` is 28); 0 for none."""
    return _column_of_letters(ref.rstrip("0123456789"))


@lru_cache(maxsize=1024)
def _column_of_letters(letters: str) -> int:
    column = 0
    for letter in letters.upper()[:4]:
        if not "A" <= letter <= "Z":
            return 0
        column = column * 26 + ord(letter) - 64
    return column


class _Styles:
    """Which cell styles (``s``) show a number as a date (False) or a duration (True)."""

    pending = None

    def __init__(self) -> None:
        self.names = _Names()
        self.formats: dict[int, str] = {}
        self.styles: list[int] = []
        self.in_cell_xfs = False

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        tag = self.names[tag]
        if tag == "numFmt":
            try:
                self.formats[int(attrs.get("numFmtId", ""))] = attrs.get("formatCode", "")
            except ValueError:
                pass
        elif tag == "cellXfs":
            self.in_cell_xfs = True
        elif tag == "xf" and self.in_cell_xfs:
            number = attrs.get("numFmtId", "0")
            self.styles.append(int(number) if number.isdigit() else 0)

    def end(self, tag: str) -> None:
        tag = self.names[tag]
        if tag == "cellXfs":
            self.in_cell_xfs = False

    def text(self, data: str) -> None:
        pass

    def dated(self) -> Callable[[str | None], bool | None]:
        from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format  # start-up

        kinds: dict[str, bool] = {}
        for index, number_format in enumerate(self.styles):
            code = self.formats.get(number_format) or BUILTIN_FORMATS.get(number_format)
            if code is None and (27 <= number_format <= 36 or 50 <= number_format <= 58):
                code = "yyyy-mm-dd"  # the Chinese, Japanese and Korean built-in date formats
            if code and is_date_format(code):
                kinds[str(index)] = bool(is_timedelta_format(code))
        return lambda style: kinds.get(style or "0")


def read_rows(path: Path, name: str | None = None) -> Iterator[tuple[int, list[Any]]]:
    """The first worksheet's rows, each with the row number Excel shows, read within every bound above."""
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900  # start-up

    book = Workbook(path, name or path.name)
    try:
        sheet, strings_part, styles_part, date1904 = book.layout()
        book.bounded(sheet, MAX_SHEET_BYTES)
        _count(book, sheet, MAX_SHEET_BYTES, _Tally(b"c", MAX_CELLS, f"写有超过 {MAX_CELLS:,} 个单元格"),
               _Tally(b"row", MAX_ROWS, f"写有超过 {MAX_ROWS:,} 行(Excel 的上限)"))
        strings: list[str] = []
        if strings_part is not None:
            book.bounded(strings_part, MAX_STRINGS_BYTES)
            _count(book, strings_part, MAX_STRINGS_BYTES,
                   _Tally(b"si", MAX_SHARED_STRINGS, f"有超过 {MAX_SHARED_STRINGS:,} 条文字"))
            shared = _SharedStrings(book, strings_part)
            book.parse(strings_part, MAX_STRINGS_BYTES, shared)
            strings = shared.strings
        styles = _Styles()
        if styles_part is not None:
            book.parse(styles_part, MAX_OTHER_BYTES, styles)
        reader = _Sheet(book, sheet, strings, styles.dated(),
                        CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900)
        for _ in book.parse(sheet, MAX_SHEET_BYTES, reader):
            yield from reader.pending
            reader.pending.clear()
    finally:
        book.close()

