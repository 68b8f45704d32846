"""Regenerate the HemaKG SKOS concept schemes from the curated seed tables.

The seed tables in this folder (``antigens.csv``, ``genes.csv``, ``diseases.csv``,
``therapies.csv``, ``mechanisms.csv``, ``adverse_events.csv``, ``conferences.csv``)
hold what a curator decides: slug, preferred label, synonyms, hierarchy, targets,
components and a *lookup key* into a reference vocabulary. Every external
identifier is taken from the reference files by that key, never typed by hand:

* ``hgnc=<approved symbol>``: HGNC id, NCBI Gene, Ensembl and UniProt ids from
  ``hgnc_genes.tsv``; the approved symbol and name are added as synonyms.
* ``mondo=<MONDO id, exact label or unique exact synonym>``: the MONDO id plus the
  NCIt and DOID exact matches of the same row of ``mondo_terms.tsv``.
* ``doid=<DOID id, exact label or unique exact synonym>``: a DOID from
  ``doid_terms.tsv`` (used only where Mondo has no suitable term).
* ``drugbank=<common name>``: a DrugBank id from ``drugbank_vocabulary.csv``.

An altLabel written ``!LABEL`` suppresses an automatically added synonym (an HGNC
symbol such as "C5" that would be ambiguous in text).

The script refuses (exit status 1, one message per problem) when a key is not
found, when a reference is dangling, or when a label breaks the label rules that
builders rely on (see ``check_labels``). The ``.ttl`` files it writes are committed;
run it again after editing a seed table::

    python ontology/curation/generate.py               # rewrite ontology/*.ttl
    python ontology/curation/generate.py --check       # fail if the files are stale
    python ontology/curation/generate.py --reference /path/to/shared/reference
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

HERE = Path(__file__).resolve().parent
ONTOLOGY_DIR = HERE.parent
DEFAULT_REFERENCE = ONTOLOGY_DIR.parent.parent / "shared" / "reference"

HK = Namespace("https://w3id.org/hemakg/ontology#")
HKID = Namespace("https://w3id.org/hemakg/id/")
OBO = Namespace("http://purl.obolibrary.org/obo/")
IDORG = "http://identifiers.org/"

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CSV_FIELD_LIMIT = 1 << 24


@dataclass(frozen=True)
class Scheme:
    """One concept scheme: its seed table, output file, IRI path and title."""

    kind: str
    seed: str
    output: str
    title: str
    sources: tuple[str, ...] = ()


SCHEMES = (
    Scheme("antigen", "antigens.csv", "antigens.ttl", "HemaKG antigens",
           ("https://www.genenames.org/",)),
    Scheme("gene", "genes.csv", "genes.ttl", "HemaKG genes",
           ("https://www.genenames.org/",)),
    Scheme("disease", "diseases.csv", "diseases.ttl", "HemaKG diseases",
           ("http://purl.obolibrary.org/obo/mondo.owl", "http://purl.obolibrary.org/obo/doid.owl")),
    Scheme("therapy", "therapies.csv", "therapies.ttl", "HemaKG therapies",
           ("https://go.drugbank.com/releases/latest#open-data",)),
    Scheme("mechanism", "mechanisms.csv", "mechanisms.ttl", "HemaKG mechanisms"),
    Scheme("adverse-event", "adverse_events.csv", "adverse_events.ttl", "HemaKG adverse events",
           ("http://purl.obolibrary.org/obo/mondo.owl", "http://purl.obolibrary.org/obo/doid.owl")),
    Scheme("conference-series", "conferences.csv", "conferences.ttl", "HemaKG conference series"),
)

# seed "kind" column -> rdf:types (besides skos:Concept)
TYPES = {
    "antigen": (HK.Antigen,),
    "gene": (HK.Gene,),
    "gene+antigen": (HK.Gene, HK.Antigen),
    "disease": (HK.Disease,),
    "drug": (HK.Drug, HK.Therapy),
    "therapy": (HK.Therapy,),
    "mechanism": (HK.Mechanism,),
    "adverse-event": (HK.AdverseEvent,),
    "conference-series": (HK.ConferenceSeries,),
}


class CurationError(Exception):
    """Raised with every problem found, one per line."""


@dataclass
class Concept:
    iri: URIRef
    scheme: Scheme
    types: tuple[URIRef, ...]
    pref: str
    alts: list[str] = field(default_factory=list)
    auto_alts: list[str] = field(default_factory=list)
    suppressed: list[str] = field(default_factory=list)
    exact: list[URIRef] = field(default_factory=list)
    identifiers: list[str] = field(default_factory=list)
    broader: list[URIRef] = field(default_factory=list)
    targets: list[URIRef] = field(default_factory=list)
    components: list[URIRef] = field(default_factory=list)
    definition: str = ""


# ---------------------------------------------------------------- reference files

def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


class Reference:
    """Lookup tables over the four reference vocabularies."""

    def __init__(self, folder: Path):
        if not folder.is_dir():
            raise CurationError(f"reference folder not found: {folder}")
        csv.field_size_limit(CSV_FIELD_LIMIT)
        self.hgnc = {r["symbol"]: r for r in read_tsv(folder / "hgnc_genes.tsv")
                     if r["status"] == "Approved"}
        self.mondo = self._index(read_tsv(folder / "mondo_terms.tsv"), "mondo_id")
        self.doid = self._index(read_tsv(folder / "doid_terms.tsv"), "doid")
        with (folder / "drugbank_vocabulary.csv").open(encoding="utf-8", newline="") as handle:
            drugs = list(csv.DictReader(handle))
        self.drugbank: dict[str, list[dict[str, str]]] = {}
        for row in drugs:
            self.drugbank.setdefault(row["Common name"].casefold(), []).append(row)

    @staticmethod
    def _index(rows: list[dict[str, str]], id_column: str):
        live = [r for r in rows if r["obsolete"] != "true"]
        by_id = {r[id_column]: r for r in live}
        by_label: dict[str, list[dict[str, str]]] = {}
        by_synonym: dict[str, list[dict[str, str]]] = {}
        for row in live:
            by_label.setdefault(row["label"].casefold(), []).append(row)
            for synonym in split(row["exact_synonyms"]):
                by_synonym.setdefault(synonym.casefold(), []).append(row)
        return by_id, by_label, by_synonym

    @staticmethod
    def _find(index, key: str, what: str) -> dict[str, str]:
        by_id, by_label, by_synonym = index
        if key in by_id:
            return by_id[key]
        for table, how in ((by_label, "label"), (by_synonym, "exact synonym")):
            hits = table.get(key.casefold(), [])
            if len(hits) == 1:
                return hits[0]
            if len(hits) > 1:
                raise CurationError(f"{what} {how} {key!r} is ambiguous ({len(hits)} terms)")
        raise CurationError(f"{what} term {key!r} not found by id, label or exact synonym")

    def gene(self, symbol: str) -> dict[str, str]:
        if symbol not in self.hgnc:
            raise CurationError(f"HGNC approved symbol {symbol!r} not found")
        return self.hgnc[symbol]

    def mondo_term(self, key: str) -> dict[str, str]:
        return self._find(self.mondo, key, "MONDO")

    def doid_term(self, key: str) -> dict[str, str]:
        return self._find(self.doid, key, "DOID")

    def drug(self, name: str) -> dict[str, str]:
        hits = self.drugbank.get(name.casefold(), [])
        if len(hits) != 1:
            raise CurationError(f"DrugBank common name {name!r} found {len(hits)} times (need 1)")
        return hits[0]


def obo_iri(curie: str) -> URIRef:
    return OBO[curie.replace(":", "_")]


def apply_lookup(concept: Concept, key: str, ref: Reference) -> None:
    """Copy external ids (and HGNC synonyms) for one lookup key onto a concept."""
    source, _, value = key.partition("=")
    value = value.strip()
    if source == "hgnc":
        row = ref.gene(value)
        concept.auto_alts += [row["symbol"], row["name"]]
        concept.identifiers.append(row["hgnc_id"])
        concept.exact.append(URIRef(IDORG + "hgnc/" + row["hgnc_id"].split(":")[1]))
        for entrez in split(row["entrez_id"]):
            concept.identifiers.append(f"NCBIGene:{entrez}")
            concept.exact.append(URIRef(IDORG + "ncbigene/" + entrez))
        for ensembl in split(row["ensembl_gene_id"]):
            concept.identifiers.append(f"ENSEMBL:{ensembl}")
            concept.exact.append(URIRef(IDORG + "ensembl/" + ensembl))
        for uniprot in split(row["uniprot_ids"]):
            concept.identifiers.append(f"UniProt:{uniprot}")
            concept.exact.append(URIRef(IDORG + "uniprot/" + uniprot))
    elif source == "mondo":
        row = ref.mondo_term(value)
        for curie in [row["mondo_id"], *split(row["ncit_exact"]), *split(row["doid_exact"])]:
            concept.identifiers.append(curie)
            concept.exact.append(obo_iri(curie))
    elif source == "doid":
        row = ref.doid_term(value)
        concept.identifiers.append(row["doid"])
        concept.exact.append(obo_iri(row["doid"]))
    elif source == "drugbank":
        row = ref.drug(value)
        concept.identifiers.append(f"DRUGBANK:{row['DrugBank ID']}")
        concept.exact.append(URIRef(IDORG + "drugbank/" + row["DrugBank ID"]))
    else:
        raise CurationError(f"unknown lookup source in {key!r} (use hgnc=, mondo=, doid=, drugbank=)")


# ---------------------------------------------------------------- seed tables

def concept_iri(reference: str, default_kind: str) -> URIRef:
    """``slug`` (same scheme) or ``kind/slug`` (another scheme) -> entity IRI."""
    kind, _, slug = reference.rpartition("/")
    return HKID[f"{kind or default_kind}/{slug}"]


def read_seeds(folder: Path, ref: Reference) -> dict[URIRef, Concept]:
    concepts: dict[URIRef, Concept] = {}
    errors: list[str] = []
    for scheme in SCHEMES:
        with (folder / scheme.seed).open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        for line, row in enumerate(rows, start=2):
            where = f"{scheme.seed}:{line}"
            try:
                concept = concept_from_row(row, scheme, ref)
            except CurationError as error:
                errors.append(f"{where}: {error}")
                continue
            if concept.iri in concepts:
                errors.append(f"{where}: duplicate concept {concept.iri}")
            concepts[concept.iri] = concept
    if errors:
        raise CurationError("\n".join(errors))
    return concepts


def concept_from_row(row: dict[str, str], scheme: Scheme, ref: Reference) -> Concept:
    if None in row or None in row.values():
        raise CurationError("wrong number of columns")
    kind, slug = row["kind"].strip(), row["slug"].strip()
    if kind not in TYPES:
        raise CurationError(f"unknown kind {kind!r}")
    if not SLUG.match(slug):
        raise CurationError(f"slug {slug!r} is not lower-case [a-z0-9-]")
    concept = Concept(
        iri=HKID[f"{scheme.kind}/{slug}"],
        scheme=scheme,
        types=TYPES[kind],
        pref=row["prefLabel"].strip(),
        alts=[a for a in split(row.get("altLabels")) if not a.startswith("!")],
        suppressed=[a[1:] for a in split(row.get("altLabels")) if a.startswith("!")],
        broader=[concept_iri(b, scheme.kind) for b in split(row.get("broader"))],
        targets=[concept_iri(t, scheme.kind) for t in split(row.get("targets"))],
        components=[concept_iri(c, scheme.kind) for c in split(row.get("components"))],
        definition=(row.get("definition") or "").strip(),
    )
    lookup = (row.get("lookup") or "").strip()
    if lookup:
        apply_lookup(concept, lookup, ref)
    return concept


# ---------------------------------------------------------------- checks

def read_reserved(path: Path) -> set[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {match_key(line.strip()) for line in lines if line.strip() and not line.startswith("#")}


# American spellings and their British forms, applied to long labels only (short ones are symbols).
SPELLINGS = (
    (re.compile(r"(?<=[bcdfghklmnprstvz])emia\b"), "aemia"),  # leukemia, anemia, viremia, polycythemia
    (re.compile(r"\b([Hh])em(?=[aoe])"), r"\1aem"),  # hematologic, hemorrhage, Hemophilia
    (re.compile(r"\b([Tt])umor"), r"\1umour"),
    (re.compile(r"\b([Ee])dema\b"), lambda m: "Oedema" if m.group(1) == "E" else "oedema"),
    (re.compile(r"\b([Ss])ignaling\b"), r"\1ignalling"),
)


def spelling_variants(label: str) -> list[str]:
    """The British form of an American label ("acute myeloid leukaemia"), or nothing if it reads the same.

    Documents from Europe spell "leukaemia", "haematological", "tumour"; a label written once in American
    spelling should find them without a curator typing every variant.

    >>> spelling_variants("hemolytic anemia")
    ['haemolytic anaemia']
    >>> spelling_variants("AML")
    []
    """
    if len(label) <= CASE_SENSITIVE_MAX:
        return []
    variant = label
    for pattern, british in SPELLINGS:
        variant = pattern.sub(british, variant)
    return [variant] if variant != label else []


def finalise_labels(concepts: dict[URIRef, Concept]) -> None:
    """Merge automatic synonyms, drop those the seed suppresses ("!C5") and exact repeats.

    British spellings of every label are added last, and only where no concept already has that label.
    """
    for concept in concepts.values():
        seen = {concept.pref, *concept.suppressed}
        merged = []
        for label in concept.alts + concept.auto_alts:
            if label not in seen:
                seen.add(label)
                merged.append(label)
        concept.alts, concept.auto_alts = merged, []
    taken = {fold_label(label) for c in concepts.values() for label in (c.pref, *c.alts, *c.suppressed)}
    for concept in concepts.values():
        if concept.scheme.kind == "conference-series":  # proper names keep their own spelling
            continue
        for label in [concept.pref, *concept.alts]:
            for variant in spelling_variants(label):
                if fold_label(variant) not in taken:
                    taken.add(fold_label(variant))
                    concept.alts.append(variant)


DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
CASE_SENSITIVE_MAX = 6  # builders match short labels with a capital letter case-sensitively


def fold_label(label: str) -> str:
    """The form builders match on: lower case, every dash a space, straight quotes."""
    table = str.maketrans({**{d: " " for d in DASHES}, "\u2019": "'", "\u2018": "'"})
    return label.translate(table).casefold()


def match_key(label: str) -> str:
    """What a builder's matcher sees: short labels with a capital keep their case ("ALL" is not "all")."""
    if len(label) <= CASE_SENSITIVE_MAX and any(ch.isupper() for ch in label):
        return label.translate(str.maketrans({d: " " for d in DASHES}))
    return fold_label(label)


