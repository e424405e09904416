"""许可 (代表法 第三十九条): a request to arrest, try or restrict a deputy between sessions, reviewed for retaliation
and decided by more than half of ALL members of the standing committee; the detention report; confidentiality."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from tests.conftest import login

from renda.core.errors import RuleViolation
from renda.deputies.immunity import services
from renda.deputies.immunity.models import ImmunityCase, ImmunityStatus
from renda.deputies.models import Deputy

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 10, 10, tzinfo=dt.UTC)


def _deputy(c):
    return Deputy.objects.filter(congress=c.congress).exclude(person_id=c.deputy.person_id).order_by("id").last()


def _request(c, kind="arrest", **kw):
    return services.case_create(actor=c.clerk, kind=kind, deputy=_deputy(c), organ_kind="police",
                                organ="甲市公安局", facts="涉嫌职务侵占，提请许可逮捕。", **kw)


def _review(c, case, retaliation=False):
    return services.case_transition(actor=c.clerk, case=case, action="review", retaliation_found=retaliation,
                                    materials="提请许可的函；证据材料目录；代表履职档案。",
                                    review_opinion="经审查，未发现对代表执行职务行为打击报复的情形。")


@time_machine.travel(NOW, tick=False)
def test_permission_needs_more_than_half_of_all_members(cast):
    c = cast  # 11 members of the standing committee in post: 6 is more than half, 5.5 is not
    case = _review(c, _request(c))
    with pytest.raises(RuleViolation) as exc:
        services.case_transition(actor=c.clerk, case=case, action="permit", votes_for=5)
    assert exc.value.rule.id == "DEP-IMMUNITY" and "11 名" in exc.value.message
    with pytest.raises(RuleViolation):  # a refusal with 6 votes for the permission is inconsistent
        services.case_transition(actor=c.clerk, case=case, action="refuse", votes_for=6, note="未获许可")
    case = services.case_transition(actor=c.clerk, case=case, action="permit", votes_for=6)
    assert case.status == ImmunityStatus.PERMITTED and case.members_total == 11 and case.decided_on == NOW.date()


@time_machine.travel(NOW, tick=False)
def test_retaliation_found_forbids_permission(cast):
    c = cast
    case = _review(c, _request(c, kind="trial"), retaliation=True)
    with pytest.raises(RuleViolation) as exc:
        services.case_transition(actor=c.clerk, case=case, action="permit", votes_for=11)
    assert exc.value.rule.id == "DEP-IMMUNITY-REVIEW"
    case = services.case_transition(actor=c.clerk, case=case, action="refuse", note="存在打击报复情形，不予许可")
    assert case.status == ImmunityStatus.REFUSED


@time_machine.travel(NOW, tick=False)
def test_review_needs_materials_and_an_answer_on_retaliation(cast):
    c = cast
    case = _request(c, kind="restriction")
    with pytest.raises(RuleViolation) as exc:
        services.case_transition(actor=c.clerk, case=case, action="review", retaliation_found=False, materials="",
                                 review_opinion="同意")
    assert exc.value.rule.id == "DEP-IMMUNITY-REVIEW" and "材料" in exc.value.message
    with pytest.raises(RuleViolation):
        services.case_transition(actor=c.clerk, case=case, action="review", retaliation_found=None,
                                 materials="函", review_opinion="同意")


def test_during_the_session_the_presidium_decides(cast):
    c = cast  # the first session: 2026-01-10 … 2026-01-14 (both days in session)
    with time_machine.travel(dt.datetime(2026, 1, 14, 10, tzinfo=dt.UTC), tick=False):
        with pytest.raises(RuleViolation) as exc:
            _request(c)
        assert "主席团" in exc.value.message
        # a detention report may reach the committee or the presidium
        report = _request(c, kind="detention", detained_on=dt.date(2026, 1, 14))
        assert report.report_delay_days == 0
    with time_machine.travel(dt.datetime(2026, 1, 15, 10, tzinfo=dt.UTC), tick=False):
        assert _request(c).status == ImmunityStatus.RECEIVED  # the day after the session closed


@time_machine.travel(NOW, tick=False)
def test_detention_report_is_noted_and_a_late_report_shows(cast):
    c = cast
    report = _request(c, kind="detention", detained_on=dt.date(2026, 6, 7))
    assert report.report_delay_days == 3
    with pytest.raises(RuleViolation):  # a report is not reviewed for permission
        _review(c, report)
    report = services.case_transition(actor=c.clerk, case=report, action="note")
    assert report.status == ImmunityStatus.NOTED
    page = login(c.leader).get(reverse("deputies:immunity_case", args=[report.pk]))
    assert "拘留后第 3 日收到报告，未立即报告" in page.content.decode()
    from django.core.exceptions import ValidationError
    with pytest.raises(ValidationError):  # no detention date
        _request(c, kind="detention")


@time_machine.travel(NOW, tick=False)
def test_confidential_to_office_and_leaders(cast):
    c = cast
    case = _request(c)
    url = reverse("deputies:immunity_case", args=[case.pk])
    for user in (c.clerk, c.leader, c.admin):
        assert login(user).get(url).status_code == 200
        assert login(user).get(reverse("deputies:immunity")).status_code == 200
    for user in (c.member, c.deputy, c.committee, c.unit_user, c.outsider_clerk):
        assert login(user).get(url).status_code == 404, user.username
        listing = login(user).get(reverse("deputies:immunity"))
        if user is c.outsider_clerk:  # the other congress's office has its own (empty) list
            assert listing.status_code == 200 and "甲市公安局" not in listing.content.decode()
        else:
            assert listing.status_code == 404
        body = login(user).get(f"/api/v1/deputies/immunity/cases/{case.pk}")
        assert body.status_code == 404
    assert login(c.deputy).get("/api/v1/deputies/immunity/cases").json() == []
    # a leader sees it but the office records the steps
    r = login(c.leader).post(reverse("deputies:immunity_transition", args=[case.pk, "review"]),
                             {"retaliation_found": "no", "materials": "函", "review_opinion": "未发现"})
    assert r.status_code in (403, 409)
    assert ImmunityCase.objects.get(pk=case.pk).status == ImmunityStatus.RECEIVED


@time_machine.travel(NOW, tick=False)
def test_page_and_api_steps(cast):
    c = cast
    client = login(c.clerk)
    r = client.post(reverse("deputies:immunity_create"), {
        "kind": "arrest", "deputy": _deputy(c).pk, "organ_kind": "procuratorate", "organ": "甲市人民检察院",
        "facts": "涉嫌受贿。"})
    assert r.status_code == 302
    case = ImmunityCase.objects.get(congress=c.congress)
    r = client.post(reverse("deputies:immunity_transition", args=[case.pk, "review"]),
                    {"retaliation_found": "no", "materials": "提请许可的函", "review_opinion": "未发现打击报复"})
    assert r.status_code == 302
    r = client.post(f"/api/v1/workflow/deputies.immunity/{case.pk}/permit", {"votes_for": 3},
                    content_type="application/json")
    assert r.status_code == 409 and r.json()["rule"] == "DEP-IMMUNITY"
    r = client.post(f"/api/v1/workflow/deputies.immunity/{case.pk}/permit", {"votes_for": 8},
                    content_type="application/json")
    assert r.status_code == 200
    out = client.get(f"/api/v1/deputies/immunity/cases/{case.pk}").json()
    assert out["status_label"] == "许可" and out["votes_for"] == 8 and out["members_total"] == 11
    r = client.post("/api/v1/deputies/immunity/cases", {"kind": "detention", "deputy_id": _deputy(c).pk,
                                                        "organ_kind": "police", "organ": "甲市公安局",
                                                        "facts": "现行犯", "detained_on": "2026-06-09"},
                    content_type="application/json")
    assert r.status_code == 201 and r.json()["report_delay_days"] == 1
    r = client.post("/api/v1/deputies/immunity/cases", {"kind": "arrest", "deputy_id": 999999, "organ_kind": "x",
                                                        "organ": "", "facts": ""}, content_type="application/json")
    assert r.status_code == 422
