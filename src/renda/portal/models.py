"""The public portal (门户网站): news and publicity, and the record of anonymous submissions.

- `NewsArticle`: an article of the 办公厅's publicity (宣传), written on the staff pages and published through
  `workflow.NEWS_WORKFLOW` (draft → published, published → draft when withdrawn, with the reason);
- `PublicSubmission`: one anonymous comment on a draft made through the portal. Its `token` is the id of the
  signed one-time submission token of the form (renda.core.public): unique, so a retried POST finds the comment
  it already made instead of making a second one. The reader's optional contact is personal data and is kept
  here encrypted (the legislation comment stores only the text, the provision and the optional name).

Everything else the portal shows belongs to other modules (legislation, deputies, proposals, supervision)
and is read through their models with public filters (see selectors.py).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from renda.core.crypto import EncryptedTextField
from renda.core.models import CongressScoped, User


class NewsCategory(models.TextChoices):
    STANDING_COMMITTEE = "committee", "常委会动态"
    DEPUTIES = "deputies", "代表风采"
    LEGISLATION = "legislation", "立法"
    SUPERVISION = "supervision", "监督"
    NOTICE = "notice", "公告"


class NewsStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"


class NewsArticle(CongressScoped):
    title = models.CharField("标题", max_length=120)
    category = models.CharField("栏目", max_length=20, choices=NewsCategory.choices)
    summary = models.CharField("摘要", max_length=300, blank=True, help_text="列表中显示；不填则取正文开头。")
    body = models.TextField("正文", help_text="纯文本，空一行分段。")
    source = models.CharField("来源", max_length=60, blank=True, help_text="如：办公厅、研究室、XX日报")
    status = models.CharField("状态", max_length=12, choices=NewsStatus.choices, default=NewsStatus.DRAFT)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    withdrawn_reason = models.CharField("撤回理由", max_length=200, blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "新闻宣传稿件"
        ordering = ["congress", "-published_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(status="published") | Q(published_at__isnull=False),
                                   name="news_published_has_date"),
        ]
        indexes = [models.Index(fields=["congress", "status", "-published_at"], name="news_public_list")]

    def __str__(self) -> str:
        return self.title

    @property
    def paragraphs(self) -> list[str]:
        """The body as paragraphs: blank lines (or single line breaks) separate them."""
        return [p.strip() for p in self.body.replace("\r\n", "\n").split("\n") if p.strip()]

    @property
    def lead(self) -> str:
        if self.summary:
            return self.summary
        paras = self.paragraphs
        first = paras[0] if paras else ""
        return first if len(first) <= 90 else first[:88] + "……"


class SubmissionKind(models.TextChoices):
    BILL_COMMENT = "bill_comment", "法规草案意见"


class PublicSubmission(CongressScoped):
    """One anonymous submission through the portal, keyed by its one-time form token (idempotency)."""

    token = models.CharField("提交凭证", max_length=64, unique=True)
    kind = models.CharField("类别", max_length=20, choices=SubmissionKind.choices, default=SubmissionKind.BILL_COMMENT)
    period = models.ForeignKey("legislation.CommentPeriod", on_delete=models.PROTECT, related_name="+",
                               verbose_name="征求意见")
    comment = models.OneToOneField("legislation.BillComment", on_delete=models.PROTECT, related_name="portal_submission",
                                   verbose_name="意见")
    # Personal data: ciphertext only; shown to nobody on the portal, never exported or audited.
    contact = EncryptedTextField("联系方式", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "门户网站提交记录"
        ordering = ["congress", "-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"
