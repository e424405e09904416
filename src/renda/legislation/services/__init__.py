"""All writes of legislation, by entity. Views, the API, the demo and other modules call these, never the ORM directly:
`from renda.legislation import services as svc; svc.bill_create(...)` (every name is re-exported here).

- `plans`: the legislative plan and its projects;
- `bills`: bills, their handling data and the 主任会议's decisions, the texts (versions) and the readings;
- `comments`: public comment periods, comments, 基层立法联系点;
- `consultations`: 论证会、听证会、评估;
- `votes`: the votes (整体表决、单独表决); the approval, promulgation and filing are workflow steps and the 公布文本 is
  written by `renda.legislation.promulgation`;
- `analysis`: the comment analysis (background task), the adoption decisions per provision, the feedback notice.

`bill_record_vote` is the one place a vote on a bill is recorded: the meetings module may call it when a
standing-committee meeting closes its votes.
"""

from renda.legislation.checks import (  # noqa: F401
    check_proposer,
    check_scope,
    ground_min_readings,
)
from renda.legislation.promulgation import ensure_promulgated_text  # noqa: F401
from renda.legislation.services.analysis import (  # noqa: F401
    ANALYSIS_PENDING_STALE_SECONDS,
    ANALYSIS_STALE_SECONDS,
    NOTICE_EDITABLE,
    PROGRESS_MIN_INTERVAL,
    _analysis_claim,
    _ProgressWriter,
    analysis_is_stale,
    analysis_params,
    comment_analysis_run,
    comment_analysis_start,
    decision_save,
    notice_create,
    notice_transition,
    notice_update,
)
from renda.legislation.services.bills import (  # noqa: F401
    BILL_EDITABLE,
    READINGS_CONFLICT,
    bill_create,
    bill_record_reading,
    bill_set_readings,
    bill_transition,
    bill_update,
    bill_waive_publication,
    version_add,
    version_frozen_reason,
    version_update,
)
from renda.legislation.services.comments import (  # noqa: F401
    _provision,
    comment_add,
    comment_submit_public,
    contact_point_create,
    participant_key,
    period_open,
    period_transition,
)
from renda.legislation.services.common import _same_congress  # noqa: F401
from renda.legislation.services.consultations import (  # noqa: F401
    CONSULTATION_STATES,
    consultation_create,
    consultation_transition,
)
from renda.legislation.services.plans import (  # noqa: F401
    PROJECT_FIELDS,
    plan_create,
    plan_transition,
    project_create,
    project_update,
)
from renda.legislation.services.votes import (  # noqa: F401
    _vote_counts,
    _vote_preconditions,
    bill_record_separate_vote,
    bill_record_vote,
)
