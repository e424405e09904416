"""重点督办 progress reports: filed by the lead unit and the committee in charge, seen as a timeline by the
office and leadership, reminded when due (rule PR-PROGRESS), never shown to another unit."""

import datetime as dt
import json

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from tests.conftest import login
from tests.proposals.factories import assigned

from renda.core.errors import RuleViolation
from renda.core.models import RuleParameter
from renda.core.tokens import token_create
from renda.proposals import selectors, services
from renda.proposals.models import Assignment, ProgressReport, Reminder

pytestmark = pytest.mark.django_db
D = dt.date
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"




@pytest.fixture
def key(cast):
    """A 重点督办 item: 市水务局 主办, 市教育局 协办, 城建环保委 in charge; assigned 2 March, chosen 5 March."""
    c = cast
    c.item = assigned(c, title="关于综合治理水环境的建议", assist="市教育局", on=D(2026, 3, 2))
    c.item = services.supervise(actor=c.clerk, proposal=c.item, supervisor=c.city.vice_chairs[0],
                                body=c.city.bodies["cjhb"], today=D(2026, 3, 5))
    c.lead = Assignment.objects.get(proposal=c.item, role="lead")
    c.assist = Assignment.objects.get(proposal=c.item, role="assist")
    return c


def test_lead_unit_and_committee_file_a_dated_timeline(key):
    c = key
    services.progress_report_file(actor=c.unit_user, proposal=c.item, text="成立专班，完成排查。",
                                  reported_on=D(2026, 4, 1), today=D(2026, 4, 2))
    services.progress_report_file(actor=c.committee, proposal=c.item, text="城建环保委视察督办。",
                                  reported_on=D(2026, 3, 20), today=D(2026, 4, 2))
    reports = selectors.progress_reports(c.clerk, c.item)
    assert [(r.reported_on, r.reporter.name) for r in reports] == [
        (D(2026, 3, 20), c.city.bodies["cjhb"].name), (D(2026, 4, 1), "市水务局")]
    # The clerk and leadership see the timeline on the item's page and the next due date (30 days after
    # the last report: 1 May).
    for user in (c.clerk, c.leader):
        page = login(user).get(f"/proposals/{c.item.pk}/").content.decode()
        assert "办理进展（重点督办）" in page and "成立专班" in page and "城建环保委视察督办" in page
        assert "2026年5月1日" in page
    # The lead deputy is kept informed (本市条例第二十七条).
    assert "成立专班" in login(c.deputy).get(f"/proposals/{c.item.pk}/").content.decode()


def test_who_may_file_and_the_rule_refusals(key):
    c = key
    # The assisting unit, another committee, the deputy: not theirs to file.
    for user in (c.other_unit_user, c.other_committee, c.deputy, c.leader):
        with pytest.raises(PermissionDenied):
            services.progress_report_file(actor=user, proposal=c.item, text="进展")
    # Only 重点督办 items report progress.
    plain = assigned(c, title="关于河道保洁的建议")
    with pytest.raises(RuleViolation) as exc:
        services.progress_report_file(actor=c.unit_user, proposal=plain, text="进展")
    assert exc.value.rule.id == "PR-PROGRESS" and "不是重点督办件" in str(exc.value)
    # Bad input is a clear error, not a silent save.
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.progress_report_file(actor=c.unit_user, proposal=c.item, text="  ")
    with pytest.raises(ValidationError):
        services.progress_report_file(actor=c.unit_user, proposal=c.item, text="进展", reported_on=D(2026, 3, 1),
                                      today=D(2026, 4, 1))
    with pytest.raises(ValidationError):
        services.progress_report_file(actor=c.unit_user, proposal=c.item, text="进展", reported_on=D(2026, 5, 1),
                                      today=D(2026, 4, 1))
    # A closed item reports no more.
    services.reply_submit(actor=c.unit_user, assignment=c.lead, text="已答复", result_class="A",
                          communication="letter", signer="局长", today=D(2026, 5, 1))
    services.proposal_rate(actor=c.clerk, proposal=c.item, verdict="satisfied")
    with pytest.raises(RuleViolation) as exc:
        services.progress_report_file(actor=c.unit_user, proposal=c.item, text="进展")
    assert exc.value.rule.id == "PR-PROGRESS"
    assert not ProgressReport.objects.exists()


