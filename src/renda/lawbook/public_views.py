"""The law book on the public portal (/public/<code>/laws/…): regulations in force with their history and the text
at a date, the 备案目录, feeds and email subscriptions (double opt-in). No login; GETs never write."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from renda.core import kit, params, public, rules
from renda.lawbook import feeds, forms, selectors, subscriptions
from renda.lawbook.models import Subscription, SubscriptionStatus, Topic
from renda.lawbook.views import _text_rows, strict_date

MAX_BODY = 8 * 1024


def _render(request, template: str, congress, ctx: dict, status: int = 200):
    data = {"congress": congress, "section": "laws"}
    data.update(ctx)
    return render(request, template, data, status=status)


def index(request, code: str):
    congress = selectors.congress_by_code(code)
    return _render(request, "lawbook/public_index.html", congress, {
        "regulations": selectors.public_regulations(congress), "events": selectors.public_events(congress, 10)})


def regulation(request, code: str, pk: int):
    congress = selectors.congress_by_code(code)
    reg = selectors.public_regulation(congress, pk)
    day = strict_date(request.GET.get("date")) or selectors.today()
    version = selectors.text_at(reg, day)
    return _render(request, "lawbook/public_regulation.html", congress, {
        "reg": reg, "events": selectors.events_of(reg), "versions": list(reg.versions.order_by("effective_from")),
        "day": day, "version": version, "rows": _text_rows(version)})


def filings(request, code: str):
    congress = selectors.congress_by_code(code)
    years = selectors.filing_years(congress)
    raw = (request.GET.get("year") or "").strip()
    year = params.year_param(raw) if raw else (years[0] if years else selectors.today().year)
    return _render(request, "lawbook/public_filings.html", congress, {
        "year": year, "years": years, "rows": selectors.filing_catalogue(congress, year)})


def _subscribe_page(request, congress, form, bill=None, status=200):
    return _render(request, "lawbook/public_subscribe.html", congress, {
        "form": form, "bill": bill, "token": public.issue_token(), "honeypot": public.HONEYPOT_FIELD}, status=status)


@require_http_methods(["GET", "POST"])
def subscribe(request, code: str):
    congress = selectors.congress_by_code(code)
    bill_raw = request.GET.get("bill") or request.POST.get("bill") or ""
    bill = None
    if bill_raw:
        if not bill_raw.isdigit() or len(bill_raw) > 15:
            raise params.BadParameter("法规案编号不正确。")
        bill = feeds.public_bill(congress, int(bill_raw))
    if request.method != "POST":
        return _subscribe_page(request, congress, forms.SubscribeForm(), bill)
    if public.too_big(request, MAX_BODY):
        return _render(request, "lawbook/public_message.html", congress, {
            "title": "提交的内容过大", "message": "提交的内容过大，请刷新页面后重试。"}, status=413)
    per_hour = rules.param(congress, "LAW-SUBSCRIBE", "per_hour")
    if not public.allow(request, f"lawbook-subscribe:{congress.pk}", per_hour):
        return public.limited_response(request, rule=rules.get("LAW-SUBSCRIBE"))
    data = request.POST.copy()
    if bill is not None:
        data["topic"] = Topic.DRAFTS  # the form's choice is replaced by the bill below
    form = forms.SubscribeForm(data)
    if public.honeypot_tripped(request.POST):
        return redirect("lawbook_public:subscribed", code=congress.code)
    if not form.is_valid():
        return _subscribe_page(request, congress, form, bill, status=400)
    try:
        submission = public.claim_token(request.POST.get(public.TOKEN_FIELD))
        subscriptions.subscribe(congress=congress, email=form.cleaned_data["email"],
                           topic=Topic.BILL if bill is not None else form.cleaned_data["topic"],
                           submission=submission, bill=bill)
    except ValidationError as exc:
        kit.add_validation_errors(form, exc)
        return _subscribe_page(request, congress, form, bill, status=400)
    return redirect("lawbook_public:subscribed", code=congress.code)


def subscribed(request, code: str):
    congress = selectors.congress_by_code(code)
    return _render(request, "lawbook/public_message.html", congress, {
        "title": "请查收确认邮件",
        "message": "我们已向您填写的邮箱发送了一封确认邮件，打开其中的链接确认后订阅才生效。"})


def _token_page(request, code: str, token: str, *, confirm: bool):
    congress = selectors.congress_by_code(code)
    sub = Subscription.objects.filter(congress=congress, token=token[:64]).first()
    if sub is None:
        return _render(request, "lawbook/public_message.html", congress, {
            "title": "链接无效", "message": "该链接无效或者已过期，请重新订阅。"}, status=404)
    if request.method == "POST":
        if confirm:
            if sub.status == SubscriptionStatus.UNSUBSCRIBED:
                message = "该订阅已退订，如需继续接收请重新订阅。"
            else:
                subscriptions.subscription_confirm(token=sub.token)
                message = "订阅已确认。每封通知邮件都附有退订链接。"
            return _render(request, "lawbook/public_message.html", congress, {"title": "订阅已确认"
                            if sub.status != SubscriptionStatus.UNSUBSCRIBED else "无法确认", "message": message})
        subscriptions.subscription_cancel(token=sub.token)
        return _render(request, "lawbook/public_message.html", congress, {
            "title": "已退订", "message": "您已退订，不会再收到该订阅的通知。"})
    return _render(request, "lawbook/public_token.html", congress, {
        "confirm": confirm, "topic": sub.get_topic_display(), "status": sub.get_status_display(),
        "action": reverse("lawbook_public:confirm" if confirm else "lawbook_public:unsubscribe",
                          kwargs={"code": congress.code, "token": sub.token})})


@require_http_methods(["GET", "POST"])
def confirm(request, code: str, token: str):
    return _token_page(request, code, token, confirm=True)


@require_http_methods(["GET", "POST"])
def unsubscribe(request, code: str, token: str):
    return _token_page(request, code, token, confirm=False)
