import io

import docx
import pytest

from renda.statutes import StatuteReadError, parse_file, read_text


def _docx(tmp_path, lines, table=None):
    doc = docx.Document()
    for line in lines:
        doc.add_paragraph(line)
    if table:
        t = doc.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(t.rows, table, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    path = tmp_path / "statute.docx"
    doc.save(path)
    return path


def test_docx_input(tmp_path):
    path = _docx(
        tmp_path,
        [
            "某市测试条例",
            "（2020年1月1日某市第一届人民代表大会常务委员会第一次会议通过）",
            "第一章　总　　则",
            "第一条　为了规范测试工作，制定本条例。",
            "第二条　下列事项由市人民政府负责：",
            "（一）编制规划；",
            "（二）组织实施。",
            "第二章　附　　则",
            "第三条　本条例自2024年1月1日起施行。",
            "附件：收费标准",
        ],
        table=[["项目", "标准"], ["甲", "10元"]],
    )
    st = parse_file(path)
    assert st.title == "某市测试条例"
    assert st.notes == ["（2020年1月1日某市第一届人民代表大会常务委员会第一次会议通过）"]
    assert [a.label for a in st.articles()] == ["第一条", "第二条", "第三条"]
    assert [p.text for p in st.article(2).paragraphs[0].points] == ["编制规划；", "组织实施。"]
    assert st.article(3).eid == "chp_2__art_3"
    assert st.attachments[0].lines == ["| 项目 | 标准 |", "| 甲 | 10元 |"]
    assert st.source == str(path)


def test_docx_and_markdown_give_the_same_tree(tmp_path, sample_text):
    md = tmp_path / "sample.md"
    md.write_text(sample_text, encoding="utf-8")
    lines = [line.lstrip("#").strip() for line in sample_text.splitlines() if line.strip()]
    from_docx = parse_file(_docx(tmp_path, lines))
    assert from_docx == parse_file(md)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_encodings(tmp_path, encoding, sample_text):
    path = tmp_path / "s.txt"
    path.write_bytes(sample_text.encode(encoding))
    assert read_text(path) == sample_text


def test_unreadable_files(tmp_path):
    with pytest.raises(StatuteReadError, match="找不到文件"):
        read_text(tmp_path / "missing.md")
    with pytest.raises(StatuteReadError, match="目录"):
        read_text(tmp_path)
    binary = tmp_path / "x.bin"
    binary.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(StatuteReadError, match="无法识别文件编码"):
        read_text(binary)
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04not really a zip")
    with pytest.raises(StatuteReadError, match=r"无法打开 \.docx"):
        read_text(broken)
    old = tmp_path / "old.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)
    with pytest.raises(StatuteReadError, match=r"另存为 \.docx"):
        read_text(old)


def test_docx_bytes_in_memory():
    from renda.statutes.reader import docx_text

    doc = docx.Document()
    doc.add_paragraph("第一条 甲。")
    buf = io.BytesIO()
    doc.save(buf)
    assert docx_text(buf.getvalue()) == "第一条 甲。"
