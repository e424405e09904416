"""Live voting on a meeting's agenda item (表决 or 满意度测评), from the members' own devices.

The meeting, the item and the final result are meetings' own rows (`meetings.Vote`, written through meetings'
services); this app keeps what happens while the vote is open:

- `LiveVote`: the vote as the chair opened it (kind, secret or not, the threshold, the window, the method);
- `VoterMark`: that a member has voted — one row per voter and vote (the unique constraint refuses a second vote);
  for an open (记名) vote it also holds the choice, for a secret vote it never does;
- `SecretBallot`: an anonymous ballot of a secret vote — a random UUID key, the choice and the SM3 hash of the voter's
  receipt code; no voter, no time, no sequence (docs/VOTING.md, docs/SECURITY.md "Secret ballots").
"""

from __future__ import annotations

import uuid

from django.db import models

from renda.core.crypto import EncryptedTextField
from renda.core.models import CongressScoped, Person, User
from renda.meetings.models import AgendaItem, Meeting, Vote


class Kind(models.TextChoices):
    VOTE = "vote", "表决"
    RATING = "rating", "满意度测评"


class Threshold(models.TextChoices):
    MAJORITY = "majority", "全体组成人员的过半数"
    TWO_THIRDS = "two_thirds", "全体组成人员的三分之二以上"


class Method(models.TextChoices):
    DEVICE = "device", "电子表决（本人终端）"
    HANDS = "hands", "举手表决"
    PAPER = "paper", "书面表决（纸质票）"


class Status(models.TextChoices):
    OPEN = "open", "表决中"
    RECORDED = "recorded", "已宣布结果"
    VOID = "void", "已作废"


class Choice(models.TextChoices):
    YES = "yes", "赞成"
    NO = "no", "反对"
    ABSTAIN = "abstain", "弃权"
    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


CHOICES_OF = {
    Kind.VOTE: (Choice.YES, Choice.NO, Choice.ABSTAIN),
    Kind.RATING: (Choice.SATISFIED, Choice.BASIC, Choice.UNSATISFIED),
}


class LiveVote(CongressScoped):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="live_votes", verbose_name="会议")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="live_votes",
                                    verbose_name="议题")
    kind = models.CharField("类别", max_length=10, choices=Kind.choices, default=Kind.VOTE)
    secret = models.BooleanField("无记名投票", default=False)
    threshold = models.CharField("通过所需票数", max_length=12, choices=Threshold.choices,
                                 default=Threshold.MAJORITY)
    method = models.CharField("表决方式", max_length=10, choices=Method.choices, default=Method.DEVICE)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField("开始时间")
    closes_at = models.DateTimeField("预定结束时间", null=True, blank=True)
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    opened_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+",
                                  verbose_name="主持人")
    result = models.ForeignKey(Vote, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name="会议表决记录")
    total_members = models.PositiveIntegerField("全体组成人员", default=0)
    present = models.PositiveIntegerField("出席人数", default=0)
    counts = models.JSONField("各项票数", default=dict, blank=True)
    passed = models.BooleanField("通过", null=True, blank=True)
    note = models.CharField("说明", max_length=300, blank=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "现场表决"
        ordering = ["congress", "-opened_at", "-id"]
        indexes = [models.Index(fields=["congress", "status"], name="livevote_status")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.agenda_item.title}"

    @property
    def choices(self):
        return CHOICES_OF[self.kind]


class VoterMark(CongressScoped):
    """That `person` voted in `live_vote` (and, only for an open vote, how). Never linked to a `SecretBallot`."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    live_vote = models.ForeignKey(LiveVote, on_delete=models.CASCADE, related_name="marks", verbose_name="表决")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="组成人员")
    choice = models.CharField("表决意见（记名表决）", max_length=12, choices=Choice.choices, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "已投票记录"
        ordering = ["live_vote", "person_id"]
        constraints = [models.UniqueConstraint(fields=["live_vote", "person"], name="votermark_once")]

    def __str__(self) -> str:
        return f"{self.person} 已投票"


class SecretBallot(CongressScoped):
    """An anonymous ballot of a secret vote: no voter, no time, no sequence; ordered by the receipt hash."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    live_vote = models.ForeignKey(LiveVote, on_delete=models.CASCADE, related_name="ballots", verbose_name="表决")
    choice = models.CharField("表决意见", max_length=12, choices=Choice.choices)
    receipt_hash = models.CharField("回执码摘要（SM3）", max_length=64, unique=True)

    class Meta:
        verbose_name = verbose_name_plural = "无记名选票"
        ordering = ["live_vote", "receipt_hash"]

    def __str__(self) -> str:
        return f"选票 {self.receipt_hash[:12]}…"


class MaterialNote(CongressScoped):
    """A member's private annotation on a meeting material (an attachment of an agenda item).

    Only its author reads the text: no page, export, API or audit record shows it to anybody else — not the office,
    not an administrator (the text is encrypted at rest; the audit trail records that a note was written or deleted,
    never its text)."""

    author = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+", verbose_name="批注人")
    attachment = models.ForeignKey("core.Attachment", on_delete=models.CASCADE, related_name="+",
                                   verbose_name="会议材料")
    text = EncryptedTextField("批注")
    position = models.CharField("位置", max_length=40, blank=True, help_text="例如：第3页、第二条")
    created_at = models.DateTimeField("写于", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "会议材料批注"
        ordering = ["attachment", "created_at", "id"]
        indexes = [models.Index(fields=["congress", "author", "attachment"], name="materialnote_author")]

    def __str__(self) -> str:
        return "会议材料批注"