def check_labels(concepts: dict[URIRef, Concept], reserved: set[str]) -> list[str]:
    """Builders match labels against text, so every label must name one concept only.

    Rules: at least two characters, not only digits, no surrounding space, not a
    reserved word (as the matcher sees it), and not shared with any other concept once folded (case, dashes),
    nor the plural of another concept's long label.
    """
    errors = []
    owner: dict[str, URIRef] = {}
    for iri, concept in sorted(concepts.items()):
        for label in [concept.pref, *concept.alts]:
            key = fold_label(label)
            if label != label.strip() or len(label) < 2 or label.isdigit():
                errors.append(f"{iri}: label {label!r} is too short, numeric or padded")
            if match_key(label) in reserved:
                errors.append(f"{iri}: label {label!r} is a reserved word")
            if key in owner and owner[key] != iri:
                errors.append(f"{iri}: label {label!r} is also a label of {owner[key]}")
            owner.setdefault(key, iri)
    for key, iri in sorted(owner.items()):
        plural = owner.get(key + "s")
        if len(key) > CASE_SENSITIVE_MAX and plural is not None and plural != iri:
            errors.append(f"{plural}: label {key + 's'!r} is the plural of a label of {iri}")
    return errors


def check_links(concepts: dict[URIRef, Concept]) -> list[str]:
    errors = []
    for iri, concept in sorted(concepts.items()):
        for link, allowed in (("broader", None), ("targets", (HK.Antigen, HK.Gene)),
                              ("components", (HK.Therapy,))):
            for target in getattr(concept, link):
                other = concepts.get(target)
                if other is None:
                    errors.append(f"{iri}: {link} {target} does not exist")
                elif allowed and not set(allowed) & set(other.types):
                    errors.append(f"{iri}: {link} {target} is not a {' or '.join(allowed)}")
                elif target == iri:
                    errors.append(f"{iri}: {link} points to itself")
    return errors


