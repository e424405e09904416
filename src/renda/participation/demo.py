"""Demo data of the public-opinion channel: ~40 opinions of XX市 in every state, through the services.

Topics follow the director's speech (水环境, 教育、医疗、就业、住房, 养老 …). Over the last four weeks complaints
about 黑臭水体 and 河道 rise sharply and 老年助餐 appears, so the hot-issues page has something to show; two
topic suggestions are recorded from it. Replies come from the demo accounts that can answer: 市水务局 (shuiwuju),
市教育局 (jiaoyuju), 城建环保委 (chengjianwei) and the demo deputy (daibiao); items routed to other bodies stay open.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from renda.deputies.models import Deputy, Station
from renda.participation import services
from renda.participation.models import Category

# (days before today, category, place, text, route, final state, reply)
# route: ("unit", name) | ("committee", body key) | ("deputy", None) | ("station", None) | None
OPINIONS = [
    (1, "生态环境", "南湖区青石街道", "青石河青石桥至南湖路段河水发黑发臭，夏天气味很大，附近居民不敢开窗，希望尽快治理黑臭水体。",
     None, "submitted", ""),
    (2, "生态环境", "滨江区江畔社区", "江畔社区旁的排水渠有生活污水直排，河道水面漂浮垃圾，黑臭水体问题反复出现。",
     None, "submitted", ""),
    (3, "养老", "东城区和平街道", "社区老年助餐点只在中午开放，行动不便的老人希望能送餐上门，并延长老年助餐服务时间。",
     None, "submitted", ""),
    (4, "教育", "高新区科创街道", "高新区新建小区入住人口多，小学学位紧张，孩子只能跨区上学，希望加快配套学校建设。",
     None, "submitted", ""),
    (9, "交通", "北山区北山街道", "北山路与林荫路交叉口早晚高峰拥堵严重，信号灯配时不合理，建议优化。", None, "submitted", ""),
    (12, "其他", "西城区", "建议对某公司的诉讼案件重新审理。", None, "rejected",
     "您反映的事项属于人民法院正在审理的具体案件，依法应通过诉讼程序解决，人大常委会不予受理。您可以向人民法院提出，或者依法委托律师代理。"),
    (30, "其他", "开发区", "推销净水器，联系我们享受优惠。", None, "rejected", "反映内容为商品推销，没有实际意见内容，不予受理。"),
    (2, "生态环境", "南湖区南湖街道", "南湖公园东侧河道清淤后不久又出现黑臭，希望查明污水来源，彻底治理黑臭水体。",
     ("unit", "市水务局"), "routed", ""),
    (5, "生态环境", "临河县城关镇", "城关镇污水处理厂管网没有覆盖到老街，老街的生活污水流入河道，河水发黑发臭。",
     ("unit", "市生态环境局"), "routed", ""),
    (6, "养老", "北山区北山街道", "北山街道养老服务中心床位少、排队长，建议增加社区嵌入式养老服务设施和老年助餐点。",
     ("committee", "shjs"), "routed", ""),
    (8, "医疗", "西城区西关街道", "社区卫生服务中心常用慢性病药品经常缺货，老人只能去大医院开药，希望保障社区用药。",
     ("unit", "市卫生健康委员会"), "routed", ""),
    (10, "就业", "开发区", "开发区企业招工难和青年找工作难并存，建议人社部门多组织供需对接和技能培训。",
     ("unit", "市人力资源和社会保障局"), "routed", ""),
    (3, "生态环境", "滨江区滨江街道", "滨江街道沿江排污口雨天溢流，河道出现大片黑臭水体，鱼类死亡，请相关部门排查。",
     ("unit", "市水务局"), "handling", ""),
    (7, "生态环境", "东城区和平街道", "和平河上游工地泥浆水排入河道，河水浑浊发黑，请依法查处并恢复河道生态。",
     ("committee", "cjhb"), "handling", ""),
    (11, "养老", "滨江区江畔社区", "江畔社区老年人多，希望在社区开设老年助餐食堂，解决独居老人吃饭难。",
     ("station", None), "handling", ""),
    (13, "教育", "南湖区南湖街道", "南湖小学放学时间早，双职工家庭接孩子困难，希望课后服务延长到六点并丰富内容。",
     ("unit", "市教育局"), "handling",
     "关于课后服务时间，我局已要求各校结合家长需求提供弹性离校服务，南湖小学自下月起课后服务延长至18:00。"),
    (16, "生态环境", "高新区科创街道", "科创街道的景观河道水体富营养化，藻类大量繁殖，河水发绿发臭，建议增加补水和生态治理。",
     ("unit", "市水务局"), "handling",
     "收到。我局已对该段河道取样检测，正在制定生态补水和清淤方案，预计下月实施。"),
    (19, "住房", "西城区西关街道", "西关街道老旧小区加装电梯审批流程长，邻里协商难，希望出台更便利的办法。",
     ("committee", "cjhb"), "handling",
     "城建环保委已将加装电梯问题列入老旧小区改造调研内容，并与住建部门沟通简化审批流程。"),
    (22, "安全", "北山区", "北山区部分小区电动自行车在楼道充电，消防隐患大，建议多建集中充电桩。",
     ("deputy", None), "handling", ""),
    (5, "生态环境", "南湖区青石街道", "青石街道菜市场旁的排水沟长期发黑发臭，蚊虫很多，希望纳入黑臭水体整治范围。",
     ("unit", "市水务局"), "replied",
     "经现场核查，该排水沟接入了菜市场的污水。我局已会同街道完成截污改造，并安排每周清掏，水质已明显改善。"),
    (8, "生态环境", "滨江区江畔社区", "江畔社区河道两岸垃圾多，河水有异味，希望加强河道保洁和黑臭水体治理。",
     ("unit", "市水务局"), "replied",
     "我局已将江畔社区段河道纳入河长制重点巡查，增加保洁频次，并对沿岸排口逐一排查整改。"),
    (14, "生态环境", "临河县城关镇", "城关镇小河道被填占，雨季排水不畅，河水发黑，希望恢复河道。",
     ("committee", "cjhb"), "replied",
     "城建环保委已将该问题转请市水务局和临河县政府核实，将在河道管理条例执法检查中一并督促整改。"),
    (18, "教育", "高新区科创街道", "科创街道幼儿园学位不足，普惠性幼儿园太少，希望增加公办幼儿园学位。",
     ("unit", "市教育局"), "replied",
     "我局已将高新区列入明年新建公办幼儿园计划，新增学位360个；同时扩大普惠性民办幼儿园认定范围。"),
    (25, "交通", "东城区和平街道", "和平街道老旧小区停车位严重不足，晚上车辆占用消防通道，希望增加停车位。",
     ("deputy", None), "replied",
     "我已就此问题走访小区和街道，并向市城市管理局提出代表建议，建议利用周边闲置地块建设临时停车场。"),
    (33, "养老", "西城区西关街道", "西关街道独居老人多，希望社区提供上门探访和紧急呼叫服务。",
     ("station", None), "replied",
     "代表联络站已组织代表走访西关街道，并将问题转交区民政部门，街道已为独居老人安装一键呼叫设备。"),
    (36, "交通", "南湖区南湖街道", "南湖街道公交站点离小区远，老人出行不便，建议增设公交线路或社区巴士。",
     ("committee", "cjhb"), "replied",
     "城建环保委已将该意见转交市交通运输局研究，南湖街道社区微循环公交线路已列入明年线网优化方案。"),
    (6, "生态环境", "南湖区南湖街道", "南湖河南段雨污混接，下雨后河道黑臭，希望彻底进行雨污分流改造。",
     ("unit", "市水务局"), "closed",
     "南湖河南段雨污分流改造已列入今年海绵城市建设项目，完成混接点改造12处，河道水质已达到地表水V类标准。"),
    (15, "生态环境", "滨江区滨江街道", "滨江街道沿河餐馆油污排入河道，河面有油膜，请加强监管。",
     ("unit", "市水务局"), "closed",
     "我局会同市场监管部门对沿河餐馆开展排水专项检查，责令8家餐馆安装隔油设施，并建立长效巡查机制。"),
    (24, "教育", "北山区北山街道", "北山中学周边交通混乱，上下学时段学生安全存在隐患，建议设置护学岗。",
     ("unit", "市教育局"), "closed",
     "我局已会同公安交警部门在北山中学设置护学岗，上下学高峰安排交警和志愿者疏导交通。"),
    (29, "住房", "东城区和平街道", "和平街道老旧小区改造后外墙脱落，影响安全，希望回访维修。",
     ("committee", "cjhb"), "closed",
     "城建环保委已督促住建部门组织施工单位回访维修，外墙脱落部位已全部修复，并对质量问题进行了通报。"),
    (31, "交通", "高新区科创街道", "科创大道夜间渣土车超速，噪音大且危险，请加强管理。",
     ("deputy", None), "closed",
     "我已将情况反映给市城市管理局和交警部门，已对科创大道渣土车实行限时限速管理并加装测速设备。"),
    (38, "教育", "南湖区南湖街道", "南湖小学学位紧张，外来务工人员子女入学难，希望公平安排学位。",
     ("unit", "市教育局"), "closed",
     "我局已按照“两为主”政策统筹安排外来务工人员随迁子女入学，南湖小学今年扩班2个，学位已全部落实。"),
    (40, "交通", "西城区西关街道", "西关街道小区停车难，夜间乱停车严重，建议建设立体停车场。",
     ("committee", "cjhb"), "closed",
     "城建环保委已将停车难问题列入明年监督工作计划调研内容，并推动西关街道利用边角地新增停车位120个。"),
    (43, "交通", "北山区北山街道", "北山街道老旧小区停车位严重不足，建议错时共享机关单位停车场。",
     ("unit", "市水务局"), "closed",
     "我局机关停车场已于夜间和节假日向周边居民错时开放，提供停车位50个。"),
    (45, "医疗", "滨江区滨江街道", "滨江街道距离医院远，希望增设社区卫生服务站。", ("committee", "cjhb"), "closed",
     "城建环保委已将该意见转交市卫生健康委员会研究，滨江街道社区卫生服务站已列入明年建设计划。"),
    (47, "教育", "高新区科创街道", "建议在高新区增加一所公办初中，缓解学位压力。", ("unit", "市教育局"), "closed",
     "高新区第二初级中学已开工建设，预计两年后投入使用，提供学位1200个。"),
    (50, "交通", "东城区和平街道", "和平街道停车收费不规范，希望统一收费标准。", ("deputy", None), "closed",
     "我已与区城市管理部门沟通，和平街道路内停车已统一纳入智慧停车平台，按统一标准收费。"),
    (52, "社会保障", "临河县城关镇", "城关镇灵活就业人员参加职工养老保险手续复杂，希望简化办理流程。",
     ("unit", "市人力资源和社会保障局"), "routed", ""),
    (54, "就业", "南湖区南湖街道", "建议为零就业家庭提供公益性岗位兜底安置。", ("unit", "市人力资源和社会保障局"), "routed", ""),
    (55, "生态环境", "西城区西关街道", "西关街道河道旁有垃圾堆放，影响环境。", ("unit", "市水务局"), "closed",
     "我局已组织清理河道旁堆放的垃圾，并设置了警示牌和监控设备。"),
]

TOPICS = [
    ("关于城区黑臭水体治理情况的监督议题建议", ["黑臭水体", "河道"], "生态环境",
     "近四周群众反映河道黑臭、排口溢流的意见明显增多，涉及南湖、滨江、临河等多个区县，建议听取和审议市人民政府关于水环境综合治理情况的专项工作报告，并结合《关于综合治理水环境的议案》督办。", 12, 2),
    ("关于社区老年助餐服务的监督议题建议", ["老年助餐", "养老"], "养老",
     "近四周群众集中反映社区老年助餐点少、服务时间短，建议开展居家社区养老服务专题调研。", 4, 0),
]


def load(ctx) -> None:
    city = ctx.city
    users = ctx.users
    office = users["bangongting"]
    congress = city.congress
    services.category_ensure_defaults(congress=congress, actor=office)
    # 养老 is a category the office added for the demo city: configurable per congress.
    if not Category.objects.filter(congress=congress, name="养老").exists():
        services.category_create(actor=office, name="养老", order=35)
    cats = {c.name: c for c in Category.objects.filter(congress=congress)}
    me = Deputy.objects.filter(congress=congress, person=users["daibiao"].person).first()
    station = (Station.objects.filter(congress=congress, deputies=me).order_by("id").first() if me else None)
    repliers = {("unit", "市水务局"): users["shuiwuju"], ("unit", "市教育局"): users["jiaoyuju"],
                ("committee", "cjhb"): users["chengjianwei"], ("deputy", None): users["daibiao"],
                ("station", None): users["daibiao"]}
    today = ctx.today
    tz = timezone.get_current_timezone()
    counts: dict[str, int] = {}
    for i, (days, cat, place, text, route, state, reply) in enumerate(OPINIONS):
        day = today - dt.timedelta(days=days)
        at = dt.datetime.combine(day, dt.time(8 + i % 12, (i * 7) % 60), tzinfo=tz)
        email = f"citizen{i:02d}@example.cn" if i % 3 == 0 else ""
        op, _ = services.opinion_submit(
            congress=congress, category=cats[cat], place=place, text=text,
            name=f"{'张王李赵刘陈杨黄'[i % 8]}先生" if i % 2 else "", phone=f"1390999{i:04d}" if i % 2 else "",
            email=email, submitted_at=at, notify=False, submission_id=f"demo-{congress.code}-{i}")
        if state == "rejected":
            services.opinion_reject(actor=office, opinion=op, reason=reply)
            counts[state] = counts.get(state, 0) + 1
            continue
        if route is None or (route[0] in ("deputy", "station") and (me is None or (route[0] == "station"
                                                                                  and station is None))):
            counts["submitted"] = counts.get("submitted", 0) + 1
            continue
        kind, key = route
        if kind == "unit":
            target = city.units[key]
        elif kind == "committee":
            target = city.bodies[key]
        elif kind == "deputy":
            target = me
        else:
            target = station
        routed_day = day + dt.timedelta(days=1)
        op = services.opinion_route(actor=office, opinion=op, kind=kind, target_id=target.pk, today=routed_day,
                                    share_contact=(kind == "deputy"),
                                    instructions="请核实情况，按期答复反映人。" if kind == "unit" else "请研究处理。")
        replier = repliers.get(route)
        if state == "routed" or replier is None:
            counts["routed"] = counts.get("routed", 0) + 1
            continue
        op = services.opinion_accept(actor=replier, opinion=op)
        if reply:
            op = services.opinion_reply(actor=replier, opinion=op, text=reply)
        if state == "handling":
            if i % 4 == 3 and reply:  # one reply sent back for more detail
                op = services.opinion_return_reply(actor=office, opinion=op, note="请补充具体整改时限和责任单位。")
            counts["handling"] = counts.get("handling", 0) + 1
            continue
        op = services.opinion_publish(actor=office, opinion=op)
        if state == "closed":
            op = services.opinion_close(actor=office, opinion=op)
        counts[state] = counts.get(state, 0) + 1
    for title, keywords, cat, rationale, recent, previous in TOPICS:
        services.topic_suggest(actor=office, title=title, keywords=keywords, category=cats.get(cat),
                               rationale=rationale, recent=recent, previous=previous, weeks=4)
    ctx.say("已载入社情民意 {} 件（{}），监督议题建议 {} 条".format(
        len(OPINIONS), "、".join(f"{k} {v}" for k, v in sorted(counts.items())), len(TOPICS)))
