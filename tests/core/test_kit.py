"""The kit every module uses: one transition endpoint (page and API), one actions partial, one refusal, one history
renderer, one locking rule — exercised on the work plan's objects."""

import datetime as dt
import json
import re

import pytest
from django.urls import reverse
from tests.conftest import login

from renda.core import history, kit, locking
from renda.core.errors import ConflictError
from renda.core.models import AuditEvent

pytestmark = pytest.mark.django_db




def test_every_workflow_object_is_registered_once_with_a_loader_and_a_page():
    assert {"workplan.plan", "workplan.item"} <= set(kit.REGISTRY)
    for key, wo in kit.REGISTRY.items():
        assert key.count(".") == 1 and callable(wo.loader) and callable(wo.url), key
        for t in wo.workflow.transitions:
            form = t.input_form()
            assert "note" in form.fields, (key, t.action)
            for name, field in form.fields.items():
                assert field.label and not re.fullmatch(r"[a-z_]+", str(field.label)), (key, t.action, name)


def test_the_partial_renders_each_allowed_step_with_its_form_and_rule(plan_world):
    c = plan_world
    html = login(c.committee).get(reverse("workplan:item", args=[c.item_water.pk])).content.decode()
    assert 'action="/act/workplan.item/' in html
    assert "完成情况（必填）" in html and 'name="complete-result"' in html  # the step's own field, prefixed
    assert "启动" in html and "办结" in html and "重新打开" not in html  # only what this user may do now
    assert "WP-ITEM-COMPLETE" not in re.sub(r'(title|href)="[^"]*"', "", html)  # the rule by its title, the id in a tooltip


def test_a_step_through_the_one_endpoint_and_its_refusal(plan_world):
    c = plan_world
    client = login(c.committee)
    url = reverse("workflow_transition", kwargs={"key": "workplan.item", "pk": c.item_water.pk, "action": "complete"})
    refused = client.post(url, {"complete-result": "短"}, HTTP_REFERER="http://testserver/workplan/items/1/")
    assert refused.status_code == 409  # the same status as the API
    body = refused.content.decode()
    assert "完成情况说明不少于" in body and "返回上一页" in body
    done = client.post(url, {"complete-result": "议案督办完成，水环境明显改善，形成督办报告。"})
    assert done.status_code == 302 and done["Location"] == reverse("workplan:item", args=[c.item_water.pk])
    c.item_water.refresh_from_db()
    assert c.item_water.status == "completed" and c.item_water.result.startswith("议案督办完成")


def test_the_endpoint_hides_what_the_user_may_not_see(plan_world):
    c = plan_world
    other = reverse("workflow_transition", kwargs={"key": "workplan.item", "pk": c.other_item.pk, "action": "start"})
    assert login(c.clerk).post(other).status_code == 404  # another congress's item: as if it did not exist
    unknown = reverse("workflow_transition", kwargs={"key": "nothing.here", "pk": 1, "action": "start"})
    assert login(c.clerk).post(unknown).status_code == 404
    bad = reverse("workflow_transition", kwargs={"key": "workplan.item", "pk": c.item_water.pk, "action": "fly"})
    assert login(c.clerk).post(bad).status_code == 403
    assert login(c.clerk).get(reverse("workflow_transition", kwargs={
        "key": "workplan.item", "pk": c.item_water.pk, "action": "start"})).status_code == 405  # GET never writes


def test_bad_input_is_a_400_naming_the_field(plan_world):
    c = plan_world
    url = reverse("workflow_transition", kwargs={"key": "workplan.item", "pk": c.item_water.pk, "action": "reopen"})
    c.item_water.__class__.objects.filter(pk=c.item_water.pk).update(status="completed", completed_on=dt.date(2026, 6, 1))
    resp = login(c.clerk).post(url, {"note": ""})  # reopening needs a note
    assert resp.status_code == 400 and "说明（必填）" in resp.content.decode()


def test_the_api_lists_and_takes_steps_like_the_page(plan_world):
    c = plan_world
    client = login(c.committee)
    listed = client.get(f"/api/v1/workflow/workplan.item/{c.item_water.pk}/actions").json()
    assert listed["status"] == "planned" and listed["status_label"] == "未启动"
    complete = next(a for a in listed["actions"] if a["action"] == "complete")
    assert complete["rule"] == "WP-ITEM-COMPLETE" and complete["rule_title"]
    assert {f["name"] for f in complete["fields"]} == {"result", "note"}
    refused = client.post(f"/api/v1/workflow/workplan.item/{c.item_water.pk}/complete",
                          data=json.dumps({"result": "短"}), content_type="application/json")
    assert refused.status_code == 409 and refused.json()["rule"] == "WP-ITEM-COMPLETE"
    done = client.post(f"/api/v1/workflow/workplan.item/{c.item_water.pk}/complete",
                       data=json.dumps({"result": "议案督办完成，水环境明显改善，形成督办报告。"}),
                       content_type="application/json")
    assert done.status_code == 200 and done.json()["status"] == "completed"
    assert client.get(f"/api/v1/workflow/workplan.item/{c.other_item.pk}/actions").status_code == 404


def test_history_reads_as_chinese(plan_world):
    c = plan_world
    client = login(c.clerk)
    client.post(reverse("workflow_transition", kwargs={"key": "workplan.item", "pk": c.item_water.pk,
                                                       "action": "start"}))
    html = client.get(reverse("workplan:item", args=[c.item_water.pk])).content.decode()
    section = html[html.index("变更记录"):]
    section = section[:section.index("</section>")]
    assert "未启动 → 推进中" in section
    for raw in ("planned", "in_progress", "lock_version", "True", "False", "T0", "transition"):
        assert raw not in section, raw
    events = list(AuditEvent.objects.filter(object_type="workplan.workplanitem"))
    assert all(r.action for r in history.rows(events))


def test_history_values_are_formatted_for_people():
    assert history.format_value(True) == "是" and history.format_value(None) == "—"
    assert history.format_value("2026-06-01") == "2026年6月1日"
    assert history.format_value("2026-12-06T16:21:49+00:00").startswith("2026年12月7日 00:21")  # Asia/Shanghai
    assert history.format_value(dt.date(2026, 3, 2)) == "2026年3月2日"


def test_one_locking_rule(plan_world):
    item = plan_world.item_water
    locking.check_version(item, item.lock_version)
    locking.check_version(item, str(item.lock_version))
    for stale in (item.lock_version + 1, None, "", "x"):
        with pytest.raises(ConflictError):
            locking.check_version(item, stale)


def test_favicon_is_served_not_a_404(client):
    resp = client.get("/favicon.ico")
    assert resp.status_code == 301 and resp["Location"].endswith("favicon.svg")
