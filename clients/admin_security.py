"""Admin for the security records, accounts, change history, lockouts and second factors.
Imported by clients.apps.ClientsConfig.ready after autodiscovery, so the admins registered by
django.contrib.auth, django-auditlog, django-otp and django-axes exist to be replaced by scoped
subclasses (core.admin.OrganisationScopedAdmin): an organisation admin never lists, edits, resets
or deletes another organisation's people, devices, lockouts or history.

Emergency accesses and breaches are written through the app's own pages (services); the admin
only lists them."""

from typing import Any

from auditlog.admin import LogEntryAdmin
from auditlog.filters import ResourceTypeFilter
from auditlog.models import LogEntry
from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import AnonymousUser, Group, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin, StaticTokenInline
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.admin import (
    CLIENT,
    SHARED,
    USER,
    OrganisationScopedAdmin,
    ReadOnlyAdmin,
    ScopedInlineMixin,
    is_platform_admin,
)
from core.roles import Role
from core.twofactor import second_factor_reset

from . import services
from .constants import AccessKind
from .forms.workers import NewWorkerForm
from .models import Breach, Controller, EmergencyAccess
from .selectors.admin import lockout_records_visible_to, log_entries_visible_to, log_entry_client_id
from .selectors.breaches import breaches_visible_to
from .services.workers import worker_account_create, worker_create, worker_organisations, worker_staff_sync


@admin.register(EmergencyAccess)
class EmergencyAccessAdmin(ReadOnlyAdmin):
    organisation_scopes = ((CLIENT, "client"),)
    list_display = ["started_at", "user", "client", "expires_at", "reviewed_at", "reviewed_by"]
    list_filter = ["reviewed_at"]
    search_fields = ["user__username", "user__last_name"]
    raw_id_fields = ["client", "user", "reviewed_by"]
    show_full_result_count = False


