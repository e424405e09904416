"""This module's own agenda types: decisions (决定、决议草案) and nominations (任免案).

They use the same registry other modules use (see agenda.py): a passed vote adopts the decision or
approves the nomination; a failed vote rejects it.
"""

from __future__ import annotations

from renda.core import kit, wiring
from renda.meetings.agenda import AgendaType, register_agenda_type
from renda.meetings.models import (
    AgendaItem,
    AgendaStatus,
    Decision,
    DecisionStatus,
    Nomination,
    NominationStatus,
)
from renda.meetings.services import (
    decision_may_be_voted,
    decision_transition,
    nomination_may_be_voted,
    nomination_transition,
    vote_day,
)


def _not_on_active_agenda(qs, congress_id: int, object_type: str):
    listed = AgendaItem.objects.filter(
        congress_id=congress_id, object_type=object_type,
        status__in=(AgendaStatus.PROPOSED, AgendaStatus.LISTED, AgendaStatus.DELIBERATED),
    ).values_list("object_id", flat=True)
    return qs.exclude(pk__in=[int(x) for x in listed if x.isdigit()])


def _decision_ready(congress_id: int):
    return _not_on_active_agenda(
        Decision.objects.filter(congress_id=congress_id, status=DecisionStatus.SUBMITTED), congress_id,
        "meetings.decision",
    ).order_by("id")


def _decision_passed(dec, vote, actor) -> None:
    decision_transition(actor=actor, decision=dec, action="adopt", decided_on=vote_day(vote),
                        note=f"{vote.meeting.title}表决通过")


def _decision_failed(dec, vote, actor) -> None:
    decision_transition(actor=actor, decision=dec, action="reject", note=f"{vote.meeting.title}表决未通过")


def _before_decision_vote(dec) -> None:
    decision_may_be_voted(dec)


def _nomination_lookup(congress_id: int, pk: int):
    return Nomination.objects.filter(congress_id=congress_id, pk=pk).select_related("person", "organ").first()


def _nomination_ready(congress_id: int):
    return _not_on_active_agenda(
        Nomination.objects.filter(congress_id=congress_id, status=NominationStatus.READY)
        .select_related("person", "organ"), congress_id, "meetings.nomination",
    ).order_by("id")


def _nomination_passed(nom, vote, actor) -> None:
    nomination_transition(actor=actor, nomination=nom, action="approve", decided_on=vote_day(vote),
                          note=f"{vote.meeting.title}表决通过")


def _nomination_failed(nom, vote, actor) -> None:
    nomination_transition(actor=actor, nomination=nom, action="reject", decided_on=vote_day(vote),
                          note=f"{vote.meeting.title}表决未通过")


def _before_nomination_vote(nom) -> None:
    nomination_may_be_voted(nom)


def _nomination_documents(nom) -> list[str]:
    docs = ["提请任免的函", f"{nom.person.name}同志基本情况和简历"]
    if nom.kind == "appoint":
        docs += ["考察材料", "任前法律知识考试成绩"]
    return docs


def register() -> None:
    register_agenda_type(AgendaType(
        object_type="meetings.decision",
        label="决定、决议草案",
        kind="decision",
        lookup=wiring.congress_row(Decision),
        title=lambda d: f"{d.title}（草案）",
        url=kit.page("meetings:decision"),
        ready=_decision_ready,
        documents=lambda d: [f"{d.title}（草案）", f"关于《{d.title}（草案）》的说明"],
        concerned_org=lambda d: d.proposer_id,
        before_vote=_before_decision_vote,
        on_vote_passed=_decision_passed,
        on_vote_failed=_decision_failed,
    ))
    register_agenda_type(AgendaType(
        object_type="meetings.nomination",
        label="人事任免案",
        kind="appointment",
        lookup=_nomination_lookup,
        title=lambda n: f"关于{n}的议案",
        url=kit.page("meetings:nomination"),
        ready=_nomination_ready,
        documents=_nomination_documents,
        concerned_org=lambda n: n.organ_id,
        before_vote=_before_nomination_vote,
        on_vote_passed=_nomination_passed,
        on_vote_failed=_nomination_failed,
    ))
