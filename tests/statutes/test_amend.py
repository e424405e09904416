"""Amendment decisions: applied (renda.statutes.amend) and drafted (renda.statutes.draft)."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from renda.statutes import (
    apply_decision,
    apply_package,
    compare,
    draft,
    parse_file,
    parse_text,
    split_decision,
)
from renda.statutes.amend import AmendmentError
from renda.statutes.cli import main
from renda.statutes.draft import _body

BASE = """# 某市绿化条例

<!-- INFO END -->

## 第一章 总则

第一条 为了规范城市绿化工作，制定本条例。

第二条 市园林绿化主管部门负责全市绿化工作。

区主管部门负责本辖区的日常管理。

第三条 任何单位和个人都有保护绿地的义务。

## 第二章 管理

第四条 下列事项由市人民政府负责：

（一）编制绿化规划；

（二）组织绿化建设。

第五条 违反本条例第三条规定的，由主管部门责令改正。

第六条 本条例自2025年1月1日起施行。
"""


def _apply(decision: str):
    return apply_decision(parse_text(BASE), decision)


def test_each_instruction_form_is_applied_and_renumbering_moves_cross_references():
    decision = """关于修改《某市绿化条例》的决定

一、将第二条第一款中的“园林绿化主管部门”修改为“绿化主管部门”。
二、在第二条中增加一款，作为第二款：“街道办事处协助做好绿化工作。”第二款改为第三款。
三、删去第三条中的“和个人”。
四、在第三条后增加一条，作为第四条：“市人民政府应当每年报告绿化工作情况。”
五、在第四条第一款中增加一项，作为第三项：“（三）监督检查绿化养护。”
六、将第二章的章名修改为“监督管理”。
七、将第六条修改为：“本条例自2026年1月1日起施行。”

《某市绿化条例》根据本决定作相应修改并对条文顺序作相应调整，重新公布。
"""
    result = _apply(decision)
    assert result.ok, [s.message for s in result.errors]
    st = result.statute
    assert [a.label for a in st.articles()] == [f"第{n}条" for n in "一二三四五六七"]
    assert st.article(2).text.split("\n") == [
        "市绿化主管部门负责全市绿化工作。",
        "街道办事处协助做好绿化工作。",
        "区主管部门负责本辖区的日常管理。",
    ]
    assert st.article(3).text == "任何单位都有保护绿地的义务。"
    assert st.article(4).text == "市人民政府应当每年报告绿化工作情况。"
    assert st.article(5).text.endswith("（三）监督检查绿化养护。")
    # 第三条 kept its number, 第四条 became 第五条: 依照本条例第三条 still points at the same article
    assert st.article(6).text == "违反本条例第三条规定的，由主管部门责令改正。"
    assert [d.heading for _, d in st.divisions()] == ["第一章 总则", "第二章 监督管理"]
    assert result.renumbered
    assert [s.text for s in result.steps if s.message == "款的顺序与决定一致"] == ["第二款改为第三款"]
    assert len(result.steps) == 9 and all(s.status == "applied" for s in result.steps)


def test_cross_reference_follows_its_article_after_a_deletion():
    decision = "一、删去第一条。\n二、此外，对条文顺序作相应调整。"
    st = _apply(decision).statute
    assert st.article(4).text == "违反本条例第二条规定的，由主管部门责令改正。"


@pytest.mark.parametrize(
    ("decision", "reason"),
    [
        ("一、删去第九条。", "原文没有第九条"),
        ("一、将第二条中的“文化主管部门”修改为“园林部门”。", "第二条中没有“文化主管部门”"),
        ("一、将第二条第三款修改为：“甲。”", "第二条没有第三款"),
        ("一、删去第一条。\n二、将第一条中的“规范”修改为“促进”。", "第一条已被本决定删除"),
        ("一、在第二条中增加一款，作为第二款：“甲。”第二款改为第四款。", "原第二款修改后是第三款"),
        ("一、在第五条后增加一条，作为第九条：“甲。”\n二、条文顺序作相应调整。", "决定写作第九条"),
        ("一、将第二条改写得更好一些。", "无法识别的修改指令"),
    ],
)
def test_an_instruction_that_does_not_match_is_an_error_never_skipped(decision, reason):
    result = _apply(decision)
    assert not result.ok
    assert any(reason in s.message for s in result.errors), [s.message for s in result.steps]


def test_listed_targets_and_several_phrases_in_one_instruction():
    result = _apply("一、将第一条、第三条中的“规范”修改为“促进”，“保护绿地”修改为“爱护绿地”。")
    assert result.ok, [s.message for s in result.errors]
    assert result.statute.article(1).text == "为了促进城市绿化工作，制定本条例。"
    assert result.statute.article(3).text == "任何单位和个人都有爱护绿地的义务。"


def test_a_decision_without_instructions_is_refused():
    with pytest.raises(AmendmentError):
        _apply("关于修改《某市绿化条例》的决定\n\n本决定自公布之日起施行。")


PACKAGE = """关于修改《某市绿化条例》等二部地方性法规的决定

