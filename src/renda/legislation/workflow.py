"""States and transitions of the legislative process (one mechanism: renda.core.workflow).

`BILL_WORKFLOW` carries a bill from its proposal to its filing. Readings and votes are recorded by their own
services (`bill_record_reading`, `bill_record_vote`), which create the record and then take the `deliberate`
or `pass`/`fail` step with it; taking those steps without the record is refused. Every step is governed by a
rule of the registry (src/renda/core/rules/legislation.toml) and refused with it.

Dates: each step carries the date of the act (`on`, default today); it may not lie in the future and must
follow the step before it (a promulgation dated before the approval is refused by LEG-PROMULGATE …).
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.utils import timezone

from renda.core import rules
from renda.core.calendar import calendar_for
from renda.core.forms import DATE_INPUT
from renda.core.workflow import Transition, Workflow, step_date_field
from renda.legislation import permissions as perms
from renda.legislation import procedures
from renda.legislation.checks import check_proposer, check_scope
from renda.legislation.dates import (  # noqa: F401 - REFERENCE_TODAY and today are read through this module too
    REFERENCE_TODAY,
    act_date,
    approval_deadline,
    filing_deadline,
    fmt,
    today,
)
from renda.legislation.models import (
    Bill,
    BillStatus,
    CommentPeriod,
    Consultation,
    ConsultationKind,
    ConsultationStatus,
    LegislativePlan,
    LegislativePlanStatus,
    NoticeStatus,
    PeriodStatus,
    ProposerKind,
    Stage,
)
from renda.legislation.promulgation import ensure_promulgated_text


# ---- guards over bills -------------------------------------------------------------------------------------
def proposer_ok(bill: Bill, **_) -> None:
    check_proposer(
        congress=bill.congress, kind=bill.proposer_kind, org=bill.proposer_org,
        persons=list(bill.proposers.all()), on=bill.submitted_on,
    )


def scope_ok(bill: Bill, **_) -> None:
    check_scope(bill.congress_id, bill.subject_area, bill.scope_override, bill.scope_justification)


def package_ok(bill: Bill, **_) -> None:
    draft = bill.versions.filter(stage=Stage.DRAFT).first()
    if draft is None:
        raise rules.violation("LEG-BILL-PACKAGE", "尚未登记法规草案文本")
    if not draft.explanation.strip():
        raise rules.violation("LEG-BILL-PACKAGE", "法规草案尚无起草说明")
    if (bill.kind == "amend" and not (bill.amendment_form == "decision" and bill.regulations.exists())
            and not bill.versions.filter(stage=Stage.CURRENT).exists()):
        raise rules.violation("LEG-BILL-PACKAGE", "修改法规的，须登记现行文本以形成修改前后的对照文本")


def agenda_date_ok(bill: Bill, **ctx) -> None:
    on = act_date(ctx)
    if on < bill.submitted_on:
        raise rules.violation("LEG-AGENDA", f"列入议程的日期（{fmt(on)}）早于提出日期（{fmt(bill.submitted_on)}）")


def has_reading(bill: Bill, *, reading=None, **_) -> None:
    if reading is None:
        raise rules.violation("LEG-READINGS", "记录审议须填写会议、日期和审议的文本")


def readings_complete(bill: Bill, **_) -> None:
    done = bill.readings.count()
    if done < bill.readings_required:
        raise rules.violation(
            "LEG-READINGS",
            f"已经常委会会议审议 {done} 次，本法规案须经 {bill.readings_required} 次审议后方可交付表决",
        )


def final_version_ready(bill: Bill, **_) -> None:
    final = bill.versions.filter(stage=Stage.FINAL).first()
    if final is None:
        raise rules.violation("LEG-UNIFIED-REVIEW", "法制委员会尚未提出草案表决稿")
    if not final.explanation.strip():
        raise rules.violation("LEG-UNIFIED-REVIEW", "草案表决稿尚无法制委员会的报告")


def comments_done(bill: Bill, **_) -> None:
    periods = list(bill.comment_periods.all())
    if any(p.status == PeriodStatus.OPEN for p in periods):
        raise rules.violation("LEG-PUBLIC-COMMENT", "向社会公布征求意见尚未结束")
    if not periods and not bill.publication_waived:
        raise rules.violation(
            "LEG-PUBLIC-COMMENT", "法规草案尚未向社会公布征求意见，也没有主任会议不公布的决定"
        )


def _consultation_done(bill: Bill, kind: str, rule_id: str, name: str) -> None:
    statuses = set(bill.consultations.filter(kind=kind).values_list("status", flat=True))
    if ConsultationStatus.REPORTED not in statuses:
        if ConsultationStatus.HELD in statuses:
            raise rules.violation(rule_id, f"{name}情况尚未向常委会报告")
        raise rules.violation(rule_id, f"本法规案须召开{name}，尚未举行")


def consultations_done(bill: Bill, **_) -> None:
    if bill.needs_argumentation:
        _consultation_done(bill, ConsultationKind.ARGUMENTATION, "LEG-ARGUMENTATION", "论证会")
    if bill.needs_hearing:
        _consultation_done(bill, ConsultationKind.HEARING, "LEG-HEARING", "听证会")
    if rules.param(bill.congress_id, "LEG-EVALUATION", "required"):
        held = bill.consultations.filter(
            kind=ConsultationKind.EVALUATION, status__in=(ConsultationStatus.HELD, ConsultationStatus.REPORTED)
        ).exists()
        if not held:
            raise rules.violation("LEG-EVALUATION", "本市规定表决前评估为必经程序，尚未进行评估")


def vote_passed(bill: Bill, *, vote=None, **_) -> None:
    if vote is None:
        raise rules.violation("LEG-VOTE", "须记录表决结果（赞成、反对、弃权票数）")
    if vote.eid or not vote.passed:
        raise rules.violation("LEG-VOTE", "表决结果未达到常委会全体组成人员的过半数")


def vote_failed(bill: Bill, *, vote=None, **_) -> None:
    if vote is None:
        raise rules.violation("LEG-VOTE", "须记录表决结果（赞成、反对、弃权票数）")
    if vote.eid or vote.passed:
        raise rules.violation("LEG-VOTE", "表决结果已达到全体组成人员的过半数，应记为通过")


def shelved_long_enough(bill: Bill, **ctx) -> None:
    on = act_date(ctx)
    years = rules.param(bill.congress_id, "LEG-SHELVE", "years")
    since = bill.shelved_on if bill.status == BillStatus.SHELVED else bill.deferred_on
    if since is None:
        raise rules.violation("LEG-SHELVE", "没有搁置或者暂不付表决的日期")
    # 满两年: the period starts the day after (民法典 第二百零一条) and completes when its last day — the same
    # date two years on, rolled past a holiday (第二百零三条) — has ended; termination is possible the day after.
    due = calendar_for(bill.congress_id).add_months(since, 12 * years)
    if on <= due:
        what = "搁置审议" if bill.status == BillStatus.SHELVED else "暂不付表决"
        raise rules.violation("LEG-SHELVE", f"{what}自{fmt(since)}起尚未满{years}年（{fmt(due)}届满）")


def after_vote(bill: Bill, **ctx) -> None:
    on = act_date(ctx)
    if bill.passed_on and on < bill.passed_on:
        raise rules.violation("LEG-APPROVAL", f"报请批准的日期早于表决通过的日期（{fmt(bill.passed_on)}）")
    days = rules.param(bill.congress_id, "LEG-APPROVAL-SUBMIT", "days")
    due = calendar_for(bill.congress_id).add_days(bill.passed_on, days) if bill.passed_on else None
    if due and on > due and not (ctx.get("note") or "").strip():
        raise rules.violation("LEG-APPROVAL-SUBMIT", f"通过后已超过{days}日报请批准，须说明原因")


def _act_date_after(bill: Bill, ctx: dict, field: str, rule: str, *, missing: str, too_early: str) -> dt.date:
    """The act's date; refused under `rule` when the step before (its date in `field`) is missing or later."""
    on = act_date(ctx)
    earlier = getattr(bill, field)
    if earlier is None:
        raise rules.violation(rule, missing)
    if on < earlier:
        raise rules.violation(rule, f"{too_early}（{fmt(earlier)}）")
    return on


