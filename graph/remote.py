"""A SPARQL server as the store: the scale-out backend behind ``open_store("http://…")``.

Reads go through the SPARQL 1.1 Protocol and writes through the SPARQL 1.1 Graph Store HTTP Protocol, the two
interfaces every server shares (Oxigraph server, Virtuoso, Jena Fuseki, GraphDB), so nothing here is tied to one
product. Each document graph is replaced by one PUT, which servers apply atomically per graph; unlike the embedded
store, a batch of several graphs is not one transaction.

The server keeps other data too (Virtuoso has its system graphs), so `RemoteStore.named_graphs` lists only the
graphs in the HemaKG namespace.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph as ox
import requests
from rdflib import BNode, Literal, URIRef
from rdflib.plugins.sparql.parser import parseQuery

from .query import AskResult, GraphResult, QueryError, SelectResult, to_rdflib
from .store import NamedGraph, StoreError

__all__ = ["GRAPH_NAMESPACE", "RemoteStore", "default_graph_store_url", "query_form"]

GRAPH_NAMESPACE = "https://w3id.org/hemakg/"
RESULTS_JSON = "application/sparql-results+json"
RDF_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def default_graph_store_url(query_url: str) -> str:
    """Guess the Graph Store Protocol URL from a query endpoint, following each server's default layout.

    Oxigraph answers queries at ``/query`` and graphs at ``/store``; Virtuoso at ``/sparql`` and
    ``/sparql-graph-crud-auth`` (the authenticated one, since writes need a user); Fuseki at ``/DATASET/query``
    (or ``/sparql``) and ``/DATASET/data``. Anything else needs ``--graph-store``.

    Examples
    --------
    >>> default_graph_store_url("http://127.0.0.1:7878/query")
    'http://127.0.0.1:7878/store'
    >>> default_graph_store_url("http://localhost:8890/sparql")
    'http://localhost:8890/sparql-graph-crud-auth'
    >>> default_graph_store_url("http://localhost:3030/hemakg/sparql")
    'http://localhost:3030/hemakg/data'
    """
    parts = urlsplit(query_url)
    path = parts.path.rstrip("/")
    if path == "/query":
        new_path = "/store"
    elif path == "/sparql":
        new_path = "/sparql-graph-crud-auth"
    elif path.endswith(("/query", "/sparql")) and path.count("/") == 2:
        new_path = path.rsplit("/", 1)[0] + "/data"
    else:
        raise StoreError(f"{query_url}: cannot guess the Graph Store Protocol URL; give it with --graph-store")
    return urlunsplit((parts.scheme, parts.netloc, new_path, "", ""))


def query_form(sparql: str) -> str:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``: decides which result format to ask the server for.

    Examples
    --------
    >>> query_form('ASK { ?s ?p "SELECT" }')
    'ASK'
    """
    try:
        parsed = parseQuery(sparql)
    except Exception as error:  # pyparsing raises its own exception types
        raise QueryError(f"invalid SPARQL: {error}") from error
    return parsed[1].name.removesuffix("Query").upper()


def _json_term(binding: dict):
    kind = binding["type"]
    if kind == "uri":
        return URIRef(binding["value"])
    if kind == "bnode":
        return BNode(binding["value"])
    if "xml:lang" in binding:
        return Literal(binding["value"], lang=binding["xml:lang"])
    datatype = binding.get("datatype")
    if datatype and datatype != XSD_STRING:
        return Literal(binding["value"], datatype=URIRef(datatype))
    return Literal(binding["value"])


