"""The statute tree: 编 / 分编 / 章 / 节 → 条 → 款 → 项 → 目.

Every provision carries an Akoma Ntoso style ``eid`` built from its path, e.g.
``chp_2__art_15__para_2__point_3``. Line numbers are kept for messages but do
not take part in equality, so two parses of equivalent texts compare equal.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .numerals import article_label, int_to_cn

# division kind → (Chinese unit, eId prefix, rank: smaller contains larger)
DIVISIONS: dict[str, tuple[str, str, int]] = {
    "book": ("编", "book", 0),
    "part": ("分编", "part", 1),
    "chapter": ("章", "chp", 2),
    "section": ("节", "sec", 3),
}
UNIT_TO_KIND = {unit: kind for kind, (unit, _, _) in DIVISIONS.items()}

ITEM = "item"  # 项 （一）
SUBITEM = "subitem"  # 目 1.

_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


def at_line(line: int, message: str) -> str:
    """A message about line ``line`` of the text (0: unknown, the message alone)."""
    return f"第{line}行：{message}" if line else message


class StatuteParseError(ValueError):
    """Malformed statute text; ``line`` is 1-based (0 when unknown)."""

    def __init__(self, message: str, line: int = 0) -> None:
        self.message = message
        self.line = line
        super().__init__(at_line(line, message))


@dataclass(frozen=True, slots=True)
class ParseWarning:
    """A tolerated irregularity, e.g. a gap in article numbers."""

    line: int
    message: str

    def __str__(self) -> str:
        return at_line(self.line, self.message)


@dataclass(slots=True)
class Point:
    """项 (``level="item"``, label （一）) or 目 (``level="subitem"``, label 1.)."""

    num: int
    text: str
    eid: str
    level: str = ITEM
    children: list[Point] = field(default_factory=list)
    tail: list[str] = field(default_factory=list)  # unnumbered paragraphs continuing this item
    line: int = field(default=0, compare=False, repr=False)

    @property
    def label(self) -> str:
        return f"（{int_to_cn(self.num)}）" if self.level == ITEM else f"{self.num}."

    def lines(self) -> Iterator[str]:
        yield self.label + self.text
        for child in self.children:
            yield from child.lines()
        yield from self.tail


@dataclass(slots=True)
class Paragraph:
    """款: an unnumbered paragraph of an article, with its 项."""

    text: str
    eid: str
    points: list[Point] = field(default_factory=list)
    line: int = field(default=0, compare=False, repr=False)

    def lines(self) -> Iterator[str]:
        if self.text:
            yield self.text
        for point in self.points:
            yield from point.lines()


@dataclass(slots=True)
class Article:
    """条. ``style="clause"`` is the 一、二、 numbering of decisions (决定) without 条."""

    num: int
    eid: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    suffix: int = 0  # 之一 → 1
    style: str = "article"
    heading: str = ""
    line: int = field(default=0, compare=False, repr=False)

    @property
    def label(self) -> str:
        if self.style == "clause":
            return f"{int_to_cn(self.num)}、"
        return article_label(self.num, self.suffix)

    @property
    def text(self) -> str:
        """The article without its label: paragraphs and items, one per line."""
        return "\n".join(self.lines())

    def lines(self) -> Iterator[str]:
        for para in self.paragraphs:
            yield from para.lines()

    def iter_points(self) -> Iterator[Point]:
        for para in self.paragraphs:
            stack = list(reversed(para.points))
            while stack:
                point = stack.pop()
                yield point
                stack.extend(reversed(point.children))


@dataclass(slots=True)
class Division:
    """编 / 分编 / 章 / 节."""

    kind: str
    num: int
    title: str
    eid: str
    children: list[Division | Article] = field(default_factory=list)
    intro: list[str] = field(default_factory=list)
    line: int = field(default=0, compare=False, repr=False)

    @property
    def label(self) -> str:
        return f"第{int_to_cn(self.num)}{DIVISIONS[self.kind][0]}"

    @property
    def heading(self) -> str:
        return f"{self.label} {self.title}" if self.title else self.label


@dataclass(slots=True)
class Attachment:
    """附件: a heading line (附件1：…) and its lines, kept as text."""

    heading: str
    eid: str
    lines: list[str] = field(default_factory=list)
    line: int = field(default=0, compare=False, repr=False)


@dataclass(slots=True)
class Statute:
    """A parsed statute. ``warnings`` and ``source`` do not take part in equality."""

    title: str
    notes: list[str] = field(default_factory=list)
    toc: list[str] = field(default_factory=list)
    preamble_heading: str = ""
    preamble: list[str] = field(default_factory=list)
    body: list[Division | Article] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list, compare=False, repr=False)
    source: str = field(default="", compare=False, repr=False)

    def walk(self) -> Iterator[tuple[tuple[Division, ...], Article]]:
        """Each article with its enclosing divisions, in document order."""

        def rec(parents: tuple[Division, ...], nodes: list[Division | Article]):
            for node in nodes:
                if isinstance(node, Article):
                    yield parents, node
                else:
                    yield from rec((*parents, node), node.children)

        yield from rec((), self.body)

    def articles(self) -> list[Article]:
        """All articles in document order."""
        out: list[Article] = []

        def rec(nodes: list[Division | Article]) -> None:
            for node in nodes:
                if isinstance(node, Article):
                    out.append(node)
                else:
                    rec(node.children)

        rec(self.body)
        return out

    def divisions(self) -> Iterator[tuple[tuple[Division, ...], Division]]:
        """Each division with its ancestors, in document order."""

        def rec(parents: tuple[Division, ...], nodes: list[Division | Article]):
            for node in nodes:
                if isinstance(node, Division):
                    yield parents, node
                    yield from rec((*parents, node), node.children)

        yield from rec((), self.body)

    def find(self, eid: str) -> Division | Article | Paragraph | Point | None:
        """The provision with this eId, or None."""
        for _, div in self.divisions():
            if div.eid == eid:
                return div
        for art in self.articles():
            if not eid.startswith(art.eid):
                continue
            if art.eid == eid:
                return art
            for para in art.paragraphs:
                if para.eid == eid:
                    return para
            for point in art.iter_points():
                if point.eid == eid:
                    return point
        return None

    def article(self, num: int, suffix: int = 0) -> Article | None:
        for art in self.articles():
            if art.num == num and art.suffix == suffix:
                return art
        return None

    @property
    def dates(self) -> list[dt.date]:
        """Dates found in the promulgation / amendment notes, in order of appearance."""
        out = []
        for note in self.notes:
            for y, m, d in _DATE.findall(note):
                try:
                    out.append(dt.date(int(y), int(m), int(d)))
                except ValueError:
                    continue
        return out

    @property
    def enacted(self) -> dt.date | None:
        return min(self.dates, default=None)

    @property
    def version_date(self) -> dt.date | None:
        """The latest date in the notes: the date of the version this text is."""
        return max(self.dates, default=None)
