from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from clients.views import register as client_views

from .views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True),
         name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", client_views.dashboard, name="dashboard"),
    path("clients/", include("clients.urls")),
    path("consents/", include("consents.urls")),
    path("requests/", include("requests.urls")),
    path("admin/", admin.site.urls),
]
