"""The labels of the fields that open and fill a study block in conference digests.

One table, read by the digest builder (to cut a digest into study blocks) and by genre detection (to tell a
digest from an interview, whose speaker labels also end in a colon).
"""

from __future__ import annotations

import re

__all__ = ["FIELD_LABELS", "FIELD_LEAD", "count_field_lines"]

# What may open a field's line before its label: quoting, a list bullet, a markdown heading, a code or bracket mark
# ("> ", "- ", "### ", "`Oral S192", "[Abstract 1187]").
FIELD_LEAD = r"[ \t>`\[]*(?:[-*+][ \t]+)?(?:#{1,6}[ \t]*)?(?:[*_](?=[A-Z]))?"  # and an italic's mark ("*Commentary by")

FIELD_LABELS = {
    # "Oral S192 · Session name", "Poster P873": a presentation type and its code, then a separator or the line's end.
    "number": r"(?:Publication|Abstract|Poster|Presentation)[ \t]*(?:Number|No\.?|#|ID)|Abstract(?=[ \t]*#?[ \t]*[A-Z]{0,3}-?\d)|"
              r"(?:Oral|Poster)(?=[ \t]+[A-Z]{0,3}-?\d{1,5}[ \t]*(?:[·•|,;(–—`]|$))",
    "first_author": r"First[ \t\-]Author|(?:Lead|Presenting|Principal)[ \t](?:Author|Investigator)|Presenter|"
                    r"Presented[ \t]by|Reporter",
    "corresponding": r"(?:Co-?)?Corresponding[ \t]Authors?",
    "authors": r"Authors",
    "senior_author": r"(?:Senior|Last|Corresponding)[ \t]Author",
    "title": r"(?:Study[ \t]|Abstract[ \t])?Title",
    "type": r"(?:Presentation[ \t]|Study[ \t]|Session[ \t]|Abstract[ \t])?Type|Format",
    "conclusions": r"(?:Study[ \t]|Key[ \t]|Main[ \t])?(?:Conclusions?|Findings)|Summary",
    "commentary": r"(?:Expert[ \t]|Professor['’]s[ \t])?Comment(?:ary|s)?(?=[ \t]*(?:by|from|\(|:|\*|$))",
    "background": r"Background|Introduction|Objectives?|Aims?",
    "methods": r"Methods|(?:Study[ \t])?Design|Patients[ \t]and[ \t]Methods",
    "results": r"(?:Key[ \t]|Main[ \t])?Results",
    # Where the first author works ("Affiliation: Myeloma Service, X Hospital"), and the session a study was shown in
    # ("Session: S204"); both hold one line. After "type", so that "Session Type" stays a type.
    "affiliation": r"Affiliations?|Institutions?",
    "session": r"Session(?:[ \t](?:Code|Number|No\.?))?",
    "board": r"Poster[ \t]Board(?:[ \t](?:Number|No\.?))?",  # where a poster hangs ("Poster Board: PB-14")
}

_FIELD_LINE = re.compile(
    r"^" + FIELD_LEAD + r"(?:\*\*|__)?(?:" + "|".join(f"(?P<{k}>{v})" for k, v in FIELD_LABELS.items())
    + r")(?:\*\*|__)?[ \t]*(?P<colon>[:：])?",
    re.IGNORECASE | re.MULTILINE,
)


def count_field_lines(text: str) -> dict[str, int]:
    """How many lines open with each kind of study field.

    Examples
    --------
    >>> count_field_lines("Abstract Number: 7\\nStudy title: A\\nLead author: B\\nAbstract Number: 8\\n")["number"]
    2
    """
    counts = dict.fromkeys(FIELD_LABELS, 0)
    for match in _FIELD_LINE.finditer(text):
        kind = next(k for k in FIELD_LABELS if match.group(k) is not None)
        if match.group("colon") or kind == "number":  # "Abstract 253" needs no colon; "Results show…" is prose
            counts[kind] += 1
    return counts
