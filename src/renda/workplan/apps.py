from renda.core import appconfig


class WorkplanConfig(appconfig.ModuleConfig):
    name = "renda.workplan"
    label = "workplan"
    verbose_name = "工作要点"
