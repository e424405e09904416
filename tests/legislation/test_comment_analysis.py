"""The comment analysis as a background task: results equal to the engine's, progress, idempotent runs,
a stale run restarted, the page (progress fragment, charts data, a comment under its article), access."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from tests.legislation.conftest import _aware

from renda.legislation import analysis as glue
from renda.legislation import selectors, services
from renda.legislation.models import AnalysisStatus, BillComment, CommentAnalysis, Stage

pytestmark = pytest.mark.django_db

def test_task_result_equals_engine_on_the_same_comments(commented):
    from renda.textmining import analyze_comments

    c = commented
    run = services.comment_analysis_start(actor=c.clerk, version=c.draft)
    assert run.status == AnalysisStatus.DONE
    assert run.progress == 100
    assert run.comment_count == 31
    stored = CommentAnalysis.objects.get(pk=run.pk)
    params = services.analysis_params(c.congress)
    direct = analyze_comments(list(glue.comment_rows(c.draft)), **params)
    assert stored.result == direct
    # the campaign on 第五条 is found, collapsed (not deleted) and counted per article
    per = stored.result["per_provision"]
    assert per["第五条"]["comments"] == 25
    assert per["第五条"]["campaign_comments"] == 25
    assert stored.result["totals"]["campaigns"] == 1
    assert sum(cl["size"] for cl in stored.result["clusters"]) + stored.result["totals"]["singletons"] == 31
    assert BillComment.objects.filter(version=c.draft).count() == 31
    # participants: one person with the same contact written two ways counts once; 李四 once for three comments
    assert per[""]["comments"] == 3 and per[""]["participants"] == 2
    assert per["第三条"]["participants"] == 1


def test_summary_links_articles_and_keeps_no_personal_data(commented):
    c = commented
    run = services.comment_analysis_start(actor=c.clerk, version=c.draft)
    summary = CommentAnalysis.objects.get(pk=run.pk).summary
    labels = [p["label"] for p in summary["provisions"]]
    assert labels == ["总体意见", "第三条", "第五条"]  # text order
    fifth = next(p for p in summary["provisions"] if p["label"] == "第五条")
    assert fifth["eid"] == c.eids["第五条"]
    assert fifth["campaigns"] and fifth["campaigns"][0]["share"] == 1.0
    dump = str(summary) + str(run.result)
    for secret in ("群众1", "李四", "王五", "13900001111", "13900009999"):
        assert secret not in dump


def test_progress_reaches_100_and_is_written_along_the_way(commented, monkeypatch):
    c = commented
    seen = []
    original = services._ProgressWriter.write

    def spy(self, value, *, force=False):
        seen.append(int(value))
        return original(self, value, force=True)  # no throttling in the test: every step is written

    monkeypatch.setattr(services._ProgressWriter, "write", spy)
    run = services.comment_analysis_start(actor=c.clerk, version=c.draft)
    assert run.progress == 100
    assert seen == sorted(seen)  # monotone
    assert any(0 < v < 100 for v in seen)


def test_rerun_is_idempotent(commented):
    c = commented
    first = services.comment_analysis_start(actor=c.clerk, version=c.draft)
    again = services.comment_analysis_start(actor=c.clerk, version=c.draft)
    assert again.pk == first.pk  # nothing changed: the finished run answers
    assert CommentAnalysis.objects.filter(version=c.draft).count() == 1
    forced = services.comment_analysis_start(actor=c.clerk, version=c.draft, force=True)
    assert forced.pk != first.pk and forced.status == AnalysisStatus.DONE
    assert CommentAnalysis.objects.get(pk=forced.pk).result == CommentAnalysis.objects.get(pk=first.pk).result
    # a new comment: a new run
    services.comment_add(actor=c.clerk, bill=c.bill, version=c.draft, text="建议增加河长制考核的内容。", source="deputy",
                         eid=c.eids["第三条"], submitted_at=_aware(dt.date(2026, 3, 28)))
    newer = services.comment_analysis_start(actor=c.clerk, version=c.draft)
    assert newer.pk not in (first.pk, forced.pk) and newer.comment_count == 32


def test_running_run_is_returned_and_stale_run_restarted(commented):
    c = commented
    running = CommentAnalysis.objects.create(congress=c.congress, bill=c.bill, version=c.draft,
                                             status=AnalysisStatus.RUNNING, progress=40, comment_count=31,
                                             started_at=timezone.now(), heartbeat_at=timezone.now())
    assert services.comment_analysis_start(actor=c.clerk, version=c.draft).pk == running.pk
    old = timezone.now() - dt.timedelta(seconds=services.ANALYSIS_STALE_SECONDS + 5)
    CommentAnalysis.objects.filter(pk=running.pk).update(heartbeat_at=old)
    fresh = services.comment_analysis_start(actor=c.clerk, version=c.draft)
    assert fresh.pk != running.pk and fresh.status == AnalysisStatus.DONE
    running.refresh_from_db()
    assert running.status == AnalysisStatus.FAILED and "中断" in running.error
    # the task on a run that is no longer pending does nothing
    assert services.comment_analysis_run(running.pk).status == AnalysisStatus.FAILED


def test_engine_failure_marks_the_run_failed(commented, monkeypatch):
    c = commented

    def boom(*a, **k):
        raise MemoryError

    monkeypatch.setattr("renda.textmining.analyze_comments", boom)
    run = services.comment_analysis_start(actor=c.clerk, version=c.draft)
    assert run.status == AnalysisStatus.FAILED and "分析失败" in run.error


def test_no_comments_is_a_clear_error(leg_world):
    from django.core.exceptions import ValidationError

    c = leg_world
    draft = c.bill.versions.get(stage=Stage.DRAFT)
    with pytest.raises(ValidationError, match="还没有意见"):
        services.comment_analysis_start(actor=c.clerk, version=draft)


def test_page_start_button_progress_and_comment_under_its_article(commented, client):
    c = commented
    client.force_login(c.clerk)
    url = f"/legislation/versions/{c.draft.pk}/analysis/"
    page = client.get(url)
    assert page.status_code == 200 and "开始分析" in page.content.decode()
    r = client.post(f"{url}start/")
    assert r.status_code == 302
    page = client.get(url).content.decode()
    assert 'id="analysis-data"' in page and "<script>" not in page.replace('<script id="analysis-data"', "")
    assert "疑似集中意见/群发" in page
    assert re.search(r"\bK\d{4}\b", page) is None and "第1组" in page  # groups by number, never the engine's ids
    assert re.search(r'\son[a-z]+="', page) is None
    run = selectors.latest_analysis(c.draft)
    frag = client.get(f"/legislation/analyses/{run.pk}/progress/", HTTP_HX_REQUEST="true")
    assert frag.status_code == 200 and frag["HX-Refresh"] == "true"
    assert 'hx-trigger="every 2s"' not in frag.content.decode()
    # a running run polls every 2 s
    CommentAnalysis.objects.filter(pk=run.pk).update(status=AnalysisStatus.RUNNING, progress=42,
                                                     heartbeat_at=timezone.now())
    frag = client.get(f"/legislation/analyses/{run.pk}/progress/", HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 2s"' in frag and 'value="42"' in frag
    # clicking 第五条 shows its comments (the per-article page)
    detail = client.get(f"/legislation/versions/{c.draft.pk}/comments/?article={c.eids['第五条']}").content.decode()
    assert "第五条" in detail and "罚款标准" in detail


def test_public_comment_on_article_five_appears_under_it(commented, client):
    """A comment entered on the portal (comment_submit_public) on 第五条 is under 第五条 in the analysis."""
    from renda.legislation.workflow import REFERENCE_TODAY

    c = commented
    period = c.period
    token = REFERENCE_TODAY.set(dt.date(2026, 4, 1))
    try:
        services.comment_submit_public(period=period, text="第五条的罚款下限建议降低到五百元，给初次违法者改正机会。",
                                       eid=c.eids["第五条"], name="赵六", contact="zhao@example.com",
                                       submitted_at=_aware(dt.date(2026, 4, 1)))
    finally:
        REFERENCE_TODAY.reset(token)
    run = services.comment_analysis_start(actor=c.clerk, version=c.draft)
    fifth = next(p for p in CommentAnalysis.objects.get(pk=run.pk).summary["provisions"] if p["label"] == "第五条")
    assert fifth["comments"] == 26
    client.force_login(c.clerk)
    page = client.get(f"/legislation/versions/{c.draft.pk}/analysis/").content.decode()
    row = page.split(f'id="p-{c.eids["第五条"]}"')[1].split("</tr>")[0]
    assert "第五条的罚款下限建议降低到五百元" in row or "26" in row
    detail = client.get(f"/legislation/versions/{c.draft.pk}/comments/?article={c.eids['第五条']}").content.decode()
    assert "第五条的罚款下限建议降低到五百元" in detail


@pytest.mark.parametrize("who", ["unit_user", "other_unit_user", "outsider_clerk", "deputy", "member"])
def test_analysis_pages_are_404_for_others(commented, client, who):
    c = commented
    run = services.comment_analysis_start(actor=c.clerk, version=c.draft)
    client.force_login(getattr(c, who))
    for url in (f"/legislation/versions/{c.draft.pk}/analysis/", f"/legislation/analyses/{run.pk}/progress/",
                f"/legislation/versions/{c.draft.pk}/comment-report.docx",
                f"/legislation/versions/{c.draft.pk}/comment-report.xlsx",
                f"/legislation/versions/{c.draft.pk}/decision/?article="):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/legislation/versions/{c.draft.pk}/analysis/start/").status_code == 404


def test_anonymous_is_sent_to_login(commented, client):
    r = client.get(f"/legislation/versions/{commented.draft.pk}/analysis/")
    assert r.status_code == 302 and "login" in r["Location"]


def test_names_and_contacts_are_encrypted_at_rest(commented):
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT name, contact, participant FROM legislation_billcomment WHERE name <> '' LIMIT 5")
        rows = cur.fetchall()
    assert rows
    for name, contact, participant in rows:
        assert "群众" not in name and "李四" not in name and not contact.startswith("139")
        assert len(participant) == 64


def test_analysis_page_query_count_does_not_grow(commented, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = commented
    services.comment_analysis_start(actor=c.clerk, version=c.draft)
    services.decision_save(actor=c.clerk, version=c.draft, article_eid="", outcome="adopted", reasons="已吸收。")
    client.force_login(c.clerk)
    url = f"/legislation/versions/{c.draft.pk}/analysis/"

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for label in ("第三条", "第五条"):
        services.decision_save(actor=c.clerk, version=c.draft, article_eid=c.eids[label], outcome="adopted",
                               reasons="已吸收。")
    services.comment_analysis_start(actor=c.clerk, version=c.draft, force=True)
    services.notice_create(actor=c.clerk, version=c.draft)
    assert count() == before
