"""The standing committee's meetings on the public portal (issue 20 §6): each meeting once convened, its agenda,
the results of its votes by totals, the appointments and removals it decided, and its 公报 (the printable record
of what it adopted). Anonymous, read-only; nothing that is not published (drafts, attendance, per-member ballots)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from renda.core.models import Congress
from renda.core.params import page_number
from renda.meetings.models import (
    AgendaItem,
    Decision,
    DecisionStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Nomination,
    NominationStatus,
    Vote,
    VoteStatus,
)

PUBLIC_STATES = (MeetingStatus.CONVENED, MeetingStatus.IN_SESSION, MeetingStatus.CLOSED)
DECIDED = (NominationStatus.APPROVED, NominationStatus.SWORN, NominationStatus.REJECTED)


def _congress(code: str) -> Congress:
    congress = Congress.objects.filter(code=code).first()
    if congress is None:
        raise Http404("没有找到该人大。")
    return congress


def published_meetings(congress: Congress):
    return Meeting.objects.filter(congress=congress, kind=MeetingKind.STANDING, status__in=PUBLIC_STATES)


def public_meetings(request, code: str):
    congress = _congress(code)
    page = Paginator(published_meetings(congress).order_by("-date", "-id"), 30).get_page(page_number(request.GET.get("page")))
    return render(request, "meetings/public/list.html", {"congress": congress, "page": page})


def public_meeting(request, code: str, pk: int):
    congress = _congress(code)
    meeting = published_meetings(congress).filter(pk=pk).first()
    if meeting is None:
        raise Http404("没有找到该会议。")
    items = list(AgendaItem.objects.filter(meeting=meeting).exclude(status__in=("proposed", "withdrawn"))
                 .order_by("position", "id"))
    votes = list(Vote.objects.filter(meeting=meeting, status=VoteStatus.ANNOUNCED).select_related("agenda_item")
                 .order_by("agenda_item__position", "id"))
    nomination_ids = [i.object_id for i in items if i.object_type == "meetings.nomination" and i.object_id.isdigit()]
    nominations = list(Nomination.objects.filter(congress=congress, pk__in=nomination_ids, status__in=DECIDED)
                       .select_related("person").order_by("id"))
    decision_ids = [i.object_id for i in items if i.object_type == "meetings.decision" and i.object_id.isdigit()]
    decisions = list(Decision.objects.filter(congress=congress, pk__in=decision_ids,
                                             status__in=(DecisionStatus.ADOPTED, DecisionStatus.PUBLISHED)).order_by("id"))
    return render(request, "meetings/public/detail.html", {
        "congress": congress, "meeting": meeting, "items": items, "votes": votes,
        "appointed": [n for n in nominations if n.status != NominationStatus.REJECTED],
        "not_appointed": [n for n in nominations if n.status == NominationStatus.REJECTED],
        "decisions": decisions,
    })
