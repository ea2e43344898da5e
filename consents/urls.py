from django.urls import path

from . import views

app_name = "consents"

urlpatterns = [
    path("clients/<int:client_pk>/consents/new/", views.consent_give, name="consent_give"),
    path("clients/<int:client_pk>/consents/<int:pk>/withdraw/", views.consent_withdraw,
         name="consent_withdraw"),
    path("clients/<int:client_pk>/prohibitions/new/", views.prohibition_add, name="prohibition_add"),
    path("clients/<int:client_pk>/prohibitions/<int:pk>/lift/", views.prohibition_lift,
         name="prohibition_lift"),
    path("export/", views.marketing_export, name="export"),
    path("unsubscribe/<int:purpose_pk>/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
