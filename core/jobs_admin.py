"""The job engine's own admin pages (Procrastinate's), for the platform administrator alone.

A job's arguments are numbers of another organisation's rows (a client, a request's document),
and the queue is shared by every organisation: an organisation admin sees neither the page nor
its rows. Registered by `job_admin_register` only where the job engine is installed
(PostgreSQL); its models cannot be imported otherwise."""

from typing import Any

from django.apps import apps
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .admin import OrganisationScopedMixin, ReadOnlyMixin, ScopedInlineMixin, is_platform_admin


def job_admin_register(site: admin.AdminSite | None = None) -> None:
    from auditlog.mixins import AuditlogHistoryAdminMixin
    from procrastinate.contrib.django.admin import ProcrastinateEventInline, ProcrastinateJobAdmin
    from procrastinate.contrib.django.models import ProcrastinateJob

    site = site or admin.site
    # Named in the admin's language (its own names are English only), as accounts.apps does for
    # the sign-in apps. Only the names shown change; no migration follows.
    apps.get_app_config("procrastinate").verbose_name = _("Job queue")
    ProcrastinateJob._meta.verbose_name = _("job of the job queue")
    ProcrastinateJob._meta.verbose_name_plural = _("jobs of the job queue")

    class JobEventInline(ReadOnlyMixin, ScopedInlineMixin, ProcrastinateEventInline):
        pass

    class JobAdmin(OrganisationScopedMixin, AuditlogHistoryAdminMixin, ProcrastinateJobAdmin):
        """No organisation scopes: the rows are the platform administrator's only
        (`core.admin.scope_filter`), and so is the page."""

        inlines = [JobEventInline]

        def has_module_permission(self, request: HttpRequest) -> bool:
            return is_platform_admin(request.user)

        def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
            return is_platform_admin(request.user) and super().has_view_permission(request, obj)

    if site.is_registered(ProcrastinateJob):
        site.unregister(ProcrastinateJob)
    site.register(ProcrastinateJob, JobAdmin)
