"""Fixed vocabularies of the client register."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ControllerKind(models.TextChoices):
    PROVIDER = "provider", _("Service provider")
    WELLBEING_COUNTY = "wellbeing_county", _("Wellbeing services county")
    MUNICIPALITY = "municipality", _("Municipality")
    OTHER = "other", _("Other organisation")


class RegisterKind(models.TextChoices):
    CLIENT_RECORDS = "client_records", _("Client records")
    PURCHASED_SERVICES = "purchased_services", _("Purchased services")
    MARKETING = "marketing", _("Marketing")
    CONTACTS = "contacts", _("Contacts")
    BILLING = "billing", _("Billing")
    EMAIL_LIST = "email_list", _("Email list")


class LegalBasis(models.TextChoices):
    """GDPR Art 6(1) and Art 9(2) bases, named by their articles as seed 002 does."""

    CONSENT = "6.1.a", _("Consent (GDPR Art 6(1)(a))")
    CONTRACT = "6.1.b", _("Contract (GDPR Art 6(1)(b))")
    LEGAL_OBLIGATION = "6.1.c", _("Legal obligation (GDPR Art 6(1)(c))")
    VITAL_INTERESTS = "6.1.d", _("Vital interests (GDPR Art 6(1)(d))")
    PUBLIC_TASK = "6.1.e", _("Public task or official authority (GDPR Art 6(1)(e))")
    LEGITIMATE_INTERESTS = "6.1.f", _("Legitimate interests (GDPR Art 6(1)(f))")
    EXPLICIT_CONSENT = "9.2.a", _("Explicit consent to special categories (GDPR Art 9(2)(a))")
    SOCIAL_PROTECTION_LAW = "9.2.b", _("Obligations of social protection law (GDPR Art 9(2)(b))")
    HEALTH_OR_SOCIAL_CARE = "9.2.h", _("Provision of health or social care (GDPR Art 9(2)(h))")


class ClientKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")


class Language(models.TextChoices):
    FINNISH = "fi", _("Finnish")
    SWEDISH = "sv", _("Swedish")
    ENGLISH = "en", _("English")


class ContactChannel(models.TextChoices):
    """How the client wants to be contacted (issue 19: contact preferences)."""

    LETTER = "letter", _("Letter")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("Email")
    IN_PERSON = "in_person", _("In person")


class ClientStatus(models.TextChoices):
    """Derived from the relationship dates and the date of death, never stored."""

    UPCOMING = "upcoming", _("Client relationship not yet started")
    ACTIVE = "active", _("Active client")
    ENDED = "ended", _("Client relationship ended")
    DECEASED = "deceased", _("Deceased")


class RepresentativeRole(models.TextChoices):
    GUARDIAN = "guardian", _("Guardian (of a minor)")  # huoltaja
    LEGAL_REPRESENTATIVE = "legal_representative", _("Legal representative")  # edunvalvoja
    NEXT_OF_KIN = "next_of_kin", _("Next of kin")  # lähiomainen


class AccessKind(models.TextChoices):
    """What a user looked at (käyttöloki)."""

    CLIENT_FILE = "client_file", _("Client file")
    CLIENT_EDIT = "client_edit", _("Client edit form")
    REPRESENTATIVE_EDIT = "representative_edit", _("Representative form")
    ADMIN_CHANGE = "admin_change", _("Admin change page")
    DOCUMENT = "document", _("Document")
    EXPORT = "export", _("Export or report")
    DENIED = "denied", _("Attempt without access")
    # The client's own pages (/oma/): the person themself, or a guardian / legal representative
    # acting for them, signed in with strong identification.
    OWN_PAGES = "own_pages", _("The client themself (own pages)")
    REPRESENTATIVE_PAGES = "representative_pages", _("Guardian or legal representative (own pages)")


class AccessBasis(models.TextChoices):
    """On what ground the user could look (käytön peruste), worded for the client reading their
    access log. Recorded with each granted look; entries older than the field have none."""

    CLIENT_RELATIONSHIP = "client_relationship", _("A worker serving the client")
    EMERGENCY = "emergency", _("Emergency access")
    REGISTER_CONTACT = "register_contact", _("The register contact's duties")
    ADMIN = "admin", _("The administrator's duties")


ADULT_AGE = 18


class ServiceTask(models.TextChoices):
    """Statutory service task (palvelutehtävä) of a case; statutory retention follows it."""

    FAMILIES_WITH_CHILDREN = "families_with_children", _("Services for families with children")
    WORKING_AGE_ADULTS = "working_age_adults", _("Services for working-age adults")
    OLDER_PEOPLE = "older_people", _("Services for older people")
    DISABILITY = "disability", _("Disability services")
    SUBSTANCE_ABUSE = "substance_abuse", _("Substance-abuse care")
    CHILD_WELFARE = "child_welfare", _("Child welfare")
    FAMILY_LAW_CHILD = "family_law_child", _("Family-law services concerning a child")
    FAMILY_LAW_OTHER = "family_law_other", _("Other family-law services")
    PRIVATE = "private", _("Private service (not statutory)")


class HoursPeriod(models.TextChoices):
    MONTH = "month", _("per month")
    WEEK = "week", _("per week")
    TOTAL = "total", _("in total")


class EntryKind(models.TextChoices):
    VISIT = "visit", _("Visit")  # palvelukäynti
    PHONE = "phone", _("Phone call")
    RECORD = "record", _("Record")  # kirjaus without a visit


class DocumentKind(models.TextChoices):
    PAYMENT_COMMITMENT = "payment_commitment", _("Payment commitment")
    TRANSPORT_PERMIT = "transport_permit", _("Transport permit")
    SIGNED_FORM = "signed_form", _("Signed form")
    CONSENT_EVIDENCE = "consent_evidence", _("Evidence of consent")
    # Kept for their own period from the document's date (retention rule of record kind
    # client_fee_decisions), not with the case they are filed under.
    CLIENT_FEE_DECISION = "client_fee_decision", _("Client fee decision or income statement")
    OTHER = "other", _("Other document")


class DocumentChangeKind(models.TextChoices):
    """What happened to a misfiled document (the trail on the client's file)."""

    REMOVED = "removed", _("Removed from the client's file")
    MOVED_OUT = "moved_out", _("Moved to another client's file")
    MOVED_IN = "moved_in", _("Moved here from another client's file")


class RecipientKind(models.TextChoices):
    COMMISSIONING_AUTHORITY = "commissioning_authority", _("Commissioning authority")
    AUTHORITY = "authority", _("Authority")
    COURT = "court", _("Court")
    POLICE = "police", _("Police")
    KELA = "kela", _("Kela (Social Insurance Institution)")
    GUARDIAN = "guardian", _("Guardian")
    LEGAL_REPRESENTATIVE = "legal_representative", _("Legal representative")
    NEXT_OF_KIN = "next_of_kin", _("Next of kin")
    CLIENT = "client", _("The client")
    ARCHIVE = "archive", _("Archive")
    OTHER_CONTROLLER = "other_controller", _("Other controller")
    OTHER = "other", _("Other")


class DisclosureDirection(models.TextChoices):
    OUT = "out", _("Disclosed to")
    IN = "in", _("Received from")


class RestrictedAct(models.TextChoices):
    """What processing of a restricted client's data (GDPR Art 18) is refused without a ground."""

    EDIT = "edit", _("changing the client's data")
    ENTRY = "entry", _("a new entry")
    PDF = "pdf", _("a client-file PDF")
    PRINTOUT = "printout", _("a printout of a service plan or agreement")
    DOCUMENT = "document", _("a copy of a stored document")
    EXPORT = "export", _("an export")
    SUMMARY = "summary", _("a monthly summary")
    DISCLOSURE = "disclosure", _("a disclosure")


class Art18Ground(models.TextChoices):
    """GDPR Art 18(2): the only grounds on which restricted data is processed beyond storage."""

    CONSENT = "consent", _("the client's consent")
    LEGAL_CLAIMS = "legal_claims", _("establishing, exercising or defending legal claims")
    OTHER_PERSON = "other_person", _("protecting the rights of another person (e.g. a child-welfare notification)")
    PUBLIC_INTEREST = "public_interest", _("an important public interest")
