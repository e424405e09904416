"""Review against higher law (renda.statutes.review) on real regulations with planted exceedances.

The lower texts are real local regulations of the library, the upper texts the national laws they
implement; each plant changes one provision (a fine ceiling raised, 吊销营业执照 / 行政拘留 added, a
许可, a 查封扣押, a 收费 added, a 不得 turned into 可以). Each plant must be found with its kind and
upper article; the unmodified text must give no finding of that kind on that article.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from renda.statutes.cli import main
from renda.statutes.review import FRAMEWORK, Finding, Fine, amount, parse_fines, review

pytestmark = pytest.mark.corpus

AIR_LOCAL = "shanghai/上海市大气污染防治条例(2018-12-20).md"
AIR_LAW = "national/大气污染防治法(2018-10-26).md"
FOOD_LOCAL = "shanghai/上海市食品安全条例(2017-01-20).md"
FOOD_LAW = "national/食品安全法(2021-04-29).md"
FRAMEWORK_LAWS = (
    "national/行政处罚法(2021-01-22).md",
    "national/行政许可法(2019-04-23).md",
    "national/行政强制法(2011-06-30).md",
)

# (name, lower file, upper file, old text, new text, kind, lower article, upper law, upper article)
PLANTS = [
    (
        "fine ceiling raised",
        AIR_LOCAL,
        AIR_LAW,
        "没收违法所得，处十万元以上五十万元以下罚款；情节严重的，由负责资质认定的部门取消其检验资格",
        "没收违法所得，处十万元以上八十万元以下罚款；情节严重的，由负责资质认定的部门取消其检验资格",
        "penalty_exceeds",
        "第九十条",
        "大气污染防治法",
        "第一百一十二条",
    ),
    (
        "fine ceiling raised in one clause of several",
        AIR_LOCAL,
        AIR_LAW,
        "由生态环境部门责令改正，可以处五百元以上二千元以下罚款；露天焚烧沥青",
        "由生态环境部门责令改正，可以处五百元以上五千元以下罚款；露天焚烧沥青",
        "penalty_exceeds",
        "第九十七条",
        "大气污染防治法",
        "第一百一十九条",
    ),
    (
        "吊销营业执照 added",
        AIR_LOCAL,
        AIR_LAW,
        "处五千元以上五万元以下罚款；拒不改正的，责令停业整治。",
        "处五千元以上五万元以下罚款；拒不改正的，责令停业整治；情节严重的，吊销营业执照。",
        "penalty_type",
        "第九十九条",
        "行政处罚法",
        "第十二条",
    ),
    (
        "行政拘留 added",
        AIR_LOCAL,
        AIR_LAW,
        "由市或者区生态环境部门责令改正或者限制生产、停产整治，并处十万元以上一百万元以下罚款；",
        "由市或者区生态环境部门责令改正或者限制生产、停产整治，并处十万元以上一百万元以下罚款，"
        "对直接负责的主管人员处十日以下行政拘留；",
        "penalty_type",
        "第七十六条",
        "行政处罚法",
        "第十二条",
    ),
    (
        "许可 added",
        AIR_LOCAL,
        AIR_LAW,
        "机动车排放检验机构应当依法通过计量认证，",
        "机动车排放检验机构应当取得市生态环境部门核发的排放检验许可证，方可开展检验。机动车排放检验机构应当依法通过计量认证，",
        "licence",
        "第四十三条",
        "大气污染防治法",
        "第五十四条",
    ),
    (
        "查封扣押 added",
        AIR_LOCAL,
        AIR_LAW,
        "生态环境部门可以在机动车集中停放地、维修地对在用机动车的污染物排放状况进行监督抽测。",
        "生态环境部门可以在机动车集中停放地、维修地对在用机动车的污染物排放状况进行监督抽测，"
        "对排放超标的机动车可以予以查封、扣押。",
        "coercion",
        "第四十四条",
        "大气污染防治法",
        "第五十三条",
    ),
    (
        "收费 added",
        AIR_LOCAL,
        AIR_LAW,
        "气罐车、服装干洗行业等应当配备挥发性有机物回收装置并保持正常使用。",
        "气罐车、服装干洗行业等应当配备挥发性有机物回收装置并保持正常使用，"
        "并向市生态环境部门缴纳回收装置检测费。",
        "fee",
        "第五十二条",
        "大气污染防治法",
        "第四十七条",
    ),
    (
        "不得 → 可以",
        FOOD_LOCAL,
        FOOD_LAW,
        "不得从事接触直接入口食品的工作",
        "可以从事接触直接入口食品的工作",
        "conflict",
        "第三十二条",
        "食品安全法",
        "第四十五条",
    ),
    (
        "可以 → 不得",
        AIR_LOCAL,
        AIR_LAW,
        "生态环境部门可以在机动车集中停放地、维修地对在用机动车的污染物排放状况进行监督抽测。",
        "生态环境部门不得在机动车集中停放地、维修地对在用机动车的污染物排放状况进行监督抽测。",
        "conflict",
        "第四十四条",
        "大气污染防治法",
        "第五十三条",
    ),
]


@pytest.fixture(scope="module")
def read(laws_dir: Path):
    cache: dict[str, str] = {}

    def _read(name: str) -> str:
        if name not in cache:
            cache[name] = (laws_dir / name).read_text(encoding="utf-8")
        return cache[name]

    return _read


def _uppers(read, upper: str) -> list[tuple[str, str]]:
    return [(Path(f).stem.split("(")[0], read(f)) for f in (upper, *FRAMEWORK_LAWS)]


@pytest.fixture(scope="module")
def unmodified(read):
    return {
        lower: review(read(lower), _uppers(read, upper))
        for lower, upper in ((AIR_LOCAL, AIR_LAW), (FOOD_LOCAL, FOOD_LAW))
    }


@pytest.mark.parametrize("plant", PLANTS, ids=[p[0] for p in PLANTS])
def test_each_planted_exceedance_is_found_with_kind_and_upper_article(read, unmodified, plant):
    _, lower, upper, old, new, kind, article, law, upper_article = plant
    text = read(lower)
    assert text.count(old) == 1, "the plant must change exactly one place"
    findings = review(text.replace(old, new), _uppers(read, upper))
    hits = [f for f in findings if f.kind == kind and f.article == article]
    assert hits, [f.to_dict() for f in findings if f.article == article]
    assert any(f.upper_law == law and f.upper_article == upper_article for f in hits), [
        f.to_dict() for f in hits
    ]
    hit = next(f for f in hits if f.upper_article == upper_article)
    # explainable: the message cites both articles, and both provisions' texts are carried
    assert article in hit.message and upper_article in hit.message and f"《{law}》" in hit.message
    assert hit.lower_text.startswith(article) and hit.upper_text.startswith(upper_article)
    # and the unmodified text gives no such finding on that article
    before = [f for f in unmodified[lower] if f.kind == kind and f.article == article]
    assert before == []


def test_false_positives_on_the_unmodified_texts_are_bounded(unmodified):
    """The real regulations are (nearly) clean: at most a handful of findings, each explained."""
    air, food = unmodified[AIR_LOCAL], unmodified[FOOD_LOCAL]
    assert len(air) <= 1 and len(food) <= 1, [f.to_dict() for f in air + food]
    for f in air + food:
        assert f.article in f.message and f.upper_law


def test_a_reference_to_higher_law_sets_nothing(read):
    lower = read(AIR_LOCAL).replace(
        "由公安机关依照有关规定予以处罚。",
        "由公安机关依照《中华人民共和国治安管理处罚法》的规定处以行政拘留。",
    )
    findings = review(lower, _uppers(read, AIR_LAW))
    assert not [f for f in findings if f.kind == "penalty_type" and f.article == "第八十一条"]


def test_explicit_citation_aligns_with_the_cited_article(read):
    lower = """# 某市大气污染防治若干规定

