"""People a digest block names in its prose as presenting or leading its study.

Not every digest labels its presenter ("First Author: …"). Many write it into the text: "X (Y Hospital) reported
the first 64 patients", "X of the Y Institute led this study, with Z (W Centre) as senior author", "At the
podium: X, Y Hospital, presenting for …". A name counts when an institution follows it at once (in brackets, after
"of"/"from"/"at", or after a comma) and its sentence says what the person did for the study; the first such name
is the first author, the others authors. A name without an institution beside it stays unread: bare capitalised
pairs are too often places, drugs or trial names.
"""

from __future__ import annotations

import re

from rdflib import URIRef

from .context import DocumentContext
from .institutions import declare_institution, institution_after, institution_chain, institution_names
from .people import LOWER, UPPER, parse_person_name
from .person_resolver import PersonResolver

__all__ = ["block_presenters", "block_voices", "institution_beside"]

_PART = rf"[{UPPER}][{LOWER}'’]+(?:-[{UPPER}]?[{LOWER}'’]+)*"  # "Ferrand-Whitaker", "Jean-luc"
_NAME = re.compile(rf"(?<![\w\-’']){_PART}(?:[ \t]+{_PART}){{1,2}}(?![\w\-])")
# What a presenter does for the study, in the sentence that names them.
_ROLE = re.compile(
    r"\b(?:present(?:ed|ing|s|er)|report(?:ed|ing|s)|led|leads|leading|pooled|analy[sz]ed|enrolled|treated|"
    r"showed|described|updated|"
    r"sequenced|podium|(?:co-?|senior |first |lead )?authors?|investigators?)\b",
    re.IGNORECASE,
)
# A person the block quotes or who chaired its session: an expert the document names, not an author of the study.
_VOICE = re.compile(r"\b(?:said|says|commented|comments|noted|added|explained|cautioned|argued|warned|remarked|"
                    r"moderated|chaired|co-?chaired)\b", re.IGNORECASE)
_COMMA_THEN_NAME = re.compile(r",[ \t]*(?:the[ \t]+)?")
_COMMA_GAP = re.compile(r"^(?:[ \t]*,[ \t]*)?$")  # between the names of a chain after a comma: a comma alone


def institution_beside(context: DocumentContext, end: int, stop: int, evidence) -> URIRef | None:
    """The institution written right after a name: "(Y Hospital", "of the Y Institute", ", Y Hospital"."""
    place = institution_after(context, end, stop, evidence)
    if place is not None:
        return place
    comma = _COMMA_THEN_NAME.match(context.document.text, end, stop)
    if comma is None:
        return None
    chain = institution_chain(context.document.text, comma.end(), stop, _COMMA_GAP)  # "Myeloma Program, Elm Center"
    return declare_institution(context, chain, evidence) if chain else None


def block_presenters(context: DocumentContext, people: PersonResolver, start: int, end: int) -> list[URIRef]:
    """The people ``text[start:end]`` names as doing the study, each with their institution, in text order."""
    return _named_with_institution(context, people, start, end, _ROLE)


def block_voices(context: DocumentContext, people: PersonResolver, start: int, end: int) -> list[URIRef]:
    """The people ``text[start:end]`` quotes or names as chairing ("commented Prof. X of Y, who moderated …"), each
    with their institution. A sentence that also says what someone did for the study is `block_presenters`'s."""
    return _named_with_institution(context, people, start, end, _VOICE, skip=_ROLE)


def _named_with_institution(context: DocumentContext, people: PersonResolver, start: int, end: int,
                            cue: re.Pattern, skip: re.Pattern | None = None) -> list[URIRef]:
    """People named in sentences that hold ``cue`` (and not ``skip``) with an institution right after the name."""
    text = context.document.text
    found: list[URIRef] = []
    for match in _NAME.finditer(text, start, end):
        sentence = context.sentence_at(match.start())
        if not cue.search(sentence.text) or (skip is not None and skip.search(sentence.text)):
            continue
        if institution_names(match.group(0)):  # "Sierra Alta", "Kattegatt University Hospital": a place, not a person
            continue
        parsed = parse_person_name(match.group(0))
        if parsed is None:
            continue
        evidence = context.evidence(sentence)
        place = institution_beside(context, match.end(), min(sentence.end, end), evidence)
        if place is None:
            continue
        person = people.person(parsed, evidence, place)
        if person not in found:
            found.append(person)
    return found
