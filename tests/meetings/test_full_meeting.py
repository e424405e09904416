"""One meeting from start to finish: agenda decided by 主任会议, notices in time, sign-in with two members on
leave, a regulation passed, two officials appointed and sworn in, minutes and letters produced."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.test import TestCase
from docx import Document

from renda.core import audit
from renda.core.models import Person
from renda.meetings import exports, selectors
from renda.meetings import services as svc
from renda.meetings.models import AgendaKind, Appointment, MeetingNotice, Nomination

from .conftest import chairs_meeting, sc_members

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 20)


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def ready_nomination(cast, *, nominator, organ, post, name):
    nom = svc.nomination_create(actor=cast.clerk, kind="appoint", nominator=nominator, organ=organ, post_title=post,
                                person_name=name, reasons="工作需要", has_letter=True, has_resume=True,
                                has_assessment=True, received_on=dt.date(2026, 3, 2))
    svc.nomination_transition(actor=cast.clerk, nomination=nom, action="start_review")
    nom = svc.nomination_update(actor=cast.clerk, nomination=nom, lock_version=nom.lock_version + 1,
                                review_opinion="经审查，符合任职条件。", exam_date=dt.date(2026, 3, 10), exam_score=88)
    return svc.nomination_transition(actor=cast.clerk, nomination=nom, action="complete_review")


def test_a_full_meeting(cast):
    c = cast
    people = sc_members(c)
    for i, p in enumerate(people):
        p.email = f"member{i}@example.cn"
        p.save(update_fields=["email"])
    chairs = chairs_meeting(c, dt.date(2026, 3, 5))
    meeting = svc.meeting_create(actor=c.clerk, kind="standing", date=DAY, place="常委会会议厅",
                                 start_time=dt.time(9, 0))
    assert meeting.title == "甲市第十二届人民代表大会常务委员会第一次会议"
    assert meeting.convenor == c.city.director and meeting.presider == c.city.director

    # the agenda: a regulation (generic item), a decision, two appointments
    regulation = svc.item_add(actor=c.clerk, meeting=meeting, kind=AgendaKind.REGULATION,
                              title="《甲市市容和环境卫生管理条例（草案）》表决稿",
                              proposer="法制委员会", documents=["条例草案表决稿", "审议结果的报告"])
    decision = svc.decision_create(actor=c.clerk, title="甲市人大常委会关于加强水环境治理的决定",
                                   text="为加强水环境治理，作出如下决定：\n一、……\n二、……", proposer=c.city.organs["gov"])
    decision = svc.decision_transition(actor=c.clerk, decision=decision, action="submit")
    dec_item = svc.item_add(actor=c.clerk, meeting=meeting, object_type="meetings.decision", object_id=decision.pk)
    water = ready_nomination(c, nominator="mayor", organ=c.city.units["市水务局"], post="甲市水务局局长", name="赵清源")
    judge = ready_nomination(c, nominator="court_president", organ=c.city.organs["court"],
                             post="甲市中级人民法院副院长", name="钱正平")
    items = [svc.item_add(actor=c.clerk, meeting=meeting, object_type="meetings.nomination", object_id=n.pk)
             for n in (water, judge)]
    assert items[0].kind == "appointment" and items[0].concerned_org == c.city.units["市水务局"]
    svc.meeting_transition(actor=c.clerk, meeting=meeting, action="submit_agenda")
    meeting = svc.meeting_transition(actor=c.leader, meeting=meeting, action="decide_agenda", chairs_meeting=chairs,
                                     decided_on=dt.date(2026, 3, 5))
    assert meeting.status == "convened" and meeting.agenda_decided_by == chairs
    assert set(meeting.agenda_items.values_list("status", flat=True)) == {"listed"}
    vice_mayor = Person.objects.create(congress=c.congress, name="孙副市长", title="甲市人民政府副市长",
                                       email="vm@example.cn")
    svc.attendance_add_nonvoting(actor=c.clerk, meeting=meeting, person=vice_mayor)

    # notices: nothing before the notice day, everyone on it, nothing twice (seven whole days before the meeting on
    # the 20th, the default strict reading of rule CAL-BEFORE: the 12th)
    assert svc.notices_send_due(today=dt.date(2026, 3, 11)) == []
    with TestCase.captureOnCommitCallbacks(execute=True):  # the outbox sends once the run commits
        svc.notices_send_due(today=dt.date(2026, 3, 12))
        assert len(mail.outbox) == 0
    assert len(mail.outbox) == 12
    assert {m.to[0] for m in mail.outbox} == {p.email for p in people} | {"vm@example.cn"}
    assert "会议通知" in mail.outbox[0].subject and "常委会会议厅" in mail.outbox[0].body
    assert "甲市市容和环境卫生管理条例" in mail.outbox[0].body
    with TestCase.captureOnCommitCallbacks(execute=True):
        svc.notices_send_due(today=dt.date(2026, 3, 12))
        svc.notices_send_due(today=dt.date(2026, 3, 13))
    assert len(mail.outbox) == 12
    notices = MeetingNotice.objects.filter(meeting=meeting)
    assert notices.count() == 12 and not notices.filter(late=True).exists()
    assert all(n.sent_on <= DAY - dt.timedelta(days=8) for n in notices)

    # attendance: two members on leave, nine sign in, the vice-mayor attends without a vote
    for p in people[9:]:
        att = svc.attendance_request_leave(actor=c.clerk, meeting=meeting, person=p, reason="因公出差")
        svc.attendance_decide_leave(actor=c.leader, attendance=att, approve=True)
    for p in [*people[:9], vice_mayor]:
        svc.attendance_sign_in(actor=c.clerk, meeting=meeting, person=p)
    q = selectors.quorum(meeting)
    assert (q["total"], q["present"], q["on_leave"], q["nonvoting"], q["met"]) == (11, 9, 2, 1, True)
    meeting = svc.meeting_transition(actor=c.clerk, meeting=meeting, action="open")

    # the regulation: a separate vote on a contested article, then the whole
    part = svc.vote_open(actor=c.clerk, item=regulation, part="第二十三条")
    svc.ballots_record(actor=c.clerk, vote=part, choices={p.pk: "yes" for p in people[:7]} | {people[7].pk: "no"})
    part = svc.vote_transition(actor=c.clerk, vote=part, action="announce")
    assert part.passed and part.not_voted == 1
    regulation.refresh_from_db()
    assert regulation.status == "listed"  # a part vote never settles the item
    whole = svc.vote_open(actor=c.clerk, item=regulation)
    csv = "序号,姓名,表决结果\n" + "\n".join(
        f"{i},{p.name},{'赞成' if i < 9 else '弃权'}" for i, p in enumerate(people[:9], start=1))
    report = svc.ballots_import(actor=c.clerk, vote=whole, data=csv.encode("gb18030"), filename="表决器导出.csv")
    assert report.ok and report.counts["yes"] == 8
    whole = svc.vote_transition(actor=c.clerk, vote=whole, action="announce")
    assert (whole.yes, whole.abstain, whole.passed) == (8, 1, True)
    regulation.refresh_from_db()
    assert regulation.status == "passed"

    # the decision: its vote adopts it through the registered hook
    v = svc.vote_open(actor=c.clerk, item=dec_item)
    svc.ballots_record(actor=c.clerk, vote=v, choices={p.pk: "yes" for p in people[:9]})
    svc.vote_transition(actor=c.clerk, vote=v, action="announce")
    decision.refresh_from_db()
    assert decision.status == "adopted" and decision.adopted_on == DAY

    # appointments: the statement first (供职发言), then a vote per person
    for nom, item in zip((water, judge), items, strict=True):
        with pytest.raises(Exception) as exc:
            svc.vote_open(actor=c.clerk, item=item)
        assert "供职发言" in str(exc.value)
        nom = Nomination.objects.get(pk=nom.pk)
        svc.nomination_update(actor=c.clerk, nomination=nom, lock_version=nom.lock_version, statement_date=DAY,
                              statement_mode="plenary")
        v = svc.vote_open(actor=c.clerk, item=item)
        svc.ballots_record(actor=c.clerk, vote=v, choices={p.pk: "yes" for p in people[:8]} | {people[8].pk: "no"})
        svc.vote_transition(actor=c.clerk, vote=v, action="announce")
    water.refresh_from_db()
    judge.refresh_from_db()
    assert (water.status, judge.status) == ("approved", "approved")
    assert water.letter_number == "甲人常任〔2026〕1号" and judge.letter_number == "甲人常任〔2026〕2号"
    roster = Appointment.objects.filter(congress=c.congress, end_date__isnull=True)
    assert {(a.person.name, a.post_title, a.start_date) for a in roster} == {
        ("赵清源", "甲市水务局局长", DAY), ("钱正平", "甲市中级人民法院副院长", DAY)}

    # the constitutional oath, administered by the director
    oath = svc.oath_record(actor=c.clerk, date=DAY, administered_by=c.city.director, nominations=[water, judge],
                           place="常委会会议厅", meeting=meeting)
    water.refresh_from_db()
    assert water.status == "sworn" and water.oath == oath and oath.leader.name == "赵清源"
    meeting = svc.meeting_transition(actor=c.clerk, meeting=meeting, action="close")
    assert meeting.status == "closed"
    svc.decision_transition(actor=c.clerk, decision=decision, action="publish", doc_number="")

    # documents: minutes from the record, letters, the announcement, the result sheet, the materials
    votes = selectors.votes_for(c.clerk, meeting)
    rows = selectors.roster(meeting)
    noms = list(Nomination.objects.filter(pk__in=[water.pk, judge.pk]).order_by("pk"))
    minutes = docx_text(exports.minutes_docx(
        meeting, items=list(selectors.items_for(c.clerk, meeting)), votes=votes, roster=rows,
        quorum=selectors.quorum(meeting, rows), nominations=noms, oaths=[oath]))
    assert "纪要" in minutes and "全体组成人员11人，出席9人，符合法定人数" in minutes
    assert f"请假：{people[9].name}、{people[10].name}" in minutes and "列席：孙副市长" in minutes
    assert "对第二十三条单独表决" in minutes and "赞成8票" in minutes
    assert "任命赵清源为甲市水务局局长" in minutes and "宪法宣誓" in minutes
    letter = docx_text(exports.letter_docx(noms[0], meeting))
    assert "任命书" in letter and "甲人常任〔2026〕1号" in letter and "根据市长的提请" in letter
    assert "任命赵清源为甲市水务局局长" in letter
    ann = docx_text(exports.announcement_docx(meeting, votes, noms, [decision]))
    assert "公告" in ann and "甲市市容和环境卫生管理条例" in ann and "钱正平为甲市中级人民法院副院长" in ann
    sheet = docx_text(exports.results_docx(meeting, votes))
    assert "第二十三条" in sheet and "通过" in sheet
    materials = docx_text(exports.materials_docx(meeting, list(meeting.agenda_items.order_by("position"))))
    assert "会议议程" in materials and "审议结果的报告" in materials and "考察材料" in materials
    notice = docx_text(exports.appointments_notice_docx(meeting, noms))
    assert "甲市人民政府" in notice and "甲市中级人民法院" in notice
    assert audit.verify() == []
