"""The performance record (履职档案): figures derived from the records behind it, the configurable score,
registered sources from other modules, the deputy's platform and the drafted report to constituents."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document
from tests.conftest import login

from renda.core.models import RuleParameter
from renda.deputies import records
from renda.deputies.records import RecordEntry

pytestmark = pytest.mark.django_db

YEAR = 2026


@pytest.fixture
def suggestions_source(dep_world):
    """A stand-in for the proposals and meetings modules: two suggestions and one attendance for the deputy."""
    me = dep_world.me

    def source(deputy, year):
        if deputy.pk != me.pk or year != YEAR:
            return []
        return [
            RecordEntry(kind="suggestion", title="关于加快老旧小区改造的建议", date=dt.date(2026, 1, 12),
                        status="已答复", detail="已列入年度计划。"),
            RecordEntry(kind="suggestion", title="关于优化公交线路的建议", date=dt.date(2026, 5, 3), status="办理中"),
            RecordEntry(kind="attendance", title="列席常委会第五次会议", date=dt.date(2026, 6, 26)),
        ]

    records.register_record_source("test.proposals", source)
    yield source
    records.unregister_record_source("test.proposals")


def counts(record):
    return {r.kind: (r.count, r.points) for r in record.rows if r.count}


def test_record_figures_come_from_the_records(dep_world):
    c = dep_world
    record = records.compile_record(c.me, YEAR)
    # held reception and inspection; the member's contact; two issues raised; one course attended.
    # The planned research trip does not count until it is held.
    assert counts(record) == {"reception": (1, 2), "inspection": (1, 2), "member_contact": (1, 1), "issue": (2, 2),
                              "training": (1, 2)}
    assert record.total_points == 9
    peer = records.compile_record(c.peer, YEAR)  # absent from the course: no training points
    assert counts(peer) == {"reception": (1, 2), "member_contact": (1, 1), "issue": (1, 1)}
    assert records.compile_record(c.me, YEAR - 1).total_points == 0


def test_registered_sources_and_the_configurable_score(dep_world, suggestions_source):
    c = dep_world
    record = records.compile_record(c.me, YEAR)
    assert counts(record)["suggestion"] == (2, 6) and counts(record)["attendance"] == (1, 2)
    assert record.total_points == 17
    assert [e.title for e in record.suggestions] == ["关于加快老旧小区改造的建议", "关于优化公交线路的建议"]
    RuleParameter.objects.create(congress=c.congress, rule_id="DEP-SCORE", name="reception", value=5)
    RuleParameter.objects.create(congress=c.congress, rule_id="DEP-SCORE", name="suggestion", value=4)
    assert records.compile_record(c.me, YEAR).total_points == 17 + 3 + 2


def test_a_failing_source_does_not_take_the_platform_down(dep_world):
    c = dep_world

    def broken(deputy, year):
        raise RuntimeError("boom")

    records.register_record_source("test.broken", broken)
    try:
        record = records.compile_record(c.me, YEAR)
        assert record.failed_sources == ["test.broken"] and record.total_points == 9
        assert "部分履职数据暂时无法读取" in login(c.deputy).get(reverse("deputies:me")).content.decode()
    finally:
        records.unregister_record_source("test.broken")


def test_the_platform_shows_the_same_figures(dep_world, suggestions_source):
    c = dep_world
    client = login(c.deputy)
    html = client.get(reverse("deputies:me"), {"year": YEAR}).content.decode()
    assert 'id="count-suggestions">2<' in html
    assert 'id="record-total">17<' in html
    assert 'id="count-activities">6<' in html  # 5 liaison entries (2 activities, 1 contact, 2 issues) + 1 course
    assert "专题调研城市更新" in html  # the next engagement
    api = client.get("/api/v1/deputies/me/record", {"year": YEAR}).json()
    assert api["total_points"] == 17
    assert {r["kind"]: r["count"] for r in api["rows"]}["suggestion"] == 2
    # the deputies' area opens on the platform for a deputy
    assert client.get(reverse("deputies:index")).url == reverse("deputies:me")


def test_who_sees_a_record(dep_world):
    c = dep_world
    url = reverse("deputies:deputy_record", args=[c.me.pk])
    for role, status in [("deputy", 200), ("clerk", 200), ("dbw", 200), ("leader", 200), ("member", 404),
                         ("unit_user", 404), ("outsider_clerk", 404)]:
        assert login(getattr(c, role)).get(url).status_code == status, role
    # a deputy cannot read another deputy's record
    assert login(c.deputy).get(reverse("deputies:deputy_record", args=[c.peer.pk])).status_code == 404
    assert login(c.deputy).get(f"/api/v1/deputies/registry/{c.peer.pk}/record").status_code == 404
    # members and staff have no platform of their own
    assert login(c.clerk).get(reverse("deputies:me")).status_code == 404


def test_the_report_to_constituents_is_drafted_from_the_record(dep_world, suggestions_source):
    c = dep_world
    resp = login(c.deputy).get(reverse("deputies:me_report"), {"year": YEAR})
    assert resp.status_code == 200 and resp["Content-Type"].endswith("wordprocessingml.document")
    doc = Document(io.BytesIO(resp.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert f"{c.me.person.name}代表{YEAR}年度履职情况报告" in text
    assert "履职积分17分" in text
    assert "关于加快老旧小区改造的建议（已答复）" in text and "9月接待选民日" in text and "代表履职学习班" in text
    assert "第五十八条第二款" in text
    table = doc.tables[0]
    rows = {r.cells[0].text: r.cells[1].text for r in table.rows[1:]}
    assert rows["提出建议、批评和意见"] == "2" and rows["接待选民"] == "1"
