from hypothesis import given
from hypothesis import strategies as st

from renda.textmining.normalize import (
    canonical_codepoints,
    canonical_text,
    canonical_texts,
    normalize_text,
    to_halfwidth,
)


def test_fullwidth_letters_and_digits_become_halfwidth_punctuation_kept():
    assert normalize_text("ＡＢＣ１２３，测试。") == "ABC123，测试。"
    assert to_halfwidth("（１）", punctuation=True) == "(1)"


def test_whitespace_and_invisible_characters():
    assert normalize_text("  我 建 议\u200b\u3000加强\n\n管理  ") == "我建议加强管理"
    assert normalize_text("第5条  ABC\t def") == "第5条 ABC def"
    assert normalize_text("") == ""
    assert normalize_text("Hello  World") == "Hello World"


def test_canonical_keeps_letters_and_digits_only():
    assert canonical_text("同意！！第五条，，ＡＢ　c") == "同意第五条abc"
    assert canonical_text("！？。") == ""


@given(st.lists(st.text(max_size=40), max_size=8))
def test_batch_canonicalisation_matches_single(texts):
    assert canonical_texts(texts) == [canonical_text(t) for t in texts]
    cp, lengths = canonical_codepoints(texts)
    assert int(lengths.sum()) == len(cp)
