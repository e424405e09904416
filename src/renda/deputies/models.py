"""Deputies' work (代表工作) and the congress's own building (自身建设) and exchanges (对外交流).

- the registry: delegations, deputies per term (composition dimensions, encrypted personal data) and
  the changes during the term (辞职、罢免、资格终止、暂停、补选) through a workflow;
- liaison with the people: liaison stations and deputies' homes, activities (接待选民日、走访、视察、
  专题调研、代表小组活动), members contacting deputies, and the issues raised, routed to a body;
- training and study (培训班、研讨会、学习会) with registration, attendance and completion; study materials;
- external exchanges: partners (友好城市、友好议会), delegations in and out, their meetings and agreements.

Gender, ethnicity, party and birth year are the person's (core.Person); the rest of the registry is here.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q

from renda.core.crypto import EncryptedTextField
from renda.core.models import CongressScoped, Organization, Person, Term, User


# ==== the registry ======================================================================================
class Delegation(CongressScoped):
    """A delegation (代表团) or constituency group at the congress session."""

    class Kind(models.TextChoices):
        DELEGATION = "delegation", "代表团"
        CONSTITUENCY = "constituency", "选区"

    term = models.ForeignKey(Term, on_delete=models.PROTECT, verbose_name="届")
    name = models.CharField("名称", max_length=60)
    order = models.PositiveIntegerField("排序", default=0)
    kind = models.CharField("类别", max_length=20, choices=Kind.choices, default=Kind.DELEGATION)
    seats = models.PositiveIntegerField("应选名额", default=0, help_text="0 表示未登记名额")

    class Meta:
        verbose_name = verbose_name_plural = "代表团"
        ordering = ["congress", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["term", "name"], name="delegation_unique_name")]

    def __str__(self) -> str:
        return self.name


class Education(models.TextChoices):
    POSTGRADUATE = "postgraduate", "研究生"
    BACHELOR = "bachelor", "大学本科"
    COLLEGE = "college", "大学专科"
    SECONDARY = "secondary", "中专及以下"


class Deputy(CongressScoped):
    class Status(models.TextChoices):
        SERVING = "serving", "在任"
        SUSPENDED = "suspended", "暂停执行代表职务"
        RESIGNED = "resigned", "辞职"
        REMOVED = "removed", "罢免"
        TERMINATED = "terminated", "资格终止"
        DECEASED = "deceased", "去世"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="deputyships", verbose_name="人员")
    term = models.ForeignKey(Term, on_delete=models.PROTECT, verbose_name="届")
    delegation = models.ForeignKey(
        Delegation, null=True, blank=True, on_delete=models.PROTECT, verbose_name="代表团"
    )
    sector = models.CharField("界别/行业", max_length=40, blank=True)
    occupation = models.CharField("职业", max_length=80, blank=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.SERVING)
    constituency = models.CharField("选区/原选举单位", max_length=80, blank=True)
    education = models.CharField("学历", max_length=20, choices=Education.choices, blank=True)
    reelected = models.BooleanField("连任代表", default=False)
    elected_on = models.DateField("当选日期", null=True, blank=True)
    ended_on = models.DateField("代表资格终止日期", null=True, blank=True)
    # Personal data: ciphertext only in the database; visible to the deputies' working committee.
    id_number = EncryptedTextField("公民身份号码", blank=True)
    id_digest = models.CharField(max_length=64, blank=True, editable=False)
    phone = EncryptedTextField("联系电话", blank=True)
    lock_version = models.PositiveIntegerField(default=0)

    ACTIVE_STATES = (Status.SERVING, Status.SUSPENDED)
    PRIVATE_FIELDS = ("id_number", "phone", "id_digest")

    class Meta:
        verbose_name = verbose_name_plural = "代表"
        ordering = ["congress", "delegation", "id"]
        constraints = [models.UniqueConstraint(fields=["term", "person"], name="deputy_unique_per_term")]
        indexes = [
            models.Index(fields=["congress", "term", "status"], name="deputy_term_status"),
            models.Index(fields=["congress", "id_digest"], name="deputy_id_digest"),
        ]

    def __str__(self) -> str:
        return self.person.name

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATES


class ChangeKind(models.TextChoices):
    RESIGNATION = "resignation", "辞职"
    REMOVAL = "removal", "罢免"
    RELOCATION = "relocation", "迁出或调离本行政区域"
    TERMINATION = "termination", "其他情形资格终止"
    DEATH = "death", "去世"
    SUSPENSION = "suspension", "暂停执行代表职务"
    RESTORATION = "restoration", "恢复执行代表职务"
    BY_ELECTION = "by_election", "补选"


# What an accepted change does to the deputy's status.
STATUS_AFTER_CHANGE = {
    ChangeKind.RESIGNATION: Deputy.Status.RESIGNED,
    ChangeKind.REMOVAL: Deputy.Status.REMOVED,
    ChangeKind.RELOCATION: Deputy.Status.TERMINATED,
    ChangeKind.TERMINATION: Deputy.Status.TERMINATED,
    ChangeKind.DEATH: Deputy.Status.DECEASED,
    ChangeKind.SUSPENSION: Deputy.Status.SUSPENDED,
    ChangeKind.RESTORATION: Deputy.Status.SERVING,
}
ENDING_KINDS = frozenset({ChangeKind.RESIGNATION, ChangeKind.REMOVAL, ChangeKind.RELOCATION,
                          ChangeKind.TERMINATION, ChangeKind.DEATH})


class ChangeStatus(models.TextChoices):
    REGISTERED = "registered", "已登记"
    REPORTED = "reported", "已报告常委会"
    ACCEPTED = "accepted", "已确认"
    REJECTED = "rejected", "不予接受"
    ANNOUNCED = "announced", "已公告"


class DeputyChange(CongressScoped):
    """A change during the term: a deputy leaves, is suspended or restored, or a vacancy is filled."""

    term = models.ForeignKey(Term, on_delete=models.PROTECT, verbose_name="届")
    kind = models.CharField("类别", max_length=20, choices=ChangeKind.choices)
    deputy = models.ForeignKey(Deputy, null=True, blank=True, on_delete=models.PROTECT, related_name="changes",
                               verbose_name="代表")
    delegation = models.ForeignKey(Delegation, null=True, blank=True, on_delete=models.PROTECT,
                                   verbose_name="代表团（补选）")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name="补选产生的代表")
    occurred_on = models.DateField("事由发生日期")
    effective_on = models.DateField("生效日期", null=True, blank=True)
    reason = models.TextField("事由", blank=True)
    decision_ref = models.CharField("决议/决定", max_length=120, blank=True,
                                    help_text="如：市第十二届人大常委会第三十次会议决定；原选举单位的罢免决议")
    votes_for = models.PositiveIntegerField("赞成票", null=True, blank=True)
    members_total = models.PositiveIntegerField("常委会组成人员总数", null=True, blank=True)
    credentials_reviewed = models.BooleanField("代表资格审查委员会已审查", default=False)
    announced_on = models.DateField("公告日期", null=True, blank=True)
    new_deputy = models.ForeignKey(Deputy, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name="补选产生的代表记录")
    status = models.CharField("状态", max_length=20, choices=ChangeStatus.choices, default=ChangeStatus.REGISTERED)
    created_at = models.DateTimeField(auto_now_add=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "代表变动"
        ordering = ["congress", "-occurred_on", "-id"]
        indexes = [models.Index(fields=["congress", "term", "status"], name="depchange_term_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="by_election") | Q(deputy__isnull=False), name="depchange_has_deputy",
                violation_error_message="除补选外，代表变动须选择代表。",
            ),
        ]

    def __str__(self) -> str:
        who = self.deputy.person.name if self.deputy_id else (self.person.name if self.person_id else "")
        return f"{who}{self.get_kind_display()}"


# ==== liaison with the people (联系群众) ==================================================================
class Station(CongressScoped):
    """A liaison station (代表联络站) or deputies' home (代表之家), where deputies meet constituents."""

    class Kind(models.TextChoices):
        STATION = "station", "代表联络站"
        HOME = "home", "代表之家"
        ONLINE = "online", "网上联络站"

    kind = models.CharField("类别", max_length=10, choices=Kind.choices, default=Kind.STATION)
    name = models.CharField("名称", max_length=80)
    district = models.CharField("所在区（县、市）", max_length=40, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    schedule = models.CharField("开放时间", max_length=200, blank=True, help_text="如：每月15日上午接待选民")
    contact_phone = models.CharField("联络站电话", max_length=40, blank=True)
    delegation = models.ForeignKey(Delegation, null=True, blank=True, on_delete=models.SET_NULL,
                                   verbose_name="对应代表团")
    deputies = models.ManyToManyField(Deputy, blank=True, related_name="stations", verbose_name="进站代表")
    active = models.BooleanField("运行中", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "代表联络站"
        ordering = ["congress", "district", "name"]
        constraints = [models.UniqueConstraint(fields=["congress", "name"], name="station_unique_name")]

    def __str__(self) -> str:
        return self.name


class ActivityKind(models.TextChoices):
    RECEPTION = "reception", "接待选民日"
    VISIT = "visit", "走访"
    INSPECTION = "inspection", "视察"
    RESEARCH = "research", "专题调研"
    GROUP = "group", "代表小组活动"


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", "计划中"
    ANNOUNCED = "announced", "已公告"
    HELD = "held", "已举行"
    CANCELLED = "cancelled", "已取消"


class Activity(CongressScoped):
    """A liaison activity of deputies: a reception day, a visit, an inspection, a research trip."""

    kind = models.CharField("类别", max_length=20, choices=ActivityKind.choices)
    title = models.CharField("名称", max_length=200)
    station = models.ForeignKey(Station, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="activities", verbose_name="联络站")
    organizer = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name="组织单位")
    lead = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name="带队领导")
    start = models.DateTimeField("开始时间")
    end = models.DateTimeField("结束时间")
    place = models.CharField("地点", max_length=200, blank=True)
    participants = models.ManyToManyField(Deputy, blank=True, related_name="activities", verbose_name="参加代表")
    announced_on = models.DateField("公告日期", null=True, blank=True)
    people_received = models.PositiveIntegerField("接待群众人次", default=0)
    record = models.TextField("活动记录", blank=True)
    status = models.CharField("状态", max_length=12, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED)
    created_at = models.DateTimeField(auto_now_add=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "代表活动"
        ordering = ["congress", "-start", "-id"]
        indexes = [
            models.Index(fields=["congress", "start"], name="activity_start"),
            models.Index(fields=["congress", "kind", "status"], name="activity_kind_status"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="activity_dates_ordered",
                                   violation_error_message="结束时间不能早于开始时间。"),
        ]

    def __str__(self) -> str:
        return self.title


class MemberContact(CongressScoped):
    """A standing-committee member's contact with deputies (常委会组成人员联系代表)."""

    class Mode(models.TextChoices):
        VISIT = "visit", "走访"
        FORUM = "forum", "座谈"
        PHONE = "phone", "电话"
        ONLINE = "online", "网络"

    member = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="常委会组成人员")
    deputies = models.ManyToManyField(Deputy, related_name="member_contacts", verbose_name="联系的代表")
    date = models.DateField("日期")
    mode = models.CharField("方式", max_length=10, choices=Mode.choices, default=Mode.FORUM)
    place = models.CharField("地点", max_length=200, blank=True)
    notes = models.TextField("情况记录", blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "联系代表"
        ordering = ["congress", "-date", "-id"]
        indexes = [models.Index(fields=["congress", "member", "date"], name="contact_member_date")]

    def __str__(self) -> str:
        return f"{self.member} {self.date:%Y-%m-%d} {self.get_mode_display()}"


class IssueSource(models.TextChoices):
    RECEPTION = "reception", "接待选民日"
    VISIT = "visit", "走访"
    INSPECTION = "inspection", "视察"
    RESEARCH = "research", "专题调研"
    GROUP = "group", "代表小组活动"
    MEMBER_CONTACT = "member_contact", "常委会组成人员联系代表"
    OTHER = "other", "其他"


class IssueStatus(models.TextChoices):
    RECEIVED = "received", "待交办"
    ROUTED = "routed", "已交办"
    ANSWERED = "answered", "已答复"
    CLOSED = "closed", "已办结"


OPEN_ISSUE_STATES = (IssueStatus.RECEIVED, IssueStatus.ROUTED)


class Issue(CongressScoped):
    """An issue raised by the people or a deputy, routed by the office to a body that answers it.

    Until the public-opinion module (participation) lands, this is the office's routing list.
    """

    source = models.CharField("来源", max_length=20, choices=IssueSource.choices)
    activity = models.ForeignKey(Activity, null=True, blank=True, on_delete=models.PROTECT, related_name="issues",
                                 verbose_name="活动")
    contact = models.ForeignKey(MemberContact, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="issues", verbose_name="联系代表记录")
    deputy = models.ForeignKey(Deputy, null=True, blank=True, on_delete=models.PROTECT, related_name="issues",
                               verbose_name="提出或反映的代表")
    raised_by = models.CharField("反映人", max_length=60, blank=True)
    title = models.CharField("事由", max_length=200)
    content = models.TextField("具体内容")
    routed_to = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name="交办单位")
    routed_on = models.DateField("交办日期", null=True, blank=True)
    due_on = models.DateField("答复期限", null=True, blank=True)
    answer = models.TextField("答复意见", blank=True)
    answered_on = models.DateField("答复日期", null=True, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    status = models.CharField("状态", max_length=12, choices=IssueStatus.choices, default=IssueStatus.RECEIVED)
    created_at = models.DateTimeField(auto_now_add=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "群众意见和代表意见"
        ordering = ["congress", "-created_at", "-id"]
        indexes = [
            models.Index(fields=["congress", "status", "due_on"], name="issue_status_due"),
            models.Index(fields=["congress", "routed_to"], name="issue_routed_to"),
        ]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: dt.date) -> bool:
        return self.status == IssueStatus.ROUTED and self.due_on is not None and self.due_on < today


# ==== self-building: training and study (自身建设) ========================================================
class Audience(models.TextChoices):
    MEMBERS = "members", "常委会组成人员"
    DEPUTIES = "deputies", "人大代表"
    STAFF = "staff", "机关干部"
    ALL = "all", "组成人员、代表和机关干部"


class CourseStatus(models.TextChoices):
    PLANNED = "planned", "计划中"
    OPEN = "open", "报名中"
    CLOSED = "closed", "报名截止"
    COMPLETED = "completed", "已结业"
    CANCELLED = "cancelled", "已取消"


class Course(CongressScoped):
    """A training course, seminar or study session (培训班、研讨会、学习会)."""

    class Kind(models.TextChoices):
        COURSE = "course", "培训班"
        SEMINAR = "seminar", "研讨会"
        STUDY = "study", "专题学习"

    kind = models.CharField("类别", max_length=10, choices=Kind.choices, default=Kind.COURSE)
    title = models.CharField("名称", max_length=200)
    audience = models.CharField("对象", max_length=10, choices=Audience.choices, default=Audience.DEPUTIES)
    organizer = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name="主办单位")
    start = models.DateTimeField("开始时间")
    end = models.DateTimeField("结束时间")
    place = models.CharField("地点", max_length=200, blank=True)
    capacity = models.PositiveIntegerField("名额", null=True, blank=True)
    hours = models.PositiveSmallIntegerField("学时", default=0)
    plan = models.TextField("培训方案", blank=True)
    status = models.CharField("状态", max_length=12, choices=CourseStatus.choices, default=CourseStatus.PLANNED)
    created_at = models.DateTimeField(auto_now_add=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "培训和学习"
        ordering = ["congress", "-start", "-id"]
        indexes = [models.Index(fields=["congress", "start"], name="course_start")]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="course_dates_ordered",
                                   violation_error_message="结束时间不能早于开始时间。"),
        ]

    def __str__(self) -> str:
        return self.title


