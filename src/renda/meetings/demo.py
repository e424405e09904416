"""The demo city's meetings of 2026: 第一次 to 第九次常委会会议 (at most two months apart), the 主任会议 that
decided their agendas, a party-group meeting on the year's plan, a committee meeting, and the tenth meeting in
preparation. Attendance with leave, 列席, notices, votes (one imported from the voting system), decisions,
appointments with their oaths, a resignation that leaves a vacancy. Everything goes through the services.
"""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.db import transaction

from renda.core.models import OutboxMessage, Person
from renda.core.rules import periods
from renda.demo.clock import D, Y, iso, moved
from renda.meetings import agenda, membership
from renda.meetings import services as svc
from renda.meetings.models import AgendaKind, Choice, Meeting

TZ = ZoneInfo("Asia/Shanghai")
HALL = "市人大常委会会议厅"
ROOM = "市人大常委会第一会议室"

# (date, [(title, kind, requires_vote, proposer, part-vote article)]) for 第一次 … 第九次; decisions, nominations and
# resignations are added by name below.
STANDING = [
    ("2026-01-23", [("听取市人民政府关于2026年重点民生实事项目安排情况的报告", AgendaKind.REPORT, False, "市人民政府", "")]),
    ("2026-03-13", [("听取和审议市人民政府关于2025年国民经济和社会发展计划执行情况的报告", AgendaKind.REPORT, False,
                     "市人民政府", "")]),
    ("2026-04-24", [("《XX市市容和环境卫生管理条例（草案）》（一审）", AgendaKind.REGULATION, False, "市人民政府", ""),
                    ("听取和审议市人民政府关于海绵城市建设情况的报告", AgendaKind.REPORT, False, "市人民政府", "")]),
    ("2026-06-24", [("《XX市市容和环境卫生管理条例（草案）》（二审）", AgendaKind.REGULATION, False, "法制委员会", ""),
                    ("听取和审议市人民政府关于2025年市级决算的报告，审查批准2025年市级决算", AgendaKind.DECISION, True,
                     "市人民政府", ""),
                    ("听取和审议市人民政府关于2025年度市级预算执行和其他财政收支的审计工作报告", AgendaKind.REPORT, False,
                     "市人民政府", "")]),
    ("2026-07-24", [("《XX市历史文化名城保护条例（草案）》（一审）", AgendaKind.REGULATION, False, "市人民政府", ""),
                    ("听取和审议市人民政府关于2026年上半年国民经济和社会发展计划、预算执行情况的报告", AgendaKind.REPORT,
                     False, "市人民政府", "")]),
    ("2026-08-28", [("《XX市市容和环境卫生管理条例》（表决稿）", AgendaKind.REGULATION, True, "法制委员会", "第二十三条"),
                    ("听取和审议市中级人民法院关于司法体制改革推进情况的报告", AgendaKind.REPORT, False, "市中级人民法院", "")]),
    ("2026-09-24", [("《XX市历史文化名城保护条例（草案）》（二审）", AgendaKind.REGULATION, False, "法制委员会", ""),
                    ("听取和审议市人民政府关于基本公共文化服务均等化工作情况的报告", AgendaKind.REPORT, False, "市人民政府",
                     "")]),
    ("2026-10-30", [("听取和审议市人民政府关于2026年市级预算调整方案的报告，审查批准预算调整方案", AgendaKind.DECISION, True,
                     "市人民政府", ""),
                    ("听取市人民政府关于综合治理水环境议案办理情况的报告", AgendaKind.REPORT, False, "市人民政府", "")]),
    ("2026-11-20", [("《XX市历史文化名城保护条例》（表决稿）", AgendaKind.REGULATION, True, "法制委员会", "第十八条"),
                    ("听取和审议市人民政府关于国有资产管理情况的综合报告", AgendaKind.REPORT, False, "市人民政府", "")]),
]
# 主任会议 of 2026; the one closest before each standing meeting (at least eight days ahead) decides its agenda.
CHAIRS = ["2026-01-15", "2026-02-05", "2026-02-26", "2026-03-26", "2026-04-09", "2026-05-14", "2026-06-11",
          "2026-07-07", "2026-07-14", "2026-08-13", "2026-09-03", "2026-09-15", "2026-10-15", "2026-11-05",
          "2026-11-12", "2026-12-03"]
