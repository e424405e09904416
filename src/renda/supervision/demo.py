"""The demo city's supervision in 2026, through the services (so the audit trail is the real one).

What the director's speech names: economic-operation and budget supervision (the 2025 final accounts with
the committee's preliminary review, the audit work report and, within six months, the report on the
rectification of the problems it found; the mid-year plan and budget execution; a budget adjustment whose
draft arrived late; the state-assets report), the enforcement inspection of 《中华人民共和国水污染防治法》 with
open and closed rectification items and a follow-up inspection, the special inquiry on 水环境综合治理, an
interpellation whose answer half of its proposers found unsatisfactory (not more than half: no re-answer),
and the year's filing review with a citizen's request from the portal.

Reports are linked to the meetings module's standing-committee meetings when those exist on the same date.
"""

from __future__ import annotations

import datetime as dt

from renda.core.models import Position
from renda.core.roles import Role
from renda.demo.builders import make_user
from renda.demo.city import DEMO_PASSWORD
from renda.demo.clock import D, Y
from renda.meetings.models import Meeting
from renda.supervision import services as svc
from renda.supervision.models import (
    AnswerMode,
    FilerKind,
    Ground,
    InquiryForm,
    ReportKind,
    ReviewBasis,
    TeamCapacity,
    TeamRole,
)
from renda.supervision.removal import services as removal
from renda.supervision.resolutions.services import resolution_create


def _item(plan, title_part: str):
    return plan.items.filter(title__contains=title_part).order_by("number").first()


def _meeting(congress, day: dt.date):
    return Meeting.objects.filter(congress=congress, kind="standing", date=day).first()


def load(ctx) -> None:
    city = ctx.city
    users = ctx.users
    office, leader = users["bangongting"], users["zhuren"]
    cjw, cjhb = users["caijingwei"], users["chengjianwei"]
    water_unit, court_unit = users["shuiwuju"], users["fayuan"]
    gov = make_user("zhengfu", DEMO_PASSWORD, congress=city.congress, role=Role.UNIT,
                    display_name="市人民政府办公室 联络员", organization=city.organs["gov"])
    users["zhengfu"] = gov
    demo = _Demo(ctx, office, leader, cjw, cjhb, gov, water_unit, court_unit)
    demo.budget()
    demo.special_reports()
    inspection = demo.inspection()
    demo.inquiry(inspection)
    demo.interpellation()
    demo.filings()
    demo.removal()
    ctx.extra["supervision"] = demo.made
    ctx.say(f"已载入监督工作：报告 {demo.made['reports']} 件、执法检查 1 次（整改事项 {demo.made['rectifications']} 项）、"
            f"专题询问 1 次、质询案 1 件、备案文件 {demo.made['filings']} 件")


