"""The staff side of the client's own pages, under the client file (/clients/<pk>/own-pages/; the
client's id in each pattern, where the URL walks of tests/security find it)."""

from django.urls import path

from . import staff

app_name = "portal_staff"

urlpatterns = [
    path("<int:pk>/own-pages/withholdings/", staff.withholdings, name="withholdings"),
    path("<int:pk>/own-pages/withholdings/<int:withholding_pk>/lift/", staff.withholding_lift, name="withholding_lift"),
]
