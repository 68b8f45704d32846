"""Digests read block by block: each study's fields, its own relations with evidence, and nothing from other blocks."""

from __future__ import annotations

import pytest
from conftest import TEST_DATA, build_text, corpus_file
from rdflib import URIRef
from rdflib.namespace import RDF, SKOS

from hemakg.builders import build_file
from hemakg.builders.digest import read_layout
from hemakg.builders.vocabulary import load_vocabulary
from hemakg.ontology import HK, HKID
from affiliations import own_places

CORPUS_STUDIES = {  # publication number: (start of the title, first author)
    "253": ("Combined biparatopic nanobody-based B cell maturation antigen", "Jie Zhao"),
    "1639": ("Efficacy and safety of allogeneic CD123 CAR-NK cell therapy", "Wei Mu"),
    "1693": ("Multi-omics unveils ER stress-driven pDC-like leukemia stem cells", "Xingcheng Yang"),
    "1939": ("CRE intestinal colonization correlates with increased progression risk", "Qing Yin"),
    "1985": ("T cell-derived TNF-α mediates myelofibrosis", "Zhuming Yang"),
    "2325": ("Enhanced efficacy and safety of optimized tandem CD19/CD20 CAR T-cell therapy", "Jiaqi Guo"),
    "5986": ("The efficacy and safety of using low-dose cyclophosphamide, fludarabine and thymoglobulin", "Tao Wang"),
}


@pytest.fixture(scope="module")
def built():
    """The corpus digest and our two digests (fields on separate lines; markdown with inline fields)."""
    paths = {"000": corpus_file("000"), "lines": TEST_DATA / "digest_abstract_lines.txt",
             "markdown": TEST_DATA / "digest_markdown.md"}
    return {key: build_file(path) for key, path in paths.items()}


def studies(result) -> dict[str, URIRef]:
    graph = result.graph
    return {str(graph.value(s, HK.publicationNumber)): s for s in graph.objects(result.document.iri, HK.describes)}


def label(result, node) -> str:
    return str(result.graph.value(node, SKOS.prefLabel))


def evidence(result, subject, predicate, obj) -> set[str]:
    """Texts of the sentences that state the triple."""
    graph = result.graph
    texts = set()
    for node in graph.subjects(RDF.subject, subject):
        if (node, RDF.predicate, predicate) in graph and (node, RDF.object, obj) in graph:
            texts.update(str(graph.value(s, HK.text)) for s in graph.objects(node, HK.sentence))
    return texts


def linked(result, study, predicate) -> dict[str, URIRef]:
    return {label(result, o): o for o in result.graph.objects(study, predicate)}


def test_corpus_digest_is_read_as_seven_studies_with_number_title_type_and_first_author(built):
    result = built["000"]
    assert result.genre == "digest"
    found = studies(result)
    assert set(found) == set(CORPUS_STUDIES)
    for number, (title, author) in CORPUS_STUDIES.items():
        study = found[number]
        assert label(result, study).startswith(title)
        assert f"Publication Number {number}" in {str(a) for a in result.graph.objects(study, SKOS.altLabel)}
        assert [label(result, a) for a in result.graph.objects(study, HK.firstAuthor)] == [author]
        assert result.graph.value(study, HK.studyType) is not None
    assert str(result.graph.value(found["253"], HK.studyType)) == "Oral Presentation"


def test_every_corpus_study_was_presented_at_ash_2025(built):
    result = built["000"]
    for study in studies(result).values():
        conferences = list(result.graph.objects(study, HK.presentedAt))
        assert [label(result, c) for c in conferences] == ["ASH Annual Meeting 2025"] or \
            [result.graph.value(c, HK.year).toPython() for c in conferences] == [2025]


def test_study_1639_targets_cd123_in_aml_and_evaluates_a_cd123_car_nk_product_with_evidence(built):
    result = built["000"]
    study = studies(result)["1639"]
    cd123 = HKID["antigen/cd123"]
    assert cd123 in set(result.graph.objects(study, HK.targets))
    assert any("CD123" in text for text in evidence(result, study, HK.targets, cd123))
    assert HKID["disease/acute-myeloid-leukemia"] in set(result.graph.objects(study, HK.condition))
    products = [t for t in result.graph.objects(study, HK.evaluates) if (t, HK.targets, cd123) in result.graph]
    assert len(products) == 1
    product = products[0]
    assert (product, SKOS.broader, HKID["therapy/car-nk-cell-therapy"]) in result.graph
    texts = evidence(result, study, HK.evaluates, product)
    assert any("CD123 CAR-NK" in text for text in texts)
    # the evidence lives in the document's own graph
    assert result.graph.identifier == result.document.iri