CHAIRS_TOPICS = ["研究常委会会议议程草案", "研究代表建议重点督办工作", "听取各专门委员会近期工作情况汇报",
                 "研究常委会年度监督工作安排", "研究立法计划推进情况", "研究执法检查工作方案"]


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TZ)


def load(ctx) -> None:
    city = ctx.city
    office, director_user = ctx.users["bangongting"], ctx.users["zhuren"]
    rng = random.Random(2026)
    members = [city.director, *city.vice_chairs, city.secretary_general, *city.members]
    # demo contact addresses for the members (notices go by e-mail; the demo's are recorded as sent, never sent)
    for n, p in enumerate(members, start=1):
        if not p.email:
            Person.objects.filter(pk=p.pk).update(email=f"member{n:02d}@xx-rd.example.cn")
    leaders = [city.director, *city.vice_chairs, city.secretary_general]

    chairs = [_chairs_meeting(office, director_user, iso(d), n, leaders, rng, ctx.today)
              for n, d in enumerate(CHAIRS)]
    _party_group(office, director_user, leaders)

    guests = {}
    nominations = _nominations(office, city)
    resigning = city.members[20]
    standing = []
    for n, (day_s, items) in enumerate(moved(STANDING), start=1):
        day = iso(day_s)
        deciding = max((c for c in chairs if c.date <= day - dt.timedelta(days=8)), key=lambda c: c.date)
        meeting = svc.meeting_create(actor=office, kind="standing", date=day, place=HALL, start_time=dt.time(9, 0),
                                     presider=city.director if n % 3 else city.vice_chairs[0])
        added = []
        for k, (title, kind, vote, proposer, part) in enumerate(items):
            item = svc.item_add(actor=office, meeting=meeting, title=title, kind=kind, requires_vote=vote,
                                proposer=proposer, documents=_documents(kind, title),
                                slot_start=_at(day, 9 + k, 0), slot_minutes=50)
            added.append((item, part))
        extra = _extra_items(n, office, meeting, nominations, city, resigning)
        svc.meeting_transition(actor=office, meeting=meeting, action="submit_agenda")
        meeting = svc.meeting_transition(actor=director_user, meeting=meeting, action="decide_agenda",
                                         chairs_meeting=deciding, decided_on=deciding.date,
                                         note=f"{deciding.title}决定")
        for title, name in (("市人民政府副市长", "周振华"), ("市中级人民法院院长", "吴立群"), ("市人民检察院检察长", "郑守正")):
            person = guests.get(name)
            att = svc.attendance_add_nonvoting(actor=office, meeting=meeting, person=person, name=name,
                                               role_note=title)
            guests[name] = att.person
        notice_day = periods.latest_before(meeting.congress_id, day, 7)  # "七日前" as the congress reads it
        with transaction.atomic():  # the demo's notices are history: recorded as sent before the commit, never mailed
            svc.notices_send(meeting=meeting, today=notice_day, actor=office)
            OutboxMessage.objects.filter(key__startswith=f"meeting-notice:{meeting.pk}:").update(
                status=OutboxMessage.Status.SENT)
        standing.append(_hold(meeting, office, director_user, members, added, extra, rng, n, day))
    _tenth_meeting(office, city)
    _committee_meeting(office, director_user, city)
    ctx.extra["meetings"] = {"standing": standing, "chairs": chairs}
    ctx.say(f"已载入 {len(standing)} 次常委会会议、{len(chairs)} 次主任会议及其议程、出席、表决和人事任免")


