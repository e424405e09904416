"""Open data: JSON and CSV (UTF-8 with BOM) of everything published — and nothing else, no personal data."""

import csv
import datetime as dt
import io
import json

import pytest
from django.test import Client
from django.urls import reverse

from renda.portal import opendata

pytestmark = pytest.mark.django_db


@pytest.fixture
def suggestions(portal_world):
    from renda.proposals.models import Proposal

    c = portal_world
    common = dict(congress=c.congress, year=2026, received_on=dt.date(2026, 2, 1), status="replied",
                  lead_deputy=c.city.deputies[0])
    Proposal.objects.create(number="S-001", title="关于增设公交线路的建议", content="建议在南湖新区增设公交线路。", **common)
    Proposal.objects.create(number="S-002", title="保密的建议", content="不应公开的内容。", confidential=True, **common)
    Proposal.objects.create(number="S-003", title="涉及个人问题的建议", content="个人问题。", flags=["personal"], **common)
    Proposal.objects.create(number="S-004", title="尚未答复的建议", content="办理中。",
                            **{**common, "status": "assigned"})
    return c


def _get(client, c, key, fmt):
    return client.get(reverse("portal:data_file", kwargs={"code": c.congress.code, "key": key, "fmt": fmt}))


def test_every_dataset_as_json_and_csv_without_personal_data(suggestions):
    c = suggestions
    client = Client()
    assert client.get(reverse("portal:data", kwargs={"code": c.congress.code})).status_code == 200
    everything = []
    for key in opendata.DATASETS:
        response = _get(client, c, key, "json")
        assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
        data = json.loads(response.content)
        assert data["dataset"] == key and isinstance(data["rows"], list)
        response = _get(client, c, key, "csv")
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        assert response.content.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads it as UTF-8
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[0] == [t for _, t in opendata.DATASETS[key].columns]
        everything.append(response.content.decode("utf-8-sig"))
        everything.append(json.dumps(data, ensure_ascii=False))
    blob = "\n".join(everything)
    assert c.known_phone not in blob  # a deputy's phone and a commenter's contact
    assert "李四" not in blob  # a commenter's name
    assert "0999-1234567" not in blob and "id_number" not in blob


def test_only_published_records_are_in_the_data(suggestions):
    c = suggestions
    client = Client()
    news = json.loads(_get(client, c, "news", "json").content)["rows"]
    assert [r["title"] for r in news] == [c.news.title]
    regs = json.loads(_get(client, c, "regulations", "json").content)["rows"]
    assert [r["title"] for r in regs] == ["甲市河道管理条例"] and "第五条" in regs[0]["text"]
    assert regs[0]["promulgated_on"] == "2026-08-28" and regs[0]["announcement_number"] == "第1号"
    periods = json.loads(_get(client, c, "comment-periods", "json").content)["rows"]
    assert {p["title"] for p in periods} == {"甲市河道管理条例", "甲市湖泊保护条例（草案）", "甲市水库管理条例（草案）"}
    closed = next(p for p in periods if p["title"] == "甲市河道管理条例")
    assert closed["comment_count"] == 1 and "罚款幅度已作调整" in closed["feedback"]
    sugg = json.loads(_get(client, c, "suggestions", "json").content)["rows"]
    assert [s["number"] for s in sugg] == ["S-001"]  # not confidential, not personal, not unanswered
    deputies = json.loads(_get(client, c, "deputies", "json").content)["rows"]
    assert set(deputies[0]) == {"name", "delegation", "sector"}
    assert len(deputies) == 20
    # another congress's data stays under its own code
    other = json.loads(client.get(reverse("portal:data_file", kwargs={
        "code": c.other.congress.code, "key": "news", "fmt": "json"})).content)["rows"]
    assert other == []


def test_unknown_dataset_is_404_and_formulas_are_neutralised(portal_world):
    c = portal_world
    client = Client()
    assert client.get(f"/public/{c.congress.code}/data/nothing.json").status_code == 404
    assert client.get(f"/public/{c.congress.code}/data/news.xml").status_code == 404
    assert opendata._cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
