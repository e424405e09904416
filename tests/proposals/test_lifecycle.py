"""One suggestion from submission to the deputy's 满意, every deadline on a calendar with holidays."""

import datetime as dt

import pytest

from renda.core.errors import RuleViolation
from renda.core.models import HolidayDate
from renda.core.roles import Role
from renda.demo.builders import make_user
from renda.proposals import services
from renda.proposals.models import Assignment, AssignmentStatus, Category, Rating, Status
from renda.proposals.models import Role as R

pytestmark = pytest.mark.django_db
D = dt.date


def holidays(congress):
    # 国庆 1–7 October (Thursday to Wednesday) and an extra day off on Wednesday 30 December.
    days = [D(2026, 10, d) for d in range(1, 8)] + [D(2026, 12, 30)]
    HolidayDate.objects.bulk_create(
        [HolidayDate(congress=congress, date=d, kind=HolidayDate.Kind.HOLIDAY, name="假日") for d in days]
    )


def test_suggestion_lifecycle_with_return_reassignment_and_rehandling(cast):
    c = cast
    holidays(c.congress)
    units = c.city.units
    finance_user = make_user("finance", c.password, congress=c.congress, role=Role.UNIT, display_name="财政局",
                             organization=units["市财政局"])
    lead_dep, co_dep = c.city.deputies[-1], c.city.deputies[-2]
    co_user = make_user("co_dep", c.password, congress=c.congress, role=Role.DEPUTY, display_name="联名",
                        person=co_dep.person)

    # Submission on Tuesday 29 September with a co-signer, who confirms.
    p = services.proposal_submit(
        actor=c.deputy, title="关于加快老旧小区雨污分流改造的建议", category=Category.WATER,
        content="我市部分老旧小区仍为雨污合流，雨季污水外溢，建议制定改造计划并落实资金。",
        cosigners=[co_dep], received_on=D(2026, 9, 29))
    assert p.status == Status.DRAFT and p.lead_deputy == lead_dep
    # 5 working days: 30 Sep, (holidays 1–7 Oct), 8, 9, 12, 13 Oct.
    assert p.assign_due == D(2026, 10, 13)
    services.cosigner_confirm(actor=co_user, proposal=p)
    p.refresh_from_db()
    assert p.status == Status.SUBMITTED

    # 交办 on 30 September: 市教育局 主办 (wrongly), 市水务局 协办.
    p = services.proposal_assign(actor=c.clerk, proposal=p, today=D(2026, 9, 30), units=[
        (units["市教育局"], R.LEAD, ""), (units["市水务局"], R.ASSIST, "")])
    assert p.status == Status.ASSIGNED
    edu = Assignment.objects.get(proposal=p, unit=units["市教育局"])
    water = Assignment.objects.get(proposal=p, unit=units["市水务局"])
    assert edu.return_due == D(2026, 10, 14)  # 5 working days: 8, 9, 12, 13, 14 Oct
    assert water.opinion_due == D(2026, 10, 30)  # one month
    assert edu.reply_due == D(2026, 12, 31)  # three months: 30 Dec is a day off, so the next working day
    assert p.reply_due == D(2026, 12, 31)

    # A return request after the 5 working days is refused by the rule; the 教育局's in time is accepted.
    with pytest.raises(RuleViolation) as exc:
        services.return_request(actor=c.unit_user, assignment=water, reason="不属于本单位职责范围", today=D(2026, 10, 15))
    assert exc.value.rule.id == "PR-RETURN"
    services.return_request(actor=c.other_unit_user, assignment=edu, reason="雨污分流改造不属于教育部门职责",
                            today=D(2026, 10, 9))
    finance = services.return_decide(actor=c.clerk, assignment=edu, accept=True, new_unit=units["市财政局"],
                                     today=D(2026, 10, 12))
    edu.refresh_from_db()
    assert edu.status == AssignmentStatus.RETURNED
    assert finance.role == R.LEAD and finance.assigned_on == D(2026, 10, 12)
    assert finance.return_due == D(2026, 10, 19)
    assert finance.reply_due == D(2027, 1, 12)
    p.refresh_from_db()
    assert p.reply_due == D(2027, 1, 12)

    # 协办 opinion, then the lead unit's reply with a commitment.
    services.opinion_submit(actor=c.unit_user, assignment=water, text="建议结合管网普查同步实施。", today=D(2026, 10, 20))
    with pytest.raises(Exception):  # noqa: B017 - a unit cannot reply for an assignment not its own
        services.reply_submit(actor=c.unit_user, assignment=finance, text="x", result_class="A",
                              communication="letter", signer="某")
    r1 = services.reply_submit(
        actor=finance_user, assignment=finance, text="已将老旧小区雨污分流改造列入明年计划。", result_class="B",
        communication="in_person", signer="王局长", today=D(2026, 12, 15),
        commitments=[services.CommitmentIn("2027年完成20个小区改造", D(2027, 12, 31))])
    assert r1.on_time and r1.round == 1
    p.refresh_from_db()
    assert p.status == Status.REPLIED

    # 不满意 → re-handling with a new deadline: 3 months from 21 Dec = 21 Mar 2027 (Sunday) → Monday 22 Mar.
    services.proposal_rate(actor=c.deputy, proposal=p, verdict="unsatisfied", comment="资金未落实",
                           today=D(2026, 12, 20))
    p.refresh_from_db()
    assert p.status == Status.DISPUTED
    p = services.proposal_rehandle(actor=c.clerk, proposal=p, today=D(2026, 12, 21))
    assert p.status == Status.REHANDLING and p.round == 2 and p.reply_due == D(2027, 3, 22)
    finance.refresh_from_db()
    assert finance.status == AssignmentStatus.ACTIVE and finance.reply_due == D(2027, 3, 22)

    r2 = services.reply_submit(actor=finance_user, assignment=finance, text="资金已落实，首批改造开工。",
                               result_class="A", communication="in_person", signer="王局长", today=D(2027, 2, 1))
    assert r2.round == 2
    services.proposal_rate(actor=c.deputy, proposal=p, verdict="satisfied", today=D(2027, 2, 10))
    p.refresh_from_db()
    assert p.status == Status.CLOSED and p.closed_on == D(2027, 2, 10)
    assert list(Rating.objects.filter(proposal=p).values_list("round", "verdict")) == [
        (1, "unsatisfied"), (2, "satisfied")]


