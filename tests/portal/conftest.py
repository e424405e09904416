"""The portal world on top of the named cast.

`portal_world` adds to `cast`:
- `legal` (法制委 staff, writes the texts);
- `draft_bill` under deliberation with a comment period running today (`period`, opened two days ago, closing in
  40 days) on a draft with chapters, items and a 第五条 (`art5` = its eId);
- `future_bill` with a period that opens in five days (`future_period`);
- `regulation`: a bill taken through every step up to 备案, with a closed period, a public comment carrying a
  known contact (`KNOWN_PHONE`) and its 公布文本;
- news: one published article and one draft; a deputy with a known phone (`KNOWN_PHONE`) and a station.
"""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

D = dt.date
MARCH_1 = dt.date(2026, 3, 1)
KNOWN_PHONE = "13912345678"

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


def _aware(day, hour=10):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _bill(c, title, text=DRAFT, submitted_on=MARCH_1):
    from renda.legislation import services

    return services.bill_create(
        actor=c.clerk, title=title, proposer_kind="government", proposer_org=c.city.organs["gov"],
        submitted_on=submitted_on, subject_area="生态文明建设", lead_committee=c.city.bodies["cjhb"],
        concerned_units=[c.city.units["市水务局"]], draft_text=text, explanation="市人民政府提出本草案。")


def _open_for_comment(c, bill, *, reading_on, opens_on, closes_on):
    from renda.legislation import services

    services.bill_transition(actor=c.leader, bill=bill, action="place_on_agenda", note="主任会议决定",
                             on=reading_on - dt.timedelta(days=2))
    services.bill_record_reading(actor=c.clerk, bill=bill, held_on=reading_on, meeting="常委会会议")
    return services.period_open(actor=c.clerk, bill=bill, opens_on=opens_on, closes_on=closes_on)


def _enact(c, bill):
    """Every step from the agenda to 备案, on fixed dates of 2026 (all in the past)."""
    from renda.legislation import services as s
    from renda.legislation.models import Stage

    second = DRAFT.replace("（草案）", "（草案二审稿）").replace("处一千元以上一万元以下罚款", "处五百元以上五千元以下罚款")
    third = second.replace("（草案二审稿）", "（草案三审稿）")
    final = third.replace("（草案三审稿）", "（草案表决稿）").replace("2027年1月1日", "2026年10月1日")
    s.bill_transition(actor=c.leader, bill=bill, action="place_on_agenda", note="主任会议决定", on=D(2026, 3, 10))
    s.bill_record_reading(actor=c.clerk, bill=bill, held_on=D(2026, 3, 20), meeting="第三次常委会会议")
    period = s.period_open(actor=c.clerk, bill=bill, opens_on=D(2026, 3, 23), closes_on=D(2026, 4, 23))
    draft = bill.versions.get(stage=Stage.DRAFT)
    s.comment_add(actor=c.clerk, bill=bill, version=draft, text="建议提高罚款上限。", source="public",
                  eid="", name="李四", contact=KNOWN_PHONE, submitted_at=_aware(D(2026, 3, 25)))
    s.period_transition(actor=c.clerk, period=period, action="close", on=D(2026, 4, 23),
                        feedback="收到意见1条，已研究处理：罚款幅度已作调整。")
    s.version_add(actor=c.legal, bill=bill, stage="second", text=second, explanation="修改情况的汇报。")
    s.bill_record_reading(actor=c.clerk, bill=bill, held_on=D(2026, 4, 28), meeting="第四次常委会会议")
    s.version_add(actor=c.legal, bill=bill, stage="third", text=third, explanation="审议结果的报告。")
    s.bill_record_reading(actor=c.clerk, bill=bill, held_on=D(2026, 6, 20), meeting="第五次常委会会议")
    s.version_add(actor=c.legal, bill=bill, stage="final", text=final, explanation="修改意见的报告。")
    s.bill_transition(actor=c.leader, bill=bill, action="schedule_vote", note="提请表决", on=D(2026, 6, 20))
    s.bill_record_vote(actor=c.clerk, bill=bill, voted_on=D(2026, 6, 21), yes=8, no=1, abstain=1, meeting="第五次会议")
    s.bill_transition(actor=c.clerk, bill=bill, action="submit_for_approval", on=D(2026, 6, 25))
    s.bill_transition(actor=c.clerk, bill=bill, action="approve", on=D(2026, 8, 20), approval_body="某省人大常委会第十次会议")
    s.bill_transition(actor=c.clerk, bill=bill, action="promulgate", on=D(2026, 8, 28), announcement_number="第1号",
                      effective_on=D(2026, 10, 1), gazette="常委会公报")
    s.bill_transition(actor=c.clerk, bill=bill, action="file", on=D(2026, 9, 10))
    bill.refresh_from_db()
    return bill


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def portal_world(cast):
    from renda.core.roles import Role
    from renda.demo.builders import make_user
    from renda.deputies.models import Station
    from renda.legislation import texts
    from renda.portal import services as portal

    c = cast
    c.known_phone = KNOWN_PHONE
    c.legal = make_user("legal", c.password, congress=c.congress, role=Role.COMMITTEE, display_name="法制委",
                        organization=c.city.bodies["fzw"])
    today = timezone.localdate()
    c.regulation = _enact(c, _bill(c, "甲市河道管理条例"))
    c.draft_bill = _bill(c, "甲市湖泊保护条例", DRAFT.replace("河道管理条例", "湖泊保护条例"),
                         submitted_on=today - dt.timedelta(days=10))
    c.period = _open_for_comment(c, c.draft_bill, reading_on=today - dt.timedelta(days=4),
                                 opens_on=today - dt.timedelta(days=2), closes_on=today + dt.timedelta(days=40))
    c.future_bill = _bill(c, "甲市水库管理条例", DRAFT.replace("河道管理条例", "水库管理条例"),
                          submitted_on=today - dt.timedelta(days=10))
    c.future_period = _open_for_comment(c, c.future_bill, reading_on=today - dt.timedelta(days=4),
                                        opens_on=today + dt.timedelta(days=5), closes_on=today + dt.timedelta(days=50))
    statute = texts.statute_of(c.period.version)
    c.art5 = statute.article(5).eid
    c.news = portal.news_create(actor=c.clerk, title="常委会召开第五次会议", category="committee",
                                body="常委会召开第五次会议，审议了河道管理条例草案等议题。会议由主任主持。")
    portal.news_transition(actor=c.clerk, article=c.news, action="publish")
    c.news_draft = portal.news_create(actor=c.clerk, title="尚未发布的内部稿件", category="notice",
                                      body="这是一篇尚未审核发布的稿件，不应在门户网站出现。")
    deputy = c.city.deputies[0]
    deputy.phone = KNOWN_PHONE
    deputy.save(update_fields=["phone"])
    c.station = Station.objects.create(congress=c.congress, name="老城代表联络站", district="老城区",
                                       address="老城区人民路1号", schedule="每月15日上午", contact_phone="0999-1234567")
    c.station.deputies.add(deputy)
    return c
