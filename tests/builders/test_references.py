"""Reference lists: every entry a cited study with its authors, year, journal and abstract number."""

from __future__ import annotations

import pytest
from conftest import TEST_DATA, corpus_file
from rdflib.namespace import RDF, SKOS

from hemakg.builders import build_file
from hemakg.builders.references import parse_reference, read_references
from hemakg.ontology import HK, HKID

# (first author surname, number of listed authors, abstract number) of the sample letter's twelve references
SAMPLE_REFERENCES = {
    1: ("Lin", 6, "3467"), 2: ("Naik", 6, "2076"), 3: ("Zhao", 5, "2082"), 4: ("Zhang", 6, "7210"),
    5: ("Xu", 6, "6018"), 6: ("Geyer", 6, "2070"), 7: ("Yin", 6, "4836"), 8: ("Simpson", 6, "3416"),
    9: ("Zhang", 3, "372"), 10: ("Que", 5, "2032"), 11: ("Bejarano Garcia", 6, "3478"), 12: ("Wang", 6, "2058"),
}


def label(graph, node) -> str:
    return str(graph.value(node, SKOS.prefLabel))


def reference(result, number: int):
    return HKID[f"study/{result.document.slug}/reference-{number}"]


@pytest.fixture(scope="module")
def sample(corpus_results):
    return corpus_results[corpus_file("002").name]


def test_document_cites_each_of_the_twelve_references(sample):
    cited = set(sample.graph.objects(sample.document.iri, HK.cites))
    assert cited == {reference(sample, n) for n in SAMPLE_REFERENCES}


@pytest.mark.parametrize("number", sorted(SAMPLE_REFERENCES))
def test_each_reference_is_a_study_with_authors_year_journal_and_number(sample, number):
    graph, study = sample.graph, reference(sample, number)
    surname, authors, abstract = SAMPLE_REFERENCES[number]
    assert (study, RDF.type, HK.Study) in graph
    assert len(set(graph.objects(study, HK.author))) == authors
    first = graph.value(study, HK.firstAuthor)
    assert label(graph, first).endswith(surname)
    assert graph.value(study, HK.year).toPython() == 2024
    assert str(graph.value(study, HK.journal)) == "Blood"
    assert str(graph.value(study, HK.publicationNumber)) == abstract


def test_reference_titles_are_labels_and_et_al_is_not_an_author(sample):
    graph = sample.graph
    assert label(graph, reference(sample, 1)) == "The safety and efficacy of CD33 CAR-T therapy for RR AML after HSCT"
    assert not any("et al" in label(graph, e) for e in graph.subjects(RDF.type, HK.Expert))


def test_reference_relations_come_from_its_own_title(sample):
    graph = sample.graph
    study = reference(sample, 10)  # cited only together with [9]; its title names CD70
    assert "CD70" in {label(graph, t) for t in graph.objects(study, HK.targets)}


def test_co_authors_are_linked_through_shared_studies(sample):
    graph = sample.graph

    def studies_of(name):
        person = next(e for e in graph.subjects(RDF.type, HK.Expert) if label(graph, e) == name)
        return {s for s in graph.subjects(HK.author, person)}

    # the same abbreviated names recur across three abstracts from one group
    assert studies_of("Y Zhao") == {reference(sample, n) for n in (3, 5, 9)}
    assert studies_of("X Zhang") == {reference(sample, n) for n in (3, 4, 5)}
    assert reference(sample, 3) in studies_of("M Zhao") & studies_of("S Guo")


def test_single_initial_does_not_merge_a_reference_author_with_a_letter_author(sample):
    graph = sample.graph
    letter = next(graph.objects(sample.document.iri, HK.describes))
    letter_authors = set(graph.objects(letter, HK.author))
    cited_authors = {a for n in SAMPLE_REFERENCES for a in graph.objects(reference(sample, n), HK.author)}
    assert not letter_authors & cited_authors  # "Zhang H" (reference 5) is not Haixiao Zhang


def test_two_initials_merge_a_reference_author_with_the_letter_author():
    result = build_file(TEST_DATA / "correspondence_myeloma_letter.md")
    graph = result.graph
    letter = next(graph.objects(result.document.iri, HK.describes))
    moreau = next(a for a in graph.objects(letter, HK.author) if label(graph, a) == "Jean-Luc Moreau")
    assert graph.value(reference(result, 2), HK.firstAuthor) == moreau
    rossi = next(a for a in graph.objects(letter, HK.author) if label(graph, a) == "Maria Rossi")
    assert rossi not in set(graph.objects(reference(result, 2), HK.author))  # "Rossi M" stays apart


def test_bracket_numbered_references_of_a_plain_text_letter():
    text = (TEST_DATA / "correspondence_venetoclax_letter.txt").read_text(encoding="utf-8")
    references = read_references(text)
    assert [r.number for r in references] == [1, 2, 3, 4]
    first = references[0]
    assert (first.authors[0], first.et_al, first.journal, first.year, first.volume, first.pages) == (
        "DiNardo CD", True, "N Engl J Med", 2020, "383", "617-629")
    assert first.publication_number is None  # a page range of a regular issue is not an abstract number


