"""Legislation pages. Thin: read through selectors, write through services, ask permissions."""

from __future__ import annotations

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from renda.core import attachments, history, http, kit, rules, web
from renda.core.selectors import acting_on
from renda.legislation import exports, selectors, services, texts
from renda.legislation import permissions as perms
from renda.legislation.forms import (
    BillCreateForm,
    BillEditForm,
    CommentForm,
    ConsultationForm,
    ContactPointForm,
    PeriodForm,
    PlanCreateForm,
    ProjectForm,
    ReadingForm,
    ReadingsDecisionForm,
    SeparateVoteForm,
    VersionEditForm,
    VersionForm,
    VoteForm,
    WaiverForm,
)
from renda.legislation.models import (
    READING_LABELS,
    READING_STAGE,
    STAGE_GROUPS,
    BillStatus,
    BillVersion,
    CommentSource,
    ProjectKind,
    ProposerKind,
    Stage,
)
from renda.legislation.workflow import (
    RECORDED_ACTIONS,
)


def _form_page(request, form, save=None, *, title: str, bill=None, back: str, intro: str = "", submit: str = "保存",
               multipart: bool = False, extra=None):
    """The legislation form page; with `save`, a valid POST saves through it (renda.core.web.form_view)."""
    def page():
        return render(request, "legislation/form.html", {
            "form": form, "title": title, "bill": bill, "back": back, "intro": intro, "submit": submit,
            "multipart": multipart, "extra": extra,
        })

    return web.form_view(request, form, save, page) if save else page()


def _bill_form(request, bill, form, service, done, *, title: str, intro: str = "", to=None, extra=None):
    """A form page on `bill` that saves through `service(actor=…, bill=…, **cleaned_data)`, then goes back to the
    bill (or to `to(result)`) saying `done` (or `done(result)`)."""
    url = reverse("legislation:bill", args=[bill.pk])

    def save(d):
        result = service(actor=request.user, bill=bill, **d)
        return (to(result) if to else url), (done(result) if callable(done) else done)

    return _form_page(request, form, save, title=f"{title}：{bill}", bill=bill, back=url, intro=intro, extra=extra)


# ---- bills -------------------------------------------------------------------------------------------------------
@login_required
def index(request):
    user = request.user
    filters = selectors.BillFilters.from_querydict(request.GET)
    page = selectors.bill_page(user, filters, page=request.GET.get("page") or 1)
    counts = selectors.stage_counts(user)
    ctx = {
        "page": page,
        "filters": filters,
        "stages": [(key, label, counts[key]) for key, (label, _) in STAGE_GROUPS.items()],
        "statuses": BillStatus.choices,
        "proposer_kinds": ProposerKind.choices,
        "can_create": perms.can_create_bill(user),
        "can_plans": perms.can_view_plans(user),
        "can_contact_points": perms.is_staff(user),
        "querystring": request.GET.urlencode(),
    }
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "bill-table":
        return render(request, "legislation/_bills.html", ctx)
    return render(request, "legislation/index.html", ctx)


@login_required
def bill_create(request):
    user = request.user
    if not perms.can_create_bill(user):
        raise PermissionDenied("只有办公厅和法制工作机构的工作人员可以登记法规案。")
    form = BillCreateForm(request.POST or None, congress=user.congress)

    def save(d):
        bill = services.bill_create(
            actor=user, title=d["title"], kind=d["kind"], regulations=list(d["regulations"]),
            amendment_form=d["amendment_form"], proposer_kind=d["proposer_kind"],
            proposer_org=d["proposer_org"], proposers=list(d["proposers"]), submitted_on=d["submitted_on"],
            subject_area=d["subject_area"], scope_override=d["scope_override"],
            scope_justification=d["scope_justification"], lead_committee=d["lead_committee"],
            concerned_units=list(d["concerned_units"]), project=d["project"], draft_text=d["draft_text"],
            explanation=d["explanation"], current_text=d["current_text"],
        )
        return reverse("legislation:bill", args=[bill.pk]), f"已登记法规案《{bill.display_title}》。"

    return _form_page(request, form, save, title="登记法规案", back=reverse("legislation:index"),
                      intro="依照《组织法》第五十二条，主任会议、市人民政府、专门委员会或者常委会组成人员五人以上联名可以提出法规案。")


