"""Volume data for `renda seed --scale`: public opinions in the main congress (as many as scale.suggestions,
spread over the last year, most routed and answered) and a tenth of that in each of the first other congresses,
so that every query is measured against data it must filter out. Bulk inserts; no contact data."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from renda.core import audit
from renda.core.calendar import calendar_for
from renda.core.seeding import SeedContext, bulk_insert
from renda.demo.names import DISTRICTS
from renda.participation.demo import OPINIONS
from renda.participation.models import (
    DEFAULT_CATEGORIES,
    Category,
    Opinion,
    RouteKind,
    Status,
    new_tracking_code,
)

STREETS = ["中心街道", "和平街道", "江畔社区", "青石街道", "科创街道", "西关街道", "城关镇"]


def _fill(congress, units, n: int, rng: random.Random, today: dt.date, bar=None) -> int:
    cats = list(Category.objects.filter(congress=congress))
    if not cats:
        cats = Category.objects.bulk_create(
            [Category(congress=congress, name=name, order=(i + 1) * 10) for i, name in enumerate(DEFAULT_CATEGORIES)])
    by_name = {c.name: c for c in cats}
    cal = calendar_for(congress)
    tz = timezone.get_current_timezone()

    def rows():
        for i in range(n):
            _, cat, _, text, _, _, reply = OPINIONS[i % len(OPINIONS)]
            day = today - dt.timedelta(days=rng.randint(0, 364))
            at = dt.datetime.combine(day, dt.time(rng.randint(7, 22), rng.randint(0, 59)), tzinfo=tz)
            age = (today - day).days
            state = (Status.SUBMITTED if age < 3 else Status.CLOSED if age > 60 and rng.random() < 0.8
                     else rng.choice([Status.ROUTED, Status.HANDLING, Status.REPLIED, Status.CLOSED]))
            routed = state != Status.SUBMITTED
            routed_on = cal.add_working_days(day, 2) if routed else None
            unit = units[i % len(units)] if routed else None
            yield Opinion(
                congress=congress, code=new_tracking_code(), category=by_name.get(cat) or cats[i % len(cats)],
                place=f"{DISTRICTS[i % len(DISTRICTS)]}{STREETS[i % len(STREETS)]}", text=f"{text}（{i}）",
                status=state, submitted_at=at, triage_due=cal.add_working_days(day, 5),
                route_kind=RouteKind.UNIT if routed else "", handler=unit, routed_on=routed_on,
                handle_due=cal.add_working_days(routed_on, 15) if routed else None,
                reply_text=reply if state in (Status.REPLIED, Status.CLOSED) else "",
                published_reply=reply if state in (Status.REPLIED, Status.CLOSED) else "",
                reply_from=str(unit) if state in (Status.REPLIED, Status.CLOSED) else "",
                published_at=at + dt.timedelta(days=20) if state in (Status.REPLIED, Status.CLOSED) else None,
                closed_on=(day + dt.timedelta(days=25)) if state == Status.CLOSED else None,
            )

    made = bulk_insert(Opinion, rows(), batch=2000, bar=bar)
    audit.record(actor=None, action="seed", obj=congress, congress_id=congress.pk, after={"opinions": made},
                 note="批量数据")
    return made


def generate(ctx: SeedContext) -> dict:
    n = ctx.scale.suggestions
    if not n:
        return {"opinions": 0}
    rng = random.Random(5)
    today = dt.date(ctx.current_year, 11, 26)
    main = ctx.main
    units = [u for u in {u.pk: u for u in main.units.values()}.values() if u.is_handling_unit]
    bar = ctx.bar("社情民意", n)
    total = _fill(main.congress, units, n, rng, today, bar)
    bar.close()
    for other in ctx.others[:5]:
        other_units = [u for u in {u.pk: u for u in other.units.values()}.values() if u.is_handling_unit]
        total += _fill(other.congress, other_units, max(1, n // 10), rng, today)
    return {"opinions": total}
