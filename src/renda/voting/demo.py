"""The demo city's live vote (filled in below)."""

from __future__ import annotations


def load(ctx) -> None:
    return None
