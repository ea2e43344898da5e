from django.urls import path

from .views import register as views

app_name = "clients"

urlpatterns = [
    path("", views.client_list, name="list"),
    path("new/", views.client_create, name="create"),
    path("<int:pk>/", views.client_detail, name="detail"),
    path("<int:pk>/edit/", views.client_edit, name="edit"),
    path("<int:pk>/representatives/new/", views.representative_edit, name="representative_create"),
    path("<int:pk>/representatives/<int:rep_pk>/", views.representative_edit,
         name="representative_edit"),
]
