"""Volume data for benchmarks: `renda seed --scale city|province|national`.

The core builds the congresses (a main one of the chosen scale plus many others, so that every query
is measured against data it must filter out); each module registers a generator that fills its own
tables for them. Generators write with bulk_create in batches, never through the services: this is
load for benchmarks, not history, so the audit trail gets one "seed" record per congress instead.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from tqdm import tqdm

from renda.core.registry import add_once_in_order


@dataclass(frozen=True)
class Scale:
    name: str
    main_level: str
    main_members: int
    main_vice_chairs: int
    main_units: int
    main_deputies: int
    others: int  # other congresses in the installation
    other_members: int
    other_units: int
    plan_years: int  # years of work plans per congress
    main_items_per_plan: int
    other_items_per_plan: int
    # volumes later modules read
    suggestions: int = 0
    public_comments: int = 0
    budget: tuple[int, int, int] | None = None  # (主管部门, units each, payments a year); None: by the scale's name


SCALES = {
    "city": Scale("city", "city", 45, 7, 40, 500, others=9, other_members=25, other_units=15, plan_years=5,
                  main_items_per_plan=100, other_items_per_plan=30, suggestions=2_000, public_comments=20_000),
    "province": Scale("province", "province", 75, 9, 60, 800, others=120, other_members=35, other_units=25,
                      plan_years=8, main_items_per_plan=150, other_items_per_plan=60, suggestions=20_000,
                      public_comments=200_000),
    "national": Scale("national", "national", 175, 14, 300, 3_000, others=300, other_members=45, other_units=40,
                      plan_years=10, main_items_per_plan=200, other_items_per_plan=100, suggestions=100_000,
                      public_comments=1_000_000),
}


@dataclass
class SeedContext:
    scale: Scale
    main: object  # BuiltCongress
    others: list = field(default_factory=list)
    current_year: int = 2026
    progress: Callable[[str, int], tqdm] | None = None

    @property
    def all(self) -> list:
        return [self.main, *self.others]

    def bar(self, desc: str, total: int) -> tqdm:
        if self.progress is not None:
            return self.progress(desc, total)
        return tqdm(total=total, desc=desc, disable=True)


def bulk_insert(model, rows: Iterable, *, batch: int = 2000, bar=None) -> int:
    """Insert the unsaved `rows` (any iterable, read lazily) with bulk_create `batch` at a time, moving `bar` (a
    progress bar's `update(n)`) after each batch; the number inserted."""
    done, chunk = 0, []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= batch:
            done += _insert(model, chunk, bar)
            chunk = []
    if chunk:
        done += _insert(model, chunk, bar)
    return done


def _insert(model, chunk: list, bar) -> int:
    model.objects.bulk_create(chunk)
    if bar is not None:
        bar.update(len(chunk))
    return len(chunk)


Generator = Callable[[SeedContext], dict]
GENERATORS: list[tuple[int, str, Generator]] = []


def register_seed(name: str, generator: Generator, order: int = 100) -> None:
    """Run `generator(ctx)` in `renda seed`, once per name, in the order of `order`."""
    add_once_in_order(GENERATORS, name, generator, order)


def build_congresses(scale: Scale, *, progress=None, prefix: str = "seed") -> SeedContext:
    from renda.demo.builders import build_congress
    from renda.demo.names import CITY_DEPARTMENTS, NameMaker

    names = NameMaker(seed=zlib.crc32(scale.name.encode()))
    depts_main = [f"{d}{'' if i < len(CITY_DEPARTMENTS) else i}" for i, d in
                  enumerate((CITY_DEPARTMENTS * (scale.main_units // len(CITY_DEPARTMENTS) + 1))[: scale.main_units])]
    depts_main = [f"{d}（{i}）" if depts_main.count(d) > 1 else d for i, d in enumerate(depts_main)]
    main = build_congress(
        code=f"{prefix}-{scale.name}-main", place=f"{scale.name.upper()}市", level=scale.main_level, names=names,
        term_number=14, term_start=dt.date(2023, 1, 15), members=scale.main_members,
        vice_chairs=scale.main_vice_chairs, departments=depts_main, deputies=scale.main_deputies,
    )
    ctx = SeedContext(scale=scale, main=main, progress=progress)
    bar = ctx.bar("人大", scale.others)
    for i in range(scale.others):
        ctx.others.append(
            build_congress(
                code=f"{prefix}-{scale.name}-{i}", place=f"第{i}号市", level="city", names=names, term_number=12,
                term_start=dt.date(2022, 1, 10), members=scale.other_members, vice_chairs=5,
                departments=CITY_DEPARTMENTS[: scale.other_units], deputies=0,
            )
        )
        bar.update(1)
    bar.close()
    return ctx


def seed(scale_name: str, *, progress=None, prefix: str = "seed") -> dict:
    scale = SCALES[scale_name]
    ctx = build_congresses(scale, progress=progress, prefix=prefix)
    report = {"congresses": len(ctx.all)}
    for _, name, generator in GENERATORS:
        report[name] = generator(ctx)
    return report
