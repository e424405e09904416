"""Review of a lower text (a filed normative document, a draft regulation) against higher law.

``review(text, uppers)`` parses the lower text and each upper law, aligns every 款 of the lower text
with the 款 of the upper laws that concern the same matter, and reports the provisions that go beyond
them (审查要点 of 立法法 第一百零八条 and the three framework laws):

==================  =========================================================================
kind                what is flagged
==================  =========================================================================
penalty_exceeds     a fine whose ceiling is above the ceiling of the aligned upper provision
                    (same kind of amount: 元, 倍 of the same base, 百分之); 行政处罚法 第十二条第二款
penalty_type        a kind of penalty the aligned upper article does not give; 限制人身自由 (行政拘留)
                    and 吊销营业执照 set by the lower text itself (行政处罚法 第十二条第一款)
licence             a 行政许可 (未经…批准不得 / 经…许可方可 / 应当取得…许可证) where the aligned
                    upper article sets none (行政许可法 第十五条、第十六条第二款)
coercion            a 行政强制 measure (查封、扣押、冻结、强制拆除 …) the aligned upper article does not
                    give (行政强制法 第十条、第十一条)
fee                 a 收费 (收取 / 缴纳 …费) the aligned upper article and the upper law do not provide
conflict            the modality of a duty reversed against the aligned upper article: 不得/禁止 →
                    可以/应当, 应当 → 可以/不得, 可以 → 不得 on the same conduct
==================  =========================================================================

Precision over recall: a clause that only refers to other law (依照《…》的规定处罚, 依法吊销…) sets
nothing and is not flagged; a lower provision that aligns with no upper provision is not compared
(the upper law may simply not regulate that matter), except for the two penalties no 地方性法规 may
set at all. Every finding names both provisions and says why.

Alignment: an explicit citation (依照《XX法》第N条) wins; otherwise cosine similarity of IDF-weighted
character bigrams between 款 (a penalty 款 that says 违反本条例第N条 also carries the words of that
article). Penalty 款 are aligned with penalty 款 only, other 款 with other 款.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .model import Article, Paragraph, Statute
from .numerals import cn_to_int, int_to_cn, parse_article_label
from .parser import parse_text

KINDS = ("penalty_exceeds", "penalty_type", "licence", "coercion", "fee", "conflict")
KIND_NAMES = {
    "penalty_exceeds": "罚款超出上位法幅度",
    "penalty_type": "增设处罚种类",
    "licence": "增设行政许可",
    "coercion": "增设行政强制措施",
    "fee": "增设收费",
    "conflict": "与上位法规定相抵触",
}
ALIGN_THRESHOLD = 0.15  # cosine of the best upper 款 below this: not aligned, not compared
CLEAR_THRESHOLD = 0.30  # above this the best is taken even when another article scores close
MARGIN = 1.3  # below CLEAR_THRESHOLD the best must beat the best 款 of any other article by this factor
TIE_SHARE = 0.6  # upper 款 within this share of the best score also count as "the upper provision"

# The framework laws: cited as the basis of a finding, never aligned with the lower text's content.
FRAMEWORK = {
    "行政处罚法": ("第十二条", "地方性法规可以设定除限制人身自由、吊销营业执照以外的行政处罚。"),
    "行政许可法": (
        "第十六条",
        "地方性法规可以在法律、行政法规设定的行政许可事项范围内，对实施该行政许可作出具体规定。",
    ),
    "行政强制法": (
        "第十一条",
        "法律对行政强制措施的对象、条件、种类作了规定的，行政法规、地方性法规不得作出扩大规定。",
    ),
}
_FRAMEWORK_ALSO = ("立法法", "宪法")


@dataclass(slots=True)
class Finding:
    article: str  # the lower article, 第十二条
    kind: str  # one of KINDS
    upper_law: str  # short title of the upper law, 大气污染防治法
    upper_article: str | None  # 第N条, or None when the finding rests on the law as a whole
    message: str  # Chinese: cites both provisions and says why
    lower_text: str = ""
    upper_text: str = ""

    def to_dict(self) -> dict:
        return {
            "article": self.article,
            "kind": self.kind,
            "upper": {"law": self.upper_law, "article": self.upper_article},
            "message": self.message,
        }


# ---- amounts ----

_NUM = r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万]+)"
_PCT = rf"百分之({_NUM})"
_CONDITION = re.compile(
    rf"(?:(?:不足|不满|超过|低于|高于|达到|少于|多于|在){_NUM}(?:万|千)?(?:元|倍)(?:以上|以下)?"
    rf"|{_NUM}(?:万|千)?元(?:以上|以下)?的(?!罚款))"
)


@dataclass(frozen=True, slots=True)
class Fine:
    """A fine range. ``unit``: "元", "倍" (of ``base``) or "%" (of ``base``); ``per``: 每台/每日 …."""

    low: int
    high: int
    unit: str = "元"
    base: str = ""
    per: bool = False


def amount(numeral: str, multiplier: str | None = None) -> int:
    """An amount as an int: ("十", "万") → 100000, ("1.5", "万") → 15000, ("二千", None) → 2000."""
    factor = {"万": 10_000, "千": 1000, None: 1, "": 1}[multiplier]
    if re.fullmatch(r"\d+(?:\.\d+)?", numeral):
        try:
            value = Decimal(numeral) * factor
        except InvalidOperation:
            raise ValueError(f"无法识别的金额：{numeral}") from None
        if value != value.to_integral_value():
            raise ValueError(f"金额不是整数元：{numeral}{multiplier or ''}")
        return int(value)
    return cn_to_int(numeral) * factor


def _fine_clauses(text: str) -> list[str]:
    """The clauses (split on 。；) that impose a fine."""
    return [c for c in re.split(r"[。；;]", text) if "罚款" in c or "处罚金" in c]


_RANGE = {
    "元": re.compile(rf"({_NUM})(万|千)?元?(?:以上|至|到|-|－|～|~)、?({_NUM})(万|千)?元(?:以下)?"),
    "倍": re.compile(rf"({_NUM})倍?(?:以上|至|到|-|－)、?({_NUM})倍(?:以下)?"),
    "%": re.compile(rf"{_PCT}(?:以上|至|到)、?{_PCT}(?:以下)?"),
}
_CEILING = {
    "元": re.compile(rf"(?:不超过|最高不超过)?({_NUM})(万|千)?元以下"),
    "倍": re.compile(rf"({_NUM})倍以下"),
    "%": re.compile(rf"{_PCT}以下"),
}
_FIXED = {
    "元": re.compile(rf"({_NUM})(万|千)?元"),
    "倍": re.compile(rf"({_NUM})倍"),
    "%": re.compile(rf"{_PCT}"),
}


def _base(clause: str, start: int) -> str:
    """What a 倍 / 百分之 fine multiplies: the words between the last 处 and the numeral."""
    head = clause[:start]
    k = max(head.rfind("处"), head.rfind("，"), head.rfind("并"))
    base = head[k + 1 :] if k >= 0 else head
    base = re.sub(r"^(?:以|并处|处以|处)", "", base)
    return re.sub(r"(?:的|数额|金额)$", "", base)[-8:]


def _per_unit(clause: str, start: int) -> bool:
    """Whether the fine at ``start`` is counted per unit (每台、每日 …): a 每 just before it."""
    return "每" in clause[max(0, start - 6) : start]


def parse_fines(text: str) -> list[Fine]:
    """Every fine range imposed in ``text``; condition amounts (违法所得不足一万元的) are skipped.

    "处一万元以上十万元以下罚款" → Fine(10000, 100000); "五百元以下" → Fine(0, 500);
    "处五千元罚款" → Fine(5000, 5000); "货值金额一倍以上三倍以下" → Fine(1, 3, "倍", "货值");
    "百分之五十以下" → Fine(0, 50, "%", …). 以上/以下 include the figure.
    """
    out: list[Fine] = []
    for clause in _fine_clauses(text):
        clause = _CONDITION.sub(lambda m: "　" * len(m.group()), clause)
        taken = [False] * len(clause)

        def free(m: re.Match[str], taken: list[bool] = taken) -> bool:
            return not any(taken[m.start() : m.end()])

        def take(m: re.Match[str], taken: list[bool] = taken) -> None:
            for k in range(m.start(), m.end()):
                taken[k] = True

        for m in _RANGE["元"].finditer(clause):
            try:
                lo, hi = amount(m.group(1), m.group(2)), amount(m.group(3), m.group(4))
            except ValueError:
                continue
            out.append(Fine(lo, hi, "元", per=_per_unit(clause, m.start())))
            take(m)
        for unit in ("倍", "%"):
            for m in _RANGE[unit].finditer(clause):
                if not free(m):
                    continue
                try:
                    lo, hi = cn_to_int(m.group(1)), cn_to_int(m.group(2))
                except ValueError:
                    continue
                out.append(Fine(lo, hi, unit, _base(clause, m.start())))
                take(m)
        for table, ceiling in ((_CEILING, True), (_FIXED, False)):  # "…以下" (from 0), then a fixed figure
            for unit in ("元", "倍", "%"):
                for m in table[unit].finditer(clause):
                    if not free(m):
                        continue
                    try:
                        value = amount(m.group(1), m.group(2)) if unit == "元" else cn_to_int(m.group(1))
                    except ValueError:
                        continue
                    base = "" if unit == "元" else _base(clause, m.start())
                    out.append(Fine(0 if ceiling else value, value, unit, base, _per_unit(clause, m.start())))
                    take(m)
    return out


SEGMENT_MATCH = 0.35  # Dice of the conduct words: this upper clause is the one on the same conduct
SEGMENT_TIE = 0.1  # clauses this close to the best one are as good a match


def _fine_segments(text: str) -> list[str]:
    return [c for c in re.split(r"[。；;\n]", text) if c.strip()]


def seg_fines(segment: str) -> list[Fine]:
    """The fines of one clause, per-unit fines (每台 …) left out: they are not comparable."""
    return [f for f in parse_fines(segment) if not f.per]


def _yuan(n: int) -> str:
    return f"{int_to_cn(n)}元" if n else "零元"


def _ceiling_text(f: Fine) -> str:
    if f.unit == "元":
        return _yuan(f.high)
    if f.unit == "倍":
        return f"{f.base}{int_to_cn(f.high)}倍"
    return f"{f.base}百分之{int_to_cn(f.high)}"


# ---- penalty kinds, licences, coercion, fees ----

_REFERRAL = re.compile(
    r"(?:依照|依据|按照|根据)(?!本条例|本规定|本办法|本细则|本决定|职责|各自职责)[^，。；]{0,40}?"
    r"(?:《|法律|法规|有关规定|国家规定|国家有关规定)"
    r"|依法(?:予以|给予|进行|作出|由)?(?:处罚|处理|吊销|拘留|查处|处置|没收|查封|扣押|冻结|强制)"
)
PENALTY_KINDS: list[tuple[str, re.Pattern[str]]] = [
    ("警告", re.compile(r"警告(?!标志|标识|牌)")),
    ("通报批评", re.compile(r"通报批评")),
    ("罚款", re.compile(r"罚款")),
    ("没收违法所得", re.compile(r"没收[^，。；]{0,20}违法所得")),
    ("没收非法财物", re.compile(r"没收(?!违法所得)[^，。；]{1,30}")),
    ("暂扣许可证件", re.compile(r"暂扣[^，。；]{0,12}(?:许可证|执照|证件|证书|驾驶证|行驶证)")),
    ("降低资质等级", re.compile(r"降低[^，。；]{0,6}资质等级")),
    (
        "吊销许可证件",
        re.compile(
            r"吊销(?![^，。；]{0,6}营业执照)[^，。；]{0,12}(?:许可证|证书|驾驶证|资格|资质|执照)|取消[^，。；]{0,8}资格"
        ),
    ),
    ("吊销营业执照", re.compile(r"吊销[^，。；]{0,6}营业执照")),
    ("限制开展生产经营活动", re.compile(r"限制开展生产经营活动|限制生产")),
    ("责令停产停业", re.compile(r"责令[^，。；]{0,8}(?:停产|停业|停止生产|停止营业|停工整治)")),
    ("责令关闭", re.compile(r"责令[^，。；]{0,8}关闭")),
    ("限制从业", re.compile(r"限制从业|[一二三四五六七八九十]年内不得从事")),
    ("行政拘留", re.compile(r"(?<!刑事)拘留")),
]
NOT_BY_LOCAL = ("行政拘留", "吊销营业执照")  # 行政处罚法 第十二条第一款
LIGHT_KINDS = {"警告", "通报批评", "罚款"}
_SENTENCE = re.compile(r"[^。；]+")


def _clauses(text: str) -> list[str]:
    return [c for c in _SENTENCE.findall(text.replace("\n", "。")) if c.strip()]


def _own_clauses(text: str) -> list[str]:
    """The clauses that set a rule themselves: those that only refer to other law (依照《…》) left out."""
    return [c for c in _clauses(text) if not _REFERRAL.search(c)]


def penalty_kinds(text: str, *, skip_referrals: bool = True) -> set[str]:
    """The kinds of penalty ``text`` imposes (clauses that only refer to other law skipped)."""
    out: set[str] = set()
    for clause in _own_clauses(text) if skip_referrals else _clauses(text):
        if not re.search(r"处|给予|予以|责令|吊销|没收|暂扣|取消|拘留|警告|降低|限制", clause):
            continue
        for name, pattern in PENALTY_KINDS:
            m = pattern.search(clause)
            if m and not re.search(r"不得|不予", clause[max(0, m.start() - 4) : m.start()]):
                out.add(name)
    # 没收违法所得 alone also matches the wider pattern: only a second object is 非法财物
    if "没收非法财物" in out and "没收违法所得" in out and not _other_confiscation(text):
        out.discard("没收非法财物")
    return out


def _other_confiscation(text: str) -> bool:
    """没收 of something besides 违法所得 (没收违法所得和违法生产经营的食品)."""
    return any(
        any(p.strip() and p.strip() != "违法所得" for p in re.split(r"[、和及]|以及", m.group()[2:]))
        for m in re.finditer(r"没收[^，。；]{1,30}", text)
    )


def is_penalty(text: str) -> bool:
    """A provision that imposes (or refers to) an administrative penalty."""
    return bool(
        re.search(r"罚款|没收违法所得|吊销|暂扣|行政拘留|予以处罚|给予处罚|责令停产|责令停业|警告", text)
    )


_LICENCE = [
    re.compile(r"未(?:经|取得|办理)[^，。；]{0,30}?(?:许可|批准|审批|核准|许可证)[^。；]{0,40}?不得"),
    re.compile(r"经[^，。；]{1,30}?(?:许可|批准|审批|核准)[^。；]{0,8}?(?:后)?[，,]?方(?:可|能)"),
    re.compile(
        r"(?:应当|须|必须)(?:向[^，。；]{1,30}?)?(?:申请)?(?:并)?(?:取得|领取|办理)[^，。；]{0,20}?(?:许可证|许可|批准文件|审批手续)"
    ),
    re.compile(r"实行[^，。；]{0,12}许可(?:证)?(?:制度|管理)(?!的)"),
]
_UPPER_LICENCE = re.compile(r"许可|批准|审批|核准|登记|备案")


def licences(text: str) -> list[str]:
    """The 行政许可 phrases that the text itself sets (not 依法 …, not in a penalty clause)."""
    out = []
    for clause in _own_clauses(text):
        if re.search(r"依法(?:取得|办理|申请)|依照", clause):
            continue
        if "罚款" in clause or re.search(r"^[^，]*违反", clause):
            continue
        for pattern in _LICENCE:
            m = pattern.search(clause)
            if m and "报经" not in m.group() and not re.search(r"人民政府批准后(?:实施|公布|执行)", clause):
                out.append(m.group())
                break
    return out


COERCION = ("查封", "扣押", "冻结", "强制拆除", "强制执行", "强制隔离", "强制清除", "代履行", "强制报废")
_NOT_COERCION = re.compile(r"申请人民法院强制执行|依法强制执行|不得(?:查封|扣押|冻结)")


def coercions(text: str) -> list[str]:
    out: list[str] = []
    for clause in _own_clauses(text):
        clause = _NOT_COERCION.sub("", clause)
        clause = re.sub(r"(?:违法|擅自|违规|滥用职权|非法)[^，。；]{0,4}?(?:查封|扣押|冻结)", "", clause)
        for word in COERCION:
            if word in clause and word not in out:
                out.append(word)
    return out


_FEE = re.compile(r"(?:收取|缴纳|交纳|征收|收缴|计收)([^，。；]{0,16}?费)(?!用)")


def fees(text: str) -> list[str]:
    """Fee names (排污费, 占道费 …) the text makes someone pay; prohibitions and exemptions skipped."""
    out: list[str] = []
    for clause in _own_clauses(text):
        for m in _FEE.finditer(clause):
            before = clause[max(0, m.start() - 8) : m.start()]
            if re.search(r"不得|禁止|免|严禁|不再|停止", before) or "费用" in m.group():
                continue
            name = re.sub(r"^.*?(?:的|向|按照|规定|标准)", "", m.group(1))[-6:]
            if len(name) >= 2 and name not in out:
                out.append(name)
    return out


# ---- modality ----

_MODAL = re.compile(r"(不得|禁止|严禁|可以|允许|准许|应当|必须)([^。；：:]{2,40})")
NEG, PERM, DUTY = "neg", "perm", "duty"
_POLARITY = {
    "不得": NEG,
    "禁止": NEG,
    "严禁": NEG,
    "可以": PERM,
    "允许": PERM,
    "准许": PERM,
    "应当": DUTY,
    "必须": DUTY,
}
_REVERSED = {(NEG, PERM), (NEG, DUTY), (DUTY, NEG), (PERM, NEG), (DUTY, PERM)}
_POLARITY_NAMES = {NEG: "禁止性规定", PERM: "授权性规定", DUTY: "义务性规定"}


def modal_statements(text: str) -> list[tuple[str, str, str]]:
    """(modal word, polarity, what it governs) for each modal clause; exceptions (但是…) skipped."""
    out = []
    for clause in _clauses(text):
        for m in _MODAL.finditer(clause):
            head = clause[: m.start()]
            if re.search(r"但是|但|除外|除[^，]{0,20}外|经[^，]{0,20}(?:批准|同意)", head[-20:]):
                continue
            pred = re.split(r"[，,]", m.group(2))[0]
            if len(pred) >= 3:
                out.append((m.group(1), _POLARITY[m.group(1)], pred))
    return out


def _dice(a: str, b: str) -> float:
    ga = {a[i : i + 2] for i in range(len(a) - 1)}
    gb = {b[i : i + 2] for i in range(len(b) - 1)}
    if not ga or not gb:
        return 0.0
    return 2 * len(ga & gb) / (len(ga) + len(gb))


# ---- provisions and alignment ----


def short_title(title: str) -> str:
    """《中华人民共和国大气污染防治法》 → 大气污染防治法."""
    t = title.strip().strip("《》")
    t = re.sub(r"[（(]\d{4}[^）)]*[）)]$", "", t)
    return t.removeprefix("中华人民共和国")


@dataclass(slots=True)
class _Provision:
    law: str
    art: Article
    para_no: int  # 1-based 款
    text: str
    penalty: bool
    vector: dict[str, float] = field(default_factory=dict)
    extra: str = ""  # the words of an article this penalty cites (违反本法第N条)

    @property
    def label(self) -> str:
        return self.art.label


def _para_text(para: Paragraph) -> str:
    return "\n".join(para.lines())


_SELF_CITE = re.compile(
    r"违反本(?:法|条例|规定|办法|细则)((?:第[零〇一二三四五六七八九十百千]+条(?:第[零〇一二三四五六七八九十百千]+款)?[、和]?)+)"
)


def _provisions(statute: Statute, law: str) -> list[_Provision]:
    out = []
    by_num = {(a.num, a.suffix): a for a in statute.articles()}
    for art in statute.articles():
        if art.style == "clause":
            continue
        for k, para in enumerate(art.paragraphs, 1):
            text = _para_text(para)
            if not text:
                continue
            p = _Provision(law, art, k, text, is_penalty(text))
            if p.penalty:
                cited = []
                for m in _SELF_CITE.finditer(text):
                    for n in re.findall(r"第([零〇一二三四五六七八九十百千]+)条", m.group(1)):
                        try:
                            target = by_num.get((cn_to_int(n), 0))
                        except ValueError:
                            continue
                        if target is not None and target is not art:
                            cited.append(target.text)
                p.extra = "\n".join(cited)
            out.append(p)
    return out


_STRIP = re.compile(r"[\s，。；：、“”‘’（）()《》〈〉,.;:!?！？【】\[\]0-9a-zA-Z]")
# words of every penalty clause: they say nothing about the matter
_BOILER = re.compile(
    r"违反本(?:法|条例|规定|办法)(?:第[^，。；]{1,12}条)?(?:规定)?|由[^，。；]{0,30}?(?:部门|机关)|县级以上(?:地方)?人民政府"
    r"|责令(?:限期)?改正|处[^，。；]{0,20}罚款|情节严重的|拒不改正的|有下列行为之一的"
)


def conduct(text: str) -> str:
    """What a penalty 款 punishes: each clause up to its authority (，由…) or sanction, and its items;
    the sanction words are the same in every penalty and say nothing about the matter."""
    out = []
    for line in text.split("\n"):
        for clause in re.split(r"[。；;]", line):
            m = re.search(r"[，,](?:由|对其?|并?处|并?可以|给予|没收|责令|依照|依法|吊销|暂扣|并)", clause)
            out.append(clause[: m.start()] if m else clause)
    return "\n".join(x for x in out if x)


def _profile(p: _Provision) -> Counter[str]:
    g = _grams(conduct(p.text) if p.penalty else p.text)
    if p.extra:
        for k, v in _grams(p.extra).items():
            g[k] += 0.5 * v
    return g


def _grams(text: str) -> Counter[str]:
    s = _STRIP.sub("", _BOILER.sub("", text))
    return Counter(s[i : i + 2] for i in range(len(s) - 1))


class _Index:
    """IDF-weighted bigram vectors of the upper provisions."""

    def __init__(self, provisions: list[_Provision]) -> None:
        self.provisions = provisions
        df: Counter[str] = Counter()
        raw = []
        for p in provisions:
            g = _profile(p)
            raw.append(g)
            df.update(g.keys())
        n = max(len(provisions), 1)
        self.idf = {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}
        self.default_idf = math.log((n + 1) / 0.5)
        for p, g in zip(provisions, raw, strict=True):
            p.vector = self.vector(g)

    def vector(self, grams: Counter[str]) -> dict[str, float]:
        vec = {t: (1 + math.log(c)) * self.idf.get(t, self.default_idf) for t, c in grams.items() if c > 0}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {t: v / norm for t, v in vec.items()}

    def query(self, p: _Provision) -> list[tuple[float, _Provision]]:
        q = self.vector(_profile(p))
        scored = []
        for u in self.provisions:
            if u.penalty != p.penalty:
                continue
            s = sum(w * u.vector.get(t, 0.0) for t, w in q.items())
            if s > 0:
                scored.append((s, u))
        scored.sort(key=lambda t: -t[0])
        return scored


_CITATION = re.compile(
    r"《(?:中华人民共和国)?([^》]{2,40})》(?:的规定)?((?:第[零〇一二三四五六七八九十百千]+条(?:第[零〇一二三四五六七八九十百千]+款)?[、和]?)+)"
)


@dataclass(slots=True)
class _Upper:
    title: str  # as given
    short: str
    statute: Statute
    text: str


@functools.lru_cache(maxsize=8)
def _prepared(uppers: tuple[tuple[str, str], ...]) -> tuple[dict[str, Statute], _Index, dict[str, _Upper]]:
    """The upper laws parsed, split into provisions and indexed — the costly part of a review, the same for every
    document reviewed against the same texts, so kept for the last few sets (read only afterwards)."""
    laws: list[_Upper] = []
    framework: dict[str, Statute] = {}
    for title, body in uppers:
        st = parse_text(body)
        short = short_title(title or st.title)
        if short in FRAMEWORK or short in _FRAMEWORK_ALSO:
            framework[short] = st
            continue
        laws.append(_Upper(title, short, st, body))
    upper_provisions = [p for u in laws for p in _provisions(u.statute, u.short)]
    return framework, _Index(upper_provisions), {u.short: u for u in laws}


def review(text: str, uppers: list[tuple[str, str]]) -> list[Finding]:
    """Findings of ``text`` (a lower normative text) against ``uppers`` = [(law title, law text)].

    Findings come in the order of the lower text's articles; see the module docstring for the kinds.
    """
    lower = parse_text(text)
    framework, index, by_law = _prepared(tuple((title, body) for title, body in uppers))
    findings: list[Finding] = []
    seen: set[tuple] = set()

    def add(f: Finding) -> None:
        key = (f.article, f.kind, f.upper_law, f.upper_article, f.message)
        if key not in seen:
            seen.add(key)
            findings.append(f)

    for p in _provisions(lower, short_title(lower.title)):
        explicit = _explicit(p, by_law)
        score, matches = (1.0, explicit) if explicit else _similar(p, index)
        _check(p, score, matches, by_law, framework, add)
    return findings


def _explicit(p: _Provision, by_law: dict[str, _Upper]) -> list[_Provision]:
    """Upper 款 the lower text cites by law and article (依照《XX法》第N条)."""
    out: list[_Provision] = []
    for m in _CITATION.finditer(p.text):
        law = by_law.get(short_title(m.group(1)))
        if law is None:
            continue
        for n in re.findall(r"第([零〇一二三四五六七八九十百千]+)条", m.group(2)):
            try:
                art = law.statute.article(cn_to_int(n))
            except ValueError:
                continue
            if art is not None:
                out += [q for q in _provisions_of(law, art)]
    return out


def _provisions_of(law: _Upper, art: Article) -> list[_Provision]:
    return [
        _Provision(law.short, art, k, _para_text(para), is_penalty(_para_text(para)))
        for k, para in enumerate(art.paragraphs, 1)
    ]


def _similar(p: _Provision, index: _Index) -> tuple[float, list[_Provision]]:
    scored = index.query(p)
    if not scored or scored[0][0] < ALIGN_THRESHOLD:
        return 0.0, []
    best, top = scored[0]
    if best < CLEAR_THRESHOLD:
        other = next((s for s, u in scored if u.art is not top.art or u.law != top.law), 0.0)
        if other * MARGIN > best:
            return 0.0, []
    return best, [u for s, u in scored[:4] if s >= best * TIE_SHARE]


def _article_text(art: Article) -> str:
    return f"{art.label} {art.text}"


def _basis(framework: dict[str, Statute], law: str, article: str) -> str:
    st = framework.get(law)
    if st is not None:
        try:
            art = st.article(*parse_article_label(article))
        except ValueError:
            art = None
        if art is not None:
            return _article_text(art)
    return f"{article} {FRAMEWORK[law][1]}" if law in FRAMEWORK and FRAMEWORK[law][0] == article else ""


def _check(p, score, matches, by_law, framework, add) -> None:
    art_label = p.art.label
    lower_text = _article_text(p.art)
    best = matches[0] if matches else None
    cite = f"《{best.law}》{best.label}" if best else ""
    upper_articles = {(u.law, u.art.label): u.art for u in matches}
    upper_text_all = "\n".join(_para_text(para) for a in upper_articles.values() for para in a.paragraphs)
    upper_text = _article_text(best.art) if best else ""

    def finding(kind: str, message: str, law: str | None = None, article: str | None = None, utext=None):
        add(
            Finding(
                art_label,
                kind,
                law if law is not None else (best.law if best else ""),
                article if law is not None else (best.label if best else None),
                message,
                lower_text,
                utext if utext is not None else upper_text,
            )
        )

    if p.penalty:
        kinds = penalty_kinds(p.text)
        upper_kinds = penalty_kinds(upper_text_all, skip_referrals=False) if best else set()
        for k in NOT_BY_LOCAL:
            if k in kinds and k not in upper_kinds:
                what = "限制人身自由的行政拘留" if k == "行政拘留" else "吊销营业执照"
                finding(
                    "penalty_type",
                    f"{art_label}设定了{what}的行政处罚。《行政处罚法》第十二条第一款规定，地方性法规可以设定"
                    f"除限制人身自由、吊销营业执照以外的行政处罚"
                    + (f"；上位法对应的{cite}也未规定该处罚" if best else "")
                    + "。",
                    "行政处罚法",
                    "第十二条",
                    _basis(framework, "行政处罚法", "第十二条"),
                )
        if best is None:
            return
        # the lighter kinds (警告, 通报批评) and 罚款 (set by the specific laws a regulation implements,
        # its amount checked below) are not reported as added kinds: only the heavier ones
        extra = sorted(kinds - upper_kinds - set(NOT_BY_LOCAL) - LIGHT_KINDS)
        if extra and upper_kinds and score >= CLEAR_THRESHOLD:
            finding(
                "penalty_type",
                f"{art_label}规定了“{'”“'.join(extra)}”，而{cite}对该违法行为规定的处罚种类为"
                f"“{'”“'.join(sorted(upper_kinds))}”，没有该种类。《行政处罚法》第十二条第二款规定，地方性法规"
                "作出具体规定的，必须在法律、行政法规规定的给予行政处罚的行为、种类和幅度的范围内规定。",
            )
        upper_segments = [
            (u, seg, fines) for u in matches for seg in _fine_segments(u.text) if (fines := seg_fines(seg))
        ]
        # without a clause clearly on the same conduct: the highest ceiling of the aligned articles
        upper_all = [(u, f) for u in {id(u.art): u for u in matches}.values() for f in seg_fines(u.art.text)]
        for seg in _fine_segments(p.text):
            lower_fines = seg_fines(seg)
            if not lower_fines:
                continue
            # the upper clause on the same conduct, when one is clearly it; else every aligned clause
            key = _STRIP.sub("", _BOILER.sub("", conduct(seg)))
            ranked = sorted(
                (
                    (_dice(key, _STRIP.sub("", _BOILER.sub("", conduct(useg)))), u, fines)
                    for u, useg, fines in upper_segments
                ),
                key=lambda t: -t[0],
            )
            if ranked and ranked[0][0] >= SEGMENT_MATCH:
                # every clause about as close as the best one counts (the highest ceiling wins)
                near = max(SEGMENT_MATCH, ranked[0][0] - SEGMENT_TIE)
                pool = [(u, f) for d, u, fines in ranked if d >= near for f in fines]
            else:
                pool = upper_all
            for unit in ("元", "倍", "%"):
                lows = [f for f in lower_fines if f.unit == unit]
                top = max(lows, key=lambda f: f.high, default=None)
                if top is None:
                    continue
                comparable = [
                    (u, f)
                    for u, f in pool
                    if f.unit == unit and (unit == "元" or _same_base(f.base, top.base))
                ]
                if not comparable:
                    continue
                src, ceiling = max(comparable, key=lambda t: t[1].high)
                if top.high > ceiling.high:
                    finding(
                        "penalty_exceeds",
                        f"{art_label}规定的罚款最高为{_ceiling_text(top)}，超过《{src.law}》{src.label}规定的最高"
                        f"{_ceiling_text(ceiling)}。《行政处罚法》第十二条第二款规定，地方性法规作出具体规定的，"
                        "必须在法律、行政法规规定的给予行政处罚的行为、种类和幅度的范围内规定。",
                        src.law,
                        src.label,
                        _article_text(src.art),
                    )
        return

    # provisions that are not penalties: licence, coercion, fee, conflict
    for phrase in licences(p.text):
        if best is None:
            break
        name = re.search(r"([\u4e00-\u9fff]{2})许可", phrase)
        in_law = name is not None and name.group(1) + "许可" in by_law[best.law].text
        if not _UPPER_LICENCE.search(upper_text_all) and not in_law:
            finding(
                "licence",
                f"{art_label}设定了行政许可（“{phrase}”），而{cite}对该事项未设定行政许可。《行政许可法》"
                "第十六条第二款规定，地方性法规只能在法律、行政法规设定的行政许可事项范围内作出具体规定；"
                "依照第十五条第一款，地方性法规仅在尚未制定法律、行政法规时方可设定行政许可。",
            )
            break
    for word in coercions(p.text):
        if word in ("冻结",) or (best is not None and word not in upper_text_all):
            if best is None:
                finding(
                    "coercion",
                    f"{art_label}设定了“{word}”存款、汇款的行政强制措施。《行政强制法》第十条第三款规定，地方性"
                    "法规只能设定查封场所、设施或者财物和扣押财物的行政强制措施。",
                    "行政强制法",
                    "第十条",
                    "",
                )
                continue
            finding(
                "coercion",
                f"{art_label}规定了“{word}”的行政强制措施，而{cite}未规定该措施。《行政强制法》第十一条规定，"
                "法律对行政强制措施的对象、条件、种类作了规定的，地方性法规不得作出扩大规定；"
                "法律中未设定行政强制措施的，地方性法规不得设定。",
            )
    if best is None:
        return
    for name in fees(p.text):
        if name in upper_text_all or (len(name) > 2 and name in by_law[best.law].text):
            continue
        if re.search(r"(?:收取|缴纳|交纳|征收)[^，。；]{0,16}费", upper_text_all):
            continue
        finding(
            "fee",
            f"{art_label}规定收取“{name}”，而{cite}及《{best.law}》均未规定该项收费。"
            "设定收费应当有法律、行政法规依据。",
        )
    lower_modal = modal_statements(p.text)
    for u in matches:
        for uword, upol, upred in modal_statements(u.text):
            same = [lp for _, lp, lpred in lower_modal if lp == upol and _dice(lpred, upred) >= 0.7]
            if same:
                continue
            for lword, lpol, lpred in lower_modal:
                if (upol, lpol) in _REVERSED and _dice(lpred, upred) >= 0.7:
                    finding(
                        "conflict",
                        f"{art_label}规定“{lword}{lpred}”，而《{u.law}》{u.label}规定“{uword}{upred}”：上位法的"
                        f"{_POLARITY_NAMES[upol]}被改为{_POLARITY_NAMES[lpol]}，与上位法相抵触。",
                        u.law,
                        u.label,
                        _article_text(u.art),
                    )
                    break


def _same_base(a: str, b: str) -> bool:
    if not a or not b:
        return True
    return a in b or b in a or _dice(a, b) >= 0.5


def describe(finding: Finding) -> str:
    """One line for people: 第十二条【罚款超出上位法幅度】…."""
    return f"{finding.article}【{KIND_NAMES.get(finding.kind, finding.kind)}】{finding.message}"


__all__ = ["KINDS", "KIND_NAMES", "Finding", "Fine", "describe", "parse_fines", "review"]
