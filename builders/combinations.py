"""Combination regimens named in text.

A combination is a chain of therapies joined by "plus", "+", "/", "combined with", "with", or a list
("A, B and C") where the sentence speaks of a regimen; it is one `hk:Therapy` with `hk:hasComponent` parts. Its parts
may be vocabulary therapies or the target-specific products of `builders.products`; a combination the vocabulary
names itself ("ven-aza") is that concept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import URIRef

from hemakg.ontology import HK

from .context import DocumentContext
from .iri import combination_iri
from .products import ProductSpan, product_index, product_spans
from .records import Sentence

__all__ = ["CombinationSpan", "combination_spans", "find_combinations"]

_STRONG_JOIN = re.compile(
    r"^\s*(?:\([^()]{0,40}\)\s*)?(?:\+|plus|/|combined with|in combination with|together with|with|followed by)\s*"
    r"(?:(?:low|high|reduced|standard)[\s\-‐–]dose\s+)?$",
    re.IGNORECASE,
)
_WEAK_JOIN = re.compile(
    r"^\s*(?:\([^()]{0,40}\)\s*)?(?:,\s*(?:and\s+)?|,?\s*and\s+)(?:(?:low|high|reduced|standard)[\s\-‐–]dose\s+)?$",
    re.IGNORECASE,
)
# "doxorubicin, vinblastine and dacarbazine (AVD)": the regimen's own abbreviation, an altLabel of the combination.
_ABBREVIATION = re.compile(r"\s*\((?P<abbreviation>[A-Z][A-Za-z0-9\-/]{1,11})\)")
_REGIMEN_CUE = re.compile(r"\b(?:combin\w*|regimens?|conditioning|plus|doublet|triplet|backbone|induction)\b", re.IGNORECASE)


@dataclass(frozen=True)
class CombinationSpan:
    """A combination named in a sentence: its node, where the text names it and its component nodes."""

    iri: URIRef
    start: int
    end: int
    components: tuple[URIRef, ...]


def _items(context: DocumentContext, sentence: Sentence, products: list[ProductSpan]) -> list[tuple[int, int, URIRef, str]]:
    items = [(p.start, p.end, p.iri, "") for p in products]
    for mention in context.mentions_between(sentence.start, sentence.end, "therapy", "drug"):
        if any(p.start <= mention.start < p.end for p in products):
            continue
        items.append((mention.start, mention.end, mention.concept.iri, mention.concept.pref_label))
        context.concept(mention.concept, context.evidence(sentence))
    return sorted(items)


def combination_spans(context: DocumentContext, sentence: Sentence,
                      products: list[ProductSpan] | None = None) -> list[CombinationSpan]:
    """Combinations the sentence names, declared with their components, in text order."""
    text = context.document.text
    products = product_spans(context, sentence) if products is None else products
    items = _items(context, sentence, products)
    cue = bool(_REGIMEN_CUE.search(sentence.text))
    chains: list[tuple[list, bool]] = []
    current, strong = items[:1], False
    for item in items[1:]:
        gap = text[current[-1][1]:item[0]]
        if _STRONG_JOIN.match(gap) or _WEAK_JOIN.match(gap):
            strong = strong or bool(_STRONG_JOIN.match(gap))
            current.append(item)
            continue
        chains.append((current, strong))
        current, strong = [item], False
    if current:
        chains.append((current, strong))
    found = []
    for mention in context.mentions_between(sentence.start, sentence.end, "therapy", "drug"):
        if mention.concept.components:  # the vocabulary names this combination itself ("ven-aza")
            context.linked_concepts.add(mention.concept.iri)
            found.append(CombinationSpan(mention.concept.iri, mention.start, mention.end, mention.concept.components))
    for chain, joined_strongly in chains:
        components = _without_classes_of_members(context, list(dict.fromkeys(item[2] for item in chain)))
        chain = [item for item in chain if item[2] in components]
        if len(components) < 2 or not (joined_strongly or cue or len(components) >= 3):
            continue
        evidence = context.evidence(sentence)
        known = product_index(context.vocabulary).combinations.get(frozenset(components))
        if known is not None:  # the vocabulary names this combination ("ven-aza")
            context.concept(known, evidence)
            context.linked_concepts.add(known.iri)
            found.append(CombinationSpan(known.iri, chain[0][0], chain[-1][1], known.components))
            continue
        iri = combination_iri(components)
        # The label follows the IRI's order, so every document gives the node the same one prefLabel.
        named = {item[2]: item[3] or context.emitter.label_of(item[2]) or str(item[2]).rsplit("/", 1)[-1] for item in chain}
        ordered = sorted(named, key=lambda c: str(c).rstrip("/").rsplit("/", 1)[-1])
        context.emitter.entity(iri, HK.Therapy, " + ".join(named[c] for c in ordered), evidence,
                               alt_labels=_abbreviation(context, chain[-1][1], sentence.end))
        for component in components:
            context.emitter.emit(iri, HK.hasComponent, component, evidence)
            context.linked_concepts.add(component)
        found.append(CombinationSpan(iri, chain[0][0], chain[-1][1], tuple(components)))
    return sorted(found, key=lambda c: c.start)


def _without_classes_of_members(context: DocumentContext, components: list[URIRef]) -> list[URIRef]:
    """Drop a class that another component belongs to: "PD-1 blockade with nivolumab" names one drug, not two."""
    concepts = context.vocabulary.concepts
    classes = set()
    for component in components:
        todo = list(concepts[component].broader) if component in concepts else []
        while todo:
            broader = todo.pop()
            if broader not in classes:
                classes.add(broader)
                todo.extend(concepts[broader].broader if broader in concepts else ())
    return [c for c in components if c not in classes]


def _abbreviation(context: DocumentContext, end: int, stop: int) -> tuple[str, ...]:
    """The abbreviation written in brackets right after a combination ("(AVD)", "(R-CHOP)"), unless the vocabulary
    gives those letters to something else."""
    match = _ABBREVIATION.match(context.document.text, end, stop)
    if match is None:
        return ()
    abbreviation = match.group("abbreviation")
    if sum(ch.isupper() for ch in abbreviation) < 2 or context.vocabulary.lookup(abbreviation) is not None:
        return ()
    return (abbreviation,)


def find_combinations(context: DocumentContext, sentences: list[Sentence]) -> list[tuple[URIRef, Sentence]]:
    """Combinations named in ``sentences`` as ``(combination node, sentence)``; components via `hk:hasComponent`."""
    return [(c.iri, s) for s in sentences for c in combination_spans(context, s)]
