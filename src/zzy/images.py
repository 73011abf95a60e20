"""A person's photo (SPEC section 13): a JPEG or PNG within bounds, checked from its own bytes.

The file's name and extension say nothing: its first bytes (the format's signature) do, and then its
structure is read to the end, within bounds, before anything is stored.  A PNG's chunks are walked (each
length in the file, each CRC right, IHDR first, IEND last) and its image data inflated in pieces (never
kept) to the exact size its header promises; a JPEG's segments are walked from SOI to EOI, its frame
header giving the size.  So a file cut short, a header claiming a picture too large to draw (a
"decompression bomb") or anything else dressed as an image is refused with exit 2, before the ledger or
a paper ever holds it.  No imaging library is needed: zzy never draws the picture, Word and the browser
do.  This module imports neither the database nor Rich.
"""

from __future__ import annotations

import hashlib
import os
import struct
import zlib
from pathlib import Path
from typing import NamedTuple

from zzy.errors import UsageProblem

#: The largest photo file (SPEC section 13: at most 2 MB).
MAX_BYTES = 2 * 1024 * 1024
#: The longest side, in pixels: a two-inch photo at 600 dpi is 1 200 × 1 680; a camera's full frame fits too.
MAX_SIDE = 6000
#: The most pixels (width × height): what Word or a browser is asked to decode stays bounded.
MAX_PIXELS = 24_000_000
#: The shortest side: a smaller picture cannot be seen in the form's box.
MIN_SIDE = 16

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"
FORMATS = ("jpeg", "png")
MIME = {"jpeg": "image/jpeg", "png": "image/png"}
LABELS = {"jpeg": "JPEG", "png": "PNG"}


class Photo(NamedTuple):
    """A checked photo: its format (``jpeg``/``png``), size in pixels, and bytes."""

    format: str
    width: int
    height: int
    image: bytes

    def summary(self) -> dict[str, object]:
        """What the audit log keeps of it: never the picture itself."""
        return {"format": self.format, "width": self.width, "height": self.height, "bytes": len(self.image),
                "sha256": hashlib.sha256(self.image).hexdigest()}

    def described(self) -> str:
        return f"{LABELS[self.format]},{self.width}×{self.height} 像素,{_size(len(self.image))}"


def _size(count: int) -> str:
    return f"{count / 1024 / 1024:.1f} MB" if count >= 1024 * 1024 else f"{max(1, round(count / 1024))} KB"


class BadImage(UsageProblem):
    """A file that is not a photo zzy keeps (exit 2)."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name} 不能作为照片: {reason}。照片须是不超过 2 MB 的 JPEG 或 PNG 图片。", field="photo")


def read_photo(data: bytes, *, name: str = "照片") -> Photo:
    """``data`` as a photo, or :class:`BadImage` saying why not (``name`` is how the message names it)."""
    if len(data) > MAX_BYTES:
        raise BadImage(name, f"文件有 {_size(len(data))},超过 2 MB")
    if data.startswith(PNG_SIGNATURE):
        kind, (width, height) = "png", _png_size(data, name)
    elif data.startswith(JPEG_SIGNATURE):
        kind, (width, height) = "jpeg", _jpeg_size(data, name)
    elif not data:
        raise BadImage(name, "文件是空的")
    else:
        raise BadImage(name, "不是 JPEG 或 PNG 图片(文件开头不是这两种格式的标志)")
    return Photo(kind, width, height, data)


def _bounded(width: int, height: int, name: str) -> tuple[int, int]:
    if width < MIN_SIDE or height < MIN_SIDE:
        raise BadImage(name, f"图片只有 {width}×{height} 像素,每边至少 {MIN_SIDE} 像素")
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        raise BadImage(name, f"图片声称有 {width}×{height} 像素,超过上限(每边 {MAX_SIDE} 像素、共 {MAX_PIXELS} 像素)")
    return width, height


# -- PNG ------------------------------------------------------------------------------------------

#: Samples a pixel has, by PNG colour type (greyscale, RGB, palette, grey + alpha, RGBA).
_SAMPLES = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
_DEPTHS = {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8), 4: (8, 16), 6: (8, 16)}
#: Adam7's passes: (first column, first row, column step, row step).
_ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))


def _png_size(data: bytes, name: str) -> tuple[int, int]:
    at, chunks, idat = len(PNG_SIGNATURE), 0, []
    width = height = depth = colour = interlace = 0
    while True:
        if at + 8 > len(data):
            raise BadImage(name, "PNG 文件不完整(缺少结尾的 IEND 块,可能被截断)")
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        end = at + 8 + length + 4
        if end > len(data):
            raise BadImage(name, "PNG 文件不完整(数据块超出文件末尾,可能被截断)")
        body = data[at + 8:at + 8 + length]
        if zlib.crc32(kind + body) != struct.unpack(">I", data[end - 4:end])[0]:
            raise BadImage(name, f"PNG 文件已损坏(第 {chunks + 1} 个数据块的校验值不对)")
        if chunks == 0:
            if kind != b"IHDR" or length != 13:
                raise BadImage(name, "PNG 文件已损坏(第一个数据块不是 IHDR)")
            width, height, depth, colour, compression, filtering, interlace = struct.unpack(">IIBBBBB", body)
            if depth not in _DEPTHS.get(colour, ()) or compression or filtering or interlace > 1:
                raise BadImage(name, "PNG 文件头的颜色类型或位深不合规范")
            _bounded(width, height, name)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            if end != len(data):
                raise BadImage(name, "PNG 文件在 IEND 块之后还有数据")
            break
        at, chunks = end, chunks + 1
    if not idat:
        raise BadImage(name, "PNG 文件没有图像数据(IDAT)")
    _inflates_to(b"".join(idat), _png_raw_size(width, height, depth, colour, interlace), name)
    return width, height


def _png_raw_size(width: int, height: int, depth: int, colour: int, interlace: int) -> int:
    """The bytes the image data inflates to: each row a filter byte and its packed pixels, per pass."""
    bits = depth * _SAMPLES[colour]

    def rows(w: int, h: int) -> int:
        return 0 if w == 0 or h == 0 else h * (1 + (w * bits + 7) // 8)

    if not interlace:
        return rows(width, height)
    return sum(rows((width - x + dx - 1) // dx if width > x else 0, (height - y + dy - 1) // dy if height > y else 0)
               for x, y, dx, dy in _ADAM7)


def _inflates_to(stream: bytes, expected: int, name: str) -> None:
    """Inflate in pieces, keeping none, and require exactly ``expected`` bytes and the stream's end."""
    inflater, produced, pending = zlib.decompressobj(), 0, stream
    try:
        while pending and produced <= expected:
            produced += len(inflater.decompress(pending, 1 << 20))
            pending = inflater.unconsumed_tail
        if produced <= expected and not inflater.eof:
            produced += len(inflater.flush())
    except zlib.error:
        raise BadImage(name, "PNG 图像数据已损坏") from None
    if produced != expected or not inflater.eof:
        raise BadImage(name, "PNG 图像数据不完整或与文件头不符(可能被截断)")


