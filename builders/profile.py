"""Expert profiles: the short biography block an outlet prints under an interview or a commentary.

A profile opens with a heading ("Expert Profile", "About the expert", "Biography"), then the person's name (with
honorifics and degrees), the institutions they work at, and a list of titles and roles, each written
"Role, Organisation" ("Vice Chair, Leukemia Committee, Jiangnan Society of Hematology"). Outlets often
flatten the list into one line; roles are then found by their nouns (Director, Chair, Member…), so the list is
read the same way with or without line breaks. Some profiles are prose instead ("Jane Roe, MD, is Professor of
Medicine at …"); the same role nouns and institution head nouns read them.

What is emitted: the person (`hk:Expert`, through the document's `PersonResolver`), `hk:affiliatedWith` each
institution they hold a role at or belong to, an `hk:role` literal per role as written, and the institutions with
their `hk:partOf` chains (a committee is part of its society, a department part of its hospital).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import URIRef

from hemakg.ontology import HK

from .context import DocumentContext
from .iri import subunit_iri
from .institutions import HEAD_NOUNS, declare_institution_chain, identity_name, institution_names, is_subunit
from .people import HONORIFIC, parse_person_name
from .person_resolver import PersonResolver

__all__ = ["PROFILE_HEADING", "ROLE", "find_profile", "find_unheaded_profile", "profile_end", "read_expert_profile", "ProfileRole", "read_roles"]

PROFILE_HEADING = re.compile(
    r"^[ \t]*(?:#+[ \t]*)?(?:\*\*)?[ \t]*(?:Expert(?:'s|’s)?[ \t]+(?:Profile|Introduction|Bio(?:graphy)?)|"
    r"About[ \t]+the[ \t]+(?:Expert|Author|Speaker|Interviewee)s?|"
    r"(?:Speaker|Author|Guest)[ \t]+(?:Profile|Bio(?:graphy)?)|"
    r"About[ \t]+(?P<named>(?:Professor|Prof\.|Dr\.)[ \t]+[^\n:*]{2,60}?|"
    r"(?P<untitled>[A-Z][\w'’\-]+(?:[ \t]+[A-Z][\w'’.\-]*){1,3}))|"
    r"Biography|Profile|专家简介)[ \t]*(?:\*\*)?[ \t]*(?::?[ \t]*(?:\*\*)?[ \t]*$|[:：][ \t]*(?:\*\*)?[ \t]*(?=\S))",
    re.IGNORECASE | re.MULTILINE,
)
_ROLE_MODIFIER = (
    r"(?:Executive|Vice|Deputy|Standing|Associate|Assistant|Honorary|Chief|Senior|Founding|Distinguished|Medical|"
    r"Committee|Council|"
    r"Board|PhD|Ph\.D\.|Doctoral|Master['’]s|Principal|Lead|Clinical|Attending|Full|Adjunct|Managing|Co-)"
)
_ROLE_NOUN = (
    r"(?:President|Vice-President|Director|Chair(?:man|woman|person)?|Vice-Chair|Member|Head|Editor-in-Chief|Editor|"
    r"Professor|Physician|Fellow|Secretary-General|Secretary|Dean|Leader|Investigator|Officer|Consultant|Founder|"
    r"Advisor|Adviser|Supervisor|Chief|Recipient|Convener|Coordinator|Researcher|Scientist|Hematologist|Oncologist)"
)
ROLE = re.compile(rf"(?<![\w-])((?:{_ROLE_MODIFIER}[ \t]+)*{_ROLE_NOUN})(?![\w-])(?:[ \t]*(?:,|:|of\b|at\b|in\b))?")
_CLAUSE_END = re.compile(r"[;.](?:\s|$)|\n|\s[A-Z][a-z]+ed\s+[a-z]|\s(?:and|who|where|since)\s+[a-z]")
_LEAD = re.compile(  # between a role and its organisation: "Professor of Medicine at the", "of Medicine, ", "4th"
    r"^[\s,]*(?:(?:[A-Z][\w&\-]*\s+){0,4}(?:at|of|in|with)\s+)?"
    r"(?:(?:(?:of|in)\s+)?(?:(?:[A-Z][\w&\-]*|and|&)\s+){0,3}[A-Z][\w&\-]*,\s+)?"
    r"(?:the\s+|The\s+)?(?:\d+(?:st|nd|rd|th)\s+)?$"
)
_JOIN = re.compile(r"^[\s,]*(?:(?:at|of|in)\s+)?(?:the\s+)?$")
_ACRONYM_WORD = re.compile(r"\b[A-Z]{2,}\b")  # "CACA Oncology Committee" names its own parent
_SOCIETY = re.compile(r"\b(?:Society|Association|Federation|Alliance|Academy|Foundation|Consortium)\b")
_PROSE_AFTER_TITLE = re.compile(r"[ \t]+[A-Z][a-z]+[ \t]+(?!of\b|and\b|for\b)[a-z]{3,}")  # "Professor Roe leads …"
_NAME_LINE = re.compile(r"^[ \t]*(?:[*#]+[ \t]*)?(?P<name>[^:\n*#]{3,60}?)[ \t]*(?:\*\*)?[ \t]*$", re.MULTILINE)
_EDUCATION = re.compile(
    r"\b(?:graduated|trained|training|completed|received|obtained|earned|fellowship|residency|studied|degree|"
    r"alumn\w*|postdoctoral|visiting)\b",
    re.IGNORECASE,
)
# Roles written as verbs in a prose profile: "She chairs the platelet working group of the X Consortium".
_VERB_ROLE = re.compile(
    r"\b(?:[Ss]he|[Hh]e|[Tt]hey|[A-Z][\w\-’']+)\s+(?:also\s+)?(?:chairs|co-chairs|leads|heads|directs|coordinates|"
    r"convenes)\s+(?:the\s+|its\s+)?(?:[\w\-]+\s+){0,6}?(?:of|at|for)\s+(?:the\s+)?"
)
_BIO_VERB = re.compile(r"\s(?:is|was|serves|served|has|holds|leads)\s")


@dataclass(frozen=True)
class ProfileRole:
    """One title as written, with the organisation names that follow it (most specific first)."""

    text: str
    start: int
    organisations: tuple[tuple[str, int], ...]


def find_profile(text: str, start: int = 0) -> tuple[int, int] | None:
    """The span of the profile block (heading included) from ``start`` on, running to the end of the text."""
    for match in PROFILE_HEADING.finditer(text, start):
        if match.group("untitled") and not _names_the_person_below(text, match):
            continue  # "About Blood Lines", "About This Study": not a person
        return match.start(), len(text)
    return None


def _names_the_person_below(text: str, heading: re.Match) -> bool:
    """An untitled "About Jane Roe" heads a profile when it is a person's name that the lines below name again."""
    name = heading.group("untitled")
    parsed = parse_person_name(name)
    if parsed is None or not parsed.given:
        return False
    surname = name.split()[-1]
    return bool(re.search(rf"\b{re.escape(surname)}\b", text[heading.end():heading.end() + 400]))


