"""The concepts builders recognise, read from the ontology's SKOS concept schemes, and a recogniser built from them.

Recognition is one pass of an Aho-Corasick automaton over the folded text (lower case, dashes as spaces), so its
cost does not grow with the vocabulary. Short labels with a capital ("ALL", "CR", "MM") must match case exactly;
longer labels match in any case and in the plural.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ahocorasick
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from hemakg.ontology import CONCEPT_SCHEME_FILES, HK

from .records import Concept, Mention

__all__ = ["Vocabulary", "Recognizer", "load_vocabulary", "fold_text", "KIND_BY_CLASS"]

# Most specific first: a concept typed Drug and Therapy is a "drug".
KIND_BY_CLASS = {
    HK.Drug: "drug",
    HK.Therapy: "therapy",
    HK.Antigen: "antigen",
    HK.Gene: "gene",
    HK.Disease: "disease",
    HK.Mechanism: "mechanism",
    HK.AdverseEvent: "adverse-event",
    HK.ConferenceSeries: "conference-series",
}

_DASHES = "-‐‑‒–—―−"
_FOLD = str.maketrans(
    {**{d: " " for d in _DASHES}, "’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " ", "\n": " "}
)
CASE_SENSITIVE_MAX = 6


def fold_text(text: str) -> str:
    """Lower-case, with every dash as a space; same length as ``text`` so offsets carry over.

    Examples
    --------
    >>> fold_text("CAR T-Cell")
    'car t cell'
    """
    folded = text.translate(_FOLD)
    lowered = folded.lower()
    if len(lowered) == len(folded):
        return lowered
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in folded)


def _case_sensitive(label: str) -> bool:
    return len(label) <= CASE_SENSITIVE_MAX and any(ch.isupper() for ch in label)


@dataclass(frozen=True)
class _Entry:
    concept: Concept
    label: str
    exact: str | None  # dash-folded label, compared case-sensitively when set


class Recognizer:
    """Finds concept mentions in text: longest match first, whole words only, no overlaps."""

    def __init__(self, concepts: Iterable[Concept]):
        self._automaton = ahocorasick.Automaton()
        keys: dict[str, list[_Entry]] = {}
        for concept in concepts:
            for label in (concept.pref_label, *concept.alt_labels):
                if len(label.strip()) < 2:
                    continue
                key = fold_text(label.strip())
                exact = label.strip().translate(_FOLD) if _case_sensitive(label.strip()) else None
                entries = keys.setdefault(key, [])
                if not any(e.concept.iri == concept.iri and e.exact == exact for e in entries):
                    entries.append(_Entry(concept, label, exact))
        for key, entries in keys.items():
            self._automaton.add_word(key, (len(key), tuple(entries)))
        self._empty = not keys
        if keys:
            self._automaton.make_automaton()

    @staticmethod
    def _boundary_ok(text: str, start: int, end: int) -> int | None:
        """The end of the mention if the match stands as whole words (allowing a plural 's'), else None."""
        if start > 0 and text[start - 1].isalnum():
            return None
        if end < len(text) and text[end].isalnum():
            if text[end] == "s" and (end + 1 == len(text) or not text[end + 1].isalnum()) and text[end - 1].isalpha():
                return end + 1
            # "CD64directed": a label ending in a digit glued to a lower-case word, common in text from PDFs.
            if text[end - 1].isdigit() and text[end].islower() and text[end:end + 2] != "s" and not text[end].isdigit():
                return end
            return None
        return end

    def find(self, text: str, offset: int = 0) -> list[Mention]:
        """Mentions in ``text``; offsets are shifted by ``offset``."""
        if self._empty:
            return []
        folded = fold_text(text)
        plain = text.translate(_FOLD)
        candidates = []
        for last, (length, entries) in self._automaton.iter(folded):
            start = last - length + 1
            end = self._boundary_ok(folded, start, last + 1)
            if end is None:
                continue
            for entry in entries:
                if entry.exact is not None and plain[start:last + 1] != entry.exact:
                    continue
                candidates.append((start, end, entry))
                break
        candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
        mentions: list[Mention] = []
        covered_until = -1
        for start, end, entry in candidates:
            if start < covered_until:
                continue
            mentions.append(Mention(entry.concept, offset + start, offset + end, text[start:end]))
            covered_until = end
        return mentions


class Vocabulary:
    """All concepts of the concept schemes, with their SKOS descriptions for the vocabulary graph."""

    def __init__(self, graph: Graph):
        self.graph = graph
        self.concepts: dict[URIRef, Concept] = {}
        for iri in set(graph.subjects(RDF.type, SKOS.Concept)):
            types = tuple(sorted(t for t in graph.objects(iri, RDF.type) if t in KIND_BY_CLASS))
            if not types:
                continue
            kind = next(KIND_BY_CLASS[c] for c in KIND_BY_CLASS if c in types)
            pref = graph.value(iri, SKOS.prefLabel)
            if pref is None:
                continue
            self.concepts[iri] = Concept(
                iri=iri,
                kind=kind,
                types=types,
                pref_label=str(pref),
                alt_labels=tuple(sorted(str(a) for a in graph.objects(iri, SKOS.altLabel))),
                broader=tuple(sorted(graph.objects(iri, SKOS.broader))),
                targets=tuple(sorted(graph.objects(iri, HK.targets))),
                components=tuple(sorted(graph.objects(iri, HK.hasComponent))),
            )
        self.recognizer = Recognizer(self.concepts[i] for i in sorted(self.concepts))
        self._by_label = {}
        for concept in self.concepts.values():
            for label in (concept.pref_label, *concept.alt_labels):
                self._by_label.setdefault(fold_text(label), concept)

    def lookup(self, label: str) -> Concept | None:
        """The concept with this label or synonym (folded), if any."""
        return self._by_label.get(fold_text(label.strip()))

    def of_kind(self, *kinds: str) -> list[Concept]:
        return [c for c in self.concepts.values() if c.kind in kinds]

    def description(self, iri: URIRef) -> list[tuple]:
        """The concept's triples as the schemes state them, for the shared vocabulary graph."""
        return list(self.graph.triples((iri, None, None)))


@lru_cache(maxsize=4)
def _load(files: tuple[Path, ...]) -> Vocabulary:
    graph = Graph()
    for path in files:
        if path.exists():
            graph.parse(path, format="turtle")
    return Vocabulary(graph)


def load_vocabulary(files: Iterable[Path] = CONCEPT_SCHEME_FILES) -> Vocabulary:
    """The vocabulary from the concept-scheme files, parsed once per process."""
    return _load(tuple(files))