def test_study_1639_outlook_sentence_does_not_make_it_evaluate_car_t(built):
    result = built["000"]
    study = studies(result)["1639"]
    assert HKID["therapy/car-t-cell-therapy"] not in set(result.graph.objects(study, HK.evaluates))


def test_study_253_evaluates_its_bcma_car_t_combined_with_pomalidomide_in_relapsed_refractory_myeloma(built):
    result = built["000"]
    graph = result.graph
    study = studies(result)["253"]
    assert HKID["antigen/bcma"] in set(graph.objects(study, HK.targets))
    assert HKID["disease/multiple-myeloma"] in set(graph.objects(study, HK.condition))
    assert "relapsed/refractory" in {str(s) for s in graph.objects(study, HK.diseaseStatus)}
    combinations = [t for t in graph.objects(study, HK.evaluates) if (t, HK.hasComponent, None) in graph]
    assert combinations
    parts = set(graph.objects(combinations[0], HK.hasComponent))
    assert HKID["therapy/pomalidomide"] in parts
    product = next(p for p in parts if p != HKID["therapy/pomalidomide"])
    assert (product, HK.targets, HKID["antigen/bcma"]) in graph
    assert "biparatopic" in label(result, product)
    assert any(text.startswith("Title:") for text in evidence(result, study, HK.evaluates, combinations[0]))


def test_study_2325_tandem_product_targets_cd19_and_cd20_but_not_its_cd19_only_comparator(built):
    result = built["000"]
    graph = result.graph
    study = studies(result)["2325"]
    assert {HKID["antigen/cd19"], HKID["antigen/cd20"]} <= set(graph.objects(study, HK.targets))
    evaluated = set(graph.objects(study, HK.evaluates))
    tandem = [t for t in evaluated if {HKID["antigen/cd19"], HKID["antigen/cd20"]} <= set(graph.objects(t, HK.targets))]
    assert tandem
    single = [t for t in evaluated if set(graph.objects(t, HK.targets)) == {HKID["antigen/cd19"]}]
    assert single == [] or all(label(result, t).startswith("CAR2019") for t in single)
    assert "relapsed/refractory" in {str(s) for s in graph.objects(study, HK.diseaseStatus)}


def test_study_1985_targets_jak2_keeps_the_variant_and_names_a_narrower_mpn(built):
    result = built["000"]
    graph = result.graph
    study = studies(result)["1985"]
    assert HKID["gene/jak2"] in set(graph.objects(study, HK.targets))
    assert "JAK2 V617F" in {str(v) for v in graph.objects(study, HK.variant)}
    conditions = set(graph.objects(study, HK.condition))
    narrower = [c for c in conditions if (c, SKOS.broader, HKID["disease/myeloproliferative-neoplasm"]) in graph]
    assert narrower and "V617F" in label(result, narrower[0])
    assert list(graph.objects(study, HK.involvesMechanism))


def test_study_1693_is_about_pdc_aml_and_er_stress(built):
    result = built["000"]
    graph = result.graph
    study = studies(result)["1693"]
    vocabulary = load_vocabulary()
    subtypes = [c for c in graph.objects(study, HK.condition)
                if c in vocabulary.concepts and HKID["disease/acute-myeloid-leukemia"] in vocabulary.concepts[c].broader]
    assert subtypes
    assert any("pDC-AML" in text for text in evidence(result, study, HK.condition, subtypes[0]))
    mechanisms = linked(result, study, HK.involvesMechanism)
    assert any("ER stress" in name for name in mechanisms)
    er_stress = next(node for name, node in mechanisms.items() if "ER stress" in name)
    assert any("ER stress" in text for text in evidence(result, study, HK.involvesMechanism, er_stress))


