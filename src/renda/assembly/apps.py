from django.apps import AppConfig


class AssemblyConfig(AppConfig):
    name = "renda.assembly"
    label = "assembly"
    verbose_name = "人民代表大会会议"

    def ready(self) -> None:
        from django.urls import reverse

        from renda.assembly import selectors, services
        from renda.assembly import workflow as wf
        from renda.assembly.demo import load as load_demo
        from renda.assembly.models import AssemblySession, Election, LivelihoodProject, LivelihoodVote
        from renda.assembly.permissions import VIEW_ROLES
        from renda.core import kit
        from renda.core.registry import register_area, register_calendar_source
        from renda.core.roles import Role
        from renda.demo.registry import register_demo

        register_area("assembly", label="代表大会", url_name="assembly:index", order=55,
                      roles=set(VIEW_ROLES) | {Role.UNIT})
        register_calendar_source("assembly", selectors.calendar_events)
        register_demo("assembly", load_demo, order=60)
        kit.register(kit.WorkflowObject(
            key="assembly.session", model=AssemblySession, workflow=wf.SESSION_WORKFLOW,
            loader=selectors.session_for, url=lambda s: reverse("assembly:session", args=[s.pk]),
            perform=lambda *, actor, obj, action, **data: services.session_transition(
                actor=actor, session=obj, action=action, **data),
            queryset=selectors.sessions_for, due=lambda s: s.planned_date, label="大会会议"))
        kit.register(kit.WorkflowObject(
            key="assembly.election", model=Election, workflow=wf.ELECTION_WORKFLOW,
            loader=selectors.election_for, url=lambda e: reverse("assembly:election", args=[e.pk]),
            perform=lambda *, actor, obj, action, **data: services.election_transition(
                actor=actor, election=obj, action=action, **data),
            queryset=selectors.elections_for, label="大会选举"))
        kit.register(kit.WorkflowObject(
            key="assembly.project", model=LivelihoodProject, workflow=wf.PROJECT_WORKFLOW,
            loader=selectors.project_for, url=lambda p: reverse("assembly:project", args=[p.pk]),
            perform=lambda *, actor, obj, action, **data: services.project_transition(
                actor=actor, project=obj, action=action, **data),
            queryset=selectors.projects_for, label="民生实事项目"))
        kit.register(kit.WorkflowObject(
            key="assembly.lvote", model=LivelihoodVote, workflow=wf.LVOTE_WORKFLOW,
            loader=selectors.lvote_for, url=lambda v: reverse("assembly:lvote", args=[v.pk]),
            perform=lambda *, actor, obj, action, **data: services.lvote_transition(
                actor=actor, vote=obj, action=action, **data),
            queryset=selectors.lvotes_for, label="民生实事项目票决"))
