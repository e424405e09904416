"""Each user's working day, walked: from every demo role's home page (and the public portal's), two clicks deep.

The demo city is built once for the module (as tests/test_demo.py does). For each role a `django.test.Client` follows
every link of the home page and every link of those pages: no server error, no link that answers 403/404 or sends a
signed-in user to the sign-in page, and no raw code in what a person reads (snake_case names, True/False/None, ISO
timestamps, rule ids outside /rules/, the English keys of workflow states and actions).

Pages of the same shape (the same path with other ids, the same query keys) are sampled, not all walked: a list of 50
proposals is checked through its first one, which keeps the crawl well under a minute and a half.
"""

import datetime as dt
import html
import re
from collections import deque
from pathlib import Path
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from django.test import Client
from tests.conftest import module_world
from tests.world_cache import load_demo

from renda.core.models import Congress

pytestmark = pytest.mark.django_db

LOADED_ON: dict[str, dt.date] = {}

SAMPLES_PER_SHAPE = 1
DEPTH = 2

SKIP_PREFIXES = ("/admin/", "/api/", "/static/", "/media/", "/logout/", "/healthz", "/readyz", "/favicon.ico",
                 "/inbox/badge/")
# files, not pages: their status is checked, their text is not read (and a few are slow to build: sampled once)
DOWNLOAD_HINTS = (".docx", ".xlsx", ".csv", ".json", ".pdf", ".zip", "/export", "/download", "signed=", "format=",
                  "/attachments/")

SNAKE = re.compile(r"(?<![A-Za-z0-9_./:-])[a-z]+_[a-z_]+(?![A-Za-z0-9_])")
PYTHON_CONST = re.compile(r"(?<![A-Za-z0-9_])(?:True|False|None)(?![A-Za-z0-9_])")
ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:")
RULE_ID = re.compile(r"(?<![A-Za-z0-9_-])[A-Z]{2,}(?:-[A-Z0-9]+)+(?![A-Za-z0-9_])")

SCRIPT_STYLE = re.compile(r"<(script|style|template)\b[^>]*>.*?</\1\s*>", re.S | re.I)
COMMENT = re.compile(r"<!--.*?-->", re.S)
# what a person reads besides the text: tooltips, the names screen readers say, placeholders
SHOWN_ATTRS = re.compile(r"""\b(?:title|aria-label|placeholder|alt)\s*=\s*("[^"]*"|'[^']*')""", re.I)
TAG = re.compile(r"<[^>]+>")
HREF = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*("[^"]*"|'[^']*')""", re.I | re.S)


def _english_words() -> set[str]:
    """Every workflow's state values and action keys that are plain English words (snake_case ones are caught by
    SNAKE already)."""
    from renda.core import kit

    words: set[str] = set()
    for wo in kit.REGISTRY.values():
        wf = wo.workflow
        words.update(str(v) for v in wf.states.values)
        words.update(t.action for t in wf.transitions)
    return {w for w in words if re.fullmatch(r"[a-z]{3,}", w)}


def visible_text(body: str) -> str:
    body = COMMENT.sub(" ", SCRIPT_STYLE.sub(" ", body))
    shown = " ".join(m.group(1)[1:-1] for m in SHOWN_ATTRS.finditer(body))
    return html.unescape(TAG.sub(" ", body) + " " + shown)


def _rule_ids() -> frozenset[str]:
    from renda.core import rules

    return frozenset(rules.registry())


def raw_codes(text: str, path: str, english: re.Pattern) -> list[str]:
    """Each raw code in `text` with a few characters around it (a tracking code such as ABCD-EFGH-JKLM has the shape
    of a rule id and is meant to be read: only ids of the rules registry count)."""
    found = []
    checks = [("snake_case", SNAKE), ("Python", PYTHON_CONST), ("ISO", ISO_TIME), ("English", english)]
    if not path.startswith("/rules/"):
        checks.append(("rule id", RULE_ID))
    ids = _rule_ids()
    for name, pattern in checks:
        for m in pattern.finditer(text):
            if name == "rule id" and m.group(0) not in ids:
                continue
            around = " ".join(text[max(0, m.start() - 15):m.end() + 15].split())
            found.append(f"{name}: {m.group(0)} 〔…{around}…〕")
    return found


def links(body: str, base: str) -> list[str]:
    out = []
    for m in HREF.finditer(SCRIPT_STYLE.sub(" ", body)):
        href = html.unescape(m.group(1)[1:-1]).strip()
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
            continue
        url = urlsplit(urljoin(base, href))
        if url.netloc and url.netloc != "testserver":
            continue
        out.append(url.path + (f"?{url.query}" if url.query else ""))
    return out