@login_required
def bill_detail(request, pk: int):
    user = request.user
    bill = selectors.bill_for(user, pk)
    today = timezone.localdate()
    versions = selectors.versions_for(user, bill)
    reading_rows = selectors.readings(bill)
    vote_rows = selectors.votes(bill)
    # The recorded steps (审议、表决) are taken by their own forms (reading_create, vote_create), not as buttons.
    actions = [a for a in kit.actions_for(user, bill, kit.get("legislation.bill"))
               if a.t.action not in RECORDED_ACTIONS]
    can_register = perms.can_register(user, bill)
    can_decide = perms.can_decide(user, bill)
    done = len(reading_rows)
    next_reading = done + 1 if done < bill.readings_required else None
    period = selectors.open_period(bill)
    ctx = {
        "bill": bill,
        "today": today,
        "versions": versions,
        "readings": reading_rows,
        "votes": vote_rows,
        "overall_votes": [v for v in vote_rows if not v.eid],
        "separate_votes": [v for v in vote_rows if v.eid],
        "timeline": selectors.timeline(bill, reading_rows, vote_rows, today),
        "actions": actions,
        "can_edit": perms.can_edit_bill(user, bill) or can_decide,
        "can_add_version": perms.can_add_version(user, bill) and bill.status not in (
            BillStatus.PROMULGATED, BillStatus.FILED, BillStatus.APPROVED),
        "can_record_reading": can_register and next_reading is not None and bill.status in (
            BillStatus.ON_AGENDA, BillStatus.IN_DELIBERATION),
        "next_reading_label": READING_LABELS.get(next_reading or 0, ""),
        "can_decide_readings": can_decide and bill.status in (BillStatus.ON_AGENDA, BillStatus.IN_DELIBERATION),
        "can_waive": can_decide and bill.is_under_deliberation and not bill.publication_waived,
        "can_open_period": perms.can_manage_period(user, bill) and period is None and done > 0 and bill.status in (
            BillStatus.IN_DELIBERATION, BillStatus.DEFERRED),
        "can_vote": can_register and bill.status == BillStatus.VOTE_PENDING,
        "period": period,
        "periods": selectors.periods(bill),
        "can_see_comments": perms.can_see_comments(user, bill),
        "can_enter_comments": perms.can_enter_comments(user, bill) and bill.is_under_deliberation,
        "can_see_consultations": perms.can_see_consultations(user, bill),
        "consultations": selectors.consultations(bill) if perms.can_see_consultations(user, bill) else [],
        "can_add_consultation": perms.can_manage_consultations(user, bill) and bill.status in
        services.CONSULTATION_STATES,
        "history": history.for_user(user, bill),
        "show_warnings": perms.can_see_parse_warnings(user),
        "can_use_engine": perms.is_staff(user),
    }
    if len(versions) >= 2:
        old, new = versions[-2], versions[-1]
        result = texts.comparison(old, new)
        ctx.update(old=old, new=new, table=texts.comparison_table(result), summary=result.summary_text(),
                   changes_only=False)
    return render(request, "legislation/bill_detail.html", ctx)


@login_required
def bill_edit(request, pk: int):
    user = request.user
    bill = selectors.bill_for(user, pk)
    if not (perms.can_edit_bill(user, bill) or perms.can_decide(user, bill)):
        raise PermissionDenied("您没有修改该法规案的权限。")
    initial = {"lock_version": bill.lock_version, "lead_committee": bill.lead_committee,
               "concerned_units": list(bill.concerned_units.all()), "needs_argumentation": bill.needs_argumentation,
               "needs_hearing": bill.needs_hearing, "regulations": list(bill.regulations.all())}
    form = BillEditForm(request.POST or None, initial=initial, congress=bill.congress, bill=bill)
    return _bill_form(request, bill, form, lambda *, concerned_units, regulations=None, **d: services.bill_update(
        concerned_units=list(concerned_units), regulations=None if regulations is None else list(regulations), **d),
        "已保存。", title="办理信息")


