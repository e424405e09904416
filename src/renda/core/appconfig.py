"""The AppConfig of every module of the platform (apps.py: `class XConfig(appconfig.ModuleConfig)`).

Name it through this module, not `from renda.core.appconfig import ModuleConfig`: Django takes the one AppConfig
class an apps.py holds, and a second one in its namespace would make it fall back to a bare AppConfig.
"""

from importlib import import_module

from django.apps import AppConfig


class ModuleConfig(AppConfig):
    """A module of the platform. Its `wiring.register()` tells the shell what the module offers — navigation areas,
    home panels, calendar sources, owners of attachments, workflow objects, search sources, agenda types, demo and
    seed loaders — once every app's models are loaded. The wiring module imports what it names at its top."""

    def ready(self) -> None:
        import_module(f"{self.name}.wiring").register()
