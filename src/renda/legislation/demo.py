"""The demo city's legislation, written through the services (so its audit trail is the real one).

- the 2026 legislative plan (正式、预备、调研项目), linked to the work plan's legislation items, with one
  project outside the 第八十一条 areas and its recorded justification;
- 《XX市城市市容和环境卫生管理条例》 (proposed by the city government): three readings, public comment,
  an argumentation meeting, the pre-vote evaluation, a separate vote, passed on 2026-08-28 and awaiting the
  province's approval;
- 《XX市历史文化名城保护条例》 (proposed by the 城乡建设环境保护委员会): first reading on 2026-10-29, open for
  public comment until 2026-12-03 with comments per article, an argumentation meeting held and a hearing
  planned for 2026-12-08, and the 法制工作委员会's working 二审稿;
- a members' joint bill waiting for the 主任会议's decision.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from renda.core.roles import Role
from renda.demo import clock
from renda.demo.builders import make_user
from renda.demo.city import DEMO_PASSWORD
from renda.demo.clock import D, Y
from renda.legislation import demo_texts as T
from renda.legislation import services as leg
from renda.legislation import texts
from renda.legislation.models import CommentSource, ConsultationKind, ProjectKind, ProposerKind, Stage
from renda.legislation.workflow import REFERENCE_TODAY


def _at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def load(ctx) -> None:
    token = REFERENCE_TODAY.set(ctx.today)
    try:
        _load(ctx)
    finally:
        REFERENCE_TODAY.reset(token)


def _workplan_item(ctx, needle: str):
    return next((i for i in ctx.plan.items.all() if needle in i.title), None)


def _load(ctx) -> None:
    city = ctx.city
    congress = city.congress
    office = ctx.users["bangongting"]
    leader = ctx.users["zhuren"]
    fgw = make_user("fagongwei", DEMO_PASSWORD, congress=congress, role=Role.COMMITTEE,
                    display_name="法制工作委员会 工作人员", organization=city.bodies["fgw"])
    ctx.users["fagongwei"] = fgw
    gov = city.organs["gov"]
    cjhb = city.bodies["cjhb"]
    units = city.units

    points = [leg.contact_point_create(actor=office, name=name, location=where) for name, where in [
        ("老城街道基层立法联系点", "老城区老城街道"), ("南湖区律师协会基层立法联系点", "南湖区"),
        ("滨江社区基层立法联系点", "滨江区滨江街道"), ("高新区企业服务中心基层立法联系点", "高新区"),
        ("青山县城关镇基层立法联系点", "青山县城关镇"),
    ]]

    # ---- the 2026 legislative plan ---------------------------------------------------------------------------
    plan = leg.plan_create(actor=fgw, year=Y(2026))
    item_shirong = _workplan_item(ctx, "市容和环境卫生管理条例")
    item_mingcheng = _workplan_item(ctx, "历史文化名城保护条例")
    item_plan = _workplan_item(ctx, "年度立法计划")
    p_shirong = leg.project_create(
        actor=fgw, plan=plan, kind=ProjectKind.FORMAL, title=T.SHIRONG_TITLE, subject_area="城乡建设与管理",
        drafting_unit=units["市城市管理局"], lead_body=cjhb, planned_meeting="4月常委会会议初次审议",
        workplan_item=item_shirong, note="市人民政府提请审议；年内完成三审。")
    p_mingcheng = leg.project_create(
        actor=fgw, plan=plan, kind=ProjectKind.FORMAL, title=T.MINGCHENG_TITLE, subject_area="历史文化保护",
        drafting_unit=cjhb, lead_body=cjhb, planned_meeting="10月常委会会议初次审议",
        workplan_item=item_mingcheng, note="城乡建设环境保护委员会牵头起草，开展论证和听证。")
    for kind, title, area, unit, meeting, note in [
        (ProjectKind.PREPARATORY, "XX市养犬管理条例", "城乡建设与管理", units["市公安局"], "条件成熟时提请审议", ""),
        (ProjectKind.PREPARATORY, "XX市物业管理条例（修订）", "基层治理", units["市住房和城乡建设局"],
         "条件成熟时提请审议", "结合立法后评估情况修订。"),
        (ProjectKind.RESEARCH, "XX市海绵城市建设管理条例", "城乡建设与管理", units["市住房和城乡建设局"], "", ""),
        (ProjectKind.RESEARCH, "XX市社区治理促进条例", "基层治理", units["市民政局"], "", ""),
    ]:
        leg.project_create(actor=fgw, plan=plan, kind=kind, title=title, subject_area=area, drafting_unit=unit,
                           planned_meeting=meeting, note=note, workplan_item=None, lead_body=city.bodies["fgw"])
    leg.project_create(
        actor=fgw, plan=plan, kind=ProjectKind.RESEARCH, title="XX市制定地方性法规条例（修订）", subject_area="立法程序",
        scope_override=True, lead_body=city.bodies["fgw"], drafting_unit=city.bodies["fgw"], workplan_item=item_plan,
        scope_justification="《立法法》第八十七条第一款规定，地方性法规案的提出、审议和表决程序由本级人民代表大会规定，"
                            "属于第八十一条第一款“法律对设区的市制定地方性法规的事项另有规定的，从其规定”的情形；"
                            "拟提请市人民代表大会审议。",
        note="根据2023年修正的立法法修订本市立法程序规定。")
    leg.plan_transition(actor=leader, plan=plan, action="adopt", note="第二次主任会议通过", on=D(2026, 2, 26))
    leg.plan_transition(actor=fgw, plan=plan, action="publish", note="向社会公布", on=D(2026, 3, 5),
                        doc_number=f"X人常发〔{Y(2026)}〕6号")

    # ---- bill 1: 市容和环境卫生管理条例 -----------------------------------------------------------------------------
    s_draft = T.build(f"{T.SHIRONG_TITLE}（草案）", T.SHIRONG_DRAFT)
    c2 = T.apply(T.SHIRONG_DRAFT, T.SHIRONG_SECOND)
    c3 = T.apply(c2, T.SHIRONG_THIRD)
    c4 = T.apply(c3, T.SHIRONG_FINAL)
    bill1 = leg.bill_create(
        actor=office, title=T.SHIRONG_TITLE, proposer_kind=ProposerKind.GOVERNMENT, proposer_org=gov,
        submitted_on=D(2026, 3, 20), subject_area="城乡建设与管理", lead_committee=cjhb, project=p_shirong,
        concerned_units=[units["市城市管理局"], units["市住房和城乡建设局"], units["市生态环境局"]],
        draft_text=s_draft, explanation_title=f"关于《{T.SHIRONG_TITLE}（草案）》的说明",
        explanation=clock.text(SHIRONG_EXPLANATION))
    leg.bill_transition(actor=leader, bill=bill1, action="place_on_agenda", note="第七次主任会议决定提请常委会会议审议",
                        on=D(2026, 4, 10), meeting_date=D(2026, 4, 28), text_sent_on=D(2026, 4, 17))
    leg.bill_record_reading(actor=office, bill=bill1, held_on=D(2026, 4, 28), meeting="市第十二届人大常委会第三次会议",
                            summary="常委会组成人员普遍赞成制定本条例，建议增加生活垃圾分类投放点管理、数字化城市管理和临时便民摊点等内容，"
                                    "合理确定罚款幅度。")
    period1 = leg.period_open(actor=office, bill=bill1, opens_on=D(2026, 5, 6), closes_on=D(2026, 6, 8),
                              channels="XX人大网、中国人大网、XX日报")
    draft1 = bill1.versions.get(stage=Stage.DRAFT)
    for day, eid_key, text, source in [
        (D(2026, 5, 8), "shop", "建议允许在指定区域和时段设置便民摊点，兼顾市民生活需要。", CommentSource.PUBLIC),
        (D(2026, 5, 9), "shop", "店外经营全面禁止不符合实际，夜市、早市应当有合法空间。", CommentSource.PUBLIC),
        (D(2026, 5, 12), "sort", "建议明确居住区分类投放点的设置和管理责任。", CommentSource.PUBLIC),
        (D(2026, 5, 15), "pen_sort", "个人未分类投放的罚款应当先劝导后处罚，罚款下限不宜过低。", CommentSource.PUBLIC),
        (D(2026, 5, 20), "site", "工地出入口车辆带泥上路问题突出，建议单独规定冲洗要求。", CommentSource.PUBLIC),
        (D(2026, 5, 22), "vehicle", "车容整洁的规定可以并入运输车辆的条款，不必单列。", CommentSource.DEPARTMENT),
        (D(2026, 5, 28), "zone_duty", "建议街道与责任人签订责任书，明确责任区范围。", CommentSource.CONTACT_POINT),
        (D(2026, 6, 2), "", "建议增加运用数字化手段发现和处置市容问题的规定。", CommentSource.DEPUTY),
    ]:
        eid = _eid(draft1, eid_key, T.SHIRONG_DRAFT)
        leg.comment_add(actor=office, bill=bill1, version=draft1, text=text, source=source, eid=eid,
                        contact_point=points[0] if source == CommentSource.CONTACT_POINT else None,
                        name="市民" if source == CommentSource.PUBLIC else "", submitted_at=_at(day, 15))
    leg.period_transition(actor=office, period=period1, action="close", on=D(2026, 6, 8),
                          feedback="共收到社会公众、基层立法联系点、有关部门和人大代表意见8条，主要集中在店外经营、生活垃圾分类和施工工地管理等方面，已送法制委员会研究。")
    arg1 = leg.consultation_create(
        actor=office, bill=bill1, kind=ConsultationKind.ARGUMENTATION, title="生活垃圾分类和罚款设定论证会",
        starts_at=_at(D(2026, 6, 12), 9, 30), place="市人大常委会机关第三会议室", organizer=city.bodies["fgw"],
        topics="生活垃圾分类投放责任主体的界定；个人未分类投放罚款的幅度。",
        participants="王建国，XX大学法学院教授\n李红，市城市管理局副局长\n赵敏，市环境卫生研究所高级工程师\n孙立，市人大代表、社区党委书记")
    leg.consultation_transition(actor=office, consultation=arg1, action="hold", on=D(2026, 6, 12),
                                minutes="与会专家认为，生活垃圾分类应当明确单位和个人的投放责任，罚款应当坚持教育与处罚相结合。",
                                conclusions="建议个人罚款设定为五十元以上二百元以下，并规定先劝导、责令改正。")
    leg.consultation_transition(actor=office, consultation=arg1, action="report", on=D(2026, 6, 26))
    leg.version_add(actor=fgw, bill=bill1, stage=Stage.SECOND,
                    text=T.build(f"{T.SHIRONG_TITLE}（草案二审稿）", c2),
                    explanation_title=f"法制委员会关于《{T.SHIRONG_TITLE}（草案）》修改情况的汇报",
                    explanation=SHIRONG_SECOND_REPORT)
    leg.bill_record_reading(actor=office, bill=bill1, held_on=D(2026, 6, 26), meeting="市第十二届人大常委会第四次会议",
                            summary="建议进一步完善施工现场管理和市容环境卫生责任区的规定，对轻微违法行为体现包容审慎。")
    eval1 = leg.consultation_create(
        actor=fgw, bill=bill1, kind=ConsultationKind.EVALUATION, title="表决前评估",
        starts_at=_at(D(2026, 8, 6), 14, 30), place="市人大常委会机关第二会议室", organizer=city.bodies["fgw"],
        topics="主要制度规范的可行性、出台时机、实施的社会效果和可能出现的问题。",
        participants="市城市管理局\n市住房和城乡建设局\n区城市管理部门代表\n基层立法联系点代表\n人大代表")
    leg.version_add(actor=fgw, bill=bill1, stage=Stage.THIRD,
                    text=T.build(f"{T.SHIRONG_TITLE}（草案三审稿）", c3),
                    explanation_title=f"法制委员会关于《{T.SHIRONG_TITLE}（草案）》审议结果的报告",
                    explanation=SHIRONG_THIRD_REPORT)
    leg.consultation_transition(actor=fgw, consultation=eval1, action="hold", on=D(2026, 8, 6),
                                minutes="评估认为，条例主要制度切实可行，出台时机成熟，与本市创建全国文明城市工作相衔接。",
                                conclusions="建议将施行日期适当推后，为生活垃圾分类投放点改造和宣传培训预留时间。")
    leg.consultation_transition(actor=fgw, consultation=eval1, action="report", on=D(2026, 8, 27))
    leg.bill_record_reading(actor=office, bill=bill1, held_on=D(2026, 8, 27), meeting="市第十二届人大常委会第五次会议",
                            summary="常委会组成人员认为草案三审稿已经比较成熟，建议根据表决前评估意见调整施行日期。")
    leg.version_add(actor=fgw, bill=bill1, stage=Stage.FINAL,
                    text=T.build(f"{T.SHIRONG_TITLE}（草案表决稿）", c4),
                    explanation_title=f"法制委员会关于《{T.SHIRONG_TITLE}（草案表决稿）》修改意见的报告",
                    explanation=f"根据常委会组成人员的审议意见和表决前评估情况，将施行日期修改为{Y(2027)}年3月1日，"
                                "并对公共厕所无障碍设施作了补充规定。法制委员会建议本次常委会会议表决通过。")
    leg.bill_transition(actor=leader, bill=bill1, action="schedule_vote", note="主任会议决定提请第五次会议表决",
                        on=D(2026, 8, 27))
    final1 = bill1.versions.get(stage=Stage.FINAL)
    leg.bill_record_separate_vote(actor=office, bill=bill1, eid=_eid(final1, "pen_sort", c4), voted_on=D(2026, 8, 28),
                                  yes=36, no=5, abstain=3, meeting="市第十二届人大常委会第五次会议",
                                  note="对个人未分类投放生活垃圾的罚款存在不同意见，主任会议决定单独表决。")
    leg.bill_record_vote(actor=office, bill=bill1, voted_on=D(2026, 8, 28), yes=41, no=1, abstain=2,
                         meeting="市第十二届人大常委会第五次会议")
    leg.bill_transition(actor=office, bill=bill1, action="submit_for_approval", on=D(2026, 9, 8),
                        note=f"X人常〔{Y(2026)}〕41号报请XX省人大常委会批准")

    # ---- bill 2: 历史文化名城保护条例 -------------------------------------------------------------------------------
    m_draft = T.build(f"{T.MINGCHENG_TITLE}（草案）", T.MINGCHENG_DRAFT)
    bill2 = leg.bill_create(
        actor=office, title=T.MINGCHENG_TITLE, proposer_kind=ProposerKind.SPECIAL_COMMITTEE, proposer_org=cjhb,
        submitted_on=D(2026, 9, 15), subject_area="历史文化保护", lead_committee=cjhb, project=p_mingcheng,
        concerned_units=[units["市文化和旅游局"], units["市自然资源和规划局"], units["市住房和城乡建设局"]],
        draft_text=m_draft, explanation_title=f"关于《{T.MINGCHENG_TITLE}（草案）》的说明",
        explanation=MINGCHENG_EXPLANATION)
    bill2 = leg.bill_update(actor=leader, bill=bill2, lock_version=bill2.lock_version, needs_argumentation=True,
                            needs_hearing=True)
    # The draft reached the members three days before the seventh meeting, not seven (立法法 第三十一条第一款): flagged.
    leg.bill_transition(actor=leader, bill=bill2, action="place_on_agenda", note="第二十一次主任会议决定提请常委会会议审议",
                        on=D(2026, 10, 12), meeting_date=D(2026, 10, 29), text_sent_on=D(2026, 10, 26))
    arg2 = leg.consultation_create(
        actor=office, bill=bill2, kind=ConsultationKind.ARGUMENTATION, title="历史建筑认定标准和保护措施论证会",
        starts_at=_at(D(2026, 10, 20), 9, 0), place="市人大常委会机关第三会议室", organizer=cjhb,
        topics="历史建筑的认定条件；预先保护措施的期限；历史文化街区核心保护范围内的建设控制。",
        participants="陈志远，XX大学建筑学院教授\n周敏，省古建筑保护研究所研究员\n刘洋，市自然资源和规划局总规划师\n"
                     "吴琳，市文化和旅游局副局长\n郑海，市人大代表、老城街道居民")
    leg.consultation_transition(actor=office, consultation=arg2, action="hold", on=D(2026, 10, 20),
                                minutes="专家认为认定条件总体可行；预先保护期限偏长，存在抢拆风险；核心保护范围内应允许必要的基础设施建设。",
                                conclusions="建议预先保护期限缩短为三个月，预先保护期间禁止拆除、迁移；将工业遗产纳入保护对象。")
    leg.consultation_transition(actor=office, consultation=arg2, action="report", on=D(2026, 10, 29))
    leg.bill_record_reading(actor=office, bill=bill2, held_on=D(2026, 10, 29), meeting="市第十二届人大常委会第七次会议",
                            summary="常委会组成人员赞成制定本条例，建议进一步明确保护责任人的义务和政府补助、技术指导，"
                                    "缩短预先保护期限，加大对擅自拆除历史建筑行为的处罚力度。")
    leg.period_open(actor=office, bill=bill2, opens_on=D(2026, 11, 3), closes_on=D(2026, 12, 3),
                              channels="XX人大网、中国人大网、XX日报、基层立法联系点")
    draft2 = bill2.versions.get(stage=Stage.DRAFT)
    n = 0
    for key, comments in T.MINGCHENG_COMMENTS.items():
        eid = _eid(draft2, key, T.MINGCHENG_DRAFT) if key else ""
        for text in comments:
            n += 1
            leg.comment_add(actor=office, bill=bill2, version=draft2, text=text, source=CommentSource.PUBLIC, eid=eid,
                            name=f"网民{n:03d}", contact=f"1390000{n:04d}",
                            submitted_at=_at(D(2026, 11, 3) + dt.timedelta(days=n % 22), 9 + n % 9, 10))
    for i, (source, point, name, key, text) in enumerate(T.MINGCHENG_OTHER_COMMENTS):
        leg.comment_add(actor=office, bill=bill2, version=draft2, text=text, source=source, name=name,
                        eid=_eid(draft2, key, T.MINGCHENG_DRAFT), contact_point=points[point] if point is not None else None,
                        submitted_at=_at(D(2026, 11, 10) + dt.timedelta(days=i), 16))
    leg.consultation_create(
        actor=office, bill=bill2, kind=ConsultationKind.HEARING, title="《XX市历史文化名城保护条例（草案）》立法听证会",
        starts_at=_at(D(2026, 12, 8), 9, 30), place="市人民代表大会常务委员会机关报告厅", organizer=cjhb,
        topics="历史建筑保护责任人的义务和政府补助；因公共利益需要迁移、拆除历史建筑的情形和程序；擅自拆除历史建筑的处罚幅度。",
        participants="历史建筑所有权人代表3名\n历史文化街区居民和经营者代表4名\n市自然资源和规划局、市住房和城乡建设局、市文化和旅游局\n"
                     "专家2名\n市人大代表2名")
    leg.version_add(actor=fgw, bill=bill2, stage=Stage.SECOND,
                    text=T.build(f"{T.MINGCHENG_TITLE}（草案二审稿）", T.apply(T.MINGCHENG_DRAFT, T.MINGCHENG_SECOND)),
                    explanation_title=f"法制委员会关于《{T.MINGCHENG_TITLE}（草案）》修改情况的汇报（工作稿）",
                    explanation=MINGCHENG_SECOND_REPORT)

    # ---- bill 3: a members' joint bill waiting for the 主任会议 --------------------------------------------------------
    proposers = city.members[:6]
    leg.bill_create(
        actor=office, title="XX市电动自行车管理条例", proposer_kind=ProposerKind.MEMBERS, proposers=proposers,
        submitted_on=D(2026, 11, 16), subject_area="城乡建设与管理", lead_committee=cjhb,
        concerned_units=[units["市公安局"], units["市市场监督管理局"]],
        draft_text=DIANDONG_DRAFT, explanation_title="关于《XX市电动自行车管理条例（草案）》的说明",
        explanation="电动自行车保有量快速增长，停放充电引发的火灾隐患突出。常委会组成人员六人联名提出本草案，"
                    "对销售、登记、通行、停放充电等作出规定。")
    _analysis_decisions_notice(office, bill1, draft1, bill2, draft2)
    ctx.extra["legislation"] = {"plan": plan, "bills": [bill1, bill2]}
    ctx.say(f"已载入立法：《{plan.title}》、法规案 3 件（报批中 1 件、征求意见中 1 件、待主任会议决定 1 件）")


def _analysed(office, version):
    """A finished analysis whatever the task backend: the service starts it; a run still pending (the database
    worker is not running while the demo loads) is run here, and the worker later finds it done."""
    run = leg.comment_analysis_start(actor=office, version=version)
    if run.status == "pending":
        run = leg.comment_analysis_run(run.pk)
    return run


def _analysis_decisions_notice(office, bill1, draft1, bill2, draft2) -> None:
    """Both drafts analysed; decisions on the articles; the 市容 bill's feedback notice published (its comment
    period closed on 2026-06-08), the 名城 bill's still open for comment, so only decisions so far."""
    _analysed(office, draft1)
    for key, outcome, opinions, reasons in [
        ("shop", "partly", "允许在指定区域、时段设置便民摊点", "吸收“指定区域和时段”的意见，在二审稿中授权区人民政府划定；全面放开店外经营的意见未采纳，以免影响市容和通行。"),
        ("sort", "adopted", "明确分类投放点的设置和管理责任", "已在二审稿中明确物业服务人、居（村）民委员会的管理责任。"),
        ("pen_sort", "partly", "先劝导后处罚，罚款幅度合理", "增加“经劝导拒不改正的”作为处罚前提；罚款下限维持五十元，以保证执法效果。"),
        ("site", "adopted", "工地出入口车辆冲洗", "已增加施工工地出入口设置车辆冲洗设施的规定。"),
        ("", "adopted", "运用数字化手段发现和处置市容问题", "已在总则中增加数字化城市管理的规定。"),
    ]:
        eid = _eid(draft1, key, T.SHIRONG_DRAFT) if key else ""
        leg.decision_save(actor=office, version=draft1, article_eid=eid, outcome=outcome, reasons=reasons,
                          main_opinions=opinions)
    notice = leg.notice_create(actor=office, version=draft1)
    leg.notice_transition(actor=office, notice=notice, action="publish", on=D(2026, 6, 20))

    _analysed(office, draft2)
    for key, outcome, opinions, reasons in [
        ("scope", "adopted", "将工业遗产、红色文化遗存列入保护对象", "拟在二审稿中增加工业遗产和革命文物的规定。"),
        ("emergency", "partly", "预先保护期限偏长，存在抢拆风险", "拟将预先保护期限缩短为三个月；延长一次的意见未采纳，以免长期限制所有权人的权利。"),
        ("fund", "not_adopted", "设立专项保护资金并对个人全额补助", "补助标准由市人民政府根据财力确定，条例规定“给予适当补助”，不宜规定全额补助。"),
    ]:
        leg.decision_save(actor=office, version=draft2, article_eid=_eid(draft2, key, T.MINGCHENG_DRAFT),
                          outcome=outcome, reasons=reasons, main_opinions=opinions)


