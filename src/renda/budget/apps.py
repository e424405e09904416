from renda.core import appconfig


class BudgetConfig(appconfig.ModuleConfig):
    name = "renda.budget"
    label = "budget"
    verbose_name = "预算联网监督"
