"""Short study reports: one study, its title, byline authors and affiliations, and what its body reports."""

from __future__ import annotations

import pytest
from conftest import TEST_DATA
from rdflib.namespace import RDF, SKOS

from hemakg.builders import build_file
from hemakg.ontology import HK, HKID
from affiliations import own_places


@pytest.fixture(scope="module")
def report():
    return build_file(TEST_DATA / "report_cd33_car_t.md")


def the_study(result):
    studies = list(result.graph.objects(result.document.iri, HK.describes))
    assert len(studies) == 1
    return studies[0]


def labels(result, nodes) -> list[str]:
    return [str(result.graph.value(n, SKOS.prefLabel)) for n in nodes]


def test_report_is_one_study_titled_by_its_heading(report):
    assert report.genre == "report"
    study = the_study(report)
    assert labels(report, [study]) == ["CD33 CAR T cells for post-transplant relapse of acute myeloid leukemia: "
                                       "a single-centre study"]


def test_report_byline_gives_authors_first_author_and_numbered_affiliations(report):
    graph = report.graph
    study = the_study(report)
    assert sorted(labels(report, graph.objects(study, HK.author))) == ["Mei Lin", "Peter Hollis"]
    first = graph.value(study, HK.firstAuthor)
    assert labels(report, [first]) == ["Mei Lin"]
    assert "Department of Hematology" in labels(report, own_places(graph, first))
    department = own_places(graph, first)[0]
    assert labels(report, graph.objects(department, HK.partOf)) == ["Riverside University Hospital"]


def test_report_links_its_own_product_condition_and_outcomes(report):
    graph = report.graph
    study = the_study(report)
    assert HKID["antigen/cd33"] in set(graph.objects(study, HK.targets))
    assert HKID["disease/acute-myeloid-leukemia"] in set(graph.objects(study, HK.condition))
    assert any((t, HK.targets, HKID["antigen/cd33"]) in graph for t in graph.objects(study, HK.evaluates))
    assert graph.value(study, HK.patientCount).toPython() == 15
    outcome = graph.value(study, HK.hasOutcome)
    assert (str(graph.value(outcome, HK.measure)), graph.value(outcome, HK["count"]).toPython(),
            graph.value(outcome, HK.denominator).toPython()) == ("CR", 6, 15)
    observation = graph.value(study, HK.hasAdverseEventObservation)
    assert str(graph.value(observation, HK.grade)) == "3"


def test_report_background_section_is_context_not_the_studys_targets(report):
    targets = set(report.graph.objects(the_study(report), HK.targets))
    assert HKID["antigen/cll1"] not in targets and HKID["antigen/cd123"] not in targets
    assert HKID["antigen/cll1"] in set(report.graph.objects(report.document.iri, HK.mentions))


@pytest.fixture(scope="module")
def fields_report():
    return build_file(TEST_DATA / "report_r2_authors_fields.md")


@pytest.fixture(scope="module")
def by_line_report():
    return build_file(TEST_DATA / "report_r2_by_division.txt")


def institutions(result) -> dict[str, list[str]]:
    graph = result.graph
    return {label: labels(result, graph.objects(node, HK.partOf))
            for node in graph.subjects(RDF.type, HK.Institution)
            for label in labels(result, [node])}


def experts(result) -> list[str]:
    return sorted(labels(result, result.graph.subjects(RDF.type, HK.Expert)))


def test_authors_and_affiliation_fields_give_every_author_the_department_of_the_hospital(fields_report):
    graph = fields_report.graph
    study = the_study(fields_report)
    assert labels(fields_report, [study]) == ["Blinatumomab consolidation for adults with B-cell acute lymphoblastic "
                                              "leukemia in first remission"]
    assert experts(fields_report) == ["Helena Novak", "Ingrid Solberg", "Tomasz Wrona"]
    assert sorted(labels(fields_report, graph.objects(study, HK.author))) == experts(fields_report)
    assert labels(fields_report, [graph.value(study, HK.firstAuthor)]) == ["Helena Novak"]
    for author in graph.objects(study, HK.author):
        assert labels(fields_report, own_places(graph, author)) == ["Department of Hematology"]
    assert institutions(fields_report) == {"Department of Hematology": ["Vistula University Hospital"],
                                           "Vistula University Hospital": []}


