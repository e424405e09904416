"""Amendment decisions (修改决定 / 修正案): read the instructions and apply them to a base text.

The instructions are read in the standard drafting language::

    将第十条修改为：“……”                      (also 第十条第二款 / 第二款第三项)
    将第五条第二款中的“A”修改为“B”            (every occurrence in that provision)
    在第五条第二款中的“A”后增加“B”   删去第五条中的“A”
    删去第十五条   删去第五条第二款
    在第二十条后增加一条，作为第二十一条：“……”   (also 前; 增加两条，分别作为…; 之一)
    增加一条，作为第二十一条：“……”              (placed at that number of the final text)
    在第五条中增加一款，作为第二款：“……”   第三款改为第四款 (checked)
    在第五条第二款中增加一项，作为第三项：“……”
    将第二章的章名修改为“……”   删去第三章第一节的节名
    在第三十条后增加一章，作为第五章：“第五章 ……”  (an inserted text may hold headings and articles)
    将名称修改为“……”   将序言修改为：“……”
    条文顺序作相应调整 (renumber: cross-references such as 依照本条例第十五条 follow their article)

Semantics (documented in docs/STATUTES.md):

* an existing provision is named by its number in the BASE text (第十五条 is the base's 第十五条
  even after articles were inserted before it); a new number (作为第X条 / 第X款) is the number
  in the amended text;
* text written by the decision is taken verbatim: only text carried over from the base has its
  cross-references renumbered;
* a multi-paragraph quotation opens each paragraph with “ and closes only the last (standard
  practice); inner quotation marks may be written ‘’.

Every instruction ends up in the report as ``applied`` or ``error`` (with the reason) or
``noted`` (e.g. 本决定自…起施行); an instruction that does not match the base is an error,
never silently skipped.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from .model import DIVISIONS, Article, Paragraph, Point, Statute
from .normalize import clean_line, prepare
from .numerals import article_label, cn_to_int, int_to_cn
from .parser import INFO_END, parse_text
from .render import article_lines, render

OPEN, CLOSE = "\ue000", "\ue001"  # marks text written by the decision (not renumbered)
_N = "零〇一二三四五六七八九十百千两"
_UNIT_OF = {"book": "编", "part": "分编", "chapter": "章", "section": "节"}
_KIND_OF = {v: k for k, v in _UNIT_OF.items()}
_RENUMBER = re.compile(r"(?:条文|条款|章节)(?:的)?顺序(?:作|做)?相应(?:的)?调整")


class AmendmentError(ValueError):
    """The decision cannot be read at all (no instruction found)."""


@dataclass(slots=True)
class Step:
    """One instruction of the decision and what became of it."""

    clause: str  # the clause it belongs to: "一" / "（三）" / "" (closing text)
    text: str
    status: str = "applied"  # applied | error | noted
    message: str = ""

    def to_dict(self) -> dict:
        return {"clause": self.clause, "text": self.text, "status": self.status, "message": self.message}


@dataclass(slots=True)
class AmendResult:
    title: str  # the regulation the section amends (from the decision, else the base title)
    statute: Statute
    steps: list[Step]
    renumbered: bool = False
    origins: list[tuple[int, int] | None] = field(default_factory=list)  # base number of each article

    @property
    def ok(self) -> bool:
        return all(s.status != "error" for s in self.steps)

    @property
    def errors(self) -> list[Step]:
        return [s for s in self.steps if s.status == "error"]

    @property
    def text(self) -> str:
        return render(self.statute)

    def to_dict(self) -> dict:
        return {
            "title": self.title,
            "ok": self.ok,
            "renumbered": self.renumbered,
            "applied": sum(s.status == "applied" for s in self.steps),
            "errors": len(self.errors),
            "steps": [s.to_dict() for s in self.steps],
        }


# ---- protected text (written by the decision) ----


def _decode(s: str) -> tuple[str, list[bool]]:
    out: list[str] = []
    mask: list[bool] = []
    prot = False
    for ch in s:
        if ch == OPEN:
            prot = True
        elif ch == CLOSE:
            prot = False
        else:
            out.append(ch)
            mask.append(prot)
    return "".join(out), mask


def _encode(text: str, mask: list[bool]) -> str:
    out: list[str] = []
    prot = False
    for ch, m in zip(text, mask, strict=True):
        if m != prot:
            out.append(OPEN if m else CLOSE)
            prot = m
        out.append(ch)
    if prot:
        out.append(CLOSE)
    return "".join(out)


def _protect(s: str) -> str:
    return f"{OPEN}{s}{CLOSE}" if s else s


def _strip(s: str) -> str:
    return s.replace(OPEN, "").replace(CLOSE, "")


def _edit(s: str, a: str, b: str, where: str) -> tuple[str, int]:
    """Replace (where="replace"), insert b after/before (where="after"/"before") every occurrence of a."""
    text, mask = _decode(s)
    count = 0
    out: list[str] = []
    omask: list[bool] = []
    i = 0
    while True:
        k = text.find(a, i)
        if k < 0:
            break
        count += 1
        out.append(text[i:k])
        omask += mask[i:k]
        if where == "after":
            out += [a, b]
            omask += mask[k : k + len(a)] + [True] * len(b)
        elif where == "before":
            out += [b, a]
            omask += [True] * len(b) + mask[k : k + len(a)]
        else:
            out.append(b)
            omask += [True] * len(b)
        i = k + len(a)
    out.append(text[i:])
    omask += mask[i:]
    return _encode("".join(out), omask), count


# ---- cross-references ----

_ART_REF = re.compile(rf"第([{_N}]+)条(?:之([{_N}]+))?")
_SELF = re.compile(r"本(?:条例|法|规定|办法|细则|规则|决定|实施办法)$")
_SEP = re.compile(rf"^(?:第[{_N}]+[款项])*(?:、|和|或者|或|及|以及|至|到|，)$")
_EXTERNAL_END = "》法例定则典"


def internal_references(text: str) -> Iterator[tuple[int, int, int, int]]:
    """(start, end, num, suffix) of each reference to an article of the same text.

    Internal: 本条例第十条, or a bare 第十条 (not right after a law's name: 《…法》第十条 and
    …法第十条 are external); a 第X条 chained to a previous reference by 、/和/至 … follows it.
    """
    prev_end, prev_internal = -1, False
    for m in _ART_REF.finditer(text):
        try:
            num = cn_to_int(m.group(1))
            suffix = cn_to_int(m.group(2)) if m.group(2) else 0
        except ValueError:
            continue
        start = m.start()
        if prev_end >= 0 and _SEP.match(text[prev_end:start]):
            internal = prev_internal
        elif _SELF.search(text[max(0, start - 5) : start]):
            internal = True
        else:
            internal = not start or text[start - 1] not in _EXTERNAL_END
        prev_end, prev_internal = m.end(), internal
        if internal:
            yield start, m.end(), num, suffix


def rewrite_references(s: str, mapping: dict[tuple[int, int], tuple[int, int]]) -> str:
    """Renumber the internal references of a (possibly marked) text; decision text is left as is."""
    text, mask = _decode(s)
    out: list[str] = []
    omask: list[bool] = []
    i = 0
    for start, end, num, suffix in internal_references(text):
        target = mapping.get((num, suffix))
        if target is None or any(mask[start:end]) or target == (num, suffix):
            continue
        label = article_label(*target)
        out.append(text[i:start])
        omask += mask[i:start]
        out.append(label)
        omask += [False] * len(label)
        i = end
    out.append(text[i:])
    omask += mask[i:]
    return _encode("".join(out), omask)


# ---- reading the decision ----

_CLAUSE = re.compile(rf"^(?:([{_N}]+)、|[（(]([{_N}]+)[）)]|([0-9]+)[.．、](?![0-9]))\s*")
_REG_HEAD = re.compile(
    rf"^([{_N}]+)、\s*(?:对|关于)?\s*(《[^“”]+?》)\s*(?:的修改|作(?:如下|出如下)?修改|修改如下)?\s*[：:。]?$"
)
_DECISION_TITLE = re.compile(r"关于修改(《.+?》)(?:等.+?)?的决定")


def _quote_lines(lines: list[str]) -> Iterator[tuple[int, str]]:
    """Join lines into clauses: a line continues the clause while a quotation is open.

    Yields (first line index, clause text); a paragraph break inside a quotation is "\\n"
    (the continuation line's opening “ is dropped).
    """
    buf: list[str] = []
    first = 0
    depth = 0
    for idx, line in enumerate(lines):
        if depth > 0 and buf:
            if line.startswith("“"):
                line = line[1:]
            buf.append("\n")
        elif buf and line.startswith("“"):  # a further quotation of the same instruction
            pass
        else:
            if buf:
                yield first, "".join(buf)
            buf, first = [], idx
        buf.append(line)
        for ch in line:
            if ch == "“":
                depth += 1
            elif ch == "”":
                depth = max(depth - 1, 0)
        if depth > 1:
            depth = 1  # paragraphs that open but never close a nested quote
    if buf:
        yield first, "".join(buf)


_QUOTE_GOES_ON = re.compile(r"[。；，、“：:]|修改为|改为|后增加|前增加|$")


def _sentences(clause: str) -> Iterator[str]:
    """Split a clause on 。 and ； outside quotations."""
    depth = 0
    start = 0
    for k, ch in enumerate(clause):
        if ch == "“":
            depth += 1
        elif ch == "”":
            depth = max(depth - 1, 0)
            # “…。”第二款改为第三款: a quotation that ends a sentence is followed by the next one
            if not depth and k > 0 and clause[k - 1] == "。" and not _QUOTE_GOES_ON.match(clause, k + 1):
                part = clause[start : k + 1].strip()
                if part:
                    yield part
                start = k + 1
        elif ch in "。；" and depth == 0:
            part = clause[start:k].strip()
            if part:
                yield part
            start = k + 1
    part = clause[start:].strip()
    if part:
        yield part


def _skeleton(sentence: str) -> tuple[str, list[str]]:
    """Replace each top-level quotation by Q and return the quoted texts."""
    out: list[str] = []
    quotes: list[str] = []
    depth = 0
    cur: list[str] = []
    for ch in sentence:
        if ch == "“":
            if depth:
                cur.append(ch)
            depth += 1
        elif ch == "”" and depth:
            depth -= 1
            if depth:
                cur.append(ch)
            else:
                quotes.append(_unquote("".join(cur)))
                cur = []
                out.append("Q")
        elif depth:
            cur.append(ch)
        else:
            out.append(ch)
    if depth:
        quotes.append(_unquote("".join(cur)))
        out.append("Q")
    return "".join(out).replace(" ", ""), quotes


def _unquote(text: str) -> str:
    if "“" not in text and "”" not in text:
        text = text.replace("‘", "“").replace("’", "”")
    return text


def quote(text: str) -> str:
    """A text as the decision quotes it: “…”, inner quotation marks as ‘’ when possible."""
    if ("“" in text or "”" in text) and "‘" not in text and "’" not in text:
        text = text.replace("“", "‘").replace("”", "’")
    lines = text.split("\n")
    return "\n".join("“" + line for line in lines) + "”"


@dataclass(slots=True)
class Section:
    """The part of a decision that amends one regulation."""

    title: str  # 《…》, or "" when the decision does not say
    clauses: list[tuple[str, str]]  # (clause label, clause text)


def split_decision(text: str) -> list[Section]:
    """The decision per regulation (by its 一、《XX条例》 headings), each as numbered clauses."""
    lines = [clean_line(line) for line in prepare(text).split("\n")]
    lines = [line.lstrip("#").strip() if line.startswith("#") else line for line in lines]
    lines = [line for line in lines if line and line != INFO_END]
    sections: list[Section] = []
    heads = [(k, m) for k, line in enumerate(lines) if (m := _REG_HEAD.match(line))]
    found_title = ""
    for line in lines[:3]:
        m = _DECISION_TITLE.search(line)
        if m:
            found_title = m.group(1)
            break
    if len(heads) >= 1 and not (
        len(heads) == 1 and heads[0][0] > 0 and _mentions_instruction(lines[heads[0][0]])
    ):
        bounds = [k for k, _ in heads] + [len(lines)]
        for (k, m), end in zip(heads, bounds[1:], strict=False):
            sections.append(Section(m.group(2), _clauses(lines[k + 1 : end])))
        # closing text after the last regulation's clauses (根据本决定作相应修改…) is for every section
        last = sections[-1].clauses
        tail = len(last)
        while tail and not last[tail - 1][0]:
            tail -= 1
        closing = last[tail:]
        for section in sections[:-1]:
            section.clauses += closing
        return sections
    return [Section(found_title, _clauses(lines))]


def _mentions_instruction(line: str) -> bool:
    return any(w in line for w in ("修改为", "删去", "增加"))


def _clauses(lines: list[str]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for _, text in _quote_lines(lines):
        m = _CLAUSE.match(text)
        if m:
            label = m.group(1) or (f"（{m.group(2)}）" if m.group(2) else m.group(3))
            out.append((label, text[m.end() :]))
        elif _mentions_instruction(text) or _RENUMBER.search(text) or "施行" in text:
            out.append(("", text))
    return out


# ---- the working state: headings and articles as one flat sequence ----


@dataclass(slots=True, eq=False)
class _Block:
    kind: str  # "article" or a division kind
    art: Article | None = None
    title: str = ""
    intro: list[str] = field(default_factory=list)
    num: int = 0  # division number / label of a new article
    suffix: int = 0
    base: object = None  # base article key (num, suffix) or base heading path
    label_fixed: bool = False  # a new article: its label comes from the decision
    para_base: dict[int, int] = field(default_factory=dict)  # id(paragraph) → base 款 number
    point_base: dict[int, int] = field(default_factory=dict)  # id(point) → base 项 number


def _heading_path(parents, div) -> tuple:
    return tuple((d.kind, d.num) for d in (*parents, div))


def _path_label(path: tuple) -> str:
    return "".join(f"第{int_to_cn(n)}{_UNIT_OF[k]}" for k, n in path)


def _flatten(st: Statute) -> list[_Block]:
    out: list[_Block] = []

    def rec(parents, nodes) -> None:
        for node in nodes:
            if isinstance(node, Article):
                art = copy.deepcopy(node)
                b = _Block("article", art, base=(art.num, art.suffix), num=art.num, suffix=art.suffix)
                for k, p in enumerate(art.paragraphs, 1):
                    b.para_base[id(p)] = k
                    for m, pt in enumerate(p.points, 1):
                        b.point_base[id(pt)] = m
                out.append(b)
            else:
                out.append(
                    _Block(
                        node.kind,
                        title=node.title,
                        intro=list(node.intro),
                        num=node.num,
                        base=_heading_path(parents, node),
                    )
                )
                rec((*parents, node), node.children)

    rec((), st.body)
    return out


_LABEL_START = re.compile(rf"^(第[{_N}]+条(?:之[{_N}]+)?)(?=[^ ，、的])")


def _content_blocks(content: str, first_label: str, *, several: bool = False) -> list[_Block]:
    """Parse quoted text (articles, possibly headings) into blocks.

    A single article is quoted without its label (the label is ``first_label``); quoted text of
    several articles or with headings starts each article with its label (第十条　…).
    """
    lines = [clean_line(x) for x in prepare(content).split("\n")]
    lines = [x for x in lines if x]
    if not lines:
        return []
    head = lines[0]
    starts_labelled = re.match(rf"第[{_N}0-9]+(?:分编|编|章|节)", head) or (
        several and _LABEL_START.match(head)
    )
    if several or starts_labelled:
        lines = [_LABEL_START.sub(r"\1 ", x) for x in lines]
    if not starts_labelled:
        lines[0] = f"{first_label} {lines[0]}"
    st = parse_text("# 内容\n" + INFO_END + "\n" + "\n\n".join(lines))
    blocks = _flatten(st)
    for b in blocks:
        b.base = None
        b.para_base.clear()
        b.point_base.clear()
        b.label_fixed = True
        if b.art is not None:
            _protect_article(b.art)
        else:
            b.title = _protect(b.title)
            b.intro = [_protect(x) for x in b.intro]
    if st.preamble:  # text before the first label: not expressible as blocks
        raise _Refuse("引文开头无法识别为条文或章节标题")
    return blocks


def _protect_article(art: Article) -> None:
    for para in art.paragraphs:
        for get, set_ in _para_slots(para):
            set_(_protect(get()))


def _para_slots(para: Paragraph) -> Iterator[tuple[Callable[[], str], Callable[[str], None]]]:
    yield (lambda: para.text), (lambda v: setattr(para, "text", v))
    for point in para.points:
        yield from _point_slots(point)


def _point_slots(point: Point) -> Iterator[tuple[Callable[[], str], Callable[[str], None]]]:
    yield (lambda: point.text), (lambda v: setattr(point, "text", v))
    for child in point.children:
        yield from _point_slots(child)
    for k in range(len(point.tail)):
        yield (lambda k=k: point.tail[k]), (lambda v, k=k: point.tail.__setitem__(k, v))


class _Refuse(Exception):
    """An instruction that cannot be applied (message in Chinese)."""


# ---- the grammar ----

_NUM = rf"[{_N}]+"
_ART = rf"第({_NUM})条(?:之({_NUM}))?"
_TGT = rf"{_ART}(?:第({_NUM})款)?(?:第({_NUM})项)?"
_TGTS = rf"((?:{_TGT}(?:、|和))*{_TGT})"
_DIV = rf"((?:第{_NUM}(?:分编|编|章|节))+)"
_COUNT = rf"({_NUM})"

_P = {
    "phrase": re.compile(rf"^将{_TGTS}中的((?:Q(?:修改为|改为)Q[，、]?)+)$"),
    "phrase_add": re.compile(rf"^在{_TGTS}中的Q(后|前)增加Q$"),
    "phrase_del": re.compile(rf"^删去{_TGTS}中的(Q(?:、Q)*)$"),
    "replace": re.compile(rf"^将{_TGT}修改为[：:]?Q+$"),
    "delete": re.compile(rf"^删去{_TGTS}$"),
    "add_art": re.compile(
        rf"^(?:在{_ART}(后|前))?增加{_COUNT}条[，,]?(?:分别)?作为((?:第{_NUM}条(?:之{_NUM})?[、和]?)+)[：:]?Q+$"
    ),
    "add_art_plain": re.compile(rf"^在{_ART}(后|前)增加{_COUNT}条[：:]?Q+$"),
    "add_div": re.compile(
        rf"^在(?:{_ART}|{_DIV}(章名|节名|编名|分编名)?)(后|前)增加一(章|节|编|分编)[，,]?(?:作为第({_NUM})(?:章|节|编|分编))?[：:]?Q+$"
    ),
    "add_after_div": re.compile(
        rf"^在{_DIV}(章名|节名|编名|分编名)?(后|前)增加{_COUNT}条[，,]?(?:分别)?作为((?:第{_NUM}条(?:之{_NUM})?[、和]?)+)[：:]?Q+$"
    ),
    "add_para": re.compile(
        rf"^(?:在{_ART}(?:第({_NUM})款)?(中|后))?增加({_NUM})款[，,]?(?:分别)?作为((?:第{_NUM}款[、和]?)+)[：:]?Q+$"
    ),
    "add_point": re.compile(
        rf"^(?:在{_ART}第({_NUM})款(?:第({_NUM})项)?(中|后))?增加({_NUM})项[，,]?(?:分别)?作为((?:第{_NUM}项[、和]?)+)[：:]?Q+$"
    ),
    "renum_para": re.compile(
        rf"^(?:将)?(?:{_ART})?((?:第{_NUM}款[、和]?)+)(?:分别)?改为((?:第{_NUM}款[、和]?)+)$"
    ),
    "renum_art": re.compile(
        rf"^(?:将)?((?:第{_NUM}条[、和]?)+)(?:分别)?改为((?:第{_NUM}条(?:之{_NUM})?[、和]?)+)$"
    ),
    "div_title": re.compile(rf"^将{_DIV}的?(?:章名|节名|编名|分编名|标题|名称)修改为[：:]?Q$"),
    "div_delete": re.compile(rf"^删去{_DIV}的?(?:章名|节名|编名|分编名|标题)$"),
    "name": re.compile(
        r"^将(?:本(?:条例|法|规定|办法|细则|规则))?(?:《[^》]+》)?的?(?:名称|标题)修改为[：:]?Q$"
    ),
    "preamble": re.compile(r"^将序言修改为[：:]?Q+$"),
}


def _tgt(groups, offset: int = 0) -> tuple[tuple[int, int], int, int]:
    num, suf, para, point = groups[offset : offset + 4]
    return (
        (cn_to_int(num), cn_to_int(suf) if suf else 0),
        cn_to_int(para) if para else 0,
        cn_to_int(point) if point else 0,
    )


def _tgt_list(text: str) -> list[tuple[tuple[int, int], int, int]]:
    return [_tgt(m.groups()) for m in re.finditer(_TGT, text)]


def _labels(text: str, unit: str) -> list[tuple[int, int]]:
    return [
        (cn_to_int(m.group(1)), cn_to_int(m.group(2)) if m.group(2) else 0)
        for m in re.finditer(rf"第({_NUM}){unit}(?:之({_NUM}))?", text)
    ]


def _div_path(text: str) -> tuple:
    return tuple(
        (_KIND_OF[m.group(2)], cn_to_int(m.group(1)))
        for m in re.finditer(rf"第({_NUM})(分编|编|章|节)", text)
    )


class _Amender:
    def __init__(self, base: Statute) -> None:
        self.base = base
        self.blocks = _flatten(base)
        self.title = base.title
        self.preamble = list(base.preamble)
        self.renumber = False
        self.headings_changed = False
        self.deferred: list[tuple[int, list[_Block], Step]] = []  # 作为第M条 without a place
        self.deleted_articles: set[tuple[int, int]] = set()
        self.deleted_heads: set[tuple] = set()
        self.checks: list[tuple[Step, _Block, int, str]] = []  # final-number checks of new articles
        self.current: tuple[int, int] | None = None  # the article the clause is about
        self.touched: set[int] = set()  # paragraphs whose items were added or removed: renumbered

    # -- lookups --
    def find_article(self, key: tuple[int, int]) -> _Block:
        for b in self.blocks:
            if b.art is not None and b.base == key:
                return b
        label = article_label(*key)
        if key in self.deleted_articles:
            raise _Refuse(f"{label}已被本决定删除，不能再修改")
        raise _Refuse(f"原文没有{label}")

    def named_or_current(self, g, missing: str) -> tuple[int, int]:
        """The article the instruction names (number and 之X in groups 0 and 1), else the one the decision is at;
        refused with `missing` when there is neither."""
        if g[0]:
            return (cn_to_int(g[0]), cn_to_int(g[1]) if g[1] else 0)
        if self.current is None:
            raise _Refuse(missing)
        return self.current

    def find_heading(self, path: tuple) -> _Block:
        for b in self.blocks:
            if b.art is None and b.base == path:
                return b
        if path in self.deleted_heads:
            raise _Refuse(f"{_path_label(path)}的标题已被本决定删除")
        raise _Refuse(f"原文没有{_path_label(path)}")

    @staticmethod
    def find_para(block: _Block, k: int) -> Paragraph:
        for p in block.art.paragraphs:
            if block.para_base.get(id(p)) == k:
                return p
        raise _Refuse(f"{article_label(*block.base)}没有第{int_to_cn(k)}款（或已被删除）")

    def find_point(self, block: _Block, k: int, m: int) -> tuple[Paragraph, Point]:
        para = self.find_para(block, k or 1) if k or len(block.art.paragraphs) == 1 else None
        if para is None:
            paras = [p for p in block.art.paragraphs if p.points]
            if len(paras) != 1:
                raise _Refuse(f"{article_label(*block.base)}有多款，请写明第几款第几项")
            para = paras[0]
        for pt in para.points:
            if block.point_base.get(id(pt)) == m:
                return para, pt
        raise _Refuse(f"{article_label(*block.base)}没有第{int_to_cn(m)}项（或已被删除）")

    def scope_slots(self, key, k: int, m: int):
        block = self.find_article(key)
        if m:
            return block, list(_point_slots(self.find_point(block, k, m)[1]))
        if k:
            return block, list(_para_slots(self.find_para(block, k)))
        return block, [s for p in block.art.paragraphs for s in _para_slots(p)]

    def index(self, block: _Block) -> int:
        return next(i for i, b in enumerate(self.blocks) if b is block)

    # -- one sentence --
    def apply(self, sentence: str, step: Step) -> None:
        if _RENUMBER.search(sentence):
            self.renumber = True
        skel, quotes = _skeleton(sentence)
        skel = skel.rstrip("。；，")
        pieces = re.split(r"[，,]", skel)
        if len(pieces) > 1 and all(_P["renum_para"].match(x) for x in pieces):
            # 第二款改为第三款，第三款改为第四款: each checked in turn
            messages = []
            for piece in pieces:
                self.op_renum_para(_P["renum_para"].match(piece), [], step)
                messages.append(step.message)
            step.message = messages[-1]
            return
        for name, pattern in _P.items():
            m = pattern.match(skel)
            if m:
                getattr(self, "op_" + name)(m, quotes, step)
                return
        if _RENUMBER.search(sentence):
            step.status, step.message = "applied", "按修改后的条文顺序重新编号，条文中的引用随之调整"
            return
        if "施行" in sentence or "重新公布" in sentence or "作如下修改" in sentence or "决定" in sentence:
            step.status, step.message = "noted", "非修改指令，已记录"
            return
        raise _Refuse("无法识别的修改指令")

    # phrase-level
    def op_phrase(self, m, quotes, step) -> None:
        pairs = list(zip(quotes[0::2], quotes[1::2], strict=False))
        step.message = self._edit_targets(m.group(1), [(a, b, "replace") for a, b in pairs])

    def op_phrase_add(self, m, quotes, step) -> None:
        where = "after" if m.group(m.lastindex) == "后" else "before"
        step.message = self._edit_targets(m.group(1), [(quotes[0], quotes[1], where)])

    def op_phrase_del(self, m, quotes, step) -> None:
        step.message = self._edit_targets(m.group(1), [(a, "", "replace") for a in quotes])

    def _edit_targets(self, targets: str, edits: list[tuple[str, str, str]]) -> str:
        """Each phrase must occur in at least one of the listed provisions; checked before any change."""
        scopes = []
        for key, k, p in _tgt_list(targets):
            self.current = key
            scopes.append((_target_label(key, k, p), self.scope_slots(key, k, p)[1]))
        done = []
        for a, _, _ in edits:
            if not a:
                raise _Refuse("引号内的原文为空")
            if not any(a in _decode(get())[0] for _, slots in scopes for get, _ in slots):
                raise _Refuse(f"{'、'.join(label for label, _ in scopes)}中没有“{a}”")
        for a, b, where in edits:
            total = 0
            for _, slots in scopes:
                for get, set_ in slots:
                    new, count = _edit(get(), a, b, where)
                    if count:
                        set_(new)
                        total += count
            done.append(f"“{a}”共{total}处已修改")
        return "；".join(done)

    # provision-level
    def op_replace(self, m, quotes, step) -> None:
        key, k, p = _tgt(m.groups())
        self.current = key
        content = "\n".join(quotes)
        block = self.find_article(key)
        label = article_label(*key)
        if p:
            para, pt = self.find_point(block, k, p)
            points = self._points(content, pt.num)
            i = para.points.index(pt)
            para.points[i : i + 1] = points
            self.touched.add(id(para))
        elif k:
            para = self.find_para(block, k)
            paras = self._paras(content)
            i = block.art.paragraphs.index(para)
            block.art.paragraphs[i : i + 1] = paras
        else:
            blocks = _content_blocks(content, label)
            if len(blocks) != 1 or blocks[0].art is None:
                raise _Refuse("修改后的条文应为一条")
            block.art.paragraphs = blocks[0].art.paragraphs
            block.art.heading = blocks[0].art.heading
        step.message = f"{_target_label(key, k, p)}已修改"

    def _paras(self, content: str) -> list[Paragraph]:
        blocks = _content_blocks(content, "第一条")
        if len(blocks) != 1 or blocks[0].art is None:
            raise _Refuse("引文应为条文的一款或数款")
        return blocks[0].art.paragraphs

    def _points(self, content: str, num: int) -> list[Point]:
        lines = content.split("\n")
        if not re.match(rf"[（(]{_NUM}[）)]", lines[0]):
            lines[0] = f"（{int_to_cn(num)}）{lines[0]}"
        paras = self._paras("甲\n" + "\n".join(lines))
        if len(paras) != 1 or not paras[0].points:
            raise _Refuse("引文应为一项或数项")
        return paras[0].points

    def op_delete(self, m, quotes, step) -> None:
        done = []
        for key, k, p in _tgt_list(m.group(1)):
            block = self.find_article(key)
            self.current = key
            if p:
                para, pt = self.find_point(block, k, p)
                para.points.remove(pt)
                self.touched.add(id(para))
            elif k:
                para = self.find_para(block, k)
                if len(block.art.paragraphs) == 1:
                    raise _Refuse(f"{article_label(*key)}只有一款，应删去整条")
                block.art.paragraphs.remove(para)
            else:
                self.blocks.remove(block)
                self.deleted_articles.add(key)
            done.append(_target_label(key, k, p))
        step.message = "已删去" + "、".join(done)

    # insertions
    def _insert(self, blocks: list[_Block], at: int) -> None:
        self.blocks[at:at] = blocks

    def _anchor_article(self, key, where: str) -> int:
        i = self.index(self.find_article(key))
        return i + 1 if where == "后" else i

    def op_add_art(self, m, quotes, step) -> None:
        g = m.groups()
        count = cn_to_int(g[3])
        labels = _labels(g[4], "条")
        blocks = self._new_articles(quotes, labels, count)
        if g[0]:
            key = (cn_to_int(g[0]), cn_to_int(g[1]) if g[1] else 0)
            self._insert(blocks, self._anchor_article(key, g[2]))
            self._check_labels(blocks, labels, step)
            step.message = f"已在{article_label(*key)}{g[2]}增加{len(blocks)}条"
        elif labels[0][1]:  # 作为第十条之一: after 第十条 (or its previous 之 article)
            num, suf = labels[0]
            key = (num, suf - 1)
            try:
                at = self._anchor_article(key, "后")
            except _Refuse:
                at = None
                for i, b in enumerate(self.blocks):
                    if b.art is not None and (b.num, b.suffix) <= (num, suf) and b.art is not None:
                        at = i + 1
                if at is None:
                    raise
            self._insert(blocks, at)
            self._check_labels(blocks, labels, step)
            step.message = f"已增加{article_label(*labels[0])}"
        else:
            self.deferred.append((labels[0][0], blocks, step))
            step.message = f"已增加{len(blocks)}条，位于修改后的{article_label(*labels[0])}"

    def op_add_art_plain(self, m, quotes, step) -> None:
        g = m.groups()
        key = (cn_to_int(g[0]), cn_to_int(g[1]) if g[1] else 0)
        count = cn_to_int(g[3])
        blocks = self._new_articles(quotes, [], count)
        self._insert(blocks, self._anchor_article(key, g[2]))
        step.message = f"已在{article_label(*key)}{g[2]}增加{len(blocks)}条"

    def _new_articles(self, quotes: list[str], labels, count: int) -> list[_Block]:
        blocks: list[_Block] = []
        labelled = bool(labels) and quotes[0].startswith(article_label(*labels[0]))
        if len(quotes) == 1 and (count > 1 or labelled):
            blocks = _content_blocks(
                quotes[0], article_label(*labels[0]) if labels else "第一条", several=True
            )
        else:
            for k, q in enumerate(quotes):
                first = article_label(*labels[k]) if k < len(labels) else "第一条"
                blocks += _content_blocks(q, first)
        arts = [b for b in blocks if b.art is not None]
        if len(arts) != count or len(arts) != len(blocks):
            raise _Refuse(f"指令写明增加{int_to_cn(count)}条，引文中有{len(arts)}条")
        for k, b in enumerate(blocks):
            if k < len(labels):
                b.num, b.suffix = labels[k]
            else:
                b.num, b.suffix = b.art.num, b.art.suffix
        return blocks

    def _check_labels(self, blocks: list[_Block], labels, step: Step) -> None:
        for b, label in zip(blocks, labels, strict=False):
            self.checks.append((step, b, label[0], article_label(*label)))

    def op_add_div(self, m, quotes, step) -> None:
        g = m.groups()
        content = "\n".join(quotes)
        unit = g[5]
        if g[0]:
            key = (cn_to_int(g[0]), cn_to_int(g[1]) if g[1] else 0)
            at = self._anchor_article(key, g[4])
            where = f"{article_label(*key)}{g[4]}"
        else:
            at = self._anchor_div(_div_path(g[2]), g[3], g[4])
            where = f"{g[2]}{g[3] or ''}{g[4]}"
        first = f"第{g[6] or '一'}{unit}"
        blocks = _content_blocks(content, first, several=True)
        if not blocks or blocks[0].art is not None or _UNIT_OF[blocks[0].kind] != unit:
            raise _Refuse(f"引文应以第…{unit}的标题开始")
        self._insert(blocks, at)
        self.headings_changed = True
        step.message = f"已在{where}增加一{unit}"

    def op_add_after_div(self, m, quotes, step) -> None:
        g = m.groups()
        count = cn_to_int(g[3])
        labels = _labels(g[4], "条")
        blocks = self._new_articles(quotes, labels, count)
        self._insert(blocks, self._anchor_div(_div_path(g[0]), g[1], g[2]))
        self._check_labels(blocks, labels, step)
        step.message = f"已在{g[0]}{g[1] or ''}{g[2]}增加{len(blocks)}条"

    def _anchor_div(self, path: tuple, name: str | None, where: str) -> int:
        block = self.find_heading(path)
        i = self.index(block)
        if where == "前":
            return i
        if name:  # 章名后: right after the heading
            return i + 1
        rank = DIVISIONS[block.kind][2]  # 第X章后: after everything inside the chapter
        j = i + 1
        while j < len(self.blocks):
            b = self.blocks[j]
            if b.art is None and DIVISIONS[b.kind][2] <= rank:
                break
            j += 1
        return j

    def op_add_para(self, m, quotes, step) -> None:
        g = m.groups()
        key = self.named_or_current(g, "未写明在哪一条中增加款")
        self.current = key
        block = self.find_article(key)
        count = cn_to_int(g[4])
        positions = [n for n, _ in _labels(g[5], "款")]
        paras = self._paras("\n".join(quotes))
        if len(paras) != count:
            raise _Refuse(f"指令写明增加{int_to_cn(count)}款，引文中有{len(paras)}款")
        paras_list = block.art.paragraphs
        if g[2] and g[3] == "后":  # 在第N条第K款后增加一款
            at = paras_list.index(self.find_para(block, cn_to_int(g[2]))) + 1
            if positions and positions[0] != at + 1:
                raise _Refuse(f"新增的款应为第{int_to_cn(at + 1)}款，决定写作第{int_to_cn(positions[0])}款")
        else:
            at = positions[0] - 1 if positions else len(paras_list)
            if at > len(paras_list):
                raise _Refuse(
                    f"{article_label(*key)}现有{len(paras_list)}款，不能增加第{int_to_cn(at + 1)}款"
                )
        paras_list[at:at] = paras
        step.message = f"已在{article_label(*key)}中增加{len(paras)}款"

    def op_add_point(self, m, quotes, step) -> None:
        g = m.groups()
        key = self.named_or_current(g, "未写明在哪一条中增加项")
        block = self.find_article(key)
        positions = [n for n, _ in _labels(g[6], "项")]
        if g[2]:
            para = self.find_para(block, cn_to_int(g[2]))
        else:
            paras = [p for p in block.art.paragraphs if p.points]
            if len(paras) != 1:
                raise _Refuse("未写明在哪一款中增加项")
            para = paras[0]
        first = positions[0] if positions else len(para.points) + 1
        points = self._points("\n".join(quotes), first)
        if g[3] and g[4] == "后":
            _, pt = self.find_point(block, cn_to_int(g[2]), cn_to_int(g[3]))
            at = para.points.index(pt) + 1
        else:
            at = first - 1
        if at > len(para.points):
            raise _Refuse(f"该款现有{len(para.points)}项，不能增加第{int_to_cn(at + 1)}项")
        para.points[at:at] = points
        self.touched.add(id(para))
        step.message = f"已在{article_label(*key)}中增加{len(points)}项"

    def op_renum_para(self, m, quotes, step) -> None:
        g = m.groups()
        key = self.named_or_current(g, "未写明是哪一条的款")
        self.current = key
        block = self.find_article(key)
        olds = [n for n, _ in _labels(g[2], "款")]
        news = [n for n, _ in _labels(g[3], "款")]
        if len(olds) != len(news):
            raise _Refuse("改前与改后的款数不一致")
        for a, b in zip(olds, news, strict=True):
            para = self.find_para(block, a)
            pos = block.art.paragraphs.index(para) + 1
            if pos != b:
                raise _Refuse(f"原第{int_to_cn(a)}款修改后是第{int_to_cn(pos)}款，不是第{int_to_cn(b)}款")
        step.message = "款的顺序与决定一致"

    def op_renum_art(self, m, quotes, step) -> None:
        olds = _labels(m.group(1), "条")
        news = _labels(m.group(2), "条")
        if len(olds) != len(news):
            raise _Refuse("改前与改后的条数不一致")
        for a, b in zip(olds, news, strict=True):
            self.checks.append((step, self.find_article(a), b[0], article_label(*b)))
        step.message = "条文编号将在调整顺序后核对"

    def op_div_title(self, m, quotes, step) -> None:
        path = _div_path(m.group(1))
        block = self.find_heading(path)
        title, *intro = quotes[0].split("\n")
        block.title = _protect(title)
        # the text under the heading (often a title continued on a second line) goes with it
        block.intro = [_protect(x) for x in intro if x]
        step.message = f"{_path_label(path)}的标题已修改"

    def op_div_delete(self, m, quotes, step) -> None:
        path = _div_path(m.group(1))
        block = self.find_heading(path)
        self.blocks.remove(block)
        self.deleted_heads.add(path)
        self.headings_changed = True
        step.message = f"已删去{_path_label(path)}的标题，其条文并入前一部分"

    def op_name(self, m, quotes, step) -> None:
        self.title = quotes[0]
        step.message = "名称已修改"

    def op_preamble(self, m, quotes, step) -> None:
        self.preamble = [_protect(x) for x in "\n".join(quotes).split("\n") if x]
        step.message = "序言已修改"

    # -- the end --
    def finish(self) -> tuple[Statute, list[tuple[int, int] | None]]:
        arts = [b for b in self.blocks if b.art is not None]
        for pos, blocks, step in sorted(self.deferred, key=lambda t: t[0]):
            arts = [b for b in self.blocks if b.art is not None]
            if pos - 1 > len(arts) or pos < 1:
                step.status, step.message = (
                    "error",
                    f"修改后的条文只有{len(arts)}条，无法作为{article_label(pos)}",
                )
                continue
            at = self.index(arts[pos - 1]) if pos - 1 < len(arts) else len(self.blocks)
            self._insert(blocks, at)
        arts = [b for b in self.blocks if b.art is not None]
        mapping: dict[tuple[int, int], tuple[int, int]] = {}
        if self.renumber:
            for k, b in enumerate(arts, 1):
                b.num, b.suffix = k, 0
        for b in arts:
            if b.base is not None:
                mapping[b.base] = (b.num, b.suffix)
        for step, b, _num, label in self.checks:
            actual = article_label(b.num, b.suffix)
            if actual != label and step.status != "error":
                step.status = "error"
                step.message = f"按调整后的顺序该条为{actual}，决定写作{label}"
        if self.headings_changed:
            counters: dict[str, int] = {}
            for b in self.blocks:
                if b.art is None:
                    rank = DIVISIONS[b.kind][2]
                    for kind, (_, _, r) in DIVISIONS.items():
                        if r > rank:
                            counters.pop(kind, None)
                    counters[b.kind] = counters.get(b.kind, 0) + 1
                    b.num = counters[b.kind]
        lines = [f"# {_strip(self.title)}", *self.base.notes, INFO_END]
        if self.base.preamble_heading and self.preamble:
            lines.append(f"## {self.base.preamble_heading}")
        lines += [_strip(rewrite_references(x, mapping)) for x in self.preamble]
        headings = [b for b in self.blocks if b.art is None]
        if self.base.toc:
            lines.append("目录")
            if self.headings_changed or any(b.base is None for b in headings):
                toc = [_div_heading(b) for b in headings]
            else:
                toc = list(self.base.toc)
            lines.append("\n".join(f"- {e}" for e in toc))
        origins: list[tuple[int, int] | None] = []
        for b in self.blocks:
            if b.art is None:
                lines.append("## " + _div_heading(b))
                lines += [_strip(x) for x in b.intro]
                continue
            art = b.art
            art.num, art.suffix = b.num, b.suffix
            for para in art.paragraphs:
                if id(para) in self.touched:
                    _renumber_points(para.points)
                for get, set_ in _para_slots(para):
                    set_(_strip(rewrite_references(get(), mapping)))
            origins.append(b.base)  # type: ignore[arg-type]
            lines += article_lines(art)
        for att in self.base.attachments:
            lines.append(att.heading)
            lines += att.lines
        text = "\n\n".join(x for x in lines if x) + "\n"
        return parse_text(text, source=self.base.source), origins


def _div_heading(b: _Block) -> str:
    label = f"第{int_to_cn(b.num)}{_UNIT_OF[b.kind]}"
    title = _strip(b.title)
    return f"{label} {title}" if title else label


def _renumber_points(points: list[Point]) -> None:
    for k, pt in enumerate(points, 1):
        pt.num = k
        _renumber_points(pt.children)


def _target_label(key, k: int, p: int) -> str:
    label = article_label(*key)
    if k:
        label += f"第{int_to_cn(k)}款"
    if p:
        label += f"第{int_to_cn(p)}项"
    return label


# ---- entry points ----


def apply_section(base: Statute, section: Section) -> AmendResult:
    """Apply one regulation's instructions to its base text."""
    amender = _Amender(base)
    steps: list[Step] = []
    for label, clause in section.clauses:
        amender.current = None
        for sentence in _sentences(clause):
            step = Step(label, sentence)
            steps.append(step)
            try:
                amender.apply(sentence, step)
            except _Refuse as exc:
                step.status, step.message = "error", str(exc)
            except ValueError as exc:  # a numeral that is not one
                step.status, step.message = "error", f"无法识别：{exc}"
    if all(s.status == "noted" for s in steps):
        raise AmendmentError("决定中没有可识别的修改指令")
    statute, origins = amender.finish()
    return AmendResult(section.title or base.title, statute, steps, amender.renumber, origins)


def apply_decision(base: Statute, decision: str) -> AmendResult:
    """Apply a decision amending one regulation (the base) and report each instruction.

    With a multi-regulation decision, the section whose 《title》 is the base's title is used.
    """
    sections = split_decision(decision)
    if len(sections) > 1:
        wanted = f"《{base.title}》"
        match = [s for s in sections if s.title == wanted]
        if not match:
            names = "、".join(s.title for s in sections)
            raise AmendmentError(f"决定修改的是{names}，其中没有《{base.title}》")
        return apply_section(base, match[0])
    return apply_section(base, sections[0])


def apply_package(bases: dict[str, Statute], decision: str) -> dict[str, AmendResult]:
    """A decision amending several regulations (打包修改): each 《title》 section applied to its base.

    ``bases`` maps titles (with or without 《》) to base texts; a section without its base is an error.
    """
    by_title = {f"《{t.strip('《》')}》": st for t, st in bases.items()}
    out: dict[str, AmendResult] = {}
    for section in split_decision(decision):
        base = by_title.get(section.title)
        if base is None:
            raise AmendmentError(f"没有提供{section.title or '被修改法规'}的原文")
        out[section.title] = apply_section(base, section)
    return out


def report_json(results: list[AmendResult]) -> str:
    return json.dumps(
        {"ok": all(r.ok for r in results), "regulations": [r.to_dict() for r in results]},
        ensure_ascii=False,
        indent=2,
    )
