"""Demo data for data-subject requests: for each organisation a handful of requests in every
state the queue and the dashboard show — new, verified, extended, overdue, due this week,
decided, refused and closed long ago, and questions about the register open and answered — so
every request page has something real to show. A fixed number whatever the number of clients (a
million clients still load in minutes)."""

import datetime
import uuid
from dataclasses import dataclass

from django.utils import timezone

from clients.demo import DemoContext
from clients.models import Client
from core.workdays import add_working_days

from .constants import Channel, Outcome, RequesterRole, RequestType, Status, VerificationMethod
from .models import DataSubjectRequest


@dataclass(frozen=True)
class Story:
    state: str  # for the reader and the tests: which state the request shows
    type: str
    days_ago: int  # received this many days before today
    status: str = Status.RECEIVED
    verified: bool = False
    extended: bool = False
    outcome: str = ""
    decided_days_ago: int | None = None
    description: str = ""
    decision: str = ""
    refusal_reasons: str = ""
    no_redactions_needed: bool = False


STORIES = [
    Story("new", RequestType.ACCESS, 2, description="Asiakas pyytää kaikki itseään koskevat tiedot."),
    Story("verified", RequestType.PORTABILITY, 9, Status.IN_PROGRESS, verified=True,
          description="Tiedot koneluettavassa muodossa uutta palveluntuottajaa varten."),
    Story("due_soon", RequestType.RESTRICTION, 27, Status.IN_PROGRESS, verified=True,
          description="Asiakas kiistää käyntikirjauksen paikkansapitävyyden; käsittely rajoitettava "
                      "tarkistuksen ajaksi."),
    Story("extended", RequestType.ACCESS_LOG, 45, Status.IN_PROGRESS, verified=True, extended=True,
          description="Kuka on katsonut tietojani viimeisen kahden vuoden aikana?"),
    Story("overdue", RequestType.ACCESS, 40, Status.IN_PROGRESS, verified=True,
          description="Asiakas pyytää jäljennöksen palvelusuunnitelmasta ja käyntikirjauksista."),
    Story("decided", RequestType.ACCESS, 20, Status.COMPLETED, verified=True, outcome=Outcome.GRANTED,
          decided_days_ago=4, decision="Tiedot annettu asiakkaalle tarkastusraporttina maksutta.",
          no_redactions_needed=True),
    Story("identity_unverified", RequestType.ACCESS, 50, Status.COMPLETED, outcome=Outcome.REFUSED,
          decided_days_ago=12, description="Sähköpostilla saapunut pyyntö kaikista tiedoista.",
          decision="Pyyntö hylätään, koska pyytäjän henkilöllisyyttä ei voitu todentaa.",
          refusal_reasons="Pyytäjän henkilöllisyyttä ei voitu todentaa, vaikka lisätietoja pyydettiin "
                          "(tietosuoja-asetuksen 11 artiklan 2 kohta ja 12 artiklan 2 kohta)."),
    Story("refused", RequestType.ERASURE, 30, Status.COMPLETED, verified=True, outcome=Outcome.REFUSED,
          decided_days_ago=8, description="Asiakas pyytää poistamaan kaikki tietonsa.",
          refusal_reasons="Sosiaalihuollon asiakasasiakirjoilla on lakisääteinen säilytysaika (laki "
                          "sosiaali- ja terveydenhuollon asiakastietojen käsittelystä 703/2023, liite); "
                          "tietoja ei voi poistaa ennen sen päättymistä (tietosuoja-asetus 17(3)(b) artikla)."),
    Story("question", RequestType.QUESTION, 3,
          description="Mihin tarkoitukseen asiakasrekisterin tietoja käytetään, ja kenelle niitä luovutetaan?"),
    Story("question_answered", RequestType.QUESTION, 16, Status.COMPLETED, decided_days_ago=6,
          description="Palaute: tietosuojaselosteen kieli on vaikeaselkoista.",
          decision="Kiitos palautteesta. Selkeytämme selosteen kieltä seuraavassa päivityksessä."),
    Story("closed", RequestType.RECTIFICATION, 200, Status.COMPLETED, verified=True, outcome=Outcome.GRANTED,
          decided_days_ago=185, description="Osoite ja puhelinnumero ovat vanhentuneet.",
          decision="Yhteystiedot korjattu; korjauksesta ilmoitettu tietojen saajille."),
]


def _moment(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def populate(ctx: DemoContext, *, clients: int) -> None:
    rows = []
    today = ctx.today
    for org in ctx.organisations:
        # Current adult clients who speak for themselves, the same ones for a seed.
        people = [c for c in Client.objects.filter(register__in=org.registers, relationship_ended__isnull=True,
                                                    date_of_death__isnull=True).select_related("register").order_by("pk")[:40]
                  if not c.is_minor_on(today)][:len(STORIES)]
        for story, person in zip(STORIES, people, strict=False):
            received = today - datetime.timedelta(days=story.days_ago)
            request = DataSubjectRequest(
                client=person, type=story.type, requester_role=RequesterRole.CLIENT,
                requester_name=person.display_name, received_on=received,
                channel=ctx.rng.choice([Channel.IN_PERSON, Channel.SIGNED_LETTER, Channel.ELECTRONIC]),
                description=story.description, submission_key=uuid.UUID(int=ctx.rng.getrandbits(128)),
                status=story.status, created_by=org.caseworkers[0],
            )
            if story.type == RequestType.QUESTION:  # as requests.services.request_register counts it
                request.answer_due_on = add_working_days(received, person.register.question_answer_working_days)
            if story.verified:
                request.verification_method = VerificationMethod.STRONG_ELECTRONIC
                request.verified_by = org.contact
                request.verified_at = _moment(received + datetime.timedelta(days=1), 10)
                request.handler = org.contact
            if story.extended:
                request.extension_reason = ("Pyyntö koskee kymmenen vuoden käyttölokia useasta "
                                            "järjestelmästä; selvitys vaatii lisäaikaa.")
                request.extension_notified_on = received + datetime.timedelta(days=14)
            if story.decided_days_ago is not None:
                request.outcome = story.outcome
                request.decision = story.decision or story.refusal_reasons
                request.refusal_reasons = story.refusal_reasons
                request.no_redactions_needed = story.no_redactions_needed
                request.handler = org.contact
                request.decided_at = _moment(today - datetime.timedelta(days=story.decided_days_ago), 14)
                request.decided_by = org.contact
            rows.append(request)
    DataSubjectRequest.objects.bulk_create(rows)
    ctx.log(f"requests: {len(rows)} data-subject requests in every state")
