"""The demo city: XX市第十二届人大常委会 in the first year of its term, and a small county beside it.

Everything the director's speech names is here: the two draft regulations, economic-operation and budget
supervision, 3X research topics (海绵城市建设, 司法体制改革, 基本公共文化服务均等化 …), the motion
《关于综合治理水环境的议案》 and 1X key suggestions, on a plan issued in February and worked on since.
The plan's own steps go through the services, so the demo's audit trail is the real one.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from renda.core import search
from renda.core.models import Congress
from renda.core.roles import Role
from renda.demo import clock, plan2026
from renda.demo.builders import build_congress, load_national_holidays, make_user
from renda.demo.clock import D, Y, moved, shift
from renda.demo.names import CITY_DEPARTMENTS, COUNTY_DEPARTMENTS, NameMaker
from renda.demo.registry import DEMO_LOADERS, DemoContext
from renda.workplan import services as wp
from renda.workplan.models import Category, PriorityTag, WorkPlanItem

DEMO_CODE = "xx-city"
COUNTY_CODE = "xx-county"
DEMO_PASSWORD = "renda-demo-2026"  # noqa: S105 - the documented demo password
PLAN_YEAR = 2026
TERM_START = dt.date(2026, 1, 10)

# (username, role, display name, body key or unit name) — one demo account per role.
DEMO_ACCOUNTS = [
    ("bangongting", Role.OFFICE, "办公厅 秘书处", "bgt"),
    ("zhuren", Role.LEADER, "常委会主任", None),
    ("fuzhuren", Role.LEADER, "常委会副主任（城建环保）", None),
    ("caijingwei", Role.COMMITTEE, "财政经济委员会 工作人员", "cjw"),
    ("chengjianwei", Role.COMMITTEE, "城乡建设环境保护委员会 工作人员", "cjhb"),
    ("weiyuan", Role.MEMBER, "常委会委员", None),
    ("daibiao", Role.DEPUTY, "市人大代表", None),
    ("shuiwuju", Role.UNIT, "市水务局 联络员", "市水务局"),
    ("jiaoyuju", Role.UNIT, "市教育局 联络员", "市教育局"),
    ("fayuan", Role.UNIT, "市中级人民法院 联络员", "市中级人民法院"),
    ("admin", Role.ADMIN, "系统管理员", None),
]
COUNTY_ACCOUNTS = [
    ("xian-bangongshi", Role.OFFICE, "县人大常委会办公室", "bgt"),
    ("xian-zhuren", Role.LEADER, "县人大常委会主任", None),
]


def demo_exists() -> bool:
    return Congress.objects.filter(code=DEMO_CODE).exists()


def _item_status(month: int | None, number: int, today: dt.date) -> str:
    """A realistic state on `today`: past months mostly done, a few late; the current month under way."""
    if month is None:
        return "in_progress"
    if month < today.month:
        return "planned" if number % 17 == 0 else ("in_progress" if number % 9 == 0 else "completed")
    if month == today.month:
        return "in_progress" if number % 3 else "completed"
    return "planned"


@transaction.atomic
def load_demo(*, today: dt.date | None = None, stdout=None) -> dict:
    """Load the demo city relative to `today` (default: the day it is loaded): its story's narrative day, 26 November
    of the term's first year, is moved by whole weeks onto `today` (renda.demo.clock)."""
    with clock.loading_on(today or timezone.localdate()) as story_day:
        return _load(story_day, stdout)


def _load(today: dt.date, stdout) -> dict:
    say = (lambda s: stdout.write(s)) if stdout else (lambda s: None)
    load_national_holidays()
    names = NameMaker(seed=20260110)
    city = build_congress(
        code=DEMO_CODE, place="XX市", level=Congress.Level.CITY, names=names, term_number=12,
        term_start=shift(TERM_START), members=45, vice_chairs=7, departments=CITY_DEPARTMENTS, deputies=500,
    )
    say(f"已建立 {city.congress.standing_committee_name}：组成人员 45 名，承办单位 {len({u.pk for u in city.units.values()})} 个，代表 {len(city.deputies)} 名")
    county = build_congress(
        code=COUNTY_CODE, place="XX市YY县", level=Congress.Level.COUNTY, names=NameMaker(seed=7), term_number=18,
        term_start=D(2026, 1, 6), members=25, vice_chairs=4, departments=COUNTY_DEPARTMENTS, deputies=120,
        parent=city.congress,
    )
    # The county's organ names are short (县人民政府…); give it its place in the name.
    say(f"已建立 {county.congress.standing_committee_name}（用于演示多个人大之间的数据隔离）")

    users = {}
    for username, role, display, where in DEMO_ACCOUNTS:
        org = None
        person = None
        if role == Role.COMMITTEE or (role == Role.OFFICE and where):
            org = city.bodies[where]
        elif role == Role.UNIT:
            org = city.units[where]
        if username == "zhuren":
            person = city.director
        elif username == "fuzhuren":
            person = city.vice_chairs[5]
        elif username == "weiyuan":
            person = city.members[-1]
        elif username == "daibiao":
            person = city.deputies[-1].person
        users[username] = make_user(
            username, DEMO_PASSWORD, congress=city.congress, role=role,
            display_name=display, organization=org, person=person, superuser=(role == Role.ADMIN),
        )
    for username, role, display, where in COUNTY_ACCOUNTS:
        users[username] = make_user(
            username, DEMO_PASSWORD, congress=county.congress, role=role, display_name=display,
            organization=county.bodies[where] if where else None,
            person=county.director if role == Role.LEADER else None,
        )

    tags = PriorityTag.objects.bulk_create(
        [PriorityTag(congress=city.congress, name=n, order=i) for i, n in enumerate(moved(plan2026.PRIORITIES))]
    )
    plan = _load_city_plan(city, users, tags, today)
    say(f"已载入《{plan.title}》：{plan.items.count()} 项")
    _load_county_plan(county, users)
    ctx = DemoContext(city=city, county=county, users=users, plan=plan, today=today, say=say)
    for _, _name, loader in DEMO_LOADERS:
        loader(ctx)
    search.reindex()  # rows some loaders bulk-create never passed through a save
    return {"city": city.congress, "county": county.congress, "users": users, "plan": plan}


