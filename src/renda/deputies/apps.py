from django.apps import AppConfig


class DeputiesConfig(AppConfig):
    name = "renda.deputies"
    label = "deputies"
    verbose_name = "代表"

    def ready(self) -> None:
        from renda.core.attachments import register_owner
        from renda.core.registry import register_area, register_calendar_source, register_home_panel
        from renda.core.roles import Role
        from renda.core.seeding import register_seed
        from renda.demo.registry import register_demo
        from renda.deputies import demo, seed, selectors
        from renda.deputies.exchanges import selectors as exchanges
        from renda.deputies.liaison import selectors as liaison
        from renda.deputies.training import selectors as training

        everyone = set(Role.values)
        not_units = everyone - {Role.UNIT}
        # units reach only the issues routed to them (the area's index sends them there)
        register_area("deputies", url_name="deputies:index", roles=everyone)
        register_area("training", url_name="deputies:training", roles=not_units)
        register_area("exchanges", url_name="deputies:exchanges", roles=not_units)
        register_area("calendar", url_name="deputies:calendar", roles=not_units)
        register_home_panel(selectors.home_panel, order=60)

        register_owner("deputies.activity", liaison.activity_for)
        register_owner("deputies.course", training.course_for)
        register_owner("deputies.studymaterial", training.material_for)

        register_calendar_source("deputies.activities", liaison.activity_events)
        register_calendar_source("deputies.contacts", liaison.contact_events)
        register_calendar_source("deputies.deadlines", liaison.deadline_events)
        register_calendar_source("deputies.training", training.course_events)
        register_calendar_source("deputies.exchanges", exchanges.visit_events)

        register_seed("deputies", seed.generate, order=60)
        register_demo("deputies", demo.load, order=60)
