"""The correspondence builder on the sample letter (corpus 002) and on two letters of our own.

Facts are asserted together with their provenance: the sentence that carries them.
"""

from __future__ import annotations


import pytest
from conftest import TEST_DATA, corpus_file
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS

from hemakg.builders import build_file
from hemakg.ontology import HK, HKID
from affiliations import own_places


def label(graph, node) -> str:
    return str(graph.value(node, SKOS.prefLabel))


def objects(graph, subject, predicate) -> set[str]:
    return {label(graph, o) for o in graph.objects(subject, predicate)}


def evidence_sentences(graph, subject, predicate, obj) -> list[str]:
    """Texts of the sentences cited as evidence for a triple."""
    texts = []
    for node in graph.subjects(RDF.subject, subject):
        if (node, RDF.predicate, predicate) in graph and (node, RDF.object, obj) in graph:
            texts.append(str(graph.value(graph.value(node, HK.sentence), HK.text)))
    return texts


def letter_of(result) -> URIRef:
    return next(result.graph.objects(result.document.iri, HK.describes))


def study_of_reference(result, number: int) -> URIRef:
    return HKID[f"study/{result.document.slug}/reference-{number}"]


def concept(graph, study, predicate, pref_label) -> URIRef:
    return next(o for o in graph.objects(study, predicate) if label(graph, o) == pref_label)


@pytest.fixture(scope="module")
def sample(corpus_results):
    return corpus_results[corpus_file("002").name]


@pytest.fixture(scope="module")
def myeloma():
    return build_file(TEST_DATA / "correspondence_myeloma_letter.md")


@pytest.fixture(scope="module")
def venetoclax():
    return build_file(TEST_DATA / "correspondence_venetoclax_letter.txt")


def test_sample_letter_is_read_as_correspondence(sample):
    assert sample.genre == "correspondence"


def test_letter_is_a_study_with_title_doi_type_journal_and_year(sample):
    graph, letter = sample.graph, letter_of(sample)
    assert (letter, RDF.type, HK.Study) in graph
    assert label(graph, letter).startswith("Breakthroughs of CAR T-cell therapy in acute myeloid leukemia")
    assert str(graph.value(letter, HK.doi)) == "10.1186/s40164-025-00651-6"
    assert str(graph.value(letter, HK.studyType)) == "correspondence"
    assert str(graph.value(letter, HK.journal)) == "Experimental Hematology & Oncology"
    assert graph.value(letter, HK.year).toPython() == 2025


def test_letter_names_its_two_authors_first_and_corresponding(sample):
    graph, letter = sample.graph, letter_of(sample)
    assert objects(graph, letter, HK.author) == {"Haixiao Zhang", "Hong-Hu Zhu"}
    assert objects(graph, letter, HK.firstAuthor) == {"Haixiao Zhang"}
    assert objects(graph, letter, HK.correspondingAuthor) == {"Hong-Hu Zhu"}


def test_corresponding_author_typo_resolves_to_the_byline_author(sample):
    graph, letter = sample.graph, letter_of(sample)
    zhu = next(graph.objects(letter, HK.correspondingAuthor))
    assert Literal("Hona-Hu Zhu") in set(graph.objects(zhu, SKOS.altLabel))
    assert str(graph.value(zhu, HK.email)) == "zhuhhdoc@163.com"
    assert not any(label(graph, e) == "Hona-Hu Zhu" for e in graph.subjects(RDF.type, HK.Expert))


def test_authors_are_affiliated_with_their_numbered_institutions_and_the_chain_up(sample):
    graph, letter = sample.graph, letter_of(sample)
    for author in graph.objects(letter, HK.author):
        places = set(graph.objects(author, HK.affiliatedWith))
        # the numbered institutions, and each institution the department is part of
        assert {label(graph, p) for p in places} == {"Department of Hematology", "Beijing Chao-Yang Hospital",
                                                     "Capital Medical University", "Chinese Institute for Medical Research"}
        department = next(p for p in places if label(graph, p) == "Department of Hematology")
        hospital = graph.value(department, HK.partOf)
        assert label(graph, hospital) == "Beijing Chao-Yang Hospital"
        assert label(graph, graph.value(hospital, HK.partOf)) == "Capital Medical University"


