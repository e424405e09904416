"""All writes of the congress session: preparation, sittings and their votes, elections and ballots, the 民生实事
projects, their 票决, progress and 满意度测评. Keyword-only, atomic, audited."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from renda.assembly import permissions as perms
from renda.assembly.elections import counting
from renda.assembly.elections import tally as etally
from renda.assembly.livelihood import ranking
from renda.assembly.models import (
    QUORUM_KINDS,
    AssemblySession,
    Candidate,
    DelegationLead,
    Election,
    ElectionBallot,
    ElectionMark,
    ElectionStatus,
    LivelihoodMark,
    LivelihoodProject,
    LivelihoodVote,
    Milestone,
    PresidiumMember,
    ProjectOpinion,
    ProjectSource,
    ProjectStatus,
    RatingChoice,
    RatingMark,
    SessionStatus,
    Sitting,
    SittingKind,
    SittingVote,
    VoteStatus,
)
from renda.assembly.workflow import (
    ELECTION_WORKFLOW,
    LVOTE_WORKFLOW,
    PROJECT_WORKFLOW,
    SESSION_WORKFLOW,
    check_quorum,
    margin_params,
    serving_deputies,
)
from renda.core import audit, rules, thresholds
from renda.core.models import CongressSession, Person, Term
from renda.deputies.models import Delegation, Deputy
from renda.voting.services import receipt_code, receipt_hash


def _manage(actor, obj) -> None:
    if not perms.manages(actor, obj):
        raise PermissionDenied("您没有办理大会会务的权限。")


def _same(congress_id: int, *objs) -> None:
    for o in objs:
        if o is not None and o.congress_id != congress_id:
            raise ValidationError("所选记录不属于本级人大。")


# ---- the session ---------------------------------------------------------------------------------------------------
@transaction.atomic
def session_create(*, actor, congress_session: CongressSession, planned_date: dt.date, draft_agenda: str = "",
                   planned_days: int = 4) -> AssemblySession:
    if not perms.can_manage(actor) or congress_session.congress_id != actor.congress_id:
        raise PermissionDenied("您没有办理大会会务的权限。")
    if AssemblySession.objects.filter(session=congress_session).exists():
        raise ValidationError({"planned_date": "该次会议已经登记。"})
    s = AssemblySession(congress_id=congress_session.congress_id, session=congress_session,
                        planned_date=planned_date, planned_days=planned_days, draft_agenda=draft_agenda.strip())
    s.full_clean(exclude=["session"])
    s.save()
    audit.record(actor=actor, action="create", obj=s, rule=rules.get("ASM-CONVENE"),
                 after={"planned_date": planned_date, "draft_agenda": s.draft_agenda}, note="登记大会会议")
    return s


@transaction.atomic
def session_next(*, actor, congress, planned_date: dt.date, draft_agenda: str = "",
                 planned_days: int = 4) -> AssemblySession:
    """The next session of the current term: its core.CongressSession row and the preparation record."""
    term = Term.objects.filter(congress=congress).order_by("-number").first()
    if term is None:
        raise ValidationError("尚未登记本届人民代表大会。")
    number = (CongressSession.objects.filter(term=term).order_by("-number").values_list("number", flat=True)
              .first() or 0) + 1
    cs = CongressSession.objects.create(congress=congress, term=term, number=number, start_date=planned_date)
    return session_create(actor=actor, congress_session=cs, planned_date=planned_date, draft_agenda=draft_agenda,
                          planned_days=planned_days)


@transaction.atomic
def session_transition(*, actor, session: AssemblySession, action: str, note: str = "", **data) -> AssemblySession:
    return SESSION_WORKFLOW.apply(session, action, actor=actor, note=note, **data)


@transaction.atomic
def presidium_set(*, actor, session: AssemblySession, people: list[Person]) -> None:
    _manage(actor, session)
    if session.status not in (SessionStatus.DRAFT, SessionStatus.CONVENED):
        raise rules.violation("ASM-PREPARATORY", "主席团由预备会议选举，预备会议举行后不能再修改名单")
    _same(session.congress_id, *people)
    session.presidium.all().delete()
    PresidiumMember.objects.bulk_create([PresidiumMember(congress_id=session.congress_id, session=session, person=p,
                                                         order=i) for i, p in enumerate(people)])
    audit.record(actor=actor, action="update", obj=session, rule=rules.get("ASM-PREPARATORY"),
                 after={"presidium": [p.name for p in people]}, note="主席团名单（草案）")


@transaction.atomic
def lead_set(*, actor, session: AssemblySession, delegation: Delegation, person: Person, role: str) -> DelegationLead:
    _manage(actor, session)
    _same(session.congress_id, delegation, person)
    if role not in DelegationLead.Role.values:
        raise ValidationError({"role": "职务不正确。"})
    if role == DelegationLead.Role.HEAD:
        DelegationLead.objects.filter(session=session, delegation=delegation, role=role).delete()
    lead = DelegationLead.objects.create(congress_id=session.congress_id, session=session, delegation=delegation,
                                         person=person, role=role)
    audit.record(actor=actor, action="create", obj=lead, after={"delegation": delegation.name, "person": person.name,
                                                               "role": lead.get_role_display()})
    return lead


@transaction.atomic
def leads_set(*, actor, session: AssemblySession, leads: list[tuple[Delegation, Person, str]]) -> int:
    """All delegations' 团长/副团长 at once (the list the standing committee's office prepares): replaces the list."""
    _manage(actor, session)
    rows = []
    for delegation, person, role in leads:
        _same(session.congress_id, delegation, person)
        if role not in DelegationLead.Role.values:
            raise ValidationError({"role": "职务不正确。"})
        rows.append(DelegationLead(congress_id=session.congress_id, session=session, delegation=delegation,
                                   person=person, role=role))
    heads = [(r.delegation_id) for r in rows if r.role == DelegationLead.Role.HEAD]
    if len(heads) != len(set(heads)):
        raise ValidationError({"role": "每个代表团只设一名团长。"})
    session.leads.all().delete()
    DelegationLead.objects.bulk_create(rows)
    audit.record(actor=actor, action="update", obj=session,
                 after={"leads": [f"{r.delegation.name}{r.get_role_display()}{r.person.name}" for r in rows]},
                 note="代表团团长、副团长名单")
    return len(rows)


@transaction.atomic
def sitting_add(*, actor, session: AssemblySession, kind: str, date: dt.date, place: str = "", materials: str = "",
                present: int | None = None, delegation: Delegation | None = None) -> Sitting:
    _manage(actor, session)
    if kind not in SittingKind.values:
        raise ValidationError({"kind": "会议类别不正确。"})
    if session.status == SessionStatus.CLOSED:
        raise rules.violation("ASM-FLOW", "大会已闭幕，不能再登记会议")
    if kind == SittingKind.DELEGATION and delegation is None:
        raise ValidationError({"delegation": "代表团会议须选择代表团。"})
    _same(session.congress_id, delegation)
    total = session.total_deputies or serving_deputies(session)
    if kind == SittingKind.DELEGATION:
        expected = Deputy.objects.filter(delegation=delegation, status=Deputy.Status.SERVING).count()
    elif kind == SittingKind.PRESIDIUM:
        expected = session.presidium.count()
    else:
        expected = total
    number = Sitting.objects.filter(session=session, kind=kind, delegation=delegation).count() + 1
    s = Sitting(congress_id=session.congress_id, session=session, kind=kind, delegation=delegation, number=number,
                date=date, place=place, materials=materials, expected=expected, present=present)
    s.full_clean(exclude=["session", "delegation"])
    s.save()
    audit.record(actor=actor, action="create", obj=s, after={"kind": s.get_kind_display(), "date": date,
                                                            "present": present}, note=str(s))
    return s


@transaction.atomic
def sitting_vote(*, actor, sitting: Sitting, subject: str, yes: int, no: int, abstain: int) -> SittingVote:
    """A show of hands or a count at a sitting. Plenaries need the quorum (2/3 of all deputies present) and pass with
    more than half of ALL deputies; presidium and delegation meetings with more than half of their members."""
    _manage(actor, sitting)
    if sitting.present is None:
        raise rules.violation("ASM-QUORUM", "请先登记本次会议的实到人数")
    if yes + no + abstain > sitting.present:
        raise ValidationError({"yes": f"赞成、反对、弃权合计 {yes + no + abstain} 票，多于实到人数 {sitting.present} 人。"})
    if sitting.kind in QUORUM_KINDS:
        total = sitting.session.total_deputies or serving_deputies(sitting.session)
        check_quorum(sitting.present, total)
    else:
        total = sitting.expected
    v = SittingVote(congress_id=sitting.congress_id, sitting=sitting, subject=subject, total=total, yes=yes, no=no,
                    abstain=abstain, passed=thresholds.more_than_half(yes, total))
    v.full_clean(exclude=["sitting"])
    v.save()
    audit.record(actor=actor, action="vote", obj=v, rule=rules.get("ASM-MAJORITY"),
                 after={"yes": yes, "no": no, "abstain": abstain, "total": total, "passed": v.passed}, note=subject)
    return v


# ---- elections -----------------------------------------------------------------------------------------------------
@transaction.atomic
def election_create(*, actor, session: AssemblySession, office: str, office_kind: str, places: int,
                    candidates: list, parent: Election | None = None, reason: str = "") -> Election:
    """Register an election with its candidates (names, or Person rows); the 差额 is checked when voting opens."""
    _manage(actor, session)
    if session.status == SessionStatus.CLOSED:
        raise rules.violation("ASM-FLOW", "大会已闭幕，不能再登记选举")
    e = Election(congress_id=session.congress_id, session=session, office=office, office_kind=office_kind,
                 places=places, parent=parent, round=(parent.round + 1) if parent else 1, reason=reason)
    e.full_clean(exclude=["session", "parent"])
    e.save()
    rows = []
    for i, c in enumerate(candidates):
        person = c if isinstance(c, Person) else None
        _same(session.congress_id, person)
        rows.append(Candidate(congress_id=e.congress_id, election=e, person=person,
                              name=(person.name if person else str(c)).strip()[:40], order=i))
    if len({r.name for r in rows}) != len(rows) or not rows:
        raise ValidationError({"candidates": "候选人不能为空或者重复。"})
    Candidate.objects.bulk_create(rows)
    audit.record(actor=actor, action="create", obj=e, rule=rules.get("ASM-ELECT-MARGIN"),
                 after={"office": office, "places": places, "candidates": [r.name for r in rows]},
                 note=str(e))
    return e


@transaction.atomic
def election_transition(*, actor, election: Election, action: str, note: str = "", **data) -> Election:
    return ELECTION_WORKFLOW.apply(election, action, actor=actor, note=note, **data)


def _deputy_of(actor, session: AssemblySession) -> Deputy:
    dep = Deputy.objects.filter(congress_id=session.congress_id, term_id=session.session.term_id,
                                person_id=getattr(actor, "person_id", None), status=Deputy.Status.SERVING).first()
    if dep is None:
        raise rules.violation("ASM-ELECT-SECRET", "您不是本届在任的人大代表，不能投票")
    return dep


def _clean_choices(election: Election, choices: dict, write_ins: list) -> tuple[dict, list]:
    ids = {str(pk) for pk in election.candidates.values_list("pk", flat=True)}
    clean = {}
    for k, c in (choices or {}).items():
        if str(k) not in ids:
            raise ValidationError({"choices": "选票上有不是本次选举候选人的项目。"})
        if c not in counting.CHOICES:
            raise ValidationError({"choices": "对每名候选人只能选择赞成、反对或者弃权。"})
        clean[str(k)] = c
    names = [str(n).strip()[:40] for n in (write_ins or []) if str(n).strip()]
    if len(names) > election.places:
        raise ValidationError({"write_ins": "另选他人不得多于应选名额。"})
    if not counting.ballot_valid({"choices": clean, "write_ins": names}, election.places):
        raise ValidationError({"choices": f"赞成和另选他人合计不得多于应选名额（{election.places} 名），否则选票无效。"})
    return clean, names


@transaction.atomic
def election_cast(*, actor, election: Election, choices: dict, write_ins: list | None = None) -> str:
    """A deputy's own secret ballot. Returns the receipt code (shown once; stored only as its SM3 hash)."""
    e = Election.objects.select_for_update().select_related("session__session").get(pk=election.pk)
    if e.congress_id != getattr(actor, "congress_id", None):
        raise PermissionDenied("您不能参加该选举。")
    if e.status != ElectionStatus.VOTING:
        raise rules.violation("ASM-ELECT-SECRET", f"选举{e.get_status_display()}，不能投票")
    dep = _deputy_of(actor, e.session)
    clean, names = _clean_choices(e, choices, write_ins or [])
    try:
        with transaction.atomic():
            ElectionMark.objects.create(id=uuid.uuid4(), congress_id=e.congress_id, election=e, person_id=dep.person_id)
    except IntegrityError:
        raise rules.violation("ASM-ELECT-SECRET", "您已经投过票，每人只能投一次") from None
    code = receipt_code()
    ElectionBallot.objects.create(id=uuid.uuid4(), congress_id=e.congress_id, election=e, choices=clean,
                                  write_ins=names, receipt_hash=receipt_hash(code))
    return code


