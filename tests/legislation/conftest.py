"""The legislation world on top of the named cast: a legal-committee clerk, bills at chosen stages.

`leg_world` adds to `cast`: `legal` (法制委员会 staff), `bill` (proposed by the city government, concerning
市水务局, lead committee 城建环保委) and `other_bill` (proposed by 财经委, concerning nobody), both still
proposed; `advance(c, bill, upto)` takes a bill through the real services up to a named step.
"""

import datetime as dt

import pytest

D = dt.date

DRAFT = """甲市河道管理条例（草案）

第一章 总则

第一条 为了加强河道管理，保障防洪安全，发挥河道的综合效益，根据有关法律、法规，制定本条例。

第二条 本条例适用于本市行政区域内河道的整治、利用、保护及其相关管理活动。
本条例所称河道，包括河流、湖泊、水库、人工水道和行洪区。

第三条 市水务部门主管本市河道管理工作。

第二章 保护

第四条 禁止在河道管理范围内实施下列行为：
（一）弃置、堆放阻碍行洪的物体；
（二）倾倒垃圾、渣土；
（三）擅自围垦湖泊。

第五条 违反本条例第四条规定的，由水务部门责令改正，处一千元以上一万元以下罚款。

第三章 附则

第六条 本条例自2027年1月1日起施行。
"""
SECOND = DRAFT.replace("（草案）", "（草案二审稿）").replace(
    "第三条 市水务部门主管本市河道管理工作。",
    "第三条 市水务部门主管本市河道管理工作。区水务部门负责本辖区内的河道管理工作。\n\n"
    "第四条 本市实行河长制，各级河长负责组织领导相应河道的管理和保护工作。").replace(
    "第四条 禁止", "第五条 禁止").replace("第五条 违反本条例第四条", "第六条 违反本条例第五条").replace(
    "第六条 本条例自", "第七条 本条例自")
THIRD = SECOND.replace("（草案二审稿）", "（草案三审稿）").replace("处一千元以上一万元以下罚款", "处五百元以上五千元以下罚款")
FINAL = THIRD.replace("（草案三审稿）", "（草案表决稿）").replace("2027年1月1日", "2027年3月1日")

# The steps of `advance`, in order: (name, callable(c, bill)).
STEPS = []


def step(name):
    def register(fn):
        STEPS.append((name, fn))
        return fn
    return register


def _svc():
    from renda.legislation import services
    return services


@step("on_agenda")
def _agenda(c, bill):
    _svc().bill_transition(actor=c.leader, bill=bill, action="place_on_agenda", note="主任会议决定", on=D(2026, 3, 10))


@step("reading1")
def _r1(c, bill):
    _svc().bill_record_reading(actor=c.clerk, bill=bill, held_on=D(2026, 3, 20), meeting="第三次常委会会议")


@step("period_open")
def _period(c, bill):
    c.period = _svc().period_open(actor=c.clerk, bill=bill, opens_on=D(2026, 3, 23), closes_on=D(2026, 4, 23))


@step("commented")
def _commented(c, bill):
    from renda.legislation.models import Stage

    draft = bill.versions.get(stage=Stage.DRAFT)
    _svc().comment_add(actor=c.clerk, bill=bill, version=draft, text="建议明确河长的职责。", source="public",
                       eid="chp_1__art_3", name="张三", contact="13900001111",
                       submitted_at=_aware(D(2026, 3, 25)))


@step("period_closed")
def _closed(c, bill):
    from renda.legislation.models import CommentPeriod

    period = CommentPeriod.objects.get(bill=bill, status="open")
    _svc().period_transition(actor=c.clerk, period=period, action="close", on=D(2026, 4, 23), feedback="收到意见1条。")


@step("second")
def _second(c, bill):
    _svc().version_add(actor=c.legal, bill=bill, stage="second", text=SECOND, explanation="修改情况的汇报。")


@step("reading2")
def _r2(c, bill):
    _svc().bill_record_reading(actor=c.clerk, bill=bill, held_on=D(2026, 4, 28), meeting="第四次常委会会议")


@step("third")
def _third(c, bill):
    _svc().version_add(actor=c.legal, bill=bill, stage="third", text=THIRD, explanation="审议结果的报告。")


@step("reading3")
def _r3(c, bill):
    _svc().bill_record_reading(actor=c.clerk, bill=bill, held_on=D(2026, 6, 20), meeting="第五次常委会会议")


@step("final")
def _final(c, bill):
    _svc().version_add(actor=c.legal, bill=bill, stage="final", text=FINAL, explanation="修改意见的报告。")


@step("vote_pending")
def _schedule(c, bill):
    _svc().bill_transition(actor=c.leader, bill=bill, action="schedule_vote", note="提请表决", on=D(2026, 6, 20))


