"""The benchmark's corpus generator and its one command, on tiny corpora (no timing assertions)."""

from __future__ import annotations

import doctest
import importlib
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO

if str(REPO) not in sys.path:  # benchmarks/ sits beside the installed package, not inside it
    sys.path.insert(0, str(REPO))

from benchmarks.__main__ import main as run_benchmark_command  # noqa: E402
from benchmarks.corpus import GENRE_WEIGHTS, compose_document, generate_corpus, pools_from_vocabulary  # noqa: E402
from benchmarks.engines import STOPPED, run_forked_queries  # noqa: E402
from benchmarks.queries import QUERIES  # noqa: E402
from hemakg.builders import build_file  # noqa: E402
from hemakg.graph.store import open_store  # noqa: E402
from hemakg.pipeline import build_into_store  # noqa: E402


def _contents(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_the_same_seed_writes_the_same_files(tmp_path):
    generate_corpus(tmp_path / "a", documents=12, seed=3)
    generate_corpus(tmp_path / "b", documents=12, seed=3)
    generate_corpus(tmp_path / "c", documents=12, seed=4)
    assert _contents(tmp_path / "a") == _contents(tmp_path / "b")
    assert _contents(tmp_path / "a") != _contents(tmp_path / "c")


def test_a_small_corpus_is_the_start_of_a_larger_one(tmp_path):
    small = generate_corpus(tmp_path / "small", documents=5, seed=2)
    large = generate_corpus(tmp_path / "large", documents=15, seed=2)
    assert _contents(tmp_path / "small").items() <= _contents(tmp_path / "large").items()
    assert large.intended[:5] == small.intended


def test_the_generator_writes_every_genre(tmp_path):
    corpus = generate_corpus(tmp_path, documents=60, seed=1)
    assert set(corpus.genres) == set(GENRE_WEIGHTS)
    assert len(corpus.files) == 60 and corpus.bytes == sum(p.stat().st_size for p in corpus.files)


def test_the_vocabulary_gives_terms_of_every_kind():
    pools = pools_from_vocabulary()
    assert not pools.kinds_missing(), pools.kinds_missing()


@pytest.mark.parametrize("genre", sorted(GENRE_WEIGHTS))
def test_each_generated_genre_is_read_as_that_genre(tmp_path, genre):
    pools = pools_from_vocabulary()
    for index in range(3):
        name, written, text = compose_document(index, 11, pools, genre=genre)
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        result = build_file(path)
        assert (written, result.genre) == (genre, genre), name
        assert len(result.graph) > 50


def test_a_generated_corpus_builds_without_rejection(tmp_path):
    corpus = generate_corpus(tmp_path / "docs", documents=16, seed=5)
    summary = build_into_store([corpus.folder], open_store("memory"), jobs=2)
    assert summary.ok, summary.rejected
    assert len(summary.built) == 16
    assert sum(summary.genres.values()) == 16


def test_the_benchmark_runs_end_to_end_and_prints_every_row(tmp_path, capsys):
    arguments = ["--docs", "12", "--seed", "2", "--cap", "5", "--load-quads", "20000", "--page-quads", "30000", "--page-nodes", "200",
                 "--out", str(tmp_path / "results"), "--corpus", str(tmp_path / "corpus"), "--jobs", "2"]
    assert run_benchmark_command(arguments) == 0
    table = capsys.readouterr().out
    expected = ["build, first (12 built, 0 rejected", "re-build, unchanged (12 skipped, 0 built)", "extraction alone, no store",
                "writing alone, no extraction",
                "peak RSS, build of 12 documents", "quads of N-Quads (in memory)", "index vs one SPARQL self-join",
                "machine: ", "pyoxigraph ", "rdflib ", "networkx ", "pyvis ", "12 synthetic documents"]
    expected += [f"query: {name}" for name in QUERIES]
    if Path("/usr/bin/chromium").exists():
        expected += ["networkx projection", "settled in Chromium: "]
    missing = [text for text in expected if text not in table]
    assert not missing, table
    assert (tmp_path / "results" / "benchmark-12-2.md").read_text(encoding="utf-8") in table


@pytest.mark.parametrize("module_name", ["benchmarks.corpus", "benchmarks.floor", "benchmarks.report",
                                         "benchmarks.queries"])
def test_benchmark_docstring_examples_run(module_name):
    result = doctest.testmod(importlib.import_module(module_name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def _busy(cpu_seconds: float, answer: int) -> int:
    started = time.process_time()
    while time.process_time() - started < cpu_seconds:
        pass
    return answer


def test_a_query_counts_its_fastest_shape_and_the_slower_shape_is_stopped_early():
    shapes = {"q": {"slow": lambda: _busy(40, 1), "fast": lambda: _busy(0.2, 2)}}
    started = time.perf_counter()
    best = run_forked_queries(shapes, cap=60, parallel=2)
    assert best["q"][1:] == (2, "fast")
    assert time.perf_counter() - started < 30, "the slow shape ran on after the fast one had finished"


def test_a_query_past_its_cap_of_cpu_seconds_is_reported_stopped():
    heard = []
    best = run_forked_queries({"q": {"only": lambda: _busy(30, 1)}}, cap=1, parallel=1,
                              report=lambda *args: heard.append(args))
    assert best["q"][0] is STOPPED and heard == [("q", STOPPED, 0, "")]


def test_build_only_measures_the_build_and_memory_and_nothing_after(tmp_path, capsys):
    arguments = ["--docs", "6", "--seed", "3", "--build-only", "--out", str(tmp_path / "results"),
                 "--corpus", str(tmp_path / "corpus"), "--jobs", "1"]
    assert run_benchmark_command(arguments) == 0
    table = capsys.readouterr().out
    assert "build, first (6 built" in table and "peak RSS, build of 6 documents" in table
    assert "GB on disk" in table and "query:" not in table and "rdflib" not in table.split("| measure")[1]
