"""The HemaKG ontology: OWL vocabulary, SHACL shapes and SKOS concept schemes, as data files.

This module only says where the files are and which namespaces they use; the files themselves are the ontology.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Namespace
from rdflib.namespace import RDF, SKOS

__all__ = [
    "ONTOLOGY_DIR",
    "ONTOLOGY_FILE",
    "SHAPES_FILE",
    "CONCEPT_SCHEME_FILES",
    "HK",
    "HKID",
    "HKSH",
    "ONTOLOGY_GRAPH",
    "VOCABULARY_GRAPH",
    "NAMING_PREDICATES",
]

ONTOLOGY_DIR = Path(__file__).resolve().parent
ONTOLOGY_FILE = ONTOLOGY_DIR / "hemakg.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
CONCEPT_SCHEME_FILES = tuple(
    ONTOLOGY_DIR / name
    for name in (
        "antigens.ttl",
        "genes.ttl",
        "therapies.ttl",
        "diseases.ttl",
        "mechanisms.ttl",
        "adverse_events.ttl",
        "conferences.ttl",
    )
)


class _RememberingNamespace(Namespace):
    """A namespace whose ``NS.term`` is made once: builders name the same few terms millions of times in a build."""

    def __getattr__(self, name: str):
        term = super().__getattr__(name)
        self.__dict__[name] = term
        return term


HK = _RememberingNamespace("https://w3id.org/hemakg/ontology#")
HKID = Namespace("https://w3id.org/hemakg/id/")
HKSH = _RememberingNamespace("https://w3id.org/hemakg/shapes#")
ONTOLOGY_GRAPH = "https://w3id.org/hemakg/graph/ontology"
VOCABULARY_GRAPH = "https://w3id.org/hemakg/graph/vocabulary"

# The provenance convention the builders write and the graph reads: a statement naming an entity (these predicates,
# and a document's hk:mentions of it, whose object is the entity) is backed by the entity's hk:mentionedIn links to
# the sentences of that document; every other statement by an hk:Evidence node.
NAMING_PREDICATES = frozenset({RDF.type, SKOS.prefLabel, SKOS.altLabel})
