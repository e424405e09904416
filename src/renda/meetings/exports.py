"""Documents of a meeting as .docx (GB/T 9704 via core.documents.OfficialDocument).

The materials bundle (cover, agenda, schedule, each item's documents), the vote result sheet, the public
announcement (公告), the minutes (会议纪要), appointment letters (任命书), the appointment notice (任免通知)
and the text of a decision. Each function takes what the view read through the selectors.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from renda.core.documents import OfficialDocument, format_date
from renda.core.numerals import to_chinese
from renda.meetings.models import (
    AgendaItem,
    AgendaStatus,
    Capacity,
    Decision,
    Meeting,
    Nomination,
    NominationKind,
    Nominator,
    Vote,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _when(meeting: Meeting) -> str:
    text = format_date(meeting.date)
    if meeting.end_date and meeting.end_date != meeting.date:
        text += f"至{format_date(meeting.end_date)}"
    return text


def _slot(item: AgendaItem) -> str:
    if not item.slot_start:
        return ""
    start = timezone.localtime(item.slot_start)
    text = f"{start.month}月{start.day}日 {start:%H:%M}"
    if item.slot_minutes:
        end = start + dt.timedelta(minutes=item.slot_minutes)
        text += f"—{end:%H:%M}"
    return text


def _tally(vote: Vote) -> str:
    return (f"全体组成人员{vote.total_members}人，出席{vote.present}人；赞成{vote.yes}票，反对{vote.no}票，"
            f"弃权{vote.abstain}票，未按表决器{vote.not_voted}人")


def materials_docx(meeting: Meeting, items: list[AgendaItem], attachments_by_item: dict[int, list] | None = None):
    """The meeting's materials as one document: cover, agenda, schedule, and each item's documents."""
    congress = meeting.congress
    doc = OfficialDocument(title=f"{meeting.title}文件")
    doc.paragraph(f"会议时间：{_when(meeting)}" + (f" {meeting.start_time:%H:%M}" if meeting.start_time else ""))
    doc.paragraph(f"会议地点：{meeting.place}")
    if meeting.presider:
        doc.paragraph(f"主持人：{meeting.presider.name}")
    doc.paragraph(f"{congress.standing_committee_name}办公厅印　{format_date(meeting.agenda_decided_on or meeting.date)}")
    doc.doc.add_page_break()
    listed = [i for i in items if i.status != AgendaStatus.WITHDRAWN]
    doc.heading("一、会议议程", level=1)
    for n, item in enumerate(listed, start=1):
        doc.paragraph(f"{n}. {item.title}")
    slotted = [i for i in listed if i.slot_start]
    if slotted:
        doc.heading("二、会议日程", level=1)
        doc.table(["时间", "议题"], [[_slot(i), i.title] for i in slotted], widths_mm=[50, 106])
    doc.heading(f"{'三' if slotted else '二'}、会议文件目录", level=1)
    attachments_by_item = attachments_by_item or {}
    for n, item in enumerate(listed, start=1):
        doc.heading(f"（{to_chinese(n)}）{item.title}", level=2)
        names = [*item.documents, *[a.name for a in attachments_by_item.get(item.pk, [])]]
        if item.proposer:
            doc.paragraph(f"提请人：{item.proposer}")
        if not names:
            doc.paragraph("（文件另发）")
        for k, name in enumerate(names, start=1):
            doc.paragraph(f"{k}. {name}")
    return doc.to_bytes()


def results_docx(meeting: Meeting, votes: list[Vote]) -> bytes:
    """The result sheet of a meeting's votes (totals; per-member ballots are not printed: 无记名表决)."""
    doc = OfficialDocument(title=f"{meeting.title}表决结果")
    rows = []
    for v in votes:
        if v.status != "announced":
            continue
        what = f"{v.agenda_item.title}（{v.part}）" if v.part else v.agenda_item.title
        rows.append([what, str(v.total_members), str(v.present), str(v.yes), str(v.no), str(v.abstain),
                     str(v.not_voted), "通过" if v.passed else "未通过"])
    doc.table(["表决事项", "全体", "出席", "赞成", "反对", "弃权", "未按", "结果"], rows or [["（无）", "", "", "", "", "",
                                                                                 "", ""]],
              widths_mm=[58, 12, 12, 12, 12, 12, 12, 26])
    doc.paragraph("表决结果由会议主持人当场宣布；以全体组成人员的过半数通过（《组织法》第五十一条第四款）。")
    doc.signature(f"{meeting.congress.standing_committee_name}办公厅", meeting.last_day)
    return doc.to_bytes()


