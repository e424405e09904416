"""The demo city's portal: a dozen news articles, a regulation in force with its versions, a draft open for comment
with a 第五条, the deputies and stations — and no personal data anywhere on the public side."""

import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from renda.core import audit
from renda.core.models import Congress
from renda.legislation.models import Bill, BillStatus, Stage
from renda.portal.models import NewsArticle

pytestmark = pytest.mark.django_db


def test_demo_portal(db):
    call_command("demo")
    city = Congress.objects.get(code="xx-city")
    assert NewsArticle.objects.filter(congress=city, status="published").count() >= 11
    assert NewsArticle.objects.filter(congress=city, status="draft").count() == 1
    wenming = Bill.objects.get(congress=city, title="XX市文明行为促进条例")
    assert wenming.status == BillStatus.FILED
    assert wenming.versions.filter(stage=Stage.PROMULGATED, published=True).exists()
    assert audit.verify() == []

    client = Client()
    code = city.code
    from django.utils import timezone

    from renda.legislation.models import CommentPeriod

    period = CommentPeriod.objects.get(bill__title="XX市历史文化名城保护条例", status="open")
    html = client.get(reverse("portal:home", kwargs={"code": code})).content.decode()
    if period.closes_on >= timezone.localdate():  # the demo's period (until 2026-12-03) as the clock goes on
        assert "XX市历史文化名城保护条例（草案）" in html
    html = client.get(reverse("portal:regulation", kwargs={"code": code, "pk": wenming.pk})).content.decode()
    assert "第五条" in html and "公布文本" in html and "广场舞噪声" in html
    html = client.get(reverse("portal:regulation_compare", kwargs={"code": code, "pk": wenming.pk})).content.decode()
    assert "<ins>" in html
    html = client.get(reverse("portal:draft", kwargs={"code": code, "pk": period.pk})).content.decode()
    assert "第五条" in html and "2026年12月3日" in html
    # the demo comments carry contacts (1390000xxxx): none reaches the public side
    for key in ("news", "regulations", "comment-periods", "suggestions", "deputies", "stations"):
        body = client.get(reverse("portal:data_file", kwargs={"code": code, "key": key, "fmt": "json"})).content
        data = json.loads(body)
        assert "1390000" not in body.decode(), key
        assert data["rows"], key
    assert "1390000" not in client.get(reverse("portal:deputies", kwargs={"code": code})).content.decode()
