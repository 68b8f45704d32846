"""The questions people ask of the graph, kept as ``queries/*.rq`` files shared by the CLI, notebooks and tests.

Each file opens with comment lines that say what it is::

    # title: Experts of an institution
    # answers: Who is affiliated with an institution or one of its departments?
    # param: institution (name, part of a name, or IRI of the institution)

and marks each parameter in the query as ``$name`` (a SPARQL variable, so the file stays valid SPARQL). Running it
replaces every ``$name`` outside strings, IRIs and comments with the value written as a SPARQL term: an IRI when
the value is one (``<…>``, ``http(s)://…``, ``urn:…``), else an escaped string literal. A value never becomes
query syntax.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .store import QuadStore

__all__ = [
    "PLAIN_QUERY_DIR",
    "QUERY_DIR",
    "QueryParam",
    "SavedQuery",
    "SavedQueryError",
    "bind_parameters",
    "get_saved_query",
    "list_saved_queries",
    "load_saved_query",
    "run_saved_query",
    "sparql_term",
]

QUERY_DIR = Path(__file__).resolve().parent / "queries"
# The straightforward shape of each query that was reshaped for pyoxigraph's planner: the reference the reshaped
# file must answer exactly, and the better shape for stores whose planners differ (rdflib's, for one).
PLAIN_QUERY_DIR = QUERY_DIR / "plain"

_HEADER = re.compile(r"#\s*(title|answers|param)\s*:\s*(.*)")
_PARAM = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*\((.*)\)\s*$")
# Strings, IRIs and comments are copied as they are; only a $name outside them is a parameter.
_TOKENS = re.compile(
    r'("""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r'|<[^<>"{}|^`\\\s]*>|#[^\n]*)'
    r"|\$([A-Za-z_][A-Za-z0-9_]*)"
)
_IRI = re.compile(r'^(?:<([^<>"{}|^`\\\s]+)>|((?:https?://|urn:)[^<>"{}|^`\\\s]+))$')
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


class SavedQueryError(Exception):
    """A saved query is unknown, malformed, or was given the wrong parameters."""


@dataclass(frozen=True)
class QueryParam:
    name: str
    description: str


@dataclass(frozen=True)
class SavedQuery:
    name: str
    title: str
    answers: str
    params: tuple[QueryParam, ...]
    text: str
    path: Path


def load_saved_query(path: Path) -> SavedQuery:
    """Read one ``.rq`` file and its header; a header without title or answers is an error naming the file."""
    text = Path(path).read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    params: list[QueryParam] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if not match:
            continue
        key, value = match.groups()
        if key == "param":
            param = _PARAM.match(value)
            if not param:
                raise SavedQueryError(f"{path}: write a parameter as '# param: NAME (description)', not {value!r}")
            params.append(QueryParam(*param.groups()))
        else:
            fields[key] = value.strip()
    missing = [key for key in ("title", "answers") if key not in fields]
    if missing:
        raise SavedQueryError(f"{path}: the header lacks '# {missing[0]}: …'")
    return SavedQuery(Path(path).stem, fields["title"], fields["answers"], tuple(params), text, Path(path))


def list_saved_queries(directory: Path = QUERY_DIR) -> list[SavedQuery]:
    """Every saved query, by name."""
    return [load_saved_query(path) for path in sorted(Path(directory).glob("*.rq"))]


def get_saved_query(name: str, directory: Path = QUERY_DIR) -> SavedQuery:
    path = Path(directory) / f"{name}.rq"
    if not path.is_file():
        known = ", ".join(query.name for query in list_saved_queries(directory))
        raise SavedQueryError(f"unknown saved query {name!r}; choose one of {known}")
    return load_saved_query(path)


def sparql_term(value: str) -> str:
    """Write a parameter value as a SPARQL term: an IRI if it is one, else an escaped string literal.

    Examples
    --------
    >>> sparql_term("https://w3id.org/hemakg/id/antigen/cd7")
    '<https://w3id.org/hemakg/id/antigen/cd7>'
    >>> print(sparql_term('CD7" } DROP ALL #'))
    "CD7\\" } DROP ALL #"
    """
    iri = _IRI.match(value.strip())
    if iri:
        return f"<{iri.group(1) or iri.group(2)}>"
    return '"' + "".join(_ESCAPES.get(char, char) for char in value) + '"'


def bind_parameters(query: SavedQuery, values: Mapping[str, str]) -> str:
    """The query text with every ``$name`` replaced by its value; missing or unknown names are errors."""
    declared = {param.name for param in query.params}
    unknown = sorted(set(values) - declared)
    if unknown:
        expected = ", ".join(sorted(declared)) or "none"
        raise SavedQueryError(f"{query.name}: unknown parameter {unknown[0]!r} (parameters: {expected})")
    for param in query.params:
        if param.name not in values:
            raise SavedQueryError(f"{query.name}: missing --param {param.name}=… ({param.description})")

    def replace(match: re.Match) -> str:
        if match.group(2) is None:
            return match.group(1)
        if match.group(2) not in declared:
            raise SavedQueryError(f"{query.path}: ${match.group(2)} is not declared with '# param:'")
        return sparql_term(values[match.group(2)])

    return _TOKENS.sub(replace, query.text)


def run_saved_query(store: QuadStore, name: str, values: Mapping[str, str] | None = None,
                    directory: Path = QUERY_DIR):
    """Run a saved query by name (from ``directory``: `PLAIN_QUERY_DIR` for the plain shape); returns a
    `hemakg.graph.query` result.

    Examples
    --------
    >>> from hemakg.graph.store import NamedGraph, open_store
    >>> store = open_store("memory")
    >>> doc, a = "<https://w3id.org/hemakg/id/document/d>", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    >>> store.replace_graphs([NamedGraph(doc[1:-1], f"{doc} {a} <https://w3id.org/hemakg/ontology#Document> .")])
    >>> run_saved_query(store, "documents_with_studies").values("document")
    ['https://w3id.org/hemakg/id/document/d']
    """
    return store.query(bind_parameters(get_saved_query(name, directory), values or {}))
