"""Deterministic synthetic data: deputies' suggestions and public comments.

Everything here is driven by ``random.Random(seed)`` (stable across Python
versions) and never by the hash of a string, so the same seed gives the same
bytes on every machine. Two generators:

``generate_suggestions(n, seed)``
    Titles and texts of deputies' suggestions over 40 handling units and 15
    categories, built from per-unit vocabularies and sentence templates with
    place names and numbers. An *issue* is rendered once (``original``) and
    may be raised again by other deputies as a ``near_duplicate`` (the same
    text with small edits) or a ``paraphrase`` (re-rendered with other
    templates, order and synonyms); all renderings of an issue share a
    ``group``. About a fifth of the issues come from topics shared by several
    units (校园周边交通安全: 交警, 教育, 交通运输), whose true unit is drawn
    by weight, so routing is genuinely ambiguous.

``generate_comments(n, seed)``
    Public comments on a draft regulation with planted mass campaigns
    (hundreds of edited copies of one form letter, labelled with a campaign
    id), organic comments assembled from many independent slots, short stock
    comments ("同意。"), repeat submissions and comments quoting a campaign.
"""

from __future__ import annotations

import csv
import json
import random
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from types import SimpleNamespace
from typing import NamedTuple

__all__ = [
    "CATEGORIES",
    "UNIT_NAMES",
    "Suggestion",
    "SynthComment",
    "generate_comments",
    "generate_suggestions",
    "read_suggestions_jsonl",
    "suggestions_to_jsonl",
    "write_comments_csv",
]


# --------------------------------------------------------------------------- vocabularies


def _vocabulary(name: str) -> SimpleNamespace:
    """The vocabulary ``data/<name>.toml``, its top-level keys as attributes."""
    text = resources.files(__package__).joinpath("data", f"{name}.toml").read_text(encoding="utf-8")
    return SimpleNamespace(**tomllib.loads(text))


VU = _vocabulary("vocab_units")  # handling units, shared topics, place names and personal names
VC = _vocabulary("vocab_comments")  # public comments on the draft regulation


# --------------------------------------------------------------------------- units


@dataclass(frozen=True)
class _Unit:
    name: str
    short: str
    category: str
    weight: int
    topics: tuple[tuple[str, str], ...]  # (topic, category)
    problems: tuple[str, ...]
    measures: tuple[str, ...]


def _build_units() -> dict[str, _Unit]:
    units = {}
    for u in VU.units:
        topics = tuple((t, u["category"]) if isinstance(t, str) else (t[0], t[1]) for t in u["topics"])
        units[u["name"]] = _Unit(
            u["name"], u["short"], u["category"], u["weight"], topics, tuple(u["problems"]), tuple(u["measures"])
        )
    return units


_UNITS = _build_units()
UNIT_NAMES: tuple[str, ...] = tuple(_UNITS)
CATEGORIES: tuple[str, ...] = tuple(
    sorted(
        {u.category for u in _UNITS.values()}
        | {c for u in _UNITS.values() for _, c in u.topics}
        | {t["category"] for t in VU.shared_topics}
    )
)
_UNIT_WEIGHTS = [u.weight for u in _UNITS.values()]
_BY_CATEGORY: dict[str, list[str]] = {}
for _u in _UNITS.values():
    _BY_CATEGORY.setdefault(_u.category, []).append(_u.name)


# --------------------------------------------------------------------- suggestions


@dataclass(frozen=True)
class Suggestion:
    """One synthetic suggestion with its ground truth."""

    id: str
    title: str
    text: str
    units: tuple[str, ...]  # lead unit first, then assisting units
    category: str
    group: int  # issue id shared by near-duplicates and paraphrases
    kind: str  # "original" | "near_duplicate" | "paraphrase"
    deputy: str
    delegation: str

    @property
    def unit(self) -> str:
        return self.units[0]

    @property
    def full_text(self) -> str:
        return f"{self.title}。{self.text}"

    def to_dict(self) -> dict:
        d = asdict(self)
        d["units"] = list(self.units)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> Suggestion:
        return cls(**{**d, "units": tuple(d["units"])})


