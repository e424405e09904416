"""Meeting, appointment and decision pages. Thin: selectors to read, services to write, permissions to ask."""

from __future__ import annotations

import calendar as pycal
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from renda.core import attachments, history, web
from renda.core.errors import RuleViolation
from renda.core.http import DOCX, download
from renda.core.kit import add_validation_errors
from renda.core.locking import posted_version
from renda.core.models import Attachment, Person
from renda.core.selectors import acting_on
from renda.meetings import agenda, exports, selectors, services
from renda.meetings import permissions as perms
from renda.meetings.forms import (
    ArrangeForm,
    CsvForm,
    DecisionForm,
    ItemForm,
    MeetingForm,
    NominationEditForm,
    NominationForm,
    NonvotingForm,
    OathForm,
    VoteOpenForm,
)
from renda.meetings.models import (
    AgendaStatus,
    Attendance,
    Capacity,
    Choice,
    Meeting,
    MeetingKind,
    MeetingStatus,
    NominationStatus,
    VoteStatus,
)
from renda.meetings.workflow import ATTENDANCE_WORKFLOW, MEETING_WORKFLOW


def _docx(data: bytes, filename: str) -> HttpResponse:
    return download(data, filename, DOCX)


# ---- the list and the calendar -------------------------------------------------------------------------
def _month(raw: str | None, today: dt.date) -> dt.date:
    try:
        year, month = (int(x) for x in (raw or "").split("-"))
        return dt.date(year, month, 1)
    except (ValueError, TypeError):
        return today.replace(day=1)


@login_required
def index(request):
    user = request.user
    today = timezone.localdate()
    filters = selectors.MeetingFilters.from_querydict(request.GET)
    page = selectors.meeting_page(user, filters, page=request.GET.get("page") or 1)
    month = _month(request.GET.get("month"), today)
    last = dt.date(month.year, month.month, pycal.monthrange(month.year, month.month)[1])
    in_month = list(selectors.meetings_for(user).filter(date__gte=month, date__lte=last)
                    .exclude(status=MeetingStatus.CANCELLED).order_by("date"))
    by_day: dict[dt.date, list[Meeting]] = {}
    for m in in_month:
        by_day.setdefault(m.date, []).append(m)
    weeks = [[(d, by_day.get(d, [])) for d in week] for week in pycal.Calendar().monthdatescalendar(month.year,
                                                                                                    month.month)]
    prev_month = (month - dt.timedelta(days=1)).replace(day=1)
    next_month = last + dt.timedelta(days=1)
    ctx = {
        "page": page, "filters": filters, "kinds": MeetingKind.choices, "statuses": MeetingStatus.choices,
        "querystring": request.GET.urlencode(), "month": month, "weeks": weeks, "today": today,
        "prev_month": f"{prev_month:%Y-%m}", "next_month": f"{next_month:%Y-%m}",
        "can_create": perms.can_create_meeting(user),
        "warning": selectors.interval_status(user.congress_id, today)
        if user.role in ("office", "leader", "admin") and user.congress_id else None,
        "form": MeetingForm(congress_id=user.congress_id) if perms.can_create_meeting(user) else None,
    }
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "meeting-table":
        return render(request, "meetings/_meetings.html", ctx)
    return render(request, "meetings/index.html", ctx)


@login_required
def meeting_create(request):
    if not perms.can_create_meeting(request.user):
        raise PermissionDenied("只有办公厅工作人员可以安排会议。")
    form = MeetingForm(request.POST or None, congress_id=request.user.congress_id)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(actor=request.user, **form.data_for_service())
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, f"已安排{meeting.title}。")
            warning = selectors.interval_status(request.user.congress_id, timezone.localdate())
            if warning:
                messages.warning(request, warning["message"])
            return redirect("meetings:meeting", pk=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": None})


@login_required
def meeting_edit(request, pk: int):
    meeting = acting_on(request.user, selectors.meeting_for, pk, perms.can_edit_meeting, "您没有修改该会议的权限。")
    form = MeetingForm(request.POST or None, instance=meeting, congress_id=meeting.congress_id, editing=True)

    def save(cleaned):
        services.meeting_update(actor=request.user, meeting=meeting, lock_version=cleaned.get("lock_version"),
                                **form.data_for_service())
        return reverse("meetings:meeting", args=[meeting.pk]), "已保存。"

    return web.form_view(request, form, save,
                         lambda: render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting}))


