"""What a table cell says: a count, a percentage, a dose, graded toxicities, or that nothing was recorded.

Cells are read by their text alone; which column a cell sits in (`tables.column_role`) decides which reader applies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .markup import strip_markup

__all__ = ["NOT_RECORDED", "Toxicity", "is_not_recorded", "leading_count", "outcome_value", "dose_value", "toxicities"]

NOT_RECORDED = re.compile(r"^\s*(?:NR|NA|N/A|n\.?a\.?|not (?:recorded|reported|available)|[-–—]|/)\s*[*†‡§¶#]*\s*$", re.I)
_NUMBER = r"\d+(?:\.\d+)?"
_COUNT = re.compile(r"\bn\s*=\s*(\d+)", re.I)
_GRADE = re.compile(r"\b(?:G|gr\.?|grade)\s*(\d(?:\s*[-–~/]\s*\d)?|[IV]{1,3}(?:\s*[-–]\s*[IV]{1,3})?)(?![\d.])", re.I)
_SEGMENT = re.compile(r"\s*;\s*|;(?=\s*G\s*\d)")


@dataclass(frozen=True)
class Toxicity:
    """One toxicity statement of a cell: the event's name as written (may be empty), its grade and count."""

    name: str
    grade: str | None
    count: int | None
    offset: int


def is_not_recorded(text: str) -> bool:
    return bool(NOT_RECORDED.match(strip_markup(text)))


def leading_count(text: str) -> tuple[int, str] | None:
    """A count at the start of a cell and what follows it ("20 w/ EMDs" -> (20, "w/ EMDs")).

    Examples
    --------
    >>> leading_count("20 w/ EMDs"), leading_count("12"), leading_count("NR")
    ((20, 'w/ EMDs'), (12, ''), None)
    """
    match = re.match(r"\s*(\d+)(?![.\d])\s*(?:\((?:[\d.]+\s*%?)\))?\s*(.*)$", strip_markup(text))
    if not match or is_not_recorded(text):
        return None
    return int(match.group(1)), match.group(2).strip(" ,;*†‡§¶")


def outcome_value(text: str) -> tuple[int | None, float | None] | None:
    """``(count, percent)`` of an outcome cell: "5", "41.7%", "5 (41.7%)", "5/12".

    Examples
    --------
    >>> outcome_value("5"), outcome_value("5 (41.7%)"), outcome_value("60%"), outcome_value("NR")
    ((5, None), (5, 41.7), (None, 60.0), None)
    """
    plain = strip_markup(text)
    if is_not_recorded(plain) or not re.search(r"\d", plain):
        return None
    percent = re.search(rf"({_NUMBER})\s*%", plain)
    count = re.match(r"\s*(\d+)(?![.\d%])", plain)
    return (int(count.group(1)) if count else None, float(percent.group(1)) if percent else None)


def dose_value(text: str, header: str) -> tuple[str, float | None, str | None] | None:
    """``(dose as written, single value or None for ranges and lists, unit)``; the unit may come from the header.

    Examples
    --------
    >>> dose_value("3", "Dose (10e6/kg)")
    ('3', 3.0, '10e6/kg')
    >>> dose_value("0.062-0.615", "Dose (10e6/kg)")
    ('0.062-0.615', None, '10e6/kg')
    >>> dose_value("1 × 10^6/kg", "Dose")
    ('1 × 10^6/kg', 1.0, '× 10^6/kg')
    """
    plain = strip_markup(text).strip(" *†‡§¶")
    if not plain or is_not_recorded(plain) or not re.search(r"\d", plain):
        return None
    unit_match = re.search(r"\(([^)]*)\)", strip_markup(header))
    unit = unit_match.group(1).strip() if unit_match else None
    single = re.fullmatch(rf"({_NUMBER})\s*(.*)", plain)
    value = None
    if single and not re.search(r"\d\s*[-–~,]\s*\d|\bto\b", plain.replace(" × ", "x")):
        value = float(single.group(1))
        if single.group(2).strip():
            unit = single.group(2).strip().removeprefix("(").removesuffix(")")
    return plain, value, unit


def toxicities(text: str, offset: int = 0) -> list[Toxicity]:
    """Each grade-and-count statement of a toxicity cell; a statement without a name continues the previous name.

    Examples
    --------
    >>> [(t.name, t.grade, t.count) for t in toxicities("G 3–4, n = 1; G 1–2, n = 1")]
    [('', '3–4', 1), ('', '1–2', 1)]
    >>> [(t.name, t.grade, t.count) for t in toxicities("cytopenia: G3, n = 3 ; G4, n = 7; hypertension, n = 1")]
    [('cytopenia', '3', 3), ('cytopenia', '4', 7), ('hypertension', None, 1)]
    >>> toxicities("NR")
    []
    """
    raw = strip_markup(text)
    if not raw or is_not_recorded(raw):
        return []
    found: list[Toxicity] = []
    position = 0
    previous_name = ""
    for segment in _SEGMENT.split(raw):
        seg_offset = offset + raw.find(segment, position) if segment else offset
        position = max(position, raw.find(segment, position) + len(segment))
        segment = segment.strip(" ,.")
        if not segment or is_not_recorded(segment):
            continue
        grade = _GRADE.search(segment)
        count = _COUNT.search(segment)
        name = _GRADE.sub(" ", segment)
        name = _COUNT.sub(" ", name)
        name = re.sub(r"(\w)-\s+(\w)", r"\1\2", name)  # "thrombo- cytopenia"
        name = " ".join(name.split()).strip(" ,:;.()")
        if not name and grade is None and count is None:
            continue
        if name:
            previous_name = name
        else:
            name = previous_name
        found.append(Toxicity(name, re.sub(r"\s+", "", grade.group(1)) if grade else None,
                              int(count.group(1)) if count else None, seg_offset))
    return found
