"""The process of a special-question investigation committee (监督法 第七章)."""

from __future__ import annotations

from renda.core import rules
from renda.core.workflow import Transition, Workflow, dated
from renda.supervision import permissions as perms
from renda.supervision.models import Investigation, InvestigationStatus, InvestigatorRole
from renda.supervision.steps import DateForm, recorded, requires_text, text_form


def committee_composed(inv: Investigation, **_) -> None:
    members = list(inv.members.all())
    if not any(m.role == InvestigatorRole.CHAIR for m in members):
        raise rules.violation("SUP-INVEST-COMMITTEE", "调查委员会尚未确定主任委员")
    if not any(m.role == InvestigatorRole.MEMBER for m in members):
        raise rules.violation("SUP-INVEST-COMMITTEE", "调查委员会尚无委员")


inv_has_report = requires_text("SUP-INVEST-REPORT", "须填写调查报告")


inv_has_decision = requires_text("SUP-INVEST-REPORT", "须填写常务委员会根据调查报告作出的决议、决定")


_established = dated("established_on")


_reported = recorded("report_text", "reported_on")


_decided = recorded("decision_text", "decided_on")


INVESTIGATION_WORKFLOW = Workflow(
    name="supervision.investigation",
    states=InvestigationStatus,
    transitions=[
        Transition("establish", "全体会议决定组织调查委员会", (InvestigationStatus.PROPOSED,),
                   InvestigationStatus.ESTABLISHED, rule="SUP-INVEST-COMMITTEE", allowed=perms.is_office_or_leader,
                   guards=(committee_composed,), form=DateForm, effect=_established,
                   next_hint="调查委员会进行调查，向常委会提出调查报告。"),
        Transition("reject", "全体会议决定不组织", (InvestigationStatus.PROPOSED,), InvestigationStatus.REJECTED,
                   rule="SUP-INVEST-PROPOSE", allowed=perms.is_office_or_leader, needs_note=True, style="danger"),
        Transition("report", "提出调查报告", (InvestigationStatus.ESTABLISHED,), InvestigationStatus.REPORTED,
                   rule="SUP-INVEST-REPORT", allowed=perms.can_record_investigation, guards=(inv_has_report,),
                   form=text_form("text", "调查报告", max_length=100000), effect=_reported),
        Transition("decide", "常委会作出决议、决定", (InvestigationStatus.REPORTED,), InvestigationStatus.DECIDED,
                   rule="SUP-INVEST-REPORT", allowed=perms.is_office_or_leader, guards=(inv_has_decision,),
                   form=text_form("text", "常委会根据调查报告作出的决议、决定", max_length=100000), effect=_decided),
    ],
)
