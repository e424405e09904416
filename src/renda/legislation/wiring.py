"""What 立法 offers the platform: its menu area, its home panel, its calendar, the owners of its attachments, its
workflows on the kit, its search sources, its agenda types, its seed data and its demo data. Registered once every app's
models are loaded (renda.core.appconfig.ModuleConfig calls register())."""

from __future__ import annotations

from django.urls import reverse

from renda.core import kit, wiring
from renda.core.roles import Role
from renda.legislation import selectors, services
from renda.legislation import workflow as wf
from renda.legislation.agenda import register as register_on_agendas
from renda.legislation.demo import load as load_demo
from renda.legislation.models import Bill, CommentPeriod, Consultation, FeedbackNotice, LegislativePlan
from renda.legislation.seed import generate


def register() -> None:
    _register_search()
    wiring.area("legislation", url_name="legislation:index", roles=set(Role.values))
    wiring.home_panel(selectors.home_panel, order=20)
    wiring.calendar_source("legislation", selectors.calendar_events)
    wiring.owner("legislation.billversion", selectors.version_for)
    wiring.owner("legislation.consultation", selectors.consultation_for)
    wiring.seed("legislation", generate, order=20)
    wiring.demo("legislation", load_demo, order=20)
    register_on_agendas()
    _register_workflows()


def _register_workflows() -> None:
    """Every object of legislation that moves through a workflow, for the kit's endpoint, partial and API."""
    def bill_page(obj) -> str:
        return reverse("legislation:bill", args=[obj.bill_id if hasattr(obj, "bill_id") else obj.pk])

    wiring.workflow_object("legislation.bill", Bill, wf.BILL_WORKFLOW, selectors.bill_for, page=bill_page,
                           perform=kit.perform(services, "bill_transition", "bill"))
    wiring.workflow_object("legislation.period", CommentPeriod, wf.PERIOD_WORKFLOW, selectors.period_for,
                           page=bill_page, perform=kit.perform(services, "period_transition", "period"))
    wiring.workflow_object("legislation.consultation", Consultation, wf.CONSULTATION_WORKFLOW,
                           selectors.consultation_for, page="legislation:consultation",
                           perform=kit.perform(services, "consultation_transition", "consultation"))
    wiring.workflow_object("legislation.plan", LegislativePlan, wf.PLAN_WORKFLOW, selectors.plan_for,
                           page="legislation:plan", perform=kit.perform(services, "plan_transition", "plan"))
    wiring.workflow_object("legislation.notice", FeedbackNotice, wf.NOTICE_WORKFLOW, selectors.notice_for,
                           page="legislation:notice", perform=kit.perform(services, "notice_transition", "notice"))


def _register_search() -> None:
    """What this module offers to the global search (renda.core.search)."""
    wiring.search_source(
        "legislation.bill", "法规案", Bill, page="legislation:bill", title=lambda b: b.title,
        text=lambda b: f"{b.subject_area} {' '.join(b.regulation_titles)} {b.scope_justification}",
        year=lambda b: b.year, visible=selectors.bills_for)