@login_required
def readings_decision(request, pk: int):
    bill = acting_on(request.user, selectors.bill_for, pk, perms.can_decide, "审议次数由主任会议决定。")
    form = ReadingsDecisionForm(request.POST or None, initial={"readings": bill.readings_required,
                                                               "lock_version": bill.lock_version})
    return _bill_form(request, bill, form, services.bill_set_readings,
                      lambda _b: f"已记录主任会议决定：审议{form.cleaned_data['readings']}次后交付表决。", title="审议次数",
                      intro="立法法第三十三条：各方面意见比较一致的，可以经两次会议审议后交付表决；调整事项较为单一或者部分修改、"
                            "意见比较一致，或者遇有紧急情形的，也可以经一次会议审议即交付表决。")


@login_required
def waive_publication(request, pk: int):
    bill = acting_on(request.user, selectors.bill_for, pk, perms.can_decide, "不向社会公布由主任会议决定。")
    return _bill_form(request, bill, WaiverForm(request.POST or None), services.bill_waive_publication,
                      "已记录主任会议不公布的决定。", title="决定不公布征求意见")


# ---- versions ----------------------------------------------------------------------------------------------------
@login_required
def version_create(request, pk: int):
    bill = acting_on(request.user, selectors.bill_for, pk, perms.can_add_version, "您没有登记法规案文本的权限。")
    done = bill.readings.count()
    suggested = READING_STAGE.get(done + 1, Stage.FINAL) if done else Stage.DRAFT
    if done >= bill.readings_required:
        suggested = Stage.FINAL

    def added(version) -> str:
        if not version.parse_warnings:
            return f"已登记{version.get_stage_display()}。"
        messages.warning(request, f"文本已登记，有 {len(version.parse_warnings)} 处解析提示，请核对。")
        return ""

    return _bill_form(request, bill, VersionForm(request.POST or None, initial={"stage": suggested}),
                      services.version_add, added, title="登记文本",
                      to=lambda version: reverse("legislation:version", args=[version.pk]),
                      intro="草案修改稿和表决稿由法制委员会统一审议后提出，须附修改情况的汇报或者审议结果的报告（立法法第八十七条第二款）。")


@login_required
def version_detail(request, pk: int):
    user = request.user
    version = selectors.version_for(user, pk)
    bill = version.bill
    statute = texts.statute_of(version)
    show_counts = perms.can_see_comments(user, bill)
    counts = selectors.comment_counts(version) if show_counts else {}
    rows = [{"row": r, "comments": counts.get(r.eid, {}).get("total", 0)} for r in texts.article_rows(statute)]
    return render(request, "legislation/version_detail.html", {
        "version": version, "bill": bill, "rows": rows, "statute": statute,
        "show_warnings": perms.can_see_parse_warnings(user),
        "show_counts": show_counts,
        "can_edit": perms.can_add_version(user, bill) and not services.version_frozen_reason(version),
        "frozen_reason": services.version_frozen_reason(version),
        "attachments": attachments.for_object(version),
        "can_attach": perms.can_add_version(user, bill),
        "explanation_label": version.explanation_label(),
    })


@login_required
def version_edit(request, pk: int):
    version = acting_on(request.user, selectors.version_for, pk, lambda user, v: perms.can_add_version(user, v.bill),
                        "您没有修改法规案文本的权限。")
    form = VersionEditForm(request.POST or None, initial={
        "lock_version": version.lock_version, "text": version.text, "explanation": version.explanation,
        "explanation_title": version.explanation_title})

    def save(d):
        services.version_update(actor=request.user, version=version, **d)
        return reverse("legislation:version", args=[version.pk]), "已保存。"

    return _form_page(request, form, save, title=f"修改文本：{version}", bill=version.bill,
                      back=reverse("legislation:version", args=[version.pk]))


version_attach = web.upload_view(selectors.version_for, "legislation:version", refused="您没有上传附件的权限。",
                                 may=lambda user, v: perms.can_add_version(user, v.bill), done="已上传附件。",
                                 name="version_attach")


def _pair(request, user, bill):
    """The bill's versions and the two to compare (?a=…&b=…, the last two by default), each as this user sees it."""
    versions, old, new = _chosen(request, selectors.versions_for(user, bill))
    return versions, selectors.version_for(user, old.pk), selectors.version_for(user, new.pk)


def _chosen(request, versions):
    by_pk = {v.pk: v for v in versions}
    a, b = request.GET.get("a", ""), request.GET.get("b", "")
    if not (a.isdigit() and b.isdigit()):
        if len(versions) < 2:
            raise Http404("可比较的文本不足两个。")
        return versions, versions[-2], versions[-1]
    old, new = by_pk.get(int(a)), by_pk.get(int(b))
    if old is None or new is None:
        raise Http404("所选文本不存在。")
    return versions, old, new


