"""The annual work plan (工作要点): the plan, its items, their progress and the plan's versions."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q

from renda.core.models import CongressScoped, Organization, Person, User


class Category(models.TextChoices):
    LEGISLATION = "legislation", "立法"
    SPECIAL_REPORT = "special_report", "听取审议专项工作报告"
    ENFORCEMENT = "enforcement", "执法检查"
    INQUIRY = "inquiry", "专题询问"
    BUDGET = "budget", "预算决算审查"
    FILING_REVIEW = "filing_review", "规范性文件备案审查"
    RESEARCH = "research", "专题调研"
    PROPOSALS = "proposals", "议案建议督办"
    DECISION = "decision", "重大事项决定"
    APPOINTMENT = "appointment", "人事任免"
    DEPUTIES = "deputies", "代表工作"
    SELF_BUILDING = "self_building", "自身建设"
    EXCHANGE = "exchange", "对外交流"
    PUBLICITY = "publicity", "宣传"


# Categories whose items report on an organ (一府一委两院): 监督法 第十一条 (rule WP-ITEM-ORGAN).
ORGAN_CATEGORIES = frozenset({Category.SPECIAL_REPORT, Category.INQUIRY, Category.BUDGET})
# The four powers, for the one-picture view.
POWER_OF_CATEGORY = {
    Category.LEGISLATION: "立法",
    Category.SPECIAL_REPORT: "监督",
    Category.ENFORCEMENT: "监督",
    Category.INQUIRY: "监督",
    Category.BUDGET: "监督",
    Category.FILING_REVIEW: "监督",
    Category.RESEARCH: "监督",
    Category.PROPOSALS: "代表",
    Category.DECISION: "决定",
    Category.APPOINTMENT: "任免",
    Category.DEPUTIES: "代表",
    Category.SELF_BUILDING: "自身建设",
    Category.EXCHANGE: "对外交流",
    Category.PUBLICITY: "宣传",
}


class PriorityTag(CongressScoped):
    """One of the city's priorities the plan serves (configurable per congress)."""

    name = models.CharField("名称", max_length=40)
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "中心工作"
        ordering = ["congress", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["congress", "name"], name="priority_unique_name")]

    def __str__(self) -> str:
        return self.name


class PlanStatus(models.TextChoices):
    DRAFTING = "drafting", "起草中"
    PARTY_GROUP = "party_group", "党组会议研究"
    ADOPTED = "adopted", "主任会议通过"
    ISSUED = "issued", "已印发"
    REVISING = "revising", "修订中"


class WorkPlan(CongressScoped):
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("标题", max_length=120)
    status = models.CharField("状态", max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFTING)
    doc_number = models.CharField("发文字号", max_length=40, blank=True)
    issued_on = models.DateField("印发日期", null=True, blank=True)
    is_public = models.BooleanField("向社会公布", default=True)
    current_version = models.PositiveIntegerField("当前版本", default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "工作要点"
        ordering = ["congress", "-year"]
        constraints = [models.UniqueConstraint(fields=["congress", "year"], name="workplan_one_per_year")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open_for_editing(self) -> bool:
        return self.status in (PlanStatus.DRAFTING, PlanStatus.REVISING)

    @property
    def is_in_force(self) -> bool:
        """Issued at least once: its items may be carried out (a revision does not stop the work)."""
        return self.current_version > 0


class ItemStatus(models.TextChoices):
    PLANNED = "planned", "未启动"
    IN_PROGRESS = "in_progress", "推进中"
    COMPLETED = "completed", "已完成"
    CANCELLED = "cancelled", "已取消"


OPEN_ITEM_STATES = (ItemStatus.PLANNED, ItemStatus.IN_PROGRESS)


class WorkPlanItem(CongressScoped):
    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="items", verbose_name="工作要点")
    number = models.PositiveIntegerField("序号")
    category = models.CharField("类别", max_length=20, choices=Category.choices)
    title = models.CharField("事项", max_length=200)
    description = models.TextField("内容", blank=True)
    vice_chair = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="分管副主任"
    )
    lead_body = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_workplan_items",
        verbose_name="牵头工委（办）",
    )
    counterpart = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="counterpart_workplan_items",
        verbose_name="对口机关",
    )
    planned_month = models.PositiveSmallIntegerField("计划月份", null=True, blank=True)
    planned_meeting = models.CharField("计划会次", max_length=60, blank=True)
    due_date = models.DateField("完成时限", null=True, blank=True)
    priorities = models.ManyToManyField(PriorityTag, blank=True, verbose_name="服务中心工作")
    status = models.CharField("状态", max_length=20, choices=ItemStatus.choices, default=ItemStatus.PLANNED)
    result = models.TextField("完成情况", blank=True)
    completed_on = models.DateField("完成日期", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "工作要点事项"
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="workplan_item_unique_number"),
            models.CheckConstraint(
                condition=Q(planned_month__isnull=True) | Q(planned_month__gte=1, planned_month__lte=12),
                name="workplan_item_month_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(completed_on__isnull=False),
                name="workplan_item_completed_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["congress", "plan", "status"], name="wpitem_plan_status"),
            models.Index(fields=["congress", "counterpart"], name="wpitem_counterpart"),
            models.Index(fields=["congress", "lead_body"], name="wpitem_lead_body"),
            models.Index(fields=["congress", "status", "due_date"], name="wpitem_due"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def is_overdue(self, today: dt.date) -> bool:
        return self.status in OPEN_ITEM_STATES and self.due_date is not None and self.due_date < today

    @property
    def power(self) -> str:
        return POWER_OF_CATEGORY.get(self.category, "")


class ItemProgress(CongressScoped):
    """A progress note on an item (进展情况)."""

    item = models.ForeignKey(WorkPlanItem, on_delete=models.CASCADE, related_name="progress_notes")
    date = models.DateField("日期")
    text = models.TextField("进展情况")
    author = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, verbose_name="填报人")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "事项进展"
        ordering = ["item", "-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.text[:20]}"


class WorkPlanVersion(CongressScoped):
    """A frozen copy of the plan as adopted/issued; two versions can be compared."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本号")
    label = models.CharField("说明", max_length=120)
    snapshot = models.JSONField("内容")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = verbose_name_plural = "工作要点版本"
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="workplan_version_unique")]

    def __str__(self) -> str:
        return f"{self.plan} 第{self.number}版"
