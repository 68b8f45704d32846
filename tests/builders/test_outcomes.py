"""Outcomes, patient numbers, doses and graded adverse events read from short sentences of our own."""

from __future__ import annotations

from decimal import Decimal

from rdflib.namespace import RDF, SKOS

from hemakg.builders.context import DocumentContext
from hemakg.builders.iri import document_iri, study_iri
from hemakg.builders.outcomes import extract_outcomes, measures_in
from hemakg.builders.records import Document
from hemakg.ontology import HK, HKID


def read(text: str):
    """Build ``text`` as the sentences of one study; returns the graph and the study."""
    document = Document(document_iri("outcomes"), "outcomes", "outcomes.txt", text, "0", "utf-8")
    context = DocumentContext.create(document)
    study = study_iri(document.slug, "1")
    context.emitter.entity(study, HK.Study, "A study", context.evidence(context.sentences[0]))
    extract_outcomes(context, study, context.sentences)
    return context.emitter.graph, study


def outcomes(text: str) -> set[tuple]:
    graph, study = read(text)
    found = set()
    for outcome in graph.objects(study, HK.hasOutcome):
        value = {p: graph.value(outcome, p) for p in (HK.measure, HK.percent, HK["count"], HK.denominator, HK.timepoint)}
        found.add(tuple(v.toPython() if v is not None else None for v in value.values()))
    return found


def observations(text: str) -> set[tuple]:
    graph, study = read(text)
    found = set()
    for node in graph.objects(study, HK.hasAdverseEventObservation):
        count = graph.value(node, HK["count"])
        found.add((str(graph.value(node, HK.adverseEvent)).rsplit("/", 1)[-1], str(graph.value(node, HK.grade)),
                   count.toPython() if count is not None else None))
    return found


def test_rate_after_its_measure_is_read_as_a_percent():
    assert outcomes("The complete remission (CR) rate was 41.5% in this cohort.") == {("CR", Decimal("41.5"), None, None, None)}


def test_count_over_denominator_with_its_percent_belongs_to_the_measure_after_it():
    assert outcomes("Eight of 10 patients (80%) achieved MRD-negative CR.") == {("MRD-negative CR", Decimal("80"), 8, 10, None)}


def test_percent_with_count_in_brackets_is_one_outcome():
    assert outcomes("The ORR was 62% (31/50).") == {("ORR", Decimal("62"), 31, 50, None)}


def test_timepoint_before_a_survival_measure_is_kept():
    found = outcomes("The 2-year OS was 58% and the 2-year EFS 47%.")
    assert found == {("OS", Decimal("58"), None, None, "2-year"), ("EFS", Decimal("47"), None, None, "2-year")}


def test_timepoint_after_the_measure_is_kept():
    assert outcomes("Leukemia-free survival at 12 months was 66%.") == {("LFS", Decimal("66"), None, None, "12-month")}


def test_median_durations_are_not_read_as_rates():
    assert outcomes("Median OS was 14.2 months.") == set()


def test_patient_number_is_the_study_size_not_the_number_with_an_event():
    graph, study = read("We enrolled 36 patients with relapsed disease. Grade 3 CRS occurred in 4 patients.")
    assert graph.value(study, HK.patientCount).toPython() == 36


def test_cell_dose_becomes_a_cohort_with_value_and_unit():
    graph, study = read("The recommended dose was 2 × 10^6 CAR-T cells/kg.")
    cohort = graph.value(study, HK.hasCohort)
    assert (cohort, RDF.type, HK.Cohort) in graph
    assert str(graph.value(cohort, HK.dose)) == "2 × 10^6 CAR-T cells/kg"
    assert graph.value(cohort, HK.doseValue).toPython() == Decimal("2000000")
    assert str(graph.value(cohort, HK.doseUnit)) == "cells/kg"


def test_superscript_exponent_and_drug_dose_range_are_read_as_written():
    graph, study = read("The first cohort received 5×10⁵ cells/kg and the expansion cohort an antibody at 30–40 mg/kg.")
    doses = {str(graph.value(c, HK.dose)): graph.value(c, HK.doseValue) for c in graph.objects(study, HK.hasCohort)}
    assert doses["5×10⁵ cells/kg"].toPython() == Decimal("500000")
    assert doses["30–40 mg/kg"] is None


