"""What 联系群众 offers the platform: its menu area, its home panel, the owners of its attachments, its workflows on the
kit, its search sources, its topics, its signal receivers, its seed data and its demo data. Registered once every app's
models are loaded (renda.core.appconfig.ModuleConfig calls register())."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.urls import reverse
from django.utils import timezone

from renda.core import kit, wiring
from renda.core.models import Congress
from renda.core.registry import TopicHint
from renda.core.roles import Role
from renda.participation import demo, seed, selectors, services
from renda.participation import permissions as perms
from renda.participation.models import Opinion
from renda.participation.workflow import OPINION_WORKFLOW


def register() -> None:
    _register_search()
    # Handling units reach their routed opinions here too (areas_for shows a unit only areas that list it);
    # members have nothing here (opinions are routed to bodies, deputies and units, not to members).
    wiring.area("participation", url_name="participation:index", roles=set(Role.values) - {Role.MEMBER})
    wiring.owner("participation.opinion", selectors.opinion_for)
    wiring.home_panel(selectors.home_panel, order=60)
    wiring.demo("participation", demo.load, order=80)
    wiring.seed("participation", seed.generate, order=60)
    # Hot issues feed the choice of supervision topics (work plan, supervision overview) via the registry.
    wiring.topic_source("participation", topic_hints)
    # A new congress gets its default opinion categories when it is created (never on a page's GET).
    post_save.connect(services.congress_created, sender=Congress, dispatch_uid="participation.default_categories")
    wiring.workflow_object(
        "participation.opinion", Opinion, OPINION_WORKFLOW, selectors.opinion_for, page="participation:detail",
        perform=kit.perform(services, "opinion_transition", "opinion"))


# How many supervision topic suggestions the work plan and supervision pages list (newest first).
TOPIC_HINT_LIMIT = 8


def topic_hints(user, year: int) -> list:
    """The congress's supervision topic suggestions (监督议题建议) as core.registry TopicHints.

    Those made from the start of the year before `year` to the end of `year` count for `year` (a plan is drafted
    in the autumn before its year). The hot-issues page is linked only for those who may open it.
    """
    url = reverse("participation:hot") if perms.can_view_hot(user) else ""
    hints = []
    for s in selectors.topic_suggestions(user.congress_id):
        if not (year - 1 <= timezone.localtime(s.created_at).year <= year):
            continue
        hints.append(TopicHint(
            title=s.title, rationale=s.rationale, source_label="社情民意", url=url,
            recent_count=s.recent_count, previous_count=s.previous_count,
            keywords=tuple(str(k) for k in (s.keywords or [])),
        ))
        if len(hints) >= TOPIC_HINT_LIMIT:
            break
    return hints




def _register_search() -> None:
    """What this module offers to the global search (renda.core.search)."""
    wiring.search_source(
        "participation.opinion", "社情民意", Opinion, page="participation:detail", title=lambda o: o.text[:60],
        text=lambda o: o.text, year=lambda o: o.submitted_at.year if o.submitted_at else None,
        visible=selectors.opinions_for)
