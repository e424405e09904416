"""Supervision (监督) of the government, supervisory commission, court and procuratorate (监督法 2024).

- `Report`: special work reports (第二章) and the budget and economic reports (第三章) — one process:
  the organ's draft and revised report before the meeting (第十五条), deliberation, the deliberation
  opinions and the organ's written handling report (第十七条、第二十九条), publication; with the
  committee's research, members' remarks, a satisfaction rating, follow-up, key figures and the
  preliminary review of final accounts and budget adjustments.
- `Inspection`: enforcement inspections (第四章) with team, field visits, questionnaires, problems and
  the rectification list (`RectificationItem`, shared with the audit work report).
- `Inquiry`, `Interpellation`, `Investigation`: 第六章、第七章.
- `NormativeDocument`, `ReviewRequest`: filing review (第五章), including citizens' requests from the portal.

Every process is a plain `status` field moved by a Workflow (workflow.py). Dates that deadlines count
from are kept on the row (`meeting_date`), so the module does not depend on the meetings module's
state; a report may also point at its `meetings.Meeting`.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q

from renda.core.models import (
    Congress,
    CongressScoped,
    JointSigner,
    Organization,
    Person,
    User,
    exactly_one_of,
)


# ---- reports (专项工作报告 and financial reports) ---------------------------------------------------------
class ReportKind(models.TextChoices):
    SPECIAL = "special", "专项工作报告"
    PLAN_EXECUTION = "plan_execution", "国民经济和社会发展计划执行情况的报告"
    BUDGET_EXECUTION = "budget_execution", "预算执行情况的报告"
    BUDGET_ADJUSTMENT = "budget_adjustment", "预算调整方案"
    FINAL_ACCOUNTS = "final_accounts", "决算草案和决算报告"
    AUDIT_WORK = "audit_work", "审计工作报告"
    AUDIT_RECTIFICATION = "audit_rectification", "审计查出问题整改情况的报告"
    STATE_ASSETS = "state_assets", "国有资产管理情况的报告"
    GOVERNMENT_DEBT = "government_debt", "政府债务管理情况的报告"
    MIDTERM_REVIEW = "midterm_review", "五年规划纲要实施情况的中期评估报告"
    BUDGET_DRAFT = "budget_draft", "预算草案初步方案（提交人民代表大会前的初步审查）"


FINANCIAL_KINDS = frozenset(set(ReportKind.values) - {ReportKind.SPECIAL})
# Submitted for preliminary review 30 days before the meeting (预算法 第六十九条、第七十八条).
PRELIM_KINDS = frozenset({ReportKind.BUDGET_ADJUSTMENT, ReportKind.FINAL_ACCOUNTS, ReportKind.BUDGET_DRAFT})
# Heard between June and September (监督法 第十九条第二款、第二十条).
WINDOW_KINDS = frozenset({ReportKind.FINAL_ACCOUNTS, ReportKind.PLAN_EXECUTION, ReportKind.BUDGET_EXECUTION})


class ReportStatus(models.TextChoices):
    PLANNED = "planned", "已列入计划"
    DRAFT_SUBMITTED = "draft_submitted", "征求意见稿已送交"
    COMMENTED = "commented", "已反馈修改意见"
    REVISED_SUBMITTED = "revised_submitted", "修改稿已送交"
    DISTRIBUTED = "distributed", "已发组成人员"
    DELIBERATED = "deliberated", "已审议"
    OPINIONS_SENT = "opinions_sent", "审议意见已交办"
    HANDLED = "handled", "研究处理情况已报告"
    PUBLISHED = "published", "已通报公布"


HEARD_REPORT_STATES = (
    ReportStatus.DELIBERATED, ReportStatus.OPINIONS_SENT, ReportStatus.HANDLED, ReportStatus.PUBLISHED,
)


class Report(CongressScoped):
    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("类别", max_length=24, choices=ReportKind.choices, default=ReportKind.SPECIAL)
    title = models.CharField("报告名称", max_length=200)
    organ = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name="报告机关")
    reporting_unit = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name="受委托报告的部门", help_text="人民政府委托有关部门负责人报告的（监督法第十六条）",
    )
    lead_body = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+",
                                  verbose_name="负责的专门委员会或工作机构")
    workplan_item = models.ForeignKey("workplan.WorkPlanItem", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+", verbose_name="工作要点事项")
    meeting = models.ForeignKey("meetings.Meeting", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+", verbose_name="审议的常委会会议")
    meeting_title = models.CharField("会议", max_length=120, blank=True)
    meeting_date = models.DateField("会议举行日期", null=True, blank=True,
                                    help_text="各项时限自此日期倒算；关联会议时取会议的举行日期")
    draft_due = models.DateField("征求意见稿送交时限", null=True, blank=True)
    revised_due = models.DateField("修改稿送交时限", null=True, blank=True)
    distribute_due = models.DateField("发给组成人员时限", null=True, blank=True)
    draft_submitted_on = models.DateField("征求意见稿送交日期", null=True, blank=True)
    revised_submitted_on = models.DateField("修改稿送交日期", null=True, blank=True)
    distributed_on = models.DateField("发给组成人员日期", null=True, blank=True)
    draft_late = models.BooleanField("征求意见稿逾期", default=False)
    revised_late = models.BooleanField("修改稿逾期", default=False)
    distribute_late = models.BooleanField("发送逾期", default=False)
    committee_comments = models.TextField("委员会修改意见", blank=True)
    deliberated_on = models.DateField("审议日期", null=True, blank=True)
    opinions = models.TextField("审议意见", blank=True)
    opinions_sent_on = models.DateField("审议意见交办日期", null=True, blank=True)
    handling_due = models.DateField("研究处理情况报告时限", null=True, blank=True)
    handled_on = models.DateField("研究处理情况报告日期", null=True, blank=True)
    handling_late = models.BooleanField("研究处理情况报告逾期", default=False)
    resolution = models.TextField("常委会决议", blank=True)
    resolution_due = models.DateField("决议规定的报告期限", null=True, blank=True)
    published_on = models.DateField("通报公布日期", null=True, blank=True)
    rectification_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="rectification_reports",
        verbose_name="对应的审计工作报告",
    )
    rectification_due = models.DateField("整改情况报告听取时限", null=True, blank=True)
    schedule_late = models.BooleanField("会议安排不符合法定期间", default=False)
    schedule_note = models.CharField("会议安排说明", max_length=200, blank=True)
    status = models.CharField("状态", max_length=20, choices=ReportStatus.choices, default=ReportStatus.PLANNED)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "监督报告"
        ordering = ["congress", "-year", "meeting_date", "id"]
        indexes = [
            models.Index(fields=["congress", "year", "organ"], name="sup_report_year_organ"),
            models.Index(fields=["congress", "status"], name="sup_report_status"),
            models.Index(fields=["congress", "lead_body"], name="sup_report_lead"),
            models.Index(fields=["congress", "reporting_unit"], name="sup_report_unit"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_financial(self) -> bool:
        return self.kind in FINANCIAL_KINDS

    @property
    def any_late(self) -> bool:
        return self.draft_late or self.revised_late or self.distribute_late or self.handling_late

    def overdue_steps(self, today: dt.date) -> list[str]:
        """Steps whose deadline has passed without being taken (shown to leadership)."""
        out = []
        s = self.status
        if s == ReportStatus.PLANNED and self.draft_due and self.draft_due < today:
            out.append("征求意见稿未按时送交")
        if s in (ReportStatus.PLANNED, ReportStatus.DRAFT_SUBMITTED, ReportStatus.COMMENTED) and self.revised_due \
                and self.revised_due < today:
            out.append("修改稿未按时送交")
        if s in (ReportStatus.PLANNED, ReportStatus.DRAFT_SUBMITTED, ReportStatus.COMMENTED,
                 ReportStatus.REVISED_SUBMITTED) and self.distribute_due and self.distribute_due < today:
            out.append("未按时发给组成人员")
        if s == ReportStatus.OPINIONS_SENT and self.handling_due and self.handling_due < today:
            out.append("研究处理情况逾期未报告")
        return out


class DocumentStage(models.TextChoices):
    DRAFT = "draft", "征求意见稿"
    REVISED = "revised", "修改稿"
    HANDLING = "handling", "审议意见研究处理情况的报告"


class ReportDocument(CongressScoped):
    """A text the organ sends through the platform (the report, its revision, the handling report)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="documents", verbose_name="报告")
    stage = models.CharField("阶段", max_length=12, choices=DocumentStage.choices)
    text = models.TextField("正文", blank=True)
    submitted_on = models.DateField("送交日期")
    due = models.DateField("时限", null=True, blank=True)
    late = models.BooleanField("逾期", default=False)
    submitted_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+",
                                     verbose_name="送交人")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "报告文本"
        ordering = ["report", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.report}（{self.get_stage_display()}）"


