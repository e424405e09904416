"""One row per request for permission (许可) or report of detention (现行犯被拘留的报告)."""

from __future__ import annotations

from django.db import models

from renda.core.models import CongressScoped


class ImmunityStatus(models.TextChoices):
    RECEIVED = "received", "已受理"
    REVIEWED = "reviewed", "已审查"
    PERMITTED = "permitted", "许可"
    REFUSED = "refused", "不予许可"
    NOTED = "noted", "已听取报告"
    WITHDRAWN = "withdrawn", "提请机关撤回"


class ImmunityCase(CongressScoped):
    class Kind(models.TextChoices):
        ARREST = "arrest", "提请许可逮捕"
        TRIAL = "trial", "提请许可刑事审判"
        RESTRICTION = "restriction", "提请许可采取其他限制人身自由的措施"
        DETENTION = "detention", "现行犯被拘留的报告"

    class OrganKind(models.TextChoices):
        POLICE = "police", "公安机关"
        STATE_SECURITY = "state_security", "国家安全机关"
        PROCURATORATE = "procuratorate", "人民检察院"
        COURT = "court", "人民法院"
        OTHER = "other", "其他机关"

    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    deputy = models.ForeignKey("deputies.Deputy", on_delete=models.PROTECT, related_name="immunity_cases",
                               verbose_name="代表")
    organ_kind = models.CharField("提请（报告）机关类别", max_length=20, choices=OrganKind.choices)
    organ = models.CharField("提请（报告）机关", max_length=120)
    received_on = models.DateField("收到日期")
    detained_on = models.DateField("拘留日期", null=True, blank=True)
    facts = models.TextField("案由和主要事实")
    materials = models.TextField("审查依据的材料", blank=True)
    retaliation_found = models.BooleanField("存在法律追究或者打击报复情形", null=True, blank=True)
    review_opinion = models.TextField("审查意见", blank=True)
    reviewed_on = models.DateField("审查日期", null=True, blank=True)
    votes_for = models.PositiveIntegerField("赞成票", null=True, blank=True)
    members_total = models.PositiveIntegerField("常委会组成人员总数", null=True, blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    decision_ref = models.CharField("决定文件", max_length=120, blank=True)
    status = models.CharField("状态", max_length=12, choices=ImmunityStatus.choices, default=ImmunityStatus.RECEIVED)
    created_at = models.DateTimeField(auto_now_add=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        app_label = "deputies"
        verbose_name = verbose_name_plural = "许可申请和拘留报告"
        ordering = ["congress", "-received_on", "-id"]
        indexes = [models.Index(fields=["congress", "status"], name="immunity_status")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.deputy}）"

    @property
    def report_delay_days(self) -> int | None:
        """Days between the detention and the report's arrival (代表法 第三十九条第一款: 立即报告)."""
        if self.kind != self.Kind.DETENTION or self.detained_on is None:
            return None
        return (self.received_on - self.detained_on).days
