"""Django admin for the admins (pääkäyttäjä). Clients are scoped like everywhere else, their
change pages are access-logged, identity codes are masked in lists, and deletion of clients
is not offered: the retention run owns deletion."""

from typing import Any

from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin

from . import services
from .constants import AccessKind
from .models import (
    AccessEntry,
    Client,
    Controller,
    HealthInformation,
    PrivacyNotice,
    Processor,
    Register,
    Representative,
    SupervisoryAuthority,
    WorkerProfile,
)
from .selectors import clients_visible_to
from .selectors.notices import notice_missing_fields
from .services.notices import notice_publish


@admin.register(Controller)
class ControllerAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    list_display = ["name", "business_id", "kind", "city", "contact_person_name"]
    list_filter = ["kind"]
    search_fields = ["name", "business_id"]
    prepopulated_fields = {"slug": ["name"]}
    show_auditlog_history_link = True
    actions = ["publish_notice"]

    @admin.action(description=_("Publish the controller's privacy notice covering all its registers"))
    def publish_notice(self, request: HttpRequest, queryset: Any) -> HttpResponse | None:
        return _publish_notices(self, request, queryset, [(c, None) for c in queryset])


@admin.register(Processor)
class ProcessorAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    list_display = ["name", "business_id", "service", "location"]
    search_fields = ["name"]
    show_auditlog_history_link = True


def _publish_notices(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: Any,
                     targets: list[tuple[Controller, Register | None]]) -> HttpResponse | None:
    """Admin action with a confirmation page: publishing freezes a new version of each notice."""
    if not request.POST.get("confirm"):
        missing = {
            (register or controller).name: [f"{r.name}: {field}" for r in
                                            ([register] if register else controller.registers.all())
                                            for field in notice_missing_fields(r)]
            for controller, register in targets
        }
        return render(request, "admin/clients/publish_notice.html", {
            **modeladmin.admin_site.each_context(request), "title": _("Publish privacy notice"),
            "targets": targets, "queryset": queryset, "missing": missing,
            "action": request.POST.get("action"), "opts": modeladmin.model._meta,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        })
    for controller, register in targets:
        try:
            notices = notice_publish(actor=request.user, controller=controller, register=register,  # type: ignore[arg-type]
                                     material_change=bool(request.POST.get("material_change")),
                                     change_summary=request.POST.get("change_summary", ""))
        except ValidationError as exc:
            modeladmin.message_user(request, "; ".join(exc.messages), level=messages.ERROR)
            continue
        modeladmin.message_user(request, _("Published version %(v)s of the notice of %(name)s.") % {
            "v": notices[0].version, "name": (register or controller).name})
    return None


@admin.register(Register)
class RegisterAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    list_display = ["name", "controller", "operator", "kind", "updated_on"]
    list_filter = ["kind", "controller"]
    search_fields = ["name", "controller__name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["processors"]
    show_auditlog_history_link = True
    actions = ["publish_notice"]

    @admin.action(description=_("Publish the privacy notice of the selected registers"))
    def publish_notice(self, request: HttpRequest, queryset: Any) -> HttpResponse | None:
        return _publish_notices(self, request, queryset, [(r.controller, r) for r in queryset])


@admin.register(SupervisoryAuthority)
class SupervisoryAuthorityAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    list_display = ["name", "street_address", "phone", "email", "updated_on"]


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "published_at", "published_by", "material_change", "sha256"]
    list_filter = ["controller", "language", "material_change"]
    exclude = ["pdf", "html"]


@admin.register(WorkerProfile)
class WorkerProfileAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "controller", "title", "confidentiality_signed_on"]
    list_filter = ["controller"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]
    show_auditlog_history_link = True


class RepresentativeInline(admin.StackedInline):
    model = Representative
    extra = 0
    raw_id_fields = ["prohibition_assessed_by"]


class HealthInformationInline(admin.StackedInline):
    model = HealthInformation
    extra = 0
    can_delete = False


@admin.register(Client)
class ClientAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    list_display = ["display_name", "masked_code", "register", "relationship_started",
                    "relationship_ended", "restricted"]
    list_filter = ["register", "kind", "restricted"]
    search_fields = ["search_name", "=identity_code"]
    exclude = ["search_name"]
    filter_horizontal = ["assigned_workers"]
    inlines = [HealthInformationInline, RepresentativeInline]
    show_full_result_count = False
    show_auditlog_history_link = True

    @admin.display(description=_("personal identity code"))
    def masked_code(self, obj: Client) -> str:
        return obj.masked_identity_code

    def get_queryset(self, request: HttpRequest) -> Any:
        return clients_visible_to(request.user).select_related("register")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "",
                    extra_context: Any = None) -> HttpResponse:
        # Scoped and logged exactly like the caseworker's client file.
        services.client_open(
            user=request.user, pk=object_id, kind=AccessKind.ADMIN_CHANGE  # type: ignore[arg-type]
        )
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(AccessEntry)
class AccessEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "client", "kind", "detail", "granted"]
    list_filter = ["kind", "granted"]
    search_fields = ["user__username", "client__search_name"]
    date_hierarchy = "at"
    raw_id_fields = ["client", "user"]
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).filter(client__in=clients_visible_to(request.user))
