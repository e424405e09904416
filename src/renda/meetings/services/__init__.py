"""All writes of meetings, agendas, attendance, votes, appointments and decisions, split by entity; views, the API,
commands and the demo call these, never the ORM directly.

`from renda.meetings import services as svc; svc.<name>` keeps working: every service is re-exported here.
"""

from renda.core import audit  # noqa: F401  (tests patch services.audit.record)
from renda.meetings.common import UNCHECKED, term_on  # noqa: F401
from renda.meetings.roster import apply_nomination_to_roster  # noqa: F401
from renda.meetings.services.attendance import (  # noqa: F401
    LEAVE_DECISIONS,
    attendance_add_nonvoting,
    attendance_cancel_sign_in,
    attendance_decide_leave,
    attendance_request_leave,
    attendance_sign_in,
    attendance_sign_in_many,
    attendance_transition,
)
from renda.meetings.services.decisions import (  # noqa: F401
    DECISION_FIELDS,
    decision_create,
    decision_may_be_voted,
    decision_transition,
    decision_update,
)
from renda.meetings.services.items import (  # noqa: F401
    ITEM_FIELDS,
    REORDER_CONFLICT,
    agenda_reorder,
    item_add,
    item_move,
    item_transition,
    item_update,
)
from renda.meetings.services.meetings import (  # noqa: F401
    MEETING_FIELDS,
    meeting_create,
    meeting_title,
    meeting_transition,
    meeting_update,
)
from renda.meetings.services.nominations import (  # noqa: F401
    CONGRESS_KINDS,
    CONGRESS_NOMINATORS,
    NOMINATION_FIELDS,
    NOMINATOR_ORGAN_KIND,
    NOMINATORS_FOR,
    OK,
    nomination_create,
    nomination_may_be_voted,
    nomination_transition,
    nomination_update,
    oath_record,
)
from renda.meetings.services.notices import (  # noqa: F401
    notice_key,
    notice_recipients,
    notice_text,
    notices_send,
    notices_send_due,
)
from renda.meetings.services.votes import (  # noqa: F401
    BALLOTS_CONFLICT,
    ballots_import,
    ballots_record,
    vote_day,
    vote_open,
    vote_transition,
)
from renda.meetings.tally import tally_and_fill  # noqa: F401
from renda.meetings.workflow import run_vote_hooks  # noqa: F401
