"""What 议案建议 offers the platform: its menu area, its home panel, its calendar, the owners of its attachments, its
workflows on the kit, its search sources, its record source, its seed data and its demo data; and its sub-packages' own
wiring. Registered once every app's models are loaded (renda.core.appconfig.ModuleConfig calls register())."""

from __future__ import annotations

from django.urls import reverse

from renda.core import kit, wiring
from renda.core.roles import Role
from renda.deputies.records import register_record_source
from renda.proposals import selectors, services
from renda.proposals.demo import load
from renda.proposals.models import Commitment, Proposal
from renda.proposals.records import deputy_entries
from renda.proposals.report.wiring import register as register_handling_report
from renda.proposals.seed import generate
from renda.proposals.workflow import COMMITMENT_WORKFLOW, PROPOSAL_STEPS


def register() -> None:
    _register_search()
    register_record_source("proposals", deputy_entries)
    wiring.area("proposals", url_name="proposals:index", roles=set(Role.values))
    wiring.owner("proposals.proposal", selectors.proposal_for)
    wiring.owner("proposals.reply", selectors.reply_for)
    wiring.owner("proposals.progressreport", selectors.progress_report_for)
    wiring.demo("proposals", load, order=70)
    wiring.seed("proposals", generate, order=40)
    wiring.calendar_source("proposals", selectors.calendar_events)
    wiring.home_panel(selectors.home_panel, order=40)
    _register_workflows()
    register_handling_report()


def _register_workflows() -> None:
    """The steps of an item taken on its page (the others have their own forms) and the commitments ledger."""
    def commitment_page(c) -> str:  # after 结转 the page to go on with is next year's row
        carried = Commitment.objects.filter(carried_from=c).values_list("pk", flat=True).first()
        return reverse("proposals:commitment", args=[carried or c.pk])

    wiring.workflow_object("proposals.proposal", Proposal, PROPOSAL_STEPS, selectors.proposal_for,
                           page="proposals:detail", perform=kit.perform(services, "proposal_transition", "proposal"))
    wiring.workflow_object("proposals.commitment", Commitment, COMMITMENT_WORKFLOW, selectors.commitment_page_for,
                           page=commitment_page, perform=kit.perform(services, "commitment_transition", "commitment"))


def _register_search() -> None:
    """What this module offers to the global search (renda.core.search)."""
    wiring.search_source(
        "proposals.proposal", "议案建议", Proposal, page="proposals:detail", title=lambda p: p.title,
        text=lambda p: f"{p.content} {p.grounds} {p.solution}", year=lambda p: p.year,
        visible=selectors.proposals_for)