def _ready_choices(user, meeting: Meeting) -> list[tuple[str, str]]:
    if not (perms.can_propose_item(user, meeting) or perms.can_adjust_agenda(user, meeting)):
        return []
    return [(f"{t.object_type}:{obj.pk}", f"[{t.label}] {t.title(obj)}")
            for t, obj in agenda.ready_objects(meeting.congress_id)]


@login_required
def meeting_detail(request, pk: int):
    user = request.user
    meeting = selectors.meeting_for(user, pk)
    items = list(selectors.items_for(user, meeting))
    votes = selectors.votes_for(user, meeting)
    votes_by_item: dict[int, list] = {}
    for v in votes:
        votes_by_item.setdefault(v.agenda_item_id, []).append(v)
    for item in items:
        item.vote_list = votes_by_item.get(item.pk, [])
        item.warning_list = agenda.warnings_for(item)
    roster_visible = perms.can_see_roster(user, meeting)
    rows = selectors.roster(meeting) if roster_visible else []
    chairs = []
    deciding = any(t.action == "decide_agenda" for t in MEETING_WORKFLOW.allowed_actions(user, meeting))
    if deciding and meeting.kind == MeetingKind.STANDING:  # the choices of the step's 主任会议 field
        chairs = list(selectors.meetings_for(user).filter(
            kind=MeetingKind.CHAIRS, status__in=(MeetingStatus.CONVENED, MeetingStatus.IN_SESSION,
                                                 MeetingStatus.CLOSED), date__lte=meeting.date).order_by("-date")[:10])
    my_row = None
    if user.person_id:
        my_row = next((r for r in rows if r.person.pk == user.person_id), None)
    can_add = perms.can_propose_item(user, meeting) or perms.can_adjust_agenda(user, meeting)
    # the 主任会议 that decided the agenda is named (and linked) only to those who may see that meeting
    decided_by_visible = bool(meeting.agenda_decided_by_id) and selectors.meetings_for(user).filter(
        pk=meeting.agenda_decided_by_id).exists()
    ctx = {
        "meeting": meeting, "items": items, "chairs": chairs,
        "decided_by_visible": decided_by_visible,
        "roster_visible": roster_visible, "quorum": selectors.quorum(meeting, rows) if roster_visible else None,
        "can_add": can_add, "adjusting": perms.can_adjust_agenda(user, meeting),
        "item_form": ItemForm(ready_choices=_ready_choices(user, meeting)) if can_add else None,
        "can_arrange": perms.is_office(user, meeting) and meeting.status not in (MeetingStatus.CLOSED,
                                                                                  MeetingStatus.CANCELLED),
        "can_edit": perms.can_edit_meeting(user, meeting),
        "is_office": perms.is_office(user, meeting),
        "notices": selectors.notices(meeting) if perms.is_office_or_leader(user, meeting) else None,
        "history": history.for_user(user, meeting) if perms.can_see_history(user, meeting) else None,
        "my_row": my_row,
        "internal": perms.can_see_roster(user, meeting),
    }
    return render(request, "meetings/meeting_detail.html", ctx)


@login_required
@require_POST
def notices_send(request, pk: int):
    meeting = selectors.meeting_for(request.user, pk)
    result = services.notices_send(meeting=meeting, actor=request.user)
    text = f"已发出会议通知 {result['sent']} 份"
    if result["without_email"]:
        text += f"；{result['without_email']} 人没有登记电子邮箱，请电话通知"
    if result["late"]:
        text += "（晚于规定的通知日期）"
    messages.success(request, text + "。")
    return redirect("meetings:meeting", pk=meeting.pk)


# ---- agenda ---------------------------------------------------------------------------------------------
@login_required
@require_POST
def item_add(request, pk: int):
    meeting = selectors.meeting_for(request.user, pk)
    form = ItemForm(request.POST, ready_choices=_ready_choices(request.user, meeting))

    def add(d):
        kwargs = {"title": d["title"], "kind": d["kind"], "description": d["description"], "link": d["link"],
                  "proposer": d["proposer"], "note": d["note"]}
        if d["ready"]:
            object_type, _, object_id = d["ready"].rpartition(":")
            kwargs.update(object_type=object_type, object_id=object_id)
            kwargs.pop("kind")
        else:
            kwargs["requires_vote"] = d["requires_vote"]
        return services.item_add(actor=request.user, meeting=meeting, **kwargs)

    return web.post_back(request, form, add, lambda item: f"已增加议题：{item.title}",
                         reverse("meetings:meeting", args=[meeting.pk]))


