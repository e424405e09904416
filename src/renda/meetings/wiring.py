"""What 决定任免 offers the platform: its menu area, its home panel, its calendar, the owners of its attachments, its
workflows on the kit, its search sources, its seed data and its demo data; and its sub-packages' own wiring. Registered
once every app's models are loaded (renda.core.appconfig.ModuleConfig calls register())."""

from __future__ import annotations

from renda.core import kit, wiring
from renda.core.roles import Role
from renda.meetings import (
    appointments_roster,  # noqa: F401  (组织法 第四十七条: checks every new post)
    hooks,
    selectors,
    services,
)
from renda.meetings import workflow as wf
from renda.meetings.appointment_duties.wiring import register as register_appointment_duties
from renda.meetings.demo import load as load_demo
from renda.meetings.models import AgendaItem, Attendance, Decision, Meeting, Nomination, Vote
from renda.meetings.seed import generate


def register() -> None:
    _register_search()
    # Units reach only the items that concern them (the area lists those).
    wiring.area("decisions", url_name="meetings:index", roles=set(Role.values))
    wiring.home_panel(selectors.home_panel, order=20)
    wiring.calendar_source("meetings", selectors.calendar_events)
    wiring.owner("meetings.agendaitem", selectors.item_for)
    wiring.owner("meetings.nomination", selectors.nomination_for)
    wiring.owner("meetings.decision", selectors.decision_for)
    hooks.register()
    register_appointment_duties()
    wiring.demo("meetings", load_demo, order=20)
    wiring.seed("meetings", generate, order=20)
    _register_workflows()


def _register_workflows() -> None:
    """Every object of this module that moves through a workflow: one endpoint, one actions partial, one API."""
    def attendance_step(*, actor, obj, action, **data):  # the service takes the meeting and the person
        return services.attendance_transition(actor=actor, meeting=obj.meeting, person=obj.person, action=action,
                                              **data)

    wiring.workflow_object("meetings.meeting", Meeting, wf.MEETING_WORKFLOW, selectors.meeting_for,
                           page="meetings:meeting", perform=kit.perform(services, "meeting_transition", "meeting"))
    wiring.workflow_object("meetings.agendaitem", AgendaItem, wf.AGENDA_WORKFLOW, selectors.item_for,
                           page="meetings:item")
    wiring.workflow_object("meetings.attendance", Attendance, wf.ATTENDANCE_WORKFLOW, selectors.attendance_for,
                           page="meetings:attendance", page_attr="meeting_id", perform=attendance_step)
    wiring.workflow_object("meetings.vote", Vote, wf.VOTE_WORKFLOW, selectors.vote_for, page="meetings:vote")
    wiring.workflow_object("meetings.nomination", Nomination, wf.NOMINATION_STEPS, selectors.nomination_for,
                           page="meetings:nomination",
                           perform=kit.perform(services, "nomination_transition", "nomination"))
    wiring.workflow_object("meetings.decision", Decision, wf.DECISION_STEPS, selectors.decision_for,
                           page="meetings:decision", perform=kit.perform(services, "decision_transition", "decision"))


def _register_search() -> None:
    """What this module offers to the global search (renda.core.search)."""
    wiring.search_source(
        "meetings.meeting", "会议", Meeting, page="meetings:meeting", title=lambda m: m.title,
        text=lambda m: f"{m.place} {m.notes}", year=lambda m: m.date.year, visible=selectors.meetings_for)
