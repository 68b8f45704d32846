"""A synthetic corpus of any size, composed from the project's vocabulary and the four genre layouts.

Every document is drawn from its own random generator, seeded from the corpus seed and the document's number,
so a corpus of 20 documents is the first 20 of a corpus of 10,000 and the same seed always writes the same files.

Examples
--------
>>> import tempfile
>>> folder = tempfile.mkdtemp()
>>> corpus = generate_corpus(folder, documents=4, seed=7)
>>> corpus == generate_corpus(folder, documents=4, seed=7)
True
>>> len(corpus.files), corpus.bytes > 0
(4, True)
"""

from __future__ import annotations

import os
import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from hemakg.builders.vocabulary import Vocabulary, load_vocabulary

from .genres import LAYOUTS
from .phrases import Composer, Pools

__all__ = ["GENRE_WEIGHTS", "GeneratedCorpus", "generate_corpus", "compose_document", "pools_from_vocabulary"]

# Roughly what a year of collected material looks like: conference digests and interviews dominate.
GENRE_WEIGHTS = {"digest": 3, "interview": 3, "correspondence": 2, "report": 2}
_KIND_POOLS = {
    "antigens": ("antigen",),
    "genes": ("gene",),
    "therapies": ("therapy", "drug"),
    "diseases": ("disease",),
    "mechanisms": ("mechanism",),
    "adverse_events": ("adverse-event",),
    "conferences": ("conference-series",),
}


@dataclass(frozen=True)
class GeneratedCorpus:
    """Where the corpus was written, its files in order, the genre each was written as, and its size."""

    folder: Path
    files: tuple[Path, ...]
    intended: tuple[str, ...]
    bytes: int

    @property
    def genres(self) -> Counter:
        return Counter(self.intended)

    @property
    def megabytes(self) -> float:
        return self.bytes / 1e6


def pools_from_vocabulary(vocabulary: Vocabulary | None = None) -> Pools:
    """Concept labels by kind, sorted by IRI so that the same vocabulary always gives the same pools."""
    vocabulary = vocabulary or load_vocabulary()
    pools = {}
    for name, kinds in _KIND_POOLS.items():
        concepts = sorted(vocabulary.of_kind(*kinds), key=lambda c: str(c.iri))
        pools[name] = tuple((c.pref_label, tuple(c.alt_labels)) for c in concepts)
    return Pools(**pools)


def _genre_of(rng: random.Random) -> str:
    names = sorted(GENRE_WEIGHTS)
    return rng.choices(names, weights=[GENRE_WEIGHTS[n] for n in names])[0]


def compose_document(index: int, seed: int, pools: Pools, genre: str | None = None) -> tuple[str, str, str]:
    """Document ``index`` of the corpus with ``seed``: ``(file name, genre written, text)``."""
    rng = random.Random(f"hemakg-bench:{seed}:{index}")
    chosen = genre or _genre_of(rng)
    name = f"{index:06d}_{rng.getrandbits(64):016x}.txt"
    return name, chosen, LAYOUTS[chosen](Composer(rng, pools))


def generate_corpus(
    folder: str | os.PathLike, documents: int, seed: int = 1, vocabulary: Vocabulary | None = None
) -> GeneratedCorpus:
    """Write ``documents`` synthetic documents as .txt files into ``folder`` (created; existing files kept).

    Raises
    ------
    ValueError
        When the vocabulary has no concepts at all (the ontology's concept schemes are missing).
    """
    pools = pools_from_vocabulary(vocabulary)
    if len(pools.kinds_missing()) == len(vars(pools)):
        raise ValueError("ontology/*.ttl: no concepts to compose documents from (are the concept schemes there?)")
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    files, intended, size = [], [], 0
    for index in range(documents):
        name, genre, text = compose_document(index, seed, pools)
        data = text.encode("utf-8")
        path = out / name
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        files.append(path)
        intended.append(genre)
        size += len(data)
    return GeneratedCorpus(out, tuple(files), tuple(intended), size)
