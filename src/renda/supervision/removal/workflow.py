"""The process of a 撤职案 (监督法 第六十条至第六十二条).

drafting ─提出→ submitted ─主任会议决定提请→ placed ─表决通过→ adopted
                    │                            └─表决未通过→ rejected
                    ├─(联名的) 主任会议决定不提请→ not_placed
                    └─(联名的) 组织调查委员会→ investigating ─提请→ placed

The person proposed for removal may defend himself at the meeting or in writing before the vote (第六十二条第二款):
the vote is refused until the defence (or its waiver) is recorded, and a written one has been printed for the meeting.
The vote is a secret ballot; the totals are recorded and it passes only with more than half of ALL the members
(第六十二条第三款, renda.core.thresholds): exactly half fails.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from renda.core import rules
from renda.core.forms import DATE_INPUT
from renda.core.models import Organization, Person, Position
from renda.core.workflow import Transition, Workflow, dated, step_date
from renda.supervision import counting
from renda.supervision import permissions as perms
from renda.supervision.deadlines import text
from renda.supervision.removal.models import (
    POST_ORGAN_KIND,
    DefenceMode,
    RemovalCase,
    RemovalProposer,
    RemovalStatus,
)
from renda.supervision.steps import DateForm, on_field


# ---- guards ---------------------------------------------------------------------------------------------
def content_complete(case: RemovalCase, **_) -> None:
    missing = [label for label, value in (("撤职的对象", case.target_name), ("现任职务", case.target_post),
                                          ("撤职理由", case.reasons), ("有关材料", case.materials))
               if not (value or "").strip()]
    if missing:
        raise rules.violation("SUP-REMOVAL-CONTENT", f"撤职案未写明{'、'.join(missing)}")


def object_allowed(case: RemovalCase, **_) -> None:
    organ_kind = POST_ORGAN_KIND.get(case.post_kind)
    if organ_kind is None:
        raise rules.violation("SUP-REMOVAL-OBJECT", "撤职对象的职务不在监督法第六十条所列范围内")
    organ = case.target_organ
    if organ.congress_id != case.congress_id or organ.kind != organ_kind:
        raise rules.violation("SUP-REMOVAL-OBJECT",
                              f"「{case.get_post_kind_display()}」不是「{organ}」的职务")


def signer_ids(case: RemovalCase) -> set[int]:
    return set(case.signers.values_list("person_id", flat=True))


def proposer_allowed(case: RemovalCase, *, on: dt.date | None = None, **_) -> None:
    kind = case.proposer_kind
    if kind == RemovalProposer.ORGAN:
        org = case.proposer_organ
        if org is None or org.congress_id != case.congress_id or org.kind not in Organization.ORGAN_KINDS:
            raise rules.violation("SUP-REMOVAL-PROPOSER",
                                  "由机关提出的，须为本级人民政府、监察委员会、人民法院或者人民检察院")
        return
    if kind == RemovalProposer.CHAIRS_COUNCIL:
        return
    if kind != RemovalProposer.MEMBERS:
        raise rules.violation("SUP-REMOVAL-PROPOSER", "未载明提案人")
    when = on or timezone.localdate()
    members = Position.standing_committee_ids_on(case.congress_id, when)
    signed = signer_ids(case)
    outsiders = signed - members
    if outsiders:
        names = "、".join(Person.objects.filter(pk__in=outsiders).order_by("id").values_list("name", flat=True))
        raise rules.violation("SUP-REMOVAL-PROPOSER", f"{names}在 {when:%Y-%m-%d} 不是常务委员会组成人员")
    if not counting.at_least_fraction(len(signed), len(members), 1, 5):
        raise rules.violation(
            "SUP-REMOVAL-PROPOSER",
            f"书面联名的组成人员为 {len(signed)} 人，不足全体组成人员 {len(members)} 人的五分之一",
        )


def members_route(case: RemovalCase, **_) -> None:
    if case.proposer_kind != RemovalProposer.MEMBERS:
        raise rules.violation("SUP-REMOVAL-PLACE", "只有组成人员联名提出的撤职案，由主任会议决定是否提请审议或者组织调查")


def has_meeting(case: RemovalCase, *, meeting_date: dt.date | None = None, **_) -> None:
    if (meeting_date or case.meeting_date) is None:
        raise rules.violation("SUP-REMOVAL-PLACE", "须载明提请审议的常委会会议日期")


def defence_recorded(case: RemovalCase, **_) -> None:
    if case.defence_mode not in DefenceMode.values:
        raise rules.violation("SUP-REMOVAL-DEFENCE", "表决前须登记被提出撤职的人员的申辩情况（包括经告知未提出申辩）")
    if case.defence_mode == DefenceMode.WRITTEN and not case.defence_printed:
        raise rules.violation("SUP-REMOVAL-DEFENCE", "书面申辩意见尚未由主任会议决定印发常委会会议")


def _totals(case: RemovalCase, ctx: dict) -> tuple[int, int]:
    when = step_date(ctx)
    total = len(Position.standing_committee_ids_on(case.congress_id, when))
    cast = sum(int(ctx.get(k) or 0) for k in ("yes", "no", "abstain", "invalid"))
    if total == 0:
        raise rules.violation("SUP-REMOVAL-VOTE", f"{when:%Y-%m-%d} 没有在任的常务委员会组成人员")
    if cast > total:
        raise rules.violation("SUP-REMOVAL-VOTE", f"票数合计 {cast} 张，超过全体组成人员 {total} 人")
    return int(ctx.get("yes") or 0), total


def majority(case: RemovalCase, **ctx) -> None:
    yes, total = _totals(case, ctx)
    if not counting.more_than_half(yes, total):
        raise rules.violation("SUP-REMOVAL-VOTE",
                              f"赞成 {yes} 票，未超过全体组成人员 {total} 人的半数，应登记为表决未通过")


def no_majority(case: RemovalCase, **ctx) -> None:
    yes, total = _totals(case, ctx)
    if counting.more_than_half(yes, total):
        raise rules.violation("SUP-REMOVAL-VOTE",
                              f"赞成 {yes} 票，已超过全体组成人员 {total} 人的半数，应登记为表决通过")


# ---- what the steps ask for -----------------------------------------------------------------------------
class PlaceForm(forms.Form):
    meeting_title = forms.CharField(label="提请审议的常委会会议", max_length=120, required=False)
    meeting_date = forms.DateField(label="会议日期", required=False, widget=DATE_INPUT)
    on = on_field()


class RemovalVoteForm(forms.Form):
    yes = forms.IntegerField(label="赞成票", min_value=0, max_value=10000)
    no = forms.IntegerField(label="反对票", min_value=0, max_value=10000)
    abstain = forms.IntegerField(label="弃权票", min_value=0, max_value=10000)
    invalid = forms.IntegerField(label="无效票", min_value=0, max_value=10000, required=False)
    on = forms.DateField(label="表决日期（不填为今天）", required=False, widget=DATE_INPUT)


# ---- what the steps do ----------------------------------------------------------------------------------
_submitted = dated("submitted_on")


def _placed(case: RemovalCase, **ctx) -> None:
    case.placed_on = step_date(ctx)
    if ctx.get("meeting_date"):
        case.meeting_date = ctx["meeting_date"]
    if text(ctx, "meeting_title"):
        case.meeting_title = text(ctx, "meeting_title")


def _voted(case: RemovalCase, **ctx) -> None:
    when = step_date(ctx)
    case.voted_on = when
    case.members_total = len(Position.standing_committee_ids_on(case.congress_id, when))
    case.votes_yes = int(ctx.get("yes") or 0)
    case.votes_no = int(ctx.get("no") or 0)
    case.votes_abstain = int(ctx.get("abstain") or 0)
    case.votes_invalid = int(ctx.get("invalid") or 0)


REMOVAL_WORKFLOW = Workflow(
    name="supervision.removal",
    states=RemovalStatus,
    transitions=[
        Transition("submit", "提出撤职案", (RemovalStatus.DRAFTING,), RemovalStatus.SUBMITTED,
                   rule="SUP-REMOVAL-PROPOSER", allowed=perms.can_submit_removal,
                   guards=(content_complete, object_allowed, proposer_allowed), form=DateForm, effect=_submitted,
                   next_hint="由主任会议决定提请常委会会议审议。"),
        Transition("place", "主任会议决定提请常委会会议审议", (RemovalStatus.SUBMITTED, RemovalStatus.INVESTIGATING),
                   RemovalStatus.PLACED, rule="SUP-REMOVAL-PLACE", allowed=perms.is_office_or_leader,
                   guards=(has_meeting,), form=PlaceForm, effect=_placed,
                   next_hint="告知被提出撤职的人员可以申辩；登记申辩情况后提请表决。"),
        Transition("decline", "主任会议决定不提请审议", (RemovalStatus.SUBMITTED,), RemovalStatus.NOT_PLACED,
                   rule="SUP-REMOVAL-PLACE", allowed=perms.is_office_or_leader, guards=(members_route,),
                   needs_note=True, awaited=False, style="danger"),
        Transition("investigate", "经全体会议决定组织调查委员会", (RemovalStatus.SUBMITTED,), RemovalStatus.INVESTIGATING,
                   rule="SUP-REMOVAL-PLACE", allowed=perms.is_office_or_leader, guards=(members_route,),
                   needs_note=True, awaited=False, style="secondary",
                   next_hint="由以后的常委会会议根据调查委员会的报告审议决定。"),
        Transition("adopt", "登记表决结果：通过", (RemovalStatus.PLACED,), RemovalStatus.ADOPTED,
                   rule="SUP-REMOVAL-VOTE", allowed=perms.is_office, guards=(defence_recorded, majority),
                   form=RemovalVoteForm, effect=_voted, next_hint="常委会决定撤销其职务，依法公告。"),
        Transition("reject", "登记表决结果：未通过", (RemovalStatus.PLACED,), RemovalStatus.REJECTED,
                   rule="SUP-REMOVAL-VOTE", allowed=perms.is_office, guards=(defence_recorded, no_majority),
                   form=RemovalVoteForm, effect=_voted, awaited=False, style="secondary"),
        Transition("withdraw", "撤回", (RemovalStatus.DRAFTING, RemovalStatus.SUBMITTED), RemovalStatus.WITHDRAWN,
                   rule="SUP-REMOVAL-PROPOSER", allowed=perms.can_submit_removal, needs_note=True, awaited=False,
                   style="secondary"),
    ],
)
