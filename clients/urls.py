from django.urls import path

from .views import assignments as assignment_views
from .views import breaches as breach_views
from .views import disclosures as disclosure_views
from .views import documents as document_views
from .views import emergency as emergency_views
from .views import file as file_views
from .views import informing as informing_views
from .views import notices as notice_views
from .views import oversight as oversight_views
from .views import printouts as printout_views
from .views import register as views
from .views import reports as report_views

app_name = "clients"

urlpatterns = [
    path("", views.client_list, name="list"),
    path("new/", views.client_create, name="create"),
    path("assignments/", assignment_views.assignments, name="assignments"),
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
    path("<int:pk>/services/", file_views.services_tab, name="services"),
    path("<int:pk>/consents/", file_views.consents_tab, name="consents"),
    path("<int:pk>/entries/", file_views.entry_list, name="entries"),
    path("<int:pk>/entries/new/", file_views.entry_create, name="entry_create"),
    path("<int:pk>/entries/<int:entry_pk>/correct/", file_views.correction_create, name="entry_correct"),
    path("<int:pk>/agreements/new/", file_views.agreement_create, name="agreement_create"),
    path("<int:pk>/agreements/<int:service_agreement_pk>/end/", file_views.agreement_end, name="agreement_end"),
    path("<int:pk>/agreements/<int:service_agreement_pk>/amend/", file_views.agreement_amend, name="agreement_amend"),
    path("<int:pk>/plans/new/", file_views.plan_create, name="plan_create"),
    path("<int:pk>/plans/<int:plan_pk>/", file_views.plan_detail, name="plan_detail"),
    path("<int:pk>/plans/<int:plan_pk>/correct/", file_views.correction_create, name="plan_correct"),
]

urlpatterns += [
    path("<int:pk>/disclosures/", disclosure_views.disclosure_list, name="disclosures"),
    path("<int:pk>/disclosures/new/", disclosure_views.disclosure_create, name="disclosure_create"),
    path("<int:pk>/disclosures/received/", disclosure_views.received_create, name="received_create"),
    path("<int:pk>/documents/", document_views.document_list, name="documents"),
    path("<int:pk>/documents/new/", document_views.document_upload, name="document_upload"),
    path("<int:pk>/documents/<int:document_pk>/", document_views.document_download,
         name="document_download"),
    path("<int:pk>/documents/<int:document_pk>/remove/", document_views.document_remove,
         name="document_remove"),
    path("<int:pk>/documents/<int:document_pk>/move/", document_views.document_move,
         name="document_move"),
    path("<int:pk>/pdf/", report_views.client_pdf, name="client_pdf"),
    path("<int:pk>/pdf/<int:job_pk>/download/", report_views.client_pdf_job_download, name="client_pdf_job_download"),
    path("<int:pk>/pdf/<int:job_pk>/retry/", report_views.client_pdf_job_retry, name="client_pdf_job_retry"),
    path("<int:pk>/restriction-letter/", printout_views.restriction_letter_pdf, name="restriction_letter"),
    path("<int:pk>/plans/<int:plan_pk>/pdf/", printout_views.plan_pdf, name="plan_pdf"),
    path("<int:pk>/agreements/<int:service_agreement_pk>/pdf/", printout_views.agreement_pdf,
         name="agreement_pdf"),
    path("reports/monthly/", report_views.monthly_summary, name="monthly_summary"),
]

# The security hub: emergency access, the breach register (GDPR Art 33/34), users' access logs.
urlpatterns += [
    path("security/", oversight_views.security_index, name="security"),
    path("emergency/", emergency_views.emergency_access, name="emergency_access"),
    path("emergency/review/", emergency_views.emergency_review_list, name="emergency_review_list"),
    path("emergency/<int:pk>/review/", emergency_views.emergency_review, name="emergency_review"),
    path("breaches/", breach_views.breach_list, name="breach_list"),
    path("breaches/new/", breach_views.breach_create, name="breach_create"),
    path("breaches/<int:pk>/", breach_views.breach_detail, name="breach_detail"),
    path("breaches/<int:pk>/authority/", breach_views.breach_authority, name="breach_authority"),
    path("breaches/<int:pk>/assessment/", breach_views.breach_assessment, name="breach_assessment"),
    path("breaches/<int:pk>/decision/", breach_views.breach_decision, name="breach_decision"),
    path("breaches/<int:pk>/pdf/", breach_views.breach_documentation_pdf, name="breach_documentation_pdf"),
    path("breaches/<int:pk>/clients/", breach_views.breach_clients_add, name="breach_clients_add"),
    path("breaches/<int:pk>/notices/<int:client_pk>/", breach_views.breach_notice, name="breach_notice"),
    path("breaches/<int:pk>/notices/<int:client_pk>/pdf/", breach_views.breach_notice_pdf,
         name="breach_notice_pdf"),
    path("users/", oversight_views.user_list, name="user_list"),
    path("users/<int:pk>/access-log/", oversight_views.user_access_log, name="user_access_log"),
]

# Informing clients of the privacy notice (issue 20).
urlpatterns += [
    path("<int:pk>/informing/", informing_views.client_informing_record, name="informing_record"),
    path("notices/<int:notice_pk>/informing/", informing_views.notice_informing, name="notice_informing"),
    path("notices/<int:notice_pk>/informing/letters/", informing_views.notice_informing_letters,
         name="notice_informing_letters"),
]

# Public privacy notices, mounted at /notices/ (CONTRACT.md).
notice_urlpatterns = [
    path("version/<int:pk>/pdf/", notice_views.notice_version_pdf, name="version_pdf"),
    path("<slug:controller_slug>/", notice_views.notice_page, name="controller"),
    path("<slug:controller_slug>/pdf/", notice_views.notice_pdf, name="controller_pdf"),
    path("<slug:controller_slug>/draft/", notice_views.notice_draft, name="controller_draft"),
    path("<slug:controller_slug>/<slug:register_slug>/", notice_views.notice_page, name="register"),
    path("<slug:controller_slug>/<slug:register_slug>/pdf/", notice_views.notice_pdf, name="register_pdf"),
    path("<slug:controller_slug>/<slug:register_slug>/draft/", notice_views.notice_draft, name="register_draft"),
]
