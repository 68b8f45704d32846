"""Interviews read by structure: the interviewee, where they work, what they said they studied, and the evidence."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TEST_DATA, build_text, corpus_file
from rdflib.namespace import RDF, SKOS

from hemakg.builders import build_file
from hemakg.builders.turns import read_turns
from hemakg.ontology import HK

PREFIXES = """
PREFIX hk: <https://w3id.org/hemakg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""


@pytest.fixture(scope="module")
def built():
    """Interview documents built once: two from the sample corpus, two of our own."""
    paths = {
        "001": corpus_file("001"),
        "003": corpus_file("003"),
        "western": TEST_DATA / "interview_western_qa.md",
        "bold": TEST_DATA / "interview_bold_speakers.md",
        "profile_first": TEST_DATA / "interview_profile_first.md",
        "q_only": TEST_DATA / "interview_q_only.txt",
        "two_experts": TEST_DATA / "interview_two_experts.txt",
        "list_bio": TEST_DATA / "interview_list_bio.md",
        "inline_bio": TEST_DATA / "interview_bold_qa_inline_bio.md",
        "unheaded": TEST_DATA / "interview_unheaded_profile.txt",
    }
    return {key: build_file(Path(path)) for key, path in paths.items()}


def rows(result, query: str) -> list[tuple[str, ...]]:
    return [tuple(str(v) for v in row) for row in result.graph.query(PREFIXES + query)]


def interviewee(result, named_unit_only: bool = False) -> list[tuple[str, ...]]:
    """(expert label, institution label, evidence sentence of hk:interviewee).

    ``named_unit_only``: only the unit the text names, not the institutions it is part of (also affiliations)."""
    unit_only = "FILTER NOT EXISTS { ?expert hk:affiliatedWith ?unit . ?unit hk:partOf+ ?org }" if named_unit_only else ""
    return rows(result, """
        SELECT ?name ?institution ?text WHERE {
          ?doc hk:interviewee ?expert .
          ?expert a hk:Expert ; skos:prefLabel ?name ; hk:affiliatedWith ?org .
          ?org a hk:Institution ; skos:prefLabel ?institution .
          """ + unit_only + """
          ?e rdf:subject ?doc ; rdf:predicate hk:interviewee ; rdf:object ?expert ; hk:sentence ?s .
          ?s hk:text ?text .
        }""")


def study_facts(result, predicate: str) -> set[str]:
    """Labels (or literal values) of what the document's studies link to by ``predicate``."""
    return {r[0] for r in rows(result, f"""
        SELECT ?value WHERE {{
          ?doc hk:describes ?study . ?study {predicate} ?o .
          OPTIONAL {{ ?o skos:prefLabel ?label }}
          BIND(COALESCE(?label, ?o) AS ?value)
        }}""")}


def test_every_interview_is_read_by_the_interview_builder(built):
    assert {key: result.genre for key, result in built.items()} == dict.fromkeys(built, "interview")


# --- corpus 001: outlet-labelled turns, an editor's note and a bulleted expert profile ---------------------------

def test_interview_links_expert_to_institution_with_the_introducing_sentence(built):
    found = interviewee(built["001"])
    names = {name for name, _, _ in found}
    institutions = {institution for _, institution, _ in found}
    assert names == {"Hui Wei"}
    assert "Institute of Hematology & Blood Diseases Hospital" in institutions
    assert any("invited Professor Hui Wei" in text for _, _, text in found)


def test_hospital_is_part_of_its_academy_and_committees_of_their_societies(built):
    parents = set(rows(built["001"], """
        SELECT ?child ?parent WHERE { ?c hk:partOf ?p . ?c skos:prefLabel ?child . ?p skos:prefLabel ?parent }"""))
    assert ("Institute of Hematology & Blood Diseases Hospital", "Chinese Academy of Medical Sciences") in parents
    assert ("Hematologic Oncology Committee", "Chinese Anti-Cancer Association") in parents


def test_profile_roles_are_kept_as_written(built):
    roles = {r[0] for r in rows(built["001"], "SELECT ?role WHERE { ?doc hk:interviewee ?x . ?x hk:role ?role }")}
    assert "Chief Physician" in roles
    assert "Member, Chinese Society of Hematology" in roles


def test_the_study_the_expert_conducted_has_author_conference_and_relations(built):
    result = built["001"]
    assert study_facts(result, "hk:author") == {"Hui Wei"}
    assert any(c.startswith("ASH") for c in study_facts(result, "hk:presentedAt"))
    assert "acute myeloid leukemia" in study_facts(result, "hk:condition")
    assert "elderly" in study_facts(result, "hk:diseaseStatus")


def test_background_answers_stay_document_mentions(built):
    # FLT3 inhibitors come up in a general question, not in the study the expert reports.
    mentioned = {r[0] for r in rows(built["001"], "SELECT ?l WHERE { ?doc hk:mentions ?c . ?c skos:prefLabel ?l }")}
    assert "FLT3" in mentioned
    assert "FLT3" not in study_facts(built["001"], "hk:targets")


# --- corpus 003: labels on the same line, family-name-first speaker, profile flattened into one line ------------

def test_family_name_first_speaker_is_one_person_with_the_hospital_in_the_iri(built):
    result = built["003"]
    found = interviewee(result)
    assert {name for name, _, _ in found} == {"Peihua Lu"}
    assert {"Lu Daopei Hospital", "Beijing Lu Daopei Institute of Hematology"} <= {i for _, i, _ in found}
    experts = rows(result, "SELECT ?x WHERE { ?x a hk:Expert }")
    assert len(experts) == 1 and experts[0][0].endswith("--lu-daopei-hospital")
    assert ("Lu Peihua",) in rows(result, "SELECT ?alt WHERE { ?x a hk:Expert ; skos:altLabel ?alt }")


