from renda.core import appconfig


class MeetingsConfig(appconfig.ModuleConfig):
    name = "renda.meetings"
    label = "meetings"
    verbose_name = "决定任免"
