from __future__ import annotations

from django.db.models import QuerySet

from renda.core.selectors import one_or_404, visible
from renda.deputies.annual import permissions as perms
from renda.deputies.annual.models import DeputyWorkPlan, PlanStatus


def plans_for(user) -> QuerySet[DeputyWorkPlan]:
    return visible(DeputyWorkPlan, perms.plan_filter(user)).select_related("adopted_at")


def plan_for(user, pk: int) -> DeputyWorkPlan:
    return one_or_404(plans_for(user), pk, "没有找到该计划。")


def published(congress_id: int) -> QuerySet[DeputyWorkPlan]:
    return DeputyWorkPlan.objects.filter(congress_id=congress_id, status=PlanStatus.PUBLISHED).order_by("-year")
