"""Writes of the comment analysis (a background task), the adoption decisions per provision and the public
feedback notice."""

from __future__ import annotations

import datetime as dt
import logging
import time
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from renda.core import audit, rules
from renda.core.errors import ConflictError
from renda.core.locking import check_version
from renda.core.writes import save_new, save_update
from renda.legislation import analysis as glue
from renda.legislation import permissions as perms
from renda.legislation import selectors, texts
from renda.legislation.models import (
    ACTIVE_ANALYSIS,
    AnalysisStatus,
    BillComment,
    BillVersion,
    CommentAnalysis,
    DecisionOutcome,
    FeedbackNotice,
    NoticeStatus,
    ProvisionDecision,
)
from renda.legislation.workflow import (
    NOTICE_WORKFLOW,
)

# ---- comment analysis (a background task) -------------------------------------------------------------------
# A running analysis writes its progress at least every few seconds; one silent for this long was killed (worker
# restarted, process out of memory) and may be started again. A pending one waits for a worker of the queue.
ANALYSIS_STALE_SECONDS = 180
ANALYSIS_PENDING_STALE_SECONDS = 3600
PROGRESS_MIN_INTERVAL = 1.0  # seconds between progress writes


def analysis_params(congress) -> dict[str, Any]:
    return {
        "threshold": float(rules.param(congress, "LEG-COMMENT-ANALYSIS", "threshold")),
        "min_campaign_size": int(rules.param(congress, "LEG-COMMENT-ANALYSIS", "min_campaign_size")),
    }


def analysis_is_stale(analysis: CommentAnalysis, now: dt.datetime | None = None) -> bool:
    """A run that no longer runs: running without a heartbeat for a while, or pending for too long."""
    now = now or timezone.now()
    if analysis.status == AnalysisStatus.RUNNING:
        last = analysis.heartbeat_at or analysis.started_at or analysis.created_at
        return (now - last).total_seconds() > ANALYSIS_STALE_SECONDS
    if analysis.status == AnalysisStatus.PENDING:
        return (now - analysis.created_at).total_seconds() > ANALYSIS_PENDING_STALE_SECONDS
    return False


def _fingerprint(version: BillVersion) -> tuple[int, int]:
    agg = BillComment.objects.filter(congress_id=version.congress_id, version=version).aggregate(
        n=Count("id"), last=Max("id"))
    return agg["n"] or 0, agg["last"] or 0


@transaction.atomic
def _analysis_claim(*, actor, version: BillVersion, force: bool) -> tuple[CommentAnalysis, bool]:
    version = BillVersion.objects.select_for_update().select_related("bill").get(pk=version.pk)
    bill = version.bill
    if not perms.can_analyze_comments(actor, bill):
        raise PermissionDenied("您没有分析立法意见的权限。")
    latest = CommentAnalysis.objects.filter(congress_id=version.congress_id, version=version).defer(
        "result", "summary")
    active = latest.filter(status__in=ACTIVE_ANALYSIS).first()
    if active is not None:
        if not analysis_is_stale(active):
            return active, False
        before = {"status": active.status, "progress": active.progress}
        active.status = AnalysisStatus.FAILED
        active.finished_at = timezone.now()
        active.error = "分析任务中断（长时间没有进度），已重新开始。"
        active.save(update_fields=["status", "finished_at", "error"])
        audit.record(actor=actor, action="update", obj=active, before=before,
                     after={"status": active.status}, note="意见分析中断")
    count, last = _fingerprint(version)
    if count == 0:
        raise ValidationError("该文本还没有意见，无需分析。")
    params = analysis_params(version.congress_id)
    done = latest.filter(status=AnalysisStatus.DONE).order_by("-finished_at", "-id").first()
    if (not force and done is not None and done.comment_count == count and done.last_comment_id == last
            and done.params == params):
        return done, False
    analysis = CommentAnalysis(congress_id=version.congress_id, bill=bill, version=version, params=params,
                               comment_count=count, last_comment_id=last,
                               requested_by=actor if getattr(actor, "pk", None) else None)
    analysis.full_clean(validate_constraints=False)
    analysis.save()
    audit.record(actor=actor, action="create", obj=analysis, rule=rules.get("LEG-COMMENT-ANALYSIS"),
                 after={"version": version.pk, "comments": count, **params}, note="开始意见分析")
    return analysis, True


def comment_analysis_start(*, actor, version: BillVersion, force: bool = False) -> CommentAnalysis:
    """Start the analysis of the comments on `version` in the background, or return the run that answers it.

    Idempotent: while a run is pending or running, that run is returned; when the newest finished run covers
    exactly the current comments with the current parameters, it is returned (unless `force`). A run killed
    half-way (no heartbeat for ANALYSIS_STALE_SECONDS) is marked failed and a new one starts.
    """
    from renda.legislation.tasks import analyze_version_comments

    analysis, created = _analysis_claim(actor=actor, version=version, force=force)
    if not created:
        return analysis
    try:
        result = analyze_version_comments.enqueue(analysis.pk)
    except Exception as exc:  # the queue is unavailable: the run fails visibly instead of waiting forever
        CommentAnalysis.objects.filter(pk=analysis.pk).update(
            status=AnalysisStatus.FAILED, finished_at=timezone.now(), error=f"无法提交后台任务：{type(exc).__name__}")
    else:
        CommentAnalysis.objects.filter(pk=analysis.pk).update(task_id=str(result.id)[:64])
    analysis.refresh_from_db()
    return analysis


