"""The staff side of the client's own pages, under the client file (/clients/<pk>/own-pages/)."""

from django.urls import path

from . import staff

app_name = "portal_staff"

urlpatterns = [
    path("withholdings/", staff.withholdings, name="withholdings"),
    path("withholdings/<int:withholding_pk>/lift/", staff.withholding_lift, name="withholding_lift"),
]
