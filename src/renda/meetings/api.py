"""Meetings, agenda, attendance, votes, appointments and decisions in /api/v1/meetings. Thin."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import AfterValidator

from renda.core import rules
from renda.core.api import WorkflowActionOut, state_out
from renda.core.api_kit import congress_ref, congress_rows, named_ref_out, page_out
from renda.core.models import Organization, Person, Position
from renda.core.schemas import Id, Page
from renda.core.selectors import patch_fields
from renda.meetings import permissions as perms
from renda.meetings import selectors, services
from renda.meetings.models import (
    AgendaKind,
    AgendaStatus,
    AttendanceStatus,
    Choice,
    DecisionKind,
    DecisionStatus,
    MeetingKind,
    MeetingStatus,
    NominationKind,
    NominationStatus,
    Nominator,
    StatementMode,
    VoteMethod,
    VoteStatus,
)
from renda.meetings.workflow import (
    AGENDA_WORKFLOW,
    DECISION_WORKFLOW,
    MEETING_WORKFLOW,
    NOMINATION_WORKFLOW,
    VOTE_WORKFLOW,
)

router = Router(tags=["决定任免"])


def _clock(value: dt.time) -> dt.time:
    """A meeting's start is a wall-clock time in the city: an offset sent with it is dropped, never stored."""
    return value.replace(tzinfo=None)


ClockTime = Annotated[dt.time, AfterValidator(_clock)]

ID = Field(..., ge=1, le=2**53)


class Ref(Schema):
    id: int
    name: str


class MeetingOut(Schema):
    id: int
    kind: MeetingKind
    kind_label: str
    number: int
    title: str
    date: dt.date
    end_date: dt.date | None
    start_time: str | None = Field(None, pattern=r"^\d{2}:\d{2}$", description="开始时间（HH:MM，本地时间）")
    place: str
    presider: Ref | None
    is_ad_hoc: bool
    status: MeetingStatus
    status_label: str
    agenda_decided_by: int | None
    agenda_decided_on: dt.date | None
    lock_version: int
    actions: list[WorkflowActionOut] = []


class MeetingPage(Page):
    items: list[MeetingOut]


class MeetingQuery(Schema):
    kind: MeetingKind | None = None
    status: MeetingStatus | None = None
    year: int | None = Field(None, ge=1990, le=2100)
    q: str = Field("", max_length=50)
    page: int = Field(1, ge=1, le=100000)


class MeetingIn(Schema):
    kind: MeetingKind
    date: dt.date
    place: str = Field(..., min_length=1, max_length=120)
    body_id: int | None = Field(None, ge=1, le=2**53)
    end_date: dt.date | None = None
    start_time: ClockTime | None = None
    presider_id: int | None = Field(None, ge=1, le=2**53)
    is_ad_hoc: bool = False
    notes: str = Field("", max_length=4000)


class MeetingPatch(Schema):
    lock_version: int = Field(..., ge=0, le=2_147_483_647)
    date: dt.date | None = None
    end_date: dt.date | None = None
    start_time: ClockTime | None = None
    place: str | None = Field(None, min_length=1, max_length=120)
    presider_id: int | None = Field(None, ge=1, le=2**53)
    is_ad_hoc: bool | None = None
    notes: str | None = Field(None, max_length=4000)


class MeetingTransitionIn(Schema):
    action: str = Field(..., max_length=40)
    note: str = Field("", max_length=1000)
    chairs_meeting_id: int | None = Field(None, ge=1, le=2**53)
    doc_number: str = Field("", max_length=40)


class AgendaItemOut(Schema):
    id: int
    meeting_id: int
    position: int
    kind: AgendaKind
    kind_label: str
    title: str
    description: str
    object_type: str
    object_id: str
    link: str
    proposer: str
    requires_vote: bool
    slot_start: dt.datetime | None
    slot_minutes: int | None
    documents: list[str]
    status: AgendaStatus
    status_label: str
    lock_version: int
    actions: list[WorkflowActionOut] = []


class AgendaItemIn(Schema):
    title: str = Field("", max_length=200)
    kind: AgendaKind = AgendaKind.OTHER
    object_type: str = Field("", max_length=80)
    object_id: int | None = Field(None, ge=1, le=2**53)
    description: str = Field("", max_length=4000)
    link: str = Field("", max_length=300)
    proposer: str = Field("", max_length=120)
    requires_vote: bool | None = None
    documents: list[str] = Field([], max_length=100)
    note: str = Field("", max_length=500)


