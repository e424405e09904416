"""The finance data generator (`renda seed`, the demo, the benchmark): seasonal, and exactly the planted anomalies
fire — each kind at its planted unit, nothing else."""

import datetime as dt
from collections import defaultdict

import pytest

from renda.budget import alerts, seed, services
from renda.budget.models import ImportBatch, MonthlyExecution, Payment

pytestmark = pytest.mark.django_db


def _fired(congress, year, as_of):
    out = defaultdict(set)
    for a in alerts.compute(congress, year, as_of):
        out[a.kind].add(a.unit if a.kind != "debt_limit" else a.message[:4])
    return dict(out)


def _expected(ds, kinds):
    return {k: set(ds.planted[k]) if k != "debt_limit" else {"专项债券"} for k in kinds}


def test_two_years_to_late_november_fire_exactly_the_planted_alerts(cast):
    ds = seed.build(seed.Spec(depts=4, units_per_dept=3, years=(2025, 2026), payments_per_year=1500,
                              through=dt.date(2026, 11, 25), seed=7))
    report = seed.write(cast.congress, ds)
    assert report["payments"] == Payment.objects.filter(congress=cast.congress).count() > 2500
    current = _fired(cast.congress, 2026, dt.date(2026, 11, 26))
    assert current == _expected(ds, ("over_budget", "no_indicator", "low_execution", "duplicate_payment",
                                     "three_public_growth", "debt_limit"))
    # December of the current year has not come: the year-end rush is planted in the last complete year
    assert ds.surge_year == 2025
    assert _fired(cast.congress, 2025, dt.date(2025, 12, 31)) == _expected(ds, ("year_end_surge",))
    # seasonal: December is the heaviest month of a complete year, January the lightest
    months = defaultdict(int)
    for m, t in MonthlyExecution.objects.filter(congress=cast.congress, year=2025).values_list("month", "amount_fen"):
        months[m] += t
    assert max(months, key=months.get) == 12 and min(months, key=months.get) == 1


def test_one_complete_year_fires_every_kind(cast):
    ds = seed.build(seed.Spec(depts=3, units_per_dept=3, years=(2026,), payments_per_year=800,
                              through=dt.date(2026, 12, 31), seed=3))
    seed.write(cast.congress, ds)
    assert _fired(cast.congress, 2026, dt.date(2026, 12, 31)) == _expected(ds, seed.PLANTED_KINDS)


def test_the_generated_files_import_whole_and_again_unchanged(cast):
    ds = seed.build(seed.Spec(depts=2, units_per_dept=2, years=(2026,), payments_per_year=300,
                              through=dt.date(2026, 6, 30), seed=5))
    c = cast.congress
    for kind in ("units", "indicators", "payments", "debt", "final"):
        data = seed.csv_bytes(ds, kind, encoding="gb18030")
        first = services.import_file(actor=cast.clerk, congress=c, kind=kind, data=data, filename=f"{kind}.csv")
        assert first.status == ImportBatch.Status.APPLIED, first.report
        again = services.import_file(actor=cast.clerk, congress=c, kind=kind, data=data, filename=f"{kind}.csv")
        assert (again.status, again.created, again.updated, again.unchanged) == ("applied", 0, 0, first.rows)
    assert Payment.objects.filter(congress=c).count() == sum(1 for _ in ds.payments())
    assert Payment.objects.filter(congress=c, unit__code="001").exists()  # leading zeros kept


def test_closed_years_have_final_accounts_for_the_topics_page(cast):
    """决算 for every year complete in the data (none for a year still running), 86–101 % of each line's budget,
    written by `write` and shown against the budget on the topics page."""
    from renda.budget import selectors
    from renda.budget.models import FinalAccount

    ds = seed.build(seed.Spec(depts=2, units_per_dept=2, years=(2025, 2026), payments_per_year=300,
                              through=dt.date(2026, 11, 25), seed=9))
    assert {r[0] for r in ds.finals} == {2025}
    budget = defaultdict(int)
    for r in ds.indicators:
        if r[0] == 2025:
            budget[(r[2], r[3], r[4])] += r[9]
    assert {(r[1], r[2], r[3]) for r in ds.finals} == set(budget)
    assert all(86 * budget[(r[1], r[2], r[3])] // 100 <= r[4] <= 101 * budget[(r[1], r[2], r[3])] // 100
               for r in ds.finals)
    assert seed.write(cast.congress, ds)["finals"] == len(ds.finals) == FinalAccount.objects.filter(
        congress=cast.congress).count()
    # a congress's own data left alone: the same build gives the same rows (a generator of its own)
    assert seed.build(ds.spec).finals == ds.finals
    finals = selectors.topics(cast.clerk, 2026, 11)["finals"]
    assert {r["year"] for r in finals} == {2025} and len(finals) == 2  # the two 主管部门
    assert all(86 <= float(r["rate"]) <= 101 for r in finals)
