"""Each of the five real privacy notices (seeds 000-004), rebuilt as registers by
`seed_registers_create`, is published and its Finnish PDF read back: the controller, business ID,
purpose, legal bases and retention statement of every register are in it.

Text from a PDF wraps anywhere (also after the hyphen of "tietosuoja-asetuksen"), so sentences are
compared with all whitespace removed."""

import io
import shutil
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader
from stdnum.fi import ytunnus

from clients.constants import ControllerKind, LegalBasis
from clients.models import Controller, Processor, Register
from clients.seed_registers import (
    PLACEHOLDER_BUSINESS_ID_MUNICIPALITY,
    PLACEHOLDER_BUSINESS_ID_SEED_002,
    PLACEHOLDER_BUSINESS_ID_SEED_004,
    seed_registers_create,
)
from clients.selectors.notices import notice_missing_fields
from clients.services.notices import notice_publish
from core.roles import Role
from tests.conftest import SCREENSHOTS, make_user

SCREENSHOT = SCREENSHOTS / "notice-page1.png"


def flat(text: str) -> str:
    return "".join(text.split())


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def finnish_labels(register: Register) -> list[str]:
    """The legal bases as the Finnish notice names them (through the Finnish catalogue)."""
    with translation.override("fi"):
        return [str(LegalBasis(code).label) for code in register.legal_bases]


def publish(controller: Controller, register: Register | None = None) -> dict[str, bytes]:
    """Publish as an admin of the controller; the PDFs by language."""
    admin = make_user(Role.ADMIN, controller)
    notices = notice_publish(actor=admin, controller=controller, register=register)
    return {notice.language: bytes(notice.pdf) for notice in notices}


def assert_register_in(text: str, register: Register, *, purpose: str, retention: str) -> None:
    content = flat(text)
    controller = register.controller
    assert flat(controller.name) in content
    assert controller.business_id in content
    assert flat(register.name) in content
    assert flat(purpose) in content, purpose
    for label in finnish_labels(register):
        assert flat(label) in content, label
    assert flat(retention) in content, retention


def fill_in(controller: Controller, **values: str) -> None:
    """What an admin completes before publishing: only fields the seed left empty."""
    for name, value in values.items():
        assert not getattr(controller, name), f"{name} was given by the seed"
        setattr(controller, name, value)
    controller.save()


