"""Which body sentences report which cited study.

A letter reports other studies in its own words and marks them with citations ("Lee et al. treated 12 patients …
[3]", "… two constructs [9, 10]", "…<sup>4,5</sup>"). The facts of a cited passage belong to the cited studies,
not to the letter. A passage is the cited sentence plus the uncited sentences before it in the same paragraph that
already speak of that study: back to the first sentence that introduces it ("Lee et al.", "a phase I trial", "… enrolled").
Background sentences without such an opening ("CD19 is often expressed on t(8;21) AML.") stay the document's.

PDF conversions break paragraphs at page ends ("… and two of" / table / "them achieved CR [4]."); a paragraph that
stops mid-sentence is joined with the next one that starts in lower case, so the broken sentence is read whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .records import Sentence

__all__ = ["CitedPassage", "citation_numbers", "find_citation_numbers", "body_paragraphs", "cited_passages",
           "own_data_sentences"]

_BRACKETS = re.compile(r"\[\s*(\d{1,3}(?:\s*[,–\-‐;]\s*\d{1,3})*)\s*\]")
_SUPERSCRIPT = re.compile(r"(?<=[A-Za-z.,)\]])(?:<sup>\s*(\d{1,3}(?:\s*[,–\-‐]\s*\d{1,3})*)\s*</sup>|"
                          r"\$?\^\{?(\d{1,3}(?:[,–\-]\d{1,3})*)\}?\^?\$?)")  # never "10^6" 
# "(Lee et al., 2021)", "Lee and Park (2021)", "(Lee 2021; Ito et al. 2022)": a first author's surname and a year.
_AUTHOR_YEAR = re.compile(r"\b(?P<name>[A-Z][\w'’\-]+)(?:\s+et\s+al\.?|\s+(?:and|&)\s+[A-Z][\w'’\-]+)?"
                          r"(?:,\s*|\s+\(\s*|\s+)(?P<year>(?:19|20)\d\d)[a-z]?\b")
_INTRODUCER = re.compile(
    r"\b[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+)?\s+et\s+al\b|"
    r"\b(?:a|an|the|this|one|their|another)\s+(?:[\w\-/()]+\s+){0,5}?(?:trial|study|analysis|cohort|series|report)\b|"
    r"\bphase\s+(?:[I1-3]{1,3}|one|two)\b|\benrolled\b|\bwe\s+(?:report|describe|present)\b|\breported\b",
    re.IGNORECASE,
)
# The authors speak of their own patients: "we treated 142 adults", "our institutional cohort", "at our two centres".
_OWN_DATA = re.compile(
    r"\bwe\s+(?:have\s+|also\s+|then\s+|retrospectively\s+|prospectively\s+)?(?:treated|enrolled|recruited|report|"
    r"describe|present|analy[sz]ed|reviewed|studied|followed|identified|sequenced|collected|managed|performed|"
    r"observed|wish to (?:add|report|share))\b|"
    r"\bour\s+(?:own\s+|institutional\s+|single[\s\-‐–]cent(?:re|er)\s+|multicent(?:re|er)\s+|retrospective\s+|"
    r"prospective\s+|real[\s\-‐–]world\s+)?(?:cohort|series|experience|patients|data|study|registry|analysis)\b|"
    r"\bat\s+our\s+(?:\w+\s+)?(?:centres?|centers?|institutions?|hospitals?)\b",
    re.IGNORECASE,
)
# Declarations after the text: "Competing interests:", "Conflicts of interest:", "Funding:".
_DECLARATION = re.compile(r"^[\s*_#]*(?:competing interests?|conflicts? of interests?|disclosures?|funding|"
                          r"acknowledge?ments?|author contributions?)\b", re.IGNORECASE)
_PROSE_SKIP = re.compile(r"^\s*(?:#|>|\||<sup>|\$\^|\\?\*\s*correspondence|[-*]\s+\d+\.)", re.IGNORECASE)


@dataclass(frozen=True)
class CitedPassage:
    """Sentences that report the cited studies ``numbers`` (in reading order)."""

    numbers: tuple[int, ...]
    sentences: tuple[Sentence, ...]


def citation_numbers(marker: str) -> list[int]:
    """Reference numbers in a citation marker's inside: ranges expanded.

    Examples
    --------
    >>> citation_numbers("9, 10"), citation_numbers("1–3, 5")
    ([9, 10], [1, 2, 3, 5])
    """
    numbers: list[int] = []
    for part in re.split(r"\s*[,;]\s*", marker.strip()):
        bounds = re.split(r"\s*[–\-‐]\s*", part)
        if len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit() and 0 < int(bounds[1]) - int(bounds[0]) < 50:
            numbers.extend(range(int(bounds[0]), int(bounds[1]) + 1))
        elif part.isdigit():
            numbers.append(int(part))
    return list(dict.fromkeys(numbers))


def find_citation_numbers(text: str, highest: int, author_years: dict[tuple[str, int], int] | None = None) -> list[int]:
    """Numbers cited in ``text`` that exist in a reference list of ``highest`` entries.

    ``author_years`` maps a first author's lower-case surname and a year to an entry's number, so that author–year
    citations ("(Lee et al., 2021)") count as that entry; only names and years of the list are read.

    Examples
    --------
    >>> find_citation_numbers("Lee et al. treated 12 patients [3]; others [9, 10] and [40].", 12)
    [3, 9, 10]
    >>> find_citation_numbers("Doses of 2 × 10^6 cells/kg were safe.<sup>4,5</sup>", 12)
    [4, 5]
    >>> find_citation_numbers("CR was 60% (Lee et al., 2021; Ito and Sato 2019), unlike in 2020.", 3, {("lee", 2021): 2})
    [2]
    """
    numbers: list[int] = []
    for match in _AUTHOR_YEAR.finditer(text) if author_years else ():
        number = author_years.get((match.group("name").lower(), int(match.group("year"))))
        if number is not None and 1 <= number <= highest:
            numbers.append(number)
    for match in _BRACKETS.finditer(text):
        found = citation_numbers(match.group(1))
        if found and all(1 <= n <= highest for n in found):
            numbers.extend(found)
    for match in _SUPERSCRIPT.finditer(text):
        found = citation_numbers(match.group(1) or match.group(2))
        if found and all(1 <= n <= highest for n in found):
            numbers.extend(found)
    return list(dict.fromkeys(numbers))


def _is_prose(line: str) -> bool:
    stripped = line.strip()
    if not stripped or _PROSE_SKIP.match(stripped) or stripped.count("\t") >= 2:
        return False
    return len(stripped.split()) >= 6 and bool(re.search(r"[a-z]{3}", stripped))


def body_paragraphs(text: str, start: int, end: int) -> list[list[tuple[int, int]]]:
    """Prose paragraphs between ``start`` and ``end`` as lists of line spans (a page-broken paragraph has two)."""
    paragraphs: list[list[tuple[int, int]]] = []
    broken: list[tuple[int, int]] | None = None  # the last paragraph that stopped mid-sentence
    position = start
    previous_prose = False  # the line just above was prose: a hard-wrapped paragraph continues
    for line in text[start:end].split("\n"):
        line_start, position = position, position + len(line) + 1
        if not _is_prose(line):
            previous_prose = previous_prose and _is_prose_tail(line)
            continue
        span = (line_start + len(line) - len(line.lstrip()), line_start + len(line.rstrip()))
        if previous_prose and paragraphs:
            paragraph = paragraphs[-1]
        elif broken is not None and text[span[0]].islower() and span[0] - broken[-1][1] < 8000:
            paragraph, broken = broken, None
        else:
            paragraph = []
            paragraphs.append(paragraph)
        paragraph.append(span)
        previous_prose = True
        ending = _BRACKETS.sub("", text[span[0]:span[1]]).rstrip()
        if ending and (ending[-1].islower() or ending[-1] == ","):
            broken = paragraph
        elif broken is paragraph:
            broken = None
    return paragraphs


def _is_prose_tail(line: str) -> bool:
    """The short last line of a hard-wrapped paragraph ("syndrome occurred in 16% of patients [1].")."""
    stripped = line.strip()
    return bool(stripped) and not _PROSE_SKIP.match(stripped) and "\t" not in stripped and stripped[0].islower()


def _logical_sentences(sentences_by_line: list[list[Sentence]]) -> list[tuple[Sentence, ...]]:
    """Sentences of a paragraph; the parts of a sentence broken across lines are one logical sentence."""
    logical: list[tuple[Sentence, ...]] = []
    for index, line_sentences in enumerate(sentences_by_line):
        for position, sentence in enumerate(line_sentences):
            last = _BRACKETS.sub("", logical[-1][-1].text).rstrip(" \"”’)") if logical else ""
            if index > 0 and position == 0 and last and last[-1] not in ".!?":
                logical[-1] = logical[-1] + (sentence,)
            else:
                logical.append((sentence,))
    return logical


def cited_passages(sentences: list[Sentence], paragraphs: list[list[tuple[int, int]]], highest: int,
                   author_years: dict[tuple[str, int], int] | None = None) -> list[CitedPassage]:
    """The cited passages of the body: each cited sentence with the uncited sentences that lead up to it.

    Parameters
    ----------
    sentences
        All sentences of the document, in order.
    paragraphs
        Prose paragraphs from `body_paragraphs`.
    highest
        How many entries the reference list has; citations beyond it are not citations.
    author_years
        The entries by first author's lower-case surname and year, for author–year citations.

    Examples
    --------
    >>> from hemakg.builders.sentences import split_sentences
    >>> text = "CD19 is common on AML. A trial of CD19 CAR-T enrolled ten patients. CR was 60% [7]. More may come."
    >>> [([n for n in p.numbers], [s.text for s in p.sentences]) for p in cited_passages(split_sentences(text), [[(0, len(text))]], 9)]
    [([7], ['A trial of CD19 CAR-T enrolled ten patients.', 'CR was 60% [7].'])]
    """
    passages: list[CitedPassage] = []
    for paragraph in paragraphs:
        # A sentence belongs to the line it starts on (hard-wrapped sentences run on over the next lines).
        by_line = [[s for s in sentences if a <= s.start < b] for a, b in paragraph]
        run: list[tuple[Sentence, ...]] = []
        for logical in _logical_sentences(by_line):
            run.append(logical)
            numbers = find_citation_numbers(" ".join(s.text for s in logical), highest, author_years)
            if not numbers:
                continue
            opening = next((index for index, part in enumerate(run)
                            if _INTRODUCER.search(" ".join(s.text for s in part))), len(run) - 1)
            chosen = tuple(s for part in run[opening:] for s in part)
            passages.append(CitedPassage(tuple(numbers), chosen))
            run = []
    return passages


def own_data_sentences(sentences: list[Sentence], paragraphs: list[list[tuple[int, int]]],
                       passages: list[CitedPassage]) -> list[Sentence]:
    """The body sentences that report the authors' own patients: from the first sentence that says so ("we treated",
    "our cohort", "at our centres") to the end of the body, leaving out cited passages and the declarations.

    Examples
    --------
    >>> from hemakg.builders.sentences import split_sentences
    >>> text = "CAR-T is used in LBCL [1]. We treated 40 adults. CRS occurred in 30%. Funding: none."
    >>> [s.text for s in own_data_sentences(split_sentences(text), [[(0, len(text))]], [])]
    ['We treated 40 adults.', 'CRS occurred in 30%.']
    """
    cited = {s.start for passage in passages for s in passage.sentences}
    chosen: list[Sentence] = []
    for paragraph in paragraphs:
        for sentence in sentences:
            if not any(a <= sentence.start < b for a, b in paragraph) or sentence.start in cited:
                continue
            if _DECLARATION.match(sentence.text):
                break
            if chosen or _OWN_DATA.search(sentence.text):
                chosen.append(sentence)
    return chosen
