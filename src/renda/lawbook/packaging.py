"""The draft 打包修改决定 of a 法规清理 campaign, made when the campaign reports (a step of its workflow): its own module
so that the workflow and the services import it without importing each other."""

from __future__ import annotations

import re

from renda.core.numerals import to_chinese
from renda.lawbook.models import CleanupCampaign, CleanupDecision, Regulation, RegulationVersion
from renda.legislation.texts import parse
from renda.statutes import draft


def current_version(regulation: Regulation) -> RegulationVersion | None:
    return regulation.versions.order_by("-effective_from").first()


def package_draft_for(campaign: CleanupCampaign) -> str:
    """The draft 打包修改决定 from the proposed new texts (statutes.draft): one part per regulation."""
    parts = []
    items = (campaign.items.filter(decision__in=(CleanupDecision.AMEND, CleanupDecision.PACKAGE))
             .exclude(proposed_text="").select_related("regulation").order_by("id"))
    for item in items:
        base = current_version(item.regulation)
        if base is None:
            continue
        result = draft(parse(base.text), parse(item.proposed_text))
        parts.append((item.regulation.title, result.text))
    if not parts:
        return ""
    lines = [f"{campaign.congress.standing_committee_name}关于修改《{parts[0][0]}》等{to_chinese(len(parts))}件地方性法规的决定"
             if len(parts) > 1 else f"{campaign.congress.standing_committee_name}关于修改《{parts[0][0]}》的决定", ""]
    for n, (title, text) in enumerate(parts, start=1):
        lines.append(f"{to_chinese(n)}、《{title}》")
        for ln in text.split("\n"):  # the draft's instructions only, numbered as clauses of this part
            m = re.match(r"^([一二三四五六七八九十百]+)、(.*)$", ln.strip())
            if m:
                lines.append(f"（{m.group(1)}）{m.group(2)}")
        lines.append("")
    lines.append("本决定自公布之日起施行。以上法规根据本决定作相应修改，重新公布。")
    return "\n".join(lines)
