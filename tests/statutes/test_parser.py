import datetime as dt

import pytest

from renda.statutes import StatuteParseError, parse_text, render
from renda.statutes.model import Article, Division


@pytest.fixture(scope="module")
def sample(sample_text):
    return parse_text(sample_text)


def test_title_and_notes(sample):
    assert sample.title == "某市测试条例"
    assert len(sample.notes) == 2
    assert sample.notes[0].startswith("2020年1月1日")
    assert sample.enacted == dt.date(2020, 1, 1)
    assert sample.version_date == dt.date(2023, 6, 1)
    assert sample.warnings == []


def test_structure(sample):
    chapters = [node for node in sample.body if isinstance(node, Division)]
    assert [c.heading for c in chapters] == ["第一章 总则", "第二章 管理", "第三章 附则"]
    sections = [n for n in chapters[1].children if isinstance(n, Division)]
    assert [s.heading for s in sections] == ["第一节 一般规定", "第二节 特别规定"]
    assert [a.label for a in sample.articles()] == [
        "第一条",
        "第二条",
        "第三条",
        "第三条之一",
        "第四条",
        "第五条",
    ]


def test_paragraphs_items_subitems(sample):
    art2 = sample.article(2)
    assert [p.text for p in art2.paragraphs] == [
        "本条例适用于本市行政区域内的测试活动。",
        "本条例所称测试，是指对条文解析结果进行检验的活动。",
    ]
    art3 = sample.article(3)
    first, second = art3.paragraphs
    assert first.text == "下列事项由市人民政府负责："
    assert [p.label + p.text for p in first.points] == [
        "（一）编制测试规划；",
        "（二）组织测试建设，包括：",
        "（三）其他事项。",
    ]
    assert [s.label + s.text for s in first.points[1].children] == ["1.道路；", "2.桥梁。"]
    assert second.text == "有前款第一项情形的，应当向社会公布。"
    assert art3.text.splitlines()[0] == "下列事项由市人民政府负责："


def test_eids(sample):
    art3 = sample.article(3)
    assert art3.eid == "chp_2__sec_1__art_3"
    assert art3.paragraphs[1].eid == "chp_2__sec_1__art_3__para_2"
    item = art3.paragraphs[0].points[1]
    assert item.eid == "chp_2__sec_1__art_3__para_1__point_2"
    assert item.children[0].eid == "chp_2__sec_1__art_3__para_1__point_2__list_1__point_1"
    assert sample.article(3, 1).eid == "chp_2__sec_1__art_3-1"
    assert sample.article(1).eid == "chp_1__art_1"
    assert sample.find("chp_2__sec_1__art_3__para_1__point_2") is item
    assert sample.find("nope") is None


def test_eids_are_unique(sample):
    eids = [d.eid for _, d in sample.divisions()]
    for art in sample.articles():
        eids.append(art.eid)
        eids += [p.eid for p in art.paragraphs]
        eids += [p.eid for p in art.iter_points()]
    assert len(eids) == len(set(eids))


def test_eids_stable_across_formatting_and_edits(sample, sample_text):
    """Same provisions → same eIds, whatever the whitespace, Markdown or not; editing one
    article's text changes no eId."""
    plain = sample_text.replace("## ", "").replace("### ", "").replace("<!-- INFO END -->", "")
    plain = plain.replace("第二条 ", "第二条\u3000\u3000").replace("（一）", "(一) ")
    other = parse_text(plain)
    assert other == sample
    edited = parse_text(sample_text.replace("编制测试规划", "编制并公布测试规划和年度计划"))
    assert [a.eid for a in edited.articles()] == [a.eid for a in sample.articles()]
    assert [p.eid for p in edited.article(3).iter_points()] == [
        p.eid for p in sample.article(3).iter_points()
    ]
    assert parse_text(sample_text) == sample  # deterministic


def test_render_round_trip(sample):
    text = render(sample)
    assert text.startswith("# 某市测试条例\n\n2020年1月1日")
    assert "## 第一章 总则\n" in text
    assert "### 第一节 一般规定\n" in text
    assert "（二）组织测试建设，包括：\n\n1.道路；" in text
    assert parse_text(text) == sample
    assert render(parse_text(text)) == text


def test_plain_render_has_no_markup(sample):
    text = render(sample, markdown=False)
    assert "#" not in text and "INFO END" not in text
    assert "第一章 总则\n第一条 为了规范测试工作" in text


