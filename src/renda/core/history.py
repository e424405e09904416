"""Change histories in plain Chinese, from one place.

Every page that shows an object's history renders `core/_history.html`, which reads the audit records through
`rows()`: states and actions by their labels (the model's choices, the workflow's step names), fields by their
verbose names, values formatted for people (是/否, 2026年6月1日, the label of a choice, the name of a related
record), bookkeeping fields left out (lock_version, timestamps, digests), and runs of the same event grouped
("收到意见（23 条）"). Who may see a history is decided once, by `visible_to()`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import timezone

from renda.core import audit, rules
from renda.core.roles import Role

# What each audited action is called. An action missing here is shown as "其他操作", never by its code.
ACTION_LABELS = {
    "create": "创建", "update": "修改", "delete": "删除", "transition": "流转", "import": "导入", "seed": "生成数据",
    "version": "形成新版本", "vote": "表决", "remark": "审议发言", "rating": "满意度测评", "rate": "评价",
    "follow_up": "跟踪监督", "comment": "收到意见", "visit": "走访", "unmerge": "撤销并案", "merge": "并案",
    "team": "组成检查组", "sign": "签署", "research": "调研", "reorder": "调整顺序", "remove": "移除",
    "reassign": "重新交办", "reading": "审议", "questionnaire": "问卷", "question": "询问", "publish": "公布",
    "progress": "填报进展", "problem": "发现问题", "notice": "通知", "member": "成员变动", "meeting": "会议",
    "figures": "填报数据", "extend": "延期", "enroll": "报名", "confirm": "确认", "ballots": "计票",
    "attendance": "出席登记", "attach": "上传附件", "appoint": "任命", "analyze": "意见分析",
    "login": "登录", "logout": "退出登录", "login_failed": "登录失败", "login_locked": "登录锁定",
    "lockout": "账号锁定", "unlock": "解除锁定", "sign_in": "签到", "token_create": "创建接口令牌",
    "password_change": "修改密码", "password_reset": "重置密码", "totp_enrol": "启用动态口令",
    "totp_begin": "开始启用动态口令", "totp_failed": "动态口令错误", "totp_reset": "重置动态口令",
    "recovery_codes_new": "生成恢复码", "recovery_code_used": "使用恢复码", "session_end": "会话结束",
    "session_superseded": "会话被新的登录取代", "route": "交办", "routed": "交办", "reply": "答复",
    "assign": "交办", "opinion": "协办意见", "return": "申请退回", "commitment": "办理承诺", "admin": "后台管理",
    "download": "下载", "signature": "签名", "checkpoint": "审计锚点", "decision": "决定", "submit": "提交",
    "voters": "封存投票名单",
}
# Bookkeeping that says nothing to a person.
HIDDEN_FIELDS = {"lock_version", "updated_at", "created_at", "modified_at", "id", "congress", "congress_id"}
_GROUPABLE = {"comment", "remark", "progress", "attach", "question", "sign_in", "attendance", "vote", "enroll",
              "figures", "research", "visit"}
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class Row:
    when: dt.datetime
    until: dt.datetime | None
    actor: str
    action: str
    detail: str
    basis: str
    count: int = 1
    rule_title: str = ""
    changes: list[tuple[str, str]] = field(default_factory=list)


def chinese_date(value: dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def format_value(value: Any, f: models.Field | None = None) -> str:
    """A stored value as a person reads it."""
    if value is None or value == "" or value == []:
        return "—"
    if f is not None and getattr(f, "flatchoices", None):
        labels = {str(k): str(v) for k, v in f.flatchoices}
        if isinstance(value, list):
            return "、".join(labels.get(str(v), str(v)) for v in value)
        if str(value) in labels:
            return labels[str(value)]
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return f"{chinese_date(value.date())} {value:%H:%M}"
    if isinstance(value, dt.date):
        return chinese_date(value)
    if isinstance(value, str):
        if _ISO_DATETIME.match(value):
            try:
                parsed = dt.datetime.fromisoformat(value)
            except ValueError:
                return value
            if timezone.is_aware(parsed):
                parsed = timezone.localtime(parsed)
            return f"{chinese_date(parsed.date())} {parsed:%H:%M}"
        if _ISO_DATE.match(value):
            try:
                return chinese_date(dt.date.fromisoformat(value))
            except ValueError:
                return value
        if value in ("True", "False"):
            return "是" if value == "True" else "否"
        return value if len(value) <= 200 else value[:200] + "…"
    if isinstance(value, list | tuple):
        return "、".join(format_value(v) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{k}：{format_value(v)}" for k, v in value.items())
    return str(value)


def _model(object_type: str):
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field(model, name: str) -> models.Field | None:
    if model is None:
        return None
    for candidate in (name, name.removesuffix("_id")):
        try:
            return model._meta.get_field(candidate)
        except Exception:  # noqa: S112 - FieldDoesNotExist and reverse relations: try the next spelling
            continue
    return None


def state_label(model, value: str) -> str:
    """The label of a workflow state, from the model's status field (or any field whose choices hold it)."""
    if not value:
        return "—"
    if model is not None:
        fields = sorted(model._meta.concrete_fields, key=lambda f: f.name != "status")
        for f in fields:
            choices = getattr(f, "flatchoices", None)
            if choices:
                labels = {str(k): str(v) for k, v in choices}
                if value in labels:
                    return labels[value]
    return "（未知状态）"