class AgendaItemPatch(Schema):
    lock_version: int = Field(..., ge=0, le=2_147_483_647)
    title: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = Field(None, max_length=4000)
    link: str | None = Field(None, max_length=300)
    proposer: str | None = Field(None, max_length=120)
    slot_start: dt.datetime | None = None
    slot_minutes: int | None = Field(None, ge=1, le=1440)
    documents: list[str] | None = Field(None, max_length=100)


class OrderIn(Schema):
    order: list[Id] = Field(..., max_length=500)
    # The meeting's lock_version when the order was read: a reorder by somebody else since then is refused (409).
    lock_version: int = Field(..., ge=0, le=2_147_483_647)


class RosterRowOut(Schema):
    person_id: int
    name: str
    capacity: str
    post: str
    status: AttendanceStatus
    status_label: str
    leave_reason: str = ""


class QuorumOut(Schema):
    total: int
    present: int
    on_leave: int
    leave_requested: int
    absent: int
    nonvoting: int
    needed: int
    met: bool
    applies: bool


class AttendanceOut(Schema):
    quorum: QuorumOut
    rows: list[RosterRowOut]


class AttendanceIn(Schema):
    person_id: int = ID
    action: str = Field(..., max_length=30)
    note: str = Field("", max_length=300)


class BulkSignInIn(Schema):
    person_ids: list[Id] = Field(..., min_length=1, max_length=500)
    at: dt.datetime | None = None


class NonvotingIn(Schema):
    person_id: int | None = Field(None, ge=1, le=2**53)
    name: str = Field("", max_length=40)
    role_note: str = Field("", max_length=120)


class MeetingVoteOut(Schema):
    id: int
    meeting_id: int
    agenda_item_id: int
    item_title: str
    part: str
    method: VoteMethod
    status: VoteStatus
    status_label: str
    total_members: int
    present: int
    yes: int
    no: int
    abstain: int
    not_voted: int
    passed: bool | None
    actions: list[WorkflowActionOut] = []
    ballots: list[dict] | None = None


class MeetingVoteIn(Schema):
    part: str = Field("", max_length=120)
    method: VoteMethod = VoteMethod.ELECTRONIC


class BallotIn(Schema):
    person_id: int = ID
    choice: Choice


class BallotsIn(Schema):
    ballots: list[BallotIn] = Field(..., min_length=1, max_length=500)


class ImportOut(Schema):
    ok: bool
    rows: int
    recorded: int
    counts: dict[str, int]
    errors: list[dict]


class NominationOut(Schema):
    id: int
    kind: NominationKind
    kind_label: str
    nominator: Nominator
    nominator_label: str
    person: Ref
    organ: Ref
    post_title: str
    position_role: str
    status: NominationStatus
    status_label: str
    received_on: dt.date
    materials_complete: bool
    review_opinion: str
    exam_score: int | None
    statement_date: dt.date | None
    decided_on: dt.date | None
    letter_number: str
    oath_date: dt.date | None
    lock_version: int
    actions: list[WorkflowActionOut] = []


class NominationIn(Schema):
    kind: NominationKind = NominationKind.APPOINT
    nominator: Nominator
    organ_id: int = ID
    post_title: str = Field(..., min_length=1, max_length=120)
    person_id: int | None = Field(None, ge=1, le=2**53)
    person_name: str = Field("", max_length=40)
    position_role: Position.Role | None = None
    reasons: str = Field("", max_length=4000)
    has_letter: bool = False
    has_resume: bool = False
    has_assessment: bool = False
    received_on: dt.date | None = None


class NominationPatch(Schema):
    lock_version: int = Field(..., ge=0, le=2_147_483_647)
    reasons: str | None = Field(None, max_length=4000)
    has_letter: bool | None = None
    has_resume: bool | None = None
    has_assessment: bool | None = None
    review_opinion: str | None = Field(None, max_length=4000)
    exam_date: dt.date | None = None
    exam_score: int | None = Field(None, ge=0, le=100)
    statement_date: dt.date | None = None
    statement_mode: StatementMode | None = None


class OathIn(Schema):
    date: dt.date
    administered_by_id: int = ID
    nomination_ids: list[Id] = Field(..., min_length=1, max_length=100)
    place: str = Field("", max_length=120)
    form: str = Field("collective", pattern="^(individual|collective)$")
    meeting_id: int | None = Field(None, ge=1, le=2**53)