def find_unheaded_profile(text: str, start: int = 0) -> tuple[int, int] | None:
    """A profile printed without a heading: a line holding only a titled name ("Professor Mei Lin", "Mei Lin, MD")
    followed by lines of roles or institutions. Returns its span (to the end of the text) or None.

    Examples
    --------
    >>> doc = "A: Thanks.\\n\\nProfessor Mei Lin\\nDirector, Department of Hematology\\nMember, Nordic Lymphoma Society\\n"
    >>> find_unheaded_profile(doc)
    (12, 97)
    """
    for match in _NAME_LINE.finditer(text, start):
        line = match.group("name")
        parsed = parse_person_name(line)
        if parsed is None or not parsed.given or not (HONORIFIC.match(line) or "," in line):
            continue
        following = [m.group(0) for m in re.finditer(r"[^\n]*\S[^\n]*", text[match.end():])][:3]
        described = sum(1 for f in following
                        if ROLE.search(f) or any(w.lower().strip(",.") in HEAD_NOUNS for w in f.split()))
        if len(following) >= 2 and described >= 2:
            return match.start("name"), len(text)
    return None


def profile_end(text: str, start: int, limit: int) -> int:
    """Where a profile printed before the conversation ends: at the blank line before a prose introduction, else
    at ``limit`` (the first speaker turn)."""
    body = text.find("\n", start) + 1
    gap = re.search(r"\n[ \t]*\n(?=[ \t]*\S)", text[body:limit])
    if gap and text[body:body + gap.start()].strip():
        following = text[body + gap.end():limit]
        if len(following.split("\n", 1)[0]) > 200:
            return body + gap.start()
    return limit


