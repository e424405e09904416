"""The web and API kit every module uses for its workflow steps: one endpoint, one form per step, one partial.

A module registers each object that moves through a workflow once (in its `wiring.py` `register()`):

    kit.register(kit.WorkflowObject(
        key="workplan.item", workflow=ITEM_WORKFLOW, loader=selectors.item_for,
        url=kit.page("workplan:item"),
        perform=kit.perform(services, "item_transition", "item"),
    ))

(apps do it with `renda.core.wiring.workflow_object(..., page="workplan:item")`), and from then on:

- **buttons**: `{% load renda_kit %}{% workflow_actions obj %}` renders every step the user may take now, each with
  the fields of its `Transition.form` (+ the note), the rule that governs it, and what happens next;
- **the page endpoint**: `kit.transition_view("workplan.item")` (or the generic `/act/<key>/<pk>/<action>/`) loads the
  object through the module's visibility-aware loader (404 when it may not be seen), validates the step's form,
  runs the step and redirects to the object with "已<步骤>。"; a refusal by a rule or a conflict raises and is shown
  by `RuleViolationMiddleware` as the one refusal page (409, the rule's title and legal basis), bad input is a 400
  page listing what to correct;
- **the API route**: `POST /api/v1/workflow/{key}/{id}/{action}` with the same fields as JSON takes the same step
  (409 with `rule`, `statement`, `basis` on a refusal, 422 on bad input); `GET …/{key}/{id}/actions` lists the
  steps the caller may take (`WorkflowActionOut`).

A step with no `perform` is `workflow.apply(obj, action, actor=…, **data)`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from renda.core.workflow import Transition, Workflow

NOTE_MAX = 2000


@dataclass(frozen=True)
class WorkflowObject:
    key: str  # "<app>.<object>", used in addresses: /act/workplan.item/12/complete/
    model: type  # the model whose rows move through the workflow
    workflow: Workflow
    loader: Callable[[Any, int], Any]  # loader(user, pk) -> obj or Http404 (visibility-aware)
    url: Callable[[Any], str]  # the object's page
    perform: Callable[..., Any] | None = None  # perform(*, actor, obj, action, note, **data) -> obj
    # For the 待办 inbox (renda.core.inbox): the rows this user may see (a QuerySet), and the date a waiting step is
    # due by, when the object has one.
    queryset: Callable[[Any], Any] | None = None
    due: Callable[[Any], Any] | None = None
    label: str = ""  # what the object is called in the inbox ("工作要点事项")

    def run(self, *, actor, obj, action: str, **data):
        if self.perform is not None:
            return self.perform(actor=actor, obj=obj, action=action, **data)
        return self.workflow.apply(obj, action, actor=actor, **data)


REGISTRY: dict[str, WorkflowObject] = {}


def perform(module, function: str, param: str) -> Callable[..., Any]:
    """The usual `perform`: `module.<function>(actor=actor, <param>=obj, action=action, **data)`, the function looked
    up when the step runs (so a test may patch it)."""

    def run(*, actor, obj, action, **data):
        return getattr(module, function)(actor=actor, action=action, **{param: obj}, **data)

    return run


def page(url_name: str, attr: str = "pk") -> Callable[[Any], str]:
    """The usual `url`: the object's page `reverse(url_name, args=[obj.<attr>])`."""
    def url(obj) -> str:
        return reverse(url_name, args=[getattr(obj, attr)])

    return url


def register(obj: WorkflowObject) -> WorkflowObject:
    if obj.key in REGISTRY and REGISTRY[obj.key] is not obj:
        raise ValueError(f"workflow object {obj.key} registered twice")
    REGISTRY[obj.key] = obj
    return obj


def get(key: str) -> WorkflowObject:
    try:
        return REGISTRY[key]
    except KeyError:
        raise Http404("没有该类事项。") from None


def for_instance(obj, key: str | None = None) -> WorkflowObject | None:
    """The registration that covers `obj`: by key when given, else the one registered for its model."""
    if key:
        return get(key)
    found = [wo for wo in REGISTRY.values() if wo.model is type(obj)]
    return found[0] if len(found) == 1 else None


# ---- the step's form ------------------------------------------------------------------------------------------

class NoteForm(forms.Form):
    """Every step carries an optional note (required where the transition says so)."""

    note = forms.CharField(label="说明", required=False, max_length=NOTE_MAX,
                           widget=forms.TextInput(attrs={"maxlength": NOTE_MAX}))


_FORM_CLASSES: dict[type, type] = {}


