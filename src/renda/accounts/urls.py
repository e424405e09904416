from django.urls import path

from renda.accounts import views

app_name = "accounts"

urlpatterns = [
    path("password/", views.password_change, name="password"),
    path("totp/", views.totp, name="totp"),
    path("totp/enrol/", views.enrol, name="enrol"),
    path("totp/verify/", views.verify, name="verify"),
]
