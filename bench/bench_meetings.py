"""Meeting pages and API at seeded volume: latency (p50/p95) and SQL queries per request.

    .venv/bin/python bench/bench_meetings.py [--scale national] [--requests 300]

Loads `renda seed --scale SCALE` into its own database (bench/out/bench-meetings-SCALE.sqlite3, or the database
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
    congress = setup(f"bench-meetings-{args.scale}", args.scale)

    from django.db import connection

    from renda.core.models import Congress
    from renda.meetings.models import Attendance, Meeting

    client = client_for(congress, "office", f"bench-clerk-{args.scale}")
    meeting = Meeting.objects.filter(congress=congress, kind="standing", status="closed").order_by("-date").first()
    pages = {
        "meeting list": "/meetings/",
        "meeting list 2026": "/meetings/?year=2026&kind=standing",
        "meeting detail": f"/meetings/{meeting.pk}/",
        "attendance": f"/meetings/{meeting.pk}/attendance/",
        "statistics 2026": "/meetings/statistics/?year=2026",
        "API meetings": "/api/v1/meetings/meetings",
        "API attendance": f"/api/v1/meetings/meetings/{meeting.pk}/attendance",
    }
    print(f"database: {connection.vendor}; meetings: {Meeting.objects.count():,}; "
          f"attendance rows: {Attendance.objects.count():,}; congresses: {Congress.objects.count():,}")
    results = measure_pages(client, pages, args.requests)
    return print_report(results)


if __name__ == "__main__":
    sys.exit(main())