def test_conditioning_drug_dose_is_not_a_dose_level():
    graph, study = read("Patients received 5×10⁵ cells/kg after cyclophosphamide 30–40 mg/kg.")
    doses = {str(graph.value(c, HK.dose)) for c in graph.objects(study, HK.hasCohort)}
    assert doses == {"5×10⁵ cells/kg"}


def test_single_drug_dose_is_not_a_cohort_but_escalated_levels_are():
    graph, study = read("Venetoclax 400 mg daily was given with azacitidine.")
    assert not list(graph.objects(study, HK.hasCohort))
    graph, study = read("The drug was escalated through 100 mg, 200 mg and 400 mg.")
    assert {str(graph.value(c, HK.dose)) for c in graph.objects(study, HK.hasCohort)} == {"100 mg", "200 mg", "400 mg"}
    graph, study = read("Ten patients were treated at 0.4 mg/kg in the dose-expansion part.")
    assert {str(graph.value(c, HK.dose)) for c in graph.objects(study, HK.hasCohort)} == {"0.4 mg/kg"}


def test_two_values_of_one_measure_keep_the_group_each_was_given_for():
    graph, study = read("The CR rate reached 81% in marrow disease and 52% in extramedullary sites.")
    labels = {str(graph.value(o, SKOS.prefLabel)) for o in graph.objects(study, HK.hasOutcome)}
    assert labels == {"CR 81% in marrow disease", "CR 52% in extramedullary sites"}
    assert {str(graph.value(o, HK.measure)) for o in graph.objects(study, HK.hasOutcome)} == {"CR"}


def test_graded_adverse_event_with_its_patient_count():
    assert observations("Grade ≥3 CRS was observed in 3 patients.") == {("cytokine-release-syndrome", "≥3", 3)}


def test_grade_after_the_event_and_negated_event_counts_zero():
    found = observations("ICANS of grade 1-2 occurred in 5 patients, without CRS greater than grade 2.")
    assert ("icans", "1-2", 5) in found
    assert ("cytokine-release-syndrome", "> 2", 0) in found


def test_outcome_facts_carry_their_sentence_as_evidence():
    graph, study = read("Background sentence without numbers. The CR rate was 50%.")
    outcome = graph.value(study, HK.hasOutcome)
    node = next(graph.subjects(RDF.subject, outcome))
    sentence = graph.value(node, HK.sentence)
    assert str(graph.value(sentence, HK.text)) == "The CR rate was 50%."
    assert str(sentence).startswith(str(HKID["document/outcomes/sentence/"]))


def test_measures_are_named_by_their_abbreviations():
    assert measures_in("progression-free survival, CRi and overall response rate") == ["PFS", "CRi", "ORR"]


def test_dose_limiting_toxicity_is_an_end_point_and_its_doses_are_dose_levels():
    graph, study = read("Dose-limiting toxicities occurred in 2 of 18 patients; none was seen at 10 mg.")
    outcome = graph.value(study, HK.hasOutcome)
    assert (str(graph.value(outcome, HK.measure)), graph.value(outcome, HK["count"]).toPython(),
            graph.value(outcome, HK.denominator).toPython()) == ("DLT", 2, 18)
    assert {str(graph.value(c, HK.dose)) for c in graph.objects(study, HK.hasCohort)} == {"10 mg"}
    assert not list(graph.objects(study, HK.reportsAdverseEvent))


def test_a_low_dose_regimen_is_not_a_dose_level():
    graph, study = read("Conditioning used low-dose cyclophosphamide at 100 mg/kg with fludarabine.")
    assert not list(graph.objects(study, HK.hasCohort))


def test_values_given_respectively_keep_no_group_rather_than_a_wrong_one():
    graph, study = read("CR rates were 60% and 45% in the high- and low-dose arms, respectively.")
    labels = {str(graph.value(o, SKOS.prefLabel)) for o in graph.objects(study, HK.hasOutcome)}
    assert labels == {"CR 60%", "CR 45%"}


def test_a_value_with_its_own_measure_after_it_is_not_read_as_a_list():
    graph, study = read("The overall response rate was 61%, and 36% of patients reached a complete response.")
    labels = {str(graph.value(o, SKOS.prefLabel)) for o in graph.objects(study, HK.hasOutcome)}
    assert labels == {"ORR 61%", "CR 36%"}
