"""/api/v1/workflow: any workflow step of any module, as the pages take it (renda.core.kit)."""

from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja import Router, Schema
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import ConfigDict

from renda.core import kit
from renda.core.schemas import Id

router = Router(tags=["workflow"])


class WorkflowFieldOut(Schema):
    name: str
    label: str
    required: bool
    type: str


class WorkflowActionOut(Schema):
    action: str
    label: str
    rule: str
    rule_title: str
    basis: str
    next_hint: str
    fields: list[WorkflowFieldOut]


class WorkflowStepIn(Schema):
    """The step's fields, as on the page (the note, and what the step's form asks for), by their names."""

    model_config = ConfigDict(extra="allow")
    note: str = ""


class WorkflowStateOut(Schema):
    id: int
    status: str
    status_label: str
    actions: list[WorkflowActionOut]


def action_out(t) -> dict:
    """One step as the API lists it (also used by modules' own APIs)."""
    form = t.input_form()
    return {
        "action": t.action, "label": t.label, "rule": t.rule, "rule_title": t.rule_obj.title,
        "basis": t.rule_obj.basis_text, "next_hint": t.next_hint,
        "fields": [{"name": name, "label": str(f.label or name), "required": f.required,
                    "type": type(f).__name__.removesuffix("Field").lower()} for name, f in form.fields.items()],
    }


def actions_out(user, obj, workflow) -> list[dict]:
    return [action_out(t) for t in workflow.allowed_actions(user, obj)]


def state_out(user, obj, workflow, with_actions: bool = True) -> dict:
    """`obj`'s id, state, state label and the steps `user` may take on it now ([] when not `with_actions`)."""
    value = getattr(obj, workflow.field)
    return {"id": obj.pk, "status": value, "status_label": workflow.state_label(value),
            "actions": actions_out(user, obj, workflow) if with_actions else []}


@router.get("/{key}/{obj_id}/actions", response=WorkflowStateOut, summary="某事项当前状态和可执行的流程操作")
def workflow_actions(request: HttpRequest, key: str, obj_id: Id):
    wo = kit.get(key)
    obj = wo.loader(request.auth, obj_id)
    return state_out(request.auth, obj, wo.workflow)


@router.post("/{key}/{obj_id}/{action}", response=WorkflowStateOut, summary="执行流程操作（字段同页面表单）")
def workflow_step(request: HttpRequest, key: str, obj_id: Id, action: str, payload: WorkflowStepIn):
    wo = kit.get(key)
    user = request.auth
    obj = wo.loader(user, obj_id)
    t = wo.workflow.transition(action)
    if t.system:
        raise PermissionDenied(f"「{t.label}」由系统根据办理结果完成，不能手动执行。")
    # The step's own fields are declared by its form, not by this schema: read them from the JSON body as sent.
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        body = {}
    body = body if isinstance(body, dict) else {}
    data = {k: v for k, v in body.items() if v is not None and not isinstance(v, dict)}
    form = t.input_form(_as_form_data(data), obj=obj)
    if not form.is_valid():
        raise NinjaValidationError([{"loc": ["body", name], "msg": "；".join(str(e) for e in errs), "type": "value_error"}
                                    for name, errs in form.errors.items()])
    try:
        obj = wo.run(actor=user, obj=obj, action=action, **form.cleaned_data)
    except ValidationError as exc:
        raise NinjaValidationError([{"loc": ["body"], "msg": kit.validation_text(exc), "type": "value_error"}]) from None
    obj = wo.loader(user, obj.pk)
    return state_out(user, obj, wo.workflow)


def _as_form_data(data: dict):
    out = MultiValueDict()
    for k, v in data.items():
        if isinstance(v, list):
            out.setlist(k, [str(x) for x in v])
        elif isinstance(v, bool):
            out[k] = "on" if v else ""
        else:
            out[k] = str(v)
    return out
