import cn2an
import pytest
from hypothesis import given
from hypothesis import strategies as st

from renda.statutes.numerals import article_label, cn_to_int, int_to_cn, parse_article_label

FORMS = [
    (1, "一"),
    (10, "十"),
    (11, "十一"),
    (19, "十九"),
    (20, "二十"),
    (100, "一百"),
    (101, "一百零一"),
    (109, "一百零九"),
    (110, "一百一十"),
    (120, "一百二十"),
    (200, "二百"),
    (999, "九百九十九"),
    (1000, "一千"),
    (1001, "一千零一"),
    (1010, "一千零一十"),
    (1100, "一千一百"),
    (1259, "一千二百五十九"),
    (10000, "一万"),
    (10001, "一万零一"),
]


@pytest.mark.parametrize(("number", "text"), FORMS)
def test_both_ways(number, text):
    assert int_to_cn(number) == text
    assert cn_to_int(text) == number


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("一十", 10),
        ("一十一", 11),
        ("两百", 200),
        ("二〇一", 201),
        ("一〇九", 109),
        ("１２", 12),
        ("12", 12),
        ("零", 0),
    ],
)
def test_lenient_variants(text, number):
    assert cn_to_int(text) == number


@pytest.mark.parametrize("text", ["", "十十", "三十十", "百", "一百五", "千百", "十条", "abc"])
def test_invalid(text):
    with pytest.raises(ValueError, match="数字"):
        cn_to_int(text)


def test_article_labels():
    assert article_label(109) == "第一百零九条"
    assert article_label(10, 1) == "第十条之一"
    assert parse_article_label("第十条之一") == (10, 1)
    assert parse_article_label("第一百一十条") == (110, 0)
    with pytest.raises(ValueError):
        parse_article_label("第十章")


def test_agrees_with_cn2an_up_to_ten_thousand():
    for n in range(1, 10_001):
        assert int_to_cn(n) == cn2an.an2cn(n)


@given(st.integers(min_value=1, max_value=99_999_999))
def test_round_trip(n):
    assert cn_to_int(int_to_cn(n)) == n


def test_rejects_negative():
    with pytest.raises(ValueError):
        int_to_cn(-1)