def _form_class(base: type | None) -> type:
    if base is None:
        return NoteForm
    if base not in _FORM_CLASSES:
        _FORM_CLASSES[base] = type(f"{base.__name__}WithNote", (base, NoteForm), {})
    return _FORM_CLASSES[base]


def _takes_object(cls) -> bool:
    try:
        return "obj" in inspect.signature(cls.__init__).parameters
    except (TypeError, ValueError):
        return False


def step_form(t: Transition, data=None, files=None, *, prefix: str | None = None, obj=None) -> forms.Form:
    cls = _form_class(t.form)
    extra = {"obj": obj} if obj is not None and t.form is not None and _takes_object(t.form) else {}
    if data is not None or files is not None:
        form = cls(data, files, prefix=prefix, **extra)
    else:
        form = cls(prefix=prefix, **extra)
    note = form.fields["note"]
    note.required = t.needs_note
    note.label = "说明（必填）" if t.needs_note else "说明"
    if t.needs_note:
        note.widget.attrs["required"] = "required"
    return form


def form_errors_text(form: forms.Form) -> str:
    """All of a bound form's errors as one Chinese sentence (field labels, not names)."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        text = "；".join(str(e) for e in errors)
        parts.append(f"{label}：{text}" if label else text)
    return "；".join(parts)


def add_validation_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names when the form has it, else on the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def validation_text(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "；".join(str(m) for msgs in exc.message_dict.values() for m in msgs)
    return "；".join(str(m) for m in exc.messages)


# ---- what the partial renders ---------------------------------------------------------------------------------

@dataclass
class Action:
    t: Transition
    form: forms.Form
    url: str

    @property
    def multipart(self) -> bool:
        return any(isinstance(f.field, forms.FileField) for f in self.form)

    @property
    def rule(self):
        return self.t.rule_obj


def actions_for(user, obj, wo: WorkflowObject) -> list[Action]:
    out = []
    for t in wo.workflow.allowed_actions(user, obj):
        url = reverse("workflow_transition", kwargs={"key": wo.key, "pk": obj.pk, "action": t.action})
        out.append(Action(t=t, form=step_form(t, prefix=t.action, obj=obj), url=url))
    return out


# ---- the one endpoint ---------------------------------------------------------------------------------------

def take_step(request: HttpRequest, wo: WorkflowObject, pk: int, action: str) -> HttpResponse:
    obj = wo.loader(request.user, pk)
    t = wo.workflow.transition(action)  # PermissionDenied for an unknown action
    if t.system:
        raise PermissionDenied(f"「{t.label}」由系统根据办理结果完成，不能手动执行。")
    # The partial prefixes each step's fields with its action (unique ids on one page); clients that post the
    # plain names (tests, scripts, older templates) are understood too.
    prefixed = any(k.startswith(f"{action}-") for k in request.POST)
    form = step_form(t, request.POST, request.FILES, prefix=action if prefixed else None, obj=obj)
    if not form.is_valid():
        return _bad_input(request, wo, obj, t, form_errors_text(form))
    try:
        wo.run(actor=request.user, obj=obj, action=action, **form.cleaned_data)
    except ValidationError as exc:  # a service's check of the input (a rule refusal raises RuleViolation: 409)
        return _bad_input(request, wo, obj, t, validation_text(exc))
    from renda.core import inbox

    inbox.forget(request.user.pk)
    done = f"已{t.label}。"
    if t.next_hint:
        done += t.next_hint
    messages.success(request, done)
    return redirect(wo.url(obj))


def _bad_input(request, wo, obj, t: Transition, text: str) -> HttpResponse:
    return bad_input(request, text, wo.url(obj), title=f"无法{t.label}")


def bad_input(request, text: str, back: str, title: str = "无法办理") -> HttpResponse:
    """Bad input posted from an object's page: the refusal page (400) with the reason and the way back — the same
    page a rule's refusal gets (409, from the middleware), so every refusal looks alike."""
    ctx = {"title": title, "message": f"请更正后重试：{text}", "rule": None, "back": back}
    template = "core/_refusal.html" if request.headers.get("HX-Request") else "core/refusal.html"
    return render(request, template, ctx, status=400)


@login_required
@require_POST
def transition(request, key: str, pk: int, action: str):
    """POST /act/<key>/<pk>/<action>/ — any workflow step of any module."""
    return take_step(request, get(key), pk, action)


def transition_view(key: str):
    """A module's own address for its steps (keeps its URL names), served by the one endpoint."""

    @login_required
    @require_POST
    def view(request, pk: int, action: str):
        return take_step(request, get(key), pk, action)

    view.__name__ = f"transition_{key.replace('.', '_')}"
    return view


def ensure(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)