@login_required
def item_detail(request, pk: int):
    user = request.user
    item = selectors.item_for(user, pk)
    meeting = item.meeting
    votes = [v for v in selectors.votes_for(user, meeting) if v.agenda_item_id == item.pk]
    form = ArrangeForm(initial={"lock_version": item.lock_version, "slot_start": item.slot_start,
                                "slot_minutes": item.slot_minutes, "documents": "\n".join(item.documents),
                                "description": item.description})
    return render(request, "meetings/item_detail.html", {
        "item": item, "meeting": meeting, "votes": votes,
        "can_arrange": perms.can_arrange_item(user, item), "arrange_form": form,
        "can_vote": perms.can_manage_votes(user, meeting) and meeting.status == MeetingStatus.IN_SESSION
        and item.status in (AgendaStatus.LISTED, AgendaStatus.DELIBERATED) and item.requires_vote,
        "vote_form": VoteOpenForm(), "attachments": attachments.for_object(item),
        "linked_type": agenda.agenda_type(item.object_type),
        "history": history.for_user(user, item) if perms.can_see_history(user, item) else None,
    })


@login_required
@require_POST
def item_arrange(request, pk: int):
    item = selectors.item_for(request.user, pk)
    return web.post_back(
        request, ArrangeForm(request.POST),
        lambda d: services.item_update(
            actor=request.user, item=item, lock_version=d["lock_version"], slot_start=d["slot_start"],
            slot_minutes=d["slot_minutes"], description=d["description"] or "",
            documents=[line.strip() for line in (d["documents"] or "").splitlines() if line.strip()]),
        "已保存议题安排。", reverse("meetings:item", args=[item.pk]), invalid="请检查时间和时长。")


@login_required
@require_POST
def item_move(request, pk: int, direction: str):
    item = selectors.item_for(request.user, pk)
    services.item_move(actor=request.user, item=item, direction=direction, lock_version=posted_version(request))
    return redirect(reverse("meetings:meeting", args=[item.meeting_id]) + "#agenda")


item_attach = web.upload_view(selectors.item_for, "meetings:item", may=perms.can_arrange_item,
                              refused="您没有为该议题上传文件的权限。", done="已上传会议文件。", name="item_attach")


# ---- attendance (htmx) -----------------------------------------------------------------------------------
def _roster_context(request, meeting: Meeting) -> dict:
    rows = selectors.roster(meeting)
    user = request.user
    open_ = meeting.status in (MeetingStatus.CONVENED, MeetingStatus.IN_SESSION)
    ended = meeting.status in (MeetingStatus.CLOSED, MeetingStatus.CANCELLED)
    for r in rows:
        probe = r.attendance or Attendance(congress_id=meeting.congress_id, meeting=meeting, person=r.person,
                                           capacity=r.capacity)
        probe.meeting = meeting
        r.actions = [] if ended else [
            t for t in ATTENDANCE_WORKFLOW.allowed_actions(user, probe)
            if not (r.capacity == Capacity.NONVOTING and t.action == "request_leave")
            and (open_ or t.action not in ("sign_in", "cancel_sign_in"))
        ]
    return {"meeting": meeting, "rows": rows, "quorum": selectors.quorum(meeting, rows),
            "see_reasons": perms.can_see_ballots(user)}


@login_required
def attendance(request, pk: int):
    meeting = acting_on(request.user, selectors.meeting_for, pk, perms.can_see_roster, "您没有查看出席名单的权限。")
    ctx = _roster_context(request, meeting)
    ctx["nonvoting_form"] = (NonvotingForm(congress_id=meeting.congress_id)
                             if perms.can_manage_attendance(request.user, meeting) else None)
    return render(request, "meetings/attendance.html", ctx)


