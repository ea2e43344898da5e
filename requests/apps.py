from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsConfig(AppConfig):
    name = "requests"
    verbose_name = _("Data-subject requests")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Art19Notification, DataSubjectRequest, Letter, Release, RequestNote

        auditlog.register(DataSubjectRequest)
        auditlog.register(Art19Notification)
        auditlog.register(Release)
        auditlog.register(RequestNote)
        auditlog.register(Letter)

        from .tasks import task_sources_add

        task_sources_add()  # requests due on the task list (core.tasks)

        from clients.services import client_file_jobs_set

        from .services import ClientFileJobs

        client_file_jobs_set(ClientFileJobs())  # a big client's client-file PDF made by a job

        from core.notices import notice_check_add

        from .selectors import question_time_contradictions

        # The notice's answer time for questions comes from the register's setting; a rights text
        # promising another number of working days is refused at publishing.
        notice_check_add("questions", question_time_contradictions)
