"""All reads of legislation, visibility-aware, with a number of queries that does not grow with the data."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from renda.core import audit
from renda.core.filters import QueryFilters, choice, number, text
from renda.core.registry import CalendarEvent
from renda.core.selectors import narrow, one_or_404, one_within, visible, visible_one
from renda.legislation import analysis as glue
from renda.legislation import permissions as perms
from renda.legislation import texts
from renda.legislation.models import (
    READING_LABELS,
    STAGE_GROUPS,
    STAGE_ORDER,
    Bill,
    BillComment,
    BillReading,
    BillStatus,
    BillVersion,
    BillVote,
    CommentAnalysis,
    CommentPeriod,
    CommentSource,
    Consultation,
    ConsultationKind,
    ConsultationStatus,
    ContactPoint,
    DecisionOutcome,
    FeedbackNotice,
    LegislativePlan,
    NoticeStatus,
    PeriodStatus,
    PlanProject,
    ProposerKind,
    ProvisionDecision,
)
from renda.legislation.workflow import BILL_WORKFLOW, approval_deadline, filing_deadline
from renda.statutes import int_to_cn


# ---- bills ---------------------------------------------------------------------------------------------------
def bills_for(user) -> QuerySet[Bill]:
    return visible(Bill, perms.bill_filter(user))


def bill_for(user, pk: int) -> Bill:
    """The bill, or 404 when it does not exist or the user may not see it (existence does not leak)."""
    return one_or_404(bills_for(user)
                      .select_related("congress", "proposer_org", "lead_committee", "project", "project__plan")
                      .prefetch_related("proposers", "concerned_units", "regulations"), pk, "没有找到该法规案。")


@dataclass
class BillFilters(QueryFilters):
    stage: str = choice(STAGE_GROUPS, label="阶段")
    status: str = choice(BillStatus.values, label="状态")
    proposer_kind: str = choice(ProposerKind.values, label="提案人类别")
    year: int | None = number(1991, 2199, label="年度")
    q: str = text()

    def apply(self, qs: QuerySet[Bill]) -> QuerySet[Bill]:
        if self.stage:
            qs = qs.filter(status__in=STAGE_GROUPS[self.stage][1])
        return narrow(qs, status=self.status, proposer_kind=self.proposer_kind, year=self.year,
                      title__icontains=self.q)


def bill_list(user, filters: BillFilters) -> QuerySet[Bill]:
    return (
        filters.apply(bills_for(user))
        .select_related("proposer_org", "lead_committee")
        .prefetch_related("regulations")
        .annotate(reading_count=Count("readings", distinct=True))
        .order_by("-year", "-number")
    )


def bill_page(user, filters: BillFilters, page: int | str = 1, per_page: int = 30):
    return Paginator(bill_list(user, filters), per_page).get_page(page)


def stage_counts(user) -> dict[str, int]:
    rows = bills_for(user).values("status").annotate(n=Count("id")).order_by()
    by_status = {r["status"]: r["n"] for r in rows}
    return {key: sum(by_status.get(s, 0) for s in statuses) for key, (_, statuses) in STAGE_GROUPS.items()}


def versions_for(user, bill: Bill) -> list[BillVersion]:
    q = perms.version_filter(user)
    if q is None:
        return []
    versions = list(
        BillVersion.objects.filter(q, bill=bill).select_related("submitted_by").defer("text")
    )
    return sorted(versions, key=lambda v: STAGE_ORDER[v.stage])


def version_for(user, pk: int) -> BillVersion:
    return one_within(visible(BillVersion, perms.version_filter(user)).select_related("bill", "submitted_by"), pk,
                      bills_for(user), "bill_id", "没有找到该文本。")


def readings(bill: Bill) -> list[BillReading]:
    return list(bill.readings.select_related("version").order_by("number"))


def votes(bill: Bill) -> list[BillVote]:
    return list(bill.votes.order_by("voted_on", "id"))


def consultations(bill: Bill) -> list[Consultation]:
    return list(bill.consultations.select_related("organizer").order_by("starts_at"))


def consultation_for(user, pk: int) -> Consultation:
    return one_within(Consultation.objects.select_related("bill", "organizer"), pk, bills_for(user), "bill_id",
                      "没有找到该会议。", also=lambda c: perms.can_see_consultations(user, c.bill))


def periods(bill: Bill) -> list[CommentPeriod]:
    """The bill's comment periods, each with `n` (comments received online in the period) and `total` (every comment
    on the published text, from every source: the one count the analysis, the report and the portal show)."""
    total = (BillComment.objects.filter(version=OuterRef("version")).order_by().values("version")
             .annotate(c=Count("id")).values("c"))
    return list(bill.comment_periods.select_related("version")
                .annotate(n=Count("comments"), total=Coalesce(Subquery(total, output_field=IntegerField()), 0))
                .order_by("-opens_on"))


def period_for(user, pk: int) -> CommentPeriod:
    return one_within(CommentPeriod.objects.select_related("bill", "version"), pk, bills_for(user), "bill_id",
                      "没有找到该征求意见。")


def open_period(bill: Bill) -> CommentPeriod | None:
    return bill.comment_periods.filter(status=PeriodStatus.OPEN).select_related("version").first()


# ---- the timeline of a bill ---------------------------------------------------------------------------------------
@dataclass
class Step:
    label: str
    date: dt.date | None
    done: bool
    detail: str = ""
    warn: str = ""


def timeline(bill: Bill, reading_rows: list[BillReading], vote_rows: list[BillVote], today: dt.date) -> list[Step]:
    """The stages of the bill, done and to come, for the page."""
    steps = [Step("提出", bill.submitted_on, True, bill.get_proposer_kind_display())]
    steps.append(Step("列入议程", bill.agenda_decided_on, bill.agenda_decided_on is not None))
    by_number = {r.number: r for r in reading_rows}
    for n in range(1, bill.readings_required + 1):
        r = by_number.get(n)
        steps.append(Step(READING_LABELS[n], r.held_on if r else None, r is not None, r.meeting if r else ""))
    overall = [v for v in vote_rows if not v.eid]
    last_vote = overall[-1] if overall else None
    steps.append(Step("表决", last_vote.voted_on if last_vote else None, last_vote is not None,
                      f"赞成{last_vote.yes}票" if last_vote else ""))
    approval_due = approval_deadline(bill)
    warn = ""
    if bill.status == BillStatus.AWAITING_APPROVAL and approval_due and today > approval_due:
        warn = f"报请批准已满四个月（{approval_due:%Y-%m-%d}）"
    steps.append(Step("报请批准", bill.approval_submitted_on, bill.approval_submitted_on is not None, warn=warn))
    steps.append(Step("省人大常委会批准", bill.approved_on, bill.approved_on is not None,
                      f"期限 {approval_due:%Y-%m-%d}" if approval_due and not bill.approved_on else ""))
    steps.append(Step("公布", bill.promulgated_on, bill.promulgated_on is not None, bill.announcement_number))
    due = filing_deadline(bill)
    fwarn = ""
    if bill.filing_late:
        fwarn = "逾期报送备案"
    elif bill.status == BillStatus.PROMULGATED and due and today > due:
        fwarn = f"已超过备案期限（{due:%Y-%m-%d}）"
    steps.append(Step("备案", bill.filed_on, bill.filed_on is not None,
                      f"期限 {due:%Y-%m-%d}" if due and not bill.filed_on else "", fwarn))
    return steps


# ---- comments per article -------------------------------------------------------------------------------------------
def comment_counts(version: BillVersion) -> dict[str, dict[str, int]]:
    """Per article eId: the number of comments of each source, and the total ('' = the draft as a whole)."""
    rows = (
        BillComment.objects.filter(congress_id=version.congress_id, version=version)
        .values("article_eid", "source").annotate(n=Count("id")).order_by()
    )
    out: dict[str, dict[str, int]] = defaultdict(lambda: {"total": 0})
    for r in rows:
        out[r["article_eid"]][r["source"]] = r["n"]
        out[r["article_eid"]]["total"] += r["n"]
    return dict(out)


def article_comment_table(version: BillVersion) -> list[dict[str, Any]]:
    """Every article of the version with its comment counts by source, in text order."""
    counts = comment_counts(version)
    rows = []
    general = counts.get("", {"total": 0})
    rows.append({"eid": "", "label": "总体意见", "chapter": "", "total": general["total"],
                 **{s: general.get(s, 0) for s in CommentSource.values}})
    for art in texts.article_rows(texts.statute_of(version)):
        c = counts.get(art.eid, {"total": 0})
        rows.append({"eid": art.eid, "label": art.label, "chapter": art.chapter, "total": c["total"],
                     "excerpt": art.text[:60], **{s: c.get(s, 0) for s in CommentSource.values}})
    return rows


def comments_for_article(version: BillVersion, article_eid: str, source: str = "", limit: int = 200):
    qs = BillComment.objects.filter(congress_id=version.congress_id, version=version, article_eid=article_eid)
    if source in CommentSource.values:
        qs = qs.filter(source=source)
    return qs.select_related("contact_point").order_by("-submitted_at", "-id")[:limit]


_CLEAN = re.compile(r"[\W_]+", re.UNICODE)


def _bigrams(text: str) -> frozenset[str]:
    s = _CLEAN.sub("", text)
    return frozenset(s[i:i + 2] for i in range(len(s) - 1)) or frozenset({s})


def representatives(comments: list[BillComment], k: int = 3, threshold: float = 0.5) -> list[dict[str, Any]]:
    """Up to k representative comments: greedy groups of near-duplicates (Jaccard of character bigrams).

    Each group counts once and is represented by its longest text; groups are ranked by size, so a point
    raised by many is shown first and the same text sent many times does not crowd out the others.
    """
    groups: list[dict[str, Any]] = []
    for c in comments[:300]:
        grams = _bigrams(c.text)
        for g in groups:
            union = len(grams | g["grams"])
            if union and len(grams & g["grams"]) / union >= threshold:
                g["size"] += 1
                if len(c.text) > len(g["comment"].text):
                    g["comment"] = c
                break
        else:
            groups.append({"grams": grams, "size": 1, "comment": c})
    groups.sort(key=lambda g: (-g["size"], -len(g["comment"].text)))
    return [{"comment": g["comment"], "size": g["size"]} for g in groups[:k]]


def contact_points(congress_id: int) -> QuerySet[ContactPoint]:
    return ContactPoint.objects.filter(congress_id=congress_id, active=True).order_by("order", "id")


def contact_points_with_counts(congress_id: int) -> QuerySet[ContactPoint]:
    return contact_points(congress_id).annotate(comment_count=Count("comments"))


def comments_export_rows(bill: Bill):
    """The rows of the comments export: no name, no contact (personal data)."""
    return (
        BillComment.objects.filter(congress_id=bill.congress_id, bill=bill)
        .select_related("version", "contact_point")
        .only("provision_label", "text", "source", "submitted_at", "handling", "version__stage",
              "contact_point__name")
        .order_by("version__created_at", "article_eid", "submitted_at")
    )


# ---- the legislative plan ------------------------------------------------------------------------------------------------
def plans_for(user) -> QuerySet[LegislativePlan]:
    return (visible(LegislativePlan, perms.plan_filter(user)).annotate(project_count=Count("projects"))
            .order_by("-year"))


def plan_for(user, pk: int) -> LegislativePlan:
    return visible_one(LegislativePlan, perms.plan_filter(user), pk, "没有找到该立法计划。")


def projects(plan: LegislativePlan, user) -> list[PlanProject]:
    shown = (bills_for(user).only("id", "title", "status", "year", "number", "kind", "amendment_form", "project_id")
             .prefetch_related("regulations"))
    return list(
        plan.projects.select_related("drafting_unit", "lead_body", "workplan_item")
        .prefetch_related(Prefetch("bills", queryset=shown, to_attr="visible_bills"))
        .order_by("kind", "number")
    )


def project_for(user, pk: int) -> PlanProject:
    return one_within(PlanProject.objects.select_related("plan"), pk, plans_for(user), "plan_id", "没有找到该项目。")


def history(obj) -> QuerySet:
    return audit.history(obj)


# ---- home panel and calendar ---------------------------------------------------------------------------------------------
def home_panel(user) -> dict[str, Any] | None:
    """Bills waiting for this user's step, and the deadlines: approval (4 months), filing (30 days), comment."""
    if not getattr(user, "is_authenticated", False) or not user.congress_id:
        return None
    if user.role not in perms.STAFF_ROLES:
        return None
    today = timezone.localdate()
    active = list(
        bills_for(user)
        .exclude(status__in=(BillStatus.FILED, BillStatus.FAILED, BillStatus.NOT_LISTED, BillStatus.WITHDRAWN,
                             BillStatus.TERMINATED))
        .select_related("congress")
        .order_by("-year", "-number")[:50]
    )
    needs_action = []
    deadlines = []
    for bill in active:
        actions = [t for t in BILL_WORKFLOW.allowed_actions(user, bill) if t.action not in ("pass", "fail")]
        if actions:
            needs_action.append({"bill": bill, "labels": "、".join(t.label for t in actions[:3])})
        if bill.status == BillStatus.AWAITING_APPROVAL:
            due = approval_deadline(bill)
            deadlines.append({"bill": bill, "what": "省人大常委会批准期限", "date": due, "late": due < today})
        elif bill.status == BillStatus.PROMULGATED:
            due = filing_deadline(bill)
            deadlines.append({"bill": bill, "what": "报送备案期限", "date": due, "late": due < today})
    for period in CommentPeriod.objects.filter(bill__in=[b.pk for b in active], status=PeriodStatus.OPEN) \
            .select_related("bill"):
        deadlines.append({"bill": period.bill, "what": "征求意见截止", "date": period.closes_on,
                          "late": period.closes_on < today})
    if not needs_action and not deadlines:
        return None
    deadlines.sort(key=lambda d: d["date"])
    return {"title": "立法", "needs_action": needs_action[:10], "deadlines": deadlines[:10],
            "template": "legislation/_home_panel.html", "today": today}


