"""Writes of the opinion → handling report → rating cycle, the same for every object that has it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from renda.core import audit, rules, thresholds
from renda.core.models import Person, Position
from renda.supervision import checks
from renda.supervision import permissions as perms
from renda.supervision.models import (
    FollowUp,
    Inquiry,
    InquiryStatus,
    Inspection,
    InspectionStatus,
    RatingResult,
    Remark,
    Report,
    ReportStatus,
    SatisfactionRating,
)


@dataclass(frozen=True)
class Cycle:
    """How one kind of object goes through the cycle."""

    model: type
    fk: str  # the name of its foreign key on Remark / FollowUp
    label: str  # "报告" …, in refusals
    rule: str  # the rule of its process, for steps out of order
    can_manage: Callable[..., bool]
    remark_states: tuple = ()
    opinions_states: tuple = ()
    follow_up_states: tuple = ()
    opinions_label: str = "审议意见"
    opinions_after: str = "审议后"

    def stage(self, obj, states, message: str, rule: str | None = None) -> None:
        if obj.status not in states:
            raise rules.violation(rule or self.rule, f"{self.label}处于「{obj.get_status_display()}」状态，{message}")


CYCLES = {
    "report": Cycle(
        model=Report, fk="report", label="报告", rule="SUP-REPORT-FLOW", can_manage=perms.can_manage_report,
        remark_states=(ReportStatus.DISTRIBUTED, ReportStatus.DELIBERATED),
        opinions_states=(ReportStatus.DELIBERATED,),
        follow_up_states=(ReportStatus.OPINIONS_SENT, ReportStatus.HANDLED, ReportStatus.PUBLISHED)),
    "inspection": Cycle(
        model=Inspection, fk="inspection", label="执法检查", rule="SUP-INSP-FLOW",
        can_manage=perms.can_manage_inspection,
        remark_states=(InspectionStatus.REPORTED, InspectionStatus.DELIBERATED),
        opinions_states=(InspectionStatus.DELIBERATED,)),
    "inquiry": Cycle(
        model=Inquiry, fk="inquiry", label="专题询问", rule="SUP-INQUIRY-FLOW", can_manage=perms.can_manage_inquiry,
        opinions_states=(InquiryStatus.HELD,),
        follow_up_states=(InquiryStatus.OPINIONS_SENT, InquiryStatus.HANDLED, InquiryStatus.CLOSED),
        opinions_label="询问意见", opinions_after="专题询问举行后"),
}


def cycle_of(obj) -> Cycle:
    return next(c for c in CYCLES.values() if isinstance(obj, c.model))


def _locked(obj):
    return type(obj).objects.select_for_update().get(pk=obj.pk)


@transaction.atomic
def add_remark(*, actor, obj, person: Person, text: str, date: dt.date | None = None) -> Remark:
    """A member's remark at the deliberation."""
    cycle = cycle_of(obj)
    obj = _locked(obj)
    checks.require(cycle.can_manage(actor, obj), "您没有登记审议发言的权限。")
    cycle.stage(obj, cycle.remark_states, "不能登记审议发言")
    checks.person_in(obj.congress_id, person)
    day = date or obj.meeting_date or checks.today()
    checks.member_on(obj.congress_id, person, day)
    remark = Remark(congress_id=obj.congress_id, person=person, text=checks.clean(text), date=day,
                    **{cycle.fk: obj})
    remark.full_clean()
    remark.save()
    audit.record(actor=actor, action="remark", obj=obj, after={"person": person.name, "text": remark.text[:200]})
    return remark


def compile_opinions(remarks) -> str:
    """A first draft of the deliberation opinions: the members' remarks, numbered, by speaker."""
    return "\n".join(f"{n}. {r.text.strip()}（{r.person.name}）" for n, r in enumerate(remarks, start=1))


@transaction.atomic
def set_opinions(*, actor, obj, opinions: str, lock_version: int | None = None):
    """Save the opinions; `lock_version` is the version the editor read (a missing or stale one is refused)."""
    cycle = cycle_of(obj)
    obj = _locked(obj)
    checks.require(cycle.can_manage(actor, obj), f"您没有汇总{cycle.opinions_label}的权限。")
    cycle.stage(obj, cycle.opinions_states, f"{cycle.opinions_label}须在{cycle.opinions_after}、交办前汇总")
    checks.versioned(obj, lock_version, f"{cycle.opinions_label}已被他人修改并保存：请刷新页面，在最新内容的基础上修改后"
                                        "再保存（您这次提交的文本未保存）。")
    before = audit.snapshot(obj, ["opinions"])
    obj.opinions = checks.clean(opinions)
    obj.lock_version += 1
    fields = {f.name for f in obj._meta.concrete_fields}
    obj.save(update_fields=[f for f in ("opinions", "lock_version", "updated_at") if f in fields])
    audit.record(actor=actor, action="update", obj=obj, before=before, after=audit.snapshot(obj, ["opinions"]))
    return obj


