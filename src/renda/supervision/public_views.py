"""The portal pages of supervision: no sign-in.

A member of the public may read the reports, deliberation opinions and handling reports that were
published to deputies and the public (监督法 第十七条第三款、第三十七条第三款), and may submit a request to
review a normative document (审查建议) and follow it by its tracking code. The forms are CSRF-protected,
size-limited and answered in Chinese; submissions and look-ups are limited per source and hour
(rule SUP-PUBLIC-LIMIT) with a friendly page and a Retry-After header, never a bare error.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from renda.core import rules
from renda.core.models import Congress
from renda.supervision import forms, services
from renda.supervision.models import (
    DocumentStage,
    Inspection,
    InspectionStatus,
    Report,
    ReportStatus,
    ReviewRequest,
)

MAX_BODY = 64 * 1024  # the review form is text only
SESSION_KEY = "supervision_review_code"


def _congress(code: str) -> Congress:
    congress = Congress.objects.filter(code=code).first()
    if congress is None:
        raise Http404("没有找到该人大。")
    return congress


def _source(request) -> str:
    raw = f"{request.META.get('REMOTE_ADDR', '')}:{settings.SECRET_KEY}"
    return hashlib.sha256(raw.encode()).hexdigest()[:24]


def _allowed(request, congress: Congress, kind: str) -> bool:
    """Count one use of `kind` by this source in the current hour; False once over the congress's limit."""
    limit = int(rules.param(congress, "SUP-PUBLIC-LIMIT", f"{kind}_per_hour"))
    hour = timezone.now().strftime("%Y%m%d%H")
    key = f"sup-rl:{kind}:{congress.pk}:{_source(request)}:{hour}"
    cache.add(key, 0, 3600)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, 3600)
        count = 1
    return count <= limit


def _limited(request, congress: Congress):
    rule = rules.get("SUP-PUBLIC-LIMIT")
    response = render(request, "supervision/public/limited.html",
                      {"congress": congress, "rule": rule}, status=429)
    response["Retry-After"] = "3600"
    return response


def _too_big(request) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY
    except ValueError:
        return True


def public_index(request, code: str):
    congress = _congress(code)
    reports = Report.objects.filter(congress=congress, status=ReportStatus.PUBLISHED).select_related("organ") \
        .order_by("-published_on", "-id")[:100]
    inspections = Inspection.objects.filter(congress=congress, status=InspectionStatus.PUBLISHED) \
        .order_by("-published_on", "-id")[:100]
    return render(request, "supervision/public/index.html",
                  {"congress": congress, "reports": reports, "inspections": inspections})


def public_report(request, code: str, pk: int):
    congress = _congress(code)
    report = Report.objects.filter(congress=congress, status=ReportStatus.PUBLISHED, pk=pk) \
        .select_related("organ").first()
    if report is None:
        raise Http404("没有找到该报告。")
    docs = {d.stage: d for d in report.documents.order_by("created_at", "id")}  # the latest of each stage wins
    return render(request, "supervision/public/report.html", {
        "congress": congress, "report": report,
        "report_text": (docs.get(DocumentStage.REVISED) or docs.get(DocumentStage.DRAFT)),
        "handling": docs.get(DocumentStage.HANDLING),
    })


def public_inspection(request, code: str, pk: int):
    congress = _congress(code)
    insp = Inspection.objects.filter(congress=congress, status=InspectionStatus.PUBLISHED, pk=pk).first()
    if insp is None:
        raise Http404("没有找到该执法检查。")
    return render(request, "supervision/public/inspection.html", {
        "congress": congress, "insp": insp, "problems": insp.problems.order_by("number"),
    })


@require_http_methods(["GET", "POST"])
def public_review(request, code: str):
    congress = _congress(code)
    if request.method == "POST":
        if _too_big(request):
            return render(request, "supervision/public/review_form.html", {
                "congress": congress, "form": forms.PublicReviewForm(),
                "too_big": True}, status=413)
        form = forms.PublicReviewForm(request.POST)
        if form.is_valid():
            if form.cleaned_data.get("website"):
                form.add_error(None, "提交未通过校验，请刷新页面后重新填写。")
            elif not _allowed(request, congress, "submissions"):
                return _limited(request, congress)
            else:
                data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
                try:
                    req = services.review_request_submit(congress=congress, **data)
                except ValidationError as exc:
                    for field, errors in exc.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    request.session[SESSION_KEY] = req.tracking_code
                    return redirect("supervision:public_review_done", code=congress.code)
        return render(request, "supervision/public/review_form.html", {"congress": congress, "form": form})
    return render(request, "supervision/public/review_form.html",
                  {"congress": congress, "form": forms.PublicReviewForm()})


def public_review_done(request, code: str):
    congress = _congress(code)
    tracking = request.session.get(SESSION_KEY)
    if not tracking:
        return redirect("supervision:public_review", code=congress.code)
    return render(request, "supervision/public/review_done.html", {"congress": congress, "tracking": tracking})


@require_http_methods(["GET", "POST"])
def public_track(request, code: str):
    """Follow a request by its tracking code (POSTed, so the code stays out of addresses and logs)."""
    congress = _congress(code)
    # the link on the confirmation page carries the code (?code=…) to fill the form in; the lookup itself is POSTed
    form = forms.TrackForm(request.POST or None, initial={"code": request.GET.get("code", "")[:30]})
    found = None
    not_found = False
    if request.method == "POST":
        if _too_big(request):
            form = forms.TrackForm()
        elif not _allowed(request, congress, "lookups"):
            return _limited(request, congress)
        elif form.is_valid():
            tracking = services.normalize_tracking_code(form.cleaned_data["code"])
            found = ReviewRequest.objects.filter(congress=congress, tracking_code=tracking).first() \
                if tracking else None
            not_found = found is None
    return render(request, "supervision/public/track.html",
                  {"congress": congress, "form": form, "found": found, "not_found": not_found})
