"""Enforcement inspection (监督法 第三十二条至第三十七条): team, field visits with evidence, questionnaires, the
report and its problems, deliberation, the rectification list followed to closure, follow-up inspection."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from tests.supervision.conftest import D, make_inspection, make_rect, reported_inspection

from renda.core.errors import RuleViolation
from renda.supervision import services as svc
from renda.supervision.models import RectStatus

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_the_team_needs_a_leader_and_a_member_of_the_standing_committee(sup):
    insp = make_inspection(sup)
    with pytest.raises(RuleViolation) as exc:
        svc.inspection_transition(actor=sup.committee, inspection=insp, action="start")
    assert exc.value.rule.id == "SUP-INSP-TEAM" and "组长" in exc.value.message
    deputy = sup.city.deputies[15].person  # a deputy who is not a member
    with pytest.raises(ValidationError) as v:
        svc.team_add(actor=sup.committee, inspection=insp, person=deputy, capacity="sc_member", role="leader")
    assert "不是常务委员会组成人员" in str(v.value)
    svc.team_add(actor=sup.committee, inspection=insp, person=deputy, capacity="deputy", role="leader")
    with pytest.raises(RuleViolation) as exc:
        svc.inspection_transition(actor=sup.committee, inspection=insp, action="start")
    assert "须有常务委员会组成人员" in exc.value.message and "《监督法》第三十三条第二款" in exc.value.message
    svc.team_add(actor=sup.committee, inspection=insp, person=sup.sc_members[7], capacity="sc_member")
    with pytest.raises(ValidationError):
        svc.team_add(actor=sup.committee, inspection=insp, person=sup.sc_members[7], capacity="sc_member")
    with pytest.raises(PermissionDenied):  # another committee's inspection
        svc.team_add(actor=sup.other_committee, inspection=insp, person=sup.sc_members[8], capacity="sc_member")
    assert svc.inspection_transition(actor=sup.committee, inspection=insp, action="start").status == "inspecting"


def test_the_report_must_have_its_statutory_contents(sup):
    insp = make_inspection(sup)
    svc.team_add(actor=sup.committee, inspection=insp, person=sup.city.vice_chairs[0], role="leader",
                 capacity="sc_member")
    insp = svc.inspection_transition(actor=sup.committee, inspection=insp, action="start")
    with pytest.raises(RuleViolation) as exc:
        svc.inspection_transition(actor=sup.committee, inspection=insp, action="submit_report")
    assert exc.value.rule.id == "SUP-INSP-REPORT"
    assert "实施情况评价、改进执法工作的建议、修改完善法律法规的建议" in exc.value.message
    insp = svc.inspection_update(actor=sup.committee, inspection=insp, lock_version=insp.lock_version,
                                 evaluation="较好", suggestions="加强", law_amendments="修订条例")
    with pytest.raises(RuleViolation) as exc:
        svc.inspection_transition(actor=sup.committee, inspection=insp, action="submit_report")
    assert "存在的问题" in exc.value.message


def test_field_visits_evidence_and_questionnaires(sup):
    insp = make_inspection(sup)
    svc.team_add(actor=sup.committee, inspection=insp, person=sup.city.vice_chairs[0], role="leader",
                 capacity="sc_member")
    insp = svc.inspection_transition(actor=sup.committee, inspection=insp, action="start")
    visit = svc.visit_add(actor=sup.committee, inspection=insp, date=D(2026, 5, 12), place="南湖污水处理厂",
                          findings="雨季溢流。", upload=SimpleUploadedFile("现场.png", PNG, content_type="image/png"))
    with pytest.raises(ValidationError):  # typed by content, not by name
        svc.visit_attach(actor=sup.committee, visit=visit, upload=SimpleUploadedFile("x.png", b"not an image"))
    q = svc.questionnaire_add(actor=sup.committee, inspection=insp, title="满意度问卷", issued=100, returned=80,
                              valid=75)
    assert q.return_rate == 80.0
    with pytest.raises(ValidationError) as v:
        svc.questionnaire_add(actor=sup.committee, inspection=insp, title="问卷", issued=10, returned=12, valid=1)
    assert "回收份数不能多于发放份数" in str(v.value)
    from renda.core.models import Attachment

    att = Attachment.objects.get(owner_type="supervision.fieldvisit")
    clerk, water = Client(), Client()
    clerk.force_login(sup.clerk)
    water.force_login(sup.unit_user)
    assert clerk.get(f"/attachments/{att.pk}/").status_code == 200
    assert water.get(f"/attachments/{att.pk}/").status_code == 404  # the inspection is not the unit's


def test_inspection_end_to_end_with_rectification_to_closure(sup):
    insp = reported_inspection(sup)
    insp = svc.inspection_transition(actor=sup.clerk, inspection=insp, action="deliberate", on=D(2026, 6, 24))
    svc.inspection_add_remark(actor=sup.committee, inspection=insp, person=sup.sc_members[9], text="加快改造。")
    with pytest.raises(RuleViolation) as exc:
        svc.inspection_transition(actor=sup.clerk, inspection=insp, action="hand_over")
    assert exc.value.rule.id == "SUP-INSP-FLOW"
    svc.inspection_set_opinions(actor=sup.committee, inspection=insp, opinions="一、加快雨污分流改造。",
                                lock_version=insp.lock_version)
    insp = svc.inspection_transition(actor=sup.clerk, inspection=insp, action="hand_over", on=D(2026, 6, 30))
    assert insp.handling_due == D(2026, 9, 30)
    item = make_rect(sup, insp, deadline=D(2026, 10, 31))
    item = svc.rectification_transition(actor=sup.unit_user, item=item, action="start", on=D(2026, 7, 1))
    item = svc.rectification_transition(actor=sup.unit_user, item=item, action="report", on=D(2026, 11, 2),
                                        text="已完成改造32公里。")
    assert item.status == RectStatus.REPORTED and item.reported_late
    with pytest.raises(PermissionDenied):  # the unit cannot close its own item
        svc.rectification_transition(actor=sup.unit_user, item=item, action="verify")
    with pytest.raises(RuleViolation):  # sending back needs a reason
        svc.rectification_transition(actor=sup.committee, item=item, action="return")
    item = svc.rectification_transition(actor=sup.committee, item=item, action="return", note="尚缺验收材料。")
    item = svc.rectification_transition(actor=sup.unit_user, item=item, action="report", text="补充验收材料。")
    item = svc.rectification_transition(actor=sup.committee, item=item, action="verify", note="整改到位。",
                                        on=D(2026, 11, 20))
    assert (item.status, item.verified_on) == (RectStatus.CLOSED, D(2026, 11, 20))
    insp = svc.inspection_transition(actor=sup.gov_user, inspection=insp, action="submit_handling", on=D(2026, 9, 20),
                                     text="已制定整改清单。")
    assert not insp.handling_late
    insp = svc.inspection_transition(actor=sup.clerk, inspection=insp, action="publish", on=D(2026, 9, 24))
    page = Client().get(f"/supervision/public/{sup.congress.code}/inspections/{insp.pk}/").content.decode()
    assert "雨污混接问题突出" in page and "加快雨污分流改造" in page and "已制定整改清单" in page
    follow = svc.inspection_create(actor=sup.committee, parent=insp, title="跟踪检查", law_title=insp.law_title,
                                   lead_body=insp.lead_body, organ=insp.organ)
    assert follow.kind == "follow_up" and follow.parent == insp


def test_follow_up_inspection_only_after_hand_over(sup):
    insp = reported_inspection(sup)
    with pytest.raises(RuleViolation) as exc:
        svc.inspection_create(actor=sup.committee, parent=insp, title="跟踪检查", law_title=insp.law_title,
                              lead_body=insp.lead_body, organ=insp.organ)
    assert exc.value.rule.id == "SUP-FOLLOWUP"


def test_rectification_items_need_a_handling_unit_and_a_report(sup):
    insp = make_inspection(sup)
    with pytest.raises(RuleViolation):  # no report yet
        make_rect(sup, insp)
    insp = reported_inspection(sup)
    with pytest.raises(ValidationError):
        make_rect(sup, insp, unit=sup.city.bodies["cjw"])
    with pytest.raises(ValidationError):
        make_rect(sup, insp, unit=sup.other.units["市水务局"])
    item = make_rect(sup, insp, unit=sup.edu)
    assert item.organ == sup.gov and item.number == 1


def test_overdue_items_are_listed_and_counted(sup):
    from django.utils import timezone

    insp = reported_inspection(sup)
    today = timezone.localdate()
    late = make_rect(sup, insp, deadline=today - __import__("datetime").timedelta(days=1), title="逾期事项")
    make_rect(sup, insp, deadline=today, title="今天到期")
    assert late.is_overdue(today)
    client = Client()
    client.force_login(sup.clerk)
    html = client.get("/supervision/rectifications/?stage=overdue").content.decode()
    assert "逾期事项" in html and "今天到期" not in html
    unit = Client()
    unit.force_login(sup.unit_user)
    html = unit.get("/").content.decode()
    assert "逾期事项" in html and "交本单位办理的整改事项" in html


def test_unit_reports_on_its_item_through_the_page_with_a_file(sup):
    insp = reported_inspection(sup)
    item = make_rect(sup, insp)
    unit = Client()
    unit.force_login(sup.unit_user)
    resp = unit.post(f"/supervision/rectifications/{item.pk}/do/report/", {"text": "已整改完毕。"})
    assert resp.status_code == 302
    resp = unit.post(f"/supervision/rectifications/{item.pk}/attach/",
                     {"file": SimpleUploadedFile("材料.png", PNG, content_type="image/png")})
    item.refresh_from_db()
    assert item.status == "reported" and item.report_text == "已整改完毕。"
    html = unit.get(f"/supervision/rectifications/{item.pk}/").content.decode()
    assert "材料.png" in html
    assert unit.post(f"/supervision/rectifications/{item.pk}/attach/",
                     {"file": io.BytesIO(b"")}, follow=True).status_code == 200
