"""修改对照表 as .docx, the two-column table offices print.

Page, title and body styles come from :class:`renda.core.documents.OfficialDocument`
(GB/T 9704: A4, 小标宋 2号 title centred, 仿宋 3号 body, page numbers "— 1 —").
The table has the columns 原条文 / 修改后条文 in 仿宋 4号 (14 pt), a header row
in 黑体 repeated on every page; deletions are struck through, insertions bold
and underlined.
"""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from renda.core.documents import (
    FANGSONG,
    HEITI,
    PT_4HAO,
    OfficialDocument,
    set_run_font,
)

from .compare import ChangeRow, Comparison
from .export_html import comparison_title, kind_note

HEADERS = ("原条文", "修改后条文")
HEADING_UNITS = ("book", "part", "chapter", "section")
_TEXT_WIDTH_MM = {False: 156.0, True: 225.0}


def _cell_segments(row: ChangeRow, side: str) -> list[tuple[str, str]]:
    """(op, text) runs for the old (``side="old"``) or the new column."""
    if row.kind == "added":
        return [("insert", row.new_text)] if side == "new" else []
    if row.kind == "deleted":
        return [("delete", row.old_text)] if side == "old" else []
    if not row.diff:
        return [("equal", row.old_text if side == "old" else row.new_text)]
    skip = "insert" if side == "old" else "delete"
    return [(s.op, s.text) for s in row.diff if s.op != skip]


def _fill_cell(cell, segments: list[tuple[str, str]], heading: bool, note: str = "") -> None:
    para = cell.paragraphs[0]
    _format_cell_paragraph(para, heading)
    if note:  # split / merged / moved: say so above the text, as the html table does
        run = para.add_run(f"【{note}】")
        set_run_font(run, FANGSONG, PT_4HAO)
        run.font.italic = True
        para = cell.add_paragraph()
        _format_cell_paragraph(para, heading)
    for op, text in segments:
        for k, piece in enumerate(text.split("\n")):
            if k:
                para = cell.add_paragraph()
                _format_cell_paragraph(para, heading)
            if not piece:
                continue
            run = para.add_run(piece)
            set_run_font(run, FANGSONG, PT_4HAO)
            if op == "delete":
                run.font.strike = True
            elif op == "insert":
                run.font.bold = True
                run.font.underline = True


def _format_cell_paragraph(para, heading: bool) -> None:
    """Article text indented two characters; 编/章/节 headings centred."""
    fmt = para.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.15
    if heading:
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    else:
        fmt.first_line_indent = Pt(PT_4HAO * 2)
        para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def to_docx(comparison: Comparison, *, changes_only: bool = False, landscape: bool = False) -> bytes:
    """The comparison as .docx bytes."""
    od = OfficialDocument(title=comparison_title(comparison), landscape=landscape)
    od.paragraph(comparison.summary_text())
    doc = od.doc
    rows = comparison.changed_rows() if changes_only else comparison.rows
    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.autofit = False
    width = Mm(_TEXT_WIDTH_MM[landscape] / 2)
    header = table.rows[0]
    _repeat_header(header)
    for cell, text in zip(header.cells, HEADERS, strict=True):
        cell.width = width
        para = cell.paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_run_font(para.add_run(text), HEITI, PT_4HAO)
    for row in rows:
        cells = table.add_row().cells
        for cell, side in zip(cells, ("old", "new"), strict=True):
            cell.width = width
            note = kind_note(row) if side == "new" and row.kind in ("split", "merged", "moved") else ""
            _fill_cell(cell, _cell_segments(row, side), heading=row.unit in HEADING_UNITS, note=note)
    return od.to_bytes()
