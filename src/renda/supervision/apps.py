from renda.core import appconfig


class SupervisionConfig(appconfig.ModuleConfig):
    name = "renda.supervision"
    label = "supervision"
    verbose_name = "监督"
