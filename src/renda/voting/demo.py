"""The demo city's live voting: on the narrative day a standing-committee meeting convened at short notice
(临时召集) is in session. Its first item was voted by show of hands when the voting terminals failed (the fallback,
议事规则 第四十八条); the second is being voted live from the members' own devices — 主任 and 委员 have voted, the
office (bangongting) watches the live screen and closes the vote; `fuzhuren` can still vote from a phone.

Everything goes through the services (the audit trail is the real one). Dates through renda.demo.clock.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from renda.core import attachments
from renda.demo.clock import D, Y, at
from renda.meetings import membership
from renda.meetings import services as msvc
from renda.meetings.models import AgendaKind, Meeting
from renda.voting import services

HALL = "市人大常委会会议厅"
# A one-page PDF (the draft's stand-in; type checked by content at upload like any other file)
DEMO_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def load(ctx) -> None:
    office, director = ctx.users["bangongting"], ctx.users["zhuren"]
    day = D(2026, 11, 26)
    chairs = (Meeting.objects.filter(congress=ctx.city.congress, kind="chairs", status="closed", date__lt=day)
              .order_by("-date").first()) or Meeting.objects.filter(
        congress=ctx.city.congress, kind="chairs", date__lt=day).order_by("-date").first()
    meeting = msvc.meeting_create(actor=office, kind="standing", date=day, place=HALL, start_time=dt.time(9, 0),
                                  is_ad_hoc=True)
    fund = msvc.item_add(actor=office, meeting=meeting, kind=AgendaKind.DECISION, requires_vote=True,
                         proposer="市人民政府",
                         title=f"关于批准{Y(2026)}年市级政府债务限额调整方案的决议（草案）")
    water = msvc.item_add(actor=office, meeting=meeting, kind=AgendaKind.DECISION, requires_vote=True,
                          proposer="主任会议", title="关于加强城市内涝治理工作的决定（草案）")
    msvc.meeting_transition(actor=office, meeting=meeting, action="submit_agenda")
    meeting = msvc.meeting_transition(actor=director, meeting=meeting, action="decide_agenda", chairs_meeting=chairs,
                                      decided_on=chairs.date, note=f"{chairs.title}决定（临时召集）")
    members = membership.members(meeting)
    voters = {u.person_id for u in (director, ctx.users["weiyuan"], ctx.users["fuzhuren"]) if u.person_id}
    away = [p for p in members if p.pk not in voters][-4:]
    present = [p for p in members if p not in away]
    msvc.attendance_sign_in_many(actor=office, meeting=meeting, people=present, at=at(day, 8, 45))
    meeting = msvc.meeting_transition(actor=office, meeting=meeting, action="open", at=at(day, 9))
    for item in (fund, water):
        msvc.item_transition(actor=office, item=item, action="deliberate", note="分组审议完毕")

    services.fallback_record(actor=office, item=fund, method="hands", at=at(day, 10, 30),
                             figures={"yes": len(present) - 2, "no": 0, "abstain": 2},
                             note="表决器系统故障，经主持人宣布改用举手表决")
    live = services.live_open(actor=office, item=water, minutes=None, at=at(day, 11))
    for username, choice in (("zhuren", "yes"), ("weiyuan", "yes")):
        services.cast(actor=ctx.users[username], live=live, choice=choice, at=at(day, 11, 1))
    # 我的会议材料: the draft decision as a file; 委员 has annotated it (a private note only they read)
    pdf = SimpleUploadedFile("关于加强城市内涝治理工作的决定（草案）.pdf", DEMO_PDF, content_type="application/pdf")
    doc = attachments.attach(actor=office, obj=water, upload=pdf)
    services.note_add(actor=ctx.users["weiyuan"], attachment_pk=doc.pk, position="第二条",
                      text="排水管网改造的完成时限是否可行？会上请市水务局说明资金安排。")
    ctx.say(f"已载入现场表决：{meeting.title}（临时召集）举手表决 1 项，电子表决进行中 1 项")