class _Demo:
    def __init__(self, ctx, office, leader, cjw, cjhb, gov, water_unit, court_unit):
        self.ctx = ctx
        self.city = ctx.city
        self.plan = ctx.plan
        self.office, self.leader, self.cjw, self.cjhb = office, leader, cjw, cjhb
        self.gov, self.water_unit, self.court_unit = gov, water_unit, court_unit
        self.members = [self.city.director, *self.city.vice_chairs, self.city.secretary_general, *self.city.members]
        self.made = {"reports": 0, "rectifications": 0, "filings": 0}

    # ---- helpers --------------------------------------------------------------------------------------------
    def report(self, *, title, kind, organ="gov", lead="ysw", item=None, day, actor=None, **extra):
        meeting = _meeting(self.city.congress, day)
        data = {"meeting": meeting} if meeting else {"meeting_date": day, "meeting_title": extra.pop("meeting_title",
                                                                                                       "")}
        # The report belongs to the plan's year even when the demo's calendar moves its meeting into January.
        report = svc.report_create(actor=actor or self.office, title=title, kind=kind, year=self.plan.year,
                                   organ=self.city.organs[organ], lead_body=self.city.bodies[lead],
                                   workplan_item=_item(self.plan, item) if item else None, **data, **extra)
        self.made["reports"] += 1
        return report

    def before(self, report, *, submitter, commenter, draft=(22, "报告征求意见稿"), revised=(11, "报告修改稿"),
               distributed=8, comments="建议进一步聚焦问题，补充数据分析，明确下一步工作措施。"):
        day = report.meeting_date
        r = svc.report_transition(actor=submitter, report=report, action="submit_draft",
                                  on=day - dt.timedelta(days=draft[0]), text=f"{report.title}（{draft[1]}）")
        r = svc.report_transition(actor=commenter, report=r, action="comment", on=day - dt.timedelta(days=16),
                                  comments=comments)
        r = svc.report_transition(actor=submitter, report=r, action="submit_revised",
                                  on=day - dt.timedelta(days=revised[0]), text=f"{report.title}（{revised[1]}）")
        return svc.report_transition(actor=self.office, report=r, action="distribute",
                                     on=day - dt.timedelta(days=distributed))

    def member(self, idx: int, day: dt.date):
        """The idx-th member of the standing committee, or the next one in post on `day` (posts change)."""
        in_post = Position.standing_committee_ids_on(self.city.congress.pk, day)
        for person in self.members[idx:] + self.members[:idx]:
            if person.pk in in_post:
                return person
        raise LookupError("no member in post")

    def deliberate(self, report, remarks: list[tuple[int, str]], opinions: str, sent_after: int = 6):
        day = report.meeting_date
        r = svc.report_transition(actor=self.office, report=report, action="deliberate", on=day)
        for idx, text in remarks:
            svc.report_add_remark(actor=self.office, report=r, person=self.member(idx, day), text=text, date=day)
        svc.report_set_opinions(actor=self.office, report=r, opinions=opinions, lock_version=r.lock_version)
        return svc.report_transition(actor=self.office, report=r, action="send_opinions",
                                     on=day + dt.timedelta(days=sent_after))

    # ---- economic-operation and budget supervision ----------------------------------------------------------
    def budget(self):
        c = self.city
        june = D(2026, 6, 24)
        final = self.report(title=f"市人民政府关于{Y(2025)}年市级决算的报告", kind=ReportKind.FINAL_ACCOUNTS,
                            item=f"审查批准{Y(2025)}年市级决算", day=june)
        svc.figures_save(actor=self.office, report=final, lock_version=final.lock_version, rows=[
            {"indicator": "一般公共预算收入", "year": Y(2023), "budget": "380", "adjusted": "385", "actual": "392.5"},
            {"indicator": "一般公共预算收入", "year": Y(2024), "budget": "405", "adjusted": "405", "actual": "410.2"},
            {"indicator": "一般公共预算收入", "year": Y(2025), "budget": "425", "adjusted": "430", "actual": "436.8"},
            {"indicator": "一般公共预算支出", "year": Y(2023), "budget": "560", "adjusted": "568", "actual": "575.3"},
            {"indicator": "一般公共预算支出", "year": Y(2024), "budget": "590", "adjusted": "596", "actual": "601.7"},
            {"indicator": "一般公共预算支出", "year": Y(2025), "budget": "615", "adjusted": "620", "actual": "628.4"},
            {"indicator": "政府性基金预算收入", "year": Y(2023), "budget": "300", "adjusted": "270", "actual": "262.1"},
            {"indicator": "政府性基金预算收入", "year": Y(2024), "budget": "270", "adjusted": "240", "actual": "231.5"},
            {"indicator": "政府性基金预算收入", "year": Y(2025), "budget": "240", "adjusted": "230", "actual": "225.9"},
            {"indicator": "政府债务余额", "year": Y(2023), "actual": "820.3"},
            {"indicator": "政府债务余额", "year": Y(2024), "actual": "905.6"},
            {"indicator": "政府债务余额", "year": Y(2025), "actual": "980.2"},
        ])
        final = self.before(final, submitter=self.gov, commenter=self.office, draft=(32, "决算草案，送初步审查"))
        # Deputies invited to the preliminary review (预算法 第二十二条第五款).
        prelim = svc.prelim_create(actor=self.office, report=final, body=c.bodies["cjw"],
                                   invited_deputies=[d.person for d in c.deputies[:3]], opinion=(
            f"财政经济委员会对{Y(2025)}年市级决算草案进行了初步审查，认为决算草案总体反映了预算执行情况。建议：一是严格"
            "预算执行，减少年度中间追加；二是加强政府性基金预算收入预测，提高预算编制的准确性；三是加快存量资金"
            "盘活。"))
        prelim = svc.prelim_transition(actor=self.office, prelim=prelim, action="send", on=D(2026, 6, 5))
        svc.prelim_transition(actor=self.gov, prelim=prelim, action="handle", on=D(2026, 6, 18), handling=(
            "市财政局已会同有关部门逐条研究初步审查意见，在决算报告中补充了政府性基金收入下降原因的说明，"
            "并制定存量资金清理方案。"))
        final = self.deliberate(final, [
            (10, "建议加强预算绩效管理，把绩效评价结果与预算安排挂钩。"),
            (15, "政府性基金收入连续下降，要加强对土地出让收入的预测和风险评估。"),
            (22, "部分项目资金执行进度偏慢，要加快支出进度，提高资金使用效益。"),
        ], "一、严格预算执行，硬化预算约束。二、加强政府性基金预算管理，提高预测准确性。三、加快存量资金盘活，"
           "提高财政资金使用效益。四、全面实施预算绩效管理。")
        final = svc.report_transition(actor=self.gov, report=final, action="submit_handling", on=D(2026, 8, 20),
                                      text=f"关于{Y(2025)}年市级决算审议意见研究处理情况的报告")
        svc.report_transition(actor=self.office, report=final, action="publish", on=D(2026, 8, 28))

        audit = self.report(title=f"市人民政府关于{Y(2025)}年度市级预算执行和其他财政收支的审计工作报告",
                            kind=ReportKind.AUDIT_WORK, item="审计工作报告", day=june)
        svc.figures_save(actor=self.office, report=audit, lock_version=audit.lock_version, rows=[
            {"indicator": "审计查出问题金额", "year": Y(2024), "actual": "48.6"},
            {"indicator": "审计查出问题金额", "year": Y(2025), "actual": "41.2"},
        ])
        audit = self.before(audit, submitter=self.gov, commenter=self.office)
        audit = self.deliberate(audit, [
            (11, "审计查出的问题要建立整改台账，逐项销号，防止屡审屡犯。"),
            (18, "建议将整改情况纳入部门绩效考核。"),
        ], "一、建立审计查出问题整改清单，明确责任单位和整改时限。二、对屡审屡犯问题深入分析原因，完善制度。"
           "三、按期向常委会报告整改情况。")
        units = c.units
        items = [
            ("部分部门预算资金闲置沉淀", "市财政局", D(2026, 9, 30), "closed"),
            ("重大项目前期工作不充分导致资金未及时拨付", "市发展和改革委员会", D(2026, 10, 31), "in_rectification"),
            ("城镇污水处理费征收不到位", "市水务局", D(2026, 9, 30), "closed"),
            ("部分单位政府采购程序不规范", "市机关事务管理局", D(2026, 12, 31), "reported"),
            ("国有资产出租收入未及时上缴", "市国有资产监督管理委员会", D(2027, 3, 31), "open"),
        ]
        for title, unit, deadline, state in items:
            item = svc.rectification_create(actor=self.office, report=audit, title=title, owner_unit=units[unit],
                                            deadline=deadline, requirement="按审计决定和审议意见整改到位，建立长效机制。")
            self._rect_state(item, state, verifier=self.office)
        svc.report_transition(actor=self.gov, report=audit, action="submit_handling", on=D(2026, 8, 25),
                              text="关于审计工作报告审议意见研究处理情况的报告")
        # The committee's resolution on the audit report (第二十七条第二款): the report on carrying it out is overdue.
        resolution_create(actor=self.office, report=audit, adopted_on=D(2026, 6, 24), due=D(2026, 11, 20),
                          resolution="市人民政府应当严格落实审计整改责任，于十一月二十日前向常委会报告执行本决议的情况。")

        # Within six months of the audit work report (监督法 第二十七条第二款): the tenth meeting, in preparation.
        rect = self.report(title=f"市人民政府关于{Y(2025)}年度市级预算执行和其他财政收支审计查出问题整改情况的报告",
                           kind=ReportKind.AUDIT_RECTIFICATION, item="审计查出问题整改情况", day=D(2026, 12, 18),
                           rectification_of=audit)
        svc.report_transition(actor=self.gov, report=rect, action="submit_draft", on=D(2026, 11, 25),
                              text="审计查出问题整改情况的报告（征求意见稿）")

        july = D(2026, 7, 24)
        plan_exec = self.report(title=f"市人民政府关于{Y(2026)}年上半年国民经济和社会发展计划执行情况的报告",
                                kind=ReportKind.PLAN_EXECUTION, lead="cjw", item="上半年国民经济和社会发展计划执行情况",
                                day=july, actor=self.cjw)
        svc.figures_save(actor=self.cjw, report=plan_exec, lock_version=plan_exec.lock_version, rows=[
            {"indicator": "地区生产总值（上半年）", "year": Y(2024), "actual": "2310.5"},
            {"indicator": "地区生产总值（上半年）", "year": Y(2025), "actual": "2421.8"},
            {"indicator": "地区生产总值（上半年）", "year": Y(2026), "actual": "2540.6"},
            {"indicator": "固定资产投资（上半年）", "year": Y(2025), "actual": "1205.0"},
            {"indicator": "固定资产投资（上半年）", "year": Y(2026), "actual": "1238.7"},
            {"indicator": "社会消费品零售总额（上半年）", "year": Y(2025), "actual": "1010.3"},
            {"indicator": "社会消费品零售总额（上半年）", "year": Y(2026), "actual": "1062.9"},
        ])
        plan_exec = self.before(plan_exec, submitter=self.gov, commenter=self.cjw)
        plan_exec = self.deliberate(plan_exec, [
            (12, "重大项目建设要加快进度，确保全年投资目标完成。"),
            (25, "实体经济运行面临压力，建议加大对中小企业的支持力度。"),
        ], "一、抓好重大项目建设，加快形成实物工作量。二、支持实体经济发展，落实减税降费政策。三、稳定和扩大就业。")
        plan_exec = svc.report_transition(actor=self.gov, report=plan_exec, action="submit_handling",
                                          on=D(2026, 9, 15), text="关于上半年计划执行情况审议意见研究处理情况的报告")
        plan_exec = svc.report_transition(actor=self.office, report=plan_exec, action="publish", on=D(2026, 9, 24))
        svc.report_rate(actor=self.office, report=plan_exec, satisfied=30, basically_satisfied=8, unsatisfied=2,
                        invalid=1, rated_on=D(2026, 9, 24))

        budget_exec = self.report(title=f"市人民政府关于{Y(2026)}年上半年预算执行情况的报告",
                                  kind=ReportKind.BUDGET_EXECUTION, item="上半年预算执行情况", day=july)
        svc.figures_save(actor=self.office, report=budget_exec, lock_version=budget_exec.lock_version, rows=[
            {"indicator": "一般公共预算收入（上半年）", "year": Y(2025), "budget": "430", "actual": "221.3"},
            {"indicator": "一般公共预算收入（上半年）", "year": Y(2026), "budget": "445", "actual": "230.8"},
            {"indicator": "一般公共预算支出（上半年）", "year": Y(2025), "budget": "620", "actual": "301.4"},
            {"indicator": "一般公共预算支出（上半年）", "year": Y(2026), "budget": "640", "actual": "315.2"},
        ])
        budget_exec = self.before(budget_exec, submitter=self.gov, commenter=self.office)
        budget_exec = self.deliberate(budget_exec, [
            (13, "要关注收支平衡压力，防范化解政府债务风险。"),
        ], "一、加强收入征管，确保应收尽收。二、严控一般性支出。三、防范化解政府债务风险。")
        budget_exec = svc.report_transition(actor=self.gov, report=budget_exec, action="submit_handling",
                                            on=D(2026, 9, 20), text="关于上半年预算执行情况审议意见研究处理情况的报告")
        svc.report_transition(actor=self.office, report=budget_exec, action="publish", on=D(2026, 9, 24))

        # The adjustment's draft reached the committee 22 days before the meeting, not 30 (预算法 第六十九条): late.
        adjust = self.report(title=f"市人民政府关于{Y(2026)}年市级预算调整方案的报告", kind=ReportKind.BUDGET_ADJUSTMENT,
                             item="预算调整方案", day=D(2026, 10, 30))
        svc.figures_save(actor=self.office, report=adjust, lock_version=adjust.lock_version, rows=[
            {"indicator": "一般公共预算支出", "year": Y(2026), "budget": "640", "adjusted": "655"},
            {"indicator": "新增政府债券", "year": Y(2026), "budget": "60", "adjusted": "85"},
        ])
        adjust = self.before(adjust, submitter=self.gov, commenter=self.office, draft=(22, "预算调整初步方案"))
        self.deliberate(adjust, [(14, "新增债券资金要用于在建重大项目，提高使用效益。")],
                        "一、新增债券资金优先保障在建项目。二、加强债券资金使用绩效管理。", sent_after=6)

        assets = self.report(title=f"市人民政府关于{Y(2025)}年度国有资产管理情况的综合报告", kind=ReportKind.STATE_ASSETS,
                             item="国有资产管理情况", day=D(2026, 11, 20))
        assets = self.before(assets, submitter=self.gov, commenter=self.office)
        self.deliberate(assets, [(16, "行政事业性国有资产底数要摸清，闲置资产要盘活。")],
                        "一、摸清行政事业性国有资产底数。二、盘活闲置低效资产。三、完善国有资产管理情况报告制度。",
                        sent_after=5)

    def _rect_state(self, item, state: str, *, verifier):
        unit = self.water_unit if item.owner_unit_id == self.water_unit.organization_id else self.office
        if state == "open":
            return item
        item = svc.rectification_transition(actor=unit, item=item, action="start", on=D(2026, 7, 10))
        if state == "in_rectification":
            return item
        reported_on = min(item.deadline - dt.timedelta(days=10), D(2026, 11, 20))
        item = svc.rectification_transition(actor=unit, item=item, action="report", on=reported_on,
                                            text="已制定整改方案，完成整改并建立长效机制，相关材料已报送。")
        if state == "reported":
            return item
        return svc.rectification_transition(actor=verifier, item=item, action="verify",
                                            on=reported_on + dt.timedelta(days=5), note="经核实，整改到位，予以销号。")

    # ---- special work reports ---------------------------------------------------------------------------------
    def special_reports(self):
        sponge = self.report(title="市人民政府关于海绵城市建设情况的报告", kind=ReportKind.SPECIAL, lead="cjhb",
                             day=D(2026, 4, 24), reporting_unit=self.city.units["市住房和城乡建设局"],
                             actor=self.cjhb)
        svc.report_add_research(actor=self.cjhb, report=sponge, date=D(2026, 3, 18), place="南湖区、高新区",
                                participants="城建环保委组成人员、部分市人大代表",
                                findings="海绵城市建设项目推进总体有序，但老城区改造难度大，部分项目建成后运维责任不清。")
        sponge = self.before(sponge, submitter=self.gov, commenter=self.cjhb)
        sponge = self.deliberate(sponge, [
            (6, "要统筹新区建设和老城区改造，避免重建轻管。"),
            (19, "建议明确海绵设施运维主体和资金来源。"),
            (28, "加强雨水资源化利用，和水环境综合治理结合起来。"),
        ], "一、统筹推进新老城区海绵城市建设。二、明确设施运维责任。三、加强与水环境综合治理的衔接。")
        sponge = svc.report_transition(actor=self.gov, report=sponge, action="submit_handling", on=D(2026, 6, 15),
                                       text="关于海绵城市建设情况报告审议意见研究处理情况的报告")
        sponge = svc.report_transition(actor=self.office, report=sponge, action="publish", on=D(2026, 6, 24))
        svc.report_rate(actor=self.office, report=sponge, satisfied=26, basically_satisfied=10, unsatisfied=4,
                        rated_on=D(2026, 6, 24))
        svc.report_add_follow_up(actor=self.cjhb, report=sponge, date=D(2026, 10, 15),
                                 text="城建环保委赴南湖区跟踪检查海绵设施运维责任落实情况，运维办法已出台。")

        court = self.report(title="市中级人民法院关于司法体制改革推进情况的报告", kind=ReportKind.SPECIAL,
                            organ="court", lead="jsw", item="司法体制改革情况", day=D(2026, 8, 28))
        # The court's revised report came 9 days before the meeting, one day late (监督法 第十五条第一款).
        court = self.before(court, submitter=self.court_unit, commenter=self.office, revised=(9, "报告修改稿"))
        court = self.deliberate(court, [(8, "要深化审判权力运行机制改革，落实司法责任制。")],
                                "一、全面落实司法责任制。二、加强审判监督管理。三、推进诉源治理。", sent_after=7)
        svc.report_transition(actor=self.court_unit, report=court, action="submit_handling", on=D(2026, 10, 30),
                              text="关于司法体制改革推进情况报告审议意见研究处理情况的报告")

        self.report(title="市监察委员会关于整治群众身边不正之风和腐败问题工作情况的报告", kind=ReportKind.SPECIAL,
                    organ="sup", lead="jsw", item="整治群众身边不正之风", day=D(2026, 12, 18))

    # ---- the enforcement inspection of 《水污染防治法》 ----------------------------------------------------------
    def inspection(self):
        c = self.city
        law = "《中华人民共和国水污染防治法》"
        insp = svc.inspection_create(
            actor=self.cjhb, year=self.plan.year, title=f"{law}执法检查", law_title=law, lead_body=c.bodies["cjhb"],
            organ=c.organs["gov"],
            workplan_item=_item(self.plan, "水污染防治法"), start_date=D(2026, 5, 11), end_date=D(2026, 5, 29),
            places="南湖区、滨江区、高新区、青山县；城镇污水处理厂、工业园区、重点河道断面",
            scope="检查法律实施情况：饮用水水源保护、工业水污染防治、城镇水污染防治、农业农村水污染防治和河长制落实。",
            meeting_title="第四次常委会会议", meeting_date=D(2026, 6, 24),
        )
        team = [(c.vice_chairs[5], TeamRole.LEADER, TeamCapacity.SC_MEMBER),
                (c.members[4], TeamRole.DEPUTY_LEADER, TeamCapacity.SC_MEMBER),
                (c.members[10], TeamRole.MEMBER, TeamCapacity.SC_MEMBER),
                (c.members[17], TeamRole.MEMBER, TeamCapacity.SC_MEMBER),
                (c.deputies[120].person, TeamRole.MEMBER, TeamCapacity.DEPUTY),
                (c.deputies[240].person, TeamRole.MEMBER, TeamCapacity.DEPUTY)]
        for person, role, capacity in team:
            svc.team_add(actor=self.cjhb, inspection=insp, person=person, role=role, capacity=capacity)
        insp = svc.inspection_transition(actor=self.cjhb, inspection=insp, action="start", on=D(2026, 5, 11))
        visits = [
            (D(2026, 5, 12), "南湖区第二污水处理厂", "南湖区水务局、污水处理厂",
             "污水处理厂满负荷运行，雨季溢流问题突出；管网雨污混接改造进度滞后。"),
            (D(2026, 5, 14), "滨江区化工园区", "园区管委会、三家重点排污企业",
             "园区集中污水处理设施运行正常，但个别企业在线监测数据异常。"),
            (D(2026, 5, 20), "青山县清水河沿线", "青山县人民政府、河长办",
             "农村生活污水处理设施建成后运维不到位，部分设施闲置。"),
        ]
        for day, place, units, findings in visits:
            svc.visit_add(actor=self.cjhb, inspection=insp, date=day, place=place, units=units, findings=findings)
        svc.questionnaire_add(actor=self.cjhb, inspection=insp, title="市民对水环境质量满意度问卷", issued=1200,
                              returned=1046, valid=1013, summary="78.2%的受访者认为近年来河道水质有所改善，"
                                                                 "黑臭水体和雨季溢流是主要关切。")
        problems = [
            "城镇污水管网建设滞后，雨污混接、错接问题突出，雨季溢流污染时有发生。",
            "部分工业企业环境违法行为仍然存在，在线监测数据管理不规范。",
            "农村生活污水处理设施重建轻管，运行率偏低。",
            "部门间执法协作机制不健全，河长制落实存在薄弱环节。",
        ]
        made = [svc.problem_add(actor=self.cjhb, inspection=insp, text=t) for t in problems]
        insp = svc.inspection_update(
            actor=self.cjhb, inspection=insp, lock_version=insp.lock_version,
            evaluation="法律实施总体情况较好，全市地表水国控断面水质优良比例达到85%，城市黑臭水体基本消除。",
            suggestions="加快城镇污水管网建设和雨污分流改造；加大工业污染执法力度；建立农村污水设施长效运维机制；"
                        "健全部门执法协作机制。",
            law_amendments="建议适时修订《XX市水环境保护条例》，细化农村生活污水处理设施运维责任。",
        )
        insp = svc.inspection_transition(actor=self.cjhb, inspection=insp, action="submit_report", on=D(2026, 6, 5))
        insp = svc.inspection_transition(actor=self.office, inspection=insp, action="deliberate", on=D(2026, 6, 24))
        for idx, text in ((9, "雨污分流改造要列出时间表，纳入民生实事项目。"),
                          (21, "建议对重点排污企业开展专项执法行动。"),
                          (30, "农村污水设施运维资金要纳入财政预算予以保障。")):
            svc.inspection_add_remark(actor=self.cjhb, inspection=insp, person=self.member(idx, D(2026, 6, 24)),
                                      text=text, date=D(2026, 6, 24))
        svc.inspection_set_opinions(actor=self.cjhb, inspection=insp, lock_version=insp.lock_version, opinions=(
            "一、加快补齐城镇污水收集处理短板。二、依法严厉查处环境违法行为。三、建立农村生活污水处理设施长效运维"
            "机制。四、健全河长制和部门执法协作机制。"))
        insp = svc.inspection_transition(actor=self.office, inspection=insp, action="hand_over", on=D(2026, 6, 30))
        units = c.units
        rects = [
            ("完成中心城区32公里雨污混接管网改造", "市水务局", D(2026, 10, 31), "in_rectification", made[0]),
            ("建成南湖区第二污水处理厂扩建工程调蓄池", "市水务局", D(2026, 9, 30), "closed", made[0]),
            ("开展重点排污企业在线监测数据专项检查", "市生态环境局", D(2026, 8, 31), "closed", made[1]),
            ("制定农村生活污水处理设施运维管理办法", "市农业农村局", D(2026, 12, 31), "reported", made[2]),
            ("建立水环境执法部门协作和信息共享机制", "市生态环境局", D(2027, 3, 31), "open", made[3]),
            ("清水河沿线闲置污水处理设施恢复运行", "市水务局", D(2027, 6, 30), "open", made[2]),
        ]
        for title, unit, deadline, state, problem in rects:
            item = svc.rectification_create(actor=self.cjhb, inspection=insp, title=title, owner_unit=units[unit],
                                            deadline=deadline, problem=problem,
                                            requirement="对照执法检查报告和审议意见，明确措施、责任人和完成时限。")
            self._rect_state(item, state, verifier=self.cjhb)
            self.made["rectifications"] += 1
        insp = svc.inspection_transition(actor=self.gov, inspection=insp, action="submit_handling", on=D(2026, 9, 20),
                                         text="市人民政府关于《水污染防治法》执法检查报告及审议意见研究处理情况的报告：已制定"
                                              "整改清单，明确责任单位和完成时限，逐项推进。")
        insp = svc.inspection_transition(actor=self.office, inspection=insp, action="publish", on=D(2026, 9, 24))
        svc.inspection_create(actor=self.cjhb, year=self.plan.year, parent=insp, title=f"{law}执法检查跟踪检查",
                              law_title=law,
                              lead_body=c.bodies["cjhb"], organ=c.organs["gov"], start_date=D(2026, 12, 7),
                              end_date=D(2026, 12, 11), places="南湖区、青山县",
                              scope="跟踪检查整改清单落实情况，重点是雨污混接改造和农村污水设施运维。")
        return insp

    # ---- the special inquiry on 水环境综合治理 -----------------------------------------------------------------
    def inquiry(self, inspection):
        c = self.city
        inq = svc.inquiry_create(actor=self.cjhb, year=self.plan.year, title="围绕水环境综合治理开展专题询问",
                                 lead_body=c.bodies["cjhb"],
                                 organ=c.organs["gov"], workplan_item=_item(self.plan, "水环境综合治理开展专题询问"),
                                 form=InquiryForm.JOINT, inspection=inspection, meeting_title="第四次常委会会议联组会议",
                                 meeting_date=D(2026, 6, 24),
                                 topic="结合审议《水污染防治法》执法检查报告，询问水环境综合治理工作。")
        inq = svc.inquiry_transition(actor=self.cjhb, inquiry=inq, action="hold", on=D(2026, 6, 24))
        qa = [
            (9, "雨污分流改造进度滞后的原因是什么？下一步有什么具体措施？", "王建国", "市人民政府副市长",
             c.organs["gov"], "主要是老城区管线复杂、施工影响交通。今年将完成32公里改造，三年内基本完成中心城区改造。"),
            (21, "对在线监测数据造假的企业如何查处？", "李明", "市生态环境局局长", c.units["市生态环境局"],
             "已对3家企业立案查处，下一步开展专项检查，对数据造假行为依法从严处罚。"),
            (30, "农村污水设施运维资金从哪里来？", "赵志强", "市水务局局长", c.units["市水务局"],
             "将建立市县两级财政分担、受益主体适当付费的机制，年底前出台运维管理办法。"),
            (33, "清水河断面水质何时能稳定达标？", "王建国", "市人民政府副市长", c.organs["gov"],
             "通过截污纳管、生态补水和河道清淤，力争明年汛期前稳定达到Ⅲ类水质。"),
        ]
        for idx, question, name, title, org, answer in qa:
            svc.inquiry_add_question(actor=self.cjhb, inquiry=inq, asker=self.member(idx, D(2026, 6, 24)),
                                     question=question,
                                     answerer_name=name, answerer_title=title, answerer_org=org, answer=answer)
        svc.inquiry_set_opinions(actor=self.cjhb, inquiry=inq, lock_version=inq.lock_version, opinions=(
            "一、制定雨污分流改造三年行动计划并向社会公布。二、依法从严查处环境数据造假行为。三、年内出台农村生活污水"
            "处理设施运维管理办法。四、确保清水河断面水质稳定达标。"))
        inq = svc.inquiry_transition(actor=self.office, inquiry=inq, action="send_opinions", on=D(2026, 6, 30))
        inq = svc.inquiry_transition(actor=self.gov, inquiry=inq, action="submit_handling", on=D(2026, 8, 25),
                                     text="市人民政府关于水环境综合治理专题询问意见研究处理情况的报告")
        inq = svc.inquiry_transition(actor=self.office, inquiry=inq, action="close", on=D(2026, 8, 28))
        svc.inquiry_add_follow_up(actor=self.cjhb, inquiry=inq, date=D(2026, 10, 20),
                                  text="跟踪了解雨污分流改造三年行动计划编制情况，计划已经市政府常务会议审议通过。")
        return inq

    # ---- an interpellation: exactly half unsatisfied is not "过半数" -----------------------------------------
    def interpellation(self):
        c = self.city
        day = D(2026, 10, 30)
        interp = svc.interpellation_create(
            actor=self.office, title="关于老旧小区改造工程质量问题的质询案", target=c.units["市住房和城乡建设局"],
            questions="一、部分老旧小区改造后出现外墙脱落、管道渗漏，质量监管责任如何落实？二、群众投诉为何长期得不到解决？",
            content="今年以来，多个老旧小区改造项目竣工后短期内出现质量问题，群众反映强烈。请市住房和城乡建设局就"
                    "工程质量监管、投诉处理和整改措施作出答复。",
            meeting_title="第八次常委会会议", meeting_date=day, meeting_end_date=day,
        )
        signers = list(dict.fromkeys(self.member(i, day) for i in (20, 24, 26, 30, 32, 35)))
        for p in signers:
            svc.interpellation_sign(actor=self.office, interpellation=interp, person=p, on=day)
        interp = svc.interpellation_transition(actor=self.office, interpellation=interp, action="submit", on=day)
        interp = svc.interpellation_transition(actor=self.leader, interpellation=interp, action="decide",
                                               on=D(2026, 11, 5), answer_mode=AnswerMode.WRITTEN)
        interp = svc.interpellation_transition(
            actor=self.office, interpellation=interp, action="answer", on=D(2026, 11, 18),
            text="市住房和城乡建设局已对涉及的12个项目开展质量复查，责令施工单位返工整改，对监理单位予以通报，"
                 "并建立竣工后回访和质量保修跟踪制度。", answerer_name="陈立新", answerer_title="市住房和城乡建设局局长",
            is_head=True)
        for i, p in enumerate(signers):
            svc.interpellation_rate(actor=self.office, interpellation=interp, person=p, satisfied=i % 2 == 0)
        # Three of six are unsatisfied: that is half, not more than half (监督法 第五十三条), so no re-answer.
        svc.interpellation_transition(actor=self.leader, interpellation=interp, action="close", on=D(2026, 11, 25),
                                      note="不满意的提案人未过半数，主任会议决定办结")

    # ---- 撤职案 (监督法 第八章) -----------------------------------------------------------------------------------------
    def removal(self):
        c = self.city
        day = D(2026, 10, 30)
        case = removal.removal_create(
            actor=self.office, title="关于提请撤销赵某某市中级人民法院审判员职务的议案", target_name="赵某某",
            target_post="市中级人民法院民事审判第二庭审判员", post_kind="court", target_organ=c.organs["court"],
            proposer_kind="organ", proposer_organ=c.organs["court"],
            reasons="赵某某在审理案件中收受当事人财物，违反审判纪律，已被市监察委员会立案调查，不宜继续担任审判员。",
            materials="市监察委员会立案决定书；市中级人民法院党组会议纪要；本人违纪事实材料。")
        case = removal.removal_transition(actor=self.office, case=case, action="submit", on=D(2026, 10, 16))
        case = removal.removal_transition(actor=self.leader, case=case, action="place", on=D(2026, 10, 20),
                                          meeting_date=day, meeting_title="第八次常委会会议")
        case = removal.removal_record_defence(
            actor=self.office, case=case, mode="written", on=D(2026, 10, 26), printed=True,
            text="本人对收受财物的事实无异议，请求常委会考虑本人多年工作表现。")
        total = len(Position.standing_committee_ids_on(c.congress.pk, day))
        removal.removal_transition(actor=self.office, case=case, action="adopt", on=day, yes=total - 3, no=1,
                                   abstain=2)

    # ---- filing review ------------------------------------------------------------------------------------------
    def filings(self):
        c = self.city
        fgw = c.bodies["fgw"]
        county = self.ctx.county.congress
        rows = [
            (FilerKind.GOVERNMENT, c.organs["gov"], None, "XX市城市供水管理办法", f"X政发〔{Y(2026)}〕5号", D(2026, 3, 2),
             D(2026, 3, 20), "passed"),
            (FilerKind.GOVERNMENT, c.organs["gov"], None, "关于进一步规范城市管理综合执法的若干规定", f"X政发〔{Y(2026)}〕12号",
             D(2026, 5, 8), D(2026, 6, 30), "corrected"),
            (FilerKind.COURT, c.organs["court"], None, "关于审理物业服务纠纷案件若干问题的指导意见", f"X中法发〔{Y(2026)}〕3号",
             D(2026, 4, 15), D(2026, 4, 28), "passed"),
            (FilerKind.PROCURATORATE, c.organs["proc"], None, "关于开展公益诉讼检察工作的实施办法", f"X检发〔{Y(2026)}〕7号",
             D(2026, 7, 1), D(2026, 7, 20), "reviewing"),
            (FilerKind.SUPERVISORY_COMMISSION, c.organs["sup"], None, "关于规范监察调查措施使用的若干规定",
             f"X监发〔{Y(2026)}〕2号", D(2026, 9, 1), D(2026, 9, 25), "filed"),
            (FilerKind.LOWER_STANDING_COMMITTEE, None, county, "关于加强县域生态环境保护的决定", "", D(2026, 8, 1),
             D(2026, 8, 20), "passed"),
            (FilerKind.GOVERNMENT, c.organs["gov"], None, "XX市电动自行车管理规定", f"X政发〔{Y(2026)}〕18号", D(2026, 8, 10),
             D(2026, 9, 18), "correction"),
        ]
        docs = {}
        for kind, org, congress, title, number, issued, filed, state in rows:
            doc = svc.filing_register(actor=self.office, filer_kind=kind, filer_org=org, filer_congress=congress,
                                      title=title, doc_number=number, issued_on=issued, filed_on=filed,
                                      text=f"{title}（全文略）")
            self.made["filings"] += 1
            docs[title] = doc
            if state == "filed":
                continue
            doc = svc.filing_transition(actor=self.office, document=doc, action="start_review", reviewer=fgw,
                                        basis=ReviewBasis.INITIATIVE, on=filed + dt.timedelta(days=3))
            if state == "reviewing":
                continue
            if state == "passed":
                svc.filing_transition(actor=self.office, document=doc, action="pass", on=filed + dt.timedelta(days=20),
                                      opinion="经审查，未发现同宪法、法律、法规相抵触或者不适当的情形。")
                continue
            doc = svc.filing_transition(
                actor=self.office, document=doc, action="find_problem", on=filed + dt.timedelta(days=20),
                grounds=[Ground.BEYOND_POWER],
                opinion="该文件设定了法律、法规未规定的行政处罚和收费事项，增加了公民、法人的义务。")
            doc = svc.filing_transition(actor=self.office, document=doc, action="request_correction",
                                        on=filed + dt.timedelta(days=25))
            if state == "corrected":
                svc.filing_transition(actor=self.office, document=doc, action="record_corrected",
                                      on=filed + dt.timedelta(days=70),
                                      result="制定机关已废止有关条款，并重新公布修改后的文件。")
        congress = c.congress
        req = svc.review_request_submit(
            congress=congress, requester_name="张某某", contact="138****2601",
            document_title="关于开展公益诉讼检察工作的实施办法", issuer="市人民检察院",
            reasons="该办法第十二条要求有关单位在五日内提供全部资料，否则予以通报，可能超出检察机关的职权范围。",
            received_on=D(2026, 8, 3))
        svc.request_transition(actor=self.office, request=req, action="accept", on=D(2026, 8, 6),
                               document=docs["关于开展公益诉讼检察工作的实施办法"])
        req = svc.review_request_submit(
            congress=congress, requester_name="某律师事务所", contact="0531-8888****",
            requester_kind="organization", document_title="关于进一步规范城市管理综合执法的若干规定",
            reasons="该规定增设了上位法没有规定的罚款事项，建议审查。", received_on=D(2026, 7, 2))
        svc.request_transition(actor=self.office, request=req, action="accept", on=D(2026, 7, 5),
                               document=docs["关于进一步规范城市管理综合执法的若干规定"])
        svc.request_transition(actor=self.office, request=req, action="conclude", on=D(2026, 9, 25),
                               reply="经审查，该规定部分条款增设了上位法没有规定的罚款事项，已要求制定机关纠正，"
                                     "制定机关已废止有关条款。感谢您对备案审查工作的支持。")
        req = svc.review_request_submit(
            congress=congress, requester_name="李某", contact="lee@example.com",
            document_title="XX省道路运输条例实施细则", issuer="XX省交通运输厅",
            reasons="该细则关于网约车准入条件的规定与国务院行政法规不一致，建议审查。", received_on=D(2026, 10, 12))
        svc.request_transition(actor=self.office, request=req, action="transfer", on=D(2026, 10, 15),
                               transferred_to="XX省人大常委会法制工作委员会",
                               reply="该文件不属于本市人大常委会备案审查范围，已按规定移送XX省人大常委会法制工作委员会处理。")
        svc.review_request_submit(
            congress=congress, requester_name="王某", contact="139****7788",
            document_title="XX市电动自行车管理规定", issuer="市人民政府",
            reasons="规定要求电动自行车每年年检并收费，认为缺乏法律依据，增加了群众负担。", received_on=D(2026, 11, 24))
