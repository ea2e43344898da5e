"""Django admin for the admins (pääkäyttäjä). Every page is scoped by core.admin's
OrganisationScopedAdmin: an organisation admin sees their own organisation's controller record,
registers, worker profiles and clients; controllers, processors and the supervisory authority
are the platform administrator's to add and edit. Clients' change and history pages are
access-logged, identity codes are masked in lists, and deletion of clients is not offered: the
retention run owns deletion."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import (
    CLIENT,
    ORGANISATION,
    REGISTER,
    SHARED,
    OrganisationScopedAdmin,
    ReadOnlyAdmin,
    ScopedInlineMixin,
    is_platform_admin,
    model_scopes_declare,
)
from core.audit import acting_as

from . import services
from .constants import AccessKind, RestrictedAct
from .models import (
    AccessEntry,
    BreachNotice,
    Case,
    Client,
    Controller,
    Correction,
    Disclosure,
    Document,
    DocumentChange,
    GrantedService,
    HealthInformation,
    PrivacyNotice,
    Processor,
    Register,
    Representative,
    ServiceAgreement,
    ServiceEntry,
    ServicePlan,
    SupervisoryAuthority,
    WorkerProfile,
)
from .selectors import registers_visible_to
from .selectors.admin import admin_organisation, register_manageable
from .selectors.notices import notice_missing_fields
from .selectors.reports import commissioning_authorities_for
from .selectors.restriction import restriction_refusal
from .services.notices import notice_publish

# A client's records that have no admin page of their own: how their choices and change history
# reach the client (core.admin).
for _model in (Case, ServiceEntry, ServiceAgreement, ServicePlan, Correction, Document, DocumentChange,
               Disclosure,
               Representative, HealthInformation, BreachNotice):
    model_scopes_declare(_model, (CLIENT, "client"))
model_scopes_declare(GrantedService, (CLIENT, "case__client"))


class ClientDataAdmin(OrganisationScopedAdmin):
    """Rows that are one client's data: reading one, or its history, is in the access log."""

    organisation_scopes = ((CLIENT, "client"),)

    def object_opened(self, request: HttpRequest, obj: Any, *, detail: str) -> None:
        services.client_open(user=request.user, pk=obj.client_id, kind=AccessKind.ADMIN_CHANGE,  # type: ignore[arg-type]
                             detail=detail)