def test_body_fact_goes_to_the_cited_study_with_its_sentence(sample):
    graph = sample.graph
    tong = study_of_reference(sample, 1)  # "Tong et al. evaluated CD33 CAR T-cells … [1]"
    cd33 = concept(graph, tong, HK.targets, "CD33")
    sentences = evidence_sentences(graph, tong, HK.targets, cd33)
    assert any("evaluated CD33 CAR T-cells in 12 post-transplant relapse patients" in s for s in sentences)
    outcomes = [o for o in graph.objects(tong, HK.hasOutcome) if str(graph.value(o, HK.measure)) == "CR"]
    assert any(float(graph.value(o, HK.percent)) == pytest.approx(41.67) for o in outcomes)


def test_sentence_broken_by_a_page_break_is_attributed_whole(sample):
    graph = sample.graph
    study = study_of_reference(sample, 4)  # "… (ThisCART371) was used in three patients and two of" / table / "them achieved CR [4]."
    cd3 = concept(graph, study, HK.targets, "CD3")
    assert any("KDEL-tagged anti-CD3" in s for s in evidence_sentences(graph, study, HK.targets, cd3))


def test_uncited_outlook_stays_a_document_mention(sample):
    graph, letter = sample.graph, letter_of(sample)
    il1rap = next(c for c in graph.objects(sample.document.iri, HK.mentions) if label(graph, c) == "IL1RAP")
    linked = {s for s, p in graph.subject_predicates(il1rap) if p != HK.mentions}
    assert not any(str(s).endswith(("reference-7", "reference-12")) for s in linked)
    # Only the table row that lists an IL-1RAP trial may give the letter this target, never the outlook sentence.
    assert all("NCT" in text and "IL1RAP" not in text
               for text in evidence_sentences(graph, letter, HK.targets, il1rap))


def test_own_markdown_letter_has_front_matter_authors_and_corresponding_typo(myeloma):
    graph, letter = myeloma.graph, letter_of(myeloma)
    assert myeloma.genre == "correspondence"
    assert str(graph.value(letter, HK.studyType)) == "letter to the editor"
    assert str(graph.value(letter, HK.doi)) == "10.5555/hemakg.example.2023.014"
    assert objects(graph, letter, HK.author) == {"Maria Rossi", "Jean-Luc Moreau", "Lena Fischer"}
    assert objects(graph, letter, HK.correspondingAuthor) == {"Lena Fischer"}
    fischer = next(graph.objects(letter, HK.correspondingAuthor))
    assert Literal("Lena Fisher") in set(graph.objects(fischer, SKOS.altLabel))
    moreau = next(a for a in graph.objects(letter, HK.author) if label(graph, a) == "Jean-Luc Moreau")
    division = own_places(graph, moreau)[0]
    assert label(graph, division) == "Division of Cell Therapy"
    assert label(graph, graph.value(division, HK.partOf)) == "Lyon Sud Hospital"


def test_own_markdown_letter_gives_cited_results_to_their_studies(myeloma):
    graph = myeloma.graph
    muller, moreau = study_of_reference(myeloma, 1), study_of_reference(myeloma, 2)
    assert "BCMA" in objects(graph, muller, HK.targets)
    assert graph.value(muller, HK.patientCount).toPython() == 52
    assert any(str(graph.value(o, HK.measure)) == "ORR" and graph.value(o, HK.percent).toPython() == 70
               for o in graph.objects(moreau, HK.hasOutcome))
    gprc5d = concept(graph, moreau, HK.targets, "GPRC5D")
    assert any("phase II study" in s for s in evidence_sentences(graph, moreau, HK.targets, gprc5d))


