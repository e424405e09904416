"""Optimistic locking of the agenda order (issue #9). The order is a whole-list write, so it is versioned by the
meeting's lock_version: two clerks read the same meeting version; the first reorder is kept, the second is
refused with ConflictError (service), a 409 page (the ↑/↓ buttons) or a 409 JSON (PUT …/agenda/order)."""

import json
import re

import pytest
from django.urls import reverse
from tests.conftest import login

from renda.core.errors import ConflictError
from renda.core.roles import Role
from renda.demo.builders import make_user
from renda.meetings import services as svc
from renda.meetings.models import AgendaKind, Meeting

from .conftest import standing_meeting

pytestmark = pytest.mark.django_db
MOVE_VERSION = re.compile(r'/move/(?:up|down)/">[^\n]*?name="lock_version" value="(\d+)"')




def titles(meeting) -> list[str]:
    return list(meeting.agenda_items.order_by("position").values_list("title", flat=True))


@pytest.fixture
def agenda(cast):
    c = cast
    c.clerk2 = make_user("clerk2", c.password, congress=c.congress, role=Role.OFFICE, display_name="办公厅二",
                         organization=c.city.bodies["bgt"])
    c.meeting = standing_meeting(c, items=(("甲议题", AgendaKind.REPORT), ("乙议题", AgendaKind.REPORT),
                                           ("丙议题", AgendaKind.DECISION)))
    c.ids = {i.title: i.pk for i in c.meeting.agenda_items.all()}
    return c


def test_second_reorder_on_a_stale_meeting_version_is_refused(agenda):
    c = agenda
    ids = c.ids
    read = Meeting.objects.get(pk=c.meeting.pk).lock_version
    svc.agenda_reorder(actor=c.clerk, meeting=c.meeting, order=[ids["丙议题"], ids["甲议题"], ids["乙议题"]],
                       lock_version=read)
    assert Meeting.objects.get(pk=c.meeting.pk).lock_version == read + 1
    with pytest.raises(ConflictError) as exc:
        svc.agenda_reorder(actor=c.clerk2, meeting=c.meeting, order=[ids["乙议题"], ids["甲议题"], ids["丙议题"]],
                           lock_version=read)
    assert "议程已被他人调整" in exc.value.message and exc.value.status_code == 409
    assert titles(c.meeting) == ["丙议题", "甲议题", "乙议题"]
    # One item moved on a stale page is refused the same way.
    with pytest.raises(ConflictError):
        svc.item_move(actor=c.clerk2, item=c.meeting.agenda_items.get(title="甲议题"), direction="up",
                      lock_version=read)
    assert titles(c.meeting) == ["丙议题", "甲议题", "乙议题"]


def test_move_buttons_conflict_with_409(agenda):
    c = agenda
    url = reverse("meetings:meeting", args=[c.meeting.pk])
    first, second = login(c.clerk), login(c.clerk2)
    v1 = set(MOVE_VERSION.findall(first.get(url).content.decode()))
    v2 = set(MOVE_VERSION.findall(second.get(url).content.decode()))
    assert v1 == v2 == {str(Meeting.objects.get(pk=c.meeting.pk).lock_version)}
    [read] = v1
    resp = first.post(reverse("meetings:item_move", args=[c.ids["乙议题"], "up"]), {"lock_version": read})
    assert resp.status_code == 302
    assert titles(c.meeting) == ["乙议题", "甲议题", "丙议题"]
    # The second clerk, looking at 甲 乙 丙, moves 丙 up: on the stale page this is refused.
    resp = second.post(reverse("meetings:item_move", args=[c.ids["丙议题"], "up"]), {"lock_version": read})
    body = resp.content.decode()
    assert resp.status_code == 409 and "议程已被他人调整" in body
    assert titles(c.meeting) == ["乙议题", "甲议题", "丙议题"]
    # After reloading, the move goes through.
    [fresh] = set(MOVE_VERSION.findall(second.get(url).content.decode()))
    resp = second.post(reverse("meetings:item_move", args=[c.ids["丙议题"], "up"]), {"lock_version": fresh})
    assert resp.status_code == 302 and titles(c.meeting) == ["乙议题", "丙议题", "甲议题"]


def test_reorder_api_conflicts_with_409(agenda):
    c = agenda
    ids = c.ids
    first, second = login(c.clerk), login(c.clerk2)
    base = f"/api/v1/meetings/meetings/{c.meeting.pk}"
    read = first.get(base).json()["lock_version"]
    assert second.get(base).json()["lock_version"] == read

    def put(client, order, **extra):
        return client.put(f"{base}/agenda/order", data=json.dumps({"order": order, **extra}),
                          content_type="application/json")

    resp = put(first, [ids["丙议题"], ids["乙议题"], ids["甲议题"]], lock_version=read)
    assert resp.status_code == 200 and [i["title"] for i in resp.json()] == ["丙议题", "乙议题", "甲议题"]
    resp = put(second, [ids["甲议题"], ids["丙议题"], ids["乙议题"]], lock_version=read)
    assert resp.status_code == 409 and "议程已被他人调整" in resp.json()["detail"]
    assert titles(c.meeting) == ["丙议题", "乙议题", "甲议题"]
    # The version is required: a client that does not send it cannot overwrite blindly.
    resp = put(second, [ids["甲议题"], ids["丙议题"], ids["乙议题"]])
    assert resp.status_code == 422
    assert titles(c.meeting) == ["丙议题", "乙议题", "甲议题"]
    assert first.get(base).json()["lock_version"] == read + 1
