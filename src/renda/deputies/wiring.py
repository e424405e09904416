"""What 代表 offers the platform: its menu area, its home panel, its calendar, the owners of its attachments, its
workflows on the kit, its seed data and its demo data; and its sub-packages' own wiring. Registered once every app's
models are loaded (renda.core.appconfig.ModuleConfig calls register())."""

from __future__ import annotations

from renda.core import wiring
from renda.core.roles import Role
from renda.deputies import demo, seed, selectors, workflow
from renda.deputies.annual.wiring import register as register_annual_plan
from renda.deputies.exchanges import selectors as exchanges
from renda.deputies.immunity.wiring import register as register_immunity
from renda.deputies.liaison import selectors as liaison
from renda.deputies.liaison import services as liaison_services
from renda.deputies.models import Activity, Course, DeputyChange, Issue, Visit
from renda.deputies.training import selectors as training
from renda.deputies.upper.wiring import register as register_upper


def register() -> None:
    everyone = set(Role.values)
    not_units = everyone - {Role.UNIT}
    # units reach only the issues routed to them (the area's index sends them there)
    wiring.area("deputies", url_name="deputies:index", roles=everyone)
    wiring.area("training", url_name="deputies:training", roles=not_units)
    wiring.area("exchanges", url_name="deputies:exchanges", roles=not_units)
    wiring.area("calendar", url_name="deputies:calendar", roles=not_units)
    wiring.home_panel(selectors.home_panel, order=60)

    wiring.owner("deputies.activity", liaison.activity_for)
    wiring.owner("deputies.course", training.course_for)
    wiring.owner("deputies.studymaterial", training.material_for)

    wiring.calendar_source("deputies.activities", liaison.activity_events)
    wiring.calendar_source("deputies.contacts", liaison.contact_events)
    wiring.calendar_source("deputies.deadlines", liaison.deadline_events)
    wiring.calendar_source("deputies.training", training.course_events)
    wiring.calendar_source("deputies.exchanges", exchanges.visit_events)

    wiring.seed("deputies", seed.generate, order=60)
    wiring.demo("deputies", demo.load, order=60)
    _register_workflows()


def _register_workflows() -> None:
    """Every object of deputies' work that moves through a workflow: one endpoint, one actions partial, one API,
    and the 待办 inbox."""
    def issue_step(*, actor, obj, action, **data):  # 交办 fills in a default note and checks the unit's congress
        return liaison_services.issue_transition(actor=actor, issue=obj, action=action, **data)

    # key, model, workflow, loader (404 unless visible), the page's URL name, the inbox's rows, due date and label
    table = [
        ("change", DeputyChange, workflow.CHANGE_WORKFLOW, selectors.change_for, "change", selectors.changes_for,
         None, "代表变动", None),
        ("activity", Activity, workflow.ACTIVITY_WORKFLOW, liaison.activity_for, "activity", liaison.activities_for,
         lambda a: a.start, "代表活动", None),
        ("issue", Issue, workflow.ISSUE_WORKFLOW, liaison.issue_for, "issue", liaison.issues_for,
         lambda i: i.due_on, "群众意见和代表意见", issue_step),
        ("course", Course, workflow.COURSE_WORKFLOW, training.course_for, "course", training.courses_for,
         lambda c: c.start, "代表培训", None),
        ("visit", Visit, workflow.VISIT_WORKFLOW, exchanges.visit_for, "visit", exchanges.visits_for,
         lambda v: v.start_date, "对外交流团组", None),
    ]
    for key, model, wf, loader, page, rows, due, label, perform in table:
        wiring.workflow_object(f"deputies.{key}", model, wf, loader, page=f"deputies:{page}", perform=perform,
                               queryset=rows, due=due, label=label)

    register_immunity()
    register_annual_plan()
    register_upper()
