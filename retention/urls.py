from django.urls import path

from . import views

app_name = "retention"

urlpatterns = [
    path("", views.due_soon_view, name="due_soon"),
    path("forecast/", views.forecast_view, name="forecast"),
    path("deaths/", views.deaths_view, name="deaths"),
]
