"""Admin for consent purposes (managed here), and read-only views of consents, prohibitions,
email lists and exports. Given consents are never edited: the admin offers withdrawing and
lifting as actions, which go through the same services as the client file. Everything is
scoped to the admin's own organisation, and pages that show a client are access-logged."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from clients.constants import AccessKind
from clients.selectors import registers_visible_to
from clients.services import client_open
from core.admin import CLIENT, REGISTER, OrganisationScopedAdmin, ReadOnlyMixin

from . import selectors, services
from .models import Consent, ConsentPurpose, EmailSubscriber, MarketingExport, Prohibition


@admin.register(ConsentPurpose)
class ConsentPurposeAdmin(OrganisationScopedAdmin):
    organisation_scopes = ((REGISTER, "register"),)
    list_display = ["name", "code", "register", "consent_required", "requires_written", "needs_recipient",
                    "recipient_kind", "is_marketing", "active"]
    list_filter = ["active", "is_marketing", "requires_written", ("register", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "code", "register__name"]
    show_auditlog_history_link = True
    fieldsets = [
        (None, {"fields": ["register", "code", "name", "description", "active"]}),
        (gettext_lazy("Rules"), {"fields": ["consent_required", "requires_written", "needs_recipient",
                                            "recipient_kind", "is_marketing", "is_research",
                                            "is_address_list"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ConsentPurpose]:
        return super().get_queryset(request).select_related("register")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # Consents refer to a purpose by its register and code: they stay put once it exists.
        return ["register", "code"] if obj is not None else []

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "register":
            kwargs["queryset"] = registers_visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # retire a purpose ("in use" off); its consents keep their history


class ClientScopedAdmin(ReadOnlyMixin, OrganisationScopedAdmin):
    organisation_scopes = ((CLIENT, "client"),)
    show_auditlog_history_link = True
    show_full_result_count = False
    search_fields = ["client__search_name"]
    access_detail = ""

    def object_opened(self, request: HttpRequest, obj: Any, *, detail: str) -> None:
        client_open(user=request.user, pk=obj.client_id, kind=AccessKind.ADMIN_CHANGE,  # type: ignore[arg-type]
                    detail=detail)

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "",
                    extra_context: Any = None) -> HttpResponse:
        row = self.get_object(request, object_id)
        if row is not None:  # scoped by get_queryset; logged like the client file
            client_open(user=request.user, pk=row.client_id, kind=AccessKind.ADMIN_CHANGE,  # type: ignore[arg-type]
                        detail=self.access_detail)
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Consent)
class ConsentAdmin(ClientScopedAdmin):
    list_display = ["client", "purpose", "recipient_label", "given_by", "method", "given_at", "withdrawn_at"]
    list_filter = [("purpose", admin.RelatedOnlyFieldListFilter), "method", "given_by",
                   ("withdrawn_at", admin.EmptyFieldListFilter)]
    list_select_related = ["client", "purpose", "recipient_representative"]
    readonly_fields = [f.name for f in Consent._meta.fields if f.name != "id"]
    actions = ["withdraw"]
    access_detail = "consent"

    @admin.display(description=gettext_lazy("recipient"))
    def recipient_label(self, obj: Consent) -> str:
        return obj.recipient_label

    def has_withdraw_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("consents.add_consent")

    @admin.action(description=gettext_lazy("Withdraw the selected consents now"), permissions=["withdraw"])
    def withdraw(self, request: HttpRequest, queryset: QuerySet[Consent]) -> None:
        done = 0
        for consent in queryset.filter(withdrawn_at__isnull=True):
            services.consent_withdraw(actor=request.user, consent=consent,  # type: ignore[arg-type]
                                      note=_("Withdrawn in the admin."))
            done += 1
        message = ngettext("%(count)d consent withdrawn.",
                           "%(count)d consents withdrawn.", done) % {"count": done}
        self.message_user(request, message, messages.SUCCESS)


@admin.register(Prohibition)
class ProhibitionAdmin(ClientScopedAdmin):
    list_display = ["client", "kind", "given_at", "recorded_by", "lifted_at"]
    list_filter = ["kind", ("lifted_at", admin.EmptyFieldListFilter)]
    list_select_related = ["client", "recorded_by"]
    readonly_fields = [f.name for f in Prohibition._meta.fields if f.name != "id"]
    actions = ["lift"]
    access_detail = "prohibition"

    def has_lift_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("consents.add_prohibition")

    @admin.action(description=gettext_lazy("Lift the selected prohibitions now"), permissions=["lift"])
    def lift(self, request: HttpRequest, queryset: QuerySet[Prohibition]) -> None:
        done = 0
        for prohibition in queryset.filter(lifted_at__isnull=True):
            services.prohibition_lift(actor=request.user, prohibition=prohibition,  # type: ignore[arg-type]
                                      note=_("Lifted in the admin."))
            done += 1
        message = ngettext("%(count)d prohibition lifted.",
                           "%(count)d prohibitions lifted.", done) % {"count": done}
        self.message_user(request, message, messages.SUCCESS)


class SubscriberAddForm(forms.ModelForm):
    class Meta:
        model = EmailSubscriber
        fields = ["purpose", "email"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("purpose") and data.get("email"):
            for field, message in services.subscriber_refusal(purpose=data["purpose"],
                                                              email=data["email"]).items():
                self.add_error(field, message)
        return data


@admin.register(EmailSubscriber)
class EmailSubscriberAdmin(OrganisationScopedAdmin):
    organisation_scopes = ((REGISTER, "purpose__register"),)
    list_display = ["email", "purpose", "subscribed_at", "unsubscribed_at"]
    list_filter = [("purpose", admin.RelatedOnlyFieldListFilter), ("unsubscribed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    show_auditlog_history_link = True
    actions = ["unsubscribe"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[EmailSubscriber]:
        return super().get_queryset(request).select_related("purpose")

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = SubscriberAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["purpose", "email"]
        return ["purpose", "email", "subscribed_at", "recorded_by", "unsubscribed_at", "unsubscribed_by",
                "unsubscribe_link"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return self.get_fields(request, obj) if obj is not None else []

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "purpose":
            kwargs["queryset"] = ConsentPurpose.objects.filter(
                register__in=registers_visible_to(request.user), is_marketing=True, active=True,
                requires_written=False)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: EmailSubscriber, form: Any, change: bool) -> None:
        if change:
            return  # nothing of a subscription is edited
        created = services.subscriber_add(actor=request.user, purpose=obj.purpose,  # type: ignore[arg-type]
                                          email=obj.email)
        obj.pk, obj.subscribed_at, obj.recorded_by = created.pk, created.subscribed_at, created.recorded_by
        obj._state.adding = False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=gettext_lazy("unsubscribe link"))
    def unsubscribe_link(self, obj: EmailSubscriber) -> str:
        url = selectors.unsubscribe_url(obj)
        return format_html('<a href="{}">{}</a>', url, url)

    def has_unsubscribe_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("consents.add_emailsubscriber")

    @admin.action(description=gettext_lazy("Take the selected addresses off the list now"),
                  permissions=["unsubscribe"])
    def unsubscribe(self, request: HttpRequest, queryset: QuerySet[EmailSubscriber]) -> None:
        done = 0
        for subscriber in queryset.filter(unsubscribed_at__isnull=True):
            services.subscriber_unsubscribe(subscriber=subscriber, actor=request.user)  # type: ignore[arg-type]
            done += 1
        message = ngettext("%(count)d address taken off the list.",
                           "%(count)d addresses taken off the list.", done) % {"count": done}
        self.message_user(request, message,
                          messages.SUCCESS)


@admin.register(MarketingExport)
class MarketingExportAdmin(ReadOnlyMixin, OrganisationScopedAdmin):
    organisation_scopes = ((REGISTER, "purpose__register"),)
    list_display = ["exported_at", "purpose", "exported_by", "client_count", "subscriber_count", "count"]
    list_filter = [("purpose", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["purpose", "exported_by"]
