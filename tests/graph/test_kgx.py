"""KGX export: Biolink-typed nodes.tsv and edges.tsv that KG-Hub tools can read."""

from __future__ import annotations

import csv

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from hemakg.cli import cli
from hemakg.graph.kgx import EDGE_COLUMNS, NODE_COLUMNS, export_kgx
from hemakg.graph.store import open_store

from conftest import TEST_DATA


def _read(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@pytest.fixture(scope="module")
def small_store():
    store = open_store("memory")
    store.oxigraph.load(path=str(TEST_DATA / "serve_kgx.trig"), format=ox.RdfFormat.TRIG)
    return store


@pytest.fixture(scope="module")
def small_export(small_store, tmp_path_factory):
    folder = tmp_path_factory.mktemp("kgx")
    export_kgx(small_store, folder)
    return {row["id"]: row for row in _read(folder / "nodes.tsv")}, _read(folder / "edges.tsv")


def test_nodes_with_hgnc_mondo_or_drugbank_ids_are_named_by_their_curie(small_export):
    nodes, _ = small_export
    assert nodes["HGNC:11913"]["category"] == "biolink:Protein"
    assert nodes["HGNC:11913"]["synonym"] == "CD269|TNFRSF17"
    assert nodes["MONDO:0009693"]["xref"] == "DOID:9538|https://w3id.org/hemakg/id/disease/multiple-myeloma"
    assert nodes["DRUGBANK:DB16706"]["category"] == "biolink:Drug"
    assert nodes["https://w3id.org/hemakg/id/therapy/car-t"]["category"] == "biolink:Treatment"


def test_provenance_and_measurements_are_not_nodes(small_export):
    nodes, _ = small_export
    assert not [node for node in nodes if "/sentence/" in node or "/evidence/" in node or "/outcome/" in node]


def test_edges_keep_the_hemakg_predicate_and_the_documents_that_state_them(small_export):
    _, edges = small_export
    by_original = {(edge["subject"], edge["original_predicate"], edge["object"]): edge for edge in edges}
    targets = by_original[("https://w3id.org/hemakg/id/study/serve-kgx/1", "hk:targets", "HGNC:11913")]
    assert targets["predicate"] == "biolink:related_to"
    assert targets["knowledge_source"] == "https://w3id.org/hemakg/id/document/serve-kgx"
    assert targets["publications"] == "doi:10.1000/serve.kgx.1"
    assert by_original[("https://w3id.org/hemakg/id/document/serve-kgx", "hk:mentions", "HGNC:11913")][
        "predicate"] == "biolink:mentions"
    broader = by_original[("DRUGBANK:DB16706", "skos:broader", "https://w3id.org/hemakg/id/therapy/car-t")]
    assert broader["predicate"] == "biolink:subclass_of"
    assert broader["knowledge_source"] == ""  # stated by the vocabulary, not by a document


def test_sample_graph_exports_edges_between_exported_nodes_only(built_store, tmp_path):
    written = export_kgx(built_store, tmp_path)
    nodes, edges = _read(written.nodes_path), _read(written.edges_path)
    assert tuple(nodes[0]) == NODE_COLUMNS and tuple(edges[0]) == EDGE_COLUMNS
    ids = {node["id"] for node in nodes}
    assert len(ids) == len(nodes) == written.nodes
    assert all(edge["subject"] in ids and edge["object"] in ids for edge in edges)
    assert all(node["category"].startswith("biolink:") for node in nodes)
    assert all(edge["predicate"].startswith("biolink:") for edge in edges)
    assert {node["category"] for node in nodes} >= {"biolink:Study", "biolink:Publication", "biolink:Protein"}
    assert any(node["id"].startswith("HGNC:") for node in nodes)
    study_targets = [e for e in edges if e["original_predicate"] == "hk:targets" and "/study/" in e["subject"]]
    assert study_targets and all(edge["knowledge_source"] for edge in study_targets)


def test_hemakg_export_kgx_writes_both_files_into_the_output_directory(built_store, tmp_path):
    from hemakg.graph.push import push_store

    with open_store(tmp_path / "store") as disk:
        push_store(built_store, disk)
    runner = CliRunner()
    result = runner.invoke(cli, ["export", "--store", str(tmp_path / "store"), "--format", "kgx",
                                 "-o", str(tmp_path / "kgx")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "kgx" / "nodes.tsv").stat().st_size > 0
    assert (tmp_path / "kgx" / "edges.tsv").stat().st_size > 0
    no_output = runner.invoke(cli, ["export", "--store", str(tmp_path / "store"), "--format", "kgx"])
    assert no_output.exit_code == 1
    assert "-o" in no_output.output
