"""重点督办 progress reports (PR-PROGRESS)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from renda.core import attachments, audit, rules
from renda.core.workflow import or_today
from renda.proposals import permissions as perms
from renda.proposals.deadlines import (
    PROGRESS_STATES,
)
from renda.proposals.models import (
    ProgressReport,
    Proposal,
)
from renda.proposals.services.notify import _mail_deputies


# ---- 重点督办 progress reports (PR-PROGRESS) -------------------------------------------------------------------
@transaction.atomic
def progress_report_file(*, actor, proposal: Proposal, text: str, reported_on: dt.date | None = None,
                         attachment=None, today: dt.date | None = None) -> ProgressReport:
    """A dated progress report on a 重点督办 item by its lead unit or the committee in charge."""
    today = or_today(today)
    reported_on = reported_on or today
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not perms.can_file_progress(actor, proposal):
        raise PermissionDenied("只有主办单位或负责督办的专门委员会可以报送办理进展。")
    if not proposal.key_supervision:
        raise rules.violation("PR-PROGRESS", "本件不是重点督办件，不需要报送办理进展")
    if proposal.status not in PROGRESS_STATES:
        raise rules.violation("PR-PROGRESS", f"本件当前为「{proposal.get_status_display()}」，不能报送办理进展")
    if not (text or "").strip():
        raise ValidationError({"text": "请填写办理进展。"})
    if reported_on > today:
        raise ValidationError({"reported_on": "报告日期不能晚于今天。"})
    if proposal.assigned_on and reported_on < proposal.assigned_on:
        raise ValidationError({"reported_on": "报告日期不能早于交办日期。"})
    report = ProgressReport(congress_id=proposal.congress_id, proposal=proposal, reporter_id=actor.organization_id,
                            reported_on=reported_on, text=text.strip(), created_by=actor)
    report.full_clean()
    report.save()
    if attachment is not None:
        try:
            attachments.attach(actor=actor, obj=report, upload=attachment)
        except ValidationError as exc:  # type by content, size: the whole report is rolled back
            raise ValidationError({"attachment": exc.messages}) from exc
    audit.record(actor=actor, action="create", obj=report, rule=rules.get("PR-PROGRESS"),
                 after=audit.snapshot(report, ["reported_on", "reporter"]), note="报送重点督办件办理进展")
    reporter = report.reporter.name
    _mail_deputies(proposal, "【重点督办建议办理进展】", lambda item, note: (
        f"您领衔提出的建议《{item.title}》（{item.number}）{note}为重点督办件。{reporter}于"
        f"{reported_on:%Y年%m月%d日}报送了办理进展：\n\n{report.text}\n\n请登录履职平台查看办理进展。"),
        key=f"proposal-progress:{report.pk}")
    return report