@transaction.atomic
def election_paper_ballots(*, actor, election: Election, voters: int, ballots: list[dict]) -> int:
    """The tellers (计票人) enter the paper ballots of the deputies who voted in the hall: the number of voters and
    each ballot as cast. Stored like an electronic ballot, without a receipt. Returns the ballots stored."""
    e = Election.objects.select_for_update().get(pk=election.pk)
    _manage(actor, e)
    if e.status != ElectionStatus.VOTING:
        raise rules.violation("ASM-ELECT-SECRET", f"选举{e.get_status_display()}，不能录入选票")
    if voters < 0:
        raise ValidationError({"voters": "投票人数不正确。"})
    ids = {str(pk) for pk in e.candidates.values_list("pk", flat=True)}
    rows = []
    for b in ballots:
        choices = {str(k): c for k, c in (b.get("choices") or {}).items()}
        if set(choices) - ids:
            raise ValidationError({"ballots": "选票上有不是本次选举候选人的项目。"})
        rows.append(ElectionBallot(id=uuid.uuid4(), congress_id=e.congress_id, election=e, choices=choices,
                                   write_ins=[str(n).strip()[:40] for n in (b.get("write_ins") or [])]))
    rows.sort(key=lambda r: str(r.id))  # the entry order is not kept
    ElectionBallot.objects.bulk_create(rows, batch_size=500)
    Election.objects.filter(pk=e.pk).update(paper_voters=F("paper_voters") + voters)
    audit.record(actor=actor, action="ballots", obj=e, after={"voters": voters, "ballots": len(rows)},
                 note="录入书面选票")
    return len(rows)


