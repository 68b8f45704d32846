"""Bylines and affiliation blocks: who wrote an article and where they work, as the first page writes it.

Names carry affiliation markers in many forms (``Ann Lee<sup>1,2</sup>``, ``Ann Lee¹²``, ``Ann Lee1,*``,
``Ann Lee(1)*``) or none; affiliations are numbered lines (``¹Department of …``, ``(1) Department of …``), unmarked
lines under the names, "Authors:"/"Affiliations:" fields, or the words after the names of a "By …" line. The
affiliation words are recognised by their institution nouns so that they never become people.

Everything here is parsing: offsets point into the document text so the caller can cite the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .markup import strip_markup
from .people import DEGREE, UPPER

__all__ = [
    "Affiliation",
    "BylineAuthor",
    "AFFILIATION_FIELD",
    "AFFILIATION_LINE",
    "AUTHOR_FIELD",
    "CORRESPONDENCE",
    "INSTITUTION_WORDS",
    "PERSON_NAME",
    "SUPERSCRIPT_DIGITS",
    "RAISED_MARKS",
    "split_markers",
    "parse_byline",
    "field_byline",
    "field_affiliations",
    "lone_author",
    "affiliation_marker",
    "marked_affiliations",
    "unmarked_affiliations",
]

SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹ᵃᵇᶜᵈᵉᶠᵍʰ", "0123456789abcdefgh")  # and the letters PDFs print raised
RAISED_MARKS = "¹²³⁴⁵⁶⁷⁸⁹⁰ᵃᵇᶜᵈᵉᶠᵍʰ"
_MARK_SYMBOLS = "*†‡§¶#✉"


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
    names: tuple[str, ...] = ()  # the authors it is written for ("Ann Lee and Bo Park — Department of …")


INSTITUTION_WORDS = re.compile(
    r"\b(?:Department|Dept|Division|Hospital|University|Universit\w+|Institut\w*|Center|Centre|School|"
    r"College|Laborator\w+|Faculty|Clinic|Academy|Foundation|Program|Unit|Service|Medical|Cancer|"
    r"H[ôo]pital|Ospedale|Istituto|Klini\w+|Servicio|Policlinico|Centro|Zentrum|Dipartimento|Departamento)\b"
)
AFFILIATION_LINE = re.compile(
    r"^\s*(?:[-*]\s+)?(?:<sup>\s*(?P<sup>[\w*†‡§¶#]{1,3})\s*</sup>|\$\^\{?(?P<tex>[\w*†‡§¶#]{1,3})\}?\$|"
    r"\^(?P<caret>[\w*†‡§¶#]{1,3})\^|"  # "^1^": a superscript as Markdown converters write it
    rf"(?P<uni>[{RAISED_MARKS}]{{1,2}})|\((?P<paren>\d{{1,2}})\)|(?P<plain>\d{{1,2}})(?:[.)]\s*|\s+)|"
    r"(?P<letter>[a-h])\s+(?=[A-Z]))\s*(?P<text>\S.*)$"  # "a Department of …": a lower-case letter as the marker
)
_MARKER_GROUPS = ("sup", "tex", "caret", "plain", "uni", "paren", "letter")
# Where the next affiliation starts on a line that runs several together ("¹Dept, X Hospital; ²Y University").
_NEXT_AFFILIATION = re.compile(rf";\s*(?=(?:<sup>|\^\w{{1,3}}\^|[{RAISED_MARKS}]|\(\d{{1,2}}\)\s*[A-Z]|\d{{1,2}}[.)]?\s*[A-Z]|[a-h]\s+[A-Z]))")
CORRESPONDENCE = re.compile(
    r"^\s*(?:\\?\*\s*)?(?:correspondence(?:\s+to)?|corresponding\s+authors?|address\s+correspondence\s+to)"
    r"\s*[:：]?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
# "Authors: A, B", "**Author(s):** A¹, B²", "By A and B, Department of …" (the affiliation may follow the names).
AUTHOR_FIELD = re.compile(
    r"^\s*[*_]{0,2}\s*(?:by(?:\s*[*_]{1,2})?\s+|(?:authors?|author\(s\)|written by)\s*[*_]{0,2}\s*[:：]\s*[*_]{0,2})"
    r"\s*(?P<rest>\S.*)$", re.IGNORECASE)
AFFILIATION_FIELD = re.compile(
    r"^\s*(?:\*\*|__)?\s*(?:affiliations?|affiliation\(s\)|institutions?)\s*(?:\*\*|__)?\s*[:：]\s*(?:\*\*|__)?"
    r"\s*(?P<rest>.*)$", re.IGNORECASE)
PERSON_NAME = re.compile(
    rf"^[{UPPER}][\w'’.\-]*(?:\s+(?:[{UPPER}][\w'’.\-]*|van|von|de|der|da|di|la|le|del|dos|du|bin|al-\w+)){{1,4}}$")
_BYLINE_MARK = re.compile(
    rf"<sup>\s*([^<]*)</sup>|\^([\w,*†‡§¶]{{1,12}})\^|\$\^\{{?([^$}}]*)\}}?\$|([{RAISED_MARKS}]+(?:,?[{RAISED_MARKS}*]+)*[*†‡§¶]*)|"
    r"(?<=[a-zA-Z])\s([a-h](?:,[a-h])*[*†‡§¶]?(?:\s*✉)?)(?=\s*[|;,]|\s*$)|"  # "Ann Lee a,b | Bo Park c", "MD a ✉,"
    r"(?<=[A-Za-z.])\s?(\(\d{1,2}(?:\s*,\s*\d{1,2})*\)\s?[*†‡§¶]?)(?=[,;\s]|$)|"  # "Ann Lee(1,2)*", "Ann Lee, MD (1)"
    r"(?<=[a-z])\s?(\d{1,2}(?:,\d{1,2})*[*†‡§¶]?|\\?\*)(?=[,;\s]|$)"  # "Ann Lee1,2*", "Ann Lee 1"
)


def split_markers(raw: str) -> tuple[str, ...]:
    if "," not in raw and any(ch in RAISED_MARKS for ch in raw):
        raw = " ".join(raw)  # "¹²" is affiliations 1 and 2
    raw = strip_markup(raw.translate(SUPERSCRIPT_DIGITS))
    marks = []
    for piece in re.split(r"[,\s]+", raw):
        piece = piece.strip()
        if not piece:
            continue
        if re.fullmatch(r"[a-z]", piece):  # "Ann Lee<sup>a</sup>" with "<sup>a</sup>Department of …"
            marks.append(piece)
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
    tokens = re.split(r"(\x00\d+\x00)|,?\s+and\s+|,\s*|\s*&\s*|;\s*|\s*[|·•]\s*", names_text)
    current: str | None = None
    current_marks: list[str] = []
    position = 0
    for token in tokens:
        if token is None:
            continue
        marker = re.fullmatch(r"\x00(\d+)\x00", token)
        if marker:
            if current:
                current_marks.extend(split_markers(pieces[int(marker.group(1))][0]))
            continue
        name = strip_markup(token).strip(" .,*")
        while " " in name and DEGREE.match(name.rsplit(" ", 1)[1]):  # "Ann Lee MD": the degree after a space
            name = name.rsplit(" ", 1)[0]
        if not name or DEGREE.match(name):  # "Ann Lee, MD, PhD"
            continue
        if current:
            marked.append((current, tuple(dict.fromkeys(current_marks)), position))
        current, current_marks = name, []
        found = line.find(name.split()[0])
        position = offset + max(found, 0)
    if current:
        marked.append((current, tuple(dict.fromkeys(current_marks)), position))
    if not marked or not all(PERSON_NAME.match(name) and not INSTITUTION_WORDS.search(name) for name, _, _ in marked):
        return []
    if len(marked) == 1 and (not marked[0][1] or re.search(r"\s\d{1,2}\W*$", line)):
        return []  # one name alone, or a heading ending in a number ("Maintenance Therapy 2"), is no byline
    return [BylineAuthor(name, marks, start) for name, marks, start in marked]


def field_byline(rest: str, offset: int) -> tuple[list[BylineAuthor], Affiliation | None]:
    """The names of an "Authors:" or "By" line, and the affiliation written after them on the same line.

    The names end where the first piece naming an institution begins ("By Ann Lee and Bo Park, Division of
    Hematology, Oak Hospital"): that piece and what follows are everyone's affiliation, never people.

    Examples
    --------
    >>> names, place = field_byline("Ann Lee and Bo Park, Division of Cell Therapy, Oak Hospital, Lyon", 0)
    >>> [a.name for a in names], place.text
    (['Ann Lee', 'Bo Park'], 'Division of Cell Therapy, Oak Hospital, Lyon')
    """
    institution = INSTITUTION_WORDS.search(rest)
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
            if not PERSON_NAME.match(name) or INSTITUTION_WORDS.search(name):
                return [], None
            authors.append(BylineAuthor(name, (), offset + names_text.find(name.split()[0])))
    if not authors or cut == len(rest):
        return authors, None
    place = re.match(r"[\s,;]*(?:(?:of|from|at)\s+)?(?:the\s+)?", rest[cut:])
    return authors, Affiliation("", strip_markup(rest[cut + place.end():]), offset + cut + place.end())


def lone_author(line: str, offset: int, following) -> list[BylineAuthor]:
    """A byline of one unmarked name ("Ann Lee, MD, PhD"), recognised only by the affiliation line right under it."""
    pieces = [p.strip(" .*") for p in strip_markup(line).split(",")]
    if not PERSON_NAME.match(pieces[0]) or INSTITUTION_WORDS.search(pieces[0]) or not all(DEGREE.match(p) for p in pieces[1:]):
        return []
    below = next((strip_markup(text) for _, text in following if text.strip()), "")
    if not (below and below[0].isupper() and INSTITUTION_WORDS.search(below[:80]) and len(below) < 250
            and not below.endswith(".")):
        return []
    return [BylineAuthor(pieces[0], (), offset)]


_NAMED_AFFILIATION = re.compile(r"^\s*(?P<names>[^—–:]+?)\s*[—–:]\s*(?P<text>\S.*)$")


def field_affiliations(rest: str, offset: int) -> list[Affiliation]:
    """The affiliations of an "Affiliation(s):" line: ';'-separated, each with its marker when it has one, or with the
    authors' names before a dash ("Ann Lee and Bo Park — Department of Haematology, Oak University").

    Examples
    --------
    >>> line = "Ann Lee and Bo Park — Unit 4, Oak Hospital; Cy Dow — Elm University"
    >>> [(a.names, a.text) for a in field_affiliations(line, 0)]
    [(('Ann Lee', 'Bo Park'), 'Unit 4, Oak Hospital'), (('Cy Dow',), 'Elm University')]
    """
    found = []
    position = 0
    for piece in rest.split(";"):
        at, position = position + len(piece) - len(piece.lstrip()), position + len(piece) + 1
        if not INSTITUTION_WORDS.search(piece):
            continue
        named = _NAMED_AFFILIATION.match(piece)
        if named and not INSTITUTION_WORDS.search(named.group("names")):
            names = tuple(n.strip() for n in re.split(r",|\band\b|&", named.group("names")) if n.strip())
            found.append(Affiliation("", strip_markup(named.group("text")), offset + at + named.start("text") - (
                len(piece) - len(piece.lstrip())), names))
            continue
        marked = AFFILIATION_LINE.match(piece)
        if marked:
            found.append(Affiliation(affiliation_marker(marked), strip_markup(marked.group("text")),
                                     offset + (position - len(piece) - 1) + marked.start("text")))
        else:
            found.append(Affiliation("", strip_markup(piece), offset + at))
    return found


def affiliation_marker(match: re.Match) -> str:
    """The marker of an `AFFILIATION_LINE` match as the byline writes it: ``"1"`` for ``¹``, ``"a"`` for ``ᵃ``."""
    marker = next(match.group(g) for g in _MARKER_GROUPS if match.group(g))
    return marker.translate(SUPERSCRIPT_DIGITS).replace("\\", "")


def marked_affiliations(line: str, offset: int) -> list[Affiliation]:
    """The numbered affiliations of one line, which may run several together, separated by semicolons; empty when
    the line does not open with a marker and an institution.

    Examples
    --------
    >>> line = "¹Department of Haematology, Oak Hospital, Lyon; ²Elm University, Oslo"
    >>> [(a.marker, a.text) for a in marked_affiliations(line, 0)]
    [('1', 'Department of Haematology, Oak Hospital, Lyon'), ('2', 'Elm University, Oslo')]
    >>> [(a.marker, a.text) for a in marked_affiliations("a Servicio de Hematología, Hospital X; b Pine Institute", 0)]
    [('a', 'Servicio de Hematología, Hospital X'), ('b', 'Pine Institute')]
    """
    found = []
    starts = [0] + [m.end() for m in _NEXT_AFFILIATION.finditer(line)]
    for start, end in zip(starts, starts[1:] + [len(line)]):
        match = AFFILIATION_LINE.match(line[start:end].rstrip(" ;"))
        if match is None or not INSTITUTION_WORDS.search(match.group("text")):
            if not found:
                return []
            continue
        found.append(Affiliation(affiliation_marker(match), strip_markup(match.group("text")).rstrip(" ;."),
                                 offset + start + match.start("text")))
    return found


def unmarked_affiliations(lines) -> list[Affiliation]:
    """Institution lines right under a byline whose names carry no markers: they are every author's."""
    found = []
    for start, line in lines:
        if not line.strip():
            continue
        if (not INSTITUTION_WORDS.search(line) or len(line) > 300 or AFFILIATION_LINE.match(line)
                or AFFILIATION_FIELD.match(line) or CORRESPONDENCE.match(strip_markup(line))):
            break
        found.append(Affiliation("", strip_markup(line), start + len(line) - len(line.lstrip())))
    return found
