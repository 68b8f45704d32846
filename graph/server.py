"""A read-only SPARQL endpoint over the store: Oxigraph's own server behind a guard that keeps queries local.

Why this shape: the ``oxigraph`` package on PyPI ships the real Oxigraph server (SPARQL 1.1 Protocol, a YASGUI
query page, a query time limit, ``serve-read-only``) built on the same storage as pyoxigraph, so the endpoint
answers exactly what ``hemakg query`` answers without a server of our own. Oxigraph does, however, run SERVICE
clauses (it calls the remote endpoint), so a small proxy on the public port refuses, before anything is
forwarded, every update and every query that could make the server reach out: SERVICE, and FROM / FROM NAMED or
protocol graph parameters naming a graph outside the HemaKG namespace. Queries are checked on rdflib's SPARQL
parse tree, so the word SERVICE inside a string literal is not mistaken for a clause.
"""

from __future__ import annotations

import ipaddress
import shutil
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyoxigraph
import requests
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue
from pyparsing import ParseResults

from .remote import GRAPH_NAMESPACE
from .store import StoreError

__all__ = ["RefusedQuery", "SparqlEndpoint", "check_query", "find_oxigraph", "is_loopback"]

QUERY_PATHS = ("/query", "/sparql")
FORWARDED_HEADERS = ("Accept", "Content-Type")


class RefusedQuery(Exception):
    """A request the read-only endpoint will not forward."""


def find_oxigraph() -> str:
    """The ``oxigraph`` server binary of this environment, checked to match pyoxigraph's storage version.

    Raises
    ------
    StoreError
        When the binary is missing or its version differs from pyoxigraph's (the on-disk format may differ).
    """
    candidate = Path(sys.executable).parent / "oxigraph"
    binary = str(candidate) if candidate.exists() else shutil.which("oxigraph")
    if binary is None:
        raise StoreError("oxigraph server not found; install it with `pip install hemakg[server]`")
    output = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30).stdout.split()
    version = output[-1] if output else "unknown"
    if version != pyoxigraph.__version__:
        raise StoreError(
            f"{binary}: oxigraph server {version} does not match pyoxigraph {pyoxigraph.__version__}; "
            f"install oxigraph=={pyoxigraph.__version__}"
        )
    return binary


