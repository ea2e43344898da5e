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
        from django.contrib import admin

        if apps.is_installed("procrastinate.contrib.django"):
            from procrastinate.contrib.django.models import ProcrastinateJob

            # The job engine's own admin page is neither scoped to an organisation nor in Finnish;
            # the queue is watched from the command line (README: Workers for the nightly run).
            if admin.site.is_registered(ProcrastinateJob):
                admin.site.unregister(ProcrastinateJob)
