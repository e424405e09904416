"""Small template helpers for the supervision pages."""

from django import template

from renda.core import rules
from renda.supervision.models import AnswerMode, Ground, ReviewBasis

register = template.Library()

CHOICES = {"grounds": Ground.choices, "answer_modes": AnswerMode.choices, "review_bases": ReviewBasis.choices}


@register.simple_tag
def sup_choices(name: str):
    return CHOICES.get(name, [])


@register.simple_tag
def rule_basis(rule_id: str) -> str:
    """「规则 ID：依据」 for a flag shown next to a late step."""
    if not rule_id:
        return ""
    rule = rules.get(rule_id)
    return f"规则 {rule.id}（{rule.basis_text}）"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None
