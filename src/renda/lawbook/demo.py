"""The demo city's law book, through the services (so the audit trail is the real one).

Short, plausible regulations of XX市 written here (the demo never reads ../shared): seven local regulations and one
provincial regulation as upper law; the 供水 regulation has texts at three dates (2019, a 2022 修正, the 2026 package
amendment); one 打包修改 amending three regulations; a 2026 clean-up campaign under review; a government 规范性文件
filed for the record with review findings against the upper laws.
"""

from __future__ import annotations

import datetime as dt

from renda.core.models import Organization
from renda.core.numerals import to_chinese
from renda.demo.clock import D, Y
from renda.lawbook import services
from renda.lawbook.models import CleanupDecision, EventKind, Regulation, RegulationKind
from renda.legislation import services as leg
from renda.legislation.models import AmendmentForm, Bill, BillKind, ProposerKind
from renda.supervision import services as sup
from renda.supervision.models import FilerKind


def _text(title: str, articles: list[str]) -> str:
    lines = [title, ""]
    for n, body in enumerate(articles, start=1):
        lines.append(f"第{to_chinese(n)}条 {body}")
    return "\n".join(lines)


ENFORCER = "城市管理行政执法部门"
REGULATIONS = [
    ("XX市城市供水用水条例", dt.date(2019, 3, 1), dt.date(2018, 12, 20), [
        "为了加强城市供水用水管理，保障城市生活、生产用水，根据有关法律、法规，结合本市实际，制定本条例。",
        "本市行政区域内城市供水、用水及其管理活动，适用本条例。",
        f"市水行政主管部门负责本市城市供水用水的监督管理工作。{ENFORCER}按照职责做好相关工作。",
        "供水企业应当保障供水水质符合国家规定的生活饮用水卫生标准。",
        "用户应当按时缴纳水费。逾期不缴纳的，供水企业可以按日加收千分之三的违约金。",
        "违反本条例规定的，由市水行政主管部门责令改正，可以处五百元以上五千元以下罚款。",
        "本条例自2019年3月1日起施行。",
    ]),
    ("XX市城市市容和环境卫生管理条例", dt.date(2020, 1, 1), dt.date(2019, 10, 25), [
        "为了加强城市市容和环境卫生管理，创造整洁、优美的城市环境，根据有关法律、法规，制定本条例。",
        f"{ENFORCER}负责本市城市市容和环境卫生的监督管理工作。",
        "单位和个人应当维护城市市容和环境卫生，不得随地吐痰、乱扔废弃物。",
        "设置户外广告设施应当符合户外广告设置规划。",
        "违反本条例第三条规定的，由城市管理部门责令改正，可以处五十元以下罚款。",
        "本条例自2020年1月1日起施行。",
    ]),
    ("XX市物业管理条例", dt.date(2021, 7, 1), dt.date(2021, 4, 28), [
        "为了规范物业管理活动，维护业主和物业服务人的合法权益，根据《中华人民共和国民法典》等法律、法规，制定本条例。",
        "市住房城乡建设主管部门负责本市物业管理活动的监督管理工作。",
        "业主大会由物业管理区域内全体业主组成。",
        "物业服务人应当按照物业服务合同的约定提供物业服务。",
        f"物业管理区域内违法搭建建筑物、构筑物的，由{ENFORCER}依法处理。",
        "本条例自2021年7月1日起施行。",
    ]),
    ("XX市养犬管理条例", dt.date(2022, 5, 1), dt.date(2022, 2, 24), [
        "为了规范养犬行为，保障公民健康和人身安全，维护市容环境和社会秩序，制定本条例。",
        "本市对养犬实行登记管理制度。",
        "养犬人应当为犬只办理登记，登记有效期为一年。",
        "携犬出户的，应当为犬只束犬链，由成年人牵领。",
        "违反本条例第四条规定的，由公安机关责令改正，可以处二百元以下罚款。",
        "本条例自2022年5月1日起施行。",
    ]),
    ("XX市历史文化名城保护条例", dt.date(2023, 3, 1), dt.date(2022, 12, 28), [
        "为了加强历史文化名城保护，传承优秀历史文化，根据有关法律、法规，制定本条例。",
        "历史文化名城保护应当遵循保护为主、抢救第一、合理利用、加强管理的原则。",
        "市人民政府组织编制历史文化名城保护规划。",
        "任何单位和个人不得损坏或者擅自迁移、拆除历史建筑。",
        "本条例自2023年3月1日起施行。",
    ]),
    ("XX市电动自行车管理条例", dt.date(2024, 6, 1), dt.date(2024, 3, 29), [
        "为了加强电动自行车管理，维护道路交通秩序，制定本条例。",
        "电动自行车应当经公安机关交通管理部门登记，取得号牌后方可上道路行驶。",
        "驾驶电动自行车应当佩戴安全头盔。",
        "本条例自2024年6月1日起施行。",
    ]),
    ("XX市河道管理条例", dt.date(2018, 10, 1), dt.date(2018, 6, 29), [
        "为了加强河道管理，保障防洪安全，发挥河道综合效益，制定本条例。",
        "市水行政主管部门是本市河道的主管机关。",
        "在河道管理范围内禁止弃置、倾倒矿渣、石渣、煤灰、泥土、垃圾等。",
        "本条例自2018年10月1日起施行。",
    ]),
]

