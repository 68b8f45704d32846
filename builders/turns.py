"""Question/answer turns of an interview, told apart by their speaker labels.

A turn opens with a label on its own line or before the text ("Q:", "A:", "Professor X:", "**Outlet:**",
"Interviewer:"). A label counts as a speaker when it recurs, or when it is a Q/A marker. The interviewer is the speaker
whose turns ask (contain "?"); titled people and "A" answer. When only the questions are labelled, the paragraphs
after each question are the expert's answer. When nothing is labelled, questions standing alone on their lines
("**Which patients did you treat?**") are the interviewer's turns and the paragraphs below them the answers.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from .people import parse_person_name

__all__ = ["Turn", "read_turns", "question_lines", "SPEAKER_LABEL", "TIMESTAMP", "prose_lines", "is_heading"]

# A transcript's timestamp before the speaker: "[00:01:24] HOST:", "(12:05) Dr Lee:".
TIMESTAMP = r"(?:[\[(]?\d{1,2}:\d{2}(?::\d{2})?[\])]?[ \t]+)?"
SPEAKER_LABEL = re.compile(
    r"^[ \t]*" + TIMESTAMP + r"(?:\*\*|__)?[ \t]*(?P<label>[A-Z\u4e00-\u9fff][^:：\n*]{0,70}?)[ \t]*(?:\*\*|__)?[ \t]*[:：][ \t]*"
    r"(?:\*\*|__)?[ \t]*(?P<rest>.*)$",
    re.MULTILINE,
)
_QUESTION_LABELS = frozenset({"q", "question", "interviewer", "问", "host", "moderator", "editor"})
_ANSWER_LABELS = frozenset({"a", "answer", "答"})
_NOT_SPEAKERS = re.compile(
    r"^(?:editor['’]?s? note|note|title|source|background|methods|results|conclusions?|keywords?|references?|"
    r"research (?:focus|interests?)|expert profile|about the \w+|type|first author|publication (?:number|no\.?)|"
    r"disclosures?|funding|doi|date|abstract|for example|e\.g|i\.e)$",
    re.IGNORECASE,
)
# A question standing alone on its line, set off by markup or blank lines: "**Which patients did you treat?**".
_QUESTION_LINE = re.compile(
    r"^[ \t]*(?P<markup>\*\*|__|\*|_|#{1,4}[ \t]*)?[ \t]*(?P<question>[A-Z][^\n]{3,200}?[?？])"
    r"[ \t]*(?:\*\*|__|\*|_)?[ \t]*$",
    re.MULTILINE,
)
_HEADING_LINE = re.compile(r"^[ \t]*(?:#+[ \t]*)?(?:\*\*)?[A-Z][^.!?:\n]{2,100}(?:\*\*)?[ \t]*$")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*•·]|\d{1,2}[.)])[ \t]+")


@dataclass(frozen=True)
class Turn:
    """One speaker's turn: the label as written, its role, and the span of what they say."""

    label: str
    role: str  # "interviewer" or "expert"
    label_start: int
    start: int
    end: int


def _speaker_candidates(text: str, end: int) -> list[re.Match]:
    found = []
    for match in SPEAKER_LABEL.finditer(text, 0, end):
        label = match.group("label").strip()
        if _NOT_SPEAKERS.match(label) or len(label.split()) > 8 or label.endswith((".", ",")):
            continue
        found.append(match)
    return found


def _titled_elsewhere(text: str, label: str) -> bool:
    parsed = parse_person_name(label)
    if parsed is None or not parsed.given or len(label.split()) < 2:
        return False
    family = re.escape(label.split()[-1])
    titled = rf"\b(?:Dr\.?|Doctor|Professor|Prof\.)\s+(?:[A-Z][\w\-’']+\s+){{0,2}}{family}\b"
    return re.search(titled, text) is not None


def _label_of(match: re.Match) -> str:
    """The speaker a label names: numbered questions ("Q1", "Question 2") are one speaker."""
    label = match.group("label").strip()
    numbered = re.match(r"^(Q|A|Question|Answer|问|答)\s*\d{1,2}$", label, re.IGNORECASE)
    return numbered.group(1) if numbered else label