def test_presented_trial_has_publication_number_author_conference_and_target(built):
    result = built["003"]
    assert study_facts(result, "hk:publicationNumber") == {"1042"}
    assert study_facts(result, "hk:author") == {"Peihua Lu"}
    assert any(c.startswith("ASH") for c in study_facts(result, "hk:presentedAt"))
    assert "CD7" in study_facts(result, "hk:targets")
    assert "cytokine release syndrome" in study_facts(result, "hk:reportsAdverseEvent")
    assert any("T-lymphoblastic" in c for c in study_facts(result, "hk:condition"))


def test_outlook_answer_does_not_become_a_study_condition(built):
    conditions = study_facts(built["003"], "hk:condition")
    assert not any("peripheral T-cell lymphoma" in c for c in conditions)


def test_flattened_profile_memberships_become_committees_of_their_associations(built):
    parents = set(rows(built["003"], """
        SELECT ?child ?parent WHERE { ?c hk:partOf ?p . ?c skos:prefLabel ?child . ?p skos:prefLabel ?parent }"""))
    assert ("Hematology Committee", "China Association of Non-Public Medical Institutions") in parents
    assert ("Expert Committee", "China Marrow Donor Program") in parents


# --- our own documents -------------------------------------------------------------------------------------------

def test_western_qa_interview_reads_expert_from_introduction_and_bio(built):
    result = built["western"]
    found = interviewee(result)
    assert {name for name, _, _ in found} == {"Margaret Ellison"}
    assert "Harborview University Medical Center" in {i for _, i, _ in found}
    assert any(text.startswith("In this interview, Dr. Margaret Ellison") for _, _, text in found)
    roles = {r[0] for r in rows(result, "SELECT ?role WHERE { ?doc hk:interviewee ?x . ?x hk:role ?role }")}
    assert "Director of the Myeloma Program at Harborview University Medical Center" in roles


def test_western_qa_study_joins_introduction_and_answers(built):
    result = built["western"]
    assert study_facts(result, "hk:publicationNumber") == {"S205"}
    assert study_facts(result, "hk:author") == {"Margaret Ellison"}
    assert study_facts(result, "hk:presentedAt") == {"EHA Congress 2024"}
    assert "teclistamab" in study_facts(result, "hk:evaluates")
    assert "BCMA" in study_facts(result, "hk:targets")
    assert "cytokine release syndrome" in study_facts(result, "hk:reportsAdverseEvent")
    assert "GPRC5D" not in study_facts(result, "hk:targets")  # named only in the outlook


def test_a_colleague_named_in_an_answer_is_mentioned_not_interviewed(built):
    result = built["western"]
    mentioned = {r[0] for r in rows(result, "SELECT ?l WHERE { ?doc hk:mentions ?x . ?x a hk:Expert ; skos:prefLabel ?l }")}
    assert mentioned == {"Samuel Okafor"}


def test_bold_speaker_interview_merges_a_misspelt_name_and_reads_the_department(built):
    result = built["bold"]
    found = interviewee(result)
    assert {name for name, _, _ in found} == {"Wenjing Zhang"}
    assert len(rows(result, "SELECT ?x WHERE { ?x a hk:Expert }")) == 1
    departments = rows(result, """
        SELECT ?d WHERE { ?doc hk:interviewee ?x . ?x hk:affiliatedWith ?d .
                          ?d skos:prefLabel "Department of Hematology" ; hk:partOf ?h . ?h skos:prefLabel "Huaxin Hospital" }""")
    assert departments and departments[0][0].endswith("/institution/huaxin-hospital/department-of-hematology")


def test_bold_speaker_study_has_one_node_for_introduction_and_answer(built):
    result = built["bold"]
    assert len(rows(result, "SELECT ?s WHERE { ?doc hk:describes ?s }")) == 1
    assert study_facts(result, "hk:publicationNumber") == {"318"}
    assert study_facts(result, "hk:presentedAt") == {"CSH Annual Meeting 2024"}
    assert "newly diagnosed" in study_facts(result, "hk:diseaseStatus")
    assert "NPM1" in study_facts(result, "hk:targets")
    assert "TP53" not in study_facts(result, "hk:targets")  # background, said "historically"


def test_turns_tell_the_asking_speaker_from_the_answering_one():
    text = (TEST_DATA / "interview_bold_speakers.md").read_text(encoding="utf-8")
    turns = read_turns(text)
    assert [t.role for t in turns[:2]] == ["interviewer", "expert"]
    assert {t.label for t in turns if t.role == "expert"} == {"Professor Zhang Wenjing"}


def test_profile_printed_before_the_conversation_names_the_expert_in_its_heading(built):
    result = built["profile_first"]
    found = interviewee(result)
    assert {name for name, _, _ in found} == {"Tomasz Wójcik"}
    assert {"Vistula University Hospital", "Department of Hematology", "Working Party on Acute Leukemia"} <= {
        i for _, i, _ in found}
    assert len(rows(result, "SELECT ?x WHERE { ?x a hk:Expert }")) == 1  # "Prof. Wójcik:" is the same person


