"""All writes of live voting: open, cast, the chair's steps (close, void), and the fallback (hands, paper)."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from renda.core import audit, rules
from renda.core.crypto import sm3_hex
from renda.meetings import services as msvc
from renda.meetings.models import AgendaItem, AgendaKind
from renda.meetings.tally import eligibility, standing_of
from renda.voting import permissions as perms
from renda.voting import selectors
from renda.voting.models import (
    CHOICES_OF,
    Kind,
    LiveVote,
    MaterialNote,
    Method,
    SecretBallot,
    Status,
    Threshold,
    VoterMark,
)
from renda.voting.recording import METHOD_OF, record_result
from renda.voting.workflow import LIVE_WORKFLOW

MAX_MINUTES = 120
RECEIPT_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud and typed from a phone


def receipt_code() -> str:
    """16 characters from 32 (80 bits), grouped by four: 7K3M-…"""
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(16))
    return "-".join(raw[i:i + 4] for i in range(0, 16, 4))


def normalize_receipt(code: str) -> str:
    raw = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def receipt_hash(code: str) -> str:
    return sm3_hex(normalize_receipt(code).encode())


def _item(actor, item: AgendaItem) -> AgendaItem:
    item = AgendaItem.objects.select_related("meeting").get(pk=item.pk)
    if item.congress_id != getattr(actor, "congress_id", None) or not perms.can_chair(actor, item.meeting):
        raise PermissionDenied("您没有主持表决的权限。")
    return item


def _choice_values(kind: str, threshold: str) -> None:
    if kind not in Kind.values:
        raise ValidationError({"kind": "表决类别不正确。"})
    if threshold not in Threshold.values:
        raise ValidationError({"threshold": "通过所需票数不正确。"})


@transaction.atomic
def live_open(*, actor, item: AgendaItem, kind: str = Kind.VOTE, secret: bool = False,
              threshold: str = Threshold.MAJORITY, minutes: int | None = 5, at: dt.datetime | None = None) -> LiveVote:
    """The chair opens a vote from the members' devices; meetings opens its own vote on the item at once (its rules:
    the meeting in session, the item listed, the quorum present, one whole vote per item)."""
    item = _item(actor, item)
    _choice_values(kind, threshold)
    if minutes is not None and not 1 <= int(minutes) <= MAX_MINUTES:
        raise ValidationError({"minutes": f"表决时长应在 1 至 {MAX_MINUTES} 分钟之间。"})
    secret = bool(secret) or item.kind == AgendaKind.APPOINTMENT  # 人事任免: always 无记名
    now = at or timezone.now()
    vote = msvc.vote_open(actor=actor, item=item, method=METHOD_OF[Method.DEVICE], at=now)
    live = LiveVote(congress_id=item.congress_id, meeting=item.meeting, agenda_item=item, kind=kind, secret=secret,
                    threshold=threshold, method=Method.DEVICE, opened_at=now, opened_by=actor, result=vote,
                    closes_at=now + dt.timedelta(minutes=int(minutes)) if minutes else None)
    live.full_clean(exclude=["meeting", "agenda_item", "result", "opened_by"])
    live.save()
    audit.record(actor=actor, action="create", obj=live, rule=rules.get("MTG-VOTE-FLOW"),
                 after={"kind": kind, "secret": secret, "threshold": threshold, "minutes": minutes},
                 note=f"开始{live.get_kind_display()}{'（无记名）' if secret else ''}")
    return live


def _refuse(detail: str, rule: str = "MTG-VOTE-FLOW"):
    return rules.violation(rule, detail)


def _check_open(live: LiveVote, at: dt.datetime | None) -> None:
    if live.status != Status.OPEN or live.method != Method.DEVICE:
        raise _refuse(f"表决{live.get_status_display()}，不能再投票")
    if live.closes_at and (at or timezone.now()) > live.closes_at:
        raise _refuse("表决时间已过，不能再投票")


@transaction.atomic
def cast(*, actor, live: LiveVote, choice: str, at: dt.datetime | None = None) -> str:
    """A member votes once from their own device. Returns the receipt code of a secret ballot ("" otherwise),
    shown once and stored only as its SM3 hash."""
    # Everything that does not depend on the vote's state is checked before its row is locked: the lock serialises
    # the votes of one item, so it is held only for the state check and the insert. The voter's standing is read for
    # this one person (two indexed lookups), not as meetings' eligibility sets of all the members and present ones.
    live = LiveVote.objects.select_related("meeting").get(pk=live.pk)
    if live.congress_id != getattr(actor, "congress_id", None):
        raise PermissionDenied("您不能参加该表决。")
    if not perms.may_vote_as(actor):
        raise _refuse("您的账号未关联常委会组成人员，不能表决", "MTG-VOTE-MEMBER")
    _check_open(live, at)
    if choice not in CHOICES_OF[live.kind]:
        raise ValidationError({"choice": "请选择" + "、".join(c.label for c in CHOICES_OF[live.kind]) + "之一。"})
    pid = actor.person_id
    member, present = standing_of(live.meeting, pid)
    if not member:
        raise _refuse("您不是本次会议的常委会组成人员，没有表决权", "MTG-VOTE-MEMBER")
    if not present:
        raise _refuse("您未签到出席本次会议（请假或缺席），不能表决", "MTG-VOTE-MEMBER")
    if VoterMark.objects.filter(live_vote=live, person_id=pid).exists():  # a retry: refused without the lock
        raise _refuse("您已经投过票，每人只能投一次")
    live = LiveVote.objects.select_for_update().select_related("meeting").get(pk=live.pk)
    _check_open(live, at)  # again under the lock: the close takes the same lock, so no vote lands after it
    try:
        with transaction.atomic():
            VoterMark.objects.create(id=uuid.uuid4(), congress_id=live.congress_id, live_vote=live, person_id=pid,
                                     choice="" if live.secret else choice)
    except IntegrityError:
        raise _refuse("您已经投过票，每人只能投一次") from None
    if not live.secret:
        # An open vote's marks are sealed into the congress's audit chain at the close, all at once (`seal_marks`):
        # a record per vote here would serialise every vote of the congress on its chain lock.
        return ""
    # A secret ballot: nothing that names the voter, no time, no sequence; the voting itself is audited at the close
    # (the list of voters), never per ballot — an audit row per vote would put the voters in voting order.
    code = receipt_code()
    SecretBallot.objects.create(id=uuid.uuid4(), congress_id=live.congress_id, live_vote=live, choice=choice,
                          receipt_hash=receipt_hash(code))
    return code


@transaction.atomic
def live_transition(*, actor, live: LiveVote, action: str, note: str = "", **ctx) -> LiveVote:
    return LIVE_WORKFLOW.apply(live, action, actor=actor, note=note, **ctx)


@transaction.atomic
def fallback_record(*, actor, item: AgendaItem, method: str, figures: dict[str, int], kind: str = Kind.VOTE,
                    threshold: str = Threshold.MAJORITY, secret: bool = False, note: str = "",
                    at: dt.datetime | None = None) -> LiveVote:
    """When devices cannot be used (议事规则 第四十八条): the clerk records a show of hands or a paper count. Same
    rule check as a device vote; recorded with its method."""
    item = _item(actor, item)
    _choice_values(kind, threshold)
    if method not in (Method.HANDS, Method.PAPER):
        raise ValidationError({"method": "请选择举手表决或书面表决。"})
    if not (note or "").strip():
        raise ValidationError({"note": "请说明改用举手或书面表决的原因（如表决器故障）。"})
    if LiveVote.objects.filter(agenda_item=item, status=Status.OPEN).exists():
        raise _refuse("该议题的电子表决尚未结束：请先作废，再登记举手或书面表决结果")
    clean: dict[str, int] = {}
    for c in CHOICES_OF[kind]:
        try:
            n = int(figures.get(c, 0) or 0)
        except (TypeError, ValueError):
            raise ValidationError({c: f"{c.label}票数应为整数。"}) from None
        if n < 0:
            raise ValidationError({c: f"{c.label}票数不能为负数。"})
        clean[c] = n
    _, present = eligibility(item.meeting)
    if sum(clean.values()) > len(present):
        raise ValidationError({"__all__": f"票数合计 {sum(clean.values())} 超过出席的组成人员 {len(present)} 人。"})
    now = at or timezone.now()
    vote = msvc.vote_open(actor=actor, item=item, method=METHOD_OF[method], at=now)
    live = LiveVote(congress_id=item.congress_id, meeting=item.meeting, agenda_item=item, kind=kind,
                    secret=bool(secret) or (method == Method.PAPER and item.kind == AgendaKind.APPOINTMENT),
                    threshold=threshold, method=method, status=Status.RECORDED, opened_at=now, closed_at=now,
                    opened_by=actor, result=vote, note=note.strip()[:300])
    live.save()
    record_result(live, clean, actor=actor, at=now)
    live.save()
    audit.record(actor=actor, action="fallback", obj=live, rule=rules.get("MTG-VOTE-FLOW"),
                 after={"method": method, **clean, "passed": live.passed}, note=note.strip()[:300])
    return live


# ---- private notes on meeting materials ------------------------------------------------------------------
NOTE_MAX = 5000


@transaction.atomic
def note_add(*, actor, attachment_pk: int, text: str, position: str = "") -> MaterialNote:
    """A private annotation by `actor` on a material they may read. The audit trail records that a note was
    written on which material, never its text (only its author ever reads it)."""
    att, _item = selectors.material_for(actor, attachment_pk)  # 404 when the material is not theirs to read
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "请填写批注内容。"})
    if len(text) > NOTE_MAX:
        raise ValidationError({"text": f"批注不得超过 {NOTE_MAX} 字。"})
    note = MaterialNote(congress_id=att.congress_id, author=actor, attachment=att, text=text,
                        position=(position or "").strip())
    note.full_clean()
    note.save()
    audit.record(actor=actor, action="create", obj=note, note=f"批注会议材料 {att.name}")
    return note


@transaction.atomic
def note_delete(*, actor, note_pk: int) -> None:
    note = selectors.note_for(actor, note_pk)  # the author's own, or 404
    audit.record(actor=actor, action="delete", obj=note, note="删除会议材料批注")
    note.delete()
