"""Fixed vocabularies of consents and prohibitions (suostumukset ja kiellot)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PurposeCode(models.TextChoices):
    """The purposes the seeds name. An admin may add others; these codes are the ones code and
    demo data refer to."""

    EMAIL_MARKETING = "email_marketing", _("Email direct marketing")  # seed 003: kirjallinen lupa
    NEWSLETTER = "newsletter", _("Newsletter")  # seed 003: sähköpostilista, seed 004
    NEXT_OF_KIN_DISCLOSURE = "next_of_kin_disclosure", _("Disclosure to next of kin")  # seed 003
    GUARDIAN_DISCLOSURE = "guardian_disclosure", _("Disclosure to a guardian")  # seed 003
    FETCH_FROM_OTHER_CONTROLLERS = "fetch_from_other_controllers", _(
        "Fetching data from other controllers")  # seed 001
    AUTHORITY_DISCLOSURE = "authority_disclosure", _(
        "Disclosure to authorities named in the service plan")  # seed 003
    SATISFACTION_SURVEY = "satisfaction_survey", _("Customer satisfaction surveys")  # seed 000
    ADDRESS_LIST_PUBLICATION = "address_list_publication", _("Publication in address lists")  # seed 000


class GivenBy(models.TextChoices):
    """Who gave the consent: the client or someone entitled to act for them on that day."""

    CLIENT = "client", _("The client")
    GUARDIAN = "guardian", _("Guardian (of a minor)")  # huoltaja
    LEGAL_REPRESENTATIVE = "legal_representative", _("Legal representative")  # edunvalvoja


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", _("Written")
    ORAL = "oral", _("Oral")
    ELECTRONIC = "electronic", _("Electronic")


class ProhibitionKind(models.TextChoices):
    """Kiellot the client may give (seed 000). The minor's prohibition of disclosure to a
    guardian is not here: it lives on the guardian link in `clients` (one source of truth)."""

    DIRECT_MARKETING = "direct_marketing", _("Direct marketing")  # suoramarkkinointi
    MARKET_RESEARCH = "market_research", _("Market and opinion research")  # markkina- ja mielipidetutkimus
    ADDRESS_LIST_PUBLICATION = "address_list_publication", _("Publication in address lists")


class DecisionBasis(models.TextChoices):
    """What a use decision rests on."""

    CONSENT = "consent", _("Consent")
    LAW = "law", _("Law")
    NOT_PROHIBITED = "not_prohibited", _("Allowed unless prohibited, and not prohibited")
    NO_CONSENT = "no_consent", _("No valid consent")
    PROHIBITION = "prohibition", _("Prohibition")
    GUARDIAN_PROHIBITION = "guardian_prohibition", _("The minor's prohibition of disclosure to a guardian")
    RESTRICTION = "restriction", _("Processing restricted (GDPR Art 18)")
    CLIENT_STATUS = "client_status", _("Client status")
    INVALID = "invalid", _("Invalid question")
