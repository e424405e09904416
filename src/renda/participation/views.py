"""联系群众 staff pages: the opinion inbox, triage and handling, categories, hot issues. Thin: selectors/services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from renda.core import attachments, history, kit, params
from renda.core.models import Organization
from renda.deputies.models import Deputy, Station
from renda.participation import permissions as perms
from renda.participation import selectors, services
from renda.participation.models import Category, ReplyState, RouteKind, Status
from renda.participation.workflow import REVIEW_ACTIONS, ROUTE_ACTIONS

PAGE = 50


def _need(ok: bool) -> None:
    if not ok:
        raise PermissionDenied("您没有访问该页面的权限。")


@login_required
def index(request):
    user = request.user
    _need(perms.can_view_inbox(user))
    g = request.GET
    f = {"status": g.get("status", ""), "category": g.get("category", ""), "place": (g.get("place") or "").strip(),
         "overdue": g.get("overdue") == "1", "query": (g.get("q") or "").strip()}
    qs = selectors.inbox(user, **f)
    page = params.page_number(g.get("page"))  # bounded: a huge number is not an SQL offset
    items = list(qs[(page - 1) * PAGE:page * PAGE + 1])
    ctx = {
        "items": items[:PAGE], "has_next": len(items) > PAGE, "page": page, "f": f, "today": timezone.localdate(),
        "statuses": Status.choices, "categories": selectors.categories(user.congress_id, active_only=False),
        "office": perms.is_office(user), "can_hot": perms.can_view_hot(user),
    }
    template = "participation/_table.html" if request.headers.get("HX-Request") else "participation/index.html"
    return render(request, template, ctx)


def _route_choices(congress_id: int) -> dict:
    return {
        "committees": Organization.objects.filter(congress_id=congress_id, active=True,
                                                  kind__in=Organization.CONGRESS_BODY_KINDS).order_by("order", "id"),
        "units": Organization.objects.filter(congress_id=congress_id, active=True, is_handling_unit=True)
        .order_by("kind", "order", "id"),
        "stations": Station.objects.filter(congress_id=congress_id, active=True).order_by("district", "name"),
        "deputies": Deputy.objects.filter(congress_id=congress_id, status="serving").select_related("person")
        .order_by("person__name")[:1000],
    }


@login_required
def detail(request, pk: int):
    user = request.user
    op = selectors.opinion_for(user, pk)
    office = perms.is_office(user, op)
    wo = kit.get("participation.opinion")
    steps = kit.actions_for(user, op, wo)
    route = next((a for a in steps if a.t.action in ROUTE_ACTIONS), None)
    events = history.for_user(user, op)  # the staff of the congress; units and deputies see the status only
    ctx = {
        "op": op, "office": office, "today": timezone.localdate(), "route": route,
        # 审核 and 退回 are offered once the assignee has submitted a reply (the guard refuses them before).
        "steps": [a for a in steps if a.t.action not in ROUTE_ACTIONS
                  and (op.reply_state == ReplyState.SUBMITTED or a.t.action not in REVIEW_ACTIONS)],
        "show_contact": perms.can_see_contact(user, op), "files": list(attachments.for_object(op)),
        "history": events.filter(action="transition") if events is not None else None,
        "route_kinds": RouteKind.choices, "awaiting_review": op.reply_state == ReplyState.SUBMITTED,
        "default_due": services.handle_deadline(op.congress_id, timezone.localdate()),
    }
    if route is not None:
        ctx.update(_route_choices(op.congress_id))
    return render(request, "participation/detail.html", ctx)


# Every step goes through the kit's one endpoint (renda.core.kit). The page's address keeps its old name for the
# reply step ("reply"), which the workflow calls "submit_reply".
_transition = kit.transition_view("participation.opinion")
ACTION_ALIASES = {"reply": "submit_reply"}


def act(request, pk: int, action: str):
    return _transition(request, pk=pk, action=ACTION_ALIASES.get(action, action))


@login_required
def categories(request):
    user = request.user
    _need(perms.can_manage_categories(user))
    if request.method == "POST":
        try:
            if request.POST.get("defaults"):
                services.category_ensure_defaults(congress=user.congress, actor=user)
            elif request.POST.get("id"):
                cat = Category.objects.filter(congress_id=user.congress_id, pk=request.POST["id"]).first()
                if cat is None:
                    raise Http404("没有找到该类别。")
                services.category_update(actor=user, category=cat, name=request.POST.get("name", cat.name),
                                         active=request.POST.get("active") == "1")
            else:
                services.category_create(actor=user, name=request.POST.get("name", ""))
            messages.success(request, "类别已保存。")
        except ValidationError as exc:
            messages.error(request, kit.validation_text(exc))
        return redirect("participation:categories")
    return render(request, "participation/categories.html",
                  {"categories": selectors.categories(user.congress_id, active_only=False)})


@login_required
def hot(request):
    user = request.user
    _need(perms.can_view_hot(user))
    try:
        weeks = int(request.GET.get("weeks") or 0) or None
    except ValueError:
        weeks = None
    if weeks is not None:
        weeks = min(max(weeks, 1), 26)
    data = selectors.hot_issues(user, weeks=weeks)
    return render(request, "participation/hot.html", {
        **data, "can_suggest": perms.can_suggest_topic(user),
        "suggestions": selectors.topic_suggestions(user.congress_id)[:20],
        "categories": {c.name: c for c in selectors.categories(user.congress_id, active_only=False)},
    })


@login_required
@require_POST
def suggest_topic(request):
    """作为监督议题建议: the counts, the period and the category are computed here from the opinions again — the
    form's hidden fields only name the topic (word) and the period; values posted for the counts are ignored."""
    user = request.user
    _need(perms.can_suggest_topic(user))
    p = request.POST
    word = (p.get("word") or "").strip()[:40]
    try:
        weeks = int(p.get("weeks") or 0) or None
    except ValueError:
        weeks = None
    if weeks is not None:
        weeks = min(max(weeks, 1), 26)
    data = selectors.hot_issues(user, weeks=weeks)
    topic = next((t for t in data["topics"] if word and t.word == word), None)
    if topic is None:
        messages.error(request, f"“{word}”不是近{data['weeks']}周的上升话题（话题随新的意见变化），请刷新页面后重新选择。")
        return redirect("participation:hot")
    weeks = data["weeks"]
    category = Category.objects.filter(congress_id=user.congress_id, name=topic.category).first() \
        if topic.category else None
    title = (p.get("title") or "").strip() or f"关于“{word}”问题的监督议题建议"
    try:
        services.topic_suggest(
            actor=user, title=title[:100], keywords=[w for w in p.getlist("keywords") if w] or [word],
            category=category, recent=topic.recent, previous=topic.previous, weeks=weeks,
            rationale=(p.get("rationale") or "").strip() or (
                f"近{weeks}周群众意见和立法意见中含“{word}”的有 {topic.recent} 件，"
                f"此前同期 {topic.previous} 件，上升明显（人民来信来访集中反映的问题，监督法第十二条）。"))
        messages.success(request, f"已将“{word}”作为监督议题建议提出，供研究工作要点时参考。")
    except ValidationError as exc:
        messages.error(request, kit.validation_text(exc))
    return redirect("participation:hot")
