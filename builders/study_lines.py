"""Which lines of an interview speak of which of the expert's studies.

A study is introduced by a few lines (`builders.spoken_studies`); the conversation then comes back to it: a line that
refers to "this study" or names its product code, an answer that carries on with its results right after an answer
about it ("How did patients tolerate it?" "CRS occurred in 42% …"), a sentence of an answer that names the study's
own product. Each expert carries on only their own study: with two experts, one's answer never continues the other's.
"""

from __future__ import annotations

from rdflib import URIRef

from .context import DocumentContext
from .records import Sentence
from .spoken_studies import ANOTHER, OTHER_STUDY, RESULTS, SPOKEN_OUTLOOK, SpokenStudy, study_referred
from .turns import Turn, is_heading, prose_lines

__all__ = ["owned_lines", "overlapping"]


def overlapping(context: DocumentContext, start: int, stop: int) -> list[Sentence]:
    """Sentences that share text with a span (a turn's first sentence starts at its speaker label)."""
    first = context.sentence_at(start)
    return [s for s in context.sentences[first.index:] if s.start < stop and s.end > start]


def owned_lines(context: DocumentContext, turns: list[Turn], studies: list[SpokenStudy]
                ) -> dict[URIRef, list[tuple[int, int]]]:
    """Each study's lines: its own, the paragraphs that refer back to it, the answers that carry on reporting its
    results right after an answer about it, and the answer sentences that name its product."""
    text = context.document.text
    owned: dict[URIRef, list[tuple[int, int]]] = {s.iri: list(s.lines) for s in studies}
    first_line = {s.iri: s.lines[0][0] if s.lines else 0 for s in studies}
    previous: dict[str, URIRef | None] = {}  # the study each expert's last answer spoke of
    products = _products(context, studies)
    for index, turn in enumerate(turns):
        spoke_of: URIRef | None = None
        question = turns[index - 1] if index and turns[index - 1].role == "interviewer" else None
        previous_answer = previous.get(turn.label)
        for start, stop in prose_lines(text, turn.start, turn.end):
            if is_heading(text[start:stop]):
                continue
            holder = next((s.iri for s in studies if any(a < stop and start < b for a, b in s.lines)), None)
            if holder is not None:  # the line (or part of it: a turn's first line starts at its label) is a study's
                spoke_of = spoke_of or holder
                continue
            line = text[start:stop]
            study = study_referred(line, start, studies, first_line)
            if study is None and previous_answer is not None and turn.role == "expert" \
                    and _carries_on(context, line, start, question):
                study = previous_answer  # "How did patients tolerate it?" "CRS occurred in 42% …"
            if study is None and turn.role == "expert":  # a sentence that names the study's own product
                for sentence in overlapping(context, start, stop):
                    named = {m.concept.iri for m in context.mentions_between(sentence.start, sentence.end, "drug")}
                    holders = {iri for iri, drugs in products.items() if drugs & named}
                    if len(holders) == 1:
                        owned[holders.pop()].append((sentence.start, sentence.end))
            if study is None:
                continue
            if turn.role == "interviewer":  # a question that states a study's facts: its sentences only
                for sentence in overlapping(context, start, stop):
                    if study_referred(sentence.text, sentence.start, studies, first_line) is study:
                        owned[study].append((sentence.start, sentence.end))
            else:
                owned[study].append((start, stop))
                spoke_of = spoke_of or study
        if turn.role == "expert":
            previous[turn.label] = spoke_of
    return owned


def _products(context: DocumentContext, studies: list[SpokenStudy]) -> dict[URIRef, set[URIRef]]:
    """The named drugs each study's label gives as its subject ("Phase 2 study of anitocabtagene autoleucel")."""
    found = {}
    for spoken in studies:
        label = context.emitter.label_of(spoken.iri) or ""
        found[spoken.iri] = {m.concept.iri for m in context.vocabulary.recognizer.find(label) if m.concept.kind == "drug"}
    return found


def _carries_on(context: DocumentContext, line: str, start: int, question: Turn | None) -> bool:
    """An answer line that reports results right after an answer about a study, without looking ahead, naming
    another trial, or answering a question about another study, carries on with that study."""
    asked = context.document.text[question.start:question.end] if question else ""
    return bool(RESULTS.search(line)) and not SPOKEN_OUTLOOK.search(context.sentence_at(start).text) \
        and not OTHER_STUDY.search(line) and not ANOTHER.search(asked)
