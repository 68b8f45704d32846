"""Extraction quality on annotated documents of our own: per-class precision, recall and F1, printed and held to a floor.

The forty-seven documents in tests/evaluation/documents were written for evaluation, in genres and layouts the
builders were not written against (forty-three of them were kept away from the builders' authors until their first
figures were measured, in batches of four, four, eight, five, four, six, four, four and four); their annotations are
in tests/evaluation/gold. Each new batch lowers the average (new layouts are what the builders miss first), so the
floors were set again below the figures on all forty-seven.
The floors are below the figures measured when they were set (see the issue notes), so a regression in extraction
fails the suite.
"""

from __future__ import annotations

from evaluation.scoring import evaluate, format_table, micro

ENTITY_F1_FLOOR = 0.83  # measured 0.96 on twelve documents; 0.95 on twenty; 0.93 on twenty-five; 0.90 on twenty-nine;
#                         0.87 on thirty-nine; 0.86 on forty-three; 0.85 on forty-seven
RELATION_F1_FLOOR = 0.77  # measured 0.94 on twelve; 0.93 on twenty; 0.88 on twenty-five; 0.84 on twenty-nine; 0.81 on
#                           thirty-nine and on forty-three; 0.79 on forty-seven


def test_extraction_on_annotated_documents_meets_the_floor(capsys):
    per_class, relations, notes = evaluate(verbose=True)
    entities = micro(per_class.values())
    with capsys.disabled():
        print("\n" + format_table(per_class, relations))
    assert entities.f1 >= ENTITY_F1_FLOOR, "\n".join(notes)
    assert relations.f1 >= RELATION_F1_FLOOR, "\n".join(notes)


def test_every_annotated_document_is_read_as_its_genre():
    _, _, notes = evaluate(verbose=False)
    assert not [n for n in notes if "read as" in n]
