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
from renda.supervision.models import FilingStatus, RequestStatus
from renda.supervision.web import Kind, detail_view, form_page, list_view

ANNUAL_ONLY_STAFF = "年度备案审查工作情况报告由办公厅和有关委员会编制。"


FILING = Kind("supervision:filing", selectors.filing_for)
REQUEST = Kind("supervision:request", selectors.request_for)


def _sees_requests(user) -> bool:
    return perms.request_filter(user) is not None


filing_list = list_view("supervision/filing_list.html", selectors.filing_page, FilingStatus,
                        can_create=perms.can_register_filing, can_requests=_sees_requests)


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
        return (FILING.page(doc),
                f"已报送备案：{doc.title}" + ("（逾期报送）" if doc.filing_late else ""))

    return form_page(request, form, save, title="报送备案", back=reverse("supervision:filings"), multipart=True)


filing_detail = detail_view(FILING, "supervision/filing_detail.html", "doc", lambda user, doc: {
    "attachments": attachments.for_object(doc), "requests": list(selectors.requests_for(user).filter(document=doc))})


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
def _can_register_request(user) -> bool:
    """The office and the committees register letters they receive (the list shows the button to them only)."""
    return _sees_requests(user) and user.role in (Role.OFFICE, Role.COMMITTEE)


request_list = list_view("supervision/request_list.html", selectors.request_page, RequestStatus,
                         allowed=_sees_requests, denied="审查建议含有提出人的个人信息，仅供办公厅和有关委员会处理。",
                         can_register=_can_register_request)


@login_required
def request_create(request):
    user = request.user
    if not _can_register_request(user):
        raise PermissionDenied("您没有登记审查建议的权限。")
    form = forms.RequestRegisterForm(request.POST or None)
    form.fields.pop("website")

    def save(data):
        req = services.review_request_submit(actor=user, congress=Congress.objects.get(pk=user.congress_id), **data)
        return REQUEST.page(req), f"已登记，查询码 {req.tracking_code}"

    return form_page(request, form, save, title="登记审查建议", back=reverse("supervision:requests"))


request_detail = detail_view(REQUEST, "supervision/request_detail.html", "req")
