"""Building into a store: idempotent, atomic per document, and bad input loses nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hemakg.graph.store import StoreError, open_store
from hemakg.pipeline import build_into_store

from conftest import TEST_DATA


def _quads(store) -> set[str]:
    return set(store.dump_nquads().splitlines())


@pytest.fixture()
def corpus_copy(tmp_path, corpus_dir) -> Path:
    target = tmp_path / "docs"
    shutil.copytree(corpus_dir, target)
    shutil.copy(TEST_DATA / "foundation_report.md", target / "foundation_report.md")
    return target


def test_building_the_same_documents_twice_gives_the_same_graph(tmp_path, corpus_copy):
    first = open_store(tmp_path / "first")
    build_into_store([corpus_copy], first)
    second = open_store(tmp_path / "second")
    build_into_store([corpus_copy], second)
    build_into_store([corpus_copy], second, force=True)
    assert _quads(first) == _quads(second)
    assert len(first.named_graphs()) == 5 + 2  # five documents, the ontology and the vocabulary graph


def test_an_unchanged_document_is_skipped_on_rebuild(tmp_path, corpus_copy):
    store = open_store(tmp_path / "store")
    first = build_into_store([corpus_copy], store)
    again = build_into_store([corpus_copy], store)
    assert len(first.built) == 5 and not first.skipped
    assert not again.built and len(again.skipped) == 5


def test_rebuilding_a_changed_document_replaces_its_named_graph(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    document = folder / "note.md"
    document.write_text("# Ruxolitinib in myelofibrosis\n\nRuxolitinib reduced spleen volume in myelofibrosis.\n")
    store = open_store(tmp_path / "store")
    build_into_store([folder], store)
    document.write_text("# Luspatercept in myelodysplastic syndromes\n\nLuspatercept reduced transfusion needs.\n")
    build_into_store([folder], store)
    text = store.dump_nquads()
    assert "Luspatercept" in text
    assert "Ruxolitinib" not in text


def test_bad_files_are_reported_and_the_others_still_built(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(TEST_DATA / "foundation_report.md", folder / "good.md")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02binary\x00")
    store = open_store("memory")
    summary = build_into_store([folder, tmp_path / "missing.txt"], store)
    assert summary.built == [str(folder / "good.md")]
    reasons = {Path(r.source).name: r.reason for r in summary.rejected}
    assert set(reasons) == {"empty.txt", "binary.txt", "missing.txt"}
    assert not summary.ok


def test_a_failed_build_leaves_the_store_as_it_was(tmp_path, corpus_copy):
    store = open_store(tmp_path / "store")
    build_into_store([corpus_copy], store)
    before = _quads(store)
    # The same documents, now unreadable: every one is rejected and the store keeps its graphs.
    for path in corpus_copy.iterdir():
        path.write_bytes(b"\x00" * 64)
    summary = build_into_store([corpus_copy], store)
    assert len(summary.rejected) == 5
    assert _quads(store) == before


def test_a_refused_store_write_changes_nothing(tmp_path, corpus_copy, monkeypatch):
    store = open_store(tmp_path / "store")
    build_into_store([corpus_copy], store)
    before = _quads(store)
    (corpus_copy / "foundation_report.md").write_text("# New title\n\nVenetoclax was given.\n")
    original = store.oxigraph.update

    def refuse(update, *args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(store, "_store", _RefusingStore(original, refuse))
    with pytest.raises(StoreError, match="nothing was changed"):
        build_into_store([corpus_copy], store)
    monkeypatch.undo()
    assert _quads(store) == before


class _RefusingStore:
    """A pyoxigraph store whose writes fail, standing in for a full disk."""

    def __init__(self, update, refuse):
        self._update = update
        self.__dict__["update"] = refuse
        self._real = update.__self__

    def __getattr__(self, name):
        return getattr(self._real, name)


def test_validating_build_rejects_a_document_whose_graph_breaks_the_shapes(tmp_path, monkeypatch):
    from rdflib import Literal
    from rdflib.namespace import SKOS

    from hemakg import pipeline
    from hemakg.builders import build_file as real_build_file

    def build_with_a_second_label(path, genre=None):
        result = real_build_file(path, genre)
        result.graph.add((result.document.iri, SKOS.prefLabel, Literal("a second title")))
        return result

    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(TEST_DATA / "foundation_report.md", folder / "report.md")
    store = open_store("memory")
    assert build_into_store([folder], store, validate=True).ok
    before = _quads(store)
    (folder / "report.md").write_text("# Imatinib in chronic myeloid leukemia\n\nImatinib was given.\n")
    monkeypatch.setattr(pipeline, "build_file", build_with_a_second_label)
    summary = build_into_store([folder], store, validate=True)
    assert [r.reason.split(" (")[0] for r in summary.rejected] == ["does not conform to the shapes"]
    assert _quads(store) == before


def test_a_bulk_write_that_fails_part_way_takes_back_the_new_graphs(tmp_path, corpus_copy, monkeypatch):
    store = open_store(tmp_path / "store")

    def fail_after_writing(graphs):
        graphs = list(graphs)
        store.replace_graphs(graphs[:1])  # part of the batch reaches the store
        raise StoreError("bulk write failed part-way (disk full)")

    monkeypatch.setattr(store, "bulk_add_graphs", fail_after_writing)
    with pytest.raises(StoreError):
        build_into_store([corpus_copy], store)
    assert store.named_graphs() == []
