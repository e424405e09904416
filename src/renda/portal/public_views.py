"""The public portal: anonymous pages of one congress, addressed by its code (/public/<code>/…).

Only published things are shown (selectors.py). The one form — a comment on a draft open for comment — is
defended in this order (renda.core.public): the body size before anything is parsed (413), the per-source rate
limit (429, rule PORTAL-COMMENT), CSRF, the honeypot, the signed one-time submission token (its id is stored in
the unique column PublicSubmission.token, so a retried POST makes no second comment), then the form and the
period (outside it: 409 with the text of rule LEG-PUBLIC-COMMENT). Every answer is a Chinese page, never a 500.
"""

from __future__ import annotations

from django.core import signing
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.views.decorators.csrf import csrf_exempt, ensure_csrf_cookie

from renda.core import public, rules
from renda.core.errors import RuleViolation
from renda.legislation import texts
from renda.legislation.models import BillComment
from renda.portal import document, opendata, selectors, services
from renda.portal.forms import CommentForm
from renda.portal.models import NewsCategory, PublicSubmission

RECEIPT_SALT = "renda.portal.comment-receipt"
RECEIPT_AGE = 24 * 3600


# ---- shared ----------------------------------------------------------------------------------------------------
def _url(name: str, **kwargs) -> str | None:
    """A link to another module's public page by name; None while that page does not exist."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def links(congress) -> dict[str, str | None]:
    return links_for_code(congress.code)


def links_for_code(code: str) -> dict[str, str | None]:
    """The other apps' public pages the portal's navigation links to (None: that app is not installed)."""
    return {
        "opinion_submit": _url("participation:public_submit", code=code),
        "opinion_track": _url("participation:public_track", code=code),
        "proposals": _url("proposals:public", code=code),
        "supervision": _url("supervision:public_index", code=code),
        "review": _url("supervision:public_review", code=code),
        "livelihood": _url("assembly:public_index", code=code),
        "lawbook": _url("lawbook_public:index", code=code),
        "meetings": _url("meetings:public_meetings", code=code),
    }


def _render(request, template: str, congress, ctx: dict | None = None, status: int = 200, section: str = ""):
    data = {"congress": congress, "links": links(congress), "section": section}
    data.update(ctx or {})
    return render(request, template, data, status=status)


def _error(request, congress, title: str, message: str, status: int) -> HttpResponse:
    html = render_to_string("portal/error.html", {"congress": congress, "links": links(congress), "title": title,
                                                  "message": message, "status": status}, request=request)
    return HttpResponse(html, status=status)


def _page_number(request) -> str:
    raw = request.GET.get("page", "1")
    return raw if raw.isdigit() and len(raw) < 7 else "1"


# ---- entry ---------------------------------------------------------------------------------------------------------
def index(request):
    """/public/: the congresses served; straight to the only one when there is one."""
    congresses = selectors.congresses()
    if len(congresses) == 1:
        return redirect("portal:home", code=congresses[0].code)
    return render(request, "portal/index.html", {"congresses": congresses})


def home(request, code: str):
    congress = selectors.congress_by_code(code)
    return _render(request, "portal/home.html", congress, {
        "news": selectors.latest_news(congress),
        "drafts": selectors.open_drafts(congress),
        "regulations": selectors.regulations(congress)[:5],
    }, section="home")


# ---- news ----------------------------------------------------------------------------------------------------------
def news_list(request, code: str):
    congress = selectors.congress_by_code(code)
    category = request.GET.get("category", "")
    category = category if category in NewsCategory.values else ""
    return _render(request, "portal/news_list.html", congress, {
        "page": selectors.news_page(congress, category, _page_number(request)), "category": category,
        "categories": NewsCategory.choices, "pager_query": f"category={category}&" if category else "",
    }, section="news")


def news_detail(request, code: str, pk: int):
    congress = selectors.congress_by_code(code)
    return _render(request, "portal/news_detail.html", congress,
                   {"article": selectors.public_article(congress, pk)}, section="news")


# ---- regulations ---------------------------------------------------------------------------------------------------
def regulations(request, code: str):
    congress = selectors.congress_by_code(code)
    return _render(request, "portal/regulations.html", congress,
                   {"regulations": selectors.regulations(congress)}, section="regulations")


def regulation(request, code: str, pk: int):
    congress = selectors.congress_by_code(code)
    bill = selectors.regulation(congress, pk)
    versions = selectors.public_versions(bill)
    promulgated = selectors.promulgated_version(bill)
    shown = selectors.public_version(bill, request.GET.get("version")) or promulgated
    return _render(request, "portal/regulation.html", congress, {
        "bill": bill, "versions": versions, "shown": shown, "promulgated": promulgated,
        "doc": document.of_version(shown), "periods": selectors.closed_periods(bill),
        "notices": selectors.feedback_notices(bill),
    }, section="regulations")


def regulation_compare(request, code: str, pk: int):
    congress = selectors.congress_by_code(code)
    bill = selectors.regulation(congress, pk)
    versions = selectors.public_versions(bill)
    if len(versions) < 2:
        return _error(request, congress, "无可比较的文本", "该法规只有一个公开文本，没有可以比较的版本。", 404)
    old = selectors.public_version(bill, request.GET.get("from")) or versions[0].version
    new = selectors.public_version(bill, request.GET.get("to")) or versions[-1].version
    result = texts.comparison(old, new)
    return _render(request, "portal/compare.html", congress, {
        "bill": bill, "versions": versions, "old": old, "new": new,
        "summary": result.summary_text(), "table": texts.comparison_table(result, changes_only=True),
    }, section="regulations")


# ---- drafts open for comment -------------------------------------------------------------------------------------
def drafts(request, code: str):
    congress = selectors.congress_by_code(code)
    return _render(request, "portal/drafts.html", congress, {
        "open": selectors.open_drafts(congress), "past": _by_bill(selectors.past_drafts(congress)),
    }, section="drafts")


def _by_bill(rows) -> list[tuple]:
    """Past periods one line per bill (a bill published twice — 草案, then 二审稿 — is not listed twice under nearly
    the same title): (first row, the bill's rows, newest first)."""
    groups: dict[int, list] = {}
    for row in rows:
        groups.setdefault(row.period.bill_id, []).append(row)
    return [(bill_rows[0], bill_rows) for bill_rows in groups.values()]


def _body_limit(max_chars: int) -> int:
    # A Chinese character is 9 bytes once form-encoded (%E5%8F%B7); room for the other fields.
    return max(64 * 1024, max_chars * 9 + 16 * 1024)


def _draft_page(request, congress, period, *, form=None, token: str = "", status: int = 200, error: str = ""):
    row = selectors.draft_row(period)
    doc = document.of_version(period.version)
    max_chars = rules.param(congress, "PORTAL-COMMENT", "max_chars")
    if row.running and form is None:
        wanted = request.GET.get("eid", "")
        initial = wanted if wanted in {eid for eid, _ in doc.choices} else ""
        form = CommentForm(initial={"eid": initial}, choices=doc.choices, max_chars=max_chars)
    response = _render(request, "portal/draft.html", congress, {
        "period": period, "bill": period.bill, "row": row, "doc": doc, "form": form if row.running else None,
        "token": token or public.issue_token(), "error": error, "honeypot": public.HONEYPOT_FIELD,
        "token_field": public.TOKEN_FIELD, "min_days": rules.param(congress, "LEG-PUBLIC-COMMENT", "min_days"),
        "notices": selectors.feedback_notices(period.bill),
        "periods": [] if row.running or row.not_yet else selectors.closed_periods(period.bill),
        "counts": _comment_counts(period),
    }, status=status, section="drafts")
    response["Cache-Control"] = "no-store"  # each rendering carries its own submission token
    return response


def _comment_counts(period) -> dict[str, int]:
    """Comments received on each article of the published text ("" = on the draft as a whole), from every source —
    the counts the legislative affairs committee's analysis shows: one query."""
    rows = BillComment.objects.filter(version_id=period.version_id).values("article_eid").annotate(n=Count("id"))
    return {r["article_eid"]: r["n"] for r in rows}


def _guard(request, congress, max_chars: int):
    """Size, rate and CSRF checks of the comment POST, in that order; a response when refused, else None."""
    if public.too_big(request, _body_limit(max_chars)):
        return _too_large(request, congress, max_chars)
    per_hour = rules.param(congress, "PORTAL-COMMENT", "per_hour")
    if not public.allow(request, f"portal.comment.{congress.pk}", per_hour):
        rule = rules.get("PORTAL-COMMENT")
        response = _error(request, congress, "提交过于频繁",
                          f"提交过于频繁，请一小时后再试。依据「{rule.title}」：{rule.statement}（{rule.basis_text}）", 429)
        response["Retry-After"] = "3600"
        return response
    try:
        refused = CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
        request.POST  # noqa: B018 - parse now, inside the guard
    except RequestDataTooBig:
        return _too_large(request, congress, max_chars)
    except (SuspiciousOperation, ValueError):
        return _error(request, congress, "请求有误", "提交的内容无法识别，请刷新页面后重新填写。", 400)
    return refused


def _too_large(request, congress, max_chars: int) -> HttpResponse:
    return _error(request, congress, "提交的内容过大",
                  f"提交的内容超过了允许的大小。每条意见不超过 {max_chars} 字，请精简后重新提交。", 413)


def _receipt(congress, period, submission: PublicSubmission):
    url = reverse("portal:draft_thanks", kwargs={"code": congress.code, "pk": period.pk})
    response = redirect(f"{url}?r={signing.dumps(submission.pk, salt=RECEIPT_SALT)}")
    response.status_code = 303
    return response


@csrf_exempt  # checked inside _guard, after the size and rate checks
@ensure_csrf_cookie
def draft(request, code: str, pk: int):
    congress = selectors.congress_by_code(code)
    period = selectors.public_period(congress, pk)
    if request.method != "POST":
        return _draft_page(request, congress, period)
    max_chars = rules.param(congress, "PORTAL-COMMENT", "max_chars")
    refused = _guard(request, congress, max_chars)
    if refused is not None:
        return refused
    data = request.POST
    if public.honeypot_tripped(data):
        return _error(request, congress, "提交未被接受", "提交未被接受。如您是正常填写，请刷新页面后重新提交。", 400)
    row = selectors.draft_row(period)
    if not row.running:
        exc = rules.violation("LEG-PUBLIC-COMMENT", "征求意见已经结束或者尚未开始")
        return _draft_page(request, congress, period, status=409, error=exc.message)
    doc = document.of_version(period.version)
    form = CommentForm(data, choices=doc.choices, max_chars=max_chars)
    token = data.get(public.TOKEN_FIELD, "")
    try:
        token_id = public.claim_token(token)
    except ValidationError as exc:
        return _draft_page(request, congress, period, form=form, status=400, error=exc.messages[0])
    done = services.submission_for_token(token_id)
    if done is not None:  # a retried POST: the comment already exists
        return _receipt(congress, period, done)
    if not form.is_valid():
        return _draft_page(request, congress, period, form=form, token=token, status=400)
    cd = form.cleaned_data
    try:
        submission, _created = services.comment_submit(period=period, token=token_id, text=cd["text"], eid=cd["eid"],
                                                       name=cd["name"], contact=cd["contact"])
    except RuleViolation as exc:
        return _draft_page(request, congress, period, status=409, error=exc.message)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return _draft_page(request, congress, period, form=form, token=token, status=400)
        return _draft_page(request, congress, period, form=form, token=token, status=400,
                           error="；".join(exc.messages))
    return _receipt(congress, period, submission)


def draft_thanks(request, code: str, pk: int):
    congress = selectors.congress_by_code(code)
    period = selectors.public_period(congress, pk)
    try:
        sub_pk = signing.loads(request.GET.get("r", ""), salt=RECEIPT_SALT, max_age=RECEIPT_AGE)
    except signing.BadSignature:
        sub_pk = None
    submission = None
    if isinstance(sub_pk, int):
        submission = (PublicSubmission.objects.select_related("comment").defer("contact")
                      .filter(congress=congress, period=period, pk=sub_pk).first())
    if submission is None:
        return redirect("portal:draft", code=congress.code, pk=period.pk)
    response = _render(request, "portal/draft_thanks.html", congress, {
        "period": period, "bill": period.bill, "comment": submission.comment, "row": selectors.draft_row(period),
    }, section="drafts")
    response["Cache-Control"] = "no-store"
    return response


# ---- deputies and liaison stations -------------------------------------------------------------------------------
def deputies(request, code: str):
    congress = selectors.congress_by_code(code)
    raw = request.GET.get("delegation", "")
    delegation = int(raw) if raw.isdigit() and len(raw) < 10 else None
    delegations = selectors.delegations(congress)
    if delegation is not None and delegation not in {d.pk for d in delegations}:
        delegation = None
    return _render(request, "portal/deputies.html", congress, {
        "page": selectors.deputies_page(congress, delegation, _page_number(request)),
        "delegations": delegations, "delegation": delegation,
        "pager_query": f"delegation={delegation}&" if delegation else "",
    }, section="deputies")


def stations(request, code: str):
    congress = selectors.congress_by_code(code)
    return _render(request, "portal/stations.html", congress,
                   {"stations": selectors.public_stations(congress)}, section="stations")


# ---- open data -------------------------------------------------------------------------------------------------------
def data_index(request, code: str):
    congress = selectors.congress_by_code(code)
    return _render(request, "portal/data.html", congress, {"datasets": opendata.DATASETS.values()}, section="data")


def data_file(request, code: str, key: str, fmt: str):
    congress = selectors.congress_by_code(code)
    ds = opendata.dataset(key)
    return opendata.as_json(ds, congress) if fmt == "json" else opendata.as_csv(ds, congress)
