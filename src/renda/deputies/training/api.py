"""Training endpoints (/api/v1/deputies/training)."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema, Status

from renda.core.api import WorkflowActionOut, state_out
from renda.deputies.training import selectors, services
from renda.deputies.workflow import COURSE_WORKFLOW

router = Router(tags=["自身建设"])


class CourseOut(Schema):
    id: int
    kind: str
    title: str
    audience: str
    start: dt.datetime
    end: dt.datetime
    place: str
    capacity: int | None
    hours: int
    status: str
    status_label: str
    enrolled: bool
    actions: list[WorkflowActionOut] = []


def _course_out(user, c) -> dict:
    return {
        **state_out(user, c, COURSE_WORKFLOW), "kind": c.kind, "title": c.title, "audience": c.audience,
        "start": c.start, "end": c.end, "place": c.place, "capacity": c.capacity, "hours": c.hours,
        "enrolled": selectors.my_enrollment(user, c) is not None,
    }


@router.get("/courses", response=list[CourseOut], summary="培训和学习")
def list_courses(request):
    return [_course_out(request.user, c) for c in selectors.courses_for(request.user).order_by("-start")[:200]]


@router.get("/courses/{course_id}", response=CourseOut, summary="培训")
def get_course(request, course_id: int):
    return _course_out(request.user, selectors.course_for(request.user, course_id))


@router.post("/courses/{course_id}/enroll", response={201: CourseOut}, summary="报名（本人）")
def enroll(request, course_id: int):
    course = selectors.course_for(request.user, course_id)
    services.enroll(actor=request.user, course=course)
    return Status(201, _course_out(request.user, course))
