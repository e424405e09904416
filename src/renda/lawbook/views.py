"""Staff pages of the law book (thin: selectors read, services write)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from renda.core import history, kit, locking, params
from renda.core.http import DOCX, download
from renda.core.models import Organization
from renda.lawbook import exports, forms, selectors, services
from renda.lawbook import permissions as perms
from renda.lawbook.models import (
    CampaignStatus,
    CleanupDecision,
    FindingStatus,
    RegulationKind,
    RegulationStatus,
)
from renda.legislation import texts
from renda.legislation.selectors import bills_for
from renda.supervision.filings import selectors as filing_selectors


def strict_date(raw, name: str = "日期") -> dt.date | None:
    """A date from the query string: empty → None; unreadable → a Chinese 400; out of range → clamped."""
    text = (raw or "").strip()
    if not text:
        return None
    try:
        day = dt.date.fromisoformat(text[:10]) if len(text) <= 10 else None
    except ValueError:
        day = None
    if day is None:
        raise params.BadParameter(f"{name}格式不正确：请按 年-月-日 填写，例如 2026-01-01。")
    return params.clamp_date(day)


def _reader(request):
    kit.ensure(perms.can_read_lawbook(request.user), "法规库仅供本级人大常委会工作人员和组成人员使用。")


def _save(request, form, call: Callable[[dict], Any]) -> Any | None:
    """For a valid POSTed form, the service's result on its data; None otherwise, a ValidationError shown on the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return call(form.cleaned_data)
    except ValidationError as exc:
        kit.add_validation_errors(form, exc)
        return None


def _text_rows(version):
    if version is None:
        return []
    return texts.article_rows(texts.parse(version.text))


@login_required
def index(request):
    _reader(request)
    status = request.GET.get("status", "")
    status = status if status in RegulationStatus.values else ""
    kind = request.GET.get("kind", "")
    kind = kind if kind in RegulationKind.values or kind == "upper" else ""
    year_raw = (request.GET.get("year") or "").strip()
    year = params.year_param(year_raw) if year_raw else None
    q = (request.GET.get("q") or "").strip()[:50]
    regs = selectors.regulation_list(request.user, status=status, year=year, kind=kind, q=q)
    return render(request, "lawbook/index.html", {
        "regulations": regs, "statuses": RegulationStatus.choices, "kinds": RegulationKind.choices,
        "filters": {"status": status, "kind": kind, "year": year or "", "q": q},
        "can_edit": perms.can_edit_lawbook(request.user),
        "is_internal": perms.internal_filter(request.user) is not None,
    })


@login_required
def regulation(request, pk: int):
    reg = selectors.regulation_for(request.user, pk)
    day = strict_date(request.GET.get("date")) or selectors.today()
    version = selectors.text_at(reg, day)
    return render(request, "lawbook/regulation.html", {
        "reg": reg, "events": selectors.events_of(reg), "versions": list(reg.versions.order_by("effective_from")),
        "day": day, "version": version, "rows": _text_rows(version),
        "can_edit": perms.can_edit_lawbook(request.user, reg), "amend_form": forms.AmendForm(),
        "history": history.for_user(request.user, reg),
        # the bills that amend or repeal it, as far as the viewer may open them
        "bills": list(bills_for(request.user).filter(regulations=reg).order_by("-year", "-number")),
    })


@login_required
def compare(request, pk: int):
    reg = selectors.regulation_for(request.user, pk)
    versions = list(reg.versions.order_by("effective_from"))
    d1 = strict_date(request.GET.get("from"), "起始日期")
    d2 = strict_date(request.GET.get("to"), "对照日期")
    if d1 is None and len(versions) >= 2:
        d1 = versions[-2].effective_from
    if d2 is None and versions:
        d2 = versions[-1].effective_from
    result = services.compare_dates(reg, d1, d2) if d1 and d2 else None
    if result is not None and request.GET.get("format") == "docx":
        return download(texts.comparison_docx(result), f"{reg.title}修改对照表.docx", DOCX)
    table = ""
    if result is not None:
        table = texts.comparison_table(result)
    return render(request, "lawbook/compare.html", {"reg": reg, "d1": d1, "d2": d2, "table": table,
                                                    "result": result, "versions": versions})


