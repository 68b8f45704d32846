"""Target-specific products and combinations: one node per product, narrower than its modality, with its antigens."""

from __future__ import annotations

from rdflib.namespace import SKOS

from hemakg.builders.context import DocumentContext
from hemakg.builders.iri import document_iri
from hemakg.builders.combinations import find_combinations
from hemakg.builders.products import find_products
from hemakg.builders.records import Document
from hemakg.ontology import HK, HKID


def context_of(text: str) -> DocumentContext:
    return DocumentContext.create(Document(document_iri("products"), "products", "products.txt", text, "0", "utf-8"))


def products_of(text: str):
    context = context_of(text)
    found = find_products(context, context.sentences)
    graph = context.emitter.graph
    return context, graph, [p for p, _ in found]


def targets(graph, node) -> set:
    return set(graph.objects(node, HK.targets))


def components(context: DocumentContext, node) -> set:
    """Parts of a combination: stated in the document, or in the vocabulary when it names the combination."""
    concept = context.vocabulary.concepts.get(node)
    return set(context.emitter.graph.objects(node, HK.hasComponent)) | set(concept.components if concept else ())


def label(graph, node) -> str:
    return str(graph.value(node, SKOS.prefLabel))


def test_antigen_before_modality_makes_a_product_narrower_than_the_modality():
    _, graph, found = products_of("Patients received CD123 CAR-NK cells after lymphodepletion.")
    assert len(found) == 1
    assert targets(graph, found[0]) == {HKID["antigen/cd123"]}
    assert (found[0], SKOS.broader, HKID["therapy/car-nk-cell-therapy"]) in graph
    assert label(graph, found[0]).startswith("CD123 CAR-NK")


def test_tandem_construct_targets_both_antigens_and_keeps_the_construct_word():
    _, graph, found = products_of("A tandem CD19/CD20 CAR T product was infused.")
    assert len(found) == 1
    assert targets(graph, found[0]) == {HKID["antigen/cd19"], HKID["antigen/cd20"]}
    assert label(graph, found[0]).startswith("tandem CD19/CD20")
    base = graph.value(found[0], SKOS.broader)
    assert targets(graph, base) == {HKID["antigen/cd19"], HKID["antigen/cd20"]}


def test_bispecific_antibody_against_two_antigens_targets_both():
    _, graph, found = products_of("CD3-CD123 bispecific antibodies showed modest activity.")
    assert len(found) == 1
    assert targets(graph, found[0]) == {HKID["antigen/cd3"], HKID["antigen/cd123"]}


def test_modality_followed_by_targeting_reads_the_antigen_after_it():
    _, graph, found = products_of("We engineered CAR T cells targeting CD33 for this trial.")
    assert [targets(graph, p) for p in found] == [{HKID["antigen/cd33"]}]


def test_code_name_becomes_a_narrower_product_that_later_mentions_resolve_to():
    context, graph, found = products_of("ABC123, a CD7-targeted CAR-T, was given to 20 patients. ABC123 was well tolerated.")
    assert len(found) == 2 and found[0] == found[1] == HKID["therapy/abc123"]
    assert targets(graph, found[0]) == {HKID["antigen/cd7"]}
    base = graph.value(found[0], SKOS.broader)
    assert targets(graph, base) == {HKID["antigen/cd7"]}


def test_same_product_in_two_documents_gets_the_same_node():
    _, _, first = products_of("BCMA CAR-T cells were given.")
    _, _, second = products_of("Autologous B-cell maturation antigen CAR T cells were given.")
    assert first == second


def test_plus_joins_a_two_drug_combination_with_its_components():
    context = context_of("Venetoclax plus decitabine was given for four cycles.")
    combinations = find_combinations(context, context.sentences)
    assert len(combinations) == 1
    assert components(context, combinations[0][0]) == {HKID["therapy/venetoclax"], HKID["therapy/decitabine"]}


def test_three_drug_list_in_a_conditioning_sentence_is_one_combination():
    context = context_of("The conditioning used fludarabine, busulfan and cyclophosphamide.")
    combinations = find_combinations(context, context.sentences)
    assert len(combinations) == 1
    parts = components(context, combinations[0][0])
    assert {HKID["therapy/fludarabine"], HKID["therapy/cyclophosphamide"]} <= parts and len(parts) == 3


def test_two_drugs_joined_by_and_without_a_regimen_cue_are_not_a_combination():
    context = context_of("Both gilteritinib and ivosidenib have been approved.")
    assert find_combinations(context, context.sentences) == []


