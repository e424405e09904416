"""A query letter (函询) written: by the 预算工委 from an alert or a page (services), or from a deputy's question when it
is turned into one (a step of the question workflow). Its own module so that the workflow's effect and the services
import it without importing each other."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from renda.budget import permissions as perms
from renda.budget.engine.alerts import KINDS
from renda.budget.models import BudgetQuery, BudgetUnit
from renda.core import audit, rules
from renda.core.models import Organization


@transaction.atomic
def query_create(*, actor, year: int, title: str, question: str, addressee: Organization, reply_due: dt.date,
                 unit: BudgetUnit | None = None, alert_kind: str = "", project_code: str = "",
                 vouchers: list[str] | None = None, amount_fen: int | None = None) -> BudgetQuery:
    if not perms.can_create_query(actor):
        raise PermissionDenied("您没有起草预算函询的权限。")
    if addressee.congress_id != actor.congress_id or (unit is not None and unit.congress_id != actor.congress_id):
        raise ValidationError("受询单位不属于本级人大。")
    if alert_kind and alert_kind not in KINDS:
        raise ValidationError("预警类型无效。")
    q = BudgetQuery(congress_id=actor.congress_id, year=year, title=(title or "").strip(),
                    question=(question or "").strip(), addressee=addressee, unit=unit, alert_kind=alert_kind,
                    project_code=project_code or "", vouchers=list(vouchers or [])[:200], amount_fen=amount_fen,
                    reply_due=reply_due, created_by=actor)
    q.full_clean()
    q.save()
    audit.record(actor=actor, action="create", obj=q, rule=rules.get("BUDGET-QUERY"),
                 after=audit.snapshot(q, ["title", "year", "addressee", "reply_due", "alert_kind", "project_code"]))
    return q
