"""预算联网监督: the finance bureau's data (units, indicators, treasury payments, debt, final accounts), the
classification reference, import batches with their row report, the monthly rollups the pages read, and the
query letters (函询) of the 预算工委.

Amounts are integers in 分 (`*_fen`), never floats: every sum and every threshold is exact.
Codes (单位编码, 功能科目, 经济科目, 项目编码, 凭证号) are text: leading zeros are part of the code.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from renda.budget.engine.alerts import RULES
from renda.core import rules
from renda.core.models import CongressScoped, Organization, User


class Scheme(models.TextChoices):
    FUNCTION = "function", "支出功能分类科目"
    ECONOMIC = "economic", "部门预算支出经济分类科目"


class ClassificationCode(models.Model):
    """政府收支分类科目 of a year (national reference data, loaded from a file: `renda budget classification`)."""

    year = models.PositiveSmallIntegerField("年度")
    scheme = models.CharField("分类", max_length=10, choices=Scheme.choices)
    code = models.CharField("科目编码", max_length=7)
    name = models.CharField("科目名称", max_length=80)

    class Meta:
        verbose_name = verbose_name_plural = "政府收支分类科目"
        ordering = ["year", "scheme", "code"]
        constraints = [models.UniqueConstraint(fields=["year", "scheme", "code"], name="budget_class_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class BudgetUnit(CongressScoped):
    """A budget unit (预算单位) as the finance bureau codes it; a 主管部门 has no parent."""

    code = models.CharField("单位编码", max_length=20)
    name = models.CharField("单位名称", max_length=100)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
                               verbose_name="主管部门")
    unit_type = models.CharField("单位类型", max_length=30, blank=True)
    area = models.CharField("所在区域", max_length=40, blank=True,
                            help_text="单位所在的区（县、市），用于代表查看本代表团所在区域的预算执行")
    organization = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name="对应机构")

    class Meta:
        verbose_name = verbose_name_plural = "预算单位"
        ordering = ["congress", "code"]
        constraints = [models.UniqueConstraint(fields=["congress", "code"], name="budget_unit_unique_code")]
        indexes = [models.Index(fields=["congress", "parent"], name="budget_unit_parent")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def dept_id(self) -> int:
        return self.parent_id or self.pk


class FundType(models.TextChoices):
    GENERAL = "general", "一般公共预算"
    FUND = "fund", "政府性基金预算"
    STATE_CAPITAL = "state_capital", "国有资本经营预算"
    SOCIAL_INSURANCE = "social_insurance", "社会保险基金预算"


class IndicatorKind(models.TextChoices):
    INITIAL = "initial", "年初预算"
    ADJUST = "adjust", "调整"
    ADD = "add", "追加"
    REDUCE = "reduce", "调减"


class Indicator(CongressScoped):
    """One budget indicator line (预算指标); 调减 lines carry a negative amount."""

    year = models.PositiveSmallIntegerField("年度")
    doc_number = models.CharField("指标文号", max_length=60)
    unit = models.ForeignKey(BudgetUnit, on_delete=models.PROTECT, related_name="indicators", verbose_name="单位")
    func_code = models.CharField("功能科目编码", max_length=7)
    econ_code = models.CharField("经济科目编码", max_length=5)
    project_code = models.CharField("项目编码", max_length=40, blank=True)
    project_name = models.CharField("项目名称", max_length=200, blank=True)
    fund_type = models.CharField("资金性质", max_length=20, choices=FundType.choices)
    kind = models.CharField("指标类型", max_length=10, choices=IndicatorKind.choices)
    amount_fen = models.BigIntegerField("金额（分）")

    class Meta:
        verbose_name = verbose_name_plural = "预算指标"
        ordering = ["congress", "year", "unit", "func_code"]
        constraints = [models.UniqueConstraint(
            fields=["congress", "year", "doc_number", "unit", "func_code", "econ_code", "project_code", "kind"],
            name="budget_indicator_unique_line")]
        indexes = [models.Index(fields=["congress", "year", "unit", "func_code", "project_code"],
                                name="budget_ind_key")]

    def __str__(self) -> str:
        return f"{self.doc_number} {self.project_name or self.func_code}"


class PayMethod(models.TextChoices):
    DIRECT = "direct", "直接支付"
    AUTHORISED = "authorised", "授权支付"


class Payment(CongressScoped):
    """One treasury payment (国库集中支付); the voucher number is unique per congress and year."""

    year = models.PositiveSmallIntegerField("年度")
    voucher = models.CharField("支付凭证号", max_length=40)
    paid_on = models.DateField("支付日期")
    unit = models.ForeignKey(BudgetUnit, on_delete=models.PROTECT, related_name="payments", verbose_name="单位")
    func_code = models.CharField("功能科目编码", max_length=7)
    econ_code = models.CharField("经济科目编码", max_length=5)
    project_code = models.CharField("项目编码", max_length=40, blank=True)
    amount_fen = models.BigIntegerField("金额（分）")
    payee = models.CharField("收款人名称", max_length=200)
    method = models.CharField("支付方式", max_length=12, choices=PayMethod.choices)
    purpose = models.CharField("用途", max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "国库集中支付"
        ordering = ["congress", "paid_on", "voucher"]
        constraints = [models.UniqueConstraint(fields=["congress", "year", "voucher"],
                                               name="budget_payment_unique_voucher")]
        indexes = [
            models.Index(fields=["congress", "year", "unit", "func_code", "project_code", "paid_on"],
                         name="budget_pay_key"),
            models.Index(fields=["congress", "year", "unit", "payee", "amount_fen"], name="budget_pay_dup"),
        ]

    def __str__(self) -> str:
        return self.voucher


class DebtKind(models.TextChoices):
    GENERAL = "general", "一般债券"
    SPECIAL = "special", "专项债券"


class Debt(CongressScoped):
    """A government bond (政府债务) of the congress's level."""

    code = models.CharField("债券编码", max_length=40)
    kind = models.CharField("债券类型", max_length=10, choices=DebtKind.choices)
    issued_on = models.DateField("发行日期")
    matures_on = models.DateField("到期日期")
    amount_fen = models.BigIntegerField("金额（分）")
    rate_bp = models.PositiveIntegerField("利率（基点，1%=100）")
    project_code = models.CharField("项目编码", max_length=40, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "政府债务"
        ordering = ["congress", "issued_on", "code"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "code"], name="budget_debt_unique_code"),
            models.CheckConstraint(condition=Q(matures_on__gt=models.F("issued_on")), name="budget_debt_dates"),
        ]

    def __str__(self) -> str:
        return self.code


