"""Link a study to the concepts its own text names.

A study's span is the text that belongs to it (a digest block, a table row, a paragraph about one trial); genre
builders decide the spans, this module decides what a mention inside one means:

* antigens and genes → ``hk:targets`` (a mutation such as "JAK2V617F" targets the gene, the variant kept as
  ``hk:variant``); diseases → ``hk:condition`` (a composed subtype such as "TP53-mutated AML" is minted narrower than
  its parent); therapies → ``hk:evaluates``, with target-specific products and combinations as their own nodes
  (`builders.products`); mechanisms → ``hk:involvesMechanism``; adverse events → ``hk:reportsAdverseEvent``;
  disease status ("relapsed/refractory", "newly diagnosed") → ``hk:diseaseStatus`` literals.
* What a sentence names only in passing is not the study's: an outlook ("Future advances may enable …"), a
  comparator ("… limitations of CD19-only CAR-T"), a negated adverse event ("without CRS"), or a sentence that
  cites several studies. Those concepts stay document mentions. So do the drugs of a cell product's
  lymphodepletion, a therapy the disease resists ("resistant to venetoclax": the study involves drug resistance),
  every event of a negated list ("without CRS greater than grade 2 or ICANS") and a grouping mechanism ("signalling
  pathways", "resistance mechanisms"), which is for browsing and never a study's link.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import replace

from rdflib import URIRef
from rdflib.namespace import SKOS

from hemakg.ontology import HK

from .context import DocumentContext
from .iri import subtype_iri
from .combinations import CombinationSpan, combination_spans
from .incidental import (is_comparator, is_excluded, is_resisted, is_set_against, is_supportive, is_withheld,
                         negated_events, supporting_spans)
from .products import ProductSpan, product_spans
from .records import Concept, Mention, Sentence

__all__ = ["PREDICATE_BY_KIND", "link_mentions", "link_study", "is_passing", "disease_statuses"]

PREDICATE_BY_KIND = {
    "antigen": HK.targets,
    "gene": HK.targets,
    "disease": HK.condition,
    "therapy": HK.evaluates,
    "drug": HK.evaluates,
    "mechanism": HK.involvesMechanism,
    "adverse-event": HK.reportsAdverseEvent,
}

_OUTLOOK = re.compile(
    r"^(?:in the future|future|going forward|looking ahead|historically|previously|traditionally|in contrast)\b|"
    r"\b(?:may|might|could|would) (?:enable|help|complement|expand|become|offer|allow|pave)\b|"
    r"\bremains? an? (?:major |significant |key )?(?:challenge|unmet need)\b|"
    r"\b(?:logical |natural )?next steps?\b|\bremains? to be\b|"
    r"\b(?:will|should|need to) be (?:explored|tested|evaluated|studied|investigated|confirmed|validated)\b|"
    r"\bfuture (?:studies|trials|work|research)\b",
    re.IGNORECASE,
)
_DOSE_UNIT = re.compile(r"\s*(?:cells?\s*)?/\s*(?:kg|m2|m²)\b")
_STATUS = [
    (re.compile(r"\b(?:relapsed\s*(?:/|or|and)\s*refractory|refractory\s*(?:/|or|and)\s*relapsed|r/r)\b"
                r"|\bRR(?=[A-Z]{2,4}\b)", re.IGNORECASE), "relapsed/refractory"),
    (re.compile(r"\bnewly[\s\-]diagnosed\b|\bND(?=[A-Z]{2,4}\b)|\btreatment[\s\-]na[iï]ve\b|\bpreviously untreated\b|"
                r"\b(?:front|first)[\s\-]?line\b", re.IGNORECASE), "newly diagnosed"),
    (re.compile(r"\b(?:transplant|HSCT|intensive[\s\-]chemotherapy)[\s\-](?:ineligible|unfit)\b|"
                r"\b(?:ineligible|unfit) for (?:intensive|transplant|HSCT|allo)", re.IGNORECASE), "unfit"),
    (re.compile(r"\bp(?:a)?ediatric\b(?!\s+(?:hospital|cent(?:er|re)|oncology group|department))|\bchildren\b(?!['’]s)|"
                r"\bchildhood\b", re.IGNORECASE), "pediatric"),
    (re.compile(r"\b(?:elderly|older (?:adults|patients))\b", re.IGNORECASE), "elderly"),
    (re.compile(r"\bpost[\s\-]?(?:transplant(?:ation)?|HSCT|allo[\s\-]?HSCT)\b", re.IGNORECASE), "post-transplant"),
    (re.compile(r"\bheavily (?:pre)?[\s\-]?treated\b", re.IGNORECASE), "heavily pretreated"),
    # Prognostic risk groups describe the population, not a biological subtype: "lower-risk MDS" is MDS.
    (re.compile(r"\b(?:lower|low|very[\s\-]low)[\s\-‐–]risk\b|\bLR(?=[\s\-]?MDS\b)", re.IGNORECASE), "lower-risk"),
    (re.compile(r"\b(?:higher|high|very[\s\-]high)[\s\-‐–]risk\b|\bHR(?=[\s\-]?MDS\b)", re.IGNORECASE), "higher-risk"),
]
_VARIANT = re.compile(r"(?<![\w])([A-Z][A-Z0-9]{1,9})[\s\-]?((?:p\.)?[A-Z]\d{1,4}(?:[A-Z]|fs|del|dup|ins|\*)|ITD|TKD)"
                      r"(?:[+⁺]|(?![\w]))")
_GENE_QUALIFIER = re.compile(
    r"(?P<variant>[\s\-]?(?:p\.)?[A-Z]\d{1,4}(?:[A-Z]|fs|del|dup|ins|\*)|[\s\-]?ITD|[\s\-]?TKD)?"
    r"[\s\-‐–]?(?P<word>mutated|mutant|mutation[\s\-‐–]positive|positive|negative|rearranged|[+⁺])\s*"
)
_SURFACE_VARIANT = re.compile(r"(?<=[A-Z0-9])[\s\-]?(?:p\.)?[A-Z]\d{1,4}(?:[A-Z]|fs|del|dup|ins)$|[\s\-](?:ITD|TKD)$")
_TRANSLOCATION = re.compile(r"(?:t|inv)\(\d{1,2};?\d{0,2}\)(?:\([^)]{1,20}\))?\s*$")


def link_mentions(context: DocumentContext, subject: URIRef, mentions: list[Mention]) -> int:
    """Link ``subject`` to each mentioned concept by its kind's predicate; returns how many links were made."""
    made = 0
    for mention in mentions:
        predicate = PREDICATE_BY_KIND.get(mention.concept.kind)
        if predicate is None:
            continue
        context.link(subject, predicate, mention.concept, context.evidence_at(mention.start))
        made += 1
    return made