def _organisation_chain(text: str, start: int, end: int) -> tuple[tuple[str, int], ...]:
    """The organisations named straight after a role: names separated only by commas or spaces."""
    names = institution_names(text, start, end)
    chain: list[tuple[str, int]] = []
    cursor = start
    for name, at in names:
        gap = text[cursor:at]
        if chain and not _JOIN.match(gap) or not chain and not _LEAD.match(gap):
            break
        chain.append((name, at))
        cursor = at + len(name)
    # "X Association Y Committee": the committee is the more specific, so it goes first
    if len(chain) >= 2 and not is_subunit(chain[0][0]) and is_subunit(chain[1][0]):
        chain[0], chain[1] = chain[1], chain[0]
    return tuple(chain)


def read_roles(text: str, start: int, end: int) -> list[ProfileRole]:
    """Roles written "Role, Organisation" (or "Role of Organisation") between ``start`` and ``end``.

    Examples
    --------
    >>> line = "Chief Physician, Doctoral Supervisor Director, Lymphoma Center Member, Nordic Lymphoma Society"
    >>> [(r.text, [n for n, _ in r.organisations]) for r in read_roles(line, 0, len(line))]
    [('Chief Physician', []), ('Doctoral Supervisor', []), ('Director, Lymphoma Center', ['Lymphoma Center']), \
('Member, Nordic Lymphoma Society', ['Nordic Lymphoma Society'])]
    """
    matches = [m for m in ROLE.finditer(text, start, end)
               if m.group(1)[0].isupper() and not _PROSE_AFTER_TITLE.match(text, m.end(1))]
    roles = []
    for index, match in enumerate(matches):
        stop = matches[index + 1].start() if index + 1 < len(matches) else end
        tail_end = stop
        clause = _CLAUSE_END.search(text, match.end(), stop)
        if clause:
            tail_end = clause.start()
        chain = _organisation_chain(text, match.end(), tail_end)
        if chain:
            last_name, last_at = chain[-1] if chain[-1][1] >= chain[0][1] else chain[0]
            written_end = max(at + len(name) for name, at in chain)
            place = re.fullmatch(r"[ \t]+[A-Z][\w\-]*(?:[ \t]+[A-Z][\w\-]*){0,2}[ \t]*", text[written_end:tail_end])
            if place:  # "University Hospital Zurich": the place closes the name as written
                written_end = tail_end
        else:
            tail = text[match.end():tail_end].rstrip(" ,:")
            if len(tail) > 100:  # keep what names the title, not the paragraph after it
                tail = tail[:100].rsplit(" ", 1)[0]
            written_end = match.end() + len(tail)
        written = " ".join(text[match.start(1):written_end].split()).strip(" ,:")
        written = re.sub(r"\s+(?:and|&)$", "", written)
        roles.append(ProfileRole(written, match.start(1), chain))
    return roles