class DebtLimit(CongressScoped):
    """The debt limit (债务限额) of a year as approved (预算法 第三十五条第二款)."""

    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("债券类型", max_length=10, choices=DebtKind.choices)
    amount_fen = models.BigIntegerField("限额（分）")

    class Meta:
        verbose_name = verbose_name_plural = "政府债务限额"
        constraints = [models.UniqueConstraint(fields=["congress", "year", "kind"], name="budget_debt_limit_unique")]

    def __str__(self) -> str:
        return f"{self.year} {self.get_kind_display()}"


class FinalAccount(CongressScoped):
    """决算数 of a unit × 功能科目 × 经济科目 for a year."""

    year = models.PositiveSmallIntegerField("年度")
    unit = models.ForeignKey(BudgetUnit, on_delete=models.PROTECT, related_name="finals", verbose_name="单位")
    func_code = models.CharField("功能科目编码", max_length=7)
    econ_code = models.CharField("经济科目编码", max_length=5)
    amount_fen = models.BigIntegerField("决算数（分）")

    class Meta:
        verbose_name = verbose_name_plural = "决算"
        constraints = [models.UniqueConstraint(fields=["congress", "year", "unit", "func_code", "econ_code"],
                                               name="budget_final_unique")]


class ImportKind(models.TextChoices):
    UNITS = "units", "预算单位"
    INDICATORS = "indicators", "预算指标"
    PAYMENTS = "payments", "国库集中支付"
    DEBT = "debt", "政府债务"
    FINAL = "final", "决算"


