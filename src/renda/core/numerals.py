"""Chinese numerals for ordinals in names (第十二届, 第三次会议): the statute engine's converter."""

from renda.statutes.numerals import int_to_cn


def to_chinese(n: int) -> str:
    """12 -> 十二, 109 -> 一百零九 (the forms statutes and official names use)."""
    return int_to_cn(int(n))
