"""Front matter of letters, found by the shape of each block rather than by its place."""

from __future__ import annotations

import pytest
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


def test_byline_with_parenthesised_markers():
    authors = parse_byline("Nora Field(1), Omar Said(2), Ivo Petrov(1)*")
    assert [(a.name, a.markers) for a in authors] == [
        ("Nora Field", ("1",)), ("Omar Said", ("2",)), ("Ivo Petrov", ("1", "*"))]


def test_initialled_byline_with_spaced_superscript_affiliation_lines():
    front = read_front_matter("Brief Report\n\nImatinib dose reduction in chronic phase CML\n\nR. Okafor¹, T. Lindgren²\n\n"
                              "¹ Department of Haematology, Lagos University Teaching Hospital, Lagos, Nigeria\n"
                              "² Karolinska Institute, Stockholm, Sweden\n")
    assert [(a.name, a.markers) for a in front.authors] == [("R. Okafor", ("1",)), ("T. Lindgren", ("2",))]
    assert [(a.marker, a.text.split(",")[0]) for a in front.affiliations] == [
        ("1", "Department of Haematology"), ("2", "Karolinska Institute")]


def test_salutation_and_journal_header_are_not_the_title():
    front = read_front_matter("Leukemia Research Letters\n\nLetter to the Editor\n\nTo the Editor:\n\n"
                              "Dasatinib-associated pleural effusion in older patients with CML\n\n"
                              "Ana Ruiz¹, Ben Cole²\n\n¹Hematology Service, Valle Hospital\n²Cole Cancer Institute\n")
    assert front.article_type[0] == "letter to the editor"
    assert front.title[0] == "Dasatinib-associated pleural effusion in older patients with CML"
    assert [a.name for a in front.authors] == ["Ana Ruiz", "Ben Cole"]


def test_dear_editor_is_not_a_title_when_the_letter_opens_with_it():
    front = read_front_matter("Dear Editor,\n\nCD38 antibodies before transplant in myeloma\n\nLi Wei¹, Sam Fox²\n")
    assert front.title[0] == "CD38 antibodies before transplant in myeloma"


def test_authors_and_affiliations_fields_with_markers_in_one_line():
    front = read_front_matter("# Azacitidine maintenance after transplant\n\n**Authors:** Mira Kovac¹, Dan Ortiz²\n\n"
                              "**Affiliations:** ¹Department of Medicine, Lake University; ²Pine Cancer Center, Austin, USA\n")
    assert [(a.name, a.markers) for a in front.authors] == [("Mira Kovac", ("1",)), ("Dan Ortiz", ("2",))]
    assert [(a.marker, a.text) for a in front.affiliations] == [
        ("1", "Department of Medicine, Lake University"), ("2", "Pine Cancer Center, Austin, USA")]


def test_by_line_keeps_names_and_hands_the_rest_to_the_affiliation():
    front = read_front_matter("Ruxolitinib in myelofibrosis: ten years on\n\n"
                              "By Elena Marsh, MD, and Victor Hale, Department of Hematology, Oak Medical Center, Denver\n")
    assert [a.name for a in front.authors] == ["Elena Marsh", "Victor Hale"]
    assert [a.text for a in front.affiliations] == ["Department of Hematology, Oak Medical Center, Denver"]


def test_emphasised_by_line_takes_the_affiliation_line_under_it():
    front = read_front_matter("Ibrutinib holidays in CLL\n\n*By Laura Neri, MD, and Paolo Gatti*\n\n"
                              "Division of Hematology, Oak Hospital, Padua\n")
    assert [(a.name, a.markers) for a in front.authors] == [("Laura Neri", ()), ("Paolo Gatti", ())]
    assert [a.text for a in front.affiliations] == ["Division of Hematology, Oak Hospital, Padua"]


def test_stacked_author_and_affiliation_fields_are_read_once_without_their_labels():
    front = read_front_matter("Ibrutinib holidays in CLL\n\n**Authors:** Ann Lee, Bo Park\n"
                              "**Affiliation:** Oak Hospital, Padua\n")
    assert [a.name for a in front.authors] == ["Ann Lee", "Bo Park"]
    assert [(a.marker, a.text) for a in front.affiliations] == [("", "Oak Hospital, Padua")]