def test_own_plain_text_letter_reads_superscript_affiliations_and_running_header(venetoclax):
    graph, letter = venetoclax.graph, letter_of(venetoclax)
    assert venetoclax.genre == "correspondence"
    assert str(graph.value(letter, HK.studyType)) == "brief report"
    assert str(graph.value(letter, HK.journal)) == "Leukemia Letters"
    hassan = next(a for a in graph.objects(letter, HK.firstAuthor))
    assert label(graph, hassan) == "Ahmed Hassan"
    assert {label(graph, p) for p in own_places(graph, hassan)} == {
        "Department of Hematology", "Center for Leukemia Research"}
    alvarez = next(graph.objects(letter, HK.correspondingAuthor))
    assert label(graph, alvarez) == "Pedro Alvarez"
    assert str(graph.value(alvarez, HK.email)) == "pedro.alvarez@example.es"


def test_own_plain_text_letter_attributes_the_cited_trial_result(venetoclax):
    graph = venetoclax.graph
    dinardo = study_of_reference(venetoclax, 1)
    outcome = next(o for o in graph.objects(dinardo, HK.hasOutcome) if graph.value(o, HK.percent) is not None)
    assert graph.value(outcome, HK.percent).toPython() == 66
    assert "febrile neutropenia" in objects(graph, dinardo, HK.reportsAdverseEvent)
    flt3_outlook = objects(graph, letter_of(venetoclax), HK.evaluates) | objects(graph, dinardo, HK.evaluates)
    assert not any("FLT3" in name for name in flt3_outlook)


@pytest.fixture(scope="module")
def menin():
    return build_file(TEST_DATA / "correspondence_menin_wrapped.txt")


def test_hard_wrapped_letter_attributes_the_wrapped_passage_to_its_study(menin):
    graph = menin.graph
    issa = study_of_reference(menin, 1)
    assert graph.value(issa, HK.patientCount).toPython() == 68
    outcome = next(o for o in graph.objects(issa, HK.hasOutcome) if str(graph.value(o, HK.measure)) == "CR")
    assert float(graph.value(outcome, HK.percent)) == 30
    evidence = " ".join(evidence_sentences(graph, issa, HK.hasOutcome, outcome))
    assert "complete remission in 30%" in evidence


def test_byline_degrees_unmarked_affiliation_and_email_only_correspondence(menin):
    graph, letter = menin.graph, letter_of(menin)
    assert objects(graph, letter, HK.author) == {"Ann Lee", "Bo Park"}
    assert str(graph.value(letter, HK.journal)) == "Blood Cancer Journal"
    lee = next(graph.objects(letter, HK.correspondingAuthor))
    assert str(graph.value(lee, HK.email)) == "ann.lee@oak.edu"
    for author in graph.objects(letter, HK.author):
        department = own_places(graph, author)[0]
        assert label(graph, department) == "Department of Medicine"
        assert label(graph, graph.value(department, HK.partOf)) == "Oak University"


def test_superscript_citations_and_reference_column_attribute_facts():
    result = build_file(TEST_DATA / "correspondence_ponatinib_superscripts.txt")
    graph = result.graph
    phallcon = study_of_reference(result, 2)
    outcome = next(o for o in graph.objects(phallcon, HK.hasOutcome) if graph.value(o, HK.percent) is not None)
    assert (str(graph.value(outcome, HK.measure)), float(graph.value(outcome, HK.percent))) == ("MRD-negative CR", 34)
    assert any("PhALLCON study" in s for s in evidence_sentences(graph, phallcon, HK.hasOutcome, outcome))
    background = study_of_reference(result, 1)  # cited only by the background sentence, which names no result
    assert not list(graph.objects(background, HK.hasOutcome))
    cohort = next(graph.objects(study_of_reference(result, 3), HK.hasCohort))
    assert graph.value(cohort, HK.patientCount).toPython() == 40
    assert {"ponatinib", "blinatumomab"} <= objects(graph, cohort, HK.evaluates)
    letter = letter_of(result)
    novak = next(graph.objects(letter, HK.correspondingAuthor))
    assert label(graph, novak) == "Peter Novak" and Literal("Peter Nowak") in set(graph.objects(novak, SKOS.altLabel))


@pytest.fixture(scope="module")
def parenthesised():
    return build_file(TEST_DATA / "correspondence_r2_paren_markers.txt")


