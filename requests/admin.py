from typing import Any

from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin
from django.http import HttpRequest

from clients.selectors import clients_visible_to

from .models import Art19Notification, DataSubjectRequest


class Art19Inline(admin.TabularInline):
    model = Art19Notification
    extra = 0
    raw_id_fields = ["disclosure", "notified_by"]


@admin.register(DataSubjectRequest)
class DataSubjectRequestAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "client", "status", "outcome", "received_on", "handler"]
    list_filter = ["type", "status", "outcome", "channel"]
    raw_id_fields = ["client", "representative", "verified_by", "handler", "decided_by", "created_by"]
    inlines = [Art19Inline]
    show_auditlog_history_link = True

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).filter(client__in=clients_visible_to(request.user))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
