"""What a study's own sentences link it to, and what they name only in passing."""

from __future__ import annotations

import pytest
from conftest import TEST_DATA
from rdflib.namespace import RDF, SKOS

from hemakg.builders import build_file

from hemakg.builders.context import DocumentContext
from hemakg.builders.iri import document_iri, study_iri
from hemakg.builders.records import Document
from hemakg.builders.relations import link_study
from hemakg.ontology import HK, HKID


def link(text: str):
    """Link one study to every sentence of ``text``; returns the graph, the study and the context."""
    document = Document(document_iri("relations"), "relations", "relations.txt", text, "0", "utf-8")
    context = DocumentContext.create(document)
    study = study_iri(document.slug, "1")
    context.emitter.entity(study, HK.Study, "A study", context.evidence(context.sentences[0]))
    link_study(context, study, context.sentences)
    return context.emitter.graph, study, context


def objects(graph, study, predicate) -> set:
    return set(graph.objects(study, predicate))


def evidence_text(graph, subject, predicate, obj) -> set[str]:
    return {str(graph.value(graph.value(node, HK.sentence), HK.text))
            for node in graph.subjects(RDF.subject, subject)
            if (node, RDF.predicate, predicate) in graph and (node, RDF.object, obj) in graph}


def test_study_targets_condition_and_therapy_with_the_sentence_as_evidence():
    graph, study, _ = link("Gilteritinib was given to patients with acute myeloid leukemia. Nothing else.")
    assert HKID["therapy/gilteritinib"] in objects(graph, study, HK.evaluates)
    assert HKID["disease/acute-myeloid-leukemia"] in objects(graph, study, HK.condition)
    assert evidence_text(graph, study, HK.condition, HKID["disease/acute-myeloid-leukemia"]) == {
        "Gilteritinib was given to patients with acute myeloid leukemia."}


def test_outlook_sentence_links_nothing_to_the_study():
    graph, study, _ = link("In the future, CD33 CAR T cells may complement transplantation in myelodysplastic syndrome.")
    assert not objects(graph, study, HK.evaluates)
    assert not objects(graph, study, HK.targets)
    assert not objects(graph, study, HK.condition)


def test_sentence_citing_several_studies_links_nothing():
    graph, study, _ = link("Lee et al. and Park et al. both used CD19 CAR-T in lymphoma.")
    assert not objects(graph, study, HK.evaluates)


def test_comparator_therapy_is_not_what_the_study_evaluates():
    graph, study, _ = link("Zanubrutinib gave longer responses than ibrutinib in mantle cell lymphoma.")
    evaluated = objects(graph, study, HK.evaluates)
    assert HKID["therapy/zanubrutinib"] in evaluated and HKID["therapy/ibrutinib"] not in evaluated


def test_negated_adverse_event_is_not_reported():
    graph, study, _ = link("No patient developed ICANS, while cytokine release syndrome was frequent.")
    assert objects(graph, study, HK.reportsAdverseEvent) == {HKID["adverse-event/cytokine-release-syndrome"]}


def test_disease_status_is_a_literal_not_a_disease():
    graph, study, _ = link("Adults with R/R multiple myeloma and newly diagnosed patients were compared.")
    assert {"relapsed/refractory", "newly diagnosed"} <= {str(s) for s in objects(graph, study, HK.diseaseStatus)}
    assert objects(graph, study, HK.condition) == {HKID["disease/multiple-myeloma"]}


def test_gene_mutated_disease_is_a_narrower_disease_of_its_parent():
    graph, study, context = link("We studied NPM1-mutated myelodysplastic syndrome.")
    conditions = objects(graph, study, HK.condition)
    assert len(conditions) == 1
    condition = conditions.pop()
    parent = HKID["disease/myelodysplastic-syndrome"]
    concept = context.vocabulary.concepts.get(condition)
    assert (condition, SKOS.broader, parent) in graph or (concept is not None and parent in concept.broader)


def test_mutation_targets_its_gene_and_keeps_the_variant():
    graph, study, _ = link("Patients carried the FLT3 D835Y mutation.")
    assert HKID["gene/flt3"] in objects(graph, study, HK.targets)
    assert "FLT3 D835Y" in {str(v) for v in objects(graph, study, HK.variant)}


def test_named_product_passes_its_antigens_to_the_study():
    graph, study, _ = link("Blinatumomab was given as consolidation.")
    assert {HKID["antigen/cd19"], HKID["antigen/cd3"]} <= objects(graph, study, HK.targets)


