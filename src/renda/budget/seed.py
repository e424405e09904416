"""Finance data for `renda seed`, the demo city and bench/bench_budget.py: units, indicators, treasury payments with
a seasonal execution curve, bonds and debt limits, and a few planted anomalies of each alert kind.

`build(spec)` is pure (no database): rows in the finance bureau's column order, so the same data can be written
directly (`write`, for volume) or as the CSV files the bureau sends (`csv_bytes`, for the demo and the import
benchmark). Everything but the planted anomalies is generated so that no alert fires on it:
- each indicator line is executed at 84–94 % of its budget over a full year, spread over the months by `SEASON`
  (a typical curve, December the heaviest month) — far above the low-execution curve, under budget, with a
  December share well under 30 % and within a factor 1.2 of the unit's other years;
- payment amounts are random in 分 and payees are drawn per unit from a pool, so no two payments of a unit share
  payee and amount within days by accident (the duplicate rule);
- 三公经费 are paid on the same days every year, a little less each year (the growth rule);
- bonds are issued at least 60 days before the data ends and the limits leave a margin (the debt rule).
- the closed years (complete in the data) have their 决算 (final accounts), 86–101 % of each line's budget, so the
  topics page's 决算 against budget shows figures.
The planted anomalies (`Dataset.planted`, kind → the unit codes or bond kinds expected) are exactly what the alerts
of the last year (and of the last complete year for `year_end_surge`) report.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from renda.budget import classification
from renda.budget.engine.money import yuan
from renda.budget.models import (
    BudgetUnit,
    ClassificationCode,
    Debt,
    DebtLimit,
    FinalAccount,
    Indicator,
    Payment,
)
from renda.budget.services import data_changed, refresh_rollups
from renda.core import audit
from renda.core.seeding import bulk_insert

# Share (%) of a year's payments by month: slow start, mid-year and September peaks, the December rush.
SEASON = (4, 5, 8, 7, 7, 10, 7, 7, 10, 7, 9, 19)
SURGE_SEASON = (3, 3, 5, 5, 5, 6, 5, 5, 6, 5, 6, 46)  # the planted year-end rush (46 % in December)
# 支出功能分类 项 (7 digits) and 经济分类 款 (5 digits) of the shipped classification (data/classification_2026.csv)
FUNCS = ("2010301", "2010601", "2050202", "2050203", "2050204", "2080505", "2100401", "2110302", "2120399",
         "2130301", "2130314", "2140104")
ECONS = ("30201", "30211", "30215", "30216", "31002", "31005")
THREE_PUBLIC_ECON = "30217"  # 公务接待费 (a BUDGET-THREE-PUBLIC default code)
THREE_PUBLIC_DAYS = ((2, 10), (3, 12), (4, 9), (5, 14), (6, 11), (8, 12), (9, 10), (10, 13))
SUB_SUFFIXES = ("机关服务中心", "信息中心", "综合执法支队", "事务中心", "研究院", "培训中心", "监测站", "管理处", "保障中心",
                "档案馆", "指挥中心", "发展中心", "服务站", "检测所", "规划院", "宣传中心", "审核中心", "评审中心", "后勤中心")
PAYEES = ("建设工程有限公司", "信息技术有限公司", "物业服务有限公司", "设备有限公司", "咨询有限公司", "印务有限公司",
          "环境科技有限公司", "交通工程有限公司", "医疗器械有限公司", "餐饮管理有限公司", "文化传媒有限公司", "检测技术有限公司")
PAYEE_PLACES = ("东湖", "西山", "南江", "北辰", "中联", "华信", "恒通", "金桥", "新城", "远航", "长河", "瑞丰", "宏达", "天成",
                "嘉禾", "永安")
PLANTED_KINDS = ("over_budget", "no_indicator", "low_execution", "year_end_surge", "duplicate_payment",
                 "three_public_growth", "debt_limit")

UNIT_COLUMNS = ("单位编码", "单位名称", "主管部门编码", "单位类型")
INDICATOR_COLUMNS = ("年度", "指标文号", "单位编码", "功能科目编码", "经济科目编码", "项目编码", "项目名称", "资金性质",
                     "指标类型", "金额")
PAYMENT_COLUMNS = ("支付日期", "支付凭证号", "单位编码", "功能科目编码", "经济科目编码", "项目编码", "金额", "收款人名称",
                   "支付方式", "用途")
DEBT_COLUMNS = ("债券编码", "债券类型", "发行日期", "到期日期", "金额", "利率", "项目编码")
FINAL_COLUMNS = ("年度", "单位编码", "功能科目编码", "经济科目编码", "决算数")
FINAL_RATE = (86, 101)  # 决算数 of a line, % of its budget (a closed year's final accounts)


@dataclass(frozen=True)
class Spec:
    depts: int  # 主管部门
    units_per_dept: int  # subordinate units of each (the 主管部门 itself also spends)
    years: tuple[int, ...]  # consecutive, oldest first
    payments_per_year: int  # about, for a full year (a partial last year gets its share of the curve)
    through: dt.date  # the day the data ends (in the last year)
    lines_per_unit: int = 4  # project indicator lines per unit (plus one 三公 line)
    seed: int = 2026
    dept_names: tuple[str, ...] = ()  # names of the 主管部门 (generated when short)
    doc_prefix: str = "市财预"
    bonds: int = 24
    plant: bool = True
    # planted unit → its index among the subordinate units (dept index, sub index); None = defaults
    plant_at: dict[str, tuple[int, int]] | None = None


@dataclass
class Unit:
    code: str
    name: str
    parent: str  # "" for a 主管部门
    budget: int  # 分, a year
    lines: list[tuple[str, str, str, str, int]] = field(default_factory=list)  # func, econ, project, name, 分
    three_public: int = 0  # 分 a year, on its own line


@dataclass
class Dataset:
    spec: Spec
    units: list[Unit]
    indicators: list[tuple]  # INDICATOR_COLUMNS order, amount in 分
    debt: list[tuple]  # DEBT_COLUMNS order: code, kind value, issued, matures, 分, rate bp, project
    limits: list[tuple[int, str, int]]  # (year, debt kind, 分)
    planted: dict[str, list[str]]  # kind → unit codes (bond kinds for debt_limit)
    finals: list[tuple] = field(default_factory=list)  # FINAL_COLUMNS order, 分: the closed years' 决算

    def payments(self) -> Iterator[tuple]:
        """(paid_on, voucher, unit, func, econ, project, 分, payee, method value, purpose), by year then line —
        generated on the fly (a million rows are never held as a list)."""
        return _payments(self)

    @property
    def last_year(self) -> int:
        return self.spec.years[-1]

    @property
    def surge_year(self) -> int:
        """The year where the year-end rush is planted: the last year if its December is complete, else the one
        before."""
        s = self.spec
        return s.years[-1] if s.through >= dt.date(s.years[-1], 12, 31) or len(s.years) == 1 else s.years[-2]


def build(spec: Spec) -> Dataset:
    rng = random.Random(spec.seed)
    units: list[Unit] = []
    names = list(spec.dept_names)
    for d in range(spec.depts):
        dcode = f"{d + 1:03d}"
        dname = names[d] if d < len(names) else f"市第{d + 1}部门"
        units.append(Unit(dcode, dname, "", 0))
        short = dname.removeprefix("市")
        for s in range(spec.units_per_dept):
            suffix = SUB_SUFFIXES[s % len(SUB_SUFFIXES)] + ("" if s < len(SUB_SUFFIXES) else str(s))
            units.append(Unit(f"{dcode}{s + 1:03d}", f"市{short}{suffix}", dcode, 0))
    for i, u in enumerate(units):
        u.budget = rng.randint(300, 5000) * 1_000_000  # 300–5,000 万元
        shares = [rng.randint(5, 20) for _ in range(spec.lines_per_unit)]
        total = sum(shares)
        rest = u.budget
        for j, sh in enumerate(shares):
            amount = rest if j == len(shares) - 1 else u.budget * sh // total
            rest -= amount
            u.lines.append((FUNCS[(i + j) % len(FUNCS)], ECONS[(i * 3 + j) % len(ECONS)], f"P{u.code}{j + 1:02d}",
                            f"{u.name}项目{j + 1}", amount))
        u.three_public = rng.randint(20, 80) * 100_000  # 2–8 万元
    planted = {k: [] for k in PLANTED_KINDS}
    ds = Dataset(spec, units, [], [], [], planted)
    if spec.plant:
        at = spec.plant_at or {}
        default = {k: (min(n, spec.depts - 1), n % max(spec.units_per_dept, 1)) for n, k in
                   enumerate(("over_budget", "no_indicator", "low_execution", "year_end_surge", "duplicate_payment",
                              "three_public_growth"))}
        for kind, (d, s) in {**default, **at}.items():
            planted[kind].append(units[d * (spec.units_per_dept + 1) + 1 + s].code if spec.units_per_dept
                                 else units[d].code)
        planted["debt_limit"].append("special")
    ds.indicators = list(_indicators(ds))
    ds.debt, ds.limits = _bonds(ds, rng)
    ds.finals = _finals(ds)
    return ds


def _finals(ds: Dataset) -> list[tuple]:
    """决算 of every closed year (complete in the data): each unit × 功能科目 × 经济科目 at 86–101 % of its budget
    (a generator of its own, so the other rows do not change with it)."""
    s = ds.spec
    rng = random.Random(s.seed + 2)
    closed = [y for y in s.years if s.through >= dt.date(y, 12, 31)]
    out = []
    for y in closed:
        for u in ds.units:
            lines: dict[tuple[str, str], int] = {}
            for func, econ, _project, _name, amount in u.lines:
                lines[(func, econ)] = lines.get((func, econ), 0) + amount
            key = ("2010301", THREE_PUBLIC_ECON)
            lines[key] = lines.get(key, 0) + u.three_public * 11 // 10
            for (func, econ), budget in lines.items():
                out.append((y, u.code, func, econ, budget * rng.randint(*FINAL_RATE) // 100))
    return out


def _indicators(ds: Dataset) -> Iterator[tuple]:
    s = ds.spec
    for y in s.years:
        doc = f"{s.doc_prefix}〔{y}〕1号"
        for u in ds.units:
            for func, econ, project, name, amount in u.lines:
                yield (y, doc, u.code, func, econ, project, name, "general", "initial", amount)
            yield (y, doc, u.code, "2010301", THREE_PUBLIC_ECON, "", "", "general", "initial",
                   u.three_public * 11 // 10)


def _month_weights(season, year: int, through: dt.date) -> list[tuple[int, float]]:
    """(month, share of the year's payments in it) up to `through` (a partial month by its days)."""
    out = []
    for m in range(1, 13):
        last = calendar.monthrange(year, m)[1]
        if dt.date(year, m, 1) > through:
            break
        days = last if dt.date(year, m, last) <= through else through.day
        out.append((m, season[m - 1] * days / last))
    return out


def _payments(ds: Dataset) -> Iterator[tuple]:
    s = ds.spec
    rng = random.Random(s.seed + 1)
    total_budget = sum(u.budget for u in ds.units) or 1
    planted = {k: set(v) for k, v in ds.planted.items()}
    for yi, y in enumerate(s.years):
        through = s.through if y == s.years[-1] else dt.date(y, 12, 31)
        seq = 0
        last_year = y == s.years[-1]

        def voucher(y=y):
            nonlocal seq
            seq += 1
            return f"{y}{seq:08d}"

        for ui, u in enumerate(ds.units):
            payees = [f"{PAYEE_PLACES[(ui + k) % len(PAYEE_PLACES)]}{PAYEES[(ui * 5 + k) % len(PAYEES)]}"
                      for k in range(rng.randint(6, 12))]
            surge = u.code in planted["year_end_surge"] and y == ds.surge_year
            weights = _month_weights(SURGE_SEASON if surge else SEASON, y, through)
            done = sum(w for _, w in weights) / 100
            rate = 0.35 if (u.code in planted["low_execution"] and last_year) else rng.uniform(0.84, 0.94)
            for li, (func, econ, project, _name, budget) in enumerate(u.lines):
                # at least one payment a month: with fewer, the quantiles put a third of a line in December
                n = max(round(12 * done), 1, round(s.payments_per_year * budget / total_budget * done))
                target = int(budget * rate * done)
                rows = list(_spread(rng, weights, y, through, n, target))
                for day, amount in rows:
                    yield (day, voucher(), u.code, func, econ, project, amount, rng.choice(payees),
                           "direct" if amount > 500_000_00 or rng.random() < 0.6 else "authorised", "")
                if not (last_year and rows):
                    continue
                if li != 0:
                    continue
                mid = rows[len(rows) // 2][0]
                if u.code in planted["over_budget"]:  # one payment takes the line 10 % over its budget
                    paid = sum(a for _, a in rows)
                    yield (mid, voucher(), u.code, func, econ, project, budget * 110 // 100 - paid + 1, payees[0],
                           "direct", "追加工程款")
                if u.code in planted["duplicate_payment"]:  # the same invoice paid twice, two days apart
                    yield (mid - dt.timedelta(days=2), voucher(), u.code, func, econ, project, budget // 100 + 37,
                           payees[1], "direct", "工程款")
                    yield (mid, voucher(), u.code, func, econ, project, budget // 100 + 37, payees[1], "direct",
                           "工程款")
                if u.code in planted["no_indicator"]:  # a project with no indicator line
                    for k in range(3):
                        yield (mid - dt.timedelta(days=k), voucher(), u.code, func, econ, f"{project}X",
                               1_234_500 + k * 100, payees[-1], "direct", "未列预算项目")
                if u.code in planted["three_public_growth"] and yi == 0:
                    # a single year: 三公 paid over its budget (on the project line, which has room for it)
                    yield (mid, voucher(), u.code, func, THREE_PUBLIC_ECON, project, u.three_public * 15 // 100,
                           "市接待服务中心", "authorised", "公务接待")
            # 三公经费 on the same days every year, 3 % less each year — or 5 % more than the first year (planted)
            factor = 105 if (u.code in planted["three_public_growth"] and last_year and yi > 0) else 100 - 3 * yi
            for m, d in THREE_PUBLIC_DAYS:
                day = dt.date(y, m, d)
                if day <= through:
                    yield (day, voucher(), u.code, "2010301", THREE_PUBLIC_ECON, "",
                           u.three_public // len(THREE_PUBLIC_DAYS) * factor // 100, "市接待服务中心", "authorised",
                           "公务接待")


def _spread(rng, weights, year: int, through: dt.date, n: int, target: int) -> Iterator[tuple[dt.date, int]]:
    """n payments summing exactly to `target`, months by the weights (quantiles, so the curve is smooth)."""
    if target <= 0 or not weights:
        return
    cum, acc = [], 0.0
    for m, w in weights:
        acc += w
        cum.append((acc, m))
    parts = rng.sample(range(5000, 15000 + 2 * n), n)  # distinct, so no two payments of a line are equal
    total = sum(parts)
    paid = 0
    for k in range(n):
        q = (k + 0.5) / n * acc
        month = next(m for c, m in cum if q <= c)
        last = calendar.monthrange(year, month)[1]
        if month == through.month and year == through.year:
            last = min(last, through.day)
        amount = target - paid if k == n - 1 else target * parts[k] // total
        paid += amount
        if amount > 0:
            yield dt.date(year, month, rng.randint(1, last)), amount


def _bonds(ds: Dataset, rng) -> tuple[list[tuple], list[tuple[int, str, int]]]:
    s = ds.spec
    latest = s.through - dt.timedelta(days=60)
    first = dt.date(s.years[0] - 3, 1, 1)
    bonds = []
    for k in range(s.bonds):
        kind = "general" if k % 2 == 0 else "special"
        span = (latest - first).days
        issued = first + dt.timedelta(days=span * k // max(s.bonds - 1, 1))
        matures = dt.date(issued.year + (5, 7, 10)[k % 3], issued.month, min(issued.day, 28))
        if matures <= s.through + dt.timedelta(days=365):  # nothing matures near the data's end
            matures = s.through.replace(year=s.through.year + 2)
        amount = rng.randint(5, 50) * 100_000_000  # 500万–5,000万 元
        bonds.append((f"ZQ{issued.year}{k + 1:04d}", kind, issued, matures, amount, 250 + rng.randint(0, 150),
                      ds.units[k % len(ds.units)].lines[0][2]))
    limits = []
    for y in s.years:
        as_of = s.through if y == s.years[-1] else dt.date(y, 12, 31)
        for kind in ("general", "special"):
            bal = sum(b[4] for b in bonds if b[1] == kind and b[2] <= as_of < b[3])
            planted = kind in ds.planted["debt_limit"] and y == s.years[-1]
            limits.append((y, kind, bal * 95 // 100 if planted else bal * 120 // 100 + 100_000_000))
    return bonds, limits


# ---- the bureau's files ------------------------------------------------------------------------------------------
_FUND = {"general": "一般公共预算"}
_IND_KIND = {"initial": "年初预算"}
_METHOD = {"direct": "直接支付", "authorised": "授权支付"}
_DEBT_KIND = {"general": "一般债券", "special": "专项债券"}


def csv_bytes(ds: Dataset, kind: str, *, year: int | None = None, encoding: str = "utf-8") -> bytes:
    """The file the finance bureau would send for `kind` (payments of one year when `year` is given)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    if kind == "units":
        w.writerow(UNIT_COLUMNS)
        w.writerows((u.code, u.name, u.parent, "行政单位" if not u.parent else "事业单位") for u in ds.units)
    elif kind == "indicators":
        w.writerow(INDICATOR_COLUMNS)
        w.writerows((r[0], r[1], r[2], r[3], r[4], r[5], r[6], _FUND[r[7]], _IND_KIND[r[8]], yuan(r[9]))
                    for r in ds.indicators if year is None or r[0] == year)
    elif kind == "payments":
        w.writerow(PAYMENT_COLUMNS)
        w.writerows((p[0].isoformat(), p[1], p[2], p[3], p[4], p[5], yuan(p[6]), p[7], _METHOD[p[8]], p[9])
                    for p in ds.payments() if year is None or p[0].year == year)
    elif kind == "debt":
        w.writerow(DEBT_COLUMNS)
        w.writerows((b[0], _DEBT_KIND[b[1]], b[2].isoformat(), b[3].isoformat(), yuan(b[4]),
                     f"{b[5] // 100}.{b[5] % 100:02d}", b[6]) for b in ds.debt)
    elif kind == "final":
        w.writerow(FINAL_COLUMNS)
        w.writerows((r[0], r[1], r[2], r[3], yuan(r[4])) for r in ds.finals if year is None or r[0] == year)
    else:
        raise ValueError(kind)
    return buf.getvalue().encode(encoding)


# ---- writing directly (volume) -----------------------------------------------------------------------------------
def write(congress, ds: Dataset, *, bar=None, batch: int = 5000) -> dict:
    """bulk_create the dataset for `congress` (no services: load for benchmarks), then the rollups."""
    depts = BudgetUnit.objects.bulk_create(
        [BudgetUnit(congress=congress, code=u.code, name=u.name, unit_type="行政单位") for u in ds.units if not u.parent])
    ids = {u.code: u.pk for u in depts}
    if any(pk is None for pk in ids.values()):
        ids = dict(BudgetUnit.objects.filter(congress=congress).values_list("code", "pk"))
    BudgetUnit.objects.bulk_create(
        [BudgetUnit(congress=congress, code=u.code, name=u.name, parent_id=ids[u.parent], unit_type="事业单位")
         for u in ds.units if u.parent], batch_size=batch)
    ids = dict(BudgetUnit.objects.filter(congress=congress).values_list("code", "pk"))
    Indicator.objects.bulk_create(
        (Indicator(congress=congress, year=r[0], doc_number=r[1], unit_id=ids[r[2]], func_code=r[3], econ_code=r[4],
                   project_code=r[5], project_name=r[6], fund_type=r[7], kind=r[8], amount_fen=r[9])
         for r in ds.indicators), batch_size=batch)
    n = bulk_insert(Payment, (
        Payment(congress=congress, year=p[0].year, paid_on=p[0], voucher=p[1], unit_id=ids[p[2]], func_code=p[3],
                econ_code=p[4], project_code=p[5], amount_fen=p[6], payee=p[7], method=p[8], purpose=p[9])
        for p in ds.payments()), batch=batch, bar=bar)
    Debt.objects.bulk_create([Debt(congress=congress, code=b[0], kind=b[1], issued_on=b[2], matures_on=b[3],
                                   amount_fen=b[4], rate_bp=b[5], project_code=b[6]) for b in ds.debt])
    FinalAccount.objects.bulk_create(
        (FinalAccount(congress=congress, year=r[0], unit_id=ids[r[1]], func_code=r[2], econ_code=r[3],
                      amount_fen=r[4]) for r in ds.finals), batch_size=batch)
    write_limits(congress, ds)
    refresh_rollups(congress=congress)
    return {"units": len(ds.units), "indicators": len(ds.indicators), "payments": n, "bonds": len(ds.debt),
            "finals": len(ds.finals)}


def write_limits(congress, ds: Dataset) -> None:
    """The approved debt limits (there is no file for them: the congress's own decision)."""
    for y, kind, amount in ds.limits:
        DebtLimit.objects.update_or_create(congress=congress, year=y, kind=kind, defaults={"amount_fen": amount})
    data_changed(congress)


# ---- `renda seed` -------------------------------------------------------------------------------------------------
# scale → (主管部门, units per 主管部门, payments a year) of the main congress; other congresses get a small share
SEED_SCALES = {"city": (30, 9, 30_000), "province": (60, 15, 150_000), "national": (60, 15, 150_000)}
OTHERS_SEEDED = 10


def generate(ctx) -> dict:
    if not ClassificationCode.objects.exists():
        classification.load()
    depts, per_dept, per_year = ctx.scale.budget or SEED_SCALES.get(ctx.scale.name, SEED_SCALES["city"])
    year = ctx.current_year
    years = (year - 2, year - 1, year)
    through = dt.date(year, 11, 30)
    main = build(Spec(depts=depts, units_per_dept=per_dept, years=years, payments_per_year=per_year,
                      through=through, seed=year))
    bar = ctx.bar("国库支付", per_year * len(years))
    report = write(ctx.main.congress, main, bar=bar)
    for i, built in enumerate(ctx.others[:OTHERS_SEEDED]):
        small = build(Spec(depts=5, units_per_dept=3, years=years[-2:], payments_per_year=2_000, through=through,
                           seed=year + i + 1))
        report["payments"] += write(built.congress, small, bar=bar)["payments"]
    bar.close()
    audit.record(actor=None, action="seed", obj=ctx.main.congress, congress_id=ctx.main.congress.pk,
                 after={"budget": report}, note="批量数据")
    return report
