"""Pages of live voting: the chair's list and console, the members' phone ballot, the live screen, the published
ballots of a secret vote, the fallback. Thin: selectors read, services write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renda.core.attachments import download_name, file_response
from renda.core.errors import RuleViolation
from renda.core.http import content_disposition
from renda.core.kit import add_validation_errors
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
            add_validation_errors(form, exc)
        else:
            messages.success(request, "已登记表决结果。")
            return redirect("voting:console", live.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "voting/fallback.html", {"item": item, "form": form, "nav_active": "voting"},
                  status=status)


# ---- 我的会议材料: the materials of the meetings a member attends, readable offline, with private notes ----------
INLINE_TYPES = ("application/pdf", "image/png", "image/jpeg")


@login_required
def materials(request):
    rows = selectors.my_materials(request.user)  # nobody else's: a user who attends nothing sees an empty list
    offline = [reverse("voting:material", args=[f.pk]) for r in rows if r["upcoming"] for i in r["items"]
               for f in i["files"]]
    offline += [reverse("voting:material_file", args=[f.pk]) for r in rows if r["upcoming"] for i in r["items"]
                for f in i["files"]]
    return render(request, "voting/materials.html", {"rows": rows, "offline": offline, "nav_active": "voting"})


@login_required
@require_http_methods(["GET", "POST"])
def material(request, pk: int):
    """The reader view of one material: what it is, where it belongs, the file, and the reader's own notes."""
    att, item = selectors.material_for(request.user, pk)
    form = forms.NoteForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.note_add(actor=request.user, attachment_pk=att.pk, **form.cleaned_data)
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                messages.success(request, "批注已保存（仅您本人可见）。")
                return redirect("voting:material", att.pk)
        status = 400
    return render(request, "voting/material.html", {
        "att": att, "item": item, "meeting": item.meeting, "notes": selectors.notes_for(request.user, att),
        "form": form, "inline": att.media_type in INLINE_TYPES, "image": att.media_type.startswith("image/"),
        "nav_active": "voting"}, status=status)


@login_required
def material_file(request, pk: int):
    """The file: a download, or shown in the browser (`?inline=1`, PDF and images only — types checked by content
    at upload). Private to this user's browser cache (the offline copy is the service worker's)."""
    att, _item = selectors.material_for(request.user, pk)
    response = file_response(att)
    if request.GET.get("inline") == "1" and att.media_type in INLINE_TYPES:
        response["Content-Disposition"] = content_disposition(download_name(att.name, att.media_type),
                                                              inline=True)
    response["Cache-Control"] = "private, no-cache"
    return response


@login_required
@require_POST
def note_delete(request, pk: int):
    note = selectors.note_for(request.user, pk)
    att_pk = note.attachment_id
    services.note_delete(actor=request.user, note_pk=note.pk)
    messages.success(request, "批注已删除。")
    return redirect("voting:material", att_pk)


@login_required
@require_GET
def materials_worker(request):
    """The service worker of 我的会议材料 (scope /voting/materials/): network first; the member's material pages and
    files are kept for reading offline in a cache named for this user; it is emptied on signing out (renda/app.js
    empties every "renda-deputy-" cache on the sign-in page) and whenever a page answers with the sign-in page."""
    body = render_to_string("voting/materials-sw.js", {"cache": f"renda-deputy-materials-{request.user.pk}"})
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response
