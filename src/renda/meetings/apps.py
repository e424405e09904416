from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "renda.meetings"
    label = "meetings"
    verbose_name = "决定任免"

    def ready(self) -> None:
        from renda.core.attachments import register_owner
        from renda.core.registry import register_area, register_calendar_source, register_home_panel
        from renda.core.roles import Role
        from renda.core.seeding import register_seed
        from renda.demo.registry import register_demo
        from renda.meetings import hooks, selectors
        from renda.meetings.demo import load as load_demo
        from renda.meetings.seed import generate

        # Units reach only the items that concern them (the area lists those).
        register_area("decisions", url_name="meetings:index", roles=set(Role.values))
        register_home_panel(selectors.home_panel, order=20)
        register_calendar_source("meetings", selectors.calendar_events)
        register_owner("meetings.agendaitem", selectors.item_for)
        register_owner("meetings.nomination", selectors.nomination_for)
        register_owner("meetings.decision", selectors.decision_for)
        hooks.register()
        register_demo("meetings", load_demo, order=20)
        register_seed("meetings", generate, order=20)
