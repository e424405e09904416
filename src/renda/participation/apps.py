from renda.core import appconfig


class ParticipationConfig(appconfig.ModuleConfig):
    name = "renda.participation"
    label = "participation"
    verbose_name = "联系群众"
