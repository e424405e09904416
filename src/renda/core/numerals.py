"""Chinese numerals for ordinals in names (第十二届, 第三次会议)."""

import cn2an


def to_chinese(n: int) -> str:
    """12 -> 十二, 109 -> 一百零九 (the forms statutes and official names use)."""
    return cn2an.an2cn(int(n))
