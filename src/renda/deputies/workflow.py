"""States and transitions of deputies' work (one mechanism: renda.core.workflow).

- a change during the term (DeputyChange): registered → reported → accepted → announced (or rejected);
- a liaison activity: planned → announced → held (or cancelled);
- an issue raised: received → routed → answered → closed (or settled on the spot; or returned by the unit);
- a training course: planned → open → closed → completed (or cancelled);
- an exchange delegation: planned → approved → completed (or cancelled).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from renda.core import audit, rules, thresholds
from renda.core.calendar import calendar_for
from renda.core.models import Organization, Position
from renda.core.workflow import Transition, Workflow, dated, or_today, step_date
from renda.deputies import forms as step
from renda.deputies import permissions as perms
from renda.deputies.law import (
    reply_months,
    resignation_voted_here,
    vacancies,
)
from renda.deputies.models import (
    ENDING_KINDS,
    STATUS_AFTER_CHANGE,
    ActivityKind,
    ActivityStatus,
    ChangeKind,
    ChangeStatus,
    CourseStatus,
    Deputy,
    DeputyChange,
    Enrollment,
    IssueStatus,
    VisitStatus,
)
from renda.deputies.snapshots import safe_snapshot


# ---- guards: changes -----------------------------------------------------------------------------------
def credentials_reviewed(change: DeputyChange, **ctx) -> None:
    if change.kind == ChangeKind.BY_ELECTION and not (change.credentials_reviewed or ctx.get("credentials_reviewed")):
        raise rules.violation("DEP-BY-ELECTION", "补选产生的代表尚未经代表资格审查委员会审查")


def change_conditions(change: DeputyChange, **ctx) -> None:
    """What each kind of change needs before the standing committee confirms it."""
    kind = change.kind
    day = step_date(ctx, "effective_on")
    if kind == ChangeKind.RESIGNATION:
        if not resignation_voted_here(change):
            # 选举法 第五十五条第一款: the deputy resigned to the standing committee of the congress that elected
            # them, which accepted it; this committee records its resolution, then announces (备案、公告).
            if not ((ctx.get("decision_ref") or "").strip() or change.decision_ref):
                raise rules.violation("DEP-RESIGN", "须登记原选举单位的人民代表大会常务委员会接受辞职的决议")
            return
        votes = ctx.get("votes_for")
        votes = change.votes_for if votes is None else votes
        total = len(Position.standing_committee_ids_on(change.congress_id, day))
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


# ---- effects: changes ----------------------------------------------------------------------------------
def _reported(change: DeputyChange, *, credentials_reviewed: bool = False, **_) -> None:
    if credentials_reviewed:
        change.credentials_reviewed = True


def _decided(change: DeputyChange, *, effective_on=None, votes_for=None, decision_ref: str = "", **_) -> None:
    """常委会确认 or 不予接受: the date it takes effect, the resolution, and this committee's own vote."""
    change.effective_on = or_today(effective_on)
    voted_here = change.kind == ChangeKind.RESIGNATION and resignation_voted_here(change)
    if votes_for is not None and voted_here:
        change.votes_for = votes_for  # only a vote this committee took is recorded as its own
    if decision_ref:
        change.decision_ref = decision_ref[:120]
    if voted_here:
        change.members_total = len(Position.standing_committee_ids_on(change.congress_id,
                                                                      change.effective_on))


def _accepted(change: DeputyChange, *, actor, **ctx) -> None:
    _decided(change, **ctx)
    apply_change(change=change, actor=actor)


