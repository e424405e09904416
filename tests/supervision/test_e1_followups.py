"""Reports on carrying out a resolution (监督法 第十七条第一款) flagged when overdue; the year's statutory reports
(第十九条、第二十三条、第二十四条、第二十五条、第二十七条、第四十五条) checked once per year and kind; the budget's
preliminary review (预算法 第二十二条、第四十四条)."""

import datetime as dt

import pytest
import time_machine
from tests.conftest import login
from tests.supervision.conftest import D, advance_report, make_report

from renda.core import inbox
from renda.core.errors import RuleViolation
from renda.supervision import services as svc
from renda.supervision.models import AnnualDuty, ResolutionExecution

pytestmark = pytest.mark.django_db
SEPT_30 = D(2026, 9, 30)


def at(day):
    return time_machine.travel(dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC), tick=False)


# ---- resolutions ----------------------------------------------------------------------------------------
YEAR_END = D(2026, 12, 31)


def resolved(c, due=YEAR_END):
    with at(D(2026, 10, 20)):
        r = advance_report(c, make_report(c), "deliberated")
        return svc.report_transition(actor=c.clerk, report=r, action="send_opinions", on=D(2026, 10, 5),
                                     opinions="一、加快管网建设。", resolution="市人民政府应当于年底前完成雨污分流改造。",
                                     resolution_due=due)


def test_a_resolution_needs_its_period(sup):
    with at(D(2026, 10, 20)):
        r = advance_report(sup, make_report(sup), "deliberated")
        with pytest.raises(RuleViolation) as exc:
            svc.report_transition(actor=sup.clerk, report=r, action="send_opinions", on=D(2026, 10, 5),
                                  opinions="一、加快管网建设。", resolution="作出决议。")
    assert exc.value.rule.id == "SUP-RESOLUTION-REPORT"
    assert not ResolutionExecution.objects.exists()


def test_resolution_report_awaited_then_overdue_on_inbox_and_page(sup):
    resolved(sup)
    res = ResolutionExecution.objects.get()
    assert (res.status, res.due, res.organ_id) == ("awaiting", D(2026, 12, 31), sup.gov.pk)
    with at(D(2026, 12, 20)):
        items = [i for i in inbox.items(sup.gov_user) if i.obj == res]
        assert items and items[0].due == D(2026, 12, 31) and not items[0].overdue
        assert [i for i in inbox.items(sup.other_unit_user) if i.obj == res] == []  # not the unit's organ
    with at(D(2027, 1, 4)):
        item = next(i for i in inbox.items(sup.gov_user) if i.obj == res)
        assert item.overdue
        body = login(sup.clerk).get(f"/supervision/reports/{res.report_id}/").content.decode()
        assert "已逾期未报告" in body and "执行决议情况的报告期限" in body
        res = svc_resolution(sup, res, on=D(2027, 1, 4))
    assert (res.status, res.late) == ("reported", True)


def svc_resolution(c, res, on):
    from renda.supervision.resolutions.services import resolution_transition

    return resolution_transition(actor=c.gov_user, resolution=res, action="submit", on=on,
                                 text="关于执行常委会决议情况的报告。")


def test_resolution_on_time_is_not_late_and_is_published(sup):
    resolved(sup)
    res = ResolutionExecution.objects.get()
    with at(D(2026, 12, 30)):
        res = svc_resolution(sup, res, on=D(2026, 12, 30))
        assert not res.late
        from renda.supervision.resolutions.services import resolution_transition

        assert resolution_transition(actor=sup.clerk, resolution=res, action="publish").status == "published"


# ---- the year's statutory reports ---------------------------------------------------------------------------
def test_the_year_list_is_made_once_and_a_deliberated_report_marks_its_kind_heard(sup):
    with at(D(2026, 11, 26)):
        assets = make_report(sup, kind="state_assets", lead="ysw", meeting_date=D(2026, 11, 20), year=2026,
                             title="国有资产管理情况的报告")
        duties = {d.kind: d for d in AnnualDuty.objects.filter(congress=sup.congress, year=2026)}
        assert set(duties) == {"final_accounts", "audit_work", "state_assets", "government_debt", "filing_review"}
        assert all(d.status == "missing" for d in duties.values())
        assert duties["final_accounts"].due == D(2026, 9, 30) and duties["state_assets"].due == D(2026, 12, 31)
        make_report(sup, kind="special", year=2026)  # a second report of the year: no second list
        assert AnnualDuty.objects.filter(congress=sup.congress, year=2026).count() == 5
        advance_report(sup, assets, "deliberated")
        assert AnnualDuty.objects.get(congress=sup.congress, year=2026, kind="state_assets").status == "heard"
        # the missing ones wait on the leadership's inbox, the final accounts overdue since September
        leader_items = [i for i in inbox.items(sup.leader) if isinstance(i.obj, AnnualDuty)]
        kinds = {i.obj.kind: i for i in leader_items}
        assert "state_assets" not in kinds and kinds["final_accounts"].overdue and not kinds["government_debt"].overdue
        assert [i for i in inbox.items(sup.gov_user) if isinstance(i.obj, AnnualDuty)] == []
        page = login(sup.leader).get("/supervision/annual/2026/").content.decode()
        assert "逾期未听取" in page and "国有资产管理情况的报告" in page and "已听取审议" in page
        assert "SUP-REVIEW-ANNUAL" in page and "第四十五条" in page
        assert login(sup.deputy).get("/supervision/annual/2026/").status_code == 403


