"""Studies that share mechanisms, targets or therapy classes, ranked by specificity, with their sentences."""

from __future__ import annotations

import csv
import io
import json
from itertools import combinations

import pytest
from click.testing import CliRunner

from hemakg.cli import cli
from hemakg.graph.mechanisms import (
    FACETS, MAX_STUDIES_PER_ITEM, build_facet_index, rank_shared_studies, score_shared_pairs,
)
from hemakg.graph.pair_formats import format_pairs


def _labels(pair) -> set[str]:
    return {pair.study_a.label, pair.study_b.label}


def test_specific_mechanism_weighs_more_than_a_common_one(fixture_store):
    index = build_facet_index(fixture_store, "mechanism")
    mechanism = "https://w3id.org/hemakg/id/mechanism/"
    assert index.study_count == 7
    assert index.weight(mechanism + "t-cell-exhaustion") > index.weight(mechanism + "car-signaling") > 0


def test_index_without_support_holds_the_same_studies_and_items(fixture_store):
    full = build_facet_index(fixture_store, "target")
    bare = build_facet_index(fixture_store, "target", with_support=False)
    assert full.support and not bare.support
    assert (bare.studies_by_item, bare.items_by_study, bare.study_count) == \
        (full.studies_by_item, full.items_by_study, full.study_count)


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


# --- the counting over arrays must rank exactly as counting every pair in Python does ---


def _every_pair_in_python(index, study=None, min_shared=1, extras=()):
    """The ranking written the plain way: every pair of studies, their common items, weights added heaviest first."""
    counted = {item for item, holders in index.studies_by_item.items() if len(holders) <= MAX_STUDIES_PER_ITEM}

    def score(items):
        return sum(index.weight(i) for i in sorted(items, key=lambda i: (-index.weight(i), i)))

    ranked = []
    for a, b in combinations(sorted(index.items_by_study), 2):
        items = index.items_by_study[a] & index.items_by_study[b] & counted
        if not items or len(items) < min_shared or (study and study not in (a, b)):
            continue
        also = [sorted(extra.items_by_study.get(a, frozenset()) & extra.items_by_study.get(b, frozenset()))
                for extra in extras]
        if all(also):
            ranked.append((-score(items), -len(items), (a, b), items, [i for common in also for i in common]))
    ranked.sort(key=lambda row: row[:3])
    return [(a, b, round(-negative, 4), items, also) for negative, _, (a, b), items, also in ranked]


def _as_rows(pairs):
    return [(p.study_a.iri, p.study_b.iri, p.score, {i.iri for i in p.shared}, [i.iri for i in p.also]) for p in pairs]


def test_ranking_matches_counting_every_pair_in_python(fixture_store, built_store):
    for store in (fixture_store, built_store):
        for facet in FACETS:
            index = build_facet_index(store, facet)
            expected = _every_pair_in_python(index)
            ranked = rank_shared_studies(store, facet, limit=None, with_evidence=False)
            assert _as_rows(ranked) == expected, facet
            assert _as_rows(rank_shared_studies(store, facet, limit=3)) == expected[:3]
            assert all(s.evidence for p in rank_shared_studies(store, facet, limit=3) for s in p.shared)


def test_narrowed_rankings_match_counting_every_pair_in_python(fixture_store, built_store):
    for store in (fixture_store, built_store):
        index = build_facet_index(store, "mechanism")
        study = sorted(index.items_by_study, key=lambda s: (-len(index.items_by_study[s]), s))[0]
        assert _as_rows(rank_shared_studies(store, study=study, limit=None)) == _every_pair_in_python(index, study)
        assert _as_rows(rank_shared_studies(store, min_shared=2, limit=None)) == _every_pair_in_python(index, None, 2)
        targets = build_facet_index(store, "target")
        expected = _every_pair_in_python(index, extras=(targets,))
        assert _as_rows(rank_shared_studies(store, also=("target",), limit=None, with_evidence=False)) == expected
        assert _as_rows(rank_shared_studies(store, also=("target",), limit=2)) == expected[:2]
    assert rank_shared_studies(fixture_store, limit=0) == []


@pytest.mark.parametrize("facet", sorted(FACETS))
def test_scored_pairs_are_the_ranking_without_its_records(built_store, facet):
    scored = score_shared_pairs(built_store, facet)
    ranked = rank_shared_studies(built_store, facet, limit=None, with_evidence=False)
    assert [(a, b, shared, round(score, 4)) for a, b, shared, score in scored] == [
        (p.study_a.iri, p.study_b.iri, len(p.shared), p.score) for p in ranked]
    if facet == "mechanism":
        assert scored and all(shared >= 1 and a < b for a, b, shared, _ in scored)
        assert score_shared_pairs(built_store, facet, min_shared=2) == [row for row in scored if row[2] >= 2]