def shape(url: str) -> str:
    parts = urlsplit(url)
    keys = sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return re.sub(r"\d+", "N", parts.path) + "?" + "&".join(keys)


def crawl(client: Client, start: str, *, signed_in: bool, english: re.Pattern) -> list[str]:
    problems: list[str] = []
    seen: set[str] = set()
    per_shape: dict[str, int] = {}
    queue = deque([(start, 0, "（起点）")])
    while queue:
        url, depth, came_from = queue.popleft()
        if url in seen or url.startswith(SKIP_PREFIXES):
            continue
        seen.add(url)
        key = shape(url)
        limit = 1 if any(h in url for h in DOWNLOAD_HINTS) else SAMPLES_PER_SHAPE
        if per_shape.get(key, 0) >= limit:
            continue
        per_shape[key] = per_shape.get(key, 0) + 1
        resp = client.get(url)
        hops = 0
        while resp.status_code in (301, 302, 303, 307, 308) and hops < 5:
            target = urljoin(url, resp["Location"])
            if signed_in and urlsplit(target).path.startswith("/login/"):
                problems.append(f"{url}（来自 {came_from}）: 已登录用户被送去登录页")
                break
            resp = client.get(target)
            hops += 1
        if resp.status_code >= 500:
            problems.append(f"{url}（来自 {came_from}）: 服务器错误 {resp.status_code}")
            continue
        if resp.status_code in (403, 404):
            problems.append(f"{url}（来自 {came_from}）: 链接答 {resp.status_code}")
            continue
        if resp.status_code != 200 or "text/html" not in resp.get("Content-Type", ""):
            continue
        body = resp.content.decode()
        for code in raw_codes(visible_text(body), urlsplit(url).path, english):
            problems.append(f"{url}: 原始代码 {code}")
        if depth < DEPTH:
            for link in links(body, url):
                if link not in seen:
                    queue.append((link, depth + 1, url))
    return problems


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.utils import timezone

    media = tmp_path_factory.mktemp("crawl-media")
    with module_world(django_db_blocker, media):
        LOADED_ON["day"] = timezone.localdate()
        load_demo(LOADED_ON["day"])
        yield media


@pytest.fixture
def demo(demo_world, db, settings):
    settings.MEDIA_ROOT = demo_world
    return Congress.objects.get(code="xx-city")


@pytest.fixture(scope="module")
def english():
    words = _english_words()
    return re.compile(r"(?<![A-Za-z0-9_])(?:" + "|".join(sorted(words, key=len, reverse=True)) + r")(?![A-Za-z0-9_])")


def _roles():
    from renda.demo.city import COUNTY_ACCOUNTS, DEMO_ACCOUNTS

    return [username for username, *_ in DEMO_ACCOUNTS + COUNTY_ACCOUNTS if username != "admin"]


@pytest.mark.parametrize("username", _roles())
def test_two_clicks_from_each_home_page(demo, english, username):
    from renda.demo.city import DEMO_PASSWORD

    client = Client()
    assert client.login(username=username, password=DEMO_PASSWORD), username
    problems = crawl(client, "/", signed_in=True, english=english)
    assert not problems, f"{username}:\n" + "\n".join(problems)


@pytest.mark.parametrize("code", ["xx-city", "xx-county"])
def test_two_clicks_from_the_public_portal(demo, english, code):
    problems = crawl(Client(), f"/public/{code}/", signed_in=False, english=english)
    assert not problems, f"{code}:\n" + "\n".join(problems)


def test_the_crawler_sees_raw_codes(english):
    """The scan is not blind: each kind of raw code is found, and ordinary Chinese text passes."""
    text = visible_text('<p title="in_progress">状态 submitted，True，2026-11-26T09:00，WP-ITEM-CHANGE</p>'
                        "<script>var x_y = None;</script>")
    found = " | ".join(raw_codes(text, "/workplan/", english))
    for needle in ("snake_case: in_progress", "Python: True", "ISO: 2026-11-26T09:", "rule id: WP-ITEM-CHANGE",
                   "English: submitted"):
        assert needle in found, needle
    assert "x_y" not in found and "None" not in found
    assert raw_codes(visible_text("<p>依据规则 WP-ITEM-CHANGE</p>"), "/rules/", english) == []
    assert raw_codes(visible_text("<p>已提交，2026年11月26日，查询码 RQQU-WEPC-73TM，UTF-8</p>"), "/", english) == []


