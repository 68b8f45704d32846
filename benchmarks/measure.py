"""One benchmark run: corpus, floor, build and re-build, load, used-by queries, projection and page, memory.

Everything is measured in the same run so that the ratios hold even when the machine's absolute speed drifts.
The rdflib side (load and queries, each stopped at the cap) runs in a process of its own alongside the later
pyoxigraph measurements, which keeps a run at 10,000 documents inside its time box; both are single-threaded.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from hemakg.graph.store import open_store

from .corpus import generate_corpus
from .engines import run_oxigraph_query
from .floor import measure_extraction, measure_floor, measure_writing
from .loadfile import write_quads_files
from .pages import measure_projection_and_page
from .queries import QUERIES, choose_parameters, shapes_of
from .report import BenchmarkReport, Row, ratio, seconds, stopped_or_seconds

__all__ = ["BenchmarkConfig", "run_benchmark"]

BENCH_DIR = Path(__file__).resolve().parent
EXTRACTION_SAMPLE = 200


@dataclass(frozen=True)
class BenchmarkConfig:
    docs: int = 10_000
    seed: int = 1
    out: Path = BENCH_DIR / "results"
    corpus: Path | None = None  # default: benchmarks/corpus/<docs>-<seed>
    jobs: int = os.cpu_count() or 1
    cap: float = 120.0
    load_quads: int = 1_000_000
    page_quads: int = 1_000_000  # the cut of the corpus graph the page is projected from: enough for page_nodes
    page_nodes: int = 5000
    whole_corpus_queries: bool = True
    rdflib_parallel: int = 4  # rdflib queries at once, each timed by its own CPU time
    build_only: bool = False  # corpus, floor, extraction, build, re-build and memory; no queries or pages
    browser: bool = True

    @property
    def corpus_dir(self) -> Path:
        return self.corpus or BENCH_DIR / "corpus" / f"{self.docs}-{self.seed}"


class _RdflibRun:
    """rdflib's load and queries in a background process; its load is stopped at the cap from here."""

    def __init__(self, nquads: Path, params: dict, cap: float, parallel: int):
        command = [sys.executable, "-m", "benchmarks.engines", "rdflib", "--source", str(nquads),
                   "--params", json.dumps(params), "--cap", str(cap), "--parallel", str(parallel)]
        for name in QUERIES:
            command += ["--query", name]
        self.cap = cap
        self.steps: dict[str, dict] = {}
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                        cwd=BENCH_DIR.parent)
        self._loaded = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._watch = threading.Thread(target=self._stop_slow_load, daemon=True)
        self._watch.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            step = json.loads(line)
            self.steps[step["step"]] = step
            if step["step"] == "load":
                self._loaded.set()

    def _stop_slow_load(self) -> None:
        if not self._loaded.wait(self.cap) and self.process.poll() is None:
            self.process.kill()

    def finish(self) -> dict[str, dict]:
        self.process.wait()
        self._reader.join()
        if self.process.returncode not in (0, -9) and "load" in self.steps:
            raise RuntimeError(f"rdflib run failed: {self.process.stderr.read().strip()[-300:]}")
        return self.steps


def _timed(function):
    started = time.perf_counter()
    value = function()
    return time.perf_counter() - started, value


def _build(config: BenchmarkConfig, store_dir: Path) -> dict:
    command = [sys.executable, "-m", "benchmarks.buildrun", "--corpus", str(config.corpus_dir),
               "--store", str(store_dir), "--jobs", str(config.jobs)]
    finished = subprocess.run(command, capture_output=True, text=True, cwd=BENCH_DIR.parent, check=False)
    if finished.returncode != 0:
        raise RuntimeError(f"benchmark build failed: {finished.stderr.strip()[-500:]}")
    return json.loads(finished.stdout.strip().splitlines()[-1])


