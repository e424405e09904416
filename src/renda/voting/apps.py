from renda.core import appconfig


class VotingConfig(appconfig.ModuleConfig):
    name = "renda.voting"
    label = "voting"
    verbose_name = "现场表决"