def test_study_reported_in_the_third_person_has_its_abstract_number_and_outcome(built):
    result = built["profile_first"]
    assert study_facts(result, "hk:publicationNumber") == {"1187"}
    assert study_facts(result, "hk:author") == {"Tomasz Wójcik"}
    assert study_facts(result, "hk:presentedAt") == {"ASH Annual Meeting 2024"}
    assert "blinatumomab" in study_facts(result, "hk:evaluates")
    titles = rows(result, "SELECT ?title WHERE { ?doc a hk:Document ; hk:title ?title }")
    assert titles == [("Interview with Tomasz Wójcik",)]


def test_answers_without_labels_belong_to_the_expert_named_in_the_introduction(built):
    result = built["q_only"]
    found = interviewee(result)
    assert {(name, institution) for name, institution, _ in found} == {("Amara Nwosu", "Lakeshore Cancer Institute")}
    assert study_facts(result, "hk:author") == {"Amara Nwosu"}
    assert "ivosidenib" in study_facts(result, "hk:evaluates")
    assert "differentiation syndrome" in study_facts(result, "hk:reportsAdverseEvent")
    assert "FLT3" not in study_facts(result, "hk:targets")


def test_a_collaborator_in_the_introduction_is_mentioned_with_his_own_institution(built):
    result = built["q_only"]
    mentioned = rows(result, """
        SELECT ?x ?org WHERE { ?doc a hk:Document ; hk:mentions ?x . ?x a hk:Expert ; skos:prefLabel "Hiroshi Tanaka" ;
                               hk:affiliatedWith/skos:prefLabel ?org }""")
    assert [org for _, org in mentioned] == ["Kansai Medical University"]
    assert mentioned[0][0].endswith("hiroshi-tanaka--kansai-medical-university")
    assert not rows(result, 'SELECT ?x WHERE { ?doc hk:interviewee ?x . ?x skos:prefLabel "Hiroshi Tanaka" }')


def test_institutions_named_in_the_conversation_are_document_mentions(built):
    mentioned = {r[0] for r in rows(built["003"], """
        SELECT ?l WHERE { ?doc a hk:Document ; hk:mentions ?i . ?i a hk:Institution ; skos:prefLabel ?l }""")}
    assert {"Lu Daopei Hospital", "American Society of Hematology"} <= mentioned


def test_two_experts_are_both_interviewees_each_with_their_own_institution(built):
    found = {(name, institution) for name, institution, _ in interviewee(built["two_experts"], named_unit_only=True)}
    assert found == {("Jianmin Li", "Department of Hematology"), ("Hua Wang", "Lingnan Cancer Center")}


def test_the_study_belongs_to_the_expert_who_reports_it_and_to_the_conference_of_the_introduction(built):
    result = built["two_experts"]
    assert study_facts(result, "hk:author") == {"Jianmin Li"}
    assert study_facts(result, "hk:presentedAt") == {"EHA Congress 2025"}
    assert study_facts(result, "hk:publicationNumber") == {"S158"}
    assert "chronic lymphocytic leukemia" in study_facts(result, "hk:condition")
    titles = study_facts(result, "hk:title")
    assert titles == {"Multicenter phase 2 trial of zanubrutinib plus venetoclax in treatment-naive CLL"}


def test_bio_lines_without_a_role_are_affiliations_and_training_is_not(built):
    result = built["list_bio"]
    found = {(name, institution) for name, institution, _ in interviewee(result, named_unit_only=True)}
    assert found == {("Rebecca Stone", "Division of Hematology")}
    parents = rows(result, """SELECT ?p WHERE { ?d skos:prefLabel "Division of Hematology" ; hk:partOf/skos:prefLabel ?p }""")
    assert parents == [("Northfield University School of Medicine",)]
    roles = {r[0] for r in rows(result, "SELECT ?role WHERE { ?doc hk:interviewee ?x . ?x hk:role ?role }")}
    assert roles == {"Associate Professor of Medicine"}


def test_our_cohort_study_in_an_answer_is_the_experts_study(built):
    result = built["list_bio"]
    assert study_facts(result, "hk:author") == {"Rebecca Stone"}
    assert "immune thrombocytopenia" in study_facts(result, "hk:condition")
    assert "romiplostim" not in study_facts(result, "hk:evaluates")


def test_bold_q_and_a_with_a_one_line_bio_give_role_programme_and_study(built):
    result = built["inline_bio"]
    roles = {r[0] for r in rows(result, "SELECT ?role WHERE { ?doc hk:interviewee ?x . ?x hk:role ?role }")}
    assert roles == {"Director of the Leukemia Program at the Coastal Leukemia Institute"}
    programme = rows(result, """SELECT ?p WHERE { ?doc hk:interviewee/hk:affiliatedWith ?p .
                                                  ?p skos:prefLabel "Leukemia Program" }""")
    assert programme and programme[0][0].endswith("/institution/coastal-leukemia-institute/leukemia-program")
    assert study_facts(result, "hk:presentedAt") == {"ASCO Annual Meeting 2025"}
    assert "revumenib" in study_facts(result, "hk:evaluates")
    assert "differentiation syndrome" in study_facts(result, "hk:reportsAdverseEvent")


