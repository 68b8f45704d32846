"""Short study reports: one study, its title, byline authors and affiliations, and what its body reports."""

from __future__ import annotations

import pytest
from conftest import TEST_DATA
from rdflib.namespace import SKOS

from hemakg.builders import build_file
from hemakg.ontology import HK, HKID


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
    assert "Department of Hematology" in labels(report, graph.objects(first, HK.affiliatedWith))
    department = graph.value(first, HK.affiliatedWith)
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
