"""Files → builders → store: the one module that joins the two sides.

A build reads every file, builds each document's graph in memory, checks it, and only then replaces that
document's named graph in one store transaction. A rejected file is reported and skipped; whatever the store held
for it stays as it was. Unchanged documents (same content hash, same builder fingerprint) are skipped.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from hemakg import __version__
from hemakg.builders import DOCUMENT_SUFFIXES, BuildError, BuildReport, build_file
from hemakg.builders.iri import document_iri
from hemakg.builders.reading import content_hash, document_slug
from hemakg.builders.vocabulary import load_vocabulary
from hemakg.graph.store import NamedGraph, QuadStore
from hemakg.ontology import CONCEPT_SCHEME_FILES, HK, ONTOLOGY_FILE, ONTOLOGY_GRAPH, VOCABULARY_GRAPH

__all__ = ["BuildSummary", "Rejection", "collect_files", "build_into_store", "builder_fingerprint"]


@dataclass(frozen=True)
class Rejection:
    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass
class BuildSummary:
    """What a build did, for the closing summary and the quality report."""

    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    genres: Counter = field(default_factory=Counter)
    entities_per_class: Counter = field(default_factory=Counter)
    relations: int = 0
    unplaced_mentions: dict[str, list[str]] = field(default_factory=dict)
    unresolved_names: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.rejected


def builder_fingerprint() -> str:
    """Changes whenever the builders or the vocabulary could read a document differently."""
    digest = hashlib.sha256(__version__.encode())
    builder_dir = Path(build_file.__code__.co_filename).resolve().parent
    for path in sorted(builder_dir.glob("*.py")) + sorted(CONCEPT_SCHEME_FILES):
        if path.exists():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def collect_files(paths: Iterable[str | os.PathLike]) -> tuple[list[Path], list[Rejection]]:
    """Expand folders to the documents inside them (sorted); a missing path is a rejection, not a crash."""
    files: list[Path] = []
    rejected: list[Rejection] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES)
            if not found:
                rejected.append(Rejection(str(path), f"no documents ({', '.join(DOCUMENT_SUFFIXES)}) in this folder"))
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            rejected.append(Rejection(str(path), "no such file or directory"))
    return files, rejected


@dataclass(frozen=True)
class _Extracted:
    """One built document as it crosses back from a worker: N-Triples text rather than an rdflib graph.

    Pickling an rdflib graph costs more than building it; the text is what the store reads anyway.
    """

    source: str
    iri: str
    genre: str
    report: BuildReport
    graph: NamedGraph


def _build_one(args: tuple[str, str | None, bool]) -> _Extracted | Rejection:
    path, genre, validate = args
    try:
        result = build_file(Path(path), genre)
    except BuildError as error:
        return Rejection(error.source, error.reason)
    if validate:
        from hemakg.graph.validation import validate_graph

        report = validate_graph(result.graph)
        if not report.conforms:
            first = next((line.strip() for line in report.text.splitlines() if "Message:" in line), "")
            return Rejection(result.document.source,
                             f"does not conform to the shapes ({report.violations} violation(s); {first})")
    return _Extracted(result.document.source, str(result.document.iri), result.genre, result.report,
                      NamedGraph(str(result.document.iri), result.ntriples, one_per_line=True))


def _build_many(tasks: list[tuple[str, str | None]]) -> list[_Extracted | Rejection]:
    return [_build_one(task) for task in tasks]


def _unchanged(path: Path, stored: dict[str, tuple[str, str]], fingerprint: str) -> bool:
    """Whether the store holds this document as it is on disk, built by these builders.

    Only the bytes are hashed: decoding and checking a changed or bad file is the builder's job, done once there.
    """
    try:
        data = path.read_bytes()
    except OSError:
        return False  # the builder reports why it cannot be read
    return stored.get(str(document_iri(document_slug(path)))) == (content_hash(data), fingerprint)


def _stored_fingerprints(store: QuadStore) -> dict[str, tuple[str, str]]:
    result = store.query(
        "PREFIX hk: <https://w3id.org/hemakg/ontology#> SELECT ?d ?h ?f WHERE { GRAPH ?d { ?d a hk:Document ; "
        "hk:contentHash ?h . OPTIONAL { ?d hk:builtWith ?f } } }"
    )
    return {str(row[0]): (str(row[1]), str(row[2]) if row[2] is not None else "") for row in result.rows}


def _vocabulary_graph(store: QuadStore) -> NamedGraph:
    """SKOS descriptions of the concepts that documents in the store mention, and nothing more.

    Concepts no document names stay out, so that "which antigens are in the graph" means "in the documents".
    """
    vocabulary = load_vocabulary()
    result = store.query(
        "PREFIX hk: <https://w3id.org/hemakg/ontology#> SELECT DISTINCT ?c WHERE { GRAPH ?d { ?d hk:mentions ?c } }"
    )
    graph = Graph(identifier=URIRef(VOCABULARY_GRAPH))
    used = {URIRef(str(row[0])) for row in result.rows}
    for concept in sorted(used):
        for triple in vocabulary.description(concept):
            _, predicate, obj = triple
            if predicate in (SKOS.broader, HK.targets, HK.hasComponent) and obj not in used:
                continue  # keep the graph closed over what the documents name
            graph.add(triple)
        if (concept, RDF.type, None) not in graph and concept in vocabulary.concepts:
            graph.add((concept, RDF.type, SKOS.Concept))
    return NamedGraph.from_rdflib(graph)


def _ontology_graph() -> NamedGraph:
    graph = Graph(identifier=URIRef(ONTOLOGY_GRAPH))
    if ONTOLOGY_FILE.exists():
        graph.parse(ONTOLOGY_FILE, format="turtle")
    return NamedGraph.from_rdflib(graph)


def _results(files: list[Path], genre: str | None, jobs: int, validate: bool) -> Iterator[_Extracted | Rejection]:
    """Built documents in file order; with ``jobs`` > 1 from worker processes, a few chunks ahead of the caller.

    Only a bounded number of chunks is in flight, so results never pile up in memory while the store is written.
    """
    tasks = [(str(path), genre, validate) for path in files]
    if jobs <= 1 or len(tasks) < 8:
        yield from map(_build_one, tasks)
        return
    load_vocabulary()  # parsed once here; forked workers inherit it instead of each parsing the schemes
    size = max(1, min(32, len(tasks) // (jobs * 4)))
    chunks = iter([tasks[i:i + size] for i in range(0, len(tasks), size)])
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        in_flight = deque(pool.submit(_build_many, chunk) for chunk in islice(chunks, jobs * 3))
        while in_flight:
            done = in_flight.popleft().result()
            following = next(chunks, None)
            if following is not None:
                in_flight.append(pool.submit(_build_many, following))
            yield from done


class _Writer:
    """Writes built documents in batches, each marked with the builder fingerprint that built it.

    A document the store already holds is replaced in one transaction with its mark (atomic per document). A new
    document goes in by the store's bulk loader when it has one, which is several times faster but not atomic; its
    mark follows in a transaction of its own once the bulk write has succeeded, so a document cut short by a crash
    has no mark, does not count as built, and is replaced on the next build.
    """

    def __init__(self, store: QuadStore, fingerprint: str):
        self.store = store
        self.fingerprint = fingerprint
        self.bulk = callable(getattr(store, "bulk_add_graphs", None))
        self.present = set(store.named_graphs()) if self.bulk else set()
        self.pending: list[NamedGraph] = []

    def __len__(self) -> int:
        return len(self.pending)

    def _mark(self, iri: str) -> str:
        return f'<{iri}> <{HK.builtWith}> "{self.fingerprint}" .\n'

    def add(self, graph: NamedGraph) -> None:
        self.pending.append(graph)

    def flush(self) -> None:
        new = [g for g in self.pending if self.bulk and g.iri not in self.present]
        old = [g for g in self.pending if not (self.bulk and g.iri not in self.present)]
        if old:
            self.store.replace_graphs(
                [NamedGraph(g.iri, g.ntriples.rstrip("\n") + "\n" + self._mark(g.iri)) for g in old]
            )
        if new:
            try:
                self.store.bulk_add_graphs(new)
            except Exception:
                # The bulk loader is not atomic: take back whatever part of these new graphs it wrote.
                self.store.remove_graphs(g.iri for g in new)
                raise
            self.store.add_quads_text("".join(self._mark(g.iri).replace(" .\n", f" <{g.iri}> .\n") for g in new))
            self.present.update(g.iri for g in new)
        self.pending.clear()


def build_into_store(
    paths: Iterable[str | os.PathLike],
    store: QuadStore,
    *,
    genre: str | None = None,
    jobs: int = 1,
    force: bool = False,
    validate: bool = False,
    batch_size: int = 64,
    on_progress: Callable[[str], None] | None = None,
    on_start: Callable[[int], None] | None = None,
) -> BuildSummary:
    """Build every document under ``paths`` into ``store``.

    Parameters
    ----------
    paths : files or folders
    store : the target (embedded or remote)
    genre : force one genre for all files instead of detecting it
    jobs : worker processes for extraction (CPU-bound Python, so processes rather than threads)
    force : rebuild documents even when their content and the builders are unchanged
    validate : check each document's graph against the SHACL shapes before writing it, rejecting one that does not
        conform (pyshacl takes about a second per document, so this is for curated builds, not bulk loads)
    batch_size : documents written per store write
    on_progress : called with each file's name once it is done (progress bars)
    on_start : called once with the number of files found

    Returns
    -------
    BuildSummary
        ``ok`` is false when any file was rejected.
    """
    files, rejected = collect_files(paths)
    summary = BuildSummary(rejected=list(rejected))
    if on_start:
        on_start(len(files))
    fingerprint = builder_fingerprint()
    stored = {} if force else _stored_fingerprints(store)
    writer = _Writer(store, fingerprint)

    to_build = []
    for path in files:
        if stored and _unchanged(path, stored, fingerprint):
            summary.skipped.append(str(path))
            if on_progress:
                on_progress(path.name)
            continue
        to_build.append(path)

    seen_iris: dict[str, str] = {}
    for outcome in _results(to_build, genre, jobs, validate):
        if isinstance(outcome, Rejection):
            summary.rejected.append(outcome)
            if on_progress:
                on_progress(Path(outcome.source).name)
            continue
        source, iri = outcome.source, outcome.iri
        if iri in seen_iris:
            summary.rejected.append(
                Rejection(source, f"same document name as {seen_iris[iri]}; rename one of them")
            )
        else:
            seen_iris[iri] = source
            writer.add(outcome.graph)
            summary.built.append(source)
            summary.genres[outcome.genre] += 1
            summary.entities_per_class.update(outcome.report.entities_per_class)
            summary.relations += outcome.report.relations
            if outcome.report.unplaced_mentions:
                summary.unplaced_mentions[source] = outcome.report.unplaced_mentions
            if outcome.report.unresolved_names:
                summary.unresolved_names[source] = outcome.report.unresolved_names
        if len(writer) >= batch_size:
            writer.flush()
        if on_progress:
            on_progress(Path(source).name)
    writer.flush()
    if summary.built or not store.named_graphs():
        store.replace_graphs([_ontology_graph(), _vocabulary_graph(store)])
    return summary
