"""The public feedback notice (立法法 第四十条): drafted from the decisions, published through the workflow,
visible anonymously only when published, listed by `published_feedback_notices`."""

import datetime as dt
import re

import pytest

from renda.core.errors import ConflictError, RuleViolation
from renda.legislation import selectors, services
from renda.legislation.models import CommentPeriod, NoticeStatus

pytestmark = pytest.mark.django_db


def _close(c):
    period = CommentPeriod.objects.get(bill=c.bill, status="open")
    services.period_transition(actor=c.clerk, period=period, action="close", on=dt.date(2026, 4, 23))


def _notice(c):
    services.comment_analysis_start(actor=c.clerk, version=c.draft)
    services.decision_save(actor=c.clerk, version=c.draft, article_eid=c.eids["第五条"], outcome="partly",
                           reasons="罚款下限降低为五百元，上限维持一万元。", main_opinions="认为罚款标准过高")
    return services.notice_create(actor=c.clerk, version=c.draft)


def test_draft_is_prefilled_from_decisions(commented):
    c = commented
    n = _notice(c)
    assert n.status == NoticeStatus.DRAFT
    assert "征求意见情况的通报" in n.title
    assert "共收到意见31条" in n.body and "部分采纳的意见" in n.body and "罚款下限降低为五百元" in n.body
    assert "1390000" not in n.body and "李四" not in n.body


def test_publish_needs_the_period_closed_and_is_audited(commented):
    c = commented
    n = _notice(c)
    with pytest.raises(RuleViolation, match="结束后方可通报"):
        services.notice_transition(actor=c.clerk, notice=n, action="publish", on=dt.date(2026, 4, 20))
    _close(c)
    n = services.notice_transition(actor=c.clerk, notice=n, action="publish", on=dt.date(2026, 4, 25))
    assert n.status == NoticeStatus.PUBLISHED and n.published_on == dt.date(2026, 4, 25)
    assert selectors.history(n).filter(action="transition").exists()
    assert list(selectors.published_feedback_notices(c.congress)) == [n]
    assert list(selectors.published_feedback_notices(c.congress, bill=c.other_bill)) == []
    assert list(selectors.published_feedback_notices(c.other.congress)) == []


def test_personal_data_in_the_text_blocks_publication(commented):
    c = commented
    n = _notice(c)
    _close(c)
    n = services.notice_update(actor=c.clerk, notice=n, lock_version=n.lock_version, title=n.title,
                               body=n.body + "\n如有疑问请联系13912345678。")
    with pytest.raises(RuleViolation, match="个人信息"):
        services.notice_transition(actor=c.clerk, notice=n, action="publish", on=dt.date(2026, 4, 25))
    with pytest.raises(ConflictError):
        services.notice_update(actor=c.clerk, notice=n, lock_version=0, title=n.title, body="x")


def test_public_page_only_when_published(commented, client):
    c = commented
    n = _notice(c)
    url = f"/legislation/public/{c.congress.code}/feedback/{n.pk}/"
    assert client.get(url).status_code == 404  # draft
    _close(c)
    services.notice_transition(actor=c.clerk, notice=n, action="publish", on=dt.date(2026, 4, 25))
    r = client.get(url)
    assert r.status_code == 200
    page = r.content.decode()
    assert n.title in page and "共收到意见31条" in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)  # a portal page: no inline script
    assert client.get(f"/legislation/public/{c.other.congress.code}/feedback/{n.pk}/").status_code == 404
    assert client.get(f"/legislation/public/{c.congress.code}/feedback/{n.pk + 999}/").status_code == 404
    services.notice_transition(actor=c.clerk, notice=n, action="withdraw", note="内容有误，撤回修改")
    assert client.get(url).status_code == 404


def test_staff_pages_and_access(commented, client):
    c = commented
    services.comment_analysis_start(actor=c.clerk, version=c.draft)
    client.force_login(c.clerk)
    r = client.post(f"/legislation/versions/{c.draft.pk}/notices/new/")
    assert r.status_code == 302
    n = selectors.notices(c.bill)[0]
    page = client.get(f"/legislation/notices/{n.pk}/").content.decode()
    assert "向社会公布" in page
    for who in ("unit_user", "outsider_clerk", "deputy"):
        client.force_login(getattr(c, who))
        assert client.get(f"/legislation/notices/{n.pk}/").status_code == 404
        assert client.post(f"/legislation/notices/{n.pk}/do/publish/").status_code == 404