def _documents(kind: str, title: str) -> list[str]:
    if kind == AgendaKind.REGULATION:
        return ["条例草案", "关于条例草案的说明", "审议情况的报告"]
    if kind == AgendaKind.DECISION:
        return ["决定（决议）草案", "有关报告"]
    return ["报告文本"]


def _chairs_meeting(office, director_user, day: dt.date, n: int, leaders, rng, today: dt.date) -> Meeting:
    meeting = svc.meeting_create(actor=office, kind="chairs", date=day, place=ROOM, start_time=dt.time(15, 0))
    topics = [f"审议通过常委会{Y(2026)}年工作要点"] if n == 0 else []
    if n == 7:
        topics = [f"审议通过常委会{Y(2026)}年工作要点修订稿"]
    topics.append(CHAIRS_TOPICS[n % len(CHAIRS_TOPICS)])
    items = [svc.item_add(actor=office, meeting=meeting, title=t, kind=AgendaKind.OTHER, requires_vote=False)
             for t in topics]
    svc.meeting_transition(actor=office, meeting=meeting, action="submit_agenda")
    meeting = svc.meeting_transition(actor=director_user, meeting=meeting, action="decide_agenda",
                                     decided_on=day - dt.timedelta(days=2))
    if day > today:
        return meeting  # a coming one: convened, not yet held
    present = [p for p in leaders if rng.random() > 0.1]
    svc.attendance_sign_in_many(actor=office, meeting=meeting, people=present, at=_at(day, 14, 50))
    meeting = svc.meeting_transition(actor=office, meeting=meeting, action="open", at=_at(day, 15))
    for item in items:
        svc.item_transition(actor=office, item=item, action="deliberate")
    return svc.meeting_transition(actor=office, meeting=meeting, action="close", at=_at(day, 17))


def _party_group(office, director_user, leaders) -> None:
    day = D(2026, 1, 28)
    meeting = svc.meeting_create(actor=office, kind="party_group", date=day, place=ROOM, start_time=dt.time(9, 0),
                                 notes="党组（扩大）会议，常委会副秘书长、各专门委员会和工作机构主要负责人列席")
    item = svc.item_add(actor=office, meeting=meeting, title=f"研究常委会{Y(2026)}年工作要点（送审稿）",
                        kind=AgendaKind.OTHER, requires_vote=False)
    svc.meeting_transition(actor=office, meeting=meeting, action="submit_agenda")
    meeting = svc.meeting_transition(actor=director_user, meeting=meeting, action="decide_agenda",
                                     decided_on=day - dt.timedelta(days=3))
    svc.attendance_sign_in_many(actor=office, meeting=meeting, people=leaders, at=_at(day, 8, 50))
    svc.meeting_transition(actor=office, meeting=meeting, action="open", at=_at(day, 9))
    svc.item_transition(actor=office, item=item, action="deliberate")
    svc.meeting_transition(actor=office, meeting=meeting, action="close", at=_at(day, 11, 30))


def _committee_meeting(office, director_user, city) -> None:
    """法制委员会 统一审议 before the third reading of the city-appearance regulation."""
    day = D(2026, 8, 14)
    meeting = svc.meeting_create(actor=office, kind="committee", body=city.bodies["fzw"], date=day, place=ROOM,
                                 start_time=dt.time(9, 30))
    item = svc.item_add(actor=office, meeting=meeting, title="统一审议《XX市市容和环境卫生管理条例（草案修改稿）》",
                        kind=AgendaKind.REGULATION, requires_vote=False, proposer="法制工作委员会")
    svc.meeting_transition(actor=office, meeting=meeting, action="submit_agenda")
    meeting = svc.meeting_transition(actor=director_user, meeting=meeting, action="decide_agenda",
                                     decided_on=day - dt.timedelta(days=5))
    svc.attendance_sign_in_many(actor=office, meeting=meeting, people=membership.members(meeting),
                                at=_at(day, 9, 20))
    svc.meeting_transition(actor=office, meeting=meeting, action="open", at=_at(day, 9, 30))
    svc.item_transition(actor=office, item=item, action="deliberate")
    svc.meeting_transition(actor=office, meeting=meeting, action="close", at=_at(day, 11, 30))


