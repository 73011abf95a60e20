"""The clerk's own PC (issue 27): a Chinese Windows console that is not UTF-8, files that Excel holds
open, file systems without hard links, pipes closed early, ledgers in network folders.

Windows itself is not here: each Windows behaviour is a small function, tested by making the
platform answer as Windows does (``sys.platform`` set to ``win32``, the ``OSError`` Windows raises
with its ``winerror``).  What has not been run on real Windows is listed in the README.
"""

from __future__ import annotations

import errno
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Zzy
from zzy import files, location, streams
from zzy.errors import Refused

#: Names with characters GBK lacks: 䶮 (U+4DAE, CJK extension A) and 𠮷 (U+20BB7, extension B).
RARE = {"G004": "王䶮", "G005": "吉𠮷"}


def zzy_under(encoding: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    """Run zzy as a Chinese Windows console redirected to a file would: PYTHONIOENCODING=``encoding``."""
    environment = {**os.environ, "PYTHONIOENCODING": encoding}
    environment.pop("PYTHONUTF8", None)
    return subprocess.run([sys.executable, "-m", "zzy", *args], capture_output=True, env=environment, timeout=60)


@pytest.fixture
def rare_names(ok: Zzy, ledger: Path) -> Path:
    ok("org add jd 机电工程学院党总支")
    for staff_no, name in RARE.items():
        ok(["person", "add", staff_no, name, "--joined", "2015-06-01", "--full", "2016-06-01"])
    ok("work add G004 --from 2016-09-01 --to 2020-08-31 --note 支部书记")
    return ledger


# -- a console that is not UTF-8 -----------------------------------------------------------------

PRINTS_NAMES = [
    ["person", "show", "G004"],
    ["person", "list"],
    ["person", "list", "--format", "csv"],
    ["person", "list", "--format", "json"],
    ["log"],
    ["work", "list"],
    ["remind"],
]


@pytest.mark.parametrize("encoding", ["gbk", "cp936"])
@pytest.mark.parametrize("args", PRINTS_NAMES, ids=" ".join)
def test_a_gbk_console_gets_every_name_whole_in_gb18030(encoding: str, args: list[str], rare_names: Path) -> None:
    done = zzy_under(encoding, *args)
    assert done.returncode == 0, done.stderr.decode("gb18030")
    shown = done.stdout.decode("gb18030")  # GBK's own characters are the same bytes in GB18030
    if args[0] != "remind":  # the reminders name the org, not the people
        assert "王䶮" in shown or "\\u4dae" in shown
    if args[:2] == ["person", "list"]:
        assert "吉𠮷" in shown or "\\ud842\\udfb7" in shown
    assert done.stderr == b""


def test_what_gbk_can_show_is_the_same_bytes_as_before(rare_names: Path) -> None:
    done = zzy_under("gbk", "person", "list", "--format", "csv")
    line = next(line for line in done.stdout.splitlines() if line.startswith(b"G004"))
    assert line.startswith(b"G004," + "王".encode("gbk"))


def test_a_write_under_a_gbk_console_tells_the_truth(zzy: Zzy, ledger: Path) -> None:
    done = zzy_under("gbk", "person", "add", "G004", "王䶮", "--joined", "2015-06-01", "--full", "2016-06-01")
    assert done.returncode == 0, done.stderr.decode("gb18030")
    assert done.stdout.decode("gb18030") == "已登记 王䶮(工号 G004),入党 2015-06-01,转正 2016-06-01。\n"
    again = zzy_under("gbk", "person", "add", "G004", "王䶮", "--joined", "2015-06-01")
    assert again.returncode != 0 and "G004" in again.stderr.decode("gb18030")


def test_an_ascii_console_is_told_in_english_before_anything_is_done(zzy: Zzy, ledger: Path) -> None:
    done = zzy_under("ascii", "person", "add", "G004", "王䶮", "--joined", "2015-06-01")
    assert done.returncode == 2
    assert b"Nothing was done" in done.stderr and b"Traceback" not in done.stderr
    listed = zzy("person list --format json")
    assert listed.json() == []


def test_an_encoding_without_a_character_writes_a_question_mark_and_says_which() -> None:
    buffer = io.BytesIO()
    stream = io.TextIOWrapper(buffer, encoding="big5", write_through=True)
    streams.unshown.clear()
    streams.tolerant(stream)
    stream.write("組織員 王䶮\n")
    assert buffer.getvalue().decode("big5") == "組織員 王?\n"
    notice = streams.unshown_notice()
    assert notice is not None and "1 种字符" in notice and "U+4DAE" in notice
    streams.unshown.clear()


def test_a_gbk_stream_is_switched_to_gb18030_and_a_utf8_one_left_alone() -> None:
    gbk = io.TextIOWrapper(io.BytesIO(), encoding="cp936")
    utf8 = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    streams.tolerant(gbk)
    streams.tolerant(utf8)
    assert (gbk.encoding, utf8.encoding, utf8.errors) == ("gb18030", "utf-8", "strict")


def test_a_failure_after_a_committed_write_says_it_was_recorded(
        zzy: Zzy, ledger: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def unprintable(*args: object, **options: object) -> None:
        raise UnicodeEncodeError("gbk", "王䶮", 1, 2, "illegal multibyte sequence")

    with monkeypatch.context() as patched:
        patched.setattr("zzy.context.print", unprintable, raising=False)
        failed = zzy("person add G004 王䶮 --joined 2015-06-01 --full 2016-06-01")
    assert failed.exit_code == 4
    assert "已经写入账本" in failed.stderr and "请勿重复操作" in failed.stderr
    assert "未写入" not in failed.stderr
    assert [person["staff_no"] for person in zzy("person list --format json").json()] == ["G004"]


def test_a_failure_before_any_write_still_says_nothing_was_written() -> None:
    from zzy.cli import internal_error_message

    assert "本次操作未写入账本" in internal_error_message(ValueError(), committed=False)


# -- Windows file semantics, simulated --------------------------------------------------------------


def windows_error(winerror: int, code: int = errno.EACCES) -> OSError:
    """The ``PermissionError`` Windows raises, with its ``winerror`` (POSIX's OSError has none)."""
    error = PermissionError(code, "The process cannot access the file because it is being used by another process")
    error.winerror = winerror  # type: ignore[attr-defined]
    return error


@pytest.fixture
def on_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "win32")


@pytest.mark.parametrize("winerror", files.SHARING_VIOLATIONS)
def test_a_file_open_in_excel_is_named_so(winerror: int) -> None:
    assert files.os_reason(windows_error(winerror)) == files.HELD_OPEN
    assert location.os_reason(windows_error(winerror)) == files.HELD_OPEN
    assert files.os_reason(PermissionError(errno.EACCES, "denied")) == "没有权限"


@pytest.mark.sqlite_only
def test_overwriting_a_workbook_excel_holds_open_says_close_it(
        ok: Zzy, zzy: Zzy, rare_names: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "名册.csv"
    target.write_text("the earlier roster\n")
    real_replace = os.replace

    def excel_holds(source: str | Path, destination: str | Path) -> None:
        if Path(destination) == target:
            raise windows_error(32)
        real_replace(source, destination)

    monkeypatch.setattr(os, "replace", excel_holds)
    refused = zzy(["person", "list", "--output", str(target), "--force"])
    assert refused.exit_code == 3, refused
    assert "文件正被其他程序(如 Excel、WPS)打开,请关闭该文件后重试" in refused.stderr
    assert target.read_text() == "the earlier roster\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_the_staging_file_is_closed_before_it_is_renamed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows renames no open file: every rename must find the staging descriptor closed."""
    monkeypatch.delattr(os, "O_TMPFILE", raising=False)  # a named staging file, as on Windows
    open_descriptors: list[int] = []
    real_replace, real_mkstemp = os.replace, files.tempfile.mkstemp

    def mkstemp(**options: object) -> tuple[int, str]:
        descriptor, name = real_mkstemp(**options)  # type: ignore[call-overload]
        open_descriptors.append(descriptor)
        return descriptor, name

    def replace(source: str | Path, destination: str | Path) -> None:
        for descriptor in open_descriptors:
            with pytest.raises(OSError):
                os.fstat(descriptor)  # closed
        real_replace(source, destination)

    monkeypatch.setattr(files.tempfile, "mkstemp", mkstemp)
    monkeypatch.setattr(os, "replace", replace)
    target = tmp_path / "台账.json"
    target.write_text("old")
    files.write_bytes(target, b"new", force=True)
    assert target.read_bytes() == b"new" and len(open_descriptors) == 1


NO_LINK_ERRORS = [
    PermissionError(errno.EPERM, "Operation not permitted"),  # FAT32/exFAT on Linux, many SMB mounts
    OSError(errno.EOPNOTSUPP, "Operation not supported"),
    OSError(errno.EXDEV, "Invalid cross-device link"),
]


@pytest.mark.parametrize("refusal", NO_LINK_ERRORS, ids=lambda e: errno.errorcode[e.errno])
@pytest.mark.parametrize("platform", ["linux", "win32"])
def test_a_file_system_without_hard_links_still_gets_a_new_file_and_never_overwrites(
        refusal: OSError, platform: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(*args: object, **options: object) -> None:
        raise refusal

    monkeypatch.setattr(os, "link", no_links)
    monkeypatch.setattr(sys, "platform", platform)
    source, target = tmp_path / ".draft", tmp_path / "ledger.db"
    source.write_bytes(b"complete")
    if platform == "win32":  # os.rename refuses an existing target on Windows; Linux's would replace it
        monkeypatch.setattr(os, "rename", lambda s, d: (_ for _ in ()).throw(FileExistsError(errno.EEXIST, "x"))
                            if Path(d).exists() else os.replace(s, d))
    files.link_new(source, target)
    assert target.read_bytes() == b"complete" and not source.exists()
    source.write_bytes(b"another")
    with pytest.raises(FileExistsError):
        files.link_new(source, target)
    assert target.read_bytes() == b"complete"


def test_a_refusal_that_is_not_about_links_is_not_taken_for_one(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "link", lambda *a, **k: (_ for _ in ()).throw(OSError(errno.ENOSPC, "full")))
    (tmp_path / "a").write_bytes(b"x")
    with pytest.raises(OSError) as raised:
        files.link_new(tmp_path / "a", tmp_path / "b")
    assert raised.value.errno == errno.ENOSPC and not (tmp_path / "b").exists()
    assert files.no_links_here(windows_error(1, errno.EINVAL)) and files.no_links_here(windows_error(50))


@pytest.mark.sqlite_only
def test_init_on_a_drive_without_hard_links_makes_a_working_ledger(
        ok: Zzy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "link", lambda *a, **k: (_ for _ in ()).throw(PermissionError(errno.EPERM, "no")))
    ledger = tmp_path / "U盘" / "台账.db"
    ok(["--db", str(ledger), "init"])
    ok(["--db", str(ledger), "person", "add", "G004", "王䶮", "--joined", "2015-06-01"])
    assert [p.name for p in ledger.parent.iterdir() if p.name.startswith(".")] == []
    assert ok(["--db", str(ledger), "init"]).stdout != ""  # an existing ledger is left alone


def test_windows_mode_bits_say_nothing_about_who_may_read(tmp_path: Path, on_windows: None) -> None:
    ledger = tmp_path / "ledger.db"
    ledger.write_bytes(b"")
    ledger.chmod(0o666)  # what every file shows on Windows
    assert location.exposed_mode(ledger) is None
    assert location.tighten(ledger) is None
    assert ledger.stat().st_mode & 0o777 == 0o666


def test_on_posix_a_ledger_others_may_read_is_still_tightened(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.db"
    ledger.write_bytes(b"")
    ledger.chmod(0o644)
    assert location.exposed_mode(ledger) == 0o644


def test_a_pipe_closed_early_is_the_same_on_windows_and_posix() -> None:
    assert streams.reader_gone(BrokenPipeError(errno.EPIPE, "Broken pipe"))
    assert streams.reader_gone(OSError(errno.EINVAL, "Invalid argument"))  # Windows' closed pipe
    assert not streams.reader_gone(OSError(errno.EINVAL, "Invalid argument", "台账.db"))  # a bad file
    assert not streams.reader_gone(OSError(errno.ENOSPC, "No space left"))


def test_a_windows_closed_pipe_ends_a_command_quietly(
        zzy: Zzy, rare_names: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def closed_pipe(*args: object, **options: object) -> None:
        raise OSError(errno.EINVAL, "Invalid argument")

    monkeypatch.setattr("zzy.render.write_tables", closed_pipe)
    done = zzy("person list")
    assert done.exit_code == 0 and done.stderr == ""


# -- network folders ----------------------------------------------------------------------------------

MOUNTS = """/dev/sda1 / ext4 rw 0 0
//nas/党办 /mnt/share cifs rw,vers=3.0 0 0
nas:/export /home/clerk/nfs nfs4 rw 0 0
/dev/sdb1 /mnt/share/local ext4 rw 0 0
"""


@pytest.mark.parametrize(("path", "network"), [
    ("/home/clerk/ledger.db", None),
    ("/mnt/share/ledger.db", "cifs"),
    ("/home/clerk/nfs/zzy/ledger.db", "nfs4"),
    ("/mnt/share/local/ledger.db", None),  # a local disk mounted inside the share
    ("/mnt/shared/ledger.db", None),  # a sibling folder whose name merely begins the same
])
def test_a_ledger_on_a_posix_network_mount_is_recognised(path: str, network: str | None) -> None:
    found = location.network_share(Path(path), mounts=MOUNTS)
    assert (found is not None and network in found) if network else found is None


@pytest.mark.parametrize(("path", "drive_type", "network"), [
    ("\\\\server\\党办\\台账.db", 3, True),
    ("//server/share/台账.db", 3, True),
    ("\\\\?\\UNC\\server\\share\\台账.db", 3, True),
    ("Z:\\台账.db", location.DRIVE_REMOTE, True),
    ("C:\\Users\\clerk\\AppData\\Local\\zzy\\ledger.db", 3, False),  # DRIVE_FIXED
])
def test_a_ledger_on_a_windows_share_or_mapped_drive_is_recognised(
        path: str, drive_type: int, network: bool, on_windows: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(location, "_drive_type", lambda root: drive_type)
    assert (location.network_share(Path(path)) is not None) is network


@pytest.mark.sqlite_only
def test_a_ledger_in_a_network_folder_is_warned_about(
        ok: Zzy, rare_names: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(location, "network_share", lambda path, mounts=None: "网络共享文件夹")
    done = ok("person list")
    assert "网络共享文件夹" in done.stderr and "WAL" in done.stderr and "本机磁盘" in done.stderr
    assert ok("person list").stdout == done.stdout


def test_a_refusal_names_excel_when_a_target_is_held(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.json"
    monkeypatch.setattr(files, "link_new", lambda s, t: (_ for _ in ()).throw(windows_error(33)))
    monkeypatch.delattr(os, "O_TMPFILE", raising=False)
    with pytest.raises(Refused) as refused:
        files.write_bytes(target, b"{}")
    assert files.HELD_OPEN in refused.value.message and not target.exists()


# -- ``--output -`` ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
def test_output_dash_is_standard_output_in_the_named_format(
        fmt: str, ok: Zzy, rare_names: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    to_stdout = ok(["person", "list", "--output", "-", "--format", fmt])
    assert to_stdout.stdout == ok(["person", "list", "--format", fmt]).stdout
    assert not (tmp_path / "-").exists()


def test_output_dash_writes_a_workbook_to_a_redirected_stdout(rare_names: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    done = zzy_under("utf-8", "person", "list", "--output", "-", "--format", "xlsx")
    assert done.returncode == 0, done.stderr.decode()
    (tmp_path / "名单.xlsx").write_bytes(done.stdout)
    sheet = load_workbook(tmp_path / "名单.xlsx").active
    assert "吉𠮷" in [cell.value for row in sheet.iter_rows() for cell in row]