class ImportBatch(CongressScoped):
    """One imported file: applied whole, or refused whole with the row-by-row report."""

    class Status(models.TextChoices):
        APPLIED = "applied", "已导入"
        REFUSED = "refused", "已拒绝"

    kind = models.CharField("数据类型", max_length=12, choices=ImportKind.choices)
    filename = models.CharField("文件名", max_length=200)
    sha256 = models.CharField("文件摘要", max_length=64)
    status = models.CharField("结果", max_length=10, choices=Status.choices)
    rows = models.PositiveIntegerField("数据行数", default=0)
    created = models.PositiveIntegerField("新增", default=0)
    updated = models.PositiveIntegerField("更新", default=0)
    unchanged = models.PositiveIntegerField("未变", default=0)
    refused = models.PositiveIntegerField("拒绝", default=0)
    report = models.JSONField("逐行报告", default=list)  # [{"row": n, "message": "…"}]
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, verbose_name="导入人")
    created_at = models.DateTimeField("导入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "导入记录"
        ordering = ["congress", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.filename}"


class MonthlyExecution(CongressScoped):
    """Rollup: payments of a month by unit × 功能科目 × 项目 (refreshed on import; see docs/BUDGET.md)."""

    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField("月份")
    dept_id = models.BigIntegerField("主管部门")  # the unit's 主管部门 (itself for a 主管部门), denormalised
    unit = models.ForeignKey(BudgetUnit, on_delete=models.CASCADE, related_name="+")
    func_code = models.CharField(max_length=7)
    project_code = models.CharField(max_length=40, blank=True)
    amount_fen = models.BigIntegerField()
    payments = models.PositiveIntegerField()

    class Meta:
        verbose_name = verbose_name_plural = "月度执行汇总"
        indexes = [models.Index(fields=["congress", "year", "dept_id", "unit", "func_code"], name="budget_mx_key")]


class BudgetTotal(CongressScoped):
    """Rollup: indicators of a year by unit × 功能科目 × 项目 (the budget the execution is measured against)."""

    year = models.PositiveSmallIntegerField("年度")
    dept_id = models.BigIntegerField("主管部门")
    unit = models.ForeignKey(BudgetUnit, on_delete=models.CASCADE, related_name="+")
    func_code = models.CharField(max_length=7)
    project_code = models.CharField(max_length=40, blank=True)
    project_name = models.CharField(max_length=200, blank=True)
    amount_fen = models.BigIntegerField()

    class Meta:
        verbose_name = verbose_name_plural = "预算指标汇总"
        indexes = [models.Index(fields=["congress", "year", "dept_id", "unit", "func_code"], name="budget_bt_key")]


class DeptExecution(CongressScoped):
    """Rollup of the rollup: payments of a month by 主管部门 (the top level of the drill-down and the home page read
    a hundred rows a year here instead of summing every unit × 科目 × 项目)."""

    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField("月份")
    dept_id = models.BigIntegerField("主管部门")
    amount_fen = models.BigIntegerField()

    class Meta:
        verbose_name = verbose_name_plural = "主管部门月度执行汇总"
        indexes = [models.Index(fields=["congress", "year", "dept_id"], name="budget_dx_key")]


class DeptBudget(CongressScoped):
    """Rollup: indicators of a year by 主管部门."""

    year = models.PositiveSmallIntegerField("年度")
    dept_id = models.BigIntegerField("主管部门")
    amount_fen = models.BigIntegerField()

    class Meta:
        verbose_name = verbose_name_plural = "主管部门预算汇总"
        indexes = [models.Index(fields=["congress", "year", "dept_id"], name="budget_db_key")]


class EconExecution(CongressScoped):
    """Rollup: payments of a month by unit × 经济科目 (refreshed with the other rollups). The 三公经费 of the topics
    page and the reports read it: their economic codes are a rule parameter (BUDGET-THREE-PUBLIC), so every code is
    kept — the table is bounded by units × 经济科目 × 12, whatever the number of payments."""

    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField("月份")
    unit = models.ForeignKey(BudgetUnit, on_delete=models.CASCADE, related_name="+")
    econ_code = models.CharField(max_length=5)
    amount_fen = models.BigIntegerField()

    class Meta:
        verbose_name = verbose_name_plural = "经济科目月度执行汇总"
        indexes = [models.Index(fields=["congress", "year", "econ_code", "month"], name="budget_ex_key")]


class EconBudget(CongressScoped):
    """Rollup: indicators of a year by unit × 经济科目 (the 三公经费 budget)."""

    year = models.PositiveSmallIntegerField("年度")
    unit = models.ForeignKey(BudgetUnit, on_delete=models.CASCADE, related_name="+")
    econ_code = models.CharField(max_length=5)
    amount_fen = models.BigIntegerField()

    class Meta:
        verbose_name = verbose_name_plural = "经济科目预算汇总"
        indexes = [models.Index(fields=["congress", "year", "econ_code"], name="budget_eb_key")]


class FuncExecution(CongressScoped):
    """Rollup: payments of a month by 功能科目 (the 转移支付 of the topics page: its codes are a rule parameter,
    BUDGET-TRANSFER, so every code is kept — bounded by 功能科目 × 12 a year, whatever the number of payments).
    Rebuilt from MonthlyExecution by renda.budget.rollups."""

    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField("月份")
    func_code = models.CharField(max_length=7)
    amount_fen = models.BigIntegerField()

    class Meta:
        verbose_name = verbose_name_plural = "功能科目月度执行汇总"
        indexes = [models.Index(fields=["congress", "year", "func_code", "month"], name="budget_fx_key")]


class FuncBudget(CongressScoped):
    """Rollup: indicators of a year by 功能科目 (the 转移支付 budget), from BudgetTotal."""

    year = models.PositiveSmallIntegerField("年度")
    func_code = models.CharField(max_length=7)
    amount_fen = models.BigIntegerField()

    class Meta:
        verbose_name = verbose_name_plural = "功能科目预算汇总"
        indexes = [models.Index(fields=["congress", "year", "func_code"], name="budget_fb_key")]


class DeptFinal(CongressScoped):
    """Rollup: 决算数 of a year by 主管部门 (the unit's 主管部门, itself for a 主管部门), rebuilt after a 决算 import
    and with the other rollups (a units import may move a unit to another 主管部门)."""

    year = models.PositiveSmallIntegerField("年度")
    dept_id = models.BigIntegerField("主管部门")
    amount_fen = models.BigIntegerField()

    class Meta:
        verbose_name = verbose_name_plural = "主管部门决算汇总"
        indexes = [models.Index(fields=["congress", "year", "dept_id"], name="budget_df_key")]


class QueryStatus(models.TextChoices):
    DRAFTING = "drafting", "起草中"
    SENT = "sent", "已发函，待答复"
    REPLIED = "replied", "已答复"
    FOLLOW_UP = "follow_up", "跟踪问询中"
    CLOSED = "closed", "已办结"


OPEN_QUERY_STATES = (QueryStatus.DRAFTING, QueryStatus.SENT, QueryStatus.REPLIED, QueryStatus.FOLLOW_UP)


class QueryOutcome(models.TextChoices):
    EXPLAINED = "explained", "说明合理"
    RECTIFIED = "rectified", "已整改"
    TO_REVIEW = "to_review", "纳入预算审查（初审意见）"
    TO_AUDIT = "to_audit", "移交审计整改跟踪"


class BudgetQuery(CongressScoped):
    """A query letter (函询) of the 预算工委 to the finance bureau or a unit, and its reply, follow-up and outcome."""

    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("标题", max_length=200)
    question = models.TextField("询问事项")
    addressee = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="budget_queries",
                                  verbose_name="受询单位")
    unit = models.ForeignKey(BudgetUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="queries",
                             verbose_name="预算单位")
    alert_kind = models.CharField("预警类型", max_length=30, blank=True)
    project_code = models.CharField("项目编码", max_length=40, blank=True)
    vouchers = models.JSONField("涉及凭证", default=list, blank=True)
    amount_fen = models.BigIntegerField("涉及金额（分）", null=True, blank=True)
    reply_due = models.DateField("答复期限")
    status = models.CharField("状态", max_length=12, choices=QueryStatus.choices, default=QueryStatus.DRAFTING)
    sent_on = models.DateField("发函日期", null=True, blank=True)
    reply = models.TextField("答复内容", blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True)
    follow_up = models.TextField("跟踪问询", blank=True)
    outcome = models.CharField("办理结果", max_length=12, choices=QueryOutcome.choices, blank=True)
    outcome_note = models.TextField("结果说明", blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="起草人")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "预算函询"
        ordering = ["congress", "-created_at", "-id"]
        indexes = [models.Index(fields=["congress", "status", "reply_due"], name="budget_query_due")]

    def __str__(self) -> str:
        return self.title

    @property
    def alert_label(self) -> str:
        return alert_label(self.alert_kind)


