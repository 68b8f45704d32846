"""Person names as documents write them, and which written names are one person."""

from __future__ import annotations

import pytest

from hemakg.builders.context import DocumentContext
from hemakg.builders.iri import institution_iri
from hemakg.builders.people import PersonName, parse_person_name, same_person
from hemakg.builders.person_resolver import PersonResolver
from hemakg.builders.reading import read_document
from hemakg.ontology import HK


@pytest.mark.parametrize(
    ("written", "given", "family"),
    [
        ("Ming Gao, MD, PhD", "Ming", "Gao"),
        ("Professor Sun Xiaoyan", "Xiaoyan", "Sun"),
        ("Prof. Jian-Xiang Wang", "Jian-Xiang", "Wang"),
        ("Wang JX", "JX", "Wang"),
        ("Dr. Margaret A. Ellison", "Margaret A.", "Ellison"),
        ("Haixiao Zhang<sup>1,2</sup>", "Haixiao", "Zhang"),
        ("Zhang Haixiao", "Haixiao", "Zhang"),
        ("Professor Sun", "", "Sun"),
        ("Ms. Ana de Souza", "Ana", "de Souza"),
        ("Garcia MA", "MA", "Garcia"),  # initials, not a Master of Arts
        ("Jane Roe MD", "Jane", "Roe"),
    ],
)
def test_names_lose_titles_and_degrees_and_keep_given_and_family(written, given, family):
    assert parse_person_name(written) == PersonName(given, family)


@pytest.mark.parametrize("text", ["the results were encouraging", "", "Sun", "Results: 12 of 20 responded"])
def test_text_that_is_not_a_name_is_rejected(text):
    assert parse_person_name(text) is None


def test_display_puts_the_given_name_first():
    assert parse_person_name("Professor Sun Xiaoyan").display == "Xiaoyan Sun"


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Jian-Xiang Wang", "Wang JX", True),
        ("Jian-Xiang Wang", "Jian-Xiong Wang", True),  # one letter off in the given name
        ("Sun Xiaoyan", "Xiaoyan Sun", True),
        ("Jian-Xiang Wang", "Wang J", True),
        ("Ming Chen", "Hao Chen", False),
        ("Jian-Xiang Wang", "Wang XY", False),
        ("Jie Zhao", "Jia Zhao", False),  # short given names: one letter is a different name
        ("Haixin Zhou", "Zhou HX", True),  # one initial per syllable of a Chinese given name
        ("Haixin Zhou", "Zhou HY", False),
        ("Hai Zhou", "Zhou HY", False),
        ("Jean-Luc Moreau", "Moreau JL", True),
        ("Maria Garcia", "Garcia MA", True),  # a middle initial the full form leaves out
    ],
)
def test_written_variants_of_one_name_are_the_same_person(a, b, same):
    assert same_person(parse_person_name(a), parse_person_name(b)) is same


@pytest.fixture
def context(tmp_path):
    path = tmp_path / "people_doc.txt"
    path.write_text(
        "Professor Sun Xiaoyan from Example Hospital spoke.\nXiaoyan Sun agreed.\nProfessor Sun added more.\n"
        "Professor Chen and Professor Ming Chen and Professor Hao Chen met.\n",
        encoding="utf-8",
    )
    return DocumentContext.create(read_document(path))


def test_resolver_gives_one_iri_to_every_form_of_a_name(context):
    people = PersonResolver(context)
    evidence = context.evidence(context.sentences[0])
    hospital = institution_iri("Example Hospital")
    first = people.person("Professor Sun Xiaoyan", evidence, hospital)
    assert people.person("Xiaoyan Sun", context.evidence(context.sentences[1])) == first
    assert people.person("Professor Sun", context.evidence(context.sentences[2])) == first
    assert str(first).endswith("expert/xiaoyan-sun--example-hospital")
    assert (first, HK.affiliatedWith, hospital) in context.emitter.graph


def test_a_surname_shared_by_two_people_stays_unresolved(context):
    people = PersonResolver(context)
    evidence = context.evidence(context.sentences[3])
    ming = people.person("Ming Chen", evidence)
    hao = people.person("Hao Chen", evidence)
    assert ming != hao
    people.person("Professor Chen", evidence)
    assert "Chen" in context.report.unresolved_names


def test_without_an_institution_a_person_is_scoped_to_the_document(context):
    people = PersonResolver(context)
    iri = people.person("Ming Chen", context.evidence(context.sentences[3]))
    assert "/expert/people-doc/ming-chen" in str(iri)


def test_a_known_institution_fixes_the_iri_before_anything_is_emitted(context):
    people = PersonResolver(context)
    hospital = institution_iri("Example Hospital")
    people.know("Professor Sun Xiaoyan", hospital)
    iri = people.person("Professor Sun", context.evidence(context.sentences[2]))
    assert str(iri).endswith("--example-hospital")
