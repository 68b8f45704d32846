"""Target-specific therapy products and combination regimens named in text.

A product is an antigen chain next to a modality: "CD7-targeted universal CAR-T", "CD123 CAR-NK", "tandem CD19/CD20
CAR T", "CD3-CD123 bispecific antibodies", "CAR T cells targeting CLL1". Antigens and modalities come from the
vocabulary (its antigen and therapy concepts); this module only knows the grammar that joins them. Each distinct
product becomes its own `hk:Therapy`, `skos:broader` its modality and `hk:targets` its antigens. A code name given
to a product ("ABC123, a CD7-targeted CAR-T", "a tandem CD19/CD20 CAR-T (XY-19)") becomes a narrower node of the
product, and later bare uses of the code in the document resolve to it.

Combinations of these products and other therapies are read by `builders.combinations`.
"""

from __future__ import annotations

import re
import weakref
from collections import Counter
from dataclasses import dataclass

from rdflib import URIRef
from rdflib.namespace import SKOS

from hemakg.ontology import HK

from .context import DocumentContext
from .iri import product_iri
from .records import Concept, Mention, Sentence
from .vocabulary import Vocabulary

__all__ = ["ProductSpan", "product_spans", "find_products", "product_index"]

# Words that describe the construct and so belong to the product's name; order fixes the label's word order.
CONSTRUCT_WORDS = ("universal", "tandem", "biparatopic", "bicistronic", "armored")
# "CD19/CD22", "CD123 x CD3", "CD19- and CD22-targeted", "CD19-targeted and CD22-targeted"
_ANTIGEN_JOIN = re.compile(r"^\s*(?:[\-‐–]\s*(?:targeted|directed|specific)\s*)?(?:[/\-‐‑–x×,+&]\s*(?:and\b)?|and)?\s*$",
                           re.IGNORECASE)
_BEFORE_MODALITY = re.compile(
    r"^(?:[\s\-‐‑–/,]|\b(?:targeted|targeting|directed|redirected|specific|nanobody|based|dual|bispecific|"
    r"universal|tandem|biparatopic|bicistronic|armored|allogeneic|autologous|humanized|fully|human|engineered|"
    r"chimeric|off-the-shelf|(?:4-1)?BB[zζ]|\d{2}[zζ])\b)*$",
    re.IGNORECASE,
)
_GLUED_BEFORE = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*-$")
_AFTER_MODALITY = re.compile(r"^\s*(?:cells?\s+)?(?:targeting|directed (?:against|at|to)|against|specific for|recognizing)\s*$",
                             re.IGNORECASE)
_QUALIFIER_BEFORE = re.compile(
    r"(?:\b(?:anti|universal|tandem|biparatopic|bicistronic|armored|allogeneic|autologous|novel|dual|humanized|"
    r"nanobody|based|fully|human)\b[\s\-‐–]*)+$",
    re.IGNORECASE,
)
_CODE = re.compile(r"(?<![\w\-])([A-Z][A-Za-z]{0,6}-?\d{2,5}[A-Za-z0-9\-]*(?:\[[A-Za-z0-9]+\])?)(?![\w\-])")
_CODE_BEFORE = re.compile(r"([A-Z][A-Za-z]{0,6}-?\d{2,5}[A-Za-z0-9\-]*(?:\[[A-Za-z0-9]+\])?),\s+(?:a|an|the)\s+$")
_CODE_AFTER = re.compile(
    r"\s*(?:\(\s*|,\s*|\s(?:called|named|designated|termed)\s+)([A-Z][A-Za-z]{0,6}-?\d{2,5}[A-Za-z0-9\-]*(?:\[[A-Za-z0-9]+\])?)"
)
_CAR_CELLS = re.compile(r"[\s\-‐–]?(T|NK)\b(?:[\s\-‐–]cells?\b)?")
_GLUED_ANTIGEN = re.compile(r"[x×]([A-Z][A-Za-z0-9]{1,9})(?![\w])")
# "bispecific" as a noun: not followed by what it qualifies ("bispecific CAR-T", "bispecific antibody").
_BARE_BISPECIFIC = re.compile(
    r"\bbispecifics?\b(?![\s\-‐–]+(?:antibod|T[\s\-‐–]?cell|CAR|NK|BiTE|engager|DART|construct|molecule|format|"
    r"nanobod|aptamer|ligand|(?-i:[A-Z]{2,})))",
    re.IGNORECASE,
)
_BARE_ANTIBODY = re.compile(r"\bantibod(?:y|ies)\b(?![\s\-‐–]+(?:drug|titer|titre|level|response|production))",
                            re.IGNORECASE)
