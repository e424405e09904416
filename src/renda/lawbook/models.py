"""The city's law book (法规库): regulations, their events and versions over time, package amendments (打包修改),
clean-up campaigns (法规清理), review findings against upper law (对照上位法审查) and public subscriptions.

A regulation's text at a date is the version whose [effective_from, effective_to] holds that day (both inclusive;
`effective_to` is None while the version is current). Versions are written only by services (import, amendment,
package amendment, repeal), never edited in place.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from renda.core.crypto import EncryptedTextField
from renda.core.models import CongressScoped, Organization, User


class RegulationKind(models.TextChoices):
    LOCAL = "local", "地方性法规"
    UPPER_LAW = "law", "法律"
    ADMIN_REGULATION = "admin_regulation", "行政法规"
    PROVINCIAL = "provincial", "省级地方性法规"
    RULES = "rules", "规章"


UPPER_KINDS = (RegulationKind.UPPER_LAW, RegulationKind.ADMIN_REGULATION, RegulationKind.PROVINCIAL,
               RegulationKind.RULES)


class RegulationStatus(models.TextChoices):
    IN_FORCE = "in_force", "有效"
    AMENDED = "amended", "已修改"
    REPEALED = "repealed", "已废止"


IN_FORCE_STATES = (RegulationStatus.IN_FORCE, RegulationStatus.AMENDED)


class Regulation(CongressScoped):
    title = models.CharField("名称", max_length=200)
    kind = models.CharField("类别", max_length=20, choices=RegulationKind.choices, default=RegulationKind.LOCAL)
    number = models.CharField("文号（公告号）", max_length=80, blank=True)
    status = models.CharField("状态", max_length=12, choices=RegulationStatus.choices,
                              default=RegulationStatus.IN_FORCE)
    enacted_on = models.DateField("通过日期", null=True, blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "法规"
        ordering = ["congress", "kind", "title"]
        constraints = [models.UniqueConstraint(fields=["congress", "kind", "title"], name="lawbook_reg_unique_title")]
        indexes = [models.Index(fields=["congress", "status"], name="lawbook_reg_status")]

    def __str__(self) -> str:
        return f"《{self.title}》"

    @property
    def is_upper(self) -> bool:
        return self.kind in UPPER_KINDS


class EventKind(models.TextChoices):
    ADOPTED = "adopted", "通过"
    APPROVED = "approved", "批准"
    PROMULGATED = "promulgated", "公布"
    EFFECTIVE = "effective", "施行"
    AMENDED = "amended", "修正"
    REVISED = "revised", "修订"
    REPEALED = "repealed", "废止"


class RegulationEvent(CongressScoped):
    regulation = models.ForeignKey(Regulation, on_delete=models.CASCADE, related_name="events", verbose_name="法规")
    kind = models.CharField("事件", max_length=12, choices=EventKind.choices)
    date = models.DateField("日期")
    ref = models.CharField("依据（决定、公告）", max_length=200, blank=True)
    decision = models.TextField("决定文本", blank=True)
    bill = models.ForeignKey("legislation.Bill", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name="法规案")
    package = models.ForeignKey("PackageAmendment", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="events", verbose_name="打包修改决定")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "法规沿革"
        ordering = ["regulation", "date", "id"]
        indexes = [models.Index(fields=["congress", "date"], name="lawbook_event_date")]

    def __str__(self) -> str:
        return f"{self.regulation}{self.get_kind_display()}"


class RegulationVersion(CongressScoped):
    regulation = models.ForeignKey(Regulation, on_delete=models.CASCADE, related_name="versions",
                                   verbose_name="法规")
    text = models.TextField("文本")
    effective_from = models.DateField("施行日期")
    effective_to = models.DateField("失效日期（含当日）", null=True, blank=True)
    produced_by = models.ForeignKey(RegulationEvent, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="versions", verbose_name="产生该文本的事件")
    article_count = models.PositiveIntegerField("条数", default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "法规文本"
        ordering = ["regulation", "effective_from", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")),
                                   name="lawbook_version_dates_ordered"),
            models.UniqueConstraint(fields=["regulation", "effective_from"], name="lawbook_version_unique_start"),
        ]

    def __str__(self) -> str:
        return f"{self.regulation}（{self.effective_from:%Y年%m月%d日}起施行的文本）"


# ---- 打包修改 -------------------------------------------------------------------------------------------------------
class PackageStatus(models.TextChoices):
    DRAFT = "draft", "待适用"
    APPLIED = "applied", "已适用"
    REFUSED = "refused", "适用失败"


class PackageAmendment(CongressScoped):
    title = models.CharField("决定名称", max_length=200)
    decided_on = models.DateField("通过日期")
    effective_on = models.DateField("施行日期")
    text = models.TextField("决定文本")
    status = models.CharField("状态", max_length=10, choices=PackageStatus.choices, default=PackageStatus.DRAFT)
    report = models.JSONField("适用报告", default=list, blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "打包修改决定"
        ordering = ["congress", "-decided_on", "-id"]

    def __str__(self) -> str:
        return self.title


# ---- 法规清理 -------------------------------------------------------------------------------------------------------
class CampaignStatus(models.TextChoices):
    PROPOSED = "proposed", "立项"
    ASSIGNED = "assigned", "已分工"
    REVIEWING = "reviewing", "审查中"
    SUMMARIZED = "summarized", "已汇总"
    REPORTED = "reported", "已形成报告"


class CleanupCampaign(CongressScoped):
    title = models.CharField("名称", max_length=200)
    year = models.PositiveSmallIntegerField("年度")
    reason = models.TextField("清理的原因和范围", blank=True)
    status = models.CharField("状态", max_length=12, choices=CampaignStatus.choices, default=CampaignStatus.PROPOSED)
    lead = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name="牵头机构")
    summary = models.TextField("汇总意见", blank=True)
    package_draft = models.TextField("打包修改决定草稿", blank=True)
    reported_on = models.DateField("报告日期", null=True, blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "法规清理"
        ordering = ["congress", "-year", "-id"]

    def __str__(self) -> str:
        return self.title


class CleanupDecision(models.TextChoices):
    KEEP = "keep", "保留"
    AMEND = "amend", "修改"
    REPEAL = "repeal", "废止"
    PACKAGE = "package", "打包修改"


class CleanupItem(CongressScoped):
    campaign = models.ForeignKey(CleanupCampaign, on_delete=models.CASCADE, related_name="items",
                                 verbose_name="法规清理")
    regulation = models.ForeignKey(Regulation, on_delete=models.PROTECT, related_name="cleanup_items",
                                   verbose_name="法规")
    committee = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                  verbose_name="承担审查的委员会")
    decision = models.CharField("清理意见", max_length=10, choices=CleanupDecision.choices, blank=True)
    reason = models.TextField("理由", blank=True)
    proposed_text = models.TextField("建议修改后的文本", blank=True)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "清理事项"
        ordering = ["campaign", "id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "regulation"], name="lawbook_cleanup_unique_reg")]

    def __str__(self) -> str:
        return f"{self.campaign}：{self.regulation}"


# ---- 对照上位法审查 ---------------------------------------------------------------------------------------------------
class FindingStatus(models.TextChoices):
    OPEN = "open", "待处理"
    ACCEPTED = "accepted", "采纳"
    DISMISSED = "dismissed", "不采纳"


class ReviewFinding(CongressScoped):
    """One finding of the review assistant on a filed document (备案审查) or a bill's draft, decided by a reviewer."""

    document = models.ForeignKey("supervision.NormativeDocument", null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="+", verbose_name="备案文件")
    bill_version = models.ForeignKey("legislation.BillVersion", null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="+", verbose_name="法规草案文本")
    upper = models.ForeignKey(Regulation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                              verbose_name="上位法")
    article = models.CharField("条文", max_length=40, blank=True)
    kind = models.CharField("问题类型", max_length=40)
    upper_law = models.CharField("上位法名称", max_length=200, blank=True)
    upper_article = models.CharField("上位法条文", max_length=40, blank=True)
    message = models.TextField("提示")
    lower_text = models.TextField("被审查条文", blank=True)
    upper_text = models.TextField("上位法条文内容", blank=True)
    status = models.CharField("处理", max_length=10, choices=FindingStatus.choices, default=FindingStatus.OPEN)
    decision_note = models.TextField("处理说明", blank=True)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "审查提示"
        ordering = ["congress", "id"]
        constraints = [models.CheckConstraint(condition=Q(document__isnull=False) | Q(bill_version__isnull=False),
                                              name="lawbook_finding_has_target")]

    def __str__(self) -> str:
        return f"{self.article} {self.kind}"