@transaction.atomic
def election_next_round(*, actor, election: Election) -> Election:
    """After the count: a further vote among the tied (组织法 第二十九条第一款), or 另行选举 for the places not filled
    with candidates in the order of the first vote and the 差额 of 第二十七条第一款 (第二十九条第二款、第三款)."""
    _manage(actor, election)
    if election.status != ElectionStatus.COUNTED:
        raise rules.violation("ASM-ELECT-RESULT", "选举尚未计票，不能进行下一轮")
    if election.rounds.exists():
        raise rules.violation("ASM-ELECT-RESULT", "下一轮选举已经登记")
    todo = etally.pending(election)
    if todo["kind"] == "tie":
        return election_create(actor=actor, session=election.session, office=election.office,
                               office_kind=election.office_kind, places=todo["places"], candidates=todo["names"],
                               parent=election, reason="就票数相等的人再次投票")
    if todo["kind"] == "shortfall":
        params = margin_params(election.congress_id)
        extra = counting.least_margin(election.office_kind, todo["places"], chief_extra=params["chief_extra"],
                                      deputy_min=params["deputy_min"])
        names = todo["names"][: todo["places"] + extra]
        if len(names) < todo["places"]:
            raise rules.violation("ASM-ELECT-SHORTFALL", "第一次投票的候选人不足，须依法另行提名、确定候选人")
        return election_create(actor=actor, session=election.session, office=election.office,
                               office_kind=election.office_kind, places=todo["places"], candidates=names,
                               parent=election, reason="不足名额另行选举")
    raise rules.violation("ASM-ELECT-RESULT", "本项选举已选足名额，无需另行投票")


