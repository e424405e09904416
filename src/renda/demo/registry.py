"""Modules add their part of the demo city here: `register_demo("meetings", load, order=20)`.

`load(ctx)` receives the `DemoContext` after the core and the work plan are loaded and writes through its
own services (so the demo's audit trail is the real one).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from renda.core.registry import add_once_in_order


@dataclass
class DemoContext:
    city: object  # renda.demo.builders.BuiltCongress
    county: object  # BuiltCongress
    users: dict  # username -> User (see renda.demo.city.DEMO_ACCOUNTS)
    plan: object  # the city's 2026 WorkPlan
    today: dt.date
    say: Callable[[str], None] = print
    extra: dict = field(default_factory=dict)  # modules may leave objects here for later modules


DemoLoader = Callable[[DemoContext], None]
DEMO_LOADERS: list[tuple[int, str, DemoLoader]] = []


def register_demo(name: str, loader: DemoLoader, order: int = 100) -> None:
    """Load `loader(ctx)` into the demo city, once per name, in the order of `order`."""
    add_once_in_order(DEMO_LOADERS, name, loader, order)
