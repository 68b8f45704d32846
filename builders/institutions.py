"""Institutions: hospitals, universities, institutes, national centres, societies, committees and companies.

An institution is recognised by its head noun ("Hospital", "University", "Society", "Therapeutics"…) inside a run of
capitalised words, never by a list of known names, so unseen institutions are found the same way as seen ones.
An affiliation line is read most specific first ("Department of Hematology, X Hospital, Y University, Beijing
100020, China"): each part is `partOf` the next, and places are dropped.

One node per institution across documents: the IRI comes from the normalised full name. A department, committee
or other sub-unit with a generic name ("Department of Hematology") is scoped to its parent's IRI, so two
hospitals' haematology departments stay two nodes, and keeps its own name as label.
"""

from __future__ import annotations

import re

from rdflib import URIRef

from hemakg.ontology import HK

from .context import DocumentContext
from .iri import institution_iri, subunit_iri
from .people import DEGREES
from .records import Evidence

__all__ = [
    "HEAD_NOUNS",
    "institution_chain",
    "split_affiliation",
    "institution_names",
    "is_subunit",
    "declare_institution",
    "find_institutions",
    "institution_after",
    "declare_institution_chain",
    "identity_name",
]

# Words that end (or open, before "of"/"for") the name of an organisation.
HEAD_NOUNS = frozenset(
    "hospital hospitals university universitat université universidad universita college academy institute institut "
    "instituto center centre centres centers clinic clinics society association associations committee subcommittee "
    "alliance foundation program programme consortium party federation council board school department division "
    "section unit "
    "laboratory laboratories lab ward group network organization organisation agency administration ministry bureau "
    "commission authority trust infirmary sanatorium service services corporation corp inc inc. ltd ltd. llc gmbh "
    "plc co. company therapeutics pharmaceuticals pharmaceutical pharma biotherapeutics biosciences bioscience "
    "biotech biopharma biopharmaceutical "
    # the same heads in the languages European affiliations keep ("Ospedale San Raffaele", "Universitätsklinikum Ulm")
    "ospedale hôpital hopital hospitalier hospitalario istituto institutet instituut università universität "
    "universiteit universitet universitätsklinikum universitatsklinikum klinikum universitätsmedizin policlinico "
    "klinik servicio dipartimento departamento département abteilung unità unidad centro centrum zentrum fondazione "
    "fundación sjukhus".split()
)
# Sub-units whose names are generic: their IRI is scoped to the parent organisation.
SUBUNIT_OPENERS = frozenset("department division section unit ward laboratory lab program programme servicio service "
                            "klinik abteilung dipartimento departamento département unità unidad".split())
SUBUNIT_HEADS = frozenset(
    "department division section unit ward laboratory lab committee subcommittee group party council board branch "
    "program "
    "programme".split()
)
SCHOOL_HEADS = frozenset("university universitat université universidad universita college academy".split())
# Titles that end an organisation's name in flattened text ("… Medical Institutions Chair, Hematology Committee").
ROLE_WORDS = frozenset(
    "president director chair chairman chairwoman chairperson member members head editor editor-in-chief professor "
    "physician fellow secretary secretary-general dean leader investigator officer consultant founder advisor "
    "supervisor recipient vice-president vice-chair".split()
)
# A unit in lower case between a role and its institution: "(director of) the platelet disorders program at".
_UNIT_THEN_AT = re.compile(r"(?:the\s+)?(?:[a-z][\w\-]*\s+){1,5}?(?:at|in)\s+(?:the\s+)?")
_ROLE_NOUNS = ("professor|director|chair|head|chief|president|physician|hematologist|haematologist|oncologist|dean|member|"
               "fellow")
