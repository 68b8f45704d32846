"""The ontology folder as data: the OWL vocabulary, the SHACL shapes and the SKOS concept schemes.

These tests read the files by path (they do not import hemakg) and check them against the reference
vocabularies in ../shared/reference, which they skip without.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

REPO = Path(__file__).resolve().parents[1]
ONTOLOGY = REPO / "ontology"
REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "reference"

HK = Namespace("https://w3id.org/hemakg/ontology#")
HKID = "https://w3id.org/hemakg/id/"
BIOLINK = Namespace("https://w3id.org/biolink/vocab/")
SCHEMA = Namespace("http://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")

SCHEME_FILES = {
    "antigens.ttl": "antigen",
    "genes.ttl": "gene",
    "diseases.ttl": "disease",
    "therapies.ttl": "therapy",
    "mechanisms.ttl": "mechanism",
    "adverse_events.ttl": "adverse-event",
    "conferences.ttl": "conference-series",
}
CLASSES = ("Document Sentence Evidence Expert Institution Study Cohort ClinicalTrial Antigen Gene Therapy Drug "
           "Disease AdverseEvent Mechanism Conference ConferenceSeries Outcome AdverseEventObservation").split()
OBJECT_PROPERTIES = ("author firstAuthor correspondingAuthor affiliatedWith partOf targets condition evaluates "
                     "hasComponent involvesMechanism reportsAdverseEvent reportsTrial presentedAt series hasCohort "
                     "hasOutcome hasAdverseEventObservation adverseEvent describes cites mentions interviewee "
                     "commentator sentence mentionedIn inDocument").split()
DATATYPE_PROPERTIES = ("text startOffset endOffset sourcePath contentHash genre title doi publicationNumber studyType "
                       "year journal registryId role email diseaseStatus identifier measure percent count denominator "
                       "timepoint dose doseValue doseUnit patientCount grade").split()
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
RESERVED_FILE = ONTOLOGY / "curation" / "reserved_labels.txt"


# ---------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def scheme_graphs() -> dict[str, Graph]:
    return {name: Graph().parse(ONTOLOGY / name, format="turtle") for name in SCHEME_FILES}


@pytest.fixture(scope="module")
def vocabulary(scheme_graphs) -> Graph:
    merged = Graph()
    for graph in scheme_graphs.values():
        merged += graph
    return merged


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY / "hemakg.ttl", format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(ONTOLOGY / "shapes.ttl", format="turtle")


def concepts(graph: Graph) -> list[URIRef]:
    return sorted(set(graph.subjects(RDF.type, SKOS.Concept)))


def labels(graph: Graph, concept: URIRef) -> list[str]:
    return [str(v) for p in (SKOS.prefLabel, SKOS.altLabel) for v in graph.objects(concept, p)]


def identifiers(graph: Graph, prefix: str) -> dict[str, URIRef]:
    found = {}
    for concept, value in graph.subject_objects(HK.identifier):
        if str(value).startswith(prefix + ":"):
            found[str(value)] = concept
    return found


def reference_tsv(name: str) -> list[dict[str, str]]:
    path = REFERENCE / name
    if not path.exists():
        pytest.skip(f"reference file not found: {path}")
    csv.field_size_limit(1 << 24)
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.fixture(scope="module")
def hgnc_rows() -> dict[str, dict[str, str]]:
    return {row["hgnc_id"]: row for row in reference_tsv("hgnc_genes.tsv")}


@pytest.fixture(scope="module")
def mondo_rows() -> dict[str, dict[str, str]]:
    return {row["mondo_id"]: row for row in reference_tsv("mondo_terms.tsv")}


@pytest.fixture(scope="module")
def doid_rows() -> dict[str, dict[str, str]]:
    return {row["doid"]: row for row in reference_tsv("doid_terms.tsv")}


@pytest.fixture(scope="module")
def drugbank_names() -> dict[str, str]:
    path = REFERENCE / "drugbank_vocabulary.csv"
    if not path.exists():
        pytest.skip(f"reference file not found: {path}")
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["DrugBank ID"]: row["Common name"] for row in csv.DictReader(handle)}


def fold(label: str) -> str:
    """How builders compare labels: dashes as spaces; case only matters for short labels with a capital."""
    folded = label.translate(str.maketrans({d: " " for d in DASHES}))
    if len(label) <= 6 and any(ch.isupper() for ch in label):
        return folded
    return folded.casefold()


# ---------------------------------------------------------------- files and counts

@pytest.mark.parametrize("name", ["hemakg.ttl", "shapes.ttl", *SCHEME_FILES])
def test_every_ontology_file_parses_as_turtle(name):
    graph = Graph().parse(ONTOLOGY / name, format="turtle")
    assert len(graph) > 0


@pytest.mark.parametrize("files, minimum", [
    (("antigens.ttl", "genes.ttl"), 80),
    (("diseases.ttl",), 100),
    (("therapies.ttl",), 200),
    (("mechanisms.ttl",), 40),
    (("adverse_events.ttl",), 25),
    (("conferences.ttl",), 10),
])
def test_each_kind_of_concept_meets_its_minimum_count(scheme_graphs, files, minimum):
    count = sum(len(concepts(scheme_graphs[name])) for name in files)
    assert count >= minimum, f"{files}: {count} concepts, want at least {minimum}"


def test_every_concept_lives_in_one_file_under_its_own_scheme_and_iri_path(scheme_graphs):
    seen: dict[URIRef, str] = {}
    for name, kind in SCHEME_FILES.items():
        graph = scheme_graphs[name]
        scheme = URIRef(f"{HKID}scheme/{kind}")
        assert (scheme, RDF.type, SKOS.ConceptScheme) in graph
        for concept in concepts(graph):
            assert concept not in seen, f"{concept} is in {name} and {seen.get(concept)}"
            seen[concept] = name
            assert str(concept).startswith(f"{HKID}{kind}/"), concept
            assert list(graph.objects(concept, SKOS.inScheme)) == [scheme], concept


def test_every_concept_is_typed_with_the_class_of_its_scheme(scheme_graphs):
    expected = {"antigen": HK.Antigen, "gene": HK.Gene, "disease": HK.Disease, "therapy": HK.Therapy,
                "mechanism": HK.Mechanism, "adverse-event": HK.AdverseEvent,
                "conference-series": HK.ConferenceSeries}
    for name, kind in SCHEME_FILES.items():
        graph = scheme_graphs[name]
        for concept in concepts(graph):
            assert (concept, RDF.type, expected[kind]) in graph, concept
            if (concept, RDF.type, HK.Drug) in graph:
                assert (concept, RDF.type, HK.Therapy) in graph, concept


def test_flt3_is_both_a_gene_and_an_antigen(vocabulary):
    flt3 = URIRef(HKID + "gene/flt3")
    assert (flt3, RDF.type, HK.Gene) in vocabulary
    assert (flt3, RDF.type, HK.Antigen) in vocabulary
    assert "CD135" in labels(vocabulary, flt3)


# ---------------------------------------------------------------- labels

def test_every_concept_has_exactly_one_pref_label_equal_to_its_rdfs_label(vocabulary):
    for concept in concepts(vocabulary):
        prefs = list(vocabulary.objects(concept, SKOS.prefLabel))
        rdfs_labels = list(vocabulary.objects(concept, RDFS.label))
        assert len(prefs) == 1, concept
        assert rdfs_labels == prefs, concept
        assert isinstance(prefs[0], Literal) and prefs[0].language is None and prefs[0].datatype is None


def test_no_label_names_two_concepts(vocabulary):
    owners: dict[str, set[URIRef]] = defaultdict(set)
    for concept in concepts(vocabulary):
        for label in labels(vocabulary, concept):
            owners[fold(label)].add(concept)
    shared = {label: sorted(owner) for label, owner in owners.items() if len(owner) > 1}
    assert not shared


def test_no_label_is_shorter_than_two_characters_padded_or_a_reserved_word(vocabulary):
    lines = RESERVED_FILE.read_text(encoding="utf-8").splitlines()
    reserved = {fold(line.strip()) for line in lines if line.strip() and not line.startswith("#")}
    reserved |= {fold(word) for word in ("all", "was", "SET", "set", "the", "car", "cell")}
    for concept in concepts(vocabulary):
        for label in labels(vocabulary, concept):
            assert len(label) >= 2 and label == label.strip(), (concept, label)
            assert fold(label) not in reserved, (concept, label)


def test_well_known_synonyms_resolve_to_the_expected_concept(vocabulary):
    index = {fold(label): concept for concept in concepts(vocabulary) for label in labels(vocabulary, concept)}
    expected = {
        "AML": "disease/acute-myeloid-leukemia",
        "acute myelogenous leukemia": "disease/acute-myeloid-leukemia",
        "T-ALL": "disease/t-cell-acute-lymphoblastic-leukemia",
        "MM": "disease/multiple-myeloma",
        "pDC-AML": "disease/pdc-aml",
        "BCMA": "antigen/bcma",
        "TNFRSF17": "antigen/bcma",
        "CLL-1": "antigen/cll1",
        "CD371": "antigen/cll1",
        "Venclexta": "therapy/venetoclax",
        "ABT-199": "therapy/venetoclax",
        "Kymriah": "therapy/tisagenlecleucel",
        "CAR T": "therapy/car-t-cell-therapy",
        "allo-HSCT": "therapy/allo-hsct",
        "VEN-AZA": "therapy/ven-aza",
        "Flu/Cy": "therapy/flu-cy",
        "ER stress": "mechanism/er-stress",
        "exhaustion": "mechanism/t-cell-exhaustion",
        "tandem CAR": "mechanism/dual-targeting",
        "cytokine releasing syndrome": "adverse-event/cytokine-release-syndrome",
        "ICANS": "adverse-event/icans",
        "liver function damage": "adverse-event/hepatotoxicity",
        "ASH": "conference-series/ash",
    }
    for label, concept in expected.items():
        assert index.get(fold(label)) == URIRef(HKID + concept), label


# ---------------------------------------------------------------- links

def test_every_broader_target_and_component_link_points_to_an_existing_concept(vocabulary):
    known = set(concepts(vocabulary))
    for predicate, required in ((SKOS.broader, None), (HK.targets, (HK.Antigen, HK.Gene)),
                                (HK.hasComponent, (HK.Therapy,))):
        for subject, obj in vocabulary.subject_objects(predicate):
            assert obj in known, (subject, predicate, obj)
            assert obj != subject, (subject, predicate)
            if required:
                assert any((obj, RDF.type, cls) in vocabulary for cls in required), (subject, predicate, obj)


def test_the_broader_hierarchy_has_no_cycles(vocabulary):
    parents = defaultdict(set)
    for child, parent in vocabulary.subject_objects(SKOS.broader):
        parents[child].add(parent)

    def ancestors(node, trail):
        for parent in parents[node]:
            assert parent not in trail, f"cycle through {parent}"
            ancestors(parent, trail | {parent})

    for concept in list(parents):
        ancestors(concept, {concept})


def test_combination_regimens_list_their_component_drugs(vocabulary):
    def components(slug):
        return {str(o).rsplit("/", 1)[1] for o in vocabulary.objects(URIRef(HKID + "therapy/" + slug), HK.hasComponent)}

    assert components("r-chop") == {"rituximab", "cyclophosphamide", "doxorubicin", "vincristine", "prednisone"}
    assert components("ven-aza") == {"venetoclax", "azacitidine"}
    assert components("vrd") == {"bortezomib", "lenalidomide", "dexamethasone"}


def test_named_car_t_products_target_their_antigen_and_are_car_t_cell_therapies(vocabulary):
    car_t = URIRef(HKID + "therapy/car-t-cell-therapy")
    for slug, antigen in (("tisagenlecleucel", "cd19"), ("idecabtagene-vicleucel", "bcma"),
                          ("ciltacabtagene-autoleucel", "bcma"), ("arlocabtagene-autoleucel", "gprc5d")):
        product = URIRef(HKID + "therapy/" + slug)
        assert (product, HK.targets, URIRef(HKID + "antigen/" + antigen)) in vocabulary
        assert (product, SKOS.broader, car_t) in vocabulary


def test_every_mechanism_has_a_definition(scheme_graphs):
    graph = scheme_graphs["mechanisms.ttl"]
    for concept in concepts(graph):
        assert len(list(graph.objects(concept, SKOS.definition))) == 1, concept


# ---------------------------------------------------------------- identifiers

def test_every_identifier_has_a_matching_exact_match(vocabulary):
    templates = {
        "HGNC": "http://identifiers.org/hgnc/{}",
        "NCBIGene": "http://identifiers.org/ncbigene/{}",
        "UniProt": "http://identifiers.org/uniprot/{}",
        "ENSEMBL": "http://identifiers.org/ensembl/{}",
        "DRUGBANK": "http://identifiers.org/drugbank/{}",
        "MONDO": "http://purl.obolibrary.org/obo/MONDO_{}",
        "NCIT": "http://purl.obolibrary.org/obo/NCIT_{}",
        "DOID": "http://purl.obolibrary.org/obo/DOID_{}",
    }
    for concept, value in vocabulary.subject_objects(HK.identifier):
        prefix, local = str(value).split(":", 1)
        assert prefix in templates, value
        assert (concept, SKOS.exactMatch, URIRef(templates[prefix].format(local))) in vocabulary, value
    assert len(list(vocabulary.subject_objects(SKOS.exactMatch))) == len(list(vocabulary.subject_objects(HK.identifier)))


def test_every_hgnc_identifier_exists_in_the_reference_file(vocabulary, hgnc_rows):
    found = identifiers(vocabulary, "HGNC")
    assert found
    by_concept = defaultdict(set)
    for concept, value in vocabulary.subject_objects(HK.identifier):
        by_concept[concept].add(str(value))
    for curie, concept in found.items():
        row = hgnc_rows.get(curie)
        assert row is not None and row["status"] == "Approved", curie
        for column, prefix in (("entrez_id", "NCBIGene"), ("ensembl_gene_id", "ENSEMBL")):
            for value in filter(None, row[column].split("|")):
                assert f"{prefix}:{value}" in by_concept[concept], curie
        for uniprot in filter(None, row["uniprot_ids"].split("|")):
            assert f"UniProt:{uniprot}" in by_concept[concept], curie
        assert {v for v in by_concept[concept] if v.startswith("HGNC:")} == {curie}, concept


def test_every_mondo_identifier_exists_in_the_reference_file(vocabulary, mondo_rows):
    found = identifiers(vocabulary, "MONDO")
    assert len(found) >= 100
    for curie, concept in found.items():
        row = mondo_rows.get(curie)
        assert row is not None and row["obsolete"] != "true", curie
        values = {str(v) for v in vocabulary.objects(concept, HK.identifier)}
        assert {v for v in values if v.startswith("NCIT:")} == set(filter(None, row["ncit_exact"].split("|"))), curie


def test_every_doid_identifier_exists_in_the_reference_file(vocabulary, doid_rows, mondo_rows):
    for curie, concept in identifiers(vocabulary, "DOID").items():
        row = doid_rows.get(curie)
        assert row is not None and row["obsolete"] != "true", curie
        mondo = [str(v) for v in vocabulary.objects(concept, HK.identifier) if str(v).startswith("MONDO:")]
        if mondo:
            assert curie in mondo_rows[mondo[0]]["doid_exact"].split("|"), (curie, mondo)


def test_every_ncit_identifier_comes_from_a_mondo_exact_match(vocabulary, mondo_rows):
    allowed = {ncit for row in mondo_rows.values() for ncit in row["ncit_exact"].split("|") if ncit}
    for curie in identifiers(vocabulary, "NCIT"):
        assert curie in allowed, curie


def test_every_drugbank_identifier_exists_in_the_reference_file(vocabulary, drugbank_names):
    found = identifiers(vocabulary, "DRUGBANK")
    assert len(found) >= 150
    for curie, concept in found.items():
        assert curie.split(":", 1)[1] in drugbank_names, curie
        assert (concept, RDF.type, HK.Drug) in vocabulary, curie
    counts = Counter(str(v) for v in vocabulary.objects(None, HK.identifier) if str(v).startswith("DRUGBANK:"))
    assert not [curie for curie, n in counts.items() if n > 1]


def test_the_committed_files_are_what_the_generator_makes_from_the_seed_tables():
    if not REFERENCE.is_dir():
        pytest.skip(f"reference folder not found: {REFERENCE}")
    result = subprocess.run(
        [sys.executable, str(ONTOLOGY / "curation" / "generate.py"), "--check", "--reference", str(REFERENCE)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr


# ---------------------------------------------------------------- OWL vocabulary

@pytest.mark.parametrize("name", ["hemakg.ttl", *SCHEME_FILES])
def test_the_stored_files_have_no_blank_nodes_so_loading_twice_gives_the_same_triples(name):
    from rdflib import BNode

    graph = Graph().parse(ONTOLOGY / name, format="turtle")
    assert not [t for t in graph if any(isinstance(term, BNode) for term in t)]


def test_the_ontology_declares_every_class_and_property_of_the_schema_contract(ontology):
    ontology_iri = URIRef("https://w3id.org/hemakg/ontology")
    assert (ontology_iri, RDF.type, OWL.Ontology) in ontology
    for name, kind in ([(c, OWL.Class) for c in CLASSES] + [(p, OWL.ObjectProperty) for p in OBJECT_PROPERTIES]
                       + [(p, OWL.DatatypeProperty) for p in DATATYPE_PROPERTIES]):
        term = HK[name]
        assert (term, RDF.type, kind) in ontology, name
        assert ontology.value(term, RDFS.label) is not None, name
        assert ontology.value(term, SKOS.definition) is not None, name
    for name in OBJECT_PROPERTIES:
        if name != "mentions":  # a document mentions anything
            assert ontology.value(HK[name], RDFS.range) is not None, name
        if name != "mentionedIn":  # anything is mentioned
            assert ontology.value(HK[name], RDFS.domain) is not None, name


def test_the_ontology_states_the_subclass_and_subproperty_axioms_of_the_contract(ontology):
    assert (HK.Drug, RDFS.subClassOf, HK.Therapy) in ontology
    assert (HK.firstAuthor, RDFS.subPropertyOf, HK.author) in ontology
    assert (HK.correspondingAuthor, RDFS.subPropertyOf, HK.author) in ontology
    assert (HK.Expert, RDFS.subClassOf, SCHEMA.Person) in ontology
    assert (HK.Expert, RDFS.subClassOf, PROV.Agent) in ontology
    assert (HK.Document, RDFS.subClassOf, PROV.Entity) in ontology
    assert (HK.Evidence, RDFS.subClassOf, RDF.Statement) in ontology
    assert (HK.Gene, SKOS.exactMatch, BIOLINK.Gene) in ontology
    assert (HK.affiliatedWith, OWL.equivalentProperty, SCHEMA.affiliation) in ontology
    domain = ontology.value(HK.targets, RDFS.domain)
    members = set(ontology.items(ontology.value(domain, OWL.unionOf)))
    assert members == {HK.Study, HK.Cohort, HK.Therapy}


# ---------------------------------------------------------------- SHACL

def validate(data: Graph, shapes: Graph, ontology: Graph):
    from pyshacl import validate as shacl_validate

    conforms, _, text = shacl_validate(data, shacl_graph=shapes, ont_graph=ontology, inference="rdfs",
                                       abort_on_first=False, allow_warnings=True)
    return conforms, text


def test_the_concept_schemes_conform_to_the_shapes(vocabulary, shapes, ontology):
    conforms, text = validate(vocabulary, shapes, ontology)
    assert conforms, text[:4000]


def test_the_shapes_reject_a_therapy_that_targets_a_disease(shapes, ontology):
    data = Graph()
    therapy, disease = URIRef(HKID + "therapy/x"), URIRef(HKID + "disease/y")
    data.add((therapy, RDF.type, HK.Drug))
    data.add((disease, RDF.type, HK.Disease))
    for node, name in ((therapy, "x"), (disease, "y")):
        data.add((node, SKOS.prefLabel, Literal(name)))
        data.add((node, RDFS.label, Literal(name)))
    data.add((therapy, HK.targets, disease))
    conforms, text = validate(data, shapes, ontology)
    assert not conforms
    assert "hk:targets" in text or str(HK.targets) in text


def test_the_shapes_reject_evidence_without_a_sentence_and_sentences_without_offsets(shapes, ontology):
    data = Graph()
    evidence, sentence = URIRef(HKID + "document/d/evidence/e"), URIRef(HKID + "document/d/sentence/1")
    data.add((evidence, RDF.type, HK.Evidence))
    data.add((evidence, RDF.subject, URIRef(HKID + "study/s")))
    data.add((evidence, RDF.predicate, HK.targets))
    data.add((evidence, RDF.object, URIRef(HKID + "antigen/cd19")))
    data.add((sentence, RDF.type, HK.Sentence))
    data.add((sentence, HK.text, Literal("CD19 CAR-T")))
    conforms, text = validate(data, shapes, ontology)
    assert not conforms
    assert "sentence" in text and "startOffset" in text


def test_the_shapes_accept_a_drug_where_a_therapy_is_required(shapes, ontology):
    data = Graph()
    study, drug = URIRef(HKID + "study/s"), URIRef(HKID + "therapy/venetoclax")
    data.add((study, RDF.type, HK.Study))
    data.add((drug, RDF.type, HK.Drug))
    for node, name in ((study, "A study"), (drug, "venetoclax")):
        data.add((node, SKOS.prefLabel, Literal(name)))
        data.add((node, RDFS.label, Literal(name)))
    data.add((study, HK.evaluates, drug))
    conforms, text = validate(data, shapes, ontology)
    assert conforms, text
