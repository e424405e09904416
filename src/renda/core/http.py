"""Small HTTP helpers every module uses: downloads with a Chinese file name."""

from __future__ import annotations

import re
from urllib.parse import quote

from django.http import HttpResponse


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """`attachment; filename="ascii"; filename*=UTF-8''…` — the ASCII fallback for old clients, the real (Chinese)
    name for every current browser (RFC 6266 / RFC 5987); quotes, slashes and control characters never pass."""
    cleaned = re.sub(r'[\x00-\x1f\x7f"\\/]', "_", filename).strip() or "download"
    ascii_name = cleaned.encode("ascii", "ignore").decode() or "download"
    if "." in cleaned and "." not in ascii_name:
        ascii_name = "download." + cleaned.rsplit(".", 1)[-1].encode("ascii", "ignore").decode()
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(cleaned)}"


def download(content: bytes, filename: str, content_type: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ICS = "text/calendar; charset=utf-8"