def test_study_5986_evaluates_the_three_drug_conditioning_regimen_in_aplastic_anemia(built):
    result = built["000"]
    graph = result.graph
    study = studies(result)["5986"]
    assert any("aplastic anemia" in name for name in linked(result, study, HK.condition))
    combinations = [t for t in graph.objects(study, HK.evaluates) if len(set(graph.objects(t, HK.hasComponent))) == 3]
    assert combinations
    for combination in combinations:
        parts = set(graph.objects(combination, HK.hasComponent))
        assert {HKID["therapy/cyclophosphamide"], HKID["therapy/fludarabine"]} <= parts


def test_study_1939_evaluates_car_t_in_lymphoma(built):
    result = built["000"]
    study = studies(result)["1939"]
    assert HKID["therapy/car-t-cell-therapy"] in set(result.graph.objects(study, HK.evaluates))
    assert HKID["disease/lymphoma"] in set(result.graph.objects(study, HK.condition))


def test_digest_links_each_study_only_from_its_own_block(built):
    """Every relation of a study is stated inside its block, or in the intro (conference, team lead)."""
    for key in ("000", "lines", "markdown"):
        result = built[key]
        text = result.document.text
        layout = read_layout(text)
        spans = {}
        for block in layout.blocks:
            number = block.value("number")
            spans[number] = (block.start, block.end)
        graph = result.graph
        for number, study in studies(result).items():
            start, end = spans[number]
            for node in graph.subjects(RDF.subject, study):
                predicate = graph.value(node, RDF.predicate)
                if predicate in (HK.presentedAt, HK.author, HK.commentator):
                    continue
                for sentence in graph.objects(node, HK.sentence):
                    offset = graph.value(sentence, HK.startOffset).toPython()
                    assert start <= offset < end, (key, number, predicate, graph.value(sentence, HK.text))


def test_studies_do_not_share_each_others_antigens(built):
    result = built["000"]
    graph = result.graph
    found = studies(result)
    assert HKID["antigen/cd123"] not in set(graph.objects(found["253"], HK.targets))
    assert HKID["antigen/bcma"] not in set(graph.objects(found["1639"], HK.targets))
    assert not set(graph.objects(found["5986"], HK.targets))


def test_intro_lead_and_commentator_is_one_expert_affiliated_with_his_hospital(built):
    result = built["000"]
    graph = result.graph
    found = studies(result)
    commentators = {c for n in ("253", "1639") for c in graph.objects(found[n], HK.commentator)}
    assert len(commentators) == 1
    expert = commentators.pop()
    assert label(result, expert) == "Jia Wei"
    assert any("Tongji Hospital" in label(result, i) for i in graph.objects(expert, HK.affiliatedWith))
    assert not list(graph.objects(found["1693"], HK.commentator))


def test_digest_with_abstract_numbers_on_separate_lines_reads_fields_outcomes_and_products(built):
    result = built["lines"]
    graph = result.graph
    found = studies(result)
    assert set(found) == {"412", "1187", "2044"}
    venetoclax = found["412"]
    assert label(result, venetoclax).startswith("Venetoclax plus azacitidine for older adults")
    assert "Abstract 412" in {str(a) for a in graph.objects(venetoclax, SKOS.altLabel)}
    assert [label(result, a) for a in graph.objects(venetoclax, HK.firstAuthor)] == ["Maria Rossi"]
    assert [label(result, a) for a in graph.objects(venetoclax, HK.commentator)] == ["Anna Keller"]
    assert {str(s) for s in graph.objects(venetoclax, HK.diseaseStatus)} >= {"newly diagnosed", "elderly"}
    outcomes = {(str(graph.value(o, HK.measure)), str(graph.value(o, HK.percent)), str(graph.value(o, HK.timepoint)))
                for o in graph.objects(venetoclax, HK.hasOutcome)}
    assert ("CR/CRi", "45", "None") in outcomes and ("OS", "38", "12-month") in outcomes
    observation = next(graph.objects(venetoclax, HK.hasAdverseEventObservation))
    assert (str(graph.value(observation, HK.grade)), graph.value(observation, HK["count"]).toPython()) == ("≥3", 22)
    car_t = found["1187"]
    assert HKID["antigen/cd19"] in set(graph.objects(car_t, HK.targets))
    assert graph.value(car_t, HK.patientCount).toPython() == 30
    teclistamab = found["2044"]
    assert {HKID["antigen/bcma"]} <= set(graph.objects(teclistamab, HK.targets))
    for study in found.values():
        assert [label(result, c) for c in graph.objects(study, HK.presentedAt)][0].endswith("2024")