@login_required
def import_regulation(request):
    kit.ensure(perms.can_edit_lawbook(request.user), "只有办公厅或者委员会工作人员可以导入法规。")
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    reg = _save(request, form, lambda d: services.regulation_import(
        actor=request.user, congress=request.user.congress, title=d["title"], kind=d["kind"], text=d["text"],
        effective_from=d["effective_from"], number=d["number"], enacted_on=d["enacted_on"]))
    if reg is not None:
        messages.success(request, f"已导入《{reg.title}》。")
        return redirect("lawbook:regulation", pk=reg.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "lawbook/form.html", {"form": form, "title": "导入法规或者上位法文本", "multipart": True,
                                                 "back": reverse("lawbook:index")}, status=status)


@login_required
@require_POST
def amend(request, pk: int):
    reg = selectors.regulation_for(request.user, pk)
    kit.ensure(perms.can_edit_lawbook(request.user, reg), "只有办公厅或者委员会工作人员可以记录法规的修改。")
    form = forms.AmendForm(request.POST)
    if _save(request, form, lambda d: services.regulation_amend(
            actor=request.user, regulation=reg, kind=d["kind"], date=d["date"], effective_on=d["effective_on"],
            ref=d["ref"], decision=d["decision"], text=d["text"])) is not None:
        messages.success(request, "已记录。")
        return redirect("lawbook:regulation", pk=reg.pk)
    return render(request, "lawbook/form.html", {"form": form, "title": f"记录《{reg.title}》的修改",
                                                 "back": reverse("lawbook:regulation", args=[reg.pk])}, status=400)


# ---- 打包修改 ---------------------------------------------------------------------------------------------------
@login_required
def packages(request):
    kit.ensure(perms.internal_filter(request.user) is not None, "仅供本级人大常委会工作人员使用。")
    form = forms.PackageForm(request.POST or None)
    if request.method == "POST":
        kit.ensure(perms.can_edit_lawbook(request.user), "只有办公厅或者委员会工作人员可以录入修改决定。")
    pkg = _save(request, form, lambda d: services.package_create(actor=request.user, congress=request.user.congress,
                                                                 **d))
    if pkg is not None:
        return redirect("lawbook:package", pk=pkg.pk)
    return render(request, "lawbook/packages.html", {
        "packages": selectors.packages_for(request.user).order_by("-decided_on", "-id"), "form": form,
        "can_edit": perms.can_edit_lawbook(request.user)}, status=400 if request.method == "POST" else 200)


@login_required
def package(request, pk: int):
    pkg = selectors.package_for(request.user, pk)
    return render(request, "lawbook/package.html", {"pkg": pkg, "can_edit": perms.can_edit_lawbook(request.user, pkg)})


@login_required
@require_POST
def package_apply(request, pk: int):
    pkg = selectors.package_for(request.user, pk)
    try:
        pkg = services.package_apply(actor=request.user, package=pkg, seen=locking.posted_version(request))
    except ValidationError as exc:
        messages.error(request, kit.validation_text(exc))
        return redirect("lawbook:package", pk=pkg.pk)
    if pkg.status == "applied":
        messages.success(request, f"已适用：{len(pkg.report)} 件法规形成新文本。")
    else:
        messages.error(request, "决定未适用：有修改无法适用，所有法规均未改动。请查看下方报告。")
    return redirect("lawbook:package", pk=pkg.pk)


# ---- 法规清理 ---------------------------------------------------------------------------------------------------
@login_required
def campaigns(request):
    kit.ensure(perms.internal_filter(request.user) is not None, "仅供本级人大常委会工作人员使用。")
    regs = selectors.regulations_for(request.user).filter(kind=RegulationKind.LOCAL,
                                                          status__in=("in_force", "amended"))
    form = forms.CampaignForm(request.POST or None, regulations=regs)
    can_create = perms.is_office(request.user) or perms.has_role(request.user, "admin")
    if request.method == "POST":
        kit.ensure(can_create, "只有办公厅可以对法规清理立项。")
    c = _save(request, form, lambda d: services.campaign_create(
        actor=request.user, congress=request.user.congress, title=d["title"], year=d["year"], reason=d["reason"],
        regulations=list(d["regulations"])))
    if c is not None:
        return redirect("lawbook:campaign", pk=c.pk)
    return render(request, "lawbook/campaigns.html", {
        "campaigns": selectors.campaigns_for(request.user), "form": form, "can_create": can_create},
        status=400 if request.method == "POST" else 200)


