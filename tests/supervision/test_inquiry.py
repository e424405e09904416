"""Special inquiry (监督法 第四十七条至第五十条), interpellation (第五十一条至第五十四条; 组织法 第五十三条) and
special-question investigation (第五十五条至第五十九条; 组织法 第五十八条), with the counts at their edges."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from tests.supervision.conftest import D, make_interpellation

from renda.core.errors import RuleViolation
from renda.core.models import Congress, Position
from renda.supervision import services as svc
from renda.supervision.models import InterpStatus

pytestmark = pytest.mark.django_db
DAY = D(2026, 10, 30)


def submit(c, interp, actor=None, on=DAY):
    return svc.interpellation_transition(actor=actor or c.clerk, interpellation=interp, action="submit", on=on)


# ---- special inquiry ----------------------------------------------------------------------------------------
def test_special_inquiry_questions_answers_opinions_and_handling(sup):
    inq = svc.inquiry_create(actor=sup.committee, title="围绕水环境综合治理开展专题询问", lead_body=sup.city.bodies["cjhb"],
                             organ=sup.gov, meeting_date=D(2026, 6, 24), form="joint")
    inq = svc.inquiry_transition(actor=sup.committee, inquiry=inq, action="hold", on=D(2026, 6, 24))
    with pytest.raises(RuleViolation) as exc:
        svc.inquiry_transition(actor=sup.clerk, inquiry=inq, action="send_opinions")
    assert exc.value.rule.id == "SUP-INQUIRY-FLOW" and "尚未记录询问和回答" in exc.value.message
    with pytest.raises(ValidationError):  # askers are members of the standing committee
        svc.inquiry_add_question(actor=sup.committee, inquiry=inq, asker=sup.city.deputies[15].person, question="问",
                                 answerer_name="王", answerer_title="副市长", answer="答")
    with pytest.raises(RuleViolation):  # who answered must be recorded (负责人到会回答, 第四十七条)
        svc.inquiry_add_question(actor=sup.committee, inquiry=inq, asker=sup.sc_members[6], question="问",
                                 answerer_name="", answerer_title="", answer="答")
    q = svc.inquiry_add_question(actor=sup.committee, inquiry=inq, asker=sup.sc_members[6], question="雨污分流何时完成？",
                                 answerer_name="王建国", answerer_title="副市长", answerer_org=sup.gov,
                                 answer="三年内基本完成。")
    assert q.number == 1
    svc.inquiry_set_opinions(actor=sup.committee, inquiry=inq, opinions="制定三年行动计划。", lock_version=inq.lock_version)
    inq = svc.inquiry_transition(actor=sup.clerk, inquiry=inq, action="send_opinions", on=D(2026, 6, 30))
    assert inq.handling_due == D(2026, 8, 31)  # two months: 08-30 is a Sunday, so the next working day
    with pytest.raises(PermissionDenied):
        svc.inquiry_transition(actor=sup.unit_user, inquiry=inq, action="submit_handling", text="x")
    inq = svc.inquiry_transition(actor=sup.gov_user, inquiry=inq, action="submit_handling", on=D(2026, 9, 1),
                                 text="研究处理情况报告")
    assert inq.handling_late and inq.status == "handled"
    svc.inquiry_add_follow_up(actor=sup.committee, inquiry=inq, text="跟踪了解行动计划编制。")
    assert svc.inquiry_transition(actor=sup.clerk, inquiry=inq, action="close").status == "closed"


# ---- interpellation -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("signers", "ok"), [(4, False), (5, True)])
def test_interpellation_needs_five_members_in_a_city(sup, signers, ok):
    interp = make_interpellation(sup, signers=signers)
    if ok:
        assert submit(sup, interp).status == InterpStatus.SUBMITTED
        return
    with pytest.raises(RuleViolation) as exc:
        submit(sup, interp)
    assert exc.value.rule.id == "SUP-INTERP-SIGNERS"
    assert "联名人数为 4 人，须 5 人以上" in exc.value.message and "《监督法》第五十一条第一款" in exc.value.message


def test_a_county_needs_three(sup):
    Congress.objects.filter(pk=sup.other.congress.pk).update(level="county")
    o = sup.other
    interp = svc.interpellation_create(actor=sup.outsider_clerk, title="质询案", target=o.units["市水务局"],
                                       questions="问题", content="内容", meeting_date=DAY)
    members = [o.director, *o.vice_chairs, o.secretary_general, *o.members]
    for p in members[3:5]:
        svc.interpellation_sign(actor=sup.outsider_clerk, interpellation=interp, person=p, on=DAY)
    with pytest.raises(RuleViolation) as exc:
        submit(sup, interp, actor=sup.outsider_clerk)
    assert "须 3 人以上" in exc.value.message
    svc.interpellation_sign(actor=sup.outsider_clerk, interpellation=interp, person=members[5], on=DAY)
    assert submit(sup, interp, actor=sup.outsider_clerk).status == "submitted"


def test_interpellation_is_written_during_a_meeting_by_members_in_post(sup):
    interp = make_interpellation(sup, signers=5)
    with pytest.raises(RuleViolation) as exc:
        submit(sup, interp, on=D(2026, 11, 2))  # the meeting ran 10-30 and 10-31
    assert exc.value.rule.id == "SUP-INTERP-SESSION" and "《组织法》第五十三条第一款" in exc.value.message
    signer = interp.signers.first().person
    Position.objects.filter(person=signer, organization__kind="standing_committee").update(end_date=DAY)
    with pytest.raises(RuleViolation) as exc:
        submit(sup, interp, on=D(2026, 10, 31))
    assert f"{signer.name}在 2026-10-31 不是常务委员会组成人员" in exc.value.message
    with pytest.raises(ValidationError):  # a deputy who is not a member cannot sign
        svc.interpellation_sign(actor=sup.clerk, interpellation=interp, person=sup.city.deputies[15].person, on=DAY)
    with pytest.raises(ValidationError):  # the target must be an organ or a government department
        svc.interpellation_create(actor=sup.clerk, title="x", target=sup.city.bodies["cjw"], questions="q",
                                  content="c", meeting_date=DAY)


def test_members_sign_themselves_and_the_chairs_council_decides_the_answer(sup):
    interp = make_interpellation(sup, signers=4)
    with pytest.raises(PermissionDenied):  # a member signs only for themselves
        svc.interpellation_sign(actor=sup.member, interpellation=interp, person=sup.sc_members[1], on=DAY)
    svc.interpellation_sign(actor=sup.member, interpellation=interp, on=DAY)
    interp = submit(sup, interp, actor=sup.member)
    with pytest.raises(PermissionDenied):
        svc.interpellation_transition(actor=sup.committee,
                                      interpellation=interp, action="decide", answer_mode="written")
    with pytest.raises(RuleViolation) as exc:
        svc.interpellation_transition(actor=sup.leader, interpellation=interp, action="decide", answer_mode="")
    assert exc.value.rule.id == "SUP-INTERP-DECIDE"
    with pytest.raises(RuleViolation):
        svc.interpellation_transition(actor=sup.leader, interpellation=interp, action="decide",
                                      answer_mode="oral_committee", committee=sup.city.bodies["fgw"])
    interp = svc.interpellation_transition(actor=sup.leader, interpellation=interp, action="decide",
                                           answer_mode="oral_committee", committee=sup.city.bodies["cjhb"])
    assert (interp.round, interp.committee) == (1, sup.city.bodies["cjhb"])


def test_the_answer_is_given_or_signed_by_the_head_of_the_organ(sup):
    interp = submit(sup, make_interpellation(sup, signers=5))
    interp = svc.interpellation_transition(actor=sup.leader, interpellation=interp, action="decide",
                                           answer_mode="written")
    with pytest.raises(RuleViolation) as exc:
        svc.interpellation_transition(actor=sup.unit_user, interpellation=interp, action="answer", text="答复",
                                      answerer_name="张三", answerer_title="办公室主任", is_head=False)
    assert exc.value.rule.id == "SUP-INTERP-ANSWER" and "签署人须为受质询机关的负责人" in exc.value.message
    with pytest.raises(PermissionDenied):
        svc.interpellation_transition(actor=sup.other_unit_user, interpellation=interp, action="answer", text="答复",
                                      answerer_name="李四", answerer_title="局长", is_head=True)
    interp = svc.interpellation_transition(actor=sup.unit_user, interpellation=interp, action="answer", text="答复",
                                           answerer_name="赵志强", answerer_title="市水务局局长", is_head=True)
    assert interp.status == "answered"


@pytest.mark.parametrize(("unsatisfied", "allowed"), [(3, False), (4, True)])
def test_a_new_answer_needs_more_than_half_of_the_proposers_unsatisfied(sup, unsatisfied, allowed):
    interp = submit(sup, make_interpellation(sup, signers=6))
    interp = svc.interpellation_transition(actor=sup.leader, interpellation=interp, action="decide",
                                           answer_mode="written")
    interp = svc.interpellation_transition(actor=sup.unit_user, interpellation=interp, action="answer", text="答复",
                                           answerer_name="赵志强", answerer_title="市水务局局长", is_head=True)
    for i, s in enumerate(interp.signers.order_by("id")):
        svc.interpellation_rate(actor=sup.clerk, interpellation=interp, person=s.person, satisfied=i >= unsatisfied)
    if not allowed:
        with pytest.raises(RuleViolation) as exc:  # exactly half is not "过半数" (监督法 第五十三条)
            svc.interpellation_transition(actor=sup.clerk, interpellation=interp, action="demand_reanswer")
        assert exc.value.rule.id == "SUP-INTERP-REANSWER"
        assert "6 名组成人员中有 3 名对答复不满意，未过半数" in exc.value.message
        assert svc.interpellation_transition(actor=sup.leader, interpellation=interp, action="close").status == "closed"
        return
    interp = svc.interpellation_transition(actor=sup.clerk, interpellation=interp, action="demand_reanswer")
    assert interp.status == InterpStatus.REANSWER
    interp = svc.interpellation_transition(actor=sup.leader, interpellation=interp, action="decide",
                                           answer_mode="oral_plenary")
    assert (interp.status, interp.round) == ("decided", 2)  # the 主任会议 decides the new answer


def test_only_proposers_rate_and_only_after_the_answer(sup):
    interp = make_interpellation(sup, signers=4)
    svc.interpellation_sign(actor=sup.member, interpellation=interp, on=DAY)
    interp = submit(sup, interp)
    with pytest.raises(RuleViolation):
        svc.interpellation_rate(actor=sup.member, interpellation=interp, satisfied=False)
    interp = svc.interpellation_transition(actor=sup.leader, interpellation=interp, action="decide",
                                           answer_mode="written")
    interp = svc.interpellation_transition(actor=sup.clerk, interpellation=interp, action="answer", text="答复",
                                           answerer_name="赵志强", answerer_title="局长", is_head=True)
    rating = svc.interpellation_rate(actor=sup.member, interpellation=interp, satisfied=False)
    assert rating.person == sup.member.person and rating.round == 1
    with pytest.raises(ValidationError):
        svc.interpellation_rate(actor=sup.clerk, interpellation=interp, person=sup.sc_members[0], satisfied=True)


# ---- special-question investigation ------------------------------------------------------------------------
@pytest.mark.parametrize(("count", "ok"), [(2, False), (3, True)])
def test_one_fifth_of_the_members_may_propose_an_investigation(sup, count, ok):
    proposers = sup.sc_members[4:4 + count]  # 11 members: one fifth is 2.2, so three are needed
    if not ok:
        with pytest.raises(RuleViolation) as exc:
            svc.investigation_propose(actor=sup.clerk, title="调查", matter="重大事实不清", proposer_kind="members",
                                      proposers=proposers, proposed_on=DAY)
        assert exc.value.rule.id == "SUP-INVEST-PROPOSE"
        assert "2 人，不足全体组成人员 11 人的五分之一" in exc.value.message
        return
    inv = svc.investigation_propose(actor=sup.clerk, title="调查", matter="重大事实不清", proposer_kind="members",
                                    proposers=proposers, proposed_on=DAY)
    assert inv.proposers.count() == 3


def test_investigation_by_the_chairs_council_committee_report_and_decision(sup):
    with pytest.raises(PermissionDenied):
        svc.investigation_propose(actor=sup.member, title="调查", matter="事实", proposer_kind="chairs_council")
    inv = svc.investigation_propose(actor=sup.leader, title="关于某项目资金使用问题的调查", matter="重大事实不清",
                                    proposer_kind="chairs_council", proposed_on=DAY)
    with pytest.raises(RuleViolation) as exc:
        svc.investigation_transition(actor=sup.leader, investigation=inv, action="establish")
    assert exc.value.rule.id == "SUP-INVEST-COMMITTEE"
    svc.investigation_add_member(actor=sup.clerk, investigation=inv, role="chair", person=sup.city.vice_chairs[1])
    svc.investigation_add_member(actor=sup.clerk, investigation=inv, role="member", person=sup.city.deputies[15].person)
    svc.investigation_add_member(actor=sup.clerk, investigation=inv, role="expert", name="审计专家甲")
    with pytest.raises(RuleViolation):  # neither a member nor a deputy
        from renda.core.models import Person

        outsider = Person.objects.create(congress=sup.congress, name="局外人")
        svc.investigation_add_member(actor=sup.clerk, investigation=inv, role="member", person=outsider)
    inv = svc.investigation_transition(actor=sup.leader, investigation=inv, action="establish", on=D(2026, 11, 5))
    with pytest.raises(RuleViolation):
        svc.investigation_transition(actor=sup.clerk, investigation=inv, action="report", text="")
    inv = svc.investigation_transition(actor=sup.clerk, investigation=inv, action="report", text="调查报告")
    inv = svc.investigation_transition(actor=sup.leader, investigation=inv, action="decide", text="作出决议")
    assert inv.status == "decided"
