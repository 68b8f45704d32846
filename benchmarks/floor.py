"""The floor a build is measured against: one pyahocorasick pass of the same vocabulary over the same text.

No build can read text faster than finding its vocabulary terms once, so "the build reaches a tenth of the floor"
is a statement about everything else a build does (sentences, evidence, RDF, the store).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path

import ahocorasick

from hemakg.builders.vocabulary import Vocabulary, load_vocabulary

__all__ = ["vocabulary_automaton", "measure_floor", "measure_extraction"]


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


def measure_extraction(files: Iterable[Path]) -> tuple[float, int, int]:
    """Build every file's document graph and its N-Triples text on one core, with no store: ``(seconds, bytes,
    quads)``.

    Beside the floor and the end-to-end build, this says how much of the gap is the builders' own reading and how
    much is writing the store.
    """
    from hemakg.builders import build_file

    load_vocabulary()
    size = quads = 0
    started = time.perf_counter()
    for path in files:
        size += Path(path).stat().st_size
        quads += build_file(Path(path)).ntriples.count("\n")
    return time.perf_counter() - started, size, quads
