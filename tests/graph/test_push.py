"""Push round trip: the sample graph pushed to a real Oxigraph server and a real Virtuoso, queried back with
SPARQLWrapper, answers as the embedded store does, query for query."""

from __future__ import annotations

from decimal import Decimal

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from SPARQLWrapper import JSON, POST, SELECT, SPARQLWrapper

from hemakg.cli import cli
from hemakg.graph.push import push_store
from hemakg.graph.remote import RemoteStore
from hemakg.graph.saved_queries import bind_parameters, list_saved_queries
from hemakg.graph.store import open_store

from servers import oxigraph_server, virtuoso_server  # noqa: F401 - fixtures

pytestmark = pytest.mark.server

HK = "PREFIX hk: <https://w3id.org/hemakg/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
AUTH = {"oxigraph": None, "virtuoso": "dba:dba"}

REPRESENTATIVE_QUERIES = {
    "documents": HK + "SELECT ?d ?genre WHERE { ?d a hk:Document ; hk:genre ?genre } ORDER BY ?d",
    "studies per document": HK + "SELECT ?d (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?d { ?d hk:describes ?s } } "
                                 "GROUP BY ?d ORDER BY ?d",
    "relations": HK + "SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(isIRI(?o) "
                      "&& STRSTARTS(STR(?p), 'https://w3id.org/hemakg/ontology#')) } ORDER BY ?s ?p ?o",
    "labels": HK + "SELECT DISTINCT ?e ?label WHERE { ?e skos:prefLabel ?label } ORDER BY ?e ?label",
    "sentences": HK + "SELECT ?s ?start ?end WHERE { GRAPH ?g { ?s a hk:Sentence ; hk:startOffset ?start ; "
                      "hk:endOffset ?end } } ORDER BY ?s",
}


def _value(term):
    """Compare terms by value: servers write 60.0 or 60 for the same decimal."""
    if isinstance(term, Literal) and isinstance(term.toPython(), (int, float, Decimal)):
        return Decimal(str(term.toPython()))
    return None if term is None else str(term)


def _rows(result) -> list[tuple]:
    return [tuple(_value(term) for term in row) for row in result.rows]


def _wrapper_rows(query_url: str, query: str) -> tuple[list[str], list[tuple]]:
    """Ask with SPARQLWrapper, as a colleague's script would; Oxigraph needs the union-default-graph switch."""
    client = SPARQLWrapper(query_url)
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.addParameter("union-default-graph", "")
    client.setQuery(query)
    client.queryType = SELECT  # its own guess reads "hk:describes" as DESCRIBE
    answer = client.queryAndConvert()
    variables = answer["head"]["vars"]
    rows = []
    for binding in answer["results"]["bindings"]:
        row = []
        for variable in variables:
            cell = binding.get(variable)
            if cell is None:
                row.append(None)
            elif cell["type"] == "uri":
                row.append(_value(URIRef(cell["value"])))
            else:
                row.append(_value(Literal(cell["value"], lang=cell.get("xml:lang"), datatype=cell.get("datatype"))))
        rows.append(tuple(row))
    return variables, rows


def _saved_query_parameters(store) -> dict[str, str]:
    """Parameter values the sample graph has answers for (first expert, institution, antigen, evidence pair)."""
    def first(query: str, default: str) -> str:
        values = store.query(HK + query).values("x")
        return values[0] if values else default

    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    return {
        "institution": first("SELECT ?x WHERE { ?i a hk:Institution ; skos:prefLabel ?x } ORDER BY ?x LIMIT 1",
                             "Center"),
        "expert": first("SELECT ?x WHERE { ?e a hk:Expert ; skos:prefLabel ?x } ORDER BY ?x LIMIT 1", "Smith"),
        "antigen": first("SELECT ?x WHERE { ?s hk:targets ?a . ?a a hk:Antigen ; skos:prefLabel ?x } "
                         "ORDER BY ?x LIMIT 1", "CD19"),
        "subject": first(f"SELECT ?x WHERE {{ ?e <{rdf}subject> ?x }} ORDER BY ?x LIMIT 1", "urn:none"),
        "object": first(f"SELECT ?x WHERE {{ ?e <{rdf}object> ?x . FILTER(isIRI(?x)) }} ORDER BY ?x LIMIT 1",
                        "urn:none"),
    }


def _all_queries(store) -> dict[str, str]:
    parameters = _saved_query_parameters(store)
    queries = dict(REPRESENTATIVE_QUERIES)
    for saved in list_saved_queries():
        queries[f"saved {saved.name}"] = bind_parameters(saved, {p.name: parameters[p.name] for p in saved.params})
    return queries


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def pushed(request, built_store):
    server = request.getfixturevalue(f"{request.param}_server")
    target = RemoteStore(server.query_url, auth=AUTH[request.param])
    first = push_store(built_store, target)
    second = push_store(built_store, target)
    yield request.param, server, target, first, second
    target.close()


def test_push_sends_every_named_graph_and_triple_of_the_store(pushed, built_store):
    _, _, target, first, _ = pushed
    assert first.graphs == len(built_store.named_graphs())
    assert first.triples == len(built_store)
    assert target.named_graphs() == built_store.named_graphs()


def test_pushing_twice_changes_nothing(pushed, built_store):
    _, _, target, first, second = pushed
    assert second == first
    counts = HK + "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), " \
                  "'https://w3id.org/hemakg/')) } GROUP BY ?g ORDER BY ?g"
    assert _rows(target.query(counts)) == _rows(built_store.query(counts))


def test_pushed_graph_answers_every_query_like_the_embedded_store(pushed, built_store):
    name, server, target, _, _ = pushed
    mismatches = []
    for label, query in _all_queries(built_store).items():
        expected = built_store.query(query)
        variables, through_wrapper = _wrapper_rows(server.query_url, query)
        through_store = _rows(target.query(query))
        ordered = "ORDER BY" in query and label in REPRESENTATIVE_QUERIES
        expected_rows = _rows(expected) if ordered else sorted(_rows(expected), key=repr)
        for how, rows in (("SPARQLWrapper", through_wrapper), ("RemoteStore", through_store)):
            if (rows if ordered else sorted(rows, key=repr)) != expected_rows:
                mismatches.append(f"{label} via {how}: {len(rows)} rows, embedded {len(expected_rows)}")
        assert variables == expected.variables, label
    assert not mismatches, f"{name}: " + "; ".join(mismatches)


def test_the_comparison_is_not_vacuous(built_store):
    queries = _all_queries(built_store)
    answered = [label for label, query in queries.items() if built_store.query(query).rows]
    assert len(answered) >= len(REPRESENTATIVE_QUERIES) + 1, answered


def test_hemakg_push_reports_what_it_sent_and_refuses_a_wrong_password(
    virtuoso_server, built_store, tmp_path  # noqa: F811
):
    store_dir = tmp_path / "store"
    with open_store(store_dir) as local:
        push_store(built_store, local)
    runner = CliRunner()
    result = runner.invoke(cli, ["push", virtuoso_server.query_url, "--auth", "dba:dba", "--store", str(store_dir)])
    assert result.exit_code == 0, result.output
    assert f"pushed {len(built_store.named_graphs())} graph(s), {len(built_store)} triple(s)" in result.output
    refused = runner.invoke(cli, ["push", virtuoso_server.query_url, "--auth", "dba:wrong", "--store", str(store_dir)])
    assert refused.exit_code == 1
    assert "PUT refused: HTTP 401" in refused.output
    assert len(refused.output.strip().splitlines()) == 1
