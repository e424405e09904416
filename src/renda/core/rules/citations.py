"""Citations a machine checks: find a rule's cited provision in the laws' texts and look for its quote.

Every national basis of the registry cites exactly one provision — 第X条, 第X条第Y款 or 第X条第Y款第（Z）项 —
and carries a short exact `quote` from it. `locate()` parses that citation, `provision_text()` returns the
text of the provision (with its paragraphs and items) from a parsed statute, and `law_file()` finds the
version of the law the basis names in the corpus folder (../shared/data/laws: `national/`, `qingdao/` …;
file names `<title>(<yyyy-mm-dd>).md`, the date being the version's). tests/core/test_citations.py walks
the whole registry with these functions.

Pure Python (no Django): only `renda.statutes`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from renda.statutes import Statute, cn_to_int, parse_file

_N = "零〇一二三四五六七八九十百千两"
_CITATION = re.compile(
    rf"^第([{_N}]+)条(?:之([{_N}]+))?(?:第([{_N}]+)款)?(?:第[（(]?([{_N}]+)[）)]?项)?$"
)
_DATED = re.compile(r"^(?P<title>.+?)\((?P<date>\d{4}-\d{2}-\d{2})\)$")
_PREFIX = "中华人民共和国"


@dataclass(frozen=True)
class Location:
    article: int
    suffix: int = 0  # 之一 → 1
    paragraph: int | None = None  # 1-based
    item: int | None = None  # 1-based


def locate(citation: str) -> Location:
    """Parse one provision (第X条[之Y][第Y款][第（Z）项]); ValueError for anything else (ranges, lists)."""
    m = _CITATION.match(citation)
    if not m:
        raise ValueError(f"不是单一条款的引用：{citation!r}")
    art, suffix, para, item = m.groups()
    return Location(
        article=cn_to_int(art),
        suffix=cn_to_int(suffix) if suffix else 0,
        paragraph=cn_to_int(para) if para else None,
        item=cn_to_int(item) if item else None,
    )


def provision_text(statute: Statute, loc: Location) -> str:
    """The text of the cited article / paragraph / item (items with their sub-items); LookupError if absent."""
    art = statute.article(loc.article, loc.suffix)
    if art is None:
        raise LookupError(f"没有第{loc.article}条")
    if loc.paragraph is None and loc.item is None:
        return art.text
    paragraphs = art.paragraphs
    if loc.paragraph is None:  # 第X条第（Z）项: the article's only list of items
        paragraphs = [p for p in paragraphs if p.points]
        if len(paragraphs) != 1:
            raise LookupError(f"第{loc.article}条的项须注明所在的款")
        para = paragraphs[0]
    else:
        if not 1 <= loc.paragraph <= len(paragraphs):
            raise LookupError(f"第{loc.article}条没有第{loc.paragraph}款（共 {len(paragraphs)} 款）")
        para = paragraphs[loc.paragraph - 1]
    if loc.item is None:
        return "\n".join(para.lines())
    items = [p for p in para.points if p.level == "item"]
    if not 1 <= loc.item <= len(items):
        raise LookupError(f"第{loc.article}条该款没有第{loc.item}项（共 {len(items)} 项）")
    return "\n".join(items[loc.item - 1].lines())


def _title_and_date(path: Path) -> tuple[str, str]:
    m = _DATED.match(path.stem)
    return (m["title"], m["date"]) if m else (path.stem, "")


def law_file(laws_dir: Path, law: str, version: str) -> Path | None:
    """The corpus file of `law` (full title) in `version` (a year, or yyyy-mm-dd), or None if not in the library.

    A file matches by title (the 中华人民共和国 prefix dropped; "民法典-总则" is a part of 民法典) and by
    version: the date in its name, or, for an undated file, the latest date in its notes (宪法: 2018)."""
    title = law.removeprefix(_PREFIX)
    found = []
    for path in sorted(laws_dir.rglob("*.md")):
        stem, date = _title_and_date(path)
        if stem != title and not stem.startswith(title + "-"):
            continue
        if not date:
            vd = parse_file(path).version_date
            date = vd.isoformat() if vd else ""
        if not version or date.startswith(version):
            found.append(path)
    if len(found) > 1:
        raise LookupError(f"《{law}》（{version}）在文本库中有多个文件：{[p.name for p in found]}")
    return found[0] if found else None


def normalise(text: str) -> str:
    """Text compared without layout: no whitespace (the corpus breaks some lines)."""
    return re.sub(r"\s+", "", text)