class Research(CongressScoped):
    """Pre-meeting research (视察、专题调研) by the committee in charge (监督法 第十三条)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="research", verbose_name="报告")
    date = models.DateField("日期")
    place = models.CharField("地点", max_length=200, blank=True)
    participants = models.CharField("参加人员", max_length=300, blank=True)
    findings = models.TextField("调研发现")
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "调研"
        ordering = ["report", "date", "id"]

    def __str__(self) -> str:
        return f"{self.date} {self.place}"


class Remark(CongressScoped):
    """A member's remark at the deliberation, from which the deliberation opinions are compiled."""

    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.CASCADE, related_name="remarks")
    inspection = models.ForeignKey("Inspection", null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="remarks")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="发言人")
    text = models.TextField("发言要点")
    date = models.DateField("日期")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "审议发言"
        ordering = ["date", "id"]
        constraints = [
            exactly_one_of("report", "inspection", name="sup_remark_one_owner"),
        ]

    def __str__(self) -> str:
        return f"{self.person}：{self.text[:20]}"


class RatingResult(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    UNSATISFIED = "unsatisfied", "不满意"


class SatisfactionRating(CongressScoped):
    """满意度测评 of the handling report: counts by grade and the result by the congress's threshold."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="rating", verbose_name="报告")
    rated_on = models.DateField("测评日期")
    members_total = models.PositiveIntegerField("组成人员数")
    satisfied = models.PositiveIntegerField("满意", default=0)
    basically_satisfied = models.PositiveIntegerField("基本满意", default=0)
    unsatisfied = models.PositiveIntegerField("不满意", default=0)
    invalid = models.PositiveIntegerField("无效票", default=0)
    threshold = models.FloatField("满意须超过的比例")
    result = models.CharField("结果", max_length=12, choices=RatingResult.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "满意度测评"

    def __str__(self) -> str:
        return f"{self.report} 测评：{self.get_result_display()}"

    @property
    def valid(self) -> int:
        return self.satisfied + self.basically_satisfied + self.unsatisfied

    @property
    def approval_rate(self) -> float:
        return round(100.0 * (self.satisfied + self.basically_satisfied) / self.valid, 1) if self.valid else 0.0


class FollowUp(CongressScoped):
    """Follow-up supervision (跟踪监督) of a report, or of an inquiry's opinions."""

    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.CASCADE, related_name="follow_ups")
    inquiry = models.ForeignKey("Inquiry", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="follow_ups")
    date = models.DateField("日期")
    text = models.TextField("跟踪监督情况")
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "跟踪监督"
        ordering = ["date", "id"]
        constraints = [
            exactly_one_of("report", "inquiry", name="sup_followup_one_owner"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.text[:20]}"


class FiscalFigure(CongressScoped):
    """A key figure of a financial report: one indicator, one year, budget / adjusted / actual amounts."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="figures", verbose_name="报告")
    indicator = models.CharField("指标", max_length=60)
    year = models.PositiveSmallIntegerField("年度")
    budget = models.DecimalField("预算数", max_digits=16, decimal_places=2, null=True, blank=True)
    adjusted = models.DecimalField("调整预算数", max_digits=16, decimal_places=2, null=True, blank=True)
    actual = models.DecimalField("执行数/决算数", max_digits=16, decimal_places=2, null=True, blank=True)
    unit = models.CharField("单位", max_length=10, default="亿元")
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "关键数据"
        ordering = ["report", "order", "indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator", "year"], name="sup_figure_unique"),
        ]
        indexes = [models.Index(fields=["congress", "indicator", "year"], name="sup_figure_indicator")]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}"


class PrelimStatus(models.TextChoices):
    DRAFTING = "drafting", "起草中"
    SENT = "sent", "已送交政府研究办理"
    HANDLED = "handled", "已反馈办理情况"
    DISTRIBUTED = "distributed", "已印发代表"


class PreliminaryReview(CongressScoped):
    """The committee's preliminary review (初步审查) opinion on a financial report, and its handling."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="prelim_reviews", verbose_name="报告")
    body = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name="审查机构")
    opinion = models.TextField("初步审查意见")
    sent_on = models.DateField("送交日期", null=True, blank=True)
    handling = models.TextField("办理情况", blank=True)
    handled_on = models.DateField("反馈日期", null=True, blank=True)
    # 预算法 第二十二条第五款: deputies invited to the preliminary review; 第七款: the opinion and the finance
    # bureau's handling report printed and sent to the deputies (印发).
    invited_deputies = models.ManyToManyField(Person, blank=True, related_name="+", verbose_name="邀请参加的人大代表")
    distributed_on = models.DateField("印发代表日期", null=True, blank=True)
    status = models.CharField("状态", max_length=12, choices=PrelimStatus.choices, default=PrelimStatus.DRAFTING)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "初步审查意见"
        ordering = ["report", "id"]

    def __str__(self) -> str:
        return f"{self.report} 初步审查意见"