@login_required
def compare(request, pk: int):
    user = request.user
    bill = selectors.bill_for(user, pk)
    versions, old_v, new_v = _pair(request, user, bill)
    result = texts.comparison(old_v, new_v)
    ctx = {
        "bill": bill, "versions": versions, "old": old_v, "new": new_v,
        "table": texts.comparison_table(result, changes_only=request.GET.get("changes") == "1"),
        "summary": result.summary_text(), "changes_only": request.GET.get("changes") == "1",
    }
    if request.headers.get("HX-Request"):
        return render(request, "legislation/_comparison.html", ctx)
    return render(request, "legislation/compare.html", ctx)


@login_required
def compare_docx(request, pk: int):
    user = request.user
    bill = selectors.bill_for(user, pk)
    _, old_v, new_v = _pair(request, user, bill)
    data = texts.comparison_docx(texts.comparison(old_v, new_v))
    name = f"{bill.title}修改对照表（{old_v.get_stage_display()}—{new_v.get_stage_display()}）.docx"
    return http.download(data, name, http.DOCX)


# ---- readings and votes --------------------------------------------------------------------------------------------
@login_required
def reading_create(request, pk: int):
    bill = acting_on(request.user, selectors.bill_for, pk, perms.can_register, "您没有记录审议的权限。")
    label = READING_LABELS.get(bill.readings.count() + 1, "审议")
    form = ReadingForm(request.POST or None, initial={"held_on": timezone.localdate()})
    return _bill_form(request, bill, form, services.bill_record_reading, lambda reading: f"已记录{reading.label}。",
                      title=f"记录{label}")


@login_required
def vote_create(request, pk: int):
    bill = acting_on(request.user, selectors.bill_for, pk, perms.can_register, "您没有记录表决结果的权限。")
    return _bill_form(request, bill, VoteForm(request.POST or None, initial={"voted_on": timezone.localdate()}),
                      services.bill_record_vote,
                      lambda vote: "表决通过。" if vote.passed else "表决未获通过（未达到全体组成人员的过半数）。",
                      title="记录表决结果", intro="由常委会全体组成人员的过半数通过（组织法第五十一条第四款）：按表决日在任的组成人员计算。")


@login_required
def separate_vote_create(request, pk: int):
    bill = acting_on(request.user, selectors.bill_for, pk, perms.can_register, "您没有记录表决结果的权限。")
    final = bill.versions.filter(stage=Stage.FINAL).first()
    if final is None:
        raise Http404("尚无表决稿。")
    form = SeparateVoteForm(request.POST or None, provisions=texts.provisions(texts.statute_of(final)),
                            initial={"voted_on": timezone.localdate()})
    return _bill_form(request, bill, form, services.bill_record_separate_vote,
                      lambda v: f"已记录{v.provision_label}单独表决：{'通过' if v.passed else '未通过'}。", title="单独表决",
                      intro="立法法第四十四条第二款：主任会议可以决定将个别意见分歧较大的重要条款提请单独表决。")


# ---- comment periods and comments -------------------------------------------------------------------------------------
@login_required
def period_create(request, pk: int):
    bill = acting_on(request.user, selectors.bill_for, pk, perms.can_manage_period, "您没有公布法规草案征求意见的权限。")
    form = PeriodForm(request.POST or None, initial={"opens_on": timezone.localdate()})
    _choose_published_text(form, bill)
    return _bill_form(request, bill, form, services.period_open, "已向社会公布征求意见。", title="向社会公布征求意见",
                      intro="立法法第四十条：在常委会会议后将草案及其说明向社会公布，征求意见的时间一般不少于三十日。")


def _choose_published_text(form, bill) -> None:
    """Which text goes out for comment: one of the deliberated texts, the one last deliberated by default."""
    deliberated = BillVersion.objects.filter(bill=bill, readings__isnull=False).distinct().order_by("-created_at", "-id")
    field = django_forms.ModelChoiceField(label="向社会公布的文本", queryset=deliberated, empty_label=None,
                                          required=False,  # not sent (an API-like post): the text last deliberated
                                          help_text="只能公布经常委会会议审议后的文本（立法法第四十条）；默认最近一次审议的文本。")
    field.label_from_instance = lambda v: f"{v.get_stage_display()}：{v.title}"
    latest = deliberated.first()
    if latest is not None:
        field.initial = latest.pk
    form.fields = {"version": field, **form.fields}


