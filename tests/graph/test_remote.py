"""A SPARQL server as the store: `hemakg build --store URL` against a real Oxigraph server on loopback."""

from __future__ import annotations

import base64
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef

from hemakg.cli import cli
from hemakg.graph.query import AskResult, GraphResult, QueryError
from hemakg.graph.remote import RemoteStore
from hemakg.graph.store import NamedGraph, StoreError, open_store
from hemakg.pipeline import build_into_store

from servers import free_port, oxigraph_server  # noqa: F401 - fixtures

pytestmark = pytest.mark.server

HK = "https://w3id.org/hemakg/ontology#"


def _quads(nquads: str) -> tuple[int, set]:
    """Quad count, and the quads without blank nodes (the ontology's OWL axioms have some, named anew on parsing)."""
    quads = list(ox.parse(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS))
    named = {q for q in quads if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)}
    return len(quads), named


@pytest.fixture(scope="module")
def remote_build(oxigraph_server, corpus_dir):  # noqa: F811 - pytest injects the imported fixture
    runner = CliRunner()
    first = runner.invoke(cli, ["build", str(corpus_dir), "--store", oxigraph_server.query_url, "--jobs", "1"])
    second = runner.invoke(cli, ["build", str(corpus_dir), "--store", oxigraph_server.query_url, "--jobs", "1"])
    return oxigraph_server, first, second


@pytest.fixture(scope="module")
def embedded_build(remote_build, corpus_dir):
    """The same corpus built into memory right after, with the same builders and vocabulary."""
    store = open_store("memory")
    build_into_store([corpus_dir], store, jobs=1)
    return store


def test_build_into_a_sparql_server_stores_what_an_embedded_build_stores(remote_build, embedded_build):
    server, first, _ = remote_build
    built_store = embedded_build
    assert first.exit_code == 0, first.output
    with RemoteStore(server.query_url) as remote:
        assert remote.named_graphs() == built_store.named_graphs()
        (remote_count, remote_quads), (local_count, local_quads) = (
            _quads(remote.dump_nquads()), _quads(built_store.dump_nquads()))
        assert remote_count == local_count
        differ = remote_quads ^ local_quads  # a set comparison's diff would take pytest minutes to print
        assert not differ, f"{len(differ)} quads differ, e.g. {sorted(map(str, differ))[:3]}"


def test_rebuilding_into_a_sparql_server_skips_unchanged_documents(remote_build, corpus_dir):
    _, _, second = remote_build
    assert second.exit_code == 0, second.output
    documents = sum(1 for path in corpus_dir.iterdir() if path.is_file())
    assert f"Built 0 document(s)" in second.output
    assert f"skipped {documents} unchanged" in second.output


def test_remote_store_answers_select_ask_and_construct_with_rdflib_terms(remote_build, built_store):
    server, _, _ = remote_build
    select = f"SELECT ?d ?genre WHERE {{ ?d a <{HK}Document> ; <{HK}genre> ?genre }} ORDER BY ?d"
    with RemoteStore(server.query_url) as remote:
        answer = remote.query(select)
        assert answer == built_store.query(select)
        assert all(isinstance(d, URIRef) and isinstance(g, Literal) for d, g in answer.rows)
        assert remote.query(f"ASK {{ ?d a <{HK}Document> }}") == AskResult(True)
        construct = remote.query(f"CONSTRUCT {{ ?d a <{HK}Document> }} WHERE {{ ?d a <{HK}Document> }}")
        assert isinstance(construct, GraphResult)
        assert {str(s) for s, _, _ in construct.triples} == set(answer.values("d"))


def test_remote_store_replaces_and_removes_graphs(oxigraph_server):  # noqa: F811
    graph = "https://w3id.org/hemakg/id/document/serve-test"
    with RemoteStore(oxigraph_server.query_url) as remote:
        remote.replace_graphs([NamedGraph(graph, '<urn:a> <urn:p> "one" .\n<urn:a> <urn:p> "two" .\n')])
        remote.replace_graphs([NamedGraph(graph, '<urn:a> <urn:p> "three" .\n')])
        assert [t.object.value for t in remote.graph_triples(graph)] == ["three"]
        remote.remove_graphs([graph, graph + "-never-stored"])
        assert graph not in remote.named_graphs()


def test_remote_store_refusal_names_the_url_and_http_status(oxigraph_server):  # noqa: F811
    wrong_endpoint = oxigraph_server.query_url.replace("/query", "/no-such-endpoint")
    with RemoteStore(oxigraph_server.query_url, graph_store=wrong_endpoint) as remote:
        with pytest.raises(StoreError, match=r"no-such-endpoint: PUT refused: HTTP 404"):
            remote.replace_graphs([NamedGraph("https://w3id.org/hemakg/id/document/x", '<urn:a> <urn:p> "1" .\n')])
    with RemoteStore(oxigraph_server.query_url) as remote:
        with pytest.raises(QueryError, match="invalid SPARQL"):
            remote.query("SELECT WHERE {")


def test_an_unreachable_server_is_one_clear_error():
    remote = open_store(f"http://127.0.0.1:{free_port()}/query")
    with pytest.raises(QueryError, match="cannot reach the server"):
        remote.query("ASK {}")


def test_build_into_a_server_with_a_wrong_graph_store_url_exits_non_zero(oxigraph_server, corpus_dir):  # noqa: F811
    wrong = oxigraph_server.query_url.replace("/query", "/nowhere")
    result = CliRunner().invoke(
        cli, ["build", str(corpus_dir), "--store", oxigraph_server.query_url, "--graph-store", wrong, "--force"]
    )
    assert result.exit_code != 0
    assert "HTTP 404" in result.output


class _BasicAuthGraphStore(BaseHTTPRequestHandler):
    """A Graph Store endpoint that, like many servers, asks for basic authentication."""

    received: list = []

    def log_message(self, *args):
        pass

    def do_PUT(self):  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        expected = "Basic " + base64.b64encode(b"curator:secret").decode()
        if self.headers.get("Authorization") != expected:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="graphs"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.received.append((self.path, body))
        self.send_response(201)
        self.send_header("Content-Length", "0")
        self.end_headers()


def test_remote_store_answers_a_basic_authentication_challenge():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _BasicAuthGraphStore)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        graph = NamedGraph("https://w3id.org/hemakg/id/document/x", '<urn:a> <urn:p> "1" .\n')
        with RemoteStore(f"{url}/query", auth="curator:secret") as remote:
            remote.replace_graphs([graph])
        assert _BasicAuthGraphStore.received == [
            ("/store?graph=https%3A%2F%2Fw3id.org%2Fhemakg%2Fid%2Fdocument%2Fx", graph.ntriples.encode())
        ]
        with RemoteStore(f"{url}/query", auth="curator:wrong") as remote:
            with pytest.raises(StoreError, match="PUT refused: HTTP 401"):
                remote.replace_graphs([graph])
    finally:
        server.shutdown()
        server.server_close()