def calendar_events(user, start: dt.date, end: dt.date, person_id: int | None = None) -> list[CalendarEvent]:
    """Hearings, argumentation meetings and evaluations; the end of comment periods; approval/filing deadlines. They
    book no one by name, so one person's calendar (`person_id`) gets none of them without a query."""
    out: list[CalendarEvent] = []
    if person_id is not None:
        return out
    bills = bills_for(user)
    if user.role in perms.BILL_READERS or user.role == "unit":
        for c in (Consultation.objects.filter(bill__in=bills.values("pk"),
                                              starts_at__date__gte=start, starts_at__date__lte=end)
                  .exclude(status=ConsultationStatus.CANCELLED).select_related("bill")):
            out.append(CalendarEvent(
                kind="hearing" if c.kind == ConsultationKind.HEARING else "meeting",
                title=f"{c.get_kind_display()}：{c.title}", start=c.starts_at, end=None,
                url=reverse("legislation:bill", args=[c.bill_id]) + f"#consultation-{c.pk}",
                congress_id=c.congress_id, body_id=c.organizer_id, place=c.place,
            ))
    for p in CommentPeriod.objects.filter(bill__in=bills.values("pk"), closes_on__gte=start, closes_on__lte=end) \
            .select_related("bill"):
        out.append(CalendarEvent(kind="deadline", title=f"征求意见截止：《{p.bill.display_title}》", start=p.closes_on,
                                 end=None, url=reverse("legislation:bill", args=[p.bill_id]) + "#comments",
                                 congress_id=p.congress_id))
    if user.role in perms.STAFF_ROLES:
        for bill in bills.filter(status__in=(BillStatus.AWAITING_APPROVAL, BillStatus.PROMULGATED)):
            due = approval_deadline(bill) if bill.status == BillStatus.AWAITING_APPROVAL else filing_deadline(bill)
            what = "省人大常委会批准期限" if bill.status == BillStatus.AWAITING_APPROVAL else "报送备案期限"
            if due and start <= due <= end:
                out.append(CalendarEvent(kind="deadline", title=f"{what}：《{bill.title}》", start=due, end=None,
                                         url=reverse("legislation:bill", args=[bill.pk]),
                                         congress_id=bill.congress_id))
    return out