def is_loopback(host: str) -> bool:
    """Whether binding ``host`` keeps the endpoint on this machine.

    Examples
    --------
    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _nodes(tree):
    """Every parse-tree node of a parsed query, depth first."""
    if isinstance(tree, CompValue):
        yield tree
        for value in dict.values(tree):
            yield from _nodes(value)
    elif isinstance(tree, (list, tuple, ParseResults)):
        for item in tree:
            yield from _nodes(item)


def _check_graph_iri(iri: str) -> None:
    if not iri.startswith(GRAPH_NAMESPACE):
        raise RefusedQuery(f"graph <{iri}> is not a HemaKG graph; this endpoint reads only local graphs")


def check_query(sparql: str, graph_parameters: list[str] = ()) -> None:
    """Refuse a query that would reach outside the store; return quietly when it is safe to run.

    Parameters
    ----------
    sparql : str
        The query text.
    graph_parameters : list of str
        ``default-graph-uri`` / ``named-graph-uri`` values of the request.

    Raises
    ------
    RefusedQuery
        For SERVICE, FROM / FROM NAMED or graph parameters naming a non-HemaKG graph, an update, or text the
        parser cannot read (refusing is the safe answer to what cannot be checked).

    Examples
    --------
    >>> check_query('SELECT ?s WHERE { ?s ?p "SERVICE <http://example.org/>" }')
    >>> try:
    ...     check_query('SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }')
    ... except RefusedQuery as refusal:
    ...     print(refusal)
    SERVICE is not allowed: this endpoint makes no outbound requests
    """
    try:
        parsed = parseQuery(sparql)
    except Exception as error:  # pyparsing raises its own exception types
        raise RefusedQuery(f"not a SPARQL query this endpoint can check ({' '.join(str(error).split())[:120]})")
    for iri in graph_parameters:
        _check_graph_iri(iri)
    for node in _nodes(parsed):
        if node.name == "ServiceGraphPattern":
            raise RefusedQuery("SERVICE is not allowed: this endpoint makes no outbound requests")
        if node.name == "DatasetClause":
            _check_graph_iri(str(node.get("default") or node.get("named")))


class _GuardHandler(BaseHTTPRequestHandler):
    """Forwards safe reads to the backend; answers 403 to everything else."""

    backend: str = ""
    timeout_s: float = 30.0
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002 - the signature is http.server's
        pass  # one line per request on stderr would drown the command's own output

    def _refuse(self, status: int, message: str) -> None:
        body = (message + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _forward(self, body: bytes | None) -> None:
        headers = {name: self.headers[name] for name in FORWARDED_HEADERS if self.headers.get(name)}
        try:
            answer = requests.request(self.command, self.backend + self.path, data=body, headers=headers,
                                      timeout=self.timeout_s + 10)
        except requests.RequestException as error:
            self._refuse(502, f"the SPARQL backend did not answer ({error.__class__.__name__})")
            return
        self.send_response(answer.status_code)
        for name in ("Content-Type", "Cache-Control"):
            if name in answer.headers:
                self.send_header(name, answer.headers[name])
        self.send_header("Content-Length", str(len(answer.content)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(answer.content)

    def _guard(self, form: dict[str, list[str]], body_query: str | None = None) -> bool:
        if "update" in form:
            self._refuse(403, "updates are refused: this endpoint is read-only")
            return False
        queries = form.get("query", []) + ([body_query] if body_query is not None else [])
        graphs = form.get("default-graph-uri", []) + form.get("named-graph-uri", [])
        if len(queries) != 1:
            self._refuse(400, "give exactly one query")
            return False
        try:
            check_query(queries[0], graphs)
        except RefusedQuery as refusal:
            self._refuse(403, str(refusal))
            return False
        return True

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        parts = urlsplit(self.path)
        if parts.path in QUERY_PATHS or parts.path == "/update":
            form = parse_qs(parts.query, keep_blank_values=True)
            if parts.path == "/update":
                form.setdefault("update", [""])
            if not self._guard(form):
                return
        self._forward(None)

    do_HEAD = do_GET

    def do_POST(self) -> None:  # noqa: N802
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if parts.path not in QUERY_PATHS:
            self._refuse(403, "updates are refused: this endpoint is read-only")
            return
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        form = parse_qs(parts.query, keep_blank_values=True)
        body_query = None
        if content_type == "application/x-www-form-urlencoded":
            for key, values in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items():
                form.setdefault(key, []).extend(values)
        elif content_type == "application/sparql-query":
            body_query = body.decode("utf-8", "replace")
        elif content_type == "application/sparql-update":
            self._refuse(403, "updates are refused: this endpoint is read-only")
            return
        else:
            self._refuse(415, f"unsupported content type {content_type or '(none)'}")
            return
        if self._guard(form, body_query):
            self._forward(body)

    def _refuse_write(self) -> None:
        self._refuse(403, "updates are refused: this endpoint is read-only")

    do_PUT = do_DELETE = do_PATCH = _refuse_write


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SparqlEndpoint:
    """Oxigraph's read-only server on a private loopback port, and the guard on the public one.

    Parameters
    ----------
    store : path
        A store directory written by pyoxigraph (``hemakg build --store DIR``).
    host, port : where the guard listens; loopback unless asked otherwise.
    timeout_s : the query time limit Oxigraph enforces.
    """

    def __init__(self, store: str | Path, host: str = "127.0.0.1", port: int = 7878, timeout_s: int = 30):
        self.store = Path(store)
        if not (self.store.is_dir() and any(self.store.iterdir())):
            raise StoreError(f"{store}: no store there (build one with `hemakg build PATH --store {store}`)")
        self.host, self.port, self.timeout_s = host, port, timeout_s
        self._process: subprocess.Popen | None = None
        self._proxy: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/"

    def start(self, wait_s: float = 30.0) -> None:
        """Start the backend, wait until it answers, then open the public port."""
        binary = find_oxigraph()
        backend_port = _free_port()
        self._process = subprocess.Popen(
            [binary, "serve-read-only", "--location", str(self.store), "--bind", f"127.0.0.1:{backend_port}",
             "--union-default-graph", "--timeout-s", str(self.timeout_s)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        backend = f"http://127.0.0.1:{backend_port}"
        deadline = time.monotonic() + wait_s
        while True:
            if self._process.poll() is not None:
                error = self._process.stderr.read().decode("utf-8", "replace").strip().splitlines()
                raise StoreError(f"{self.store}: oxigraph server stopped: {error[-1] if error else 'no message'}")
            try:
                requests.get(f"{backend}/query", params={"query": "ASK {}"}, timeout=2)
                break
            except requests.RequestException:
                if time.monotonic() > deadline:
                    self.stop()
                    raise StoreError(f"{self.store}: oxigraph server did not answer within {wait_s:.0f} s")
                time.sleep(0.1)
        handler = type("GuardHandler", (_GuardHandler,), {"backend": backend, "timeout_s": self.timeout_s})
        try:
            self._proxy = ThreadingHTTPServer((self.host, self.port), handler)
        except OSError as error:
            self.stop()
            raise StoreError(f"{self.host}:{self.port}: cannot listen there ({error.strerror})") from error
        self._proxy.daemon_threads = True
        threading.Thread(target=self._proxy.serve_forever, daemon=True).start()

    def wait(self) -> None:
        """Block until the backend stops (or Ctrl-C)."""
        if self._process is not None:
            self._process.wait()

    def stop(self) -> None:
        if self._proxy is not None:
            self._proxy.shutdown()
            self._proxy.server_close()
            self._proxy = None
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc_info):
        self.stop()