def test_plain_letter_title_follows_the_article_type_not_the_salutation(parenthesised):
    graph, letter = parenthesised.graph, letter_of(parenthesised)
    assert parenthesised.genre == "correspondence"
    assert label(graph, letter) == ("Asciminib after two tyrosine kinase inhibitors in chronic myeloid leukemia: "
                                    "a view from routine practice")
    assert str(graph.value(letter, HK.studyType)) == "letter to the editor"


def test_parenthesised_markers_give_each_author_their_numbered_institution(parenthesised):
    graph, letter = parenthesised.graph, letter_of(parenthesised)
    assert objects(graph, letter, HK.author) == {"Katrin Vogel", "Samir Benali", "Lukas Brenner"}
    assert objects(graph, letter, HK.firstAuthor) == {"Katrin Vogel"}
    assert objects(graph, letter, HK.correspondingAuthor) == {"Lukas Brenner"}
    by_name = {label(graph, a): a for a in graph.objects(letter, HK.author)}
    assert {label(graph, p) for p in own_places(graph, by_name["Katrin Vogel"])} == {"Department of Hematology and Oncology"}
    assert {label(graph, p) for p in own_places(graph, by_name["Samir Benali"])} == {"Institute of Clinical Pharmacology"}
    assert str(graph.value(by_name["Lukas Brenner"], HK.email)) == "lukas.brenner@example.de"
    institute = own_places(graph, by_name["Samir Benali"])[0]
    assert objects(graph, institute, HK.partOf) == {"Rhine Medical University"}


def test_parenthesised_letter_names_no_spurious_people_or_places(parenthesised):
    graph = parenthesised.graph
    places = {label(graph, i) for i in graph.subjects(RDF.type, HK.Institution)}
    assert places == {"Department of Hematology and Oncology", "Elbe University Hospital",
                      "Institute of Clinical Pharmacology", "Rhine Medical University"}
    people = {label(graph, e) for e in graph.subjects(RDF.type, HK.Expert)}
    assert {"Katrin Vogel", "Samir Benali", "Lukas Brenner", "D Rea", "TP Hughes"} <= people
    assert not any(word in person for person in people for word in ("Department", "Editor", "Letter", "Hamburg"))


def test_negated_adverse_events_in_a_cited_passage_are_not_the_cited_studys(parenthesised):
    graph = parenthesised.graph
    first, second = study_of_reference(parenthesised, 1), study_of_reference(parenthesised, 2)
    assert objects(graph, first, HK.reportsAdverseEvent) == {"thrombocytopenia"}  # "QT prolongation was not observed"
    assert objects(graph, second, HK.reportsAdverseEvent) == set()  # "did not cause hypertension"
    assert graph.value(first, HK.year).toPython() == 2021


@pytest.fixture(scope="module")
def author_year():
    return build_file(TEST_DATA / "correspondence_r2_author_year.md")


def test_author_year_reference_list_makes_a_letter_with_cited_studies(author_year):
    graph = author_year.graph
    assert author_year.genre == "correspondence"
    assert label(graph, letter_of(author_year)) == ("Zanubrutinib after ibrutinib intolerance in chronic lymphocytic "
                                                    "leukemia")
    first = study_of_reference(author_year, 1)
    assert label(graph, first) == "Zanubrutinib or ibrutinib in relapsed or refractory chronic lymphocytic leukemia"
    assert str(graph.value(first, HK.journal)) == "New England Journal of Medicine"
    assert graph.value(first, HK.year).toPython() == 2023
    assert objects(graph, first, HK.firstAuthor) == {"JR Brown"}
    assert objects(graph, study_of_reference(author_year, 3), HK.author) == {"CS Tam", "S Opat"}


def test_author_year_citation_gives_the_passage_to_its_study(author_year):
    graph = author_year.graph
    first, second = study_of_reference(author_year, 1), study_of_reference(author_year, 2)
    assert objects(graph, first, HK.reportsAdverseEvent) == {"atrial fibrillation"}
    assert any("(Brown et al., 2023)" in text for text in evidence_sentences(
        graph, first, HK.reportsAdverseEvent, concept(graph, first, HK.reportsAdverseEvent, "atrial fibrillation")))
    assert objects(graph, second, HK.reportsAdverseEvent) == set()  # "hypertension was not observed"
    assert objects(graph, letter_of(author_year), HK.reportsAdverseEvent) == set()