def _eid(version, key: str, chapters) -> str:
    """The eId of the article with this key in a version built from `chapters` (article order = numbering)."""
    if not key:
        return ""
    keys = [k for _, arts in chapters for k, _ in arts]
    articles = texts.statute_of(version).articles()
    return articles[keys.index(key)].eid


SHIRONG_EXPLANATION = """一、制定条例的必要性
本市现行市容环境卫生管理主要依据国务院《城市市容和环境卫生管理条例》和市政府规章。随着城市规模扩大和生活垃圾分类工作的推进，\
店外经营、户外广告设施安全、建筑垃圾乱倒等问题日益突出，现有规定已不能适应城市精细化管理的需要，有必要制定地方性法规。
二、起草过程
市城市管理局自2025年起开展调研，赴外地学习考察，多次征求各区政府、市有关部门、人大代表和市民意见，形成草案送审稿。\
市司法局审查修改后，经市人民政府常务会议讨论通过。
三、主要内容
草案共六章三十二条，主要规定了：（一）管理体制和各方责任；（二）建筑物外立面、户外广告设施和招牌、施工现场等市容管理要求；\
（三）生活垃圾分类、建筑垃圾和餐厨垃圾管理；（四）市容环境卫生责任区制度；（五）相应的法律责任。
四、需要说明的问题
草案属于城乡建设与管理事项，符合立法法第八十一条的规定；罚款幅度参照了上位法和周边城市的规定。"""

