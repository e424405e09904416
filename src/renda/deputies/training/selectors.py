"""All reads of training and study, visibility-aware; the training calendar source."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from renda.core.registry import CalendarEvent
from renda.core.selectors import one_or_404, visible
from renda.deputies import permissions as perms
from renda.deputies.models import Course, CourseStatus, Enrollment, StudyMaterial


def courses_for(user) -> QuerySet[Course]:
    return visible(Course, perms.course_filter(user)).select_related("organizer")


def course_for(user, pk: int) -> Course:
    return one_or_404(courses_for(user), pk, "没有找到该培训。")


def course_page(user, *, status: str = "", page=1, per_page: int = 50):
    qs = courses_for(user)
    if status in CourseStatus.values:
        qs = qs.filter(status=status)
    qs = qs.annotate(
        enrolled=Count("enrollments", distinct=True),
        attended=Count("enrollments", filter=Q(enrollments__attendance=Enrollment.Attendance.ATTENDED), distinct=True),
    ).order_by("-start", "-id")
    return Paginator(qs, per_page).get_page(page)


def enrollments(course: Course) -> list[Enrollment]:
    return list(course.enrollments.select_related("person", "deputy__delegation").order_by("id"))


def my_enrollment(user, course: Course) -> Enrollment | None:
    if not user.person_id:
        return None
    return course.enrollments.filter(person_id=user.person_id).first()


def open_courses_for(user, limit: int = 5) -> list[Course]:
    return list(courses_for(user).filter(status=CourseStatus.OPEN).order_by("start")[:limit])


def materials_for(user) -> QuerySet[StudyMaterial]:
    return visible(StudyMaterial, perms.material_filter(user)).select_related("course")


def material_for(user, pk: int) -> StudyMaterial:
    return one_or_404(materials_for(user), pk, "没有找到该学习资料。")


def course_events(user, start: dt.date, end: dt.date, person_id: int | None = None) -> list[CalendarEvent]:
    begin = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    finish = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
    qs = (
        courses_for(user)
        .exclude(status=CourseStatus.CANCELLED)
        .filter(start__lt=finish, end__gte=begin)
        .prefetch_related(Prefetch("enrollments", queryset=Enrollment.objects.exclude(
            attendance__in=[Enrollment.Attendance.ABSENT, Enrollment.Attendance.EXCUSED]).only("id", "course_id",
                                                                                               "person_id")))
        .order_by("start")
    )
    if person_id is not None:  # one person's calendar: the courses they are enrolled in (and not absent from)
        qs = qs.filter(pk__in=Enrollment.objects.filter(person_id=person_id).exclude(
            attendance__in=[Enrollment.Attendance.ABSENT, Enrollment.Attendance.EXCUSED]).values("course_id"))
    return [
        CalendarEvent(
            kind="training", title=c.title, start=c.start, end=c.end, url=reverse("deputies:course", args=[c.pk]),
            congress_id=c.congress_id, person_ids=frozenset(e.person_id for e in c.enrollments.all()),
            body_id=c.organizer_id, place=c.place,
        )
        for c in qs
    ]
