"""The 法规清理 campaign: 立项 → 分工 → 审查 → 汇总 → 报告 (rules LAW-CLEANUP, LAW-CLEANUP-ASSIGN, LAW-CLEANUP-DECIDE)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from renda.core import rules
from renda.core.forms import DATE_INPUT
from renda.core.models import Organization
from renda.core.workflow import Transition, Workflow, or_today
from renda.lawbook import permissions as perms
from renda.lawbook.models import CampaignStatus, CleanupCampaign
from renda.lawbook.packaging import package_draft_for

S = CampaignStatus


class AssignForm(forms.Form):
    """分工: the committee that takes every regulation not yet assigned."""

    committee = forms.ModelChoiceField(label="未分工法规交由", queryset=Organization.objects.none(), required=False,
                                       error_messages={"invalid_choice": "请选择本级人大的委员会。"})

    def __init__(self, *args, obj=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Organization.objects.filter(kind__in=("special_committee", "working_body"))
        self.fields["committee"].queryset = qs.filter(congress_id=obj.congress_id) if obj is not None else qs.none()


class SummaryForm(forms.Form):
    summary = forms.CharField(label="汇总意见", max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class ReportForm(forms.Form):
    reported_on = forms.DateField(label="报告日期", required=False, widget=DATE_INPUT,
                                  error_messages={"invalid": "请按 年-月-日 填写日期。"})


def _all_assigned(campaign: CleanupCampaign, **ctx) -> None:
    if not campaign.items.exists():
        raise rules.violation("LAW-CLEANUP", "清理范围内还没有法规。", congress=campaign.congress)
    missing = campaign.items.filter(committee__isnull=True).count()
    if missing:
        raise rules.violation("LAW-CLEANUP-ASSIGN", f"还有 {missing} 件法规没有分工。", congress=campaign.congress)


def _all_decided(campaign: CleanupCampaign, **ctx) -> None:
    missing = campaign.items.filter(decision="").count()
    if missing:
        raise rules.violation("LAW-CLEANUP-DECIDE", f"还有 {missing} 件法规没有提出清理意见。",
                              congress=campaign.congress)


def _assign(campaign: CleanupCampaign, *, actor, note="", committee=None, **data) -> None:
    if committee is not None:
        if committee.congress_id != campaign.congress_id:
            raise ValidationError({"committee": "请选择本级人大的委员会。"})
        campaign.items.filter(committee__isnull=True).update(committee=committee)
    _all_assigned(campaign)


def _summarize(campaign: CleanupCampaign, *, actor, note="", summary="", **data) -> None:
    campaign.summary = summary


def _report(campaign: CleanupCampaign, *, actor, note="", reported_on=None, **data) -> None:
    campaign.reported_on = or_today(reported_on)
    campaign.package_draft = package_draft_for(campaign)


def _manager(user, campaign) -> bool:
    return perms.can_manage_campaign(user, campaign)


CAMPAIGN_WORKFLOW = Workflow(
    name="lawbook.campaign",
    states=CampaignStatus,
    transitions=[
        Transition("assign", "完成分工", (S.PROPOSED,), S.ASSIGNED, rule="LAW-CLEANUP-ASSIGN", allowed=_manager,
                   form=AssignForm, effect=_assign, next_hint="各委员会可以开始审查分工的法规。"),
        Transition("start_review", "开始审查", (S.ASSIGNED,), S.REVIEWING, rule="LAW-CLEANUP-ASSIGN",
                   allowed=_manager, guards=(_all_assigned,),
                   next_hint="承担审查的委员会逐件提出保留、修改、废止或者打包修改的意见。"),
        Transition("reassign", "调整分工", (S.ASSIGNED,), S.PROPOSED, rule="LAW-CLEANUP-ASSIGN", allowed=_manager,
                   awaited=False, style="secondary"),
        Transition("summarize", "汇总", (S.REVIEWING,), S.SUMMARIZED, rule="LAW-CLEANUP-DECIDE", allowed=_manager,
                   guards=(_all_decided,), form=SummaryForm, effect=_summarize,
                   next_hint="形成清理情况报告和打包修改决定草稿。"),
        Transition("reopen", "退回审查", (S.SUMMARIZED,), S.REVIEWING, rule="LAW-CLEANUP-DECIDE", allowed=_manager,
                   needs_note=True, awaited=False, style="secondary"),
        Transition("report", "形成报告", (S.SUMMARIZED,), S.REPORTED, rule="LAW-CLEANUP", allowed=_manager,
                   form=ReportForm, effect=_report,
                   next_hint="可以下载清理情况报告；有修改意见的，据打包修改决定草稿提出法规案。"),
    ],
)
