"""Talks a conference report covers: each under a heading of its own, presented with its title in quotation marks.

Meeting coverage is written as an article ("Beyond calcineurin inhibitors: GVHD at the 2026 Tandem Meetings") whose
sections each tell one presentation: "Dr X of Y presented *"Title"*", "… updated the data in her talk "Title"". Such a
section is a study of its own, presented at the meeting; the rest of the article stays the report's. A section counts
only when a quoted title follows a verb of presenting, so an article that merely quotes people reads as before.

Everything here is parsing: offsets point into the document text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["CoveredTalk", "find_covered_talks"]

# A section heading: markdown ("## 2. Axatilimab: three years on") or a numbered line ("2 | AXATILIMAB", "2. X").
_HEADING = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+[^\n]+|\d{1,2}[ \t]*[.)|][ \t]+[A-Z][^\n]{2,120})[ \t]*$", re.MULTILINE)
_PRESENTED_TITLE = re.compile(
    r"\b(?:present(?:ed|s|ing)|report(?:ed|s)|updated|shared|showed)\b[^\"“.;]{0,80}?[*_]*[\"“]"
    r"(?P<title>[^\"”\n]{20,300}?)[.,]?[\"”]",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CoveredTalk:
    """One presentation a report covers: its quoted title and the span of the section telling it."""

    title: str
    title_start: int
    start: int  # the section's heading
    end: int  # the next heading, or the end of the text


def find_covered_talks(text: str) -> list[CoveredTalk]:
    """The sections of ``text`` that each present one talk by its quoted title, in order.

    Examples
    --------
    >>> doc = ("# Coverage\\n\\n## 1. First\\n\\nDr A of B Hospital presented *\\"Drug X in disease Y: a phase 2 "
    ...        "study\\"*. It worked.\\n\\n## 2. Second\\n\\nNothing presented here.\\n\\n## 3. Third\\n\\n"
    ...        "Dr C updated the data in her talk \\"Drug Z in disease W: five-year results.\\"\\n")
    >>> [(t.title, doc[t.start:t.end].splitlines()[0]) for t in find_covered_talks(doc)]
    [('Drug X in disease Y: a phase 2 study', '## 1. First'), ('Drug Z in disease W: five-year results', '## 3. Third')]
    """
    headings = [m.start() for m in _HEADING.finditer(text)]
    talks = []
    for start, end in zip(headings, headings[1:] + [len(text)]):
        titles = list(_PRESENTED_TITLE.finditer(text, start, end))
        if len(titles) == 1:  # one talk to a section; two would be a section about several
            match = titles[0]
            talks.append(CoveredTalk(match.group("title").strip(), match.start("title"), start, end))
    return talks if len(talks) >= 2 else []  # one quoted title is the article quoting someone, not coverage