def after_submission(bill: Bill, **ctx) -> None:
    _act_date_after(bill, ctx, "approval_submitted_on", "LEG-APPROVAL",
                    missing="尚未报请省人大常委会批准", too_early="批准日期早于报请批准的日期")


def after_approval(bill: Bill, **ctx) -> None:
    on = _act_date_after(bill, ctx, "approved_on", "LEG-PROMULGATE",
                         missing="法规尚未经省人大常委会批准，不能公布", too_early="公布日期早于批准日期")
    if not (ctx.get("announcement_number") or "").strip():
        raise rules.violation("LEG-PROMULGATE", "公布须以常委会公告进行，请填写公告号")
    effective = ctx.get("effective_on")
    if effective is None:
        raise rules.violation("LEG-PROMULGATE", "法规应当明确规定施行日期")
    if effective < on:
        raise rules.violation("LEG-PROMULGATE", f"施行日期（{fmt(effective)}）早于公布日期（{fmt(on)}）")


def after_promulgation(bill: Bill, **ctx) -> None:
    on = _act_date_after(bill, ctx, "promulgated_on", "LEG-FILING",
                         missing="法规尚未公布", too_early="报送备案的日期早于公布日期")
    deadline = filing_deadline(bill)
    if deadline and on > deadline and not (ctx.get("note") or "").strip():
        raise rules.violation(
            "LEG-FILING", f"公布后三十日内（{fmt(deadline)}前）应当报送备案，现已逾期，须说明逾期原因"
        )


