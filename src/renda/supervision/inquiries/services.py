"""Writes of special inquiries and interpellations. The inquiry's cycle after the meeting is in
supervision.cycle.services."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from renda.core import audit, rules
from renda.core.models import Organization, Person
from renda.core.writes import known_fields, save_new
from renda.supervision import checks
from renda.supervision import permissions as perms
from renda.supervision.inquiries.workflow import INQUIRY_WORKFLOW, INTERP_WORKFLOW
from renda.supervision.models import (
    Inquiry,
    InquiryQuestion,
    InquiryStatus,
    Interpellation,
    InterpellationRating,
    InterpellationSigner,
    InterpStatus,
)

# ---- inquiries ------------------------------------------------------------------------------------------
INQUIRY_FIELDS = ["title", "topic", "lead_body", "organ", "workplan_item", "form", "report", "inspection",
                  "meeting_title", "meeting_date", "year"]


@transaction.atomic
def inquiry_create(*, actor, title: str, lead_body: Organization, organ: Organization, **data) -> Inquiry:
    checks.require(perms.can_create_report(actor), "只有办公厅或委员会工作人员可以组织专题询问。")
    known_fields(data, INQUIRY_FIELDS, "inquiry")
    checks.own_committee(actor, lead_body, "委员会工作人员只能组织本委员会负责的专题询问。")
    cid = actor.congress_id
    checks.body(cid, lead_body)
    checks.organ(cid, organ, label="应询机关")
    meeting_date = data.get("meeting_date")
    data.setdefault("year", meeting_date.year if meeting_date else checks.today().year)
    checks.workplan_item(cid, data.get("workplan_item"), "inquiry", data["year"])
    for name, label in (("report", "结合审议的报告"), ("inspection", "结合审议的执法检查报告")):
        checks.same_congress(cid, data.get(name), name, label)
    inq = Inquiry(congress_id=cid, title=checks.clean(title), lead_body=lead_body, organ=organ, created_by=actor,
                  **data)
    return save_new(inq, actor=actor)


@transaction.atomic
def inquiry_add_question(*, actor, inquiry: Inquiry, asker: Person, question: str, answerer_name: str,
                         answerer_title: str, answer: str, answerer_org: Organization | None = None
                         ) -> InquiryQuestion:
    inq = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    checks.require(perms.can_manage_inquiry(actor, inq), "您没有记录询问的权限。")
    if inq.status != InquiryStatus.HELD:
        raise rules.violation("SUP-INQUIRY-FLOW", f"专题询问处于「{inq.get_status_display()}」状态，不能记录询问和回答")
    checks.person_in(inq.congress_id, asker, "asker")
    checks.member_on(inq.congress_id, asker, inq.held_on or checks.today(), "asker")
    if answerer_org is not None:
        checks.same_congress(inq.congress_id, answerer_org, "answerer_org", "应询单位")
        if answerer_org.organ() is None:
            raise ValidationError({"answerer_org": "应询单位须为一府一委两院或政府工作部门。"})
    if not checks.clean(answerer_name) or not checks.clean(answerer_title):
        raise rules.violation("SUP-INQUIRY-FLOW", "须记录回答询问的负责人姓名和职务")
    number = (inq.questions.aggregate(m=Max("number"))["m"] or 0) + 1
    q = InquiryQuestion(congress_id=inq.congress_id, inquiry=inq, number=number, asker=asker,
                        question=checks.clean(question), answerer_name=checks.clean(answerer_name),
                        answerer_title=checks.clean(answerer_title), answerer_org=answerer_org,
                        answer=checks.clean(answer))
    q.full_clean()
    q.save()
    audit.record(actor=actor, action="question", obj=inq,
                 after={"number": number, "asker": asker.name, "answerer": q.answerer_name})
    return q



def inquiry_transition(*, actor, inquiry: Inquiry, action: str, note: str = "", **ctx) -> Inquiry:
    return INQUIRY_WORKFLOW.apply(inquiry, action, actor=actor, note=note, **ctx)


# ---- interpellations ------------------------------------------------------------------------------------
INTERP_FIELDS = ["title", "target", "questions", "content", "meeting_title", "meeting_date", "meeting_end_date"]


def _check_target(congress_id: int, target: Organization | None) -> None:
    if target is None:
        raise ValidationError({"target": "请选择质询对象。"})
    checks.same_congress(congress_id, target, "target", "质询对象")
    if target.kind not in (*Organization.ORGAN_KINDS, Organization.Kind.GOV_DEPARTMENT) or target.organ() is None:
        raise ValidationError({"target": "质询对象须为本级人民政府及其工作部门、监察委员会、人民法院或者人民检察院。"})


@transaction.atomic
def interpellation_create(*, actor, title: str, target: Organization, questions: str, content: str,
                          meeting_title: str = "", meeting_date: dt.date | None = None,
                          meeting_end_date: dt.date | None = None) -> Interpellation:
    checks.require(perms.can_create_interpellation(actor), "只有常委会组成人员或办公厅可以起草质询案。")
    _check_target(actor.congress_id, target)
    interp = Interpellation(congress_id=actor.congress_id, title=checks.clean(title), target=target,
                            organ=target.organ(), questions=checks.clean(questions), content=checks.clean(content),
                            meeting_title=checks.clean(meeting_title), meeting_date=meeting_date,
                            meeting_end_date=meeting_end_date, created_by=actor)
    if meeting_end_date and meeting_date and meeting_end_date < meeting_date:
        raise ValidationError({"meeting_end_date": "会议结束日期不能早于开始日期。"})
    save_new(interp, actor=actor)
    if actor.role == "member" and actor.person_id:
        interpellation_sign(actor=actor, interpellation=interp, on=meeting_date)
    return interp


@transaction.atomic
def interpellation_sign(*, actor, interpellation: Interpellation, person: Person | None = None,
                        on: dt.date | None = None) -> InterpellationSigner:
    interp = Interpellation.objects.select_for_update().get(pk=interpellation.pk)
    checks.require(perms.can_sign_interpellation(actor, interp), "只有常委会组成人员本人可以联名。")
    person = checks.signer(actor, person)
    if interp.status != InterpStatus.DRAFTING:
        raise rules.violation("SUP-INTERP-SIGNERS", "质询案已经提出，不能再联名")
    day = checks.signed_on(interp.congress_id, person, on)
    signer, created = InterpellationSigner.objects.get_or_create(
        interpellation=interp, person=person, defaults={"congress_id": interp.congress_id, "signed_on": day},
    )
    if created:
        audit.record(actor=actor, action="sign", obj=interp, after={"person": person.name, "date": day})
    return signer


@transaction.atomic
def interpellation_rate(*, actor, interpellation: Interpellation, satisfied: bool,
                        person: Person | None = None) -> InterpellationRating:
    interp = Interpellation.objects.select_for_update().get(pk=interpellation.pk)
    if actor.role == "member":
        if person is not None and person.pk != actor.person_id:
            raise PermissionDenied("提案人只能评价本人对答复的意见。")
        person = actor.person
    checks.require(perms.is_office(actor, interp) or perms.is_signer(actor, interp),
             "只有提质询案的组成人员可以评价答复。")
    if interp.status != InterpStatus.ANSWERED:
        raise rules.violation("SUP-INTERP-REANSWER", "受质询机关答复后，提案人方可表示是否满意")
    if person is None or not interp.signers.filter(person=person).exists():
        raise ValidationError({"person": "只有提质询案的组成人员可以评价答复。"})
    rating, _ = InterpellationRating.objects.update_or_create(
        interpellation=interp, round=interp.round, person=person,
        defaults={"congress_id": interp.congress_id, "satisfied": bool(satisfied)},
    )
    audit.record(actor=actor, action="rating", obj=interp,
                 after={"person": person.name, "round": interp.round, "satisfied": bool(satisfied)})
    return rating


def interpellation_transition(*, actor, interpellation: Interpellation, action: str, note: str = "", **ctx):
    on = ctx.get("on") or checks.today()
    return INTERP_WORKFLOW.apply(interpellation, action, actor=actor, note=note, **{**ctx, "on": on})


def interpellation_step(*, actor, obj: Interpellation, action: str, committee=None, **data):
    """A step taken on the page or through /api/v1/workflow: the committee is looked up within the congress."""
    if committee is not None:
        committee = Organization.objects.filter(pk=committee, congress_id=obj.congress_id).first()
    return interpellation_transition(actor=actor, interpellation=obj, action=action, committee=committee, **data)
