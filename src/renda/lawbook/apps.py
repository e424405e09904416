from django.apps import AppConfig


class LawbookConfig(AppConfig):
    name = "renda.lawbook"
    label = "lawbook"
    verbose_name = "法规库"

    def ready(self) -> None:
        from django.urls import reverse

        from renda.core import kit
        from renda.core.registry import register_area
        from renda.demo.registry import register_demo
        from renda.lawbook import demo, selectors, services
        from renda.lawbook.models import CleanupCampaign
        from renda.lawbook.permissions import READER_ROLES
        from renda.lawbook.workflow import CAMPAIGN_WORKFLOW

        register_area("lawbook", label="法规库", url_name="lawbook:index", roles=set(READER_ROLES), order=25)
        kit.register(kit.WorkflowObject(
            key="lawbook.campaign", model=CleanupCampaign, workflow=CAMPAIGN_WORKFLOW, loader=selectors.campaign_for,
            url=lambda c: reverse("lawbook:campaign", args=[c.pk]),
            perform=kit.perform(services, "campaign_transition", "campaign"),
            queryset=selectors.campaigns_for, label="法规清理"))
        register_demo("lawbook", demo.load, order=90)

        from django.db.models.signals import post_save

        from renda.core.workflow import step_taken
        from renda.lawbook import subscriptions
        from renda.legislation.models import CommentPeriod

        step_taken.connect(subscriptions.on_step, dispatch_uid="lawbook-subscriptions-step")
        post_save.connect(subscriptions.on_comment_period, sender=CommentPeriod,
                          dispatch_uid="lawbook-subscriptions-draft")