def test_plain_product_named_later_is_the_specific_construct_named_first():
    graph, study, _ = link("A biparatopic BCMA CAR-T was infused. The BCMA CAR-T expanded well.")
    evaluated = objects(graph, study, HK.evaluates)
    assert len(evaluated) == 1
    assert "biparatopic" in str(graph.value(evaluated.pop(), SKOS.prefLabel))


def test_rearranged_subtype_is_composed_from_the_gene_symbol_and_the_disease_label():
    graph, study, _ = link("Menin inhibitors were active in KMT2A-rearranged acute leukemia.")
    assert objects(graph, study, HK.condition) == {HKID["disease/kmt2a-rearranged-acute-leukemia"]}
    assert str(graph.value(HKID["disease/kmt2a-rearranged-acute-leukemia"], SKOS.prefLabel)) == (
        "KMT2A-rearranged acute leukemia")


def test_variant_written_into_the_gene_name_stays_in_the_subtype():
    graph, study, _ = link("We treated JAK2V617F-positive polycythemia vera.")
    assert objects(graph, study, HK.condition) == {HKID["disease/jak2-v617f-positive-polycythemia-vera"]}


def test_antigen_negative_disease_is_a_narrower_disease():
    graph, study, _ = link("Relapses of CD19-negative B-ALL were studied.")
    subtype = HKID["disease/cd19-negative-b-cell-acute-lymphoblastic-leukemia"]
    assert objects(graph, study, HK.condition) == {subtype}
    assert (subtype, SKOS.broader, HKID["disease/b-cell-acute-lymphoblastic-leukemia"]) in graph


def test_negation_covers_every_adverse_event_of_the_negated_list():
    graph, study, _ = link("Infusions were given without CRS greater than grade 2 or ICANS, and fatigue was mild.")
    assert objects(graph, study, HK.reportsAdverseEvent) == {HKID["adverse-event/fatigue"]}
    graph, study, _ = link("No patient developed ICANS, severe CRS or HLH.")
    assert not objects(graph, study, HK.reportsAdverseEvent) and not objects(graph, study, HK.condition)


def test_grouping_mechanism_is_only_a_mention():
    graph, study, context = link("Signalling pathways and T-cell fitness were explored in myeloma.")
    assert not objects(graph, study, HK.involvesMechanism)
    assert HKID["mechanism/t-cell-fitness"] in {m.concept.iri for m in context.mentions}


def test_resistance_to_a_therapy_is_drug_resistance_and_not_an_evaluated_therapy():
    graph, study, _ = link("Patients with resistance to BTK inhibitors received pirtobrutinib.")
    assert objects(graph, study, HK.evaluates) == {HKID["therapy/pirtobrutinib"]}
    assert objects(graph, study, HK.involvesMechanism) == {HKID["mechanism/drug-resistance"]}
    graph, study, _ = link("Mechanisms of resistance were studied in patients treated with azacitidine.")
    assert objects(graph, study, HK.involvesMechanism) == {HKID["mechanism/drug-resistance"]}


def test_lymphodepleting_drugs_are_not_what_a_cell_therapy_study_evaluates():
    graph, study, _ = link("After lymphodepletion with fludarabine and cyclophosphamide, patients received CD7 CAR-T cells.")
    evaluated = {str(graph.value(o, SKOS.prefLabel)) for o in objects(graph, study, HK.evaluates)}
    assert evaluated == {"CD7 CAR-T cell therapy"}


@pytest.fixture(scope="module")
def congress_digest():
    result = build_file(TEST_DATA / "relations_r2_congress_digest.md")
    graph = result.graph
    studies = {str(graph.value(s, HK.title) or graph.value(s, SKOS.prefLabel)): s for s in graph.subjects(RDF.type, HK.Study)}
    return graph, studies


def study_titled(studies: dict, start: str):
    return next(s for title, s in studies.items() if title.startswith(start))


def test_british_spellings_and_the_association_name_are_recognised(congress_digest):
    graph, studies = congress_digest
    ziftomenib = study_titled(studies, "Ziftomenib")
    assert HKID["disease/kmt2a-rearranged-acute-leukemia"] in objects(graph, ziftomenib, HK.condition)
    conference = graph.value(ziftomenib, HK.presentedAt)
    assert graph.value(conference, HK.series) == HKID["conference-series/eha"]


def test_resisted_therapy_negated_events_and_new_adverse_events_in_a_digest(congress_digest):
    graph, studies = congress_digest
    ziftomenib = study_titled(studies, "Ziftomenib")
    assert objects(graph, ziftomenib, HK.evaluates) == {HKID["therapy/ziftomenib"]}
    assert HKID["mechanism/drug-resistance"] in objects(graph, ziftomenib, HK.involvesMechanism)
    assert HKID["mechanism/resistance-and-escape"] not in objects(graph, ziftomenib, HK.involvesMechanism)
    assert objects(graph, ziftomenib, HK.reportsAdverseEvent) == {HKID["adverse-event/headache"],
                                                                   HKID["adverse-event/nausea"]}


