"""The demo city's congress sessions.

- The term's first session (January of the story's year, Y(2026)) was held: preparatory meeting, presidium, plenaries,
  delegation deliberations; the election of the 副市长 (6 places, 7 candidates, 差额) with paper ballots — one
  candidate short of a majority of all deputies; the 票决 of 12 candidate 民生实事 projects for 10. Those ten are being
  carried out: milestones and progress, two finished, the deputies' year-end 满意度测评 entered for the finished ones.
- The next session (Y(2026)+1, January) is convened by the standing committee: draft agenda, delegations' heads,
  the presidium list; 12 candidate projects for 10 put to the 票决 with the delegations' opinions; the by-election of
  two members of the standing committee (差额: 3 candidates) registered; a few proposals from the public collected.

Everything goes through the services (the audit trail is the real one). Dates through renda.demo.clock.
"""

from __future__ import annotations

from renda.assembly import services
from renda.assembly.models import LivelihoodProject, ProjectSource, SittingKind
from renda.core.models import CongressSession, Person
from renda.demo.clock import D, Y
from renda.deputies.models import Deputy

AGENDA_2026 = """听取和审议市人民政府工作报告
审查和批准国民经济和社会发展计划执行情况与计划草案的报告
审查和批准预算执行情况与预算草案的报告
听取和审议市人大常委会工作报告
听取和审议市中级人民法院、市人民检察院工作报告
选举市人民政府副市长
票决本年度市政府民生实事项目"""

PROJECTS_2026 = [
    ("新建改扩建公办幼儿园20所", "市教育局", 52000), ("老旧小区改造120个", "市住房和城乡建设局", 86000),
    ("新增公共停车泊位1万个", "市城市管理局", 21000), ("城区易涝点整治30处", "市水务局", 34000),
    ("社区嵌入式养老服务中心40个", "市民政局", 16000), ("基层医疗机构能力提升", "市卫生健康委员会", 28000),
    ("农村供水保障提升工程", "市水务局", 45000), ("全民健身场地设施100处", "市体育局", 9000),
    ("公交线网优化和新增线路15条", "市交通运输局", 12000), ("中小学食堂明厨亮灶全覆盖", "市市场监督管理局", 3000),
    ("城市书房30个", "市文化和旅游局", 4500), ("农贸市场提升改造25个", "市商务局", 15000),
]
PROJECTS_2027 = [
    ("普惠托育机构新增托位3000个", "市卫生健康委员会", 18000), ("背街小巷改造200条", "市城市管理局", 26000),
    ("新建口袋公园50个", "市住房和城乡建设局", 15000), ("老年助餐点150个", "市民政局", 8000),
    ("中小学课后服务提质", "市教育局", 6000), ("农村道路提档升级300公里", "市交通运输局", 39000),
    ("河道生态修复10条", "市生态环境局", 33000), ("城区积水点整治二期", "市水务局", 21000),
    ("社区卫生服务站标准化建设60个", "市卫生健康委员会", 12000), ("新能源汽车公共充电桩5000个", "市发展和改革委员会", 17000),
    ("菜市场智慧化改造20个", "市商务局", 7000), ("公共法律服务站点全覆盖", "市司法局", 2500),
]


def _ballots_2026(ids: list[int], voters: int) -> list[dict]:
    """Each deputy says 赞成 to ten projects, 反对 to two: groups of deputies differ on which two."""
    out = []
    groups = [(300, {10, 11}), (100, {9, 10}), (voters - 400, {8, 11})]
    for n, against in groups:
        for _ in range(n):
            out.append({str(pid): ("no" if i in against else "yes") for i, pid in enumerate(ids)})
    return out


