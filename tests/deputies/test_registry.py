"""The registry: composition statistics as congresses publish them, filters, the bulk import."""

import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from tests.conftest import login

from renda.deputies import selectors, services
from renda.deputies.models import Delegation, Deputy

pytestmark = pytest.mark.django_db

# 20 deputies: (gender, ethnicity, party, age at the start of the term, sector, reelected)
PROFILE = (
    [("F", "汉族", "中共党员", 33, "工人", False)] * 2
    + [("F", "回族", "民盟", 40, "专业技术人员", True)] * 2
    + [("F", "汉族", "中共党员", 50, "党政领导干部", True)] * 2
    + [("M", "汉族", "中共党员", 45, "农民", False)] * 2
    + [("M", "汉族", "中共党员", 36, "专业技术人员", False)] * 1
    + [("M", "汉族", "民盟", 52, "专业技术人员", False)] * 1
    + [("M", "汉族", "中共党员", 55, "党政领导干部", True)] * 5
    + [("M", "汉族", "无党派人士", 58, "企业负责人", True)] * 2
    + [("M", "汉族", "群众", 60, "企业负责人", True)] * 1
    + [("M", "汉族", "中共党员", 56, "企业负责人", False)] * 1
    + [("M", "汉族", "群众", 48, "专业技术人员", False)] * 1
)


@pytest.fixture
def profiled(dep_world):
    c = dep_world
    deputies = list(Deputy.objects.filter(term=c.city.term).order_by("id"))
    assert len(deputies) == len(PROFILE) == 20
    year = c.city.term.start_date.year
    rows = [{"deputy": d.pk, "gender": g, "ethnicity": e, "party": p, "birth_year": year - age, "sector": s,
             "reelected": r} for d, (g, e, p, age, s, r) in zip(deputies, PROFILE, strict=True)]
    services.registry_bulk_update(actor=c.dbw, term=c.city.term, rows=rows)
    c.deputies = list(Deputy.objects.filter(term=c.city.term).order_by("id"))  # the import moved lock_version
    return c


def dim(stats, key):
    return {str(r["label"]): (r["count"], r["share"]) for r in stats["dims"][key]}


def test_composition_counts_and_shares(profiled):
    c = profiled
    stats = selectors.composition(c.city.term)
    assert stats["total"] == 20
    assert dim(stats, "gender") == {"男": (14, 70.0), "女": (6, 30.0)}
    assert dim(stats, "ethnicity") == {"汉族": (18, 90.0), "回族": (2, 10.0)}
    assert dim(stats, "party") == {"中共党员": (13, 65.0), "民盟": (3, 15.0), "无党派人士": (2, 10.0), "群众": (2, 10.0)}
    # "以下" includes the bound: 35 and under; 36-45; 46-55; 56 and over
    assert dim(stats, "age") == {"35岁以下": (2, 10.0), "36至45岁": (5, 25.0), "46至55岁": (9, 45.0),
                                 "56岁以上": (4, 20.0)}
    assert dim(stats, "sector") == {"党政领导干部": (7, 35.0), "专业技术人员": (5, 25.0), "企业负责人": (4, 20.0),
                                    "工人": (2, 10.0), "农民": (2, 10.0)}
    hl = {h["key"]: (h["count"], h["share"]) for h in stats["highlights"]}
    assert hl["women"] == (6, 30.0)
    assert hl["minorities"] == (2, 10.0)
    assert hl["frontline"] == (4, 20.0)
    assert hl["cpc"] == (13, 65.0) and hl["non_cpc"] == (7, 35.0)
    assert hl["reelected"] == (12, 60.0)
    assert hl["young"] == (2, 10.0)
    assert sum(r["count"] for r in stats["dims"]["delegation"]) == 20


def test_age_bounds_are_a_rule_parameter(profiled):
    from renda.core.models import RuleParameter

    c = profiled
    RuleParameter.objects.create(congress=c.congress, rule_id="DEP-COMPOSITION", name="age_bounds", value=[40, 55])
    stats = selectors.composition(c.city.term)
    assert dim(stats, "age") == {"40岁以下": (5, 25.0), "41至55岁": (11, 55.0), "56岁以上": (4, 20.0)}


