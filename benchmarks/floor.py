"""The floor a build is measured against: one pyahocorasick pass of the same vocabulary over the same text.

No build can read text faster than finding its vocabulary terms once, so "the build reaches a tenth of the floor"
is a statement about everything else a build does (sentences, evidence, RDF, the store). Extraction alone and
writing alone split the gap between the builders and the store.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

import ahocorasick

from hemakg.builders.vocabulary import Vocabulary, load_vocabulary
from hemakg.graph.store import NamedGraph, open_store

__all__ = ["vocabulary_automaton", "measure_floor", "measure_extraction", "measure_writing"]


def vocabulary_automaton(vocabulary: Vocabulary | None = None) -> ahocorasick.Automaton:
    """An automaton of every label and synonym of the vocabulary, lower-cased."""
    vocabulary = vocabulary or load_vocabulary()
    automaton = ahocorasick.Automaton()
    for concept in vocabulary.concepts.values():
        for label in (concept.pref_label, *concept.alt_labels):
            key = label.strip().lower()
            if len(key) >= 2:
                automaton.add_word(key, len(key))
    automaton.make_automaton()
    return automaton


def measure_floor(files: Iterable[Path], vocabulary: Vocabulary | None = None) -> tuple[float, int, int]:
    """Read, decode, lower-case and scan every file once: ``(seconds, bytes, matches)``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("Venetoclax with azacitidine in AML.")
    >>> _, size, _ = measure_floor([folder / "a.txt"])
    >>> size
    35
    """
    automaton = vocabulary_automaton(vocabulary)
    size = matches = 0
    started = time.perf_counter()
    for path in files:
        data = Path(path).read_bytes()
        size += len(data)
        for _ in automaton.iter(data.decode("utf-8").lower()):
            matches += 1
    return time.perf_counter() - started, size, matches


def measure_extraction(files: Iterable[Path]) -> tuple[float, int, list[NamedGraph]]:
    """Build every file's document graph and its N-Triples text on one core, with no store: ``(seconds, bytes,
    graphs)``.

    Beside the floor and the end-to-end build, this says how much of the gap is the builders' own reading and how
    much is writing the store.
    """
    from hemakg.builders import build_file

    load_vocabulary()
    size, graphs = 0, []
    started = time.perf_counter()
    for path in files:
        size += Path(path).stat().st_size
        result = build_file(Path(path))
        graphs.append(NamedGraph(str(result.document.iri), result.ntriples, one_per_line=True))
    return time.perf_counter() - started, size, graphs


def measure_writing(graphs: list[NamedGraph], batch_size: int = 64) -> float:
    """Seconds to bulk-load ``graphs`` into a new store on disk, ``batch_size`` documents a write, as a first build
    does: the most a build on this store can reach however fast the builders get.

    Examples
    --------
    >>> measure_writing([NamedGraph("urn:d", "<urn:a> <urn:p> <urn:b> .\\n", one_per_line=True)]) > 0
    True
    """
    folder = Path(tempfile.mkdtemp(prefix="hemakg-writing-"))
    try:
        store = open_store(folder / "store")
        started = time.perf_counter()
        for start in range(0, len(graphs), batch_size):
            store.bulk_add_graphs(graphs[start:start + batch_size])
        store.flush()
        seconds = time.perf_counter() - started
        store.close()
        return seconds
    finally:
        shutil.rmtree(folder, ignore_errors=True)
