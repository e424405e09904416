"""The demo city's portal, written through the services (so its audit trail is the real one).

- a dozen news articles on the topics of the director's speech (/work/shared/seed/speech.txt: 依法履职、
  密切联系群众、立法、监督、代表工作、自身建设、对外交流), eleven published and one draft;
- a regulation already in force, 《XX市文明行为促进条例》, taken through the whole procedure by the legislation
  services (three readings, public comment, 表决, 省人大常委会批准, 公告公布, 备案), so the portal's published
  regulations, their versions and the comparison between them have something real to show.

The draft open for comment (《XX市历史文化名城保护条例（草案）》, 2026-11-03 to 2026-12-03, with its 第五条) comes
from the legislation demo.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from renda.demo.clock import D, Y, moved
from renda.legislation import services as leg
from renda.legislation import texts
from renda.legislation.models import CommentSource, ConsultationKind, ProposerKind, Stage
from renda.legislation.workflow import REFERENCE_TODAY
from renda.portal import services
from renda.portal.models import NewsCategory


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 30)))


NEWS = [
    (NewsCategory.STANDING_COMMITTEE, D(2026, 2, 10), "市人大常委会召开党组（扩大）会议研究部署全年工作",
     "办公厅",
     "2月上旬，市人大常委会召开党组（扩大）会议，各位副主任结合分管工作就全年工作安排作了发言，会议研究了常委会工作要点。\n"
     "会议强调，围绕中心、服务大局是人大工作的永恒主题。今年常委会将安排两部地方性法规草案的审议，听取和审议专项工作报告"
     "突出经济运行监督和财政预算监督，开展海绵城市建设、司法体制改革、基本公共文化服务均等化等三十多项专题调研。\n"
     "会议要求，各专门委员会和工作委员会要加强与“一府两院”的沟通协调，进一步修改完善工作要点，使全年工作安排更加紧扣全市"
     "发展大局、更加切合市情民意。"),
    (NewsCategory.NOTICE, D(2026, 2, 12), "XX市人大常委会2026年工作要点印发",
     "办公厅",
     "经常委会党组（扩大）会议研究、主任会议通过，《XX市人大常委会2026年工作要点》已印发（X人常发〔2026〕3号）。\n"
     "工作要点分立法、监督、决定任免、代表工作、自身建设等部分，共安排工作项目一百余项，明确了每项工作的牵头分管副主任、"
     "责任委员会和计划时间。"),
    (NewsCategory.LEGISLATION, D(2026, 3, 6), "市人大常委会公布2026年度立法计划",
     "法制工作委员会",
     "市人大常委会2026年度立法计划经主任会议通过，现向社会公布。\n"
     "计划安排正式项目两件：XX市城市市容和环境卫生管理条例、XX市历史文化名城保护条例；预备项目两件，调研项目三件。\n"
     "欢迎社会各界通过门户网站、基层立法联系点等渠道对立法工作提出意见和建议。"),
    (NewsCategory.LEGISLATION, D(2026, 3, 3), "《XX市文明行为促进条例（草案）》公开征求意见",
     "法制工作委员会",
     "《XX市文明行为促进条例（草案）》已经市第十二届人大常委会第二次会议初次审议，现全文公布，向社会公开征求意见，"
     "征求意见截止日期为2026年4月3日。\n"
     "社会各界可以登录本网站“征求意见”栏目，针对草案的具体条款或者草案整体提出意见，也可以通过所在地的基层立法联系点反映。"),
    (NewsCategory.SUPERVISION, D(2026, 6, 30), "常委会听取和审议市人民政府关于上半年国民经济和社会发展计划执行情况的报告",
     "财政经济委员会",
     "市第十二届人大常委会第四次会议听取和审议了市人民政府关于上半年国民经济和社会发展计划执行情况的报告。\n"
     "组成人员认为，上半年全市经济运行总体平稳，重大项目建设有序推进；建议进一步加大对实体经济的支持力度，"
     "加快现代化基础设施建设，切实做好稳就业、保民生工作。审议意见将交市人民政府研究处理。"),
    (NewsCategory.SUPERVISION, D(2026, 7, 20), "市人大常委会开展海绵城市建设专题调研",
     "城乡建设环境保护委员会",
     "7月中旬，市人大常委会副主任带领调研组，深入老城区、南湖新区实地察看雨水花园、透水铺装和排水防涝设施建设情况，"
     "并召开座谈会听取市住房和城乡建设局、市水务局的情况汇报。\n"
     "调研组指出，海绵城市建设要坚持规划引领、系统治理，加强建成项目的运行维护，让群众切实感受到城市内涝治理的成效。"),
    (NewsCategory.DEPUTIES, D(2026, 8, 15), "代表风采：扎根社区的“老街坊代表”",
     "代表工作委员会",
     "市人大代表、老城街道社区党委书记孙立，十多年来坚持每月在社区代表联络站接待选民，记下了厚厚的几本民情日记。\n"
     "今年以来，他围绕老旧小区加装电梯、背街小巷环境整治提出建议三件，均已得到承办单位的答复和落实。\n"
     "“代表就是要把群众的事当成自己的事。”孙立说。"),
    (NewsCategory.NOTICE, D(2026, 8, 10), "《XX市文明行为促进条例》公布，自2026年10月1日起施行",
     "办公厅",
     "《XX市文明行为促进条例》已由市第十二届人大常委会第五次会议通过，经XX省人大常委会批准，现予公布，"
     "自2026年10月1日起施行。\n条例全文和历次公开的文本可在本网站“法规”栏目查阅。"),
    (NewsCategory.STANDING_COMMITTEE, D(2026, 9, 18), "常委会机关举办依法履职专题培训班",
     "研究室",
     "为提高常委会组成人员和机关工作人员的履职能力，市人大常委会举办依法履职专题培训班，邀请专家解读立法法、监督法和"
     "地方组织法的新规定。\n培训强调，严格依法、按程序办事是人大及其常委会工作的生命线，要确保每项工作都于法有据。"),
    (NewsCategory.DEPUTIES, D(2026, 10, 16), "全市代表联络站开展“接待选民日”集中活动",
     "代表工作委员会",
     "10月15日，全市各代表联络站同步开展“接待选民日”活动，三百余名市、区人大代表进站接待群众，"
     "收集到教育、医疗、住房、交通等方面的意见建议一百余条。\n"
     "代表工作委员会将对收集的意见进行梳理，按程序转交有关部门办理，并跟踪办理结果。"),
    (NewsCategory.LEGISLATION, D(2026, 11, 3), "《XX市历史文化名城保护条例（草案）》公开征求意见",
     "法制工作委员会",
     "《XX市历史文化名城保护条例（草案）》已经市第十二届人大常委会第七次会议初次审议，现向社会公开征求意见，"
     "截止日期为2026年12月3日。\n"
     "市民可以在本网站“征求意见”栏目逐条阅读草案，点选具体条款提出意见，也可以对草案整体发表看法。"
     "您的姓名和联系方式可以不填；填写的联系方式加密保存，仅供工作人员就意见与您联系。"),
]

DRAFT_NEWS = (NewsCategory.STANDING_COMMITTEE, "市人大常委会赴友好城市考察交流（待审核）", "外事办公室",
              "市人大常委会代表团应邀赴友好城市考察交流，就地方立法和城市治理等议题进行了座谈。（本稿待办公厅审核后发布）")


def load(ctx) -> None:
    office = ctx.users["bangongting"]
    for category, day, title, source, body in moved(NEWS):
        article = services.news_create(actor=office, title=title, category=category, body=body, source=source)
        services.news_transition(actor=office, article=article, action="publish", published_at=_at(day))
    category, title, source, body = moved(DRAFT_NEWS)
    services.news_create(actor=office, title=title, category=category, body=body, source=source)
    bill = _enacted_regulation(ctx)
    ctx.say(f"已载入门户网站：新闻 {len(NEWS) + 1} 篇（已发布 {len(NEWS)} 篇），已公布的法规《{bill.title}》")


# ---- 《XX市文明行为促进条例》: the whole procedure ----------------------------------------------------------------------
WENMING_TITLE = "XX市文明行为促进条例"

WENMING_DRAFT = """XX市文明行为促进条例（草案）

