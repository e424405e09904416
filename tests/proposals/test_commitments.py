"""承诺事项台账: the unit that made a commitment marks it done or carries it to the next year (rule PR-COMMIT);
the ledger filters by status, year and unit, shows overdue ones and goes into the 汇总表 .xlsx."""

import datetime as dt
import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from openpyxl import load_workbook
from tests.conftest import login
from tests.proposals.factories import assigned

from renda.core import audit
from renda.core.errors import RuleViolation
from renda.core.tokens import token_create
from renda.proposals import selectors, services
from renda.proposals.models import Assignment, Commitment

pytestmark = pytest.mark.django_db
D = dt.date




@pytest.fixture
def ledger(cast):
    """市水务局 promised two things in a 2026 reply; 市教育局 one."""
    c = cast
    water = assigned(c, title="关于雨污分流改造的建议", on=D(2026, 3, 2))
    school = assigned(c, title="关于增加学位的建议", lead="市教育局", on=D(2026, 3, 2))
    services.reply_submit(
        actor=c.unit_user, assignment=Assignment.objects.get(proposal=water), text="列入计划", result_class="B",
        communication="letter", signer="局长", today=D(2026, 5, 1), commitments=[
            services.CommitmentIn("2026年9月底前完成片区改造", D(2026, 9, 30)),
            services.CommitmentIn("2027年底前完成全部改造", D(2027, 12, 31))])
    services.reply_submit(
        actor=c.other_unit_user, assignment=Assignment.objects.get(proposal=school), text="列入计划",
        result_class="B", communication="letter", signer="局长", today=D(2026, 5, 2),
        commitments=[services.CommitmentIn("秋季新增学位2000个", D(2026, 9, 1))])
    c.near = Commitment.objects.get(text__startswith="2026年9月")
    c.far = Commitment.objects.get(text__startswith="2027年底")
    c.school_c = Commitment.objects.get(text__startswith="秋季")
    return c


def test_done_and_carry_by_the_owning_unit(ledger):
    c = ledger
    assert (c.near.year, c.near.status) == (2026, "open")
    done = services.commitment_done(actor=c.unit_user, commitment=c.near, done_on=D(2026, 9, 20),
                                    note="片区改造已完工并通过验收。", today=D(2026, 10, 1))
    assert (done.status, done.done_on) == ("done", D(2026, 9, 20))
    ev = audit.history(done).last()  # a step of the commitment's workflow
    assert ev.rule_id == "PR-COMMIT" and (ev.action, ev.from_state, ev.to_state) == ("transition", "open", "done")
    # Carried to 2027: the 2026 row is closed as 结转下年, a 2027 row carries it on.
    new = services.commitment_carry(actor=c.unit_user, commitment=c.far, due_date=D(2027, 12, 31),
                                    note="资金分年度安排，2027年继续推进。")
    c.far.refresh_from_db()
    assert c.far.status == "carried" and (new.year, new.status, new.carried_from_id) == (2027, "open", c.far.pk)
    assert new.reply_id == c.far.reply_id and new.text == c.far.text


def test_commitment_refusals(ledger):
    c = ledger
    # Another unit, the office, a deputy: not theirs.
    for user in (c.other_unit_user, c.clerk, c.deputy):
        with pytest.raises(PermissionDenied):
            services.commitment_done(actor=user, commitment=c.near, done_on=D(2026, 9, 1), note="已完成改造")
    # Done needs the evidence; carrying needs the reason and a date in the next year or later.
    with pytest.raises(RuleViolation) as exc:
        services.commitment_done(actor=c.unit_user, commitment=c.near, done_on=D(2026, 9, 1), note="好")
    assert exc.value.rule.id == "PR-COMMIT" and "落实情况" in str(exc.value)
    with pytest.raises(RuleViolation) as exc:
        services.commitment_carry(actor=c.unit_user, commitment=c.near, due_date=D(2026, 12, 31),
                                  note="年内无法完成")
    assert exc.value.rule.id == "PR-COMMIT" and "2027年" in str(exc.value)
    with pytest.raises(RuleViolation):
        services.commitment_carry(actor=c.unit_user, commitment=c.near, due_date=D(2027, 3, 31), note="")
    with pytest.raises(ValidationError):  # a completion date in the future or before the promise
        services.commitment_done(actor=c.unit_user, commitment=c.near, done_on=D(2026, 12, 1),
                                 note="已完成改造", today=D(2026, 10, 1))
    with pytest.raises(ValidationError):
        services.commitment_done(actor=c.unit_user, commitment=c.near, done_on=D(2026, 4, 1),
                                 note="已完成改造", today=D(2026, 10, 1))
    # Once done (or carried) it cannot be changed again.
    services.commitment_done(actor=c.unit_user, commitment=c.near, done_on=D(2026, 9, 1), note="已完成改造",
                             today=D(2026, 10, 1))
    with pytest.raises(RuleViolation) as exc:
        services.commitment_carry(actor=c.unit_user, commitment=c.near, due_date=D(2027, 3, 31), note="再结转一次")
    assert exc.value.rule.id == "PR-COMMIT"