def apply_change(*, change: DeputyChange, actor) -> None:
    """The effect of a confirmed change on the registry, inside the step's transaction (audited)."""
    day = or_today(change.effective_on)
    if change.kind == ChangeKind.BY_ELECTION:
        deputy = Deputy(congress_id=change.congress_id, term_id=change.term_id, person_id=change.person_id,
                        delegation_id=change.delegation_id, elected_on=day)
        deputy.full_clean(exclude=["id_number", "phone"])
        deputy.save()
        change.new_deputy = deputy
        audit.record(actor=actor, action="create", obj=deputy, after=safe_snapshot(deputy),
                     rule=rules.get("DEP-BY-ELECTION"), note="补选产生的代表")
        return
    deputy = Deputy.objects.select_for_update().select_related("person").get(pk=change.deputy_id)
    before = safe_snapshot(deputy)
    deputy.status = STATUS_AFTER_CHANGE[change.kind]
    if change.kind in ENDING_KINDS:
        deputy.ended_on = day
    deputy.lock_version += 1
    deputy.save(update_fields=["status", "ended_on", "lock_version"])
    audit.record(actor=actor, action="update", obj=deputy, before=before, after=safe_snapshot(deputy),
                 rule=rules.get("DEP-CHANGE"), note=change.get_kind_display())
    if change.kind in ENDING_KINDS:
        _end_posts(deputy=deputy, day=day, actor=actor)


def _end_posts(*, deputy: Deputy, day: dt.date, actor) -> None:
    """A member of the standing committee or a special committee who stops being a deputy loses the post."""
    posts = Position.objects.select_for_update().filter(
        congress_id=deputy.congress_id, person_id=deputy.person_id, end_date__isnull=True,
        organization__kind__in=[Organization.Kind.STANDING_COMMITTEE, Organization.Kind.SPECIAL_COMMITTEE],
    )
    rule = rules.get("DEP-POST-END")
    for post in posts:
        before = audit.snapshot(post, ["end_date"])
        post.end_date = max(day, post.start_date)
        post.save(update_fields=["end_date"])
        audit.record(actor=actor, action="update", obj=post, before=before, after=audit.snapshot(post, ["end_date"]),
                     rule=rule, note="代表职务终止，相应职务终止")


CHANGE_WORKFLOW = Workflow(
    name="deputies.change",
    states=ChangeStatus,
    transitions=[
        Transition("report", "代表资格审查委员会报告常委会", (ChangeStatus.REGISTERED,), ChangeStatus.REPORTED,
                   rule="DEP-CHANGE", allowed=perms.is_deputy_affairs_for, guards=(credentials_reviewed,),
                   form=step.ChangeReportForm, effect=_reported, next_hint="由常委会确认（接受）。"),
        Transition("accept", "常委会确认（接受）", (ChangeStatus.REPORTED,), ChangeStatus.ACCEPTED,
                   rule="DEP-CHANGE", allowed=perms.is_deputy_affairs_for, guards=(change_conditions,),
                   form=step.ChangeDecisionForm, effect=_accepted,
                   next_hint="代表名册随即更新；之后予以公告。"),
        Transition("reject", "不予接受辞职", (ChangeStatus.REPORTED,), ChangeStatus.REJECTED,
                   rule="DEP-RESIGN", allowed=perms.is_deputy_affairs_for, guards=(only_resignations,),
                   needs_note=True, style="danger", form=step.ChangeDecisionForm, effect=_decided, awaited=False),
        Transition("announce", "予以公告", (ChangeStatus.ACCEPTED,), ChangeStatus.ANNOUNCED,
                   rule="DEP-CHANGE", allowed=perms.is_manager, form=step.AnnounceForm,
                   effect=dated("announced_on", "announced_on"),
                   next_hint="公告后代表和常委会组成人员可以看到该变动。"),
    ],
)


# ---- activities ---------------------------------------------------------------------------------------
def notice_in_time(activity, **ctx) -> None:
    if activity.kind != ActivityKind.RECEPTION:
        return
    days = rules.param(activity.congress_id, "LIA-NOTICE", "days")
    announced = step_date(ctx, "announced_on")
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


def _activity_held(activity, *, record: str = "", people_received=None, **_) -> None:
    if (record or "").strip():
        activity.record = record.strip()
    if people_received is not None:
        activity.people_received = people_received


