import datetime as dt

from lxml import etree

from renda.statutes import frbr_uris, parse_text, to_akn, to_akn_tree

NS = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}
EVERYTHING = """# 北京市某某条例

2020年1月1日 北京市第十五届人民代表大会常务委员会第一次会议通过

<!-- INFO END -->

## 序言

序言的一段 <特殊> & 字符。

## 第一编 总则

### 第一章 一般规定

本章的说明文字。

第一条 下列事项：

（一）甲，包括：

1.子；

2.丑。

子丑的补充说明。

（二）乙。

第一条之一 新增条文。

## 第二编 分则

### 第一分编 通则

#### 第一章 基本规定

##### 第一节 甲节

第二条 最后一条。

附件1：某表

表格内容。
"""


def test_sample_validates(akn_schema, sample_text):
    tree = to_akn_tree(parse_text(sample_text), generated=dt.date(2025, 1, 1))
    akn_schema.assertValid(tree)


def test_every_construct_validates(akn_schema):
    st = parse_text(EVERYTHING)
    assert not st.warnings
    tree = to_akn_tree(st, generated=dt.date(2025, 1, 1))
    akn_schema.assertValid(tree)
    assert tree.xpath("//a:book/@eId", namespaces=NS) == ["book_1", "book_2"]
    assert tree.xpath("//a:part/@eId", namespaces=NS) == ["book_2__part_1"]
    assert tree.xpath("//a:article[a:num='第一条之一']/@eId", namespaces=NS) == ["book_1__chp_1__art_1-1"]
    sub = tree.xpath("//a:point/a:list/a:point/@eId", namespaces=NS)
    assert sub[0] == "book_1__chp_1__art_1__para_1__point_1__list_1__point_1"
    assert tree.xpath("//a:point/a:wrapUp/a:p/text()", namespaces=NS) == ["子丑的补充说明。"]
    assert tree.xpath("//a:attachment/a:heading/text()", namespaces=NS) == ["附件1：某表"]
    assert tree.xpath("//a:preamble/a:p/text()", namespaces=NS)[-1] == "序言的一段 <特殊> & 字符。"


def test_empty_body_still_validates(akn_schema):
    st = parse_text("只有标题\n")
    akn_schema.assertValid(to_akn_tree(st, generated=dt.date(2025, 1, 1)))


def test_frbr_metadata(sample_text):
    st = parse_text(sample_text)
    uris = frbr_uris(st, "cn-xx")
    assert uris == {
        "work": "/akn/cn-xx/act/2020-01-01/某市测试条例",
        "expression": "/akn/cn-xx/act/2020-01-01/某市测试条例/zho@2023-06-01",
        "manifestation": "/akn/cn-xx/act/2020-01-01/某市测试条例/zho@2023-06-01.xml",
    }
    xml = to_akn(parse_text(EVERYTHING), generated=dt.date(2025, 1, 1))
    root = etree.fromstring(xml.encode())
    assert root.xpath("/a:akomaNtoso/a:act/a:meta//a:FRBRWork/a:FRBRuri/@value", namespaces=NS) == [
        "/akn/cn-bj/act/2020-01-01/北京市某某条例"
    ]
    assert root.xpath("/a:akomaNtoso/a:act/a:meta//a:FRBRWork/a:FRBRcountry/@value", namespaces=NS) == ["cn"]
    assert root.xpath(
        "/a:akomaNtoso/a:act/a:meta//a:FRBRExpression/a:FRBRlanguage/@language", namespaces=NS
    ) == ["zho"]
    assert root.xpath("//a:docTitle/text()", namespaces=NS) == ["北京市某某条例"]


def test_eids_match_the_parser(sample_text):
    st = parse_text(sample_text)
    tree = to_akn_tree(st, generated=dt.date(2025, 1, 1))
    xml_eids = set(tree.xpath("//a:body//@eId", namespaces=NS))
    tree_eids = {a.eid for a in st.articles()} | {p.eid for a in st.articles() for p in a.paragraphs}
    assert tree_eids <= xml_eids