class Enrollment(CongressScoped):
    class Attendance(models.TextChoices):
        REGISTERED = "registered", "已报名"
        ATTENDED = "attended", "出席"
        ABSENT = "absent", "缺席"
        EXCUSED = "excused", "请假"

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrollments", verbose_name="培训")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="学员")
    deputy = models.ForeignKey(Deputy, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="enrollments", verbose_name="代表")
    attendance = models.CharField("出勤", max_length=12, choices=Attendance.choices, default=Attendance.REGISTERED)
    completed = models.BooleanField("结业", default=False)
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "培训报名"
        ordering = ["course", "id"]
        constraints = [models.UniqueConstraint(fields=["course", "person"], name="enrollment_unique")]

    def __str__(self) -> str:
        return f"{self.person} · {self.course}"


class StudyMaterial(CongressScoped):
    """A study material (学习资料) for the deputies' platform; files are attachments."""

    title = models.CharField("标题", max_length=200)
    summary = models.TextField("内容提要", blank=True)
    audience = models.CharField("对象", max_length=10, choices=Audience.choices, default=Audience.ALL)
    course = models.ForeignKey(Course, null=True, blank=True, on_delete=models.SET_NULL, related_name="materials",
                               verbose_name="所属培训")
    published_on = models.DateField("发布日期")

    class Meta:
        verbose_name = verbose_name_plural = "学习资料"
        ordering = ["congress", "-published_on", "-id"]

    def __str__(self) -> str:
        return self.title


