from django.apps import AppConfig


class LegislationConfig(AppConfig):
    name = "renda.legislation"
    label = "legislation"
    verbose_name = "立法"

    def ready(self) -> None:
        _register_search()
        from renda.core.attachments import register_owner
        from renda.core.registry import register_area, register_calendar_source, register_home_panel
        from renda.core.roles import Role
        from renda.core.seeding import register_seed
        from renda.demo.registry import register_demo
        from renda.legislation import selectors
        from renda.legislation.demo import load as load_demo
        from renda.legislation.seed import generate

        register_area("legislation", url_name="legislation:index", roles=set(Role.values))
        register_home_panel(selectors.home_panel, order=20)
        register_calendar_source("legislation", selectors.calendar_events)
        register_owner("legislation.billversion", selectors.version_for)
        register_owner("legislation.consultation", selectors.consultation_for)
        register_seed("legislation", generate, order=20)
        register_demo("legislation", load_demo, order=20)
        from renda.legislation.agenda import register as register_on_agendas

        register_on_agendas()
        _register_workflows()


def _register_workflows() -> None:
    """Every object of legislation that moves through a workflow, for the kit's endpoint, partial and API."""
    from django.urls import reverse

    from renda.core import kit
    from renda.legislation import selectors, services
    from renda.legislation import workflow as wf
    from renda.legislation.models import Bill, CommentPeriod, Consultation, FeedbackNotice, LegislativePlan

    def bill_page(obj) -> str:
        return reverse("legislation:bill", args=[obj.bill_id if hasattr(obj, "bill_id") else obj.pk])

    kit.register(kit.WorkflowObject(
        key="legislation.bill", model=Bill, workflow=wf.BILL_WORKFLOW, loader=selectors.bill_for, url=bill_page,
        perform=kit.perform(services, "bill_transition", "bill")))
    kit.register(kit.WorkflowObject(
        key="legislation.period", model=CommentPeriod, workflow=wf.PERIOD_WORKFLOW, loader=selectors.period_for,
        url=bill_page,
        perform=kit.perform(services, "period_transition", "period")))
    kit.register(kit.WorkflowObject(
        key="legislation.consultation", model=Consultation, workflow=wf.CONSULTATION_WORKFLOW,
        loader=selectors.consultation_for, url=lambda c: reverse("legislation:consultation", args=[c.pk]),
        perform=kit.perform(services, "consultation_transition", "consultation")))
    kit.register(kit.WorkflowObject(
        key="legislation.plan", model=LegislativePlan, workflow=wf.PLAN_WORKFLOW, loader=selectors.plan_for,
        url=lambda plan: reverse("legislation:plan", args=[plan.pk]),
        perform=kit.perform(services, "plan_transition", "plan")))
    kit.register(kit.WorkflowObject(
        key="legislation.notice", model=FeedbackNotice, workflow=wf.NOTICE_WORKFLOW, loader=selectors.notice_for,
        url=lambda n: reverse("legislation:notice", args=[n.pk]),
        perform=kit.perform(services, "notice_transition", "notice")))


def _register_search() -> None:
    """What this module offers to the global search (renda.core.search)."""
    from django.urls import reverse as _reverse

    from renda.core import search as _search
    from renda.legislation import selectors as _sel
    from renda.legislation.models import Bill as _Bill

    _search.register(_search.Source(
        kind="legislation.bill", label="法规案", model=_Bill, title=lambda b: b.title,
        text=lambda b: f"{b.subject_area} {' '.join(b.regulation_titles)} {b.scope_justification}", year=lambda b: b.year,
        url=lambda b: _reverse("legislation:bill", args=[b.pk]), visible=_sel.bills_for))
