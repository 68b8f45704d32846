"""What a study's sentence names without it being the study's.

A therapy after "compared with" is the comparator; one the disease is "resistant to", or the patients "had received"
("triple-class exposed (X, Y and Z)"), came before; drugs of a cell product's lymphodepletion, or given "for grade 2
CRS", support the treatment rather than being it; a mechanism "instead of" which the product works is not its own; an
adverse event after "without" (and every event listed with it) did not happen. `builders.relations` asks these
questions of each mention before it links the mention to the study.
"""

from __future__ import annotations

import re

from .context import DocumentContext
from .products import ProductSpan
from .records import Mention, Sentence

__all__ = ["COMPARATOR", "NEGATED", "PRIOR_EXPOSURE", "is_comparator", "is_set_against", "is_excluded", "is_supportive",
           "is_resisted", "is_withheld", "supporting_spans", "negated_events"]

COMPARATOR = re.compile(
    r"\b(?:compared (?:with|to)|versus|vs\.?|than|limitations of|instead of|unlike|rather than|independent(?:ly)? of|"
    r"regardless of|over|(?:unfit|ineligible|not eligible|unsuitable|not suitable|intolerant|not (?:a )?candidates?) "
    r"(?:for|of|to)|failure of|after|prior)\s+(?:the\s+)?(?:[\w/]+[\s\-‐–]+){0,2}$|"
    r"\bagainst\s+(?:the\s+)?(?:standard|conventional|current|best available|investigator['’]s choice|"
    r"physician['’]s choice)\s+(?:[\w/]+[\s\-‐–]+){0,2}$",
    re.IGNORECASE,
)
# What the patients had been given before the study: the cue opens a list of earlier therapies.
PRIOR_EXPOSURE = re.compile(
    r"\b(?:(?:triple|quad(?:ruple)?|penta|double|dual)[\s\-‐–]class[\s\-‐–](?:exposed|refractory)|"
    r"(?:had|having)\s+(?:previously\s+|already\s+)?(?:seen|received|had|been\s+(?:treated|exposed))"
    r"(?!\s+(?:at\s+least\s+)?(?:one|a|a\s+single|\d+)\s+doses?\b)|"  # "had received at least one dose" of the study's
    r"had\s+(?:had\s+)?prior|previously\s+(?:treated|received|exposed)|pre[\s\-]?treated\s+with|"
    r"prior\s+(?:exposure|treatment|therapy|therapies|lines?)\s+(?:to|with|of|including))\b",
    re.IGNORECASE,
)
_EXPOSED_AFTER = re.compile(r"[\w/]+(?:[\s\-‐–][\w/]+)?[\s\-‐–](?:naive|naïve|exposed|pre-?treated)\b",
                            re.IGNORECASE)
_CLAUSE_END = re.compile(r"[.;:]|\s(?:but|whereas|while|then)\s|\s+and\s+(?:were|was|then|subsequently|went)\b",
                         re.IGNORECASE)
NEGATED = re.compile(r"\b(?:without|no|none|not|absence of|free of|low|lower|minimal|reduced|rare|less|fewer)\s+"
                     r"(?:\w+\s+){0,3}$",
                     re.IGNORECASE)