class AppointmentOut(Schema):
    id: int
    person: Ref
    organ: Ref
    post_title: str
    start_date: dt.date
    end_date: dt.date | None


class DecisionOut(Schema):
    id: int
    kind: DecisionKind
    title: str
    text: str
    proposer: Ref | None
    status: DecisionStatus
    status_label: str
    adopted_on: dt.date | None
    published_on: dt.date | None
    doc_number: str
    lock_version: int
    actions: list[WorkflowActionOut] = []


class DecisionIn(Schema):
    kind: DecisionKind = DecisionKind.DECISION
    title: str = Field(..., min_length=1, max_length=200)
    text: str = Field(..., min_length=1, max_length=50000)
    proposer_id: int | None = Field(None, ge=1, le=2**53)


class DecisionPatch(Schema):
    lock_version: int = Field(..., ge=0, le=2_147_483_647)
    title: str | None = Field(None, min_length=1, max_length=200)
    text: str | None = Field(None, min_length=1, max_length=50000)


class StatRow(Schema):
    person_id: int
    name: str
    meetings: int
    present: int
    on_leave: int
    absent: int
    attendance_rate: float
    votes: int
    yes: int
    no: int
    abstain: int
    not_voted: int
    missed: int
    participation_rate: float


class IntervalOut(Schema):
    level: str | None
    message: str
    last: dt.date | None
    deadline: dt.date | None
    rule: str
    basis: str


# ---- helpers --------------------------------------------------------------------------------------------
def _meeting_out(user, m, with_actions: bool = False) -> dict:
    return {
        **state_out(user, m, MEETING_WORKFLOW, with_actions), "kind": m.kind,
        "kind_label": m.get_kind_display(), "number": m.number, "title": m.title, "date": m.date,
        "end_date": m.end_date, "start_time": m.start_time.strftime("%H:%M") if m.start_time else None,
        "place": m.place, "presider": named_ref_out(m.presider), "is_ad_hoc": m.is_ad_hoc,
        "agenda_decided_by": m.agenda_decided_by_id, "agenda_decided_on": m.agenda_decided_on,
        "lock_version": m.lock_version,
    }


def _item_out(user, i, with_actions: bool = True) -> dict:
    return {
        **state_out(user, i, AGENDA_WORKFLOW, with_actions), "meeting_id": i.meeting_id,
        "position": i.position, "kind": i.kind, "kind_label": i.get_kind_display(), "title": i.title,
        "description": i.description, "object_type": i.object_type, "object_id": i.object_id, "link": i.link,
        "proposer": i.proposer, "requires_vote": i.requires_vote, "slot_start": i.slot_start,
        "slot_minutes": i.slot_minutes, "documents": i.documents, "lock_version": i.lock_version,
    }


def _vote_out(user, v) -> dict:
    out = {
        **state_out(user, v, VOTE_WORKFLOW), "meeting_id": v.meeting_id, "agenda_item_id": v.agenda_item_id,
        "item_title": v.agenda_item.title, "part": v.part, "method": v.method,
        "total_members": v.total_members, "present": v.present, "yes": v.yes, "no": v.no,
        "abstain": v.abstain, "not_voted": v.not_voted, "passed": v.passed, "ballots": None,
    }
    if perms.can_see_ballots(user):
        out["ballots"] = [{"person_id": b.person_id, "name": b.person.name, "choice": b.choice}
                          for b in selectors.ballots(v)]
    return out


def _nomination_out(user, n) -> dict:
    return {
        **state_out(user, n, NOMINATION_WORKFLOW), "kind": n.kind, "kind_label": n.get_kind_display(),
        "nominator": n.nominator, "nominator_label": n.get_nominator_display(),
        "person": named_ref_out(n.person), "organ": named_ref_out(n.organ), "post_title": n.post_title,
        "position_role": n.position_role, "received_on": n.received_on,
        "materials_complete": n.materials_complete, "review_opinion": n.review_opinion,
        "exam_score": n.exam_score, "statement_date": n.statement_date, "decided_on": n.decided_on,
        "letter_number": n.letter_number, "oath_date": n.oath.date if n.oath_id else None,
        "lock_version": n.lock_version,
    }