@login_required
def campaign(request, pk: int):
    c = selectors.campaign_for(request.user, pk)
    items = selectors.items_of(c)
    committees = Organization.objects.filter(congress_id=c.congress_id,
                                             kind__in=("special_committee", "working_body")).order_by("id")
    rows = [{"item": i, "can_decide": c.status == CampaignStatus.REVIEWING and perms.can_decide_item(request.user, i)}
            for i in items]
    return render(request, "lawbook/campaign.html", {
        "c": c, "rows": rows, "committees": committees, "decisions": CleanupDecision.choices,
        "can_assign": c.status in (CampaignStatus.PROPOSED, CampaignStatus.ASSIGNED)
        and perms.can_manage_campaign(request.user, c),
        "history": history.for_user(request.user, c),
    })


@login_required
@require_POST
def item_assign(request, pk: int):
    item = selectors.item_for(request.user, pk)
    raw = request.POST.get("committee", "")
    if not raw.isdigit() or len(raw) > 15:
        messages.error(request, "请选择委员会。")
        return redirect("lawbook:campaign", pk=item.campaign_id)
    try:
        services.item_assign(actor=request.user, item=item, committee=int(raw))
    except ValidationError as exc:
        messages.error(request, kit.validation_text(exc))
    else:
        messages.success(request, "已分工。")
    return redirect("lawbook:campaign", pk=item.campaign_id)


@login_required
@require_POST
def item_decide(request, pk: int):
    item = selectors.item_for(request.user, pk)
    form = forms.ItemDecisionForm(request.POST)
    if _save(request, form, lambda d: services.item_decide(actor=request.user, item=item,
                                                           seen=locking.posted_version(request), **d)) is not None:
        messages.success(request, "已提出清理意见。")
        return redirect("lawbook:campaign", pk=item.campaign_id)
    return render(request, "lawbook/form.html", {"form": form, "title": f"《{item.regulation.title}》的清理意见",
                                                 "back": reverse("lawbook:campaign", args=[item.campaign_id])},
                  status=400)


@login_required
def campaign_report(request, pk: int):
    c = selectors.campaign_for(request.user, pk)
    if c.status not in (CampaignStatus.SUMMARIZED, CampaignStatus.REPORTED):
        raise PermissionDenied("汇总后才能形成清理情况报告。")
    return download(exports.campaign_docx(c), f"{c.title}情况报告.docx", DOCX)


# ---- 对照上位法审查 ---------------------------------------------------------------------------------------------
@login_required
def review_filing(request, pk: int):
    kit.ensure(perms.can_review(request.user), "只有办公厅或者委员会工作人员可以进行审查。")
    doc = filing_selectors.filing_for(request.user, pk)
    uppers = list(selectors.upper_laws_for(request.user))
    if request.method == "POST":
        chosen = [u for u in uppers if str(u.pk) in request.POST.getlist("uppers")]
        try:
            created = services.review_target(actor=request.user, document=doc, uppers=chosen)
        except ValidationError as exc:
            messages.error(request, kit.validation_text(exc))
        else:
            messages.success(request, f"已对照审查，新增 {len(created)} 条提示。" if created
                             else "已对照审查，没有新的提示。")
        return redirect("lawbook:review_filing", pk=doc.pk)
    try:
        rows = texts.article_rows(texts.parse(doc.text)) if doc.text.strip() else []
    except ValidationError:
        rows = []
    findings = selectors.findings_of(request.user, document=doc)
    by_article: dict[str, list] = {}
    for f in findings:
        by_article.setdefault(f.article, []).append(f)
    return render(request, "lawbook/review.html", {
        "doc": doc, "uppers": uppers, "rows": [(r, by_article.pop(r.label, [])) for r in rows],
        "other_findings": [f for fs in by_article.values() for f in fs], "findings": findings,
        "decision_form": forms.FindingDecisionForm(), "FindingStatus": FindingStatus,
        "back": reverse("supervision:filing", args=[doc.pk]) if _has_filing_page() else "",
    })


def _has_filing_page() -> bool:
    try:
        reverse("supervision:filing", args=[1])
    except NoReverseMatch:
        return False
    return True


@login_required
@require_POST
def finding_decide(request, pk: int):
    f = selectors.finding_for(request.user, pk)
    form = forms.FindingDecisionForm(request.POST)
    back = reverse("lawbook:review_filing", args=[f.document_id]) if f.document_id else reverse("lawbook:index")
    if form.is_valid():
        try:
            services.finding_decide(actor=request.user, finding=f, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, kit.validation_text(exc))
        else:
            messages.success(request, "已处理该提示。")
    else:
        messages.error(request, kit.form_errors_text(form))
    return redirect(back)
