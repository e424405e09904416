"""The shell: sign-in, the home page of each role, areas not built yet, error pages, attachments."""

from __future__ import annotations

import logging
import sys

from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import InterfaceError, OperationalError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.html import format_html
from django.views.decorators.csrf import csrf_exempt

from renda.accounts import views as accounts_views
from renda.core import attachments, inbox, params, rules, search
from renda.core.logging import _unavailable
from renda.core.params import BadParameter
from renda.core.registry import AREAS, home_panels

# Sign-in: password (with lock-out), then the second factor when needed — see renda.accounts.views.
LoginView = accounts_views.LoginView

logger = logging.getLogger(__name__)


@login_required
def home(request):
    # each module's panel, rendered once and cached per user until a write of that module (core.registry)
    return render(request, "core/home.html", {"panels": home_panels(request.user)})


@login_required
def coming(request, key: str):
    area = AREAS.get(key)
    if area is None:
        raise Http404("没有该栏目。")
    return render(request, "core/coming.html", {"area": area})


@login_required
def attachment_download(request, pk: int):
    # named after its detected type; a missing file is a Chinese 404
    return attachments.download(attachments.for_user(request.user, pk))


AREA_LABELS = {
    "general": "通用规则", "workplan": "工作要点", "meetings": "会议与表决", "legislation": "立法",
    "supervision": "监督", "proposals": "议案建议", "deputies": "代表工作", "participation": "联系群众",
    "portal": "门户网站",
}


@login_required
def rule_list(request):
    """The rules registry as the congress applies it: statement, legal basis (what the laws' texts hold, what
    is the congress's own, what is platform practice), parameters and local values formatted for people."""
    congress_id = request.user.congress_id
    stored = rules.settings_of(congress_id)
    groups: dict[str, list] = {}
    for rule in rules.all_rules():
        shown = []
        for p in rule.params.values():
            value = rules.param(congress_id, rule.id, p.name, settings=stored)
            own = stored.get((rule.id, p.name)) if rule.configurable else None
            shown.append({
                "label": p.label or p.name,
                "value": rules.format_value(value, p.unit),
                "default": rules.format_value(p.default, p.unit) if value != p.default else "",
                "refused": rules.setting_error(rule, p.name, own) if own is not None else "",
            })
        groups.setdefault(rule.area, []).append({"rule": rules.for_congress(rule, congress_id, stored),
                                                 "params": shown})
    ordered = [(AREA_LABELS.get(area, area), items) for area, items in groups.items()]
    return render(request, "core/rules.html", {"groups": ordered, "unconfigured": rules.UNCONFIGURED})


@login_required
def inbox_page(request):
    """What waits on this user across modules (renda.core.inbox): each with its steps, rule and due date."""
    rows = inbox.items(request.user)
    return render(request, "core/inbox.html", {"rows": rows, "count": len(rows)})


@login_required
def search_page(request):
    """Global search over every module (renda.core.search): only what this user may see, best matches first."""
    query = (request.GET.get("q") or "").strip()[:100]
    kind = request.GET.get("kind") or ""
    year = int(request.GET["year"]) if params.year_in_range(request.GET.get("year")) else None
    hits = search.search(request.user, query, kind=kind, year=year) if query else []
    kinds = [(s.kind, s.label) for s in search.SOURCES.values()]
    return render(request, "core/search.html", {"q": query, "kind": kind, "year": year, "hits": hits,
                                                "kinds": kinds, "count": len(hits)})


@login_required
def inbox_badge(request):
    """The header's 待办 badge, loaded after the page (htmx) so that no page pays for counting the inbox."""
    n = inbox.count(request.user)
    if not n:
        return HttpResponse("")
    return HttpResponse(format_html('<span class="badge" aria-label="{} 项待办">{}</span>', n, n))


def favicon(request):
    """Browsers ask for /favicon.ico on every page: the platform's icon, never a 404."""
    return redirect(static("renda/favicon.svg"), permanent=True)


def health(request):
    return JsonResponse({"status": "ok"})


def _error(request, status: int, title: str, message: str):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    return render(request, "core/error.html", {"title": title, "message": message}, status=status)


def bad_request(request, exception=None):
    if isinstance(exception, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
        return _error(request, 400, "提交的内容过大", "提交的内容超过了允许的大小，请精简后重试。")
    if isinstance(exception, BadParameter):  # a parameter out of range (renda.core.params): its own Chinese text
        return _error(request, 400, "请求有误", str(exception))
    return _error(request, 400, "请求有误", "请求的内容不正确，请检查后重试。")


def permission_denied(request, exception=None):
    message = str(exception) if exception and str(exception) else "您没有执行该操作的权限。"
    return _error(request, 403, "没有权限", message)


def page_not_found(request, exception=None):
    return _error(request, 404, "页面不存在", "没有找到您要访问的页面或记录。")


def csrf_failure(request, reason=""):
    return _error(request, 403, "页面已过期", "页面已过期或来源无法验证，请刷新页面后重新提交。")


def server_error(request):
    # Django calls this while handling the exception: a database outage (e.g. the session load in a middleware)
    # is a 503 "try again", answered without touching the database, not a 500.
    failure = sys.exc_info()[1]
    if isinstance(failure, OperationalError | InterfaceError):
        return _unavailable(request, getattr(request, "request_id", "-"))
    return _error(request, 500, "系统错误", "系统暂时无法处理该请求，请稍后重试；问题已记录。")


@csrf_exempt
def bench_floor_write(request):
    """The floor of bench/bench_opinions.py: one INSERT of one row into the bench's own table `bench_floor` (created by
    the bench), nothing else. Routed only when RENDA_BENCH_FLOOR=1 (src/renda/urls.py), never in production."""
    if request.method != "POST":
        return HttpResponse(status=405)
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_floor (at, body) VALUES (now(), %s)", [request.POST.get("text", "")[:200]])
    return HttpResponse(status=204)