def test_report_event_negated_after_its_name_is_not_reported(fields_report):
    graph = fields_report.graph
    study = the_study(fields_report)
    events = set(graph.objects(study, HK.reportsAdverseEvent))
    assert HKID["adverse-event/cytokine-release-syndrome"] not in events  # "… did not occur."
    assert HKID["adverse-event/cytokine-release-syndrome"] in set(graph.objects(fields_report.document.iri, HK.mentions))
    assert len(events) == 1  # the neurotoxicity that did occur


def test_by_line_names_end_where_their_division_begins(by_line_report):
    graph = by_line_report.graph
    study = the_study(by_line_report)
    assert experts(by_line_report) == ["Chiara Esposito", "Matteo Ricci"]
    assert labels(by_line_report, [graph.value(study, HK.firstAuthor)]) == ["Chiara Esposito"]
    for author in graph.objects(study, HK.author):
        assert labels(by_line_report, own_places(graph, author)) == ["Division of Cellular Therapy"]
    # the city, postcode and country of the byline are not institutions
    assert institutions(by_line_report) == {"Division of Cellular Therapy": ["Santa Lucia University Hospital"],
                                            "Santa Lucia University Hospital": []}


def test_by_line_report_body_starts_after_the_byline(by_line_report):
    graph = by_line_report.graph
    study = the_study(by_line_report)
    assert str(graph.value(study, HK.title)).startswith("Luspatercept for transfusion-dependent anemia")
    assert HKID["therapy/luspatercept"] in set(graph.objects(study, HK.evaluates))


def test_single_unmarked_author_is_read_from_the_affiliation_line_under_the_name():
    result = build_file(TEST_DATA / "report_r2_single_author.txt")
    graph = result.graph
    study = the_study(result)
    assert experts(result) == ["Anika Sørensen"]
    author = graph.value(study, HK.firstAuthor)
    assert (study, HK.correspondingAuthor, author) in graph
    assert str(graph.value(author, HK.email)) == "anika.sorensen@example.dk"
    assert labels(result, own_places(graph, author)) == ["Myeloma Unit"]
    assert institutions(result) == {"Myeloma Unit": ["Department of Hematology"],
                                    "Department of Hematology": ["Aarhus Fjord Hospital"], "Aarhus Fjord Hospital": []}


def test_plain_letter_without_references_is_titled_below_its_article_type():
    result = build_file(TEST_DATA / "report_r2_dear_editor_letter.txt")
    graph = result.graph
    study = the_study(result)
    assert labels(result, [study]) == ["Hydroxyurea dose escalation in children with sickle cell anemia in a "
                                       "low-resource setting"]
    assert experts(result) == ["Daniel Otieno", "Grace Mwangi"]
    by_name = {labels(result, [a])[0]: a for a in graph.objects(study, HK.author)}
    assert labels(result, own_places(graph, by_name["Daniel Otieno"])) == [
        "Centre for Blood Disorders Research"]
    assert labels(result, [graph.value(study, HK.firstAuthor)]) == ["Grace Mwangi"]
    events = set(graph.objects(study, HK.reportsAdverseEvent))
    assert HKID["adverse-event/stroke"] not in events  # "no child had a stroke"
    assert len(events) == 1  # the neutropenia that occurred


def test_correspondence_address_affiliates_an_author_the_byline_leaves_unplaced():
    result = build_file(TEST_DATA / "report_r2_correspondence_address.txt")
    graph = result.graph
    study = the_study(result)
    by_name = {labels(result, [a])[0]: a for a in graph.objects(study, HK.author)}
    assert sorted(by_name) == ["Oliver Grant", "Rania Haddad"]
    haddad = by_name["Rania Haddad"]
    assert (study, HK.correspondingAuthor, haddad) in graph
    assert str(graph.value(haddad, HK.email)) == "rania.haddad@example.org"
    assert labels(result, own_places(graph, haddad)) == ["Department of Hematology"]
    assert list(own_places(graph, by_name["Oliver Grant"])) == []  # the address is not his
    assert institutions(result) == {"Department of Hematology": ["Cedar Coast University Hospital"],
                                    "Cedar Coast University Hospital": []}  # no street, city or country


