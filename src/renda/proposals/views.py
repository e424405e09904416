"""议案建议 pages. Thin: read through selectors, write through services, ask permissions."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from renda.core.models import Organization
from renda.proposals import exports, intelligence, selectors, services, stats
from renda.proposals import permissions as perms
from renda.proposals.models import Communication, ResultClass, Role, Status, Verdict
from renda.proposals.workflow import ASSIGNMENT_WORKFLOW, MANUAL_ACTIONS, PROPOSAL_WORKFLOW

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
    items = list(qs[:PAGE])
    return render(request, "proposals/index.html", {
        "items": items, "statuses": Status.choices, "status": status, "q": query,
        "today": timezone.localdate(), "can_import": perms.can_import(request.user),
        "can_submit": perms.can_submit(request.user),
        "can_dashboard": perms.can_view_dashboard(request.user),
    })


def _error(request, exc: ValidationError) -> None:
    messages.error(request, "；".join(exc.messages))


@login_required
def detail(request, pk: int):
    p = selectors.proposal_for(request.user, pk)
    ctx = selectors.detail(request.user, p)
    actions = [t for t in PROPOSAL_WORKFLOW.allowed_actions(request.user, p) if t.action in MANUAL_ACTIONS]
    own = [a for a in ctx["assignments"] if perms.is_own_unit(request.user, a)]
    for a in own:
        a.actions = ASSIGNMENT_WORKFLOW.allowed_actions(request.user, a)
    office = perms.is_office(request.user, p)
    extra = {}
    if perms.can_view_dashboard(request.user):
        extra["similar"] = intelligence.similar(p)
    if office and p.status == Status.SUBMITTED:
        extra["likely_units"] = intelligence.likely_units(p)
        extra["units"] = Organization.objects.filter(congress_id=p.congress_id, is_handling_unit=True, active=True)
    return render(request, "proposals/detail.html", {
        "p": p, **ctx, **extra, "office": office, "actions": actions, "own": own, "today": timezone.localdate(),
        "can_confirm": p.status == Status.DRAFT and any(
            s.deputy.person_id == request.user.person_id and not s.confirmed_at for s in ctx["cosigners"]),
        "can_rate": p.status == Status.REPLIED and perms.can_rate(request.user, p),
        "can_rehandle": p.status == Status.DISPUTED and perms.is_office(request.user, p),
        "verdicts": Verdict.choices, "result_classes": ResultClass.choices, "communications": Communication.choices,
    })


@login_required
@require_POST
def transition(request, pk: int, action: str):
    p = selectors.proposal_for(request.user, pk)
    services.proposal_transition(actor=request.user, proposal=p, action=action, note=request.POST.get("note", ""))
    messages.success(request, "已办理。")
    return redirect("proposals:detail", pk=pk)


@login_required
@require_POST
def rate(request, pk: int):
    p = selectors.proposal_for(request.user, pk)
    try:
        services.proposal_rate(actor=request.user, proposal=p, verdict=request.POST.get("verdict", ""),
                               comment=request.POST.get("comment", ""))
        messages.success(request, "测评意见已提交。")
    except ValidationError as exc:
        _error(request, exc)
    return redirect("proposals:detail", pk=pk)


@login_required
@require_POST
def rehandle(request, pk: int):
    p = selectors.proposal_for(request.user, pk)
    services.proposal_rehandle(actor=request.user, proposal=p, note=request.POST.get("note", ""))
    messages.success(request, "已交承办单位重新办理。")
    return redirect("proposals:detail", pk=pk)


@login_required
@require_POST
def assignment_return(request, pk: int):
    a = selectors.assignment_for(request.user, pk)
    services.return_request(actor=request.user, assignment=a, reason=request.POST.get("note", ""))
    messages.success(request, "退回申请已提交。")
    return redirect("proposals:detail", pk=a.proposal_id)


@login_required
@require_POST
def assignment_opinion(request, pk: int):
    a = selectors.assignment_for(request.user, pk)
    try:
        services.opinion_submit(actor=request.user, assignment=a, text=request.POST.get("opinion", ""))
        messages.success(request, "协办意见已送主办单位。")
    except ValidationError as exc:
        _error(request, exc)
    return redirect("proposals:detail", pk=a.proposal_id)


@login_required
@require_POST
def assignment_reply(request, pk: int):
    a = selectors.assignment_for(request.user, pk)
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
        services.proposal_assign(actor=request.user, proposal=p, units=plan)
        messages.success(request, "已交办。")
    except ValidationError as exc:
        _error(request, exc)
    return redirect("proposals:detail", pk=pk)


@login_required
@require_POST
def extend(request, pk: int):
    p = selectors.proposal_for(request.user, pk)
    services.extension_approve(actor=request.user, proposal=p, note=request.POST.get("note", ""))
    messages.success(request, "已同意延期答复。")
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
        "key": list(selectors.proposals_for(request.user).filter(key_supervision=True)[:200]),
        "today": today,
    })


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _download(data: bytes, media_type: str, filename: str) -> HttpResponse:
    resp = HttpResponse(data, content_type=media_type)
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return resp


@login_required
def export_summary(request):
    if not perms.can_view_dashboard(request.user):
        raise PermissionDenied("没有导出汇总表的权限。")
    return _download(exports.summary_xlsx(selectors.proposals_for(request.user)), XLSX, "议案建议汇总表.xlsx")


@login_required
def export_report(request):
    if not perms.can_view_dashboard(request.user):
        raise PermissionDenied("没有导出办理情况报告的权限。")
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    data = exports.annual_report_docx(request.user.congress, year, selectors.proposals_for(request.user))
    return _download(data, DOCX, f"{year}年代表建议办理情况报告.docx")


@login_required
def export_letter(request, unit_id: int):
    if not perms.is_office(request.user):
        raise PermissionDenied("只有代表工作机构可以生成交办函。")
    unit = Organization.objects.filter(congress_id=request.user.congress_id, pk=unit_id, is_handling_unit=True).first()
    if unit is None:
        raise Http404("没有找到该承办单位。")
    assignments = list(selectors.assignments_for(request.user).filter(unit=unit).exclude(status="returned"))
    return _download(exports.assignment_letter(request.user.congress, unit, assignments), DOCX,
                     f"交办函-{unit.name}.docx")


@login_required
def create(request):
    """Online submission by a deputy (lead), or registration by the office; co-signers confirm afterwards."""
    if not perms.can_submit(request.user):
        raise PermissionDenied("只有代表或代表工作机构可以提出议案建议。")
    from renda.deputies.models import Deputy
    from renda.proposals.models import Category

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


@login_required
@require_POST
def confirm(request, pk: int):
    p = selectors.proposal_for(request.user, pk)
    services.cosigner_confirm(actor=request.user, proposal=p)
    messages.success(request, "已确认联名。")
    return redirect("proposals:detail", pk=pk)


def public(request, code: str):
    """公开页面: suggestions and their replies, except those marked confidential or private."""
    from renda.core.models import Congress

    congress = Congress.objects.filter(code=code).first()
    if congress is None:
        raise Http404("没有找到该人大。")
    items = [p for p in selectors.public_proposals(congress.pk)[:200] if "personal" not in (p.flags or [])]
    return render(request, "proposals/public.html", {"congress": congress, "items": items})


@login_required
def commitments(request):
    items = list(selectors.commitments_for(request.user)[:500])
    return render(request, "proposals/commitments.html", {"items": items, "today": timezone.localdate()})
