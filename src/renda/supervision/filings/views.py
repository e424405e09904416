"""Filing review pages: filed documents, the annual report, review requests. Steps go through the kit."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse

from renda.core import attachments, params
from renda.core.http import DOCX, download
from renda.core.models import Congress
from renda.core.roles import Role
from renda.supervision import exports, forms
from renda.supervision import permissions as perms
from renda.supervision.filings import selectors, services
from renda.supervision.listing import ListFilters
from renda.supervision.models import FilingStatus, RequestStatus
from renda.supervision.web import detail, form_page, list_ctx

ANNUAL_ONLY_STAFF = "年度备案审查工作情况报告由办公厅和有关委员会编制。"


@login_required
def filing_list(request):
    f = ListFilters.from_querydict(request.GET, statuses=FilingStatus.values)
    page = selectors.filing_page(request.user, f, request.GET.get("page") or 1)
    return render(request, "supervision/filing_list.html", list_ctx(
        request, f, page, statuses=FilingStatus.choices, can_create=perms.can_register_filing(request.user),
        can_requests=perms.request_filter(request.user) is not None))


@login_required
def filing_create(request):
    user = request.user
    if not perms.can_register_filing(user):
        raise PermissionDenied("您没有报送备案的权限。")
    form = forms.FilingForm(request.POST or None, request.FILES or None, congress_id=user.congress_id)
    if user.role == Role.UNIT:
        for name in ("filer_org", "filer_congress"):
            form.fields.pop(name)

    def save(data):
        doc = services.filing_register(actor=user, upload=data.pop("file"), **data)
        return (reverse("supervision:filing", args=[doc.pk]),
                f"已报送备案：{doc.title}" + ("（逾期报送）" if doc.filing_late else ""))

    return form_page(request, form, save, title="报送备案", back=reverse("supervision:filings"), multipart=True)


@login_required
def filing_detail(request, pk: int):
    user = request.user
    doc = selectors.filing_for(user, pk)
    return render(request, "supervision/filing_detail.html", detail(
        user, doc, doc=doc, attachments=attachments.for_object(doc),
        requests=list(selectors.requests_for(user).filter(document=doc))))


def _annual_year(request, year: int) -> int:
    if not perms.is_internal(request.user):
        raise PermissionDenied(ANNUAL_ONLY_STAFF)
    return params.year_param(year)  # a year out of range: a Chinese 400, not a 500


@login_required
def filing_annual(request, year: int):
    year = _annual_year(request, year)
    stats = selectors.annual_filing_stats(request.user.congress_id, year)
    return render(request, "supervision/filing_annual.html", {"stats": stats, "year": year})


@login_required
def filing_annual_docx(request, year: int):
    year = _annual_year(request, year)
    congress = Congress.objects.get(pk=request.user.congress_id)
    data = exports.filing_annual_docx(congress, selectors.annual_filing_stats(congress.pk, year))
    return download(data, f"{year}年备案审查工作情况报告.docx", DOCX)


# ---- review requests ------------------------------------------------------------------------------------
@login_required
def request_list(request):
    if perms.request_filter(request.user) is None:
        raise PermissionDenied("审查建议含有提出人的个人信息，仅供办公厅和有关委员会处理。")
    f = ListFilters.from_querydict(request.GET, statuses=RequestStatus.values)
    page = selectors.request_page(request.user, f, request.GET.get("page") or 1)
    ctx = list_ctx(request, f, page, statuses=RequestStatus.choices)
    ctx["can_register"] = _can_register_request(request.user)
    return render(request, "supervision/request_list.html", ctx)


def _can_register_request(user) -> bool:
    """The office and the committees register letters they receive (the list shows the button to them only)."""
    return perms.request_filter(user) is not None and user.role in (Role.OFFICE, Role.COMMITTEE)


@login_required
def request_create(request):
    user = request.user
    if not _can_register_request(user):
        raise PermissionDenied("您没有登记审查建议的权限。")
    form = forms.RequestRegisterForm(request.POST or None)
    form.fields.pop("website")

    def save(data):
        req = services.review_request_submit(actor=user, congress=Congress.objects.get(pk=user.congress_id), **data)
        return reverse("supervision:request", args=[req.pk]), f"已登记，查询码 {req.tracking_code}"

    return form_page(request, form, save, title="登记审查建议", back=reverse("supervision:requests"))


@login_required
def request_detail(request, pk: int):
    user = request.user
    req = selectors.request_for(user, pk)
    return render(request, "supervision/request_detail.html", detail(user, req, req=req))
