from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from clients.urls import notice_urlpatterns
from clients.views import register as client_views
from clients.views import security as security_views

from .views import favicon, healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    path("accounts/login/", security_views.SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/", security_views.two_factor_verify, name="two_factor_verify"),
    path("accounts/two-factor/setup/", security_views.two_factor_setup, name="two_factor_setup"),
    path("accounts/two-factor/backup-codes/", security_views.backup_codes, name="two_factor_backup_codes"),
    path("accounts/password/", security_views.password_change, name="password_change"),
    path("accounts/", security_views.account, name="account"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", client_views.dashboard, name="dashboard"),
    path("clients/", include("clients.urls")),
    path("notices/", include((notice_urlpatterns, "notices"))),
    path("requests/", include("requests.urls")),
    path("consents/", include("consents.urls")),
    path("retention/", include("retention.urls")),
    path("admin/", admin.site.urls),
]