# ---- 民生实事项目 ------------------------------------------------------------------------------------------------
@transaction.atomic
def project_propose(*, congress_id: int, year: int, title: str, summary: str, source: str, proposer: str = "",
                    actor=None, submission_id: str | None = None) -> tuple[LivelihoodProject, bool]:
    """A candidate project from the public (the portal form), a deputy or a department. Idempotent by the form's
    submission id: a retried post returns the first project."""
    if source not in ProjectSource.values:
        raise ValidationError({"source": "来源不正确。"})
    if actor is not None and not (perms.can_manage(actor) and actor.congress_id == congress_id):
        raise PermissionDenied("您没有登记民生实事项目的权限。")
    if submission_id:
        found = LivelihoodProject.objects.filter(submission_id=submission_id, congress_id=congress_id).first()
        if found is not None:
            return found, False
    p = LivelihoodProject(congress_id=congress_id, year=year, title=title.strip(), summary=summary.strip(),
                          source=source, proposer=proposer.strip(), submission_id=submission_id)
    p.full_clean(exclude=["session", "lead_unit"])
    try:
        with transaction.atomic():
            p.save()
    except IntegrityError:
        return LivelihoodProject.objects.get(submission_id=submission_id), False
    audit.record(actor=actor, action="create", obj=p, rule=rules.get("LIV-COLLECT"),
                 after={"title": p.title, "source": p.get_source_display()}, note="征集民生实事项目")
    return p, True