def _comments_version(request, user, pk: int):
    version = selectors.version_for(user, pk)
    if not perms.can_see_comments(user, version.bill):
        raise Http404("没有找到该页面。")
    return version


@login_required
def comments(request, pk: int):
    """Staff page: comments on a version per article (counts by source), and one article's comments."""
    user = request.user
    version = _comments_version(request, user, pk)
    table = selectors.article_comment_table(version)
    article = request.GET.get("article")
    detail = None
    if article is not None:
        rows = {r["eid"]: r for r in table}
        if article not in rows:
            raise Http404("该文本中没有这一条。")
        source = request.GET.get("source") or ""
        items = list(selectors.comments_for_article(version, article, source))
        detail = {"row": rows[article], "comments": items, "source": source,
                  "representatives": selectors.representatives(items)}
    ctx = {"version": version, "bill": version.bill, "table": table, "detail": detail,
           "sources": CommentSource.choices,
           "total": sum(r["total"] for r in table)}
    if request.headers.get("HX-Request") and detail is not None:
        return render(request, "legislation/_article_comments.html", ctx)
    return render(request, "legislation/comments.html", ctx)


@login_required
def comment_create(request, pk: int):
    user = request.user
    bill = acting_on(user, selectors.bill_for, pk, perms.can_enter_comments, "您没有登记立法意见的权限。")
    versions = [v for v in selectors.versions_for(user, bill) if v.stage != Stage.CURRENT]
    if not versions:
        raise Http404("尚无文本。")
    chosen = request.POST.get("version") or request.GET.get("version")
    by_pk = {str(v.pk): v for v in versions}
    version = by_pk.get(chosen or "") or versions[-1]
    version = selectors.version_for(user, version.pk)
    provisions = texts.provisions(texts.statute_of(version))
    form = CommentForm(request.POST or None, contact_points=selectors.contact_points(bill.congress_id),
                       provisions=provisions, initial={"submitted_on": timezone.localdate()})
    again = reverse("legislation:comment_create", args=[bill.pk]) + f"?version={version.pk}"
    return _bill_form(request, bill, form, lambda submitted_on, **d: services.comment_add(
        version=version, submitted_at=form.submitted_at(), **d), "已登记意见。", title="登记意见",
        to=lambda _c: again if "again" in request.POST else reverse("legislation:comments", args=[version.pk]),
        intro="基层立法联系点、有关部门和人大代表的意见（立法法第九十条、第三十九条第四款）。",
                      extra={"versions": versions, "version": version})


@login_required
def comments_export(request, pk: int):
    user = request.user
    bill = selectors.bill_for(user, pk)
    if not perms.can_see_comments(user, bill):
        raise Http404("没有找到该页面。")
    data = exports.comments_xlsx(bill, selectors.comments_export_rows(bill))
    return http.download(data, f"{bill.title}立法意见-{bill.pk}.xlsx", http.XLSX)


@login_required
def contact_points(request):
    user = request.user
    if not perms.is_staff(user):
        raise Http404("没有找到该页面。")
    form = ContactPointForm(request.POST or None)
    if request.method == "POST" and not perms.is_writer(user):
        raise PermissionDenied("您没有设立基层立法联系点的权限。")

    def save(d):
        services.contact_point_create(actor=user, name=d["name"], location=d["location"])
        return reverse("legislation:contact_points"), "已增加基层立法联系点。"

    return web.form_view(request, form, save, lambda: render(request, "legislation/contact_points.html", {
        "points": selectors.contact_points_with_counts(user.congress_id), "form": form,
        "can_add": perms.is_writer(user)}))


# ---- consultations -------------------------------------------------------------------------------------------------------
@login_required
def consultation_create(request, pk: int):
    bill = acting_on(request.user, selectors.bill_for, pk, perms.can_manage_consultations,
                     "您没有安排论证会、听证会的权限。")
    form = ConsultationForm(request.POST or None, congress=bill.congress, initial={"organizer": bill.lead_committee})
    return _bill_form(request, bill, form, services.consultation_create, lambda c: f"已安排{c.get_kind_display()}。",
                      to=lambda c: reverse("legislation:consultation", args=[c.pk]), title="安排论证会、听证会或者评估",
                      intro="立法法第三十九条：专业性较强、需要可行性评价的，应当召开论证会；存在重大意见分歧或者涉及利益关系重大调整的，应当召开听证会。")


