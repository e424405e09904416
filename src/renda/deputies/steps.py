"""This module's own API routes for workflow steps (`POST …/{id}/transitions` with `action`), kept for existing
clients, take a step exactly as the kit does (renda.core.kit, /api/v1/workflow/deputies.<object>/…): the object
loaded by its visibility-aware selector, the step's form validating the fields, the registered step run."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.datastructures import MultiValueDict

from renda.core import kit


def take(user, key: str, obj, action: str, data: dict):
    """Take `action` on `obj` (of the registered `key`) with `data` as the step's fields; the refreshed object."""
    wo = kit.get(key)
    t = wo.workflow.transition(action)  # PermissionDenied for an unknown action
    if t.system:
        raise PermissionDenied(f"「{t.label}」由系统根据办理结果完成，不能手动执行。")
    posted = MultiValueDict()
    for name, value in data.items():
        if value is None or value is False:
            continue
        posted[name] = "on" if value is True else str(value)
    form = t.input_form(posted, obj=obj)
    if not form.is_valid():
        raise ValidationError({name: list(errors) for name, errors in form.errors.items()})
    wo.run(actor=user, obj=obj, action=action, **form.cleaned_data)
    return wo.loader(user, obj.pk)

