"""Writes of 论证会、听证会 and evaluations before the vote (立法法 第三十九条)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from renda.core import rules
from renda.core.models import Organization
from renda.core.writes import save_new
from renda.legislation import permissions as perms
from renda.legislation.models import (
    Bill,
    BillStatus,
    Consultation,
    ConsultationKind,
    Stage,
)
from renda.legislation.services.common import _same_congress
from renda.legislation.workflow import (
    CONSULTATION_WORKFLOW,
)

# ---- consultations ----------------------------------------------------------------------------------------
CONSULTATION_STATES = (BillStatus.ON_AGENDA, BillStatus.IN_DELIBERATION, BillStatus.DEFERRED)


@transaction.atomic
def consultation_create(*, actor, bill: Bill, kind: str, title: str, starts_at: dt.datetime, topics: str,
                        place: str = "", organizer: Organization | None = None,
                        participants: str = "") -> Consultation:
    bill = Bill.objects.select_for_update().get(pk=bill.pk)
    if not perms.can_manage_consultations(actor, bill):
        raise PermissionDenied("您没有安排论证会、听证会的权限。")
    if kind not in ConsultationKind.values:
        raise ValidationError({"kind": "形式不正确。"})
    if bill.status not in CONSULTATION_STATES:
        raise rules.violation("LEG-CONSULTATION",
                              f"列入常委会会议议程的法规案方可组织听取意见，现处于「{bill.get_status_display()}」状态")
    if kind == ConsultationKind.EVALUATION and bill.versions.filter(stage=Stage.FINAL).exists():
        raise rules.violation("LEG-EVALUATION", "法制委员会已提出表决稿和审议结果的报告，评估应在此前进行")
    _same_congress(bill.congress_id, "organizer", organizer)
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    c = Consultation(
        congress_id=bill.congress_id, bill=bill, kind=kind, title=(title or "").strip()[:200], starts_at=starts_at,
        place=(place or "").strip()[:200], organizer=organizer, topics=(topics or "").strip(),
        participants=(participants or "").strip(), created_by=actor if getattr(actor, "pk", None) else None,
    )
    return save_new(c, actor=actor)


def consultation_transition(*, actor, consultation: Consultation, action: str, note: str = "",
                            **ctx) -> Consultation:
    return CONSULTATION_WORKFLOW.apply(consultation, action, actor=actor, note=note, **ctx)