def test_markdown_digest_with_inline_fields_names_a_coded_cd7_product(built):
    result = built["markdown"]
    graph = result.graph
    found = studies(result)
    assert set(found) == {"88", "517", "903"}
    cd7 = found["88"]
    assert label(result, cd7).startswith("XZT-701, a CD7-targeted universal CAR-T")
    assert str(graph.value(cd7, HK.studyType)) == "Oral"
    assert len(list(graph.objects(cd7, HK.firstAuthor))) == 1
    product = linked(result, cd7, HK.evaluates)["XZT-701"]
    assert (product, HK.targets, HKID["antigen/cd7"]) in graph
    broader = graph.value(product, SKOS.broader)
    assert (broader, HK.targets, HKID["antigen/cd7"]) in graph
    assert graph.value(broader, SKOS.broader) is not None  # the modality ("universal" CAR-T, as the vocabulary reads it)
    assert HKID["antigen/cd7"] in set(graph.objects(cd7, HK.targets))
    outcome = next(graph.objects(cd7, HK.hasOutcome))
    assert (str(graph.value(outcome, HK.measure)), graph.value(outcome, HK["count"]).toPython(),
            graph.value(outcome, HK.denominator).toPython()) == ("MRD-negative CR", 9, 12)
    assert graph.value(cd7, HK.patientCount).toPython() == 12
    assert any("FLT3" in name for name in linked(result, found["517"], HK.condition))
    assert "JAK2 V617F" in {str(v) for v in graph.objects(found["903"], HK.variant)}


def test_layout_reads_fields_in_any_order_and_on_one_line():
    text = ("Intro naming nothing.\nTitle: First study Abstract #7 First Author: Ann Lee\nConclusions: Fine.\n"
            "Title: Second study\nAbstract #8\nConclusions: Also fine.\n")
    layout = read_layout(text)
    assert [(b.value("number"), b.value("title")) for b in layout.blocks] == [("7", "First study"), ("8", "Second study")]
    assert text[slice(*layout.intro)].strip() == "Intro naming nothing."


def test_digest_with_author_lists_and_results_fields_reads_them_and_skips_the_background():
    result = build_file(TEST_DATA / "digest_results_fields.md")
    graph = result.graph
    found = studies(result)
    assert set(found) == {"S201", "P877"}
    doublet = found["S201"]
    assert [label(result, a) for a in graph.objects(doublet, HK.firstAuthor)] == ["Erik Lund"]
    assert len(set(graph.objects(doublet, HK.author))) == 3
    combination = next(t for t in graph.objects(doublet, HK.evaluates) if (t, HK.hasComponent, None) in graph)
    assert set(graph.objects(combination, HK.hasComponent)) == {HKID["therapy/zanubrutinib"], HKID["therapy/venetoclax"]}
    assert HKID["therapy/chemotherapy"] not in set(graph.objects(doublet, HK.evaluates))
    assert [label(result, c) for c in graph.objects(doublet, HK.commentator)] == ["Sofia Marin"]
    assert graph.value(doublet, HK.patientCount).toPython() == 48
    observation = graph.value(doublet, HK.hasAdverseEventObservation)
    assert graph.value(observation, HK.adverseEvent) == HKID["adverse-event/atrial-fibrillation"]
    bispecific = found["P877"]
    assert HKID["therapy/glofitamab"] in set(graph.objects(bispecific, HK.evaluates))
    assert HKID["antigen/cd20"] in set(graph.objects(bispecific, HK.targets))
    assert not {HKID["therapy/car-t-cell-therapy"], HKID["therapy/lenalidomide"]} & set(graph.objects(bispecific, HK.evaluates))


@pytest.fixture(scope="module")
def headed():
    """Digests whose study titles are headings above the fields: markdown ("## 1. Title", "**Abstract #** 7012",
    "**Presenter:**", "**Affiliation:**") and plain text ("1) Title", "Session:", "Lead investigator:", "Institution:")."""
    return {"markdown": build_file(TEST_DATA / "digest_r4_headed_blocks.md"),
            "numbered": build_file(TEST_DATA / "digest_r4_numbered_sessions.txt")}


