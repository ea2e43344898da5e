"""The service plan and the service agreement printed for signing (seed 003: both are made
"yhdessä asiakkaan kanssa manuaalisesti laatien" and end with place, date and signatures).

A printout carries exactly what seed 003 lists for the document, the client's contact details
among them (it goes to the client and to those serving them, so a protected address is printed
too; a guardian's protected address is not, since the other guardian signs the same paper), and
empty signature lines for the client or guardian and the worker with place and date."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from core.pdf import pdf_render

from ..constants import RepresentativeRole
from ..models import Client, Representative, ServiceAgreement, ServicePlan
from .protection import people_as_released

SIGNATURE_CSS = """
.signatures { margin-top: 10mm; break-inside: avoid; }
.signatures table td { border: none; padding: 0 6mm 0 0; width: 50%; vertical-align: bottom; }
.line { border-bottom: 0.6pt solid #111; height: 12mm; }
.caption { font-size: 8pt; color: #333; padding-top: 1mm; }
.check { font-size: 11pt; padding-right: 1.5mm; }
"""


def guardians_of_minor(client: Client, *, today: datetime.date) -> list[Representative]:
    """The guardians (huoltajat) in force today, when the client is a minor; none for an adult."""
    age = client.age_on(today)
    if age is None or age >= 18:
        return []
    return [
        rep for rep in client.representatives.order_by("last_name", "first_names", "pk")
        if rep.role == RepresentativeRole.GUARDIAN and rep.valid_from <= today
        and (rep.valid_until is None or rep.valid_until >= today)
    ]


def _render(template: str, client: Client, now: datetime.datetime, header: str, **context: object) -> bytes:
    return pdf_render(
        template_name=template,
        context={"client": client, "now": now, "controller": client.register.controller,
                 "guardians": people_as_released(guardians_of_minor(client, today=now.date()),
                                                 to_client_or_serving=False), **context},
        header=f"{client.display_name} – {header}", header_right=now.strftime("%d.%m.%Y"),
        extra_css=SIGNATURE_CSS,
    )


def service_plan_pdf(plan: ServicePlan, *, now: datetime.datetime | None = None) -> bytes:
    """One version of the service plan as an A4 PDF to sign."""
    now = timezone.localtime(now or timezone.now())
    client = Client.objects.select_related("register__controller").get(pk=plan.client_id)
    return _render("clients/pdf/service_plan.html", client, now, str(_("Service plan")), plan=plan)


def service_agreement_pdf(agreement: ServiceAgreement, *, now: datetime.datetime | None = None) -> bytes:
    """One service agreement as an A4 PDF to sign."""
    now = timezone.localtime(now or timezone.now())
    client = Client.objects.select_related("register__controller").get(pk=agreement.client_id)
    return _render("clients/pdf/service_agreement.html", client, now, str(_("Service agreement")),
                   agreement=agreement)
