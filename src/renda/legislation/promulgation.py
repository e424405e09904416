"""The 公布文本 written when a regulation is promulgated (the workflow's `promulgate` effect; no import of services)."""

from __future__ import annotations

from importlib import import_module

from django.apps import apps

from renda.core import audit
from renda.legislation import texts
from renda.legislation.dates import fmt
from renda.legislation.models import Bill, BillVersion, Stage


def _promulgated_title(bill: Bill) -> str:
    if bill.kind == "repeal" or (bill.kind == "amend" and bill.amendment_form == "decision"):
        return bill.display_title  # 关于修改《…》的决定: the decision is what is promulgated
    return bill.title


def ensure_promulgated_text(*, bill: Bill, actor) -> BillVersion | None:
    """The 公布文本: the adopted 表决稿 under the regulation's name, with its 题注 (立法法 第六十五条第三款)."""
    if bill.versions.filter(stage=Stage.PROMULGATED).exists():
        return None
    final = bill.versions.filter(stage=Stage.FINAL).first()
    if final is None:
        return None
    statute = texts.parse(final.text)
    statute.title = _promulgated_title(bill)
    vote = bill.votes.filter(eid="", passed=True).order_by("-voted_on").first()
    congress = bill.congress
    adopted = f"{fmt(bill.passed_on)}{congress.standing_committee_name}{vote.meeting if vote and vote.meeting else '会议'}通过"
    approved = f"{fmt(bill.approved_on)}{bill.approval_body or '省人民代表大会常务委员会'}批准"
    statute.notes = [f"（{adopted}　{approved}）"]
    text = texts.render(statute)
    version = BillVersion(
        congress_id=bill.congress_id, bill=bill, stage=Stage.PROMULGATED, title=statute.title, text=text,
        explanation_title=f"{congress.standing_committee_name}公告（{bill.announcement_number}）",
        explanation=(f"《{bill.title}》已由{adopted}，经{approved}，现予公布，自{fmt(bill.effective_on)}起施行。"),
        article_count=len(statute.articles()), parse_warnings=[], published=True,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    version.full_clean()
    version.save()
    audit.record(actor=actor, action="version", obj=bill, after={"stage": Stage.PROMULGATED, "version": version.pk})
    if apps.is_installed("renda.lawbook"):  # the law book records the promulgation and the new text
        import_module("renda.lawbook.services").record_promulgation(bill=bill, actor=actor)
    return version