def note_given(bill: Bill, **ctx) -> None:
    act_date(ctx)


def may_be_declined(bill: Bill, **ctx) -> None:
    """组织法 第五十二条: only a bill of members (第三款) may be left off the agenda; a 主任会议 bill goes to the
    meeting (第一款), a government or special-committee bill to the meeting or first to a committee (第二款)."""
    if procedures.is_resubmission(bill):  # 立法法 第六十条: the 主任会议 decides whether to list a resubmitted bill
        act_date(ctx)
        return
    if bill.proposer_kind != ProposerKind.MEMBERS:
        raise rules.violation(
            "LEG-AGENDA", f"{bill.get_proposer_kind_display()}提出的法规案应当提请常委会会议审议，不能决定不列入议程"
        )
    act_date(ctx)


def may_be_referred(bill: Bill, **ctx) -> None:
    """组织法 第五十二条第一款: a 主任会议 bill is deliberated by the meeting, not first by a committee."""
    if bill.proposer_kind == ProposerKind.CHAIRS_COUNCIL:
        raise rules.violation("LEG-AGENDA", "主任会议提出的法规案由常委会会议审议，不先交专门委员会审议")


# ---- what each step asks for (rendered and validated by the kit: renda.core.kit) ------------------------------
class OnForm(forms.Form):
    """The date of the act (default today; never in the future, and after the step before it: the guards)."""

    on = step_date_field("日期")


class ApproveForm(OnForm):
    approval_body = forms.CharField(label="批准机关及会议", required=False, max_length=200,
                                    help_text="如：XX省第十四届人民代表大会常务委员会第X次会议")


class PromulgateForm(OnForm):
    announcement_number = forms.CharField(label="公告号", required=False, max_length=60, help_text="如：第X号")
    effective_on = forms.DateField(label="施行日期", required=False, widget=DATE_INPUT)
    gazette = forms.CharField(label="刊载", required=False, max_length=200,
                              help_text="如：常委会公报2026年第X号、人大网、XX日报")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Required by rule LEG-PROMULGATE (guard `after_approval`: a refusal naming the rule), marked for the browser.
        for name in ("announcement_number", "effective_on"):
            self.fields[name].widget.attrs["required"] = "required"


class PeriodCloseForm(OnForm):
    feedback = forms.CharField(label="征求意见情况通报", required=False, max_length=5000,
                               widget=forms.Textarea(attrs={"rows": 3}))


class HoldForm(OnForm):
    participants = forms.CharField(label="参加人员（每行一人：姓名，单位或者身份）", required=False, max_length=20000,
                                   widget=forms.Textarea(attrs={"rows": 4}), help_text="不填则沿用安排时的名单。")
    minutes = forms.CharField(label="会议纪要", required=False, max_length=50000, widget=forms.Textarea(attrs={"rows": 5}))
    conclusions = forms.CharField(label="结论和意见", required=False, max_length=20000,
                                  widget=forms.Textarea(attrs={"rows": 3}))


