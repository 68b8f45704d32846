"""Studies that share mechanisms, targets or therapy classes, ranked by specificity, with their sentences."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from hemakg.cli import cli
from hemakg.graph.mechanisms import build_facet_index, format_pairs, rank_shared_studies


def _labels(pair) -> set[str]:
    return {pair.study_a.label, pair.study_b.label}


def test_specific_mechanism_weighs_more_than_a_common_one(fixture_store):
    index = build_facet_index(fixture_store, "mechanism")
    mechanism = "https://w3id.org/hemakg/id/mechanism/"
    assert index.study_count == 7
    assert index.weight(mechanism + "t-cell-exhaustion") > index.weight(mechanism + "car-signaling") > 0


def test_pairs_sharing_exhaustion_and_escape_rank_first_with_their_sentences(fixture_store):
    pairs = rank_shared_studies(fixture_store)
    best = pairs[0]
    assert _labels(best) == {"Tisagenlecleucel in pediatric relapsed B-ALL", "Bispecific CD19/CD22 CAR-T in B-ALL"}
    assert [item.label for item in best.shared][:2] in (["T-cell exhaustion", "antigen escape"],
                                                        ["antigen escape", "T-cell exhaustion"])
    exhaustion = next(item for item in best.shared if item.label == "T-cell exhaustion")
    texts = {e.text for e in exhaustion.evidence}
    assert "Relapses were driven by antigen escape and by T-cell exhaustion of the infused cells." in texts
    assert any(text.startswith("Dual targeting reduced antigen escape") for text in texts)
    assert all(p.score <= best.score for p in pairs)


def test_one_study_and_min_shared_narrow_the_pairs(fixture_store):
    pairs = rank_shared_studies(fixture_store, study="Donor-derived CD7 CAR-T in T-ALL", min_shared=2)
    assert {frozenset(_labels(p)) for p in pairs} == {
        frozenset({"Donor-derived CD7 CAR-T in T-ALL", "Tisagenlecleucel in pediatric relapsed B-ALL"}),
        frozenset({"Donor-derived CD7 CAR-T in T-ALL", "Bispecific CD19/CD22 CAR-T in B-ALL"}),
    }
    assert rank_shared_studies(fixture_store, study="explore-digest/4", min_shared=2) == []


def test_studies_sharing_a_target_and_a_mechanism(fixture_store):
    pairs = rank_shared_studies(fixture_store, "target", also=("mechanism",))
    assert {frozenset(_labels(p)) for p in pairs} == {
        frozenset({"Tisagenlecleucel in pediatric relapsed B-ALL", "Bispecific CD19/CD22 CAR-T in B-ALL"}),
        frozenset({"CD22 CAR-T after CD19 failure in B-ALL", "Bispecific CD19/CD22 CAR-T in B-ALL"}),
    }
    assert all(item.facet == "mechanism" for p in pairs for item in p.also)


def test_studies_sharing_a_therapy_class(fixture_store):
    pairs = rank_shared_studies(fixture_store, "therapy-class", limit=None)
    assert len(pairs) == 10  # the five CAR-T studies, pairwise
    assert {item.label for p in pairs for item in p.shared} == {"CAR T-cell therapy"}
    assert all("Venetoclax" not in label for p in pairs for label in _labels(p))


def test_pairs_format_as_table_json_and_csv(fixture_store):
    pairs = rank_shared_studies(fixture_store, limit=3)
    assert "T-cell exhaustion" in format_pairs(pairs, "table")
    records = json.loads(format_pairs(pairs, "json"))
    assert records[0]["shared"][0]["evidence"][0]["text"]
    rows = list(csv.DictReader(io.StringIO(format_pairs(pairs, "csv"))))
    assert len(rows) == 3 and float(rows[0]["score"]) >= float(rows[1]["score"])


def test_mechanisms_command_answers_in_each_format(fixture_store_dir):
    runner = CliRunner()
    result = runner.invoke(cli, ["mechanisms", "--store", fixture_store_dir, "--format", "json", "--min-shared", "3"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)) == 1
    result = runner.invoke(cli, ["mechanisms", "--store", fixture_store_dir, "--by", "therapy-class", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "CAR T-cell therapy" in result.output
    result = runner.invoke(cli, ["mechanisms", "--store", fixture_store_dir, "--study", "no such study at all"])
    assert result.exit_code == 1 and "no entity matches" in result.output


# --- the sample corpus ---


def test_corpus_car_t_studies_share_exhaustion_or_dual_targeting(built_store):
    pairs = rank_shared_studies(built_store, limit=None)
    shared = {item.label for p in pairs for item in p.shared}
    assert shared & {"T-cell exhaustion", "dual targeting"}
    for mechanism in ("T-cell exhaustion", "dual targeting"):
        with_it = [p for p in pairs if mechanism in {item.label for item in p.shared}]
        assert with_it, f"no two studies share {mechanism}"
        assert all(any("CAR" in label for label in _labels(p)) for p in with_it)
        assert all(item.evidence for p in with_it for item in p.shared if item.label == mechanism)
