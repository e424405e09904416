"""All reads of motions and suggestions, visibility-aware, with a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Max, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from renda.core import rules
from renda.core.models import Attachment
from renda.core.registry import CalendarEvent
from renda.core.selectors import one_or_404, visible, visible_once
from renda.proposals import permissions as perms
from renda.proposals.deadlines import progress_due
from renda.proposals.models import (
    HANDLED_STATES,
    OPEN_STATES,
    Assignment,
    AssignmentStatus,
    Commitment,
    CommitmentStatus,
    CoSigner,
    ProgressReport,
    Proposal,
    Rating,
    Reminder,
    Reply,
    Status,
)


def proposals_for(user) -> QuerySet[Proposal]:
    # once each: the filter joins through assignments and co-signers
    return (
        visible_once(Proposal, perms.proposal_filter(user))
        .select_related("lead_deputy__person", "delegation")
        .order_by("-year", "number")
    )


def proposal_for(user, pk: int) -> Proposal:
    """The item, or 404 when missing or invisible (existence does not leak)."""
    return one_or_404(proposals_for(user), pk, "没有找到该议案建议。")


def assignments_for(user) -> QuerySet[Assignment]:
    return (visible(Assignment, perms.assignment_filter(user)).select_related("proposal", "unit")
            .order_by("-assigned_on", "id"))


def assignment_for(user, pk: int) -> Assignment:
    return one_or_404(assignments_for(user), pk, "没有找到该交办件。")


def reply_for(user, pk: int) -> Reply:
    """A reply of a visible item, or of the main item a visible suggestion was merged into (并案)."""
    visible = proposals_for(user).values("pk")
    r = Reply.objects.filter(Q(proposal__in=visible) | Q(proposal__merged__in=visible), pk=pk).first()
    if r is None:
        raise Http404("没有找到该答复。")
    return r


def detail(user, p: Proposal) -> dict:
    """What the item's page shows. A merged suggestion (并案) shows its main item's 交办, replies and
    progress; a main item lists the suggestions merged into it with their own deputies and verdicts."""
    main = p.merged_into if p.status == Status.MERGED and p.merged_into_id else p
    assignments = list(main.assignments.select_related("unit").order_by("role", "id"))
    if user.role == "unit":
        # A unit sees the other units' names (joint handling) but not their internal opinions — except the lead
        # unit (主办), to whom the assisting units' opinions (协办意见) are addressed.
        leads = any(a.unit_id == user.organization_id and a.role == "lead" for a in assignments)
        for a in assignments:
            if a.unit_id != user.organization_id and not (leads and a.role == "assist"):
                a.opinion = ""
    merged = list(
        p.merged.filter(status=Status.MERGED).select_related("lead_deputy__person", "delegation")
        .prefetch_related("cosigners__deputy__person", "ratings").order_by("number")
    ) if main is p else []
    for m in merged:
        m.current_rating = next((r for r in m.ratings.all() if r.round == p.round), None)
    reports = progress_reports(user, main) if main.key_supervision else []
    last = max((r.reported_on for r in reports), default=None)
    return {
        "main": main,
        "assignments": assignments,
        "cosigners": list(p.cosigners.select_related("deputy__person")),
        "replies": list(main.replies.select_related("assignment__unit").prefetch_related("commitments")),
        "ratings": list(p.ratings.all()),
        "main_ratings": list(main.ratings.all()) if main is not p else [],
        "merged": merged,
        "progress": reports,
        "progress_due": progress_due(main, last) if main.key_supervision else None,
    }


def progress_reports(user, proposal: Proposal) -> list[ProgressReport]:
    """The item's progress reports the user may see (a unit: its own unit's), oldest first, each with its
    attachments in `.files` — two queries."""
    q = perms.progress_filter(user)
    if q is None:
        return []
    reports = list(ProgressReport.objects.filter(q, proposal=proposal).select_related("reporter", "created_by")
                   .order_by("reported_on", "id"))
    if reports:
        files: dict[str, list] = {}
        for att in Attachment.objects.filter(
            congress_id=proposal.congress_id, owner_type="proposals.progressreport",
            owner_id__in=[str(r.pk) for r in reports],
        ).order_by("uploaded_at"):
            files.setdefault(att.owner_id, []).append(att)
        for r in reports:
            r.files = files.get(str(r.pk), [])
    return reports


def progress_report_for(user, pk: int) -> ProgressReport:
    """A progress report whose item the user sees (directly or through a merged suggestion), 404 otherwise."""
    q = perms.progress_filter(user)
    visible = proposals_for(user).values("pk")
    r = None
    if q is not None:
        r = ProgressReport.objects.filter(q, Q(proposal__in=visible) | Q(proposal__merged__in=visible),
                                          pk=pk).first()
    if r is None:
        raise Http404("没有找到该办理进展报告。")
    return r


def calendar_events(user, start, end, person_id=None) -> list:
    """Reply deadlines of 重点督办 items (and, for a unit, of its own assignments), for the one calendar; deadlines
    book no one, so one person's calendar (`person_id`) gets none of them without a query."""
    events = []
    if person_id is not None:
        return events
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
    return (
        Proposal.objects.filter(congress_id=congress_id, confidential=False, status__in=HANDLED_STATES)
        .select_related("lead_deputy__person")
        .prefetch_related("replies__assignment__unit")
        .order_by("-year", "number")
    )