_BISPECIFIC_BEFORE = re.compile(r"\bbispecific\s+(?:anti[\s\-‐–]*)?[A-Z][\w\-‐–/×x ]{1,30}$", re.IGNORECASE)
_REGISTRY = re.compile(r"^(?:NCT|ChiCTR|ISRCTN|CTR|ACTRN|DRKS|KCT|jRCT)", re.IGNORECASE)


@dataclass(frozen=True)
class ProductSpan:
    """A product named in a sentence: its node, where the text names it and the antigens it targets."""

    iri: URIRef
    start: int
    end: int
    antigens: tuple[URIRef, ...]
    modality: URIRef | None = None
    plain: bool = False  # named by antigens and modality alone, without construct words or a code name


@dataclass(frozen=True)
class _Code:
    iri: URIRef
    antigens: tuple[URIRef, ...]


# Code names given to products, per document build (keyed by the build's emitter).
_CODES: "weakref.WeakKeyDictionary[object, dict[str, _Code]]" = weakref.WeakKeyDictionary()


def _is_modality(mention: Mention) -> bool:
    return mention.concept.kind in ("therapy", "drug") and not mention.concept.targets


def _is_product(mention: Mention) -> bool:
    return mention.concept.kind == "therapy" and bool(mention.concept.targets)


class _ProductIndex:
    """The vocabulary's own products by (antigens, modality), and the short name its products give each modality."""

    def __init__(self, vocabulary: Vocabulary):
        self.products: dict[tuple[frozenset, URIRef], Concept] = {}
        suffixes: dict[URIRef, Counter] = {}
        for concept in vocabulary.of_kind("therapy"):
            if not concept.targets:
                continue
            names = [vocabulary.concepts[t].pref_label for t in concept.targets if t in vocabulary.concepts]
            for broader in concept.broader:
                parent = vocabulary.concepts.get(broader)
                if parent is None or parent.targets:
                    continue
                self.products.setdefault((frozenset(concept.targets), broader), concept)
                for joiner in ("/", "-", " "):
                    head = joiner.join(names)
                    if len(names) == 1 and concept.pref_label.startswith(head + " "):
                        suffixes.setdefault(broader, Counter())[concept.pref_label[len(head):].strip()] += 1
        self.short_names = {m: c.most_common(1)[0][0] for m, c in suffixes.items()}
        self.combinations = {frozenset(c.components): c for c in vocabulary.of_kind("therapy", "drug") if c.components}

    def narrower_product(self, vocabulary: Vocabulary, targets: frozenset, modality: URIRef) -> Concept | None:
        """The vocabulary's product for these targets whose modality is a kind of ``modality``: a "BCMA×CD3
        bispecific" is the vocabulary's BCMA T-cell engager, a narrower bispecific antibody."""
        for (known_targets, known_modality), concept in self.products.items():
            if known_targets == targets and modality in _ancestors(vocabulary, known_modality):
                return concept
        return None

    def modality_of(self, vocabulary: Vocabulary, concept: Concept) -> URIRef | None:
        for broader in concept.broader:
            parent = vocabulary.concepts.get(broader)
            if parent is not None and not parent.targets:
                return broader
        return None


_INDEXES: "weakref.WeakKeyDictionary[Vocabulary, _ProductIndex]" = weakref.WeakKeyDictionary()


def _ancestors(vocabulary: Vocabulary, iri: URIRef) -> set[URIRef]:
    found, todo = set(), [iri]
    while todo:
        current = todo.pop()
        if current in found:
            continue
        found.add(current)
        concept = vocabulary.concepts.get(current)
        todo.extend(concept.broader if concept else ())
    return found


def product_index(vocabulary: Vocabulary) -> _ProductIndex:
    """The vocabulary's products and combinations, indexed once per vocabulary."""
    if vocabulary not in _INDEXES:
        _INDEXES[vocabulary] = _ProductIndex(vocabulary)
    return _INDEXES[vocabulary]


def _base_product(context: DocumentContext, modality: Mention, antigens: list[Mention], sentence: Sentence) -> URIRef:
    """The vocabulary's product for these antigens and this modality, else a new one named like the vocabulary's."""
    index = product_index(context.vocabulary)
    evidence = context.evidence(sentence)
    targets = frozenset(a.concept.iri for a in antigens)
    known = index.products.get((targets, modality.concept.iri)) or index.narrower_product(
        context.vocabulary, targets, modality.concept.iri)
    if known is not None:
        context.concept(known, evidence)
        context.linked_concepts.add(known.iri)
        return known.iri
    names = "/".join(dict.fromkeys(a.concept.pref_label for a in antigens))
    label = f"{names} {index.short_names.get(modality.concept.iri, modality.concept.pref_label)}"
    iri = product_iri(label)
    context.emitter.entity(iri, HK.Therapy, label, evidence)
    context.link(iri, SKOS.broader, modality.concept, evidence)
    for antigen in antigens:
        context.link(iri, HK.targets, antigen.concept, evidence)
    return iri