# ---- comment analysis, decisions, the 意见汇总报告 and the feedback notice --------------------------------------------
def comments_version_for(user, pk: int) -> BillVersion:
    """A version whose comments the user may see (staff of the congress), or 404."""
    version = version_for(user, pk)
    if not perms.can_see_comments(user, version.bill):
        raise Http404("没有找到该页面。")
    return version


def analyses(version: BillVersion, limit: int = 10) -> list[CommentAnalysis]:
    return list(CommentAnalysis.objects.filter(congress_id=version.congress_id, version=version)
                .defer("result", "summary").select_related("requested_by").order_by("-created_at", "-id")[:limit])


def latest_analysis(version: BillVersion, *, with_summary: bool = False) -> CommentAnalysis | None:
    """The newest run of the version (whatever its state), the summary loaded only when asked."""
    qs = CommentAnalysis.objects.filter(congress_id=version.congress_id, version=version).defer("result")
    if not with_summary:
        qs = qs.defer("summary")
    return qs.order_by("-created_at", "-id").first()


def latest_done_analysis(version: BillVersion) -> CommentAnalysis | None:
    return (CommentAnalysis.objects.filter(congress_id=version.congress_id, version=version, status="done")
            .defer("result").order_by("-finished_at", "-id").first())


def analysis_for(user, pk: int) -> CommentAnalysis:
    """One analysis run (without the heavy result), or 404 when missing or not for this user."""
    return one_within(CommentAnalysis.objects.filter(congress_id=getattr(user, "congress_id", None) or -1)
                      .defer("result", "summary").select_related("version", "bill"), pk, bills_for(user), "bill_id",
                      "没有找到该分析。", also=lambda a: perms.can_see_comments(user, a.bill))


