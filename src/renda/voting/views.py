"""Pages of live voting: the chair's list and console, the members' phone ballot, the live screen, the published
ballots of a secret vote, the fallback. Thin: selectors read, services write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from renda.core.errors import RuleViolation
from renda.voting import forms, selectors, services
from renda.voting import permissions as perms
from renda.voting.models import Status


@login_required
def index(request):
    user = request.user
    if perms.live_vote_filter(user) is None:
        raise Http404("页面不存在。")
    return render(request, "voting/index.html", {
        "items": selectors.votable_items(user), "open_form": forms.OpenForm(),
        "mine": selectors.open_for_voter(user),
        "recent": selectors.live_votes_for(user)[:30],
        "nav_active": "voting",
    })


@login_required
@require_POST
def open_vote(request, item_pk: int):
    item = selectors.item_for_chair(request.user, item_pk)
    form = forms.OpenForm(request.POST)
    if not form.is_valid():
        return render(request, "voting/index.html", {"items": selectors.votable_items(request.user),
                                                     "open_form": form, "recent": [], "mine": []}, status=400)
    live = services.live_open(actor=request.user, item=item, **form.cleaned_data)
    messages.success(request, "表决已开始。")
    return redirect("voting:console", live.pk)


@login_required
def console(request, pk: int):
    live = selectors.live_vote_for(request.user, pk)
    return render(request, "voting/console.html", {
        **selectors.screen(live), "chair": perms.can_chair(request.user, live.meeting), "nav_active": "voting",
        "may_vote": live.status == Status.OPEN and live in selectors.open_for_voter(request.user)})


@login_required
def screen(request, pk: int):
    live = selectors.live_vote_for(request.user, pk)
    return render(request, "voting/screen.html", selectors.screen(live))


@login_required
def screen_live(request, pk: int):
    live = selectors.live_vote_for(request.user, pk)
    return render(request, "voting/_screen.html", selectors.screen(live))


@login_required
@require_http_methods(["GET", "POST"])
def ballot(request, pk: int):
    """The member's phone page: big buttons, one vote; a reload after a dropped connection shows whether the vote
    was counted, and offers the buttons only if it was not."""
    live = selectors.live_vote_for(request.user, pk)
    ctx = {"live": live, "voted": selectors.has_voted(live, request.user.person_id), "receipt": "", "error": ""}
    status = 200
    if request.method == "POST":
        try:
            ctx["receipt"] = services.cast(actor=request.user, live=live, choice=request.POST.get("choice", ""))
            ctx["voted"], ctx["just_voted"] = True, True
        except RuleViolation as exc:
            ctx["error"], status = exc.message, 409
        except ValidationError as exc:
            ctx["error"], status = "；".join(exc.messages), 400
        live.refresh_from_db()
    return render(request, "voting/ballot.html", ctx, status=status)


@login_required
def receipts(request, pk: int):
    live = selectors.live_vote_for(request.user, pk)
    hashes = selectors.published_ballots(live)
    form = forms.VerifyForm(request.GET or None)
    found = None
    if form.is_valid():
        found = services.receipt_hash(form.cleaned_data["code"]) in set(hashes)
    return render(request, "voting/receipts.html", {"live": live, "hashes": hashes, "form": form, "found": found,
                                                    "nav_active": "voting"})


@login_required
@require_http_methods(["GET", "POST"])
def fallback(request, item_pk: int):
    item = selectors.item_for_chair(request.user, item_pk)
    form = forms.FallbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            live = services.fallback_record(actor=request.user, item=item, method=d["method"], kind=d["kind"],
                                            threshold=d["threshold"], secret=d["secret"], figures=form.figures(),
                                            note=d["note"])
        except ValidationError as exc:
            from renda.core.kit import add_validation_errors

            add_validation_errors(form, exc)
        else:
            messages.success(request, "已登记表决结果。")
            return redirect("voting:console", live.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "voting/fallback.html", {"item": item, "form": form, "nav_active": "voting"},
                  status=status)
