from django.urls import path

from . import views

app_name = "requests"

urlpatterns = [
    path("", views.request_queue, name="queue"),
    path("new/<int:client_pk>/", views.request_create, name="create"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/access-log/", views.access_log_report, name="access_log"),
]
