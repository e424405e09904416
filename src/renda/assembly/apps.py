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
        # One row per object that moves through a workflow: key, model, workflow, its page, the service's step and
        # the name it takes the object by, the rows the 待办 inbox looks at, the due date, what the inbox calls it.
        for key, model, workflow, page, step, param, queryset, due, label in (
            ("session", AssemblySession, wf.SESSION_WORKFLOW, "assembly:session", "session_transition", "session",
             selectors.sessions_for, lambda s: s.planned_date, "大会会议"),
            ("election", Election, wf.ELECTION_WORKFLOW, "assembly:election", "election_transition", "election",
             selectors.elections_for, None, "大会选举"),
            ("project", LivelihoodProject, wf.PROJECT_WORKFLOW, "assembly:project", "project_transition", "project",
             selectors.projects_for, None, "民生实事项目"),
            ("lvote", LivelihoodVote, wf.LVOTE_WORKFLOW, "assembly:lvote", "lvote_transition", "vote",
             selectors.lvotes_for, None, "民生实事项目票决"),
        ):
            kit.register(kit.WorkflowObject(
                key=f"assembly.{key}", model=model, workflow=workflow, loader=getattr(selectors, f"{key}_for"),
                url=lambda obj, page=page: reverse(page, args=[obj.pk]),
                perform=_perform(services, step, param),
                queryset=queryset, due=due, label=label))


def _perform(services, step: str, param: str):
    """The step `services.<step>(actor=…, <param>=obj, action=…, **data)`, looked up when it runs."""
    def perform(*, actor, obj, action, **data):
        return getattr(services, step)(actor=actor, action=action, **{param: obj}, **data)

    return perform