@transaction.atomic
def project_transition(*, actor, project: LivelihoodProject, action: str, note: str = "", **data):
    return PROJECT_WORKFLOW.apply(project, action, actor=actor, note=note, **data)


@transaction.atomic
def opinion_add(*, actor, project: LivelihoodProject, delegation: Delegation, text: str) -> ProjectOpinion:
    _manage(actor, project)
    _same(project.congress_id, delegation)
    if project.status not in (ProjectStatus.SHORTLISTED, ProjectStatus.CANDIDATE):
        raise rules.violation("LIV-SHORTLIST", "只有候选项目可以由代表团审议")
    o = ProjectOpinion(congress_id=project.congress_id, project=project, delegation=delegation, text=text.strip())
    o.full_clean(exclude=["project", "delegation"])
    o.save()
    audit.record(actor=actor, action="create", obj=o, after={"delegation": delegation.name}, note="代表团审议意见")
    return o


@transaction.atomic
def lvote_open(*, actor, session: AssemblySession, year: int, places: int | None = None,
               projects: list[LivelihoodProject] | None = None, present: int | None = None,
               parent: LivelihoodVote | None = None) -> LivelihoodVote:
    _manage(actor, session)
    if session.status != SessionStatus.IN_SESSION:
        raise rules.violation("ASM-FLOW", f"大会{session.get_status_display()}，不能票决")
    if LivelihoodVote.objects.filter(session=session, year=year, status=VoteStatus.OPEN).exists():
        raise rules.violation("LIV-VOTE", "本年度的票决正在进行")
    if projects is None:
        projects = list(LivelihoodProject.objects.filter(session=session, year=year, status=ProjectStatus.CANDIDATE))
    places = places or rules.param(session.congress_id, "LIV-VOTE", "places")
    if parent is None and len(projects) <= places:
        raise rules.violation("LIV-VOTE", f"候选项目 {len(projects)} 项，应多于应选的 {places} 项（差额票决）")
    _same(session.congress_id, *projects)
    if any(p.status != ProjectStatus.CANDIDATE for p in projects):
        raise rules.violation("LIV-VOTE", "只有提交大会票决的候选项目可以票决")
    if present is None:
        last = session.sittings.filter(kind__in=QUORUM_KINDS, present__isnull=False).order_by("-date", "-id").first()
        present = last.present if last else 0
    total = session.total_deputies or serving_deputies(session)
    check_quorum(present, total)
    v = LivelihoodVote.objects.create(congress_id=session.congress_id, session=session, year=year, places=places,
                                      round=(parent.round + 1) if parent else 1, parent=parent,
                                      total_deputies=total,
                                      present=present, counts={str(p.pk): [0, 0, 0] for p in projects})
    v.projects.set(projects)
    audit.record(actor=actor, action="create", obj=v, rule=rules.get("LIV-VOTE"),
                 after={"places": places, "projects": [p.title for p in projects], "present": present},
                 note=str(v))
    return v


