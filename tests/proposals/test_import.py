"""1,000 rows, three malformed: 997 stored, the three reported with row numbers; a re-import adds nothing."""

import io

import pytest
from django.test import Client
from openpyxl import Workbook

from renda.proposals import services
from renda.proposals.models import CoSigner, Proposal

pytestmark = pytest.mark.django_db


def workbook(cast, n=1000):
    deps = cast.city.deputies
    delegation = deps[0].delegation.name
    wb = Workbook()
    ws = wb.active
    ws.append(services.IMPORT_HEADER)
    for i in range(1, n + 1):
        lead, co = deps[i % len(deps)].person.name, deps[(i + 1) % len(deps)].person.name
        ws.append([f"J{i:04d}", f"关于第{i}项民生实事的建议", lead, co, delegation, "城乡建设",
                   f"建议进一步改进第{i}项民生工作，明确责任单位和完成时限。"])
    ws.cell(row=101, column=3).value = None  # row 101: no lead deputy
    ws.cell(row=502, column=5, value="不存在代表团")  # row 502: unknown delegation
    ws.cell(row=1001, column=7, value="  ")  # row 1001: empty content
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def test_import_reports_bad_rows_and_is_idempotent(cast):
    data = workbook(cast)
    report = services.import_xlsx(actor=cast.clerk, fileobj=data, year=2026)
    assert report.created == 997
    assert [row for row, _ in report.problems] == [101, 502, 1001]
    reasons = dict(report.problems)
    assert "缺少领衔代表" in reasons[101]
    assert "代表团「不存在代表团」不存在" in reasons[502]
    assert "内容为空" in reasons[1001]
    assert Proposal.objects.filter(congress=cast.congress, year=2026).count() == 997
    assert CoSigner.objects.filter(congress=cast.congress).count() == 997
    data.seek(0)
    again = services.import_xlsx(actor=cast.clerk, fileobj=data, year=2026)
    assert again.created == 0 and again.skipped == 997 and len(again.problems) == 3
    assert Proposal.objects.filter(congress=cast.congress, year=2026).count() == 997


def test_import_page_shows_the_report_and_rejects_a_bad_file(cast):
    client = Client()
    client.force_login(cast.clerk)
    data = workbook(cast, n=5)
    data.name = "建议.xlsx"
    resp = client.post("/proposals/import/", {"year": 2026, "file": data})
    assert resp.status_code == 200 and "新增 5 件" in resp.content.decode()
    bad = io.BytesIO(b"not a workbook")
    bad.name = "x.xlsx"
    resp = client.post("/proposals/import/", {"year": 2026, "file": bad})
    assert resp.status_code == 200 and "无法读取该文件" in resp.content.decode()
    client.force_login(cast.unit_user)
    assert client.get("/proposals/import/").status_code == 403