# ---------------------------------------------------------------- output

def scheme_graph(scheme: Scheme, concepts: list[Concept]) -> Graph:
    graph = Graph()
    for prefix, namespace in (("hk", HK), ("skos", SKOS), ("rdfs", RDFS), ("owl", OWL),
                              ("dcterms", DCTERMS), ("obo", OBO)):
        graph.bind(prefix, namespace)
    scheme_iri = HKID[f"scheme/{scheme.kind}"]
    graph.add((scheme_iri, RDF.type, SKOS.ConceptScheme))
    graph.add((scheme_iri, SKOS.prefLabel, Literal(scheme.title)))
    graph.add((scheme_iri, RDFS.label, Literal(scheme.title)))
    graph.add((scheme_iri, DCTERMS.description, Literal(
        "Generated by ontology/curation/generate.py from ontology/curation/" + scheme.seed)))
    for source in scheme.sources:
        graph.add((scheme_iri, DCTERMS.source, URIRef(source)))
    for concept in concepts:
        iri = concept.iri
        graph.add((iri, RDF.type, SKOS.Concept))
        for rdf_type in concept.types:
            graph.add((iri, RDF.type, rdf_type))
        graph.add((iri, SKOS.inScheme, scheme_iri))
        graph.add((iri, SKOS.prefLabel, Literal(concept.pref)))
        graph.add((iri, RDFS.label, Literal(concept.pref)))
        for label in concept.alts:
            graph.add((iri, SKOS.altLabel, Literal(label)))
        if concept.definition:
            graph.add((iri, SKOS.definition, Literal(concept.definition)))
        for match in concept.exact:
            graph.add((iri, SKOS.exactMatch, match))
        for identifier in concept.identifiers:
            graph.add((iri, HK.identifier, Literal(identifier)))
        for target in concept.broader:
            graph.add((iri, SKOS.broader, target))
        for target in concept.targets:
            graph.add((iri, HK.targets, target))
        for target in concept.components:
            graph.add((iri, HK.hasComponent, target))
        if not any(b.startswith(str(HKID[scheme.kind + "/"])) for b in concept.broader):
            graph.add((scheme_iri, SKOS.hasTopConcept, iri))
    return graph