@dataclass
class _Issue:
    group: int
    units: tuple[str, ...]
    category: str
    topic: str
    problems: list[str]
    measures: list[str]
    slots: dict[str, str]
    addressee: str  # generic department name, used by some templates
    partner: str  # a second department for "会同" phrasing ("" if none)


_TITLE = [
    "关于{verb}{topic}的建议",
    "关于{verb}{pshort}{topic}的建议",
    "关于进一步{verb}{topic}工作的建议",
    "关于解决{pshort}{topic}问题的建议",
    "{verb}{topic}，{goal}",
    "建议{verb}{topic}",
    "关于{topic}存在问题及对策的建议",
    "关于{pshort}{topic}的几点建议",
]
_VERBS = ["加强", "完善", "推进", "加快推进", "优化", "做好", "规范", "深化", "统筹推进", "切实抓好"]
_GOALS = ["切实保障和改善民生", "提升群众获得感", "回应群众关切", "促进高质量发展", "守住安全底线", "增进民生福祉"]
_OPENING = [
    "近年来，我市{topic}工作取得了一定成效，但仍存在一些突出问题。",
    "{topic}事关群众切身利益，是社会关注的热点。",
    "本人在{place}调研时发现，{topic}方面还存在不少问题，群众反映较为强烈。",
    "{year}年以来，{place}{topic}工作稳步推进，但与群众期待相比仍有差距。",
    "据了解，全市{topic}仍存在短板弱项。",
    "在走访选民过程中，不少群众反映{topic}问题。",
    "",
    "{topic}是一项重要的民生工程。",
]
_PROBLEM_STYLES = [
    ("主要问题：一是{0}；二是{1}；三是{2}。", "主要问题：一是{0}；二是{1}。"),
    ("具体表现在：{0}；{1}；{2}。", "具体表现在：{0}；{1}。"),
    ("{0}。同时，{1}。此外，{2}。", "{0}。同时，{1}。"),
    ("目前存在的问题有：{0}，{1}，{2}。", "目前存在的问题有：{0}，{1}。"),
]
_MEASURE_STYLES = [
    ("为此建议：一是{0}；二是{1}；三是{2}。", "为此建议：一是{0}；二是{1}。"),
    ("建议{who}{0}，{1}，{2}。", "建议{who}{0}，{1}。"),
    ("建议如下：1.{0}。2.{1}。3.{2}。", "建议如下：1.{0}。2.{1}。"),
    ("希望{who}{0}；同时{1}；{2}。", "希望{who}{0}；同时{1}。"),
]
_CLOSING = ["", "以上建议，请予研究办理。", "望予采纳。", "恳请有关部门认真研究。", "以切实回应群众关切。", ""]
_SUGGESTION_SYNONYMS = [
    ("加强", "强化"), ("部分", "一些"), ("群众", "居民"), ("推进", "推动"), ("完善", "健全"), ("加大", "提高"),
    ("目前", "当前"), ("存在", "出现"), ("突出", "明显"), ("不足", "不够"), ("建设", "建造"), ("问题", "情况"),
]
_NUMBER = re.compile(r"\d+")


def _pick_weighted(rng: random.Random, weights: dict[str, int]) -> str:
    names = list(weights)
    return rng.choices(names, weights=[weights[n] for n in names])[0]


