"""Closing a 票决: rank the projects (ranking.py), adopt or drop them through the project workflow (system steps)."""

from __future__ import annotations

from renda.assembly.livelihood import ranking
from renda.assembly.models import LivelihoodProject, LivelihoodVote, ProjectStatus
from renda.assembly.workflow import PROJECT_WORKFLOW
from renda.core import rules


def apply(v: LivelihoodVote, *, actor) -> ranking.Ranking:
    projects = list(v.projects.order_by("id"))
    setting = rules.param(v.congress_id, "LIV-VOTE", "base")
    base = ranking.base_of(setting, total=v.total_deputies, present=v.present)
    votes_for = {p.pk: (v.counts.get(str(p.pk)) or [0, 0, 0])[0] for p in projects}
    result = ranking.decide(votes_for, v.places, base=base)
    order = {pk: i + 1 for i, pk in enumerate(sorted(votes_for, key=lambda k: (-votes_for[k], k)))}
    for p in projects:
        if v.round == 1:
            p.votes_for, p.votes_against, p.votes_abstain = (v.counts.get(str(p.pk)) or [0, 0, 0])[:3]
            p.rank = order[p.pk]
            LivelihoodProject.objects.filter(pk=p.pk).update(votes_for=p.votes_for, votes_against=p.votes_against,
                                                             votes_abstain=p.votes_abstain, rank=p.rank)
        if p.status != ProjectStatus.CANDIDATE:
            continue
        if p.pk in result.winners:
            PROJECT_WORKFLOW.apply(p, "adopt", actor=actor, note=f"{v}：赞成 {votes_for[p.pk]} 票，入选")
        elif p.pk not in result.tied:
            PROJECT_WORKFLOW.apply(p, "drop", actor=actor, note=f"{v}：赞成 {votes_for[p.pk]} 票，未入选")
    names = {p.pk: p.title for p in projects}
    parts = [f"{setting} {base} 名，入选需赞成 {base // 2 + 1} 票以上；投票 {v.voters} 人",
             f"入选 {len(result.winners)} 项"]
    if result.tied:
        parts.append(f"{'、'.join(names[k] for k in result.tied)}赞成票相等，须就这些项目再次票决"
                     f"（{result.tie_places} 项）")
    if result.shortfall:
        parts.append(f"得票过半数的项目不足，少 {result.shortfall} 项")
    v.outcome = "；".join(parts)[:300]
    return result
