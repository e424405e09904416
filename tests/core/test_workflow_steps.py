"""What a step does, on its own row (renda.core.workflow.Transition): `effect` before the row is saved, `then` once it
is saved (it reads the new state from the database), and `default_note` for the history when the person wrote none."""

import datetime as dt

import pytest

from renda.core.audit import AuditEvent
from renda.core.workflow import Transition, Workflow
from renda.portal.models import NewsArticle, NewsStatus

AT = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)


def _publish(article, **_):
    article.published_at = AT


@pytest.fixture
def article(cast):
    return NewsArticle.objects.create(congress=cast.congress, title="稿件", category="committee", body="正文")


def test_effect_before_the_save_then_after_it_and_the_default_note_only_when_blank(cast, article):
    seen = []

    def then(obj, *, actor, note, **data):
        # The row is saved by now: `then` reads its new state (and the effect's fields) from the database.
        row = NewsArticle.objects.get(pk=obj.pk)
        seen.append((row.status, row.published_at, note, data["place"]))

    flow = Workflow(name="test.news", states=NewsStatus, transitions=[
        Transition("publish", "审核发布", (NewsStatus.DRAFT,), NewsStatus.PUBLISHED, rule="PORTAL-NEWS",
                   effect=_publish, then=then,
                   default_note=lambda obj, *, step, place, **_: f"{step.label}：{obj.title}（{place}）"),
        Transition("withdraw", "撤回", (NewsStatus.PUBLISHED,), NewsStatus.DRAFT, rule="PORTAL-NEWS",
                   default_note=lambda obj, **_: "不应出现"),
    ])

    flow.apply(article, "publish", actor=cast.clerk, place="网站")
    assert seen == [(NewsStatus.PUBLISHED, AT, "审核发布：稿件（网站）", "网站")]
    notes = list(AuditEvent.objects.filter(object_id=str(article.pk), action="transition").values_list("note", flat=True))
    assert notes == ["审核发布：稿件（网站）"]

    flow.apply(article, "withdraw", actor=cast.clerk, note="  有误，撤回  ")  # a note written: no default
    assert AuditEvent.objects.filter(object_id=str(article.pk), action="transition").last().note.strip() == "有误，撤回"
