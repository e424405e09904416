"""/api/v1/voting: the live screen's figures and a member's vote (session or bearer). Thin."""

from __future__ import annotations

from ninja import Router, Schema

from renda.core.schemas import Id
from renda.voting import selectors, services

router = Router(tags=["现场表决"])


class ScreenOut(Schema):
    id: int
    status: str
    kind: str
    secret: bool
    present: int
    voted: int
    total: int
    needed: int
    counts: dict[str, int]
    passed: bool | None


class CastIn(Schema):
    choice: str


class CastOut(Schema):
    receipt: str


@router.get("/{live_id}", response=ScreenOut, summary="表决进度")
def get_live(request, live_id: Id):
    live = selectors.live_vote_for(request.user, live_id)
    s = selectors.screen(live)
    return {"id": live.pk, "status": live.status, "kind": live.kind, "secret": live.secret, "present": s["present"],
            "voted": s["voted"], "total": s["total"], "needed": s["needed"],
            "counts": live.counts if s["closed"] else {}, "passed": live.passed}


@router.post("/{live_id}/cast", response=CastOut, summary="本人表决")
def cast(request, live_id: Id, payload: CastIn):
    live = selectors.live_vote_for(request.user, live_id)
    return {"receipt": services.cast(actor=request.user, live=live, choice=payload.choice)}
