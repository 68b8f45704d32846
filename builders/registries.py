"""Clinical-trial registry numbers and conference editions named in text.

A conference edition is a series plus a year. The series is a vocabulary concept, named by its label ("ASH Annual
Meeting", "ASCO"), glued to its year ("EHA2026"), or by its organisation alone in a sentence about a meeting
("presented at the American Society of Hematology in December"); the organisation names are read from the series'
own labels, never listed here. The year is, in order: the one written beside the name ("the 2025 ASH Annual
Meeting", "ASH 2024", "ASCO 2026 Annual Meeting"); the one of the name's sentence nearest to it; the one year written
beside the same series elsewhere in the document ("ISTH 2025 Congress", then "the data you showed at ISTH"); the
year of the document's own dates ("From December 6–9, 2025", "Received 3 March 2025") when they agree on one; for
"this year's meeting", the year of the nearest dated sentence. Otherwise the edition has no year: a year is never
guessed.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rdflib import URIRef
from rdflib.namespace import SKOS

from hemakg.ontology import HK

from .context import DocumentContext
from .iri import conference_iri, slugify, trial_iri
from .records import Concept, Mention
from .vocabulary import Vocabulary

__all__ = ["TRIAL_ID", "find_trials", "find_conferences", "conference_of", "edition_year", "document_years"]

TRIAL_ID = re.compile(
    r"\b(NCT\d{8}|ChiCTR[-\s]?[A-Z]{0,4}-?\d{6,12}|ISRCTN\d{8}|EudraCT[\s:]*\d{4}-\d{6}-\d{2}|"
    r"\d{4}-\d{6}-\d{2}-\d{2}|\d{4}-\d{6}-\d{2}|"  # EU CT numbers (CTIS) before EudraCT numbers
    r"jRCT\d{10}|CTR\d{8}|ACTRN\d{14}|DRKS\d{8}|KCT\d{7}|CTRI/\d{4}/\d{2,3}/\d{6}|PACTR\d{15}|IRCT\d{10,20}N\d{1,3}|"
    r"NTR\d{4,5}|TCTR\d{11}|SLCTR/\d{4}/\d{3}|RBR-\d[a-z0-9]{5,6})\b"
)
_YEAR = re.compile(r"\b(19[89]\d|20[0-4]\d)\b")
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|"
          r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DAYS = r"\d{1,2}(?:st|nd|rd|th)?(?:\s*[–\-‐]\s*(?:" + _MONTH + r"\s+)?\d{1,2}(?:st|nd|rd|th)?)?"
_DATE = re.compile(
    rf"\b{_MONTH}\s+(?:{_DAYS},?\s+)?(?P<a>(?:19|20)\d{{2}})\b"  # December 6–9, 2025 / March 2025
    rf"|\b{_DAYS}\s+{_MONTH},?\s+(?P<b>(?:19|20)\d{{2}})\b"  # 6–9 December 2025
    r"|\b(?P<c>(?:19|20)\d{2})-[01]\d-[0-3]\d\b"  # 2025-12-06
    r"|\b(?:Received|Accepted|Published|Posted|Updated|Dated?)\b[^\n.]{0,40}?\b(?P<d>(?:19|20)\d{2})\b",
)
_THIS_YEAR = re.compile(r"\bthis\s+year(?:['’]s)?\s+(?:[\w\-]+\s+){0,3}$", re.IGNORECASE)
_MEETING = re.compile(
    r"\b(?:meetings?|congress|conference|symposium|sessions?|annual|presented|presenting|presentation|abstracts?|"
    r"posters?|oral)\b",
    re.IGNORECASE,
)
_MEETING_SUFFIX = re.compile(
    r"^(?P<organisation>.+?)\s+(?:Annual\s+(?:Scientific\s+)?Meeting(?:\s+(?:and|&)\s+Exposition)?|"
    r"(?:Annual\s+)?(?:meeting|Congress|Conference|Symposium))$",
    re.IGNORECASE,
)


def find_trials(context: DocumentContext, start: int = 0, end: int | None = None) -> list[tuple[URIRef, int]]:
    """Declare each registry number in the span as an `hk:ClinicalTrial`; returns ``(iri, offset)`` pairs."""
    end = len(context.document.text) if end is None else end
    found = []
    for match in TRIAL_ID.finditer(context.document.text, start, end):
        registry_id = re.sub(r"\s+", "", match.group(1)).replace("EudraCT:", "EudraCT")
        iri = trial_iri(registry_id)
        evidence = context.evidence_at(match.start())
        context.emitter.entity(iri, HK.ClinicalTrial, registry_id, evidence)
        context.emitter.emit(iri, HK.registryId, registry_id, evidence)
        found.append((iri, match.start()))
    return found


@lru_cache(maxsize=8)
def document_years(text: str) -> list[tuple[int, int]]:
    """The document's dates as ``(offset, year)``: a month with a year, an ISO date, "Received … 2025".

    Examples
    --------
    >>> document_years("From December 6–9, 2025, the meeting met. Received 3 March 2024. In 2019 we began.")
    [(5, 2025), (42, 2024)]
    """
    return [(m.start(), int(next(g for g in m.groups() if g))) for m in _DATE.finditer(text)]  # cached: read-only


def _year_beside(context: DocumentContext, mention: Mention) -> int | None:
    """The year written right beside a series mention ("ASH 2024", "the 2025 ASH Annual Meeting")."""
    text = context.document.text
    sentence = context.sentence_at(mention.start)
    after = re.match(r"[ \t]*(?:['’]s[ \t]+)?((?:19|20)\d{2})\b", text[mention.end:sentence.end])
    before = re.search(r"\b((?:19|20)\d{2})(?:['’]s)?[ \t]+(?:(?:\d+(?:st|nd|rd|th)|the)[ \t]+)?$",
                       text[sentence.start:mention.start])
    return int((after or before).group(1)) if after or before else None


def edition_year(context: DocumentContext, mention: Mention) -> int | None:
    """The year of the edition a series mention names (see the module docstring for the order of the rules)."""
    text = context.document.text
    sentence = context.sentence_at(mention.start)
    beside = _year_beside(context, mention)
    if beside is not None:
        return beside
    here = mention.start - sentence.start
    years = [(abs(m.start() - here), int(m.group(1))) for m in _YEAR.finditer(sentence.text)]
    if years:
        return min(years)[1]
    # "… presented at ISTH 2025 …" and later "the data you showed at ISTH": the one edition the document dates
    others = {_year_beside(context, m) for m in context.mentions_between(0, len(text), "conference-series")
              if m.concept.iri == mention.concept.iri and m.start != mention.start}
    others.discard(None)
    if len(others) == 1:
        return others.pop()
    dates = [(at, year) for at, year in document_years(text) if _date_belongs_to(context, at, mention.concept)]
    if len({year for _, year in dates}) == 1:
        return dates[0][1]
    if dates and _THIS_YEAR.search(text, sentence.start, mention.start):
        return min(dates, key=lambda d: abs(d[0] - mention.start))[1]
    return None


def _date_belongs_to(context: DocumentContext, at: int, series: Concept) -> bool:
    """A date written beside another meeting ("From January 9–11, the 6th X Conference") is that meeting's."""
    sentence = context.sentence_at(at)
    named = {m.concept.iri for m in context.mentions_between(sentence.start, sentence.end, "conference-series")}
    return not named or series.iri in named


