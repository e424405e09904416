"""The analysis page in a real browser: 开始分析, the progress bar polled by htmx until the run finishes (then the
page reloads by itself), the ECharts charts drawn from json_script, and a click through to 第五条's comments."""

import pytest
from django.utils import timezone
from tests.conftest import sign_in

pytestmark = [pytest.mark.browser]



def test_progress_polls_until_done_then_charts_and_article_five(transactional_db, live_server, commented,
                                                                  page):
    from renda.legislation import services
    from renda.legislation.models import AnalysisStatus, CommentAnalysis

    c = commented
    base = live_server.url
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "Failed to load resource"
            not in m.text else None)  # a missing resource is caught below, by its address
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400
            and not r.url.endswith("/favicon.ico") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    sign_in(page, base, "clerk", c.password)
    # a run in progress: the page polls the fragment every 2 s
    run = CommentAnalysis.objects.create(congress=c.congress, bill=c.bill, version=c.draft,
                                         status=AnalysisStatus.PENDING, comment_count=31)
    CommentAnalysis.objects.filter(pk=run.pk).update(status=AnalysisStatus.RUNNING, progress=37,
                                                     started_at=timezone.now(), heartbeat_at=timezone.now())
    page.goto(f"{base}/legislation/versions/{c.draft.pk}/analysis/")
    assert page.locator("progress").get_attribute("value") == "37"
    CommentAnalysis.objects.filter(pk=run.pk).update(progress=64, heartbeat_at=timezone.now())
    page.wait_for_selector("progress[value='64']")  # swapped in by htmx (no eval: the CSP forbids it)
    # the worker finishes it (here: the task body runs it from pending)
    CommentAnalysis.objects.filter(pk=run.pk).update(status=AnalysisStatus.PENDING)
    services.comment_analysis_run(run.pk)
    page.wait_for_selector("#analysis-data", state="attached", timeout=20000)  # HX-Refresh reloaded the page
    page.wait_for_selector("[data-analysis-chart='provisions'] svg")
    page.wait_for_selector("[data-analysis-chart='timeline'] svg")
    assert "疑似集中意见/群发" in page.inner_text("main")
    page.locator(f"#p-{c.eids['第五条']} th a").first.click()
    page.wait_for_selector("text=罚款标准")
    assert "第五条" in page.inner_text("#article-comments")
    assert not errors, errors
