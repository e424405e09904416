"""Supervision volume for benchmarks (`renda seed --scale …`): reports, inspections with rectification
lists, inquiries, interpellations, filings and review requests for every congress and year, in every state.

Bulk inserts, not the services: this is load for measuring queries, not history (one "seed" audit record
per congress).
"""

from __future__ import annotations

import datetime as dt
import random

from renda.core import audit
from renda.core.seeding import SeedContext
from renda.supervision.models import (
    FilerKind,
    FilingStatus,
    Inquiry,
    InquiryStatus,
    Inspection,
    InspectionStatus,
    Interpellation,
    InterpStatus,
    NormativeDocument,
    RectificationItem,
    RectStatus,
    Report,
    ReportKind,
    ReportStatus,
    RequestStatus,
    ReviewRequest,
)

TOPICS = ["生态环境保护", "义务教育", "养老服务", "营商环境", "乡村振兴", "食品安全", "安全生产", "住房保障",
          "公共文化服务", "司法公开", "公益诉讼", "医疗保障"]
LAWS = ["《中华人民共和国水污染防治法》", "《中华人民共和国食品安全法》", "《中华人民共和国大气污染防治法》",
        "《中华人民共和国安全生产法》", "《中华人民共和国义务教育法》"]


def _per_year(ctx: SeedContext, built) -> dict[str, int]:
    main = built is ctx.main
    return {"reports": 24 if main else 10, "inspections": 4 if main else 2, "rects": 12 if main else 5,
            "inquiries": 3 if main else 1, "interps": 1, "filings": 80 if main else 20, "requests": 30 if main else 5}


def generate(ctx: SeedContext) -> dict:
    rng = random.Random(7)
    years = list(range(ctx.current_year - ctx.scale.plan_years + 1, ctx.current_year + 1))
    totals = dict.fromkeys(("reports", "inspections", "rectifications", "inquiries", "interpellations", "filings",
                            "requests"), 0)
    bar = ctx.bar("监督", len(ctx.all))
    report_states = ReportStatus.values
    for built in ctx.all:
        congress = built.congress
        n = _per_year(ctx, built)
        organs = list(built.organs.values())
        units = list({u.pk: u for u in built.units.values() if u.parent_id}.values()) or organs
        bodies = list(built.bodies.values())
        reports, inspections, inquiries, interps, filings, requests = [], [], [], [], [], []
        for year in years:
            past = year < ctx.current_year
            for i in range(n["reports"]):
                kind = rng.choice(ReportKind.values)
                meeting = dt.date(year, 1 + (i * 5) % 12, 15 + i % 10)
                status = ReportStatus.PUBLISHED if past else rng.choice(report_states)
                reports.append(Report(
                    congress=congress, year=year, kind=kind, title=f"关于{rng.choice(TOPICS)}工作情况的报告",
                    organ=organs[i % len(organs)], lead_body=bodies[i % len(bodies)], meeting_date=meeting,
                    draft_due=meeting - dt.timedelta(days=20), revised_due=meeting - dt.timedelta(days=10),
                    distribute_due=meeting - dt.timedelta(days=7), status=status,
                    draft_late=rng.random() < 0.1, deliberated_on=meeting if status in (
                        "deliberated", "opinions_sent", "handled", "published") else None,
                ))
            for i in range(n["inspections"]):
                inspections.append(Inspection(
                    congress=congress, year=year, title=f"{LAWS[i % len(LAWS)]}执法检查", law_title=LAWS[i % len(LAWS)],
                    lead_body=bodies[i % len(bodies)], organ=organs[0],
                    start_date=dt.date(year, 3 + i, 1), end_date=dt.date(year, 3 + i, 20),
                    status=InspectionStatus.PUBLISHED if past else rng.choice(InspectionStatus.values),
                ))
            for i in range(n["inquiries"]):
                inquiries.append(Inquiry(
                    congress=congress, year=year, title=f"围绕{rng.choice(TOPICS)}开展专题询问",
                    lead_body=bodies[i % len(bodies)], organ=organs[i % len(organs)],
                    status=InquiryStatus.CLOSED if past else rng.choice(InquiryStatus.values),
                ))
            for _ in range(n["interps"]):
                target = rng.choice(units)
                interps.append(Interpellation(
                    congress=congress, title=f"关于{rng.choice(TOPICS)}问题的质询案", target=target,
                    organ=target.organ() or organs[0],
                    questions="问题", content="内容", meeting_date=dt.date(year, 6, 20),
                    submitted_on=dt.date(year, 6, 20), status=InterpStatus.CLOSED if past else InterpStatus.SUBMITTED,
                ))
            for i in range(n["filings"]):
                organ = organs[i % len(organs)]
                issued = dt.date(year, 1 + i % 12, 1 + i % 27)
                filed = issued + dt.timedelta(days=10 + (i % 40))
                filings.append(NormativeDocument(
                    congress=congress, filer_kind={"government": FilerKind.GOVERNMENT,
                                                   "supervisory_commission": FilerKind.SUPERVISORY_COMMISSION,
                                                   "court": FilerKind.COURT,
                                                   "procuratorate": FilerKind.PROCURATORATE}[organ.kind],
                    filer_org=organ, title=f"关于加强{rng.choice(TOPICS)}工作的若干规定", doc_number=f"〔{year}〕{i + 1}号",
                    issued_on=issued, filed_on=filed, filing_due=issued + dt.timedelta(days=30),
                    filing_late=filed > issued + dt.timedelta(days=30),
                    status=rng.choice(FilingStatus.values) if not past else FilingStatus.PASSED,
                ))
            for i in range(n["requests"]):
                requests.append(ReviewRequest(
                    congress=congress, tracking_code=f"BA-S{congress.pk:03d}-{year % 100:02d}{i:02d}-{rng.randrange(16**4):04X}",
                    requester_name="公民", contact="13800000000", document_title="某规范性文件", reasons="认为与上位法相抵触。",
                    received_on=dt.date(year, 1 + i % 12, 10), status=rng.choice(RequestStatus.values),
                ))
        Report.objects.bulk_create(reports, batch_size=2000)
        created_insp = Inspection.objects.bulk_create(inspections, batch_size=2000)
        Inquiry.objects.bulk_create(inquiries, batch_size=2000)
        Interpellation.objects.bulk_create(interps, batch_size=2000)
        NormativeDocument.objects.bulk_create(filings, batch_size=2000)
        ReviewRequest.objects.bulk_create(requests, batch_size=2000)
        rects = []
        for insp in created_insp:
            for k in range(n["rects"]):
                owner = units[k % len(units)]
                rects.append(RectificationItem(
                    congress=congress, inspection=insp, number=k + 1, title=f"整改事项{k + 1}", owner_unit=owner,
                    organ=owner.organ() or organs[0], deadline=dt.date(insp.year, 12, 31),
                    status=RectStatus.CLOSED if insp.year < ctx.current_year else rng.choice(RectStatus.values),
                ))
        RectificationItem.objects.bulk_create(rects, batch_size=5000)
        counts = {"reports": len(reports), "inspections": len(inspections), "rectifications": len(rects),
                  "inquiries": len(inquiries), "interpellations": len(interps), "filings": len(filings),
                  "requests": len(requests)}
        for k, v in counts.items():
            totals[k] += v
        audit.record(actor=None, action="seed", obj=congress, congress_id=congress.pk, after={"supervision": counts},
                     note="批量数据")
        bar.update(1)
    bar.close()
    return totals