def conference_of(context: DocumentContext, mention: Mention) -> URIRef:
    """The edition of a conference series a mention names: the series plus its year (`edition_year`)."""
    year = edition_year(context, mention)
    series = mention.concept
    iri = conference_iri(slugify(series.iri.rsplit("/", 1)[-1]), year)
    evidence = context.evidence_at(mention.start)
    context.concept(series, evidence)
    label = f"{series.pref_label} {year}" if year else series.pref_label
    context.emitter.entity(iri, HK.Conference, label, evidence)
    written = _written_edition(context.document.text, mention, year)
    if written and written != label:
        context.emitter.emit(iri, SKOS.altLabel, written, evidence)
    context.emitter.emit(iri, HK.series, series.iri, evidence)
    if year:
        context.emitter.emit(iri, HK.year, year, evidence)
    context.linked_concepts.add(series.iri)
    return iri


def _written_edition(text: str, mention: Mention, year: int | None) -> str | None:
    """The edition as the text writes it around the mention, year included ("EHA 2026 Congress", "2025 ASH Annual
    Meeting"), so that the way a reader wrote it finds it; None when the year is not written beside the name.

    Examples
    --------
    >>> text = "Data shown at the EHA 2026 Congress in June."
    >>> eha = Concept(URIRef("urn:eha"), "conference-series", (), "EHA")
    >>> _written_edition(text, Mention(eha, 18, 21, "EHA"), 2026)
    'EHA 2026 Congress'
    """
    if year is None:
        return None
    pattern = re.compile(rf"(?:{year}\s+)?{re.escape(mention.surface)}(?:\s*{year})?"
                         r"(?:\s+(?:Annual\s+)?(?:Congress|Meeting|Conference|Symposium)(?:\s+(?:and|&)\s+Exposition)?)?")
    match = pattern.match(text, max(0, mention.start - 5)) or pattern.match(text, mention.start)
    if match is None or str(year) not in match.group(0):
        return None
    return " ".join(match.group(0).split())


