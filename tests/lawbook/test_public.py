"""Access to the law book (own congress only; citizens only the public pages), the feeds (RSS parses, iCalendar
lines ≤ 75 octets with CRLF) and the email subscription (double opt-in, unsubscribe)."""

import re
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.test import Client
from tests.conftest import login
from tests.lawbook.conftest import D

from renda.core.models import OutboxMessage
from renda.lawbook import feeds, services
from renda.lawbook.models import EventKind, Subscription, SubscriptionStatus

pytestmark = pytest.mark.django_db


def test_staff_pages_are_for_the_own_congress_and_the_staff(book):
    c = book
    url = f"/lawbook/regulations/{c.water.pk}/"
    assert login(c.clerk).get(url).status_code == 200
    assert login(c.member).get(url).status_code == 200
    assert login(c.outsider_clerk).get(url).status_code == 404  # another congress: not found, not forbidden
    assert login(c.deputy).get(url).status_code == 404
    assert login(c.unit_user).get("/lawbook/").status_code == 403
    assert Client().get("/lawbook/").status_code == 302  # to the sign-in page
    assert login(c.outsider_clerk).get(f"/api/v1/lawbook/regulations/{c.water.pk}").status_code == 404
    camp = services.campaign_create(actor=c.clerk, congress=c.congress, title="清理", year=2026,
                                    regulations=[c.water])
    assert login(c.member).get(f"/lawbook/cleanup/{camp.pk}/").status_code == 404
    assert login(c.outsider_clerk).get(f"/lawbook/cleanup/{camp.pk}/").status_code == 404
    assert login(c.leader).get(f"/lawbook/cleanup/{camp.pk}/").status_code == 200
    assert login(c.leader).post(f"/lawbook/cleanup/{camp.pk}/do/assign/").status_code == 403


def test_citizens_read_the_public_pages_of_one_congress(book):
    c = book
    anon = Client()
    code = c.congress.code
    index = anon.get(f"/public/{code}/laws/").content.decode()
    assert "甲市供水条例" in index and "乙市供水条例" not in index
    page = anon.get(f"/public/{code}/laws/{c.water.pk}/?date=2020-01-01")
    assert page.status_code == 200 and "千分之三" in page.content.decode()
    assert anon.get(f"/public/{code}/laws/{c.foreign.pk}/").status_code == 404
    assert anon.get(f"/public/{code}/laws/{c.water.pk}/?date=2020-02-30").status_code == 400
    assert anon.get(f"/public/{code}/laws/filings/?year=99999").status_code == 400
    assert anon.get(f"/public/{code}/laws/filings/").status_code == 200
    assert anon.get("/public/no-such-city/laws/").status_code == 404


def test_the_filing_catalogue_shows_only_public_fields(book):
    from renda.supervision import services as sup
    from renda.supervision.models import FilerKind

    c = book
    sup.filing_register(actor=c.clerk, filer_kind=FilerKind.GOVERNMENT, filer_org=c.city.organs["gov"],
                        title="甲市供水管理办法", doc_number="甲政发〔2026〕5号", issued_on=D(2026, 3, 2),
                        filed_on=D(2026, 3, 20), text="内部审查用的全文：秘密标记ZX9")
    html = Client().get(f"/public/{c.congress.code}/laws/filings/?year=2026").content.decode()
    assert "甲市供水管理办法" in html and "甲政发〔2026〕5号" in html and "ZX9" not in html


@time_machine.travel("2026-11-26 10:00 +0800", tick=False)
def test_rss_feeds_parse(book):
    c = book
    services.regulation_amend(actor=c.clerk, regulation=c.water, kind=EventKind.AMENDED, date=D(2026, 1, 20),
                              effective_on=D(2026, 3, 1), decision="将第三条中的“千分之三”修改为“千分之一”。",
                              ref="关于修改《甲市供水条例》的决定")
    for path in ("regulations.rss", "drafts.rss"):
        resp = Client().get(f"/public/{c.congress.code}/laws/feeds/{path}")
        assert resp.status_code == 200 and "xml" in resp["Content-Type"]
        root = ET.fromstring(resp.content)  # noqa: S314 (our own feed, parsed to check it)
        assert root.tag == "rss" and root.find("channel/title").text
    feed = Client().get(f"/public/{c.congress.code}/laws/feeds/regulations.rss").content
    root = ET.fromstring(feed)  # noqa: S314 (our own feed)
    titles = [i.find("title").text for i in root.findall("channel/item")]
    assert "《甲市供水条例》修正" in titles and not any("乙市" in t for t in titles)
    assert Client().get(f"/public/{c.congress.code}/laws/feeds/bills/999999.rss").status_code == 404