# ---- subscriptions -------------------------------------------------------------------------------------------------
class Topic(models.TextChoices):
    DRAFTS = "drafts", "法规草案公开征求意见"
    BILL = "bill", "法规案审议进程"
    MEETINGS = "meetings", "常委会会议"
    REGULATIONS = "regulations", "新公布、修改、废止的法规"


class SubscriptionStatus(models.TextChoices):
    PENDING = "pending", "待确认"
    CONFIRMED = "confirmed", "已订阅"
    UNSUBSCRIBED = "unsubscribed", "已退订"


class Subscription(CongressScoped):
    """An email subscription from the portal: double opt-in, the address encrypted (personal data)."""

    email = EncryptedTextField("电子邮箱")
    email_digest = models.CharField(max_length=64, db_index=True)
    topic = models.CharField("订阅内容", max_length=12, choices=Topic.choices)
    bill = models.ForeignKey("legislation.Bill", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                             verbose_name="法规案")
    status = models.CharField("状态", max_length=14, choices=SubscriptionStatus.choices,
                              default=SubscriptionStatus.PENDING)
    token = models.CharField(max_length=64, unique=True)
    submission = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "订阅"
        ordering = ["congress", "id"]
        indexes = [models.Index(fields=["congress", "topic", "status"], name="lawbook_sub_topic")]

    def __str__(self) -> str:
        return f"{self.get_topic_display()}订阅"