@login_required
def consultation_detail(request, pk: int):
    user = request.user
    c = selectors.consultation_for(user, pk)
    return render(request, "legislation/consultation_detail.html", {
        "c": c, "bill": c.bill,
        "attachments": attachments.for_object(c), "can_attach": perms.can_manage_consultation(user, c),
    })


consultation_attach = web.upload_view(selectors.consultation_for, "legislation:consultation",
                                      may=perms.can_manage_consultation, refused="您没有上传附件的权限。",
                                      done="已上传附件。", name="consultation_attach")


# ---- the legislative plan --------------------------------------------------------------------------------------------------
@login_required
def plan_index(request):
    user = request.user
    if not perms.can_view_plans(user):
        raise Http404("没有找到该页面。")
    plans = list(selectors.plans_for(user))
    if plans and "all" not in request.GET:
        return redirect("legislation:plan", pk=plans[0].pk)
    return render(request, "legislation/plan_index.html", {
        "plans": plans, "can_create": perms.can_create_plan(user), "form": PlanCreateForm()})


@login_required
@require_POST
def plan_create(request):
    form = PlanCreateForm(request.POST)
    every_plan = reverse("legislation:plans") + "?all=1"
    if not form.is_valid():
        messages.error(request, "请填写正确的年度。")
        return redirect(every_plan)
    try:
        plan = services.plan_create(actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, kit.validation_text(exc))
        return redirect(every_plan)
    messages.success(request, f"已创建《{plan.title}》。")
    return redirect("legislation:plan", pk=plan.pk)


@login_required
def plan_detail(request, pk: int):
    user = request.user
    plan = selectors.plan_for(user, pk)
    projects = selectors.projects(plan, user)
    groups = [(label, [p for p in projects if p.kind == kind]) for kind, label in ProjectKind.choices]
    return render(request, "legislation/plan_detail.html", {
        "plan": plan, "groups": groups, "can_edit": perms.can_edit_plan(user, plan),
        "history": history.for_user(user, plan),
    })


def _project_initial(project) -> dict:
    areas = rules.param(project.congress_id, "LEG-SCOPE", "areas")
    initial = {k: getattr(project, k) for k in ("kind", "title", "scope_justification", "drafting_unit", "lead_body",
                                                 "planned_meeting", "workplan_item", "note")}
    initial["lock_version"] = project.lock_version
    if project.subject_area in areas:
        initial["subject_area"] = project.subject_area
    else:
        initial["subject_area"] = "其他"
        initial["other_area"] = project.subject_area
    return initial


def _project_form(request, plan, project=None):
    """Adds a project to `plan`, or (with `project`) edits it."""
    url = reverse("legislation:plan", args=[plan.pk])
    initial = _project_initial(project) if project else None
    form = ProjectForm(request.POST or None, initial=initial, congress=plan.congress, year=plan.year)

    def save(d):
        if project is None:
            added = services.project_create(actor=request.user, plan=plan, **form.project_data())
            return url, f"已增加项目：{added.title}"
        services.project_update(actor=request.user, project=project,
                                lock_version=d.get("lock_version"), **form.project_data())
        return url, "已保存。"

    if project is not None:
        return _form_page(request, form, save, title=f"修改立法项目：{project.title}", back=url)
    return _form_page(request, form, save, title=f"增加立法项目：{plan.title}", back=url,
                      intro="立法法第八十一条：设区的市可以对城乡建设与管理、生态文明建设、历史文化保护、基层治理等方面的事项制定地方性法规。")


@login_required
def project_create(request, pk: int):
    return _project_form(request, acting_on(request.user, selectors.plan_for, pk, perms.can_draft_plan,
                                            "您没有编辑该立法计划的权限。"))


@login_required
def project_edit(request, pk: int):
    project = acting_on(request.user, selectors.project_for, pk, lambda user, p: perms.can_draft_plan(user, p.plan),
                        "您没有编辑该立法计划的权限。")
    return _project_form(request, project.plan, project)
