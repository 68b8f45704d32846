"""Saved queries: every .rq file is well formed, runs on the sample graph, and answers what the corpus says."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from hemakg.cli import cli
from hemakg.graph.query import format_result
from hemakg.graph.saved_queries import (
    PLAIN_QUERY_DIR,
    QueryParam,
    SavedQuery,
    SavedQueryError,
    bind_parameters,
    get_saved_query,
    list_saved_queries,
    load_saved_query,
    run_saved_query,
)

from conftest import corpus_file

SAVED = list_saved_queries()
HK = "https://w3id.org/hemakg/ontology#"
PARAMETERS = {"institution": "hospital", "expert": "a", "antigen": "CD7", "subject": "CD7", "object": "CD7"}


def _document_of(name: str) -> str:
    return "https://w3id.org/hemakg/id/document/" + corpus_file(name).stem.lower().replace("_", "-")


def test_the_questions_of_the_issue_are_all_saved():
    names = {saved.name for saved in SAVED}
    assert {"experts_of_institution", "coauthors_of_expert", "studies_of_antigen", "antigens_per_disease",
            "studies_sharing_mechanism", "trials_per_target", "evidence_for_relation",
            "documents_with_studies"} <= names


@pytest.mark.parametrize("saved", SAVED, ids=[saved.name for saved in SAVED])
def test_every_saved_query_declares_what_it_answers_and_runs_on_the_sample_graph(saved, built_store):
    assert saved.title and saved.answers.endswith("?")
    declared = {param.name for param in saved.params}
    used = set(re.findall(r"\$([A-Za-z_]\w*)", re.sub(r"#[^\n]*", "", saved.text)))
    assert used == declared, "every $name is declared with '# param:' and every declared one is used"
    result = run_saved_query(built_store, saved.name, {name: PARAMETERS[name] for name in declared})
    assert result.variables


def test_documents_with_studies_lists_every_document_with_its_genre(built_store):
    rows = {str(row["document"]): row for row in run_saved_query(built_store, "documents_with_studies").dicts()}
    assert len(rows) == 4
    assert {str(row["genre"]) for row in rows.values()} == {"digest", "interview", "correspondence"}
    assert int(rows[_document_of("000")]["studies"]) >= 5  # a digest of seven studies
    assert int(rows[_document_of("002")]["cited_studies"]) == 12  # twelve references


def test_studies_of_cd7_come_from_the_cd7_interview_with_outcomes_and_toxicities(built_store):
    rows = run_saved_query(built_store, "studies_of_antigen", {"antigen": "cd7"}).dicts()
    assert rows
    assert all(str(row["antigen"]).endswith("/antigen/cd7") for row in rows)
    studies = {str(row["study"]) for row in rows}
    assert any("/study/003-" in study for study in studies)
    kinds = {str(row.get("kind")) for row in rows}
    assert {"outcome", "toxicity"} <= kinds
    assert any(row.get("percent") is not None for row in rows if str(row.get("kind")) == "outcome")


def test_antigens_per_disease_puts_cll1_under_aml(built_store):
    rows = run_saved_query(built_store, "antigens_per_disease").dicts()
    pairs = {(str(row["disease_label"]).lower(), str(row["antigen_label"])) for row in rows}
    assert ("acute myeloid leukemia", "CLL1") in pairs
    assert all(int(row["studies"]) >= 1 for row in rows)


def test_trials_per_target_links_registered_trials_to_antigens(built_store):
    rows = run_saved_query(built_store, "trials_per_target").dicts()
    assert rows
    assert all(re.fullmatch(r"(NCT\d{8}|ChiCTR\w+)", str(row["registry_id"])) for row in rows if "registry_id" in row)
    assert "CLL1" in {str(row["target_label"]) for row in rows}


def test_studies_sharing_a_mechanism_lists_at_least_two_studies_per_mechanism(built_store):
    rows = run_saved_query(built_store, "studies_sharing_mechanism").dicts()
    assert rows
    studies_per_mechanism: dict[str, set[str]] = {}
    for row in rows:
        studies_per_mechanism.setdefault(str(row["mechanism"]), set()).add(str(row["study"]))
    assert all(len(studies) >= 2 for studies in studies_per_mechanism.values())


def test_experts_of_an_institution_follow_affiliations(built_store):
    rows = run_saved_query(built_store, "experts_of_institution", {"institution": "LU DAOPEI"}).dicts()
    assert rows
    assert all("lu daopei" in str(row["institution_name"]).lower() for row in rows)
    interviewee = built_store.query(
        f"SELECT ?e WHERE {{ GRAPH <{_document_of('003')}> {{ ?d <{HK}interviewee> ?e }} }}"
    ).values("e")
    assert set(interviewee) & {str(row["expert"]) for row in rows}


def test_coauthorship_is_symmetric(built_store):
    author = built_store.query(
        f"PREFIX hk: <{HK}> SELECT ?e WHERE {{ ?s hk:author ?e , ?other . FILTER(?e != ?other) }} ORDER BY ?e LIMIT 1"
    ).values("e")[0]
    rows = run_saved_query(built_store, "coauthors_of_expert", {"expert": author}).dicts()
    assert rows
    coauthor = str(rows[0]["coauthor"])
    back = run_saved_query(built_store, "coauthors_of_expert", {"expert": coauthor}).dicts()
    assert author in {str(row["coauthor"]) for row in back}


def test_evidence_for_a_relation_quotes_sentences_of_the_document(built_store):
    study = built_store.query(
        f"SELECT ?s WHERE {{ GRAPH <{_document_of('003')}> {{ ?s <{HK}targets> "
        "<https://w3id.org/hemakg/id/antigen/cd7> } }"
    ).values("s")[0]
    rows = run_saved_query(built_store, "evidence_for_relation", {"subject": "CD7", "object": study}).dicts()
    assert rows
    assert {str(row["document"]) for row in rows} == {_document_of("003")}
    text = corpus_file("003").read_text(encoding="utf-8")
    for row in rows:
        assert int(row["start"]) < int(row["end"])
        assert text[int(row["start"]):int(row["end"])] == str(row["text"])


def test_a_parameter_value_cannot_become_query_syntax(built_store):
    result = run_saved_query(built_store, "studies_of_antigen", {"antigen": 'CD7")) } UNION { ?study ?p ?o } #'})
    assert result.rows == []


def test_a_missing_or_unknown_parameter_is_one_clear_error():
    saved = get_saved_query("studies_of_antigen")
    with pytest.raises(SavedQueryError, match="missing --param antigen"):
        bind_parameters(saved, {})
    with pytest.raises(SavedQueryError, match="unknown parameter 'disease'"):
        bind_parameters(saved, {"antigen": "CD7", "disease": "AML"})
    with pytest.raises(SavedQueryError, match="unknown saved query 'nope'"):
        get_saved_query("nope")


def test_a_query_file_without_a_title_is_an_error_naming_the_file(tmp_path):
    path = tmp_path / "untitled.rq"
    path.write_text("# answers: nothing?\nASK {}\n", encoding="utf-8")
    with pytest.raises(SavedQueryError, match="untitled.rq: the header lacks '# title"):
        load_saved_query(path)


def test_hemakg_queries_lists_every_saved_query_with_its_parameters():
    result = CliRunner().invoke(cli, ["queries"])
    assert result.exit_code == 0, result.output
    for saved in SAVED:
        assert saved.name in result.output
    assert "--param antigen=" in result.output


def test_hemakg_queries_run_prints_the_formats_of_hemakg_query(built_store, tmp_path):
    from hemakg.graph.push import push_store
    from hemakg.graph.store import open_store

    with open_store(tmp_path / "store") as disk:
        push_store(built_store, disk)
    runner = CliRunner()
    result = runner.invoke(cli, ["queries", "run", "studies_of_antigen", "--param", "antigen=CD7",
                                 "--store", str(tmp_path / "store"), "--format", "csv"])
    assert result.exit_code == 0, result.output
    expected = format_result(run_saved_query(built_store, "studies_of_antigen", {"antigen": "CD7"}), "csv")
    assert result.output == expected.replace("\r\n", "\n")  # the runner reads text mode
    missing = runner.invoke(cli, ["queries", "run", "studies_of_antigen", "--store", str(tmp_path / "store")])
    assert missing.exit_code == 1
    assert missing.output.strip().splitlines() == ["Error: studies_of_antigen: missing --param antigen=… "
                                                   "(the antigen's IRI, or its name or a synonym, case-insensitive: "
                                                   "\"CD7\")"]


# The plain shapes of the queries reshaped to scale (graph/queries/plain): the reshaped files must answer exactly
# what these answer.
PLAIN = list_saved_queries(PLAIN_QUERY_DIR)


def _plain_rows(store, name: str, values: dict[str, str]):
    return run_saved_query(store, name, values, directory=PLAIN_QUERY_DIR).rows


def test_every_plain_shape_is_the_plain_form_of_a_saved_query_with_the_same_parameters():
    saved = {query.name: query for query in SAVED}
    assert {query.name for query in PLAIN} >= {"antigens_per_disease", "coauthors_of_expert", "evidence_for_relation",
                                               "studies_of_antigen", "studies_sharing_mechanism", "trials_per_target"}
    for plain in PLAIN:
        assert plain.name in saved
        assert [p.name for p in plain.params] == [p.name for p in saved[plain.name].params]
        assert (plain.title, plain.answers) == (saved[plain.name].title, saved[plain.name].answers)


@pytest.mark.parametrize("name, values", [
    ("antigens_per_disease", {}), ("studies_sharing_mechanism", {}), ("trials_per_target", {}),
    ("coauthors_of_expert", {"expert": "a"}), ("coauthors_of_expert", {"expert": "zhao"}),
    ("studies_of_antigen", {"antigen": "CD7"}), ("studies_of_antigen", {"antigen": "cd33"}),
    ("studies_of_antigen", {"antigen": "https://w3id.org/hemakg/id/antigen/cd7"}),
    ("evidence_for_relation", {"subject": "CTD402", "object": "CD7"}),
    ("evidence_for_relation", {"subject": "cd19", "object": "tandem CD19/CD20 CAR-T cell therapy"}),
    ("evidence_for_relation", {"subject": "https://w3id.org/hemakg/id/antigen/cd7", "object": "ctd402"}),
])
def test_queries_shaped_to_scale_answer_what_their_plain_shapes_answer(built_store, fixture_store, name, values):
    for store in (built_store, fixture_store):
        rows = run_saved_query(store, name, values).rows
        assert rows == _plain_rows(store, name, values)
    assert run_saved_query(built_store, name, values).rows, "the sample corpus answers it"


def test_coauthors_of_an_expert_named_by_iri_match_the_plain_shape(built_store):
    for expert in built_store.query(f"PREFIX hk: <{HK}> SELECT DISTINCT ?e WHERE {{ ?s hk:author ?e }}").values("e"):
        assert run_saved_query(built_store, "coauthors_of_expert", {"expert": expert}).rows == _plain_rows(
            built_store, "coauthors_of_expert", {"expert": expert})
