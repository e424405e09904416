"""What 法规库 offers the platform: its menu area, its workflows on the kit, its signal receivers and its demo data.
Registered once every app's models are loaded (renda.core.appconfig.ModuleConfig calls register())."""

from __future__ import annotations

from django.db.models.signals import post_save

from renda.core import kit, wiring
from renda.core.workflow import step_taken
from renda.lawbook import demo, selectors, services, subscriptions
from renda.lawbook.models import CleanupCampaign
from renda.lawbook.permissions import READER_ROLES
from renda.lawbook.workflow import CAMPAIGN_WORKFLOW
from renda.legislation.models import CommentPeriod


def register() -> None:
    wiring.area("lawbook", label="法规库", url_name="lawbook:index", roles=set(READER_ROLES), order=25)
    wiring.workflow_object(
        "lawbook.campaign", CleanupCampaign, CAMPAIGN_WORKFLOW, selectors.campaign_for, page="lawbook:campaign",
        perform=kit.perform(services, "campaign_transition", "campaign"),
        queryset=selectors.campaigns_for, label="法规清理")
    wiring.demo("lawbook", demo.load, order=90)
    step_taken.connect(subscriptions.on_step, dispatch_uid="lawbook-subscriptions-step")
    post_save.connect(subscriptions.on_comment_period, sender=CommentPeriod,
                      dispatch_uid="lawbook-subscriptions-draft")
