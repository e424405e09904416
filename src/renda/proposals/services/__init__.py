"""All writes of motions and suggestions, split by entity; views, the API and commands call these, never the ORM
directly. Every deadline is counted on the congress's working calendar (renda.proposals.deadlines).

`from renda.proposals import services as svc; svc.<name>` keeps working: every service is re-exported here.
"""

from renda.proposals.deadlines import (  # noqa: F401
    PROGRESS_DUE_STATES,
    PROGRESS_STATES,
    assign_deadline,
    opinion_deadline,
    progress_due,
    reply_deadline,
    return_deadline,
)
from renda.proposals.locking import UNCHECKED  # noqa: F401
from renda.proposals.services.assignments import (  # noqa: F401
    CommitmentIn,
    extension_approve,
    opinion_submit,
    proposal_assign,
    reply_submit,
    return_decide,
    return_request,
)
from renda.proposals.services.commitments import (  # noqa: F401
    COMMITMENT_CONFLICT,
    COMMITMENT_FIELDS,
    commitment_carry,
    commitment_done,
    commitment_transition,
)
from renda.proposals.services.common import (  # noqa: F401
    PROPOSAL_FIELDS,
)
from renda.proposals.services.imports import (  # noqa: F401
    IMPORT_HEADER,
    XLSX_MAX_BYTES,
    XLSX_MAX_UNPACKED,
    ImportReport,
    import_xlsx,
)
from renda.proposals.services.intake import (  # noqa: F401
    ASSIGN_CONFLICT,
    REASSIGN_CONFLICT,
    SUPERVISE_CONFLICT,
    cosigner_confirm,
    proposal_submit,
    proposal_transition,
    screen,
    supervise,
)
from renda.proposals.services.progress import (  # noqa: F401
    progress_report_file,
)
from renda.proposals.services.rating import (  # noqa: F401
    can_rate_now,
    proposal_merge,
    proposal_rate,
    proposal_rehandle,
    proposal_unmerge,
    rating_main,
)
from renda.proposals.services.reminders import (  # noqa: F401
    send_progress_reminders,
    send_reminders,
)
