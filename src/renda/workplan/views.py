"""Work-plan pages. Thin: read through selectors, write through services, ask permissions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from renda.core import attachments, history, web
from renda.core.http import DOCX, XLSX, download
from renda.core.kit import add_validation_errors
from renda.core.models import Organization, Person
from renda.core.registry import topic_hints
from renda.core.selectors import acting_on
from renda.workplan import exports, selectors, services
from renda.workplan import permissions as perms
from renda.workplan.forms import (
    PREFILL_DESCRIPTION_CHARS,
    ItemForm,
    PlanCreateForm,
    ProgressForm,
    TransitionForm,
    item_prefill,
    supervision_category,
)
from renda.workplan.models import Category, ItemStatus


@login_required
def index(request):
    plans = list(selectors.plans_for(request.user))
    if len(plans) >= 1 and "all" not in request.GET:
        return redirect("workplan:plan", pk=plans[0].pk)
    return render(
        request,
        "workplan/index.html",
        {"plans": plans, "can_create": perms.can_create_plan(request.user), "form": PlanCreateForm()},
    )


@login_required
@require_POST
def plan_create(request):
    form = PlanCreateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写正确的年度。")
        return redirect(reverse("workplan:index") + "?all=1")
    plan = services.plan_create(actor=request.user, year=form.cleaned_data["year"], title=form.cleaned_data["title"])
    messages.success(request, f"已创建《{plan.title}》。")
    return redirect("workplan:plan", pk=plan.pk)


def _filter_choices(plan):
    return {
        "categories": Category.choices,
        "statuses": ItemStatus.choices,
        "bodies": Organization.objects.filter(congress_id=plan.congress_id, kind__in=Organization.CONGRESS_BODY_KINDS),
        "vice_chairs": Person.objects.filter(
            pk__in=plan.items.exclude(vice_chair=None).values("vice_chair_id")
        ).order_by("id"),
        "months": range(1, 13),
    }


def _filter_query(params) -> str:
    """The list's filters as a query string (the page number left out): the export of the list carries them."""
    kept = params.copy()
    kept.pop("page", None)
    return kept.urlencode()


def _topic_hint_rows(user, plan) -> list[dict]:
    """Candidate supervision topics from other modules (core.registry), each with its prefilled 「列入工作要点」 link."""
    base = reverse("workplan:item_create", args=[plan.pk])
    rows = []
    for hint in topic_hints(user, plan.year):
        description = f"来源：{hint.source_label}监督议题建议。{hint.rationale}"[:PREFILL_DESCRIPTION_CHARS]
        query = urlencode({"title": hint.title, "category": supervision_category(f"{hint.title}{hint.rationale}"),
                           "description": description})
        rows.append({"hint": hint, "add_url": f"{base}?{query}"})
    return rows


@login_required
def plan_detail(request, pk: int):
    plan = selectors.plan_for(request.user, pk)
    filters = selectors.ItemFilters.from_querydict(request.GET)
    page = selectors.item_page(request.user, plan, filters, page=request.GET.get("page") or 1)
    ctx = {
        "plan": plan,
        "page": page,
        "filters": filters,
        "today": timezone.localdate(),
        "can_add": perms.can_edit_plan(request.user, plan),
        "can_dashboard": perms.can_view_dashboard(request.user),
        "querystring": request.GET.urlencode(),
        "filter_query": _filter_query(request.GET),
        "history": history.for_user(request.user, plan),
        **_filter_choices(plan),
    }
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "item-table":
        return render(request, "workplan/_items.html", ctx)
    # While items can still be added (drafting, revising), those who add them see the topics the public raised.
    ctx["topic_hints"] = _topic_hint_rows(request.user, plan) if ctx["can_add"] else []
    return render(request, "workplan/plan_detail.html", ctx)


@login_required
def item_create(request, pk: int):
    plan = acting_on(request.user, selectors.plan_for, pk, perms.can_edit_plan, "您没有为该工作要点增加事项的权限。")
    # A topic hint's 「列入工作要点」 button prefills the form through the query string (item_prefill validates it).
    prefill = item_prefill(request.GET) if request.method == "GET" else {}
    form = ItemForm(request.POST or None, congress=plan.congress, initial=prefill)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_create(
                actor=request.user, plan=plan, priorities=list(form.cleaned_data["priorities"]), **form.item_data()
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, f"已增加事项：{item.title}")
            return redirect("workplan:item", pk=item.pk)
    return render(request, "workplan/item_form.html",
                  {"form": form, "plan": plan, "item": None, "prefilled": bool(prefill)})


