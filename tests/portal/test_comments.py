"""Public comments on a draft: stored under the provision's eId, refused outside the period with the rule's text,
and the defences (honeypot, rate limit, one-time token, size limit, escaping)."""

import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from renda.core import audit, public, rules
from renda.legislation.models import BillComment
from renda.portal import services
from renda.portal.models import PublicSubmission

pytestmark = pytest.mark.django_db


def _url(c, period=None):
    return reverse("portal:draft", kwargs={"code": c.congress.code, "pk": (period or c.period).pk})


def _form(client, url):
    html = client.get(url).content.decode()
    token = re.search(rf'name="{public.TOKEN_FIELD}" value="([^"]+)"', html).group(1)
    return html, token


def _client():
    return Client(enforce_csrf_checks=True, REMOTE_ADDR="10.1.2.3")


def _post(client, url, token, **fields):
    data = {public.TOKEN_FIELD: token, "csrfmiddlewaretoken": client.cookies["csrftoken"].value, "eid": "",
            "text": "", "name": "", "contact": "", public.HONEYPOT_FIELD: ""}
    data.update(fields)
    return client.post(url, data)


def test_a_comment_on_article_five_is_stored_under_its_eid(portal_world):
    c = portal_world
    client = _client()
    url = _url(c)
    _html, token = _form(client, url)
    response = _post(client, url, token, eid=c.art5, text="罚款下限过高，建议调整为五百元。", name="王五",
                     contact="wang@example.cn")
    assert response.status_code == 303
    comment = BillComment.objects.get(period=c.period)
    assert comment.eid == c.art5 and comment.article_eid == c.art5 and comment.provision_label == "第五条"
    assert comment.source == "public" and comment.name == "王五"
    assert comment.contact == "wang@example.cn"  # kept once, on the comment (it counts the participant) …
    assert comment.participant
    submission = PublicSubmission.objects.get(comment=comment)
    assert submission.contact == ""  # … not a second time with the portal's submission
    from django.db import connection
    with connection.cursor() as cur:
        cur.execute("SELECT contact FROM legislation_billcomment WHERE id = %s", [comment.pk])
        raw = cur.fetchone()[0]
    assert raw and "wang@example.cn" not in raw  # encrypted at rest
    assert "wang@example.cn" not in str(list(audit.history(submission).values()))
    # the receipt names the provision and shows the text
    receipt = client.get(response["Location"]).content.decode()
    assert "第五条" in receipt and "罚款下限过高" in receipt


def test_a_comment_on_an_item_and_on_the_whole_draft(portal_world):
    c = portal_world
    from renda.legislation import texts

    item = texts.statute_of(c.period.version).article(4).paragraphs[0].points[1].eid
    client = _client()
    url = _url(c)
    _html, token = _form(client, url)
    assert _post(client, url, token, eid=item, text="建议明确渣土的范围。").status_code == 303
    _html, token = _form(client, url)
    assert _post(client, url, token, eid="", text="总体赞成。").status_code == 303
    labels = set(BillComment.objects.filter(period=c.period).values_list("provision_label", flat=True))
    assert labels == {"第四条第二项", ""}


def test_the_link_on_a_provision_preselects_it(portal_world):
    c = portal_world
    html = Client().get(_url(c) + f"?eid={c.art5}").content.decode()
    assert f'<option value="{c.art5}" selected>第五条</option>' in html


def test_outside_the_period_the_comment_is_refused_with_the_rule(portal_world):
    c = portal_world
    client = _client()
    for period in (c.future_period, c.regulation.comment_periods.get()):
        url = _url(c, period)
        client.get(url)
        token = public.issue_token()
        response = _post(client, url, token, text="我有意见。")
        html = response.content.decode()
        assert response.status_code == 409
        assert "征求意见已经结束或者尚未开始" in html and rules.get("LEG-PUBLIC-COMMENT").title in html and "立法法" in html
        assert not BillComment.objects.filter(period=period, text="我有意见。").exists()
    # the service refuses too, whatever the page does
    from renda.core.errors import RuleViolation
    with pytest.raises(RuleViolation):
        services.comment_submit(period=c.future_period, token="t" * 32, text="直接调用。")


def test_a_replayed_token_creates_no_second_comment(portal_world):
    c = portal_world
    client = _client()
    url = _url(c)
    _html, token = _form(client, url)
    with time_machine.travel(timezone.now(), tick=False):  # the receipt link is signed with a timestamp (seconds)
        first = _post(client, url, token, eid=c.art5, text="同一条意见。")
        again = _post(client, url, token, eid=c.art5, text="同一条意见。")
    assert first.status_code == again.status_code == 303
    assert first["Location"] == again["Location"]
    assert BillComment.objects.filter(period=c.period).count() == 1
    assert PublicSubmission.objects.count() == 1
    # and the service itself is idempotent by the token
    _sub, created = services.comment_submit(period=c.period, token=public.claim_token(token), text="换了文字也不行。")
    assert not created and BillComment.objects.filter(period=c.period).count() == 1


