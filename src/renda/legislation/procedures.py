"""Procedures of 立法法 applied to local bills through 第八十七条第一款 that the main workflow leaves to this module:

- 第三十一条第一款 (LEG-TEXT-SEVEN-DAYS): the draft reaches the members seven days before the meeting, save in
  special circumstances — checked when the bill is put on a meeting's agenda (or recorded for a later meeting),
  flagged, never refused; an exception needs its reason;
- 第三十条第一款 (LEG-NOT-LISTED): a members' bill left off the agenda is reported to the meeting or explained to
  its proposers;
- 第六十条 (LEG-RESUBMIT): a bill that failed the vote comes back only as a new bill, on the 主任会议's decision;
- 第三十八条 (LEG-COMMITTEE-DISAGREE): disagreement between special committees goes to the 主任会议 before the vote.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from renda.core import audit, rules
from renda.core.forms import DATE_INPUT
from renda.core.rules import periods
from renda.core.workflow import step_date_field
from renda.legislation import permissions as perms
from renda.legislation.dates import act_date, fmt
from renda.legislation.models import Bill, BillStatus, ProposerKind

NOT_LISTED_CHOICES = [("", "—"), ("reported", "已向常委会会议报告"), ("explained", "已向提案人说明")]


# ---- 第三十一条: seven days before the meeting ----------------------------------------------------------------
def text_due(bill: Bill, meeting_date: dt.date | None) -> dt.date | None:
    if meeting_date is None:
        return None
    return periods.latest_before(bill.congress_id, meeting_date,
                                 int(rules.param(bill.congress_id, "LEG-TEXT-SEVEN-DAYS", "days")))


def set_distribution(bill: Bill, *, meeting_date: dt.date | None, sent_on: dt.date | None,
                     exception: str = "") -> None:
    """Record when the draft went to the members for the meeting on `meeting_date`; late unless excepted."""
    exception = (exception or "").strip()
    if meeting_date is None:
        if sent_on is not None or exception:
            raise ValidationError({"meeting_date": "请填写提请审议的常委会会议日期。"})
        return
    if sent_on is not None and sent_on > meeting_date:
        raise ValidationError({"text_sent_on": "发给组成人员的日期不能晚于会议日期。"})
    due = text_due(bill, meeting_date)
    bill.meeting_date = meeting_date
    bill.text_sent_on = sent_on
    bill.text_exception = exception
    bill.text_sent_late = not exception and (sent_on is None or sent_on > due)


def distribution_state(bill: Bill) -> dict | None:
    """What the bill's page shows about 第三十一条, or None when no meeting is recorded."""
    if bill.meeting_date is None:
        return None
    return {"due": text_due(bill, bill.meeting_date), "late": bill.text_sent_late, "sent_on": bill.text_sent_on,
            "exception": bill.text_exception, "rule": rules.get("LEG-TEXT-SEVEN-DAYS")}


class PlaceOnAgendaForm(forms.Form):
    on = step_date_field()
    meeting_date = forms.DateField(label="提请审议的常委会会议日期", required=False, widget=DATE_INPUT)
    text_sent_on = forms.DateField(label="法规草案发给组成人员的日期", required=False, widget=DATE_INPUT,
                                   help_text="应当在会议举行的七日前（立法法第三十一条第一款）。")
    text_exception = forms.CharField(label="特殊情况说明（未能七日前发送的）", required=False, max_length=2000)


class DeclineForm(forms.Form):
    on = step_date_field()
    not_listed_handling = forms.ChoiceField(label="向常委会会议报告或者向提案人说明", required=False,
                                            choices=NOT_LISTED_CHOICES)


def place_effect(bill: Bill, **ctx) -> None:
    set_distribution(bill, meeting_date=ctx.get("meeting_date"), sent_on=ctx.get("text_sent_on"),
                     exception=ctx.get("text_exception") or "")


def decline_effect(bill: Bill, **ctx) -> None:
    how = ctx.get("not_listed_handling") or ""
    if how:
        bill.not_listed_handling = how
        bill.not_listed_handled_on = act_date(ctx)


def not_listed_pending(bill: Bill) -> bool:
    return bill.status == BillStatus.NOT_LISTED and bill.proposer_kind == ProposerKind.MEMBERS \
        and not bill.not_listed_handling


