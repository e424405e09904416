"""Votes: open, ballots (by hand or imported), announce or void."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from renda.core import audit, rules
from renda.core.models import Person
from renda.meetings import agenda
from renda.meetings import permissions as perms
from renda.meetings.common import UNCHECKED, check_version
from renda.meetings.common import snap as _snap
from renda.meetings.guards import quorum_counts, require_quorum
from renda.meetings.imports import parse_vote_csv
from renda.meetings.models import (
    AgendaItem,
    AgendaStatus,
    Ballot,
    Choice,
    MeetingStatus,
    Vote,
    VoteMethod,
    VoteStatus,
)
from renda.meetings.tally import eligibility
from renda.meetings.workflow import (
    VOTE_WORKFLOW,
)

log = logging.getLogger(__name__)


# ---- votes ----------------------------------------------------------------------------------------------
def vote_day(vote: Vote) -> dt.date:
    """The day the result counts from: the announcement day, within the meeting's days."""
    meeting = vote.meeting
    if vote.announced_at:
        day = timezone.localdate(vote.announced_at)
        if meeting.date <= day <= meeting.last_day:
            return day
    return meeting.last_day


@transaction.atomic
def vote_open(*, actor, item: AgendaItem, part: str = "", method: str = VoteMethod.ELECTRONIC, at=None) -> Vote:
    item = AgendaItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    meeting = item.meeting
    if not perms.can_manage_votes(actor, meeting):
        if perms.is_office(actor, meeting):
            raise rules.violation("MTG-VOTE-FLOW", "只有常委会会议对议题进行表决")
        raise PermissionDenied("您没有组织表决的权限。")
    if meeting.status != MeetingStatus.IN_SESSION:
        raise rules.violation("MTG-VOTE-FLOW", f"会议处于「{meeting.get_status_display()}」状态，不能表决")
    if item.status not in (AgendaStatus.LISTED, AgendaStatus.DELIBERATED):
        raise rules.violation("MTG-VOTE-FLOW", f"议题处于「{item.get_status_display()}」状态，不能表决")
    if not item.requires_vote:
        raise rules.violation("MTG-VOTE-FLOW", "该议题为听取审议事项，不需要表决")
    if method not in VoteMethod.values:
        raise ValidationError({"method": "表决方式不正确。"})
    part = (part or "").strip()
    votes = item.votes.exclude(status=VoteStatus.VOID)
    if votes.filter(status=VoteStatus.OPEN).exists():
        raise rules.violation("MTG-VOTE-FLOW", "该议题有尚未宣布结果的表决")
    if part:
        if votes.filter(part="").exists():
            raise rules.violation("MTG-SEPARATE-VOTE", "整体表决已经进行，不能再对条款单独表决")
        if votes.filter(part=part).exists():
            raise rules.violation("MTG-SEPARATE-VOTE", f"「{part}」已经单独表决")
    else:
        t = agenda.agenda_type(item.object_type)
        obj = agenda.linked_object(item)
        if item.object_type and obj is None:
            raise rules.violation("MTG-VOTE-FLOW", "议题关联的事项已不存在")
        if t is not None and t.before_vote is not None and obj is not None:
            t.before_vote(obj)
    require_quorum(meeting, "表决")
    present, total = quorum_counts(meeting)
    vote = Vote(congress_id=item.congress_id, meeting=meeting, agenda_item=item, part=part, method=method,
                opened_at=at or timezone.now(), total_members=total, present=present)
    vote.full_clean(exclude=["agenda_item"])
    vote.save()
    audit.record(actor=actor, action="create", obj=vote, after=_snap(vote),
                 note=f"单独表决：{part}" if part else "整体表决", rule=rules.get(
                     "MTG-SEPARATE-VOTE" if part else "MTG-VOTE-FLOW"))
    return vote


def _check_open(vote: Vote, actor) -> Vote:
    locked = Vote.objects.select_for_update().select_related("meeting", "agenda_item").get(pk=vote.pk)
    if not perms.can_manage_votes(actor, locked.meeting):
        raise PermissionDenied("您没有录入表决结果的权限。")
    if locked.status != VoteStatus.OPEN:
        raise rules.violation("MTG-VOTE-FLOW", f"表决处于「{locked.get_status_display()}」状态，不能录入")
    return locked


BALLOTS_CONFLICT = "表决意见已被他人录入或修改：请刷新页面，核对最新的逐人表决意见后再保存（您这次提交的内容未保存）。"


@transaction.atomic
def ballots_record(*, actor, vote: Vote, choices: dict[int, str], lock_version=UNCHECKED) -> Vote:
    """Staff enter members' choices (person id → yes/no/abstain/not_voted); only present members vote.

    The web form posts every member's choice as the clerk saw it: with `lock_version` (the vote's version
    when the form was read) a save over ballots somebody else entered meanwhile is refused."""
    vote = _check_open(vote, actor)
    check_version(vote, lock_version, BALLOTS_CONFLICT)
    members, present = eligibility(vote.meeting)
    people = {p.pk: p.name for p in Person.objects.filter(congress_id=vote.congress_id, pk__in=list(choices))}
    clean: dict[int, str] = {}
    for pid, choice in choices.items():
        pid = int(pid)
        name = people.get(pid)
        if name is None:
            raise ValidationError({"person": "人员不存在或不属于本人大。"})
        if choice not in Choice.values:
            raise ValidationError({"choice": f"{name}的表决意见不正确。"})
        if pid not in members:
            raise rules.violation("MTG-VOTE-MEMBER", f"{name}不是常委会组成人员（列席人员没有表决权）")
        if pid not in present:
            raise rules.violation("MTG-VOTE-MEMBER", f"{name}未签到出席（请假或缺席），不能表决")
        clean[pid] = choice
    _write_ballots(vote, clean)
    vote.lock_version += 1
    vote.save(update_fields=["lock_version"])
    audit.record(actor=actor, action="ballots", obj=vote, after=_counts(clean), note="录入表决结果")
    return vote


def _write_ballots(vote: Vote, choices: dict[int, str], replace_all: bool = False) -> None:
    qs = Ballot.objects.filter(vote=vote)
    if not replace_all:
        qs = qs.filter(person_id__in=list(choices))
    qs.delete()
    Ballot.objects.bulk_create(
        [Ballot(congress_id=vote.congress_id, vote=vote, person_id=pid, choice=c) for pid, c in choices.items()]
    )


def _counts(choices: dict[int, str]) -> dict[str, int]:
    out = {c: 0 for c in Choice.values}
    for c in choices.values():
        out[c] += 1
    return out


@transaction.atomic
def ballots_import(*, actor, vote: Vote, data: bytes, filename: str = ""):
    """Import the voting system's CSV: every row checked; one bad row and nothing is recorded."""
    vote = _check_open(vote, actor)
    members, present = eligibility(vote.meeting)
    people = list(Person.objects.filter(congress_id=vote.congress_id, pk__in=members | present))
    report = parse_vote_csv(data, members=people, present_ids=present)
    report.filename = filename
    if report.ok:
        _write_ballots(vote, report.choices, replace_all=True)
        vote.source = (filename or "表决系统导入")[:200]
        vote.lock_version += 1
        vote.save(update_fields=["source", "lock_version"])
        audit.record(actor=actor, action="import", obj=vote, after={**_counts(report.choices), "file": filename},
                     note="导入表决器数据", rule=rules.get("MTG-VOTE-IMPORT"))
    return report


def vote_transition(*, actor, vote: Vote, action: str, note: str = "", **ctx) -> Vote:
    return VOTE_WORKFLOW.apply(vote, action, actor=actor, note=note, **ctx)