def decisions(version: BillVersion) -> dict[str, ProvisionDecision]:
    """The adoption decision of each article eId ('' = the draft as a whole)."""
    return {d.article_eid: d for d in ProvisionDecision.objects.filter(
        congress_id=version.congress_id, version=version).select_related("decided_by")}


@dataclass
class ReportEntry:
    eid: str
    label: str
    article_text: str
    comments: int
    participants: int | None
    distinct: int
    keywords: list[str]
    representatives: list[dict]
    campaigns: list[dict]
    decision: ProvisionDecision | None


@dataclass
class CommentReport:
    bill: Bill
    version: BillVersion
    analysis: CommentAnalysis
    totals: dict
    entries: list[ReportEntry]
    clusters: list[dict]
    sources: dict[str, int]


def comment_report(version: BillVersion) -> CommentReport | None:
    """The 意见汇总报告 of a version: per article in text order, the article, the main opinions with their counts
    (comments / participants), representative wording, campaigns, and the decision with its reasons.

    Built from the newest finished analysis; None when there is none. Never carries names or contacts.
    """
    done = latest_done_analysis(version)
    if done is None or not done.summary:
        return None
    summary = done.summary
    texts_by_eid = {r.eid: r.text for r in glue.provision_refs(version)}
    chosen = decisions(version)
    entries = []
    seen = set()
    for p in summary["provisions"]:
        seen.add(p["eid"])
        entries.append(ReportEntry(
            eid=p["eid"], label=p["label"], article_text=texts_by_eid.get(p["eid"], ""), comments=p["comments"],
            participants=p["participants"], distinct=p["distinct"],
            keywords=[k["word"] for k in p["keywords"][:8]], representatives=p["representatives"],
            campaigns=p.get("campaigns", []), decision=chosen.get(p["eid"]),
        ))
    for eid, d in chosen.items():  # a decision on an article whose comments were withdrawn meanwhile
        if eid not in seen:
            entries.append(ReportEntry(eid, d.provision_label or "总体意见", texts_by_eid.get(eid, ""), 0, 0, 0, [], [],
                                       [], d))
    sources = {CommentSource(r["source"]).label: r["n"] for r in
               BillComment.objects.filter(congress_id=version.congress_id, version=version)
               .values("source").annotate(n=Count("id")).order_by("source")}
    return CommentReport(bill=version.bill, version=version, analysis=done, totals=summary["totals"],
                         entries=entries, clusters=summary["clusters"], sources=sources)


