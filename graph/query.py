"""Answer SPARQL and write the answers in the formats people pass on.

Results cross module lines as `SelectResult` / `AskResult` / `GraphResult` holding rdflib terms, whichever backend
answered; the serialisers follow the W3C SPARQL 1.1 Query Results JSON, CSV and TSV formats.
The default graph of every query is the union of all named graphs.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

__all__ = [
    "QUERY_FORMATS",
    "AskResult",
    "GraphResult",
    "QueryError",
    "SelectResult",
    "format_result",
    "read_query_text",
    "run_embedded_query",
    "to_rdflib",
]

QUERY_FORMATS = ("table", "csv", "tsv", "json")


class QueryError(Exception):
    """The query is not valid SPARQL, or the store refused it."""


@dataclass(frozen=True)
class SelectResult:
    variables: list[str]
    rows: list[tuple[Node | None, ...]]

    def dicts(self) -> list[dict[str, Node]]:
        """Rows as ``{variable: term}``, unbound variables left out."""
        return [{v: t for v, t in zip(self.variables, row) if t is not None} for row in self.rows]

    def values(self, variable: str) -> list[str]:
        """The string value of one column, for quick assertions and scripts."""
        index = self.variables.index(variable)
        return [str(row[index]) for row in self.rows if row[index] is not None]


@dataclass(frozen=True)
class AskResult:
    value: bool


@dataclass(frozen=True)
class GraphResult:
    triples: list[tuple[Node, Node, Node]] = field(default_factory=list)

    def to_graph(self) -> Graph:
        graph = Graph()
        for triple in self.triples:
            graph.add(triple)
        return graph


QueryResult = Union[SelectResult, AskResult, GraphResult]


def read_query_text(query: str) -> str:
    """``@FILE`` reads the query from a file; anything else is the query itself."""
    if query.startswith("@"):
        path = Path(query[1:])
        if not path.is_file():
            raise QueryError(f"{path}: no such query file")
        return path.read_text(encoding="utf-8")
    return query


def to_rdflib(term) -> Node | None:
    """Convert a pyoxigraph term to the matching rdflib term."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise QueryError(f"unsupported term in result: {term!r}")


def run_embedded_query(store: ox.Store, sparql: str) -> QueryResult:
    """Evaluate ``sparql`` in pyoxigraph with the union of named graphs as the default graph.

    Examples
    --------
    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("1"), ox.NamedNode("urn:g")))
    >>> run_embedded_query(store, "SELECT ?o WHERE { ?s ?p ?o }").values("o")
    ['1']
    """
    failure = None
    try:
        answer = store.query(sparql, use_default_graph_as_union=True)
    except SyntaxError as error:
        failure = QueryError(f"invalid SPARQL: {error}")
    except (OSError, ValueError, RuntimeError) as error:
        failure = QueryError(f"query failed: {error}")
    if failure is not None:
        # Raised outside the handler and without this frame's store: a traceback kept by the caller must not keep
        # the store (and the lock on its directory) alive.
        del store
        raise failure
    if isinstance(answer, ox.QueryBoolean):
        return AskResult(bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        variables = [variable.value for variable in answer.variables]
        rows = [tuple(to_rdflib(solution[v]) for v in variables) for solution in answer]
        return SelectResult(variables, rows)
    return GraphResult([(to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)) for t in answer])


def _json_term(term: Node) -> dict:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    value = {"type": "literal", "value": str(term)}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype is not None:
        value["datatype"] = str(term.datatype)
    return value


def _table(result: SelectResult) -> str:
    from rich.console import Console
    from rich.table import Table

    table = Table(*result.variables, show_lines=False)
    for row in result.rows:
        table.add_row(*("" if term is None else str(term) for term in row))
    buffer = io.StringIO()
    Console(file=buffer, width=200, color_system=None, force_jupyter=False).print(table)
    return buffer.getvalue()


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """Serialise a result: ``table`` for people, W3C ``json``/``csv``/``tsv`` for programs.

    A CONSTRUCT or DESCRIBE result is written as N-Triples whatever ``fmt`` is.

    Examples
    --------
    >>> print(format_result(SelectResult(["x"], [(Literal("a"),)]), "csv").strip())
    x
    a
    """
    if fmt not in QUERY_FORMATS:
        raise QueryError(f"unknown format {fmt!r}; choose one of {', '.join(QUERY_FORMATS)}")
    if isinstance(result, GraphResult):
        return result.to_graph().serialize(format="nt")
    if isinstance(result, AskResult):
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": result.value})
        return "true\n" if result.value else "false\n"
    if fmt == "json":
        bindings = [{v: _json_term(t) for v, t in zip(result.variables, row) if t is not None} for row in result.rows]
        return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}}, ensure_ascii=False)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow(["" if t is None else str(t) for t in row])
        return buffer.getvalue()
    if fmt == "tsv":
        lines = ["\t".join("?" + v for v in result.variables)]
        for row in result.rows:
            lines.append("\t".join("" if t is None else t.n3() for t in row))
        return "\n".join(lines) + "\n"
    return _table(result)