def _decision_out(user, d) -> dict:
    return {
        **state_out(user, d, DECISION_WORKFLOW), "kind": d.kind, "title": d.title, "text": d.text,
        "proposer": named_ref_out(d.proposer), "adopted_on": d.adopted_on, "published_on": d.published_on,
        "doc_number": d.doc_number, "lock_version": d.lock_version,
    }


# ---- meetings -------------------------------------------------------------------------------------------
@router.get("/meetings", response=MeetingPage, summary="会议列表")
def list_meetings(request, filters: Query[MeetingQuery]):
    f = selectors.MeetingFilters(kind=filters.kind or "", status=filters.status or "", year=filters.year,
                                 q=filters.q)
    page = selectors.meeting_page(request.user, f, page=filters.page)
    return page_out(page, [_meeting_out(request.user, m) for m in page.object_list])


@router.post("/meetings", response={201: MeetingOut}, summary="安排会议")
def create_meeting(request, payload: MeetingIn):
    cid = request.user.congress_id
    data = payload.dict()
    body = congress_ref(Organization, cid, data.pop("body_id"), "body")
    presider = congress_ref(Person, cid, data.pop("presider_id"), "presider")
    m = services.meeting_create(actor=request.user, body=body, presider=presider, **data)
    return Status(201, _meeting_out(request.user, selectors.meeting_for(request.user, m.pk), True))


@router.get("/meetings/{meeting_id}", response=MeetingOut, summary="会议")
def get_meeting(request, meeting_id: int):
    return _meeting_out(request.user, selectors.meeting_for(request.user, meeting_id), True)


@router.patch("/meetings/{meeting_id}", response=MeetingOut, summary="修改会议")
def update_meeting(request, meeting_id: int, payload: MeetingPatch):
    m = selectors.meeting_for(request.user, meeting_id)
    data, lock = patch_fields(payload, not_null=("date", "place", "is_ad_hoc"))
    if "presider_id" in data:
        data["presider"] = congress_ref(Person, m.congress_id, data.pop("presider_id"), "presider")
    services.meeting_update(actor=request.user, meeting=m, lock_version=lock, **data)
    return _meeting_out(request.user, selectors.meeting_for(request.user, meeting_id), True)


@router.post("/meetings/{meeting_id}/transitions", response=MeetingOut, summary="会议流转")
def transition_meeting(request, meeting_id: int, payload: MeetingTransitionIn):
    m = selectors.meeting_for(request.user, meeting_id)
    services.meeting_transition(actor=request.user, meeting=m, action=payload.action, note=payload.note,
                                chairs_meeting=payload.chairs_meeting_id)
    return _meeting_out(request.user, selectors.meeting_for(request.user, meeting_id), True)


@router.post("/meetings/{meeting_id}/notices", response=dict, summary="发出会议通知")
def send_notices(request, meeting_id: int):
    m = selectors.meeting_for(request.user, meeting_id)
    return services.notices_send(meeting=m, actor=request.user)


@router.get("/interval", response=IntervalOut, summary="常委会会议间隔提醒")
def interval(request):
    if not perms.is_office_or_leader(request.user) and request.user.role != "admin":
        raise PermissionDenied("您没有查看该提醒的权限。")
    status = selectors.interval_status(request.user.congress_id, timezone.localdate())
    rule = rules.get("MTG-INTERVAL")
    if status is None:
        return {"level": None, "message": "", "last": None, "deadline": None, "rule": rule.id,
                "basis": rule.basis_text}
    return {"level": status["level"], "message": status["message"], "last": status["last"].date,
            "deadline": status["deadline"], "rule": rule.id, "basis": rule.basis_text}


# ---- agenda ---------------------------------------------------------------------------------------------
@router.get("/meetings/{meeting_id}/agenda", response=list[AgendaItemOut], summary="会议议程")
def list_agenda(request, meeting_id: int):
    m = selectors.meeting_for(request.user, meeting_id)
    return [_item_out(request.user, i) for i in selectors.items_for(request.user, m).select_related("meeting")]


@router.post("/meetings/{meeting_id}/agenda", response={201: AgendaItemOut}, summary="提出议题")
def add_item(request, meeting_id: int, payload: AgendaItemIn):
    m = selectors.meeting_for(request.user, meeting_id)
    data = payload.dict()
    if data["requires_vote"] is None:
        data.pop("requires_vote")
    if not data["documents"]:
        data.pop("documents")
    item = services.item_add(actor=request.user, meeting=m, **data)
    return Status(201, _item_out(request.user, selectors.item_for(request.user, item.pk)))


