"""`{% bill_procedures bill %}`: what 立法法 第三十条、第三十一条、第三十八条、第六十条 say about this bill, flagged in red,
with the small forms for those who may record them."""

from django import template

from renda.core import rules
from renda.legislation import permissions as perms
from renda.legislation import procedures
from renda.legislation.views_procedures import DisagreementForm, DistributionForm, NotListedForm

register = template.Library()


@register.inclusion_tag("legislation/_procedures.html", takes_context=True)
def bill_procedures(context, bill):
    user = context["request"].user
    writer = perms.can_register(user, bill)
    return {
        "bill": bill, "csrf_token": context.get("csrf_token"),
        "distribution": procedures.distribution_state(bill),
        "distribution_form": DistributionForm() if writer and bill.is_under_deliberation else None,
        "not_listed_pending": procedures.not_listed_pending(bill),
        "not_listed_form": NotListedForm() if procedures.not_listed_pending(bill)
        and (writer or perms.can_decide(user, bill)) else None,
        "disagreement_form": DisagreementForm() if writer and bill.is_under_deliberation else None,
        "resubmission_of": bill.resubmission_of if bill.resubmission_of_id else None,
        "rule_text": rules.get("LEG-TEXT-SEVEN-DAYS"), "rule_not_listed": rules.get("LEG-NOT-LISTED"),
        "rule_disagree": rules.get("LEG-COMMITTEE-DISAGREE"), "rule_resubmit": rules.get("LEG-RESUBMIT"),
    }
