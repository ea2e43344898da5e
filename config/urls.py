from django.contrib import admin
from django.urls import include, path

from clients.urls import notice_urlpatterns
from clients.views import register as client_views

from .views import favicon, healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    path("accounts/", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", client_views.dashboard, name="dashboard"),
    path("clients/", include("clients.urls")),
    path("clients/", include("portal.staff_urls")),  # the register contact's screens of /oma/
    path("notices/", include((notice_urlpatterns, "notices"))),
    path("requests/", include("requests.urls")),
    path("consents/", include("consents.urls")),
    path("retention/", include("retention.urls")),
    path("oma/", include("portal.urls")),
    path("admin/", admin.site.urls),
]