ROLE_MODIFIERS = frozenset(
    "standing executive vice deputy associate assistant honorary chief senior founding distinguished".split()
)
# Honours and grants are named like organisations ("Outstanding Scholars Program") but nobody works there.
_HONOURS = re.compile(r"\b(?:Scholars?|Talents?|Awards?|Prizes?|Honou?rs?|Grants?|Plan)\b")
HONORIFIC_WORDS = re.compile(r"^(?:Professor|Prof\.?|Dr\.?|Mr\.?|Ms\.?|Mrs\.?|Academician)$")
_NATIONAL = re.compile(
    r"^(?:National|International|Chinese|China|American|European|Asian|World|Global|Japanese|Korean|British|German|"
    r"French|Italian|Spanish|Canadian|Australian|Indian|Nordic|Pan-|Federal|State)\b"
)
# Capitalised words that open sentences, not names ("Then Acme Therapeutics …").
_STARTERS = frozenset(
    "then at in on from with by as this these those our their his her its and but both also several many most some "
    "all currently recently meanwhile however while when where since after before during across among between "
    "researchers investigators patients teams team".split()
)
_CONNECTORS = frozenset({"of", "for", "and", "&", "the", "de", "di", "du", "der", "für", "on", "in",
                         # "Hospital Universitari del Túria", "Hospital de la Princesa", "Istituto degli Studi"
                         "del", "della", "dei", "degli", "des", "la", "da", "do", "dos", "das"})
_WORD = re.compile(r"[A-ZÀ-ÖØ-Þ0-9][\w'’.\-]*(?:\s*\([A-Z][A-Za-z0-9&\- ]{1,15}\))?|&|[dl]['’][A-ZÀ-ÖØ-Þ][\w'’.\-]*|"
                   r"[a-zé]{1,3}\b|\b[a-z]+\b")
_ACRONYM = re.compile(r"\s*\(([A-Z][A-Za-z0-9&\- ]{1,15})\)\s*")
_MARKUP = re.compile(r"<sup>.*?</sup>|<[^>]+>|[*_`#\\]|^\s*[\d,\s]+(?=[A-Z])")
_AFFILIATION_LEAD = re.compile(
    rf"\s*(?:,\s*{DEGREES})*\s*(?:,?\s*(?:from|of|at|with)\s+|\(\s*|,\s*(?:an?\s+|the\s+)?"
    # ", a haematologist at X", ", Associate Professor of Haematology at X"
    rf"(?:[A-Za-z][\w\-]*\s+){{0,5}}?(?i:{_ROLE_NOUNS})\s+"
    rf"(?:of\s+(?:the\s+)?(?:[A-Z][\w\-]*\s+){{1,3}}(?:at|in)\s+|(?:[a-z][\w\-]*\s+){{0,4}}?(?:of|at|in)\s+)?"
    # "…, who leads the lymphoid service at X", "…, who works at X"
    rf"|,?\s*who\s+(?:leads|heads|directs|runs|chairs|works)\s+(?:(?:the|a|an)\s+)?(?:[a-z][\w\-]*\s+){{0,5}}?(?:at|in)\s+"
    # "… is Director of the Cellular Therapy Program at X", "… is Associate Professor of Medicine at X"
    rf"|,?\s+(?:is|was|serves\s+as)\s+(?:an?\s+|the\s+)?(?:[A-Za-z][\w\-]*\s+){{0,3}}?(?i:{_ROLE_NOUNS})\s+"
    rf"(?:(?:[A-Za-z][\w\-]*\s+){{0,3}}(?:of|at|in)\s+)?)(?:the\s+)?"
)
_UNIT_AT = re.compile(r"\s+(?:at|of)\s+(?:the\s+)?")
_CHAIN_GAP = re.compile(r"^[\s,]*(?:(?:at|of|in)\s+)?(?:the\s+)?$")
_POSTCODE = re.compile(r"\b\d{4,6}\b|\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b|\b[A-Z]{2} \d{5}\b")


def _strip_markup(text: str) -> str:
    return " ".join(_MARKUP.sub("", text).replace("\u00a0", " ").split())


def _words(name: str) -> list[str]:
    return re.findall(r"[A-Za-zÀ-ÿ][\w'’.\-]*", name)


def _has_head(name: str) -> bool:
    return any(w.lower().rstrip(",") in HEAD_NOUNS for w in _words(name))


def is_subunit(name: str) -> bool:
    """Whether a name is generic to a sub-unit ("Department of Hematology", "Hematology Committee").

    Examples
    --------
    >>> is_subunit("Department of Hematology")
    True
    >>> is_subunit("National Clinical Research Center for Hematologic Diseases")
    False
    >>> is_subunit("Ruijin Hospital")
    False
    """
    words = [w.lower() for w in _words(name)]
    if not words:
        return False
    if words[0] in SUBUNIT_OPENERS:
        return True
    if _NATIONAL.match(name):
        return False
    cut = next((i for i, w in enumerate(words) if w in ("of", "on", "for")), len(words))
    main = words[:cut]
    return bool(main) and (main[-1] in SUBUNIT_HEADS or " ".join(main[-2:]) == "working group")