def _related_name(f: models.Field, value) -> str:
    try:
        obj = f.related_model._default_manager.filter(pk=value).first()
    except (ValueError, TypeError):
        obj = None
    return str(obj) if obj is not None else "—"


def _changes(model, changes: dict) -> list[tuple[str, str]]:
    after = (changes or {}).get("after") or {}
    out = []
    for name, value in after.items():
        if name in HIDDEN_FIELDS or name.endswith("_digest") or name.endswith("_hash"):
            continue
        f = _field(model, name)
        if f is None or not getattr(f, "verbose_name", None):
            continue  # a key that is not a field: never shown by its code
        label = str(f.verbose_name)
        if f.is_relation and f.many_to_one and value not in (None, ""):
            shown = _related_name(f, value)
        elif value == "已修改":
            shown = "已修改"
        else:
            shown = format_value(value, f)
        out.append((label, shown))
    return out


def _rule_title(rule_id: str) -> str:
    if not rule_id:
        return ""
    try:
        return rules.get(rule_id).title
    except Exception:  # a rule retired since the record was written
        return ""


def rows(events) -> list[Row]:
    """The records (oldest first) as rows; consecutive records of the same groupable action by the same person are
    one row with a count."""
    out: list[Row] = []
    models_cache: dict[str, Any] = {}
    for ev in events:
        model = models_cache.setdefault(ev.object_type, _model(ev.object_type))
        action = ACTION_LABELS.get(ev.action, "其他操作")
        detail = ""
        changes: list[tuple[str, str]] = []
        if ev.action == "transition":
            detail = f"{state_label(model, ev.from_state)} → {state_label(model, ev.to_state)}"
            action = f"流转：{ev.note}" if ev.note else "流转"
        elif ev.action == "update":
            changes = _changes(model, ev.changes)
            detail = "；".join(f"{k}：{v}" for k, v in changes) or "修改了记录"
        elif ev.action == "create":
            detail = ev.note or ""
        else:
            detail = ev.note or ""
        prev = out[-1] if out else None
        if (prev is not None and ev.action in _GROUPABLE and prev.action == action and prev.actor == ev.actor_name):
            prev.count += 1
            prev.until = ev.created_at
            prev.detail = ""
            continue
        out.append(Row(when=ev.created_at, until=None, actor=ev.actor_name, action=action, detail=detail,
                       basis=ev.legal_basis, rule_title=_rule_title(ev.rule_id), changes=changes))
    return out


# Who may read an object's change history: the staff of its congress (the office, leadership, committees, admin).
HISTORY_ROLES = frozenset({Role.OFFICE, Role.LEADER, Role.ADMIN, Role.COMMITTEE})


def visible_to(user, obj) -> bool:
    """The one rule for who sees an object's history (a module may narrow it, never widen it)."""
    return bool(getattr(user, "is_authenticated", False) and user.role in HISTORY_ROLES
                and getattr(obj, "congress_id", user.congress_id) == user.congress_id)


def for_user(user, obj):
    """The object's audit records for the history box, or None when this user may not see them."""
    return audit.history(obj) if visible_to(user, obj) else None