_FREE_OF = re.compile(r"\b(?:free of|free from|absence of)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
# "CRS was not observed", "ICANS did not occur", "CRS and ICANS were absent": the negation follows the event.
_NEGATED_AFTER = re.compile(r"[^.;,]{0,20}?\b(?:(?:was|were|has been|have been)\s+(?:not|never)\s+(?:observed|seen|"
                            r"reported|detected|noted|documented)|(?:did|does|do)\s+not\s+(?:occur|develop|arise)|"
                            r"(?:was|were)\s+absent)\b", re.IGNORECASE)
# What may stand between two adverse events of one negated list: "without CRS greater than grade 2 or ICANS".
_EVENT_LIST_GAP = re.compile(
    r"(?:\s*(?:(?:greater|higher|more|worse) than|above|of|≥|>)?\s*grades?\s*(?:≥|>=|>)?\s*\d(?:\s*(?:or|and)\s*"
    r"(?:higher|above|\d))?|\s*\([^()]{0,30}\))*\s*(?:,\s*(?:or\s+|and\s+|nor\s+)?|,?\s*(?:or|and|nor)\s+|/)"
    r"(?:(?:any|severe|clinically significant)\s+)?",
    re.IGNORECASE,
)
# "…, and fatigue was mild": the event after the list opens a clause of its own.
_CLAUSE_SUBJECT = re.compile(r"\s+(?:was|were|is|are|occurred|remained|developed|appeared|led)\b", re.IGNORECASE)
_FREE = re.compile(r"[\s\-‐–]*free\b", re.IGNORECASE)
_WITHOUT = re.compile(r"\b(?:without|no|not|avoid(?:s|ed|ing)?|spar(?:e|es|ed|ing))\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
# "resistance to BTK inhibitors", "venetoclax-refractory": the therapy came before; the study is about resistance.
_RESISTANT_TO = re.compile(r"\b(?:resistan(?:ce|t)|refractory|refractoriness|insensitive)\s+(?:to|against)\s+"
                           r"(?:the\s+|prior\s+|previous\s+)?$", re.IGNORECASE)
_NO_RESPONSE_TO = re.compile(r"\b(?:not|no longer|stopped|ceased|failed to|fail(?:ed|ing)?)\s+(?:respond(?:ing)?|response)\s+"
                             r"to\s+(?:the\s+|prior\s+)?$", re.IGNORECASE)
# Drugs given to prepare for or bridge to a cell product ("lymphodepletion with fludarabine and cyclophosphamide").
_SUPPORTING = re.compile(r"\b(?:lymphodeplet\w*|bridging)\b", re.IGNORECASE)
_BEFORE_SUPPORTING = re.compile(r"\s*(?:\([^()]{0,15}\)\s*)?(?:lymphodeplet\w*|bridging)\b", re.IGNORECASE)
_EXCLUDED_BEFORE = re.compile(r"\b(?:excluding|except(?: for)?|other than|exclusion of|ineligible if|excluded if)\s+"
                              r"(?:(?:patients|those) with\s+)?(?:[\w\-]+\s+){0,2}$", re.IGNORECASE)
_EXCLUDED_AFTER = re.compile(r"[^.;:]{0,30}?\b(?:was|were)\s+(?:excluded|ineligible|not eligible)\b", re.IGNORECASE)
_RESISTANT_AFTER = re.compile(r"[\s\-‐–]*(?:resistan(?:ce|t)|refractory)\b", re.IGNORECASE)
_VERSUS = re.compile(r"(?:versus|vs\.?)\s", re.IGNORECASE)
# A therapy that treats an adverse event is supportive care, not what the study evaluates.
_MANAGED_WITH = re.compile(r"[^.;]{0,40}?\b(?:managed|treated|controlled|resolved|mitigated|reversed|responded|"
                           r"manageable)\b[^.;]{0,30}?\b(?:with|to|by|using)\s+(?:[\w\-]+\s*(?:,|and|or|plus)\s+){0,2}"
                           r"(?:(?:high|low|pulse)[\s\-‐–]dose\s+|systemic\s+|intravenous\s+|oral\s+)?", re.IGNORECASE)
_FOR_EVENT = re.compile(r"\s*(?:\([^()]{0,30}\)\s*)?(?:for|to (?:treat|manage|prevent|control))\s+"
                        r"(?:(?:the|grade\s*\d(?:\s*[-–]\s*\d)?|severe|any|refractory|steroid-refractory)\s+)*",
                        re.IGNORECASE)


def _prior_exposure(text: str, sentence: Sentence, start: int) -> bool:
    """Whether ``start`` lies in what the patients had before ("triple-class exposed (an immunomodulatory drug, …)",
    "two-thirds had prior BCMA CAR-T or teclistamab"): from the cue to the end of its clause or bracket."""
    if _EXPOSED_AFTER.match(text, start, sentence.end):  # "BCMA-exposed patients", "BCMA-naive"
        return True
    for cue in PRIOR_EXPOSURE.finditer(text, sentence.start, start):
        if text.startswith("(", cue.end()) or text[cue.end():cue.end() + 2] == " (":
            close = text.find(")", cue.end(), sentence.end)
            end = close if close >= 0 else sentence.end
        else:
            stop = _CLAUSE_END.search(text, cue.end(), sentence.end)
            end = stop.start() if stop else sentence.end
        if start < end:
            return True
    return False


def is_comparator(context: DocumentContext, sentence: Sentence, start: int) -> bool:
    """Whether what starts at ``start`` is named as a comparator ("compared with X", "unfit for X", "after X") or as
    an earlier treatment of the patients ("had received X", "triple-class exposed (X, Y and Z)")."""
    if _prior_exposure(context.document.text, sentence, start):
        return True
    match = COMPARATOR.search(context.document.text, max(sentence.start, start - 40), start)
    if match is None:
        return False
    if _VERSUS.match(match.group(0)):
        # "Luspatercept versus epoetin alfa": two arms of one trial, both evaluated; "… versus placebo" stays apart.
        arms = context.mentions_between(max(sentence.start, match.start() - 80), match.start(), "therapy", "drug")
        return not any(match.start() - arm.end <= 3 for arm in arms)
    return True


# A mechanism the study sets itself against: "Instead of a single-chain variable fragment, X uses …".
_INSTEAD_OF = re.compile(r"\b(?:instead of|rather than|unlike|in contrast to|as opposed to)\s+(?:an?\s+|the\s+)?"
                         r"(?:[\w\-]+\s+){0,2}$", re.IGNORECASE)


def is_set_against(context: DocumentContext, sentence: Sentence, start: int) -> bool:
    """Whether what starts at ``start`` is what the study does not use ("instead of X", "rather than X")."""
    return bool(_INSTEAD_OF.search(context.document.text, max(sentence.start, start - 40), start))


def is_supportive(context: DocumentContext, sentence: Sentence, mention: Mention, events: list[Mention]) -> bool:
    """Whether a therapy is given for an adverse event ("CRS was managed with tocilizumab", "steroids for ICANS")."""
    text = context.document.text
    after = _FOR_EVENT.match(text, mention.end, sentence.end)
    if after and any(e.start == after.end() for e in events):
        return True
    return any(e.end <= mention.start and _MANAGED_WITH.fullmatch(text, e.end, mention.start) for e in events)


def is_resisted(context: DocumentContext, sentence: Sentence, start: int, end: int) -> bool:
    """Whether the text says the disease resists the therapy named at ``start:end`` ("resistant to X", "X-refractory")."""
    text = context.document.text
    return bool(_RESISTANT_TO.search(text, max(sentence.start, start - 40), start)
                or _NO_RESPONSE_TO.search(text, max(sentence.start, start - 40), start)
                or _RESISTANT_AFTER.match(text, end, sentence.end))


def supporting_spans(context: DocumentContext, sentence: Sentence, products: list[ProductSpan]) -> list[range]:
    """Where a sentence names lymphodepletion or bridging: the therapy right before the cue ("fludarabine and
    cyclophosphamide (FC) lymphodepletion") and, in a sentence about a cell product, from the cue to the product, the
    clause's end or 120 characters. The drugs there prepare for the product; the study does not evaluate them."""
    text = context.document.text
    spans = []
    for therapy in context.mentions_between(sentence.start, sentence.end, "therapy", "drug"):
        if _BEFORE_SUPPORTING.match(text, therapy.end, sentence.end):
            spans.append(range(therapy.start, therapy.end))
    if not products:
        return spans
    for cue in _SUPPORTING.finditer(text, sentence.start, sentence.end):
        end = min([sentence.end, cue.start() + 120, *(p.start for p in products if p.start > cue.start())])
        stop = re.search(r"[;.]", text[cue.start():end])
        spans.append(range(cue.start(), cue.start() + stop.start() if stop else end))
    return spans


def negated_events(context: DocumentContext, sentence: Sentence) -> set[int]:
    """Starts of the adverse events the sentence negates: a cue right before or after the event ("without CRS",
    "ICANS was not observed"), and every event listed after a negated one ("without CRS greater than grade 2 or
    ICANS"). A disease in such a list ("no ICANS or HLH") is negated with it, and by a cue of its own only when the
    patients are said to be free of it ("free of vaso-occlusive crises")."""
    text = context.document.text
    negated: set[int] = set()
    previous: Mention | None = None
    for event in context.mentions_between(sentence.start, sentence.end, "adverse-event", "disease"):
        window = max(sentence.start, event.start - 30)
        cue = (NEGATED.search(text, window, event.start) or _NEGATED_AFTER.match(text, event.end, sentence.end)
               if event.concept.kind == "adverse-event" else _FREE_OF.search(text, window, event.start))
        if cue or (previous is not None and previous.start in negated
                   and _EVENT_LIST_GAP.fullmatch(text, previous.end, event.start)
                   and not _CLAUSE_SUBJECT.match(text, event.end, sentence.end)):
            negated.add(event.start)
        previous = event
    return negated


def is_excluded(context: DocumentContext, sentence: Sentence, mention: Mention) -> bool:
    """Whether a disease is named as an exclusion ("excluding CNS disease", "TAM and ML-DS were excluded")."""
    text = context.document.text
    return bool(_EXCLUDED_BEFORE.search(text, max(sentence.start, mention.start - 40), mention.start)
                or _EXCLUDED_AFTER.match(text, mention.end, sentence.end))


def is_withheld(context: DocumentContext, sentence: Sentence, mention: Mention) -> bool:
    """Whether a therapy is named as left out: "chemotherapy-free", "without transplantation"."""
    text = context.document.text
    return bool(_FREE.match(text, mention.end)
                or _WITHOUT.search(text, max(sentence.start, mention.start - 30), mention.start))