class RemoteStore:
    """A SPARQL server reached over HTTP, answering the `hemakg.graph.store.QuadStore` protocol.

    Parameters
    ----------
    url : str
        The SPARQL query endpoint (``http://host:7878/query``, ``http://host:8890/sparql``…).
    graph_store : str, optional
        The Graph Store Protocol endpoint; guessed from ``url`` when omitted (see `default_graph_store_url`).
    auth : str, optional
        ``user:password``. Digest is tried first (Virtuoso), basic when the server asks for it.
    timeout : float
        Seconds to wait for any one request.
    """

    def __init__(self, url: str, graph_store: str | None = None, auth: str | None = None, timeout: float = 120.0):
        self.location = url
        self.graph_store = graph_store or default_graph_store_url(url)
        self.timeout = timeout
        self._session = requests.Session()
        self._auth = None
        if auth is not None:
            user, sep, password = auth.partition(":")
            if not sep:
                raise StoreError(f"{url}: --auth must be user:password")
            self._credentials = (user, password)
            self._auth = requests.auth.HTTPDigestAuth(user, password)

    def _request(self, method: str, url: str, *, ok: tuple[int, ...] = (), **kwargs) -> requests.Response:
        try:
            response = self._session.request(method, url, auth=self._auth, timeout=self.timeout, **kwargs)
            challenge = response.headers.get("WWW-Authenticate", "").lower()
            if response.status_code == 401 and self._auth is not None and challenge.startswith("basic"):
                self._auth = requests.auth.HTTPBasicAuth(*self._credentials)
                response = self._session.request(method, url, auth=self._auth, timeout=self.timeout, **kwargs)
        except requests.RequestException as error:
            raise StoreError(f"{url}: cannot reach the server ({error.__class__.__name__}: {error})") from error
        if response.status_code >= 400 and response.status_code not in ok:
            detail = " ".join(response.text.split())[:200]
            raise StoreError(
                f"{url}: {method} refused: HTTP {response.status_code} {response.reason}"
                + (f": {detail}" if detail else "")
            )
        return response

    def query(self, sparql: str):
        """Run ``sparql`` with the union of all graphs as default graph (Oxigraph needs asking; Virtuoso does so)."""
        form = query_form(sparql)
        accept = RESULTS_JSON if form in ("SELECT", "ASK") else RDF_ACCEPT
        try:
            response = self._request(
                "POST", self.location, data={"query": sparql, "union-default-graph": ""},
                headers={"Accept": accept},
            )
        except StoreError as error:
            raise QueryError(str(error)) from error
        if form in ("SELECT", "ASK"):
            try:
                answer = response.json()
            except ValueError as error:
                raise QueryError(f"{self.location}: the answer is not SPARQL JSON results ({error})") from error
            if "boolean" in answer:
                return AskResult(bool(answer["boolean"]))
            variables = answer["head"]["vars"]
            rows = [
                tuple(_json_term(row[v]) if v in row else None for v in variables)
                for row in answer["results"]["bindings"]
            ]
            return SelectResult(variables, rows)
        triples = self._parse_rdf(response, self.location)
        return GraphResult([(to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)) for t in triples])

    @staticmethod
    def _parse_rdf(response: requests.Response, url: str) -> list:
        media_type = response.headers.get("Content-Type", "application/n-triples").split(";")[0].strip()
        if media_type == "text/plain":
            media_type = "application/n-triples"
        rdf_format = ox.RdfFormat.from_media_type(media_type)
        if rdf_format is None:
            raise StoreError(f"{url}: the answer is {media_type}, not RDF")
        try:
            return [quad.triple if isinstance(quad, ox.Quad) else quad
                    for quad in ox.parse(response.content, format=rdf_format)]
        except SyntaxError as error:
            raise StoreError(f"{url}: the server sent unreadable {media_type} ({error})") from error

    def replace_graphs(self, graphs: Iterable[NamedGraph]) -> None:
        """PUT each graph (replacing it); an empty graph is deleted instead."""
        for graph in graphs:
            if not graph.ntriples.strip():
                self.remove_graphs([graph.iri])
                continue
            self._request(
                "PUT", self.graph_store, params={"graph": graph.iri}, data=graph.ntriples.encode("utf-8"),
                headers={"Content-Type": "application/n-triples; charset=utf-8"},
            )

    def remove_graphs(self, iris: Iterable[str]) -> None:
        """DELETE each graph; one the server does not hold (404) is already gone."""
        for iri in iris:
            self._request("DELETE", self.graph_store, params={"graph": iri}, ok=(404,))

    def named_graphs(self) -> list[str]:
        """The HemaKG graphs the server holds (its own system graphs left out)."""
        result = self.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "
                            f'"{GRAPH_NAMESPACE}")) }}')
        return sorted(result.values("g"))

    def graph_triples(self, iri: str) -> list[ox.Triple]:
        """The triples of one graph, fetched with a Graph Store Protocol GET (no result-size limit applies)."""
        response = self._request("GET", self.graph_store, params={"graph": iri}, headers={"Accept": RDF_ACCEPT})
        return self._parse_rdf(response, self.graph_store)

    def dump_nquads(self) -> str:
        """Every HemaKG graph as N-Quads, one GET per graph."""
        quads = []
        for iri in self.named_graphs():
            graph = ox.NamedNode(iri)
            quads.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in self.graph_triples(iri))
        return ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8") if quads else ""

    def close(self) -> None:
        self._session.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()