def test_a_department_without_its_hospital_in_a_profile_belongs_to_the_experts_hospital(tmp_path):
    path = tmp_path / "interview_profile_department.md"
    path.write_text(
        "Q: What did you find?\nA: We conducted a phase 2 study of a CD19 CAR-T in lymphoma.\n"
        "Q: Anything else?\nA: No.\n\nExpert Profile\n\nProfessor Mei Lin\n\n"
        "- Director, Department of Hematology, Eastlake Hospital, Eastlake University\n"
        "- Deputy Chair, Department of Internal Medicine\n"
        "- Standing Committee Member, CSCO Lymphoma Committee\n",
        encoding="utf-8",
    )
    result = build_file(path)
    parents = set(rows(result, """
        SELECT ?child ?parent WHERE { ?c hk:partOf ?p . ?c skos:prefLabel ?child . ?p skos:prefLabel ?parent }"""))
    assert ("Department of Internal Medicine", "Eastlake Hospital") in parents
    assert not any(child == "CSCO Lymphoma Committee" for child, _ in parents)  # its acronym names its own parent


def test_a_profile_without_heading_after_the_last_answer_is_still_read(built):
    result = built["unheaded"]
    found = {(name, institution) for name, institution, _ in interviewee(result)}
    assert ("Xiaoming Chen", "Department of Hematology") in found
    parents = set(rows(result, """
        SELECT ?child ?parent WHERE { ?c hk:partOf ?p . ?c skos:prefLabel ?child . ?p skos:prefLabel ?parent }"""))
    assert ("Leukemia Committee", "Eastern Society of Hematology") in parents
    assert study_facts(result, "hk:presentedAt") == {"EHA Congress 2025"}
    assert "CD19" in study_facts(result, "hk:targets")


def test_a_surname_that_matches_nobody_is_reported_unresolved(tmp_path):
    path = tmp_path / "interview_unknown_surname.md"
    path.write_text(
        "In this interview, Dr. Nora Field of Westbrook Hospital looks back on a busy year.\n\n"
        "Q: Who shaped your view of transplant?\nA: Dr. Hartley did, years ago.\n"
        "Q: And now?\nA: I follow the registry data closely.\n",
        encoding="utf-8",
    )
    result = build_file(path)
    assert result.report.unresolved_names == ["Hartley"]
    assert {name for name, _, _ in interviewee(result)} == {"Nora Field"}


def test_outcomes_come_from_the_experts_answers_not_from_paraphrasing_questions(built):
    percents = {float(r[0]) for r in rows(built["003"], """
        SELECT ?p WHERE { ?doc hk:describes ?s . ?s hk:hasOutcome ?o . ?o hk:percent ?p }""")}
    assert 74.0 in percents
    assert 60.0 not in percents  # "CR rates close to 60%" is the interviewer's paraphrase


def test_an_outlet_that_asks_without_question_marks_is_still_the_interviewer():
    doc = ("Blood Weekly: Please describe your trial.\nProfessor Mei Lin: We treated 20 patients.\n"
           "Blood Weekly: Tell us more.\nProfessor Mei Lin: Gladly.\n")
    assert [t.role for t in read_turns(doc)] == ["interviewer", "expert", "interviewer", "expert"]


# --- round two: studies told in the first person, editions from the document's dates, prose profiles ------------

@pytest.fixture(scope="module")
def spoken():
    """Layouts of our own: outlet-labelled turns, bold Q/A markdown, a transcript labelled by surname, bold names
    with an untitled "About <name>" profile."""
    names = {"outlet": "interview_r2_outlet_turns.txt", "bold_qa": "interview_r2_bold_qa.md",
             "surname": "interview_r2_surname_transcript.txt", "about_list": "interview_r2_about_list.md",
             "two_studies": "interview_r2_two_studies.txt", "two_meetings": "interview_r2_two_meetings.txt",
             "bold_questions": "interview_r2_bold_questions.md", "reported_at": "interview_r2_reported_at.txt"}
    return {key: build_file(TEST_DATA / name) for key, name in names.items()}


def study_labels(result) -> set[str]:
    return {r[0] for r in rows(result, "SELECT ?l WHERE { ?doc hk:describes ?s . ?s skos:prefLabel ?l }")}


def test_the_editors_her_groups_trial_and_the_experts_we_enrolled_are_one_study(spoken):
    result = spoken["outlet"]
    assert study_labels(result) == {"Trial of elranatamab in relapsed multiple myeloma"}
    assert study_facts(result, "hk:author") == {"Elin Lindqvist"}
    assert "elranatamab" in study_facts(result, "hk:evaluates")
    assert {"BCMA", "CD3"} == study_facts(result, "hk:targets")
    assert study_facts(result, "hk:condition") == {"multiple myeloma"}
    assert study_facts(result, "hk:presentedAt") == {"ASH Annual Meeting 2025"}  # "the 2025 ASH Annual Meeting"


def test_an_answer_that_carries_on_with_results_belongs_to_the_study(spoken):
    result = spoken["outlet"]
    assert {"cytokine release syndrome", "infection"} <= study_facts(result, "hk:reportsAdverseEvent")
    evidence = rows(result, """
        SELECT ?text WHERE { ?doc hk:describes ?s . ?e rdf:subject ?s ; rdf:predicate hk:reportsAdverseEvent ;
                             rdf:object ?ae ; hk:sentence/hk:text ?text . ?ae skos:prefLabel "infection" }""")
    assert evidence and all(text.startswith("Infections were the real concern") for text, in evidence)


def test_an_answer_about_published_studies_in_general_does_not_carry_on_with_the_study(spoken):
    result = spoken["outlet"]
    assert "hypogammaglobulinemia" not in study_facts(result, "hk:reportsAdverseEvent")
    assert "hypogammaglobulinemia" in {r[0] for r in rows(result, """
        SELECT ?l WHERE { ?doc hk:mentions ?c . ?c skos:prefLabel ?l }""")}


