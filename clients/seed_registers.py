"""The five real privacy notices in the design's `seeds/` folder (000-004) as controllers and
registers, so the system can produce each of them from its own data (issue 11) and tests can
read the rendered notices against the seeds' sentences.

What this guarantees:
- The Finnish text is the seed's own, quoted; only HTML tags, OCR damage (seed 004 lost its
  å/ä/ö: "henkil6tietolain" -> "henkilötietolain") and obvious typos are cleaned. Where a seed
  says nothing about a section, the field stays empty (the template then shows "–" or its own
  default), except where noted with "not in the seed" below.
- Legal bases are the LegalBasis codes the seed's wording maps to (sopimus -> 6.1.b,
  lakisääteinen velvoite -> 6.1.c, suostumus -> 6.1.a, yleisen edun mukainen tehtävä -> 6.1.e,
  social-care data -> 9.2.h). Seed 004 names no basis: its codes are derived from its purposes.
- The supervisory authority's address is left out of the rights texts: the seeds show two old
  addresses, and the notice takes the current one from admin data (SupervisoryAuthority).
- Business IDs of seeds 000, 001, 003 and the processor of seed 002 are the seeds' own, and all
  pass stdnum.fi.ytunnus. Seeds 002 and 004 state none, and the example municipality of seed
  004 is not in the seed: these three get placeholder IDs from the 99000xx range, far above the
  numbers issued so far, for an admin to replace with the real ones.
- Seeds 001 and 004 (and the example municipality) lack what a notice must state (street
  address; seed 004 also a contact person and any email or phone): those fields stay empty, so
  `notice_missing_fields` names them and the notice cannot be published until an admin fills
  them in.
- Idempotent: controllers are found by business ID, registers by (controller, slug); nothing that
  exists is overwritten, so an admin's later edits survive a second run. No clients, no users.
"""

import datetime
from typing import Any

from django.db import transaction

from .constants import ControllerKind, LegalBasis, RegisterKind
from .identifiers import business_id_clean
from .models import Controller, Processor, Register

# Placeholder business IDs (valid check digits; see the module docstring).
PLACEHOLDER_BUSINESS_ID_SEED_002 = "9900002-6"
PLACEHOLDER_BUSINESS_ID_SEED_004 = "9900004-2"
PLACEHOLDER_BUSINESS_ID_MUNICIPALITY = "9900005-0"

B = LegalBasis  # short for the tables below

# ---------------------------------------------------------------------------------------------
# Controllers, in seed order. "seed" says which notice the data comes from.
# ---------------------------------------------------------------------------------------------
CONTROLLERS: list[dict[str, Any]] = [
    {
        "seed": "000", "slug": "vaspoy", "kind": ControllerKind.PROVIDER,
        "name": "Varsinais-Suomen Sosiaalipalvelut Oy", "business_id": "2747637-5",
        "street_address": "Tammisillantie 216", "postal_code": "21500", "city": "Kaarina",
        "email": "toimisto@vaspoy.fi",
        "contact_person_name": "Sasu Mikkola", "contact_person_phone": "044-7716834",
        "contact_person_email": "sasu.mikkola@vaspoy.fi",
    },
    {
        # The seed gives only "37570 Lempäälä": the street address stays empty (see docstring).
        # Its contact email is the seed's own, on another company's domain (soliseva.fi).
        "seed": "001", "slug": "kantamoinen", "kind": ControllerKind.PROVIDER,
        "name": "Kantamoinen osuuskunta", "business_id": "3157784-9",
        "postal_code": "37570", "city": "Lempäälä", "website": "https://www.kantamoinen.fi",
        "contact_person_name": "Sirpa Mäkinen", "contact_person_email": "info@soliseva.fi",
    },
    {
        "seed": "002", "slug": "mll-vs-perhepalvelut", "kind": ControllerKind.PROVIDER,
        "name": "MLL V-S piirin Perhepalvelut Oy", "business_id": PLACEHOLDER_BUSINESS_ID_SEED_002,
        "street_address": "Sepänkatu 3", "postal_code": "20700", "city": "Turku",
        "contact_person_name": "Sanna Nyfors, perhepalvelupäällikkö",
        "contact_person_phone": "044 0770 942", "contact_person_email": "sanna.nyfors@mll.fi",
        "dpo_name": "Sanna Kunnasvirta, talouspäällikkö", "dpo_phone": "040 0434 069",
        "dpo_email": "sanna.kunnasvirta@mll.fi",
    },
    {
        # The seed's contact email is hidden by its web page's e-mail protection ("[email
        # protected]"); its only phone number is given as the organisation's as well.
        "seed": "003", "slug": "perhepalvelut-ilo", "kind": ControllerKind.PROVIDER,
        "name": "Perhepalvelut ILO Oy", "business_id": "3009687-5",
        "street_address": "c/o Studiopysäkki, Järvihaantie 4 B", "postal_code": "01800",
        "city": "Klaukkala", "phone": "020 730 5555", "website": "https://www.perhepalvelutilo.fi",
        "contact_person_name": "Sari Mäenpää", "contact_person_phone": "020 730 5555",
    },
    {
        # The seed names the register "Voimaantumon asiakasrekisteri" and gives only the website:
        # no legal form, business ID, address, contact person, email or phone.
        "seed": "004", "slug": "voimaantumo", "kind": ControllerKind.PROVIDER,
        "name": "Voimaantumo", "business_id": PLACEHOLDER_BUSINESS_ID_SEED_004,
        "website": "http://www.voimaantumo.fi/",
    },
    {
        # Seed 004: "kunkin kunnan ostamien ostopalvelun osalta oleva oma asiakasrekisteri
        # (rekisterin pitäjänä kunta)". One example municipality, not in the seed.
        "seed": "004", "slug": "lempaala", "kind": ControllerKind.MUNICIPALITY,
        "name": "Lempäälän kunta", "business_id": PLACEHOLDER_BUSINESS_ID_MUNICIPALITY,
        "street_address": "", "postal_code": "37501", "city": "Lempäälä",
        "website": "https://www.lempaala.fi",
    },
]

PROCESSORS: dict[str, dict[str, Any]] = {
    # Seed 002, section 5: "tietojärjestelmämme toimittaja: Netproce Oy (Y-tunnus 2084087-5)".
    "netproce": {
        "name": "Netproce Oy", "business_id": "2084087-5",
        "service": "Tietojärjestelmän toimittaja: Sofia CRM -ohjelmisto palveluna "
                   "(Åkerlundinkatu 11 C, 33100 Tampere).",
        "location": "Suomi",
    },
    # Seed 004: "uutiskirjepalvelua (esim. Mailchimp), jonka palvelin voi sijaita EU:n tai ETA:n
    # ulkopuolella."
    "mailchimp": {
        "name": "Mailchimp", "business_id": "",
        "service": "Uutiskirjepalvelu yksityisasiakkaiden tiedottamiseen.",
        "location": "Palvelin voi sijaita EU:n tai ETA:n ulkopuolella.",
    },
}

# ---------------------------------------------------------------------------------------------
# Seed 000: Varsinais-Suomen Sosiaalipalvelut Oy
# ---------------------------------------------------------------------------------------------
SEED_000_COOKIES = """\
Käytämme sivuillamme evästeitä ("cookies"). Eväste on pieni, käyttäjän tietokoneelle lähetettävä ja \
siellä säilytettävä tekstitiedosto. Evästeet eivät vahingoita käyttäjien tietokoneita tai tiedostoja. \
Evästeiden käytön ensisijaisena tarkoituksena on parantaa ja mukauttaa vierailijan käyttökokemusta \
sivustolla sekä analysoida ja parantaa sivuston toimivuutta ja sisältöä.

Evästeiden avulla kerättyjä tietoja voidaan myös hyödyntää viestinnän ja markkinoinnin \
kohdentamisessa sekä markkinointitoimenpiteiden optimoinnissa. Vierailijaa ei voida tunnistaa \
pelkkien evästeiden avulla. Evästeiden avulla saatua tietoa voidaan kuitenkin liittää käyttäjältä \
mahdollisesti muussa yhteydessä saatuihin tietoihin, esimerkiksi käyttäjän täyttäessä lomakkeen \
sivustollamme.

Evästeiden avulla kerätään seuraavanlaisia tietoja:
- vierailijan IP-osoite
- vierailun ajankohta
- selatut sivut ja sivujen katseluajat
- vierailijan selain

Sivuillamme vierailevalla käyttäjällä on mahdollisuus koska tahansa estää evästeiden käyttö \
muuttamalla selaimensa asetuksia. Useimmat selainohjelmat mahdollistavat eväste-toiminnon \
poiskytkemisen ja jo tallennettujen evästeiden poistamisen. Evästeiden käytön estäminen saattaa \
vaikuttaa sivuston toiminnallisuuteen.

Google Analytics: Sivustolta kerätään käyttöstatistiikkaa Google Analytics -palveluun, jonka \
tarkoituksena on sivuston seuranta, kehittäminen ja markkinoinnin suunnitteleminen. Kerättävästä \
datasta ei voida yksilöidä tietoja yksittäiseen käyttäjään tai henkilöön.

Lisäksi sivustolla on käytössä kohderyhmätieto- ja aihepiiritiedon keräys (Google Analytics \
Demographics), jolla tallennetaan käyttäjästä mm. ikä, sukupuoli ja käyttäjän aihepiirit. Näiden \
tietojen keräämiseen liittyviä asetuksia voit muuttaa omalla Google-tililläsi osoitteessa \
https://www.google.com/settings/ads. Google Analytics -seurannan voit ottaa halutessasi pois \
käytöstä Chrome-selaimen lisäosalla."""

