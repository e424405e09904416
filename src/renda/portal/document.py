"""A parsed statute (renda.statutes) laid out for a public page: table of contents and blocks with anchors.

Every division (编/分编/章/节) and article gets an anchor equal to its eId (e.g. ``chp_2__art_15``), so a
reader can link to 第十五条 and the table of contents jumps to it. Every provision the comment form accepts
(article, paragraph when an article has several, item, sub-item — see legislation.texts.provisions) carries its
eId and label, so a tap on it selects it in the form. Text stays text: the templates escape everything.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from renda.legislation import texts
from renda.statutes import Article, Division, Statute


@dataclass
class Line:
    eid: str  # the provision this line is, '' for a line that is not selectable on its own (e.g. an item's tail)
    label: str  # 第五条第二款第（一）项 — what the form shows
    prefix: str  # what precedes the text on the page: 第五条 / （一） / 1.
    text: str
    level: int  # 0 paragraph, 1 item, 2 sub-item


@dataclass
class Block:
    kind: str  # "division" | "article"
    eid: str
    label: str = ""
    heading: str = ""
    depth: int = 0  # divisions: nesting depth (0 = outermost)
    lines: list[Line] = field(default_factory=list)


@dataclass
class TocEntry:
    eid: str
    text: str
    depth: int
    is_article: bool


@dataclass
class Document:
    title: str
    notes: list[str]
    preamble_heading: str
    preamble: list[str]
    blocks: list[Block]
    toc: list[TocEntry]
    attachments: list[tuple[str, list[str]]]
    choices: list[tuple[str, str]]  # (eid, label) for the comment form, in text order


def _article_lines(art: Article, labels: dict[str, str]) -> list[Line]:
    lines: list[Line] = []
    several = len(art.paragraphs) > 1
    for i, para in enumerate(art.paragraphs):
        prefix = art.label if i == 0 else ""
        if several:
            lines.append(Line(para.eid, labels.get(para.eid, art.label), prefix, para.text, 0))
        else:
            lines.append(Line(art.eid, art.label, prefix, para.text, 0))
        for point in para.points:
            lines.append(Line(point.eid, labels.get(point.eid, ""), point.label, point.text, 1))
            for sub in point.children:
                lines.append(Line(sub.eid, labels.get(sub.eid, ""), sub.label, sub.text, 2))
            lines.extend(Line("", "", "", tail, 1) for tail in point.tail)
    if not art.paragraphs:
        lines.append(Line(art.eid, art.label, art.label, "", 0))
    return lines


def document(statute: Statute) -> Document:
    provisions = texts.provisions(statute)
    labels = {p.eid: p.label for p in provisions}
    blocks: list[Block] = []
    toc: list[TocEntry] = []

    def rec(nodes: list[Division | Article], depth: int) -> None:
        for node in nodes:
            if isinstance(node, Article):
                blocks.append(Block("article", node.eid, label=node.label, heading=node.heading,
                                    lines=_article_lines(node, labels)))
                toc.append(TocEntry(node.eid, node.label + (f"　{node.heading}" if node.heading else ""), depth, True))
            else:
                blocks.append(Block("division", node.eid, heading=node.heading, depth=depth))
                toc.append(TocEntry(node.eid, node.heading, depth, False))
                rec(node.children, depth + 1)

    rec(statute.body, 0)
    return Document(
        title=statute.title, notes=list(statute.notes), preamble_heading=statute.preamble_heading,
        preamble=list(statute.preamble), blocks=blocks, toc=toc,
        attachments=[(a.heading, list(a.lines)) for a in statute.attachments],
        choices=[(p.eid, p.label) for p in provisions],
    )


def of_version(version) -> Document:
    return document(texts.statute_of(version))