def _private(p: Proposal) -> bool:
    return "personal" in (p.flags or [])


def public_page(congress_id: int, limit: int = 200) -> list[Proposal]:
    """The public page's items: handled, neither confidential nor flagged as a personal matter, each with its
    confirmed co-signers (`public_cosigners`) — a fixed number of queries. A suggestion
    merged into a published item (并案) is listed with it in `public_merged` (its own title and deputies; its
    reply is the main item's) unless it is confidential or personal itself; the suggestions merged into an
    unpublished item stay hidden with it."""
    def signers():
        return Prefetch("cosigners", to_attr="public_cosigners", queryset=CoSigner.objects.filter(
            confirmed_at__isnull=False).select_related("deputy__person").order_by("id"))

    merged = (Proposal.objects.filter(status=Status.MERGED, confidential=False)
              .select_related("lead_deputy__person", "delegation").prefetch_related(signers()).order_by("number"))
    qs = public_proposals(congress_id).prefetch_related(
        signers(), Prefetch("merged", queryset=merged, to_attr="public_merged"))
    items = [p for p in qs[:limit] if not _private(p)]
    for p in items:
        p.public_merged = [m for m in p.public_merged if not _private(m)]
    return items


COMMITMENT_FILTERS = {
    "open": "推进中", "overdue": "逾期未完成", "done": "已完成", "carried": "结转下年",
}


def commitments_for(user, *, status: str = "", year: int | None = None, unit_id: int | None = None,
                    today: dt.date | None = None) -> QuerySet[Commitment]:
    """承诺事项台账: commitments in the replies the user may see (a unit: its own replies only), filtered by
    status (open | overdue | done | carried), ledger year and unit."""
    q = perms.assignment_filter(user)
    if q is None:
        return Commitment.objects.none()
    visible = Assignment.objects.filter(q).values("pk")
    qs = Commitment.objects.filter(congress_id=user.congress_id, reply__assignment__in=visible)
    today = today or timezone.localdate()
    if status == "overdue":
        qs = qs.filter(status=CommitmentStatus.OPEN, due_date__lt=today)
    elif status in CommitmentStatus.values:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(year=year)
    if unit_id:
        qs = qs.filter(reply__assignment__unit_id=unit_id)
    return qs.select_related("reply__proposal", "reply__assignment__unit", "carried_from").order_by(
        "year", "status", "due_date", "id")


def commitment_for(user, pk: int) -> Commitment:
    return one_or_404(commitments_for(user), pk, "没有找到该承诺事项。")


def commitment_page_for(user, pk: int) -> Commitment:
    """A commitment whose page this user may open (the item page links exactly these), else 404."""
    c = commitment_for(user, pk)
    if not perms.can_view_commitment(user, c):
        raise Http404("没有找到该承诺事项。")
    return c


def commitment_years(user) -> list[int]:
    return sorted(set(commitments_for(user).order_by().values_list("year", flat=True)), reverse=True)


# ---- home-page panel -------------------------------------------------------------------------------------------
def _awaiting_verdict(user) -> list[Proposal]:
    """A deputy's items whose current reply awaits their verdict (their own, or merged into a replied main)."""
    if not user.person_id:
        return []
    mine = Proposal.objects.filter(congress_id=user.congress_id, lead_deputy__person_id=user.person_id)
    own = list(mine.filter(status=Status.REPLIED).select_related("merged_into"))
    merged = list(mine.filter(status=Status.MERGED, merged_into__status=Status.REPLIED).select_related("merged_into"))
    items = own + merged
    rated = set(Rating.objects.filter(proposal__in=[p.pk for p in items]).values_list("proposal_id", "round"))
    out = []
    for p in items:
        rnd = p.merged_into.round if p.status == Status.MERGED else p.round
        if (p.pk, rnd) not in rated:
            out.append(p)
    return out


