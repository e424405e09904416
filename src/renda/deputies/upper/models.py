from __future__ import annotations

from django.db import models

from renda.core.models import CongressScoped


class UpperDeputy(CongressScoped):
    class Status(models.TextChoices):
        SERVING = "serving", "在任"
        RESIGNED = "resigned", "辞职"
        REMOVED = "removed", "罢免"

    person = models.ForeignKey("core.Person", on_delete=models.PROTECT, related_name="+", verbose_name="人员")
    term = models.ForeignKey("core.Term", on_delete=models.PROTECT, related_name="+", verbose_name="选举时本级人大的届")
    upper_body = models.CharField("所在人民代表大会", max_length=80, default="省人民代表大会")
    elected_on = models.DateField("当选日期")
    ended_on = models.DateField("代表资格终止日期", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.SERVING)

    class Meta:
        app_label = "deputies"
        verbose_name = verbose_name_plural = "本级人大选出的上一级人大代表"
        ordering = ["congress", "status", "id"]
        constraints = [models.UniqueConstraint(fields=["congress", "term", "person"], name="upper_deputy_once")]

    def __str__(self) -> str:
        return f"{self.person.name}（{self.upper_body}代表）"


class UpperCaseStatus(models.TextChoices):
    PROPOSED = "proposed", "已提出"
    DEFENDED = "defended", "申辩意见已印发"
    PASSED = "passed", "表决通过"
    FAILED = "failed", "表决未通过"
    FILED = "filed", "已报上一级备案、公告"


class UpperDeputyCase(CongressScoped):
    class Kind(models.TextChoices):
        RECALL = "recall", "罢免"
        RESIGNATION = "resignation", "辞职"
        BY_ELECTION = "by_election", "补选"

    class Proposer(models.TextChoices):
        CHAIRS = "chairs", "主任会议"
        MEMBERS = "members", "常委会组成人员联名"
        DEPUTY = "deputy", "代表本人（书面辞职）"
        OFFICE = "office", "常委会（补选）"

    kind = models.CharField("类别", max_length=12, choices=Kind.choices)
    deputy = models.ForeignKey(UpperDeputy, null=True, blank=True, on_delete=models.PROTECT, related_name="cases",
                               verbose_name="代表")
    candidate = models.ForeignKey("core.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                  verbose_name="补选候选人")
    candidates_count = models.PositiveSmallIntegerField("候选人数", null=True, blank=True)
    seats = models.PositiveSmallIntegerField("应选名额", null=True, blank=True)
    proposer = models.CharField("提出", max_length=10, choices=Proposer.choices)
    cosigners = models.PositiveSmallIntegerField("联名的组成人员人数", null=True, blank=True)
    received_on = models.DateField("提出日期")
    reason = models.TextField("理由")
    defence = models.TextField("申辩意见", blank=True)
    votes_for = models.PositiveIntegerField("赞成票", null=True, blank=True)
    votes_against = models.PositiveIntegerField("反对票", null=True, blank=True)
    abstentions = models.PositiveIntegerField("弃权票", null=True, blank=True)
    members_total = models.PositiveIntegerField("常委会组成人员总数", null=True, blank=True)
    decided_on = models.DateField("表决日期", null=True, blank=True)
    filed_on = models.DateField("报上一级备案日期", null=True, blank=True)
    filed_ref = models.CharField("报备文件", max_length=120, blank=True)
    status = models.CharField("状态", max_length=10, choices=UpperCaseStatus.choices,
                              default=UpperCaseStatus.PROPOSED)
    created_at = models.DateTimeField(auto_now_add=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        app_label = "deputies"
        verbose_name = verbose_name_plural = "上一级人大代表的罢免、辞职和补选"
        ordering = ["congress", "-received_on", "-id"]

    def __str__(self) -> str:
        who = self.deputy.person.name if self.deputy_id else (self.candidate.name if self.candidate_id else "")
        return f"{self.get_kind_display()}：{who}"