def notice_draft(version: BillVersion) -> tuple[str, str]:
    """A first draft of the feedback notice from the analysis totals and the decisions (no personal data)."""
    bill = version.bill
    congress = bill.congress
    report = comment_report(version)
    chosen = decisions(version)
    periods_ = list(version.comment_periods.order_by("opens_on"))
    title = f"关于《{bill.display_title}》征求意见情况的通报"
    lines = []
    when = "、".join(f"{p.opens_on:%Y年%-m月%-d日}至{p.closes_on:%Y年%-m月%-d日}" for p in periods_)
    if report is not None:
        t = report.totals
        people = f"，{t['participants']}人参与" if t.get("participants") is not None else ""
        head = (f"{congress.standing_committee_name}{'于' + when if when else ''}将《{bill.display_title}》向社会公布征求意见，"
                f"共收到意见{t['comments']}条{people}，内容相同或者相近的意见归并后为{t['distinct']}条。")
        if t.get("campaigns"):
            head += f"其中内容高度相同的集中意见{t['campaigns']}组、{t['comments_in_campaigns']}条，已归并计数。"
        lines.append(head)
    else:
        count = BillComment.objects.filter(congress_id=version.congress_id, version=version).count()
        lines.append(f"{congress.standing_committee_name}将《{bill.display_title}》向社会公布征求意见，共收到意见{count}条。")
    lines.append("现将意见的主要内容和采纳情况通报如下：")
    entries = report.entries if report is not None else []
    by_eid = {e.eid: e for e in entries}
    number = 0
    for outcome, heading in ((DecisionOutcome.ADOPTED, "采纳的意见"), (DecisionOutcome.PARTLY, "部分采纳的意见"),
                             (DecisionOutcome.NOT_ADOPTED, "未采纳的意见")):
        items = [d for d in chosen.values() if d.outcome == outcome]
        if not items:
            continue
        number += 1
        lines.append(f"{int_to_cn(number)}、{heading}")
        for d in sorted(items, key=lambda d: _entry_order(entries, d.article_eid)):
            e = by_eid.get(d.article_eid)
            count = f"（意见{e.comments}条）" if e is not None else ""
            opinions = d.main_opinions or ("；".join(r["text"][:60] for r in e.representatives[:2]) if e else "")
            lines.append(f"{d.provision_label or '关于草案总体'}{count}：{opinions}")
            lines.append(f"处理情况：{d.reasons}")
    lines.append("感谢社会各界对地方立法工作的关心和支持。")
    return title, "\n".join(lines)