def titled(result) -> dict[str, URIRef]:
    return {label(result, s): s for s in result.graph.objects(result.document.iri, HK.describes)}


def affiliation_chain(result, person_label: str) -> set[tuple[str, str | None]]:
    """(institution, its parent) for each institution the person is affiliated with."""
    graph = result.graph
    person = next(s for s in graph.subjects(RDF.type, HK.Expert) if label(result, s) == person_label)
    return {(label(result, place), label(result, graph.value(place, HK.partOf)) if graph.value(place, HK.partOf)
             else None) for place in own_places(graph, person)}


def test_a_heading_above_the_fields_titles_the_block_and_a_bracketed_rest_is_its_type(headed):
    result = headed["markdown"]
    found = titled(result)
    assert set(found) == {"Epcoritamab with lenalidomide in relapsed follicular lymphoma: two-year update",
                          "Nivolumab with doxorubicin, vinblastine and dacarbazine in early unfavourable Hodgkin lymphoma"}
    first = found["Epcoritamab with lenalidomide in relapsed follicular lymphoma: two-year update"]
    assert str(result.graph.value(first, HK.publicationNumber)) == "7012"
    assert str(result.graph.value(first, HK.studyType)) == "poster"
    assert set(linked(result, first, HK.presentedAt)) == {"ASCO Annual Meeting 2026"}


def test_presenter_is_first_author_at_the_institution_of_the_affiliation_field(headed):
    result = headed["markdown"]
    first = titled(result)["Epcoritamab with lenalidomide in relapsed follicular lymphoma: two-year update"]
    assert set(linked(result, first, HK.firstAuthor)) == {"Ravi Kulkarni"}
    assert affiliation_chain(result, "Ravi Kulkarni") == {("Lymphoma Service", "Brambleton Cancer Centre")}


def test_the_curator_named_with_a_comma_separated_affiliation_is_an_expert_of_that_institution(headed):
    assert affiliation_chain(headed["markdown"], "Henrietta Vosloo") == {("Lymphoma Section", "Eastwick University Hospital")}
    assert affiliation_chain(headed["numbered"], "Piet van Rensburg") == {
        ("Department of Haematology", "Westmoor Royal Infirmary")}


def test_a_headed_block_keeps_its_own_text_and_not_the_closing_section(headed):
    result = headed["markdown"]
    found = titled(result)
    first = found["Epcoritamab with lenalidomide in relapsed follicular lymphoma: two-year update"]
    second = found["Nivolumab with doxorubicin, vinblastine and dacarbazine in early unfavourable Hodgkin lymphoma"]
    assert {"cytokine release syndrome", "neutropenia"} <= set(linked(result, first, HK.reportsAdverseEvent))
    assert "nivolumab" not in linked(result, first, HK.evaluates)  # the next block's heading is not the first's
    assert not {"ibrutinib", "venetoclax"} & set(linked(result, second, HK.evaluates))  # "### Closing thought"
    # what the patients had received before ("all had received rituximab, bendamustine …") is not evaluated
    assert not {"rituximab", "bendamustine"} & set(linked(result, first, HK.evaluates))


def test_a_drug_class_joined_to_its_member_is_one_drug_and_the_named_regimen_is_evaluated(headed):
    result = headed["markdown"]
    second = titled(result)["Nivolumab with doxorubicin, vinblastine and dacarbazine in early unfavourable Hodgkin "
                            "lymphoma"]
    evaluated = set(linked(result, second, HK.evaluates))
    assert {"nivolumab", "AVD", "dacarbazine + doxorubicin + nivolumab + vinblastine"} <= evaluated
    assert not any("PD-1 inhibitor +" in name or "+ PD-1 inhibitor" in name for name in evaluated)
    assert "chemotherapy" not in evaluated  # "against standard chemotherapy" is the comparator