def test_filing_review_report_recorded_by_the_office_and_report_kinds_need_a_heard_report(sup):
    from renda.supervision.annual.services import annual_ensure, annual_transition

    with at(D(2026, 12, 28)):
        duties = {d.kind: d for d in annual_ensure(congress_id=sup.congress.pk, year=2026)}
        with pytest.raises(RuleViolation) as exc:
            annual_transition(actor=sup.clerk, duty=duties["government_debt"], action="hear")
        assert exc.value.rule.id == "SUP-ANNUAL-REPORTS" and "尚无经常委会审议" in exc.value.message
        with pytest.raises(RuleViolation) as exc:
            annual_transition(actor=sup.clerk, duty=duties["filing_review"], action="hear")
        assert "须载明" in exc.value.message
        duty = annual_transition(actor=sup.leader, duty=duties["filing_review"], action="hear",
                                 meeting_title="第二十二次常委会会议", on=D(2026, 12, 26))
        assert (duty.status, duty.heard_on) == ("heard", D(2026, 12, 26))


def test_midterm_review_only_in_its_year(sup):
    from renda.core.models import RuleParameter
    from renda.supervision.annual.services import annual_ensure

    assert "midterm_review" not in {d.kind for d in annual_ensure(congress_id=sup.congress.pk, year=2027)}
    assert "midterm_review" in {d.kind for d in annual_ensure(congress_id=sup.congress.pk, year=2028)}
    RuleParameter.objects.create(congress=sup.congress, rule_id="SUP-MIDTERM-REVIEW", name="year", value=2029)
    assert "midterm_review" in {d.kind for d in annual_ensure(congress_id=sup.congress.pk, year=2029)}


# ---- the budget's preliminary review ---------------------------------------------------------------------
@pytest.mark.parametrize(("days", "late"), [(31, False), (29, True)])
def test_draft_budget_preliminary_plan_thirty_days_before_the_session(sup, days, late):
    session = D(2027, 1, 15)
    with at(D(2026, 12, 20)):
        r = make_report(sup, kind="budget_draft", lead="ysw", meeting_date=session, year=2027,
                        title="2027年市级预算草案初步方案")
        assert r.draft_due == session - dt.timedelta(days=30)  # the lenient reading pinned by `sup`
        r = svc.report_transition(actor=sup.gov_user, report=r, action="submit_draft",
                                  on=session - dt.timedelta(days=days), text="预算草案初步方案")
    assert r.draft_late is late


def test_preliminary_review_invites_deputies_and_is_printed_for_them(sup):
    deputies = [d.person for d in sup.city.deputies[:2]]
    with at(D(2026, 10, 20)):
        r = make_report(sup, kind="budget_adjustment", lead="ysw", meeting_date=D(2026, 10, 30))
        bare = svc.prelim_create(actor=sup.clerk, report=r, body=sup.city.bodies["cjw"], opinion="意见。")
        bare = svc.prelim_transition(actor=sup.clerk, prelim=bare, action="send", on=D(2026, 10, 5))
        from renda.core.models import AuditEvent

        assert AuditEvent.objects.filter(to_state="sent", note__contains="未登记邀请的人大代表").exists()
        from django.core.exceptions import ValidationError

        from renda.core.models import Person

        stranger = Person.objects.create(congress=sup.congress, name="非代表")
        with pytest.raises(ValidationError):  # only deputies of this congress are invited as deputies
            svc.prelim_create(actor=sup.clerk, report=r, body=sup.city.bodies["cjw"], opinion="意见。",
                              invited_deputies=[stranger])
        p = svc.prelim_create(actor=sup.clerk, report=r, body=sup.city.bodies["cjw"], opinion="建议压减一般性支出。",
                              invited_deputies=deputies)
        assert set(p.invited_deputies.all()) == set(deputies)
        p = svc.prelim_transition(actor=sup.clerk, prelim=p, action="send", on=D(2026, 10, 5))
        p = svc.prelim_transition(actor=sup.gov_user, prelim=p, action="handle", handling="已压减。", on=D(2026, 10, 9))
        body = login(sup.clerk).get(f"/supervision/reports/{r.pk}/").content.decode()
        assert "处理情况报告尚未印发本级人大代表" in body and deputies[0].name in body
        p = svc.prelim_transition(actor=sup.clerk, prelim=p, action="distribute", on=D(2026, 10, 12))
    assert (p.status, p.distributed_on) == ("distributed", D(2026, 10, 12))


# ---- the handling report answers each compiled opinion ------------------------------------------------------
def test_points_are_read_from_the_compiled_opinions():
    from renda.supervision.reports.answers import check, points

    assert points("一、加快管网建设。二、加强执法。三、按期报告。") == ["一", "二", "三"]
    result = check("一、加快管网建设。二、加强执法。", "一、已完成管网改造30公里。")
    assert result["unanswered"] == ["二"]
    assert check("一、甲。二、乙。", "一、甲已办。二、乙已办。")["unanswered"] == []
    assert check("加快管网建设。", "已办理。") is None  # not numbered: nothing to check
    assert check("一、甲。", "")["uploaded_only"]


def test_the_report_page_flags_an_unanswered_opinion(sup):
    with at(D(2026, 12, 20)):
        r = advance_report(sup, make_report(sup), "handled")  # opinions 一、二; the report answers neither by number
        body = login(sup.clerk).get(f"/supervision/reports/{r.pk}/").content.decode()
    assert "第一、二项审议意见未见逐项回应" in body and "第十七条第一款" in body