def test_esa_and_telomerase_inhibitor_are_therapies_and_prior_esa_is_not_evaluated(congress_digest):
    graph, studies = congress_digest
    anaemia = study_titled(studies, "Darbepoetin")
    evaluated = objects(graph, anaemia, HK.evaluates)
    assert {HKID["therapy/imetelstat"], HKID["therapy/darbepoetin-alfa"]} <= evaluated
    assert HKID["therapy/erythropoiesis-stimulating-agent"] not in evaluated
    assert (HKID["therapy/imetelstat"], SKOS.broader, HKID["therapy/telomerase-inhibitor"]) in graph or \
        HKID["therapy/telomerase-inhibitor"] in evaluated
    assert not list(graph.objects(anaemia, HK.hasCohort))  # one drug dose is not a dose level


def test_bispecific_dose_levels_and_two_outcomes_with_their_groups(congress_digest):
    graph, studies = congress_digest
    bispecific = study_titled(studies, "A CD20")
    assert objects(graph, bispecific, HK.evaluates) == {HKID["therapy/cd20-bispecific"]}
    assert {HKID["antigen/cd20"], HKID["antigen/cd3"]} <= objects(graph, bispecific, HK.targets)
    assert HKID["disease/extramedullary-disease"] in objects(graph, bispecific, HK.condition)
    doses = {str(graph.value(c, HK.dose)) for c in graph.objects(bispecific, HK.hasCohort)}
    assert doses == {"6 mg", "12 mg", "24 mg"}
    outcomes = {str(graph.value(o, SKOS.prefLabel)) for o in graph.objects(bispecific, HK.hasOutcome)}
    assert {"CR 76% in nodal disease", "CR 55% in extramedullary lesions"} <= outcomes
    assert objects(graph, bispecific, HK.reportsAdverseEvent) == {HKID["adverse-event/cytokine-release-syndrome"]}


def test_cell_therapy_named_by_target_without_its_conditioning_drugs(congress_digest):
    graph, studies = congress_digest
    car_t = study_titled(studies, "An anti-CD19")
    evaluated = objects(graph, car_t, HK.evaluates)
    assert {str(graph.value(t, SKOS.prefLabel)) for t in evaluated} == {"CD19 CAR-T cell therapy"}
    assert all(HKID["antigen/cd19"] in set(graph.objects(t, HK.targets)) for t in evaluated)
    assert not objects(graph, car_t, HK.reportsAdverseEvent)
    assert objects(graph, car_t, HK.condition) == {HKID["disease/diffuse-large-b-cell-lymphoma"]}
    assert not list(graph.objects(car_t, HK.hasCohort))


def test_head_to_head_arms_are_both_evaluated_and_supportive_drugs_are_not(congress_digest):
    graph, studies = congress_digest
    cml = study_titled(studies, "Asciminib")
    assert objects(graph, cml, HK.evaluates) == {HKID["therapy/asciminib"], HKID["therapy/bosutinib"]}
    assert objects(graph, cml, HK.condition) == {HKID["disease/chronic-myeloid-leukemia"]}
    assert {str(s) for s in objects(graph, cml, HK.diseaseStatus)} == {"higher-risk"}


def test_versus_placebo_is_not_an_arm_that_is_evaluated():
    graph, study, _ = link("Zanubrutinib versus placebo was tested in CLL.")
    assert objects(graph, study, HK.evaluates) == {HKID["therapy/zanubrutinib"]}


def test_therapy_given_for_an_adverse_event_is_supportive_care():
    graph, study, _ = link("Ten patients received CD19 CAR-T; tocilizumab for grade 2 CRS was needed in three.")
    assert HKID["therapy/tocilizumab"] not in objects(graph, study, HK.evaluates)
    graph, study, _ = link("Differentiation syndrome was managed with dexamethasone while ziftomenib continued.")
    assert objects(graph, study, HK.evaluates) == {HKID["therapy/ziftomenib"]}


def test_a_regimen_study_evaluates_the_regimen_and_each_of_its_parts():
    graph, study, _ = link("Teclistamab plus daratumumab was given to 60 patients with myeloma.")
    evaluated = objects(graph, study, HK.evaluates)
    assert {HKID["therapy/teclistamab"], HKID["therapy/daratumumab"]} < evaluated
    assert any(set(graph.objects(t, HK.hasComponent)) == {HKID["therapy/teclistamab"], HKID["therapy/daratumumab"]}
               for t in evaluated)


