"""The legislation pages for real users: list, bill, texts, 修改对照表 (page and .docx), comments, forms."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from docx import Document
from tests.conftest import login

from renda.core import rules
from renda.legislation.models import Bill, BillComment, BillStatus, Consultation, Stage

from .conftest import DRAFT, SECOND, D

pytestmark = pytest.mark.django_db




def test_bill_list_filters_and_htmx_partial(leg_world):
    c = leg_world
    c.advance(c.bill, "reading1")
    client = login(c.clerk)
    url = reverse("legislation:index")
    html = client.get(url).content.decode()
    assert "甲市河道管理条例（草案）" in html and "甲市预算审查监督条例（草案）" in html and "登记法规案" in html
    html = client.get(url, {"stage": "deliberation"}).content.decode()
    assert "甲市河道管理条例" in html and "甲市预算审查监督条例" not in html
    part = client.get(url, {"stage": "proposal"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="bill-table")
    body = part.content.decode()
    assert part.status_code == 200 and "<html" not in body and "甲市预算审查监督条例" in body
    # junk filters are refused by name, never a 500 (a junk page number is page 1)
    bad = client.get(url, {"stage": "<x>", "status": "nope", "year": "abc", "page": "zz"})
    assert bad.status_code == 400 and "筛选条件无效" in bad.content.decode()
    assert client.get(url, {"page": "zz"}).status_code == 200


def test_bill_page_shows_timeline_versions_and_comparison(leg_world):
    c = leg_world
    bill = c.advance(c.bill, "second")
    html = login(c.clerk).get(reverse("legislation:bill", args=[bill.pk])).content.decode()
    for needle in ("进程", "一审", "二审", "三审", "报请批准", "备案", "草案二审稿", "修改对照表", "原条文", "修改后条文",
                   "下载修改对照表（Word）", "征求意见", "变更记录"):
        assert needle in html, needle
    assert "<ins>" in html and "河长制" in html  # the added article, marked
    assert "<script" not in html.split("修改对照表", 1)[1].split("</table>", 1)[0]


def test_comparison_html_is_sanitized(leg_world):
    c = leg_world
    evil = DRAFT.replace("制定本条例。", "制定本条例。<script>alert(1)</script><img src=x onerror=alert(2)>")
    from .conftest import make_bill

    bill = make_bill(c, draft_text=evil)
    bill = c.advance(bill, "period_closed")
    from renda.legislation import services as leg

    leg.version_add(actor=c.legal, bill=bill, stage="second", text=SECOND, explanation="汇报。")
    html = login(c.clerk).get(reverse("legislation:bill", args=[bill.pk])).content.decode()
    table = html.split('class="compare-wrap"', 1)[1].split("</table>", 1)[0]
    assert "<script" not in table and "<img" not in table
    assert "&lt;script&gt;" in table


def test_compare_page_htmx_and_docx_download(leg_world):
    c = leg_world
    bill = c.advance(c.bill, "final")
    versions = {v.stage: v for v in bill.versions.all()}
    client = login(c.member)
    url = reverse("legislation:compare", args=[bill.pk])
    resp = client.get(url, {"a": versions["draft"].pk, "b": versions["final"].pk})
    html = resp.content.decode()
    assert resp.status_code == 200 and "草案 → 草案表决稿" in html and "新增1条" in html
    part = client.get(url, {"a": versions["second"].pk, "b": versions["third"].pk, "changes": "1"},
                      HTTP_HX_REQUEST="true")
    assert "<html" not in part.content.decode() and "<ins>五百</ins>" in part.content.decode()
    assert client.get(url, {"a": "999999", "b": versions["final"].pk}).status_code == 404
    resp = client.get(reverse("legislation:compare_docx", args=[bill.pk]),
                      {"a": versions["draft"].pk, "b": versions["final"].pk})
    assert resp.status_code == 200
    assert resp["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    doc = Document(io.BytesIO(resp.content))
    table = doc.tables[0]
    assert len(table.columns) == 2
    assert table.rows[0].cells[0].text == "原条文" and table.rows[0].cells[1].text == "修改后条文"
    assert any("河长制" in row.cells[1].text for row in table.rows)
    assert "修改前后对照表" in "\n".join(p.text for p in doc.paragraphs)


def test_version_page_shows_articles_counts_and_warnings_to_staff(leg_world):
    c = leg_world
    bill = c.advance(c.bill, "commented")
    draft = bill.versions.get(stage=Stage.DRAFT)
    html = login(c.clerk).get(reverse("legislation:version", args=[draft.pk])).content.decode()
    assert 'id="chp_1__art_3"' in html and "起草说明" in html and "逐条意见" in html
    from .conftest import make_bill

    warned = make_bill(c, draft_text=DRAFT.replace("第五条 违反", "第七条 违反"))
    v = warned.versions.get(stage=Stage.DRAFT)
    assert "解析提示" in login(c.clerk).get(reverse("legislation:version", args=[v.pk])).content.decode()
    assert "解析提示" not in login(c.member).get(reverse("legislation:version", args=[v.pk])).content.decode()


def test_comments_page_per_article_with_representatives(leg_world):
    from renda.legislation import services as leg

    c = leg_world
    bill = c.advance(c.bill, "commented")
    draft = bill.versions.get(stage=Stage.DRAFT)
    point = leg.contact_point_create(actor=c.clerk, name="河东街道基层立法联系点")
    for text in ("建议明确河长的职责和考核办法。", "建议明确河长的职责和考核办法！", "建议规定区水务部门的职责。"):
        leg.comment_add(actor=c.clerk, bill=bill, version=draft, source="contact_point", contact_point=point,
                        eid="chp_1__art_3", text=text)
    client = login(c.legal)
    url = reverse("legislation:comments", args=[draft.pk])
    html = client.get(url).content.decode()
    assert "逐条意见" in html and "第三条" in html and "总体意见" in html
    detail = client.get(url, {"article": "chp_1__art_3"}).content.decode()
    assert "代表性意见" in detail and "13900001111" in detail  # staff see the contacts here, and only here
    reps = detail.split("代表性意见", 1)[1].split("全部意见", 1)[0]
    assert reps.count('class="rep"') == 2 and "相近意见 3 条" in reps  # near-duplicates count once
    part = client.get(url, {"article": "chp_1__art_3", "source": "contact_point"}, HTTP_HX_REQUEST="true")
    assert "<html" not in part.content.decode() and "张三" not in part.content.decode()
    assert client.get(url, {"article": "chp_9__art_9"}).status_code == 404


def test_contact_details_never_leave_the_staff_pages(leg_world):
    c = leg_world
    bill = c.advance(c.bill, "commented")
    client = login(c.clerk)
    api = client.get(f"/api/v1/legislation/bills/{bill.pk}").content.decode()
    draft = bill.versions.get(stage=Stage.DRAFT)
    api += client.get(f"/api/v1/legislation/versions/{draft.pk}").content.decode()
    assert "13900001111" not in api and "张三" not in api
    resp = client.get(reverse("legislation:comments_export", args=[bill.pk]))
    wb = openpyxl.load_workbook(io.BytesIO(resp.content))
    cells = [str(cell.value) for row in wb.active.iter_rows() for cell in row if cell.value is not None]
    assert any("建议明确河长的职责" in v for v in cells)
    assert not any("13900001111" in v or "张三" in v for v in cells)


def test_clerk_registers_a_bill_through_the_form(leg_world):
    c = leg_world
    client = login(c.clerk)
    url = reverse("legislation:bill_create")
    assert "联名提出的常委会组成人员" in client.get(url).content.decode()
    data = {"title": "甲市湿地保护条例", "kind": "enact", "proposer_kind": "members",
            "proposers": [p.pk for p in c.city.members[:5]], "submitted_on": "2026-05-10",
            "subject_area": "生态文明建设", "draft_text": DRAFT.replace("河道管理", "湿地保护"),
            "explanation": "五名组成人员联名提出。"}
    resp = client.post(url, data)
    bill = Bill.objects.get(title="甲市湿地保护条例")
    assert resp.status_code == 302 and resp["Location"] == reverse("legislation:bill", args=[bill.pk])
    # four members: the rule's refusal on the form, in Chinese, nothing stored
    data.update(title="甲市鸟类保护条例", proposers=[p.pk for p in c.city.members[:4]])
    resp = client.post(url, data)
    assert resp.status_code == 409 and rules.get("LEG-PROPOSER").title in resp.content.decode()
    assert not Bill.objects.filter(title="甲市鸟类保护条例").exists()
    # outside the listed areas without a justification
    data.update(proposers=[p.pk for p in c.city.members[:5]], subject_area="其他", other_area="金融监管")
    resp = client.post(url, data)
    assert rules.get("LEG-SCOPE").title in resp.content.decode() and "第八十一条第一款" in resp.content.decode()
    # malformed text: a clear error, never a 500
    data.update(subject_area="生态文明建设", draft_text="没有条文")
    resp = client.post(url, data)
    assert resp.status_code == 200 and "没有找到条文" in resp.content.decode()


def test_out_of_order_step_on_the_page_names_the_rule(leg_world):
    c = leg_world
    bill = c.advance(c.bill, "awaiting_approval")
    Bill.objects.filter(pk=bill.pk).update(status=BillStatus.APPROVED, approved_on=None)
    resp = login(c.clerk).post(reverse("legislation:bill_transition", args=[bill.pk, "promulgate"]),
                               {"on": "2026-07-01", "announcement_number": "第1号", "effective_on": "2026-09-01"},
                               follow=True)
    html = resp.content.decode()
    assert "LEG-PROMULGATE" in html and "《立法法》第八十八条第三款" in html
    assert Bill.objects.get(pk=bill.pk).status == BillStatus.APPROVED


def test_forms_for_each_step(leg_world):
    c = leg_world
    bill = c.advance(c.bill, "reading1")
    client = login(c.clerk)
    # a comment period of 20 days is refused on the form
    resp = client.post(reverse("legislation:period_create", args=[bill.pk]),
                       {"opens_on": "2026-03-23", "closes_on": "2026-04-12"})
    assert resp.status_code == 409 and rules.get("LEG-PUBLIC-COMMENT").title in resp.content.decode()
    resp = client.post(reverse("legislation:period_create", args=[bill.pk]),
                       {"opens_on": "2026-03-23", "closes_on": "2026-04-23", "channels": "甲市人大网"})
    assert resp.status_code == 302
    # the 法制委员会 registers the 二审稿
    legal = login(c.legal)
    resp = legal.post(reverse("legislation:version_create", args=[bill.pk]),
                      {"stage": "second", "text": SECOND, "explanation": "修改情况的汇报。"})
    assert resp.status_code == 302 and bill.versions.filter(stage="second").exists()
    # a hearing, held with minutes and conclusions
    committee = login(c.committee)
    resp = committee.post(reverse("legislation:consultation_create", args=[bill.pk]),
                          {"kind": "hearing", "title": "河道管理立法听证会", "starts_at": "2026-04-10T09:30",
                           "topics": "罚款幅度", "participants": "张三，沿河居民"})
    hearing = Consultation.objects.get(title="河道管理立法听证会")
    assert resp.status_code == 302
    page = committee.get(reverse("legislation:consultation", args=[hearing.pk])).content.decode()
    assert "记录举行情况" in page and "会议纪要" in page
    committee.post(reverse("legislation:consultation_transition", args=[hearing.pk, "hold"]),
                   {"on": "2026-04-10", "participants": "张三，沿河居民", "minutes": "听证人发言。", "conclusions": "建议降低罚款。"})
    hearing.refresh_from_db()
    assert hearing.status == "held" and hearing.held_on == D(2026, 4, 10)
    # a 基层立法联系点's comment through the staff form
    from renda.legislation import services as leg

    point = leg.contact_point_create(actor=c.clerk, name="河西街道基层立法联系点")
    draft = bill.versions.get(stage=Stage.DRAFT)
    resp = committee.post(reverse("legislation:comment_create", args=[bill.pk]) + f"?version={draft.pk}",
                          {"version": draft.pk, "source": "contact_point", "contact_point": point.pk,
                           "eid": "chp_2__art_4__para_1__point_1", "text": "建议明确阻碍行洪物体的范围。"})
    assert resp.status_code == 302
    comment = BillComment.objects.get(text="建议明确阻碍行洪物体的范围。")
    assert comment.provision_label == "第四条第一项" and comment.contact_point == point
    resp = committee.post(reverse("legislation:comment_create", args=[bill.pk]) + f"?version={draft.pk}",
                          {"version": draft.pk, "source": "contact_point", "text": "没有联系点"})
    assert resp.status_code == 200 and "请选择基层立法联系点" in resp.content.decode()


def test_vote_form_records_the_result(leg_world):
    c = leg_world
    bill = c.advance(c.bill, "vote_pending")
    client = login(c.clerk)
    url = reverse("legislation:vote_create", args=[bill.pk])
    resp = client.post(url, {"voted_on": "2026-06-21", "meeting": "第五次会议", "yes": 20, "no": 0, "abstain": 0})
    assert resp.status_code == 200 and "超过常委会全体组成人员" in resp.content.decode()
    resp = client.post(url, {"voted_on": "2026-06-21", "meeting": "第五次会议", "yes": 8, "no": 1, "abstain": 1})
    assert resp.status_code == 302
    assert Bill.objects.get(pk=bill.pk).status == BillStatus.PASSED
    html = client.get(reverse("legislation:bill", args=[bill.pk])).content.decode()
    assert "报请省人大常委会批准" in html and "赞成8票" in html


def test_plan_page_and_project_form(plan_world):
    from renda.core.roles import Role
    from renda.demo.builders import make_user
    from renda.legislation import services as leg

    c = plan_world
    legal = make_user("legal", c.password, congress=c.congress, role=Role.COMMITTEE, display_name="法工委",
                      organization=c.city.bodies["fgw"])
    plan = leg.plan_create(actor=legal, year=2026)
    client = login(legal)
    url = reverse("legislation:project_create", args=[plan.pk])
    assert "对应工作要点事项" in client.get(url).content.decode()
    resp = client.post(url, {"kind": "research", "title": "甲市金融服务条例", "subject_area": "其他", "other_area": "金融服务"})
    assert resp.status_code == 409 and rules.get("LEG-SCOPE").title in resp.content.decode()
    resp = client.post(url, {"kind": "research", "title": "甲市金融服务条例", "subject_area": "其他", "other_area": "金融服务",
                             "scope_justification": "经征询省人大常委会法制工作委员会意见，本项目仅作调研，不进入立法程序，调研成果供省级立法参考。"})
    assert resp.status_code == 302
    html = client.get(reverse("legislation:plan", args=[plan.pk])).content.decode()
    assert "调研项目" in html and "超出所列事项" in html and "金融服务" in html
    project = plan.projects.get()
    edit = client.get(reverse("legislation:project_edit", args=[project.pk])).content.decode()
    assert "金融服务" in edit


def test_home_panel_and_calendar(leg_world):
    from renda.core.registry import CALENDAR_SOURCES
    from renda.legislation import services as leg

    c = leg_world
    bill = c.advance(c.bill, "period_open")
    html = login(c.leader).get("/").content.decode()
    assert "立法" in html and "甲市预算审查监督条例" in html and "列入常委会会议议程" in html  # awaiting the 主任会议
    html = login(c.clerk).get("/").content.decode()
    assert "征求意见截止" in html
    leg.consultation_create(actor=c.clerk, bill=bill, kind="hearing", title="河道听证会",
                            starts_at=dt.datetime(2026, 4, 15, 9, 30), topics="罚款")
    source = dict(CALENDAR_SOURCES)["legislation"]
    events = source(c.clerk, D(2026, 3, 1), D(2026, 5, 1))
    kinds = {(e.kind, e.title.split("：")[0]) for e in events}
    assert ("hearing", "听证会") in kinds and ("deadline", "征求意见截止") in kinds
    assert source(c.outsider_clerk, D(2026, 3, 1), D(2026, 5, 1)) == []
    assert [e for e in source(c.other_unit_user, D(2026, 3, 1), D(2026, 5, 1))] == []


def test_contact_points_page(leg_world):
    from renda.legislation.models import ContactPoint

    c = leg_world
    url = reverse("legislation:contact_points")
    resp = login(c.clerk).post(url, {"name": "河东街道基层立法联系点", "location": "河东街道"})
    assert resp.status_code == 302 and ContactPoint.objects.filter(congress=c.congress).count() == 1
    resp = login(c.clerk).post(url, {"name": "河东街道基层立法联系点"})
    assert resp.status_code == 200 and "已经存在" in resp.content.decode()
    assert "河东街道" in login(c.committee).get(url).content.decode()
    assert login(c.committee).post(url, {"name": "另一个"}).status_code == 403
    assert login(c.member).get(url).status_code == 404
    assert "河东街道" not in login(c.outsider_clerk).get(url).content.decode()
