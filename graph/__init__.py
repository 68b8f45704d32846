"""The graph side of HemaKG: store, SPARQL, validation, export, networkx projections, pyvis pages, serving.

Everything here reads RDF; nothing here parses document text or imports `hemakg.builders`.
"""

from .query import AskResult, GraphResult, QueryError, SelectResult, format_result
from .store import NamedGraph, QuadStore, StoreError, default_store_location, open_store

__all__ = [
    "AskResult",
    "GraphResult",
    "NamedGraph",
    "QuadStore",
    "QueryError",
    "SelectResult",
    "StoreError",
    "default_store_location",
    "format_result",
    "open_store",
]