# Declarations of interest speak of the authors, not of the study: "Dr. X reports research funding from …".
_DISCLOSURE = re.compile(
    r"\b(?:research (?:funding|support)|consult(?:ing|ancy) fees|speaker(?:['’]s)? fees|honoraria|advisory (?:roles?|"
    r"boards?)|competing interests?|conflicts? of interests?|declares? no)\b",
    re.IGNORECASE,
)


def is_passing(sentence: Sentence) -> bool:
    """Whether the sentence speaks of what lies outside the study (outlook, background) or cites several studies.

    Examples
    --------
    >>> is_passing(Sentence(0, 0, 60, "Future advances may enable CAR-NK to complement CAR-T."))
    True
    >>> is_passing(Sentence(0, 0, 40, "CD123 CAR-NK was active in AML."))
    False
    >>> is_passing(Sentence(0, 0, 50, "Tong et al. treated 12 patients [1]."))
    False
    >>> is_passing(Sentence(0, 0, 50, "Both CD33 and CLL1 were targeted [2, 3]."))
    True
    >>> is_passing(Sentence(0, 0, 60, "Dr. Lee reports research funding from the maker of CTX-1."))
    True
    """
    if _OUTLOOK.search(sentence.text) or _DISCLOSURE.search(sentence.text):
        return True
    # "Lee et al. … [3]" cites one study: count bracket numbers and author names apart, not together.
    numbers = {n for group in re.findall(r"\[(\d+(?:\s*[,–\-]\s*\d+)*)\]", sentence.text)
               for n in re.split(r"\s*[,–\-]\s*", group)}
    names = set(re.findall(r"\b([A-Z][A-Za-z'’\-]+) et al\b", sentence.text))
    return max(len(numbers), len(names)) >= 2


