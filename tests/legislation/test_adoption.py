"""Adoption decisions per article (audited, optimistic locking) and the 意见汇总报告 (.docx / .xlsx)."""

import io
import re

import pytest
from docx import Document
from openpyxl import load_workbook

from renda.core import rules
from renda.core.audit import AuditEvent
from renda.core.errors import ConflictError, RuleViolation
from renda.legislation import services
from renda.legislation.models import ProvisionDecision

pytestmark = pytest.mark.django_db


def test_decision_is_audited_and_updated(commented):
    c = commented
    d = services.decision_save(actor=c.clerk, version=c.draft, article_eid=c.eids["第五条"], outcome="partly",
                               reasons="罚款下限已降低为五百元，上限维持不变。", main_opinions="罚款标准过高")
    assert d.provision_label == "第五条" and d.lock_version == 0
    ev = AuditEvent.objects.filter(object_type__icontains="provisiondecision", object_id=str(d.pk))
    assert ev.filter(action="create").exists()
    d2 = services.decision_save(actor=c.legal, version=c.draft, article_eid=c.eids["第五条"], outcome="adopted",
                                reasons="已在二审稿中修改。", lock_version=0)
    assert d2.pk == d.pk and d2.lock_version == 1 and d2.outcome == "adopted"
    assert ev.filter(action="update").exists()


def test_stale_lock_version_is_a_clear_conflict(commented):
    c = commented
    eid = c.eids["第三条"]
    services.decision_save(actor=c.clerk, version=c.draft, article_eid=eid, outcome="adopted", reasons="已吸收。")
    services.decision_save(actor=c.legal, version=c.draft, article_eid=eid, outcome="not_adopted",
                           reasons="职责分工由市政府另行规定，不宜在条例中列举。", lock_version=0)
    with pytest.raises(ConflictError) as exc:  # the first clerk still holds lock_version 0
        services.decision_save(actor=c.clerk, version=c.draft, article_eid=eid, outcome="adopted",
                               reasons="已吸收。", lock_version=0)
    assert "已由" in exc.value.message and "刷新" in exc.value.message
    with pytest.raises(ConflictError):  # a "new" form when somebody created it meanwhile
        services.decision_save(actor=c.clerk, version=c.draft, article_eid=eid, outcome="adopted", reasons="已吸收。")
    assert ProvisionDecision.objects.get(version=c.draft, article_eid=eid).outcome == "not_adopted"


def test_reasons_required_when_not_adopted(commented):
    c = commented
    with pytest.raises(RuleViolation, match=re.escape(rules.get("LEG-COMMENT-DECISION").title)):
        services.decision_save(actor=c.clerk, version=c.draft, article_eid="", outcome="not_adopted", reasons="不采纳")


def test_stale_save_through_the_page_shows_the_conflict(commented, client):
    c = commented
    eid = c.eids["第五条"]
    url = f"/legislation/versions/{c.draft.pk}/decision/?article={eid}"
    client.force_login(c.clerk)
    assert client.get(url).status_code == 200
    services.decision_save(actor=c.legal, version=c.draft, article_eid=eid, outcome="adopted", reasons="已修改。")
    r = client.post(url, {"outcome": "partly", "reasons": "部分吸收，罚款下限降低为五百元。", "lock_version": "-1"})
    assert r.status_code == 409  # the form stays filled in, with the conflict (renda.core.web)
    assert "已由" in r.content.decode()
    r = client.post(url, {"outcome": "partly", "reasons": "部分吸收，罚款下限降低为五百元。", "lock_version": "0"})
    assert r.status_code == 302
    assert ProvisionDecision.objects.get(version=c.draft, article_eid=eid).outcome == "partly"


def test_units_cannot_decide(commented, client):
    c = commented
    client.force_login(c.unit_user)
    r = client.post(f"/legislation/versions/{c.draft.pk}/decision/?article=", {"outcome": "adopted", "reasons": "x"})
    assert r.status_code == 404


def _prepared(c):
    services.comment_analysis_start(actor=c.clerk, version=c.draft)
    services.decision_save(actor=c.clerk, version=c.draft, article_eid=c.eids["第五条"], outcome="partly",
                           reasons="罚款下限降低为五百元，上限维持一万元。", main_opinions="认为罚款标准过高，应先教育劝导")
    services.decision_save(actor=c.clerk, version=c.draft, article_eid=c.eids["第三条"], outcome="not_adopted",
                           reasons="部门职责由市人民政府确定，条例不宜逐项列举。")


def test_report_docx_has_counts_wording_decisions_and_no_personal_data(commented, client):
    c = commented
    _prepared(c)
    client.force_login(c.clerk)
    r = client.get(f"/legislation/versions/{c.draft.pk}/comment-report.docx")
    assert r.status_code == 200
    doc = Document(io.BytesIO(r.content))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        cell.text for t in doc.tables for row in t.rows for cell in row.cells)
    assert "征求意见汇总报告" in text
    assert "共收到意见31条" in text
    assert "意见25条" in text  # 第五条
    assert "部分采纳" in text and "罚款下限降低为五百元" in text and "未采纳" in text
    assert "罚款标准" in text  # representative wording
    assert "市水务部门主管本市河道管理工作" in text  # the article text
    assert text.index("第三条") < text.index("第五条")
    for secret in ("群众1", "李四", "王五", "1390000", "13900009999"):
        assert secret not in text


def test_report_xlsx_rows_and_clusters_without_personal_data(commented, client):
    c = commented
    _prepared(c)
    client.force_login(c.clerk)
    r = client.get(f"/legislation/versions/{c.draft.pk}/comment-report.xlsx")
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(r.content))
    rows = {row[0]: row for row in wb["逐条意见"].iter_rows(min_row=3, values_only=True)}
    assert rows["第五条"][2] == 25 and rows["第五条"][5] == 25 and rows["第五条"][8] == "部分采纳"
    assert rows["第三条"][2] == 3 and rows["第三条"][3] == 1 and rows["第三条"][8] == "未采纳"
    assert rows["总体意见"][2] == 3 and rows["总体意见"][3] == 2
    clusters = list(wb["相同相近意见"].iter_rows(min_row=3, values_only=True))
    assert any(row[1] == 25 and row[3] == "是" for row in clusters)
    dump = " ".join(str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v)
    for secret in ("群众1", "李四", "王五", "1390000", "13900009999"):
        assert secret not in dump


def test_report_without_analysis_redirects_with_message(commented, client):
    c = commented
    client.force_login(c.clerk)
    r = client.get(f"/legislation/versions/{c.draft.pk}/comment-report.docx", follow=True)
    assert r.status_code == 200 and "请先完成意见分析" in r.content.decode()
