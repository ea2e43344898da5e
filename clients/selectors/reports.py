"""Reads behind the register's reports: the monthly summary to the commissioning authority
(seed 002: "kuukausikoosteiden ja palvelun yhteenvetojen muodossa") and the client-file PDF that
the requests and retention apps reuse for access reports and archive packages.

Hours are always computed from whole minutes with Decimal, never with floats, so the figures a
county is billed for match the entries in the database to the minute."""

import calendar
import csv
import datetime
import decimal
import io
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.csv import csv_cell
from core.pdf import pdf_render
from core.roles import Role

from ..constants import EntryKind
from ..models import Client, Controller, Correction, GrantedService, ServiceEntry
from .register import client_data_refusal, client_file, clients_visible_to, user_roles

CENT = decimal.Decimal("0.01")
SUMMARY_ROLES = frozenset({Role.ADMIN, Role.REGISTER_CONTACT})
# Spreadsheet programs run a cell that starts with one of these as a formula (CSV injection).


def minutes_to_hours(minutes: int) -> decimal.Decimal:
    """Exact hours with two decimals, rounded half up: 80 minutes is 1.33 h."""
    return (decimal.Decimal(minutes) / 60).quantize(CENT, rounding=decimal.ROUND_HALF_UP)


def month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of the month."""
    return datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True)
class SummaryRow:
    """One client's delivered visits in one month for one commissioning authority."""

    client: Client
    visits: int
    minutes: int
    payment_commitments: tuple[str, ...]

    @property
    def hours(self) -> decimal.Decimal:
        return minutes_to_hours(self.minutes)

    @property
    def name(self) -> str:
        return self.client.display_name

    @property
    def identity_code(self) -> str:
        return self.client.identity_code


@dataclass(frozen=True)
class SummaryTotals:
    clients: int
    visits: int
    minutes: int

    @property
    def hours(self) -> decimal.Decimal:
        """From the total minutes, not a sum of rounded per-client hours."""
        return minutes_to_hours(self.minutes)


def summary_refusal(user: User | AnonymousUser) -> str | None:
    """Why `user` may not produce monthly summaries, or None. Producing one discloses client
    data outside the organisation: register contacts and admins only."""
    refusal = client_data_refusal(user)
    if refusal is not None:
        return refusal
    if not user_roles(user) & SUMMARY_ROLES:
        return _("Only register contacts and admins may produce monthly summaries.")
    return None


def commissioning_authorities_for(user: User | AnonymousUser) -> QuerySet[Controller]:
    """Commissioning authorities (tilaaja) of the clients `user` may see, directly on the client
    or through a granted service."""
    visible = clients_visible_to(user)
    service_authorities = GrantedService.objects.filter(case__client__in=visible).values(
        "commissioning_authority")
    client_authorities = visible.values("commissioning_authority")
    return Controller.objects.filter(
        Q(pk__in=service_authorities) | Q(pk__in=client_authorities)
    ).order_by("name")


def monthly_summary(
    *, authority: Controller, year: int, month: int, clients_qs: QuerySet[Client],
) -> list[SummaryRow]:
    """Delivered visits (palvelukäynti entries) and minutes per client in the month, for the
    entries `authority` commissioned: the entry's granted service names the authority, or the
    entry has no granted service and the client's commissioning authority is `authority`.
    Only clients in `clients_qs` count; rows are sorted by name. Two queries whatever the size."""
    first, last = month_bounds(year, month)
    sums = (
        ServiceEntry.objects.filter(client__in=clients_qs, kind=EntryKind.VISIT,
                                    date__gte=first, date__lte=last)
        .filter(Q(granted_service__commissioning_authority=authority)
                | Q(granted_service__isnull=True, client__commissioning_authority=authority))
        .values("client_id", "granted_service_id", "granted_service__payment_commitment_reference")
        .annotate(visits=Count("id"), minutes=Sum("duration_minutes"))
        .order_by()
    )
    per_client: dict[int, dict] = {}
    for line in sums:
        bucket = per_client.setdefault(line["client_id"], {"visits": 0, "minutes": 0, "refs": set(),
                                                           "without_service": False})
        bucket["visits"] += line["visits"]
        bucket["minutes"] += line["minutes"] or 0
        if line["granted_service_id"] is None:
            bucket["without_service"] = True
        elif line["granted_service__payment_commitment_reference"]:
            bucket["refs"].add(line["granted_service__payment_commitment_reference"])
    clients = Client.objects.filter(pk__in=per_client).order_by("sort_name", "pk")
    rows = []
    for client in clients:
        bucket = per_client[client.pk]
        refs = set(bucket["refs"])
        if bucket["without_service"] and client.payment_commitment_reference:
            refs.add(client.payment_commitment_reference)
        rows.append(SummaryRow(client=client, visits=bucket["visits"], minutes=bucket["minutes"],
                               payment_commitments=tuple(sorted(refs))))
    return rows


