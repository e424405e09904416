"""A list page's filters, read from its query string the same way everywhere.

A module declares its filters once as a dataclass whose fields say what each parameter may be, and gets
`from_querydict`. One rule for every list, page and API alike: an empty parameter means "all"; a value the list
does not offer (a status it does not have, a year out of range, a word where a number belongs) is REFUSED, never
silently dropped — a list quietly not narrowed would show counts the reader did not ask for. The refusal is
`FilterRefused` (a `BadParameter`): the platform's 400 page on a page, a 422 with the fields in the API
(renda.api), each named by its Chinese label. Free text is trimmed and cut, a checkbox is on or off: neither is
ever refused. Never a 500:

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

from renda.core.params import BadParameter

TRUE = ("1", "true", "on")


class FilterRefused(BadParameter):
    """Filter values a list does not offer: `errors` maps each parameter to its Chinese message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("筛选条件无效：" + "；".join(errors.values()))


def choice(values: Iterable[str] | Callable[[], Iterable[str]] = (), default: str = "", label: str = "筛选条件") -> Any:
    """One of `values` (else, when empty, `default`)."""
    return field(default=default, metadata={"kind": "choice", "values": values, "label": label})


def number(lo: int | None = None, hi: int | None = None, label: str = "数字") -> Any:
    """A whole number, within [lo, hi] when they are given (else, when empty, None)."""
    return field(default=None, metadata={"kind": "number", "lo": lo, "hi": hi, "label": label})


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
        """The filters of `data`; FilterRefused (400 / 422) when a choice or a number is given and not offered."""
        values: dict[str, Any] = {}
        refused: dict[str, str] = {}
        for f in fields(cls):  # type: ignore[arg-type]
            kind = f.metadata.get("kind")
            if kind is None:
                continue
            raw = (data.get(f.name) or "").strip()
            label = f.metadata.get("label", "")
            if kind == "choice":
                options = allowed.get(f.name, f.metadata["values"])
                options = tuple(options() if callable(options) else options)
                default = f.default if f.default is not MISSING else ""
                values[f.name] = raw if raw and raw in options else default
                if raw and raw not in options:
                    refused[f.name] = f"{label}“{raw[:20]}”不在可选范围内"
            elif kind == "number":
                lo, hi = f.metadata["lo"], f.metadata["hi"]
                values[f.name] = read_number(raw, lo, hi)
                if raw and values[f.name] is None:
                    bounds = f"（{lo} 至 {hi}）" if lo is not None and hi is not None else ""
                    refused[f.name] = f"{label}应为整数{bounds}，而不是“{raw[:20]}”"
            elif kind == "flag":
                values[f.name] = raw in TRUE
            else:
                values[f.name] = raw[: f.metadata["max"]]
        if refused:
            raise FilterRefused(refused)
        return cls(**values)
