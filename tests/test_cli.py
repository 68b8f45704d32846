"""The command line: each command wires one library call and speaks in one line when something is wrong."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from hemakg.cli import cli

from conftest import TEST_DATA


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory, corpus_dir):
    store = tmp_path_factory.mktemp("cli") / "store"
    result = CliRunner().invoke(cli, ["build", str(corpus_dir), "--store", str(store), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return store


def test_build_prints_a_summary_with_documents_and_entities(cli_store, corpus_dir, tmp_path):
    result = CliRunner().invoke(cli, ["build", str(corpus_dir), "--store", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    assert "Built 4 document(s)" in result.output
    assert "Study" in result.output and "relations" in result.output


def test_build_of_unchanged_documents_says_it_skipped_them(cli_store, corpus_dir):
    result = CliRunner().invoke(cli, ["build", str(corpus_dir), "--store", str(cli_store)])
    assert result.exit_code == 0, result.output
    assert "skipped 4 unchanged" in result.output


def test_build_rejects_bad_files_in_one_line_each_and_exits_non_zero(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(TEST_DATA / "foundation_report.md", folder / "good.md")
    (folder / "empty.md").write_text("")
    result = CliRunner().invoke(cli, ["build", str(folder), str(tmp_path / "nope.txt"), "--store", str(tmp_path / "s")])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 2
    assert any("empty.md: empty file" in line for line in errors)
    assert any("nope.txt: no such file or directory" in line for line in errors)
    assert "Built 1 document(s)" in result.output


def test_query_json_follows_the_w3c_results_format(cli_store):
    query = "PREFIX hk: <https://w3id.org/hemakg/ontology#> SELECT ?d WHERE { ?d a hk:Document } ORDER BY ?d"
    result = CliRunner().invoke(cli, ["query", query, "--store", str(cli_store), "--format", "json"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert answer["head"]["vars"] == ["d"]
    assert len(answer["results"]["bindings"]) == 4
    assert answer["results"]["bindings"][0]["d"]["type"] == "uri"


def test_query_reads_a_query_file_and_writes_csv(cli_store, tmp_path):
    path = tmp_path / "q.rq"
    path.write_text("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    result = CliRunner().invoke(cli, ["query", f"@{path}", "--store", str(cli_store), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "n"


def test_invalid_sparql_is_a_one_line_error(cli_store):
    result = CliRunner().invoke(cli, ["query", "SELECT WHERE {", "--store", str(cli_store)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: invalid SPARQL")


def test_reading_a_store_that_does_not_exist_is_an_error_not_an_empty_answer(tmp_path):
    result = CliRunner().invoke(cli, ["stats", "--store", str(tmp_path / "typo")])
    assert result.exit_code == 1
    assert "no store there" in result.output
    assert not (tmp_path / "typo").exists()


def test_store_defaults_to_the_environment_variable(cli_store, monkeypatch):
    monkeypatch.setenv("HEMAKG_STORE", str(cli_store))
    result = CliRunner().invoke(cli, ["stats"])
    assert result.exit_code == 0, result.output
    assert "documents\t4" in result.output


def test_validate_exits_zero_on_the_sample_corpus(cli_store):
    result = CliRunner().invoke(cli, ["validate", "--store", str(cli_store)])
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output


@pytest.mark.parametrize("fmt", ["ttl", "trig", "nq", "jsonld"])
def test_export_writes_each_format_that_rdflib_reads_back(cli_store, tmp_path, fmt):
    from rdflib import Dataset

    out = tmp_path / f"graph.{fmt}"
    result = CliRunner().invoke(cli, ["export", "--store", str(cli_store), "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    parsed = Dataset()
    parsed.parse(out, format={"ttl": "turtle", "trig": "trig", "nq": "nquads", "jsonld": "json-ld"}[fmt])
    assert len(parsed) > 100 or sum(1 for _ in parsed.quads()) > 100