def _slots(rng: random.Random) -> dict[str, str]:
    district = rng.choice(VU.districts)
    street = rng.choice(VU.streets)
    community = rng.choice(VU.communities)
    road, road2 = rng.sample(VU.roads, 2)
    place = rng.choice([district, district + street, street, district + community, district])
    return {
        "district": district,
        "street": street,
        "community": community,
        "village": rng.choice(VU.villages),
        "road": road,
        "road2": road2,
        "school": rng.choice(VU.schools),
        "hospital": rng.choice(VU.hospitals),
        "river": rng.choice(VU.rivers),
        "park": rng.choice(VU.parks),
        "place": place,
        "pshort": rng.choice([district, street, ""]),
        "n": str(rng.choice([rng.randint(3, 60), rng.randint(60, 900), rng.randint(1000, 20000)])),
        "n2": str(rng.randint(5, 60)),
        "pct": str(rng.randint(5, 85)),
        "pct2": f"{rng.uniform(1.2, 2.8):.1f}",
        "year": str(rng.randint(2018, 2024)),
        "money": str(rng.randint(100, 9000)),
    }


def _new_issue(rng: random.Random, group: int) -> _Issue:
    if rng.random() < 0.22:
        shared = rng.choice(VU.shared_topics)
        topic, category, weights = shared["topic"], shared["category"], shared["weights"]
        problems, measures = shared["problems"], shared["measures"]
        lead = _pick_weighted(rng, weights)
        unit = _UNITS[lead]
        probs = rng.sample(problems, 2)
        meas = rng.sample(measures, 2)
        if rng.random() < 0.3:  # a clue from the lead unit's own vocabulary
            probs.append(rng.choice(unit.problems))
        others = [u for u in weights if u != lead]
    else:
        unit = _UNITS[rng.choices(UNIT_NAMES, weights=_UNIT_WEIGHTS)[0]]
        topic, category = rng.choice(unit.topics)
        probs = rng.sample(unit.problems, rng.choice([2, 3]))
        meas = rng.sample(unit.measures, rng.choice([2, 3]))
        others = [u for u in _BY_CATEGORY[unit.category] if u != unit.name]
        if others and rng.random() < 0.35:  # a related unit's concern mixed in
            related = _UNITS[rng.choice(others)]
            if rng.random() < 0.5:
                probs[rng.randrange(len(probs))] = rng.choice(related.problems)
            else:
                meas[rng.randrange(len(meas))] = rng.choice(related.measures)
    units = [unit.name]
    if others and rng.random() < 0.25:
        units.append(rng.choice(others))
    if others and rng.random() < 0.06:
        # Past assignments are not always the textbook choice: the clerk gave it to a related unit.
        units = [rng.choice(others), unit.name]
    partner = _UNITS[units[1]].short if len(units) > 1 and rng.random() < 0.5 else ""
    return _Issue(group, tuple(units), category, topic, probs, meas[:3], _slots(rng), unit.short, partner)


def _fill(template: str, values: dict[str, str]) -> str:
    return template.format_map(values) if "{" in template else template


def _render(issue: _Issue, rng: random.Random, style: tuple[int, ...] | None = None) -> tuple[str, str, tuple]:
    if style is None:
        style = (
            rng.randrange(len(_TITLE)),
            rng.randrange(len(_OPENING)),
            rng.randrange(len(_PROBLEM_STYLES)),
            rng.randrange(len(_MEASURE_STYLES)),
            rng.randrange(len(_CLOSING)),
            rng.randrange(len(_VERBS)),
            rng.randrange(len(_GOALS)),
            rng.randrange(4),  # addressee mode
        )
    t, o, p, m, c, v, g, who_mode = style
    values = dict(issue.slots, topic=issue.topic, verb=_VERBS[v], goal=_GOALS[g])
    title = _fill(_TITLE[t], values)
    if who_mode == 0:
        who = issue.addressee + (f"会同{issue.partner}" if issue.partner else "")
    elif who_mode == 1:
        who = "有关部门"
    elif who_mode == 2:
        who = "市政府及有关部门"
    else:
        who = ""
    problems = [_fill(x, values) for x in issue.problems]
    measures = [_fill(x, values) for x in issue.measures]
    pstyle = _PROBLEM_STYLES[p][0 if len(problems) >= 3 else 1]
    mstyle = _MEASURE_STYLES[m][0 if len(measures) >= 3 else 1]
    body = [
        _fill(_OPENING[o], values),
        pstyle.format(*problems[:3]),
        mstyle.replace("{who}", who).format(*measures[:3]),
        _CLOSING[c],
    ]
    return title, "".join(body), style