def test_risk_group_is_a_disease_status_not_a_subtype():
    graph, study, _ = link("Luspatercept was given in lower-risk MDS.")
    assert objects(graph, study, HK.condition) == {HKID["disease/myelodysplastic-syndrome"]}
    assert {str(s) for s in objects(graph, study, HK.diseaseStatus)} == {"lower-risk"}


def test_next_step_sentence_is_an_outlook():
    graph, study, _ = link("Combinations with venetoclax and azacitidine are the logical next step.")
    assert not objects(graph, study, HK.evaluates)


def test_a_named_regimen_mentioned_in_passing_declares_its_drugs():
    result = build_file(TEST_DATA / "relations_r2_congress_digest.md")
    mentioned = set(result.graph.objects(result.document.iri, HK.mentions))
    assert HKID["therapy/ponatinib"] in mentioned
    types = set(result.graph.objects(HKID["therapy/ponatinib"], RDF.type))
    assert HK.Drug in types


def test_common_adverse_events_british_spellings_and_new_drug_classes_are_recognised():
    graph, study, _ = link("Pelabresib was given to adults with acute myeloid leukaemia and autoimmune haemolytic anaemia. "
                           "Headache, pyrexia, hypotension and acute kidney injury were reported. "
                           "Regulatory T cells and the bone marrow niche were studied.")
    assert {HKID["disease/acute-myeloid-leukemia"], HKID["disease/autoimmune-hemolytic-anemia"]} <= objects(
        graph, study, HK.condition)
    assert objects(graph, study, HK.reportsAdverseEvent) == {
        HKID[f"adverse-event/{slug}"] for slug in ("headache", "pyrexia", "hypotension", "acute-kidney-injury")}
    assert HKID["gene/brd4"] in objects(graph, study, HK.targets)  # pelabresib, a BET inhibitor, targets BRD4
    assert objects(graph, study, HK.involvesMechanism) == {HKID["mechanism/regulatory-t-cells"],
                                                           HKID["mechanism/bone-marrow-niche"]}


def test_a_disease_class_named_beside_its_specific_disease_is_only_a_mention():
    graph, study, _ = link("Mosunetuzumab was given in follicular lymphoma. Responses in lymphoma were durable.")
    assert objects(graph, study, HK.condition) == {HKID["disease/follicular-lymphoma"]}
    graph, study, _ = link("Older adults with AML were treated; TP53-mutated AML responded less often.")
    assert objects(graph, study, HK.condition) == {HKID["disease/acute-myeloid-leukemia"],
                                                   HKID["disease/tp53-mutated-aml"]}


def test_drugs_named_as_lymphodepletion_are_not_evaluated():
    graph, study, _ = link("CTX-110 expanded well after standard-dose fludarabine and cyclophosphamide (FC) lymphodepletion.")
    evaluated = objects(graph, study, HK.evaluates)
    assert not {HKID["therapy/fludarabine"], HKID["therapy/cyclophosphamide"], HKID["therapy/flu-cy"]} & evaluated


@pytest.fixture(scope="module")
def gprc5d_interview():
    result = build_file(TEST_DATA / "relations_r2_interview.md")
    graph = result.graph
    return graph, next(graph.subjects(RDF.type, HK.Study))


def test_interview_study_of_a_product_named_by_its_target(gprc5d_interview):
    graph, study = gprc5d_interview
    evaluated = objects(graph, study, HK.evaluates)
    assert "GPRC5D CAR-T cell therapy" in {str(graph.value(t, SKOS.prefLabel)) for t in evaluated}
    assert not {HKID["therapy/fludarabine"], HKID["therapy/cyclophosphamide"], HKID["therapy/flu-cy"],
                HKID["therapy/tocilizumab"], HKID["therapy/anti-cd38-antibody"]} & evaluated
    assert HKID["therapy/bcma-bispecific"] not in evaluated  # the disease resisted it
    assert HKID["mechanism/drug-resistance"] in objects(graph, study, HK.involvesMechanism)
    assert HKID["disease/extramedullary-disease"] in objects(graph, study, HK.condition)


def test_interview_negated_list_and_new_adverse_events(gprc5d_interview):
    graph, study = gprc5d_interview
    reported = objects(graph, study, HK.reportsAdverseEvent)
    assert {HKID["adverse-event/headache"], HKID["adverse-event/pyrexia"], HKID["adverse-event/dysgeusia"]} <= reported
    assert not {HKID["adverse-event/icans"], HKID["disease/hemophagocytic-lymphohistiocytosis"]} & (
        reported | objects(graph, study, HK.condition))


