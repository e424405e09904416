"""Writes of the reports on carrying out a resolution."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from renda.core import rules
from renda.core.writes import save_new
from renda.supervision import checks
from renda.supervision import permissions as perms
from renda.supervision.models import HEARD_REPORT_STATES, Report
from renda.supervision.resolutions.models import ResolutionExecution
from renda.supervision.resolutions.workflow import RESOLUTION_WORKFLOW


def record(*, actor, report: Report, resolution: str, due: dt.date | None, adopted_on: dt.date) -> ResolutionExecution:
    """A resolution the standing committee made on a report: the organ owes a report on carrying it out by `due`.
    Called inside a step (the report's `send_opinions`) or by `resolution_create`."""
    resolution = checks.clean(resolution)
    if not resolution:
        raise ValidationError({"resolution": "请填写常委会决议。"})
    if due is None:
        raise rules.violation("SUP-RESOLUTION-REPORT", "作出决议的，须载明决议规定的报告期限")
    if due < adopted_on:
        raise ValidationError({"resolution_due": "决议规定的报告期限不能早于决议日期。"})
    res = ResolutionExecution(congress_id=report.congress_id, report=report, organ_id=report.organ_id,
                              resolution=resolution, adopted_on=adopted_on, due=due,
                              created_by=actor if getattr(actor, "pk", None) else None)
    return save_new(res, actor=actor, rule=rules.get("SUP-RESOLUTION-REPORT"))


@transaction.atomic
def resolution_create(*, actor, report: Report, resolution: str, due: dt.date | None,
                      adopted_on: dt.date | None = None) -> ResolutionExecution:
    """A resolution made on a report already heard (e.g. on the audit work report, 第二十七条第二款)."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    checks.require(perms.is_office(actor, report), "常委会的决议由办公厅登记。")
    if report.status not in HEARD_REPORT_STATES:
        raise rules.violation("SUP-RESOLUTION-REPORT", "报告经常委会审议后，方可对其作出决议")
    return record(actor=actor, report=report, resolution=resolution, due=due, adopted_on=adopted_on or checks.today())


def resolution_transition(*, actor, resolution: ResolutionExecution, action: str, note: str = "", **ctx):
    on = ctx.get("on") or checks.today()
    return RESOLUTION_WORKFLOW.apply(resolution, action, actor=actor, note=note, **{**ctx, "on": on})