# ---- what the crawl found, fixed: each with its own check -------------------------------------------------------
def _client(username):
    from renda.demo.city import DEMO_PASSWORD

    client = Client()
    assert client.login(username=username, password=DEMO_PASSWORD), username
    return client


def test_register_letter_offered_only_to_who_may_register(demo):
    assert "登记来信" not in _client("zhuren").get("/supervision/requests/").content.decode()
    office = _client("bangongting")
    assert "登记来信" in office.get("/supervision/requests/").content.decode()
    assert office.get("/supervision/requests/new/").status_code == 200


def test_report_links_its_meeting_only_for_who_may_open_it(demo):
    from renda.meetings import permissions as meeting_perms
    from renda.meetings.models import Meeting
    from renda.supervision.models import Report

    checked = 0
    for username in ("bangongting", "shuiwuju", "jiaoyuju", "fayuan"):
        client = _client(username)
        user = client.get("/").wsgi_request.user
        q = meeting_perms.meeting_filter(user)
        for report in Report.objects.filter(congress=demo, meeting__isnull=False)[:12]:
            resp = client.get(f"/supervision/reports/{report.pk}/")
            if resp.status_code != 200:
                continue
            linked = f'href="/meetings/{report.meeting_id}/"' in resp.content.decode()
            may_open = q is not None and Meeting.objects.filter(q, pk=report.meeting_id).exists()
            assert linked == may_open, (username, report.pk)
            checked += 1
    assert checked


def _motion():
    from renda.proposals.models import Assignment

    return Assignment.objects.get(opinion__startswith="将入河排污口排查整治纳入年度执法计划").proposal


def test_lead_unit_reads_the_assisting_units_opinion(demo):
    motion = _motion()
    page = _client("shuiwuju").get(f"/proposals/{motion.pk}/").content.decode()
    assert "协办意见：将入河排污口排查整治纳入年度执法计划" in page
    # another unit on no part of it sees the names, not the opinion (and here not even the item)
    assert "纳入年度执法计划" not in _client("jiaoyuju").get(f"/proposals/{motion.pk}/").content.decode()


def test_reply_letter_opens_for_unit_office_and_deputy(demo):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from renda.core import attachments
    from renda.core.models import User
    from renda.proposals.models import Reply

    reply = Reply.objects.filter(proposal=_motion()).first()
    unit_user = User.objects.get(username="shuiwuju")
    letter = attachments.attach(actor=unit_user, obj=reply, upload=SimpleUploadedFile(
        "答复函.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf"))
    deputy = User.objects.create_user("lead-deputy-crawl", password="Zz-crawl-2026-pass", congress=demo,
                                      role="deputy", person=reply.proposal.lead_deputy.person)
    deputy_client = Client()
    deputy_client.force_login(deputy)
    for client in (_client("shuiwuju"), _client("bangongting"), deputy_client):
        page = client.get(f"/proposals/{reply.proposal_id}/").content.decode()
        assert f'href="/attachments/{letter.pk}/"' in page
        assert client.get(f"/attachments/{letter.pk}/").status_code == 200
    assert _client("jiaoyuju").get(f"/attachments/{letter.pk}/").status_code == 404


def test_return_not_offered_after_its_deadline_and_formal_reply_is_confirmed(demo):
    from django.utils import timezone

    from renda.proposals.models import Assignment, Reply

    today = timezone.localdate()
    client = _client("shuiwuju")
    user = client.get("/").wsgi_request.user
    mine = Assignment.objects.filter(unit=user.organization, status="active", role="lead")
    late = mine.filter(return_due__lt=today).first()
    assert late is not None
    page = client.get(f"/proposals/{late.proposal_id}/").content.decode()
    assert "申请退回" not in page and "提交正式答复" in page and 'name="confirmed"' in page
    before = Reply.objects.count()
    resp = client.post(f"/proposals/assignments/{late.pk}/reply/", {
        "text": "已办理。", "result_class": "A", "communication": "phone", "signer": "局长"}, follow=True)
    assert Reply.objects.count() == before
    assert "勾选确认后再提交正式答复" in resp.content.decode()


def test_public_pages_of_proposals_and_supervision_are_portal_pages(demo):
    anon = Client()
    for path in ("/proposals/public/xx-city/", "/supervision/public/xx-city/", "/supervision/public/xx-city/review/track/"):
        page = anon.get(path).content.decode()
        assert 'class="site-name"><a href="/public/xx-city/"' in page, path  # the brand goes to the portal
        assert 'aria-label="网站栏目"' in page and "/login/" not in page, path