@login_required
@require_POST
def attendance_action(request, pk: int, person_id: int, action: str):
    meeting = acting_on(request.user, selectors.meeting_for, pk, perms.can_see_roster, "您没有查看出席名单的权限。")
    person = Person.objects.filter(pk=person_id, congress_id=meeting.congress_id).first()
    if person is None:
        raise Http404("没有找到该人员。")
    note = (request.POST.get("note") or "").strip()[:300]
    error = None
    try:
        services.attendance_transition(actor=request.user, meeting=meeting, person=person, action=action, note=note)
    except RuleViolation as exc:
        if not request.headers.get("HX-Request"):
            raise
        error = exc.message
    if request.headers.get("HX-Request"):
        ctx = _roster_context(request, meeting)
        ctx["row"] = next((r for r in ctx["rows"] if r.person.pk == person.pk), None)
        ctx["error"] = error
        ctx["oob"] = True
        return render(request, "meetings/_roster_row.html", ctx)
    messages.success(request, f"已{ATTENDANCE_WORKFLOW.transition(action).label}：{person.name}")
    if request.POST.get("next") == "meeting":
        return redirect("meetings:meeting", pk=meeting.pk)
    return redirect("meetings:attendance", pk=meeting.pk)


@login_required
@require_POST
def nonvoting_add(request, pk: int):
    meeting = selectors.meeting_for(request.user, pk)
    return web.post_back(
        request, NonvotingForm(request.POST, congress_id=meeting.congress_id),
        lambda d: services.attendance_add_nonvoting(actor=request.user, meeting=meeting, person=d["person"],
                                                    name=d["name"], role_note=d["role_note"]),
        lambda att: f"已登记列席人员：{att.person.name}", reverse("meetings:attendance", args=[meeting.pk]),
        invalid="请选择人员或填写姓名。")


# ---- votes ----------------------------------------------------------------------------------------------
@login_required
@require_POST
def vote_open(request, pk: int):
    item = selectors.item_for(request.user, pk)
    form = VoteOpenForm(request.POST)
    if not form.is_valid():
        messages.error(request, "表决方式不正确。")
        return redirect("meetings:item", pk=item.pk)
    vote = services.vote_open(actor=request.user, item=item, part=form.cleaned_data["part"],
                              method=form.cleaned_data["method"])
    return redirect("meetings:vote", pk=vote.pk)


def _vote_context(request, vote, report=None) -> dict:
    user = request.user
    meeting = vote.meeting
    manage = perms.can_manage_votes(user, meeting) and vote.status == VoteStatus.OPEN
    ctx = {"vote": vote, "meeting": meeting, "item": vote.agenda_item, "report": report, "manage": manage,
           "csv_form": CsvForm(), "choices": Choice.choices, "tally": selectors.live_tally(vote),
           "see_ballots": perms.can_see_ballots(user)}
    if ctx["see_ballots"]:
        ballots = {b.person_id: b for b in selectors.ballots(vote)}
        rows = selectors.roster(meeting)
        ctx["rows"] = [{"person": r.person, "ballot": ballots.get(r.person.pk), "present": r.status == "present"}
                       for r in rows if r.capacity == Capacity.MEMBER]
    return ctx


@login_required
def vote_detail(request, pk: int):
    vote = selectors.vote_for(request.user, pk)
    return render(request, "meetings/vote.html", _vote_context(request, vote))


@login_required
@require_POST
def vote_ballots(request, pk: int):
    vote = selectors.vote_for(request.user, pk)
    choices = {}
    for key, value in request.POST.items():
        if key.startswith("p-") and key[2:].isdigit() and value:
            choices[int(key[2:])] = value
    if not choices:
        messages.error(request, "没有录入任何表决意见。")
    else:
        web.run(request, lambda: services.ballots_record(actor=request.user, vote=vote, choices=choices,
                                                         lock_version=posted_version(request)),
                f"已录入 {len(choices)} 人的表决意见。")
    return redirect("meetings:vote", pk=vote.pk)


@login_required
@require_POST
def vote_import(request, pk: int):
    vote = selectors.vote_for(request.user, pk)
    form = CsvForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择表决系统导出的 CSV 文件。")
        return redirect("meetings:vote", pk=vote.pk)
    upload = form.cleaned_data["file"]
    data = upload.read(512 * 1024 + 1)
    report = services.ballots_import(actor=request.user, vote=vote, data=data, filename=upload.name or "")
    if report.ok:
        messages.success(request, f"已导入 {len(report.choices)} 人的表决意见。")
        return redirect("meetings:vote", pk=vote.pk)
    vote.refresh_from_db()
    return render(request, "meetings/vote.html", _vote_context(request, vote, report=report), status=422)


