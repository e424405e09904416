"""Institutions, people, users, rule parameters, the holiday calendar and the audit trail.

Every domain record belongs to a congress (`CongressScoped`): that column is the
tenant key, every query is filtered by it, and it is the distribution column when
the data is sharded by congress (see docs/ARCHITECTURE.md, "Scaling out").
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from renda.core.crypto import EncryptedTextField
from renda.core.numerals import to_chinese
from renda.core.roles import Role


class Congress(models.Model):
    """A people's congress (人大) and its standing committee: the tenant of the platform."""

    class Level(models.TextChoices):
        NATIONAL = "national", "全国"
        PROVINCE = "province", "省级"
        CITY = "city", "设区的市"
        COUNTY = "county", "县级"

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=100)  # XX市人民代表大会
    short_name = models.CharField("简称", max_length=40)  # XX市人大
    level = models.CharField("层级", max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级人大", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    standing_committee_name = models.CharField("常委会名称", max_length=100)
    doc_prefix = models.CharField("发文机关代字", max_length=20, blank=True)  # e.g. X人常发
    city_name = models.CharField("地名", max_length=40, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "人大"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.short_name


def exactly_one_of(first: str, second: str, *, name: str) -> models.CheckConstraint:
    """A row that belongs to one of two owners (two nullable foreign keys): exactly one of them is set."""
    return models.CheckConstraint(
        condition=(Q(**{f"{first}__isnull": False}) & Q(**{f"{second}__isnull": True}))
        | (Q(**{f"{first}__isnull": True}) & Q(**{f"{second}__isnull": False})),
        name=name,
    )


class CongressScopedQuerySet(models.QuerySet):
    def for_congress(self, congress: Congress | int):
        return self.filter(congress=congress)


class CongressScoped(models.Model):
    """Base of every domain model: the row belongs to one congress."""

    congress = models.ForeignKey(Congress, verbose_name="所属人大", on_delete=models.PROTECT)

    objects = CongressScopedQuerySet.as_manager()

    class Meta:
        abstract = True


class Term(CongressScoped):
    """A term (届) of the congress, normally five years."""

    number = models.PositiveSmallIntegerField("届次")
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "届"
        ordering = ["congress", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "number"], name="term_unique_number"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="term_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"第{to_chinese(self.number)}届"


class CongressSession(CongressScoped):
    """A session (次会议) of the congress itself, e.g. 市十二届人大一次会议."""

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="sessions", verbose_name="届")
    number = models.PositiveSmallIntegerField("次")
    start_date = models.DateField("开幕日期")
    end_date = models.DateField("闭幕日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "人民代表大会会议"
        constraints = [models.UniqueConstraint(fields=["term", "number"], name="session_unique_number")]

    def __str__(self) -> str:
        return f"第{to_chinese(self.term.number)}届人民代表大会第{to_chinese(self.number)}次会议"


class Organization(CongressScoped):
    """A body: the standing committee, its committees and working bodies, or an organ and its departments."""

    class Kind(models.TextChoices):
        STANDING_COMMITTEE = "standing_committee", "常务委员会"
        CHAIRS_COUNCIL = "chairs_council", "主任会议"
        PARTY_GROUP = "party_group", "党组"
        SPECIAL_COMMITTEE = "special_committee", "专门委员会"
        WORKING_BODY = "working_body", "工作机构"
        GOVERNMENT = "government", "人民政府"
        GOV_DEPARTMENT = "gov_department", "政府部门"
        SUPERVISORY_COMMISSION = "supervisory_commission", "监察委员会"
        COURT = "court", "人民法院"
        PROCURATORATE = "procuratorate", "人民检察院"
        OTHER = "other", "其他单位"

    ORGAN_KINDS = (Kind.GOVERNMENT, Kind.SUPERVISORY_COMMISSION, Kind.COURT, Kind.PROCURATORATE)
    CONGRESS_BODY_KINDS = (Kind.SPECIAL_COMMITTEE, Kind.WORKING_BODY)

    name = models.CharField("名称", max_length=100)
    short_name = models.CharField("简称", max_length=40, blank=True)
    kind = models.CharField("类别", max_length=30, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级机关", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    is_handling_unit = models.BooleanField("承办单位", default=False)
    order = models.PositiveIntegerField("排序", default=0)
    active = models.BooleanField("有效", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "机构"
        ordering = ["congress", "kind", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["congress", "name"], name="organization_unique_name")]
        indexes = [models.Index(fields=["congress", "kind"], name="org_congress_kind")]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def is_organ(self) -> bool:
        return self.kind in self.ORGAN_KINDS

    def organ(self) -> Organization | None:
        """The organ (一府一委两院) this body belongs to, itself included."""
        node: Organization | None = self
        while node is not None and node.kind not in self.ORGAN_KINDS:
            node = node.parent
        return node


class Person(CongressScoped):
    """A person known to the congress: member, deputy, official or staff."""

    class Gender(models.TextChoices):
        MALE = "M", "男"
        FEMALE = "F", "女"

    name = models.CharField("姓名", max_length=40)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices, blank=True)
    ethnicity = models.CharField("民族", max_length=20, blank=True, default="汉族")
    party = models.CharField("党派", max_length=40, blank=True)
    birth_year = models.PositiveSmallIntegerField("出生年份", null=True, blank=True)
    title = models.CharField("职务", max_length=120, blank=True)
    email = models.EmailField("电子邮箱", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "人员"
        ordering = ["congress", "id"]
        indexes = [models.Index(fields=["congress", "name"], name="person_congress_name")]

    def __str__(self) -> str:
        return self.name


class JointSigner(CongressScoped):
    """Base of a joint signature on a motion (联名人): who signed and on which day; the motion is the subclass's."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="联名人")
    signed_on = models.DateField("联名日期")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return str(self.person)


class PositionQuerySet(CongressScopedQuerySet):
    """Who holds a post on a body on a day: the one place these filters are written (dates inclusive at both ends).

    The `*_q` builders give the same conditions as `Q` objects, for callers that combine them into larger filters."""

    @staticmethod
    def in_post_on_q(day: dt.date) -> Q:
        return Q(start_date__lte=day) & (Q(end_date__isnull=True) | Q(end_date__gte=day))

    @staticmethod
    def standing_committee_q(roles=None) -> Q:
        """A seat on the standing committee: one of `roles` (the composition, `Position.STANDING_COMMITTEE_ROLES`,
        by default) in a body of that kind."""
        return Q(organization__kind=Organization.Kind.STANDING_COMMITTEE,
                 role__in=Position.STANDING_COMMITTEE_ROLES if roles is None else roles)

    def in_post_on(self, day: dt.date):
        """Posts held on `day`: begun on or before it, and not ended or ended on or after it."""
        return self.filter(self.in_post_on_q(day))

    def in_post_during(self, start: dt.date, end: dt.date):
        """Posts held on some day of `start`..`end` (both inclusive): begun by its end, not ended before its start."""
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=start), start_date__lte=end)

    def on_standing_committee(self, roles=None):
        return self.filter(self.standing_committee_q(roles))


class Position(CongressScoped):
    """A person's post in a body over a period: the composition of every body over time."""

    class Role(models.TextChoices):
        DIRECTOR = "director", "主任"
        VICE_CHAIR = "vice_chair", "副主任"
        SECRETARY_GENERAL = "secretary_general", "秘书长"
        MEMBER = "member", "委员"
        CHAIR = "chair", "主任委员"
        VICE_CHAIR_COMMITTEE = "vice_chair_committee", "副主任委员"
        HEAD = "head", "负责人"
        STAFF = "staff", "工作人员"
        CONTACT = "contact", "联络员"

    STANDING_COMMITTEE_ROLES = (Role.DIRECTOR, Role.VICE_CHAIR, Role.SECRETARY_GENERAL, Role.MEMBER)
    LEADERSHIP_ROLES = (Role.DIRECTOR, Role.VICE_CHAIR, Role.SECRETARY_GENERAL)

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="positions", verbose_name="人员")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="positions", verbose_name="机构"
    )
    role = models.CharField("职务", max_length=30, choices=Role.choices)
    term = models.ForeignKey(Term, null=True, blank=True, on_delete=models.PROTECT, verbose_name="届")
    start_date = models.DateField("任职日期")
    end_date = models.DateField("离任日期", null=True, blank=True)
    order = models.PositiveIntegerField("排序", default=0)

    objects = PositionQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "任职"
        ordering = ["organization", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="position_dates_ordered",
            ),
        ]
        indexes = [models.Index(fields=["congress", "organization", "role"], name="position_org_role")]

    def __str__(self) -> str:
        return f"{self.person} {self.organization} {self.get_role_display()}"

    def active_on(self, day: dt.date) -> bool:
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)

    @classmethod
    def standing_committee_people(cls, congress_id: int, roles=STANDING_COMMITTEE_ROLES):
        """The people who now hold one of `roles` on the congress's standing committee (the composition by default;
        `LEADERSHIP_ROLES`, or the director and vice-chairs, for who may preside), in the order of their ids."""
        ids = cls.objects.filter(congress_id=congress_id, end_date__isnull=True).on_standing_committee(roles)
        return Person.objects.filter(pk__in=ids.values("person_id")).order_by("id")

    @classmethod
    def standing_committee_ids_on(cls, congress_id: int, day: dt.date, roles=STANDING_COMMITTEE_ROLES) -> set[int]:
        """Person ids of those holding one of `roles` on the congress's standing committee on `day` (the composition
        by default)."""
        return set(cls.objects.filter(congress_id=congress_id).on_standing_committee(roles).in_post_on(day)
                   .values_list("person_id", flat=True))


