"""Admin for retention: rules and legal holds are edited here; handoffs, purge records and runs
are read-only (the nightly run writes them), except for recording an archive's receipt, an
action that goes through the same service as `manage.py retention_receipt`. Holds and handoffs
are scoped to the admin's own organisation (core.admin.OrganisationScopedAdmin). A statutory
default rule belongs to no register: every organisation admin reads it (the nightly run applies
it to their registers), only the platform administrator edits it; an organisation admin adds
and edits rules of their own registers."""

import datetime
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from clients.models import AccessEntry, BreachClientLink, BreachNotice, Client, Disclosure, EmergencyAccess
from clients.selectors import client_search, clients_visible_to, registers_visible_to
from clients.selectors.admin import admin_organisation, registers_managed_by
from core.access import actor
from core.admin import (
    CLIENT,
    ORGANISATION,
    REGISTER,
    OrganisationScopedAdmin,
    ReadOnlyMixin,
    ScopedInlineMixin,
    is_platform_admin,
    scoped_objects,
)
from requests.models import Art19Notification, DataSubjectRequest

from . import services
from .forms import ReceiptActionForm
from .models import ArchiveHandoff, FileRemoval, LegalHold, PurgeRecord, RetentionRule, RetentionRun, RunFailure
from .selectors import purge_record_kept_logs


