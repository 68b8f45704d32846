"""How an interviewee speaks of their own study: the words that introduce it, the answers that carry on with it, and
a label that names it.

Interviews rarely name a study formally. The expert says "we conducted a phase 2 trial …", "in our cohort …", "we
enrolled 88 patients …", "the study showed …"; the editor writes "after presenting her group's trial of X at …";
the outlet asks "What did your study set out to answer?". Each of these opens (or continues) the expert's study. An
answer that follows one about the study and reports results (percentages, "n of N", "we saw …") continues it; an
answer that looks ahead ("in the long run", "I expect", "future studies") does not, nor does a sentence that tells
what the field has done so far ("has been used for nearly a decade"); what they name stays a document mention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import URIRef

from .context import DocumentContext
from .incidental import is_comparator
from .people import find_titled_names
from .records import Sentence
from .registries import TRIAL_ID

__all__ = [
    "PUBLICATION_NUMBER", "STUDY_TRIGGER", "OWN_STUDY", "WE_REPORT", "STUDY_SHOWED", "ASKS_ABOUT_OWN_STUDY",
    "SPOKEN_OUTLOOK", "SPOKEN_BACKGROUND", "RESULTS", "OTHER_STUDY", "PRODUCT_CODE", "REFERS_BACK", "PRESENTED",
    "ANOTHER", "NAMED_TRIAL", "NAMED_STUDY", "LEADS", "StudyTrigger", "SpokenStudy", "intro_owners", "study_referred",
    "study_title", "study_label", "trial_name",
]

PUBLICATION_NUMBER = re.compile(
    r"\b(?:Publication|Abstract|Poster)\s*(?:No\.?|Number|#)?\s*[:：]?\s*((?:[A-Z]{1,3}-?)?\d{2,5}(?:-\d{1,3})?)\b",
    re.IGNORECASE,
)
STUDY_TRIGGER = re.compile(
    r"\b(?:(?P<subject>we|he|she|(?:our|his|her) (?:team|group|center|centre|institution))\s+"
    r"(?:(?:have|has|recently|also|then|just)\s+){0,2}"
    r"(?:conducted|performed|carried out|led|initiated|launched|completed|designed|ran|reported|presented|"
    r"analy[sz]ed|evaluated|compared|enrolled|treated|undertook|published)\b"
    r"|(?:presented|reported|shared|announced|discuss(?:es|ed)?|interpreted?s?)\s+(?:the\s+)?"
    r"(?:latest\s+|updated\s+|preliminary\s+|final\s+|long-term\s+)?(?:results|data|findings|outcomes)\s+(?:of|from)\b"
    r"|\b(?:in|from)(?=\s+our\s+(?:[\w\-]+\s+){0,3}(?:study|trial|analysis|cohort)\b))"
    r"[^.:;]{0,80}?\b(?:an?|the|our|one|this|its|their|his|her)\s+(?P<phrase>[^.:;]{0,120}?\b(?:study|trial|IIT|analysis|cohort)\b"
    r"(?:\s*\([^()]{1,40}\))?[^.:;()]{0,150})",
    re.IGNORECASE,
)
# "her group's trial of X", "our phase 2 cohort": a study the speaker (or, in the introduction, the expert) owns.
OWN_STUDY = re.compile(
    r"\b(?P<owner>our|my|his|her|their)\s+(?:(?:team|group|lab|laboratory|center|centre|colleagues)['’]s?\s+)?"
    r"(?P<phrase>(?:[\w\-/]+\s+){0,3}?(?:study|trial|cohort|analysis)\b[^.:;()]{0,150})",
    re.IGNORECASE,
)
# "We enrolled 64 patients", "we treated 30 adults": only a study enrols or treats a counted group in the past tense.
WE_REPORT = re.compile(
    r"\bwe\s+(?:have\s+|also\s+|then\s+)?"
    r"(?:enrolled|recruited|randomi[sz]ed|infused|dosed|treated\s+(?:\d+|[a-z]+ty))\b",
    re.IGNORECASE,
)
# "The study showed …" (lower-case words only between: "the ASPEN study showed" is someone else's named trial).
STUDY_SHOWED = re.compile(
    r"\b[Tt](?:he|his)\s+(?:[a-z0-9][a-z0-9\-]*\s+){0,2}(?:study|trial)\s+(?:showed|found|demonstrated|met|confirmed|"
    r"enrolled|included|suggests?)\b|\b[Oo]ur\s+(?:[\w\-]+\s+){0,2}(?:study|trial)\s+(?:showed|found|demonstrated)\b",
)
# The outlet asks about the expert's own work: the answer that follows reports it.
ASKS_ABOUT_OWN_STUDY = re.compile(
    r"\byour\s+(?:(?:team|group)['’]s\s+)?(?:(?!on\b|of\b|about\b|regarding\b)[\w\-]+\s+){0,2}(?:study|trial|cohort|"
    r"analysis|data|results|findings|"
    r"presentation|abstract)\b|\byou(?:r team)?\s+(?:presented|reported|shared|showed|enrolled|treated)\b",
    re.IGNORECASE,
)
SPOKEN_OUTLOOK = re.compile(
    r"\b(?:in the long (?:run|term)|looking ahead|going forward|in the future|I expect|I hope|we hope|we plan|"
    r"I anticipate|future (?:directions?|studies|trials|research)|next steps?|remains? (?:a|an|the) (?:option|"
    r"challenge|question)|the biggest challenge)\b",
    re.IGNORECASE,
)
# What the field has done so far ("CAR-T has been used in … for nearly a decade"): background, not the study.
SPOKEN_BACKGROUND = re.compile(
    r"\b(?:has|have) (?:long )?been (?:used|approved|available|the standard)\b|\bfor (?:nearly|almost|more than|over) "
    r"(?:a|an|one|two|three|four|five|six|ten|several|many|\d+) (?:decades?|years)\b|\bover the (?:past|last) (?:\w+ )?(?:decades?|years)\b|"
    r"\bin recent years\b|\b(?:historically|traditionally)\b",
    re.IGNORECASE,
)
RESULTS = re.compile(
    r"\d\s*%|\b\d+\s+(?:of|out of)\s+\d+\b|\bwe\s+(?:saw|observed|found|noted|recorded|documented)\b|"
    r"\bmedian\s+(?:follow[\s\-]up|overall|progression|event|duration)\b|\b(?:occurred|developed)\s+in\b",
    re.IGNORECASE,
)
# A named trial of others or a cited paper: an answer about it does not carry on with the expert's study.
OTHER_STUDY = re.compile(
    r"\b[A-Za-z0-9]*[A-Z]{2,}[A-Za-z0-9\-]*\s+(?:study|trial)\b|\bet al\b|"
    r"(?i:\b(?:across|other|previous|prior|earlier|published|pivotal)\s+(?:\w+\s+)?(?:studies|trials|reports)\b)",
)
PRODUCT_CODE = re.compile(r"\b(?!CD\d|NCT\d)([A-Z]{2,6}-?\d{3,5}[A-Z]?)\b")
REFERS_BACK = re.compile(
    r"\b(?:this|these|our)\s+(?:[\w\-–]+\s+){0,2}(?:study|trial|report|dataset|data|cohort|results|findings|analysis|"
    r"product|presentation)\b|\bthe (?:study|trial|presentation)\b",
    re.IGNORECASE,
)
# How an introduction says a study was shown at a meeting: "presented", "an oral presentation", "reported … at".
PRESENTED = re.compile(
    r"\bpresent(?:ed|s|ing)\b|\b(?:oral|poster) presentation\b|"
    r"\b(?:reported|shared|unveiled|announced)\b[^.;]{0,120}\b(?:at|during)\s+(?:the\s+|this\s+year['’]s\s+)?[A-Z0-9]",
    re.IGNORECASE,
)
# A trial named by its acronym beside its registry number: "SPARROW-CLL (NCT06183457)", "the phase 2 ORCA-3 study
# (NCT…)". In an introduction or a profile it names the study the expert presented or leads.
NAMED_TRIAL = re.compile(
    r"(?<![\w\-])(?P<name>[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)(?:\s+(?:study|trial))?\s*\(\s*(?:"
    + TRIAL_ID.pattern + r")"
)
# Named without its registry number, in a sentence that says the expert presented or leads it: "presented the first
# analysis of KESTREL-MM2, a phase 2 study of …", "leads the phase 3 ORCA-2 trial".
NAMED_STUDY = re.compile(
    r"(?<![\w\-])(?P<name>[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)"
    r"(?:\s+(?:study|trial)\b|\s*,\s+(?:an?|the)\s+(?:[\w/\-×]+\s+){0,4}?(?:study|trial)\b)"
)
# The expert claiming a trial in an answer: "a phase 2 trial we led", "the data we presented", "our own study".
CLAIMED = re.compile(r"\b(?:we|I)\s+(?:have\s+|also\s+)?(?:led|lead|presented|present|ran|run|designed|conducted|"
                     r"launched|initiated|sponsored)\b|\bour\s+(?:own\s+)?(?:[\w\-]+\s+){0,2}(?:trial|study)\b",
                     re.IGNORECASE)
LEADS = re.compile(r"\b(?:led|leads|leading|lead|principal|chief|first|senior)\s+(?:investigator|author)\b|\bled\b",
                   re.IGNORECASE)
ANOTHER = re.compile(
    r"\b(?:another|a second|a separate|an?\s+(?:other|different)|one more)\s+(?:[\w\-]+\s+){0,3}"
    r"(?:study|trial|analysis|cohort|abstract|presentation)\b|\balso\s+(?:presented|reported|conducted|led|ran)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class StudyTrigger:
    """Where a study is introduced or reported: the words that name it, its publication number, the line its
    sentences start from (the whole answer for "we enrolled …"), the question that asked about it and the trial's
    own name when the text gives one."""

    at: int
    phrase: str
    number: str | None
    lines_from: int | None = None
    asked: tuple[int, int] | None = None
    name: str | None = None  # the trial's acronym, when the text names it ("SPARROW-CLL")


@dataclass(frozen=True)
class SpokenStudy:
    """A declared study with the lines that describe it, its product codes, the questions that asked about it and
    the expert who reports it."""

    iri: URIRef
    lines: tuple[tuple[int, int], ...]
    codes: frozenset[str]
    asked: tuple[tuple[int, int], ...]
    author: URIRef | None = None


def intro_owners(context: DocumentContext, sentences: list[Sentence], find_expert) -> dict[int, URIRef]:
    """Whom each introduction sentence speaks of, when it presents several experts in turn ("Dr. A is … where she led
    the study of X. Dr. B is …; he presented Y."): the expert last named by title, by sentence index.

    ``find_expert`` maps a titled name to an expert's IRI, or None for anyone else.
    """
    owners: dict[int, URIRef] = {}
    current: URIRef | None = None
    for sentence in sentences:
        for name, _ in find_titled_names(context.document.text, sentence.start, sentence.end):
            current = find_expert(name) or current
        if current is not None:
            owners[sentence.index] = current
    return owners


def study_referred(text: str, offset: int, studies: list[SpokenStudy], first_line: dict) -> URIRef | None:
    """The study a line speaks of: by its product code, else by "this study" / "our data" (the latest study
    introduced before the line)."""
    for spoken in studies:
        if any(re.search(rf"\b{re.escape(code)}\b", text) for code in spoken.codes):
            return spoken.iri
    if REFERS_BACK.search(text):
        before = [s.iri for s in studies if first_line[s.iri] <= offset]
        return before[-1] if before else None
    return None


def study_title(phrase: str) -> str:
    """A study's name from the words that introduce it ("a comparative study evaluating …"), up to its first clause
    or the meeting it was presented at.

    Examples
    --------
    >>> study_title("phase 2 study of drug X, a kinase inhibitor, in 40 patients")
    'Phase 2 study of drug X'
    >>> study_title("trial of drug Y in relapsed myeloma at the 2025 ASH Annual Meeting")
    'Trial of drug Y in relapsed myeloma'
    """
    phrase = re.sub(r"\s*\((?:Publication|Abstract|Poster)[^)]*\)?", "", phrase or "")
    phrase = re.sub(r"^(?:(?:latest|updated|preliminary|final|long-term)\s+)*(?:results|data|findings|outcomes)\s+"
                    r"(?:of|from)\s+(?:the|an?|our)\s+", "", phrase.strip(), flags=re.IGNORECASE)
    phrase = re.split(r",|\s(?:who|which|that|whose|where|we|I|they|he|she)\s|"
                      r"\s(?:at|during)\s+(?:the\s+|this\s+)?(?:\d{4}\s+)?"
                      r"(?:\d+(?:st|nd|rd|th)\s+)?[A-Z]", phrase)[0]
    phrase = " ".join(phrase.split()).strip(" ,")
    if len(phrase) > 140:
        phrase = phrase[:140].rsplit(" ", 1)[0]
    return phrase[:1].upper() + phrase[1:]


def _names_content(context: DocumentContext, title: str) -> bool:
    """Whether a title says what was studied (a therapy, a product code or a disease), not only how."""
    found = context.vocabulary.recognizer.find(title)
    return any(m.concept.kind in ("drug", "therapy", "disease") for m in found) or bool(PRODUCT_CODE.search(title))


def study_label(context: DocumentContext, phrases: list[str], sentences: list[Sentence], number: str | None) -> str:
    """The study's label: the longest introducing phrase when it names a therapy or a disease, else "<therapy> in
    <disease>" from the sentences that describe the study, else its publication number, else what introduced it."""
    titles = [study_title(p) for p in phrases if p]
    useful = [t for t in titles if _names_content(context, t)]
    if useful:
        return max(useful, key=len)
    therapy, disease = _subject_of(context, sentences)
    if therapy:
        therapy = therapy[:1].upper() + therapy[1:]
        return f"{therapy} in {disease}" if disease else f"{therapy} study"
    if number:
        return f"Study presented as abstract {number}"
    if titles and any(titles):
        return max(titles, key=len)
    if disease:
        return f"Study in {disease}"
    return f"Study reported in {context.document.slug}"


def _subject_of(context: DocumentContext, sentences: list[Sentence]) -> tuple[str | None, str | None]:
    """The therapy a study is about (a named drug or product code before a class of therapy) and its disease, as
    the first sentences that describe it name them."""
    drugs, codes, therapies, diseases = [], [], [], []
    for sentence in sentences:
        if SPOKEN_OUTLOOK.search(sentence.text) or SPOKEN_BACKGROUND.search(sentence.text):
            continue
        for mention in context.mentions_between(sentence.start, sentence.end):
            kind = mention.concept.kind
            bucket = {"drug": drugs, "therapy": therapies, "disease": diseases}.get(kind)
            if bucket is not None and not (kind != "disease" and is_comparator(context, sentence, mention.start)):
                bucket.append(mention.concept.pref_label)  # not what the patients "had received" before
        codes += [c for c in PRODUCT_CODE.findall(sentence.text) if context.vocabulary.lookup(c) is None]
    therapy = next(iter(drugs + codes + therapies), None)
    return therapy, (diseases[0] if diseases else None)


def trial_name(candidate: str) -> str | None:
    """A trial acronym: two capitals or more, not a registry, gene-like code or a word in capitals only.

    Examples
    --------
    >>> [trial_name(n) for n in ("SPARROW-CLL", "MENDER-1", "ClinicalTrials", "CD19", "Trial")]
    ['SPARROW-CLL', 'MENDER-1', None, None, None]
    """
    capitals = sum(c.isupper() for c in candidate)
    if capitals < 2 or capitals < len(candidate.replace("-", "")) // 2 or re.fullmatch(r"(?:CD|NCT)\d.*", candidate):
        return None
    if len(candidate) < 4 or not (re.search(r"[-\d]", candidate) or candidate.isupper()):
        return None
    return candidate
