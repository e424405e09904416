"""Volume data for `renda seed --scale`: scale.suggestions items in the main congress, most of them
assigned, replied and rated (bulk inserts; deadlines from the working calendar)."""

from __future__ import annotations

import datetime as dt
import random

from renda.core import audit
from renda.core.calendar import calendar_for
from renda.core.seeding import SeedContext
from renda.proposals.demo import TOPICS
from renda.proposals.models import Assignment, Proposal, Rating, Reply, Status


def generate(ctx: SeedContext) -> dict:
    n = ctx.scale.suggestions
    if not n:
        return {"suggestions": 0}
    rng = random.Random(3)
    built = ctx.main
    congress = built.congress
    cal = calendar_for(congress)
    units = [u for u in {u.pk: u for u in built.units.values()}.values() if u.is_handling_unit]
    by_name = {u.name: u for u in units}
    deputies = [d for d in built.deputies if d.delegation_id] or list(built.deputies)
    years = [ctx.current_year - k for k in range(min(ctx.scale.plan_years, 5))]
    bar = ctx.bar("代表建议", n)
    proposals, plan = [], []
    for i in range(n):
        lead_name, _, category, title, content = TOPICS[i % len(TOPICS)]
        year = years[i % len(years)]
        received = dt.date(year, 1, 20) + dt.timedelta(days=rng.randint(0, 200))
        dep = deputies[i % len(deputies)]
        unit = by_name.get(lead_name) or units[i % len(units)]
        on = cal.add_working_days(received, 5)
        state = Status.CLOSED if year < ctx.current_year or rng.random() < 0.6 else rng.choice(
            [Status.ASSIGNED, Status.REPLIED, Status.SUBMITTED])
        proposals.append(Proposal(
            congress=congress, year=year, number=f"S{year}{i:06d}", title=f"{title[:-3]}（{i}）的建议",
            content=content, category=category, lead_deputy=dep, delegation=dep.delegation, received_on=received,
            assign_due=on, assigned_on=on if state != Status.SUBMITTED else None,
            reply_due=cal.add_months(on, 3) if state != Status.SUBMITTED else None, status=state,
            closed_on=cal.add_months(on, 3) if state == Status.CLOSED else None,
        ))
        plan.append((unit, on, state))
    created = Proposal.objects.bulk_create(proposals, batch_size=2000)
    assignments = [
        Assignment(congress=congress, proposal=p, unit=u, role="lead", assigned_on=on,
                   return_due=cal.add_working_days(on, 5), reply_due=p.reply_due,
                   status="replied" if st in (Status.REPLIED, Status.CLOSED) else "active")
        for p, (u, on, st) in zip(created, plan, strict=True) if st != Status.SUBMITTED
    ]
    assignments = Assignment.objects.bulk_create(assignments, batch_size=2000)
    replies, ratings = [], []
    for a in assignments:
        p = a.proposal
        if p.status not in (Status.REPLIED, Status.CLOSED):
            continue
        day = a.assigned_on + dt.timedelta(days=rng.randint(30, 110))
        replies.append(Reply(congress=congress, proposal=p, assignment=a, text="已研究办理。",
                             result_class=rng.choice("AAABBC"), communication="letter", signer="负责人",
                             replied_on=day, on_time=day <= a.reply_due))
        if p.status == Status.CLOSED:
            ratings.append(Rating(congress=congress, proposal=p, round=1, rated_on=day + dt.timedelta(days=15),
                                  verdict=rng.choice(["satisfied", "satisfied", "basic", "unsatisfied"])))
    Reply.objects.bulk_create(replies, batch_size=2000)
    Rating.objects.bulk_create(ratings, batch_size=2000)
    bar.update(n)
    bar.close()
    audit.record(actor=None, action="seed", obj=congress, congress_id=congress.pk,
                 after={"suggestions": n, "replies": len(replies)}, note="批量数据")
    return {"suggestions": n, "assignments": len(assignments), "replies": len(replies)}
