"""Conference editions: the series from the vocabulary, the year from beside the name or from the document's dates."""

from __future__ import annotations

import pytest
from rdflib.namespace import SKOS

from hemakg.builders.context import DocumentContext
from hemakg.builders.records import Document
from hemakg.builders.registries import find_conferences
from hemakg.ontology import HK


def editions(text: str) -> list[str]:
    """The labels of the conference editions a text names, in order."""
    document = Document(HK.doc, "registry-test", "registry-test.txt", text, "0", "utf-8")
    context = DocumentContext.create(document)
    found = find_conferences(context)
    return [str(context.emitter.graph.value(iri, SKOS.prefLabel)) for iri, _ in found]


@pytest.mark.parametrize("sentence, expected", [
    ("She presented it at the 2025 ASH Annual Meeting in Orlando.", "ASH Annual Meeting 2025"),
    ("The update came at the ASCO 2026 Annual Meeting.", "ASCO Annual Meeting 2026"),
    ("Final data were shown at EHA2026 as a late-breaking abstract.", "EHA Congress 2026"),
    ("Posters at ASH 2024 covered menin inhibitors.", "ASH Annual Meeting 2024"),
    ("The 66th ASH Annual Meeting met in San Diego in December 2024.", "ASH Annual Meeting 2024"),
    ("Abstracts from ASH's 2023 meeting were discussed.", "ASH Annual Meeting 2023"),
])
def test_the_year_written_beside_the_series_name_gives_the_edition(sentence, expected):
    assert editions(sentence) == [expected]


def test_the_year_beside_the_name_wins_over_another_year_in_the_sentence():
    assert editions("Enrolment began in 2019, and the results were shown at ASH 2023.") == ["ASH Annual Meeting 2023"]


def test_a_series_named_by_its_organisation_in_a_meeting_sentence_is_the_meeting():
    text = "At the annual meeting of the American Society of Hematology in December 2025, she presented the trial."
    assert editions(text) == ["ASH Annual Meeting 2025"]


def test_an_organisation_outside_a_meeting_sentence_is_not_a_meeting():
    assert editions("The American Society of Hematology issued new guidance on anticoagulation.") == []


def test_without_a_year_in_the_sentence_the_documents_own_date_gives_it():
    text = "Posted 14 December 2025.\n\nDr. Roe reviewed what was presented at ASH about menin inhibitors."
    assert editions(text) == ["ASH Annual Meeting 2025"]


def test_a_date_written_beside_another_meeting_does_not_date_this_one():
    text = ("From January 9–11, 2026, the CSH Annual Meeting was held in Tianjin.\n\n"
            "Dr. Roe discussed results presented at ASH on older patients.")
    assert editions(text) == ["CSH Annual Meeting 2026", "ASH Annual Meeting"]


def test_disagreeing_dates_give_no_year_unless_the_text_says_this_years_meeting():
    text = ("Received 2 March 2024. Accepted 9 January 2025.\n\nThe trial opened in spring.\n\n"
            "Data were shown at EHA. At this year's ASH meeting the update followed.")
    assert editions(text) == ["EHA Congress", "ASH Annual Meeting 2025"]


def test_a_year_is_never_guessed():
    assert editions("She presented the trial at ASH, and the follow-up is ongoing.") == ["ASH Annual Meeting"]