SEED_000_RIGHTS = """\
Rekisteröidyllä on oikeus tarkistaa, mitä tietoja hänestä on rekisterissä. Tarkastuspyyntö tulee \
tehdä kirjallisena ottamalla yhteys yrityksen asiakaspalveluun tai rekisterin yhteyshenkilöön \
suomeksi tai englanniksi. Rekisteröityjen asiakkaiden kohdalla tietojen kulkeminen tapahtuu \
sosiaalityöntekijän kautta. Tarkastuspyyntö on allekirjoitettava. Rekisteröidyllä on oikeus kieltää \
tietojensa käsittely ja luovuttaminen suoramainontaa, etämyyntiä ja suoramarkkinointia sekä \
markkina- ja mielipidetutkimusta varten ottamalla yhteys yrityksen asiakaspalvelupisteeseen.

Siirtopyynnön voi osoittaa rekisterin yhteyshenkilölle.

Rekisterissä oleva, käsittelyn tarkoituksen kannalta virheellinen, tarpeeton, puutteellinen tai \
vanhentunut henkilötieto on oikaistava, poistettava tai täydennettävä. Korjauspyyntö tulee tehdä \
omakätisesti allekirjoitetulla kirjallisella pyynnöllä yrityksen asiakaspalveluun tai \
henkilörekisterin ylläpitäjälle. Pyynnössä tulee yksilöidä mitä tietoja vaaditaan korjattavaksi ja \
millä perusteella. Korjaaminen toteutetaan viivytyksettä. Virheen korjaamisesta ilmoitetaan sille, \
jolta virheelliset tiedot on saatu tai jolle tiedot on luovutettu. Korjauspyynnön epäämisestä \
rekisterin vastuuhenkilö antaa kirjallisen todistuksen, jossa mainitaan syyt, joiden vuoksi \
korjauspyyntö on evätty. Asianomainen voi saattaa epäämisen tietosuojavaltuutetun ratkaistavaksi.

Rekisteröidyllä on oikeus pyytää tietojenkäsittelyn rajoittamista esim. jos rekisterissä olevat \
henkilötiedot ovat virheelliset. Yhteydenotot rekisterin vastuuhenkilölle.

Mikäli toimit yritys- tai organisaation yhteyshenkilönä, ei tietojasi voida poistaa tänä aikana.

Rekisteröidyllä on oikeus kieltää tietojensa luovuttaminen ja käsittely suoramainontaa ja muuta \
markkinointia varten, vaatia tietojen anonymisointia soveltuvin osin sekä oikeus tulla kokonaan \
unohdetuksi. Kantelun valvontaviranomaiselle voit tehdä myös siinä jäsenvaltiossa, jossa sinulla on \
vakinainen asuinpaikka tai työpaikka."""

SEED_000_REGISTERS: list[dict[str, Any]] = [{
    "controller": "vaspoy", "slug": "asiakasrekisteri", "name": "Asiakasrekisteri",
    "kind": RegisterKind.CLIENT_RECORDS, "updated_on": datetime.date(2019, 5, 29),
    "purpose": (
        "Rekisterin käyttötarkoitus on yrityksen asiakasrekisterin ylläpitäminen, asiakkaiden "
        "tilausten hallinnointi, arkistointi ja käsittely sekä asiakassuhteen hoitaminen.\n\n"
        "Tietoja voidaan käyttää yrityksen toiminnan kehittämiseen, tilastollisiin tarkoituksiin ja "
        "henkilökohtaisemman kohdennetun sisällön tuottamiseen verkkopalveluissamme. Henkilötietoja "
        "käsitellään tietosuoja-asetuksen sallimissa ja edellyttämässä rajoissa.\n\n"
        "Rekisterin tietoja voidaan käyttää yrityksen omissa rekistereissä esimerkiksi mainonnan "
        "kohdistamiseen luovuttamatta henkilötietoja ulkopuolisille tahoille. Yritys saattaa käyttää "
        "asiakas- ja palvelusuhteen ylläpitämiseen yhteistyökumppaneita, jolloin osia rekisteritiedoista "
        "saatetaan siirtää yhteistyökumppanin palvelimille teknisten vaatimusten vuoksi. Tietoja "
        "käsitellään ainoastaan yrityksen asiakassuhteen ylläpitämiseen teknisten rajapintojen kautta.\n\n"
        "Yrityksellä on oikeus julkaista asiakasrekisterin sisältämiä tietoja sähköisenä tai "
        "kirjallisena luettelona, ellei asiakas sitä erityisesti kiellä. Luettelolla tarkoitetaan tässä "
        "tapauksessa esim. postitustarroja suoramainoksiin tai vastaavia. Asiakkaalla on oikeus kieltää "
        "tietojen julkaiseminen ilmoittamalla siitä yrityksen asiakaspalveluun, sähköpostitse tai "
        "rekisterin yhteyshenkilölle."
    ),
    "legal_bases": [B.CONTRACT],
    "requirement": "Käsittely perustuu sopimukseen. Käsittely ei perustu suostumukseen.",
    "legitimate_interest": "Käsittely ei perustu oikeutettuun etuun.",
    "data_categories": "Nimi, yhteystiedot, henkilötunnus.",
    "data_content": (
        "Henkilörekisteri sisältää seuraavia tietoja:\n- Henkilön etu- ja sukunimi\n"
        "- Sähköpostiosoite\n- Postiosoite\n- Puhelinnumero\n- Henkilötunnus"
    ),
    "sources": "Asiakkaan tiedot saadaan rekisterin pitäjältä, kunnan viranomaiselta.",
    "recipients": (
        "Rekisterinpitäjän henkilöstö sekä ulkoistuskumppanit (taloushallinto jne.) soveltuvin osin.\n\n"
        "Asiakasrekisterin tiedot ovat ainoastaan yrityksen käytössä, paitsi käyttäessä ulkoista "
        "palveluntarjoajaa lisäarvopalvelun tuottamiseen. Tietoja ei luovuteta yrityksen ulkopuolelle "
        "tai sen yhteistyökumppaneiden käyttöön paitsi lainsäädännön velvoittaessa."
    ),
    "transfers_outside_eea": "Henkilötietoja ei siirretä Euroopan unionin ulkopuolelle.",
    "protection_manual": (
        "Ainoastaan määrätyillä, salassapitositoumuksen allekirjoittaneilla työntekijöillä on oikeus "
        "käsitellä manuaalisesti tallennettuja asiakastietoja."
    ),
    "protection_electronic": (
        "Ainoastaan määrätyillä yrityksen ja sen lukuun toimivien yritysten työntekijöillä on oikeus "
        "käyttää asiakasomistaja- ja asiakasrekisteriä ja ylläpitää sen tietoja. Kullakin määritellyllä "
        "käyttäjällä on oma henkilökohtainen käyttäjätunnus ja salasana. Jokainen käyttäjä on "
        "allekirjoittanut salassapitositoumuksen. Järjestelmä on suojattu palomuurilla, joka suojaa "
        "ulkopuolelta tulevia yhteydenottoja järjestelmään."
    ),
    "automated_decisions": "Asiakastyytyväisyyskyselyissä käytössä Google Forms.",
    "cookies": SEED_000_COOKIES,
    "retention": (
        "Asiakkaiden osalta tiedot poistetaan asiakassuhteen päättyessä ja siirretään sosiaalitoimelle. "
        "Ja tiedot poistuvat Nappula-järjestelmästä kahden viikon kuluttua asiakassuhteen päättymisestä."
    ),
    "rights": SEED_000_RIGHTS,
    "texts_sv": {
        "purpose": (
            "Registrets ändamål är att upprätthålla företagets kundregister, att administrera, arkivera "
            "och behandla kundernas beställningar samt att sköta kundrelationen.\n\n"
            "Uppgifterna kan användas för att utveckla företagets verksamhet, för statistiska ändamål och "
            "för att ta fram mer personligt riktat innehåll i våra webbtjänster. Personuppgifter behandlas "
            "inom de gränser som dataskyddsförordningen tillåter och kräver.\n\n"
            "Registrets uppgifter kan användas i företagets egna register, till exempel för att rikta "
            "reklam, utan att personuppgifter lämnas ut till utomstående. Företaget kan anlita "
            "samarbetspartner för att upprätthålla kund- och tjänsterelationen, varvid delar av "
            "registeruppgifterna kan överföras till samarbetspartnerns servrar av tekniska skäl.\n\n"
            "Företaget har rätt att publicera uppgifter ur kundregistret som en elektronisk eller skriftlig "
            "förteckning (till exempel adressetiketter för direktreklam), om inte kunden uttryckligen "
            "förbjuder det. Kunden kan förbjuda publiceringen genom att meddela företagets kundtjänst, per "
            "e-post eller registrets kontaktperson."
        ),
    },
    "texts_en": {
        "purpose": (
            "The register is used to maintain the company's client register, to manage, archive and "
            "process clients' orders and to look after the client relationship.\n\n"
            "The data may be used to develop the company's business, for statistical purposes and to "
            "produce more personal, targeted content in our online services. Personal data is processed "
            "within the limits the General Data Protection Regulation allows and requires.\n\n"
            "The data may be used in the company's own registers, for example to target advertising, "
            "without disclosing personal data to outsiders. The company may use partners to maintain the "
            "client and service relationship, in which case parts of the data may be transferred to a "
            "partner's servers for technical reasons.\n\n"
            "The company may publish data from the client register as an electronic or printed list (for "
            "example address labels for direct advertising) unless the client specifically prohibits it. "
            "The client may prohibit publication by telling the company's customer service, by email or "
            "the register's contact person."
        ),
    },
}]