def announcement_docx(meeting: Meeting, votes: list[Vote], nominations: list[Nomination],
                      decisions: list[Decision], number: int | None = None) -> bytes:
    """The public announcement (公告) of what the meeting adopted and whom it appointed or removed."""
    congress = meeting.congress
    title = f"{congress.standing_committee_name}公告"
    if number:
        title += f"（第{to_chinese(number)}号）"
    doc = OfficialDocument(title=title)
    passed = [v for v in votes if v.status == "announced" and v.is_whole and v.passed
              and v.agenda_item.kind != "appointment"]
    if passed:
        doc.paragraph(f"{meeting.title}于{format_date(meeting.last_day)}通过了以下事项：")
        for n, v in enumerate(passed, start=1):
            doc.paragraph(f"{n}. {v.agenda_item.title.replace('（草案）', '')}")
    appointed = [n for n in nominations if n.kind == NominationKind.APPOINT and n.status in ("approved", "sworn")]
    removed = [n for n in nominations if n.kind != NominationKind.APPOINT and n.status == "approved"]
    if appointed or removed:
        doc.paragraph(f"{meeting.title}决定：")
        if appointed:
            doc.paragraph("任命" + "；".join(f"{n.person.name}为{n.post_title}" for n in appointed) + "。")
        for n in removed:
            verb = "接受" if n.kind == NominationKind.RESIGN else ""
            doc.paragraph(f"{verb}{'辞去' if verb else '免去'}{n.person.name}的{n.post_title}职务。")
    for d in decisions:
        doc.paragraph(f"《{d.title}》已于{format_date(d.adopted_on or meeting.last_day)}通过，全文另行公布。")
    if not (passed or appointed or removed or decisions):
        doc.paragraph(f"{meeting.title}于{format_date(meeting.last_day)}举行。")
    doc.paragraph("现予公告。")
    doc.signature(congress.standing_committee_name, meeting.last_day)
    return doc.to_bytes()


