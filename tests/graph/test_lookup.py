"""Look-up by label, synonym, identifier or IRI, forgiving case and spelling; `show` prints facts with sentences."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from hemakg.cli import cli
from hemakg.graph.evidence import fetch_evidence, fetch_evidence_of_predicates
from hemakg.graph.lookup import (
    EntityNotFound, describe_entity, describe_nodes, find_entities, format_description, label_nodes, resolve_entity,
)
from hemakg.graph.rows import select_rows
from hemakg.ontology import NAMING_PREDICATES

HKID = "https://w3id.org/hemakg/id/"


@pytest.mark.parametrize("text", ["CLL1", "cll-1", "CLEC12A", "HGNC:31713", HKID + "antigen/clec12a", "antigen/clec12a"])
def test_resolve_finds_an_antigen_by_label_synonym_identifier_or_iri(fixture_store, text):
    assert resolve_entity(fixture_store, text) == HKID + "antigen/clec12a"


def test_find_forgives_case_and_misspelling(fixture_store):
    assert find_entities(fixture_store, "VENETOCLAX")[0].score == 1.0
    match = find_entities(fixture_store, "venetoclx")[0]
    assert (match.label, match.cls) == ("venetoclax", "Drug")
    assert find_entities(fixture_store, "Crystal Makall")[0].label == "Crystal Mackall"


def test_find_lists_every_entity_containing_the_text(fixture_store):
    labels = [m.label for m in find_entities(fixture_store, "CAR-T", limit=50)]
    assert {"CD22 CAR-T", "CLL1 CAR-T", "CD7 CAR-T"} <= set(labels)


def test_resolve_raises_when_nothing_is_close(fixture_store):
    with pytest.raises(EntityNotFound):
        resolve_entity(fixture_store, "zzzz qqqq")


def test_describe_entity_gives_links_both_ways_with_evidence(fixture_store):
    description = describe_entity(fixture_store, "Kymriah")
    assert description.info.label == "tisagenlecleucel"
    assert "DRUGBANK:DB13987" in description.info.identifiers
    outgoing = {(r.predicate.rsplit("#", 1)[-1].rsplit("/", 1)[-1], r.other.label) for r in description.outgoing}
    assert ("targets", "CD19") in outgoing and ("broader", "CAR T-cell therapy") in outgoing
    evaluated_by = next(r for r in description.incoming if r.other.label.startswith("Tisagenlecleucel in"))
    assert evaluated_by.evidence[0].text.startswith("Grupp and Maude")
    assert evaluated_by.evidence[0].document == HKID + "document/explore-digest"
    text = format_description(description)
    assert "also called: Kymriah" in text and "Grupp and Maude" in text


def test_show_and_find_commands(fixture_store_dir):
    runner = CliRunner()
    result = runner.invoke(cli, ["show", "terry fry", "--store", fixture_store_dir])
    assert result.exit_code == 0, result.output
    assert "Terry Fry  [Expert]" in result.output and "National Cancer Institute" in result.output
    assert "Mackall and Fry tested" in result.output
    result = runner.invoke(cli, ["find", "leukemia", "--store", fixture_store_dir])
    assert result.exit_code == 0, result.output
    assert "acute myeloid leukemia" in result.output and "T-cell acute lymphoblastic leukemia" in result.output
    result = runner.invoke(cli, ["show", "zzzz qqqq", "--store", fixture_store_dir])
    assert result.exit_code == 1 and "no entity matches" in result.output


def test_corpus_show_aml_lists_studies_with_sentences(built_store):
    description = describe_entity(built_store, "AML")
    assert description.info.label == "acute myeloid leukemia"
    studies = [r for r in description.incoming if r.other.cls == "Study" and r.predicate.endswith("condition")]
    assert len(studies) >= 5
    assert all(r.evidence for r in studies)


# --- the readers behind every view: they must answer what the plain queries answer ---

HK = "https://w3id.org/hemakg/ontology#"
AUTHORSHIP = (HK + "author", HK + "firstAuthor", HK + "correspondingAuthor")
NAMING = {str(p) for p in NAMING_PREDICATES}


def _plain_evidence(store, triples):
    """Evidence as one plain join finds it, in any graph, without the shape that keeps fetch_evidence fast.

    A statement naming an entity is backed by the entity's mention links in the graph stating it; any other by an
    evidence node.
    """
    found = {}
    for s, p, o in triples:
        if p == HK + "mentions" or p in NAMING:
            named = o if p == HK + "mentions" else s
            backing = f"<{s}> <{p}> <{o}> . <{named}> hk:mentionedIn ?sentence ."
        else:
            backing = f"?e rdf:subject <{s}> ; rdf:predicate <{p}> ; rdf:object <{o}> ; hk:sentence ?sentence ."
        rows = store.query(
            "PREFIX hk: <https://w3id.org/hemakg/ontology#> PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
            f"SELECT DISTINCT ?g ?start ?text WHERE {{ GRAPH ?g {{ {backing} ?sentence hk:text ?text . "
            "OPTIONAL { ?sentence hk:startOffset ?start } } }").rows
        ordered = sorted((str(g), int(start) if start is not None else 0, str(text)) for g, start, text in rows)
        found[(s, p, o)] = tuple((text, g) for g, _, text in ordered)
    return found


def _relation_triples(store):
    rows = store.query(
        "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o "
        "FILTER(isIRI(?o) && ?p NOT IN (rdf:subject, rdf:object, rdf:predicate)) }").rows
    return sorted((str(s), str(p), str(o)) for s, p, o in rows)


def test_select_rows_reads_the_strings_query_gives(fixture_store):
    sparql = ("SELECT ?s ?p ?o ?none WHERE { ?s ?p ?o OPTIONAL { ?s <urn:nothing> ?none } } "
              "ORDER BY ?s ?p ?o LIMIT 3000")
    plain = [tuple(None if t is None else str(t) for t in row) for row in fixture_store.query(sparql).rows]
    assert select_rows(fixture_store, sparql) == plain
    assert any(isinstance(v, str) and v.isdigit() for row in plain for v in row)  # typed numbers among them


def test_fetch_evidence_finds_what_a_plain_join_finds(fixture_store):
    triples = _relation_triples(fixture_store)
    fetched = fetch_evidence(fixture_store, triples)
    plain = _plain_evidence(fixture_store, triples)
    assert {t: tuple((e.text, e.document) for e in sentences) for t, sentences in fetched.items()} == plain
    assert sum(1 for sentences in fetched.values() if sentences) > 50


def test_corpus_evidence_is_found_inside_the_documents_that_state_it(built_store):
    triples = _relation_triples(built_store)[::7]  # a spread of every kind of link, the reference is slow
    fetched = fetch_evidence(built_store, triples)
    plain = _plain_evidence(built_store, triples)
    assert {t: tuple((e.text, e.document) for e in s) for t, s in fetched.items()} == plain


def test_scanning_the_evidence_of_authorships_matches_fetching_it(fixture_store, built_store):
    for store in (fixture_store, built_store):
        triples = [t for t in _relation_triples(store) if t[1] in AUTHORSHIP]
        assert triples
        assert fetch_evidence_of_predicates(store, AUTHORSHIP, triples) == fetch_evidence(store, triples)
    with pytest.raises(ValueError, match="outside those scanned"):
        fetch_evidence_of_predicates(fixture_store, AUTHORSHIP[:1], [("urn:a", HK + "targets", "urn:b")])


def test_label_nodes_gives_the_labels_describe_nodes_gives(built_store):
    nodes = sorted({n for s, _, o in _relation_triples(built_store) for n in (s, o)})
    nodes += ["https://w3id.org/hemakg/id/nothing-here"]
    described = describe_nodes(built_store, nodes)
    assert label_nodes(built_store, nodes) == {iri: info.label for iri, info in described.items()}


def test_find_reports_the_first_of_the_names_that_score_alike():
    from hemakg.graph.store import NamedGraph, open_store

    skos, disease = "http://www.w3.org/2004/02/skos/core#", "<https://w3id.org/hemakg/id/disease/hcl>"
    store = open_store("memory")
    for graph, name in (("urn:a", "hairy-cell leukemia"), ("urn:b", "hairy cell leukemia")):
        store.replace_graphs([NamedGraph(graph, f'{disease} <{skos}altLabel> "{name}" .\n'
                                                f"{disease} a <https://w3id.org/hemakg/ontology#Disease> .\n")])
    match = find_entities(store, "leukemia")[0]
    assert (match.matched, match.score) == ("hairy cell leukemia", 0.88)
