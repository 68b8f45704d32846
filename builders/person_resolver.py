"""One IRI per real person inside a document, whatever the spellings the document uses for them.

Across documents a person is shared only through name *and* institution (`iri.expert_iri`). Because an IRI must not
change once emitted, a builder that knows a person's institution (from a profile or a byline) should pass it on the
first call to `PersonResolver.person`; `PersonResolver.know` registers names found in a first pass so that a bare
surname met early resolves to the full name met later.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef

from hemakg.ontology import HK

from .context import DocumentContext
from .iri import expert_iri
from .people import INITIALS, PersonName, clean_name, fold_name, parse_person_name, same_person
from .records import Evidence

__all__ = ["PersonResolver"]


@dataclass
class _Person:
    name: PersonName
    iri: URIRef | None = None
    institution: URIRef | None = None  # where the text first places them, for the IRI
    variants: set[str] = field(default_factory=set)


class PersonResolver:
    """One per document: maps every written form of a person's name to one IRI.

    A name joins a known person when exactly one known person is compatible with it (`same_person`); a name
    compatible with two known people stays apart and is reported as unresolved. The first full name seen becomes
    the label; other spellings become altLabels.
    """

    def __init__(self, context: DocumentContext):
        self.context = context
        self._people: list[_Person] = []

    # --- matching ---------------------------------------------------------------------------------------------
    def _candidates(self, name: PersonName) -> list[_Person]:
        found = [p for p in self._people if same_person(p.name, name)]
        if len(found) > 1:
            exact = [p for p in found if fold_name(p.name.display) == fold_name(name.display)]
            found = exact or found
        return found

    def _record(self, name: PersonName) -> _Person | None:
        found = self._candidates(name)
        if len(found) == 1:
            person = found[0]
            if len(name.given) > len(person.name.given) and person.iri is None and not INITIALS.match(name.given):
                person.name = name  # a fuller spelling, before anything was emitted
            return person
        if len(found) > 1:
            self.context.report.unresolved_names.append(name.display)
            return None
        person = _Person(name)
        self._people.append(person)
        return person

    def know(self, name: str | PersonName, institution: URIRef | None = None) -> PersonName | None:
        """Register a written name without emitting anything, so later short forms resolve to it.

        ``institution`` is where the text places the person (a byline, "Professor X from Y"); it becomes part of
        their IRI even when a profile read later lists other institutions first.
        """
        parsed = parse_person_name(name) if isinstance(name, str) else name
        if parsed is None:
            return None
        if parsed.given:
            person = self._record(parsed)
            if person is not None and person.institution is None:
                person.institution = institution
        return parsed

    def find(self, name: str | PersonName) -> URIRef | None:
        """The IRI already emitted for this name, if any (nothing is emitted)."""
        parsed = parse_person_name(name) if isinstance(name, str) else name
        if parsed is None:
            return None
        found = self._candidates(parsed)
        return found[0].iri if len(found) == 1 else None

    # --- emitting ---------------------------------------------------------------------------------------------
    def person(self, name: str | PersonName, evidence: Evidence, institution: URIRef | None = None) -> URIRef:
        """The person's IRI, declaring them as `hk:Expert` (and affiliated with ``institution``) on first use.

        Raises
        ------
        ValueError
            When ``name`` is not a person's name.
        """
        parsed = parse_person_name(name) if isinstance(name, str) else name
        if parsed is None:
            raise ValueError(f"{self.context.document.source}: not a person's name: {name!r}")
        person = self._record(parsed)
        if person is None:  # ambiguous: keep it apart, scoped to the document
            person = _Person(parsed)
            self._people.append(person)
        if person.iri is None:
            display = person.name.display
            key = person.institution or institution
            if key is not None:
                person.iri = expert_iri(display, _institution_key(key))
            else:
                person.iri = expert_iri(display, document_slug=self.context.document.slug)
            self.context.emitter.entity(person.iri, HK.Expert, display, evidence)
        written = _as_written(name, parsed)
        if written not in person.variants:
            person.variants.add(written)
            if parsed.given and written != person.name.display:
                self.context.emitter.entity(person.iri, HK.Expert, written, evidence)
        if institution is not None:
            self.affiliate(person.iri, institution, evidence)
        return person.iri

    def affiliate(self, person: URIRef, institution: URIRef, evidence: Evidence) -> None:
        """State that ``person`` works at or belongs to ``institution`` and to each institution it is part of.

        "Department of Haematology, Oak Hospital" is a department `hk:partOf` its hospital; who works in the
        department works at the hospital, and that is what "where does X work" asks.
        """
        seen = set()
        while institution is not None and institution not in seen:
            seen.add(institution)
            self.context.emitter.emit(person, HK.affiliatedWith, institution, evidence)
            institution = self.context.emitter.value(institution, HK.partOf)

    def people(self) -> list[tuple[PersonName, URIRef]]:
        """Every person emitted so far, with the name used as label."""
        return [(p.name, p.iri) for p in self._people if p.iri is not None]


def _as_written(name: str | PersonName, parsed: PersonName) -> str:
    """The name in the order the text wrote it ("Sun Xiaoyan" stays "Sun Xiaoyan", "Lee AB" as abstract books and
    reference lists print it), for an altLabel."""
    if isinstance(name, str) and parsed.given:
        family_first = f"{parsed.family} {parsed.given}"
        if fold_name(family_first) in fold_name(" ".join(clean_name(name).split())):
            return family_first
    return parsed.display


def _institution_key(institution: URIRef) -> str:
    """The organisation part of an institution IRI: a department's IRI is scoped under its parent's."""
    tail = str(institution).split("/institution/", 1)[-1]
    return tail.split("/", 1)[0]