def test_the_outlook_answer_names_therapies_the_study_did_not_evaluate(spoken):
    result = spoken["outlet"]
    mentioned = {r[0] for r in rows(result, "SELECT ?l WHERE { ?doc hk:mentions ?c . ?c skos:prefLabel ?l }")}
    assert {"talquetamab", "GPRC5D", "teclistamab", "ciltacabtagene autoleucel"} <= mentioned
    assert not {"talquetamab", "teclistamab", "ciltacabtagene autoleucel"} & study_facts(result, "hk:evaluates")
    assert "GPRC5D" not in study_facts(result, "hk:targets")


def test_a_prose_bio_under_about_dr_gives_both_institutions_and_the_unit_of_its_hospital(spoken):
    result = spoken["outlet"]
    found = {(name, institution) for name, institution, _ in interviewee(result)}
    assert {("Elin Lindqvist", "Nordvik University"), ("Elin Lindqvist", "Myeloma Unit")} <= found
    parents = rows(result, 'SELECT ?p WHERE { ?u skos:prefLabel "Myeloma Unit" ; hk:partOf/skos:prefLabel ?p }')
    assert ("Nordvik University Hospital",) in parents


def test_our_phase_2_cohort_is_labelled_by_its_drug_and_disease(spoken):
    result = spoken["bold_qa"]
    assert study_labels(result) == {"Zanubrutinib in Waldenström macroglobulinemia"}
    assert study_facts(result, "hk:author") == {"Tobias Brenner"}
    assert "zanubrutinib" in study_facts(result, "hk:evaluates")
    assert "Waldenström macroglobulinemia" in study_facts(result, "hk:condition")
    assert {"atrial fibrillation", "neutropenia"} <= study_facts(result, "hk:reportsAdverseEvent")
    assert not {"pirtobrutinib", "venetoclax"} & study_facts(result, "hk:evaluates")  # "I expect …" stays outlook


def test_a_meeting_named_without_a_year_takes_the_year_of_the_publication_date(spoken):
    assert study_facts(spoken["bold_qa"], "hk:presentedAt") == {"EHA Congress 2026"}


def test_a_profile_list_under_expert_profile_gives_section_department_and_hospital(spoken):
    result = spoken["bold_qa"]
    found = {institution for _, institution, _ in interviewee(result)}
    assert {"Lymphoma Section", "Elbtal University Hospital", "Central European Lymphoma Society"} <= found
    parents = set(rows(result, """
        SELECT ?child ?parent WHERE { ?c hk:partOf ?p . ?c skos:prefLabel ?child . ?p skos:prefLabel ?parent }"""))
    assert {("Lymphoma Section", "Department of Hematology"), ("Department of Hematology", "Elbtal University Hospital")} <= parents


def test_a_question_about_what_you_presented_places_the_answers_study_at_that_meeting(spoken):
    result = spoken["surname"]
    assert study_labels(result) == {"Exagamglogene autotemcel in sickle cell disease"}
    # "the American Society of Hematology meeting", dated by the recording date written under the title
    assert study_facts(result, "hk:presentedAt") == {"ASH Annual Meeting 2025"}
    assert study_facts(result, "hk:condition") == {"sickle cell disease"}  # not the thalassemia of the background
    assert {"febrile neutropenia", "thrombocytopenia"} <= study_facts(result, "hk:reportsAdverseEvent")
    assert "hydroxyurea" not in study_facts(result, "hk:evaluates")  # named in the outlook answer


def test_a_surname_speaker_label_is_the_person_of_the_biography(spoken):
    result = spoken["surname"]
    found = {(name, institution) for name, institution, _ in interviewee(result)}
    assert {("Adaeze Okonjo", "Crestwood University"), ("Adaeze Okonjo", "Sickle Cell Program")} <= found
    assert len(rows(result, "SELECT ?x WHERE { ?x a hk:Expert }")) == 1
    assert study_facts(result, "hk:author") == {"Adaeze Okonjo"}
    parents = rows(result, 'SELECT ?p WHERE { ?u skos:prefLabel "Sickle Cell Program" ; hk:partOf/skos:prefLabel ?p }')
    assert parents == [("Crestwood Children's Hospital",)]


def test_an_untitled_about_heading_over_role_lines_gives_university_and_clinic_of_its_hospital(spoken):
    result = spoken["about_list"]
    found = {(name, institution) for name, institution, _ in interviewee(result)}
    assert {("Hanna Berg", "Fjord University"), ("Hanna Berg", "Myeloproliferative Neoplasm Clinic")} <= found
    parents = rows(result, """SELECT ?p WHERE { ?u skos:prefLabel "Myeloproliferative Neoplasm Clinic" ;
                                                 hk:partOf/skos:prefLabel ?p }""")
    assert parents == [("Fjord University Hospital",)]
    roles = {r[0] for r in rows(result, "SELECT ?role WHERE { ?doc hk:interviewee ?x . ?x hk:role ?role }")}
    assert "Professor of Medicine, Fjord University" in roles


def test_a_meeting_glued_to_its_year_is_that_edition_and_the_study_was_presented_there(spoken):
    result = spoken["about_list"]
    assert study_facts(result, "hk:presentedAt") == {"EHA Congress 2026"}
    assert "momelotinib" in study_facts(result, "hk:evaluates")
    assert "thrombocytopenia" in study_facts(result, "hk:reportsAdverseEvent")  # the answer after the study's
    assert "luspatercept" not in study_facts(result, "hk:evaluates")  # "Looking ahead, I expect …"


