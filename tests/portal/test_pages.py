"""Every portal page renders for an anonymous reader and shows only what is published."""

import pytest
from django.test import Client
from django.urls import reverse

from renda.legislation.models import Stage

pytestmark = pytest.mark.django_db


def _get(client, name, code, **kw):
    response = client.get(reverse(name, kwargs={"code": code, **kw}))
    assert response.status_code == 200, (name, response.status_code)
    return response.content.decode()


def test_every_page_renders_anonymously(portal_world):
    c = portal_world
    code = c.congress.code
    client = Client()
    pages = {
        "portal:home": {}, "portal:news": {}, "portal:news_detail": {"pk": c.news.pk}, "portal:regulations": {},
        "portal:regulation": {"pk": c.regulation.pk}, "portal:regulation_compare": {"pk": c.regulation.pk},
        "portal:drafts": {}, "portal:draft": {"pk": c.period.pk}, "portal:deputies": {}, "portal:stations": {},
        "portal:data": {},
    }
    for name, kw in pages.items():
        html = _get(client, name, code, **kw)
        assert '<html lang="zh-CN">' in html
        assert 'class="skip-link" href="#main"' in html and '<main id="main"' in html
        assert "<script>" not in html and " onclick=" not in html  # no inline script (strict CSP)
    # /public/ lists the congresses (two in the cast)
    html = client.get(reverse("portal:index")).content.decode()
    assert c.congress.standing_committee_name in html and c.other.congress.standing_committee_name in html


def test_unknown_congress_and_unpublished_things_are_404(portal_world):
    c = portal_world
    code = c.congress.code
    client = Client()
    assert client.get(reverse("portal:home", kwargs={"code": "no-such"})).status_code == 404
    assert client.get(reverse("portal:news_detail", kwargs={"code": code, "pk": c.news_draft.pk})).status_code == 404
    # another congress's article is not found under this congress's address
    assert client.get(reverse("portal:news_detail", kwargs={"code": c.other.congress.code, "pk": c.news.pk})) \
        .status_code == 404
    # a bill under deliberation is not a published regulation
    assert client.get(reverse("portal:regulation", kwargs={"code": code, "pk": c.draft_bill.pk})).status_code == 404


def test_home_shows_news_open_drafts_and_links(portal_world):
    c = portal_world
    html = _get(Client(), "portal:home", c.congress.code)
    assert c.news.title in html and c.news_draft.title not in html
    assert "甲市湖泊保护条例（草案）" in html and "还剩 <strong>41</strong> 天" in html
    assert "甲市水库管理条例（草案）" in html and "开始征求意见" in html  # announced, not yet open
    assert f"/proposals/public/{c.congress.code}/" in html and f"/supervision/public/{c.congress.code}/" in html
    assert reverse("portal:regulation", kwargs={"code": c.congress.code, "pk": c.regulation.pk}) in html


def test_news_list_and_categories(portal_world):
    c = portal_world
    client = Client()
    html = _get(client, "portal:news", c.congress.code)
    assert c.news.title in html and c.news_draft.title not in html
    html = client.get(reverse("portal:news", kwargs={"code": c.congress.code}) + "?category=notice&page=abc").content
    assert c.news.title not in html.decode()


def test_regulation_page_full_text_toc_versions_and_feedback(portal_world):
    c = portal_world
    client = Client()
    html = _get(client, "portal:regulation", c.congress.code, pk=c.regulation.pk)
    promulgated = c.regulation.versions.get(stage=Stage.PROMULGATED)
    art5 = promulgated.text.split("第五条", 1)[1].split("\n", 1)[0]
    assert "甲市河道管理条例" in html and art5.strip() in html
    assert 'href="#chp_2"' in html and 'id="chp_2"' in html  # the table of contents jumps to the chapter
    assert 'href="#chp_2__art_5"' in html and 'id="chp_2__art_5"' in html
    assert "公布文本" in html and "草案" in html  # the published versions with their dates
    assert "2026年8月28日" in html and "第1号" in html
    assert "罚款幅度已作调整" in html  # the 征求意见情况通报 of the closed period
    assert "李四" not in html and c.known_phone not in html
    # the unpublished 二审稿 is not offered; the draft (published for comment) can be read
    second = c.regulation.versions.get(stage=Stage.SECOND)
    assert f"?version={second.pk}" not in html
    draft = c.regulation.versions.get(stage=Stage.DRAFT)
    html = client.get(reverse("portal:regulation", kwargs={"code": c.congress.code, "pk": c.regulation.pk})
                      + f"?version={draft.pk}").content.decode()
    assert "不是现行有效的文本" in html and "一千元以上一万元以下" in html
    html = client.get(reverse("portal:regulation", kwargs={"code": c.congress.code, "pk": c.regulation.pk})
                      + f"?version={second.pk}").content.decode()
    assert "不是现行有效的文本" not in html  # an unpublished version falls back to the promulgated text


