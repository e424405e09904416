"""The pages for real users: list and calendar, a meeting, sign-in (htmx), votes and the CSV report, appointments,
decisions, statistics, downloads, the home panel."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document
from tests.conftest import login

from renda.core import rules
from renda.meetings import services as svc
from renda.meetings.models import Attendance, Ballot, Meeting, Nomination

from .conftest import MEETING_DAY, sign_in

pytestmark = pytest.mark.django_db




def test_index_lists_meetings_with_a_calendar_and_filters(world):
    c = world
    client = login(c.clerk)
    html = client.get(reverse("meetings:index"), {"month": "2026-03"}).content.decode()
    assert "2026年3月" in html and c.meeting.title in html and "主任会议" in html
    assert "安排会议" in html
    part = client.get(reverse("meetings:index"), {"kind": "chairs"}, HTTP_HX_REQUEST="true",
                      HTTP_HX_TARGET="meeting-table")
    assert part.status_code == 200 and "<html" not in part.content.decode()
    assert c.chairs.title in part.content.decode() and c.meeting.title not in part.content.decode()
    # junk filters never break the page: they are refused by name (400), a junk calendar month is this month
    bad = client.get(reverse("meetings:index"), {"month": "x-y", "year": "abc", "kind": "<b>"})
    assert bad.status_code == 400 and "会议类型“<b>”不在可选范围内" in bad.content.decode().replace("&lt;", "<").replace("&gt;", ">")
    assert client.get(reverse("meetings:index"), {"month": "x-y"}).status_code == 200


def test_clerk_arranges_a_meeting_through_the_form(cast):
    client = login(cast.clerk)
    assert client.get(reverse("meetings:meeting_create")).status_code == 200
    resp = client.post(reverse("meetings:meeting_create"), {"kind": "standing", "date": "2026-05-22",
                                                            "place": "常委会会议厅", "start_time": "09:00"})
    meeting = Meeting.objects.get(congress=cast.congress, date=dt.date(2026, 5, 22))
    assert resp.status_code == 302 and resp["Location"] == reverse("meetings:meeting", args=[meeting.pk])
    # a committee meeting needs its committee: a Chinese error on the form, nothing stored
    resp = client.post(reverse("meetings:meeting_create"), {"kind": "committee", "date": "2026-05-23", "place": "x"})
    assert resp.status_code == 200 and "请选择举行会议的专门委员会" in resp.content.decode()
    assert login(cast.member).get(reverse("meetings:meeting_create")).status_code == 403


def test_meeting_page_shows_the_agenda_and_the_rule_on_refusal(world):
    c = world
    client = login(c.clerk)
    html = client.get(reverse("meetings:meeting", args=[c.meeting.pk])).content.decode()
    assert "会议议程" in html and "关于任命赵清源为甲市水务局局长的议案" in html and "宣布开会" in html
    assert "全体组成人员 11 人" in html and "会议通知" in html
    resp = client.post(reverse("meetings:meeting_transition", args=[c.meeting.pk, "open"]))
    body = resp.content.decode()
    assert resp.status_code == 409 and "MTG-QUORUM" in body and "《组织法》第五十一条第三款" in body


def test_agenda_is_proposed_and_ordered_through_the_page(cast):
    client = login(cast.clerk)
    meeting = svc.meeting_create(actor=cast.clerk, kind="standing", date=MEETING_DAY, place="会议厅")
    url = reverse("meetings:item_add", args=[meeting.pk])
    client.post(url, {"title": "甲议题", "kind": "other"})
    client.post(url, {"title": "乙议题", "kind": "report"})
    resp = client.post(url, {"title": "", "kind": "other"})  # nothing chosen, nothing typed: a message, no item
    assert resp.status_code == 302 and meeting.agenda_items.count() == 2
    second = meeting.agenda_items.get(title="乙议题")
    resp = client.post(reverse("meetings:item_move", args=[second.pk, "up"]))  # says no version it read: refused
    assert resp.status_code == 409
    meeting.refresh_from_db()
    client.post(reverse("meetings:item_move", args=[second.pk, "up"]), {"lock_version": meeting.lock_version})
    assert list(meeting.agenda_items.order_by("position").values_list("title", flat=True)) == ["乙议题", "甲议题"]
    resp = client.post(reverse("meetings:item_arrange", args=[second.pk]), {
        "lock_version": second.lock_version, "slot_start": "2026-03-20T09:00", "slot_minutes": "45",
        "documents": "报告文本\n附件一"})
    second.refresh_from_db()
    assert second.slot_minutes == 45 and second.documents == ["报告文本", "附件一"]
    assert "报告文本" in client.get(reverse("meetings:item", args=[second.pk])).content.decode()


def test_sign_in_with_htmx_updates_the_row_and_the_quorum(world):
    c = world
    client = login(c.clerk)
    page = client.get(reverse("meetings:attendance", args=[c.meeting.pk])).content.decode()
    assert "签到" in page and "尚未达到法定人数" in page
    person = c.people[0]
    resp = client.post(reverse("meetings:attendance_action", args=[c.meeting.pk, person.pk, "sign_in"]),
                       HTTP_HX_REQUEST="true")
    html = resp.content.decode()
    assert resp.status_code == 200 and "<html" not in html
    assert f'id="row-{person.pk}"' in html and "已签到" in html and 'hx-swap-oob="true"' in html
    assert Attendance.objects.get(meeting=c.meeting, person=person).status == "present"
    # a leave request needs its reason; the director (leader) approves it
    other = c.people[10]
    client.post(reverse("meetings:attendance_action", args=[c.meeting.pk, other.pk, "request_leave"]),
                {"note": "因公出差"})
    html = login(c.leader).get("/").content.decode()
    assert "待批准的请假" in html and other.name in html
    resp = login(c.leader).post(reverse("meetings:attendance_action", args=[c.meeting.pk, other.pk,
                                                                            "approve_leave"]), HTTP_HX_REQUEST="true")
    assert "已准假" in resp.content.decode()
    # a member signs only themself in
    member = login(c.member)
    resp = member.post(reverse("meetings:attendance_action", args=[c.meeting.pk, c.people[1].pk, "sign_in"]))
    assert resp.status_code == 403
    member.post(reverse("meetings:attendance_action", args=[c.meeting.pk, c.member.person.pk, "sign_in"]))
    assert Attendance.objects.get(meeting=c.meeting, person=c.member.person).status == "present"


def test_a_refused_sign_in_via_htmx_shows_the_rule_in_the_row(world):
    c = world
    c.meeting = svc.meeting_transition(actor=c.leader, meeting=c.meeting, action="cancel", note="改期")
    resp = login(c.clerk).post(reverse("meetings:attendance_action", args=[c.meeting.pk, c.people[0].pk,
                                                                            "sign_in"]), HTTP_HX_REQUEST="true")
    assert resp.status_code == 200 and rules.get("MTG-ATTENDANCE").title in resp.content.decode()


def _open(c):
    sign_in(c, c.meeting, c.people[:9])
    c.meeting = svc.meeting_transition(actor=c.clerk, meeting=c.meeting, action="open")


def test_vote_entry_and_announcement_through_the_pages(world):
    c = world
    _open(c)
    client = login(c.clerk)
    resp = client.post(reverse("meetings:vote_open", args=[c.dec_item.pk]), {"part": "", "method": "electronic"})
    vote = c.dec_item.votes.get()
    assert resp.status_code == 302 and resp["Location"] == reverse("meetings:vote", args=[vote.pk])
    html = client.get(resp["Location"]).content.decode()
    assert "逐人表决意见" in html and "导入表决器数据" in html
    data = {f"p-{p.pk}": "yes" for p in c.people[:7]} | {f"p-{c.people[7].pk}": "no"}
    client.post(reverse("meetings:vote_ballots", args=[vote.pk]), data | {"lock_version": vote.lock_version})
    assert Ballot.objects.filter(vote=vote).count() == 8
    client.post(reverse("meetings:vote_transition", args=[vote.pk, "announce"]))
    vote.refresh_from_db()
    assert vote.status == "announced" and vote.passed and vote.not_voted == 1
    html = client.get(reverse("meetings:vote", args=[vote.pk])).content.decode()
    assert "通过" in html and "全体组成人员 11 人" in html
    c.decision.refresh_from_db()
    assert c.decision.status == "adopted"
    assert "已通过" in client.get(reverse("meetings:decision", args=[c.decision.pk])).content.decode()


def test_csv_import_page_reports_each_bad_row(world):
    c = world
    _open(c)
    vote = svc.vote_open(actor=c.clerk, item=c.dec_item)
    rows = "姓名,表决结果\n" + f"{c.people[0].name},赞成\n" + "查无此人,赞成\n" + f"{c.people[0].name},反对\n" \
        + f"{c.people[1].name},同意吧\n"
    upload = io.BytesIO(rows.encode("utf-8"))
    upload.name = "vote.csv"
    resp = login(c.clerk).post(reverse("meetings:vote_import", args=[vote.pk]), {"file": upload})
    html = resp.content.decode()
    assert resp.status_code == 422
    assert "第 3 行" in html and "查无此人" in html and "第 4 行" in html and "重复" in html and "第 5 行" in html
    assert not Ballot.objects.filter(vote=vote).exists()


def test_appointment_pages_letter_and_oath(world):
    c = world
    _open(c)
    for item in (c.nom_item,):
        v = svc.vote_open(actor=c.clerk, item=item)
        svc.ballots_record(actor=c.clerk, vote=v, choices={p.pk: "yes" for p in c.people[:9]})
        svc.vote_transition(actor=c.clerk, vote=v, action="announce")
    client = login(c.clerk)
    html = client.get(reverse("meetings:nominations")).content.decode()
    assert "任免名册" in html and "赵清源" in html and "登记宪法宣誓" in html
    nom = Nomination.objects.get(pk=c.nomination.pk)
    resp = client.get(reverse("meetings:nomination_letter", args=[nom.pk]))
    assert resp.status_code == 200 and resp["Content-Type"].startswith("application/vnd.openxmlformats")
    text = "\n".join(p.text for p in Document(io.BytesIO(resp.content)).paragraphs)
    assert "任命书" in text and "赵清源" in text
    resp = client.post(reverse("meetings:oath_create"), {"date": "2026-03-20", "form": "individual",
                                                         "administered_by": c.city.director.pk,
                                                         "nominations": [nom.pk], "place": "会议厅"})
    nom.refresh_from_db()
    assert resp.status_code == 302 and nom.status == "sworn"
    html = client.get(reverse("meetings:nomination", args=[nom.pk])).content.decode()
    assert "宪法宣誓" in html and c.city.director.name in html
    # the nomination form
    assert client.get(reverse("meetings:nomination_create")).status_code == 200
    resp = client.post(reverse("meetings:nomination_create"), {
        "kind": "appoint", "nominator": "court_president", "organ": c.city.units["市水务局"].pk,
        "post_title": "副局长", "person_name": "某某"})
    html = resp.content.decode()  # refused on the filled-in form (the kit's rule for a form page): 409, the reason
    assert resp.status_code == 409 and "不能由" in html and "提请" in html and 'value="副局长"' in html


@pytest.mark.parametrize("kind", ["materials", "results", "announcement", "minutes", "appointments-notice"])
def test_downloads_are_word_documents(world, kind):
    c = world
    _open(c)
    resp = login(c.clerk).get(reverse("meetings:export", args=[c.meeting.pk, kind]))
    assert resp.status_code == 200 and resp["Content-Type"].startswith("application/vnd.openxmlformats")
    assert Document(io.BytesIO(resp.content)).paragraphs


def test_decision_pages(cast):
    client = login(cast.clerk)
    resp = client.post(reverse("meetings:decision_create"), {"kind": "decision", "title": "关于某事项的决定",
                                                             "text": "一、……"})
    assert resp.status_code == 302
    html = client.get(reverse("meetings:decisions")).content.decode()
    assert "关于某事项的决定" in html and "起草中" in html
    resp = client.post(reverse("meetings:decision_create"), {"kind": "decision", "title": "", "text": ""})
    assert resp.status_code == 200 and "这个字段是必填项" in resp.content.decode()


def test_statistics_and_home_panel(world):
    c = world
    _open(c)
    html = login(c.clerk).get(reverse("meetings:statistics"), {"year": "2026"}).content.decode()
    assert "出席和表决情况" in html and c.people[0].name in html
    html = login(c.member).get(reverse("meetings:statistics")).content.decode()
    assert c.member.person.name in html and c.people[0].name not in html  # a member sees their own row
    assert login(c.unit_user).get(reverse("meetings:statistics")).status_code == 403
    html = login(c.clerk).get("/").content.decode()
    assert "会议" in html


def test_the_attendance_page_has_one_quorum_box(world):
    html = login(world.clerk).get(reverse("meetings:attendance", args=[world.meeting.pk])).content.decode()
    assert html.count('id="quorum"') == 1 and "hx-swap-oob" not in html


def test_closed_meetings_offer_no_attendance_buttons_and_chairs_meetings_have_the_director(world):
    c = world
    assert c.chairs.convenor == c.city.director and c.chairs.presider == c.city.director
    sign_in(c, c.meeting, c.people[:9])
    svc.meeting_transition(actor=c.clerk, meeting=c.meeting, action="open")
    svc.meeting_transition(actor=c.clerk, meeting=c.meeting, action="close")
    html = login(c.clerk).get(reverse("meetings:attendance", args=[c.meeting.pk])).content.decode()
    assert "取消签到" not in html and "<button" not in html.split('id="r-h"')[1].split("</section>")[0]


def test_steps_taken_by_the_vote_are_not_buttons_and_are_refused_on_the_page(world):
    """A decision is adopted or rejected by the vote's hook, never by a button: the page's one endpoint refuses
    those steps; the steps it offers come from the kit's one partial."""
    c = world
    client = login(c.clerk)
    resp = client.post(reverse("meetings:decision_transition", args=[c.decision.pk, "adopt"]))
    assert resp.status_code == 403
    c.decision.refresh_from_db()
    assert c.decision.status == "submitted"
    html = client.get(reverse("meetings:decision", args=[c.decision.pk])).content.decode()
    assert "表决通过" not in html and 'class="card actions"' in html and "退回修改" in html


def test_a_stale_meeting_edit_is_refused_on_the_filled_in_form(cast):
    """Two clerks edit the same meeting: the second, on an old version, keeps the form with 409 and the reason."""
    client = login(cast.clerk)
    client.post(reverse("meetings:meeting_create"), {"kind": "standing", "date": "2026-05-22", "place": "常委会会议厅",
                                                     "start_time": "09:00"})
    meeting = Meeting.objects.get(congress=cast.congress, date=dt.date(2026, 5, 22))
    form = client.get(reverse("meetings:meeting_edit", args=[meeting.pk])).context["form"]
    data = {name: ("" if form[name].value() is None else form[name].value()) for name in form.fields}
    assert client.post(reverse("meetings:meeting_edit", args=[meeting.pk]),
                       data | {"place": "第一会议室"}).status_code == 302
    resp = client.post(reverse("meetings:meeting_edit", args=[meeting.pk]), data | {"place": "第二会议室"})
    html = resp.content.decode()
    assert resp.status_code == 409 and "已被" in html and 'value="第二会议室"' in html
    assert Meeting.objects.get(pk=meeting.pk).place == "第一会议室"
