"""/api/v1/assembly: the sessions, elections (results as totals), the 民生实事 projects and the deputies' own secret
ballots (session or bearer). Steps go through /api/v1/workflow/assembly.*/… (the kit). Thin."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, Router, Schema
from pydantic import Field as PField

from renda.assembly import selectors, services
from renda.core.schemas import Id

router = Router(tags=["人民代表大会会议"])


class AssemblySessionOut(Schema):
    id: int
    title: str
    planned_date: dt.date
    status: str
    status_label: str
    total_deputies: int
    agenda: list[str]


class AssemblyCandidateOut(Schema):
    id: int
    name: str
    yes: int | None
    no: int | None
    abstain: int | None
    elected: bool | None


class AssemblyElectionOut(Schema):
    id: int
    office: str
    places: int
    round: int
    status: str
    status_label: str
    total_deputies: int
    voters: int
    ballots_cast: int
    ballots_invalid: int
    outcome: str
    candidates: list[AssemblyCandidateOut]


class AssemblyBallotIn(Schema):
    choices: dict[str, str] = Field(default_factory=dict, description="候选人编号 → yes（赞成）/no（反对）/abstain（弃权）")
    write_ins: list[str] = Field(default_factory=list, max_length=50, description="另选他人的姓名")


class AssemblyReceiptOut(Schema):
    receipt: str


class AssemblyProjectOut(Schema):
    id: int
    year: int
    title: str
    status: str
    status_label: str
    source_label: str
    cost_wan: int | None
    votes_for: int
    votes_against: int
    votes_abstain: int
    rank: int | None
    progress_pct: int


class AssemblyLvoteIn(Schema):
    choices: dict[str, str] = Field(default_factory=dict, description="项目编号 → yes/no/abstain")


class AssemblyDoneOut(Schema):
    detail: str


def _session(s) -> dict:
    return {"id": s.pk, "title": s.title, "planned_date": s.planned_date, "status": s.status,
            "status_label": s.get_status_display(), "total_deputies": s.total_deputies, "agenda": s.agenda_lines()}


@router.get("/sessions", response=list[AssemblySessionOut], summary="大会会议")
def list_sessions(request):
    return [_session(s) for s in selectors.sessions_for(request.user).order_by("-planned_date")[:50]]


@router.get("/sessions/{session_id}", response=AssemblySessionOut, summary="一次大会会议")
def get_session(request, session_id: Id):
    return _session(selectors.session_for(request.user, session_id))


@router.get("/elections/{election_id}", response=AssemblyElectionOut, summary="选举及其结果（计票后）")
def get_election(request, election_id: Id):
    e = selectors.election_for(request.user, election_id)
    counted = e.status == "counted"
    return {"id": e.pk, "office": e.office, "places": e.places, "round": e.round, "status": e.status,
            "status_label": e.get_status_display(), "total_deputies": e.total_deputies, "voters": e.voters,
            "ballots_cast": e.ballots_cast, "ballots_invalid": e.ballots_invalid, "outcome": e.outcome,
            "candidates": [{"id": c.pk, "name": c.name, "yes": c.yes if counted else None,
                            "no": c.no if counted else None, "abstain": c.abstain if counted else None,
                            "elected": c.elected if counted else None} for c in selectors.candidates_of(e)]}


@router.post("/elections/{election_id}/cast", response=AssemblyReceiptOut, summary="代表本人无记名投票")
def cast_election(request, election_id: Id, payload: AssemblyBallotIn):
    e = selectors.election_for(request.user, election_id)
    return {"receipt": services.election_cast(actor=request.user, election=e, choices=payload.choices,
                                              write_ins=payload.write_ins)}


@router.get("/projects", response=list[AssemblyProjectOut], summary="民生实事项目")
def list_projects(request, year: Annotated[int, PField(ge=1900, le=2200)] | None = None):
    qs = selectors.projects_for(request.user)
    if year is not None:
        qs = qs.filter(year=year)
    return [{"id": p.pk, "year": p.year, "title": p.title, "status": p.status, "status_label": p.get_status_display(),
             "source_label": p.get_source_display(), "cost_wan": p.cost_wan, "votes_for": p.votes_for,
             "votes_against": p.votes_against, "votes_abstain": p.votes_abstain, "rank": p.rank,
             "progress_pct": p.progress_pct} for p in qs.order_by("-year", "rank", "id")[:200]]


@router.post("/lvotes/{vote_id}/cast", response=AssemblyDoneOut, summary="代表本人票决")
def cast_lvote(request, vote_id: Id, payload: AssemblyLvoteIn):
    v = selectors.lvote_for(request.user, vote_id)
    services.lvote_cast(actor=request.user, vote=v, choices=payload.choices)
    return {"detail": "已投票。"}
