"""Dose levels a study reports, as cohorts with the dose as written, its value and unit.

Cell doses ("2 × 10^6 CAR-T cells/kg", "450 × 10^6 CAR-T cells") are the product's dose levels; drug doses are
dose levels only where the sentence speaks of levels, cohorts or escalation, or lists several doses in one unit
("100, 200 or 400 mg"). Numbers listed before a shared unit are doses of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from rdflib import URIRef

from hemakg.ontology import HK

from .context import DocumentContext
from .iri import cohort_iri
from .records import Sentence

__all__ = ["KEY", "extract_doses"]

# Characters of a dose or grade as written, spelled for an IRI key ("≥ 3" → " ge 3").
KEY = str.maketrans({"×": " x ", "–": "-", "‐": "-", "²": "2", "≥": " ge ", ">": " gt ", "≤": " le ", "<": " lt "})
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_DOSE = re.compile(
    r"(?P<a>\d+(?:\.\d+)?)\s*[×xX]\s*10\s*(?:\^|e)?\s*(?P<exp>[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\d{1,2})\s*"
    r"(?P<cells>(?:CAR[\s\-]?T\+?|CAR[\s\-]?NK|CAR\+|viable)?\s*(?:T[\s\-])?(?:cells?)?)\s*/\s*(?P<per>kg|m2|m²)"
    r"|(?P<fa>\d+(?:\.\d+)?)\s*[×xX]\s*10\s*(?:\^|e)?\s*(?P<fexp>[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\d{1,2})\s*"
    r"(?P<fcells>(?:CAR[\s\-]?T\+?|CAR[\s\-]?NK|CAR\+|viable)?\s*(?:T[\s\-])?cells?)\b(?!\s*/)"
    r"|(?P<lo>\d+(?:\.\d+)?)(?:\s*[–\-‐~]\s*(?P<hi>\d+(?:\.\d+)?))?\s*(?P<unit>mg/kg|mg/m2|mg/m²|µg/kg|μg/kg|mg/d|mg|g/m2|g/m²|Gy)\b"
)
_DOSE_LEVEL_CUE = re.compile(
    r"\b(?:dose[\s\-‐–]?(?:levels?|cohorts?|escalation|expansion|finding|groups?|arms?)|cohorts?|DL[\s\-]?\d|"
    r"escalat\w*|de[\s\-]?escalat\w*|RP2Ds?|recommended (?:phase 2 |phase II )?doses?|MTD|maximum(?:ly)? tolerated doses?|"
    r"(?:starting|target)[\s\-‐–]dose|at (?:doses|dose levels) (?:of|from|ranging)|"
    r"DLTs?|dose[\s\-‐–]limiting)\b",
    re.IGNORECASE,
)
_LISTED_NUMBERS = re.compile(r"(?<![\d.×^/])(?:\d+(?:\.\d+)?\s*(?:,\s*(?:and\s+|or\s+)?|\s(?:and|or|to)\s+))+$")
_DOSE_LIST_GAP = re.compile(r"\s*(?:,\s*)?(?:(?:and|or|to|vs\.?|versus)\s*)?", re.IGNORECASE)


@dataclass(frozen=True)
class _Dose:
    start: int
    end: int
    written: str
    value: Decimal | None
    unit: str
    cells: bool  # a cell dose: the product's own dose level
    listed: bool = False  # one of several numbers sharing a unit ("100, 200 or 400 mg")


def _cell_unit(cells: str, per: str | None) -> str:
    name = "cells" if not cells or "cell" in cells.lower() or cells.upper().startswith("CAR") else cells
    return f"{name}/{per}" if per else name


def _listed_before(text: str, start: int) -> list[str]:
    """The numbers of a list that ends where a dose begins: "50, 150 or " before "450 × 10^6 cells"."""
    match = _LISTED_NUMBERS.search(text, max(0, start - 40), start)
    return re.findall(r"\d+(?:\.\d+)?", match.group(0)) if match else []


def _doses_in(text: str) -> list[_Dose]:
    """Every dose the text writes, with the numbers listed before a shared unit ("50, 150 or 450 × 10^6 CAR-T cells",
    "100, 200 or 400 mg") read as doses of their own."""
    found = []
    for match in _DOSE.finditer(text):
        written = " ".join(match.group(0).split())
        if match.group("a") or match.group("fa"):
            flat = bool(match.group("fa"))
            amount, exponent = (match.group("fa"), match.group("fexp")) if flat else (match.group("a"), match.group("exp"))
            power = Decimal(10) ** int(exponent.translate(_SUPERSCRIPT))
            unit = _cell_unit((match.group("fcells") if flat else match.group("cells")).strip(),
                              None if flat else match.group("per"))
            amounts = [(amount, written)] + [(n, n + written[len(amount):]) for n in _listed_before(text, match.start())]
            found += [_Dose(match.start(), match.end(), shown, Decimal(n) * power, unit, True, len(amounts) > 1)
                      for n, shown in amounts]
            continue
        unit = match.group("unit")
        if match.group("hi"):  # a range is one dose as written
            found.append(_Dose(match.start(), match.end(), written, None, unit, False))
            continue
        amounts = [(match.group("lo"), written)] + [(n, f"{n} {unit}") for n in _listed_before(text, match.start())]
        found += [_Dose(match.start(), match.end(), shown, Decimal(n), unit, False, len(amounts) > 1)
                  for n, shown in amounts]
    return found


def _dose_levels(sentence: Sentence, doses: list[_Dose]) -> list[_Dose]:
    """The doses of a sentence that are dose levels of the study, not every drug dose it names.

    A cell dose ("2 × 10^6 CAR-T cells/kg") is the product's dose level. A drug dose is one only where the sentence
    speaks of dose levels, cohorts or escalation, or gives several doses in one unit ("200 mg or 400 mg"); the
    "cyclophosphamide 30 mg/kg" of a conditioning regimen is not a cohort.
    """
    if _DOSE_LEVEL_CUE.search(sentence.text):
        return doses
    levels = {id(d) for d in doses if d.cells or d.listed}
    drugs = sorted((d for d in doses if not d.cells and not d.listed), key=lambda d: d.start)
    for left, right in zip(drugs, drugs[1:]):
        if left.unit == right.unit and _DOSE_LIST_GAP.fullmatch(sentence.text, left.end, right.start):
            levels.update((id(left), id(right)))
    return [d for d in doses if id(d) in levels]


def extract_doses(context: DocumentContext, subject: URIRef, sentence: Sentence) -> None:
    """Declare the dose levels a sentence gives: on ``subject`` itself when it is a cohort (a table row), else as
    cohorts of the study, one per dose level."""
    evidence = context.evidence(sentence)
    is_cohort = context.emitter.has_type(subject, HK.Cohort)
    doses = _doses_in(sentence.text)
    if not is_cohort:
        doses = _dose_levels(sentence, doses)
    for dose in doses:
        holder = subject
        if not is_cohort:
            key = f"{dose.value} {dose.unit}" if dose.value is not None else dose.written.translate(KEY)
            holder = cohort_iri(subject, key)
            context.emitter.entity(holder, HK.Cohort, f"{dose.written} dose level", evidence)
            context.emitter.emit(subject, HK.hasCohort, holder, evidence)
        context.emitter.emit(holder, HK.dose, dose.written, evidence)
        if dose.value is not None:
            value = dose.value.normalize() if dose.value == dose.value.to_integral() else dose.value
            context.emitter.emit(holder, HK.doseValue, value, evidence)
        context.emitter.emit(holder, HK.doseUnit, dose.unit, evidence)