def test_missing_or_forged_token_is_a_form_error(portal_world):
    c = portal_world
    client = _client()
    url = _url(c)
    client.get(url)
    for token in ("", "forged:value"):
        response = _post(client, url, token, text="没有凭证的意见。")
        assert response.status_code == 400
        assert "刷新页面" in response.content.decode()
    assert not BillComment.objects.filter(period=c.period).exists()


def test_the_honeypot_refuses_and_stores_nothing(portal_world):
    c = portal_world
    client = _client()
    url = _url(c)
    _html, token = _form(client, url)
    response = _post(client, url, token, text="机器人提交。", **{public.HONEYPOT_FIELD: "http://spam.example"})
    assert response.status_code == 400 and "提交未被接受" in response.content.decode()
    assert not BillComment.objects.filter(period=c.period).exists()


def test_a_flood_from_one_address_gets_429(portal_world):
    c = portal_world
    from renda.core import rules

    limit = rules.param(c.congress, "PORTAL-COMMENT", "per_hour")
    client = _client()
    url = _url(c)
    statuses = []
    for i in range(limit + 2):
        _html, token = _form(client, url)
        statuses.append(_post(client, url, token, text=f"第{i}条意见。").status_code)
    assert statuses[:limit] == [303] * limit
    assert statuses[limit:] == [429, 429]
    last = _post(client, url, public.issue_token(), text="再来一条。")
    assert last.status_code == 429 and last["Retry-After"] == "3600"
    assert "提交过于频繁" in last.content.decode() and rules.get("PORTAL-COMMENT").title in last.content.decode()
    assert BillComment.objects.filter(period=c.period).count() == limit
    # another address is not limited
    other = Client(enforce_csrf_checks=True, REMOTE_ADDR="10.9.9.9")
    _html, token = _form(other, url)
    assert _post(other, url, token, text="另一个地址。").status_code == 303


def test_an_oversized_body_is_413_and_a_long_text_a_form_error(portal_world):
    c = portal_world
    client = _client()
    url = _url(c)
    _html, token = _form(client, url)
    response = _post(client, url, token, text="长" * (1024 * 1024))
    assert response.status_code == 413 and "提交的内容过大" in response.content.decode()
    response = _post(client, url, token, text="字" * 3001)
    assert response.status_code == 400 and "不得超过 3000 字" in response.content.decode()
    assert not BillComment.objects.filter(period=c.period).exists()


def test_a_wrong_provision_or_bad_encoding_is_a_form_error(portal_world):
    c = portal_world
    client = _client()
    url = _url(c)
    _html, token = _form(client, url)
    response = _post(client, url, token, eid="chp_9__art_99", text="不存在的条款。")
    assert response.status_code == 400 and "所选条款不在该草案中" in response.content.decode()
    # a form sent in GBK (percent-encoded bytes that are not UTF-8): Django decodes them to U+FFFD, refused
    from urllib.parse import quote_from_bytes

    body = (f"{public.TOKEN_FIELD}={token}&csrfmiddlewaretoken={client.cookies['csrftoken'].value}&text="
            + quote_from_bytes("意见".encode("gbk")))
    response = client.post(url, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400 and "无法识别的字符" in response.content.decode()
    assert not BillComment.objects.filter(period=c.period).exists()


def test_script_tags_are_stored_as_text_and_shown_escaped(portal_world):
    c = portal_world
    client = _client()
    url = _url(c)
    _html, token = _form(client, url)
    text = '<script>alert("x")</script>建议修改。'
    response = _post(client, url, token, eid=c.art5, text=text)
    assert response.status_code == 303
    assert BillComment.objects.get(period=c.period).text == text
    receipt = client.get(response["Location"]).content.decode()
    assert '<script>alert("x")</script>' not in receipt
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in receipt


def test_csrf_is_checked(portal_world):
    c = portal_world
    client = _client()
    url = _url(c)
    _html, token = _form(client, url)
    response = client.post(url, {public.TOKEN_FIELD: token, "text": "没有 CSRF。"})
    assert response.status_code == 403
    assert not BillComment.objects.filter(period=c.period).exists()


def test_the_receipt_needs_its_signed_reference(portal_world):
    c = portal_world
    url = reverse("portal:draft_thanks", kwargs={"code": c.congress.code, "pk": c.period.pk})
    response = Client().get(url + "?r=1")
    assert response.status_code == 302 and response["Location"].endswith(_url(c))


def test_a_concurrent_retry_that_loses_the_race_returns_the_first_comment(portal_world, monkeypatch):
    """Two requests with the same token at once: both pass the look-up, the unique column lets one insert win,
    the other rolls back its comment and answers with the winner's."""
    c = portal_world
    first, created = services.comment_submit(period=c.period, token="race-token", eid=c.art5, text="第一次提交。")
    assert created
    real = services.submission_for_token
    calls = []

    def not_yet_committed(token):  # the first look-up happens before the other request commits
        calls.append(token)
        return None if len(calls) == 1 else real(token)

    monkeypatch.setattr(services, "submission_for_token", not_yet_committed)
    again, created = services.comment_submit(period=c.period, token="race-token", eid=c.art5, text="并发的重试。")
    assert not created and again.pk == first.pk and len(calls) == 2
    assert list(BillComment.objects.filter(period=c.period).values_list("text", flat=True)) == ["第一次提交。"]
