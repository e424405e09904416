from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "renda.proposals"
    label = "proposals"
    verbose_name = "议案建议"

    def ready(self) -> None:
        _register_search()
        from renda.deputies.records import register_record_source
        from renda.proposals.records import deputy_entries

        register_record_source("proposals", deputy_entries)
        from renda.core.attachments import register_owner
        from renda.core.registry import register_area
        from renda.core.roles import Role
        from renda.proposals import selectors

        register_area("proposals", url_name="proposals:index", roles=set(Role.values))
        register_owner("proposals.proposal", selectors.proposal_for)
        register_owner("proposals.reply", selectors.reply_for)
        register_owner("proposals.progressreport", selectors.progress_report_for)
        from renda.demo.registry import register_demo
        from renda.proposals.demo import load

        register_demo("proposals", load, order=70)
        from renda.core.seeding import register_seed
        from renda.proposals.seed import generate

        register_seed("proposals", generate, order=40)
        from renda.core.registry import register_calendar_source

        register_calendar_source("proposals", selectors.calendar_events)
        from renda.core.registry import register_home_panel

        register_home_panel(selectors.home_panel, order=40)
        _register_workflows()
        from renda.proposals.report.wiring import register as register_handling_report

        register_handling_report()


def _register_workflows() -> None:
    """The steps of an item taken on its page (the others have their own forms) and the commitments ledger."""
    from django.urls import reverse

    from renda.core import kit
    from renda.proposals import selectors, services
    from renda.proposals.models import Commitment, Proposal
    from renda.proposals.workflow import COMMITMENT_WORKFLOW, PROPOSAL_STEPS

    kit.register(kit.WorkflowObject(
        key="proposals.proposal", model=Proposal, workflow=PROPOSAL_STEPS, loader=selectors.proposal_for,
        url=lambda p: reverse("proposals:detail", args=[p.pk]),
        perform=kit.perform(services, "proposal_transition", "proposal")))
    kit.register(kit.WorkflowObject(
        key="proposals.commitment", model=Commitment, workflow=COMMITMENT_WORKFLOW,
        loader=selectors.commitment_page_for,
        # after 结转 the page to go on with is next year's row
        url=lambda c: reverse("proposals:commitment", args=[
            Commitment.objects.filter(carried_from=c).values_list("pk", flat=True).first() or c.pk]),
        perform=kit.perform(services, "commitment_transition", "commitment")))


def _register_search() -> None:
    """What this module offers to the global search (renda.core.search)."""
    from django.urls import reverse as _reverse

    from renda.core import search as _search
    from renda.proposals import selectors as _sel
    from renda.proposals.models import Proposal as _Proposal

    _search.register(_search.Source(
        kind="proposals.proposal", label="议案建议", model=_Proposal, title=lambda p: p.title,
        text=lambda p: f"{p.content} {p.grounds} {p.solution}", year=lambda p: p.year,
        url=lambda p: _reverse("proposals:detail", args=[p.pk]), visible=_sel.proposals_for))
