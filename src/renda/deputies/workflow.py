"""States and transitions of deputies' work (one mechanism: renda.core.workflow).

- a change during the term (DeputyChange): registered → reported → accepted → announced (or rejected);
- a liaison activity: planned → announced → held (or cancelled);
- an issue raised: received → routed → answered → closed (or settled on the spot; or returned by the unit);
- a training course: planned → open → closed → completed (or cancelled);
- an exchange delegation: planned → approved → completed (or cancelled).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from renda.core import rules, thresholds
from renda.core.calendar import calendar_for
from renda.core.models import Organization, Position
from renda.core.workflow import Transition, Workflow
from renda.deputies import permissions as perms
from renda.deputies.models import (
    ActivityKind,
    ActivityStatus,
    ChangeKind,
    ChangeStatus,
    CourseStatus,
    Deputy,
    DeputyChange,
    Enrollment,
    IssueSource,
    IssueStatus,
    VisitStatus,
)


# ---- helpers (reads the guards need) -------------------------------------------------------------------
def standing_committee_size(congress_id: int, day: dt.date) -> int:
    """All members of the standing committee (组成人员) in post on `day`: director, vice-chairs, SG, members."""
    return (
        Position.objects.filter(
            congress_id=congress_id,
            organization__kind=Organization.Kind.STANDING_COMMITTEE,
            role__in=Position.STANDING_COMMITTEE_ROLES,
            start_date__lte=day,
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .values("person_id")
        .distinct()
        .count()
    )


def resignation_voted_here(change: DeputyChange) -> bool:
    """Whether this standing committee itself votes on the deputy's resignation (选举法 第五十五条).

    A deputy to a county-level congress resigns to its own standing committee, which accepts by more than half
    of all its members (第二款). A deputy to a congress of a 设区的市 (or a province) is elected by the congresses
    one level down and resigns to the standing committee of the congress that elected them (第一款); that body
    votes, and this committee records its resolution and announces. (Deputies to the next higher congress elected
    by this congress — who would resign to this committee — are not kept in this registry.)"""
    from renda.core.models import Congress

    return change.congress.level == Congress.Level.COUNTY


def vacancies(delegation) -> int | None:
    """Seats not filled in a delegation; None when its seats are not registered."""
    if not delegation.seats:
        return None
    active = Deputy.objects.filter(delegation=delegation, status__in=Deputy.ACTIVE_STATES).count()
    return max(0, delegation.seats - active)


def reply_months(issue) -> tuple[str, int]:
    """The rule and its period for answering an issue (青岛条例 第三十二条 for members' contacts, inspections
    and research; the station feedback period otherwise)."""
    if issue.source in (IssueSource.MEMBER_CONTACT, IssueSource.INSPECTION, IssueSource.RESEARCH):
        return "LIA-CONTACT-REPLY", rules.param(issue.congress_id, "LIA-CONTACT-REPLY", "months")
    return "LIA-ISSUE-FEEDBACK", rules.param(issue.congress_id, "LIA-ISSUE-FEEDBACK", "months")


# ---- guards: changes -----------------------------------------------------------------------------------
def credentials_reviewed(change: DeputyChange, **ctx) -> None:
    if change.kind == ChangeKind.BY_ELECTION and not (change.credentials_reviewed or ctx.get("credentials_reviewed")):
        raise rules.violation("DEP-BY-ELECTION", "补选产生的代表尚未经代表资格审查委员会审查")


def change_conditions(change: DeputyChange, **ctx) -> None:
    """What each kind of change needs before the standing committee confirms it."""
    kind = change.kind
    day = ctx.get("effective_on") or timezone.localdate()
    if kind == ChangeKind.RESIGNATION:
        if not resignation_voted_here(change):
            # 选举法 第五十五条第一款: the deputy resigned to the standing committee of the congress that elected
            # them, which accepted it; this committee records its resolution, then announces (备案、公告).
            if not ((ctx.get("decision_ref") or "").strip() or change.decision_ref):
                raise rules.violation("DEP-RESIGN", "须登记原选举单位的人民代表大会常务委员会接受辞职的决议")
            return
        votes = ctx.get("votes_for")
        votes = change.votes_for if votes is None else votes
        total = standing_committee_size(change.congress_id, day)
        if votes is None:
            raise rules.violation("DEP-RESIGN", "须登记常委会会议表决接受辞职的赞成票数")
        if not thresholds.more_than_half(votes, total):
            raise rules.violation(
                "DEP-RESIGN", f"赞成 {votes} 票，未超过常委会组成人员 {total} 名的半数，不能接受辞职"
            )
    elif kind == ChangeKind.REMOVAL:
        if not ((ctx.get("decision_ref") or "").strip() or change.decision_ref):
            raise rules.violation("DEP-REMOVAL", "须登记原选举单位罢免该代表的决议")
    elif kind == ChangeKind.BY_ELECTION:
        credentials_reviewed(change, **ctx)
        if change.delegation is not None:
            free = vacancies(change.delegation)
            if free is not None and free <= 0:
                raise rules.violation("DEP-BY-ELECTION", f"{change.delegation}没有出缺的代表名额")
        if Deputy.objects.filter(term_id=change.term_id, person_id=change.person_id).exists():
            raise rules.violation("DEP-REGISTRY", "该公民已是本届代表")
    elif kind == ChangeKind.RESTORATION:
        if change.deputy.status != Deputy.Status.SUSPENDED:
            raise rules.violation("DEP-SUSPEND", "该代表未暂停执行代表职务，无需恢复")
    elif kind == ChangeKind.SUSPENSION:
        if change.deputy.status != Deputy.Status.SERVING:
            raise rules.violation("DEP-SUSPEND", f"该代表当前状态为「{change.deputy.get_status_display()}」")
    elif change.deputy is not None and not change.deputy.is_active:
        raise rules.violation("DEP-CHANGE", f"该代表当前状态为「{change.deputy.get_status_display()}」，代表资格已终止")


def only_resignations(change: DeputyChange, **_) -> None:
    if change.kind != ChangeKind.RESIGNATION:
        raise rules.violation("DEP-RESIGN", "只有辞职请求可以不予接受；其他情形依法终止或者恢复")
    if not resignation_voted_here(change):
        raise rules.violation("DEP-RESIGN", "代表的辞职由选举他的人民代表大会的常务委员会决定是否接受，本常委会只予备案、公告")


def _change_prepare(change: DeputyChange, t: Transition, *, actor, note: str = "", **ctx) -> None:
    if t.action == "report" and ctx.get("credentials_reviewed"):
        change.credentials_reviewed = True
    if t.action in ("accept", "reject"):
        change.effective_on = ctx.get("effective_on") or timezone.localdate()
        if ctx.get("votes_for") is not None and change.kind == ChangeKind.RESIGNATION and resignation_voted_here(change):
            change.votes_for = ctx["votes_for"]  # only a vote this committee took is recorded as its own
        if ctx.get("decision_ref"):
            change.decision_ref = ctx["decision_ref"][:120]
        if change.kind == ChangeKind.RESIGNATION and resignation_voted_here(change):
            change.members_total = standing_committee_size(change.congress_id, change.effective_on)
    if t.action == "announce":
        change.announced_on = ctx.get("announced_on") or timezone.localdate()


def _change_applied(change: DeputyChange, t: Transition, *, actor, note: str = "", **ctx) -> None:
    if t.action == "accept":
        from renda.deputies.services import apply_change

        apply_change(change=change, actor=actor)


CHANGE_WORKFLOW = Workflow(
    name="deputies.change",
    states=ChangeStatus,
    prepare=_change_prepare,
    on_applied=_change_applied,
    transitions=[
        Transition("report", "代表资格审查委员会报告常委会", (ChangeStatus.REGISTERED,), ChangeStatus.REPORTED,
                   rule="DEP-CHANGE", allowed=perms.is_deputy_affairs_for, guards=(credentials_reviewed,)),
        Transition("accept", "常委会确认（接受）", (ChangeStatus.REPORTED,), ChangeStatus.ACCEPTED,
                   rule="DEP-CHANGE", allowed=perms.is_deputy_affairs_for, guards=(change_conditions,)),
        Transition("reject", "不予接受辞职", (ChangeStatus.REPORTED,), ChangeStatus.REJECTED,
                   rule="DEP-RESIGN", allowed=perms.is_deputy_affairs_for, guards=(only_resignations,),
                   needs_note=True, style="danger"),
        Transition("announce", "予以公告", (ChangeStatus.ACCEPTED,), ChangeStatus.ANNOUNCED,
                   rule="DEP-CHANGE", allowed=perms.is_manager),
    ],
)


# ---- activities ---------------------------------------------------------------------------------------
def notice_in_time(activity, **ctx) -> None:
    if activity.kind != ActivityKind.RECEPTION:
        return
    days = rules.param(activity.congress_id, "LIA-NOTICE", "days")
    announced = ctx.get("announced_on") or timezone.localdate()
    start = timezone.localtime(activity.start).date()
    if (start - announced).days < days:
        raise rules.violation("LIA-NOTICE", f"接待选民日须至少提前 {days} 日公告，距接待日仅 {(start - announced).days} 日")


def reception_announced(activity, **_) -> None:
    if activity.kind == ActivityKind.RECEPTION and activity.status != ActivityStatus.ANNOUNCED:
        raise rules.violation("LIA-NOTICE", "接待选民日尚未公告")


def activity_held(activity, *, record: str = "", **ctx) -> None:
    if activity.start > timezone.now():
        raise rules.violation("LIA-ACTIVITY", "活动尚未开始，不能登记为已举行")
    minimum = rules.param(activity.congress_id, "LIA-ACTIVITY", "min_record_chars")
    if len((record or activity.record or "").strip()) < minimum:
        raise rules.violation("LIA-ACTIVITY", f"活动记录不少于 {minimum} 个字")
    if not activity.participants.exists():
        raise rules.violation("LIA-ACTIVITY", "须登记参加活动的代表")


def _activity_prepare(activity, t: Transition, *, actor, note: str = "", **ctx) -> None:
    if t.action == "announce":
        activity.announced_on = ctx.get("announced_on") or timezone.localdate()
    elif t.action == "hold":
        if (ctx.get("record") or "").strip():
            activity.record = ctx["record"].strip()
        if ctx.get("people_received") is not None:
            activity.people_received = ctx["people_received"]


ACTIVITY_WORKFLOW = Workflow(
    name="deputies.activity",
    states=ActivityStatus,
    prepare=_activity_prepare,
    transitions=[
        Transition("announce", "发布公告", (ActivityStatus.PLANNED,), ActivityStatus.ANNOUNCED,
                   rule="LIA-NOTICE", allowed=perms.can_manage_activity, guards=(notice_in_time,)),
        Transition("hold", "登记活动情况", (ActivityStatus.PLANNED, ActivityStatus.ANNOUNCED), ActivityStatus.HELD,
                   rule="LIA-ACTIVITY", allowed=perms.can_manage_activity, guards=(reception_announced, activity_held)),
        Transition("cancel", "取消活动", (ActivityStatus.PLANNED, ActivityStatus.ANNOUNCED), ActivityStatus.CANCELLED,
                   rule="LIA-ACTIVITY", allowed=perms.can_manage_activity, needs_note=True, style="danger"),
    ],
)


# ---- issues -------------------------------------------------------------------------------------------
def has_routing_target(issue, *, routed_to=None, **_) -> None:
    target = routed_to or issue.routed_to
    if target is None:
        raise rules.violation("LIA-ISSUE-FLOW", "须选择交办的机关或者单位")
    if target.congress_id != issue.congress_id:
        raise rules.violation("LIA-ISSUE-FLOW", "交办单位不属于本人大")
    if not (target.is_handling_unit or target.kind in Organization.CONGRESS_BODY_KINDS):
        raise rules.violation("LIA-ISSUE-FLOW", "只能交办给承办单位或者常委会的专门委员会、工作机构")


def has_answer(issue, *, answer: str = "", **_) -> None:
    if not (answer or "").strip():
        raise rules.violation("LIA-ISSUE-FLOW", "须填写答复意见")


def return_in_time(issue, **ctx) -> None:
    n = rules.param(issue.congress_id, "LIA-ISSUE-RETURN", "working_days")
    today = ctx.get("today") or timezone.localdate()
    if issue.routed_on is not None:
        last = calendar_for(issue.congress_id).add_working_days(issue.routed_on, n)
        if today > last:
            raise rules.violation("LIA-ISSUE-RETURN", f"已超过交办后 {n} 个工作日（{last:%Y-%m-%d}）的说明退回期限")


def _issue_prepare(issue, t: Transition, *, actor, note: str = "", **ctx) -> None:
    today = ctx.get("today") or timezone.localdate()
    if t.action == "route":
        if ctx.get("routed_to") is not None:
            issue.routed_to = ctx["routed_to"]
        issue.routed_on = today
        _, months = reply_months(issue)
        issue.due_on = calendar_for(issue.congress_id).add_months(today, months)
    elif t.action in ("answer", "settle"):
        issue.answer = (ctx.get("answer") or "").strip()
        issue.answered_on = today
        if t.action == "settle":
            issue.closed_on = today
    elif t.action == "return":
        issue.routed_to = None
        issue.routed_on = None
        issue.due_on = None
    elif t.action == "close":
        issue.closed_on = today


ISSUE_WORKFLOW = Workflow(
    name="deputies.issue",
    states=IssueStatus,
    prepare=_issue_prepare,
    transitions=[
        Transition("route", "交办", (IssueStatus.RECEIVED,), IssueStatus.ROUTED,
                   rule="LIA-ISSUE-FLOW", allowed=perms.can_route_issue, guards=(has_routing_target,)),
        Transition("settle", "当场答复并办结", (IssueStatus.RECEIVED,), IssueStatus.CLOSED,
                   rule="LIA-CONTACT-REPLY", allowed=perms.can_route_issue, guards=(has_answer,), style="secondary"),
        Transition("answer", "答复", (IssueStatus.ROUTED,), IssueStatus.ANSWERED,
                   rule="LIA-ISSUE-FLOW", allowed=perms.can_answer_issue, guards=(has_answer,)),
        Transition("return", "说明理由并退回", (IssueStatus.ROUTED,), IssueStatus.RECEIVED,
                   rule="LIA-ISSUE-RETURN", allowed=perms.can_return_issue, guards=(return_in_time,),
                   needs_note=True, style="secondary"),
        Transition("close", "反馈代表并办结", (IssueStatus.ANSWERED,), IssueStatus.CLOSED,
                   rule="LIA-ISSUE-FLOW", allowed=perms.can_route_issue),
    ],
)


# ---- training ------------------------------------------------------------------------------------------
def attendance_recorded(course, **_) -> None:
    if course.start > timezone.now():
        raise rules.violation("TRN-FLOW", "培训尚未开始，不能结业")
    missing = Enrollment.objects.filter(course=course, attendance=Enrollment.Attendance.REGISTERED).count()
    if missing:
        raise rules.violation("TRN-COMPLETE", f"还有 {missing} 名学员未登记出勤情况")


def _course_applied(course, t: Transition, *, actor, note: str = "", **ctx) -> None:
    if t.action == "complete":
        Enrollment.objects.filter(course=course, attendance=Enrollment.Attendance.ATTENDED).update(completed=True)


COURSE_WORKFLOW = Workflow(
    name="deputies.course",
    states=CourseStatus,
    on_applied=_course_applied,
    transitions=[
        Transition("open", "开始报名", (CourseStatus.PLANNED,), CourseStatus.OPEN,
                   rule="TRN-FLOW", allowed=perms.can_manage_course),
        Transition("close", "截止报名", (CourseStatus.OPEN,), CourseStatus.CLOSED,
                   rule="TRN-FLOW", allowed=perms.can_manage_course, style="secondary"),
        Transition("complete", "结业", (CourseStatus.OPEN, CourseStatus.CLOSED), CourseStatus.COMPLETED,
                   rule="TRN-COMPLETE", allowed=perms.can_manage_course, guards=(attendance_recorded,)),
        Transition("cancel", "取消培训", (CourseStatus.PLANNED, CourseStatus.OPEN, CourseStatus.CLOSED),
                   CourseStatus.CANCELLED, rule="TRN-FLOW", allowed=perms.can_manage_course, needs_note=True,
                   style="danger"),
    ],
)


# ---- exchanges -----------------------------------------------------------------------------------------
def visit_done(visit, *, outcomes: str = "", **_) -> None:
    if visit.end_date > timezone.localdate():
        raise rules.violation("EXC-FLOW", "团组活动尚未结束")
    if not ((outcomes or "").strip() or visit.outcomes.strip()):
        raise rules.violation("EXC-FLOW", "须登记交流成果")


def _visit_prepare(visit, t: Transition, *, actor, note: str = "", **ctx) -> None:
    if t.action == "approve" and ctx.get("approval_ref"):
        visit.approval_ref = ctx["approval_ref"][:120]
    if t.action == "complete" and (ctx.get("outcomes") or "").strip():
        visit.outcomes = ctx["outcomes"].strip()


def _office_or_leader(user, obj) -> bool:
    return perms.is_office(user, obj) or perms.is_leader(user, obj)


VISIT_WORKFLOW = Workflow(
    name="deputies.visit",
    states=VisitStatus,
    prepare=_visit_prepare,
    transitions=[
        Transition("approve", "批准", (VisitStatus.PLANNED,), VisitStatus.APPROVED,
                   rule="EXC-FLOW", allowed=perms.can_approve_visit),
        Transition("complete", "登记完成", (VisitStatus.APPROVED,), VisitStatus.COMPLETED,
                   rule="EXC-FLOW", allowed=perms.can_manage_exchanges, guards=(visit_done,)),
        Transition("cancel", "取消", (VisitStatus.PLANNED, VisitStatus.APPROVED), VisitStatus.CANCELLED,
                   rule="EXC-FLOW", allowed=_office_or_leader, needs_note=True, style="danger"),
    ],
)
