"""/api/v1: one NinjaAPI with session auth (the UI) and bearer tokens (external systems).

Errors are JSON with a Chinese `detail`; a refusal by a rule also carries the rule id
and its legal basis, exactly as the web pages show it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyCookie, HttpBearer

from renda.core.errors import ConflictError, RuleViolation
from renda.core.filters import FilterRefused
from renda.core.tokens import user_for_key


class SessionAuth(APIKeyCookie):
    """The signed-in user of the web UI (CSRF-checked on unsafe methods)."""

    param_name = "sessionid"

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
        return None


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = user_for_key(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="renda 人大履职平台 API",
    version="1.0.0",
    description="市人大常委会履职平台接口。认证：浏览器会话（Cookie）或 `Authorization: Bearer <令牌>`。",
    auth=[TokenAuth(), SessionAuth()],  # token first: SessionAuth's CSRF check would refuse every bearer write
    urls_namespace="api",
)


@api.exception_handler(RuleViolation)
def on_rule_violation(request, exc: RuleViolation):
    return api.create_response(request, exc.as_dict(), status=409)


@api.exception_handler(ConflictError)
def on_conflict(request, exc: ConflictError):
    return api.create_response(request, {"detail": exc.message}, status=409)


@api.exception_handler(PermissionDenied)
def on_denied(request, exc):
    return api.create_response(request, {"detail": str(exc) or "没有权限。"}, status=403)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return api.create_response(request, {"detail": "没有找到该记录。"}, status=404)


@api.exception_handler(OverflowError)
def on_overflow(request, exc):  # an id beyond any stored key: SQLite refuses to bind it, so nothing can match
    return api.create_response(request, {"detail": "没有找到该记录（编号超出范围）。"}, status=404)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return api.create_response(request, {"detail": "请先登录或提供有效的接口令牌。"}, status=401)


@api.exception_handler(ValidationError)
def on_django_validation(request, exc: ValidationError):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": "提交的数据不正确。", "errors": errors}, status=422)


@api.exception_handler(FilterRefused)
def on_filter_refused(request, exc: FilterRefused):  # a list's filter value it does not offer (renda.core.filters)
    return api.create_response(request, {"detail": str(exc), "errors": exc.errors}, status=422)


@api.exception_handler(NinjaValidationError)
def on_schema_validation(request, exc: NinjaValidationError):
    errors = [
        {"loc": [str(p) for p in e.get("loc", [])], "msg": e.get("msg", "")} for e in exc.errors
    ]
    return api.create_response(request, {"detail": "请求数据格式不正确。", "errors": errors}, status=422)


from renda.assembly.api import router as assembly_router  # noqa: E402
from renda.budget.api import router as budget_router  # noqa: E402
from renda.core.api import router as workflow_router  # noqa: E402
from renda.deputies.api import router as deputies_router  # noqa: E402
from renda.lawbook.api import router as lawbook_router  # noqa: E402
from renda.legislation.api import router as legislation_router  # noqa: E402
from renda.meetings.api import router as meetings_router  # noqa: E402
from renda.participation.api import router as participation_router  # noqa: E402
from renda.proposals.api import router as proposals_router  # noqa: E402
from renda.supervision.api import router as supervision_router  # noqa: E402
from renda.voting.api import router as voting_router  # noqa: E402
from renda.workplan.api import router as workplan_router  # noqa: E402

api.add_router("/workplan", workplan_router)
api.add_router("/meetings", meetings_router)
api.add_router("/voting", voting_router)
api.add_router("/assembly", assembly_router)
api.add_router("/proposals", proposals_router)
api.add_router("/legislation", legislation_router)
api.add_router("/supervision", supervision_router)
api.add_router("/budget", budget_router)
api.add_router("/participation", participation_router)
api.add_router("/deputies", deputies_router)
api.add_router("/lawbook", lawbook_router)
api.add_router("/workflow", workflow_router)
