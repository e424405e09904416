"""Deputies' motions (议案) and suggestions (建议、批评和意见): intake, 交办, handling, replies, ratings."""

from __future__ import annotations

import datetime as dt

from django.db import models

from renda.core.models import CongressScoped, CongressSession, Organization, User
from renda.deputies.models import Delegation, Deputy


class Kind(models.TextChoices):
    SUGGESTION = "suggestion", "建议"
    MOTION = "motion", "议案"


class Channel(models.TextChoices):
    SESSION = "session", "大会期间（大会秘书处）"
    RECESS = "recess", "闭会期间（代表工作机构）"


class Proposer(models.TextChoices):
    DEPUTIES = "deputies", "代表联名"
    PRESIDIUM = "presidium", "主席团"
    STANDING_COMMITTEE = "standing_committee", "常务委员会"
    SPECIAL_COMMITTEE = "special_committee", "专门委员会"
    GOVERNMENT = "government", "本级人民政府"


class Category(models.TextChoices):
    ECONOMY = "economy", "经济发展"
    URBAN = "urban", "城乡建设"
    ENVIRONMENT = "environment", "生态环境"
    WATER = "water", "水务水利"
    TRANSPORT = "transport", "交通运输"
    EDUCATION = "education", "教育"
    HEALTH = "health", "医疗卫生"
    SOCIAL = "social", "社会保障"
    CULTURE = "culture", "文化旅游"
    AGRICULTURE = "agriculture", "农业农村"
    LAW = "law", "法治建设"
    GOVERNANCE = "governance", "社会治理"
    OTHER = "other", "其他"


CATEGORY_BY_LABEL = {label: value for value, label in Category.choices}


class Status(models.TextChoices):
    DRAFT = "draft", "待联名确认"
    SUBMITTED = "submitted", "待交办"
    AGENDA = "agenda", "列入大会议程"
    ASSIGNED = "assigned", "办理中"
    REPLIED = "replied", "已答复待测评"
    DISPUTED = "disputed", "不满意待处理"
    REHANDLING = "rehandling", "重新办理"
    CLOSED = "closed", "已办结"
    WITHDRAWN = "withdrawn", "已撤回"
    DISMISSED = "dismissed", "不作为建议处理"
    MERGED = "merged", "并案办理"


OPEN_STATES = (Status.ASSIGNED, Status.REHANDLING)
HANDLED_STATES = (Status.REPLIED, Status.DISPUTED, Status.CLOSED)


class ExcludedFlag(models.TextChoices):
    PERSONAL = "personal", "涉及代表本人及其亲属个人问题"
    COMPLAINT = "complaint", "申诉、控告和检举"
    CASE = "case", "涉及监察、审判、检察机关处理的具体案件"
    PROMOTION = "promotion", "属于学术探讨、产品推介"
    EMPTY = "empty", "没有实际内容"


