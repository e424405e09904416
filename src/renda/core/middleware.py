"""Refusals reach the user as a clear Chinese page (or JSON for the API), never a 500."""

from django.shortcuts import render

from renda.core.errors import ConflictError, RuleViolation


class RuleViolationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RuleViolation):
            ctx = {"title": "操作未被允许", "message": exception.message, "rule": exception.rule}
        elif isinstance(exception, ConflictError):
            ctx = {"title": "记录已被修改", "message": exception.message, "rule": None}
        else:
            return None
        template = "core/_refusal.html" if request.headers.get("HX-Request") else "core/refusal.html"
        return render(request, template, ctx, status=exception.status_code)
