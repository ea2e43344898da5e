from django.urls import path

from . import views

app_name = "requests"

urlpatterns = [
    path("", views.request_queue, name="queue"),
    path("new/<int:client_pk>/", views.request_create, name="create"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/access-log/", views.access_log_report, name="access_log"),
    path("<int:pk>/access-report.pdf", views.access_report_pdf, name="access_report_pdf"),
    path("<int:pk>/portability.zip", views.portability_zip, name="portability_zip"),
    path("<int:pk>/access-log.pdf", views.access_log_pdf, name="access_log_pdf"),
    path("<int:pk>/refusal-certificate.pdf", views.refusal_certificate_pdf, name="refusal_certificate_pdf"),
    path("<int:pk>/documents/<int:job_pk>/download/", views.document_job_download, name="document_job_download"),
    path("<int:pk>/documents/<int:job_pk>/retry/", views.document_job_retry, name="document_job_retry"),
    path("<int:pk>/letters/<slug:kind>/", views.letter, name="letter"),
    path("<int:pk>/erasure/", views.erasure, name="erasure"),
    path("<int:pk>/art19/", views.art19_notify, name="art19"),
    path("<int:pk>/consents/<int:consent_pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("<int:pk>/prohibit-marketing/", views.marketing_prohibit, name="marketing_prohibit"),
]
