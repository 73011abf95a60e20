"""Standard output and error on any console: every character that can be written is, nothing crashes.

A Chinese Windows console redirected to a file or a pipe gives Python its ANSI code page (cp936,
that is GBK), and names hold characters GBK lacks (生僻字 such as 䶮 or 𠮷).  zzy then:

- switches a GBK stream (``gbk``, ``cp936``, ``gb2312``) to GB18030, the national standard that
  extends GBK: every character GBK has is written as the same bytes, and the others are written
  too (four bytes each), so nothing is lost and ``zzy import`` reads such a CSV back (SPEC 12);
- on any other encoding that can write Chinese (Big5, Shift-JIS, …), writes ``?`` for a character
  it lacks and, at the end of the run, says on stderr how many were replaced and which (``U+4DAE``);
- on a console that cannot write Chinese at all (ASCII, cp1252), refuses before doing anything
  (:func:`zzy.context.console_refusal`), as before.

A reader that went away is the same on every platform: ``BrokenPipeError`` on POSIX, ``OSError``
with ``EINVAL`` on Windows (:func:`reader_gone`).
"""

from __future__ import annotations

import codecs
import errno
import sys
from typing import Any

#: Encodings whose every character GB18030 writes as the same bytes.
GBK_FAMILY = frozenset({"gbk", "cp936", "gb2312", "936", "ms936", "euc_cn", "euccn"})

#: The error handler that writes ``?`` for what the stream cannot encode, and remembers it.
HANDLER = "zzy-unshown"

#: The characters replaced in this process, in order, each once.
unshown: list[str] = []


def _replace(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    for character in error.object[error.start:error.end]:
        if character not in unshown:
            unshown.append(character)
    return "?" * (error.end - error.start), error.end


codecs.register_error(HANDLER, _replace)


def normalized(encoding: str | None) -> str:
    """``'GBK'``, ``'cp936'`` and ``'CP936'`` alike: the codec's own name, lower case."""
    try:
        return codecs.lookup(encoding or "ascii").name.lower()
    except LookupError:
        return (encoding or "").lower()


def tolerant(stream: Any) -> None:
    """Make a text stream write everything it can (see the module's text); anything that is not a
    reconfigurable text stream (a test's capture, a closed stream) is left alone."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is None:
        return
    encoding = normalized(getattr(stream, "encoding", None))
    try:
        if encoding in GBK_FAMILY:
            reconfigure(encoding="gb18030", errors=HANDLER)
        elif encoding not in ("utf-8", "utf-16", "utf-32", "gb18030"):
            reconfigure(errors=HANDLER)
    except (ValueError, OSError):  # closed, or already written to in a way that forbids it
        pass


def tolerant_streams() -> None:
    """:func:`tolerant` for stdout and stderr, once at the start of a run."""
    tolerant(sys.stdout)
    tolerant(sys.stderr)


def unshown_notice() -> str | None:
    """A line for stderr when characters were replaced by ``?``: how many, which, and what to do."""
    if not unshown:
        return None
    codes = "、".join(f"U+{ord(character):04X}" for character in unshown[:5])
    more = " 等" if len(unshown) > 5 else ""
    encoding = getattr(sys.stdout, "encoding", None) or "?"
    return (f"注意: 输出中有 {len(unshown)} 种字符({codes}{more})无法用终端的编码 {encoding} 显示,已显示为“?”;"
            "账本中的内容不受影响。要看到完整内容,请设置环境变量 PYTHONIOENCODING=utf-8,"
            "或用 --output 写入文件。")


def reader_gone(error: BaseException) -> bool:
    """Whether writing failed because the reader of our output went away (``zzy remind | more`` closed):
    ``BrokenPipeError`` on POSIX; on Windows a write to a closed pipe raises ``OSError(EINVAL)``."""
    if isinstance(error, BrokenPipeError):
        return True
    return isinstance(error, OSError) and error.errno == errno.EINVAL and not getattr(error, "filename", None)
