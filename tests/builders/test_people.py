"""Person names as documents write them, and which written names are one person."""

from __future__ import annotations

import pytest

from hemakg.builders.context import DocumentContext
from hemakg.builders.iri import institution_iri
from hemakg.builders.people import PersonName, PersonResolver, parse_person_name, same_person
from hemakg.builders.reading import read_document
from hemakg.ontology import HK


@pytest.mark.parametrize(
    ("written", "given", "family"),
    [
        ("Jia Wei, MD, PhD", "Jia", "Wei"),
        ("Professor Lu Peihua", "Peihua", "Lu"),
        ("Prof. Hong-Hu Zhu", "Hong-Hu", "Zhu"),
        ("Zhu HH", "HH", "Zhu"),
        ("Dr. Margaret A. Ellison", "Margaret A.", "Ellison"),
        ("Haixiao Zhang<sup>1,2</sup>", "Haixiao", "Zhang"),
        ("Zhang Haixiao", "Haixiao", "Zhang"),
        ("Professor Lu", "", "Lu"),
        ("Ms. Ana de Souza", "Ana", "de Souza"),
    ],
)
def test_names_lose_titles_and_degrees_and_keep_given_and_family(written, given, family):
    assert parse_person_name(written) == PersonName(given, family)


@pytest.mark.parametrize("text", ["the results were encouraging", "", "Lu", "Results: 12 of 20 responded"])
def test_text_that_is_not_a_name_is_rejected(text):
    assert parse_person_name(text) is None


def test_display_puts_the_given_name_first():
    assert parse_person_name("Professor Lu Peihua").display == "Peihua Lu"


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Hong-Hu Zhu", "Zhu HH", True),
        ("Hong-Hu Zhu", "Hona-Hu Zhu", True),  # one letter off in the given name
        ("Lu Peihua", "Peihua Lu", True),
        ("Hong-Hu Zhu", "Zhu H", True),
        ("Jia Wei", "Hui Wei", False),
        ("Hong-Hu Zhu", "Zhu XY", False),
        ("Jie Zhao", "Jia Zhao", False),  # short given names: one letter is a different name
    ],
)
def test_written_variants_of_one_name_are_the_same_person(a, b, same):
    assert same_person(parse_person_name(a), parse_person_name(b)) is same


@pytest.fixture
def context(tmp_path):
    path = tmp_path / "people_doc.txt"
    path.write_text(
        "Professor Lu Peihua from Example Hospital spoke.\nPeihua Lu agreed.\nProfessor Lu added more.\n"
        "Professor Wei and Professor Jia Wei and Professor Hui Wei met.\n",
        encoding="utf-8",
    )
    return DocumentContext.create(read_document(path))


def test_resolver_gives_one_iri_to_every_form_of_a_name(context):
    people = PersonResolver(context)
    evidence = context.evidence(context.sentences[0])
    hospital = institution_iri("Example Hospital")
    first = people.person("Professor Lu Peihua", evidence, hospital)
    assert people.person("Peihua Lu", context.evidence(context.sentences[1])) == first
    assert people.person("Professor Lu", context.evidence(context.sentences[2])) == first
    assert str(first).endswith("expert/peihua-lu--example-hospital")
    assert (first, HK.affiliatedWith, hospital) in context.emitter.graph


def test_a_surname_shared_by_two_people_stays_unresolved(context):
    people = PersonResolver(context)
    evidence = context.evidence(context.sentences[3])
    jia = people.person("Jia Wei", evidence)
    hui = people.person("Hui Wei", evidence)
    assert jia != hui
    people.person("Professor Wei", evidence)
    assert "Wei" in context.report.unresolved_names


def test_without_an_institution_a_person_is_scoped_to_the_document(context):
    people = PersonResolver(context)
    iri = people.person("Jia Wei", context.evidence(context.sentences[3]))
    assert "/expert/people-doc/jia-wei" in str(iri)


def test_a_known_institution_fixes_the_iri_before_anything_is_emitted(context):
    people = PersonResolver(context)
    hospital = institution_iri("Example Hospital")
    people.know("Professor Lu Peihua", hospital)
    iri = people.person("Professor Lu", context.evidence(context.sentences[2]))
    assert str(iri).endswith("--example-hospital")
