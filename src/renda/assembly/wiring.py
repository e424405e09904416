"""What 人民代表大会会议 offers the platform: its menu area, its calendar, its workflows on the kit and its demo data.
Registered once every app's models are loaded (renda.core.appconfig.ModuleConfig calls register())."""

from __future__ import annotations

from renda.assembly import selectors, services
from renda.assembly import workflow as wf
from renda.assembly.demo import load as load_demo
from renda.assembly.models import AssemblySession, Election, LivelihoodProject, LivelihoodVote
from renda.assembly.permissions import VIEW_ROLES
from renda.core import kit, wiring
from renda.core.roles import Role


def register() -> None:
    wiring.area("assembly", label="代表大会", url_name="assembly:index", order=55,
                roles=set(VIEW_ROLES) | {Role.UNIT})
    wiring.calendar_source("assembly", selectors.calendar_events)
    wiring.demo("assembly", load_demo, order=60)
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
        wiring.workflow_object(
            f"assembly.{key}", model, workflow, getattr(selectors, f"{key}_for"), page=page,
            perform=kit.perform(services, step, param), queryset=queryset, due=due, label=label)