# -- JPEG -----------------------------------------------------------------------------------------

#: The frame headers (SOF0–SOF15 but DHT C4, JPG C8 and DAC CC), which give the picture's size.
_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
#: Markers with no length after them: TEM and the restart markers.
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})


def _jpeg_size(data: bytes, name: str) -> tuple[int, int]:
    at, size, scanned = 2, None, False
    truncated = "JPEG 文件不完整(缺少结尾标志,可能被截断)"
    while True:
        if at + 2 > len(data):
            raise BadImage(name, truncated)
        if data[at] != 0xFF:
            raise BadImage(name, "JPEG 文件已损坏(段标志错位)")
        marker = data[at + 1]
        if marker == 0xFF:  # fill bytes before a marker
            at += 1
            continue
        if marker == 0xD9:  # EOI
            break
        if marker in _STANDALONE:
            at += 2
            continue
        if at + 4 > len(data):
            raise BadImage(name, truncated)
        length = struct.unpack(">H", data[at + 2:at + 4])[0]
        end = at + 2 + length
        if length < 2 or end > len(data):
            raise BadImage(name, truncated)
        if marker in _FRAMES:
            if length < 8:
                raise BadImage(name, "JPEG 文件的帧头不完整")
            height, width = struct.unpack(">HH", data[at + 5:at + 9])
            size = _bounded(width, height, name)
        if marker == 0xDA:  # a scan: its entropy-coded data runs to the next marker
            if size is None:
                raise BadImage(name, "JPEG 文件在帧头之前就开始了图像数据")
            scanned, at = True, _scan_end(data, end, name, truncated)
            continue
        at = end
    if size is None or not scanned:
        raise BadImage(name, "JPEG 文件没有图像数据")
    return size


def _scan_end(data: bytes, at: int, name: str, truncated: str) -> int:
    """Where the entropy-coded data starting at ``at`` ends: the first marker that is not a stuffed
    byte (``FF 00``) or a restart marker."""
    while True:
        at = data.find(b"\xff", at)
        if at < 0 or at + 1 >= len(data):
            raise BadImage(name, truncated)
        following = data[at + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            at += 1 if following == 0xFF else 2
            continue
        return at


def read_photo_file(path: Path) -> Photo:
    """The photo in the clerk's file: a regular file read no further than the bound, then checked."""
    name = path.name or str(path)
    try:
        if not path.is_file():
            if not path.exists():
                raise UsageProblem(f"找不到照片文件 {path}。", field="photo")
            raise BadImage(name, "不是普通文件")
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)  # never more than the bound, whatever the file's size
            if len(data) > MAX_BYTES:
                raise BadImage(name, f"文件有 {_size(max(len(data), os.fstat(handle.fileno()).st_size))},超过 2 MB")
    except OSError as error:
        raise UsageProblem(f"无法读取照片文件 {path}: {error.strerror or error}。", field="photo") from None
    return read_photo(data, name=name)
