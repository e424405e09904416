"""Pages of the congress session: the list, a session (agenda, delegations, sittings, elections, 票决), an election
(candidates, the secret ballot, the result), a 票决, the 民生实事 projects. Thin: selectors read, services write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from renda.assembly import forms, selectors, services
from renda.assembly import permissions as perms
from renda.assembly.models import ElectionStatus, ProjectStatus, SittingKind
from renda.core import history
from renda.core.errors import RuleViolation
from renda.core.kit import add_validation_errors
from renda.core.web import submit
from renda.deputies.models import Delegation


def _managed(user, obj):
    if not perms.manages(user, obj):
        raise Http404("页面不存在。")
    return obj


def _delegation(congress_id: int, pk) -> Delegation:
    delegation = Delegation.objects.filter(pk=pk, congress_id=congress_id).first()
    if delegation is None:
        raise ValidationError("代表团不存在。")
    return delegation


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
    s = _managed(request.user, selectors.session_for(request.user, pk))
    back = f"/assembly/{s.pk}/"
    return submit(request, forms.SittingForm(request.POST), lambda d: services.sitting_add(
        actor=request.user, session=s, kind=d["kind"], date=d["date"], place=d["place"], materials=d["materials"],
        present=d["present"], delegation=_delegation(s.congress_id, d["delegation"]) if d.get("delegation") else None),
        "已登记会议。", back, back)


@login_required
@require_POST
def sitting_vote(request, pk: int):
    sitting = _managed(request.user, selectors.sitting_for(request.user, pk))
    back = f"/assembly/{sitting.session_id}/"
    return submit(request, forms.SittingVoteForm(request.POST),
                  lambda d: services.sitting_vote(actor=request.user, sitting=sitting, **d),
                  lambda v: f"已登记表决：{v.subject}，{'通过' if v.passed else '未通过'}。", back, back)


@login_required
@require_POST
def election_add(request, pk: int):
    s = _managed(request.user, selectors.session_for(request.user, pk))
    return submit(request, forms.ElectionForm(request.POST), lambda d: services.election_create(
        actor=request.user, session=s, office=d["office"], office_kind=d["office_kind"], places=d["places"],
        candidates=d["candidates"]), "已登记选举。", lambda e: reverse("assembly:election", args=[e.pk]),
        f"/assembly/{s.pk}/")


def _cast(ctx: dict, cast) -> int:
    """A ballot cast on its own page: `cast()` returns what the page shows next; a refusal is shown above the ballot
    (409 a rule's, 400 bad input)."""
    try:
        ctx.update(cast())
    except RuleViolation as exc:
        ctx["error"] = exc.message
        return 409
    except ValidationError as exc:
        ctx["error"] = "；".join(exc.messages)
        return 400
    return 200


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
        status = _cast(ctx, lambda: {"may_vote": False, "receipt": services.election_cast(
            actor=request.user, election=e, choices=choices, write_ins=write_ins)})
    return render(request, "assembly/election.html", ctx, status=status)


@login_required
@require_POST
def election_next(request, pk: int):
    e = _managed(request.user, selectors.election_for(request.user, pk))
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

        def cast():
            services.lvote_cast(actor=request.user, vote=v, choices=choices)
            return {"may_vote": False, "done": True}

        status = _cast(ctx, cast)
    return render(request, "assembly/lvote.html", ctx, status=status)


@login_required
@require_POST
def lvote_open(request, pk: int):
    s = _managed(request.user, selectors.session_for(request.user, pk))
    year = s.planned_date.year
    v = services.lvote_open(actor=request.user, session=s, year=year)
    messages.success(request, "票决已开始。")
    return redirect("assembly:lvote", v.pk)


@login_required
@require_POST
def lvote_next(request, pk: int):
    v = _managed(request.user, selectors.lvote_for(request.user, pk))
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
    return submit(request, forms.ProjectForm(request.POST), lambda d: services.project_propose(
        actor=request.user, congress_id=request.user.congress_id, **d)[0], "已登记项目。",
        lambda p: reverse("assembly:project", args=[p.pk]), "/assembly/")


@login_required
@require_POST
def milestone_add(request, pk: int):
    p = selectors.project_for(request.user, pk)
    if not perms.can_report_progress(request.user, p):
        raise Http404("页面不存在。")
    back = f"/assembly/projects/{p.pk}/"
    return submit(request, forms.MilestoneForm(request.POST),
                  lambda d: services.milestone_add(actor=request.user, project=p, **d), "已报告进度。", back, back)


@login_required
@require_POST
def opinion_add(request, pk: int):
    p = _managed(request.user, selectors.project_for(request.user, pk))
    back = f"/assembly/projects/{p.pk}/"
    return submit(request, forms.OpinionForm(request.POST), lambda d: services.opinion_add(
        actor=request.user, project=p, delegation=_delegation(p.congress_id, d["delegation"]), text=d["text"]),
        "已登记审议意见。", back, back)


@login_required
@require_POST
def project_rate(request, pk: int):
    p = selectors.project_for(request.user, pk)
    back = f"/assembly/projects/{p.pk}/"
    return submit(request, None, lambda _: services.rate(actor=request.user, project=p,
                                                         choice=request.POST.get("choice", "")),
                  "已提交测评。", back, back)


ELECTION_OPEN = ElectionStatus.VOTING
