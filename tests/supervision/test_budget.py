"""Budget and economic supervision: preliminary review 30 days before (预算法), the June–September window
(监督法 第十九条、第二十条), the audit-rectification report within six months (第二十七条), key figures year on year."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from tests.supervision.conftest import D, advance_report, make_report

from renda.core import rules
from renda.core.errors import RuleViolation
from renda.core.models import AuditEvent
from renda.supervision import selectors
from renda.supervision import services as svc

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("days", "late"), [(30, False), (29, True)])
def test_final_accounts_go_to_preliminary_review_30_days_before(sup, days, late):
    r = make_report(sup, kind="final_accounts", lead="ysw", meeting_date=D(2026, 6, 24))
    assert r.draft_due == D(2026, 5, 25)
    r = svc.report_transition(actor=sup.gov_user, report=r, action="submit_draft",
                              on=r.meeting_date - dt.timedelta(days=days), text="决算草案")
    assert r.draft_late is late
    ev = AuditEvent.objects.filter(object_type="supervision.report", object_id=str(r.pk), action="transition").last()
    assert (rules.get("SUP-BUDGET-PRELIM").title in ev.note) is late and ("预算法" in ev.note) is late


@pytest.mark.parametrize(("meeting", "flagged"), [(D(2026, 5, 29), True), (D(2026, 6, 1), False),
                                                  (D(2026, 9, 30), False), (D(2026, 10, 1), True)])
def test_final_accounts_are_heard_between_june_and_september(sup, meeting, flagged):
    r = make_report(sup, kind="final_accounts", lead="ysw", meeting_date=meeting)
    assert r.schedule_late is flagged
    assert ("六月至九月" in r.schedule_note) is flagged
    assert not make_report(sup, kind="state_assets", lead="ysw", meeting_date=meeting).schedule_late


def _audit_report(sup, deliberated: dt.date):
    audit = make_report(sup, kind="audit_work", lead="ysw", meeting_date=deliberated,
                        title="关于2025年度预算执行和其他财政收支的审计工作报告")
    return advance_report(sup, audit, "deliberated")


@pytest.mark.parametrize(("meeting", "late"), [(D(2026, 12, 24), False), (D(2026, 12, 25), True)])
def test_rectification_report_within_six_months_of_the_audit_report(sup, meeting, late):
    audit = _audit_report(sup, D(2026, 6, 24))
    assert audit.rectification_due == D(2026, 12, 24)
    rect = make_report(sup, kind="audit_rectification", lead="ysw", meeting_date=meeting, rectification_of=audit,
                       title="关于审计查出问题整改情况的报告")
    assert rect.schedule_late is late
    assert ("《监督法》第二十七条第二款" in rect.schedule_note) is late


def test_six_months_ending_on_a_holiday_end_on_the_next_working_day(sup):
    from renda.demo.builders import load_national_holidays

    load_national_holidays()
    audit = _audit_report(sup, D(2026, 4, 3))
    assert audit.rectification_due == D(2026, 10, 8)  # 10-03 falls in the National Day holiday (民法典 第二百零三条)


def test_only_an_audit_rectification_report_points_at_an_audit_report(sup):
    audit = _audit_report(sup, D(2026, 6, 24))
    with pytest.raises(ValidationError):
        make_report(sup, kind="special", rectification_of=audit)


def test_key_figures_all_or_nothing_with_row_errors(sup):
    r = make_report(sup, kind="final_accounts", lead="ysw", meeting_date=D(2026, 6, 24))
    good = {"indicator": "一般公共预算收入", "year": "2025", "budget": "425", "adjusted": "430", "actual": "436.8"}
    with pytest.raises(ValidationError) as exc:
        svc.figures_save(actor=sup.clerk, report=r, lock_version=r.lock_version, rows=[
            good, {"indicator": "支出", "year": "二〇二五", "actual": "1"},
            {"indicator": "债务", "year": "2025", "actual": "-3"}, {"indicator": "", "year": "2025", "actual": "5"},
            {"indicator": "一般公共预算收入", "year": "2025", "actual": "1"}, {"indicator": "收入", "year": "2025"},
            {"indicator": "", "year": "", "budget": "", "adjusted": "", "actual": ""},
        ])
    messages = exc.value.messages
    assert messages == ["第 2 行：年度须为四位数字。", "第 3 行：执行数/决算数须为非负金额。", "第 4 行：请填写指标名称。",
                        "第 5 行：指标「一般公共预算收入」2025 年重复录入。",
                        "第 6 行：预算数、调整预算数、执行数至少填写一项。"]
    assert r.figures.count() == 0  # nothing was stored
    saved = svc.figures_save(actor=sup.clerk, report=r, lock_version=r.lock_version, rows=[good, {**good, "year": "2024", "actual": "410.2"}])
    assert [(f.year, str(f.actual)) for f in saved] == [(2025, "436.80"), (2024, "410.20")]
    special = make_report(sup)
    with pytest.raises(RuleViolation) as v:
        svc.figures_save(actor=sup.clerk, report=special, lock_version=special.lock_version, rows=[good])
    assert v.value.rule.id == "SUP-BUDGET-FIGURES"


def test_figures_are_compared_year_on_year_across_reports(sup):
    old = make_report(sup, kind="final_accounts", lead="ysw", meeting_date=D(2025, 6, 25), year=2025)
    svc.figures_save(actor=sup.clerk, report=old, lock_version=old.lock_version, rows=[{"indicator": "一般公共预算收入", "year": 2023, "actual": "392.5"},
                                                        {"indicator": "一般公共预算收入", "year": 2024, "actual": "400"}])
    new = make_report(sup, kind="final_accounts", lead="ysw", meeting_date=D(2026, 6, 24))
    svc.figures_save(actor=sup.clerk, report=new, lock_version=new.lock_version, rows=[{"indicator": "一般公共预算收入", "year": 2024, "actual": "410.2"},
                                                        {"indicator": "一般公共预算收入", "year": 2025, "budget": "425",
                                                         "actual": "436.8"}])
    chart = selectors.figure_series(new)["charts"][0]
    assert chart["years"] == ["2023", "2024", "2025"]
    assert chart["actual"] == [392.5, 410.2, 436.8]  # the newer report's 2024 figure wins
    assert chart["growth"] == [None, 4.5, 6.5]
    client = Client()
    client.force_login(sup.clerk)
    html = client.get(f"/supervision/reports/{new.pk}/").content.decode()
    assert 'id="sup-chart-data"' in html and "supervision/charts.js" in html and "<script>" not in html


def test_figures_form_shows_chinese_errors_and_keeps_the_rows(sup):
    r = make_report(sup, kind="budget_execution", lead="ysw", meeting_date=D(2026, 7, 24))
    client = Client()
    client.force_login(sup.clerk)
    url = f"/supervision/reports/{r.pk}/figures/"
    assert client.get(url).status_code == 200
    resp = client.post(url, {"r0-indicator": "一般公共预算收入（上半年）", "r0-year": "2026", "r0-actual": "abc",
                             "lock_version": r.lock_version})
    html = resp.content.decode()
    assert resp.status_code == 200 and "「abc」不是有效的金额" in html and "一般公共预算收入（上半年）" in html
    resp = client.post(url, {"r0-indicator": "一般公共预算收入（上半年）", "r0-year": "2026", "r0-actual": "230.8",
                             "r0-unit": "亿元", "lock_version": r.lock_version})
    assert resp.status_code == 302 and str(r.figures.get().actual) == "230.80"
    member = Client()
    member.force_login(sup.member)
    assert member.get(url).status_code in (403, 404)


def test_preliminary_review_opinion_and_its_handling(sup):
    r = make_report(sup, kind="budget_adjustment", lead="ysw", meeting_date=D(2026, 10, 30))
    p = svc.prelim_create(actor=sup.clerk, report=r, body=sup.city.bodies["cjw"], opinion="建议压减一般性支出。")
    p = svc.prelim_transition(actor=sup.clerk, prelim=p, action="send", on=D(2026, 10, 5))
    with pytest.raises(RuleViolation) as exc:
        svc.prelim_transition(actor=sup.gov_user, prelim=p, action="handle", handling="")
    assert exc.value.rule.id == "SUP-PRELIM-REVIEW"
    p = svc.prelim_transition(actor=sup.gov_user, prelim=p, action="handle", handling="已压减支出2亿元。",
                              on=D(2026, 10, 12))
    assert (p.status, p.handled_on) == ("handled", D(2026, 10, 12))
    with pytest.raises(RuleViolation):
        svc.prelim_create(actor=sup.clerk, report=make_report(sup), body=sup.city.bodies["cjw"], opinion="x")


def test_audit_problems_become_rectification_items(sup):
    audit = _audit_report(sup, D(2026, 6, 24))
    item = svc.rectification_create(actor=sup.clerk, report=audit, title="污水处理费征收不到位", owner_unit=sup.water,
                                    deadline=D(2026, 9, 30))
    assert (item.number, item.organ, item.source_title) == (1, sup.gov, audit.title)
    with pytest.raises(RuleViolation):
        svc.rectification_create(actor=sup.clerk, report=advance_report(sup, make_report(sup), "deliberated"),
                                 title="x", owner_unit=sup.water, deadline=D(2026, 9, 30))
