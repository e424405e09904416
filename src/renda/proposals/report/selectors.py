from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from renda.proposals.report import permissions as perms
from renda.proposals.report.models import HandlingReport, ReportStatus


def reports_for(user) -> QuerySet[HandlingReport]:
    q = perms.report_filter(user)
    if q is None:
        return HandlingReport.objects.none()
    return HandlingReport.objects.filter(q).select_related("reported_at", "distributed_to__term")


def report_for(user, pk: int) -> HandlingReport:
    report = reports_for(user).filter(pk=pk).first()
    if report is None:
        raise Http404("没有找到该报告。")
    return report


def published(congress_id: int) -> QuerySet[HandlingReport]:
    return HandlingReport.objects.filter(congress_id=congress_id, status=ReportStatus.PUBLISHED).order_by("-year")
