"""A list page's filters, read from its query string the same way everywhere.

A module declares its filters once as a dataclass whose fields say what each parameter may be, and gets
`from_querydict` — a value outside what the page offers is ignored (the list is then not narrowed by it), never an
error and never a 500:

    @dataclass
    class MeetingFilters(QueryFilters):
        kind: str = choice(MeetingKind.values)
        year: int | None = number(1990, 2100)
        mine: bool = flag()
        q: str = text()

`choice` takes the allowed values (or a function returning them, read when the query string is); the page may pass
other allowed values at the call (`from_querydict(data, kind=kinds)`) when they depend on the request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import MISSING, field, fields
from typing import Any

TRUE = ("1", "true", "on")


def choice(values: Iterable[str] | Callable[[], Iterable[str]] = (), default: str = "") -> Any:
    """One of `values` (else `default`)."""
    return field(default=default, metadata={"kind": "choice", "values": values})


def number(lo: int | None = None, hi: int | None = None) -> Any:
    """A whole number, within [lo, hi] when they are given (else None)."""
    return field(default=None, metadata={"kind": "number", "lo": lo, "hi": hi})


def flag() -> Any:
    """A checkbox: "1", "true" or "on"."""
    return field(default=False, metadata={"kind": "flag"})


def text(max_length: int = 50) -> Any:
    """Free text, trimmed and cut to `max_length` characters."""
    return field(default="", metadata={"kind": "text", "max": max_length})


def read_number(raw: str | None, lo: int | None = None, hi: int | None = None) -> int | None:
    raw = (raw or "").strip()
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 12:
        return None
    value = int(raw)
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        return None
    return value


class QueryFilters:
    """Base of a filters dataclass whose fields are declared with choice / number / flag / text."""

    @classmethod
    def from_querydict(cls, data, **allowed: Iterable[str]):
        values: dict[str, Any] = {}
        for f in fields(cls):  # type: ignore[arg-type]
            kind = f.metadata.get("kind")
            if kind is None:
                continue
            raw = data.get(f.name)
            if kind == "choice":
                options = allowed.get(f.name, f.metadata["values"])
                options = options() if callable(options) else options
                default = f.default if f.default is not MISSING else ""
                values[f.name] = raw if raw and raw in tuple(options) else default
            elif kind == "number":
                values[f.name] = read_number(raw, f.metadata["lo"], f.metadata["hi"])
            elif kind == "flag":
                values[f.name] = raw in TRUE
            else:
                values[f.name] = (raw or "").strip()[: f.metadata["max"]]
        return cls(**values)