def test_unit_b_never_sees_unit_a_progress_reports_web_or_api(key):
    c = key
    client = login(c.unit_user)
    assert "报送办理进展" in client.get(f"/proposals/{c.item.pk}/").content.decode()  # the lead unit's form
    assert "报送办理进展" not in login(c.other_unit_user).get(f"/proposals/{c.item.pk}/").content.decode()
    resp = client.post(f"/proposals/{c.item.pk}/progress/", {
        "text": "雨污分流改造完成 9 公里。", "reported_on": "2026-04-10",
        "attachment": SimpleUploadedFile("进展.pdf", PDF, content_type="application/pdf")})
    assert resp.status_code == 302
    report = ProgressReport.objects.get()
    assert report.reporter.name == "市水务局" and report.reported_on == D(2026, 4, 10)
    att = selectors.progress_reports(c.clerk, c.item)[0].files[0]
    # The clerk downloads the attachment; the other unit cannot, though it assists on the item.
    assert login(c.clerk).get(f"/attachments/{att.pk}/").status_code == 200
    assert login(c.other_unit_user).get(f"/attachments/{att.pk}/").status_code == 404
    page = login(c.other_unit_user).get(f"/proposals/{c.item.pk}/").content.decode()
    assert "雨污分流改造完成" not in page
    # A unit with no part in the item gets 404 for the item and its progress, and no upload through the page.
    plain_b = assigned(c, title="关于增加学位的建议", lead="市教育局")
    assert login(c.unit_user).get(f"/proposals/{plain_b.pk}/").status_code == 404
    resp = login(c.other_unit_user).post(f"/proposals/{c.item.pk}/progress/", {"text": "冒充"})
    assert resp.status_code == 403
    # API: A lists and files its own; B sees none of A's reports and cannot file on A's assignment.
    _, key_a = token_create(actor=c.admin, user=c.unit_user, name="水务局")
    _, key_b = token_create(actor=c.admin, user=c.other_unit_user, name="教育局")
    api_a = Client(HTTP_AUTHORIZATION=f"Bearer {key_a}")
    api_b = Client(HTTP_AUTHORIZATION=f"Bearer {key_b}")
    rows = api_a.get(f"/api/v1/proposals/assignments/{c.lead.pk}/progress").json()
    assert [r["text"] for r in rows] == ["雨污分流改造完成 9 公里。"] and rows[0]["attachments"][0]["name"] == "进展.pdf"
    url = f"/api/v1/proposals/assignments/{c.lead.pk}/progress/{report.pk}/attachments/{att.pk}"
    assert api_a.get(url).status_code == 200
    assert api_b.get(url).status_code == 404
    # the report's attachment asked for under another item's assignment: 404, even for the office who sees both
    _, key_clerk = token_create(actor=c.admin, user=c.clerk, name="办公厅")
    api_clerk = Client(HTTP_AUTHORIZATION=f"Bearer {key_clerk}")
    other = Assignment.objects.filter(proposal=plain_b).first()
    assert api_clerk.get(url).status_code == 200
    assert api_clerk.get(f"/api/v1/proposals/assignments/{other.pk}/progress/{report.pk}/attachments/{att.pk}"
                          ).status_code == 404
    assert api_b.get(f"/api/v1/proposals/assignments/{c.lead.pk}/progress").status_code == 404
    assert api_b.get(f"/api/v1/proposals/assignments/{c.assist.pk}/progress").json() == []
    resp = api_b.post(f"/api/v1/proposals/assignments/{c.assist.pk}/progress", json.dumps({"text": "冒充"}),
                      content_type="application/json")
    assert resp.status_code == 403
    resp = api_a.post(f"/api/v1/proposals/assignments/{c.lead.pk}/progress",
                      json.dumps({"text": "完成 12 公里。", "reported_on": "2026-04-20"}),
                      content_type="application/json")
    assert resp.status_code == 201, resp.content
    plain = assigned(c, title="关于河道保洁的建议")
    plain_a = Assignment.objects.get(proposal=plain)
    resp = api_a.post(f"/api/v1/proposals/assignments/{plain_a.pk}/progress", json.dumps({"text": "进展"}),
                      content_type="application/json")
    assert resp.status_code == 409 and resp.json()["rule"] == "PR-PROGRESS"


def test_progress_reminders_are_due_by_the_interval_and_safe_to_run_twice(key, django_capture_on_commit_callbacks):
    c = key
    c.unit_user.email = "shuiwu@example.cn"
    c.unit_user.save()
    c.committee.email = "cjhb@example.cn"
    c.committee.save()
    # Chosen on 5 March: the first report is due 30 days later, on 4 April.
    assert services.send_progress_reminders(today=D(2026, 4, 3)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        call_command("proposals_remind", "--date", "2026-04-04")
        call_command("proposals_remind", "--date", "2026-04-04")
    assert services.send_reminders(today=D(2026, 4, 6)) == 0  # same due date: already reminded
    rem = Reminder.objects.get(kind="progress")
    assert rem.due_date == D(2026, 4, 4) and rem.assignment_id == c.lead.pk
    assert rem.recipients == ["cjhb@example.cn", "shuiwu@example.cn"]
    # one message per recipient through the outbox, sent once though the command ran twice
    assert sorted(m.to[0] for m in mail.outbox) == ["cjhb@example.cn", "shuiwu@example.cn"]
    assert all("进展报告" in m.subject for m in mail.outbox)
    # A report moves the next due date; a congress may set its own interval.
    services.progress_report_file(actor=c.unit_user, proposal=c.item, text="进展", reported_on=D(2026, 4, 10),
                                  today=D(2026, 4, 10))
    assert services.send_progress_reminders(today=D(2026, 5, 9)) == 0
    RuleParameter.objects.create(congress=c.congress, rule_id="PR-PROGRESS", name="interval_days", value=14)
    assert services.send_progress_reminders(today=D(2026, 4, 24)) == 1
    assert services.send_progress_reminders(today=D(2026, 4, 24)) == 0
    assert list(Reminder.objects.filter(kind="progress").values_list("due_date", flat=True).order_by("id")) == [
        D(2026, 4, 4), D(2026, 4, 24)]
    # The leadership's escalation list and home panel show the late report.
    page = login(c.leader).get("/proposals/escalation/").content.decode()
    assert "最近进展报告 2026-04-10" in page
    panel = selectors.home_panel(c.leader)
    assert [p.pk for p in panel["key"]] == [c.item.pk] and panel["key"][0].report_late
    # The unit sees the reminder in the app (home panel).
    assert any(r.kind == "progress" for r in selectors.home_panel(c.unit_user)["reminders"])
