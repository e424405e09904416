from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "renda.meetings"
    label = "meetings"
    verbose_name = "决定任免"

    def ready(self) -> None:
        _register_search()
        from renda.core.attachments import register_owner
        from renda.core.registry import register_area, register_calendar_source, register_home_panel
        from renda.core.roles import Role
        from renda.core.seeding import register_seed
        from renda.demo.registry import register_demo
        from renda.meetings import hooks, selectors
        from renda.meetings.demo import load as load_demo
        from renda.meetings.seed import generate

        # Units reach only the items that concern them (the area lists those).
        register_area("decisions", url_name="meetings:index", roles=set(Role.values))
        register_home_panel(selectors.home_panel, order=20)
        register_calendar_source("meetings", selectors.calendar_events)
        register_owner("meetings.agendaitem", selectors.item_for)
        register_owner("meetings.nomination", selectors.nomination_for)
        register_owner("meetings.decision", selectors.decision_for)
        hooks.register()
        from renda.meetings import appointments_roster  # noqa: F401  (组织法 第四十七条: checks every new post)
        from renda.meetings.appointment_duties.wiring import register as register_appointment_duties

        register_appointment_duties()
        register_demo("meetings", load_demo, order=20)
        register_seed("meetings", generate, order=20)
        _register_workflows()


def _register_workflows() -> None:
    """Every object of this module that moves through a workflow: one endpoint, one actions partial, one API."""
    from django.urls import reverse

    from renda.core import kit
    from renda.meetings import selectors, services
    from renda.meetings import workflow as wf
    from renda.meetings.models import AgendaItem, Attendance, Decision, Meeting, Nomination, Vote

    kit.register(kit.WorkflowObject(
        key="meetings.meeting", model=Meeting, workflow=wf.MEETING_WORKFLOW, loader=selectors.meeting_for,
        url=lambda m: reverse("meetings:meeting", args=[m.pk]),
        perform=kit.perform(services, "meeting_transition", "meeting")))
    kit.register(kit.WorkflowObject(
        key="meetings.agendaitem", model=AgendaItem, workflow=wf.AGENDA_WORKFLOW, loader=selectors.item_for,
        url=lambda i: reverse("meetings:item", args=[i.pk])))
    kit.register(kit.WorkflowObject(
        key="meetings.attendance", model=Attendance, workflow=wf.ATTENDANCE_WORKFLOW, loader=selectors.attendance_for,
        url=lambda a: reverse("meetings:attendance", args=[a.meeting_id]),
        perform=lambda *, actor, obj, action, **data: services.attendance_transition(
            actor=actor, meeting=obj.meeting, person=obj.person, action=action, **data)))
    kit.register(kit.WorkflowObject(
        key="meetings.vote", model=Vote, workflow=wf.VOTE_WORKFLOW, loader=selectors.vote_for,
        url=lambda v: reverse("meetings:vote", args=[v.pk])))
    kit.register(kit.WorkflowObject(
        key="meetings.nomination", model=Nomination, workflow=wf.NOMINATION_STEPS, loader=selectors.nomination_for,
        url=lambda n: reverse("meetings:nomination", args=[n.pk]),
        perform=kit.perform(services, "nomination_transition", "nomination")))
    kit.register(kit.WorkflowObject(
        key="meetings.decision", model=Decision, workflow=wf.DECISION_STEPS, loader=selectors.decision_for,
        url=lambda d: reverse("meetings:decision", args=[d.pk]),
        perform=kit.perform(services, "decision_transition", "decision")))


def _register_search() -> None:
    """What this module offers to the global search (renda.core.search)."""
    from django.urls import reverse as _reverse

    from renda.core import search as _search
    from renda.meetings import selectors as _sel
    from renda.meetings.models import Meeting as _Meeting

    _search.register(_search.Source(
        kind="meetings.meeting", label="会议", model=_Meeting, title=lambda m: m.title,
        text=lambda m: f"{m.place} {m.notes}", year=lambda m: m.date.year,
        url=lambda m: _reverse("meetings:meeting", args=[m.pk]), visible=_sel.meetings_for))
