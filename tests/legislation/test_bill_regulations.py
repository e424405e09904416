"""A 修改/废止 bill links the law book's regulations (one bill may amend several: 打包修改) and uses the statute
engine: 生成修正后文本 (a 修改决定 applied per regulation), 生成修改决定草案 (a revised text drafted back into a
decision), and on promulgation the amended texts become the regulations' new versions."""

import datetime as dt

import pytest
import time_machine
from tests.conftest import login
from tests.lawbook.conftest import book, text  # noqa: F401  (the three regulations of the cast's city)
from tests.legislation.conftest import make_bill

from renda.lawbook import services as lawbook
from renda.lawbook.models import EventKind, RegulationEvent
from renda.legislation import amendment
from renda.legislation import services as leg
from renda.legislation.forms import BillCreateForm, BillEditForm
from renda.legislation.models import Bill, BillStatus, Stage
from renda.statutes import apply_decision, parse_text, render

D = dt.date
pytestmark = pytest.mark.django_db

OLD = "城市管理行政执法部门"
NEW = "城市管理综合执法部门"


def package(bad: str = "") -> str:
    third = f"（一）将第二条中的“{bad or OLD}”修改为“{NEW}”。"
    return f"""关于修改《甲市供水条例》等三件地方性法规的决定（草案）

一、《甲市供水条例》

（一）将第二条中的“{OLD}”修改为“{NEW}”。

（二）将第三条中的“千分之三”修改为“千分之一”。

二、《甲市市容条例》

（一）将第二条中的“{OLD}”修改为“{NEW}”。

三、《甲市物业条例》

{third}

本决定自2026年10月1日起施行。以上法规根据本决定作相应修改，重新公布。"""


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(dt.datetime(2026, 9, 1, 10, tzinfo=dt.UTC), tick=False):
        yield


def amend_bill(c, regs, draft, *, form="decision", **kw):
    return make_bill(c, title=regs[0].title, kind="amend", regulations=regs, amendment_form=form, draft_text=draft,
                     explanation="根据机构改革调整执法部门的名称。", **kw)


def through_vote(c, bill, final_text):
    """One reading (部分修改), publication waived, the 表决稿, the vote and the approval."""
    leg.bill_transition(actor=c.leader, bill=bill, action="place_on_agenda", note="主任会议决定", on=D(2026, 3, 10))
    leg.bill_set_readings(actor=c.leader, bill=bill, readings=1, ground="partial_amendment",
                          reason="部分修改，各方面意见比较一致。", on=D(2026, 3, 10))
    leg.bill_record_reading(actor=c.clerk, bill=bill, held_on=D(2026, 3, 20), meeting="第三次常委会会议")
    leg.bill_waive_publication(actor=c.leader, bill=bill, reason="仅调整执法部门名称，主任会议决定不再公布征求意见。")
    leg.version_add(actor=c.clerk, bill=bill, stage=Stage.FINAL, text=final_text, explanation="修改意见的报告。")
    leg.bill_transition(actor=c.leader, bill=bill, action="schedule_vote", note="提请表决", on=D(2026, 3, 20))
    leg.bill_record_vote(actor=c.clerk, bill=bill, voted_on=D(2026, 3, 21), yes=8, no=1, abstain=1,
                         meeting="第三次常委会会议")
    leg.bill_transition(actor=c.clerk, bill=bill, action="submit_for_approval", on=D(2026, 3, 25))
    leg.bill_transition(actor=c.clerk, bill=bill, action="approve", on=D(2026, 5, 20),
                        approval_body="某省人大常委会第十次会议")


def promulgate(c, bill):
    return leg.bill_transition(actor=c.clerk, bill=bill, action="promulgate", on=D(2026, 5, 28),
                               announcement_number="第2号", effective_on=D(2026, 10, 1), gazette="常委会公报")


