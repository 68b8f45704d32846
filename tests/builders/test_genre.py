"""Genre comes from structure: field labels make a digest even when they repeat like speaker labels."""

from __future__ import annotations

from rdflib.namespace import RDF, SKOS

from hemakg.builders import build_file, detect_genre
from hemakg.ontology import HK

from conftest import TEST_DATA, corpus_file


def test_digest_with_session_and_lead_author_fields_is_a_digest_not_an_interview():
    result = build_file(TEST_DATA / "digest_r3_session_fields.txt")
    assert result.genre == "digest"
    graph = result.graph
    first_authors = {str(graph.value(a, SKOS.prefLabel)) for a in graph.objects(None, HK.firstAuthor)}
    assert first_authors == {"Nora Lindgren", "Victor Hale"}
    titles = {str(graph.value(s, SKOS.prefLabel)) for s in graph.subjects(RDF.type, HK.Study)}
    assert "Linvoseltamab after anti-CD38 antibody exposure" in titles


def test_the_sample_interviews_stay_interviews():
    for prefix in ("001", "003"):
        assert detect_genre(corpus_file(prefix).read_text(encoding="utf-8")) == "interview"
