"""Whether the organ's report on the handling of the opinions answers each of the opinions handed to it (监督法
第十七条第一款、第二十九条第一款: the opinions are handed to the organ for 研究处理, and it reports 研究处理情况).
The opinions are compiled as numbered points (一、二、三…); a typed report that does not take up a point under the
same number is flagged on the report's page, never refused (rule SUP-HANDLING-ANSWERS)."""

from __future__ import annotations

import re

from renda.core import rules

POINT = re.compile(r"(?:^|[。；;\s])([一二三四五六七八九十]{1,3})、")


def points(text: str) -> list[str]:
    """The numbers of the compiled points, in order ("一、…。二、…" → ["一", "二"])."""
    seen: list[str] = []
    for m in POINT.finditer(text or ""):
        if m.group(1) not in seen:
            seen.append(m.group(1))
    return seen


def check(opinions: str, handling_text: str | None) -> dict | None:
    """None when there is nothing to check; else the points and those the report leaves unanswered."""
    wanted = points(opinions)
    if not wanted or handling_text is None:
        return None
    if not handling_text.strip():
        return {"points": wanted, "unanswered": [], "uploaded_only": True,
                "rule": rules.get("SUP-HANDLING-ANSWERS")}
    answered = set(points(handling_text))
    return {"points": wanted, "unanswered": [p for p in wanted if p not in answered], "uploaded_only": False,
            "rule": rules.get("SUP-HANDLING-ANSWERS")}