@router.put("/meetings/{meeting_id}/agenda/order", response=list[AgendaItemOut], summary="调整议题顺序")
def reorder(request, meeting_id: int, payload: OrderIn):
    m = selectors.meeting_for(request.user, meeting_id)
    services.agenda_reorder(actor=request.user, meeting=m, order=payload.order, lock_version=payload.lock_version)
    return [_item_out(request.user, i) for i in selectors.items_for(request.user, m).select_related("meeting")]


@router.get("/agenda/{item_id}", response=AgendaItemOut, summary="议题")
def get_item(request, item_id: int):
    return _item_out(request.user, selectors.item_for(request.user, item_id))


@router.patch("/agenda/{item_id}", response=AgendaItemOut, summary="修改议题安排")
def update_item(request, item_id: int, payload: AgendaItemPatch):
    item = selectors.item_for(request.user, item_id)
    data, lock = patch_fields(payload)
    if "documents" in data and data["documents"] is None:
        data["documents"] = []
    services.item_update(actor=request.user, item=item, lock_version=lock, **data)
    return _item_out(request.user, selectors.item_for(request.user, item_id))


@router.post("/agenda/{item_id}/transitions", response=AgendaItemOut, summary="议题流转")
def transition_item(request, item_id: int, payload: MeetingTransitionIn):
    item = selectors.item_for(request.user, item_id)
    services.item_transition(actor=request.user, item=item, action=payload.action, note=payload.note)
    return _item_out(request.user, selectors.item_for(request.user, item_id))


# ---- attendance -----------------------------------------------------------------------------------------
def _attendance_out(request, m) -> dict:
    if not perms.can_see_roster(request.user, m):
        raise PermissionDenied("您没有查看出席名单的权限。")
    rows = selectors.roster(m)
    reasons = perms.can_see_ballots(request.user)
    return {
        "quorum": selectors.quorum(m, rows),
        "rows": [{"person_id": r.person.pk, "name": r.person.name, "capacity": r.capacity, "post": r.post,
                  "status": r.status, "status_label": r.status_label,
                  "leave_reason": (r.attendance.leave_reason if r.attendance and reasons else "")} for r in rows],
    }


@router.get("/meetings/{meeting_id}/attendance", response=AttendanceOut, summary="出席情况和法定人数")
def get_attendance(request, meeting_id: int):
    return _attendance_out(request, selectors.meeting_for(request.user, meeting_id))


@router.post("/meetings/{meeting_id}/attendance", response=AttendanceOut, summary="签到、请假、准假")
def post_attendance(request, meeting_id: int, payload: AttendanceIn):
    m = selectors.meeting_for(request.user, meeting_id)
    person = congress_ref(Person, m.congress_id, payload.person_id, "person_id")
    if payload.action == "sign_in":
        services.attendance_sign_in(actor=request.user, meeting=m, person=person)
    elif payload.action == "cancel_sign_in":
        services.attendance_cancel_sign_in(actor=request.user, meeting=m, person=person, note=payload.note)
    elif payload.action == "request_leave":
        services.attendance_request_leave(actor=request.user, meeting=m, person=person, reason=payload.note)
    elif payload.action in ("approve_leave", "refuse_leave"):
        att = m.attendances.filter(person=person).first()
        if att is None:
            raise ValidationError({"person_id": "该人员没有请假记录。"})
        services.attendance_decide_leave(actor=request.user, attendance=att,
                                         approve=payload.action == "approve_leave", note=payload.note)
    else:
        raise ValidationError({"action": "未知的操作。"})
    return _attendance_out(request, m)


@router.post("/meetings/{meeting_id}/attendance/bulk", response=AttendanceOut, summary="批量签到（签到系统）")
def bulk_sign_in(request, meeting_id: int, payload: BulkSignInIn):
    m = selectors.meeting_for(request.user, meeting_id)
    people = congress_rows(Person, m.congress_id, payload.person_ids, "person_ids")
    services.attendance_sign_in_many(actor=request.user, meeting=m, people=people, at=payload.at)
    return _attendance_out(request, m)


@router.post("/meetings/{meeting_id}/nonvoting", response=AttendanceOut, summary="登记列席人员")
def add_nonvoting(request, meeting_id: int, payload: NonvotingIn):
    m = selectors.meeting_for(request.user, meeting_id)
    person = congress_ref(Person, m.congress_id, payload.person_id, "person_id")
    services.attendance_add_nonvoting(actor=request.user, meeting=m, person=person, name=payload.name,
                                      role_note=payload.role_note)
    return _attendance_out(request, m)


