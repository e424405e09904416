"""The anonymous pages of the 民生实事项目: candidates and results (totals only), each project's progress, and the
form by which the public proposes a project (renda.core.public: size → rate limit → CSRF → honeypot → token)."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, ValidationError
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, ensure_csrf_cookie

from renda.assembly import selectors, services
from renda.assembly.forms import PublicProjectForm
from renda.assembly.models import ProjectSource
from renda.core import public, rules
from renda.core.models import Congress

MAX_BYTES = 64 * 1024


def _congress(code: str) -> Congress:
    return get_object_or_404(Congress, code=code)


def index(request, code: str):
    congress = _congress(code)
    return render(request, "assembly/public_index.html", {"congress": congress,
                                                           "years": selectors.public_years(congress)})


def project(request, code: str, pk: int):
    congress = _congress(code)
    p = selectors.public_project(congress, pk)
    return render(request, "assembly/public_project.html", {
        "congress": congress, "p": p, "milestones": list(p.milestones.order_by("date", "id")),
        "rating": services.rating_summary(p)})


def _form(request, congress, form, token: str, status: int = 200, error: str = "", done=None):
    response = render(request, "assembly/public_propose.html", {
        "congress": congress, "form": form, "token": token, "error": error, "done": done,
        "honeypot": public.HONEYPOT_FIELD, "token_field": public.TOKEN_FIELD}, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _bad(request, congress, title: str, message: str, status: int) -> HttpResponse:
    html = render_to_string("assembly/public_error.html", {"congress": congress, "title": title, "message": message},
                            request=request)
    return HttpResponse(html, status=status)


@csrf_exempt  # checked below, after the size and rate checks
@ensure_csrf_cookie
def propose(request, code: str):
    congress = _congress(code)
    if request.method != "POST":
        return _form(request, congress, PublicProjectForm(), public.issue_token())
    if public.too_big(request, MAX_BYTES):
        return _bad(request, congress, "提交的内容过大", "提交的内容过长，请精简后重新提交。", 413)
    per_hour = rules.param(congress, "LIV-COLLECT", "per_hour")
    if not public.allow(request, "assembly.propose", per_hour):
        return public.limited_response(request, rule=rules.get("LIV-COLLECT"))
    try:
        refused = CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
        request.POST  # noqa: B018 - parse now, inside the guard
    except (RequestDataTooBig, SuspiciousOperation, ValueError):
        return _bad(request, congress, "请求有误", "提交的内容无法识别，请刷新页面后重新填写。", 400)
    if refused is not None:
        return refused
    data = request.POST
    if public.honeypot_tripped(data):
        return _bad(request, congress, "提交未被接受", "提交未被接受。如您是正常填写，请刷新页面后重新提交。", 400)
    form = PublicProjectForm(data)
    token = data.get(public.TOKEN_FIELD, "")
    try:
        submission_id = public.claim_token(token)
    except ValidationError as exc:
        return _form(request, congress, form, public.issue_token(), status=400, error=exc.messages[0])
    if not form.is_valid():
        return _form(request, congress, form, token, status=400)
    d = form.cleaned_data
    summary = d["summary"] + (f"\n涉及区域：{d['place']}" if d["place"] else "")
    p, _created = services.project_propose(congress_id=congress.pk, year=timezone.localdate().year + 1,
                                           title=d["title"], summary=summary, source=ProjectSource.PUBLIC,
                                           proposer="社会公众", submission_id=submission_id)
    return _form(request, congress, PublicProjectForm(), public.issue_token(), done=p)
