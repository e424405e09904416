"""Small builders for proposal tests (through the services, so the audit trail is real)."""

import datetime as dt

from renda.proposals import services
from renda.proposals.models import Role


def assigned(cast, title="关于改善河道水质的建议", lead="市水务局", assist=None, on=dt.date(2026, 3, 2), **kw):
    units = cast.city.units
    p = services.proposal_submit(actor=cast.clerk, title=title, content=kw.pop("content", "建议加强河道治理，改善水质，" * 3),
                                 lead_deputy=kw.pop("lead_deputy", cast.city.deputies[-1]),
                                 received_on=on, **kw)
    plan = [(units[lead], Role.LEAD, "")]
    if assist:
        plan.append((units[assist], Role.ASSIST, ""))
    return services.proposal_assign(actor=cast.clerk, proposal=p, units=plan, today=on)
