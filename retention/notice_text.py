"""The retention section of a privacy notice, written from the rules the nightly run enforces.

What this guarantees (issue 18, "the notice says what the run does"):
- Every sentence comes from one enforced rule of the register (`selectors.rules_for_notice`): its
  scope (which clients), its period, the event the period counts from and what happens then.
  Nothing else is promised; the closing sentence says that the longest applicable period decides,
  which is how `selectors.client_retention` computes a client's due date.
- A period counted from an event not yet known keeps the data (no date of death yet: kept), as
  the run does.
- The register's own free text may add context, but `retention_text_contradictions` finds every
  period ("kahden viikon", "7 years", "tolv månader") and every start event (death, birth, a
  case closed, the end of the client relationship) it names that no rule of the register has;
  `clients.services.notices.notice_publish` asks it through `core.notices` and refuses.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from clients.constants import ServiceTask
from clients.models import Register

from .constants import DOCUMENT_KINDS, LOG_KINDS, Action, AppliesTo, RecordKind, StartEvent
from .models import RetentionRule
from .selectors import rules_for_notice


@dataclass(frozen=True)
class NoticeSentence:
    rule: RetentionRule
    text: str


def _subject(rule: RetentionRule) -> str:
    if rule.applies_to == AppliesTo.CASES_OF_TASK:
        return _("Clients with a case of the service task %(task)s") % {
            "task": str(ServiceTask(rule.service_task).label).lower()}
    return str(AppliesTo(rule.applies_to).label)


def _kept(rule: RetentionRule) -> str:
    period = rule.period_text
    event = rule.start_event
    if rule_period(rule) == (0, 0):  # the period ends when it starts (seed 002: when the relationship ends)
        if event == StartEvent.CLIENT_DEATH:
            return _("kept until the client's death; while no date of death is known the data is kept")
        if event == StartEvent.CASE_CLOSED:
            return _("kept until the last of these cases is closed")
        if event == StartEvent.RELATIONSHIP_ENDED:
            return _("kept while the client relationship lasts")
    if event == StartEvent.CLIENT_DEATH:
        return _("kept until %(period)s after the client's death; while no date of death is known the "
                 "data is kept") % {"period": period}
    if event == StartEvent.CASE_CLOSED:
        return _("kept until %(period)s after the last of these cases is closed; while one of them is "
                 "open the data is kept") % {"period": period}
    if event == StartEvent.RELATIONSHIP_ENDED:
        return _("kept until %(period)s after the client relationship ends; while it lasts the data is "
                 "kept") % {"period": period}
    if event == StartEvent.CHILD_BIRTH:
        return _("kept until %(period)s after the child's birth (the client's own date of birth when the "
                 "client is the child; otherwise the child's date of birth recorded on the case, and until it "
                 "is recorded the data is kept)") % {"period": period}
    return _("kept until %(period)s after the last entry in the client file") % {"period": period}


def _then(rule: RetentionRule) -> str:
    if rule.action == Action.ARCHIVE_THEN_DELETE:
        archive = rule.archive_name or _("the archive")
        if rule.hand_over_at_start:
            return _("The data is handed over to %(archive)s when the period starts and deleted here when "
                     "it ends.") % {"archive": archive}
        return _("Then the data is handed over to %(archive)s and deleted here.") % {"archive": archive}
    if rule.action == Action.ANONYMISE:
        return _("Then the data is anonymised.")
    return _("Then the data is deleted.")


def rule_sentence(rule: RetentionRule) -> str:
    """One enforced rule as a plain sentence in the active language."""
    if rule.record_kind in LOG_KINDS:
        return _("%(records)s: kept %(period)s from their own date, also after the client's data has been "
                 "removed, without the client's identity. Then deleted.") % {
            "records": str(RecordKind(rule.record_kind).label), "period": rule.period_text}
    if rule.record_kind in DOCUMENT_KINDS:
        return _("%(records)s: kept %(period)s from their own date (the document's date), also when the case "
                 "they are filed under is removed earlier. Then deleted.") % {
            "records": str(RecordKind(rule.record_kind).label), "period": rule.period_text}
    return f"{_subject(rule)}: {_kept(rule)}. {_then(rule)}"


def notice_sentences(register: Register) -> list[NoticeSentence]:
    """The retention section's sentences for `register`, client-file rules first."""
    rules = rules_for_notice(register)
    rules.sort(key=lambda r: (r.record_kind in LOG_KINDS or r.record_kind in DOCUMENT_KINDS, r.record_kind, r.code))
    return [NoticeSentence(rule=r, text=rule_sentence(r)) for r in rules]


# The free text's periods and events -----------------------------------------------------------