# ---- downloads ------------------------------------------------------------------------------------------
EXPORTS = {"materials": "会议文件", "results": "表决结果", "announcement": "公告", "minutes": "会议纪要",
           "appointments-notice": "任免通知"}


@login_required
def meeting_export(request, pk: int, kind: str):
    user = request.user
    meeting = selectors.meeting_for(user, pk)
    if kind not in EXPORTS:
        raise Http404("没有该文件。")
    items = list(selectors.items_for(user, meeting))
    if kind == "materials":
        atts: dict[int, list] = {}
        for a in Attachment.objects.filter(congress_id=meeting.congress_id, owner_type="meetings.agendaitem",
                                           owner_id__in=[str(i.pk) for i in items]).order_by("uploaded_at"):
            atts.setdefault(int(a.owner_id), []).append(a)
        data = exports.materials_docx(meeting, items, atts)
    elif kind in ("minutes", "appointments-notice") and not perms.can_see_roster(user, meeting):
        raise Http404("没有该文件。")
    else:
        votes = selectors.votes_for(user, meeting)
        item_ids = {i.pk for i in items}
        nom_ids = [int(i.object_id) for i in items if i.object_type == "meetings.nomination"]
        noms = list(selectors.nominations_for(user).filter(pk__in=nom_ids).order_by("pk"))
        if kind == "results":
            data = exports.results_docx(meeting, votes)
        elif kind == "announcement":
            dec_ids = [int(i.object_id) for i in items if i.object_type == "meetings.decision"]
            decs = list(selectors.decisions_for(user).filter(pk__in=dec_ids, status__in=("adopted", "published")))
            data = exports.announcement_docx(meeting, [v for v in votes if v.agenda_item_id in item_ids], noms, decs)
        elif kind == "minutes":
            rows = selectors.roster(meeting)
            data = exports.minutes_docx(meeting, items=items, votes=votes, roster=rows,
                                        quorum=selectors.quorum(meeting, rows), nominations=noms,
                                        oaths=list(meeting.oaths.select_related("administered_by", "leader")
                                                   .prefetch_related("takers__person")))
        else:
            data = exports.appointments_notice_docx(
                meeting, [n for n in noms if n.status in (NominationStatus.APPROVED, NominationStatus.SWORN)])
    return _docx(data, f"meeting-{meeting.pk}-{kind}.docx")


# ---- appointments ----------------------------------------------------------------------------------------
@login_required
def nominations(request):
    user = request.user
    noms = list(selectors.nominations_for(user).order_by("-received_on", "-id")[:200])
    roster = list(selectors.appointments_for(user)[:300])
    return render(request, "meetings/nominations.html", {
        "nominations": noms, "roster": roster, "can_create": perms.can_manage_nominations(user),
        "oath_form": OathForm(congress_id=user.congress_id) if perms.can_manage_nominations(user) else None,
    })


@login_required
def nomination_create(request):
    if not perms.can_manage_nominations(request.user):
        raise PermissionDenied("只有办公厅工作人员可以登记任免案。")
    form = NominationForm(request.POST or None, congress_id=request.user.congress_id)

    def save(d):
        nom = services.nomination_create(actor=request.user, **d)
        return reverse("meetings:nomination", args=[nom.pk]), f"已登记任免案：{nom}"

    return web.form_view(request, form, save, lambda: render(request, "meetings/nomination_form.html", {"form": form}))


@login_required
def nomination_detail(request, pk: int):
    user = request.user
    nom = selectors.nomination_for(user, pk)
    manage = perms.can_manage_nominations(user, nom)
    editable = manage and nom.status in (NominationStatus.RECEIVED, NominationStatus.REVIEWING, NominationStatus.READY)
    form = NominationEditForm(request.POST or None, instance=nom) if editable else None
    if request.method == "POST" and form is None:
        raise PermissionDenied("您没有修改该任免案的权限。")

    def page():
        return render(request, "meetings/nomination_detail.html", {
            "nom": nom, "form": form,
            "items": list(selectors.agenda_items_of(nom)), "vote": selectors.whole_vote_of(nom),
            "attachments": attachments.for_object(nom), "manage": manage,
            "history": history.for_user(user, nom) if perms.can_see_history(user, nom) else None,
        })

    def save(d):
        version = d.pop("lock_version")
        services.nomination_update(actor=user, nomination=nom, lock_version=version, **d)
        return reverse("meetings:nomination", args=[nom.pk]), "已保存。"

    return page() if form is None else web.form_view(request, form, save, page)


