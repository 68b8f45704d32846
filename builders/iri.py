"""The one place entity IRIs are minted, so they are the same in every build.

IRIs derive from what identifies the thing (a registry id, a normalised name, a document and a position in it),
never from counters that depend on the order of processing.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

from hemakg.ontology import HKID

__all__ = [
    "slugify",
    "document_iri",
    "sentence_iri",
    "evidence_iri",
    "study_iri",
    "cohort_iri",
    "outcome_iri",
    "observation_iri",
    "expert_iri",
    "institution_iri",
    "subunit_iri",
    "trial_iri",
    "conference_iri",
    "product_iri",
    "combination_iri",
    "subtype_iri",
]

_NON_SLUG = re.compile(r"[^a-z0-9]+")
_GREEK = {"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "κ": "kappa", "λ": "lambda", "μ": "mu"}


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens.

    Examples
    --------
    >>> slugify("Tongji Hospital, Huazhong University")
    'tongji-hospital-huazhong-university'
    >>> slugify("TNF-α")
    'tnf-alpha'
    """
    text = "".join(_GREEK.get(ch, ch) for ch in text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return _NON_SLUG.sub("-", text).strip("-")


def _short_hash(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


def document_iri(slug: str) -> URIRef:
    return HKID[f"document/{slug}"]


def sentence_iri(document_slug: str, index: int) -> URIRef:
    return HKID[f"document/{document_slug}/sentence/{index}"]


def evidence_iri(document_slug: str, subject, predicate, obj, sentence_index: int) -> URIRef:
    return HKID[f"document/{document_slug}/evidence/{_short_hash(subject, predicate, obj, sentence_index)}"]


def study_iri(document_slug: str, key: str) -> URIRef:
    """A study as one document reports it; ``key`` is its number in the document or a slug of its title."""
    return HKID[f"study/{document_slug}/{slugify(key)}"]


def cohort_iri(study: URIRef, key: str) -> URIRef:
    return URIRef(f"{study}/cohort/{slugify(key)}")


def outcome_iri(owner: URIRef, key: str) -> URIRef:
    return URIRef(f"{owner}/outcome/{slugify(key)}")


def observation_iri(owner: URIRef, key: str) -> URIRef:
    return URIRef(f"{owner}/adverse-event/{slugify(key)}")


def expert_iri(name: str, institution: str | None = None, document_slug: str | None = None) -> URIRef:
    """A person: shared across documents only through name and institution together, never by name alone.

    Without an institution the person is scoped to the document that names them.
    """
    if institution:
        return HKID[f"expert/{slugify(name)}--{slugify(institution)}"]
    if document_slug:
        return HKID[f"expert/{document_slug}/{slugify(name)}"]
    raise ValueError("an expert IRI needs an institution or a document")


def institution_iri(name: str) -> URIRef:
    return HKID[f"institution/{slugify(name)}"]


def subunit_iri(parent: URIRef, name: str) -> URIRef:
    """A department or committee with a generic name, scoped to its parent organisation's IRI.

    Examples
    --------
    >>> subunit_iri(institution_iri("Ruijin Hospital"), "Department of Hematology")
    rdflib.term.URIRef('https://w3id.org/hemakg/id/institution/ruijin-hospital/department-of-hematology')
    """
    return URIRef(f"{parent}/{slugify(name)}")


def trial_iri(registry_id: str) -> URIRef:
    return HKID[f"trial/{slugify(registry_id)}"]


def conference_iri(series_slug: str, year: int | str | None) -> URIRef:
    return HKID[f"conference/{series_slug}-{year}" if year else f"conference/{series_slug}"]


def product_iri(label: str) -> URIRef:
    """A target-specific therapy named in text (a CD7 CAR-T), shared across documents by its normalised label."""
    return HKID[f"therapy/{slugify(label)}"]


def combination_iri(components) -> URIRef:
    """A combination therapy, named by its components in a fixed order, so "A plus B" and "B with A" are one node.

    Examples
    --------
    >>> combination_iri(["https://w3id.org/hemakg/id/therapy/b", "https://w3id.org/hemakg/id/therapy/a"])
    rdflib.term.URIRef('https://w3id.org/hemakg/id/therapy/combination/a--b')
    """
    slugs = sorted({slugify(str(c).rstrip("/").rsplit("/", 1)[-1]) for c in components})
    return HKID[f"therapy/combination/{'--'.join(slugs)}"]


def subtype_iri(label: str) -> URIRef:
    """A disease subtype the text composes ("TP53-mutated AML") and the vocabulary lacks, keyed by its label."""
    return HKID[f"disease/{slugify(label)}"]
