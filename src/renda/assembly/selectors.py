"""All reads of the congress session, visibility first (permissions.*_filter); 404 whether missing or forbidden."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone

from renda.assembly import permissions as perms
from renda.assembly.elections import tally as etally
from renda.assembly.models import (
    PUBLIC_PROJECT_STATES,
    AssemblySession,
    Candidate,
    Election,
    ElectionMark,
    ElectionStatus,
    LivelihoodMark,
    LivelihoodProject,
    LivelihoodVote,
    ProjectStatus,
    RatingChoice,
    RatingMark,
    Sitting,
    SittingKind,
)
from renda.assembly.services import rating_summary
from renda.assembly.workflow import quorum_needed
from renda.core import thresholds
from renda.core.models import Congress
from renda.core.registry import CalendarEvent
from renda.core.selectors import one_or_404, visible


def sessions_for(user) -> QuerySet[AssemblySession]:
    return visible(AssemblySession, perms.session_filter(user)).select_related("session__term", "congress",
                                                                               "secretary_general")


def session_for(user, pk: int) -> AssemblySession:
    return one_or_404(sessions_for(user), pk, "会议不存在。")


def sittings_for(user) -> QuerySet[Sitting]:
    return Sitting.objects.filter(session__in=sessions_for(user)).select_related("session", "delegation")


def sitting_for(user, pk: int) -> Sitting:
    return one_or_404(sittings_for(user), pk, "会议不存在。")


def elections_for(user) -> QuerySet[Election]:
    return Election.objects.filter(session__in=sessions_for(user)).select_related("session__session__term",
                                                                                  "session__congress")


def election_for(user, pk: int) -> Election:
    return one_or_404(elections_for(user), pk, "选举不存在。")


def projects_for(user) -> QuerySet[LivelihoodProject]:
    return visible(LivelihoodProject, perms.project_filter(user)).select_related("lead_unit", "session__session")


def project_for(user, pk: int) -> LivelihoodProject:
    return one_or_404(projects_for(user), pk, "项目不存在。")


def lvotes_for(user) -> QuerySet[LivelihoodVote]:
    return LivelihoodVote.objects.filter(session__in=sessions_for(user)).select_related("session__session")


def lvote_for(user, pk: int) -> LivelihoodVote:
    return one_or_404(lvotes_for(user), pk, "票决不存在。")


# ---- pages ---------------------------------------------------------------------------------------------------------
def session_page(s: AssemblySession) -> dict:
    sittings = list(s.sittings.select_related("delegation").prefetch_related("votes"))
    leads = list(s.leads.select_related("delegation", "person"))
    by_delegation: dict = {}
    for lead in leads:
        by_delegation.setdefault(lead.delegation, []).append(lead)
    total = s.total_deputies
    return {
        "s": s, "sittings": sittings, "leads": sorted(by_delegation.items(), key=lambda kv: kv[0].order),
        "presidium": [m.person for m in s.presidium.select_related("person")],
        "elections": list(s.elections.order_by("id")),
        "lvotes": list(s.livelihood_votes.order_by("round", "id")),
        "projects": list(s.projects.order_by("rank", "id")),
        "quorum": quorum_needed(total) if total else None,
        "majority": thresholds.smallest_majority(total) if total else None,
    }


def election_page(e: Election, user) -> dict:
    cands = list(e.candidates.order_by("order", "id"))
    out = {"e": e, "candidates": cands, "counted": e.status == ElectionStatus.COUNTED,
           "needed": thresholds.smallest_majority(e.total_deputies) if e.total_deputies else None,
           "voted": e.marks.count(), "rounds": list(e.rounds.all())}
    if out["counted"]:
        out["pending"] = etally.pending(e)
        out["write_ins"] = sorted((e.write_ins or {}).items(), key=lambda kv: -kv[1])
    out["may_vote"] = (e.status == ElectionStatus.VOTING and bool(getattr(user, "person_id", None))
                       and not ElectionMark.objects.filter(election=e, person_id=user.person_id).exists())
    return out


def lvote_page(v: LivelihoodVote, user) -> dict:
    projects = list(v.projects.order_by("id"))
    closed = v.status != "open"
    rows = []
    for p in projects:
        c = v.counts.get(str(p.pk)) or [0, 0, 0]
        rows.append({"p": p, "yes": c[0], "no": c[1], "abstain": c[2]})
    if closed:
        rows.sort(key=lambda r: (-r["yes"], r["p"].pk))
    may_vote = (not closed and bool(getattr(user, "person_id", None))
                and not LivelihoodMark.objects.filter(vote=v, person_id=user.person_id).exists())
    return {"v": v, "rows": rows, "closed": closed, "may_vote": may_vote}


def project_page(p: LivelihoodProject, user) -> dict:
    return {
        "p": p, "milestones": list(p.milestones.order_by("date", "id")),
        "opinions": list(p.opinions.select_related("delegation")),
        "rating": rating_summary(p),
        "may_rate": (p.status in (ProjectStatus.ADOPTED, ProjectStatus.COMPLETED)
                     and bool(getattr(user, "person_id", None))
                     and not RatingMark.objects.filter(project=p, person_id=user.person_id).exists()),
        "may_report": perms.can_report_progress(user, p), "rating_choices": RatingChoice.choices,
    }


# ---- the public pages ----------------------------------------------------------------------------------------------
def public_projects(congress: Congress) -> QuerySet[LivelihoodProject]:
    return (LivelihoodProject.objects.filter(congress=congress, status__in=PUBLIC_PROJECT_STATES)
            .select_related("lead_unit").order_by("-year", "rank", "id"))


def public_project(congress: Congress, pk: int) -> LivelihoodProject:
    return one_or_404(public_projects(congress), pk, "项目不存在。")


def public_years(congress: Congress) -> list[dict]:
    years: dict[int, list] = {}
    for p in public_projects(congress).prefetch_related(Prefetch("milestones")):
        years.setdefault(p.year, []).append(p)
    out = []
    for year, items in sorted(years.items(), reverse=True):
        voted = any(p.status != ProjectStatus.CANDIDATE for p in items)
        out.append({"year": year, "voted": voted,
                    "adopted": [p for p in items if p.status in (ProjectStatus.ADOPTED, ProjectStatus.COMPLETED)],
                    "others": [p for p in items if p.status not in (ProjectStatus.ADOPTED, ProjectStatus.COMPLETED)],
                    "ratings": {p.pk: rating_summary(p) for p in items}})
    return out


# ---- the one calendar ----------------------------------------------------------------------------------------------
def calendar_events(user, start: dt.date, end: dt.date, person_id: int | None = None) -> list[CalendarEvent]:
    """The session's sittings (and the planned opening before any sitting) as calendar events; they book no one by
    name, so one person's calendar (`person_id`) gets none of them without a query."""
    out = []
    if person_id is not None:
        return out
    sittings = sittings_for(user).filter(date__gte=start, date__lte=end)
    for s in sittings:
        at = s.date
        if s.start_time:
            at = timezone.make_aware(dt.datetime.combine(s.date, s.start_time))
        out.append(CalendarEvent(kind="meeting", title=f"{s.session.session}{s}", start=at, end=None,
                                 url=reverse("assembly:session", args=[s.session_id]),
                                 congress_id=s.congress_id, place=s.place))
    for a in sessions_for(user).filter(planned_date__gte=start, planned_date__lte=end, sittings__isnull=True):
        out.append(CalendarEvent(kind="meeting", title=f"{a.session}（计划开幕）", start=a.planned_date,
                                 end=a.planned_date + dt.timedelta(days=max(a.planned_days - 1, 0)),
                                 url=reverse("assembly:session", args=[a.pk]), congress_id=a.congress_id))
    return out


def candidates_of(e: Election) -> list[Candidate]:
    return list(e.candidates.order_by("order", "id"))


SITTING_KINDS = SittingKind