SHIRONG_SECOND_REPORT = """常委会第三次会议对条例草案进行了初次审议。会后，法制工作委员会将草案向社会公布征求意见，召开论证会，\
听取了市人民政府有关部门、基层立法联系点和人大代表的意见。法制委员会进行了统一审议，现将主要修改情况汇报如下：
一、增加数字化城市管理的规定（草案二审稿第六条）。
二、明确户外广告设施设置规划的编制主体；允许区人民政府划定临时便民摊点和夜间经营区域。
三、完善生活垃圾分类的规定，明确投放责任主体，增加分类投放点设置和管理的规定。
四、将车容整洁的规定并入运输车辆条款；降低个人未分类投放生活垃圾的罚款下限，规定先劝导、责令改正。"""

SHIRONG_THIRD_REPORT = """常委会第四次会议对条例草案二审稿进行了审议。法制委员会根据常委会组成人员和各方面的意见进行了统一审议，\
常委会法制工作委员会开展了表决前评估。主要修改如下：
一、将施工现场出入口管理单列一条，规定车辆冲洗和不得带泥上路。
二、禁止行为中增加在非指定区域清洗车辆、餐具的规定。
三、增加随意倾倒建筑垃圾的法律责任；对首次违法且情节轻微并及时改正的，可以不予行政处罚。
四、完善市容环境卫生责任区责任书制度。
法制委员会认为，草案三审稿已经比较成熟，建议提请本次常委会会议审议。"""

