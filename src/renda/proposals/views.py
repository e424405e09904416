"""议案建议 pages. Thin: read through selectors, write through services, ask permissions."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from renda.core import attachments
from renda.core.http import DOCX, XLSX, download
from renda.core.locking import posted_version
from renda.core.models import Congress, Organization
from renda.core.params import BadParameter, page_number
from renda.deputies.models import Deputy
from renda.proposals import exports, intelligence, selectors, services, stats
from renda.proposals import permissions as perms
from renda.proposals.models import (
    Category,
    CommitmentStatus,
    Communication,
    Kind,
    ResultClass,
    Role,
    Status,
    Verdict,
)
from renda.proposals.workflow import ASSIGNMENT_WORKFLOW, MERGE_MAIN_STATES

PAGE = 50


@login_required
def index(request):
    qs = selectors.proposals_for(request.user)
    status = request.GET.get("status", "")
    if status in Status.values:
        qs = qs.filter(status=status)
    query = (request.GET.get("q") or "").strip()
    if query:
        qs = qs.filter(title__icontains=query)
    # A number on the dashboard: exactly the items it counts (stats.group_q), e.g. ?by=unit&group=市水务局
    by, group = request.GET.get("by", ""), (request.GET.get("group") or "")[:100]
    counted = None
    if by:
        counting = stats.group_q(by, group)
        if counting is None:
            raise BadParameter("统计分组不正确。")
        qs = qs.filter(counting)
        counted = {"by": by, "label": stats.GROUPINGS[by], "group": group}
    page = Paginator(qs, PAGE).get_page(page_number(request.GET.get("page")))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "proposals/index.html", {
        "page": page, "items": page.object_list, "querystring": params.urlencode(), "count": True,
        "statuses": Status.choices, "status": status, "q": query, "counted": counted,
        "today": timezone.localdate(), "can_import": perms.can_import(request.user),
        "can_submit": perms.can_submit(request.user),
        "can_dashboard": perms.can_view_dashboard(request.user),
    })


def _error(request, exc: ValidationError) -> None:
    messages.error(request, "；".join(exc.messages))


def _mergeable(p) -> bool:
    return p.kind == Kind.SUGGESTION and p.status == Status.SUBMITTED


def _can_be_main(p) -> bool:
    return p.kind == Kind.SUGGESTION and p.status in MERGE_MAIN_STATES


@login_required
def detail(request, pk: int):
    user = request.user
    p = selectors.proposal_for(user, pk)
    ctx = selectors.detail(user, p)
    main = ctx["main"]
    own = [a for a in ctx["assignments"] if perms.is_own_unit(user, a)] if main is p else []
    for a in own:
        a.actions = ASSIGNMENT_WORKFLOW.allowed_actions(user, a)
    office = perms.is_office(user, p)
    extra = {}
    if perms.can_view_dashboard(user):
        similar = intelligence.similar(p)
        if office:  # 并案 offered from the similar list (PR-MERGE)
            for q, _ in similar:
                q.merge_into_this = _mergeable(q) and _can_be_main(p) and q.merged_into_id is None
                q.merge_into_that = _mergeable(p) and _can_be_main(q) and not ctx["merged"]
        extra["similar"] = similar
    if office and p.status == Status.SUBMITTED:
        extra["likely_units"] = intelligence.likely_units(p)
        extra["units"] = Organization.objects.filter(congress_id=p.congress_id, is_handling_unit=True, active=True)
    can_progress = (main.key_supervision and main.status in services.PROGRESS_STATES
                    and perms.can_file_progress(user, main))
    for r in ctx["replies"]:  # link a commitment only when its page would open for this user (not a 404)
        for c in r.commitments.all():
            c.can_open = perms.can_view_commitment(user, c)
        # the stamped reply letter: whoever sees the reply opens it (attachments' owner lookup: selectors.reply_for)
        r.letters = list(attachments.for_object(r))
    return render(request, "proposals/detail.html", {
        "p": p, **ctx, **extra, "office": office, "own": own, "today": timezone.localdate(),
        "can_confirm": p.status == Status.DRAFT and any(
            s.deputy.person_id == user.person_id and not s.confirmed_at for s in ctx["cosigners"]),
        "can_rate": services.can_rate_now(user, p),
        "can_rehandle": p.status == Status.DISPUTED and perms.is_office(user, p),
        "main_link": main is not p and selectors.proposals_for(user).filter(pk=main.pk).exists(),
        "can_merge_by_number": office and _mergeable(p) and not ctx["merged"],
        "can_unmerge": office and p.status == Status.MERGED and main.status == Status.SUBMITTED,
        "can_unmerge_children": office and main is p and p.status == Status.SUBMITTED,
        "can_progress": can_progress,
        "show_progress": main.key_supervision and (ctx["progress"] or can_progress or perms.can_view_dashboard(user)),
        "verdicts": Verdict.choices, "result_classes": ResultClass.choices, "communications": Communication.choices,
    })


@login_required
@require_POST
def merge(request, pk: int):
    """并案: `direction=into_this` merges the item `other` into this one; `into_other` merges this one into
    `other`; or `main_number` names the main item by its 编号 (this one is merged into it)."""
    p = selectors.proposal_for(request.user, pk)
    visible = selectors.proposals_for(request.user)
    number = (request.POST.get("main_number") or "").strip()
    other_id = request.POST.get("other", "")
    if number:
        other = visible.filter(number=number).order_by("-year").first()
        direction = "into_other"
    else:
        other = visible.filter(pk=int(other_id)).first() if other_id.isdigit() else None
        direction = request.POST.get("direction", "")
    if other is None or direction not in ("into_this", "into_other"):
        messages.error(request, "没有找到要并案的建议，请核对编号。")
        return redirect("proposals:detail", pk=pk)
    absorbed, main = (other, p) if direction == "into_this" else (p, other)
    services.proposal_merge(actor=request.user, proposal=absorbed, main=main, note=request.POST.get("note", ""))
    messages.success(request, f"已将 {absorbed.number} 并入 {main.number} 办理。")
    return redirect("proposals:detail", pk=main.pk)


@login_required
@require_POST
def unmerge(request, pk: int):
    p = selectors.proposal_for(request.user, pk)
    main_pk = p.merged_into_id
    services.proposal_unmerge(actor=request.user, proposal=p, note=request.POST.get("note", ""))
    messages.success(request, f"已撤销 {p.number} 的并案，恢复待交办。")
    back_to_main = request.POST.get("back") == "main" and main_pk
    return redirect("proposals:detail", pk=main_pk if back_to_main else pk)


def _date(value: str | None, label: str):
    value = (value or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError(f"{label}格式不正确（应为 YYYY-MM-DD）。") from None


def _small_post(name: str, loader, call, done: str, back=lambda obj: obj.pk):
    """A small POST on an item's page: load what it acts on (404 when not visible), call the service with the posted
    fields, say what happened (bad input is said there too) and go back to the item."""
    @login_required
    @require_POST
    def view(request, pk: int):
        obj = loader(request.user, pk)
        try:
            call(request, obj)
            messages.success(request, done)
        except ValidationError as exc:
            _error(request, exc)
        return redirect("proposals:detail", pk=back(obj))

    view.__name__ = view.__qualname__ = name
    return view


def _field(request, name: str) -> str:
    return request.POST.get(name, "")


def _assignment_item(a) -> int:
    return a.proposal_id


# The small POSTs on an item's page: one row each (name, what it acts on, the service call, what to say, where back).
progress = _small_post("progress", selectors.proposal_for, lambda r, p: services.progress_report_file(
    actor=r.user, proposal=p, text=_field(r, "text"), reported_on=_date(r.POST.get("reported_on"), "报告日期"),
    attachment=r.FILES.get("attachment")), "办理进展已报送。")
rate = _small_post("rate", selectors.proposal_for, lambda r, p: services.proposal_rate(
    actor=r.user, proposal=p, verdict=_field(r, "verdict"), comment=_field(r, "comment")), "测评意见已提交。")
rehandle = _small_post("rehandle", selectors.proposal_for, lambda r, p: services.proposal_rehandle(
    actor=r.user, proposal=p, note=_field(r, "note")), "已交承办单位重新办理。")
extend = _small_post("extend", selectors.proposal_for, lambda r, p: services.extension_approve(
    actor=r.user, proposal=p, note=_field(r, "note")), "已同意延期答复。")
confirm = _small_post("confirm", selectors.proposal_for, lambda r, p: services.cosigner_confirm(
    actor=r.user, proposal=p), "已确认联名。")
assignment_return = _small_post("assignment_return", selectors.assignment_for, lambda r, a: services.return_request(
    actor=r.user, assignment=a, reason=_field(r, "note")), "退回申请已提交。", back=_assignment_item)
assignment_opinion = _small_post("assignment_opinion", selectors.assignment_for, lambda r, a: services.opinion_submit(
    actor=r.user, assignment=a, text=_field(r, "opinion")), "协办意见已送主办单位。", back=_assignment_item)


@login_required
@require_POST
def assignment_reply(request, pk: int):
    a = selectors.assignment_for(request.user, pk)
    if not request.POST.get("confirmed"):  # a formal reply is confirmed before it goes to the deputy
        messages.error(request, "请核对答复内容和答复函，勾选确认后再提交正式答复。")
        return redirect("proposals:detail", pk=a.proposal_id)
    try:
        services.reply_submit(
            actor=request.user, assignment=a, text=request.POST.get("text", ""),
            result_class=request.POST.get("result_class", ""), communication=request.POST.get("communication", ""),
            signer=request.POST.get("signer", ""), letter=request.FILES.get("letter"),
        )
        messages.success(request, "答复已提交。")
    except ValidationError as exc:
        _error(request, exc)
    return redirect("proposals:detail", pk=a.proposal_id)


@login_required
def import_xlsx(request):
    if not perms.can_import(request.user):
        raise PermissionDenied("只有代表工作机构可以导入代表建议。")
    report = None
    if request.method == "POST":
        try:
            year = int(request.POST.get("year") or timezone.localdate().year)
            report = services.import_xlsx(actor=request.user, fileobj=request.FILES.get("file"), year=year)
        except (ValidationError, ValueError, TypeError) as exc:
            messages.error(request, "；".join(getattr(exc, "messages", ["请选择 .xlsx 文件并填写年度。"])))
    return render(request, "proposals/import.html", {"report": report, "year": timezone.localdate().year})


@login_required
def dashboard(request):
    if not perms.can_view_dashboard(request.user):
        raise PermissionDenied("没有查看统计的权限。")
    qs = selectors.proposals_for(request.user)
    groups = stats.all_groups(qs)
    chart = {
        by: {"labels": list(rows), **{k: [f[k] for f in rows.values()] for k in ("办复率", "按期办复率", "满意率", "A类率")}}
        for by, rows in groups.items()
    }
    return render(request, "proposals/dashboard.html", {
        "total": stats.figures(qs).get("合计"), "groups": groups, "chart": chart,
        "labels": {"unit": "按承办单位", "category": "按类别", "delegation": "按代表团", "year": "按年度"},
    })


@login_required
@require_POST
def assign(request, pk: int):
    """交办: one 主办 with 协办 units, or several 分办 units each with its part."""
    p = selectors.proposal_for(request.user, pk)
    units = {str(o.pk): o for o in Organization.objects.filter(congress_id=p.congress_id, is_handling_unit=True)}
    plan = []
    if request.POST.get("lead") in units:
        plan.append((units[request.POST["lead"]], Role.LEAD, ""))
    for uid in request.POST.getlist("assist"):
        if uid in units and uid != request.POST.get("lead"):
            plan.append((units[uid], Role.ASSIST, ""))
    for uid in request.POST.getlist("separate"):
        if uid in units:
            plan.append((units[uid], Role.SEPARATE, request.POST.get(f"part_{uid}", "")))
    if not plan:
        messages.error(request, "请选择承办单位。")
        return redirect("proposals:detail", pk=pk)
    try:
        services.proposal_assign(actor=request.user, proposal=p, units=plan, lock_version=posted_version(request))
        messages.success(request, "已交办。")
    except ValidationError as exc:
        _error(request, exc)
    return redirect("proposals:detail", pk=pk)


@login_required
def escalation(request):
    """Overdue items and pending return requests, for leadership (督办清单)."""
    if not perms.can_view_dashboard(request.user):
        raise PermissionDenied("没有查看督办清单的权限。")
    today = timezone.localdate()
    qs = selectors.proposals_for(request.user).filter(status__in=(Status.ASSIGNED, Status.REHANDLING))
    return render(request, "proposals/escalation.html", {
        "overdue": list(qs.filter(reply_due__lt=today)[:200]),
        "key": selectors.key_items(request.user, today, limit=200, include_closed=True),
        "today": today,
    })


@login_required
def export_summary(request):
    if not perms.can_view_dashboard(request.user):
        raise PermissionDenied("没有导出汇总表的权限。")
    data = exports.summary_xlsx(selectors.proposals_for(request.user), selectors.commitments_for(request.user))
    return download(data, "议案建议汇总表.xlsx", XLSX)


@login_required
def export_report(request):
    if not perms.can_view_dashboard(request.user):
        raise PermissionDenied("没有导出办理情况报告的权限。")
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    data = exports.annual_report_docx(request.user.congress, year, selectors.proposals_for(request.user))
    return download(data, f"{year}年代表建议办理情况报告.docx", DOCX)


@login_required
def export_letter(request, unit_id: int):
    if not perms.is_office(request.user):
        raise PermissionDenied("只有代表工作机构可以生成交办函。")
    unit = Organization.objects.filter(congress_id=request.user.congress_id, pk=unit_id, is_handling_unit=True).first()
    if unit is None:
        raise Http404("没有找到该承办单位。")
    assignments = list(selectors.assignments_for(request.user).filter(unit=unit).exclude(status="returned"))
    return download(exports.assignment_letter(request.user.congress, unit, assignments), f"交办函-{unit.name}.docx",
                    DOCX)


@login_required
def create(request):
    """Online submission by a deputy (lead), or registration by the office; co-signers confirm afterwards."""
    if not perms.can_submit(request.user):
        raise PermissionDenied("只有代表或代表工作机构可以提出议案建议。")
    deputies = Deputy.objects.filter(congress_id=request.user.congress_id).select_related("person").order_by("id")
    if request.method == "POST":
        ids = [i for i in request.POST.getlist("cosigners") if i.isdigit()]
        lead_id = request.POST.get("lead_deputy", "")
        try:
            p = services.proposal_submit(
                actor=request.user, title=request.POST.get("title", ""), content=request.POST.get("content", ""),
                category=request.POST.get("category") or Category.OTHER, kind=request.POST.get("kind") or "suggestion",
                grounds=request.POST.get("grounds", ""), solution=request.POST.get("solution", ""),
                lead_deputy=deputies.filter(pk=lead_id).first() if lead_id.isdigit() else None,
                cosigners=list(deputies.filter(pk__in=ids)), confidential=bool(request.POST.get("confidential")),
            )
        except ValidationError as exc:
            _error(request, exc)
        else:
            dups = intelligence.likely_duplicates(p)
            if dups:
                messages.warning(request, "与以下建议可能重复，请代表工作机构研究是否并案："
                                 + "、".join(f"{q.number}《{q.title}》" for q, _ in dups[:3]))
            messages.success(request, f"已提交，编号 {p.number}。")
            return redirect("proposals:detail", pk=p.pk)
    return render(request, "proposals/form.html", {
        "deputies": deputies, "categories": Category.choices, "office": perms.is_office(request.user),
    })


def public(request, code: str):
    """公开页面: suggestions and their replies, except those marked confidential or private."""
    congress = Congress.objects.filter(code=code).first()
    if congress is None:
        raise Http404("没有找到该人大。")
    items = selectors.public_page(congress.pk)
    return render(request, "proposals/public.html", {"congress": congress, "items": items})


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def commitments(request):
    """承诺事项台账, filtered by status (推进中/逾期未完成/已完成/结转下年), ledger year and unit."""
    user = request.user
    today = timezone.localdate()
    status = request.GET.get("status", "")
    status = status if status in selectors.COMMITMENT_FILTERS else ""
    year = _int(request.GET.get("year"))
    unit_id = _int(request.GET.get("unit")) if user.role != "unit" else None
    qs = selectors.commitments_for(user, status=status, year=year, unit_id=unit_id, today=today)
    units = []
    if user.role != "unit":
        units = Organization.objects.filter(congress_id=user.congress_id, is_handling_unit=True).order_by("name")
    return render(request, "proposals/commitments.html", {
        "items": list(qs[:500]), "today": today, "status": status, "year": year, "unit_id": unit_id,
        "statuses": selectors.COMMITMENT_FILTERS.items(), "years": selectors.commitment_years(user), "units": units,
        "can_export": perms.can_view_dashboard(user),
    })


@login_required
def commitment(request, pk: int):
    c = selectors.commitment_page_for(request.user, pk)
    history = []
    prev = c.carried_from
    while prev is not None and len(history) < 20:
        history.append(prev)
        prev = prev.carried_from
    return render(request, "proposals/commitment.html", {
        "c": c, "history": history, "today": timezone.localdate(),
        "can_update": c.status == CommitmentStatus.OPEN and perms.can_update_commitment(request.user, c),
        "next_year": c.year + 1,
    })