class PlanPublishForm(OnForm):
    doc_number = forms.CharField(label="发文字号", required=False, max_length=40)


# ---- what each step does, inside its transaction (with the new state set, before the row is saved) --------------
def act_dated(field: str):
    """An effect: the act's date (given or today, never in the future: `act_date`) into the object's `field`."""

    def effect(obj, **ctx) -> None:
        setattr(obj, field, act_date(ctx))

    effect.__name__ = f"act_dated_{field}"
    return effect


def _close(bill: Bill, on) -> None:
    bill.closed_on = on


def _place_on_agenda(bill: Bill, **ctx) -> None:
    bill.agenda_decided_on = act_date(ctx)
    if not bill.readings_ground:
        bill.readings_required = rules.param(bill.congress_id, "LEG-READINGS", "default_readings")
    procedures.place_effect(bill, **ctx)  # 立法法 第三十一条第一款: seven days before the meeting


def _decline(bill: Bill, **ctx) -> None:
    _closing(bill, **ctx)
    procedures.decline_effect(bill, **ctx)  # 立法法 第三十条第一款: reported to the meeting or explained


def _closing(bill: Bill, **ctx) -> None:
    """不列入议程、撤回、终止审议: the bill's file is closed on the date of the act."""
    _close(bill, act_date(ctx))


def _resume(bill: Bill, **_) -> None:
    bill.shelved_on = None
    bill.deferred_on = None


def _pass(bill: Bill, *, vote, **_) -> None:
    bill.passed_on = vote.voted_on


def _fail(bill: Bill, *, vote, **_) -> None:
    _close(bill, vote.voted_on)


def _submit_for_approval(bill: Bill, *, note: str = "", **ctx) -> None:
    bill.approval_submitted_on = act_date(ctx)
    bill.approval_submit_note = note


def _approve(bill: Bill, **ctx) -> None:
    bill.approved_on = act_date(ctx)
    bill.approval_body = (ctx.get("approval_body") or "").strip()[:200]


def _promulgate(bill: Bill, *, actor, **ctx) -> None:
    bill.promulgated_on = act_date(ctx)
    bill.announcement_number = ctx["announcement_number"].strip()[:60]
    bill.effective_on = ctx["effective_on"]
    bill.gazette = (ctx.get("gazette") or "").strip()[:200]
    ensure_promulgated_text(bill=bill, actor=actor)


def _file(bill: Bill, *, note: str = "", **ctx) -> None:
    on = act_date(ctx)
    bill.filed_on = on
    deadline = filing_deadline(bill)
    bill.filing_late = bool(deadline and on > deadline)
    bill.filing_note = note
    _close(bill, on)


