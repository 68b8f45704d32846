"""Shared fixtures: the sample corpus read from ../shared at test time, built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
TEST_DATA = Path(__file__).resolve().parent / "data"


def corpus_file(prefix: str) -> Path:
    """The corpus document whose file name starts with ``prefix`` (tests name documents by position, not content)."""
    matches = sorted(CORPUS.glob(f"{prefix}*"))
    if not matches:
        pytest.skip(f"sample corpus not found under {CORPUS}")
    return matches[0]


def build_text(folder: Path, name: str, text: str):
    """Build a document written inline by a test: saved as ``folder/name`` (its suffix and stem matter to the reader)."""
    from hemakg.builders import build_file

    path = folder / name
    path.write_text(text, encoding="utf-8")
    return build_file(path)


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"sample corpus not found at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="session")
def corpus_results(corpus_dir):
    """``{file name: BuildResult}`` for every corpus document."""
    from hemakg.builders import build_file

    return {path.name: build_file(path) for path in sorted(corpus_dir.iterdir()) if path.is_file()}


@pytest.fixture(scope="session")
def built_store(corpus_dir):
    """The sample corpus built into an in-memory store (read-only for tests: write to tmp_path stores instead)."""
    from hemakg.graph.store import open_store
    from hemakg.pipeline import build_into_store

    store = open_store("memory")
    summary = build_into_store([corpus_dir], store, jobs=1)
    assert summary.ok, summary.rejected
    return store


@pytest.fixture(scope="module")
def fixture_store():
    """The hand-written explore fixture (tests/data/explore_fixture.trig) in an in-memory store."""
    import pyoxigraph as ox

    from hemakg.graph.store import open_store

    store = open_store("memory")
    store.oxigraph.load(path=str(TEST_DATA / "explore_fixture.trig"), format=ox.RdfFormat.TRIG)
    return store


@pytest.fixture(scope="module")
def fixture_store_dir(tmp_path_factory):
    """The same fixture in an on-disk store directory, closed so that commands can open it."""
    import pyoxigraph as ox

    folder = tmp_path_factory.mktemp("explore-store")
    store = ox.Store(str(folder))
    store.load(path=str(TEST_DATA / "explore_fixture.trig"), format=ox.RdfFormat.TRIG)
    store.flush()
    del store
    return str(folder)
