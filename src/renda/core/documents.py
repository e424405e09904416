"""Official documents (公文) laid out per GB/T 9704-2012, as .docx.

A4; margins top 37 mm, left 28 mm, text block 156 × 225 mm; body 仿宋 3号 (16 pt)
on a 22-line × 28-character grid (fixed line pitch 225 mm / 22); title 小标宋
2号 (22 pt) centred; the issuing-organ mark in red 小标宋; the document number
〔year〕N号 centred under it, then a red rule; heading levels 一、 (黑体) →
（一） (楷体) → 1. / （1） (仿宋); the date in Arabic numerals without leading
zeros; page numbers "— 1 —" in 4号 宋体, odd pages right and even pages left.
Used by every module that issues a document.
"""

from __future__ import annotations

import datetime as dt
import io
import re

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

FANGSONG = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"

PT_3HAO = 16
PT_2HAO = 22
PT_4HAO = 14
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
TEXT_BLOCK_MM = (156, 225)
LINE_PITCH_PT = TEXT_BLOCK_MM[1] / 25.4 * 72 / LINES_PER_PAGE  # ≈ 28.9 pt
DOC_NUMBER_RE = re.compile(r"^.+〔\d{4}〕[1-9]\d*号$")
RED = RGBColor(0xD0, 0x00, 0x00)


def format_date(day: dt.date) -> str:
    """2025年7月4日: Arabic numerals, no leading zeros (GB/T 9704 §7.3.5)."""
    return f"{day.year}年{day.month}月{day.day}日"


def format_doc_number(prefix: str, year: int, number: int) -> str:
    """X人常发〔2025〕3号: the year in 六角括号, no leading zeros, no 第 (§7.2.5)."""
    if number < 1:
        raise ValueError("document number must be positive")
    return f"{prefix}〔{year}〕{number}号"


def set_run_font(run, name: str, size_pt: float, bold: bool = False, color: RGBColor | None = None) -> None:
    run.font.name = name
    run.font.size = Pt(size_pt)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        rfonts.set(qn(attr), name if attr == "w:eastAsia" else ("Times New Roman" if name == FANGSONG else name))


def _fixed_spacing(paragraph, pitch_pt: float = LINE_PITCH_PT) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(pitch_pt)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)


def _add_page_number_field(paragraph) -> None:
    """— PAGE — as a field, 4号 宋体."""
    def text_run(text: str):
        run = paragraph.add_run(text)
        set_run_font(run, SONGTI, PT_4HAO)

    text_run("— ")
    run = paragraph.add_run()
    set_run_font(run, SONGTI, PT_4HAO)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._element.append(el)
    text_run(" —")


