"""Compare two versions of a statute: align provisions, then diff (修改对照表).

1. Units: the preamble, each heading (编/章/节) and each article, as normalised text.
2. Identical units are anchored in order (``difflib.SequenceMatcher`` over unit keys).
3. Between anchors a dynamic programme aligns the remaining units in order,
   maximising the summed similarity (Dice coefficient of character bigrams).
4. A second pass over articles finds splits (one old article ≈ a run of new ones),
   merges (the reverse) and moves (similar articles out of order).
5. Inside every changed pair, a character diff (with a semantic clean-up so that
   single shared characters do not fragment the result).

Kinds: unchanged, renumbered (same text, new number), modified, moved (out of
order, possibly also modified), split, merged, added, deleted.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from .model import Article, Statute
from .normalize import squash
from .render import article_lines

KINDS = ("unchanged", "renumbered", "modified", "moved", "split", "merged", "added", "deleted")
KIND_NAMES = {
    "unchanged": "未修改",
    "renumbered": "条序调整",
    "modified": "修改",
    "moved": "移动",
    "split": "拆分",
    "merged": "合并",
    "added": "新增",
    "deleted": "删除",
}
MATCH_THRESHOLD = 0.4  # in-order pairs below this are deleted + added
MOVE_THRESHOLD = 0.6  # out-of-order pairs need more similarity
PART_CONTAINMENT = 0.75  # each part of a split / merge must come from the whole


@dataclass(slots=True)
class Unit:
    """A comparable provision: an article, a heading or the preamble."""

    kind: str  # "article", "chapter", "section", "book", "part", "preamble"
    category: str  # "article", "heading", "preamble": only units of one category are paired
    label: str  # 第三条 / 第二章 / 序言
    eid: str
    text: str  # without the label
    display: str  # with the label, one block per line
    number: tuple[int, int] = (0, 0)
    key: str = ""
    grams: frozenset[str] = frozenset()


@dataclass(slots=True)
class Segment:
    op: str  # "equal", "delete", "insert"
    text: str


@dataclass(slots=True)
class ChangeRow:
    kind: str
    old: list[Unit]
    new: list[Unit]
    similarity: float = 0.0
    diff: list[Segment] = field(default_factory=list)

    @property
    def unit(self) -> str:
        return (self.old or self.new)[0].kind

    @property
    def old_text(self) -> str:
        return "\n".join(u.display for u in self.old)

    @property
    def new_text(self) -> str:
        return "\n".join(u.display for u in self.new)

    def to_dict(self) -> dict:
        out = {
            "kind": self.kind,
            "unit": self.unit,
            "old": [u.label for u in self.old],
            "new": [u.label for u in self.new],
            "old_eids": [u.eid for u in self.old],
            "new_eids": [u.eid for u in self.new],
            "similarity": round(self.similarity, 3),
            "old_text": self.old_text,
            "new_text": self.new_text,
        }
        if self.diff:
            out["diff"] = [{"op": s.op, "text": s.text} for s in self.diff]
        return out


@dataclass(slots=True)
class Comparison:
    old: Statute
    new: Statute
    rows: list[ChangeRow]

    @property
    def summary(self) -> dict[str, int]:
        """Counts of each kind over article rows, plus totals and other changed rows."""
        counts = dict.fromkeys(KINDS, 0)
        other = 0
        for row in self.rows:
            if row.unit == "article":
                counts[row.kind] += 1
            elif row.kind != "unchanged":
                other += 1
        counts["old_articles"] = len(self.old.articles())
        counts["new_articles"] = len(self.new.articles())
        counts["other_changes"] = other
        return counts

    def changed_rows(self) -> list[ChangeRow]:
        return [r for r in self.rows if r.kind != "unchanged"]

    def summary_text(self) -> str:
        s = self.summary
        parts = [f"{KIND_NAMES[k]}{s[k]}条" for k in KINDS if k != "unchanged" and s[k]]
        head = f"原条文{s['old_articles']}条，修改后条文{s['new_articles']}条"
        body = "；".join(parts) if parts else "条文内容无变化"
        tail = f"；另有标题等变化{s['other_changes']}处" if s["other_changes"] else ""
        return f"{head}。其中{body}{tail}。"

    def to_dict(self, *, changes_only: bool = False) -> dict:
        rows = self.changed_rows() if changes_only else self.rows
        return {
            "old": {"title": self.old.title, "source": self.old.source},
            "new": {"title": self.new.title, "source": self.new.source},
            "summary": self.summary,
            "summary_text": self.summary_text(),
            "rows": [r.to_dict() for r in rows],
        }

    def to_json(self, *, changes_only: bool = False, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(changes_only=changes_only), ensure_ascii=False, indent=indent)


# ---- units ----


def _grams(key: str) -> frozenset[str]:
    if len(key) < 2:
        return frozenset((key,)) if key else frozenset()
    return frozenset(key[i : i + 2] for i in range(len(key) - 1))


def units(statute: Statute) -> list[Unit]:
    """The comparable units of a statute, in document order."""
    out: list[Unit] = []

    def add(kind: str, label: str, eid: str, text: str, display: str, number=(0, 0)) -> None:
        key = squash(text)
        category = kind if kind in ("article", "preamble") else "heading"
        out.append(Unit(kind, category, label, eid, text, display, number, f"{category}|{key}", _grams(key)))

    if statute.preamble:
        text = "\n".join(statute.preamble)
        add("preamble", statute.preamble_heading or "序言", "preamble", text, text)

    def rec(nodes) -> None:
        for node in nodes:
            if isinstance(node, Article):
                lines = article_lines(node)
                add("article", node.label, node.eid, node.text, "\n".join(lines), (node.num, node.suffix))
            else:
                text = "\n".join([node.title, *node.intro])
                add(
                    node.kind,
                    node.label,
                    node.eid,
                    text,
                    "\n".join([node.heading, *node.intro]),
                    (node.num, 0),
                )
                rec(node.children)

    rec(statute.body)
    return out


def similarity(a: Unit, b: Unit) -> float:
    """Dice coefficient of character bigrams; 0 across unit categories."""
    if a.category != b.category:
        return 0.0
    if a.key == b.key:
        return 1.0
    ga, gb = a.grams, b.grams
    total = len(ga) + len(gb)
    if not total:
        return 1.0
    return 2 * len(ga & gb) / total


# ---- alignment ----


def _align_gap(
    old: list[Unit], new: list[Unit], i0: int, i1: int, j0: int, j1: int
) -> list[tuple[int, int, float]]:
    """Order-preserving alignment of old[i0:i1] with new[j0:j1] maximising summed similarity."""
    n, m = i1 - i0, j1 - j0
    if not n or not m:
        return []
    sims: dict[tuple[int, int], float] = {}
    for i in range(n):
        a = old[i0 + i]
        la = len(a.grams)
        for j in range(m):
            b = new[j0 + j]
            if a.category != b.category:
                continue
            lb = len(b.grams)
            if la + lb and 2 * min(la, lb) / (la + lb) < MATCH_THRESHOLD:
                continue
            s = similarity(a, b)
            if s >= MATCH_THRESHOLD:
                sims[i, j] = s
    if not sims:
        return []
    # score[i][j]: best total for old[:i], new[:j]
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        row, prev = score[i], score[i - 1]
        for j in range(1, m + 1):
            best = prev[j] if prev[j] >= row[j - 1] else row[j - 1]
            s = sims.get((i - 1, j - 1))
            if s is not None and prev[j - 1] + s > best:
                best = prev[j - 1] + s
            row[j] = best
    pairs = []
    i, j = n, m
    while i and j:
        s = sims.get((i - 1, j - 1))
        if s is not None and score[i][j] == score[i - 1][j - 1] + s:
            pairs.append((i0 + i - 1, j0 + j - 1, s))
            i -= 1
            j -= 1
        elif score[i - 1][j] >= score[i][j - 1]:
            i -= 1
        else:
            j -= 1
    pairs.reverse()
    return pairs


def align(old: list[Unit], new: list[Unit]) -> dict[int, tuple[int, float]]:
    """In-order matches: old index → (new index, similarity)."""
    sm = SequenceMatcher(None, [u.key for u in old], [u.key for u in new], autojunk=False)
    matched: dict[int, tuple[int, float]] = {}
    i_prev = j_prev = 0
    for block in sm.get_matching_blocks():
        for a, b, s in _align_gap(old, new, i_prev, block.a, j_prev, block.b):
            matched[a] = (b, s)
        for k in range(block.size):
            matched[block.a + k] = (block.b + k, 1.0)
        i_prev, j_prev = block.a + block.size, block.b + block.size
    return matched


def _is_part(part: Unit, whole: Unit) -> bool:
    """A free article long enough, most of whose bigrams come from ``whole``."""
    if part.kind != "article" or len(part.key) <= 12 or not part.grams:
        return False
    return len(part.grams & whole.grams) >= PART_CONTAINMENT * len(part.grams)


def _grow_run(whole: Unit, seq: list[Unit], start: int, taken: set[int]) -> list[int]:
    """``start`` and its free neighbours in ``seq`` that are parts of ``whole``."""
    lo = start
    while lo > 0 and lo - 1 not in taken and _is_part(seq[lo - 1], whole):
        lo -= 1
    hi = start + 1
    while hi < len(seq) and hi not in taken and _is_part(seq[hi], whole):
        hi += 1
    return list(range(lo, hi))


def _union(units_: list[Unit]) -> frozenset[str]:
    out: frozenset[str] = frozenset()
    for u in units_:
        out |= u.grams
    return out


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    total = len(a) + len(b)
    return 2 * len(a & b) / total if total else 1.0


def _find_splits(
    whole_seq: list[Unit], part_seq: list[Unit], pairs: dict[int, tuple[int, float]]
) -> list[tuple[int, list[int], float]]:
    """One unit of ``whole_seq`` ≈ a run of consecutive ``part_seq`` units (split; swap the
    roles for merged). The run grows around the whole's partner, or, for an unmatched whole,
    is found among the free units between the partners of its matched neighbours."""
    taken = {j for j, _ in pairs.values()}
    found = []
    order = sorted(pairs)
    for i, whole in enumerate(whole_seq):
        if whole.kind != "article":
            continue
        if i in pairs:
            j, s = pairs[i]
            if s >= 0.95:
                continue
            runs = [_grow_run(whole, part_seq, j, taken - {j})]
        else:
            pos = bisect_left(order, i)
            lo = pairs[order[pos - 1]][0] + 1 if pos else 0
            hi = pairs[order[pos]][0] if pos < len(order) else len(part_seq)
            runs, run = [], []
            for j in range(lo, hi):
                if j not in taken and _is_part(part_seq[j], whole):
                    run.append(j)
                else:
                    runs.append(run)
                    run = []
            runs.append(run)
            s = 0.0
        best: tuple[list[int], float] | None = None
        for run in runs:
            if len(run) < 2:
                continue
            d = _dice(whole.grams, _union([part_seq[k] for k in run]))
            if d >= MATCH_THRESHOLD and d > s + 0.05 and (best is None or d > best[1]):
                best = (run, d)
        if best is not None:
            found.append((i, best[0], best[1]))
            taken.update(best[0])
    return found


def compare(old: Statute, new: Statute) -> Comparison:
    """Align and diff two versions; rows come in the order of the new text."""
    ou, nu = units(old), units(new)
    matched = align(ou, nu)

    # split: one old ≈ several consecutive new; merged: several old ≈ one new
    splits = _find_splits(ou, nu, matched)
    split_old = {i for i, _, _ in splits}
    split_new = {j for _, run, _ in splits for j in run}
    matched = {i: v for i, v in matched.items() if i not in split_old and v[0] not in split_new}
    reverse = {j: (i, s) for i, (j, s) in matched.items()}
    merges = _find_splits(nu, ou, reverse)
    merge_new = {j for j, _, _ in merges}
    merge_old = {i for _, run, _ in merges for i in run}
    matched = {i: v for i, v in matched.items() if i not in merge_old and v[0] not in merge_new}

    # moved: similar articles left over on both sides, out of order
    used_old = set(matched) | split_old | merge_old
    used_new = {j for j, _ in matched.values()} | split_new | merge_new
    free_old = [i for i, u in enumerate(ou) if i not in used_old and u.kind == "article"]
    free_new = [j for j, u in enumerate(nu) if j not in used_new and u.kind == "article"]
    candidates = []
    for i in free_old:
        a = ou[i]
        la = len(a.grams)
        for j in free_new:
            lb = len(nu[j].grams)
            if la + lb and 2 * min(la, lb) < MOVE_THRESHOLD * (la + lb):
                continue  # lengths alone rule it out
            s = similarity(a, nu[j])
            if s >= MOVE_THRESHOLD:
                candidates.append((s, i, j))
    candidates.sort(key=lambda t: (-t[0], t[1], t[2]))
    moved: dict[int, tuple[int, float]] = {}
    moved_new: set[int] = set()
    for s, i, j in candidates:
        if i not in moved and j not in moved_new:
            moved[i] = (j, s)
            moved_new.add(j)
    used_old |= set(moved)
    used_new |= moved_new

    rows: list[tuple[tuple, ChangeRow]] = []
    for i, (j, s) in matched.items():
        a, b = ou[i], nu[j]
        if a.key == b.key:
            kind = "unchanged" if a.number == b.number and a.label == b.label else "renumbered"
        else:
            kind = "modified"
        rows.append(((j, 0, i), _row(kind, [a], [b], s)))
    for i, (j, s) in moved.items():
        rows.append(((j, 0, i), _row("moved", [ou[i]], [nu[j]], s)))
    for i, run, s in splits:
        rows.append(((run[0], 0, i), _row("split", [ou[i]], [nu[j] for j in run], s)))
    for j, run, s in merges:
        rows.append(((j, 0, run[0]), _row("merged", [ou[i] for i in run], [nu[j]], s)))
    for j, u in enumerate(nu):
        if j not in used_new:
            rows.append(((j, 0, -1), ChangeRow("added", [], [u])))
    # a deleted unit goes right after the new position of its nearest preceding old unit
    anchor = {i: j for i, (j, _) in matched.items()}
    anchor.update({i: run[-1] for i, run, _ in splits})
    for j, run, _ in merges:
        anchor.update(dict.fromkeys(run, j))
    last_new = -1
    for i, u in enumerate(ou):
        if i in anchor:
            last_new = anchor[i]
        elif i not in used_old:
            rows.append(((last_new, 1, i), ChangeRow("deleted", [u], [])))
    rows.sort(key=lambda t: t[0])
    return Comparison(old, new, [r for _, r in rows])


def _row(kind: str, old: list[Unit], new: list[Unit], similarity_: float) -> ChangeRow:
    row = ChangeRow(kind, old, new, similarity_)
    if kind != "unchanged":
        row.diff = char_diff(row.old_text, row.new_text)
    return row


# ---- character diff ----


def char_diff(a: str, b: str) -> list[Segment]:
    """Character diff of two texts, cleaned up to whole-phrase edits."""
    if a == b:
        return [Segment("equal", a)] if a else []
    sm = SequenceMatcher(None, a, b, autojunk=False)
    segs: list[Segment] = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            segs.append(Segment("equal", a[i1:i2]))
        else:
            if i2 > i1:
                segs.append(Segment("delete", a[i1:i2]))
            if j2 > j1:
                segs.append(Segment("insert", b[j1:j2]))
    return _cleanup(segs)


def _cleanup(segs: list[Segment]) -> list[Segment]:
    """Drop short equalities sandwiched between edits (diff-match-patch's semantic rule)."""
    changed = True
    while changed:
        changed = False
        segs = _coalesce(segs)
        for k, seg in enumerate(segs):
            if seg.op != "equal" or k == 0 or k == len(segs) - 1:
                continue
            left = _edit_len(segs, k, -1)
            right = _edit_len(segs, k, 1)
            if left and right and len(seg.text) <= min(left, right) and len(seg.text) <= 4:
                segs[k : k + 1] = [Segment("delete", seg.text), Segment("insert", seg.text)]
                changed = True
                break
    return segs


def _edit_len(segs: list[Segment], k: int, step: int) -> int:
    """Longest side (deleted or inserted) of the edit run next to ``segs[k]``."""
    dels = ins = 0
    k += step
    while 0 <= k < len(segs) and segs[k].op != "equal":
        if segs[k].op == "delete":
            dels += len(segs[k].text)
        else:
            ins += len(segs[k].text)
        k += step
    return max(dels, ins)


def _coalesce(segs: list[Segment]) -> list[Segment]:
    """Merge neighbours: each edit run becomes one deletion followed by one insertion."""
    out: list[Segment] = []
    dels: list[str] = []
    ins: list[str] = []

    def flush() -> None:
        if dels:
            out.append(Segment("delete", "".join(dels)))
            dels.clear()
        if ins:
            out.append(Segment("insert", "".join(ins)))
            ins.clear()

    for seg in segs:
        if seg.op == "equal":
            flush()
            if out and out[-1].op == "equal":
                out[-1] = Segment("equal", out[-1].text + seg.text)
            elif seg.text:
                out.append(seg)
        elif seg.op == "delete":
            dels.append(seg.text)
        else:
            ins.append(seg.text)
    flush()
    return out
