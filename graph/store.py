"""Where the quads live: the one seam that chooses a backend.

`open_store` is the only place a backend is chosen. The embedded default is pyoxigraph on disk (or in memory); a
SPARQL server reached over HTTP is the scale-out option (`hemakg.graph.remote`). Both answer the same `QuadStore`
protocol, and an operation a backend cannot do raises instead of doing nothing.

Every write replaces whole named graphs inside one transaction, so a document is either entirely the new version
or entirely the old one, and a failed build never leaves half a document behind.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

import pyoxigraph as ox
from rdflib import Graph

__all__ = [
    "DEFAULT_STORE",
    "STORE_ENV_VAR",
    "NamedGraph",
    "QuadStore",
    "EmbeddedStore",
    "StoreError",
    "default_store_location",
    "open_store",
]

DEFAULT_STORE = "hemakg-store"
STORE_ENV_VAR = "HEMAKG_STORE"


class StoreError(Exception):
    """A store could not be opened, read or written."""


@dataclass(frozen=True)
class NamedGraph:
    """The triples of one named graph, ready to replace what the store holds under that name.

    ``ntriples`` is N-Triples text (blank-node free): it is what every backend accepts, from pyoxigraph's SPARQL
    update to a Graph Store Protocol PUT. ``one_per_line`` vouches that the text is exactly one ``s p o .``
    statement per line (as the builders' emitter writes it), which spares re-checking megabytes of text before
    turning it into N-Quads.
    """

    iri: str
    ntriples: str
    one_per_line: bool = False

    @classmethod
    def from_rdflib(cls, graph: Graph, iri: str | None = None) -> "NamedGraph":
        """Serialise an rdflib graph; its identifier names the graph unless ``iri`` is given.

        Examples
        --------
        >>> from rdflib import Literal, URIRef
        >>> g = Graph(identifier=URIRef("urn:g"))
        >>> _ = g.add((URIRef("urn:a"), URIRef("urn:p"), Literal('say "hi"\\n', lang="en")))
        >>> NamedGraph.from_rdflib(g).ntriples
        '<urn:a> <urn:p> "say \\\\"hi\\\\"\\\\n"@en .\\n'
        """
        name = iri or str(graph.identifier)
        return cls(iri=name, ntriples=graph.serialize(format="nt", encoding="utf-8").decode("utf-8"))

    def nquads(self) -> str | None:
        """The triples as N-Quads in this graph (``None`` when the text is not one statement per line)."""
        text = self.ntriples if self.ntriples.endswith("\n") else self.ntriples + "\n"
        if not text.strip() or (not self.one_per_line and _IRREGULAR_LINE.search(text)):
            return None
        return text.replace(" .\n", f" <{self.iri}> .\n")


# A newline not preceded by " ." : the text is not plain "s p o ." lines (blank lines, comments, other spacing).
_IRREGULAR_LINE = re.compile(r"(?<! \.)\n")


@runtime_checkable
class QuadStore(Protocol):
    """What every backend does. Anything else is backend-specific and raises where unsupported."""

    location: str

    def replace_graphs(self, graphs: Iterable[NamedGraph]) -> None:
        """Replace each named graph with the given triples, all in one transaction."""
        ...

    def remove_graphs(self, iris: Iterable[str]) -> None:
        """Drop these named graphs."""
        ...

    def named_graphs(self) -> list[str]:
        """IRIs of the named graphs the store holds."""
        ...

    def query(self, sparql: str):
        """Run a SPARQL query over the union of all graphs; returns a `hemakg.graph.query` result."""
        ...

    def dump_nquads(self) -> str:
        """Every quad as N-Quads text."""
        ...

    def close(self) -> None:
        """Release the store (an embedded store holds a lock on its directory until closed)."""
        ...

    def __enter__(self): ...

    def __exit__(self, *exc_info): ...


def default_store_location() -> str:
    """``$HEMAKG_STORE`` when set, else ``./hemakg-store``."""
    return os.environ.get(STORE_ENV_VAR) or DEFAULT_STORE


def open_store(location: str | os.PathLike | None = None, *, create: bool = True, **remote_options) -> QuadStore:
    """Open the store at ``location``: ``"memory"``, an ``http(s)://`` SPARQL endpoint, or a directory.

    Parameters
    ----------
    location : str or path, optional
        Defaults to `default_store_location()`.
    create : bool
        For a directory: create it when missing. With ``False`` a missing store is an error, which is what read-only
        commands want (a typo in ``--store`` must not answer "no results" from a fresh empty store).
    remote_options
        ``graph_store`` and ``auth`` for a SPARQL server (see `hemakg.graph.remote.RemoteStore`).

    Examples
    --------
    >>> store = open_store("memory")
    >>> store.replace_graphs([NamedGraph("urn:g", '<urn:a> <urn:p> "1" .\\n')])
    >>> store.named_graphs()
    ['urn:g']
    """
    where = str(location) if location is not None else default_store_location()
    if where == "memory":
        return EmbeddedStore(None)
    if where.startswith(("http://", "https://")):
        from .remote import RemoteStore

        return RemoteStore(where, **remote_options)
    if remote_options:
        raise StoreError(f"{where}: --graph-store and --auth apply only to a SPARQL server URL")
    path = Path(where)
    if not create and not path.exists():
        raise StoreError(f"{where}: no store there (build one with `hemakg build PATH --store {where}`)")
    if path.exists() and not path.is_dir():
        raise StoreError(f"{where}: is a file, not a store directory")
    return EmbeddedStore(path)


class EmbeddedStore:
    """pyoxigraph's store, on disk or in memory.

    pyoxigraph rather than rdflib's memory store: on a million quads it loads ten times faster and answers
    document-scoped joins in milliseconds where rdflib takes tens of seconds (benchmarks/ measures both).
    """

    def __init__(self, path: Path | None):
        self.location = str(path) if path is not None else "memory"
        try:
            self._store = ox.Store(str(path)) if path is not None else ox.Store()
        except OSError as error:  # another process holds the lock, or the directory is not a store
            raise StoreError(f"{self.location}: cannot open the store ({error})") from error

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store, for the graph/ modules that need its native API."""
        return self._store

    def replace_graphs(self, graphs: Iterable[NamedGraph]) -> None:
        parts = []
        for graph in graphs:
            parts.append(f"DROP SILENT GRAPH <{graph.iri}> ;")
            if graph.ntriples.strip():
                parts.append(f"INSERT DATA {{ GRAPH <{graph.iri}> {{\n{graph.ntriples}\n}} }} ;")
        if not parts:
            return
        update = "\n".join(parts).rstrip(" ;")
        try:
            self._store.update(update)
        except (SyntaxError, OSError, ValueError) as error:
            raise StoreError(f"{self.location}: write refused, nothing was changed ({error})") from error

    def bulk_add_graphs(self, graphs: Iterable[NamedGraph]) -> None:
        """Add graphs the store does not hold yet, about three times faster than `replace_graphs`, but not atomic.

        For a first build: a failure part-way can leave some of these graphs partly written, so callers write a
        completion mark (the pipeline's ``hk:builtWith``) with `replace_graphs`-style transactions afterwards and
        treat a graph without it as not built.
        """
        batch, others = [], []
        for graph in graphs:
            quads = graph.nquads()
            if quads is None:
                others.append(graph)
            else:
                batch.append(quads)
        try:
            if batch:
                self._store.bulk_load("".join(batch).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
            for graph in others:
                if graph.ntriples.strip():
                    self._store.bulk_load(graph.ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES,
                                          to_graph=ox.NamedNode(graph.iri))
        except (SyntaxError, OSError, ValueError) as error:
            raise StoreError(f"{self.location}: bulk write failed part-way ({error})") from error

    def add_quads_text(self, nquads: str) -> None:
        """Add N-Quads text in one transaction (small writes, such as completion marks)."""
        try:
            self._store.load(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
        except (SyntaxError, OSError, ValueError) as error:
            raise StoreError(f"{self.location}: write refused, nothing was changed ({error})") from error

    def remove_graphs(self, iris: Iterable[str]) -> None:
        update = " ;\n".join(f"DROP SILENT GRAPH <{iri}>" for iri in iris)
        if update:
            self._store.update(update)

    def named_graphs(self) -> list[str]:
        return sorted(graph.value for graph in self._store.named_graphs())

    def quads(self, graph_iri: str | None = None) -> Iterator[ox.Quad]:
        """Quads of one named graph, or of every graph."""
        graph = ox.NamedNode(graph_iri) if graph_iri else None
        return iter(self._store.quads_for_pattern(None, None, None, graph))

    def query(self, sparql: str):
        from .query import run_embedded_query

        return run_embedded_query(self._store, sparql)

    def dump_nquads(self) -> str:
        return self._store.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8")

    def flush(self) -> None:
        if self.location != "memory":
            self._store.flush()

    def close(self) -> None:
        if self._store is not None:
            self.flush()
            self._store = None

    def __len__(self) -> int:
        return len(self._store)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()
