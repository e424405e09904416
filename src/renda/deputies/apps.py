from django.apps import AppConfig


class DeputiesConfig(AppConfig):
    name = "renda.deputies"
    label = "deputies"
    verbose_name = "代表"