def test_motion_needs_ten_deputies_and_grounds(cast):
    c = cast
    deps = c.city.deputies
    with pytest.raises(RuleViolation) as exc:
        services.proposal_submit(actor=c.clerk, kind="motion", title="关于综合治理水环境的议案", content="内容" * 10,
                                 grounds="案据", solution="方案", lead_deputy=deps[0], cosigners=deps[1:9])
    assert exc.value.rule.id == "PR-MOTION-PROPOSER"
    with pytest.raises(RuleViolation) as exc:
        services.proposal_submit(actor=c.clerk, kind="motion", title="关于综合治理水环境的议案", content="内容" * 10,
                                 lead_deputy=deps[0], cosigners=deps[1:10])
    assert exc.value.rule.id == "PR-MOTION-CONTENT"
    m = services.proposal_submit(actor=c.clerk, kind="motion", title="关于综合治理水环境的议案", content="内容" * 10,
                                 grounds="案据", solution="方案", lead_deputy=deps[0], cosigners=deps[1:10])
    m = services.proposal_transition(actor=c.clerk, proposal=m, action="convert", note="主席团决定不列入议程")
    assert m.kind == "suggestion" and m.status == Status.SUBMITTED


def test_intake_flags_excluded_subjects(cast):
    p = services.proposal_submit(actor=cast.clerk, title="关于我的案件", content="请督促法院尽快审理我亲属的案件判决执行。",
                                 lead_deputy=cast.city.deputies[0])
    assert "case" in p.flags
    p = services.proposal_submit(actor=cast.clerk, title="建议", content="好", lead_deputy=cast.city.deputies[0])
    assert "empty" in p.flags
    services.proposal_transition(actor=cast.clerk, proposal=p, action="withdraw", note="代表书面申请撤回")
    p.refresh_from_db()
    assert p.status == Status.WITHDRAWN
