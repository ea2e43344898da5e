"""Admin for the security records and the second-factor reset. Imported by config.apps.AdminConfig
after autodiscovery (so the User admin registered by django.contrib.auth exists to replace).

Emergency accesses and breaches are written through the app's own pages (services); the admin
only lists them, scoped to the admin's organisation like every other client-related list."""


from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import ReadOnlyAdmin

from .models import Breach, EmergencyAccess
from .selectors.register import worker_profile
from .selectors.security import breaches_visible_to, organisation_clients
from .services.security import second_factor_reset


@admin.register(EmergencyAccess)
class EmergencyAccessAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "user", "client", "expires_at", "reviewed_at", "reviewed_by"]
    list_filter = ["reviewed_at"]
    search_fields = ["user__username", "user__last_name"]
    raw_id_fields = ["client", "user", "reviewed_by"]
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[EmergencyAccess]:
        return super().get_queryset(request).filter(client__in=organisation_clients(request.user))


@admin.register(Breach)
class BreachAdmin(ReadOnlyAdmin):
    list_display = ["title", "discovered_at", "reported_to_authority_at", "controller"]
    exclude = ["affected_clients"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Breach]:
        return breaches_visible_to(request.user)


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


class SecureUserAdmin(UserAdmin):
    """Users of the admin's own organisation, and accounts not yet linked to any (just created):
    an admin never lists, edits or resets another organisation's people."""

    actions = [reset_second_factor]

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        users = super().get_queryset(request)
        if request.user.is_superuser:
            return users
        profile = worker_profile(request.user)
        if profile is None:
            return users.none()
        return users.filter(Q(worker_profile__controller_id=profile.controller_id)
                            | Q(worker_profile__isnull=True))


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, SecureUserAdmin)