NUMBER_WORDS = {
    # Finnish (nominative, genitive), Swedish, English
    "yksi": 1, "yhden": 1, "kaksi": 2, "kahden": 2, "kolme": 3, "kolmen": 3, "neljä": 4, "neljän": 4,
    "viisi": 5, "viiden": 5, "kuusi": 6, "kuuden": 6, "seitsemän": 7, "kahdeksan": 8, "yhdeksän": 9,
    "kymmenen": 10, "yksitoista": 11, "yhdentoista": 11, "kaksitoista": 12, "kahdentoista": 12,
    "ett": 1, "en": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8, "nio": 9,
    "tio": 10, "elva": 11, "tolv": 12,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12,
}
UNITS = (  # (pattern of the unit word, months, days) per one unit
    (r"vuo(?:si|tta|den|deksi|tena)|år(?:s|en)?|years?", 12, 0),
    (r"kuukau(?:si|tta|den|deksi)|månad(?:er|en)?|months?", 1, 0),
    (r"viik(?:ko|koa|on|oksi)|veck(?:a|or|an)|weeks?", 0, 7),
    (r"päivä(?:ä|n)?|dag(?:ar|en)?|days?", 0, 1),
)
_NUMBER = r"(?P<number>\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
PERIOD_RE = re.compile(
    r"(?<![\w/])" + _NUMBER + r"\s+(?P<unit>" + "|".join(f"(?:{u[0]})" for u in UNITS) + r")(?!\w)",
    re.IGNORECASE)
EVENT_WORDS: dict[str, str] = {
    StartEvent.CLIENT_DEATH: r"kuolem\w*|kuolinpäiv\w*|död(?:en|sfall\w*)?|death",
    StartEvent.CHILD_BIRTH: r"syntymä\w*|födel\w*|birth",
    StartEvent.CASE_CLOSED: r"(?:asian|asioiden) sulke\w*|ärendet avslut\w*|case (?:is )?closed|closing of the case",
    StartEvent.RELATIONSHIP_ENDED: (r"asiakassuhteen päätty\w*|asiakkuu\w* päätty\w*|asiakassuhde päätty\w*|"
                                    r"kundrelationen upphör\w*|kundförhållandet upphör\w*|"
                                    r"client relationship ends|end of the client relationship"),
}


def rule_period(rule: RetentionRule) -> tuple[int, int]:
    """A rule's period as (months, days), so that 12 months and one year are the same period."""
    return rule.period_years * 12 + rule.period_months, rule.period_days


@dataclass(frozen=True)
class TextPeriod:
    phrase: str
    months: int
    days: int


def text_periods(text: str) -> list[TextPeriod]:
    found = []
    for match in PERIOD_RE.finditer(text):
        word = match.group("number").lower()
        number = int(word) if word.isdigit() else NUMBER_WORDS[word]
        unit = match.group("unit").lower()
        for pattern, months, days in UNITS:
            if re.fullmatch(pattern, unit, re.IGNORECASE):
                found.append(TextPeriod(match.group(0), number * months, number * days))
                break
    return found


def text_events(text: str) -> list[tuple[str, str]]:
    """(start event, phrase) for every start event the text names."""
    found = []
    for event, pattern in EVENT_WORDS.items():
        for match in re.finditer(rf"(?<!\w)(?:{pattern})", text, re.IGNORECASE):
            found.append((event, match.group(0)))
    return found


def _register_texts(register: Register) -> list[str]:
    texts = [register.retention]
    for language in ("sv", "en"):
        texts.append((getattr(register, f"texts_{language}") or {}).get("retention", ""))
    return [t for t in texts if t and t.strip()]


def retention_text_contradictions(register: Register) -> list[str]:
    """What the register's free-text retention says that no rule of the register has: a period
    no rule of it has, or an event no rule of it counts from. Rules of the register are those in
    force for it (enforced or documented, `RetentionRule.objects.for_register`), in use or not:
    an admin may keep a documented period (bookkeeping, bookings) that another system enforces."""
    rules = list(RetentionRule.objects.for_register(register))
    periods = {rule_period(r) for r in rules}
    pairs = {(rule_period(r), r.start_event) for r in rules}
    events = {r.start_event for r in rules}
    problems: list[str] = []
    for text in _register_texts(register):
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            named_events = text_events(sentence)
            for event, phrase in named_events:
                if event not in events:
                    problems.append(_("the retention text counts from “%(phrase)s”, but no retention rule of the "
                                      "register counts from %(event)s") % {
                        "phrase": phrase, "event": str(StartEvent(event).label).lower()})
            for period in text_periods(sentence):
                length = (period.months, period.days)
                if length not in periods:
                    problems.append(_("the retention text says “%(phrase)s”, but no retention rule of the register "
                                      "has that period") % {"phrase": period.phrase})
                elif named_events and not any((length, event) in pairs for event, _phrase in named_events):
                    problems.append(_("the retention text says “%(phrase)s” from “%(event)s”, but no retention rule "
                                      "of the register counts that period from that event") % {
                        "phrase": period.phrase, "event": named_events[0][1]})
    return list(dict.fromkeys(problems))
