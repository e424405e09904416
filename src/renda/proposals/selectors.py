"""All reads of motions and suggestions, visibility-aware, with a fixed number of queries."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from renda.proposals import permissions as perms
from renda.proposals.models import Assignment, Proposal, Reply


def proposals_for(user) -> QuerySet[Proposal]:
    q = perms.proposal_filter(user)
    if q is None:
        return Proposal.objects.none()
    ids = Proposal.objects.filter(q).values("pk")  # the join through assignments/co-signers never duplicates rows
    return (
        Proposal.objects.filter(pk__in=ids)
        .select_related("lead_deputy__person", "delegation")
        .order_by("-year", "number")
    )


def proposal_for(user, pk: int) -> Proposal:
    """The item, or 404 when missing or invisible (existence does not leak)."""
    p = proposals_for(user).filter(pk=pk).first()
    if p is None:
        raise Http404("没有找到该议案建议。")
    return p


def assignments_for(user) -> QuerySet[Assignment]:
    q = perms.assignment_filter(user)
    if q is None:
        return Assignment.objects.none()
    return Assignment.objects.filter(q).select_related("proposal", "unit").order_by("-assigned_on", "id")


def assignment_for(user, pk: int) -> Assignment:
    a = assignments_for(user).filter(pk=pk).first()
    if a is None:
        raise Http404("没有找到该交办件。")
    return a


def reply_for(user, pk: int) -> Reply:
    r = Reply.objects.filter(pk=pk, proposal__in=proposals_for(user).values("pk")).first()
    if r is None:
        raise Http404("没有找到该答复。")
    return r


def detail(user, p: Proposal) -> dict:
    assignments = list(p.assignments.select_related("unit").order_by("role", "id"))
    if user.role == "unit":
        # A unit sees the other units' names (joint handling) but not their internal opinions.
        for a in assignments:
            if a.unit_id != user.organization_id:
                a.opinion = ""
    return {
        "assignments": assignments,
        "cosigners": list(p.cosigners.select_related("deputy__person")),
        "replies": list(p.replies.select_related("assignment__unit").prefetch_related("commitments")),
        "ratings": list(p.ratings.all()),
    }


def calendar_events(user, start, end) -> list:
    """Reply deadlines of 重点督办 items (and, for a unit, of its own assignments), for the one calendar."""
    from django.urls import reverse

    from renda.core.registry import CalendarEvent
    from renda.proposals.models import OPEN_STATES

    events = []
    if getattr(user, "role", None) == "unit":
        for a in assignments_for(user).filter(status="active", proposal__status__in=OPEN_STATES):
            due = a.opinion_due if a.role == "assist" else a.reply_due
            if due and start <= due <= end:
                label = "协办意见期限" if a.role == "assist" else "答复期限"
                events.append(CalendarEvent(kind="deadline", title=f"{a.proposal.title}：{label}", start=due, end=None,
                                            url=reverse("proposals:detail", args=[a.proposal_id]),
                                            congress_id=a.congress_id, body_id=a.unit_id))
        return events
    for p in proposals_for(user).filter(key_supervision=True, status__in=OPEN_STATES, reply_due__range=(start, end)):
        events.append(CalendarEvent(kind="deadline", title=f"{p.title}：答复期限（重点督办）", start=p.reply_due, end=None,
                                    url=reverse("proposals:detail", args=[p.pk]), congress_id=p.congress_id,
                                    body_id=p.supervising_body_id))
    return events


def public_proposals(congress_id: int):
    """Replied items with their replies for the public page: never confidential ones (private ones: see views)."""
    from renda.proposals.models import HANDLED_STATES

    return (
        Proposal.objects.filter(congress_id=congress_id, confidential=False, status__in=HANDLED_STATES)
        .select_related("lead_deputy__person")
        .prefetch_related("replies__assignment__unit")
        .order_by("-year", "number")
    )


def commitments_for(user):
    """承诺事项台账: commitments in the replies the user may see (a unit: its own replies only)."""
    from renda.proposals.models import Commitment

    q = perms.assignment_filter(user)
    if q is None:
        return Commitment.objects.none()
    visible = Assignment.objects.filter(q).values("pk")
    return (
        Commitment.objects.filter(reply__assignment__in=visible)
        .select_related("reply__proposal", "reply__assignment__unit")
        .order_by("done_on", "due_date", "id")
    )