def test_short_title_above_the_article_type_stays_when_no_title_follows_it():
    front = read_front_matter("# CD7 CAR-T in T-ALL\n\nResearch Letter\n\nAnn Lee¹, Bo Park²\n\n"
                              "¹Department of Medicine, Oak Hospital\n\nWe treated ten patients.\n\n"
                              "## Patients and methods\n\nAll had relapsed.\n")
    assert front.title[0] == "CD7 CAR-T in T-ALL"
    assert [a.name for a in front.authors] == ["Ann Lee", "Bo Park"]


def test_correspondence_label_with_a_colon_opens_the_block_not_the_article_type():
    front = read_front_matter("Ibrutinib holidays in CLL\n\nAnn Lee¹, Bo Park²\n\n*Correspondence:\nAnn Lee\nann@oak.org\n")
    assert front.article_type is None
    assert [(c.name, c.email) for c in front.corresponding] == [("Ann Lee", "ann@oak.org")]


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("Jonas Weber, MD(1), Amira Haddad, PhD (2) and Felix Braun (1,2)*",
         [("Jonas Weber", ("1",)), ("Amira Haddad", ("2",)), ("Felix Braun", ("1", "2", "*"))]),
        ("Laura M. Bianchi¹, Pietro Conti²†", [("Laura M. Bianchi", ("1",)), ("Pietro Conti", ("2", "†"))]),
        ("Laura Bianchi 1, Pietro Conti 2", [("Laura Bianchi", ("1",)), ("Pietro Conti", ("2",))]),
        ("Laura Bianchi<sup>a</sup>, Pietro Conti<sup>b</sup>", [("Laura Bianchi", ("a",)), ("Pietro Conti", ("b",))]),
        ("Azacitidine Maintenance Therapy 2", []),
    ],
)
def test_byline_markers_after_degrees_symbols_spaces_and_letters(byline, expected):
    assert [(a.name, a.markers) for a in parse_byline(byline)] == expected


def test_a_journal_citation_line_with_the_article_type_after_a_wide_gap_is_no_title():
    text = ("J Clin Haem Rep. 2026;8(2):101–104                   BRIEF COMMUNICATION\n\n"
            "Luspatercept in transfusion-dependent thalassaemia:\na single-centre experience\n\n"
            "Ann Lee ᵃ,* | Bo Park ᵇ\n\nᵃDepartment of Haematology, Oak Hospital; ᵇElm University\n")
    front = read_front_matter(text)
    assert front.article_type[0] == "brief communication"
    assert front.title[0] == "Luspatercept in transfusion-dependent thalassaemia: a single-centre experience"
    assert [(a.name, a.markers) for a in front.authors] == [("Ann Lee", ("a", "*")), ("Bo Park", ("b",))]
    assert [(a.marker, a.text) for a in front.affiliations] == [("a", "Department of Haematology, Oak Hospital"),
                                                                ("b", "Elm University")]


def test_web_letter_front_matter_skips_page_chrome_and_reads_degrees_before_letter_markers():
    text = ("Skip to main content\nJournal of Blood Letters   |   CORRESPONDENCE   |   Open Access\n\n"
            "Cold agglutinin disease treated with sutimlimab: a single-centre series\n\n"
            "Ana Ruiz MBChB, FRCPath a  ✉, Lars Berg MD b, Mei Chen MRCP a\n\n"
            "a Department of Haematology, Oak Infirmary, Leeds, UK\nb Pine University, Oslo, Norway\n")
    front = read_front_matter(text)
    assert front.title[0] == "Cold agglutinin disease treated with sutimlimab: a single-centre series"
    assert front.article_type[0] == "correspondence"
    assert [(a.name, a.markers) for a in front.authors] == [("Ana Ruiz", ("a", "✉")), ("Lars Berg", ("b",)),
                                                            ("Mei Chen", ("a",))]
    assert [a.marker for a in front.affiliations] == ["a", "b"]


def test_markdown_caret_superscripts_mark_the_byline_and_the_affiliations():
    text = ("# Ibrutinib after CAR-T failure in mantle cell lymphoma: three cases\n\n"
            "Ann Lee^1^, Bo Park^1,2^\n\n^1^ Department of Haematology, Oak Hospital, Leeds, UK\n"
            "^2^ Elm University, Oslo, Norway\n")
    front = read_front_matter(text)
    assert [(a.name, a.markers) for a in front.authors] == [("Ann Lee", ("1",)), ("Bo Park", ("1", "2"))]
    assert [(a.marker, a.text) for a in front.affiliations] == [("1", "Department of Haematology, Oak Hospital, Leeds, UK"),
                                                                ("2", "Elm University, Oslo, Norway")]
