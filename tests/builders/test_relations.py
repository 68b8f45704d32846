"""What a study's own sentences link it to, and what they name only in passing."""

from __future__ import annotations

from rdflib.namespace import RDF, SKOS

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
