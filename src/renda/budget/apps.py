from django.apps import AppConfig


class BudgetConfig(AppConfig):
    name = "renda.budget"
    label = "budget"
    verbose_name = "预算联网监督"

    def ready(self) -> None:
        from django.urls import reverse

        from renda.budget import demo, seed, selectors, services
        from renda.budget.models import BudgetQuery, BudgetQuestion
        from renda.budget.workflow import QUERY_WORKFLOW, QUESTION_WORKFLOW, question_due
        from renda.core import kit
        from renda.core.registry import register_area
        from renda.core.roles import Role
        from renda.core.seeding import register_seed
        from renda.demo.registry import register_demo

        register_area("budget", label="预算联网监督", url_name="budget:index", order=35,
                      roles={Role.OFFICE, Role.LEADER, Role.ADMIN, Role.COMMITTEE, Role.MEMBER, Role.DEPUTY,
                             Role.UNIT})
        kit.register(kit.WorkflowObject(
            key="budget.query", model=BudgetQuery, workflow=QUERY_WORKFLOW, loader=selectors.query_for,
            url=lambda q: reverse("budget:query", args=[q.pk]),
            perform=kit.perform(services, "query_transition", "query"),
            queryset=selectors.open_queries_for, due=lambda q: q.reply_due, label="预算函询"))
        kit.register(kit.WorkflowObject(
            key="budget.question", model=BudgetQuestion, workflow=QUESTION_WORKFLOW, loader=selectors.question_for,
            url=lambda q: reverse("budget:question", args=[q.pk]),
            perform=kit.perform(services, "question_transition", "question"),
            queryset=selectors.open_questions_for, due=question_due, label="代表预算问题"))
        services.watch_data_rows()
        register_seed("budget", seed.generate, order=70)
        register_demo("budget", demo.load, order=70)
