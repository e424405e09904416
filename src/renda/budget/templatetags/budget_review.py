"""For supervision's pages: `{% load budget_review %}{% budget_review_queries report %}` lists the year's 预算函询
grouped by outcome (纳入初审意见 / 移交审计整改 / …) that the signed-in user may see. Budget owns the reading
(selectors.queries_for_review); supervision only includes the tag."""

from __future__ import annotations

from django import template

from renda.budget import selectors

register = template.Library()


@register.inclusion_tag("budget/_review_queries.html", takes_context=True)
def budget_review_queries(context, report_or_year):
    request = context.get("request")
    user = getattr(request, "user", None)
    year = getattr(report_or_year, "year", report_or_year)
    if user is None or not getattr(user, "is_authenticated", False) or not str(year).isdigit():
        return {"year": year, "groups": []}
    return {"year": year, "groups": selectors.queries_for_review(user.congress_id, int(year), user=user)}
