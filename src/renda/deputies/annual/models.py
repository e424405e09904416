from __future__ import annotations

from django.db import models

from renda.core.models import CongressScoped


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "起草中"
    ADOPTED = "adopted", "主任会议已通过"
    NOTIFIED = "notified", "已向代表通报"
    PUBLISHED = "published", "已向社会公布"


class DeputyWorkPlan(CongressScoped):
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("标题", max_length=200)
    content = models.TextField("计划内容")
    adopted_at = models.ForeignKey("meetings.Meeting", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="通过的主任会议")
    adopted_on = models.DateField("通过日期", null=True, blank=True)
    notified_on = models.DateField("向代表通报日期", null=True, blank=True)
    published_on = models.DateField("向社会公布日期", null=True, blank=True)
    status = models.CharField("状态", max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        app_label = "deputies"
        verbose_name = verbose_name_plural = "年度代表工作计划"
        ordering = ["congress", "-year"]
        constraints = [models.UniqueConstraint(fields=["congress", "year"], name="deputy_work_plan_one_per_year")]

    def __str__(self) -> str:
        return self.title