def test_a_place_after_an_institution_stays_in_the_role_as_written(tmp_path):
    path = tmp_path / "interview_profile_place.md"
    path.write_text(
        "Q: What did you find?\nA: We enrolled 30 adults with CLL who received zanubrutinib.\n"
        "Q: What next?\nA: A longer follow-up.\n\n"
        "Expert Profile\n\nAnna Roth, MD\nProfessor of Hematology, Lakeside University Hospital Basel\n",
        encoding="utf-8",
    )
    roles = {r[0] for r in rows(build_file(path), "SELECT ?role WHERE { ?x a hk:Expert ; hk:role ?role }")}
    assert roles == {"Professor of Hematology, Lakeside University Hospital Basel"}


def test_a_first_line_with_a_colon_that_is_not_a_turn_is_the_title(spoken):
    titles = rows(spoken["outlet"], "SELECT ?title WHERE { ?doc a hk:Document ; hk:title ?title }")
    assert titles == [("Bispecific therapy for relapsed myeloma: a talk with Dr. Elin Lindqvist",)]


def test_an_answer_about_someone_elses_named_trial_does_not_carry_on_with_the_study(spoken):
    evaluated = study_facts(spoken["bold_qa"], "hk:evaluates")
    assert not {"ibrutinib", "rituximab"} & evaluated
    assert len(rows(spoken["bold_qa"], "SELECT ?s WHERE { ?doc hk:describes ?s }")) == 1


def test_we_also_presented_a_separate_study_is_a_second_study_with_its_own_answer(spoken):
    result = spoken["two_studies"]
    found = {tuple(r) for r in rows(result, """
        SELECT ?label ?drug WHERE { ?doc hk:describes ?s . ?s skos:prefLabel ?label ;
                                    hk:evaluates/skos:prefLabel ?drug }""")}
    assert found == {("Phase 2 trial of glofitamab in relapsed diffuse large B-cell lymphoma", "glofitamab"),
                     ("Separate study of zanubrutinib in marginal zone lymphoma", "zanubrutinib")}
    events = set(rows(result, """
        SELECT ?label ?ae WHERE { ?doc hk:describes ?s . ?s skos:prefLabel ?label ;
                                  hk:reportsAdverseEvent/skos:prefLabel ?ae }"""))
    assert ("Separate study of zanubrutinib in marginal zone lymphoma", "atrial fibrillation") in events
    glofitamab_study = "Phase 2 trial of glofitamab in relapsed diffuse large B-cell lymphoma"
    assert (glofitamab_study, "atrial fibrillation") not in events
    assert study_facts(result, "hk:presentedAt") == {"ASH Annual Meeting 2025"}
    assert "epcoritamab" not in study_facts(result, "hk:evaluates")


def test_of_two_meetings_in_the_introduction_the_study_was_presented_at_the_one_after_presented_at(spoken):
    result = spoken["two_meetings"]
    assert study_facts(result, "hk:presentedAt") == {"EHA Congress 2026"}
    assert "revumenib" in study_facts(result, "hk:evaluates")
    assert "differentiation syndrome" in study_facts(result, "hk:reportsAdverseEvent")


def test_questions_standing_alone_in_bold_make_an_interview_whose_answers_report_the_study(spoken):
    result = spoken["bold_questions"]
    assert result.genre == "interview"
    assert {name for name, _, _ in interviewee(result)} == {"Rosa Delgado"}
    assert study_facts(result, "hk:author") == {"Rosa Delgado"}
    assert study_facts(result, "hk:presentedAt") == {"ASCO Annual Meeting 2026"}
    assert "ciltacabtagene autoleucel" in study_facts(result, "hk:evaluates")
    assert "cytokine release syndrome" in study_facts(result, "hk:reportsAdverseEvent")
    assert "talquetamab" not in study_facts(result, "hk:evaluates")
    assert "GPRC5D" not in study_facts(result, "hk:targets")


def test_bold_question_lines_are_the_interviewers_turns_and_the_paragraphs_below_the_answers():
    text = (TEST_DATA / "interview_r2_bold_questions.md").read_text(encoding="utf-8")
    turns = read_turns(text)
    assert [t.role for t in turns] == ["interviewer", "expert"] * 3
    assert text[turns[1].start:turns[1].end].strip().startswith("We enrolled 112 patients")


def test_data_the_introduction_says_were_reported_at_a_meeting_place_the_answers_study_there(spoken):
    result = spoken["reported_at"]
    assert study_labels(result) == {"Oral azacitidine in acute myeloid leukemia"}
    assert study_facts(result, "hk:presentedAt") == {"EHA Congress 2026"}
    assert study_facts(result, "hk:author") == {"Kofi Mensah"}
    assert "venetoclax" not in study_facts(result, "hk:evaluates")


@pytest.fixture(scope="module")
def investigators():
    """Interviews of our own: two investigators each reporting a study; a profile that says what was presented."""
    return {"two": build_file(TEST_DATA / "interview_r4_two_investigators.md"),
            "about": build_file(TEST_DATA / "interview_r4_about_interviewee.txt")}


def facts_by_study(result, predicate: str) -> dict[str, set[str]]:
    """Each study's label with the labels (or values) it links to by ``predicate``."""
    found: dict[str, set[str]] = {}
    for study, value in rows(result, f"""
            SELECT ?title ?value WHERE {{
              ?doc hk:describes ?study . ?study skos:prefLabel ?title .
              OPTIONAL {{ ?study {predicate} ?o . OPTIONAL {{ ?o skos:prefLabel ?label }} }}
              BIND(COALESCE(?label, ?o, "") AS ?value)
            }}"""):
        found.setdefault(study, set()).update({value} if value else set())
    return found