class User(AbstractUser):
    """A login. Its congress scopes everything it sees; its role and body decide the rest."""

    congress = models.ForeignKey(
        Congress, null=True, blank=True, on_delete=models.PROTECT, verbose_name="所属人大", related_name="users"
    )
    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.OFFICE)
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name="所在机构",
        help_text="委员会工作人员所在的委员会，或承办单位用户所在的单位",
    )
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, verbose_name="对应人员")
    display_name = models.CharField("显示名称", max_length=60, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.display_name or self.username

    def clean(self) -> None:
        super().clean()
        if self.role in (Role.UNIT, Role.COMMITTEE) and not self.organization_id:
            raise ValidationError({"organization": "委员会工作人员和承办单位用户必须指定所在机构。"})
        if self.role != Role.ADMIN and not self.congress_id:
            raise ValidationError({"congress": "除系统管理员外，用户必须属于一个人大。"})
        if self.organization_id and self.congress_id and self.organization.congress_id != self.congress_id:
            raise ValidationError({"organization": "所在机构必须属于同一个人大。"})


class ApiToken(models.Model):
    """A token for an external system (e.g. a handling unit's own system). Only its hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name="用户")
    name = models.CharField("名称", max_length=80)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField("已吊销", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "接口令牌"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class HolidayDate(models.Model):
    """A day that breaks the Monday–Friday rule: a 法定节假日 on a weekday or a 调休 workday on a weekend.

    Rows without a congress are national; a congress may add its own.
    """

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "法定节假日"
        WORKDAY = "workday", "调休工作日"

    congress = models.ForeignKey(Congress, null=True, blank=True, on_delete=models.CASCADE, verbose_name="人大")
    date = models.DateField("日期")
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    name = models.CharField("名称", max_length=40, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "节假日安排"
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "date"], name="holiday_unique_per_congress"),
            models.UniqueConstraint(
                fields=["date"], condition=Q(congress__isnull=True), name="holiday_unique_national"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}"


class RuleParameter(CongressScoped):
    """A congress's own value for a rule parameter (a deadline, a threshold), with its own citation."""

    rule_id = models.CharField("规则编号", max_length=40)
    name = models.CharField("参数", max_length=60)
    value = models.JSONField("取值")
    basis = models.CharField("本地依据", max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "规则参数"
        constraints = [
            models.UniqueConstraint(fields=["congress", "rule_id", "name"], name="ruleparam_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.rule_id}.{self.name}={self.value}"

    def clean(self) -> None:
        from renda.core import rules

        rules.validate_parameter(self.rule_id, self.name, self.value)


class Attachment(CongressScoped):
    """A file attached to any record, type-checked by its content at upload."""

    owner_type = models.CharField(max_length=80)  # app_label.model
    owner_id = models.CharField(max_length=40)
    file = models.FileField(upload_to="attachments/%Y/%m/")
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveBigIntegerField("大小")
    media_type = models.CharField("类型", max_length=100)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, verbose_name="上传人")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "附件"
        indexes = [models.Index(fields=["congress", "owner_type", "owner_id"], name="attachment_owner")]

    def __str__(self) -> str:
        return self.name


class AuditHead(models.Model):
    """The newest link of one audit chain: serialises appends and shows a cut-off tail."""

    chain = models.BigIntegerField(primary_key=True)  # the congress id, 0 for platform-wide events
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="")

    class Meta:
        verbose_name = verbose_name_plural = "审计链头"

    def __str__(self) -> str:
        return f"chain {self.chain} @ {self.seq}"


class AuditEvent(models.Model):
    """One append-only audit record. Records of a congress form a hash chain (see core/audit.py).

    The transition log of every workflow is this table (action = "transition").
    """

    chain = models.BigIntegerField(db_index=True)
    seq = models.BigIntegerField()
    created_at = models.DateTimeField()
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_name = models.CharField(max_length=80, blank=True)
    action = models.CharField(max_length=30)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    from_state = models.CharField(max_length=40, blank=True)
    to_state = models.CharField(max_length=40, blank=True)
    rule_id = models.CharField(max_length=40, blank=True)
    legal_basis = models.CharField(max_length=300, blank=True)
    note = models.TextField(blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = verbose_name_plural = "审计记录"
        ordering = ["chain", "seq"]
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="audit_unique_seq")]
        indexes = [models.Index(fields=["object_type", "object_id", "seq"], name="audit_object")]

    def __str__(self) -> str:
        return f"#{self.chain}.{self.seq} {self.action} {self.object_repr}"


class OutboxMessage(models.Model):
    """One notification (an email) to send, written in the transaction of the change that causes it.

    `renda.core.outbox.send()` stores the message with the business change and, once the transaction commits,
    hands its delivery to the task queue; the delivery task sends it and marks it sent, a failed delivery is retried
    (`renda.core.outbox.deliver_pending`, run by the scheduler and by `renda tasks recover`). `key` makes a message
    idempotent: the same key is stored and sent once, however often the cause is repeated or retried.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "待发送"
        SENT = "sent", "已发送"
        FAILED = "failed", "发送失败"

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, null=True, blank=True, verbose_name="人大")
    key = models.CharField("幂等键", max_length=200, unique=True)
    # personal data: the address and the letter (a citizen's reply) are stored encrypted, like every contact
    to = EncryptedTextField("收件人")
    subject = models.CharField("主题", max_length=200)
    body = EncryptedTextField("正文")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    last_error = models.CharField("最近一次错误", max_length=300, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)

    class Meta:
        verbose_name = "待发通知"
        verbose_name_plural = "待发通知"

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"


class SearchEntry(models.Model):
    """One searchable record (a plan item, a bill, a suggestion…) as the global search reads it: its title, the
    jieba-segmented words of its title and text (space-separated), its year and address. Kept up to date by
    renda.core.search on every save; searched with SQLite FTS5 on the embedded default and a PostgreSQL tsvector index
    in production (migration 0003). Visibility is never decided here: results are filtered through each source's own
    visible queryset for the user asking."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, verbose_name="人大")
    kind = models.CharField("类别", max_length=40)
    object_id = models.BigIntegerField("记录编号")
    title = models.CharField("标题", max_length=300)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    url = models.CharField("地址", max_length=300)
    tokens = models.TextField("分词")

    class Meta:
        verbose_name = "检索条目"
        verbose_name_plural = "检索条目"
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_unique_object")]
        indexes = [models.Index(fields=["congress", "kind", "year"], name="search_scope")]

    def __str__(self) -> str:
        return self.title


class IntakeEntry(models.Model):
    """One public submission as it arrived (a comment on a draft, 社情民意, a review request, a 票决 proposal):
    append-only, written by `renda.core.intake.accept` with no per-congress lock, processed later by the task queue.

    The sealed part — kind, key, code, congress, received_at, payload — never changes after the insert; its MAC is
    `mac`, and `renda.core.audit.seal_intake` seals rows in batches into the congress's audit chain (`sealed_seq` =
    the seal record's sequence number), so `renda audit verify` finds an edited, deleted or inserted row. The rest
    (status, attempts, result) is the processing state. `payload` holds the form's fields, personal data included:
    encrypted at rest.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "已受理，正在处理"
        DONE = "done", "已处理"
        REJECTED = "rejected", "未予受理"
        FAILED = "failed", "处理失败"

    congress = models.ForeignKey(Congress, on_delete=models.PROTECT, verbose_name="人大")
    kind = models.CharField("类别", max_length=40)
    key = models.CharField("幂等键", max_length=120, unique=True)  # kind:submission-token id
    code = models.CharField("查询码", max_length=20, unique=True)
    payload = EncryptedTextField("提交内容")
    received_at = models.DateTimeField("受理时间")
    mac = models.CharField("校验值", max_length=64)
    sealed_seq = models.BigIntegerField("封存记录序号", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    last_error = models.CharField("最近一次错误", max_length=300, blank=True)
    processed_at = models.DateTimeField("处理时间", null=True, blank=True)
    result_id = models.BigIntegerField("处理结果编号", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "公众提交受理记录"
        indexes = [
            models.Index(fields=["status", "id"], name="intake_status"),
            models.Index(fields=["congress", "sealed_seq"], name="intake_sealed"),
        ]

    def __str__(self) -> str:
        return f"公众提交 {self.code}"