MINGCHENG_EXPLANATION = """一、立法必要性
本市是省级历史文化名城，老城区保存有大量历史街巷和近现代建筑。近年来，部分历史建筑因缺乏维护而损毁，\
个别项目存在拆真建假的问题，保护责任不清、资金投入不足，亟需通过地方立法加以规范。
二、起草过程
城乡建设环境保护委员会会同市自然资源和规划局、市文化和旅游局、市住房和城乡建设局组成起草小组，开展了历史建筑普查和专题调研，\
召开座谈会十余次，形成草案。
三、主要内容
草案共六章三十三条，规定了保护名录制度、保护规划、保护措施、合理利用和法律责任。
四、立法权限
本条例属于立法法第八十一条规定的历史文化保护事项。"""

MINGCHENG_SECOND_REPORT = """本稿为法制工作委员会根据第七次会议分组审议意见和论证会意见整理的工作稿，待征求意见结束、听证会举行后进一步修改完善。
一、将工业遗产纳入保护对象。
二、预先保护期限由六个月缩短为三个月，并规定预先保护期间不得拆除、迁移。
三、明确区人民政府为保护责任人提供技术指导和修缮咨询服务；保护责任人不具备修缮能力的，可以采取置换、收购等措施。
四、增加历史地名保护的规定；将保护标志的规定移至保护措施一章。"""

