"""Producing the monthly summary for a commissioning authority (seed 002: "Henkilötietoja
luovutamme palvelua tilanteen hyvinvointialueen viranomaiselle kuukausikoosteiden ja palvelun
yhteenvetojen muodossa"). Each summary produced is a disclosure of every client on it, recorded
in the disclosure log in the same transaction as the file is made: no file without its log."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ..constants import AccessKind, RecipientKind
from ..models import Controller
from ..selectors import clients_visible_to
from ..selectors.reports import (
    SummaryRow,
    SummaryTotals,
    monthly_summary,
    monthly_summary_csv,
    monthly_summary_pdf,
    monthly_summary_totals,
    summary_refusal,
)
from .disclosures import disclosure_decision_refusal, disclosure_record
from .register import access_record

SUMMARY_LEGAL_BASIS = (
    "Laki sosiaali- ja terveydenhuollon asiakastietojen käsittelystä 703/2023; ostopalvelusopimus"
)
SUMMARY_FORMATS = ("csv", "pdf")


@dataclass(frozen=True)
class Withheld:
    row: SummaryRow
    reason: str


@dataclass(frozen=True)
class SummaryDisclosure:
    disclosed: list[SummaryRow]
    withheld: list[Withheld]


@dataclass(frozen=True)
class SummaryPreview:
    included: list[SummaryRow]
    withheld: list[Withheld]
    totals: SummaryTotals


@dataclass(frozen=True)
class SummaryFile:
    filename: str
    content_type: str
    content: bytes
    disclosed: list[SummaryRow]
    withheld: list[Withheld]


def summary_content(*, year: int, month: int) -> str:
    """What the disclosure log says was disclosed (kept in Finnish: it is a record, not UI)."""
    return f"Kuukausikooste {month:02d}/{year}: käynnit ja tunnit"


def _withheld_reason(row: SummaryRow, *, authority: Controller, on: datetime.date) -> str | None:
    """A restricted client's visits still go to the county that controls the register (not a
    third party); to anyone else they are withheld (GDPR Art 18)."""
    return disclosure_decision_refusal(
        client=row.client, recipient_kind=RecipientKind.COMMISSIONING_AUTHORITY,
        legal_basis=SUMMARY_LEGAL_BASIS, on=on, recipient_name=authority.name,
        recipient_controller=authority,
    )[0]


def _check_may_produce(actor: User) -> None:
    refusal = summary_refusal(actor)
    if refusal is not None:
        raise PermissionDenied(refusal)


def monthly_summary_preview(
    *, actor: User, authority: Controller, year: int, month: int, today: datetime.date,
) -> SummaryPreview:
    """What a summary made now would contain, without disclosing anything: the rows that would
    go into the file, the clients withheld with the reason, and the totals of the file."""
    _check_may_produce(actor)
    rows = monthly_summary(authority=authority, year=year, month=month,
                           clients_qs=clients_visible_to(actor))
    included, withheld = [], []
    for row in rows:
        reason = _withheld_reason(row, authority=authority, on=today)
        if reason is None:
            included.append(row)
        else:
            withheld.append(Withheld(row=row, reason=reason))
    return SummaryPreview(included=included, withheld=withheld,
                          totals=monthly_summary_totals(included))


@transaction.atomic
def monthly_summary_disclose(
    *, actor: User, authority: Controller, year: int, month: int, rows: list[SummaryRow],
) -> SummaryDisclosure:
    """Record one disclosure per client on the summary, to `authority`, on the law and the
    purchase contract. A client whose data may not be disclosed (e.g. processing restricted,
    GDPR Art 18) is withheld with the reason and must be left out of the file."""
    _check_may_produce(actor)
    when = timezone.now()
    content = summary_content(year=year, month=month)
    disclosed: list[SummaryRow] = []
    withheld: list[Withheld] = []
    for row in rows:
        reason = _withheld_reason(row, authority=authority, on=timezone.localdate(when))
        if reason is not None:
            withheld.append(Withheld(row=row, reason=reason))
            continue
        disclosure_record(
            actor=actor, client=row.client, recipient_kind=RecipientKind.COMMISSIONING_AUTHORITY,
            recipient_name=authority.name, recipient_controller=authority,
            legal_basis=SUMMARY_LEGAL_BASIS, content=content, when=when,
        )
        access_record(user=actor, client=row.client, kind=AccessKind.EXPORT,
                      detail=f"Kuukausikooste {month:02d}/{year}")
        disclosed.append(row)
    return SummaryDisclosure(disclosed=disclosed, withheld=withheld)


@transaction.atomic
def monthly_summary_produce(
    *, actor: User, authority: Controller, year: int, month: int, file_format: str,
) -> SummaryFile:
    """Make the summary file (CSV or PDF) of the clients `actor` may see and log its
    disclosures. Raises PermissionDenied for anyone but register contacts and admins."""
    if file_format not in SUMMARY_FORMATS:
        raise ValueError(f"unknown summary format {file_format!r}")
    _check_may_produce(actor)
    rows = monthly_summary(authority=authority, year=year, month=month,
                           clients_qs=clients_visible_to(actor))
    outcome = monthly_summary_disclose(actor=actor, authority=authority, year=year, month=month,
                                       rows=rows)
    if file_format == "csv":
        content, content_type = monthly_summary_csv(rows=outcome.disclosed), "text/csv; charset=utf-8"
    else:
        content = monthly_summary_pdf(authority=authority, year=year, month=month,
                                      rows=outcome.disclosed, produced_by=actor)
        content_type = "application/pdf"
    filename = f"kuukausikooste-{authority.slug}-{year}-{month:02d}.{file_format}"
    return SummaryFile(filename=filename, content_type=content_type, content=content,
                       disclosed=outcome.disclosed, withheld=outcome.withheld)
