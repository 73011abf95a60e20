"""SPEC section 13: a person's photo and 简历, kept in the ledger and printed on the 干部任免审批表.

The photo is a JPEG or PNG of at most 2 MB, checked from its own bytes (:mod:`zzy.images`): anything else,
a picture cut short or one whose header claims a size no box can hold, is refused with exit 2 and nothing
is written.  The audit log keeps a photo's format, size and SHA-256, never the picture; an export carries
it in base64 and restore checks it again.  The 简历 is numbered records, corrected and undone like the others.
"""

from __future__ import annotations

import base64
import hashlib
import json
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Zzy, audit_count
from zzy import images
from zzy.demo import portrait

JPEG = (Path(__file__).parent / "fixtures" / "photo.jpg").read_bytes()
PNG = portrait(3)


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _png(width: int, height: int, data: bytes) -> bytes:
    """A PNG whose header says ``width`` × ``height`` (RGB, 8 bits) and whose image data is ``data``."""
    return (images.PNG_SIGNATURE + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + _chunk(b"IDAT", zlib.compress(data)) + _chunk(b"IEND", b""))


def _jpeg_sized(width: int, height: int) -> bytes:
    """The fixture JPEG with its frame header (SOF0) claiming another size."""
    at = JPEG.index(b"\xff\xc0")
    return JPEG[:at + 5] + struct.pack(">HH", height, width) + JPEG[at + 9:]