def test_two_investigators_each_report_their_own_study(investigators):
    result = investigators["two"]
    authors = facts_by_study(result, "hk:author")
    assert authors == {"Phase 2 study of lisocabtagene maraleucel in relapsed large B-cell lymphoma": {"Alma Freiberg"},
                       "Phase 2 study of glofitamab": {"Tobias Anand"}}
    evaluated = facts_by_study(result, "hk:evaluates")
    assert evaluated["Phase 2 study of lisocabtagene maraleucel in relapsed large B-cell lymphoma"] == {
        "lisocabtagene maraleucel"}
    # "two-thirds of whom had prior axicabtagene ciloleucel or tisagenlecleucel": earlier therapies, not the study's
    assert evaluated["Phase 2 study of glofitamab"] == {"glofitamab"}
    events = facts_by_study(result, "hk:reportsAdverseEvent")
    assert "neutropenia" in events["Phase 2 study of glofitamab"]
    assert "neutropenia" not in events["Phase 2 study of lisocabtagene maraleucel in relapsed large B-cell lymphoma"]


def test_an_expert_who_answers_once_is_an_interviewee_and_the_introduction_gives_each_their_institution(investigators):
    found = {(name, institution) for name, institution, _ in interviewee(investigators["two"], named_unit_only=True)}
    assert found == {("Alma Freiberg", "Cell Therapy Program"), ("Tobias Anand", "Riverbend University School of Medicine")}
    parent = rows(investigators["two"], """SELECT ?p WHERE { ?d skos:prefLabel "Cell Therapy Program" ;
                                                             hk:partOf/skos:prefLabel ?p }""")
    assert parent == [("Northgate Cancer Institute",)]


def test_a_declaration_of_interests_is_no_evidence_for_a_study(investigators):
    texts = {r[0] for r in rows(investigators["two"], """
        SELECT ?text WHERE { ?doc hk:describes ?study . ?e rdf:subject ?study ; hk:sentence/hk:text ?text }""")}
    assert not any("research funding" in text for text in texts)


def test_a_profile_before_the_conversation_introduces_the_study_it_says_was_presented(investigators):
    result = investigators["about"]
    assert study_labels(result) == {"Phase 3 study of iptacopan in adults with paroxysmal nocturnal hemoglobinuria"}
    # "the data you showed at ISTH" is the edition the profile dates ("At the ISTH 2025 Congress")
    assert study_facts(result, "hk:presentedAt") == {"ISTH Congress 2025"}
    assert study_facts(result, "hk:evaluates") == {"iptacopan"}  # "having had eculizumab … before"
    assert study_facts(result, "hk:reportsAdverseEvent") == {"headache", "diarrhea"}  # not "less fatigue"


def test_a_role_written_as_a_verb_in_the_profile_gives_an_affiliation(investigators):
    found = {institution for _, institution, _ in interviewee(investigators["about"], named_unit_only=True)}
    assert found == {"Red Cell Clinic", "Baltic Haemostasis Consortium"}


def test_named_trials_beside_their_registry_numbers_are_each_experts_study():
    """An introduction presenting two experts, each with a trial named by its acronym and registry number: two
    studies labelled by their names, each with its own trial, lead investigator and drug."""
    result = build_file(TEST_DATA / "interview_r5_named_trials.txt")
    graph = result.graph
    assert result.genre == "interview"
    found = {}
    for study in graph.objects(result.document.iri, HK.describes):
        found[str(graph.value(study, SKOS.prefLabel))] = (
            {str(graph.value(a, SKOS.prefLabel)) for a in graph.objects(study, HK.author)},
            sorted(str(t).rsplit("/", 1)[-1] for t in graph.objects(study, HK.reportsTrial)),
            {str(graph.value(d, SKOS.prefLabel)) for d in graph.objects(study, HK.evaluates)})
    assert set(found) == {"LANTERN-2", "HARBOR-AML"}
    lantern, harbor = found["LANTERN-2"], found["HARBOR-AML"]
    assert "Aleksandra Wiśniewska" in lantern[0] and "Kofi Mensah-Boateng" in harbor[0]
    assert (lantern[1], harbor[1]) == (["nct07234567"], ["nct07345678"])
    assert "revumenib" in lantern[2] and "ziftomenib" not in lantern[2]
    assert "ziftomenib" in harbor[2]


