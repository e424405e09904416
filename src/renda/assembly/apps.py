from renda.core import appconfig


class AssemblyConfig(appconfig.ModuleConfig):
    name = "renda.assembly"
    label = "assembly"
    verbose_name = "人民代表大会会议"
