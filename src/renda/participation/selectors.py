"""Reads of the public-opinion channel: visibility first (permissions.opinion_filter), fixed query counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from renda.core import audit, rules
from renda.core.access import signed_in
from renda.core.models import Congress
from renda.core.selectors import one_or_404, visible
from renda.legislation.models import BillComment
from renda.participation import permissions as perms
from renda.participation.models import (
    OPEN_STATES,
    Category,
    Opinion,
    ReplyState,
    Status,
    TopicSuggestion,
    normalize_code,
)

CONTACT_FIELDS = ("name", "phone", "email")


def _visible(user):
    return (visible(Opinion, perms.opinion_filter(user))
            .select_related("category", "handler", "deputy__person", "station")
            .order_by("-submitted_at", "-id"))


def opinions_for(user):
    """The opinions `user` may see, for lists: the encrypted contact columns are not loaded (nor decrypted)."""
    return _visible(user).defer(*CONTACT_FIELDS)


def opinion_for(user, pk) -> Opinion:
    """The opinion, or 404 when it is missing or not visible to `user` (existence does not leak)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("没有找到该意见。") from None
    return one_or_404(_visible(user), pk, "没有找到该意见。")


def overdue_q(today: dt.date) -> Q:
    return (Q(status=Status.SUBMITTED, triage_due__lt=today)
            | Q(status__in=OPEN_STATES, handle_due__lt=today))


def inbox(user, *, status: str = "", category: str = "", place: str = "", overdue: bool = False,
          query: str = "", today: dt.date | None = None):
    today = today or timezone.localdate()
    qs = opinions_for(user)
    if status in Status.values:
        qs = qs.filter(status=status)
    elif status == "review":
        qs = qs.filter(status=Status.HANDLING, reply_state=ReplyState.SUBMITTED)
    if category.isdigit():
        qs = qs.filter(category_id=int(category))
    if place:
        qs = qs.filter(place__icontains=place)
    if overdue:
        qs = qs.filter(overdue_q(today))
    if query:
        qs = qs.filter(text__icontains=query)
    return qs


def categories(congress, *, active_only: bool = True):
    qs = Category.objects.filter(congress=congress)
    if active_only:
        qs = qs.filter(active=True)
    return qs.order_by("order", "id")


def history(opinion: Opinion):
    return audit.history(opinion).filter(action="transition")


PUBLIC_STEP = {
    Status.ROUTED: "已分办，转交有关方面办理",
    Status.HANDLING: "办理中",
    Status.REPLIED: "已答复",
    Status.CLOSED: "已办结",
    Status.REJECTED: "不予受理",
}


def public_timeline(opinion: Opinion) -> list[dict[str, Any]]:
    """What the citizen sees: the dated status steps (no internal notes, no names of staff)."""
    steps = [{"at": opinion.submitted_at, "label": "已提交"}]
    last = Status.SUBMITTED
    for ev in history(opinion).only("created_at", "from_state", "to_state"):
        if ev.to_state == last or ev.to_state not in PUBLIC_STEP:
            continue
        steps.append({"at": ev.created_at, "label": PUBLIC_STEP[ev.to_state]})
        last = ev.to_state
    return steps


def public_lookup(congress: Congress, raw_code: str) -> Opinion | None:
    code = normalize_code(raw_code)
    if not code:
        return None
    return Opinion.objects.filter(congress=congress, code=code).select_related("category").first()


def home_panel(user) -> dict[str, Any] | None:
    """The office: opinions to triage, overdue, replies to review; an assignee: what is routed to them."""
    if not signed_in(user):
        return None
    today = timezone.localdate()
    panel: dict[str, Any] = {"title": "社情民意", "template": "participation/_home_panel.html", "role": user.role}
    if user.role == "office":
        agg = Opinion.objects.filter(congress_id=user.congress_id).aggregate(
            new=Count("pk", filter=Q(status=Status.SUBMITTED)),
            triage_late=Count("pk", filter=Q(status=Status.SUBMITTED, triage_due__lt=today)),
            overdue=Count("pk", filter=Q(status__in=OPEN_STATES, handle_due__lt=today)),
            review=Count("pk", filter=Q(status=Status.HANDLING, reply_state=ReplyState.SUBMITTED)),
        )
        panel.update(agg)
        return panel
    mine = perms.assignee_q(user)
    if mine is None:
        return None
    qs = Opinion.objects.filter(Q(congress_id=user.congress_id) & mine, status__in=OPEN_STATES)
    agg = qs.aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(handle_due__lt=today)))
    if not agg["open"]:
        return None
    panel.update(agg)
    panel["nearest"] = list(qs.select_related("category").order_by("handle_due", "id")[:5])
    panel["today"] = today
    return panel


