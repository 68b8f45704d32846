"""Front matter of letters, found by the shape of each block rather than by its place."""

from __future__ import annotations

from conftest import TEST_DATA, corpus_file

from hemakg.builders.front_matter import parse_byline, read_front_matter, strip_markup
from hemakg.builders.references import find_reference_section


def front_of(path):
    text = path.read_text(encoding="utf-8")
    section = find_reference_section(text)
    return text, read_front_matter(text, section[0] if section else None)


def test_sample_letter_front_matter_has_type_doi_title_byline_and_journal():
    text, front = front_of(corpus_file("002"))
    assert front.article_type[0] == "correspondence"
    assert front.doi[0] == "10.1186/s40164-025-00651-6"
    assert front.title[0].startswith("Breakthroughs of CAR T-cell therapy")
    assert [(a.name, a.markers) for a in front.authors] == [("Haixiao Zhang", ("1", "2")), ("Hong-Hu Zhu", ("1", "2", "*"))]
    assert (front.journal[0], front.year[0]) == ("Experimental Hematology & Oncology", 2025)


def test_sample_letter_affiliations_and_corresponding_block_are_found_mid_document():
    text, front = front_of(corpus_file("002"))
    assert [a.marker for a in front.affiliations] == ["1", "2"]
    assert front.affiliations[0].text.startswith("Department of Hematology, Beijing Chao-Yang Hospital")
    assert text[front.affiliations[1].start:].startswith("Chinese Institute for Medical Research")
    assert [(c.name, c.email) for c in front.corresponding] == [("Hona-Hu Zhu", "zhuhhdoc@163.com")]


def test_plain_text_letter_with_unicode_superscripts():
    _, front = front_of(TEST_DATA / "correspondence_venetoclax_letter.txt")
    assert front.article_type[0] == "brief report"
    assert [(a.name, a.markers) for a in front.authors] == [
        ("Ahmed Hassan", ("1", "2")), ("Sofia Lindqvist", ("1",)), ("Pedro Alvarez", ("2", "*"))]
    assert [a.marker for a in front.affiliations] == ["1", "2"]
    assert front.corresponding[0].name == "Pero Alvarez"


def test_byline_with_digits_glued_to_names():
    authors = parse_byline("Wei Chen1,2, Laura Gómez2 and Tom Baker1*")
    assert [(a.name, a.markers) for a in authors] == [
        ("Wei Chen", ("1", "2")), ("Laura Gómez", ("2",)), ("Tom Baker", ("1", "*"))]


def test_sentence_is_not_a_byline():
    assert parse_byline("Early-phase trials targeting diverse antigens show variable efficacy.") == []
    assert parse_byline("Department of Hematology, Oak Hospital") == []


def test_corresponding_author_on_one_line_with_email():
    front = read_front_matter("Research Letter\n\nCD19 CAR-T in adults with ALL\n\nAnn Lee¹, Bo Park²\n\n"
                              "¹Department of Medicine, Oak University, Boston, USA\n²Pine Cancer Center, Seoul, Korea\n\n"
                              "Correspondence to: Bo Park, Pine Cancer Center (bo.park@pine.kr)\n")
    assert front.article_type[0] == "research letter"
    assert [(c.name, c.email) for c in front.corresponding] == [("Bo Park", "bo.park@pine.kr")]
    assert [a.text for a in front.affiliations] == ["Department of Medicine, Oak University, Boston, USA",
                                                    "Pine Cancer Center, Seoul, Korea"]


def test_markup_is_stripped_from_cells_and_names():
    assert strip_markup("Patients ( <i>n</i> )") == "Patients ( n )"
    assert strip_markup("Super $\\gamma\\delta$ T-cell") == "Super γδ T-cell"