# ==== external exchanges (对外交流) =======================================================================
class Partner(CongressScoped):
    class Kind(models.TextChoices):
        FRIENDLY_CITY = "friendly_city", "友好城市"
        PARTNER_CITY = "partner_city", "友好交流城市"
        LEGISLATURE = "legislature", "友好议会（立法机构）"

    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    name = models.CharField("名称", max_length=120)
    country = models.CharField("国家（地区）", max_length=60)
    established_on = models.DateField("建立关系日期", null=True, blank=True)
    notes = models.TextField("简况", blank=True)
    active = models.BooleanField("有效", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "友好城市和立法机构"
        ordering = ["congress", "country", "name"]
        constraints = [models.UniqueConstraint(fields=["congress", "name"], name="partner_unique_name")]

    def __str__(self) -> str:
        return f"{self.name}（{self.country}）"


class VisitStatus(models.TextChoices):
    PLANNED = "planned", "计划中"
    APPROVED = "approved", "已批准"
    COMPLETED = "completed", "已完成"
    CANCELLED = "cancelled", "已取消"


class Visit(CongressScoped):
    """A delegation out (出访) or in (来访)."""

    class Direction(models.TextChoices):
        OUTBOUND = "outbound", "出访"
        INBOUND = "inbound", "来访"

    direction = models.CharField("方向", max_length=10, choices=Direction.choices)
    partner = models.ForeignKey(Partner, null=True, blank=True, on_delete=models.PROTECT, related_name="visits",
                                verbose_name="交流对象")
    title = models.CharField("名称", max_length=200)
    purpose = models.TextField("任务和目的", blank=True)
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期")
    place = models.CharField("地点", max_length=200, blank=True)
    leader = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name="团长/接待领导")
    members = models.ManyToManyField(Person, blank=True, related_name="+", verbose_name="团组成员/陪同人员")
    visitors = models.TextField("来访人员", blank=True)
    approval_ref = models.CharField("批准文件", max_length=120, blank=True)
    outcomes = models.TextField("成果", blank=True)
    status = models.CharField("状态", max_length=12, choices=VisitStatus.choices, default=VisitStatus.PLANNED)
    created_at = models.DateTimeField(auto_now_add=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "出访和来访"
        ordering = ["congress", "-start_date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="visit_dates_ordered",
                                   violation_error_message="结束日期不能早于开始日期。"),
        ]

    def __str__(self) -> str:
        return self.title


