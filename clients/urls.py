from django.urls import path

from .views import file as file_views
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

urlpatterns += [
    path("<int:pk>/cases/new/", file_views.case_create, name="case_create"),
    path("<int:pk>/cases/<int:case_pk>/close/", file_views.case_close, name="case_close"),
    path("<int:pk>/cases/<int:case_pk>/services/new/", file_views.granted_service_create,
         name="granted_service_create"),
    path("<int:pk>/entries/", file_views.entry_list, name="entries"),
    path("<int:pk>/entries/new/", file_views.entry_create, name="entry_create"),
    path("<int:pk>/entries/<int:entry_pk>/correct/", file_views.correction_create, name="entry_correct"),
    path("<int:pk>/agreements/new/", file_views.agreement_create, name="agreement_create"),
    path("<int:pk>/plans/new/", file_views.plan_create, name="plan_create"),
    path("<int:pk>/plans/<int:plan_pk>/", file_views.plan_detail, name="plan_detail"),
    path("<int:pk>/plans/<int:plan_pk>/correct/", file_views.correction_create, name="plan_correct"),
]