class OfficialDocument:
    """Build a 公文: `OfficialDocument(...).heading(...)/paragraph(...)…; .to_bytes()`."""

    def __init__(
        self,
        *,
        title: str,
        issuer: str = "",
        doc_number: str = "",
        addressee: str = "",
        landscape: bool = False,
    ) -> None:
        if doc_number and not DOC_NUMBER_RE.match(doc_number):
            raise ValueError(f"发文字号格式不正确：{doc_number}（应如 X人常发〔2025〕3号）")
        self.doc = Document()
        self._setup_page(landscape)
        self._setup_styles()
        if issuer:
            self._issuer_mark(issuer)
            if doc_number:
                self._blank_lines(2)
                self._centered(doc_number, FANGSONG, PT_3HAO)
            self._red_rule()
            self._blank_lines(2)
        self._title(title)
        if addressee:
            p = self._para()
            set_run_font(p.add_run(f"{addressee}："), FANGSONG, PT_3HAO)

    # ---- page and styles ----
    def _setup_page(self, landscape: bool) -> None:
        section = self.doc.sections[0]
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Mm(297), Mm(210)
            section.top_margin, section.bottom_margin = Mm(28), Mm(26)
            section.left_margin, section.right_margin = Mm(37), Mm(35)
        else:
            section.page_width, section.page_height = Mm(210), Mm(297)
            section.top_margin, section.bottom_margin = Mm(37), Mm(35)
            section.left_margin, section.right_margin = Mm(28), Mm(26)
        section.footer_distance = Mm(28)
        # Document grid: 22 lines x 28 characters (w:docGrid linePitch in twentieths of a point).
        sect_pr = section._sectPr
        grid = sect_pr.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            sect_pr.append(grid)
        grid.set(qn("w:type"), "linesAndChars")
        grid.set(qn("w:linePitch"), str(round(LINE_PITCH_PT * 20)))
        grid.set(qn("w:charSpace"), "0")
        # Odd pages right, even pages left.
        settings = self.doc.settings.element
        even = OxmlElement("w:evenAndOddHeaders")
        settings.append(even)
        section.different_first_page_header_footer = False
        odd_p = section.footer.paragraphs[0]
        odd_p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        odd_p.paragraph_format.right_indent = Pt(PT_4HAO)
        _add_page_number_field(odd_p)
        even_p = section.even_page_footer.paragraphs[0]
        even_p.alignment = WD_ALIGN_PARAGRAPH.LEFT
        even_p.paragraph_format.left_indent = Pt(PT_4HAO)
        _add_page_number_field(even_p)

    def _setup_styles(self) -> None:
        normal = self.doc.styles["Normal"]
        normal.font.name = FANGSONG
        normal.font.size = Pt(PT_3HAO)
        rpr = normal.element.get_or_add_rPr()
        rfonts = rpr.find(qn("w:rFonts"))
        if rfonts is None:
            rfonts = OxmlElement("w:rFonts")
            rpr.insert(0, rfonts)
        rfonts.set(qn("w:eastAsia"), FANGSONG)

    # ---- building blocks ----
    def _para(self, align=WD_ALIGN_PARAGRAPH.JUSTIFY):
        p = self.doc.add_paragraph()
        p.alignment = align
        _fixed_spacing(p)
        return p

    def _blank_lines(self, n: int) -> None:
        for _ in range(n):
            self._para()

    def _centered(self, text: str, font: str, size: float, color: RGBColor | None = None) -> None:
        p = self._para(WD_ALIGN_PARAGRAPH.CENTER)
        set_run_font(p.add_run(text), font, size, color=color)

    def _issuer_mark(self, issuer: str) -> None:
        p = self._para(WD_ALIGN_PARAGRAPH.CENTER)
        _fixed_spacing(p, 48)
        set_run_font(p.add_run(issuer), XIAOBIAOSONG, 36, color=RED)

    def _red_rule(self) -> None:
        p = self._para()
        ppr = p._p.get_or_add_pPr()
        bdr = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for k, v in (("w:val", "single"), ("w:sz", "12"), ("w:space", "1"), ("w:color", "D00000")):
            bottom.set(qn(k), v)
        bdr.append(bottom)
        ppr.append(bdr)

    def _title(self, title: str) -> None:
        p = self._para(WD_ALIGN_PARAGRAPH.CENTER)
        _fixed_spacing(p, 36)
        set_run_font(p.add_run(title), XIAOBIAOSONG, PT_2HAO)
        self._para()

    def heading(self, text: str, level: int = 1) -> OfficialDocument:
        """Level 1 "一、" in 黑体, level 2 "（一）" in 楷体, levels 3-4 in 仿宋; indented two characters."""
        font = {1: HEITI, 2: KAITI}.get(level, FANGSONG)
        p = self._para()
        p.paragraph_format.first_line_indent = Pt(PT_3HAO * 2)
        set_run_font(p.add_run(text), font, PT_3HAO)
        return self

    def paragraph(self, text: str, *, bold_lead: str = "") -> OfficialDocument:
        p = self._para()
        p.paragraph_format.first_line_indent = Pt(PT_3HAO * 2)
        if bold_lead:
            set_run_font(p.add_run(bold_lead), KAITI, PT_3HAO)
        set_run_font(p.add_run(text), FANGSONG, PT_3HAO)
        return self

    def table(self, headers: list[str], rows: list[list[str]], widths_mm: list[float] | None = None):
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            cell.text = ""
            set_run_font(cell.paragraphs[0].add_run(text), HEITI, 12)
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        for row in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                cell.text = ""
                set_run_font(cell.paragraphs[0].add_run(str(text)), FANGSONG, 12)
        if widths_mm:
            for row in table.rows:
                for cell, w in zip(row.cells, widths_mm, strict=True):
                    cell.width = Mm(w)
        return table

    def signature(self, issuer: str, day: dt.date) -> OfficialDocument:
        """Without a seal: one blank line, the issuer two characters from the right, the date below."""
        self._para()
        p = self._para(WD_ALIGN_PARAGRAPH.RIGHT)
        p.paragraph_format.right_indent = Pt(PT_3HAO * 2)
        set_run_font(p.add_run(issuer), FANGSONG, PT_3HAO)
        p = self._para(WD_ALIGN_PARAGRAPH.RIGHT)
        p.paragraph_format.right_indent = Pt(PT_3HAO * 4)
        set_run_font(p.add_run(format_date(day)), FANGSONG, PT_3HAO)
        return self

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        self.doc.save(buf)
        return buf.getvalue()

    def to_signed_bundle(self, filename: str) -> bytes:
        """A zip of the .docx and its SM2 detached signature FILE.sig (renda.core.signing; `renda verify`).
        Every download of a document can also be fetched signed with `?signed=1` (SignedDownloadMiddleware)."""
        from renda.core import signing  # Django's: this module is also the statute engine's (no Django)

        return signing.signed_bundle(self.to_bytes(), filename)[0]
