from __future__ import annotations

from django.db import models
from django.utils import timezone

from renda.core.models import CongressScoped


class DutyStatus(models.TextChoices):
    OPEN = "open", "待办理"
    DONE = "done", "已办结"


class AppointmentDuty(CongressScoped):
    class Kind(models.TextChoices):
        NEW_GOVERNMENT = "new_government", "新一届政府提请任命组成部门负责人"
        ACTING_PROCURATOR = "acting_procurator", "代理检察长报上一级备案"
        RESIGNATION = "resignation", "接受辞职报本级人民代表大会备案"

    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    title = models.CharField("事项", max_length=200)
    nomination = models.OneToOneField("meetings.Nomination", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="duty", verbose_name="任免案")
    occurred_on = models.DateField("起算日期")
    due_on = models.DateField("期限", null=True, blank=True)
    done_on = models.DateField("办结日期", null=True, blank=True)
    done_ref = models.CharField("报送文件或者提请情况", max_length=200, blank=True)
    status = models.CharField("状态", max_length=8, choices=DutyStatus.choices, default=DutyStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        app_label = "meetings"
        verbose_name = verbose_name_plural = "任免法定时限和备案事项"
        ordering = ["congress", "status", "due_on", "id"]
        indexes = [models.Index(fields=["congress", "status", "due_on"], name="appt_duty_open")]

    def __str__(self) -> str:
        return self.title

    @property
    def late(self) -> bool:
        """Done after the due date (or, while open, past it): shown as 逾期."""
        if self.due_on is None:
            return False
        return (self.done_on or timezone.localdate()) > self.due_on
