"""Self-building pages: courses, registration, attendance, completion; study materials."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from renda.core import attachments, audit
from renda.core.errors import ConflictError, RuleViolation
from renda.deputies import permissions as perms
from renda.deputies.forms import CourseForm, EnrollForm, MaterialForm
from renda.deputies.models import CourseStatus, Enrollment
from renda.deputies.training import selectors, services
from renda.deputies.web import do_transition, form_errors, parse_int
from renda.deputies.workflow import COURSE_WORKFLOW


@login_required
def index(request):
    user = request.user
    if perms.course_filter(user) is None:
        raise Http404("没有找到该页面。")
    status = request.GET.get("status") or ""
    return render(request, "deputies/training/index.html", {
        "page": selectors.course_page(user, status=status, page=request.GET.get("page") or 1),
        "status": status, "statuses": CourseStatus.choices,
        "materials": selectors.materials_for(user).order_by("-published_on")[:20],
        "can_create": perms.can_create_course(user),
        "can_publish": perms.is_manager(user) or user.role == "committee",
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
        "actions": COURSE_WORKFLOW.allowed_actions(user, course),
        "attendance_choices": Enrollment.Attendance.choices,
        "materials": course.materials.order_by("-published_on"),
        "enroll_form": EnrollForm(congress=user.congress) if can_manage else None,
        "attachments": attachments.for_object(course),
        "history": audit.history(course) if can_manage else None,
    })


def _course_form(request, course=None):
    user = request.user
    if course is None and not perms.can_create_course(user):
        raise PermissionDenied("您没有安排培训的权限。")
    if course is not None and not perms.can_manage_course(user, course):
        raise PermissionDenied("您没有修改该培训的权限。")
    form = CourseForm(request.POST or None, instance=course, congress=user.congress)
    if request.method == "POST" and form.is_valid():
        try:
            if course is None:
                course = services.course_create(actor=user, **form.course_data())
            else:
                services.course_update(actor=user, course=course, lock_version=form.cleaned_data.get("lock_version"),
                                       **form.course_data())
        except ConflictError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, f"已保存：{course.title}")
            return redirect("deputies:course", pk=course.pk)
    return render(request, "deputies/form.html", {
        "form": form, "title": "修改培训" if course else "安排培训和学习",
        "back": ("deputies:course", course.pk) if course else ("deputies:training",),
    })


@login_required
def course_create(request):
    return _course_form(request)


@login_required
def course_edit(request, pk: int):
    return _course_form(request, selectors.course_for(request.user, pk))


@login_required
@require_POST
def course_transition(request, pk: int, action: str):
    user = request.user
    course = selectors.course_for(user, pk)
    note = (request.POST.get("note") or "")[:1000]
    return do_transition(
        request, lambda: services.course_transition(actor=user, course=course, action=action, note=note),
        COURSE_WORKFLOW.transition(action).label, "deputies:course", course.pk,
    )


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
    try:
        enrollment = services.enroll(actor=user, course=course, person=person)
    except RuleViolation as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已报名：{enrollment.person.name}")
    return redirect("deputies:course", pk=course.pk)


@login_required
@require_POST
def course_attendance(request, pk: int):
    user = request.user
    course = selectors.course_for(user, pk)
    marks = {}
    for key, value in request.POST.items():
        if key.startswith("e-") and parse_int(key[2:]) is not None:
            marks[int(key[2:])] = value
    try:
        n = services.record_attendance(actor=user, course=course, marks=marks)
    except RuleViolation as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已登记出勤情况（{n} 人次有变化）。")
    return redirect("deputies:course", pk=course.pk)


@login_required
@require_POST
def course_attach(request, pk: int):
    user = request.user
    course = selectors.course_for(user, pk)
    if not perms.can_manage_course(user, course):
        raise PermissionDenied("您没有为该培训上传资料的权限。")
    try:
        attachments.attach(actor=user, obj=course, upload=request.FILES.get("file"))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "已上传培训资料。")
    return redirect("deputies:course", pk=course.pk)


@login_required
def material_detail(request, pk: int):
    user = request.user
    material = selectors.material_for(user, pk)
    return render(request, "deputies/training/material_detail.html", {
        "material": material, "attachments": attachments.for_object(material),
        "can_manage": perms.is_manager(user) or user.role == "committee",
    })


@login_required
def material_create(request):
    user = request.user
    if not (perms.is_manager(user) or user.role == "committee"):
        raise PermissionDenied("您没有发布学习资料的权限。")
    form = MaterialForm(request.POST or None, congress=user.congress)
    if request.method == "POST" and form.is_valid():
        try:
            material = services.material_create(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, "已发布学习资料。")
            return redirect("deputies:material", pk=material.pk)
    return render(request, "deputies/form.html", {"form": form, "title": "发布学习资料", "back": ("deputies:training",)})


@login_required
@require_POST
def material_attach(request, pk: int):
    user = request.user
    material = selectors.material_for(user, pk)
    if not (perms.is_manager(user) or user.role == "committee"):
        raise PermissionDenied("您没有上传学习资料的权限。")
    try:
        attachments.attach(actor=user, obj=material, upload=request.FILES.get("file"))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "已上传。")
    return redirect("deputies:material", pk=material.pk)
