"""Builders turn documents into RDF: one named graph per document, every triple with its evidence sentence.

Each genre has one module exposing ``build(document) -> BuildResult``, chosen from the `BUILDERS` table.
Builders know nothing of stores or pages; they read the ontology's data files and return graphs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from . import correspondence, digest, interview, report
from .errors import BuildError, UnknownGenreError
from .genre import GENRES, detect_genre
from .reading import DOCUMENT_SUFFIXES, read_document
from .records import BuildReport, BuildResult, Document

__all__ = [
    "BUILDERS",
    "BuildError",
    "BuildReport",
    "BuildResult",
    "Document",
    "UnknownGenreError",
    "build_document",
    "build_file",
    "detect_genre",
    "read_document",
    "DOCUMENT_SUFFIXES",
]

BUILDERS: dict[str, Callable[[Document], BuildResult]] = {
    "digest": digest.build,
    "interview": interview.build,
    "correspondence": correspondence.build,
    "report": report.build,
}
assert set(BUILDERS) == set(GENRES)


def build_document(document: Document, genre: str | None = None) -> BuildResult:
    """Build one document with the builder of its genre (detected from its structure unless given).

    Raises
    ------
    UnknownGenreError
        When ``genre`` names no builder.
    """
    chosen = genre or detect_genre(document.text)
    if chosen not in BUILDERS:
        raise UnknownGenreError(document.source, f"unknown genre {chosen!r}; choose one of {', '.join(BUILDERS)}")
    return BUILDERS[chosen](document)


def build_file(path: Path, genre: str | None = None) -> BuildResult:
    """Read and build one file; raises `BuildError` with a one-line reason when the file is not a document."""
    return build_document(read_document(Path(path)), genre)