def test_composition_follows_changes_and_shows_vacancies(profiled):
    c = profiled
    leaving = c.deputies[0]  # a woman, a worker
    Delegation.objects.filter(term=c.city.term).update(seats=0)
    g = leaving.delegation
    Delegation.objects.filter(pk=g.pk).update(seats=Deputy.objects.filter(delegation=g).count())
    ch = services.change_create(actor=c.dbw, kind="resignation", deputy=leaving, occurred_on=c.city.term.start_date)
    services.change_transition(actor=c.dbw, change=ch, action="report")
    services.change_transition(actor=c.dbw, change=ch, action="accept", decision_ref="原选举单位常委会接受辞职的决议")
    stats = selectors.composition(c.city.term)
    assert stats["total"] == 19
    assert dim(stats, "gender")["女"] == (5, 26.3)
    row = next(r for r in stats["dims"]["delegation"] if r["key"] == g.pk)
    assert row["vacancies"] == 1
    assert {s["key"]: s["count"] for s in stats["statuses"]}["resigned"] == 1


def test_composition_page_and_api_and_export_agree(profiled):
    c = profiled
    client = login(c.clerk)
    html = client.get(reverse("deputies:index")).content.decode()
    assert 'id="kpi-total">20<' in html and "妇女代表" in html and "composition-data" in html
    api = client.get("/api/v1/deputies/composition").json()
    assert api["total"] == 20
    assert {r["label"]: r["count"] for r in api["dimensions"]["gender"]} == {"男": 14, "女": 6}
    wb = openpyxl.load_workbook(io.BytesIO(client.get(reverse("deputies:composition_export")).content))
    rows = {r[0]: r[1] for r in wb.active.iter_rows(values_only=True) if r[0]}
    assert rows["妇女代表"] == 6 and rows["少数民族代表"] == 2


def test_registry_filters_and_htmx_partial(profiled):
    c = profiled
    client = login(c.member)
    url = reverse("deputies:registry")
    html = client.get(url, {"gender": "F"}).content.decode()
    assert "共 6 名" in html
    html = client.get(url, {"party": "民盟", "sector": "专业技术人员"}).content.decode()
    assert "共 3 名" in html
    part = client.get(url, {"gender": "F"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="deputy-table")
    assert "<html" not in part.content.decode()
    bad = client.get(url, {"delegation": "x", "gender": "<script>", "status": "nope", "page": "zz"})
    assert bad.status_code == 400 and "筛选条件无效" in bad.content.decode()  # refused by name, never ignored
    assert client.get(url, {"page": "zz"}).status_code == 200
    assert client.get("/api/v1/deputies/registry", {"gender": "F"}).json()["count"] == 6


def test_bulk_import_is_all_or_nothing_with_a_report(profiled):
    c = profiled
    d = c.deputies[3]
    with pytest.raises(ValidationError) as exc:
        services.registry_bulk_update(actor=c.dbw, term=c.city.term, rows=[
            {"deputy": d.pk, "sector": "农民"}, {"deputy": 999999, "sector": "工人"}, {"deputy": d.pk, "gender": "X"},
        ])
    assert "第2行" in str(exc.value) and "第3行" in str(exc.value)
    d.refresh_from_db()
    assert d.sector == "专业技术人员"  # nothing applied
    with pytest.raises(PermissionDenied):
        services.registry_bulk_update(actor=c.clerk, term=c.city.term, rows=[])


def test_deputy_edit_through_the_page(profiled):
    c = profiled
    d = c.deputies[5]
    client = login(c.dbw)
    resp = client.post(reverse("deputies:deputy_edit", args=[d.pk]), {
        "lock_version": d.lock_version, "sector": "社会组织", "occupation": "社区党委书记", "gender": "F",
        "ethnicity": "汉族", "party": "中共党员", "birth_year": 1980, "phone": "13811112222"})
    assert resp.status_code == 302
    d.refresh_from_db()
    assert d.sector == "社会组织" and d.phone == "13811112222"
    # a stale form is refused
    resp = client.post(reverse("deputies:deputy_edit", args=[d.pk]), {"lock_version": 0, "sector": "工人"})
    assert "已被他人修改" in resp.content.decode()
    assert login(c.clerk).get(reverse("deputies:deputy_edit", args=[d.pk])).status_code == 403
