import io

import docx
import pytest
from docx.shared import Pt

from renda.statutes import compare, parse_text, to_docx, to_html


@pytest.fixture(scope="module")
def result(green, statute_text):
    old = parse_text(statute_text(green[:5], title="某市《城市绿化》条例"))
    new_articles = [
        green[0],
        green[1].replace("统一监督管理", "统一监督管理和综合协调"),
        green[3],
        green[4],
        green[5],
    ]
    new = parse_text(statute_text(new_articles, title="某市《城市绿化》条例"))
    return compare(old, new)


def test_html_is_a_two_column_table(result):
    html = to_html(result)
    assert html.startswith("<!DOCTYPE html>")
    assert "<th>原条文</th><th>修改后条文</th>" in html
    assert "《某市〈城市绿化〉条例》修改前后对照表" in html
    assert "<ins>和综合协调</ins>" in html
    assert "<del>第三条 任何单位和个人" in html
    assert html.count("<tr class=") == len(result.rows)
    assert "http" not in html.replace("http-equiv", "")  # self-contained: no external resources


def test_html_escapes_script(statute_text):
    old = parse_text(statute_text(["<script>alert('x')</script>本条例适用于本市。"]))
    new = parse_text(statute_text(["<script>alert('y')</script>本条例适用于本市。"]))
    html = to_html(compare(old, new))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_html_changes_only(result):
    html = to_html(result, changes_only=True)
    assert 'class="unchanged"' not in html
    assert 'class="modified"' in html


def test_docx_has_the_two_column_table(result):
    data = to_docx(result)
    doc = docx.Document(io.BytesIO(data))
    title = doc.paragraphs[0]
    assert title.text == "《某市〈城市绿化〉条例》修改前后对照表"
    assert title.runs[0].font.size == Pt(22)
    (table,) = doc.tables
    assert len(table.columns) == 2
    assert [c.text for c in table.rows[0].cells] == ["原条文", "修改后条文"]
    assert len(table.rows) == len(result.rows) + 1
    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297


def test_docx_marks_deletions_and_insertions(result):
    doc = docx.Document(io.BytesIO(to_docx(result)))
    table = doc.tables[0]
    runs = [r for row in table.rows[1:] for cell in row.cells for p in cell.paragraphs for r in p.runs]
    inserted = [r for r in runs if r.text == "和综合协调"]
    assert inserted and inserted[0].font.bold and inserted[0].font.underline
    struck = [r for r in runs if r.font.strike]
    assert any(r.text.startswith("第三条 任何单位和个人") for r in struck)
    assert all(r.font.size == Pt(14) for r in runs)  # 4号 in table cells
    fonts = {
        r._element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
        for r in runs
    }
    assert any("仿宋" in f for f in fonts)


def test_docx_landscape_and_changes_only(result):
    doc = docx.Document(io.BytesIO(to_docx(result, landscape=True, changes_only=True)))
    section = doc.sections[0]
    assert section.page_width > section.page_height
    assert len(doc.tables[0].rows) == len(result.changed_rows()) + 1
