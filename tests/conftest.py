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