def disease_statuses(text: str) -> list[str]:
    """The disease statuses a text names, normalised.

    Examples
    --------
    >>> disease_statuses("in R/R AML and newly diagnosed, heavily pretreated RRMM")
    ['relapsed/refractory', 'newly diagnosed', 'heavily pretreated']
    """
    found = [status for pattern, status in _STATUS if pattern.search(text)]
    if "relapsed/refractory" not in found:
        found += [word for word in ("relapsed", "refractory") if re.search(rf"\b{word}\b", text, re.IGNORECASE)]
    return found


def _in_spans(offset: int, spans) -> bool:
    return any(span.start <= offset < span.end for span in spans)


def _surface_variant(context: DocumentContext, gene: Mention) -> str | None:
    """The variant a gene's name carries ("JAK2V617F" → "V617F"), if the rest is itself a name of that gene.

    "KMT2A" ends like a variant ("T2A") but "KM" names nothing, so it is only a symbol.
    """
    match = _SURFACE_VARIANT.search(gene.surface)
    if match and context.vocabulary.lookup(gene.surface[:match.start()]) is gene.concept:
        return match.group(0)
    return None


def _subtype(context: DocumentContext, sentence: Sentence, disease: Mention, genes: list[Mention]) -> URIRef | None:
    """A narrower disease the text composes right before the disease name: "<GENE>-mutated", "t(8;21)".

    The label is normalised ("JAK2 V617F-positive myeloproliferative neoplasm") so that every document gives the
    node the same one prefLabel.
    """
    text = context.document.text
    head = text[max(sentence.start, disease.start - 40):disease.start]
    qualifier = None
    for gene in genes:
        if gene.end > disease.start:
            continue
        composed = _GENE_QUALIFIER.fullmatch(text[gene.end:disease.start])
        if composed:
            written = composed.group("variant") or _surface_variant(context, gene)
            variant = f" {written.strip(' -')}" if written else ""
            word = composed.group("word").lower()
            kind = next((k for k in ("mutated", "rearranged", "negative") if word.startswith(k[:3])), "positive")
            qualifier = f"{gene.concept.pref_label}{variant}-{kind}"
    translocation = _TRANSLOCATION.search(head)
    if qualifier is None and translocation:
        qualifier = " ".join(translocation.group(0).split())
    if qualifier is None:
        return None
    label = f"{qualifier} {disease.concept.pref_label}"
    iri = subtype_iri(label)
    evidence = context.evidence(sentence)
    context.emitter.entity(iri, HK.Disease, label, evidence)
    context.link(iri, SKOS.broader, disease.concept, evidence)
    return iri


_GROUPINGS: "weakref.WeakKeyDictionary[object, frozenset]" = weakref.WeakKeyDictionary()


def _groupings(context: DocumentContext) -> frozenset:
    """Mechanisms that only group others (top concepts with narrower ones): for browsing, never a study's link."""
    vocabulary = context.vocabulary
    if vocabulary not in _GROUPINGS:
        mechanisms = vocabulary.of_kind("mechanism")
        parents = {b for c in mechanisms for b in c.broader}
        _GROUPINGS[vocabulary] = frozenset(c.iri for c in mechanisms if c.iri in parents and not c.broader)
    return _GROUPINGS[vocabulary]