def _name_and_rest(context: DocumentContext, line: str, people: PersonResolver) -> tuple[str | None, int]:
    """The person's name at the start of a profile line and where the rest of the line starts."""
    words = list(re.finditer(r"\S+", line))
    honorific = HONORIFIC.match(line)
    first = 0
    if honorific:
        first = next(i for i, w in enumerate(words) if w.start() >= honorific.end())
    bio = _BIO_VERB.search(line)
    if bio and bio.start() < 80:  # prose: "Jane Roe, MD, PhD, is Professor of …"
        name = line[: bio.start()].strip(" ,")
        return (name if parse_person_name(name) else None), bio.start()
    comma_name = re.match(r"^([^,]{3,60}?)((?:,\s*[A-Za-z.]{2,8})+)\s*$", line)
    if comma_name and parse_person_name(line):
        return line, len(line)
    for size in (3, 2):  # prefer a name the document already knows
        if first + size <= len(words):
            candidate = line[: words[first + size - 1].end()]
            parsed = parse_person_name(candidate)
            if parsed and parsed.given and people.find(parsed) is not None:
                return candidate, words[first + size - 1].end()
    for size in (2, 3):
        if first + size <= len(words):
            candidate = line[: words[first + size - 1].end()]
            following = words[first + size].group(0) if first + size < len(words) else ""
            parsed = parse_person_name(candidate)
            if parsed and parsed.given and (not following or following.lower().strip(",") not in HEAD_NOUNS):
                return candidate, words[first + size - 1].end()
    return None, 0


def read_expert_profile(context: DocumentContext, start: int, end: int, people: PersonResolver) -> URIRef | None:
    """Read the profile block in ``text[start:end]`` and emit its person, roles and affiliations.

    Returns
    -------
    URIRef or None
        The person the profile describes, or None when no name could be read (the block is then reported in
        ``context.report.unresolved_names``).
    """
    text = context.document.text
    heading = PROFILE_HEADING.match(text, start)
    cursor = heading.end() if heading else start
    lines = [(m.group(0), m.start()) for m in re.compile(r"[^\n]+").finditer(text, cursor, end)]
    lines = [(line, at) for line, at in lines if line.strip(" \t*•-")]
    if not lines:
        return None
    named = (heading.group("named") or heading.group("untitled")) if heading is not None else None
    if named:  # "About Dr. Jane Roe": the heading names the person; every line below is about them
        name, offset = named, heading.start("named")
        header_spans, following = [], lines
    else:
        first_line, first_at = lines[0]
        stripped = first_line.strip(" \t*#")
        offset = first_at + first_line.index(stripped[:1]) if stripped else first_at
        name, rest_at = _name_and_rest(context, stripped, people)
        header_spans, following = [(offset + rest_at, first_at + len(first_line))], lines[1:]
    if name is None or parse_person_name(name) is None:
        context.report.unresolved_names.append(" ".join(text[offset:offset + 60].split()[:4]))
        return None
    name_evidence = context.evidence_at(offset)

    # Affiliations: the lines under (or beside) the name before any role ("X Hospital, Y University"), and later
    # lines that name an institution without a role or an education verb ("Division of X, Y School of Medicine").
    affiliations: list[tuple[URIRef, int]] = []
    primary_home: URIRef | None = None  # the organisation (not the department) the person works at
    in_header = True
    for line, at in following:
        if ROLE.search(line):
            in_header = False
            continue
        if _EDUCATION.search(line) or not any(w.lower().strip(",.") in HEAD_NOUNS for w in line.split()):
            in_header = in_header and not header_spans
            continue
        if in_header or len(line) < 160:
            header_spans.append((at, at + len(line)))
    roles_from = header_spans[0][0] if header_spans else following[0][1]
    first_role = min((r.start for r in read_roles(text, roles_from, end)), default=end)
    for index, (span_start, span_end) in enumerate(header_spans):
        if index == 0:  # a flattened profile runs on from its name line into the roles
            span_end = min(span_end, first_role)
        if span_end <= span_start:
            continue
        if _BIO_VERB.match(text, span_start) or text[span_start:span_end].lstrip().startswith(("is ", "was ")):
            continue  # prose profiles name their institutions in the roles
        for chain in _chains(text, span_start, span_end):
            names = [n for n, _ in chain]
            iris = declare_institution_chain(context, names, context.evidence_at(chain[0][1]))
            affiliations.append((iris[0], chain[0][1]))
            primary_home = primary_home or _home_of(names, iris)

    roles = read_roles(text, roles_from, end)
    primary = affiliations[0][0] if affiliations else None
    home = primary_home
    role_institutions: list[tuple[URIRef, int, str]] = []
    last_society: URIRef | None = None
    for role in roles:
        if not role.organisations:
            continue
        parts = _split_subunit_tails([n for n, _ in role.organisations])
        evidence = context.evidence_at(role.start)
        if len(parts) == 1 and is_subunit(parts[0]) and not _ACRONYM_WORD.search(parts[0]):
            # "Deputy Head, Lymphoma Working Group" under "Member, X Society": the committee of the society just
            # named; a bare department belongs to the person's own hospital.
            parent = last_society if _is_committee(parts[0]) else home
            if parent is not None:
                iri = _declare_under(context, parts[0], parent, evidence)
                role_institutions.append((iri, role.start, parts[0]))
                continue
        iris = declare_institution_chain(context, parts, evidence)
        role_institutions.append((iris[0], role.start, parts[0]))
        top = next((p for p in reversed(parts) if _SOCIETY.search(p)), None)
        if top is not None:
            last_society = iris[parts.index(top)]
        if primary is None:
            primary, home = iris[0], _home_of(parts, iris)

    for match in _VERB_ROLE.finditer(text, roles_from, end):  # "She chairs the … working group of the X Consortium"
        clause = _CLAUSE_END.search(text, match.end(), end)
        chain = _organisation_chain(text, match.end(), clause.start() if clause else end)
        if chain:
            iris = declare_institution_chain(context, [n for n, _ in chain], context.evidence_at(match.start()))
            role_institutions.append((iris[0], match.start(), chain[0][0]))
            primary = primary or iris[0]
    person = people.person(name, name_evidence, institution=primary)
    for iri, at in affiliations:
        people.affiliate(person, iri, context.evidence_at(at))
    for iri, at, _ in role_institutions:
        people.affiliate(person, iri, context.evidence_at(at))
    for role in roles:
        context.emitter.emit(person, HK.role, role.text, context.evidence_at(role.start))
    return person


