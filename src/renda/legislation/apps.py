from django.apps import AppConfig


class LegislationConfig(AppConfig):
    name = "renda.legislation"
    label = "legislation"
    verbose_name = "立法"

    def ready(self) -> None:
        from renda.core.attachments import register_owner
        from renda.core.registry import register_area, register_calendar_source, register_home_panel
        from renda.core.roles import Role
        from renda.core.seeding import register_seed
        from renda.demo.registry import register_demo
        from renda.legislation import selectors
        from renda.legislation.demo import load as load_demo
        from renda.legislation.seed import generate

        register_area("legislation", url_name="legislation:index", roles=set(Role.values))
        register_home_panel(selectors.home_panel, order=20)
        register_calendar_source("legislation", selectors.calendar_events)
        register_owner("legislation.billversion", selectors.version_for)
        register_owner("legislation.consultation", selectors.consultation_for)
        register_seed("legislation", generate, order=20)
        register_demo("legislation", load_demo, order=20)
        from renda.legislation.agenda import register as register_on_agendas

        register_on_agendas()