def test_unnumbered_entries_take_the_next_number_and_wrapped_lines_join():
    text = ("Body.\n\n## References\n\n- 1. Lee A, Kim B, et al. A first study of CD7 CAR-T. Blood. 2023;1:2.\n"
            "- Park C, Cho D. A second study of CD19 CAR-T\n  in children. Leukemia. 2022;5(1):e12.\n")
    references = read_references(text)
    assert [(r.number, r.authors, r.title) for r in references] == [
        (1, ("Lee A", "Kim B"), "A first study of CD7 CAR-T"),
        (2, ("Park C", "Cho D"), "A second study of CD19 CAR-T in children"),
    ]


def test_reference_with_doi_and_dotted_initials():
    found = parse_reference("Smith J.A., Brown K. Ruxolitinib in myelofibrosis. Lancet. 2021;397:100-9. "
                            "doi:10.1016/S0140-6736(20)00001-1")
    assert found.authors == ("Smith JA", "Brown K")
    assert (found.title, found.journal, found.year) == ("Ruxolitinib in myelofibrosis", "Lancet", 2021)
    assert found.doi == "10.1016/S0140-6736(20)00001-1"


def test_reference_list_without_a_heading_is_found_at_the_end():
    text = ("A short letter about CD19 CAR-T in adults [1] and CD22 CAR-T after relapse [2, 3].\n\n"
            "1. Lee A, Kim B. CD19 CAR-T cells in adult ALL. Blood. 2021;138:1-10.\n"
            "2. Park C, Cho D. CD22 CAR-T cells after CD19 failure. Leukemia. 2022;36:11-20.\n"
            "3. Ito E, Sato F. Sequential CAR-T therapy. Haematologica. 2023;108:21-30.\n")
    assert [(r.number, r.authors[0], r.year) for r in read_references(text)] == [
        (1, "Lee A", 2021), (2, "Park C", 2022), (3, "Ito E", 2023)]


def test_supplement_abstracts_were_presented_at_the_meeting_the_letter_reports_on(sample):
    graph = sample.graph
    for number in SAMPLE_REFERENCES:
        meetings = {label(graph, c) for c in graph.objects(reference(sample, number), HK.presentedAt)}
        assert meetings == {"ASH Annual Meeting 2024"}


def test_regular_journal_articles_are_not_given_a_meeting():
    result = build_file(TEST_DATA / "correspondence_myeloma_letter.md")
    graph = result.graph
    assert {label(graph, c) for c in graph.objects(reference(result, 2), HK.presentedAt)} == {"EHA Congress 2023"}
    assert not list(graph.objects(reference(result, 3), HK.presentedAt))


def test_author_year_entries_in_both_common_styles_are_read():
    springer = parse_reference("Rossi G, Bianchi L, Conti P, et al (2023) Azacitidine plus venetoclax outside "
                               "trials. Ann Hematol 102:55–63. https://doi.org/10.1007/s00277-023-0001")
    assert (springer.authors, springer.et_al, springer.year) == (("Rossi G", "Bianchi L", "Conti P"), True, 2023)
    assert (springer.title, springer.journal, springer.volume, springer.pages) == (
        "Azacitidine plus venetoclax outside trials", "Ann Hematol", "102", "55–63")
    assert springer.doi == "10.1007/s00277-023-0001"
    apa = parse_reference("Okafor, R. T., Moreau, P.-L., & van der Berg, K. (2019). Imatinib dose reduction vs. "
                          "stopping: a trial. Blood Advances, 3(2), 100-108.")
    assert apa.authors == ("Okafor RT", "Moreau P-L", "van der Berg K")
    assert (apa.title, apa.journal, apa.year, apa.issue) == (
        "Imatinib dose reduction vs. stopping: a trial", "Blood Advances", 2019, "2")


def test_unnumbered_author_year_list_opens_an_entry_per_author_line():
    text = ("Body text.\n\nReferences\n\nLee, A., & Park, B. (2021). First title about CML. Leukemia, 35(4), 1–9.\n"
            "Ito K, Sato M (2022) Second title about AML\nwrapped onto a second line. Blood 140:10–20\n")
    assert [(r.number, r.authors, r.year, r.title) for r in read_references(text)] == [
        (1, ("Lee A", "Park B"), 2021, "First title about CML"),
        (2, ("Ito K", "Sato M"), 2022, "Second title about AML wrapped onto a second line")]


def test_harvard_entry_with_a_quoted_title_gives_title_and_journal():
    harvard = parse_reference("Moreno, L., Adeyemi, T. and Kaur, S. (2022) ‘Luspatercept in lower-risk MDS: a pooled "
                              "analysis’, Leukemia Research, 118(2), pp. 10–18.")
    assert harvard.authors == ("Moreno L", "Adeyemi T", "Kaur S")
    assert (harvard.title, harvard.journal, harvard.year, harvard.volume, harvard.pages) == (
        "Luspatercept in lower-risk MDS: a pooled analysis", "Leukemia Research", 2022, "118", "10–18")
