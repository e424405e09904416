"""The bill texts through the statute engine (`renda.statutes`): parse, provision labels, comparison.

Nothing here parses or diffs on its own: the engine does; this module adapts its results to the pages
(article rows, provision choices for the comment form, a sanitized comparison table).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from html.parser import HTMLParser

from django.core.exceptions import ValidationError

from renda.statutes import (
    Article,
    Comparison,
    Statute,
    StatuteParseError,
    compare,
    int_to_cn,
    parse_text,
    render,
    to_docx,
    to_html,
)

MAX_TEXT_CHARS = 400_000


def parse(text: str) -> Statute:
    """Parse a bill text; malformed text is a ValidationError in Chinese with the line number."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "文本不能为空。"})
    if len(text) > MAX_TEXT_CHARS:
        raise ValidationError({"text": f"文本过长：不得超过 {MAX_TEXT_CHARS} 个字符。"})
    try:
        statute = parse_text(text)
    except StatuteParseError as exc:
        raise ValidationError({"text": f"文本无法解析：{exc}"}) from None
    if not statute.articles():
        raise ValidationError({"text": "文本中没有找到条文（应以“第一条”等开头）。"})
    return statute


@lru_cache(maxsize=64)
def _cached(text: str) -> Statute:
    return parse_text(text)


def statute_of(version) -> Statute:
    """The parsed tree of a stored version (cached by text: versions are immutable once used)."""
    return _cached(version.text)


def canonical(text: str) -> str:
    """The engine's canonical form of a text (what is stored)."""
    return render(parse(text))


def warnings_of(statute: Statute) -> list[str]:
    return [str(w) for w in statute.warnings]


# ---- provisions -------------------------------------------------------------------------------------------
_ART = re.compile(r"^(.*?art_[0-9]+(?:-[0-9]+)?(?:_dup[0-9]+)?)")


def article_eid(eid: str) -> str:
    """The article part of a provision eId ('' when the eId names no article)."""
    m = _ART.match(eid or "")
    return m.group(1) if m else ""


@dataclass(frozen=True)
class Provision:
    eid: str
    label: str  # 第十五条第二款第三项
    article_eid: str
    text: str
    level: int  # 0 article, 1 paragraph, 2 item, 3 sub-item


def provisions(statute: Statute) -> list[Provision]:
    """Every article, paragraph (when an article has several), item and sub-item, in order."""
    out: list[Provision] = []
    for art in statute.articles():
        out.append(Provision(art.eid, art.label, art.eid, art.text, 0))
        several = len(art.paragraphs) > 1
        for pi, para in enumerate(art.paragraphs, start=1):
            para_label = f"{art.label}第{int_to_cn(pi)}款" if several else art.label
            if several:
                out.append(Provision(para.eid, para_label, art.eid, para.text, 1))
            for point in para.points:
                point_label = f"{para_label}第{int_to_cn(point.num)}项"
                out.append(Provision(point.eid, point_label, art.eid, point.text, 2))
                for sub in point.children:
                    out.append(Provision(sub.eid, f"{point_label}第{sub.num}目", art.eid, sub.text, 3))
    return out


def provision_map(statute: Statute) -> dict[str, Provision]:
    return {p.eid: p for p in provisions(statute)}


@dataclass(frozen=True)
class ArticleRow:
    eid: str
    label: str
    chapter: str
    text: str
    new_chapter: bool


def article_rows(statute: Statute) -> list[ArticleRow]:
    """The articles with their chapter heading, for reading a version on a page."""
    rows: list[ArticleRow] = []
    last = None
    for parents, art in statute.walk():
        heading = " ".join(d.heading for d in parents)
        rows.append(ArticleRow(art.eid, art.label, heading, art.text, heading != last))
        last = heading
    return rows


def find_article(statute: Statute, eid: str) -> Article | None:
    node = statute.find(eid)
    return node if isinstance(node, Article) else None


# ---- comparison (修改对照表) -------------------------------------------------------------------------------
def comparison(old_version, new_version) -> Comparison:
    return compare(statute_of(old_version), statute_of(new_version))


def comparison_docx(result: Comparison) -> bytes:
    return to_docx(result)


class _TableSanitizer(HTMLParser):
    """Keep only the comparison table of the engine's HTML page, with an allow-list of tags and attributes.

    Everything outside <table>, every other tag, every attribute but a safe `class`/`data-kind`, and the
    content of <script>/<style> are dropped; all text is re-escaped.
    """

    TAGS = {"table", "colgroup", "col", "thead", "tbody", "tr", "th", "td", "del", "ins", "span"}
    VOID = {"col"}
    SAFE_TOKEN = re.compile(r"^[a-z][a-z0-9_-]{0,30}$")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.depth = 0  # inside <table>
        self.skip = 0  # inside <script>/<style>

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
            return
        if tag == "table":
            self.depth += 1
        if self.depth == 0 or tag not in self.TAGS:
            return
        kept = []
        for name, value in attrs:
            if name in ("class", "data-kind") and value:
                tokens = [t for t in value.split() if self.SAFE_TOKEN.match(t)]
                if tokens:
                    kept.append(f' {name}="{escape(" ".join(tokens))}"')
        if tag == "table":
            kept = [' class="table statute-compare"']
        self.out.append(f"<{tag}{''.join(kept)}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
            return
        if self.depth and tag in self.TAGS and tag not in self.VOID:
            self.out.append(f"</{tag}>")
        if tag == "table" and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.out.append(escape(data, quote=False))


def sanitized_table(html: str) -> str:
    parser = _TableSanitizer()
    parser.feed(html)
    parser.close()
    return "".join(parser.out)


def comparison_table(result: Comparison, *, changes_only: bool = False) -> str:
    """The 修改对照表 as an HTML fragment safe to embed in a page."""
    return sanitized_table(to_html(result, changes_only=changes_only))
