"""Read statute files: plain text / Markdown (UTF-8, UTF-16, GB18030) and .docx."""

from __future__ import annotations

import io
from pathlib import Path

from renda.textio import read_bytes

from .model import Statute
from .parser import parse_text


class StatuteReadError(ValueError):
    """A file that cannot be read as a statute (message in Chinese)."""


def read_text(path: str | Path) -> str:
    """The text of a .txt/.md/.docx file; raises :class:`StatuteReadError`."""
    p = Path(path)
    data = read_bytes(p, StatuteReadError, unreadable="无法读取文件：{path}（{reason}）")
    suffix = p.suffix.lower()
    if suffix == ".doc" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise StatuteReadError(f"不支持旧版 Word（.doc）文件，请另存为 .docx 后再试：{p}")
    if data[:4] == b"PK\x03\x04":
        return docx_text(data, name=str(p))
    if data[:5] == b"%PDF-":
        raise StatuteReadError(f"不支持 PDF 文件，请提供文本、Markdown 或 .docx 文件：{p}")
    return decode(data, name=str(p))


def decode(data: bytes, *, name: str = "") -> str:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for enc in encodings:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise StatuteReadError(f"无法识别文件编码，请另存为 UTF-8 编码的文本后再试：{name}")


def docx_text(data: bytes, *, name: str = "") -> str:
    """Paragraphs of a .docx as lines; each table row as one line ``| a | b |``."""
    try:
        from docx import Document
        from docx.table import Table

        doc = Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several types for a broken package
        raise StatuteReadError(f"无法打开 .docx 文件（文件已损坏或不是 Word 文档）：{name}") from exc
    lines: list[str] = []
    for block in doc.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                lines.append("| " + " | ".join(c.text.replace("\n", " ") for c in row.cells) + " |")
        else:
            lines.append(block.text)
    return "\n".join(lines)


def parse_file(path: str | Path, *, strict: bool = False) -> Statute:
    """Read and parse a statute file (.txt, .md or .docx)."""
    return parse_text(read_text(path), strict=strict, source=str(path))
