from __future__ import annotations

from django.db.models import QuerySet

from renda.core.selectors import one_or_404, visible
from renda.proposals.report import permissions as perms
from renda.proposals.report.models import HandlingReport, ReportStatus


def reports_for(user) -> QuerySet[HandlingReport]:
    return visible(HandlingReport, perms.report_filter(user)).select_related("reported_at", "distributed_to__term")


def report_for(user, pk: int) -> HandlingReport:
    return one_or_404(reports_for(user), pk, "没有找到该报告。")


def published(congress_id: int) -> QuerySet[HandlingReport]:
    return HandlingReport.objects.filter(congress_id=congress_id, status=ReportStatus.PUBLISHED).order_by("-year")
