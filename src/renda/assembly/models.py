"""The congress's own session (人民代表大会会议), its elections and the 民生实事项目票决.

- `AssemblySession`: one per core.CongressSession — the date and draft agenda decided by the standing committee,
  the credentials report, the presidium and secretary-general elected at the preparatory meeting, the whole number of
  deputies on the day it opens (the base of the quorum and of every majority);
- `DelegationLead`: 团长/副团长 of a deputies.Delegation at the session; `PresidiumMember`: the presidium;
- `Sitting`: the preparatory meeting, plenaries, presidium meetings and delegation deliberations, each with its date,
  materials, attendance (counts) and votes (`SittingVote`);
- `Election`, `Candidate`, `ElectionMark` (that a deputy voted — never how) and `ElectionBallot` (an anonymous ballot:
  choices, write-ins and the SM3 hash of the voter's receipt code; no voter, no time), `elections/counting.py` decides;
- `LivelihoodProject` (征集 → 初定 → 审议 → 票决 → 实施 → 测评), `ProjectOpinion` (a delegation's opinion),
  `LivelihoodVote` with `LivelihoodMark` (who voted; the choices are added to the projects' totals and never stored
  per voter), `Milestone` (progress), `RatingMark` (who rated; the ratings are totals on the project).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q

from renda.core.models import CongressScoped, CongressSession, Organization, Person
from renda.core.numerals import to_chinese
from renda.deputies.models import Delegation


class SessionStatus(models.TextChoices):
    DRAFT = "draft", "筹备中"
    CONVENED = "convened", "常委会已决定召开"
    PREPARED = "prepared", "预备会议已举行"
    IN_SESSION = "in_session", "大会进行中"
    CLOSED = "closed", "已闭幕"


class AssemblySession(CongressScoped):
    session = models.OneToOneField(CongressSession, on_delete=models.PROTECT, related_name="assembly",
                                   verbose_name="会次")
    planned_date = models.DateField("计划开幕日期")
    planned_days = models.PositiveSmallIntegerField("会期（日）", default=4)
    draft_agenda = models.TextField("议程草案", blank=True, help_text="每行一项")
    agenda = models.TextField("大会议程", blank=True, help_text="预备会议通过的议程，每行一项")
    decided_on = models.DateField("常委会决定日期", null=True, blank=True)
    decided_by = models.CharField("决定机关/会议", max_length=120, blank=True)
    credentials_report = models.TextField("代表资格审查报告", blank=True)
    secretary_general = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                          verbose_name="大会秘书长")
    total_deputies = models.PositiveIntegerField("全体代表人数", default=0)
    status = models.CharField("状态", max_length=12, choices=SessionStatus.choices, default=SessionStatus.DRAFT)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "大会会议"
        ordering = ["congress", "-planned_date"]
        indexes = [models.Index(fields=["congress", "status"], name="asm_session_status")]

    def __str__(self) -> str:
        return str(self.session)

    @property
    def title(self) -> str:
        return f"{self.congress.city_name}{self.session}"

    def agenda_lines(self) -> list[str]:
        return [line.strip() for line in (self.agenda or self.draft_agenda).splitlines() if line.strip()]


class DelegationLead(CongressScoped):
    class Role(models.TextChoices):
        HEAD = "head", "团长"
        DEPUTY_HEAD = "deputy_head", "副团长"

    session = models.ForeignKey(AssemblySession, on_delete=models.CASCADE, related_name="leads", verbose_name="会议")
    delegation = models.ForeignKey(Delegation, on_delete=models.PROTECT, related_name="+", verbose_name="代表团")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="代表")
    role = models.CharField("职务", max_length=12, choices=Role.choices)

    class Meta:
        verbose_name = verbose_name_plural = "代表团团长、副团长"
        ordering = ["session", "delegation", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "delegation", "person"], name="asm_lead_once"),
            models.UniqueConstraint(fields=["session", "delegation"], condition=Q(role="head"),
                                    name="asm_one_head"),
        ]

    def __str__(self) -> str:
        return f"{self.delegation}{self.get_role_display()}{self.person}"


class PresidiumMember(CongressScoped):
    session = models.ForeignKey(AssemblySession, on_delete=models.CASCADE, related_name="presidium",
                                verbose_name="会议")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="主席团成员")
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "主席团成员"
        ordering = ["session", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="asm_presidium_once")]

    def __str__(self) -> str:
        return str(self.person)


class SittingKind(models.TextChoices):
    PREPARATORY = "preparatory", "预备会议"
    PLENARY = "plenary", "全体会议"
    PRESIDIUM = "presidium", "主席团会议"
    DELEGATION = "delegation", "代表团会议"


# The sittings of the whole congress: the 2/3 quorum applies to them.
QUORUM_KINDS = (SittingKind.PREPARATORY, SittingKind.PLENARY)


class Sitting(CongressScoped):
    session = models.ForeignKey(AssemblySession, on_delete=models.CASCADE, related_name="sittings",
                                verbose_name="会议")
    kind = models.CharField("类别", max_length=12, choices=SittingKind.choices)
    delegation = models.ForeignKey(Delegation, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name="代表团")
    number = models.PositiveSmallIntegerField("次", default=1)
    date = models.DateField("日期")
    start_time = models.TimeField("开始时间", null=True, blank=True)
    place = models.CharField("地点", max_length=120, blank=True)
    materials = models.TextField("会议材料", blank=True, help_text="每行一份")
    expected = models.PositiveIntegerField("应出席人数", default=0)
    present = models.PositiveIntegerField("实到人数", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "大会各次会议"
        ordering = ["session", "date", "start_time", "kind", "number", "id"]
        indexes = [models.Index(fields=["congress", "date"], name="asm_sitting_date")]

    def __str__(self) -> str:
        if self.kind == SittingKind.PREPARATORY:
            return "预备会议"
        if self.kind == SittingKind.DELEGATION:
            return f"{self.delegation}第{to_chinese(self.number)}次会议" if self.delegation_id else "代表团会议"
        if self.kind == SittingKind.PRESIDIUM:
            return f"主席团第{to_chinese(self.number)}次会议"
        return f"第{to_chinese(self.number)}次全体会议"

    def materials_lines(self) -> list[str]:
        return [line.strip() for line in self.materials.splitlines() if line.strip()]


class SittingVote(CongressScoped):
    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="votes", verbose_name="会议")
    subject = models.CharField("表决事项", max_length=200)
    total = models.PositiveIntegerField("全体人数")
    yes = models.PositiveIntegerField("赞成")
    no = models.PositiveIntegerField("反对")
    abstain = models.PositiveIntegerField("弃权")
    passed = models.BooleanField("通过")

    class Meta:
        verbose_name = verbose_name_plural = "大会表决"
        ordering = ["sitting", "id"]

    def __str__(self) -> str:
        return self.subject


# ---- elections ----------------------------------------------------------------------------------------------------
class OfficeKind(models.TextChoices):
    CHIEF = "chief", "正职（常委会主任、秘书长，政府、监察委员会、法院、检察院正职）"
    DEPUTY = "deputy", "副职（常委会副主任、政府副职）"
    MEMBER = "member", "常委会委员"
    BY_ELECTION = "by_election", "补选"


class ElectionStatus(models.TextChoices):
    NOMINATED = "nominated", "候选人已确定"
    VOTING = "voting", "投票中"
    COUNTED = "counted", "已计票宣布"
    VOID = "void", "选举无效"


class Election(CongressScoped):
    session = models.ForeignKey(AssemblySession, on_delete=models.CASCADE, related_name="elections",
                                verbose_name="会议")
    office = models.CharField("选举职务", max_length=80)
    office_kind = models.CharField("职务类别", max_length=12, choices=OfficeKind.choices)
    places = models.PositiveSmallIntegerField("应选名额")
    round = models.PositiveSmallIntegerField("轮次", default=1)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="rounds",
                               verbose_name="上一轮选举")
    reason = models.CharField("本轮原因", max_length=60, blank=True)
    status = models.CharField("状态", max_length=10, choices=ElectionStatus.choices,
                              default=ElectionStatus.NOMINATED)
    total_deputies = models.PositiveIntegerField("全体代表人数", default=0)
    paper_voters = models.PositiveIntegerField("书面投票人数", default=0)
    voters = models.PositiveIntegerField("投票人数", default=0)
    ballots_cast = models.PositiveIntegerField("收回选票", default=0)
    ballots_invalid = models.PositiveIntegerField("无效票", default=0)
    write_ins = models.JSONField("另选他人得票", default=dict, blank=True)
    outcome = models.CharField("结果说明", max_length=300, blank=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "大会选举"
        ordering = ["session", "id"]
        indexes = [models.Index(fields=["congress", "status"], name="asm_election_status")]

    def __str__(self) -> str:
        suffix = f"（第{self.round}轮，{self.reason}）" if self.round > 1 else ""
        return f"选举{self.office}{suffix}"


class Candidate(CongressScoped):
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates", verbose_name="选举")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name="人员")
    name = models.CharField("姓名", max_length=40)
    order = models.PositiveSmallIntegerField("排序", default=0)
    yes = models.PositiveIntegerField("赞成", default=0)
    no = models.PositiveIntegerField("反对", default=0)
    abstain = models.PositiveIntegerField("弃权", default=0)
    elected = models.BooleanField("当选", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "候选人"
        ordering = ["election", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["election", "name"], name="asm_candidate_once")]

    def __str__(self) -> str:
        return self.name


class ElectionMark(CongressScoped):
    """That `person` voted in `election` — never how (ASM-ELECT-SECRET)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="marks", verbose_name="选举")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="代表")

    class Meta:
        verbose_name = verbose_name_plural = "已投票代表"
        ordering = ["election", "person_id"]
        constraints = [models.UniqueConstraint(fields=["election", "person"], name="asm_mark_once")]