def topic_suggestions(congress) -> list[TopicSuggestion]:
    """Supervision topics suggested from the hot issues (for the work plan / supervision pages to list)."""
    congress_id = getattr(congress, "pk", congress)
    return list(TopicSuggestion.objects.filter(congress_id=congress_id)
                .select_related("category", "suggested_by").order_by("-created_at", "-id"))


# ---- hot issues -----------------------------------------------------------------------------------------
CHART_WEEKS = 12


def district(place: str) -> str:
    """The 区/县 a free-text place names (its text up to the first 区 or 县), else its first characters."""
    place = (place or "").strip()
    if not place:
        return "未填写"
    cut = min((i for i in (place.find("区"), place.find("县")) if i >= 0), default=-1)
    return place[:cut + 1] if 0 < cut < 10 else place[:8]


def hot_issues(user, *, weeks: int | None = None, today: dt.date | None = None) -> dict[str, Any]:
    """Counts by category and place over time (opinions and legislative comments) and the rising topics."""
    from renda.textmining.hot import (  # loads NumPy and more: only when it is used
        Doc,
        rising_topics,
        weekly_counts,
        windows,
    )

    today = today or timezone.localdate()
    congress_id = user.congress_id
    weeks = weeks or rules.param(congress_id, "PO-HOT", "weeks")
    top = rules.param(congress_id, "PO-HOT", "top")
    span = max(CHART_WEEKS, 2 * weeks + 1)
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(today - dt.timedelta(weeks=span), dt.time.min, tzinfo=tz)
    rows = list(Opinion.objects.filter(congress_id=congress_id, submitted_at__gte=since)
                .values_list("pk", "submitted_at", "category__name", "place", "text"))
    comments = list(BillComment.objects.filter(congress_id=congress_id, submitted_at__gte=since)
                    .values_list("pk", "submitted_at", "text"))
    local = timezone.localtime
    op_days = [(local(at).date(), cat) for _, at, cat, _, _ in rows]
    starts, by_category = weekly_counts(op_days, today=today, weeks=CHART_WEEKS)
    _, by_comments = weekly_counts(((local(at).date(), "立法意见") for _, at, _ in comments), today=today,
                                   weeks=CHART_WEEKS)
    (r0, r1), _ = windows(today, weeks)
    place_counts: dict[str, int] = {}
    for (day, _), (_, _, _, place, _) in zip(op_days, rows, strict=True):
        if r0 <= day < r1:
            key = district(place)
            place_counts[key] = place_counts.get(key, 0) + 1
    docs = [Doc(day=d, text=text, id=f"o{pk}", category=cat) for (d, cat), (pk, _, _, _, text) in
            zip(op_days, rows, strict=True)]
    docs += [Doc(day=local(at).date(), text=text, id=f"c{pk}", category="立法意见") for pk, at, text in comments]
    topics = rising_topics(docs, today=today, weeks=weeks, top=top)
    example_ids = {int(i[1:]) for t in topics for i in t.ids if i.startswith("o")}
    examples = {op.pk: op for op in Opinion.objects.filter(congress_id=congress_id, pk__in=example_ids)
                .only("pk", "text", "place", "code")} if example_ids else {}
    for t in topics:
        t.examples = [examples[int(i[1:])] for i in t.ids if i.startswith("o") and int(i[1:]) in examples][:3]
    category_names = sorted(by_category, key=lambda k: -sum(by_category[k]))
    places = sorted(place_counts.items(), key=lambda kv: (-kv[1], kv[0]))[:12]
    chart = {
        "weeks": [f"{s:%m-%d}" for s in starts],
        "series": [{"name": n, "data": by_category[n]} for n in category_names]
        + [{"name": "立法意见", "data": by_comments.get("立法意见", [0] * CHART_WEEKS), "comments": True}],
        "places": {"names": [p for p, _ in places], "counts": [c for _, c in places]},
    }
    return {
        "chart": chart, "topics": topics, "weeks": weeks, "recent_start": r0, "today": today,
        "totals": {"opinions": len(rows), "comments": len(comments)},
        "suggested": {s.title for s in TopicSuggestion.objects.filter(congress_id=congress_id).only("title")},
    }
