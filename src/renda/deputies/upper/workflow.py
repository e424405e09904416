"""recall:      proposed ─印发申辩意见→ defended ─表决通过/未通过→ passed/failed ─报上一级备案、公告→ filed
resignation, by-election: proposed ─表决通过/未通过→ passed/failed ─报上一级备案、公告→ filed
Votes are secret (无记名): only the totals are recorded. Passing needs more than half of ALL members."""

from __future__ import annotations

from django import forms

from renda.core import audit, rules, thresholds
from renda.core.models import Position, Term
from renda.core.workflow import Transition, Workflow, or_today, step_date_field
from renda.deputies.immunity.workflow import in_session
from renda.deputies.upper import permissions as perms
from renda.deputies.upper.models import UpperCaseStatus, UpperDeputy, UpperDeputyCase

Kind = UpperDeputyCase.Kind
RULE = {Kind.RECALL: "DEP-UPPER-RECALL", Kind.RESIGNATION: "DEP-UPPER-RESIGN", Kind.BY_ELECTION: "DEP-UPPER-BY-ELECTION"}


class DefenceForm(forms.Form):
    defence = forms.CharField(label="申辩意见", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                              max_length=8000)
    none_given = forms.BooleanField(label="代表未提出申辩意见", required=False)


class BallotForm(forms.Form):
    votes_for = forms.IntegerField(label="赞成票", min_value=0, max_value=1000)
    votes_against = forms.IntegerField(label="反对票", min_value=0, max_value=1000)
    abstentions = forms.IntegerField(label="弃权票", min_value=0, max_value=1000)
    decided_on = step_date_field("表决日期")


class FileForm(forms.Form):
    filed_ref = forms.CharField(label="报备文件", max_length=120)
    filed_on = step_date_field("报送日期")


def is_recall(case: UpperDeputyCase, **_) -> None:
    if case.kind != Kind.RECALL:
        raise rules.violation(RULE[case.kind], "只有罢免案须由主任会议印发被提出罢免的代表的申辩意见")


def defence_recorded(case: UpperDeputyCase, *, defence: str = "", none_given: bool = False, **_) -> None:
    if not (defence or "").strip() and not none_given:
        raise rules.violation("DEP-UPPER-RECALL", "须登记代表的申辩意见，或者注明代表未提出申辩意见")


def heard_if_recall(case: UpperDeputyCase, **_) -> None:
    if case.kind == Kind.RECALL and case.status != UpperCaseStatus.DEFENDED:
        raise rules.violation("DEP-UPPER-RECALL", "被提出罢免的代表有权提出申辩意见：须先由主任会议印发申辩意见，再付表决")


def _tally(case, votes_for, votes_against, abstentions, decided_on):
    total = len(Position.standing_committee_ids_on(case.congress_id, or_today(decided_on)))
    cast = (votes_for or 0) + (votes_against or 0) + (abstentions or 0)
    if cast > total:
        raise rules.violation(RULE[case.kind], f"票数合计 {cast} 多于常委会组成人员 {total} 名")
    if in_session(case.congress_id, or_today(decided_on)):
        raise rules.violation(RULE[case.kind], "人民代表大会举行会议期间，由大会主席团提请全体会议表决，常委会不表决")
    return total


def majority(case: UpperDeputyCase, *, votes_for=None, votes_against=None, abstentions=None, decided_on=None,
             **_) -> None:
    total = _tally(case, votes_for, votes_against, abstentions, decided_on)
    if not thresholds.more_than_half(votes_for or 0, total):
        raise rules.violation(RULE[case.kind], f"赞成 {votes_for} 票，未超过常委会全体组成人员 {total} 名的半数")


def no_majority(case: UpperDeputyCase, *, votes_for=None, votes_against=None, abstentions=None, decided_on=None,
                **_) -> None:
    total = _tally(case, votes_for, votes_against, abstentions, decided_on)
    if thresholds.more_than_half(votes_for or 0, total):
        raise rules.violation(RULE[case.kind], f"赞成 {votes_for} 票已超过全体组成人员 {total} 名的半数，应当登记为通过")


def _defended(case, *, defence: str = "", none_given: bool = False, **_) -> None:
    case.defence = (defence or "").strip() or "代表未提出申辩意见。"


def _counted(case, *, votes_for=None, votes_against=None, abstentions=None, decided_on=None, **_) -> None:
    case.votes_for, case.votes_against, case.abstentions = votes_for, votes_against, abstentions
    case.decided_on = or_today(decided_on)
    case.members_total = len(Position.standing_committee_ids_on(case.congress_id, case.decided_on))


def _passed(case, *, actor, **data) -> None:
    _counted(case, **data)
    if case.kind == Kind.BY_ELECTION:
        deputy = UpperDeputy(congress_id=case.congress_id, person=case.candidate, elected_on=case.decided_on,
                             term_id=_term_id(case))
        deputy.full_clean()
        deputy.save()
        case.deputy = deputy
        audit.record(actor=actor, action="create", obj=deputy, after={"person": deputy.person_id},
                     rule=rules.get("DEP-UPPER-BY-ELECTION"), note="常委会补选")
        return
    deputy = UpperDeputy.objects.select_for_update().get(pk=case.deputy_id)
    before = audit.snapshot(deputy, ["status", "ended_on"])
    deputy.status = UpperDeputy.Status.REMOVED if case.kind == Kind.RECALL else UpperDeputy.Status.RESIGNED
    deputy.ended_on = case.decided_on
    deputy.save(update_fields=["status", "ended_on"])
    audit.record(actor=actor, action="update", obj=deputy, before=before,
                 after=audit.snapshot(deputy, ["status", "ended_on"]), rule=rules.get(RULE[case.kind]))


def _term_id(case) -> int:
    return (Term.objects.filter(congress_id=case.congress_id, start_date__lte=case.decided_on)
            .order_by("-start_date").values_list("pk", flat=True).first())


def _filed(case, *, filed_ref: str = "", filed_on=None, **_) -> None:
    case.filed_ref = filed_ref.strip()[:120]
    case.filed_on = or_today(filed_on)


def _office(user, obj) -> bool:
    return perms.can_manage(user, obj)


UPPER_WORKFLOW = Workflow(
    name="deputies.uppercase",
    states=UpperCaseStatus,
    transitions=[
        Transition("defend", "主任会议印发申辩意见", (UpperCaseStatus.PROPOSED,), UpperCaseStatus.DEFENDED,
                   rule="DEP-UPPER-RECALL", allowed=_office, guards=(is_recall, defence_recorded), form=DefenceForm,
                   effect=_defended, next_hint="罢免案经会议审议后，由主任会议提请全体会议无记名表决。"),
        Transition("adopt", "表决通过", (UpperCaseStatus.PROPOSED, UpperCaseStatus.DEFENDED), UpperCaseStatus.PASSED,
                   rule="DEP-UPPER-RECALL", allowed=_office, guards=(heard_if_recall, majority), form=BallotForm,
                   effect=_passed, next_hint="决议报送上一级人民代表大会常务委员会备案、公告。"),
        Transition("reject", "表决未通过", (UpperCaseStatus.PROPOSED, UpperCaseStatus.DEFENDED), UpperCaseStatus.FAILED,
                   rule="DEP-UPPER-RECALL", allowed=_office, guards=(heard_if_recall, no_majority), form=BallotForm,
                   effect=_counted, style="secondary", awaited=False),
        Transition("file", "报上一级人大常委会备案、公告", (UpperCaseStatus.PASSED,), UpperCaseStatus.FILED,
                   rule="DEP-UPPER-RESIGN", allowed=_office, form=FileForm, effect=_filed),
    ],
)