@transaction.atomic
def add_follow_up(*, actor, obj, text: str, date: dt.date | None = None) -> FollowUp:
    cycle = cycle_of(obj)
    obj = _locked(obj)
    checks.require(cycle.can_manage(actor, obj), "您没有登记跟踪监督的权限。")
    if obj.status not in cycle.follow_up_states:
        raise rules.violation("SUP-FOLLOWUP", f"跟踪监督在{cycle.opinions_label}交办后进行")
    f = FollowUp(congress_id=obj.congress_id, date=date or checks.today(), text=checks.clean(text), created_by=actor,
                 **{cycle.fk: obj})
    f.full_clean()
    f.save()
    audit.record(actor=actor, action="follow_up", obj=obj, rule=rules.get("SUP-FOLLOWUP"),
                 after={"date": f.date, "text": f.text[:200]})
    return f


def rating_result(congress_id: int, *, satisfied: int, basically_satisfied: int, unsatisfied: int) -> tuple[str, float]:
    threshold = float(rules.param(congress_id, "SUP-RATING", "threshold"))
    valid = satisfied + basically_satisfied + unsatisfied
    approving = satisfied + basically_satisfied
    # "超过" the threshold: strictly more (approving / valid > threshold), decided in integers (0.58 is 29/50).
    ok = thresholds.exceeds(approving, valid, threshold)
    return (RatingResult.SATISFIED if ok else RatingResult.UNSATISFIED), threshold


@transaction.atomic
def rate(*, actor, report: Report, satisfied: int, basically_satisfied: int, unsatisfied: int,
         invalid: int = 0, rated_on: dt.date | None = None) -> SatisfactionRating:
    """The members' satisfaction with the organ's handling report (监督法 第十七条)."""
    report = _locked(report)
    checks.require(perms.is_office(actor, report), "满意度测评结果由办公厅登记。")
    if report.status not in (ReportStatus.HANDLED, ReportStatus.PUBLISHED):
        raise rules.violation("SUP-RATING", "满意度测评在报告机关提出研究处理情况报告后进行")
    if SatisfactionRating.objects.filter(report=report).exists():
        raise rules.violation("SUP-RATING", "该报告已经进行满意度测评")
    counts = {"satisfied": satisfied, "basically_satisfied": basically_satisfied, "unsatisfied": unsatisfied,
              "invalid": invalid}
    for name, value in counts.items():
        if not isinstance(value, int) or value < 0:
            raise ValidationError({name: "票数须为非负整数。"})
    day = rated_on or checks.today()
    total = len(Position.standing_committee_ids_on(report.congress_id, day))
    cast = satisfied + basically_satisfied + unsatisfied + invalid
    if cast > total:
        raise rules.violation("SUP-RATING", f"票数合计 {cast} 超过组成人员数 {total}")
    result, threshold = rating_result(report.congress_id, satisfied=satisfied,
                                      basically_satisfied=basically_satisfied, unsatisfied=unsatisfied)
    rating = SatisfactionRating(congress_id=report.congress_id, report=report, rated_on=day, members_total=total,
                                threshold=threshold, result=result, **counts)
    rating.full_clean()
    rating.save()
    audit.record(actor=actor, action="rating", obj=report, rule=rules.get("SUP-RATING"),
                 after={**counts, "members_total": total, "threshold": threshold, "result": result})
    return rating


# The names the module's callers have always used (renda.supervision.services re-exports them).
def _for(fn, param: str):
    def call(*, actor, **data):
        return fn(actor=actor, obj=data.pop(param), **data)

    call.__name__ = f"{param}_{fn.__name__}"
    return call


report_add_remark = _for(add_remark, "report")
inspection_add_remark = _for(add_remark, "inspection")
report_set_opinions = _for(set_opinions, "report")
inspection_set_opinions = _for(set_opinions, "inspection")
inquiry_set_opinions = _for(set_opinions, "inquiry")
report_add_follow_up = _for(add_follow_up, "report")
inquiry_add_follow_up = _for(add_follow_up, "inquiry")
report_rate = rate
