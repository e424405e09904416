"""The demo city's statutory procedures for deputies (dates through renda.demo.clock): a request to permit an
arrest awaiting the committee's decision and a detention report heard (代表法 第三十九条); the year's deputy-work plan
published and next year's in draft (第四十三条); the provincial deputies elected by the city congress with a
resignation awaiting the committee's vote (选举法 第五十五条)."""

from __future__ import annotations

from renda.core.models import Person, Term
from renda.demo.clock import D, Y
from renda.deputies.annual import services as annual
from renda.deputies.immunity import services as immunity
from renda.deputies.immunity.workflow import in_session
from renda.deputies.models import Deputy
from renda.deputies.upper import services as upper
from renda.deputies.upper.models import UpperDeputy
from renda.meetings.models import Meeting, MeetingKind, MeetingStatus

PLAN = ("一、组织代表围绕城市更新、生态环境保护开展集中视察和专题调研各两次。\n"
        "二、完善常委会组成人员联系代表、代表联系人民群众制度，每季度开展一次接待选民日活动。\n"
        "三、举办代表履职学习班两期，新任代表全员参加。\n"
        "四、做好代表建议交办、督办和办理情况的报告、公开工作。")


def load(ctx) -> None:
    city = ctx.city
    office = ctx.users["bangongting"]
    deputies = list(Deputy.objects.filter(congress=city.congress, status="serving").select_related("person")
                    .order_by("id"))
    # 许可: one request reviewed and awaiting the committee's decision, one detention report heard
    _plans(ctx, city, office)
    if in_session(city.congress.pk, D(2026, 11, 16)) or in_session(city.congress.pk, D(2026, 11, 18)):
        # a session recorded as still sitting on those days: its presidium, not the committee, would act
        ctx.say("人民代表大会会议期间由主席团办理：演示数据未登记许可申请和省人大代表辞职")
        return
    _immunity(city, office, deputies)
    _upper(city, office)
    ctx.say("已登记许可申请和拘留报告、年度代表工作计划、本级人大选出的省人大代表 3 名及辞职 1 件")


def _immunity(city, office, deputies) -> None:
    req = immunity.case_create(actor=office, kind="arrest", deputy=deputies[40], organ_kind="police",
                               organ=f"{city.congress.city_name}公安局", received_on=D(2026, 11, 18),
                               facts="该代表涉嫌合同诈骗，公安机关提请许可逮捕。")
    immunity.case_transition(actor=office, case=req, action="review", retaliation_found=False,
                             materials="提请许可逮捕的函；案件事实和证据材料目录；该代表履职档案和近三年发言记录。",
                             review_opinion="经审查，案件事实与代表在会议上的发言、表决和提出建议等执行职务行为无关，"
                                            "未发现打击报复的情形，建议提请常委会会议审议。",
                             reviewed_on=D(2026, 11, 20))
    report = immunity.case_create(actor=office, kind="detention", deputy=deputies[41], organ_kind="police",
                                  organ=f"{city.congress.city_name}公安局交通警察支队", received_on=D(2026, 10, 9),
                                  detained_on=D(2026, 10, 8), facts="该代表因醉酒驾驶被当场拘留，次日报告。")
    immunity.case_transition(actor=office, case=report, action="note", decided_on=D(2026, 10, 12))


def _plans(ctx, city, office) -> None:
    # 年度代表工作计划: this year's published, next year's in draft
    chairs = (Meeting.objects.filter(congress=city.congress, kind=MeetingKind.CHAIRS, status=MeetingStatus.CLOSED,
                                     date__lte=ctx.today).order_by("date").first())
    year = Y(2026)
    plan = annual.plan_create(actor=office, year=chairs.date.year if chairs else year,
                              title=f"{city.congress.standing_committee_name}{chairs.date.year if chairs else year}"
                                    f"年度代表工作计划", content=PLAN)
    if chairs is not None:
        annual.plan_transition(actor=office, plan=plan, action="adopt", adopted_at=chairs)
        annual.plan_transition(actor=office, plan=plan, action="notify", day=chairs.date)
        annual.plan_transition(actor=office, plan=plan, action="publish", day=chairs.date)
    if plan.year != year + 1:
        annual.plan_create(actor=office, year=year + 1,
                           title=f"{city.congress.standing_committee_name}{year + 1}年度代表工作计划（草案）",
                           content=PLAN)


def _upper(city, office) -> None:
    # provincial deputies elected by the city congress; one resignation awaiting the vote
    term = Term.objects.filter(congress=city.congress).order_by("-start_date").first()
    people = Person.objects.bulk_create([Person(congress=city.congress, name=n, title="省人大代表")
                                         for n in ("周明远", "吴秀兰", "郑国强")])
    uppers = [UpperDeputy.objects.create(congress=city.congress, person=p, term=term, elected_on=D(2026, 1, 13))
              for p in people]
    upper.case_create(actor=office, kind="resignation", deputy=uppers[2], proposer="deputy",
                      received_on=D(2026, 11, 16), reason="因工作调动到外省任职，书面提出辞去省人民代表大会代表职务。")
