"""Tell a document's genre from its structure, never from its name or its particular sentences.

* digest: several study blocks with labelled fields ("Title:", "First Author:", "Publication Number:", "Abstract"),
  or at least three lines opened by an abstract number ("[Abstract 1187] Title", "Poster P2210 · session").
* interview: question/answer turns, i.e. the same speaker labels ("Q:", "Professor X:", "Outlet:") opening lines again and again,
  or questions standing alone on their lines ("**Which patients did you treat?**") with the answers below them.
* correspondence: a journal letter or short article: a numbered reference list, often with a DOI, "To the editor",
  affiliations and a corresponding author.
* interview, told as a story: no turns, but the expert's words quoted again and again ('"…," she says').
* report: anything else (a short study report); read as one study.
"""

from __future__ import annotations

import re
from collections import Counter

from .references import SURNAME_PARTICLE
from .study_fields import FIELD_LABELS, count_field_lines
from .turns import TIMESTAMP, question_lines

__all__ = ["GENRES", "detect_genre"]

GENRES = ("digest", "interview", "correspondence", "report")

_FIELD_LABEL = re.compile("|".join(f"(?:{pattern})" for pattern in FIELD_LABELS.values()), re.IGNORECASE)
_SPEAKER = re.compile(r"^\s*" + TIMESTAMP + r"(?:\*\*)?([A-Z][\w.'’\- –&]{0,60}?)(?:\*\*)?\s*[:：](?:\*\*)?\s*(.*)$", re.MULTILINE)
_QA = re.compile(r"^\s*(?:\*\*)?(?:Q|A|Question|Answer|问|答)\s*(?:\d+\s*)?[:：.]", re.MULTILINE)
_REFERENCE_HEADING = re.compile(r"^\s*(?:#+\s*)?(?:\*\*)?(?:references|bibliography|参考文献)(?:\*\*)?\s*$", re.IGNORECASE | re.MULTILINE)
# The year may come on a wrapped line of the entry (PDF text), though not past a blank line.
_NUMBERED_REFERENCE = re.compile(
    rf"^\s*(?:[-*•]\s*)?(?:\[?\d{{1,3}}[\].)]?\s+)?(?:{SURNAME_PARTICLE})*[A-Z][A-Za-z'’\-]+"
    rf"(?: (?:{SURNAME_PARTICLE})*[A-Z][A-Za-z'’\-]+){{0,2}} [A-Z]{{1,4}}[,.]"
    r"(?:[^\n]|\n(?![ \t]*\n)){20,300}?\b(?:19|20)\d\d\b",
    re.MULTILINE,
)
# Author–year entries: "Lee, A., & Park, B. (2021). Title…" or "Lee A, Park B (2021) Title…".
_AUTHOR_YEAR_REFERENCE = re.compile(
    r"^\s*(?:[-*•]\s*)?[A-Z][A-Za-z'’\-]+,?(?: [A-Z]\.?)+[,.]?[^\n()]{0,250}\((?:19|20)\d\d[a-z]?\)[^\n]{20,}",
    re.MULTILINE,
)
# Reported speech, as a feature interview writes its conversation: '… ," she says.', '"…," Okafor says', 'says Dr X'.
_SPEECH = re.compile(
    r"[,.?!]?[\"”]\s*,?\s*(?:(?:she|he|they|[A-Z][\w'’\-]+)\s+)(?:says|said|recalls|recalled|explains|explained|adds|"
    r"added|notes|noted|acknowledges|acknowledged|argues|argued|admits|continues|tells)\b|"
    r"\b(?:says|said|recalls|explains|adds|notes)\s+(?:the\s+\w+(?:['’]s)?\s+\w+(?:\s+\w+)?,\s+)?(?:Dr\.?\s+|Professor\s+|Prof\.\s+)?[A-Z][a-z]+"
)
_LETTER_CUES = re.compile(r"to the editor|dear editor|\bcorrespondence\b|doi\.org/|\bdoi:\s*10\.", re.IGNORECASE)
_ONCE_IN_REPORTS = {"affiliation", "session", "board"}
_FIELD_WORDS = {"title", "type", "first author", "publication number", "note", "conclusion", "conclusions",
                 "background", "methods", "results", "study conclusions", "source", "editor’s note", "editor's note"}


def _speaker_turns(text: str) -> int:
    """How many lines open with a speaker label that recurs (a real conversation repeats its speakers)."""
    labels = Counter()
    for match in _SPEAKER.finditer(text):
        label = match.group(1).strip()
        if label.lower() in _FIELD_WORDS or _FIELD_LABEL.fullmatch(label) or len(label.split()) > 8:
            continue
        labels[label] += 1
    return sum(count for count in labels.values() if count >= 2)


def detect_genre(text: str) -> str:
    """The genre whose structure the text shows.

    Examples
    --------
    >>> detect_genre("Q: What is new?\\nA: Much.\\nQ: And next?\\nA: More.")
    'interview'
    >>> detect_genre("Title: A\\nFirst Author: B\\n\\nTitle: C\\nFirst Author: D\\n")
    'digest'
    >>> detect_genre("1) A trial\\n   Session: S1\\n   Lead investigator: Dr B\\n   Institution: C Hospital\\n"
    ...              "2) D trial\\n   Session: S2\\n   Lead investigator: Dr E\\n   Institution: F Hospital\\n")
    'digest'
    >>> detect_genre("Abstract Number: 1\\nStudy title: A\\nLead author: B\\nSession: Poster\\n"
    ...              "Abstract Number: 2\\nStudy title: C\\nLead author: D\\nSession: Oral\\n")
    'digest'
    """
    fields = count_field_lines(text)
    blocks = fields["number"] + fields["title"] + fields["first_author"]
    # A report's byline may carry one "Affiliations:" line; only fields that recur mark study blocks.
    labelled = sum(count for kind, count in fields.items() if count >= 2 or kind not in _ONCE_IN_REPORTS)
    # Three abstract numbers opening lines ("Abstract #12", "Poster P2210 · …") are three study blocks.
    if fields["first_author"] >= 2 or fields["number"] >= 3 or (fields["number"] >= 2 and blocks >= 5) or labelled >= 6:
        return "digest"
    turns = _speaker_turns(text) + len(_QA.findall(text)) + 2 * len(question_lines(text))  # a question, an answer
    if turns >= 4:
        return "interview"
    references = max(len(_NUMBERED_REFERENCE.findall(text)), len(_AUTHOR_YEAR_REFERENCE.findall(text)))
    if (_REFERENCE_HEADING.search(text) and references >= 2) or (_LETTER_CUES.search(text) and references >= 2):
        return "correspondence"
    if len(_SPEECH.findall(text)) >= 4:  # a conversation told as a story: a feature interview
        return "interview"
    return "report"
