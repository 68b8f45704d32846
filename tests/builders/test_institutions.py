"""Institutions from affiliation lines and running text: names, parents and IRIs."""

from __future__ import annotations

import pytest
from conftest import TEST_DATA
from rdflib.namespace import RDF, SKOS

from hemakg.builders import build_file
from hemakg.builders.context import DocumentContext
from hemakg.builders.institutions import (
    declare_institution,
    find_institutions,
    institution_names,
    is_subunit,
    split_affiliation,
)
from hemakg.builders.iri import institution_iri
from hemakg.builders.reading import read_document
from hemakg.ontology import HK
from affiliations import own_places


@pytest.mark.parametrize(
    ("line", "parts"),
    [
        ("<sup>1</sup>Department of Hematology, Xinhe Hospital, Donghai Medical University, Qingdao 266000, China",
         ["Department of Hematology", "Xinhe Hospital", "Donghai Medical University"]),
        ("Division of Hematology, Mayo Clinic, Rochester, MN 55905, USA", ["Division of Hematology", "Mayo Clinic"]),
        ("2 Shanghai Institute of Hematology, Ruijin Hospital, Shanghai, China",
         ["Shanghai Institute of Hematology", "Ruijin Hospital"]),
    ],
)
def test_affiliation_lines_split_most_specific_first_without_places(line, parts):
    assert split_affiliation(line) == parts


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("She trained at the University of Nebraska Medical Center, USA.", ["University of Nebraska Medical Center"]),
        ("He spoke at the Annual Meeting of the European Hematology Association (EHA).",
         ["European Hematology Association (EHA)"]),
        ("Funded by Kite Pharma and Juno Therapeutics, Inc.", ["Kite Pharma", "Juno Therapeutics"]),
        ("Peking University People's Hospital and the First Affiliated Hospital of Soochow University joined.",
         ["Peking University People's Hospital", "First Affiliated Hospital of Soochow University"]),
        ("the team at our center treated patients", []),
        # the head first, as Spanish and French names put it; the elided article; the city after "in"
        ("Ana Ruiz (Hospital Universitario Sierra Alta, Granada) reported", ["Hospital Universitario Sierra Alta"]),
        ("Camille Roux (Institut Rhodanien d'Hématologie, Lyon) presented", ["Institut Rhodanien d'Hématologie"]),
        ("She works at the Calderwood Comprehensive Cancer Center in Baltimore.",
         ["Calderwood Comprehensive Cancer Center"]),
        ("Ruijin Hospital Shanghai Institute of Hematology", ["Ruijin Hospital", "Shanghai Institute of Hematology"]),
    ],
)
def test_institutions_in_running_text_are_found_by_head_nouns(text, names):
    assert [name for name, _ in institution_names(text)] == names


def test_generic_subunits_are_told_from_named_organisations():
    assert is_subunit("Department of Hematology")
    assert is_subunit("Hematology Committee")
    assert not is_subunit("National Clinical Research Center for Hematologic Diseases")
    assert not is_subunit("Donghai Medical University")


@pytest.fixture
def context(tmp_path):
    path = tmp_path / "institutions_doc.txt"
    path.write_text("Department of Hematology, Huaxin Hospital, Jiangnan Medical University, Wuxi, China\n"
                    "Dr. Chen of Huaxin Hospital, Jiangnan Medical University spoke.\n", encoding="utf-8")
    return DocumentContext.create(read_document(path))


def test_a_department_is_named_as_written_and_scoped_to_its_parent(context):
    evidence = context.evidence(context.sentences[0])
    department = declare_institution(context, split_affiliation(context.sentences[0].text), evidence)
    g = context.emitter.graph
    hospital = institution_iri("Huaxin Hospital")
    assert str(department) == f"{hospital}/department-of-hematology"
    assert str(g.value(department, SKOS.prefLabel)) == "Department of Hematology"
    assert (department, HK.partOf, hospital) in g
    assert (hospital, HK.partOf, institution_iri("Jiangnan Medical University")) in g


def test_comma_joined_names_in_text_form_one_affiliation(context):
    sentence = context.sentences[1]
    found = find_institutions(context, sentence.start, sentence.end)
    assert [iri for iri, _ in found] == [institution_iri("Huaxin Hospital")]
    assert (found[0][0], HK.partOf, institution_iri("Jiangnan Medical University")) in context.emitter.graph


def test_honours_and_grants_are_not_institutions():
    names = [n for n, _ in institution_names("Distinguished Professor, Lakeside Young Scholars Program; "
                                             "Recipient, National Science Award; Member, Nordic Lymphoma Group")]
    assert names == ["Nordic Lymphoma Group"]


def test_affiliations_written_in_their_own_language_keep_hospital_and_department():
    result = build_file(TEST_DATA / "report_r2_european_affiliations.md")
    graph = result.graph

    def label(node):
        return str(graph.value(node, SKOS.prefLabel))

    chains = {label(i): sorted(label(p) for p in graph.objects(i, HK.partOf))
              for i in graph.subjects(RDF.type, HK.Institution)}
    assert chains == {"Hematology Unit": ["Ospedale San Gerardo"], "Ospedale San Gerardo": [],
                      "Department of Medicine": ["Karolinska Institutet"], "Karolinska Institutet": [],
                      "Service d'Hématologie": ["Hôpital Saint-Antoine"], "Hôpital Saint-Antoine": []}
    study = next(graph.objects(result.document.iri, HK.describes))
    by_name = {label(a): a for a in graph.objects(study, HK.author)}
    assert sorted(by_name) == ["Giulia Ferraro", "Henrik Lund", "Sophie Marchand"]
    assert [label(p) for p in own_places(graph, by_name["Sophie Marchand"])] == ["Service d'Hématologie"]
    assert (study, HK.correspondingAuthor, by_name["Sophie Marchand"]) in graph


@pytest.mark.parametrize(
    ("written", "parts"),
    [
        ("Klinik für Innere Medizin III, Universitätsklinikum Ulm, 89081 Ulm, Germany",
         ["Klinik für Innere Medizin III", "Universitätsklinikum Ulm"]),
        ("Servicio de Hematología, Hospital Universitario La Fe, Valencia, Spain",
         ["Servicio de Hematología", "Hospital Universitario La Fe"]),
    ],
)
def test_foreign_heads_and_department_openers_are_read(written, parts):
    assert split_affiliation(written) == parts
    assert is_subunit(parts[0]) and not is_subunit(parts[1])
