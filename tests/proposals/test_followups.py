"""Follow-ups: commitment links only for those who may open them, progress attachments through the unit API,
merged suggestions on the public page, a fixed number of queries for similar/duplicate flagging, and email to
the deputies on progress reports and replies awaiting their verdict."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from tests.conftest import login
from tests.proposals.factories import assigned

from renda.core import attachments
from renda.core.errors import RuleViolation
from renda.core.models import Attachment
from renda.core.roles import Role
from renda.core.tokens import token_create
from renda.demo.builders import make_user
from renda.proposals import intelligence, selectors, services
from renda.proposals.models import Assignment, Commitment, ProgressReport, Proposal
from renda.proposals.models import Role as R

pytestmark = pytest.mark.django_db
D = dt.date
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00This program cannot be run in DOS mode.\r\n" * 4




def api(c, user, name="系统"):
    _, key = token_create(actor=c.admin, user=user, name=name)
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def reply(c, p, cls="B", on=None, commitments=()):
    on = on or D(2026, 5, 1)
    a = Assignment.objects.get(proposal=p, role__in=(R.LEAD, R.SEPARATE))
    return services.reply_submit(actor=c.unit_user, assignment=a, text=f"已研究办理（{cls}类）。", result_class=cls,
                                 communication="letter", signer="局长", today=on, commitments=list(commitments))


# ---- 1. commitment links ------------------------------------------------------------------------------------
def test_item_page_links_a_commitment_only_for_those_who_can_open_it(cast):
    c = cast
    co_deputy = c.city.deputies[3]
    co_user = make_user("co_dep", c.password, congress=c.congress, role=Role.DEPUTY, display_name="联名代表",
                        person=co_deputy.person)
    item = assigned(c, title="关于雨污分流改造的建议", assist="市教育局", cosigners=[co_deputy])
    reply(c, item, commitments=[services.CommitmentIn("2026年9月底前完成片区改造", D(2026, 9, 30))])
    commitment = Commitment.objects.get()
    link = f'href="/proposals/commitments/{commitment.pk}/"'
    expected = {  # who may open the commitment: the office, leadership, committees, members, the unit that
        # made it and the item's lead deputy; the assisting unit and a co-signer see it without a link.
        c.clerk: True, c.leader: True, c.committee: True, c.member: True, c.admin: True, c.deputy: True,
        c.unit_user: True, c.other_unit_user: False, co_user: False,
    }
    for user, can in expected.items():
        client = login(user)
        page = client.get(f"/proposals/{item.pk}/")
        assert page.status_code == 200, user
        html = page.content.decode()
        assert "2026年9月底前完成片区改造" in html, user  # everyone who sees the item sees the commitment
        assert (link in html) is can, user
        # The link is rendered exactly when following it works (no link to a 404).
        assert client.get(f"/proposals/commitments/{commitment.pk}/").status_code == (200 if can else 404), user


# ---- 2. progress attachments through the unit API ---------------------------------------------------------
@pytest.fixture
def key(cast):
    """A 重点督办 item: 市水务局 主办, 市教育局 协办, 城建环保委 in charge."""
    c = cast
    c.item = assigned(c, title="关于综合治理水环境的建议", assist="市教育局", on=D(2026, 3, 2))
    c.item = services.supervise(actor=c.clerk, proposal=c.item, supervisor=c.city.vice_chairs[0],
                                body=c.city.bodies["cjhb"], today=D(2026, 3, 5))
    c.lead = Assignment.objects.get(proposal=c.item, role="lead")
    c.assist = Assignment.objects.get(proposal=c.item, role="assist")
    return c


def test_unit_api_files_a_progress_report_with_an_attachment(key):
    c = key
    url = f"/api/v1/proposals/assignments/{c.lead.pk}/progress"
    client = api(c, c.unit_user, "水务局")
    resp = client.post(url, {"text": "雨污分流改造完成 9 公里。", "reported_on": "2026-04-10",
                             "attachment": SimpleUploadedFile("进展报告.pdf", PDF, content_type="application/pdf")})
    assert resp.status_code == 201, resp.content
    body = resp.json()
    report = ProgressReport.objects.get(pk=body["id"])
    assert report.reported_on == D(2026, 4, 10) and report.reporter.name == "市水务局"
    att = attachments.for_object(report).get()
    assert (att.name, att.media_type, att.size) == ("进展报告.pdf", "application/pdf", len(PDF))
    assert body["attachments"] == [{"id": att.pk, "name": "进展报告.pdf", "size": len(PDF),
                                    "media_type": "application/pdf"}]
    # The office sees it on the item's page and downloads it; the API lists and serves it to the unit.
    assert "进展报告.pdf" in login(c.clerk).get(f"/proposals/{c.item.pk}/").content.decode()
    assert login(c.clerk).get(f"/attachments/{att.pk}/").status_code == 200
    rows = client.get(url).json()
    assert rows[0]["attachments"][0]["name"] == "进展报告.pdf"
    download = client.get(f"{url}/{report.pk}/attachments/{att.pk}")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    # Without a file, multipart works too; JSON still works as before.
    assert client.post(url, {"text": "完成 12 公里。"}).status_code == 201
    resp = client.post(url, json.dumps({"text": "完成 15 公里。", "reported_on": "2026-04-20"}),
                       content_type="application/json")
    assert resp.status_code == 201 and resp.json()["attachments"] == []
    assert ProgressReport.objects.count() == 3 and Attachment.objects.count() == 1


def test_unit_api_refuses_a_fake_pdf_a_too_big_file_and_another_units_item(key, settings):
    c = key
    url = f"/api/v1/proposals/assignments/{c.lead.pk}/progress"
    client = api(c, c.unit_user, "水务局")
    # An executable named .pdf and declared as PDF: refused by content, 400 in Chinese, nothing stored.
    resp = client.post(url, {"text": "进展", "attachment": SimpleUploadedFile(
        "进展.pdf", EXE, content_type="application/pdf")})
    assert resp.status_code == 400, resp.content
    assert "文件类型不允许" in resp.json()["detail"] and "attachment" in resp.json()["errors"]
    assert not ProgressReport.objects.exists() and not Attachment.objects.exists()
    # Over the size limit: 413 in Chinese, nothing stored.
    settings.RENDA_MAX_UPLOAD_BYTES = 32
    resp = client.post(url, {"text": "进展", "attachment": SimpleUploadedFile("进展.pdf", PDF)})
    assert resp.status_code == 413 and "文件过大" in resp.json()["detail"]
    assert not ProgressReport.objects.exists() and not Attachment.objects.exists()
    # Bad bodies: a Chinese 400/422, never a 500.
    resp = client.post(url, "{not json", content_type="application/json")
    assert resp.status_code == 400 and "JSON" in resp.json()["detail"]
    resp = client.post(url, {"reported_on": "2026-04-10"})
    assert resp.status_code == 422 and resp.json()["detail"] == "请求数据格式不正确。"
    resp = client.post(url, {"text": "进展", "reported_on": "2026-02-30"})
    assert resp.status_code == 422
    # Another unit: the lead unit's assignment does not exist for it (404), with or without a file.
    other = api(c, c.other_unit_user, "教育局")
    resp = other.post(url, {"text": "冒充", "attachment": SimpleUploadedFile("进展.pdf", PDF)})
    assert resp.status_code == 404
    resp = other.post(url, json.dumps({"text": "冒充"}), content_type="application/json")
    assert resp.status_code == 404
    assert not ProgressReport.objects.exists() and not Attachment.objects.exists()


# ---- 3. public page -----------------------------------------------------------------------------------------
def _suggestion(c, title, deputy, **kw):
    return services.proposal_submit(
        actor=c.clerk, title=title, lead_deputy=deputy, received_on=D(2026, 3, 2),
        content=kw.pop("content", "城区河道黑臭反弹，建议加快截污纳管、清淤疏浚和生态补水，建立长效管护机制。"), **kw)


def _merge_assign_reply(c, main, *children):
    for child in children:
        services.proposal_merge(actor=c.clerk, proposal=child, main=main, today=D(2026, 3, 4))
    services.proposal_assign(actor=c.clerk, proposal=main, units=[(c.city.units["市水务局"], R.LEAD, "")],
                             today=D(2026, 3, 5))
    reply(c, main, cls="A", commitments=[])


def test_public_page_lists_merged_suggestions_with_their_own_deputies(cast):
    c = cast
    deps = c.city.deputies
    main = _suggestion(c, "关于系统治理城区黑臭水体的建议", deps[-1])
    dup = _suggestion(c, "关于加快整治城区黑臭河道的建议", deps[-2], cosigners=[deps[5]])
    secret = _suggestion(c, "关于保密河道事项的建议", deps[-3], confidential=True)
    private = _suggestion(c, "关于河道整治涉及个人事项的建议", deps[-4])
    Proposal.objects.filter(pk=private.pk).update(flags=["personal"])
    _merge_assign_reply(c, main, dup, secret, private)
    # A confidential main item hides the suggestions merged into it, too.
    hidden_main = _suggestion(c, "关于保密的水体治理建议", deps[-5], confidential=True)
    hidden_dup = _suggestion(c, "关于并入保密件的河道建议", deps[-6])
    _merge_assign_reply(c, hidden_main, hidden_dup)
    # A main item not yet replied is not on the page, nor what is merged into it.
    pending = _suggestion(c, "关于尚未答复的水体建议", deps[-7])
    pending_dup = _suggestion(c, "关于并入未答复件的河道建议", deps[-8])
    services.proposal_merge(actor=c.clerk, proposal=pending_dup, main=pending, today=D(2026, 3, 4))

    resp = Client().get(f"/proposals/public/{c.congress.code}/")
    assert resp.status_code == 200
    page = resp.content.decode()
    assert main.title in page and "已研究办理（A类）" in page
    # The merged suggestion: its title, its own lead deputy and co-signer, pointing to the main item's reply.
    assert dup.title in page and dup.number in page
    assert deps[-2].person.name in page and deps[5].person.name in page
    assert f'id="p-{dup.pk}"' in page and f'id="p-{main.pk}"' in page
    assert f'href="#p-{main.pk}">答复见主件 {main.number} 的答复' in page
    start = page.index(f'id="p-{dup.pk}"')
    assert page.index(f'href="#p-{main.pk}"', start) < page.index("</article>", start)
    # Hidden: confidential or private merged suggestions, and whatever is merged into an unpublished item.
    for p in (secret, private, hidden_main, hidden_dup, pending, pending_dup):
        assert p.title not in page, p.title
        assert f'id="p-{p.pk}"' not in page
    assert deps[-3].person.name not in page and deps[-4].person.name not in page


def test_public_page_uses_a_fixed_number_of_queries(cast):
    c = cast
    deps = c.city.deputies

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert Client().get(f"/proposals/public/{c.congress.code}/").status_code == 200
        return len(ctx)

    main = _suggestion(c, "关于系统治理城区黑臭水体的建议", deps[-1])
    _merge_assign_reply(c, main, _suggestion(c, "关于整治黑臭河道的建议", deps[-2], cosigners=[deps[5]]))
    few = count()
    for i in range(3):
        m = _suggestion(c, f"关于第{i}片区水体治理的建议", deps[i], cosigners=[deps[10 + i]])
        _merge_assign_reply(c, m, *[_suggestion(c, f"关于第{i}片区河道的建议{j}", deps[6 + j], cosigners=[deps[14]])
                                    for j in range(3)])
    assert count() == few
    assert len(selectors.public_page(c.congress.pk)) == 4


# ---- 4. similar/duplicate flagging: a fixed number of queries -------------------------------------------------
def test_similar_and_duplicate_flagging_use_a_fixed_number_of_queries(cast, django_assert_max_num_queries):
    c = cast
    text = "城区河道黑臭反弹，建议加快截污纳管、清淤疏浚和生态补水，建立长效管护机制，改善城区水环境质量。"

    def add(n, start):
        return [_suggestion(c, f"关于整治城区黑臭河道的建议（{start + i}）", c.city.deputies[i % 10], content=text)
                for i in range(n)]

    def measure(p):
        intelligence.forget()
        intelligence.similar(p)  # build the index once (one more query, the same for any size)
        client = login(c.clerk)
        client.get(f"/proposals/{p.pk}/")
        with CaptureQueriesContext(connection) as page:
            html = client.get(f"/proposals/{p.pk}/").content.decode()
        with CaptureQueriesContext(connection) as flag:
            dups = intelligence.likely_duplicates(p)
        return len(page), len(flag), html, dups

    first = add(3, 0)
    few_page, few_flag, html, dups = measure(first[0])
    assert len(dups) == 2 and "可能重复，建议并案" in html
    add(12, 3)
    many_page, many_flag, html, dups = measure(first[0])
    assert len(dups) == 10 and html.count("可能重复，建议并案") == 5  # the page lists the 5 most similar
    assert (many_page, many_flag) == (few_page, few_flag)
    with django_assert_max_num_queries(2):  # index signature + the items, whatever the number of hits
        intelligence.likely_duplicates(first[0])
    # The flags themselves: every near-duplicate is flagged, best first, never the item itself.
    assert first[0] not in [q for q, _ in dups] and [s for _, s in dups] == sorted((s for _, s in dups), reverse=True)


# ---- 5. email to the deputies ---------------------------------------------------------------------------------
@pytest.fixture
def merged_key(key):
    """The key item's lead deputy (c.deputy) and the lead deputy of a suggestion merged into it have emails;
    the lead deputy of a second merged suggestion has none."""
    c = key
    deps = c.city.deputies
    c.deputy.email = "lead.deputy@example.cn"
    c.deputy.save(update_fields=["email"])
    c.dup_user = make_user("dup_dep", c.password, congress=c.congress, role=Role.DEPUTY, display_name="另一代表",
                           person=deps[-2].person)
    c.dup_user.email = "dup.deputy@example.cn"
    c.dup_user.save(update_fields=["email"])
    make_user("noemail_dep", c.password, congress=c.congress, role=Role.DEPUTY, display_name="无邮箱代表",
              person=deps[-3].person)
    # Merge before 交办: a fresh main item with two suggestions merged into it, then assigned and supervised.
    main = _suggestion(c, "关于系统治理城区黑臭水体的建议", deps[-1])
    c.dup = _suggestion(c, "关于加快整治城区黑臭河道的建议", deps[-2])
    c.quiet = _suggestion(c, "关于河道生态补水的建议", deps[-3])
    for child in (c.dup, c.quiet):
        services.proposal_merge(actor=c.clerk, proposal=child, main=main, today=D(2026, 3, 4))
    services.proposal_assign(actor=c.clerk, proposal=main, units=[(c.city.units["市水务局"], R.LEAD, "")],
                             today=D(2026, 3, 5))
    c.main = services.supervise(actor=c.clerk, proposal=main, supervisor=c.city.vice_chairs[0],
                                body=c.city.bodies["cjhb"], today=D(2026, 3, 6))
    return c


def test_deputies_are_emailed_when_progress_is_reported(merged_key, mailoutbox, django_capture_on_commit_callbacks):
    c = merged_key
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.progress_report_file(actor=c.unit_user, proposal=c.main, text="成立专班，完成排查。",
                                      reported_on=D(2026, 4, 1), today=D(2026, 4, 2))
        assert mailoutbox == []  # nothing leaves before the transaction commits
    assert len(callbacks) == 2  # one outbox delivery per deputy's address
    by_to = {m.to[0]: m for m in mailoutbox}
    assert set(by_to) == {"lead.deputy@example.cn", "dup.deputy@example.cn"}  # not the one without an email
    lead, dup = by_to["lead.deputy@example.cn"], by_to["dup.deputy@example.cn"]
    assert lead.subject == f"【重点督办建议办理进展】{c.main.number} {c.main.title}"
    assert "成立专班，完成排查。" in lead.body and "市水务局" in lead.body and "2026年04月01日" in lead.body
    assert c.city.deputies[-1].person.name in lead.body
    assert dup.subject == f"【重点督办建议办理进展】{c.dup.number} {c.dup.title}"
    assert f"已并入{c.main.number}" in dup.body and "成立专班" in dup.body
    # The committee in charge reports too: the deputies hear of it as well.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.progress_report_file(actor=c.committee, proposal=c.main, text="城建环保委视察督办。",
                                      reported_on=D(2026, 4, 5), today=D(2026, 4, 6))
    assert len(mailoutbox) == 2 and all("城建环保委视察督办" in m.body for m in mailoutbox)
    # A report that is refused (bad attachment) is rolled back and mails no one.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.progress_report_file(actor=c.unit_user, proposal=c.main, text="进展", today=D(2026, 4, 6),
                                      attachment=SimpleUploadedFile("x.pdf", EXE))
    assert mailoutbox == []
    # An item that is not under key supervision files no progress and mails no one.
    plain = assigned(c, title="关于河道保洁的建议")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuleViolation) as exc:
        services.progress_report_file(actor=c.unit_user, proposal=plain, text="进展")
    assert exc.value.rule.id == "PR-PROGRESS"
    assert mailoutbox == []


def test_deputies_are_emailed_when_a_reply_awaits_their_verdict(merged_key, mailoutbox,
                                                               django_capture_on_commit_callbacks):
    c = merged_key
    with django_capture_on_commit_callbacks(execute=True):
        reply(c, c.main, cls="A", on=D(2026, 5, 1))
    by_to = {m.to[0]: m for m in mailoutbox}
    assert set(by_to) == {"lead.deputy@example.cn", "dup.deputy@example.cn"}
    assert by_to["lead.deputy@example.cn"].subject == f"【代表建议答复待测评】{c.main.number} {c.main.title}"
    assert "第1轮答复" in by_to["lead.deputy@example.cn"].body and "测评" in by_to["lead.deputy@example.cn"].body
    assert by_to["dup.deputy@example.cn"].subject == f"【代表建议答复待测评】{c.dup.number} {c.dup.title}"
    assert f"已并入{c.main.number}" in by_to["dup.deputy@example.cn"].body
    # Only once every replying unit has replied: a 主办 + 分办-free item with two separate units mails after
    # the second reply, not the first.
    mailoutbox.clear()
    two = services.proposal_submit(actor=c.clerk, title="关于河湖长制的建议", lead_deputy=c.city.deputies[-1],
                                   content="建议完善河湖长制，压实各级河湖长责任，加强巡河管护。", received_on=D(2026, 3, 2))
    services.proposal_assign(actor=c.clerk, proposal=two, today=D(2026, 3, 3), units=[
        (c.city.units["市水务局"], R.SEPARATE, "河道"), (c.city.units["市教育局"], R.SEPARATE, "宣传教育")])
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_submit(actor=c.unit_user, assignment=Assignment.objects.get(proposal=two, unit__name="市水务局"),
                              text="河道部分已办理。", result_class="A", communication="letter", signer="局长",
                              today=D(2026, 4, 1))
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_submit(actor=c.other_unit_user,
                              assignment=Assignment.objects.get(proposal=two, unit__name="市教育局"),
                              text="宣传教育部分已办理。", result_class="A", communication="letter", signer="局长",
                              today=D(2026, 4, 2))
    assert [m.to for m in mailoutbox] == [["lead.deputy@example.cn"]]
    assert two.number in mailoutbox[0].subject