# ---------------------------------------------------------------------------------------------
# Seed 001: Kantamoinen osuuskunta
# ---------------------------------------------------------------------------------------------
SEED_001_COOKIES = """\
www.kantamoinen.fi -verkkosivustolla käytetään seuraavien palveluiden tai sovellusten evästeitä: \
1) Google Analytics, 2) YouTube.

Evästeiden avulla parannetaan verkkosivuston asiakaskokemusta sekä kerätään tietoa analyyseihin ja \
markkinointiin. Eväste tallentuu käyttäjän päätelaitteelle, joita ovat esimerkiksi matkapuhelin tai \
tietokone. Evästeet eivät sisällä henkilökohtaisia tietoja, jotka voitaisiin yhdistää käyttäjään.

Verkkosivuston evästeitä voi hallita muuttamalla selaimen asetuksia siten, että joko estää \
evästeiden käytön kokonaan, sallii ne vain pyynnöstä tai poistaa ne selainistunnon sulkemisen \
yhteydessä. Evästeiden hylkäämis- tai sallimisasetukset löytyvät kustakin selaimesta "asetukset" \
tai vastaavasta kohdasta. Kannattaa huomioida, että joidenkin palvelujen käyttö voi tällöin estyä ja \
jotkin verkkosivuston osiot toimivat oikein vain, kun evästeet ovat käytössä.

Google Analytics: Www.kantamoinen.fi -verkkosivuston kävijäseuranta on toteutettu Google Inc.:in \
tarjoamalla Google Analytics -palvelulla, joka käyttää evästeitä verkkosivuston kävijätietojen \
analysointiin. Kävijätietoja ovat esimerkiksi IP-osoite, päivämäärä, kellonaika, istunnon kesto, \
sivut joiden välillä käyttäjä liikkuu, selaimen versio, käyttöjärjestelmä, käytetty kanava (mobiili, \
internet, sovellus). Verkkosivustovierailun aikana kerättyjä tietoja käytetään ainoastaan \
verkkosivuston teknisen hallinnan tukemiseen sekä tilastollisiin tarkoituksiin. Google siirtää ja \
tallentaa evästeen tuottamat tiedot verkkosivuston käytöstä Yhdysvalloissa sijaitseville \
palvelimille. Www.kantamoinen.fi -verkkosivustolla on käytössä IP-osoitteen anonymisointi, jonka \
avulla käyttäjän IP-osoite lyhennetään niin, ettei se ole tunnistettavissa.

YouTube: Www.kantamoinen.fi -verkkosivusto sisältää upotettuja YouTube-videoita ja käyttää \
YouTube-palvelua videoiden näyttämistä ja säilyttämistä varten. Googlen tarjoama YouTube-palvelu \
käyttää evästeitä palveluidensa käytön seuraamiseen. Eväste aktivoituu vasta kun käyttäjä painaa \
videon "play"-painiketta."""

SEED_001_RIGHTS = """\
Rekisteriasioita hoitava yhteyshenkilö vastaa viimeistään 20 arkipäivän kuluessa tätä rekisteriä \
koskeviin kysymyksiin ja palautteisiin.

Kirjallinen ja allekirjoitettu tarkastuspyyntö tulee toimittaa edellä mainitulle asiakasrekisteriä \
hoitavalle henkilölle. Ennen tietojen luovutusta asiakkaan henkilöllisyys tarkastetaan kuvallisesta \
henkilöllisyystodistuksesta tai toteutetaan muut vaadittavat toimenpiteet sen varmistamiseksi, että \
tietoja ei luovuteta muulle taholle kuin asiakkaalle itselleen.

Asiakkaalla on "oikeus tulla unohdetuksi" vain, jos henkilötietojen käsittelylle ja säilyttämiselle \
ei ole lakisääteisiä velvoitteita.

Mikäli Kantamoinen-osuuskunnalle tulee tietoon järjestelmään kohdistunut tietoturvaloukkaus, joka \
todennäköisesti vakavasti vaarantaa asiakkaiden yksityisyyden, ilmoitetaan tietoturvaloukkauksesta \
asiakkaille sähköpostitse ilman aiheetonta viivytystä. Ilmoituksessa kerrotaan mitä tietoja \
tietoturvaloukkaus koskee, mitkä ovat loukkauksen todennäköiset seuraukset ja mihin toimenpiteisiin \
Kantamoinen osuuskunta on ryhtynyt tietoturvaloukkauksen johdosta.

Sosiaalihuoltolain mukaisten palveluiden osalta valvovina viranomaisina toimivat myös \
aluehallintovirastot (www.avi.fi) ja Sosiaali- ja terveysalan lupa- ja valvontavirasto \
(www.valvira.fi)."""

SEED_001_REGISTERS: list[dict[str, Any]] = [{
    "controller": "kantamoinen", "slug": "asiakasrekisteri",
    "name": "Kantamoinen osuuskunta -asiakasrekisteri",
    "kind": RegisterKind.CLIENT_RECORDS, "updated_on": datetime.date(2020, 10, 19),
    "purpose": (
        "Kantamoinen osuuskunta tuottaa terapia-, sosiaali-, valmennus-, koulutus- ja "
        "kehittämispalveluja. Kantamoinen osuuskunnan asiakasrekisterin käyttötarkoitus on "
        "asiakassuhteen hoito ja ylläpito. Asiakasrekisteriin kerätään henkilötietoja asiakassuhteen "
        "hoitamista varten. Rekisteriin talletettavien asiakastietojen tehtävänä on ensisijaisesti "
        "varmistaa asiakkaalle tuotettavan palvelun laatu (asiakkaan oikeudet, suunnittelu, toteutus, "
        "seuranta, jatkuvuus)."
    ),
    # "sopimus, ja siitä johtuvat lakisääteiset velvoitteet"; therapy and social services: 9.2.h.
    "legal_bases": [B.CONTRACT, B.LEGAL_OBLIGATION, B.HEALTH_OR_SOCIAL_CARE],
    "requirement": (
        # The seed names "Soliseva -yrityksen" here, evidently copied from another company's notice.
        "Henkilötietojen käsittelyn oikeusperusteena on asiakkaan tai hänen laillisen edustajansa ja "
        "Soliseva -yrityksen välinen sopimus, ja siitä johtuvat lakisääteiset velvoitteet. "
        "Henkilötietojen antaminen on edellytys sopimuksen syntymiselle, toisin sanoen asiakassuhdetta "
        "ei synny, jos asiakas ei anna palvelun tuottamiseen liittyviä henkilötietojaan."
    ),
    "data_categories": (
        "Asiakkaina ovat yksityishenkilöt, perheet, julkinen sektori, järjestöt, oppilaitokset sekä "
        "muut yritykset ja organisaatiot. Lisäksi alaikäisen asiakkaan huoltajat tai muu laillinen "
        "edustaja, täysi-ikäiselle asiakkaalle määrätty laillinen edustaja ja tarvittaessa asiakkaan "
        "lähiomainen sekä yritys- tai yhteisöasiakkaan yhteyshenkilö."
    ),
    "data_content": (
        "Käyttämällä kantamoinen.fi -sivustolla olevaa ajanvaraus- tai yhteydenottolomaketta tai "
        "lähettämällä sähköpostia, antaa asiakas seuraavat henkilökohtaiset tiedot: nimi, "
        "sähköpostiosoite ja/tai puhelinnumero.\n\n"
        "Jos yhteydenotto johtaa asiakassuhteeseen, tallennetaan asiakasrekisteriin nimen ja "
        "yhteystietojen lisäksi asiakassuhdetta koskevat tiedot, joita ovat sopimus-, laskutus- ja "
        "maksutiedot sekä muut palvelun tuottamisen kannalta olennaiset tiedot. Rekisteriin tallennetaan "
        "myös alaikäisen kohdalla huoltajien tai muun laillisen edustajan nimi ja yhteystiedot sekä "
        "täysi-ikäiselle asiakkaalle määrätyn laillisen edustajan nimi ja yhteystiedot. Tarvittaessa "
        "rekisteriin voidaan tallentaa myös muun asiakkaan lähiomaisen nimi, yhteystiedot ja mahdollinen "
        "sukulaisuussuhde. Yritys- tai yhteisöasiakkaan kohdalla rekisteriin tallennetaan nimi, "
        "y-tunnus, osoite, sähköpostiosoite, yhteyshenkilön nimi ja puhelinnumero.\n\n"
        "Asiakkaan kanssa käytyjä keskusteluja tai ohjaustilanteita ei tallenneta tai referoida "
        "yksityiskohtaisesti."
    ),
    "sources": (
        "Rekisterin säännönmukaisena ja pääasiallisena tietolähteenä ovat asiakkaalta itseltään "
        "kerättävät tiedot kasvokkain, puhelimitse tai sähköisesti. Asiakas voi antaa erikseen "
        "suostumuksensa häntä koskevien tietojen hakemiseen muilta rekisterinpitäjiltä, kuten muilta "
        "asiakkaalle palveluita tuottaneilta/tuottavilta toimijoilta."
    ),
    "recipients": (
        "Asiakastiedot ovat salassa pidettäviä eikä rekisteritietoja luovuteta ulkopuolisille ilman "
        "asiakkaan suostumusta. Tietoja voidaan kuitenkin luovuttaa Suomen lakien mukaisesti "
        "viranomaisille, kuten esimerkiksi tilanteissa, joissa palveluita tuottaessaan Kantamoinen "
        "osuuskunnan edustaja saa tietää, että alaikäisen hoidon ja huolenpidon tarve, kehitystä "
        "vaarantavat olosuhteet tai oma käyttäytyminen edellyttää mahdollista lastensuojelutarpeen "
        "selvittämistä."
    ),
    "transfers_outside_eea": "Rekisteritietoja ei luovuteta EU:n tai ETA:n ulkopuolelle.",
    "protection_manual": "Manuaalinen rekisteri säilytetään valvotuissa ja kahden lukon takana olevissa tiloissa.",
    "protection_electronic": (
        "Sähköinen rekisteri on tallennettu ja suojattu siten, että vain tietoon oikeutetuilla on "
        "käyttäjätunnuksen ja salasanan avulla pääsy tietoihin. Henkilötietojen suojaamiseksi käytetään "
        "tarpeellisia tietoturvakeinoja, joita ovat esimerkiksi suojattu yhteys, palomuurit, turvalliset "
        "tilat, vahvat salasanat sekä huolellinen toiminta. Yhteydenottolomakkeella lähetettävät tiedot "
        "siirtyvät SSL-varmenteella suojatun yhteyden kautta Kantamoinen osuuskunnan sähköpostiin."
    ),
    "automated_decisions": "Tietojen pohjalta ei tehdä asiakasta koskevia profilointeja ja automaattisia päätöksiä.",
    "cookies": SEED_001_COOKIES,
    "retention": (
        "Henkilötietoja säilytetään rekisterissä ja kirjanpitoaineistossa seitsemän vuotta tai niin kauan "
        "kuin laki rekisterinpitäjältä sitä edellyttää tai siihen asti, että asiakas esittää "
        "henkilötietojansa koskevan poistopyynnön rekisterinpitäjälle, ellei rekisterinpitäjää "
        "edellytetä edelleen säilyttämään tietoja tai ellei rekisterinpitäjällä ole oikeutettua etua "
        "edelleen säilyttää tietoja. Ajanvarausjärjestelmän tietoja säilytetään 12 kuukautta."
    ),
    "rights": SEED_001_RIGHTS,
    # "vastaa viimeistään 20 arkipäivän kuluessa tätä rekisteriä koskeviin kysymyksiin ja palautteisiin"
    "question_answer_working_days": 20,
    "texts_sv": {
        "purpose": (
            "Kantamoinen osuuskunta producerar terapi-, social-, coachnings-, utbildnings- och "
            "utvecklingstjänster. Kundregistret används för att sköta och upprätthålla kundrelationen. "
            "Personuppgifter samlas in till kundregistret för att sköta kundrelationen. Kunduppgifterna i "
            "registret ska framför allt säkerställa kvaliteten på den tjänst som produceras för kunden "
            "(kundens rättigheter, planering, genomförande, uppföljning, kontinuitet)."
        ),
    },
    "texts_en": {
        "purpose": (
            "Kantamoinen osuuskunta provides therapy, social, coaching, training and development services. "
            "The client register is used to look after and maintain the client relationship. Personal data "
            "is collected into the client register in order to look after the client relationship. The "
            "client data recorded in the register serves above all to ensure the quality of the service "
            "provided to the client (the client's rights, planning, delivery, follow-up, continuity)."
        ),
    },
}]