def _entry_order(entries, eid: str) -> int:
    for i, e in enumerate(entries):
        if e.eid == eid:
            return i
    return len(entries)


def notices(bill: Bill) -> list[FeedbackNotice]:
    return list(bill.feedback_notices.select_related("version").order_by("-created_at"))


def notice_for(user, pk: int) -> FeedbackNotice:
    return one_within(FeedbackNotice.objects.filter(congress_id=getattr(user, "congress_id", None) or -1)
                      .select_related("bill", "version"), pk, bills_for(user), "bill_id", "没有找到该通报。",
                      also=lambda n: perms.can_see_comments(user, n.bill))


def published_feedback_notices(congress, bill: Bill | None = None) -> QuerySet[FeedbackNotice]:
    """The published feedback notices of a congress (for the public portal), newest first."""
    congress_id = getattr(congress, "pk", congress)
    qs = FeedbackNotice.objects.filter(congress_id=congress_id, status=NoticeStatus.PUBLISHED)
    if bill is not None:
        qs = qs.filter(bill=bill)
    return qs.select_related("bill", "version").order_by("-published_on", "-id")


def public_feedback_notice(code: str, pk: int) -> FeedbackNotice:
    """One published notice for the anonymous page; 404 when unpublished, withdrawn or of another congress."""
    return one_or_404(FeedbackNotice.objects.filter(congress__code=code, status=NoticeStatus.PUBLISHED)
                      .select_related("bill", "version", "congress"), pk, "没有找到该通报。")