# ---- 第六十条: a failed bill comes back as a new bill -----------------------------------------------------------
def check_resubmission(congress_id: int, failed: Bill | None) -> None:
    if failed is None:
        return
    if failed.congress_id != congress_id:
        raise ValidationError({"resubmission_of": "原法规案不属于本人大。"})
    if failed.status != BillStatus.FAILED:
        raise rules.violation("LEG-RESUBMIT", f"{failed}处于「{failed.get_status_display()}」状态，不是表决未获通过的法规案")


def is_resubmission(bill: Bill) -> bool:
    return bill.resubmission_of_id is not None


# ---- 第三十八条: committees' disagreement -------------------------------------------------------------------------
def disagreement_reported(bill: Bill, **_) -> None:
    if (bill.disagreement or "").strip() and bill.disagreement_reported_on is None:
        raise rules.violation("LEG-COMMITTEE-DISAGREE", "专门委员会之间的重要意见分歧尚未向主任会议报告")


# ---- services -----------------------------------------------------------------------------------------------
def _locked(bill: Bill) -> Bill:
    return Bill.objects.select_for_update().get(pk=bill.pk)


@transaction.atomic
def bill_record_distribution(*, actor, bill: Bill, meeting_date: dt.date, text_sent_on: dt.date | None = None,
                             text_exception: str = "") -> Bill:
    """The draft sent to the members for a meeting (each meeting that deliberates the bill)."""
    bill = _locked(bill)
    if not perms.can_register(actor, bill):
        raise PermissionDenied("只有办公厅和法制工作机构的工作人员可以登记。")
    if not bill.is_under_deliberation:
        raise rules.violation("LEG-TEXT-SEVEN-DAYS", f"法规案处于「{bill.get_status_display()}」状态，不在审议中")
    before = {"meeting_date": bill.meeting_date, "text_sent_on": bill.text_sent_on, "late": bill.text_sent_late}
    set_distribution(bill, meeting_date=meeting_date, sent_on=text_sent_on, exception=text_exception)
    bill.lock_version += 1
    bill.full_clean()
    bill.save()
    audit.record(actor=actor, action="update", obj=bill, rule=rules.get("LEG-TEXT-SEVEN-DAYS"), before=before,
                 after={"meeting_date": bill.meeting_date, "text_sent_on": bill.text_sent_on,
                        "late": bill.text_sent_late})
    return bill


@transaction.atomic
def bill_explain_not_listed(*, actor, bill: Bill, how: str, on: dt.date | None = None) -> Bill:
    bill = _locked(bill)
    if not (perms.can_decide(actor, bill) or perms.can_register(actor, bill)):
        raise PermissionDenied("由办公厅或常委会领导登记。")
    if bill.status != BillStatus.NOT_LISTED:
        raise rules.violation("LEG-NOT-LISTED", f"法规案处于「{bill.get_status_display()}」状态，不是不列入议程的法规案")
    if how not in ("reported", "explained"):
        raise ValidationError({"how": "请选择向常委会会议报告或者向提案人说明。"})
    bill.not_listed_handling = how
    bill.not_listed_handled_on = act_date({"on": on})
    bill.lock_version += 1
    bill.save()
    audit.record(actor=actor, action="update", obj=bill, rule=rules.get("LEG-NOT-LISTED"),
                 after={"not_listed_handling": bill.get_not_listed_handling_display()})
    return bill


@transaction.atomic
def bill_record_disagreement(*, actor, bill: Bill, disagreement: str, reported_on: dt.date | None = None) -> Bill:
    """The committees' disagreement on an important question, and the date it was reported to the 主任会议."""
    bill = _locked(bill)
    if not perms.can_register(actor, bill):
        raise PermissionDenied("只有办公厅和法制工作机构的工作人员可以登记。")
    if not bill.is_under_deliberation:
        raise rules.violation("LEG-COMMITTEE-DISAGREE", f"法规案处于「{bill.get_status_display()}」状态，不在审议中")
    text = (disagreement or "").strip()
    if not text:
        raise ValidationError({"disagreement": "请写明意见不一致的重要问题。"})
    bill.disagreement = text
    bill.disagreement_reported_on = act_date({"on": reported_on}) if reported_on else None
    bill.lock_version += 1
    bill.full_clean()
    bill.save()
    audit.record(actor=actor, action="update", obj=bill, rule=rules.get("LEG-COMMITTEE-DISAGREE"),
                 after={"disagreement": "已登记",
                        "reported_on": fmt(bill.disagreement_reported_on) if bill.disagreement_reported_on else ""})
    return bill
