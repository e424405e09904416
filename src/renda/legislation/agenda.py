"""Bills on a meeting's agenda: a vote announced by the meetings module records the bill's vote here.

Registered in LegislationConfig.ready() with the meetings module's agenda registry, so the meetings
module never imports legislation and a bill's vote is recorded in one place (`bill_record_vote`).
"""

from __future__ import annotations

from renda.core import kit, wiring
from renda.legislation.models import Bill, BillStatus
from renda.legislation.services import _vote_preconditions, bill_record_vote
from renda.meetings.agenda import AgendaType, register_agenda_type
from renda.meetings.services import vote_day


def _record(bill: Bill, vote, actor) -> None:
    bill_record_vote(actor=actor, bill=bill, voted_on=vote_day(vote), yes=vote.yes, no=vote.no,
                     abstain=vote.abstain, meeting=vote.meeting.title)


def _before_vote(bill: Bill) -> None:
    _vote_preconditions(bill)


def register() -> None:
    register_agenda_type(AgendaType(
        object_type="legislation.bill",
        label="地方性法规案",
        kind="regulation",
        lookup=wiring.congress_row(Bill),
        title=lambda bill: f"《{bill.title}（草案）》",
        url=kit.page("legislation:bill"),
        ready=wiring.congress_rows(
            Bill, status__in=[BillStatus.ON_AGENDA, BillStatus.IN_DELIBERATION, BillStatus.VOTE_PENDING]),
        documents=lambda bill: ["法规草案", "起草说明", "审议结果的报告"],
        concerned_org=lambda bill: bill.lead_committee_id,
        before_vote=_before_vote,
        on_vote_passed=_record,
        on_vote_failed=_record,
        warnings=lambda bill: [("法规草案未在会议举行的七日前发给组成人员", "LEG-TEXT-SEVEN-DAYS")]
        if bill.text_sent_late else [],
    ))
