"""Optimistic locking on the supervision forms that overwrite a whole text or table.

Two clerks open the same page; the first saves; the second's save is refused with a clear Chinese
conflict message and the first one's text stays. Covers the deliberation opinions of a report and of an
inspection, the inquiry opinions and the key-figures table.
"""

import re

import pytest
from django.test import Client
from tests.supervision.conftest import D, advance_report, make_report, reported_inspection

from renda.core.roles import Role
from renda.demo.builders import make_user
from renda.supervision import services as svc

pytestmark = pytest.mark.django_db


def _version(html: str) -> str:
    return re.search(r'name="lock_version" value="(\d+)"', html).group(1)


def _two_clerks(sup, users=None):
    clerk2 = make_user("clerk2", sup.password, congress=sup.congress, role=Role.OFFICE, display_name="办公厅二",
                       organization=sup.clerk.organization)
    clients = []
    for user in users or (sup.clerk, clerk2):
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


def _race(clients, page, post, field, mine, theirs, conflict):
    first, second = clients
    v1 = _version(first.get(page).content.decode())
    v2 = _version(second.get(page).content.decode())
    assert v1 == v2
    ok = first.post(post, {"lock_version": v1, field: mine}, follow=True)
    assert ok.status_code == 200 and conflict not in ok.content.decode()
    refused = second.post(post, {"lock_version": v2, field: theirs}, follow=True)
    html = refused.content.decode()
    assert conflict in html and "请刷新页面" in html
    return html


def test_report_opinions(sup):
    report = advance_report(sup, make_report(sup), "deliberated")
    page = f"/supervision/reports/{report.pk}/"
    _race(_two_clerks(sup), page, f"{page}opinions/", "opinions", "一、加快管网建设。", "一、另一版本。",
          "审议意见已被他人修改并保存")
    report.refresh_from_db()
    assert report.opinions == "一、加快管网建设。"


def test_inspection_opinions(sup):
    insp = reported_inspection(sup)
    insp = svc.inspection_transition(actor=sup.clerk, inspection=insp, action="deliberate", on=D(2026, 6, 24))
    page = f"/supervision/inspections/{insp.pk}/"
    _race(_two_clerks(sup), page, f"{page}opinions/", "opinions", "一、加快雨污分流改造。", "一、另一版本。",
          "审议意见已被他人修改并保存")
    insp.refresh_from_db()
    assert insp.opinions == "一、加快雨污分流改造。"


def test_inquiry_opinions(sup):
    inq = svc.inquiry_create(actor=sup.committee, title="围绕水环境综合治理开展专题询问", lead_body=sup.city.bodies["cjhb"],
                             organ=sup.gov, meeting_date=D(2026, 6, 24), form="joint")
    inq = svc.inquiry_transition(actor=sup.committee, inquiry=inq, action="hold", on=D(2026, 6, 24))
    page = f"/supervision/inquiries/{inq.pk}/"
    _race(_two_clerks(sup), page, f"{page}opinions/", "opinions", "制定三年行动计划。", "另一版本。",
          "询问意见已被他人修改并保存")
    inq.refresh_from_db()
    assert inq.opinions == "制定三年行动计划。"


def test_key_figures_table(sup):
    report = make_report(sup, kind="budget_execution", lead="ysw", meeting_date=D(2026, 7, 24))
    first, second = _two_clerks(sup)
    url = f"/supervision/reports/{report.pk}/figures/"
    v1 = _version(first.get(url).content.decode())
    v2 = _version(second.get(url).content.decode())
    row = {"r0-indicator": "一般公共预算收入", "r0-year": "2026", "r0-unit": "亿元"}
    assert first.post(url, {**row, "r0-actual": "230.8", "lock_version": v1}).status_code == 302
    resp = second.post(url, {**row, "r0-actual": "999", "lock_version": v2})
    html = resp.content.decode()
    assert resp.status_code == 200 and "关键数据已被他人修改并保存" in html
    assert [str(f.actual) for f in report.figures.all()] == ["230.80"]
    # Reloaded, the second clerk works on the newest table.
    v3 = _version(second.get(url).content.decode())
    assert second.post(url, {**row, "r0-actual": "231.0", "lock_version": v3}).status_code == 302
    assert [str(f.actual) for f in report.figures.all()] == ["231.00"]


def test_a_service_call_with_a_stale_version_raises_conflict(sup):
    from renda.core.errors import ConflictError

    report = advance_report(sup, make_report(sup), "deliberated")
    seen = report.lock_version
    svc.report_set_opinions(actor=sup.clerk, report=report, opinions="第一版。", lock_version=seen)
    with pytest.raises(ConflictError):
        svc.report_set_opinions(actor=sup.clerk, report=report, opinions="第二版。", lock_version=seen)
