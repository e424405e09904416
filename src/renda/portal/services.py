"""All writes of the portal: keyword-only, atomic, validated, audited.

- the news desk: `news_create`, `news_update`, `news_transition` (publish / withdraw);
- the public comment on a draft: `comment_submit` — idempotent by the form's one-time token. The comment itself
  is written by `renda.legislation.services.comment_submit_public` (which refuses it outside the period, rule
  LEG-PUBLIC-COMMENT, and checks the provision eId); the portal records the token and the reader's contact
  (encrypted) in `PublicSubmission` in the same transaction. A retried POST with the same token, even from another
  process at the same moment, finds that record (unique column) and makes no second comment.

Personal data (the contact) never enters the audit trail: the record says only whether one was given.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from renda.core import audit, rules
from renda.core.locking import check_version
from renda.core.writes import known_fields, save_new, save_update, stripped
from renda.legislation import services as leg_services
from renda.legislation.models import BillComment, CommentPeriod
from renda.portal import permissions as perms
from renda.portal.models import NewsArticle, NewsCategory, NewsStatus, PublicSubmission, SubmissionKind
from renda.portal.workflow import NEWS_WORKFLOW

NEWS_FIELDS = ["title", "category", "summary", "body", "source"]


def _clean_news(data: dict) -> dict:
    known_fields(data, NEWS_FIELDS, "news")
    out = stripped(data, blank_none=True)
    if "category" in out and out["category"] not in NewsCategory.values:
        raise ValidationError({"category": "请选择栏目。"})
    if "body" in out:
        out["body"] = out["body"].replace("\r\n", "\n")
    return out


@transaction.atomic
def news_create(*, actor, title: str, category: str, body: str, summary: str = "", source: str = "") -> NewsArticle:
    if not perms.can_create_news(actor):
        raise PermissionDenied("您没有撰写新闻宣传稿件的权限。")
    data = _clean_news({"title": title, "category": category, "body": body, "summary": summary, "source": source})
    article = NewsArticle(congress_id=actor.congress_id, created_by=actor, status=NewsStatus.DRAFT, **data)
    return save_new(article, actor=actor, snap=lambda row: audit.snapshot(row, [*NEWS_FIELDS, "status"]))


@transaction.atomic
def news_update(*, actor, article: NewsArticle, lock_version: int, **data) -> NewsArticle:
    locked = NewsArticle.objects.select_for_update().get(pk=article.pk)
    if not perms.can_edit_news(actor, locked):
        raise PermissionDenied("您没有修改该稿件的权限。")
    check_version(locked, lock_version)
    return save_update(locked, _clean_news(data), actor=actor, snap=lambda row: audit.snapshot(row, NEWS_FIELDS))


@transaction.atomic
def news_delete(*, actor, article: NewsArticle) -> None:
    """Delete a draft (a published article is withdrawn first, with its reason); the audit trail keeps it."""
    locked = NewsArticle.objects.select_for_update().get(pk=article.pk)
    if not perms.can_edit_news(actor, locked):
        raise PermissionDenied("您没有删除该稿件的权限。")
    if locked.status != NewsStatus.DRAFT:
        raise rules.violation("PORTAL-NEWS", "已发布的稿件须先撤回并说明理由，才能删除")
    audit.record(actor=actor, action="delete", obj=locked, before=audit.snapshot(locked, [*NEWS_FIELDS, "status"]))
    locked.delete()


def news_transition(*, actor, article: NewsArticle, action: str, note: str = "", **ctx) -> NewsArticle:
    """Publish (草稿 → 已发布) or withdraw (已发布 → 草稿, with the reason)."""
    return NEWS_WORKFLOW.apply(article, action, actor=actor, note=note, **ctx)


# ---- public comments on drafts ---------------------------------------------------------------------------------
def submission_for_token(token: str) -> PublicSubmission | None:
    return PublicSubmission.objects.select_related("comment").filter(token=token).first()


def comment_submit(*, period: CommentPeriod, token: str, text: str, eid: str = "", name: str = "",
                   contact: str = "") -> tuple[PublicSubmission, bool]:
    """An anonymous comment on the period's draft (eid '' = the draft as a whole); (submission, created).

    Idempotent by `token` (the id claimed from the form's signed one-time token): the first call creates the
    comment, every later call with the same token returns the same submission and creates nothing.
    """
    token = (token or "").strip()
    if not token or len(token) > 64:
        raise ValidationError("提交凭证无效，请刷新页面后重新填写。")
    existing = submission_for_token(token)
    if existing is not None:
        return existing, False
    max_chars = rules.param(period.congress_id, "PORTAL-COMMENT", "max_chars")
    text = (text or "").strip()
    if len(text) > max_chars:
        raise ValidationError({"text": f"意见内容不得超过 {max_chars} 字（现有 {len(text)} 字）。"})
    try:
        with transaction.atomic():
            comment: BillComment = leg_services.comment_submit_public(
                period=period, text=text, eid=eid, name=(name or "").strip()[:50],
                contact=(contact or "").strip()[:100])  # kept once, encrypted, on the comment (counts participants)
            submission = PublicSubmission(congress_id=period.congress_id, token=token,
                                          kind=SubmissionKind.BILL_COMMENT, period=period, comment=comment)
            submission.full_clean(validate_unique=False, validate_constraints=False)
            submission.save()
            audit.record(actor=None, action="create", obj=submission,
                         after={"comment": comment.pk, "period": period.pk, "eid": comment.eid,
                                "contact": "已填写" if comment.contact else ""},
                         note="门户网站征求意见")
    except IntegrityError:
        # The same token won a race in another request: its transaction committed first.
        existing = submission_for_token(token)
        if existing is None:
            raise
        return existing, False
    return submission, True