def _ancestors(context: DocumentContext, iri: URIRef) -> set[URIRef]:
    found, todo = set(), [iri]
    while todo:
        current = todo.pop()
        if current not in found and current in context.vocabulary.concepts:
            found.add(current)
            todo.extend(context.vocabulary.concepts[current].broader)
    return found


def _drug_targets(context: DocumentContext, concept: Concept) -> tuple[URIRef, ...]:
    """What a therapy targets: its own targets, or for a named drug without them, those of the nearest class it
    belongs to (zanubrutinib is a BTK inhibitor, so it targets BTK)."""
    if concept.targets or concept.kind != "drug":
        return concept.targets
    level, seen = list(concept.broader), set()
    while level:
        found = tuple(t for iri in level if iri in context.vocabulary.concepts
                      for t in context.vocabulary.concepts[iri].targets)
        if found:
            return tuple(dict.fromkeys(found))
        seen.update(level)
        level = [b for iri in level if iri in context.vocabulary.concepts
                 for b in context.vocabulary.concepts[iri].broader if b not in seen]
    return ()


def _drug_resistance(context: DocumentContext, within: URIRef | None = None) -> Concept | None:
    """The vocabulary's drug-resistance mechanism, if it is narrower than ``within`` (when given)."""
    concept = context.vocabulary.lookup("drug resistance")
    if concept is None or concept.kind != "mechanism" or within is None:
        return concept
    return concept if within in _ancestors(context, concept.iri) else None


def _link_resistance(context: DocumentContext, study: URIRef, evidence) -> None:
    resistance = _drug_resistance(context)
    if resistance is not None:
        context.link(study, HK.involvesMechanism, resistance, evidence)


def _link_variants(context: DocumentContext, study: URIRef, sentence: Sentence) -> set[URIRef]:
    linked = set()
    for match in _VARIANT.finditer(sentence.text):
        gene = context.vocabulary.lookup(match.group(1))
        if gene is None or gene.kind not in ("gene", "antigen"):
            continue
        evidence = context.evidence(sentence)
        context.link(study, HK.targets, gene, evidence)
        context.emitter.emit(study, HK.variant, f"{gene.pref_label} {match.group(2)}", evidence)
        linked.add(gene.iri)
    return linked


def _resolve(products: list[ProductSpan], seen: dict) -> list[ProductSpan]:
    """Within one study a plain "BCMA CAR-T" is the specific product named before ("biparatopic BCMA CAR-T")."""
    resolved = []
    for product in products:
        key = (product.antigens, product.modality)
        if product.plain and key in seen:
            product = replace(product, iri=seen[key])
        else:
            seen.setdefault(key, product.iri)
        resolved.append(product)
    return resolved