def _load_city_plan(city, users, tags, today: dt.date):
    office = users["bangongting"]
    leader = users["zhuren"]
    plan = wp.plan_create(actor=office, year=Y(PLAN_YEAR))
    vc = city.vice_chairs
    rows = []
    for cat, title, desc, v, body, counterpart, month, meeting, prios in moved(plan2026.ITEMS):
        rows.append((cat, title, desc, v, body, counterpart, month, meeting, prios))
    for title, unit, v, body, month, prios in moved(plan2026.KEY_SUGGESTIONS):
        rows.append((Category.PROPOSALS, f"重点督办：{title}", "主任会议确定的重点督办建议，由分管副主任牵头督办。", v,
                     body, unit, month, "", prios))
    for title, v, body, counterpart, month, prios in moved(plan2026.RESEARCH_TOPICS):
        rows.append((Category.RESEARCH, title, "形成调研报告，提出意见建议，推动问题解决。", v, body, counterpart, month,
                     "", prios))
    rows += moved(plan2026.OTHER_ITEMS)
    items: list[WorkPlanItem] = []
    for cat, title, desc, v, body, counterpart, month, meeting, prios in rows:
        items.append(
            wp.item_create(
                actor=office, plan=plan, category=cat, title=title, description=desc, vice_chair=vc[v - 1],
                lead_body=city.bodies[body], counterpart=city.units.get(counterpart) if counterpart else None,
                planned_month=month, planned_meeting=meeting, priorities=[tags[p - 1] for p in prios],
            )
        )
    wp.plan_transition(actor=office, plan=plan, action="submit", note="提请常委会党组（扩大）会议研究")
    wp.plan_transition(actor=leader, plan=plan, action="adopt", note="第一次主任会议通过")
    wp.plan_transition(actor=office, plan=plan, action="issue", note="印发", doc_number=f"X人常发〔{Y(2026)}〕3号",
                       issued_on=D(2026, 2, 10))
    for item in items:
        state = _item_status(item.planned_month, item.number, clock.CANONICAL_TODAY)
        if state == "planned":
            continue
        wp.item_transition(actor=office, item=item, action="start", note="启动")
        wp.item_add_progress(actor=office, item=item, text=f"{item.lead_body}已制定工作方案，明确责任分工和时间节点。",
                             date=D(PLAN_YEAR, max(1, (item.planned_month or 3) - 1), 15))
        if state == "completed":
            done_on = D(PLAN_YEAR, item.planned_month or 12, 20)
            wp.item_transition(actor=office, item=item, action="complete",
                               result=f"已按计划完成：{item.title}，形成报告并按程序报送。", completed_on=done_on)
    # A revision in the middle of the year: one research topic added on the vice-chairs' proposal.
    wp.plan_transition(actor=office, plan=plan, action="revise", note="根据年中工作推进情况调整工作要点")
    added = wp.item_create(
        actor=office, plan=plan, category=Category.RESEARCH, title="城市更新行动实施情况专题调研",
        description="年中增补的调研项目。", vice_chair=vc[5], lead_body=city.bodies["cjhb"],
        counterpart=city.units["市住房和城乡建设局"], planned_month=12, priorities=[tags[3]],
    )
    wp.plan_transition(actor=leader, plan=plan, action="adopt_revision", note="第十五次主任会议通过修订")
    wp.plan_transition(actor=office, plan=plan, action="issue", note="修订后印发", doc_number=f"X人常发〔{Y(2026)}〕21号",
                       issued_on=D(2026, 7, 8))
    wp.item_transition(actor=office, item=added, action="start", note="启动")
    return plan


def _load_county_plan(county, users):
    office = users["xian-bangongshi"]
    leader = users["xian-zhuren"]
    plan = wp.plan_create(actor=office, year=Y(PLAN_YEAR))
    rows = [
        (Category.LEGISLATION, "开展县域立法建议征集", "fzw", None, 5),
        (Category.SPECIAL_REPORT, "听取和审议县人民政府关于乡村振兴工作情况的报告", "cjw", "gov", 6),
        (Category.BUDGET, f"审查批准{Y(2025)}年县级决算", "cjw", "gov", 7),
        (Category.ENFORCEMENT, "开展《中华人民共和国农业法》执法检查", "cjw", None, 9),
        (Category.RESEARCH, "县城污水处理设施建设专题调研", "cjw", None, 8),
        (Category.PROPOSALS, "督办代表建议办理工作", "dbw", None, 10),
        (Category.DEPUTIES, "开展代表接待选民日活动", "dbw", None, 6),
        (Category.SELF_BUILDING, "举办常委会组成人员学习班", "bgt", None, 4),
    ]
    for cat, title, body, organ, month in rows:
        wp.item_create(actor=office, plan=plan, category=cat, title=title, vice_chair=county.vice_chairs[0],
                       lead_body=county.bodies[body], counterpart=county.organs[organ] if organ else None,
                       planned_month=month)
    wp.plan_transition(actor=office, plan=plan, action="submit", note="提请党组会议研究")
    wp.plan_transition(actor=leader, plan=plan, action="adopt", note="主任会议通过")
    wp.plan_transition(actor=office, plan=plan, action="issue", doc_number=f"Y人常发〔{Y(2026)}〕2号",
                       issued_on=D(2026, 2, 20))
    return plan
