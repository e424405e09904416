from renda.core import appconfig


class DeputiesConfig(appconfig.ModuleConfig):
    name = "renda.deputies"
    label = "deputies"
    verbose_name = "代表"