BILL_WORKFLOW = Workflow(
    name="legislation.bill",
    states=BillStatus,
    transitions=[
        Transition("refer", "交有关专门委员会审议", (BillStatus.PROPOSED,), BillStatus.REFERRED,
                   rule="LEG-AGENDA", allowed=perms.can_decide, guards=(proposer_ok, may_be_referred, note_given),
                   style="secondary", form=OnForm, next_hint="专门委员会审议后，由主任会议决定是否列入常委会会议议程。"),
        Transition("place_on_agenda", "列入常委会会议议程", (BillStatus.PROPOSED, BillStatus.REFERRED),
                   BillStatus.ON_AGENDA, rule="LEG-AGENDA", allowed=perms.can_decide,
                   guards=(proposer_ok, scope_ok, package_ok, agenda_date_ok), form=procedures.PlaceOnAgendaForm,
                   effect=_place_on_agenda,
                   next_hint="常委会会议审议后记录审议情况；一般经三次常委会会议审议后交付表决。"),
        Transition("decline", "不列入议程", (BillStatus.PROPOSED, BillStatus.REFERRED), BillStatus.NOT_LISTED,
                   rule="LEG-AGENDA", allowed=perms.can_decide, guards=(may_be_declined,), needs_note=True,
                   style="danger", form=procedures.DeclineForm, effect=_decline),
        Transition("withdraw", "提案人撤回", (BillStatus.PROPOSED, BillStatus.REFERRED), BillStatus.WITHDRAWN,
                   rule="LEG-WITHDRAW-BEFORE", allowed=perms.can_withdraw_before_listing, guards=(note_given,),
                   needs_note=True, style="danger", form=OnForm, effect=_closing),
        Transition("withdraw_listed", "同意提案人撤回",
                   (BillStatus.ON_AGENDA, BillStatus.IN_DELIBERATION, BillStatus.VOTE_PENDING, BillStatus.SHELVED,
                    BillStatus.DEFERRED), BillStatus.WITHDRAWN,
                   rule="LEG-WITHDRAW", allowed=perms.can_decide, guards=(note_given,), needs_note=True,
                   style="danger", form=OnForm, effect=_closing),
        Transition("deliberate", "记录审议", (BillStatus.ON_AGENDA, BillStatus.IN_DELIBERATION),
                   BillStatus.IN_DELIBERATION, rule="LEG-READINGS", allowed=perms.can_register,
                   guards=(has_reading,)),
        Transition("shelve", "搁置审议", (BillStatus.IN_DELIBERATION,), BillStatus.SHELVED,
                   rule="LEG-SHELVE", allowed=perms.can_decide, guards=(note_given,), needs_note=True,
                   style="secondary", form=OnForm, effect=act_dated("shelved_on"),
                   next_hint="搁置审议满两年未再列入议程的，由主任会议决定终止审议。"),
        Transition("resume", "恢复审议", (BillStatus.SHELVED, BillStatus.DEFERRED), BillStatus.IN_DELIBERATION,
                   rule="LEG-SHELVE", allowed=perms.can_decide, guards=(note_given,), style="secondary",
                   form=OnForm, effect=_resume),
        Transition("terminate", "终止审议", (BillStatus.SHELVED, BillStatus.DEFERRED), BillStatus.TERMINATED,
                   rule="LEG-SHELVE", allowed=perms.can_decide, guards=(shelved_long_enough,), needs_note=True,
                   style="danger", form=OnForm, effect=_closing),
        Transition("schedule_vote", "提请表决", (BillStatus.IN_DELIBERATION,), BillStatus.VOTE_PENDING,
                   rule="LEG-READINGS", allowed=perms.can_decide,
                   guards=(readings_complete, final_version_ready, comments_done, consultations_done, note_given,
                           procedures.disagreement_reported),
                   form=OnForm, next_hint="常委会全体会议表决后记录表决结果。"),
        Transition("pass", "表决通过", (BillStatus.VOTE_PENDING,), BillStatus.PASSED,
                   rule="LEG-VOTE", allowed=perms.can_register, guards=(vote_passed,), effect=_pass),
        Transition("fail", "表决未通过", (BillStatus.VOTE_PENDING,), BillStatus.FAILED,
                   rule="LEG-VOTE", allowed=perms.can_register, guards=(vote_failed,), style="danger", effect=_fail),
        Transition("defer", "暂不付表决", (BillStatus.VOTE_PENDING,), BillStatus.DEFERRED,
                   rule="LEG-SEPARATE-VOTE", allowed=perms.can_decide, guards=(note_given,), needs_note=True,
                   style="secondary", form=OnForm, effect=act_dated("deferred_on")),
        Transition("submit_for_approval", "报请省人大常委会批准", (BillStatus.PASSED,), BillStatus.AWAITING_APPROVAL,
                   rule="LEG-APPROVAL", allowed=perms.can_register, guards=(after_vote,), form=OnForm,
                   effect=_submit_for_approval, next_hint="省人大常委会应当在四个月内予以审查，决定批准的，记录批准。"),
        Transition("approve", "记录省人大常委会批准", (BillStatus.AWAITING_APPROVAL,), BillStatus.APPROVED,
                   rule="LEG-APPROVAL", allowed=perms.can_register, guards=(after_submission,), form=ApproveForm,
                   effect=_approve, next_hint="由常委会发布公告予以公布。"),
        Transition("promulgate", "发布公告予以公布", (BillStatus.APPROVED,), BillStatus.PROMULGATED,
                   rule="LEG-PROMULGATE", allowed=perms.can_register, guards=(after_approval,),
                   form=PromulgateForm, effect=_promulgate, next_hint="公布后三十日内报送备案。"),
        Transition("file", "报送备案", (BillStatus.PROMULGATED,), BillStatus.FILED,
                   rule="LEG-FILING", allowed=perms.can_register, guards=(after_promulgation,), form=OnForm,
                   effect=_file),
    ],
)

