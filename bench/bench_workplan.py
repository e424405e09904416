"""Work-plan list and dashboard at national-scale volume: latency (p50/p95) and SQL queries per request.

    .venv/bin/python bench/bench_workplan.py [--scale national] [--requests 300]

Loads `renda seed --scale SCALE` into its own database (bench/out/bench-SCALE.sqlite3, or the database
in RENDA_DATABASE_URL), then requests each page in-process through Django's test client as an office
user of the main congress. Prints, from this one run: p50/p95 per page, the p95 against the 100 ms
target, and the p95 against a floor (the trivial /healthz view measured in the same run).
"""

from __future__ import annotations

import argparse
import sys

from harness import client_for, measure_pages, print_report, setup


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", default="national", choices=["city", "province", "national"])
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    congress = setup(f"bench-{args.scale}", args.scale)

    from django.db import connection

    from renda.core.models import Congress
    from renda.workplan.models import WorkPlan, WorkPlanItem

    client = client_for(congress, "office", f"bench-clerk-{args.scale}")
    plan = WorkPlan.objects.get(congress=congress, year=2026)
    total_items = WorkPlanItem.objects.count()
    pages = {
        "plan list p1": f"/workplan/{plan.pk}/",
        "plan list p3": f"/workplan/{plan.pk}/?page=3",
        "plan list filtered": f"/workplan/{plan.pk}/?category=research&status=in_progress",
        "plan list overdue": f"/workplan/{plan.pk}/?overdue=1",
        "dashboard": f"/workplan/{plan.pk}/dashboard/",
        "API items": f"/api/v1/workplan/plans/{plan.pk}/items",
        "API dashboard": f"/api/v1/workplan/plans/{plan.pk}/dashboard",
    }
    print(f"database: {connection.vendor}; items in the table: {total_items:,}; "
          f"congresses: {Congress.objects.count():,}; main plan items: {plan.items.count()}")
    results = measure_pages(client, pages, args.requests)
    return print_report(results, f" with {total_items:,} work-plan items in the database")


if __name__ == "__main__":
    sys.exit(main())