def _synonyms(text: str, rng: random.Random, p: float) -> str:
    for a, b in _SUGGESTION_SYNONYMS:
        if rng.random() < p:
            text = text.replace(a, b) if a in text else text.replace(b, a)
    return text


def _near_duplicate(issue: _Issue, style: tuple, rng: random.Random, delegation: str) -> tuple[str, str]:
    title, text, _ = _render(issue, rng, style)
    text = _synonyms(text, rng, 0.2)
    if rng.random() < 0.4:
        text = f"本人在{delegation[:-3]}走访时也发现，" + text
    if rng.random() < 0.4:
        nums = _NUMBER.findall(text)
        if nums:
            old = rng.choice(nums)
            text = text.replace(old, str(max(1, int(old) + rng.choice([-2, -1, 1, 3]))), 1)
    if rng.random() < 0.3:
        sentences = text.split("。")
        if len(sentences) > 3:
            del sentences[rng.randrange(1, len(sentences) - 1)]
            text = "。".join(sentences)
    if rng.random() < 0.5:
        title = title.replace("关于", "关于进一步", 1) if "进一步" not in title else title.replace("进一步", "", 1)
    return title, text


def _paraphrase(issue: _Issue, style: tuple, rng: random.Random) -> tuple[str, str]:
    variant = _Issue(**{**issue.__dict__})
    variant.problems = rng.sample(issue.problems, len(issue.problems))
    variant.measures = rng.sample(issue.measures, len(issue.measures))
    if len(variant.measures) > 2 and rng.random() < 0.5:
        variant.measures.pop()
    new_style = list(style)
    for i in rng.sample(range(len(style)), 5):  # change most of the templates
        limit = [len(_TITLE), len(_OPENING), len(_PROBLEM_STYLES), len(_MEASURE_STYLES), len(_CLOSING),
                 len(_VERBS), len(_GOALS), 4][i]
        new_style[i] = (style[i] + rng.randrange(1, limit)) % limit
    title, text, _ = _render(variant, rng, tuple(new_style))
    return title, _synonyms(text, rng, 0.5)


def _person(rng: random.Random) -> str:
    return rng.choice(VU.surnames) + "".join(rng.choice(VU.given) for _ in range(rng.choice([1, 2])))


def generate_suggestions(n: int, seed: int = 0) -> list[Suggestion]:
    """``n`` synthetic suggestions (deterministic for a seed), in random order.

    About 70 % of issues are raised once; the others by 2–5 deputies, each
    copy being a near-duplicate (60 %) or a paraphrase (40 %) of the first.
    """
    rng = random.Random(seed)
    rows: list[tuple] = []
    group = 0
    while len(rows) < n:
        issue = _new_issue(rng, group)
        copies = 1 if rng.random() < 0.7 else min(5, 2 + int(rng.expovariate(0.9)))
        title, text, style = _render(issue, rng)
        delegation = rng.choice(VU.districts) + "代表团"
        rows.append((title, text, issue, "original", _person(rng), delegation))
        for _ in range(copies - 1):
            delegation = rng.choice(VU.districts) + "代表团"
            if rng.random() < 0.6:
                t2, x2 = _near_duplicate(issue, style, rng, delegation)
                kind = "near_duplicate"
            else:
                t2, x2 = _paraphrase(issue, style, rng)
                kind = "paraphrase"
            rows.append((t2, x2, issue, kind, _person(rng), delegation))
        group += 1
    rows = rows[:n]
    rng.shuffle(rows)
    return [
        Suggestion(f"S{i + 1:06d}", t, x, iss.units, iss.category, iss.group, kind, dep, dele)
        for i, (t, x, iss, kind, dep, dele) in enumerate(rows)
    ]


