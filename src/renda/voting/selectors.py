"""All reads of live voting, visibility first (permissions.live_vote_filter); 404 whether missing or forbidden."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from renda.core.models import Attachment
from renda.core.selectors import one_or_404, visible, visible_one
from renda.meetings import membership
from renda.meetings import selectors as msel
from renda.meetings.models import AgendaItem, AgendaStatus, Meeting, MeetingStatus
from renda.meetings.tally import eligibility, standing_of
from renda.voting import counting
from renda.voting import permissions as perms
from renda.voting.models import LiveVote, MaterialNote, SecretBallot, Status, VoterMark


def live_votes_for(user) -> QuerySet[LiveVote]:
    return visible(LiveVote, perms.live_vote_filter(user)).select_related("meeting", "agenda_item")


def live_vote_for(user, pk: int) -> LiveVote:
    return one_or_404(live_votes_for(user), pk, "表决不存在。")


def open_for_voter(user) -> list[LiveVote]:
    """The device votes open now in which this user may vote (signed in as a present member)."""
    if not perms.may_vote_as(user):
        return []
    out = []
    for v in live_votes_for(user).filter(status=Status.OPEN, method="device"):
        if standing_of(v.meeting, user.person_id)[1]:
            out.append(v)
    return out


def votable_items(user) -> list[AgendaItem]:
    """Items of meetings in session the user may chair a vote on, with no vote yet."""
    out = []
    for m in msel.meetings_for(user).filter(status=MeetingStatus.IN_SESSION):
        if not perms.can_chair(user, m):
            continue
        for item in m.agenda_items.filter(requires_vote=True,
                                          status__in=(AgendaStatus.LISTED, AgendaStatus.DELIBERATED)):
            out.append(item)
    return out


def item_for_chair(user, pk: int) -> AgendaItem:
    item = msel.item_for(user, pk)
    if not perms.can_chair(user, item.meeting):
        raise Http404("议题不存在。")
    return item


def has_voted(live: LiveVote, person_id: int | None) -> bool:
    return bool(person_id) and VoterMark.objects.filter(live_vote=live, person_id=person_id).exists()


def screen(live: LiveVote) -> dict:
    """The live screen: who has voted (never how) while open; the totals and the rule after the close."""
    names = membership.member_names(live.meeting)
    members, present = eligibility(live.meeting, set(names))
    voted = set(VoterMark.objects.filter(live_vote=live).values_list("person_id", flat=True))
    rows = [{"name": name, "voted": pid in voted, "present": True} for pid, name in names.items() if pid in present]
    out = {"live": live, "rows": rows, "voted": len(voted), "present": len(present), "total": len(members),
           "needed": counting.needed(live.total_members or len(members), live.threshold),
           "closed": live.status != Status.OPEN}
    if live.status == Status.RECORDED:
        out["figures"] = [(c.label, live.counts.get(c, 0)) for c in live.choices]
        out["not_voted"] = live.counts.get("not_voted", 0)
    return out


def published_ballots(live: LiveVote) -> list[SecretBallot]:
    """The counted ballots of a closed secret vote: receipt hashes in hash order (no choices: see VOTING.md)."""
    if not live.secret or live.status != Status.RECORDED:
        return []
    return list(SecretBallot.objects.filter(live_vote=live).order_by("receipt_hash").values_list("receipt_hash", flat=True))


# ---- meeting materials (我的会议材料) and private notes -----------------------------------------------------
MATERIAL_OWNER = "meetings.agendaitem"
MATERIAL_DAYS_BACK = 60  # closed meetings stay on the page this long
MATERIAL_MEETINGS = 20


def material_meetings_qs(user) -> QuerySet[Meeting]:
    return visible(Meeting, perms.material_meeting_filter(user))


def material_items_qs(user) -> QuerySet[AgendaItem]:
    return (AgendaItem.objects.filter(meeting__in=material_meetings_qs(user).values("pk"))
            .exclude(status__in=perms.HIDDEN_MATERIAL_ITEMS))


def my_materials(user, today: dt.date | None = None) -> list[dict]:
    """The meetings whose materials `user` reads, upcoming first then the recent ones, each with its items and their
    files. Three queries whatever the number of meetings, items and files."""
    today = today or timezone.localdate()
    meetings = list(material_meetings_qs(user).filter(date__gte=today - dt.timedelta(days=MATERIAL_DAYS_BACK))
                    .order_by("date", "pk")[:MATERIAL_MEETINGS])
    items = list(AgendaItem.objects.filter(meeting__in=[m.pk for m in meetings])
                 .exclude(status__in=perms.HIDDEN_MATERIAL_ITEMS).order_by("meeting_id", "position"))
    files: dict[str, list[Attachment]] = {}
    if items:
        for a in (Attachment.objects.filter(congress_id=user.congress_id, owner_type=MATERIAL_OWNER,
                                            owner_id__in=[str(i.pk) for i in items]).order_by("uploaded_at", "pk")):
            files.setdefault(a.owner_id, []).append(a)
    by_meeting: dict[int, list] = {}
    for i in items:
        by_meeting.setdefault(i.meeting_id, []).append({"item": i, "files": files.get(str(i.pk), [])})
    out = [{"meeting": m, "items": by_meeting.get(m.pk, []), "upcoming": m.last_day >= today,
            "count": sum(len(r["files"]) for r in by_meeting.get(m.pk, []))} for m in meetings]
    upcoming = [r for r in out if r["upcoming"]]  # soonest first
    past = [r for r in reversed(out) if not r["upcoming"]]  # latest first
    return upcoming + past


def material_for(user, pk: int) -> tuple[Attachment, AgendaItem]:
    """A material `user` may read and its agenda item; 404 whether missing or forbidden."""
    att = Attachment.objects.filter(pk=pk, congress_id=getattr(user, "congress_id", None),
                                    owner_type=MATERIAL_OWNER).first()
    item = None
    if att is not None and att.owner_id.isdigit():
        item = material_items_qs(user).select_related("meeting").filter(pk=int(att.owner_id)).first()
    if item is None:
        raise Http404("会议材料不存在。")
    return att, item


def notes_for(user, attachment: Attachment) -> QuerySet[MaterialNote]:
    return visible(MaterialNote, perms.note_filter(user)).filter(attachment=attachment)


def note_for(user, pk: int) -> MaterialNote:
    return visible_one(MaterialNote, perms.note_filter(user), pk, "批注不存在。")
