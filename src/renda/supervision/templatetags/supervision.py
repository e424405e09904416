"""Small template helpers for the supervision pages."""

from django import template
from django.template.loader import render_to_string

from renda.core import kit, rules
from renda.supervision.steps import ScopedChoiceField

register = template.Library()


@register.simple_tag
def rule_basis(rule_id: str) -> str:
    """「规则名称（依据）」 for a flag shown next to a late step (the rule by its title: ids belong to /rules/)."""
    if not rule_id:
        return ""
    rule = rules.get(rule_id)
    return f"规则「{rule.title}」（{rule.basis_text}）"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.simple_tag(takes_context=True)
def scoped_workflow_actions(context, obj, heading: str = "办理"):
    """`{% workflow_actions obj %}` for steps that choose among the object's congress's records (a committee, a
    filed document): the kit's partial, with those options filled from the object (steps.ScopedChoiceField)."""
    request = context.get("request")
    wo = kit.for_instance(obj)
    if request is None or wo is None:
        return ""
    actions = kit.actions_for(request.user, obj, wo)
    for a in actions:
        for field in a.form.fields.values():
            if isinstance(field, ScopedChoiceField):
                field.choices = [("", "—"), *field.choices_for(obj)]
    if not actions:
        return ""
    return render_to_string("core/_actions.html", {"actions": actions, "heading": heading, "obj": obj},
                            request=request)
