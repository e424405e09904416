from __future__ import annotations

from django.db import models

from renda.core.models import CongressScoped


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "起草中"
    REPORTED = "reported", "已向常委会报告"
    DISTRIBUTED = "distributed", "已印发大会"
    PUBLISHED = "published", "已公开"


class HandlingReport(CongressScoped):
    year = models.PositiveSmallIntegerField("建议年度")
    title = models.CharField("标题", max_length=200)
    text = models.TextField("报告正文")
    figures = models.JSONField("办理情况统计", default=dict, blank=True)
    figures_on = models.DateField("统计截至", null=True, blank=True)
    reported_at = models.ForeignKey("meetings.Meeting", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name="报告的常委会会议")
    reported_on = models.DateField("向常委会报告日期", null=True, blank=True)
    distributed_to = models.ForeignKey("core.CongressSession", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+", verbose_name="印发的大会会议")
    distributed_on = models.DateField("印发日期", null=True, blank=True)
    published_on = models.DateField("公开日期", null=True, blank=True)
    status = models.CharField("状态", max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        app_label = "proposals"
        verbose_name = verbose_name_plural = "代表建议办理情况报告"
        ordering = ["congress", "-year"]
        constraints = [models.UniqueConstraint(fields=["congress", "year"], name="handling_report_one_per_year")]

    def __str__(self) -> str:
        return self.title