def minutes_docx(meeting: Meeting, *, items: list[AgendaItem], votes: list[Vote], roster: list, quorum: dict,
                 nominations: list[Nomination], oaths: list) -> bytes:
    """会议纪要, generated from the record: attendance, each item and its result, appointments, oaths."""
    congress = meeting.congress
    doc = OfficialDocument(title=f"{meeting.title}纪要")
    doc.paragraph(
        f"{meeting.title}于{_when(meeting)}在{meeting.place}举行"
        + (f"，{meeting.presider.name}主持" if meeting.presider else "") + "。"
    )
    members = [r for r in roster if r.capacity == Capacity.MEMBER]
    on_leave = [r.person.name for r in members if r.status in ("on_leave", "leave_requested")]
    absent = [r.person.name for r in members if r.status == "absent"]
    nonvoting = [f"{r.person.name}（{r.post}）" if r.post else r.person.name
                 for r in roster if r.capacity == Capacity.NONVOTING and r.status == "present"]
    if quorum.get("applies"):
        doc.paragraph(f"常务委员会全体组成人员{quorum['total']}人，出席{quorum['present']}人，"
                      f"{'符合' if quorum['met'] else '不符合'}法定人数。")
    else:
        doc.paragraph(f"应出席{quorum['total']}人，出席{quorum['present']}人。")
    if on_leave:
        doc.paragraph(f"请假：{'、'.join(on_leave)}。")
    if absent:
        doc.paragraph(f"缺席：{'、'.join(absent)}。")
    if nonvoting:
        doc.paragraph(f"列席：{'、'.join(nonvoting)}。")
    votes_by_item: dict[int, list[Vote]] = {}
    for v in votes:
        votes_by_item.setdefault(v.agenda_item_id, []).append(v)
    doc.heading("一、会议议题和结果", level=1)
    n = 0
    for item in items:
        if item.status in (AgendaStatus.WITHDRAWN, AgendaStatus.PROPOSED):
            continue
        n += 1
        doc.heading(f"（{to_chinese(n)}）{item.title}", level=2)
        for v in votes_by_item.get(item.pk, []):
            if v.status != "announced":
                continue
            what = f"对{v.part}单独表决" if v.part else "表决"
            doc.paragraph(f"{what}：{_tally(v)}。{'通过' if v.passed else '未通过'}。")
        if item.status == AgendaStatus.DEFERRED:
            doc.paragraph("主任会议决定暂不付表决。")
        elif item.status in (AgendaStatus.LISTED, AgendaStatus.DELIBERATED) and not votes_by_item.get(item.pk):
            doc.paragraph("会议进行了审议。")
    approved = [x for x in nominations if x.status in ("approved", "sworn")]
    if approved:
        doc.heading("二、人事任免", level=1)
        for x in approved:
            doc.paragraph(f"{x}。")
    if oaths:
        doc.heading(f"{'三' if approved else '二'}、宪法宣誓", level=1)
        for o in oaths:
            takers = "、".join(t.person.name for t in o.takers.all())
            doc.paragraph(f"{format_date(o.date)}，{takers}进行宪法宣誓，{o.administered_by.name}监誓"
                          + (f"，{o.leader.name}领誓" if o.leader else "") + "。")
    doc.signature(f"{congress.standing_committee_name}办公厅", meeting.last_day)
    return doc.to_bytes()


def letter_docx(nom: Nomination, meeting: Meeting | None) -> bytes:
    """任命书 for one appointed person."""
    congress = nom.congress
    doc = OfficialDocument(title="任命书", issuer=congress.standing_committee_name, doc_number=nom.letter_number)
    by = Nominator(nom.nominator).label
    where = meeting.title if meeting else congress.standing_committee_name
    day = nom.decided_on or (meeting.last_day if meeting else timezone.localdate())
    doc.paragraph(f"根据{by}的提请，{where}于{format_date(day)}决定：")
    doc.paragraph(f"任命{nom.person.name}为{nom.post_title}。")
    doc.signature(congress.standing_committee_name, day)
    return doc.to_bytes()


def appointments_notice_docx(meeting: Meeting, nominations: list[Nomination]) -> bytes:
    """任免通知 to the organs concerned: who was appointed and removed at the meeting."""
    congress = meeting.congress
    organs = sorted({n.nominator_organ.name for n in nominations})
    doc = OfficialDocument(title="关于任免职务的通知", addressee="、".join(organs) or "有关单位")
    doc.paragraph(f"{meeting.title}于{format_date(meeting.last_day)}决定：")
    for n in nominations:
        doc.paragraph(f"{n}；")
    doc.paragraph("特此通知。")
    doc.signature(f"{congress.standing_committee_name}办公厅", meeting.last_day)
    return doc.to_bytes()


def decision_docx(dec: Decision, meeting: Meeting | None) -> bytes:
    congress = dec.congress
    doc = OfficialDocument(title=dec.title)
    if dec.adopted_on and meeting:
        doc.paragraph(f"（{format_date(dec.adopted_on)}{meeting.title}通过）")
    for para in [p.strip() for p in dec.text.splitlines() if p.strip()]:
        doc.paragraph(para)
    doc.signature(congress.standing_committee_name, dec.published_on or dec.adopted_on or timezone.localdate())
    return doc.to_bytes()
