"""The papers of an appointment as files (SPEC section 13): Word documents and printable pages.

The words come from :mod:`zzy.papers`; this module only lays them out.  The ``.docx`` (python-docx) is
A4 with fixed column widths, merged cells where the standard 干部任免审批表 merges them, the photo box,
page 2 on a new page, and the type of official papers (labels 宋体, entries 仿宋, titles 宋体 bold).  The
``.html`` is the same form for a browser to print on A4 (templates ``approval_form.html`` and
``notice.html``, autoescaped).  python-docx and Jinja2 are imported only when a paper is written.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zzy import dates
from zzy.papers import ApprovalForm, Box, Notice

if TYPE_CHECKING:
    from docx.document import Document

LABEL_FONT = "宋体"
ENTRY_FONT = "仿宋"
TITLE_SIZE = 22  # 二号
BODY_SIZE = 12  # 小四
NOTICE_SIZE = 16  # 三号, as official notices are set

#: Page 1's seven columns, in centimetres (16.4 cm between margins of 2.3 cm on A4).
PAGE1_COLUMNS = (2.1, 2.5, 1.9, 2.4, 2.3, 2.4, 2.8)
#: Page 2's two columns.
PAGE2_COLUMNS = (2.6, 13.8)


def approval_docx(form: ApprovalForm) -> bytes:
    """The 干部任免审批表 as the bytes of a ``.docx``."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # start-up

    document = _a4_document()
    _paragraph(document, "干部任免审批表", size=TITLE_SIZE, bold=True, font=LABEL_FONT,
               align=WD_ALIGN_PARAGRAPH.CENTER)
    _page_one(document, form)
    _paragraph(document, "", page_break=True)
    _page_two(document, form)
    return _saved(document)


def notice_docx(paper: Notice) -> bytes:
    """The 任前公示 as the bytes of a ``.docx``."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # start-up

    document = _a4_document()
    _paragraph(document, "任前公示", size=TITLE_SIZE, bold=True, font=LABEL_FONT, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, paper.opening, size=NOTICE_SIZE, indent=True)
    for nominee in paper.nominees:
        _paragraph(document, nominee.sentence, size=NOTICE_SIZE, indent=True)
    _paragraph(document, paper.concerns, size=NOTICE_SIZE, indent=True)
    _paragraph(document, "", size=NOTICE_SIZE)
    _paragraph(document, paper.committee, size=NOTICE_SIZE, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(document, dates.chinese_date(paper.start), size=NOTICE_SIZE, align=WD_ALIGN_PARAGRAPH.RIGHT)
    return _saved(document)


# -- the form's two pages ----------------------------------------------------------------------


def _page_one(document: Document, form: ApprovalForm) -> None:
    table = _grid(document, PAGE1_COLUMNS, rows=10)
    people = ((form.name, form.gender, Box("出生年月\n(岁)", form.birth.text)),
              (form.ethnicity, form.native_place, form.birthplace),
              (form.joined, form.work_start, form.health))
    for row, boxes in enumerate(people):
        for column, box in enumerate(boxes):
            _label(table.cell(row, 2 * column), box.label)
            _entry(table.cell(row, 2 * column + 1), box.text, center=True)
    _label(table.cell(3, 0), form.title.label)
    _entry(_merged(table, 3, 1, 3, 2), form.title.text, center=True)
    _label(table.cell(3, 3), form.specialty.label)
    _entry(_merged(table, 3, 4, 3, 5), form.specialty.text, center=True)
    photo = _merged(table, 0, 6, 3, 6)
    if form.photo is not None:
        from docx.shared import Cm  # start-up

        width, height = _photo_size(form.photo)
        photo.paragraphs[0].add_run().add_picture(io.BytesIO(form.photo), width=Cm(width), height=Cm(height))
        _center(photo)
    else:
        _entry(photo, "", center=True)
    _label(_merged(table, 4, 0, 5, 0), "学历\n学位")
    for row, (education, school) in ((4, (form.edu_full, form.school_full)), (5, (form.edu_job, form.school_job))):
        _label(table.cell(row, 1), education.label)
        _entry(_merged(table, row, 2, row, 3), education.text, center=True)
        _label(table.cell(row, 4), "毕业院校\n系及专业")
        _entry(_merged(table, row, 5, row, 6), school.text, center=True)
    for row, box in ((6, form.current_post), (7, form.proposed), (8, form.removed)):
        _label(_merged(table, row, 0, row, 1), box.label)
        _entry(_merged(table, row, 2, row, 6), box.text)
    _label(table.cell(9, 0), "简\n\n\n\n历")
    _entry(_merged(table, 9, 1, 9, 6), form.resume.text, top=True)
    _heights(table, (1.25,) * 6 + (1.1,) * 3 + (11.5,))


#: The photo's box on page 1 (cm): the last column, four rows high, less a margin.
PHOTO_BOX = (PAGE1_COLUMNS[6] - 0.4, 4 * 1.25 - 0.4)


def _photo_size(image: bytes) -> tuple[float, float]:
    """The photo's printed width and height (cm): as large as the box allows, its proportions kept."""
    from zzy.images import read_photo  # start-up

    photo = read_photo(image)
    scale = min(PHOTO_BOX[0] / photo.width, PHOTO_BOX[1] / photo.height)
    return photo.width * scale, photo.height * scale