ACTIVITY_WORKFLOW = Workflow(
    name="deputies.activity",
    states=ActivityStatus,
    transitions=[
        Transition("announce", "发布公告", (ActivityStatus.PLANNED,), ActivityStatus.ANNOUNCED,
                   rule="LIA-NOTICE", allowed=perms.can_manage_activity, guards=(notice_in_time,),
                   form=step.AnnounceForm, effect=dated("announced_on", "announced_on"),
                   next_hint="活动举行后登记活动情况。"),
        Transition("hold", "登记活动情况", (ActivityStatus.PLANNED, ActivityStatus.ANNOUNCED), ActivityStatus.HELD,
                   rule="LIA-ACTIVITY", allowed=perms.can_manage_activity, guards=(reception_announced, activity_held),
                   form=step.ActivityHoldForm, effect=_activity_held,
                   next_hint="活动中收集的意见在本页登记后交办。"),
        Transition("cancel", "取消活动", (ActivityStatus.PLANNED, ActivityStatus.ANNOUNCED), ActivityStatus.CANCELLED,
                   rule="LIA-ACTIVITY", allowed=perms.can_manage_activity, needs_note=True, style="danger",
                   awaited=False),
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
    today = step_date(ctx, "today")
    if issue.routed_on is not None:
        last = calendar_for(issue.congress_id).add_working_days(issue.routed_on, n)
        if today > last:
            raise rules.violation("LIA-ISSUE-RETURN", f"已超过交办后 {n} 个工作日（{last:%Y-%m-%d}）的说明退回期限")


def _routed(issue, *, routed_to=None, **ctx) -> None:
    today = step_date(ctx, "today")
    if routed_to is not None:
        issue.routed_to = routed_to
    issue.routed_on = today
    _, months = reply_months(issue)
    issue.due_on = calendar_for(issue.congress_id).add_months(today, months)


def _routed_note(issue, *, routed_to=None, **_) -> str:
    return f"交办：{routed_to}" if routed_to is not None else ""


def _answered(issue, *, answer: str = "", **ctx) -> None:
    issue.answer = (answer or "").strip()
    issue.answered_on = step_date(ctx, "today")


def _settled(issue, **ctx) -> None:
    _answered(issue, **ctx)
    issue.closed_on = issue.answered_on


def _returned(issue, **_) -> None:
    issue.routed_to = None
    issue.routed_on = None
    issue.due_on = None


ISSUE_WORKFLOW = Workflow(
    name="deputies.issue",
    states=IssueStatus,
    transitions=[
        Transition("route", "交办", (IssueStatus.RECEIVED,), IssueStatus.ROUTED,
                   rule="LIA-ISSUE-FLOW", allowed=perms.can_route_issue, guards=(has_routing_target,),
                   form=step.IssueRouteForm, effect=_routed, default_note=_routed_note,
                   next_hint="承办单位在答复期限内答复。"),
        Transition("settle", "当场答复并办结", (IssueStatus.RECEIVED,), IssueStatus.CLOSED,
                   rule="LIA-CONTACT-REPLY", allowed=perms.can_route_issue, guards=(has_answer,), style="secondary",
                   form=step.IssueAnswerForm, effect=_settled, awaited=False),
        Transition("answer", "答复", (IssueStatus.ROUTED,), IssueStatus.ANSWERED,
                   rule="LIA-ISSUE-FLOW", allowed=perms.can_answer_issue, guards=(has_answer,),
                   form=step.IssueAnswerForm, effect=_answered, next_hint="代表工作机构将答复反馈代表后办结。"),
        Transition("return", "说明理由并退回", (IssueStatus.ROUTED,), IssueStatus.RECEIVED,
                   rule="LIA-ISSUE-RETURN", allowed=perms.can_return_issue, guards=(return_in_time,),
                   needs_note=True, style="secondary", effect=_returned, awaited=False,
                   next_hint="代表工作机构将重新交办。"),
        Transition("close", "反馈代表并办结", (IssueStatus.ANSWERED,), IssueStatus.CLOSED,
                   rule="LIA-ISSUE-FLOW", allowed=perms.can_route_issue,
                   effect=dated("closed_on", "today")),
    ],
)


# ---- training ------------------------------------------------------------------------------------------
def attendance_recorded(course, **_) -> None:
    if course.start > timezone.now():
        raise rules.violation("TRN-FLOW", "培训尚未开始，不能结业")
    missing = Enrollment.objects.filter(course=course, attendance=Enrollment.Attendance.REGISTERED).count()
    if missing:
        raise rules.violation("TRN-COMPLETE", f"还有 {missing} 名学员未登记出勤情况")


def _completed(course, **_) -> None:
    Enrollment.objects.filter(course=course, attendance=Enrollment.Attendance.ATTENDED).update(completed=True)


COURSE_WORKFLOW = Workflow(
    name="deputies.course",
    states=CourseStatus,
    transitions=[
        Transition("open", "开始报名", (CourseStatus.PLANNED,), CourseStatus.OPEN,
                   rule="TRN-FLOW", allowed=perms.can_manage_course, next_hint="学员可以报名。"),
        Transition("close", "截止报名", (CourseStatus.OPEN,), CourseStatus.CLOSED,
                   rule="TRN-FLOW", allowed=perms.can_manage_course, style="secondary", awaited=False),
        Transition("complete", "结业", (CourseStatus.OPEN, CourseStatus.CLOSED), CourseStatus.COMPLETED,
                   rule="TRN-COMPLETE", allowed=perms.can_manage_course, guards=(attendance_recorded,),
                   effect=_completed, next_hint="出勤的学员记为结业，计入代表履职档案。"),
        Transition("cancel", "取消培训", (CourseStatus.PLANNED, CourseStatus.OPEN, CourseStatus.CLOSED),
                   CourseStatus.CANCELLED, rule="TRN-FLOW", allowed=perms.can_manage_course, needs_note=True,
                   style="danger", awaited=False),
    ],
)


# ---- exchanges -----------------------------------------------------------------------------------------
def visit_done(visit, *, outcomes: str = "", **_) -> None:
    if visit.end_date > timezone.localdate():
        raise rules.violation("EXC-FLOW", "团组活动尚未结束")
    if not ((outcomes or "").strip() or visit.outcomes.strip()):
        raise rules.violation("EXC-FLOW", "须登记交流成果")


def _approved(visit, *, approval_ref: str = "", **_) -> None:
    if approval_ref:
        visit.approval_ref = approval_ref[:120]


def _visit_completed(visit, *, outcomes: str = "", **_) -> None:
    if (outcomes or "").strip():
        visit.outcomes = outcomes.strip()


def _office_or_leader(user, obj) -> bool:
    return perms.is_office(user, obj) or perms.is_leader(user, obj)


VISIT_WORKFLOW = Workflow(
    name="deputies.visit",
    states=VisitStatus,
    transitions=[
        Transition("approve", "批准", (VisitStatus.PLANNED,), VisitStatus.APPROVED,
                   rule="EXC-FLOW", allowed=perms.can_approve_visit, form=step.VisitApproveForm, effect=_approved,
                   next_hint="团组活动结束后由办公厅登记交流成果。"),
        Transition("complete", "登记完成", (VisitStatus.APPROVED,), VisitStatus.COMPLETED,
                   rule="EXC-FLOW", allowed=perms.can_manage_exchanges, guards=(visit_done,),
                   form=step.VisitCompleteForm, effect=_visit_completed),
        Transition("cancel", "取消", (VisitStatus.PLANNED, VisitStatus.APPROVED), VisitStatus.CANCELLED,
                   rule="EXC-FLOW", allowed=_office_or_leader, needs_note=True, style="danger", awaited=False),
    ],
)