def suggestions_to_jsonl(rows: Iterable[Suggestion]) -> str:
    """Serialise suggestions as JSON Lines (UTF-8 text, one compact object a line)."""
    return "".join(json.dumps(r.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n" for r in rows)


def read_suggestions_jsonl(path: str | Path) -> list[Suggestion]:
    with open(path, encoding="utf-8") as fh:
        return [Suggestion.from_dict(json.loads(line)) for line in fh if line.strip()]


# ------------------------------------------------------------------------ comments


class SynthComment(NamedTuple):
    """One synthetic public comment; ``campaign`` is the planted campaign id or None."""

    id: str
    provision: str
    text: str
    submitted_at: str
    participant: str
    campaign: int | None


_PROVISION_KEYS = list(VC.provisions)
# Contested articles draw more comments.
_PROVISION_WEIGHTS = [
    {"第十条": 3, "第十二条": 5, "第十五条": 4, "第十六条": 5, "第十八条": 4, "第二十条": 3, "第二十三条": 6,
     "第三十五条": 3, "第三十六条": 4}.get(k, 1)
    for k in _PROVISION_KEYS
]
_DETAILS = [
    "比如{road}和{road2}路口，每天早上{h}点左右特别乱", "我们{community}有{n}户人家，只有一个车棚",
    "{street}附近的充电桩一小时收{price}元", "上个月{district}就发生了{k}起电动车起火", "我的车是{year}年买的，花了{price}00元",
    "从家到单位要经过{k}个路口", "{community}的电梯里上周还有人推车进去", "去{district}上牌排了{k}个小时的队",
    "我家孩子在{school}上学，离家{km}公里", "{road}上非机动车道只有{w}米宽", "我们公司有{n}名骑手",
    "{street}的{k}个小区都没有集中充电点", "我每天在{road}上骑{km}公里", "{community}楼下停了{n}多辆电动车",
    "我们那栋楼{k}楼住户的电池去年冒过烟", "{district}到{district2}之间没有直达公交", "我父母住在{street}，出门全靠电动三轮",
    "{road}晚上{h2}点以后路灯很暗", "我们村到镇上有{km}公里", "我在{road}送外卖，一天要跑{k}十单",
]
_PUNCT_STYLE = [("，", ","), ("。", "."), ("，", " "), ("。", "！"), ("；", "，")]


def _pick(rng: random.Random, seq):
    # rng.choice without its Python-level checks: the generator calls it tens of millions of times.
    return seq[int(rng.random() * len(seq))]


def _int(rng: random.Random, lo: int, hi: int) -> str:
    return str(lo + int(rng.random() * (hi - lo + 1)))


_VALUE_MAKERS = {
    "district": lambda r: _pick(r, VU.districts), "district2": lambda r: _pick(r, VU.districts),
    "street": lambda r: _pick(r, VU.streets), "community": lambda r: _pick(r, VU.communities),
    "road": lambda r: _pick(r, VU.roads), "road2": lambda r: _pick(r, VU.roads), "school": lambda r: _pick(r, VU.schools),
    "n": lambda r: _int(r, 2, 300), "k": lambda r: _int(r, 2, 12), "h": lambda r: _int(r, 6, 9),
    "h2": lambda r: _int(r, 8, 11), "km": lambda r: _int(r, 2, 25), "age": lambda r: _int(r, 60, 82),
    "price": lambda r: _int(r, 2, 40), "year": lambda r: _int(r, 2015, 2024), "pct": lambda r: _int(r, 10, 90),
    "w": lambda r: f"{0.8 + r.random() * 2.7:.1f}",
}


class _Values(dict):
    """Slot values drawn on first use (most templates need two or three of them)."""

    def __init__(self, rng: random.Random, **fixed: str) -> None:
        super().__init__(fixed)
        self.rng = rng

    def __missing__(self, key: str) -> str:
        value = self[key] = _VALUE_MAKERS[key](self.rng)
        return value


def _provision_info(prov: str) -> tuple[str, str, str, list[str], list[str], list[str]]:
    p = VC.provisions[prov] if prov else VC.whole_draft
    return (prov or "条例草案"), p["topic"], p["what"], p["aspects"], p["arguments"], p["actions"]


def _organic(rng: random.Random, prov: str) -> str:
    label, topic, what, aspects, args, actions = _provision_info(prov)
    values = _Values(rng, prov=label, topic=topic, what=what)
    parts = []
    if rng.random() < 0.6:
        parts.append(_fill(_pick(rng, VC.personas), values))
    parts.append(_fill(_pick(rng, VC.stance_openers), values) + _pick(rng, VC.attitudes))
    middle = [
        _pick(rng, args),
        _pick(rng, aspects) + _pick(rng, VC.predicates),
        _fill(_pick(rng, VC.reasons), values),
        _fill(_pick(rng, _DETAILS), values),
        _fill(_pick(rng, _DETAILS), values),
    ]
    rng.shuffle(middle)
    parts.append("，".join(middle[: _pick(rng, [2, 3, 3, 4])]) + "。")
    action = _pick(rng, actions) if rng.random() < 0.6 else _fill(_pick(rng, VC.generic_actions), values)
    parts.append(_pick(rng, VC.suggestion_leads) + action + _pick(rng, VC.suggestion_tails) + "。")
    if rng.random() < 0.3:
        parts.append(_pick(rng, VC.suggestion_leads) + _fill(_pick(rng, VC.generic_actions), values) + "。")
    parts.append(_pick(rng, VC.closings))
    text = "".join(parts)
    if rng.random() < 0.3:  # personal punctuation habits
        a, b = _pick(rng, _PUNCT_STYLE)
        text = text.replace(a, b)
    return text


def _campaign_base(rng: random.Random, prov: str) -> str:
    label, topic, what, _, _, _ = _provision_info(prov)
    fixed = {"prov": label, "topic": topic, "what": what, "draft": f"《{VC.draft_title}》",
             "group": rng.choice(VC.campaign_groups), "verb": rng.choice(VC.campaign_verbs),
             "verb2": rng.choice(VC.campaign_verbs2), "attitude": rng.choice(VC.campaign_attitudes),
             "n": str(rng.randint(20, 3000))}
    args = []
    for _ in range(3):
        values = _Values(rng, **fixed)
        args.append(rng.choice(VC.arg_subjects) + _fill(rng.choice(VC.arg_claims), values) + "，"
                    + rng.choice(VC.arg_consequences))
    values = _Values(rng, **fixed)
    return (_fill(rng.choice(VC.campaign_openers), values) + _fill(rng.choice(VC.campaign_demands), values) + "。"
            + "。".join(args) + "。" + rng.choice(VC.campaign_closings))


def _edit_copy(base: str, rng: random.Random) -> str:
    """A campaign copy: the form letter with small edits."""
    text = base
    for _ in range(rng.choice([0, 1, 1, 2, 2, 3, 4, 5, 6])):
        op = rng.random()
        if op < 0.25:  # insert a filler word
            pos = rng.randrange(len(text))
            text = text[:pos] + rng.choice(VC.fillers) + text[pos:]
        elif op < 0.45:  # delete a few characters
            pos = rng.randrange(len(text) - 3)
            text = text[:pos] + text[pos + rng.randint(1, 3):]
        elif op < 0.6:  # swap two clauses
            clauses = text.split("，")
            if len(clauses) > 2:
                i = rng.randrange(len(clauses) - 1)
                clauses[i], clauses[i + 1] = clauses[i + 1], clauses[i]
                text = "，".join(clauses)
        elif op < 0.8:  # punctuation noise
            a, b = rng.choice(VC.punct_noise)
            text = text.replace(a, b, rng.randint(1, 3))
        else:  # a synonym
            a, b = rng.choice(VC.synonyms)
            text = text.replace(a, b, 1)
    if rng.random() < 0.5:  # name or signature
        sig = VC.signatures[rng.randrange(len(VC.signatures))]
        sig = sig.format(name=_person(rng), district=rng.choice(VU.districts), group=rng.choice(VC.campaign_groups),
                         phone=f"{rng.randrange(10**9, 10**10)}")
        text = sig + text if sig.endswith("，") else text + sig
    return text


def _heavy_copy(base: str, rng: random.Random) -> str:
    """A copy reworded more strongly: sentences reordered, several synonyms, a clause dropped."""
    sentences = [s for s in base.split("。") if s]
    head, rest = sentences[:2], sentences[2:]
    rng.shuffle(rest)
    text = "。".join(head + rest) + "。"
    for a, b in rng.sample(VC.synonyms, 4):
        text = text.replace(a, b)
    return _edit_copy(text, rng)


def _partial_copy(base: str, rng: random.Random) -> str:
    """Most of the form letter, cut short, with a sentence of the sender's own."""
    sentences = [x for x in base.split("。") if x]
    keep = max(2, round(len(sentences) * rng.uniform(0.7, 0.9)))
    own = _fill(rng.choice(VC.reasons), _Values(rng)) + "。"
    text = "。".join(sentences[:keep]) + "。"
    return _edit_copy(own + text if rng.random() < 0.3 else text + own, rng)


def _timestamp(day: str, rng: random.Random) -> str:
    seconds = int(rng.random() * 18 * 3600)
    return f"{day} {6 + seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def generate_comments(
    n: int,
    seed: int = 0,
    *,
    campaigns: int | None = None,
    campaign_share: float = 0.15,
    start: date = date(2025, 3, 1),
    days: int = 30,
) -> list[SynthComment]:
    """``n`` synthetic comments on a draft, sorted by submission time, ids ``C0000001``….

    ``campaigns`` planted campaigns (default ``max(2, n // 5000)``) together hold
    about ``campaign_share`` of the comments (at least 30 copies each). The
    rest is organic: 3 % short stock comments, 1 % repeat submissions by the
    same person, 2 % quoting one sentence of a campaign, the rest assembled.
    """
    rng = random.Random(seed)
    if campaigns is None:
        campaigns = max(2, n // 5000)
    campaigns = max(0, min(campaigns, n // 30))
    mean = campaign_share * n / campaigns if campaigns else 0
    sizes = [max(30, round(mean * rng.uniform(0.4, 1.6))) for _ in range(campaigns)]
    while sum(sizes) > n:
        sizes[sizes.index(max(sizes))] //= 2
    day_list = [(start + timedelta(days=d)).isoformat() for d in range(days)]
    # More comments in the first days and a rush before the deadline.
    day_weights = [3.0 if d < 3 else 4.0 if d >= days - 3 else 1.0 for d in range(days)]
    day_cum = _cumulative(day_weights)
    prov_cum = _cumulative(_PROVISION_WEIGHTS)

    rows: list[tuple[str, str, str, str, int | None]] = []  # (provision, text, time, participant, campaign)
    bases = []
    next_participant = 0
    for cid, size in enumerate(sizes, start=1):
        prov = "" if rng.random() < 0.1 else _PROVISION_KEYS[_bisect(prov_cum, rng.random())]
        base = _campaign_base(rng, prov)
        bases.append(base)
        first = rng.randrange(days - 2)
        for _ in range(size):
            day = day_list[min(days - 1, first + min(2, int(rng.expovariate(1.5))))]
            r = rng.random()
            if r < 0.04:
                text = _heavy_copy(base, rng)
            elif r < 0.12:
                text = _partial_copy(base, rng)
            else:
                text = _edit_copy(base, rng)
            if rng.random() < 0.05 and next_participant:  # someone sends it twice
                participant = next_participant - 1
            else:
                participant = next_participant
                next_participant += 1
            rows.append((prov, text, _timestamp(day, rng), f"P{participant:07d}", cid))

    organic = n - len(rows)
    pool = max(1, int(organic * 0.8))
    offset = next_participant
    organic_rows: list[tuple[str, str, str, str, None]] = []
    for _ in range(organic):
        r = rng.random()
        if r < 0.01 and organic_rows:  # a repeat submission
            prov, text, _, who, _ = organic_rows[rng.randrange(len(organic_rows))]
            text = text if rng.random() < 0.5 else text.rstrip("。！") + "！"
            organic_rows.append((prov, text, _timestamp(day_list[_bisect(day_cum, rng.random())], rng), who, None))
            continue
        prov = "" if rng.random() < 0.2 else _PROVISION_KEYS[_bisect(prov_cum, rng.random())]
        if r < 0.04:
            text = rng.choice(VC.short_comments).format(num=rng.choice(["五", "十", "十六", "二十三"]))
        elif r < 0.06 and bases:
            quoted = rng.choice([s for s in rng.choice(bases).split("。") if s])
            text = f"有人说“{quoted}”，" + _organic(rng, prov)
        else:
            text = _organic(rng, prov)
        who = f"P{offset + int(pool * rng.random() ** 1.3):07d}"
        organic_rows.append((prov, text, _timestamp(day_list[_bisect(day_cum, rng.random())], rng), who, None))
    rows.extend(organic_rows)
    rows.sort(key=lambda r: r[2])
    return [SynthComment(f"C{i + 1:07d}", p, t, ts, who, c) for i, (p, t, ts, who, c) in enumerate(rows)]


def _cumulative(weights: list[float]) -> list[float]:
    total = float(sum(weights))
    out, acc = [], 0.0
    for w in weights:
        acc += w / total
        out.append(acc)
    out[-1] = 1.0
    return out


def _bisect(cum: list[float], x: float) -> int:
    lo, hi = 0, len(cum) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if cum[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


def write_comments_csv(rows: Iterable[SynthComment], path: str | Path, *, labels: bool = False) -> int:
    """Write comments as UTF-8 CSV (``id,provision,text,submitted_at,participant`` [+ ``campaign``])."""
    header = ["id", "provision", "text", "submitted_at", "participant"] + (["campaign"] if labels else [])
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        for r in rows:
            row = [r.id, r.provision, r.text, r.submitted_at, r.participant]
            if labels:
                row.append("" if r.campaign is None else str(r.campaign))
            writer.writerow(row)
            count += 1
    return count


def iter_comment_rows(rows: Iterable[SynthComment]) -> Iterator[dict]:
    """Comments as the dicts ``analyze_comments`` accepts."""
    for r in rows:
        yield {"id": r.id, "provision": r.provision, "text": r.text, "submitted_at": r.submitted_at,
               "participant": r.participant}


def write_comments_csv_blocks(n: int, path: str | Path, *, seed: int = 0, block: int = 1_000_000,
                              labels: bool = False) -> int:
    """Write ``n`` comments in bounded memory: blocks of ``block`` comments, block ``b`` generated with
    ``seed + b`` (ids and campaign numbers continued across blocks). For files too large to generate at once
    (5,000,000 and more); a single block is exactly ``write_comments_csv(generate_comments(n, seed), …)``."""
    header = ["id", "provision", "text", "submitted_at", "participant"] + (["campaign"] if labels else [])
    written = 0
    campaign_offset = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        for b in range(0, max(1, -(-n // block))):
            size = min(block, n - written)
            if size <= 0:
                break
            rows = generate_comments(size, seed=seed + b)
            top = 0
            for r in rows:
                row = [f"C{written + 1:08d}" if n >= 10_000_000 else f"C{written + 1:07d}", r.provision, r.text,
                       r.submitted_at, f"{r.participant}-{b}" if b else r.participant]
                if labels:
                    row.append("" if r.campaign is None else str(r.campaign + campaign_offset))
                    top = max(top, r.campaign or 0)
                writer.writerow(row)
                written += 1
            campaign_offset += top
            del rows
    return written