第一章 总则

第一条 为了培育和践行社会主义核心价值观，引导和促进文明行为，提高社会文明程度，根据有关法律、法规，结合本市实际，制定本条例。

第二条 本市行政区域内文明行为的规范、促进和保障等工作，适用本条例。
本条例所称文明行为，是指遵守宪法和法律、法规，符合社会主义道德要求，体现社会主义核心价值观，维护公序良俗、引领社会风尚、推动社会文明进步的行为。

第三条 文明行为促进工作坚持党的领导，坚持政府主导、社会协同、公众参与、奖惩结合的原则。

第四条 市、区人民政府应当将文明行为促进工作纳入国民经济和社会发展规划，所需经费列入本级财政预算。

第二章 文明行为规范

第五条 公民应当自觉遵守下列公共场所文明行为规范：
（一）衣着得体，言行举止文明；
（二）在公共场所排队有序，不拥挤、不插队；
（三）在公共场所不大声喧哗，使用电子设备不干扰他人；
（四）爱护公共设施，不乱涂乱画、乱贴乱挂。

第六条 公民应当自觉遵守下列公共交通文明行为规范：
（一）机动车礼让行人，不随意变道、加塞；
（二）行人和非机动车通行遵守交通信号；
（三）乘坐公共交通工具时主动为老、幼、病、残、孕及怀抱婴儿者让座。

