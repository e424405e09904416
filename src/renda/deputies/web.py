"""Small helpers shared by the views of deputies' work."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect

from renda.core.errors import ConflictError, RuleViolation


def form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def do_transition(request, apply, label: str, to: str, *args):
    """Run a workflow step; a refusal or bad input becomes a Chinese message on the same page."""
    try:
        apply()
    except (RuleViolation, ConflictError) as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已{label}。")
    return redirect(to, *args)


def parse_date(raw: str | None, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat((raw or "").strip()[:10])
    except ValueError:
        return default


def parse_int(raw: str | None) -> int | None:
    raw = (raw or "").strip()
    return int(raw) if raw.isdigit() and len(raw) < 12 else None


def file_response(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
