"""Parse Chinese statute text into a :class:`~renda.statutes.model.Statute` tree.

Accepted input: plain text (one block per line, as copied from the official
database or a .docx) and the corpus Markdown dialect (``# 标题``, the notes,
``<!-- INFO END -->``, ``## 第一章 …`` headings). The parse is one pass over the
lines with a handful of precompiled patterns.

Lenient by default: irregularities that real statutes contain (a gap or a repeat
in article numbers, an item outside an article …) become ``statute.warnings``;
with ``strict=True`` they raise :class:`StatuteParseError` carrying the line.
"""

from __future__ import annotations

import re

from .model import (
    DIVISIONS,
    ITEM,
    SUBITEM,
    UNIT_TO_KIND,
    Article,
    Attachment,
    Division,
    Paragraph,
    ParseWarning,
    Point,
    Statute,
    StatuteParseError,
)
from .normalize import clean_line, prepare
from .numerals import KNOWN_NUMERALS, article_label, cn_to_int, int_to_cn

INFO_END = "<!-- INFO END -->"
_N = "零〇○一二三四五六七八九十百千万两"
_STRUCT = re.compile(rf"第 ?([{_N}0-9]+) ?(分编|编|章|节|条)(?:之([{_N}]+))?(.*)")
_ITEM = re.compile(rf"[（(] ?([{_N}]+) ?[）)] ?(.*)")
_SUBITEM = re.compile(r"([0-9]{1,3}) ?[.．、](?![0-9])(.*)")
_CLAUSE = re.compile(rf"([{_N}]+)、(.*)")
_NOTE = re.compile(r"[（(]?\s*(?:根据)?\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_ATTACH = re.compile(r"(附件|附表|附录) ?[0-9一二三四五六七八九十]*(?: ?[：:] ?.{0,60})?")
_HAS_ARTICLE = re.compile(rf"(?m)^[# ]*第 ?[{_N}0-9]+ ?条(?:之[{_N}]+)?(?: |【|$)")
_HEADING_PUNCT = re.compile(r"[。；，：]")
# Markdown heading marks: "## 第一章", also without the space before a label ("##第一章"); "#1楼" is text
_MD_HEADING = re.compile(r"#+(?: +#+)*(?: +|$|(?=第|序言|目录|附))")
# "（一）至（三）项所列…", "（四）、（五）项" are cross-references, not items
_XREF = re.compile(rf" ?(?:(?:至|、|和|或者|或|及|与|到) ?[（(] ?[{_N}]+ ?[）)]|项(?:所|规定|的|中))")
_TOC_ENTRY = re.compile(rf"(?:第 ?[{_N}0-9]+ ?(?:分编|编|章|节)|序言|附则|附件|附录|附表)[^。；]{{0,40}}")


def parse_text(text: str, *, strict: bool = False, source: str = "") -> Statute:
    """Parse statute text (plain or the corpus Markdown). See the module docstring."""
    return _Parser(strict, source).run(text)


class _Parser:
    def __init__(self, strict: bool, source: str) -> None:
        self.strict = strict
        self.statute = Statute(title="", source=source)
        self.warnings = self.statute.warnings
        self.stack: list[Division] = []
        self.article: Article | None = None
        self.last_article: Article | None = None
        self.last_parent: Division | None = None
        self.para: Paragraph | None = None
        self.item: Point | None = None
        self.attachment: Attachment | None = None
        self.last_num = 0
        self.last_suffix = 0
        self.div_last: dict[str, int] = {}
        self.used: set[str] = set()
        self.seen_structure = False
        self.clause_mode = False

    # ---- messages ----
    def problem(self, line: int, message: str) -> None:
        if self.strict:
            raise StatuteParseError(message, line)
        self.warnings.append(ParseWarning(line, message))

    # ---- driver ----
    def run(self, text: str) -> Statute:
        text = prepare(text)
        lines = text.split("\n")
        start = self.header(lines, INFO_END in text)
        self.clause_mode = _HAS_ARTICLE.search(text) is None
        self.body(lines, start)
        if not self.statute.body and not self.statute.preamble and not self.statute.title:
            raise StatuteParseError("文本为空，未找到标题或条文", 1)
        if self.last_article is None:
            self.warnings.append(ParseWarning(0, "未识别到任何条文"))
        return self.statute

    def header(self, lines: list[str], has_marker: bool) -> int:
        """Title and notes; returns the index of the first body line."""
        st = self.statute
        i, n = 0, len(lines)
        while i < n and not lines[i].strip():
            i += 1
        if i == n:
            raise StatuteParseError("文本为空，未找到标题或条文", 1)
        first = lines[i].strip()
        heading = _MD_HEADING.match(first)
        if heading is not None:
            first = first[heading.end() :]
        elif first == INFO_END or (_STRUCT.match(first) and self._structural(first)):
            self.warnings.append(ParseWarning(i + 1, "未找到标题"))
            return i + 1 if first == INFO_END else i
        st.title = clean_line(first)
        i += 1
        if has_marker:
            while i < n:
                s = lines[i].strip()
                i += 1
                if s == INFO_END:
                    return i
                if s:
                    st.notes.append(clean_line(s))
            return i
        depth = 0  # open parentheses of a （…） note spanning several lines
        while i < n:
            s = lines[i].strip()
            if not s:
                i += 1
                continue
            if s[0] == "#" or self._structural(s):
                break
            if depth > 0 or _NOTE.match(s):
                if depth > 0 or s[0] in "（(":
                    depth = max(depth + s.count("（") + s.count("(") - s.count("）") - s.count(")"), 0)
                st.notes.append(clean_line(s))
                i += 1
                continue
            break
        return i

    def _structural(self, s: str) -> bool:
        m = _STRUCT.match(s)
        return bool(m) and self._label_ok(m.group(2), m.group(4))

    @staticmethod
    def _label_ok(unit: str, rest: str) -> bool:
        if not rest or rest[0] in " 【":
            return True
        if unit == "条":
            return False
        return len(rest) <= 30 and not _HEADING_PUNCT.search(rest)

    def body(self, lines: list[str], start: int) -> None:
        st = self.statute
        toc_mode = False
        toc_first_division = ""
        toc_listed = False
        struct_match = _STRUCT.match
        numbers = KNOWN_NUMERALS
        for lineno, raw in enumerate(lines[start:], start + 1):
            s = raw.strip()
            if not s:
                continue
            c = s[0]
            md = False
            if c == "#":
                m = _MD_HEADING.match(s)
                if m is not None:
                    s = s[m.end() :]
                    if not s:
                        continue
                    md = True
                    c = s[0]
            if self.attachment is not None:
                if c == "附" and _ATTACH.fullmatch(s) and not s.endswith("。"):
                    self.start_attachment(s, lineno)
                else:
                    self.attachment.lines.append(clean_line(s))
                continue
            if toc_mode:
                if s.startswith("- "):  # the canonical form lists the entries: the list is the toc
                    st.toc.append(_toc_entry(s[2:]))
                    toc_listed = True
                    continue
                # otherwise it ends where the body repeats its first entry (or first label)
                cleaned = _toc_entry(s)
                if toc_listed or (
                    st.toc and (cleaned == st.toc[0] or cleaned.split(" ")[0] == toc_first_division)
                ):
                    toc_mode = False
                elif _TOC_ENTRY.fullmatch(cleaned):
                    st.toc.append(cleaned)
                    if not toc_first_division and cleaned[0] == "第":
                        toc_first_division = cleaned.split(" ")[0]
                    continue
                else:
                    toc_mode = False
            if c == "第":
                m = struct_match(s)
                if m is not None:
                    numeral, unit, suffix_numeral, rest = m.groups()
                    if not rest or rest[0] in " 【" or (unit != "条" and self._label_ok(unit, rest)):
                        try:
                            num = numbers.get(numeral) or cn_to_int(numeral)
                            suffix = cn_to_int(suffix_numeral) if suffix_numeral else 0
                        except ValueError as exc:
                            self.problem(lineno, str(exc))
                        else:
                            if " " in rest:
                                rest = clean_line(rest)
                            if unit != "条":
                                self.start_division(UNIT_TO_KIND[unit], num, rest, lineno)
                            elif not suffix and num == self.last_num + 1:  # the usual case
                                self.last_num, self.last_suffix = num, 0
                                self.new_article(num, 0, rest, lineno, False, "")
                            else:
                                self.start_article(num, suffix, rest, lineno)
                            continue
            elif c == "（" or c == "(":
                m = _ITEM.match(s)
                if m is not None:
                    numeral, rest = m.groups()
                    try:
                        num = numbers.get(numeral) or cn_to_int(numeral)
                    except ValueError:
                        num = 0
                    if " " in rest:
                        rest = clean_line(rest)
                    if num and not _XREF.match(rest) and self.add_item(num, rest, lineno):
                        continue
            elif "0" <= c <= "9":
                m = _SUBITEM.match(s)
                if m is not None and self.add_subitem(
                    int(m.group(1)), clean_line(m.group(2).lstrip()), lineno
                ):
                    continue
            elif self.clause_mode and c in _N:
                m = _CLAUSE.match(s)
                if m is not None:
                    try:
                        num = cn_to_int(m.group(1))
                    except ValueError:
                        num = 0
                    if num:
                        rest = clean_line(m.group(2))
                        self.start_article(
                            num, 0, "" if md else rest, lineno, clause=True, heading=rest if md else ""
                        )
                        continue
            elif c == "目" and not self.seen_structure and not st.toc and s.replace(" ", "") == "目录":
                toc_mode = True
                continue
            elif c == "序" and not self.seen_structure and s.replace(" ", "") == "序言" and not st.preamble:
                st.preamble_heading = "序言"
                continue
            elif c == "附" and self.article is not None and _ATTACH.fullmatch(s) and not s.endswith("。"):
                self.start_attachment(s, lineno)
                continue
            if md:
                self.warnings.append(
                    ParseWarning(lineno, f"无法识别的标题，按正文处理：{clean_line(s)[:20]}")
                )
            if " " in s:
                s = clean_line(s)
            art = self.article
            if art is None:
                self.add_loose_text(s)
                continue
            paras = art.paragraphs
            if len(paras) == 1 and not paras[0].text and not paras[0].points:
                paras[0].text = s
                continue
            para = Paragraph(s, f"{art.eid}__para_{len(paras) + 1}", [], lineno)
            paras.append(para)
            self.para = para
            self.item = None

    # ---- structure ----
    def _unique(self, eid: str) -> str:
        if eid in self.used:
            k = 2
            while f"{eid}_dup{k}" in self.used:
                k += 1
            eid = f"{eid}_dup{k}"
        self.used.add(eid)
        return eid

    def start_division(self, kind: str, num: int, title: str, lineno: int) -> None:
        self.seen_structure = True
        rank = DIVISIONS[kind][2]
        while self.stack and DIVISIONS[self.stack[-1].kind][2] >= rank:
            self.stack.pop()
        for k, (_, _, r) in DIVISIONS.items():
            if r > rank:
                self.div_last.pop(k, None)
        if num == 1 and self.div_last.get(kind, 0) and not self.last_num and self._headings_only(kind):
            # the headings so far were a table of contents without a 目录 line
            self.statute.toc.extend(div.heading for _, div in self.statute.divisions())
            self.statute.body.clear()
            self.used.clear()
            self.div_last.clear()
            self.stack.clear()
        expected = self.div_last.get(kind, 0) + 1
        unit = DIVISIONS[kind][0]
        if num != expected:
            self.problem(
                lineno, f"{unit}的编号不连续：应为第{int_to_cn(expected)}{unit}，实为第{int_to_cn(num)}{unit}"
            )
        self.div_last[kind] = num
        parent = self.stack[-1] if self.stack else None
        prefix = f"{parent.eid}__" if parent else ""
        div = Division(kind, num, title, self._unique(f"{prefix}{DIVISIONS[kind][1]}_{num}"), line=lineno)
        (parent.children if parent else self.statute.body).append(div)
        self.stack.append(div)
        self.article = self.para = self.item = None

    def _headings_only(self, kind: str) -> bool:
        """Only headings so far, starting with 第一X of this kind: they were a table of contents."""
        st = self.statute
        first = st.body[0] if st.body else None
        if st.toc or not isinstance(first, Division) or first.kind != kind or first.num != 1:
            return False
        return all(
            not div.intro and all(isinstance(c, Division) for c in div.children) for _, div in st.divisions()
        )

    def start_article(
        self, num: int, suffix: int, text: str, lineno: int, *, clause: bool = False, heading: str = ""
    ) -> None:
        self.seen_structure = True
        if not clause and suffix == 0 and num > self.last_num + 1:
            self.repair_run_on(num)
        last = self.last_num
        if (suffix == 0 and num == last + 1) or (suffix and num == last and suffix == self.last_suffix + 1):
            pass
        elif num > last or (num == last and suffix > self.last_suffix):
            label = f"{int_to_cn(num)}、" if clause else article_label(num, suffix)
            unit = "{}、" if clause else "第{}条"
            missing = "、".join(unit.format(int_to_cn(k)) for k in range(last + 1, num))
            self.problem(lineno, f"条文编号不连续：{label}之前缺少{missing or '条文'}")
        else:
            label = f"{int_to_cn(num)}、" if clause else article_label(num, suffix)
            prev = f"{int_to_cn(last)}、" if clause else article_label(last, self.last_suffix)
            self.problem(lineno, f"条文编号重复或倒序：{label}出现在{prev}之后")
        self.last_num, self.last_suffix = num, suffix
        self.new_article(num, suffix, text, lineno, clause, heading)

    def new_article(
        self,
        num: int,
        suffix: int,
        text: str,
        lineno: int,
        clause: bool,
        heading: str,
        parent: Division | None = None,
        after: Article | None = None,
    ) -> Article:
        if after is None:
            parent = self.stack[-1] if self.stack else None
        numstr = f"{num}-{suffix}" if suffix else num
        eid = f"{parent.eid}__art_{numstr}" if parent else f"art_{numstr}"
        if eid in self.used:
            eid = self._unique(eid)
        else:
            self.used.add(eid)
        para = Paragraph(text, eid + "__para_1", [], lineno)
        art = Article(num, eid, [para], suffix, "clause" if clause else "article", heading, lineno)
        siblings = parent.children if parent else self.statute.body
        if after is None:
            siblings.append(art)
            self.article, self.para, self.item = art, para, None
        else:
            siblings.insert(siblings.index(after) + 1, art)
        self.last_article, self.last_parent = art, parent
        return art

    def repair_run_on(self, num: int) -> None:
        """Split off articles run into the previous one ("…。 第十六条 …" inside a paragraph)."""
        art = self.last_article
        for missing in range(self.last_num + 1, num):
            if art is None or art.style != "article":
                return
            label = f"第{int_to_cn(missing)}条"
            cut = None
            for pi in range(len(art.paragraphs) - 1, -1, -1):
                text = art.paragraphs[pi].text
                pos = text.rfind(label)
                while pos > 0 and text[pos - 1] not in "。；！？”":
                    pos = text.rfind(label, 0, pos)
                if pos > 0 or (pos == 0 and pi > 0):
                    cut = (pi, pos)
                    break
            if cut is None:
                return
            pi, pos = cut
            para = art.paragraphs[pi]
            head, tail = para.text[:pos].rstrip(), para.text[pos + len(label) :].strip()
            moved = [Paragraph(tail, "", para.points, line=para.line), *art.paragraphs[pi + 1 :]]
            del art.paragraphs[pi + (0 if pos == 0 else 1) :]
            para.text, para.points = head, []
            self.warnings.append(
                ParseWarning(para.line, f"{label}与上一条文连排在同一段中，已拆分为单独条文")
            )
            art = self.new_article(missing, 0, "", para.line, False, "", self.last_parent, art)
            art.paragraphs = moved
            reassign_eids(art)
            if self.article is not None:
                self.article, self.para, self.item = art, moved[-1], None
            self.last_num, self.last_suffix = missing, 0

    def add_item(self, num: int, text: str, lineno: int) -> bool:
        art = self.article
        if art is None:
            self.problem(lineno, f"项（{int_to_cn(num)}）不在任何条文之内")
            return False
        para = self.para or art.paragraphs[-1]
        if not para.points and num > 1:
            para = self.continue_items(art, num) or para
            self.para = para
        expected = para.points[-1].num + 1 if para.points else 1
        if num != expected:
            self.problem(lineno, f"项的编号不连续：应为（{int_to_cn(expected)}），实为（{int_to_cn(num)}）")
        point = Point(num, text, f"{para.eid}__point_{len(para.points) + 1}", ITEM, [], [], lineno)
        para.points.append(point)
        self.item = point
        return True

    @staticmethod
    def continue_items(art: Article, num: int) -> Paragraph | None:
        """An item list interrupted by plain paragraphs that belong to its last item:
        （二）…  / 一段说明 / （三）…  — the paragraphs become the tail of （二）."""
        paras = art.paragraphs
        k = len(paras) - 1
        while k > 0 and not paras[k].points:
            k -= 1
        if k == len(paras) - 1 or not paras[k].points or paras[k].points[-1].num != num - 1:
            return None
        owner = paras[k]
        owner.points[-1].tail.extend(p.text for p in paras[k + 1 :])
        del paras[k + 1 :]
        return owner

    def add_subitem(self, num: int, text: str, lineno: int) -> bool:
        item = self.item
        if item is None:
            if self.article is not None:
                self.problem(lineno, f"目{num}.不在任何项之内，按正文处理")
            return False
        expected = item.children[-1].num + 1 if item.children else 1
        if num != expected:
            self.problem(lineno, f"目的编号不连续：应为{expected}.，实为{num}.")
        item.children.append(
            Point(num, text, f"{item.eid}__list_1__point_{len(item.children) + 1}", SUBITEM, line=lineno)
        )
        return True

    def add_loose_text(self, text: str) -> None:
        """Text outside any article: the intro of the open division, or the preamble."""
        if self.stack:
            self.stack[-1].intro.append(text)
        else:
            self.statute.preamble.append(text)

    def start_attachment(self, heading: str, lineno: int) -> None:
        atts = self.statute.attachments
        att = Attachment(clean_line(heading), f"att_{len(atts) + 1}", line=lineno)
        atts.append(att)
        self.attachment = att
        self.article = self.para = self.item = None


def _toc_entry(s: str) -> str:
    """A heading in canonical form (第一章 总则), any other line cleaned."""
    m = _STRUCT.match(s)
    if m and m.group(2) != "条" and not m.group(3):
        try:
            label = f"第{int_to_cn(cn_to_int(m.group(1)))}{m.group(2)}"
        except ValueError:
            return clean_line(s)
        rest = clean_line(m.group(4))
        return f"{label} {rest}" if rest else label
    return clean_line(s)


def reassign_eids(art: Article) -> None:
    """Recompute the eIds below an article from its own eId (after moving paragraphs)."""
    for pi, para in enumerate(art.paragraphs, 1):
        para.eid = f"{art.eid}__para_{pi}"
        for ki, point in enumerate(para.points, 1):
            point.eid = f"{para.eid}__point_{ki}"
            for si, sub in enumerate(point.children, 1):
                sub.eid = f"{point.eid}__list_1__point_{si}"