HOSTILE = [
    ("gif", b"GIF89a" + bytes(200), "不是 JPEG 或 PNG 图片"),
    ("text", "照片.jpg 其实是文字".encode() * 20, "不是 JPEG 或 PNG 图片"),
    ("empty", b"", "文件是空的"),
    ("png-cut", PNG[:len(PNG) // 2], "可能被截断"),
    ("png-no-iend", PNG[:-12], "缺少结尾的 IEND 块"),
    ("png-bad-crc", PNG[:40] + bytes([PNG[40] ^ 0xFF]) + PNG[41:], "校验值不对"),
    ("png-bomb", _png(60000, 60000, b"\x00" * 100), "超过上限"),
    ("png-short-data", _png(400, 500, b"\x00" * 1000), "与文件头不符"),
    ("png-tiny", _png(8, 8, (b"\x00" + b"\x80" * 24) * 8), "每边至少 16 像素"),
    ("png-trailing", PNG + b"<?php system($_GET['c']); ?>", "IEND 块之后还有数据"),
    ("jpeg-cut", JPEG[:len(JPEG) // 2], "可能被截断"),
    ("jpeg-no-eoi", JPEG[:-2], "可能被截断"),
    ("jpeg-bomb", _jpeg_sized(65000, 65000), "超过上限"),
    ("jpeg-zero-height", _jpeg_sized(80, 0), "每边至少 16 像素"),
    ("jpeg-header-only", JPEG[:JPEG.index(b"\xff\xda")] + b"\xff\xd9", "没有图像数据"),
    ("too-large", JPEG[:-2] + b"\x00" * (images.MAX_BYTES) + b"\xff\xd9", "超过 2 MB"),
]


@pytest.fixture
def person(ok: Zzy, ledger: Path) -> Path:
    ok("person add T001 张三 --joined 2015-06-01 --full 2016-06-01")
    return ledger


def _photo_entries(zzy: Zzy) -> list[dict[str, object]]:
    return [entry for entry in zzy("log --format json").json() if entry["entity"] == "photo"]


def test_a_jpeg_or_png_is_kept_and_its_audit_entry_holds_its_hash_not_its_bytes(
        ok: Zzy, zzy: Zzy, person: Path, tmp_path: Path) -> None:
    jpeg, png = tmp_path / "张三.jpg", tmp_path / "张三.png"
    jpeg.write_bytes(JPEG)
    png.write_bytes(PNG)
    assert ok(["person", "photo", "T001", str(jpeg)]).stdout == \
        "已存入 张三(工号 T001)的照片(JPEG,80×110 像素,2 KB)。\n"
    assert ok(["person", "photo", "T001", str(png)]).stdout == \
        f"已更换 张三(工号 T001)的照片(PNG,150×200 像素,{round(len(PNG) / 1024) or 1} KB)。\n"
    assert ok(["person", "photo", "T001", str(png)]).stdout == "张三(工号 T001)的照片与存入的相同,没有修改。\n"
    added, changed = _photo_entries(zzy)[::-1]
    assert (added["action"], added["key"], added["before"]) == ("add", "T001", None)
    assert added["after"] == {"id": 1, "staff_no": "T001", "format": "jpeg", "width": 80, "height": 110,
                              "bytes": len(JPEG), "sha256": hashlib.sha256(JPEG).hexdigest()}
    assert changed["action"] == "edit" and changed["before"] == added["after"]
    assert changed["after"]["sha256"] == hashlib.sha256(PNG).hexdigest()
    log = zzy("log --format json").stdout
    assert base64.b64encode(PNG).decode()[:40] not in log and len(log) < 20_000
    assert ok("person photo T001 --clear").stdout == "已删除 张三(工号 T001)的照片。\n"
    cleared = _photo_entries(zzy)[0]
    assert (cleared["action"], cleared["before"]["sha256"], cleared["after"]) == (
        "void", hashlib.sha256(PNG).hexdigest(), None)
    assert ok("person photo T001 --clear").stdout == "张三(工号 T001)没有存入照片,没有修改。\n"


@pytest.mark.parametrize(("data", "says"), [row[1:] for row in HOSTILE], ids=[row[0] for row in HOSTILE])
def test_anything_but_a_bounded_jpeg_or_png_is_refused_with_exit_2(
        zzy: Zzy, person: Path, tmp_path: Path, data: bytes, says: str) -> None:
    hostile = tmp_path / "照片.jpg"
    hostile.write_bytes(data)
    before = audit_count(zzy)
    result = zzy(["person", "photo", "T001", str(hostile)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("错误: 照片.jpg 不能作为照片: ") and says in result.stderr, result.stderr
    assert result.stderr.endswith("照片须是不超过 2 MB 的 JPEG 或 PNG 图片。\n")
    assert audit_count(zzy) == before


def test_what_is_not_a_file_is_refused_with_exit_2(zzy: Zzy, person: Path, tmp_path: Path) -> None:
    missing = zzy(["person", "photo", "T001", str(tmp_path / "没有.jpg")])
    assert (missing.exit_code, missing.stderr) == (2, f"错误: 找不到照片文件 {tmp_path / '没有.jpg'}。\n")
    folder = zzy(["person", "photo", "T001", str(tmp_path)])
    assert folder.exit_code == 2 and "不是普通文件" in folder.stderr
    neither = zzy("person photo T001")
    assert neither.exit_code == 2 and "二者选一" in neither.stderr
    (tmp_path / "a.jpg").write_bytes(JPEG)
    both = zzy(["person", "photo", "T001", str(tmp_path / "a.jpg"), "--clear"])
    assert both.exit_code == 2 and "二者选一" in both.stderr
    unknown = zzy(["person", "photo", "T404", str(tmp_path / "a.jpg")])
    assert unknown.exit_code == 3


def test_the_photo_is_written_nowhere_but_the_paper(ok: Zzy, person: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "a.png").write_bytes(PNG)
    monkeypatch.chdir(work)
    ok("person photo T001 a.png")
    ok("person show T001")
    ok(["export", str(tmp_path / "all.json")])
    assert sorted(p.name for p in work.iterdir()) == ["a.png"]
    ok(["paper", "approval", "T001", "--output", str(work / "表.html")])
    assert sorted(p.name for p in work.iterdir()) == ["a.png", "表.html"]


# -- 简历 ---------------------------------------------------------------------------------------------


RESUME = [
    "resume add T001 --from 2012-07-01 --text 西版职院机电工程学院教师",
    "resume add T001 --from 2008-09-01 --to 2012-06-30 --text 云南大学公共管理学院行政管理专业学习",
]


def test_the_resume_is_listed_by_its_periods_with_numbers(ok: Zzy, person: Path) -> None:
    assert ok(RESUME[0]).stdout == \
        "已记录 张三(工号 T001)的简历 #1: 2012.07--  西版职院机电工程学院教师\n"
    assert ok(RESUME[1]).stdout == \
        "已记录 张三(工号 T001)的简历 #2: 2008.09--2012.06  云南大学公共管理学院行政管理专业学习\n"
    ok("person add T002 李四 --joined 2015-06-01")
    ok("resume add T002 --from 2010-09-01 --text 昆明理工大学学习")
    assert ok("resume list --person T001 --format json").json() == [
        {"id": 2, "staff_no": "T001", "name": "张三", "from": "2008-09-01", "to": "2012-06-30",
         "text": "云南大学公共管理学院行政管理专业学习"},
        {"id": 1, "staff_no": "T001", "name": "张三", "from": "2012-07-01", "to": None, "text": "西版职院机电工程学院教师"},
    ]
    assert ok("resume list --format csv").stdout.splitlines() == [
        "id,staff_no,name,from,to,text",
        "2,T001,张三,2008-09-01,2012-06-30,云南大学公共管理学院行政管理专业学习",
        "1,T001,张三,2012-07-01,,西版职院机电工程学院教师",
        "3,T002,李四,2010-09-01,,昆明理工大学学习",
    ]


@pytest.mark.parametrize(("command", "code", "says"), [
    ("resume add T001 --from 2012-07-01 --to 2012-06-30 --text 学习", 3,
     "错误: 未记录 张三(工号 T001)的简历:\n  - 简历的截止日期 2012-06-30 早于起始日期 2012-07-01\n"),
    ("resume add T001 --from 2026-06-02 --text 学习", 3, "还没有发生的事不能登记"),
    ("resume add T001 --from 2012-07-01", 2, "--text"),
    ("resume add T001 --from 2012-07-01 --text ' '", 2, "错误: 经历不能为空。\n"),
    ("resume add T001 --from 2012-07-01 --text 学\x1b[2J习", 2, "错误: 经历含有不可见的控制或格式字符: 第2个字符是转义字符(ESC)"),
    ("resume add T001 --from 2012-13-01 --text 学习", 2, "2012-13-01"),
    ("resume add T404 --from 2012-07-01 --text 学习", 3, "没有工号为 T404 的人员"),
    ("resume edit 9 --text 学习", 3, "没有编号为 #9 的简历。请用 zzy resume list 查看编号。"),
    ("resume edit 1", 2, "没有要修改的内容"),
])
def test_a_resume_line_is_checked_like_the_other_records(
        zzy: Zzy, ok: Zzy, person: Path, today: Callable[[str], None], command: str, code: int, says: str) -> None:
    today("2026-06-01")
    ok(RESUME[0])
    before = audit_count(zzy)
    result = zzy(command)
    assert result.exit_code == code and says in result.stderr, result
    assert audit_count(zzy) == before


def test_a_resume_line_is_undone_like_any_write(ok: Zzy, zzy: Zzy, person: Path) -> None:
    ok(RESUME[0])
    ok("resume edit 1 --to 2016-08-31")
    assert "改回简历 T001: 截止日期: 2016-08-31 → (空)\n已撤销写入 #3" in ok("undo --yes").stdout
    assert ok("resume list --format json").json()[0]["to"] is None
    assert "删除简历 T001: " in ok("undo --yes").stdout
    assert ok("resume list --format json").json() == []
    assert ok(RESUME[1]).stdout.startswith("已记录 张三(工号 T001)的简历 #2")  # the number is never given again


def test_a_photo_is_not_undone_but_says_what_to_do(zzy: Zzy, ok: Zzy, person: Path, tmp_path: Path) -> None:
    (tmp_path / "a.jpg").write_bytes(JPEG)
    ok(["person", "photo", "T001", str(tmp_path / "a.jpg")])
    refused = zzy("undo --yes")
    assert refused.exit_code == 3
    assert "照片不能用 undo 撤销(审计日志只记照片的大小和摘要): 请用 zzy person photo 重新存入或 --clear 删除" in refused.stderr


def test_a_person_with_a_photo_or_resume_is_not_voided(zzy: Zzy, ok: Zzy, person: Path, tmp_path: Path) -> None:
    (tmp_path / "a.jpg").write_bytes(JPEG)
    ok(["person", "photo", "T001", str(tmp_path / "a.jpg")])
    ok(RESUME[0])
    refused = zzy("person void T001 --reason 误登记")
    assert refused.stderr == ("错误: 张三(工号 T001)仍有记录,不能作废: 简历 #1;照片(用 zzy person photo T001 --clear 删除)。"
                              "请先作废或更正这些记录。\n")


# -- on the 干部任免审批表 ------------------------------------------------------------------------------


def test_the_form_prints_the_photo_and_the_resume_in_order(ok: Zzy, person: Path, tmp_path: Path) -> None:
    import docx

    for command in RESUME:
        ok(command)
    (tmp_path / "a.jpg").write_bytes(JPEG)
    ok(["person", "photo", "T001", str(tmp_path / "a.jpg")])
    form = tmp_path / "表.docx"
    result = ok(["paper", "approval", "T001", "--output", str(form)])
    assert "照片" not in result.stderr and "简历" not in result.stderr
    document = docx.Document(str(form))
    page_one = document.tables[0]
    assert page_one.cell(9, 1).text == ("2008.09--2012.06  云南大学公共管理学院行政管理专业学习\n"
                                        "2012.07--  西版职院机电工程学院教师")
    assert len(document.inline_shapes) == 1
    blip = document.inline_shapes[0]._inline.graphic.graphicData.pic.blipFill.blip
    assert document.part.related_parts[blip.embed].blob == JPEG
    photo_cell = page_one.cell(0, 6)
    assert photo_cell._tc is page_one.cell(3, 6)._tc  # the photo's box spans four rows
    assert photo_cell._tc.xpath(".//pic:pic")  # and holds the picture
    width, height = document.inline_shapes[0].width, document.inline_shapes[0].height
    assert width <= 2.5 * 360000 and height <= 4.9 * 360000  # within the box (EMU per cm: 360 000)
    page = tmp_path / "表.html"
    ok(["paper", "approval", "T001", "--output", str(page)])
    html = page.read_text(encoding="utf-8")
    assert f'<img src="data:image/jpeg;base64,{base64.b64encode(JPEG).decode()}" alt="照片">' in html
    assert "2008.09--2012.06  云南大学公共管理学院行政管理专业学习\n2012.07--  西版职院机电工程学院教师" in html


def test_a_tall_photo_is_scaled_into_the_box(ok: Zzy, person: Path, tmp_path: Path) -> None:
    import docx

    tall = _png(20, 400, (b"\x00" + b"\x80" * 60) * 400)
    (tmp_path / "tall.png").write_bytes(tall)
    ok(["person", "photo", "T001", str(tmp_path / "tall.png")])
    ok(["paper", "approval", "T001", "--output", str(tmp_path / "表.docx")])
    shape = docx.Document(str(tmp_path / "表.docx")).inline_shapes[0]
    assert shape.height <= 4.6 * 360000 and abs(shape.height / shape.width - 20) < 0.1


def test_the_demo_s_form_has_a_photo_and_a_resume(ok: Zzy, tmp_path: Path) -> None:
    import docx

    demo = tmp_path / "demo.db"
    ok(["--db", str(demo), "demo"])
    form = tmp_path / "表.docx"
    result = ok(["--db", str(demo), "paper", "approval", "Z002", "--post", "2", "--output", str(form)])
    assert "照片" not in result.stderr and "简历" not in result.stderr
    document = docx.Document(str(form))
    assert len(document.inline_shapes) == 1
    lines = document.tables[0].cell(9, 1).text.splitlines()
    assert len(lines) == 3 and lines[0].endswith("云南师范大学行政管理专业学习")
    assert lines[-1].endswith("西版职院机电工程学院党总支专职组织员(正科级)")


# -- export and restore --------------------------------------------------------------------------------


@pytest.fixture
def exported(ok: Zzy, person: Path, tmp_path: Path) -> dict[str, object]:
    ok(RESUME[1])
    (tmp_path / "a.jpg").write_bytes(JPEG)
    ok(["person", "photo", "T001", str(tmp_path / "a.jpg")])
    ok(["export", str(tmp_path / "all.json")])
    document: dict[str, object] = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    return document


def test_an_export_carries_the_photo_in_base64(exported: dict[str, object]) -> None:
    assert exported["photos"] == [{"id": 1, "person_id": 1, "format": "jpeg", "width": 80, "height": 110,
                                   "image": base64.b64encode(JPEG).decode("ascii")}]
    assert exported["resume"] == [{"id": 1, "person_id": 1, "start": "2008-09-01", "end": "2012-06-30",
                                   "text": "云南大学公共管理学院行政管理专业学习"}]


@pytest.mark.parametrize(("table", "changes", "says"), [
    ("photos", {"image": base64.b64encode(b"GIF89a" + bytes(100)).decode()}, "不是 JPEG 或 PNG 图片"),
    ("photos", {"image": base64.b64encode(JPEG[:500]).decode()}, "可能被截断"),
    ("photos", {"image": "这不是base64"}, "不是有效的 base64 编码"),
    ("photos", {"image": 12345}, "应为 base64 编码的图片"),
    ("photos", {"width": 4000}, "与图片本身不符(图片为 80)"),
    ("photos", {"person_id": 7}, "引用的 persons 记录 7 不在文件中"),
    ("resume", {"end": "2008-08-31"}, "简历的截止日期 2008-08-31 早于起始日期 2008-09-01"),
    ("resume", {"start": "2199-01-01", "end": None}, "简历的起始日期 2199-01-01 晚于今天"),
    ("resume", {"text": "学\x1b[2J习"}, "经历含有不可见的控制或格式字符"),
])
def test_restore_checks_the_photo_and_the_resume_as_the_commands_do(
        zzy: Zzy, ok: Zzy, exported: dict[str, object], tmp_path: Path, table: str, changes: dict[str, object],
        says: str) -> None:
    records = exported[table]
    assert isinstance(records, list)
    records[0].update(changes)
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(exported, ensure_ascii=False), encoding="utf-8")
    fresh = tmp_path / "fresh.db"
    ok(["--db", str(fresh), "init"])
    result = zzy(["--db", str(fresh), "restore", str(tampered)])
    assert result.exit_code == 3 and f"{table} 第1条 " in result.stderr and says in result.stderr, result.stderr
    assert zzy(["--db", str(fresh), "resume", "list", "--format", "json"]).json() == []
