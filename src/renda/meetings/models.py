"""Meetings, agendas, attendance and votes; appointments and removals (任免); decisions (重大事项决定).

The membership that counts for the quorum and the majority is never stored here: it is the standing
committee's composition on the meeting's date, read from core `Position` rows (see `membership.py`).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from renda.core.models import CongressScoped, Organization, Person, Position, Term, User


# ---- meetings -----------------------------------------------------------------------------------------
class MeetingKind(models.TextChoices):
    STANDING = "standing", "常委会会议"
    CHAIRS = "chairs", "主任会议"
    COMMITTEE = "committee", "专门委员会会议"
    PARTY_GROUP = "party_group", "党组会议"


# The body that holds each kind of meeting (Organization.Kind).
BODY_KIND_OF = {
    MeetingKind.STANDING: Organization.Kind.STANDING_COMMITTEE,
    MeetingKind.CHAIRS: Organization.Kind.CHAIRS_COUNCIL,
    MeetingKind.COMMITTEE: Organization.Kind.SPECIAL_COMMITTEE,
    MeetingKind.PARTY_GROUP: Organization.Kind.PARTY_GROUP,
}


class MeetingStatus(models.TextChoices):
    DRAFTING = "drafting", "筹备中"
    AGENDA_PROPOSED = "agenda_proposed", "议程草案待主任会议决定"
    CONVENED = "convened", "已决定召开"
    IN_SESSION = "in_session", "会议举行中"
    CLOSED = "closed", "已闭会"
    CANCELLED = "cancelled", "已取消"


ACTIVE_MEETING_STATES = (
    MeetingStatus.DRAFTING,
    MeetingStatus.AGENDA_PROPOSED,
    MeetingStatus.CONVENED,
    MeetingStatus.IN_SESSION,
    MeetingStatus.CLOSED,
)


class Meeting(CongressScoped):
    kind = models.CharField("会议类别", max_length=20, choices=MeetingKind.choices)
    body = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="meetings", verbose_name="举行机构")
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="meetings", verbose_name="届")
    number = models.PositiveIntegerField("次")
    title = models.CharField("名称", max_length=160)
    date = models.DateField("举行日期")
    end_date = models.DateField("结束日期", null=True, blank=True)
    start_time = models.TimeField("开始时间", null=True, blank=True)
    place = models.CharField("地点", max_length=120)
    convenor = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="召集人"
    )
    presider = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="主持人"
    )
    is_ad_hoc = models.BooleanField("临时召集", default=False)
    status = models.CharField("状态", max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.DRAFTING)
    agenda_decided_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="agendas_decided",
        verbose_name="决定议程的主任会议",
    )
    agenda_decided_on = models.DateField("议程决定日期", null=True, blank=True)
    opened_at = models.DateTimeField("开会时间", null=True, blank=True)
    closed_at = models.DateTimeField("闭会时间", null=True, blank=True)
    notes = models.TextField("备注", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "会议"
        ordering = ["congress", "-date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "body", "term", "number"], name="meeting_unique_number"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("date")), name="meeting_dates_ordered"
            ),
        ]
        indexes = [
            models.Index(fields=["congress", "kind", "date"], name="meeting_kind_date"),
            models.Index(fields=["congress", "status", "date"], name="meeting_status_date"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def last_day(self):
        return self.end_date or self.date

    @property
    def is_standing(self) -> bool:
        return self.kind == MeetingKind.STANDING

    @property
    def has_been_held(self) -> bool:
        """Convened (neither a draft nor cancelled) and its day has come."""
        convened = self.status not in (MeetingStatus.DRAFTING, MeetingStatus.CANCELLED)
        return convened and self.date <= timezone.localdate()

    @classmethod
    def to_choose(cls, congress_id: int, kind: str) -> models.QuerySet:
        """The meetings of one kind a step may name (all but the cancelled ones, latest first)."""
        return cls.objects.filter(congress_id=congress_id, kind=kind).exclude(
            status=MeetingStatus.CANCELLED).order_by("-date")


# ---- agenda -------------------------------------------------------------------------------------------
class AgendaKind(models.TextChoices):
    REGULATION = "regulation", "地方性法规案"
    DECISION = "decision", "决定、决议草案"
    APPOINTMENT = "appointment", "人事任免案"
    REPORT = "report", "工作报告"
    OTHER = "other", "其他议题"


class AgendaStatus(models.TextChoices):
    PROPOSED = "proposed", "拟列入议程"
    LISTED = "listed", "已列入议程"
    DELIBERATED = "deliberated", "已审议"
    PASSED = "passed", "表决通过"
    FAILED = "failed", "表决未通过"
    DEFERRED = "deferred", "暂不付表决"
    WITHDRAWN = "withdrawn", "已撤回"


class AgendaItem(CongressScoped):
    """One item on a meeting's agenda, optionally linked to any object by (object_type, object_id).

    `object_type` is an app_label.model key registered in `renda.meetings.agenda` (decisions and
    nominations here; bills and special reports when those modules register their types).
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name="会议")
    position = models.PositiveIntegerField("序号")
    kind = models.CharField("类别", max_length=20, choices=AgendaKind.choices, default=AgendaKind.OTHER)
    title = models.CharField("议题", max_length=200)
    description = models.TextField("说明", blank=True)
    object_type = models.CharField("关联对象类型", max_length=80, blank=True)
    object_id = models.CharField("关联对象", max_length=40, blank=True)
    link = models.CharField("链接", max_length=300, blank=True)
    proposer = models.CharField("提请人（机关）", max_length=120, blank=True)
    concerned_org = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="有关单位"
    )
    requires_vote = models.BooleanField("须表决", default=True)
    slot_start = models.DateTimeField("开始时间", null=True, blank=True)
    slot_minutes = models.PositiveIntegerField("时长（分钟）", null=True, blank=True)
    documents = models.JSONField("文件目录", default=list, blank=True)
    status = models.CharField("状态", max_length=20, choices=AgendaStatus.choices, default=AgendaStatus.PROPOSED)
    proposed_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+",
                                    verbose_name="提出人")
    created_at = models.DateTimeField(auto_now_add=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "会议议题"
        ordering = ["meeting", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="agenda_unique_position"),
            models.CheckConstraint(condition=Q(object_type="") | ~Q(object_id=""), name="agenda_object_complete"),
        ]
        indexes = [
            models.Index(fields=["congress", "object_type", "object_id"], name="agenda_object"),
            models.Index(fields=["congress", "concerned_org"], name="agenda_concerned"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


# ---- attendance ---------------------------------------------------------------------------------------
class AttendanceStatus(models.TextChoices):
    ABSENT = "absent", "未到"
    PRESENT = "present", "已签到"
    LEAVE_REQUESTED = "leave_requested", "请假待批"
    ON_LEAVE = "on_leave", "已准假"


class Capacity(models.TextChoices):
    MEMBER = "member", "组成人员"
    NONVOTING = "nonvoting", "列席"


class Attendance(CongressScoped):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name="会议")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="meeting_attendances",
                               verbose_name="人员")
    capacity = models.CharField("身份", max_length=12, choices=Capacity.choices, default=Capacity.MEMBER)
    role_note = models.CharField("列席身份", max_length=120, blank=True)
    status = models.CharField("状态", max_length=20, choices=AttendanceStatus.choices,
                              default=AttendanceStatus.ABSENT)
    signed_in_at = models.DateTimeField("签到时间", null=True, blank=True)
    leave_reason = models.CharField("请假事由", max_length=300, blank=True)
    leave_decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                         verbose_name="审批人")
    leave_decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "出席情况"
        ordering = ["meeting", "capacity", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="attendance_unique_person")]
        indexes = [models.Index(fields=["congress", "person", "status"], name="attendance_person")]

    def __str__(self) -> str:
        return f"{self.person} {self.get_status_display()}"


