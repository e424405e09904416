"""Writes of the public comment periods (立法法 第四十条), the comments and the 基层立法联系点."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from renda.core import audit, crypto, rules
from renda.core.calendar import calendar_for
from renda.core.writes import save_new
from renda.legislation import permissions as perms
from renda.legislation import texts
from renda.legislation.dates import fmt, today
from renda.legislation.models import (
    UNDER_DELIBERATION,
    Bill,
    BillComment,
    BillStatus,
    BillVersion,
    CommentPeriod,
    CommentSource,
    ContactPoint,
    PeriodStatus,
    Stage,
)
from renda.legislation.services.common import _same_congress
from renda.legislation.workflow import (
    PERIOD_WORKFLOW,
)


# ---- comment periods and comments ------------------------------------------------------------------------------
@transaction.atomic
def period_open(*, actor, bill: Bill, opens_on: dt.date, closes_on: dt.date, version: BillVersion | None = None,
                channels: str = "") -> CommentPeriod:
    """Publish a deliberated text for public comment (立法法 第四十条): after a reading, for at least 30 days."""
    locked = Bill.objects.select_for_update().get(pk=bill.pk)
    if not perms.can_manage_period(actor, locked):
        raise PermissionDenied("您没有公布法规草案征求意见的权限。")
    if locked.status not in (BillStatus.IN_DELIBERATION, BillStatus.DEFERRED):
        raise rules.violation(
            "LEG-PUBLIC-COMMENT", f"法规草案在常委会会议审议后向社会公布，现处于「{locked.get_status_display()}」状态"
        )
    last = locked.readings.order_by("-number").select_related("version").first()
    if last is None:
        raise rules.violation("LEG-PUBLIC-COMMENT", "法规草案在常委会会议审议后向社会公布，尚未审议")
    if version is None:
        version = last.version
    if version.bill_id != locked.pk:
        raise ValidationError({"version": "文本不属于该法规案。"})
    if not version.readings.exists():
        raise rules.violation("LEG-PUBLIC-COMMENT", "向社会公布的应当是经常委会会议审议的文本")
    if opens_on < last.held_on:
        raise rules.violation("LEG-PUBLIC-COMMENT", f"征求意见应在常委会会议（{fmt(last.held_on)}）后开始")
    if opens_on > today() + dt.timedelta(days=60):
        raise ValidationError({"opens_on": "开始日期不能晚于今天六十日以上。"})
    minimum = rules.param(locked.congress_id, "LEG-PUBLIC-COMMENT", "min_days")
    earliest = calendar_for(locked.congress_id).add_days(opens_on, minimum)
    if closes_on < earliest:
        raise rules.violation(
            "LEG-PUBLIC-COMMENT",
            f"征求意见时间自{fmt(opens_on)}起不少于{minimum}日，截止日期不得早于{fmt(earliest)}",
        )
    if CommentPeriod.objects.filter(bill=locked, status=PeriodStatus.OPEN).exists():
        raise rules.violation("LEG-PUBLIC-COMMENT", "该法规案已有正在进行的征求意见，同一时间只能有一次")
    period = CommentPeriod(congress_id=locked.congress_id, bill=locked, version=version, opens_on=opens_on,
                           closes_on=closes_on, channels=(channels or "").strip()[:200],
                           created_by=actor if getattr(actor, "pk", None) else None)
    period.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            period.save()
    except IntegrityError:
        raise rules.violation("LEG-PUBLIC-COMMENT", "该法规案已有正在进行的征求意见，同一时间只能有一次") from None
    if not version.published:
        BillVersion.objects.filter(pk=version.pk).update(published=True)
    audit.record(actor=actor, action="publish", obj=locked, rule=rules.get("LEG-PUBLIC-COMMENT"),
                 after={"version": version.pk, "opens_on": opens_on, "closes_on": closes_on},
                 note="向社会公布征求意见")
    return period


def period_transition(*, actor, period: CommentPeriod, action: str, note: str = "", **ctx) -> CommentPeriod:
    return PERIOD_WORKFLOW.apply(period, action, actor=actor, note=note, **ctx)


def _provision(version: BillVersion, eid: str) -> tuple[str, str, str]:
    """(eid, article eid, label) of a provision of the version; '' for the draft as a whole."""
    eid = (eid or "").strip()
    if not eid:
        return "", "", ""
    provision = texts.provision_map(texts.statute_of(version)).get(eid)
    if provision is None:
        raise ValidationError({"eid": "所选条款不在该文本中。"})
    return provision.eid, provision.article_eid, provision.label


def participant_key(contact: str, name: str = "") -> str:
    """A keyed digest of who sent a comment (the contact, else the name): counts participants, reveals nobody."""
    who = re.sub(r"[\s\-－()（）]+", "", (contact or "").strip().lower()) or (name or "").strip()
    return crypto.digest(who, context="legislation.billcomment.participant") if who else ""


def _comment(*, bill: Bill, version: BillVersion, period: CommentPeriod | None, eid: str, text: str, source: str,
             contact_point: ContactPoint | None, name: str, contact: str, submitted_at: dt.datetime,
             entered_by) -> BillComment:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "意见内容不能为空。"})
    if len(text) > 5000:
        raise ValidationError({"text": "意见内容不得超过 5000 字。"})
    eid, article_eid, label = _provision(version, eid)
    name = (name or "").strip()[:100]
    contact = (contact or "").strip()[:100]
    comment = BillComment(
        congress_id=bill.congress_id, bill=bill, version=version, period=period, eid=eid, article_eid=article_eid,
        provision_label=label, text=text, source=source, contact_point=contact_point,
        name=name, contact=contact, participant=participant_key(contact, name), submitted_at=submitted_at,
        entered_by=entered_by if getattr(entered_by, "pk", None) else None,
    )
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def comment_add(*, actor, bill: Bill, version: BillVersion, text: str, source: str, eid: str = "",
                contact_point: ContactPoint | None = None, name: str = "", contact: str = "",
                submitted_at: dt.datetime | None = None) -> BillComment:
    """Staff enter a comment received from a 基层立法联系点, a department, a deputy or (on paper) the public."""
    bill = Bill.objects.select_for_update().get(pk=bill.pk)
    if not perms.can_enter_comments(actor, bill):
        raise PermissionDenied("您没有登记立法意见的权限。")
    if version.bill_id != bill.pk:
        raise ValidationError({"version": "文本不属于该法规案。"})
    if source not in CommentSource.values:
        raise ValidationError({"source": "意见来源不正确。"})
    if bill.status not in UNDER_DELIBERATION:
        raise rules.violation("LEG-COMMENT-ENTRY", f"法规案处于「{bill.get_status_display()}」状态，不再征求意见")
    submitted_at = submitted_at or timezone.now()
    if timezone.localtime(submitted_at).date() > today():
        raise ValidationError({"submitted_at": "提交时间不能晚于现在。"})
    period = None
    if source == CommentSource.CONTACT_POINT:
        if contact_point is None:
            raise ValidationError({"contact_point": "请选择基层立法联系点。"})
        _same_congress(bill.congress_id, "contact_point", contact_point)
        if not contact_point.active:
            raise ValidationError({"contact_point": "该基层立法联系点已撤销。"})
    else:
        contact_point = None
    if source == CommentSource.PUBLIC:
        day = timezone.localtime(submitted_at).date()
        period = bill.comment_periods.filter(version=version, opens_on__lte=day, closes_on__gte=day).first()
        if period is None:
            raise rules.violation(
                "LEG-PUBLIC-COMMENT", "社会公众的意见应在该文本向社会公布征求意见期间提出"
            )
    elif version.readings.count() == 0 and version.stage != Stage.DRAFT:
        raise rules.violation("LEG-COMMENT-ENTRY", "意见应针对提请审议的文本提出")
    comment = _comment(bill=bill, version=version, period=period, eid=eid, text=text, source=source,
                       contact_point=contact_point, name=name, contact=contact, submitted_at=submitted_at,
                       entered_by=actor)
    audit.record(actor=actor, action="comment", obj=bill,
                 after={"comment": comment.pk, "source": source, "eid": comment.eid})
    return comment


@transaction.atomic
def comment_submit_public(*, period: CommentPeriod, text: str, eid: str = "", name: str = "", contact: str = "",
                          submitted_at: dt.datetime | None = None) -> BillComment:
    """A comment from the public portal (the participation module calls this): only while the period runs."""
    period = CommentPeriod.objects.select_related("bill", "version").get(pk=period.pk)
    submitted_at = submitted_at or timezone.now()
    day = timezone.localtime(submitted_at).date()
    if not period.is_running(day):
        raise rules.violation("LEG-PUBLIC-COMMENT", "征求意见已经结束或者尚未开始")
    comment = _comment(bill=period.bill, version=period.version, period=period, eid=eid, text=text,
                       source=CommentSource.PUBLIC, contact_point=None, name=name, contact=contact,
                       submitted_at=submitted_at, entered_by=None)
    audit.record(actor=None, action="comment", obj=period.bill,
                 after={"comment": comment.pk, "source": "public", "eid": comment.eid})
    return comment


@transaction.atomic
def contact_point_create(*, actor, name: str, location: str = "") -> ContactPoint:
    if not perms.is_writer(actor):
        raise PermissionDenied("您没有设立基层立法联系点的权限。")
    point = ContactPoint(congress_id=actor.congress_id, name=(name or "").strip()[:100],
                         location=(location or "").strip()[:100],
                         order=(ContactPoint.objects.filter(congress_id=actor.congress_id)
                                .aggregate(m=Max("order"))["m"] or 0) + 1)
    return save_new(point, actor=actor)
