"""The front matter of a journal article or letter, read from its layout.

A letter opens with an article-type label ("CORRESPONDENCE", "Letter to the Editor"), a DOI, a title, a byline
whose names carry affiliation markers (``Ann Lee<sup>1,2</sup>``, ``Ann Lee¹``, ``Ann Lee1,*``), numbered
affiliations (``<sup>1</sup>Department of …``), a corresponding-author block ("*Correspondence:" name and e-mail)
and a running header naming the journal ("Lee and Park Blood Advances (2025) 9:101"). PDF conversions scatter
these blocks, so each is searched for by its own shape rather than by its place.

Everything here is parsing: offsets point into the document text so the caller can cite the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .people import DEGREE

__all__ = [
    "Affiliation",
    "BylineAuthor",
    "CorrespondingAuthor",
    "FrontMatter",
    "ARTICLE_TYPES",
    "strip_markup",
    "is_front_label",
    "read_front_matter",
]

ARTICLE_TYPES = (
    "letter to the editor", "research letter", "correspondence", "letter", "brief report", "brief communication",
    "short communication", "commentary", "editorial", "perspective", "review", "mini review", "original article",
    "research article", "case report", "rapid communication",
)
_LATEX = {r"\ddagger": "‡", r"\dagger": "†", r"\S": "§", r"\P": "¶", r"\ast": "*", r"\alpha": "α",
          r"\beta": "β", r"\gamma": "γ", r"\delta": "δ", r"\kappa": "κ", r"\lambda": "λ", r"\mu": "μ",
          r"\times": "×", r"\geq": "≥", r"\leq": "≤", r"\ge": "≥", r"\le": "≤", r"\pm": "±", r"\%": "%"}
_LATEX_COMMAND = re.compile("|".join(re.escape(k) for k in sorted(_LATEX, key=len, reverse=True)) + r"(?![A-Za-z])")
_TAG = re.compile(r"</?(?:i|b|em|strong|sup|sub|span|br|u)\b[^>]*>", re.IGNORECASE)
_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_MARK_SYMBOLS = "*†‡§¶#"


def strip_markup(text: str) -> str:
    """Plain text of a markdown/HTML/LaTeX fragment as PDF converters write it.

    Examples
    --------
    >>> strip_markup("sepsis, $n = 2$ ; <i>n</i> = 3, $NR^{\\\\ddagger}$")
    'sepsis, n = 2 ; n = 3, NR‡'
    >>> strip_markup("**Clinical studies**")
    'Clinical studies'
    """
    text = _TAG.sub("", text)
    text = _LATEX_COMMAND.sub(lambda m: _LATEX[m.group(0)], text)
    text = re.sub(r"\^\{([^}]*)\}", r"\1", text)
    text = re.sub(r"\\mathrm\{([^}]*)\}", r"\1", text)
    text = text.replace("$", "").replace("\\*", "*").replace("\\_", "_").replace("{", "").replace("}", "")
    text = re.sub(r"\*\*|__", "", text)
    return " ".join(text.split())


@dataclass(frozen=True)
class BylineAuthor:
    name: str
    markers: tuple[str, ...]  # affiliation numbers and symbols ("1", "2", "*")
    start: int


@dataclass(frozen=True)
class Affiliation:
    marker: str
    text: str
    start: int


@dataclass(frozen=True)
class CorrespondingAuthor:
    name: str | None  # None when the block gives only an e-mail (the byline's "*" says who)
    email: str | None
    start: int
    affiliation: Affiliation | None = None  # the address after the name ("Ann Lee, Department of …, Oak Hospital")


@dataclass(frozen=True)
class FrontMatter:
    """What the first page says about the article itself; offsets point into the document text."""

    article_type: tuple[str, int] | None
    doi: tuple[str, int] | None
    title: tuple[str, int] | None
    authors: tuple[BylineAuthor, ...]
    affiliations: tuple[Affiliation, ...]
    corresponding: tuple[CorrespondingAuthor, ...]
    journal: tuple[str, int] | None
    year: tuple[int, int] | None
    byline_start: int | None = None


_DOI = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|\bdoi\s*:?\s*)(10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE)
_HEADING = re.compile(r"^\s*#{1,6}\s*")
_INSTITUTION_WORDS = re.compile(
    r"\b(?:Department|Dept|Division|Hospital|University|Universit\w+|Institut\w*|Center|Centre|School|"
    r"College|Laborator\w+|Faculty|Clinic|Academy|Foundation|Program|Unit|Service|Medical|Cancer|"
    r"H[ôo]pital|Ospedale|Istituto|Klini\w+|Servicio|Policlinico|Centro|Zentrum|Dipartimento|Departamento)\b"
)
_AFFILIATION_LINE = re.compile(
    r"^\s*(?:[-*]\s+)?(?:<sup>\s*(?P<sup>[\w*†‡§¶#]{1,3})\s*</sup>|\$\^\{?(?P<tex>[\w*†‡§¶#]{1,3})\}?\$|"
    r"(?P<uni>[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,2})|\((?P<paren>\d{1,2})\)|(?P<plain>\d{1,2})(?:[.)]\s*|\s+))\s*(?P<text>\S.*)$"
)
_CORRESPONDENCE = re.compile(
    r"^\s*(?:\\?\*\s*)?(?:correspondence(?:\s+to)?|corresponding\s+authors?|address\s+correspondence\s+to)"
    r"\s*[:：]?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_RUNNING_HEADER = re.compile(
    r"^(?P<authors>.+?(?:\bet\s+al\.?|\band\s+[A-Z][\w'’-]+|^[A-Z][\w'’-]+))\s+(?P<journal>[A-Z][^()\d]{3,80}?)\s+"
    r"\((?P<year>(?:19|20)\d\d)\)\s*(?P<volume>\d+)\s*[:(]"
)
_JOURNAL_LINE = re.compile(
    r"^(?P<journal>[A-Z][A-Za-z&,:'’\- ]{3,80}?)\s+\((?P<year>(?:19|20)\d\d)\)\s*(?P<volume>\d+)\s*[:(]"
)
_NOT_TITLE = re.compile(r"©|\bopen access\b|\breceived\b|\baccepted\b|\bpublished\b|\bcopyright\b|\bdoi\b|"
                        r"\bvol(?:ume)?\.?\s*\d|\bissue\s+\d|\bissn\b|https?://|www\.|\s[|·]\s", re.I)
# Openings of a letter's body, never its title.
_SALUTATION = re.compile(r"^(?:to the editors?|dear (?:editors?|sirs?|colleagues|madam)|sir)\b\s*[:,]?\s*$",
                         re.IGNORECASE)
# "Authors: A, B", "**Author(s):** A¹, B²", "By A and B, Department of …" (the affiliation may follow the names).
_AUTHOR_FIELD = re.compile(
    r"^\s*[*_]{0,2}\s*(?:by(?:\s*[*_]{1,2})?\s+|(?:authors?|author\(s\)|written by)\s*[*_]{0,2}\s*[:：]\s*[*_]{0,2})"
    r"\s*(?P<rest>\S.*)$", re.IGNORECASE)
_AFFILIATION_FIELD = re.compile(
    r"^\s*(?:\*\*|__)?\s*(?:affiliations?|affiliation\(s\)|institutions?)\s*(?:\*\*|__)?\s*[:：]\s*(?:\*\*|__)?"
    r"\s*(?P<rest>.*)$", re.IGNORECASE)
_PUBLISHED = re.compile(r"\b(?:published(?: online)?|accepted|received)\s*:?\s*(?:\d{1,2}\s+)?[A-Z][a-z]+\.?\s+(?:\d{1,2},\s*)?((?:19|20)\d\d)", re.IGNORECASE)
_NAME = re.compile(r"^[A-Z][\w'’.\-]*(?:\s+(?:[A-Z][\w'’.\-]*|van|von|de|der|da|di|la|le|del|dos|du|bin|al-\w+)){1,4}$")
_BYLINE_MARK = re.compile(
    r"<sup>\s*([^<]*)</sup>|\$\^\{?([^$}]*)\}?\$|([¹²³⁴⁵⁶⁷⁸⁹⁰]+(?:,?[¹²³⁴⁵⁶⁷⁸⁹⁰*]+)*\*?)|"
    r"(?<=[a-z.])\s?(\(\d{1,2}(?:\s*,\s*\d{1,2})*\)\s?\*?)(?=[,;\s]|$)|"  # "Ann Lee(1,2)*"
    r"(?<=[a-z])(\d{1,2}(?:,\d{1,2})*\*?|\\?\*)(?=[,;\s]|$)"
)


def _lines(text: str):
    position = 0
    for line in text.split("\n"):
        yield position, line
        position += len(line) + 1


def _heading_text(line: str) -> str:
    return strip_markup(_HEADING.sub("", line)).strip(" #*")


def _split_markers(raw: str) -> tuple[str, ...]:
    if "," not in raw and any(ch in "⁰¹²³⁴⁵⁶⁷⁸⁹" for ch in raw):
        raw = " ".join(raw)  # "¹²" is affiliations 1 and 2
    raw = strip_markup(raw.translate(_SUPERSCRIPT_DIGITS))
    marks = []
    for piece in re.split(r"[,\s]+", raw):
        piece = piece.strip()
        if not piece:
            continue
        digits = re.findall(r"\d+", piece)
        marks.extend(digits)
        marks.extend(ch for ch in piece if ch in _MARK_SYMBOLS)
    return tuple(dict.fromkeys(marks))


def parse_byline(line: str, offset: int = 0) -> list[BylineAuthor]:
    """Names of a byline with the markers each carries; empty when the line is not a byline.

    Examples
    --------
    >>> [(a.name, a.markers) for a in parse_byline("Ann Lee<sup>1,2</sup>, Bo Park<sup>2\\\\*</sup> and Cy Diaz<sup>1</sup>")]
    [('Ann Lee', ('1', '2')), ('Bo Park', ('2', '*')), ('Cy Diaz', ('1',))]
    >>> [(a.name, a.markers) for a in parse_byline("Ann Lee¹², Bo Park²*")]
    [('Ann Lee', ('1', '2')), ('Bo Park', ('2', '*'))]
    """
    marked: list[tuple[str, tuple[str, ...], int]] = []
    cursor = 0
    pieces: list[tuple[str, int]] = []
    names_text = ""
    # Replace each marker by a token that remembers it ("\x00k\x00"), then split names on commas and "and".
    for match in _BYLINE_MARK.finditer(line):
        names_text += line[cursor:match.start()] + "\x00" + str(len(pieces)) + "\x00"
        pieces.append((next(g for g in match.groups() if g is not None), match.start()))
        cursor = match.end()
    names_text += line[cursor:]
    tokens = re.split(r"(\x00\d+\x00)|,?\s+and\s+|,\s*|\s*&\s*|;\s*", names_text)
    current: str | None = None
    current_marks: list[str] = []
    position = 0
    for token in tokens:
        if token is None:
            continue
        marker = re.fullmatch(r"\x00(\d+)\x00", token)
        if marker:
            if current:
                current_marks.extend(_split_markers(pieces[int(marker.group(1))][0]))
            continue
        name = strip_markup(token).strip(" .,*")
        if not name or DEGREE.match(name):  # "Ann Lee, MD, PhD"
            continue
        if current:
            marked.append((current, tuple(dict.fromkeys(current_marks)), position))
        current, current_marks = name, []
        found = line.find(name.split()[0])
        position = offset + max(found, 0)
    if current:
        marked.append((current, tuple(dict.fromkeys(current_marks)), position))
    if not marked or not all(_NAME.match(name) and not _INSTITUTION_WORDS.search(name) for name, _, _ in marked):
        return []
    if len(marked) == 1 and not marked[0][1]:
        return []
    return [BylineAuthor(name, marks, start) for name, marks, start in marked]


def is_front_label(line: str) -> bool:
    """Whether a line labels the article rather than titling it: an article type, a salutation, a DOI or a journal
    header ("Letter to the Editor", "Dear Editor,", "doi:10.1/x", "Blood Letters (2025) 3:12").

    Examples
    --------
    >>> [is_front_label(t) for t in ("# Letter to the Editor", "Dear Editor,", "Imatinib in CML: a cohort")]
    [True, True, False]
    """
    plain = _heading_text(line)
    return bool(_article_type(line) or _SALUTATION.match(plain) or (_DOI.search(plain) and len(plain) < 80)
                or _JOURNAL_LINE.match(plain) or _RUNNING_HEADER.match(plain))


def _article_type(line: str) -> str | None:
    plain = _heading_text(line).lower()
    if plain.endswith(":") and plain.startswith("correspondence"):
        return None  # "*Correspondence:" opens the corresponding-author block
    plain = plain.rstrip(":")
    return plain if plain in ARTICLE_TYPES else None


def read_front_matter(text: str, end: int | None = None) -> FrontMatter:
    """Parse the front matter of an article; ``end`` bounds the search (the start of the reference list).

    Examples
    --------
    >>> fm = read_front_matter("LETTER\\nA trial of X in Y\\nAnn Lee¹*, Bo Park²\\n¹Department of Hematology, Oak University\\n"
    ...                        "²Pine Hospital\\n*Correspondence: Ann Lee, ann@oak.edu\\n")
    >>> fm.article_type[0], fm.title[0], [a.name for a in fm.authors], fm.corresponding[0].email
    ('letter', 'A trial of X in Y', ['Ann Lee', 'Bo Park'], 'ann@oak.edu')
    >>> [(a.marker, a.text) for a in fm.affiliations]
    [('1', 'Department of Hematology, Oak University'), ('2', 'Pine Hospital')]
    """
    end = len(text) if end is None else end
    lines = [(start, line) for start, line in _lines(text[:end])]
    article_type = doi = title = journal = year = None
    title_before_type = replace_header = False
    authors: list[BylineAuthor] = []
    byline_start = None
    affiliations: list[Affiliation] = []
    corresponding: list[CorrespondingAuthor] = []
    for index, (start, line) in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        if article_type is None and index < 40 and _article_type(stripped):
            article_type = (_article_type(stripped), start)
            # A short line above the article type is a journal header ("Journal of Blood Letters"), not the title.
            title_before_type = (title is not None and len(title[0].split()) <= 6 and ":" not in title[0]
                                 and not _HEADING.match(text[title[1]:title[1] + 8]))
            continue
        # Only the first line under the article type (past a salutation or DOI) can replace a journal header.
        replace_header = title_before_type and not _SALUTATION.match(_heading_text(stripped)) and not _DOI.search(line)
        title_before_type = title_before_type and not replace_header
        if doi is None and (match := _DOI.search(line)):
            doi = (match.group(1).rstrip(".,;)"), start + match.start(1))
            if len(stripped) - len(match.group(0)) < 12:
                continue
        header = _RUNNING_HEADER.match(strip_markup(stripped)) or (
            _JOURNAL_LINE.match(strip_markup(stripped)) if len(stripped) < 160 else None)
        if journal is None and header:
            journal = (header.group("journal").strip(" ,:"), start)
            year = year or (int(header.group("year")), start)
            continue
        if year is None and (match := _PUBLISHED.search(line)):
            year = (int(match.group(1)), start)
        if match := _CORRESPONDENCE.match(strip_markup(stripped)):
            corresponding.extend(_corresponding_block(lines, index, match.group("rest")))
            continue
        if (match := _AFFILIATION_LINE.match(line)) and _INSTITUTION_WORDS.search(match.group("text")):
            marker = next(match.group(g) for g in ("sup", "tex", "plain", "uni", "paren") if match.group(g))
            marker = marker.translate(_SUPERSCRIPT_DIGITS).replace("\\", "")
            body = strip_markup(match.group("text"))
            if not (match.group("plain") and not affiliations and len(body) > 300):
                affiliations.append(Affiliation(marker, body, start + match.start("text")))
            continue
        if not authors and index < 80 and (match := _AUTHOR_FIELD.match(line)):
            rest = match.group("rest")
            if re.match(r"\s*[*_][^*_]", line) and rest.rstrip()[-1:] in "*_":
                rest = rest.rstrip()[:-1]  # "*By Ann Lee and Bo Park*": emphasis, not a marker
            found, affiliation = _field_byline(rest, start + match.start("rest"))
            if found:
                authors, byline_start = found, start
                if affiliation:
                    affiliations.append(affiliation)
                elif not any(m.isalnum() for a in found for m in a.markers):
                    affiliations.extend(_unmarked_affiliations(lines[index + 1:index + 6]))
                continue
        if index < 80 and (match := _AFFILIATION_FIELD.match(line)):
            rest, rest_at = match.group("rest"), start + match.start("rest")
            affiliations.extend(_field_affiliations(rest, rest_at) if rest.strip()
                                else _unmarked_affiliations(lines[index + 1:index + 8]))
            continue
        if _SALUTATION.match(_heading_text(stripped)):
            continue
        if (title is None or replace_header) and index < 60:
            candidate = _heading_text(stripped)
            words = candidate.split()
            if (3 <= len(words) <= 45 and not candidate.isupper() and not _DOI.search(candidate)
                    and not _NOT_TITLE.search(candidate) and not parse_byline(stripped)):
                if _HEADING.match(stripped) or (len(candidate) < 300 and not candidate.endswith(".")):
                    title = (candidate, start)
                    continue
        if not authors and title is not None and index < 80:
            found = (parse_byline(stripped, start + (len(line) - len(line.lstrip())))
                     or _lone_author(stripped, start + (len(line) - len(line.lstrip())), lines[index + 1:index + 4]))
            if found:
                authors, byline_start = found, start
                if not any(m.isalnum() for a in found for m in a.markers):
                    affiliations.extend(_unmarked_affiliations(lines[index + 1:index + 6]))
    return FrontMatter(article_type, doi, title, tuple(authors), tuple(affiliations), tuple(corresponding),
                       journal, year, byline_start)


def _field_byline(rest: str, offset: int) -> tuple[list[BylineAuthor], Affiliation | None]:
    """The names of an "Authors:" or "By" line, and the affiliation written after them on the same line.

    The names end where the first piece naming an institution begins ("By Ann Lee and Bo Park, Division of
    Hematology, Oak Hospital"): that piece and what follows are everyone's affiliation, never people.

    Examples
    --------
    >>> names, place = _field_byline("Ann Lee and Bo Park, Division of Cell Therapy, Oak Hospital, Lyon", 0)
    >>> [a.name for a in names], place.text
    (['Ann Lee', 'Bo Park'], 'Division of Cell Therapy, Oak Hospital, Lyon')
    """
    institution = _INSTITUTION_WORDS.search(rest)
    cut = len(rest)
    if institution:
        separators = list(re.finditer(r"[,;]|\s(?:of|from|at)\s(?:the\s)?", rest[:institution.start()]))
        cut = separators[-1].start() if separators else 0
    names_text = rest[:cut].rstrip(" ,;")
    authors = parse_byline(names_text, offset)
    if not authors:
        for piece in re.split(r",?\s+and\s+|,\s*|\s*&\s*|;\s*", names_text):
            name = strip_markup(piece).strip(" .*")
            if not name or DEGREE.match(name):
                continue
            if not _NAME.match(name) or _INSTITUTION_WORDS.search(name):
                return [], None
            authors.append(BylineAuthor(name, (), offset + names_text.find(name.split()[0])))
    if not authors or cut == len(rest):
        return authors, None
    place = re.match(r"[\s,;]*(?:(?:of|from|at)\s+)?(?:the\s+)?", rest[cut:])
    return authors, Affiliation("", strip_markup(rest[cut + place.end():]), offset + cut + place.end())


def _lone_author(line: str, offset: int, following) -> list[BylineAuthor]:
    """A byline of one unmarked name ("Ann Lee, MD, PhD"), recognised only by the affiliation line right under it."""
    pieces = [p.strip(" .*") for p in strip_markup(line).split(",")]
    if not _NAME.match(pieces[0]) or _INSTITUTION_WORDS.search(pieces[0]) or not all(DEGREE.match(p) for p in pieces[1:]):
        return []
    below = next((strip_markup(text) for _, text in following if text.strip()), "")
    if not (below and below[0].isupper() and _INSTITUTION_WORDS.search(below[:80]) and len(below) < 250
            and not below.endswith(".")):
        return []
    return [BylineAuthor(pieces[0], (), offset)]


def _field_affiliations(rest: str, offset: int) -> list[Affiliation]:
    """The affiliations of an "Affiliation(s):" line: ';'-separated, each with its marker when it has one."""
    found = []
    position = 0
    for piece in rest.split(";"):
        at, position = position + len(piece) - len(piece.lstrip()), position + len(piece) + 1
        if not _INSTITUTION_WORDS.search(piece):
            continue
        marked = _AFFILIATION_LINE.match(piece)
        if marked:
            marker = next(marked.group(g) for g in ("sup", "tex", "plain", "uni", "paren") if marked.group(g))
            found.append(Affiliation(marker.translate(_SUPERSCRIPT_DIGITS), strip_markup(marked.group("text")),
                                     offset + (position - len(piece) - 1) + marked.start("text")))
        else:
            found.append(Affiliation("", strip_markup(piece), offset + at))
    return found


def _unmarked_affiliations(lines) -> list[Affiliation]:
    """Institution lines right under a byline whose names carry no markers: they are every author's."""
    found = []
    for start, line in lines:
        if not line.strip():
            continue
        if (not _INSTITUTION_WORDS.search(line) or len(line) > 300 or _AFFILIATION_LINE.match(line)
                or _AFFILIATION_FIELD.match(line) or _CORRESPONDENCE.match(strip_markup(line))):
            break
        found.append(Affiliation("", strip_markup(line), start + len(line) - len(line.lstrip())))
    return found


def _corresponding_block(lines, index: int, rest: str) -> list[CorrespondingAuthor]:
    """The name (and e-mail) after a correspondence label: on the same line or the next few non-empty lines."""
    start = lines[index][0]
    candidates: list[tuple[str, int]] = []
    if rest.strip():
        candidates.append((rest, start + max(lines[index][1].find(rest[:10]), 0)))
    for line_start, line in lines[index + 1:index + 8]:
        if line.strip():
            candidates.append((strip_markup(line), line_start))
        if len(candidates) >= 3:
            break
    name = email = address = None
    name_start = start
    for candidate, candidate_start in candidates:
        if email is None and (match := _EMAIL.search(candidate)):
            email = match.group(0)
        if name is None:
            head = re.split(r"[,;(]|\bemail\b|\be-mail\b|\bDepartment\b", _EMAIL.sub("", candidate), maxsplit=1, flags=re.IGNORECASE)[0]
            head = head.strip(" .:*")
            if head and _NAME.match(head) and not _INSTITUTION_WORDS.search(head):
                name, name_start = head, candidate_start
                address = _address(candidate, candidate.find(head) + len(head), candidate_start)
        elif address is None and name_start != candidate_start:
            address = _address(candidate, 0, candidate_start)
    return [CorrespondingAuthor(name, email, name_start, address)] if name or email else []


def _address(text: str, at: int, offset: int) -> Affiliation | None:
    """The institution part of a correspondence address, from ``at`` to the e-mail or phone; None without one."""
    body = re.split(r"[;(]?\s*(?:e-?mail|tel|phone|fax)\b|\S+@", text[at:], maxsplit=1, flags=re.IGNORECASE)[0]
    lead = re.match(r"(?:[\s,]*(?:" + DEGREE.pattern.strip("^$") + r"))*[\s,]*", body)
    body = body[lead.end():].rstrip(" .,;:")
    if not _INSTITUTION_WORDS.search(body) or len(body) > 300:
        return None
    return Affiliation("", body, offset + at + lead.end())
