"""Special work reports end to end (监督法 第十五条至第十七条): deadlines at their edges, lateness flagged (not
refused) with its rule and shown to leadership, opinions, the handling report, rating, follow-up, publication."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from tests.supervision.conftest import D, advance_report, make_report

from renda.core import rules
from renda.core.errors import RuleViolation
from renda.core.models import AuditEvent, RuleParameter
from renda.supervision import services as svc
from renda.supervision.models import ReportDocument, ReportStatus

pytestmark = pytest.mark.django_db
MEETING = D(2026, 9, 30)


def before(days: int) -> dt.date:
    return MEETING - dt.timedelta(days=days)


def last_transition(report):
    return AuditEvent.objects.filter(object_type="supervision.report", object_id=str(report.pk),
                                     action="transition").order_by("-seq").first()


def test_deadlines_count_back_from_the_meeting(sup):
    r = make_report(sup)
    assert (r.draft_due, r.revised_due, r.distribute_due) == (D(2026, 9, 10), D(2026, 9, 20), D(2026, 9, 23))


@pytest.mark.parametrize(("days", "late"), [(21, False), (20, False), (19, True)])
def test_draft_arriving_20_vs_19_days_before(sup, days, late):
    r = make_report(sup)
    r = svc.report_transition(actor=sup.gov_user, report=r, action="submit_draft", on=before(days), text="征求意见稿")
    assert r.status == ReportStatus.DRAFT_SUBMITTED  # accepted either way: lateness is flagged, not refused
    assert r.draft_late is late
    ev = last_transition(r)
    assert ev.rule_id == "SUP-REPORT-DRAFT" and "《监督法》第十五条第一款" in ev.legal_basis
    assert ("逾期 1 日" in ev.note) is late
    doc = ReportDocument.objects.get(report=r)
    assert (doc.stage, doc.late, doc.submitted_by) == ("draft", late, sup.gov_user)


@pytest.mark.parametrize(("revised", "distributed", "revised_late", "distribute_late"),
                         [(10, 7, False, False), (9, 6, True, True)])
def test_revised_10_and_distribution_7_days_before_at_their_edges(sup, revised, distributed, revised_late,
                                                                  distribute_late):
    r = make_report(sup)
    r = svc.report_transition(actor=sup.gov_user, report=r, action="submit_draft", on=before(25), text="稿")
    r = svc.report_transition(actor=sup.gov_user, report=r, action="submit_revised", on=before(revised), text="修改稿")
    r = svc.report_transition(actor=sup.clerk, report=r, action="distribute", on=before(distributed))
    assert (r.revised_late, r.distribute_late) == (revised_late, distribute_late)
    assert last_transition(r).rule_id == "SUP-REPORT-DISTRIBUTE"


def test_a_late_step_is_shown_to_leadership_with_its_rule(sup):
    r = make_report(sup)
    svc.report_transition(actor=sup.gov_user, report=r, action="submit_draft", on=before(19), text="稿")
    client = Client()
    client.force_login(sup.leader)
    html = client.get("/").content.decode()
    assert r.title in html and "征求意见稿逾期送交" in html and rules.get("SUP-REPORT-DRAFT").title in html
    assert "《监督法》第十五条第一款" in html
    # the unit that reports sees what it must send, not the leadership panel
    unit_html = Client()
    unit_html.force_login(sup.gov_user)
    assert "逾期的法定步骤" not in unit_html.get("/").content.decode()


def test_a_missed_deadline_without_the_step_is_also_flagged(sup):
    from django.utils import timezone

    today = timezone.localdate()
    r = make_report(sup, meeting_date=today + dt.timedelta(days=8))  # draft and revision overdue, distribution not yet
    assert r.overdue_steps(today) == ["征求意见稿未按时送交", "修改稿未按时送交"]
    client = Client()
    client.force_login(sup.clerk)
    assert "征求意见稿未按时送交" in client.get("/").content.decode()


def test_moving_the_meeting_recomputes_deadlines_and_flags(sup):
    r = make_report(sup)
    r = svc.report_transition(actor=sup.gov_user, report=r, action="submit_draft", on=before(19), text="稿")
    assert r.draft_late
    r = svc.report_update(actor=sup.clerk, report=r, lock_version=r.lock_version, meeting_date=D(2026, 10, 8))
    assert r.draft_due == D(2026, 9, 18) and not r.draft_late


def test_a_congress_may_lengthen_but_not_shorten_the_lead_time(sup):
    RuleParameter.objects.create(congress=sup.congress, rule_id="SUP-REPORT-DRAFT", name="days", value=25)
    r = make_report(sup)
    assert r.draft_due == before(25)
    with pytest.raises(ValidationError):
        RuleParameter(congress=sup.congress, rule_id="SUP-REPORT-REVISED", name="days", value=9).full_clean()


def test_full_flow_opinions_handling_rating_follow_up_publication(sup):
    r = make_report(sup, workplan_item=sup.item_report, lead="cjw", actor=sup.clerk)
    svc.report_add_research(actor=sup.other_committee, report=r, date=D(2026, 8, 20), findings="调研发现管网短板。")
    r = advance_report(sup, r, "distributed")
    r = svc.report_transition(actor=sup.clerk, report=r, action="deliberate", on=MEETING)
    for person, text in ((sup.sc_members[9], "加快管网建设。"), (sup.sc_members[10], "加强执法检查。")):
        svc.report_add_remark(actor=sup.clerk, report=r, person=person, text=text)
    draft = svc.compile_opinions(r.remarks.select_related("person").order_by("id"))
    assert draft.startswith("1. 加快管网建设。") and sup.sc_members[10].name in draft
    with pytest.raises(RuleViolation) as exc:  # the opinions must exist before they are sent
        svc.report_transition(actor=sup.clerk, report=r, action="send_opinions")
    assert exc.value.rule.id == "SUP-REPORT-OPINIONS"
    svc.report_set_opinions(actor=sup.clerk, report=r, opinions=draft, lock_version=r.lock_version)
    with pytest.raises(RuleViolation) as exc:  # published only with the handling report (第十七条第三款)
        svc.report_transition(actor=sup.clerk, report=r, action="publish")
    r = svc.report_transition(actor=sup.clerk, report=r, action="send_opinions", on=D(2026, 10, 8))
    assert r.handling_due == D(2026, 12, 8)  # two months, the demo city's local rule
    r = svc.report_transition(actor=sup.gov_user, report=r, action="submit_handling", on=D(2026, 12, 9), text="处理情况")
    assert r.status == ReportStatus.HANDLED and r.handling_late
    rating = svc.report_rate(actor=sup.clerk, report=r, satisfied=5, basically_satisfied=1, unsatisfied=4,
                             rated_on=D(2026, 12, 10))
    assert (rating.result, rating.members_total, rating.approval_rate) == ("satisfied", 11, 60.0)
    svc.report_add_follow_up(actor=sup.other_committee, report=r, text="跟踪检查管网建设。", date=D(2027, 1, 5))
    r = svc.report_transition(actor=sup.clerk, report=r, action="publish", on=D(2026, 12, 12))
    assert r.status == ReportStatus.PUBLISHED and r.published_on == D(2026, 12, 12)
    page = Client().get(f"/supervision/public/{sup.congress.code}/reports/{r.pk}/").content.decode()
    assert "修改稿" in page and "加快管网建设" in page and "处理情况" in page


@pytest.mark.parametrize(("satisfied", "basic", "unsatisfied", "result"),
                         [(3, 2, 5, "unsatisfied"), (3, 3, 5, "satisfied"), (0, 0, 0, "unsatisfied")])
def test_rating_result_is_more_than_the_threshold(sup, satisfied, basic, unsatisfied, result):
    r = advance_report(sup, make_report(sup), "handled")
    rating = svc.report_rate(actor=sup.clerk, report=r, satisfied=satisfied, basically_satisfied=basic,
                             unsatisfied=unsatisfied)
    assert rating.result == result  # exactly half approving is not "超过" 50%


def test_rating_counts_cannot_exceed_the_members_and_only_once(sup):
    r = advance_report(sup, make_report(sup), "handled")
    with pytest.raises(RuleViolation) as exc:
        svc.report_rate(actor=sup.clerk, report=r, satisfied=10, basically_satisfied=1, unsatisfied=1)
    assert exc.value.rule.id == "SUP-RATING" and "超过组成人员数 11" in exc.value.message
    with pytest.raises(PermissionDenied):
        svc.report_rate(actor=sup.committee, report=r, satisfied=1, basically_satisfied=0, unsatisfied=0)
    svc.report_rate(actor=sup.clerk, report=r, satisfied=6, basically_satisfied=0, unsatisfied=0)
    with pytest.raises(RuleViolation):
        svc.report_rate(actor=sup.clerk, report=r, satisfied=6, basically_satisfied=0, unsatisfied=0)


def test_who_submits_the_organs_texts(sup):
    r = make_report(sup, reporting_unit=sup.water)
    with pytest.raises(PermissionDenied):  # another department
        svc.report_transition(actor=sup.other_unit_user, report=r, action="submit_draft", text="稿")
    with pytest.raises(RuleViolation) as exc:  # nothing sent
        svc.report_transition(actor=sup.unit_user, report=r, action="submit_draft", text="  ")
    assert exc.value.rule.id == "SUP-REPORT-SUBMITTER"
    r = svc.report_transition(actor=sup.unit_user, report=r, action="submit_draft", text="受委托部门送交的稿")
    assert r.status == ReportStatus.DRAFT_SUBMITTED


def test_references_stay_in_the_congress_and_fit_the_law(sup):
    with pytest.raises(ValidationError) as exc:
        make_report(sup, organ=sup.water)  # a department is not an organ (第十一条)
    assert "报告机关须为" in str(exc.value)
    with pytest.raises(ValidationError):
        make_report(sup, organ=sup.other.organs["gov"])
    with pytest.raises(ValidationError) as exc:
        make_report(sup, workplan_item=sup.item_water)  # a 议案督办 item is not a special report
    assert "类别不符" in str(exc.value)
    with pytest.raises(ValidationError):
        make_report(sup, reporting_unit=sup.court)
    with pytest.raises(PermissionDenied):  # committee staff register only their own committee's reports
        make_report(sup, lead="cjw", actor=sup.committee)


def test_a_linked_meeting_gives_the_date_the_deadlines_count_from(sup):
    from renda.meetings.models import Meeting

    meeting = Meeting.objects.create(congress=sup.congress, kind="standing", body=sup.city.standing_committee,
                                     term=sup.city.term, number=9, title="第九次常委会会议", date=D(2026, 10, 28),
                                     place="会议厅")
    r = make_report(sup, meeting_date=None, meeting=meeting)
    assert (r.meeting_date, r.meeting_title, r.draft_due) == (D(2026, 10, 28), "第九次常委会会议", D(2026, 10, 8))
    other = Meeting.objects.create(congress=sup.other.congress, kind="standing", body=sup.other.standing_committee,
                                   term=sup.other.term, number=1, title="乙市会议", date=D(2026, 10, 28), place="会议厅")
    with pytest.raises(ValidationError):
        make_report(sup, meeting=other)


def test_pages_of_the_report_flow(sup):
    r = make_report(sup)
    unit = Client()
    unit.force_login(sup.gov_user)
    resp = unit.post(f"/supervision/reports/{r.pk}/do/submit_draft/", {"text": "网上送交的报告", "on": "2026-09-11"})
    assert resp.status_code == 302
    r.refresh_from_db()
    assert r.status == "draft_submitted" and r.draft_late
    html = unit.get(f"/supervision/reports/{r.pk}/").content.decode()
    assert "网上送交的报告" in html and "逾期" in html and rules.get("SUP-REPORT-DRAFT").title in html
    # a refused step comes back as a Chinese message naming the rule, never a 500
    clerk = Client()
    clerk.force_login(sup.clerk)
    resp = clerk.post(f"/supervision/reports/{r.pk}/do/publish/", follow=True)
    assert resp.status_code == 409 and "不能执行「向代表通报并向社会公布」" in resp.content.decode()
    assert clerk.post(f"/supervision/reports/{r.pk}/do/no-such-step/").status_code == 403
    resp = clerk.post(f"/supervision/reports/{r.pk}/do/distribute/", {"on": "not-a-date"}, follow=True)
    assert resp.status_code == 400 and "请更正后重试" in resp.content.decode() and "日期" in resp.content.decode()


def test_after_deliberation_the_meeting_and_organ_are_fixed_but_the_record_can_be_corrected(sup):
    r = advance_report(sup, make_report(sup), "deliberated")
    r = svc.report_update(actor=sup.clerk, report=r, lock_version=r.lock_version, title="更正后的标题",
                          meeting_date=r.meeting_date, organ=r.organ)
    assert r.title == "更正后的标题"
    with pytest.raises(RuleViolation):
        svc.report_update(actor=sup.clerk, report=r, lock_version=r.lock_version, meeting_date=D(2026, 10, 9))
    from renda.core.errors import ConflictError

    with pytest.raises(ConflictError):
        svc.report_update(actor=sup.clerk, report=r, lock_version=r.lock_version - 1, title="旧版本")