# ---- notices ------------------------------------------------------------------------------------------
class MeetingNotice(CongressScoped):
    """One notice of a meeting to one person: what makes the daily notice task idempotent."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="notices", verbose_name="会议")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="人员")
    email = models.CharField("电子邮箱", max_length=254, blank=True)
    sent_on = models.DateField("通知日期")
    sent_at = models.DateTimeField("发送时间", auto_now_add=True)
    delivered = models.BooleanField("已发送邮件", default=False)
    late = models.BooleanField("晚于规定日期", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "会议通知"
        ordering = ["meeting", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="notice_once_per_person")]

    def __str__(self) -> str:
        return f"{self.meeting} → {self.person}"


# ---- votes --------------------------------------------------------------------------------------------
class VoteStatus(models.TextChoices):
    OPEN = "open", "表决中"
    ANNOUNCED = "announced", "已宣布结果"
    VOID = "void", "已作废"


class VoteMethod(models.TextChoices):
    ELECTRONIC = "electronic", "按表决器"
    HANDS = "hands", "举手表决"


class Choice(models.TextChoices):
    YES = "yes", "赞成"
    NO = "no", "反对"
    ABSTAIN = "abstain", "弃权"
    NOT_VOTED = "not_voted", "未按表决器"


CHOICE_BY_LABEL = {
    "赞成": Choice.YES, "同意": Choice.YES, "yes": Choice.YES, "y": Choice.YES,
    "反对": Choice.NO, "不同意": Choice.NO, "no": Choice.NO, "n": Choice.NO,
    "弃权": Choice.ABSTAIN, "abstain": Choice.ABSTAIN, "a": Choice.ABSTAIN,
    "未按": Choice.NOT_VOTED, "未按表决器": Choice.NOT_VOTED, "未表决": Choice.NOT_VOTED, "not_voted": Choice.NOT_VOTED,
    "": Choice.NOT_VOTED,
}


class Vote(CongressScoped):
    """One vote on an agenda item: on the whole (整体表决) or on a part (单独表决, `part` names it)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="votes", verbose_name="会议")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="votes", verbose_name="议题")
    part = models.CharField("单独表决的条款", max_length=120, blank=True)
    method = models.CharField("表决方式", max_length=12, choices=VoteMethod.choices, default=VoteMethod.ELECTRONIC)
    status = models.CharField("状态", max_length=12, choices=VoteStatus.choices, default=VoteStatus.OPEN)
    opened_at = models.DateTimeField("开始表决时间")
    announced_at = models.DateTimeField("宣布时间", null=True, blank=True)
    total_members = models.PositiveIntegerField("全体组成人员", default=0)
    present = models.PositiveIntegerField("出席人数", default=0)
    yes = models.PositiveIntegerField("赞成", default=0)
    no = models.PositiveIntegerField("反对", default=0)
    abstain = models.PositiveIntegerField("弃权", default=0)
    not_voted = models.PositiveIntegerField("未按表决器", default=0)
    passed = models.BooleanField("通过", null=True, blank=True)
    source = models.CharField("数据来源", max_length=200, blank=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "表决"
        ordering = ["meeting", "agenda_item__position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agenda_item"], condition=Q(part="") & ~Q(status="void"),
                                    name="vote_one_whole_per_item"),
        ]

    def __str__(self) -> str:
        what = f"{self.agenda_item.title}（{self.part}）" if self.part else self.agenda_item.title
        return f"表决：{what}"

    @property
    def is_whole(self) -> bool:
        return not self.part