# ---- votes ----------------------------------------------------------------------------------------------
@router.get("/meetings/{meeting_id}/votes", response=list[MeetingVoteOut], summary="会议的表决")
def list_votes(request, meeting_id: int):
    m = selectors.meeting_for(request.user, meeting_id)
    return [_vote_out(request.user, v) for v in selectors.votes_for(request.user, m)]


@router.post("/agenda/{item_id}/votes", response={201: MeetingVoteOut}, summary="开始表决（整体或单独表决）")
def open_vote(request, item_id: int, payload: MeetingVoteIn):
    item = selectors.item_for(request.user, item_id)
    vote = services.vote_open(actor=request.user, item=item, part=payload.part, method=payload.method)
    return Status(201, _vote_out(request.user, selectors.vote_for(request.user, vote.pk)))


@router.get("/votes/{vote_id}", response=MeetingVoteOut, summary="表决")
def get_vote(request, vote_id: int):
    return _vote_out(request.user, selectors.vote_for(request.user, vote_id))


@router.post("/votes/{vote_id}/ballots", response=MeetingVoteOut, summary="录入表决意见")
def post_ballots(request, vote_id: int, payload: BallotsIn):
    vote = selectors.vote_for(request.user, vote_id)
    ids = [b.person_id for b in payload.ballots]
    if len(set(ids)) != len(ids):
        raise ValidationError({"ballots": "同一人员重复录入。"})
    services.ballots_record(actor=request.user, vote=vote, choices={b.person_id: b.choice for b in payload.ballots})
    return _vote_out(request.user, selectors.vote_for(request.user, vote_id))


@router.post("/votes/{vote_id}/import", response={200: ImportOut, 422: dict}, summary="导入表决器 CSV")
def import_ballots(request, vote_id: int, file: File[UploadedFile]):
    vote = selectors.vote_for(request.user, vote_id)
    report = services.ballots_import(actor=request.user, vote=vote, data=file.read(512 * 1024 + 1),
                                     filename=file.name or "")
    if report.ok:
        return report.as_dict()
    rule = rules.get("MTG-VOTE-IMPORT")
    return Status(422, {"detail": "表决数据有误，整份数据未导入。", "rule": rule.id, "statement": rule.statement,
                        "basis": rule.basis_text, **report.as_dict()})


@router.post("/votes/{vote_id}/transitions", response=MeetingVoteOut, summary="宣布表决结果或作废")
def transition_vote(request, vote_id: int, payload: MeetingTransitionIn):
    vote = selectors.vote_for(request.user, vote_id)
    services.vote_transition(actor=request.user, vote=vote, action=payload.action, note=payload.note)
    return _vote_out(request.user, selectors.vote_for(request.user, vote_id))


# ---- appointments ---------------------------------------------------------------------------------------
@router.get("/nominations", response=list[NominationOut], summary="任免案")
def list_nominations(request):
    return [_nomination_out(request.user, n) for n in selectors.nominations_for(request.user).order_by("-id")[:500]]


@router.post("/nominations", response={201: NominationOut}, summary="登记任免案")
def create_nomination(request, payload: NominationIn):
    cid = request.user.congress_id
    data = payload.dict()
    organ = congress_ref(Organization, cid, data.pop("organ_id"), "organ_id")
    person = congress_ref(Person, cid, data.pop("person_id"), "person_id")
    data["position_role"] = data["position_role"] or ""
    nom = services.nomination_create(actor=request.user, organ=organ, person=person, **data)
    return Status(201, _nomination_out(request.user, selectors.nomination_for(request.user, nom.pk)))


@router.get("/nominations/{nomination_id}", response=NominationOut, summary="任免案详情")
def get_nomination(request, nomination_id: int):
    return _nomination_out(request.user, selectors.nomination_for(request.user, nomination_id))


@router.patch("/nominations/{nomination_id}", response=NominationOut, summary="材料、审查、考试、供职发言")
def update_nomination(request, nomination_id: int, payload: NominationPatch):
    nom = selectors.nomination_for(request.user, nomination_id)
    data, lock = patch_fields(payload, not_null=("has_letter", "has_resume", "has_assessment", "reasons",
                                                 "review_opinion"))
    if "statement_mode" in data:
        data["statement_mode"] = data["statement_mode"] or ""
    services.nomination_update(actor=request.user, nomination=nom, lock_version=lock, **data)
    return _nomination_out(request.user, selectors.nomination_for(request.user, nomination_id))


