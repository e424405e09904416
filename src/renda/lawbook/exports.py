"""The 法规清理情况报告 as a 公文 (.docx, GB/T 9704 through core.documents)."""

from __future__ import annotations

from django.utils import timezone

from renda.core.documents import OfficialDocument
from renda.lawbook.models import CleanupCampaign, CleanupDecision


def campaign_docx(campaign: CleanupCampaign) -> bytes:
    items = list(campaign.items.select_related("regulation", "committee").order_by("id"))
    labels = dict(CleanupDecision.choices)
    doc = OfficialDocument(title=f"关于{campaign.title}情况的报告",
                           addressee=f"{campaign.congress.standing_committee_name}主任会议")
    counts = {v: sum(1 for i in items if i.decision == v) for v in labels}
    doc.paragraph(
        f"根据工作安排，对{len(items)}件地方性法规进行了清理。经有关委员会逐件审查，建议保留{counts['keep']}件、"
        f"修改{counts['amend']}件、废止{counts['repeal']}件、打包修改{counts['package']}件。现将有关情况报告如下。")
    if campaign.reason:
        doc.heading("一、清理的原因和范围", 1)
        doc.paragraph(campaign.reason)
    doc.heading("二、清理意见" if campaign.reason else "一、清理意见", 1)
    doc.table(["序号", "法规名称", "承担审查的委员会", "清理意见", "理由"],
              [[str(n), f"《{i.regulation.title}》", i.committee.name if i.committee_id else "",
                labels.get(i.decision, "未提出"), i.reason] for n, i in enumerate(items, start=1)])
    if campaign.summary:
        doc.heading("三、汇总意见" if campaign.reason else "二、汇总意见", 1)
        doc.paragraph(campaign.summary)
    if campaign.package_draft:
        doc.heading("附：打包修改决定草稿", 1)
        for line in campaign.package_draft.split("\n"):
            if line.strip():
                doc.paragraph(line.strip())
    doc.signature(campaign.congress.standing_committee_name + "法制工作委员会",
                  campaign.reported_on or timezone.localdate())
    return doc.to_bytes()