def render(graph: Graph, scheme: Scheme) -> str:
    header = (f"# {scheme.title}. Generated by ontology/curation/generate.py from "
              f"ontology/curation/{scheme.seed};\n# edit the seed table and regenerate, "
              "do not edit this file by hand.\n")
    return header + graph.serialize(format="turtle")


def build(reference: Path) -> dict[str, str]:
    """Return ``{output file name: turtle text}`` or raise CurationError."""
    ref = Reference(reference)
    concepts = read_seeds(HERE, ref)
    finalise_labels(concepts)
    errors = check_labels(concepts, read_reserved(HERE / "reserved_labels.txt"))
    errors += check_links(concepts)
    if errors:
        raise CurationError("\n".join(errors))
    outputs = {}
    for scheme in SCHEMES:
        members = [c for c in concepts.values() if c.scheme is scheme]
        outputs[scheme.output] = render(scheme_graph(scheme, members), scheme)
    return outputs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE,
                        help=f"folder with the reference vocabularies (default {DEFAULT_REFERENCE})")
    parser.add_argument("--out", type=Path, default=ONTOLOGY_DIR,
                        help=f"folder to write the .ttl files to (default {ONTOLOGY_DIR})")
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if a committed file differs from the seeds")
    args = parser.parse_args(argv)
    try:
        outputs = build(args.reference)
    except CurationError as error:
        print(f"generate.py: refused:\n{error}", file=sys.stderr)
        return 1
    stale = []
    for name, text in outputs.items():
        path = args.out / name
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
    if stale:
        print("generate.py: stale, regenerate: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