def _lvote_choices(v: LivelihoodVote, choices: dict) -> dict:
    ids = {str(pk) for pk in v.counts}
    clean = {str(k): c for k, c in (choices or {}).items()}
    error = ranking.ballot_error(clean, candidates=ids, places=v.places)
    if error:
        raise ValidationError({"choices": error + "。"})
    return clean


def _add(v: LivelihoodVote, clean: dict) -> None:
    idx = {"yes": 0, "no": 1, "abstain": 2}
    for pid in v.counts:
        v.counts[pid][idx[clean.get(pid, "abstain")]] += 1


@transaction.atomic
def lvote_cast(*, actor, vote: LivelihoodVote, choices: dict) -> None:
    """A deputy's secret 票决 ballot: the choices are added to the totals; only that the deputy voted is kept."""
    v = LivelihoodVote.objects.select_for_update().select_related("session__session").get(pk=vote.pk)
    if v.congress_id != getattr(actor, "congress_id", None):
        raise PermissionDenied("您不能参加该票决。")
    if v.status != VoteStatus.OPEN:
        raise rules.violation("LIV-VOTE", "票决已经结束")
    dep = _deputy_of(actor, v.session)
    clean = _lvote_choices(v, choices)
    try:
        with transaction.atomic():
            LivelihoodMark.objects.create(id=uuid.uuid4(), congress_id=v.congress_id, vote=v, person_id=dep.person_id)
    except IntegrityError:
        raise rules.violation("LIV-VOTE", "您已经投过票，每人只能投一次") from None
    _add(v, clean)
    v.voters += 1
    v.save(update_fields=["counts", "voters"])


@transaction.atomic
def lvote_paper(*, actor, vote: LivelihoodVote, ballots: list[dict]) -> int:
    """The tellers enter the paper ballots of the hall (each a {project id: choice}); void ballots are refused."""
    v = LivelihoodVote.objects.select_for_update().get(pk=vote.pk)
    _manage(actor, v)
    if v.status != VoteStatus.OPEN:
        raise rules.violation("LIV-VOTE", "票决已经结束")
    for b in ballots:
        _add(v, _lvote_choices(v, b))
    v.voters += len(ballots)
    if v.voters > v.present:
        raise rules.violation("LIV-VOTE", f"投票人数 {v.voters} 多于出席代表 {v.present} 人")
    v.save(update_fields=["counts", "voters"])
    audit.record(actor=actor, action="ballots", obj=v, after={"ballots": len(ballots)}, note="录入书面票决票")
    return len(ballots)


@transaction.atomic
def lvote_transition(*, actor, vote: LivelihoodVote, action: str, note: str = "", **data) -> LivelihoodVote:
    return LVOTE_WORKFLOW.apply(vote, action, actor=actor, note=note, **data)


@transaction.atomic
def lvote_next_round(*, actor, vote: LivelihoodVote) -> LivelihoodVote:
    """Equal votes at the cut (LIV-TIE): a further 票决 among the tied projects for the places left."""
    _manage(actor, vote)
    if vote.status != VoteStatus.CLOSED:
        raise rules.violation("LIV-TIE", "票决尚未结束")
    tied = list(vote.projects.filter(status=ProjectStatus.CANDIDATE))
    if not tied or vote.next_rounds.exists():
        raise rules.violation("LIV-TIE", "没有票数相等待再次票决的项目")
    adopted = vote.projects.filter(status=ProjectStatus.ADOPTED).count()
    return lvote_open(actor=actor, session=vote.session, year=vote.year, places=vote.places - adopted,
                      projects=tied, present=vote.present, parent=vote)


