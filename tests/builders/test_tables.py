"""Tables of letters: every row a cohort of the study it reports, with dose, patients, responses and toxicities."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import TEST_DATA, corpus_file
from rdflib.namespace import RDF, SKOS

from hemakg.builders import build_file
from hemakg.builders.table_cells import toxicities
from hemakg.builders.tables import column_role, find_tables
from hemakg.ontology import HK


def label(graph, node) -> str:
    return str(graph.value(node, SKOS.prefLabel))


def cohorts(result) -> dict[int, tuple]:
    """``{row number: (cohort, owning study)}`` of table 1."""
    graph = result.graph
    found = {}
    for study, cohort in graph.subject_objects(HK.hasCohort):
        name = label(graph, cohort)
        if name.startswith("Table 1 row "):
            found[int(name.split(":")[0].rsplit(" ", 1)[-1])] = (cohort, study)
    return found


def owner(result, study) -> str:
    return str(study).rsplit("/", 1)[-1]


def value(graph, node, predicate):
    found = graph.value(node, predicate)
    if found is None:
        return None
    found = found.toPython()
    return float(found) if isinstance(found, Decimal) else found


def outcome(graph, cohort, measure="CR"):
    return next(o for o in graph.objects(cohort, HK.hasOutcome) if str(graph.value(o, HK.measure)) == measure)


def observations(graph, cohort) -> set[tuple]:
    """``(adverse event label, grade, count)`` of each observation of the cohort."""
    found = set()
    for node in graph.objects(cohort, HK.hasAdverseEventObservation):
        event = graph.value(node, HK.adverseEvent)
        found.add((label(graph, event) if event is not None else label(graph, node),
                   value(graph, node, HK.grade), value(graph, node, HK["count"])))
    return found


@pytest.fixture(scope="module")
def sample(corpus_results):
    return corpus_results[corpus_file("002").name]


@pytest.fixture(scope="module")
def sample_cohorts(sample):
    return cohorts(sample)


def test_every_row_of_the_sample_table_is_a_cohort(sample_cohorts):
    assert sorted(sample_cohorts) == list(range(1, 11))


def test_rows_belong_to_the_cited_study_they_report(sample, sample_cohorts):
    owners = {row: owner(sample, study) for row, (_, study) in sample_cohorts.items()}
    assert owners == {1: "reference-2", 2: "reference-2", 3: "reference-1", 4: "reference-6", 5: "reference-6",
                      6: "reference-3", 7: "reference-3", 8: "reference-4", 9: "reference-7", 10: "letter"}


def test_cd33_row_has_dose_patients_complete_responses_and_toxicities(sample, sample_cohorts):
    graph = sample.graph
    cohort, _ = sample_cohorts[3]
    assert {label(graph, t) for t in graph.objects(cohort, HK.targets)} == {"CD33"}
    assert str(graph.value(cohort, HK.dose)).startswith("0.062-0.615")
    assert str(graph.value(cohort, HK.doseUnit)) == "10e6/kg"
    assert value(graph, cohort, HK.patientCount) == 12
    cr = outcome(graph, cohort)
    assert (value(graph, cr, HK["count"]), value(graph, cr, HK.denominator)) == (5, 12)
    assert {("cytokine release syndrome", "1", 9), ("cytokine release syndrome", "2", 1), ("sepsis", None, 2)} <= (
        observations(graph, cohort))
    assert not list(graph.objects(cohort, HK.reportsTrial))  # "NR": not recorded, nothing emitted


def test_cll1_continuation_rows_inherit_target_and_trial(sample, sample_cohorts):
    graph = sample.graph
    for row, trial in ((5, "NCT06017258"), (7, "ChiCTR2000041054")):
        cohort, _ = sample_cohorts[row]
        assert {label(graph, t) for t in graph.objects(cohort, HK.targets)} == {"CLL1"}
        assert {label(graph, t) for t in graph.objects(cohort, HK.reportsTrial)} == {trial}
    low_dose, _ = sample_cohorts[5]
    assert value(graph, low_dose, HK.doseValue) == 0.03
    assert value(graph, low_dose, HK.patientCount) == 3
    assert ("cytokine release syndrome", "1–2", 2) in observations(graph, low_dose)
    without_emd, _ = sample_cohorts[7]
    assert value(graph, without_emd, HK.patientCount) == 27
    assert value(graph, outcome(graph, without_emd), HK["count"]) == 22


def test_two_toxicities_in_one_cell_are_two_observations(sample, sample_cohorts):
    graph = sample.graph
    cohort, _ = sample_cohorts[4]
    crs = {o for o in observations(graph, cohort) if o[0] == "cytokine release syndrome"}
    assert crs == {("cytokine release syndrome", "3–4", 1), ("cytokine release syndrome", "1–2", 1)}


def test_row_footnote_attaches_to_the_row_with_the_mark(sample, sample_cohorts):
    graph = sample.graph
    from rdflib.namespace import RDFS

    notes = {row: [str(n) for n in graph.objects(c, RDFS.comment)] for row, (c, _) in sample_cohorts.items()}
    assert any("ThisCART371" in n for n in notes[8])
    assert any("t(8;21)" in n for n in notes[9])
    assert not notes[3]


def test_not_recorded_row_emits_only_what_it_records(sample, sample_cohorts):
    graph = sample.graph
    cohort, _ = sample_cohorts[10]
    assert not list(graph.objects(cohort, HK.patientCount))
    assert not list(graph.objects(cohort, HK.hasOutcome))
    assert not list(graph.objects(cohort, HK.hasAdverseEventObservation))
    assert {label(graph, t) for t in graph.objects(cohort, HK.reportsTrial)} == {"NCT06281847"}


def test_row_facts_cite_the_table_row_as_evidence(sample, sample_cohorts):
    graph = sample.graph
    cohort, _ = sample_cohorts[3]
    node = next(graph.subjects(RDF.subject, cohort))
    text = str(graph.value(graph.value(node, HK.sentence), HK.text))
    assert text.startswith("CD33")


def test_own_pipe_table_rows_become_cohorts_of_their_studies():
    result = build_file(TEST_DATA / "correspondence_myeloma_letter.md")
    graph = result.graph
    rows = cohorts(result)
    assert {row: owner(result, study) for row, (_, study) in rows.items()} == {
        1: "reference-1", 2: "reference-1", 3: "reference-2"}
    high_dose, _ = rows[2]
    assert {label(graph, t) for t in graph.objects(high_dose, HK.targets)} == {"BCMA"}
    assert value(graph, high_dose, HK.doseValue) == 450
    assert value(graph, outcome(graph, high_dose), HK["count"]) == 7
    bispecific, _ = rows[3]
    assert (str(graph.value(bispecific, HK.doseUnit)), value(graph, bispecific, HK.doseValue)) == ("mg/kg", 0.4)
    assert ("cytokine release syndrome", "1", 21) in observations(graph, bispecific)


def test_own_space_aligned_table_finds_its_study_by_citation_and_reads_grade_from_header():
    result = build_file(TEST_DATA / "correspondence_venetoclax_letter.txt")
    graph = result.graph
    rows = cohorts(result)
    assert {row: owner(result, study) for row, (_, study) in rows.items()} == {1: "reference-1", 2: "reference-2"}
    first, _ = rows[1]
    cr = outcome(graph, first, "CR/CRi")
    assert (value(graph, cr, HK["count"]), value(graph, cr, HK.denominator)) == (190, 286)
    assert ("neutropenia", "3-4", 120) in observations(graph, first)
    assert len(list(graph.objects(first, HK.hasOutcome))) == 1  # the median OS column is not a count


def test_two_line_header_is_merged_and_columns_found_by_their_words():
    text = ("Antigen\tTrial\tPatients (n)\tAdverse events\t\n"
            "\t\t\tCRS (grade)\tICANS (grade)\n"
            "CD7\tNCT00000001\t10\tG 1, n=4\tNR\n"
            "\t\t8\tG 2, n=1\tG 1, n=1\n")
    table = find_tables(text)[0]
    assert [column_role(c) for c in table.columns] == ["target", "trial", "patients", "toxicity", "toxicity"]
    assert table.columns[4].endswith("ICANS (grade)")
    assert [r.cells[2].text for r in table.rows] == ["10", "8"]


def test_toxicity_cell_with_names_and_continued_grades():
    found = toxicities("neutropenia: G3, n = 3 ; G4, n = 7; G 1 liver dysfunction, n = 1")
    assert [(t.name, t.grade, t.count) for t in found] == [
        ("neutropenia", "3", 3), ("neutropenia", "4", 7), ("liver dysfunction", "1", 1)]
