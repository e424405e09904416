"""The work-plan pages for real users: each role's home, the plan, an item, the dashboard, exports."""

import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from docx import Document
from tests.conftest import password_login as login

from renda.workplan.models import WorkPlanItem

pytestmark = pytest.mark.django_db




ROLES = ["clerk", "leader", "committee", "member", "deputy", "unit_user", "admin"]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_has_a_home_page(plan_world, role):
    resp = login(getattr(plan_world, role)).get("/")
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "您好" in html and "工作要点" in html


def test_anonymous_users_are_sent_to_login(plan_world):
    resp = Client().get(reverse("workplan:plan", args=[plan_world.plan.pk]))
    assert resp.status_code == 302 and "/login/" in resp["Location"]
    assert "登录人大履职平台" in Client().get("/login/").content.decode()


def test_login_with_a_wrong_password_says_so_in_chinese(plan_world):
    resp = Client().post("/login/", {"username": "clerk", "password": "wrong"})
    assert resp.status_code == 200
    assert "用户名或密码不正确" in resp.content.decode()


def test_plan_page_lists_items_with_filters(plan_world):
    c = plan_world
    client = login(c.clerk)
    url = reverse("workplan:plan", args=[c.plan.pk])
    html = client.get(url).content.decode()
    assert c.item_water.title.replace("《", "&lt;") not in html  # escaped properly, not double
    assert "督办" in html and "义务教育均衡发展专题调研" in html
    html = client.get(url, {"category": "research"}).content.decode()
    assert "义务教育均衡发展专题调研" in html and "综合治理水环境" not in html
    # htmx partial
    part = client.get(url, {"status": "planned"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="item-table")
    assert part.status_code == 200 and "<html" not in part.content.decode()
    # junk filters are refused by name (the list is not silently left unfiltered), never a 500
    bad = client.get(url, {"month": "abc", "lead_body": "x", "category": "<script>"})
    assert bad.status_code == 400 and "筛选条件无效" in bad.content.decode()
    assert client.get(url, {"month": "", "category": ""}).status_code == 200  # empty: all


def test_clerk_adds_an_item_through_the_form(plan_world):
    c = plan_world
    client = login(c.clerk)
    client.post(reverse("workplan:plan_transition", args=[c.plan.pk, "revise"]), {"note": "年中调整"})
    url = reverse("workplan:item_create", args=[c.plan.pk])
    assert client.get(url).status_code == 200
    resp = client.post(url, {"category": "research", "title": "海绵城市建设情况专题调研",
                             "vice_chair": c.city.vice_chairs[0].pk, "lead_body": c.city.bodies["cjhb"].pk,
                             "planned_month": "10"})
    item = WorkPlanItem.objects.get(title="海绵城市建设情况专题调研")
    assert resp.status_code == 302 and resp["Location"] == reverse("workplan:item", args=[item.pk])
    assert str(item.due_date) == "2026-10-31"
    # missing required fields: Chinese errors on the form, nothing stored
    resp = client.post(url, {"category": "research", "title": ""})
    assert resp.status_code == 200 and "这个字段是必填项" in resp.content.decode()


def test_an_item_from_another_congress_cannot_be_chosen(plan_world):
    c = plan_world
    client = login(c.clerk)
    client.post(reverse("workplan:plan_transition", args=[c.plan.pk, "revise"]), {"note": "调整"})
    resp = client.post(reverse("workplan:item_create", args=[c.plan.pk]), {
        "category": "research", "title": "越界", "vice_chair": c.other.vice_chairs[0].pk,
        "lead_body": c.other.bodies["cjw"].pk})
    assert resp.status_code == 200
    assert not WorkPlanItem.objects.filter(title="越界").exists()


def test_refused_transition_shows_the_rule_and_basis(plan_world):
    c = plan_world
    from renda.workplan.models import WorkPlan

    WorkPlan.objects.filter(pk=c.plan.pk).update(status="party_group")
    resp = login(c.clerk).post(reverse("workplan:plan_transition", args=[c.plan.pk, "adopt"]))
    # the clerk may not adopt at all: 403 in Chinese
    assert resp.status_code == 403 and "权限" in resp.content.decode()
    WorkPlan.objects.filter(pk=c.plan.pk).update(status="issued")
    resp = login(c.clerk).post(reverse("workplan:plan_transition", args=[c.plan.pk, "submit"]))
    html = resp.content.decode()
    assert resp.status_code == 409
    assert "WP-PLAN-FLOW" in html and "《监督法》第六十三条第二款" in html and "当前状态为「已印发」" in html


def test_item_page_progress_completion_and_history(plan_world):
    c = plan_world
    client = login(c.committee)
    url = reverse("workplan:item", args=[c.item_water.pk])
    html = client.get(url).content.decode()
    assert "办结" in html and "变更记录" in html
    client.post(reverse("workplan:item_progress", args=[c.item_water.pk]), {"text": "已赴现场督办三次"})
    resp = client.post(reverse("workplan:item_transition", args=[c.item_water.pk, "complete"]),
                       {"result": "短"})
    assert resp.status_code == 409  # refused by the rule, with its title and basis, like the API
    assert "完成情况说明不少于" in resp.content.decode() and "办结" in resp.content.decode()
    client.post(reverse("workplan:item_transition", args=[c.item_water.pk, "complete"]),
                {"result": "议案督办完成，水环境明显改善，形成督办报告。"})
    html = client.get(url).content.decode()
    assert "已完成" in html and "已赴现场督办三次" in html


def test_unit_sees_its_item_and_reports_progress_but_cannot_complete(plan_world):
    c = plan_world
    client = login(c.unit_user)
    url = reverse("workplan:item", args=[c.item_water.pk])
    html = client.get(url).content.decode()
    assert "提交进展" in html and "办结" not in html and "变更记录" not in html
    client.post(reverse("workplan:item_progress", args=[c.item_water.pk]), {"text": "雨污分流工程完成60%"})
    assert c.item_water.progress_notes.filter(text="雨污分流工程完成60%").exists()
    assert client.post(reverse("workplan:item_transition", args=[c.item_water.pk, "complete"]),
                       {"result": "x" * 20}).status_code == 403


def test_attachment_upload_checks_content_not_name(plan_world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = plan_world
    client = login(c.committee)
    url = reverse("workplan:item_attach", args=[c.item_water.pk])
    fake = SimpleUploadedFile("报告.pdf", b"MZ\x90\x00 this is an exe", content_type="application/pdf")
    client.post(url, {"file": fake})
    assert c.item_water.pk and not c.item_water.__class__.objects.none().exists()
    from renda.core.models import Attachment

    assert not Attachment.objects.exists()
    html = client.get(reverse("workplan:item", args=[c.item_water.pk])).content.decode()
    assert "文件类型不允许" in html
    pdf = SimpleUploadedFile("督办报告.pdf", b"%PDF-1.4\n%...\n", content_type="application/pdf")
    client.post(url, {"file": pdf})
    att = Attachment.objects.get()
    assert att.media_type == "application/pdf"
    assert login(c.committee).get(reverse("attachment", args=[att.pk])).status_code == 200
    assert login(c.unit_user).get(reverse("attachment", args=[att.pk])).status_code == 200
    assert login(c.other_unit_user).get(reverse("attachment", args=[att.pk])).status_code == 404
    assert login(c.outsider_clerk).get(reverse("attachment", args=[att.pk])).status_code == 404


def test_dashboard_figures(plan_world):
    c = plan_world
    from renda.workplan import services as wp

    wp.item_transition(actor=c.clerk, item=c.item_water, action="complete", result="议案督办完成，形成报告。")
    resp = login(c.leader).get(reverse("workplan:dashboard", args=[c.plan.pk]))
    assert resp.status_code == 200
    stats = resp.context["stats"]
    assert stats["totals"]["total"] == 3 and stats["totals"]["done"] == 1
    by_cat = {r["category"]: (r["total"], r["done"]) for r in stats["by_category"]}
    assert by_cat == {"proposals": (1, 1), "research": (1, 0), "special_report": (1, 0)}
    assert "chart-data" in resp.content.decode()
    assert login(c.unit_user).get(reverse("workplan:dashboard", args=[c.plan.pk])).status_code == 403


def test_exports_xlsx_and_official_docx(plan_world):
    c = plan_world
    client = login(c.clerk)
    resp = client.get(reverse("workplan:export", args=[c.plan.pk, "xlsx"]))
    wb = openpyxl.load_workbook(io.BytesIO(resp.content))
    ws = wb.active
    assert ws["A1"].value == c.plan.title
    assert [cell.value for cell in ws[2]][:3] == ["序号", "类别", "事项"]
    assert ws.max_row == 2 + 3
    resp = client.get(reverse("workplan:export", args=[c.plan.pk, "docx"]))
    doc = Document(io.BytesIO(resp.content))
    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    texts = [p.text for p in doc.paragraphs]
    assert c.plan.title in texts
    assert "甲人常发〔2026〕1号" in texts
    assert any(t.startswith("一、") for t in texts)
    title = next(p for p in doc.paragraphs if p.text == c.plan.title)
    assert title.runs[0].font.size.pt == 22  # 小标宋 2号
    body = next(p for p in doc.paragraphs if p.text.startswith("（一）"))
    assert all(r.font.size.pt == 16 for r in body.runs)  # 3号
    # 22 lines x 28 characters: the document grid
    grid = section._sectPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}docGrid")
    assert grid is not None
    assert resp.status_code == 200
    assert client.get(f"/workplan/{c.plan.pk}/export.exe").status_code == 404


def test_versions_and_their_comparison(plan_world):
    c = plan_world
    from renda.workplan import services as wp

    wp.plan_transition(actor=c.clerk, plan=c.plan, action="revise", note="年中调整")
    wp.item_update(actor=c.clerk, item=c.item_school, lock_version=c.item_school.lock_version, planned_month=11)
    wp.item_create(actor=c.clerk, plan=c.plan, category="research", title="新增调研",
                   vice_chair=c.city.vice_chairs[0], lead_body=c.city.bodies["cjhb"], planned_month=12)
    wp.plan_transition(actor=c.leader, plan=c.plan, action="adopt_revision")
    wp.plan_transition(actor=c.clerk, plan=c.plan, action="issue", doc_number="甲人常发〔2026〕9号")
    resp = login(c.member).get(reverse("workplan:versions", args=[c.plan.pk]), {"a": 1, "b": 2})
    cmp = resp.context["comparison"]
    assert [r["title"] for r in cmp["added"]] == ["新增调研"]
    assert cmp["removed"] == []
    [changed] = cmp["changed"]
    fields = {f["field"]: (f["old"], f["new"]) for f in changed["fields"]}
    assert fields["计划月份"] == (9, 11)
    assert "2026-09-30" in fields["完成时限"][0]
    assert login(c.member).get(reverse("workplan:versions", args=[c.plan.pk]), {"a": 1, "b": 99}).status_code == 200


def test_conflicting_edits_are_refused_not_overwritten(plan_world):
    c = plan_world
    from renda.core.errors import ConflictError
    from renda.workplan import services as wp

    wp.plan_transition(actor=c.clerk, plan=c.plan, action="revise", note="调整")
    item = WorkPlanItem.objects.get(pk=c.item_school.pk)
    read_version = item.lock_version
    wp.item_update(actor=c.clerk, item=item, lock_version=read_version, title="第一位办事员的修改")
    with pytest.raises(ConflictError):
        wp.item_update(actor=c.other_committee, item=item, lock_version=read_version, title="第二位的修改")
    assert WorkPlanItem.objects.get(pk=item.pk).title == "第一位办事员的修改"


def test_expired_form_gets_a_chinese_page(plan_world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(plan_world.clerk)
    resp = client.post(reverse("workplan:item_progress", args=[plan_world.item_water.pk]), {"text": "x"})
    assert resp.status_code == 403 and "页面已过期" in resp.content.decode()


def test_oversized_body_is_a_clear_400(plan_world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client = login(plan_world.clerk)
    resp = client.post(reverse("workplan:item_progress", args=[plan_world.item_water.pk]), {"text": "长" * 5000})
    assert resp.status_code == 400 and "提交的内容超过了允许的大小" in resp.content.decode()


def _as_posted(form, **changes) -> dict:
    """The edit form's fields as the page shows them, with `changes` — what a browser would post back."""
    data = {name: form[name].value() for name in form.fields}
    data.update(changes)
    return {k: ("" if v is None else v) for k, v in data.items()}


def test_a_stale_edit_page_is_refused_on_the_filled_in_form(plan_world):
    """The kit's rule for a form page: a conflict stays on the filled-in form with 409 and says why."""
    c = plan_world
    from renda.workplan import services as wp

    wp.plan_transition(actor=c.clerk, plan=c.plan, action="revise", note="调整")
    item = WorkPlanItem.objects.get(pk=c.item_school.pk)
    client = login(c.clerk)
    form = client.get(reverse("workplan:item_edit", args=[item.pk])).context["form"]
    wp.item_update(actor=c.clerk, item=item, lock_version=item.lock_version, title="另一位办事员的修改")
    resp = client.post(reverse("workplan:item_edit", args=[item.pk]), _as_posted(form, title="我的修改"))
    html = resp.content.decode()
    assert resp.status_code == 409 and "已被" in html and 'value="我的修改"' in html
    assert WorkPlanItem.objects.get(pk=item.pk).title == "另一位办事员的修改"
    # the same page with the current version saves
    fresh = client.get(reverse("workplan:item_edit", args=[item.pk])).context["form"]
    resp = client.post(reverse("workplan:item_edit", args=[item.pk]), _as_posted(fresh, title="我的修改"))
    assert resp.status_code == 302 and WorkPlanItem.objects.get(pk=item.pk).title == "我的修改"