def test_regulation_comparison_between_published_versions(portal_world):
    c = portal_world
    html = _get(Client(), "portal:regulation_compare", c.congress.code, pk=c.regulation.pk)
    assert "<del>" in html and "<ins>" in html and "statute-compare" in html
    table = html.split("statute-compare", 1)[1]
    assert "第五条" in table and "罚款" in table  # the changed article, with its deleted and inserted words
    assert "第一条" not in table  # unchanged articles are left out


def test_drafts_page_lists_open_and_past(portal_world):
    c = portal_world
    html = _get(Client(), "portal:drafts", c.congress.code)
    assert "甲市湖泊保护条例（草案）" in html and "尚未开始" in html
    assert "甲市河道管理条例" in html and "已结束" in html


def test_closed_and_future_drafts_have_no_form(portal_world):
    c = portal_world
    client = Client()
    closed = c.regulation.comment_periods.get()
    html = _get(client, "portal:draft", c.congress.code, pk=closed.pk)
    assert "征求意见已经结束" in html and 'id="comment-form"' not in html and "提意见" not in html
    assert "罚款幅度已作调整" in html
    html = _get(client, "portal:draft", c.congress.code, pk=c.future_period.pk)
    assert "尚未开始" in html and 'id="comment-form"' not in html
    html = _get(client, "portal:draft", c.congress.code, pk=c.period.pk)
    assert 'id="comment-form"' in html and 'aria-label="对第五条提意见"' in html
    assert "不少于30日" in html


def test_deputies_directory_without_personal_data(portal_world):
    c = portal_world
    client = Client()
    html = _get(client, "portal:deputies", c.congress.code)
    deputy = c.city.deputies[0]
    assert deputy.person.name in html
    assert c.known_phone not in html
    html = _get(client, "portal:stations", c.congress.code)
    assert "老城代表联络站" in html and "老城区人民路1号" in html and "每月15日上午" in html
    assert deputy.person.name in html and c.known_phone not in html


def test_confidential_suggestions_are_not_shown(portal_world):
    """The portal links to the proposals public page and its open data uses the same filter (see test_opendata)."""
    c = portal_world
    html = _get(Client(), "portal:home", c.congress.code)
    assert reverse("proposals:public", kwargs={"code": c.congress.code}) in html


def test_published_feedback_notices_appear_on_the_regulation_page_and_in_the_data(portal_world):
    """The legislation module's public feedback notice (立法法 第四十条), once published, is on the portal."""
    from renda.legislation import selectors as leg_selectors

    if not hasattr(leg_selectors, "published_feedback_notices"):
        pytest.skip("the legislation module has no feedback notices yet")
    import json

    from renda.legislation import services as leg

    c = portal_world
    draft = c.regulation.versions.get(stage=Stage.DRAFT)
    notice = leg.notice_create(actor=c.clerk, version=draft, title="关于甲市河道管理条例草案征求意见情况的通报",
                               body="共收到意见1条。\n关于罚款幅度的意见已部分采纳。")
    url = reverse("portal:regulation", kwargs={"code": c.congress.code, "pk": c.regulation.pk})
    assert "关于罚款幅度的意见已部分采纳" not in Client().get(url).content.decode()  # a draft notice is not public
    leg.notice_transition(actor=c.clerk, notice=notice, action="publish")
    html = Client().get(url).content.decode()
    assert "关于甲市河道管理条例草案征求意见情况的通报" in html and "关于罚款幅度的意见已部分采纳" in html
    data = json.loads(Client().get(reverse("portal:data_file", kwargs={
        "code": c.congress.code, "key": "feedback-notices", "fmt": "json"})).content)
    assert [r["title"] for r in data["rows"]] == ["关于甲市河道管理条例草案征求意见情况的通报"]