def run_benchmark(config: BenchmarkConfig, command: str = "python -m benchmarks",
                  progress=lambda message: None) -> BenchmarkReport:
    """Run every measurement once and return the table (also written as markdown under ``config.out``)."""
    out = Path(config.out)
    out.mkdir(parents=True, exist_ok=True)
    cap = config.cap

    progress(f"writing {config.docs} documents to {config.corpus_dir}")
    generation, corpus = _timed(lambda: generate_corpus(config.corpus_dir, config.docs, config.seed))
    megabytes = corpus.megabytes
    genres = ", ".join(f"{count} {name}" for name, count in sorted(corpus.genres.items()))
    report = BenchmarkReport(
        command, f"{config.docs:,} synthetic documents (seed {config.seed}; {genres}), {megabytes:.1f} MB, "
        f"written in {seconds(generation)}")

    progress("floor: one Aho-Corasick pass")
    floor_seconds, _, _ = measure_floor(corpus.files)

    sample = corpus.files[:: max(1, len(corpus.files) // EXTRACTION_SAMPLE)][:EXTRACTION_SAMPLE]
    progress(f"extraction alone, {len(sample)} documents on one core")
    extraction_seconds, extraction_bytes, sample_graphs = measure_extraction(sample)
    extraction_quads = sum(graph.ntriples.count("\n") for graph in sample_graphs)
    progress(f"writing alone, the same {len(sample)} documents into a new store")
    writing_seconds = measure_writing(sample_graphs)
    floor_rate = megabytes / floor_seconds

    progress(f"build with {config.jobs} worker processes, then re-build")
    store_dir = out / "store"
    shutil.rmtree(store_dir, ignore_errors=True)
    built = _build(config, store_dir)
    first = built["first"]["seconds"]
    report.rows.append(Row(
        f"build, first ({built['first']['built']:,} built, {len(built['first']['rejected'])} rejected, "
        f"{built['quads']:,} quads, jobs={config.jobs})",
        f"{megabytes / first:.2f} MB/s, {config.docs / first:.1f} docs/s ({seconds(first)})",
        f"floor (Aho-Corasick, 1 core): {megabytes / floor_seconds:.1f} MB/s, {config.docs / floor_seconds:.0f} docs/s",
        f"{floor_seconds / first:.3f} of the floor", "≥ 0.1"))
    extraction_rate = extraction_bytes / 1e6 / extraction_seconds
    report.rows.append(Row(
        f"extraction alone, no store ({len(sample)} documents spread over the corpus, 1 core, "
        f"{extraction_quads / len(sample):,.0f} quads a document)",
        f"{extraction_rate:.2f} MB/s, {len(sample) / extraction_seconds:.1f} docs/s",
        f"floor: {floor_rate:.1f} MB/s", f"{extraction_rate / floor_rate:.3f} of the floor", ""))
    writing_rate = extraction_bytes / 1e6 / writing_seconds
    report.rows.append(Row(
        f"writing alone, no extraction (the same {len(sample)} documents bulk-loaded into a new store on disk, "
        "64 a write)",
        f"{writing_rate:.2f} MB/s, {len(sample) / writing_seconds:.1f} docs/s",
        f"floor: {floor_rate:.1f} MB/s", f"{writing_rate / floor_rate:.3f} of the floor", ""))
    again = built["rebuild"]
    report.rows.append(Row(
        f"re-build, unchanged ({again['skipped']:,} skipped, {again['built']:,} built)", seconds(again["seconds"]),
        f"first build: {seconds(first)}", f"{again['seconds'] / first:.3f} of the first", "< 0.1"))
    gib = 2**30
    report.rows.append(Row(
        f"peak RSS, build of {config.docs:,} documents", f"{built['peak_rss_tree'] / gib:.2f} GiB (process tree)",
        f"largest single process: {built['peak_rss_largest'] / gib:.2f} GiB", "",
        "< 4 GiB at 100,000 documents"))

    if config.build_only:
        report.notes.append(f"build only: the store of {built['quads']:,} quads takes "
                            f"{_folder_bytes(store_dir) / 1e9:.1f} GB on disk")
        (out / f"benchmark-{config.docs}-{config.seed}.md").write_text(report.markdown(), encoding="utf-8")
        return report

    progress(f"load file of {config.load_quads:,} quads")
    store = open_store(store_dir, create=False)
    nquads = out / "load.nq"
    page_source = nquads if config.page_quads == config.load_quads else out / "page.nq"  # one cut serves both
    files = write_quads_files(store, {nquads: config.load_quads, **({page_source: config.page_quads}
                                                                       if config.browser else {})})
    quads, parts = files[nquads]
    page_quads = files.get(page_source, (0, 0))[0]
    store.close()
    memory = open_store("memory")
    load_seconds, _ = _timed(lambda: memory.oxigraph.load(path=str(nquads), format=memory_format()))
    params = choose_parameters(memory)

    # Index against self-join first, on an otherwise idle machine: a fraction of a second against several seconds,
    # the short side would suffer most from sharing the cores (0.40 s against 0.15 s idle, in one run).
    progress("shared mechanisms by index and by self-join")
    naive = run_oxigraph_query(str(nquads), "naive shared mechanisms", params, cap)
    indexed = run_oxigraph_query(str(nquads), "indexed shared mechanisms", params, cap)
    described = run_oxigraph_query(str(nquads), "described shared mechanisms", params, cap)
    # rdflib loads on one core (single-threaded) while HemaKG's queries are timed on the other.
    progress("rdflib loading in the background; used-by queries, HemaKG")
    rdflib_run = _RdflibRun(nquads, params, cap, config.rdflib_parallel)
    ours = {name: run_oxigraph_query(str(nquads), name, params, cap) for name in QUERIES}
    progress("rdflib queries in the background; whole-corpus queries, pages")
    whole = {}
    if config.whole_corpus_queries:
        whole = {name: run_oxigraph_query(str(store_dir), name, params, cap) for name in QUERIES}
    # The page is projected from a cut of the corpus graph: projecting the target network of a whole
    # 10,000-document store took over ten minutes in-process (uncapped), which would hide every other figure.
    pages = None
    if config.browser:
        page_store = open_store("memory")
        page_store.oxigraph.bulk_load(path=str(page_source), format=memory_format())
        pages = measure_projection_and_page(page_store, out, config.page_nodes, cap)
        del page_store
    steps = rdflib_run.finish()

    loaded = steps.get("load")
    report.rows.append(Row(
        f"load {quads:,} quads of N-Quads (in memory)", seconds(load_seconds),
        f"rdflib Dataset: {stopped_or_seconds(loaded['seconds'] if loaded else None, cap)}",
        ratio(loaded["seconds"] if loaded else None, load_seconds, cap), "faster"))
    for name in QUERIES:
        took, size = ours[name]["seconds"], ours[name]["size"]
        theirs = steps.get(name, {}).get("seconds") if loaded else None
        shape = steps.get(name, {}).get("shape") if len(shapes_of(name)) > 1 and theirs is not None else None
        cell = f"{stopped_or_seconds(took, cap)} ({size:,} answers)" if took is not None else stopped_or_seconds(None, cap)
        if name in whole:
            cell += f"; whole corpus: {stopped_or_seconds(whole[name]['seconds'], cap)}"
        report.rows.append(Row(f"query: {name}", cell,
                               f"rdflib: {stopped_or_seconds(theirs, cap) if loaded else 'not run (load stopped)'}"
                               + (f" ({shape} shape)" if shape else ""),
                               ratio(theirs, took, cap), "never slower; ≥ 30× where rdflib collapses"))
    index_seconds = indexed["seconds"]
    report.rows.append(Row(
        "studies sharing a mechanism, every pair ranked: index vs one SPARQL self-join (pyoxigraph)",
        f"{stopped_or_seconds(index_seconds, cap)} ({indexed['size']:,} pairs; as records with labels: "
        f"{stopped_or_seconds(described['seconds'], cap)})",
        f"self-join: {stopped_or_seconds(naive['seconds'], cap)} ({naive['size']:,} pairs)",
        ratio(naive["seconds"], index_seconds, cap) if index_seconds is not None else "n/a", "≥ 50×"))
    if pages is not None:
        report.rows.append(Row(
            f"networkx projection (targets + collaboration) of {page_quads:,} quads: {pages.projected_nodes:,} nodes",
            seconds(pages.projection_seconds), "", "", ""))
        report.rows.append(Row(
            f"pyvis page, {pages.nodes:,} nodes and {pages.edges:,} edges",
            f"written in {seconds(pages.write_seconds)} ({pages.page_bytes / 1e6:.1f} MB)",
            f"settled in Chromium: {'n/a' if pages.settle_seconds is None else seconds(pages.settle_seconds)} "
            f"({pages.settled_by})", "", ""))
    report.notes.append(
        f"queries and load compare the same {quads:,} quads ({parts:,} document graphs{' and copies' if parts > built['first']['built'] else ''} "
        f"plus the shared graphs); 'whole corpus' is HemaKG's on-disk store of all {built['quads']:,} quads, one "
        f"fresh process per query")
    report.notes.append(f"every query runs in a process of its own and is stopped at {cap:.0f} s (the timing excludes "
                        "opening or loading the store); the index and the self-join run first, alone; rdflib loads "
                        "while HemaKG's used-by queries are timed and runs its "
                        "queries alongside the whole-corpus and page measurements, "
                        f"{config.rdflib_parallel} at a time, each timed by the CPU time of its single-threaded "
                        "process and stopped after that many CPU seconds; rdflib runs a saved query in HemaKG's shape "
                        "(tuned for pyoxigraph) and in its plain shape (graph/queries/plain), and the faster counts")
    (out / f"benchmark-{config.docs}-{config.seed}.md").write_text(report.markdown(), encoding="utf-8")
    return report


def _folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in Path(folder).rglob("*") if path.is_file())


def memory_format():
    import pyoxigraph as ox

    return ox.RdfFormat.N_QUADS