class Ballot(CongressScoped):
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots", verbose_name="表决")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="ballots", verbose_name="组成人员")
    choice = models.CharField("表决意见", max_length=12, choices=Choice.choices)

    class Meta:
        verbose_name = verbose_name_plural = "表决票"
        ordering = ["vote", "id"]
        constraints = [models.UniqueConstraint(fields=["vote", "person"], name="ballot_once_per_person")]
        indexes = [models.Index(fields=["congress", "person"], name="ballot_person")]

    def __str__(self) -> str:
        return f"{self.person} {self.get_choice_display()}"


# ---- appointments and removals (任免) ------------------------------------------------------------------
class NominationKind(models.TextChoices):
    APPOINT = "appoint", "任命"
    REMOVE = "remove", "免职"
    RESIGN = "resign", "接受辞职"


class Nominator(models.TextChoices):
    CHAIRS_COUNCIL = "chairs_council", "主任会议"
    DIRECTOR = "director", "常委会主任"
    MAYOR = "mayor", "市长"
    SUPERVISORY_DIRECTOR = "supervisory_director", "监察委员会主任"
    COURT_PRESIDENT = "court_president", "人民法院院长"
    CHIEF_PROCURATOR = "chief_procurator", "人民检察院检察长"
    SELF = "self", "本人（辞职）"


class NominationStatus(models.TextChoices):
    RECEIVED = "received", "已收到提请"
    REVIEWING = "reviewing", "任前审查中"
    READY = "ready", "待提请表决"
    APPROVED = "approved", "已通过"
    REJECTED = "rejected", "未通过"
    SWORN = "sworn", "已宣誓"
    WITHDRAWN = "withdrawn", "已撤回"


class StatementMode(models.TextChoices):
    PLENARY = "plenary", "全体会议发言"
    GROUP = "group", "分组会议发言"
    WRITTEN = "written", "书面发言"