@transaction.atomic
def milestone_add(*, actor, project: LivelihoodProject, date: dt.date, title: str, pct: int) -> Milestone:
    if not perms.can_report_progress(actor, project):
        raise PermissionDenied("您不能报告该项目的进度。")
    if project.status not in (ProjectStatus.ADOPTED, ProjectStatus.COMPLETED):
        raise rules.violation("LIV-PROGRESS", "只有票决入选的项目报告实施进度")
    if not 0 <= int(pct) <= 100:
        raise ValidationError({"pct": "完成进度应在 0 至 100 之间。"})
    m = Milestone(congress_id=project.congress_id, project=project, date=date, title=title.strip(), pct=pct)
    m.full_clean(exclude=["project"])
    m.save()
    before = project.progress_pct
    LivelihoodProject.objects.filter(pk=project.pk).update(progress_pct=pct)
    project.progress_pct = pct
    audit.record(actor=actor, action="progress", obj=project, rule=rules.get("LIV-PROGRESS"),
                 before={"progress_pct": before}, after={"progress_pct": pct}, note=title)
    return m


@transaction.atomic
def rate(*, actor, project: LivelihoodProject, choice: str) -> None:
    """A deputy's year-end 满意度测评 of an adopted project: counted, never stored per deputy."""
    p = LivelihoodProject.objects.select_for_update().get(pk=project.pk)
    if p.congress_id != getattr(actor, "congress_id", None):
        raise PermissionDenied("您不能测评该项目。")
    if p.status not in (ProjectStatus.ADOPTED, ProjectStatus.COMPLETED):
        raise rules.violation("LIV-PROGRESS", "只有票决入选的项目进行满意度测评")
    if choice not in RatingChoice.values:
        raise ValidationError({"choice": "请选择满意、基本满意或者不满意。"})
    person_id = getattr(actor, "person_id", None)
    if not Deputy.objects.filter(congress_id=p.congress_id, person_id=person_id, status=Deputy.Status.SERVING).exists():
        raise rules.violation("LIV-PROGRESS", "只有在任的人大代表可以参加测评")
    try:
        with transaction.atomic():
            RatingMark.objects.create(id=uuid.uuid4(), congress_id=p.congress_id, project=p, person_id=person_id)
    except IntegrityError:
        raise rules.violation("LIV-PROGRESS", "您已经测评过该项目") from None
    p.rating[choice] = p.rating.get(choice, 0) + 1
    p.save(update_fields=["rating"])


def rating_summary(project: LivelihoodProject) -> dict:
    r = project.rating or {}
    counts = [(c.label, r.get(c.value, 0)) for c in RatingChoice]
    total = sum(n for _, n in counts)
    good = r.get("satisfied", 0) + r.get("basic", 0)
    return {"counts": counts, "total": total, "passed": thresholds.more_than_half(good, total) if total else None}


@transaction.atomic
def rating_paper(*, actor, project: LivelihoodProject, counts: dict[str, int]) -> None:
    """The office enters the totals of a 测评 done on paper forms at a deputies' meeting (no names on the forms)."""
    p = LivelihoodProject.objects.select_for_update().get(pk=project.pk)
    _manage(actor, p)
    if p.status not in (ProjectStatus.ADOPTED, ProjectStatus.COMPLETED):
        raise rules.violation("LIV-PROGRESS", "只有票决入选的项目进行满意度测评")
    if set(counts) - set(RatingChoice.values) or any(int(n) < 0 for n in counts.values()):
        raise ValidationError({"counts": "测评票数不正确。"})
    for k, n in counts.items():
        p.rating[k] = p.rating.get(k, 0) + int(n)
    p.save(update_fields=["rating"])
    audit.record(actor=actor, action="rating", obj=p, rule=rules.get("LIV-PROGRESS"), after=dict(counts),
                 note="录入书面满意度测评结果")
