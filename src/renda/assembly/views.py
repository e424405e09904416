"""Pages of the congress session: the list, a session (agenda, delegations, sittings, elections, 票决), an election
(candidates, the secret ballot, the result), a 票决, the 民生实事 projects. Thin: selectors read, services write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from renda.assembly import forms, selectors, services
from renda.assembly import permissions as perms
from renda.assembly.models import ElectionStatus, ProjectStatus, SittingKind
from renda.core import history
from renda.core.errors import RuleViolation
from renda.core.kit import add_validation_errors, form_errors_text
from renda.deputies.models import Delegation


def _refuse(request, text: str, back: str, status: int = 400):
    return render(request, "core/refusal.html", {"title": "无法办理", "message": f"请更正后重试：{text}",
                                                 "rule": None, "back": back}, status=status)


@login_required
def index(request):
    user = request.user
    if perms.session_filter(user) is None and perms.project_filter(user) is None:
        raise Http404("页面不存在。")
    form = forms.SessionCreateForm(request.POST or None)
    if request.method == "POST":
        if not perms.can_manage(user):
            raise Http404("页面不存在。")
        if form.is_valid():
            d = form.cleaned_data
            try:
                s = services.session_next(actor=user, congress=user.congress, planned_date=d["planned_date"],
                                          draft_agenda=d["draft_agenda"], planned_days=d["planned_days"])
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                messages.success(request, "已登记大会会议。")
                return redirect("assembly:session", s.pk)
    return render(request, "assembly/index.html", {
        "sessions": selectors.sessions_for(user).order_by("-planned_date"),
        "projects": selectors.projects_for(user).order_by("-year", "rank", "id")[:60],
        "manage": perms.can_manage(user), "form": form, "nav_active": "assembly",
    }, status=400 if request.method == "POST" else 200)


@login_required
def session(request, pk: int):
    s = selectors.session_for(request.user, pk)
    delegations = Delegation.objects.filter(congress_id=s.congress_id, term_id=s.session.term_id).order_by("order")
    return render(request, "assembly/session.html", {
        **selectors.session_page(s), "manage": perms.manages(request.user, s), "history": history.for_user(
            request.user, s), "sitting_form": forms.SittingForm(), "election_form": forms.ElectionForm(),
        "delegations": delegations, "sitting_kinds": SittingKind.choices, "nav_active": "assembly"})


@login_required
@require_POST
def sitting_add(request, pk: int):
    s = selectors.session_for(request.user, pk)
    if not perms.manages(request.user, s):
        raise Http404("页面不存在。")
    form = forms.SittingForm(request.POST)
    back = f"/assembly/{s.pk}/"
    if not form.is_valid():
        return _refuse(request, form_errors_text(form), back)
    d = form.cleaned_data
    delegation = None
    if d.get("delegation"):
        delegation = Delegation.objects.filter(pk=d["delegation"], congress_id=s.congress_id).first()
        if delegation is None:
            return _refuse(request, "代表团不存在。", back)
    try:
        services.sitting_add(actor=request.user, session=s, kind=d["kind"], date=d["date"], place=d["place"],
                             materials=d["materials"], present=d["present"], delegation=delegation)
    except ValidationError as exc:
        return _refuse(request, "；".join(exc.messages), back)
    messages.success(request, "已登记会议。")
    return redirect("assembly:session", s.pk)


@login_required
@require_POST
def sitting_vote(request, pk: int):
    sitting = selectors.sitting_for(request.user, pk)
    if not perms.manages(request.user, sitting):
        raise Http404("页面不存在。")
    form = forms.SittingVoteForm(request.POST)
    back = f"/assembly/{sitting.session_id}/"
    if not form.is_valid():
        return _refuse(request, form_errors_text(form), back)
    try:
        v = services.sitting_vote(actor=request.user, sitting=sitting, **form.cleaned_data)
    except ValidationError as exc:
        return _refuse(request, "；".join(exc.messages), back)
    messages.success(request, f"已登记表决：{v.subject}，{'通过' if v.passed else '未通过'}。")
    return redirect("assembly:session", sitting.session_id)


@login_required
@require_POST
def election_add(request, pk: int):
    s = selectors.session_for(request.user, pk)
    if not perms.manages(request.user, s):
        raise Http404("页面不存在。")
    form = forms.ElectionForm(request.POST)
    back = f"/assembly/{s.pk}/"
    if not form.is_valid():
        return _refuse(request, form_errors_text(form), back)
    d = form.cleaned_data
    try:
        e = services.election_create(actor=request.user, session=s, office=d["office"], office_kind=d["office_kind"],
                                     places=d["places"], candidates=d["candidates"])
    except ValidationError as exc:
        return _refuse(request, "；".join(exc.messages), back)
    messages.success(request, "已登记选举。")
    return redirect("assembly:election", e.pk)


@login_required
def election(request, pk: int):
    e = selectors.election_for(request.user, pk)
    ctx = selectors.election_page(e, request.user)
    ctx.update({"manage": perms.manages(request.user, e), "history": history.for_user(request.user, e),
                "nav_active": "assembly", "receipt": "", "error": ""})
    status = 200
    if request.method == "POST":  # the deputy's own ballot
        choices = {str(c.pk): request.POST.get(f"c{c.pk}", "abstain") for c in ctx["candidates"]}
        write_ins = [w for w in request.POST.getlist("write_in") if w.strip()]
        try:
            ctx["receipt"] = services.election_cast(actor=request.user, election=e, choices=choices,
                                                    write_ins=write_ins)
            ctx["may_vote"] = False
        except RuleViolation as exc:
            ctx["error"], status = exc.message, 409
        except ValidationError as exc:
            ctx["error"], status = "；".join(exc.messages), 400
    return render(request, "assembly/election.html", ctx, status=status)


@login_required
@require_POST
def election_next(request, pk: int):
    e = selectors.election_for(request.user, pk)
    if not perms.manages(request.user, e):
        raise Http404("页面不存在。")
    nxt = services.election_next_round(actor=request.user, election=e)
    messages.success(request, f"已登记{nxt}。")
    return redirect("assembly:election", nxt.pk)


@login_required
def lvote(request, pk: int):
    v = selectors.lvote_for(request.user, pk)
    ctx = selectors.lvote_page(v, request.user)
    ctx.update({"manage": perms.manages(request.user, v), "nav_active": "assembly", "error": "", "done": False})
    status = 200
    if request.method == "POST":
        choices = {str(r["p"].pk): request.POST.get(f"p{r['p'].pk}", "abstain") for r in ctx["rows"]}
        try:
            services.lvote_cast(actor=request.user, vote=v, choices=choices)
            ctx["may_vote"], ctx["done"] = False, True
        except RuleViolation as exc:
            ctx["error"], status = exc.message, 409
        except ValidationError as exc:
            ctx["error"], status = "；".join(exc.messages), 400
    return render(request, "assembly/lvote.html", ctx, status=status)


@login_required
@require_POST
def lvote_open(request, pk: int):
    s = selectors.session_for(request.user, pk)
    if not perms.manages(request.user, s):
        raise Http404("页面不存在。")
    year = s.planned_date.year
    v = services.lvote_open(actor=request.user, session=s, year=year)
    messages.success(request, "票决已开始。")
    return redirect("assembly:lvote", v.pk)


@login_required
@require_POST
def lvote_next(request, pk: int):
    v = selectors.lvote_for(request.user, pk)
    if not perms.manages(request.user, v):
        raise Http404("页面不存在。")
    nxt = services.lvote_next_round(actor=request.user, vote=v)
    messages.success(request, "已开始再次票决。")
    return redirect("assembly:lvote", nxt.pk)


@login_required
def project(request, pk: int):
    p = selectors.project_for(request.user, pk)
    ctx = selectors.project_page(p, request.user)
    ctx.update({"manage": perms.manages(request.user, p), "history": history.for_user(request.user, p),
                "milestone_form": forms.MilestoneForm(), "nav_active": "assembly",
                "delegations": Delegation.objects.filter(congress_id=p.congress_id).order_by("order")
                if perms.manages(request.user, p) and p.status in (ProjectStatus.SHORTLISTED,
                                                                   ProjectStatus.CANDIDATE) else []})
    return render(request, "assembly/project.html", ctx)


@login_required
@require_POST
def project_add(request):
    if not perms.can_manage(request.user):
        raise Http404("页面不存在。")
    form = forms.ProjectForm(request.POST)
    if not form.is_valid():
        return _refuse(request, form_errors_text(form), "/assembly/")
    d = form.cleaned_data
    p, _ = services.project_propose(actor=request.user, congress_id=request.user.congress_id, **d)
    messages.success(request, "已登记项目。")
    return redirect("assembly:project", p.pk)


@login_required
@require_POST
def milestone_add(request, pk: int):
    p = selectors.project_for(request.user, pk)
    if not perms.can_report_progress(request.user, p):
        raise Http404("页面不存在。")
    form = forms.MilestoneForm(request.POST)
    if not form.is_valid():
        return _refuse(request, form_errors_text(form), f"/assembly/projects/{p.pk}/")
    services.milestone_add(actor=request.user, project=p, **form.cleaned_data)
    messages.success(request, "已报告进度。")
    return redirect("assembly:project", p.pk)


@login_required
@require_POST
def opinion_add(request, pk: int):
    p = selectors.project_for(request.user, pk)
    if not perms.manages(request.user, p):
        raise Http404("页面不存在。")
    form = forms.OpinionForm(request.POST)
    back = f"/assembly/projects/{p.pk}/"
    if not form.is_valid():
        return _refuse(request, form_errors_text(form), back)
    delegation = Delegation.objects.filter(pk=form.cleaned_data["delegation"], congress_id=p.congress_id).first()
    if delegation is None:
        return _refuse(request, "代表团不存在。", back)
    services.opinion_add(actor=request.user, project=p, delegation=delegation, text=form.cleaned_data["text"])
    messages.success(request, "已登记审议意见。")
    return redirect("assembly:project", p.pk)


@login_required
@require_POST
def project_rate(request, pk: int):
    p = selectors.project_for(request.user, pk)
    try:
        services.rate(actor=request.user, project=p, choice=request.POST.get("choice", ""))
    except ValidationError as exc:
        return _refuse(request, "；".join(exc.messages), f"/assembly/projects/{p.pk}/")
    messages.success(request, "已提交测评。")
    return redirect("assembly:project", p.pk)


ELECTION_OPEN = ElectionStatus.VOTING