def test_combination_of_a_product_and_a_drug_has_the_product_as_component():
    context = context_of("A CD38 CAR-T combined with lenalidomide was tested.")
    combinations = find_combinations(context, context.sentences)
    graph = context.emitter.graph
    parts = set(graph.objects(combinations[0][0], HK.hasComponent))
    assert HKID["therapy/lenalidomide"] in parts
    assert any(targets(graph, p) == {HKID["antigen/cd38"]} for p in parts)


def test_combination_node_is_the_same_whatever_the_order_of_its_parts():
    first = context_of("Azacitidine plus venetoclax was given.")
    second = context_of("Venetoclax + azacitidine was given.")
    a = find_combinations(first, first.sentences)[0][0]
    b = find_combinations(second, second.sentences)[0][0]
    assert a == b
    assert label(first.emitter.graph, a) == label(second.emitter.graph, b)


def test_a_combination_the_vocabulary_lacks_is_minted_from_its_components_in_any_order():
    first = context_of("Ivosidenib plus azacitidine was given.")
    second = context_of("Azacitidine combined with ivosidenib was given.")
    a = find_combinations(first, first.sentences)[0][0]
    b = find_combinations(second, second.sentences)[0][0]
    assert a == b
    assert components(first, a) == {HKID["therapy/ivosidenib"], HKID["therapy/azacitidine"]}
    assert label(first.emitter.graph, a) == label(second.emitter.graph, b)


def test_products_named_by_their_targets_target_each_antigen_they_name():
    for text, antigens in (("Patients received an anti-CD19 CAR-T.", {"cd19"}),
                           ("Patients received CD19-directed CAR T cells.", {"cd19"}),
                           ("Patients received a CD7-targeted CAR-NK.", {"cd7"}),
                           ("Patients received a CD33xCD3 bispecific antibody.", {"cd33", "cd3"}),
                           ("Patients received a CD123 × CD3 bispecific.", {"cd123", "cd3"})):
        context, graph, found = products_of(text)
        assert len(found) == 1, text
        assert targets(graph, found[0]) | set(context.vocabulary.concepts.get(found[0], None).targets
                                              if found[0] in context.vocabulary.concepts else ()) == {
            HKID[f"antigen/{a}"] for a in antigens}, text


def test_bispecific_named_by_target_and_cd3_is_the_vocabulary_product():
    _, _, found = products_of("A BCMA×CD3 bispecific was given weekly.")
    assert found == [HKID["therapy/bcma-bispecific"]]
    _, _, found = products_of("A CD20xCD3 bispecific was given weekly.")
    assert found == [HKID["therapy/cd20-bispecific"]]


def test_a_design_named_with_its_cells_still_names_the_cell_product():
    _, graph, found = products_of("Patients received CD19/CD22 bispecific CAR-T cells.")
    assert [label(graph, p) for p in found] == ["CD19/CD22 CAR-T cell therapy"]
    assert targets(graph, found[0]) == {HKID["antigen/cd19"], HKID["antigen/cd22"]}


def test_bispecific_before_what_it_qualifies_is_not_a_bispecific_antibody():
    _, graph, found = products_of("CD3-CD123 bispecific T-cell engagers and CD19/CD22 bispecific CAR-T were compared.")
    assert HKID["therapy/bispecific-antibody"] not in {o for p in found for o in graph.objects(p, SKOS.broader)}


def test_antibody_named_by_its_target_is_a_monoclonal_antibody_product():
    _, graph, found = products_of("Patients received an anti-CD37 antibody.")
    assert len(found) == 1
    assert (found[0], SKOS.broader, HKID["therapy/monoclonal-antibody"]) in graph
    assert targets(graph, found[0]) == {HKID["antigen/cd37"]}
    _, _, found = products_of("Anti-drug antibodies were rare.")
    assert not found


def test_new_target_antigens_make_cell_products():
    _, graph, found = products_of("HA-1-specific TCR-T cells and a CD10 CAR-T were given.")
    assert {label(graph, p) for p in found} == {"HA-1 TCR-T cell therapy", "CD10 CAR-T cell therapy"}


def test_antigens_each_marked_as_targeted_belong_to_one_product():
    for text in ("We gave CD19-targeted and CD22-targeted CAR T cells.", "We gave CD19- and CD22-directed CAR T cells."):
        _, graph, found = products_of(text)
        assert [label(graph, p) for p in found] == ["CD19/CD22 CAR-T cell therapy"], text
        assert targets(graph, found[0]) == {HKID["antigen/cd19"], HKID["antigen/cd22"]}


def test_bispecific_before_the_antigens_makes_a_bispecific_antibody():
    _, graph, found = products_of("Cells were expanded with bispecific CD3-CD123 antibodies.")
    assert [label(graph, p) for p in found] == ["CD3/CD123 bispecific antibody"]