某市人民代表大会常务委员会决定：

一、《某市绿化条例》

（一）将第一条中的“城市绿化工作”修改为“城乡绿化工作”。

（二）删去第三条。

二、《某市河道条例》

（一）将第一条修改为：“为了加强河道管理，制定本条例。”

本决定自2026年1月1日起施行。以上法规根据本决定作相应修改并对条文顺序作相应调整，重新公布。
"""


def test_a_package_decision_is_split_per_regulation_and_applied_to_each():
    sections = split_decision(PACKAGE)
    assert [s.title for s in sections] == ["《某市绿化条例》", "《某市河道条例》"]
    river = parse_text(
        "# 某市河道条例\n\n第一条 为了管理河道，制定本条例。\n\n第二条 本条例自公布之日起施行。\n"
    )
    results = apply_package({"某市绿化条例": parse_text(BASE), "《某市河道条例》": river}, PACKAGE)
    green, river_new = results["《某市绿化条例》"], results["《某市河道条例》"]
    assert green.ok and river_new.ok
    assert green.statute.article(1).text == "为了规范城乡绿化工作，制定本条例。"
    assert len(green.statute.articles()) == 5 and green.renumbered  # the closing sentence is for both
    assert river_new.statute.article(1).text == "为了加强河道管理，制定本条例。"
    # apply_decision picks the base's own section
    assert apply_decision(river, PACKAGE).statute.article(1).text == "为了加强河道管理，制定本条例。"


def test_drafted_decision_uses_standard_language_and_round_trips(green, statute_text):
    old = parse_text(statute_text(green[:6]))
    bodies = [
        green[0].replace("改善生态环境", "改善城乡生态环境"),
        green[1],
        green[3],
        "市人民政府应当将城市绿化纳入国民经济和社会发展规划，所需经费列入财政预算。",
        green[4] + "\n依照本条例第三条规定的义务，由区主管部门监督。",
        green[5],
    ]
    new = parse_text(statute_text(bodies))
    result = draft(old, new)
    assert result.exact, result.problems
    assert "一、在第一条中的“改善”后增加“城乡”。" in result.text
    assert "删去第三条。" in result.text
    assert "在第四条后增加一条，作为第四条：“市人民政府应当将城市绿化" in result.text
    assert "在第五条中增加一款，作为第二款：“依照本条例第三条规定的义务" in result.text
    assert "根据本决定作相应修改并对条文顺序作相应调整，重新公布。" in result.text
    assert _body(apply_decision(old, result.text).statute) == _body(new)


SENTENCES = [
    "市人民政府应当加强对本条例实施的领导，建立协调机制。",
    "区人民政府负责本行政区域内的有关工作，所需经费列入预算。",
    "任何单位和个人不得擅自占用、挖掘城市道路和公共绿地。",
    "有关部门应当依法公开行政许可的条件、程序和期限。",
    "违反本条例第二条规定的，由主管部门责令改正，处以罚款。",
    "公民、法人和其他组织有权对违法行为进行投诉和举报。",
    "本市建立信用管理制度，依法归集和公开信用信息。",
    "街道办事处和乡镇人民政府协助做好相关工作。",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    base=hs.lists(hs.sampled_from(range(len(SENTENCES))), min_size=2, max_size=7),
    edits=hs.lists(
        hs.tuples(hs.sampled_from(["keep", "delete", "insert", "edit", "para"]), hs.integers(0, 7)),
        min_size=1,
        max_size=8,
    ),
)
def test_round_trip_on_synthetic_versions(statute_text, base, edits):
    """Applying draft_decision(old, new) to OLD gives NEW exactly."""
    old_bodies = [SENTENCES[k] + f"第{k}{n}项工作。" for n, k in enumerate(base)]
    new_bodies = list(old_bodies)
    for (op, k), pos in zip(edits, itertools.count()):
        i = (k + pos) % max(len(new_bodies), 1)
        if op == "delete" and len(new_bodies) > 1:
            del new_bodies[i]
        elif op == "insert":
            new_bodies.insert(i, SENTENCES[k] + "新增规定。")
        elif op == "edit" and new_bodies:
            new_bodies[i] = new_bodies[i].replace("应当", "必须", 1).replace("工作", "事务", 1) + "加强监督"
        elif op == "para" and new_bodies:
            new_bodies[i] += "\n" + SENTENCES[k]
    old, new = parse_text(statute_text(old_bodies)), parse_text(statute_text(new_bodies))
    result = draft(old, new)
    if _body(old) == _body(new):
        assert result.exact
        return
    assert result.exact, (result.text, result.problems)
    assert _body(apply_decision(old, result.text).statute) == _body(new)


def test_cli_amend_and_decision(tmp_path, capsys):
    base = tmp_path / "base.md"
    base.write_text(BASE, encoding="utf-8")
    decision = tmp_path / "decision.txt"
    decision.write_text(
        "一、删去第三条。\n二、将第九条修改为：“甲。”\n三、条文顺序作相应调整。", encoding="utf-8"
    )
    out, report = tmp_path / "out.md", tmp_path / "report.json"
    assert main(["amend", str(base), str(decision), "-o", str(out), "--report", str(report)]) == 1
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["ok"] is False
    assert [s["status"] for s in data["regulations"][0]["steps"]] == ["applied", "error", "applied"]
    assert "原文没有第九条" in capsys.readouterr().err
    assert len(parse_file(out).articles()) == 5

    drafted = tmp_path / "draft.txt"
    assert main(["decision", str(base), str(out), "-o", str(drafted)]) == 0
    assert "删去第三条。" in drafted.read_text(encoding="utf-8")
    assert main(["amend", str(base), str(tmp_path / "missing.txt"), "-o", str(out)]) == 2


# ---- the corpus ----


def _pairs(laws_dir):
    groups = defaultdict(list)
    for f in sorted(laws_dir.glob("*/*.md")):
        groups[re.sub(r"\(\d{4}-\d{2}-\d{2}\)\.md$", ".md", f"{f.parent.name}/{f.name}")].append(f)
    out = []
    for files in groups.values():
        versions = sorted((parse_file(f) for f in files), key=lambda st: st.version_date or dt.date.min)
        out += list(itertools.pairwise(versions))
    return out


@pytest.mark.corpus
def test_drafted_decisions_reproduce_every_real_later_version(laws_dir):
    pairs = _pairs(laws_dir)
    assert len(pairs) >= 25
    inexact = [old.title for old, new in pairs if not draft(old, new).exact]
    assert inexact == []


@pytest.mark.corpus
def test_splits_on_real_version_pairs(laws_dir):
    pairs = {old.title: (old, new) for old, new in _pairs(laws_dir)}
    result = compare(*pairs["北京市制定地方性法规条例"])
    splits = [r for r in result.rows if r.kind == "split"]
    assert len(splits) == 1 and len(splits[0].old) == 1 and len(splits[0].new) >= 2
    data = json.loads(result.to_json(changes_only=True))
    assert any(r["kind"] == "split" and len(r["new"]) >= 2 for r in data["rows"])