nomination_attach = web.upload_view(selectors.nomination_for, "meetings:nomination",
                                    may=perms.can_manage_nominations, refused="您没有上传任免材料的权限。",
                                    done="已上传任免材料。", name="nomination_attach")


@login_required
def nomination_letter(request, pk: int):
    nom = selectors.nomination_for(request.user, pk)
    if nom.kind != "appoint" or nom.status not in (NominationStatus.APPROVED, NominationStatus.SWORN):
        raise Http404("任命书在任命通过后生成。")
    item = selectors.agenda_items_of(nom).filter(status=AgendaStatus.PASSED).first()
    return _docx(exports.letter_docx(nom, item.meeting if item else None), f"appointment-letter-{nom.pk}.docx")


@login_required
@require_POST
def oath_create(request):
    if not perms.can_manage_nominations(request.user):
        raise PermissionDenied("只有办公厅工作人员可以登记宪法宣誓。")
    form = OathForm(request.POST, congress_id=request.user.congress_id)
    if not form.is_valid():
        messages.error(request, "请填写宣誓日期、监誓人并选择宣誓人员。")
        return redirect("meetings:nominations")
    d = form.cleaned_data
    services.oath_record(actor=request.user, date=d["date"], place=d["place"], form=d["form"],
                         administered_by=d["administered_by"], nominations=list(d["nominations"]),
                         meeting=d["meeting"])
    messages.success(request, f"已登记宪法宣誓：{'、'.join(n.person.name for n in d['nominations'])}")
    return redirect("meetings:nominations")


# ---- decisions ------------------------------------------------------------------------------------------
@login_required
def decisions(request):
    user = request.user
    return render(request, "meetings/decisions.html", {
        "decisions": list(selectors.decisions_for(user).order_by("-created_at")[:200]),
        "can_create": perms.can_create_decision(user),
    })


@login_required
def decision_form(request, pk: int | None = None):
    user = request.user
    dec = selectors.decision_for(user, pk) if pk else None
    if dec is None and not perms.can_create_decision(user):
        raise PermissionDenied("您没有起草决定、决议的权限。")
    if dec is not None and not perms.can_edit_decision(user, dec):
        raise PermissionDenied("该草案不能修改。")
    form = DecisionForm(request.POST or None, instance=dec, congress_id=user.congress_id)

    def save(d):
        saved = dec
        if saved is None:
            saved = services.decision_create(actor=user, **form.data_for_service())
        else:
            services.decision_update(actor=user, decision=saved, lock_version=d["lock_version"],
                                     **form.data_for_service())
        return reverse("meetings:decision", args=[saved.pk]), "已保存。"

    return web.form_view(request, form, save,
                         lambda: render(request, "meetings/decision_form.html", {"form": form, "decision": dec}))


@login_required
def decision_detail(request, pk: int):
    user = request.user
    dec = selectors.decision_for(user, pk)
    return render(request, "meetings/decision_detail.html", {
        "decision": dec,
        "items": list(selectors.agenda_items_of(dec)), "vote": selectors.whole_vote_of(dec),
        "can_edit": perms.can_edit_decision(user, dec),
        "history": history.for_user(user, dec) if perms.can_see_history(user, dec) else None,
    })


@login_required
def decision_export(request, pk: int):
    dec = selectors.decision_for(request.user, pk)
    vote = selectors.whole_vote_of(dec)
    return _docx(exports.decision_docx(dec, vote.meeting if vote else None), f"decision-{dec.pk}.docx")


# ---- statistics -----------------------------------------------------------------------------------------
@login_required
def statistics(request):
    user = request.user
    if not perms.can_see_statistics(user):
        raise PermissionDenied("您没有查看出席和表决统计的权限。")
    raw = (request.GET.get("year") or "").strip()
    year = int(raw) if raw.isdigit() and 1990 <= int(raw) <= 2100 else timezone.localdate().year
    only = user.person_id if user.role == "member" else None
    rows = selectors.member_statistics(user.congress_id, year, person_id=only) if (only or user.role != "member") \
        else []
    return render(request, "meetings/statistics.html", {
        "rows": rows, "year": year, "gaps": selectors.interval_gaps(user.congress_id, year),
        "years": range(year - 3, year + 2),
    })