def _nominations(office, city) -> dict:
    """The 任免案 of the year, reviewed and ready; each goes on one meeting's agenda."""

    def ready(kind, nominator, organ, post, name=None, person=None, received="2026-01-12", score=90):
        nom = svc.nomination_create(
            actor=office, kind=kind, nominator=nominator, organ=organ, post_title=post, person=person,
            person_name=name or "", reasons="工作需要。" if kind == "appoint" else "本人申请。",
            has_letter=True, has_resume=True, has_assessment=True, received_on=iso(received),
        )
        svc.nomination_transition(actor=office, nomination=nom, action="start_review")
        nom = svc.nomination_update(
            actor=office, nomination=nom, lock_version=nom.lock_version + 1,
            review_opinion="经代表人事选举工作委员会审查，材料齐全，符合法定条件和程序。",
            reviewed_on=iso(received) + dt.timedelta(days=2),
            **({"exam_date": iso(received) + dt.timedelta(days=3), "exam_score": score}
               if kind == "appoint" else {}),
        )
        return svc.nomination_transition(actor=office, nomination=nom, action="complete_review",
                                         reviewed_on=iso(received) + dt.timedelta(days=4))

    return {
        1: [ready("appoint", "mayor", city.units["市水务局"], "XX市水务局局长", "韩清源"),
            ready("appoint", "mayor", city.units["市教育局"], "XX市教育局局长", "冯育才", score=86)],
        3: [ready("appoint", "court_president", city.organs["court"], "XX市中级人民法院审判员", "卫明哲",
                  received="2026-04-02", score=92)],
    }


def _extra_items(n, office, meeting, nominations, city, resigning):
    extra = []
    for nom in nominations.get(n, []):
        extra.append(("nomination", svc.item_add(actor=office, meeting=meeting, object_type="meetings.nomination",
                                                 object_id=nom.pk)))
    if n == 2:
        dec = svc.decision_create(
            actor=office, title="XX市人民代表大会常务委员会关于加强水环境综合治理的决定",
            text=("为贯彻落实市第十二届人民代表大会第一次会议关于综合治理水环境的议案，推进水环境持续改善，"
                  "作出如下决定：\n一、市人民政府应当统筹推进水资源保护、水污染防治和水生态修复。\n"
                  "二、各区（市）人民政府应当落实河湖长制，加强入河排污口监管。\n"
                  "三、市人民政府每年向市人民代表大会常务委员会报告水环境综合治理情况。\n本决定自公布之日起施行。"),
            proposer=city.organs["gov"], drafting_body=city.bodies["cjhb"],
        )
        dec = svc.decision_transition(actor=office, decision=dec, action="submit")
        extra.append(("decision", svc.item_add(actor=office, meeting=meeting, object_type="meetings.decision",
                                               object_id=dec.pk)))
    if n == 5:
        nom = svc.nomination_create(
            actor=office, kind="resign", nominator="self", organ=city.standing_committee,
            post_title="XX市人民代表大会常务委员会委员", person=resigning, reasons="因工作调动，本人申请辞去常委会委员职务。",
            has_letter=True, has_resume=True, has_assessment=True, received_on=D(2026, 7, 6),
        )
        svc.nomination_transition(actor=office, nomination=nom, action="start_review")
        nom = svc.nomination_update(actor=office, nomination=nom, lock_version=nom.lock_version + 1,
                                    review_opinion="经审查，辞职理由属实，程序符合规定。")
        svc.nomination_transition(actor=office, nomination=nom, action="complete_review")
        extra.append(("nomination", svc.item_add(actor=office, meeting=meeting, object_type="meetings.nomination",
                                                 object_id=nom.pk)))
    return extra