@router.post("/nominations/{nomination_id}/transitions", response=NominationOut, summary="任免案流转")
def transition_nomination(request, nomination_id: int, payload: MeetingTransitionIn):
    nom = selectors.nomination_for(request.user, nomination_id)
    services.nomination_transition(actor=request.user, nomination=nom, action=payload.action, note=payload.note)
    return _nomination_out(request.user, selectors.nomination_for(request.user, nomination_id))


@router.post("/oaths", response={201: list[NominationOut]}, summary="登记宪法宣誓")
def record_oath(request, payload: OathIn):
    cid = request.user.congress_id
    noms = list(selectors.nominations_for(request.user).filter(pk__in=payload.nomination_ids))
    if len(noms) != len(set(payload.nomination_ids)):
        raise ValidationError({"nomination_ids": "任免案不存在或不属于本人大。"})
    services.oath_record(
        actor=request.user, date=payload.date, place=payload.place, form=payload.form,
        administered_by=congress_ref(Person, cid, payload.administered_by_id, "administered_by_id"), nominations=noms,
        meeting=selectors.meeting_for(request.user, payload.meeting_id) if payload.meeting_id else None,
    )
    return Status(201, [_nomination_out(request.user, selectors.nomination_for(request.user, n.pk)) for n in noms])


@router.get("/appointments", response=list[AppointmentOut], summary="任免名册")
def roster(request, current: bool = False):
    return [{"id": a.pk, "person": named_ref_out(a.person), "organ": named_ref_out(a.organ), "post_title": a.post_title,
             "start_date": a.start_date, "end_date": a.end_date}
            for a in selectors.appointments_for(request.user, current_only=current)[:1000]]


# ---- decisions ------------------------------------------------------------------------------------------
@router.get("/decisions", response=list[DecisionOut], summary="决定决议")
def list_decisions(request):
    return [_decision_out(request.user, d) for d in selectors.decisions_for(request.user).order_by("-id")[:500]]


@router.post("/decisions", response={201: DecisionOut}, summary="起草决定、决议")
def create_decision(request, payload: DecisionIn):
    proposer = congress_ref(Organization, request.user.congress_id, payload.proposer_id, "proposer_id")
    d = services.decision_create(actor=request.user, kind=payload.kind, title=payload.title, text=payload.text,
                                 proposer=proposer)
    return Status(201, _decision_out(request.user, selectors.decision_for(request.user, d.pk)))


@router.get("/decisions/{decision_id}", response=DecisionOut, summary="决定决议详情")
def get_decision(request, decision_id: int):
    return _decision_out(request.user, selectors.decision_for(request.user, decision_id))


@router.patch("/decisions/{decision_id}", response=DecisionOut, summary="修改草案")
def update_decision(request, decision_id: int, payload: DecisionPatch):
    d = selectors.decision_for(request.user, decision_id)
    data, lock = patch_fields(payload, not_null=("title", "text"))
    services.decision_update(actor=request.user, decision=d, lock_version=lock, **data)
    return _decision_out(request.user, selectors.decision_for(request.user, decision_id))


@router.post("/decisions/{decision_id}/transitions", response=DecisionOut, summary="决定决议流转")
def transition_decision(request, decision_id: int, payload: MeetingTransitionIn):
    d = selectors.decision_for(request.user, decision_id)
    services.decision_transition(actor=request.user, decision=d, action=payload.action, note=payload.note,
                                 doc_number=payload.doc_number)
    return _decision_out(request.user, selectors.decision_for(request.user, decision_id))


# ---- statistics -----------------------------------------------------------------------------------------
@router.get("/statistics", response=list[StatRow], summary="组成人员出席和表决统计（年度）")
def statistics(request, year: int = Query(..., ge=1990, le=2100)):
    user = request.user
    if not perms.can_see_statistics(user):
        raise PermissionDenied("您没有查看出席和表决统计的权限。")
    only = user.person_id if user.role == "member" else None
    if user.role == "member" and not only:
        return []
    return selectors.member_statistics(user.congress_id, year, person_id=only)


# deadlines and filings after appointments
from renda.meetings.appointment_duties.api import router as appointment_duties_router  # noqa: E402

router.add_router("/appointment-duties", appointment_duties_router)