# ---- the links ---------------------------------------------------------------------------------------------------
def test_the_form_offers_only_the_own_congress_regulations_in_force(book):  # noqa: F811
    c = book
    lawbook.regulation_amend(actor=c.clerk, regulation=c.property, kind=EventKind.REPEALED, date=D(2026, 1, 10),
                             effective_on=D(2026, 2, 1))
    offered = set(BillCreateForm(congress=c.congress).fields["regulations"].queryset)
    assert offered == {c.water, c.cityscape}  # not the repealed one, not the other city's
    form = BillCreateForm({"regulations": [c.foreign.pk]}, congress=c.congress)
    assert not form.is_valid() and "regulations" in form.errors
    with pytest.raises(Exception) as exc:  # the service refuses a reference into another congress too
        amend_bill(c, [c.foreign], package())
    assert "本级" in str(exc.value)
    bill = amend_bill(c, [c.water, c.cityscape], package())
    edit = BillEditForm(congress=c.congress, bill=bill)
    assert set(edit.fields["regulations"].queryset) == {c.water, c.cityscape}
    assert "regulations" not in BillEditForm(congress=c.congress, bill=make_bill(c)).fields  # 制定: no links


def test_a_bill_page_and_the_api_show_the_linked_regulations(book):  # noqa: F811
    c = book
    bill = amend_bill(c, [c.water, c.cityscape, c.property], package())
    assert bill.display_title == "关于修改《甲市供水条例》等三件地方性法规的决定（草案）"
    page = login(c.clerk).get(f"/legislation/{bill.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    for reg in (c.water, c.cityscape, c.property):
        assert f'href="/lawbook/regulations/{reg.pk}/"' in html
    assert "生成修正后文本" in html
    data = login(c.clerk).get(f"/api/v1/legislation/bills/{bill.pk}").json()
    assert data["amends"] == [{"id": r.pk, "title": r.title} for r in (c.water, c.cityscape, c.property)]
    # and the law book's page of each regulation names the bill, to those who may open it
    reg_page = login(c.clerk).get(f"/lawbook/regulations/{c.water.pk}/").content.decode()
    assert "修改、废止本法规的法规案" in reg_page and f'href="/legislation/{bill.pk}/"' in reg_page


# ---- 修正: the decision applied -------------------------------------------------------------------------------------
def test_a_package_bill_linked_to_three_regulations_gives_three_new_versions_on_promulgation(book):  # noqa: F811
    c = book
    bill = amend_bill(c, [c.water, c.cityscape, c.property], package())
    plan = amendment.amended_texts(bill, bill.versions.get(stage=Stage.DRAFT))
    assert plan.ok and [r["title"] for r in plan.rows] == ["甲市供水条例", "甲市市容条例", "甲市物业条例"]
    assert NEW in plan.rows[0]["text"] and "千分之一" in plan.rows[0]["text"]
    page = login(c.clerk).get(f"/legislation/{bill.pk}/amended-text/").content.decode()
    assert "已适用" in page and "无法适用" not in page
    through_vote(c, bill, package().replace("（草案）", "（草案表决稿）"))
    bill = promulgate(c, bill)
    assert bill.status == BillStatus.PROMULGATED
    for reg in (c.water, c.cityscape, c.property):
        event = RegulationEvent.objects.get(regulation=reg, bill=bill)
        assert event.kind == EventKind.AMENDED and OLD in event.decision
        assert reg.versions.count() == 2
        assert OLD in lawbook.text_at(reg, D(2026, 9, 30)).text
        now = lawbook.text_at(reg, D(2026, 10, 1))
        assert now.produced_by == event and NEW in now.text and OLD not in now.text
    assert lawbook.record_promulgation(bill=bill, actor=c.clerk) is None  # once per bill


def test_a_mismatching_instruction_is_refused_with_its_reason_and_nothing_changes(book):  # noqa: F811
    c = book
    bad = package(bad="不存在的部门")
    bill = amend_bill(c, [c.water, c.cityscape, c.property], bad)
    plan = amendment.amended_texts(bill, bill.versions.get(stage=Stage.DRAFT))
    assert not plan.ok
    refused = [r for r in plan.rows if not r["ok"]]
    assert [r["title"] for r in refused] == ["甲市物业条例"]
    step = next(s for s in refused[0]["steps"] if s["status"] == "error")
    assert step["label"] == "无法适用" and step["message"]
    page = login(c.clerk).get(f"/legislation/{bill.pk}/amended-text/")
    assert page.status_code == 200 and "无法适用" in page.content.decode()
    through_vote(c, bill, bad.replace("（草案）", "（草案表决稿）"))
    with pytest.raises(Exception) as exc:
        promulgate(c, bill)
    assert "甲市物业条例" in str(exc.value) and "未能公布" in str(exc.value)
    bill.refresh_from_db()
    assert bill.status == BillStatus.APPROVED
    for reg in (c.water, c.cityscape, c.property):
        assert reg.versions.count() == 1 and not RegulationEvent.objects.filter(bill=bill).exists()


def test_a_decision_bill_without_titles_applies_to_its_one_regulation_and_a_regulation_left_out_is_reported(book):  # noqa: F811
    c = book
    single = "关于修改《甲市供水条例》的决定（草案）\n\n一、将第三条中的“千分之三”修改为“千分之一”。\n\n本决定自公布之日起施行。"
    bill = amend_bill(c, [c.water], single)
    plan = amendment.amended_texts(bill, bill.versions.get(stage=Stage.DRAFT))
    assert plan.ok and "千分之一" in plan.rows[0]["text"]
    two = amend_bill(c, [c.water, c.cityscape], single)
    rows = amendment.amended_texts(two, two.versions.get(stage=Stage.DRAFT)).rows
    assert [(r["title"], r["ok"]) for r in rows] == [("甲市供水条例", True), ("甲市市容条例", False)]
    assert "没有修改该法规" in rows[1]["reason"]


# ---- 修订: the decision drafted ----------------------------------------------------------------------------------------
REVISED = text("甲市供水条例（草案）", "为了加强城市供水管理，保障用水安全，制定本条例。", "城市管理综合执法部门负责监督检查。",
               "供水企业应当公开水质信息。", "逾期缴费的，按日加收千分之一的违约金。", "本条例自2026年10月1日起施行。")


def test_the_revision_path_drafts_a_decision_that_applied_to_the_old_version_gives_the_bill_text(book):  # noqa: F811
    c = book
    bill = amend_bill(c, [c.water], REVISED, form="revision")
    version = bill.versions.get(stage=Stage.DRAFT)
    out = amendment.draft_decision(bill, version)
    assert out.exact and out.instructions >= 3 and not out.problems
    old = parse_text(lawbook.current_version(c.water).text)
    result = apply_decision(old, out.text)
    assert result.ok
    wanted = parse_text(version.text)
    wanted.title = "甲市供水条例"
    assert render(result.statute) == render(wanted)
    client = login(c.clerk)
    page = client.get(f"/legislation/{bill.pk}/draft-decision/")
    assert page.status_code == 200 and "已核验" in page.content.decode()
    txt = client.get(f"/legislation/{bill.pk}/draft-decision/?format=txt")
    assert txt.status_code == 200 and "attachment" in txt["Content-Disposition"]
    assert txt.content.decode() == out.text
    docx = client.get(f"/legislation/{bill.pk}/draft-decision/?format=docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    # the wrong tool for the bill is a Chinese refusal, never a 500
    wrong = client.get(f"/legislation/{bill.pk}/amended-text/")
    assert wrong.status_code == 400 and "修正案" in wrong.content.decode()


def test_a_revision_bill_becomes_a_revised_version_on_promulgation(book):  # noqa: F811
    c = book
    bill = amend_bill(c, [c.water], REVISED, form="revision")
    through_vote(c, bill, REVISED.replace("（草案）", "（草案表决稿）"))
    bill = promulgate(c, bill)
    event = RegulationEvent.objects.get(regulation=c.water, bill=bill)
    assert event.kind == EventKind.REVISED
    assert "千分之一" in lawbook.text_at(c.water, D(2026, 10, 1)).text


def test_a_revision_bill_names_exactly_one_regulation(book):  # noqa: F811
    c = book
    with pytest.raises(Exception) as exc:
        amend_bill(c, [c.water, c.cityscape], REVISED, form="revision")
    assert "只能针对一件法规" in str(exc.value)
    assert not Bill.objects.filter(kind="amend").exists()
