"""Extraction quality on the sample corpus, measured against concept-level annotations a hematologist wrote.

The annotations in tests/evaluation/corpus_gold were written from the text of each sample document (the digest of
seven ASH studies, the two interviews, the journal letter with its twelve references) before the builders' output
was looked at. They name what a reader would write down: experts as written, their institutions, the studies, the
conference editions, trials, antigens, genes, therapies, diseases, adverse events and mechanisms, and the relations
among them; defensible but debatable items (umbrella diseases, generic modalities, passing mentions) are optional.

The floors sit a little below the figures measured when they were set (entities F1 0.94, relations F1 0.94, no
class below 0.86), so a regression in any builder fails here, while the annotations stay free to be corrected.
"""

from __future__ import annotations

import json

import pytest

from evaluation.scoring import CLASSES, HERE, evaluate, format_table, held_out_documents, micro

CORPUS_GOLD = HERE / "corpus_gold"
ENTITY_F1_FLOOR = 0.91
RELATION_F1_FLOOR = 0.90
CLASS_F1_FLOOR = 0.80


@pytest.fixture(scope="module")
def corpus_scores(corpus_dir):
    """Per-class tallies, the relation tally and the notes for the sample corpus, built once for this module."""
    return evaluate(verbose=True, root=CORPUS_GOLD)


def test_every_sample_document_is_annotated_once():
    documents = [path.name[:3] for path, _ in held_out_documents(CORPUS_GOLD)]
    assert documents == ["000", "001", "002", "003"]


def test_corpus_extraction_meets_the_entity_and_relation_floors(corpus_scores, capsys):
    per_class, relations, notes = corpus_scores
    entities = micro(per_class.values())
    with capsys.disabled():
        print("\nsample corpus\n" + format_table(per_class, relations))
    assert entities.f1 >= ENTITY_F1_FLOOR, "\n".join(notes)
    assert relations.f1 >= RELATION_F1_FLOOR, "\n".join(notes)


def test_no_entity_class_collapses_on_the_corpus(corpus_scores):
    per_class, _, notes = corpus_scores
    weak = {cls: round(tally.f1, 2) for cls, tally in per_class.items() if tally.gold and tally.f1 < CLASS_F1_FLOOR}
    assert not weak, "\n".join(notes)


def test_every_corpus_document_is_read_as_its_annotated_genre(corpus_scores):
    _, _, notes = corpus_scores
    assert not [n for n in notes if "read as" in n]


def test_corpus_relations_name_annotated_studies_and_experts():
    for path, gold in held_out_documents(CORPUS_GOLD):
        studies = {names[0] for names in gold["entities"].get("Study", [])}
        experts = {name for names in gold["entities"].get("Expert", []) for name in names}
        classes = set(gold["entities"]) | set(gold.get("optional_entities", {}))
        assert classes <= set(CLASSES), path.name
        for subject, predicate, objects in gold["relations"] + gold.get("optional_relations", []):
            assert subject in studies | experts, f"{path.name}: {subject!r}"
            assert objects and all(isinstance(o, str) for o in objects), f"{path.name}: {subject} {predicate}"


def test_a_gold_file_can_name_a_sample_corpus_document_by_its_prefix(tmp_path, corpus_dir):
    gold = {"document": "corpus:001", "genre": "interview", "entities": {}, "relations": []}
    (tmp_path / "note.json").write_text(json.dumps(gold), encoding="utf-8")
    [(document, annotations)] = held_out_documents(tmp_path)
    assert document.parent == corpus_dir and document.name.startswith("001")
    assert annotations["genre"] == "interview"


def test_a_gold_file_naming_a_missing_corpus_document_fails_with_its_name(tmp_path, corpus_dir):
    gold = {"document": "corpus:999", "genre": "digest", "entities": {}, "relations": []}
    (tmp_path / "lost.json").write_text(json.dumps(gold), encoding="utf-8")
    with pytest.raises(FileNotFoundError, match="lost.json"):
        held_out_documents(tmp_path)