class QuestionStatus(models.TextChoices):
    PENDING = "pending", "待处理"
    TO_QUERY = "to_query", "已转函询"
    ANSWERED = "answered", "已答复"
    CLOSED = "closed", "已关闭"


OPEN_QUESTION_STATES = (QuestionStatus.PENDING, QuestionStatus.TO_QUERY)


class BudgetQuestion(CongressScoped):
    """A deputy's question on the budget's execution, in the 预算工委's queue: answered directly, or turned into a
    函询 whose outcome answers it (rule BUDGET-QUESTION)."""

    year = models.PositiveSmallIntegerField("年度")
    deputy = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name="提出代表")
    delegation = models.CharField("所在代表团", max_length=60, blank=True)
    text = models.TextField("问题")
    unit = models.ForeignKey(BudgetUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions",
                             verbose_name="预算单位")
    project_code = models.CharField("项目编码", max_length=40, blank=True)
    alert_kind = models.CharField("预警类型", max_length=30, blank=True)
    status = models.CharField("状态", max_length=12, choices=QuestionStatus.choices, default=QuestionStatus.PENDING)
    query = models.ForeignKey(BudgetQuery, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions",
                              verbose_name="转办的函询")
    answer = models.TextField("答复", blank=True)
    answered_on = models.DateField("答复日期", null=True, blank=True)
    created_at = models.DateTimeField("提出时间", auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "代表预算问题"
        ordering = ["congress", "-created_at", "-id"]
        indexes = [models.Index(fields=["congress", "status", "created_at"], name="budget_question_queue"),
                   models.Index(fields=["congress", "deputy"], name="budget_question_deputy")]

    def __str__(self) -> str:
        return self.text[:30]

    @property
    def alert_label(self) -> str:
        return alert_label(self.alert_kind)


def alert_label(kind: str) -> str:
    """An alert kind as people read it: its rule's title."""
    return rules.get(RULES[kind]).title if kind in RULES else ""


class BudgetDataVersion(CongressScoped):
    """The version of a congress's finance data: a new random token each time data change (an import applied, the
    rollups refreshed, debt limits written). Derived figures (the alerts of a year as of a date, the .docx reports'
    figures) are cached under it, so a change anywhere makes them computed again — in every process, since the
    token is read from the database (docs/BUDGET.md "Cached alerts")."""

    token = models.CharField("数据版本", max_length=32)
    changed_at = models.DateTimeField("变更时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "预算数据版本"
        constraints = [models.UniqueConstraint(fields=["congress"], name="budget_data_version_unique")]

    def __str__(self) -> str:
        return self.token
