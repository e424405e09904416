"""A city congress with 20 deputies (the cast's), its next session prepared step by step, deputies' accounts."""

import datetime as dt

import pytest
import time_machine

from renda.assembly import services
from renda.core.models import User
from renda.core.roles import Role
from renda.demo.builders import make_user

NOW = dt.datetime(2026, 12, 10, 2, 0, tzinfo=dt.UTC)
OPENING = dt.date(2027, 1, 12)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as t:
        yield t


def deputy_user(cast, deputy):
    existing = User.objects.filter(person=deputy.person).first()
    if existing is not None:
        return existing
    return make_user(f"d{deputy.pk}", cast.password, congress=cast.congress, role=Role.DEPUTY,
                     display_name=deputy.person.name, person=deputy.person)


@pytest.fixture
def convened(cast, frozen):
    """The next session, decided by the standing committee, with its presidium listed."""
    s = services.session_next(actor=cast.clerk, congress=cast.congress, planned_date=OPENING,
                              draft_agenda="听取和审议政府工作报告\n票决民生实事项目")
    s = services.session_transition(actor=cast.clerk, session=s, action="decide", decided_on=dt.date(2026, 11, 28),
                                    decided_by="常委会第二十八次会议", planned_date=OPENING)
    services.presidium_set(actor=cast.clerk, session=s, people=[d.person for d in cast.city.deputies[:5]])
    cast.session = s
    return cast


@pytest.fixture
def in_session(convened):
    c = convened
    s = services.session_transition(actor=c.clerk, session=c.session, action="prepare", present=18,
                                    secretary_general=c.city.deputies[0].person)
    c.session = services.session_transition(actor=c.clerk, session=s, action="open", present=18)
    return c
