from renda.core import appconfig


class PortalConfig(appconfig.ModuleConfig):
    name = "renda.portal"
    label = "portal"
    verbose_name = "门户网站"