def read_turns(text: str, end: int | None = None) -> list[Turn]:
    """The question/answer turns of an interview, in order.

    Examples
    --------
    >>> doc = "Intro.\\nQ: Why CD7?\\nA: It is on T cells.\\nQ: And safety?\\nA: Manageable."
    >>> [(t.label, t.role, doc[t.start:t.end].strip()) for t in read_turns(doc)][:2]
    [('Q', 'interviewer', 'Why CD7?'), ('A', 'expert', 'It is on T cells.')]
    >>> [t.label for t in read_turns("Q1: Why?\\nProf. Li: Because.\\nQ2: How?\\nProf. Li: So.")]
    ['Q', 'Prof. Li', 'Q', 'Prof. Li']
    """
    end = len(text) if end is None else end
    candidates = _speaker_candidates(text, end)
    counts = Counter(_label_of(m) for m in candidates)
    markers = _QUESTION_LABELS | _ANSWER_LABELS
    recurring = any(count >= 2 for count in counts.values())
    # A second expert may answer only once ("**Anna Berg:** …" among the turns of others): a speaker when the
    # text also names them with a title ("Dr. Berg", "Professor Anna Berg").
    speakers = [m for m in candidates if counts[_label_of(m)] >= 2 or _label_of(m).lower() in markers
                or recurring and _titled_elsewhere(text, _label_of(m))]
    if not speakers:
        return _question_turns(text, end)
    spans = []
    for index, match in enumerate(speakers):
        stop = speakers[index + 1].start() if index + 1 < len(speakers) else end
        spans.append((_label_of(match), match.start(), match.start("rest"), stop))
    questions: dict[str, list[int]] = defaultdict(list)
    for label, _, start, stop in spans:
        questions[label].append(1 if "?" in text[start:stop] or "？" in text[start:stop] else 0)
    asking = {label: sum(v) / len(v) for label, v in questions.items()}
    top = max(asking.values())

    def role(label: str) -> str:
        folded = label.lower()
        if folded in _QUESTION_LABELS:
            return "interviewer"
        if folded in _ANSWER_LABELS:
            return "expert"
        if re.match(r"^(?:Professor|Prof\.|Dr\.|Academician)\s", label):
            return "expert"
        if asking[label] == top and top >= 0.5:
            return "interviewer"
        # An outlet's label beside a person's label asks, even when its questions end without "?".
        if parse_person_name(label) is None and any(parse_person_name(other) for other in asking if other != label):
            return "interviewer"
        return "expert"

    answers_labelled = any(role(label) == "expert" for label in asking)
    turns = []
    for label, at, start, stop in spans:
        if role(label) == "interviewer" and not answers_labelled:
            # Only the questions are labelled ("Q: …?" then the answer as plain paragraphs).
            asked = re.search(r"[?？][*_]*[ \t]*\n", text[start:stop])
            if asked and text[start + asked.end():stop].strip():
                turns.append(Turn(label, "interviewer", at, start, start + asked.end()))
                turns.append(Turn("", "expert", start + asked.end(), start + asked.end(), stop))
                continue
        turns.append(Turn(label, role(label), at, start, stop))
    return turns


def prose_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The non-blank lines of a span, as spans (the first starts at ``start``); a list item is its own line."""
    spans = []
    line_start = text.rfind("\n", 0, start) + 1
    for match in re.finditer(r"[^\n]+", text[:end]):
        if match.end() <= start or match.start() < line_start:
            continue
        if match.group(0).strip():
            spans.append((max(match.start(), start), match.end()))
    return spans


def is_heading(line: str) -> bool:
    """A line that stands as a heading: short, capitalised, without sentence punctuation, not a list item."""
    return bool(_HEADING_LINE.match(line)) and not _LIST_ITEM.match(line) and len(line.split()) <= 14


def question_lines(text: str, end: int | None = None) -> list[tuple[int, int]]:
    """Questions printed alone on their line, without a speaker label, as ``(start, end)`` of the line: marked up
    ("**…?**", "### …?") or set off by blank lines. Fewer than three are headings, not a conversation.

    Examples
    --------
    >>> doc = ("Intro.\\n\\n**Why CD7?**\\n\\nIt is on T cells.\\n\\n**Is it safe?**\\n\\nMostly.\\n\\n"
    ...        "**What next?**\\n\\nTrials.")
    >>> [doc[a:b] for a, b in question_lines(doc)]
    ['**Why CD7?**', '**Is it safe?**', '**What next?**']
    """
    end = len(text) if end is None else end
    found = []
    for match in _QUESTION_LINE.finditer(text, 0, end):
        before = text[max(0, match.start() - 2):match.start()]
        after = text[match.end():match.end() + 2]
        alone = (match.start() < 2 or before == "\n\n") and (len(after) < 2 or after == "\n\n")
        if match.group("markup") or alone:
            found.append((match.start(), match.end()))
    return found if len(found) >= 3 else []


def _question_turns(text: str, end: int) -> list[Turn]:
    """Turns of an interview whose questions stand alone on their lines and whose answers are the paragraphs after."""
    questions = question_lines(text, end)
    turns = []
    for index, (start, stop) in enumerate(questions):
        following = questions[index + 1][0] if index + 1 < len(questions) else end
        turns.append(Turn("Q", "interviewer", start, start, stop))
        if text[stop:following].strip():
            turns.append(Turn("", "expert", stop, stop, following))
    return turns

