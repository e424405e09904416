"""Template tags of the kit: the workflow buttons of an object and its plain-language history."""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string

from renda.core import history as history_mod
from renda.core import kit

register = template.Library()


@register.simple_tag(takes_context=True)
def workflow_actions(context, obj, key: str = "", heading: str = "办理"):
    """Every step the signed-in user may take on `obj` now, each with its form, rule and what happens next."""
    request = context.get("request")
    wo = kit.for_instance(obj, key or None)
    if request is None or wo is None:
        return ""
    actions = kit.actions_for(request.user, obj, wo)
    if not actions:
        return ""
    return render_to_string("core/_actions.html", {"actions": actions, "heading": heading, "obj": obj,
                                                   "key_slug": wo.key.replace(".", "-")}, request=request)


@register.filter
def readable(events):
    """Audit records as rows a person reads: labels instead of codes, values formatted, repeats grouped."""
    return history_mod.rows(events)


@register.simple_tag
def rule_ref(rule_id: str):
    """A rule as a person reads it: its Chinese title (the id in the tooltip, for /rules/)."""
    from django.utils.html import format_html

    from renda.core import rules

    try:
        rule = rules.get(rule_id)
    except Exception:  # an unknown id: say nothing rather than show a code
        return ""
    return format_html('<span class="rule-ref" title="规则编号 {}">「{}」</span>', rule.id, rule.title)