def test_tracking_code_is_unbreakable_copyable_and_carried_to_the_query_form(demo):
    anon = Client()
    session = anon.session
    from renda.supervision import public_views

    session[public_views.SESSION_KEY] = "ABCD-EFGH-JKLM"
    session.save()
    page = anon.get("/supervision/public/xx-city/review/done/").content.decode()
    assert 'class="tracking-code" id="tracking-code">ABCD-EFGH-JKLM<' in page and "data-copy" in page
    assert "/supervision/public/xx-city/review/track/?code=ABCD-EFGH-JKLM" in page
    form = anon.get("/supervision/public/xx-city/review/track/?code=ABCD-EFGH-JKLM").content.decode()
    assert 'value="ABCD-EFGH-JKLM"' in form
    css = (Path(__file__).resolve().parents[1] / "src/renda/portal/static/portal/portal.css").read_text()
    assert re.search(r"\.tracking-code \{[^}]*white-space: nowrap;[^}]*word-break: keep-all", css)


def _open_period():
    from renda.legislation.models import CommentPeriod

    return CommentPeriod.objects.filter(status="open", bill__congress__code="xx-city").select_related("bill").first()


def test_draft_offers_one_comment_link_per_article_with_its_count(demo):
    from renda.legislation.models import BillComment

    period = _open_period()
    page = Client().get(f"/public/xx-city/drafts/{period.pk}/").content.decode()
    picks = re.findall(r'<a class="pick" href="\?eid=([^"#]+)#comment-form"', page)
    assert picks and len(picks) == len(set(picks))
    assert all("__para" not in eid and "__item" not in eid for eid in picks)  # articles, not each paragraph
    busiest = (BillComment.objects.filter(version=period.version).exclude(article_eid="").values_list(
        "article_eid", flat=True))
    eid = max(set(busiest), key=list(busiest).count)
    n = list(busiest).count(eid)
    assert re.search(rf'id="{re.escape(eid)}".*?已收到意见 {n} 条', page, re.S)
    chosen = Client().get(f"/public/xx-city/drafts/{period.pk}/?eid={eid}").content.decode()
    assert re.search(r'id="picked-text"><span class="picked-line">第', chosen)  # the article beside the form


def test_bill_page_folds_the_comparison_and_counts_comments_once(demo):
    period = _open_period()
    client = _client("chengjianwei")
    page = client.get(f"/legislation/{period.bill_id}/").content.decode()
    assert re.search(r'<details class="compare-fold">\s*<summary>展开修改对照表', page)
    total = period.version.comments.count()
    assert f"收到意见 {total} 条" in page
    analysis = client.get(f"/legislation/versions/{period.version_id}/analysis/").content.decode()
    assert "刷新页面查看结果" not in analysis


def test_opening_a_comment_period_names_the_published_text(demo):
    from renda.legislation.models import Bill, BillVersion

    bill = Bill.objects.filter(congress=demo, status="in_deliberation").first()
    page = _client("bangongting").get(f"/legislation/{bill.pk}/periods/new/")
    if page.status_code == 403:
        page = _client("chengjianwei").get(f"/legislation/{bill.pk}/periods/new/")
    html_ = page.content.decode()
    assert "向社会公布的文本" in html_
    latest = BillVersion.objects.filter(bill=bill, readings__isnull=False).order_by("-created_at", "-id").first()
    assert re.search(rf'<option value="{latest.pk}" selected>', html_)


def test_keyword_fragments_are_left_out():
    from renda.core.templatetags.renda_kit import is_whole_word, whole_words

    assert [w for w in ("由区", "一至", "的", "保护", "历史建筑", "三十", "罚款") if is_whole_word(w)] == \
        ["保护", "历史建筑", "罚款"]
    assert whole_words([{"word": "由区"}, {"word": "遗存"}]) == [{"word": "遗存"}]


def test_deputy_gets_the_offline_app_and_others_do_not(demo):
    deputy_home = _client("daibiao").get("/").content.decode()
    assert 'rel="manifest"' in deputy_home and 'data-offline-worker="/sw.js"' in deputy_home
    assert 'data-offline-worker' not in _client("bangongting").get("/").content.decode()
    sw = Client().get("/sw.js")
    assert sw["Service-Worker-Allowed"] == "/" and sw["Content-Type"].startswith("application/javascript")
    body = sw.content.decode()
    assert '"/deputies/me/"' in body and "/admin" not in body
    manifest = Client().get("/manifest.webmanifest").json()
    assert manifest["scope"] == "/" and manifest["display"] == "standalone"
