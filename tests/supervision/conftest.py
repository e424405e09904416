"""Supervision fixtures on top of the named cast (tests/conftest.py).

`sup` adds to the cast: `gov_user` (a handling-unit user of 市人民政府, the organ that reports), and helpers
to build a report, an inspection with rectification items, an interpellation with signers, a filing.
Nothing here bypasses the services, so every object has its audit trail.
"""

import datetime as dt

import pytest

D = dt.date
SEPT_30 = D(2026, 9, 30)
MAY_11 = D(2026, 5, 11)
OCT_31 = D(2026, 10, 31)
OCT_30 = D(2026, 10, 30)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The portal's per-hour counters live in the cache: every test starts from zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


class Sup:
    pass


@pytest.fixture
def sup(plan_world):
    from renda.core.roles import Role
    from renda.demo.builders import make_user

    c = plan_world
    c.gov = c.city.organs["gov"]
    c.court = c.city.organs["court"]
    c.water = c.city.units["市水务局"]
    c.edu = c.city.units["市教育局"]
    c.gov_user = make_user("gov_user", c.password, congress=c.congress, role=Role.UNIT, display_name="市政府办公室",
                           organization=c.gov)
    c.sc_members = [c.city.director, *c.city.vice_chairs, c.city.secretary_general, *c.city.members]
    # These suites pin the lenient reading of "会议举行的N日前" (arrival on the meeting date minus N) at its edges;
    # the strict default (rule CAL-BEFORE) is tested at its edges in tests/supervision/test_law_edges.py.
    from renda.core.models import RuleParameter

    RuleParameter.objects.create(congress=c.congress, rule_id="CAL-BEFORE", name="strict", value=False)
    return c


def make_report(c, *, meeting_date=SEPT_30, kind="special", organ=None, lead="cjhb", actor=None, **extra):
    from renda.supervision import services as svc

    return svc.report_create(actor=actor or c.clerk, title=extra.pop("title", "市人民政府关于水环境治理工作情况的报告"),
                             kind=kind, organ=organ or c.gov, lead_body=c.city.bodies[lead], meeting_date=meeting_date,
                             **extra)


def advance_report(c, report, until: str):
    """Take a report through its steps on time, up to (and including) the state `until`."""
    from renda.supervision import services as svc

    day = report.meeting_date
    commenter = c.committee if report.lead_body_id == c.committee.organization_id else c.clerk
    steps = [
        ("draft_submitted", lambda r: svc.report_transition(actor=c.gov_user, report=r, action="submit_draft",
                                                            on=day - dt.timedelta(days=25), text="征求意见稿")),
        ("commented", lambda r: svc.report_transition(actor=commenter, report=r, action="comment",
                                                      on=day - dt.timedelta(days=15), comments="请补充数据")),
        ("revised_submitted", lambda r: svc.report_transition(actor=c.gov_user, report=r, action="submit_revised",
                                                              on=day - dt.timedelta(days=12), text="修改稿")),
        ("distributed", lambda r: svc.report_transition(actor=c.clerk, report=r, action="distribute",
                                                        on=day - dt.timedelta(days=8))),
        ("deliberated", lambda r: svc.report_transition(actor=c.clerk, report=r, action="deliberate", on=day)),
        ("opinions_sent", lambda r: svc.report_transition(actor=c.clerk, report=r, action="send_opinions",
                                                          on=day + dt.timedelta(days=5),
                                                          opinions="一、加快管网建设。二、加强执法。")),
        ("handled", lambda r: svc.report_transition(actor=c.gov_user, report=r, action="submit_handling",
                                                    on=day + dt.timedelta(days=40), text="研究处理情况的报告")),
        ("published", lambda r: svc.report_transition(actor=c.clerk, report=r, action="publish",
                                                      on=day + dt.timedelta(days=45))),
    ]
    for state, step in steps:
        report = step(report)
        if state == until:
            return report
    raise ValueError(until)


def make_inspection(c, *, actor=None, start=MAY_11):
    from renda.supervision import services as svc

    return svc.inspection_create(actor=actor or c.committee, title="《中华人民共和国水污染防治法》执法检查",
                                 law_title="《中华人民共和国水污染防治法》", lead_body=c.city.bodies["cjhb"],
                                 organ=c.gov, start_date=start, meeting_date=D(2026, 6, 24))


def reported_inspection(c):
    """An inspection up to its report being handed to the government, with one problem."""
    from renda.supervision import services as svc

    insp = make_inspection(c)
    svc.team_add(actor=c.committee, inspection=insp, person=c.city.vice_chairs[0], role="leader",
                 capacity="sc_member")
    insp = svc.inspection_transition(actor=c.committee, inspection=insp, action="start", on=D(2026, 5, 11))
    problem = svc.problem_add(actor=c.committee, inspection=insp, text="雨污混接问题突出。")
    insp = svc.inspection_update(actor=c.committee, inspection=insp, lock_version=insp.lock_version,
                                 evaluation="总体较好。", suggestions="加快管网改造。", law_amendments="暂无。")
    insp = svc.inspection_transition(actor=c.committee, inspection=insp, action="submit_report", on=D(2026, 6, 5))
    insp.problem = problem
    return insp


def make_rect(c, insp, *, unit=None, deadline=OCT_31, title="完成雨污混接改造"):
    from renda.supervision import services as svc

    return svc.rectification_create(actor=c.committee, inspection=insp, title=title,
                                    owner_unit=unit or c.water, deadline=deadline)


def make_interpellation(c, *, signers: int, day=OCT_30, target=None):
    from renda.supervision import services as svc

    interp = svc.interpellation_create(actor=c.clerk, title="关于老旧小区改造质量问题的质询案",
                                       target=target or c.water, questions="质量监管责任如何落实？",
                                       content="多个项目竣工后出现质量问题。", meeting_title="第八次常委会会议",
                                       meeting_date=day, meeting_end_date=day + dt.timedelta(days=1))
    for p in c.sc_members[4:4 + signers]:
        svc.interpellation_sign(actor=c.clerk, interpellation=interp, person=p, on=day)
    return interp