def test_numbered_blocks_with_session_and_lead_investigator_fields_are_a_digest(headed):
    result = headed["numbered"]
    assert result.genre == "digest"
    found = titled(result)
    assert set(found) == {"Luspatercept in non-transfusion-dependent alpha- or beta-thalassaemia: 48-week results",
                          "Avatrombopag before invasive procedures in chronic immune thrombocytopenia"}
    first = found["Luspatercept in non-transfusion-dependent alpha- or beta-thalassaemia: 48-week results"]
    assert set(linked(result, first, HK.firstAuthor)) == {"Ioanna Papadakis"}
    assert affiliation_chain(result, "Ioanna Papadakis") == {("Thalassaemia Centre", "Kyrenia General Hospital")}
    assert set(linked(result, first, HK.presentedAt)) == {"EHA Congress 2026"}
    # "alpha- or beta-thalassaemia" names both diseases
    assert {"alpha thalassemia", "beta thalassemia"} <= set(linked(result, first, HK.condition))
    assert "ineffective erythropoiesis" in linked(result, first, HK.involvesMechanism)


def test_the_editors_note_after_the_last_numbered_block_is_not_that_study(headed):
    result = headed["numbered"]
    last = titled(result)["Avatrombopag before invasive procedures in chronic immune thrombocytopenia"]
    assert set(linked(result, last, HK.evaluates)) == {"avatrombopag"}


def presented_by(result) -> dict[str, tuple[URIRef, tuple[str, str, str]]]:
    """Each study by publication number: the study, and its title, first author and that author's institution."""
    graph = result.graph
    found = {}
    for study in graph.objects(result.document.iri, HK.describes):
        first = graph.value(study, HK.firstAuthor)
        found[str(graph.value(study, HK.publicationNumber))] = (
            study, (label(result, study), label(result, first), label(result, own_places(graph, first)[0])))
    return found


def test_coded_session_lines_open_blocks_and_prose_names_their_presenters():
    """A digest whose blocks carry "Poster P2210 · session · NCT…" lines under a heading and name the presenter in
    prose ("X (Y Hospital) presented …", "X of the Y Institute in Z led …") or in a "Lead author:" field."""
    result = build_file(TEST_DATA / "digest_r5_coded_sessions.md")
    graph = result.graph
    assert result.genre == "digest"
    found = {number: (*presented, sorted(str(t).rsplit("/", 1)[-1] for t in graph.objects(study, HK.reportsTrial)))
             for number, (study, presented) in presented_by(result).items()}
    assert found == {
        "P2210": ("Mosunetuzumab after two prior lines: the BRIDGEWAY cohort", "Tamsin Okonjo",
                  "Greyfriars University Hospital", ["nct07123456"]),
        "P2231": ("Pirtobrutinib in covalent BTK inhibitor-pretreated mantle cell lymphoma", "Henrik Salvesen",
                  "Fjordland Cancer Institute", []),
        "S405": ("Brentuximab vedotin with nivolumab in older patients", "Marguerite Delacroix-Bain",
                 "Hôpital Sainte-Claire", []),
    }


def test_bracketed_abstract_numbers_take_their_wrapped_titles_and_presenters():
    """"[Abstract N] Title" wrapped over two lines, then "Session:" and a "Presented by:" line whose institution
    wraps inside its brackets."""
    result = build_file(TEST_DATA / "digest_r5_bracketed_abstracts.txt")
    assert result.genre == "digest"
    found = {number: presented for number, (_, presented) in presented_by(result).items()}
    assert found == {
        "3310": ("Ruxolitinib for steroid-refractory chronic graft-versus-host disease in adolescents: a multicentre "
                 "registry", "Oskar Brandvold", "Lindqvist Children's Research Hospital"),
        "3321": ("Letermovir beyond day 100 after cord blood transplantation", "Sunniva Aalto",
                 "Tampere Marrow Institute"),
        "3355": ("Defibrotide prophylaxis for hepatic veno-occlusive disease in high-risk children", "Marek Zielinski",
                 "Silesian Transplant Centre"),
    }