第七条 公民应当自觉遵守下列社区文明行为规范：
（一）邻里之间互相尊重、和睦相处；
（二）不在楼道、疏散通道等公共区域堆放物品；
（三）饲养宠物的，应当依法办理登记，出户时束犬链，及时清理宠物粪便。

第八条 公民应当自觉遵守网络文明行为规范，不编造、传播虚假信息，不侮辱、诽谤他人。

第三章 鼓励与支持

第九条 鼓励公民参与志愿服务、慈善捐赠和见义勇为。

第十条 鼓励具备急救技能的公民对需要急救的人员实施紧急现场救护。
在公共场所配置自动体外除颤器等急救设备的，有关部门应当给予支持。

第十一条 对在文明行为促进工作中作出显著成绩的单位和个人，按照国家和本市有关规定给予表彰、奖励。

第四章 法律责任

第十二条 违反本条例规定的行为，法律、法规已有法律责任规定的，从其规定。

第十三条 违反本条例第七条第（三）项规定，出户未束犬链或者未及时清理宠物粪便的，由城市管理部门责令改正；拒不改正的，处五十元以上二百元以下罚款。

第五章 附则

第十四条 本条例自公布之日起施行。
"""


def _wenming_texts() -> dict[str, str]:
    second = (WENMING_DRAFT.replace("（草案）", "（草案二审稿）")
              .replace("（三）在公共场所不大声喧哗，使用电子设备不干扰他人；",
                       "（三）在公共场所不大声喧哗，使用电子设备不干扰他人；\n（四）在公园、广场等场所开展健身、娱乐等活动，合理控制音量和时段；")
              .replace("（四）爱护公共设施，不乱涂乱画、乱贴乱挂。", "（五）爱护公共设施，不乱涂乱画、乱贴乱挂。")
              .replace("第九条 鼓励公民参与志愿服务、慈善捐赠和见义勇为。",
                       "第九条 鼓励公民参与志愿服务、慈善捐赠和见义勇为。\n对见义勇为人员，依法给予保护和奖励。"))
    third = (second.replace("（草案二审稿）", "（草案三审稿）")
             .replace("处五十元以上二百元以下罚款", "处二十元以上二百元以下罚款"))
    final = (third.replace("（草案三审稿）", "（草案表决稿）")
             .replace("第十四条 本条例自公布之日起施行。", f"第十四条 本条例自{Y(2026)}年10月1日起施行。"))
    return {"second": second, "third": third, "final": final}


def _enacted_regulation(ctx):
    token = REFERENCE_TODAY.set(ctx.today)
    try:
        city = ctx.city
        office = ctx.users["bangongting"]
        leader = ctx.users["zhuren"]
        fgw = ctx.users.get("fagongwei") or office
        later = _wenming_texts()
        bill = leg.bill_create(
            actor=office, title=WENMING_TITLE, proposer_kind=ProposerKind.GOVERNMENT, proposer_org=city.organs["gov"],
            submitted_on=D(2026, 1, 20), subject_area="基层治理", lead_committee=city.bodies["cjhb"],
            draft_text=WENMING_DRAFT, explanation_title=f"关于《{WENMING_TITLE}（草案）》的说明",
            explanation="为培育和践行社会主义核心价值观、巩固全国文明城市创建成果，市人民政府提出本草案。草案共五章十四条，"
                        "规定了公共场所、公共交通、社区和网络文明行为规范，鼓励与支持措施以及法律责任。")
        leg.bill_transition(actor=leader, bill=bill, action="place_on_agenda", note="第三次主任会议决定提请常委会会议审议",
                            on=D(2026, 2, 6))
        leg.bill_record_reading(actor=office, bill=bill, held_on=D(2026, 2, 26), meeting="市第十二届人大常委会第二次会议",
                                summary="组成人员赞成制定本条例，建议增加广场舞噪声、见义勇为保护等内容。")
        period = leg.period_open(actor=office, bill=bill, opens_on=D(2026, 3, 3), closes_on=D(2026, 4, 3),
                                 channels="XX人大网、XX日报、基层立法联系点")
        draft = bill.versions.get(stage=Stage.DRAFT)
        articles = [a.eid for a in texts.statute_of(draft).articles()]
        for day, art, text in [
            (D(2026, 3, 5), 4, "建议对公园、广场健身活动的音量和时段作出规定，减少对周边居民的影响。"),
            (D(2026, 3, 9), 4, "广场舞扰民问题突出，希望条例明确管理要求。"),
            (D(2026, 3, 12), 8, "建议对见义勇为人员的权益保护作出规定，消除后顾之忧。"),
            (D(2026, 3, 20), 12, "不束犬链罚款下限可以适当降低，以教育为主。"),
            (D(2026, 3, 28), None, "条例总体可行，建议加强宣传，让市民知晓文明行为规范。"),
        ]:
            leg.comment_add(actor=office, bill=bill, version=draft, text=text, source=CommentSource.PUBLIC,
                            eid=articles[art] if art is not None else "", submitted_at=_at(day, 15))
        leg.period_transition(actor=office, period=period, action="close", on=D(2026, 4, 3),
                              feedback="共收到社会公众意见5条，主要集中在广场舞噪声、见义勇为保护和宠物管理罚款幅度等方面。"
                                       "法制委员会在统一审议时作了研究：增加公园、广场活动控制音量和时段的规定（第五条第（四）项），"
                                       "增加保护和奖励见义勇为人员的规定（第九条第二款），将不束犬链的罚款下限降低为二十元。")
        leg.version_add(actor=fgw, bill=bill, stage=Stage.SECOND, text=later["second"],
                        explanation_title=f"法制委员会关于《{WENMING_TITLE}（草案）》修改情况的汇报",
                        explanation="根据初次审议意见和社会公众意见，增加公园、广场活动控制音量的规定和保护见义勇为人员的规定。")
        leg.bill_record_reading(actor=office, bill=bill, held_on=D(2026, 4, 28), meeting="市第十二届人大常委会第三次会议",
                                summary="组成人员认为草案二审稿吸收了各方面意见，建议适当降低罚款下限。")
        leg.version_add(actor=fgw, bill=bill, stage=Stage.THIRD, text=later["third"],
                        explanation_title=f"法制委员会关于《{WENMING_TITLE}（草案）》审议结果的报告",
                        explanation="将不束犬链、未清理宠物粪便的罚款下限由五十元降低为二十元。")
        evaluation = leg.consultation_create(
            actor=fgw, bill=bill, kind=ConsultationKind.EVALUATION, title="表决前评估", starts_at=_at(D(2026, 6, 10), 14),
            place="市人大常委会机关第二会议室", organizer=city.bodies["fgw"],
            topics="主要制度规范的可行性、出台时机和实施的社会效果。", participants="市文明办\n市城市管理局\n人大代表")
        leg.consultation_transition(actor=fgw, consultation=evaluation, action="hold", on=D(2026, 6, 10),
                                    minutes="评估认为条例主要制度切实可行，出台时机成熟。",
                                    conclusions="建议明确施行日期，预留宣传时间。")
        leg.consultation_transition(actor=fgw, consultation=evaluation, action="report", on=D(2026, 6, 25))
        leg.bill_record_reading(actor=office, bill=bill, held_on=D(2026, 6, 26), meeting="市第十二届人大常委会第四次会议",
                                summary="组成人员认为草案三审稿已经成熟，建议明确施行日期后提请表决。")
        leg.version_add(actor=fgw, bill=bill, stage=Stage.FINAL, text=later["final"],
                        explanation_title=f"法制委员会关于《{WENMING_TITLE}（草案表决稿）》修改意见的报告",
                        explanation=f"根据表决前评估意见，将施行日期明确为{Y(2026)}年10月1日。法制委员会建议本次会议表决通过。")
        leg.bill_transition(actor=leader, bill=bill, action="schedule_vote", note="主任会议决定提请第四次会议表决",
                            on=D(2026, 6, 26))
        leg.bill_record_vote(actor=office, bill=bill, voted_on=D(2026, 6, 27), yes=40, no=1, abstain=2,
                             meeting="市第十二届人大常委会第四次会议")
        leg.bill_transition(actor=office, bill=bill, action="submit_for_approval", on=D(2026, 7, 3),
                            note=f"X人常〔{Y(2026)}〕30号报请XX省人大常委会批准")
        leg.bill_transition(actor=office, bill=bill, action="approve", on=D(2026, 7, 30),
                            approval_body="XX省第十四届人民代表大会常务委员会第十八次会议")
        leg.bill_transition(actor=office, bill=bill, action="promulgate", on=D(2026, 8, 6),
                            announcement_number="第3号", effective_on=D(2026, 10, 1), gazette=f"XX市人大常委会公报{Y(2026)}年第4号")
        leg.bill_transition(actor=office, bill=bill, action="file", on=D(2026, 8, 20))
        bill.refresh_from_db()
        return bill
    finally:
        REFERENCE_TODAY.reset(token)
