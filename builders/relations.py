"""Link a study to the concepts its own text names: the default reading of a study's span.

A study's span is the text that belongs to it (a digest block, a table row, a paragraph about one trial). Every
concept named inside the span is linked with the predicate its kind calls for, the evidence being the sentence
that names it. Genre builders decide the spans; this module decides what a mention inside one means.
"""

from __future__ import annotations

from rdflib import URIRef

from hemakg.ontology import HK

from .context import DocumentContext
from .records import Mention

__all__ = ["PREDICATE_BY_KIND", "link_mentions"]

PREDICATE_BY_KIND = {
    "antigen": HK.targets,
    "gene": HK.targets,
    "disease": HK.condition,
    "therapy": HK.evaluates,
    "drug": HK.evaluates,
    "mechanism": HK.involvesMechanism,
    "adverse-event": HK.reportsAdverseEvent,
}


def link_mentions(context: DocumentContext, subject: URIRef, mentions: list[Mention]) -> int:
    """Link ``subject`` to each mentioned concept by its kind's predicate; returns how many links were made."""
    made = 0
    for mention in mentions:
        predicate = PREDICATE_BY_KIND.get(mention.concept.kind)
        if predicate is None:
            continue
        context.link(subject, predicate, mention.concept, context.evidence_at(mention.start))
        made += 1
    return made