def _link_sentence(context: DocumentContext, study: URIRef, sentence: Sentence, seen: dict) -> None:
    evidence = context.evidence(sentence)
    products: list[ProductSpan] = _resolve(product_spans(context, sentence), seen)
    combinations: list[CombinationSpan] = combination_spans(context, sentence, products)
    supporting = supporting_spans(context, sentence, products)
    for combination in combinations:
        if any(combination.start in span for span in supporting):
            continue
        if is_resisted(context, sentence, combination.start, combination.end):  # "Ven/Aza-resistant AML"
            _link_resistance(context, study, evidence)
            continue
        if not is_comparator(context, sentence, combination.start):
            context.emitter.emit(study, HK.evaluates, combination.iri, evidence)
            for component in combination.components:  # a study of a regimen evaluates each of its parts
                concept = context.vocabulary.concepts.get(component)
                if concept is not None:
                    context.link(study, HK.evaluates, concept, evidence)
                else:
                    context.emitter.emit(study, HK.evaluates, component, evidence)
    for product in products:
        if is_comparator(context, sentence, product.start):
            continue
        if is_resisted(context, sentence, product.start, product.end):
            _link_resistance(context, study, evidence)
            continue
        if not _in_spans(product.start, combinations):
            context.emitter.emit(study, HK.evaluates, product.iri, evidence)
        for antigen in product.antigens:
            context.emitter.emit(study, HK.targets, antigen, evidence)
    mentions = context.mentions_between(sentence.start, sentence.end)
    genes = [m for m in mentions if m.concept.kind in ("gene", "antigen")]
    variant_genes = _link_variants(context, study, sentence)
    negated = negated_events(context, sentence)
    events = [m for m in mentions if m.concept.kind == "adverse-event"]
    for mention in mentions:
        kind = mention.concept.kind
        predicate = PREDICATE_BY_KIND.get(kind)
        if predicate is None or (kind != "mechanism" and _in_spans(mention.start, products)):
            continue
        if kind in ("therapy", "drug") and (_in_spans(mention.start, combinations) or _DOSE_UNIT.match(
                context.document.text, mention.end)):
            continue
        if kind in ("therapy", "drug") and (any(mention.start in span for span in supporting)
                                            or is_supportive(context, sentence, mention, events)):
            continue
        if kind in ("therapy", "drug") and is_resisted(context, sentence, mention.start, mention.end):
            _link_resistance(context, study, evidence)
            continue
        if kind in ("therapy", "drug", "antigen", "gene") and is_comparator(context, sentence, mention.start):
            continue
        if kind == "mechanism" and is_set_against(context, sentence, mention.start):
            continue
        if kind == "mechanism" and mention.concept.iri in _groupings(context):
            # A grouping names a family ("resistance mechanisms"); link its specific member only when the sentence
            # says which: resistance next to a therapy is drug resistance. Otherwise it stays a mention.
            specific = _drug_resistance(context, within=mention.concept.iri)
            therapies = context.mentions_between(sentence.start, sentence.end, "therapy", "drug")
            if specific is not None and therapies:
                context.link(study, predicate, specific, evidence)
            continue
        if kind == "disease" and is_excluded(context, sentence, mention):
            continue
        if kind in ("adverse-event", "disease") and mention.start in negated:
            continue
        if kind in ("therapy", "drug") and is_withheld(context, sentence, mention):
            continue  # "chemotherapy-free", "without transplantation"
        if kind in ("gene", "antigen") and mention.concept.iri in variant_genes:
            continue
        if kind == "disease":
            subtype = _subtype(context, sentence, mention, genes)
            if subtype is not None:
                context.concept(mention.concept, evidence)
                context.emitter.emit(study, HK.condition, subtype, evidence)
                continue
            if mention.concept.iri in seen["broader diseases"]:
                context.concept(mention.concept, evidence)
                continue
        context.link(study, predicate, mention.concept, evidence)
        if kind in ("therapy", "drug"):
            for target in _drug_targets(context, mention.concept):  # a named product's antigens are the study's too
                context.emitter.emit(study, HK.targets, target, evidence)
    for status in disease_statuses(sentence.text):
        context.emitter.emit(study, HK.diseaseStatus, status, evidence)


def link_study(context: DocumentContext, study: URIRef, sentences: list[Sentence]) -> None:
    """Link ``study`` to what its own sentences name: targets, condition, evaluates, mechanisms, adverse events,
    disease status, products and combinations, each with the sentence as evidence.

    Sentences that speak in passing (outlook, background, several cited studies) are skipped; their concepts stay
    document mentions.
    """
    own = [sentence for sentence in sentences if not is_passing(sentence)]
    # "Follicular lymphoma" and later "lymphoma" in one study: the class two or more levels up adds nothing and stays
    # a mention. A direct parent stays a condition ("AML", with a "TP53-mutated AML" subgroup).
    named = {m.concept.iri for s in own for m in context.mentions_between(s.start, s.end, "disease")}
    direct = {b for iri in named for b in context.vocabulary.concepts[iri].broader} if named else set()
    classes = {a for iri in named for a in _ancestors(context, iri) if a != iri} - direct
    seen: dict = {"broader diseases": classes}
    for sentence in own:
        _link_sentence(context, study, sentence, seen)