def field_name(model: type[Controller], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return str(field.verbose_name)


@pytest.fixture
def seeds(db, today) -> dict[str, Controller]:
    """The seed registers with each seed's own retention rules attached to them (as the demo data
    does): a notice may state only periods its register's rules have."""
    from retention.services import seed_rules_attach

    controllers = seed_registers_create(today=today)
    seed_rules_attach(actor=None)
    return {controller.slug: controller for controller in controllers}


def test_seed_controllers_and_registers_are_created_once_with_valid_business_ids(db, today):
    """Running the seeding twice finds what the first run made; every business ID validates, and
    the seeds' own IDs are kept as the seeds print them ("Y-tunnus: 2747637-5")."""
    first = seed_registers_create(today=today)
    counts = Controller.objects.count(), Register.objects.count(), Processor.objects.count()
    second = seed_registers_create(today=today)
    assert [c.pk for c in first] == [c.pk for c in second]
    assert (Controller.objects.count(), Register.objects.count(), Processor.objects.count()) == counts == (6, 10, 2)
    assert {c.slug: c.business_id for c in first} == {
        "vaspoy": "2747637-5", "kantamoinen": "3157784-9",
        "mll-vs-perhepalvelut": PLACEHOLDER_BUSINESS_ID_SEED_002, "perhepalvelut-ilo": "3009687-5",
        "voimaantumo": PLACEHOLDER_BUSINESS_ID_SEED_004, "lempaala": PLACEHOLDER_BUSINESS_ID_MUNICIPALITY,
    }
    assert all(ytunnus.is_valid(c.business_id) for c in first)
    assert Processor.objects.get(name="Netproce Oy").business_id == "2084087-5"
    assert all(set(r.legal_bases) <= set(LegalBasis.values) for r in Register.objects.all())
    assert all(r.texts_sv.get("purpose") and r.texts_en.get("purpose") for r in Register.objects.all())


def test_seed_000_vaspoy(seeds):
    """Seed 000: "Asiakkaiden osalta tiedot poistetaan asiakassuhteen päättyessä ja siirretään
    sosiaalitoimelle." The notice states the contract basis and that two-week deletion."""
    controller = seeds["vaspoy"]
    register = controller.registers.get(slug="asiakasrekisteri")
    assert register.legal_bases == [LegalBasis.CONTRACT]
    text = pdf_text(publish(controller, register)["fi"])
    assert_register_in(
        text, register,
        purpose="Rekisterin käyttötarkoitus on yrityksen asiakasrekisterin ylläpitäminen, asiakkaiden "
                "tilausten hallinnointi, arkistointi ja käsittely sekä asiakassuhteen hoitaminen.",
        retention="Ja tiedot poistuvat Nappula-järjestelmästä kahden viikon kuluttua asiakassuhteen "
                  "päättymisestä.",
    )
    assert "Sasu Mikkola" in text and "Käsittely ei perustu oikeutettuun etuun." in text
    assert flat("Käytämme sivuillamme evästeitä") in flat(text)  # the seed's cookie section


def test_seed_001_kantamoinen_needs_a_street_address_before_publishing(seeds):
    """Seed 001: "Ajanvarausjärjestelmän tietoja säilytetään 12 kuukautta." The seed gives only
    "37570 Lempäälä", so publishing is refused, naming the street address, until it is filled in."""
    controller = seeds["kantamoinen"]
    register = controller.registers.get()
    assert notice_missing_fields(register) == [field_name(Controller, "street_address")]
    with pytest.raises(ValidationError):
        publish(controller, register)
    fill_in(controller, street_address="Esimerkkitie 1")  # test value: the seed has none
    text = pdf_text(publish(controller, register)["fi"])
    assert_register_in(
        text, register,
        purpose="Kantamoinen osuuskunnan asiakasrekisterin käyttötarkoitus on asiakassuhteen hoito ja "
                "ylläpito.",
        retention="Henkilötietoja säilytetään rekisterissä ja kirjanpitoaineistossa seitsemän vuotta",
    )
    assert flat("Ajanvarausjärjestelmän tietoja säilytetään 12 kuukautta.") in flat(text)
    assert "https://www.kantamoinen.fi" in text
    assert flat("Tietojen pohjalta ei tehdä asiakasta koskevia profilointeja ja automaattisia päätöksiä.") \
        in flat(text)


def test_seed_002_mll_names_its_processor_and_both_article_6_bases(seeds):
    """Seed 002: "Käsittely perustuu lakisääteiseen velvoitteeseen ja yleisen edun mukaiseen
    tehtävään (EU 2016/679, artikla 6.1 c ja e)." The notice names both articles, the data
    protection officer and the system vendor as processor; Swedish and English carry the purpose."""
    controller = seeds["mll-vs-perhepalvelut"]
    register = controller.registers.get()
    assert register.legal_bases == [LegalBasis.LEGAL_OBLIGATION, LegalBasis.PUBLIC_TASK,
                                    LegalBasis.HEALTH_OR_SOCIAL_CARE]
    pdfs = publish(controller, register)
    text = pdf_text(pdfs["fi"])
    assert_register_in(
        text, register,
        purpose="Asiakkaan henkilötietoja käsittelemme asiakkaan ja tilaajana toimivan viranomaisen "
                "välisen palvelusuunnitelman toimeenpanemiseksi.",
        retention="Toimitamme asiakasasiakirjat hyvinvointialueen arkistoon hyvinvointialueen ohjeen "
                  "mukaisesti.",
    )
    assert "Netproce Oy" in text and "Sanna Kunnasvirta" in text
    assert flat("Vi behandlar klientens personuppgifter för att verkställa den serviceplan") \
        in flat(pdf_text(pdfs["sv"]))
    assert flat("We process the client's personal data to carry out the service plan") \
        in flat(pdf_text(pdfs["en"]))


def test_seed_003_ilo_client_register_and_email_list_in_one_controller_notice(seeds):
    """Seed 003: "Sähköpostilistaan kerätään ainoastaan asiakkaan sähköpostiosoite." The
    controller's notice covers both registers: the client register on law or consent, the email
    list on consent."""
    controller = seeds["perhepalvelut-ilo"]
    client_register = controller.registers.get(slug="asiakasrekisteri")
    email_list = controller.registers.get(slug="sahkopostilista")
    assert email_list.legal_bases == [LegalBasis.CONSENT]
    text = pdf_text(publish(controller)["fi"])
    assert_register_in(
        text, client_register,
        purpose="Asiakastietojen käsittely perustuu lakiin tai asiakkaan suostumukseen.",
        retention="Asiakassuhteen päättymisen jälkeen materiaali luovutetaan asiakkaalle ja/tai hänen "
                  "asioistaan vastaavalle viranomaiselle.",
    )
    assert_register_in(
        text, email_list,
        purpose="Rekisterin henkilötietoja käytetään yhteydenpitoon sähköpostilistalla oleviin "
                "käyttäjiin",
        retention="Sähköpostilistalle liittynyt käyttäjä voi milloin tahansa pyytää tietojensa "
                  "poistamista sähköpostilistalta",
    )
    assert flat("Sähköpostilistaan kerätään ainoastaan asiakkaan sähköpostiosoite.") in flat(text)


def test_seed_004_voimaantumo_sub_registers_and_the_municipalitys_purchased_services(seeds):
    """Seed 004: "kunkin kunnan ostamien ostopalvelun osalta oleva oma asiakasrekisteri (rekisterin
    pitäjänä kunta)" and "Tarkastusoikeus on maksuton enintään kerran vuodessa toteutettuna." The
    provider's notice covers its four sub-registers; the purchased-services register has the
    municipality as controller and the provider as operator. The seed gives neither address,
    contact person nor email, so both are refused until an admin fills them in."""
    provider, municipality = seeds["voimaantumo"], seeds["lempaala"]
    purchased = municipality.registers.get()
    assert municipality.kind == ControllerKind.MUNICIPALITY and purchased.operator == provider
    assert {r.slug for r in provider.registers.all()} == {"asiakaskertomukset", "markkinointi", "yhteystiedot",
                                                          "laskutus"}
    missing = notice_missing_fields(provider.registers.get(slug="laskutus"))
    assert field_name(Controller, "contact_person_name") in missing
    assert field_name(Controller, "street_address") in missing
    with pytest.raises(ValidationError):
        publish(provider)
    fill_in(provider, street_address="Esimerkkikatu 4", postal_code="00100", city="Helsinki",
            contact_person_name="Rekisteriasioista vastaava henkilö", email="tietosuoja@voimaantumo.example")
    fill_in(municipality, street_address="PL 36", contact_person_name="Kirjaamo",
            email="kirjaamo@lempaala.example")

    text = pdf_text(publish(provider)["fi"])
    sub_registers = {
        "asiakaskertomukset": ("Rekisterin käyttötarkoitus on toimeksiantojen hoitaminen.",
                               "Sosiaalihuollon asiakasasiakirjat säilytetään"),
        "markkinointi": ("Rekisterin käyttötarkoitus on yhteydenpito nykyisiin, entisiin sekä mahdollisesti "
                         "tuleviin asiakkaisiin.",
                         "Tiedot poistetaan markkinointirekisteristä, kun henkilö kieltää markkinoinnin"),
        "yhteystiedot": ("esteellisyyksien selvittäminen uusia toimeksiantoja vastaanottaessa",
                         "Yhteystiedot poistetaan, kun niitä ei enää tarvita"),
        "laskutus": ("Rekisterin käyttötarkoitus on toimeksiantojen laskutus.",
                     "tositteet vähintään kuusi vuotta sen vuoden lopusta, jona tilikausi päättyi"),
    }
    for slug, (purpose, retention) in sub_registers.items():
        assert_register_in(text, provider.registers.get(slug=slug), purpose=purpose, retention=retention)
    assert flat("Tarkastusoikeus on maksuton enintään kerran vuodessa toteutettuna.") in flat(text)
    assert flat("henkilötietolain 6 luvun 26 §:ään") in flat(text)  # OCR "henkil6tietolain" cleaned
    assert "Mailchimp" in text

    text = pdf_text(publish(municipality, purchased)["fi"])
    assert_register_in(
        text, purchased,
        purpose="Kunnan Voimaantumolta ostamien sosiaalipalvelujen oma asiakasrekisteri, jonka "
                "rekisterinpitäjänä on kunta.",
        retention="Asiakasasiakirjat luovutetaan kunnalle toimeksiannon päättyessä.",
    )
    assert "Lempäälän kunta" in text and "Voimaantumo" in text


def test_page_one_of_a_notice_renders_to_png(seeds):
    """Page 1 of seed 002's Finnish notice as notice-page1.png (docs/screenshots with SCREENSHOTS=1): the header names
    the controller, the page is numbered, and å/ä/ö ("Åkerlundinkatu", "Sepänkatu") are text."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed: cannot render the PNG")
    controller = seeds["mll-vs-perhepalvelut"]
    pdf = publish(controller, controller.registers.get())["fi"]
    first_page = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    with translation.override("fi"):
        page_word = gettext("page")
    assert controller.name in first_page and f"{page_word} 1 /" in first_page
    assert "Åkerlundinkatu" in first_page and "Sepänkatu" in first_page

    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", "-", str(SCREENSHOT.with_suffix(""))],
        input=pdf, check=True, timeout=60,
    )
    assert SCREENSHOT.exists() and SCREENSHOT.stat().st_size > 0
    assert SCREENSHOT.read_bytes().startswith(b"\x89PNG")