def test_abstract_book_blocks_take_the_byline_under_the_title_and_its_semicolon_separated_affiliations():
    """Number lines that go on with the session, titles in capitals, "Surname AB¹" bylines and one affiliation line
    holding every numbered institution."""
    result = build_file(TEST_DATA / "digest_r6_abstract_book_bylines.txt")
    graph = result.graph
    assert result.genre == "digest"
    found = studies(result)
    assert set(found) == {"S410", "P733", "S188"}
    assert label(result, found["S410"]).startswith("LINVOSELTAMAB IN TRIPLE-CLASS-EXPOSED MULTIPLE MYELOMA")
    assert label(result, found["P733"]).startswith("DANICOPAN ADDED TO RAVULIZUMAB")
    authors = {label(result, a) for a in graph.objects(found["S410"], HK.author)}
    assert authors == {"JT Okoro", "E Varga-Lind", "MH Petersen"}
    first = graph.value(found["S410"], HK.firstAuthor)
    assert label(result, first) == "JT Okoro"
    assert "Okoro JT" in {str(v) for v in graph.objects(first, SKOS.altLabel)}  # as the abstract book prints it
    # ¹ and ² on one line: each author gets the institution of their own marker
    by_name = {label(result, a): a for a in graph.objects(found["P733"], HK.author)}
    assert [label(result, p) for p in own_places(graph, by_name["C Brennan-Ruiz"])] == ["Haematology Service"]
    assert {label(result, p) for p in graph.objects(by_name["TO Akande"], HK.affiliatedWith)} == {
        "Department of Haematology", "Lagos Harbour Teaching Hospital"}
    # the session after the number is no title, and the byline is no evidence of what the study found
    assert not any("session" in label(result, s).lower() for s in found.values())
    assert "ravulizumab" in linked(result, found["P733"], HK.evaluates)
    assert not linked(result, found["S410"], HK.condition).keys() - {"multiple myeloma"}


def test_news_digest_titles_each_study_by_its_quoted_abstract_title_and_reads_presenters_and_voices_in_prose():
    """Numbered headlines, "Abstract 412 · Oral session: …" lines, the abstract's own title in quotation marks,
    presenters named in the prose with their institution, and a quoted moderator who is no author."""
    result = build_file(TEST_DATA / "digest_r6_news_highlights.txt")
    graph = result.graph
    assert result.genre == "digest"
    assert label(result, result.document.iri) == "Three abstracts from Orlando that changed the conversation"
    found = studies(result)
    assert set(found) == {"412", "873", "1190"}
    assert label(result, found["873"]) == ("Mosunetuzumab in second-line follicular lymphoma: results of a "
                                          "multicentre phase 2 study")  # not the editor's headline above it
    first = {number: label(result, graph.value(study, HK.firstAuthor)) for number, study in found.items()}
    assert first == {"412": "Núria Casals-Pujol", "873": "Hamid Rahimi", "1190": "Ingrid Aasland"}
    casals = graph.value(found["412"], HK.firstAuthor)
    assert [label(result, p) for p in graph.objects(casals, HK.affiliatedWith)] == ["Hospital Universitari del Llobregat"]
    rinaldi = next(e for e in graph.subjects(RDF.type, HK.Expert) if label(result, e) == "Stefano Rinaldi")
    assert (result.document.iri, HK.mentions, rinaldi) in graph
    assert [label(result, p) for p in graph.objects(rinaldi, HK.affiliatedWith)] == ["Istituto Ematologico Adriatico"]
    assert not any((study, HK.author, rinaldi) in graph for study in found.values())


def test_abstract_book_pages_title_each_block_after_its_session_type_and_board_lines():
    """"Publication Number:", "Session:" and "Poster Board:" lines above a title wrapped over lines with a hyphen
    at a line end, and running page headers between the blocks."""
    text = ("ABSTRACT DIGEST                         HemaSphere | Volume 11 | Supplement 1\n\n"
            "Publication Number: S90\nSession: s201 – MYELOMA\nType: Oral Presentation\n\n"
            "Belantamab mafodotin with pomalidomide in relapsed myeloma after anti-CD38 and allo-\n"
            "geneic transplantation: a phase 2 study\n\nFenn A.¹, Ilves K.²\n"
            "¹Department of Haematology, Larchmont Hospital, Leeds, UK; ²Tartu Cancer Centre, Tartu, Estonia\n\n"
            "Results: Twenty patients responded.\n\n"
            "HemaSphere | 2027;11(S1)                                   12\n"
            "ABSTRACT DIGEST                         HemaSphere | Volume 11 | Supplement 1\n\n"
            "Publication Number: P400\nSession: Poster session 3 – MDS\nPoster Board: PB-0100\n\n"
            "Luspatercept in lower-risk myelodysplastic syndromes with ring sideroblasts\n\nKaur S.¹\n"
            "¹Marrow Failure Unit, Eastfield Hospital, York, UK\n\nResults: Half of the patients responded.\n"
            "Publication Number: P401\nSession: Poster session 3 – MDS\nPoster Board: PB-0101\n\n"
            "Imetelstat after luspatercept failure in lower-risk myelodysplastic syndromes\n\nMoss T.¹\n"
            "¹Marrow Failure Unit, Eastfield Hospital, York, UK\n\nResults: A third of the patients responded.\n")
    layout = read_layout(text)
    assert [b.value("title") for b in layout.blocks] == [
        "Belantamab mafodotin with pomalidomide in relapsed myeloma after anti-CD38 and allogeneic transplantation: "
        "a phase 2 study",
        "Luspatercept in lower-risk myelodysplastic syndromes with ring sideroblasts",
        "Imetelstat after luspatercept failure in lower-risk myelodysplastic syndromes"]
    assert [[a.name for a in b.byline.authors] for b in layout.blocks] == [["Fenn A", "Ilves K"], ["Kaur S"], ["Moss T"]]
    assert [a.marker for a in layout.blocks[0].byline.affiliations] == ["1", "2"]


