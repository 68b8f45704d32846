"""Study blocks titled by the heading above them: "## 1. Title", "1) Title", "**Title**".

Many digests print each study's title as a heading and put the labelled fields (abstract number, presenter,
affiliation, session) under it. Such a heading belongs to the block below it, not to the end of the block before,
and a block whose number line carries only a presentation type ("Abstract # 1187 (oral session)") takes its title
from it. When the blocks are headed, the last one ends at the next heading that opens no study ("### Closing
thought", "Editor's note"): what follows speaks of all the studies, not of the last.
"""

from __future__ import annotations

import re

from .front_matter import is_page_furniture

__all__ = ["heading_before", "closing_heading", "presentation_type"]

_LINE = re.compile(
    r"^[ \t]*(?:(?P<hashes>#{1,6})[ \t]+|(?P<bold>\*\*|__))?[ \t]*(?:(?P<number>\d{1,2})[.)][ \t]+)?"
    r"(?P<title>[^\n]*?)[ \t]*(?:\*\*|__)?[ \t]*$"
)
_SHORT_HEADING = re.compile(r"^[ \t]*(?:#{1,6}[ \t]*)?(?:\*\*|__)?[A-Z][^.!?:\n]{2,80}(?:\*\*|__)?[ \t]*$")
_RULE = re.compile(r"^[ \t]*(?:-{3,}|\*{3,}|_{3,}|={3,})[ \t]*$")
_PARENTHETICAL = re.compile(r"^\s*[(\[]\s*(?P<type>[^()\[\]]{1,40}?)\s*[)\]]\s*[.:]?\s*$")


def _previous_line(text: str, line_start: int) -> tuple[int, int] | None:
    if line_start <= 0:
        return None
    end = line_start - 1
    return text.rfind("\n", 0, end) + 1, end


def heading_before(text: str, offset: int, floor: int = 0, field_lines: frozenset[int] = frozenset()
                   ) -> tuple[int, int, str] | None:
    """The heading printed right above the line at ``offset`` (blank lines between are allowed), as
    ``(line start, title start, title)``; None when the line above is prose, lies before ``floor`` or starts a field
    (its start in ``field_lines``).

    A heading is a markdown heading, a bold line or a numbered line ("1) Title", "2. Title"), or a plain line after a
    blank line that does not end like a sentence.

    Examples
    --------
    >>> doc = "Intro.\\n\\n## 1. A trial of X\\n\\n**Abstract #** 12\\n"
    >>> heading_before(doc, doc.index("**Abstract"))[2]
    'A trial of X'
    >>> heading_before("We read it.\\nAbstract 12\\n", 12) is None
    True
    """
    line = _previous_line(text, text.rfind("\n", 0, offset) + 1)
    while line is not None and line[0] >= floor and not text[line[0]:line[1]].strip():
        line = _previous_line(text, line[0])
    while line is not None and line[0] >= floor and is_page_furniture(text[line[0]:line[1]]):
        line = _previous_line(text, line[0])  # a running header above the block is the page's, not the study's
        while line is not None and line[0] >= floor and not text[line[0]:line[1]].strip():
            line = _previous_line(text, line[0])
    if line is None or line[0] < floor or line[0] in field_lines:
        return None
    start, end = line
    raw = text[start:end]
    match = _LINE.match(raw)
    title = match.group("title").strip(" *_") if match else ""
    if not title or len(title) > 300 or not (title[0].isupper() or title[0].isdigit()) or title.endswith((":", ";", ",")):
        return None
    marked = match.group("hashes") or match.group("number") or (match.group("bold") and raw.rstrip().endswith(("**", "__")))
    if not marked:
        above = _previous_line(text, start)
        after_blank = above is None or not text[above[0]:above[1]].strip() or _RULE.match(text[above[0]:above[1]])
        if not after_blank or title.endswith((".", "!", "?")):
            return None
    return start, start + raw.index(title), title


def closing_heading(text: str, start: int, end: int, field_lines: frozenset[int]) -> int | None:
    """Where a heading that opens no study block starts, after a blank line or a rule, in ``text[start:end]``.

    ``field_lines`` holds the line starts of field labels ("**Key findings**" is a field, not a heading).

    Examples
    --------
    >>> doc = "Results: fine.\\n\\n### Closing thought\\n\\nAll four studies…"
    >>> closing_heading(doc, 0, len(doc), frozenset({0}))
    16
    """
    cursor = text.rfind("\n", 0, start) + 1
    blank_before = False
    while cursor < end:
        stop = text.find("\n", cursor)
        stop = end if stop < 0 or stop > end else stop
        line = text[cursor:stop]
        if not line.strip() or _RULE.match(line):
            blank_before = True
        else:
            if blank_before and cursor not in field_lines and _SHORT_HEADING.match(line) and len(line.split()) <= 8:
                return cursor
            blank_before = False
        cursor = stop + 1
    return None


def presentation_type(rest_of_line: str) -> str | None:
    """The presentation type a number line carries in brackets ("(oral session)"), which is not a title.

    Examples
    --------
    >>> presentation_type(" (poster)")
    'poster'
    >>> presentation_type("CD7 CAR-T in T-ALL") is None
    True
    """
    match = _PARENTHETICAL.match(rest_of_line)
    return match.group("type") if match else None
