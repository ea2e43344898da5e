"""Dates of death from the population register (Digi- ja väestötietovirasto) answer file.

What this guarantees: a row sets a date of death only on a client the importing user may see
(`clients_visible_to`, and under row-level security only their registers are in scope), through
`client_update`, so the change is in the client's history with the user as its author. Another
organisation's client is reported as unknown, exactly like a code nobody has: the report says
nothing about who else has the person as a client. A date that differs from the one recorded,
a restricted client and a malformed row are reported and change nothing."""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.constants import AccessKind, RestrictedAct
from clients.models import Client
from clients.selectors import (
    clients_visible_to,
    identity_code_birth_date,
    identity_code_clean,
    identity_code_mask,
    restriction_refusal,
)
from clients.services import access_record, client_update
from core.csv import csv_cell

MAX_ROWS = 20000


@dataclass(frozen=True)
class DeathRow:
    line: int
    identity_code: str  # masked: the report never shows the personal part
    message: str
    client: Client | None = None


@dataclass
class DeathImportReport:
    set: list[DeathRow] = field(default_factory=list)
    unchanged: list[DeathRow] = field(default_factory=list)
    unknown: list[DeathRow] = field(default_factory=list)
    malformed: list[DeathRow] = field(default_factory=list)
    refused: list[DeathRow] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(len(rows) for rows in (self.set, self.unchanged, self.unknown, self.malformed, self.refused))


def _date(text: str) -> datetime.date | None:
    """YYYY-MM-DD or D.M.YYYY (the population register's and a Finnish spreadsheet's forms)."""
    text = text.strip()
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    finnish = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    try:
        if iso:
            return datetime.date(int(iso[1]), int(iso[2]), int(iso[3]))
        if finnish:
            return datetime.date(int(finnish[3]), int(finnish[2]), int(finnish[1]))
    except ValueError:
        return None
    return None


def _rows(data: bytes) -> list[tuple[int, list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    dialect = "excel" if text.count(",") > text.count(";") else None
    reader = csv.reader(io.StringIO(text), delimiter="," if dialect else ";")
    return [(n, row) for n, row in enumerate(reader, start=1) if any(cell.strip() for cell in row)]


@transaction.atomic
def dates_of_death_import(*, actor: User, data: bytes, today: datetime.date | None = None) -> DeathImportReport:
    """Read a population-register answer file (CSV: identity code; date of death, a header row
    allowed; dates as YYYY-MM-DD or D.M.YYYY) and set each known client's date of death."""
    today = today or timezone.localdate()
    report = DeathImportReport()
    visible = clients_visible_to(actor)
    rows = _rows(data)
    if len(rows) > MAX_ROWS:
        raise ValidationError(_("The file has more than %(n)d rows; split it.") % {"n": MAX_ROWS})
    for line, row in rows:
        raw_code = row[0].strip() if row else ""
        if line == 1 and raw_code and not raw_code[:1].isdigit():
            continue  # a header row
        if len(row) < 2:
            report.malformed.append(DeathRow(line, "", _("Expected two columns: identity code; date of death.")))
            continue
        try:
            code = identity_code_clean(raw_code, today=today)
        except ValidationError as error:
            report.malformed.append(DeathRow(line, "", " ".join(error.messages)))
            continue
        masked = identity_code_mask(code)
        died = _date(row[1])
        if died is None:
            report.malformed.append(DeathRow(line, masked, _("The date of death is not a date (YYYY-MM-DD or "
                                                             "D.M.YYYY).")))
            continue
        if died > today or died < identity_code_birth_date(code):
            report.malformed.append(DeathRow(line, masked, _("The date of death is in the future or before the "
                                                             "date of birth.")))
            continue
        clients = list(visible.filter(identity_code=code).select_related("register"))
        if not clients:
            report.unknown.append(DeathRow(line, masked, _("No client of yours has this identity code.")))
            continue
        for client in clients:
            if client.date_of_death == died:
                report.unchanged.append(DeathRow(line, masked, _("The date of death was already recorded."), client))
            elif client.date_of_death is not None:
                report.refused.append(DeathRow(line, masked, _(
                    "Another date of death (%(date)s) is recorded: check it on the client's page.") % {
                    "date": f"{client.date_of_death:%d.%m.%Y}"}, client))
            else:
                try:
                    with transaction.atomic():
                        client_update(actor=actor, client=client, date_of_death=died, today=today)
                except (ValidationError, PermissionDenied) as error:
                    client.refresh_from_db()
                    messages = error.messages if isinstance(error, ValidationError) else [str(error)]
                    report.refused.append(DeathRow(line, masked, " ".join(messages), client))
                else:
                    report.set.append(DeathRow(line, masked, _("Date of death recorded."), client))
    return report


@transaction.atomic
def death_query_export(*, actor: User, clients: list[Client]) -> str:
    """The query to the population register: one row per client, identity code; name, as CSV.
    Each client's access log records that the user took their identity code out for it. A
    restricted client (GDPR Art 18) is left out: the query hands their data to another authority,
    which the restriction refuses (`restriction_refusal`, the one rule), and the answer could not
    be recorded for them anyway."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Identity code"), _("Last name"), _("First names")])
    for client in clients:
        if restriction_refusal(client=client, act=RestrictedAct.EXPORT):
            continue
        access_record(user=actor, client=client, kind=AccessKind.EXPORT,
                      detail=str(_("Population register query for the date of death")))
        writer.writerow([csv_cell(client.identity_code), csv_cell(client.last_name), csv_cell(client.first_names)])
    return out.getvalue()
