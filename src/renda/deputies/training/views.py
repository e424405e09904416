"""Self-building pages: courses, registration, attendance, completion; study materials.

A course's steps (开始报名, 截止报名, 结业, 取消) are taken through the kit (`deputies:course_transition`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_POST

from renda.core import attachments, history, kit
from renda.deputies import permissions as perms
from renda.deputies.forms import CourseForm, EnrollForm, MaterialForm
from renda.deputies.models import CourseStatus, Enrollment
from renda.deputies.training import selectors, services
from renda.deputies.web import create_or_edit, form_page, form_views, parse_int, record_on, upload, visible


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


@login_required
def course_detail(request, pk: int):
    user = request.user
    course = selectors.course_for(user, pk)
    can_manage = perms.can_manage_course(user, course)
    return render(request, "deputies/training/course_detail.html", {
        "course": course, "can_manage": can_manage,
        "enrollments": selectors.enrollments(course) if can_manage else None,
        "mine": selectors.my_enrollment(user, course),
        "can_enroll": perms.can_enroll_self(user, course) and course.status == CourseStatus.OPEN,
        "attendance_choices": Enrollment.Attendance.choices,
        "materials": course.materials.order_by("-published_on"),
        "enroll_form": EnrollForm(congress=user.congress) if can_manage else None,
        "attachments": attachments.for_object(course),
        # narrower than the platform's rule: those who run the course
        "history": history.for_user(user, course) if can_manage else None,
    })


def _course_form(request, course=None):
    user = request.user
    if course is None:
        kit.ensure(perms.can_create_course(user), "您没有安排培训的权限。")
    else:
        kit.ensure(perms.can_manage_course(user, course), "您没有修改该培训的权限。")
    form = CourseForm(request.POST or None, instance=course, congress=user.congress)
    return create_or_edit(
        request, course, form, data=lambda d: form.course_data(),
        create=lambda **d: services.course_create(actor=user, **d),
        update=lambda obj, **d: services.course_update(actor=user, course=obj, **d),
        titles=("安排培训和学习", "修改培训"), list_url="deputies:training", to="deputies:course",
        what=lambda c: c.title)


course_create, course_edit = form_views("course", _course_form, selectors.course_for)


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


@login_required
@require_POST
def course_attach(request, pk: int):
    course = selectors.course_for(request.user, pk)
    return upload(request, course, "deputies:course", allowed=perms.can_manage_course(request.user, course),
                  refused="您没有为该培训上传资料的权限。", done="已上传培训资料。")


@login_required
def material_detail(request, pk: int):
    user = request.user
    material = selectors.material_for(user, pk)
    return render(request, "deputies/training/material_detail.html", {
        "material": material, "attachments": attachments.for_object(material), "can_manage": _publishes(user),
    })


@login_required
def material_create(request):
    user = request.user
    kit.ensure(_publishes(user), "您没有发布学习资料的权限。")
    return form_page(request, MaterialForm(request.POST or None, congress=user.congress),
                     save=lambda data: services.material_create(actor=user, **data),
                     title="发布学习资料", back=("deputies:training",), to="deputies:material",
                     done=lambda m: "已发布学习资料。")


@login_required
@require_POST
def material_attach(request, pk: int):
    material = selectors.material_for(request.user, pk)
    return upload(request, material, "deputies:material", allowed=_publishes(request.user),
                  refused="您没有上传学习资料的权限。", done="已上传。")
