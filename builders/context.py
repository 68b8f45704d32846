"""The state of one document's build, shared by the genre builders and the extractors they call."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field

from rdflib import URIRef

from hemakg.ontology import HK

from .emitter import Emitter
from .records import BuildReport, BuildResult, Concept, Document, Evidence, Mention, Sentence
from .sentences import split_sentences
from .vocabulary import Vocabulary, load_vocabulary

__all__ = ["DocumentContext"]


def _outside_organisation_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """Drop mentions that are words of an organisation's name: "Lymphoma Service" or "Anti-Leukemia Alliance" names
    a place, not the disease, and "Center for Cell Therapy" is not a therapy."""
    from .institutions import institution_names  # institutions reads contexts; import at use to keep the cycle open

    if not mentions:
        return mentions
    spans = sorted((offset, offset + len(name)) for name, offset in institution_names(text))
    if not spans:
        return mentions
    starts = [start for start, _ in spans]
    kept = []
    for mention in mentions:
        index = bisect.bisect_right(starts, mention.start) - 1
        inside = index >= 0 and spans[index][0] <= mention.start and mention.end <= spans[index][1]
        if not inside or mention.concept.kind == "conference-series":
            kept.append(mention)
    return kept


# "alpha- or beta-thalassaemia", "B- and T-cell lymphoma": a word and a hyphen that the next term completes.
_ELIDED = re.compile(r"\b([^\W_]+)[-‐‑][ \t]+(?:or|and|and/or|to)[ \t]+(?=[^\W_]+[-‐‑][^\W_])")


def _elided_mentions(text: str, mentions: list[Mention], vocabulary: Vocabulary) -> list[Mention]:
    """Concepts named by a word whose ending the coordinated term gives: in "alpha- or beta-thalassaemia", "alpha-"
    names alpha-thalassaemia. Only where the completed name is a label and nothing else is recognised there."""
    by_start = {m.start: m for m in mentions}
    found = []
    for match in _ELIDED.finditer(text):
        completed = by_start.get(match.end())
        parts = re.split(r"[-‐‑]", completed.surface, maxsplit=1) if completed else []
        rest = parts[1] if len(parts) == 2 else ""
        if not rest or any(m.start <= match.start() < m.end for m in mentions):
            continue
        concept = vocabulary.lookup(f"{match.group(1)}-{rest}")
        if concept is not None and concept.iri != completed.concept.iri:
            end = match.start() + len(match.group(1)) + 1
            found.append(Mention(concept, match.start(), end, text[match.start():end]))
    return found


@dataclass
class DocumentContext:
    """A document split into sentences, its concept mentions, and the emitter its facts go through."""

    document: Document
    vocabulary: Vocabulary
    sentences: list[Sentence]
    mentions: list[Mention]
    emitter: Emitter
    report: BuildReport = field(default_factory=BuildReport)
    concepts_used: set[URIRef] = field(default_factory=set)
    linked_concepts: set[URIRef] = field(default_factory=set)

    @classmethod
    def create(cls, document: Document, vocabulary: Vocabulary | None = None) -> "DocumentContext":
        vocabulary = vocabulary or load_vocabulary()
        sentences = split_sentences(document.text)
        mentions: list[Mention] = []
        for sentence in sentences:
            mentions.extend(vocabulary.recognizer.find(sentence.text, sentence.start))
        mentions = _outside_organisation_names(document.text, mentions)
        elided = _elided_mentions(document.text, mentions, vocabulary)
        if elided:
            mentions = sorted(mentions + elided, key=lambda m: m.start)
        context = cls(document, vocabulary, sentences, mentions, Emitter(document))
        context._starts = [s.start for s in sentences]
        context._mention_starts = [m.start for m in mentions]
        return context

    # --- where things are -------------------------------------------------------------------------------------
    def sentence_at(self, offset: int) -> Sentence:
        index = max(0, bisect.bisect_right(self._starts, offset) - 1)
        return self.sentences[index]

    def sentences_between(self, start: int, end: int) -> list[Sentence]:
        return [s for s in self.sentences if s.start >= start and s.end <= end]

    def mentions_between(self, start: int, end: int, *kinds: str) -> list[Mention]:
        low = bisect.bisect_left(self._mention_starts, start)
        found = []
        for mention in self.mentions[low:]:
            if mention.start >= end:
                break
            if mention.end <= end and (not kinds or mention.concept.kind in kinds):
                found.append(mention)
        return found

    def evidence(self, sentence: Sentence) -> Evidence:
        return self.emitter.evidence(sentence)

    def evidence_at(self, offset: int) -> Evidence:
        return self.emitter.evidence(self.sentence_at(offset))

    # --- writing ----------------------------------------------------------------------------------------------
    def concept(self, concept: Concept, evidence: Evidence) -> URIRef:
        """Declare a vocabulary concept in the document graph (types and label) and note that the text names it."""
        for cls in concept.types:
            self.emitter.entity(concept.iri, cls, concept.pref_label, evidence)
        self.emitter.emit(self.document.iri, HK.mentions, concept.iri, evidence)
        self.concepts_used.add(concept.iri)
        return concept.iri

    def link(self, subject: URIRef, predicate: URIRef, concept: Concept, evidence: Evidence) -> None:
        """Link an entity to a vocabulary concept, declaring the concept first."""
        self.concept(concept, evidence)
        self.emitter.emit(subject, predicate, concept.iri, evidence)
        self.linked_concepts.add(concept.iri)

    def _declare_implied_concepts(self) -> None:
        """Declare vocabulary concepts that facts point to without the text naming them.

        A named product's targets come from the vocabulary ("teclistamab" targets BCMA); the fact is evidenced by
        the sentence naming the product, and the target must still be a typed, labelled entity of the document.
        """
        for _, _, target, sentence in self.emitter.evidenced():
            concept = self.vocabulary.concepts.get(target) if isinstance(target, URIRef) else None
            if concept is None or target in self.concepts_used:
                continue
            self.concept(concept, self.evidence(sentence))
            self.linked_concepts.add(concept.iri)

    def finish(self, genre: str) -> BuildResult:
        """Declare every mention, fill the report, and hand over the graph."""
        for mention in self.mentions:
            self.concept(mention.concept, self.evidence_at(mention.start))
            for part in mention.concept.components:  # "venetoclax and azacitidine" names both drugs too
                if part in self.vocabulary.concepts:
                    self.concept(self.vocabulary.concepts[part], self.evidence_at(mention.start))
        self._declare_implied_concepts()
        counts: Counter = Counter()
        for entity, classes in self.emitter.entities().items():
            for cls in classes:
                counts[str(cls).rsplit("#", 1)[-1]] += 1
        self.report.entities_per_class = counts
        self.report.relations = self.emitter.relation_count
        unplaced = sorted(
            {m.concept.pref_label for m in self.mentions if m.concept.iri not in self.linked_concepts}
        )
        self.report.unplaced_mentions = unplaced
        self.emitter.record_genre(genre)
        return BuildResult(self.document, genre, self.report, self.emitter)
