"""Reference lists: find the list under its heading and read each entry (authors, title, journal, year, number).

Entries may be numbered ("1.", "[1]", "1)"), bulleted ("- ") or both, and numbering may be missing on some lines
(a PDF conversion drops it); an entry without its own number takes the next number. The entry itself is read in
the citation style journals use (Vancouver: ``Surname Initials, …, et al. Title. Journal. Year;Vol(Issue):Pages.``),
with a looser fallback that still finds the authors, the year and the longest sentence as the title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import URIRef

from hemakg.ontology import HK

from .context import DocumentContext
from .markup import strip_markup
from .iri import study_iri
from .people import PersonName, parse_person_name
from .person_resolver import PersonResolver
from .relations import link_study

__all__ = ["SURNAME_PARTICLE", "Reference", "find_reference_section", "read_references", "parse_reference", "reference_author", "declare_references"]


@dataclass(frozen=True)
class Reference:
    """One entry of a reference list; ``start``/``end`` span its text in the document."""

    number: int
    authors: tuple[str, ...]
    title: str
    journal: str | None
    year: int | None
    volume: str | None
    issue: str | None
    pages: str | None
    doi: str | None
    start: int
    end: int
    et_al: bool = False

    @property
    def publication_number(self) -> str | None:
        """The abstract or article number: the pages of a supplement, or a single page/e-locator."""
        if not self.pages:
            return None
        if self.issue and re.search(r"suppl", self.issue, re.IGNORECASE):
            return self.pages
        return self.pages if re.fullmatch(r"e?\d+|[A-Z]?\d+[a-z]?", self.pages) and not self.volume else None


_HEADING = re.compile(
    r"^\s*(?:#{1,6}\s*)?(?:\*\*)?\s*(?:\d+\.?\s*)?(references|bibliography|literature cited|works cited)\s*(?:\*\*)?\s*:?\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_NEXT_SECTION = re.compile(r"^\s*#{1,6}\s|^\s*\*\*[^*]+\*\*\s*$")
_ITEM = re.compile(r"^\s*(?:[-*•]\s+)?(?:\[(\d{1,3})\]|(\d{1,3})[.)]|(\d{1,3})(?=\s+[A-Z]))?\s*(?=\S)")
_INITIALS = r"(?:(?:[A-Z]\.\s?-?){1,4}|[A-Z]{1,4}(?:-[A-Z]{1,2})?)"
SURNAME_PARTICLE = r"(?:van|von|de|der|den|da|di|la|le|del|dos|du|al)\s+"  # lower-case words inside surnames
_SURNAME = rf"(?:{SURNAME_PARTICLE})*[A-Z][\w'’\-]*(?:\s+(?:{SURNAME_PARTICLE})*[A-Z][a-z][\w'’\-]*)*"  # "Pires da Costa"
_AUTHOR = re.compile(rf"{_SURNAME}\s+{_INITIALS}")
_AUTHOR_LIST = re.compile(
    rf"^\s*(?P<list>{_SURNAME}\s+{_INITIALS}(?:\s*,\s*{_SURNAME}\s+{_INITIALS})*)(?P<etal>\s*,?\s*et\s+al)?\s*\.?\s*"
)
_VANCOUVER_TAIL = re.compile(
    r"(?P<journal>[A-Z][^.?!;]*?)\.?\s+(?P<year>(?:19|20)\d\d)(?:\s+[A-Z][a-z]{2}(?:\s+\d{1,2})?)?\s*;\s*"
    r"(?P<volume>\d+)?\s*(?:\((?P<issue>[^)]*)\))?\s*(?::\s*(?P<pages>[\w\-–]+))?"
)
# Author–year styles: "Lee, A., & Park, B. (2021). Title. Journal, 12(3), 34–40." and "Lee A, Park B (2021) Title.
# Journal 12:34–40": the year in parentheses follows the authors, and the journal comes last without a year.
_APA_INITIALS = r"(?:[A-Z]\.\s?-?\s?){1,3}"
_APA_AUTHOR = rf"{_SURNAME},\s+{_APA_INITIALS}"
_APA_LIST = re.compile(
    rf"^\s*(?P<list>{_APA_AUTHOR}(?:\s*,\s*(?:(?:&|and)\s+)?{_APA_AUTHOR})*(?:\s*,?\s*(?:&|and)\s+{_APA_AUTHOR})?)"
    rf"(?P<etal>\s*,?\s*et\s+al\.?)?\s*(?=\()"
)
_PARENTHESISED_YEAR = re.compile(r"^\s*\((?P<year>(?:19|20)\d\d)[a-z]?\)\s*[.:,]?\s*")
_AUTHOR_YEAR_TAIL = re.compile(
    r"(?P<journal>[A-Z][^.?!;\d]*?)\s*[,.]?\s+(?P<volume>\d+)\s*(?:\((?P<issue>[^)]*)\))?\s*"
    r"(?:[:,]\s*(?P<pages>[\w\-–]+))?\s*\.?\s*$"
)
_RULE = re.compile(r"^\s*[─━—–_=\-*]{5,}\s*$")
_DOI = re.compile(r"(?:doi\s*:?\s*|https?://(?:dx\.)?doi\.org/)(10\.\d{4,9}/[^\s]+)", re.IGNORECASE)
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")


def find_reference_section(text: str) -> tuple[int, int] | None:
    """The span of the reference list: from its heading to the next heading that is not an entry, or the end."""
    headings = list(_HEADING.finditer(text))
    if not headings:
        return _unheaded_list(text)
    heading = headings[-1]
    start = heading.end() + 1
    end = len(text)
    position = start
    for line in text[start:].split("\n"):
        if _NEXT_SECTION.match(line) and not _ITEM.match(line).group(1) and not _AUTHOR_LIST.match(strip_markup(line.lstrip("#* "))):
            end = position
            break
        position += len(line) + 1
    return start, end


def _unheaded_list(text: str) -> tuple[int, int] | None:
    """A reference list without a heading: the last run of three or more lines that read as entries."""
    run: list[tuple[int, int]] = []
    best = None
    position = 0
    for line in text.split("\n"):
        line_start, position = position, position + len(line) + 1
        if not line.strip():
            continue
        body = strip_markup(line[_ITEM.match(line).end():])
        if (_AUTHOR_LIST.match(body) or _APA_LIST.match(body)) and _YEAR.search(body) and len(body) > 40:
            run.append((line_start, position))
            continue
        if len(run) >= 3:
            best = (run[0][0], run[-1][1])
        run = []
    if len(run) >= 3:
        best = (run[0][0], run[-1][1])
    return (best[0], min(best[1], len(text))) if best else None


def _tidy_author(written: str) -> str:
    """"Smith J.A." -> "Smith JA": a surname and initials without dots."""
    match = re.fullmatch(r"(.+?)\s+((?:[A-Z][.\s-]*){1,4})", written.strip())
    if not match:
        return " ".join(written.split())
    return f"{' '.join(match.group(1).split())} {re.sub(r'[^A-Z-]', '', match.group(2)).strip('-')}"


def reference_author(written: str) -> PersonName | None:
    """A reference-list name ("Surname Initials") as a person's name; initials are never read as degrees.

    Examples
    --------
    >>> reference_author("Geyer MB"), reference_author("Bejarano Garcia JA")
    (PersonName(given='MB', family='Geyer'), PersonName(given='JA', family='Bejarano Garcia'))
    """
    match = re.fullmatch(r"(.+?)\s+([A-Z]{1,4}(?:-[A-Z]{1,2})?)", written.strip())
    if match:
        return PersonName(match.group(2).replace("-", ""), match.group(1))
    return parse_person_name(written)


def parse_reference(entry: str, number: int = 0, start: int = 0) -> Reference:
    """Read one entry (its number already removed).

    Examples
    --------
    >>> r = parse_reference("Lee A, Park BJ, et al. CD7 CAR-T cells in T-ALL. Blood. 2023;142(Supplement 1):771.", 4)
    >>> r.authors, r.title, r.journal, r.year, r.publication_number, r.et_al
    (('Lee A', 'Park BJ'), 'CD7 CAR-T cells in T-ALL', 'Blood', 2023, '771', True)
    >>> parse_reference("Diaz C, Ito K. Venetoclax in AML. N Engl J Med. 2020;383(7):617-29.").journal
    'N Engl J Med'
    """
    plain = strip_markup(entry)
    authors: tuple[str, ...] = ()
    et_al = False
    rest = plain
    if match := _AUTHOR_LIST.match(plain):
        authors = tuple(_tidy_author(a) for a in re.split(r"\s*,\s*", match.group("list")))
        et_al = bool(match.group("etal"))
        rest = plain[match.end():]
    elif match := _APA_LIST.match(plain):
        authors = tuple(_tidy_author(a.replace(",", " ")) for a in re.findall(_APA_AUTHOR, match.group("list")))
        et_al = bool(match.group("etal"))
        rest = plain[match.end():]
    doi_match = _DOI.search(rest)
    doi = doi_match.group(1).rstrip(".,;") if doi_match else None
    if doi_match:
        rest = rest[:doi_match.start()].rstrip(" .")
    if year_match := _PARENTHESISED_YEAR.match(rest):
        return _author_year_reference(rest[year_match.end():], int(year_match.group("year")), authors, et_al, doi,
                                      number, start, len(entry))
    journal = year = volume = issue = pages = None
    tail = None
    for candidate in _VANCOUVER_TAIL.finditer(rest):
        if candidate.start() > 0 and rest[candidate.start() - 1] not in " .?!":
            continue
        before = rest[:candidate.start()].rstrip()
        if before and before[-1] in ".?!":
            tail = candidate
            break
    if tail:
        title = re.sub(r"(\w)/ (?=\w)", r"\1/", rest[:tail.start()].strip().rstrip("."))
        journal = tail.group("journal").strip()
        year = int(tail.group("year"))
        volume, issue, pages = tail.group("volume"), tail.group("issue"), tail.group("pages")
    else:
        years = _YEAR.findall(rest)
        year = int(years[0]) if years else None
        pieces = [p.strip() for p in re.split(r"(?<=[.?!])\s+(?=[A-Z0-9])", rest) if p.strip()]
        title = max(pieces, key=len).rstrip(".") if pieces else rest.strip()
    return Reference(number, authors, title, journal, year, volume, issue, pages, doi, start, start + len(entry), et_al)


def _author_year_reference(rest: str, year: int, authors: tuple[str, ...], et_al: bool, doi: str | None,
                           number: int, start: int, length: int) -> Reference:
    """The title and source after an author–year entry's "(2021)": the title ends at the first sentence end after
    which the rest reads as "Journal, volume(issue), pages"."""
    title, tail = rest.strip().rstrip("."), None
    quoted = re.match(r"\s*['‘\"“](?P<title>.+?)[.?!]?['’\"”]\s*[,.]?\s*", rest)  # Harvard: 'Title', Journal, …
    if quoted:
        tail = _AUTHOR_YEAR_TAIL.fullmatch(re.sub(r"\bpp?\.\s*", "", rest[quoted.end():]))
        title = quoted.group("title")
    for end in () if quoted else re.finditer(r"[.?!]\s+(?=[A-Z])", rest):
        tail = _AUTHOR_YEAR_TAIL.fullmatch(rest, end.end())
        if tail:
            title = rest[:end.start()].strip()
            break
    journal = volume = issue = pages = None
    if tail:
        journal, volume, issue, pages = (tail.group("journal").strip(" ,."), tail.group("volume"), tail.group("issue"),
                                         tail.group("pages"))
    return Reference(number, authors, title, journal, year, volume, issue, pages, doi, start, start + length, et_al)


def read_references(text: str) -> list[Reference]:
    """Every entry of the document's reference list, numbered as printed (or by position where unnumbered).

    Examples
    --------
    >>> doc = "Body [2].\\n\\n## References\\n\\n1. Lee A, Park B. First title here. Blood. 2021;1:2.\\n- Ito K. Second title here. Leukemia. 2022;3:4.\\n"
    >>> [(r.number, r.authors, r.year) for r in read_references(doc)]
    [(1, ('Lee A', 'Park B'), 2021), (2, ('Ito K',), 2022)]
    """
    section = find_reference_section(text)
    if section is None:
        return []
    start, end = section
    entries: list[list] = []  # [number or None, start, end]
    position = start
    after_blank = False
    for line in text[start:end].split("\n"):
        line_start, position = position, position + len(line) + 1
        if not line.strip():
            after_blank = True
            continue
        if _RULE.match(line):
            break  # a rule under the list: what follows is the page's footer or the next section
        item = _ITEM.match(line)
        number = next((int(g) for g in item.groups() if g), None)
        body = strip_markup(line[item.end():])
        opens_entry = number is not None or line.lstrip().startswith(("- ", "* ", "• ")) or bool(
            _AUTHOR_LIST.match(body) or _APA_LIST.match(body)
        )
        if (after_blank and number is None and entries and entries[0][0] is not None and not line[:1].isspace()
                and not line.lstrip().startswith(("- ", "* ", "• "))):
            break  # a numbered list ends at the first unnumbered paragraph after a blank line (a footer, a bio)
        after_blank = False
        if opens_entry or not entries:
            entries.append([number, line_start + item.end(), line_start + len(line)])
        else:
            entries[-1][2] = line_start + len(line)  # a wrapped line continues the entry
    references = []
    expected = 1
    for number, entry_start, entry_end in entries:
        number = number or expected
        body = text[entry_start:entry_end]
        if len(strip_markup(body)) < 15:
            continue
        references.append(parse_reference(body, number, entry_start))
        expected = number + 1
    return references


def _unambiguous_match(name: PersonName, authors: list[tuple[PersonName, URIRef]]) -> URIRef | None:
    """The document author a reference author is, when nothing else could be meant.

    Initials match only when there are at least two ("Zhu HH" is Hong-Hu Zhu; "Zhang H" could be anyone named
    Zhang H.); a full given name must be spelled the same. Exactly one author may match.
    """
    def fold(text: str) -> str:
        return re.sub(r"[^a-z]", "", text.lower())

    found = []
    for author, iri in authors:
        if fold(author.family) != fold(name.family) or not author.given:
            continue
        if re.fullmatch(r"[A-Z]{1,3}", name.given):
            if len(name.given) >= 2 and name.given == author.initials:
                found.append(iri)
        elif fold(name.given) == fold(author.given):
            found.append(iri)
    return found[0] if len(found) == 1 else None


def declare_references(context: DocumentContext, references: list[Reference],
                       authors: list[tuple[PersonName, URIRef]]) -> dict[int, URIRef]:
    """Emit each reference as an `hk:Study` the document `hk:cites`; returns the studies by reference number.

    A study carries its title (label and ``hk:title``), journal, year, publication number and DOI, its authors
    (``hk:author``; the first also ``hk:firstAuthor``) and what its title names (`relations.link_study`).
    Reference authors get a resolver of their own, so the same abbreviated name in two entries is one person
    (a co-author network) while a document author is joined only by `_unambiguous_match`.
    """
    document = context.document
    text = document.text
    resolver = PersonResolver(context)
    studies: dict[int, URIRef] = {}
    for reference in references:
        raw = text[reference.start:reference.end]

        def evidence_of(fragment: str | None):
            at = raw.find(fragment[:25]) if fragment else -1
            return context.evidence_at(reference.start + max(at, 0))

        study = study_iri(document.slug, f"reference-{reference.number}")
        title_evidence = evidence_of(reference.title)
        context.emitter.entity(study, HK.Study, reference.title or f"Reference {reference.number}", title_evidence)
        context.emitter.emit(document.iri, HK.cites, study, title_evidence)
        if reference.title:
            context.emitter.emit(study, HK.title, reference.title, title_evidence)
        if reference.journal:
            context.emitter.emit(study, HK.journal, reference.journal, evidence_of(reference.journal))
        if reference.year:
            context.emitter.emit(study, HK.year, reference.year, evidence_of(str(reference.year)))
        if reference.publication_number:
            context.emitter.emit(study, HK.publicationNumber, reference.publication_number,
                                 evidence_of(f":{reference.publication_number}"))
        if reference.doi:
            context.emitter.emit(study, HK.doi, reference.doi, evidence_of(reference.doi))
        for position, written in enumerate(reference.authors):
            name = reference_author(written)
            if name is None:
                continue
            evidence = evidence_of(written)
            person = _unambiguous_match(name, authors) or resolver.person(name, evidence)
            context.emitter.entity(person, HK.Expert, " ".join(written.split()), evidence)  # "Lee AB" as written: an altLabel
            context.emitter.emit(study, HK.author, person, evidence)
            if position == 0:
                context.emitter.emit(study, HK.firstAuthor, person, evidence)
        if reference.title:
            at = raw.find(reference.title[:25])
            if at >= 0:
                first = context.sentence_at(reference.start + at)
                ends = reference.start + at + len(reference.title)
                link_study(context, study, [s for s in context.sentences if first.start <= s.start < ends])
        studies[reference.number] = study
    return studies