@admin.register(Controller)
class ControllerAdmin(OrganisationScopedAdmin):
    """An organisation admin keeps their own organisation's contact details; identity (name,
    business ID, public slug, kind) and new organisations are the platform administrator's."""

    organisation_scopes = ((ORGANISATION, ""),)
    list_display = ["name", "business_id", "kind", "city", "contact_person_name"]
    list_filter = ["kind"]
    search_fields = ["name", "business_id"]
    prepopulated_fields = {"slug": ["name"]}
    show_auditlog_history_link = True
    actions = ["publish_notice"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_platform_admin(request.user) and super().has_add_permission(request)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if is_platform_admin(request.user):
            return super().get_readonly_fields(request, obj)
        return ["name", "slug", "kind", "business_id"]

    def get_prepopulated_fields(self, request: HttpRequest, obj: Any = None) -> dict[str, Any]:
        return self.prepopulated_fields if is_platform_admin(request.user) else {}

    @admin.action(description=_("Publish the controller's privacy notice covering all its registers"))
    def publish_notice(self, request: HttpRequest, queryset: Any) -> HttpResponse | None:
        return _publish_notices(self, request, queryset, [(c, None) for c in queryset])


@admin.register(Processor)
class ProcessorAdmin(OrganisationScopedAdmin):
    """Processors (the system vendor) serve several controllers: read by all, kept by the
    platform administrator."""

    organisation_scopes = ((SHARED, ""),)
    platform_managed = True
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
        if notices[0].material_change:  # the clients whose relationship is in force are to be informed
            modeladmin.message_user(request, format_html(
                '<a href="{}">{}</a>', reverse("clients:notice_informing", args=[notices[0].pk]),
                _("A material change: list the clients to inform and produce their letters.")))
    return None


@admin.register(Register)
class RegisterAdmin(OrganisationScopedAdmin):
    """Registers the organisation controls or operates. Only the controller's admin edits one,
    and never its controller or operator: linking two organisations (a purchased-services
    register) is the platform administrator's act."""

    organisation_scopes = ((REGISTER, ""),)
    list_display = ["name", "controller", "operator", "kind", "updated_on"]
    list_filter = ["kind", "controller"]
    search_fields = ["name", "controller__name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["processors"]
    show_auditlog_history_link = True
    actions = ["publish_notice"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or register_manageable(request.user, obj))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if is_platform_admin(request.user):
            return super().get_readonly_fields(request, obj)
        return ["controller", "operator"]

    def save_model(self, request: HttpRequest, obj: Register, form: Any, change: bool) -> None:
        if not change and not is_platform_admin(request.user):
            organisation = admin_organisation(request.user)
            if organisation is None:
                raise PermissionDenied
            obj.controller = obj.operator = organisation
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Publish the privacy notice of the selected registers"))
    def publish_notice(self, request: HttpRequest, queryset: Any) -> HttpResponse | None:
        return _publish_notices(self, request, queryset, [(r.controller, r) for r in queryset])


@admin.register(SupervisoryAuthority)
class SupervisoryAuthorityAdmin(OrganisationScopedAdmin):
    """The Data Protection Ombudsman's contact details, printed in every organisation's refusal
    certificates: read by all, kept by the platform administrator."""

    organisation_scopes = ((SHARED, ""),)
    platform_managed = True
    list_display = ["name", "street_address", "phone", "email", "updated_on"]


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(ReadOnlyAdmin):
    organisation_scopes = ((ORGANISATION, "controller"),)
    list_display = ["__str__", "published_at", "published_by", "material_change", "sha256"]
    list_filter = ["controller", "language", "material_change"]
    exclude = ["pdf", "html"]


@admin.register(WorkerProfile)
class WorkerProfileAdmin(OrganisationScopedAdmin):
    """An organisation admin edits the title and confidentiality commitment of their own
    organisation's workers; which user and which organisation a profile links is fixed (a new
    account joins the admin's organisation when it is added in the user admin)."""

    organisation_scopes = ((ORGANISATION, "controller"),)
    list_display = ["__str__", "controller", "title", "confidentiality_signed_on"]
    list_filter = ["controller"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]
    show_auditlog_history_link = True

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_platform_admin(request.user) and super().has_add_permission(request)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if is_platform_admin(request.user):
            return super().get_readonly_fields(request, obj)
        return ["user", "controller"]


class RepresentativeAdminForm(forms.ModelForm):
    """The admin asks the same rules as the client file (clients.services.register)."""

    reason = forms.CharField(
        label=_("Reason for the change"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you change data already recorded: the earlier value stays readable "
                    "in the client file with your name, the date and this reason."))

    def _post_clean(self) -> None:  # after the instance has the submitted values
        super()._post_clean()  # type: ignore[misc]
        if services.representative_corrections_pending(self.instance) and not self.cleaned_data.get(
                "reason", "").strip():  # seed 003: the reason of a correction, on every path
            self.add_error("reason", _("Give the reason for the change: the earlier value stays readable in "
                                       "the client file."))
        try:
            client = self.instance.client  # unsaved while a new client is being added
        except Client.DoesNotExist:
            return
        refusal = client.pk and restriction_refusal(client=client, act=RestrictedAct.EDIT)
        if refusal and self.has_changed():  # GDPR Art 18: the same policy as the client file
            self.add_error(None, refusal)
            return
        try:
            services.representative_validate(
                self.instance, client=client, today=timezone.localdate(),
                was_prohibited=services.representative_was_prohibited(self.instance))
        except ValidationError as exc:
            self._update_errors(exc)  # type: ignore[attr-defined]


class RepresentativeInline(ScopedInlineMixin, admin.StackedInline):
    model = Representative
    form = RepresentativeAdminForm
    extra = 0
    # Stamped by the service when the prohibition is recorded, on every path.
    readonly_fields = ["prohibition_assessed_by", "prohibition_assessed_on"]


class HealthInformationInline(ScopedInlineMixin, admin.StackedInline):
    model = HealthInformation
    extra = 0
    can_delete = False


class ClientAdminForm(forms.ModelForm):
    """Identity code, business ID and names are checked by the same service rule as in the app,
    so the admin shows form errors instead of saving a client whose file later fails."""

    reason = forms.CharField(
        label=_("Reason for the change"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you change data already recorded: the earlier value stays readable "
                    "in the client file with your name, the date and this reason."))

    def _post_clean(self) -> None:  # after the instance has the submitted values
        super()._post_clean()  # type: ignore[misc]
        try:
            services.client_validate(self.instance, today=timezone.localdate())
        except ValidationError as exc:
            self._update_errors(exc)  # type: ignore[attr-defined]
        # After the validation, so a date of birth derived from the identity code is no change.
        refusal = services.client_correction_reason_refusal(self.instance, self.cleaned_data.get("reason", ""))
        if refusal:  # seed 003: the reason of a correction is recorded, on every path
            self.add_error("reason", refusal)
        refusal = self.instance.pk and restriction_refusal(client=self.instance, act=RestrictedAct.EDIT)
        if refusal:  # GDPR Art 18: the same policy as the client file
            self.add_error(None, refusal)


@admin.register(Client)
class ClientAdmin(ClientDataAdmin):
    organisation_scopes = ((CLIENT, ""),)
    form = ClientAdminForm
    list_display = ["display_name", "masked_code", "register", "relationship_started",
                    "relationship_ended", "restricted"]
    list_filter = ["register", "kind", "restricted"]
    search_fields = ["search_name", "=identity_code"]
    exclude = ["search_name"]
    # Restriction (GDPR Art 18) is set and lifted by the register contact's request handling,
    # with the letter before lifting: never a checkbox here.
    readonly_fields = ["restricted", "restriction_reason"]
    filter_horizontal = ["assigned_workers"]
    inlines = [HealthInformationInline, RepresentativeInline]
    show_full_result_count = False
    show_auditlog_history_link = True

    def save_model(self, request: HttpRequest, obj: Client, form: Any, change: bool) -> None:
        """Through the client services, as in the app: validation, search keys, the trail."""
        fields = {name: form.cleaned_data[name] for name in services.CLIENT_FIELDS
                  if name in form.cleaned_data}
        user: Any = request.user
        if change:
            services.client_update(actor=user, client=obj, reason=form.cleaned_data.get("reason", ""), **fields)
            return
        created = services.client_create(actor=user, register=form.cleaned_data["register"], **fields)
        # The admin goes on with `obj` (many-to-many fields, inlines, its log): make it the row.
        for field in Client._meta.concrete_fields:
            setattr(obj, field.attname, getattr(created, field.attname))
        obj._state.adding, obj._state.db = False, created._state.db

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not Representative:
            super().save_formset(request, form, formset, change)
            return
        user: Any = request.user
        instances = formset.save(commit=False)
        for rep in formset.deleted_objects:
            with acting_as(user):
                rep.delete()
        names = ("role", "first_names", "last_name", "relationship", "phone", "email",
                 "street_address", "postal_code", "city", "address_protected", "valid_from", "valid_until",
                 "disclosure_prohibited", "prohibition_reasoning")
        reasons = {id(f.instance): f.cleaned_data.get("reason", "") for f in formset.forms
                   if getattr(f, "cleaned_data", None)}
        for rep in instances:
            services.representative_save(
                actor=user, client=form.instance, representative=rep if rep.pk else None,
                today=timezone.localdate(), reason=reasons.get(id(rep), ""),
                **{name: getattr(rep, name) for name in names})

    @admin.display(description=_("personal identity code"))
    def masked_code(self, obj: Client) -> str:
        return obj.masked_identity_code

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("register")

    def object_opened(self, request: HttpRequest, obj: Any, *, detail: str) -> None:
        services.client_open(user=request.user, pk=obj.pk, kind=AccessKind.ADMIN_CHANGE,  # type: ignore[arg-type]
                             detail=detail)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "commissioning_authority" and not is_platform_admin(request.user):
            # A county buying the service is another organisation: the ones already commissioning
            # this organisation's clients, and the controllers of the registers it operates.
            kwargs["queryset"] = (commissioning_authorities_for(request.user)
                                  | Controller.objects.filter(registers__in=registers_visible_to(request.user))
                                  ).distinct()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

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
    organisation_scopes = ((CLIENT, "client"),)
    list_display = ["at", "user", "client", "kind", "detail", "granted"]
    list_filter = ["kind", "granted"]
    search_fields = ["user__username", "client__search_name"]
    date_hierarchy = "at"
    raw_id_fields = ["client", "user"]
    show_full_result_count = False
