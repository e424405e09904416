"""The whole path: a citizen submits, gets a code; the office routes; the unit replies; the office publishes;
the citizen reads the reply with the code (and by email)."""

import re

import pytest
from django.test import Client

from renda.core import rules
from renda.core.models import AuditEvent
from renda.participation.models import Opinion, Status, normalize_code

from .conftest import code_from_receipt, login, public_submit, track_url

pytestmark = pytest.mark.django_db


def test_submit_route_reply_publish_track(po, mailoutbox, django_capture_on_commit_callbacks):
    citizen = Client()
    with django_capture_on_commit_callbacks(execute=True):
        resp = public_submit(citizen, po.congress, po.cats["生态环境"], name="张三", phone="13900001111",
                             email="zhang@example.cn")
    code = code_from_receipt(citizen, resp)
    assert len(normalize_code(code)) == 12
    op = Opinion.objects.get(code=normalize_code(code))
    assert op.status == Status.SUBMITTED and op.congress == po.congress
    assert op.phone == "13900001111"
    # the code went by email, never in a URL
    assert len(mailoutbox) == 1 and code in mailoutbox[0].body and mailoutbox[0].to == ["zhang@example.cn"]
    assert code not in resp["Location"] and normalize_code(code) not in resp["Location"]

    clerk = login(po.clerk)
    inbox = clerk.get("/participation/?status=submitted").content.decode()
    assert op.code_display in inbox
    detail = clerk.get(f"/participation/{op.pk}/").content.decode()
    assert "13900001111" in detail and "张三" in detail  # the office sees the contact
    r = clerk.post(f"/participation/{op.pk}/act/route/", {"kind": "unit", "unit": po.water.pk,
                                                         "instructions": "请核实处理"})
    assert r.status_code == 302
    op.refresh_from_db()
    assert op.status == Status.ROUTED and op.handler == po.water and op.handle_due is not None

    unit = login(po.unit_user)
    page = unit.get(f"/participation/{op.pk}/").content.decode()
    assert "南湖河道" in page and "13900001111" not in page and "张三" not in page  # contact not shared
    unit.post(f"/participation/{op.pk}/act/accept/")
    unit.post(f"/participation/{op.pk}/act/reply/", {"text": "已完成河道截污改造，水质明显改善。"})
    op.refresh_from_db()
    assert op.status == Status.HANDLING and op.reply_state == "submitted"

    # before publication the citizen sees no reply
    html = citizen.post(track_url(po.congress), {"code": code.lower().replace("-", " ")}).content.decode()
    assert "办理中" in html and "已完成河道截污改造" not in html

    with django_capture_on_commit_callbacks(execute=True):
        clerk.post(f"/participation/{op.pk}/act/publish/", {"text": "已完成河道截污改造，水质明显改善。"})
    op.refresh_from_db()
    assert op.status == Status.REPLIED and op.published_reply
    assert len(mailoutbox) == 2 and "已完成河道截污改造" in mailoutbox[1].body

    html = citizen.post(track_url(po.congress), {"code": code}).content.decode()
    assert "已完成河道截污改造" in html and "已答复" in html and "已分办" in html
    assert "市水务局" in html

    clerk.post(f"/participation/{op.pk}/act/close/")
    op.refresh_from_db()
    assert op.status == Status.CLOSED
    # every step is in the audit trail, none with the contact data
    events = AuditEvent.objects.filter(object_type="participation.opinion", object_id=str(op.pk))
    assert [e.to_state for e in events if e.action == "transition"] == [
        "routed", "handling", "handling", "replied", "closed"]
    for e in events:
        blob = str(e.changes) + e.note + e.object_repr
        assert "13900001111" not in blob and "zhang@example.cn" not in blob and "张三" not in blob


def test_reject_with_reason_is_shown_to_the_citizen(po):
    citizen = Client()
    code = code_from_receipt(citizen, public_submit(citizen, po.congress, po.cats["其他"]))
    op = Opinion.objects.get(code=normalize_code(code))
    clerk = login(po.clerk)
    r = clerk.post(f"/participation/{op.pk}/act/reject/", {"reason": ""})
    op.refresh_from_db()
    assert op.status == Status.SUBMITTED  # a reason is required
    assert r.status_code == 409
    clerk.post(f"/participation/{op.pk}/act/reject/", {"reason": "属于法院正在审理的案件，请通过诉讼程序解决。"})
    op.refresh_from_db()
    assert op.status == Status.REJECTED
    html = citizen.post(track_url(po.congress), {"code": code}).content.decode()
    assert "不予受理" in html and "诉讼程序" in html