class ElectionBallot(CongressScoped):
    """An anonymous ballot: candidate id → yes/no/abstain, the write-in names; no voter, no time, no sequence."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="ballots", verbose_name="选举")
    choices = models.JSONField("选票内容", default=dict)
    write_ins = models.JSONField("另选他人", default=list, blank=True)
    receipt_hash = models.CharField("回执码摘要（SM3）", max_length=64, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "选票"
        ordering = ["election", "receipt_hash"]


# ---- 民生实事项目票决 ------------------------------------------------------------------------------------------------
class ProjectSource(models.TextChoices):
    PUBLIC = "public", "社会公众"
    DEPUTY = "deputy", "人大代表"
    DEPARTMENT = "department", "政府部门"


class ProjectStatus(models.TextChoices):
    COLLECTED = "collected", "已征集"
    SHORTLISTED = "shortlisted", "政府初定候选"
    NOT_SELECTED = "not_selected", "未列入候选"
    CANDIDATE = "candidate", "提交大会票决"
    ADOPTED = "adopted", "票决入选"
    NOT_ADOPTED = "not_adopted", "票决未入选"
    COMPLETED = "completed", "已完成"


# What the public pages show: the candidates put to the vote, their result and the adopted projects' progress.
PUBLIC_PROJECT_STATES = (ProjectStatus.CANDIDATE, ProjectStatus.ADOPTED, ProjectStatus.NOT_ADOPTED,
                         ProjectStatus.COMPLETED)


class LivelihoodProject(CongressScoped):
    year = models.PositiveSmallIntegerField("实施年度")
    session = models.ForeignKey(AssemblySession, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="projects", verbose_name="票决会议")
    title = models.CharField("项目名称", max_length=120)
    summary = models.TextField("项目内容")
    source = models.CharField("来源", max_length=12, choices=ProjectSource.choices)
    proposer = models.CharField("提出者", max_length=120, blank=True)
    submission_id = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    cost_wan = models.PositiveIntegerField("估算投资（万元）", null=True, blank=True)
    fiscal_note = models.TextField("财政承受能力说明", blank=True)
    lead_unit = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                  verbose_name="牵头单位")
    status = models.CharField("状态", max_length=14, choices=ProjectStatus.choices, default=ProjectStatus.COLLECTED)
    votes_for = models.PositiveIntegerField("赞成", default=0)
    votes_against = models.PositiveIntegerField("反对", default=0)
    votes_abstain = models.PositiveIntegerField("弃权", default=0)
    rank = models.PositiveSmallIntegerField("名次", null=True, blank=True)
    progress_pct = models.PositiveSmallIntegerField("完成进度（%）", default=0)
    rating = models.JSONField("满意度测评", default=dict, blank=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "民生实事项目"
        ordering = ["congress", "-year", "rank", "id"]
        indexes = [models.Index(fields=["congress", "year", "status"], name="asm_project_year")]
        constraints = [
            models.CheckConstraint(condition=Q(progress_pct__lte=100), name="asm_project_pct"),
        ]

    def __str__(self) -> str:
        return self.title


class ProjectOpinion(CongressScoped):
    project = models.ForeignKey(LivelihoodProject, on_delete=models.CASCADE, related_name="opinions",
                                verbose_name="项目")
    delegation = models.ForeignKey(Delegation, on_delete=models.PROTECT, related_name="+", verbose_name="代表团")
    text = models.TextField("审议意见")
    created_at = models.DateTimeField("提出时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "代表团审议意见"
        ordering = ["project", "delegation", "id"]


class VoteStatus(models.TextChoices):
    OPEN = "open", "票决中"
    CLOSED = "closed", "已宣布结果"


class LivelihoodVote(CongressScoped):
    session = models.ForeignKey(AssemblySession, on_delete=models.CASCADE, related_name="livelihood_votes",
                                verbose_name="会议")
    year = models.PositiveSmallIntegerField("实施年度")
    round = models.PositiveSmallIntegerField("轮次", default=1)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_rounds",
                               verbose_name="上一轮票决")
    places = models.PositiveSmallIntegerField("应选项目数")
    projects = models.ManyToManyField(LivelihoodProject, related_name="votes", verbose_name="候选项目")
    status = models.CharField("状态", max_length=8, choices=VoteStatus.choices, default=VoteStatus.OPEN)
    total_deputies = models.PositiveIntegerField("全体代表人数", default=0)
    present = models.PositiveIntegerField("出席代表人数", default=0)
    voters = models.PositiveIntegerField("投票人数", default=0)
    counts = models.JSONField("各项目票数", default=dict, blank=True)  # project id → [赞成, 反对, 弃权]
    outcome = models.CharField("结果说明", max_length=300, blank=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "民生实事项目票决"
        ordering = ["session", "round", "id"]

    def __str__(self) -> str:
        return f"{self.year}年民生实事项目票决" + (f"（第{self.round}轮）" if self.round > 1 else "")


class LivelihoodMark(CongressScoped):
    """That `person` voted in `vote` — never how."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vote = models.ForeignKey(LivelihoodVote, on_delete=models.CASCADE, related_name="marks", verbose_name="票决")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="代表")

    class Meta:
        verbose_name = verbose_name_plural = "已票决代表"
        constraints = [models.UniqueConstraint(fields=["vote", "person"], name="asm_lmark_once")]


class Milestone(CongressScoped):
    project = models.ForeignKey(LivelihoodProject, on_delete=models.CASCADE, related_name="milestones",
                                verbose_name="项目")
    date = models.DateField("日期")
    title = models.CharField("进展", max_length=200)
    pct = models.PositiveSmallIntegerField("完成进度（%）")

    class Meta:
        verbose_name = verbose_name_plural = "项目进展"
        ordering = ["project", "date", "id"]
        constraints = [models.CheckConstraint(condition=Q(pct__lte=100), name="asm_milestone_pct")]


class RatingChoice(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class RatingMark(CongressScoped):
    """That `person` rated `project` — the rating itself is only in the project's totals."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    project = models.ForeignKey(LivelihoodProject, on_delete=models.CASCADE, related_name="rating_marks",
                                verbose_name="项目")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="代表")

    class Meta:
        verbose_name = verbose_name_plural = "已测评代表"
        constraints = [models.UniqueConstraint(fields=["project", "person"], name="asm_rmark_once")]
