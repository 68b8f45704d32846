"""Table rows as cohorts: each row an `hk:Cohort` of the study it reports, with its dose, patients, responses and
toxicities.

Cells left empty under a merged cell inherit the row above's target, trial and source. Rows that share their
target and trial form one group, and a group belongs to the cited study that reports it: the row cites it
(a reference number, the first author's surname), or the study's title and cited passages share the group's
target and best match its trial, patient numbers and footnoted names. Otherwise the letter owns the rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import URIRef
from rdflib.namespace import RDFS

from hemakg.ontology import HK

from .citations import find_citation_numbers
from .context import DocumentContext
from .iri import cohort_iri, observation_iri, outcome_iri, slugify
from .outcomes import measures_in
from .registries import TRIAL_ID, find_trials
from .relations import PREDICATE_BY_KIND
from .table_cells import Toxicity, dose_value, is_not_recorded, leading_count, outcome_value, toxicities
from .tables import Cell, Row, Table, cell_marks, column_role

__all__ = ["declare_table_cohorts"]

_INHERITED = ("target", "trial", "source", "product", "study", "disease")
_NUMBER_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
                 "sixteen seventeen eighteen nineteen twenty").split()


@dataclass(frozen=True)
class _RowReading:
    """A row with the cells it inherits from the rows above (merged cells left empty by the converter)."""

    row: Row
    cells: dict  # role -> Cell, own or inherited


def _readings(table: Table, roles: list[str | None]) -> list[_RowReading]:
    """Rows with their identity cells (target, trial, source…) filled from the row above when left empty.

    A row that names its own target starts afresh and inherits nothing.
    """
    readings, above = [], {}
    for row in table.rows:
        fresh = "target" in roles and not row.cell(roles.index("target")).empty
        cells: dict[str, Cell] = {}
        for index, role in enumerate(roles):
            cell = row.cell(index)
            if role is not None and cell.empty and not fresh and role in _INHERITED and role in above:
                cell = above[role]
            if role is not None and not cell.empty:
                cells.setdefault(role, cell)
        above = {role: cells[role] for role in _INHERITED if role in cells}
        readings.append(_RowReading(row, cells))
    return readings


def _number_pattern(n: int) -> str:
    words = [str(n)] + ([_NUMBER_WORDS[n]] if n < len(_NUMBER_WORDS) else [])
    return r"(?<![\d.,\-])\b(?:" + "|".join(words) + r")\b(?![.,]\d|\s*%|-)"


def _owner(group: list[_RowReading], table: Table, studies: dict[int, URIRef], reports: dict[int, str],
           first_authors: dict[int, str]) -> URIRef | None:
    """The cited study a group of rows reports.

    A row that cites it (a reference number or its first author's surname) says so; otherwise the study is the one
    whose title and cited passages share the rows' target and best match their trial, patient numbers and
    footnoted names. None when no study, or more than one, fits best.
    """
    first = group[0].cells
    if not reports:
        return None
    for role, cell in first.items():  # a row that cites its study: "[3]", "Lee et al.", or "3" under "Ref."
        cited = [n for n in find_citation_numbers(cell.text, max(studies)) if n in studies]
        if role == "study" and not cited and re.fullmatch(r"(?:refs?\.?\s*)?[\[(]?\d{1,3}[\])]?", cell.text.strip(), re.I):
            cited = [n for n in [int(re.sub(r"\D", "", cell.text))] if n in studies]
        if len(cited) == 1:
            return studies[cited[0]]
        authors = [n for n, surname in first_authors.items() if re.search(rf"\b{re.escape(surname)}\b", cell.text)]
        if len(authors) == 1:
            return studies[authors[0]]
    target = first.get("target")
    if target is None:
        return None
    target_words = [w for w in re.split(r"[\s()/,;]+", target.text) if len(w) >= 2 and not is_not_recorded(w)]
    trial = first.get("trial")
    counts = [c for r in group if (c := leading_count(r.cells["patients"].text if "patients" in r.cells else "")) ]
    total = sum(c[0] for c in counts)
    notes = " ".join(table.footnotes[m].text for r in group for c in r.cells.values() for m in cell_marks(c.text)
                     if m in table.footnotes)
    names = {w for w in re.findall(r"[\w\-]{5,}", notes) if re.search(r"\d", w) and re.search(r"[A-Za-z]", w)}
    scores = {}
    for number, report in reports.items():
        if not any(re.search(rf"(?<![\w-]){re.escape(w)}(?![\w])", report, re.IGNORECASE) for w in target_words):
            continue
        score = 1
        if trial and (match := TRIAL_ID.search(trial.text)) and match.group(1) in report:
            score += 4
        if total >= 2 and re.search(_number_pattern(total), report, re.IGNORECASE):
            score += 2
        if any(c[0] >= 2 and re.search(_number_pattern(c[0]), report, re.IGNORECASE) for c in counts):
            score += 1
        score += 3 * sum(1 for name in names if name.lower() in report.lower())
        scores[number] = score
    if not scores:
        return None
    best = max(scores.values())
    winners = [n for n, s in scores.items() if s == best]
    return studies[winners[0]] if len(winners) == 1 else None


def _declare_row(context: DocumentContext, table: Table, roles: list[str | None], reading: _RowReading,
                 cohort: URIRef, owner: URIRef, label: str) -> None:
    cells = reading.cells
    evidence = context.evidence_at(reading.row.start)
    context.emitter.entity(cohort, HK.Cohort, label, evidence)
    context.emitter.emit(owner, HK.hasCohort, cohort, evidence)
    if "target" in cells:
        for mention in context.mentions_between(cells["target"].start, cells["target"].end, "antigen", "gene"):
            context.link(cohort, HK.targets, mention.concept, context.evidence_at(mention.start))
            context.link(owner, HK.targets, mention.concept, context.evidence_at(mention.start))
    if "trial" in cells:
        for trial, offset in find_trials(context, cells["trial"].start, cells["trial"].end):
            context.emitter.emit(cohort, HK.reportsTrial, trial, context.evidence_at(offset))
            context.emitter.emit(owner, HK.reportsTrial, trial, context.evidence_at(offset))
    patients = None
    for index, role in enumerate(roles):
        cell = reading.row.cell(index)
        if cell.empty or is_not_recorded(cell.text):
            continue
        where = context.evidence_at(cell.start)
        header = table.columns[index]
        if role == "dose" and (dose := dose_value(cell.text, header)):
            written, value, unit = dose
            context.emitter.emit(cohort, HK.dose, f"{written} {unit}" if unit and value is None and unit not in written else written, where)
            if value is not None:
                context.emitter.emit(cohort, HK.doseValue, value, where)
            if unit:
                context.emitter.emit(cohort, HK.doseUnit, unit, where)
        elif role == "patients" and (count := leading_count(cell.text)):
            patients = count[0]
            context.emitter.emit(cohort, HK.patientCount, patients, where)
    for index, role in enumerate(roles):
        cell = reading.row.cell(index)
        if cell.empty or is_not_recorded(cell.text):
            continue
        if role == "outcome":
            _declare_outcome(context, cohort, table.columns[index], cell, patients)
        elif role == "toxicity":
            _declare_toxicities(context, cohort, table, index, cell)
    for role in ("product", "disease"):
        if role in cells:
            _link_mentions_in(context, cohort, cells[role])
    for cell in cells.values():
        for mark in cell_marks(cell.text):
            note = table.footnotes.get(mark)
            if note is not None:
                context.emitter.emit(cohort, RDFS.comment, note.text, context.evidence_at(note.start))
                _link_mentions_in(context, cohort, note)


def _link_mentions_in(context: DocumentContext, subject: URIRef, cell: Cell) -> None:
    for mention in context.mentions_between(cell.start, cell.end):
        predicate = PREDICATE_BY_KIND.get(mention.concept.kind)
        if predicate is not None:
            context.link(subject, predicate, mention.concept, context.evidence_at(mention.start))


def _declare_outcome(context: DocumentContext, cohort: URIRef, header: str, cell: Cell, patients: int | None) -> None:
    value = outcome_value(cell.text)
    if value is None or value == (None, None) or re.search(r"\bmedian\b|\bmonths?\b|\bdays?\b", header, re.I):
        return  # medians and durations are not counts or rates
    count, percent = value
    if "%" in header and percent is None:
        paired = re.match(r"\s*(\d+)\s*\(\s*([\d.]+)\s*\)", cell.text)  # "5 (41.7)" under "CR, n (%)"
        single = re.match(r"\s*(\d+(?:\.\d+)?)\s*$", cell.text)
        if paired:
            count, percent = int(paired.group(1)), float(paired.group(2))
        elif single and not re.search(r"\bn\b", header):
            count, percent = None, float(single.group(1))
    measures = measures_in(header)
    measure = measures[0] if measures else re.sub(r"\s*\(.*", "", header).strip()
    evidence = context.evidence_at(cell.start)
    outcome = outcome_iri(cohort, measure)
    shown = f"{percent}%" if percent is not None else f"{count}/{patients}" if patients else str(count)
    context.emitter.entity(outcome, HK.Outcome, f"{measure} {shown}", evidence)
    context.emitter.emit(cohort, HK.hasOutcome, outcome, evidence)
    context.emitter.emit(outcome, HK.measure, measure, evidence)
    if count is not None:
        context.emitter.emit(outcome, HK["count"], count, evidence)
        if patients:
            context.emitter.emit(outcome, HK.denominator, patients, evidence)
    if percent is not None:
        context.emitter.emit(outcome, HK.percent, percent, evidence)


def _declare_toxicities(context: DocumentContext, cohort: URIRef, table: Table, column: int, cell: Cell) -> None:
    evidence = context.evidence_at(cell.start)
    header_events = [m.concept for h in table.header_cells(column)
                     for m in context.mentions_between(h.start, h.end, "adverse-event")]
    cell_events = context.mentions_between(cell.start, cell.end, "adverse-event")
    found = toxicities(cell.text)
    bare = leading_count(cell.text)
    if bare and not bare[1].strip(" ()%.0123456789"):  # "11" under "Grade 3-4 neutropenia (n)"
        grade = re.search(r"\bgrade\s*((?:[≥>≤<]=?\s*)?\d(?:\s*[-–]\s*\d)?)", table.columns[column], re.IGNORECASE)
        found = [Toxicity("", grade.group(1).replace(" ", "") if grade else None, bare[0], cell.start)]
    for position, toxicity in enumerate(found):
        if toxicity.name:
            folded = toxicity.name.lower()
            events = [m.concept for m in cell_events if m.surface.lower() in folded or folded in m.surface.lower()]
            label = toxicity.name
        else:
            events = header_events
            label = " ".join(c.pref_label for c in events) or re.sub(r"\s*\(.*", "", table.columns[column])
        if not events and not toxicity.name:
            label = re.sub(r"\bgrade\s*(?:[≥>≤<]=?\s*)?\d(?:\s*[-–]\s*\d)?|\([^)]*\)|,\s*n\b", " ", table.columns[column],
                           flags=re.IGNORECASE)
            label = " ".join(label.split()) or table.columns[column]
        key = f"table-{column}-{position}-{slugify(label)}-{toxicity.grade or 'any'}"
        observation = observation_iri(cohort, key)
        shown = f"grade {toxicity.grade} {label}" if toxicity.grade else label
        context.emitter.entity(observation, HK.AdverseEventObservation, shown, evidence)
        context.emitter.emit(cohort, HK.hasAdverseEventObservation, observation, evidence)
        for event in events:
            context.link(observation, HK.adverseEvent, event, evidence)
            if toxicity.count != 0:
                context.link(cohort, HK.reportsAdverseEvent, event, evidence)
        if toxicity.grade:
            context.emitter.emit(observation, HK.grade, toxicity.grade, evidence)
        if toxicity.count is not None:
            context.emitter.emit(observation, HK["count"], toxicity.count, evidence)


def _identity(reading: _RowReading) -> tuple:
    """Which study and arm a row belongs to: the cells that name it (shared with the rows that inherit them)."""
    return tuple(reading.cells[r].start if r in reading.cells else None for r in ("target", "trial", "study", "product"))


def declare_table_cohorts(context: DocumentContext, table: Table, number: int, letter: URIRef,
                          studies: dict[int, URIRef], reports: dict[int, str], first_authors: dict[int, str]) -> list[URIRef]:
    """One `hk:Cohort` per row, owned by the cited study it reports (else by the letter).

    ``reports`` holds, per reference number, what the document says of that study (`_study_reports`), and
    ``first_authors`` the surname of its first author.
    """
    roles = [column_role(label) for label in table.columns]
    readings = _readings(table, roles)
    groups: list[list[_RowReading]] = []
    for reading in readings:
        key = _identity(reading)
        if groups and key == _identity(groups[-1][0]) and any(k is not None for k in key):
            groups[-1].append(reading)
        else:
            groups.append([reading])
    cohorts = []
    for group in groups:
        owner = _owner(group, table, studies, reports, first_authors) or letter
        for reading in group:
            row_number = table.rows.index(reading.row) + 1
            cohort = cohort_iri(owner, f"table-{number}-row-{row_number}")
            parts = [reading.cells[r].text for r in ("study", "target", "product", "trial", "source") if r in reading.cells
                     and not is_not_recorded(reading.cells[r].text)]
            parts = [f"ref. {p}" if re.fullmatch(r"\d{1,3}", p) else p for p in parts]
            if "dose" in reading.cells and not is_not_recorded(reading.cells["dose"].text):
                parts.append(f"dose {reading.cells['dose'].text}")
            if "patients" in reading.cells and (count := leading_count(reading.cells["patients"].text)) and count[1]:
                parts.append(count[1])
            label = f"Table {number} row {row_number}: " + ", ".join(p.strip(" *†‡§¶") for p in parts)
            _declare_row(context, table, roles, reading, cohort, owner, label)
            cohorts.append(cohort)
    return cohorts