def test_route_to_deputy_and_station_and_committee(po):
    from renda.participation import services

    ops = []
    for _ in range(3):
        op, _ = services.opinion_submit(congress=po.congress, category=po.cats["养老"] if "养老" in po.cats
                                        else po.cats["社会保障"], place="东城区", text="社区老年助餐点太少。",
                                        phone="13800000000")
        ops.append(op)
    services.opinion_route(actor=po.clerk, opinion=ops[0], kind="deputy", target_id=po.deputy_record.pk,
                           share_contact=True)
    services.opinion_route(actor=po.clerk, opinion=ops[1], kind="station", target_id=po.station.pk)
    services.opinion_route(actor=po.clerk, opinion=ops[2], kind="committee", target_id=po.cjhb.pk)
    deputy = login(po.deputy)
    html = deputy.get("/participation/").content.decode()
    assert ops[0].code_display in html and ops[1].code_display in html and ops[2].code_display not in html
    # contact shared with the deputy on the first, not on the station's
    assert "13800000000" in deputy.get(f"/participation/{ops[0].pk}/").content.decode()
    assert "13800000000" not in deputy.get(f"/participation/{ops[1].pk}/").content.decode()
    committee = login(po.committee)
    assert committee.get(f"/participation/{ops[2].pk}/").status_code == 200
    assert committee.get(f"/participation/{ops[0].pk}/").status_code == 404
    assert login(po.other_committee).get(f"/participation/{ops[2].pk}/").status_code == 404
    deputy.post(f"/participation/{ops[1].pk}/act/reply/", {"text": "联络站已组织代表走访，并转交区民政部门。"})
    ops[1].refresh_from_db()
    assert ops[1].status == Status.HANDLING and ops[1].reply_from.endswith("代表")


def test_reroute_needs_a_reason_and_moves_visibility(po):
    from renda.core.errors import RuleViolation
    from renda.participation import services

    op, _ = services.opinion_submit(congress=po.congress, category=po.cats["教育"], place="南湖区", text="学位紧张。")
    op = services.opinion_route(actor=po.clerk, opinion=op, kind="unit", target_id=po.water.pk)
    with pytest.raises(RuleViolation):
        services.opinion_route(actor=po.clerk, opinion=op, kind="unit", target_id=po.school.pk)
    op = services.opinion_route(actor=po.clerk, opinion=op, kind="unit", target_id=po.school.pk,
                                note="属于教育局职责")
    assert op.handler == po.school
    assert login(po.unit_user).get(f"/participation/{op.pk}/").status_code == 404
    assert login(po.other_unit_user).get(f"/participation/{op.pk}/").status_code == 200


def test_deadline_out_of_bounds_and_missing_target_are_refused(po):
    import datetime as dt

    from renda.core.errors import RuleViolation
    from renda.participation import services

    op, _ = services.opinion_submit(congress=po.congress, category=po.cats["教育"], place="南湖区", text="学位紧张。")
    with pytest.raises(RuleViolation, match=re.escape(rules.get("PO-ROUTE").title)):
        services.opinion_route(actor=po.clerk, opinion=op, kind="unit", target_id=po.water.pk,
                               due=dt.date.today() + dt.timedelta(days=400))
    with pytest.raises(RuleViolation, match=re.escape(rules.get("PO-ROUTE").title)):
        services.opinion_route(actor=po.clerk, opinion=op, kind="unit", target_id=po.cjhb.pk)  # not a unit
    with pytest.raises(RuleViolation, match=re.escape(rules.get("PO-ROUTE").title)):  # another congress's unit
        services.opinion_route(actor=po.clerk, opinion=op, kind="unit", target_id=po.other.units["市水务局"].pk)


def test_returned_reply_goes_back_to_the_unit(po):
    from renda.participation import services

    op, _ = services.opinion_submit(congress=po.congress, category=po.cats["教育"], place="南湖区", text="学位紧张。")
    op = services.opinion_route(actor=po.clerk, opinion=op, kind="unit", target_id=po.school.pk)
    op = services.opinion_reply(actor=po.other_unit_user, opinion=op, text="我局将研究增加学位的办法。")
    op = services.opinion_return_reply(actor=po.clerk, opinion=op, note="请写明具体措施和时间。")
    assert op.reply_state == "returned" and op.status == Status.HANDLING
    from renda.core.errors import RuleViolation

    with pytest.raises(RuleViolation):
        services.opinion_publish(actor=po.clerk, opinion=op)
    op = services.opinion_reply(actor=po.other_unit_user, opinion=op, text="我局明年新建小学一所，新增学位900个。")
    op = services.opinion_publish(actor=po.clerk, opinion=op)
    assert op.published_reply.startswith("我局明年新建")


def test_only_the_office_triages(po):
    from django.core.exceptions import PermissionDenied

    from renda.participation import services

    op, _ = services.opinion_submit(congress=po.congress, category=po.cats["教育"], place="南湖区", text="学位紧张。")
    with pytest.raises(PermissionDenied):
        services.opinion_route(actor=po.leader, opinion=op, kind="unit", target_id=po.water.pk)
    with pytest.raises(PermissionDenied):
        services.opinion_reject(actor=po.unit_user, opinion=op, reason="不受理的理由")
    with pytest.raises(PermissionDenied):  # another congress's office
        services.opinion_route(actor=po.outsider_clerk, opinion=op, kind="unit", target_id=po.water.pk)
