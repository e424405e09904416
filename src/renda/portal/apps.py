from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "renda.portal"
    label = "portal"
    verbose_name = "门户网站"

    def ready(self) -> None:
        from renda.core.registry import register_area
        from renda.core.roles import Role
        from renda.demo.registry import register_demo
        from renda.portal import demo

        # The news desk (宣传): the office writes and publishes; leadership and the administrator read it.
        register_area("portal", label="宣传", url_name="portal:news_admin", roles={Role.OFFICE, Role.LEADER, Role.ADMIN},
                      order=75)
        register_demo("portal", demo.load, order=90)