def test_reporter_and_co_corresponding_author_fields(tmp_path):
    """"Reporter:" names the presenter; "Co-corresponding authors:" names the study's corresponding authors."""
    text = ("ASH 2026 | Highlights from Professor Wen Li's team at Riverside Hospital\n\n"
            "Abstract No.: 101\nTitle: Olverembatinib with blinatumomab in Ph-positive acute lymphoblastic leukemia\n"
            "Reporter: Hao Zhang\nCo-corresponding authors: Wen Li; Rui Sun (Department of Transplantation)\n"
            "Summary: Forty patients were treated.\n\n"
            "Abstract No.: 102\nTitle: Venetoclax with azacitidine in older adults with acute myeloid leukemia\n"
            "Reporter: Mei Lin\nSummary: Thirty patients were treated.\n\n"
            "Abstract No.: 103\nTitle: CD7 CAR-T cells in T-cell acute lymphoblastic leukemia\n"
            "Reporter: Feng Guo\nSummary: Twelve patients were treated.\n")
    result = build_text(tmp_path, "digest.txt", text)
    graph = result.graph
    study = studies(result)["101"]
    assert label(result, graph.value(study, HK.firstAuthor)) == "Hao Zhang"
    assert {label(result, p) for p in graph.objects(study, HK.correspondingAuthor)} == {"Wen Li", "Rui Sun"}
    assert {"Wen Li", "Rui Sun"} <= {label(result, p) for p in graph.objects(study, HK.author)}


def test_senior_author_field_and_italic_commentary_with_the_commentators_institution(tmp_path):
    text = ("# ASH 2026 Highlights: Three Abstracts\n\n*Posted by the Division of Hematology, Elm Medical Center*\n\n"
            "### Abstract 11: Teclistamab in relapsed multiple myeloma after CAR-T\n\n"
            "- **Presenter:** Ana Ruiz, MD\n- **Senior author:** Karl Weber, MD\n- **Session:** Oral session, Myeloma\n"
            "- **Key findings:** Sixty patients responded in 60% of cases.\n\n"
            "*Commentary by Dr. Lea Moss, Myeloma Program, Elm Medical Center:* \"Useful data.\"\n\n"
            "### Abstract 12: Venetoclax with azacitidine in older adults with acute myeloid leukemia\n\n"
            "- **Presenter:** Bo Park, MD\n- **Session:** Oral session, AML\n- **Key findings:** Half responded.\n\n"
            "### Abstract 13: Zanubrutinib in chronic lymphocytic leukemia\n\n"
            "- **Presenter:** Cy Dow, MD\n- **Session:** Poster session, CLL\n- **Key findings:** Most responded.\n")
    result = build_text(tmp_path, "digest.md", text)
    graph = result.graph
    study = studies(result)["11"]
    assert label(result, graph.value(study, HK.firstAuthor)) == "Ana Ruiz"
    assert "Karl Weber" in {label(result, p) for p in graph.objects(study, HK.author)}
    moss = graph.value(study, HK.commentator)
    assert label(result, moss) == "Lea Moss"
    assert {label(result, p) for p in graph.objects(moss, HK.affiliatedWith)} == {"Myeloma Program", "Elm Medical Center"}