UPPER = ("XX省养犬管理条例", dt.date(2020, 1, 1), [
    "为了规范养犬行为，制定本条例。",
    "养犬登记的有效期为三年。",
    "设区的市可以根据本条例，结合本地实际，制定养犬管理的具体办法，但不得增加养犬人的义务。",
    "携犬出户的，应当为犬只束犬链。违反规定的，由公安机关责令改正，可以处五十元以上二百元以下罚款。",
])

FILED = ("XX市养犬管理办法", [
    "为了加强养犬管理，根据《XX市养犬管理条例》，制定本办法。",
    "养犬人应当为犬只办理登记，登记有效期为六个月。",
    "携犬出户的，应当为犬只束犬链，犬链长度不得超过一点五米。",
    "违反本办法第三条规定的，由公安机关处五百元罚款。",
])

FIRST_AMENDMENT = """关于修改《XX市城市供水用水条例》的决定

一、将第五条中的“千分之三”修改为“千分之一”。

本决定自2022年9月1日起施行。"""


def _package_text(effective: dt.date) -> str:
    return f"""关于修改《XX市城市供水用水条例》等三件地方性法规的决定

XX市人民代表大会常务委员会决定：

一、《XX市城市供水用水条例》

（一）将第三条中的“{ENFORCER}”修改为“城市管理综合执法部门”。

二、《XX市城市市容和环境卫生管理条例》

（一）将第二条中的“{ENFORCER}”修改为“城市管理综合执法部门”。

三、《XX市物业管理条例》

（一）将第五条中的“{ENFORCER}”修改为“城市管理综合执法部门”。

本决定自{effective.year}年{effective.month}月{effective.day}日起施行。以上法规根据本决定作相应修改，重新公布。"""


# The 打包修改 bill that follows the clean-up: one decision amending three regulations, each part under its
# 一、《…》 heading; the bill links the three regulations (生成修正后文本 on its page applies each part).
CLEANUP_BILL = """关于修改《XX市养犬管理条例》等三件地方性法规的决定（草案）

XX市人民代表大会常务委员会决定：

一、《XX市养犬管理条例》

（一）将第三条中的“登记有效期为一年”修改为“登记有效期为三年”。

二、《XX市河道管理条例》

（一）将第二条修改为：“市水行政主管部门负责本市河道的管理和保护工作。”

三、《XX市电动自行车管理条例》

（一）将第三条中的“佩戴安全头盔”修改为“按照规定佩戴安全头盔”。

本决定自公布之日起施行。以上法规根据本决定作相应修改，重新公布。"""
CLEANUP_BILL_REGULATIONS = ("XX市养犬管理条例", "XX市河道管理条例", "XX市电动自行车管理条例")


def _cleanup_bill(city, office, regs: dict) -> None:
    """The 主任会议's 打包修改 bill after the clean-up, on the agenda, linked to the three regulations it amends."""
    council = Organization.objects.filter(congress=city.congress, kind=Organization.Kind.CHAIRS_COUNCIL).first()
    if council is None or Bill.objects.filter(congress=city.congress, kind=BillKind.AMEND,
                                              regulations__title=CLEANUP_BILL_REGULATIONS[0]).exists():
        return
    leg.bill_create(
        actor=office, title=CLEANUP_BILL_REGULATIONS[0], kind=BillKind.AMEND,
        amendment_form=AmendmentForm.DECISION, regulations=[regs[t] for t in CLEANUP_BILL_REGULATIONS],
        proposer_kind=ProposerKind.CHAIRS_COUNCIL, proposer_org=council, submitted_on=D(2026, 11, 20),
        subject_area="城乡建设与管理", draft_text=CLEANUP_BILL,
        explanation_title="关于《关于修改〈XX市养犬管理条例〉等三件地方性法规的决定（草案）》的说明",
        explanation="根据2026年度地方性法规集中清理的意见，对与上位法不一致、与机构职责调整不相适应的三件法规一并作出修改。")


REVIEW_FINDINGS = [
    {"article": "第二条", "kind": "conflict", "upper_law": "XX省养犬管理条例", "upper_article": "第二条",
     "message": "登记有效期短于上位法规定的三年，实际增加了养犬人的义务。",
     "lower_text": "养犬人应当为犬只办理登记，登记有效期为六个月。", "upper_text": "养犬登记的有效期为三年。"},
    {"article": "第四条", "kind": "penalty", "upper_law": "XX省养犬管理条例", "upper_article": "第四条",
     "message": "规定固定罚款五百元，超出上位法“五十元以上二百元以下”的处罚幅度。",
     "lower_text": "违反本办法第三条规定的，由公安机关处五百元罚款。",
     "upper_text": "携犬出户的，应当为犬只束犬链。违反规定的，由公安机关责令改正，可以处五十元以上二百元以下罚款。"},
    {"article": "第三条", "kind": "obligation", "upper_law": "XX省养犬管理条例", "upper_article": "第三条",
     "message": "增设犬链长度的限制，上位法未作规定，请核实是否增加了养犬人的义务。",
     "lower_text": "携犬出户的，应当为犬只束犬链，犬链长度不得超过一点五米。",
     "upper_text": "设区的市可以根据本条例，结合本地实际，制定养犬管理的具体办法，但不得增加养犬人的义务。"},
]


