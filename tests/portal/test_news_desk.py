"""The news desk: the office writes, publishes and withdraws articles; others read or see nothing; audited."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from tests.conftest import password_login as _login

from renda.core import audit, rules
from renda.core.errors import RuleViolation
from renda.portal import services
from renda.portal.models import NewsArticle

pytestmark = pytest.mark.django_db




def test_office_writes_publishes_and_withdraws_through_the_pages(cast):
    c = cast
    client = _login(c.clerk, c.password)
    assert client.get(reverse("portal:news_admin")).status_code == 200
    response = client.post(reverse("portal:news_create"), {
        "title": "代表视察城市内涝治理工程", "category": "deputies", "summary": "",
        "body": "市人大代表视察了城市内涝治理工程。\n\n代表们对工程进展表示肯定。", "source": "代表工委"})
    assert response.status_code == 302
    article = NewsArticle.objects.get(title="代表视察城市内涝治理工程")
    assert article.status == "draft" and article.congress_id == c.congress.id
    public_url = reverse("portal:news_detail", kwargs={"code": c.congress.code, "pk": article.pk})
    assert Client().get(public_url).status_code == 404  # a draft is not public
    client.post(reverse("portal:news_transition", args=[article.pk, "publish"]))
    article.refresh_from_db()
    assert article.status == "published" and article.published_at is not None
    html = Client().get(public_url).content.decode()
    assert "代表们对工程进展表示肯定。" in html
    # edit with the lock version
    response = client.post(reverse("portal:news_edit", args=[article.pk]), {
        "title": "代表视察城市内涝治理工程（修订）", "category": "deputies", "summary": "摘要",
        "body": article.body, "source": "代表工委", "lock_version": article.lock_version})
    assert response.status_code == 302
    # a stale lock version is a conflict shown in the form
    response = client.post(reverse("portal:news_edit", args=[article.pk]), {
        "title": "过时的修改", "category": "deputies", "summary": "", "body": article.body, "source": "",
        "lock_version": 0})
    assert response.status_code == 409 and "已被他人修改" in response.content.decode()
    # withdraw needs a reason
    client.post(reverse("portal:news_transition", args=[article.pk, "withdraw"]), {"note": ""})
    article.refresh_from_db()
    assert article.status == "published"
    client.post(reverse("portal:news_transition", args=[article.pk, "withdraw"]), {"note": "内容需要核实"})
    article.refresh_from_db()
    assert article.status == "draft" and article.withdrawn_reason == "内容需要核实"
    assert Client().get(public_url).status_code == 404
    actions = [e.action for e in audit.history(article)]
    assert actions == ["create", "transition", "update", "transition"]
    assert audit.verify() == []


def test_a_short_article_cannot_be_published(cast):
    article = services.news_create(actor=cast.clerk, title="短", category="notice", body="太短")
    with pytest.raises(RuleViolation) as exc:
        services.news_transition(actor=cast.clerk, article=article, action="publish")
    assert rules.get("PORTAL-NEWS").title in exc.value.message


def test_who_sees_the_desk(cast):
    c = cast
    article = services.news_create(actor=c.clerk, title="内部稿件标题", category="notice", body="内部稿件正文，尚未发布。" * 3)
    leader = _login(c.leader, c.password)
    assert leader.get(reverse("portal:news_admin_detail", args=[article.pk])).status_code == 200
    assert leader.get(reverse("portal:news_create")).status_code == 403
    leader.post(reverse("portal:news_transition", args=[article.pk, "publish"]))
    article.refresh_from_db()
    assert article.status == "draft"  # only the office publishes
    for user in (c.committee, c.member, c.deputy, c.unit_user):
        client = _login(user, c.password)
        assert client.get(reverse("portal:news_admin")).status_code == 404, user.username
        assert client.get(reverse("portal:news_admin_detail", args=[article.pk])).status_code == 404, user.username
    outsider = _login(c.outsider_clerk, c.password)  # another congress's office: its own (empty) desk
    assert "内部稿件标题" not in outsider.get(reverse("portal:news_admin")).content.decode()
    assert outsider.get(reverse("portal:news_admin_detail", args=[article.pk])).status_code == 404
    assert outsider.post(reverse("portal:news_transition", args=[article.pk, "publish"])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.news_create(actor=c.committee, title="委员会稿件", category="notice", body="正文" * 20)
    # the anonymous visitor is sent to the login page
    assert Client().get(reverse("portal:news_admin")).status_code == 302


def test_bad_input_is_a_form_error(cast):
    client = _login(cast.clerk, cast.password)
    response = client.post(reverse("portal:news_create"), {"title": "", "category": "nope", "body": ""})
    html = response.content.decode()
    assert response.status_code == 200 and "请填写标题" in html and "请选择有效的栏目" in html


def test_only_drafts_are_deleted_and_the_audit_keeps_them(cast):
    c = cast
    client = _login(c.clerk, c.password)
    article = services.news_create(actor=c.clerk, title="待删除的稿件", category="notice", body="正文内容足够长。" * 5)
    services.news_transition(actor=c.clerk, article=article, action="publish")
    client.post(reverse("portal:news_delete", args=[article.pk]))
    assert NewsArticle.objects.filter(pk=article.pk).exists()  # published: withdraw first
    services.news_transition(actor=c.clerk, article=article, action="withdraw", note="重复稿件")
    assert _login(c.leader, c.password).post(reverse("portal:news_delete", args=[article.pk])).status_code == 403
    assert client.post(reverse("portal:news_delete", args=[article.pk])).status_code == 302
    assert not NewsArticle.objects.filter(pk=article.pk).exists()
    from renda.core.audit import AuditEvent

    assert AuditEvent.objects.filter(object_type="portal.newsarticle", object_id=str(article.pk),
                                     action="delete").exists()
    assert audit.verify() == []