def _hold(meeting, office, director_user, members, added, extra, rng, n, day):
    """Leave, sign-in, votes, oaths and the close of one standing meeting."""
    in_post = set(membership.member_ids(meeting))
    roster = [p for p in members if p.pk in in_post]
    on_leave = rng.sample(roster[9:], 2 + n % 3)
    absent = [p for p in roster[9:] if p not in on_leave][:1] if n in (4, 7) else []
    for p in on_leave:
        att = svc.attendance_request_leave(actor=office, meeting=meeting, person=p,
                                           reason=rng.choice(["因公出差", "因病", "参加上级会议", "外出学习"]))
        svc.attendance_decide_leave(actor=director_user, attendance=att, approve=True)
    present = [p for p in roster if p not in on_leave and p not in absent]
    guests = [a.person for a in meeting.attendances.filter(capacity="nonvoting").select_related("person")]
    svc.attendance_sign_in_many(actor=office, meeting=meeting, people=present + guests, at=_at(day, 8, 45))
    meeting = svc.meeting_transition(actor=office, meeting=meeting, action="open", at=_at(day, 9))
    clock = [_at(day, 11, 0)]

    def vote(item, part=""):
        clock[0] += dt.timedelta(minutes=3)
        v = svc.vote_open(actor=office, item=item, part=part, at=clock[0])
        choices = {}
        for p in present:
            r = rng.random()
            choices[p.pk] = Choice.YES if r < 0.9 else Choice.ABSTAIN if r < 0.95 else Choice.NO
        if n == 6 and not part:  # the voting system's export, imported
            csv = "序号,姓名,人员编号,表决结果\n" + "\n".join(
                f"{i},{p.name},{p.pk},{dict(Choice.choices)[c]}"
                for i, (p, c) in enumerate(((p, choices[p.pk]) for p in present), start=1))
            report = svc.ballots_import(actor=office, vote=v, data=csv.encode("utf-8"), filename="表决系统导出.csv")
            assert report.ok, report.errors
        else:
            svc.ballots_record(actor=office, vote=v, choices=choices)
        return svc.vote_transition(actor=office, vote=v, action="announce", at=clock[0] + dt.timedelta(minutes=1))

    for item, part in added:
        if item.requires_vote:
            if part:
                vote(item, part)
            vote(item)
        else:
            svc.item_transition(actor=office, item=item, action="deliberate")
    for kind, item in extra:
        if kind == "nomination":
            nom = agenda.linked_object(item)
            if nom.kind == "appoint":
                svc.nomination_update(actor=office, nomination=nom, lock_version=nom.lock_version,
                                      statement_date=day, statement_mode="plenary")
        vote(item)
    appointed = [agenda.linked_object(i) for k, i in extra if k == "nomination"]
    appointed = [x for x in appointed if x.kind == "appoint" and x.status == "approved"]
    if appointed:
        svc.oath_record(actor=office, date=day, administered_by=members[0], nominations=appointed, place=HALL,
                        meeting=meeting)
    for kind, item in extra:
        if kind == "decision":
            dec = agenda.linked_object(item)
            if dec.status == "adopted":
                svc.decision_transition(actor=office, decision=dec, action="publish",
                                        published_on=day + dt.timedelta(days=1), doc_number="第1号")
    return svc.meeting_transition(actor=office, meeting=meeting, action="close", at=_at(day, 12))


def _tenth_meeting(office, city) -> None:
    """The next meeting, in preparation: items proposed, the agenda not yet decided."""
    meeting = svc.meeting_create(actor=office, kind="standing", date=D(2026, 12, 18), place=HALL,
                                 start_time=dt.time(9, 0))
    for title, kind, vote in (
        (f"审议《XX市人民代表大会常务委员会{Y(2027)}年度立法计划（草案）》", AgendaKind.OTHER, False),
        (f"听取和审议市人民政府关于{Y(2026)}年度环境状况和环境保护目标完成情况的报告", AgendaKind.REPORT, False),
        ("听取和审议市人民检察院关于公益诉讼检察工作情况的报告", AgendaKind.REPORT, False),
    ):
        svc.item_add(actor=office, meeting=meeting, title=title, kind=kind, requires_vote=vote)