# ---------------------------------------------------------------------------------------------
# Seed 002: MLL V-S piirin Perhepalvelut Oy
# ---------------------------------------------------------------------------------------------
SEED_002_REGISTERS: list[dict[str, Any]] = [{
    "controller": "mll-vs-perhepalvelut", "slug": "asiakasrekisteri",
    "name": "MLL V-S piirin Perhepalvelut Oy:n asiakasrekisteri",
    # The clients come through the commissioning wellbeing services county (ostopalvelu); the seed
    # itself names the provider as the controller ("2. Rekisterin pitäjä"), and so does this data.
    "kind": RegisterKind.PURCHASED_SERVICES, "updated_on": datetime.date(2026, 3, 23),
    "processors": ["netproce"],
    "purpose": (
        "Tallennamme asiakasrekisteriimme sosiaalihuollon asiakkaan henkilötietoja, joiden käsittelyn "
        "tarkoituksena on asiakkaan lakisääteisten palvelujen järjestäminen, suunnittelu, toteutus, "
        "tilastointi ja raportointi. Asiakkaan henkilötietoja käsittelemme asiakkaan ja tilaajana "
        "toimivan viranomaisen välisen palvelusuunnitelman toimeenpanemiseksi.\n\n"
        "Noudatamme toiminnassamme EU:n yleistä tietosuoja-asetusta (EU 2016/679), tietosuojalakia "
        "(1050/2018), lakia sosiaali- ja terveydenhuollon asiakastietojen käsittelystä (703/2023) sekä "
        "muuta voimassa olevaa lainsäädäntöä ja viranomaisten ohjeistusta henkilötietojen käsittelystä."
    ),
    # "artikla 6.1 c ja e"; health data (allergies) and social care: 9.2.h.
    "legal_bases": [B.LEGAL_OBLIGATION, B.PUBLIC_TASK, B.HEALTH_OR_SOCIAL_CARE],
    "requirement": (
        "Käsittely perustuu lakisääteiseen velvoitteeseen ja yleisen edun mukaiseen tehtävään "
        "(EU 2016/679, artikla 6.1 c ja e). Käsittelyä ohjaa erityisesti laki sosiaali- ja "
        "terveydenhuollon asiakastietojen käsittelystä (703/2023)."
    ),
    "data_categories": (
        "Sosiaalihuollon asiakkaat, joille tilaajana toimiva viranomainen on myöntänyt palvelun. "
        "Palvelun toteuttamisen kannalta olennaiset terveystiedot ovat erityisiin henkilötietoryhmiin "
        "kuuluvia tietoja."
    ),
    "data_content": (
        "Tallennamme tietojärjestelmäämme asiakkaan nimen, syntymäajan, kotiosoitteen, puhelinnumeron, "
        "sähköpostiosoitteen, palvelun toteuttamisen kannalta olennaiset terveystiedot, esim. allergiat, "
        "erityistarpeet, lemmikkieläimien olemassaolon sekä myönnetyn palvelun sisällön, keston ja "
        "myönnetyt palvelutunnit. Asiakkuuden aikana toteutuvasta palvelusta kirjaamme palvelutuotteen "
        "edellyttämällä tavalla olennaisen palvelukäynnin sisällön."
    ),
    "sources": (
        "Asiakkaan henkilötiedot saamme palvelun asiakkaalle tilanneelta viranomaiselta tai asiakkaalta "
        "itseltään."
    ),
    "recipients": (
        "Henkilötietoja luovutamme palvelun tilanneen hyvinvointialueen viranomaiselle kuukausikoosteiden "
        "ja palvelun yhteenvetojen muodossa. Lisäksi tietoja voidaan luovuttaa muille viranomaisille tai "
        "palveluntuottajille vain lain tai asiakkaan suostumuksen perusteella.\n\n"
        "Valmistaudumme myös siihen, että asiakastiedot tullaan jatkossa tallentamaan Sosiaalihuollon "
        "asiakastietovarantoon (Kanta-palvelut), jolloin hyvinvointialueella on rekisterinkäyttöoikeus "
        "tietoihin ostopalvelutilanteissa."
    ),
    "transfers_outside_eea": "Tietoja ei siirretä EU:n tai ETA:n ulkopuolelle.",
    "protection_manual": (
        "Manuaalista aineistoa ovat asiakkaiden maksusitoumukset ja lapsiperheiden kuljetusluvat, joita "
        "säilytetään toimistollamme (Sepänkatu 3, Turku) lukitussa laatikossa. Nämä dokumentit "
        "skannataan sähköisesti asiakastietojärjestelmäämme, jossa ne ovat nähtävillä asiakkuuden keston "
        "ajan. Manuaalinen aineisto hävitetään skannauksen jälkeen tietoturvallisesti. Jos "
        "rekisteritietoja tulostetaan, ne tuhotaan asianmukaisesti heti käsittelyn jälkeen."
    ),
    "protection_electronic": (
        "Varmistamme henkilötietojen käsittelyn tietoturvallisuuden sekä henkilötietojen "
        "luottamuksellisuuden, eheyden ja käytettävyyden tarkoituksenmukaisin teknisin ja hallinnollisin "
        "toimenpitein tietoturvaperiaatteiden mukaisesti. Henkilötiedot on suojattu asiattomalta pääsyltä "
        "sekä laittomasti ja vahingossa tapahtuvalta tietojenkäsittelyltä. Henkilötietoja käsittelevät "
        "vain henkilötietojen käsittelyyn erikseen oikeutetut henkilöt. Käyttäjiä sitoo "
        "vaitiolovelvollisuus. Koulutamme ja ohjeistamme henkilötietoja käsittelevät työntekijämme "
        "tietosuoja-asioissa. Sähköiselle aineistolle on järjestelmässämme yksilöllinen käyttäjätunnus ja "
        "oma salasana jokaiselle käyttäjälle. Käyttöoikeuksia on kahdenlaisia, pääkäyttäjän ja "
        "työntekijän. Käyttäjän oikeudet rajautuvat toteutettavien asiakkuuksien ja työtehtävän mukaan."
    ),
    "retention": (
        "Säilytämme tallennetut tiedot järjestelmässämme asiakkuuden keston ajan. Kun asiakkuus päättyy, "
        "poistamme järjestelmässä olevat asiakastiedot ja siirrämme ne järjestelmämme arkistoon "
        "tuhottavaksi. Toimitamme asiakasasiakirjat hyvinvointialueen arkistoon hyvinvointialueen ohjeen "
        "mukaisesti.\n\n"
        "Lisäksi valmistaudumme siirtymään Sosiaalihuollon asiakastietovarannon (Kanta-palvelut) käyttöön "
        "asiakastietolain (703/2023) mukaisesti. Tietojen tallentaminen Kantaan alkaa, kun "
        "hyvinvointialue (Varha) ottaa palvelun käyttöön. Tästä tiedotetaan asiakkaille erikseen ennen "
        "käyttöönottoa."
    ),
    "rights": (
        "Asiakkaalla on oikeus pyytää tietojensa poistamista, ellei poistamiselle ole lainsäädännöllistä "
        "estettä (EU 2016/679:n 17. artikla). Asiakas voi pyytää tietojensa siirtämistä järjestelmästä "
        "toiseen. Tiedot siirretään, ellei siirtämiselle ole lainsäädännöllistä estettä (EU 2016/679:n "
        "20. artikla).\n\n"
        "Lisäksi asiakkaalla on oikeus tarkastella omia sosiaalihuollon asiakastietojaan "
        "OmaKanta-palvelussa sen jälkeen, kun hyvinvointialue on ottanut Sosiaalihuollon "
        "asiakastietovarannon käyttöön. Tästä tiedotetaan asiakkaille erikseen.\n\n"
        "Päivitämme asiakasrekisterimme tietosuojaselostetta säännöllisesti. Jos teemme siihen merkittäviä "
        "muutoksia, annamme siitä selkeän ilmoituksen lain edellyttämällä tavalla, esimerkiksi "
        "verkkosivuillamme tai asiakaskirjeellä."
    ),
    "texts_sv": {
        "purpose": (
            "Vi registrerar personuppgifter om socialvårdens klienter i vårt kundregister. Syftet med "
            "behandlingen är att ordna, planera, genomföra, föra statistik över och rapportera klientens "
            "lagstadgade tjänster. Vi behandlar klientens personuppgifter för att verkställa den "
            "serviceplan som klienten och den beställande myndigheten har gjort upp.\n\n"
            "Vi följer EU:s allmänna dataskyddsförordning (EU 2016/679), dataskyddslagen (1050/2018), lagen "
            "om behandling av kunduppgifter inom social- och hälsovården (703/2023) samt annan gällande "
            "lagstiftning och myndigheternas anvisningar om behandling av personuppgifter."
        ),
    },
    "texts_en": {
        "purpose": (
            "We record personal data of social welfare clients in our client register. The data is "
            "processed to arrange, plan, deliver, compile statistics on and report the client's statutory "
            "services. We process the client's personal data to carry out the service plan agreed between "
            "the client and the commissioning authority.\n\n"
            "We comply with the EU General Data Protection Regulation (EU 2016/679), the Data Protection Act "
            "(1050/2018), the Act on the Processing of Client Data in Healthcare and Social Welfare "
            "(703/2023) and other legislation in force and the authorities' guidance on processing "
            "personal data."
        ),
    },
}]