def _qualified_product(context: DocumentContext, base: URIRef, words: set[str], antigens: tuple[URIRef, ...],
                       sentence: Sentence) -> URIRef:
    """A construct narrower than its product ("biparatopic BCMA CAR-T" under "BCMA CAR-T")."""
    if not words:
        return base
    base_label = context.emitter.label_of(base) or str(base).rsplit("/", 1)[-1]
    label = " ".join([*(w for w in CONSTRUCT_WORDS if w in words), base_label])
    iri = product_iri(label)
    evidence = context.evidence(sentence)
    context.emitter.entity(iri, HK.Therapy, label, evidence)
    context.emitter.emit(iri, SKOS.broader, base, evidence)
    for antigen in antigens:
        context.emitter.emit(iri, HK.targets, antigen, evidence)
    return iri


def _antigen_chain(mentions: list[Mention], text: str, index: int, backwards: bool) -> list[Mention]:
    """Antigen mentions joined by '/', '-', 'x' or 'and', starting at ``mentions[index]``, in text order."""
    chain = [mentions[index]]
    step = -1 if backwards else 1
    i = index + step
    while 0 <= i < len(mentions) and mentions[i].concept.kind in ("antigen", "gene"):
        left, right = (mentions[i], chain[0]) if backwards else (chain[-1], mentions[i])
        if not _ANTIGEN_JOIN.match(text[left.end:right.start]):
            break
        chain.insert(0, mentions[i]) if backwards else chain.append(mentions[i])
        i += step
    return chain


def _construct_words(text: str) -> set[str]:
    lowered = text.lower()
    return {w for w in CONSTRUCT_WORDS if re.search(rf"\b{w}\b", lowered)}


def _code_near(text: str, start: int, end: int, line_start: int, line_end: int) -> tuple[str, int, int] | None:
    before = _CODE_BEFORE.search(text, max(line_start, start - 60), start)
    if before and before.end() == start:
        return before.group(1), before.start(1), end
    after = _CODE_AFTER.match(text, end, min(line_end, end + 40))
    if after:
        return after.group(1), start, after.end(1)
    return None


def _register_code(context: DocumentContext, code: str, product: URIRef, antigens: tuple[URIRef, ...],
                   sentence: Sentence) -> URIRef | None:
    if _REGISTRY.match(code) or context.vocabulary.lookup(code) is not None:
        return None
    codes = _CODES.setdefault(context.emitter, {})
    known = codes.get(code.lower())
    if known:
        return known.iri
    iri = product_iri(code)
    evidence = context.evidence(sentence)
    context.emitter.entity(iri, HK.Therapy, code, evidence)
    context.emitter.emit(iri, SKOS.broader, product, evidence)
    for antigen in antigens:
        context.emitter.emit(iri, HK.targets, antigen, evidence)
    codes[code.lower()] = _Code(iri, antigens)
    return iri


def _implied_mentions(context: DocumentContext, sentence: Sentence, mentions: list[Mention]) -> list[Mention]:
    """Names the recogniser cannot see as words: the second antigen of "CD33xCD3", a CAR design named with its cells
    ("bispecific CAR-T"), "bispecific" used as a noun and a plain "antibody" after its antigen."""
    text = context.document.text
    found = []
    for mention in mentions:
        if mention.concept.kind not in ("antigen", "gene"):
            continue
        glued = _GLUED_ANTIGEN.match(text, mention.end, sentence.end)
        concept = context.vocabulary.lookup(glued.group(1)) if glued else None
        if concept is not None and concept.kind in ("antigen", "gene"):
            found.append(Mention(concept, glued.start(1), glued.end(1), glued.group(1)))
    for mention in context.mentions_between(sentence.start, sentence.end, "mechanism"):
        # A design named with its cells ("bispecific CAR-T", "tandem CAR T") still names the modality.
        cells = _CAR_CELLS.match(text, mention.end, sentence.end) if mention.surface.upper().endswith("CAR") else None
        modality = context.vocabulary.lookup(f"CAR-{cells.group(1)}") if cells else None
        if modality is not None:
            found.append(Mention(modality, mention.end - 3, cells.end(), text[mention.end - 3:cells.end()]))
    covered = [(m.start, m.end) for m in mentions]
    # "A BCMA×CD3 bispecific" names a bispecific antibody; "an anti-CD19 antibody" a monoclonal antibody, unless
    # "bispecific" stands before its antigens ("bispecific CD3-CD123 antibodies").
    for pattern, label in ((_BARE_BISPECIFIC, "bispecific antibody"), (_BARE_ANTIBODY, "monoclonal antibody")):
        for word in pattern.finditer(text, sentence.start, sentence.end):
            bispecific = pattern is _BARE_ANTIBODY and _BISPECIFIC_BEFORE.search(
                text, max(sentence.start, word.start() - 40), word.start())
            modality = context.vocabulary.lookup("bispecific antibody" if bispecific else label)
            if modality is not None and not any(a <= word.start() < b for a, b in covered):
                found.append(Mention(modality, word.start(), word.end(), word.group(0)))
    return found