class _ProgressWriter:
    """Writes progress (0–100) and the heartbeat to the row, at most once per PROGRESS_MIN_INTERVAL."""

    def __init__(self, pk: int, low: int = 0, high: int = 100) -> None:
        self.pk, self.low, self.high = pk, low, high
        self.last_write = 0.0
        self.last_value = -1

    def write(self, value: int, *, force: bool = False) -> None:
        value = max(0, min(100, int(value)))
        now = time.monotonic()
        if not force and (value == self.last_value or now - self.last_write < PROGRESS_MIN_INTERVAL):
            return
        self.last_write, self.last_value = now, value
        CommentAnalysis.objects.filter(pk=self.pk, status=AnalysisStatus.RUNNING).update(
            progress=value, heartbeat_at=timezone.now())

    def engine(self, done: int, total: int) -> None:
        if total:
            self.write(self.low + (self.high - self.low) * done / total)


def comment_analysis_run(analysis_id: int) -> CommentAnalysis | None:
    """The body of the background task: load the comments, run the engine, store the result.

    Runs outside any long transaction (progress must be visible to the page while it runs). A run that is no
    longer pending (taken by another worker, finished, failed) is left alone.
    """
    from renda.textmining import analyze_comments  # loads NumPy and more: only when it is used

    now = timezone.now()
    claimed = CommentAnalysis.objects.filter(pk=analysis_id, status=AnalysisStatus.PENDING).update(
        status=AnalysisStatus.RUNNING, started_at=now, heartbeat_at=now, progress=0)
    if not claimed:
        return CommentAnalysis.objects.filter(pk=analysis_id).first()
    analysis = CommentAnalysis.objects.select_related("version", "bill").defer("result", "summary").get(
        pk=analysis_id)
    version = analysis.version
    writer = _ProgressWriter(analysis.pk, low=10, high=95)
    try:
        refs = glue.provision_refs(version)
        expected = max(1, analysis.comment_count)
        rows = list(glue.comment_rows(version, refs=refs,
                                      on_row=lambda n: writer.write(min(10, 10 * n // expected))))
        writer.write(10, force=True)
        params = analysis.params or analysis_params(version.congress_id)
        result = analyze_comments(rows, threshold=params["threshold"],
                                  min_campaign_size=params["min_campaign_size"], progress=writer.engine)
        del rows
        writer.write(96, force=True)
        summary = glue.build_summary(result, refs)
    except Exception as exc:
        logging.getLogger(__name__).exception("comment analysis %s failed", analysis_id)
        CommentAnalysis.objects.filter(pk=analysis_id).update(
            status=AnalysisStatus.FAILED, finished_at=timezone.now(),
            error=f"分析失败（{type(exc).__name__}），请稍后重试或者联系管理员。")
        return CommentAnalysis.objects.filter(pk=analysis_id).first()
    with transaction.atomic():
        locked = CommentAnalysis.objects.select_for_update().defer("result", "summary").get(pk=analysis_id)
        if locked.status != AnalysisStatus.RUNNING:  # marked failed as stale meanwhile: keep that verdict
            return locked
        locked.result = result
        locked.summary = summary
        locked.status = AnalysisStatus.DONE
        locked.progress = 100
        locked.finished_at = locked.heartbeat_at = timezone.now()
        locked.save(update_fields=["result", "summary", "status", "progress", "finished_at", "heartbeat_at"])
        totals = result["totals"]
        audit.record(actor=None, action="analyze", obj=locked, congress_id=locked.congress_id,
                     rule=rules.get("LEG-COMMENT-ANALYSIS"), note="意见分析完成",
                     after={"comments": totals["comments"], "distinct": totals["distinct"],
                            "clusters": totals["clusters"], "campaigns": totals["campaigns"]})
    return locked


# ---- adoption decisions per provision ------------------------------------------------------------------------
def _article_label(version: BillVersion, article_eid: str) -> str:
    if not article_eid:
        return ""
    for row in texts.article_rows(texts.statute_of(version)):
        if row.eid == article_eid:
            return row.label
    raise ValidationError({"article_eid": "所选条文不在该文本中。"})


@transaction.atomic
def decision_save(*, actor, version: BillVersion, article_eid: str, outcome: str, reasons: str,
                  main_opinions: str = "", lock_version: int | None = None) -> ProvisionDecision:
    """Record (or change) whether the opinions on one article were adopted, with reasons (LEG-COMMENT-DECISION).

    `lock_version` is the version the form was rendered with; None means "there was no decision yet". When
    another clerk saved in between, ConflictError with a Chinese message.
    """
    version = BillVersion.objects.select_for_update().select_related("bill").get(pk=version.pk)
    bill = version.bill
    if not perms.can_decide_comments(actor, bill):
        raise PermissionDenied("您没有记录意见采纳情况的权限。")
    article_eid = (article_eid or "").strip()
    label = _article_label(version, article_eid)
    if outcome not in DecisionOutcome.values:
        raise ValidationError({"outcome": "请选择采纳、部分采纳或者未采纳。"})
    reasons = (reasons or "").strip()
    main_opinions = (main_opinions or "").strip()
    minimum = rules.param(version.congress_id, "LEG-COMMENT-DECISION", "min_reason_chars")
    if outcome != DecisionOutcome.ADOPTED and len(reasons) < minimum:
        raise rules.violation("LEG-COMMENT-DECISION",
                              f"{DecisionOutcome(outcome).label}的，须说明理由（不少于{minimum}个字）")
    if not reasons:
        raise ValidationError({"reasons": "请填写采纳情况的说明（如：已在草案修改稿第五条中吸收）。"})
    existing = ProvisionDecision.objects.select_for_update().filter(version=version, article_eid=article_eid).first()
    where = label or "总体意见"
    if existing is None:
        if lock_version not in (None, 0, -1):
            raise ConflictError(f"{where}的采纳情况已被他人删除或者尚未保存，请刷新页面后重新填写。")
        decision = ProvisionDecision(congress_id=version.congress_id, bill=bill, version=version,
                                     article_eid=article_eid, provision_label=label, outcome=outcome,
                                     reasons=reasons, main_opinions=main_opinions,
                                     decided_by=actor if getattr(actor, "pk", None) else None)
        decision.full_clean(validate_constraints=False)
        decision.save()
        audit.record(actor=actor, action="create", obj=decision, after=audit.snapshot(decision),
                     rule=rules.get("LEG-COMMENT-DECISION"))
        return decision
    try:
        check_version(existing, lock_version)
    except ConflictError:
        raise ConflictError(
            f"{where}的采纳情况已由{existing.decided_by or '他人'}修改（现为“{existing.get_outcome_display()}”），"
            "请刷新页面，核对后重新提交。") from None
    before = audit.snapshot(existing)
    existing.outcome, existing.reasons, existing.main_opinions = outcome, reasons, main_opinions
    existing.decided_by = actor if getattr(actor, "pk", None) else None
    existing.full_clean(validate_constraints=False)
    existing.lock_version += 1
    existing.save()
    audit.record(actor=actor, action="update", obj=existing, before=before, after=audit.snapshot(existing),
                 rule=rules.get("LEG-COMMENT-DECISION"))
    return existing


# ---- the public feedback notice (立法法 第四十条) ------------------------------------------------------------------
NOTICE_EDITABLE = ("title", "body")


@transaction.atomic
def notice_create(*, actor, version: BillVersion, title: str = "", body: str = "") -> FeedbackNotice:
    """A draft notice on how the comments on `version` were handled; prefilled from the decisions when empty."""
    version = BillVersion.objects.select_related("bill").get(pk=version.pk)
    bill = version.bill
    if not perms.can_manage_notices(actor, bill):
        raise PermissionDenied("您没有起草征求意见情况通报的权限。")
    if not BillComment.objects.filter(congress_id=version.congress_id, version=version).exists() and \
            not version.comment_periods.exists():
        raise rules.violation("LEG-COMMENT-FEEDBACK", "该文本没有征求意见，无需通报")
    if not (title or "").strip() or not (body or "").strip():
        draft_title, draft_body = selectors.notice_draft(version)
        title = (title or "").strip() or draft_title
        body = (body or "").strip() or draft_body
    notice = FeedbackNotice(congress_id=version.congress_id, bill=bill, version=version,
                            title=title.strip()[:200], body=body.strip(),
                            created_by=actor if getattr(actor, "pk", None) else None)
    return save_new(notice, actor=actor, rule=rules.get("LEG-COMMENT-FEEDBACK"))


@transaction.atomic
def notice_update(*, actor, notice: FeedbackNotice, lock_version: int, title: str, body: str) -> FeedbackNotice:
    locked = FeedbackNotice.objects.select_for_update().select_related("bill").get(pk=notice.pk)
    if not perms.can_manage_notices(actor, locked.bill):
        raise PermissionDenied("您没有修改征求意见情况通报的权限。")
    check_version(locked, lock_version)
    if locked.status != NoticeStatus.DRAFT:
        raise rules.violation("LEG-COMMENT-FEEDBACK", f"通报处于「{locked.get_status_display()}」状态，不能修改")
    return save_update(locked, {"title": (title or "").strip()[:200], "body": (body or "").strip()}, actor=actor,
                       snap=audit.snapshot)


def notice_transition(*, actor, notice: FeedbackNotice, action: str, note: str = "", **ctx) -> FeedbackNotice:
    return NOTICE_WORKFLOW.apply(notice, action, actor=actor, note=note, **ctx)