# Steps taken by the services that record what they need (a reading, a vote: `bill_record_reading`,
# `bill_record_vote`), from their own pages; never offered as buttons (posted without the record, the guards refuse).
RECORDED_ACTIONS = frozenset({"deliberate", "pass", "fail"})


# ---- comment periods ---------------------------------------------------------------------------------------
def period_elapsed(period, **ctx) -> None:
    on = act_date(ctx)
    if on < period.closes_on:
        minimum = rules.param(period.congress_id, "LEG-PUBLIC-COMMENT", "min_days")
        raise rules.violation(
            "LEG-PUBLIC-COMMENT",
            f"征求意见期至{fmt(period.closes_on)}届满，不能提前结束（一般不少于{minimum}日）",
        )


def _period_close(period, **ctx) -> None:
    period.closed_on = act_date(ctx)
    feedback = (ctx.get("feedback") or "").strip()
    if feedback:
        period.feedback = feedback


PERIOD_WORKFLOW = Workflow(
    name="legislation.comment_period",
    states=PeriodStatus,
    transitions=[
        Transition("close", "结束征求意见", (PeriodStatus.OPEN,), PeriodStatus.CLOSED,
                   rule="LEG-PUBLIC-COMMENT", allowed=perms.can_manage_period, guards=(period_elapsed,), style="secondary",
                   form=PeriodCloseForm, effect=_period_close),
    ],
)


# ---- consultations -----------------------------------------------------------------------------------------
def consultation_recorded(c: Consultation, **ctx) -> None:
    # A field left empty keeps what is recorded (effect `_hold`).
    participants = ctx.get("participants") or c.participants or ""
    minutes = ctx.get("minutes") or c.minutes or ""
    conclusions = ctx.get("conclusions") or c.conclusions or ""
    missing = [name for name, value in (("参加人员", participants), ("会议纪要", minutes), ("结论和意见", conclusions))
               if not value.strip()]
    if c.kind == ConsultationKind.EVALUATION:
        missing = [m for m in missing if m != "参加人员"]
    if missing:
        raise rules.violation("LEG-CONSULTATION", f"须记录{'、'.join(missing)}")
    on = act_date(ctx)
    if on < timezone.localtime(c.starts_at).date():
        raise rules.violation("LEG-CONSULTATION", f"举行日期早于安排的时间（{fmt(timezone.localtime(c.starts_at).date())}）")
    if c.kind == ConsultationKind.EVALUATION and c.bill.versions.filter(stage=Stage.FINAL).exists():
        raise rules.violation("LEG-EVALUATION", "法制委员会已提出草案表决稿和审议结果的报告，评估应在此前进行")


def consultation_reportable(c: Consultation, **ctx) -> None:
    on = act_date(ctx)
    if c.held_on and on < c.held_on:
        raise rules.violation("LEG-CONSULTATION", f"报告日期早于举行日期（{fmt(c.held_on)}）")


def _hold(c: Consultation, **ctx) -> None:
    for name in ("participants", "minutes", "conclusions"):
        if ctx.get(name):  # a field left empty keeps what was recorded (the participants named when arranged)
            setattr(c, name, ctx[name].strip())
    c.held_on = act_date(ctx)


CONSULTATION_WORKFLOW = Workflow(
    name="legislation.consultation",
    states=ConsultationStatus,
    transitions=[
        Transition("hold", "记录举行情况", (ConsultationStatus.PLANNED,), ConsultationStatus.HELD,
                   rule="LEG-CONSULTATION", allowed=lambda u, c: perms.can_manage_consultation(u, c),
                   guards=(consultation_recorded,), form=HoldForm, effect=_hold,
                   next_hint="举行后向常委会报告论证、听证或者评估情况。"),
        Transition("report", "已向常委会报告", (ConsultationStatus.HELD,), ConsultationStatus.REPORTED,
                   rule="LEG-CONSULTATION", allowed=lambda u, c: perms.can_manage_consultation(u, c),
                   guards=(consultation_reportable,), form=OnForm, effect=act_dated("reported_on")),
        Transition("cancel", "取消", (ConsultationStatus.PLANNED,), ConsultationStatus.CANCELLED,
                   rule="LEG-CONSULTATION", allowed=lambda u, c: perms.can_manage_consultation(u, c),
                   needs_note=True, style="danger", form=OnForm),
    ],
)


