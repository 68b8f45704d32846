"""Look-up by label, synonym, identifier or IRI, forgiving case and spelling; `show` prints facts with sentences."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from hemakg.cli import cli
from hemakg.graph.lookup import EntityNotFound, describe_entity, find_entities, format_description, resolve_entity

HKID = "https://w3id.org/hemakg/id/"


@pytest.mark.parametrize("text", ["CLL1", "cll-1", "CLEC12A", "HGNC:31713", HKID + "antigen/clec12a", "antigen/clec12a"])
def test_resolve_finds_an_antigen_by_label_synonym_identifier_or_iri(fixture_store, text):
    assert resolve_entity(fixture_store, text) == HKID + "antigen/clec12a"


def test_find_forgives_case_and_misspelling(fixture_store):
    assert find_entities(fixture_store, "VENETOCLAX")[0].score == 1.0
    match = find_entities(fixture_store, "venetoclx")[0]
    assert (match.label, match.cls) == ("venetoclax", "Drug")
    assert find_entities(fixture_store, "Crystal Makall")[0].label == "Crystal Mackall"


def test_find_lists_every_entity_containing_the_text(fixture_store):
    labels = [m.label for m in find_entities(fixture_store, "CAR-T", limit=50)]
    assert {"CD22 CAR-T", "CLL1 CAR-T", "CD7 CAR-T"} <= set(labels)


def test_resolve_raises_when_nothing_is_close(fixture_store):
    with pytest.raises(EntityNotFound):
        resolve_entity(fixture_store, "zzzz qqqq")


def test_describe_entity_gives_links_both_ways_with_evidence(fixture_store):
    description = describe_entity(fixture_store, "Kymriah")
    assert description.info.label == "tisagenlecleucel"
    assert "DRUGBANK:DB13987" in description.info.identifiers
    outgoing = {(r.predicate.rsplit("#", 1)[-1].rsplit("/", 1)[-1], r.other.label) for r in description.outgoing}
    assert ("targets", "CD19") in outgoing and ("broader", "CAR T-cell therapy") in outgoing
    evaluated_by = next(r for r in description.incoming if r.other.label.startswith("Tisagenlecleucel in"))
    assert evaluated_by.evidence[0].text.startswith("Grupp and Maude")
    assert evaluated_by.evidence[0].document == HKID + "document/explore-digest"
    text = format_description(description)
    assert "also called: Kymriah" in text and "Grupp and Maude" in text


def test_show_and_find_commands(fixture_store_dir):
    runner = CliRunner()
    result = runner.invoke(cli, ["show", "terry fry", "--store", fixture_store_dir])
    assert result.exit_code == 0, result.output
    assert "Terry Fry  [Expert]" in result.output and "National Cancer Institute" in result.output
    assert "Mackall and Fry tested" in result.output
    result = runner.invoke(cli, ["find", "leukemia", "--store", fixture_store_dir])
    assert result.exit_code == 0, result.output
    assert "acute myeloid leukemia" in result.output and "T-cell acute lymphoblastic leukemia" in result.output
    result = runner.invoke(cli, ["show", "zzzz qqqq", "--store", fixture_store_dir])
    assert result.exit_code == 1 and "no entity matches" in result.output


def test_corpus_show_aml_lists_studies_with_sentences(built_store):
    description = describe_entity(built_store, "AML")
    assert description.info.label == "acute myeloid leukemia"
    studies = [r for r in description.incoming if r.other.cls == "Study" and r.predicate.endswith("condition")]
    assert len(studies) >= 5
    assert all(r.evidence for r in studies)
