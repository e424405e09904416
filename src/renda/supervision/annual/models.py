"""The reports the standing committee must hear every year (监督法 第十九条第二款、第二十三条、第二十四条第二款、
第二十五条第二款、第二十七条第一款、第四十五条): one row per congress, year and kind, heard or still missing."""

from __future__ import annotations

from django.db import models

from renda.core.models import CongressScoped, User


class AnnualKind(models.TextChoices):
    FINAL_ACCOUNTS = "final_accounts", "上一年度本级决算草案"
    AUDIT_WORK = "audit_work", "上一年度预算执行和其他财政收支的审计工作报告"
    STATE_ASSETS = "state_assets", "国有资产管理情况的报告"
    GOVERNMENT_DEBT = "government_debt", "政府债务管理情况的报告"
    FILING_REVIEW = "filing_review", "备案审查工作情况报告"
    MIDTERM_REVIEW = "midterm_review", "五年规划纲要实施情况的中期评估报告"


class AnnualStatus(models.TextChoices):
    MISSING = "missing", "尚未听取"
    HEARD = "heard", "已听取审议"


class AnnualDuty(CongressScoped):
    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("法定报告", max_length=20, choices=AnnualKind.choices)
    due = models.DateField("应当听取的期限")
    report = models.ForeignKey("supervision.Report", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+", verbose_name="听取的报告")
    heard_on = models.DateField("听取审议日期", null=True, blank=True)
    meeting_title = models.CharField("常委会会议", max_length=120, blank=True)
    status = models.CharField("状态", max_length=10, choices=AnnualStatus.choices, default=AnnualStatus.MISSING)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "年度法定报告"
        ordering = ["congress", "-year", "due", "id"]
        constraints = [models.UniqueConstraint(fields=["congress", "year", "kind"], name="sup_annual_once")]

    def __str__(self) -> str:
        return f"{self.year}年{self.get_kind_display()}"
