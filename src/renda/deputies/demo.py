"""The deputies' part of the demo city: a realistic registry, liaison stations with reception days,
members' contacts, training, a friendly-city delegation, and a calendar with one double booking to show.

Everything goes through the services (the audit trail is the real one); the registry's composition is set
by one audited bulk update. The deputies' working committee gets a demo account: daibiaowei.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from renda.core import audit
from renda.core.models import Person
from renda.core.roles import Role
from renda.demo.builders import make_user
from renda.demo.city import DEMO_PASSWORD
from renda.demo.clock import D, Y
from renda.deputies import services
from renda.deputies.exchanges import services as exchanges
from renda.deputies.liaison import services as liaison
from renda.deputies.models import (
    ActivityKind,
    Audience,
    ChangeKind,
    Course,
    Delegation,
    Deputy,
    Enrollment,
    Partner,
    Station,
    Visit,
)
from renda.deputies.training import services as training

DBW_USERNAME = "daibiaowei"
MINORITIES = ["回族", "满族", "蒙古族", "壮族", "土家族", "朝鲜族"]
DEMOCRATIC_PARTIES = ["民革", "民盟", "民建", "民进", "农工党", "致公党", "九三学社"]
OCCUPATIONS_BY_SECTOR = {
    "工人": ["技术工人", "车间主任", "公交车驾驶员", "快递员", "电力工程师"],
    "农民": ["村党支部书记", "农业合作社理事长", "种植大户", "村委会主任"],
    "专业技术人员": ["中学教师", "主任医师", "工程师", "律师", "高校教授", "研究员", "护士长"],
    "党政领导干部": ["区委书记", "区长", "街道党工委书记", "市直部门主要负责人", "镇党委书记"],
    "企业负责人": ["企业董事长", "总经理", "民营企业家"],
    "解放军": ["部队政治委员", "武警支队长"],
    "归侨": ["侨联副主席"],
    "社会组织": ["社区党委书记", "社会组织负责人", "工会主席", "妇联主席"],
}
# Shares of the 500 deputies, in the range city congresses publish.
SECTOR_SHARES = {"工人": 9, "农民": 9, "专业技术人员": 23, "党政领导干部": 31, "企业负责人": 17, "解放军": 3,
                 "归侨": 1, "社会组织": 7}
PARTY_SHARES = {"中共党员": 66, "民主党派": 13, "无党派人士": 8, "群众": 13}
AGE_SHARES = {(28, 35): 6, (36, 45): 24, (46, 55): 48, (56, 63): 22}
EDUCATION_SHARES = {"postgraduate": 38, "bachelor": 45, "college": 11, "secondary": 6}


def _quota(shares: dict, n: int, rng: random.Random) -> list:
    """A list of n values in the given proportions (largest remainders), shuffled."""
    total = sum(shares.values())
    exact = {k: n * v / total for k, v in shares.items()}
    counts = {k: int(x) for k, x in exact.items()}
    for k in sorted(exact, key=lambda k: exact[k] - counts[k], reverse=True)[: n - sum(counts.values())]:
        counts[k] += 1
    values = [k for k, c in counts.items() for _ in range(c)]
    rng.shuffle(values)
    return values


def _id_number(rng: random.Random, birth_year: int, female: bool, seq: int) -> str:
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    serial = (seq % 499) * 2 + (0 if female else 1)  # odd for men, even for women (GB 11643)
    first17 = f"990201{birth_year:04d}{month:02d}{day:02d}{serial:03d}"  # region 99: not a real region code
    return first17 + services.id_number_check_digit(first17)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def load(ctx) -> None:
    city = ctx.city
    term = city.term
    rng = random.Random(20260110)
    office = ctx.users["bangongting"]
    director_user = ctx.users["zhuren"]
    dbw = make_user(DBW_USERNAME, _password(), congress=city.congress, role=Role.COMMITTEE,
                    display_name="代表人事选举工作委员会 工作人员", organization=city.bodies["dbw"])
    ctx.users[DBW_USERNAME] = dbw
    deputies = _composition(city, term, rng)
    ctx.say(f"已设置 {len(deputies)} 名代表的结构信息（性别、民族、党派、年龄、界别、学历）和加密的个人信息")
    _changes(city, term, dbw, deputies)
    me = city.deputies[-1]  # the demo deputy account (daibiao)
    stations = _stations(city, dbw, rng, me)
    n_act, n_issue = _activities(city, dbw, office, rng, stations, me, ctx.today)
    ctx.say(f"已建立 {len(stations)} 个代表联络站和代表之家，代表活动 {n_act} 次（含接待选民日），群众意见 {n_issue} 件")
    _contacts(city, dbw, rng, me)
    courses = _training(city, dbw, office, rng, me)
    ctx.say(f"已安排培训和学习 {courses} 期，发布学习资料 3 份")
    _exchanges(city, office, director_user)
    ctx.say("已登记友好城市、友好议会和出访来访团组；统筹日程中可见 12 月 15 日的重复安排提示")
    ctx.extra["deputies.dbw_user"] = dbw


def _password() -> str:
    return DEMO_PASSWORD


# ---- the registry --------------------------------------------------------------------------------------
def _composition(city, term, rng: random.Random) -> list[Deputy]:
    deputies = list(Deputy.objects.filter(term=term).select_related("person", "delegation").order_by("id"))
    n = len(deputies)
    sc = [city.director, *city.vice_chairs, *([city.secretary_general] if city.secretary_general else []),
          *city.members]
    sc_people = {p.pk for p in sc}
    sectors = _quota(SECTOR_SHARES, n, rng)
    # members of the standing committee take 党政领导干部 places first (swapped with ordinary deputies)
    sc_index = [i for i, d in enumerate(deputies) if d.person_id in sc_people]
    spare = [i for i, s in enumerate(sectors) if s == "党政领导干部" and deputies[i].person_id not in sc_people]
    for i in sc_index:
        if sectors[i] != "党政领导干部" and spare:
            k = spare.pop()
            sectors[i], sectors[k] = sectors[k], sectors[i]
    genders = ["F"] * round(n * 0.31) + ["M"] * (n - round(n * 0.31))
    rng.shuffle(genders)
    ethnicities = [rng.choice(MINORITIES) for _ in range(round(n * 0.06))] + ["汉族"] * (n - round(n * 0.06))
    rng.shuffle(ethnicities)
    parties = [p if p != "民主党派" else rng.choice(DEMOCRATIC_PARTIES) for p in _quota(PARTY_SHARES, n, rng)]
    ages = _quota(AGE_SHARES, n, rng)
    education = _quota(EDUCATION_SHARES, n, rng)
    year = term.start_date.year
    rows, private = [], []
    for i, d in enumerate(deputies):
        lo, hi = ages[i]
        birth_year = year - rng.randint(lo, hi)
        row = {
            "deputy": d.pk, "gender": genders[i], "ethnicity": ethnicities[i], "party": parties[i],
            "birth_year": birth_year, "sector": sectors[i], "education": education[i],
            "reelected": rng.random() < 0.42,
            "constituency": d.delegation.name.removesuffix("代表团") + "人民代表大会" if d.delegation else "",
        }
        if d.person_id in sc_people:
            row["party"] = "中共党员" if rng.random() < 0.8 else rng.choice(DEMOCRATIC_PARTIES)
            row["birth_year"] = year - rng.randint(50, 60)
        else:
            row["occupation"] = rng.choice(OCCUPATIONS_BY_SECTOR[sectors[i]])
        rows.append(row)
        private.append({"deputy": d.pk, "id_number": _id_number(rng, row["birth_year"], row["gender"] == "F", i),
                        "phone": f"1990000{i:04d}"})
    services.registry_bulk_update(actor=None, term=term, rows=rows, note="演示数据：载入代表结构信息")
    services.registry_bulk_private(actor=None, term=term, rows=private)
    # the seats of each delegation are those elected at the start of the term
    seats: dict[int, int] = {}
    for d in deputies:
        seats[d.delegation_id] = seats.get(d.delegation_id, 0) + 1
    delegations = list(Delegation.objects.filter(term=term))
    for g in delegations:
        g.seats = seats.get(g.pk, 0)
    Delegation.objects.bulk_update(delegations, ["seats"])
    audit.record(actor=None, action="import", obj=term, congress_id=term.congress_id,
                 after={"seats": sum(seats.values())}, note="演示数据：登记各代表团应选名额")
    return deputies


def _changes(city, term, dbw, deputies: list[Deputy]) -> None:
    plain = [d for d in deputies if "常务委员会" not in d.person.title]
    resigning, moving = plain[100], plain[137]
    c = services.change_create(actor=dbw, kind=ChangeKind.RESIGNATION, deputy=resigning,
                               occurred_on=D(2026, 6, 2), reason="因工作调动，本人书面提出辞去市人大代表职务。")
    services.change_transition(actor=dbw, change=c, action="report", note="代表资格审查委员会报告")
    # 选举法 第五十五条第一款: the district congress's standing committee accepted; the city records and announces
    district = resigning.delegation.name.removesuffix("代表团") if resigning.delegation else "原选举单位"
    services.change_transition(actor=dbw, change=c, action="accept", effective_on=D(2026, 6, 26),
                               decision_ref=f"{district}人大常委会决定接受辞职",
                               note="原选举单位人大常委会接受辞职，市人大常委会备案")
    services.change_transition(actor=dbw, change=c, action="announce", announced_on=D(2026, 6, 28))
    c = services.change_create(actor=dbw, kind=ChangeKind.RELOCATION, deputy=moving, occurred_on=D(2026, 8, 15),
                               reason="调离本行政区域工作，代表资格自行终止。")
    services.change_transition(actor=dbw, change=c, action="report", note="代表资格审查委员会报告")
    services.change_transition(actor=dbw, change=c, action="accept", effective_on=D(2026, 8, 27),
                               decision_ref="市第十二届人大常委会第六次会议")
    services.change_transition(actor=dbw, change=c, action="announce", announced_on=D(2026, 8, 29))
    # The resigned deputy's electing unit has elected a successor; the committee has reviewed the credentials.
    person = Person.objects.create(congress=city.congress, name="林思远", gender="F", ethnicity="汉族",
                                   party="中共党员", birth_year=1983, title="社区党委书记")
    audit.record(actor=dbw, action="create", obj=person, after=audit.snapshot(person), note="补选产生的代表")
    c = services.change_create(actor=dbw, kind=ChangeKind.BY_ELECTION, delegation=resigning.delegation, person=person,
                               occurred_on=D(2026, 11, 20), credentials_reviewed=True,
                               reason=f"{resigning.delegation.name.removesuffix('代表团')}人民代表大会补选。")
    services.change_transition(actor=dbw, change=c, action="report", note="代表资格审查委员会审查报告")


# ---- liaison -------------------------------------------------------------------------------------------
STREETS = ["人民路", "解放路", "建设路", "和平路", "中山路", "友谊路", "滨河路", "文化路"]


def _stations(city, dbw, rng, me: Deputy) -> list[Station]:
    delegations = list(Delegation.objects.filter(term=city.term).order_by("order"))
    stations = []
    for i, g in enumerate(delegations[:8]):
        district = g.name.removesuffix("代表团")
        members = list(Deputy.objects.filter(delegation=g, status__in=Deputy.ACTIVE_STATES)
                       .select_related("person").order_by("id")[:12])
        if g.pk == me.delegation_id and me not in members:
            members.append(me)
        stations.append(liaison.station_create(
            actor=dbw, deputies=members, kind=Station.Kind.STATION, name=f"{district}{STREETS[i][:2]}街道代表联络站",
            district=district, address=f"{district}{STREETS[i]}{10 + i * 7}号", delegation=g,
            schedule=f"每月15日上午9:00—11:30接待选民；工作日{'上午' if i % 2 else '下午'}开放",
            contact_phone=f"0999-8{i}6{i}00{i}1",
        ))
    for i, name in enumerate(["滨江代表之家", "高新区代表之家"]):
        g = delegations[(i * 5 + 3) % len(delegations)]
        members = list(Deputy.objects.filter(delegation=g, status__in=Deputy.ACTIVE_STATES).order_by("-id")[:8])
        stations.append(liaison.station_create(
            actor=dbw, deputies=members, kind=Station.Kind.HOME, name=name, district=g.name.removesuffix("代表团"),
            address=f"{g.name.removesuffix('代表团')}{STREETS[i + 4]}88号", delegation=g,
            schedule="每周三下午开放，代表轮流值班",
        ))
    return stations


RECEPTION_ISSUES = [
    ("老旧小区加装电梯推进缓慢", "居民反映小区加装电梯意见难统一、审批环节多，希望简化程序、加大补贴。", "市住房和城乡建设局"),
    ("雨季道路积水", "每逢大雨路口积水严重，影响通行，希望改造排水管网。", "市水务局"),
    ("学校周边交通拥堵", "上下学时段校门口车辆拥堵，存在安全隐患，建议设置临时停车区。", "市公安局"),
    ("社区养老服务站服务项目少", "老年人希望增加助餐、助浴和康复服务。", "市民政局"),
    ("农贸市场环境卫生差", "市场内垃圾清运不及时，夏季异味大。", "市城市管理局"),
    ("公交线路调整后换乘不便", "线路调整后老年人就医需换乘两次，建议恢复直达线路。", "市交通运输局"),
]


def _activities(city, dbw, office, rng, stations, me: Deputy, today: dt.date) -> tuple[int, int]:
    n_act = n_issue = 0
    units = city.units
    for s_i, station in enumerate(stations[:8]):
        members = list(station.deputies.select_related("person").order_by("id"))
        for month in (6, 9, 12):
            day = D(2026, month, 15)
            people = rng.sample(members, min(3, len(members)))
            if me in members and me not in people and month in (9, 12):
                people[0] = me
            a = liaison.activity_create(
                actor=dbw, participants=people, kind=ActivityKind.RECEPTION, station=station,
                title=f"{station.name}{month}月接待选民日", start=_at(day, 9), end=_at(day, 11, 30),
            )
            liaison.activity_transition(actor=dbw, activity=a, action="announce", announced_on=day - dt.timedelta(days=7))
            n_act += 1
            if day >= today:
                continue
            received = 6 + (s_i * 3 + month) % 9
            liaison.activity_transition(
                actor=dbw, activity=a, action="hold", people_received=received,
                record=f"{', '.join(p.person.name for p in people)}代表接待选民{received}人次，听取群众对城市建设、"
                       "民生服务等方面的意见建议，现场解答政策咨询。",
            )
            for k in range(1 + (s_i + month) % 2):
                title, content, unit = RECEPTION_ISSUES[(s_i + month + k) % len(RECEPTION_ISSUES)]
                issue = liaison.issue_create(actor=dbw, activity=a, deputy=people[k % len(people)],
                                             raised_by=f"{station.district}居民", title=title, content=content)
                n_issue += 1
                routed = day + dt.timedelta(days=3)
                liaison.issue_transition(actor=dbw, issue=issue, action="route", routed_to=units[unit], today=routed)
                if month == 6 or (month == 9 and k == 0 and s_i % 3):
                    liaison.issue_transition(actor=office, issue=issue, action="answer", today=routed + dt.timedelta(days=25),
                                             answer=f"{unit}已研究并制定整改措施，{title.rstrip('。')}问题纳入年度工作计划推进解决。")
                    if month == 6 and k == 0:
                        liaison.issue_transition(actor=dbw, issue=issue, action="close", today=routed + dt.timedelta(days=30))
    vc = city.vice_chairs
    plan = [
        (ActivityKind.INSPECTION, "组织代表视察海绵城市建设情况", "cjhb", vc[5], D(2026, 5, 20), "市住房和城乡建设局"),
        (ActivityKind.RESEARCH, "代表专题调研义务教育均衡发展", "kwws", vc[1], D(2026, 9, 10), "市教育局"),
        (ActivityKind.VISIT, "代表走访社区养老服务设施", "shjs", vc[2], D(2026, 10, 12), "市民政局"),
        (ActivityKind.GROUP, "代表小组学习宣传代表法", "dbw", None, D(2026, 4, 22), None),
    ]
    all_active = list(Deputy.objects.filter(term=city.term, status__in=Deputy.ACTIVE_STATES).order_by("id"))
    for kind, title, body, lead, day, unit in plan:
        people = [*rng.sample(all_active[:300], 8), me]
        a = liaison.activity_create(actor=dbw, participants=people, kind=kind, title=title, organizer=city.bodies[body],
                                    lead=lead, start=_at(day, 9), end=_at(day, 17), place=f"{city.congress.city_name}各相关点位")
        liaison.activity_transition(actor=dbw, activity=a, action="hold",
                                    record=f"{title}：实地查看、召开座谈会，代表提出意见建议，形成报告转交有关机关。")
        n_act += 1
        if unit:
            issue = liaison.issue_create(actor=dbw, activity=a, deputy=me, title=f"{title.removeprefix('组织')}中提出的意见",
                                         content="建议加快推进相关工作，建立定期通报机制，及时向代表反馈办理情况。")
            n_issue += 1
            liaison.issue_transition(actor=dbw, issue=issue, action="route", routed_to=city.units[unit],
                                     today=day + dt.timedelta(days=2))
            if day.month < 10:
                liaison.issue_transition(actor=office, issue=issue, action="answer", today=day + dt.timedelta(days=20),
                                         answer="已研究办理，相关措施已列入年度计划，将按期向代表反馈进展。")
    # the demo deputy's next engagement: an inspection in December
    a = liaison.activity_create(
        actor=dbw, participants=[me, *rng.sample(all_active[:300], 6)], kind=ActivityKind.INSPECTION,
        title="组织代表视察城市更新行动实施情况", organizer=city.bodies["cjhb"], lead=vc[5],
        start=_at(D(2026, 12, 3), 9), end=_at(D(2026, 12, 3), 17), place="市住房和城乡建设局及各项目点位",
    )
    n_act += 1
    return n_act, n_issue


def _contacts(city, dbw, rng, me: Deputy) -> None:
    all_active = list(Deputy.objects.filter(term=city.term, status__in=Deputy.ACTIVE_STATES).order_by("id"))
    dates = [D(2026, 4, 16), D(2026, 6, 9), D(2026, 8, 20), D(2026, 9, 24),
             D(2026, 11, 5)]
    for i, day in enumerate(dates):
        member = city.members[i]
        people = rng.sample(all_active[45:400], 3)
        if i in (1, 3):
            people.append(me)
        contact = liaison.contact_create(actor=dbw, member=member, deputies=people, date=day, mode="forum",
                                         place="代表联络站", notes="通报常委会工作情况，听取代表对立法、监督工作的意见建议。")
        issue = liaison.issue_create(actor=dbw, contact=contact, deputy=people[-1],
                                     title="建议加强对代表建议办理情况的跟踪督办",
                                     content="部分建议答复后落实进度不明，建议建立承诺事项台账并定期通报。")
        routed = day + dt.timedelta(days=2)
        liaison.issue_transition(actor=dbw, issue=issue, action="route", routed_to=city.bodies["dbw"], today=routed)
        if i in (0, 1, 2):
            liaison.issue_transition(actor=dbw, issue=issue, action="answer", today=routed + dt.timedelta(days=20),
                                     answer="已建立代表建议承诺事项台账，每季度向代表通报办理进展。")
        # i == 3: routed 2026-09-26, due 2026-10-26, not answered: shown overdue


# ---- training ------------------------------------------------------------------------------------------
def _open_course(actor, people, **fields) -> Course:
    """Create a course, open it for enrollment and enroll `people` (persons) in that order."""
    course = training.course_create(actor=actor, **fields)
    training.course_transition(actor=actor, course=course, action="open")
    for person in people:
        training.enroll(actor=actor, course=course, person=person)
    return course


def _training(city, dbw, office, rng, me: Deputy) -> int:
    all_active = list(Deputy.objects.filter(term=city.term, status__in=Deputy.ACTIVE_STATES)
                      .select_related("person").order_by("id"))
    students = [me, *rng.sample(all_active[45:480], 39)]
    first = _open_course(
        dbw, [d.person for d in students],
        kind=Course.Kind.COURSE, title="市第十二届人大代表初任履职学习班", audience=Audience.DEPUTIES,
        organizer=city.bodies["dbw"], start=_at(D(2026, 3, 18), 9), end=_at(D(2026, 3, 20), 17),
        place="市委党校", capacity=600, hours=16,
        plan="学习宪法和代表法，讲解代表建议的提出与办理、代表联络站工作，交流履职经验。",
    )
    training.course_transition(actor=dbw, course=first, action="close")
    marks = {}
    for n, e in enumerate(first.enrollments.order_by("id")):
        marks[e.pk] = (Enrollment.Attendance.ATTENDED if n % 12 else
                       (Enrollment.Attendance.EXCUSED if n % 24 else Enrollment.Attendance.ABSENT))
    marks[first.enrollments.get(person=me.person).pk] = Enrollment.Attendance.ATTENDED
    training.record_attendance(actor=dbw, course=first, marks=marks)
    training.course_transition(actor=dbw, course=first, action="complete", note="学习班结业")

    members_course = _open_course(
        office, [city.director, *city.vice_chairs, *city.members[:12]],
        kind=Course.Kind.STUDY, title="常委会组成人员学习贯彻监督法专题学习", audience=Audience.MEMBERS,
        organizer=city.bodies["bgt"], start=_at(D(2026, 7, 8), 14, 30), end=_at(D(2026, 7, 8), 17, 30),
        place="常委会第一会议室", hours=3, plan="学习2024年修正的监督法，交流审议专项工作报告的体会。",
    )
    training.record_attendance(actor=office, course=members_course,
                               marks={e.pk: Enrollment.Attendance.ATTENDED for e in members_course.enrollments.all()})
    training.course_transition(actor=office, course=members_course, action="complete")

    _open_course(
        dbw, [d.person for d in [me, *rng.sample(all_active[45:480], 19)]],
        kind=Course.Kind.COURSE, title="代表履职能力提升培训班", audience=Audience.DEPUTIES,
        organizer=city.bodies["dbw"], start=_at(D(2026, 12, 15), 9), end=_at(D(2026, 12, 17), 17),
        place="市人大代表培训中心", capacity=120, hours=20,
        plan="围绕代表依法履职、联系群众和提出高质量建议开展专题培训。",
    )
    for title, summary, course, day in [
        ("代表法（2025年修正）学习辅导", "逐条解读2025年修正的代表法关于代表履职、联系群众和履职保障的规定。", first,
         D(2026, 3, 18)),
        ("代表建议、批评和意见的提出与办理", "介绍建议的提出要求、交办、办理、答复和测评的全过程。", first,
         D(2026, 3, 19)),
        ("代表联络站工作规范", "联络站接待选民日的公告、接待、意见交办和反馈流程。", None, D(2026, 5, 6)),
    ]:
        training.material_create(actor=dbw, title=title, summary=summary, course=course, published_on=day,
                                 audience=Audience.DEPUTIES)
    return 3


# ---- exchanges -----------------------------------------------------------------------------------------
def _exchanges(city, office, director_user) -> None:
    daegu = exchanges.partner_create(actor=office, kind=Partner.Kind.FRIENDLY_CITY, name="大邱广域市", country="韩国",
                                     established_on=dt.date(1993, 12, 4), notes="友好城市，经贸、教育、文化交流密切。")
    exchanges.partner_create(actor=office, kind=Partner.Kind.PARTNER_CITY, name="雷根斯堡市", country="德国",
                             established_on=dt.date(2009, 6, 12), notes="友好交流城市。")
    fukuoka = exchanges.partner_create(actor=office, kind=Partner.Kind.LEGISLATURE, name="福冈县议会", country="日本",
                                       established_on=D(2012, 10, 18), notes="友好议会，定期互访。")
    vc = city.vice_chairs
    inbound = exchanges.visit_create(
        actor=office, direction=Visit.Direction.INBOUND, partner=daegu, title="大邱广域市议会代表团来访",
        purpose="庆祝友好城市关系，交流地方立法和议会监督工作经验。", start_date=D(2026, 9, 22),
        end_date=D(2026, 9, 24), place=f"{city.congress.city_name}", leader=city.director, members=[vc[0], vc[3]],
        visitors="大邱广域市议会议长一行8人",
    )
    exchanges.visit_transition(actor=director_user, visit=inbound, action="approve", approval_ref=f"X人常外〔{Y(2026)}〕5号")
    exchanges.meeting_add(actor=office, visit=inbound, date=D(2026, 9, 22), counterpart="大邱广域市议会议长",
                          topics="会见，回顾友好交往，商定议会间定期交流机制。")
    exchanges.meeting_add(actor=office, visit=inbound, date=D(2026, 9, 23), counterpart="大邱广域市议会代表团",
                          topics="座谈交流地方立法和预算审查监督工作。")
    exchanges.agreement_add(actor=office, partner=daegu, visit=inbound, kind="mou",
                            title="XX市人大常委会与大邱广域市议会友好交流合作备忘录", signed_on=D(2026, 9, 23),
                            signatories="常委会主任、大邱广域市议会议长")
    exchanges.visit_transition(actor=office, visit=inbound, action="complete",
                               outcomes="签署友好交流合作备忘录，建立议会间年度互访和立法信息交流机制。")
    outbound = exchanges.visit_create(
        actor=office, direction=Visit.Direction.OUTBOUND, partner=None, title="市人大常委会代表团赴德国、奥地利考察",
        purpose="考察城市更新和生态环境保护立法实践。", start_date=D(2026, 5, 10), end_date=D(2026, 5, 17),
        place="德国雷根斯堡市、奥地利维也纳", leader=vc[5], members=[city.members[0], city.members[1]],
    )
    exchanges.visit_transition(actor=director_user, visit=outbound, action="approve", approval_ref=f"外批〔{Y(2026)}〕12号")
    exchanges.meeting_add(actor=office, visit=outbound, date=D(2026, 5, 11), counterpart="雷根斯堡市议会",
                          topics="交流老城保护和城市更新的立法与监督。")
    exchanges.visit_transition(actor=office, visit=outbound, action="complete",
                               outcomes="形成考察报告，提出完善历史文化名城保护条例草案的建议。")
    future = exchanges.visit_create(
        actor=office, direction=Visit.Direction.INBOUND, partner=fukuoka, title="福冈县议会代表团来访",
        purpose="友好议会年度互访。", start_date=D(2026, 12, 8), end_date=D(2026, 12, 10),
        place=f"{city.congress.city_name}", leader=vc[0], members=[vc[2]], visitors="福冈县议会副议长一行6人",
    )
    exchanges.visit_transition(actor=director_user, visit=future, action="approve", approval_ref=f"X人常外〔{Y(2026)}〕9号")
