from renda.core import appconfig


class LegislationConfig(appconfig.ModuleConfig):
    name = "renda.legislation"
    label = "legislation"
    verbose_name = "立法"