def test_ledger_page_filters_and_isolation(ledger):
    c = ledger
    services.commitment_carry(actor=c.unit_user, commitment=c.far, due_date=D(2027, 6, 30), note="跨年度继续推进")
    clerk = login(c.clerk)
    page = clerk.get("/proposals/commitments/").content.decode()
    assert "2026年9月底前完成片区改造" in page and "秋季新增学位" in page and "逾期未完成" in page
    assert "结转2027年" in page and "2026年结转" in page
    # Filters: status, year, unit (on the selector and the page).
    today = D(2026, 10, 1)
    assert {x.pk for x in selectors.commitments_for(c.clerk, status="overdue", today=today)} == {
        c.near.pk, c.school_c.pk}
    assert {x.pk for x in selectors.commitments_for(c.clerk, status="carried")} == {c.far.pk}
    assert [x.year for x in selectors.commitments_for(c.clerk, year=2027)] == [2027]
    water = c.city.units["市水务局"]
    assert selectors.commitments_for(c.clerk, unit_id=water.pk).count() == 3
    page = clerk.get(f"/proposals/commitments/?status=carried&year=2026&unit={water.pk}").content.decode()
    assert "2027年底前完成全部改造" in page and "秋季新增学位" not in page and "2026年9月底前" not in page
    assert clerk.get("/proposals/commitments/?year=abc&unit=x&status=zzz").status_code == 200
    # A unit sees only its own commitments; another unit's is 404 on the web and in the API.
    page = login(c.other_unit_user).get("/proposals/commitments/").content.decode()
    assert "秋季新增学位" in page and "片区改造" not in page
    assert login(c.other_unit_user).get(f"/proposals/commitments/{c.near.pk}/").status_code == 404
    assert login(c.other_unit_user).post(f"/proposals/commitments/{c.near.pk}/done/",
                                         {"done_on": "2026-09-01", "note": "冒充完成"}).status_code == 404
    c.near.refresh_from_db()
    assert c.near.status == "open"