@login_required
def item_detail(request, pk: int):
    item = selectors.item_for(request.user, pk)
    user = request.user
    return render(
        request,
        "workplan/item_detail.html",
        {
            "item": item,
            "plan": item.plan,
            "today": timezone.localdate(),
            "can_edit": perms.can_edit_item(user, item),
            "can_progress": perms.can_report_progress(user, item) and item.plan.is_in_force,
            "progress_notes": item.progress_notes.select_related("author"),
            "history": history.for_user(user, item),
            "attachments": attachments.for_object(item),
            "progress_form": ProgressForm(),
            "transition_form": TransitionForm(),
        },
    )


@login_required
def item_edit(request, pk: int):
    item = selectors.item_for(request.user, pk)
    if not perms.can_edit_item(request.user, item):
        if not item.plan.is_open_for_editing and request.user.role in perms.INTERNAL_ROLES:
            messages.error(request, "工作要点已印发，事项内容的修改须启动修订（监督法 第六十三条第三款）。")
            return redirect("workplan:item", pk=item.pk)
        raise PermissionDenied("您没有修改该事项的权限。")
    form = ItemForm(request.POST or None, instance=item, congress=item.congress)

    def save(cleaned):
        services.item_update(actor=request.user, item=item, lock_version=cleaned.get("lock_version"),
                             priorities=list(cleaned["priorities"]), **form.item_data())
        return reverse("workplan:item", args=[item.pk]), "已保存。"

    return web.form_view(request, form, save, lambda: render(
        request, "workplan/item_form.html", {"form": form, "plan": item.plan, "item": item}))


@login_required
@require_POST
def item_progress(request, pk: int):
    item = selectors.item_for(request.user, pk)
    form = ProgressForm(request.POST)
    if form.is_valid():
        services.item_add_progress(
            actor=request.user, item=item, text=form.cleaned_data["text"], date=form.cleaned_data.get("date")
        )
        messages.success(request, "已填报进展。")
    else:
        messages.error(request, "请填写进展情况。")
    return redirect("workplan:item", pk=item.pk)


item_attach = web.upload_view(selectors.item_for, "workplan:item", may=perms.can_report_progress,
                              refused="您没有为该事项上传附件的权限。", done="已上传附件。", name="item_attach")


@login_required
def dashboard(request, pk: int):
    plan = selectors.plan_for(request.user, pk)
    if not perms.can_view_dashboard(request.user):
        raise PermissionDenied("您没有查看统计的权限。")
    stats = selectors.dashboard(request.user, plan)
    return render(
        request,
        "workplan/dashboard.html",
        {"plan": plan, "stats": stats, "chart_data": selectors.chart_data(stats)},
    )


@login_required
def versions(request, pk: int):
    plan = selectors.plan_for(request.user, pk)
    all_versions = list(selectors.versions(plan))
    comparison = None
    a, b = request.GET.get("a"), request.GET.get("b")
    if a and b and a.isdigit() and b.isdigit():
        by_number = {v.number: v for v in all_versions}
        if int(a) in by_number and int(b) in by_number:
            comparison = selectors.compare_versions(by_number[int(a)], by_number[int(b)])
        else:
            messages.error(request, "所选版本不存在。")
    return render(
        request, "workplan/versions.html", {"plan": plan, "versions": all_versions, "comparison": comparison}
    )


@login_required
def export(request, pk: int, fmt: str):
    plan = selectors.plan_for(request.user, pk)
    # The Excel export is the list as filtered on the page (same rows, same count); the official Word document is
    # always the whole plan.
    if fmt == "xlsx":
        items = selectors.filtered_items(request.user, plan, selectors.ItemFilters.from_querydict(request.GET))
    else:
        items = selectors.items_for(request.user, plan).order_by("number")
    data = exports.plan_xlsx(plan, items) if fmt == "xlsx" else exports.plan_docx(plan, items)
    return download(data, f"workplan-{plan.year}.{fmt}", XLSX if fmt == "xlsx" else DOCX)
