"""The demo city's 预算联网监督: the finance bureau's files for last year and this year to date, imported through the
service as the 财政经济委员会 would (so the import records and the audit trail are the real ones), the approved debt
limits, and two query letters (函询) written from this year's alerts — one answered and awaiting the committee's
decision, one sent and awaiting its answer.

About 40 budget units under ten 主管部门 (each tied to the city's department of the same name), ~5,000 payments.
The year and the days follow the demo's moved calendar (renda.demo.clock): payments run to the day before the
narrative day; the year-end rush is planted in last year's December (this year's has not come yet).
"""

from __future__ import annotations

import datetime as dt

from renda.budget import alerts as alert_service
from renda.budget import classification, seed, services
from renda.budget.engine.money import wan, yuan
from renda.budget.models import BudgetUnit, ClassificationCode
from renda.demo.clock import D, Y
from renda.deputies.models import Delegation
from renda.deputies.selectors import my_deputy

DEPARTMENTS = ("市发展和改革委员会", "市教育局", "市公安局", "市民政局", "市财政局", "市生态环境局", "市住房和城乡建设局",
               "市交通运输局", "市水务局", "市卫生健康委员会")
WATER, EDUCATION = DEPARTMENTS.index("市水务局"), DEPARTMENTS.index("市教育局")


def dataset(today: dt.date) -> seed.Dataset:
    year = Y(2026)
    through = min(today - dt.timedelta(days=1), dt.date(year, 12, 31))
    return seed.build(seed.Spec(
        depts=len(DEPARTMENTS), units_per_dept=3, years=(year - 1, year), payments_per_year=2500, through=through,
        seed=20260110, dept_names=DEPARTMENTS, doc_prefix="X财预", bonds=16,
        plant_at={"over_budget": (WATER, 0), "low_execution": (EDUCATION, 1), "no_indicator": (3, 0),
                  "year_end_surge": (7, 2), "duplicate_payment": (5, 1), "three_public_growth": (2, 0)}))


def load(ctx) -> None:
    city = ctx.city.congress
    cjw = ctx.users["caijingwei"]
    if not ClassificationCode.objects.exists():
        classification.load()
    ds = dataset(ctx.today)
    year = ds.last_year
    files = [("units", None), ("indicators", None), ("payments", year - 1), ("payments", year), ("debt", None),
             ("final", None)]  # last year's 决算
    for kind, y in files:
        name = f"{kind}{'' if y is None else f'_{y}'}.csv"
        batch = services.import_file(actor=cjw, congress=city, kind=kind, data=seed.csv_bytes(ds, kind, year=y,
                                     encoding="gb18030"), filename=name)
        assert batch.status == batch.Status.APPLIED, batch.report  # the demo's own files are valid
    seed.write_limits(city, ds)
    for dept in DEPARTMENTS:  # each 主管部门 is the city department of the same name
        org = ctx.city.units.get(dept)
        if org is not None:
            BudgetUnit.objects.filter(congress=city, parent__isnull=True, name=dept).update(organization=org)

    area = _areas(ctx)
    found = alert_service.compute(city, year, ctx.today)
    queries = _queries(ctx, ds, found)
    question = _question(ctx, year, area)
    kinds = sorted({a.kind for a in found})
    ctx.extra["budget"] = {"year": year, "alerts": len(found), "queries": queries, "question": question,
                           "reports": ["/budget/reports/brief.docx", "/budget/reports/review.docx"]}
    ctx.say(f"已载入预算联网监督：预算单位 {len(ds.units)} 个，{year - 1}—{year} 年国库支付 "
            f"{sum(1 for _ in ds.payments())} 笔，{year} 年预警 {len(found)} 条（{'、'.join(kinds)}），函询 {len(queries)} 件，"
            f"代表（{area}）预算问题 1 件；.docx 简报和初审分析可在“预算函询与初审意见”页下载")


def _queries(ctx, ds: seed.Dataset, found) -> list:
    city = ctx.city
    cjw = ctx.users["caijingwei"]
    units = {u.code: u for u in BudgetUnit.objects.filter(congress=city.congress).select_related("parent")}
    over = next(a for a in found if a.kind == "over_budget")
    low = next(a for a in found if a.kind == "low_execution")

    def sent(alert, title: str, asked: str, addressee: str, due: dt.date, **more):
        """A 函询 on `alert` (its unit in `title`'s {unit}), drafted by the 财经委 and sent to `addressee`."""
        unit = units[alert.unit]
        q = services.query_create(
            actor=cjw, year=ds.last_year, title=title.format(unit=unit.name),
            question=f"预算联网监督系统预警：{alert.message}{asked}", addressee=city.units[addressee], reply_due=due,
            unit=unit, alert_kind=alert.kind, amount_fen=alert.amount_fen, **more)
        return services.query_transition(actor=cjw, query=q, action="send")

    q = sent(over, "关于{unit}项目超预算指标支付的函询",
             "。请说明超出预算指标支付的原因、资金来源和是否履行预算调整或追加程序，并提供相关文件。", "市水务局",
             D(2026, 12, 10), project_code=over.project or "", vouchers=list(over.vouchers))
    q = services.query_transition(
        actor=ctx.users["shuiwuju"], query=q, action="reply",
        reply=(f"该项目系汛期应急抢险工程，超出部分 {yuan(over.amount_fen)} 元已按程序申请追加预算指标，追加文件正在财政局"
               "审核；在追加指标下达前，已暂停该项目后续支付。"))
    return [q, sent(low, "关于{unit}预算执行进度偏慢的函询",
                    f"（未执行 {wan(low.amount_fen)} 万元）。请说明执行偏慢的原因、年底前的支付计划，以及是否存在需要调减或收回的"
                    "预算资金。", "市教育局", D(2026, 12, 8))]


def _areas(ctx) -> str:
    """Each unit below a 主管部门 serves a district (round the delegations' districts), so a deputy's page has its
    own area first; returns the demo deputy's area."""
    city = ctx.city.congress
    districts = [d.name.removesuffix("代表团") for d in Delegation.objects.filter(congress=city).order_by("order", "id")]
    units = list(BudgetUnit.objects.filter(congress=city, parent__isnull=False).order_by("code"))
    for i, u in enumerate(units):
        u.area = districts[i % len(districts)] if districts else ""
    BudgetUnit.objects.bulk_update(units, ["area"])
    deputy = my_deputy(ctx.users["daibiao"])
    area = deputy.delegation.name.removesuffix("代表团") if deputy and deputy.delegation else ""
    if area and not any(u.area == area for u in units) and units:
        BudgetUnit.objects.filter(pk=units[0].pk).update(area=area)
    return area


def _question(ctx, year: int, area: str):
    """The demo deputy (daibiao) asks about a unit of their area: waiting in the 财经委's inbox."""
    unit = (BudgetUnit.objects.filter(congress=ctx.city.congress, area=area).order_by("code").first()
            or BudgetUnit.objects.filter(congress=ctx.city.congress, parent__isnull=False).order_by("code").first())
    return services.question_raise(
        actor=ctx.users["daibiao"], year=year, unit=unit,
        text=(f"{unit.name}今年的预算执行进度与去年同期相比如何？有没有年底集中支付的安排？请预算工委帮助了解，"
              "并在审查预算执行情况报告时予以关注。"))