def monthly_summary_totals(rows: list[SummaryRow]) -> SummaryTotals:
    return SummaryTotals(clients=len(rows), visits=sum(r.visits for r in rows),
                         minutes=sum(r.minutes for r in rows))


def _decimal_comma(value: decimal.Decimal) -> str:
    # Semicolon-separated CSV is what Finnish Excel opens; it reads decimals with a comma.
    return f"{value:.2f}".replace(".", ",")


def monthly_summary_csv(*, rows: list[SummaryRow]) -> bytes:
    """Semicolon-separated, UTF-8 with a byte-order mark (Excel), one line per client."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Client"), _("Personal identity code"), _("Payment commitment"),
                     _("Visits"), _("Minutes"), _("Hours")])
    for row in rows:
        writer.writerow([csv_cell(value) for value in (
            row.name, row.identity_code, ", ".join(row.payment_commitments), row.visits,
            row.minutes, _decimal_comma(row.hours),
        )])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def monthly_summary_pdf(
    *, authority: Controller, year: int, month: int, rows: list[SummaryRow], produced_by: User,
    now: datetime.datetime | None = None,
) -> bytes:
    now = timezone.localtime(now or timezone.now())
    month_label = f"{month:02d}/{year}"
    profile = getattr(produced_by, "worker_profile", None)
    return pdf_render(
        template_name="clients/pdf/monthly_summary.html",
        context={
            "authority": authority, "month_label": month_label, "rows": rows,
            "totals": monthly_summary_totals(rows), "produced_by": produced_by,
            "provider": profile.controller if profile else None, "now": now,
        },
        header=_("Monthly summary %(month)s – %(authority)s") % {"month": month_label,
                                                                  "authority": authority.name},
        header_right=now.strftime("%d.%m.%Y %H:%M"),
    )


def client_file_data(client: Client, *, today: datetime.date | None = None) -> dict:
    """Everything recorded about one client, loaded in a fixed number of queries whatever the
    number of entries: the content of the client-file PDF."""
    client = (Client.objects.select_related("register__controller", "register__operator",
                                            "commissioning_authority").get(pk=client.pk))
    corrections = Correction.objects.select_related("corrected_by").order_by("corrected_at", "pk")
    entries = list(
        client.entries.select_related("worker", "granted_service")
        .prefetch_related(Prefetch("corrections", queryset=corrections))
        .order_by("-date", "-pk")
    )
    plans = list(
        client.plans.select_related("worker_signatory", "created_by")
        .prefetch_related(Prefetch("corrections", queryset=corrections))
        .order_by("-version")
    )
    cases = list(client.cases.prefetch_related(Prefetch(
        "granted_services",
        queryset=GrantedService.objects.select_related("commissioning_authority"),
    )).order_by("-opened_on", "-pk"))
    return {
        "client": client,
        "today": today or timezone.localdate(),
        **client_file(client),
        "cases": cases,
        "agreements": list(client.agreements.select_related("provider_signatory", "created_by")),
        "plans": plans,
        "entries": entries,
        "client_corrections": list(
            client.corrections.filter(entry__isnull=True, plan__isnull=True)
            .select_related("corrected_by").order_by("corrected_at", "pk")
        ),
        "documents": list(client.documents.select_related("uploaded_by")),
        "disclosures": list(client.disclosures.select_related(
            "recorded_by", "recipient_controller", "representative")),
    }


def client_file_pdf(client: Client, *, now: datetime.datetime | None = None) -> bytes:
    """The client file as a paginated A4 PDF: basic data, representatives, health information,
    cases and granted services, agreements, every service plan version (current first),
    entries (newest first) with their corrections, documents and disclosures."""
    now = timezone.localtime(now or timezone.now())
    data = client_file_data(client, today=now.date())
    return pdf_render(
        template_name="clients/pdf/client_file.html",
        context={**data, "now": now},
        header=f"{data['client'].display_name} – {_('Client file')}",
        header_right=now.strftime("%d.%m.%Y %H:%M"),
    )
