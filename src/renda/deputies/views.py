"""Registry, changes and the deputies' platform pages. Thin: selectors to read, services to write.

A change's steps (报告, 确认, 不予接受, 公告) are taken through the kit (`deputies:change_transition`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from renda.core import history, kit
from renda.core.http import DOCX, XLSX, download
from renda.core.roles import Role
from renda.deputies import exports, records, selectors, services
from renda.deputies import permissions as perms
from renda.deputies.forms import ChangeForm, DeputyForm
from renda.deputies.schedule import selectors as schedule
from renda.deputies.training import selectors as training
from renda.deputies.web import create_page, detail_view, form_page, list_page, parse_int, visible


def _term_or_404(user):
    term = selectors.current_term(user.congress_id) if user.congress_id else None
    if term is None:
        raise Http404("本人大尚未建立届次。")
    return term


def _require_registry(user):
    if not perms.can_view_registry(user):
        raise Http404("没有找到该页面。")


@login_required
def index(request):
    user = request.user
    if user.role == Role.DEPUTY and selectors.my_deputy(user) is not None:
        return redirect("deputies:me")
    if user.role == Role.UNIT:
        return redirect("deputies:issues")
    _require_registry(user)
    term = _term_or_404(user)
    stats = selectors.composition(term)
    return render(request, "deputies/index.html", {
        "term": term, "stats": stats, "chart_data": selectors.composition_chart_data(stats),
        "dimensions": [(k, label, stats["dims"][k]) for k, label in selectors.DIMENSION_LABELS],
        "can_change": perms.can_register_change(user),
    })


def _registry_filters(request):
    """The term of the registry this user may read, and the filters the page was given."""
    _require_registry(request.user)
    return _term_or_404(request.user), selectors.DeputyFilters.from_querydict(request.GET)


@login_required
def registry(request):
    user = request.user
    term, filters = _registry_filters(request)
    page = selectors.deputy_page(user, term, filters, page=request.GET.get("page") or 1)
    return list_page(request, "deputies/registry.html", "deputies/_deputies.html", "deputy-table", {
        "term": term, "page": page, "filters": filters, **selectors.filter_choices(term)})


@login_required
def registry_export(request):
    user = request.user
    term, filters = _registry_filters(request)
    qs = filters.apply(selectors.deputies_for(user).filter(term=term)).order_by("delegation__order", "id")
    data = exports.registry_xlsx(f"{user.congress.short_name}{term}代表名册", qs)
    return download(data, f"deputies-{term.number}.xlsx", XLSX)


@login_required
def composition_export(request):
    user = request.user
    _require_registry(user)
    stats = selectors.composition(_term_or_404(user))
    return download(exports.composition_xlsx(stats), "composition.xlsx", XLSX)


deputy_detail = detail_view("deputy_detail", selectors.deputy_for, "deputies/deputy_detail.html", "deputy",
                            lambda user, deputy: {
    "can_private": perms.can_view_private(user, deputy),
    "can_edit": perms.can_edit_deputy(user, deputy),
    "can_record": perms.can_view_record(user, deputy),
    "can_calendar": user.role in perms.INTERNAL_ROLES,
    "changes": selectors.changes_for(user).filter(deputy=deputy).order_by("-occurred_on"),
    "stations": deputy.stations.all(),
    # narrower than the platform's rule: the registry's keepers (the history names changes to personal data)
    "history": history.for_user(user, deputy) if perms.can_edit_deputy(user, deputy) else None})


@login_required
def deputy_edit(request, pk: int):
    user = request.user
    deputy = selectors.deputy_for(user, pk)
    kit.ensure(perms.can_edit_deputy(user, deputy), "只有代表工作机构的工作人员可以修改代表名册。")
    form = DeputyForm(request.POST or None, deputy=deputy)
    return form_page(
        request, form, title=f"修改代表信息：{deputy.person.name}", back=("deputies:deputy", deputy.pk),
        save=lambda data: services.deputy_update(actor=user, deputy=deputy, lock_version=data.get("lock_version"),
                                                 **form.data_for_service()),
        to="deputies:deputy", done=lambda d: "已保存。",
        note="公民身份号码和联系电话加密存储，仅代表工作机构可见，不进入导出文件。")


# ---- changes -------------------------------------------------------------------------------------------
@login_required
def changes(request):
    user = request.user
    visible(perms.change_filter(user))
    qs = selectors.changes_for(user).order_by("-occurred_on", "-id")[:200]
    return render(request, "deputies/changes.html", {"changes": qs, "can_create": perms.can_register_change(user)})


change_create = create_page(
    "change_create", lambda r: ChangeForm(r.POST or None, congress=r.user.congress, term=_term_or_404(r.user)),
    services.change_create, may=perms.can_register_change, refused="只有代表工作机构的工作人员可以登记代表变动。",
    title="登记代表变动", back="deputies:changes", to="deputies:change", done=lambda change: f"已登记：{change}")


change_detail = detail_view("change_detail", selectors.change_for, "deputies/change_detail.html", "change",
                            history=True)


# ---- the deputies' platform ----------------------------------------------------------------------------
def _year(request) -> int:
    today = timezone.localdate()
    year = parse_int(request.GET.get("year"))
    return year if year and today.year - 10 <= year <= today.year + 1 else today.year


def _mine(user):
    deputy = selectors.my_deputy(user)
    if deputy is None:
        raise Http404("您不是本届人大代表。")
    return deputy


def _record_of(user, pk: int):
    deputy = selectors.deputy_for(user, pk)
    if not perms.can_view_record(user, deputy):
        raise Http404("没有找到该代表的履职档案。")
    return deputy


@login_required
def me(request):
    user = request.user
    deputy = _mine(user)
    year = _year(request)
    today = timezone.localdate()
    record = records.compile_record(deputy, year)
    upcoming = schedule.upcoming_for_person(user, user.person_id, today, days=60)
    return render(request, "deputies/me.html", {
        "deputy": deputy, "year": year, "years": selectors.year_choices(today), "record": record,
        "upcoming": upcoming[:8], "next_item": schedule.next_meeting_for_person(upcoming),
        "materials": list(training.materials_for(user).order_by("-published_on")[:5]),
        "open_courses": training.open_courses_for(user),
        "fmt": records.fmt_points,
    })


@login_required
def me_report(request):
    deputy = _mine(request.user)
    record = records.compile_record(deputy, _year(request))
    return download(exports.report_docx(record), f"report-{record.year}.docx", DOCX)


@login_required
def deputy_record(request, pk: int):
    user = request.user
    deputy = _record_of(user, pk)
    year = _year(request)
    return render(request, "deputies/record.html", {
        "deputy": deputy, "year": year, "years": selectors.year_choices(), "record": records.compile_record(deputy, year, viewer=user),
    })


@login_required
def deputy_report(request, pk: int):
    user = request.user
    deputy = _record_of(user, pk)
    record = records.compile_record(deputy, _year(request), viewer=user)
    return download(exports.report_docx(record), f"report-{deputy.pk}-{record.year}.docx", DOCX)