def split_affiliation(text: str) -> list[str]:
    """The organisations of an affiliation line, most specific first; cities, postcodes and countries dropped.

    Examples
    --------
    >>> split_affiliation("<sup>2</sup>Department of Hematology, Xinhe Hospital, "
    ...                   "Donghai Medical University, Qingdao 266000, China")
    ['Department of Hematology', 'Xinhe Hospital', 'Donghai Medical University']
    >>> split_affiliation("Shanghai Institute of Hematology, Ruijin Hospital, Shanghai, China")
    ['Shanghai Institute of Hematology', 'Ruijin Hospital']
    """
    parts = []
    for raw in re.split(r"[,;]", _strip_markup(text)):
        part = raw.strip(" .")
        if not part or not _has_head(part):
            continue
        part = _POSTCODE.sub("", part).strip(" .")
        parts.append(part)
    return parts


def _segments(text: str, start: int, end: int):
    """Runs of capitalised words (with "of", "and", "&"… between them) in ``text[start:end]``, as spans."""
    run_start = run_end = None
    pending: int | None = None  # end of the last capitalised word, while connectors follow
    for match in _WORD.finditer(text, start, end):
        word = match.group(0)
        lower = word.lower()
        gap = text[(run_end if run_end is not None else match.start()):match.start()]
        if run_end is not None and (gap.strip() or "\n" in gap):
            yield run_start, pending
            run_start = run_end = pending = None
        elided = len(word) > 2 and word[0] in "dl" and word[1] in "'’" and word[2].isupper()  # "d'Hématologie"
        if word[0].isupper() or elided or word[0].isdigit() and run_start is not None:
            nxt = text[match.end():match.end() + 2]
            if word.endswith("ed") and nxt[:1] == " " and nxt[1:2].islower():
                if run_start is not None:  # "… Institute of Hematology Graduated from …": a verb ends the run
                    yield run_start, pending
                run_start = run_end = pending = None
                continue
            if run_start is None:
                run_start = match.start()
            run_end = pending = match.end()
            if word.endswith(".") and len(word) > 3 and word.lower() not in HEAD_NOUNS:  # a sentence ends here
                yield run_start, pending
                run_start = run_end = pending = None
        elif run_start is not None and lower in _CONNECTORS:
            run_end = match.end()
        else:
            if run_start is not None:
                yield run_start, pending
            run_start = run_end = pending = None
    if run_start is not None:
        yield run_start, pending


def institution_names(text: str, start: int = 0, end: int | None = None) -> list[tuple[str, int]]:
    """Institution names in running text with their offsets, found by head nouns.

    A run of capitalised words is cut into organisations: the organisation begins at the first capitalised stretch
    that holds a head noun (dropping "Annual Meeting of the" before "European Hematology Association"), and a new one
    begins after a head noun that is followed by another capitalised name ("Ruijin Hospital Shanghai Institute of
    Hematology").

    Examples
    --------
    >>> institution_names("Dr. Chen of Ruijin Hospital spoke at the Annual Meeting of the "
    ...                   "European Hematology Association (EHA).")
    [('Ruijin Hospital', 12), ('European Hematology Association (EHA)', 63)]
    >>> [n for n, _ in institution_names("trained at the University of Nebraska Medical Center, USA")]
    ['University of Nebraska Medical Center']
    """
    end = len(text) if end is None else end
    found = []
    for run_start, run_end in _segments(text, start, end):
        found.extend(_names_in_run(text, run_start, run_end))
    return found