# ---- enforcement inspection (执法检查) --------------------------------------------------------------------
class InspectionStatus(models.TextChoices):
    PLANNING = "planning", "筹备中"
    INSPECTING = "inspecting", "检查中"
    REPORTED = "reported", "检查报告已形成"
    DELIBERATED = "deliberated", "已审议"
    HANDED = "handed", "已交办研究处理"
    HANDLED = "handled", "研究处理情况已报告"
    PUBLISHED = "published", "已通报公布"


class InspectionKind(models.TextChoices):
    REGULAR = "regular", "执法检查"
    FOLLOW_UP = "follow_up", "跟踪检查"


class Inspection(CongressScoped):
    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("类别", max_length=12, choices=InspectionKind.choices, default=InspectionKind.REGULAR)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="follow_ups",
                               verbose_name="所跟踪的执法检查")
    title = models.CharField("名称", max_length=200)
    law_title = models.CharField("检查的法律法规", max_length=120)
    scope = models.TextField("检查内容和范围", blank=True)
    lead_body = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+",
                                  verbose_name="组织实施的委员会")
    organ = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name="研究处理机关")
    workplan_item = models.ForeignKey("workplan.WorkPlanItem", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+", verbose_name="工作要点事项")
    start_date = models.DateField("开始日期", null=True, blank=True)
    end_date = models.DateField("结束日期", null=True, blank=True)
    places = models.TextField("检查地点", blank=True)
    meeting_title = models.CharField("审议会议", max_length=120, blank=True)
    meeting_date = models.DateField("审议日期", null=True, blank=True)
    evaluation = models.TextField("实施情况评价", blank=True)
    suggestions = models.TextField("改进执法工作的建议", blank=True)
    law_amendments = models.TextField("修改完善法律法规的建议", blank=True)
    reported_on = models.DateField("报告日期", null=True, blank=True)
    deliberated_on = models.DateField("审议日期", null=True, blank=True)
    opinions = models.TextField("审议意见", blank=True)
    handed_on = models.DateField("交办日期", null=True, blank=True)
    handling_due = models.DateField("研究处理情况报告时限", null=True, blank=True)
    handling_text = models.TextField("研究处理情况报告", blank=True)
    handled_on = models.DateField("研究处理情况报告日期", null=True, blank=True)
    handling_late = models.BooleanField("逾期", default=False)
    published_on = models.DateField("通报公布日期", null=True, blank=True)
    status = models.CharField("状态", max_length=12, choices=InspectionStatus.choices,
                              default=InspectionStatus.PLANNING)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "执法检查"
        ordering = ["congress", "-year", "id"]
        indexes = [models.Index(fields=["congress", "year", "organ"], name="sup_insp_year_organ")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="sup_insp_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class TeamRole(models.TextChoices):
    LEADER = "leader", "组长"
    DEPUTY_LEADER = "deputy_leader", "副组长"
    MEMBER = "member", "成员"


class TeamCapacity(models.TextChoices):
    SC_MEMBER = "sc_member", "常委会组成人员"
    COMMITTEE = "committee", "专门委员会组成人员或工作机构人员"
    DEPUTY = "deputy", "受邀人大代表"


class InspectionTeamMember(CongressScoped):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="team")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="人员")
    role = models.CharField("分工", max_length=16, choices=TeamRole.choices, default=TeamRole.MEMBER)
    capacity = models.CharField("身份", max_length=12, choices=TeamCapacity.choices)

    class Meta:
        verbose_name = verbose_name_plural = "执法检查组成员"
        ordering = ["inspection", "role", "id"]
        constraints = [models.UniqueConstraint(fields=["inspection", "person"], name="sup_team_once")]

    def __str__(self) -> str:
        return f"{self.person}（{self.get_role_display()}）"