def _check_ics(body: bytes):
    assert body.endswith(b"\r\n")
    lines = body.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines), [line for line in lines if len(line) > 75]
    unfolded = re.sub(r"\r\n ", "", body.decode("utf-8"))  # continuation lines never split a character
    assert unfolded.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and unfolded.rstrip().endswith("END:VCALENDAR")
    return unfolded


def test_the_ics_writer_folds_long_lines_at_75_octets_without_splitting_characters():
    text = feeds.calendar("会议", [{"uid": "x@renda", "start": D(2026, 12, 1), "end": D(2026, 12, 2),
                                  "summary": "关于修改《甲市城市市容和环境卫生管理条例》等三件地方性法规的决定（草案）；征求意见，截止日期十二月" * 2,
                                  "description": "第一行\n第二行, 含逗号; 分号"}])
    unfolded = _check_ics(text.encode("utf-8"))
    assert "DESCRIPTION:第一行\\n第二行\\, 含逗号\\; 分号" in unfolded
    assert "SUMMARY:关于修改《甲市城市市容" in unfolded and "DTSTART;VALUE=DATE:20261201" in unfolded


def test_the_meetings_and_drafts_calendars_are_valid(book):
    c = book
    for path in ("meetings.ics", "drafts.ics"):
        resp = Client().get(f"/public/{c.congress.code}/laws/feeds/{path}")
        assert resp.status_code == 200 and resp["Content-Type"].startswith("text/calendar")
        _check_ics(resp.content)


def _token(html: str) -> str:
    return re.search(r'name="submission_token" value="([^"]+)"', html).group(1)


def test_email_subscription_is_confirmed_by_its_link_and_ends_by_its_unsubscribe_link(book, settings):
    c = book
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "lb-sub"}}
    anon = Client()
    url = f"/public/{c.congress.code}/laws/subscribe/"
    token = _token(anon.get(url).content.decode())
    bad = anon.post(url, {"email": "不是邮箱", "topic": "regulations", "submission_token": token})
    assert bad.status_code == 400 and "有效的电子邮箱" in bad.content.decode()
    for _ in range(2):  # a retried POST makes no second subscription
        assert anon.post(url, {"email": "citizen@example.cn", "topic": "regulations",
                               "submission_token": token}).status_code == 302
    sub = Subscription.objects.get(congress=c.congress)
    assert sub.status == SubscriptionStatus.PENDING and sub.email == "citizen@example.cn"
    mail = OutboxMessage.objects.get(key=f"lawbook-confirm:{sub.pk}")
    confirm = re.search(r"/public/\S+/confirm/\S+/", mail.body).group(0)
    # nothing is sent to a pending subscription, and a GET of the link changes nothing
    services.regulation_amend(actor=c.clerk, regulation=c.cityscape, kind=EventKind.REPEALED, date=D(2026, 5, 1),
                              effective_on=D(2026, 6, 1), ref="废止决定")
    assert not OutboxMessage.objects.filter(key__startswith="lawbook-event:").exists()
    assert anon.get(confirm).status_code == 200
    sub.refresh_from_db()
    assert sub.status == SubscriptionStatus.PENDING
    assert anon.post(confirm).status_code == 200
    sub.refresh_from_db()
    assert sub.status == SubscriptionStatus.CONFIRMED
    services.regulation_amend(actor=c.clerk, regulation=c.property, kind=EventKind.REPEALED, date=D(2026, 5, 1),
                              effective_on=D(2026, 6, 1), ref="废止决定")
    note = OutboxMessage.objects.get(key__startswith="lawbook-event:")
    assert "甲市物业条例" in note.subject and "/leave/" in note.body
    leave = re.search(r"/public/\S+/leave/\S+/", note.body).group(0)
    assert anon.post(leave).status_code == 200
    sub.refresh_from_db()
    assert sub.status == SubscriptionStatus.UNSUBSCRIBED
    assert anon.post(f"/public/{c.congress.code}/laws/subscribe/confirm/no-such-token/").status_code == 404
    # the honeypot: a bot's post creates nothing
    anon.post(url, {"email": "bot@example.cn", "topic": "drafts", "submission_token": _token(anon.get(url).content.decode()),
                    "website": "http://spam"})
    assert Subscription.objects.filter(congress=c.congress).count() == 1


def test_subscriptions_are_rate_limited_per_source(book, settings):
    c = book
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "lb-rl"}}
    anon = Client()
    url = f"/public/{c.congress.code}/laws/subscribe/"
    codes = [anon.post(url, {"email": f"a{n}@example.cn", "topic": "drafts",
                             "submission_token": _token(anon.get(url).content.decode())}).status_code
             for n in range(11)]
    assert codes[:10] == [302] * 10 and codes[10] == 429