def load(ctx) -> None:
    city = ctx.city
    congress = city.congress
    office = ctx.users["bangongting"]
    regs: dict[str, Regulation] = {}
    for title, effective, enacted, articles in REGULATIONS:
        existing = Regulation.objects.filter(congress=congress, kind=RegulationKind.LOCAL, title=title).first()
        if existing is not None:  # promulgated by the legislation demo already
            regs[title] = existing
            continue
        year = enacted.year
        regs[title] = services.regulation_import(
            actor=office, congress=congress, title=title, kind=RegulationKind.LOCAL, text=_text(title, articles),
            effective_from=effective, enacted_on=enacted, number=f"XX市人民代表大会常务委员会公告〔{year}〕第{len(regs) + 1}号",
            check=False)
    upper = services.regulation_import(actor=office, congress=congress, title=UPPER[0], kind=RegulationKind.PROVINCIAL,
                                       text=_text(UPPER[0], UPPER[2]), effective_from=UPPER[1], check=False)
    water = regs["XX市城市供水用水条例"]
    if water.versions.count() == 1:
        services.regulation_amend(actor=office, regulation=water, kind=EventKind.AMENDED, date=dt.date(2022, 6, 30),
                                  effective_on=dt.date(2022, 9, 1), ref="关于修改《XX市城市供水用水条例》的决定",
                                  decision=FIRST_AMENDMENT, check=False)
    year = Y(2026)
    pkg = services.package_create(actor=office, congress=congress, title="关于修改《XX市城市供水用水条例》等三件地方性法规的决定",
                                  decided_on=D(2026, 10, 29), effective_on=D(2026, 12, 1),
                                  text=_package_text(D(2026, 12, 1)), check=False)
    pkg = services.package_apply(actor=office, package=pkg, check=False)
    ctx.say(f"  法规库：{len(regs) + 1} 件法规，打包修改{pkg.get_status_display()}")

    # the clean-up campaign, under review
    fgw, cjhb = city.bodies["fgw"], city.bodies["cjhb"]
    scope = [regs[t] for t in ("XX市河道管理条例", "XX市养犬管理条例", "XX市历史文化名城保护条例",
                               "XX市电动自行车管理条例")]
    campaign = services.campaign_create(actor=office, congress=congress, title=f"{year}年度地方性法规集中清理",
                                        year=year, regulations=scope, lead=fgw, check=False,
                                        reason="对照新修改的上位法和机构改革后的职责调整，清理本市现行有效的地方性法规。")
    items = list(campaign.items.order_by("id"))
    for item, org in zip(items, (cjhb, fgw, city.bodies["kwws"], fgw), strict=False):
        services.item_assign(actor=office, item=item, committee=org, check=False)
    campaign = services.campaign_transition(actor=office, campaign=campaign, action="assign")
    campaign = services.campaign_transition(actor=office, campaign=campaign, action="start_review")
    dog = next(i for i in items if i.regulation.title == "XX市养犬管理条例")
    river = next(i for i in items if i.regulation.title == "XX市河道管理条例")
    services.item_decide(actor=office, item=river, decision=CleanupDecision.KEEP, check=False,
                         reason="与上位法不抵触，实施情况良好，予以保留。")
    dog_articles = [a.replace("登记有效期为一年", "登记有效期为三年") for a in REGULATIONS[3][3]]
    services.item_decide(actor=office, item=dog, decision=CleanupDecision.PACKAGE, check=False,
                         reason="登记有效期与省条例不一致，建议纳入打包修改。",
                         proposed_text=_text("XX市养犬管理条例", dog_articles))

    _cleanup_bill(city, office, regs)

    # a filed normative document with review findings against the upper laws
    doc = sup.filing_register(actor=office, filer_kind=FilerKind.GOVERNMENT, filer_org=city.organs["gov"],
                              title=FILED[0], doc_number=f"X政发〔{year}〕21号", issued_on=D(2026, 10, 12),
                              filed_on=D(2026, 10, 30), text=_text(FILED[0], FILED[1]))
    uppers = [upper, regs["XX市养犬管理条例"]]
    found = services.run_review(doc.text, [(u.title, services.current_version(u).text) for u in uppers])
    services.review_target(actor=office, document=doc, uppers=uppers, findings=found or REVIEW_FINDINGS,
                           day=D(2026, 11, 2), check=False)
    ctx.extra["lawbook_filing"] = doc