def load(ctx) -> None:
    city, office = ctx.city, ctx.users["bangongting"]
    cong = city.congress
    people = [d.person for d in city.deputies]
    total = len(people)
    units = city.units

    # ---- the term's first session, held ---------------------------------------------------------------------------
    first = CongressSession.objects.get(congress=cong, term=city.term, number=1)
    s1 = services.session_create(actor=office, congress_session=first, planned_date=first.start_date,
                                 draft_agenda=AGENDA_2026.replace("本年度", f"{Y(2026)}年"), planned_days=5)
    s1 = services.session_transition(actor=office, session=s1, action="decide", decided_on=D(2025, 12, 20),
                                     decided_by="上届常委会第三十六次会议", planned_date=first.start_date)
    _leads(office, s1, city)
    services.presidium_set(actor=office, session=s1, people=[city.director, *city.vice_chairs, *people[60:90]])
    present = total - 23
    s1 = services.session_transition(actor=office, session=s1, action="prepare", present=present,
                                     secretary_general=city.secretary_general or people[0], note="预备会议")
    s1.credentials_report = f"经审查，本届选出的{total}名代表的代表资格有效。"
    s1.save(update_fields=["credentials_report"])
    s1 = services.session_transition(actor=office, session=s1, action="open", present=present - 2)
    day = first.start_date
    services.sitting_add(actor=office, session=s1, kind=SittingKind.PRESIDIUM, date=day, present=len(city.vice_chairs) + 31,
                         materials="大会议程草案\n大会日程\n选举办法（草案）")
    for d in city.delegations[:4]:
        services.sitting_add(actor=office, session=s1, kind=SittingKind.DELEGATION, delegation=d, date=day,
                             materials="政府工作报告\n民生实事候选项目")
    plenary = services.sitting_add(actor=office, session=s1, kind=SittingKind.PLENARY, date=day, present=present - 4,
                                   materials="选举办法（草案）")
    services.sitting_vote(actor=office, sitting=plenary, subject="通过选举办法", yes=present - 10, no=2, abstain=4)

    # the election of the 副市长: 6 places, 7 candidates; one does not reach a majority of all deputies
    e = services.election_create(actor=office, session=s1, office="市人民政府副市长", office_kind="deputy", places=6,
                                 candidates=people[100:107])
    e = services.election_transition(actor=office, election=e, action="open")
    ids = [str(c.pk) for c in e.candidates.order_by("order")]
    voters = present - 4
    ballots = []
    for k in range(voters):
        if k < 300:
            ch = {i: ("no" if i == ids[6] else "yes") for i in ids}
        elif k < 330:
            ch = {i: ("yes" if i in (ids[1], ids[6]) else "abstain") for i in ids}
        else:
            ch = {i: ("no" if i == ids[k % 6] else "yes") for i in ids}
        ballots.append({"choices": ch, "write_ins": []})
    services.election_paper_ballots(actor=office, election=e, voters=voters, ballots=ballots)
    services.election_transition(actor=office, election=e, action="count", note="计票人报告")

    # the 票决 of 12 for 10
    year1 = Y(2026)
    projects = []
    for title, unit, cost in PROJECTS_2026:
        p, _ = services.project_propose(actor=office, congress_id=cong.pk, year=year1, title=title,
                                        summary=f"{title}，{year1}年内完成。", source=ProjectSource.DEPARTMENT,
                                        proposer=unit)
        p = services.project_transition(actor=office, project=p, action="shortlist", cost_wan=cost,
                                        fiscal_note="已纳入年度预算安排，财政可以承受。", lead_unit=units[unit],
                                        session=s1)
        projects.append(services.project_transition(actor=office, project=p, action="submit"))
    v = services.lvote_open(actor=office, session=s1, year=year1, present=present - 4)
    services.lvote_paper(actor=office, vote=v, ballots=_ballots_2026([p.pk for p in projects], present - 4))
    services.lvote_transition(actor=office, vote=v, action="close", note="监票人、计票人报告")
    plenary2 = services.sitting_add(actor=office, session=s1, kind=SittingKind.PLENARY, date=D(2026, 1, 14),
                                    present=present - 6, materials="各项决议草案")
    services.sitting_vote(actor=office, sitting=plenary2, subject="关于政府工作报告的决议", yes=present - 12, no=3,
                          abstain=3)
    services.session_transition(actor=office, session=s1, action="close")

    # progress of the ten, and the year-end 测评 of the finished ones
    adopted = LivelihoodProject.objects.filter(pk__in=[p.pk for p in projects], status="adopted").order_by("rank", "id")
    for i, p in enumerate(adopted):
        steps = [(D(2026, 3, 31), "完成项目立项和资金下达", 20), (D(2026, 6, 30), "过半项目开工建设", 50),
                 (D(2026, 9, 30), "主体工程完工", 80)]
        if i < 2:
            steps.append((D(2026, 11, 20), "全部完成并通过验收", 100))
        elif i < 6:
            steps.append((D(2026, 11, 10), "进入收尾阶段", 90))
        for when, title, pct in steps:
            services.milestone_add(actor=office, project=p, date=when, title=title, pct=pct)
        if i < 2:
            p = services.project_transition(actor=office, project=p, action="complete")
            services.rating_paper(actor=office, project=p, counts={"satisfied": 380 - 40 * i, "basic": 80,
                                                                   "unsatisfied": 12 + 5 * i})

    # ---- the next session, convened -----------------------------------------------------------------------------
    s2 = services.session_next(actor=office, congress=cong, planned_date=D(2027, 1, 12), planned_days=4,
                               draft_agenda=AGENDA_2026.replace("选举市人民政府副市长", "补选市人大常委会委员")
                               .replace("本年度", f"{Y(2026) + 1}年"))
    s2 = services.session_transition(actor=office, session=s2, action="decide", decided_on=D(2026, 10, 28),
                                     decided_by="常委会第二十八次会议", planned_date=D(2027, 1, 12))
    _leads(office, s2, city)
    services.presidium_set(actor=office, session=s2, people=[city.director, *city.vice_chairs, *people[90:120]])
    services.election_create(actor=office, session=s2, office="市人大常委会委员（补选）", office_kind="by_election",
                             places=2, candidates=people[130:133])
    year2 = Y(2026) + 1
    for n, (title, unit, cost) in enumerate(PROJECTS_2027):
        p, _ = services.project_propose(actor=office, congress_id=cong.pk, year=year2, title=title,
                                        summary=f"{title}，{year2}年内完成。",
                                        source=ProjectSource.DEPUTY if n % 3 == 0 else ProjectSource.DEPARTMENT,
                                        proposer=f"{people[200 + n].name}等代表" if n % 3 == 0 else unit)
        p = services.project_transition(actor=office, project=p, action="shortlist", cost_wan=cost,
                                        fiscal_note="拟在下年度预算中安排，财政可以承受。", lead_unit=units[unit],
                                        session=s2)
        if n < 4:
            services.opinion_add(actor=office, project=p, delegation=city.delegations[n],
                                 text="建议明确建设标准和完成时限，优先安排老城区。")
        services.project_transition(actor=office, project=p, action="submit")
    for title, summary in (("增设学校周边上下学接送车位", "学校周边上下学时段车辆拥堵，建议设置限时停车位。"),
                           ("公园增设公共卫生间", "部分公园缺少公共卫生间，老人孩子不便。"),
                           ("老旧小区加装电梯补贴", "建议提高加装电梯补贴标准。")):
        services.project_propose(congress_id=cong.pk, year=year2, title=title, summary=summary,
                                 source=ProjectSource.PUBLIC, proposer="社会公众")
    ctx.say(f"已载入人民代表大会会议：{s1.title}（已举行，选举 1 项、民生实事票决 12 选 10）；"
            f"{s2.title}（常委会已决定召开，候选项目 12 项）")


def _leads(office, session, city) -> None:
    by_delegation: dict = {}
    for dep in Deputy.objects.filter(congress=city.congress, delegation__isnull=False).order_by("id").values(
            "delegation_id", "person_id"):
        by_delegation.setdefault(dep["delegation_id"], []).append(dep["person_id"])
    people = Person.objects.in_bulk([pid for pids in by_delegation.values() for pid in pids[-2:]])
    rows = []
    for d in city.delegations:
        pids = by_delegation.get(d.pk, [])[-2:]
        if len(pids) == 2:
            rows += [(d, people[pids[0]], "head"), (d, people[pids[1]], "deputy_head")]
    services.leads_set(actor=office, session=session, leads=rows)
