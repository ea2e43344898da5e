"""The retention section of a privacy notice says what the nightly run does (issue 18): every
enforced rule of the register as a plain sentence in Finnish, Swedish and English, that a living
former client is kept while no date of death is known, and that the longest applicable period
decides. The register's own retention text may add context, but publishing refuses a text that
names a period or an event no rule of the register has."""

import re

import pytest
from django.core.exceptions import ValidationError

from clients.constants import RegisterKind
from clients.models import PrivacyNotice
from clients.services.notices import notice_publish
from tests.conftest import make_register


@pytest.fixture
def complete_register(provider):
    provider.street_address, provider.postal_code, provider.city = "Hämeenkatu 12", "33100", "Tampere"
    provider.contact_person_name, provider.email = "Sirpa Mäkelä", "toimisto@hoivapolku.example.fi"
    provider.save()
    register = make_register(provider)
    register.purpose = "Sosiaalihuollon palvelujen järjestäminen ja toteutus."
    register.legal_bases = ["6.1.c", "9.2.h"]
    register.data_content = "Nimi, henkilötunnus, yhteystiedot, palvelusuunnitelma."
    register.sources = "Asiakas itse ja palvelun tilaaja."
    register.recipients = "Tietoja ei luovuteta ilman lakiin perustuvaa oikeutta tai suostumusta."
    register.save()
    return register


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&#x27;", "'").replace("&quot;", '"').split())


def published(admin_user, register) -> dict[str, str]:
    notices = notice_publish(actor=admin_user, controller=register.controller, register=register)
    return {n.language: text_of(n.html) for n in notices}


def test_a_statutory_register_s_notice_says_data_is_kept_two_years_after_death_and_while_no_date_is_known(
        db, admin_user, complete_register):
    texts = published(admin_user, complete_register)
    assert ("Clients with a statutory social-welfare case: kept until 2 years after the client's death; "
            "while no date of death is known the data is kept. Then the data is deleted.") in texts["en"]
    assert ("Clients with a case of the service task services for older people: kept until 10 years after "
            "the last of these cases is closed; while one of them is open the data is kept.") in texts["en"]
    assert "The longest applicable period decides" in texts["en"]
    assert ("kunnes asiakkaan kuolemasta on kulunut 2 vuotta; niin kauan kuin kuolinpäivää ei tiedetä, "
            "tiedot säilytetään") in texts["fi"]
    assert "Pisin sovellettava säilytysaika ratkaisee" in texts["fi"]
    assert "så länge dödsdagen inte är känd bevaras uppgifterna" in texts["sv"]
    assert "Den längsta tillämpliga tiden avgör" in texts["sv"]


def test_seed_000_s_two_weeks_are_stated_as_the_run_applies_them_and_its_own_text_may_stay(
        db, admin_user, complete_register):
    """Seed 000: "Ja tiedot poistuvat Nappula-järjestelmästä kahden viikon kuluttua
    asiakassuhteen päättymisestä." The register that makes it its own rule may keep the sentence:
    two weeks from the end of the relationship is a rule of the register."""
    from retention.models import RetentionRule

    two_weeks = RetentionRule.objects.get(code="seed-000-two-weeks")
    two_weeks.controller = complete_register.controller
    two_weeks.save()
    two_weeks.registers.set([complete_register])
    complete_register.retention = ("Asiakkaiden osalta tiedot poistetaan asiakassuhteen päättyessä ja siirretään "
                                   "sosiaalitoimelle. Ja tiedot poistuvat Nappula-järjestelmästä kahden viikon "
                                   "kuluttua asiakassuhteen päättymisestä.")
    complete_register.save()
    texts = published(admin_user, complete_register)
    assert ("Clients without a statutory case (private service): kept until 14 days after the client "
            "relationship ends; while it lasts the data is kept. The data is handed over to Kunnan "
            "sosiaalitoimi when the period starts and deleted here when it ends.") in texts["en"]
    assert "kahden viikon kuluttua asiakassuhteen päättymisestä" in texts["fi"]


def test_publishing_names_a_period_that_no_rule_of_the_register_has_and_refuses(db, admin_user, complete_register):
    """The attack of issue 18: every notice listed "10 vuotta asian sulkemisesta" while the run
    did something else. A free text promising five years after the relationship ends is refused."""
    complete_register.retention = "Tiedot säilytetään viisi vuotta asiakassuhteen päättymisestä."
    complete_register.save()
    with pytest.raises(ValidationError) as refused:
        notice_publish(actor=admin_user, controller=complete_register.controller, register=complete_register)
    messages = " ".join(refused.value.messages)
    assert "viisi vuotta" in messages and complete_register.name in messages
    assert "asiakassuhteen päättymisestä" in messages  # no rule of this register counts from it
    assert not PrivacyNotice.objects.exists()


def test_publishing_refuses_a_swedish_or_english_text_that_contradicts_the_rules(db, admin_user, complete_register):
    complete_register.retention = "Tiedot säilytetään 2 vuotta asiakkaan kuolemasta."  # a rule has it
    complete_register.texts_sv = {"retention": "Uppgifterna bevaras i sju år."}
    complete_register.save()
    with pytest.raises(ValidationError, match="sju år"):
        notice_publish(actor=admin_user, controller=complete_register.controller, register=complete_register)
    complete_register.texts_sv = {"retention": "Uppgifterna bevaras två år efter kundens död."}
    complete_register.save()
    assert len(notice_publish(actor=admin_user, controller=complete_register.controller,
                              register=complete_register)) == 3


def test_a_register_without_rules_may_not_promise_a_period_counted_from_death(db, admin_user, complete_register):
    marketing = make_register(complete_register.controller, kind=RegisterKind.MARKETING)
    for field in ("purpose", "data_content", "sources", "recipients", "legal_bases"):
        setattr(marketing, field, getattr(complete_register, field))
    marketing.retention = "Tiedot säilytetään 2 vuotta asiakkaan kuolemasta."
    marketing.save()
    with pytest.raises(ValidationError) as refused:
        notice_publish(actor=admin_user, controller=marketing.controller, register=marketing)
    messages = " ".join(refused.value.messages)
    assert "2 vuotta" in messages and "kuolemasta" in messages
    # The controller's whole notice is refused too: it includes this register.
    with pytest.raises(ValidationError):
        notice_publish(actor=admin_user, controller=marketing.controller)


def test_a_period_that_a_rule_has_but_counted_from_another_event_is_refused(db, admin_user, complete_register):
    """Ten years is a rule of every client-records register (cases closed), but not ten years from
    the client's death: the notice may not combine a rule's period with another rule's event."""
    complete_register.retention = "Tiedot säilytetään 10 vuotta asiakkaan kuolemasta."
    complete_register.save()
    with pytest.raises(ValidationError, match="10 vuotta"):
        notice_publish(actor=admin_user, controller=complete_register.controller, register=complete_register)
    complete_register.retention = "Asiakirjat säilytetään 10 vuotta asian sulkemisesta."
    complete_register.save()
    assert notice_publish(actor=admin_user, controller=complete_register.controller, register=complete_register)
