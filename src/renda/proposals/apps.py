from renda.core import appconfig


class ProposalsConfig(appconfig.ModuleConfig):
    name = "renda.proposals"
    label = "proposals"
    verbose_name = "议案建议"
