"""The schema contract on the sample corpus: documents as named graphs, classes, labels, and evidence for every fact."""

from __future__ import annotations

import pytest
from rdflib.namespace import RDF, RDFS, SKOS

from hemakg.ontology import HK, NAMING_PREDICATES

PREFIXES = """
PREFIX hk: <https://w3id.org/hemakg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""
BUILD_METADATA = {HK.sourcePath, HK.contentHash, HK.genre, HK.builtWith}


def test_the_store_holds_the_four_documents_each_naming_its_own_graph(built_store):
    result = built_store.query(PREFIXES + "SELECT ?d WHERE { GRAPH ?d { ?d a hk:Document } }")
    documents = result.values("d")
    assert len(documents) == 4
    assert all(d.startswith("https://w3id.org/hemakg/id/document/") for d in documents)


@pytest.mark.parametrize("cls", ["Study", "Disease", "Therapy"])
def test_every_document_yields_studies_diseases_and_therapies_with_evidence(built_store, cls):
    query = PREFIXES + f"""
    SELECT ?d (COUNT(DISTINCT ?e) AS ?n) WHERE {{ GRAPH ?d {{
        ?d a hk:Document . ?e a hk:{cls} .
        ?e hk:mentionedIn ?s .
        ?s hk:text ?text ; hk:startOffset ?start ; hk:endOffset ?end ; hk:inDocument ?d . }} }} GROUP BY ?d"""
    counts = {row[0]: int(row[1]) for row in built_store.query(query).rows}
    assert len(counts) == 4, f"documents without a {cls}: {counts}"


def test_three_documents_name_antigens_and_every_document_names_an_antigen_or_gene(built_store):
    query = PREFIXES + """
    SELECT ?d (COUNT(DISTINCT ?a) AS ?antigens) (COUNT(DISTINCT ?g) AS ?genes) WHERE { GRAPH ?d {
        ?d a hk:Document . OPTIONAL { ?a a hk:Antigen } OPTIONAL { ?g a hk:Gene } } } GROUP BY ?d"""
    rows = built_store.query(query).rows
    assert sum(1 for row in rows if int(row[1]) > 0) >= 3
    assert all(int(row[1]) + int(row[2]) > 0 for row in rows)


def test_every_entity_has_exactly_one_pref_label(corpus_results):
    for name, result in corpus_results.items():
        graph = result.graph
        for entity in set(graph.subjects(RDF.type, None)):
            if (entity, RDF.type, HK.Evidence) in graph or (entity, RDF.type, HK.Sentence) in graph:
                continue
            labels = list(graph.objects(entity, SKOS.prefLabel))
            assert len(labels) == 1, f"{name}: {entity} has {len(labels)} prefLabels"
            assert not list(graph.objects(entity, RDFS.label)), "skos:prefLabel ⊑ rdfs:label: not repeated"


def test_every_fact_in_a_document_graph_has_an_evidence_sentence(corpus_results):
    for name, result in corpus_results.items():
        graph = result.graph
        sentences = set(graph.subjects(RDF.type, HK.Sentence))
        provenance = set(graph.subjects(RDF.type, HK.Evidence)) | sentences
        stated = {
            (graph.value(e, RDF.subject), graph.value(e, RDF.predicate), graph.value(e, RDF.object))
            for e in graph.subjects(RDF.type, HK.Evidence)
        }
        mentioned = {entity for entity, sentence in graph.subject_objects(HK.mentionedIn) if sentence in sentences}
        for triple in graph:
            subject, predicate, obj = triple
            if subject in provenance or predicate in BUILD_METADATA or predicate == HK.mentionedIn:
                continue
            if predicate in NAMING_PREDICATES:
                assert subject in mentioned, f"{name}: no sentence names {subject} ({triple})"
            elif predicate == HK.mentions:
                assert obj in mentioned, f"{name}: no sentence names {obj}, which the document mentions"
            else:
                assert triple in stated, f"{name}: no evidence for {triple}"


def test_naming_statements_have_mention_links_rather_than_evidence_nodes(corpus_results):
    for name, result in corpus_results.items():
        graph = result.graph
        reified = set(graph.objects(None, RDF.predicate))
        assert not reified & (NAMING_PREDICATES | {HK.mentions}), name
        assert len(set(graph.subjects(HK.mentionedIn, None))) >= len(set(graph.objects(None, HK.mentions)))


def test_evidence_offsets_point_at_the_sentence_text_in_the_document(corpus_results):
    for name, result in corpus_results.items():
        text = result.document.text
        graph = result.graph
        for sentence in graph.subjects(RDF.type, HK.Sentence):
            start = int(graph.value(sentence, HK.startOffset))
            end = int(graph.value(sentence, HK.endOffset))
            assert text[start:end] == str(graph.value(sentence, HK.text)), f"{name}: {sentence}"


def test_entity_iris_are_stable_across_builds(corpus_dir):
    from hemakg.builders import build_file

    path = sorted(p for p in corpus_dir.iterdir() if p.is_file())[0]
    first = set(build_file(path).graph)
    second = set(build_file(path).graph)
    assert first == second
    assert not any(isinstance(term, type(None)) for triple in first for term in triple)


def test_the_vocabulary_graph_describes_only_concepts_the_documents_name(built_store):
    query = PREFIXES + """
    SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {
      GRAPH <https://w3id.org/hemakg/graph/vocabulary> { ?c a skos:Concept }
      FILTER NOT EXISTS { GRAPH ?d { ?d hk:mentions ?c } } }"""
    assert int(built_store.query(query).rows[0][0]) == 0
    named = PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/hemakg/graph/vocabulary> { ?c skos:exactMatch ?x } }"
    assert int(built_store.query(named).rows[0][0]) > 10


def test_concepts_carry_external_identifiers(built_store):
    # acute myeloid leukemia, named in three of the four documents; MONDO id as listed in ../shared/reference
    query = PREFIXES + """
    SELECT DISTINCT ?label WHERE { ?c hk:identifier "MONDO:0018874" ; skos:prefLabel ?label ;
                                      skos:exactMatch <http://purl.obolibrary.org/obo/MONDO_0018874> }"""
    assert built_store.query(query).values("label")


def test_the_text_written_to_the_store_is_one_distinct_triple_per_line(corpus_results):
    """The store's bulk loader is told the emitter's text needs no re-checking: every line one triple, none twice."""
    from rdflib import Graph

    for name, result in corpus_results.items():
        lines = result.ntriples.splitlines()
        assert len(lines) == len(set(lines)) > 500, name
        assert all(line.endswith(" .") and line.count(" ") >= 3 for line in lines), name
        assert len(Graph().parse(data=result.ntriples, format="nt")) == len(lines), name