def test_author_year_letter_fields_give_marked_affiliations_and_corresponding_author(author_year):
    graph, letter = author_year.graph, letter_of(author_year)
    assert objects(graph, letter, HK.author) == {"Marta Lindholm", "Yusuf Demir", "Clara Hoffmann"}
    assert objects(graph, letter, HK.correspondingAuthor) == {"Clara Hoffmann"}
    by_name = {label(graph, a): a for a in graph.objects(letter, HK.author)}
    assert {label(graph, p) for p in own_places(graph, by_name["Yusuf Demir"])} == {"Institute of Hematology"}
    department = own_places(graph, by_name["Marta Lindholm"])[0]
    assert objects(graph, department, HK.partOf) == {"Nordfjord University Hospital"}
    places = {label(graph, i) for i in graph.subjects(RDF.type, HK.Institution)}
    assert not any(city in place for place in places for city in ("Bergen", "Istanbul", "Norway", "Turkey"))


@pytest.fixture(scope="module")
def own_cohort():
    return build_file(TEST_DATA / "correspondence_r4_own_cohort.md")


def test_the_authors_own_patients_are_the_letters_study(own_cohort):
    graph, letter = own_cohort.graph, letter_of(own_cohort)
    assert objects(graph, letter, HK.evaluates) == {"romiplostim", "eltrombopag"}
    assert objects(graph, letter, HK.reportsAdverseEvent) == {"epistaxis", "headache"}  # "none developed thrombosis"
    assert objects(graph, letter, HK.reportsTrial) == {"NCT06012345"}
    assert evidence_sentences(graph, letter, HK.reportsAdverseEvent, concept(graph, letter, HK.reportsAdverseEvent,
                                                                             "epistaxis")) == [
        "Epistaxis occurred in 4 patients and headache in 6; none developed thrombosis."]


def test_cited_background_and_declarations_stay_out_of_the_letters_study(own_cohort):
    graph, letter = own_cohort.graph, letter_of(own_cohort)
    assert "thrombopoietin receptor agonist" in objects(graph, study_of_reference(own_cohort, 1), HK.evaluates)
    assert "thrombopoietin receptor agonist" not in objects(graph, letter, HK.evaluates)
    assert "avatrombopag" not in objects(graph, letter, HK.evaluates)  # "Competing interests: … avatrombopag"


def test_pdf_front_matter_with_a_wrapped_title_a_pipe_byline_and_letter_markers():
    """A title wrapped over three lines, "Name a,b  |  Name c  |" bylines over two lines, affiliations "a …; b …"
    on one line, a correspondence address wrapped onto the next line, and a page footer under the references."""
    result = build_file(TEST_DATA / "correspondence_r6_pdf_front_matter.txt")
    graph, letter = result.graph, letter_of(result)
    assert result.genre == "correspondence"
    assert label(graph, letter) == ("Pirtobrutinib after covalent BTK inhibitor failure in chronic lymphocytic "
                                    "leukaemia: PLCG2 mutations and outcomes in a regional cohort")
    assert objects(graph, letter, HK.author) == {"Aoife M. Gallagher", "Tomás Ribeiro-Lund", "Priyanka Deshmukh",
                                                 "Henrik O. Strand"}
    assert objects(graph, letter, HK.correspondingAuthor) == {"Henrik O. Strand"}
    by_name = {label(graph, a): a for a in graph.objects(letter, HK.author)}
    assert {label(graph, p) for p in own_places(graph, by_name["Aoife M. Gallagher"])} == {
        "Department of Haematology", "Institute of Molecular Medicine"}
    assert {label(graph, p) for p in own_places(graph, by_name["Priyanka Deshmukh"])} == {"Haematology Service"}
    # two references, read with their particles and four initials; the footer below them is none
    cited = [study_of_reference(result, n) for n in (1, 2)]
    assert "NWCJ van der Berg" in objects(graph, cited[0], HK.author)
    assert objects(graph, cited[1], HK.author) == {"R Alves da Silva", "MT Kwan"}
    assert len(set(graph.subjects(RDF.type, HK.Study))) == 3
