"""Split a document into sentences that keep their character offsets.

Lines are hard boundaries (headings, labelled fields, table rows and list items stand alone), except where
hard-wrapped text plainly continues a sentence on the next line; inside a line, a
sentence ends at ., ! or ? followed by a space and a capital or digit, unless the period closes an abbreviation
("et al.", "Fig.", "Prof.") or an initial ("J. Smith").
"""

from __future__ import annotations

import re

from .records import Sentence

__all__ = ["split_sentences"]

_END = re.compile(r"[.!?][\"”’)\]]*(?:<sup>[^<>]{1,20}</sup>)?\s+(?=[\"“(\[]?[A-Z0-9\u4e00-\u9fff])")
_ABBREVIATIONS = {
    "al", "e.g", "i.e", "vs", "fig", "figs", "dr", "prof", "no", "nos", "approx", "ca", "cf", "dept", "inc", "ltd",
    "co", "st", "mr", "ms", "mrs", "jr", "sr", "u.s", "etc", "ref", "refs", "vol", "pp", "eq", "ph.d", "m.d", "ed",
    "eds", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "suppl", "tab",
}
_LAST_WORD = re.compile(r"(?:^|(?<=[\s(\[]))([A-Za-z][A-Za-z.]*)$")


def _ends_with_abbreviation(text: str) -> bool:
    match = _LAST_WORD.search(text)
    if not match:
        return False
    word = match.group(1).rstrip(".")
    if len(word) == 1 and word.isupper():  # an initial
        return True
    return word.lower() in _ABBREVIATIONS


def _split_line(text: str, offset: int) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for match in _END.finditer(text):
        period = match.start()
        if text[period] == "." and _ends_with_abbreviation(text[start:period]):
            continue
        spans.append((offset + start, offset + match.start() + 1 + len(match.group(0).rstrip()) - 1))
        start = match.end()
    spans.append((offset + start, offset + len(text)))
    return spans


_WRAP_MIN = 40
# A line that stops on a word no sentence ends with ("… at the", "… of", "… and") goes on below, whatever the case.
_OPEN_ENDED = re.compile(r"\s(?:the|a|an|of|at|in|on|to|for|from|with|by|and|or|as|than|into|via)$", re.IGNORECASE)
_STRUCTURAL = re.compile(r"[\t|]")


def _continues(line: str, following: str) -> bool:
    """Whether ``following`` continues ``line``'s sentence in hard-wrapped text (plain text from PDFs or e-mail).

    Only the unmistakable cases: a long line that stops mid-sentence and a next line that opens in lower case,
    a line that stops on "the", "of", "at" or the like, or a word broken by a hyphen. Fields, headings and table rows keep their own lines.
    """
    stripped = line.rstrip()
    nxt = following.lstrip()
    if len(stripped) < _WRAP_MIN or not nxt or _STRUCTURAL.search(stripped) or _STRUCTURAL.search(following):
        return False
    if stripped[-1] in ".!?:;":
        return False
    return (nxt[0].islower() or (stripped[-1] == "-" and stripped[-2:-1].isalpha())
            or _OPEN_ENDED.search(stripped) is not None)


def _logical_lines(text: str):
    """``(line, offset)`` pairs where hard-wrapped continuation lines are joined to the line they continue."""
    lines = text.split("\n")
    position = 0
    index = 0
    while index < len(lines):
        start = position
        joined = lines[index]
        position += len(lines[index]) + 1
        while index + 1 < len(lines) and _continues(lines[index], lines[index + 1]):
            index += 1
            joined += "\n" + lines[index]
            position += len(lines[index]) + 1
        yield joined, start
        index += 1


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of ``text`` in order, each with ``text[start:end] == sentence.text`` and no outer white space.

    Examples
    --------
    >>> [s.text for s in split_sentences("Smith et al. treated 12 patients with CAR-T. CR was 41.7%.\\nTitle: X")]
    ['Smith et al. treated 12 patients with CAR-T.', 'CR was 41.7%.', 'Title: X']
    >>> [s.text for s in split_sentences("Older patients with relapsed or refractory acute myeloid\\nleukemia responded.")]
    ['Older patients with relapsed or refractory acute myeloid\\nleukemia responded.']
    >>> len(split_sentences("I should credit Dr Amara Osei, who ran the sequencing at the\\nSevern Institute."))
    1
    """
    sentences: list[Sentence] = []
    for line, position in _logical_lines(text):
        for start, end in _split_line(line, position):
            chunk = text[start:end]
            stripped = chunk.strip()
            if stripped:
                lead = len(chunk) - len(chunk.lstrip())
                begin = start + lead
                sentences.append(Sentence(len(sentences), begin, begin + len(stripped), stripped))
    return sentences
