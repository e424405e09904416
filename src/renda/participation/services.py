"""All writes of the public-opinion channel: keyword-only, atomic, validated, audited.

Personal data (name, phone, email) never enters an audit record: submissions are recorded with the fields in
`models.AUDITED_FIELDS` only, and the contact fields as "已填写" flags.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from renda.core import attachments, audit, intake, outbox, rules
from renda.core.attachments import sniff
from renda.core.calendar import calendar_for
from renda.core.models import Congress, Organization, RuleParameter
from renda.core.writes import save_new
from renda.deputies.models import Deputy, Station
from renda.participation import permissions as perms
from renda.participation.models import (
    AUDITED_FIELDS,
    DEFAULT_CATEGORIES,
    Category,
    Opinion,
    RouteKind,
    Status,
    TopicSuggestion,
    format_code,
    new_tracking_code,
)
from renda.participation.workflow import OPINION_WORKFLOW

PUBLIC_MEDIA = {"application/pdf": "PDF", "image/png": "PNG 图片", "image/jpeg": "JPEG 图片"}
BAD_CHAR = "\ufffd"


# ---- categories ----------------------------------------------------------------------------------------
def category_ensure_defaults(*, congress: Congress, actor=None, record: bool = True) -> list[Category]:
    """Create the default categories (教育、医疗 … 其他) the first time; returns those created.

    Runs when a congress is created (`congress_created`, so no page has to write on a GET) and when the office asks
    for them on the categories page (a POST). `record=False` leaves them out of the audit trail (set-up data written
    with the congress itself, like the congress's other reference rows)."""
    if Category.objects.filter(congress=congress).exists():
        return []
    made = []
    try:
        with transaction.atomic():
            for i, name in enumerate(DEFAULT_CATEGORIES):
                c = Category(congress=congress, name=name, order=(i + 1) * 10)
                c.full_clean(validate_unique=False)
                c.save()
                if record:
                    audit.record(actor=actor, action="create", obj=c,
                                 after=audit.snapshot(c, ["name", "order", "active"]))
                made.append(c)
    except IntegrityError:  # a concurrent first request created them
        return []
    return made


def congress_created(sender, instance: Congress, created: bool = False, raw: bool = False, **_) -> None:
    """post_save of Congress: a new congress starts with the default opinion categories (its public page needs
    them; loading fixtures (`raw`) is left alone)."""
    if created and not raw:
        category_ensure_defaults(congress=instance, record=False)


@transaction.atomic
def category_create(*, actor, name: str, order: int | None = None) -> Category:
    if not perms.can_manage_categories(actor):
        raise PermissionDenied("只有办公厅工作人员可以管理意见类别。")
    name = (name or "").strip()
    if Category.objects.filter(congress_id=actor.congress_id, name=name).exists():
        raise ValidationError({"name": "已有同名类别。"})
    if order is None:
        last = Category.objects.filter(congress_id=actor.congress_id).order_by("-order").first()
        order = (last.order if last else 0) + 10
    c = Category(congress_id=actor.congress_id, name=name, order=order)
    return save_new(c, actor=actor, snap=lambda row: audit.snapshot(row, ["name", "order", "active"]))


@transaction.atomic
def category_update(*, actor, category: Category, name: str | None = None, order: int | None = None,
                    active: bool | None = None) -> Category:
    if not perms.can_manage_categories(actor) or category.congress_id != actor.congress_id:
        raise PermissionDenied("只有办公厅工作人员可以管理意见类别。")
    fields = ["name", "order", "active"]
    before = audit.snapshot(category, fields)
    if name is not None:
        name = name.strip()
        if Category.objects.filter(congress_id=category.congress_id, name=name).exclude(pk=category.pk).exists():
            raise ValidationError({"name": "已有同名类别。"})
        category.name = name
    if order is not None:
        category.order = order
    if active is not None:
        category.active = active
    category.full_clean()
    category.save()
    audit.record(actor=actor, action="update", obj=category, before=before, after=audit.snapshot(category, fields))
    return category


# ---- submission (public) -------------------------------------------------------------------------------
def triage_deadline(congress_id: int, day: dt.date) -> dt.date:
    return calendar_for(congress_id).add_working_days(day, rules.param(congress_id, "PO-TRIAGE", "working_days"))


def handle_deadline(congress_id: int, day: dt.date) -> dt.date:
    return calendar_for(congress_id).add_working_days(day, rules.param(congress_id, "PO-ROUTE", "working_days"))


def rule_params(congress_id: int, rule_id: str) -> dict:
    """All parameters of one rule for a congress in one query (what `rules.param` gives one by one)."""
    rule = rules.get(rule_id)
    values = {name: p.default for name, p in rule.params.items()}
    if rule.configurable:
        for name, value in RuleParameter.objects.filter(congress_id=congress_id, rule_id=rule_id).values_list(
                "name", "value"):
            if name in values:
                values[name] = value
    return values


def check_files(congress_id: int, files, limits: dict | None = None) -> None:
    """PO-INTAKE: at most `max_files`, each at most `max_file_mb`, images or PDF by content."""
    limits = limits or rule_params(congress_id, "PO-INTAKE")
    files = [f for f in files or [] if f is not None]
    max_files = limits["max_files"]
    if len(files) > max_files:
        raise rules.violation("PO-INTAKE", f"附件不得超过 {max_files} 个")
    limit_mb = limits["max_file_mb"]
    for f in files:
        name = (f.name or "附件")[:60]
        if f.size > limit_mb * 1024 * 1024:
            raise ValidationError(f"附件「{name}」超过 {limit_mb} MB，请压缩后重新上传。")
        if f.size == 0:
            raise ValidationError(f"附件「{name}」是空文件。")
        f.seek(0)
        kind = sniff(f.read(16))
        f.seek(0)
        if kind not in PUBLIC_MEDIA:
            raise ValidationError(
                f"附件「{name}」的内容不是 PDF 文档或 PNG、JPEG 图片（按文件内容识别，与文件名无关），未予接收。")


def check_text(value: str, label: str) -> str:
    if BAD_CHAR in (value or ""):
        raise ValidationError(f"{label}含有无法识别的字符，请使用 UTF-8 编码重新提交。")
    return (value or "").strip()


@transaction.atomic
def opinion_submit(*, congress: Congress, category: Category, place: str, text: str, name: str = "",
                   phone: str = "", email: str = "", files=(), submission_id: str | None = None,
                   submitted_at: dt.datetime | None = None, notify: bool = True,
                   limits: dict | None = None, code: str | None = None) -> tuple[Opinion, bool]:
    """A citizen's opinion. Returns (opinion, created): a repeated `submission_id` returns the first opinion.

    `limits` are the PO-INTAKE parameters when the caller has already read them (`rule_params`); `code` the tracking
    code the citizen already holds (the intake's receipt), else a new one is drawn."""
    if submission_id:
        first = Opinion.objects.filter(submission_id=submission_id).first()
        if first is not None:
            return first, False
    if category.congress_id != congress.pk or not category.active:
        raise ValidationError({"category": "请选择有效的类别。"})
    place = check_text(place, "地点")
    text = check_text(text, "意见内容")
    name, phone, email = (check_text(v, label) for v, label in ((name, "姓名"), (phone, "电话"), (email, "邮箱")))
    limits = limits or rule_params(congress.pk, "PO-INTAKE")
    max_chars = limits["max_chars"]
    if len(text) > max_chars:
        raise rules.violation("PO-INTAKE", f"意见内容不得超过 {max_chars} 字（现有 {len(text)} 字）")
    check_files(congress.pk, files, limits)
    submitted_at = submitted_at or timezone.now()
    op = Opinion(
        congress=congress, category=category, place=place, text=text, name=name, phone=phone, email=email,
        submission_id=submission_id, submitted_at=submitted_at,
        triage_due=triage_deadline(congress.pk, timezone.localtime(submitted_at).date()),
        code=code or new_tracking_code(),
    )
    # congress and category were checked above; code and submission_id are unique by the database.
    op.full_clean(exclude=["code", "submission_id", "congress", "category"], validate_unique=False)
    for attempt in range(5):
        try:
            with transaction.atomic():
                op.save(force_insert=True)
            break
        except IntegrityError:
            if submission_id:
                first = Opinion.objects.filter(submission_id=submission_id).first()
                if first is not None:  # a concurrent retry of the same form won
                    return first, False
            if attempt == 4 or code:  # the citizen's code cannot be redrawn: retried by the intake
                raise
            op.pk = None
            op.code = new_tracking_code()  # a code collision: draw again
    after = audit.snapshot(op, AUDITED_FIELDS)
    after.update({"name": "已填写" if name else "", "phone": "已填写" if phone else "",
                  "email": "已填写" if email else ""})
    audit.record(actor=None, action="create", obj=op, after=after, note="公众在线提交")
    for f in files or []:
        if f is not None:
            attachments.attach(actor=None, obj=op, upload=f)
    if email and notify:  # the receipt goes out through the outbox, once (the key names the opinion)
        congress_name = congress.standing_committee_name
        outbox.send(
            to=email, subject=f"【{congress_name}】您反映的意见已收到",
            body=(f"您好：\n\n您于 {timezone.localtime(submitted_at):%Y年%m月%d日 %H:%M} 反映的意见已收到。\n"
                  f"查询码：{format_code(op.code)}\n请妥善保存查询码，凭查询码可在网站查询办理进度和答复。\n\n"
                  f"{congress_name}办公厅"),
            key=f"po-receipt:{op.pk}", congress_id=congress.pk)
    return op, True


# ---- the public intake (renda.core.intake) ------------------------------------------------------------------
INTAKE_KIND = "participation.opinion"
INTAKE_FIELDS = ("category", "place", "text", "name", "phone", "email")


def opinion_from_intake(entry, payload: dict) -> int:
    """The intake's processor: the opinion of an accepted submission, with the code its receipt gave (idempotent by
    the submission token, like a direct submission). A refusal (category withdrawn meanwhile, text over a limit
    changed meanwhile) marks the intake row rejected with its reason, which the tracking page shows."""
    congress = Congress.objects.get(pk=entry.congress_id)
    category = Category.objects.filter(congress=congress, pk=payload.get("category")).first()
    if category is None:
        raise ValidationError({"category": "请选择有效的类别。"})
    op, _created = opinion_submit(
        congress=congress, category=category, place=payload.get("place") or "", text=payload.get("text") or "",
        name=payload.get("name") or "", phone=payload.get("phone") or "", email=payload.get("email") or "",
        submission_id=entry.key.split(":", 1)[1], submitted_at=entry.received_at, code=entry.code)
    return op.pk


def opinion_accept_public(*, congress: Congress, request, submission_id: str, data: dict,
                          limits: dict | None = None):
    """Accept a public opinion (the form's cleaned data) into the intake: the checks that need no query here, the
    rest by the processor (`opinion_from_intake`). Returns the intake receipt (its code is valid at once)."""
    payload = {k: (data.get(k).pk if k == "category" else check_text(data.get(k) or "", label))
               for k, label in zip(INTAKE_FIELDS, ("类别", "地点", "意见内容", "姓名", "电话", "邮箱"), strict=True)}
    limits = limits or rule_params(congress.pk, "PO-INTAKE")
    if len(payload["text"]) > limits["max_chars"]:
        raise rules.violation("PO-INTAKE", f"意见内容不得超过 {limits['max_chars']} 字（现有 {len(payload['text'])} 字）")
    return intake.accept(INTAKE_KIND, congress, payload, request, token=submission_id)


def _register_intake() -> None:
    intake.register(INTAKE_KIND, label="社情民意", process=opinion_from_intake, new_code=new_tracking_code)


_register_intake()


# ---- triage and handling (staff) ------------------------------------------------------------------------
def _target(congress_id: int, kind: str, target_id) -> object:
    try:
        pk = int(target_id)
    except (TypeError, ValueError):
        return None
    if kind == RouteKind.COMMITTEE:
        return Organization.objects.filter(
            congress_id=congress_id, pk=pk, active=True, kind__in=Organization.CONGRESS_BODY_KINDS).first()
    if kind == RouteKind.UNIT:
        return Organization.objects.filter(congress_id=congress_id, pk=pk, active=True, is_handling_unit=True).first()
    if kind == RouteKind.DEPUTY:
        return Deputy.objects.filter(congress_id=congress_id, pk=pk, status="serving").select_related("person").first()
    if kind == RouteKind.STATION:
        return Station.objects.filter(congress_id=congress_id, pk=pk, active=True).first()
    return None


def opinion_route(*, actor, opinion: Opinion, kind: str, target_id, due: dt.date | None = None,
                  share_contact: bool = False, instructions: str = "", note: str = "",
                  today: dt.date | None = None) -> Opinion:
    """Route (or re-route) to a committee, a deputy, a liaison station or a handling unit, with a deadline."""
    today = today or timezone.localdate()
    if kind not in RouteKind.values:
        raise rules.violation("PO-ROUTE", "请选择分办对象的类别")
    target = _target(opinion.congress_id, kind, target_id)
    due = due or handle_deadline(opinion.congress_id, today)
    action = "route" if opinion.status == Status.SUBMITTED else "reroute"
    label = RouteKind(kind).label
    name = f"{target.person.name}代表" if kind == RouteKind.DEPUTY and target else str(target or "")
    text = (note or "").strip()
    summary = f"分办至{label}：{name}，办理期限 {due:%Y年%m月%d日}" + ("（承办方可见联系方式）" if share_contact else "")
    # A re-routing needs its reason: without one the note stays empty and the workflow refuses.
    full_note = "" if action == "reroute" and not text else summary + (f"。{text}" if text else "")
    return OPINION_WORKFLOW.apply(
        opinion, action, actor=actor, note=full_note, target=target, kind=kind, due=due, share_contact=share_contact, instructions=check_text(instructions, "分办意见"),
        today=today)


def opinion_reject(*, actor, opinion: Opinion, reason: str) -> Opinion:
    reason = check_text(reason, "理由")
    return OPINION_WORKFLOW.apply(opinion, "reject", actor=actor, note=reason, reason=reason)


def opinion_accept(*, actor, opinion: Opinion) -> Opinion:
    return OPINION_WORKFLOW.apply(opinion, "accept", actor=actor)


@transaction.atomic
def opinion_reply(*, actor, opinion: Opinion, text: str) -> Opinion:
    text = check_text(text, "答复意见")
    max_chars = rules.param(opinion.congress_id, "PO-INTAKE", "max_chars") * 2
    if len(text) > max_chars:
        raise ValidationError(f"答复意见不得超过 {max_chars} 字。")
    before = audit.snapshot(opinion, ["reply_text"])
    op = OPINION_WORKFLOW.apply(opinion, "submit_reply", actor=actor, text=text, note="提交答复意见")
    audit.record(actor=actor, action="update", obj=op, before=before, after=audit.snapshot(op, ["reply_text"]))
    return op


def opinion_return_reply(*, actor, opinion: Opinion, note: str) -> Opinion:
    return OPINION_WORKFLOW.apply(opinion, "return_reply", actor=actor, note=check_text(note, "退回理由"))


@transaction.atomic
def opinion_publish(*, actor, opinion: Opinion, text: str | None = None) -> Opinion:
    """The office approves the reply (optionally edited) and makes it visible to the citizen; the email (when the
    citizen left an address) is queued by the step itself (workflow `_publish`)."""
    text = check_text(text, "答复") if text is not None else None
    before = audit.snapshot(opinion, ["published_reply"])
    op = OPINION_WORKFLOW.apply(opinion, "publish", actor=actor, text=text or None, note="审核通过，向反映人公开答复")
    audit.record(actor=actor, action="update", obj=op, before=before, after=audit.snapshot(op, ["published_reply"]))
    return op


def opinion_close(*, actor, opinion: Opinion) -> Opinion:
    return OPINION_WORKFLOW.apply(opinion, "close", actor=actor)


def opinion_transition(*, actor, opinion: Opinion, action: str, note: str = "", **data) -> Opinion:
    """Any step of an opinion with the fields of its form (the kit's page and API endpoint call this)."""
    if action in ("route", "reroute"):
        kind = data.get("kind") or ""
        return opinion_route(actor=actor, opinion=opinion, kind=kind, target_id=data.get(kind), due=data.get("due"),
                             share_contact=bool(data.get("share_contact")),
                             instructions=data.get("instructions") or "", note=note)
    if action == "reject":
        return opinion_reject(actor=actor, opinion=opinion, reason=data.get("reason") or note)
    if action == "submit_reply":
        return opinion_reply(actor=actor, opinion=opinion, text=data.get("text") or "")
    if action == "publish":
        return opinion_publish(actor=actor, opinion=opinion, text=data.get("text") or None)
    return OPINION_WORKFLOW.apply(opinion, action, actor=actor, note=check_text(note, "说明"))


# ---- hot issues -----------------------------------------------------------------------------------------
@transaction.atomic
def topic_suggest(*, actor, title: str, keywords: list[str], rationale: str, category: Category | None = None,
                  recent: int = 0, previous: int = 0, weeks: int = 4) -> TopicSuggestion:
    """作为监督议题建议: record a rising topic as a candidate supervision topic for the work plan (PO-HOT)."""
    if not perms.can_suggest_topic(actor):
        raise PermissionDenied("只有办公厅工作人员和常委会领导可以提出监督议题建议。")
    title = check_text(title, "议题")
    if category is not None and category.congress_id != actor.congress_id:
        raise ValidationError({"category": "类别不属于本人大。"})
    if TopicSuggestion.objects.filter(congress_id=actor.congress_id, title=title).exists():
        raise ValidationError({"title": f"「{title}」已作为监督议题建议提出。"})
    s = TopicSuggestion(congress_id=actor.congress_id, title=title, keywords=[str(k)[:20] for k in keywords][:10],
                        category=category, rationale=check_text(rationale, "理由"), recent_count=recent,
                        previous_count=previous, weeks=weeks, suggested_by=actor)
    return save_new(s, actor=actor, rule=rules.get("PO-HOT"),
                    snap=lambda row: audit.snapshot(row, ["title", "keywords", "category", "rationale", "recent_count",
                                                          "previous_count", "weeks"]))
