"""What 现场表决 offers the platform: its menu area, its workflows on the kit, its sealed rows and its demo data. Registered
once every app's models are loaded (renda.core.appconfig.ModuleConfig calls register())."""

from __future__ import annotations

from renda.core import audit, kit, wiring
from renda.core.roles import Role
from renda.voting import sealing, selectors, services
from renda.voting.demo import load as load_demo
from renda.voting.models import LiveVote
from renda.voting.workflow import LIVE_WORKFLOW


def register() -> None:
    wiring.area("voting", label="现场表决", url_name="voting:index", order=45,
                roles={Role.OFFICE, Role.LEADER, Role.ADMIN, Role.MEMBER})
    wiring.area("materials", label="会议材料", url_name="voting:materials", order=46,
                roles={Role.OFFICE, Role.LEADER, Role.MEMBER, Role.DEPUTY})
    wiring.workflow_object(
        "voting.livevote", LiveVote, LIVE_WORKFLOW, selectors.live_vote_for, page="voting:console",
        perform=kit.perform(services, "live_transition", "live"),
        queryset=selectors.live_votes_for, due=lambda v: v.closes_at.date() if v.closes_at else None,
        label="现场表决")
    wiring.demo("voting", load_demo, order=25)
    audit.register_sealed_rows(sealing.verify_marks)