@pytest.fixture(scope="module")
def kicker_report():
    return build_file(TEST_DATA / "report_r4_kicker_named_affiliations.txt")


def test_a_capitalised_label_above_the_title_does_not_title_the_report(kicker_report):
    assert labels(kicker_report, [the_study(kicker_report)]) == [
        "Hydroxyurea dose escalation in adolescents with sickle cell anaemia: a randomised trial"]


def test_affiliations_written_after_the_authors_names_go_to_those_authors(kicker_report):
    graph = kicker_report.graph
    found = {name: labels(kicker_report, own_places(graph, person))
             for person in graph.subjects(RDF.type, HK.Expert) for name in labels(kicker_report, [person])}
    assert found == {"Amara Okafor-Lindqvist": ["Department of Paediatrics"], "Tendai Moyo": ["Department of Paediatrics"],
                     "Kwame Asante": ["Department of Paediatrics"], "Lindiwe Dube": ["Haematology Clinic"]}
    parents = institutions(kicker_report)
    assert parents["Department of Paediatrics"] == ["Zambezi University"]
    assert parents["Haematology Clinic"] == ["Limpopo Provincial Hospital"]


def test_a_pan_african_registry_number_is_a_clinical_trial(kicker_report):
    trials = list(kicker_report.graph.objects(the_study(kicker_report), HK.reportsTrial))
    assert labels(kicker_report, trials) == ["PACTR202301234567890"]


def test_a_title_in_capitals_is_the_title_and_the_byline_below_it_is_read():
    """A long title printed in capitals is the title (a short line in capitals is a label such as "STUDY REPORT"),
    so the byline with bare-digit markers under it gives the authors."""
    result = build_file(TEST_DATA / "report_r5_capital_title.txt")
    graph = result.graph
    study = graph.value(result.document.iri, HK.describes)
    assert str(graph.value(study, SKOS.prefLabel)).startswith("DASATINIB DISCONTINUATION IN CHILDREN")
    first, corresponding = graph.value(study, HK.firstAuthor), graph.value(study, HK.correspondingAuthor)
    assert (str(graph.value(first, SKOS.prefLabel)), str(graph.value(corresponding, SKOS.prefLabel))) == \
        ("Helga Sørensen", "Amelia Grant")
    assert {str(graph.value(a, SKOS.prefLabel)) for a in graph.objects(study, HK.author)} >= \
        {"Helga Sørensen", "Tomasz Nowicki", "Amelia Grant"}


def test_meeting_coverage_makes_each_talk_presented_under_its_own_heading_a_study():
    """A coverage article: its own byline, and sections that each present a talk by its quoted title."""
    result = build_file(TEST_DATA / "report_r6_meeting_coverage.md")
    graph = result.graph
    assert result.genre == "report"
    studies = {str(graph.value(s, SKOS.prefLabel)): s for s in graph.objects(result.document.iri, HK.describes)}
    glofitamab = studies["Glofitamab plus R-CHOP in previously untreated high-risk diffuse large B-cell lymphoma"]
    epcoritamab = studies["Epcoritamab with lenalidomide in relapsed follicular lymphoma: two-year follow-up"]
    assert len(studies) == 3  # and the article itself
    assert labels(result, graph.objects(glofitamab, HK.firstAuthor)) == ["Priya Raman"]
    assert labels(result, graph.objects(epcoritamab, HK.firstAuthor)) == ["Lars Eklund"]
    assert labels(result, graph.objects(glofitamab, HK.presentedAt)) == ["ASCO Annual Meeting 2026"]
    assert "glofitamab" in labels(result, graph.objects(glofitamab, HK.evaluates))
    assert "glofitamab" not in labels(result, graph.objects(epcoritamab, HK.evaluates))
    assert "neutropenia" in labels(result, graph.objects(epcoritamab, HK.reportsAdverseEvent))
    article = next(s for title, s in studies.items() if title.startswith("Bispecifics Move Forward"))
    assert labels(result, graph.objects(article, HK.author)) == ["Helen Marsh", "Omar Rahal"]
