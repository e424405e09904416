"""The public-opinion channel (社情民意): categories, opinions and the supervision topics suggested from them.

An `Opinion` is submitted by a citizen on the public page (no login) and followed with its tracking code.
The office (办公厅) triages it: routes it to a committee, a deputy, a liaison station or a handling unit with a
deadline, or refuses it with a reason. The assignee replies; the office reviews and publishes the reply, which
the citizen reads on the tracking page (and by email if one was given). Name, phone and email are personal data:
encrypted at rest (`EncryptedTextField`), shown only to the staff who need them (see permissions.py).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q

from renda.core.crypto import EncryptedTextField
from renda.core.models import CongressScoped, Organization

# Tracking codes: 12 characters from an alphabet without look-alikes (no 0/O, 1/I/L), ~59 bits of entropy.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12
DEFAULT_CATEGORIES = ["教育", "医疗", "就业", "住房", "社会保障", "生态环境", "交通", "安全", "其他"]


def new_tracking_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(raw: str) -> str:
    """What a citizen typed (lower case, spaces, dashes …) as a stored code, or '' if it cannot be one."""
    cleaned = "".join(ch for ch in (raw or "").upper() if ch.isalnum())
    if len(cleaned) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in cleaned):
        return ""
    return cleaned


def format_code(code: str) -> str:
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


class Category(CongressScoped):
    """A category of opinions, configurable per congress by the office."""

    name = models.CharField("类别名称", max_length=20)
    order = models.PositiveIntegerField("排序", default=0)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "意见类别"
        ordering = ["congress", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["congress", "name"], name="po_category_unique_name")]

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    SUBMITTED = "submitted", "已提交"
    ROUTED = "routed", "已分办"
    HANDLING = "handling", "办理中"
    REPLIED = "replied", "已答复"
    CLOSED = "closed", "已办结"
    REJECTED = "rejected", "不予受理"


OPEN_STATES = (Status.ROUTED, Status.HANDLING)


class RouteKind(models.TextChoices):
    COMMITTEE = "committee", "常委会委员会"
    DEPUTY = "deputy", "人大代表"
    STATION = "station", "代表联络站"
    UNIT = "unit", "承办单位"


class ReplyState(models.TextChoices):
    NONE = "", "未答复"
    SUBMITTED = "submitted", "答复待审核"
    RETURNED = "returned", "答复已退回"


class Opinion(CongressScoped):
    code = models.CharField("查询码", max_length=CODE_LENGTH, unique=True, editable=False)
    submission_id = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="opinions", verbose_name="类别")
    place = models.CharField("地点（区县、街道）", max_length=80)
    text = models.TextField("意见内容")
    # Personal data: encrypted, never in exports, the API or audit diffs.
    name = EncryptedTextField("姓名", blank=True)
    phone = EncryptedTextField("联系电话", blank=True)
    email = EncryptedTextField("电子邮箱", blank=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    submitted_at = models.DateTimeField("提交时间")
    triage_due = models.DateField("分办期限")
    # routing
    route_kind = models.CharField("分办对象类别", max_length=12, choices=RouteKind.choices, blank=True)
    handler = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                verbose_name="办理机构")
    deputy = models.ForeignKey("deputies.Deputy", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name="人大代表")
    station = models.ForeignKey("deputies.Station", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name="代表联络站")
    share_contact = models.BooleanField("承办方可见联系方式", default=False,
                                        help_text="承办方需要直接联系反映人时勾选")
    instructions = models.TextField("分办意见", blank=True)
    routed_on = models.DateField("分办日期", null=True, blank=True)
    handle_due = models.DateField("办理期限", null=True, blank=True)
    reject_reason = models.TextField("不予受理理由", blank=True)
    # the reply: drafted by the assignee, reviewed and published by the office
    reply_state = models.CharField("答复审核", max_length=10, choices=ReplyState.choices, blank=True, default="")
    reply_text = models.TextField("答复意见", blank=True)
    reply_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name="答复人")
    reply_from = models.CharField("答复单位", max_length=100, blank=True)
    reply_submitted_at = models.DateTimeField("答复提交时间", null=True, blank=True)
    published_reply = models.TextField("公开答复", blank=True)
    published_at = models.DateTimeField("答复公开时间", null=True, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "社情民意"
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["congress", "status", "submitted_at"], name="po_congress_status"),
            models.Index(fields=["congress", "handler", "status"], name="po_congress_handler"),
            models.Index(fields=["congress", "submitted_at"], name="po_congress_submitted"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(reject_reason=""), name="po_rejected_has_reason"),
        ]

    def __str__(self) -> str:
        return f"社情民意 {format_code(self.code)}"

    @property
    def code_display(self) -> str:
        return format_code(self.code)

    @property
    def assignee_label(self) -> str:
        if self.route_kind == RouteKind.DEPUTY and self.deputy_id:
            return f"{self.deputy.person.name}代表"
        if self.route_kind == RouteKind.STATION and self.station_id:
            return self.station.name
        if self.handler_id:
            return self.handler.name
        return ""


# Fields that may appear in audit records (personal data never does).
AUDITED_FIELDS = ["code", "category", "place", "text", "status", "route_kind", "handler", "deputy", "station",
                  "share_contact", "instructions", "handle_due", "reject_reason", "reply_text", "published_reply"]


class TopicSuggestion(CongressScoped):
    """A rising topic recorded from the hot-issues page as a candidate supervision topic (监督议题建议)."""

    title = models.CharField("议题建议", max_length=100)
    keywords = models.JSONField("关键词", default=list)
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                 verbose_name="类别")
    rationale = models.TextField("理由")
    recent_count = models.PositiveIntegerField("近期意见数", default=0)
    previous_count = models.PositiveIntegerField("前期意见数", default=0)
    weeks = models.PositiveSmallIntegerField("比较时段（周）", default=4)
    suggested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name="建议人")
    created_at = models.DateTimeField("建议时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "监督议题建议"
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["congress", "title"], name="po_topic_unique_title")]

    def __str__(self) -> str:
        return self.title