def _pieces(tokens: list[tuple[str, int, int]]) -> list[list[tuple[str, int, int]]]:
    """Cut a run's tokens where one organisation ends and the next begins."""
    pieces: list[list[tuple[str, int, int]]] = [[]]
    i = 0
    while i < len(tokens):
        word = tokens[i][0]
        if i == 0 or not pieces[-1]:
            if HONORIFIC_WORDS.match(word):  # "Professor Sun Xiaoyan Xinhe Hospital": skip the person
                i += 3 if i + 3 < len(tokens) and not re.match(r"^[A-Z]\.?$", tokens[i + 2][0]) else 4
                continue
        if _bare(word) in ROLE_WORDS:
            while pieces[-1] and _bare(pieces[-1][-1][0]) in ROLE_MODIFIERS:
                pieces[-1].pop()
            pieces.append([])
            i += 1
            continue
        if word == "and" and pieces[-1] and _bare(pieces[-1][-1][0]) in HEAD_NOUNS and any(
            _bare(t[0]) in HEAD_NOUNS for t in tokens[i + 1:]
        ):  # "X Hospital and the Y University": two organisations
            pieces.append([])
            i += 1
            continue
        pieces[-1].append(tokens[i])
        if _bare(word) in HEAD_NOUNS and i + 1 < len(tokens):
            following = tokens[i + 1][0]
            starts_name = following.lower() not in _CONNECTORS and not following.startswith("(")
            if starts_name and _bare(following) not in HEAD_NOUNS:
                stretch = []
                for token in tokens[i + 1:]:
                    if token[0].lower() in _CONNECTORS or _bare(token[0]) in ROLE_WORDS:
                        break
                    stretch.append(_bare(token[0]))
                school = _bare(word) in SCHOOL_HEADS and any(w in HEAD_NOUNS for w in stretch)
                school = school or stretch[:1] == ["nhs"]  # "Northfield Hospitals NHS Foundation Trust": one body
                # "Hospital Universitario Sierra Alta", "Institut Curie": the head comes first and the name follows
                before = [t[0].lower() for t in pieces[-1][:-1]]
                opened = max((k + 1 for k, w in enumerate(before) if w in ("of", "at", "from", "in", "by")), default=0)
                head_first = all(w in _CONNECTORS for w in before[opened:])  # "X of the Istituto Y"
                if not school and not head_first:
                    pieces.append([])
        i += 1
    return [p for p in pieces if p]


def _name_of_piece(text: str, tokens: list[tuple[str, int, int]]) -> tuple[str, int] | None:
    heads = [k for k, t in enumerate(tokens) if _bare(t[0]) in HEAD_NOUNS]
    if not heads:
        return None
    first = heads[0]
    begin = 0
    for k in range(first):  # "Annual Meeting of the American Society of Hematology": open after the last "of"
        if tokens[k][0].lower() in ("of", "at", "in", "on", "from", "by"):
            begin = k + 1
    while begin < first and (tokens[begin][0].lower() in _CONNECTORS or tokens[begin][0].lower() in _STARTERS):
        begin += 1
    stop = len(tokens) - 1
    last_head = heads[-1]
    located = next((k for k in range(last_head + 1, len(tokens)) if tokens[k][0] == "in"), None)
    if located is not None:  # "Calderwood Cancer Center in Baltimore": the city is not part of the name
        stop = located - 1
    while stop > first and (tokens[stop][0].lower() in _CONNECTORS or _bare(tokens[stop][0]) in ROLE_MODIFIERS):
        stop -= 1
    if begin == stop and _bare(tokens[begin][0]) in HEAD_NOUNS:
        return None  # a head noun alone ("Committee", "Inc.") names nothing
    name = text[tokens[begin][1]:tokens[stop][2]]
    if name.endswith(".") and name.rsplit(" ", 1)[-1].lower() not in HEAD_NOUNS:
        name = name[:-1]  # the sentence's period, not an abbreviation's
    return name, tokens[begin][1]


def _names_in_run(text: str, run_start: int, run_end: int) -> list[tuple[str, int]]:
    tokens = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text, run_start, run_end)]
    names = []
    for piece in _pieces(tokens):
        named = _name_of_piece(text, piece)
        if named and not _HONOURS.search(named[0]):
            names.append(named)
    return names


def _bare(word: str) -> str:
    """A word as the head-noun tables spell it: no acronym, no trailing comma, no sentence-final period."""
    bare = _ACRONYM.sub("", word).lower().rstrip(",")
    return bare if bare in HEAD_NOUNS else bare.rstrip(".")


def _name_and_acronym(name: str) -> tuple[str, str | None]:
    match = _ACRONYM.search(name)
    if not match:
        return name.strip(), None
    return _ACRONYM.sub(" ", name).strip(), match.group(1)


