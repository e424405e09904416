"""Splits and merges on real version pairs (§5) and amendment forms of the issue's list (§2).

Real pairs of the library with a split article: 北京市制定地方性法规条例 (2017 → 2023: 第十条 → 第十二条、
第十三条) and 全国人民代表大会常务委员会议事规则 (2009 → 2022: 第九条 → 第十二条、第十三条). No real pair
of the library merges articles: merges are checked on a synthetic pair.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pytest

from renda.statutes import apply_decision, compare, parse_file, parse_text, to_docx, to_html

REAL_SPLITS = [
    (
        "beijing/北京市制定地方性法规条例(2017-01-20).md",
        "beijing/北京市制定地方性法规条例(2023-07-28).md",
        ["第十条"],
        ["第十二条", "第十三条"],
    ),
    (
        "national/全国人民代表大会常务委员会议事规则(2009-04-24).md",
        "national/全国人民代表大会常务委员会议事规则(2022-06-24).md",
        ["第九条"],
        ["第十二条", "第十三条"],
    ),
]


def _docx_text(data: bytes) -> str:
    doc = docx.Document(io.BytesIO(data))
    return "\n".join(p.text for row in doc.tables[0].rows for c in row.cells for p in c.paragraphs)


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("old", "new", "whole", "parts"), REAL_SPLITS, ids=["北京制定条例", "全国人大常委会议事规则"]
)
def test_real_split_in_json_html_and_docx(laws_dir: Path, old, new, whole, parts):
    result = compare(parse_file(laws_dir / old), parse_file(laws_dir / new))
    rows = [r for r in json.loads(result.to_json(changes_only=True))["rows"] if r["kind"] == "split"]
    assert [(r["old"], r["new"]) for r in rows] == [(whole, parts)]
    note = f"拆分（原{whole[0]}拆分为{'、'.join(parts)}）"
    html = to_html(result, changes_only=True)
    assert 'data-kind="split"' in html and note in html
    assert f"【{note}】" in _docx_text(to_docx(result, changes_only=True))
    assert result.summary["split"] == 1 and "拆分1条" in result.summary_text()


def test_merged_pair_in_json_html_and_docx(green, statute_text):
    merged = [*green[:3], green[3] + "\n" + green[4], *green[5:]]
    result = compare(parse_text(statute_text(green)), parse_text(statute_text(merged)))
    rows = [r for r in json.loads(result.to_json(changes_only=True))["rows"] if r["kind"] == "merged"]
    assert [(r["old"], r["new"]) for r in rows] == [(["第四条", "第五条"], ["第四条"])]
    note = "合并（原第四条、第五条合并为第四条）"
    assert note in to_html(result) and f"【{note}】" in _docx_text(to_docx(result))


# ---- §2: the amendment forms of the list ----

BASE = """# 某市河道条例

<!-- INFO END -->

第一条 为了加强河道管理，依照《中华人民共和国水法》第三条，制定本条例。

第二条 市水务部门负责全市河道管理。

区水务部门负责本辖区河道管理。

乡镇人民政府协助做好河道管理。

第三条 禁止在河道管理范围内倾倒垃圾。

第四条 违反本条例第三条规定的，由水务部门责令改正。依照本条例第二条第二款确定的部门负责执法。

第五条 本条例自2026年1月1日起施行。
"""


def _apply(decision: str):
    return apply_decision(parse_text(BASE), decision)


def test_paragraph_added_as_second_and_the_later_ones_renumbered():
    result = _apply(
        "一、在第二条中增加一款，作为第二款：“区人民政府统筹协调。”第二款改为第三款，第三款改为第四款。"
    )
    assert result.ok, [s.message for s in result.errors]
    assert result.statute.article(2).text.split("\n")[1:] == [
        "区人民政府统筹协调。",
        "区水务部门负责本辖区河道管理。",
        "乡镇人民政府协助做好河道管理。",
    ]


def test_paragraph_renumbering_that_does_not_match_is_an_error():
    result = _apply("一、在第二条中增加一款，作为第二款：“甲。”第三款改为第五款。")
    assert not result.ok
    assert "原第三款修改后是第四款，不是第五款" in result.errors[0].message


def test_instruction_without_article_refers_to_the_clause_article():
    result = _apply("一、将第二条第一款修改为：“市水务部门主管全市河道。”增加一款，作为第二款：“甲。”")
    assert result.ok and result.statute.article(2).text.split("\n")[:2] == [
        "市水务部门主管全市河道。",
        "甲。",
    ]


def test_renumbering_moves_internal_references_but_not_references_to_other_laws():
    result = _apply("一、在第一条后增加一条，作为第二条：“本市河道实行河长制。”\n二、条文顺序作相应调整。")
    assert result.ok and result.renumbered
    st = result.statute
    assert (
        st.article(5).text
        == "违反本条例第四条规定的，由水务部门责令改正。依照本条例第三条第二款确定的部门负责执法。"
    )
    assert "《中华人民共和国水法》第三条" in st.article(1).text


def test_a_decision_for_other_regulations_is_refused_with_their_names():
    from renda.statutes import AmendmentError

    decision = "一、《某市绿化条例》\n（一）删去第二条。\n二、《某市湖泊条例》\n（一）删去第三条。"
    with pytest.raises(AmendmentError, match="《某市绿化条例》、《某市湖泊条例》"):
        _apply(decision)