class ExchangeMeeting(CongressScoped):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="meetings", verbose_name="团组")
    date = models.DateField("日期")
    counterpart = models.CharField("会见（会谈）对象", max_length=200)
    topics = models.TextField("内容", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "会见会谈"
        ordering = ["visit", "date", "id"]

    def __str__(self) -> str:
        return f"{self.date} {self.counterpart}"


class Agreement(CongressScoped):
    class Kind(models.TextChoices):
        SISTER_CITY = "sister_city", "友好城市协议书"
        MOU = "mou", "合作备忘录"
        LETTER = "letter", "意向书"

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="agreements", verbose_name="对方")
    visit = models.ForeignKey(Visit, null=True, blank=True, on_delete=models.SET_NULL, related_name="agreements",
                              verbose_name="签署时的团组")
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    title = models.CharField("名称", max_length=200)
    signed_on = models.DateField("签署日期")
    signatories = models.CharField("签署人", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "协议和备忘录"
        ordering = ["congress", "-signed_on", "-id"]

    def __str__(self) -> str:
        return self.title


# ==== sub-packages with models of their own ==============================================================
from renda.deputies.annual.models import DeputyWorkPlan, PlanStatus  # noqa: E402, F401
from renda.deputies.immunity.models import ImmunityCase, ImmunityStatus  # noqa: E402, F401
from renda.deputies.upper.models import UpperCaseStatus, UpperDeputy, UpperDeputyCase  # noqa: E402, F401
