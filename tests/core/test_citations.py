"""Citations a machine checks: every provision the rules registry cites is found in the laws' texts.

For each basis of each rule: a national provision (or the model city's) names one article, paragraph or item
of a law in ../shared/data/laws in the version it names, and its `quote` is found in that provision. A law
the library does not hold says so (`in_library = false`) — and really is absent. The congress's own
instrument is never cited with an invented title or article: it stays "本市规定（未配置依据）" until the
congress enters it, and platform practice is shown as such.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from renda.core import rules
from renda.core.rules.citations import law_file, locate, normalise, provision_text
from renda.statutes import parse_file

pytestmark = pytest.mark.corpus

CHECKED = [(r.id, i, b) for r in rules.all_rules() for i, b in enumerate(r.basis) if b.kind in ("national", "model")]


@cache
def _statute(path: Path):
    return parse_file(path)


def _label(rid: str, b: rules.Basis) -> str:
    return f"{rid}: 《{b.short}》{b.article}（{b.version}）"


@pytest.mark.parametrize(("rid", "i", "basis"), CHECKED, ids=[f"{rid}-{i}" for rid, i, _ in CHECKED])
def test_the_quote_is_in_the_cited_provision(laws_dir, rid, i, basis):
    assert basis.law and basis.short and basis.version, _label(rid, basis)
    loc = locate(basis.article)  # one provision per basis: no lists, no ranges
    path = law_file(laws_dir, basis.law, basis.version)
    if not basis.in_library:
        assert path is None, f"{_label(rid, basis)} 标为未收录，但文本库中有 {path}"
        assert not basis.quote, f"{_label(rid, basis)}：未收录的法律无法核对引文"
        return
    assert path is not None, f"{_label(rid, basis)}：文本库中没有该版本，请核对或者标注 in_library = false"
    assert basis.quote and len(basis.quote) >= 6, f"{_label(rid, basis)}：须有不少于六个字的原文引文"
    text = provision_text(_statute(path), loc)
    assert normalise(basis.quote) in normalise(text), f"{_label(rid, basis)}：引文不在该条款中\n引文：{basis.quote}\n条文：{text}"


def test_every_rule_has_a_checked_or_declared_basis():
    for rule in rules.all_rules():
        assert rule.basis, rule.id
        for b in rule.basis:
            if b.kind == "national":
                assert b.quote or not b.in_library, (rule.id, b)
            elif b.kind == "local":
                # the congress's own instrument: no invented title or article number
                assert not b.law and not b.article and not b.quote, (rule.id, b)
                assert b.hint, (rule.id, "须说明通常由哪类本市规定规范")
            elif b.kind == "model":
                assert b.quote and "青岛" in b.law, (rule.id, b)


def test_no_invented_local_citation_remains():
    for rule in rules.all_rules():
        text = rule.basis_text
        assert "XX" not in text and "本市" not in text.replace(rules.UNCONFIGURED, ""), (rule.id, text)
        for b in rule.basis:
            assert "XX" not in b.law + b.short + b.hint, (rule.id, b)


def test_laws_outside_the_library_are_declared(laws_dir):
    outside = {(b.short, b.version) for r in rules.all_rules() for b in r.basis if not b.in_library}
    assert ("宪法宣誓决定", "2018") in outside  # 全国人大常委会关于实行宪法宣誓制度的决定: not in the corpus
    for short, version in outside:
        law = next(b.law for r in rules.all_rules() for b in r.basis if (b.short, b.version) == (short, version))
        assert law_file(laws_dir, law, version) is None, short


def test_the_checker_refuses_a_wrong_quote_or_provision(laws_dir):
    """The check can fail: a quote from the neighbouring paragraph, or a paragraph that does not exist."""
    path = law_file(laws_dir, "中华人民共和国全国人民代表大会和地方各级人民代表大会选举法", "2020")
    st = _statute(path)
    fifth = normalise(provision_text(st, locate("第五十七条第五款")))
    assert normalise("依照本法第四十七条的规定进行代表资格审查") in fifth
    assert normalise("依照本法第四十七条的规定进行代表资格审查") not in normalise(
        provision_text(st, locate("第五十七条第四款"))
    )
    with pytest.raises(LookupError):
        provision_text(st, locate("第五十七条第六款"))
    with pytest.raises(ValueError):
        locate("第五十七条第一款、第五款")
    assert law_file(laws_dir, "中华人民共和国立法法", "2019") is None  # no such version in the library
