"""The demo city's motions and suggestions: the speech's motion under 重点督办 (with its progress reports),
~100 suggestions in every state, assigned to the demo units (市水务局, 市教育局, 市中级人民法院 and others), two
merged pairs (并案: one handled and rated by both deputies, one still awaiting 交办) and commitments in the
ledger in every state (open, overdue, done, carried to the next year)."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from renda.core.models import CongressSession
from renda.demo.builders import make_user
from renda.demo.clock import D, Y, moved
from renda.proposals import services
from renda.proposals.models import Assignment, Category, Role

# (lead unit, assisting unit or None, category, title, content)
TOPICS = [
    ("市水务局", "市生态环境局", Category.WATER, "关于加快城区雨污分流改造的建议",
     "城区部分老旧片区仍为雨污合流，汛期污水溢流入河。建议制定雨污分流三年计划，统筹资金，优先改造沿河片区。"),
    ("市水务局", None, Category.WATER, "关于提升农村供水保障水平的建议",
     "部分山区村庄供水不稳定，旱季需拉水。建议推进城乡供水一体化，加快农村供水管网延伸和水质检测全覆盖。"),
    ("市水务局", "市城市管理局", Category.WATER, "关于解决城区易涝点积水问题的建议",
     "每逢暴雨，部分下穿隧道和低洼路段积水严重。建议对易涝点逐一建档，实施排水管网提标改造，完善应急排涝预案。"),
    ("市水务局", "市农业农村局", Category.WATER, "关于加强小型水库除险加固的建议",
     "我市部分小型水库建成年代久，存在安全隐患。建议加快除险加固进度，落实管护人员和经费，完善雨水情监测设施。"),
    ("市教育局", None, Category.EDUCATION, "关于增加城区中小学学位供给的建议",
     "新建住宅小区集中入住，周边学校学位紧张，大班额问题突出。建议按规划同步建设配套学校，挖潜扩容现有校舍。"),
    ("市教育局", "市财政局", Category.EDUCATION, "关于完善中小学课后服务的建议",
     "课后服务内容单一、教师负担较重。建议引入优质社会资源，完善经费保障和教师补助机制，丰富课后服务内容。"),
    ("市教育局", "市卫生健康委员会", Category.EDUCATION, "关于加强中小学生心理健康教育的建议",
     "学生心理问题呈上升趋势，专职心理教师不足。建议配齐专职心理健康教师，建立家校医协同干预机制。"),
    ("市教育局", None, Category.EDUCATION, "关于推进职业教育产教融合的建议",
     "职业院校专业设置与产业需求衔接不够。建议建立校企合作激励机制，共建实训基地，推行订单式培养。"),
    ("市中级人民法院", None, Category.LAW, "关于加强诉源治理化解矛盾纠纷的建议",
     "基层矛盾纠纷数量大，诉讼案件持续增长。建议完善诉调对接机制，推动人民调解、行业调解与司法确认有效衔接。"),
    ("市中级人民法院", "市司法局", Category.LAW, "关于优化涉企案件执行工作的建议",
     "部分涉企案件执行周期长，影响企业资金周转。建议完善执行联动机制，推行善意文明执行，缩短执行周期。"),
    ("市交通运输局", "市公安局", Category.TRANSPORT, "关于优化中心城区公交线网的建议",
     "部分公交线路重复率高、换乘不便，新建片区覆盖不足。建议开展公交线网优化，增开社区微循环线路。"),
    ("市卫生健康委员会", "市医疗保障局", Category.HEALTH, "关于推进紧密型医联体建设的建议",
     "基层医疗机构服务能力不足，群众看病仍涌向大医院。建议推进医联体内人员、技术下沉，完善分级诊疗。"),
    ("市民政局", "市卫生健康委员会", Category.SOCIAL, "关于发展社区嵌入式养老服务的建议",
     "老龄化加快，社区养老服务设施不足。建议利用闲置资源建设社区养老服务站，推进医养结合。"),
    ("市住房和城乡建设局", None, Category.URBAN, "关于加快老旧小区加装电梯的建议",
     "老旧小区老年住户上下楼困难，加装电梯协调难、资金难。建议简化审批流程，完善补贴政策，推广整栋加装模式。"),
    ("市生态环境局", "市水务局", Category.ENVIRONMENT, "关于加强入河排污口整治的建议",
     "部分河段入河排污口底数不清、监管不到位。建议开展排查溯源，分类整治，建立长效监管机制。"),
    ("市农业农村局", None, Category.AGRICULTURE, "关于支持农产品冷链物流建设的建议",
     "农产品产后损耗大，冷链设施不足。建议支持产地冷藏保鲜设施建设，完善冷链物流网络。"),
    ("市文化和旅游局", None, Category.CULTURE, "关于加强历史文化街区保护利用的建议",
     "部分历史建筑年久失修，街区活化利用不足。建议编制保护利用规划，引入文旅业态，加强修缮资金保障。"),
    ("市市场监督管理局", None, Category.ECONOMY, "关于加强校园周边食品安全监管的建议",
     "校园周边小餐饮、小摊贩食品安全隐患较多。建议加大巡查频次，推行明厨亮灶，建立长效监管机制。"),
    ("市人力资源和社会保障局", None, Category.SOCIAL, "关于加强新就业形态劳动者权益保障的建议",
     "外卖骑手、网约车司机等劳动者社保参保率低。建议推进职业伤害保障试点，完善权益保障机制。"),
    ("市城市管理局", None, Category.GOVERNANCE, "关于规范共享单车停放管理的建议",
     "共享单车乱停乱放现象突出，影响市容和通行。建议划设停放区，落实企业主体责任，运用电子围栏管理。"),
]

# The state each of the ~100 items is left in (cycled), so every state is shown.
PLAN = ["closed", "closed", "replied", "assigned", "closed", "overdue", "disputed", "rehandling", "closed",
        "return_requested", "submitted", "closed", "withdrawn", "dismissed", "draft", "replied", "assigned",
        "closed", "extended", "closed"]


def _units(city):
    return {name: u for name, u in city.units.items() if u.is_handling_unit}


def load(ctx) -> None:
    city = ctx.city
    clerk = ctx.users["bangongting"]
    units = _units(city)
    deputies = [d for d in city.deputies if d.delegation_id]
    session = CongressSession.objects.filter(congress=city.congress).order_by("number").first()
    unit_user = {u.organization_id: u for u in ctx.users.values() if u.role == "unit"}

    def unit_actor(unit):
        if unit.pk in unit_user:
            return unit_user[unit.pk]
        user = make_user(f"unit-{unit.pk}", "renda-demo-2026", congress=city.congress, role="unit",
                         display_name=f"{unit.name} 联络员", organization=unit)
        unit_user[unit.pk] = user
        return user

    # The speech's motion: not placed on the agenda by the presidium, handled as a suggestion under 重点督办.
    motion = services.proposal_submit(
        actor=clerk, kind="motion", title="关于综合治理水环境的议案", category=Category.WATER, channel="session",
        session=session, received_on=D(2026, 1, 20), lead_deputy=deputies[0], cosigners=deputies[1:14],
        content="我市主要河道水质不稳定，黑臭水体反弹，城区污水收集率偏低，水环境综合治理任务艰巨。",
        grounds="《中华人民共和国水污染防治法》《中华人民共和国长江保护法》及市委关于生态文明建设的部署；"
                f"{Y(2025)}年市控断面水质达标率未达目标。",
        solution="一、实施雨污分流和污水管网补短板工程；二、推行河湖长制考核；三、建立水环境治理专项资金；"
                 "四、开展入河排污口排查整治。",
    )
    services.proposal_transition(actor=clerk, proposal=motion, action="convert",
                                 note="大会主席团决定不列入本次会议议程，作为代表建议处理", today=D(2026, 1, 24))
    services.proposal_assign(actor=clerk, proposal=motion, today=D(2026, 1, 27), units=[
        (units["市水务局"], Role.LEAD, ""), (units["市生态环境局"], Role.ASSIST, "")])
    vice = ctx.users["fuzhuren"].person
    services.supervise(actor=clerk, proposal=motion, supervisor=vice, body=city.bodies["cjhb"],
                       note=f"{Y(2026)}年第2次主任会议确定为重点督办件", today=D(2026, 2, 6))
    assist = Assignment.objects.get(proposal=motion, role=Role.ASSIST)
    services.opinion_submit(actor=unit_actor(assist.unit), assignment=assist, today=D(2026, 2, 20),
                            text="将入河排污口排查整治纳入年度执法计划，配合主办单位推进。")
    services.extension_approve(actor=clerk, proposal=motion, note="涉及面广，同意延期答复")
    lead = Assignment.objects.get(proposal=motion, role=Role.LEAD)
    water_user = unit_actor(lead.unit)
    for day, text in moved(PROGRESS):
        services.progress_report_file(actor=water_user, proposal=motion, reported_on=day, today=day, text=text)
    committee_user = ctx.users.get("chengjianwei")
    if committee_user is not None:
        services.progress_report_file(
            actor=committee_user, proposal=motion, reported_on=D(2026, 6, 12), today=D(2026, 6, 12),
            text="城建环保委组织部分领衔和联名代表视察雨污分流改造工地和两处入河排污口整治现场，"
                 "督促市水务局加快进度，并向主任会议报告督办情况。",
            attachment=_pdf("城建环保委督办情况.pdf"))
    services.reply_submit(
        actor=unit_actor(lead.unit), assignment=lead, today=D(2026, 6, 30), result_class="B",
        communication="in_person", signer="市水务局局长",
        text=f"已制定水环境综合治理三年行动方案，{Y(2026)}年完成雨污分流改造 35 公里，其余列入计划分年实施。",
        commitments=[services.CommitmentIn(f"{Y(2027)}年底前完成中心城区雨污分流改造", D(2027, 12, 31)),
                     services.CommitmentIn(f"{Y(2026)}年底前完成入河排污口排查", D(2026, 12, 31))])

    count = 0
    b_replies = []
    for i in range(100):
        lead_name, assist_name, category, title, content = TOPICS[i % len(TOPICS)]
        state = PLAN[i % len(PLAN)]
        round_ = i // len(TOPICS)
        if round_:
            title = title.replace("的建议", f"的建议（{['', '二', '三', '四', '五'][round_]}）")
        dep = deputies[(i * 7) % len(deputies)]
        recess = state in ("submitted", "draft") or i % 5 == 4
        received = D(2026, 11, 20) if state in ("submitted", "draft") else (
            D(2026, 7, 1) if state == "overdue" else (D(2026, 6, 15) if recess else D(2026, 1, 20)))
        cos = [deputies[(i * 7 + k) % len(deputies)] for k in (1, 2)]
        if state == "dismissed":
            content = "请帮助解决本人亲属的工作调动问题。"
        actor = clerk
        if state == "draft":
            actor = ctx.users["daibiao"]
        p = services.proposal_submit(
            actor=actor, title=title, content=content, category=category, lead_deputy=dep if actor is clerk else None,
            cosigners=cos, received_on=received, channel="recess" if recess else "session",
            session=None if recess else session, confidential=(i % 23 == 0),
        )
        count += 1
        if state in ("draft", "submitted"):
            continue
        if state == "dismissed":
            services.proposal_transition(actor=clerk, proposal=p, action="dismiss",
                                         note="属于代表本人及其亲属个人问题，转有关部门按信访程序处理")
            continue
        if state == "withdrawn":
            services.proposal_transition(actor=clerk, proposal=p, action="withdraw", note="领衔代表书面申请撤回")
            continue
        on = services.assign_deadline(city.congress, received)
        plan = [(units[lead_name], Role.LEAD, "")]
        if assist_name and assist_name in units:
            plan.append((units[assist_name], Role.ASSIST, ""))
        services.proposal_assign(actor=clerk, proposal=p, units=plan, today=on)
        lead = Assignment.objects.get(proposal=p, role=Role.LEAD)
        if state == "return_requested":
            services.return_request(actor=unit_actor(lead.unit), assignment=lead, today=on + dt.timedelta(days=1),
                                    reason="该事项主要涉及其他部门职责，申请退回重新交办")
            continue
        asg = Assignment.objects.filter(proposal=p, role=Role.ASSIST).first()
        if asg is not None:
            services.opinion_submit(actor=unit_actor(asg.unit), assignment=asg, today=on + dt.timedelta(days=20),
                                    text="已提出协办意见，配合主办单位办理。")
        if state in ("assigned", "overdue"):
            continue
        if state == "extended":
            services.extension_approve(actor=clerk, proposal=p, note="涉及多部门，同意延期")
            continue
        reply_on = on + dt.timedelta(days=60 + (i % 3) * 20)  # the third is late now and then
        cls = "ABC"[i % 3] if i % 4 else "A"
        promise = [services.CommitmentIn(f"{title.replace('关于', '').replace('的建议', '')}年内完成阶段性工作",
                                         reply_on + dt.timedelta(days=75))] if cls == "B" else []
        reply = services.reply_submit(
            actor=unit_actor(lead.unit), assignment=lead, today=reply_on, result_class=cls,
            communication=["in_person", "phone", "letter"][i % 3], signer="分管负责人", commitments=promise,
            text=f"经认真研究，{title.replace('关于', '').replace('的建议', '')}有关工作已作出安排。")
        if promise:
            b_replies.append((reply, unit_actor(lead.unit)))
        if state == "replied":
            continue
        verdict = "unsatisfied" if state in ("disputed", "rehandling") else ("satisfied" if i % 3 else "basic")
        services.proposal_rate(actor=clerk, proposal=p, verdict=verdict, today=reply_on + dt.timedelta(days=10),
                               comment="办理措施不够具体" if verdict == "unsatisfied" else "")
        if state == "rehandling":
            services.proposal_rehandle(actor=clerk, proposal=p, today=reply_on + dt.timedelta(days=12))
    # The ledger in every state: the motion's 2026 commitment done, one carried into 2027, the rest open
    # (those due before today show as overdue; the motion's 2027 one is still ahead).
    done = motion.replies.get().commitments.get(due_date=D(2026, 12, 31))
    services.commitment_done(actor=water_user, commitment=done, done_on=D(2026, 10, 20), today=D(2026, 10, 20),
                             note="全市 126 个入河排污口已完成排查、监测和溯源，建立一口一档。")
    carried = 0
    for reply, actor in b_replies:
        c = reply.commitments.first()
        if c is not None and c.due_date.year == Y(2026) and carried < 2:
            services.commitment_carry(actor=actor, commitment=c, due_date=D(2027, 6, 30), today=c.due_date,
                                      note=f"受资金和施工季节影响未能年内完成，已列入{Y(2027)}年计划，上半年完成。")
            carried += 1
    merged = _merged_pairs(ctx, clerk, units, deputies, unit_actor)
    ctx.say(f"议案建议：1 件议案（重点督办，{len(PROGRESS) + 1} 次进展报告）、{count + merged} 件代表建议"
            f"（{merged // 2} 组并案），覆盖各办理状态；承诺事项台账含推进中、逾期、已完成和结转下年")


PROGRESS = [
    (D(2026, 3, 10), "已成立由局主要负责人任组长的办理工作专班，完成中心城区雨污合流片区排查，形成问题清单 48 项。"),
    (D(2026, 4, 15), "水环境综合治理三年行动方案已报市政府审议；首批 12 公里雨污分流改造工程完成招标。"),
    (D(2026, 5, 20), "雨污分流改造累计开工 21 公里，完成 9 公里；会同市生态环境局完成 60 个入河排污口溯源。"),
]


def _pdf(name: str):
    body = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n")
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def _merged_pairs(ctx, clerk, units, deputies, unit_actor) -> int:
    """Two 并案 pairs: one merged before 交办, handled, replied and rated by both lead deputies (closed); one
    merged and still awaiting 交办 (so it can be un-merged)."""
    first, second = deputies[20 % len(deputies)], deputies[33 % len(deputies)]
    main = services.proposal_submit(
        actor=clerk, title="关于系统治理城区黑臭水体的建议", category=Category.WATER, lead_deputy=first,
        received_on=D(2026, 3, 2), cosigners=[deputies[21 % len(deputies)]],
        content="城区部分河段黑臭现象反弹，主要原因是沿河截污不彻底、管网破损和底泥污染。建议系统开展截污纳管、"
                "清淤疏浚和生态补水，建立河长制考核和长效管护机制。")
    dup = services.proposal_submit(
        actor=clerk, title="关于加快整治城区黑臭河道的建议", category=Category.WATER, lead_deputy=second,
        received_on=D(2026, 3, 3),
        content="城区黑臭河道夏季异味明显，群众反映强烈。建议加快截污纳管和河道清淤，实施生态补水，"
                "落实河长巡河和长效管护责任。")
    services.proposal_merge(actor=clerk, proposal=dup, main=main, today=D(2026, 3, 4),
                            note="两件建议内容相近，并案交市水务局办理")
    services.proposal_assign(actor=clerk, proposal=main, today=D(2026, 3, 5), units=[
        (units["市水务局"], Role.LEAD, ""), (units["市生态环境局"], Role.ASSIST, "")])
    assist = Assignment.objects.get(proposal=main, role=Role.ASSIST)
    services.opinion_submit(actor=unit_actor(assist.unit), assignment=assist, today=D(2026, 3, 30),
                            text="将沿河排污口整治纳入执法检查重点，配合开展水质监测。")
    lead = Assignment.objects.get(proposal=main, role=Role.LEAD)
    services.reply_submit(
        actor=unit_actor(lead.unit), assignment=lead, today=D(2026, 5, 28), result_class="A",
        communication="in_person", signer="市水务局局长",
        text="两件建议一并办理、分别答复两位领衔代表：已完成 6 条黑臭河段截污纳管和清淤，实施生态补水，"
             "水质已消除黑臭，并建立河长巡河和第三方养护机制。")
    services.proposal_rate(actor=clerk, proposal=main, verdict="satisfied", today=D(2026, 6, 8))
    services.proposal_rate(actor=clerk, proposal=dup, verdict="basic", today=D(2026, 6, 9),
                           comment="希望持续做好长效管护")
    # A pair still awaiting 交办: the office may still undo the merge.
    waiting = services.proposal_submit(
        actor=clerk, title="关于规范电动自行车停放充电管理的建议", category=Category.GOVERNANCE,
        lead_deputy=deputies[40 % len(deputies)], received_on=D(2026, 11, 20),
        content="老旧小区电动自行车飞线充电、楼道停放问题突出，存在火灾隐患。建议加快建设集中充电设施，"
                "规范停放管理，加强消防安全宣传。")
    again = services.proposal_submit(
        actor=clerk, title="关于加快小区电动自行车集中充电设施建设的建议", category=Category.GOVERNANCE,
        lead_deputy=deputies[47 % len(deputies)], received_on=D(2026, 11, 21),
        content="电动自行车进楼入户充电屡禁不止，建议将集中充电设施纳入老旧小区改造内容，给予建设补贴，"
                "并明确物业管理责任。")
    services.proposal_merge(actor=clerk, proposal=again, main=waiting, today=D(2026, 11, 23),
                            note="内容相近，拟并案办理")
    return 4