def _scan_sentence(context: DocumentContext, sentence: Sentence) -> list[ProductSpan]:
    text = context.document.text
    mentions = [m for m in context.mentions_between(sentence.start, sentence.end)
                if m.concept.kind in ("antigen", "gene", "therapy", "drug")]
    mentions = sorted(mentions + _implied_mentions(context, sentence, mentions), key=lambda m: m.start)
    index = product_index(context.vocabulary)
    found: list[ProductSpan] = []
    used: set[int] = set()
    for i, mention in enumerate(mentions):
        if i in used or not (_is_modality(mention) or _is_product(mention)):
            continue
        chain: list[Mention] = []
        span_start, span_end = mention.start, mention.end
        if _is_modality(mention):
            # Antigens before the modality ("CD7-targeted universal CAR-T") or after it ("CAR T cells targeting CLL1").
            if i > 0 and mentions[i - 1].concept.kind in ("antigen", "gene") and (i - 1) not in used:
                gap = text[mentions[i - 1].end:mention.start]
                if _BEFORE_MODALITY.match(gap) and len(gap) < 60:
                    chain = _antigen_chain(mentions, text, i - 1, backwards=True)
                    span_start = chain[0].start
            if not chain and i + 1 < len(mentions) and mentions[i + 1].concept.kind in ("antigen", "gene"):
                if _AFTER_MODALITY.match(text[mention.end:mentions[i + 1].start]):
                    chain = _antigen_chain(mentions, text, i + 1, backwards=False)
                    span_end = chain[-1].end
            if not chain:
                continue
            compound = _GLUED_BEFORE.search(text, max(sentence.start, chain[0].start - 40), chain[0].start)
            if compound and len(chain) == 1:
                inside = [m for m in mentions if compound.start() <= m.start < chain[0].start
                          and m.concept.kind in ("antigen", "gene")]
                if inside:  # the first antigen is the target; later parts of the name are design or armour
                    chain, span_start = [inside[0]], compound.start()
            base = _base_product(context, mention, chain, sentence)
            antigens = tuple(dict.fromkeys(a.concept.iri for a in chain))
            modality = mention.concept.iri
        else:
            context.concept(mention.concept, context.evidence(sentence))
            context.linked_concepts.add(mention.concept.iri)
            base, antigens = mention.concept.iri, mention.concept.targets
            modality = index.modality_of(context.vocabulary, mention.concept)
        qualifier = _QUALIFIER_BEFORE.search(text, max(sentence.start, span_start - 60), span_start)
        if qualifier and qualifier.end() >= span_start - 1:
            span_start = qualifier.start()
        # Construct words the modality's own name already says ("universal CAR-T") are not said twice.
        words = _construct_words(text[span_start:mention.start] + " " + text[mention.end:span_end])
        iri = _qualified_product(context, base, words, antigens, sentence)
        plain = not words and modality is not None
        code = _code_near(text, span_start, span_end, sentence.start, sentence.end)
        if code:
            named = _register_code(context, code[0], iri, antigens, sentence)
            if named is not None:
                iri, span_start, span_end = named, min(span_start, code[1]), max(span_end, code[2])
                plain = False
        used.update(mentions.index(a) for a in chain)
        used.add(i)
        found.append(ProductSpan(iri, span_start, span_end, antigens, modality, plain))
    return found


def _known_codes(context: DocumentContext, sentence: Sentence, taken: list[ProductSpan]) -> list[ProductSpan]:
    codes = _CODES.get(context.emitter, {})
    found = []
    for match in _CODE.finditer(sentence.text):
        code = codes.get(match.group(1).lower())
        start, end = sentence.start + match.start(1), sentence.start + match.end(1)
        if code and not any(p.start <= start < p.end for p in taken):
            found.append(ProductSpan(code.iri, start, end, code.antigens))
    return found


def product_spans(context: DocumentContext, sentence: Sentence) -> list[ProductSpan]:
    """Every product the sentence names, declared in the document graph, in text order."""
    spans = _scan_sentence(context, sentence)
    spans += _known_codes(context, sentence, spans)
    return sorted(spans, key=lambda p: p.start)


def find_products(context: DocumentContext, sentences: list[Sentence]) -> list[tuple[URIRef, Sentence]]:
    """Products named in ``sentences`` as ``(therapy node, sentence)``, each declared with its modality and antigens.

    Parameters
    ----------
    context
        The document's build.
    sentences
        The sentences to read (a study's own text, or the whole document).
    """
    return [(p.iri, s) for s in sentences for p in product_spans(context, s)]