def test_plain_text_with_parenthesised_note():
    text = """中华人民共和国某某法

（2000年3月15日第九届全国人民代表大会第三次会议通过　根据2015年3月15日
第十二届全国人民代表大会第三次会议《关于修改〈中华人民共和国某某法〉的决定》修正）

目　　录

第一章　总　　则
第二章　附　　则

第一章　总　　则

第一条　为了测试，制定本法。

第二章　附　　则

第二条　本法自公布之日起施行。
"""
    st = parse_text(text)
    assert st.title == "中华人民共和国某某法"
    assert len(st.notes) == 2 and st.notes[1].endswith("修正）")
    assert st.version_date == dt.date(2015, 3, 15)
    assert st.toc == ["第一章 总则", "第二章 附则"]
    assert [d.heading for _, d in st.divisions()] == ["第一章 总则", "第二章 附则"]
    assert len(st.articles()) == 2 and not st.warnings
    assert parse_text(render(st)) == st


def test_toc_without_heading_line():
    text = "# 条例\n\n<!-- INFO END -->\n\n## 第一章 总则\n\n## 第二章 附则\n\n## 第一章 总则\n\n第一条 甲。\n\n## 第二章 附则\n\n第二条 乙。\n"
    st = parse_text(text)
    assert st.toc == ["第一章 总则", "第二章 附则"]
    assert [d.label for d in st.body] == ["第一章", "第二章"]
    assert not st.warnings


def test_books_parts_and_preamble():
    text = """# 某法典

<!-- INFO END -->

## 序言

这是序言的第一段。

这是序言的第二段。

## 第一编 总则

### 第一章 基本规定

第一条 甲。

## 第二编 物权

### 第一分编 通则

#### 第一章 一般规定

第二条 乙。

#### 第二章 物权的设立

第三条 丙。
"""
    st = parse_text(text)
    assert st.preamble_heading == "序言"
    assert st.preamble == ["这是序言的第一段。", "这是序言的第二段。"]
    assert st.article(3).eid == "book_2__part_1__chp_2__art_3"
    assert not st.warnings  # chapters restart in each 编
    assert parse_text(render(st)) == st
    assert "#### 第二章 物权的设立" in render(st)


def test_decision_with_numbered_clauses():
    text = """# 某市人民代表大会常务委员会关于某事项的决定

<!-- INFO END -->

为了某目的，特作如下决定：

## 一、加强监督

市人民代表大会常务委员会加强监督。

（一）听取报告；

（二）开展检查。

二、本决定自公布之日起施行。
"""
    st = parse_text(text)
    assert st.preamble == ["为了某目的，特作如下决定："]
    one, two = st.articles()
    assert (one.label, one.heading, one.eid) == ("一、", "加强监督", "art_1")
    assert one.paragraphs[0].text == "市人民代表大会常务委员会加强监督。"
    assert len(one.paragraphs[0].points) == 2
    assert two.paragraphs[0].text == "本决定自公布之日起施行。"
    assert parse_text(render(st)) == st


def test_clauses_are_plain_text_when_articles_exist():
    st = parse_text("# 条例\n<!-- INFO END -->\n第一条 下列原则：\n一、公开；\n二、公正。\n")
    assert [p.text for p in st.article(1).paragraphs] == ["下列原则：", "一、公开；", "二、公正。"]


def test_attachments():
    text = "# 条例\n<!-- INFO END -->\n第一条 收费标准见附件。\n附件：收费标准表\n| 项目 | 标准 |\n| 甲 | 10元 |\n"
    st = parse_text(text)
    assert [a.heading for a in st.attachments] == ["附件：收费标准表"]
    assert st.attachments[0].lines == ["| 项目 | 标准 |", "| 甲 | 10元 |"]
    assert st.article(1).paragraphs[0].text == "收费标准见附件。"
    assert parse_text(render(st)) == st


def test_cross_reference_is_not_an_item():
    st = parse_text(
        "# 条例\n<!-- INFO END -->\n第一条 下列人员：\n（一）甲；\n（二）乙。\n（一）至（二）项所列人员，应当登记。\n"
    )
    para1, para2 = st.article(1).paragraphs
    assert len(para1.points) == 2
    assert para2.text == "（一）至（二）项所列人员，应当登记。"


def test_article_reference_inside_text_is_not_an_article():
    st = parse_text(
        "# 条例\n<!-- INFO END -->\n第一条 甲。\n第一条规定的事项，由市人民政府负责。\n第二条 乙。\n"
    )
    assert len(st.articles()) == 2
    assert st.article(1).paragraphs[1].text == "第一条规定的事项，由市人民政府负责。"


def test_whitespace_is_canonical():
    st = parse_text("# 条\u200b例\n<!-- INFO END -->\n第一条\u3000本 条例\t适用于 Beijing  Daxing 地区。  \n")
    assert st.title == "条例"
    assert st.article(1).paragraphs[0].text == "本条例适用于 Beijing Daxing 地区。"


def test_label_on_its_own_line():
    st = parse_text("# 条例\n<!-- INFO END -->\n第一条\n为了测试。\n第二条\n（一）甲；\n（二）乙。\n")
    assert st.article(1).paragraphs[0].text == "为了测试。"
    art2 = st.article(2)
    assert art2.paragraphs[0].text == "" and len(art2.paragraphs[0].points) == 2
    assert parse_text(render(st)) == st


