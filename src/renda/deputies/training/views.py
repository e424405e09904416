"""Self-building pages: courses, registration, attendance, completion; study materials.

A course's steps (开始报名, 截止报名, 结业, 取消) are taken through the kit (`deputies:course_transition`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_POST

from renda.core import attachments, history
from renda.core.web import upload_view
from renda.deputies import permissions as perms
from renda.deputies.forms import CourseForm, EnrollForm, MaterialForm
from renda.deputies.models import CourseStatus, Enrollment
from renda.deputies.training import selectors, services
from renda.deputies.web import create_page, detail_view, parse_int, record_on, record_pages, visible


def _publishes(user) -> bool:
    """Study materials are published by the office, the deputies' working committee and the committees."""
    return perms.is_manager(user) or user.role == "committee"


@login_required
def index(request):
    user = request.user
    visible(perms.course_filter(user))
    status = request.GET.get("status") or ""
    return render(request, "deputies/training/index.html", {
        "page": selectors.course_page(user, status=status, page=request.GET.get("page") or 1),
        "status": status, "statuses": CourseStatus.choices,
        "materials": selectors.materials_for(user).order_by("-published_on")[:20],
        "can_create": perms.can_create_course(user), "can_publish": _publishes(user),
    })


def _course_page(user, course) -> dict:
    can_manage = perms.can_manage_course(user, course)
    return {
        "can_manage": can_manage,
        "enrollments": selectors.enrollments(course) if can_manage else None,
        "mine": selectors.my_enrollment(user, course),
        "can_enroll": perms.can_enroll_self(user, course) and course.status == CourseStatus.OPEN,
        "attendance_choices": Enrollment.Attendance.choices,
        "materials": course.materials.order_by("-published_on"),
        "enroll_form": EnrollForm(congress=user.congress) if can_manage else None,
        "attachments": attachments.for_object(course),
        # narrower than the platform's rule: those who run the course
        "history": history.for_user(user, course) if can_manage else None,
    }


course_detail = detail_view("course_detail", selectors.course_for, "deputies/training/course_detail.html", "course",
                            _course_page)


course_create, course_edit = record_pages(
    "course", selectors.course_for, CourseForm, create=services.course_create, update=services.course_update,
    may=lambda user, course: perms.can_manage_course(user, course) if course else perms.can_create_course(user),
    refused=("您没有安排培训的权限。", "您没有修改该培训的权限。"),
    titles=("安排培训和学习", "修改培训"), list_url="deputies:training", what=lambda c: c.title)


@login_required
@require_POST
def course_enroll(request, pk: int):
    user = request.user
    course = selectors.course_for(user, pk)
    person = None
    if perms.can_manage_course(user, course):
        form = EnrollForm(request.POST, congress=user.congress)
        if form.is_valid():
            person = form.cleaned_data.get("person")
    return record_on(request, course, "deputies:course",
                     lambda: services.enroll(actor=user, course=course, person=person),
                     lambda enrollment: f"已报名：{enrollment.person.name}")


@login_required
@require_POST
def course_attendance(request, pk: int):
    user = request.user
    course = selectors.course_for(user, pk)
    marks = {int(key[2:]): value for key, value in request.POST.items()
             if key.startswith("e-") and parse_int(key[2:]) is not None}
    return record_on(request, course, "deputies:course",
                     lambda: services.record_attendance(actor=user, course=course, marks=marks),
                     lambda n: f"已登记出勤情况（{n} 人次有变化）。")


course_attach = upload_view(selectors.course_for, "deputies:course", may=perms.can_manage_course, name="course_attach",
                            refused="您没有为该培训上传资料的权限。", done="已上传培训资料。")


material_detail = detail_view(
    "material_detail", selectors.material_for, "deputies/training/material_detail.html", "material",
    lambda user, material: {"attachments": attachments.for_object(material), "can_manage": _publishes(user)})


material_create = create_page(
    "material_create", lambda request: MaterialForm(request.POST or None, congress=request.user.congress),
    services.material_create, may=_publishes, refused="您没有发布学习资料的权限。", title="发布学习资料",
    back="deputies:training", to="deputies:material", done=lambda m: "已发布学习资料。")


material_attach = upload_view(selectors.material_for, "deputies:material", may=lambda user, _m: _publishes(user),
                              refused="您没有上传学习资料的权限。", done="已上传。", name="material_attach")
