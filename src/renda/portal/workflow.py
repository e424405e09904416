"""States and transitions of a news article (one mechanism: core.workflow).

草稿 → 已发布 (publish: the office, with the publication time) → 草稿 (withdraw: the office, with the reason;
the article leaves the portal and the open data at once). Both steps are logged in the audit trail.
"""

from __future__ import annotations

from django.utils import timezone

from renda.core import rules
from renda.core.workflow import Transition, Workflow
from renda.portal import permissions as perms
from renda.portal.models import NewsArticle, NewsStatus


def has_body(article: NewsArticle, **_) -> None:
    if len(article.title.strip()) < 4 or len(article.body.strip()) < 20:
        raise rules.violation("PORTAL-NEWS", "稿件须有标题和不少于20个字的正文才能发布")


def _publish(article: NewsArticle, **ctx) -> None:
    article.published_at = ctx.get("published_at") or timezone.now()
    article.withdrawn_reason = ""


def _withdraw(article: NewsArticle, *, note: str = "", **_) -> None:
    article.published_at = None
    article.withdrawn_reason = note.strip()[:200]


NEWS_WORKFLOW = Workflow(
    name="portal.news",
    states=NewsStatus,
    transitions=[
        Transition("publish", "审核发布", (NewsStatus.DRAFT,), NewsStatus.PUBLISHED, rule="PORTAL-NEWS",
                   allowed=perms.can_publish_news, guards=(has_body,), effect=_publish,
                   next_hint="稿件在门户网站和开放数据中公布。"),
        Transition("withdraw", "撤回", (NewsStatus.PUBLISHED,), NewsStatus.DRAFT, rule="PORTAL-NEWS",
                   allowed=perms.can_publish_news, needs_note=True, style="danger", effect=_withdraw,
                   next_hint="稿件立即从门户网站和开放数据中撤下，回到草稿。"),
    ],
)
