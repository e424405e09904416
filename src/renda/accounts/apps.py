from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "renda.accounts"
    label = "accounts"
    verbose_name = "账号与登录安全"

    def ready(self) -> None:
        from renda.accounts import signals  # noqa: F401