DIANDONG_DRAFT = """XX市电动自行车管理条例（草案）

第一章 总则

第一条 为了加强电动自行车管理，维护道路交通秩序，预防火灾事故，保障人身和财产安全，根据有关法律、法规，结合本市实际，制定本条例。

第二条 本市行政区域内电动自行车的销售、登记、通行、停放、充电及其相关管理活动，适用本条例。

第三条 电动自行车管理坚持安全第一、综合治理、方便群众的原则。

第二章 销售和登记

第四条 在本市销售的电动自行车应当符合国家强制性标准，取得产品质量认证。
禁止销售、改装不符合国家标准的电动自行车和蓄电池。

第五条 电动自行车应当经公安机关交通管理部门登记，取得号牌后方可上道路行驶。

第三章 通行和停放充电

第六条 驾驶电动自行车应当佩戴安全头盔，在非机动车道内行驶，不得逆行、闯红灯。

第七条 新建住宅小区应当按照规定配建电动自行车集中停放场所和充电设施；已建成住宅小区应当逐步完善。

第八条 禁止在建筑物的公共门厅、疏散走道、楼梯间、安全出口停放电动自行车或者为电动自行车充电。

第四章 法律责任

第九条 违反本条例第八条规定的，由消防救援机构责令改正；拒不改正的，对个人处二百元以上五百元以下罚款。

第五章 附则

第十条 本条例自公布之日起施行。
"""