def test_interview_dose_levels_listed_before_a_shared_unit(gprc5d_interview):
    graph, study = gprc5d_interview
    values = {graph.value(c, HK.doseValue).toPython() for c in graph.objects(study, HK.hasCohort)}
    assert values == {50_000_000, 150_000_000, 450_000_000}
    assert {str(graph.value(c, HK.doseUnit)) for c in graph.objects(study, HK.hasCohort)} == {"cells"}


def test_interview_outcomes_by_group_and_dose_limiting_toxicity(gprc5d_interview):
    graph, study = gprc5d_interview
    labels = {str(graph.value(o, SKOS.prefLabel)) for o in graph.objects(study, HK.hasOutcome)}
    assert {"ORR 83%", "CR 58% in patients without EMD", "CR 33% in those with EMD", "DLT 1/24"} <= labels


def test_excluded_diseases_are_not_conditions_and_who_entities_are_recognised():
    graph, study, _ = link("Blinatumomab was given to children with B-ALL and CNS involvement; TAM and ML-DS were excluded. "
                           "Adults with AML, excluding APL, and hypocellular MDS were enrolled.")
    assert objects(graph, study, HK.condition) == {
        HKID["disease/b-cell-acute-lymphoblastic-leukemia"], HKID["disease/cns-leukemia"],
        HKID["disease/acute-myeloid-leukemia"], HKID["disease/hypoplastic-mds"]}


def test_population_words_are_disease_statuses():
    graph, study, _ = link("Frontline venetoclax was given to transplant-ineligible adults; paediatric patients were "
                           "treated at a children's hospital.")
    assert {str(s) for s in objects(graph, study, HK.diseaseStatus)} >= {"newly diagnosed", "unfit", "pediatric"}
    graph, study, _ = link("The trial ran at St Jude Children's Research Hospital in AML.")
    assert not objects(graph, study, HK.diseaseStatus)


def test_a_regimen_the_disease_resisted_is_not_evaluated():
    graph, study, _ = link("CD64-directed CAR T works well for Ven/Aza resistant, monocytic AML.")
    assert HKID["therapy/ven-aza"] not in objects(graph, study, HK.evaluates)
    assert HKID["mechanism/drug-resistance"] in objects(graph, study, HK.involvesMechanism)


def test_a_named_drug_targets_what_its_class_targets():
    graph, study, _ = link("Zanubrutinib was given to adults with chronic lymphocytic leukemia.")
    assert HKID["gene/btk"] in objects(graph, study, HK.targets)  # zanubrutinib is a BTK inhibitor


def test_therapies_the_patients_had_received_before_are_not_evaluated():
    graph, study, _ = link("All were triple-class exposed (an immunomodulatory drug, a proteasome inhibitor and an "
                           "anti-CD38 antibody) and received teclistamab.")
    evaluated = objects(graph, study, HK.evaluates)
    assert HKID["therapy/teclistamab"] in evaluated
    assert not {HKID["therapy/proteasome-inhibitor"], HKID["therapy/immunomodulatory-drug"]} & evaluated


def test_a_regimen_written_with_its_abbreviation_keeps_it_as_a_synonym():
    text = "Patients received cytarabine, idarubicin and etoposide (XIE-7) as induction."
    graph, study, context = link(text)
    assert context.vocabulary.lookup("XIE-7") is None
    combination = next(o for o in objects(graph, study, HK.evaluates) if "/combination/" in str(o))
    assert "XIE-7" in {str(a) for a in graph.objects(combination, SKOS.altLabel)}


def test_a_mechanism_the_product_is_set_against_is_not_the_studys():
    graph, study, _ = link("Instead of a single-chain variable fragment, the product uses a nanobody binder and avoids "
                           "T-cell exhaustion.")
    mechanisms = objects(graph, study, HK.involvesMechanism)
    assert HKID["mechanism/scfv-binder"] not in mechanisms
    assert HKID["mechanism/nanobody-binder"] in mechanisms


def test_a_word_and_hyphen_completed_by_the_next_term_names_its_own_concept():
    graph, study, context = link("Adults with alpha- or beta-thalassaemia received luspatercept.")
    conditions = objects(graph, study, HK.condition)
    assert {HKID["disease/alpha-thalassemia"], HKID["disease/beta-thalassemia"]} <= conditions
    assert [m.surface for m in context.mentions if m.concept.iri == HKID["disease/alpha-thalassemia"]] == ["alpha-"]
