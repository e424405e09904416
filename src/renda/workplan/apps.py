from django.apps import AppConfig


class WorkplanConfig(AppConfig):
    name = "renda.workplan"
    label = "workplan"
    verbose_name = "工作要点"

    def ready(self) -> None:
        from renda.core.registry import register_area, register_home_panel
        from renda.core.roles import Role
        from renda.workplan import selectors

        register_area("workplan", url_name="workplan:index", roles=set(Role.values))
        register_home_panel(selectors.home_panel, order=10)
        from renda.core.attachments import register_owner

        register_owner("workplan.workplanitem", selectors.item_for)
        from renda.core.seeding import register_seed
        from renda.workplan.seed import generate

        register_seed("workplan", generate, order=10)