# ---------------------------------------------------------------------------------------------
# Seed 003: Perhepalvelut ILO Oy -- a client register and an email list
# ---------------------------------------------------------------------------------------------
SEED_003_RIGHTS = """\
Rekisteröityä asiakasta on informoitava rekisterinpidosta ja hänen oikeuksistaan rekisteritietoihin. \
Tietojen rekisteröinnistä kerrotaan myös suullisesti asiakaspalvelutilanteessa asiakkaan ensikäynnin \
yhteydessä.

Tarkastuspyyntö tulee lähettää kirjallisesti ja allekirjoitettuna osoitteella: Tietosuojavastaava / \
Perhepalvelut ILO Oy, c/o Studiopysäkki, Järvihaantie 4 B, 01800 KLAUKKALA. Pyynnön voi myös \
toimittaa kirjallisesti työntekijälle henkilökohtaisesti. Tarkastusoikeus toteutetaan viivytyksettä \
ja rekisteröidyllä henkilöllä on oikeus saada tiedot maksutta. Tarkastuspyynnössä tulee olla \
maininta, että pyyntö koskee Perhepalvelut ILO Oy:n asiakasrekisterin rekisteritietoja.

Rekisterin ulkopuolisella henkilöllä ei ole tarkastusoikeutta, vaikka häntä koskevia tietoja voi \
olla tallennettuna asiakasta koskeviin tietoihin.

Korjauspyyntö ja käsittelyn rajoittamista koskeva pyyntö tehdään kirjallisesti siihen erikseen \
tarkoitetulla lomakkeella, jonka saa työntekijöiltä pyydettäessä. Asiakkaan henkilöllisyys \
varmennetaan luotettavalla tavalla. Mahdollisesti virheelliset merkinnät korjataan niin, että \
merkintä on myöhemmin luettavissa. Korjauksen tekijän nimi, korjauksen tekopäivä ja korjauksen \
peruste merkitään asiakastietoihin. Mikäli tiedon korjaamista ei hyväksytä, annetaan asiakkaalle \
perusteltu ilmoitus, jossa kerrotaan syyt, joiden vuoksi vaatimusta ei hyväksytty."""