def test_unit_marks_done_and_carries_through_the_page_and_the_api(ledger):
    c = ledger
    client = login(c.unit_user)
    page = client.get(f"/proposals/commitments/{c.near.pk}/").content.decode()
    assert "标记为已完成" in page and "结转2027年继续办理" in page
    assert "标记为已完成" not in login(c.clerk).get(f"/proposals/commitments/{c.near.pk}/").content.decode()
    # a post that does not say which version it read is refused like a stale one
    resp = client.post(f"/proposals/commitments/{c.near.pk}/done/", {"done_on": "2026-09-15", "note": "已竣工验收"})
    assert resp.status_code == 409
    resp = client.post(f"/proposals/commitments/{c.near.pk}/done/", {"done_on": "2026-09-15", "note": "已竣工验收",
                                                                       "lock_version": c.near.lock_version})
    assert resp.status_code == 302
    c.near.refresh_from_db()
    assert c.near.status == "done" and c.near.done_on == D(2026, 9, 15)
    v = c.far.lock_version
    resp = client.post(f"/proposals/commitments/{c.far.pk}/carry/", {"due_date": "bad", "note": "继续推进",
                                                                      "lock_version": v})
    assert resp.status_code == 400 and "新的承诺完成时间" in resp.content.decode()  # what to correct, not a 500
    c.far.refresh_from_db()
    assert c.far.status == "open"
    resp = client.post(f"/proposals/commitments/{c.far.pk}/carry/", {"due_date": "2026-12-01", "note": "继续推进",
                                                                      "lock_version": v})
    assert resp.status_code == 409 and "PR-COMMIT" in resp.content.decode()
    # API for the school's unit: list, carry; another unit's commitment is 404.
    _, key = token_create(actor=c.admin, user=c.other_unit_user, name="教育局")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    school_a = Assignment.objects.get(proposal=c.school_c.reply.proposal)
    rows = api.get(f"/api/v1/proposals/assignments/{school_a.pk}/commitments").json()
    assert [r["text"] for r in rows] == ["秋季新增学位2000个"]
    resp = api.post(f"/api/v1/proposals/commitments/{c.school_c.pk}/carry",
                    json.dumps({"due_date": "2027-09-01", "note": "新校舍2027年投用",
                                "lock_version": c.school_c.lock_version}), content_type="application/json")
    assert resp.status_code == 201 and resp.json()["year"] == 2027
    resp = api.post(f"/api/v1/proposals/commitments/{c.far.pk}/done",
                    json.dumps({"done_on": "2026-09-01", "note": "冒充完成"}), content_type="application/json")
    assert resp.status_code == 404
    resp = api.post(f"/api/v1/proposals/commitments/{resp.status_code}/done", json.dumps({}),
                    content_type="application/json")
    assert resp.status_code in (404, 422)


def test_summary_xlsx_carries_the_ledger(ledger):
    c = ledger
    services.commitment_done(actor=c.unit_user, commitment=c.near, done_on=D(2026, 9, 20), note="已竣工验收",
                             today=D(2026, 10, 1))
    resp = login(c.clerk).get("/proposals/export/summary.xlsx")
    assert resp.status_code == 200
    wb = load_workbook(io.BytesIO(resp.content))
    assert wb.sheetnames == ["议案建议汇总表", "承诺事项台账"]
    rows = list(wb["承诺事项台账"].iter_rows(values_only=True))
    assert rows[0][:7] == ("台账年度", "建议编号", "建议标题", "承办单位", "承诺事项", "承诺完成时间", "状态")
    by_text = {r[4]: r for r in rows[1:]}
    assert by_text["2026年9月底前完成片区改造"][6] == "已完成" and by_text["2026年9月底前完成片区改造"][8] == "已竣工验收"
    assert by_text["秋季新增学位2000个"][3] == "市教育局" and by_text["秋季新增学位2000个"][9] == "是"  # overdue
    assert len(rows) == 4


def test_the_ledger_steps_are_one_workflow_on_the_kit(ledger):
    """done / carry are steps of COMMITMENT_WORKFLOW: listed and taken through /api/v1/workflow like every step,
    with the version read; the unit's page shows them, the clerk's does not."""
    c = ledger
    _, key = token_create(actor=c.admin, user=c.unit_user, name="水务局")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    url = f"/api/v1/workflow/proposals.commitment/{c.near.pk}"
    listed = api.get(f"{url}/actions").json()
    assert listed["status"] == "open" and [a["action"] for a in listed["actions"]] == ["done", "carry"]
    body = {"done_on": "2026-09-15", "note": "已竣工验收。"}
    resp = api.post(f"{url}/done", json.dumps(body), content_type="application/json")
    assert resp.status_code == 409  # no version read: refused like a stale one
    resp = api.post(f"{url}/done", json.dumps(body | {"lock_version": c.near.lock_version}),
                    content_type="application/json")
    assert resp.status_code == 200 and resp.json()["status"] == "done" and resp.json()["actions"] == []
    ev = audit.history(Commitment.objects.get(pk=c.near.pk)).last()
    assert (ev.from_state, ev.to_state, ev.rule_id) == ("open", "done", "PR-COMMIT")
    other = Client(HTTP_AUTHORIZATION=f"Bearer {token_create(actor=c.admin, user=c.other_unit_user, name='教')[1]}")
    assert other.get(f"/api/v1/workflow/proposals.commitment/{c.far.pk}/actions").status_code == 404