def key_items(user, today: dt.date, *, limit: int = 20, include_closed: bool = False) -> list[Proposal]:
    """重点督办 items visible to the user (not yet closed unless asked), with their last progress report and
    next due date — one query."""
    qs = proposals_for(user).filter(key_supervision=True)
    if not include_closed:
        qs = qs.exclude(status__in=(Status.CLOSED, Status.WITHDRAWN, Status.DISMISSED))
    qs = qs.annotate(last_report=Max("progress_reports__reported_on")).select_related("supervising_body")
    items = list(qs[:limit])
    interval = rules.param(user.congress_id, "PR-PROGRESS", "interval_days")
    for p in items:
        p.next_report = progress_due(p, p.last_report, interval)
        p.report_late = p.next_report is not None and p.next_report < today
        p.overdue = p.is_overdue(today)
    return items


def home_panel(user) -> dict[str, Any] | None:
    """Per role: the office's queues, a unit's open assignments and nearest deadlines, a deputy's items
    awaiting their verdict, leadership's key-supervision items and the overdue count."""
    if not getattr(user, "is_authenticated", False) or not user.congress_id:
        return None
    today = timezone.localdate()
    role = user.role
    panel: dict[str, Any] = {"title": "议案建议", "template": "proposals/_home_panel.html", "today": today,
                             "role": role}
    if role == "office":
        qs = Proposal.objects.filter(congress_id=user.congress_id)
        pending = qs.filter(status=Status.SUBMITTED)
        panel["to_assign"] = pending.count()
        panel["assign_late"] = pending.filter(assign_due__lt=today).count()
        panel["returns"] = Assignment.objects.filter(congress_id=user.congress_id,
                                                     status=AssignmentStatus.RETURN_REQUESTED).count()
        panel["overdue"] = qs.filter(status__in=OPEN_STATES, reply_due__lt=today).count()
        panel["disputed"] = qs.filter(status=Status.DISPUTED).count()
        panel["commitments_overdue"] = Commitment.objects.filter(
            congress_id=user.congress_id, status=CommitmentStatus.OPEN, due_date__lt=today).count()
        return panel
    if role in ("leader", "committee"):
        items = key_items(user, today)
        if role == "committee":
            items = [p for p in items if p.supervising_body_id == user.organization_id]
        panel["key"] = items
        panel["overdue"] = proposals_for(user).filter(status__in=OPEN_STATES, reply_due__lt=today).count()
        if role == "committee" and not items:
            return None
        return panel
    if role == "unit":
        open_asg = list(
            assignments_for(user).filter(status__in=(AssignmentStatus.ACTIVE, AssignmentStatus.RETURN_REQUESTED),
                                         proposal__status__in=OPEN_STATES)
        )
        for a in open_asg:
            a.due = a.opinion_due if a.role == "assist" else a.reply_due
            a.late = a.due is not None and a.due < today
        open_asg.sort(key=lambda a: (a.due is None, a.due or today, a.pk))
        panel["open_count"] = len(open_asg)
        panel["nearest"] = open_asg[:8]
        panel["reminders"] = list(Reminder.objects.filter(
            congress_id=user.congress_id, assignment__unit_id=user.organization_id)
            .select_related("assignment__proposal").order_by("-sent_on", "-id")[:5])
        panel["commitments_open"] = commitments_for(user, status="open").count()
        panel["commitments_overdue"] = commitments_for(user, status="overdue", today=today).count()
        if not (open_asg or panel["reminders"] or panel["commitments_open"]):
            return None
        return panel
    if role == "deputy":
        panel["awaiting"] = _awaiting_verdict(user)
        panel["to_confirm"] = list(Proposal.objects.filter(
            congress_id=user.congress_id, status=Status.DRAFT, cosigners__deputy__person_id=user.person_id,
            cosigners__confirmed_at__isnull=True).distinct()[:10]) if user.person_id else []
        if not (panel["awaiting"] or panel["to_confirm"]):
            return None
        return panel
    return None