SEED_003_REGISTERS: list[dict[str, Any]] = [
    {
        "controller": "perhepalvelut-ilo", "slug": "asiakasrekisteri", "name": "Asiakasrekisteri",
        "kind": RegisterKind.CLIENT_RECORDS, "updated_on": datetime.date(2019, 10, 13),
        "purpose": (
            "Asiakasrekisteriin kerätään tietoja asiakkaista, jotka kuuluvat Perhepalvelut ILO Oy:n "
            "tuottamien palveluiden piiriin. Asiakasrekisteriin kerätään henkilötietoja, jotta palvelu "
            "voidaan tarjota lainmukaisesti ja yksilöllisesti. Asiakkaiden henkilötietoja käytetään "
            "asiakkuuden hoitoon, yhteydenpitoon ja laskutukseen. Asiakastietojen käsittely perustuu "
            "lakiin tai asiakkaan suostumukseen. Asiakasrekisteriin tallennettuja tietoja käytetään "
            "asiakkuuteen tai muihin lain ja suostumusten mukaisiin käyttötarkoituksiin.\n\n"
            "Arvonlisäverottoman palvelun tuottamisessa palvelusuunnitelmaan ja palvelusopimukseen "
            "kirjataan asioita, jotka toimivat todistein kyseiseen palveluun."
        ),
        # "perustuu lakiin tai asiakkaan suostumukseen"; "Kyse on sosiaalihuollon rekisteristä": 9.2.h.
        "legal_bases": [B.LEGAL_OBLIGATION, B.CONSENT, B.HEALTH_OR_SOCIAL_CARE],
        "data_categories": (
            "Perhepalvelut ILO Oy:n tuottamien palveluiden asiakkaat ja alaikäisen asiakkaan huoltajat. "
            "Kyse on sosiaalihuollon rekisteristä."
        ),
        "data_content": (
            "Rekisteriin kerätään asiakkaan palvelusopimuksen yhteydessä kirjatut tiedot, jotka katsotaan "
            "tarvittavan asiakassuhteen asianmukaiseen hoitamiseen. Asiakasrekisterissä säilytetään myös "
            "maksusitoumuksia tai asiakkaan muita tietoja, jotka palvelujen ostaja katsoo tarpeelliseksi "
            "yrittäjälle toimittaa.\n\n"
            "Palvelusopimukseen kirjataan: asiakkaan nimi, osoite, puhelinnumero ja sähköpostiosoite; "
            "palvelu; sovitut asiat; laskutus; sopimuksen voimassaoloaika; päiväys ja paikka; "
            "allekirjoitukset.\n\n"
            "Palvelusuunnitelmaan kirjataan: asiakkaan nimi, henkilötunnus, osoite, puhelinnumero ja "
            "sähköpostiosoite; huoltajien yhteystiedot (jos asiakas on alaikäinen); asiakkaan oma näkemys "
            "palvelun tarpeelle / syy palveluihin hakeutumiseen; palvelu ja palveluiden tarve; palvelun "
            "tavoitteet; käytettävät työskentelymenetelmät; asiakkaan voimassaolevat muut toimintakykyä "
            "tukevat palvelut; yhteydenpito huoltajien kanssa (jos asiakas on alaikäinen); "
            "palvelusuunnitelman seuranta ja tarkastus; palveluntuottajan ilmoitusvelvollisuus, "
            "vaitiolovelvollisuus ja vastuuvakuutus (kirjataan rasteina, että asiat käyty läpi); paikka ja "
            "päiväys; allekirjoitukset."
        ),
        "sources": (
            "Henkilötiedot saadaan, kun asiakkuus alkaa ja palvelusopimus/palvelusuunnitelma kirjataan "
            "yhdessä asiakkaan kanssa manuaalisesti laatien. Tietoja antaa asiakas itse ja/tai hänen "
            "asioistaan vastaava viranomainen esim. sosiaalityöntekijä asiakkaan luvalla lainmukaisiin "
            "perusteisiin nojaten. Asiakkaan tiedot lähettävä viranomainen huolehtii omasta puolestaan "
            "tietojen antamiseen liittyvistä lainmukaisista velvoitteista sekä asiakkaan suostumuksesta "
            "tietojen antamiseen."
        ),
        "recipients": (
            "Asiakastiedot ovat salassapidettäviä ja yrityksen työntekijöillä on salassapitovelvollisuus. "
            "Asiakastietoja voidaan luovuttaa vain asiakkaan tai hänen laillisen edustajansa suostumuksella "
            "sekä nimenomaisen lainsäännöksen nojalla. Asiakastietojen säännönmukaista luovuttamista ei "
            "tapahdu.\n\n"
            "Asiakkaan kirjallisella suostumuksella tai nimenomaisen lainsäännöksen perusteella voidaan "
            "luovuttaa tietoja asiakkaan palvelusuunnitelmaan kirjatuille viranomaisille, mikäli se on "
            "asiakkaan palvelusuunnitelman toteuttamiseksi tarpeellista.\n\n"
            "Asiakkaan huoltaja, muu laillinen edustaja sekä asiakkaan lähiomainen voivat saada tietoja, "
            "jos asiakas on antanut tähän suostumuksensa. Suostumus on kirjattu asiakkaan "
            "asiakasrekisteritietoihin.\n\n"
            "Jos alaikäinen asiakas ikäänsä ja kehitystasoonsa nähden kykenee päättämään asiakkuudestaan ja "
            "tiedon antamatta jättäminen ei vaaranna lapsen (psyykkistä tai fyysistä) kasvua ja kehitystä, "
            "hänellä on oikeus kieltää asiakkuuttansa koskevien tietojen antaminen huoltajalleen tai muulle "
            "lailliselle edustajalleen.\n\n"
            "Henkilötietoja voidaan luovuttaa Suomen lakien mukaisesti viranomaisille niin pyydettäessä."
        ),
        "transfers_outside_eea": (
            "Tietoja ei luovuteta Euroopan unionin tai Euroopan talousalueen ulkopuolelle. "
            "Rekisteritietoja voidaan luovuttaa EU:n ja ETA:n ulkopuolelle vain rekisteröidyn "
            "nimenomaisella luvalla tai rekisteröidyn elintärkeän edun suojaamiseksi."
        ),
        "protection_manual": (
            "Asiakkaan palvelusopimus ja palvelusuunnitelma täytetään manuaalisesti tai sähköisesti. "
            "Asiakassuhteen aikana kertynyttä materiaalia säilytetään lukitussa tilassa lain vaatimien "
            "ohjeiden mukaan. Perhepalvelut ILO Oy:n työntekijät ovat sitoutuneet "
            "salassapitovelvoitteisiin, joilla suojataan asiakkaan henkilötiedot lain edellyttämällä "
            "tavalla. Salassapito- ja vaitiolovelvollisuus jatkuu myös palvelussuhteen päätyttyä."
        ),
        "protection_electronic": (
            "Asiakasrekisterinä käytetään Nappula-tiedonhallintajärjestelmää, joka on yleisesti käytössä "
            "lastensuojelun ja sosiaalihuollon palveluissa. Rekisteriin tallennettavat henkilötiedot on "
            "säädetty salassa pidettäviksi. Asiakasrekisterinä käytettävä tiedonhallintajärjestelmä on "
            "suojattu ja sijoitettu siten, ettei asiaankuulumattomilla tahoilla ole pääsyä "
            "rekisteritietoihin.\n\n"
            "Rekisterin tiedot on suojattu tietoturvallisesti niin, että niitä pääsee katsomaan vain siihen "
            "oikeutettu Perhepalvelut ILO Oy:n työntekijä. Työntekijöillä on vaitiolovelvollisuus ja "
            "käyttöoikeuden saaminen edellyttää kirjallista vaitiolositoumusta sekä tietoturvasitoumusta. "
            "Tietojen käyttö perustuu asiakassuhteeseen. Rekisterissä olevia tietoja ei luovuteta "
            "sivullisille. Laskutuksessa käytetty asiakasrekisteri on tallennettu ja suojattu siten, ettei "
            "asiaankuulumattomilla tahoilla ole pääsyä rekisteritietoihin."
        ),
        "retention": (
            "Asiakassuhteen päättymisen jälkeen materiaali luovutetaan asiakkaalle ja/tai hänen asioistaan "
            "vastaavalle viranomaiselle."
        ),
        "rights": SEED_003_RIGHTS,
        "texts_sv": {
            "purpose": (
                "I kundregistret samlas uppgifter om de kunder som omfattas av de tjänster Perhepalvelut ILO "
                "Oy producerar. Personuppgifter samlas in så att tjänsten kan erbjudas lagenligt och "
                "individuellt. Kundernas personuppgifter används för att sköta kundrelationen, för kontakter "
                "och för fakturering. Behandlingen av kunduppgifter grundar sig på lag eller på kundens "
                "samtycke."
            ),
        },
        "texts_en": {
            "purpose": (
                "The client register holds data on the clients who receive the services Perhepalvelut ILO Oy "
                "provides. Personal data is collected so that the service can be provided lawfully and "
                "individually. Clients' personal data is used to look after the client relationship, for "
                "contact and for billing. The processing of client data is based on law or on the client's "
                "consent."
            ),
        },
    },
    {
        "controller": "perhepalvelut-ilo", "slug": "sahkopostilista", "name": "Sähköpostilista",
        "kind": RegisterKind.EMAIL_LIST, "updated_on": datetime.date(2019, 10, 13),
        "purpose": (
            "Rekisterin henkilötietoja käytetään yhteydenpitoon sähköpostilistalla oleviin käyttäjiin sekä "
            "yrityksen ja asiakkaiden välisen asiakassuhteen hallintaan ja ylläpitoon.\n\n"
            "Rekisteröidyn asiakkaan henkilötietoja voidaan käsitellä seuraavia tarkoituksia varten:\n"
            "- asiakassuhteen ylläpito, hoitaminen ja kehittäminen\n"
            "- palvelujen toteuttaminen\n"
            "- asiakas- ja kävijätapahtumien varmentaminen\n"
            "- asiakaspalvelun, toiminnan ja sivustojen kehittäminen\n"
            "- mielipide- ja markkinatutkimusten toteuttaminen\n"
            "- tuotteiden ja palvelujen markkinointi sekä tietojen tilastointi ja analysointi\n\n"
            "Asiakkaalta pyydetään kirjallinen lupa, että yritys saa lähettää sähköpostin välityksellä myös "
            "suoramarkkinointi-, suoramainonta-, mielipide-, markkinointitutkimusmateriaalia ja/tai muihin "
            "näihin rinnastettaviin osoitteellisiin lähetyksiin."
        ),
        "legal_bases": [B.CONSENT],  # "Asiakkaalta pyydetään kirjallinen lupa"
        "data_categories": "Sähköpostilistalle liittyneet asiakkaat.",
        "data_content": "Sähköpostilistaan kerätään ainoastaan asiakkaan sähköpostiosoite.",
        # Not in the seed for the list; "Sähköpostilistalle liittynyt käyttäjä" gives it himself.
        "sources": "Sähköpostiosoitteen antaa asiakas itse liittyessään sähköpostilistalle.",
        "recipients": "Rekisterissä olevia tietoja ei luovuteta sivullisille.",
        "transfers_outside_eea": "Tietoja ei luovuteta Euroopan unionin tai Euroopan talousalueen ulkopuolelle.",
        "retention": (
            "Sähköpostilistalle liittynyt käyttäjä voi milloin tahansa pyytää tietojensa poistamista "
            "sähköpostilistalta ottamalla yhteyttä rekisterin ylläpitäjiin ohjeiden mukaisesti."
        ),
        "texts_sv": {
            "purpose": (
                "Personuppgifterna i registret används för att hålla kontakt med användarna på e-postlistan "
                "och för att hantera och upprätthålla kundrelationen mellan företaget och kunderna. Kunden "
                "ombeds ge skriftligt tillstånd till att företaget per e-post även skickar "
                "direktmarknadsföring, direktreklam och material för opinions- och marknadsundersökningar."
            ),
        },
        "texts_en": {
            "purpose": (
                "The personal data in the register is used to keep in touch with the users on the email list "
                "and to manage and maintain the client relationship between the company and its clients. The "
                "client is asked for written permission before the company also sends direct marketing, "
                "direct advertising and opinion or market research material by email."
            ),
        },
    },
]