# ---- malformed input: warnings by default, errors when strict ----

GAP = "# 条例\n<!-- INFO END -->\n第一条 甲。\n第二条 乙。\n第四条 丁。\n"
REPEAT = "# 条例\n<!-- INFO END -->\n第一条 甲。\n第二条 乙。\n第二条 丙。\n"
ITEM_OUTSIDE = "# 条例\n<!-- INFO END -->\n（一）没有条文的项。\n第一条 甲。\n"


def test_gap_is_a_warning_with_line():
    st = parse_text(GAP)
    assert [a.num for a in st.articles()] == [1, 2, 4]
    (w,) = st.warnings
    assert w.line == 5
    assert str(w) == "第5行：条文编号不连续：第四条之前缺少第三条"


def test_gap_is_an_error_when_strict():
    with pytest.raises(StatuteParseError) as info:
        parse_text(GAP, strict=True)
    assert info.value.line == 5
    assert "缺少第三条" in str(info.value)


def test_repeated_article():
    st = parse_text(REPEAT)
    assert "第5行：条文编号重复或倒序：第二条出现在第二条之后" in [str(w) for w in st.warnings]
    assert [a.eid for a in st.articles()] == ["art_1", "art_2", "art_2_dup2"]
    with pytest.raises(StatuteParseError) as info:
        parse_text(REPEAT, strict=True)
    assert info.value.line == 5


def test_item_outside_article():
    st = parse_text(ITEM_OUTSIDE)
    assert st.preamble == ["（一）没有条文的项。"]
    assert str(st.warnings[0]) == "第3行：项（一）不在任何条文之内"
    with pytest.raises(StatuteParseError) as info:
        parse_text(ITEM_OUTSIDE, strict=True)
    assert info.value.line == 3


def test_item_and_subitem_numbering():
    st = parse_text("# 条例\n<!-- INFO END -->\n第一条 甲：\n（一）子；\n（三）丑；\n1.寅\n3.卯\n")
    assert [str(w) for w in st.warnings] == [
        "第5行：项的编号不连续：应为（二），实为（三）",
        "第7行：目的编号不连续：应为2.，实为3.",
    ]


def test_subitem_outside_item_is_text():
    st = parse_text("# 条例\n<!-- INFO END -->\n第一条 甲：\n1.子\n")
    assert st.article(1).paragraphs[1].text == "1.子"
    assert "目1.不在任何项之内" in str(st.warnings[0])


def test_chapter_gap():
    st = parse_text("# 条例\n<!-- INFO END -->\n## 第一章 总则\n第一条 甲。\n## 第三章 附则\n第二条 乙。\n")
    assert str(st.warnings[0]) == "第5行：章的编号不连续：应为第二章，实为第三章"


def test_article_run_into_previous_paragraph_is_split():
    text = "# 条例\n<!-- INFO END -->\n## 第一章 总则\n第一条 甲。\n乙。 第二条 丙。\n## 第二章 附则\n第三条 丁。\n"
    st = parse_text(text)
    assert [a.label for a in st.articles()] == ["第一条", "第二条", "第三条"]
    assert st.article(1).text == "甲。\n乙。"
    assert st.article(2).text == "丙。"
    assert st.article(2).eid == "chp_1__art_2"
    assert [str(w) for w in st.warnings] == ["第5行：第二条与上一条文连排在同一段中，已拆分为单独条文"]


def test_empty_input():
    with pytest.raises(StatuteParseError) as info:
        parse_text(" \n\u200b\n")
    assert info.value.line == 1


def test_no_articles_warns():
    st = parse_text("只有标题\n")
    assert st.title == "只有标题"
    assert [str(w) for w in st.warnings] == ["未识别到任何条文"]


def test_walk_gives_parents(sample):
    chain = {art.label: [d.label for d in parents] for parents, art in sample.walk()}
    assert chain["第三条"] == ["第二章", "第一节"]
    assert chain["第五条"] == ["第三章"]
    assert all(isinstance(a, Article) for _, a in sample.walk())


def test_item_continued_by_plain_paragraphs():
    """（二） followed by an unnumbered paragraph, then （三）: the paragraph belongs to （二）."""
    text = "# 条例\n<!-- INFO END -->\n第一条 用语含义：\n（一）甲，是指甲；\n（二）乙，是指乙；\n乙的改动，是指拆除和迁移；\n（三）丙，是指丙。\n"
    st = parse_text(text)
    assert not st.warnings
    (para,) = st.article(1).paragraphs
    assert [p.num for p in para.points] == [1, 2, 3]
    assert para.points[1].tail == ["乙的改动，是指拆除和迁移；"]
    assert parse_text(render(st)) == st
    assert st.article(1).text.splitlines()[3] == "乙的改动，是指拆除和迁移；"
