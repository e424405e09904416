from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "renda.participation"
    label = "participation"
    verbose_name = "联系群众"
