"""Another congress sees nothing (404, web and API); non-members cannot vote; only the chair opens."""

import pytest

from renda.voting import services

pytestmark = pytest.mark.django_db


def test_another_congress_sees_nothing(session, client):
    c = session
    live = services.live_open(actor=c.clerk, item=c.items[0])
    client.force_login(c.outsider_clerk)
    for url in (f"/voting/{live.pk}/", f"/voting/{live.pk}/screen/", f"/voting/{live.pk}/screen/live/",
                f"/voting/{live.pk}/ballot/", f"/voting/{live.pk}/receipts/", f"/api/v1/voting/{live.pk}",
                f"/voting/items/{c.items[1].pk}/fallback/"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/voting/{live.pk}/ballot/", {"choice": "yes"}).status_code == 404
    assert client.post(f"/api/v1/voting/{live.pk}/cast", {"choice": "yes"},
                       content_type="application/json").status_code == 404
    assert client.post(f"/voting/items/{c.items[1].pk}/open/", {"kind": "vote", "threshold": "majority",
                                                                "minutes": 5}).status_code == 404
    page = client.get("/voting/").content.decode()
    assert c.items[0].title not in page


@pytest.mark.parametrize("who", ["deputy", "unit_user", "committee"])
def test_roles_outside_the_committee_cannot_see_or_vote(session, client, who):
    c = session
    live = services.live_open(actor=c.clerk, item=c.items[0])
    client.force_login(getattr(c, who))
    assert client.get("/voting/").status_code == 404
    assert client.get(f"/voting/{live.pk}/ballot/").status_code == 404
    assert client.post(f"/voting/{live.pk}/ballot/", {"choice": "yes"}).status_code == 404


def test_member_votes_through_the_api_and_screen_hides_choices(session, client):
    c = session
    live = services.live_open(actor=c.clerk, item=c.items[0])
    client.force_login(c.member)
    r = client.post(f"/api/v1/voting/{live.pk}/cast", {"choice": "no"}, content_type="application/json")
    assert r.status_code == 200, r.content
    r = client.post(f"/api/v1/voting/{live.pk}/cast", {"choice": "no"}, content_type="application/json")
    assert r.status_code == 409 and "已经投过票" in r.json()["detail"]
    data = client.get(f"/api/v1/voting/{live.pk}").json()
    assert (data["voted"], data["present"], data["total"], data["counts"]) == (1, 8, 11, {})
    screen = client.get(f"/voting/{live.pk}/screen/live/").content.decode()
    assert 'hx-trigger="every 1s"' in screen and "反对" not in screen and c.member.person.name in screen


def test_chair_opens_from_the_page_and_a_member_cannot(session, client):
    c = session
    form = {"kind": "vote", "threshold": "majority", "minutes": 5}
    client.force_login(c.member)
    assert client.post(f"/voting/items/{c.items[0].pk}/open/", form).status_code == 404
    client.force_login(c.clerk)
    r = client.post(f"/voting/items/{c.items[0].pk}/open/", form)
    assert r.status_code == 302
    r = client.post(f"/voting/items/{c.items[1].pk}/open/", {**form, "minutes": 0})
    assert r.status_code == 400 and "表决时长" in r.content.decode()


def test_pages_render_for_chair_and_member_and_fallback_form(session, client):
    c = session
    live = services.live_open(actor=c.clerk, item=c.items[0])
    client.force_login(c.member)
    page = client.get("/voting/").content.decode()
    assert f"/voting/{live.pk}/ballot/" in page and "开始表决" not in page  # a member votes, does not chair
    assert client.get(f"/voting/{live.pk}/").status_code == 200
    client.force_login(c.clerk)
    page = client.get("/voting/").content.decode()
    assert f"/voting/items/{c.items[1].pk}/open/" in page
    assert "结束表决并宣布结果" in client.get(f"/voting/{live.pk}/").content.decode()
    assert client.get(f"/voting/{live.pk}/screen/").status_code == 200
    url = f"/voting/items/{c.items[1].pk}/fallback/"
    r = client.post(url, {"method": "hands", "kind": "vote", "threshold": "majority", "yes": 9, "note": "表决器故障"})
    assert r.status_code == 400 and "超过出席的组成人员" in r.content.decode()
    r = client.post(url, {"method": "hands", "kind": "vote", "threshold": "majority", "yes": 6, "no": 2,
                          "note": "表决器故障"})
    assert r.status_code == 302
    r = client.post(f"/act/voting.livevote/{live.pk}/close/", {})
    assert r.status_code in (302, 303)
    live.refresh_from_db()
    assert live.status == "recorded" and live.passed is False  # nobody voted: 0 of 11


def test_bad_input_is_a_chinese_4xx_never_a_500(session, client):
    c = session
    live = services.live_open(actor=c.clerk, item=c.items[0])
    client.force_login(c.member)
    r = client.post(f"/api/v1/voting/{live.pk}/cast", {"choice": "x" * 500}, content_type="application/json")
    assert r.status_code == 422 and "请选择" in r.json()["errors"]["choice"][0]
    assert client.post(f"/api/v1/voting/{live.pk}/cast", "not json", content_type="application/json").status_code \
        in (400, 422)
    assert client.get(f"/api/v1/voting/{2**60}").status_code in (404, 422)
    assert client.get(f"/voting/{live.pk}/receipts/", {"code": "码" * 80}).status_code == 200
    assert client.get(f"/voting/{live.pk}/ballot/?choice=yes").status_code == 200  # a GET never votes
    assert not live.marks.exists()
    client.force_login(c.clerk)
    r = client.post(f"/voting/items/{c.items[1].pk}/fallback/", {"method": "x", "yes": "-1", "note": ""})
    assert r.status_code == 400
    r = client.post(f"/voting/items/{c.items[1].pk}/open/", {"kind": "bogus", "threshold": "majority", "minutes": 5})
    assert r.status_code == 400


def test_the_area_is_in_chinese_for_members_and_absent_for_deputies(session, client):
    c = session
    client.force_login(c.member)
    assert '<a href="/voting/"' in client.get("/").content.decode() and ">现场表决</a>" in client.get("/").content.decode()
    client.force_login(c.deputy)
    assert '<a href="/voting/"' not in client.get("/").content.decode()