class RetentionRuleForm(forms.ModelForm):
    user: Any = None  # set per request by RetentionRuleAdmin.get_form

    class Meta:
        model = RetentionRule
        fields = ["code", "name", "legal_reference", "active", "statutory", "controller", "registers",
                  "register_kind", "record_kind", "applies_to", "service_task", "period_years", "period_months",
                  "period_days", "start_event", "action", "archive_name", "hand_over_at_start", "receipt_required"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        controller, registers = data.get("controller"), data.get("registers") or []
        if self.user is not None and not is_platform_admin(self.user):
            organisation = admin_organisation(self.user)
            if data.get("statutory"):
                self.add_error("statutory", _("Only the platform administrator keeps the statutory defaults."))
            if controller is None or organisation is None or controller.pk != organisation.pk:
                self.add_error("controller", _("A rule of your organisation belongs to your organisation."))
        if controller is not None:
            foreign = [r.name for r in registers if r.controller_id != controller.pk]
            if foreign:
                self.add_error("registers", _("A rule names only its own organisation's registers: %(names)s.")
                               % {"names": ", ".join(foreign)})
        if data.get("statutory") and registers:
            self.add_error("registers", _("A statutory default applies by kind of register and names none."))
        return data


class InForceForRegisterFilter(admin.SimpleListFilter):
    """Per register, the rules in force: those naming it, its controller's for its kind, and the
    statutory defaults for its kind (the same question the nightly run asks)."""

    title = gettext_lazy("in force for register")
    parameter_name = "in_force_for"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(str(r.pk), str(r)) for r in registers_visible_to(request.user).select_related("controller")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if not self.value():
            return queryset
        register = registers_visible_to(request.user).filter(pk=str(self.value())).first()
        if register is None:
            return queryset.none()
        return queryset.filter(pk__in=RetentionRule.objects.active().for_register(register).values("pk"))


@admin.register(RetentionRule)
class RetentionRuleAdmin(OrganisationScopedAdmin):
    """Rules belong to registers: an organisation admin sees the statutory defaults and their own
    organisation's rules (never another organisation's), edits only their own."""

    organisation_scopes = ((ORGANISATION, "controller"),)
    form = RetentionRuleForm
    list_display = ["name", "code", "record_kind", "scope", "applies_to", "service_task",
                    "period", "start_event", "action", "active", "enforced"]
    list_filter = [InForceForRegisterFilter, "active", "statutory", "record_kind", "register_kind", "action",
                   "start_event"]
    search_fields = ["name", "code", "legal_reference"]
    filter_horizontal = ["registers"]
    show_auditlog_history_link = True
    fieldsets = [
        (None, {"fields": ["code", "name", "legal_reference", "active"]}),
        (gettext_lazy("Scope"), {"fields": ["statutory", "controller", "registers", "register_kind", "record_kind",
                                            "applies_to", "service_task"]}),
        (gettext_lazy("Period"), {"fields": ["period_years", "period_months", "period_days", "start_event"]}),
        (gettext_lazy("Then"), {"fields": ["action", "archive_name", "hand_over_at_start", "receipt_required"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[RetentionRule]:
        return super().get_queryset(request).select_related("controller").prefetch_related("registers")

    def scope_queryset(self, user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
        # Statutory defaults are read by every organisation admin.
        own = super().scope_queryset(user, queryset)
        return queryset.filter(Q(statutory=True, controller__isnull=True) | Q(pk__in=own.values("pk")))

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user  # type: ignore[attr-defined]
        return form

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and not is_platform_admin(request.user):
            organisation = admin_organisation(request.user)
            if obj.controller_id is None or organisation is None or obj.controller_id != organisation.pk:
                return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # deactivate instead: purge records refer to the rule

    @admin.display(description=gettext_lazy("applies to registers"))
    def scope(self, obj: RetentionRule) -> str:
        return obj.scope_text()

    @admin.display(description=gettext_lazy("period"))
    def period(self, obj: RetentionRule) -> str:
        return obj.period_text

    @admin.display(description=gettext_lazy("enforced by the nightly run"), boolean=True)
    def enforced(self, obj: RetentionRule) -> bool:
        return obj.is_enforced

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "registers":
            kwargs["queryset"] = registers_managed_by(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


def _client_choice(client: Client) -> str:
    """How a client is offered for a hold: name, masked identity code (or date of birth), register."""
    born = client.date_of_birth
    code = client.masked_identity_code or (f"{born.day}.{born.month}.{born.year}" if born else "")
    return " – ".join(part for part in (client.display_name, code, client.register.name) if part)


class LegalHoldForm(forms.ModelForm):
    user: Any = None  # set per request by LegalHoldAdmin.get_form

    class Meta:
        model = LegalHold
        fields = ["client", "register", "reason", "until"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        client, register = data.get("client"), data.get("register")
        if (client is None) == (register is None):
            raise ValidationError(_("A legal hold is placed on either a client or a register."))
        if client is not None and not clients_visible_to(self.user).filter(pk=client.pk).exists():
            self.add_error("client", _("No such client."))
        return data


class ClientSearchSelect(AutocompleteSelect):
    """Django's autocomplete box for the client of a hold, asking the hold admin's own client search
    (by any part of the name, the start of an identity code, a date of birth) instead of the
    client admin's plain field search."""

    def __init__(self, field: Any, admin_site: admin.AdminSite, url: str) -> None:
        super().__init__(field, admin_site)
        self.search_url = url

    def get_url(self) -> str:
        return self.search_url


CLIENT_SEARCH_PAGE = 20


@admin.register(LegalHold)
class LegalHoldAdmin(OrganisationScopedAdmin):
    organisation_scopes = ((CLIENT, "client"), (REGISTER, "register"))
    form = LegalHoldForm
    list_display = ["held", "reason_text", "placed_at", "placed_by", "until", "released_at"]
    list_display_links = ["held"]
    list_filter = ["released_at"]
    show_auditlog_history_link = True
    actions = ["release"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[LegalHold]:
        return super().get_queryset(request).select_related("client", "register", "placed_by")

    @admin.display(description=gettext_lazy("held"), ordering="client__sort_name")
    def held(self, obj: LegalHold) -> str:
        if obj.client_id:
            return obj.client.display_name  # type: ignore[union-attr]
        return _("Every client of %(register)s") % {"register": obj.register}

    @admin.display(description=gettext_lazy("reason"))
    def reason_text(self, obj: LegalHold) -> str:
        return Truncator(obj.reason).chars(80)

    def get_urls(self) -> list[Any]:
        return [path("client-search/", self.admin_site.admin_view(self.client_search_view),
                     name="retention_legalhold_client_search"), *super().get_urls()]

    def client_search_view(self, request: HttpRequest) -> JsonResponse:
        """The clients the autocomplete box offers: the admin's own organisation's, through the
        client admin's scope (core.admin), found the way the app's search box finds them."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        clients = client_search(scoped_objects(request.user, Client, self.admin_site), request.GET.get("term", ""))
        try:
            page = max(int(request.GET.get("page", "1")), 1)
        except ValueError:
            page = 1
        start = (page - 1) * CLIENT_SEARCH_PAGE
        found = list(clients.select_related("register").order_by("sort_name", "pk")
                     [start:start + CLIENT_SEARCH_PAGE + 1])
        return JsonResponse({
            "results": [{"id": str(c.pk), "text": _client_choice(c)} for c in found[:CLIENT_SEARCH_PAGE]],
            "pagination": {"more": len(found) > CLIENT_SEARCH_PAGE},
        })

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "register":
            kwargs["queryset"] = registers_visible_to(request.user)
        if db_field.name == "client":
            kwargs["widget"] = ClientSearchSelect(
                db_field, self.admin_site, reverse("admin:retention_legalhold_client_search",
                                                   current_app=self.admin_site.name))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return []
        return ["client", "register", "reason", "until", "placed_by", "placed_at", "released_at", "released_by",
                "release_note"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # release instead: the hold stays on record

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user  # type: ignore[attr-defined]
        return form

    def save_model(self, request: HttpRequest, obj: LegalHold, form: Any, change: bool) -> None:
        if change:
            return  # nothing is editable once placed
        hold = services.legal_hold_place(actor=actor(request), reason=form.cleaned_data["reason"],
                                         client=form.cleaned_data.get("client"),
                                         register=form.cleaned_data.get("register"),
                                         until=form.cleaned_data.get("until"))
        obj.pk = hold.pk

    @admin.action(description=gettext_lazy("Release the selected holds"), permissions=["change"])
    def release(self, request: HttpRequest, queryset: QuerySet[LegalHold]) -> None:
        released = 0
        for hold in queryset.filter(released_at__isnull=True):
            services.legal_hold_release(actor=actor(request), hold=hold)
            released += 1
        message = ngettext("%(n)d hold released.",
                           "%(n)d holds released.", released) % {"n": released}
        self.message_user(request, message, messages.SUCCESS)


@admin.register(ArchiveHandoff)
class ArchiveHandoffAdmin(OrganisationScopedAdmin):
    organisation_scopes = ((REGISTER, "register"),)
    list_display = ["path", "client_ref", "case_ref", "archive_name", "status", "built_on", "receipt_reference",
                    "received_on", "purged_at"]
    list_filter = ["status", "archive_name", "built_on"]
    search_fields = ["path", "receipt_reference", "package_sha256"]
    action_form = ReceiptActionForm
    actions = ["record_receipt", "supersede"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=gettext_lazy("Record the archive's receipt (reference above)"),
                  permissions=["change"])
    def record_receipt(self, request: HttpRequest, queryset: QuerySet[ArchiveHandoff]) -> None:
        form = ReceiptActionForm(request.POST)
        reference = form.data.get("reference", "")
        received_on = form.fields["received_on"].clean(form.data.get("received_on") or None) \
            if form.data.get("received_on") else None
        for handoff in queryset:
            try:
                services.handoff_receipt_record(handoff=handoff, reference=reference, actor=actor(request),
                                                received_on=received_on)
            except ValidationError as exc:
                self.message_user(request, f"{handoff.path}: {'; '.join(exc.messages)}", messages.ERROR)
            else:
                self.message_user(request, _("Receipt recorded for %(path)s.") % {"path": handoff.path},
                                  messages.SUCCESS)

    @admin.action(description=gettext_lazy("Give up the package: build a new one on the next run"),
                  permissions=["change"])
    def supersede(self, request: HttpRequest, queryset: QuerySet[ArchiveHandoff]) -> None:
        for handoff in queryset:
            try:
                services.handoff_supersede(handoff=handoff, actor=actor(request))
            except ValidationError as exc:
                self.message_user(request, f"{handoff.path}: {'; '.join(exc.messages)}", messages.ERROR)


@admin.register(PurgeRecord)
class PurgeRecordAdmin(ReadOnlyMixin, OrganisationScopedAdmin):
    organisation_scopes = ((REGISTER, "register"),)
    list_display = ["purged_at", "rule_code", "register", "action", "client_count", "package_sha256", "run"]
    list_filter = ["action", "rule_code", "today"]
    readonly_fields = ["kept_logs"]

    @admin.display(description=gettext_lazy("logs kept of the purged clients"))
    def kept_logs(self, obj: PurgeRecord) -> str:
        """Who looked at the purged clients' data and on what grounds, what was disclosed, the
        requests and breaches: the rows that outlive the clients, naming them by number only."""
        parts = []
        for label, rows in purge_record_kept_logs(obj).items():
            if not rows:
                continue
            body = format_html_join("", "<tr>{}</tr>", (
                (format_html_join("", "<td>{}</td>", ((cell,) for cell in _kept_row_cells(row))),)
                for row in rows))
            parts.append(format_html("<h3>{} ({})</h3><table><tbody>{}</tbody></table>", label, len(rows), body))
        if not parts:
            return _("No logs kept.")
        return format_html_join("", "{}", ((part,) for part in parts))


def when(value: Any) -> str:
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    return date_format(value, "SHORT_DATE_FORMAT")


def _kept_row_cells(row: Any) -> list[str]:
    """A kept log row as table cells: the client's number in the purge, then what it records."""
    ref = getattr(row, "purged_client_ref", "") or getattr(getattr(row, "request", None), "purged_client_ref", "")
    number = ref.rsplit(":", 1)[-1]
    match row:
        case AccessEntry():
            granted = _("granted") if row.granted else _("denied")
            return [number, when(row.at), str(row.user), row.get_kind_display(), row.detail, row.purpose, granted]
        case EmergencyAccess():
            return [number, when(row.started_at), str(row.user), row.reason,
                    str(row.reviewed_by or "") + (f" {when(row.reviewed_at)}" if row.reviewed_at else "")]
        case Disclosure():
            return [number, when(row.disclosed_at), row.recipient_name, row.legal_basis, row.content]
        case DataSubjectRequest():
            return [number, row.get_type_display(), when(row.received_on), row.get_status_display(),
                    row.get_outcome_display(), when(row.decided_at) if row.decided_at else ""]
        case Art19Notification():
            return [number, when(row.notified_on), row.recipient_name, row.method]
        case BreachClientLink():
            return [number, when(row.breach.discovered_at), row.breach.title]
        case BreachNotice():
            return [number, when(row.sent_at), row.get_channel_display()]
    return [number, str(row)]


class RunFailureInline(ScopedInlineMixin, admin.TabularInline):
    model = RunFailure
    extra = 0
    can_delete = False
    readonly_fields = ["client_ref", "stage", "error", "at"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(RetentionRun)
class RetentionRunAdmin(ReadOnlyMixin, OrganisationScopedAdmin):
    """The nightly run covers every organisation: the platform administrator's (organisations
    read their own purge records and handoffs)."""

    list_display = ["started_at", "today", "finished_at", "failure_count"]
    inlines = [RunFailureInline]

    @admin.display(description=gettext_lazy("failures"))
    def failure_count(self, obj: RetentionRun) -> int:
        return obj.failures.count()


@admin.register(RunFailure)
class RunFailureAdmin(ReadOnlyMixin, OrganisationScopedAdmin):
    list_display = ["at", "run", "client_ref", "stage", "error"]
    list_filter = ["stage"]


@admin.register(FileRemoval)
class FileRemovalAdmin(ReadOnlyMixin, OrganisationScopedAdmin):
    """Stored files of purged documents still to be removed (normally empty: the next run
    removes what a crash left)."""

    list_display = ["storage_name", "queued_at"]