<!-- INFO END -->

第一条 违反本规定，伪造机动车排放检验结果的，依照《中华人民共和国大气污染防治法》第一百一十二条的规定，处十万元以上六十万元以下罚款。
"""
    findings = review(lower, _uppers(read, AIR_LAW))
    assert [(f.kind, f.upper_article) for f in findings] == [("penalty_exceeds", "第一百一十二条")]
    assert "六十万元" in findings[0].message and "五十万元" in findings[0].message


def test_framework_quotes_are_the_library_text(read):
    for law, (article, quote) in FRAMEWORK.items():
        text = read(next(f for f in FRAMEWORK_LAWS if law in f))
        line = next(
            x for x in text.splitlines() if x.startswith(article + " ") or x.startswith(article + "　")
        )
        para = text[text.index(line) :]
        assert quote in para[:600], (law, article)


def test_finding_to_dict_shape():
    f = Finding("第十二条", "fee", "大气污染防治法", "第四十七条", "说明", "甲", "乙")
    assert f.to_dict() == {
        "article": "第十二条",
        "kind": "fee",
        "upper": {"law": "大气污染防治法", "article": "第四十七条"},
        "message": "说明",
    }


# ---- the amount parser ----


@pytest.mark.parametrize(
    ("text", "fines"),
    [
        ("处一万元以上十万元以下罚款", [Fine(10_000, 100_000)]),
        ("处一万元以上十万元以下的罚款", [Fine(10_000, 100_000)]),
        ("处一万以上十万元以下罚款", [Fine(10_000, 100_000)]),
        ("处1万元以上10万元以下罚款", [Fine(10_000, 100_000)]),
        ("处0.5万元以上1.5万元以下罚款", [Fine(5_000, 15_000)]),
        ("处五百元以下罚款", [Fine(0, 500)]),
        ("处五千元罚款", [Fine(5_000, 5_000)]),
        ("处一百万元以上一千万元以下罚款", [Fine(1_000_000, 10_000_000)]),
        ("处二千元至二万元罚款", [Fine(2_000, 20_000)]),
        ("并处货值金额一倍以上三倍以下的罚款", [Fine(1, 3, "倍", "货值")]),
        ("处每台一千元罚款", [Fine(1_000, 1_000, per=True)]),
        (
            "货值金额不足一万元的，并处十万元以上十五万元以下罚款；货值金额一万元以上的，并处货值金额十五倍以上三十倍以下罚款",
            [Fine(100_000, 150_000), Fine(15, 30, "倍", "货值")],
        ),
        ("处上一年度从本单位取得收入百分之五十以下的罚款", [Fine(0, 50, "%", "本单位取得收入")]),
        ("责令改正，给予警告", []),
        ("赔偿损失一万元", []),
    ],
)
def test_parse_fines(text, fines):
    got = parse_fines(text)
    assert [(f.low, f.high, f.unit, f.per) for f in got] == [(f.low, f.high, f.unit, f.per) for f in fines]
    for g, f in zip(got, fines, strict=True):
        if f.base:
            assert f.base in g.base


@pytest.mark.parametrize(
    ("numeral", "mult", "value"),
    [
        ("十", "万", 100_000),
        ("一百", "万", 1_000_000),
        ("二千", None, 2_000),
        ("1.5", "万", 15_000),
        ("五万", None, 50_000),
    ],
)
def test_amount(numeral, mult, value):
    assert amount(numeral, mult) == value


@pytest.mark.parametrize("bad", ["0.5", "甲"])
def test_amount_refuses_what_is_not_a_whole_amount(bad):
    with pytest.raises(ValueError):
        amount(bad)


def test_cli_review_json_and_text(tmp_path, capsys, read):
    lower = tmp_path / "lower.md"
    lower.write_text(
        read(AIR_LOCAL).replace(
            "处十万元以上五十万元以下罚款；情节严重的", "处十万元以上八十万元以下罚款；情节严重的"
        ),
        encoding="utf-8",
    )
    upper = tmp_path / "大气污染防治法.md"
    upper.write_text(read(AIR_LAW), encoding="utf-8")
    out = tmp_path / "out.json"
    assert main(["review", str(lower), "--against", str(upper), "--format", "json", "-o", str(out)]) == 1
    data = json.loads(out.read_text(encoding="utf-8"))
    assert list(data) == ["findings"]
    assert {"article": "第九十条", "kind": "penalty_exceeds"}.items() <= data["findings"][0].items()
    assert data["findings"][0]["upper"] == {"law": "大气污染防治法", "article": "第一百一十二条"}
    capsys.readouterr()
    assert main(["review", str(lower), "--against", str(upper), "--format", "text"]) == 1
    text = capsys.readouterr().out
    assert "第九十条【罚款超出上位法幅度】" in text
    # bad input: Chinese, exit 2, no traceback
    assert main(["review", str(lower)]) == 2
    assert "缺少必需的参数" in capsys.readouterr().err
    assert main(["review", str(tmp_path / "无.md"), "--against", str(upper)]) == 2
    assert "找不到文件" in capsys.readouterr().err
