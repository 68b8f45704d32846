"""Journal letters and short articles: the letter, its authors, the studies it cites and the cohorts of its tables.

The letter itself is an `hk:Study` (the publication) with its front matter (`front_matter`): title, DOI, article
type, journal, year, authors with their numbered institutions and the corresponding author. Every entry of the
reference list is an `hk:Study` the document cites (`references`). A body passage that cites reference n reports
that study, so its facts go to reference n (`citations`), while uncited background and outlook stay document
mentions. Each table row is an `hk:Cohort` of the study it reports (`tables`, `cohorts`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from rdflib import URIRef
from rdflib.namespace import RDFS

from hemakg.ontology import HK

from .citations import CitedPassage, body_paragraphs, cited_passages, find_citation_numbers
from .context import DocumentContext
from .front_matter import FrontMatter, read_front_matter
from .institutions import declare_institution, split_affiliation
from .iri import cohort_iri, observation_iri, outcome_iri, slugify, study_iri
from .outcomes import extract_outcomes, measures_in
from .people import PersonResolver, parse_person_name
from .records import BuildResult, Document
from .references import Reference, declare_references, find_reference_section, read_references
from .relations import PREDICATE_BY_KIND, link_study
from .registries import TRIAL_ID, find_conferences, find_trials
from .tables import Cell, Row, Table, cell_marks, column_role, dose_value, find_tables, is_not_recorded, leading_count, outcome_value, toxicities, Toxicity

__all__ = ["build"]


def _declare_letter(context: DocumentContext, front: FrontMatter, resolver: PersonResolver) -> URIRef:
    """The letter as a study: title, type, DOI, journal, year, authors, their institutions, corresponding author."""
    document = context.document
    letter = study_iri(document.slug, "letter")
    title, title_at = front.title or (document.slug, 0)
    evidence = context.evidence_at(title_at)
    context.emitter.entity(document.iri, HK.Document, title, evidence)
    context.emitter.entity(letter, HK.Study, title, evidence)
    context.emitter.emit(letter, HK.title, title, evidence)
    context.emitter.emit(document.iri, HK.describes, letter, evidence)
    if front.title:
        link_study(context, letter, [context.sentence_at(title_at)])
    if front.article_type:
        context.emitter.emit(letter, HK.studyType, front.article_type[0], context.evidence_at(front.article_type[1]))
    for value, predicate in ((front.doi, HK.doi), (front.journal, HK.journal), (front.year, HK.year)):
        if value:
            context.emitter.emit(letter, predicate, value[0], context.evidence_at(value[1]))
    institutions: dict[str, list[URIRef]] = {}  # by marker; "" for the unmarked lines under a plain byline
    stated_at: dict[URIRef, int] = {}
    for affiliation in front.affiliations:
        parts = split_affiliation(affiliation.text)
        if parts:
            place = declare_institution(context, parts, context.evidence_at(affiliation.start))
            institutions.setdefault(affiliation.marker, []).append(place)
            stated_at.setdefault(place, affiliation.start)
    for author in front.authors:
        resolver.know(author.name)
    for position, author in enumerate(front.authors):
        if parse_person_name(author.name) is None:
            continue
        evidence = context.evidence_at(author.start)
        numbered = [m for m in author.markers if m.isalnum()] or [""]
        places = [place for m in numbered for place in institutions.get(m, [])]
        person = resolver.person(author.name, evidence, places[0] if places else None)
        for place in places[1:]:
            resolver.affiliate(person, place, context.evidence_at(stated_at[place]))
        context.emitter.emit(letter, HK.author, person, evidence)
        if position == 0:
            context.emitter.emit(letter, HK.firstAuthor, person, evidence)
        if "*" in author.markers or "✉" in author.markers:
            context.emitter.emit(letter, HK.correspondingAuthor, person, evidence)
    starred = [a.name for a in front.authors if "*" in a.markers]
    for corresponding in front.corresponding:
        if corresponding.name is None and corresponding.email and len(starred or front.authors) == 1:
            person = resolver.find((starred or [front.authors[0].name])[0])
            if person is not None:
                context.emitter.emit(person, HK.email, corresponding.email, context.evidence_at(corresponding.start))
            continue
        if corresponding.name is None or parse_person_name(corresponding.name) is None:
            continue
        evidence = context.evidence_at(corresponding.start)
        byline = _closest_author(corresponding.name, [a.name for a in front.authors])
        person = resolver.find(byline) if byline else None
        if person is not None:
            context.emitter.entity(person, HK.Expert, corresponding.name, evidence)  # the variant as altLabel
        else:
            person = resolver.person(corresponding.name, evidence)
        context.emitter.emit(letter, HK.correspondingAuthor, person, evidence)
        context.emitter.emit(letter, HK.author, person, evidence)
        if corresponding.email:
            context.emitter.emit(person, HK.email, corresponding.email, evidence)
    return letter


def _closest_author(name: str, authors: list[str]) -> str | None:
    """The byline name a corresponding-author name spells, allowing a typo ("Hona-Hu Zhu", "Lena Fisher").

    Examples
    --------
    >>> _closest_author("Lena Fisher", ["Maria Rossi", "Lena Fischer"])
    'Lena Fischer'
    >>> _closest_author("Paul Smith", ["Maria Rossi", "Lena Fischer"]) is None
    True
    """
    def fold(text: str) -> str:
        return re.sub(r"[^a-z ]", "", text.lower())

    scored = sorted(((SequenceMatcher(None, fold(name), fold(a)).ratio(), a) for a in authors), reverse=True)
    if not scored or scored[0][0] < 0.85 or (len(scored) > 1 and scored[1][0] >= scored[0][0] - 0.05):
        return None
    return scored[0][1]


def _attribute_passages(context: DocumentContext, studies: dict[int, URIRef], passages: list[CitedPassage]) -> None:
    """Give each cited passage's facts to the study it cites.

    A passage citing one study is read in full (relations and numbers). A sentence citing several ("[9, 10]")
    cannot say which fact is whose, so each cited study keeps only the concepts its own title also names.
    """
    for passage in passages:
        sentences = list(passage.sentences)
        numbers = [n for n in passage.numbers if n in studies]
        if len(numbers) == 1:
            study = studies[numbers[0]]
            link_study(context, study, sentences)
            extract_outcomes(context, study, sentences)
            for sentence in sentences:
                for trial, offset in find_trials(context, sentence.start, sentence.end):
                    context.emitter.emit(study, HK.reportsTrial, trial, context.evidence_at(offset))
            continue
        for number in numbers:
            study = studies[number]
            own = context.emitter.graph
            for sentence in sentences:
                for mention in context.mentions_between(sentence.start, sentence.end):
                    predicate = PREDICATE_BY_KIND.get(mention.concept.kind)
                    if predicate is not None and (study, predicate, mention.concept.iri) in own:
                        context.link(study, predicate, mention.concept, context.evidence(sentence))


# --- table cohorts --------------------------------------------------------------------------------------------

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
        if role == "study" and not cited and re.fullmatch(r"[\[(]?\d{1,3}[\])]?", cell.text.strip()):
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
    for cell in cells.values():
        for mark in cell_marks(cell.text):
            note = table.footnotes.get(mark)
            if note is not None:
                context.emitter.emit(cohort, RDFS.comment, note.text, context.evidence_at(note.start))
                link_mentions_in(context, cohort, note)


def link_mentions_in(context: DocumentContext, subject: URIRef, cell: Cell) -> None:
    for mention in context.mentions_between(cell.start, cell.end):
        predicate = PREDICATE_BY_KIND.get(mention.concept.kind)
        if predicate is not None:
            context.link(subject, predicate, mention.concept, context.evidence_at(mention.start))


def _declare_outcome(context: DocumentContext, cohort: URIRef, header: str, cell: Cell, patients: int | None) -> None:
    value = outcome_value(cell.text)
    if value is None or value == (None, None) or re.search(r"\bmedian\b|\bmonths?\b|\bdays?\b", header, re.I):
        return  # medians and durations are not counts or rates
    count, percent = value
    if "%" in header and percent is None and count is not None:
        count, percent = None, float(re.match(r"\s*([\d.]+)", cell.text).group(1))
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
        grade = re.search(r"\bgrade\s*(\d(?:\s*[-–]\s*\d)?)", table.columns[column], re.IGNORECASE)
        found = [Toxicity("", grade.group(1).replace(" ", "") if grade else None, bare[0], cell.start)]
    for position, toxicity in enumerate(found):
        if toxicity.name:
            folded = toxicity.name.lower()
            events = [m.concept for m in cell_events if m.surface.lower() in folded or folded in m.surface.lower()]
            label = toxicity.name
        else:
            events = header_events
            label = " ".join(c.pref_label for c in events) or re.sub(r"\s*\(.*", "", table.columns[column])
        if not events and not toxicity.name and not header_events:
            label = table.columns[column]
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
            if "dose" in reading.cells and not is_not_recorded(reading.cells["dose"].text):
                parts.append(f"dose {reading.cells['dose'].text}")
            if "patients" in reading.cells and (count := leading_count(reading.cells["patients"].text)) and count[1]:
                parts.append(count[1])
            label = f"Table {number} row {row_number}: " + ", ".join(p.strip(" *†‡§¶") for p in parts)
            _declare_row(context, table, roles, reading, cohort, owner, label)
            cohorts.append(cohort)
    return cohorts


def _study_reports(context: DocumentContext, studies: dict[int, URIRef], passages: list[CitedPassage]) -> dict[int, str]:
    """What the document says of each cited study: its title and the sentences of passages that cite it."""
    reports = {}
    graph = context.emitter.graph
    for number, study in studies.items():
        title = graph.value(study, HK.title)
        reports[number] = str(title or "")
    for passage in passages:
        for number in passage.numbers:
            if number in reports:
                reports[number] += " " + " ".join(s.text for s in passage.sentences)
    return reports


def _link_conference_abstracts(context: DocumentContext, references: list[Reference], studies: dict[int, URIRef]) -> None:
    """Supplement abstracts of the year of the one conference edition the letter reports on were presented there.

    A letter "from ASH 2024" citing abstracts of a 2024 journal supplement cites that meeting's abstracts. With no
    edition, or several, nothing is inferred.
    """
    editions: dict[URIRef, int] = {}
    for edition, offset in find_conferences(context):
        editions.setdefault(edition, offset)
    years = {e: context.emitter.graph.value(e, HK.year) for e in editions}
    if len(editions) != 1 or None in years.values():
        return
    (edition, offset), = editions.items()
    for reference in references:
        if reference.issue and re.search(r"suppl", reference.issue, re.I) and reference.year == years[edition].toPython():
            evidence = context.evidence_at(reference.start)
            context.emitter.emit(studies[reference.number], HK.presentedAt, edition, evidence)


def build(document: Document) -> BuildResult:
    """Build a journal letter: the letter, its authors, cited studies with their facts, and table cohorts."""
    context = DocumentContext.create(document)
    text = document.text
    section = find_reference_section(text)
    body_end = section[0] if section else len(text)
    front = read_front_matter(text, body_end)
    resolver = PersonResolver(context)
    letter = _declare_letter(context, front, resolver)
    references = read_references(text)
    studies = declare_references(context, references, resolver.people()) if references else {}
    passages = cited_passages(context.sentences, body_paragraphs(text, 0, body_end), max(studies)) if studies else []
    _attribute_passages(context, studies, passages)
    _link_conference_abstracts(context, references, studies)
    reports = _study_reports(context, studies, passages)
    first_authors = {r.number: name.family for r in references if r.authors
                     and (name := parse_person_name(r.authors[0])) is not None}
    for number, table in enumerate(find_tables(text, 0, body_end), start=1):
        declare_table_cohorts(context, table, number, letter, studies, reports, first_authors)
    return context.finish("correspondence")
