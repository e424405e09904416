"""Reports on carrying out a resolution of the standing committee (监督法 第十七条第一款、第二十七条第二款、
第二十九条第一款): the organ reports within the period the resolution sets; a report not in by then is overdue."""

from __future__ import annotations

from django.db import models

from renda.core.models import CongressScoped, Organization, User


class ResolutionStatus(models.TextChoices):
    AWAITING = "awaiting", "待报告执行决议情况"
    REPORTED = "reported", "已报告执行决议情况"
    PUBLISHED = "published", "已通报公布"


class ResolutionExecution(CongressScoped):
    report = models.ForeignKey("supervision.Report", on_delete=models.CASCADE, related_name="resolution_reports",
                               verbose_name="监督报告")
    organ = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name="报告机关")
    resolution = models.TextField("常委会决议")
    adopted_on = models.DateField("决议日期")
    due = models.DateField("决议规定的报告期限")
    report_text = models.TextField("执行决议情况的报告", blank=True)
    reported_on = models.DateField("报告日期", null=True, blank=True)
    late = models.BooleanField("逾期", default=False)
    published_on = models.DateField("通报公布日期", null=True, blank=True)
    status = models.CharField("状态", max_length=12, choices=ResolutionStatus.choices,
                              default=ResolutionStatus.AWAITING)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "执行决议情况报告"
        ordering = ["congress", "due", "id"]
        indexes = [models.Index(fields=["congress", "status", "due"], name="sup_resolution_due")]

    def __str__(self) -> str:
        return f"{self.report.title}（执行决议情况）"

    def overdue_on(self, today) -> bool:
        return self.status == ResolutionStatus.AWAITING and self.due < today
