"""The front matter of a journal article or letter, read from its layout.

A letter opens with an article-type label ("CORRESPONDENCE", "Letter to the Editor"), a DOI, a title, a byline
whose names carry affiliation markers (``Ann Lee<sup>1,2</sup>``, ``Ann Lee¹``, ``Ann Lee1,*``), numbered
affiliations (``<sup>1</sup>Department of …``), a corresponding-author block ("*Correspondence:" name and e-mail)
and a running header naming the journal ("Lee and Park Blood Advances (2025) 9:101"). PDF conversions scatter
these blocks, so each is searched for by its own shape rather than by its place. The byline and affiliation
blocks themselves are read by `bylines`.

Everything here is parsing: offsets point into the document text so the caller can cite the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .bylines import (AFFILIATION_FIELD, AUTHOR_FIELD, CORRESPONDENCE, INSTITUTION_WORDS, PERSON_NAME, Affiliation,
                      BylineAuthor, field_affiliations, field_byline, lone_author, marked_affiliations, parse_byline,
                      unmarked_affiliations)
from .markup import strip_markup
from .people import DEGREE

__all__ = [
    "Affiliation",
    "BylineAuthor",
    "CorrespondingAuthor",
    "FrontMatter",
    "ARTICLE_TYPES",
    "strip_markup",
    "parse_byline",
    "is_front_label",
    "is_page_furniture",
    "join_wrapped",
    "read_front_matter",
]

ARTICLE_TYPES = (
    "letter to the editor", "research letter", "correspondence", "letter", "brief report", "brief communication",
    "short communication", "commentary", "editorial", "perspective", "review", "mini review", "original article",
    "research article", "case report", "rapid communication",
)


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
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_RUNNING_HEADER = re.compile(
    r"^(?P<authors>.+?(?:\bet\s+al\.?|\band\s+[A-Z][\w'’-]+|^[A-Z][\w'’-]+))\s+(?P<journal>[A-Z][^()\d]{3,80}?)\s+"
    r"\((?P<year>(?:19|20)\d\d)\)\s*(?P<volume>\d+)\s*[:(]"
)
_JOURNAL_LINE = re.compile(
    r"^(?P<journal>[A-Z][A-Za-z&,:'’\- ]{3,80}?)\s+\((?P<year>(?:19|20)\d\d)\)\s*(?P<volume>\d+)\s*[:(]"
)
# A journal citation line ("J Clin Haematol Rep. 2025;7(3):211–216"), often with the article type after it.
_CITATION_LINE = re.compile(
    r"^(?P<journal>[A-Z][A-Za-z&'’\- .]{2,80}?)\.?\s+(?P<year>(?:19|20)\d\d)\s*;\s*(?P<volume>\d+)\s*[(:]"
)
_NOT_TITLE = re.compile(r"©|\bopen access\b|\breceived\b|\baccepted\b|\bpublished\b|\bcopyright\b|\bdoi\b|"
                        r"\bvol(?:ume)?\.?\s*\d|\bissue\s+\d|\bissn\b|https?://|www\.|\s[|·]\s|"
                        r"\b(?:19|20)\d\d\s*;\s*\d", re.I)
# The end of a title line that a PDF wrapped: the next line goes on with it.
_WRAPPED_TITLE_END = re.compile(r"(?:\b(?:of|in|with|and|or|for|to|after|before|the|a|an|by|on|from|versus|vs\.?|"
                                r"at|among|during|without|following|into)|[:,\-–—])$", re.IGNORECASE)
# Openings of a letter's body, never its title.
_SALUTATION = re.compile(r"^(?:to the editors?|dear (?:editors?|sirs?|colleagues|madam)|sir)\b\s*[:,]?\s*$",
                         re.IGNORECASE)
_PUBLISHED = re.compile(r"\b(?:published(?: online)?|accepted|received)\s*:?\s*(?:\d{1,2}\s+)?[A-Z][a-z]+\.?\s+(?:\d{1,2},\s*)?((?:19|20)\d\d)", re.IGNORECASE)
def _lines(text: str):
    position = 0
    for line in text.split("\n"):
        yield position, line
        position += len(line) + 1


def _heading_text(line: str) -> str:
    return strip_markup(_HEADING.sub("", line)).strip(" #*")


# What a web page prints around an article: links and buttons, not text.
_WEB_CHROME = re.compile(r"^(?:skip to (?:main )?content|advertisement|share(?: this)?(?: article)?|print(?: this page)?|"
                         r"open access|sign in|log in|subscribe|menu|search|download pdf)\s*$", re.IGNORECASE)
# A journal's year, volume and issue or pages as a footer prints them ("HemaSphere | 2027;11(S1)  12").
_CITED_ISSUE = re.compile(r"\b(?:19|20)\d\d\s*;\s*\d+\s*[(:]")
# A running header naming the issue ("HAEMATOLOGY TODAY  |  Vol. 9, No. 2  |  Summer 2025").
_ISSUE = re.compile(r"\b(?:vol\.?|volume|no\.|issue)\s*\d", re.IGNORECASE)
# A web page's trail of links above the title ("Home › News › Meeting coverage").
_BREADCRUMB = re.compile(r"^[^\n›»]{1,40}\s[›»]\s")
# A section or outlet label in capitals above the title ("STUDY REPORT", "ORIGINAL RESEARCH"): at most three words.
_KICKER = re.compile(r"^[A-Z][A-Z&]+(?:[ \t]+[A-Z][A-Z&]+){0,2}$")


def is_front_label(line: str) -> bool:
    """Whether a line labels the article rather than titling it: an article type, a salutation, a DOI or a journal
    header ("Letter to the Editor", "Dear Editor,", "doi:10.1/x", "Blood Letters (2025) 3:12").

    Examples
    --------
    >>> [is_front_label(t) for t in ("# Letter to the Editor", "Dear Editor,", "Imatinib in CML: a cohort")]
    [True, True, False]
    >>> [is_front_label(t) for t in ("STUDY REPORT", "CD7 CAR-T IN T-ALL", "Home › News", "HIGHLIGHTS | ASH 2026")]
    [True, False, True, True]
    """
    plain = _heading_text(line)
    return bool(_article_type(line) or _SALUTATION.match(plain) or (_DOI.search(plain) and len(plain) < 80)
                or _KICKER.match(plain) or (plain.isupper() and " | " in plain and len(plain) < 60)
                or is_page_furniture(line))


def is_page_furniture(line: str) -> bool:
    """Whether a line is what a page prints around the text: a running header or footer naming the journal, its
    issue or its pages, or a web page's trail of links ("Blood Adv (2025) 9:101", "X Today | Vol. 9, No. 2 | 17",
    "J Clin Haem. 2026;8:101–104", "Home › News").

    Examples
    --------
    >>> [is_page_furniture(t) for t in ("HemaSphere | Volume 10 | Supplement 2", "Home › News", "A trial of X in Y")]
    [True, True, False]
    """
    plain = _heading_text(line)
    return bool(_JOURNAL_LINE.match(plain) or _RUNNING_HEADER.match(plain) or _CITATION_LINE.match(plain)
                or _WEB_CHROME.match(plain)
                or _BREADCRUMB.match(plain) or ("|" in plain and _ISSUE.search(plain) is not None)
                or (len(plain) < 120 and _CITED_ISSUE.search(plain) is not None))


def _article_type(line: str) -> str | None:
    """The article type a line names; also at the end of a header line, after a wide gap ("J X. 2025;7:21   LETTER")."""
    if (gap := re.search(r"\s{3,}(\S[^\n]*)$", line.strip())) is not None and _article_type(gap.group(1)):
        return _article_type(gap.group(1))
    if "|" in line:  # "British Journal of X   |   CORRESPONDENCE   |   Open Access"
        return next((kind for piece in line.split("|") if (kind := _article_type(piece))), None)
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
        if _WEB_CHROME.match(_heading_text(stripped)):
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
            (_JOURNAL_LINE.match(strip_markup(stripped)) or _CITATION_LINE.match(strip_markup(stripped)))
            if len(stripped) < 160 else None)
        if journal is None and header:
            journal = (header.group("journal").strip(" ,:"), start)
            year = year or (int(header.group("year")), start)
            continue
        if year is None and (match := _PUBLISHED.search(line)):
            year = (int(match.group(1)), start)
        if match := CORRESPONDENCE.match(strip_markup(stripped)):
            corresponding.extend(_corresponding_block(lines, index, match.group("rest")))
            continue
        if marked := marked_affiliations(line, start):
            # A long first line opening with a plain number is a numbered paragraph, not an affiliation.
            if not (re.match(r"\s*\d", line) and not affiliations and len(marked[0].text) > 300):
                affiliations.extend(marked)
            continue
        if not authors and index < 80 and (match := AUTHOR_FIELD.match(line)):
            rest = match.group("rest")
            if re.match(r"\s*[*_][^*_]", line) and rest.rstrip()[-1:] in "*_":
                rest = rest.rstrip()[:-1]  # "*By Ann Lee and Bo Park*": emphasis, not a marker
            found, affiliation = field_byline(rest, start + match.start("rest"))
            if found:
                authors, byline_start = found, start
                if affiliation:
                    affiliations.append(affiliation)
                elif not any(m.isalnum() for a in found for m in a.markers):
                    affiliations.extend(unmarked_affiliations(lines[index + 1:index + 6]))
                continue
        if index < 80 and (match := AFFILIATION_FIELD.match(line)):
            rest, rest_at = match.group("rest"), start + match.start("rest")
            affiliations.extend(field_affiliations(rest, rest_at) if rest.strip()
                                else unmarked_affiliations(lines[index + 1:index + 8]))
            continue
        if _SALUTATION.match(_heading_text(stripped)):
            continue
        if (title is None or replace_header) and index < 60:
            candidate = _heading_text(stripped)
            words = candidate.split()
            shouted_label = candidate.isupper() and len(words) < 8  # "STUDY REPORT"; a long title may be in capitals
            if (3 <= len(words) <= 45 and not shouted_label and not _DOI.search(candidate)
                    and not _NOT_TITLE.search(candidate) and not parse_byline(stripped)):
                if _HEADING.match(stripped) or (len(candidate) < 300 and not candidate.endswith(".")):
                    title = (_unwrapped_title(candidate, lines[index + 1:index + 4]), start)
                    continue
        if not authors and title is not None and index < 80:
            found = (parse_byline(stripped, start + (len(line) - len(line.lstrip())))
                     or lone_author(stripped, start + (len(line) - len(line.lstrip())), lines[index + 1:index + 4]))
            if found:
                authors, byline_start = found + _byline_goes_on(stripped, lines[index + 1:index + 4]), start
                if not any(m.isalnum() for a in found for m in a.markers):
                    affiliations.extend(unmarked_affiliations(lines[index + 1:index + 6]))
    return FrontMatter(article_type, doi, title, tuple(authors), tuple(affiliations), tuple(corresponding),
                       journal, year, byline_start)


def _unwrapped_title(title: str, following) -> str:
    """A title with the lines a PDF wrapped it onto: each next line goes on with it while the line before ends with
    a word that cannot end a title ("of", "with", ":") or the next line starts in lower case."""
    for _, line in following:
        plain = strip_markup(line.strip())
        if not plain or len(title) > 300 or parse_byline(plain) or is_front_label(plain):
            break
        if not (_WRAPPED_TITLE_END.search(title) or plain[0].islower()):
            break
        title = join_wrapped(title, plain)
    return title


def join_wrapped(line: str, following: str) -> str:
    """Two lines of one wrapped phrase as one: a space between them, or none after a hyphen that a PDF put at the
    line's end ("allo-" "geneic" → "allogeneic"; "CD7-" "directed" → "CD7-directed").

    Examples
    --------
    >>> join_wrapped("a bridge to allo-", "geneic transplantation"), join_wrapped("CD7-", "directed CAR-T")
    ('a bridge to allogeneic transplantation', 'CD7-directed CAR-T')
    """
    if line.endswith("-") and following[:1].islower():
        return (line[:-1] if line[-2:-1].islower() else line) + following
    return f"{line} {following}"


def _byline_goes_on(line: str, following) -> list[BylineAuthor]:
    """The names on the next lines of a byline that a PDF wrapped after a separator ("Ann Lee¹ | Bo Park² |")."""
    more: list[BylineAuthor] = []
    while re.search(r"(?:[|,;&]|\band)$", line.strip()) and following:
        (start, line), following = following[0], following[1:]
        names = parse_byline(line.strip(), start + len(line) - len(line.lstrip()))
        if not names:
            break
        more.extend(names)
    return more


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
    for number, (candidate, candidate_start) in enumerate(candidates):
        if email is None and (match := _EMAIL.search(candidate)):
            email = match.group(0)
        if name is None:
            head = re.split(r"[,;(]|\bemail\b|\be-mail\b|\bDepartment\b", _EMAIL.sub("", candidate), maxsplit=1, flags=re.IGNORECASE)[0]
            head = head.strip(" .:*")
            if head and PERSON_NAME.match(head) and not INSTITUTION_WORDS.search(head):
                name, name_start = head, candidate_start
                following = candidates[number + 1][0] if number + 1 < len(candidates) else ""
                if (not _EMAIL.search(candidate) and following and candidate.rstrip()[-1:] not in ".;"
                        and not re.match(r"\s*(?:e-?mail|tel|phone|fax|orcid)\b", following, re.IGNORECASE)):
                    candidate = f"{candidate} {following}"  # an address wrapped onto the next line
                address = _address(candidate, candidate.find(head) + len(head), candidate_start)
        elif address is None and name_start != candidate_start:
            address = _address(candidate, 0, candidate_start)
    return [CorrespondingAuthor(name, email, name_start, address)] if name or email else []


def _address(text: str, at: int, offset: int) -> Affiliation | None:
    """The institution part of a correspondence address, from ``at`` to the e-mail or phone; None without one."""
    body = re.split(r"[;(]?\s*(?:e-?mail|tel|phone|fax)\b|\S+@", text[at:], maxsplit=1, flags=re.IGNORECASE)[0]
    lead = re.match(r"(?:[\s,]*(?:" + DEGREE.pattern.strip("^$") + r"))*[\s,]*", body)
    body = body[lead.end():].rstrip(" .,;:")
    if not INSTITUTION_WORDS.search(body) or len(body) > 300:
        return None
    return Affiliation("", body, offset + at + lead.end())
