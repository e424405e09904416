"""The legislative process of a 设区的市 standing committee.

- `LegislativePlan` / `PlanProject`: the annual legislative plan (立法计划) and its projects, each optionally
  linked to a work-plan item, with the subject-matter scope check of 立法法 第八十一条;
- `Bill` (法规案): from its proposal through the readings, the vote, the province's approval, promulgation
  and filing — one `status` field driven by `workflow.BILL_WORKFLOW`;
- `BillVersion`: the text of each stage (草案, 二审稿, 三审稿, 表决稿, 公布文本) with its explanation, stored as
  statute text and parsed with `renda.statutes`;
- `BillReading`: each deliberation at a standing-committee meeting (一审, 二审, 三审);
- `CommentPeriod` / `BillComment` / `ContactPoint`: public comment on a published draft and the comments
  from 基层立法联系点, departments and deputies, tied to provision eIds;
- `Consultation`: 论证会, 听证会, 座谈会 and the 表决前评估;
- `BillVote`: the vote on the whole 表决稿 and separate votes on contested articles.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F, Q

from renda.core.crypto import EncryptedTextField
from renda.core.models import CongressScoped, Organization, Person, User
from renda.core.numerals import to_chinese


# ---- the legislative plan --------------------------------------------------------------------------------
class LegislativePlanStatus(models.TextChoices):
    DRAFTING = "drafting", "起草中"
    ADOPTED = "adopted", "主任会议通过"
    PUBLISHED = "published", "已向社会公布"
    REVISING = "revising", "调整中"


class LegislativePlan(CongressScoped):
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("标题", max_length=120)
    status = models.CharField("状态", max_length=20, choices=LegislativePlanStatus.choices, default=LegislativePlanStatus.DRAFTING)
    adopted_on = models.DateField("主任会议通过日期", null=True, blank=True)
    published_on = models.DateField("公布日期", null=True, blank=True)
    doc_number = models.CharField("发文字号", max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "立法计划"
        ordering = ["congress", "-year"]
        constraints = [models.UniqueConstraint(fields=["congress", "year"], name="legplan_one_per_year")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open_for_editing(self) -> bool:
        return self.status in (LegislativePlanStatus.DRAFTING, LegislativePlanStatus.REVISING)

    @property
    def is_published(self) -> bool:
        return self.published_on is not None


class ProjectKind(models.TextChoices):
    FORMAL = "formal", "正式项目"
    PREPARATORY = "preparatory", "预备项目"
    RESEARCH = "research", "调研项目"


class PlanProject(CongressScoped):
    """A project of the plan: 正式项目 (to be deliberated this year), 预备项目 (when ready), 调研项目."""

    plan = models.ForeignKey(LegislativePlan, on_delete=models.CASCADE, related_name="projects",
                             verbose_name="立法计划")
    number = models.PositiveIntegerField("序号")
    kind = models.CharField("项目类别", max_length=20, choices=ProjectKind.choices)
    title = models.CharField("项目名称", max_length=200)
    subject_area = models.CharField("立法事项", max_length=40)
    scope_override = models.BooleanField("超出所列事项", default=False)
    scope_justification = models.TextField("法律依据和理由", blank=True)
    drafting_unit = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+", verbose_name="起草单位")
    lead_body = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name="牵头专门委员会（工作机构）")
    planned_meeting = models.CharField("拟提请审议时间", max_length=60, blank=True)
    workplan_item = models.ForeignKey("workplan.WorkPlanItem", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="legislative_projects", verbose_name="对应工作要点事项")
    note = models.TextField("说明", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "立法项目"
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="legproject_unique_number"),
            models.CheckConstraint(condition=Q(scope_override=False) | ~Q(scope_justification=""),
                                   name="legproject_override_justified"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


# ---- bills -------------------------------------------------------------------------------------------------
class BillKind(models.TextChoices):
    ENACT = "enact", "制定"
    AMEND = "amend", "修改"
    REPEAL = "repeal", "废止"


class AmendmentForm(models.TextChoices):
    """How a 修改 bill changes the regulations it names: by a 修改决定 (修正) or by a revised full text (修订)."""

    DECISION = "decision", "修正（提出修改决定）"
    REVISION = "revision", "修订（提出修订后的全文）"


class ProposerKind(models.TextChoices):
    CHAIRS_COUNCIL = "chairs_council", "主任会议"
    GOVERNMENT = "government", "人民政府"
    SPECIAL_COMMITTEE = "special_committee", "专门委员会"
    MEMBERS = "members", "常委会组成人员联名"


class BillStatus(models.TextChoices):
    PROPOSED = "proposed", "已提出"
    REFERRED = "referred", "交专门委员会审议"
    ON_AGENDA = "on_agenda", "已列入议程"
    IN_DELIBERATION = "in_deliberation", "审议中"
    SHELVED = "shelved", "搁置审议"
    VOTE_PENDING = "vote_pending", "提请表决"
    DEFERRED = "deferred", "暂不付表决"
    PASSED = "passed", "表决通过"
    FAILED = "failed", "未获通过"
    AWAITING_APPROVAL = "awaiting_approval", "报请批准中"
    APPROVED = "approved", "已批准"
    PROMULGATED = "promulgated", "已公布"
    FILED = "filed", "已备案"
    NOT_LISTED = "not_listed", "不列入议程"
    WITHDRAWN = "withdrawn", "已撤回"
    TERMINATED = "terminated", "终止审议"


# Stage groups for the list filter.
STAGE_GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "proposal": ("待列入议程", (BillStatus.PROPOSED, BillStatus.REFERRED)),
    "deliberation": ("审议中", (BillStatus.ON_AGENDA, BillStatus.IN_DELIBERATION, BillStatus.VOTE_PENDING,
                               BillStatus.SHELVED, BillStatus.DEFERRED)),
    "approval": ("待批准", (BillStatus.PASSED, BillStatus.AWAITING_APPROVAL)),
    "promulgation": ("待公布、备案", (BillStatus.APPROVED, BillStatus.PROMULGATED)),
    "done": ("已备案", (BillStatus.FILED,)),
    "ended": ("已终止", (BillStatus.FAILED, BillStatus.NOT_LISTED, BillStatus.WITHDRAWN, BillStatus.TERMINATED)),
}
UNDER_DELIBERATION = STAGE_GROUPS["deliberation"][1]
# Passed by the standing committee: no longer a draft (草案).
ADOPTED_STATES = (BillStatus.PASSED, BillStatus.AWAITING_APPROVAL, BillStatus.APPROVED, BillStatus.PROMULGATED,
                  BillStatus.FILED)


class ReadingsGround(models.TextChoices):
    AGREED = "agreed", "各方面意见比较一致"
    SINGLE_MATTER = "single_matter", "调整事项较为单一，各方面意见比较一致"
    PARTIAL_AMENDMENT = "partial_amendment", "部分修改，各方面意见比较一致"
    EMERGENCY = "emergency", "遇有紧急情形"


# The fewest readings each ground allows (立法法 第三十三条) are parameters of rule LEG-READINGS-EXCEPTION
# ("<ground>_min"), read with legislation.services.ground_min_readings.


class Bill(CongressScoped):
    """A bill for a local regulation (地方性法规案) before the standing committee."""

    year = models.PositiveSmallIntegerField("年度")
    number = models.PositiveIntegerField("编号")
    title = models.CharField("法规名称", max_length=200, help_text="不含“（草案）”，如：XX市城市市容和环境卫生管理条例")
    kind = models.CharField("类别", max_length=10, choices=BillKind.choices, default=BillKind.ENACT)
    regulations = models.ManyToManyField("lawbook.Regulation", blank=True, related_name="bills",
                                         verbose_name="所修改或者废止的法规")
    amendment_form = models.CharField("修改方式", max_length=10, choices=AmendmentForm.choices,
                                      default=AmendmentForm.REVISION)
    project = models.ForeignKey(PlanProject, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="bills", verbose_name="立法计划项目")
    proposer_kind = models.CharField("提案人类别", max_length=20, choices=ProposerKind.choices)
    proposer_org = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="proposed_bills", verbose_name="提案机关")
    proposers = models.ManyToManyField(Person, blank=True, related_name="proposed_bills",
                                       verbose_name="联名提出的组成人员")
    submitted_on = models.DateField("提出日期")
    subject_area = models.CharField("立法事项", max_length=40)
    scope_override = models.BooleanField("超出所列事项", default=False)
    scope_justification = models.TextField("法律依据和理由", blank=True)
    lead_committee = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+", verbose_name="有关的专门委员会")
    concerned_units = models.ManyToManyField(Organization, blank=True, related_name="concerned_bills",
                                             verbose_name="有关单位（起草部门）")
    status = models.CharField("状态", max_length=20, choices=BillStatus.choices, default=BillStatus.PROPOSED)
    agenda_decided_on = models.DateField("列入议程日期", null=True, blank=True)
    readings_required = models.PositiveSmallIntegerField("审议次数", default=3)
    readings_ground = models.CharField("减少审议次数的情形", max_length=20, choices=ReadingsGround.choices,
                                       blank=True)
    readings_reason = models.TextField("减少审议次数的理由", blank=True)
    readings_decided_on = models.DateField("主任会议决定日期", null=True, blank=True)
    needs_argumentation = models.BooleanField("须召开论证会", default=False)
    needs_hearing = models.BooleanField("须召开听证会", default=False)
    publication_waived = models.BooleanField("主任会议决定不公布征求意见", default=False)
    publication_waiver_reason = models.TextField("不公布的理由", blank=True)
    shelved_on = models.DateField("搁置日期", null=True, blank=True)
    deferred_on = models.DateField("暂不付表决日期", null=True, blank=True)
    passed_on = models.DateField("表决通过日期", null=True, blank=True)
    approval_submitted_on = models.DateField("报请批准日期", null=True, blank=True)
    approval_submit_note = models.TextField("报请批准说明", blank=True)
    approved_on = models.DateField("批准日期", null=True, blank=True)
    approval_body = models.CharField("批准机关及会议", max_length=200, blank=True)
    promulgated_on = models.DateField("公布日期", null=True, blank=True)
    announcement_number = models.CharField("公告号", max_length=60, blank=True)
    effective_on = models.DateField("施行日期", null=True, blank=True)
    gazette = models.CharField("刊载", max_length=200, blank=True)
    filed_on = models.DateField("报送备案日期", null=True, blank=True)
    filing_late = models.BooleanField("逾期报送备案", default=False)
    filing_note = models.TextField("备案说明", blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    # 立法法 第三十一条第一款 (第八十七条第一款): the draft sent to the members seven days before the meeting,
    # save in special circumstances (the reason recorded).
    meeting_date = models.DateField("提请审议的常委会会议日期", null=True, blank=True)
    text_sent_on = models.DateField("法规草案发给组成人员日期", null=True, blank=True)
    text_sent_late = models.BooleanField("未在会议举行的七日前发给组成人员", default=False)
    text_exception = models.TextField("特殊情况说明", blank=True)
    # 第三十条第一款: a members' bill not put on the agenda is reported to the meeting or explained to the proposers.
    not_listed_handling = models.CharField("不列入议程的处理", max_length=12, blank=True,
                                           choices=[("reported", "已向常委会会议报告"), ("explained", "已向提案人说明")])
    not_listed_handled_on = models.DateField("报告或者说明日期", null=True, blank=True)
    # 第六十条: a bill that failed the vote comes back only as a new bill, on the 主任会议's decision.
    resubmission_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="resubmissions", verbose_name="重新提出的未获通过的法规案")
    # 第三十八条: disagreement between special committees on an important question is reported to the 主任会议.
    disagreement = models.TextField("专门委员会之间的重要意见分歧", blank=True)
    disagreement_reported_on = models.DateField("向主任会议报告日期", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "法规案"
        ordering = ["congress", "-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "year", "number"], name="bill_unique_number"),
            models.CheckConstraint(condition=Q(scope_override=False) | ~Q(scope_justification=""),
                                   name="bill_override_justified"),
            models.CheckConstraint(condition=Q(readings_required__gte=1, readings_required__lte=3),
                                   name="bill_readings_range"),
            models.CheckConstraint(
                condition=Q(approved_on__isnull=True) | Q(approval_submitted_on__isnull=False),
                name="bill_approved_after_submission"),
            models.CheckConstraint(
                condition=Q(promulgated_on__isnull=True) | Q(approved_on__isnull=False),
                name="bill_promulgated_after_approval"),
        ]
        indexes = [
            models.Index(fields=["congress", "status"], name="bill_congress_status"),
            models.Index(fields=["congress", "proposer_org"], name="bill_proposer_org"),
        ]

    def __str__(self) -> str:
        return f"《{self.display_title}》"

    @property
    def display_title(self) -> str:
        """The name as the bill carries it while under deliberation: 《…（草案）》."""
        adopted = self.status in ADOPTED_STATES
        suffix = "" if adopted else "（草案）"
        if self.kind in (BillKind.AMEND, BillKind.REPEAL):
            verb = "修改" if self.kind == BillKind.AMEND else "废止"
            titles = self.regulation_titles
            if len(titles) > 1:
                return f"关于{verb}《{titles[0]}》等{to_chinese(len(titles))}件地方性法规的决定{suffix}"
            return f"关于{verb}《{titles[0] if titles else self.title}》的决定{suffix}"
        return f"{self.title}{suffix}"

    @property
    def regulation_titles(self) -> list[str]:
        """The titles of the linked regulations (from a prefetch when there is one; one query otherwise)."""
        if not self.pk or self.kind == BillKind.ENACT:
            return []
        cache = getattr(self, "_prefetched_objects_cache", {})
        regs = cache["regulations"] if "regulations" in cache else self.regulations.all()
        return [r.title for r in sorted(regs, key=lambda r: r.pk)]

    @property
    def code(self) -> str:
        return f"{self.year}-{self.number}"

    @property
    def is_under_deliberation(self) -> bool:
        return self.status in UNDER_DELIBERATION


class Stage(models.TextChoices):
    CURRENT = "current", "现行文本"
    DRAFT = "draft", "草案"
    SECOND = "second", "草案二审稿"
    THIRD = "third", "草案三审稿"
    FINAL = "final", "草案表决稿"
    PROMULGATED = "promulgated", "公布文本"


STAGE_ORDER = {s: i for i, s in enumerate(Stage.values)}
# The text each reading deliberates: reading n → stage.
READING_STAGE = {1: Stage.DRAFT, 2: Stage.SECOND, 3: Stage.THIRD}
READING_LABELS = {1: "一审", 2: "二审", 3: "三审"}


class BillVersion(CongressScoped):
    """The text of one stage, with its explanation (起草说明 / 修改情况的汇报 / 审议结果的报告)."""

    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="versions", verbose_name="法规案")
    stage = models.CharField("阶段", max_length=20, choices=Stage.choices)
    title = models.CharField("标题", max_length=200)
    text = models.TextField("文本")
    explanation_title = models.CharField("说明标题", max_length=200, blank=True)
    explanation = models.TextField("说明（起草说明、修改情况的汇报、审议结果的报告）", blank=True)
    submitted_by = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name="提出单位")
    article_count = models.PositiveIntegerField("条数", default=0)
    parse_warnings = models.JSONField("解析提示", default=list, blank=True)
    published = models.BooleanField("已向社会公布", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "法规案文本"
        ordering = ["bill", "created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["bill", "stage"], name="billversion_one_per_stage")]
        indexes = [models.Index(fields=["congress", "bill", "published"], name="billversion_published")]

    def __str__(self) -> str:
        return f"{self.bill.title}（{self.get_stage_display()}）"

    @property
    def order(self) -> int:
        return STAGE_ORDER[self.stage]

    def explanation_label(self, readings_required: int | None = None) -> str:
        """What the explanation of this stage is called."""
        required = readings_required or self.bill.readings_required
        if self.stage == Stage.CURRENT:
            return "现行文本说明"
        if self.stage == Stage.DRAFT:
            return "起草说明"
        if self.stage == Stage.SECOND:
            return "审议结果的报告" if required == 2 else "修改情况的汇报"
        if self.stage == Stage.THIRD:
            return "审议结果的报告"
        if self.stage == Stage.FINAL:
            return "修改意见的报告"
        return "公告"


class BillReading(CongressScoped):
    """One deliberation of the bill at a standing-committee meeting (一审、二审、三审)."""

    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="readings", verbose_name="法规案")
    number = models.PositiveSmallIntegerField("审次")
    held_on = models.DateField("审议日期")
    meeting = models.CharField("会议", max_length=100)
    version = models.ForeignKey(BillVersion, on_delete=models.PROTECT, related_name="readings",
                                verbose_name="审议文本")
    summary = models.TextField("分组审议意见摘要", blank=True)
    recorded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "审议"
        ordering = ["bill", "number"]
        constraints = [models.UniqueConstraint(fields=["bill", "number"], name="billreading_unique_number")]

    def __str__(self) -> str:
        return f"{self.bill.title} {self.label}"

    @property
    def label(self) -> str:
        return READING_LABELS.get(self.number, f"第{self.number}次审议")


# ---- opinions ----------------------------------------------------------------------------------------------
class PeriodStatus(models.TextChoices):
    OPEN = "open", "征求意见中"
    CLOSED = "closed", "已结束"


class CommentPeriod(CongressScoped):
    """Publication of a version for public comment (立法法 第四十条): at most one open per bill."""

    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="comment_periods",
                             verbose_name="法规案")
    version = models.ForeignKey(BillVersion, on_delete=models.PROTECT, related_name="comment_periods",
                                verbose_name="公布的文本")
    opens_on = models.DateField("开始日期")
    closes_on = models.DateField("截止日期")
    status = models.CharField("状态", max_length=10, choices=PeriodStatus.choices, default=PeriodStatus.OPEN)
    channels = models.CharField("公布渠道", max_length=200, blank=True)
    feedback = models.TextField("征求意见情况通报", blank=True)
    closed_on = models.DateField("结束日期", null=True, blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "征求意见"
        ordering = ["bill", "-opens_on"]
        constraints = [
            models.UniqueConstraint(fields=["bill"], condition=Q(status="open"), name="commentperiod_one_open"),
            models.CheckConstraint(condition=Q(closes_on__gt=F("opens_on")), name="commentperiod_dates_ordered"),
        ]
        indexes = [models.Index(fields=["congress", "status", "closes_on"], name="commentperiod_due")]

    def __str__(self) -> str:
        return f"{self.bill.title} 征求意见（{self.opens_on}—{self.closes_on}）"

    def is_running(self, today: dt.date) -> bool:
        return self.status == PeriodStatus.OPEN and self.opens_on <= today <= self.closes_on


class ContactPoint(CongressScoped):
    """A grassroots legislative contact point (基层立法联系点, 立法法 第九十条)."""

    name = models.CharField("名称", max_length=100)
    location = models.CharField("所在地", max_length=100, blank=True)
    active = models.BooleanField("有效", default=True)
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "基层立法联系点"
        ordering = ["congress", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["congress", "name"], name="contactpoint_unique_name")]

    def __str__(self) -> str:
        return self.name


class CommentSource(models.TextChoices):
    PUBLIC = "public", "社会公众"
    CONTACT_POINT = "contact_point", "基层立法联系点"
    DEPARTMENT = "department", "有关部门"
    DEPUTY = "deputy", "人大代表"


class CommentHandling(models.TextChoices):
    PENDING = "pending", "待研究"
    ADOPTED = "adopted", "已采纳"
    PARTLY = "partly", "部分采纳"
    NOT_ADOPTED = "not_adopted", "未采纳"


class BillComment(CongressScoped):
    """A comment on a provision of a version (eid '' = the draft as a whole).

    `name` and `contact` are personal data: encrypted at rest, shown to staff on the staff pages only, never in
    the API, exports, reports or analysis results. `participant` is a keyed digest of the contact (or the name)
    that lets the analysis count distinct participants without reading either.
    """

    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="comments", verbose_name="法规案")
    version = models.ForeignKey(BillVersion, on_delete=models.PROTECT, related_name="comments",
                                verbose_name="文本")
    period = models.ForeignKey(CommentPeriod, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="comments", verbose_name="征求意见")
    eid = models.CharField("条款标识", max_length=200, blank=True)
    article_eid = models.CharField("所属条", max_length=200, blank=True)
    provision_label = models.CharField("条款", max_length=60, blank=True)
    text = models.TextField("意见内容")
    source = models.CharField("来源", max_length=20, choices=CommentSource.choices)
    contact_point = models.ForeignKey(ContactPoint, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="comments", verbose_name="基层立法联系点")
    name = EncryptedTextField("姓名或单位", blank=True)
    contact = EncryptedTextField("联系方式", blank=True)
    participant = models.CharField("提交人标识", max_length=64, blank=True,
                                   help_text="联系方式（或姓名）的密钥摘要，用于统计参与人数；不可还原")
    submitted_at = models.DateTimeField("提交时间")
    handling = models.CharField("采纳情况", max_length=20, choices=CommentHandling.choices,
                                default=CommentHandling.PENDING)
    entered_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "立法意见"
        ordering = ["bill", "-submitted_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(source="contact_point") | Q(contact_point__isnull=False),
                                   name="billcomment_contact_point_named"),
        ]
        indexes = [
            models.Index(fields=["congress", "version", "article_eid"], name="billcomment_article"),
            models.Index(fields=["congress", "bill", "source"], name="billcomment_source"),
        ]

    def __str__(self) -> str:
        return f"{self.provision_label or '总体意见'}：{self.text[:20]}"


class ConsultationKind(models.TextChoices):
    ARGUMENTATION = "argumentation", "论证会"
    HEARING = "hearing", "听证会"
    SYMPOSIUM = "symposium", "座谈会"
    EVALUATION = "evaluation", "表决前评估"


class ConsultationStatus(models.TextChoices):
    PLANNED = "planned", "已安排"
    HELD = "held", "已举行"
    REPORTED = "reported", "已向常委会报告"
    CANCELLED = "cancelled", "已取消"


class Consultation(CongressScoped):
    """论证会, 听证会, 座谈会 (立法法 第三十九条) or the 表决前评估 (第四十二条)."""

    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="consultations", verbose_name="法规案")
    kind = models.CharField("形式", max_length=20, choices=ConsultationKind.choices)
    title = models.CharField("名称", max_length=200)
    starts_at = models.DateTimeField("时间")
    place = models.CharField("地点", max_length=200, blank=True)
    organizer = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name="组织单位")
    topics = models.TextField("议题（论证、听证或者评估事项）")
    participants = models.TextField("参加人员", blank=True, help_text="每行一人：姓名，单位或者身份")
    minutes = models.TextField("会议纪要", blank=True)
    conclusions = models.TextField("结论和意见", blank=True)
    held_on = models.DateField("举行日期", null=True, blank=True)
    reported_on = models.DateField("向常委会报告日期", null=True, blank=True)
    status = models.CharField("状态", max_length=20, choices=ConsultationStatus.choices,
                              default=ConsultationStatus.PLANNED)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "论证会、听证会和评估"
        ordering = ["bill", "starts_at"]
        indexes = [models.Index(fields=["congress", "starts_at"], name="consultation_when")]

    def __str__(self) -> str:
        return self.title

    @property
    def participant_list(self) -> list[str]:
        return [line.strip() for line in self.participants.splitlines() if line.strip()]


class BillVote(CongressScoped):
    """A vote at a standing-committee meeting: on the whole 表决稿 (eid '') or separately on one article."""

    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="votes", verbose_name="法规案")
    version = models.ForeignKey(BillVersion, on_delete=models.PROTECT, related_name="votes", verbose_name="表决稿")
    eid = models.CharField("单独表决的条款", max_length=200, blank=True)
    provision_label = models.CharField("条款", max_length=60, blank=True)
    voted_on = models.DateField("表决日期")
    meeting = models.CharField("会议", max_length=100, blank=True)
    members_total = models.PositiveIntegerField("常委会全体组成人员")
    yes = models.PositiveIntegerField("赞成")
    no = models.PositiveIntegerField("反对")
    abstain = models.PositiveIntegerField("弃权")
    passed = models.BooleanField("通过")
    note = models.TextField("说明", blank=True)
    recorded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "表决"
        ordering = ["bill", "voted_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(yes__lte=F("members_total") - F("no") - F("abstain")),
                                   name="billvote_counts_within_members"),
            models.CheckConstraint(condition=Q(members_total__gt=0), name="billvote_members_positive"),
        ]

    def __str__(self) -> str:
        what = self.provision_label or "表决稿"
        return f"{self.bill.title} {what} 赞成{self.yes} 反对{self.no} 弃权{self.abstain}"

    @property
    def is_separate(self) -> bool:
        return bool(self.eid)

    @property
    def not_voting(self) -> int:
        return self.members_total - self.yes - self.no - self.abstain


# ---- comment analysis, adoption decisions, public feedback (立法法 第四十条、第四十一条) -------------------------------
class AnalysisStatus(models.TextChoices):
    PENDING = "pending", "排队中"
    RUNNING = "running", "分析中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


ACTIVE_ANALYSIS = (AnalysisStatus.PENDING, AnalysisStatus.RUNNING)


class CommentAnalysis(CongressScoped):
    """One run of `renda.textmining.analyze_comments` over the comments on a version (a background task).

    `result` is the engine's output as it came (clusters with every member id, per provision, timeline,
    totals, method); `summary` is what the pages show (clusters without ids, provision labels and eIds).
    `comment_count` and `last_comment_id` fingerprint the input: a run on unchanged comments is not repeated.
    """

    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="analyses", verbose_name="法规案")
    version = models.ForeignKey(BillVersion, on_delete=models.CASCADE, related_name="analyses", verbose_name="文本")
    status = models.CharField("状态", max_length=10, choices=AnalysisStatus.choices, default=AnalysisStatus.PENDING)
    progress = models.PositiveSmallIntegerField("进度", default=0)
    params = models.JSONField("参数", default=dict, blank=True)
    comment_count = models.PositiveIntegerField("意见条数", default=0)
    last_comment_id = models.BigIntegerField("最后一条意见", default=0)
    result = models.JSONField("分析结果", null=True, blank=True)
    summary = models.JSONField("页面摘要", null=True, blank=True)
    error = models.TextField("错误信息", blank=True)
    task_id = models.CharField("任务编号", max_length=64, blank=True)
    requested_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("发起时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    heartbeat_at = models.DateTimeField("最近进度时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "意见分析"
        ordering = ["version", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["version"], condition=Q(status__in=["pending", "running"]),
                                    name="commentanalysis_one_active"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="commentanalysis_progress_range"),
        ]
        indexes = [models.Index(fields=["congress", "version", "status"], name="commentanalysis_version")]

    def __str__(self) -> str:
        return f"{self.bill.title} 意见分析（{self.get_status_display()}）"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_ANALYSIS


class DecisionOutcome(models.TextChoices):
    ADOPTED = "adopted", "采纳"
    PARTLY = "partly", "部分采纳"
    NOT_ADOPTED = "not_adopted", "未采纳"


class ProvisionDecision(CongressScoped):
    """Whether the opinions on one article (or on the draft as a whole: eid '') were adopted, and why."""

    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="decisions", verbose_name="法规案")
    version = models.ForeignKey(BillVersion, on_delete=models.CASCADE, related_name="decisions", verbose_name="文本")
    article_eid = models.CharField("条", max_length=200, blank=True)
    provision_label = models.CharField("条款", max_length=60, blank=True)
    outcome = models.CharField("采纳情况", max_length=20, choices=DecisionOutcome.choices)
    main_opinions = models.TextField("主要意见", blank=True)
    reasons = models.TextField("理由")
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "意见采纳情况"
        ordering = ["version", "id"]
        constraints = [models.UniqueConstraint(fields=["version", "article_eid"], name="provisiondecision_unique")]

    def __str__(self) -> str:
        return f"{self.provision_label or '总体意见'}：{self.get_outcome_display()}"


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已公布"
    WITHDRAWN = "withdrawn", "已撤回"


class FeedbackNotice(CongressScoped):
    """征求意见情况的通报 (立法法 第四十条): how the public's comments on a version were handled."""

    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="feedback_notices", verbose_name="法规案")
    version = models.ForeignKey(BillVersion, on_delete=models.PROTECT, related_name="feedback_notices",
                                verbose_name="文本")
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文")
    status = models.CharField("状态", max_length=20, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT)
    published_on = models.DateField("公布日期", null=True, blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "征求意见情况通报"
        ordering = ["bill", "-created_at"]
        indexes = [models.Index(fields=["congress", "status", "published_on"], name="feedbacknotice_published")]

    def __str__(self) -> str:
        return self.title
