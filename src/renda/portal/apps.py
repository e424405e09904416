from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "renda.portal"
    label = "portal"
    verbose_name = "门户网站"

    def ready(self) -> None:
        from renda.core.registry import register_area
        from renda.core.roles import Role
        from renda.demo.registry import register_demo
        from renda.portal import demo

        # The news desk (宣传): the office writes and publishes; leadership and the administrator read it.
        register_area("portal", label="宣传", url_name="portal:news_admin", roles={Role.OFFICE, Role.LEADER, Role.ADMIN},
                      order=75)
        register_demo("portal", demo.load, order=90)

        from django.urls import reverse

        from renda.core import kit
        from renda.portal import selectors, services
        from renda.portal.models import NewsArticle
        from renda.portal.workflow import NEWS_WORKFLOW

        kit.register(kit.WorkflowObject(
            key="portal.news", model=NewsArticle, workflow=NEWS_WORKFLOW, loader=selectors.article_for,
            url=lambda article: reverse("portal:news_admin_detail", args=[article.pk]),
            perform=kit.perform(services, "news_transition", "article")))