def _page_two(document: Document, form: ApprovalForm) -> None:
    table = _grid(document, PAGE2_COLUMNS, rows=5)
    boxes = ((form.commendations, "奖\n惩\n情\n况"), (form.assessments, "年度考核\n结果"), (form.reason, "任\n免\n理\n由"))
    for row, (box, printed) in enumerate(boxes):
        _label(table.cell(row, 0), printed)
        _entry(table.cell(row, 1), box.text, top=True)
    for row, label in ((3, "呈报单位"), (4, "审批机关\n意见")):
        _label(table.cell(row, 0), label)
        _entry(table.cell(row, 1), "\n\n\n\n(盖章)\n年    月    日", right=True)
    _heights(table, (4.0, 2.4, 3.2, 5.0, 5.0))


# -- python-docx, as the form needs it ---------------------------------------------------------


def _a4_document() -> Document:
    import docx  # start-up
    from docx.shared import Cm, Pt  # start-up

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.3)
    section.top_margin = section.bottom_margin = Cm(2.2)
    normal = document.styles["Normal"]
    normal.font.size = Pt(BODY_SIZE)
    _east_asian(normal.element, LABEL_FONT)
    return document


def _east_asian(element: Any, font: str) -> None:
    """Set a run's or style's font for Chinese too (Word reads ``w:eastAsia``, not the font's name)."""
    from docx.oxml.ns import qn  # start-up

    properties = element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = properties.makeelement(qn("w:rFonts"), {})
        properties.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), font)


def _paragraph(document: Document, text: str, *, size: int = BODY_SIZE, bold: bool = False, font: str = ENTRY_FONT,
               align: Any = None, indent: bool = False, page_break: bool = False) -> None:
    from docx.shared import Pt  # start-up

    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    paragraph.paragraph_format.line_spacing = 1.5 if indent else None
    if page_break:
        from docx.enum.text import WD_BREAK  # start-up

        paragraph.add_run().add_break(WD_BREAK.PAGE)
        return
    _run(paragraph, text, font=font, size=size, bold=bold)


def _run(paragraph: Any, text: str, *, font: str, size: int, bold: bool = False) -> None:
    from docx.shared import Pt  # start-up

    lines = text.split("\n")
    for number, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.font.size = Pt(size)
        run.font.bold = bold
        _east_asian(run._element, font)
        if number < len(lines) - 1:
            run.add_break()


def _grid(document: Document, widths: Sequence[float], *, rows: int) -> Any:
    """A table of fixed column widths (Word and WPS keep them), bordered, every cell centred vertically."""
    from docx.enum.table import WD_TABLE_ALIGNMENT  # start-up
    from docx.oxml.ns import qn  # start-up
    from docx.shared import Cm  # start-up

    table = document.add_table(rows=rows, cols=len(widths))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    layout = table._tbl.tblPr.makeelement(qn("w:tblLayout"), {qn("w:type"): "fixed"})
    table._tbl.tblPr.append(layout)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)
    return table


def _merged(table: Any, top: int, left: int, bottom: int, right: int) -> Any:
    return table.cell(top, left).merge(table.cell(bottom, right))


def _label(cell: Any, text: str) -> None:
    cell.text = ""
    _run(cell.paragraphs[0], text, font=LABEL_FONT, size=BODY_SIZE)
    _center(cell)


def _entry(cell: Any, text: str, *, center: bool = False, top: bool = False, right: bool = False) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT  # start-up
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # start-up

    cell.text = ""
    _run(cell.paragraphs[0], text, font=ENTRY_FONT, size=BODY_SIZE)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP if top else WD_CELL_VERTICAL_ALIGNMENT.CENTER
    if center:
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif right:
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _center(cell: Any) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT  # start-up
    from docx.enum.text import WD_ALIGN_PARAGRAPH  # start-up

    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for paragraph in cell.paragraphs:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _heights(table: Any, heights: Sequence[float]) -> None:
    """Each row at least this tall (cm): the boxes keep the standard form's proportions when empty."""
    from docx.enum.table import WD_ROW_HEIGHT_RULE  # start-up
    from docx.shared import Cm  # start-up

    for row, height in zip(table.rows, heights, strict=True):
        row.height = Cm(height)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST


def _saved(document: Document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def approval_html(form: ApprovalForm) -> bytes:
    """The 干部任免审批表 as a self-contained page (the photo inline)."""
    from zzy.page import environment  # start-up

    photo = None
    if form.photo is not None:
        import base64  # start-up

        kind = "png" if form.photo.startswith(b"\x89PNG") else "jpeg"
        photo = f"data:image/{kind};base64,{base64.b64encode(form.photo).decode('ascii')}"
    return environment().get_template("approval_form.html").render(form=form, photo=photo).encode("utf-8")


def notice_html(paper: Notice) -> bytes:
    """The 任前公示 as a self-contained page."""
    from zzy.page import environment  # start-up

    page = environment().get_template("notice.html").render(paper=paper, signed=dates.chinese_date(paper.start))
    return page.encode("utf-8")


def write(path: Path, data: bytes, *, force: bool, protected: Sequence[Path]) -> None:
    """A paper's bytes as ``path``, atomically and mode 0600, as every file zzy writes."""
    from zzy.files import write_bytes  # start-up

    write_bytes(path, data, force=force, protected=protected)
