"""One way for an app to state what it offers the platform, from its own wiring.py `register()` (which
renda.core.appconfig.ModuleConfig.ready() calls once every app's models are loaded):

    from renda.core import kit, wiring

    wiring.area("workplan", url_name="workplan:index", roles=set(Role.values))
    wiring.home_panel(selectors.home_panel, order=10)
    wiring.workflow_object("workplan.plan", WorkPlan, PLAN_WORKFLOW, selectors.plan_for, page="workplan:plan",
                           perform=kit.perform(services, "plan_transition", "plan"), label="工作要点")
    wiring.search_source("workplan.plan", "工作要点", WorkPlan, page="workplan:plan", title=lambda p: p.title,
                         visible=selectors.plans_for)

The app states WHAT it registers; the registries (kit, search, registry, attachments, seeding, demo, agendas)
keep HOW. A page is given by its URL name: `page="x:y"` is `reverse("x:y", args=[obj.pk])` (`page_attr` for another
attribute than the pk).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from renda.core import kit, search
from renda.core.attachments import register_owner as owner
from renda.core.registry import register_area as area
from renda.core.registry import register_calendar_source as calendar_source
from renda.core.registry import register_home_panel as home_panel
from renda.core.registry import register_topic_source as topic_source
from renda.core.seeding import register_seed as seed
from renda.demo.registry import register_demo as demo

__all__ = ["area", "calendar_source", "congress_row", "congress_rows", "demo", "home_panel", "owner",
           "search_source", "seed", "topic_source", "workflow_object"]


def _url(page: str | Callable[[Any], str], page_attr: str) -> Callable[[Any], str]:
    return kit.page(page, page_attr) if isinstance(page, str) else page


def workflow_object(key: str, model: type, workflow, loader, *, page: str | Callable[[Any], str],
                    page_attr: str = "pk", perform=None, queryset=None, due=None,
                    label: str = "") -> kit.WorkflowObject:
    """Register an object that moves through `workflow` on the kit (buttons, endpoint, API, 待办 inbox)."""
    return kit.register(kit.WorkflowObject(
        key=key, model=model, workflow=workflow, loader=loader, url=_url(page, page_attr), perform=perform,
        queryset=queryset, due=due, label=label))


def search_source(kind: str, label: str, model: type, *, page: str | Callable[[Any], str], title, visible,
                  text=None, year=None) -> search.Source:
    """Offer a model's rows to the global search (renda.core.search), each linked to its page."""
    return search.register(search.Source(
        kind=kind, label=label, model=model, title=title, text=text, year=year, url=_url(page, "pk"),
        visible=visible))


def congress_row(model: type) -> Callable[[int, int], Any]:
    """An agenda type's `lookup(congress_id, pk)`: the model's row of that congress, or None."""

    def lookup(congress_id: int, pk: int):
        return model.objects.filter(congress_id=congress_id, pk=pk).first()

    return lookup


def congress_rows(model: type, **filters) -> Callable[[int], Any]:
    """An agenda type's `ready(congress_id)`: the model's rows of that congress that match `filters`."""

    def ready(congress_id: int):
        return model.objects.filter(congress_id=congress_id, **filters)

    return ready