@lru_cache(maxsize=4)
def _series_patterns(vocabulary: Vocabulary) -> tuple[tuple[re.Pattern, Concept], ...]:
    """Patterns for the forms the recogniser cannot see: an acronym glued to its year ("EHA2026") and the
    organisation a series is named after ("American Society of Hematology"), both read from the series' labels."""
    patterns = []
    for concept in sorted(vocabulary.of_kind("conference-series"), key=lambda c: c.iri):
        labels = (concept.pref_label, *concept.alt_labels)
        acronyms = sorted({label for label in labels if re.fullmatch(r"[A-Z]{2,6}", label)})
        if acronyms:
            patterns.append((re.compile(rf"(?<![\w])({'|'.join(acronyms)})(?=(?:19|20)\d{{2}}\b)"), concept))
        organisations = set()
        for label in labels:
            match = _MEETING_SUFFIX.match(label)
            if match and len(match.group("organisation").split()) >= 3:
                organisations.add(re.escape(match.group("organisation")).replace(r"\ ", r"\s+"))
        if organisations:
            patterns.append((re.compile(rf"\b({'|'.join(sorted(organisations))})\b", re.IGNORECASE), concept))
    return tuple(patterns)


def _series_mentions(context: DocumentContext, start: int, end: int) -> list[Mention]:
    """Series mentions in the span: the recogniser's, plus glued years and organisations in meeting sentences."""
    text = context.document.text
    found = [m for m in context.mentions_between(start, end, "conference-series") if _names_a_meeting(context, m)]
    for pattern, concept in _series_patterns(context.vocabulary):
        for match in pattern.finditer(text, start, end):
            if any(m.start < match.end() and match.start() < m.end for m in found):
                continue
            mention = Mention(concept, match.start(), match.end(), match.group(1))
            if _names_a_meeting(context, mention):
                found.append(mention)
    return sorted(found, key=lambda m: m.start)


def _names_a_meeting(context: DocumentContext, mention: Mention) -> bool:
    """An acronym or a meeting's name is the meeting; an organisation's name only in a sentence about a meeting
    ("Member, American Society of Hematology" is a society, not a congress)."""
    if re.fullmatch(r"[A-Za-z]{2,6}", mention.surface) or _MEETING.search(mention.surface):
        return True
    sentence = context.sentence_at(mention.start)
    return bool(_MEETING.search(sentence.text))


def find_conferences(context: DocumentContext, start: int = 0, end: int | None = None) -> list[tuple[URIRef, int]]:
    """Every conference edition named in the span, as ``(iri, offset)``."""
    end = len(context.document.text) if end is None else end
    return [(conference_of(context, m), m.start) for m in _series_mentions(context, start, end)]
