from renda.core import appconfig


class LawbookConfig(appconfig.ModuleConfig):
    name = "renda.lawbook"
    label = "lawbook"
    verbose_name = "法规库"
