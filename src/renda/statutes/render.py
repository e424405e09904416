"""Render a statute tree back to text.

The canonical form (``render(statute)``) is the corpus Markdown dialect,
normalised:

* ``# 标题``, then each note line, then ``<!-- INFO END -->`` (always present);
* ``## 序言`` and the preamble paragraphs;
* ``目录`` and its entries as a list (``- 第一章 总则``), if the text has a table of contents;
* headings ``## 第一章 总则``: one ``#`` more per level below the top
  (``##`` for the outermost of 编/分编/章/节 present, ``###`` inside it …),
  label and title separated by one space;
* articles ``第一条 正文``: the label, one space, the first paragraph; each
  further 款 on its own line; 项 as ``（一）正文``, 目 as ``1.正文``;
  decisions' clauses as ``一、正文`` (``## 一、标题`` when they have a heading);
* attachments: the ``附件…`` line and its lines;
* one blank line between blocks; every line in canonical whitespace
  (see :mod:`renda.statutes.normalize`).

``parse_text(render(s)) == s`` for every tree the parser produces.
``render(s, markdown=False)`` is the same without ``#``, the marker and blank lines:
for reading, not for re-parsing.
"""

from __future__ import annotations

from .model import Article, Division, Point, Statute
from .parser import INFO_END


def article_lines(art: Article) -> list[str]:
    """An article as lines: the label with its first paragraph, then the rest."""
    out: list[str] = []
    first = True
    for para in art.paragraphs:
        if first:
            first = False
            if art.heading:
                out.append(f"{art.label}{art.heading}")
                if para.text:
                    out.append(para.text)
            elif art.style == "clause":
                out.append(f"{art.label}{para.text}")
            else:
                out.append(f"{art.label} {para.text}" if para.text else art.label)
        elif para.text:
            out.append(para.text)
        for point in para.points:
            _point_lines(point, out)
    if not out:
        out.append(art.label)
    return out


def _point_lines(point: Point, out: list[str]) -> None:
    label = point.label
    text = point.text
    if point.level != "item" and text[:1].isdigit():
        label += " "
    out.append(label + text)
    for child in point.children:
        _point_lines(child, out)
    out.extend(point.tail)


def article_text(art: Article) -> str:
    """The article with its label, one line per block."""
    return "\n".join(article_lines(art))


def render(statute: Statute, *, markdown: bool = True) -> str:
    """The canonical text of a statute (see the module docstring)."""
    blocks: list[str] = []
    add = blocks.append
    add(f"# {statute.title}" if markdown else statute.title)
    blocks.extend(statute.notes)
    if markdown:
        add(INFO_END)
    if statute.preamble_heading:
        add(f"## {statute.preamble_heading}" if markdown else statute.preamble_heading)
    blocks.extend(statute.preamble)
    if statute.toc:
        add("目录")
        blocks.append("\n".join(f"- {entry}" if markdown else entry for entry in statute.toc))
    _render_nodes(statute.body, 0, markdown, blocks)
    for att in statute.attachments:
        add(att.heading)
        blocks.extend(att.lines)
    sep = "\n\n" if markdown else "\n"
    return sep.join(blocks) + "\n"


def _render_nodes(nodes: list[Division | Article], depth: int, markdown: bool, out: list[str]) -> None:
    hashes = "#" * (depth + 2) + " "
    for node in nodes:
        if isinstance(node, Division):
            out.append(hashes + node.heading if markdown else node.heading)
            out.extend(node.intro)
            _render_nodes(node.children, depth + 1, markdown, out)
        else:
            lines = article_lines(node)
            if node.heading and markdown:
                lines[0] = hashes + lines[0]
            out.extend(lines)