# ---- the legislative plan ----------------------------------------------------------------------------------
def plan_has_projects(plan: LegislativePlan, **ctx) -> None:
    projects = list(plan.projects.all())
    if not projects:
        raise rules.violation("LEG-PLAN-FLOW", "立法计划还没有任何项目")
    for p in projects:
        check_scope(plan.congress_id, p.subject_area, p.scope_override, p.scope_justification,
                    what=f"第 {p.number} 项《{p.title}》")
    act_date(ctx)


def _plan_publish(plan: LegislativePlan, **ctx) -> None:
    plan.published_on = act_date(ctx)
    if ctx.get("doc_number"):
        plan.doc_number = ctx["doc_number"].strip()[:40]


PLAN_WORKFLOW = Workflow(
    name="legislation.plan",
    states=LegislativePlanStatus,
    transitions=[
        Transition("adopt", "主任会议通过", (LegislativePlanStatus.DRAFTING, LegislativePlanStatus.REVISING), LegislativePlanStatus.ADOPTED,
                   rule="LEG-PLAN-FLOW", allowed=perms.can_adopt_plan, guards=(plan_has_projects,), form=OnForm,
                   effect=act_dated("adopted_on"), next_hint="办公厅、法制工作机构向社会公布立法计划。"),
        Transition("publish", "向社会公布", (LegislativePlanStatus.ADOPTED,), LegislativePlanStatus.PUBLISHED,
                   rule="LEG-PLAN-FLOW", allowed=lambda u, p: perms.can_draft_plan(u, p), guards=(plan_has_projects,),
                   form=PlanPublishForm, effect=_plan_publish),
        Transition("revise", "启动调整", (LegislativePlanStatus.ADOPTED, LegislativePlanStatus.PUBLISHED), LegislativePlanStatus.REVISING,
                   rule="LEG-PLAN-FLOW", allowed=lambda u, p: perms.can_draft_plan(u, p), needs_note=True,
                   style="secondary", form=OnForm),
    ],
)

PROPOSER_LABELS = dict(ProposerKind.choices)


# ---- the public feedback notice (立法法 第四十条) ------------------------------------------------------------------
_PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")


def notice_has_no_personal_data(notice, **ctx) -> None:
    text = f"{notice.title}\n{notice.body}"
    if _PHONE.search(text) or _EMAIL.search(text) or _ID_NUMBER.search(text):
        raise rules.violation("LEG-COMMENT-FEEDBACK", "通报中含有电话号码、电子邮箱或者身份证号码等个人信息，请删除后再公布")


def notice_period_closed(notice, **ctx) -> None:
    running = CommentPeriod.objects.filter(version_id=notice.version_id, status=PeriodStatus.OPEN).first()
    if running is not None:
        raise rules.violation("LEG-COMMENT-FEEDBACK",
                              f"征求意见至{fmt(running.closes_on)}结束，结束后方可通报征求意见的情况")


def notice_not_empty(notice, **ctx) -> None:
    if not notice.body.strip():
        raise rules.violation("LEG-COMMENT-FEEDBACK", "通报正文不能为空")


NOTICE_WORKFLOW = Workflow(
    name="legislation.feedback_notice",
    states=NoticeStatus,
    transitions=[
        Transition("publish", "向社会公布", (NoticeStatus.DRAFT,), NoticeStatus.PUBLISHED,
                   rule="LEG-COMMENT-FEEDBACK", allowed=perms.can_publish_notice,
                   guards=(notice_not_empty, notice_period_closed, notice_has_no_personal_data),
                   effect=act_dated("published_on"), next_hint="通报在门户网站公布，公众可以查看。"),
        Transition("withdraw", "撤回", (NoticeStatus.PUBLISHED,), NoticeStatus.WITHDRAWN,
                   rule="LEG-COMMENT-FEEDBACK", allowed=perms.can_publish_notice, needs_note=True, style="danger"),
        Transition("redraft", "重新编辑", (NoticeStatus.WITHDRAWN,), NoticeStatus.DRAFT,
                   rule="LEG-COMMENT-FEEDBACK", allowed=perms.can_manage_notice, style="secondary"),
    ],
)
