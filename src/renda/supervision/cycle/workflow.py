"""The steps of the cycle, as effects (`Transition.effect`) shared by reports, inspections and inquiries."""

from __future__ import annotations

from renda.core.workflow import dated, step_date
from renda.supervision import counting
from renda.supervision.deadlines import months_after, text
from renda.supervision.steps import text_form


def deliberated(obj, *, actor=None, note: str = "", **ctx) -> None:
    """The standing committee deliberated it: on the step's date, today when none is given (as its form says)."""
    obj.deliberated_on = step_date(ctx)


def opinions_sent(rule: str, date_field: str = "opinions_sent_on"):
    """Hand the opinions to the organ: it reports on their handling within the months of `rule`."""

    def effect(obj, *, actor=None, note: str = "", **ctx) -> None:
        on = step_date(ctx)
        if ctx.get("opinions") is not None:
            obj.opinions = ctx["opinions"].strip()
        setattr(obj, date_field, on)
        obj.handling_due = months_after(obj.congress_id, on, rule)

    return effect


def handling_reported(obj, *, actor=None, note: str = "", **ctx) -> None:
    """The organ's report on how it handled the opinions; late against `handling_due` is flagged, not refused."""
    on = step_date(ctx)
    if hasattr(obj, "handling_text"):
        obj.handling_text = text(ctx, "text")
    obj.handled_on = on
    obj.handling_late = counting.is_late(on, obj.handling_due)


published = dated("published_on")  # 向代表通报并向社会公布: the step's date

HandlingForm = text_form("text", "研究处理情况报告", max_length=100000)
