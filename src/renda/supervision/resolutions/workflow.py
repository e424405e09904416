"""Reports on carrying out a resolution (监督法 第十七条第一款、第二十九条第一款): the organ reports within the period
the resolution sets — late is flagged, never refused — and the report is made known to deputies and the public
(第十七条第三款)."""

from __future__ import annotations

from renda.core.workflow import Transition, Workflow, dated, step_date
from renda.supervision import counting
from renda.supervision import permissions as perms
from renda.supervision.deadlines import text
from renda.supervision.resolutions.models import ResolutionExecution, ResolutionStatus
from renda.supervision.steps import DateForm, requires_text, text_form

has_text = requires_text("SUP-RESOLUTION-REPORT", "须填写执行决议情况的报告")


def _reported(res: ResolutionExecution, **ctx) -> None:
    res.report_text = text(ctx, "text")
    res.reported_on = step_date(ctx)
    res.late = counting.is_late(res.reported_on, res.due)


_published = dated("published_on")


RESOLUTION_WORKFLOW = Workflow(
    name="supervision.resolution",
    states=ResolutionStatus,
    transitions=[
        Transition("submit", "报告执行决议情况", (ResolutionStatus.AWAITING,), ResolutionStatus.REPORTED,
                   rule="SUP-RESOLUTION-REPORT", allowed=perms.is_resolution_reporter, guards=(has_text,),
                   form=text_form("text", "执行决议情况的报告", max_length=100000), effect=_reported,
                   next_hint="办公厅向代表通报并向社会公布。"),
        Transition("publish", "向代表通报并向社会公布", (ResolutionStatus.REPORTED,), ResolutionStatus.PUBLISHED,
                   rule="SUP-RESOLUTION-REPORT", allowed=perms.is_office, form=DateForm, effect=_published),
    ],
)
