"""The authors of a study as its byline gives them: names, the institutions their markers point to, and who to write to.

Letters, reports and the abstracts of a digest print the same byline shapes (`bylines`, `front_matter`); this is
where those parsed names become experts, `hk:author`/`hk:firstAuthor`/`hk:correspondingAuthor` of a study, each
`hk:affiliatedWith` the institutions of their markers.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from rdflib import URIRef

from hemakg.ontology import HK

from .context import DocumentContext
from .front_matter import FrontMatter
from .institutions import declare_institution, split_affiliation
from .people import parse_person_name
from .person_resolver import PersonResolver

__all__ = ["declare_byline"]


def declare_byline(context: DocumentContext, study: URIRef, front: FrontMatter, resolver: PersonResolver) -> None:
    """The byline's authors as ``hk:author`` of ``study`` (the first ``hk:firstAuthor``), each ``hk:affiliatedWith``
    the institutions of their markers (unmarked authors: the unmarked affiliations), and the corresponding author.
    """
    institutions: dict[str, list[URIRef]] = {}  # by marker; "" for the unmarked lines under a plain byline
    by_name: dict[str, list[URIRef]] = {}  # affiliations written after the authors' names
    stated_at: dict[URIRef, int] = {}
    for affiliation in front.affiliations:
        parts = split_affiliation(affiliation.text)
        if parts:
            place = declare_institution(context, parts, context.evidence_at(affiliation.start))
            for name in affiliation.names:
                by_name.setdefault(_fold_name(name), []).append(place)
            if not affiliation.names:
                institutions.setdefault(affiliation.marker, []).append(place)
            stated_at.setdefault(place, affiliation.start)
    for author in front.authors:
        resolver.know(author.name)
    for position, author in enumerate(front.authors):
        if parse_person_name(author.name) is None:
            continue
        evidence = context.evidence_at(author.start)
        numbered = [m for m in author.markers if m.isalnum()] or [""]
        places = by_name.get(_fold_name(author.name)) or [place for m in numbered for place in institutions.get(m, [])]
        person = resolver.person(author.name, evidence, places[0] if places else None)
        for place in places[1:]:
            resolver.affiliate(person, place, context.evidence_at(stated_at[place]))
        context.emitter.emit(study, HK.author, person, evidence)
        if position == 0:
            context.emitter.emit(study, HK.firstAuthor, person, evidence)
        if "*" in author.markers or "✉" in author.markers:
            context.emitter.emit(study, HK.correspondingAuthor, person, evidence)
    starred = [a.name for a in front.authors if "*" in a.markers]
    for corresponding in front.corresponding:
        if corresponding.name is None and corresponding.email and len(starred or front.authors) == 1:
            person = resolver.find((starred or [front.authors[0].name])[0])
            if person is not None:
                context.emitter.emit(person, HK.email, corresponding.email, context.evidence_at(corresponding.start))
            continue
        if corresponding.name is None or parse_person_name(corresponding.name) is None:
            continue
        evidence = context.evidence_at(corresponding.start)
        byline = _closest_author(corresponding.name, [a.name for a in front.authors])
        person = resolver.find(byline) if byline else None
        address = corresponding.affiliation
        parts = split_affiliation(address.text) if address else []
        place = declare_institution(context, parts, context.evidence_at(address.start)) if parts else None
        if person is not None:
            context.emitter.entity(person, HK.Expert, corresponding.name, evidence)  # the variant as altLabel
            if place is not None and context.emitter.value(person, HK.affiliatedWith) is None:
                resolver.affiliate(person, place, context.evidence_at(address.start))  # the address is all we know
        else:
            person = resolver.person(corresponding.name, evidence, place)
        context.emitter.emit(study, HK.correspondingAuthor, person, evidence)
        context.emitter.emit(study, HK.author, person, evidence)
        if corresponding.email:
            context.emitter.emit(person, HK.email, corresponding.email, evidence)


def _fold_name(name: str) -> str:
    return " ".join(re.sub(r"[^\w\s\-]", "", name).lower().split())


def _closest_author(name: str, authors: list[str]) -> str | None:
    """The byline name a corresponding-author name spells, allowing a typo ("Hona-Hu Zhu", "Lena Fisher").

    Examples
    --------
    >>> _closest_author("Lena Fisher", ["Maria Rossi", "Lena Fischer"])
    'Lena Fischer'
    >>> _closest_author("Paul Smith", ["Maria Rossi", "Lena Fischer"]) is None
    True
    """
    def fold(text: str) -> str:
        return re.sub(r"[^a-z ]", "", text.lower())

    scored = sorted(((SequenceMatcher(None, fold(name), fold(a)).ratio(), a) for a in authors), reverse=True)
    if not scored or scored[0][0] < 0.85 or (len(scored) > 1 and scored[1][0] >= scored[0][0] - 0.05):
        return None
    return scored[0][1]