class Proposal(CongressScoped):
    kind = models.CharField("类型", max_length=12, choices=Kind.choices, default=Kind.SUGGESTION)
    year = models.PositiveSmallIntegerField("年度")
    number = models.CharField("编号", max_length=30)
    session = models.ForeignKey(
        CongressSession, null=True, blank=True, on_delete=models.PROTECT, verbose_name="会次"
    )
    channel = models.CharField("提出方式", max_length=10, choices=Channel.choices, default=Channel.RECESS)
    proposer = models.CharField("提出主体", max_length=20, choices=Proposer.choices, default=Proposer.DEPUTIES)
    title = models.CharField("标题（案由）", max_length=200)
    content = models.TextField("内容")
    grounds = models.TextField("案据", blank=True)
    solution = models.TextField("方案", blank=True)
    category = models.CharField("类别", max_length=20, choices=Category.choices, default=Category.OTHER)
    lead_deputy = models.ForeignKey(
        Deputy, null=True, blank=True, on_delete=models.PROTECT, related_name="led_proposals",
        verbose_name="领衔代表",
    )
    delegation = models.ForeignKey(
        Delegation, null=True, blank=True, on_delete=models.PROTECT, verbose_name="代表团"
    )
    received_on = models.DateField("收到日期")
    assign_due = models.DateField("交办时限", null=True, blank=True)
    assigned_on = models.DateField("交办日期", null=True, blank=True)
    reply_due = models.DateField("答复期限", null=True, blank=True)
    extended = models.BooleanField("已批准延期", default=False)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    round = models.PositiveSmallIntegerField("办理轮次", default=1)
    key_supervision = models.BooleanField("重点督办", default=False)
    supervised_on = models.DateField("确定重点督办日期", null=True, blank=True)
    supervisor = models.ForeignKey(
        "core.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name="督办副主任",
    )
    supervising_body = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="supervised_proposals",
        verbose_name="督办委员会",
    )
    confidential = models.BooleanField("保密（不公开）", default=False)
    flags = models.JSONField("受理提示", default=list, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged", verbose_name="并案至"
    )
    merged_on = models.DateField("并案日期", null=True, blank=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "议案建议"
        ordering = ["congress", "-year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "year", "number"], name="proposal_unique_number"),
        ]
        indexes = [
            models.Index(fields=["congress", "year", "status"], name="proposal_year_status"),
            models.Index(fields=["congress", "status", "reply_due"], name="proposal_due"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def is_overdue(self, today: dt.date) -> bool:
        return self.status in OPEN_STATES and self.reply_due is not None and self.reply_due < today

    @property
    def flag_labels(self) -> list[str]:
        labels = dict(ExcludedFlag.choices)
        return [labels.get(f, f) for f in self.flags]


class CoSigner(CongressScoped):
    """A deputy who signs jointly (联名代表); confirms before the item counts as submitted."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="cosigners")
    deputy = models.ForeignKey(Deputy, on_delete=models.PROTECT, related_name="cosigned_proposals")
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "联名代表"
        ordering = ["proposal", "id"]
        constraints = [models.UniqueConstraint(fields=["proposal", "deputy"], name="cosigner_unique")]

    def __str__(self) -> str:
        return str(self.deputy)


class Role(models.TextChoices):
    LEAD = "lead", "主办"
    ASSIST = "assist", "协办"
    SEPARATE = "separate", "分办"


REPLYING_ROLES = (Role.LEAD, Role.SEPARATE)


class AssignmentStatus(models.TextChoices):
    ACTIVE = "active", "办理中"
    RETURN_REQUESTED = "return_requested", "申请退回"
    RETURNED = "returned", "已退回"
    OPINION_SENT = "opinion_sent", "已送协办意见"
    REPLIED = "replied", "已答复"


class Assignment(CongressScoped):
    """One handling unit's part of a proposal (主办/协办/分办)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="proposal_assignments",
                             verbose_name="承办单位")
    role = models.CharField("办理方式", max_length=10, choices=Role.choices)
    part = models.TextField("分办内容", blank=True)
    assigned_on = models.DateField("交办日期")
    return_due = models.DateField("申请退回截止")
    opinion_due = models.DateField("协办意见期限", null=True, blank=True)
    reply_due = models.DateField("答复期限", null=True, blank=True)
    status = models.CharField("状态", max_length=20, choices=AssignmentStatus.choices, default=AssignmentStatus.ACTIVE)
    opinion = models.TextField("协办意见", blank=True)
    opinion_on = models.DateField("协办意见日期", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "交办"
        ordering = ["proposal", "role", "id"]
        indexes = [
            models.Index(fields=["congress", "unit", "status"], name="assignment_unit_status"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal.number} {self.unit} {self.get_role_display()}"


class ReturnRequest(CongressScoped):
    class Decision(models.TextChoices):
        PENDING = "pending", "待处理"
        ACCEPTED = "accepted", "同意退回"
        REFUSED = "refused", "不同意退回"

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="return_requests")
    reason = models.TextField("理由")
    requested_on = models.DateField("申请日期")
    decision = models.CharField("处理结果", max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_on = models.DateField("处理日期", null=True, blank=True)
    decision_note = models.TextField("处理意见", blank=True)
    requested_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "退回申请"
        ordering = ["assignment", "id"]

    def __str__(self) -> str:
        return f"{self.assignment} 退回申请"


class ResultClass(models.TextChoices):
    A = "A", "A类（已解决或基本解决）"
    B = "B", "B类（正在解决或列入计划解决）"
    C = "C", "C类（因条件限制或其他原因留作参考）"


class Communication(models.TextChoices):
    IN_PERSON = "in_person", "面复"
    PHONE = "phone", "电话答复"
    LETTER = "letter", "书面答复"
    ONLINE = "online", "网上答复"


class Reply(CongressScoped):
    """A unit's signed reply to the deputy (one per replying assignment and round)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="replies")
    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="replies")
    round = models.PositiveSmallIntegerField("办理轮次", default=1)
    text = models.TextField("答复内容")
    result_class = models.CharField("办理结果", max_length=1, choices=ResultClass.choices)
    communication = models.CharField("沟通方式", max_length=12, choices=Communication.choices)
    signer = models.CharField("签发人", max_length=40)
    replied_on = models.DateField("答复日期")
    on_time = models.BooleanField("按期答复", default=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "答复"
        ordering = ["proposal", "round", "id"]
        constraints = [models.UniqueConstraint(fields=["assignment", "round"], name="reply_one_per_round")]

    def __str__(self) -> str:
        return f"{self.proposal.number} 第{self.round}轮答复"


class CommitmentStatus(models.TextChoices):
    OPEN = "open", "推进中"
    DONE = "done", "已完成"
    CARRIED = "carried", "结转下年"


class Commitment(CongressScoped):
    """A commitment made in a reply (承诺事项台账), followed across years.

    `year` is the ledger year the commitment is followed in (the reply's year at first). A commitment not
    finished within its year is carried to the next year: the row is closed as 结转下年 and a new row of
    the next year (`carried_from` pointing back) carries it on, so each year's ledger stays as it was.
    """

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="commitments")
    text = models.CharField("承诺事项", max_length=300)
    year = models.PositiveSmallIntegerField("台账年度")
    due_date = models.DateField("承诺完成时间")
    status = models.CharField("状态", max_length=10, choices=CommitmentStatus.choices, default=CommitmentStatus.OPEN)
    done_on = models.DateField("完成日期", null=True, blank=True)
    note = models.TextField("落实情况或结转说明", blank=True)
    carried_from = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="carried_to", verbose_name="上年结转"
    )
    updated_at = models.DateTimeField(auto_now=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "承诺事项"
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["congress", "year", "status"], name="commitment_year_status")]

    def __str__(self) -> str:
        return self.text

    def is_overdue(self, today: dt.date) -> bool:
        return self.status == CommitmentStatus.OPEN and self.due_date < today


class Verdict(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


SATISFIED_VERDICTS = (Verdict.SATISFIED, Verdict.BASIC)


class Rating(CongressScoped):
    """The lead deputy's verdict on one round of replies."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="ratings")
    round = models.PositiveSmallIntegerField("办理轮次")
    verdict = models.CharField("测评意见", max_length=12, choices=Verdict.choices)
    comment = models.TextField("意见", blank=True)
    rated_on = models.DateField("测评日期")
    rated_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "代表测评"
        ordering = ["proposal", "round"]
        constraints = [models.UniqueConstraint(fields=["proposal", "round"], name="rating_one_per_round")]

    def __str__(self) -> str:
        return f"{self.proposal.number} 第{self.round}轮 {self.get_verdict_display()}"


class Reminder(CongressScoped):
    """A reminder sent (due soon / overdue); the unique key makes the daily task safe to run twice."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", "即将到期"
        OVERDUE = "overdue", "已逾期"
        PROGRESS = "progress", "进展报告到期"

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    due_date = models.DateField("期限")
    sent_on = models.DateField("发送日期")
    recipients = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "到期提醒"
        ordering = ["-sent_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "kind", "due_date"], name="reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} {self.get_kind_display()}"


class ProgressReport(CongressScoped):
    """A dated progress report on a 重点督办 item, by its lead unit or the committee in charge of supervision.

    The optional attachment is a `core.attachments` row owned by the report (owner `proposals.progressreport`).
    """

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="progress_reports")
    reporter = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name="报告单位")
    reported_on = models.DateField("报告日期")
    text = models.TextField("办理进展")
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "办理进展报告"
        ordering = ["proposal", "reported_on", "id"]
        indexes = [models.Index(fields=["congress", "proposal", "reported_on"], name="progress_proposal_date")]

    def __str__(self) -> str:
        return f"{self.proposal.number} 办理进展（{self.reported_on:%Y-%m-%d}）"


# the yearly handling report (代表法 第五十一条第三款) lives in its own sub-package
from renda.proposals.report.models import HandlingReport, ReportStatus  # noqa: E402, F401
