"""`hemakg serve`: a real Oxigraph server behind the guard, asked with SPARQLWrapper and plain HTTP."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph
import pytest
import requests
from click.testing import CliRunner
from SPARQLWrapper import JSON, POST, SPARQLWrapper

from hemakg.cli import cli
from hemakg.graph import server as server_module
from hemakg.graph.push import push_store
from hemakg.graph.server import RefusedQuery, check_query
from hemakg.graph.store import StoreError, open_store

from servers import free_port, listener, oxigraph_binary, oxigraph_server, start_process, stop_process  # noqa: F401

pytestmark = pytest.mark.server

DOCUMENTS = ("PREFIX hk: <https://w3id.org/hemakg/ontology#> "
             "SELECT ?d ?genre WHERE { ?d a hk:Document ; hk:genre ?genre } ORDER BY ?d")


@pytest.fixture(scope="module")
def served(built_store, tmp_path_factory):
    """The sample graph on disk twice: one copy served by `hemakg serve`, one read by `hemakg query`."""
    oxigraph_binary()  # skips when the server is not installed
    folder = tmp_path_factory.mktemp("serve")
    with open_store(folder / "served") as disk:
        push_store(built_store, disk)
    shutil.copytree(folder / "served", folder / "queried")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = start_process(
        [sys.executable, "-m", "hemakg", "serve", "--store", str(folder / "served"), "--port", str(port)],
        folder / "serve.log", f"{url}/query?query=ASK%7B%7D",
    )
    try:
        yield url, folder / "queried"
    finally:
        stop_process(process)


def _post(url: str, data: dict, accept: str = "application/sparql-results+json") -> tuple[int, str]:
    request = urllib.request.Request(url, data=urllib.parse.urlencode(data).encode(), headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def test_served_endpoint_answers_sparqlwrapper_like_hemakg_query(served):
    url, queried = served
    client = SPARQLWrapper(f"{url}/query")
    client.setReturnFormat(JSON)
    client.setQuery(DOCUMENTS)
    answer = client.queryAndConvert()
    local = CliRunner().invoke(cli, ["query", DOCUMENTS, "--store", str(queried), "--format", "json"])
    assert local.exit_code == 0, local.output
    expected = json.loads(local.output)
    assert answer["head"]["vars"] == expected["head"]["vars"]
    assert answer["results"]["bindings"] == expected["results"]["bindings"]
    assert len(expected["results"]["bindings"]) >= 4


def test_served_endpoint_answers_curl_like_hemakg_query(served):
    url, queried = served
    status, text = _post(f"{url}/query", {"query": DOCUMENTS}, accept="text/csv")
    assert status == 200
    local = CliRunner().invoke(cli, ["query", DOCUMENTS, "--store", str(queried), "--format", "csv"])
    assert list(csv.reader(io.StringIO(text))) == list(csv.reader(io.StringIO(local.output)))


def test_served_endpoint_answers_a_query_sent_as_sparql_query_body(served):
    url, _ = served
    headers = {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}
    answer = requests.post(f"{url}/query", data="ASK { ?s ?p ?o }", timeout=30, headers=headers)
    assert answer.status_code == 200
    assert answer.json()["boolean"] is True


@pytest.mark.parametrize("path, data", [
    ("/update", {"update": "DROP ALL"}),
    ("/sparql", {"update": "DROP ALL"}),
    ("/query", {"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}),
    ("/store", {"x": "y"}),
])
def test_served_endpoint_refuses_updates(served, path, data):
    url, _ = served
    status, text = _post(url + path, data)
    assert status == 403
    assert "read-only" in text
    assert _post(f"{url}/query", {"query": "ASK { ?s ?p ?o }"}) == (200, '{"head":{},"boolean":true}')


def test_served_endpoint_refuses_a_graph_store_put(served):
    url, _ = served
    answer = requests.put(f"{url}/store?default", data="<urn:a> <urn:b> <urn:c> .", timeout=30,
                          headers={"Content-Type": "application/n-triples"})
    assert answer.status_code == 403


def test_served_endpoint_refuses_service_without_calling_out(served, listener):  # noqa: F811
    url, _ = served
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}"
    status, text = _post(f"{url}/query", {"query": query})
    assert status == 403
    assert "SERVICE is not allowed" in text
    assert listener.connections == 0


def test_the_listener_would_see_a_plain_oxigraph_server_call_out(oxigraph_server, listener):  # noqa: F811
    query = f"SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}"
    _post(oxigraph_server.query_url, {"query": query})
    assert listener.connections >= 1


def test_served_endpoint_refuses_remote_from_and_graph_parameters(served):
    url, _ = served
    status, _ = _post(f"{url}/query", {"query": "SELECT * FROM <http://example.org/data> WHERE { ?s ?p ?o }"})
    assert status == 403
    status, _ = _post(f"{url}/query", {"query": "SELECT * WHERE { ?s ?p ?o }",
                                       "default-graph-uri": "http://example.org/data"})
    assert status == 403


def test_served_endpoint_opens_the_query_page(served):
    url, _ = served
    page = requests.get(f"{url}/", timeout=30)
    assert page.status_code == 200
    assert "yasgui" in page.text.lower()
    assert requests.get(f"{url}/yasgui.min.js", timeout=30).status_code == 200


def test_guard_reads_the_parse_tree_not_the_text():
    check_query('SELECT * WHERE { ?s ?p "SERVICE <http://example.org/> LOAD" }')
    check_query("SELECT * FROM <https://w3id.org/hemakg/id/document/x> WHERE { ?s ?p ?o }")
    hidden = "SELECT * WHERE { OPTIONAL { SELECT ?s WHERE { SERVICE <http://example.org/> { ?s ?p ?o } } } }"
    with pytest.raises(RefusedQuery, match="SERVICE"):
        check_query(hidden)
    with pytest.raises(RefusedQuery, match="not a HemaKG graph"):
        check_query("SELECT * FROM NAMED <http://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }")
    with pytest.raises(RefusedQuery, match="not a SPARQL query"):
        check_query("LOAD <http://example.org/data.ttl>")


def test_serve_refuses_an_oxigraph_server_of_another_version(monkeypatch):
    monkeypatch.setattr(pyoxigraph, "__version__", "0.0.1")
    with pytest.raises(StoreError, match="does not match pyoxigraph 0.0.1"):
        server_module.find_oxigraph()


def test_serve_without_a_store_is_one_clear_error(tmp_path):
    result = CliRunner().invoke(cli, ["serve", "--store", str(tmp_path / "missing")])
    assert result.exit_code == 1
    assert "no store there" in result.output


def test_serve_warns_before_listening_beyond_loopback(tmp_path):
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--store", str(tmp_path / "missing")])
    assert "warning: listening on 0.0.0.0" in result.output
    assert result.exit_code == 1


def test_stopping_serve_stops_the_oxigraph_server_too(built_store, tmp_path):
    psutil = pytest.importorskip("psutil")
    oxigraph_binary()
    with open_store(tmp_path / "store") as disk:
        push_store(built_store, disk)
    port = free_port()
    process = start_process(
        [sys.executable, "-m", "hemakg", "serve", "--store", str(tmp_path / "store"), "--port", str(port)],
        tmp_path / "serve.log", f"http://127.0.0.1:{port}/query?query=ASK%7B%7D",
    )
    try:
        children = psutil.Process(process.pid).children(recursive=True)
        assert any("oxigraph" in child.name() for child in children)
        process.terminate()  # SIGTERM to `hemakg serve` alone, as `kill PID` would send
        process.wait(timeout=20)
        _, alive = psutil.wait_procs(children, timeout=20)
        assert not alive
    finally:
        stop_process(process)
