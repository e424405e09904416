"""The steps of the session, its elections, the 民生实事 projects and their 票决 (one Transition row each)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone

from renda.assembly import forms
from renda.assembly import permissions as perms
from renda.assembly.elections import tally
from renda.assembly.elections.counting import margin_error
from renda.assembly.models import (
    AssemblySession,
    Election,
    ElectionStatus,
    LivelihoodVote,
    ProjectStatus,
    SessionStatus,
    Sitting,
    SittingKind,
    VoteStatus,
)
from renda.core import audit, rules, thresholds
from renda.core.workflow import Transition, Workflow
from renda.deputies.models import Deputy


# ---- the session ---------------------------------------------------------------------------------------------------
def serving_deputies(session: AssemblySession) -> int:
    """All deputies of the session's term now in office (the base of the quorum and of every majority)."""
    return Deputy.objects.filter(congress_id=session.congress_id, term_id=session.session.term_id,
                                 status=Deputy.Status.SERVING).count()


def quorum_needed(total: int) -> int:
    """三分之二以上 of all deputies, the fraction itself included (ceil(2·total/3))."""
    return -(-2 * total // 3)


def check_quorum(present: int, total: int) -> None:
    if not thresholds.at_least_fraction(present, total, 2, 3):
        raise rules.violation(
            "ASM-QUORUM", f"全体代表 {total} 名，出席 {present} 名，不足三分之二（至少 {quorum_needed(total)} 名），"
                          "会议不得举行")


def _decide(s: AssemblySession, *, actor, note="", decided_on=None, decided_by="", planned_date=None, **_):
    s.decided_on, s.decided_by = decided_on, decided_by
    if planned_date:
        s.planned_date = planned_date
    s.session.start_date = s.planned_date
    s.session.save(update_fields=["start_date"])


def _has_presidium(s: AssemblySession, *, actor, **_):
    if not s.presidium.exists():
        raise rules.violation("ASM-PREPARATORY", "请先登记预备会议选举的主席团名单")
    if not s.draft_agenda.strip() and not s.agenda.strip():
        raise rules.violation("ASM-PREPARATORY", "请先填写会议议程草案")


def _sitting(s: AssemblySession, kind: str, present: int, *, number: int = 1) -> Sitting:
    sitting = Sitting(congress_id=s.congress_id, session=s, kind=kind, number=number, date=s.planned_date,
                      expected=s.total_deputies, present=present, place="大会堂")
    sitting.full_clean(exclude=["session"])
    sitting.save()
    return sitting


def _prepare(s: AssemblySession, *, actor, note="", present=0, secretary_general=None, **_):
    s.total_deputies = serving_deputies(s)
    check_quorum(present, s.total_deputies)
    s.secretary_general = secretary_general
    s.agenda = s.agenda or s.draft_agenda
    if not s.sittings.filter(kind=SittingKind.PREPARATORY).exists():
        _sitting(s, SittingKind.PREPARATORY, present)


def _open(s: AssemblySession, *, actor, note="", present=0, **_):
    s.total_deputies = serving_deputies(s)
    check_quorum(present, s.total_deputies)
    if not s.sittings.filter(kind=SittingKind.PLENARY).exists():
        _sitting(s, SittingKind.PLENARY, present, number=1)


def _nothing_open(s: AssemblySession, *, actor, **_):
    if s.elections.filter(status__in=(ElectionStatus.NOMINATED, ElectionStatus.VOTING)).exists():
        raise rules.violation("ASM-FLOW", "还有选举未完成，不能闭幕")
    if s.livelihood_votes.filter(status=VoteStatus.OPEN).exists():
        raise rules.violation("ASM-FLOW", "民生实事项目票决尚未结束，不能闭幕")


def _close(s: AssemblySession, *, actor, note="", **_):
    """The session ends on the day of its last sitting (today when none was recorded)."""
    last = s.sittings.aggregate(last=Max("date"))["last"] or timezone.localdate()
    s.session.end_date = max(last, s.session.start_date)
    s.session.save(update_fields=["end_date"])


SESSION_WORKFLOW = Workflow(
    name="assembly.session",
    states=SessionStatus,
    transitions=[
        Transition("decide", "常委会决定召开", (SessionStatus.DRAFT,), SessionStatus.CONVENED, rule="ASM-CONVENE",
                   allowed=perms.manages, form=forms.DecideForm, effect=_decide,
                   next_hint="会议日期予以公布；会前登记代表团团长、副团长和主席团名单。"),
        Transition("prepare", "举行预备会议", (SessionStatus.CONVENED,), SessionStatus.PREPARED,
                   rule="ASM-PREPARATORY", allowed=perms.manages, guards=(_has_presidium,), form=forms.PrepareForm,
                   effect=_prepare, next_hint="主席团和秘书长已选出、议程已通过；此后由主席团主持会议。"),
        Transition("open", "宣布开幕", (SessionStatus.PREPARED,), SessionStatus.IN_SESSION, rule="ASM-QUORUM",
                   allowed=perms.manages, form=forms.OpenForm, effect=_open,
                   next_hint="各次全体会议、主席团会议和代表团会议在本页登记；选举和票决按议程进行。"),
        Transition("close", "宣布闭幕", (SessionStatus.IN_SESSION,), SessionStatus.CLOSED, rule="ASM-FLOW",
                   allowed=perms.manages, guards=(_nothing_open,), effect=_close,
                   next_hint="票决入选的民生实事项目转入实施，牵头单位按节点报告进度。"),
    ],
)


# ---- an election ---------------------------------------------------------------------------------------------------
def margin_params(congress_id) -> dict:
    return {"chief_extra": rules.param(congress_id, "ASM-ELECT-MARGIN", "chief_extra"),
            "deputy_min": rules.param(congress_id, "ASM-ELECT-MARGIN", "deputy_min_extra"),
            "deputy_max": rules.param(congress_id, "ASM-ELECT-MARGIN", "deputy_max_extra")}


def _margin(e: Election, *, actor, **_):
    if e.round > 1:  # a further vote among the tied, or 另行选举 with candidates fixed from the first round
        return
    error = margin_error(e.office_kind, e.places, e.candidates.count(), **margin_params(e.congress_id))
    if error:
        raise rules.violation("ASM-ELECT-MARGIN", error)


def _session_running(e: Election, *, actor, **_):
    if e.session.status != SessionStatus.IN_SESSION:
        raise rules.violation("ASM-FLOW", f"大会{e.session.get_status_display()}，不能进行选举")


def _open_election(e: Election, *, actor, note="", **_):
    e.total_deputies = e.session.total_deputies or serving_deputies(e.session)


def _not_too_many(e: Election, *, actor, **_):
    voters = e.marks.count() + e.paper_voters
    cast = e.ballots.count()
    if cast > voters:
        raise rules.violation("ASM-BALLOT-VALID", f"收回选票 {cast} 张，多于投票人数 {voters} 人，本次选举无效，"
                                                  "请宣布选举无效后重新投票")


def _count(e: Election, *, actor, note="", **_):
    """Count the ballots, and seal who voted on a terminal into the audit chain: the names only, never a ballot."""
    tally.apply(e)
    voters = list(e.marks.values_list("person__name", flat=True).order_by("person__name"))
    audit.record(actor=actor, action="voters", obj=e, after={"voters": voters, "paper_voters": e.paper_voters},
                 note=f"无记名投票：{len(voters)} 人在本人终端投票（名单按姓名，不含选票内容）")


ELECTION_WORKFLOW = Workflow(
    name="assembly.election",
    states=ElectionStatus,
    transitions=[
        Transition("open", "开始投票", (ElectionStatus.NOMINATED,), ElectionStatus.VOTING, rule="ASM-ELECT-MARGIN",
                   allowed=perms.manages, guards=(_session_running, _margin), effect=_open_election,
                   next_hint="代表以无记名方式投票：可以赞成、反对、另选他人或者弃权。"),
        Transition("count", "结束投票并计票", (ElectionStatus.VOTING,), ElectionStatus.COUNTED,
                   rule="ASM-ELECT-RESULT", allowed=perms.manages, guards=(_not_too_many,), effect=_count,
                   next_hint="获得全体代表过半数选票的候选人当选；票数相等或者名额不足的，另行投票。"),
        Transition("void", "宣布选举无效", (ElectionStatus.VOTING,), ElectionStatus.VOID, rule="ASM-BALLOT-VALID",
                   allowed=perms.manages, needs_note=True, style="danger", awaited=False,
                   next_hint="重新登记本项选举的候选人后再次投票。"),
    ],
)


# ---- a livelihood project ------------------------------------------------------------------------------------------
def _shortlist(p, *, actor, note="", cost_wan=None, fiscal_note="", lead_unit=None, session=None, **_):
    if lead_unit is not None and lead_unit.congress_id != p.congress_id:
        raise ValidationError({"lead_unit": "牵头单位不属于本级。"})
    if session is not None and session.congress_id != p.congress_id:
        raise ValidationError({"session": "会议不属于本级。"})
    p.cost_wan, p.fiscal_note, p.lead_unit, p.session = cost_wan, fiscal_note, lead_unit, session


def _has_session(p, *, actor, **_):
    if p.session_id is None:
        raise rules.violation("LIV-SHORTLIST", "请先确定提请票决的大会会议")


def _complete(p, *, actor, **_):
    if p.progress_pct < 100:
        raise rules.violation("LIV-PROGRESS", f"项目完成进度为 {p.progress_pct}%，尚未全部完成")


PROJECT_WORKFLOW = Workflow(
    name="assembly.project",
    states=ProjectStatus,
    transitions=[
        Transition("shortlist", "政府初定为候选项目", (ProjectStatus.COLLECTED,), ProjectStatus.SHORTLISTED,
                   rule="LIV-SHORTLIST", allowed=perms.manages, form=forms.ShortlistForm, effect=_shortlist,
                   next_hint="候选项目提请大会，由各代表团审议并提出意见。"),
        Transition("reject", "不列入候选", (ProjectStatus.COLLECTED,), ProjectStatus.NOT_SELECTED,
                   rule="LIV-SHORTLIST", allowed=perms.manages, needs_note=True, style="secondary", awaited=False),
        Transition("submit", "提交大会票决", (ProjectStatus.SHORTLISTED,), ProjectStatus.CANDIDATE,
                   rule="LIV-VOTE", allowed=perms.manages, guards=(_has_session,),
                   next_hint="大会对候选项目差额票决。"),
        Transition("adopt", "票决入选", (ProjectStatus.CANDIDATE,), ProjectStatus.ADOPTED, rule="LIV-VOTE",
                   system=True),
        Transition("drop", "票决未入选", (ProjectStatus.CANDIDATE,), ProjectStatus.NOT_ADOPTED, rule="LIV-VOTE",
                   system=True),
        Transition("complete", "确认完成", (ProjectStatus.ADOPTED,), ProjectStatus.COMPLETED, rule="LIV-PROGRESS",
                   allowed=perms.manages, guards=(_complete,),
                   next_hint="年底由代表进行满意度测评。"),
    ],
)


# ---- a 票决 --------------------------------------------------------------------------------------------------------
def _close_vote(v: LivelihoodVote, *, actor, note="", **_):
    from renda.assembly.livelihood import decide

    decide.apply(v, actor=actor)


LVOTE_WORKFLOW = Workflow(
    name="assembly.lvote",
    states=VoteStatus,
    transitions=[
        Transition("close", "结束票决并宣布结果", (VoteStatus.OPEN,), VoteStatus.CLOSED, rule="LIV-VOTE",
                   allowed=perms.manages, effect=_close_vote,
                   next_hint="得票过半数的项目按赞成票多少排序入选；末位票数相等的，就票数相等的项目再次票决。"),
    ],
)
