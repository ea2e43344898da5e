"""Sign-in and the user's own account pages, mounted at /accounts/ (CONTRACT.md: /accounts/login/,
/accounts/logout/). No namespace: the URL names (`login`, `account`, ...) are the ones Django's
settings and every template use."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("two-factor/", views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/backup-codes/", views.backup_codes, name="two_factor_backup_codes"),
    path("password/", views.password_change, name="password_change"),
    path("", views.account, name="account"),
]
