"""All writes of training and study: courses, registration, attendance, completion, study materials."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from renda.core import audit, rules
from renda.core.locking import UNCHECKED, locked_for_edit
from renda.core.models import Person, Position
from renda.core.roles import Role
from renda.core.writes import known_fields
from renda.deputies import permissions as perms
from renda.deputies.models import Audience, Course, CourseStatus, Deputy, Enrollment, StudyMaterial
from renda.deputies.workflow import COURSE_WORKFLOW
from renda.deputies.writes import insert, save_edit

COURSE_FIELDS = ["kind", "title", "audience", "organizer", "start", "end", "place", "capacity", "hours", "plan"]
MATERIAL_FIELDS = ["title", "summary", "audience", "course", "published_on"]


@transaction.atomic
def course_create(*, actor, **data) -> Course:
    if not perms.can_create_course(actor):
        raise PermissionDenied("您没有安排培训的权限。")
    known_fields(data, COURSE_FIELDS, "course")
    if not perms.is_manager(actor):
        data["organizer"] = actor.organization
    organizer = data.get("organizer")
    if organizer is not None and organizer.congress_id != actor.congress_id:
        raise ValidationError({"organizer": "主办单位不属于本人大。"})
    if data.get("start") and data.get("end") and data["end"] < data["start"]:
        raise ValidationError({"end": "结束时间不能早于开始时间。"})
    return insert(Course(congress_id=actor.congress_id, **data), actor=actor, fields=COURSE_FIELDS)


def _times_in_order(course: Course) -> None:
    if course.end < course.start:
        raise ValidationError({"end": "结束时间不能早于开始时间。"})


@transaction.atomic
def course_update(*, actor, course: Course, lock_version=UNCHECKED, **data) -> Course:
    locked = locked_for_edit(Course, course, actor=actor, lock_version=lock_version,
                             allowed=perms.can_manage_course, refused="您没有修改该培训的权限。")
    if locked.status in (CourseStatus.COMPLETED, CourseStatus.CANCELLED):
        raise rules.violation("TRN-FLOW", f"培训{locked.get_status_display()}，不能修改")
    known_fields(data, COURSE_FIELDS, "course")
    return save_edit(locked, data, actor=actor, fields=COURSE_FIELDS, check=_times_in_order)


def course_transition(*, actor, course: Course, action: str, note: str = "", **ctx) -> Course:
    return COURSE_WORKFLOW.apply(course, action, actor=actor, note=note, **ctx)


def _current_deputy(person: Person, day: dt.date) -> Deputy | None:
    return (
        Deputy.objects.filter(person=person, status__in=Deputy.ACTIVE_STATES, term__start_date__lte=day)
        .order_by("-term__number")
        .first()
    )


def _in_audience(course: Course, person: Person, deputy: Deputy | None) -> bool:
    """Deputies' courses take serving deputies, members' courses members in post; staff and mixed courses all."""
    if course.audience == Audience.DEPUTIES:
        return deputy is not None
    if course.audience == Audience.MEMBERS:
        return Position.objects.filter(person=person).on_standing_committee().in_post_on(course.start.date()).exists()
    return True


@transaction.atomic
def enroll(*, actor, course: Course, person: Person | None = None) -> Enrollment:
    """Register a person for a course: oneself (deputies, members, staff), or anyone by the organisers."""
    course = Course.objects.select_for_update().get(pk=course.pk)
    manager = perms.can_manage_course(actor, course)
    own = person is None or person.pk == getattr(actor, "person_id", None)
    if not manager and not own:
        raise PermissionDenied("只能为本人报名；代为报名由培训的主办单位办理。")
    if person is None:
        if not perms.can_enroll_self(actor, course):
            raise PermissionDenied("您没有报名该培训的权限。")
        person = actor.person
    elif not manager and not perms.can_enroll_self(actor, course):
        raise PermissionDenied("您没有报名该培训的权限。")
    if person.congress_id != course.congress_id:
        raise ValidationError({"person": "学员不属于本人大。"})
    if course.status != CourseStatus.OPEN:
        raise rules.violation("TRN-REGISTER", f"培训{course.get_status_display()}，不在报名期间")
    deputy = _current_deputy(person, course.start.date())
    if not _in_audience(course, person, deputy):
        raise rules.violation("TRN-REGISTER", f"本期培训的对象为{course.get_audience_display()}")
    if course.capacity is not None and course.enrollments.count() >= course.capacity:
        raise rules.violation("TRN-REGISTER", f"报名人数已达名额 {course.capacity} 人")
    enrollment = Enrollment(congress_id=course.congress_id, course=course, person=person, deputy=deputy)
    try:
        with transaction.atomic():
            enrollment.save()
    except IntegrityError:
        raise rules.violation("TRN-REGISTER", f"{person.name}已报名本期培训") from None
    audit.record(actor=actor, action="enroll", obj=course, after={"person": person.pk, "name": person.name})
    return enrollment


@transaction.atomic
def record_attendance(*, actor, course: Course, marks: dict[int, str]) -> int:
    """Attendance per enrollment id (attended/absent/excused). Returns the number of rows changed."""
    course = Course.objects.select_for_update().get(pk=course.pk)
    if not perms.can_manage_course(actor, course):
        raise PermissionDenied("您没有登记出勤的权限。")
    if course.status in (CourseStatus.PLANNED, CourseStatus.CANCELLED, CourseStatus.COMPLETED):
        raise rules.violation("TRN-FLOW", f"培训{course.get_status_display()}，不能登记出勤")
    valid = {Enrollment.Attendance.ATTENDED, Enrollment.Attendance.ABSENT, Enrollment.Attendance.EXCUSED,
             Enrollment.Attendance.REGISTERED}
    rows = {e.pk: e for e in course.enrollments.all()}
    changed = []
    for pk, mark in marks.items():
        if pk not in rows:
            raise ValidationError({"attendance": "学员不属于本期培训。"})
        if mark not in valid:
            raise ValidationError({"attendance": "出勤情况不正确。"})
        if rows[pk].attendance != mark:
            rows[pk].attendance = mark
            changed.append(rows[pk])
    Enrollment.objects.bulk_update(changed, ["attendance"])
    if changed:
        audit.record(actor=actor, action="attendance", obj=course,
                     after={str(e.person_id): e.attendance for e in changed})
    return len(changed)


@transaction.atomic
def material_create(*, actor, **data) -> StudyMaterial:
    if not perms.is_manager(actor) and not (actor.role == Role.COMMITTEE):
        raise PermissionDenied("您没有发布学习资料的权限。")
    known_fields(data, MATERIAL_FIELDS, "material")
    course = data.get("course")
    if course is not None and course.congress_id != actor.congress_id:
        raise ValidationError({"course": "培训不属于本人大。"})
    return insert(StudyMaterial(congress_id=actor.congress_id, **data), actor=actor, fields=MATERIAL_FIELDS)