@step("passed")
def _vote(c, bill):
    _svc().bill_record_vote(actor=c.clerk, bill=bill, voted_on=D(2026, 6, 21), yes=8, no=1, abstain=1,
                            meeting="第五次常委会会议")


@step("awaiting_approval")
def _submit(c, bill):
    _svc().bill_transition(actor=c.clerk, bill=bill, action="submit_for_approval", on=D(2026, 6, 25))


@step("approved")
def _approve(c, bill):
    _svc().bill_transition(actor=c.clerk, bill=bill, action="approve", on=D(2026, 8, 20),
                           approval_body="某省人大常委会第十次会议")


@step("promulgated")
def _promulgate(c, bill):
    _svc().bill_transition(actor=c.clerk, bill=bill, action="promulgate", on=D(2026, 8, 28),
                           announcement_number="第1号", effective_on=D(2026, 10, 1), gazette="常委会公报")


@step("filed")
def _file(c, bill):
    _svc().bill_transition(actor=c.clerk, bill=bill, action="file", on=D(2026, 9, 10))


def _aware(day, hour=10):
    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def advance(c, bill, upto: str):
    """Take `bill` through the steps up to and including `upto`; returns the refreshed bill."""
    names = [n for n, _ in STEPS]
    assert upto in names, upto
    for name, fn in STEPS:
        fn(c, bill)
        if name == upto:
            break
    bill.refresh_from_db()
    return bill


def make_bill(c, **overrides):
    from renda.legislation import services

    data = dict(actor=c.clerk, title="甲市河道管理条例", proposer_kind="government", proposer_org=c.city.organs["gov"],
                submitted_on=D(2026, 3, 1), subject_area="生态文明建设", lead_committee=c.city.bodies["cjhb"],
                concerned_units=[c.city.units["市水务局"]], draft_text=DRAFT,
                explanation="为加强河道管理，市人民政府提出本草案。")
    data.update(overrides)
    return services.bill_create(**data)


@pytest.fixture
def leg_world(cast):
    from renda.core.roles import Role
    from renda.demo.builders import make_user

    c = cast
    c.legal = make_user("legal", c.password, congress=c.congress, role=Role.COMMITTEE, display_name="法制委",
                        organization=c.city.bodies["fzw"])
    c.bill = make_bill(c)
    c.other_bill = make_bill(c, title="甲市预算审查监督条例", proposer_kind="special_committee",
                             proposer_org=c.city.bodies["cjw"], lead_committee=c.city.bodies["cjw"],
                             concerned_units=[], subject_area="基层治理")
    c.advance = lambda bill, upto: advance(c, bill, upto)
    return c


# ---- comments for the analysis, decisions and notice tests -------------------------------------------------------
CAMPAIGN = "我们坚决反对第五条规定的罚款标准，罚款过高会加重普通群众的负担，建议降低罚款数额并先行教育劝导。"


@pytest.fixture
def commented(leg_world):
    from renda.legislation import analysis as glue
    from renda.legislation import services
    """The bill open for comment with comments on 第五条 (a planted campaign of 25 copies), 第三条 and the whole."""
    from renda.legislation.models import Stage

    c = leg_world
    bill = c.advance(c.bill, "period_open")
    draft = bill.versions.get(stage=Stage.DRAFT)
    eids = {a.label: a.eid for a in glue.provision_refs(draft) if a.eid}
    c.draft, c.eids = draft, eids
    for i in range(25):
        text = CAMPAIGN if i % 3 else CAMPAIGN.replace("坚决", "")
        services.comment_add(actor=c.clerk, bill=bill, version=draft, text=text + ("！" * (i % 2)), source="public",
                             eid=eids["第五条"], name=f"群众{i}", contact=f"1390000{i:04d}",
                             submitted_at=_aware(dt.date(2026, 3, 24 + i % 3)))
    for i, text in enumerate(["建议明确区水务部门的具体职责和考核办法。", "水务部门的监管职责应当与生态环境部门分清。",
                              "第三条写得太原则，建议细化。"]):
        services.comment_add(actor=c.clerk, bill=bill, version=draft, text=text, source="public", eid=eids["第三条"],
                             name="李四", contact="13900009999", submitted_at=_aware(dt.date(2026, 3, 25), 11 + i))
    services.comment_add(actor=c.clerk, bill=bill, version=draft, text="总体赞成制定本条例，建议尽快出台。",
                         source="deputy", submitted_at=_aware(dt.date(2026, 3, 26)))
    # the same person (same contact, written differently) twice on the whole draft
    for contact in ("139-0000-8888", "13900008888"):
        services.comment_add(actor=c.clerk, bill=bill, version=draft, text="建议增加河道保洁经费保障的规定，明确财政投入。",
                             source="public", name="王五", contact=contact, submitted_at=_aware(dt.date(2026, 3, 27)))
    c.bill = bill
    return c
