"""What 预算联网监督 offers the platform: its menu area, its workflows on the kit, its seed data and its demo data. Registered
once every app's models are loaded (renda.core.appconfig.ModuleConfig calls register())."""

from __future__ import annotations

from renda.budget import demo, seed, selectors, services
from renda.budget.models import BudgetQuery, BudgetQuestion
from renda.budget.workflow import QUERY_WORKFLOW, QUESTION_WORKFLOW, question_due
from renda.core import kit, wiring
from renda.core.roles import Role


def register() -> None:
    wiring.area("budget", label="预算联网监督", url_name="budget:index", order=35,
                roles={Role.OFFICE, Role.LEADER, Role.ADMIN, Role.COMMITTEE, Role.MEMBER, Role.DEPUTY, Role.UNIT})
    wiring.workflow_object(
        "budget.query", BudgetQuery, QUERY_WORKFLOW, selectors.query_for, page="budget:query",
        perform=kit.perform(services, "query_transition", "query"),
        queryset=selectors.open_queries_for, due=lambda q: q.reply_due, label="预算函询")
    wiring.workflow_object(
        "budget.question", BudgetQuestion, QUESTION_WORKFLOW, selectors.question_for, page="budget:question",
        perform=kit.perform(services, "question_transition", "question"),
        queryset=selectors.open_questions_for, due=question_due, label="代表预算问题")
    services.watch_data_rows()
    wiring.seed("budget", seed.generate, order=70)
    wiring.demo("budget", demo.load, order=70)
