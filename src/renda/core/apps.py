from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "renda.core"
    label = "core"
    verbose_name = "平台基础"

    def ready(self) -> None:
        from renda.core import signals  # noqa: F401
