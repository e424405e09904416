"""Template tags of the kit: the workflow buttons of an object and its plain-language history."""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html

from renda.core import history as history_mod
from renda.core import kit, rules

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
    """A rule as a person reads it: its Chinese title, a link to its entry on /rules/ (the id stays in the address,
    never in the text)."""
    try:
        rule = rules.get(rule_id)
    except Exception:  # an unknown id: say nothing rather than show a code
        return ""
    return format_html('<a class="rule-ref" href="{}#{}">「{}」</a>', reverse("rules"), rule.id, rule.title)


# Keyword fragments a word splitter leaves behind ("由区", "一至", "的"): not words a person would index by.
_NUMERALS = set("零〇一二三四五六七八九十百千万亿两第条款项章节0123456789０１２３４５６７８９")
_FUNCTION = set("的了和与及或在由对将把被为至于以其之等各该本此并且而")
_EDGE = set("由至的了和与及或于之并且而")


def is_whole_word(word: str) -> bool:
    word = (word or "").strip()
    if len(word) < 2 or all(ch in _NUMERALS | _FUNCTION for ch in word):
        return False
    return word[0] not in _EDGE and word[-1] not in _EDGE


@register.filter
def whole_words(keywords):
    """Keywords (dicts or objects with a `word`, or strings) without one-character, number and function-word
    fragments."""

    def word(k):
        return k.get("word", "") if isinstance(k, dict) else getattr(k, "word", k)

    return [k for k in keywords or () if is_whole_word(str(word(k)))]


@register.filter
def lookup(mapping, key):
    """`mapping[key]` in a template (None when absent or not a mapping)."""
    return mapping.get(key) if hasattr(mapping, "get") else None