class FieldVisit(CongressScoped):
    """A field visit (实地检查) with its findings; evidence is attached (core.attachments)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="visits")
    date = models.DateField("日期")
    place = models.CharField("地点", max_length=200)
    units = models.CharField("检查的单位", max_length=300, blank=True)
    findings = models.TextField("发现的问题和情况")
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "实地检查"
        ordering = ["inspection", "date", "id"]

    def __str__(self) -> str:
        return f"{self.date} {self.place}"


class Questionnaire(CongressScoped):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="questionnaires")
    title = models.CharField("问卷", max_length=200)
    issued = models.PositiveIntegerField("发放份数")
    returned = models.PositiveIntegerField("回收份数")
    valid = models.PositiveIntegerField("有效份数")
    summary = models.TextField("主要结果", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "问卷调查"
        ordering = ["inspection", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(returned__lte=models.F("issued")), name="sup_q_returned_le_issued"),
            models.CheckConstraint(condition=Q(valid__lte=models.F("returned")), name="sup_q_valid_le_returned"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def return_rate(self) -> float:
        return round(100.0 * self.returned / self.issued, 1) if self.issued else 0.0


class InspectionProblem(CongressScoped):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="problems")
    number = models.PositiveIntegerField("序号")
    text = models.TextField("问题")

    class Meta:
        verbose_name = verbose_name_plural = "检查发现的问题"
        ordering = ["inspection", "number"]
        constraints = [models.UniqueConstraint(fields=["inspection", "number"], name="sup_problem_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:30]}"


class RectStatus(models.TextChoices):
    OPEN = "open", "已交办"
    IN_RECTIFICATION = "in_rectification", "整改中"
    REPORTED = "reported", "已报告整改情况"
    CLOSED = "closed", "已核实销号"


OPEN_RECT_STATES = (RectStatus.OPEN, RectStatus.IN_RECTIFICATION)
UNCLOSED_RECT_STATES = (RectStatus.OPEN, RectStatus.IN_RECTIFICATION, RectStatus.REPORTED)


class RectificationItem(CongressScoped):
    """One item of a rectification list (整改清单): from an inspection or from an audit work report."""

    inspection = models.ForeignKey(Inspection, null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="rectifications", verbose_name="执法检查")
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="rectifications", verbose_name="审计工作报告")
    problem = models.ForeignKey(InspectionProblem, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="rectifications", verbose_name="对应问题")
    number = models.PositiveIntegerField("序号")
    title = models.CharField("整改事项", max_length=200)
    requirement = models.TextField("整改要求", blank=True)
    owner_unit = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name="责任单位")
    organ = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name="所属机关")
    deadline = models.DateField("整改时限")
    status = models.CharField("状态", max_length=20, choices=RectStatus.choices, default=RectStatus.OPEN)
    started_on = models.DateField("开始整改日期", null=True, blank=True)
    report_text = models.TextField("整改情况", blank=True)
    reported_on = models.DateField("报告日期", null=True, blank=True)
    reported_late = models.BooleanField("逾期报告", default=False)
    verified_on = models.DateField("销号日期", null=True, blank=True)
    verify_note = models.TextField("核实意见", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "整改事项"
        ordering = ["congress", "deadline", "id"]
        constraints = [
            exactly_one_of("inspection", "report", name="sup_rect_one_source"),
        ]
        indexes = [
            models.Index(fields=["congress", "owner_unit", "status"], name="sup_rect_owner"),
            models.Index(fields=["congress", "organ", "status", "deadline"], name="sup_rect_organ"),
        ]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: dt.date) -> bool:
        return self.status in OPEN_RECT_STATES and self.deadline < today

    @property
    def source_title(self) -> str:
        src = self.inspection or self.report
        return str(src) if src else ""


# ---- special inquiry (专题询问) ---------------------------------------------------------------------------
class InquiryStatus(models.TextChoices):
    PLANNED = "planned", "筹备中"
    HELD = "held", "已举行"
    OPINIONS_SENT = "opinions_sent", "询问意见已交办"
    HANDLED = "handled", "研究处理情况已报告"
    CLOSED = "closed", "已办结"


class InquiryForm(models.TextChoices):
    PLENARY = "plenary", "全体会议"
    JOINT = "joint", "联组会议"
    GROUP = "group", "分组会议"


class Inquiry(CongressScoped):
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("名称", max_length=200)
    topic = models.TextField("询问主题", blank=True)
    lead_body = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+",
                                  verbose_name="负责的委员会")
    organ = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name="应询机关")
    workplan_item = models.ForeignKey("workplan.WorkPlanItem", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+", verbose_name="工作要点事项")
    form = models.CharField("形式", max_length=10, choices=InquiryForm.choices, default=InquiryForm.JOINT)
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="inquiries",
                               verbose_name="结合审议的报告")
    inspection = models.ForeignKey(Inspection, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="inquiries", verbose_name="结合审议的执法检查报告")
    meeting_title = models.CharField("会议", max_length=120, blank=True)
    meeting_date = models.DateField("举行日期", null=True, blank=True)
    held_on = models.DateField("询问日期", null=True, blank=True)
    opinions = models.TextField("询问意见", blank=True)
    opinions_sent_on = models.DateField("交办日期", null=True, blank=True)
    handling_due = models.DateField("研究处理情况报告时限", null=True, blank=True)
    handling_text = models.TextField("研究处理情况报告", blank=True)
    handled_on = models.DateField("报告日期", null=True, blank=True)
    handling_late = models.BooleanField("逾期", default=False)
    status = models.CharField("状态", max_length=16, choices=InquiryStatus.choices, default=InquiryStatus.PLANNED)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "专题询问"
        ordering = ["congress", "-year", "id"]
        indexes = [models.Index(fields=["congress", "year", "organ"], name="sup_inquiry_year_organ")]

    def __str__(self) -> str:
        return self.title


class InquiryQuestion(CongressScoped):
    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveIntegerField("序号")
    asker = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="询问人")
    question = models.TextField("询问")
    answerer_name = models.CharField("应询人", max_length=40)
    answerer_title = models.CharField("应询人职务", max_length=120)
    answerer_org = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name="应询单位")
    answer = models.TextField("回答")

    class Meta:
        verbose_name = verbose_name_plural = "询问和回答"
        ordering = ["inquiry", "number"]
        constraints = [models.UniqueConstraint(fields=["inquiry", "number"], name="sup_question_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.question[:30]}"


# ---- interpellation (质询案) ------------------------------------------------------------------------------
class InterpStatus(models.TextChoices):
    DRAFTING = "drafting", "联名中"
    SUBMITTED = "submitted", "已提出"
    DECIDED = "decided", "已决定答复方式"
    ANSWERED = "answered", "已答复"
    REANSWER = "reanswer", "要求再作答复"
    CLOSED = "closed", "已办结"


class AnswerMode(models.TextChoices):
    ORAL_PLENARY = "oral_plenary", "在常务委员会会议上口头答复"
    ORAL_COMMITTEE = "oral_committee", "在有关专门委员会会议上口头答复"
    WRITTEN = "written", "书面答复"


class Interpellation(CongressScoped):
    title = models.CharField("案由", max_length=200)
    target = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name="质询对象")
    organ = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+", verbose_name="所属机关")
    questions = models.TextField("质询的问题")
    content = models.TextField("质询的内容")
    meeting_title = models.CharField("提出时的常委会会议", max_length=120, blank=True)
    meeting_date = models.DateField("会议开始日期", null=True, blank=True)
    meeting_end_date = models.DateField("会议结束日期", null=True, blank=True)
    submitted_on = models.DateField("提出日期", null=True, blank=True)
    answer_mode = models.CharField("答复方式", max_length=16, choices=AnswerMode.choices, blank=True)
    committee = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                  verbose_name="答复的专门委员会")
    decided_on = models.DateField("主任会议决定日期", null=True, blank=True)
    round = models.PositiveSmallIntegerField("答复轮次", default=0)
    answered_on = models.DateField("答复日期", null=True, blank=True)
    answer_text = models.TextField("答复内容", blank=True)
    answerer_name = models.CharField("答复人（签署人）", max_length=40, blank=True)
    answerer_title = models.CharField("答复人职务", max_length=120, blank=True)
    answerer_is_head = models.BooleanField("答复人为受质询机关负责人", default=False)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    status = models.CharField("状态", max_length=12, choices=InterpStatus.choices, default=InterpStatus.DRAFTING)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "质询案"
        ordering = ["congress", "-created_at", "-id"]
        indexes = [models.Index(fields=["congress", "organ"], name="sup_interp_organ")]

    def __str__(self) -> str:
        return self.title

    @property
    def year(self) -> int | None:
        day = self.submitted_on or self.meeting_date
        return day.year if day else None


class InterpellationSigner(JointSigner):
    interpellation = models.ForeignKey(Interpellation, on_delete=models.CASCADE, related_name="signers")

    class Meta:
        verbose_name = verbose_name_plural = "质询案联名人"
        ordering = ["interpellation", "id"]
        constraints = [models.UniqueConstraint(fields=["interpellation", "person"], name="sup_signer_once")]


class InterpellationRating(CongressScoped):
    """A proposer's view of one answer (one row per proposer and answer round)."""

    interpellation = models.ForeignKey(Interpellation, on_delete=models.CASCADE, related_name="ratings")
    round = models.PositiveSmallIntegerField("答复轮次")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="提案人")
    satisfied = models.BooleanField("满意")

    class Meta:
        verbose_name = verbose_name_plural = "质询答复评价"
        ordering = ["interpellation", "round", "id"]
        constraints = [
            models.UniqueConstraint(fields=["interpellation", "round", "person"], name="sup_rating_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person} {'满意' if self.satisfied else '不满意'}"


# ---- special-question investigation (特定问题调查) ---------------------------------------------------------
class InvestigationStatus(models.TextChoices):
    PROPOSED = "proposed", "已提议"
    ESTABLISHED = "established", "调查委员会已组织"
    REPORTED = "reported", "已提出调查报告"
    DECIDED = "decided", "已作出决议决定"
    REJECTED = "rejected", "未决定组织"


class ProposerKind(models.TextChoices):
    CHAIRS_COUNCIL = "chairs_council", "主任会议"
    MEMBERS = "members", "常务委员会组成人员联名"


class Investigation(CongressScoped):
    title = models.CharField("调查事项", max_length=200)
    matter = models.TextField("需要调查的问题和理由")
    proposer_kind = models.CharField("提议人", max_length=16, choices=ProposerKind.choices)
    proposed_on = models.DateField("提议日期")
    established_on = models.DateField("组织日期", null=True, blank=True)
    report_text = models.TextField("调查报告", blank=True)
    reported_on = models.DateField("报告日期", null=True, blank=True)
    decision_text = models.TextField("决议、决定", blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    status = models.CharField("状态", max_length=12, choices=InvestigationStatus.choices,
                              default=InvestigationStatus.PROPOSED)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "特定问题调查"
        ordering = ["congress", "-proposed_on", "-id"]

    def __str__(self) -> str:
        return self.title


class InvestigationProposer(CongressScoped):
    investigation = models.ForeignKey(Investigation, on_delete=models.CASCADE, related_name="proposers")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="联名人")

    class Meta:
        verbose_name = verbose_name_plural = "调查提议联名人"
        constraints = [models.UniqueConstraint(fields=["investigation", "person"], name="sup_inv_proposer_once")]

    def __str__(self) -> str:
        return str(self.person)


class InvestigatorRole(models.TextChoices):
    CHAIR = "chair", "主任委员"
    VICE_CHAIR = "vice_chair", "副主任委员"
    MEMBER = "member", "委员"
    EXPERT = "expert", "聘请的专家"


class InvestigationMember(CongressScoped):
    investigation = models.ForeignKey(Investigation, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name="人员")
    name = models.CharField("姓名", max_length=40)
    role = models.CharField("职务", max_length=12, choices=InvestigatorRole.choices)

    class Meta:
        verbose_name = verbose_name_plural = "调查委员会成员"
        ordering = ["investigation", "role", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_role_display()}）"


# ---- filing review (规范性文件备案审查) --------------------------------------------------------------------
class FilerKind(models.TextChoices):
    GOVERNMENT = "government", "本级人民政府"
    SUPERVISORY_COMMISSION = "supervisory_commission", "本级监察委员会"
    COURT = "court", "本级人民法院"
    PROCURATORATE = "procuratorate", "本级人民检察院"
    LOWER_CONGRESS = "lower_congress", "下一级人民代表大会"
    LOWER_STANDING_COMMITTEE = "lower_standing_committee", "下一级人大常委会"


ORGAN_FILER_KINDS = {
    FilerKind.GOVERNMENT: Organization.Kind.GOVERNMENT,
    FilerKind.SUPERVISORY_COMMISSION: Organization.Kind.SUPERVISORY_COMMISSION,
    FilerKind.COURT: Organization.Kind.COURT,
    FilerKind.PROCURATORATE: Organization.Kind.PROCURATORATE,
}


class FilingStatus(models.TextChoices):
    FILED = "filed", "已备案"
    REVIEWING = "reviewing", "审查中"
    PASSED = "passed", "审查未发现问题"
    PROBLEM = "problem", "发现问题"
    CORRECTION = "correction", "已提出纠正意见"
    CORRECTED = "corrected", "制定机关已纠正"
    REVOKED = "revoked", "已予撤销"


REVIEWED_FILING_STATES = (
    FilingStatus.PASSED, FilingStatus.PROBLEM, FilingStatus.CORRECTION, FilingStatus.CORRECTED, FilingStatus.REVOKED,
)


class ReviewBasis(models.TextChoices):
    INITIATIVE = "initiative", "主动审查"
    REQUEST = "request", "依申请审查"
    SPECIAL = "special", "专项审查"


class Ground(models.TextChoices):
    """监督法 第三十九条: the grounds on which a document is inappropriate."""

    BEYOND_POWER = "beyond_power", "超越法定权限，限制或者剥夺公民、法人和其他组织的合法权利，或者增加其义务"
    CONFLICT = "conflict", "同法律、法规规定相抵触"
    OTHER = "other", "有其他不适当的情形"


class NormativeDocument(CongressScoped):
    filer_kind = models.CharField("制定机关类别", max_length=28, choices=FilerKind.choices)
    filer_org = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                  verbose_name="制定机关")
    filer_congress = models.ForeignKey(Congress, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+", verbose_name="下一级人大")
    title = models.CharField("文件名称", max_length=200)
    doc_number = models.CharField("文号", max_length=60, blank=True)
    issued_on = models.DateField("公布（印发）日期")
    filed_on = models.DateField("报送备案日期")
    filing_due = models.DateField("报送备案时限")
    filing_late = models.BooleanField("逾期报送", default=False)
    text = models.TextField("正文", blank=True)
    reviewer = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 verbose_name="审查机构")
    review_basis = models.CharField("审查方式", max_length=12, choices=ReviewBasis.choices, blank=True)
    review_started_on = models.DateField("开始审查日期", null=True, blank=True)
    grounds = models.JSONField("不适当的情形", default=list, blank=True)
    review_opinion = models.TextField("审查意见", blank=True)
    reviewed_on = models.DateField("审查结论日期", null=True, blank=True)
    correction_requested_on = models.DateField("提出纠正意见日期", null=True, blank=True)
    correction_due = models.DateField("反馈时限", null=True, blank=True)
    result = models.TextField("处理结果", blank=True)
    result_on = models.DateField("结果日期", null=True, blank=True)
    status = models.CharField("状态", max_length=12, choices=FilingStatus.choices, default=FilingStatus.FILED)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "备案规范性文件"
        ordering = ["congress", "-filed_on", "-id"]
        indexes = [
            models.Index(fields=["congress", "filer_org", "filed_on"], name="sup_filing_filer"),
            models.Index(fields=["congress", "status"], name="sup_filing_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(filer_kind__in=["lower_congress", "lower_standing_committee"], filer_congress__isnull=False)
                | (~Q(filer_kind__in=["lower_congress", "lower_standing_committee"]) & Q(filer_org__isnull=False)),
                name="sup_filing_has_filer",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def filer_name(self) -> str:
        if self.filer_org_id:
            return self.filer_org.name
        if self.filer_congress_id:
            suffix = "常务委员会" if self.filer_kind == FilerKind.LOWER_STANDING_COMMITTEE else ""
            return f"{self.filer_congress.name}{suffix}"
        return ""

    def ground_labels(self) -> list[str]:
        labels = dict(Ground.choices)
        return [labels.get(g, g) for g in self.grounds or []]


class RequesterKind(models.TextChoices):
    CITIZEN = "citizen", "公民"
    ORGANIZATION = "organization", "社会团体、企业事业组织"
    STATE_ORGAN = "state_organ", "国家机关"


class RequestSource(models.TextChoices):
    PORTAL = "portal", "门户网站"
    LETTER = "letter", "来信"
    INTERNAL = "internal", "登记录入"


class RequestStatus(models.TextChoices):
    RECEIVED = "received", "已收到"
    ACCEPTED = "accepted", "已受理，正在审查"
    NOT_ACCEPTED = "not_accepted", "不予受理"
    TRANSFERRED = "transferred", "已移送有关机关"
    CONCLUDED = "concluded", "已反馈审查结果"


class ReviewRequest(CongressScoped):
    """A request (审查要求/审查建议) to review a normative document, e.g. a citizen's from the portal."""

    tracking_code = models.CharField("查询码", max_length=20, unique=True)
    source = models.CharField("来源", max_length=10, choices=RequestSource.choices, default=RequestSource.PORTAL)
    requester_kind = models.CharField("提出人类别", max_length=14, choices=RequesterKind.choices,
                                      default=RequesterKind.CITIZEN)
    requester_name = models.CharField("提出人", max_length=60)
    contact = models.CharField("联系方式", max_length=100)
    document_title = models.CharField("建议审查的文件", max_length=200)
    document_number = models.CharField("文号", max_length=60, blank=True)
    issuer = models.CharField("制定机关", max_length=100, blank=True)
    reasons = models.TextField("审查建议的理由")
    document = models.ForeignKey(NormativeDocument, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="requests", verbose_name="对应的备案文件")
    received_on = models.DateField("收到日期")
    transferred_to = models.CharField("移送机关", max_length=100, blank=True)
    reply = models.TextField("反馈意见", blank=True)
    replied_on = models.DateField("反馈日期", null=True, blank=True)
    status = models.CharField("状态", max_length=14, choices=RequestStatus.choices, default=RequestStatus.RECEIVED)
    created_at = models.DateTimeField(auto_now_add=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "审查建议"
        ordering = ["congress", "-received_on", "-id"]
        indexes = [models.Index(fields=["congress", "status"], name="sup_request_status")]

    def __str__(self) -> str:
        return f"关于《{self.document_title}》的审查建议"


# The parts that keep their own models (imported here so the app's migrations see them).
from renda.supervision.annual.models import AnnualDuty, AnnualKind, AnnualStatus  # noqa: E402,F401
from renda.supervision.removal.models import (  # noqa: E402,F401
    DefenceMode,
    RemovalCase,
    RemovalPost,
    RemovalProposer,
    RemovalSigner,
    RemovalStatus,
)
from renda.supervision.resolutions.models import ResolutionExecution, ResolutionStatus  # noqa: E402,F401