def identity_name(name: str) -> str:
    """The form of a name that identifies the institution: "&" read as "and", British spellings as American, no
    leading "The", so one institution written two ways is one node.

    Examples
    --------
    >>> identity_name("The Institute of Hematology & Blood Diseases Centre")
    'Institute of Hematology and Blood Diseases Center'
    """
    name = re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE)
    name = re.sub(r"\s*&\s*", " and ", name)
    name = re.sub(r"\bCentre(s?)\b", r"Center\1", name)
    name = re.sub(r"\bProgramme\b", "Program", name)
    name = re.sub(r"\bHaematolog", "Hematolog", name)
    return " ".join(name.split())


def declare_institution(context: DocumentContext, parts: list[str], evidence: Evidence) -> URIRef:
    """Emit each part as `hk:Institution`, each `hk:partOf` the next; return the most specific.

    Raises
    ------
    ValueError
        When ``parts`` is empty.
    """
    return declare_institution_chain(context, parts, evidence)[0]


def declare_institution_chain(context: DocumentContext, parts: list[str], evidence: Evidence) -> list[URIRef]:
    """Like `declare_institution`, but return every part's IRI, in the order of ``parts``."""
    if not parts:
        raise ValueError(f"{context.document.source}: an institution needs a name")
    iris: list[URIRef] = [None] * len(parts)  # type: ignore[list-item]
    # parents first, so a sub-unit's IRI can be scoped to its parent
    for index in range(len(parts) - 1, -1, -1):
        name, acronym = _name_and_acronym(parts[index])
        parent = iris[index + 1] if index + 1 < len(parts) else None
        key = identity_name(name)
        iri = subunit_iri(parent, key) if parent is not None and is_subunit(name) else institution_iri(key)
        context.emitter.entity(iri, HK.Institution, name, evidence, alt_labels=(acronym,) if acronym else ())
        if parent is not None:
            context.emitter.emit(iri, HK.partOf, parent, evidence)
        iris[index] = iri
    return iris


def find_institutions(context: DocumentContext, start: int, end: int) -> list[tuple[URIRef, int]]:
    """Declare the institutions named in ``text[start:end]``; returns ``(iri, offset)`` pairs in text order.

    Two names separated only by a comma ("X Hospital, Y University"), or a unit and the organisation it is "at"
    ("the Cell Therapy Program at Y Institute"), are read as one affiliation, the first `partOf` the second.
    """
    text = context.document.text
    names = institution_names(text, start, end)
    found: list[tuple[URIRef, int]] = []
    i = 0
    while i < len(names):
        chain = [names[i]]
        while i + 1 < len(names):
            prev_name, prev_at = chain[-1]
            gap = text[prev_at + len(prev_name):names[i + 1][1]]
            # "X Hospital, Y University"; "the Cell Therapy Program at Y Institute": a unit at its organisation
            if gap.strip() != "," and not (is_subunit(prev_name) and _UNIT_AT.fullmatch(gap)):
                break
            chain.append(names[i + 1])
            i += 1
        evidence = context.evidence_at(chain[0][1])
        iri = declare_institution(context, [n for n, _ in chain], evidence)
        found.append((iri, chain[0][1]))
        i += 1
    return found


def institution_after(context: DocumentContext, offset: int, end: int, evidence: Evidence) -> URIRef | None:
    """The institution written right after a name ("…, MD, from X Hospital, Y University"), declared; else None.

    Only names that follow at once count ("of X Hospital", not "of the results at X Hospital").
    """
    text = context.document.text
    lead = _AFFILIATION_LEAD.match(text, offset, end)
    if not lead:
        return None
    starts = [lead.end()]
    if unit := _UNIT_THEN_AT.match(text, lead.end(), end):  # "director of the myeloma programme at X"
        starts.append(unit.end())
    for start in starts:
        if chain := institution_chain(text, start, end):
            return declare_institution(context, chain, evidence)
    return None


def institution_chain(text: str, start: int, end: int, gap: re.Pattern = _CHAIN_GAP) -> list[str]:
    """The institution names that follow one another from ``start``, each separated from the one before (and the
    first from ``start``) by a ``gap``: "Myeloma Unit, X Hospital, Y University" is one affiliation, a unit first.

    Examples
    --------
    >>> institution_chain("of the Myeloma Unit, Oak Hospital, met", 0, 38)
    ['Myeloma Unit', 'Oak Hospital']
    """
    chain: list[str] = []
    cursor = start
    for name, name_at in institution_names(text, start, end):
        if not gap.match(text[cursor:name_at]):
            break
        chain.append(name)
        cursor = name_at + len(name)
    return chain