def test_pdf_newsletter_interview_with_marked_affiliations_initials_as_speakers_and_a_reference_list():
    """A running header and a kicker above a quoted headline; "Professor X MD PhD¹,²" over numbered affiliations on
    one line; speakers labelled by initials; a reference list after the last answer, one entry naming the trial."""
    result = build_file(TEST_DATA / "interview_r6_pdf_newsletter.txt")
    graph = result.graph
    assert result.genre == "interview"
    assert str(graph.value(result.document.iri, SKOS.prefLabel)) == "Fixed-duration therapy can work even in high-risk CLL"
    assert {name for name, _, _ in interviewee(result, named_unit_only=True)} == {"Ewa Kowalska"}
    places = {institution for _, institution, _ in interviewee(result)}
    assert {"Department of Haematology", "Westbury Teaching Hospitals NHS Foundation Trust",
            "Institute of Cancer Genetics", "University of Avonmouth"} <= places
    # the trial the expert reports is the reference that names it: one study, titled as published
    studies = {str(graph.value(s, SKOS.prefLabel)): s for s in graph.subjects(RDF.type, HK.Study)}
    assert set(studies) == {"Chronic lymphocytic leukaemia", "Zanubrutinib and venetoclax in chronic lymphocytic "
                            "leukaemia with del(17p): first results of the CAPSTONE-17 trial"}
    trial = studies["Zanubrutinib and venetoclax in chronic lymphocytic leukaemia with del(17p): first results of the "
                    "CAPSTONE-17 trial"]
    assert "CAPSTONE-17" in {str(v) for v in graph.objects(trial, SKOS.altLabel)}
    assert {"zanubrutinib", "venetoclax"} <= {str(graph.value(t, SKOS.prefLabel)) for t in graph.objects(trial, HK.evaluates)}
    assert "neutropenia" in {str(graph.value(e, SKOS.prefLabel)) for e in graph.objects(trial, HK.reportsAdverseEvent)}
    cited_authors = {str(graph.value(a, SKOS.prefLabel)) for a in graph.objects(studies["Chronic lymphocytic leukaemia"], HK.author)}
    assert cited_authors == {"M Hallek", "TD Shanafelt", "B Eichhorst"}


def test_feature_story_without_turns_is_an_interview_of_the_expert_it_quotes():
    """No question/answer turns: the expert's words quoted with "she says"; placed later in the story by surname;
    an outside voice quoted with "says Dr X of Y"; the study's full title in a box beside the story."""
    result = build_file(TEST_DATA / "interview_r6_feature_story.md")
    graph = result.graph
    assert result.genre == "interview"
    assert str(graph.value(result.document.iri, SKOS.prefLabel)) == "Turning down the sickle signal"
    assert interviewee(result) and {(n, i) for n, i, _ in interviewee(result)} == {("Adaeze Nwosu", "Lakeview Blood Institute")}
    assert study_labels(result) == {"Mitapivat in adults with sickle cell disease: primary results of the phase 2 "
                                    "SUNRISE-SC trial"}
    assert study_facts(result, "hk:author") == {"Adaeze Nwosu"}
    assert study_facts(result, "hk:evaluates") == {"mitapivat"}
    assert study_facts(result, "hk:presentedAt") == {"ASH Annual Meeting 2025"}
    outside = rows(result, """SELECT ?org WHERE { ?doc hk:mentions ?x . ?x skos:prefLabel "Samuel Ortiz" ;
                                                  hk:affiliatedWith/skos:prefLabel ?org }""")
    assert outside == [("Bayfront Children's Hospital",)]


def test_podcast_transcript_with_timestamps_and_surname_labels():
    """Turns opened by "[00:00:29] SURNAME:", the guest named in full by the host ("Professor X, who leads … at Y"),
    and the study's title quoted in the guest's answer."""
    result = build_file(TEST_DATA / "interview_r6_podcast_transcript.txt")
    assert result.genre == "interview"
    found = {(n, i) for n, i, _ in interviewee(result)}
    assert found == {("Hanna Lindström", "Kvarnby University Hospital")}
    assert study_labels(result) == {"Revumenib with azacitidine in older adults with NPM1-mutated acute myeloid "
                                    "leukaemia: first results of the KESTREL-2 study"}
    assert study_facts(result, "hk:author") == {"Hanna Lindström"}
    assert {"revumenib", "azacitidine"} <= study_facts(result, "hk:evaluates")
    assert "differentiation syndrome" in study_facts(result, "hk:reportsAdverseEvent")


def test_an_editors_note_quoting_the_study_title_titles_the_study(tmp_path):
    text = ("EHA 2026 | Professor Lin Chen on dual-target CAR-T\n\n"
            "Editor's note: At EHA 2026 in Stockholm, the team of Professor Lin Chen from the Department of Hematology, "
            "Riverside Hospital, presented the results of its phase 1 trial of a CAR-T product targeting BCMA and "
            "GPRC5D. The study, \"Dual BCMA/GPRC5D CAR-T cells in relapsed multiple myeloma: results of a phase 1 "
            "trial\", was presented by Dr. Na Wu.\n\n"
            "Editor: Why two targets?\n\nProf. Chen: Antigen escape limits BCMA CAR-T cells.\n\n"
            "Editor: What did you find?\n\nProf. Chen: Of 30 patients, 90% responded; cytokine release syndrome was mild.\n")
    result = build_text(tmp_path, "interview.txt", text)
    assert study_labels(result) == {"Dual BCMA/GPRC5D CAR-T cells in relapsed multiple myeloma: results of a phase 1 trial"}


def test_a_named_trial_the_expert_claims_in_an_answer_is_their_study_and_others_trials_are_not(tmp_path):
    text = ("# Targeted therapy in AML\n\nWe spoke with Dr. Ana Ruiz of Elm Medical Center about her trials.\n\n"
            "**Q:** Which trials matter?\n\n**A:** VIALE-A (NCT02993523) changed practice for older patients. "
            "ORCA-2 (NCT05987123) is a phase 2 trial of revumenib with azacitidine. The data we presented at ASH 2025 "
            "covered 40 patients, and differentiation syndrome occurred in four.\n\n"
            "**Q:** What next?\n\n**A:** A randomised trial.\n")
    result = build_text(tmp_path, "interview.md", text)
    assert study_labels(result) == {"ORCA-2"}
    assert study_facts(result, "hk:author") == {"Ana Ruiz"}
    assert "revumenib" in study_facts(result, "hk:evaluates")
