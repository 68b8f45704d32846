"""Numbers a study reports: response and survival outcomes, patient numbers, dose levels, adverse-event grades.

Outcomes are measures (CR, CRi, ORR, MRD-negative CR, OS, LFS, EFS, PFS…) with a rate (``hk:percent``) or a count
over its denominator (``hk:count``/``hk:denominator``) and an optional timepoint ("12-month"). A value belongs to
the nearest measure before it in its clause, else to the measure right after it ("10 of 12 patients achieved CR").
Dose levels become cohorts of the study (`builders.doses`). Graded adverse events become
``hk:AdverseEventObservation`` nodes with the vocabulary's adverse event, the grade as written and, when the text
gives it, how many patients had it ("without CRS greater than grade 2" is a count of 0).

The measure names below are the outcome measures' own abbreviations, not vocabulary concepts: ``hk:measure`` is a
literal in the schema.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from rdflib import URIRef

from hemakg.ontology import HK

from .context import DocumentContext
from .doses import KEY, extract_doses
from .iri import observation_iri, outcome_iri
from .records import Sentence

__all__ = ["extract_outcomes", "measures_in", "MEASURES"]

MEASURES = [  # (abbreviations, matched as written | long names, matched in any case), normalised name
    (r"MRD[\s\-‐–]?negative (?:CR|(?i:complete (?:remission|response))s?)", "MRD-negative CR"),
    (r"CR/CRi|CR\s*\+\s*CRi|CRc|(?i:composite complete remission)", "CR/CRi"),
    (r"CRi|(?i:complete (?:remission|response) with incomplete (?:hematologic(?:al)? |count |blood count )?recovery)", "CRi"),
    (r"sCR|(?i:stringent complete response)", "sCR"),
    (r"VGPR|(?i:very good partial response)", "VGPR"),
    (r"CR|(?i:complete (?:remission|response)s?)", "CR"),
    (r"ORR|(?i:overall response(?: rate)?|objective response(?: rate)?)", "ORR"),
    (r"PR|(?i:partial (?:remission|response)s?)", "PR"),
    (r"MRD[\s\-‐–]?negativity|MRD[\s\-‐–]?negative", "MRD-negative"),
    (r"OS|(?i:overall survival)", "OS"),
    (r"LFS|(?i:leukemia[\s\-‐–]free survival)", "LFS"),
    (r"EFS|(?i:event[\s\-‐–]free survival)", "EFS"),
    (r"PFS|(?i:progression[\s\-‐–]free survival)", "PFS"),
    (r"DFS|(?i:disease[\s\-‐–]free survival)", "DFS"),
    (r"RFS|(?i:relapse[\s\-‐–]free survival)", "RFS"),
    (r"DOR|(?i:duration of response)", "DOR"),
    # A trial's safety end point, not an adverse event: "DLTs occurred in 2 of 18 patients".
    (r"DLTs?|(?i:dose[\s\-‐–]limiting toxicit(?:y|ies))", "DLT"),
]
_MEASURE = re.compile(r"(?<![\w\-])(?:" + "|".join(f"(?P<m{i}>{p})" for i, (p, _) in enumerate(MEASURES)) + r")(?![\w])")
_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty".split())}
_NUMBER_WORDS.update({w: 10 * i for i, w in enumerate("thirty forty fifty sixty seventy eighty ninety".split(), 3)})
_NUM = r"(\d+|" + "|".join(_NUMBER_WORDS) + r")"
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%")
_COUNT = re.compile(rf"(?<![\d.×^])\b{_NUM}\s*(?:of|/|out of)\s*(?:the\s+|all\s+)?(\d+)\b(?![.\d]*\s*%)(?!\s*[×x]\s*10)",
                    re.IGNORECASE)
_COUNT_AFTER_PERCENT = re.compile(rf"\s*\(\s*{_NUM}\s*(?:of|/|out of)\s*(\d+)(?:\s+patients)?\s*\)", re.IGNORECASE)
_MEDIAN = re.compile(r"\bmedian\s+$", re.IGNORECASE)
_TIMEPOINT_BEFORE = re.compile(r"\b(\d+|one|two|three|four|five)[\s\-‐–](month|year)s?[\s\-‐–]*(?:rates? of\s+)?$",
                               re.IGNORECASE)
_TIMEPOINT_AFTER = re.compile(r"\s*(?:rates?\s+)?at\s+(\d+|one|two|three|four|five)\s+(month|year)s?\b", re.IGNORECASE)
_PATIENTS = re.compile(
    rf"(?:\b(?:enrolled|included|treated|in|of|among|total of|received|infused|cohort of|analy[sz]ed|recruited)\s+|^|[:;]\s*)"
    rf"(?:all\s+)?{_NUM}(?!\s*(?:of|/|out of)\s*\d)\s+(?:[\w/\-‐–+]+\s+){{0,4}}?(?:patients|participants|subjects|adults|children)\b|"
    rf"\b[Nn]\s*=\s*(\d+)\b",
    re.IGNORECASE,
)
_EVENT_VERB = re.compile(r"\b(?:occurred|seen|observed|developed|experienced|reported|noted|had)\s+(?:in\s+)?$", re.IGNORECASE)
_GRADE = re.compile(
    r"\bgrades?\s*(?P<g1>(?:≥|>=|>|≤|<=|<)?\s*\d(?:\s*(?:[–\-‐]|to|or|/|and)\s*\d)?(?:\s*or (?:higher|above|greater|more))?)"
    r"|\b(?P<cmp>greater than|higher than|above|at least|less than)\s+grade\s*(?P<g2>\d)"
    r"|\b(?P<g3>G\d(?:\s*[–\-]\s*G?\d)?)\b",
    re.IGNORECASE,
)
_AE_COUNT = re.compile(rf"\b(?:in|of)\s+(?:all\s+)?{_NUM}\s+(?:\w+\s+){{0,2}}?(?:patients|cases|subjects)\b|"
                       rf"\(\s*n\s*=\s*(\d+)\s*\)|\boccurred in\s+{_NUM}\b", re.IGNORECASE)
_LIST_GAP = re.compile(r"(?:\s+(?:in|among|for|with)\s+[^;.%\d]{1,60}?)?\s*(?:,\s*(?:and\s+)?|,?\s*(?:and|or|while|whereas|"
                       r"versus|vs\.?)\s+)(?:(?:it was|was|were|reached|of)\s+)?$", re.IGNORECASE)
_RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)
_QUALIFIER = re.compile(r"\s*(?:in|among|for|with)\s+(?:the\s+|those with\s+|patients with\s+)?"
                        r"[\w\-+/]+(?:\s+(?!and\b|or\b|while\b|whereas\b|versus\b|vs\b|respectively\b)[\w\-+/]+){0,4}",
                        re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:without|no|none|absence of|free of)\s+(?:[\w()\-]+\s*){0,4}$", re.IGNORECASE)


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word.lower()]


@dataclass(frozen=True)
class _Value:
    start: int
    end: int
    percent: Decimal | None = None
    count: int | None = None
    denominator: int | None = None


@dataclass(frozen=True)
class _Measure:
    start: int
    end: int
    name: str


def measures_in(text: str) -> list[str]:
    """The outcome measures a text names, normalised, in order.

    Examples
    --------
    >>> measures_in("MRD-negative complete remission, overall survival and CR/CRi")
    ['MRD-negative CR', 'OS', 'CR/CRi']
    """
    return [m.name for m in _measures(text)]


def _measures(text: str) -> list[_Measure]:
    found = []
    for match in _MEASURE.finditer(text):
        index = next(i for i, (_, _) in enumerate(MEASURES) if match.group(f"m{i}") is not None)
        found.append(_Measure(match.start(), match.end(), MEASURES[index][1]))
    return found


def _values(text: str) -> list[_Value]:
    counts = [(m.start(), m.end(), _number(m.group(1)), int(m.group(2))) for m in _COUNT.finditer(text)]
    counts = [c for c in counts if 0 < c[3] and c[2] <= c[3]]
    values: list[_Value] = []
    used_percents = set()
    for start, end, count, denominator in counts:
        follow = re.match(r"\s*(?:patients?\s*)?\(\s*(\d+(?:\.\d+)?)\s*%\s*\)", text[end:])
        percent = None
        if follow:
            percent = Decimal(follow.group(1))
            used_percents.add(end + follow.start(1))
            end += follow.end()
        values.append(_Value(start, end, percent, count, denominator))
    for match in _PERCENT.finditer(text):
        if match.start(1) in used_percents:
            continue
        counted = _COUNT_AFTER_PERCENT.match(text, match.end())
        if counted:
            count, denominator = _number(counted.group(1)), int(counted.group(2))
            values = [v for v in values if not (v.start >= match.end() and v.end <= counted.end() + 1)]
            values.append(_Value(match.start(), counted.end(), Decimal(match.group(1)), count, denominator))
            continue
        head = text[:match.start()]
        if re.search(r"\(\s*$", head) and re.search(r"\b\d+\s*(?:patients?\s*)?\(\s*$", head):
            count = int(re.search(r"\b(\d+)\s*(?:patients?\s*)?\(\s*$", head).group(1))
            values.append(_Value(match.start(), match.end(), Decimal(match.group(1)), count))
            continue
        values.append(_Value(match.start(), match.end(), Decimal(match.group(1))))
    return sorted(values, key=lambda v: v.start)


def _timepoint(text: str, measure: _Measure) -> str | None:
    before = _TIMEPOINT_BEFORE.search(text, 0, measure.start)
    match = before or _TIMEPOINT_AFTER.match(text, measure.end)
    if not match:
        return None
    amount = match.group(1)
    amount = str(_number(amount)) if not amount.isdigit() else amount
    return f"{amount}-{match.group(2).lower()}"


def _pair(text: str, measures: list[_Measure], values: list[_Value]) -> list[tuple[_Measure, _Value]]:
    pairs = []
    for value in values:
        clause_start = text.rfind(";", 0, value.start) + 1
        clause_end = text.find(";", value.end)
        clause_end = len(text) if clause_end < 0 else clause_end
        before = [m for m in measures if clause_start <= m.start and m.end <= value.start]
        after = [m for m in measures if value.end <= m.start < min(clause_end, value.end + 60)]
        chosen = None
        if before:
            candidate = before[-1]
            between = text[candidate.end:value.start]
            others = [v for v in values if candidate.end <= v.start and v.end <= value.start]
            if not others and len(between) < 80:
                chosen = candidate
            elif others and not after and pairs and pairs[-1] == (candidate, others[-1]) and _LIST_GAP.match(
                    text, others[-1].end, value.start):
                chosen = candidate  # "74% in marrow disease and 59% in extramedullary lesions": one measure, two values
        if chosen is None and after:
            chosen = after[0]
        if chosen is not None and not _MEDIAN.search(text, 0, chosen.start):
            pairs.append((chosen, value))
    return pairs


def _qualifier(text: str, value: _Value) -> str | None:
    """The group a value is given for ("in extramedullary lesions"), unless it is a timepoint."""
    match = _QUALIFIER.match(text, value.end)
    if match is None or _TIMEPOINT_AFTER.match(text, value.end):
        return None
    return " ".join(match.group(0).split())


def _outcomes(context: DocumentContext, subject: URIRef, sentence: Sentence) -> None:
    text = sentence.text
    evidence = context.evidence(sentence)
    pairs = _pair(text, _measures(text), _values(text))
    shared = Counter(measure for measure, _ in pairs)
    for measure, value in pairs:
        timepoint = _timepoint(text, measure)
        # Several values of one measure in a sentence differ by the group each is given for; keep it in the label.
        # "…, respectively" pairs values and groups in order; a group read beside one value would be the wrong one.
        qualifier = _qualifier(text, value) if shared[measure] > 1 and not _RESPECTIVELY.search(text) else None
        key = "-".join(str(p) for p in (measure.name, timepoint, value.percent, value.count, value.denominator,
                                        qualifier) if p is not None)
        outcome = outcome_iri(subject, key)
        shown = f"{value.percent}%" if value.percent is not None else f"{value.count}/{value.denominator}"
        label = " ".join(p for p in (timepoint, measure.name, shown, qualifier) if p)
        context.emitter.entity(outcome, HK.Outcome, label, evidence)
        context.emitter.emit(subject, HK.hasOutcome, outcome, evidence)
        context.emitter.emit(outcome, HK.measure, measure.name, evidence)
        if timepoint:
            context.emitter.emit(outcome, HK.timepoint, timepoint, evidence)
        if value.percent is not None:
            context.emitter.emit(outcome, HK.percent, value.percent, evidence)
        if value.count is not None:
            context.emitter.emit(outcome, HK["count"], value.count, evidence)
        if value.denominator is not None:
            context.emitter.emit(outcome, HK.denominator, value.denominator, evidence)


def _patient_counts(sentence: Sentence) -> list[int]:
    """Patient numbers the sentence gives for the whole study: not those an event or response occurred in."""
    found = []
    for match in _PATIENTS.finditer(sentence.text):
        if _EVENT_VERB.search(sentence.text, 0, match.start() + 3):
            continue
        word = next(g for g in match.groups() if g)
        found.append(_number(word))
    return found


def _ae_count(text: str, start: int, end: int) -> int | None:
    window = text[start:min(len(text), end + 50)]
    match = _AE_COUNT.search(window)
    if match:
        return _number(next(g for g in match.groups() if g))
    return None


def _adverse_events(context: DocumentContext, subject: URIRef, sentence: Sentence) -> None:
    text = sentence.text
    events = context.mentions_between(sentence.start, sentence.end, "adverse-event")
    if not events:
        return
    evidence = context.evidence(sentence)
    for match in _GRADE.finditer(text):
        grade = match.group("g1") or match.group("g3") or f"> {match.group('g2')}"
        if match.group("cmp") and match.group("cmp").lower() in ("less than",):
            grade = f"< {match.group('g2')}"
        if match.group("cmp") and match.group("cmp").lower() == "at least":
            grade = f"≥ {match.group('g2')}"
        grade = " ".join(grade.split())
        offset = sentence.start
        nearest = min(events, key=lambda m: min(abs(m.start - offset - match.end()), abs(match.start() - (m.end - offset))))
        if min(abs(nearest.start - offset - match.end()), abs(match.start() - (nearest.end - offset))) > 40:
            continue
        first = min(match.start(), nearest.start - offset)
        last = max(match.end(), nearest.end - offset)
        negated = bool(_NEGATION.search(text, 0, first))
        count = 0 if negated else _ae_count(text, first, last)
        observation = observation_iri(subject, f"{nearest.concept.iri.rsplit('/', 1)[-1]}-grade-{grade.translate(KEY)}")
        context.emitter.entity(observation, HK.AdverseEventObservation, f"grade {grade} {nearest.concept.pref_label}", evidence)
        context.emitter.emit(subject, HK.hasAdverseEventObservation, observation, evidence)
        context.link(observation, HK.adverseEvent, nearest.concept, evidence)
        context.emitter.emit(observation, HK.grade, grade, evidence)
        if count is not None:
            context.emitter.emit(observation, HK["count"], count, evidence)


def extract_outcomes(context: DocumentContext, subject: URIRef, sentences: list[Sentence]) -> None:
    """Read the outcomes, patient number, dose levels and adverse-event grades of ``subject`` from its sentences.

    Parameters
    ----------
    context
        The document's build.
    subject
        The study or cohort the sentences report on.
    sentences
        The subject's own sentences; each fact gets the sentence it was read from as evidence.
    """
    patients: list[tuple[int, Sentence]] = []
    for sentence in sentences:
        _outcomes(context, subject, sentence)
        extract_doses(context, subject, sentence)
        _adverse_events(context, subject, sentence)
        patients.extend((count, sentence) for count in _patient_counts(sentence))
    if patients:  # the largest number is the study's; smaller ones count subgroups
        count, sentence = max(patients, key=lambda p: p[0])
        context.emitter.emit(subject, HK.patientCount, count, context.evidence(sentence))