# ---------------------------------------------------------------------------------------------
# Seed 004: Voimaantumo -- a register and its sub-registers; purchased services kept for each
# municipality as controller. The seed's OCR text is restored to å/ä/ö.
# ---------------------------------------------------------------------------------------------
SEED_004_PROTECTION = (
    "Rekisteriin kerätään vain sellaisia tietoja, jotka ovat välttämättömiä ja tarpeellisia "
    "käsittelytarkoituksen kannalta. Asiakastiedot on säädetty salassa pidettäviksi. Niitä ei saa "
    "luovuttaa sivullisille ilman asiakkaan suostumusta tai nimenomaista lainsäännöstä. Asiakastietoja "
    "saa käyttää ainoastaan toimeksiannon toteutukseen osallistuvat henkilöt."
)
SEED_004_PROTECTION_MANUAL_PRIVATE = (
    SEED_004_PROTECTION + "\n\nYksityisten sosiaalipalvelujen asiakasrekisteritietoja säilytetään "
    "manuaalisessa rekisterissä. Yksityisten sosiaalipalvelujen asiakasrekisteriin liittyvät kirjalliset "
    "asiakirjakappaleet säilytetään lukituissa tiloissa tai henkilökunnan jatkuvan valvonnan alaisena "
    "niitä käsiteltäessä."
)
SEED_004_PROTECTION_MANUAL_OTHER = (
    SEED_004_PROTECTION + "\n\nMahdolliset kirjalliset asiakirjakappaleet säilytetään lukituissa tiloissa "
    "tai henkilökunnan jatkuvan valvonnan alaisena niitä käsiteltäessä."
)
SEED_004_PROTECTION_ELECTRONIC = (
    "Muiden kuin yksityisten sosiaalipalvelujen asiakasrekisteritietoja käsitellään automaattisen "
    "tietojenkäsittelyn avulla. Sähköiseen tietojärjestelmään tallennetut tiedot on suojattu "
    "käyttäjätunnuksilla ja salasanoilla, jotka ovat vain yrityksen henkilökunnalla. Rekisterinkäyttäjät "
    "ovat salassapitosopimuksen alaisia ja eivät näin ollen saa luovuttaa käsittelemäänsä tietoa "
    "eteenpäin. Myös ATK-laitteet ovat fyysisesti suojattu salasanoin ja sijaitsevat valvotuissa "
    "tiloissa. Tietoliikenneyhteys tietojärjestelmään on salattu palomuurilla ja muilla teknisillä "
    "toimenpiteillä."
)
SEED_004_SOURCES = (
    "Henkilöiden perustiedot saadaan asiakkaan itsensä toimittamista tai toimeksiannon yhteydessä "
    "(esimerkiksi palvelun tilaajalta) saaduista tiedoista ja asiakirjoista."
)
SEED_004_RECIPIENTS = (
    "Asiakasrekisterin tietoja ei luovuteta kenellekään eikä mitään tarkoitusta varten ellei laki tai "
    "viranomaismääräys tai toimeksiannon hoito sitä edellytä."
)
SEED_004_CATEGORIES = (
    "Tarjottuihin ja vastaanotettuihin toimeksiantoihin liittyvät palvelun tilaajat, kohteet sekä muut "
    "asian käsittelyyn osallistuvat henkilöt tai yhteisöt."
)
SEED_004_CLOUD = (
    "Muiden kuin yksityisten sosiaalipalvelujen asiakasrekisteritiedot säilytetään pilvipalvelussa, "
    "jonka palvelin voi sijaita EU:n ulkopuolella."
)
SEED_004_NO_TRANSFER = (
    "Yksityisten sosiaalipalvelujen osalta rekisterin tietoja ei siirretä Euroopan unionin tai Euroopan "
    "talousalueen ulkopuolelle."
)
SEED_004_RIGHTS = """\
Asiakkaalla on oikeus tarkistaa rekisteriin tallennetut tietonsa. Tarkastusoikeus perustuu \
henkilötietolain 6 luvun 26 §:ään. Tarkastusoikeus on maksuton enintään kerran vuodessa \
toteutettuna. Tarkastuspyyntö osoitetaan rekisteriasioista vastaavalle henkilölle. Pyyntö esitetään \
omakätisesti allekirjoitetussa tai sitä vastaavalla tavalla varmennetussa asiakirjassa tai \
henkilökohtaisesti rekisterinpitäjän luona.

Asiakkaalla on oikeus vaatia rekisterissä olevan virheellisen tiedon korjaamista. Korjauspyyntö on \
tehtävä kirjallisesti ja riittävän yksilöidysti. Oikeus vaatia tiedon korjaamista perustuu \
henkilötietolain 6 luvun 29 §:ään. Korjaamista koskeva pyyntö osoitetaan rekisteriasioista \
vastaavalle henkilölle.

Jos tiedon korjaamisesta tai tarkastusoikeuden toteuttamatta jättämisestä kieltäydytään, \
rekisteröidylle annetaan kirjallinen kieltäytymistodistus ja hänellä on oikeus saattaa asia \
tietosuojavaltuutetun ratkaistavaksi. Tietosuojavaltuutettu voi antaa rekisterinpitäjälle \
määräyksen tiedon korjaamisesta."""
# The seed states no retention; these texts follow the statutory rules (DESIGN.md, Retention).
SEED_004_RETENTION_SOCIAL = (
    "Sosiaalihuollon asiakasasiakirjat säilytetään sosiaali- ja terveydenhuollon asiakastietojen "
    "käsittelystä annetun lain (703/2023) liitteen mukaiset ajat, minkä jälkeen ne hävitetään."
)

