from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetentionConfig(AppConfig):
    name = "retention"
    verbose_name = _("Retention")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import LegalHold, RetentionRule

        # Who changed a rule or placed and released a hold. Handoffs, runs and purge records
        # are themselves the trail and are only ever written by the services.
        auditlog.register(RetentionRule)
        auditlog.register(LegalHold)

        from .tasks import task_sources_add

        task_sources_add()  # removals due on the task list (core.tasks)

        from core.notices import notice_check_add

        from .notice_text import retention_text_contradictions

        # A notice whose free-text retention names a period or event no rule has is not published.
        notice_check_add("retention", retention_text_contradictions)

        from django.apps import apps

        if apps.is_installed("procrastinate.contrib.django"):
            from core.jobs_admin import job_admin_register

            # The job engine's own admin page: the platform administrator's alone (its jobs'
            # arguments are every organisation's row numbers).
            job_admin_register()