class OathCeremony(CongressScoped):
    """A constitutional oath ceremony (宪法宣誓): when, where, who administered it and who led it."""

    class Form(models.TextChoices):
        INDIVIDUAL = "individual", "单独宣誓"
        COLLECTIVE = "collective", "集体宣誓"

    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="oaths",
                                verbose_name="会议")
    date = models.DateField("宣誓日期")
    place = models.CharField("地点", max_length=120, blank=True)
    form = models.CharField("形式", max_length=12, choices=Form.choices, default=Form.COLLECTIVE)
    administered_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="监誓人")
    leader = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name="领誓人")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "宪法宣誓"
        ordering = ["congress", "-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} 宪法宣誓"


class Appointment(CongressScoped):
    """The roster: a post held by a person, from the vote that appointed to the vote that ended it."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="appointments", verbose_name="人员")
    organ = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="appointments",
                              verbose_name="任职机关")
    post_title = models.CharField("职务", max_length=120)
    start_date = models.DateField("任职日期")
    end_date = models.DateField("离任日期", null=True, blank=True)
    position = models.ForeignKey(Position, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 verbose_name="对应任职记录")
    nomination = models.ForeignKey("Nomination", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name="任命案")
    ended_by = models.ForeignKey("Nomination", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 verbose_name="免职/辞职案")

    class Meta:
        verbose_name = verbose_name_plural = "任职名册"
        ordering = ["congress", "-start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="appointment_dates_ordered",
            ),
        ]
        indexes = [models.Index(fields=["congress", "organ", "end_date"], name="appointment_organ")]

    def __str__(self) -> str:
        return f"{self.person} {self.post_title}"


class Nomination(CongressScoped):
    """A 任免案: one person, one post; appointment, removal, or acceptance of a resignation."""

    kind = models.CharField("类别", max_length=10, choices=NominationKind.choices, default=NominationKind.APPOINT)
    nominator = models.CharField("提请人", max_length=24, choices=Nominator.choices)
    nominator_organ = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+",
                                        verbose_name="提请机关")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="nominations", verbose_name="人员")
    organ = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="nominations",
                              verbose_name="任职机关")
    post_title = models.CharField("职务", max_length=120)
    position_role = models.CharField("常委会机构职务", max_length=30, choices=Position.Role.choices, blank=True)
    target = models.ForeignKey(Appointment, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name="所免职务（名册）")
    target_position = models.ForeignKey(Position, null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+", verbose_name="所免职务（常委会机构）")
    reasons = models.TextField("提请理由", blank=True)
    has_letter = models.BooleanField("提请任免的函", default=False)
    has_resume = models.BooleanField("基本情况和简历", default=False)
    has_assessment = models.BooleanField("考察材料", default=False)
    received_on = models.DateField("收到日期")
    review_opinion = models.TextField("任前审查意见", blank=True)
    reviewed_on = models.DateField("审查日期", null=True, blank=True)
    exam_date = models.DateField("考试日期", null=True, blank=True)
    exam_score = models.PositiveSmallIntegerField("考试成绩", null=True, blank=True)
    statement_date = models.DateField("供职发言日期", null=True, blank=True)
    statement_mode = models.CharField("供职发言方式", max_length=10, choices=StatementMode.choices, blank=True)
    status = models.CharField("状态", max_length=12, choices=NominationStatus.choices,
                              default=NominationStatus.RECEIVED)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    letter_number = models.CharField("任命书编号", max_length=40, blank=True)
    oath = models.ForeignKey(OathCeremony, null=True, blank=True, on_delete=models.PROTECT, related_name="takers",
                             verbose_name="宪法宣誓")
    created_at = models.DateTimeField(auto_now_add=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "任免案"
        ordering = ["congress", "-received_on", "-id"]
        indexes = [
            models.Index(fields=["congress", "status"], name="nomination_status"),
            models.Index(fields=["congress", "organ"], name="nomination_organ"),
        ]

    def __str__(self) -> str:
        verb = {"appoint": "任命", "remove": "免去", "resign": "接受辞去"}[self.kind]
        return f"{verb}{self.person}{'为' if self.kind == 'appoint' else ''}{self.post_title}{'职务' if self.kind != 'appoint' else ''}"

    @property
    def materials_complete(self) -> bool:
        return self.has_letter and self.has_resume and self.has_assessment


# ---- decisions on major matters (重大事项决定) and resolutions ---------------------------------------------
class DecisionKind(models.TextChoices):
    DECISION = "decision", "决定"
    RESOLUTION = "resolution", "决议"


class DecisionStatus(models.TextChoices):
    DRAFTING = "drafting", "起草中"
    SUBMITTED = "submitted", "已提请审议"
    ADOPTED = "adopted", "已通过"
    REJECTED = "rejected", "未通过"
    PUBLISHED = "published", "已公布"


class Decision(CongressScoped):
    kind = models.CharField("类别", max_length=12, choices=DecisionKind.choices, default=DecisionKind.DECISION)
    title = models.CharField("标题", max_length=200)
    text = models.TextField("正文")
    proposer = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 verbose_name="提请机关")
    drafting_body = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+", verbose_name="起草机构")
    status = models.CharField("状态", max_length=12, choices=DecisionStatus.choices, default=DecisionStatus.DRAFTING)
    adopted_on = models.DateField("通过日期", null=True, blank=True)
    published_on = models.DateField("公布日期", null=True, blank=True)
    doc_number = models.CharField("公告编号", max_length=40, blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "决定决议"
        ordering = ["congress", "-created_at", "-id"]
        indexes = [models.Index(fields=["congress", "status"], name="decision_status")]

    def __str__(self) -> str:
        return self.title


# deadlines and filings after appointments (组织法 第七十一条、第五十条、第三十二条) live in their own sub-package
from renda.meetings.appointment_duties.models import AppointmentDuty, DutyStatus  # noqa: E402, F401
