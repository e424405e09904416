"""What 门户网站 offers the platform: its menu area, its workflows on the kit and its demo data. Registered once every app's
models are loaded (renda.core.appconfig.ModuleConfig calls register())."""

from __future__ import annotations

from renda.core import kit, wiring
from renda.core.roles import Role
from renda.portal import demo, selectors, services
from renda.portal.models import NewsArticle
from renda.portal.workflow import NEWS_WORKFLOW


def register() -> None:
    # The news desk (宣传): the office writes and publishes; leadership and the administrator read it.
    wiring.area("portal", label="宣传", url_name="portal:news_admin", roles={Role.OFFICE, Role.LEADER, Role.ADMIN},
                order=75)
    wiring.demo("portal", demo.load, order=90)
    wiring.workflow_object(
        "portal.news", NewsArticle, NEWS_WORKFLOW, selectors.article_for, page="portal:news_admin_detail",
        perform=kit.perform(services, "news_transition", "article"))