def _chains(text: str, start: int, end: int) -> list[list[tuple[str, int]]]:
    """Institution names in a span grouped into comma-joined affiliations."""
    chains: list[list[tuple[str, int]]] = []
    for name, at in institution_names(text, start, end):
        if chains:
            previous, previous_at = chains[-1][-1]
            if text[previous_at + len(previous):at].strip() == ",":
                chains[-1].append((name, at))
                continue
        chains.append([(name, at)])
    return chains


def _split_subunit_tails(parts: list[str]) -> list[str]:
    """ "Scientific Committee of the National Marrow Program" → the committee, then the programme it belongs to."""
    out = []
    for part in parts:
        match = re.match(r"^(.+?)\s+of\s+(?:the\s+)?(.+)$", part)
        if match and is_subunit(part) and any(w.lower() in HEAD_NOUNS for w in match.group(2).split()):
            out.extend([match.group(1), match.group(2)])
        else:
            out.append(part)
    return out


def _home_of(parts: list[str], iris: list[URIRef]) -> URIRef | None:
    """The first organisation of an affiliation chain that is not a sub-unit (the hospital, not its department)."""
    return next((iri for part, iri in zip(parts, iris) if not is_subunit(part)), iris[-1] if iris else None)


def _is_committee(name: str) -> bool:
    return bool(re.search(r"\b(?:Committee|Subcommittee|Group|Council|Board|Branch)\b", name))


def _declare_under(context: DocumentContext, name: str, parent: URIRef, evidence) -> URIRef:
    iri = subunit_iri(parent, identity_name(name))
    context.emitter.entity(iri, HK.Institution, name, evidence)
    context.emitter.emit(iri, HK.partOf, parent, evidence)
    return iri
