"""Schemathesis against the whole /api/v1 OpenAPI schema (issue #9, "Proof — API fuzzing").

The schema is read from the WSGI application (no server); every operation is called with generated valid and
invalid data (Schemathesis' positive and negative modes), bounded and seeded (`derandomize`), once with the bearer
token of a handling-unit user (市水务局) and once with that of the office (办公厅), against the demo city.
Checks on every response: no 5xx; the status code is documented; the content type is documented; a JSON body
matches the documented schema.

Error responses: the platform's error contract (renda/api.py) is one JSON shape for every 4xx — `detail` (Chinese
text), with `errors` (validation), or `rule`/`statement`/`basis` (a refusal by a rule). The published schema
does not list these responses per operation (reported, see docs/SECURITY.md "Proof"), so `with_error_contract`
adds a "4XX" response with that shape to each operation before fuzzing (a 4xx the operation documents itself,
e.g. 422 or 429, keeps its own schema): 4xx bodies are still validated against it, 5xx never pass. Nothing else is
filtered or excluded. Because a 4XX is then always "documented", two refusals a conformance check cannot see are
tested directly below: bearer-token writes refused for CSRF, and colliding schema component names.
"""

from __future__ import annotations

import copy
import json
import re

import hypothesis
import pytest
import schemathesis
from django.test import Client
from hypothesis import HealthCheck, Phase
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from renda.wsgi import application

MAX_EXAMPLES = 12  # per operation and generation mode; CI time (2 cores) stays well under 3 minutes

ERROR_SCHEMA = {
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {"type": "string", "minLength": 1},
        "errors": {},
        "rule": {"type": "string"},
        "statement": {"type": "string"},
        "basis": {},
    },
}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def with_error_contract(raw: dict) -> dict:
    doc = copy.deepcopy(raw)
    for ops in doc["paths"].values():
        for method, op in ops.items():
            if method.lower() not in {"get", "put", "post", "delete", "patch"}:
                continue
            responses = op.setdefault("responses", {})
            if "4XX" not in responses and "default" not in responses:
                responses["4XX"] = {"description": "错误（JSON：detail 等）",
                                    "content": {"application/json": {"schema": ERROR_SCHEMA}}}
    return doc


def load_schema():
    """The schema as the WSGI application serves it (GET /api/v1/openapi.json), with the error contract added."""
    return schemathesis.openapi.from_dict(with_error_contract(_served_schema()))


def _served_schema() -> dict:
    from django.test import override_settings

    with override_settings(ALLOWED_HOSTS=["testserver", "localhost"]):
        resp = Client().get("/api/v1/openapi.json")
    assert resp.status_code == 200, resp.status_code
    return json.loads(resp.content)


SCHEMA = load_schema()
SCHEMA.app = application
OPERATIONS = sorted((op.ok().method.upper(), op.ok().path) for op in SCHEMA.get_all_operations())


def test_schema_covers_every_router():
    """Generic: every router added to renda/api.py shows up here without editing this file."""
    from renda.api import api

    prefixes = {f"/api/v1/{prefix.strip('/')}/" for prefix, _router in api._routers if prefix.strip("/")}
    assert prefixes, "no routers"
    for prefix in prefixes:
        assert any(path.startswith(prefix) for _m, path in OPERATIONS), prefix
    assert len(OPERATIONS) >= 100


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"])
def test_api_fuzz(method, path, mode, api_world, settings):
    settings.MEDIA_ROOT = api_world["media"]
    operation = SCHEMA[path][method]
    headers = [{"Authorization": f"Bearer {token}"} for token in api_world["tokens"].values()]

    @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
    @hypothesis.settings(max_examples=MAX_EXAMPLES, derandomize=True, deadline=None, database=None,
                         suppress_health_check=list(HealthCheck),
                         phases=[Phase.explicit, Phase.generate, Phase.shrink])
    def fuzz(case):
        for h in headers:
            case.call_and_validate(headers=h, checks=CHECKS)

    fuzz()


def _named_types(annotation, seen: set) -> None:
    """Every pydantic model and enum reachable from a type annotation."""
    import enum
    import typing

    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel | enum.Enum):
        if annotation in seen:
            return
        seen.add(annotation)
        if issubclass(annotation, BaseModel):
            for f in annotation.model_fields.values():
                _named_types(f.annotation, seen)
        return
    for arg in typing.get_args(annotation):
        _named_types(arg, seen)


def test_schema_names_are_unique():
    """django-ninja names each schema component after its class: two apps' `PlanOut` (or `AgendaStatus`) collide
    and the published schema silently describes only one of them. Every name must denote one type."""
    from collections import defaultdict

    from renda.api import api

    seen: set = set()
    for _prefix, router in api._routers:
        for view in router.path_operations.values():
            for op in view.operations:
                for model in (op.response_models or {}).values():
                    _named_types(model, seen)
                for model in getattr(op, "models", []) or []:
                    _named_types(model, seen)
    from pydantic import TypeAdapter

    by_name = defaultdict(dict)
    for t in seen:
        if not t.__module__.startswith("renda."):  # ninja's own wrappers (BodyParams…) are not components
            continue
        shape = json.dumps(TypeAdapter(t).json_schema(mode="serialization"), sort_keys=True, ensure_ascii=False)
        by_name[t.__name__].setdefault(shape, []).append(f"{t.__module__}.{t.__qualname__}")
    # the same name for the same shape is harmless; different shapes under one name are not
    clashes = {name: sorted(p for paths in shapes.values() for p in paths)
               for name, shapes in by_name.items() if len(shapes) > 1}
    assert not clashes, f"schema component names used by types of different shapes: {clashes}"


@pytest.mark.django_db
def test_bearer_writes_are_not_refused_for_csrf(api_world):
    """External systems send no CSRF cookie: a bearer-token write must reach the handler (any answer but the
    CSRF refusal), while a browser session without the CSRF token is still refused."""
    from renda.core.models import User

    token = api_world["tokens"]["office"]
    bearer = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {token}")
    session = Client(enforce_csrf_checks=True)
    session.force_login(User.objects.get(username="bangongting"))
    writes = [(m, p) for m, p in OPERATIONS if m in ("POST", "PUT", "PATCH", "DELETE")]
    assert writes
    refused = []
    for method, path in writes:
        url = path.replace("{code}", "xx-city")
        url = re.sub(r"\{[a-z_]+\}", "1", url)
        resp = getattr(bearer, method.lower())(url, data="{}", content_type="application/json")
        if resp.status_code == 403 and b"CSRF" in resp.content:
            refused.append(f"{method} {path}")
    assert not refused, f"bearer-token writes refused for CSRF: {refused}"
    method, path = writes[0]
    url = re.sub(r"\{[a-z_]+\}", "1", path.replace("{code}", "xx-city"))
    resp = getattr(session, method.lower())(url, data="{}", content_type="application/json")
    assert resp.status_code == 403 and b"CSRF" in resp.content