SEED_004_REGISTERS: list[dict[str, Any]] = [
    {
        "controller": "voimaantumo", "slug": "asiakaskertomukset",
        "name": "Yksityisen sosiaalipalvelun asiakaskertomusrekisteri",
        "kind": RegisterKind.CLIENT_RECORDS,
        "purpose": (
            "Voimaantumon asiakasrekisterin osarekisteri: yksityisen sosiaalipalvelun "
            "asiakaskertomusrekisteri (itse maksavat asiakkaat). Rekisterin käyttötarkoitus on "
            "toimeksiantojen hoitaminen."
        ),
        "legal_bases": [B.CONTRACT, B.HEALTH_OR_SOCIAL_CARE],
        "data_categories": SEED_004_CATEGORIES,
        "data_content": (
            "- Henkilötiedot: sukunimi, etunimet, henkilötunnus, postiosoite, puhelinnumero, "
            "sähköpostiosoite\n"
            "- Toimeksiannon hoitoon liittyvät asiakirjat (arkistoidut asiakirjat)\n"
            "- tilaukseen liittyvät toimeksiannot ja rooli niissä\n"
            "- käydyt keskustelut (puhelut, kirjeenvaihto, neuvottelut jne.) ja asiakkuuden eteneminen\n"
            "- toimeksiannon hoitamista varten kerätty tai tuotettu aineisto"
        ),
        "sources": SEED_004_SOURCES,
        "recipients": SEED_004_RECIPIENTS,
        "transfers_outside_eea": SEED_004_NO_TRANSFER,
        "protection_manual": SEED_004_PROTECTION_MANUAL_PRIVATE,
        "protection_electronic": (
            "Yksityisten sosiaalipalvelujen asiakasrekisteritietoja säilytetään manuaalisessa rekisterissä."
        ),
        "retention": SEED_004_RETENTION_SOCIAL,
        "rights": SEED_004_RIGHTS,
        "texts_sv": {
            "purpose": (
                "Delregister till Voimaantumos kundregister: klientjournalregister för privat socialservice "
                "(kunder som själva betalar). Registret används för att sköta uppdragen."
            ),
        },
        "texts_en": {
            "purpose": (
                "Sub-register of Voimaantumo's client register: client records of private social services "
                "(clients who pay themselves). The register is used to carry out the assignments."
            ),
        },
    },
    {
        "controller": "voimaantumo", "slug": "markkinointi", "name": "Markkinointirekisteri",
        "kind": RegisterKind.MARKETING, "processors": ["mailchimp"],
        "purpose": (
            "Voimaantumon asiakasrekisterin osarekisteri: markkinointirekisteri. Rekisterin "
            "käyttötarkoitus on yhteydenpito nykyisiin, entisiin sekä mahdollisesti tuleviin asiakkaisiin. "
            "Tiedottamisessa yksityisasiakkaille voidaan käyttää uutiskirjepalvelua."
        ),
        "legal_bases": [B.LEGITIMATE_INTERESTS, B.CONSENT],
        # Not in the seed: derived from its purpose "yhteydenpito nykyisiin, entisiin sekä
        # mahdollisesti tuleviin asiakkaisiin".
        "legitimate_interest": (
            "Yhteydenpito nykyisiin ja entisiin asiakkaisiin asiakassuhteen perusteella. Markkinoinnin voi "
            "kieltää milloin tahansa."
        ),
        "data_categories": SEED_004_CATEGORIES,
        "data_content": "- nimet\n- yhteystiedot",
        "sources": SEED_004_SOURCES,
        "recipients": SEED_004_RECIPIENTS,
        "transfers_outside_eea": (
            SEED_004_CLOUD + " Myös tiedottamisessa yksityisasiakkaille voidaan käyttää uutiskirjepalvelua "
            "(esim. Mailchimp), jonka palvelin voi sijaita EU:n tai ETA:n ulkopuolella."
        ),
        "protection_manual": SEED_004_PROTECTION_MANUAL_OTHER,
        "protection_electronic": SEED_004_PROTECTION_ELECTRONIC,
        "retention": (
            "Tiedot poistetaan markkinointirekisteristä, kun henkilö kieltää markkinoinnin tai pyytää "
            "tietojensa poistamista."
        ),
        "rights": SEED_004_RIGHTS,
        "texts_sv": {
            "purpose": (
                "Delregister till Voimaantumos kundregister: marknadsföringsregister. Registret används för "
                "att hålla kontakt med nuvarande, tidigare och möjliga framtida kunder. En "
                "nyhetsbrevstjänst kan användas för information till privatkunder."
            ),
        },
        "texts_en": {
            "purpose": (
                "Sub-register of Voimaantumo's client register: marketing register. The register is used to "
                "keep in touch with current, former and possible future clients. A newsletter service may be "
                "used to inform private clients."
            ),
        },
    },
    {
        "controller": "voimaantumo", "slug": "yhteystiedot", "name": "Yhteystietorekisteri",
        "kind": RegisterKind.CONTACTS,
        "purpose": (
            "Voimaantumon asiakasrekisterin osarekisteri: yhteystietorekisteri. Rekisterin "
            "käyttötarkoitus on esteellisyyksien selvittäminen uusia toimeksiantoja vastaanottaessa sekä "
            "yhteydenpito nykyisiin, entisiin sekä mahdollisesti tuleviin asiakkaisiin."
        ),
        "legal_bases": [B.LEGITIMATE_INTERESTS],
        # Not in the seed: derived from its purposes.
        "legitimate_interest": (
            "Esteellisyyksien selvittäminen uusia toimeksiantoja vastaanottaessa ja yhteydenpito "
            "toimeksiantojen osapuoliin."
        ),
        "data_categories": SEED_004_CATEGORIES,
        "data_content": (
            "Rekisteröityihin tahoihin liitetyt tiedot:\n"
            "- nimet sekä palvelun kohteen osalta henkilötunnus\n"
            "- yhteystiedot\n"
            "- tilaukseen liittyvät toimeksiannot ja rooli niissä\n"
            "- käydyt keskustelut (puhelut, kirjeenvaihto, neuvottelut jne.) ja asiakkuuden eteneminen"
        ),
        "sources": SEED_004_SOURCES,
        "recipients": SEED_004_RECIPIENTS,
        "transfers_outside_eea": SEED_004_CLOUD,
        "protection_manual": SEED_004_PROTECTION_MANUAL_OTHER,
        "protection_electronic": SEED_004_PROTECTION_ELECTRONIC,
        "retention": (
            "Yhteystiedot poistetaan, kun niitä ei enää tarvita esteellisyyksien selvittämiseen tai "
            "yhteydenpitoon, tai kun henkilö pyytää tietojensa poistamista."
        ),
        "rights": SEED_004_RIGHTS,
        "texts_sv": {
            "purpose": (
                "Delregister till Voimaantumos kundregister: kontaktregister. Registret används för att "
                "utreda jäv när nya uppdrag tas emot och för att hålla kontakt med nuvarande, tidigare och "
                "möjliga framtida kunder."
            ),
        },
        "texts_en": {
            "purpose": (
                "Sub-register of Voimaantumo's client register: contacts register. The register is used to "
                "check for conflicts of interest when new assignments are accepted and to keep in touch with "
                "current, former and possible future clients."
            ),
        },
    },
    {
        "controller": "voimaantumo", "slug": "laskutus", "name": "Laskutusrekisteri",
        "kind": RegisterKind.BILLING,
        "purpose": (
            "Voimaantumon asiakasrekisterin osarekisteri: laskutusrekisteri. Rekisterin käyttötarkoitus on "
            "toimeksiantojen laskutus."
        ),
        "legal_bases": [B.CONTRACT, B.LEGAL_OBLIGATION],  # billing the contract; bookkeeping law
        "data_categories": SEED_004_CATEGORIES,
        "data_content": (
            "- Henkilötiedot: sukunimi, etunimet, postiosoite, puhelinnumero, sähköpostiosoite\n"
            "- Laskutus- ja suoritustiedot"
        ),
        "sources": SEED_004_SOURCES,
        "recipients": SEED_004_RECIPIENTS,
        "transfers_outside_eea": SEED_004_CLOUD,
        "protection_manual": SEED_004_PROTECTION_MANUAL_OTHER,
        "protection_electronic": SEED_004_PROTECTION_ELECTRONIC,
        "retention": (
            "Laskutus- ja suoritustiedot säilytetään kirjanpitoaineistona kirjanpitolain (1336/1997) "
            "mukaisesti: tositteet vähintään kuusi vuotta sen vuoden lopusta, jona tilikausi päättyi."
        ),
        "rights": SEED_004_RIGHTS,
        "texts_sv": {
            "purpose": (
                "Delregister till Voimaantumos kundregister: faktureringsregister. Registret används för att "
                "fakturera uppdragen."
            ),
        },
        "texts_en": {
            "purpose": (
                "Sub-register of Voimaantumo's client register: billing register. The register is used to "
                "bill the assignments."
            ),
        },
    },
    {
        # "kunkin kunnan ostamien ostopalvelun osalta oleva oma asiakasrekisteri (rekisterin pitäjänä
        # kunta)": the municipality is the controller, Voimaantumo keeps the register for it.
        "controller": "lempaala", "operator": "voimaantumo", "slug": "voimaantumo-ostopalvelut",
        "name": "Ostopalvelujen asiakasrekisteri (Voimaantumo)",
        "kind": RegisterKind.PURCHASED_SERVICES,
        "purpose": (
            "Kunnan Voimaantumolta ostamien sosiaalipalvelujen oma asiakasrekisteri, jonka "
            "rekisterinpitäjänä on kunta. Rekisterin käyttötarkoitus on toimeksiantojen hoitaminen."
        ),
        "legal_bases": [B.LEGAL_OBLIGATION, B.PUBLIC_TASK, B.HEALTH_OR_SOCIAL_CARE],
        "data_categories": SEED_004_CATEGORIES,
        "data_content": (
            "- Henkilötiedot: sukunimi, etunimet, henkilötunnus, postiosoite, puhelinnumero, "
            "sähköpostiosoite\n"
            "- Toimeksiannon hoitoon liittyvät asiakirjat (arkistoidut asiakirjat)\n"
            "- toimeksiannon hoitamista varten kerätty tai tuotettu aineisto"
        ),
        "sources": SEED_004_SOURCES,
        "recipients": SEED_004_RECIPIENTS,
        "transfers_outside_eea": SEED_004_NO_TRANSFER,
        "protection_manual": SEED_004_PROTECTION_MANUAL_OTHER,
        "protection_electronic": SEED_004_PROTECTION_ELECTRONIC,
        "retention": (
            "Asiakasasiakirjat luovutetaan kunnalle toimeksiannon päättyessä. " + SEED_004_RETENTION_SOCIAL
        ),
        "rights": SEED_004_RIGHTS,
        "texts_sv": {
            "purpose": (
                "Eget kundregister för de socialtjänster som kommunen köper av Voimaantumo; kommunen är "
                "personuppgiftsansvarig. Registret används för att sköta uppdragen."
            ),
        },
        "texts_en": {
            "purpose": (
                "The municipality's own client register for the social services it purchases from "
                "Voimaantumo; the municipality is the controller. The register is used to carry out the "
                "assignments."
            ),
        },
    },
]

REGISTERS: list[dict[str, Any]] = [
    *SEED_000_REGISTERS, *SEED_001_REGISTERS, *SEED_002_REGISTERS, *SEED_003_REGISTERS, *SEED_004_REGISTERS,
]

_CONTROLLER_FIELDS = (
    "name", "slug", "kind", "street_address", "postal_code", "city", "email", "phone", "website",
    "contact_person_name", "contact_person_phone", "contact_person_email", "dpo_name", "dpo_phone",
    "dpo_email",
)
_REGISTER_FIELDS = (
    "name", "kind", "purpose", "legal_bases", "requirement", "legitimate_interest", "data_categories",
    "data_content", "sources", "recipients", "transfers_outside_eea", "protection_manual",
    "protection_electronic", "automated_decisions", "cookies", "retention", "rights", "texts_sv", "texts_en",
)


def _controller_get_or_create(spec: dict[str, Any]) -> Controller:
    business_id = business_id_clean(spec["business_id"])  # raises if a seed's ID were wrong
    controller, _created = Controller.objects.get_or_create(
        business_id=business_id,
        defaults={name: spec.get(name, "") for name in _CONTROLLER_FIELDS},
    )
    return controller


def _processor_get_or_create(key: str) -> Processor:
    spec = PROCESSORS[key]
    if spec["business_id"]:
        business_id_clean(spec["business_id"])
    processor, _created = Processor.objects.get_or_create(
        name=spec["name"], business_id=spec["business_id"],
        defaults={"service": spec["service"], "location": spec["location"]},
    )
    return processor


def _register_get_or_create(spec: dict[str, Any], controllers: dict[str, Controller],
                            today: datetime.date) -> Register:
    controller = controllers[spec["controller"]]
    defaults: dict[str, Any] = {name: spec.get(name, "") for name in _REGISTER_FIELDS}
    defaults["legal_bases"] = [str(code) for code in spec["legal_bases"]]
    defaults["texts_sv"], defaults["texts_en"] = spec.get("texts_sv", {}), spec.get("texts_en", {})
    defaults["operator"] = controllers[spec.get("operator", spec["controller"])]
    if "question_answer_working_days" in spec:  # else the model's default (seed 001's 20)
        defaults["question_answer_working_days"] = spec["question_answer_working_days"]
    defaults["updated_on"] = spec.get("updated_on", today)  # seed 004 gives no date
    register, created = Register.objects.get_or_create(controller=controller, slug=spec["slug"],
                                                       defaults=defaults)
    if created and spec.get("processors"):
        register.processors.set([_processor_get_or_create(key) for key in spec["processors"]])
    return register


@transaction.atomic
def seed_registers_create(*, today: datetime.date) -> list[Controller]:
    """Create the controllers and registers of seeds 000-004 (with seed 004's example
    municipality), or find them if they exist; returns the controllers in seed order. `today` is
    the date of last update of registers whose seed gives none."""
    controllers = {spec["slug"]: _controller_get_or_create(spec) for spec in CONTROLLERS}
    for spec in REGISTERS:
        _register_get_or_create(spec, controllers, today)
    return list(controllers.values())
