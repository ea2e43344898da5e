"""Admin for data-subject requests: scoped to the requests of clients the user may see; every
choice (the raw-id client, representatives, users) is scoped the same way (core.admin), and
opening a request or its history is in the client's access log."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from clients.constants import AccessKind
from clients.services import client_open
from core.admin import CLIENT, OrganisationScopedAdmin, ReadOnlyMixin, ScopedInlineMixin, model_scopes_declare

from .models import Art19Notification, DataSubjectRequest, Letter, Release

model_scopes_declare(Art19Notification, (CLIENT, "request__client"))
model_scopes_declare(Release, (CLIENT, "request__client"))
model_scopes_declare(Letter, (CLIENT, "request__client"))


class Art19Inline(ScopedInlineMixin, admin.TabularInline):
    model = Art19Notification
    extra = 0
    raw_id_fields = ["disclosure", "notified_by"]


class ReleaseInline(ReadOnlyMixin, ScopedInlineMixin, admin.TabularInline):
    """The documents as released: a record, never edited."""

    model = Release
    extra = 0
    fields = readonly_fields = ("document", "released_at", "released_by", "recipient_role", "sha256",
                                "size_bytes", "redaction_reasons")


class LetterInline(ReadOnlyMixin, ScopedInlineMixin, admin.TabularInline):
    """The letters made or sent to the requester: a record, never edited."""

    model = Letter
    extra = 0
    fields = readonly_fields = ("kind", "channel", "language", "recipient_role", "produced_at", "produced_by",
                                "sha256", "size_bytes")


@admin.register(DataSubjectRequest)
class DataSubjectRequestAdmin(OrganisationScopedAdmin):
    organisation_scopes = ((CLIENT, "client"),)
    list_display = ["__str__", "client", "status", "outcome", "received_on", "handler"]
    list_filter = ["type", "status", "outcome", "channel"]
    raw_id_fields = ["client", "representative", "verified_by", "handler", "decided_by", "created_by"]
    inlines = [Art19Inline, ReleaseInline, LetterInline]
    show_auditlog_history_link = True

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def object_opened(self, request: HttpRequest, obj: Any, *, detail: str) -> None:
        client_open(user=request.user, pk=obj.client_id, kind=AccessKind.ADMIN_CHANGE,  # type: ignore[arg-type]
                    detail=detail)

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "",
                    extra_context: Any = None) -> Any:
        obj = self.get_object(request, object_id)
        if obj is not None:
            self.object_opened(request, obj, detail="request")
        return super().change_view(request, object_id, form_url, extra_context)
