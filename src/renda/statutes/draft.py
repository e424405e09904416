"""Draft an amendment decision (修改决定) from two versions: ``draft_decision(old, new)``.

The decision is written in the standard drafting language read by :mod:`renda.statutes.amend`,
and is checked by applying it: every article the applied text gets wrong is redrafted as a whole
(将第N条修改为：“…”), so that applying the decision to OLD gives NEW (``Draft.exact``).

Plan: the articles and headings are aligned in order (the comparison's aligner); a changed
article gets phrase instructions (将第N条第K款中的“A”修改为“B”, 在…中的“A”后增加“B”,
删去…中的“A”) when few words changed, 款 instructions (增加一款 / 删去 / 将第K款修改为) when whole
paragraphs came or went, else a whole replacement; unaligned articles are deleted (删去第N条) or
inserted next to an aligned neighbour (在第N条后增加一条，作为第M条：“…”); renumbering is
left to 条文顺序作相应调整 (cross-references follow).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from .amend import apply_decision, quote, rewrite_references
from .compare import align, units
from .model import Article, Paragraph, Point, Statute
from .numerals import article_label, int_to_cn
from .render import article_lines, render

MAX_PHRASE_EDITS = 3  # more edits in one 款 → the 款 is rewritten
MIN_QUOTE = 2  # quote at least two characters of the old text (a word, not a character)
_UNIT = {"book": "编", "part": "分编", "chapter": "章", "section": "节"}


@dataclass(slots=True)
class Draft:
    text: str
    exact: bool
    instructions: int
    rewritten: list[str] = field(default_factory=list)  # articles redrafted whole after the check
    problems: list[str] = field(default_factory=list)


def _body(st: Statute) -> str:
    """The text that a decision determines: everything but the 题注 (notes)."""
    notes = st.notes
    st.notes = []
    try:
        return render(st)
    finally:
        st.notes = notes


def draft_decision(old: Statute, new: Statute) -> str:
    """The decision text; see :func:`draft` for whether it reproduces NEW exactly."""
    return draft(old, new).text


def draft(old: Statute, new: Statute) -> Draft:
    whole: set[tuple[int, int]] = set()
    text = ""
    problems: list[str] = []
    count = 0
    for _ in range(4):
        text, count = _Drafter(old, new, whole).run()
        try:
            result = apply_decision(old, text)
        except ValueError as exc:  # nothing to do: no instruction
            if _body(old) == _body(new):
                return Draft(text, True, 0)
            return Draft(text, False, count, problems=[str(exc)])
        problems = [f"{s.text[:40]}：{s.message}" for s in result.errors]
        if not problems and _body(result.statute) == _body(new):
            return Draft(text, True, count, sorted(article_label(*k) for k in whole))
        got = result.statute.articles()
        want = new.articles()
        before = len(whole)
        for origin, a, b in zip(result.origins, got, want, strict=False):
            if origin is not None and article_lines(a) != article_lines(b):
                whole.add(origin)
        if len(got) != len(want) or len(whole) == before:
            break
    if not problems:
        problems = ["应用决定后的文本与新文本仍有差异（如章节结构、附件或题注外的其他部分）"]
    return Draft(text, False, count, sorted(article_label(*k) for k in whole), problems)


class _Drafter:
    def __init__(self, old: Statute, new: Statute, whole: set[tuple[int, int]]) -> None:
        self.old, self.new, self.whole = old, new, whole
        self.lines: list[str] = []

    def emit(self, text: str) -> None:
        self.lines.append(text)

    def run(self) -> tuple[str, int]:
        old, new = self.old, self.new
        ou = [u for u in units(old) if u.kind != "preamble"]
        nu = [u for u in units(new) if u.kind != "preamble"]
        matched = {i: j for i, (j, _) in align(ou, nu).items() if ou[i].kind == nu[j].kind}
        back = {j: i for i, j in matched.items()}
        old_arts = {
            u.eid: a for u, a in zip([u for u in ou if u.kind == "article"], old.articles(), strict=True)
        }
        new_arts = {
            u.eid: a for u, a in zip([u for u in nu if u.kind == "article"], new.articles(), strict=True)
        }
        old_divs = {d.eid: (ps, d) for ps, d in old.divisions()}
        new_divs = {d.eid: (ps, d) for ps, d in new.divisions()}

        # numbering: renumber when the new text runs 1..n and an aligned article changed its number
        new_nums = [(a.num, a.suffix) for a in new.articles()]
        sequential = new_nums == [(k, 0) for k in range(1, len(new_nums) + 1)]
        renumber = sequential and any(
            ou[i].number != nu[j].number for i, j in matched.items() if ou[i].kind == "article"
        )
        mapping = {ou[i].number: nu[j].number for i, j in matched.items() if ou[i].kind == "article"}

        if old.title != new.title:
            self.emit(f"将名称修改为{quote(new.title)}")
        if old.preamble != new.preamble:
            self.emit("将序言修改为：" + quote("\n".join(new.preamble)))

        # deletions and changes in the old order, insertions after their anchors
        for i, u in enumerate(ou):
            if i not in matched:
                if u.kind == "article":
                    self.emit(f"删去{u.label}")
                else:
                    self.emit(f"删去{self.path(old_divs[u.eid])}的{_UNIT[u.kind]}名")
                continue
            j = matched[i]
            if u.kind == "article":
                self.article(old_arts[u.eid], new_arts[nu[j].eid], mapping)
            else:
                od, nd = old_divs[u.eid][1], new_divs[nu[j].eid][1]
                if od.title != nd.title or od.intro != nd.intro:
                    title = "\n".join([nd.title, *nd.intro])
                    self.emit(f"将{self.path(old_divs[u.eid])}的{_UNIT[u.kind]}名修改为{quote(title)}")
        j = 0
        while j < len(nu):
            if j in back:
                j += 1
                continue
            k = j
            while k < len(nu) and k not in back:
                k += 1
            self.insert(ou, nu, back, j, k, new_arts, new_divs, old_divs, renumber)
            j = k
        if not self.lines:
            return "", 0
        body = [
            f"{self.clause(n)}{line}{'' if line.endswith('。”') else '。'}"
            for n, line in enumerate(self.lines, 1)
        ]
        closing = f"《{old.title}》根据本决定作相应修改"
        closing += "并对条文顺序作相应调整，重新公布。" if renumber else "，重新公布。"
        text = "\n".join(
            [f"关于修改《{old.title}》的决定", "", f"《{old.title}》作如下修改：", "", *body, "", closing]
        )
        return text + "\n", len(body)

    @staticmethod
    def clause(n: int) -> str:
        return f"{int_to_cn(n)}、"

    @staticmethod
    def path(entry) -> str:
        parents, div = entry
        return "".join(d.label for d in (*parents, div))

    # -- insertions --
    def insert(self, ou, nu, back, j, k, new_arts, new_divs, old_divs, renumber: bool) -> None:
        run = nu[j:k]
        prev = ou[back[j - 1]] if j > 0 else None
        nxt = ou[back[k]] if k < len(nu) else None
        if prev is not None and prev.kind == "article":
            where = f"在{prev.label}后"
        elif nxt is not None and nxt.kind == "article":
            where = f"在{nxt.label}前"
        elif prev is not None:
            where = f"在{self.path(old_divs[prev.eid])}{_UNIT[prev.kind]}名后"
        elif nxt is not None:
            where = f"在{self.path(old_divs[nxt.eid])}前"
        else:
            where = ""
        lines: list[str] = []
        for u in run:
            if u.kind == "article":
                lines += article_lines(new_arts[u.eid])
            else:
                _, d = new_divs[u.eid]
                lines.append(d.heading)
                lines += d.intro
        if all(u.kind == "article" for u in run):
            arts = [new_arts[u.eid] for u in run]
            labels = "、".join(a.label for a in arts)
            if len(arts) == 1:
                content = _strip_label(arts[0])
                self.emit(f"{where}增加一条，作为{labels}：{quote(content)}")
            else:
                self.emit(
                    f"{where}增加{int_to_cn(len(arts))}条，分别作为{labels}：{quote(chr(10).join(lines))}"
                )
            return
        m = next(x for x, u in enumerate(run) if u.kind != "article")
        arts = [new_arts[u.eid] for u in run[:m]]
        first = run[m]
        head_lines = lines[sum(len(article_lines(a)) for a in arts) :]
        heads = f"{where}增加一{_UNIT[first.kind]}，作为{first.label}：{quote(chr(10).join(head_lines))}"
        if not arts:
            self.emit(heads)
            return
        body = "\n".join(line for a in arts for line in article_lines(a))
        labels = "、".join(a.label for a in arts)
        art_op = f"{where}增加{int_to_cn(len(arts))}条，分别作为{labels}：{quote(body)}"
        # two insertions at one place: "after X" puts the later one first, "before Y" last
        for op in [heads, art_op] if where.endswith("后") else [art_op, heads]:
            self.emit(op)

    # -- a changed article --
    def article(self, a: Article, b: Article, mapping) -> None:
        key = (a.num, a.suffix)
        old_lines = article_lines(a)
        mapped = [rewrite_references(x, mapping) for x in old_lines]
        new_lines = article_lines(b)
        # labels differ by renumbering only: compare without the label
        if _drop_label(mapped, a) == _drop_label(new_lines, b) and a.heading == b.heading:
            return
        if key in self.whole or a.heading != b.heading:
            self.replace(a, b)
            return
        ops = self.paragraph_ops(a, b, mapping)
        if ops is None or len(ops) > max(3, len(a.paragraphs)):
            self.replace(a, b)
        else:
            for op in ops:
                self.emit(op)

    def replace(self, a: Article, b: Article) -> None:
        self.emit(f"将{a.label}修改为：{quote(_strip_label(b))}")

    def paragraph_ops(self, a: Article, b: Article, mapping) -> list[str] | None:
        label = a.label
        single = len(a.paragraphs) == 1
        okeys = ["\n".join(rewrite_references(x, mapping) for x in p.lines()) for p in a.paragraphs]
        nkeys = ["\n".join(p.lines()) for p in b.paragraphs]
        sm = SequenceMatcher(None, okeys, nkeys, autojunk=False)
        changes: list[str] = []
        deletes: list[str] = []
        inserts: list[str] = []
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            if tag == "equal":
                continue
            if tag == "replace" and i2 - i1 == j2 - j1:
                for k in range(i2 - i1):
                    scope = label if single else f"{label}第{int_to_cn(i1 + k + 1)}款"
                    ops = _phrase_ops(a.paragraphs[i1 + k], b.paragraphs[j1 + k], scope)
                    if ops is None:
                        if single:
                            return None
                        ops = [f"将{scope}修改为：{quote(chr(10).join(b.paragraphs[j1 + k].lines()))}"]
                    changes += ops
                continue
            if single and i2 > i1:
                return None
            for k in range(i1, i2):
                deletes.append(f"删去{label}第{int_to_cn(k + 1)}款")
            for k in range(j1, j2):
                text = "\n".join(b.paragraphs[k].lines())
                inserts.append(f"在{label}中增加一款，作为第{int_to_cn(k + 1)}款：{quote(text)}")
        if len(deletes) >= len(a.paragraphs):
            return None
        return changes + deletes + inserts


def _strip_label(art: Article) -> str:
    lines = article_lines(art)
    first = lines[0][len(art.label) :].lstrip()
    return "\n".join([first, *lines[1:]] if first else lines[1:])


def _drop_label(lines: list[str], art: Article) -> list[str]:
    return [lines[0][len(art.label) :], *lines[1:]]


def _slots(para: Paragraph) -> list[tuple[str, str]]:
    """(line, scope suffix) of a 款: its text, then each 项 (with its 目 and tail) by item number."""
    out = [(para.text, "")] if para.text else []

    def rec(point: Point, item: int) -> None:
        out.append((point.text, f"第{int_to_cn(item)}项"))
        for child in point.children:
            rec(child, item)
        for t in point.tail:
            out.append((t, f"第{int_to_cn(item)}项"))

    for k, point in enumerate(para.points, 1):
        rec(point, k)
    return out


def _shape(para: Paragraph) -> list[str]:
    return [suffix for _, suffix in _slots(para)]


def _phrase_ops(a: Paragraph, b: Paragraph, scope: str) -> list[str] | None:
    """Phrase instructions turning 款 a into 款 b, or None when a rewrite is clearer."""
    if _shape(a) != _shape(b) or [p.num for p in a.points] != list(range(1, len(a.points) + 1)):
        return None
    old = [t for t, _ in _slots(a)]
    suffixes = _shape(a)
    new = [t for t, _ in _slots(b)]
    out: list[str] = []
    cur = list(old)
    for idx in range(len(cur)):
        if cur[idx] == new[idx]:
            continue
        suffix = suffixes[idx]
        group = [k for k, s in enumerate(suffixes) if s == suffix] if suffix else list(range(len(cur)))
        ops = _line_ops(cur, idx, new[idx], group)
        if ops is None:
            return None
        for op in ops:
            out.append(op.replace("{S}", scope + suffix))
        if len(out) > MAX_PHRASE_EDITS:
            return None
    return out


def _line_ops(cur: list[str], idx: int, target: str, group: list[int]) -> list[str] | None:
    """Edit cur[idx] into target, each edit quoted with context unique in the scope lines."""
    out: list[str] = []
    guard = 0
    while cur[idx] != target:
        guard += 1
        if guard > MAX_PHRASE_EDITS + 1:
            return None
        line = cur[idx]
        sm = SequenceMatcher(None, line, target, autojunk=False)
        ops = [o for o in sm.get_opcodes() if o[0] != "equal"]
        # merge edits separated by short equal runs into one edit
        _, i1, i2, j1, j2 = ops[0]
        for _, k1, k2, l1, l2 in ops[1:]:
            if k1 - i2 <= 4 and l1 - j2 <= 4:
                i2, j2 = k2, l2
            else:
                break
        others = "\n".join(cur[k] for k in group if k != idx)

        def unique(s: str, line=line, others=others) -> bool:
            return line.count(s) == 1 and s not in others

        if i2 > i1:  # replace or delete
            lo, hi = i1, i2
            while not unique(line[lo:hi]) or hi - lo < MIN_QUOTE:
                if lo == 0 and hi == len(line):
                    return None
                if hi < len(line) and (hi - i2 <= i1 - lo or lo == 0):
                    hi += 1
                else:
                    lo -= 1
            a = line[lo:hi]
            b = line[lo:i1] + target[j1:j2] + line[i2:hi]
            if b:
                out.append(f"将{{S}}中的{quote(a)}修改为{quote(b)}")
            else:
                out.append(f"删去{{S}}中的{quote(a)}")
            cur[idx] = line[:lo] + b + line[hi:]
        else:  # pure insertion at i1
            ins = target[j1:j2]
            lo = i1
            while lo > 0 and (not unique(line[lo:i1]) or i1 - lo < MIN_QUOTE):
                lo -= 1
            if lo < i1 and unique(line[lo:i1]):
                out.append(f"在{{S}}中的{quote(line[lo:i1])}后增加{quote(ins)}")
            else:
                hi = i1 + 1
                while hi <= len(line) and (not unique(line[i1:hi]) or hi - i1 < MIN_QUOTE):
                    hi += 1
                if hi > len(line):
                    return None
                out.append(f"在{{S}}中的{quote(line[i1:hi])}前增加{quote(ins)}")
            cur[idx] = line[:i1] + ins + line[i1:]
    return out