@admin.register(Breach)
class BreachAdmin(ReadOnlyAdmin):
    list_display = ["title", "discovered_at", "reported_to_authority_at", "controller"]
    exclude = ["affected_clients"]

    def scope_queryset(self, user: User | AnonymousUser, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(pk__in=breaches_visible_to(user).values("pk"))


# Accounts ------------------------------------------------------------------------------------


@admin.action(description=_("Reset second factor (the user enrols again at next sign-in)"),
              permissions=["change"])
def reset_second_factor(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[User]) -> None:
    users = list(queryset)
    for user in users:
        second_factor_reset(actor=request.user, user=user)  # type: ignore[arg-type]
    modeladmin.message_user(request, ngettext(
        "The second factor of %(n)d user was reset.", "The second factor of %(n)d users was reset.",
        len(users),
    ) % {"n": len(users)}, messages.SUCCESS)


ROLE_NAMES = [role.value for role in Role]


def role_label(group: Group) -> str:
    return str(Role(group.name).label) if group.name in ROLE_NAMES else group.name


def _form_errors(form: Any, exc: ValidationError) -> None:
    """A service's refusal shown on the form: on its field where it names one."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:  # the password validators' words
        form.add_error("password1", exc)


class SecureUserAdmin(OrganisationScopedAdmin, UserAdmin):
    """The platform administrator sees every account and sets staff and superuser flags. An
    organisation admin manages the accounts with a worker profile in their organisation (never a
    platform administrator's): names, email, active, and the three roles; staff follows the
    roles; a new account joins the admin's organisation."""

    organisation_scopes = ((USER, ""),)
    actions = [reset_second_factor]
    organisation_fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Permissions"), {"fields": ("is_active", "groups")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None or is_platform_admin(request.user):
            return super().get_fieldsets(request, obj)
        return self.organisation_fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if is_platform_admin(request.user):
            return super().get_readonly_fields(request, obj)
        return ["last_login", "date_joined"]

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "groups" and not is_platform_admin(request.user):
            kwargs["queryset"] = Group.objects.filter(name__in=ROLE_NAMES)
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "groups" and field is not None:
            field.label_from_instance = role_label  # "Työntekijä", not "caseworker"
        return field

    # One form for a new worker --------------------------------------------------------------

    def get_urls(self) -> list[Any]:
        return [path("new-worker/", self.admin_site.admin_view(self.new_worker_view), name="auth_user_new_worker"),
                *super().get_urls()]

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context: Any = None) -> HttpResponse:
        """"Add user" is the new-worker form; the platform administrator keeps Django's form for
        accounts of no organisation (another platform administrator) at ?account_only=1."""
        if not (is_platform_admin(request.user) and request.GET.get("account_only")):
            if not self.has_add_permission(request):
                raise PermissionDenied
            return redirect(reverse("admin:auth_user_new_worker", current_app=self.admin_site.name))
        return super().add_view(request, form_url, extra_context)

    def new_worker_view(self, request: HttpRequest) -> HttpResponse:
        """Person, role, organisation and the confidentiality commitment in one form; one service
        call creates the account, its role and its worker profile."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        allowed = worker_organisations(request.user)  # type: ignore[arg-type]
        organisations = (Controller.objects.order_by("name") if allowed is None
                         else Controller.objects.filter(pk__in=[o.pk for o in allowed]))
        if not organisations.exists():
            raise PermissionDenied
        form = NewWorkerForm(request.POST or None, organisations=organisations)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                user = worker_create(
                    actor=request.user, organisation=data["organisation"], role=data["role"],  # type: ignore[arg-type]
                    username=data["username"], first_name=data["first_name"], last_name=data["last_name"],
                    email=data["email"], password=data["password1"], title=data["title"],
                    confidentiality_signed_on=data["confidentiality_signed_on"])
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                self.message_user(request, _("Worker %(name)s added to %(organisation)s.") % {
                    "name": user.get_full_name(), "organisation": data["organisation"]}, messages.SUCCESS)
                return redirect(reverse("admin:auth_user_change", args=[user.pk], current_app=self.admin_site.name))
        return TemplateResponse(request, "admin/auth/user/new_worker.html", {
            **self.admin_site.each_context(request), "title": _("New worker"), "form": form,
            "opts": self.model._meta, "media": self.media + form.media,
        })

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change and not is_platform_admin(request.user):
            worker_account_create(actor=request.user, user=obj)  # type: ignore[arg-type]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if not is_platform_admin(request.user):
            worker_staff_sync(actor=request.user, user=form.instance)  # type: ignore[arg-type]


class ScopedGroupAdmin(OrganisationScopedAdmin, GroupAdmin):
    """The roles are the platform's: read by all admins, changed only by the platform
    administrator (an organisation admin who could edit a role's permissions would change them
    for every organisation)."""

    organisation_scopes = ((SHARED, ""),)
    platform_managed = True


# Change history ---------------------------------------------------------------------------------


class ScopedResourceTypeFilter(ResourceTypeFilter):
    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value is not None and not (value.isascii() and value.isdigit() and len(value) < 10):
            from django.core.exceptions import BadRequest

            raise BadRequest("resource_type")
        return super().queryset(request, queryset)


class ScopedLogEntryAdmin(OrganisationScopedAdmin, LogEntryAdmin):
    """Entries of objects the user may see (clients.selectors.admin.log_entries_visible_to).
    Reading one about a client's data is in the access log like the client's page itself; the list
    shows what changed, not the values."""

    list_filter = ["action", ScopedResourceTypeFilter]
    search_fields = ["object_repr", "actor__username", "actor__first_name", "actor__last_name"]

    def scope_queryset(self, user: User | AnonymousUser, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(pk__in=log_entries_visible_to(user).values("pk"))

    def object_opened(self, request: HttpRequest, obj: Any, *, detail: str) -> None:
        client_id = log_entry_client_id(obj)
        if client_id is not None:
            services.client_open(user=request.user, pk=client_id, kind=AccessKind.ADMIN_CHANGE,  # type: ignore[arg-type]
                                 detail="history")

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "",
                    extra_context: Any = None) -> HttpResponse:
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404
        self.object_opened(request, obj, detail="history")
        return super().change_view(request, object_id, form_url, extra_context)


# Second factors and lockouts --------------------------------------------------------------------


class ScopedTOTPDeviceAdmin(OrganisationScopedAdmin, TOTPDeviceAdmin):
    organisation_scopes = ((USER, "user"),)

    def config_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if self.get_object(request, str(pk)) is None:
            raise Http404
        return super().config_view(request, pk)

    def qrcode_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if self.get_object(request, str(pk)) is None:
            raise Http404
        return super().qrcode_view(request, pk)


class ScopedStaticTokenInline(ScopedInlineMixin, StaticTokenInline):
    pass


class ScopedStaticDeviceAdmin(OrganisationScopedAdmin, StaticDeviceAdmin):
    organisation_scopes = ((USER, "user"),)
    inlines = [ScopedStaticTokenInline]


class LockoutScope:
    def scope_queryset(self, user: User | AnonymousUser, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return lockout_records_visible_to(user, queryset)


class ScopedAccessAttemptAdmin(LockoutScope, OrganisationScopedAdmin, AccessAttemptAdmin):
    pass


class ScopedAccessLogAdmin(LockoutScope, OrganisationScopedAdmin, AccessLogAdmin):
    pass


class ScopedAccessFailureLogAdmin(LockoutScope, OrganisationScopedAdmin, AccessFailureLogAdmin):
    pass


def _replace(model: Any, model_admin: Any) -> None:
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)


_replace(User, SecureUserAdmin)
_replace(Group, ScopedGroupAdmin)
_replace(LogEntry, ScopedLogEntryAdmin)
_replace(TOTPDevice, ScopedTOTPDeviceAdmin)
_replace(StaticDevice, ScopedStaticDeviceAdmin)
for _model, _admin in ((AccessAttempt, ScopedAccessAttemptAdmin), (AccessLog, ScopedAccessLogAdmin),
                       (AccessFailureLog, ScopedAccessFailureLogAdmin)):
    if admin.site.is_registered(_model):  # axes registers them only where AXES_ENABLE_ADMIN
        _replace(_model, _admin)
